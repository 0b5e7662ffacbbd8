/* replay.h: a workload's steps, for a replay (--schedule): what one step
 * did, what the shared data came to, the options a replay refuses, and
 * the ops a workload gives the controller (src/replay/), which grants one
 * step at a time to the thread the schedule names. */
#ifndef RACEDEMO_REPLAY_H
#define RACEDEMO_REPLAY_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "racedemo/result.h"

/* Most steps one replay takes (a schedule is printed step by step). */
#define REPLAY_MAX_STEPS 10000u
/* Most threads a replay names (A to Z). */
#define REPLAY_MAX_THREADS 26u

struct replay_memory;

/* What one step did, as the thread that took it saw it. */
struct replay_event {
    unsigned thread;
    char op[48];      /* "load", "test-and-set" */
    char detail[96];  /* what it read or wrote: "acc = 0" */
    char shared[128]; /* the shared data after it: "N = 1" */
    char mark[160];   /* what went wrong here: "B's store overwrites A's increment: lost update" */
    bool waiting;     /* the thread could not go on: it spins or sleeps */
    bool touches;     /* it read or wrote the shared data (mermaid: an arrow, not a note) */
    bool lock;        /* a step of the lock, not of the workload */
    bool release;     /* with lock: a step of its release (unlock) */
    /* It only read shared data (or worked in the thread's own registers):
     * it cannot let a waiting thread go on. Left false when in doubt. */
    bool reads_only;
    /* The step the thread takes next, where it is not the one after: 1 +
     * its index in this phase (the lock's acquire or release steps, the
     * workload's), the phase's length for "this phase is done"; 0: the
     * one after. A loop over the threads takes the same step again
     * (bakery), a failed exchange goes back to its test (ttas). */
    unsigned jump;
    /* No words wanted (explore's walk, millions of steps that nobody
     * reads): replay_say writes nothing, and a step may skip the work of
     * composing its texts. */
    bool quiet;
    /* The memory model the step's shared accesses go through (replay_load
     * and replay_store below), set by whoever runs the step; NULL:
     * sequential consistency. */
    struct replay_memory *memory;
    /* A flush of the thread's oldest buffered store (--model tso), not a
     * step of its program. */
    bool flush;
    /* Under --model tso: each thread's store buffer after the step, "A:
     * flag[A] = 1, turn = B | B: -", for the report. */
    char buffers[128];
};

/* How a real access is ordered: the memory_order the strategy's or the
 * workload's own code gives it. The memory model (--model) decides what
 * that means. Under sc every access reaches every thread at once. Under
 * tso (x86-TSO) each thread has a FIFO store buffer, and an access does
 * what x86 does with the instruction gcc and clang emit for it: every
 * load is a MOV (its own buffer's newest store to the location, else
 * memory), a relaxed or release store a MOV into the buffer, a seq_cst
 * store an XCHG (or MOV and MFENCE), which drains the buffer and writes
 * memory; replay_fence is MFENCE, and a locked read-modify-write is
 * replay_fence then its load and its seq_cst store. */
enum replay_order {
    REPLAY_RELAXED,
    REPLAY_ACQUIRE,
    REPLAY_RELEASE,
    REPLAY_SEQ_CST,
};

/* A type of shared location, as the memory model holds its values in a
 * store buffer: how to read one from memory and write one back (one step
 * at a time, ordered by the replay's grant: relaxed atomics or plain
 * ints suffice), and how to show a value (NULL: as a number). */
struct replay_type {
    int64_t (*read)(const void *p);
    void (*write)(void *p, int64_t value);
    void (*show)(char *buf, size_t len, int64_t value);
};

/* An int, an int whose value is a thread (shown as its letter: turn), a
 * relaxed atomic uint64_t, a relaxed atomic int64_t. */
extern const struct replay_type replay_int_type, replay_thread_type, replay_u64_type,
    replay_i64_type;

/* A load and a store of a location of any type, through ev's memory
 * model. A store names its location for the store buffers' column
 * ("flag[A]", "N"). */
int64_t replay_load(struct replay_event *ev, const void *p, const struct replay_type *type,
                    enum replay_order o);
void replay_store(struct replay_event *ev, void *p, const struct replay_type *type, int64_t v,
                  enum replay_order o, const char *name);

/* The same for the built-in types. */
int replay_load_int(struct replay_event *ev, const int *p, enum replay_order o);
void replay_store_int(struct replay_event *ev, int *p, int v, enum replay_order o,
                      const char *name);
void replay_store_thread(struct replay_event *ev, int *p, int t, enum replay_order o,
                         const char *name);
uint64_t replay_load_u64(struct replay_event *ev, volatile _Atomic uint64_t *p,
                         enum replay_order o);
void replay_store_u64(struct replay_event *ev, volatile _Atomic uint64_t *p, uint64_t v,
                      enum replay_order o, const char *name);
int64_t replay_load_i64(struct replay_event *ev, volatile _Atomic int64_t *p, enum replay_order o);
void replay_store_i64(struct replay_event *ev, volatile _Atomic int64_t *p, int64_t v,
                      enum replay_order o, const char *name);
/* A full fence (MFENCE), or the start of a locked instruction: the
 * thread's buffered stores reach memory first. */
void replay_fence(struct replay_event *ev);

/* Writes one of ev's texts (ev->op, detail, shared, mark) as snprintf
 * does, unless ev->quiet. Every step writes its words through it. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 4, 5)))
#endif
void replay_say(const struct replay_event *ev, char *buf, size_t len, const char *fmt, ...);

/* What a replay's shared data came to, as the workload judges it. */
struct replay_outcome {
    char expected[96], observed[96]; /* "N = 4", "N = 2" */
    /* What went wrong, in the workload's words, or what did not when
     * `correct`: "2 of 4 increments lost (N = 2, expected 4)", "no
     * increment lost". */
    char loss[160];
    /* expected - observed, in the shared data's units: increments (or
     * their sum), dollars (negative: money created), nodes; prodcons:
     * what the buffer holds - count. */
    int64_t lost;
    bool correct;
};

/* A workload option a replay has no use for, and why: refused. */
struct replay_refusal {
    const char *option; /* without the dashes */
    const char *why;    /* "lists where a free run's list broke" */
};

/* A pack's and an unpack's cursor over the state's bytes (struct
 * replay_ops's pack and unpack): n bytes out of p, or into p. */
static inline void replay_put(unsigned char **buf, const void *p, size_t n)
{
    memcpy(*buf, p, n);
    *buf += n;
}

static inline void replay_get(const unsigned char **buf, void *p, size_t n)
{
    memcpy(p, *buf, n);
    *buf += n;
}

/* A workload option set to another default for explore, which a small
 * instance suits (the bank: 2 accounts, so that two transfers meet). */
struct replay_default {
    const char *option; /* without the dashes */
    uint64_t value;
};

/* A workload's steps: one iteration of one thread is steps[0..nsteps). */
struct replay_ops {
    const char *const *steps;
    unsigned nsteps;
    /* What steps[k] does, one line each, for --schedule help. */
    const char *const *step_words;
    const char *shared_name;  /* the shared data, for the diagram: "N" */
    const char *iters_option; /* the workload option that counts iterations: "iters" */
    /* Makes the shared state for nthreads threads; 0 or an errno value with
     * one line in err. */
    int (*setup)(const void *config, unsigned nthreads, uint64_t seed, void **ctx, char *err,
                 size_t errlen);
    /* Thread `thread` takes step k of its iteration `iter` (from 0); runs
     * on that thread. */
    void (*step)(void *ctx, unsigned thread, unsigned k, uint64_t iter, struct replay_event *ev);
    /* After the last step: the shared data against what it should be. */
    void (*outcome)(void *ctx, const uint64_t *iterations, struct replay_outcome *out);
    void (*teardown)(void *ctx);
    /* The shared data and the threads' registers for explore, which
     * copies, compares and hashes them: at most state_bytes(nthreads)
     * bytes into buf, and back into a context from setup. Only what
     * decides the steps to come and the outcome: not the history that
     * marks a step ^ (the report of a replay recomputes it). NULL: explore
     * refuses the workload. */
    size_t (*state_bytes)(const void *ctx, unsigned nthreads);
    void (*pack)(const void *ctx, unsigned nthreads, unsigned char *buf);
    void (*unpack)(void *ctx, unsigned nthreads, const unsigned char *buf);
    /* Replays only the workload's own protocol (--sync none). */
    bool none_only;
    /* The workload draws from --seed (the bank's transfers), so the seed
     * shapes even a schedule of letters. */
    bool uses_seed;
    /* Its threads sleep (prodcons): one left asleep with nobody to wake it
     * is a DEADLOCK, as in a free run, not STUCK. */
    bool sleeps;
    /* What a workload step marked ^ is and did, for the verdict: "store",
     * "overwrote another thread's update". */
    const char *marked;
    const char *marked_did;
    /* Its steps when the strategy makes the whole update one atomic
     * instruction (--sync atomic): one read-modify-write step, sharing
     * setup, outcome and state with these. NULL: it has none, and such a
     * strategy is refused. */
    const struct replay_ops *atomic;
    /* Its steps reach the shared data only through replay_load and
     * replay_store, so the memory model applies (--model tso). false:
     * --model tso is refused. */
    bool memory_model;
    /* Options explore sets otherwise when they are not given, ended by a
     * NULL option; NULL: none. */
    const struct replay_default *explore_defaults;
    /* Options of the workload a replay refuses, ended by a NULL option. */
    const struct replay_refusal *refused;
};

#endif
