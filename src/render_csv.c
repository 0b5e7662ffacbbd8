/* render_csv.c: one row per trial for spreadsheets. Column names are part
 * of racedemo's interface (README lists them): add columns at the end,
 * never rename or reorder them. */
#include <inttypes.h>
#include <stdio.h>

#include "render.h"

void render_csv(FILE *out, const struct result *r, bool with_header)
{
    if (with_header)
        fprintf(out, "workload,sync,threads,trial,expected,observed,lost,lost_percent,correct,"
                     "wall_ns,overlap_ns,ns_per_op,violations\n");
    for (size_t i = 0; i < r->ntrials; i++) {
        const struct trial_result *t = &r->trials[i];
        char violations[24] = ""; /* empty: not checked */
        if (r->detected)
            snprintf(violations, sizeof violations, "%" PRIu64, t->violations);
        fprintf(out,
                "%s,%s,%u,%zu,%" PRIu64 ",%" PRIu64 ",%" PRId64 ",%.4f,%s,%" PRIu64 ",%" PRIu64
                ",%.4f,%s\n",
                r->workload, r->sync, r->threads, i + 1, r->expected, t->observed,
                result_lost(r, t), result_lost_percent(r, t),
                result_correct(r, t) ? "true" : "false", t->wall_ns, t->overlap_ns,
                result_ns_per_op(r, t->wall_ns), violations);
    }
}
