/* toy.c: a template strategy, a plain test-and-set spin lock.
 *
 * It follows the recipe at the top of include/racedemo/sync.h, each part
 * below marked with its step (1a to 1d); step 2 is SYNC_STRATEGY(toy) in
 * src/sync/list.h, step 3 its name in docs/racedemo.1. Copy it to
 * src/sync/NAME.c, rename `toy` and `sync_toy` throughout, and it is in
 * `racedemo list`, compare, --sync, and every generic test.
 * tests/toy_unit.sh builds exactly this file as `toy` by those steps and
 * runs every generic test on it, so it stays a working strategy and the
 * recipe stays true. */
#include <stdalign.h>
#include <stdatomic.h>
#include <stdio.h>

#include "racedemo/spin.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"

/* ---- 1c. the lock ---- */

/* The lock's shared state, on its own cache line (SYNC_STATE_ALIGN). */
struct toy_state {
    alignas(64) atomic_bool held;
};

static size_t toy_size(unsigned nthreads)
{
    (void)nthreads;
    return sizeof(struct toy_state);
}

/* acquire on the exchange that takes the lock, release on the store that
 * frees it: the critical section is ordered like any real lock's. */
static void toy_lock(void *state, unsigned self)
{
    (void)self;
    struct toy_state *t = state;
    struct spin_wait w = {0};
    while (atomic_exchange_explicit(&t->held, true, memory_order_acquire))
        if (spin_wait(&w)) /* the run is being stopped: give up waiting */
            return;
}

static void toy_unlock(void *state, unsigned self)
{
    (void)self;
    struct toy_state *t = state;
    atomic_store_explicit(&t->held, false, memory_order_release);
}

/* ---- 1d. in steps, for --schedule and explore (optional: leave .replay
 * out and both refuse the strategy, naming those they know) ---- */

static const char *const toy_acquire[] = {"grab"};
static const char *const toy_release[] = {"drop"};
/* What each step does, in a line of at most 60 characters, for
 * --schedule help. */
static const char *const toy_acquire_words[] = {
    "exchange(flag, 1): enter if it was 0, else spin",
};
static const char *const toy_release_words[] = {
    "flag := 0",
};

/* Step k of entering, tried once: false means the thread waits and tries
 * the same step again when the schedule names it; a waiting step changes
 * nothing. One step is one shared-memory access of the real lock, here
 * the exchange: a read and a write in one step. Every shared access goes
 * through replay_load_int and replay_store_int with the memory order the
 * real code uses, so that --model tso can decide what it sees (replay.h):
 * the exchange is a locked instruction, so the store buffer drains first
 * (replay_fence) and the store is seq_cst. */
static bool toy_take(struct sync_replay_state *l, unsigned t, unsigned k, struct replay_event *ev)
{
    (void)k;
    replay_fence(ev);
    int old = replay_load_int(ev, &l->flag, REPLAY_ACQUIRE);
    replay_store_int(ev, &l->flag, 1, REPLAY_SEQ_CST, "flag");
    replay_say(ev, ev->op, sizeof ev->op, "grab");
    if (old) {
        sync_replay_held_by(ev, l, "held: spins");
        return false;
    }
    l->holder = (int)t;
    replay_say(ev, ev->detail, sizeof ev->detail, "free: enters");
    return true;
}

static const struct sync_replay toy_replay = {
    .acquire = toy_acquire,
    .nacquire = 1,
    .release = toy_release,
    .nrelease = 1,
    .acquire_words = toy_acquire_words,
    .release_words = toy_release_words,
    .take = toy_take,
    .give = sync_replay_flag_give, /* flag := 0, shared with flag and tas */
    .state = sync_replay_flag_state,
};

/* ---- the entry: 1a its words, 1b its traits, then the parts above ---- */

const struct sync_strategy sync_toy = {
    .name = "toy",
    .summary = "template: a plain test-and-set spin lock (docs/templates/strategy.c)",
    .explain = "A template strategy: one flag, taken with an atomic exchange and\n"
               "cleared with a store:\n"
               "  mutex_begin: while (exchange(flag, 1)) skip;\n"
               "  mutex_end:   flag = 0;\n"
               "include/racedemo/sync.h shows how to add a strategy.\n"
               "Shows it: racedemo counter --sync toy\n",
    /* 1b: any number of threads, one at a time inside, never stuck by
     * design; it spins in racedemo's own code. The traits left out
     * (can_stall and its leaves_waiting, atomic_update, waits_in_libc,
     * waits, implementation, compare_reference) are false, spinning or
     * NULL. */
    .min_threads = 1,
    .exclusive = true,
    .state_size = toy_size, /* 1c: no init or destroy needed */
    .lock = toy_lock,
    .unlock = toy_unlock,
    .replay = &toy_replay, /* 1d */
};
