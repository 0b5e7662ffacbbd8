/* sync_replay.h: a strategy in steps, for lockstep replay (--schedule).
 * A strategy that can be replayed points its `replay` field at one of
 * these, defined in its own file next to its real lock; replay.c knows no
 * strategy by name. Each step is tried, never waited on: `take` says
 * whether the thread moves on, so no schedule can hang. */
#ifndef RACEDEMO_SYNC_REPLAY_H
#define RACEDEMO_SYNC_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "racedemo/replay.h"

/* The lock's variables in a model: one small flat struct every model
 * shares (each uses the fields it needs), so that a model is only code and
 * its state can be copied, compared and hashed (racedemo explore). Plain
 * ints, though real threads take a replay's steps: the controller's grant
 * (a release store and an acquire load, each way) orders every step after
 * the one before, so no two steps ever touch it at once. A sleeping lock
 * is modelled by its effect: `flag` says it is held, and a thread that
 * finds it so cannot move until the holder lets go. */
struct sync_replay_state {
    int flag;    /* flag, tas, ttas, spinlock, mutex, semaphore: 1 while held */
    int turn;    /* turn, peterson: whose turn it is */
    int want[2]; /* peterson, flags-*: the threads' flags */
    int next;    /* ticket: the ticket the next arrival takes */
    int serving; /* ticket: the ticket allowed in */
    /* Per thread. ticket: the ticket it holds (a register); bakery: its
     * number, its choosing flag, and in registers the thread its scan is
     * at and the largest number it has seen. */
    int number[REPLAY_MAX_THREADS];
    int choosing[REPLAY_MAX_THREADS];
    int scan[REPLAY_MAX_THREADS];
    int seen[REPLAY_MAX_THREADS];
    /* Who holds the lock, for the report, or -1. */
    int holder;
    /* The threads taking steps, for a model that scans them all (bakery):
     * set by whoever runs the model, never changed. */
    unsigned nthreads;
};

/* The state as explore keeps it (everything but `holder`, which only the
 * report reads; the per-thread arrays cut to nthreads): its size, and
 * the copy out and back in, in replay_steps.c. */
size_t sync_replay_state_bytes(unsigned nthreads);
void sync_replay_pack(const struct sync_replay_state *l, unsigned nthreads, unsigned char *buf);
void sync_replay_unpack(struct sync_replay_state *l, unsigned nthreads, const unsigned char *buf);

/* One strategy in steps. acquire[k] names step k of entering, release[k]
 * of leaving (the names --schedule A:NAME matches). No acquire steps
 * (`none`): the workload's steps run bare. */
struct sync_replay {
    unsigned max_threads; /* 0: any up to REPLAY_MAX_THREADS */
    const char *const *acquire;
    unsigned nacquire;
    const char *const *release;
    unsigned nrelease;
    /* What acquire[k] and release[k] do, one line each, for --schedule help. */
    const char *const *acquire_words;
    const char *const *release_words;
    /* Step k of entering as thread t; false: the thread waits (spins or
     * sleeps) and will try the same step again. */
    bool (*take)(struct sync_replay_state *l, unsigned t, unsigned k, struct replay_event *ev);
    /* Step k of leaving as thread t. */
    void (*give)(struct sync_replay_state *l, unsigned t, unsigned k, struct replay_event *ev);
    /* The lock's shared variables after a step, for the report. */
    void (*state)(const struct sync_replay_state *l, char *buf, size_t len);
};

/* Thread t's letter: A, B... */
static inline char sync_replay_letter(unsigned t)
{
    return (char)('A' + t);
}

/* A read of the lock's state for the report (its `state` function):
 * memory as it is, not as a thread with stores in its buffer sees it. A
 * step reads and writes through replay_load_int and replay_store_int
 * (replay.h), with the memory order the strategy's real code uses, so
 * that the memory model (--model) decides what each access sees. */
static inline int sync_replay_peek(const int *v)
{
    return *v;
}

/* "flag[A]": an array's element for thread t, into buf (24 bytes), the
 * name a store gives its location. */
const char *sync_replay_name(char *buf, const char *array, unsigned t);

/* Steps more than one strategy takes, in replay_steps.c. */

/* ev's detail: "WHAT: B holds the lock", or WHAT alone when nobody does. */
void sync_replay_held_by(struct replay_event *ev, const struct sync_replay_state *l,
                         const char *what);
/* flag := 0, a release store (flag, tas, ttas). */
void sync_replay_flag_give(struct sync_replay_state *l, unsigned t, unsigned k,
                           struct replay_event *ev);
void sync_replay_flag_state(const struct sync_replay_state *l, char *buf, size_t len);
/* One step of the flags-* attempts: raise my flag (a store ordered
 * `raise_order`), or test the other's (the thread enters when it is down
 * and `enters` says the test is the last step of entering). */
bool sync_replay_flags_step(struct sync_replay_state *l, unsigned t, bool raise, bool enters,
                            enum replay_order raise_order, struct replay_event *ev);
/* flag[i] := 0, a release store: the flags-* attempts and Peterson. */
void sync_replay_unflag_give(struct sync_replay_state *l, unsigned t, unsigned k,
                             struct replay_event *ev);
void sync_replay_flags_state(const struct sync_replay_state *l, char *buf, size_t len);
/* A lock held as a whole, in one step each way (mutex, semaphore,
 * spinlock; `flag` is 1 while held): the thread gets it when it is free,
 * else waits as `how` says ("asleep", "spins"); a blocked thread cannot
 * move until the holder lets go, which is a sleeping lock's effect.
 * Taking it is a locked instruction (replay_fence, then the flag);
 * giving it back a store ordered `order`: a spin lock's release MOV, or
 * a sleeping lock's locked exchange (REPLAY_SEQ_CST). */
bool sync_replay_hold_take(struct sync_replay_state *l, unsigned t, const char *op, const char *how,
                           struct replay_event *ev);
void sync_replay_hold_give(struct sync_replay_state *l, const char *op, const char *detail,
                           enum replay_order order, struct replay_event *ev);
/* "held by B" or "free". */
void sync_replay_hold_state(const struct sync_replay_state *l, char *buf, size_t len);
/* Peterson's steps: flag[i] := 1, turn := j, each a store ordered
 * `order` (peterson: seq_cst; peterson-relaxed: relaxed), then the test
 * of flag[j] and turn (the way out is sync_replay_unflag_give). */
bool sync_replay_peterson_take(struct sync_replay_state *l, unsigned t, unsigned k,
                               enum replay_order order, struct replay_event *ev);
void sync_replay_peterson_state(const struct sync_replay_state *l, char *buf, size_t len);

#endif
