/* registry.c: the table of workloads and the options they all share. */
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "workload.h"

extern const struct workload workload_counter;

const struct workload *const workloads[] = {
    &workload_counter,
    NULL,
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
     .def_name = "none"},
    {.name = "no-pin",
     .kind = OPT_FLAG,
     .help = "let the scheduler place threads instead of one per CPU",
     .offset = offsetof(struct run_config, no_pin)},
    {.name = "check",
     .kind = OPT_FLAG,
     .help = "exit with status 1 if the observed total is not the expected one",
     .offset = offsetof(struct run_config, check)},
    {0},
};

const struct workload *workload_find(const char *name)
{
    for (const struct workload *const *w = workloads; *w; w++)
        if (strcmp((*w)->name, name) == 0)
            return *w;
    return NULL;
}

int workload_check(const struct workload *w, const struct run_config *run, const void *config,
                   char *err, size_t errlen)
{
    const struct sync_strategy *s = run->sync;
    if (!sync_allows_threads(s, (unsigned)run->threads)) {
        unsigned max = s->max_threads ? s->max_threads : RACEDEMO_MAX_THREADS;
        snprintf(err, errlen, "--sync %s works with %u to %u threads; got --threads %u", s->name,
                 s->min_threads, max, (unsigned)run->threads);
        return -1;
    }
    return w->check ? w->check(run, config, err, errlen) : 0;
}

void workload_describe_run(struct result *res, const struct workload *w,
                           const struct run_config *run)
{
    res->workload = w->name;
    res->sync = run->sync->name;
    res->sync_summary = run->sync->summary;
    res->threads = (unsigned)run->threads;
    result_add_setting_u64(res, "threads", run->threads);
    result_add_setting(res, "sync", run->sync->name);
    if (run->no_pin)
        result_add_setting(res, "no-pin", "");
}
