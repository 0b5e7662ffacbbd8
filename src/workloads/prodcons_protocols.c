/* prodcons_protocols.c: the loops prodcons's threads run, one pair per
 * protocol (the seed's sleep/wakeup, condition variables, semaphores,
 * busy-waiting under a lock), and the sleep and wakeup the seed's protocol
 * is built on. Kept apart from the setup and the observation so that the
 * racy steps are read on their own. */
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

#include "prodcons_protocols.h"
#include "racedemo/shared.h"
#include "core/test_hooks.h"

#ifdef RACEDEMO_TEST_HOOKS
static bool die_holding_lock;

void prodcons_die_holding_lock(bool on)
{
    die_holding_lock = on;
}
#endif

/* The testing hook (core/test_hooks.h): end this worker process right
 * here, as if killed in the critical section of the mutex it has just
 * taken. Empty, and so gone, in what ships. */
static void maybe_die_holding(void)
{
#ifdef RACEDEMO_TEST_HOOKS
    if (die_holding_lock)
        _Exit(1);
#endif
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
 * in the count, so no wakeup can be lost. The platform's wait retries on
 * EINTR (which cannot happen here: the workers block every signal) rather
 * than carry on unguarded. */
static void sem_take(platform_semaphore *s)
{
    platform_semaphore_wait(s);
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
        platform_semaphore_post(&job->binary);
        platform_semaphore_post(&job->full);
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
        platform_semaphore_post(&job->binary);
        platform_semaphore_post(&job->empty);
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

void prodcons_worker(void *arg, unsigned self)
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
