/* mp.c: message passing. Thread 0 writes the data x, then the flag y;
 * thread 1 reads the flag, then the data. r0 = 1, r1 = 0 (the flag seen
 * up, the data still old) is what every lock and queue must rule out:
 * the reader acts on data that has not arrived. */
#include "racedemo/litmus.h"
#include "orders.h"

/* Thread 0 stores the data x, then the flag y; thread 1 loads the flag,
 * then the data. STORE and LOAD are --order's (orders.h): release on the
 * flag's store and acquire on its load is what publishes the data (both
 * stores and both loads take the order, as --order says); relaxed orders
 * neither pair. FENCE, --fence's full fence, goes between the two stores
 * and between the two loads. */
#define mp_BODY(STORE, LOAD, FENCE)                                                                \
    do {                                                                                           \
        atomic_int *x = a->loc[0], *y = a->loc[1];                                                 \
        if (t == 0) {                                                                              \
            for (size_t i = from; i < to; i++) {                                                   \
                atomic_store_explicit(&x[LITMUS_STRIDE * i], 1, STORE); /* x = 1: the data */      \
                FENCE;                                                                             \
                atomic_store_explicit(&y[LITMUS_STRIDE * i], 1, STORE); /* y = 1: the flag */      \
            }                                                                                      \
            break;                                                                                 \
        }                                                                                          \
        unsigned char *r0 = a->reg[0], *r1 = a->reg[1];                                            \
        for (size_t i = from; i < to; i++) {                                                       \
            r0[i] = (unsigned char)atomic_load_explicit(&y[LITMUS_STRIDE * i],                     \
                                                        LOAD); /* r0 = y: the flag */              \
            FENCE;                                                                                 \
            r1[i] = (unsigned char)atomic_load_explicit(&x[LITMUS_STRIDE * i],                     \
                                                        LOAD); /* r1 = x: the data */              \
        }                                                                                          \
    } while (0)

LITMUS_VARIANTS(mp)

/* Which models allow r0 = 1, r1 = 0 (bits 0b01). Sources as in sb.c:
 * x86-TSO (Owens, Sarkar, Sewell 2009; Sewell et al. CACM 2010: MP is
 * forbidden, stores leave the buffer in order and loads are not
 * reordered with loads); ARMv8 (Pulte et al. POPL 2018: MP allowed for
 * STR/STR and LDR/LDR; forbidden once both pairs are ordered: the stores
 * by STLR on the flag or a DMB between them, the loads by LDAR on the
 * flag or a DMB between them);
 * C11 (Batty et al. POPL 2011; C11 5.1.2.4 and 7.17.3: a release store
 * read by an acquire load synchronizes with it; 7.17.4: fence-to-fence
 * synchronization). */
const struct litmus_test litmus_mp = {
    .name = "mp",
    .title = "message passing",
    .summary = "x = 1; y = 1  ||  r0 = y; r1 = x: can the flag arrive before the data?",
    .about = "Thread A writes the data x and then raises the flag y; thread B reads the\n"
             "flag and then the data. Seeing the flag up but the old data (r0 = 1, r1 =\n"
             "0) is what every lock and queue must rule out. x86-TSO never shows it: its\n"
             "stores leave the store buffer in order and its loads are not reordered with\n"
             "each other. C11 relaxed allows it, and arm64 shows it with plain loads and\n"
             "stores. --order release-acquire (the flag's store releases, its load\n"
             "acquires) or --fence (a fence between the two stores and between the two\n"
             "loads) forbids it everywhere: that is how a lock hands over its data.\n",
    .threads = 2,
    .nregs = 2,
    .code = {"x = 1; y = 1", "r0 = y; r1 = x"},
    .program = {{{.loc = 0}, {.loc = 1}},
                {{.load = true, .loc = 1, .reg = 0}, {.load = true, .loc = 0, .reg = 1}}},
    .steps = {2, 2},
    .fence = "a seq_cst fence between thread A's two stores and between thread B's two loads",
    .lesson = "a lock hands its data to the next holder this way: its unlock is a "
              "release store, its lock an acquire load (racedemo litmus mp --order "
              "release-acquire)",
    .relaxed_outcome = 0x1, /* r0 = 1, r1 = 0 */
    /* Thread 0 wholly first gives r0=1 r1=1, thread 1 first r0=0 r1=0;
     * r0=0 r1=1 (the flag read before its store, the data after its
     * store) needs the instances to overlap, and so does r0=1 r1=0. */
    .in_step = 1u << 0x1 | 1u << 0x2,
    .seen_because = {[LITMUS_ARM64] = "the data's store or load was reordered with the flag's "
                                      "(arm64 keeps neither plain stores nor plain loads in "
                                      "order)"},
    .rows =
        {
            [LITMUS_RELAXED] =
                {
                    /* x86: TSO keeps stores in order and loads in order.
                     * arm64: STR/STR and LDR/LDR may be reordered. C11: no
                     * synchronizes-with without release/acquire. */
                    {{false, false, true, true},
                     "x86-TSO keeps stores in order and loads in order; arm64 reorders plain "
                     "stores and plain loads, and C11 relaxed allows it"},
                    /* Full fences order both pairs; C11 7.17.4: the fences
                     * synchronize through the flag. */
                    {{false, false, false, false},
                     "the fences order the two stores and the two loads (x86: a locked "
                     "instruction or MFENCE; arm64: DMB ISH; C11: the writer's fence "
                     "synchronizes with the reader's)"},
                },
            [LITMUS_RELEASE_ACQUIRE] =
                {
                    /* STLR orders the data before the flag, LDAR the flag
                     * before the data; C11: the acquire load that reads 1
                     * synchronizes with the release store. */
                    {{false, false, false, false},
                     "the flag's release store is read by an acquire load: the data written "
                     "before it is visible after it (arm64 STLR, LDAR)"},
                    {{false, false, false, false},
                     "release-acquire and the fences both order the data before the flag"},
                },
            [LITMUS_SEQ_CST] =
                {
                    {{false, false, false, false},
                     "seq_cst accesses have one total order, and release-acquire's too"},
                    {{false, false, false, false},
                     "seq_cst accesses and the fences: one total order"},
                },
        },
    .run = LITMUS_RUN_TABLE(mp),
};
