/* registry.c: the table of workloads and the options they all share. */
#define _POSIX_C_SOURCE 200809L /* platform.h */
#include <stdio.h>
#include <string.h>

#include "platform.h"
#include "render.h"
#include "workload.h"

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

static const struct opt_choice formats[] = {
    {"text", "a report for people", NULL},
    {"json", "one JSON document: settings, every trial, summary", NULL},
    {"csv", "a header row, then one row per trial", NULL},
    {"mermaid", "with --schedule: a mermaid sequence diagram of the steps", "schedule"},
    {NULL, NULL, NULL},
};

const struct opt workload_run_options[] = {
    {.name = "threads",
     .short_name = 't',
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "worker threads",
     .offset = offsetof(struct run_config, threads),
     .min = 1,
     .max = RACEDEMO_MAX_THREADS,
     .def = 2},
    {.name = "sync",
     .short_name = 's',
     .kind = OPT_SYNC,
     .metavar = "NAME",
     .help = "how threads guard shared data; 'help' lists them",
     .offset = offsetof(struct run_config, sync),
     .list_offset = offsetof(struct run_config, sync_mask),
     .def_name = "none"},
    {.name = "procs",
     .kind = OPT_FLAG,
     .help = "make the workers processes (fork) sharing one MAP_SHARED mapping, not threads",
     .offset = offsetof(struct run_config, procs)},
    {.name = "no-pin",
     .kind = OPT_FLAG,
     .help = "let the scheduler place threads instead of one per CPU",
     .offset = offsetof(struct run_config, no_pin)},
    {.name = "cpus",
     .kind = OPT_CPUS,
     .metavar = "LIST",
     .help = "pin the threads round-robin onto these CPUs, lowest first, e.g. 0 or 0,1",
     .offset = offsetof(struct run_config, cpus)},
    {.name = "window",
     .kind = OPT_COUNT,
     .metavar = "N|yield",
     .help = "widen each racy step: N CPU pauses (or one sched_yield) between load and store",
     .offset = offsetof(struct run_config, window),
     .min = 0,
     .max = WINDOW_MAX,
     .def = 0,
     .def_text = "0",
     .word = "yield",
     .word_value = WINDOW_YIELD},
    {.name = "no-instruments",
     .kind = OPT_FLAG,
     .help = "turn the violation detector off, to time the bare algorithm",
     .offset = offsetof(struct run_config, no_instruments)},
    {.name = "trials",
     .short_name = 'T',
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "run N trials on the same threads, in memory that does not grow with N; past "
             "10,000 trials the median time and ns/op come from a histogram, exact or within "
             "0.8%, and the report says which",
     .offset = offsetof(struct run_config, trials),
     .min = 1,
     .max = RESULT_MAX_TRIALS,
     .def = 0,
     .def_text = "1"},
    {.name = "duration",
     .short_name = 'd',
     .kind = OPT_COUNT,
     .metavar = "SECONDS",
     .help = "run trials for SECONDS instead of a count, as many as fit (no cap; medians as "
             "for --trials)",
     .offset = offsetof(struct run_config, duration),
     .min = 1,
     .max = 86400,
     .def = 0,
     .def_text = "off"},
    {.name = "timeout",
     .kind = OPT_COUNT,
     .metavar = "SECONDS",
     .help = "stop a run in which no thread progressed for SECONDS (STUCK, status 3)",
     .offset = offsetof(struct run_config, timeout),
     .min = 1,
     .max = 3600,
     .def = 2},
    {.name = "schedule",
     .kind = OPT_TEXT,
     .metavar = "SPEC",
     .help = "replay one interleaving step by step: letters (ABAB), thread:step words "
             "('A:load B:load'), random, or every:N",
     .offset = offsetof(struct run_config, schedule)},
    {.name = "quiz",
     .kind = OPT_FLAG,
     .help = "with --schedule: show the steps with every value hidden, for a class to predict",
     .offset = offsetof(struct run_config, quiz),
     .output_only = true},
    {.name = "answers",
     .kind = OPT_FLAG,
     .help = "with --quiz: show the values after all",
     .offset = offsetof(struct run_config, answers),
     .output_only = true},
    {.name = "trace",
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "record each thread's first N iterations with timestamps and show the first lost "
             "update as it happened (counter --sync none)",
     .offset = offsetof(struct run_config, trace),
     .min = 1,
     .max = 1000000,
     .def = 0,
     .def_text = "off"},
    {.name = "seed",
     .kind = OPT_SEED,
     .metavar = "N|random",
     .help = "seed of every random choice; 'random' picks one",
     .offset = offsetof(struct run_config, seed),
     .def = WORKLOAD_DEFAULT_SEED},
    {.name = "format",
     .short_name = 'f',
     .kind = OPT_CHOICE,
     .metavar = "FMT",
     .help = "how to print the result",
     .offset = offsetof(struct run_config, format),
     .choices = formats,
     .def = FORMAT_TEXT,
     .output_only = true},
    {.name = "verbose",
     .short_name = 'v',
     .kind = OPT_FLAG,
     .help = "text: show every trial, not only the first 20 (a run keeps its first 10,000; "
             "--format json and csv list every trial as it completes)",
     .offset = offsetof(struct run_config, verbose),
     .output_only = true},
    {.name = "check",
     .kind = OPT_FLAG,
     .help = "exit with status 1 if a result is wrong, verdict RACE (a wrong total, "
             "audit, list or item); NO RACE SEEN is not wrong",
     .offset = offsetof(struct run_config, check),
     .output_only = true},
    {0},
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

struct opt_set workload_run_set(const struct workload *w, struct run_config *run, bool compare)
{
    return (struct opt_set){
        .opts = workload_run_options,
        .base = run,
        .skip = {w->skip_run_options, w->traces ? NULL : no_trace, compare ? compare_skip : NULL},
        .several = compare};
}

void workload_describe_run(struct result *res, const struct workload *w,
                           const struct run_config *run, const void *config)
{
    res->workload = w->name;
    res->sync = run->sync->name;
    res->sync_summary = run->sync->summary;
    res->exclusive = run->sync->exclusive;
    res->can_stall = run->sync->can_stall;
    res->threads = (unsigned)run->threads;
    res->seed = run->seed;
    res->window = run->window;
    res->spins_counted = !run->sync->waits_in_libc;
    res->deadlock = w->sleeps;
    res->settings[0] = workload_run_set(w, (struct run_config *)run, false);
    res->settings[1] = (struct opt_set){.opts = w->options, .base = (void *)config};
}
