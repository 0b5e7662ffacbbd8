/* report/csv.c: one row per trial for spreadsheets. Column names are part
 * of racedemo's interface (README lists them): add columns at the end,
 * never rename or reorder them. A trial the watchdog stopped is a row
 * too, its numbers empty and its verdict STUCK, STALLED or DEADLOCK. */
#include <inttypes.h>
#include <stdio.h>

#include "report/render.h"
#include "result/verdict.h"

/* The trial the watchdog stopped, or the one --budget ran out inside
 * before it could be judged: not among the completed ones, but a run of
 * its own with its verdict (STUCK..., or NONE), so that no format loses
 * it. */
static void unjudged_row(FILE *out, const struct result *r)
{
    fprintf(out, "%s,%s,%u,%zu,%" PRIu64 ",,,,false,,,,", r->workload, r->strategy.name, r->threads,
            r->trials.count + 1, r->work.expected);
    for (unsigned k = 0; k < r->nmetrics; k++)
        fputc(',', out);
    fprintf(out, ",%s,false,,%" PRIu64 ",%" PRIu64 "\n", verdict_token(result_verdict(r)),
            r->work.per_thread, r->run.seed);
}

void render_csv_header(FILE *out, const struct result *r)
{
    fprintf(out, "workload,sync,threads,trial,expected,observed,lost,lost_percent,correct,"
                 "wall_ns,overlap_ns,ns_per_op,violations");
    /* The workload's own columns (bank: audits...) come next, then the
     * verdict, added later and so last. */
    for (unsigned k = 0; k < r->nmetrics; k++)
        fprintf(out, ",%s", r->metrics[k].key);
    /* budget_cut: the trial --budget cut short at a clean point, whose
     * expected total is what its threads did (known when it is written,
     * so a streamed row says it too). */
    /* reruns: the times this trial was run again before it counted, its
     * workers having never worked at the same time. */
    /* iters: each thread's iterations as asked (updates, transfers, nodes,
     * items); seed: --seed's random seed, so that a row says how to run it
     * again. */
    fprintf(out, ",verdict,budget_cut,reruns,iters,seed\n");
}

void render_csv_row(FILE *out, const struct result *r, size_t number, const struct trial_result *t,
                    const int64_t *metrics)
{
    char violations[24] = ""; /* empty: not checked */
    if (r->run.detected)
        snprintf(violations, sizeof violations, "%" PRIu64, t->violations);
    fprintf(out,
            "%s,%s,%u,%zu,%" PRIu64 ",%" PRId64 ",%" PRId64 ",%.4f,%s,%" PRIu64 ",%" PRIu64
            ",%.4f,%s",
            r->workload, r->strategy.name, r->threads, number, r->work.expected, t->observed,
            result_lost(r, t), result_lost_percent(r, t), result_correct(r, t) ? "true" : "false",
            t->wall_ns, t->overlap_ns, result_ns_per_op(r, t->wall_ns), violations);
    for (unsigned k = 0; k < r->nmetrics; k++) /* empty: the trial has none */
        if (metrics[k] == METRIC_NONE)
            fputc(',', out);
        else
            fprintf(out, ",%" PRId64, metrics[k]);
    fprintf(out, ",%s,%s,%u,%" PRIu64 ",%" PRIu64 "\n", verdict_token(result_trial_verdict(r, t)),
            r->run.budget_cut ? "true" : "false", t->reruns, r->work.per_thread, r->run.seed);
}

void render_csv_end(FILE *out, const struct result *r)
{
    /* Ctrl-C's run is the exception: the user stopped it, and asked for
     * no judgement (its report says no trial completed). */
    if (r->stall.stuck || (r->trials.count == 0 && r->run.budget_stopped && !r->run.interrupted))
        unjudged_row(out, r);
}

void render_csv(FILE *out, const struct result *r, bool with_header)
{
    if (with_header)
        render_csv_header(out, r);
    /* The kept trials: all of them unless the run outgrew RESULT_KEEP_TRIALS
     * (a streamed run writes every row as it completes instead). */
    for (size_t i = 0; i < r->trials.nkept; i++)
        render_csv_row(out, r, i + 1, &r->trials.kept[i],
                       r->nmetrics ? r->metric_values + i * r->nmetrics : NULL);
    render_csv_end(out, r);
}
