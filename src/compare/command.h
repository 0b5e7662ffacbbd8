/* compare/command.h: racedemo compare as a command: its help, and a
 * comparison run with the progress line and Ctrl-C, its table filling in
 * as each strategy finishes. */
#ifndef RACEDEMO_COMPARE_COMMAND_H
#define RACEDEMO_COMPARE_COMMAND_H

#include <stdio.h>

#include "racedemo/workload.h"

struct text_layout;

/* racedemo compare --help, or compare WORKLOAD --help (w NULL: no workload named). */
void compare_print_help(FILE *out, const struct text_layout *layout, const struct workload *w);

/* Runs the settled and checked options (run/rules.h) under each
 * strategy and renders the comparison in run->format on out; its exit
 * status, errors in one line on err. */
int compare_command_run(const struct workload *w, const struct run_config *run, const void *config,
                        FILE *out, FILE *err, const struct text_layout *layout);

#endif
