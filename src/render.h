/* render.h: renderers turn a finished result into output; they compute
 * nothing but presentation. */
#ifndef RACEDEMO_RENDER_H
#define RACEDEMO_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "result.h"

/* How many trials the text report lists unless asked for all. */
#define RENDER_TEXT_TRIALS 20

/* The report for people: settings, trials, summary, verdict, timing. */
void render_text(FILE *out, const struct result *r, const struct summary *s, bool verbose);
/* One JSON document: schema, version, configuration, trials, summary. */
void render_json(FILE *out, const struct result *r, const struct summary *s);
/* s as a JSON string, quoted and escaped. */
void render_json_string(FILE *out, const char *s);
/* A header row and one row per trial; with_header false for more rows of
 * the same table (compare). */
void render_csv(FILE *out, const struct result *r, bool with_header);

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

/* The command line that repeats the run: "racedemo counter --threads 2 ...". */
void render_command(FILE *out, const struct result *r);

/* "racedemo WORKLOAD" and every option of the sets that shapes a run:
 * not output-only, not left out by the set's skip list, and given a value
 * (render_command prints a result's settings with it). */
void render_command_line(FILE *out, const char *workload, const struct opt_set *sets, size_t nsets);

/* The same without "racedemo " and without --sync: "counter --threads 2 ...". */
void render_command_except_sync(FILE *out, const struct result *r);

#endif
