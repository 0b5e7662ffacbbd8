/* bakery.c: Lamport's bakery algorithm, for any number of threads with
 * nothing but loads and stores. Each thread takes a number one above every
 * number it sees, and the smallest (number, thread) pair goes first.
 *
 * Memory order: like Peterson, each thread writes its own words and then
 * reads everyone else's, a store-then-load order that store buffers break;
 * every access on the way in is seq_cst so all of them fall into one order
 * consistent with each thread's program order, as the proof assumes.
 * Leaving is a release store of number 0. */
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>

#include "racedemo/spin.h"
#include "racedemo/sync.h"

struct bakery_slot {
    alignas(64) atomic_bool choosing;
    _Atomic uint64_t number; /* 0: not waiting; 64 bits never wrap in a run */
};

struct bakery_state {
    unsigned nthreads;
    struct bakery_slot slot[];
};

static size_t bakery_size(unsigned nthreads)
{
    return sizeof(struct bakery_state) + (size_t)nthreads * sizeof(struct bakery_slot);
}

static int bakery_init(void *state, unsigned nthreads)
{
    struct bakery_state *b = state;
    b->nthreads = nthreads;
    for (unsigned i = 0; i < nthreads; i++) {
        atomic_init(&b->slot[i].choosing, false);
        atomic_init(&b->slot[i].number, 0);
    }
    return 0;
}

static void bakery_lock(void *state, unsigned me)
{
    struct bakery_state *b = state;
    atomic_store_explicit(&b->slot[me].choosing, true, memory_order_seq_cst);
    uint64_t max = 0;
    for (unsigned k = 0; k < b->nthreads; k++) {
        uint64_t n = atomic_load_explicit(&b->slot[k].number, memory_order_seq_cst);
        if (n > max)
            max = n;
    }
    uint64_t mine = max + 1;
    atomic_store_explicit(&b->slot[me].number, mine, memory_order_seq_cst);
    atomic_store_explicit(&b->slot[me].choosing, false, memory_order_seq_cst);
    for (unsigned k = 0; k < b->nthreads; k++) {
        if (k == me)
            continue;
        struct spin_wait w = {0};
        /* Wait until k has its number, then while k is ahead of me. */
        while (atomic_load_explicit(&b->slot[k].choosing, memory_order_seq_cst))
            if (spin_wait(&w))
                return;
        for (;;) {
            uint64_t n = atomic_load_explicit(&b->slot[k].number, memory_order_seq_cst);
            if (n == 0 || n > mine || (n == mine && k > me))
                break;
            if (spin_wait(&w))
                return;
        }
    }
}

static void bakery_unlock(void *state, unsigned me)
{
    struct bakery_state *b = state;
    atomic_store_explicit(&b->slot[me].number, 0, memory_order_release);
}

const struct sync_strategy sync_bakery = {
    .name = "bakery",
    .summary = "Lamport's bakery: take a number above all others, lowest goes first",
    .explain = "Lamport's bakery algorithm: each thread takes a number one above every\n"
               "number it sees, and the lowest (number, thread) goes first. It needs only\n"
               "loads and stores and works for any number of threads, but each entry reads\n"
               "every thread's number, and like Peterson it needs its stores seen before\n"
               "its loads (seq_cst). At most 32 threads.\n"
               "Shows it: racedemo counter --sync bakery --threads 4\n",
    .min_threads = 1,
    /* Each entry reads every thread's words: O(n) per lock, like peterson. */
    .max_threads = 32,
    .exclusive = true,
    .state_size = bakery_size,
    .init = bakery_init,
    .lock = bakery_lock,
    .unlock = bakery_unlock,
};
