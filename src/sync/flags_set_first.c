/* flags_set_first.c: the seed's third attempt, one flag per thread, raised
 * before the other's is checked:
 *     flag[i] = true;  while (flag[j]) skip;
 * Exclusion holds, but if both raise their flags before either checks,
 * each waits for the other forever: deadlock. */
#include <stdalign.h>
#include <stdatomic.h>

#include <stdio.h>

#include "racedemo/spin.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"

struct raised_flag {
    alignas(64) atomic_bool up;
};

struct set_first_state {
    struct raised_flag flag[2];
};

static size_t set_first_size(unsigned nthreads)
{
    (void)nthreads;
    return sizeof(struct set_first_state);
}

/* seq_cst on the store and the loads: my raised flag is seen before I read
 * the other's, as the seed's interleaving assumes. With weaker orders the
 * store buffer could let both read "down" and enter, a different failure
 * than the deadlock this attempt is here to show. */
static void set_first_lock(void *state, unsigned self)
{
    struct set_first_state *s = state;
    atomic_store_explicit(&s->flag[self].up, true, memory_order_seq_cst);
    struct spin_wait w = {0};
    while (atomic_load_explicit(&s->flag[1 - self].up, memory_order_seq_cst))
        if (spin_wait(&w))
            return;
}

static void set_first_unlock(void *state, unsigned self)
{
    struct set_first_state *s = state;
    atomic_store_explicit(&s->flag[self].up, false, memory_order_release);
}

/* A stall is the deadlock of raised flags only while both threads are at
 * work: once one has finished, its flag is down for good and the other
 * always gets in, so a stall then is a thread kept off the CPUs. (With
 * both at work, one kept off the CPUs inside its critical section for the
 * whole --timeout looks the same; the deadlock comes far sooner.) */
static bool set_first_leaves_waiting(unsigned nthreads, const bool *finished)
{
    return nthreads == 2 && !finished[0] && !finished[1];
}

/* ---- in steps, for --schedule ---- */

static const char *const set_first_acquire[] = {"flag", "test"};
static const char *const set_first_release[] = {"unflag"};
/* What each step does, for --schedule help. */
static const char *const set_first_acquire_words[] = {
    "flag[me] := 1: I want in",
    "enter if the other's flag is 0, else spin",
};
static const char *const set_first_release_words[] = {
    "flag[me] := 0: leave",
};

/* flag[i] = true; while (flag[j]) skip; */
static bool set_first_take(struct sync_replay_state *l, unsigned t, unsigned k,
                           struct replay_event *ev)
{
    return sync_replay_flags_step(l, t, k == 0, k == 1, REPLAY_SEQ_CST, ev);
}

static const struct sync_replay set_first_replay = {
    .max_threads = 2,
    .acquire = set_first_acquire,
    .nacquire = 2,
    .release = set_first_release,
    .acquire_words = set_first_acquire_words,
    .release_words = set_first_release_words,
    .nrelease = 1,
    .take = set_first_take,
    .give = sync_replay_unflag_give,
    .state = sync_replay_flags_state,
};

const struct sync_strategy sync_flags_set_first = {
    .name = "flags-set-first",
    .summary = "attempt 3: raise my flag, then wait while the other's is up; both wait forever",
    .explain = "The lecture notes' third attempt: one flag per thread, raised first.\n"
               "  mutex_begin(i): flag[i] = true; while (flag[j]) skip;\n"
               "  mutex_end(i):   flag[i] = false;\n"
               "Two threads are never inside at once, but if both raise their flags\n"
               "before either looks, each waits for the other to lower its flag, and\n"
               "neither ever does: deadlock. The watchdog stops the run and reports it\n"
               "STUCK, with both threads waiting to enter. (Two threads only.)\n"
               "Shows it: racedemo counter --sync flags-set-first\n",
    .min_threads = 2,
    .max_threads = 2,
    .exclusive = true,
    .can_stall = true,
    .leaves_waiting = set_first_leaves_waiting,
    .state_size = set_first_size,
    .lock = set_first_lock,
    .unlock = set_first_unlock,
    .replay = &set_first_replay,
};
