/* prodcons.h: the seed's bounded buffer, with sleep and wakeup. */
#ifndef RACEDEMO_PRODCONS_H
#define RACEDEMO_PRODCONS_H

#include <stdint.h>

#include "workload.h"

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

#endif
