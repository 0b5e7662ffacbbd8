/* mutex.c: a pthread mutex; a thread that finds it held sleeps in the kernel. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>

#include "shared.h"
#include "sync.h"

static size_t mutex_size(unsigned nthreads)
{
    (void)nthreads;
    return sizeof(pthread_mutex_t);
}

static int mutex_init(void *state, unsigned nthreads)
{
    (void)nthreads;
    return shared_mutex_init(state); /* across processes too, with --procs */
}

static void mutex_lock(void *state, unsigned self)
{
    (void)self;
    pthread_mutex_lock(state);
}

static void mutex_unlock(void *state, unsigned self)
{
    (void)self;
    pthread_mutex_unlock(state);
}

static void mutex_destroy(void *state)
{
    pthread_mutex_destroy(state);
}

const struct sync_strategy sync_mutex = {
    .name = "mutex",
    .summary = "pthread mutex: a waiting thread sleeps until the holder leaves",
    .explain = "A pthread mutex. A thread that finds it held asks the kernel to put it to\n"
               "sleep until the holder leaves, so waiting costs no CPU, but every\n"
               "hand-over between threads costs a system call and a wake-up.\n"
               "Shows it: racedemo counter --sync mutex\n",
    .min_threads = 1,
    .exclusive = true,
    .waits_in_libc = true,
    .state_size = mutex_size,
    .init = mutex_init,
    .lock = mutex_lock,
    .unlock = mutex_unlock,
    .destroy = mutex_destroy,
};
