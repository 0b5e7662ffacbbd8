/* run.c: the trial loop every workload shares: one team of workers, fresh
 * shared state before each trial, one record after it. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "workload.h"

/* How often the caller hears of progress. */
#define PROGRESS_EVERY_NS 100000000u

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int workload_run(const struct workload *w, const struct run_config *run, const void *config,
                 const struct trials_hooks *hooks, struct result *res, char *err, size_t errlen)
{
    void *ctx = NULL;
    workload_describe_run(res, w, run, config);
    int rc = w->setup(run, config, res, &ctx, err, errlen);
    if (rc != 0)
        return rc;
    struct engine *team;
    rc = engine_start(&team, (unsigned)run->threads, !run->no_pin, w->work, ctx, err, errlen);
    if (rc != 0) {
        w->teardown(ctx);
        return rc;
    }
    engine_describe(team, &res->first); /* placement, even if no trial completes */

    uint64_t trials = run->trials ? run->trials : run->duration ? RESULT_MAX_TRIALS : 1;
    uint64_t limit_ns = run->duration * 1000000000u;
    uint64_t start = now_ns(), next_progress = start + PROGRESS_EVERY_NS, now = start;
    while (res->ntrials < trials) {
        if (hooks && hooks->stop && *hooks->stop) {
            res->interrupted = true;
            break;
        }
        struct engine_report report;
        struct trial_result t = {0};
        w->reset(ctx);
        engine_trial(team, &report);
        w->observe(ctx, &t);
        t.wall_ns = report.wall_ns;
        t.overlap_ns = result_overlap_ns(&report);
        if (res->ntrials == 0)
            res->first = report;
        if (!result_add_trial(res, &t)) {
            rc = ENOMEM;
            snprintf(err, errlen, "out of memory after %zu trials", res->ntrials);
            break;
        }
        /* The clock is read every trial only when a deadline or progress
         * needs it; a trial can be shorter than a clock read. */
        if (limit_ns || (hooks && hooks->progress) || res->ntrials == trials) {
            now = now_ns();
            if (limit_ns && now - start >= limit_ns)
                break;
            if (hooks && hooks->progress && now >= next_progress) {
                hooks->progress(hooks->ctx, res->ntrials, run, now - start);
                next_progress = now + PROGRESS_EVERY_NS;
            }
        }
    }
    /* A signal during the last trial still counts: the run was cut short. */
    if (hooks && hooks->stop && *hooks->stop)
        res->interrupted = true;
    res->capped = run->duration && res->ntrials == RESULT_MAX_TRIALS;
    res->elapsed_ns = now_ns() - start;
    engine_stop(team);
    w->teardown(ctx);
    return rc;
}
