/* ticket.c: a ticket lock, first come first served. Each thread takes the
 * next ticket and waits until it is being served: no thread can be
 * overtaken forever, unlike with `tas`. */
#include <stdalign.h>
#include <stdatomic.h>
#include <stdio.h>

#include "racedemo/spin.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"

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

/* ---- in steps, for --schedule and explore ---- */

static const char *const ticket_acquire[] = {"ticket", "wait"};
static const char *const ticket_release[] = {"serve"};
/* What each step does, for --schedule help. */
static const char *const ticket_acquire_words[] = {
    "mine := fetch_add(next, 1): take a ticket",
    "spin until serving == mine, then enter",
};
static const char *const ticket_release_words[] = {
    "serving := serving + 1: the next ticket goes in",
};

/* One fetch-and-add takes the next ticket; then wait to be served. */
static bool ticket_take(struct sync_replay_state *l, unsigned t, unsigned k,
                        struct replay_event *ev)
{
    if (k == 0) {
        /* The fetch-and-add: a locked instruction, so the buffer drains
         * first. number[t] is the thread's register. */
        replay_fence(ev);
        l->number[t] = replay_load_int(ev, &l->next, REPLAY_RELAXED);
        replay_store_int(ev, &l->next, l->number[t] + 1, REPLAY_SEQ_CST, "next");
        replay_say(ev, ev->op, sizeof ev->op, "fetch-and-add next");
        replay_say(ev, ev->detail, sizeof ev->detail, "ticket %d", l->number[t]);
        return true;
    }
    int serving = replay_load_int(ev, &l->serving, REPLAY_ACQUIRE);
    ev->reads_only = true;
    replay_say(ev, ev->op, sizeof ev->op, "test serving");
    replay_say(ev, ev->detail, sizeof ev->detail, "serving = %d, ticket %d: %s", serving,
               l->number[t], serving == l->number[t] ? "enters" : "spins");
    if (serving != l->number[t])
        return false;
    l->holder = (int)t;
    return true;
}

/* Only the holder writes serving: one step, as one thread sees it. */
static void ticket_give(struct sync_replay_state *l, unsigned t, unsigned k,
                        struct replay_event *ev)
{
    (void)t, (void)k;
    int now = replay_load_int(ev, &l->serving, REPLAY_RELAXED);
    replay_store_int(ev, &l->serving, now + 1, REPLAY_RELEASE, "serving");
    l->holder = -1;
    replay_say(ev, ev->op, sizeof ev->op, "serving := serving + 1");
}

static void ticket_show(const struct sync_replay_state *l, char *buf, size_t len)
{
    snprintf(buf, len, "next = %d, serving = %d", sync_replay_peek(&l->next),
             sync_replay_peek(&l->serving));
}

static const struct sync_replay ticket_replay = {
    .acquire = ticket_acquire,
    .nacquire = 2,
    .release = ticket_release,
    .acquire_words = ticket_acquire_words,
    .release_words = ticket_release_words,
    .nrelease = 1,
    .take = ticket_take,
    .give = ticket_give,
    .state = ticket_show,
};

const struct sync_strategy sync_ticket = {
    .name = "ticket",
    .summary = "ticket lock: take a number, wait to be served; fair, first come first served",
    .explain = "A ticket lock:\n"
               "  mutex_begin: mine = fetch_add(next, 1); while (serving != mine) skip;\n"
               "  mutex_end:   serving = serving + 1;\n"
               "Like the numbers at a deli counter: take the next ticket with one atomic\n"
               "fetch_add, wait until that ticket is served; leaving serves the next. First\n"
               "come, first served: no thread can be overtaken forever. The price shows with\n"
               "more threads than cores, when the next in line is not running and everyone\n"
               "waits for it.\n"
               "Shows it: racedemo compare counter --sync ticket,tas --threads 8 --iters 10000\n",
    .min_threads = 1,
    .exclusive = true,
    .state_size = ticket_size,
    .lock = ticket_lock,
    .unlock = ticket_unlock,
    .replay = &ticket_replay,
};
