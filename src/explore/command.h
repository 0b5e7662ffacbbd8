/* explore/command.h: the explore command, for cli.c's command table. */
#ifndef RACEDEMO_EXPLORE_COMMAND_H
#define RACEDEMO_EXPLORE_COMMAND_H

#include <stdio.h>

struct text_layout;

/* `racedemo explore WORKLOAD [options]` (argv[0] is "explore"): explores
 * and prints the report; returns the exit status. */
int explore_command(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout);

/* explore --help (and `racedemo help explore`). */
void explore_print_help(FILE *out, const struct text_layout *layout);

#endif
