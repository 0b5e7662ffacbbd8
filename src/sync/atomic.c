/* atomic.c: the seed's "lock bus": no lock at all, the whole update is one
 * atomic read-modify-write instruction (lock xadd on x86-64), which the
 * hardware never interleaves with another core's. The workload does it. */
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"

/* No steps of its own: the workload's atomic steps (struct replay_ops's
 * `atomic`) are the whole update. */
static const struct sync_replay atomic_replay = {.max_threads = 0};

const struct sync_strategy sync_atomic = {
    .name = "atomic",
    .summary = "a \"lock bus\" (lecture notes): the whole update is one atomic read-modify-write",
    .explain = "The lecture notes' \"lock bus\": no lock at all.\n"
               "  update: fetch_add(N, 1)\n"
               "The whole update is one atomic read-modify-write instruction (fetch_add,\n"
               "lock xadd on x86-64) that the hardware never interleaves with another\n"
               "core's. It is the cheapest correct way to count, and it only works when the\n"
               "whole critical section is one such instruction.\n"
               "Shows it: racedemo compare counter --sync atomic,mutex\n",
    .min_threads = 1,
    .exclusive = true,
    .atomic_update = true,
    .replay = &atomic_replay,
};
