/* flag.c: the seed's first software attempt, one shared lock_flag:
 *     while (lock_flag) skip;  lock_flag = true;
 * Testing the flag and setting it are two steps, so two threads can both
 * see it false before either sets it, and both enter. */
#include <stdalign.h>
#include <stdatomic.h>

#include <stdio.h>

#include "racedemo/spin.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"

struct flag_state {
    alignas(64) atomic_bool lock_flag;
};

static size_t flag_size(unsigned nthreads)
{
    (void)nthreads;
    return sizeof(struct flag_state);
}

/* acquire on the test and release on the clear: when the attempt does keep
 * threads apart, the critical section is ordered like a real lock's, so the
 * one failure left is the gap between test and set, the seed's point. */
static void flag_lock(void *state, unsigned self)
{
    (void)self;
    struct flag_state *f = state;
    struct spin_wait w = {0};
    while (atomic_load_explicit(&f->lock_flag, memory_order_acquire))
        if (spin_wait(&w))
            return;
    atomic_store_explicit(&f->lock_flag, true, memory_order_relaxed);
}

static void flag_unlock(void *state, unsigned self)
{
    (void)self;
    struct flag_state *f = state;
    atomic_store_explicit(&f->lock_flag, false, memory_order_release);
}

/* ---- in steps, for --schedule ---- */

static const char *const flag_acquire[] = {"test", "set"};
static const char *const flag_release[] = {"clear"};
/* What each step does, for --schedule help. */
static const char *const flag_acquire_words[] = {
    "spin while lock_flag is 1, then go on",
    "lock_flag := 1 and enter",
};
static const char *const flag_release_words[] = {
    "lock_flag := 0",
};

/* The seed's first flag: wait while the flag is up, then raise it. */
static bool flag_take(struct sync_replay_state *l, unsigned t, unsigned k, struct replay_event *ev)
{
    if (k == 0) {
        int f = replay_load_int(ev, &l->flag, REPLAY_ACQUIRE);
        ev->reads_only = true;
        replay_say(ev, ev->op, sizeof ev->op, "test flag");
        replay_say(ev, ev->detail, sizeof ev->detail, "flag = %d%s", f,
                   f ? ": spins" : ": goes on");
        return f == 0;
    }
    replay_store_int(ev, &l->flag, 1, REPLAY_RELAXED, "flag");
    l->holder = (int)t;
    replay_say(ev, ev->op, sizeof ev->op, "flag := 1");
    replay_say(ev, ev->detail, sizeof ev->detail, "enters");
    return true;
}

static const struct sync_replay flag_replay = {
    .acquire = flag_acquire,
    .nacquire = 2,
    .release = flag_release,
    .acquire_words = flag_acquire_words,
    .release_words = flag_release_words,
    .nrelease = 1,
    .take = flag_take,
    .give = sync_replay_flag_give,
    .state = sync_replay_flag_state,
};

const struct sync_strategy sync_flag = {
    .name = "flag",
    .summary = "attempt 1: test a shared flag, then set it; both threads can pass the test",
    .explain = "The lecture notes' first software attempt: one shared lock_flag.\n"
               "  mutex_begin: while (lock_flag) skip; lock_flag = true;\n"
               "  mutex_end:   lock_flag = false;\n"
               "Testing the flag and setting it are two separate steps. Both threads can\n"
               "find it false before either has set it, and then both are inside: the same\n"
               "race as N := N + 1, moved into the lock.\n"
               "Shows it: racedemo counter --sync flag\n",
    .min_threads = 1,
    .state_size = flag_size,
    .lock = flag_lock,
    .unlock = flag_unlock,
    .replay = &flag_replay,
};
