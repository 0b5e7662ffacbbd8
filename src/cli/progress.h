/* cli/progress.h: while trials run, Ctrl-C and SIGTERM stop them and a
 * terminal shows their progress on one line of standard error. */
#ifndef RACEDEMO_CLI_PROGRESS_H
#define RACEDEMO_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
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

/* While trials run: Ctrl-C and SIGTERM stop them, a terminal shows progress. */
struct run_watch {
    struct trials_hooks hooks;
    bool progress;
    struct progress line;
};

/* Installs the handlers (a signal ignored when racedemo started stays
 * ignored) and, on a terminal, the progress line; w->hooks go to the run. */
void run_watch_begin(struct run_watch *w, FILE *err);
/* Puts the handlers back and clears the progress line. */
void run_watch_end(struct run_watch *w);
/* The signal that stopped the run (SIGINT, SIGTERM), or 0. */
int run_watch_signal(void);

/* Writes text as the progress line, in place of the one shown. */
void progress_put(struct progress *p, const char *text);
/* Blanks the progress line, so that what follows starts clean. */
void progress_clear(struct progress *p);
/* "  mutex (3 of 15)" in compare, else "  "; its length. */
int progress_prefix(char *buf, size_t len, const struct progress *p);

#endif
