/* compare.c: run one workload under each chosen strategy in turn. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

int compare_run(const struct workload *w, const struct run_config *run, const void *config,
                const struct trials_hooks *hooks, struct comparison *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->workload = w;
    c->config = config;
    size_t count = 0;
    for (size_t i = 0; sync_strategies[i]; i++)
        if (!run->sync_mask || (run->sync_mask >> i & 1))
            count++;
    c->rows = calloc(count ? count : 1, sizeof *c->rows);
    if (!c->rows) {
        snprintf(err, errlen, "out of memory");
        return ENOMEM;
    }
    for (size_t i = 0; sync_strategies[i]; i++) {
        if (run->sync_mask && !(run->sync_mask >> i & 1))
            continue;
        struct compare_row *row = &c->rows[c->nrows++];
        row->sync = sync_strategies[i];
        row->run = *run;
        row->run.sync = row->sync;
        row->run.sync_mask = (uint64_t)1 << i;
        /* compare's own defaults, each given way to the option given. */
        if (!run->timeout_given)
            row->run.timeout = TIMEOUT_HALF;
        if (!run->budget_given && !run->duration)
            row->run.budget = COMPARE_BUDGET_S;
        if (c->interrupted) {
            snprintf(row->skipped, sizeof row->skipped, "not run: interrupted");
            continue;
        }
        char why[256];
        if (workload_check(w, &row->run, config, why, sizeof why) != 0) {
            snprintf(row->skipped, sizeof row->skipped, "skipped: %s", why);
            continue;
        }
        int rc = workload_run(w, &row->run, config, hooks, &row->result, err, errlen);
        if (rc != 0)
            return rc;
        if (!result_summarize(&row->result, &row->summary)) {
            snprintf(err, errlen, "out of memory summarising --sync %s", row->sync->name);
            return ENOMEM;
        }
        if (row->result.run.interrupted)
            c->interrupted = true;
    }
    return 0;
}

int compare_check(const struct workload *w, const struct run_config *run, const void *config,
                  char *err, size_t errlen)
{
    size_t used = 0;
    err[0] = '\0';
    for (size_t i = 0; sync_strategies[i]; i++) {
        if (run->sync_mask && !(run->sync_mask >> i & 1))
            continue;
        struct run_config one = *run;
        one.sync = sync_strategies[i];
        one.sync_mask = (uint64_t)1 << i;
        char why[256];
        if (workload_check(w, &one, config, why, sizeof why) == 0)
            return 0;
        if (used < errlen) {
            int n = snprintf(err + used, errlen - used, "%s%s", used ? "; " : "", why);
            used += n > 0 ? (size_t)n : 0;
        }
    }
    return -1;
}

void compare_free(struct comparison *c)
{
    for (size_t i = 0; i < c->nrows; i++)
        result_free(&c->rows[i].result);
    free(c->rows);
    c->rows = NULL;
    c->nrows = 0;
}

const struct compare_row *compare_baseline(const struct comparison *c)
{
    for (size_t i = 0; i < c->nrows; i++)
        if (strcmp(c->rows[i].sync->name, "mutex") == 0 && !c->rows[i].skipped[0] &&
            c->rows[i].summary.trials > 0)
            return &c->rows[i];
    return NULL;
}

bool compare_any_race(const struct comparison *c)
{
    for (size_t i = 0; i < c->nrows; i++)
        if (!c->rows[i].skipped[0] && result_verdict(&c->rows[i].result) == VERDICT_RACE)
            return true;
    return false;
}
