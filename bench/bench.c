/* bench.c: what each racedemo strategy costs, against the locks a user
 * could pick instead (glibc's mutex and spinlock, Concurrency Kit's fas,
 * ticket and MCS spinlocks) and the floor of one atomic add; how many
 * trials a second racedemo's engine runs against fresh threads per trial;
 * and how a run's time grows with iterations and threads. Every number is
 * the median of several runs, with their spread, measured in one run of
 * this program on one machine: compare the ratios, not the absolute times.
 *
 * Usage: racedemo-bench [--quick] [--json FILE] */
#define _GNU_SOURCE
#include <ck_spinlock.h>
#include <errno.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "racedemo/engine.h"
#include "racedemo/spin.h"
#include "racedemo/litmus.h"
#include "litmus/litmus.h"
#include "racedemo/sync.h"
#include "workloads/counter.h"
#include "run/run.h"
#include "result/verdict.h"
#include "core/engine.h"

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- locks, racedemo's and the references ------------------------------ */

struct bench_lock {
    const char *name;
    const char *kind;                 /* "racedemo", "reference", "floor" */
    const struct sync_strategy *sync; /* racedemo's, or NULL */
    void (*lock)(void *state, unsigned self);
    void (*unlock)(void *state, unsigned self);
    bool atomic_add; /* no lock: the increment is one atomic add */
};

struct ref_state {
    pthread_mutex_t mutex;
    pthread_spinlock_t spin;
    ck_spinlock_fas_t fas;
    ck_spinlock_ticket_t ticket;
    ck_spinlock_mcs_t mcs;
    struct ck_spinlock_mcs nodes[RACEDEMO_MAX_THREADS]; /* one queue node per thread */
};

static void mutex_lock(void *s, unsigned self)
{
    (void)self;
    pthread_mutex_lock(&((struct ref_state *)s)->mutex);
}
static void mutex_unlock(void *s, unsigned self)
{
    (void)self;
    pthread_mutex_unlock(&((struct ref_state *)s)->mutex);
}
static void spin_lock(void *s, unsigned self)
{
    (void)self;
    pthread_spin_lock(&((struct ref_state *)s)->spin);
}
static void spin_unlock(void *s, unsigned self)
{
    (void)self;
    pthread_spin_unlock(&((struct ref_state *)s)->spin);
}
static void fas_lock(void *s, unsigned self)
{
    (void)self;
    ck_spinlock_fas_lock(&((struct ref_state *)s)->fas);
}
static void fas_unlock(void *s, unsigned self)
{
    (void)self;
    ck_spinlock_fas_unlock(&((struct ref_state *)s)->fas);
}
static void ticket_lock(void *s, unsigned self)
{
    (void)self;
    ck_spinlock_ticket_lock(&((struct ref_state *)s)->ticket);
}
static void ticket_unlock(void *s, unsigned self)
{
    (void)self;
    ck_spinlock_ticket_unlock(&((struct ref_state *)s)->ticket);
}
static void mcs_lock(void *s, unsigned self)
{
    struct ref_state *r = s;
    ck_spinlock_mcs_lock(&r->mcs, &r->nodes[self]);
}
static void mcs_unlock(void *s, unsigned self)
{
    struct ref_state *r = s;
    ck_spinlock_mcs_unlock(&r->mcs, &r->nodes[self]);
}

/* ---- one measurement: threads lock, add one, unlock, for a while --------- */

struct lock_job {
    const struct bench_lock *impl;
    void *state;
    alignas(64) volatile uint64_t counter; /* guarded by the lock */
    alignas(64) _Atomic uint64_t atomic_counter;
    alignas(64) atomic_bool stop;
    alignas(64) uint64_t ops[RACEDEMO_MAX_THREADS * 8]; /* one cache line per thread */
};

/* Until told to stop: the stop flag is read once per operation, the same
 * for every lock, so it cancels out of the ratios. */
static void lock_work(void *arg, unsigned self)
{
    struct lock_job *job = arg;
    const struct bench_lock *impl = job->impl;
    uint64_t n = 0;
    if (impl->atomic_add) {
        while (!atomic_load_explicit(&job->stop, memory_order_relaxed)) {
            atomic_fetch_add_explicit(&job->atomic_counter, 1, memory_order_relaxed);
            n++;
        }
    } else {
        while (!atomic_load_explicit(&job->stop, memory_order_relaxed)) {
            impl->lock(job->state, self);
            job->counter = job->counter + 1;
            impl->unlock(job->state, self);
            n++;
        }
    }
    job->ops[self * 8] = n;
}

struct timer {
    struct lock_job *job;
    uint64_t ns;
};

static void *timer_main(void *p)
{
    struct timer *t = p;
    struct timespec d = {(time_t)(t->ns / 1000000000u), (long)(t->ns % 1000000000u)};
    nanosleep(&d, NULL);
    atomic_store_explicit(&t->job->stop, true, memory_order_relaxed);
    return NULL;
}

/* ns per lock+unlock pair over `budget_ns` of running: the whole team's
 * wall time over every operation any thread did; -1 if it failed. */
static double measure_lock(const struct bench_lock *impl, unsigned threads, uint64_t budget_ns,
                           bool *exact)
{
    struct lock_job *job = aligned_alloc(64, (sizeof *job + 63) / 64 * 64);
    struct ref_state *refs = aligned_alloc(64, (sizeof *refs + 63) / 64 * 64);
    if (!job || !refs) {
        free(job);
        free(refs);
        return -1;
    }
    memset(job, 0, sizeof *job);
    memset(refs, 0, sizeof *refs);
    pthread_mutex_init(&refs->mutex, NULL);
    pthread_spin_init(&refs->spin, PTHREAD_PROCESS_PRIVATE);
    ck_spinlock_fas_init(&refs->fas);
    ck_spinlock_ticket_init(&refs->ticket);
    ck_spinlock_mcs_init(&refs->mcs);
    job->impl = impl;
    job->state = refs;
    if (impl->sync && sync_state_create(impl->sync, threads, &job->state) != 0) {
        free(job);
        free(refs);
        return -1;
    }
    struct timer timer = {job, budget_ns};
    pthread_t tid;
    struct engine_report report;
    char err[256];
    /* The timer starts with the team; the engine's times are from release. */
    pthread_create(&tid, NULL, timer_main, &timer);
    const struct engine_config cfg = {
        .nthreads = threads, .pin = true, .work = lock_work, .arg = job};
    int rc = engine_run(&cfg, &report, err, sizeof err);
    pthread_join(tid, NULL);
    uint64_t ops = 0;
    for (unsigned i = 0; i < threads; i++)
        ops += job->ops[i * 8];
    uint64_t got = impl->atomic_add ? atomic_load(&job->atomic_counter) : job->counter;
    *exact = got == ops;
    if (impl->sync)
        sync_state_free(impl->sync, job->state);
    pthread_mutex_destroy(&refs->mutex);
    pthread_spin_destroy(&refs->spin);
    free(refs);
    free(job);
    if (rc != 0 || ops == 0)
        return -1;
    return (double)report.wall_ns / (double)ops;
}

/* ---- statistics ------------------------------------------------------------ */

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct stat {
    double median, min, max;
};

static struct stat stat_of(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, by_value);
    return (struct stat){n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2, v[0], v[n - 1]};
}

/* ---- the parts ------------------------------------------------------------- */

struct settings {
    int repeats;
    uint64_t budget_ns;       /* per lock measurement */
    uint64_t trials;          /* racedemo trials for the trial rate */
    uint64_t fresh_trials;    /* fresh-thread trials */
    uint64_t max_scale_iters; /* largest iteration count of the scaling runs */
    FILE *json;
};

static const unsigned thread_counts[] = {1, 2, 4, 8};
#define NCOUNTS 4

static const struct bench_lock references[] = {
    {"pthread_mutex", "reference", NULL, mutex_lock, mutex_unlock, false},
    {"pthread_spin", "reference", NULL, spin_lock, spin_unlock, false},
    {"ck_spinlock_fas", "reference", NULL, fas_lock, fas_unlock, false},
    {"ck_spinlock_ticket", "reference", NULL, ticket_lock, ticket_unlock, false},
    {"ck_spinlock_mcs", "reference", NULL, mcs_lock, mcs_unlock, false},
    {"fetch_add (no lock)", "floor", NULL, NULL, NULL, true},
};

/* Medians kept for the goals: [lock][thread count index]. */
struct lock_row {
    char name[32];
    struct stat at[NCOUNTS];
};

static struct lock_row rows[32];
static int nrows;

static const struct lock_row *row_named(const char *name)
{
    for (int i = 0; i < nrows; i++)
        if (strcmp(rows[i].name, name) == 0)
            return &rows[i];
    return NULL;
}

static void lock_costs(const struct settings *cfg)
{
    struct bench_lock all[32];
    int n = 0;
    for (const struct sync_strategy *const *s = sync_strategies; *s; s++)
        if ((*s)->exclusive && !(*s)->can_stall && (*s)->lock)
            all[n++] =
                (struct bench_lock){(*s)->name, "racedemo", *s, (*s)->lock, (*s)->unlock, false};
    for (size_t i = 0; i < sizeof references / sizeof *references; i++)
        all[n++] = references[i];

    printf("ns per lock + add + unlock (median of %d runs of %.0f ms; min-max in brackets)\n\n",
           cfg->repeats, (double)cfg->budget_ns / 1e6);
    printf("  %-20s %-9s", "lock", "from");
    for (int k = 0; k < NCOUNTS; k++)
        printf("  %7u thread%s        ", thread_counts[k], thread_counts[k] == 1 ? " " : "s");
    printf("\n");
    if (cfg->json)
        fprintf(cfg->json, "  \"locks\": [\n");
    /* Round by round, every lock once at every thread count each round,
     * so that a drift of the machine over time falls on all of them. */
    static double v[32][NCOUNTS][16];
    static bool exact[32][NCOUNTS];
    static int got[32][NCOUNTS];
    memset(got, 0, sizeof got);
    for (int i = 0; i < n; i++)
        for (int k = 0; k < NCOUNTS; k++)
            exact[i][k] = true;
    for (int r = 0; r < cfg->repeats; r++)
        for (int i = 0; i < n; i++)
            for (int k = 0; k < NCOUNTS; k++) {
                if (all[i].sync && !sync_allows_threads(all[i].sync, thread_counts[k]))
                    continue;
                bool ok = true;
                double x = measure_lock(&all[i], thread_counts[k], cfg->budget_ns, &ok);
                exact[i][k] &= ok;
                if (x > 0)
                    v[i][k][got[i][k]++] = x;
            }
    for (int i = 0; i < n; i++) {
        struct lock_row *row = &rows[nrows++];
        snprintf(row->name, sizeof row->name, "%s", all[i].name);
        printf("  %-20s %-9s", all[i].name, all[i].kind);
        if (cfg->json)
            fprintf(cfg->json, "%s    {\"lock\": \"%s\", \"from\": \"%s\"", i ? ",\n" : "",
                    all[i].name, all[i].kind);
        for (int k = 0; k < NCOUNTS; k++) {
            if (got[i][k] == 0) {
                printf("  %-22s", all[i].sync && !sync_allows_threads(all[i].sync, thread_counts[k])
                                      ? "(not for so many)"
                                      : "(failed)");
                row->at[k] = (struct stat){-1, -1, -1};
                continue;
            }
            struct stat st = stat_of(v[i][k], got[i][k]);
            row->at[k] = st;
            char cell[64];
            snprintf(cell, sizeof cell, "%.1f [%.1f-%.1f]%s", st.median, st.min, st.max,
                     exact[i][k] ? "" : " !");
            printf("  %-22s", cell);
            if (cfg->json)
                fprintf(cfg->json,
                        ", \"t%u\": {\"median_ns\": %.2f, \"min_ns\": %.2f, \"max_ns\": %.2f, "
                        "\"exact\": %s}",
                        thread_counts[k], st.median, st.min, st.max,
                        exact[i][k] ? "true" : "false");
        }
        printf("\n");
        if (cfg->json)
            fprintf(cfg->json, "}");
    }
    if (cfg->json)
        fprintf(cfg->json, "\n  ],\n");
    printf("\n  (! after a number: the counter did not end at the operations done)\n\n");
}

/* Fresh threads for every trial: create two, each adds `iters`, join. */
struct fresh {
    _Atomic uint64_t *n;
    uint64_t iters;
};

/* The same racy steps as racedemo's --sync none. */
static void *fresh_main(void *p)
{
    struct fresh *f = p;
    for (uint64_t i = 0; i < f->iters; i++) {
        uint64_t v = atomic_load_explicit(f->n, memory_order_relaxed);
        atomic_store_explicit(f->n, v + 1, memory_order_relaxed);
    }
    return NULL;
}

static double fresh_rate(uint64_t trials, uint64_t iters)
{
    _Atomic uint64_t n = 0;
    struct fresh f = {&n, iters};
    uint64_t start = now_ns();
    for (uint64_t t = 0; t < trials; t++) {
        pthread_t a, b;
        pthread_create(&a, NULL, fresh_main, &f);
        pthread_create(&b, NULL, fresh_main, &f);
        pthread_join(a, NULL);
        pthread_join(b, NULL);
    }
    return (double)trials * 1e9 / (double)(now_ns() - start);
}

/* racedemo counter --sync none --trials T --iters k: trials a second. */
static double engine_rate(uint64_t trials, uint64_t iters)
{
    struct counter_config cfg = {.iters = iters, .op = COUNTER_INC};
    struct run_config run = {.threads = 2, .sync = sync_find("none"), .trials = trials};
    struct result res = {0};
    char err[256];
    if (workload_run(&workload_counter, &run, &cfg, NULL, &res, err, sizeof err) != 0)
        return -1;
    double rate = (double)res.trials.count * 1e9 / (double)res.run.elapsed_ns;
    result_free(&res);
    return rate;
}

static bool trial_rates(const struct settings *cfg)
{
    printf("trials a second, 2 threads, each trial adding `iters` per thread (median of %d)\n\n",
           cfg->repeats);
    printf("  %8s  %16s  %16s  %8s\n", "iters", "racedemo engine", "fresh threads", "ratio");
    const uint64_t iters[] = {1, 10, 100};
    bool goal = true;
    if (cfg->json)
        fprintf(cfg->json, "  \"trial_rates\": [\n");
    for (int k = 0; k < 3; k++) {
        double e[16], f[16];
        for (int r = 0; r < cfg->repeats; r++) {
            e[r] = engine_rate(cfg->trials, iters[k]);
            f[r] = fresh_rate(cfg->fresh_trials, iters[k]);
        }
        struct stat se = stat_of(e, cfg->repeats), sf = stat_of(f, cfg->repeats);
        double ratio = sf.median > 0 ? se.median / sf.median : -1;
        if (iters[k] == 100)
            goal = ratio >= 100;
        printf("  %8llu  %16.0f  %16.0f  %7.1fx\n", (unsigned long long)iters[k], se.median,
               sf.median, ratio);
        if (cfg->json)
            fprintf(cfg->json,
                    "%s    {\"iters\": %llu, \"engine_per_s\": %.0f, \"fresh_per_s\": %.0f, "
                    "\"ratio\": %.2f}",
                    k ? ",\n" : "", (unsigned long long)iters[k], se.median, sf.median, ratio);
    }
    if (cfg->json)
        fprintf(cfg->json, "\n  ],\n");
    printf("\n");
    return goal;
}

/* racedemo counter, median wall ns of `repeats` trials. */
static double counter_ns(const char *sync, unsigned threads, uint64_t iters, int repeats,
                         bool instruments)
{
    struct counter_config cfg = {.iters = iters, .op = COUNTER_INC};
    struct run_config run = {.threads = threads,
                             .sync = sync_find(sync),
                             .trials = (uint64_t)repeats,
                             .no_instruments = !instruments};
    struct result res = {0};
    struct summary s;
    char err[256];
    if (workload_run(&workload_counter, &run, &cfg, NULL, &res, err, sizeof err) != 0 ||
        !result_summarize(&res, &s)) {
        result_free(&res);
        return -1;
    }
    result_free(&res);
    return (double)s.wall_median_ns;
}

/* The bare race: relaxed load, add, store, nothing else. */
struct bare_job {
    alignas(64) volatile _Atomic uint64_t n;
    alignas(64) uint64_t iters;
};

static void bare_work(void *arg, unsigned self)
{
    struct bare_job *job = arg;
    const uint64_t iters = job->iters; /* not re-read from the contended line */
    (void)self;
    for (uint64_t i = 0; i < iters; i++) {
        uint64_t v = atomic_load_explicit(&job->n, memory_order_relaxed);
        atomic_store_explicit(&job->n, v + 1, memory_order_relaxed);
    }
}

/* The same way racedemo runs it: one team, released for every trial; the
 * first trial (threads still starting) is left out. */
static double bare_ns(uint64_t iters, int repeats)
{
    struct bare_job job = {.iters = iters};
    struct engine *team;
    char err[256];
    const struct engine_config cfg = {.nthreads = 2, .pin = true, .work = bare_work, .arg = &job};
    if (engine_start(&team, &cfg, err, sizeof err) != 0)
        return -1;
    engine_note_cpus(team, false); /* as racedemo's runs after their first trial */
    double v[16];
    for (int r = -1; r < repeats; r++) {
        struct engine_report report;
        atomic_store_explicit(&job.n, 0, memory_order_relaxed);
        engine_trial(team, &report);
        if (r >= 0)
            v[r] = (double)report.wall_ns;
    }
    engine_stop(team);
    return stat_of(v, repeats).median;
}

static bool overhead(const struct settings *cfg)
{
    uint64_t iters = cfg->max_scale_iters;
    double racedemo = counter_ns("none", 2, iters, cfg->repeats, true);
    double bare = bare_ns(iters, cfg->repeats);
    double ratio = racedemo > 0 && bare > 0 ? racedemo / bare : -1;
    printf("racedemo's own overhead: counter --sync none (instruments on) against a bare loop\n"
           "of relaxed load, add, store, 2 threads x %llu, median of %d\n\n",
           (unsigned long long)iters, cfg->repeats);
    printf("  racedemo %.3f ms, bare %.3f ms: %.2fx (goal: at most 1.20x)\n\n", racedemo / 1e6,
           bare / 1e6, ratio);
    if (cfg->json)
        fprintf(cfg->json,
                "  \"overhead\": {\"racedemo_ns\": %.0f, \"bare_ns\": %.0f, "
                "\"ratio\": %.3f},\n",
                racedemo, bare, ratio);
    return ratio > 0 && ratio <= 1.2;
}

static bool scaling(const struct settings *cfg)
{
    printf("how time grows: counter --sync atomic (one locked add per update, a steady\n"
           "cost), median of %d trials; per update against 10^4 iterations\n\n",
           cfg->repeats);
    printf("  %10s  %12s  %10s  %12s  %10s\n", "iters", "1 thread", "vs linear", "2 threads",
           "vs linear");
    bool linear = true;
    double base1 = -1, base2 = -1;
    if (cfg->json)
        fprintf(cfg->json, "  \"scaling_iters\": [\n");
    int k = 0;
    for (uint64_t iters = 1000; iters <= cfg->max_scale_iters; iters *= 10, k++) {
        double one = counter_ns("atomic", 1, iters, cfg->repeats, false) / (double)iters;
        double two = counter_ns("atomic", 2, iters, cfg->repeats, false) / (double)(2 * iters);
        if (iters == 10000) {
            base1 = one;
            base2 = two;
        }
        double r1 = base1 > 0 ? one / base1 : 0, r2 = base2 > 0 ? two / base2 : 0;
        /* The goal is the engine's: one thread, so no contention varies. */
        if (iters >= 10000 && (r1 > 1.1 || r1 < 0.9))
            linear = false;
        if (base1 > 0)
            printf("  %10llu  %9.2f ns  %9.2fx  %9.2f ns  %9.2fx\n", (unsigned long long)iters, one,
                   r1, two, r2);
        else
            printf("  %10llu  %9.2f ns  %10s  %9.2f ns  %10s\n", (unsigned long long)iters, one,
                   "-", two, "-");
        if (cfg->json)
            fprintf(cfg->json,
                    "%s    {\"iters\": %llu, \"ns_per_update_1\": %.3f, \"ratio_1\": %.3f, "
                    "\"ns_per_update_2\": %.3f, \"ratio_2\": %.3f}",
                    k ? ",\n" : "", (unsigned long long)iters, one, r1, two, r2);
    }
    if (cfg->json)
        fprintf(cfg->json, "\n  ],\n  \"scaling_threads\": [\n");
    printf("\n  %10s  %14s  %14s  %10s\n", "threads", "time", "ns per update", "vs 1 thread");
    double one = -1;
    uint64_t iters = cfg->max_scale_iters / 10;
    for (int t = 0; t < NCOUNTS; t++) {
        unsigned threads = thread_counts[t];
        double ns = counter_ns("atomic", threads, iters, cfg->repeats, false);
        double per = ns / (double)(threads * iters);
        if (one < 0)
            one = per;
        printf("  %10u  %11.3f ms  %14.2f  %9.2fx\n", threads, ns / 1e6, per, per / one);
        if (cfg->json)
            fprintf(cfg->json, "%s    {\"threads\": %u, \"ns\": %.0f, \"per_update_ratio\": %.3f}",
                    t ? ",\n" : "", threads, ns, per / one);
    }
    if (cfg->json)
        fprintf(cfg->json, "\n  ],\n");
    printf("\n");
    return linear;
}

/* racedemo litmus sb (--fence): tests a second and the share of r0 = r1 =
 * 0, median of `repeats` runs of 100 trials of 100,000, the threads
 * meeting every LITMUS_BATCH_DEFAULT (the command's defaults). The goal: at least 75 million tests
 * a second without the fence, the rate of the probe that issue #22 started from. */
static bool litmus_rates(const struct settings *cfg)
{
    uint64_t trials = cfg->trials >= 100000 ? 100 : 10; /* --quick: 10 */
    printf("litmus sb, %llu trials of 100,000 tests (median of %d)\n\n", (unsigned long long)trials,
           cfg->repeats);
    printf("  %-16s  %16s  %16s\n", "", "million tests/s", "r0 = r1 = 0");
    double relaxed_rate = 0;
    if (cfg->json)
        fprintf(cfg->json, "  \"litmus_sb\": [\n");
    for (int fence = 0; fence < 2; fence++) {
        double rate[16], share[16];
        for (int r = 0; r < cfg->repeats; r++) {
            struct litmus_config lc = {.test = litmus_find("sb"),
                                       .fence = fence,
                                       .iters = 100000,
                                       .trials = trials,
                                       .batch = LITMUS_BATCH_DEFAULT};
            struct litmus_result res;
            char err[256];
            if (litmus_run(&lc, &res, err, sizeof err) != 0) {
                fprintf(stderr, "racedemo-bench: litmus: %s\n", err);
                return false;
            }
            double tests = (double)(lc.iters * lc.trials);
            rate[r] = res.wall_ns ? tests * 1e3 / (double)res.wall_ns : 0;
            share[r] = (double)res.seen[0] * 100.0 / tests;
        }
        struct stat sr = stat_of(rate, cfg->repeats), ss = stat_of(share, cfg->repeats);
        if (!fence)
            relaxed_rate = sr.median;
        printf("  %-16s  %16.1f  %15.2f%%\n", fence ? "--fence" : "relaxed", sr.median, ss.median);
        if (cfg->json)
            fprintf(cfg->json,
                    "%s    {\"fence\": %s, \"million_tests_per_s\": %.1f, "
                    "\"sc_forbidden_percent\": %.2f}",
                    fence ? ",\n" : "", fence ? "true" : "false", sr.median, ss.median);
    }
    if (cfg->json)
        fprintf(cfg->json, "\n  ],\n");
    printf("\n");
    return relaxed_rate >= 75;
}

static double ratio_at(const char *a, const char *b, int k)
{
    const struct lock_row *x = row_named(a), *y = row_named(b);
    if (!x || !y || x->at[k].median <= 0 || y->at[k].median <= 0)
        return -1;
    return x->at[k].median / y->at[k].median;
}

int main(int argc, char **argv)
{
    struct settings cfg = {.repeats = 5,
                           .budget_ns = 200000000u,
                           .trials = 100000,
                           .fresh_trials = 2000,
                           .max_scale_iters = 10000000};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            cfg = (struct settings){.repeats = 3,
                                    .budget_ns = 10000000u,
                                    .trials = 1000,
                                    .fresh_trials = 100,
                                    .max_scale_iters = 100000};
        } else if (strcmp(argv[i], "--json") == 0 && i + 1 < argc) {
            cfg.json = fopen(argv[++i], "w");
            if (!cfg.json) {
                fprintf(stderr, "racedemo-bench: --json %s: %s\n", argv[i], strerror(errno));
                return 2;
            }
        } else {
            fprintf(stderr,
                    "racedemo-bench: unknown argument '%s'; usage: racedemo-bench "
                    "[--quick] [--json FILE]\n",
                    argv[i]);
            return 2;
        }
    }
    if (cfg.json)
        fprintf(cfg.json, "{\n  \"tool\": \"racedemo-bench\",\n  \"repeats\": %d,\n", cfg.repeats);
    lock_costs(&cfg);
    bool rates = trial_rates(&cfg);
    bool low = overhead(&cfg);
    bool linear = scaling(&cfg);
    bool litmus = litmus_rates(&cfg);

    /* Contended on 2 cores: index 1 is 2 threads. */
    double fas = ratio_at("ttas", "ck_spinlock_fas", 1);
    double tick = ratio_at("ticket", "ck_spinlock_ticket", 1);
    double tas_fas = ratio_at("tas", "ck_spinlock_fas", 1);
    printf("goals\n\n");
    printf("  ttas / ck_spinlock_fas, 2 threads:       %.2fx  %s (within 1.10x)\n", fas,
           fas > 0 && fas <= 1.1 ? "met" : "NOT met");
    printf("  ticket / ck_spinlock_ticket, 2 threads:  %.2fx  %s (within 1.10x)\n", tick,
           tick > 0 && tick <= 1.1 ? "met" : "NOT met");
    printf("  tas / ck_spinlock_fas, 2 threads:        %.2fx  (for comparison)\n", tas_fas);
    printf("  --sync none overhead within 1.2x:        %s\n", low ? "met" : "NOT met");
    printf("  trials at least 100x fresh threads:      %s\n", rates ? "met" : "NOT met");
    printf("  linear in iterations within 10%%:         %s\n", linear ? "met" : "NOT met");
    printf("  litmus sb at least 75M tests/s:          %s\n", litmus ? "met" : "NOT met");
    if (cfg.json) {
        fprintf(cfg.json,
                "  \"goals\": {\"ttas_vs_fas\": %.3f, \"ticket_vs_ck_ticket\": %.3f, "
                "\"tas_vs_fas\": %.3f, \"overhead_met\": %s, \"trials_met\": %s, "
                "\"linear_met\": %s, \"litmus_met\": %s}\n}\n",
                fas, tick, tas_fas, low ? "true" : "false", rates ? "true" : "false",
                linear ? "true" : "false", litmus ? "true" : "false");
        fclose(cfg.json);
    }
    return 0;
}
