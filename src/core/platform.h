/* core/platform.h: the little racedemo needs of the system beyond C11 and
 * POSIX threads, in one place. Linux has all of it; macOS lacks CPU
 * affinity, sched_getcpu, PR_SET_PDEATHSIG, pthread spinlocks and working
 * unnamed semaphores. src/core/platform/linux.c implements what the system has
 * and src/core/platform/posix.c the fallbacks, chosen by CMake's checks
 * (platform_config.h, RACEDEMO_HAVE_*). Nothing outside this header and
 * src/core/platform/ looks at those macros: the engine, the strategies and the
 * workloads call the functions below and ask what they can do.
 *
 * Includers define _POSIX_C_SOURCE 200809L (or _GNU_SOURCE) first. */
#ifndef RACEDEMO_PLATFORM_H
#define RACEDEMO_PLATFORM_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "platform_config.h"

#if RACEDEMO_HAVE_SEM_INIT
#include <semaphore.h>
#endif

/* ---- text kept in memory ---- */

/* A stream whose bytes go to a buffer it grows, as open_memstream's do:
 * after fflush or fclose, *buf holds *len bytes and a NUL (free it).
 * Unlike glibc's open_memstream, which drops what it has no memory for
 * and leaves ferror() clear, a growth that fails sets the stream's error
 * flag and every later write fails too: what is in the buffer is all that
 * was written, or ferror() says otherwise. NULL when out of memory.
 * (Where fopencookie is missing, the fallback is the system's
 * open_memstream: the BSDs' and macOS's report a failed growth.) */
FILE *platform_memstream(char **buf, size_t *len);

/* ---- the terminal ---- */

/* The width in columns of the terminal on file descriptor fd; 0 when fd
 * is not a terminal or the system does not say. */
int platform_terminal_width(int fd);

/* ---- CPUs ---- */

/* Whether this build can pin a thread or process to one CPU. When it
 * cannot, every platform_pin_* returns ENOTSUP (the scheduler places). */
bool platform_can_pin(void);

/* Why it cannot, one phrase for messages ("this system has no CPU
 * affinity"); NULL when it can. */
const char *platform_no_pin_why(void);

/* The CPUs this process may run on, in increasing order, into cpus (at
 * most max); returns how many. Without affinity: CPUs 0 to n - 1 of the
 * n online, which the scheduler may all use. */
unsigned platform_cpus_usable(int *cpus, unsigned max);

/* The calling thread's CPUs, saved to be restored after pinning it. */
struct platform_affinity {
    uint64_t opaque[16]; /* a cpu_set_t of 1024 CPUs where there is one */
};
int platform_affinity_save(struct platform_affinity *saved);
int platform_affinity_restore(const struct platform_affinity *saved);

/* Pins the calling thread to cpu. 0 or an errno value (ENOTSUP). */
int platform_pin_self(int cpu);

/* Makes the thread attr creates start pinned to cpu, so it never runs
 * elsewhere. 0 or an errno value (ENOTSUP). */
int platform_pin_attr(pthread_attr_t *attr, int cpu);

/* Pins the calling process (a freshly forked worker) to cpu. 0 or an
 * errno value (ENOTSUP). */
int platform_pin_process(int cpu);

/* The CPU the caller runs on now, or -1 when the system cannot tell. */
int platform_current_cpu(void);

/* The calling thread's CPU time, in ns (0 when the system cannot tell). */
uint64_t platform_thread_cpu_ns(void);

/* ---- worker processes ---- */

/* In the parent, before forking workers: prepares what ties them to it.
 * 0 or an errno value. */
int platform_children_prepare(void);

/* In a freshly forked worker: arranges that it is killed when `parent`
 * dies, even asleep in a lock, and checks the parent has not died already
 * (then it _exits). 0 or an errno value, before which nothing is tied.
 * Linux: PR_SET_PDEATHSIG. Elsewhere: a watcher thread blocked in read()
 * on a pipe whose write end only the parent holds kills the worker at EOF. */
int platform_die_with_parent(pid_t parent);

/* How it does that, for messages ("PR_SET_PDEATHSIG"). */
const char *platform_die_with_parent_how(void);

/* ---- a spinlock ---- */

/* A waiter spins on the CPU. pthread_spinlock_t where there is one; else a
 * test-and-set on a C11 atomic_flag, waiting with spin_wait (spin.h), so
 * that it gives up when the run is abandoned. Works between processes in
 * shared memory either way when pshared. */
#if RACEDEMO_HAVE_PTHREAD_SPIN
typedef pthread_spinlock_t platform_spinlock;
#else
typedef struct {
    atomic_bool held;
} platform_spinlock;
#endif
/* 1 when a waiter spins inside the C library (pthread_spinlock_t), out of
 * sight of racedemo's wait-loop counter; 0 when it spins in spin_wait,
 * which counts its turns. */
#define PLATFORM_SPIN_WAITS_IN_LIBC RACEDEMO_HAVE_PTHREAD_SPIN
int platform_spin_init(platform_spinlock *l, bool pshared);
void platform_spin_lock(platform_spinlock *l);
void platform_spin_unlock(platform_spinlock *l);
void platform_spin_destroy(platform_spinlock *l);
/* Which one this build has, for `racedemo list` and `explain`. */
const char *platform_spin_name(void);

/* ---- a counting semaphore ---- */

/* An unnamed POSIX sem_t where sem_init works; else a count guarded by a
 * pthread mutex, with a condition variable to sleep on. */
#if RACEDEMO_HAVE_SEM_INIT
typedef sem_t platform_semaphore;
#else
typedef struct {
    pthread_mutex_t m;
    pthread_cond_t c;
    unsigned count; /* permits; guarded by m */
} platform_semaphore;
#endif
/* value permits; shared between processes (in shared memory) when
 * pshared. 0 or an errno value (ENOTSUP: it cannot be shared here). */
int platform_semaphore_init(platform_semaphore *s, bool pshared, unsigned value);
/* Takes a permit, sleeping until there is one; a signal handler's
 * interruption (EINTR) only makes it wait again. */
void platform_semaphore_wait(platform_semaphore *s);
void platform_semaphore_post(platform_semaphore *s);
void platform_semaphore_destroy(platform_semaphore *s);
/* Whether platform_semaphore_init can share one between processes (--procs). */
bool platform_semaphore_shares_processes(void);
/* Which one this build has, for `racedemo list` and `explain`. */
const char *platform_semaphore_name(void);

#endif
