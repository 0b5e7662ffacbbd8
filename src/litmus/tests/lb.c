/* lb.c: load buffering. Each thread loads one location, then stores 1
 * to the other. r0 = r1 = 1 would need each load to read a store that
 * comes after the other thread's load: a load that waits while the store
 * after it goes ahead. */
#include "racedemo/litmus.h"
#include "orders.h"

/* Thread t loads the location the other thread stores, then stores its
 * own. LOAD and STORE are --order's (orders.h): an acquire load is
 * ordered before everything after it, so release-acquire already forbids
 * the outcome; relaxed orders nothing between the two locations. FENCE,
 * --fence's full fence, goes between the load and the store. The stored
 * value is a constant, so the store does not depend on the load. */
#define lb_BODY(STORE, LOAD, FENCE)                                                                \
    do {                                                                                           \
        atomic_int *theirs = a->loc[t], *mine = a->loc[1 - t];                                     \
        unsigned char *r = a->reg[t];                                                              \
        for (size_t i = from; i < to; i++) {                                                       \
            r[i] = (unsigned char)atomic_load_explicit(&theirs[LITMUS_STRIDE * i],                 \
                                                       LOAD); /* r0 = x (r1 = y) */                \
            FENCE;                                                                                 \
            atomic_store_explicit(&mine[LITMUS_STRIDE * i], 1,                                     \
                                  STORE); /* y = 1 (thread 1: x = 1) */                            \
        }                                                                                          \
    } while (0)

LITMUS_VARIANTS(lb)

/* Which models allow r0 = r1 = 1 (bits 0b11). Sources as in sb.c:
 * x86-TSO (Owens, Sarkar, Sewell 2009; CACM 2010: LB forbidden, a load
 * is never reordered with a later store); ARMv8 (Pulte et al. POPL 2018:
 * LB allowed for LDR then an independent STR, forbidden with LDAR, STLR
 * after the load, or DMB between); C11 (Batty et al. POPL 2011: relaxed
 * LB is allowed; an acquire load that reads a release store synchronizes
 * with it, and then the other load happens before the store it would
 * have to read, which 5.1.2.4's coherence rules forbid; 7.17.4: fences
 * synchronize the same way). */
const struct litmus_test litmus_lb = {
    .name = "lb",
    .title = "load buffering",
    .summary = "r0 = x; y = 1  ||  r1 = y; x = 1: can each load see the other's later store?",
    .about = "Each thread reads one location and then writes 1 to the other. Both reading\n"
             "1 needs each load to see a store that the other thread makes after its own\n"
             "load. x86-TSO never reorders a load with a later store, so it cannot happen\n"
             "there. C11 relaxed allows it, and so does the ARMv8 architecture for a plain\n"
             "load followed by an independent store, although arm64 machines rarely show\n"
             "it. An acquire load (--order release-acquire) or --fence (between each\n"
             "thread's load and store) forbids it.\n",
    .threads = 2,
    .nregs = 2,
    .code = {"r0 = x; y = 1", "r1 = y; x = 1"},
    .program = {{{.load = true, .loc = 0, .reg = 0}, {.loc = 1}},
                {{.load = true, .loc = 1, .reg = 1}, {.loc = 0}}},
    .steps = {2, 2},
    .fence = "a seq_cst fence between each thread's load and its store",
    .relaxed_outcome = 0x3, /* r0 = 1, r1 = 1 */
    /* Thread 0 wholly first gives r0=0 r1=1, thread 1 first r0=1 r1=0;
     * both loads before both stores (r0=0 r1=0), or both after the
     * other's store (r0=1 r1=1), need the instances to overlap. */
    .in_step = 1u << 0x0 | 1u << 0x3,
    .seen_because = {[LITMUS_ARM64] = "a load waited while the independent store after it went "
                                      "ahead (ARMv8 allows it for plain loads and stores)"},
    .rows =
        {
            [LITMUS_RELAXED] =
                {
                    /* x86: loads are not reordered with later stores. arm64:
                     * LDR then independent STR may be. C11 relaxed: allowed. */
                    {{false, false, true, true},
                     "x86-TSO never lets a store pass an earlier load; ARMv8 allows it for a "
                     "plain load and an independent store, and C11 relaxed allows it"},
                    {{false, false, false, false},
                     "the fence keeps each store until the load before it is done (C11: the "
                     "fences synchronize)"},
                },
            [LITMUS_RELEASE_ACQUIRE] =
                {
                    /* LDAR orders what follows; C11: synchronizes-with, then
                     * the other load happens before the store it read. */
                    {{false, false, false, false},
                     "an acquire load comes before everything after it (arm64 LDAR); in C11 "
                     "the load that read a release store synchronized with it"},
                    {{false, false, false, false}, "acquire loads and the fence both order it"},
                },
            [LITMUS_SEQ_CST] =
                {
                    {{false, false, false, false}, "seq_cst accesses have one total order"},
                    {{false, false, false, false},
                     "seq_cst accesses and the fence: one total order"},
                },
        },
    .run = LITMUS_RUN_TABLE(lb),
};
