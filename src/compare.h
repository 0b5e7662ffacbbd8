/* compare.h: one workload under several strategies, side by side. */
#ifndef RACEDEMO_COMPARE_H
#define RACEDEMO_COMPARE_H

#include <stdio.h>

#include "racedemo/workload.h"

/* Each strategy's --budget in compare unless --budget or --duration is
 * given: a slow lock (bakery with more threads than CPUs) stops at a clean
 * point and its row says how far it got, instead of holding up the table. */
#define COMPARE_BUDGET_S 3
/* compare's --timeout unless one is given is TIMEOUT_HALF, 0.5 s: the
 * strategies that stall by design (flags-set-first) and the busy-waiting
 * buffers that lose a wakeup sit in their wait loops, and a working lock
 * moves far more often than that. */

struct compare_row {
    const struct sync_strategy *sync;
    char skipped[320];     /* why this strategy did not run; "" if it ran */
    struct run_config run; /* the shared settings with this strategy */
    struct result result;
    struct summary summary;
};

struct comparison {
    const struct workload *workload;
    const void *config;
    struct compare_row *rows;
    size_t nrows;
    bool interrupted;
};

/* Runs the workload once (or --trials/--duration) per strategy in
 * run->sync_mask, or every strategy when it is 0. A strategy whose thread
 * limits exclude the run is skipped with the reason. Returns 0, or an
 * errno value with one line in err. */
int compare_run(const struct workload *w, const struct run_config *run, const void *config,
                const struct trials_hooks *hooks, struct comparison *c, char *err, size_t errlen);
/* 0 if at least one strategy in run->sync_mask (every one when it is 0)
 * can run these settings; else -1 with each one's reason in err. */
int compare_check(const struct workload *w, const struct run_config *run, const void *config,
                  char *err, size_t errlen);
void compare_free(struct comparison *c);

/* The row to measure the others against: mutex when it ran, else NULL. */
const struct compare_row *compare_baseline(const struct comparison *c);

/* Some strategy's verdict is RACE: a trial ended wrong (what --check
 * reports, as it does for a single run). */
bool compare_any_race(const struct comparison *c);

#endif
