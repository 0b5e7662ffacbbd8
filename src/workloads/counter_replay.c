/* counter_replay.c: the counter in lockstep (--schedule): each thread's
 * load, add and store, and the verdict on the updates lost. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <time.h>
#include "counter.h"
#include "racedemo/detector.h"
#include "racedemo/replay.h"
#include "racedemo/shared.h"
#include "racedemo/spin.h"

/* ---- lockstep (--schedule) ------------------------------------------ */

/* The counter in steps: each thread's register, and enough history to
 * name the update a store overwrites. */
struct counter_replay {
    volatile _Atomic uint64_t n;
    uint64_t stores;     /* stores to N so far */
    unsigned last_store; /* the thread of the last one */
    bool sum;
    uint64_t acc[REPLAY_MAX_THREADS];
    uint64_t loaded_at[REPLAY_MAX_THREADS]; /* `stores` when each thread loaded */
};

static const char *const counter_steps[] = {"load", "add", "store"};
/* What each step does, for --schedule help. */
static const char *const counter_steps_words[] = {
    "acc := N: load the shared N into the thread's register acc",
    "acc := acc + 1 (--op sum: acc + i), in the register only",
    "N := acc: store the register back into N",
};

static int counter_replay_setup(const void *config, unsigned nthreads, uint64_t seed, void **ctx,
                                char *err, size_t errlen)
{
    const struct counter_config *cfg = config;
    (void)nthreads, (void)seed;
    struct counter_replay *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "out of memory for the replay");
        return ENOMEM;
    }
    atomic_init(&r->n, 0);
    r->sum = cfg->op == COUNTER_SUM;
    *ctx = r;
    return 0;
}

/* The seed's three instructions, one per step, on the real shared N. */
static void counter_replay_step(void *ctx, unsigned t, unsigned k, uint64_t iter,
                                struct replay_event *ev)
{
    struct counter_replay *r = ctx;
    char name = (char)('A' + t);
    uint64_t add = r->sum ? iter + 1 : 1;
    switch (k) {
    case 0:
        /* The free run's relaxed load and store, through the memory model. */
        r->acc[t] = replay_load_u64(ev, &r->n, REPLAY_RELAXED);
        r->loaded_at[t] = r->stores;
        replay_say(ev, ev->op, sizeof ev->op, "load N to acc");
        replay_say(ev, ev->detail, sizeof ev->detail, "acc = %llu", (unsigned long long)r->acc[t]);
        ev->touches = true;
        ev->reads_only = true;
        break;
    case 1:
        r->acc[t] += add;
        ev->reads_only = true;
        replay_say(ev, ev->op, sizeof ev->op, "acc := acc + %llu", (unsigned long long)add);
        replay_say(ev, ev->detail, sizeof ev->detail, "acc = %llu", (unsigned long long)r->acc[t]);
        break;
    default:
        replay_store_u64(ev, &r->n, r->acc[t], REPLAY_RELAXED, "N");
        replay_say(ev, ev->op, sizeof ev->op, "store acc to N");
        replay_say(ev, ev->detail, sizeof ev->detail, "N = %llu", (unsigned long long)r->acc[t]);
        ev->touches = true;
        /* Someone stored since this thread loaded: those updates are gone. */
        if (r->stores != r->loaded_at[t]) {
            uint64_t gone = r->stores - r->loaded_at[t];
            replay_say(ev, ev->mark, sizeof ev->mark,
                       "%c's store overwrites %c's %s%s: lost update", name,
                       (char)('A' + r->last_store), r->sum ? "addition" : "increment",
                       gone > 1 ? " and more" : "");
        }
        r->stores++;
        r->last_store = t;
        break;
    }
    replay_say(ev, ev->shared, sizeof ev->shared, "N = %llu",
               (unsigned long long)atomic_load_explicit(&r->n, memory_order_relaxed));
}

static void counter_replay_outcome(void *ctx, const uint64_t *iterations, struct replay_outcome *o)
{
    struct counter_replay *r = ctx;
    uint64_t want = 0;
    for (unsigned t = 0; t < REPLAY_MAX_THREADS; t++)
        want += r->sum ? iterations[t] * (iterations[t] + 1) / 2 : iterations[t];
    uint64_t got = atomic_load_explicit(&r->n, memory_order_relaxed);
    snprintf(o->expected, sizeof o->expected, "N = %llu", (unsigned long long)want);
    snprintf(o->observed, sizeof o->observed, "N = %llu", (unsigned long long)got);
    o->correct = got == want;
    /* Each store writes a value some thread loaded plus its own addition,
     * so N never passes the expected total: what is missing was lost. */
    o->lost = (int64_t)(want - got);
    if (o->correct)
        snprintf(o->loss, sizeof o->loss, "no %s lost", r->sum ? "addition" : "increment");
    else if (r->sum)
        snprintf(o->loss, sizeof o->loss,
                 "additions worth %lld of %llu lost (N = %llu, expected %llu)", (long long)o->lost,
                 (unsigned long long)want, (unsigned long long)got, (unsigned long long)want);
    else
        snprintf(o->loss, sizeof o->loss, "%lld of %llu increments lost (N = %llu, expected %llu)",
                 (long long)o->lost, (unsigned long long)want, (unsigned long long)got,
                 (unsigned long long)want);
}

static void counter_replay_teardown(void *ctx)
{
    free(ctx);
}

/* The state: N and each thread's register. */
static size_t counter_state_bytes(const void *ctx, unsigned nthreads)
{
    (void)ctx;
    return sizeof(uint64_t) * (1 + nthreads);
}

static void counter_pack(const void *ctx, unsigned nthreads, unsigned char *buf)
{
    const struct counter_replay *r = ctx;
    uint64_t n = atomic_load_explicit(&r->n, memory_order_relaxed);
    replay_put(&buf, &n, sizeof n);
    replay_put(&buf, r->acc, sizeof r->acc[0] * nthreads);
}

static void counter_unpack(void *ctx, unsigned nthreads, const unsigned char *buf)
{
    struct counter_replay *r = ctx;
    uint64_t n;
    replay_get(&buf, &n, sizeof n);
    atomic_store_explicit(&r->n, n, memory_order_relaxed);
    replay_get(&buf, r->acc, sizeof r->acc[0] * nthreads);
}

/* --sync atomic: the whole update one fetch-and-add, one step. */
static const char *const counter_atomic_steps[] = {"fetch-add"};
/* What each step does, for --schedule help. */
static const char *const counter_atomic_steps_words[] = {
    "N := N + 1 in one atomic instruction (fetch_add)",
};

static void counter_atomic_step(void *ctx, unsigned t, unsigned k, uint64_t iter,
                                struct replay_event *ev)
{
    (void)t, (void)k;
    struct counter_replay *r = ctx;
    uint64_t add = r->sum ? iter + 1 : 1;
    /* A locked add: the buffer drains first, and the add reaches memory. */
    replay_fence(ev);
    uint64_t n = replay_load_u64(ev, &r->n, REPLAY_RELAXED) + add;
    replay_store_u64(ev, &r->n, n, REPLAY_SEQ_CST, "N");
    r->stores++;
    replay_say(ev, ev->op, sizeof ev->op, "fetch-and-add N, %llu", (unsigned long long)add);
    replay_say(ev, ev->detail, sizeof ev->detail, "N = %llu", (unsigned long long)n);
    replay_say(ev, ev->shared, sizeof ev->shared, "N = %llu", (unsigned long long)n);
    ev->touches = true;
}

static const struct replay_refusal counter_replay_refused[] = {
    {"first-iters", "gives thread A a count of its own in a free run; under --schedule the "
                    "letters, or --iters for random and every:N, say how far each thread goes"},
    {NULL, NULL},
};

/* What the counter's two sets of steps share: the shared data, its setup,
 * judgement and state, and the words of a marked store. */
#define COUNTER_REPLAY_SHARED                                                                      \
    .shared_name = "N", .iters_option = "iters", .setup = counter_replay_setup,                    \
    .outcome = counter_replay_outcome, .teardown = counter_replay_teardown,                        \
    .state_bytes = counter_state_bytes, .pack = counter_pack, .unpack = counter_unpack,            \
    .marked = "store", .marked_did = "overwrote another thread's update", .memory_model = true,    \
    .refused = counter_replay_refused

static const struct replay_ops counter_atomic_replay = {
    .steps = counter_atomic_steps,
    .step_words = counter_atomic_steps_words,
    .nsteps = 1,
    .step = counter_atomic_step,
    COUNTER_REPLAY_SHARED,
};

const struct replay_ops counter_replay = {
    .steps = counter_steps,
    .step_words = counter_steps_words,
    .nsteps = 3,
    .step = counter_replay_step,
    COUNTER_REPLAY_SHARED,
    .atomic = &counter_atomic_replay,
};
