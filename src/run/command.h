/* run/command.h: a workload's free run as a command: run it with the
 * progress line and the stop signals, render it, give its exit status. */
#ifndef RACEDEMO_RUN_COMMAND_H
#define RACEDEMO_RUN_COMMAND_H

#include <stdio.h>

#include "racedemo/result.h"
#include "racedemo/workload.h"

struct text_layout;

/* The exit status of a finished free run's verdict (run_command_run
 * makes it 128 + a stop signal that came: cli/progress.h). */
int run_exit_status(const struct run_config *run, const struct result *res);

/* Runs the settled and checked options (run/rules.h) and renders the
 * result in run->format on out (text laid out for `layout`); its exit
 * status, errors in one line on err. */
int run_command_run(const struct workload *w, const struct run_config *run, const void *config,
                    FILE *out, FILE *err, const struct text_layout *layout);

#endif
