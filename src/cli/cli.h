/* cli/cli.h: the command line's entry points besides racedemo_main, for
 * the tests and the fuzzer: one free run kept for its caller, and every
 * check a command makes before a thread starts. */
#ifndef RACEDEMO_CLI_CLI_H
#define RACEDEMO_CLI_CLI_H

#include <stdio.h>

#include "racedemo/racedemo.h"
#include "racedemo/result.h"
#include "racedemo/workload.h"
#include "result/verdict.h"

/* One free run, kept for a caller that renders it itself (the tests render
 * one result as text, JSON and CSV). The result's settings point into run
 * and config, so the struct stays where it was allocated. */
struct cli_run {
    struct run_config run;
    void *config; /* the workload's options */
    struct result res;
    struct summary sum;
};

/* Parses `WORKLOAD [options]` as racedemo does (argv[0] is the workload's
 * name), runs it once without progress or signal handlers, and returns the
 * run with *status the exit status racedemo would give. NULL, with *status
 * and one line in err, if it was not a free run (bad options, --help,
 * --schedule) or could not be done. Free it with cli_run_free(). */
struct cli_run *cli_run_once(int argc, char **argv, int *status, FILE *err);
void cli_run_free(struct cli_run *cr);

/* Everything `racedemo [compare] WORKLOAD [options]` does before a thread
 * starts (argv[0] is "compare" or the workload's name): parse, print help
 * to out, check the settings together, parse and check a --schedule; one
 * line in err for a bad command line. Runs nothing. Returns the exit
 * status racedemo would give for a bad command line or help, else EXIT_OK.
 * For the fuzzer, which must not start threads. */
int cli_check(int argc, char **argv, FILE *out, FILE *err);

#endif
