/* spinlock.c: the platform's spinlock (platform.h): the pthread spinlock
 * where there is one, else racedemo's own test-and-set; a thread that
 * finds it held spins on the CPU. */
#define _POSIX_C_SOURCE 200809L

#include "core/platform.h"
#include "racedemo/shared.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"

static size_t spinlock_size(unsigned nthreads)
{
    (void)nthreads;
    return sizeof(platform_spinlock);
}

static int spinlock_init(void *state, unsigned nthreads)
{
    (void)nthreads;
    return platform_spin_init(state, shared_processes());
}

static void spinlock_lock(void *state, unsigned self)
{
    (void)self;
    platform_spin_lock(state);
}

static void spinlock_unlock(void *state, unsigned self)
{
    (void)self;
    platform_spin_unlock(state);
}

static void spinlock_destroy(void *state)
{
    platform_spin_destroy(state);
}

/* ---- in steps, for --schedule and explore ---- */

static const char *const spinlock_acquire[] = {"lock"};
static const char *const spinlock_release[] = {"unlock"};
/* What each step does, for --schedule help. */
static const char *const spinlock_acquire_words[] = {
    "take the spinlock, or spin while it is held",
};
static const char *const spinlock_release_words[] = {
    "release the spinlock",
};

/* The spinlock as one test-and-set: the step that finds it held spins.
 * (glibc's pthread spinlock tests before it exchanges, as ttas does; the
 * model takes the lock in one step either way.) */
static bool spinlock_take(struct sync_replay_state *l, unsigned t, unsigned k,
                          struct replay_event *ev)
{
    (void)k;
    return sync_replay_hold_take(l, t, "lock", "spins", ev);
}

static void spinlock_give(struct sync_replay_state *l, unsigned t, unsigned k,
                          struct replay_event *ev)
{
    (void)t, (void)k;
    /* glibc's pthread_spin_unlock is a release store (MOV). */
    sync_replay_hold_give(l, "unlock", "", REPLAY_RELEASE, ev);
}

static const struct sync_replay spinlock_replay = {
    .acquire = spinlock_acquire,
    .nacquire = 1,
    .release = spinlock_release,
    .acquire_words = spinlock_acquire_words,
    .release_words = spinlock_release_words,
    .nrelease = 1,
    .take = spinlock_take,
    .give = spinlock_give,
    .state = sync_replay_hold_state,
};

const struct sync_strategy sync_spinlock = {
    .name = "spinlock",
    .summary = "the system's spinlock: a waiting thread spins on the CPU",
    .explain = "A spinlock: a waiting thread spins on the CPU until the lock is free.\n"
               "  mutex_begin: pthread_spin_lock(&s);\n"
               "  mutex_end:   pthread_spin_unlock(&s);\n"
               "The system's pthread spinlock where it has one (Linux), else racedemo's own\n"
               "test-and-set on a C11 atomic (macOS). Cheap when the holder is running on\n"
               "another core and leaves soon; costly when there are more threads than cores,\n"
               "because a waiter can spin through its whole time slice while the holder is\n"
               "not running (glibc's spinlock never yields).\n"
               "Shows it: racedemo compare counter --sync spinlock,mutex --threads 8\n",
    .min_threads = 1,
    .exclusive = true,
    .waits_in_libc = PLATFORM_SPIN_WAITS_IN_LIBC,
    .implementation = platform_spin_name,
    .state_size = spinlock_size,
    .init = spinlock_init,
    .lock = spinlock_lock,
    .unlock = spinlock_unlock,
    .destroy = spinlock_destroy,
    .replay = &spinlock_replay,
};
