/* explore/litmus.h: a litmus test as a workload of steps, for explore
 * (explore/litmus.c). */
#ifndef RACEDEMO_EXPLORE_LITMUS_H
#define RACEDEMO_EXPLORE_LITMUS_H

#include <stdbool.h>
#include <stddef.h>

#include "racedemo/replay.h"

struct litmus_test;

/* What the steps take: the test, and how its accesses are ordered
 * (--order, --fence), which decides what they do under --model tso. */
struct explore_litmus_config {
    const struct litmus_test *test;
    unsigned order; /* enum litmus_order */
    bool fence;
};

/* The steps of any test, whose struct explore_litmus_config is the
 * config: each thread's program once. */
extern const struct replay_ops explore_litmus_ops;

/* "A: x = 1; r0 = y  ||  B: y = 1; r1 = x": every thread's program. */
void explore_litmus_program(char *buf, size_t len, const struct litmus_test *t);

#endif
