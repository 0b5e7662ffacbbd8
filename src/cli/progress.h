/* cli/progress.h: while a command runs and writes its report, Ctrl-C,
 * SIGTERM and SIGHUP stop it with its report whole; while trials run, a
 * terminal shows their progress on one line of standard error. */
#ifndef RACEDEMO_CLI_PROGRESS_H
#define RACEDEMO_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "run/run.h"

/* The progress line on a terminal's standard error: one line, rewritten
 * in place, each version ending in \r. Every write goes through
 * progress_put, the one place that knows the line's width. */
struct progress {
    FILE *err;
    size_t shown; /* the length of the line on the terminal now, to blank */
    /* compare: the strategy under way, k of n (n 0: a single run) */
    const char *strategy;
    size_t k, n;
};

/* What a stop signal (Ctrl-C, SIGTERM, SIGHUP) does at the moment it
 * comes; the note the handler writes on standard error says it. */
enum run_watch_phase {
    WATCH_TRIALS, /* the trial under way gets a quarter of a second, then is given up */
    WATCH_LITMUS, /* the litmus trial under way is given up at once */
    WATCH_REPORT, /* the run is over: its report is made and written whole first */
    WATCH_SEARCH, /* explore: the search ends where it is, and reports how far it got */
};

/* From the start of a command's run to the last byte of its report: a stop
 * signal stops the trials and lets the report be written whole (a second
 * one ends racedemo at once); while trials run, a terminal shows their
 * progress. */
struct run_watch {
    struct trials_hooks hooks;
    bool progress;
    struct progress line;
};

/* Catches the stop signals (one ignored when racedemo started stays
 * ignored) and, on a terminal, shows the progress line; w->hooks go to the
 * run. A replay, which is not stopped, starts in WATCH_REPORT. */
void run_watch_begin(struct run_watch *w, FILE *err, enum run_watch_phase phase);
/* The trials are over: clears the progress line, and a stop signal from
 * now on waits for the report. */
void run_watch_report(struct run_watch *w);
/* The report is made: flushes out, so that every byte of it is written
 * while a stop signal still waits for it, then puts the handlers back. */
void run_watch_end(struct run_watch *w, FILE *out);
/* The errno value of the last run_watch_end's flush when it failed, else
 * 0: racedemo_finish_output's reason when its own flush has none left. */
int run_watch_flush_error(void);
/* The stop signal that came since run_watch_begin (SIGINT, SIGTERM,
 * SIGHUP), or 0: the command then exits 128 + it (130, 143, 129). */
int run_watch_signal(void);
/* What a command exits with: 128 + the stop signal when one came and
 * status is 0 or 1; else status (3, 4 and 5 win over a stop signal: a
 * stall or a failure says more about the run than being stopped). */
int run_watch_status(int status);

/* litmus's progress (litmus_config.progress), its context &w->line:
 * "  sb (1 of 4): 12 of 100 trials done, ...". */
void run_watch_litmus_progress(void *ctx, uint64_t done, uint64_t trials, uint64_t elapsed_ns);

/* Writes text as the progress line, in place of the one shown. */
void progress_put(struct progress *p, const char *text);
/* Blanks the progress line, so that what follows starts clean. */
void progress_clear(struct progress *p);
/* "  mutex (3 of 15)" in compare, else "  "; its length. */
int progress_prefix(char *buf, size_t len, const struct progress *p);

#endif
