/* cli/commands.h: racedemo's commands besides a workload's run: the
 * table dispatch and help read, each command with its flags. Adding a
 * command is its function and one line of the table (cli/commands.c). */
#ifndef RACEDEMO_CLI_COMMANDS_H
#define RACEDEMO_CLI_COMMANDS_H

#include <stdio.h>

struct text_layout;

/* What dispatch does around a command, read in one place. */
enum command_flags {
    /* Fits its own output to the width as it writes it (a table that
     * fills in row by row); else its output is laid out in memory and
     * fitted on its way out. */
    CMD_FITS_ITSELF = 1 << 0,
    /* Answers --help itself; else `racedemo CMD --help` prints the usage
     * line and summary from this table. */
    CMD_OWN_HELP = 1 << 1,
};

struct command {
    const char *name;
    const char *usage;
    const char *summary;
    int (*fn)(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout);
    unsigned flags; /* enum command_flags */
};

/* The table, in --help's order, ended by a NULL name. */
extern const struct command cli_commands[];

/* The commands' functions: list, explain and help (cli/help.c), compare
 * (cli/cli.c); litmus's is litmus_command (litmus/command.h). */
int cmd_list(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout);
int cmd_help(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout);
int cmd_explain(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout);
int cmd_compare(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout);

#endif
