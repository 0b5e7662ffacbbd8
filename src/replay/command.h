/* replay/command.h: the replay mode's command (--schedule), for the
 * command line (src/cli/): run and render, or only check. */
#ifndef RACEDEMO_REPLAY_COMMAND_H
#define RACEDEMO_REPLAY_COMMAND_H

#include <stdint.h>
#include <stdio.h>

#include "racedemo/workload.h"

struct text_layout;

/* Parses run->schedule, replays it under run->sync and renders it in
 * run->format on out (text laid out for `layout`); its exit status,
 * errors in one line on err. The
 * options are settled and checked (run/rules.h); `given`: which of the
 * workload's own options were given (bit i: option i). */
int replay_command_run(const struct workload *w, const struct run_config *run, const void *config,
                       uint64_t given, FILE *out, FILE *err, const struct text_layout *layout);

/* What replay_command_run checks before a thread starts: EXIT_OK, or
 * EXIT_USAGE with one line on err. */
int replay_command_check(const struct workload *w, const struct run_config *run, const void *config,
                         uint64_t given, FILE *err);

#endif
