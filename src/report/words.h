/* report/words.h: the words every renderer of a run shares (text, JSON,
 * CSV, HTML, compare's, litmus's) and cli.c: a total off the expected
 * one, where the workers ran, what the workers with roles do, and the
 * command line that repeats a run. */
#ifndef RACEDEMO_WORDS_H
#define RACEDEMO_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "racedemo/options.h"
#include "racedemo/result.h"

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

/* The races seen before a stall, which a stalled run's verdict says
 * first: "3,189 of 3,192 trials raced, then the run stalled" (`then`
 * joins what follows: ": "), or "" when the run did not stall or no
 * completed trial raced. Returns buf. */
char *render_raced_before_stall(char *buf, size_t len, const struct result *r, const char *then);

/* The command line that repeats the run: "racedemo counter --threads 2 ...". */
void render_command(FILE *out, const struct result *r);

/* "racedemo WORKLOAD" and every option of the sets that shapes a run:
 * not output-only, not left out by the set's skip list, and given a value
 * (render_command prints a result's settings with it). */
void render_command_line(FILE *out, const char *workload, const struct opt_set *sets, size_t nsets);

/* The same without "racedemo " and without --sync: "counter --threads 2 ...". */
void render_command_except_sync(FILE *out, const struct result *r);

#endif
