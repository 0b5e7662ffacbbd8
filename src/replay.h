/* replay.h: an interleaving replayed step by step (--schedule). Real
 * threads do the steps; a controller grants one step at a time to the
 * thread the schedule names, and every step is recorded as an event for
 * the report (a table, a quiz, or a mermaid sequence diagram). */
#ifndef RACEDEMO_REPLAY_H
#define RACEDEMO_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Most steps one replay takes (a schedule is printed step by step). */
#define REPLAY_MAX_STEPS 10000u
/* Most threads a replay names (A to Z). */
#define REPLAY_MAX_THREADS 26u

/* What one step did, as the thread that took it saw it. */
struct replay_event {
    unsigned thread;
    char op[48];      /* "load", "test-and-set" */
    char detail[96];  /* what it read or wrote: "acc = 0" */
    char shared[128]; /* the shared data after it: "N = 1" */
    char mark[160];   /* what went wrong here: "B's store overwrites A's increment: lost update" */
    bool waiting;     /* the thread could not go on: it spins or sleeps */
    bool touches;     /* it read or wrote the shared data (mermaid: an arrow, not a note) */
    bool lock;        /* a step of the lock, not of the workload */
};

/* A workload's steps: one iteration of one thread is steps[0..nsteps). */
struct replay_ops {
    const char *const *steps;
    unsigned nsteps;
    const char *shared_name;  /* the shared data, for the diagram: "N" */
    const char *iters_option; /* the workload option that counts iterations: "iters" */
    /* Makes the shared state for nthreads threads; 0 or an errno value with
     * one line in err. */
    int (*setup)(const void *config, unsigned nthreads, uint64_t seed, void **ctx, char *err,
                 size_t errlen);
    /* Thread `thread` takes step k of its iteration `iter` (from 0); runs
     * on that thread. */
    void (*step)(void *ctx, unsigned thread, unsigned k, uint64_t iter, struct replay_event *ev);
    /* After the last step: the expected and the observed result, as text
     * ("N = 2"), and whether they agree. */
    void (*outcome)(void *ctx, const uint64_t *iterations, char *expected, char *observed,
                    size_t len, bool *correct);
    void (*teardown)(void *ctx);
    /* Replays only the workload's own protocol (--sync none). */
    bool none_only;
};

/* One entry of a schedule: a thread, and optionally the step it must be at. */
struct replay_entry {
    unsigned thread;
    char step[32]; /* empty: whatever step is next */
};

enum replay_kind {
    REPLAY_LIST,   /* letters or thread:step pairs, as given */
    REPLAY_RANDOM, /* drawn from --seed */
    REPLAY_EVERY,  /* switch threads every N steps */
};

struct replay_spec {
    enum replay_kind kind;
    struct replay_entry *entries; /* REPLAY_LIST */
    size_t nentries;
    uint64_t every; /* REPLAY_EVERY */
};

/* Parses --schedule's text; 0, or -1 with one line in err. */
int replay_parse(const char *text, struct replay_spec *spec, char *err, size_t errlen);
void replay_spec_free(struct replay_spec *spec);

/* What a replay did. */
struct replay_result {
    struct replay_event *events;
    size_t nevents;
    unsigned nthreads;
    char schedule[REPLAY_MAX_STEPS + 1]; /* the steps as letters, to replay it */
    uint64_t iterations[REPLAY_MAX_THREADS];
    char expected[96], observed[96];
    bool correct;
    const char *shared_name;
    const char *sync;
    bool lock_steps;         /* the strategy's own steps are among the events */
    size_t lost_updates;     /* workload steps marked: an update overwritten */
    size_t exclusion_broken; /* lock steps marked: a second thread entered */
    uint32_t blocked;        /* threads left waiting at the end, one bit each */
};

struct sync_strategy;

/* Whether lockstep knows the steps of strategy `name`. */
bool replay_supports(const char *sync_name);
/* The strategies it knows, for the error message: "none, flag, ...". */
const char *replay_strategies(void);

/* Runs the schedule. Random and every:N schedules give each thread
 * `iters` iterations. Returns 0, or -1 with one line in err (a malformed
 * or impossible schedule: nothing is printed then). */
int replay_run(const struct replay_ops *ops, const void *config, const struct replay_spec *spec,
               const struct sync_strategy *sync, unsigned nthreads, uint64_t iters, uint64_t seed,
               struct replay_result *res, char *err, size_t errlen);
void replay_result_free(struct replay_result *res);

/* The step table; with `quiz`, every value is a '?'. */
void replay_render_text(FILE *out, const struct replay_result *res, const char *command, bool quiz);
/* A mermaid sequenceDiagram of the steps. */
void replay_render_mermaid(FILE *out, const struct replay_result *res);

#endif
