/* result/result.c: the arithmetic of a result, kept apart from how it is shown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "racedemo/racedemo.h"
#include "racedemo/result.h"
#include "result/verdict.h"

/* Adds v to the 128-bit sum hi:lo (two's complement). */
static void add_i128(int64_t *hi, uint64_t *lo, int64_t v)
{
    uint64_t before = *lo;
    *lo += (uint64_t)v;
    /* v sign-extends into the high half; a wrap of the low half carries. */
    *hi += (v < 0 ? -1 : 0) + (*lo < before ? 1 : 0);
}

/* The 128-bit number hi:lo as a double (rounded, never wrapped). */
static double i128_double(int64_t hi, uint64_t lo)
{
    if (hi < 0) { /* the magnitude, so that small negative sums stay exact */
        uint64_t nlo = ~lo + 1;
        uint64_t nhi = ~(uint64_t)hi + (nlo == 0 ? 1 : 0);
        return -((double)nhi * 18446744073709551616.0 + (double)nlo);
    }
    return (double)hi * 18446744073709551616.0 + (double)lo;
}

/* The per-value counts of tally t start with room for `cap` values. */
static void tally_cap(struct value_tally *t, size_t cap)
{
    if (!t->cap)
        t->cap = cap;
}

/* The trial into the totals: counts, sums and the median tallies. */
static bool total_trial(struct result *r, const struct trial_result *t, const int64_t *metrics)
{
    struct result_totals *a = &r->trials.totals;
    int64_t lost = result_lost(r, t);
    /* Lost counts get a large map: their median is promised exact. */
    tally_cap(&a->lost, 65536);
    tally_cap(&a->wall, 4096);
    tally_cap(&a->fair, 2048); /* tenths of a percent: 1,001 values, always exact */
    if (!tally_add(&a->lost, lost) || !tally_add(&a->wall, (int64_t)t->wall_ns))
        return false;
    if (t->fair_least_pct >= 0 && !tally_add(&a->fair, (int64_t)(t->fair_least_pct * 10.0 + 0.5)))
        return false;
    for (unsigned k = 0; k < r->nmetrics; k++) {
        int64_t v = metrics ? metrics[k] : 0, *so_far = &a->metric[k];
        if (r->trials.count == 0)
            *so_far = METRIC_NONE;
        if (v == METRIC_NONE) /* a trial without one: nothing to combine */
            continue;
        if (!tally_add(&a->metrics[k], v))
            return false;
        if (*so_far == METRIC_NONE)
            *so_far = v;
        else if (r->metrics[k].total == METRIC_SUM)
            *so_far += v;
        else if (r->metrics[k].total == METRIC_MIN)
            *so_far = v < *so_far ? v : *so_far;
        else
            *so_far = v > *so_far ? v : *so_far;
    }
    add_i128(&a->lost_sum_hi, &a->lost_sum_lo, lost);
    a->below += lost > 0;
    a->above += lost < 0;
    a->raced += !result_correct(r, t);
    a->violations += t->violations;
    a->trials_with_violations += t->violations != 0;
    return true;
}

/* Keeps the trial if there is room under the limit. */
static bool keep_trial(struct result *r, const struct trial_result *t, const int64_t *metrics)
{
    size_t limit = r->trials.keep ? r->trials.keep : RESULT_KEEP_TRIALS;
    if (r->trials.nkept >= limit)
        return true;
    if (r->trials.nkept == r->trials.capacity) {
        size_t cap = r->trials.capacity ? 2 * r->trials.capacity : 64;
        cap = cap > limit ? limit : cap;
        struct trial_result *grown = realloc(r->trials.kept, cap * sizeof *grown);
        if (!grown)
            return false;
        r->trials.kept = grown;
        if (r->nmetrics) {
            int64_t *values = realloc(r->metric_values, cap * r->nmetrics * sizeof *values);
            if (!values)
                return false;
            r->metric_values = values;
        }
        r->trials.capacity = cap;
    }
    r->trials.kept[r->trials.nkept] = *t;
    for (unsigned k = 0; k < r->nmetrics; k++)
        r->metric_values[r->trials.nkept * r->nmetrics + k] = metrics ? metrics[k] : 0;
    r->trials.nkept++;
    return true;
}

bool result_add_trial(struct result *r, struct trial_result *t, const int64_t *metrics)
{
    t->metric_failed = false;
    for (unsigned k = 0; k < r->nmetrics; k++)
        if (r->metrics[k].failure && metrics && metrics[k] != 0 && metrics[k] != METRIC_NONE)
            t->metric_failed = true;
    /* Out of memory here stops the run (run.c): the totals are not read
     * after a failure, so a half-counted trial is never reported. */
    if (!keep_trial(r, t, metrics) || !total_trial(r, t, metrics))
        return false;
    r->trials.count++;
    return true;
}

int64_t result_metric(const struct result *r, size_t i, unsigned k)
{
    return r->metric_values[i * r->nmetrics + k];
}

bool result_all_kept(const struct result *r)
{
    return r->trials.nkept == r->trials.count;
}

void result_free(struct result *r)
{
    free(r->trials.kept);
    free(r->metric_values);
    free(r->lost_list.nodes);
    free(r->trace.events);
    free(r->series.points);
    r->series.points = NULL;
    r->series.npoints = 0;
    tally_free(&r->trials.totals.lost);
    tally_free(&r->trials.totals.wall);
    tally_free(&r->trials.totals.fair);
    for (unsigned k = 0; k < RESULT_MAX_METRICS; k++)
        tally_free(&r->trials.totals.metrics[k]);
    r->trace.events = NULL;
    r->trials.kept = NULL;
    r->metric_values = NULL;
    r->lost_list.nodes = NULL;
    r->lost_list.nnodes = 0;
    r->trials.count = r->trials.nkept = r->trials.capacity = 0;
}

int64_t result_lost(const struct result *r, const struct trial_result *t)
{
    /* Totals are capped at INT64_MAX by the option checks, so the
     * difference always fits. */
    return (int64_t)r->work.expected - t->observed;
}

double result_lost_percent(const struct result *r, const struct trial_result *t)
{
    if (r->work.expected == 0)
        return 0.0;
    return 100.0 * (double)result_lost(r, t) / (double)r->work.expected;
}

char *result_worker_letter(char *buf, size_t len, unsigned i)
{
    if (i < 26)
        snprintf(buf, len, "%c", 'A' + (int)i);
    else
        snprintf(buf, len, "T%u", i);
    return buf;
}

char *result_worker_name(char *buf, size_t len, const struct result *r, unsigned i)
{
    char letter[16];
    result_worker_letter(letter, sizeof letter, i);
    if (i >= r->threads)
        snprintf(buf, len, "%s", r->work.helper_role ? r->work.helper_role : "helper");
    else if (r->work.roles[0])
        snprintf(buf, len, "%s %s", r->work.roles[i >= r->work.role_split], letter);
    else
        snprintf(buf, len, "%s %s", r->processes ? "process" : "thread", letter);
    return buf;
}

uint64_t result_ops(const struct result *r)
{
    if (r->run.budget_cut) /* what the threads did before the budget ran out */
        return r->run.cut_ops;
    if (r->work.roles[0]) /* producers make the items; consumers take the same ones */
        return (uint64_t)r->work.role_split * r->work.per_thread;
    if (r->work.first_thread && r->threads > 0)
        return r->work.first_thread + (uint64_t)(r->threads - 1) * r->work.per_thread;
    return (uint64_t)r->threads * r->work.per_thread;
}

double result_ns_per_op(const struct result *r, uint64_t wall_ns)
{
    uint64_t ops = result_ops(r);
    if (ops == 0)
        return 0.0;
    return (double)wall_ns / (double)ops;
}

bool result_shows_sides(const struct result *r)
{
    return r->words.either_side || r->trials.totals.above > 0;
}

bool result_correct(const struct result *r, const struct trial_result *t)
{
    return t->observed == (int64_t)r->work.expected && !t->metric_failed;
}

bool result_all_correct(const struct result *r)
{
    return r->trials.totals.raced == 0;
}

static const char *const verdict_words[][2] = {
    [VERDICT_NONE] = {"none", "NONE"},
    [VERDICT_CORRECT] = {"CORRECT", "CORRECT"},
    [VERDICT_NO_RACE_SEEN] = {"NO RACE SEEN", "NO_RACE_SEEN"},
    [VERDICT_RACE] = {"RACE", "RACE"},
    [VERDICT_STUCK] = {"STUCK", "STUCK"},
    [VERDICT_STALLED] = {"STALLED", "STALLED"},
    [VERDICT_DEADLOCK] = {"DEADLOCK", "DEADLOCK"},
};

const char *verdict_word(enum verdict v)
{
    return verdict_words[v][0];
}

const char *verdict_token(enum verdict v)
{
    return verdict_words[v][1];
}

enum verdict result_trial_verdict(const struct result *r, const struct trial_result *t)
{
    if (!result_correct(r, t))
        return VERDICT_RACE;
    /* A lone worker has nothing to be kept apart from. */
    if (r->strategy.exclusive || r->threads + r->work.helpers < 2)
        return VERDICT_CORRECT;
    return VERDICT_NO_RACE_SEEN;
}

bool result_stall_is_the_strategys(const struct result *r)
{
    if (!r->strategy.can_stall || r->stall.why[0])
        return false;
    if (!r->strategy.leaves_waiting)
        return true;
    /* Who had done all their work when the watchdog last looked: the fact
     * the strategy's rule needs, taken without a word from its loops. */
    bool finished[RACEDEMO_MAX_THREADS];
    unsigned n = r->threads < RACEDEMO_MAX_THREADS ? r->threads : RACEDEMO_MAX_THREADS;
    for (unsigned i = 0; i < n; i++)
        finished[i] = r->stall.done[i] >= r->stall.total[i];
    return r->strategy.leaves_waiting(n, finished);
}

enum verdict result_verdict(const struct result *r)
{
    if (r->stall.stuck) {
        if (r->stall.deadlock && r->stall.all_asleep)
            return VERDICT_DEADLOCK;
        return result_stall_is_the_strategys(r) ? VERDICT_STUCK : VERDICT_STALLED;
    }
    return result_completed_verdict(r);
}

enum verdict result_completed_verdict(const struct result *r)
{
    if (r->trials.count == 0)
        return VERDICT_NONE;
    if (r->trials.totals.raced)
        return VERDICT_RACE;
    /* Every trial was right, and so has the verdict of a right trial. */
    struct trial_result right = {.observed = (int64_t)r->work.expected};
    return result_trial_verdict(r, &right);
}

/* A worker's start (+1) or finish (-1), for the sweep below. */
struct overlap_event {
    uint64_t t;
    int step;
};

static int compare_events(const void *a, const void *b)
{
    const struct overlap_event *x = a, *y = b;
    if (x->t != y->t)
        return (x->t > y->t) - (x->t < y->t);
    /* A finish before a start at the same instant: touching is not overlapping. */
    return (x->step > y->step) - (x->step < y->step);
}

uint64_t result_overlap_ns(const struct engine_report *run)
{
    struct overlap_event events[2 * RACEDEMO_MAX_THREADS];
    unsigned n = 0;
    if (run->nthreads < 2)
        return 0; /* one worker overlaps with nobody */
    for (unsigned i = 0; i < run->nthreads && i < RACEDEMO_MAX_THREADS; i++) {
        events[n++] = (struct overlap_event){run->start_ns[i], +1};
        events[n++] = (struct overlap_event){run->end_ns[i], -1};
    }
    qsort(events, n, sizeof *events, compare_events);
    /* Walk the timeline, adding up the stretches with two or more working. */
    uint64_t total = 0;
    int working = 0;
    for (unsigned k = 0; k < n; k++) {
        if (working >= 2 && k > 0)
            total += events[k].t - events[k - 1].t;
        working += events[k].step;
    }
    return total;
}

double result_run_overlap_percent(const struct result *r)
{
    if (r->run.wall_sum_ns == 0)
        return 0.0;
    return 100.0 * (double)r->run.overlap_sum_ns / (double)r->run.wall_sum_ns;
}

double result_overlap_percent(const struct trial_result *t)
{
    if (t->wall_ns == 0)
        return 0.0;
    return 100.0 * (double)t->overlap_ns / (double)t->wall_ns;
}

static int compare_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Equal ranges over [lo, hi], in unsigned arithmetic: hi - lo can exceed
 * INT64_MAX (the bank's totals off by billions either way). */
struct ranges {
    int64_t lo;
    uint64_t width;
};

static struct ranges ranges_over(int64_t lo, int64_t hi, size_t n)
{
    return (struct ranges){lo, ((uint64_t)hi - (uint64_t)lo) / n + 1};
}

static size_t range_of(const struct ranges *g, int64_t v)
{
    return (size_t)(((uint64_t)v - (uint64_t)g->lo) / g->width);
}

/* The histogram from every distinct value's count: one row per value when
 * they fit, else a row for the correct trials (0 lost) and equal ranges
 * over the rest. */
static void buckets_from_values(struct summary *s, const struct tally_slot *v, size_t n)
{
    if (n <= SUMMARY_MAX_BUCKETS) {
        s->by_value = true;
        for (size_t i = 0; i < n; i++)
            s->buckets[s->nbuckets++] = (struct summary_bucket){v[i].value, v[i].value, v[i].count};
        return;
    }
    size_t i = 0;
    if (v[0].value == 0)
        s->buckets[s->nbuckets++] = (struct summary_bucket){0, 0, v[i++].count};
    size_t first = s->nbuckets;
    struct ranges g = ranges_over(v[i].value, v[n - 1].value, SUMMARY_MAX_BUCKETS - first);
    for (; i < n; i++) {
        size_t k = first + range_of(&g, v[i].value);
        while (s->nbuckets <= k) {
            int64_t lo = (int64_t)((uint64_t)g.lo + (s->nbuckets - first) * g.width);
            s->buckets[s->nbuckets++] = (struct summary_bucket){lo, lo + (int64_t)(g.width - 1), 0};
        }
        s->buckets[k].count += v[i].count;
    }
    s->buckets[s->nbuckets - 1].hi = v[n - 1].value; /* the last range ends at the largest value */
}

/* The histogram once the lost counts outgrew their map: the same rows, but
 * each range starts where a bucket of the coarse level starts (tally.h),
 * so that its count is exact; the ranges are then nearly, not exactly,
 * equal. */
static void buckets_from_coarse(struct summary *s, const struct value_tally *t)
{
    int b = 0, zero = tally_bucket(0);
    if (t->min == 0) { /* 0 is a bucket of its own */
        s->buckets[s->nbuckets++] = (struct summary_bucket){0, 0, t->coarse[zero]};
        b = zero + 1;
    }
    while (b < TALLY_BUCKETS && !t->coarse[b])
        b++;
    if (b == TALLY_BUCKETS)
        return; /* nothing but zeros */
    int64_t lo, hi;
    tally_bucket_range(b, &lo, &hi);
    lo = lo < t->min ? t->min : lo;
    size_t first = s->nbuckets;
    struct ranges g = ranges_over(lo, t->max, SUMMARY_MAX_BUCKETS - first);
    for (; b < TALLY_BUCKETS; b++) {
        if (!t->coarse[b])
            continue;
        tally_bucket_range(b, &lo, &hi);
        lo = lo < g.lo ? g.lo : lo;
        size_t k = first + range_of(&g, lo);
        if (s->nbuckets <= k) { /* a new row from this bucket's start */
            if (s->nbuckets > first)
                s->buckets[s->nbuckets - 1].hi = lo - 1;
            s->buckets[s->nbuckets++] = (struct summary_bucket){lo, lo, 0};
            k = s->nbuckets - 1;
        }
        s->buckets[k].count += t->coarse[b];
    }
    s->buckets[s->nbuckets - 1].hi = t->max;
}

static bool fill_buckets(struct summary *s, const struct value_tally *t)
{
    s->nbuckets = 0;
    s->by_value = false;
    if (!tally_complete(t)) {
        buckets_from_coarse(s, t);
        return true;
    }
    struct tally_slot *values;
    size_t n;
    if (!tally_sorted(t, &values, &n))
        return false;
    if (n)
        buckets_from_values(s, values, n);
    free(values);
    return true;
}

/* The median of a tally, the upper one of an even count. */
static bool tally_median(const struct value_tally *t, int64_t *value, bool *exact)
{
    bool ok;
    *exact = tally_at(t, t->n / 2, value, &ok);
    return ok;
}

/* The median wall time and metrics from the kept trials, when they are all
 * the trials: exact. */
static bool medians_from_kept(const struct result *r, struct summary *s)
{
    size_t n = r->trials.nkept;
    int64_t *v = malloc(n * sizeof *v);
    if (!v)
        return false;
    for (size_t i = 0; i < n; i++)
        v[i] = (int64_t)r->trials.kept[i].wall_ns;
    qsort(v, n, sizeof *v, compare_i64);
    s->wall_median_ns = (uint64_t)v[n / 2];
    s->wall_median_exact = true;
    for (unsigned k = 0; k < r->nmetrics; k++) {
        size_t m = 0; /* the trials that have one */
        for (size_t i = 0; i < n; i++)
            if (result_metric(r, i, k) != METRIC_NONE)
                v[m++] = result_metric(r, i, k);
        qsort(v, m, sizeof *v, compare_i64);
        s->metric_median[k] = m ? v[m / 2] : METRIC_NONE;
        s->metric_median_exact[k] = true;
    }
    free(v);
    return true;
}

/* The same from the tallies, for a run longer than the kept trials. */
static bool medians_from_tallies(const struct result *r, struct summary *s)
{
    int64_t wall;
    if (!tally_median(&r->trials.totals.wall, &wall, &s->wall_median_exact))
        return false;
    s->wall_median_ns = (uint64_t)wall;
    for (unsigned k = 0; k < r->nmetrics; k++) {
        s->metric_median[k] = METRIC_NONE; /* no trial had one */
        s->metric_median_exact[k] = true;
        if (r->trials.totals.metrics[k].n &&
            !tally_median(&r->trials.totals.metrics[k], &s->metric_median[k],
                          &s->metric_median_exact[k]))
            return false;
    }
    return true;
}

/* The lost counts' median: the middle one, or the mean of the two middle
 * ones of an even count. */
static bool lost_median(const struct value_tally *t, struct summary *s)
{
    int64_t lo, hi;
    bool ok, exact = tally_at(t, t->n / 2, &hi, &ok);
    if (!ok)
        return false;
    if (t->n % 2) {
        s->lost_median = (double)hi;
        s->lost_median_exact = exact;
        return true;
    }
    bool lower_exact = tally_at(t, t->n / 2 - 1, &lo, &ok);
    s->lost_median = ((double)lo + (double)hi) / 2.0;
    s->lost_median_exact = exact && lower_exact;
    return ok;
}

bool result_summarize(const struct result *r, struct summary *s)
{
    const struct result_totals *a = &r->trials.totals;
    memset(s, 0, sizeof *s);
    s->fair_median_pct = -1.0;
    size_t n = r->trials.count;
    s->trials = n;
    if (n == 0)
        return true;
    s->raced = a->raced;
    s->below = a->below;
    s->above = a->above;
    s->violations = a->violations;
    s->trials_with_violations = a->trials_with_violations;
    s->lost_min = a->lost.min;
    s->lost_max = a->lost.max;
    s->lost_mean = i128_double(a->lost_sum_hi, a->lost_sum_lo) / (double)n;
    memcpy(s->metric, a->metric, sizeof s->metric);
    if (!lost_median(&a->lost, s) || !fill_buckets(s, &a->lost))
        return false;
    if (!(result_all_kept(r) ? medians_from_kept(r, s) : medians_from_tallies(r, s)))
        return false;
    s->ns_per_op_median = result_ns_per_op(r, s->wall_median_ns);
    if (a->fair.n) { /* tenths of a percent: at most 1,001 values, counted exactly */
        int64_t tenths;
        bool exact;
        if (!tally_median(&a->fair, &tenths, &exact))
            return false;
        s->fair_median_pct = (double)tenths / 10.0;
    }
    return true;
}

int verdict_exit_status(enum verdict v, bool check)
{
    switch (v) {
    case VERDICT_STUCK:
    case VERDICT_STALLED:
        return EXIT_STUCK;
    case VERDICT_DEADLOCK:
        return EXIT_DEADLOCK;
    case VERDICT_RACE:
        return check ? EXIT_CHECK_FAILED : EXIT_OK;
    default:
        return EXIT_OK;
    }
}

int result_exit_status(const struct result *r, bool check)
{
    /* A race seen is what --check asks about, whatever stopped the run
     * after it; without --check the stall's status says the run stalled. */
    if (check && result_completed_verdict(r) == VERDICT_RACE)
        return EXIT_CHECK_FAILED;
    return verdict_exit_status(result_verdict(r), check);
}
