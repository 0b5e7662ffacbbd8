/* atomic.c: the seed's "lock bus": no lock at all, the whole update is one
 * atomic read-modify-write instruction (lock xadd on x86-64), which the
 * hardware never interleaves with another core's. The workload does it. */
#include "sync.h"

const struct sync_strategy sync_atomic = {
    .name = "atomic",
    .summary = "seed's lock bus: the whole update is one atomic read-modify-write",
    .min_threads = 1,
    .exclusive = true,
    .atomic_update = true,
};
