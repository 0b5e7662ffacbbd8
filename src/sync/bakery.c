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
#include <stdio.h>

#include "racedemo/spin.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"

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

/* ---- in steps, for --schedule and explore ---- */

static const char *const bakery_acquire[] = {"choose", "read",          "number",
                                             "chosen", "wait-choosing", "wait-number"};
static const char *const bakery_release[] = {"unnumber"};
/* What each step does, for --schedule help. */
static const char *const bakery_acquire_words[] = {
    "choosing[me] := 1: I am taking a number",
    "read each thread's number, one step each, for the largest",
    "number[me] := 1 + the largest number read",
    "choosing[me] := 0: my number is taken",
    "wait while the next thread is choosing, one step each",
    "wait while the next thread's (number, thread) is smaller",
};
static const char *const bakery_release_words[] = {
    "number[me] := 0: leave",
};

enum {
    BAKERY_CHOOSE,
    BAKERY_READ,
    BAKERY_NUMBER,
    BAKERY_CHOSEN,
    BAKERY_WAIT_CHOOSING,
    BAKERY_WAIT_NUMBER,
    BAKERY_STEPS
};

/* The next thread after j other than t, or nthreads when none is left. */
static int bakery_next_other(const struct sync_replay_state *l, unsigned t, int j)
{
    j++;
    if (j == (int)t)
        j++;
    return j < (int)l->nthreads ? j : (int)l->nthreads;
}

/* Choosing, then the largest number: one read of each thread's number. */
static bool bakery_choose(struct sync_replay_state *l, unsigned t, unsigned k,
                          struct replay_event *ev)
{
    if (k == BAKERY_CHOOSE) {
        char name[24];
        replay_store_int(ev, &l->choosing[t], 1, REPLAY_SEQ_CST,
                         sync_replay_name(name, "choosing", t));
        l->scan[t] = 0, l->seen[t] = 0;
        replay_say(ev, ev->op, sizeof ev->op, "choosing[%c] := 1", sync_replay_letter(t));
        return true;
    }
    if (k == BAKERY_READ) {
        int j = l->scan[t], n = replay_load_int(ev, &l->number[j], REPLAY_SEQ_CST);
        ev->reads_only = true;
        l->seen[t] = n > l->seen[t] ? n : l->seen[t];
        replay_say(ev, ev->op, sizeof ev->op, "read number[%c]", sync_replay_letter((unsigned)j));
        replay_say(ev, ev->detail, sizeof ev->detail, "number[%c] = %d, largest %d",
                   sync_replay_letter((unsigned)j), n, l->seen[t]);
        if (++l->scan[t] < (int)l->nthreads)
            ev->jump = 1 + BAKERY_READ;
        return true;
    }
    if (k == BAKERY_NUMBER) {
        char name[24];
        replay_store_int(ev, &l->number[t], l->seen[t] + 1, REPLAY_SEQ_CST,
                         sync_replay_name(name, "number", t));
        replay_say(ev, ev->op, sizeof ev->op, "number[%c] := %d", sync_replay_letter(t),
                   l->seen[t] + 1);
        return true;
    }
    char name[24];
    replay_store_int(ev, &l->choosing[t], 0, REPLAY_SEQ_CST, sync_replay_name(name, "choosing", t));
    replay_say(ev, ev->op, sizeof ev->op, "choosing[%c] := 0", sync_replay_letter(t));
    l->scan[t] = bakery_next_other(l, t, -1);
    if (l->scan[t] == (int)l->nthreads) { /* alone: nobody to wait for */
        l->holder = (int)t;
        ev->jump = 1 + BAKERY_STEPS;
    }
    return true;
}

/* For each other thread j: wait while it chooses, then while it holds a
 * number ahead of mine. */
static bool bakery_take(struct sync_replay_state *l, unsigned t, unsigned k,
                        struct replay_event *ev)
{
    if (k < BAKERY_WAIT_CHOOSING)
        return bakery_choose(l, t, k, ev);
    int j = l->scan[t];
    char who = sync_replay_letter((unsigned)j);
    ev->reads_only = true;
    if (k == BAKERY_WAIT_CHOOSING) {
        int choosing = replay_load_int(ev, &l->choosing[j], REPLAY_SEQ_CST);
        replay_say(ev, ev->op, sizeof ev->op, "test choosing[%c]", who);
        replay_say(ev, ev->detail, sizeof ev->detail, "choosing[%c] = %d: %s", who, choosing,
                   choosing ? "spins" : "goes on");
        return !choosing;
    }
    int n = replay_load_int(ev, &l->number[j], REPLAY_SEQ_CST), mine = l->number[t];
    bool ahead = n != 0 && (n < mine || (n == mine && j < (int)t));
    replay_say(ev, ev->op, sizeof ev->op, "test number[%c]", who);
    replay_say(ev, ev->detail, sizeof ev->detail, "number[%c] = %d, mine %d: %s", who, n, mine,
               ahead ? "spins" : "goes on");
    if (ahead)
        return false;
    l->scan[t] = bakery_next_other(l, t, j);
    if (l->scan[t] < (int)l->nthreads)
        ev->jump = 1 + BAKERY_WAIT_CHOOSING;
    else
        l->holder = (int)t;
    return true;
}

static void bakery_give(struct sync_replay_state *l, unsigned t, unsigned k,
                        struct replay_event *ev)
{
    (void)k;
    char name[24];
    replay_store_int(ev, &l->number[t], 0, REPLAY_RELEASE, sync_replay_name(name, "number", t));
    l->holder = -1;
    replay_say(ev, ev->op, sizeof ev->op, "number[%c] := 0", sync_replay_letter(t));
}

static void bakery_show(const struct sync_replay_state *l, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (unsigned t = 0; t < l->nthreads && used < len; t++) {
        int n = snprintf(buf + used, len - used, "%s%c: %d%s", t ? ", " : "", sync_replay_letter(t),
                         sync_replay_peek(&l->number[t]),
                         sync_replay_peek(&l->choosing[t]) ? " choosing" : "");
        used += n > 0 ? (size_t)n : 0;
    }
}

static const struct sync_replay bakery_replay = {
    .acquire = bakery_acquire,
    .nacquire = BAKERY_STEPS,
    .release = bakery_release,
    .acquire_words = bakery_acquire_words,
    .release_words = bakery_release_words,
    .nrelease = 1,
    .take = bakery_take,
    .give = bakery_give,
    .state = bakery_show,
};

const struct sync_strategy sync_bakery = {
    .name = "bakery",
    .summary = "Lamport's bakery: take a number above all others, lowest goes first",
    .explain = "Lamport's bakery algorithm:\n"
               "  mutex_begin(i): choosing[i] = true; number[i] = 1 + max(number);\n"
               "                  choosing[i] = false; for each j: while (choosing[j]) skip;\n"
               "                  while (number[j] and (number[j], j) < (number[i], i)) skip;\n"
               "  mutex_end(i):   number[i] = 0;\n"
               "Each thread takes a number one above every number it sees, and the lowest\n"
               "(number, thread) goes first. It needs only loads and stores and works for\n"
               "any number of threads, but each entry reads every thread's number, and like\n"
               "Peterson it needs its stores seen before its loads (seq_cst). At most 32\n"
               "threads.\n"
               "Shows it: racedemo counter --sync bakery --threads 4\n",
    .min_threads = 1,
    /* Each entry reads every thread's words: O(n) per lock, like peterson. */
    .max_threads = 32,
    .exclusive = true,
    .state_size = bakery_size,
    .init = bakery_init,
    .lock = bakery_lock,
    .unlock = bakery_unlock,
    .replay = &bakery_replay,
};
