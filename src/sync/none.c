/* none.c: no synchronization. The workload runs its steps bare and the
 * threads' loads and stores interleave however the hardware lets them. */
#include "sync.h"

const struct sync_strategy sync_none = {
    .name = "none",
    .summary = "no synchronization: the racy steps as written (loses updates)",
    .explain = "No synchronization at all. Each update is the seed's three steps: load N\n"
               "into a register, add one, store the register back. Two threads that load\n"
               "the same N both store N + 1, and one update is gone; on two cores this\n"
               "happens thousands of times a run.\n"
               "Shows it: racedemo counter --sync none\n",
    .min_threads = 1,
};
