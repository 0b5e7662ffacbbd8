/* turn.c: the seed's strict alternation between two threads:
 *     mutex_begin(i): while (turn != i) skip;   mutex_end(i): turn = j;
 * Exclusion holds, but each thread may enter only when the other has had
 * its turn: a thread that stops taking turns (it finished, or has less
 * work: try --first-iters) leaves the other waiting forever. */
#include <stdalign.h>
#include <stdatomic.h>

#include "spin.h"
#include "sync.h"

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

const struct sync_strategy sync_turn = {
    .name = "turn",
    .summary = "seed: strict alternation; a thread that stops taking turns stalls the other",
    .explain = "The seed's second attempt: a shared turn, passed back and forth.\n"
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
    .state_size = turn_size,
    .lock = turn_lock,
    .unlock = turn_unlock,
};
