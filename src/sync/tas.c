/* tas.c: the seed's hardware lock: test_and_set the flag until it was false.
 * Every try is an atomic exchange, even while the lock is visibly held, so
 * waiters keep pulling the cache line away from the holder: the cost the
 * later `ttas` strategy avoids by reading first. */
#include <stdalign.h>
#include <stdatomic.h>

#include <stdio.h>

#include "racedemo/spin.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"

struct tas_state {
    alignas(64) atomic_flag held;
};

static size_t tas_size(unsigned nthreads)
{
    (void)nthreads;
    return sizeof(struct tas_state);
}

static int tas_init(void *state, unsigned nthreads)
{
    (void)nthreads;
    struct tas_state *t = state;
    atomic_flag_clear_explicit(&t->held, memory_order_relaxed);
    return 0;
}

/* acquire: the critical section's accesses cannot move above the exchange
 * that won the lock, so they see everything the previous holder wrote. */
static void tas_lock(void *state, unsigned self)
{
    (void)self;
    struct tas_state *t = state;
    struct spin_wait w = {0};
    while (atomic_flag_test_and_set_explicit(&t->held, memory_order_acquire))
        if (spin_wait(&w))
            return;
}

/* release: the critical section's writes are visible before the flag clears. */
static void tas_unlock(void *state, unsigned self)
{
    (void)self;
    struct tas_state *t = state;
    atomic_flag_clear_explicit(&t->held, memory_order_release);
}

/* ---- in steps, for --schedule ---- */

static const char *const tas_acquire[] = {"tas"};
static const char *const tas_release[] = {"clear"};
/* What each step does, for --schedule help. */
static const char *const tas_acquire_words[] = {
    "test_and_set(lock_flag): enter if it was 0, else spin",
};
static const char *const tas_release_words[] = {
    "lock_flag := 0",
};

/* One atomic exchange, one step: an old 1 means someone holds it. */
static bool tas_take(struct sync_replay_state *l, unsigned t, unsigned k, struct replay_event *ev)
{
    (void)k;
    /* The exchange: a locked instruction, so the buffer drains first. */
    replay_fence(ev);
    int old = replay_load_int(ev, &l->flag, REPLAY_ACQUIRE);
    replay_store_int(ev, &l->flag, 1, REPLAY_SEQ_CST, "flag");
    replay_say(ev, ev->op, sizeof ev->op, "test-and-set");
    if (old) {
        sync_replay_held_by(ev, l, "got 1: spins");
    } else {
        replay_say(ev, ev->detail, sizeof ev->detail, "got 0: enters");
        l->holder = (int)t;
    }
    return old == 0;
}

static const struct sync_replay tas_replay = {
    .acquire = tas_acquire,
    .nacquire = 1,
    .release = tas_release,
    .acquire_words = tas_acquire_words,
    .release_words = tas_release_words,
    .nrelease = 1,
    .take = tas_take,
    .give = sync_replay_flag_give,
    .state = sync_replay_flag_state,
};

const struct sync_strategy sync_tas = {
    .name = "tas",
    .summary = "test-and-set busy-wait lock (atomic exchange), as in the lecture notes",
    .explain = "The lecture notes' hardware solution:\n"
               "  mutex_begin: while (test_and_set(lock_flag)) skip;\n"
               "  mutex_end:   lock_flag = false;\n"
               "test_and_set(R, lock_flag, true) reads the flag and sets it in one atomic\n"
               "instruction, retried until the old value was false. Correct, but every try\n"
               "is a write: waiting threads keep pulling the cache line away from each other\n"
               "and from the holder, and they burn CPU the whole time they wait.\n"
               "Shows it: racedemo compare counter --sync tas,ttas,mutex --threads 4\n",
    .min_threads = 1,
    .exclusive = true,
    .state_size = tas_size,
    .init = tas_init,
    .lock = tas_lock,
    .unlock = tas_unlock,
    .replay = &tas_replay,
};
