/* litmus/json.c: a litmus run as one JSON document: the machine, and
 * each test's settings, counts, outcomes and verdict. */
#include <inttypes.h>
#include <stdio.h>

#include "racedemo/litmus.h"
#include "report/render.h"
#include "report/words.h"
#include "litmus/litmus.h"

#ifndef RACEDEMO_VERSION
#define RACEDEMO_VERSION "unknown"
#endif

static void json_run(FILE *out, const struct litmus_result *r)
{
    const struct litmus_test *t = r->test;
    char line[1024];
    fprintf(out, "    {\n      \"test\": \"%s\",\n      \"title\": \"%s\",\n", t->name, t->title);
    fprintf(out, "      \"order\": \"%s\",\n      \"fence\": %s,\n", litmus_order_names[r->order],
            r->fence ? "true" : "false");
    fprintf(out, "      \"threads\": [");
    for (unsigned i = 0; i < t->threads; i++)
        fprintf(out, "%s\"%s\"", i ? ", " : "", t->code[i]);
    fprintf(out, "],\n      \"placement\": ");
    render_json_string(out, render_placement(line, sizeof line, &r->placement, 0, "", false));
    fprintf(out,
            ",\n      \"trials\": %" PRIu64 ",\n      \"iters\": %" PRIu64
            ",\n      \"batch\": %" PRIu64 ",\n      \"met\": %s,\n      \"tests\": %" PRIu64
            ",\n      \"wall_ns\": %" PRIu64 ",\n      \"in_step_seen\": %" PRIu64 ",\n",
            r->trials, r->iters, r->batch, r->met ? "true" : "false", litmus_total_tests(r),
            r->wall_ns, litmus_in_step_seen(r));
    fprintf(out,
            "      \"sc_forbidden_seen\": %" PRIu64 ",\n      \"c11_forbidden_seen\": %" PRIu64
            ",\n      \"outcomes\": [\n",
            litmus_forbidden_seen(r, LITMUS_SC), litmus_forbidden_seen(r, LITMUS_C11));
    for (unsigned o = 0; o < (1u << t->nregs); o++) {
        char what[64];
        fprintf(out, "        {\"outcome\": \"%s\", \"seen\": %" PRIu64,
                litmus_outcome_text(what, sizeof what, t, o), r->seen[o]);
        fprintf(out, ", \"in_step\": %s", t->in_step >> o & 1 ? "true" : "false");
        fprintf(out, ", \"sc\": %s, \"x86_tso\": %s, \"arm64\": %s, \"c11\": %s}%s\n",
                litmus_allowed(t, r->order, r->fence, LITMUS_SC, o) ? "true" : "false",
                litmus_allowed(t, r->order, r->fence, LITMUS_X86, o) ? "true" : "false",
                litmus_allowed(t, r->order, r->fence, LITMUS_ARM64, o) ? "true" : "false",
                litmus_allowed(t, r->order, r->fence, LITMUS_C11, o) ? "true" : "false",
                o + 1 < (1u << t->nregs) ? "," : "");
    }
    fprintf(out, "      ],\n      \"verdict\": ");
    render_json_string(out, litmus_verdict(line, sizeof line, r));
    fprintf(out, "\n    }");
}

void render_litmus_json(FILE *out, const char *command, const struct litmus_result *r, size_t n)
{
    enum litmus_model m = litmus_machine_model();
    fprintf(out, "{\n  \"schema_version\": 1,\n  \"tool\": \"racedemo\",\n");
    fprintf(out, "  \"version\": \"%s\",\n  \"command\": ", RACEDEMO_VERSION);
    render_json_string(out, command);
    fprintf(out, ",\n  \"machine\": \"%s\",\n  \"machine_model\": ", litmus_machine_name());
    if (m == LITMUS_MODELS)
        fprintf(out, "null");
    else
        fprintf(out, "\"%s\"", litmus_model_names[m]);
    /* A stop signal: the last run has the trials completed before it,
     * and the tests after it did not run. */
    fprintf(out, ",\n  \"interrupted\": %s,\n  \"runs\": [\n",
            n && r[n - 1].interrupted ? "true" : "false");
    for (size_t i = 0; i < n; i++) {
        json_run(out, &r[i]);
        fprintf(out, "%s\n", i + 1 < n ? "," : "");
    }
    fprintf(out, "  ]\n}\n");
}
