/* litmus/run.c: runs a litmus test's trials on the engine. Each trial
 * releases the test's threads together; each walks every instance of the
 * arrays in order, in stretches of --batch instances, and the threads
 * meet after every stretch before any of them starts the next (unless
 * they share CPUs: run_at_once). Without
 * the meetings a thread that lost its CPU for a moment (to a browser, a
 * CPU hog) came back thousands of instances behind and the two walked
 * the rest of the trial apart, each instance's accesses microseconds
 * apart, where no reordering can show. Outcomes are counted, and the
 * locations zeroed again, between trials, outside the timed work. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <errno.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "racedemo/litmus.h"
#include "litmus/litmus.h"
#include "racedemo/spin.h"
#include "core/clock.h"
#include "core/engine.h"

/* Every array starts on its own cache line, so that one thread's
 * registers never share a line with another's or with a location. */
enum { LINE = 64 };

/* How often the progress line is brought up to date, as in a free run. */
#define PROGRESS_EVERY_NS 100000000u

/* Where thread t says how many stretches it has walked this trial: on a
 * line of its own, written by t alone (a plain store, never a locked
 * read-modify-write), read by the others as they wait for it. */
struct litmus_meeting {
    alignas(64) atomic_ulong stretches;
};

struct litmus_ctx {
    const struct litmus_test *test;
    litmus_thread_fn fn;
    struct litmus_arrays arrays;
    /* Each thread pinned to a CPU of its own: a waiting thread then spins
     * without ever yielding. The thread it waits for runs on another
     * CPU, so spinning cannot keep it off; yielding (spin_wait, after
     * SPIN_BEFORE_YIELD turns) would hand this CPU to whatever else wants
     * it (a CPU hog) for a time slice, and the other thread, back on its
     * CPU, would then wait for this one: under a hog on each CPU the two
     * took turns waiting a slice each. Under the busy machine's load the
     * two measured alike, within its noise (docs/BENCHMARKS.md). */
    bool apart;
    size_t batch; /* instances in a stretch; 0: one stretch, the whole trial */
    struct litmus_meeting meeting[LITMUS_MAX_THREADS];
    /* The user's stop (Ctrl-C), looked at after every stretch, and the
     * team's abandon flag, which the first thread to see the stop sets:
     * the others then leave their meetings (spin_stopped) and their
     * walks, and the trial is given up. */
    const atomic_int *stop;
    atomic_bool *abandon;
};

/* Instances a thread walks between two looks at the stop flag when the
 * threads do not meet: a few milliseconds at most, so that a stop is seen
 * at once, and one load in thousands of instances, which no count can
 * tell. */
enum { STOP_STRETCH = 16384 };

static void *line_alloc(size_t bytes)
{
    size_t rounded = (bytes + LINE - 1) / LINE * LINE;
    return aligned_alloc(LINE, rounded ? rounded : LINE);
}

static void arrays_free(struct litmus_arrays *a)
{
    free(a->loc[0]); /* loc[1] lies in it */
    for (unsigned k = 0; k < LITMUS_MAX_REGS; k++)
        free(a->reg[k]);
}

/* The locations start every instance at 0. Relaxed stores: the engine's
 * release of the next trial orders them before the workers' accesses. */
static void locations_zero(struct litmus_arrays *a)
{
    for (unsigned k = 0; k < LITMUS_MAX_LOCS; k++)
        for (size_t i = 0; i < a->n; i++)
            atomic_store_explicit(&a->loc[k][LITMUS_STRIDE * i], 0, memory_order_relaxed);
}

static int arrays_alloc(struct litmus_arrays *a, const struct litmus_test *t, size_t n)
{
    *a = (struct litmus_arrays){.n = n};
    /* x and y interleaved (litmus.h's LITMUS_STRIDE). */
    if (!(a->loc[0] = line_alloc(LITMUS_STRIDE * n * sizeof *a->loc[0])))
        return ENOMEM;
    a->loc[1] = a->loc[0] + 1;
    /* Written now, so that the first trial does not stop at a page fault
     * on every page the threads write (that trial's threads would then
     * hardly overlap). */
    for (unsigned k = 0; k < t->nregs; k++) {
        if (!(a->reg[k] = line_alloc(n)))
            return ENOMEM;
        memset(a->reg[k], 0, n);
    }
    locations_zero(a);
    return 0;
}

/* Thread t has walked `stretches` stretches: it says so and waits until
 * every other thread has walked as many. False when the run is being
 * abandoned (the team's abandon flag, spin_stopped, looked at every
 * SPIN_STOP_EVERY turns or at each yield): the trial is being given up
 * (a stop request), and the thread leaves it, so that no meeting waits for
 * ever.
 *
 * Every access is relaxed, and that is enough. The meeting hands no data
 * from one thread to another: instance i's locations are touched only
 * while the threads walk instance i (they were zeroed before the trial,
 * which the engine's release of the trial orders), and each register is
 * written by its one thread and read by the coordinator after the
 * engine's join. What the meeting orders is time: no thread starts a
 * stretch before every thread has finished the one before (a relaxed
 * load reads a count some time after it was stored, and does read it:
 * C11 7.17.3 has stores become visible to loads in a finite time, so
 * the wait ends; on arm64 the count
 * may even be seen before the stretch's last stores are, which only
 * keeps those stores waiting longer). Relaxed accesses compile to plain
 * loads and stores (x86 MOV, arm64 LDR and STR): no fence, no locked
 * instruction, nothing that drains a store buffer. And nothing of the
 * meeting lies between one instance's accesses: a stretch's instances
 * run back to back as the test's code has them, so each thread's store
 * and load in an instance are as free to be reordered as before. */
static bool meet(struct litmus_ctx *c, unsigned t, unsigned long stretches)
{
    atomic_store_explicit(&c->meeting[t].stretches, stretches, memory_order_relaxed);
    for (unsigned u = 0; u < c->test->threads; u++) {
        struct spin_wait w = {0};
        while (atomic_load_explicit(&c->meeting[u].stretches, memory_order_relaxed) < stretches) {
            if (c->apart) {
                cpu_relax();
                if (++w.spins % SPIN_STOP_EVERY == 0 && spin_stopped())
                    return false;
            } else if (spin_wait(&w))
                return false;
        }
    }
    return true;
}

/* Whether this thread is to leave its walk: the team gave the trial up,
 * or (and then it gives it up) the user asked to stop. */
static bool leaving(struct litmus_ctx *c)
{
    if (spin_stopped())
        return true;
    if (!c->stop || !atomic_load_explicit(c->stop, memory_order_relaxed))
        return false;
    atomic_store_explicit(c->abandon, true, memory_order_relaxed);
    return true;
}

static void work(void *arg, unsigned index)
{
    struct litmus_ctx *c = arg;
    size_t n = c->arrays.n;
    bool meeting = c->batch != 0;
    size_t stretch = meeting ? c->batch : c->stop ? STOP_STRETCH : n;
    unsigned long stretches = 0;
    for (size_t from = 0; from < n; from += stretch) {
        size_t to = n - from > stretch ? from + stretch : n;
        c->fn(&c->arrays, index, from, to);
        if (to < n && (leaving(c) || (meeting && !meet(c, index, ++stretches))))
            return; /* given up: the others leave at their next stretch or meeting */
    }
}

/* The counts start every trial at 0. Relaxed: the engine's release of
 * the next trial orders them before the workers' accesses. */
static void meetings_reset(struct litmus_ctx *c)
{
    for (unsigned t = 0; t < LITMUS_MAX_THREADS; t++)
        atomic_store_explicit(&c->meeting[t].stretches, 0, memory_order_relaxed);
}

/* Adds each instance's outcome (register k's value in bit k) to seen. */
static void count_outcomes(const struct litmus_arrays *a, unsigned nregs, uint64_t *seen)
{
    for (size_t i = 0; i < a->n; i++) {
        unsigned o = 0;
        for (unsigned k = 0; k < nregs; k++)
            o |= (unsigned)(a->reg[k][i] & 1) << k;
        seen[o]++;
    }
}

static int team_start(struct engine **team, const struct litmus_config *cfg, struct litmus_ctx *ctx,
                      char *err, size_t errlen)
{
    int list[64];
    unsigned n = 0;
    for (int c = 0; c < 64; c++)
        if (cfg->cpus >> c & 1)
            list[n++] = c;
    const struct engine_config ecfg = {.nthreads = cfg->test->threads,
                                       .pin = !cfg->no_pin,
                                       .cpus = n ? list : NULL,
                                       .ncpus = n,
                                       .work = work,
                                       .arg = ctx};
    return engine_start(team, &ecfg, err, errlen);
}

/* Whether every thread of the team has a CPU to itself, so that they can
 * run at once. Where they cannot (iriw's 4 threads on 2 CPUs, --cpus 0),
 * they do not meet: a thread waiting for one that shares its CPU would
 * only hand it the CPU, a time slice at a time when a CPU hog shares it
 * too (iriw on 2 CPUs and one hog, meeting every 256: 0.2 million tests
 * a second, against 148 million without), and threads that take turns
 * are never in step anyway. */
static bool run_at_once(const struct engine_report *placed, const struct litmus_config *cfg)
{
    unsigned listed = 0;
    for (unsigned c = 0; c < 64; c++)
        listed += (unsigned)(cfg->cpus >> c & 1);
    switch (placed->placement) {
    case PLACEMENT_PINNED:
        return true;
    case PLACEMENT_LIST:
        return listed >= placed->nthreads;
    case PLACEMENT_TOO_FEW:
        return false;
    default: /* the scheduler places them, on CPUs enough for all */
        return placed->cpus_usable >= placed->nthreads;
    }
}

/* Whether the user asked to stop. */
static bool stop_asked(const struct litmus_config *cfg)
{
    return cfg->stop && atomic_load_explicit(cfg->stop, memory_order_relaxed);
}

/* The trials, counted into res, until all are done or a stop comes: the
 * trial it comes in is given up (its threads left part way, so its
 * counts mean nothing) unless every thread had walked it all. */
static void run_trials(struct engine *team, const struct litmus_config *cfg, struct litmus_ctx *ctx,
                       struct litmus_result *res)
{
    uint64_t start = cfg->progress ? now_ns() : 0, next_progress = start + PROGRESS_EVERY_NS;
    ctx->abandon = engine_abandon(team);
    while (res->trials < cfg->trials && !stop_asked(cfg)) {
        struct engine_report report;
        engine_trial(team, &report);
        if (atomic_load_explicit(ctx->abandon, memory_order_relaxed))
            break;
        if (res->trials == 0) {
            res->placement = report;
            engine_note_cpus(team, false); /* only the first trial's is shown */
        }
        res->trials++;
        res->wall_ns += report.wall_ns;
        count_outcomes(&ctx->arrays, ctx->test->nregs, res->seen);
        locations_zero(&ctx->arrays);
        meetings_reset(ctx);
        uint64_t now = cfg->progress ? now_ns() : 0;
        if (cfg->progress && now >= next_progress) {
            cfg->progress(cfg->progress_ctx, res->trials, cfg->trials, now - start);
            next_progress = now + PROGRESS_EVERY_NS;
        }
    }
    res->interrupted = res->trials < cfg->trials;
}

int litmus_run(const struct litmus_config *cfg, struct litmus_result *res, char *err, size_t errlen)
{
    const struct litmus_test *t = cfg->test;
    *res = (struct litmus_result){.test = t,
                                  .order = (enum litmus_order)cfg->order,
                                  .fence = cfg->fence,
                                  .iters = cfg->iters,
                                  .trials_asked = cfg->trials,
                                  .batch = cfg->batch};
    struct litmus_ctx ctx = {.test = t, .fn = t->run[cfg->order][cfg->fence], .stop = cfg->stop};
    meetings_reset(&ctx);
    int rc = arrays_alloc(&ctx.arrays, t, (size_t)cfg->iters);
    if (rc) {
        snprintf(err, errlen, "out of memory for %llu instances", (unsigned long long)cfg->iters);
        arrays_free(&ctx.arrays);
        return rc;
    }
    struct engine *team;
    rc = team_start(&team, cfg, &ctx, err, errlen);
    if (rc) {
        arrays_free(&ctx.arrays);
        return rc;
    }
    struct engine_report placed;
    engine_describe(team, &placed);
    res->met = cfg->batch && cfg->batch < cfg->iters && run_at_once(&placed, cfg);
    ctx.batch = res->met ? (size_t)cfg->batch : 0;
    /* run_at_once: --cpus listed a CPU for each thread. */
    ctx.apart = placed.placement == PLACEMENT_PINNED || placed.placement == PLACEMENT_LIST;
    res->placement = placed; /* the first trial's, once one completes */
    run_trials(team, cfg, &ctx, res);
    engine_stop(team);
    arrays_free(&ctx.arrays);
    return 0;
}
