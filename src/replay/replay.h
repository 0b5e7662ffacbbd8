/* replay/replay.h: the replay controller (--schedule): the schedule's
 * parser, the run of its steps in lockstep, what it did, its verdict and
 * its renderers. A workload's and a strategy's steps, which it runs, are
 * include/racedemo/replay.h and sync_replay.h. */
#ifndef RACEDEMO_REPLAY_REPLAY_H
#define RACEDEMO_REPLAY_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "racedemo/replay.h"
#include "racedemo/result.h"
#include "replay/memory.h"
#include "result/verdict.h"

/* One entry of a schedule: a thread, and optionally the step it must be
 * at, or `flush` (under --model tso: its oldest buffered store reaches
 * memory). */
struct replay_entry {
    unsigned thread;
    char step[32]; /* empty: whatever step is next */
};

/* The step name that is a flush, not a step of the thread's program. */
#define REPLAY_FLUSH "flush"

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
    /* The memory model the steps run under (--model; set by the caller,
     * not the parser). */
    enum memory_model model;
};

/* Parses --schedule's text; 0, or with one line in err -1 (the text is
 * wrong) or ENOMEM. */
int replay_parse(const char *text, struct replay_spec *spec, char *err, size_t errlen);
void replay_spec_free(struct replay_spec *spec);

/* What a replay did. */
struct replay_result {
    struct replay_event *events;
    size_t nevents;
    unsigned nthreads;
    /* The steps as letters (and A:flush words), to replay it (malloc'd). */
    char *schedule;
    size_t schedule_len;
    const char *model; /* "sc", "tso" */
    /* Under tso: the steps at which a load went ahead of a store of its
     * own thread still in the buffer. */
    size_t passing_steps;
    uint64_t iterations[REPLAY_MAX_THREADS];
    char expected[96], observed[96], loss[160]; /* struct replay_outcome's */
    int64_t lost;
    bool correct;
    const char *shared_name;
    const char *sync;
    const char *marked, *marked_did; /* struct replay_ops's */
    bool exclusive;                  /* the strategy promises that one thread at a time is inside */
    bool sleeps;                     /* struct replay_ops's */
    bool lock_steps;                 /* the strategy's own steps are among the events */
    size_t marked_steps;             /* workload steps marked ^: what went wrong at that step */
    size_t exclusion_broken;         /* lock steps marked: a second thread entered */
    bool overlapped;  /* a thread took a workload step while another was mid-iteration */
    uint32_t blocked; /* threads left waiting at the end, one bit each */
    /* Every thread with iterations left waited since the last step that
     * moved anything (and one has some left): nothing will ever change. */
    bool stalled;
    /* Stalled because the threads not waiting stopped between two
     * iterations: none is left to let the waiters in. */
    bool stopped;
};

/* What a replay shows, in the free run's words (result.h), so that each
 * has the exit status a free run with the same verdict has: CORRECT,
 * NO_RACE_SEEN, RACE (wrong, or a step marked ^), STUCK (a thread waits to
 * enter and every other has finished) or DEADLOCK (every thread waits, or
 * sleeps with nobody left to wake it). */
enum verdict replay_verdict(const struct replay_result *res);
/* The verdict and why, as the text report says it: "RACE: 1 of 2
 * increments lost (N = 1, expected 2); ...". */
void replay_verdict_text(const struct replay_result *res, char *buf, size_t len);

struct sync_strategy;

/* Whether lockstep knows the steps of strategy `name`. */
bool replay_supports(const char *sync_name);
/* The strategies it knows, for the error message: "none, flag, ...". */
const char *replay_strategies(void);

/* The checks replay_run makes before a thread starts: the strategy, the
 * thread count and the schedule's letters and length; 0, or -1 with one
 * line in err. */
int replay_check(const struct replay_ops *ops, const struct replay_spec *spec,
                 const struct sync_strategy *sync, unsigned nthreads, uint64_t iters, char *err,
                 size_t errlen);

/* Runs the schedule. Each thread has `iters` iterations to do: random
 * and every:N schedules run them all (or until no thread can go on); a
 * schedule of letters may stop short but not go past them, and with
 * `iters` 0 gives each thread as many as it spells out. A thread left
 * waiting when every other has done its iterations or waits too can never
 * go on (`stalled`). Returns 0; or -1 with one line in err for a malformed
 * or impossible schedule (a usage error: nothing is printed then); or an
 * errno value with one line in err when the system refused a resource
 * (memory, a thread). */
int replay_run(const struct replay_ops *ops, const void *config, const struct replay_spec *spec,
               const struct sync_strategy *sync, unsigned nthreads, uint64_t iters, uint64_t seed,
               struct replay_result *res, char *err, size_t errlen);
void replay_result_free(struct replay_result *res);

/* Under --model tso, what the model is and did, for every report:
 * "x86-TSO: each thread's stores wait in its store buffer ...". */
void replay_model_text(const struct replay_result *res, char *buf, size_t len);
/* --schedule help: the step names workload w's schedules take under
 * `sync`, each with what it does, and an example. 0; or -1 with one
 * line in err when w or sync has no steps (a usage error). */
struct workload;
int replay_print_steps(FILE *out, const struct workload *w, const struct sync_strategy *sync,
                       char *err, size_t errlen);

/* The step table, laid out for `layout`, its width and colour
 * (report/format.h); with `quiz`, every value is a '?'. */
struct text_layout;
void replay_render_text(FILE *out, const struct text_layout *layout,
                        const struct replay_result *res, const char *command, bool quiz);
/* A mermaid sequenceDiagram of the steps; with `quiz`, every value is a '?'. */
void replay_render_mermaid(FILE *out, const struct replay_result *res, bool quiz);
/* One JSON document of the replay: the schedule, every step, expected,
 * observed, lost and the verdict; with `quiz`, every value (and observed,
 * lost, the marks and the verdict, which tell them) is null. The same
 * replay gives the same bytes. */
void replay_render_json(FILE *out, const struct replay_result *res, const char *command, bool quiz);
/* One HTML page: the step table (laid out for `layout`) and its sequence
 * diagram; with `quiz`, every value is a '?'. The same replay and layout
 * give the same bytes. False, having written nothing, when out of memory. */
bool replay_render_html(FILE *out, const struct text_layout *layout,
                        const struct replay_result *res, const char *command, bool quiz);
/* That page's sequence diagram alone (svg id "sequence"), for another
 * page (explore's counterexample); json_paths: its expected and observed
 * are the page's JSON's top-level fields of those names. */
void replay_html_sequence(FILE *out, const struct replay_result *res, bool quiz, bool json_paths);

#endif
