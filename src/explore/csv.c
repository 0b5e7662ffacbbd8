/* explore/csv.c: explore's report as CSV: a header, then one row per
 * outcome with the run's facts repeated on each; a run with no complete
 * interleaving (cut, or looping) is one row with the outcome left empty. */
#include <stdio.h>

#include "explore/render.h"

/* A text field, quoted: outcomes hold commas ("total $1,912"). */
static void put_text(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static const char *finding_word(const struct explore_result *r, enum explore_requirement q)
{
    switch (r->req[q].finding) {
    case FOUND_BROKEN:
        return "broken";
    case FOUND_UNTESTED:
        return "not_applicable";
    case FOUND_NOTHING:
        break;
    }
    return r->cut ? "unknown" : "holds";
}

static void put_row(FILE *out, const struct explore_result *r, const struct explore_outcome *o)
{
    char n[64];
    bool counted = !r->cut && !r->cyclic;
    fprintf(out, "%s,%s,%u,%llu,%llu,%s,", r->workload, r->sync, r->nthreads,
            (unsigned long long)r->iters, (unsigned long long)r->states, r->cut ? "false" : "true");
    if (o) {
        put_text(out, o->observed);
        fprintf(out, ",%s,%s,", o->correct ? "true" : "false",
                counted && !o->interleavings.overflow
                    ? explore_count_text(&o->interleavings, n, sizeof n)
                    : "");
    } else {
        fputs(",,,", out);
    }
    fprintf(out, "%s,%s,%s,%s,%s\n", finding_word(r, REQ_EXCLUSION), finding_word(r, REQ_PROGRESS),
            finding_word(r, REQ_WORKLOAD), explore_verdict_word(r), r->model);
}

void render_explore_csv(FILE *out, const struct explore_report *report)
{
    const struct explore_result *r = report->res;
    fputs("name,sync,threads,iters,states,complete,outcome,correct,interleavings,"
          "mutual_exclusion,progress,outcome_requirement,verdict,model\n",
          out);
    for (size_t i = 0; i < r->noutcomes; i++)
        put_row(out, r, &r->outcomes[i]);
    if (r->noutcomes == 0)
        put_row(out, r, NULL);
}
