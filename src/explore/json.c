/* explore/json.c: explore's report as one JSON document. Counts of
 * interleavings are JSON numbers, exact however large (a reader that
 * keeps them in doubles loses digits past 2^53); null when they were not
 * counted (the search was cut, or the states loop) or pass 2^128. */
#include <stdio.h>

#include "explore/render.h"
#include "report/render.h"

#ifndef RACEDEMO_VERSION
#define RACEDEMO_VERSION "unknown"
#endif

static void put_count(FILE *out, const struct explore_count *c, bool counted)
{
    char digits[64];
    fprintf(out, "%s",
            counted && !c->overflow ? explore_count_text(c, digits, sizeof digits) : "null");
}

static const char *finding_name(enum explore_finding f)
{
    return f == FOUND_BROKEN ? "broken" : f == FOUND_UNTESTED ? "not_applicable" : "holds";
}

static void put_requirement(FILE *out, const struct explore_report *report,
                            enum explore_requirement q)
{
    static const char *const keys[REQ_COUNT] = {"mutual_exclusion", "progress", "outcome"};
    const struct explore_requirement_result *e = &report->res->req[q];
    const char *finding = finding_name(e->finding);
    if (e->finding == FOUND_NOTHING && report->res->cut)
        finding = "unknown";
    fprintf(out, "    \"%s\": {\"finding\": \"%s\"", keys[q], finding);
    if (e->finding == FOUND_BROKEN) {
        fprintf(out, ", \"schedule\": ");
        render_json_string(out, e->schedule);
        fprintf(out, ", \"at_step\": %zu, \"replay\": ", e->at_step);
        if (report->replay[q])
            render_json_string(out, report->replay[q]);
        else
            fputs("null", out);
        if (q == REQ_EXCLUSION)
            fprintf(out, ", \"inside\": [\"%c\", \"%c\"]", 'A' + (int)e->first,
                    'A' + (int)e->second);
        if (q == REQ_PROGRESS) {
            fprintf(out, ", \"how\": \"%s\", \"waiting\": [",
                    e->stuck == STUCK_ALL_WAIT ? "every_thread_left_waits" : "others_stopped");
            bool first = true;
            for (unsigned t = 0; t < report->res->nthreads; t++)
                if (e->waiting >> t & 1) {
                    fprintf(out, "%s\"%c\"", first ? "" : ", ", 'A' + (int)t);
                    first = false;
                }
            fprintf(out, "], \"sleeps\": %s", e->sleeps ? "true" : "false");
        }
        if (q == REQ_WORKLOAD) {
            fprintf(out, ", \"observed\": ");
            render_json_string(out, e->observed);
        }
    }
    fprintf(out, "}%s\n", q + 1 < REQ_COUNT ? "," : "");
}

void render_explore_json(FILE *out, const struct explore_report *report)
{
    const struct explore_result *r = report->res;
    bool counted = !r->cut && !r->cyclic;
    fputs("{\n  \"schema_version\": 1,\n  \"tool\": \"racedemo\",\n  \"version\": ", out);
    render_json_string(out, RACEDEMO_VERSION);
    fprintf(out, ",\n  \"explore\": true,\n  \"command\": ");
    render_json_string(out, report->command);
    fprintf(out,
            ",\n  \"workload\": \"%s\",\n  \"sync\": \"%s\",\n  \"threads\": %u,\n"
            "  \"iters\": %llu,\n  \"steps\": ",
            r->workload, r->sync, r->nthreads, (unsigned long long)r->iters);
    render_json_string(out, r->steps);
    if (r->programs[0]) {
        fprintf(out, ",\n  \"programs\": ");
        render_json_string(out, r->programs);
        fprintf(out, ",\n  \"sc_forbidden\": ");
        render_json_string(out, r->forbidden);
    }
    fprintf(out,
            ",\n  \"model\": \"%s\",\n  \"states\": %llu,\n"
            "  \"max_states\": %llu,\n  \"complete\": %s,\n  \"interrupted\": %s,\n"
            "  \"cyclic\": %s,\n"
            "  \"interleavings\": ",
            r->model, (unsigned long long)r->states, (unsigned long long)r->max_states,
            r->cut ? "false" : "true", r->interrupted ? "true" : "false",
            r->cyclic ? "true" : "false");
    put_count(out, &r->interleavings, counted);
    /* Under tso: those where a load goes ahead of a store still waiting
     * in its thread's buffer (0 under sc). */
    fprintf(out, ",\n  \"passing_interleavings\": ");
    put_count(out, &r->passing, counted);
    fprintf(out, ",\n  \"expected\": ");
    render_json_string(out, r->expected);
    fprintf(out, ",\n  \"outcomes\": [");
    for (size_t i = 0; i < r->noutcomes; i++) {
        const struct explore_outcome *o = &r->outcomes[i];
        fprintf(out, "%s\n    {\"observed\": ", i ? "," : "");
        render_json_string(out, o->observed);
        fprintf(out, ", \"correct\": %s, \"interleavings\": ", o->correct ? "true" : "false");
        put_count(out, &o->interleavings, counted);
        fprintf(out, ", \"loss\": ");
        render_json_string(out, o->loss);
        fprintf(out, "}");
    }
    fprintf(out, "%s],\n  \"requirements\": {\n", r->noutcomes ? "\n  " : "");
    for (int q = 0; q < REQ_COUNT; q++)
        put_requirement(out, report, (enum explore_requirement)q);
    fprintf(out, "  },\n  \"verdict\": \"%s\"\n}\n", explore_verdict_word(r));
}
