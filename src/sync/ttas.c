/* ttas.c: test-and-test-and-set. Like `tas`, but a waiter spins reading the
 * flag, which stays in its own cache, and only tries the exchange when the
 * flag looks free: the cache line stops bouncing between waiters. */
#include <stdalign.h>
#include <stdatomic.h>
#include <stdio.h>

#include "racedemo/spin.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"

struct ttas_state {
    alignas(64) atomic_bool held;
};

static size_t ttas_size(unsigned nthreads)
{
    (void)nthreads;
    return sizeof(struct ttas_state);
}

/* acquire on the winning exchange: the critical section sees the previous
 * holder's writes. The reads while waiting are only hints: relaxed. */
static void ttas_lock(void *state, unsigned self)
{
    (void)self;
    struct ttas_state *t = state;
    struct spin_wait w = {0};
    /* After a failed exchange the flag is surely still up: pause first,
     * then look, so the line is not asked for again at once. */
    while (atomic_exchange_explicit(&t->held, true, memory_order_acquire))
        do
            if (spin_wait(&w))
                return;
        while (atomic_load_explicit(&t->held, memory_order_relaxed));
}

static void ttas_unlock(void *state, unsigned self)
{
    (void)self;
    struct ttas_state *t = state;
    atomic_store_explicit(&t->held, false, memory_order_release);
}

/* ---- in steps, for --schedule and explore ---- */

static const char *const ttas_acquire[] = {"tas", "test"};
static const char *const ttas_release[] = {"clear"};
/* What each step does, for --schedule help. */
static const char *const ttas_acquire_words[] = {
    "test-and-set the flag: enter if it was 0, else go to test",
    "spin reading the flag until it is 0, then tas again",
};
static const char *const ttas_release_words[] = {
    "flag := 0",
};

/* As ttas_lock: the exchange first; a failed one goes to spin reading the
 * flag, and a flag seen free goes back to the exchange. */
static bool ttas_take(struct sync_replay_state *l, unsigned t, unsigned k, struct replay_event *ev)
{
    if (k == 0) {
        /* The exchange: a locked instruction, so the buffer drains first. */
        replay_fence(ev);
        int held = replay_load_int(ev, &l->flag, REPLAY_ACQUIRE);
        replay_store_int(ev, &l->flag, 1, REPLAY_SEQ_CST, "flag");
        replay_say(ev, ev->op, sizeof ev->op, "test-and-set");
        if (held) {
            /* It wrote 1 over 1: nothing a waiter could see changed. */
            ev->reads_only = true;
            replay_say(ev, ev->detail, sizeof ev->detail, "got 1: spins reading");
            return true;
        }
        replay_say(ev, ev->detail, sizeof ev->detail, "got 0: enters");
        l->holder = (int)t;
        ev->jump = 1 + 2; /* past the test: inside */
        return true;
    }
    int held = replay_load_int(ev, &l->flag, REPLAY_RELAXED);
    ev->reads_only = true;
    replay_say(ev, ev->op, sizeof ev->op, "test flag");
    if (held) {
        sync_replay_held_by(ev, l, "flag = 1: spins");
        return false;
    }
    replay_say(ev, ev->detail, sizeof ev->detail, "flag = 0: tries the exchange again");
    ev->jump = 1 + 0;
    return true;
}

static const struct sync_replay ttas_replay = {
    .acquire = ttas_acquire,
    .nacquire = 2,
    .release = ttas_release,
    .acquire_words = ttas_acquire_words,
    .release_words = ttas_release_words,
    .nrelease = 1,
    .take = ttas_take,
    .give = sync_replay_flag_give,
    .state = sync_replay_flag_state,
};

const struct sync_strategy sync_ttas = {
    .name = "ttas",
    .summary = "test-and-test-and-set: spin reading, exchange only when it looks free",
    .explain = "Test-and-test-and-set:\n"
               "  mutex_begin: while (test_and_set(lock_flag)) while (lock_flag) skip;\n"
               "  mutex_end:   lock_flag = false;\n"
               "Like tas, but a waiter spins reading the flag, which stays in its own cache,\n"
               "and tries the atomic exchange only when the flag looks free. Waiting stops\n"
               "being a stream of writes.\n"
               "Shows it: racedemo compare counter --sync tas,ttas --threads 2\n",
    .min_threads = 1,
    .exclusive = true,
    .state_size = ttas_size,
    .lock = ttas_lock,
    .unlock = ttas_unlock,
    .replay = &ttas_replay,
};
