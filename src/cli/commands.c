/* cli/commands.c: the table of commands (cli/commands.h). */
#include <stddef.h>

#include "cli/commands.h"
#include "explore/command.h"
#include "litmus/command.h"
#include "play/command.h"

const struct command cli_commands[] = {
    {"compare", "compare WORKLOAD [options]", "run a workload under every strategy, side by side",
     cmd_compare, CMD_FITS_ITSELF | CMD_OWN_HELP},
    {"explain", "explain NAME|WORD",
     "how a strategy or workload works, and how it fails (litmus: "
     "explain litmus TEST); what a word racedemo prints means (all: explain glossary)",
     cmd_explain, 0},
    {"explore", "explore NAME [options]",
     "every interleaving of a workload's steps: the outcomes counted, the lock's "
     "requirements checked, the shortest counterexample replayed",
     explore_command, CMD_FITS_ITSELF | CMD_OWN_HELP},
    {"litmus", "litmus [TEST] [options]",
     "the memory model's litmus tests (sb, mp, lb, iriw): each outcome, how often", litmus_command,
     CMD_FITS_ITSELF | CMD_OWN_HELP},
    {"play", "play [WORKLOAD [options]]",
     "you are the scheduler: press a thread's letter to take its step, and break the lock",
     play_command, CMD_FITS_ITSELF | CMD_OWN_HELP},
    {"list", "list", "list every workload and sync strategy", cmd_list, 0},
    {"help", "help [WORKLOAD|COMMAND]",
     "show this help, or a workload's, compare's, explore's or litmus's", cmd_help, 0},
    {NULL, NULL, NULL, NULL, 0},
};
