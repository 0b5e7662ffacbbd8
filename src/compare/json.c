/* compare/json.c: a comparison as one JSON document: the command, then
 * each strategy's row, skipped or with its run's whole result. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <stdio.h>
#include <stdlib.h>

#include "compare.h"
#include "compare/render.h"
#include "report/render.h"

#ifndef RACEDEMO_VERSION
#define RACEDEMO_VERSION "unknown"
#endif

void render_compare_json(FILE *out, const struct comparison *c)
{
    fprintf(out, "{\n\"schema_version\": 1,\n\"tool\": \"racedemo\",\n\"version\": ");
    render_json_string(out, RACEDEMO_VERSION);
    char *command = NULL;
    size_t len = 0;
    FILE *line = open_memstream(&command, &len);
    if (line) {
        render_compare_command(line, c);
        if (fclose(line) != 0) {
            free(command);
            command = NULL;
        }
    }
    fprintf(out, ",\n\"command\": ");
    if (command)
        render_json_string(out, command);
    else
        fputs("null", out);
    free(command);
    fprintf(out, ",\n\"compare\": ");
    render_json_string(out, c->workload->name);
    fprintf(out, ",\n\"interrupted\": %s,\n\"runs\": [\n", c->interrupted ? "true" : "false");
    for (size_t i = 0; i < c->nrows; i++) {
        const struct compare_row *row = &c->rows[i];
        fprintf(out, "%s{\"sync\": ", i ? ",\n" : "");
        render_json_string(out, row->sync->name);
        /* A row --budget stopped before its first trial ended ran: its
         * result says so (verdict NONE, budget_stopped). */
        if (row->skipped[0]) {
            fprintf(out, ", \"skipped\": ");
            render_json_string(out, row->skipped);
            fprintf(out, "}");
            continue;
        }
        fprintf(out, ", \"skipped\": null, \"result\":\n");
        render_json(out, &row->result, &row->summary);
        fprintf(out, "}");
    }
    fprintf(out, "\n]\n}\n");
}
