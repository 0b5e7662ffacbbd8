/* litmus/litmus.h: racedemo litmus, the mode: one run's settings and
 * result, the run (litmus/run.c), the words and numbers its reports share,
 * and its renderers. A litmus test itself is written against
 * include/racedemo/litmus.h. */
#ifndef RACEDEMO_LITMUS_LITMUS_H
#define RACEDEMO_LITMUS_LITMUS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "racedemo/engine.h"
#include "racedemo/litmus.h"
#include "racedemo/options.h"

/* --order's choices, in enum litmus_order's order (litmus and explore). */
extern const struct opt_choice litmus_order_choices[];

/* --batch's default, which racedemo-bench measures too (src/litmus/command.c
 * says why this many). */
#define LITMUS_BATCH_DEFAULT 1024

/* One run's settings (racedemo litmus's options). */
struct litmus_config {
    const struct litmus_test *test;
    unsigned order; /* enum litmus_order */
    bool fence;
    uint64_t iters;  /* instances per trial */
    uint64_t trials; /* trials */
    uint64_t batch;  /* instances between the threads' meetings; 0: none */
    bool no_pin;
    uint64_t cpus; /* --cpus mask, 0: not given */
    /* Set (by a signal handler) to stop: the trial under way is given up
     * at its threads' next stretch, and no other starts; NULL: none. */
    const atomic_int *stop;
    /* Called now and then, between trials, with those done; NULL: none. */
    void (*progress)(void *ctx, uint64_t done, uint64_t trials, uint64_t elapsed_ns);
    void *progress_ctx;
};

/* A run's result: how often each outcome was seen. */
struct litmus_result {
    const struct litmus_test *test;
    enum litmus_order order;
    bool fence;
    uint64_t iters, batch; /* batch: as asked */
    uint64_t trials;       /* the trials completed: all those asked unless stopped */
    uint64_t trials_asked;
    bool interrupted; /* a stop came before every trial asked for was done */
    /* Whether the threads met every batch instances: not when batch is 0
     * or a whole trial, nor when the threads share CPUs (litmus/run.c). */
    bool met;
    uint64_t seen[1u << LITMUS_MAX_REGS]; /* by outcome */
    uint64_t wall_ns;                     /* the trials' time, summed */
    struct engine_report placement;       /* the first trial's */
};

/* Runs cfg's test: `trials` trials of `iters` instances on pinned
 * workers released together, fewer when cfg->stop is set (res->interrupted;
 * a trial given up is not counted). 0, or an errno value with one line in
 * err. */
int litmus_run(const struct litmus_config *cfg, struct litmus_result *res, char *err,
               size_t errlen);

/* How many tests had an outcome of the test's in_step set. */
uint64_t litmus_in_step_seen(const struct litmus_result *r);

/* How many times an outcome forbidden by `model` was seen. */
uint64_t litmus_forbidden_seen(const struct litmus_result *r, enum litmus_model model);

/* ---- the report: the words the formats share (src/litmus/words.c),
 * then each format (src/litmus/text.c, json.c, csv.c, html.c) ---- */

/* How many tests the run did: iters in each of its trials. */
uint64_t litmus_total_tests(const struct litmus_result *r);

/* The orders in words ("every load and store memory_order_relaxed"). */
extern const char *const litmus_order_words[LITMUS_ORDERS];
/* This machine as compiled: "x86-64", "arm64"... (JSON's "machine"). */
const char *litmus_machine_name(void);

/* "r0=0 r1=1": the registers' values in outcome (register k in bit k). */
char *litmus_outcome_text(char *buf, size_t len, const struct litmus_test *t, unsigned outcome);

/* The in-step outcomes, joined: "r0=0 r1=0, r0=1 r1=1". Returns buf. */
char *litmus_in_step_text(char *buf, size_t len, const struct litmus_test *t);

/* count as a share of tests: "16.48%"; "<0.01%" for a count that was
 * seen but rounds to 0.00%. Returns buf. */
char *litmus_percent(char *buf, size_t len, uint64_t count, uint64_t tests);

/* The verdict, in a sentence that agrees with the counts and with what
 * the machine's model (litmus_machine_model) predicts. */
char *litmus_verdict(char *buf, size_t len, const struct litmus_result *r);

/* n runs (one test, or every test for `litmus all`); command is the
 * line that repeats them. The text is laid out for `layout`, its width
 * and colour (report/format.h). */
struct text_layout;
void render_litmus_text(FILE *out, const struct text_layout *layout, const char *command,
                        const struct litmus_result *r, size_t n);
void render_litmus_json(FILE *out, const char *command, const struct litmus_result *r, size_t n);
/* One self-contained page (src/litmus/html.c): each test's
 * verdict as a banner, its facts, its outcomes as bars (#outcomes; for
 * `litmus all`, #outcomes-TEST) and as a table, the text report (laid
 * out for `layout`), and the JSON document render_litmus_json prints,
 * embedded. False, having written nothing, when out of memory. */
bool render_litmus_html(FILE *out, const struct text_layout *layout, const char *command,
                        const struct litmus_result *r, size_t n);
/* A header row, then one row per outcome of each run. */
void render_litmus_csv(FILE *out, const struct litmus_result *r, size_t n);

#endif
