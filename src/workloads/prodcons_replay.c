/* prodcons_replay.c: prodcons in lockstep (--schedule). The seed's
 * protocol for one producer and one consumer, step by step, with the
 * verdict on what the schedule did to the items and count. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "prodcons_protocols.h"
#include "racedemo/replay.h"

/* The seed's protocol in steps, producer A and consumer B. A sleeping
 * thread is asleep for real in the seed; here its steps say it sleeps
 * until the other's wakeup reaches it, so a schedule can show exactly
 * where a wakeup was lost. */
struct prodcons_replay {
    volatile _Atomic int64_t count;
    volatile _Atomic uint64_t *slot;
    uint64_t slots, in, out;
    uint64_t puts, takes; /* what the buffer really holds is puts - takes */
    int64_t acc[2];
    bool will_sleep[2], asleep[2], woken[2];
    uint64_t loaded_at[2], stores;
    unsigned last_store;
    uint64_t ntaken; /* items B took */
    bool in_order;   /* each was the next A put: A1, A2... */
};

static const char *const prodcons_steps[] = {"test", "sleep", "item", "load", "store", "wake"};
/* What each step does, for --schedule help. */
static const char *const prodcons_steps_words[] = {
    "A: count == N (full)? B: count == 0 (empty)? yes: sleep",
    "sleep() if the test said so, until the other wakes it",
    "A: insert_item(), into a slot; B: remove_item(), out of one",
    "load count into the thread's register",
    "A: count := register + 1; B: count := register - 1",
    "A: if count == 1, wakeup(B); B: if count == N-1, wakeup(A)",
};

static int prodcons_replay_setup(const void *config, unsigned nthreads, uint64_t seed, void **ctx,
                                 char *err, size_t errlen)
{
    const struct prodcons_config *cfg = config;
    (void)seed;
    if (nthreads != 2 || cfg->producers != 1) {
        snprintf(err, errlen,
                 "--producers and --consumers: the steps --schedule and explore take are "
                 "those of 1 producer (A) and 1 consumer (B)");
        return EINVAL;
    }
    struct prodcons_replay *r = calloc(1, sizeof *r);
    if (r)
        r->slot = calloc(cfg->slots, sizeof *r->slot);
    if (!r || !r->slot) {
        free(r);
        snprintf(err, errlen, "out of memory for the replay");
        return ENOMEM;
    }
    r->slots = cfg->slots;
    r->in_order = true;
    atomic_init(&r->count, 0);
    *ctx = r;
    return 0;
}

static void replay_item_name(char *buf, size_t len, uint64_t item)
{
    if (item == 0)
        snprintf(buf, len, "nothing");
    else
        snprintf(buf, len, "A%llu", (unsigned long long)(item & 0xffffffffu));
}

/* sleep(): asleep until the other's wakeup reaches the thread. */
static void replay_sleep(struct prodcons_replay *r, unsigned t, struct replay_event *ev)
{
    replay_say(ev, ev->op, sizeof ev->op, "sleep()");
    if (r->will_sleep[t]) /* a system call: the store buffer drains first */
        replay_fence(ev);
    if (!r->will_sleep[t]) {
        ev->reads_only = true;
        replay_say(ev, ev->detail, sizeof ev->detail, "not needed");
    } else if (r->woken[t]) {
        /* Past its sleep: a later wakeup is no longer one it was about
         * to miss. */
        r->woken[t] = r->asleep[t] = r->will_sleep[t] = false;
        replay_say(ev, ev->detail, sizeof ev->detail, "woken by %c: goes on", t ? 'A' : 'B');
    } else {
        replay_say(ev, ev->detail, sizeof ev->detail, r->asleep[t] ? "asleep" : "falls asleep");
        r->asleep[t] = true;
        ev->waiting = true;
    }
}

/* wakeup(other) when count says it may sleep; a wakeup nobody sleeps for
 * is not kept. */
static void replay_wake(struct prodcons_replay *r, unsigned t, struct replay_event *ev)
{
    bool producer = t == 0;
    unsigned other = 1 - t;
    char other_name = producer ? 'B' : 'A';
    /* The free run's relaxed loads and stores, through the memory model. */
    int64_t c = replay_load_i64(ev, &r->count, REPLAY_RELAXED);
    int64_t when = producer ? 1 : (int64_t)r->slots - 1;
    replay_say(ev, ev->op, sizeof ev->op, "if count == %s: wakeup(%c)", producer ? "1" : "N-1",
               other_name);
    ev->touches = true;
    if (c != when) {
        ev->reads_only = true;
        replay_say(ev, ev->detail, sizeof ev->detail, "count = %lld: no wakeup", (long long)c);
    } else if (r->asleep[other] && !r->woken[other]) {
        replay_fence(ev); /* wakeup() is a system call: the buffer drains first */
        r->woken[other] = true;
        replay_say(ev, ev->detail, sizeof ev->detail, "count = %lld: wakes %c", (long long)c,
                   other_name);
    } else {
        ev->reads_only = true; /* the wakeup reaches nobody */
        replay_say(ev, ev->detail, sizeof ev->detail, "count = %lld: %c is %s", (long long)c,
                   other_name, r->asleep[other] ? "woken already" : "not asleep");
        if (r->will_sleep[other] && !r->asleep[other])
            replay_say(ev, ev->mark, sizeof ev->mark,
                       "%c has tested count and is about to sleep: this wakeup is lost",
                       other_name);
    }
}

static void prodcons_replay_step(void *ctx, unsigned t, unsigned k, uint64_t iter,
                                 struct replay_event *ev)
{
    struct prodcons_replay *r = ctx;
    bool producer = t == 0;
    char item[16];
    switch (k) {
    case 0: { /* if (count == N) sleep / if (count == 0) sleep: the test */
        int64_t c = replay_load_i64(ev, &r->count, REPLAY_RELAXED);
        r->will_sleep[t] = producer ? c == (int64_t)r->slots : c == 0;
        ev->reads_only = true; /* will_sleep is the thread's own */
        replay_say(ev, ev->op, sizeof ev->op, "test count == %s", producer ? "N" : "0");
        replay_say(ev, ev->detail, sizeof ev->detail, "count = %lld: %s", (long long)c,
                   r->will_sleep[t] ? "will sleep" : "goes on");
        ev->touches = true;
        break;
    }
    case 1: /* sleep(), if the test said so */
        replay_sleep(r, t, ev);
        break;
    case 2: /* insert_item / remove_item */
        if (producer) {
            uint64_t v = item_of(0, iter + 1);
            char name[24];
            snprintf(name, sizeof name, "slot[%llu]", (unsigned long long)r->in);
            replay_store_u64(ev, &r->slot[r->in], v, REPLAY_RELAXED, name);
            r->in = (r->in + 1) % r->slots;
            r->puts++;
            replay_item_name(item, sizeof item, v);
            replay_say(ev, ev->op, sizeof ev->op, "insert_item(%s)", item);
        } else {
            uint64_t v = replay_load_u64(ev, &r->slot[r->out], REPLAY_RELAXED);
            r->out = (r->out + 1) % r->slots;
            r->takes++;
            r->in_order &= v == item_of(0, ++r->ntaken);
            replay_item_name(item, sizeof item, v);
            replay_say(ev, ev->op, sizeof ev->op, "remove_item()");
            replay_say(ev, ev->detail, sizeof ev->detail, "took %s", item);
        }
        ev->touches = true;
        break;
    case 3: /* count = count +- 1, the load */
        r->acc[t] = replay_load_i64(ev, &r->count, REPLAY_RELAXED);
        r->loaded_at[t] = r->stores;
        ev->reads_only = true; /* acc is the thread's own */
        replay_say(ev, ev->op, sizeof ev->op, "load count");
        replay_say(ev, ev->detail, sizeof ev->detail, "acc = %lld", (long long)r->acc[t]);
        ev->touches = true;
        break;
    case 4: /* ... and the store */
        r->acc[t] += producer ? 1 : -1;
        replay_store_i64(ev, &r->count, r->acc[t], REPLAY_RELAXED, "count");
        replay_say(ev, ev->op, sizeof ev->op, "store count %s 1", producer ? "+" : "-");
        replay_say(ev, ev->detail, sizeof ev->detail, "count = %lld", (long long)r->acc[t]);
        if (r->stores != r->loaded_at[t])
            replay_say(ev, ev->mark, sizeof ev->mark,
                       "%c's store overwrites %c's: count is now wrong", 'A' + t,
                       'A' + r->last_store);
        r->stores++;
        r->last_store = t;
        ev->touches = true;
        break;
    default: /* if (count == 1) wakeup(consumer) / if (count == N - 1) wakeup(producer) */
        replay_wake(r, t, ev);
        break;
    }
    long long c = (long long)atomic_load_explicit(&r->count, memory_order_relaxed);
    replay_say(ev, ev->shared, sizeof ev->shared, "count = %lld, holds %llu", c,
               (unsigned long long)(r->puts - r->takes));
}

static void prodcons_replay_outcome(void *ctx, const uint64_t *iterations, struct replay_outcome *o)
{
    struct prodcons_replay *r = ctx;
    bool in_order = r->in_order;
    (void)iterations;
    int64_t count = atomic_load_explicit(&r->count, memory_order_relaxed);
    int64_t holds = (int64_t)(r->puts - r->takes);
    snprintf(o->expected, sizeof o->expected,
             "B takes what A puts, once each, in order; nobody sleeps for ever");
    if (r->asleep[0] || r->asleep[1])
        snprintf(o->observed, sizeof o->observed, "%s asleep after B took %llu",
                 r->asleep[0] && r->asleep[1] ? "A and B both"
                 : r->asleep[0]               ? "A"
                                              : "B",
                 (unsigned long long)r->ntaken);
    else
        snprintf(o->observed, sizeof o->observed, "B took %llu item%s%s",
                 (unsigned long long)r->ntaken, r->ntaken == 1 ? "" : "s",
                 in_order ? ", in order" : ", not A1, A2... in order");
    /* The items and count: a thread left asleep is the verdict's business
     * (DEADLOCK, or still waiting where the schedule ends). */
    in_order &= r->takes <= r->puts;
    o->correct = in_order && count == holds;
    o->lost = holds - count;
    if (o->correct)
        snprintf(o->loss, sizeof o->loss, "no item lost, doubled or reordered, and count is right");
    else if (!in_order)
        snprintf(o->loss, sizeof o->loss, "B took items out of order, twice or from an empty slot");
    else
        snprintf(o->loss, sizeof o->loss,
                 "count is off by %+lld (count = %lld, the buffer holds %lld)",
                 (long long)(count - holds), (long long)count, (long long)holds);
}

static void prodcons_replay_teardown(void *ctx)
{
    struct prodcons_replay *r = ctx;
    free((void *)r->slot);
    free(r);
}

/* The state: count, the slots and their indices, what was put and taken,
 * each thread's register and where it is with sleeping. */
static size_t prodcons_state_bytes(const void *ctx, unsigned nthreads)
{
    const struct prodcons_replay *r = ctx;
    (void)nthreads;
    return sizeof(int64_t) + r->slots * sizeof(uint64_t) + 5 * sizeof(uint64_t) + sizeof r->acc +
           3 * sizeof r->asleep + sizeof r->in_order;
}

static void prodcons_pack(const void *ctx, unsigned nthreads, unsigned char *buf)
{
    const struct prodcons_replay *r = ctx;
    (void)nthreads;
    int64_t count = atomic_load_explicit(&r->count, memory_order_relaxed);
    replay_put(&buf, &count, sizeof count);
    for (uint64_t i = 0; i < r->slots; i++) {
        uint64_t v = atomic_load_explicit(&r->slot[i], memory_order_relaxed);
        replay_put(&buf, &v, sizeof v);
    }
    const uint64_t words[] = {r->in, r->out, r->puts, r->takes, r->ntaken};
    replay_put(&buf, words, sizeof words);
    replay_put(&buf, r->acc, sizeof r->acc);
    replay_put(&buf, r->will_sleep, sizeof r->will_sleep);
    replay_put(&buf, r->asleep, sizeof r->asleep);
    replay_put(&buf, r->woken, sizeof r->woken);
    replay_put(&buf, &r->in_order, sizeof r->in_order);
}

static void prodcons_unpack(void *ctx, unsigned nthreads, const unsigned char *buf)
{
    struct prodcons_replay *r = ctx;
    (void)nthreads;
    int64_t count;
    replay_get(&buf, &count, sizeof count);
    atomic_store_explicit(&r->count, count, memory_order_relaxed);
    for (uint64_t i = 0; i < r->slots; i++) {
        uint64_t v;
        replay_get(&buf, &v, sizeof v);
        atomic_store_explicit(&r->slot[i], v, memory_order_relaxed);
    }
    uint64_t words[5];
    replay_get(&buf, words, sizeof words);
    r->in = words[0], r->out = words[1], r->puts = words[2], r->takes = words[3];
    r->ntaken = words[4];
    replay_get(&buf, r->acc, sizeof r->acc);
    replay_get(&buf, r->will_sleep, sizeof r->will_sleep);
    replay_get(&buf, r->asleep, sizeof r->asleep);
    replay_get(&buf, r->woken, sizeof r->woken);
    replay_get(&buf, &r->in_order, sizeof r->in_order);
}

const struct replay_ops prodcons_replay = {
    .steps = prodcons_steps,
    .step_words = prodcons_steps_words,
    .nsteps = 6,
    .shared_name = "buffer",
    .iters_option = "items",
    .setup = prodcons_replay_setup,
    .step = prodcons_replay_step,
    .outcome = prodcons_replay_outcome,
    .teardown = prodcons_replay_teardown,
    .state_bytes = prodcons_state_bytes,
    .pack = prodcons_pack,
    .unpack = prodcons_unpack,
    .none_only = true,
    .sleeps = true,
    .marked = "step",
    .marked_did = "lost a wakeup or an update of count",
    .memory_model = true,
};
