/* prodcons.h: the seed's bounded buffer, with sleep and wakeup. */
#ifndef RACEDEMO_PRODCONS_H
#define RACEDEMO_PRODCONS_H

#include <stdint.h>

#include "racedemo/workload.h"

struct prodcons_config {
    uint64_t producers;
    uint64_t consumers;
    uint64_t items; /* per producer */
    uint64_t slots;
};

/* Caps (documented in --help and README). */
#define PRODCONS_MAX_ITEMS 100000000u
#define PRODCONS_MAX_SLOTS 1000000u
/* --window unless given (a free run): CPU pauses between each test of
 * count and the sleep (and each load of count and its store). The seed's
 * window between the test and the sleep is a few instructions, and the
 * lost wakeup needs the other thread to send its wakeup inside it: with
 * the steps back to back, a CPU hog on a 2-CPU machine held one thread
 * back at the start often enough that 17 to 40 runs in 100 ended with
 * every item delivered, the threads then taking turns, each asleep
 * before the other woke it. With 30 pauses, 100 of 100 runs showed the
 * DEADLOCK there (docs/BENCHMARKS.md); the report's window line says so,
 * and --window 0 runs the steps as the seed wrote them. */
#define PRODCONS_WINDOW_DEFAULT      30
#define PRODCONS_WINDOW_DEFAULT_TEXT "30"

/* Most memory the consumers' records of what they took may use. */
#define PRODCONS_MAX_LOG_BYTES (1024u << 20)

/* Where the metrics of a prodcons trial are (struct result metric_values). */
enum prodcons_metric {
    PRODCONS_TWICE,
    PRODCONS_EMPTY,
    PRODCONS_OUT_OF_ORDER,
    PRODCONS_COUNT_END,
    PRODCONS_WAKEUPS_LOST,
    PRODCONS_NMETRICS,
};

extern const struct workload workload_prodcons;

#endif
