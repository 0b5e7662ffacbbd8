/* shared.h: where the data workers share is allocated. Threads share the
 * whole heap; processes made with fork() share only what was mapped
 * MAP_SHARED before the fork (--procs): a shared_arena. Every workload and
 * lock allocates its shared state with shared_calloc, so the same code
 * serves both. */
#ifndef RACEDEMO_SHARED_H
#define RACEDEMO_SHARED_H

#include <stdbool.h>
#include <stddef.h>

/* The most one --procs run may share (documented in docs/TOUR.md). */
#define SHARED_MAX_BYTES ((size_t)3 << 30)

/* Anonymous MAP_SHARED mappings, made as the run allocates before the
 * workers are forked, that they and the engine's team share (--procs):
 * about what the workload allocates, never more than SHARED_MAX_BYTES. */
struct shared_arena;

/* Maps a fresh arena into *out. While it is open, shared_calloc and the
 * shared_*_init functions serve it: the workloads and locks allocate
 * through them without an arena argument, in their setup, before the
 * engine forks anyone, so the arena they allocate in has to be known
 * process-wide; that is the one process-wide state, and only one arena can
 * be open at a time (EBUSY otherwise). Everything else (the engine) takes
 * the arena as an argument. 0, or an errno value with one line in err. */
int shared_arena_open(struct shared_arena **out, char *err, size_t errlen);
/* Unmaps it (everything allocated in it is gone); back to the heap. NULL:
 * nothing. */
void shared_arena_close(struct shared_arena *arena);
/* The bytes the arena has mapped so far (NULL: 0). */
size_t shared_arena_mapped(const struct shared_arena *arena);

/* n zeroed elements of `size` bytes, aligned to 64, in `arena`, or from
 * the heap when arena is NULL; NULL when out of memory (or past
 * SHARED_MAX_BYTES). Only before the workers are forked: a mapping made
 * after it would not be shared. */
void *shared_arena_calloc(struct shared_arena *arena, size_t n, size_t size);
/* Frees what shared_arena_calloc gave (in an arena: nothing, closing it
 * frees it all). */
void shared_arena_free(struct shared_arena *arena, void *p);
/* In a freshly forked worker: touches every page allocated in the arena so
 * far, so that its first touches do not wait on page faults once the work
 * starts. */
void shared_arena_prefault(const struct shared_arena *arena);

/* Whether an arena is open: the workers will be processes. */
bool shared_processes(void);

/* shared_arena_calloc in the open arena, or from the heap. */
void *shared_calloc(size_t n, size_t size);
/* A mutex, condition variable, or the pshared argument of a pthread
 * attribute, shared between processes when an arena is open (the
 * platform layer's spinlock and semaphore take shared_processes()).
 * 0 or an errno value. */
int shared_mutex_init(void *mutex); /* a pthread_mutex_t */
int shared_cond_init(void *cond);   /* a pthread_cond_t */
int shared_pshared(void);           /* PTHREAD_PROCESS_SHARED or _PRIVATE */

/* Frees what shared_calloc gave (in the open arena: nothing). */
void shared_free(void *p);

#endif
