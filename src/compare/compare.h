/* compare/compare.h: one workload under several strategies, side by side. */
#ifndef RACEDEMO_COMPARE_H
#define RACEDEMO_COMPARE_H

#include <stdio.h>

#include "racedemo/workload.h"
#include "run/run.h"
#include "result/verdict.h"

/* Each strategy's --budget in compare unless --budget or --duration is
 * given: a slow lock (bakery with more threads than CPUs) stops at a clean
 * point and its row says how far it got, instead of holding up the table. */
#define COMPARE_BUDGET_S 3
/* compare's --timeout unless one is given is TIMEOUT_HALF, 0.5 s: the
 * strategies that stall by design (flags-set-first) and the busy-waiting
 * buffers that lose a wakeup sit in their wait loops, and a working lock
 * moves far more often than that. */

struct compare_row {
    const struct sync_strategy *sync;
    char skipped[320];     /* why this strategy did not run; "" if it ran */
    struct run_config run; /* the shared settings with this strategy */
    struct result result;
    struct summary summary;
};

struct comparison {
    const struct workload *workload;
    const void *config;
    /* Every strategy to run, in the order given; their sync is set from
     * the start (a streamed table sizes its name column by them). */
    struct compare_row *rows;
    size_t nrows;   /* rows done so far (ran, skipped or not run) */
    size_t planned; /* rows in all */
    bool interrupted;
};

/* Told of each row as the comparison goes, so that it can be shown as it
 * happens: `starting` before row i runs (not for a skipped one), `done`
 * once row i is final (c->nrows is i + 1). Either may be NULL. */
struct compare_hooks {
    void (*starting)(void *ctx, const struct comparison *c, size_t i);
    void (*done)(void *ctx, const struct comparison *c, size_t i);
    void *ctx;
};

/* Runs the workload once (or --trials/--duration) per strategy --sync
 * named, in the order it named them (run->sync_names), or every strategy
 * in the registry's order when it is not given or "all". A strategy
 * whose thread limits exclude the run is skipped with the reason.
 * Returns 0, or an errno value with one line in err. */
int compare_run(const struct workload *w, const struct run_config *run, const void *config,
                const struct trials_hooks *hooks, const struct compare_hooks *show,
                struct comparison *c, char *err, size_t errlen);
void compare_free(struct comparison *c);

/* Registry indexes of the strategies to compare, in the user's order,
 * each once; returns how many (at most max). */
size_t compare_order(const struct run_config *run, size_t *order, size_t max);

/* What the times are measured against. */
enum compare_base {
    BASE_NONE,            /* no row finished a trial */
    BASE_REFERENCE,       /* the strategy that says it is compare_reference: mutex */
    BASE_FASTEST_CORRECT, /* that one did not run: the fastest row with every trial right */
    BASE_FIRST,           /* nor had any row every trial right: the first row with a time */
};

/* compare's own defaults, applied to `run` where its options left them:
 * --timeout 0.5 and --budget 3 (none with --duration). */
void compare_defaults(struct run_config *run);

/* The strategy whose row the others are measured against when it ran
 * (sync.h's compare_reference: mutex); NULL: none says it is. */
const struct sync_strategy *compare_reference(void);

/* The row to measure the others against, and why it is that one in *why. */
const struct compare_row *compare_baseline(const struct comparison *c, enum compare_base *why);

/* A row with a median time to compare, per trial and per operation: it
 * finished a trial, not stuck. */
bool compare_row_timed(const struct compare_row *row);

/* What a timed row's bar and its "vs mutex" ratio show, in text and
 * HTML alike: its median time per operation, in picoseconds (an integer,
 * for compare_log_scale; 0 when it has none). Per operation, not per
 * trial: a row that --budget cut short did less work in less time. */
uint64_t compare_bar_value(const struct compare_row *row);

/* Above this ratio of the largest to the smallest value, bars are drawn
 * on a log scale: a linear bar would leave every fast row one mark. */
#define COMPARE_LOG_SPAN 30.0

/* Whether bars of these values (the zeros left out) need a log scale:
 * the largest is more than COMPARE_LOG_SPAN times the smallest. */
bool compare_log_scale(const uint64_t *values, size_t n);

/* Some strategy's completed trials raced, even if a later one stalled: a
 * trial ended wrong (what --check reports, as it does for a single run). */
bool compare_any_race(const struct comparison *c);

#endif
