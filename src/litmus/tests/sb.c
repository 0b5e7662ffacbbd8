/* sb.c: store buffering, the heart of Dekker's and Peterson's locks.
 * Thread 0 stores x and loads y, thread 1 stores y and loads x; under
 * sequential consistency one of the stores comes first, so one thread at
 * least sees the other's 1. r0 = r1 = 0 is the outcome a store buffer
 * makes: each store waits in its core's buffer while the load after it
 * reads the old value from memory. */
#include "racedemo/litmus.h"
#include "orders.h"

/* Thread t stores 1 to its own location and then loads the other's, in
 * every instance. STORE and LOAD are the orders --order names (orders.h):
 * relaxed lets the load pass the store; release-acquire orders a store
 * before a later load on arm64 (STLR then LDAR) but neither on x86 nor in
 * C11; seq_cst orders them everywhere. FENCE is --fence's full fence,
 * between the store and the load: it is what keeps the store from
 * waiting while the load goes ahead. */
#define sb_BODY(STORE, LOAD, FENCE)                                                                \
    do {                                                                                           \
        atomic_int *mine = a->loc[t], *other = a->loc[1 - t];                                      \
        unsigned char *r = a->reg[t];                                                              \
        for (size_t i = from; i < to; i++) {                                                       \
            atomic_store_explicit(&mine[LITMUS_STRIDE * i], 1,                                     \
                                  STORE); /* x = 1 (thread 1: y = 1) */                            \
            FENCE;                                                                                 \
            r[i] = (unsigned char)atomic_load_explicit(&other[LITMUS_STRIDE * i],                  \
                                                       LOAD); /* r0 = y (r1 = x) */                \
        }                                                                                          \
    } while (0)

LITMUS_VARIANTS(sb)

/* Which models allow r0 = r1 = 0 (bits 0b00), per order and fence.
 * Sources: x86-TSO: Owens, Sarkar, Sewell, "A better x86 memory model:
 * x86-TSO", TPHOLs 2009, and Sewell et al., "x86-TSO", CACM 53(7), 2010
 * (sb is their test SB, allowed: the store buffer); ARMv8: Pulte, Flur,
 * Deacon, French, Sarkar, Sewell, "Simplifying ARM concurrency", POPL
 * 2018 (SB allowed for plain STR/LDR; STLR then LDAR is ordered: the
 * "release-acquire" ordering of the ARMv8 model; DMB orders all); C11:
 * Batty, Owens, Sarkar, Sewell, Weber, "Mathematizing C++ concurrency",
 * POPL 2011, and C11 7.17.3 (seq_cst: one total order S) and 7.17.4
 * (fences). The hardware columns are for the instructions gcc and clang
 * emit: x86 every load MOV, a relaxed or release store MOV, a seq_cst
 * store XCHG (or MOV; MFENCE), the seq_cst fence MFENCE; arm64 (ARMv8.0)
 * relaxed LDR/STR, acquire and seq_cst loads LDAR, release and seq_cst
 * stores STLR, the seq_cst fence DMB ISH. (A compiler targeting ARMv8.3's
 * RCpc extension may emit LDAPR for an acquire load, which a preceding
 * STLR does not order: the release-acquire row's arm64 cell is for the
 * base ARMv8.0 mapping that gcc and clang use by default.) */
const struct litmus_test litmus_sb = {
    .name = "sb",
    .title = "store buffering",
    .summary = "x = 1; r0 = y  ||  y = 1; r1 = x: can both loads miss both stores?",
    .about = "Each thread raises its own flag, then reads the other's: the first half of\n"
             "Dekker's and Peterson's locks. Under sequential consistency one store comes\n"
             "first, so at least one thread reads a 1. On x86 and arm64 a store waits in\n"
             "its core's store buffer while the load after it goes to memory, so both\n"
             "loads can read 0: both threads would believe the other is not trying, and\n"
             "both would enter. This is why peterson-relaxed loses updates (racedemo\n"
             "explain peterson-relaxed) and why peterson needs its seq_cst fence.\n",
    .threads = 2,
    .nregs = 2,
    .code = {"x = 1; r0 = y", "y = 1; r1 = x"},
    .program = {{{.loc = 0}, {.load = true, .loc = 1, .reg = 0}},
                {{.loc = 1}, {.load = true, .loc = 0, .reg = 1}}},
    .steps = {2, 2},
    .fence = "a seq_cst fence between each thread's store and its load",
    .lesson = "peterson-relaxed loses updates for this reason, and the seq_cst fence of "
              "peterson is what stops it: racedemo explain peterson-relaxed; step by step: "
              "racedemo explore counter --sync peterson-relaxed --model tso",
    .relaxed_outcome = 0x0, /* r0 = 0, r1 = 0 */
    /* Thread 0 wholly first gives r0=0 r1=1, thread 1 first r0=1 r1=0;
     * both loads after both stores (r0=1 r1=1), or before them (r0=0
     * r1=0, the store buffer), need the instances to overlap. */
    .in_step = 1u << 0x0 | 1u << 0x3,
    .seen_because = {[LITMUS_X86] = "stores waited in the store buffer while the loads after "
                                    "them went ahead",
                     [LITMUS_ARM64] = "stores waited in the store buffer while the loads after "
                                      "them went ahead"},
    .rows =
        {
            [LITMUS_RELAXED] =
                {
                    /* MOV/MOV, STR/LDR: the store may wait in the buffer; C11
                     * relaxed orders nothing between different locations. */
                    {{false, true, true, true},
                     "a store may wait in the store buffer while the load after it goes ahead "
                     "(x86, arm64); C11 relaxed orders nothing between two locations"},
                    /* MFENCE, DMB ISH; C11 7.17.4: the later fence in S sees the
                     * store before the earlier one. */
                    {{false, false, false, false},
                     "the fence keeps each load until the store before it is visible (x86: a "
                     "locked instruction or MFENCE; arm64: DMB ISH; C11: seq_cst fences are "
                     "totally ordered)"},
                },
            [LITMUS_RELEASE_ACQUIRE] =
                {
                    /* x86: MOV/MOV as relaxed. arm64: STLR then LDAR is ordered.
                     * C11: release/acquire only orders through a read of the
                     * released value, and neither load reads one. */
                    {{false, true, false, true},
                     "release-acquire does not order a store before a later load: x86 (MOV) "
                     "and C11 allow it; arm64's STLR then LDAR happen to be ordered"},
                    {{false, false, false, false},
                     "the fence keeps each load until the store before it is visible"},
                },
            [LITMUS_SEQ_CST] =
                {
                    /* x86 XCHG drains the buffer; arm64 STLR then LDAR; C11 S. */
                    {{false, false, false, false},
                     "seq_cst accesses have one total order (x86: the store is XCHG, or MOV "
                     "and MFENCE, which drain the store buffer; arm64: STLR then LDAR)"},
                    {{false, false, false, false},
                     "seq_cst accesses and the fence: one total order"},
                },
        },
    .run = LITMUS_RUN_TABLE(sb),
};
