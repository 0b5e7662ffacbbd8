/* prodcons.c: the seed's bounded buffer. Producers put items into a ring
 * of --slots slots and consumers take them out; a shared count says how
 * many are in it. A producer that finds it full sleeps, a consumer that
 * finds it empty sleeps, and each wakes the other:
 *
 *     producer                          consumer
 *     if (count == N) sleep();          if (count == 0) sleep();
 *     insert_item(item);                item = remove_item();
 *     count = count + 1;                count = count - 1;
 *     if (count == 1) wakeup(consumer); if (count == N - 1) wakeup(producer);
 *
 * "if (count == 0) sleep()" is a load, a test and then the sleep: a wakeup
 * sent between the test and the sleep finds nobody asleep and is lost, and
 * then both sides can sleep forever. The fix the seed points at is a
 * wakeup that is stored: a semaphore.
 *
 * This file sets a run up, observes its trials and describes the workload;
 * the threads' loops are in prodcons_protocols.c and the lockstep replay in
 * prodcons_replay.c. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "racedemo/detector.h"
#include "report/format.h"
#include "racedemo/instruments.h"
#include "prodcons.h"
#include "prodcons_protocols.h"
#include "racedemo/replay.h"
#include "racedemo/shared.h"

static const struct opt prodcons_options[] = {
    {.name = "producers",
     .short_name = 'p',
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "producer threads",
     .offset = offsetof(struct prodcons_config, producers),
     .min = 1,
     .max = RACEDEMO_MAX_THREADS - 1,
     .def = 1},
    {.name = "consumers",
     .short_name = 'c',
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "consumer threads",
     .offset = offsetof(struct prodcons_config, consumers),
     .min = 1,
     .max = RACEDEMO_MAX_THREADS - 1,
     .def = 1},
    {.name = "items",
     .short_name = 'n',
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "items each producer makes",
     .offset = offsetof(struct prodcons_config, items),
     .min = 1,
     .max = PRODCONS_MAX_ITEMS,
     .def = 100000},
    {.name = "slots",
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "slots in the buffer",
     .offset = offsetof(struct prodcons_config, slots),
     .min = 1,
     .max = PRODCONS_MAX_SLOTS,
     .def = 8},
    {0},
};

_Static_assert(PRODCONS_NMETRICS <= RESULT_MAX_METRICS,
               "a trial carries at most RESULT_MAX_METRICS");

static const struct result_metric prodcons_metrics[PRODCONS_NMETRICS] = {
    [PRODCONS_TWICE] = {.key = "consumed_twice",
                        .label = "twice",
                        .noun = "item",
                        .meaning = "taken a second time",
                        .total = METRIC_SUM,
                        .failure = "a consumer took from a slot whose item was already taken"},
    [PRODCONS_EMPTY] = {.key = "empty_taken",
                        .label = "empty",
                        .noun = "take",
                        .meaning = "from a slot no producer had filled",
                        .total = METRIC_SUM,
                        .failure = "a consumer took from a slot that held no item yet"},
    [PRODCONS_OUT_OF_ORDER] = {.key = "out_of_order",
                               .label = "order",
                               .noun = "item",
                               .meaning = "a consumer took after a later one of the same "
                                          "producer",
                               .total = METRIC_SUM,
                               .failure = "items came out of the buffer out of their order"},
    [PRODCONS_COUNT_END] = {.key = "count_off",
                            .label = "count",
                            .before = "off by",
                            .meaning = "at the end, when the buffer is empty and count should "
                                       "be 0",
                            .total = METRIC_MAX,
                            .failure = "count's updates were lost, so count no longer says how "
                                       "many items the buffer holds"},
    [PRODCONS_WAKEUPS_LOST] = {.key = "wakeups_lost",
                               .label = "wakeups",
                               .noun = "wakeup",
                               .meaning = "sent while nobody was asleep, and dropped (most do "
                                          "no harm; one before a sleep is fatal)",
                               .total = METRIC_SUM},
};

static void prodcons_configure(struct run_config *run, const void *config)
{
    const struct prodcons_config *cfg = config;
    run->threads = cfg->producers + cfg->consumers;
}

static int prodcons_check(const struct run_config *run, const void *config, char *err,
                          size_t errlen)
{
    const struct prodcons_config *cfg = config;
    (void)run;
    if (cfg->producers + cfg->consumers > RACEDEMO_MAX_THREADS) {
        snprintf(err, errlen, "--producers + --consumers: at most %d threads in all; got %llu",
                 RACEDEMO_MAX_THREADS, (unsigned long long)cfg->producers + cfg->consumers);
        return -1;
    }
    if (cfg->items > PRODCONS_MAX_LOG_BYTES / sizeof(uint64_t) / cfg->producers / cfg->consumers) {
        snprintf(err, errlen,
                 "--producers x --items x --consumers x 8 bytes (what the consumers may take, "
                 "recorded) would pass the %u MiB racedemo allows; lower --items",
                 PRODCONS_MAX_LOG_BYTES >> 20);
        return -1;
    }
    if (run->sync->atomic_update && (cfg->producers > 1 || cfg->consumers > 1)) {
        snprintf(err, errlen,
                 "--sync atomic makes only count's updates atomic here, which keeps the ring "
                 "safe with 1 producer and 1 consumer only");
        return -1;
    }
    return 0;
}

static void prodcons_free(struct prodcons_job *job)
{
    if (job->threads)
        for (unsigned i = 0; i < job->nthreads; i++)
            shared_free(job->threads[i].log);
    shared_free(job->threads);
    shared_free((void *)job->slot);
    shared_free(job->taken);
    shared_free(job->last_seq);
    shared_free(job);
}

/* The primitives of the protocol, made or remade before each trial. */
static int primitives_init(struct prodcons_job *job)
{
    /* Shared between processes when the workers are processes. With the
     * defaults these cannot fail on Linux (they allocate nothing). */
    for (int k = 0; k < 2; k++) {
        shared_mutex_init(&job->beds[k].m);
        shared_cond_init(&job->beds[k].c);
        job->beds[k].sleeping = job->beds[k].tokens = 0;
        job->beds[k].lost = 0;
    }
    shared_mutex_init(&job->m);
    shared_cond_init(&job->not_full);
    shared_cond_init(&job->not_empty);
    if (job->protocol != PROTOCOL_SEMAPHORE)
        return 0;
    bool pshared = shared_processes();
    int rc = platform_semaphore_init(&job->empty, pshared, (unsigned)job->slots);
    if (rc != 0)
        return rc;
    if ((rc = platform_semaphore_init(&job->full, pshared, 0)) != 0) {
        platform_semaphore_destroy(&job->empty);
        return rc;
    }
    if ((rc = platform_semaphore_init(&job->binary, pshared, 1)) != 0) {
        platform_semaphore_destroy(&job->empty);
        platform_semaphore_destroy(&job->full);
        return rc;
    }
    return 0;
}

static void primitives_destroy(struct prodcons_job *job)
{
    for (int k = 0; k < 2; k++) {
        pthread_mutex_destroy(&job->beds[k].m);
        pthread_cond_destroy(&job->beds[k].c);
    }
    pthread_mutex_destroy(&job->m);
    pthread_cond_destroy(&job->not_full);
    pthread_cond_destroy(&job->not_empty);
    if (job->protocol == PROTOCOL_SEMAPHORE) {
        platform_semaphore_destroy(&job->empty);
        platform_semaphore_destroy(&job->full);
        platform_semaphore_destroy(&job->binary);
    }
}

/* The ring, the threads and the consumers' logs; false when memory ran
 * out (prodcons_free undoes what was made). */
static bool prodcons_alloc(struct prodcons_job *job)
{
    job->slot = shared_calloc(job->slots, sizeof *job->slot);
    job->threads = shared_calloc(job->nthreads, sizeof *job->threads);
    job->taken = shared_calloc(job->total, 1);
    job->last_seq = shared_calloc(job->producers, sizeof *job->last_seq);
    bool ok = job->slot && job->threads && job->taken && job->last_seq;
    for (unsigned i = job->producers; ok && i < job->nthreads; i++) {
        job->threads[i].log = shared_calloc(job->total, sizeof(uint64_t));
        ok = job->threads[i].log != NULL;
    }
    return ok;
}

/* How the report tells what producers and consumers do, and what goes
 * wrong between them. */
static void prodcons_words(struct result *res)
{
    res->words.lost_noun = "item";
    res->words.thread_lost_label = "lost from";
    res->words.role_verb[0] = "put";
    res->words.role_verb[1] = "take";
    res->words.role_doing[0] = "putting";
    res->words.role_doing[1] = "taking";
    res->words.role_done[0] = "put";
    res->words.role_done[1] = "taken";
    res->words.role_where = "into the buffer";
    res->words.deadlock_why = "a wakeup came before its thread slept and was lost (or count went "
                              "wrong and sent them to sleep)";
}

/* What the report says about a prodcons run. */
static void prodcons_describe(struct result *res, const struct prodcons_job *job,
                              const struct prodcons_config *cfg)
{
    static const char *const actions[] = {
        [PROTOCOL_SEED] = "the lecture notes' sleep() and wakeup()",
        [PROTOCOL_CONDVAR] = "a mutex and two condition variables",
        [PROTOCOL_SEMAPHORE] = "the three semaphores (see sync)",
        [PROTOCOL_BUSY] = "the lock, released and retried while they must wait",
    };
    /* The strategy's own line says one permit; here it is three
     * semaphores, and the report must not say both. */
    if (job->protocol == PROTOCOL_SEMAPHORE)
        res->strategy.summary = "semaphores, three here: empty counts the free slots, full "
                                "the items, and a binary one (one permit) guards the ring; a "
                                "waiting thread sleeps";
    res->work.action = "put or take one item";
    res->work.op_noun = "item";
    res->work.per_thread = cfg->items;
    res->work.expected = job->total;
    res->words.race_reason = "count's updates or the ring's indexes were lost between threads, so "
                             "items were overwritten before they were taken";
    res->metrics = prodcons_metrics;
    res->nmetrics = PRODCONS_NMETRICS;
    res->workers.lost_counted = true;
    res->work.roles[0] = "producer";
    res->work.roles[1] = "consumer";
    res->work.role_split = job->producers;
    prodcons_words(res);
    res->work.scene_label = "buffer";
    if (job->protocol == PROTOCOL_SEED)
        res->work.window_where = "between each load and its store, and between each test of "
                                 "count and the sleep";
    snprintf(res->work.scene, sizeof res->work.scene,
             "%llu slot%s; %u producer%s, %u consumer%s; waiting with %s",
             (unsigned long long)cfg->slots, cfg->slots == 1 ? "" : "s", job->producers,
             job->producers == 1 ? "" : "s", job->consumers, job->consumers == 1 ? "" : "s",
             actions[job->protocol]);
}

static int prodcons_setup(const struct run_config *run, const void *config, struct result *res,
                          void **ctx, char *err, size_t errlen)
{
    const struct prodcons_config *cfg = config;
    if (prodcons_check(run, cfg, err, errlen) != 0)
        return EINVAL;
    struct prodcons_job *job = shared_calloc(1, sizeof *job);
    if (!job) {
        snprintf(err, errlen, "out of memory for the buffer");
        return ENOMEM;
    }
    job->producers = (unsigned)cfg->producers;
    job->consumers = (unsigned)cfg->consumers;
    job->nthreads = job->producers + job->consumers;
    job->items = cfg->items;
    job->slots = cfg->slots;
    job->total = cfg->producers * cfg->items;
    job->sync = run->sync;
    job->window = run->window;
    job->res = res;
    if (!run->sync->lock)
        job->protocol = PROTOCOL_SEED;
    else if (run->sync->waits == SYNC_SLEEPS_ON_MUTEX)
        job->protocol = PROTOCOL_CONDVAR;
    else if (run->sync->waits == SYNC_SLEEPS_ON_SEMAPHORE)
        job->protocol = PROTOCOL_SEMAPHORE;
    else
        job->protocol = PROTOCOL_BUSY;
    if (!prodcons_alloc(job)) {
        prodcons_free(job);
        snprintf(err, errlen, "out of memory for %llu items",
                 (unsigned long long)cfg->producers * cfg->items);
        return ENOMEM;
    }
    int rc = job->protocol == PROTOCOL_BUSY
                 ? sync_state_create(run->sync, job->nthreads, &job->lock_state)
                 : 0;
    if (rc != 0) {
        prodcons_free(job);
        snprintf(err, errlen, "could not set up --sync %s", run->sync->name);
        return rc;
    }
    /* Checked in reset too: the semaphores are made again for each trial. */
    if ((rc = primitives_init(job)) != 0) {
        sync_state_free(run->sync, job->lock_state);
        prodcons_free(job);
        snprintf(err, errlen, "could not make the semaphores: %s", strerror(rc));
        return rc;
    }

    /* --sync atomic has no lock here: it runs the seed's protocol. */
    res->run.undetected_why = workload_undetected_why(run, job->protocol != PROTOCOL_SEED, NULL);
    res->run.detected = res->run.undetected_why == NULL;
    job->detect = res->run.detected;
    prodcons_describe(res, job, cfg);
    *ctx = job;
    return 0;
}

static void prodcons_reset(void *ctx)
{
    struct prodcons_job *job = ctx;
    atomic_store_explicit(&job->count, 0, memory_order_relaxed);
    atomic_store_explicit(&job->in, 0, memory_order_relaxed);
    atomic_store_explicit(&job->out, 0, memory_order_relaxed);
    atomic_store_explicit(&job->claimed, 0, memory_order_relaxed);
    atomic_store_explicit(&job->detector.inside, 0, memory_order_relaxed);
    for (uint64_t i = 0; i < job->slots; i++)
        atomic_store_explicit(&job->slot[i], 0, memory_order_relaxed);
    for (unsigned i = 0; i < job->nthreads; i++) {
        struct prodcons_thread *t = &job->threads[i];
        atomic_store_explicit(&t->done, 0, memory_order_relaxed);
        atomic_store_explicit(&t->asleep, false, memory_order_relaxed);
        atomic_store_explicit(&t->finished, false, memory_order_relaxed);
        t->violations = 0;
        t->nlog = 0;
    }
    /* The primitives are made once, in setup: a trial that ends normally
     * leaves every semaphore at its start (each item's post of `full`
     * was taken, each slot's `empty` given back) and nobody in a bed. A
     * trial the watchdog stopped ends the run. The watchdog may look into
     * the beds at any time, so they are only reset under their mutex. */
    for (int k = 0; k < 2; k++) {
        pthread_mutex_lock(&job->beds[k].m);
        job->beds[k].lost = 0;
        job->beds[k].tokens = 0;
        pthread_mutex_unlock(&job->beds[k].m);
    }
}

static void prodcons_observe(void *ctx, struct trial_result *t, int64_t *metrics)
{
    struct prodcons_job *job = ctx;
    memset(job->taken, 0, job->total);
    uint64_t twice = 0, empty = 0, out_of_order = 0, delivered = 0;
    t->violations = 0;
    for (unsigned c = job->producers; c < job->nthreads; c++) {
        const struct prodcons_thread *me = &job->threads[c];
        t->violations += me->violations;
        memset(job->last_seq, 0, job->producers * sizeof *job->last_seq);
        for (uint64_t k = 0; k < me->nlog; k++) {
            uint64_t item = me->log[k], p = item >> 32, seq = item & 0xffffffffu;
            if (item == 0 || p >= job->producers || seq == 0 || seq > job->items) {
                empty++;
                continue;
            }
            uint8_t *n = &job->taken[p * job->items + seq - 1];
            if (*n < UINT8_MAX)
                (*n)++;
            if (*n > 1) {
                twice++; /* counted here, not as out of order too */
                continue;
            }
            delivered++;
            if (seq <= job->last_seq[p])
                out_of_order++;
            else
                job->last_seq[p] = (uint32_t)seq;
        }
    }
    for (unsigned p = 0; p < job->producers; p++) {
        t->violations += job->threads[p].violations;
        uint64_t lost = 0;
        for (uint64_t i = 0; i < job->items; i++)
            lost += job->taken[p * job->items + i] == 0;
        job->res->workers.lost[p] += lost;
    }
    t->observed = (int64_t)delivered;
    t->fair_least_pct = -1.0;
    metrics[PRODCONS_TWICE] = (int64_t)twice;
    metrics[PRODCONS_EMPTY] = (int64_t)empty;
    metrics[PRODCONS_OUT_OF_ORDER] = (int64_t)out_of_order;
    int64_t count = count_now(job);
    metrics[PRODCONS_COUNT_END] = count < 0 ? -count : count;
    metrics[PRODCONS_WAKEUPS_LOST] = (int64_t)(job->beds[0].lost + job->beds[1].lost);
}

static void prodcons_progress(void *ctx, uint64_t *done, uint64_t *total)
{
    struct prodcons_job *job = ctx;
    for (unsigned i = 0; i < job->nthreads; i++) {
        done[i] = atomic_load_explicit(&job->threads[i].done, memory_order_relaxed);
        /* A consumer's share is not fixed: one that has stopped is done. */
        if (i < job->producers)
            total[i] = job->items;
        else if (atomic_load_explicit(&job->threads[i].finished, memory_order_relaxed))
            total[i] = done[i];
        else
            total[i] = job->total;
    }
}

static bool prodcons_asleep(void *ctx, bool *each)
{
    struct prodcons_job *job = ctx;
    unsigned asleep = 0, running = 0;
    /* A wakeup handed over and not yet taken: its thread is about to run. */
    for (int k = 0; k < 2; k++) {
        /* Only a look: a bed whose mutex is held is in use, not asleep. */
        if (pthread_mutex_trylock(&job->beds[k].m) != 0)
            return false;
        unsigned tokens = job->beds[k].tokens;
        pthread_mutex_unlock(&job->beds[k].m);
        if (tokens)
            return false;
    }
    for (unsigned i = 0; i < job->nthreads; i++) {
        each[i] = atomic_load_explicit(&job->threads[i].asleep, memory_order_relaxed);
        asleep += each[i];
        running +=
            !each[i] && !atomic_load_explicit(&job->threads[i].finished, memory_order_relaxed);
    }
    return asleep > 0 && running == 0;
}

/* The threads have not moved for --timeout: does count still say how
 * many items are in the ring? Every thread waits where it tests count, so
 * the items put and taken are settled. */
static void prodcons_stalled(void *ctx, char *why, size_t len)
{
    struct prodcons_job *job = ctx;
    uint64_t put = 0, taken = 0;
    for (unsigned i = 0; i < job->nthreads; i++) {
        uint64_t done = atomic_load_explicit(&job->threads[i].done, memory_order_relaxed);
        if (i < job->producers)
            put += done;
        else
            taken += done;
    }
    int64_t count = count_now(job), in_ring = (int64_t)put - (int64_t)taken;
    char c[32], p[32], t[32], in[32];
    why[0] = '\0';
    if (count == in_ring)
        return;
    format_count(c, sizeof c, count);
    format_count(p, sizeof p, (int64_t)put);
    format_count(t, sizeof t, (int64_t)taken);
    /* More taken than put: a consumer took from a slot no producer had
     * filled since, the race's other loss; a buffer cannot hold less than
     * nothing. */
    if (in_ring < 0)
        snprintf(why, len,
                 "the race corrupted count: it says %s, but %s put and %s taken: %s more taken "
                 "than put (slots taken again), and the threads wait for count to change",
                 c, p, t, format_count(in, sizeof in, -in_ring));
    else
        snprintf(why, len,
                 "the race corrupted count: it says %s, but %s put and %s taken leave %s in "
                 "the buffer, and the threads wait for count to change",
                 c, p, t, format_count(in, sizeof in, in_ring));
}

/* Wakes every thread waiting on c (and c2, if not NULL), holding m if it
 * is free. Never waits for m: a worker process killed in its critical
 * section leaves m held for ever (robust mutexes would say so, but not
 * everywhere: macOS has none), and the watchdog, then the run, would wait
 * with it. Without m a thread about to wait can miss this wakeup; the
 * watchdog sends one again every tick, so it gets the next. */
static void wake_all(pthread_mutex_t *m, pthread_cond_t *c, pthread_cond_t *c2)
{
    bool held = pthread_mutex_trylock(m) == 0;
    pthread_cond_broadcast(c);
    if (c2)
        pthread_cond_broadcast(c2);
    if (held)
        pthread_mutex_unlock(m);
}

/* The watchdog has set spin_abandon: get every sleeper out. */
static void prodcons_wake(void *ctx)
{
    struct prodcons_job *job = ctx;
    for (int k = 0; k < 2; k++)
        wake_all(&job->beds[k].m, &job->beds[k].c, NULL);
    wake_all(&job->m, &job->not_full, &job->not_empty);
    if (job->protocol == PROTOCOL_SEMAPHORE)
        for (unsigned i = 0; i < job->nthreads; i++) {
            platform_semaphore_post(&job->empty);
            platform_semaphore_post(&job->full);
            platform_semaphore_post(&job->binary);
        }
}

static void prodcons_teardown(void *ctx)
{
    struct prodcons_job *job = ctx;
    /* Processes: a worker killed while it waited would make destroying a
     * condition variable wait for it for ever; the mappings go anyway. */
    if (!shared_processes())
        primitives_destroy(job);
    sync_state_free(job->sync, job->lock_state);
    prodcons_free(job);
}

static const struct opt_skip prodcons_skip[] = {
    {"threads", "prodcons takes --producers and --consumers instead"},
    {NULL, NULL},
};

const struct workload workload_prodcons = {
    .name = "prodcons",
    .summary = "producers and consumers share a bounded buffer; a wakeup gets lost",
    .about = "The lecture notes' bounded buffer: --producers threads each put --items items\n"
             "into a ring of --slots slots, --consumers threads take them out, and a\n"
             "shared count says how many are in it. With --sync none it runs the\n"
             "notes' protocol: a producer that finds count == N sleeps, a consumer\n"
             "that finds count == 0 sleeps, and each wakes the other; a wakeup sent\n"
             "to a thread that has tested count but not yet gone to sleep is lost,\n"
             "and both can end up asleep for ever (DEADLOCK, status 5). mutex waits\n"
             "on two condition variables, semaphore counts free slots and items (the\n"
             "wakeups are stored), the other locks release and retry. Every item\n"
             "carries its producer and number, so lost, doubled and reordered items\n"
             "are counted exactly.",
    .options = prodcons_options,
    .config_size = sizeof(struct prodcons_config),
    .skip_run_options = prodcons_skip,
    .configure = prodcons_configure,
    .threads_from = "--producers + --consumers",
    .window_default = PRODCONS_WINDOW_DEFAULT,
    .window_in_protocol = true,
    .check = prodcons_check,
    .setup = prodcons_setup,
    .reset = prodcons_reset,
    .work = prodcons_worker,
    .observe = prodcons_observe,
    .teardown = prodcons_teardown,
    .progress = prodcons_progress,
    .sleeps = true,
    .asleep = prodcons_asleep,
    .wake = prodcons_wake,
    .stalled = prodcons_stalled,
    .replay = &prodcons_replay,
};
