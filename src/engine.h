/* engine.h: the one run engine every workload shares. It creates the
 * workers, places them on distinct CPUs when there are enough, releases them
 * together from a spinning start gate so their work really overlaps, times
 * the run with CLOCK_MONOTONIC and joins them. */
#ifndef RACEDEMO_ENGINE_H
#define RACEDEMO_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Most worker threads a run may ask for (documented in --help and README). */
#define RACEDEMO_MAX_THREADS 64

/* The work of thread `index` (0-based) of a run. */
typedef void (*engine_work_fn)(void *arg, unsigned index);

enum engine_placement {
    PLACEMENT_PINNED,     /* thread i on the i-th CPU this process may use */
    PLACEMENT_NO_PIN,     /* the user asked the scheduler to place them */
    PLACEMENT_TOO_FEW,    /* more threads than usable CPUs: scheduler places */
    PLACEMENT_PIN_FAILED, /* pinning was refused: scheduler places */
};

struct engine_report {
    unsigned nthreads;
    unsigned cpus_usable; /* CPUs this process may run on */
    enum engine_placement placement;
    int cpu[RACEDEMO_MAX_THREADS]; /* where each thread started its work, -1 unknown */
    /* Each thread's start and finish, from the first thread's start. */
    uint64_t start_ns[RACEDEMO_MAX_THREADS];
    uint64_t end_ns[RACEDEMO_MAX_THREADS];
    uint64_t wall_ns; /* the first thread's start to the last one's finish */
};

/* Runs work(arg, i) for i in [0, nthreads) on nthreads threads released
 * together. Returns 0, or an errno value with a one-line reason in err
 * (every thread that was started has then been stopped and joined). */
int engine_run(unsigned nthreads, bool pin, engine_work_fn work, void *arg,
               struct engine_report *report, char *err, size_t errlen);

/* Testing hook: make the engine's creation of thread `index` fail with
 * `error` (an errno value), as when the system runs out of threads.
 * index < 0 turns it off. */
void engine_fail_thread_create(int index, int error);

#endif
