/* core/engine.h: the one run engine every workload shares. A team of
 * workers lives across the trials of a run: the calling thread is worker 0
 * and the coordinator, the others are threads created once (or, in process
 * mode, where the shared data lives in a shared_arena, processes forked
 * once and the calling thread only coordinates). Each trial releases them
 * together from a spinning barrier, so their work really overlaps, and
 * times it with CLOCK_MONOTONIC. */
#ifndef RACEDEMO_CORE_ENGINE_H
#define RACEDEMO_CORE_ENGINE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "racedemo/engine.h"

struct shared_arena;

struct engine;

/* What engine_start makes: who works, where, on what, and as what. */
struct engine_config {
    unsigned nthreads;          /* workers, indexes 0 to nthreads - 1 (helpers not counted) */
    unsigned helpers;           /* more workers after them (the auditor, the replay's controller) */
    bool pin;                   /* one worker per CPU when there are CPUs enough; helpers share */
    const int *cpus;            /* non-NULL: worker i (helpers too) on cpus[i % ncpus] (--cpus) */
    unsigned ncpus;             /* how many cpus lists, checked with engine_cpus_usable */
    engine_work_fn work;        /* each worker's part of a trial */
    void *arg;                  /* work's first argument */
    bool processes;             /* workers are forked processes (--procs), not threads */
    struct shared_arena *arena; /* processes: the open arena the team and the work share */
    /* Pinned workers meet before each trial too (unpinned ones always do
     * when there is a CPU for each): a pinned worker on a CPU another
     * program keeps busy runs in turns with it, and could do its whole
     * short trial while the other worker waits for its CPU. */
    bool meet_pinned;
};

/* Creates the team: nthreads + helpers workers, the calling thread being
 * worker 0 (pinned for the team's life when pinning and there are enough
 * CPUs) unless they are processes, when every worker is a child and the
 * caller only coordinates. Returns 0, or an errno value with one line in
 * err, having stopped and joined every worker it started. */
int engine_start(struct engine **out, const struct engine_config *cfg, char *err, size_t errlen);

/* The CPUs this process may run on, as a mask of CPUs 0 to 63. */
uint64_t engine_cpus_usable(void);

/* Runs one trial: every worker calls work(arg, index) once, all released
 * together. Whatever the caller wrote before is visible to the workers, and
 * whatever they wrote is visible to the caller when this returns. */
void engine_trial(struct engine *e, struct engine_report *report);

/* Fills the placement fields of report (nthreads, cpus_usable, placement;
 * every cpu -1) before any trial has run. */
void engine_describe(const struct engine *e, struct engine_report *report);

/* After a trial: whether a worker process died (killed, or exited) while
 * the team needed it, with one line saying which and how in err. The other
 * workers have then been killed and reaped; only engine_stop may follow. */
bool engine_failed(const struct engine *e, char *err, size_t errlen);

/* A worker process stopped by a signal (SIGSTOP, SIGTSTP...) cannot finish
 * its trial. The coordinator ends the trial once one has been stopped for
 * bound_ns (2 s unless set here), or at once while the run is being
 * abandoned (engine_abandon) or *stop is set (Ctrl-C; stop may be NULL). */
void engine_bound_stops(struct engine *e, uint64_t bound_ns, const atomic_int *stop);

/* How a trial ended by a stopped worker ended. */
struct engine_stop {
    unsigned worker;     /* its index */
    const char *signal;  /* "SIGSTOP" */
    uint64_t stopped_ns; /* how long it had been seen stopped */
};

/* After a trial: whether it ended because a worker process was stopped
 * (engine_bound_stops), and which, into *stop. Every worker has then been
 * killed and reaped; only engine_stop may follow. */
bool engine_stopped(const struct engine *e, struct engine_stop *stop);

/* After a trial: whether worker `index` finished it. */
bool engine_worker_finished(const struct engine *e, unsigned index);

/* Whether a worker process has ended, without reaping it: for the
 * watchdog, which must then not touch what that worker may have held. */
bool engine_worker_gone(const struct engine *e);

/* Measure each worker's CPU time in every trial (two clock reads of about
 * 170 ns each, so off where trials are short and nobody waits). */
void engine_measure_cpu(struct engine *e, bool on);

/* Give the workers' next meeting its whole budget (50 ms), even after a
 * trial that started without meeting (which leaves them 2 ms): for the
 * first reruns of a first trial whose workers never overlapped (run.c's
 * RUN_PATIENT_RERUNS), so that it costs one run at most 150 ms more. */
void engine_meet_patiently(struct engine *e);

/* Read where each worker is when it finishes its work, in every trial
 * from now on (on, the default at the start) or in none (off: a call of
 * about 20 ns per worker and trial, after the work, that a run keeping
 * only its first trial's placement can spare). */
void engine_note_cpus(struct engine *e, bool on);

/* Stops and joins the workers, restores the calling thread's CPUs. */
void engine_stop(struct engine *e);

/* The team's abandon flag (see spin_abandon), clear when it starts, in
 * memory its workers share: set it to make every wait loop of the team
 * give up (the watchdog, on a stall or a stop request). The engine sets it
 * itself when a worker process dies. */
atomic_bool *engine_abandon(struct engine *e);

/* The team's finish flag (see spin_finish_at), clear when it starts, in
 * memory its workers share: set it to make every worker leave its loop at
 * its next clean point, wait loops included only once they got the lock
 * (compare's --budget). */
atomic_bool *engine_finish(struct engine *e);

/* engine_start, one engine_trial, engine_stop. */
int engine_run(const struct engine_config *cfg, struct engine_report *report, char *err,
               size_t errlen);

#endif
