/* semaphore.c: a POSIX semaphore with one permit used as a lock: sem_wait
 * takes the permit or sleeps until it is posted back. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <semaphore.h>

#include "shared.h"
#include "racedemo/sync.h"

static size_t semaphore_size(unsigned nthreads)
{
    (void)nthreads;
    return sizeof(sem_t);
}

static int semaphore_init(void *state, unsigned nthreads)
{
    (void)nthreads;
    return sem_init(state, shared_processes(), 1) == 0 ? 0 : errno;
}

static void semaphore_lock(void *state, unsigned self)
{
    (void)self;
    /* A signal handler (Ctrl-C) may interrupt the wait: wait again. */
    while (sem_wait(state) != 0 && errno == EINTR)
        ;
}

static void semaphore_unlock(void *state, unsigned self)
{
    (void)self;
    sem_post(state);
}

static void semaphore_destroy(void *state)
{
    sem_destroy(state);
}

const struct sync_strategy sync_semaphore = {
    .name = "semaphore",
    .summary = "POSIX semaphore with one permit: a waiting thread sleeps",
    .explain = "A POSIX semaphore with one permit, used as a lock: sem_wait takes the\n"
               "permit or sleeps until it is posted back. The seed's answer to lost\n"
               "wakeups is a semaphore, which stores a wakeup as a count.\n"
               "Shows it: racedemo counter --sync semaphore\n",
    .min_threads = 1,
    .exclusive = true,
    .waits_in_libc = true,
    .waits = SYNC_SLEEPS_ON_SEMAPHORE,
    .state_size = semaphore_size,
    .init = semaphore_init,
    .lock = semaphore_lock,
    .unlock = semaphore_unlock,
    .destroy = semaphore_destroy,
};
