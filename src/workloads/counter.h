/* counter.h: the shared counter, N := N + 1 from several threads. */
#ifndef RACEDEMO_COUNTER_H
#define RACEDEMO_COUNTER_H

#include <stdbool.h>
#include <stdint.h>

#include "racedemo/workload.h"

enum counter_op {
    COUNTER_INC, /* N := N + 1 */
    COUNTER_SUM, /* sum := sum + i, i = 1..iters: the seed's sum := fn(sum, i) */
};

struct counter_config {
    uint64_t iters;       /* updates per thread */
    uint64_t first_iters; /* thread 0's updates, for uneven work; 0: the same as iters */
    unsigned op;          /* enum counter_op */
};

/* Largest --iters (documented in --help and README). */
#define COUNTER_MAX_ITERS 1000000000u

/* The total a correct run ends with, if it fits in int64_t. */
bool counter_expected(uint64_t threads, const struct counter_config *cfg, uint64_t *total);

extern const struct workload workload_counter;

/* Its lockstep replay (counter_replay.c), for the workload's table. */
struct replay_ops;
extern const struct replay_ops counter_replay;

#endif
