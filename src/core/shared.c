/* core/shared.c: a bump allocator in anonymous MAP_SHARED mappings for
 * processes; aligned_alloc for threads. The arena maps what the run
 * allocates as it allocates it (the parent allocates everything before it
 * forks a worker), so a run reserves about what its workload needs, not a
 * fixed maximum that a limit on address space (ulimit -v) would refuse. */
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

/* The least one mapping holds: small allocations (a lock, a job, the
 * engine) share one; an allocation larger than this gets a mapping of its
 * own size, rounded to pages. */
#define ARENA_BLOCK_BYTES ((size_t)1 << 20)
#define ARENA_PAGE_BYTES  ((size_t)4096)

/* One mapping of the arena. */
struct arena_block {
    struct arena_block *next; /* the one mapped before it */
    char *base;
    size_t size, used;
};

struct shared_arena {
    struct arena_block *newest; /* where allocations go; NULL before the first */
    size_t mapped;              /* all blocks' bytes, at most SHARED_MAX_BYTES */
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

/* Maps a block of at least `bytes` at the head of the arena's blocks and
 * returns it; NULL with *error set to an errno value (ENOMEM past
 * SHARED_MAX_BYTES) when it cannot. */
static struct arena_block *arena_grow(struct shared_arena *a, size_t bytes, int *error)
{
    size_t size = bytes > ARENA_BLOCK_BYTES ? bytes : ARENA_BLOCK_BYTES;
    size = (size + ARENA_PAGE_BYTES - 1) / ARENA_PAGE_BYTES * ARENA_PAGE_BYTES;
    *error = ENOMEM;
    if (size > SHARED_MAX_BYTES - a->mapped)
        return NULL;
    struct arena_block *b = malloc(sizeof *b);
    if (!b)
        return NULL;
    void *p =
        mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        *error = errno;
        free(b);
        return NULL;
    }
    *b = (struct arena_block){.next = a->newest, .base = p, .size = size};
    a->newest = b;
    a->mapped += size;
    return b;
}

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
    /* The first block now, so that a system that maps nothing says so
     * here rather than as one allocation's failure. */
    int rc;
    if (!arena_grow(a, ARENA_BLOCK_BYTES, &rc)) {
        snprintf(err, errlen, "could not map memory to share between processes: %s", strerror(rc));
        free(a);
        return rc;
    }
    open_arena = *out = a;
    return 0;
}

void shared_arena_close(struct shared_arena *arena)
{
    if (!arena)
        return;
    while (arena->newest) {
        struct arena_block *b = arena->newest;
        arena->newest = b->next;
        munmap(b->base, b->size);
        free(b);
    }
    if (open_arena == arena)
        open_arena = NULL;
    free(arena);
}

size_t shared_arena_mapped(const struct shared_arena *arena)
{
    return arena ? arena->mapped : 0;
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
    struct arena_block *b = arena->newest;
    int error;
    /* Not room in the newest: its rest is left (a bump allocator). */
    if ((!b || bytes > b->size - b->used) && !(b = arena_grow(arena, bytes, &error)))
        return NULL;
    void *p = b->base + b->used; /* fresh pages of a new mapping are zero */
    b->used += bytes;
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
    for (const struct arena_block *b = arena ? arena->newest : NULL; b; b = b->next)
        for (size_t off = 0; off < b->used; off += ARENA_PAGE_BYTES)
            (void)*(volatile char *)(b->base + off);
}
