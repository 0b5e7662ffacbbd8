/* result.h: what a run found, trial by trial, and the summary of its
 * trials. Workloads and the trial loop fill it; renderers only read it. */
#ifndef RACEDEMO_RESULT_H
#define RACEDEMO_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "racedemo/engine.h"
#include "racedemo/options.h"
#include "racedemo/tally.h"

/* Most trials --trials asks for. A --duration run has no cap: a run keeps
 * what its summary needs in memory that does not grow with its trials. */
#define RESULT_MAX_TRIALS 10000000u

/* Trials a result keeps one by one (each costs 48 bytes, and 8 per metric:
 * under 1 MB), for the text report's table and for renderers that render
 * a finished result (render_all, compare); a streamed run writes every
 * trial's row as it completes instead. */
#define RESULT_KEEP_TRIALS 10000u

/* Most workload-specific numbers a trial may carry (bank: its audits). */
#define RESULT_MAX_METRICS 6

/* A metric's value in a trial that has none: the bank's lowest and highest
 * audit in a trial in which no audit ran. Totals and medians leave it out
 * (none when no trial has one); JSON says null, CSV leaves the cell empty,
 * the text report leaves the line out. No workload measures it as a
 * number, and a metric with a `failure` always has a value. */
#define METRIC_NONE INT64_MIN

/* How a workload-specific number of each trial combines over trials. */
enum metric_total {
    METRIC_SUM,
    METRIC_MIN,
    METRIC_MAX,
};

/* A number a workload measures in each trial besides its total: one row of
 * a table in the workload's file, read by every renderer. */
struct result_metric {
    const char *key;     /* JSON field and CSV column */
    const char *label;   /* text report: the left column, 9 characters at most */
    const char *column;  /* compare's column header, 10 at most; NULL: the label */
    const char *meaning; /* text report: what the number is, after it */
    /* Non-NULL: what the number counts, put after it in the singular or
     * plural ("audit": "1 audit", "2 audits"), before `meaning`. */
    const char *noun;
    /* Non-NULL: put before the number ("off by": "off by 3 at the end"). */
    const char *before;
    unsigned total; /* enum metric_total */
    bool amount;    /* in the result's unit ($); the report adds how far off expected */
    /* Non-NULL: a trial where this is not 0 is wrong, and this says why. */
    const char *failure;
    /* A yes/no metric (0 or 1 per trial; METRIC_SUM counts the trials
     * with yes): the text report says `yes` or `no` instead of a number. */
    const char *yes, *no;
};

/* A place where a list broke, for the report (--show): a lost node whose
 * predecessor is still in the list, that predecessor, and the node its
 * link was overwritten with. Every node linked after the lost one is lost
 * with it. */
struct result_lost_node {
    unsigned thread; /* RESULT_SEED_THREAD: one of the starting nodes */
    uint64_t seq;    /* 1, 2... in the order its thread appended */
    unsigned after_thread;
    uint64_t after_seq;
    unsigned now_thread; /* what that node points to now */
    uint64_t now_seq;
    bool now_null; /* it points to nothing */
};

#define RESULT_SEED_THREAD 0xffffffffu

/* One recorded step of a free run (--trace). */
struct result_trace_event {
    uint64_t t_ns;  /* CLOCK_MONOTONIC, from the first recorded step */
    uint64_t value; /* the value loaded, or stored */
    unsigned thread;
    bool store;
    bool lost; /* a store that overwrote an update it never saw */
    /* The values cannot tell whether this step came before or after the
     * one above it (trace_order): either order fits what was read. */
    bool either;
    uint64_t seq; /* its place in its thread's program order, from 0 */
};

struct trial_result {
    /* The total after the trial (signed: a bank can end below zero). */
    int64_t observed;
    uint64_t wall_ns;
    uint64_t overlap_ns; /* time two or more workers were working at once */
    /* Times this trial was run again before it counted, because its
     * workers never worked at the same time (RUN_RERUN_LIMIT at most):
     * result_run.reruns adds them up. */
    unsigned reruns;
    /* Times a thread found another inside the critical section (0 when the
     * detector did not run: see result.run.detected). */
    uint64_t violations;
    /* Fairness: when the first thread finished, the share of its updates
     * the least advanced other thread had done, in percent (-1: not
     * measured). 100 is perfectly even; near 0, one thread got ahead. */
    double fair_least_pct;
    bool metric_failed; /* a metric with a `failure` was not 0 */
};

/* What the summary needs of every trial, gathered as trials are added, in
 * memory that does not grow with their number (see tally.h). */
struct result_totals {
    size_t raced;        /* trials not correct */
    size_t below, above; /* trials whose total ended below, above the expected one */
    uint64_t violations;
    size_t trials_with_violations;
    /* The lost counts added up exactly, as a 128-bit two's complement
     * number: 10 million trials of up to 2^63 overflow 64 bits. */
    uint64_t lost_sum_lo;
    int64_t lost_sum_hi;
    int64_t metric[RESULT_MAX_METRICS]; /* each metric's `total` so far, or METRIC_NONE */
    struct value_tally lost;            /* expected - observed */
    struct value_tally wall;            /* wall_ns */
    struct value_tally fair;            /* fair_least_pct in tenths, when measured */
    struct value_tally metrics[RESULT_MAX_METRICS];
};

/* The --window that means one sched_yield rather than CPU pauses: in
 * run_config and, for the report, in the result's work.window. */
#define WINDOW_YIELD UINT64_MAX

/* What the workload does, in its terms: the work each thread is given,
 * the roles and helpers that do it, and the shared data it works on. */
struct result_work {
    /* What each thread did, for people: "N := N + 1", done `per_thread`
     * times by each of the result's `threads` threads; one is an `op_noun`. */
    const char *action;
    const char *op_noun;
    const char *item_noun; /* what expected counts, when not op_noun: "node" */
    uint64_t per_thread;
    uint64_t first_thread; /* thread 0's count when it differs (uneven work), else 0 */
    uint64_t expected;
    /* Threads below role_split are roles[0] ("producer"), the rest
     * roles[1]; roles[0] NULL: every thread is a "thread". With roles,
     * per_thread is what each roles[0] thread does, and the operations of
     * a trial are theirs. */
    const char *roles[2];
    unsigned role_split;
    /* Workers beyond the `threads` that do the operations, each with its
     * role (the bank's auditor): they run as workers threads, threads + 1... */
    unsigned helpers;
    const char *helper_role;  /* "auditor" */
    const char *helper_about; /* a line for the report: what it does */
    const char *helper_work;  /* what its progress counts: "audit" */
    /* The shared data, described for the report ("10,000 accounts of
     * $1,000...") under its label ("bank"); empty: nothing to add. */
    const char *scene_label;
    char scene[256];
    uint64_t window;          /* --window, for the report (0: not widened) */
    const char *window_where; /* where it widens; NULL: between each load and its store */
};

/* How the report names totals and what goes wrong with them, in the
 * workload's words: every renderer takes them from here, so that a
 * workload supplies its own. */
struct result_words {
    /* Why a wrong total happens, in the workload's terms. */
    const char *race_reason;
    /* Totals are amounts of this ("$" for the bank), or plain counts (NULL). */
    const char *unit;
    /* The totals add up amounts (the bank's money, --op sum's sum), not
     * counts of operations or items, with or without a unit. */
    bool amounts;
    /* Words for a total off the expected one. A shortfall is shown under
     * short_label (NULL: "lost"; a sum is "short by"). Where a total can
     * end above the expected one too (either_side: the bank's transfers
     * can create money; or some trial did), the report shows observed -
     * expected with its sign under "off by" and names each side: below
     * (NULL: "lost") and above (NULL: "extra"). total_name is what the
     * total is called (NULL: "the total"; "the sum"). */
    const char *short_label, *below, *above, *total_name;
    bool either_side;
    /* The verdict's words for one trial's total, the text report filling
     * in {expected}, {lost} (both as numbers, in the unit) and {item} (the
     * item_noun, else the op_noun). right: the total is the expected one
     * (NULL: "all {expected} {item}s arrived"); short_of: it is below it
     * (NULL: "{lost} of {expected} {item}s were lost"). */
    const char *right, *short_of;
    /* What goes missing, named in the outcome histogram's column: "lost
     * nodes" (NULL: "update"). */
    const char *lost_noun;
    /* The label of the items lost per thread (NULL: "lost by"). */
    const char *thread_lost_label;
    /* With roles (work.roles): what each role does to the items, as a
     * verb in the plural ("put", "take": the report adds an -s for one
     * thread, and uses it as a noun: "5 takes"), as it does it
     * ("putting", "taking") and done ("put", "taken"). role_where ends
     * roles[0]'s part of the report's first line: "into the buffer".
     * A workload with roles sets every one but role_where. */
    const char *role_verb[2], *role_doing[2], *role_done[2];
    const char *role_where;
    /* A DEADLOCK: how every thread came to sleep with nobody left to
     * wake it, for the report (NULL: nothing to add). */
    const char *deadlock_why;
};

/* The sync strategy the run used, and what it promises. */
struct result_strategy {
    const char *name;    /* --sync NAME */
    const char *summary; /* its one-line description */
    /* The strategy promises mutual exclusion: a right total is CORRECT.
     * Without the promise it is only NO RACE SEEN (see enum verdict). */
    bool exclusive;
    /* The strategy does not promise progress (turn, flags-set-first): a
     * stall is its own failure, STUCK, not the machine's, STALLED. */
    bool can_stall;
    /* Its rule for when a stall is its own (sync.h's leaves_waiting), read
     * with stall.done and stall.total; NULL: always. */
    bool (*leaves_waiting)(unsigned nthreads, const bool *finished);
};

/* Per thread, over all trials (helpers after the threads). */
struct result_workers {
    /* Wait-loop turns and CPU time (cpu_measured). */
    uint64_t spins[RACEDEMO_MAX_THREADS];
    uint64_t cpu_ns[RACEDEMO_MAX_THREADS];
    bool cpu_measured;
    bool spins_counted; /* false when the strategy waits inside the C library */
    /* Items each thread lost (lost_counted). */
    bool lost_counted;
    uint64_t lost[RACEDEMO_MAX_THREADS];
};

/* --trace: the stretch of the first trial's recorded steps around its
 * first lost update (owned by the result), and what recording cost. */
struct result_trace {
    struct result_trace_event *events;
    size_t nevents;
    uint64_t recorded; /* steps recorded in all; 0: --trace not given */
    bool found;        /* a lost update was among them */
    /* The steps are in an order that fits every value read (trace_order);
     * false: in the order of the clock reads, none having been found. */
    bool coherent;
    /* Memory ran out ordering or keeping the steps: what they show is not
     * known, and the run fails (status 4) rather than report it. */
    bool out_of_memory;
    double ns, untraced_ns; /* ns per update with and without recording */
};

/* A node of a list: its thread (RESULT_SEED_THREAD: a starting node)
 * and its place in that thread's order, from 1. */
struct result_node_ref {
    unsigned thread;
    uint64_t seq;
};

/* How a linked list stood after the first trial, for a picture of it: a
 * workload of a list sets `known`. */
struct result_list_end {
    bool known;
    uint64_t reached;            /* nodes a walk from head reached */
    struct result_node_ref last; /* the last node reached */
    struct result_node_ref tail; /* the node the tail pointer points to */
    bool tail_reached;           /* the walk reached that node */
};

/* --show: the first lost items of the first trial that lost any, up to
 * the number asked for; owned by the result. */
struct result_lost_list {
    struct result_lost_node *nodes;
    size_t nnodes;
    uint64_t breaks; /* places that trial's list broke, all of them */
    size_t show;     /* how many were asked for */
    struct result_list_end end;
};

/* Most points a series keeps: a bounded record, however long the trial. */
#define RESULT_SERIES_POINTS 4096u

/* One point of a series: when, from the trial's start, and what. */
struct result_series_point {
    uint64_t t_ns;
    int64_t value;
};

/* Values a workload saw again and again during its first trial (the
 * bank's audits: the total each one saw), for a picture of them over
 * time against the value that is right. A workload that records one sets
 * `label`; owned by the result. It keeps at most RESULT_SERIES_POINTS: of
 * `taken` values, every `every`-th one (the 1st, the every+1-th...), so
 * that the points span the whole trial. */
struct result_series {
    const char *label;       /* what one point is: "audit" */
    const char *value_label; /* what its value is: "total seen" */
    int64_t expected;        /* the value when nothing went wrong */
    /* The worker that took them: the workload records times from that
     * worker's start, and the trial loop makes them from the trial's. */
    unsigned worker;
    struct result_series_point *points;
    size_t npoints;
    uint64_t taken;
    uint64_t every;
};

/* The watchdog stopped a trial in which no thread progressed for
 * after_ns (stuck); that trial is not among the kept trials. Each
 * thread's updates done and due, as the watchdog last saw them. */
struct result_stall {
    bool stuck;
    uint64_t after_ns;
    uint64_t done[RACEDEMO_MAX_THREADS];
    uint64_t total[RACEDEMO_MAX_THREADS];
    bool deadlock; /* the workload's threads sleep: all asleep is a DEADLOCK */
    /* What the workload found wrong in its shared state after a stall
     * (prodcons: a count the race corrupted); empty: nothing. */
    char why[256];
    bool all_asleep; /* every unfinished thread was asleep */
    /* A worker process was stopped by a signal (SIGSTOP): 1 + its index, or
     * 0; why says so and after_ns is how long it was seen stopped.
     * uncounted: the workers' loops count no progress (no lock to wait
     * in), so done is known only for those that finished. */
    unsigned stopped;
    bool uncounted;
    bool asleep[RACEDEMO_MAX_THREADS];
};

/* The trials: the first ones kept one by one, nkept of them
 * (RESULT_KEEP_TRIALS, or keep when it is not 0: tests lower it); count
 * counts them all, and totals sums up every one. */
struct result_trials {
    struct trial_result *kept;
    size_t nkept, capacity, keep;
    size_t count;
    struct result_totals totals;
};

/* How the run went, besides its trials. */
struct result_run {
    /* The options that configured the run, with the structs they filled:
     * every renderer rebuilds the configuration from them. */
    struct opt_set settings[2];
    uint64_t seed;
    /* The run drew from --seed (the bank's transfers): only then does its
     * command line repeat --seed (the JSON and CSV keep it either way). */
    bool seed_drawn;
    struct engine_report first; /* the first trial: placement and CPUs */
    uint64_t work_wall_ns;      /* the trials' wall times added up */
    uint64_t elapsed_ns;        /* all trials, with the time between them */
    /* Trials run again because their workers never overlapped (none of
     * them counted, none in work_wall_ns): every trial's reruns added up. */
    uint64_t reruns;
    /* The trials' overlap_ns and wall_ns added up: their ratio is the
     * share of the trials' time two or more workers worked at once. */
    uint64_t overlap_sum_ns, wall_sum_ns;
    bool detected;              /* the violation detector ran */
    const char *undetected_why; /* when it did not: why, for the report */
    bool interrupted;           /* stopped early by Ctrl-C */
    /* --budget (compare: COMPARE_BUDGET_S unless given): the time all
     * trials may take, 0: none; budget_stopped: it ran out and trials
     * asked for were not run (trials.count says how many were). */
    uint64_t budget_ns;
    bool budget_stopped;
    /* It ran out inside the first trial, which stopped at a clean point
     * and is the one trial kept: work.expected is then what its threads
     * did (cut_done, updates per thread, cut_ops in all, of work.per_thread
     * each), so lost = expected - observed stays true. */
    bool budget_cut;
    uint64_t cut_ops;
    uint64_t cut_done[RACEDEMO_MAX_THREADS];
};

struct result {
    const char *workload;
    unsigned threads;
    bool processes; /* the workers were processes (--procs), not threads */
    struct result_work work;
    struct result_words words;
    struct result_strategy strategy;
    struct result_run run;
    /* The strategy does not guard what the failing metrics watch (the
     * bank's audits with --audit-unlocked, or with no lock at all): a
     * correct strategy may still see them fail. */
    bool metrics_unguarded;
    /* Workload-specific numbers, nmetrics of them per trial, in metric_values. */
    const struct result_metric *metrics;
    unsigned nmetrics;
    int64_t *metric_values;
    struct result_trials trials;
    struct result_workers workers;
    struct result_lost_list lost_list;
    struct result_series series;
    struct result_trace trace;
    struct result_stall stall;
};

#endif
