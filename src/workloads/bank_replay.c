/* bank_replay.c: the bank in lockstep (--schedule): the tellers' transfers
 * step by step, each account's read-modify-write in its steps, and the
 * verdict on the money. */
#include <errno.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bank.h"
#include "racedemo/detector.h"
#include "report/format.h"
#include "racedemo/replay.h"
#include "racedemo/shared.h"

/* ---- lockstep (--schedule) ------------------------------------------ */

/* The bank in steps. Each teller's transfers come from its generator, as
 * in a free run (trial 1); `wrote` remembers who last wrote each account
 * and when, to name the update a write overwrites. */
struct bank_replay {
    volatile _Atomic int64_t *accounts;
    uint64_t naccounts, max_amount;
    int64_t balance;
    unsigned nthreads;
    uint64_t rng[REPLAY_MAX_THREADS];
    struct bank_transfer t[REPLAY_MAX_THREADS];
    int64_t read_from[REPLAY_MAX_THREADS], read_to[REPLAY_MAX_THREADS];
    uint64_t writes;                         /* writes so far */
    uint64_t read_at[REPLAY_MAX_THREADS][2]; /* `writes` when each account was read */
    uint64_t *last_write;                    /* per account: `writes` after its last write */
    unsigned *last_writer;
};

/* In the free run's order (bank_move): from := from - amount; to := to + amount. */
static const char *const bank_steps[] = {"rfrom", "wfrom", "rto", "wto"};
/* What each step does, for --schedule help. */
static const char *const bank_steps_words[] = {
    "read the from account's balance into a register",
    "write from := the balance read - amount",
    "read the to account's balance into a register",
    "write to := the balance read + amount",
};

static int bank_replay_setup(const void *config, unsigned nthreads, uint64_t seed, void **ctx,
                             char *err, size_t errlen)
{
    const struct bank_config *cfg = config;
    struct bank_replay *r = calloc(1, sizeof *r);
    if (r) {
        r->accounts = calloc(cfg->accounts, sizeof *r->accounts);
        r->last_write = calloc(cfg->accounts, sizeof *r->last_write);
        r->last_writer = calloc(cfg->accounts, sizeof *r->last_writer);
    }
    if (!r || !r->accounts || !r->last_write || !r->last_writer) {
        if (r) {
            free((void *)r->accounts);
            free(r->last_write);
            free(r->last_writer);
        }
        free(r);
        snprintf(err, errlen, "out of memory for the replay");
        return ENOMEM;
    }
    r->naccounts = cfg->accounts;
    r->max_amount = cfg->max_amount;
    r->balance = (int64_t)cfg->balance;
    r->nthreads = nthreads;
    for (uint64_t i = 0; i < cfg->accounts; i++)
        atomic_init(&r->accounts[i], r->balance);
    for (unsigned k = 0; k < nthreads; k++)
        r->rng[k] = bank_seed(seed, 1, k);
    *ctx = r;
    return 0;
}

static int64_t bank_replay_total(struct bank_replay *r)
{
    return bank_sum(r->accounts, r->naccounts);
}

/* A transfer in the steps of a free run's bank_move: read from, write
 * from, read to, write to, each a relaxed load or store of the real
 * balances. */
static void bank_replay_step(void *ctx, unsigned t, unsigned k, uint64_t iter,
                             struct replay_event *ev)
{
    struct bank_replay *r = ctx;
    (void)iter;
    if (k == 0)
        r->t[t] = bank_draw(&r->rng[t], r->naccounts, r->max_amount);
    struct bank_transfer *x = &r->t[t];
    int which = k < 2 ? 0 : 1; /* 0: from, 1: to */
    uint64_t acct = which ? x->to : x->from;
    ev->touches = true;
    char money[32], total[32];
    if (k % 2 == 0) {
        ev->reads_only = true;
        /* The free run's relaxed load and store, through the memory model. */
        int64_t v = replay_load_i64(ev, &r->accounts[acct], REPLAY_RELAXED);
        (which ? r->read_to : r->read_from)[t] = v;
        r->read_at[t][which] = r->writes;
        replay_say(ev, ev->op, sizeof ev->op, "read %s (#%llu)", which ? "to" : "from",
                   (unsigned long long)acct);
        replay_say(ev, ev->detail, sizeof ev->detail, "%s",
                   format_amount(money, sizeof money, "$", v));
    } else {
        int64_t v = which ? r->read_to[t] + x->amount : r->read_from[t] - x->amount;
        char name[24];
        snprintf(name, sizeof name, "#%llu", (unsigned long long)acct);
        replay_store_i64(ev, &r->accounts[acct], v, REPLAY_RELAXED, name);
        replay_say(ev, ev->op, sizeof ev->op, "write %s (#%llu)", which ? "to" : "from",
                   (unsigned long long)acct);
        replay_say(ev, ev->detail, sizeof ev->detail, "%s %s = %s", which ? "+" : "-",
                   format_amount(total, sizeof total, "$", x->amount),
                   format_amount(money, sizeof money, "$", v));
        /* Someone wrote this account after this thread read it. */
        if (r->last_write[acct] > r->read_at[t][which])
            replay_say(ev, ev->mark, sizeof ev->mark,
                       "%c's write of #%llu overwrites %c's: an update of it is lost", 'A' + t,
                       (unsigned long long)acct, 'A' + r->last_writer[acct]);
        r->writes++;
        r->last_write[acct] = r->writes;
        r->last_writer[acct] = t;
    }
    if (ev->quiet) /* no words: the sums below are for them only */
        return;
    replay_say(ev, ev->shared, sizeof ev->shared, "#%llu = %s; total %s", (unsigned long long)acct,
               format_amount(money, sizeof money, "$",
                             atomic_load_explicit(&r->accounts[acct], memory_order_relaxed)),
               format_amount(total, sizeof total, "$", bank_replay_total(r)));
}

static void bank_replay_outcome(void *ctx, const uint64_t *iterations, struct replay_outcome *o)
{
    struct bank_replay *r = ctx;
    (void)iterations;
    char want_text[32], got_text[32], off[32];
    int64_t want = (int64_t)r->naccounts * r->balance, got = bank_replay_total(r);
    format_amount(want_text, sizeof want_text, "$", want);
    format_amount(got_text, sizeof got_text, "$", got);
    snprintf(o->expected, sizeof o->expected, "total %s", want_text);
    snprintf(o->observed, sizeof o->observed, "total %s", got_text);
    o->correct = got == want;
    o->lost = want - got;
    format_amount(off, sizeof off, "$", got - want);
    if (o->correct)
        snprintf(o->loss, sizeof o->loss, "no money created or destroyed");
    else
        snprintf(o->loss, sizeof o->loss, "off by %s%s: money %s (total %s, expected %s)",
                 got > want ? "+" : "", off, got > want ? "created" : "destroyed", got_text,
                 want_text);
}

static void bank_replay_teardown(void *ctx)
{
    struct bank_replay *r = ctx;
    free((void *)r->accounts);
    free(r->last_write);
    free(r->last_writer);
    free(r);
}

/* The state: every account's balance, and each teller's generator, the
 * transfer it is making and what it read (its registers). */
static size_t bank_state_bytes(const void *ctx, unsigned nthreads)
{
    const struct bank_replay *r = ctx;
    return sizeof(int64_t) * r->naccounts +
           nthreads *
               (sizeof r->rng[0] + sizeof r->t[0] + sizeof r->read_from[0] + sizeof r->read_to[0]);
}

static void bank_pack(const void *ctx, unsigned nthreads, unsigned char *buf)
{
    const struct bank_replay *r = ctx;
    for (uint64_t i = 0; i < r->naccounts; i++) {
        int64_t v = atomic_load_explicit(&r->accounts[i], memory_order_relaxed);
        replay_put(&buf, &v, sizeof v);
    }
    replay_put(&buf, r->rng, nthreads * sizeof r->rng[0]);
    replay_put(&buf, r->t, nthreads * sizeof r->t[0]);
    replay_put(&buf, r->read_from, nthreads * sizeof r->read_from[0]);
    replay_put(&buf, r->read_to, nthreads * sizeof r->read_to[0]);
}

static void bank_unpack(void *ctx, unsigned nthreads, const unsigned char *buf)
{
    struct bank_replay *r = ctx;
    for (uint64_t i = 0; i < r->naccounts; i++) {
        int64_t v;
        replay_get(&buf, &v, sizeof v);
        atomic_store_explicit(&r->accounts[i], v, memory_order_relaxed);
    }
    replay_get(&buf, r->rng, nthreads * sizeof r->rng[0]);
    replay_get(&buf, r->t, nthreads * sizeof r->t[0]);
    replay_get(&buf, r->read_from, nthreads * sizeof r->read_from[0]);
    replay_get(&buf, r->read_to, nthreads * sizeof r->read_to[0]);
}

/* Two accounts: every pair of transfers meets on them, so two tellers'
 * steps can interleave on one account (with the default 10,000 they
 * almost never would, and each state would hold 10,000 balances). */
static const struct replay_default bank_explore_defaults[] = {
    {"accounts", 2},
    {NULL, 0},
};

/* A replay has the tellers only, and one lock around each whole transfer. */
static const struct replay_refusal bank_replay_refused[] = {
    {"lock", "places a free run's locks; under --schedule one lock guards each whole transfer"},
    {"audit-unlocked", "changes how a free run's auditor sums; a replay has no auditor"},
    {NULL, NULL},
};

const struct replay_ops bank_replay = {
    .steps = bank_steps,
    .step_words = bank_steps_words,
    .nsteps = 4,
    .shared_name = "accounts",
    .iters_option = "transfers",
    .setup = bank_replay_setup,
    .step = bank_replay_step,
    .outcome = bank_replay_outcome,
    .teardown = bank_replay_teardown,
    .uses_seed = true,
    .state_bytes = bank_state_bytes,
    .pack = bank_pack,
    .unpack = bank_unpack,
    .explore_defaults = bank_explore_defaults,
    .marked = "write",
    .marked_did = "overwrote another teller's update",
    .memory_model = true,
    .refused = bank_replay_refused,
};
