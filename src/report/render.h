/* report/render.h: renderers turn a finished result into output; they compute
 * nothing but presentation. A run of many trials can also be streamed:
 * the trial loop calls a renderer's per-trial hook as each trial
 * completes (JSON's trials array, CSV's rows), and the rest is rendered
 * from the finished result, so that the output is the same and no trial
 * needs to be kept. */
#ifndef RACEDEMO_RENDER_H
#define RACEDEMO_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "racedemo/result.h"

/* The renderer --format picks (run_config's format). */
enum output_format {
    FORMAT_TEXT,
    FORMAT_JSON,
    FORMAT_CSV,
    FORMAT_MERMAID,
    FORMAT_HTML,
};

/* How many trials the text report lists unless asked for all. */
#define RENDER_TEXT_TRIALS 20

/* The width and colour the text is laid out for (report/format.h). */
struct text_layout;

/* The report for people: settings, trials, summary, verdict, timing. */
void render_text(FILE *out, const struct text_layout *layout, const struct result *r,
                 const struct summary *s, bool verbose);
/* One self-contained HTML page (inline CSS and SVG, no script): the
 * verdict, the facts, the pictures that fit the run, the text report (at
 * the layout's width), and the JSON document embedded as a data block
 * (report/html.c). */
/* False, having written nothing, when out of memory. */
bool render_html(FILE *out, const struct text_layout *layout, const struct result *r,
                 const struct summary *s, bool verbose);
/* One JSON document: schema, version, configuration, trials, summary. */
void render_json(FILE *out, const struct result *r, const struct summary *s);
/* s as a JSON string, quoted and escaped. */
void render_json_string(FILE *out, const char *s);
/* A header row and one row per kept trial (every trial unless there were
 * more than RESULT_KEEP_TRIALS); with_header false for more rows of the
 * same table (compare). */
void render_csv(FILE *out, const struct result *r, bool with_header);

/* The parts of render_json and render_csv, for streaming. Trials are
 * numbered from 1; metrics holds the trial's r->nmetrics values. */
void render_json_stream_trial(FILE *out, const struct result *r, size_t number,
                              const struct trial_result *t, const int64_t *metrics);
/* After the last trial: `listed` trials were written (0: none, and the
 * document's start is written now). */
void render_json_stream_end(FILE *out, const struct result *r, const struct summary *s,
                            size_t listed);
void render_csv_header(FILE *out, const struct result *r);
void render_csv_row(FILE *out, const struct result *r, size_t number, const struct trial_result *t,
                    const int64_t *metrics);
void render_csv_end(FILE *out, const struct result *r);

/* A run's JSON or CSV written as its trials complete: the trials_hooks'
 * `trial` hook is render_stream_trial with this as its context. */
struct render_stream {
    FILE *out;
    bool json;       /* else CSV */
    bool csv_header; /* CSV: write the header row first */
    size_t written;  /* trials written */
};
void render_stream_trial(void *stream, const struct result *r, const struct trial_result *t,
                         const int64_t *metrics);
/* Writes what follows the trials: JSON's summary, CSV's stalled row. */
void render_stream_end(struct render_stream *st, const struct result *r, const struct summary *s);

/* The label of a total off the expected one: "lost", "short by" (a sum),
 * or "off by" where the sides are named (sides: result_shows_sides). */
const char *render_off_label(const struct result *r, bool sides);
/* expected - observed (`lost`) as shown under that label: "82,606"; with
 * the sides named, observed - expected with its sign: "+$193", "-$2,263".
 * Returns buf. */
char *render_off(char *buf, size_t len, const struct result *r, int64_t lost, bool sides);
/* Which side of the expected total a trial that lost `lost` ended on:
 * "money destroyed", "lost", "extra"... (not 0). */
const char *render_side(const struct result *r, int64_t lost);

/* What the threads of a workload with roles (work.roles) do, in its
 * words (result_words' role_verb, role_where): "1 producer puts 10 items
 * into the buffer; 1 consumer takes them". Returns buf. */
char *render_roles_what(char *buf, size_t len, const struct result *r);

/* Where a trial's workers ran and how they came to run there (the
 * `cpus` line): "0, 1  (one thread pinned to each CPU)"; `helpers` of
 * them (the last) named by `role`. Returns buf. */
struct engine_report;
char *render_placement(char *buf, size_t len, const struct engine_report *run, unsigned helpers,
                       const char *role, bool processes);

/* The command line that repeats the run: "racedemo counter --threads 2 ...". */
void render_command(FILE *out, const struct result *r);

/* "racedemo WORKLOAD" and every option of the sets that shapes a run:
 * not output-only, not left out by the set's skip list, and given a value
 * (render_command prints a result's settings with it). */
void render_command_line(FILE *out, const char *workload, const struct opt_set *sets, size_t nsets);

/* The same without "racedemo " and without --sync: "counter --threads 2 ...". */
void render_command_except_sync(FILE *out, const struct result *r);

/* A comparison (compare.h) of several strategies, one row each: as a
 * table for people, one JSON document, or CSV rows. */
struct comparison;
struct workload;
struct run_config;
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
};
void render_compare_text_begin(struct compare_text *t, FILE *out, const struct text_layout *layout,
                               const struct workload *w, const struct run_config *run,
                               const void *config);
void render_compare_text_row(struct compare_text *t, const struct comparison *c, size_t i);
void render_compare_text_end(struct compare_text *t, const struct comparison *c);
void render_compare_json(FILE *out, const struct comparison *c);
void render_compare_csv(FILE *out, const struct comparison *c);
/* The comparison as one HTML page: the table (the text's at the layout's
 * width), its bars, its JSON. */
/* False, having written nothing, when out of memory. */
bool render_compare_html(FILE *out, const struct text_layout *layout, const struct comparison *c);

#endif
