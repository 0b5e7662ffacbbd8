/* explore/explore.h: every interleaving of a workload's steps under a
 * strategy's, under a memory model (sc or tso): the states they reach, how
 * many interleavings end in each outcome, whether the critical section's
 * requirements hold in every reachable state, and the shortest
 * interleaving that breaks one. The steps are the model --schedule runs
 * (replay/model.h); the search is explore.c, the reports text.c and
 * json.c, the command command.c. */
#ifndef RACEDEMO_EXPLORE_EXPLORE_H
#define RACEDEMO_EXPLORE_EXPLORE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "replay/memory.h"

struct workload;
struct sync_strategy;
struct replay_ops;

/* Most threads explore takes: the states grow as the threads' product. */
#define EXPLORE_MAX_THREADS 4u
/* Most iterations per thread. */
#define EXPLORE_MAX_ITERS 1000u
/* --max-states when not given. */
#define EXPLORE_DEFAULT_MAX_STATES 5000000u

/* A count of interleavings: they pass 2^64 quickly (2 threads x 10
 * increments of 3 steps each already give 1.2e17). */
struct explore_count {
    uint64_t hi, lo;
    bool overflow; /* more than 2^128 - 1: the count is not kept */
};

/* sum += c. */
void explore_count_add(struct explore_count *sum, const struct explore_count *c);
/* "118264581564861424", or "more than 3.4e38". Returns buf. */
char *explore_count_text(const struct explore_count *c, char *buf, size_t len);

struct explore_config {
    const char *name;             /* the workload's, or the litmus test's */
    const struct replay_ops *ops; /* its steps (a workload's replay) */
    const void *ops_config;       /* what its setup takes: its options' struct */
    /* A litmus test's threads each run a program of their own, once: it
     * in words, and the outcome sequential consistency forbids; NULL for
     * a workload, whose threads run the same iterations. */
    const char *programs, *forbidden;
    const struct sync_strategy *sync;
    /* sc, or tso: each thread's stores wait in a buffer, and each flush
     * of one is a move of the interleavings (replay/memory.h). */
    enum memory_model model;
    unsigned nthreads;
    uint64_t iters;
    uint64_t max_states;
    /* Set (by a stop signal's handler) to end the search where it is, as
     * max_states would; NULL: never. */
    const atomic_int *stop;
};

/* One outcome: the shared data at the end, and how many interleavings
 * end in it. */
struct explore_outcome {
    char observed[96]; /* "N = 1" */
    char loss[160];    /* "1 of 2 increments lost (N = 1, expected 2)" */
    bool correct;
    struct explore_count interleavings;
};

/* The requirements a critical section must meet, and the workload's own. */
enum explore_requirement {
    REQ_EXCLUSION, /* no reachable state has two threads inside */
    REQ_PROGRESS,  /* no reachable state where a thread waits for good */
    REQ_WORKLOAD,  /* every complete interleaving ends correct */
    REQ_COUNT
};

enum explore_finding {
    FOUND_NOTHING,  /* holds in every state reached */
    FOUND_UNTESTED, /* not a question here: no lock, so no critical section */
    FOUND_BROKEN,   /* fails; `schedule` shows it */
};

/* How a thread left waiting for good waits. */
enum explore_stuck {
    STUCK_NOT,
    STUCK_ALL_WAIT,   /* every thread not done waits for another */
    STUCK_OTHERS_OUT, /* it waits, and every other thread is done or may stop wanting in */
};

struct explore_requirement_result {
    enum explore_finding finding;
    /* The shortest interleaving that shows it, as --schedule letters
     * (malloc'd), and where in it the requirement fails (1-based step). */
    char *schedule;
    size_t at_step;
    /* Progress: how it fails, who waits, and whether they sleep. */
    enum explore_stuck stuck;
    uint32_t waiting;
    bool sleeps;
    /* Exclusion: the two threads inside at once. Workload: the outcome. */
    unsigned first, second;
    char observed[96];
};

struct explore_result {
    const char *workload, *sync;
    const char *model;        /* "sc", "tso" */
    const char *shared_name;  /* "N" */
    const char *iters_option; /* the workload's --iters: "iters", "transfers" */
    unsigned nthreads;
    uint64_t iters;
    unsigned steps_per_iteration; /* the lock's and the workload's */
    char steps[256];              /* their names: "test set load add store clear" */
    /* A litmus test: each thread's own program ("A: x = 1; r0 = y  ||
     * B: ..."), and the outcome sequential consistency forbids; empty
     * for a workload. */
    char programs[256], forbidden[64];
    char expected[96]; /* "N = 2" */
    uint64_t states;   /* distinct states reached */
    uint64_t max_states;
    bool cut;         /* the search stopped before it ended: nothing is proven to hold */
    bool interrupted; /* ... by a stop signal, not at max_states */
    bool cyclic;      /* the threads can move for ever: no count of interleavings */
    /* The strategy promises exclusion on real hardware (struct
     * sync_strategy's exclusive): one that holds here without promising
     * it fails by what this model leaves out (peterson-relaxed). */
    bool promised;
    struct explore_count interleavings; /* complete ones, every outcome */
    /* Under tso: those of them where a load went ahead of a store of its
     * own thread still waiting in the buffer (0 under sc). */
    struct explore_count passing;
    struct explore_outcome *outcomes; /* every distinct one (malloc'd) */
    size_t noutcomes, outcomes_cap;
    struct explore_requirement_result req[REQ_COUNT];
    size_t peak_bytes; /* the search's memory at its largest */
};

/* Whether explore knows the steps and the state of this workload and
 * strategy; false with one line in err. */
bool explore_supports(const struct workload *w, const struct sync_strategy *s, char *err,
                      size_t errlen);
/* Explores; 0, or an errno value (ENOMEM) with one line in err. A search
 * cut at max_states is 0 with res->cut. */
int explore_run(const struct explore_config *cfg, struct explore_result *res, char *err,
                size_t errlen);
void explore_result_free(struct explore_result *res);
/* Whether any requirement fails. */
bool explore_broken(const struct explore_result *res);

/* ---- the state graph, kept for play (src/play/) ----------------------- */

struct program;
struct sync_replay_state;
struct model;

/* Every state the walk reaches and each thread's move from it, kept
 * after the walk: play walks it as the student moves, and asks it how
 * far a goal is. */
struct explore_graph;

/* A thread's move from a node, where it leads to no other node. */
#define EXPLORE_GRAPH_WAITS (UINT32_MAX - 1) /* its step waits: no move */
#define EXPLORE_GRAPH_DONE                                                                         \
    (UINT32_MAX - 2) /* it has done its iterations, or has nothing to flush */

/* Walks every state from the start (node 0) and keeps them; 0, or an
 * errno value with one line in err. Stops at cfg->max_states nodes:
 * then explore_graph_cut says so, and the graph is not whole. */
int explore_graph_build(const struct explore_config *cfg, struct explore_graph **out, char *err,
                        size_t errlen);
size_t explore_graph_nodes(const struct explore_graph *g);
bool explore_graph_cut(const struct explore_graph *g);
/* The model the graph's moves are steps of. */
const struct model *explore_graph_model(const struct explore_graph *g);
/* The moves from each node: each thread's step (move t), then under
 * --model tso each thread's flush (move nthreads + t). */
unsigned explore_graph_moves(const struct explore_graph *g);
/* Move `move` from node n: the node it leads to, or EXPLORE_GRAPH_WAITS
 * (the step waits), or EXPLORE_GRAPH_DONE (the thread has done its
 * iterations; a flush: its buffer is empty). */
uint32_t explore_graph_move(const struct explore_graph *g, uint32_t n, unsigned move);
/* Node n's state: each thread's program into progs, a copy of the lock's
 * variables into lock (unless NULL), and the workload's state into the
 * graph's own context, which it returns, and its buffers into the
 * graph's memory model; valid until the next call. */
void *explore_graph_state(struct explore_graph *g, uint32_t n, struct program *progs,
                          struct sync_replay_state *lock);
/* Move `move` from node n taken again with its words (the walk took it
 * quiet), on the graph's own state, which it leaves changed; returns
 * whether the step waits. */
bool explore_graph_take(struct explore_graph *g, uint32_t n, unsigned move,
                        struct replay_event *ev);
/* The graph's own lock state, as the last explore_graph_state left it:
 * the one a step taken on it must use (a buffered store names its
 * location by address). */
struct sync_replay_state *explore_graph_lock(struct explore_graph *g);
/* Each thread's store buffer as the last explore_graph_state left it
 * ("A: flag[A] = 1 | B: -"); empty under --model sc. */
void explore_graph_buffers(const struct explore_graph *g, char *buf, size_t len);
void explore_graph_free(struct explore_graph *g);

#endif
