/* shared.h: where the data workers share is allocated. Threads share the
 * whole heap; processes made with fork() share only what was mapped
 * MAP_SHARED before the fork (--procs). Every workload and lock allocates
 * its shared state here, so the same code serves both. */
#ifndef RACEDEMO_SHARED_H
#define RACEDEMO_SHARED_H

#include <stdbool.h>
#include <stddef.h>

/* The most one --procs run may share (documented in README). */
#define SHARED_MAX_BYTES ((size_t)3 << 30)

/* Processes from now on: reserves the shared mapping. 0, or an errno
 * value with one line in err. */
int shared_begin(char *err, size_t errlen);
/* Back to threads: unmaps it (everything allocated in it is gone). */
void shared_end(void);
/* Whether the workers are processes. */
bool shared_processes(void);

/* n zeroed elements of `size` bytes, aligned to 64; NULL when out of
 * memory (or, for processes, past SHARED_MAX_BYTES). */
void *shared_calloc(size_t n, size_t size);
/* A mutex, condition variable, or the pshared argument of a pthread
 * attribute, shared between processes when the workers are processes
 * (the platform layer's spinlock and semaphore take shared_processes()).
 * 0 or an errno value. */
int shared_mutex_init(void *mutex); /* a pthread_mutex_t */
int shared_cond_init(void *cond);   /* a pthread_cond_t */
int shared_pshared(void);           /* PTHREAD_PROCESS_SHARED or _PRIVATE */

/* In a freshly forked worker: touches every page allocated so far, so that
 * its first touches do not wait on page faults once the work starts. */
void shared_prefault(void);

/* Testing hook: the nth call of shared_calloc from now returns NULL, as
 * when memory runs out (0 turns it off). */
void shared_fail_calloc(unsigned nth);

/* Frees what shared_calloc gave (for processes, shared_end frees it all). */
void shared_free(void *p);

#endif
