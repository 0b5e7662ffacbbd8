/* run/rules.h: every rule that relates the options of a run to each other,
 * in one room: which shared options a mode takes, what goes together and
 * what excludes what, for a free run, compare and a replay. A unit's own
 * limits are its traits (a strategy's thread counts, a workload's helpers,
 * a replay's refusals, a workload's own check of its options); the rules
 * here read them, and no other file relates one option to another. */
#ifndef RACEDEMO_RUN_RULES_H
#define RACEDEMO_RUN_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "racedemo/options.h"
#include "racedemo/replay.h"
#include "racedemo/workload.h"

/* Which options were given: bit i is option i of its table. */
struct rules_given {
    uint64_t run;      /* of workload_run_options */
    uint64_t workload; /* of the workload's own options */
};

/* The shared options as workload w takes them: run by itself, or
 * (compare) once per strategy, which takes no replay and no trace. */
struct opt_set workload_run_set(const struct workload *w, struct run_config *run, bool compare);

/* After parsing: what the options given decide for those left out (the
 * workload's --window, whether --timeout and --budget were given), then
 * the workload's own configure(). */
void rules_settle(const struct workload *w, struct run_config *run, void *config,
                  struct rules_given given);

/* Every rule that must hold before a thread starts, for a free run, a
 * replay (run->schedule) or compare: 0, or -1 with one line in err. */
int rules_check(const struct workload *w, const struct run_config *run, const void *config,
                struct rules_given given, bool compare, char *err, size_t errlen);

/* Whether one strategy can run this workload with these settings: its
 * thread limits, the run options together, then the workload's own
 * check. compare asks it of each row. 0, or -1 with one line in err. */
int workload_check(const struct workload *w, const struct run_config *run, const void *config,
                   char *err, size_t errlen);

/* A schedule of letters or thread:step words (not random, not every:N):
 * it sets every thread's iterations itself. */
bool rules_schedule_is_letters(const char *schedule);

/* The shared options a replay refuses, each with why; ended by {NULL}. */
extern const struct replay_refusal rules_replay_refused[];

#endif
