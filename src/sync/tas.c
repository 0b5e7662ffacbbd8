/* tas.c: the seed's hardware lock: test_and_set the flag until it was false.
 * Every try is an atomic exchange, even while the lock is visibly held, so
 * waiters keep pulling the cache line away from the holder: the cost the
 * later `ttas` strategy avoids by reading first. */
#include <stdalign.h>
#include <stdatomic.h>

#include "spin.h"
#include "sync.h"

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

const struct sync_strategy sync_tas = {
    .name = "tas",
    .summary = "test-and-set busy-wait lock (atomic exchange), as in the seed",
    .explain = "The seed's hardware solution: test_and_set(R, lock_flag, true) reads the\n"
               "flag and sets it in one atomic instruction, retried until the old value was\n"
               "false. Correct, but every try is a write: waiting threads keep pulling the\n"
               "cache line away from each other and from the holder, and they burn CPU the\n"
               "whole time they wait.\n"
               "Shows it: racedemo compare counter --sync tas,ttas,mutex --threads 4\n",
    .min_threads = 1,
    .exclusive = true,
    .state_size = tas_size,
    .init = tas_init,
    .lock = tas_lock,
    .unlock = tas_unlock,
};
