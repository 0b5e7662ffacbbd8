/* ticket.c: a ticket lock, first come first served. Each thread takes the
 * next ticket and waits until it is being served: no thread can be
 * overtaken forever, unlike with `tas`. */
#include <stdalign.h>
#include <stdatomic.h>

#include "racedemo/spin.h"
#include "racedemo/sync.h"

struct ticket_state {
    alignas(64) atomic_uint next;    /* the ticket the next arrival takes */
    alignas(64) atomic_uint serving; /* the ticket allowed in */
};

static size_t ticket_size(unsigned nthreads)
{
    (void)nthreads;
    return sizeof(struct ticket_state);
}

static void ticket_lock(void *state, unsigned self)
{
    (void)self;
    struct ticket_state *t = state;
    /* relaxed: the ticket only has to be unique; ordering comes from
     * `serving`. Wrap-around is harmless: tickets are compared for equality. */
    unsigned mine = atomic_fetch_add_explicit(&t->next, 1, memory_order_relaxed);
    struct spin_wait w = {0};
    /* acquire pairs with the previous holder's release in ticket_unlock. */
    while (atomic_load_explicit(&t->serving, memory_order_acquire) != mine)
        if (spin_wait(&w))
            return;
}

static void ticket_unlock(void *state, unsigned self)
{
    (void)self;
    struct ticket_state *t = state;
    /* Only the holder writes `serving`, so a relaxed read of it is exact. */
    unsigned now = atomic_load_explicit(&t->serving, memory_order_relaxed);
    atomic_store_explicit(&t->serving, now + 1, memory_order_release);
}

const struct sync_strategy sync_ticket = {
    .name = "ticket",
    .summary = "ticket lock: take a number, wait to be served; fair, first come first served",
    .explain = "A ticket lock, like the numbers at a deli counter: take the next ticket\n"
               "with one atomic fetch_add, wait until that ticket is served; leaving serves\n"
               "the next. First come, first served: no thread can be overtaken forever.\n"
               "The price shows with more threads than cores, when the next in line is not\n"
               "running and everyone waits for it.\n"
               "Shows it: racedemo compare counter --sync ticket,tas --threads 8 --iters 10000\n",
    .min_threads = 1,
    .exclusive = true,
    .state_size = ticket_size,
    .lock = ticket_lock,
    .unlock = ticket_unlock,
};
