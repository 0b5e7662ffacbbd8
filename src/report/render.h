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
#include "result/verdict.h"

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

#endif
