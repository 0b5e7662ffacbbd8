/* spinlock.c: a pthread spinlock; a thread that finds it held spins on the CPU. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>

#include "shared.h"
#include "racedemo/sync.h"

static size_t spinlock_size(unsigned nthreads)
{
    (void)nthreads;
    return sizeof(pthread_spinlock_t);
}

static int spinlock_init(void *state, unsigned nthreads)
{
    (void)nthreads;
    return pthread_spin_init(state, shared_pshared());
}

static void spinlock_lock(void *state, unsigned self)
{
    (void)self;
    pthread_spin_lock(state);
}

static void spinlock_unlock(void *state, unsigned self)
{
    (void)self;
    pthread_spin_unlock(state);
}

static void spinlock_destroy(void *state)
{
    pthread_spin_destroy(state);
}

const struct sync_strategy sync_spinlock = {
    .name = "spinlock",
    .summary = "pthread spinlock: a waiting thread spins on the CPU",
    .explain = "A pthread spinlock: a waiting thread spins on the CPU until the lock is\n"
               "free. Cheap when the holder is running on another core and leaves soon;\n"
               "costly when there are more threads than cores, because a waiter can spin\n"
               "through its whole time slice while the holder is not running (glibc's\n"
               "spinlock never yields).\n"
               "Shows it: racedemo compare counter --sync spinlock,mutex --threads 8\n",
    .min_threads = 1,
    .exclusive = true,
    .waits_in_libc = true,
    .state_size = spinlock_size,
    .init = spinlock_init,
    .lock = spinlock_lock,
    .unlock = spinlock_unlock,
    .destroy = spinlock_destroy,
};
