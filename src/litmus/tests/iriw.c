/* iriw.c: independent reads of independent writes. Two writers store x
 * and y; two readers load both, in opposite orders. r0 = 1, r1 = 0, r2 =
 * 1, r3 = 0 means the readers saw the two writes in opposite orders: no
 * single order of the stores that both agree on. */
#include "racedemo/litmus.h"
#include "orders.h"

/* Threads 0 and 1 store x and y. Thread 2 loads x then y, thread 3 y
 * then x. STORE and LOAD are --order's (orders.h): acquire loads are
 * ordered, but C11 still lets the readers disagree on the order of two
 * release stores (it is not multi-copy atomic); only seq_cst gives one
 * order. FENCE, --fence's full fence, goes between each reader's two
 * loads (a writer has one access, so nothing to separate). */
#define iriw_BODY(STORE, LOAD, FENCE)                                                              \
    do {                                                                                           \
        if (t < 2) {                                                                               \
            atomic_int *mine = a->loc[t];                                                          \
            for (size_t i = from; i < to; i++)                                                     \
                atomic_store_explicit(&mine[LITMUS_STRIDE * i], 1,                                 \
                                      STORE); /* x = 1 (thread 1: y = 1) */                        \
            break;                                                                                 \
        }                                                                                          \
        atomic_int *first = a->loc[t - 2], *second = a->loc[3 - t];                                \
        size_t reader = t - 2; /* r0, r1 for thread 2; r2, r3 for 3 */                             \
        unsigned char *ra = a->reg[2 * reader], *rb = a->reg[2 * reader + 1];                      \
        for (size_t i = from; i < to; i++) {                                                       \
            ra[i] = (unsigned char)atomic_load_explicit(&first[LITMUS_STRIDE * i],                 \
                                                        LOAD); /* r0 = x (r2 = y) */               \
            FENCE;                                                                                 \
            rb[i] = (unsigned char)atomic_load_explicit(&second[LITMUS_STRIDE * i],                \
                                                        LOAD); /* r1 = y (r3 = x) */               \
        }                                                                                          \
    } while (0)

LITMUS_VARIANTS(iriw)

/* Which models allow r0 = 1, r1 = 0, r2 = 1, r3 = 0 (bits 0b0101).
 * Sources as in sb.c: x86-TSO (Owens, Sarkar, Sewell 2009; CACM 2010:
 * IRIW forbidden, every store reaches memory in one order and loads are
 * not reordered); ARMv8 (Pulte et al. POPL 2018: ARMv8 is
 * (other-)multicopy-atomic, so IRIW is forbidden once each reader's
 * loads are ordered, by LDAR or DMB, and allowed for plain LDR/LDR,
 * which may be reordered); C11 (Batty et al. POPL 2011: IRIW is allowed
 * with release/acquire, and with relaxed stores and seq_cst fences only
 * between the loads, since C11 7.17.4's fence rules order a load after a
 * fence only against a store that is seq_cst or before a fence; it is
 * forbidden when every access is seq_cst. RC11, Lahav et al. PLDI 2017,
 * and C++20 strengthened the fences to forbid it there too). */
const struct litmus_test litmus_iriw = {
    .name = "iriw",
    .title = "independent reads of independent writes",
    .summary = "x = 1 || y = 1 || r0 = x; r1 = y || r2 = y; r3 = x: do readers agree?",
    .about = "Two threads write x and y; two others read both, in opposite orders. If\n"
             "r0 = 1, r1 = 0, r2 = 1, r3 = 0, one reader saw x written first and the\n"
             "other saw y first: the stores reached them in different orders. x86-TSO and\n"
             "ARMv8 are multicopy-atomic (a store reaches every other core at once), so\n"
             "with ordered loads this cannot happen; arm64's plain loads may be\n"
             "reordered, so it can. C11 allows it even with acquire loads, and with\n"
             "fences between relaxed loads; only seq_cst accesses forbid it. It needs 4\n"
             "threads: on fewer CPUs they share them and seldom overlap.\n",
    .threads = 4,
    .nregs = 4,
    .code = {"x = 1", "y = 1", "r0 = x; r1 = y", "r2 = y; r3 = x"},
    .program = {{{.loc = 0}},
                {{.loc = 1}},
                {{.load = true, .loc = 0, .reg = 0}, {.load = true, .loc = 1, .reg = 1}},
                {{.load = true, .loc = 1, .reg = 2}, {.load = true, .loc = 0, .reg = 3}}},
    .steps = {1, 1, 2, 2},
    .fence = "a seq_cst fence between each reader's two loads",
    .relaxed_outcome = 0x5, /* r0 = 1, r1 = 0, r2 = 1, r3 = 0 */
    /* Running the four threads one after another, in each of the 24
     * orders, gives every outcome but two: each reader reading one
     * location before its store and the other after, so that both
     * readers' loads straddle the stores: r0=0 r1=1 r2=0 r3=1 (the
     * stores' one order, between both readers' loads) and r0=1 r1=0 r2=1
     * r3=0 (the readers disagree). */
    .in_step = 1u << 0x5 | 1u << 0xa,
    .seen_because = {[LITMUS_ARM64] = "a reader's plain loads were reordered"},
    .rows =
        {
            [LITMUS_RELAXED] =
                {
                    /* x86: one store order, loads in order. arm64: LDR/LDR may
                     * be reordered. C11 relaxed: allowed. */
                    {{false, false, true, true},
                     "x86-TSO has one order of stores and keeps loads in order; arm64 may "
                     "reorder two plain loads, and C11 relaxed allows it"},
                    /* The fence orders the loads on hardware; C11's fence rules
                     * need the stores seq_cst or fenced too. */
                    {{false, false, false, true},
                     "the fences order each reader's loads, and x86 and ARMv8 are "
                     "multicopy-atomic; C11's fences need the stores fenced or seq_cst too"},
                },
            [LITMUS_RELEASE_ACQUIRE] =
                {
                    /* LDAR/LDAR ordered, ARMv8 multicopy-atomic. C11: acquire
                     * loads do not give one order of independent stores. */
                    {{false, false, false, true},
                     "acquire loads are in order and x86 and ARMv8 are multicopy-atomic; C11 "
                     "gives no single order of two release stores"},
                    {{false, false, false, true},
                     "the loads are ordered on x86 and arm64; C11's fences need the stores "
                     "fenced or seq_cst too"},
                },
            [LITMUS_SEQ_CST] =
                {
                    {{false, false, false, false},
                     "seq_cst accesses have one total order, which both readers see"},
                    {{false, false, false, false},
                     "seq_cst accesses and the fences: one total order"},
                },
        },
    .run = LITMUS_RUN_TABLE(iriw),
};
