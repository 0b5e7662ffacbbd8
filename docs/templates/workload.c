/* bins.c: a template workload: threads count values into a few shared
 * bins. Each count is bin[b] := bin[b] + 1 in two steps, load the bin and
 * store it plus one; two threads that count into the same bin at once both
 * store the same count + 1, and one count is lost. More bins make them
 * meet less often, not never.
 *
 * It follows the recipe at the top of include/racedemo/workload.h, each
 * part below marked with its step (1a to 1f); step 2 is WORKLOAD(bins) in
 * src/workloads/list.h, step 3 its section in docs/racedemo.1. To start a
 * workload, copy it to src/workloads/NAME.c, rename `bins` in its
 * identifiers and its name, and put the scenario in place of the bins'.
 * tests/toy_unit.sh builds exactly this file as `bins` by those steps and
 * runs every generic test on it, so it stays a working workload and the
 * recipe stays true. */
#include <errno.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "racedemo/detector.h"
#include "racedemo/instruments.h"
#include "racedemo/random.h"
#include "racedemo/replay.h"
#include "racedemo/shared.h"
#include "racedemo/spin.h"
#include "racedemo/workload.h"

#define BINS_MAX       64u
#define BINS_MAX_ITERS 1000000000u

/* ---- 1b. its options, into a struct of its own; no `check` (no setting is
 * wrong with another), and it takes every shared run option as it is
 * (no skip_run_options, configure, threads_from, window_default or
 * window_in_protocol) ---- */

struct bins_config {
    uint64_t iters; /* values each thread counts */
    uint64_t bins;  /* shared bins they fall into */
};

static const struct opt bins_options[] = {
    {.name = "iters",
     .short_name = 'n',
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "values each thread counts",
     .offset = offsetof(struct bins_config, iters),
     .min = 1,
     .max = BINS_MAX_ITERS,
     .def = 100000},
    {.name = "bins",
     .kind = OPT_COUNT,
     .metavar = "B",
     .help = "shared bins the values fall into (1: one shared count)",
     .offset = offsetof(struct bins_config, bins),
     .min = 1,
     .max = BINS_MAX,
     .def = 4},
    {0},
};

/* The bin thread `self`'s value number i falls into: a hash of the
 * seed, the thread and i, so that --seed gives the same values, and a
 * replay counts into the bins a free run would. */
static unsigned bins_pick(uint64_t seed, unsigned self, uint64_t i, uint64_t nbins)
{
    return (unsigned)(splitmix64_mix(seed ^ ((uint64_t)self << 40) ^ i) % nbins);
}

/* ---- 1c. the free run ---- */

struct bins_shared {
    /* Atomic so that the race is in the algorithm, not undefined behaviour;
     * volatile so that no compiler may merge the loop's loads and stores. */
    alignas(64) volatile _Atomic uint64_t bin[BINS_MAX];
    struct cs_detector detector;
};

/* What one thread did in a trial, on its own cache line. */
struct bins_thread {
    alignas(64) uint64_t violations;
    /* Values counted so far, for the watchdog and --budget: stored relaxed
     * by the thread, read by the watchdog now and then, and after the
     * trial, which the engine's join orders. */
    _Atomic uint64_t done;
};

struct bins_job {
    struct bins_shared *shared;
    struct bins_thread *threads;
    const struct sync_strategy *sync;
    void *lock_state;
    uint64_t iters, nbins, seed, window;
    unsigned nthreads;
    bool detect; /* the violation detector runs in the critical section */
};

/* The two steps, each a relaxed load or store: ordering is the lock's job,
 * and without a lock nothing orders two threads' steps. --window widens
 * the gap between them. */
static inline void bins_add(volatile _Atomic uint64_t *b, uint64_t window)
{
    uint64_t count = atomic_load_explicit(b, memory_order_relaxed); /* load bin[b] */
    if (window)
        workload_window(window);
    atomic_store_explicit(b, count + 1, memory_order_relaxed); /* store count + 1 */
}

/* Without a lock: the bare steps, or one atomic add (--sync atomic), in
 * stretches with a look at spin_leaving() between them, so that a stop
 * ends a long trial at once for one relaxed load in thousands of counts.
 * Returns the values counted. */
static uint64_t bins_unlocked(struct bins_job *job, unsigned self)
{
    const bool atomic_add = job->sync->atomic_update;
    const uint64_t every = atomic_add ? SPIN_STOP_EVERY : workload_stop_every(job->window);
    uint64_t i = 0;
    while (i < job->iters) {
        uint64_t end = workload_stretch(i, job->iters, every);
        for (; i < end; i++) {
            volatile _Atomic uint64_t *b =
                &job->shared->bin[bins_pick(job->seed, self, i, job->nbins)];
            if (atomic_add)
                atomic_fetch_add_explicit(b, 1, memory_order_relaxed);
            else
                bins_add(b, job->window);
        }
        if (spin_leaving())
            break;
    }
    return i;
}

/* With a lock: each count inside it, watched by the detector; progress
 * after each, and a look at spin_leaving() between whole counts. */
static void bins_locked(struct bins_job *job, unsigned self)
{
    struct bins_thread *me = &job->threads[self];
    struct cs_detector *d = &job->shared->detector;
    for (uint64_t i = 0; i < job->iters; i++) {
        volatile _Atomic uint64_t *b = &job->shared->bin[bins_pick(job->seed, self, i, job->nbins)];
        job->sync->lock(job->lock_state, self);
        if (job->detect)
            me->violations += detector_enter(d, self);
        bins_add(b, job->window);
        if (job->detect)
            me->violations += detector_leave(d, self);
        job->sync->unlock(job->lock_state, self);
        atomic_store_explicit(&me->done, i + 1, memory_order_relaxed);
        if (spin_leaving())
            return;
    }
}

static void bins_work(void *arg, unsigned self)
{
    struct bins_job *job = arg;
    if (job->sync->lock)
        bins_locked(job, self);
    else
        atomic_store_explicit(&job->threads[self].done, bins_unlocked(job, self),
                              memory_order_relaxed);
}

static void bins_free(struct bins_job *job)
{
    shared_free(job->shared);
    shared_free(job->threads);
    shared_free(job);
}

static int bins_setup(const struct run_config *run, const void *config, struct result *res,
                      void **ctx, char *err, size_t errlen)
{
    const struct bins_config *cfg = config;
    unsigned threads = (unsigned)run->threads;
    struct bins_job *job = shared_calloc(1, sizeof *job);
    struct bins_shared *shared = shared_calloc(1, sizeof *shared);
    struct bins_thread *per_thread = shared_calloc(threads, sizeof *per_thread);
    if (!job || !shared || !per_thread) {
        shared_free(job);
        shared_free(shared);
        shared_free(per_thread);
        snprintf(err, errlen, "out of memory for the bins");
        return ENOMEM;
    }
    *job = (struct bins_job){.shared = shared,
                             .threads = per_thread,
                             .sync = run->sync,
                             .iters = cfg->iters,
                             .nbins = cfg->bins,
                             .seed = run->seed,
                             .window = run->window,
                             .nthreads = threads};
    int rc = sync_state_create(run->sync, threads, &job->lock_state);
    if (rc != 0) {
        bins_free(job);
        snprintf(err, errlen, "could not set up --sync %s", run->sync->name);
        return rc;
    }
    /* What the report says: the renderers take every word from here. */
    res->work.action = "bin[b] := bin[b] + 1";
    res->work.op_noun = "count";
    res->words.lost_noun = "count";
    res->work.per_thread = cfg->iters;
    res->work.expected = threads * cfg->iters; /* at most 64 x 10^9: no overflow */
    res->words.race_reason =
        WORKERS_SAY(run, "", " counted into the same bin at once: both stored the same count + 1");
    res->work.scene_label = "bins";
    snprintf(res->work.scene, sizeof res->work.scene,
             "%llu bins at 0; each value adds 1 to the bin it falls in, in two steps: "
             "load the bin, store it + 1",
             (unsigned long long)cfg->bins);
    res->run.undetected_why = workload_undetected_why(
        run, run->sync->lock != NULL, "nothing to check: each count is one atomic add");
    res->run.detected = res->run.undetected_why == NULL;
    job->detect = res->run.detected;
    *ctx = job;
    return 0;
}

static void bins_reset(void *ctx)
{
    struct bins_job *job = ctx;
    for (unsigned b = 0; b < BINS_MAX; b++)
        atomic_store_explicit(&job->shared->bin[b], 0, memory_order_relaxed);
    atomic_store_explicit(&job->shared->detector.inside, 0, memory_order_relaxed);
    for (unsigned t = 0; t < job->nthreads; t++) {
        job->threads[t].violations = 0;
        atomic_store_explicit(&job->threads[t].done, 0, memory_order_relaxed);
    }
}

/* The trial's total: every bin added up. */
static void bins_observe(void *ctx, struct trial_result *t, int64_t *metrics)
{
    struct bins_job *job = ctx;
    (void)metrics; /* it measures none besides its total */
    uint64_t total = 0;
    for (unsigned b = 0; b < BINS_MAX; b++)
        total += atomic_load_explicit(&job->shared->bin[b], memory_order_relaxed);
    t->observed = (int64_t)total;
    t->violations = 0;
    for (unsigned i = 0; i < job->nthreads; i++)
        t->violations += job->threads[i].violations;
    t->fair_least_pct = -1.0; /* not measured */
}

static void bins_teardown(void *ctx)
{
    struct bins_job *job = ctx;
    sync_state_free(job->sync, job->lock_state);
    bins_free(job);
}

/* ---- 1d. for the watchdog and --budget ---- */

static void bins_progress(void *ctx, uint64_t *done, uint64_t *total)
{
    struct bins_job *job = ctx;
    for (unsigned i = 0; i < job->nthreads; i++) {
        done[i] = atomic_load_explicit(&job->threads[i].done, memory_order_relaxed);
        total[i] = job->iters;
    }
}

/* A trial cut short between whole counts: one count per value counted. */
static uint64_t bins_cut_expected(void *ctx, const uint64_t *done)
{
    struct bins_job *job = ctx;
    uint64_t expected = 0;
    for (unsigned i = 0; i < job->nthreads; i++)
        expected += done[i];
    return expected;
}

/* ---- 1f. in steps, for --schedule (optional: leave .replay out and
 * --schedule refuses the workload) ---- */

/* The bins in steps: each thread's loaded count, and enough history to
 * name the count a store overwrites. */
struct bins_replay {
    uint64_t seed, nbins;
    uint64_t bin[BINS_MAX];
    uint64_t stores[BINS_MAX];              /* stores to each bin so far */
    unsigned last_store[BINS_MAX];          /* the thread of the last one */
    uint64_t count[REPLAY_MAX_THREADS];     /* what each thread loaded */
    uint64_t loaded_at[REPLAY_MAX_THREADS]; /* its bin's stores when it loaded */
};

static const char *const bins_steps[] = {"load", "store"};
/* What each step does, in a line of at most 60 characters, for
 * --schedule help. */
static const char *const bins_step_words[] = {
    "count := bin[b]: load the value's bin into the register",
    "bin[b] := count + 1: store it back, one more",
};

static int bins_replay_setup(const void *config, unsigned nthreads, uint64_t seed, void **ctx,
                             char *err, size_t errlen)
{
    const struct bins_config *cfg = config;
    (void)nthreads;
    struct bins_replay *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "out of memory for the replay");
        return ENOMEM;
    }
    r->seed = seed;
    r->nbins = cfg->bins;
    *ctx = r;
    return 0;
}

/* Thread t's value number `iter`, one step at a time. Plain variables: the
 * replay's grant (a release and an acquire each way) orders every step
 * after the one before. */
static void bins_replay_step(void *ctx, unsigned t, unsigned k, uint64_t iter,
                             struct replay_event *ev)
{
    struct bins_replay *r = ctx;
    unsigned b = bins_pick(r->seed, t, iter, r->nbins);
    ev->touches = true;
    if (k == 0) {
        r->count[t] = r->bin[b];
        r->loaded_at[t] = r->stores[b];
        replay_say(ev, ev->op, sizeof ev->op, "load bin[%u]", b);
        replay_say(ev, ev->detail, sizeof ev->detail, "count = %llu",
                   (unsigned long long)r->count[t]);
        ev->reads_only = true;
    } else {
        r->bin[b] = r->count[t] + 1;
        replay_say(ev, ev->op, sizeof ev->op, "store count + 1 to bin[%u]", b);
        replay_say(ev, ev->detail, sizeof ev->detail, "bin[%u] = %llu", b,
                   (unsigned long long)r->bin[b]);
        /* Someone stored to this bin since this thread loaded it. */
        if (r->stores[b] != r->loaded_at[t])
            replay_say(ev, ev->mark, sizeof ev->mark,
                       "%c's store overwrites %c's count: lost count", (char)('A' + t),
                       (char)('A' + r->last_store[b]));
        r->stores[b]++;
        r->last_store[b] = t;
    }
    uint64_t total = 0;
    for (unsigned i = 0; i < r->nbins; i++)
        total += r->bin[i];
    replay_say(ev, ev->shared, sizeof ev->shared, "bin[%u] = %llu, total %llu", b,
               (unsigned long long)r->bin[b], (unsigned long long)total);
}

static void bins_replay_outcome(void *ctx, const uint64_t *iterations, struct replay_outcome *o)
{
    struct bins_replay *r = ctx;
    uint64_t want = 0, got = 0;
    for (unsigned t = 0; t < REPLAY_MAX_THREADS; t++)
        want += iterations[t];
    for (unsigned b = 0; b < r->nbins; b++)
        got += r->bin[b];
    snprintf(o->expected, sizeof o->expected, "total = %llu", (unsigned long long)want);
    snprintf(o->observed, sizeof o->observed, "total = %llu", (unsigned long long)got);
    o->correct = got == want;
    /* Each store writes a count some thread loaded plus one, so the total
     * never passes the values counted: what is missing was lost. */
    o->lost = (int64_t)(want - got);
    if (o->correct)
        snprintf(o->loss, sizeof o->loss, "no count lost");
    else
        snprintf(o->loss, sizeof o->loss, "%lld of %llu counts lost (total = %llu, expected %llu)",
                 (long long)o->lost, (unsigned long long)want, (unsigned long long)got,
                 (unsigned long long)want);
}

static void bins_replay_teardown(void *ctx)
{
    free(ctx);
}

static const struct replay_ops bins_replay = {
    .steps = bins_steps,
    .step_words = bins_step_words,
    .nsteps = 2,
    .shared_name = "bins",
    .iters_option = "iters",
    .setup = bins_replay_setup,
    .step = bins_replay_step,
    .outcome = bins_replay_outcome,
    .teardown = bins_replay_teardown,
    .uses_seed = true, /* the values, so the bins, come from --seed */
    .marked = "store",
    .marked_did = "overwrote another thread's count",
};

/* ---- the entry: 1a its words, then the parts above ---- */

const struct workload workload_bins = {
    .name = "bins",
    .summary = "template: threads count values into a few shared bins",
    .about = "A template workload (docs/templates/workload.c). Each thread counts\n"
             "--iters values, each into one of --bins shared bins, in two steps:\n"
             "load the bin, store it + 1. Two threads that count into the same\n"
             "bin at once both store the same count + 1, and one count is lost.\n"
             "More bins make that rarer, not impossible; --bins 1 is one shared\n"
             "count. The values, so the bins, come from --seed.",
    .options = bins_options, /* 1b */
    .config_size = sizeof(struct bins_config),
    .setup = bins_setup, /* 1c */
    .reset = bins_reset,
    .work = bins_work,
    .observe = bins_observe,
    .teardown = bins_teardown,
    .progress = bins_progress, /* 1d */
    .cut_expected = bins_cut_expected,
    /* 1e: no helpers, no sleeping threads, no --trace: left out. */
    .replay = &bins_replay, /* 1f */
};
