/* play/command.h: the play command, for cli.c's command table. */
#ifndef RACEDEMO_PLAY_COMMAND_H
#define RACEDEMO_PLAY_COMMAND_H

#include <stdio.h>

struct text_layout;

/* `racedemo play [WORKLOAD [options]]` (argv[0] is "play"): lists the
 * challenges, or plays one from standard input; returns the exit status. */
int play_command(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout);

/* play --help (and `racedemo help play`). */
void play_print_help(FILE *out, const struct text_layout *layout);

#endif
