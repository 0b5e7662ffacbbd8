/* replay/text.c: the step table for people: a replay's steps, one a
 * line, what each read or wrote, then the totals and the verdict. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "report/format.h"
#include "racedemo/replay.h"
#include "replay/letter.h"
#include "replay/replay.h"

/* The step table's columns. Another column (a model's store buffers)
 * joins by adding its heading here and its cell in step_cells. */
static const struct format_column step_columns[] = {
    {"step", true},      {"thread", false}, {"operation", false}, {"read or written", false},
    {"after it", false},
};
enum { STEP_COLUMNS = sizeof step_columns / sizeof step_columns[0] };

/* Step i's cells: its number, its thread, what it did (a lock's steps
 * say which half of the lock they are), what it read or wrote and the
 * shared data after it; in a quiz, "?" for what is to be guessed. */
static void step_cells(const struct replay_event *ev, size_t i, bool quiz, char number[24],
                       char thread[8], char op[80], const char *cells[STEP_COLUMNS])
{
    snprintf(number, 24, "%zu", i + 1);
    snprintf(thread, 8, "%c", letter(ev->thread));
    snprintf(op, 80, "%s%s", !ev->lock ? "" : ev->release ? "unlock: " : "lock: ", ev->op);
    cells[0] = number;
    cells[1] = thread;
    cells[2] = op;
    cells[3] = quiz && ev->detail[0] ? "?" : ev->detail;
    cells[4] = quiz && ev->shared[0] ? "?" : ev->shared;
}

/* Step rows for format_table_layout: the cells of one row at a time. */
struct step_rows {
    const struct replay_result *res;
    bool quiz;
    size_t row; /* whose cells are below; SIZE_MAX: none yet */
    char number[24], thread[8], op[80];
    const char *cells[STEP_COLUMNS];
};

static const char *step_cell(void *ctx, size_t row, size_t column)
{
    struct step_rows *s = ctx;
    if (s->row != row) {
        step_cells(&s->res->events[row], row, s->quiz, s->number, s->thread, s->op, s->cells);
        s->row = row;
    }
    return s->cells[column];
}

void replay_render_text(FILE *out, const struct text_layout *layout,
                        const struct replay_result *res, const char *command, bool quiz)
{
    format_command(out, layout, command);
    fputc('\n', out);
    /* The columns as wide as their cells, each cell wrapped inside its
     * own column where the width cannot hold a step on one line. */
    struct format_table table = {
        .columns = step_columns, .ncolumns = STEP_COLUMNS, .indent = 2, .gap = 2};
    struct step_rows rows = {.res = res, .quiz = quiz, .row = SIZE_MAX};
    format_table_layout(&table, layout, step_cell, &rows, res->nevents);
    format_table_heading(out, &table);
    for (size_t i = 0; i < res->nevents; i++) {
        const struct replay_event *ev = &res->events[i];
        char number[24], thread[8], op[80];
        const char *cells[STEP_COLUMNS];
        step_cells(ev, i, quiz, number, thread, op, cells);
        format_table_row(out, &table, cells);
        /* Under tso, each thread's buffer after the step, on a line of
         * its own under the step's operation, where the step changed it. */
        if (ev->buffers[0] && (i == 0 || strcmp(ev->buffers, res->events[i - 1].buffers) != 0)) {
            char line[sizeof ev->buffers + 16];
            snprintf(line, sizeof line, "buffers: %s", quiz ? "?" : ev->buffers);
            format_wrapped(out, layout, format_table_column_start(&table, 2) - 3, "", line);
        }
        if (ev->mark[0] && !quiz) {
            char mark[sizeof ev->mark + 4];
            snprintf(mark, sizeof mark, "^ %s", ev->mark);
            /* under the read-or-written column */
            format_wrapped(out, layout, format_table_column_start(&table, 3) - 3, "", mark);
        }
    }
    fprintf(out, "\n  schedule  %s\n", res->schedule);
    if (strcmp(res->model, "tso") == 0) {
        char model[320];
        replay_model_text(res, model, sizeof model);
        format_wrapped(out, layout, 9, "model", model);
    }
    fprintf(out, "  expected  %s\n", res->expected);
    if (quiz) {
        fprintf(out, "  observed  ?  (what is it? --answers, or the same run without --quiz, "
                     "tells)\n");
        return;
    }
    fprintf(out, "  observed  %s\n", res->observed);
    char verdict[1024];
    replay_verdict_text(res, verdict, sizeof verdict);
    format_verdict(out, layout, verdict);
    for (unsigned t = 0; t < res->nthreads; t++)
        if (res->blocked >> t & 1)
            fprintf(out, "            %c is still waiting at the end of the schedule\n", letter(t));
}
