/* compare/render.h: a comparison's renderers: its table for people (at
 * once, or row by row as the comparison runs), JSON, CSV and HTML. */
#ifndef RACEDEMO_COMPARE_RENDER_H
#define RACEDEMO_COMPARE_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "compare/compare.h"
#include "racedemo/workload.h"
#include "report/render.h"

/* The width and colour the text is laid out for (report/format.h). */
struct text_layout;

/* A comparison of several strategies, one row each: as a table for
 * people, one JSON document, or CSV rows. */
void render_compare_text(FILE *out, const struct text_layout *layout, const struct comparison *c);
/* The command line that repeats a comparison: "racedemo compare counter
 * --threads 2 ...", without a newline. */
void render_compare_command(FILE *out, const struct comparison *c);

/* The same table written as the comparison runs (render_compare_text is
 * the three at once): _begin before any strategy runs writes the command
 * line; _row as row i is final writes it, the `what` line and the column
 * titles first (with the first row that ran: they need a run's
 * description), and flushes; _end writes what needs every row: each time
 * against the baseline, the bars and their scale, and the notes. */
struct compare_text {
    FILE *out;
    const struct text_layout *layout; /* the caller's, for the table's life */
    size_t shown;                     /* rows written */
    bool header;                      /* the what line and the column titles are written */
    bool sides;                       /* the total's column is "off by", signed */
    bool signed_rows;                 /* a row under "lost" showed a sign (it ended above) */
    bool approximate;                 /* a median was shown with ~ */
    int width, name_width;
    unsigned columns;       /* which of time and ns/op fit the width (format.h's FORMAT_COL_*) */
    unsigned metrics_shown; /* bit k: metric k's column fits the width */
    char dropped[160];      /* the titles of the columns left out, for a note */
    int verdict_width;
    /* Too narrow for the time and ns/op columns: each row ends in its own
     * bar instead (a log scale fixed in advance, so that a row can be
     * written as soon as it is final), and no block of ratios follows:
     * the table fits 24 lines at 80 columns. */
    bool row_bars;
    int bar_room; /* columns left for a row's own bar */
    bool totals;  /* the expected and observed columns fit (else the what line says expected) */
};
void render_compare_text_begin(struct compare_text *t, FILE *out, const struct text_layout *layout,
                               const struct workload *w, const struct run_config *run,
                               const void *config);
void render_compare_text_row(struct compare_text *t, const struct comparison *c, size_t i);
void render_compare_text_end(struct compare_text *t, const struct comparison *c);
/* The whole comparison as one JSON document; false, having written
 * nothing, when out of memory. */
bool render_compare_json(FILE *out, const struct comparison *c);
void render_compare_csv(FILE *out, const struct comparison *c);

/* The command line that repeats a comparison of these settings (as the
 * text's first line and JSON's "command"); NULL when out of memory. Free
 * it. */
char *render_compare_command_text(const struct workload *w, const struct run_config *run,
                                  const void *config);
/* The JSON document's parts: the head up to the "runs" array; row i up to
 * its result (a skipped row whole); after the rows, "interrupted" (known
 * only once they ran) and the end. */
void render_compare_json_head(FILE *out, const char *command, const struct workload *w);
void render_compare_json_row(FILE *out, const struct compare_row *row, size_t i);
void render_compare_json_tail(FILE *out, bool interrupted);

/* compare's JSON or CSV written as it runs (compare/stream.c), the same
 * document render_compare_json and render_compare_csv write at once, but
 * with every trial (not only each strategy's first RESULT_KEEP_TRIALS):
 * _starting before row i runs, compare_stream_trial as the trials_hooks'
 * `trial` hook with the stream as its context, _row once row i is over
 * (ran or skipped; flushed, so that it can be read at once), _end after
 * the last. When the comparison fails, _failed instead of _end ends the
 * row under way with its trials so far and closes the document, so that
 * what completed stays valid; false if nothing had been written. */
struct compare_stream {
    FILE *out;
    bool json;                         /* else CSV */
    const char *command;               /* JSON: the command line */
    const struct workload *workload;   /* JSON: its name */
    struct render_stream row;          /* the row under way: its trials written */
    const struct compare_row *current; /* that row; NULL between rows */
    size_t rows;                       /* rows over */
    bool begun;                        /* JSON: its head is written */
    bool csv_header_written;
};
void compare_stream_starting(struct compare_stream *s, const struct comparison *c, size_t i);
void compare_stream_trial(void *stream, const struct result *r, const struct trial_result *t,
                          const int64_t *metrics);
void compare_stream_row(struct compare_stream *s, const struct comparison *c, size_t i);
void compare_stream_end(struct compare_stream *s, const struct comparison *c);
bool compare_stream_failed(struct compare_stream *s, struct comparison *c);
/* The comparison as one HTML page: the table (the text's at the layout's
 * width), its bars, its JSON. */
/* False, having written nothing, when out of memory. */
bool render_compare_html(FILE *out, const struct text_layout *layout, const struct comparison *c);

#endif
