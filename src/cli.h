/* cli.h: the command line of racedemo: the one place that talks to the user,
 * prints errors and chooses the exit status. main() only calls it. */
#ifndef RACEDEMO_CLI_H
#define RACEDEMO_CLI_H

#include <stdio.h>

/* Exit statuses, as documented in --help and README (diff's convention:
 * 0 same, 1 different, 2 trouble with the command line). */
enum racedemo_exit {
    EXIT_CORRECT = 0, /* the observed total equals the expected one (or help, list) */
    EXIT_RACE = 1,    /* the run ended with a wrong total */
    EXIT_USAGE = 2,   /* bad command line; nothing was run */
    EXIT_FAILED = 3,  /* the run could not be done (threads, memory) */
};

int racedemo_main(int argc, char **argv, FILE *out, FILE *err);

#endif
