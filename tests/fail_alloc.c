/* tests/fail_alloc.c: an LD_PRELOAD library for tests/alloc_test.py that
 * makes the Nth allocation of a run fail, as when memory runs out
 * (glibc only: it calls glibc's own allocator by its __libc_ names, and
 * glibc's stdio, open_memstream included, allocates through the
 * interposed malloc). Each of malloc, calloc, realloc and aligned_alloc
 * counts as one allocation, in every thread and in a forked worker.
 *   RACEDEMO_FAIL_ALLOC=N     the Nth returns NULL with ENOMEM (unset or
 *                             0: none fails)
 *   RACEDEMO_FAIL_ALLOC_ON=1  and so does every one after it, as when
 *                             memory has run out for good
 *   RACEDEMO_ALLOC_REPORT=F   at exit, the number made is written to F
 * A ulimit makes some allocation fail, which one depends on the machine;
 * this makes each one fail in turn. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t count, size_t n);
void *__libc_realloc(void *p, size_t n);
void *__libc_memalign(size_t alignment, size_t n);

static atomic_ulong made;
static unsigned long fail_at;
static bool fail_on;

__attribute__((constructor)) static void fail_alloc_start(void)
{
    const char *n = getenv("RACEDEMO_FAIL_ALLOC");
    fail_at = n ? strtoul(n, NULL, 10) : 0;
    const char *on = getenv("RACEDEMO_FAIL_ALLOC_ON");
    fail_on = on && *on == '1';
}

/* Only the process that started: a forked worker ends with _exit. */
__attribute__((destructor)) static void fail_alloc_report(void)
{
    const char *path = getenv("RACEDEMO_ALLOC_REPORT");
    if (!path)
        return;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return;
    char line[32];
    int n = snprintf(line, sizeof line, "%lu\n", atomic_load(&made));
    if (n > 0 && write(fd, line, (size_t)n) != n)
        n = 0;
    close(fd);
}

static int fails(void)
{
    unsigned long n = atomic_fetch_add(&made, 1) + 1;
    if (fail_at && (n == fail_at || (fail_on && n > fail_at))) {
        errno = ENOMEM;
        return 1;
    }
    return 0;
}

void *malloc(size_t n)
{
    return fails() ? NULL : __libc_malloc(n);
}

void *calloc(size_t count, size_t n)
{
    return fails() ? NULL : __libc_calloc(count, n);
}

void *realloc(void *p, size_t n)
{
    return fails() ? NULL : __libc_realloc(p, n);
}

void *aligned_alloc(size_t alignment, size_t n)
{
    return fails() ? NULL : __libc_memalign(alignment, n);
}
