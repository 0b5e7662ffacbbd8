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
 * wakeup that is stored: a semaphore. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "detector.h"
#include "format.h"
#include "prodcons.h"
#include "replay.h"
#include "shared.h"

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

/* How the strategy is used here. */
enum prodcons_protocol {
    PROTOCOL_SEED,      /* the seed's sleep/wakeup: none, atomic (count only) */
    PROTOCOL_CONDVAR,   /* mutex: a mutex and two condition variables */
    PROTOCOL_SEMAPHORE, /* semaphore: empty, full and a binary one */
    PROTOCOL_BUSY,      /* every other lock: take it, look, give it back, retry */
};

/* sleep() and wakeup() as the seed has them: a wakeup reaches a thread
 * that is asleep, or nobody; it is not kept. Built on a mutex and a
 * condition variable so that a sleeper really blocks. In the seed both are
 * system calls, and a thread is asleep only once the kernel has it; each
 * starts with one real system call (getppid, about 76 ns here) to pay that
 * entry, so the window between the test and the sleep is the seed's, not
 * the shorter one of a user-space mutex. */
struct prodcons_bed {
    pthread_mutex_t m;
    pthread_cond_t c;
    unsigned sleeping; /* threads in sleep() */
    unsigned tokens;   /* wakeups sent to them and not yet taken */
    uint64_t lost;     /* wakeups sent when nobody slept */
};

struct prodcons_thread {
    alignas(64) _Atomic uint64_t done; /* items made or taken this trial */
    atomic_bool asleep;
    atomic_bool finished;
    uint64_t violations;
    uint64_t *log; /* a consumer's items, in the order it took them */
    uint64_t nlog;
};

struct prodcons_job {
    /* Atomic so that the races are in the algorithm, not undefined
     * behaviour; volatile so that no compiler merges the steps. */
    alignas(64) volatile _Atomic int64_t count;
    alignas(64) volatile _Atomic uint64_t in;  /* the slot the next item goes into */
    alignas(64) volatile _Atomic uint64_t out; /* the slot the next item comes from */
    /* Takes consumers have claimed: they stop when every item is claimed.
     * An exact counter of racedemo's, not part of the algorithm. */
    alignas(64) _Atomic uint64_t claimed;
    struct cs_detector detector;
    volatile _Atomic uint64_t *slot;
    uint64_t slots, items, total;
    unsigned producers, consumers, nthreads;
    enum prodcons_protocol protocol;
    const struct sync_strategy *sync;
    void *lock_state;
    bool detect;
    uint64_t window;
    struct prodcons_bed beds[2]; /* [0] producers sleep here, [1] consumers */
    pthread_mutex_t m;           /* PROTOCOL_CONDVAR */
    pthread_cond_t not_full, not_empty;
    sem_t empty, full, binary; /* PROTOCOL_SEMAPHORE */
    struct prodcons_thread *threads;
    uint8_t *taken;     /* observe's scratch: times each item was taken */
    struct result *res; /* where observe adds each producer's lost items */
    uint32_t *last_seq; /* observe's scratch: per producer */
};

/* An item names its producer and its number (from 1); 0 is no item. */
static uint64_t item_of(unsigned producer, uint64_t seq)
{
    return (uint64_t)producer << 32 | seq;
}

static bool die_holding_lock; /* the testing hook below */

void prodcons_die_holding_lock(bool on)
{
    die_holding_lock = on;
}

/* The testing hook: end this worker process right here, as if killed in
 * the critical section of the mutex it has just taken. */
static void maybe_die_holding(void)
{
    if (die_holding_lock)
        _Exit(1);
}

static bool abandoned(void)
{
    return spin_stopped();
}

static void bed_sleep(struct prodcons_bed *b, struct prodcons_thread *me)
{
    (void)getppid(); /* entering the kernel */
    pthread_mutex_lock(&b->m);
    maybe_die_holding();
    if (!abandoned()) {
        b->sleeping++;
        atomic_store_explicit(&me->asleep, true, memory_order_relaxed);
        while (b->tokens == 0 && !abandoned())
            pthread_cond_wait(&b->c, &b->m);
        if (b->tokens > 0)
            b->tokens--;
        b->sleeping--;
        atomic_store_explicit(&me->asleep, false, memory_order_relaxed);
    }
    pthread_mutex_unlock(&b->m);
}

static void bed_wakeup(struct prodcons_bed *b)
{
    (void)getppid(); /* entering the kernel */
    pthread_mutex_lock(&b->m);
    if (b->sleeping > b->tokens) {
        b->tokens++;
        pthread_cond_signal(&b->c);
    } else {
        b->lost++; /* nobody asleep: the wakeup is gone */
    }
    pthread_mutex_unlock(&b->m);
}

/* count := count + delta in two steps, or in one atomic instruction. */
static inline void count_add(struct prodcons_job *job, int64_t delta)
{
    if (job->sync->atomic_update) {
        atomic_fetch_add_explicit(&job->count, delta, memory_order_relaxed);
        return;
    }
    int64_t c = atomic_load_explicit(&job->count, memory_order_relaxed);
    if (job->window)
        workload_window(job->window);
    atomic_store_explicit(&job->count, c + delta, memory_order_relaxed);
}

static inline int64_t count_now(struct prodcons_job *job)
{
    return atomic_load_explicit(&job->count, memory_order_relaxed);
}

/* insert_item and remove_item: the ring's index, also in two steps. */
static inline void insert_item(struct prodcons_job *job, uint64_t item)
{
    uint64_t i = atomic_load_explicit(&job->in, memory_order_relaxed);
    atomic_store_explicit(&job->slot[i], item, memory_order_relaxed);
    atomic_store_explicit(&job->in, (i + 1) % job->slots, memory_order_relaxed);
}

static inline uint64_t remove_item(struct prodcons_job *job)
{
    uint64_t i = atomic_load_explicit(&job->out, memory_order_relaxed);
    uint64_t item = atomic_load_explicit(&job->slot[i], memory_order_relaxed);
    atomic_store_explicit(&job->out, (i + 1) % job->slots, memory_order_relaxed);
    return item;
}

static void record(struct prodcons_thread *me, uint64_t item)
{
    me->log[me->nlog++] = item;
    atomic_store_explicit(&me->done, me->nlog, memory_order_relaxed);
}

/* The seed's protocol, as written. Release/acquire would not help: the
 * lost wakeup is in the order of the steps, not in the memory model. With
 * --sync atomic only count's updates are single instructions. */
static void seed_producer(struct prodcons_job *job, unsigned self)
{
    struct prodcons_thread *me = &job->threads[self];
    const int64_t n = (int64_t)job->slots;
    for (uint64_t seq = 1; seq <= job->items && !abandoned(); seq++) {
        if (count_now(job) == n) {
            if (job->window) /* --window: between the test and the sleep */
                workload_window(job->window);
            bed_sleep(&job->beds[0], me);
        }
        insert_item(job, item_of(self, seq));
        count_add(job, 1);
        if (count_now(job) == 1)
            bed_wakeup(&job->beds[1]);
        atomic_store_explicit(&me->done, seq, memory_order_relaxed);
    }
}

static void seed_consumer(struct prodcons_job *job, unsigned self)
{
    struct prodcons_thread *me = &job->threads[self];
    const int64_t n = (int64_t)job->slots;
    while (atomic_fetch_add_explicit(&job->claimed, 1, memory_order_relaxed) < job->total &&
           !abandoned()) {
        if (count_now(job) == 0) {
            if (job->window)
                workload_window(job->window);
            bed_sleep(&job->beds[1], me);
        }
        uint64_t item = remove_item(job);
        count_add(job, -1);
        if (count_now(job) == n - 1)
            bed_wakeup(&job->beds[0]);
        record(me, item);
    }
}

/* The critical section of the guarded protocols, watched by the violation
 * detector when it runs: put one item in, or take one out, and count it. */
static void put_in(struct prodcons_job *job, struct prodcons_thread *me, unsigned self,
                   uint64_t seq)
{
    if (job->detect)
        me->violations += detector_enter(&job->detector, self);
    insert_item(job, item_of(self, seq));
    count_add(job, 1);
    if (job->detect)
        me->violations += detector_leave(&job->detector, self);
}

static uint64_t take_out(struct prodcons_job *job, struct prodcons_thread *me, unsigned self)
{
    if (job->detect)
        me->violations += detector_enter(&job->detector, self);
    uint64_t item = remove_item(job);
    count_add(job, -1);
    if (job->detect)
        me->violations += detector_leave(&job->detector, self);
    return item;
}

/* The textbook fix: test and sleep under one mutex, and wait in a loop. */
static void condvar_producer(struct prodcons_job *job, unsigned self)
{
    struct prodcons_thread *me = &job->threads[self];
    for (uint64_t seq = 1; seq <= job->items; seq++) {
        pthread_mutex_lock(&job->m);
        while (count_now(job) == (int64_t)job->slots && !abandoned())
            pthread_cond_wait(&job->not_full, &job->m);
        if (abandoned()) {
            pthread_mutex_unlock(&job->m);
            return;
        }
        put_in(job, me, self, seq);
        pthread_cond_signal(&job->not_empty);
        pthread_mutex_unlock(&job->m);
        atomic_store_explicit(&me->done, seq, memory_order_relaxed);
    }
}

static void condvar_consumer(struct prodcons_job *job, unsigned self)
{
    struct prodcons_thread *me = &job->threads[self];
    while (atomic_fetch_add_explicit(&job->claimed, 1, memory_order_relaxed) < job->total) {
        pthread_mutex_lock(&job->m);
        maybe_die_holding();
        while (count_now(job) == 0 && !abandoned())
            pthread_cond_wait(&job->not_empty, &job->m);
        if (abandoned()) {
            pthread_mutex_unlock(&job->m);
            return;
        }
        uint64_t item = take_out(job, me, self);
        pthread_cond_signal(&job->not_full);
        pthread_mutex_unlock(&job->m);
        record(me, item);
    }
}

/* Wakeups that are stored: `empty` counts free slots, `full` counts items,
 * `binary` guards the ring's indexes. A post with nobody waiting is kept
 * in the count, so no wakeup can be lost. sem_wait only fails with EINTR,
 * which cannot happen here (the workers block every signal), so the loops
 * retry on it rather than carry on unguarded. */
static void sem_take(sem_t *s)
{
    while (sem_wait(s) != 0 && errno == EINTR)
        ;
}

static void semaphore_producer(struct prodcons_job *job, unsigned self)
{
    struct prodcons_thread *me = &job->threads[self];
    for (uint64_t seq = 1; seq <= job->items; seq++) {
        sem_take(&job->empty);
        sem_take(&job->binary);
        if (abandoned()) /* woken by the watchdog's posts, which end the run */
            return;
        put_in(job, me, self, seq);
        sem_post(&job->binary);
        sem_post(&job->full);
        atomic_store_explicit(&me->done, seq, memory_order_relaxed);
    }
}

static void semaphore_consumer(struct prodcons_job *job, unsigned self)
{
    struct prodcons_thread *me = &job->threads[self];
    while (atomic_fetch_add_explicit(&job->claimed, 1, memory_order_relaxed) < job->total) {
        sem_take(&job->full);
        sem_take(&job->binary);
        if (abandoned())
            return;
        uint64_t item = take_out(job, me, self);
        sem_post(&job->binary);
        sem_post(&job->empty);
        record(me, item);
    }
}

/* Busy-waiting: take the lock, look at count, and if there is nothing to
 * do give the lock back, relax and look again. Holding the lock while
 * waiting would keep out the very thread that could change count. */
static bool busy_enter_when(struct prodcons_job *job, unsigned self, bool producer)
{
    const struct sync_strategy *s = job->sync;
    struct spin_wait sw = {0};
    for (;;) {
        s->lock(job->lock_state, self);
        int64_t c = count_now(job);
        if (producer ? c < (int64_t)job->slots : c > 0)
            return true;
        s->unlock(job->lock_state, self);
        if (spin_wait(&sw))
            return false;
    }
}

static void busy_producer(struct prodcons_job *job, unsigned self)
{
    struct prodcons_thread *me = &job->threads[self];
    const struct sync_strategy *s = job->sync;
    /* Stopped before each item too: a lock that never has to wait never
     * looks at the flag, and a stopped run gives up its trial. */
    for (uint64_t seq = 1; seq <= job->items && !abandoned(); seq++) {
        if (!busy_enter_when(job, self, true))
            return;
        put_in(job, me, self, seq);
        s->unlock(job->lock_state, self);
        atomic_store_explicit(&me->done, seq, memory_order_relaxed);
    }
}

static void busy_consumer(struct prodcons_job *job, unsigned self)
{
    struct prodcons_thread *me = &job->threads[self];
    const struct sync_strategy *s = job->sync;
    while (atomic_fetch_add_explicit(&job->claimed, 1, memory_order_relaxed) < job->total &&
           !abandoned()) {
        if (!busy_enter_when(job, self, false))
            return;
        uint64_t item = take_out(job, me, self);
        s->unlock(job->lock_state, self);
        record(me, item);
    }
}

static void prodcons_worker(void *arg, unsigned self)
{
    struct prodcons_job *job = arg;
    bool producer = self < job->producers;
    switch (job->protocol) {
    case PROTOCOL_SEED:
        producer ? seed_producer(job, self) : seed_consumer(job, self);
        break;
    case PROTOCOL_CONDVAR:
        producer ? condvar_producer(job, self) : condvar_consumer(job, self);
        break;
    case PROTOCOL_SEMAPHORE:
        producer ? semaphore_producer(job, self) : semaphore_consumer(job, self);
        break;
    case PROTOCOL_BUSY:
        producer ? busy_producer(job, self) : busy_consumer(job, self);
        break;
    }
    atomic_store_explicit(&job->threads[self].finished, true, memory_order_relaxed);
}

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
    int pshared = shared_processes();
    if (sem_init(&job->empty, pshared, (unsigned)job->slots) != 0)
        return errno;
    if (sem_init(&job->full, pshared, 0) != 0) {
        int rc = errno;
        sem_destroy(&job->empty);
        return rc;
    }
    if (sem_init(&job->binary, pshared, 1) != 0) {
        int rc = errno;
        sem_destroy(&job->empty);
        sem_destroy(&job->full);
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
        sem_destroy(&job->empty);
        sem_destroy(&job->full);
        sem_destroy(&job->binary);
    }
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
    job->slot = shared_calloc(cfg->slots, sizeof *job->slot);
    job->threads = shared_calloc(job->nthreads, sizeof *job->threads);
    job->taken = shared_calloc(job->total, 1);
    job->last_seq = shared_calloc(job->producers, sizeof *job->last_seq);
    bool ok = job->slot && job->threads && job->taken && job->last_seq;
    for (unsigned i = job->producers; ok && i < job->nthreads; i++) {
        job->threads[i].log = shared_calloc(job->total, sizeof(uint64_t));
        ok = job->threads[i].log != NULL;
    }
    if (!ok) {
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

    if (run->no_instruments)
        res->undetected_why = "not checked (--no-instruments)";
    else if (job->protocol == PROTOCOL_SEED)
        res->undetected_why = "not checked: no lock, so nothing claims exclusion";
    res->detected = res->undetected_why == NULL;
    job->detect = res->detected;
    static const char *const actions[] = {
        [PROTOCOL_SEED] = "the seed's sleep() and wakeup()",
        [PROTOCOL_CONDVAR] = "a mutex and two condition variables",
        [PROTOCOL_SEMAPHORE] = "the three semaphores (see sync)",
        [PROTOCOL_BUSY] = "the lock, released and retried while they must wait",
    };
    /* The strategy's own line says one permit; here it is three
     * semaphores, and the report must not say both. */
    if (job->protocol == PROTOCOL_SEMAPHORE)
        res->sync_summary = "POSIX semaphores, three here: empty counts the free slots, full "
                            "the items, and a binary one (one permit) guards the ring; a "
                            "waiting thread sleeps";
    res->action = "put or take one item";
    res->op_noun = "item";
    res->per_thread = cfg->items;
    res->expected = job->total;
    res->race_reason = "count's updates or the ring's indexes were lost between threads, so "
                       "items were overwritten before they were taken";
    res->metrics = prodcons_metrics;
    res->nmetrics = PRODCONS_NMETRICS;
    res->thread_lost_counted = true;
    res->roles[0] = "producer";
    res->roles[1] = "consumer";
    res->role_split = job->producers;
    res->scene_label = "buffer";
    if (job->protocol == PROTOCOL_SEED)
        res->window_where = "between each load and its store, and between each test of "
                            "count and the sleep";
    snprintf(res->scene, sizeof res->scene,
             "%llu slot%s; %u producer%s, %u consumer%s; waiting with %s",
             (unsigned long long)cfg->slots, cfg->slots == 1 ? "" : "s", job->producers,
             job->producers == 1 ? "" : "s", job->consumers, job->consumers == 1 ? "" : "s",
             actions[job->protocol]);
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
        job->res->thread_lost[p] += lost;
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
    if (count != in_ring)
        snprintf(why, len,
                 "the race corrupted count: it says %s, but %s put and %s taken leave %s in "
                 "the buffer, and the threads wait for count to change",
                 format_count(c, sizeof c, count), format_count(p, sizeof p, (int64_t)put),
                 format_count(t, sizeof t, (int64_t)taken), format_count(in, sizeof in, in_ring));
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
            sem_post(&job->empty);
            sem_post(&job->full);
            sem_post(&job->binary);
        }
}

static void prodcons_teardown(void *ctx)
{
    struct prodcons_job *job = ctx;
    /* Processes: a worker killed while it waited would make destroying a
     * condition variable wait for it for ever; the mapping goes anyway. */
    if (!shared_processes())
        primitives_destroy(job);
    sync_state_free(job->sync, job->lock_state);
    prodcons_free(job);
}

static const struct opt_skip prodcons_skip[] = {
    {"threads", "prodcons takes --producers and --consumers instead"},
    {NULL, NULL},
};

extern const struct replay_ops prodcons_replay;

const struct workload workload_prodcons = {
    .name = "prodcons",
    .summary = "producers and consumers share a bounded buffer; a wakeup gets lost",
    .about = "The seed's bounded buffer: --producers threads each put --items items\n"
             "into a ring of --slots slots, --consumers threads take them out, and a\n"
             "shared count says how many are in it. With --sync none it runs the\n"
             "seed's protocol: a producer that finds count == N sleeps, a consumer\n"
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

/* ---- lockstep (--schedule) ------------------------------------------ */

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
    uint64_t taken[REPLAY_MAX_STEPS / 6 + 1]; /* what B took, in order */
    uint64_t ntaken;
};

static const char *const prodcons_steps[] = {"test", "sleep", "item", "load", "store", "wake"};

static int prodcons_replay_setup(const void *config, unsigned nthreads, uint64_t seed, void **ctx,
                                 char *err, size_t errlen)
{
    const struct prodcons_config *cfg = config;
    (void)seed;
    if (nthreads != 2 || cfg->producers != 1) {
        snprintf(err, errlen,
                 "--producers and --consumers: --schedule replays 1 producer (A) and 1 "
                 "consumer (B)");
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
    snprintf(ev->op, sizeof ev->op, "sleep()");
    if (!r->will_sleep[t]) {
        ev->reads_only = true;
        snprintf(ev->detail, sizeof ev->detail, "not needed");
    } else if (r->woken[t]) {
        /* Past its sleep: a later wakeup is no longer one it was about
         * to miss. */
        r->woken[t] = r->asleep[t] = r->will_sleep[t] = false;
        snprintf(ev->detail, sizeof ev->detail, "woken by %c: goes on", t ? 'A' : 'B');
    } else {
        snprintf(ev->detail, sizeof ev->detail, r->asleep[t] ? "asleep" : "falls asleep");
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
    int64_t c = atomic_load_explicit(&r->count, memory_order_relaxed);
    int64_t when = producer ? 1 : (int64_t)r->slots - 1;
    snprintf(ev->op, sizeof ev->op, "if count == %s: wakeup(%c)", producer ? "1" : "N-1",
             other_name);
    ev->touches = true;
    if (c != when) {
        ev->reads_only = true;
        snprintf(ev->detail, sizeof ev->detail, "count = %lld: no wakeup", (long long)c);
    } else if (r->asleep[other] && !r->woken[other]) {
        r->woken[other] = true;
        snprintf(ev->detail, sizeof ev->detail, "count = %lld: wakes %c", (long long)c, other_name);
    } else {
        ev->reads_only = true; /* the wakeup reaches nobody */
        snprintf(ev->detail, sizeof ev->detail, "count = %lld: %c is %s", (long long)c, other_name,
                 r->asleep[other] ? "woken already" : "not asleep");
        if (r->will_sleep[other] && !r->asleep[other])
            snprintf(ev->mark, sizeof ev->mark,
                     "%c has tested count and is about to sleep: this wakeup is lost", other_name);
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
        int64_t c = atomic_load_explicit(&r->count, memory_order_relaxed);
        r->will_sleep[t] = producer ? c == (int64_t)r->slots : c == 0;
        ev->reads_only = true; /* will_sleep is the thread's own */
        snprintf(ev->op, sizeof ev->op, "test count == %s", producer ? "N" : "0");
        snprintf(ev->detail, sizeof ev->detail, "count = %lld: %s", (long long)c,
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
            atomic_store_explicit(&r->slot[r->in], v, memory_order_relaxed);
            r->in = (r->in + 1) % r->slots;
            r->puts++;
            replay_item_name(item, sizeof item, v);
            snprintf(ev->op, sizeof ev->op, "insert_item(%s)", item);
        } else {
            uint64_t v = atomic_load_explicit(&r->slot[r->out], memory_order_relaxed);
            r->out = (r->out + 1) % r->slots;
            r->takes++;
            if (r->ntaken < sizeof r->taken / sizeof *r->taken)
                r->taken[r->ntaken++] = v;
            replay_item_name(item, sizeof item, v);
            snprintf(ev->op, sizeof ev->op, "remove_item()");
            snprintf(ev->detail, sizeof ev->detail, "took %s", item);
        }
        ev->touches = true;
        break;
    case 3: /* count = count +- 1, the load */
        r->acc[t] = atomic_load_explicit(&r->count, memory_order_relaxed);
        r->loaded_at[t] = r->stores;
        ev->reads_only = true; /* acc is the thread's own */
        snprintf(ev->op, sizeof ev->op, "load count");
        snprintf(ev->detail, sizeof ev->detail, "acc = %lld", (long long)r->acc[t]);
        ev->touches = true;
        break;
    case 4: /* ... and the store */
        r->acc[t] += producer ? 1 : -1;
        atomic_store_explicit(&r->count, r->acc[t], memory_order_relaxed);
        snprintf(ev->op, sizeof ev->op, "store count %s 1", producer ? "+" : "-");
        snprintf(ev->detail, sizeof ev->detail, "count = %lld", (long long)r->acc[t]);
        if (r->stores != r->loaded_at[t])
            snprintf(ev->mark, sizeof ev->mark, "%c's store overwrites %c's: count is now wrong",
                     'A' + t, 'A' + r->last_store);
        r->stores++;
        r->last_store = t;
        ev->touches = true;
        break;
    default: /* if (count == 1) wakeup(consumer) / if (count == N - 1) wakeup(producer) */
        replay_wake(r, t, ev);
        break;
    }
    long long c = (long long)atomic_load_explicit(&r->count, memory_order_relaxed);
    snprintf(ev->shared, sizeof ev->shared, "count = %lld, holds %llu", c,
             (unsigned long long)(r->puts - r->takes));
}

static void prodcons_replay_outcome(void *ctx, const uint64_t *iterations, struct replay_outcome *o)
{
    struct prodcons_replay *r = ctx;
    bool in_order = true;
    for (uint64_t i = 0; i < r->ntaken; i++)
        in_order &= r->taken[i] == item_of(0, i + 1);
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

const struct replay_ops prodcons_replay = {
    .steps = prodcons_steps,
    .nsteps = 6,
    .shared_name = "buffer",
    .iters_option = "items",
    .setup = prodcons_replay_setup,
    .step = prodcons_replay_step,
    .outcome = prodcons_replay_outcome,
    .teardown = prodcons_replay_teardown,
    .none_only = true,
    .sleeps = true,
    .marked = "step",
    .marked_did = "lost a wakeup or an update of count",
};
