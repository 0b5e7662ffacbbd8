/* litmus/command.h: the litmus command, for cli.c's command table. */
#ifndef RACEDEMO_LITMUS_CLI_H
#define RACEDEMO_LITMUS_CLI_H

#include <stdio.h>

/* Each is laid out for `layout`: the screen's width, colour off (the
 * text of a run is coloured as its --color says). */
struct text_layout;

/* `racedemo litmus [TEST|all] [options]` (argv[0] is "litmus"): runs
 * the test and prints its outcome table; returns the exit status. */
int litmus_command(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout);

/* litmus --help (and `racedemo help litmus`). */
void litmus_print_help(FILE *out, const struct text_layout *layout);

/* `racedemo explain litmus [TEST]` (argv[0] is "litmus"). */
int litmus_explain(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout);

#endif
