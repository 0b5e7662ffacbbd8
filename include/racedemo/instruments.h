/* instruments.h: why a run's violation detector is off, said the same way
 * by every workload's setup. */
#ifndef RACEDEMO_INSTRUMENTS_H
#define RACEDEMO_INSTRUMENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "racedemo/sync.h"
#include "racedemo/workload.h"

/* NULL when the detector watches the run; else the reason it does not, for
 * res->run.undetected_why. `has_lock`: the run's strategy tries to exclude
 * here. `atomic_why`: what a --sync atomic run has instead of a critical
 * section, worded for the workload; NULL where an atomic strategy is not
 * told apart (it has no lock, so "no lock" says it). */
static inline const char *workload_undetected_why(const struct run_config *run, bool has_lock,
                                                  const char *atomic_why)
{
    if (run->no_instruments)
        return "not checked (--no-instruments)";
    if (atomic_why && run->sync->atomic_update)
        return atomic_why;
    if (!has_lock)
        return "not checked: no lock, so nothing claims exclusion";
    return NULL;
}

/* A sentence about the workers, worded for what they are: "threads", or
 * "processes" under --procs, between `before` and `after` (string
 * literals, joined at compile time, so the result needs no storage). */
#define WORKERS_SAY(run, before, after)                                                            \
    ((run)->procs ? before "processes" after : before "threads" after)

#endif
