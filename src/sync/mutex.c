/* mutex.c: a pthread mutex; a thread that finds it held sleeps in the kernel. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>

#include "racedemo/shared.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"

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

/* ---- in steps, for --schedule ---- */

static const char *const mutex_acquire[] = {"lock"};
static const char *const mutex_release[] = {"unlock"};
/* What each step does, for --schedule help. */
static const char *const mutex_acquire_words[] = {
    "take the mutex, or sleep while another thread holds it",
};
static const char *const mutex_release_words[] = {
    "release the mutex, waking a sleeper",
};

/* The mutex by its effect: a thread that finds it held sleeps, and cannot
 * move until the holder unlocks (then it tries again, as a woken thread
 * does). */
static bool mutex_take(struct sync_replay_state *l, unsigned t, unsigned k, struct replay_event *ev)
{
    (void)k;
    return sync_replay_hold_take(l, t, "lock", "asleep", ev);
}

static void mutex_give(struct sync_replay_state *l, unsigned t, unsigned k, struct replay_event *ev)
{
    (void)t, (void)k;
    /* glibc's unlock is a locked exchange (XCHG): seq_cst here. */
    sync_replay_hold_give(l, "unlock", "a sleeper may now get it", REPLAY_SEQ_CST, ev);
}

static const struct sync_replay mutex_replay = {
    .acquire = mutex_acquire,
    .nacquire = 1,
    .release = mutex_release,
    .acquire_words = mutex_acquire_words,
    .release_words = mutex_release_words,
    .nrelease = 1,
    .take = mutex_take,
    .give = mutex_give,
    .state = sync_replay_hold_state,
};

const struct sync_strategy sync_mutex = {
    .name = "mutex",
    .summary = "pthread mutex: a waiting thread sleeps until the holder leaves",
    .explain = "A pthread mutex:\n"
               "  mutex_begin: pthread_mutex_lock(&m);\n"
               "  mutex_end:   pthread_mutex_unlock(&m);\n"
               "A thread that finds it held asks the kernel to put it to sleep until the\n"
               "holder leaves, so waiting costs no CPU, but every hand-over between threads\n"
               "costs a system call and a wake-up.\n"
               "Shows it: racedemo counter --sync mutex\n",
    .min_threads = 1,
    .exclusive = true,
    .waits_in_libc = true,
    .waits = SYNC_SLEEPS_ON_MUTEX,
    /* The lock a program reaches for first: compare's times are relative to it. */
    .compare_reference = true,
    .state_size = mutex_size,
    .init = mutex_init,
    .lock = mutex_lock,
    .unlock = mutex_unlock,
    .destroy = mutex_destroy,
    .replay = &mutex_replay,
};
