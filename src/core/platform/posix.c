/* core/platform/posix.c: the platform layer's fallbacks, from plain POSIX and C11, for
 * what linux.c builds only where the system has it (macOS; every part
 * with -DRACEDEMO_PORTABLE=ON), and the parts every system has. */
#define _POSIX_C_SOURCE 200809L
/* macOS hides _SC_NPROCESSORS_ONLN and ENOTSUP from strict POSIX. */
#define _DARWIN_C_SOURCE /* NOLINT(bugprone-reserved-identifier): the system's name */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "core/platform.h"
#include "internal.h"
#include "racedemo/spin.h"
#include "core/test_hooks.h"

#ifdef RACEDEMO_TEST_HOOKS
/* The testing hook's flag: relaxed, set by a test before the run it
 * affects, in the same thread. */
static atomic_bool sharing_refused;

void platform_fail_semaphore_sharing(bool on)
{
    atomic_store_explicit(&sharing_refused, on, memory_order_relaxed);
}

bool platform_semaphore_sharing_refused(void)
{
    return atomic_load_explicit(&sharing_refused, memory_order_relaxed);
}
#endif

/* TIOCGWINSZ is not in POSIX, but Linux, macOS and the BSDs all have it. */
int platform_terminal_width(int fd)
{
#ifdef TIOCGWINSZ
    struct winsize ws;
    if (fd >= 0 && isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0)
        return ws.ws_col;
#else
    (void)fd;
#endif
    return 0;
}

uint64_t platform_thread_cpu_ns(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#if !RACEDEMO_HAVE_AFFINITY
/* No CPU affinity (macOS has only hints, which place nothing): the
 * scheduler places every thread and process. */
bool platform_can_pin(void)
{
    return false;
}

const char *platform_no_pin_why(void)
{
    return "this build has no CPU affinity";
}

unsigned platform_cpus_usable(int *cpus, unsigned max)
{
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned n = 0;
    for (long c = 0; c < online && n < max; c++)
        cpus[n++] = (int)c;
    return n;
}

int platform_affinity_save(struct platform_affinity *saved)
{
    (void)saved;
    return ENOTSUP;
}

int platform_affinity_restore(const struct platform_affinity *saved)
{
    (void)saved;
    return ENOTSUP;
}

int platform_pin_self(int cpu)
{
    (void)cpu;
    return ENOTSUP;
}

int platform_pin_attr(pthread_attr_t *attr, int cpu)
{
    (void)attr;
    (void)cpu;
    return ENOTSUP;
}

int platform_pin_process(int cpu)
{
    (void)cpu;
    return ENOTSUP;
}
#endif

#if !RACEDEMO_HAVE_SCHED_GETCPU
int platform_current_cpu(void)
{
    return -1; /* unknown, never a guess */
}
#endif

#if !RACEDEMO_HAVE_PDEATHSIG
/* The parent holds the write end of this pipe and never writes to it;
 * each worker closes its copy of the write end and leaves a thread
 * blocked in read() on the read end. When the parent dies, however (even
 * SIGKILL), the kernel closes its end, read() returns 0, and the thread
 * kills its process: a worker asleep in a lock dies as well as a spinning
 * one. Made by the process that forks (watch_owner), so that a forked
 * copy of racedemo that forks workers of its own makes its own. */
static int watch_fd[2] = {-1, -1};
static pid_t watch_owner;

int platform_children_prepare(void)
{
    if (watch_fd[0] >= 0 && watch_owner == getpid())
        return 0;
    if (watch_fd[0] >= 0) {
        /* Inherited from the process that forked us: not ours to watch. */
        close(watch_fd[0]);
        close(watch_fd[1]);
    }
    int fds[2];
    if (pipe(fds) != 0)
        return errno;
    /* A program the parent executes must not hold the write end open. */
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    watch_fd[0] = fds[0];
    watch_fd[1] = fds[1];
    watch_owner = getpid();
    return 0;
}

static void *watch_parent(void *arg)
{
    (void)arg;
    char c;
    /* Nobody writes: read() returns only at EOF (or EINTR: read again). */
    while (read(watch_fd[0], &c, 1) != 0 && errno == EINTR)
        ;
    kill(getpid(), SIGKILL);
    return NULL;
}

int platform_die_with_parent(pid_t parent)
{
    if (watch_fd[0] < 0 || watch_owner != parent)
        return EBADF; /* platform_children_prepare was not called */
    /* While this process holds a write end, the parent's death is no EOF. */
    close(watch_fd[1]);
    watch_fd[1] = -1;
    pthread_attr_t attr;
    int rc = pthread_attr_init(&attr);
    if (rc != 0)
        return rc;
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t watcher;
    rc = pthread_create(&watcher, &attr, watch_parent, NULL);
    pthread_attr_destroy(&attr);
    if (rc != 0)
        return rc;
    if (getppid() != parent)
        _exit(1); /* the parent died before the watch began: nobody to work for */
    return 0;
}
#endif

#if !RACEDEMO_HAVE_PTHREAD_SPIN
/* Lock-free atomics work between processes in shared memory, so pshared
 * needs nothing. relaxed: nobody takes the lock before init returns, and
 * whoever hands it to the workers publishes it (the engine's barrier). */
int platform_spin_init(platform_spinlock *l, bool pshared)
{
    (void)pshared;
    atomic_init(&l->held, false);
    return 0;
}

/* Test-and-set, reading while it is held so that waiters share the cache
 * line instead of pulling it from the holder with every try. */
void platform_spin_lock(platform_spinlock *l)
{
    struct spin_wait w = {0};
    /* acquire: the critical section cannot move above the exchange that
     * won the lock, so it sees all the previous holder wrote. */
    while (atomic_exchange_explicit(&l->held, true, memory_order_acquire))
        /* relaxed: only a hint of when to try again; the exchange orders. */
        while (atomic_load_explicit(&l->held, memory_order_relaxed))
            if (spin_wait(&w))
                return; /* the run is abandoned (watchdog): give up */
}

void platform_spin_unlock(platform_spinlock *l)
{
    /* release: the critical section's writes are visible before it is free. */
    atomic_store_explicit(&l->held, false, memory_order_release);
}

void platform_spin_destroy(platform_spinlock *l)
{
    (void)l;
}

const char *platform_spin_name(void)
{
    return "racedemo's test-and-set on a C11 atomic";
}
#endif

#if !RACEDEMO_HAVE_SEM_INIT
/* The attributes for a mutex and condition variable shared between
 * processes or not; 0 or ENOTSUP (the system cannot share them). */
static int sem_attrs(pthread_mutexattr_t *ma, pthread_condattr_t *ca, bool pshared)
{
    int how = pshared ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE;
    if (pthread_mutexattr_init(ma) != 0)
        return ENOMEM;
    if (pthread_condattr_init(ca) != 0) {
        pthread_mutexattr_destroy(ma);
        return ENOMEM;
    }
    if (pthread_mutexattr_setpshared(ma, how) != 0 || pthread_condattr_setpshared(ca, how) != 0) {
        pthread_mutexattr_destroy(ma);
        pthread_condattr_destroy(ca);
        return ENOTSUP;
    }
    return 0;
}

int platform_semaphore_init(platform_semaphore *s, bool pshared, unsigned value)
{
    pthread_mutexattr_t ma;
    pthread_condattr_t ca;
    if (pshared && platform_semaphore_sharing_refused())
        return ENOTSUP;
    int rc = sem_attrs(&ma, &ca, pshared);
    if (rc != 0)
        return rc;
    rc = pthread_mutex_init(&s->m, &ma);
    if (rc == 0 && (rc = pthread_cond_init(&s->c, &ca)) != 0)
        pthread_mutex_destroy(&s->m);
    pthread_mutexattr_destroy(&ma);
    pthread_condattr_destroy(&ca);
    s->count = value;
    return rc;
}

/* The mutex orders everything: count is only touched holding it. */
void platform_semaphore_wait(platform_semaphore *s)
{
    pthread_mutex_lock(&s->m);
    /* A loop: a wakeup may be spurious, or another waiter took the permit. */
    while (s->count == 0)
        pthread_cond_wait(&s->c, &s->m);
    s->count--;
    pthread_mutex_unlock(&s->m);
}

void platform_semaphore_post(platform_semaphore *s)
{
    pthread_mutex_lock(&s->m);
    s->count++;
    /* One permit wakes one waiter: a stored count, so no wakeup is lost. */
    pthread_cond_signal(&s->c);
    pthread_mutex_unlock(&s->m);
}

void platform_semaphore_destroy(platform_semaphore *s)
{
    pthread_cond_destroy(&s->c);
    pthread_mutex_destroy(&s->m);
}

bool platform_semaphore_shares_processes(void)
{
    if (platform_semaphore_sharing_refused())
        return false;
    pthread_mutexattr_t ma;
    pthread_condattr_t ca;
    if (sem_attrs(&ma, &ca, true) != 0)
        return false;
    pthread_mutexattr_destroy(&ma);
    pthread_condattr_destroy(&ca);
    return true;
}

const char *platform_semaphore_name(void)
{
    return "racedemo's count, pthread mutex and condition variable";
}
#endif

#if !RACEDEMO_HAVE_FOPENCOOKIE
/* The BSDs' and macOS's open_memstream (funopen underneath) return -1
 * from a write whose growth failed, which sets the error flag. */
FILE *platform_memstream(char **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    return open_memstream(buf, len);
}
#endif
