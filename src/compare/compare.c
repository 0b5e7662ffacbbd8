/* compare/compare.c: run one workload under each chosen strategy in turn. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "run/rules.h"
#include "run/run.h"
#include "result/verdict.h"

size_t compare_order(const struct run_config *run, size_t *order, size_t max)
{
    size_t n = 0;
    uint64_t seen = 0;
    const char *p = run->sync_names;
    if (p && strcmp(p, "all") != 0) {
        /* The names as typed: the mask the parser keeps has lost their order. */
        while (*p) {
            size_t len = strcspn(p, ",");
            for (size_t i = 0; sync_strategies[i]; i++) {
                const char *name = sync_strategies[i]->name;
                if (strlen(name) == len && strncmp(name, p, len) == 0 && !(seen >> i & 1) &&
                    n < max) {
                    seen |= (uint64_t)1 << i;
                    order[n++] = i;
                }
            }
            p += len + (p[len] == ',');
        }
        if (n > 0)
            return n;
    }
    for (size_t i = 0; sync_strategies[i] && n < max; i++)
        if (!run->sync_mask || (run->sync_mask >> i & 1))
            order[n++] = i;
    return n;
}

void compare_defaults(struct run_config *run)
{
    /* Each gives way to the option given. */
    if (!run->timeout_given)
        run->timeout = TIMEOUT_HALF;
    if (!run->budget_given && !run->duration)
        run->budget = COMPARE_BUDGET_S;
}

/* Runs row i; 0, or an errno value with one line in err. */
static int run_row(const struct workload *w, const struct trials_hooks *hooks,
                   const struct compare_hooks *show, struct comparison *c, size_t i, char *err,
                   size_t errlen)
{
    struct compare_row *row = &c->rows[i];
    if (c->interrupted) {
        snprintf(row->skipped, sizeof row->skipped, "not run: interrupted");
        return 0;
    }
    char why[256];
    if (workload_check(w, &row->run, c->config, why, sizeof why) != 0) {
        snprintf(row->skipped, sizeof row->skipped, "skipped: %s", why);
        return 0;
    }
    if (show && show->starting)
        show->starting(show->ctx, c, i);
    int rc = workload_run(w, &row->run, c->config, hooks, &row->result, err, errlen);
    if (rc != 0)
        return rc;
    if (!result_summarize(&row->result, &row->summary)) {
        snprintf(err, errlen, "out of memory summarising --sync %s", row->sync->name);
        return ENOMEM;
    }
    if (row->result.run.interrupted)
        c->interrupted = true;
    return 0;
}

int compare_run(const struct workload *w, const struct run_config *run, const void *config,
                const struct trials_hooks *hooks, const struct compare_hooks *show,
                struct comparison *c, char *err, size_t errlen)
{
    size_t order[64];
    memset(c, 0, sizeof *c);
    c->workload = w;
    c->config = config;
    c->planned = compare_order(run, order, sizeof order / sizeof order[0]);
    c->rows = calloc(c->planned ? c->planned : 1, sizeof *c->rows);
    if (!c->rows) {
        snprintf(err, errlen, "out of memory");
        return ENOMEM;
    }
    for (size_t k = 0; k < c->planned; k++) {
        struct compare_row *row = &c->rows[k];
        row->sync = sync_strategies[order[k]];
        row->run = *run;
        row->run.sync = row->sync;
        row->run.sync_mask = (uint64_t)1 << order[k];
        compare_defaults(&row->run);
    }
    for (size_t k = 0; k < c->planned; k++) {
        c->nrows = k + 1;
        int rc = run_row(w, hooks, show, c, k, err, errlen);
        if (rc != 0)
            return rc;
        if (show && show->done)
            show->done(show->ctx, c, k);
    }
    return 0;
}

void compare_free(struct comparison *c)
{
    for (size_t i = 0; i < c->nrows; i++)
        result_free(&c->rows[i].result);
    free(c->rows);
    c->rows = NULL;
    c->nrows = 0;
}

bool compare_row_timed(const struct compare_row *row)
{
    return !row->skipped[0] && !row->result.stall.stuck && row->summary.trials > 0 &&
           row->summary.wall_median_ns > 0 && row->summary.ns_per_op_median > 0;
}

uint64_t compare_bar_value(const struct compare_row *row)
{
    double ns = row->summary.ns_per_op_median;
    return ns > 0 ? (uint64_t)(ns * 1000 + 0.5) : 0;
}

const struct sync_strategy *compare_reference(void)
{
    for (const struct sync_strategy *const *s = sync_strategies; *s; s++)
        if ((*s)->compare_reference)
            return *s;
    return NULL;
}

const struct compare_row *compare_baseline(const struct comparison *c, enum compare_base *why)
{
    const struct compare_row *fastest = NULL, *first = NULL;
    for (size_t i = 0; i < c->nrows; i++) {
        const struct compare_row *row = &c->rows[i];
        if (!compare_row_timed(row))
            continue;
        if (row->sync->compare_reference) {
            *why = BASE_REFERENCE;
            return row;
        }
        if (!first)
            first = row;
        if (result_all_correct(&row->result) &&
            (!fastest || row->summary.ns_per_op_median < fastest->summary.ns_per_op_median))
            fastest = row;
    }
    *why = fastest ? BASE_FASTEST_CORRECT : first ? BASE_FIRST : BASE_NONE;
    return fastest ? fastest : first;
}

bool compare_log_scale(const uint64_t *values, size_t n)
{
    uint64_t least = 0, most = 0;
    for (size_t i = 0; i < n; i++) {
        if (values[i] == 0)
            continue;
        if (!least || values[i] < least)
            least = values[i];
        if (values[i] > most)
            most = values[i];
    }
    return least && (double)most > COMPARE_LOG_SPAN * (double)least;
}

bool compare_any_race(const struct comparison *c)
{
    for (size_t i = 0; i < c->nrows; i++)
        if (!c->rows[i].skipped[0] &&
            result_completed_verdict(&c->rows[i].result) == VERDICT_RACE) /* stalled or not */
            return true;
    return false;
}
