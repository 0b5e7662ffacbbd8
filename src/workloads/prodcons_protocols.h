/* prodcons_protocols.h: private to prodcons. The job the free run shares
 * between its threads, which prodcons.c sets up and observes and
 * prodcons_protocols.c runs; and how an item is named, which the replay
 * names the same way. Not a public header: nothing outside
 * src/workloads/prodcons*.c should know a prodcons job's layout. */
#ifndef RACEDEMO_PRODCONS_PROTOCOLS_H
#define RACEDEMO_PRODCONS_PROTOCOLS_H

#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "racedemo/detector.h"
#include "core/platform.h"
#include "prodcons.h"

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
    platform_semaphore empty, full, binary; /* PROTOCOL_SEMAPHORE */
    struct prodcons_thread *threads;
    uint8_t *taken;     /* observe's scratch: times each item was taken */
    struct result *res; /* where observe adds each producer's lost items */
    uint32_t *last_seq; /* observe's scratch: per producer */
};

/* An item names its producer and its number (from 1); 0 is no item. */
static inline uint64_t item_of(unsigned producer, uint64_t seq)
{
    return (uint64_t)producer << 32 | seq;
}

/* count as it is now: inline, as the protocols test it in their loops. */
static inline int64_t count_now(struct prodcons_job *job)
{
    return atomic_load_explicit(&job->count, memory_order_relaxed);
}

/* The body of every free-run worker: the job's protocol, as a producer
 * (self < producers) or a consumer. */
void prodcons_worker(void *arg, unsigned self);

/* The lockstep replay (prodcons_replay.c), for the workload's table. */
struct replay_ops;
extern const struct replay_ops prodcons_replay;

#endif
