/* queue.h: the seed's shared queue, whose nodes go missing. */
#ifndef RACEDEMO_QUEUE_H
#define RACEDEMO_QUEUE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "racedemo/workload.h"

struct queue_config {
    uint64_t iters; /* nodes each thread adds */
    uint64_t show;  /* lost nodes to list in the report */
};

/* A node of the list. `next` is the seed's link(x); the rest is for the
 * walk and the report, written by one thread at a time. */
struct queue_node {
    _Atomic(struct queue_node *) next;
    struct queue_node *after; /* the old tail it was linked after */
    uint32_t thread;          /* QUEUE_SEED_THREAD for the starting nodes */
    uint32_t seq;             /* 1, 2... in its thread's order */
    uint64_t seen;            /* the walk that last reached it */
};

#define QUEUE_SEED_THREAD 0xffffffffu
/* The seed's queue starts as head -> 1 -> 2 -> 3 -> 4, tail at 4. */
#define QUEUE_SEED_NODES 4
/* Caps (documented in --help and README). */
#define QUEUE_MAX_ITERS      100000000u
#define QUEUE_MAX_NODE_BYTES (1024u << 20)
#define QUEUE_MAX_SHOW       1000u

/* Where the metrics of a queue trial are (struct result metric_values). */
enum queue_metric {
    QUEUE_CYCLE,
    QUEUE_TAIL_STALE,
    QUEUE_TAIL_LOST,
    QUEUE_OUT_OF_ORDER,
    QUEUE_NMETRICS,
};

/* What a walk from head found. */
struct queue_walk {
    uint64_t reached;              /* distinct nodes reached */
    bool cycle;                    /* a link led back to a node already reached */
    bool tail_stale;               /* tail is not the last node reached */
    bool tail_lost;                /* tail is a node the walk did not reach */
    uint64_t out_of_order;         /* nodes reached after a later one of their thread */
    const struct queue_node *last; /* the last node reached */
};

/* Walks from head, marking each node with `epoch` (never used before on
 * these nodes). It stops at a null link or at the first node reached
 * twice, so it takes at most `nodes` + 1 steps however the links are
 * broken; `last_seq` has room for `nthreads` entries. */
struct queue_walk queue_walk(struct queue_node *head, struct queue_node *tail, uint64_t epoch,
                             uint64_t nodes, uint32_t *last_seq, unsigned nthreads);

extern const struct workload workload_queue;

/* Its lockstep replay (queue_replay.c), for the workload's table. */
struct replay_ops;
extern const struct replay_ops queue_replay;

#endif
