/* peterson.c: Peterson's algorithm for two threads, as in the seed, and for
 * more threads its filter-lock generalisation (n-1 levels, each a Peterson
 * lock that lets at most one waiting thread fall behind).
 *
 * Memory order. Entering writes my flag (or level) and the turn (victim),
 * then reads the other thread's flag. That store-then-load is exactly the
 * order hardware may break: on x86-64 a store waits in the store buffer while
 * a later load of another address goes ahead, so with release/acquire both
 * threads can read the other's flag as false and both enter. Every access on
 * the way in is therefore memory_order_seq_cst: all of them fall into one
 * total order that respects program order, which is the order the proof
 * assumes (on x86-64 the seq_cst stores become xchg, a full fence).
 * Leaving only has to publish the critical section's writes before the flag
 * drops, so a release store suffices: a later seq_cst store of the same flag
 * by the same thread happens after it, so no seq_cst load can read the stale
 * `false` once the new `true` precedes it in the total order. */
#include <stdalign.h>
#include <stdatomic.h>

#include <stdio.h>

#include "racedemo/spin.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"

/* Each thread writes its own word; keep them off each other's cache line. */
struct peterson_word {
    alignas(64) atomic_uint value;
};

struct peterson_state {
    unsigned nthreads;
    /* level[0..n) then victim[0..n): for two threads level is the seed's
     * flag[] and victim[1] its turn (the thread that must wait). */
    struct peterson_word words[];
};

static struct peterson_word *level(struct peterson_state *p, unsigned i)
{
    return &p->words[i];
}

static struct peterson_word *victim(struct peterson_state *p, unsigned level)
{
    return &p->words[p->nthreads + level];
}

static size_t peterson_size(unsigned nthreads)
{
    return sizeof(struct peterson_state) + 2 * (size_t)nthreads * sizeof(struct peterson_word);
}

static int peterson_init(void *state, unsigned nthreads)
{
    struct peterson_state *p = state;
    p->nthreads = nthreads;
    for (unsigned i = 0; i < 2 * nthreads; i++)
        atomic_init(&p->words[i].value, 0);
    return 0;
}

/* The seed's two-thread version: flag[i] = true; turn = j; wait while
 * flag[j] and turn == j. Here "turn = j" is written as "victim = i". */
static void peterson_two_lock(struct peterson_state *p, unsigned i)
{
    unsigned j = 1 - i;
    atomic_store_explicit(&level(p, i)->value, 1, memory_order_seq_cst);
    atomic_store_explicit(&victim(p, 1)->value, i, memory_order_seq_cst);
    struct spin_wait w = {0};
    while (atomic_load_explicit(&level(p, j)->value, memory_order_seq_cst) != 0 &&
           atomic_load_explicit(&victim(p, 1)->value, memory_order_seq_cst) == i)
        if (spin_wait(&w))
            return;
}

/* Someone other than me is at level L or above. */
static int others_at_or_above(struct peterson_state *p, unsigned me, unsigned L)
{
    for (unsigned k = 0; k < p->nthreads; k++)
        if (k != me && atomic_load_explicit(&level(p, k)->value, memory_order_seq_cst) >= L)
            return 1;
    return 0;
}

/* Filter lock: climb levels 1..n-1; at each, wait while I am the latest to
 * arrive (the victim) and someone else is at my level or higher. At most n-L
 * threads get past level L, so one reaches the critical section. */
static void peterson_filter_lock(struct peterson_state *p, unsigned me)
{
    for (unsigned L = 1; L < p->nthreads; L++) {
        atomic_store_explicit(&level(p, me)->value, L, memory_order_seq_cst);
        atomic_store_explicit(&victim(p, L)->value, me, memory_order_seq_cst);
        struct spin_wait w = {0};
        while (atomic_load_explicit(&victim(p, L)->value, memory_order_seq_cst) == me &&
               others_at_or_above(p, me, L))
            if (spin_wait(&w))
                return;
    }
}

static void peterson_lock(void *state, unsigned self)
{
    struct peterson_state *p = state;
    if (p->nthreads == 2)
        peterson_two_lock(p, self);
    else
        peterson_filter_lock(p, self);
}

static void peterson_unlock(void *state, unsigned self)
{
    struct peterson_state *p = state;
    atomic_store_explicit(&level(p, self)->value, 0, memory_order_release);
}

/* ---- in steps, for --schedule ---- */

static const char *const peterson_acquire[] = {"flag", "turn", "test"};
static const char *const peterson_release[] = {"unflag"};
/* What each step does, for --schedule help. */
static const char *const peterson_acquire_words[] = {
    "flag[me] := 1: I want in",
    "turn := the other thread: it may go first",
    "enter if the other's flag is 0 or turn is mine, else spin",
};
static const char *const peterson_release_words[] = {
    "flag[me] := 0: leave",
};

/* flag[i] := 1 and turn := j as seq_cst stores (XCHG on x86). */
static bool peterson_take(struct sync_replay_state *l, unsigned t, unsigned k,
                          struct replay_event *ev)
{
    return sync_replay_peterson_take(l, t, k, REPLAY_SEQ_CST, ev);
}

static const struct sync_replay peterson_replay = {
    .max_threads = 2,
    .acquire = peterson_acquire,
    .nacquire = 3,
    .release = peterson_release,
    .acquire_words = peterson_acquire_words,
    .release_words = peterson_release_words,
    .nrelease = 1,
    .take = peterson_take,
    .give = sync_replay_unflag_give,
    .state = sync_replay_peterson_state,
};

const struct sync_strategy sync_peterson = {
    .name = "peterson",
    .summary = "Peterson's algorithm, seq_cst atomics (filter lock for 3+ threads)",
    .explain = "Peterson's algorithm, the lecture notes' correct software solution:\n"
               "  mutex_begin(i): flag[i] = true; turn = j; while (flag[j] and turn == j) skip;\n"
               "  mutex_end(i):   flag[i] = false;\n"
               "A thread announces it wants in, then politely gives the turn away; if both\n"
               "want in, the one that gave the turn last waits. Every access on the way in\n"
               "is a seq_cst atomic, so the store to flag[i] is seen before the load of\n"
               "flag[j]: the fence peterson-relaxed lacks. For more than two threads it is\n"
               "the filter lock: n - 1 levels, each a Peterson lock that holds back one\n"
               "thread (at most 32 threads).\n"
               "Shows it: racedemo counter --sync peterson --threads 8\n",
    .min_threads = 1,
    .exclusive = true,
    /* Each entry climbs n - 1 levels and scans n flags at each, so the
     * cost grows with n squared; 32 threads keep a run of a few thousand
     * updates each within seconds on two cores (README, "threads"). */
    .max_threads = 32,
    .state_size = peterson_size,
    .init = peterson_init,
    .lock = peterson_lock,
    .unlock = peterson_unlock,
    .replay = &peterson_replay,
};
