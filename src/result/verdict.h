/* result/verdict.h: what a result says: its verdict, the numbers behind
 * it, its summary, and the exit status a verdict gives. The program's
 * reading of the result a workload fills (include/racedemo/result.h). */
#ifndef RACEDEMO_RESULT_VERDICT_H
#define RACEDEMO_RESULT_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "racedemo/result.h"

/* What a run or a trial showed. Every renderer and the exit status take
 * it from result_verdict() or result_trial_verdict(), so they agree. */
enum verdict {
    VERDICT_NONE,         /* no trial completed (interrupted at once) */
    VERDICT_CORRECT,      /* right, and the strategy promises it */
    VERDICT_NO_RACE_SEEN, /* right this time, but nothing kept the threads apart */
    VERDICT_RACE,         /* a wrong total, or a failing metric */
    VERDICT_STUCK,        /* no progress, by the strategy's own failure (turn...) */
    VERDICT_STALLED,      /* no progress though the strategy guarantees it */
    VERDICT_DEADLOCK,     /* every unfinished thread asleep, nobody left to wake them */
};

/* "NO RACE SEEN", for people. */
const char *verdict_word(enum verdict v);
/* "NO_RACE_SEEN", for JSON and CSV. */
const char *verdict_token(enum verdict v);

/* The verdict of one completed trial: CORRECT, NO_RACE_SEEN or RACE. */
enum verdict result_trial_verdict(const struct result *r, const struct trial_result *t);
/* Whether a stall is the strategy's own failure (STUCK): it can_stall,
 * the workload found nothing wrong (stall.why), and its rule
 * (leaves_waiting) explains the stall from who had finished their work
 * (stall.done, stall.total). Otherwise the stall is STALLED. */
bool result_stall_is_the_strategys(const struct result *r);
/* The verdict of the whole run: a stall's kind if the watchdog stopped
 * it, else RACE if any trial was wrong, else CORRECT or NO_RACE_SEEN. */
enum verdict result_verdict(const struct result *r);
/* The verdict of the trials that completed, whatever came after them (a
 * stall): RACE if any was wrong, else CORRECT or NO_RACE_SEEN; NONE if no
 * trial completed. A stalled run's reports say it beside the stall's, so
 * that races seen before the stall are never lost. */
enum verdict result_completed_verdict(const struct result *r);

/* Counts a trial and its r->nmetrics metric values (NULL when there are
 * none) into the totals, and keeps it if fewer than the limit are kept.
 * Sets t->metric_failed. False when out of memory (then nothing changed
 * but perhaps part of the totals' median counts). */
bool result_add_trial(struct result *r, struct trial_result *t, const int64_t *metrics);
/* Metric k of kept trial i. */
int64_t result_metric(const struct result *r, size_t i, unsigned k);
/* Every completed trial is kept (the run was not longer than the limit). */
bool result_all_kept(const struct result *r);
void result_free(struct result *r);

/* Updates that went missing in a trial: expected - observed (negative if
 * extra arrived). */
int64_t result_lost(const struct result *r, const struct trial_result *t);
/* result_lost() as a percentage of expected (0 when nothing was expected). */
double result_lost_percent(const struct result *r, const struct trial_result *t);
/* Operations done by all threads in one trial. */
/* Worker i's one name in every output for people: its letter, as
 * schedules name it (0 is A, 1 is B... past Z: T26, T27...). JSON and
 * CSV number workers from 0 where a script needs the number. */
char *result_worker_letter(char *buf, size_t len, unsigned i);
/* "thread A", "process B", "producer A", "consumer B", or the helper's
 * role ("auditor"). Returns buf. */
char *result_worker_name(char *buf, size_t len, const struct result *r, unsigned i);
uint64_t result_ops(const struct result *r);
/* Wall time per operation, in nanoseconds (0 when nothing ran). */
double result_ns_per_op(const struct result *r, uint64_t wall_ns);
/* Whether the report names the two sides of observed - expected: the
 * workload's totals can end on either side, or some trial ended above. */
bool result_shows_sides(const struct result *r);
/* The verdict of a trial: its observed total is the expected one. */
bool result_correct(const struct result *r, const struct trial_result *t);
/* Every trial was correct. */
bool result_all_correct(const struct result *r);

/* How long two or more workers were working at the same time (each from
 * its start to its finish; with more workers than CPUs, "working" includes
 * waiting for a CPU). A race needs overlap; a run with none is one worker
 * after another. */
uint64_t result_overlap_ns(const struct engine_report *run);

/* The share of all its trials' time a run's workers worked at once, in
 * percent (0 when no trial took any time). */
double result_run_overlap_percent(const struct result *r);
double result_overlap_percent(const struct trial_result *t);

#define SUMMARY_MAX_BUCKETS 12

/* A row of the outcome histogram: trials whose lost updates were in [lo, hi]. */
struct summary_bucket {
    int64_t lo, hi;
    size_t count;
};

struct summary {
    size_t trials;
    size_t raced;        /* trials whose observed total was not the expected one */
    size_t below, above; /* trials whose total ended below, above the expected one */
    int64_t lost_min, lost_max;
    double lost_mean, lost_median;
    uint64_t wall_median_ns;
    double ns_per_op_median;
    /* Whether each median is exact. Lost counts are counted value by value
     * (exact unless over 65,536 distinct values, and even then while the
     * median's bucket stays in the window: tally.h). Times and metrics are
     * exact while every trial is kept, then taken from a log-linear
     * histogram, exact or within 0.8% (1/128) of the true median. */
    bool lost_median_exact, wall_median_exact;
    bool metric_median_exact[RESULT_MAX_METRICS];
    uint64_t violations;                       /* over all trials */
    double fair_median_pct;                    /* median fair_least_pct; -1: not measured */
    size_t trials_with_violations;             /* trials in which the detector fired */
    int64_t metric[RESULT_MAX_METRICS];        /* each metric over all trials (its `total`) */
    int64_t metric_median[RESULT_MAX_METRICS]; /* each metric's median trial */
    /* One row per distinct outcome when there are few, else ranges. */
    struct summary_bucket buckets[SUMMARY_MAX_BUCKETS];
    size_t nbuckets;
    bool by_value;
};

/* Summarises the trials from the totals (and the kept trials when they
 * are all of them); false if out of memory. */
bool result_summarize(const struct result *r, struct summary *s);

/* The exit status a verdict gives (racedemo.h's EXIT_*), the same for a
 * free run and a replay; `check`: --check, under which a RACE is 1. */
int verdict_exit_status(enum verdict v, bool check);
/* The exit status of a run's result: its verdict's, except that under
 * --check a run in which any completed trial raced is 1 even if a later
 * trial stalled (a stall's 3 or 5 without --check). */
int result_exit_status(const struct result *r, bool check);

#endif
