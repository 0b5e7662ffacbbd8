/* result.h: what one run found. Workloads fill it; renderers only read it. */
#ifndef RACEDEMO_RESULT_H
#define RACEDEMO_RESULT_H

#include <stdbool.h>
#include <stdint.h>

#include "engine.h"

#define RESULT_MAX_SETTINGS 8

/* One setting of the run, as the option that chose it: name "iters", value
 * "100000". Together they rebuild the command line that repeats the run. */
struct result_setting {
    const char *name;
    char value[24];
};

struct result {
    const char *workload;
    const char *sync;         /* strategy name */
    const char *sync_summary; /* its one-line description */
    struct result_setting settings[RESULT_MAX_SETTINGS];
    unsigned nsettings;

    /* What each thread did, for people: "N := N + 1", done `per_thread`
     * times by each of `threads` threads; one is an `op_noun`. */
    const char *action;
    const char *op_noun;
    unsigned threads;
    uint64_t per_thread;

    uint64_t expected;
    uint64_t observed;
    /* Why a wrong total happens, in the workload's terms. */
    const char *race_reason;

    struct engine_report run;
};

void result_add_setting(struct result *r, const char *name, const char *value);
void result_add_setting_u64(struct result *r, const char *name, uint64_t value);

/* Updates that went missing: expected - observed (negative if extra arrived). */
int64_t result_lost(const struct result *r);
/* result_lost() as a percentage of expected (0 when nothing was expected). */
double result_lost_percent(const struct result *r);
/* Total operations done by all threads. */
uint64_t result_ops(const struct result *r);
/* Wall time per operation, in nanoseconds (0 when nothing ran). */
double result_ns_per_op(const struct result *r);
/* How long every thread was working at the same time: from the last
 * thread's start to the first thread's finish (0 if they never all met). A
 * race needs overlap; a run with none is one thread after another. */
uint64_t result_overlap_ns(const struct result *r);
/* result_overlap_ns() as a percentage of the wall time. */
double result_overlap_percent(const struct result *r);
/* The verdict: the observed total is the expected one. */
bool result_correct(const struct result *r);

#endif
