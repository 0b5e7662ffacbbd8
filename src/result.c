/* result.c: the arithmetic of a result, kept apart from how it is shown. */
#include <stdlib.h>
#include <string.h>

#include "result.h"

bool result_add_trial(struct result *r, const struct trial_result *t, const int64_t *metrics)
{
    if (r->ntrials >= RESULT_MAX_TRIALS)
        return false;
    if (r->ntrials == r->capacity) {
        size_t cap = r->capacity ? 2 * r->capacity : 64;
        if (cap > RESULT_MAX_TRIALS)
            cap = RESULT_MAX_TRIALS;
        struct trial_result *grown = realloc(r->trials, cap * sizeof *grown);
        if (!grown)
            return false;
        r->trials = grown;
        if (r->nmetrics) {
            int64_t *values = realloc(r->metric_values, cap * r->nmetrics * sizeof *values);
            if (!values)
                return false;
            r->metric_values = values;
        }
        r->capacity = cap;
    }
    struct trial_result *added = &r->trials[r->ntrials];
    *added = *t;
    added->metric_failed = false;
    for (unsigned k = 0; k < r->nmetrics; k++) {
        int64_t v = metrics ? metrics[k] : 0;
        r->metric_values[r->ntrials * r->nmetrics + k] = v;
        if (r->metrics[k].failure && v != 0)
            added->metric_failed = true;
    }
    r->ntrials++;
    return true;
}

int64_t result_metric(const struct result *r, size_t i, unsigned k)
{
    return r->metric_values[i * r->nmetrics + k];
}

void result_free(struct result *r)
{
    free(r->trials);
    free(r->metric_values);
    free(r->lost_nodes);
    free(r->trace);
    r->trace = NULL;
    r->trials = NULL;
    r->metric_values = NULL;
    r->lost_nodes = NULL;
    r->nlost_nodes = 0;
    r->ntrials = r->capacity = 0;
}

int64_t result_lost(const struct result *r, const struct trial_result *t)
{
    /* Totals are capped at INT64_MAX by the option checks, so the
     * difference always fits. */
    return (int64_t)r->expected - t->observed;
}

double result_lost_percent(const struct result *r, const struct trial_result *t)
{
    if (r->expected == 0)
        return 0.0;
    return 100.0 * (double)result_lost(r, t) / (double)r->expected;
}

uint64_t result_ops(const struct result *r)
{
    if (r->roles[0]) /* producers make the items; consumers take the same ones */
        return (uint64_t)r->role_split * r->per_thread;
    if (r->first_thread && r->threads > 0)
        return r->first_thread + (uint64_t)(r->threads - 1) * r->per_thread;
    return (uint64_t)r->threads * r->per_thread;
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
    if (r->either_side)
        return true;
    for (size_t i = 0; i < r->ntrials; i++)
        if (result_lost(r, &r->trials[i]) < 0)
            return true;
    return false;
}

bool result_correct(const struct result *r, const struct trial_result *t)
{
    return t->observed == (int64_t)r->expected && !t->metric_failed;
}

bool result_all_correct(const struct result *r)
{
    for (size_t i = 0; i < r->ntrials; i++)
        if (!result_correct(r, &r->trials[i]))
            return false;
    return true;
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
    if (r->exclusive || r->threads + r->helpers < 2)
        return VERDICT_CORRECT;
    return VERDICT_NO_RACE_SEEN;
}

enum verdict result_verdict(const struct result *r)
{
    if (r->stuck) {
        if (r->deadlock && r->stuck_all_asleep)
            return VERDICT_DEADLOCK;
        return r->can_stall && !r->stuck_why[0] ? VERDICT_STUCK : VERDICT_STALLED;
    }
    if (r->ntrials == 0)
        return VERDICT_NONE;
    enum verdict v = VERDICT_CORRECT;
    for (size_t i = 0; i < r->ntrials; i++) {
        enum verdict t = result_trial_verdict(r, &r->trials[i]);
        if (t == VERDICT_RACE)
            return VERDICT_RACE;
        v = t;
    }
    return v;
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

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Rows of the histogram over sorted lost counts: one per distinct value
 * when they fit, else a row for the correct trials (0 lost) and equal
 * ranges over the rest. */
static void fill_buckets(struct summary *s, const int64_t *lost, size_t n)
{
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || lost[i] != lost[i - 1])
            distinct++;
    s->nbuckets = 0;
    if (distinct <= SUMMARY_MAX_BUCKETS) {
        s->by_value = true;
        for (size_t i = 0; i < n; i++) {
            if (i == 0 || lost[i] != lost[i - 1])
                s->buckets[s->nbuckets++] = (struct summary_bucket){lost[i], lost[i], 0};
            s->buckets[s->nbuckets - 1].count++;
        }
        return;
    }
    s->by_value = false;
    size_t i = 0;
    if (lost[0] == 0) {
        s->buckets[s->nbuckets++] = (struct summary_bucket){0, 0, 0};
        for (; i < n && lost[i] == 0; i++)
            s->buckets[0].count++;
    }
    int64_t lo = lost[i], hi = lost[n - 1];
    size_t ranges = SUMMARY_MAX_BUCKETS - s->nbuckets;
    int64_t width = (hi - lo) / (int64_t)ranges + 1;
    for (size_t k = 0; k < ranges && lo + (int64_t)k * width <= hi; k++) {
        int64_t b_lo = lo + (int64_t)k * width;
        s->buckets[s->nbuckets++] = (struct summary_bucket){b_lo, b_lo + width - 1, 0};
    }
    s->buckets[s->nbuckets - 1].hi = hi; /* the last range ends at the largest value */
    size_t first_range = lost[0] == 0 ? 1 : 0;
    for (; i < n; i++)
        s->buckets[first_range + (size_t)((lost[i] - lo) / width)].count++;
}

bool result_summarize(const struct result *r, struct summary *s)
{
    memset(s, 0, sizeof *s);
    s->fair_median_pct = -1.0;
    size_t n = r->ntrials;
    s->trials = n;
    if (n == 0)
        return true;
    int64_t *lost = malloc(n * sizeof *lost);
    uint64_t *wall = malloc(n * sizeof *wall);
    if (!lost || !wall) {
        free(lost);
        free(wall);
        return false;
    }
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        lost[i] = result_lost(r, &r->trials[i]);
        wall[i] = r->trials[i].wall_ns;
        sum += (double)lost[i];
        s->below += lost[i] > 0;
        s->above += lost[i] < 0;
        if (!result_correct(r, &r->trials[i]))
            s->raced++;
        s->violations += r->trials[i].violations;
        if (r->trials[i].violations)
            s->trials_with_violations++;
    }
    qsort(lost, n, sizeof *lost, compare_i64);
    qsort(wall, n, sizeof *wall, compare_u64);
    s->lost_min = lost[0];
    s->lost_max = lost[n - 1];
    s->lost_mean = sum / (double)n;
    const size_t mid = n / 2; /* an index: the division is meant whole */
    s->lost_median = n % 2 ? (double)lost[mid] : ((double)lost[mid - 1] + (double)lost[mid]) / 2.0;
    s->wall_median_ns = wall[mid];
    /* The fairness median, reusing `wall` as scratch in tenths of a percent. */
    size_t fair = 0;
    for (size_t i = 0; i < n; i++)
        if (r->trials[i].fair_least_pct >= 0)
            wall[fair++] = (uint64_t)(r->trials[i].fair_least_pct * 10.0 + 0.5);
    qsort(wall, fair, sizeof *wall, compare_u64);
    const size_t fair_mid = fair / 2;
    s->fair_median_pct = fair ? (double)wall[fair_mid] / 10.0 : -1.0;
    s->ns_per_op_median = result_ns_per_op(r, s->wall_median_ns);
    fill_buckets(s, lost, n);
    for (unsigned k = 0; k < r->nmetrics; k++) {
        /* The median, reusing `lost` as scratch now that the histogram is done. */
        for (size_t i = 0; i < n; i++)
            lost[i] = result_metric(r, i, k);
        qsort(lost, n, sizeof *lost, compare_i64);
        s->metric_median[k] = lost[n / 2];
        int64_t v = result_metric(r, 0, k);
        for (size_t i = 1; i < n; i++) {
            int64_t x = result_metric(r, i, k);
            switch (r->metrics[k].total) {
            case METRIC_SUM:
                v += x;
                break;
            case METRIC_MIN:
                v = x < v ? x : v;
                break;
            case METRIC_MAX:
                v = x > v ? x : v;
                break;
            }
        }
        s->metric[k] = v;
    }
    free(lost);
    free(wall);
    return true;
}
