/* workload.h: the workload registry. A workload is one scenario from the
 * seed (the counter, later the bank, the queue, the bounded buffer), in its
 * own file under src/workloads/ and one line of the table in registry.c. */
#ifndef RACEDEMO_WORKLOAD_H
#define RACEDEMO_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options.h"
#include "result.h"
#include "sync/sync.h"

/* Settings every workload shares; parsed from workload_run_options. */
struct run_config {
    uint64_t threads;
    const struct sync_strategy *sync;
    bool no_pin;
    bool check; /* a wrong total makes the exit status 1 */
};

extern const struct opt workload_run_options[];

struct workload {
    const char *name;
    const char *summary; /* one line for `racedemo list` */
    const char *about;   /* a paragraph for `racedemo NAME --help` */
    const struct opt *options;
    size_t config_size; /* bytes of the struct `options` fill */
    /* Checks that need several settings at once (a total that would
     * overflow); returns 0, or -1 with one line in err. NULL: none. */
    int (*check)(const struct run_config *run, const void *config, char *err, size_t errlen);
    /* Runs once and fills res; returns 0, or an errno value with one line in err. */
    int (*run)(const struct run_config *run, const void *config, struct result *res, char *err,
               size_t errlen);
};

/* The table, in the order `racedemo list` shows it, ended by NULL. */
extern const struct workload *const workloads[];

const struct workload *workload_find(const char *name);

/* Every check that must pass before a thread starts: the strategy's thread
 * limits, then the workload's own. 0, or -1 with one line in err. */
int workload_check(const struct workload *w, const struct run_config *run, const void *config,
                   char *err, size_t errlen);

/* Fills the result fields that come from run_config. */
void workload_describe_run(struct result *res, const struct workload *w,
                           const struct run_config *run);

#endif
