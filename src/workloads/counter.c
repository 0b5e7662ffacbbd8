/* counter.c: the seed's first race. Every thread updates one shared N with
 * the three steps a load/store machine uses: load N into a register, add,
 * store the register back. Two threads that load the same N both store N + 1,
 * and one update is lost. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <time.h>

#include "core/clock.h"
#include "counter.h"
#include "racedemo/detector.h"
#include "racedemo/instruments.h"
#include "racedemo/replay.h"
#include "racedemo/shared.h"
#include "racedemo/spin.h"
#include "result/trace_order.h"

static const struct opt_choice counter_ops[] = {
    {"inc", "each update is N := N + 1", NULL},
    {"sum", "update i adds i: sum := sum + i", NULL},
    {NULL, NULL, NULL},
};

static const struct opt counter_options[] = {
    {.name = "iters",
     .short_name = 'n',
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "updates per thread",
     .offset = offsetof(struct counter_config, iters),
     .min = 1,
     .max = COUNTER_MAX_ITERS,
     .def = 100000},
    {.name = "first-iters",
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "updates of thread A (the first) alone, for uneven work (try --sync turn)",
     .offset = offsetof(struct counter_config, first_iters),
     .min = 1,
     .max = COUNTER_MAX_ITERS,
     .def = 0,
     .def_text = "--iters"},
    {.name = "op",
     .short_name = 'o',
     .kind = OPT_CHOICE,
     .metavar = "OP",
     .help = "what each update adds",
     .offset = offsetof(struct counter_config, op),
     .choices = counter_ops,
     .def = COUNTER_INC},
    {0},
};

struct counter_shared {
    /* Atomic so that the race is in the algorithm, not undefined behaviour;
     * volatile so that no compiler may merge the loop's loads and stores. */
    alignas(64) volatile _Atomic uint64_t n;
    struct cs_detector detector;
    alignas(64) atomic_uint first_done; /* 1 + the thread that finished first; 0: none yet */
    /* --trace: when each thread began its trial's work (0: not yet), by
     * the clock, which every CPU shares. */
    alignas(64) _Atomic uint64_t began[RACEDEMO_MAX_THREADS];
};

/* What one thread counted in a trial, on its own cache line. */
struct counter_thread {
    alignas(64) uint64_t violations;
    /* Updates done so far this trial, for the watchdog: stored relaxed by
     * the thread, read now and then by the watchdog, never a fence. */
    _Atomic uint64_t done;
};

struct counter_job {
    struct counter_shared *shared;
    const struct sync_strategy *sync;
    void *lock_state;
    uint64_t iters;
    uint64_t first_iters; /* thread 0's; 0: iters */
    bool sum;
    bool detect;     /* run the violation detector in the critical section */
    uint64_t window; /* --window: pauses between each load and its store */
    unsigned nthreads;
    struct counter_thread *threads;
    uint64_t snapshot[RACEDEMO_MAX_THREADS]; /* everyone's progress when the first finished */
    /* --trace: each thread's first `trace` updates, recorded; the time
     * they took, and the time the rest took. */
    uint64_t trace;
    struct counter_step *steps[RACEDEMO_MAX_THREADS];
    uint64_t traced_ns[RACEDEMO_MAX_THREADS], rest_ns[RACEDEMO_MAX_THREADS];
    struct result *res;
};

/* One recorded update: when it loaded, what, when it had stored, what. */
struct counter_step {
    uint64_t t_load, t_store, value, stored;
};

/* The critical section, exactly the seed's three instructions. Relaxed:
 * ordering with other memory is the lock's job; without a lock, nothing
 * orders the two threads' steps and that is the lesson. */
static inline void counter_update(volatile _Atomic uint64_t *n, uint64_t add)
{
    uint64_t acc = atomic_load_explicit(n, memory_order_relaxed); /* load N to acc */
    acc = acc + add;                                              /* acc := acc + 1 */
    atomic_store_explicit(n, acc, memory_order_relaxed);          /* store acc to N */
}

/* The same three steps with the window between load and store widened:
 * --window makes the race show even where the plain steps rarely overlap
 * (one CPU, a busy machine). */
static inline void counter_update_widened(volatile _Atomic uint64_t *n, uint64_t add,
                                          uint64_t window)
{
    uint64_t acc = atomic_load_explicit(n, memory_order_relaxed);
    workload_window(window);
    atomic_store_explicit(n, acc + add, memory_order_relaxed);
}

/* How long after the last thread began --trace starts recording: well
 * inside a default trial (100,000 updates a thread, 100 us or more), and
 * long enough for every thread to be at work. */
#define TRACE_AFTER_NS 10000u

/* Whether every thread began, TRACE_AFTER_NS ago or more. Relaxed: a time,
 * read again 64 updates later if it is not there yet. */
static bool trace_due(const struct counter_job *job)
{
    uint64_t last = 0;
    for (unsigned t = 0; t < job->nthreads; t++) {
        uint64_t b = atomic_load_explicit(&job->shared->began[t], memory_order_relaxed);
        if (b == 0)
            return false;
        last = b > last ? b : last;
    }
    return now_ns() >= last + TRACE_AFTER_NS;
}

/* --sync none with --trace: the updates go bare until every thread has
 * been at work for TRACE_AFTER_NS (the clock is read every 64 updates) or
 * until only `trace` are left; the next `trace` are recorded, with a clock
 * read just after the load and just after the store (the values into this
 * thread's own buffer), then the rest go bare. The read between load and
 * store widens the window, as --window does, and the report says so: with
 * both reads outside it (before the load, after the store) the window was
 * a few ns among 60 ns of clock reads, and the threads fell into step,
 * each loading the other's last store, so that 4 runs in 10 lost none of
 * 320 updates each while the bare loop lost 48%. Every thread starts recording at the
 * same moment by the shared clock, where the threads overlap: recording
 * each thread's first updates instead showed one thread alone (it started
 * first) in about half the runs. The instruments are clock reads and
 * relaxed loads of the start times: no fence, no locked instruction. */
static void counter_traced(struct counter_job *job, unsigned self, uint64_t iters)
{
    volatile _Atomic uint64_t *n = &job->shared->n;
    struct counter_step *rec = job->steps[self];
    uint64_t traced = job->trace < iters ? job->trace : iters;
    atomic_store_explicit(&job->shared->began[self], now_ns(), memory_order_relaxed);
    uint64_t i = 1;
    while (i + traced <= iters && !trace_due(job) && !spin_stopped()) {
        uint64_t end = i + 64 < iters - traced + 1 ? i + 64 : iters - traced + 1;
        for (; i < end; i++)
            counter_update(n, job->sum ? i : 1);
    }
    uint64_t start = now_ns();
    for (uint64_t k = 0; k < traced; k++, i++) {
        uint64_t acc = atomic_load_explicit(n, memory_order_relaxed);
        rec[k].t_load = now_ns();
        atomic_store_explicit(n, acc + (job->sum ? i : 1), memory_order_relaxed);
        rec[k].t_store = now_ns();
        rec[k].value = acc;
        rec[k].stored = acc + (job->sum ? i : 1);
    }
    uint64_t mid = now_ns();
    /* The rest in stretches, as counter_bare() runs them. */
    while (i <= iters) {
        uint64_t end = workload_stretch(i, iters + 1, SPIN_STOP_EVERY);
        for (; i < end; i++)
            counter_update(n, job->sum ? i : 1);
        if (spin_stopped())
            break;
    }
    job->traced_ns[self] = mid - start;
    job->rest_ns[self] = now_ns() - mid;
}

static uint64_t iters_of(const struct counter_job *job, unsigned self)
{
    return self == 0 && job->first_iters ? job->first_iters : job->iters;
}

/* The loops that take a lock, with or without the detector around the
 * critical section (--no-instruments times the bare algorithm). Each
 * iteration also records its progress for the watchdog and gives up when
 * the watchdog has stopped the run: a relaxed store to this thread's own
 * cache line and a relaxed load of a word nobody writes until then. */
static uint64_t counter_locked(struct counter_job *job, unsigned self, bool detect)
{
    volatile _Atomic uint64_t *n = &job->shared->n;
    struct cs_detector *d = &job->shared->detector;
    const struct sync_strategy *s = job->sync;
    struct counter_thread *me = &job->threads[self];
    const uint64_t iters = iters_of(job, self);
    uint64_t violations = 0;
    for (uint64_t i = 1; i <= iters; i++) {
        s->lock(job->lock_state, self);
        if (detect)
            violations += detector_enter(d, self);
        if (job->window)
            counter_update_widened(n, job->sum ? i : 1, job->window);
        else
            counter_update(n, job->sum ? i : 1);
        if (detect)
            violations += detector_leave(d, self);
        s->unlock(job->lock_state, self);
        atomic_store_explicit(&me->done, i, memory_order_relaxed);
        if (spin_leaving()) /* between whole updates: a clean point */
            return violations;
    }
    /* Fairness: the first to finish notes how far everyone else had got.
     * One compare-and-swap per thread per trial, after the loop, where a
     * locked instruction cannot change what the loop shows. */
    unsigned nobody = 0;
    if (atomic_compare_exchange_strong_explicit(&job->shared->first_done, &nobody, self + 1,
                                                memory_order_relaxed, memory_order_relaxed))
        for (unsigned k = 0; k < job->nthreads; k++)
            job->snapshot[k] = atomic_load_explicit(&job->threads[k].done, memory_order_relaxed);
    return violations;
}

/* The loops without a lock. Each runs in stretches of bare updates and
 * looks at spin_stopped() between them, so that a stop (Ctrl-C) ends even
 * a trial of a billion updates at once; the look is one relaxed load in
 * thousands of iterations, no fence and no locked instruction, and the
 * updates inside a stretch are exactly the seed's steps. i counts from 1
 * so that --op sum adds i. */
static uint64_t counter_bare(volatile _Atomic uint64_t *n, uint64_t iters)
{
    /* The bare race, nothing else in the stretch: the benchmark holds it
     * to a plain loop of relaxed load, add, store (docs/BENCHMARKS.md). */
    uint64_t i = 1;
    while (i <= iters) {
        uint64_t end = workload_stretch(i, iters + 1, SPIN_STOP_EVERY);
        for (; i < end; i++)
            counter_update(n, 1);
        if (spin_leaving())
            break;
    }
    return i - 1; /* the updates done: i counts from 1 */
}

static uint64_t counter_sum(volatile _Atomic uint64_t *n, uint64_t iters)
{
    uint64_t i = 1;
    while (i <= iters) {
        uint64_t end = workload_stretch(i, iters + 1, SPIN_STOP_EVERY);
        for (; i < end; i++)
            counter_update(n, i);
        if (spin_leaving())
            break;
    }
    return i - 1; /* the updates done: i counts from 1 */
}

static uint64_t counter_widened(volatile _Atomic uint64_t *n, uint64_t iters, bool sum,
                                uint64_t window)
{
    const uint64_t every = workload_stop_every(window);
    uint64_t i = 1;
    while (i <= iters) {
        uint64_t end = workload_stretch(i, iters + 1, every);
        for (; i < end; i++)
            counter_update_widened(n, sum ? i : 1, window);
        if (spin_leaving())
            break;
    }
    return i - 1; /* the updates done: i counts from 1 */
}

/* The seed's "lock bus": one instruction reads, adds and writes. */
static uint64_t counter_atomic(volatile _Atomic uint64_t *n, uint64_t iters, bool sum)
{
    uint64_t i = 1;
    while (i <= iters) {
        uint64_t end = workload_stretch(i, iters + 1, SPIN_STOP_EVERY);
        for (; i < end; i++)
            atomic_fetch_add_explicit(n, sum ? i : 1, memory_order_relaxed);
        if (spin_leaving())
            break;
    }
    return i - 1; /* the updates done: i counts from 1 */
}

static void counter_worker(void *arg, unsigned self)
{
    struct counter_job *job = arg;
    volatile _Atomic uint64_t *n = &job->shared->n;
    const uint64_t iters = iters_of(job, self);
    const bool sum = job->sum;
    const struct sync_strategy *s = job->sync;

    /* The loops without a lock say how many updates they did when they
     * end, for a trial cut short (--budget): one store after the loop. */
    uint64_t done = iters;
    if (s->atomic_update)
        done = counter_atomic(n, iters, sum);
    else if (!s->lock && job->trace)
        counter_traced(job, self, iters); /* does them all unless stopped */
    else if (!s->lock && job->window)
        done = counter_widened(n, iters, sum, job->window);
    else if (!s->lock && !sum)
        done = counter_bare(n, iters);
    else if (!s->lock)
        done = counter_sum(n, iters);
    /* Two copies of the loop, so the detector's test is not in the bare one. */
    else if (job->detect)
        job->threads[self].violations = counter_locked(job, self, true);
    else
        counter_locked(job, self, false);
    if (!s->lock)
        /* relaxed: read by the watchdog now and then, and after the trial
         * (the engine's join orders it). */
        atomic_store_explicit(&job->threads[self].done, done, memory_order_relaxed);
}

/* The total one thread adds in `iters` updates; false past INT64_MAX. */
static bool thread_total(uint64_t iters, bool sum, uint64_t *total)
{
    if (!sum) {
        *total = iters;
        return true;
    }
    /* iters * (iters + 1) / 2 without overflowing the product first. */
    uint64_t a = iters, b = iters + 1;
    if (a % 2 == 0)
        a /= 2;
    else
        b /= 2;
    if (a != 0 && b > (uint64_t)INT64_MAX / a)
        return false;
    *total = a * b;
    return true;
}

bool counter_expected(uint64_t threads, const struct counter_config *cfg, uint64_t *total)
{
    bool sum = cfg->op == COUNTER_SUM;
    uint64_t each, first;
    if (!thread_total(cfg->iters, sum, &each) ||
        !thread_total(cfg->first_iters ? cfg->first_iters : cfg->iters, sum, &first))
        return false;
    uint64_t others = threads - 1;
    if (others != 0 && each > ((uint64_t)INT64_MAX - first) / others)
        return false;
    *total = first + others * each;
    return true;
}

static int counter_check(const struct run_config *run, const void *config, char *err, size_t errlen)
{
    const struct counter_config *cfg = config;
    if (cfg->first_iters && run->threads == 1) {
        snprintf(err, errlen,
                 "--first-iters gives thread A other work than the rest, and --threads 1 "
                 "leaves no rest: use --iters");
        return -1;
    }
    if (run->trace && (run->sync->lock || run->sync->atomic_update || run->window)) {
        snprintf(err, errlen, "--trace records the bare race: --sync none, without --window");
        return -1;
    }
    if (run->trace && run->trace * run->threads > (256u << 20) / sizeof(struct counter_step)) {
        snprintf(err, errlen,
                 "--trace %llu x --threads %u steps of %zu bytes pass the 256 MiB racedemo "
                 "allows; trace fewer",
                 (unsigned long long)run->trace, (unsigned)run->threads,
                 sizeof(struct counter_step));
        return -1;
    }
    uint64_t total;
    if (!counter_expected(run->threads, cfg, &total)) {
        snprintf(err, errlen,
                 "--op sum with --threads %u and --iters %llu makes a total over 2^63 - 1; "
                 "lower --iters or --threads",
                 (unsigned)run->threads, (unsigned long long)cfg->iters);
        return -1;
    }
    return 0;
}

/* What the report says about a counter run. */
static void counter_describe(struct result *res, const struct run_config *run,
                             const struct counter_config *cfg, uint64_t expected)
{
    res->work.action = cfg->op == COUNTER_SUM ? "sum := sum + i" : "N := N + 1";
    res->work.op_noun = cfg->op == COUNTER_SUM ? "addition" : "increment";
    if (cfg->op == COUNTER_SUM) {
        /* The sum adds i, not 1: what goes missing is an amount. */
        res->words.amounts = true;
        res->words.total_name = "the sum";
        res->words.short_label = "short by";
        res->words.below = "short";
        res->words.above = "over";
        res->words.right = "the sum is the expected {expected}";
        res->words.short_of = "the sum is {lost} short of {expected}";
    }
    res->words.lost_noun = "update";
    res->work.per_thread = cfg->iters;
    res->work.first_thread = cfg->first_iters != cfg->iters ? cfg->first_iters : 0;
    res->work.expected = expected;
    res->words.race_reason =
        WORKERS_SAY(run, "", " read the same value and stored over each other's update");
}

static int counter_setup(const struct run_config *run, const void *config, struct result *res,
                         void **ctx, char *err, size_t errlen)
{
    const struct counter_config *cfg = config;
    unsigned threads = (unsigned)run->threads;
    uint64_t expected;
    if (!counter_expected(threads, cfg, &expected)) {
        counter_check(run, cfg, err, errlen);
        return EINVAL;
    }
    counter_describe(res, run, cfg, expected);

    struct counter_job *job = shared_calloc(1, sizeof *job);
    struct counter_shared *shared = shared_calloc(1, sizeof *shared);
    struct counter_thread *per_thread = shared_calloc(threads, sizeof *per_thread);
    if (!job || !shared || !per_thread) {
        shared_free(job);
        shared_free(shared);
        shared_free(per_thread);
        snprintf(err, errlen, "out of memory for the shared counter");
        return ENOMEM;
    }
    atomic_init(&shared->n, 0);
    atomic_init(&shared->detector.inside, 0);
    /* The detector watches strategies that try to exclude; the atomic
     * update has no critical section to watch. `none` makes no attempt:
     * its lost updates are the evidence, and the detector's two stores to
     * a shared line would slow its 0.2 ns loop some 280 times and hide
     * most of the race it is there to show. */
    res->run.undetected_why = workload_undetected_why(
        run, run->sync->lock != NULL, "nothing to check: the update is one atomic instruction");
    res->run.detected = res->run.undetected_why == NULL;
    *job = (struct counter_job){.shared = shared,
                                .sync = run->sync,
                                .iters = cfg->iters,
                                .first_iters = cfg->first_iters,
                                .window = run->window,
                                .sum = cfg->op == COUNTER_SUM,
                                .detect = res->run.detected,
                                .nthreads = threads,
                                .threads = per_thread};
    job->res = res;
    job->trace = run->trace;
    for (unsigned t = 0; t < threads && run->trace; t++) {
        job->steps[t] = shared_calloc(run->trace, sizeof(struct counter_step));
        if (!job->steps[t]) {
            for (unsigned k = 0; k < t; k++)
                shared_free(job->steps[k]);
            snprintf(err, errlen, "out of memory for --trace");
            shared_free(shared);
            shared_free(per_thread);
            shared_free(job);
            return ENOMEM;
        }
    }
    int rc = sync_state_create(run->sync, threads, &job->lock_state);
    if (rc != 0) {
        snprintf(err, errlen, "could not set up --sync %s", run->sync->name);
        for (unsigned t = 0; t < threads; t++)
            shared_free(job->steps[t]);
        shared_free(shared);
        shared_free(per_thread);
        shared_free(job);
        return rc;
    }
    *ctx = job;
    return 0;
}

static void counter_reset(void *ctx)
{
    struct counter_job *job = ctx;
    atomic_store_explicit(&job->shared->n, 0, memory_order_relaxed);
    atomic_store_explicit(&job->shared->detector.inside, 0, memory_order_relaxed);
    atomic_store_explicit(&job->shared->first_done, 0, memory_order_relaxed);
    for (unsigned i = 0; i < job->nthreads; i++)
        atomic_store_explicit(&job->shared->began[i], 0, memory_order_relaxed);
    for (unsigned i = 0; i < job->nthreads; i++) {
        job->threads[i].violations = 0;
        atomic_store_explicit(&job->threads[i].done, 0, memory_order_relaxed);
    }
}

/* Each thread's recorded steps, in program order: all of them, or (when
 * `stretch`) only those that fall where every thread was recording (from
 * the last first load to the first last store, by the clock): outside that
 * stretch a thread's steps went unrecorded and could have stored anything.
 * All of them if the stretches do not meet. Returns how many; *t0: the
 * earliest clock read kept. */
static size_t counter_trace_steps(const struct counter_job *job, struct result_trace_event *all,
                                  uint64_t *t0, bool stretch)
{
    uint64_t from = 0, to = UINT64_MAX;
    for (unsigned t = 0; t < job->nthreads && stretch; t++) {
        uint64_t k = job->trace < iters_of(job, t) ? job->trace : iters_of(job, t);
        if (k == 0)
            continue;
        from = job->steps[t][0].t_load > from ? job->steps[t][0].t_load : from;
        to = job->steps[t][k - 1].t_store < to ? job->steps[t][k - 1].t_store : to;
    }
    if (from > to)
        from = 0, to = UINT64_MAX;
    size_t n = 0;
    *t0 = UINT64_MAX;
    for (unsigned t = 0; t < job->nthreads; t++) {
        uint64_t k = job->trace < iters_of(job, t) ? job->trace : iters_of(job, t);
        for (uint64_t i = 0; i < k; i++) {
            const struct counter_step *s = &job->steps[t][i];
            if (s->t_load < from || s->t_store > to)
                continue;
            all[n++] = (struct result_trace_event){
                .t_ns = s->t_load, .value = s->value, .thread = t, .seq = 2 * i};
            all[n++] = (struct result_trace_event){.t_ns = s->t_store,
                                                   .value = s->stored,
                                                   .thread = t,
                                                   .store = true,
                                                   .seq = 2 * i + 1};
            *t0 = s->t_load < *t0 ? s->t_load : *t0;
        }
    }
    return n;
}

/* In an order that fits the values, the first store that wrote over
 * another thread's: one whose thread's load came before that other
 * store. Marks it lost; *load: where its load is. n if none. */
static size_t counter_first_lost(struct result_trace_event *all, size_t n, size_t *load)
{
    for (size_t j = 0; j < n; j++) {
        if (!all[j].store)
            continue;
        size_t i = j;
        while (i > 0 && all[i - 1].thread != all[j].thread)
            i--;
        if (i == 0 || all[i - 1].store)
            continue; /* its load is not among the steps kept */
        for (size_t k = i; k < j; k++)
            if (all[k].store) {
                all[j].lost = true;
                *load = i - 1;
                return j;
            }
    }
    return n;
}

/* --trace, after the first trial: the recorded steps in an order that fits
 * every value read (trace_order), and the stretch around the first update
 * that was lost: a store whose thread loaded N before another thread's
 * store, and so wrote over that store's update. */
static void counter_trace_report(struct counter_job *job)
{
    struct result *res = job->res;
    size_t cap = 0;
    uint64_t traced_ns = 0, rest_ns = 0, traced = 0, rest = 0;
    for (unsigned t = 0; t < job->nthreads; t++) {
        uint64_t k = job->trace < iters_of(job, t) ? job->trace : iters_of(job, t);
        cap += 2 * k;
        traced += k;
        rest += iters_of(job, t) - k;
        traced_ns += job->traced_ns[t];
        rest_ns += job->rest_ns[t];
    }
    res->trace.recorded = traced;
    res->trace.ns = traced ? (double)traced_ns / (double)traced : 0.0;
    res->trace.untraced_ns = rest ? (double)rest_ns / (double)rest : 0.0;
    struct result_trace_event *all = cap ? calloc(cap, sizeof *all) : NULL;
    if (!all) {
        res->trace.out_of_memory = cap > 0;
        return;
    }
    /* All the steps first; where no order of them fits (a step outside
     * the stretch where all were recording stored a value that a step
     * inside it also stored), that stretch alone. Either way the
     * order fits every value the steps shown read. */
    uint64_t t0;
    size_t n = counter_trace_steps(job, all, &t0, false);
    errno = 0;
    res->trace.coherent = trace_order(all, n, job->nthreads);
    if (!res->trace.coherent && errno != ENOMEM) {
        n = counter_trace_steps(job, all, &t0, true);
        res->trace.coherent = trace_order(all, n, job->nthreads);
    }
    if (!res->trace.coherent && errno == ENOMEM) {
        res->trace.out_of_memory = true; /* "no order fits" would be a guess */
        free(all);
        return;
    }
    size_t load = 0, last = counter_first_lost(all, n, &load);
    if (last == n || !res->trace.coherent) {
        free(all);
        return;
    }
    /* Three steps either side of the lost update: from <= load <= last <=
     * to < n, so at least one step (said for the analyzer, which cannot
     * tell that to - from + 1 does not wrap to 0). */
    size_t from = load >= 3 ? load - 3 : 0, to = last + 3 < n ? last + 3 : n - 1;
    if (to < from || to - from + 1 == 0) {
        free(all);
        return;
    }
    res->trace.nevents = to - from + 1;
    res->trace.events = malloc(res->trace.nevents * sizeof *res->trace.events);
    if (res->trace.events) {
        for (size_t j = 0; j < res->trace.nevents; j++) {
            res->trace.events[j] = all[from + j];
            res->trace.events[j].t_ns -= t0;
        }
        res->trace.events[0].either = false; /* the step above it is not shown */
        res->trace.found = true;
    } else {
        res->trace.nevents = 0;
        res->trace.out_of_memory = true;
    }
    free(all);
}

static void counter_observe(void *ctx, struct trial_result *t, int64_t *metrics)
{
    struct counter_job *job = ctx;
    (void)metrics;
    if (job->trace && job->res->trace.recorded == 0)
        counter_trace_report(job);
    t->observed = (int64_t)atomic_load_explicit(&job->shared->n, memory_order_relaxed);
    t->violations = 0;
    for (unsigned i = 0; i < job->nthreads; i++)
        t->violations += job->threads[i].violations;
    t->fair_least_pct = -1.0;
    unsigned first = atomic_load_explicit(&job->shared->first_done, memory_order_relaxed);
    if (first == 0 || job->nthreads < 2)
        return;
    double least = 100.0;
    for (unsigned k = 0; k < job->nthreads; k++) {
        double pct = 100.0 * (double)job->snapshot[k] / (double)iters_of(job, k);
        if (k != first - 1 && pct < least)
            least = pct;
    }
    t->fair_least_pct = least;
}

static void counter_progress(void *ctx, uint64_t *done, uint64_t *total)
{
    struct counter_job *job = ctx;
    for (unsigned i = 0; i < job->nthreads; i++) {
        done[i] = atomic_load_explicit(&job->threads[i].done, memory_order_relaxed);
        total[i] = iters_of(job, i);
    }
}

/* A trial cut short: each thread added 1 (or 1, 2... with --op sum) for
 * each update it did. */
static uint64_t counter_cut_expected(void *ctx, const uint64_t *done)
{
    struct counter_job *job = ctx;
    uint64_t expected = 0;
    for (unsigned i = 0; i < job->nthreads; i++) {
        uint64_t each = 0;
        thread_total(done[i], job->sum, &each); /* below the full run's, which fits */
        expected += each;
    }
    return expected;
}

static void counter_teardown(void *ctx)
{
    struct counter_job *job = ctx;
    sync_state_free(job->sync, job->lock_state);
    for (unsigned t = 0; t < job->nthreads; t++)
        shared_free(job->steps[t]);
    shared_free(job->shared);
    shared_free(job->threads);
    shared_free(job);
}

const struct workload workload_counter = {
    .name = "counter",
    .traces = true,
    .summary = "N := N + 1 from several threads at about the same time",
    .about = "Every thread adds to one shared N, --iters times, in the three steps a\n"
             "load/store machine uses: load N into a register, add, store it back.\n"
             "Two threads that load the same N both store N + 1, so one update is\n"
             "lost. With --sync none how many are lost depends on how long the\n"
             "threads ran at the same time (the overlap line): none when they ran one\n"
             "after the other; a correct strategy never loses one.\n"
             "--op sum is the lecture notes' sum := fn(sum, i): update i adds i, not 1.",
    .options = counter_options,
    .config_size = sizeof(struct counter_config),
    .check = counter_check,
    .setup = counter_setup,
    .reset = counter_reset,
    .work = counter_worker,
    .observe = counter_observe,
    .teardown = counter_teardown,
    .progress = counter_progress,
    .cut_expected = counter_cut_expected,
    .replay = &counter_replay,
};
