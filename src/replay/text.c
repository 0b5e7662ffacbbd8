/* replay/text.c: the step table for people: a replay's steps, one a
 * line, what each read or wrote, then the totals and the verdict. */
#include <stdio.h>
#include <stdlib.h>
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

/* The columns' widths from every step's cells: each cell wraps inside its
 * own column where the width cannot hold a step on one line. */
static bool layout_steps(struct format_table *t, const struct text_layout *layout,
                         const struct replay_result *res, bool quiz)
{
    *t = (struct format_table){
        .columns = step_columns, .ncolumns = STEP_COLUMNS, .indent = 2, .gap = 2};
    size_t n = res->nevents ? res->nevents : 1;
    const char **cells = calloc(n * STEP_COLUMNS, sizeof *cells);
    char(*texts)[3][80] = calloc(n, sizeof *texts);
    if (!cells || !texts) {
        free(cells);
        free(texts);
        return false;
    }
    for (size_t i = 0; i < res->nevents; i++)
        step_cells(&res->events[i], i, quiz, texts[i][0], texts[i][1], texts[i][2],
                   cells + i * STEP_COLUMNS);
    format_table_layout(t, layout, cells, res->nevents);
    free(cells);
    free(texts);
    return true;
}

void replay_render_text(FILE *out, const struct text_layout *layout,
                        const struct replay_result *res, const char *command, bool quiz)
{
    format_command(out, layout, command);
    fputc('\n', out);
    struct format_table table;
    if (!layout_steps(&table, layout, res, quiz)) {
        fprintf(out, "  (no memory to lay out the steps)\n");
        return;
    }
    format_table_heading(out, &table);
    for (size_t i = 0; i < res->nevents; i++) {
        const struct replay_event *ev = &res->events[i];
        char number[24], thread[8], op[80];
        const char *cells[STEP_COLUMNS];
        step_cells(ev, i, quiz, number, thread, op, cells);
        format_table_row(out, &table, cells);
        if (ev->mark[0] && !quiz) {
            char mark[sizeof ev->mark + 4];
            snprintf(mark, sizeof mark, "^ %s", ev->mark);
            /* under the read-or-written column */
            format_wrapped(out, layout, format_table_column_start(&table, 3) - 3, "", mark);
        }
    }
    fprintf(out, "\n  schedule  %s\n", res->schedule);
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
