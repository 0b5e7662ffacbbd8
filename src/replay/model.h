/* replay/model.h: a strategy's and a workload's steps put together into
 * each thread's program: where a thread is (acquiring, in the body,
 * releasing; which step; which iteration), what its next step is called,
 * and taking it. The one model that --schedule (replay.c) runs on real
 * threads and explore (explore/) walks through every interleaving of, so
 * the two can never disagree. */
#ifndef RACEDEMO_REPLAY_MODEL_H
#define RACEDEMO_REPLAY_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "racedemo/replay.h"
#include "racedemo/sync_replay.h"

enum phase {
    PHASE_ACQUIRE,
    PHASE_BODY,
    PHASE_RELEASE,
};

/* Where a thread is in its program. */
struct program {
    enum phase phase;
    unsigned k;
    uint64_t iter;
};

struct replay_memory;

/* The programs' shape: the workload's steps between the lock's, and the
 * memory model their shared accesses go through. */
struct model {
    const struct replay_ops *ops;
    const struct sync_replay *lock;
    unsigned nthreads;
    uint64_t iters; /* each thread's iterations; 0: as many as a schedule spells out */
    /* The memory model and, under tso, the store buffers (replay/memory.h);
     * NULL: sequential consistency. */
    struct replay_memory *memory;
};

struct sync_strategy;
/* The workload's steps under this strategy: its atomic ones when the
 * strategy makes the update one instruction (--sync atomic); NULL when it
 * has none. */
const struct replay_ops *model_ops(const struct replay_ops *ops, const struct sync_strategy *sync);

/* A thread's program before its first step. */
void model_start(const struct model *m, struct program *p);
/* The name of the step p is at: "load", "test". */
const char *model_step_name(const struct model *m, const struct program *p);
/* Moves p on after its step, as the step's event says: a step that
 * waited leaves it where it was; one with a `jump` goes there. */
void model_advance(const struct model *m, struct program *p, const struct replay_event *ev);
/* Done with its iterations (never, when m->iters is 0). */
bool model_finished(const struct model *m, const struct program *p);
/* Between entering and having left: inside the critical section. Never
 * for a strategy without steps of its own (`none`). */
bool model_inside(const struct model *m, const struct program *p);
/* At the start of an iteration after at least one whole one: a thread
 * there may stop wanting in (explore's progress requirement). */
bool model_between_iterations(const struct model *m, const struct program *p);
/* Thread t takes the step p names, on the lock's state and the workload's
 * context; ev (zeroed by the caller, its thread set) says what it did.
 * Returns whether the thread waits: it spins or sleeps, and moved nothing. */
bool model_take(const struct model *m, struct sync_replay_state *lock, void *ctx,
                const struct program *p, unsigned t, struct replay_event *ev);
/* Under --model tso, thread t's oldest buffered store reaches memory, as
 * ev (zeroed, its thread set) says; false, changing nothing, when its
 * buffer is empty or the model is sc. */
bool model_flush(const struct model *m, struct sync_replay_state *lock, unsigned t,
                 struct replay_event *ev);
/* Whether the model has store buffers (--model tso). */
bool model_buffers(const struct model *m);

#endif
