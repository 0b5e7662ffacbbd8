/* bank.c: the seed's bank. "There is a fixed $10 million in this bank
 * (10,000 accounts that each start out with $1000) but the auditor
 * sometimes sees more, sometimes less." Tellers move money between random
 * accounts while an auditor sums every account again and again. Two races
 * hide in it: two tellers' read-modify-writes of one balance overlap and an
 * update is lost (the final total is wrong), and the auditor sums while a
 * transfer has taken money from one account and not yet given it to the
 * other (the audit is wrong even when every balance update is atomic). */
#define _POSIX_C_SOURCE 200809L /* clock.h */
#include <errno.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bank.h"
#include "core/clock.h"
#include "racedemo/detector.h"
#include "report/format.h"
#include "racedemo/instruments.h"
#include "racedemo/random.h"
#include "racedemo/replay.h"
#include "racedemo/shared.h"

static const struct opt_choice bank_locks[] = {
    {"bank", "one lock guards each whole transfer and each whole audit", NULL},
    {"account", "one lock per account; the auditor locks them all", NULL},
    {NULL, NULL, NULL},
};

static const struct opt bank_options[] = {
    {.name = "accounts",
     .short_name = 'a',
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "accounts in the bank; few (try 10) make lost updates frequent",
     .offset = offsetof(struct bank_config, accounts),
     .min = 2,
     .max = BANK_MAX_ACCOUNTS,
     .def = 10000},
    {.name = "balance",
     .short_name = 'b',
     .kind = OPT_COUNT,
     .metavar = "DOLLARS",
     .help = "each account's starting balance",
     .offset = offsetof(struct bank_config, balance),
     .min = 0,
     .max = BANK_MAX_BALANCE,
     .def = 1000},
    {.name = "transfers",
     .short_name = 'n',
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "transfers per teller thread",
     .offset = offsetof(struct bank_config, transfers),
     .min = 1,
     .max = BANK_MAX_TRANSFERS,
     .def = 100000},
    {.name = "max-amount",
     .kind = OPT_COUNT,
     .metavar = "DOLLARS",
     .help = "each transfer moves $1 to this much",
     .offset = offsetof(struct bank_config, max_amount),
     .min = 1,
     .max = BANK_MAX_AMOUNT,
     .def = 100},
    {.name = "lock",
     .kind = OPT_CHOICE,
     .metavar = "WHERE",
     .help = "where the --sync strategy's locks go (account: only with a --sync that has a "
             "lock)",
     .offset = offsetof(struct bank_config, lock),
     .choices = bank_locks,
     .def = BANK_LOCK_BANK},
    {.name = "audit-unlocked",
     .kind = OPT_FLAG,
     .help = "the auditor sums without taking any lock: shows the half-done transfer alone",
     .offset = offsetof(struct bank_config, audit_unlocked)},
    {0},
};

_Static_assert(BANK_NMETRICS <= RESULT_MAX_METRICS, "a trial carries at most RESULT_MAX_METRICS");

static const struct result_metric bank_metrics[BANK_NMETRICS] = {
    [BANK_AUDITS] = {.key = "audits",
                     .label = "audits",
                     .noun = "sum",
                     .meaning = "of every account, begun while the tellers worked",
                     .total = METRIC_SUM},
    [BANK_AUDITS_WRONG] = {.key = "audits_wrong",
                           .label = "wrong",
                           .noun = "audit",
                           .meaning = "saw a total other than expected",
                           .total = METRIC_SUM,
                           .column = "bad audits",
                           .failure = "an audit read some accounts before a transfer and others "
                                      "after it (missing money in flight or counting it "
                                      "twice), or came after an update was lost"},
    [BANK_AUDIT_LOW] = {.key = "audit_low",
                        .label = "lowest",
                        .meaning = "the lowest total an audit saw",
                        .total = METRIC_MIN,
                        .amount = true},
    [BANK_AUDIT_HIGH] = {.key = "audit_high",
                         .label = "highest",
                         .meaning = "the highest total an audit saw",
                         .total = METRIC_MAX,
                         .amount = true},
};

/* What one teller did in a trial, on its own cache line. */
struct bank_teller {
    /* Transfers done so far this trial, for the watchdog (stored relaxed). */
    alignas(64) _Atomic uint64_t done;
    uint64_t violations;
    uint64_t rng; /* this trial's generator */
};

struct bank_auditor {
    alignas(64) uint64_t audits, wrong, violations;
    int64_t low, high;
};

struct bank_job {
    /* The balances. Atomic so that the races are in the algorithm, not
     * undefined behaviour; volatile so that no compiler merges the steps.
     * Neighbours share cache lines, as in any array of accounts. */
    volatile _Atomic int64_t *accounts;
    uint64_t naccounts;
    int64_t balance, expected;
    uint64_t transfers, max_amount, window, seed, trial;
    const struct sync_strategy *sync;
    /* --lock bank: one state; --lock account: naccounts states, `stride`
     * bytes apart. NULL for strategies without a lock. */
    char *locks;
    size_t stride;
    bool per_account;
    bool audit_locked;
    /* The violation detector: one for the bank lock, one per account lock;
     * NULL when it does not run. */
    struct cs_detector *detectors;
    unsigned tellers; /* the auditor is thread `tellers` */
    struct bank_teller *teller;
    struct bank_auditor auditor;
    alignas(64) atomic_uint tellers_done;
    /* Audits so far this trial, for the STUCK report (stored relaxed). */
    alignas(64) _Atomic uint64_t audits_done;
    /* The first trial's audits, for the report's picture: the time each
     * ended (from the auditor's start) and the total it saw, written by
     * the auditor alone and read after the trial. */
    struct result_series_point *audit_points; /* RESULT_SERIES_POINTS of them */
    size_t audit_npoints;
    uint64_t audit_every, audit_taken;
    struct result *res; /* where observe puts them */
};

/* A number below n (n at most 2^32), by multiplying rather than dividing. */
static uint64_t bank_below(uint64_t *state, uint64_t n)
{
    return ((splitmix64(state) >> 32) * n) >> 32;
}

struct bank_transfer bank_draw(uint64_t *rng, uint64_t accounts, uint64_t max_amount)
{
    struct bank_transfer t;
    t.from = bank_below(rng, accounts);
    t.to = bank_below(rng, accounts - 1);
    if (t.to >= t.from)
        t.to++; /* two different accounts */
    t.amount = 1 + (int64_t)bank_below(rng, max_amount);
    return t;
}

uint64_t bank_seed(uint64_t seed, uint64_t trial, unsigned teller)
{
    uint64_t mix = seed ^ (trial * 0x100000001b3u + teller);
    return splitmix64(&mix);
}

static inline struct bank_transfer bank_pick(struct bank_job *job, uint64_t *rng)
{
    return bank_draw(rng, job->naccounts, job->max_amount);
}

/* One transfer in the steps a load/store machine uses: load from, store
 * from - amount, load to, store to + amount. Relaxed: ordering is the
 * lock's job; without one, nothing orders two tellers' steps. Between the
 * two stores the money is in neither account, which is what an unlocked
 * audit sees. */
static inline void bank_move(volatile _Atomic int64_t *acc, struct bank_transfer t, uint64_t window)
{
    int64_t from = atomic_load_explicit(&acc[t.from], memory_order_relaxed);
    if (window)
        workload_window(window);
    atomic_store_explicit(&acc[t.from], from - t.amount, memory_order_relaxed);
    int64_t to = atomic_load_explicit(&acc[t.to], memory_order_relaxed);
    if (window)
        workload_window(window);
    atomic_store_explicit(&acc[t.to], to + t.amount, memory_order_relaxed);
}

static void *lock_of(struct bank_job *job, uint64_t account)
{
    return job->locks + (job->per_account ? account * job->stride : 0);
}

/* Takes the locks of a transfer. One lock per account: the lower-numbered
 * account first, always. Two tellers moving money between accounts 3 and 7
 * in opposite directions would otherwise each hold one lock and wait for
 * the other's forever; with one global order, whoever holds the lower lock
 * can always get the higher one. The auditor takes every lock in the same
 * order. */
static unsigned bank_enter(struct bank_job *job, struct bank_transfer t, unsigned self)
{
    const struct sync_strategy *s = job->sync;
    unsigned violations = 0;
    if (!job->per_account) {
        s->lock(job->locks, self);
        if (job->detectors)
            violations += detector_enter(&job->detectors[0], self);
        return violations;
    }
    uint64_t lo = t.from < t.to ? t.from : t.to, hi = t.from ^ t.to ^ lo;
    s->lock(lock_of(job, lo), self);
    s->lock(lock_of(job, hi), self);
    if (job->detectors)
        violations +=
            detector_enter(&job->detectors[lo], self) + detector_enter(&job->detectors[hi], self);
    return violations;
}

static unsigned bank_leave(struct bank_job *job, struct bank_transfer t, unsigned self)
{
    const struct sync_strategy *s = job->sync;
    unsigned violations = 0;
    if (!job->per_account) {
        if (job->detectors)
            violations += detector_leave(&job->detectors[0], self);
        s->unlock(job->locks, self);
        return violations;
    }
    uint64_t lo = t.from < t.to ? t.from : t.to, hi = t.from ^ t.to ^ lo;
    if (job->detectors)
        violations +=
            detector_leave(&job->detectors[hi], self) + detector_leave(&job->detectors[lo], self);
    s->unlock(lock_of(job, hi), self);
    s->unlock(lock_of(job, lo), self);
    return violations;
}

/* The tellers' loops without a lock, in stretches with a look at
 * spin_stopped() between them, as the counter's (a stop ends a long trial
 * at once, for one relaxed load in thousands of transfers). */
static uint64_t bank_unlocked(struct bank_job *job, uint64_t rng)
{
    volatile _Atomic int64_t *acc = job->accounts;
    const uint64_t n = job->transfers, window = job->window;
    const bool atomic_update = job->sync->atomic_update;
    const uint64_t every = atomic_update ? SPIN_STOP_EVERY : workload_stop_every(window);
    uint64_t i = 0;
    while (i < n) {
        uint64_t end = workload_stretch(i, n, every);
        if (atomic_update) {
            /* Each balance update is one atomic instruction: no update is
             * lost, but between the two the money is still in neither. */
            for (; i < end; i++) {
                struct bank_transfer t = bank_pick(job, &rng);
                atomic_fetch_sub_explicit(&acc[t.from], t.amount, memory_order_relaxed);
                atomic_fetch_add_explicit(&acc[t.to], t.amount, memory_order_relaxed);
            }
        } else {
            for (; i < end; i++)
                bank_move(acc, bank_pick(job, &rng), window);
        }
        if (spin_leaving()) /* between whole transfers: a clean point */
            break;
    }
    return i;
}

static void bank_teller(struct bank_job *job, unsigned self)
{
    struct bank_teller *me = &job->teller[self];
    uint64_t rng = me->rng;
    const uint64_t n = job->transfers;

    if (!job->sync->lock) {
        /* relaxed: the count for a trial cut short (--budget), read after
         * the trial, which the engine's join orders. */
        atomic_store_explicit(&me->done, bank_unlocked(job, rng), memory_order_relaxed);
    } else {
        uint64_t violations = 0;
        for (uint64_t i = 1; i <= n; i++) {
            struct bank_transfer t = bank_pick(job, &rng);
            violations += bank_enter(job, t, self);
            bank_move(job->accounts, t, job->window);
            violations += bank_leave(job, t, self);
            atomic_store_explicit(&me->done, i, memory_order_relaxed);
            if (spin_leaving()) /* between whole transfers: a clean point */
                break;
        }
        me->violations = violations;
    }
    /* Release pairs with the acquire load that begins each audit: an audit
     * that finds every teller done sees every transfer they made. */
    atomic_fetch_add_explicit(&job->tellers_done, 1, memory_order_release);
}

static int64_t bank_audit(struct bank_job *job, unsigned self, uint64_t *violations)
{
    const struct sync_strategy *s = job->sync;
    if (!job->audit_locked)
        return bank_sum(job->accounts, job->naccounts);
    if (!job->per_account) {
        s->lock(job->locks, self);
        if (job->detectors)
            *violations += detector_enter(&job->detectors[0], self);
        int64_t sum = bank_sum(job->accounts, job->naccounts);
        if (job->detectors)
            *violations += detector_leave(&job->detectors[0], self);
        s->unlock(job->locks, self);
        return sum;
    }
    /* Every account locked at once, in ascending order like the tellers:
     * a snapshot no transfer is halfway through. */
    for (uint64_t i = 0; i < job->naccounts; i++) {
        s->lock(lock_of(job, i), self);
        if (job->detectors)
            *violations += detector_enter(&job->detectors[i], self);
    }
    int64_t sum = bank_sum(job->accounts, job->naccounts);
    for (uint64_t i = job->naccounts; i-- > 0;) {
        if (job->detectors)
            *violations += detector_leave(&job->detectors[i], self);
        s->unlock(lock_of(job, i), self);
    }
    return sum;
}

/* Keeps audit number job->audit_taken (from 0) if it is an every-th one;
 * when the points are full, every other one goes and `every` doubles, so
 * that what is kept spans the whole trial in bounded memory. Plain stores
 * into the auditor's own array: nothing a teller's loop sees. */
static void bank_record_audit(struct bank_job *job, uint64_t t_ns, int64_t sum)
{
    uint64_t n = job->audit_taken++;
    if (n % job->audit_every != 0)
        return;
    if (job->audit_npoints == RESULT_SERIES_POINTS) {
        for (size_t i = 0; i < RESULT_SERIES_POINTS / 2; i++)
            job->audit_points[i] = job->audit_points[2 * i];
        job->audit_npoints = RESULT_SERIES_POINTS / 2;
        job->audit_every *= 2;
        if (n % job->audit_every != 0)
            return;
    }
    job->audit_points[job->audit_npoints++] = (struct result_series_point){t_ns, sum};
}

static void bank_auditor(struct bank_job *job, unsigned self)
{
    struct bank_auditor *a = &job->auditor;
    uint64_t audits = 0, wrong = 0, violations = 0;
    int64_t low = INT64_MAX, high = INT64_MIN;
    /* Only the first trial's audits are recorded: one clock read each. */
    bool record = job->trial == 1 && job->audit_points;
    uint64_t start = record ? now_ns() : 0;
    /* Audit again and again while a teller is at work. Only an audit begun
     * before the last teller finished counts: it could catch a transfer
     * half done. The first one begun after is the last, and counts for
     * nothing: a trial in which no audit overlapped the tellers has no
     * lowest or highest audit (bank_observe). */
    for (;;) {
        bool during = atomic_load_explicit(&job->tellers_done, memory_order_acquire) < job->tellers;
        int64_t sum = bank_audit(job, self, &violations);
        if (during) {
            low = sum < low ? sum : low;
            high = sum > high ? sum : high;
            atomic_store_explicit(&job->audits_done, ++audits, memory_order_relaxed);
            wrong += sum != job->expected;
            if (record)
                bank_record_audit(job, now_ns() - start, sum);
        }
        if (!during || spin_stopped())
            break;
        /* Let the tellers in: an unfair lock handed straight back to the
         * auditor would starve them, and the run would be all audits. */
        spin_yield();
    }
    a->audits = audits;
    a->wrong = wrong;
    a->low = low;
    a->high = high;
    a->violations = violations;
}

static void bank_worker(void *arg, unsigned self)
{
    struct bank_job *job = arg;
    if (self < job->tellers)
        bank_teller(job, self);
    else
        bank_auditor(job, self);
}

bool bank_total(uint64_t tellers, const struct bank_config *cfg, uint64_t *total)
{
    if (cfg->balance != 0 && cfg->accounts > (uint64_t)INT64_MAX / cfg->balance)
        return false;
    uint64_t money = cfg->accounts * cfg->balance;
    /* However the steps interleave, each balance is its start plus some of
     * the amounts moved in or out of it, so every sum stays within the total
     * plus or minus everything moved. Keep that inside int64_t. */
    uint64_t limit = (uint64_t)INT64_MAX - money;
    if (cfg->max_amount > limit / cfg->transfers / tellers)
        return false;
    *total = money;
    return true;
}

/* Bytes of one account's lock, rounded to whole cache lines; 0: no lock. */
static size_t lock_stride(const struct sync_strategy *s, unsigned participants)
{
    size_t size = s->lock && s->state_size ? s->state_size(participants) : 0;
    return (size + SYNC_STATE_ALIGN - 1) / SYNC_STATE_ALIGN * SYNC_STATE_ALIGN;
}

static int bank_check(const struct run_config *run, const void *config, char *err, size_t errlen)
{
    const struct bank_config *cfg = config;
    uint64_t total;
    if (!bank_total(run->threads, cfg, &total)) {
        snprintf(err, errlen,
                 "--accounts x --balance, plus all the money --threads x --transfers x "
                 "--max-amount can move, must stay below 2^63; lower one of them");
        return -1;
    }
    if (cfg->lock == BANK_LOCK_ACCOUNT && !run->sync->lock) {
        snprintf(err, errlen,
                 "--lock account puts a lock on each account, and --sync %s has no lock: "
                 "name a lock (--sync mutex) or leave --lock out",
                 run->sync->name);
        return -1;
    }
    size_t stride = lock_stride(run->sync, (unsigned)run->threads + 1);
    /* Each account's lock, and the violation detector beside it. */
    size_t per_account = stride ? stride + sizeof(struct cs_detector) : 0;
    if (cfg->lock == BANK_LOCK_ACCOUNT && per_account &&
        cfg->accounts > BANK_MAX_LOCK_BYTES / per_account) {
        snprintf(err, errlen,
                 "--lock account: %llu locks of --sync %s take %zu bytes each with their "
                 "detectors, over the %u MiB racedemo allows; use fewer --accounts",
                 (unsigned long long)cfg->accounts, run->sync->name, per_account,
                 BANK_MAX_LOCK_BYTES >> 20);
        return -1;
    }
    return 0;
}

static void bank_free(struct bank_job *job)
{
    if (job->locks && job->sync->destroy) {
        uint64_t n = job->per_account ? job->naccounts : 1;
        for (uint64_t i = 0; i < n; i++)
            job->sync->destroy(job->locks + i * job->stride);
    }
    shared_free(job->locks);
    shared_free((void *)job->accounts);
    shared_free(job->detectors);
    shared_free(job->teller);
    shared_free(job->audit_points);
    shared_free(job);
}

/* The lock states: one, or one per account, each on its own cache lines. */
static int bank_locks_create(struct bank_job *job, unsigned participants)
{
    const struct sync_strategy *s = job->sync;
    job->stride = lock_stride(s, participants);
    if (job->stride == 0)
        return 0;
    uint64_t n = job->per_account ? job->naccounts : 1;
    job->locks = shared_calloc(n, job->stride); /* whole cache lines, zeroed */
    if (!job->locks)
        return ENOMEM;
    for (uint64_t i = 0; i < n; i++) {
        int rc = s->init ? s->init(job->locks + i * job->stride, participants) : 0;
        if (rc != 0) {
            /* Undo the ones made so far; bank_free must not see the rest. */
            while (s->destroy && i-- > 0)
                s->destroy(job->locks + i * job->stride);
            shared_free(job->locks);
            job->locks = NULL;
            return rc;
        }
    }
    return 0;
}

/* What the report says about a bank run. */
static void bank_describe(struct result *res, const struct run_config *run,
                          const struct bank_config *cfg, const struct bank_job *job, uint64_t total)
{
    bool has_lock = run->sync->lock != NULL;
    res->work.action = "from := from - amount; to := to + amount";
    res->work.op_noun = "transfer";
    res->words.unit = "$";
    res->words.amounts = true;
    /* Lost updates destroy money; a stale balance stored back over a
     * transfer's debit creates it. */
    res->words.either_side = true;
    res->words.below = "money destroyed";
    res->words.above = "money created";
    res->words.right = "all {expected} is there, and no audit saw another total";
    res->words.short_of = "{lost} of the {expected} vanished";
    res->metrics_unguarded = !job->audit_locked;
    res->work.per_thread = cfg->transfers;
    res->work.expected = total;
    res->words.race_reason =
        "two tellers read the same balance and stored over each other's update";
    res->work.helpers = 1;
    res->work.helper_role = "auditor";
    res->work.helper_work = "audit";
    res->work.helper_about = run->procs ? "one more process sums every account, again and again, "
                                          "until the tellers finish"
                                        : "one more thread sums every account, again and again, "
                                          "until the tellers finish";
    res->metrics = bank_metrics;
    res->nmetrics = BANK_NMETRICS;
    res->series.label = "audit";
    res->series.value_label = "total seen";
    res->series.expected = (int64_t)total;
    res->series.worker = job->tellers;
    char money[32], each[32], most[32];
    format_amount(money, sizeof money, "$", (int64_t)total);
    format_amount(each, sizeof each, "$", (int64_t)cfg->balance);
    format_amount(most, sizeof most, "$", (int64_t)cfg->max_amount);
    const char *locks = !has_lock          ? "no locks"
                        : job->per_account ? "one lock per account"
                                           : "one lock for the whole bank";
    char accounts[32];
    format_count(accounts, sizeof accounts, (int64_t)cfg->accounts);
    snprintf(res->work.scene, sizeof res->work.scene,
             "%s accounts of %s, %s in all; transfers of $1 to %s; %s%s", accounts, each, money,
             most, locks, has_lock && cfg->audit_unlocked ? ", the auditor takes none" : "");
    res->work.scene_label = "bank";
}

static int bank_setup(const struct run_config *run, const void *config, struct result *res,
                      void **ctx, char *err, size_t errlen)
{
    const struct bank_config *cfg = config;
    unsigned tellers = (unsigned)run->threads;
    uint64_t total;
    if (bank_check(run, cfg, err, errlen) != 0 || !bank_total(tellers, cfg, &total))
        return EINVAL;

    struct bank_job *job = shared_calloc(1, sizeof *job);
    if (!job) {
        snprintf(err, errlen, "out of memory for the bank");
        return ENOMEM;
    }
    bool has_lock = run->sync->lock != NULL;
    *job = (struct bank_job){.naccounts = cfg->accounts,
                             .balance = (int64_t)cfg->balance,
                             .expected = (int64_t)total,
                             .transfers = cfg->transfers,
                             .max_amount = cfg->max_amount,
                             .window = run->window,
                             .seed = run->seed,
                             .sync = run->sync,
                             .per_account = has_lock && cfg->lock == BANK_LOCK_ACCOUNT,
                             .audit_locked = has_lock && !cfg->audit_unlocked,
                             .tellers = tellers};
    /* Only strategies that try to exclude have something to check. */
    bool detect = has_lock && !run->no_instruments;
    uint64_t ndetectors = job->per_account ? cfg->accounts : 1;
    job->accounts = shared_calloc(cfg->accounts, sizeof *job->accounts);
    job->teller = shared_calloc(tellers, sizeof *job->teller);
    /* No room for the audits' picture is no reason not to run. */
    job->audit_points = shared_calloc(RESULT_SERIES_POINTS, sizeof *job->audit_points);
    job->res = res;
    if (detect)
        job->detectors = shared_calloc(ndetectors, sizeof *job->detectors);
    if (!job->accounts || !job->teller || (detect && !job->detectors)) {
        bank_free(job);
        snprintf(err, errlen, "out of memory for %llu accounts", (unsigned long long)cfg->accounts);
        return ENOMEM;
    }
    if (detect)
        for (uint64_t i = 0; i < ndetectors; i++)
            atomic_init(&job->detectors[i].inside, 0);
    for (unsigned i = 0; i < tellers; i++)
        atomic_init(&job->teller[i].done, 0);
    atomic_init(&job->tellers_done, 0);
    atomic_init(&job->audits_done, 0);
    int rc = bank_locks_create(job, tellers + 1);
    if (rc != 0) {
        bank_free(job);
        snprintf(err, errlen, "could not set up --sync %s for the bank", run->sync->name);
        return rc;
    }

    bank_describe(res, run, cfg, job, total);
    res->run.undetected_why = workload_undetected_why(
        run, has_lock, "nothing to check: each update is one atomic instruction");
    res->run.detected = detect;
    *ctx = job;
    return 0;
}

static void bank_reset(void *ctx)
{
    struct bank_job *job = ctx;
    for (uint64_t i = 0; i < job->naccounts; i++)
        atomic_store_explicit(&job->accounts[i], job->balance, memory_order_relaxed);
    uint64_t n = job->detectors ? (job->per_account ? job->naccounts : 1) : 0;
    for (uint64_t i = 0; i < n; i++)
        atomic_store_explicit(&job->detectors[i].inside, 0, memory_order_relaxed);
    /* A generator per teller and trial: the same --seed gives the same
     * transfers, and each trial its own. The trial's number is the count
     * of trials kept so far plus one, so that a trial run again (its
     * tellers never overlapped: run.c) makes the same transfers again. */
    job->trial = (uint64_t)job->res->trials.count + 1;
    for (unsigned i = 0; i < job->tellers; i++) {
        job->teller[i].rng = bank_seed(job->seed, job->trial, i);
        job->teller[i].violations = 0;
        atomic_store_explicit(&job->teller[i].done, 0, memory_order_relaxed);
    }
    atomic_store_explicit(&job->tellers_done, 0, memory_order_relaxed);
    atomic_store_explicit(&job->audits_done, 0, memory_order_relaxed);
    job->audit_npoints = 0;
    job->audit_every = 1;
    job->audit_taken = 0;
}

/* After the first trial: its recorded audits into the result's series
 * (none when memory for them ran out). */
static void bank_keep_audits(struct bank_job *job)
{
    struct result_series *sr = &job->res->series;
    if (job->trial != 1 || !job->audit_points || sr->points)
        return;
    sr->points = malloc(job->audit_npoints ? job->audit_npoints * sizeof *sr->points : 1);
    if (!sr->points)
        return;
    memcpy(sr->points, job->audit_points, job->audit_npoints * sizeof *sr->points);
    sr->npoints = job->audit_npoints;
    sr->taken = job->audit_taken;
    sr->every = job->audit_every;
}

static void bank_observe(void *ctx, struct trial_result *t, int64_t *metrics)
{
    struct bank_job *job = ctx;
    t->observed = bank_sum(job->accounts, job->naccounts);
    t->violations = job->auditor.violations;
    for (unsigned i = 0; i < job->tellers; i++)
        t->violations += job->teller[i].violations;
    t->fair_least_pct = -1.0;
    metrics[BANK_AUDITS] = (int64_t)job->auditor.audits;
    metrics[BANK_AUDITS_WRONG] = (int64_t)job->auditor.wrong;
    /* No audit, no range: not the final total, which no audit counted saw. */
    metrics[BANK_AUDIT_LOW] = job->auditor.audits ? job->auditor.low : METRIC_NONE;
    metrics[BANK_AUDIT_HIGH] = job->auditor.audits ? job->auditor.high : METRIC_NONE;
    bank_keep_audits(job);
}

static void bank_progress(void *ctx, uint64_t *done, uint64_t *total)
{
    struct bank_job *job = ctx;
    for (unsigned i = 0; i < job->tellers; i++) {
        done[i] = atomic_load_explicit(&job->teller[i].done, memory_order_relaxed);
        total[i] = job->transfers;
    }
    done[job->tellers] = atomic_load_explicit(&job->audits_done, memory_order_relaxed);
    total[job->tellers] = 0;
}

/* A trial cut short: transfers move money and make none, so the total is
 * the bank's whatever number of them were done. */
static uint64_t bank_cut_expected(void *ctx, const uint64_t *done)
{
    const struct bank_job *job = ctx;
    (void)done;
    return (uint64_t)job->expected;
}

static void bank_teardown(void *ctx)
{
    bank_free(ctx);
}

const struct workload workload_bank = {
    .name = "bank",
    .draws_from_seed = true,
    .summary = "tellers move money while an auditor sums the accounts",
    .about = "A bank of --accounts accounts, each starting with --balance dollars.\n"
             "--threads tellers each make --transfers transfers of a random amount\n"
             "between two random accounts, while one more thread, the auditor, sums\n"
             "every account again and again. The money never changes, yet with\n"
             "--sync none the auditor sees more or less, and the final total drifts:\n"
             "two tellers that update one balance at once lose an update (few\n"
             "accounts, e.g. --accounts 10, make that frequent), and an audit taken\n"
             "halfway through a transfer misses the money in flight. --lock bank\n"
             "guards each transfer and audit with one lock, --lock account gives\n"
             "every account its own; --audit-unlocked leaves the auditor unlocked,\n"
             "to show the second race alone. Transfers come from --seed.",
    .options = bank_options,
    .config_size = sizeof(struct bank_config),
    .helpers = 1,
    .helper_role = "auditor",
    .check = bank_check,
    .setup = bank_setup,
    .reset = bank_reset,
    .work = bank_worker,
    .observe = bank_observe,
    .teardown = bank_teardown,
    .progress = bank_progress,
    .cut_expected = bank_cut_expected,
    .replay = &bank_replay,
};
