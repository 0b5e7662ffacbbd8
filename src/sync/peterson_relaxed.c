/* peterson_relaxed.c: Peterson's algorithm exactly as on paper, with the
 * flag and turn written and read as ordinary (relaxed) atomics and no
 * fence. Under sequential consistency it is correct. Real x86-64 and arm64
 * keep a store in a store buffer while later loads go ahead, so each thread
 * can raise its flag, read the other's flag as still down, and enter: the
 * store-then-load order that `peterson` buys with seq_cst is missing. */
#include <stdalign.h>
#include <stdatomic.h>

#include "racedemo/spin.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"

struct relaxed_word {
    alignas(64) atomic_uint value;
};

struct peterson_relaxed_state {
    struct relaxed_word flag[2];
    struct relaxed_word turn;
};

static size_t relaxed_size(unsigned nthreads)
{
    (void)nthreads;
    return sizeof(struct peterson_relaxed_state);
}

static void relaxed_lock(void *state, unsigned i)
{
    struct peterson_relaxed_state *p = state;
    unsigned j = 1 - i;
    atomic_store_explicit(&p->flag[i].value, 1, memory_order_relaxed);
    atomic_store_explicit(&p->turn.value, j, memory_order_relaxed);
    struct spin_wait w = {0};
    /* acquire so that a thread that did wait its turn sees the holder's
     * writes; it adds no store-to-load ordering, which is the point. */
    while (atomic_load_explicit(&p->flag[j].value, memory_order_acquire) != 0 &&
           atomic_load_explicit(&p->turn.value, memory_order_acquire) == j)
        if (spin_wait(&w))
            return;
}

static void relaxed_unlock(void *state, unsigned i)
{
    struct peterson_relaxed_state *p = state;
    atomic_store_explicit(&p->flag[i].value, 0, memory_order_release);
}

/* ---- in steps, for --schedule and explore ---- */

/* Under --model sc the missing fence changes nothing: these are
 * Peterson's steps, and the lock holds. Under --model tso the stores of
 * flag[i] and turn are relaxed, so each waits in its thread's store
 * buffer while the test's loads go ahead: racedemo explore counter --sync
 * peterson-relaxed --model tso finds both threads inside. */
static const char *const relaxed_acquire[] = {"flag", "turn", "test"};
static const char *const relaxed_release[] = {"unflag"};
/* What each step does, for --schedule help. */
static const char *const relaxed_acquire_words[] = {
    "flag[me] := 1: I want in (relaxed store)",
    "turn := the other thread (relaxed store)",
    "enter if the other's flag is 0 or turn is mine, else spin",
};
static const char *const relaxed_release_words[] = {
    "flag[me] := 0: leave",
};

/* flag[i] := 1 and turn := j as relaxed stores (a MOV, which may wait in the store buffer). */
static bool relaxed_take(struct sync_replay_state *l, unsigned t, unsigned k,
                         struct replay_event *ev)
{
    return sync_replay_peterson_take(l, t, k, REPLAY_RELAXED, ev);
}

static const struct sync_replay relaxed_replay = {
    .max_threads = 2,
    .acquire = relaxed_acquire,
    .nacquire = 3,
    .release = relaxed_release,
    .acquire_words = relaxed_acquire_words,
    .release_words = relaxed_release_words,
    .nrelease = 1,
    .take = relaxed_take,
    .give = sync_replay_unflag_give,
    .state = sync_replay_peterson_state,
};

const struct sync_strategy sync_peterson_relaxed = {
    .name = "peterson-relaxed",
    .summary = "Peterson without the fence: the store buffer can let both threads in",
    .explain = "Peterson's algorithm exactly as on paper, but with ordinary (relaxed) loads\n"
               "and stores and no fence:\n"
               "  mutex_begin(i): flag[i] = true; turn = j; while (flag[j] and turn == j) skip;\n"
               "  mutex_end(i):   flag[i] = false;\n"
               "It is correct if memory behaves as if the two threads' steps were\n"
               "interleaved one at a time. Real processors keep a store in a store buffer\n"
               "while later loads go ahead: each thread raises its flag, reads the other's\n"
               "flag while its own store is still in the buffer, sees it down, and enters.\n"
               "How often depends on the machine and its load: on a 2-core KVM guest, five\n"
               "runs of the command below, idle to busy (load average up to 10), lost a\n"
               "median of 2 to 108 updates per trial of 200,000, and some trials lost none.\n"
               "`peterson` differs by one fence. The store buffer alone, without the lock\n"
               "around it, is the litmus test sb: racedemo litmus sb counts how often both\n"
               "loads miss both stores, and --fence shows the fence make it vanish\n"
               "(racedemo explain litmus sb). Step by step, with the store buffers as a\n"
               "model (x86-TSO):\n"
               "  racedemo explore counter --sync peterson-relaxed --model tso\n"
               "finds the shortest interleaving that lets both threads in, and prints the\n"
               "--schedule ... --model tso command that replays it, buffers shown.\n"
               "(Two threads only.)\n"
               "Shows it: racedemo counter --sync peterson-relaxed --trials 100\n",
    .min_threads = 2,
    .max_threads = 2,
    .state_size = relaxed_size,
    .lock = relaxed_lock,
    .unlock = relaxed_unlock,
    .replay = &relaxed_replay,
};
