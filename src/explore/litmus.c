/* explore/litmus.c: a litmus test as steps, for explore: each thread's
 * accesses (struct litmus_test's program, in the test's own file), one
 * step each, on x, y and the registers; the outcome is the registers,
 * judged by the test's sequential-consistency column. */
#include "explore/litmus.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "litmus/litmus.h"
#include "racedemo/litmus.h"

struct litmus_state {
    const struct litmus_test *test;
    enum litmus_order order;
    bool fence;
    int loc[LITMUS_MAX_LOCS];
    int reg[LITMUS_MAX_REGS];
};

static const char *const litmus_step_names[LITMUS_MAX_STEPS] = {"first", "second"};

static int litmus_setup(const void *config, unsigned nthreads, uint64_t seed, void **ctx, char *err,
                        size_t errlen)
{
    (void)nthreads, (void)seed;
    struct litmus_state *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return ENOMEM;
    }
    const struct explore_litmus_config *cfg = config;
    s->test = cfg->test;
    s->order = (enum litmus_order)cfg->order;
    s->fence = cfg->fence;
    *ctx = s;
    return 0;
}

/* --order's loads and stores (litmus/tests/orders.h). */
static enum replay_order load_order(enum litmus_order o)
{
    return o == LITMUS_RELAXED   ? REPLAY_RELAXED
           : o == LITMUS_SEQ_CST ? REPLAY_SEQ_CST
                                 : REPLAY_ACQUIRE;
}

static enum replay_order store_order(enum litmus_order o)
{
    return o == LITMUS_RELAXED   ? REPLAY_RELAXED
           : o == LITMUS_SEQ_CST ? REPLAY_SEQ_CST
                                 : REPLAY_RELEASE;
}

/* Thread t's access k: a store of 1, or a load into its register; --fence
 * puts a seq_cst fence before its second; its last access ends its
 * program. */
static void litmus_step(void *ctx, unsigned t, unsigned k, uint64_t iter, struct replay_event *ev)
{
    (void)iter;
    struct litmus_state *s = ctx;
    const struct litmus_access *a = &s->test->program[t][k];
    const char loc = a->loc ? 'y' : 'x';
    if (k == 1 && s->fence)
        replay_fence(ev);
    if (a->load) {
        s->reg[a->reg] = replay_load_int(ev, &s->loc[a->loc], load_order(s->order));
        ev->reads_only = true;
        replay_say(ev, ev->op, sizeof ev->op, "%sr%u = %c", k == 1 && s->fence ? "fence; " : "",
                   a->reg, loc);
    } else {
        replay_store_int(ev, &s->loc[a->loc], 1, store_order(s->order), a->loc ? "y" : "x");
        replay_say(ev, ev->op, sizeof ev->op, "%s%c = 1", k == 1 && s->fence ? "fence; " : "", loc);
    }
    ev->touches = true;
    if (k + 1 == s->test->steps[t])
        ev->jump = 1 + LITMUS_MAX_STEPS; /* its program is done */
}

static unsigned litmus_bits(const struct litmus_state *s)
{
    unsigned bits = 0;
    for (unsigned k = 0; k < s->test->nregs && k < LITMUS_MAX_REGS; k++)
        bits |= (unsigned)(s->reg[k] != 0) << k;
    return bits;
}

static void litmus_judge(void *ctx, const uint64_t *iterations, struct replay_outcome *o)
{
    (void)iterations;
    const struct litmus_state *s = ctx;
    unsigned bits = litmus_bits(s);
    litmus_outcome_text(o->observed, sizeof o->observed, s->test, bits);
    snprintf(o->expected, sizeof o->expected, "an outcome sequential consistency allows");
    o->correct = litmus_allowed(s->test, s->order, s->fence, LITMUS_SC, bits);
    /* And the hardware model explore --model tso checks against. */
    snprintf(o->loss, sizeof o->loss, "sequential consistency %s it; x86-TSO %s it",
             o->correct ? "allows" : "forbids",
             litmus_allowed(s->test, s->order, s->fence, LITMUS_X86, bits) ? "allows" : "forbids");
}

static void litmus_teardown(void *ctx)
{
    free(ctx);
}

static size_t litmus_state_bytes(const void *ctx, unsigned nthreads)
{
    (void)ctx, (void)nthreads;
    return sizeof(int) * (LITMUS_MAX_LOCS + LITMUS_MAX_REGS);
}

static void litmus_pack(const void *ctx, unsigned nthreads, unsigned char *buf)
{
    (void)nthreads;
    const struct litmus_state *s = ctx;
    replay_put(&buf, s->loc, sizeof s->loc);
    replay_put(&buf, s->reg, sizeof s->reg);
}

static void litmus_unpack(void *ctx, unsigned nthreads, const unsigned char *buf)
{
    (void)nthreads;
    struct litmus_state *s = ctx;
    replay_get(&buf, s->loc, sizeof s->loc);
    replay_get(&buf, s->reg, sizeof s->reg);
}

const struct replay_ops explore_litmus_ops = {
    .steps = litmus_step_names,
    .nsteps = LITMUS_MAX_STEPS,
    .shared_name = "x and y",
    .iters_option = "iters",
    .setup = litmus_setup,
    .step = litmus_step,
    .outcome = litmus_judge,
    .teardown = litmus_teardown,
    .state_bytes = litmus_state_bytes,
    .pack = litmus_pack,
    .unpack = litmus_unpack,
    .memory_model = true,
};

void explore_litmus_program(char *buf, size_t len, const struct litmus_test *t)
{
    size_t used = 0;
    buf[0] = '\0';
    for (unsigned k = 0; k < t->threads && used < len; k++) {
        int n =
            snprintf(buf + used, len - used, "%s%c: %s", k ? "  ||  " : "", 'A' + k, t->code[k]);
        used += n > 0 ? (size_t)n : 0;
    }
}
