/* turn.c: the seed's strict alternation between two threads:
 *     mutex_begin(i): while (turn != i) skip;   mutex_end(i): turn = j;
 * Exclusion holds, but each thread may enter only when the other has had
 * its turn: a thread that stops taking turns (it finished, or has less
 * work: try --first-iters) leaves the other waiting forever. */
#include <stdalign.h>
#include <stdatomic.h>

#include <stdio.h>

#include "racedemo/spin.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"

struct turn_state {
    alignas(64) atomic_uint turn; /* the thread allowed in: 0 first */
};

static size_t turn_size(unsigned nthreads)
{
    (void)nthreads;
    return sizeof(struct turn_state);
}

/* acquire pairs with the other thread's release in turn_unlock: its
 * critical section's writes are visible once the turn is mine. */
static void turn_lock(void *state, unsigned self)
{
    struct turn_state *t = state;
    struct spin_wait w = {0};
    while (atomic_load_explicit(&t->turn, memory_order_acquire) != self)
        if (spin_wait(&w))
            return;
}

static void turn_unlock(void *state, unsigned self)
{
    struct turn_state *t = state;
    atomic_store_explicit(&t->turn, 1 - self, memory_order_release);
}

/* A stall is turn's own when one thread has finished: it stopped taking
 * turns, and the other waits for the one it passed last. With both still
 * at work, each gets its turn as soon as the other runs: a stall then is
 * a thread kept off the CPUs (an overloaded machine), not the rule's. */
static bool turn_leaves_waiting(unsigned nthreads, const bool *finished)
{
    return nthreads == 2 && finished[0] != finished[1];
}

/* ---- in steps, for --schedule ---- */

static const char *const turn_acquire[] = {"test"};
static const char *const turn_release[] = {"pass"};
/* What each step does, for --schedule help. */
static const char *const turn_acquire_words[] = {
    "enter if turn is mine, else spin",
};
static const char *const turn_release_words[] = {
    "turn := the other thread",
};

/* Strict alternation: wait for my turn, pass it on when done. */
static bool turn_take(struct sync_replay_state *l, unsigned t, unsigned k, struct replay_event *ev)
{
    (void)k;
    int turn = replay_load_int(ev, &l->turn, REPLAY_ACQUIRE);
    ev->reads_only = true;
    replay_say(ev, ev->op, sizeof ev->op, "test turn");
    replay_say(ev, ev->detail, sizeof ev->detail, "turn = %c%s", sync_replay_letter((unsigned)turn),
               turn == (int)t ? ": enters" : ": spins");
    if (turn == (int)t)
        l->holder = (int)t;
    return turn == (int)t;
}

static void turn_give(struct sync_replay_state *l, unsigned t, unsigned k, struct replay_event *ev)
{
    (void)k;
    replay_store_thread(ev, &l->turn, (int)(1 - t), REPLAY_RELEASE, "turn");
    l->holder = -1;
    replay_say(ev, ev->op, sizeof ev->op, "turn := %c", sync_replay_letter(1 - t));
}

static void turn_show(const struct sync_replay_state *l, char *buf, size_t len)
{
    snprintf(buf, len, "turn = %c", sync_replay_letter((unsigned)sync_replay_peek(&l->turn)));
}

static const struct sync_replay turn_replay = {
    .max_threads = 2,
    .acquire = turn_acquire,
    .nacquire = 1,
    .release = turn_release,
    .acquire_words = turn_acquire_words,
    .release_words = turn_release_words,
    .nrelease = 1,
    .take = turn_take,
    .give = turn_give,
    .state = turn_show,
};

const struct sync_strategy sync_turn = {
    .name = "turn",
    .summary = "attempt 2: strict alternation; a thread that stops taking turns stalls the other",
    .explain = "The lecture notes' second attempt: a shared turn, passed back and forth.\n"
               "  mutex_begin(i): while (turn != i) skip;\n"
               "  mutex_end(i):   turn = j;\n"
               "Only the thread whose turn it is may enter, so two threads are never\n"
               "inside at once. But they must alternate: if one thread has less work, or\n"
               "simply stops wanting in, the other waits for a turn that never comes.\n"
               "The watchdog stops such a run and reports it STUCK. (Two threads only.)\n"
               "Shows it: racedemo counter --sync turn --iters 1000 --first-iters 10\n",
    .min_threads = 2,
    .max_threads = 2,
    .exclusive = true,
    .can_stall = true,
    .leaves_waiting = turn_leaves_waiting,
    .state_size = turn_size,
    .lock = turn_lock,
    .unlock = turn_unlock,
    .replay = &turn_replay,
};
