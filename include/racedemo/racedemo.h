/* racedemo.h: racedemo as a library call. racedemo_main() is the whole
 * command line (src/cli/cli.c): the one place that talks to the user, prints
 * errors and chooses the exit status; main() only calls it. The other
 * public headers beside this one are what a strategy or a workload is
 * written against (sync.h, workload.h) and what a run yields (result.h). */
#ifndef RACEDEMO_RACEDEMO_H
#define RACEDEMO_RACEDEMO_H

#include <stdio.h>

/* Exit statuses, as documented in --help and README. A race is what
 * racedemo is for, so a run that shows one succeeds; scripts that want a
 * wrong total to fail ask for it with --check. */
enum racedemo_exit {
    EXIT_OK = 0,           /* the run completed, whatever its verdict (or help, list) */
    EXIT_CHECK_FAILED = 1, /* --check: the observed total differed from the expected one */
    EXIT_USAGE = 2,        /* bad command line; nothing was run */
    EXIT_STUCK = 3,        /* the watchdog stopped a run in which no thread progressed */
    EXIT_FAILED = 4,       /* the run could not be done (threads or memory), or its output
                            * could not be written */
    EXIT_DEADLOCK = 5,     /* prodcons stalled and was stopped, or a replay ended in DEADLOCK */
    /* Stopped by a signal, during the trials or while the report was
     * written (whole): 128 + its number (130 Ctrl-C, 143 SIGTERM, 129
     * SIGHUP), in place of 0 and 1. */
};

int racedemo_main(int argc, char **argv, FILE *out, FILE *err);

/* After racedemo_main(): flushes and closes out, and if any write to it
 * failed (a full disk, a closed descriptor, a pipe whose reader left while
 * SIGPIPE is ignored) says so in one line on err and returns EXIT_FAILED;
 * otherwise returns status. */
int racedemo_finish_output(FILE *out, FILE *err, int status);

#endif
