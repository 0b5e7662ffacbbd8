/* compare/json.c: a comparison as one JSON document: the command, then
 * each strategy's row, skipped or with its run's whole result; written at
 * once (the HTML page's data block) or as the comparison runs. */
#include <stdio.h>
#include <stdlib.h>

#include "compare.h"
#include "compare/render.h"
#include "report/format.h"
#include "report/render.h"
#include "report/words.h"

#ifndef RACEDEMO_VERSION
#define RACEDEMO_VERSION "unknown"
#endif

char *render_compare_command_text(const struct workload *w, const struct run_config *run,
                                  const void *config)
{
    struct capture line;
    FILE *f = capture_begin(&line);
    if (!f)
        return NULL;
    struct run_config shown = *run;
    compare_defaults(&shown);
    struct result settings = {0};
    workload_describe_run(&settings, w, &shown, config);
    fprintf(f, "racedemo compare ");
    render_command_except_sync(f, &settings);
    return capture_end(&line) ? line.buf : NULL;
}

void render_compare_json_head(FILE *out, const char *command, const struct workload *w)
{
    fprintf(out, "{\n\"schema_version\": 1,\n\"tool\": \"racedemo\",\n\"version\": ");
    render_json_string(out, RACEDEMO_VERSION);
    fprintf(out, ",\n\"command\": ");
    render_json_string(out, command);
    fprintf(out, ",\n\"compare\": ");
    render_json_string(out, w->name);
    fprintf(out, ",\n\"runs\": [\n");
}

void render_compare_json_row(FILE *out, const struct compare_row *row, size_t i)
{
    fprintf(out, "%s{\"sync\": ", i ? ",\n" : "");
    render_json_string(out, row->sync->name);
    if (row->skipped[0]) {
        fprintf(out, ", \"skipped\": ");
        render_json_string(out, row->skipped);
        fprintf(out, "}");
        return;
    }
    fprintf(out, ", \"skipped\": null, \"result\":\n");
}

void render_compare_json_tail(FILE *out, bool interrupted)
{
    fprintf(out, "\n],\n\"interrupted\": %s\n}\n", interrupted ? "true" : "false");
}

bool render_compare_json(FILE *out, const struct comparison *c)
{
    char *command = NULL;
    if (c->nrows > 0)
        command = render_compare_command_text(c->workload, &c->rows[0].run, c->config);
    else {
        struct capture line;
        FILE *f = capture_begin(&line);
        if (f)
            render_compare_command(f, c);
        command = f && capture_end(&line) ? line.buf : NULL;
    }
    if (!command)
        return false;
    render_compare_json_head(out, command, c->workload);
    free(command);
    for (size_t i = 0; i < c->nrows; i++) {
        const struct compare_row *row = &c->rows[i];
        render_compare_json_row(out, row, i);
        if (row->skipped[0])
            continue;
        /* A row --budget stopped before its first trial ended ran: its
         * result says so (verdict NONE, budget_stopped). */
        render_json(out, &row->result, &row->summary);
        fprintf(out, "}");
    }
    render_compare_json_tail(out, c->interrupted);
    return true;
}
