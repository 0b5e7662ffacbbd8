/* none.c: no synchronization. The workload runs its steps bare and the
 * threads' loads and stores interleave however the hardware lets them. */
#include "sync.h"

const struct sync_strategy sync_none = {
    .name = "none",
    .summary = "no synchronization: the racy steps as written (loses updates)",
    .min_threads = 1,
};
