/* run/run.h: a workload's free run: its trials on one team of workers
 * (run.c, with the watchdog), and the options every run shares
 * (run_options.c). What the modes call; a workload author never does. */
#ifndef RACEDEMO_RUN_RUN_H
#define RACEDEMO_RUN_RUN_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "racedemo/options.h"
#include "racedemo/result.h"
#include "racedemo/workload.h"

/* The options every workload takes (--threads, --sync, --trials...). */
extern const struct opt workload_run_options[];

/* What the trial loop tells its caller while it runs. */
struct trials_hooks {
    /* Called now and then with trials done so far; NULL: nothing. */
    void (*progress)(void *ctx, size_t done, const struct run_config *run, uint64_t elapsed_ns);
    void *ctx;
    /* Set (by a signal handler) to stop after the current trial. */
    const atomic_int *stop;
    /* Called with each trial as it completes, after it is counted into the
     * result (a streaming renderer writes its row); NULL: nothing. The
     * trial may not be among the kept ones: it and its metrics are passed. */
    void (*trial)(void *trial_ctx, const struct result *r, const struct trial_result *t,
                  const int64_t *metrics);
    void *trial_ctx;
};

/* Runs the workload's trials (--trials, --duration) on one team of workers
 * and fills res. Returns 0, or an errno value with one line in err. */
int workload_run(const struct workload *w, const struct run_config *run, const void *config,
                 const struct trials_hooks *hooks, struct result *res, char *err, size_t errlen);

/* Fills the result fields that come from run_config. */
void workload_describe_run(struct result *res, const struct workload *w,
                           const struct run_config *run, const void *config);

#endif
