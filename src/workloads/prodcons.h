/* prodcons.h: the seed's bounded buffer, with sleep and wakeup. */
#ifndef RACEDEMO_PRODCONS_H
#define RACEDEMO_PRODCONS_H

#include <stdbool.h>
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

/* Testing hook: with `on`, a consumer that takes the mutex it sleeps under
 * (--sync none: its bed's; mutex: the buffer's) ends its process at once
 * (_Exit), holding it, as a worker process killed in its critical section would.
 * For forked workers only: it kills the process. */
void prodcons_die_holding_lock(bool on);

#endif
