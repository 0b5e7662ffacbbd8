/* engine.h: what a workload writes against of the one run engine every
 * workload shares (src/core/engine.h is the engine itself): the most
 * workers a run may have, a worker's part of a trial, and what the engine
 * saw of a trial (where each worker ran, when it started and finished). */
#ifndef RACEDEMO_ENGINE_H
#define RACEDEMO_ENGINE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Most worker threads a run may ask for (documented in --help and README). */
#define RACEDEMO_MAX_THREADS 64

/* The work of worker `index` (0-based) in one trial. */
typedef void (*engine_work_fn)(void *arg, unsigned index);

enum engine_placement {
    PLACEMENT_PINNED,     /* worker i on the i-th CPU this process may use */
    PLACEMENT_NO_PIN,     /* the user asked the scheduler to place them */
    PLACEMENT_TOO_FEW,    /* more workers than usable CPUs: scheduler places */
    PLACEMENT_PIN_FAILED, /* pinning was refused: scheduler places */
    PLACEMENT_LIST,       /* round-robin onto the CPUs the user listed (--cpus) */
    /* This build cannot pin (platform_can_pin): the scheduler places. */
    PLACEMENT_UNSUPPORTED,
};

/* One trial, as the engine saw it. */
struct engine_report {
    unsigned nthreads;
    unsigned cpus_usable; /* CPUs this process may run on */
    enum engine_placement placement;
    /* Where each worker was when it finished its work (-1 unknown; a
     * worker the scheduler places may start elsewhere; one that did not
     * finish: where it began), read while the engine notes CPUs
     * (engine_note_cpus), else the last one read. */
    int cpu[RACEDEMO_MAX_THREADS];
    /* Each worker's start and finish, from the first worker's start. */
    uint64_t start_ns[RACEDEMO_MAX_THREADS];
    uint64_t end_ns[RACEDEMO_MAX_THREADS];
    uint64_t wall_ns; /* the first worker's start to the last one's finish */
    /* Wasted work: turns of wait loops during the work, and CPU time (0
     * unless measured: engine_measure_cpu). */
    uint64_t spins[RACEDEMO_MAX_THREADS];
    uint64_t cpu_ns[RACEDEMO_MAX_THREADS];
};

#endif
