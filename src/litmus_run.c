/* litmus_run.c: runs a litmus test's trials on the engine. Each trial
 * releases the test's threads together; each walks every instance of the
 * arrays in order, so the threads meet at whatever offset their start
 * and their speed put them, differently every trial. Outcomes are
 * counted, and the locations zeroed again, between trials, outside the
 * timed work. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "racedemo/litmus.h"

/* Every array starts on its own cache line, so that one thread's
 * registers never share a line with another's or with a location. */
enum { LINE = 64 };

struct litmus_ctx {
    const struct litmus_test *test;
    litmus_thread_fn fn;
    struct litmus_arrays arrays;
};

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

static void work(void *arg, unsigned index)
{
    const struct litmus_ctx *c = arg;
    c->fn(&c->arrays, index);
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

int litmus_run(const struct litmus_config *cfg, struct litmus_result *res, char *err, size_t errlen)
{
    const struct litmus_test *t = cfg->test;
    *res = (struct litmus_result){.test = t,
                                  .order = (enum litmus_order)cfg->order,
                                  .fence = cfg->fence,
                                  .iters = cfg->iters,
                                  .trials = cfg->trials};
    struct litmus_ctx ctx = {.test = t, .fn = t->run[cfg->order][cfg->fence]};
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
    for (uint64_t k = 0; k < cfg->trials; k++) {
        struct engine_report report;
        engine_trial(team, &report);
        if (k == 0) {
            res->placement = report;
            engine_note_cpus(team, false); /* only the first trial's is shown */
        }
        res->wall_ns += report.wall_ns;
        count_outcomes(&ctx.arrays, t->nregs, res->seen);
        locations_zero(&ctx.arrays);
    }
    engine_stop(team);
    arrays_free(&ctx.arrays);
    return 0;
}
