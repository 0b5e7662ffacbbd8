/* none.c: no synchronization. The workload runs its steps bare and the
 * threads' loads and stores interleave however the hardware lets them. */
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"

/* Replayed without lock steps: the workload's own steps run bare. */
static const struct sync_replay none_replay = {.max_threads = 0};

const struct sync_strategy sync_none = {
    .name = "none",
    .summary = "no synchronization: the racy steps as written (loses updates)",
    .explain = "No synchronization at all. Each update is the lecture notes' three steps:\n"
               "  acc := N; acc := acc + 1; N := acc\n"
               "load N into a register, add one, store the register back. Two threads that\n"
               "load the same N both store N + 1, and one update is gone. How many are lost\n"
               "depends on how long the threads really ran at the same time (the report's\n"
               "overlap line): none when they ran one after the other, many when they\n"
               "overlapped.\n"
               "Shows it: racedemo counter --sync none\n",
    .min_threads = 1,
    .replay = &none_replay,
};
