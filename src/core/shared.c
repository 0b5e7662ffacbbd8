/* core/shared.c: a bump allocator in one anonymous MAP_SHARED mapping for
 * processes; aligned_alloc for threads. The mapping is reserved whole and
 * MAP_NORESERVE, so only the pages a run touches take memory. */
#define _GNU_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE */
#include "racedemo/shared.h"
#include "test_hooks.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/mman.h>

struct shared_arena {
    char *base;  /* the mapping, SHARED_MAX_BYTES long */
    size_t used; /* bytes handed out; only the parent allocates */
};

/* The open arena, that shared_calloc serves: see shared_arena_open for why
 * it is process-wide. NULL: none, the heap. */
static struct shared_arena *open_arena;

#ifdef RACEDEMO_TEST_HOOKS
static unsigned fail_calloc_at; /* 0: off; n: the n-th allocation from now fails */

void shared_fail_calloc(unsigned nth)
{
    fail_calloc_at = nth;
}
#endif

int shared_arena_open(struct shared_arena **out, char *err, size_t errlen)
{
    *out = NULL;
    if (open_arena) {
        snprintf(err, errlen, "a shared mapping is open already: one run at a time");
        return EBUSY;
    }
    struct shared_arena *a = calloc(1, sizeof *a);
    if (!a) {
        snprintf(err, errlen, "out of memory for the shared mapping");
        return ENOMEM;
    }
    void *p = mmap(NULL, SHARED_MAX_BYTES, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        int rc = errno;
        snprintf(err, errlen, "could not map memory to share between processes: %s", strerror(rc));
        free(a);
        return rc;
    }
    a->base = p;
    open_arena = *out = a;
    return 0;
}

void shared_arena_close(struct shared_arena *arena)
{
    if (!arena)
        return;
    munmap(arena->base, SHARED_MAX_BYTES);
    if (open_arena == arena)
        open_arena = NULL;
    free(arena);
}

bool shared_processes(void)
{
    return open_arena != NULL;
}

void *shared_arena_calloc(struct shared_arena *arena, size_t n, size_t size)
{
#ifdef RACEDEMO_TEST_HOOKS
    if (fail_calloc_at && --fail_calloc_at == 0)
        return NULL;
#endif
    /* Rounding up to 64 must not wrap either: n * size near SIZE_MAX
     * would become a tiny block that the caller then overruns. */
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    if (n * size > SIZE_MAX - 63)
        return NULL;
    size_t bytes = (n * size + 63) / 64 * 64;
    if (bytes == 0)
        bytes = 64;
    if (!arena) {
        void *p = aligned_alloc(64, bytes);
        if (p)
            memset(p, 0, bytes);
        return p;
    }
    if (bytes > SHARED_MAX_BYTES - arena->used)
        return NULL;
    void *p = arena->base + arena->used; /* fresh pages of a new mapping are zero */
    arena->used += bytes;
    return p;
}

void shared_arena_free(struct shared_arena *arena, void *p)
{
    if (!arena)
        free(p);
}

void *shared_calloc(size_t n, size_t size)
{
    return shared_arena_calloc(open_arena, n, size);
}

void shared_free(void *p)
{
    shared_arena_free(open_arena, p);
}

int shared_pshared(void)
{
    return open_arena ? PTHREAD_PROCESS_SHARED : PTHREAD_PROCESS_PRIVATE;
}

int shared_mutex_init(void *mutex)
{
    pthread_mutexattr_t attr;
    int rc = pthread_mutexattr_init(&attr);
    if (rc == 0)
        rc = pthread_mutexattr_setpshared(&attr, shared_pshared());
    if (rc == 0)
        rc = pthread_mutex_init(mutex, &attr);
    pthread_mutexattr_destroy(&attr);
    return rc;
}

int shared_cond_init(void *cond)
{
    pthread_condattr_t attr;
    int rc = pthread_condattr_init(&attr);
    if (rc == 0)
        rc = pthread_condattr_setpshared(&attr, shared_pshared());
    if (rc == 0)
        rc = pthread_cond_init(cond, &attr);
    pthread_condattr_destroy(&attr);
    return rc;
}

void shared_arena_prefault(const struct shared_arena *arena)
{
    for (size_t off = 0; arena && off < arena->used; off += 4096)
        (void)*(volatile char *)(arena->base + off);
}
