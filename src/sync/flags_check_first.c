/* flags_check_first.c: the seed's fourth attempt, one flag per thread,
 * checked before it is set:
 *     while (flag[j]) skip;  flag[i] = true;
 * Both threads can find the other's flag down, then both raise their own
 * and both enter. */
#include <stdalign.h>
#include <stdatomic.h>

#include <stdio.h>

#include "racedemo/spin.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"

struct own_flag {
    alignas(64) atomic_bool up;
};

struct check_first_state {
    struct own_flag flag[2];
};

static size_t check_first_size(unsigned nthreads)
{
    (void)nthreads;
    return sizeof(struct check_first_state);
}

/* acquire and release as a real lock would use, so that the check-then-set
 * gap is the only thing wrong with it. */
static void check_first_lock(void *state, unsigned self)
{
    struct check_first_state *s = state;
    struct spin_wait w = {0};
    while (atomic_load_explicit(&s->flag[1 - self].up, memory_order_acquire))
        if (spin_wait(&w))
            return;
    atomic_store_explicit(&s->flag[self].up, true, memory_order_relaxed);
}

static void check_first_unlock(void *state, unsigned self)
{
    struct check_first_state *s = state;
    atomic_store_explicit(&s->flag[self].up, false, memory_order_release);
}

/* ---- in steps, for --schedule ---- */

static const char *const check_first_acquire[] = {"test", "flag"};
static const char *const check_first_release[] = {"unflag"};
/* What each step does, for --schedule help. */
static const char *const check_first_acquire_words[] = {
    "spin while the other's flag is 1, then go on",
    "flag[me] := 1 and enter",
};
static const char *const check_first_release_words[] = {
    "flag[me] := 0: leave",
};

/* while (flag[j]) skip; flag[i] = true; */
static bool check_first_take(struct sync_replay_state *l, unsigned t, unsigned k,
                             struct replay_event *ev)
{
    return sync_replay_flags_step(l, t, k == 1, k == 1, REPLAY_RELAXED, ev);
}

static const struct sync_replay check_first_replay = {
    .max_threads = 2,
    .acquire = check_first_acquire,
    .nacquire = 2,
    .release = check_first_release,
    .acquire_words = check_first_acquire_words,
    .release_words = check_first_release_words,
    .nrelease = 1,
    .take = check_first_take,
    .give = sync_replay_unflag_give,
    .state = sync_replay_flags_state,
};

const struct sync_strategy sync_flags_check_first = {
    .name = "flags-check-first",
    .summary = "attempt 4: wait while the other's flag is up, then raise mine; both can enter",
    .explain = "The lecture notes' fourth attempt, one flag per thread, checked before it is set.\n"
               "  mutex_begin(i): while (flag[j]) skip; flag[i] = true;\n"
               "  mutex_end(i):   flag[i] = false;\n"
               "Both threads can find the other's flag down, then both raise their own and\n"
               "both enter. (Two threads only.)\n"
               "Shows it: racedemo counter --sync flags-check-first\n",
    .min_threads = 2,
    .max_threads = 2,
    .state_size = check_first_size,
    .lock = check_first_lock,
    .unlock = check_first_unlock,
    .replay = &check_first_replay,
};
