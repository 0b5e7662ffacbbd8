/* litmus.h: the memory model's classic two-thread tests, run millions of
 * times, with how often each outcome was seen and which memory models
 * allow it. A test is not a workload: its result is a table of outcomes,
 * not an expected and an observed total, so litmus is its own mode
 * (src/litmus/) with its own small registry (src/litmus/tests/list.h, one
 * line a test). What a test is written against: its orders, the models
 * its table has a column for, its threads' arrays, its struct. */
#ifndef RACEDEMO_LITMUS_H
#define RACEDEMO_LITMUS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* How the test's accesses are ordered (--order). */
enum litmus_order {
    LITMUS_RELAXED,         /* every load and store memory_order_relaxed */
    LITMUS_RELEASE_ACQUIRE, /* stores memory_order_release, loads memory_order_acquire */
    LITMUS_SEQ_CST,         /* every load and store memory_order_seq_cst */
    LITMUS_ORDERS,
};

/* The memory models a test's table has a column for. */
enum litmus_model {
    LITMUS_SC,    /* sequential consistency: some interleaving of the steps */
    LITMUS_X86,   /* x86-TSO, for the instructions compilers emit for the orders */
    LITMUS_ARM64, /* ARMv8 (multicopy-atomic), for the instructions emitted */
    LITMUS_C11,   /* the C11 language model for the orders */
    LITMUS_MODELS,
};

enum { LITMUS_MAX_THREADS = 4, LITMUS_MAX_REGS = 4, LITMUS_MAX_LOCS = 2 };

/* Instance i's x and y are side by side, loc[0][LITMUS_STRIDE * i] and
 * loc[1][LITMUS_STRIDE * i] (loc[1] is loc[0] + 1), eight instances to a
 * cache line: the threads then contend for the same lines as they go,
 * which keeps them near each other between two meetings (litmus/run.c)
 * and keeps stores waiting (docs/BENCHMARKS.md, "Litmus tests a second":
 * separate arrays let the threads drift apart). What `racedemo litmus sb`
 * shows with it, measured by bench/litmus_rates.sh -l 1 -r 10 sb (one CPU
 * hog, nothing else running) on the 2-core KVM guest on 2026-12-07:
 * r0 = r1 = 0 in a median 92.2% of tests, at 106 million a second (72
 * million counted over the whole process); with other jobs keeping the
 * load average at 6.6 to 8.5, 23.8 to 27.3% at 3.7 to 7.0 million
 * (docs/BENCHMARKS.md, "Litmus in step"). */
#define LITMUS_STRIDE 2

/* What one thread of a trial walks: instance i is the locations
 * loc[k][LITMUS_STRIDE * i] (x is loc[0], y loc[1]), all 0 at the start,
 * and the registers reg[k][i], each written by the one thread that loads
 * it. */
struct litmus_arrays {
    atomic_int *loc[LITMUS_MAX_LOCS];
    unsigned char *reg[LITMUS_MAX_REGS];
    size_t n; /* instances */
};

/* Thread `t`'s part of instances from to to - 1, in order: one stretch
 * between two of the threads' meetings (litmus/run.c). */
typedef void (*litmus_thread_fn)(const struct litmus_arrays *a, unsigned t, size_t from, size_t to);

/* One row of a test's table: whether each model allows the outcome that
 * sequential consistency forbids, with these orders and this fence, and
 * why, in a sentence (the explain text and the verdict say it). */
struct litmus_row {
    bool allowed[LITMUS_MODELS];
    const char *why;
};

/* One access of a thread's program, for explore's step model (one step
 * each, under sequential consistency): a store of 1 to x or y, or a load
 * of x or y into a register. */
struct litmus_access {
    bool load;         /* a load into `reg`; else a store of 1 */
    unsigned char loc; /* 0: x, 1: y */
    unsigned char reg; /* a load's register: 0 for r0... */
};

/* The most accesses a thread of a test makes. */
enum { LITMUS_MAX_STEPS = 2 };

struct litmus_test {
    const char *name;  /* "sb" */
    const char *title; /* "store buffering" */
    const char *summary;
    const char *about; /* a paragraph for `racedemo explain litmus NAME` */
    unsigned threads, nregs;
    const char *code[LITMUS_MAX_THREADS]; /* thread t's steps as text: "x = 1; r0 = y" */
    /* The same steps for explore: thread t's accesses in program order,
     * program[t][0..steps[t]). */
    struct litmus_access program[LITMUS_MAX_THREADS][LITMUS_MAX_STEPS];
    unsigned steps[LITMUS_MAX_THREADS];
    const char *fence;  /* what --fence inserts, and where */
    const char *lesson; /* the lock it explains, a line for the report; NULL: none */
    /* The one outcome sequential consistency forbids, register k's value
     * in bit k (every register is 0 or 1; every other outcome is some
     * interleaving, so every model allows it). */
    unsigned relaxed_outcome;
    /* The outcomes that show the threads met, bit o for outcome o: those
     * that no run of the threads one after another gives, so that the
     * threads' accesses of one instance must have overlapped in time
     * (the relaxed outcome among them; sb: r0=0 r1=0 and r0=1 r1=1). The
     * rest come from one thread's instance wholly before another's. */
    unsigned in_step;
    /* Why a machine that allows it showed it, per model (NULL for SC and
     * C11): "stores waited in the store buffer". */
    const char *seen_because[LITMUS_MODELS];
    const struct litmus_row rows[LITMUS_ORDERS][2]; /* [order][fence] */
    litmus_thread_fn run[LITMUS_ORDERS][2];         /* [order][fence] */
};

/* The registry: src/litmus/tests/list.h's order, ended by NULL. */
extern const struct litmus_test *const litmus_tests[];
const struct litmus_test *litmus_find(const char *name);
extern const char *const litmus_order_names[LITMUS_ORDERS];
extern const char *const litmus_model_names[LITMUS_MODELS];

/* This machine's model as compiled (x86-64: LITMUS_X86, arm64:
 * LITMUS_ARM64), or LITMUS_MODELS when it is not in the table. */
enum litmus_model litmus_machine_model(void);

/* Whether `model` allows `outcome` of test t with these orders and fence. */
bool litmus_allowed(const struct litmus_test *t, enum litmus_order order, bool fence,
                    enum litmus_model model, unsigned outcome);

#endif
