/* semaphore.c: a counting semaphore with one permit used as a lock: a
 * wait takes the permit or sleeps until it is posted back. The platform's
 * (platform.h): a POSIX sem_t where the system has working unnamed ones,
 * else racedemo's own. */
#define _POSIX_C_SOURCE 200809L

#include "core/platform.h"
#include "racedemo/shared.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"

static size_t semaphore_size(unsigned nthreads)
{
    (void)nthreads;
    return sizeof(platform_semaphore);
}

static int semaphore_init(void *state, unsigned nthreads)
{
    (void)nthreads;
    return platform_semaphore_init(state, shared_processes(), 1);
}

static void semaphore_lock(void *state, unsigned self)
{
    (void)self;
    platform_semaphore_wait(state); /* a Ctrl-C handler's EINTR only waits again */
}

static void semaphore_unlock(void *state, unsigned self)
{
    (void)self;
    platform_semaphore_post(state);
}

static void semaphore_destroy(void *state)
{
    platform_semaphore_destroy(state);
}

/* ---- in steps, for --schedule and explore ---- */

static const char *const semaphore_acquire[] = {"wait"};
static const char *const semaphore_release[] = {"post"};
/* What each step does, for --schedule help. */
static const char *const semaphore_acquire_words[] = {
    "take the permit, or sleep until it is posted back",
};
static const char *const semaphore_release_words[] = {
    "post the permit back, waking a sleeper",
};

/* The semaphore by its effect, its one permit as `flag`: a wait that
 * finds the permit taken sleeps until a post gives it back. */
static bool semaphore_take(struct sync_replay_state *l, unsigned t, unsigned k,
                           struct replay_event *ev)
{
    (void)k;
    return sync_replay_hold_take(l, t, "wait", "asleep", ev);
}

static void semaphore_give(struct sync_replay_state *l, unsigned t, unsigned k,
                           struct replay_event *ev)
{
    (void)t, (void)k;
    /* sem_post is a locked add (LOCK XADD): seq_cst here. */
    sync_replay_hold_give(l, "post", "a sleeper may now take the permit", REPLAY_SEQ_CST, ev);
}

static const struct sync_replay semaphore_replay = {
    .acquire = semaphore_acquire,
    .nacquire = 1,
    .release = semaphore_release,
    .acquire_words = semaphore_acquire_words,
    .release_words = semaphore_release_words,
    .nrelease = 1,
    .take = semaphore_take,
    .give = semaphore_give,
    .state = sync_replay_hold_state,
};

const struct sync_strategy sync_semaphore = {
    .name = "semaphore",
    .summary = "semaphore with one permit: a waiting thread sleeps",
    .explain = "A counting semaphore with one permit (s = 1), used as a lock:\n"
               "  mutex_begin: sem_wait(&s);\n"
               "  mutex_end:   sem_post(&s);\n"
               "A wait takes the permit or sleeps until it is posted back. The lecture\n"
               "notes' answer to lost wakeups is a semaphore, which stores a wakeup as a\n"
               "count. A POSIX sem_t where unnamed ones work (Linux), else racedemo's own: a\n"
               "count guarded by a mutex, with a condition variable to sleep on (macOS).\n"
               "Shows it: racedemo counter --sync semaphore\n",
    .min_threads = 1,
    .exclusive = true,
    .waits_in_libc = true,
    .waits = SYNC_SLEEPS_ON_SEMAPHORE,
    .implementation = platform_semaphore_name,
    .state_size = semaphore_size,
    .init = semaphore_init,
    .lock = semaphore_lock,
    .unlock = semaphore_unlock,
    .destroy = semaphore_destroy,
    .replay = &semaphore_replay,
};
