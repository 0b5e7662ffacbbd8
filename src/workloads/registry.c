/* registry.c: the table of workloads, and the checks and option sets
 * every workload's run goes through. */
#define _POSIX_C_SOURCE 200809L /* platform.h */
#include <stdio.h>
#include <string.h>

#include "core/platform.h"
#include "report/render.h"
#include "racedemo/workload.h"

#define WORKLOAD(id) extern const struct workload workload_##id;
#include "list.h"
#undef WORKLOAD

/* The order is list.h's. */
const struct workload *const workloads[] = {
#define WORKLOAD(id) &workload_##id,
#include "list.h"
#undef WORKLOAD
    NULL,
};

const struct workload *workload_find(const char *name)
{
    for (const struct workload *const *w = workloads; *w; w++)
        if (strcmp((*w)->name, name) == 0)
            return *w;
    return NULL;
}

/* More participants than racedemo runs: -1 with the message naming the
 * options that set the count. */
static int too_many_threads(const struct workload *w, const struct run_config *run,
                            const void *config, char *err, size_t errlen)
{
    if (w->helpers) {
        snprintf(err, errlen, "--threads: %s runs %u %s thread%s besides them, so at most %u",
                 w->name, w->helpers, w->helper_role, w->helpers == 1 ? "" : "s",
                 RACEDEMO_MAX_THREADS - w->helpers);
        return -1;
    }
    /* Without helpers --threads cannot pass the cap, so configure() took the
     * count from the workload's own options (prodcons): its check names them. */
    if (w->check && w->check(run, config, err, errlen) != 0)
        return -1;
    snprintf(err, errlen, "%s: at most %u threads in all; got %u",
             w->threads_from ? w->threads_from : "--threads", (unsigned)RACEDEMO_MAX_THREADS,
             (unsigned)run->threads);
    return -1;
}

int workload_check(const struct workload *w, const struct run_config *run, const void *config,
                   char *err, size_t errlen)
{
    const struct sync_strategy *s = run->sync;
    unsigned participants = (unsigned)run->threads + w->helpers;
    if (participants > RACEDEMO_MAX_THREADS)
        return too_many_threads(w, run, config, err, errlen);
    if (w->helpers && !sync_allows_threads(s, participants)) {
        unsigned max = s->max_threads ? s->max_threads : RACEDEMO_MAX_THREADS;
        if (max <= w->helpers)
            snprintf(err, errlen, "--sync %s works with at most %u threads, too few for %s",
                     s->name, max, w->name);
        else
            snprintf(err, errlen,
                     "--sync %s works with at most %u threads, and %s's %s is one of them; "
                     "use --threads %u%s",
                     s->name, max, w->name, w->helper_role, max - w->helpers,
                     max - w->helpers > 1 ? " or fewer" : "");
        return -1;
    }
    if (!w->helpers && !sync_allows_threads(s, (unsigned)run->threads)) {
        unsigned max = s->max_threads ? s->max_threads : RACEDEMO_MAX_THREADS;
        char got[96];
        if (w->threads_from)
            snprintf(got, sizeof got, "%u (%s)", (unsigned)run->threads, w->threads_from);
        else
            snprintf(got, sizeof got, "--threads %u", (unsigned)run->threads);
        if (s->min_threads == max)
            snprintf(err, errlen, "--sync %s works with exactly %u threads; got %s", s->name, max,
                     got);
        else
            snprintf(err, errlen, "--sync %s works with %u to %u threads; got %s", s->name,
                     s->min_threads, max, got);
        return -1;
    }
    if (run->sync_mask & (run->sync_mask - 1)) {
        snprintf(err, errlen,
                 "--sync takes one strategy here; to run several, use racedemo compare %s",
                 w->name);
        return -1;
    }
    if (run->cpus && !platform_can_pin()) {
        snprintf(err, errlen, "--cpus: cannot pin here (%s); leave it out and the scheduler places",
                 platform_no_pin_why());
        return -1;
    }
    if (run->procs && run->sync->waits == SYNC_SLEEPS_ON_SEMAPHORE &&
        !platform_semaphore_shares_processes()) {
        snprintf(err, errlen,
                 "--procs: --sync %s needs a semaphore shared between processes, and this "
                 "system cannot share one; use threads (leave --procs out)",
                 run->sync->name);
        return -1;
    }
    uint64_t usable = engine_cpus_usable();
    if (run->cpus & ~usable) {
        unsigned bad = 0;
        while (!((run->cpus & ~usable) >> bad & 1))
            bad++;
        snprintf(err, errlen, "--cpus: CPU %u is not one racedemo may run on here", bad);
        return -1;
    }
    if (run->cpus && run->no_pin) {
        snprintf(err, errlen, "--cpus and --no-pin exclude each other; give one");
        return -1;
    }
    if (run->trace && run->format == FORMAT_CSV) {
        snprintf(err, errlen,
                 "--trace prints a timeline, and CSV holds one row per trial: use "
                 "--format text or json with it");
        return -1;
    }
    if (run->trials && run->duration) {
        snprintf(err, errlen, "--trials and --duration exclude each other; give one");
        return -1;
    }
    return w->check ? w->check(run, config, err, errlen) : 0;
}

/* What a workload without a trace, and compare, refuse. */
static const struct opt_skip no_trace[] = {
    {"trace", "only counter's free run records its loads and stores"},
    {NULL, NULL},
};
static const struct opt_skip compare_skip[] = {
    {"schedule", "compare runs every strategy freely; replay one with racedemo WORKLOAD "
                 "--sync NAME --schedule"},
    {"quiz", "goes with --schedule, which compare does not take"},
    {"answers", "goes with --schedule, which compare does not take"},
    {"trace", "compare does not record a trace; use racedemo counter --trace"},
    {NULL, NULL},
};

/* The --window option of the run options' table. */
static const struct opt *window_option(void)
{
    const struct opt *o = workload_run_options;
    while (o->name && strcmp(o->name, "window") != 0)
        o++;
    return o->name ? o : NULL;
}

struct opt_set workload_run_set(const struct workload *w, struct run_config *run, bool compare)
{
    return (struct opt_set){
        .opts = workload_run_options,
        .base = run,
        .skip = {w->skip_run_options, w->traces ? NULL : no_trace, compare ? compare_skip : NULL},
        .several = compare,
        /* --window 0 is a choice where the workload widens a free run by
         * default (a replay takes no --window). */
        .zero_given = w->window_default && !(run && run->schedule) ? window_option() : NULL};
}

void workload_describe_run(struct result *res, const struct workload *w,
                           const struct run_config *run, const void *config)
{
    res->workload = w->name;
    res->strategy.name = run->sync->name;
    res->strategy.summary = run->sync->summary;
    res->strategy.exclusive = run->sync->exclusive;
    res->strategy.can_stall = run->sync->can_stall;
    res->threads = (unsigned)run->threads;
    res->run.seed = run->seed;
    res->run.budget_ns = run->budget * 1000000000u;
    res->work.window = run->window;
    res->workers.spins_counted = !run->sync->waits_in_libc;
    res->stall.deadlock = w->sleeps;
    res->run.settings[0] = workload_run_set(w, (struct run_config *)run, false);
    res->run.settings[1] = (struct opt_set){.opts = w->options, .base = (void *)config};
}
