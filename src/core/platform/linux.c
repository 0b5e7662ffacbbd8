/* core/platform/linux.c: the platform layer where the system has the feature (Linux,
 * glibc or musl): each part is built only when CMake found its feature
 * (platform_config.h); posix.c has the fallback of each. */
#define _GNU_SOURCE /* cpu_set_t, pthread_*affinity_np, sched_getcpu */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "core/platform.h"
#include "internal.h"

#if RACEDEMO_HAVE_PDEATHSIG
#include <sys/prctl.h>
#endif

/* Something is always built here, so the file is never empty. */
const char *platform_die_with_parent_how(void)
{
    return RACEDEMO_HAVE_PDEATHSIG ? "PR_SET_PDEATHSIG" : "a pipe only the parent writes to";
}

#if RACEDEMO_HAVE_AFFINITY
_Static_assert(sizeof(cpu_set_t) <= sizeof(struct platform_affinity),
               "struct platform_affinity holds a cpu_set_t");

bool platform_can_pin(void)
{
    return true;
}

const char *platform_no_pin_why(void)
{
    return NULL;
}

unsigned platform_cpus_usable(int *cpus, unsigned max)
{
    cpu_set_t set;
    unsigned n = 0;
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 0;
    for (int c = 0; c < CPU_SETSIZE && n < max; c++)
        if (CPU_ISSET(c, &set))
            cpus[n++] = c;
    return n;
}

int platform_affinity_save(struct platform_affinity *saved)
{
    cpu_set_t set;
    int rc = pthread_getaffinity_np(pthread_self(), sizeof set, &set);
    if (rc == 0)
        memcpy(saved->opaque, &set, sizeof set);
    return rc;
}

int platform_affinity_restore(const struct platform_affinity *saved)
{
    cpu_set_t set;
    memcpy(&set, saved->opaque, sizeof set);
    return pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

/* The set of CPU cpu alone; false when cpu is outside any set. */
static bool one_cpu(cpu_set_t *set, int cpu)
{
    CPU_ZERO(set);
    if (cpu < 0 || cpu >= CPU_SETSIZE)
        return false;
    CPU_SET(cpu, set);
    return true;
}

int platform_pin_self(int cpu)
{
    cpu_set_t set;
    if (!one_cpu(&set, cpu))
        return EINVAL;
    return pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

int platform_pin_attr(pthread_attr_t *attr, int cpu)
{
    cpu_set_t set;
    if (!one_cpu(&set, cpu))
        return EINVAL;
    return pthread_attr_setaffinity_np(attr, sizeof set, &set);
}

int platform_pin_process(int cpu)
{
    cpu_set_t set;
    if (!one_cpu(&set, cpu))
        return EINVAL;
    return sched_setaffinity(0, sizeof set, &set) == 0 ? 0 : errno;
}
#endif

#if RACEDEMO_HAVE_SCHED_GETCPU
int platform_current_cpu(void)
{
    return sched_getcpu();
}
#endif

#if RACEDEMO_HAVE_PDEATHSIG
int platform_children_prepare(void)
{
    return 0; /* the kernel does it all */
}

int platform_die_with_parent(pid_t parent)
{
    /* Without it a worker would outlive a parent that died and spin for
     * ever: that is a failure to start, not a detail. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
        return errno;
    if (getppid() != parent)
        _exit(1); /* the parent died before prctl: nobody to work for */
    return 0;
}
#endif

#if RACEDEMO_HAVE_PTHREAD_SPIN
int platform_spin_init(platform_spinlock *l, bool pshared)
{
    return pthread_spin_init(l, pshared ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE);
}

void platform_spin_lock(platform_spinlock *l)
{
    pthread_spin_lock(l);
}

void platform_spin_unlock(platform_spinlock *l)
{
    pthread_spin_unlock(l);
}

void platform_spin_destroy(platform_spinlock *l)
{
    pthread_spin_destroy(l);
}

const char *platform_spin_name(void)
{
    return "pthread_spinlock_t";
}
#endif

#if RACEDEMO_HAVE_SEM_INIT
int platform_semaphore_init(platform_semaphore *s, bool pshared, unsigned value)
{
    if (pshared && !platform_semaphore_shares_processes())
        return ENOTSUP; /* the testing hook (core/test_hooks.h) */
    return sem_init(s, pshared, value) == 0 ? 0 : errno;
}

void platform_semaphore_wait(platform_semaphore *s)
{
    /* sem_wait fails only with EINTR (a handler ran): wait again. */
    while (sem_wait(s) != 0 && errno == EINTR)
        ;
}

void platform_semaphore_post(platform_semaphore *s)
{
    sem_post(s);
}

void platform_semaphore_destroy(platform_semaphore *s)
{
    sem_destroy(s);
}

bool platform_semaphore_shares_processes(void)
{
    /* sem_init's pshared is mandatory where sem_init works. */
    return !platform_semaphore_sharing_refused();
}

const char *platform_semaphore_name(void)
{
    return "POSIX sem_t";
}
#endif

#if RACEDEMO_HAVE_FOPENCOOKIE
#include <stdio.h>
#include <stdlib.h>

/* platform_memstream's buffer: glibc's stdio hands it each block it
 * flushes. `failed` stays set once a growth failed, so that no later
 * write can leave a hole in the middle of the text. */
struct memstream {
    char **buf;
    size_t *len;
    size_t cap;
    bool failed;
};

static ssize_t memstream_write(void *cookie, const char *data, size_t n)
{
    struct memstream *m = cookie;
    size_t need = *m->len + n + 1; /* and the NUL */
    if (m->failed || need < n) {
        errno = ENOMEM;
        return -1;
    }
    if (need > m->cap) {
        size_t cap = m->cap ? m->cap : 256;
        while (cap < need && cap <= SIZE_MAX / 2)
            cap *= 2;
        if (cap < need)
            cap = need;
        char *grown = realloc(*m->buf, cap);
        if (!grown) {
            /* -1 sets the stream's error flag: glibc's own memstream
             * returns as if it had written, and the text is cut unseen. */
            m->failed = true;
            errno = ENOMEM;
            return -1;
        }
        *m->buf = grown;
        m->cap = cap;
    }
    memcpy(*m->buf + *m->len, data, n);
    *m->len += n;
    (*m->buf)[*m->len] = '\0';
    return (ssize_t)n;
}

static int memstream_close(void *cookie)
{
    struct memstream *m = cookie;
    int rc = m->failed ? -1 : 0;
    free(m);
    return rc;
}

FILE *platform_memstream(char **buf, size_t *len)
{
    struct memstream *m = malloc(sizeof *m);
    char *empty = malloc(1);
    if (!m || !empty) {
        free(m);
        free(empty);
        return NULL;
    }
    *empty = '\0';
    *buf = empty;
    *len = 0;
    *m = (struct memstream){.buf = buf, .len = len, .cap = 1};
    FILE *f = fopencookie(
        m, "w", (cookie_io_functions_t){.write = memstream_write, .close = memstream_close});
    if (!f) {
        free(m);
        free(empty);
        *buf = NULL;
    }
    return f;
}
#endif
