/* sync.h: the strategy registry. A strategy is one way to guard (or, for
 * `none`, not guard) a critical section: mutex_begin()/mutex_end() in the
 * seed's words. Each lives in its own file under src/sync/ (its lock, its
 * traits, and its steps for --schedule) and is one line of list.h.
 *
 * Adding a strategy is its file and one line. docs/templates/strategy.c is
 * one to copy; tests/toy_unit.sh adds it as `toy` in a scratch copy by these
 * steps and runs every generic test on it, so CI keeps them true.
 *
 *  1. The file, src/sync/NAME.c (CMake compiles every .c file there),
 *     defining `const struct sync_strategy sync_NAME`, the name with `-`
 *     written `_` (flags-set-first is sync_flags_set_first in
 *     flags_set_first.c). It holds everything about the strategy, every
 *     field of struct sync_strategy below:
 *     a. Its words: `name`; `summary`, one line for `racedemo list`;
 *        `explain`, a paragraph for `racedemo explain NAME` that ends with
 *        a line `Shows it: racedemo ...`.
 *     b. Its traits, which every caller reads instead of its name:
 *        `exclusive` (the excl column of `racedemo list`), `can_stall`
 *        (with `leaves_waiting`, when a stall is its own),
 *        `min_threads` and `max_threads`, `atomic_update`, `waits_in_libc`,
 *        `waits` (prodcons picks its protocol from it: a strategy whose
 *        state is a pthread_mutex_t says SYNC_SLEEPS_ON_MUTEX and gets the
 *        condition-variable protocol, one whose state is a one-permit
 *        semaphore SYNC_SLEEPS_ON_SEMAPHORE; the default, spinning, gets
 *        the busy-wait one), `implementation` where the platform layer
 *        chooses its code, and `compare_reference`.
 *     c. The lock: `state_size`, `init`, `lock`, `unlock` and `destroy`. A
 *        wait loop calls spin_wait() (racedemo/spin.h) and returns when it
 *        says the run is being stopped. Every atomic names its memory
 *        order, with a comment that says why that order is enough.
 *     d. Its steps for --schedule and explore: `replay` points at a struct
 *        sync_replay (racedemo/sync_replay.h): the names of the steps of
 *        entering and leaving, one per shared-memory access of the lock,
 *        what each does in a line (`acquire_words`, `release_words`, for
 *        --schedule help),
 *        `take` (one step of entering, tried once: false means the thread
 *        waits, and then it changes nothing), `give` (one step of leaving)
 *        and `state` (the lock's variables, for the report), all on the
 *        small flat struct sync_replay_state, which explore copies and
 *        hashes (a step goes somewhere other than the next with the
 *        event's `jump`). Every read and write of that state goes through
 *        replay_load_int and replay_store_int (replay.h) with the memory
 *        order the real lock uses, and a locked instruction starts with
 *        replay_fence, so that --model tso decides what each sees. Left
 *        NULL, --schedule and explore refuse the strategy, naming those
 *        they know (a list built from the table).
 *  2. The one line: SYNC_STRATEGY(NAME) in src/sync/list.h, at the place
 *     where it is to appear in `racedemo list`, compare and the errors.
 *  3. Its documentation: its name in docs/racedemo.1, the reference
 *     (install_test.sh fails until the man page names every strategy that
 *     `racedemo list` shows); the docs' real output regenerated, whose
 *     compare tables now have its row (python3 docs/generate.py
 *     build/racedemo; ctest -L docs checks them); a line in README.md's
 *     list if it belongs on the front door.
 * What the generic tests then check with no edit: docs/HACKING.md. */
#ifndef RACEDEMO_SYNC_H
#define RACEDEMO_SYNC_H

#include <stdbool.h>
#include <stddef.h>

#include "racedemo/options.h"

struct sync_replay; /* sync_replay.h */

/* How a waiting thread waits, where a workload builds on it: prodcons
 * picks its protocol from this (a condition variable needs a mutex to
 * sleep on; a semaphore can count the slots), never from a name. */
enum sync_waits {
    SYNC_SPINS = 0,          /* it spins, or has no lock: busy-wait protocols */
    SYNC_SLEEPS_ON_MUTEX,    /* its state is a pthread_mutex_t a thread sleeps on */
    SYNC_SLEEPS_ON_SEMAPHORE /* its state is a platform_semaphore with one permit */
};

struct sync_strategy {
    const char *name;
    const char *summary; /* one line for `racedemo list` and --help */
    const char *explain; /* a paragraph for `racedemo explain NAME` */
    unsigned min_threads;
    unsigned max_threads; /* 0: any number up to RACEDEMO_MAX_THREADS */
    /* Promises mutual exclusion. false for `none` and for the seed's
     * attempts that let two threads in (flag, flags-check-first,
     * peterson-relaxed); turn and flags-set-first keep threads apart and
     * fail at progress instead. */
    bool exclusive;
    /* Does not promise progress: a thread can wait for ever (turn, when
     * the other has finished; flags-set-first, when both flags are up). A
     * stall of any other strategy is the machine's (overload), not its. */
    bool can_stall;
    /* For a strategy that can_stall: whether its own rule leaves a thread
     * waiting for ever, given which of the nthreads threads had done all
     * their work (finished[i]) when the watchdog stopped a trial in which
     * nothing moved (turn: one finished, and the other waits for a turn it
     * will never pass). A stall its rule does not explain is the machine's
     * (a thread kept off the CPUs for the whole --timeout): STALLED, not
     * STUCK. NULL: every stall of a can_stall strategy is its own. */
    bool (*leaves_waiting)(unsigned nthreads, const bool *finished);
    /* No lock at all: the workload does its whole update as one atomic
     * read-modify-write instead (the seed's "lock bus"). */
    bool atomic_update;
    /* Waits inside the C library (mutex, semaphore, pthread spinlock), out
     * of sight of racedemo's wait-loop counter. */
    bool waits_in_libc;
    enum sync_waits waits; /* how a waiting thread waits */
    /* compare measures every other strategy's time against this one's,
     * when it ran (mutex: the lock a program reaches for first). One
     * strategy at most says so; without it, compare measures against the
     * fastest strategy that got every trial right. */
    bool compare_reference;
    /* Which implementation this build has, where the platform layer
     * chooses it (platform.h: spinlock, semaphore); NULL: racedemo's own
     * code, the same everywhere. `list` and `explain` show it. */
    const char *(*implementation)(void);
    /* Bytes of shared state for `nthreads` threads; the caller provides them
     * zeroed and aligned to SYNC_STATE_ALIGN. 0: the strategy keeps no state. */
    size_t (*state_size)(unsigned nthreads);
    /* Prepares the state; returns 0 or an errno value. NULL: nothing to do. */
    int (*init)(void *state, unsigned nthreads);
    /* Enter and leave the critical section as thread `self` (0-based, below
     * nthreads): Peterson-style locks need to know who is asking. Both NULL
     * means no mutual exclusion at all (the workload runs its racy steps
     * bare, so the hot loop holds only the algorithm it demonstrates). */
    void (*lock)(void *state, unsigned self);
    void (*unlock)(void *state, unsigned self);
    void (*destroy)(void *state); /* NULL: nothing to release */
    /* Its steps for lockstep replay (--schedule) and explore; NULL: it
     * has none. Defined in the strategy's own file (sync_replay.h). */
    const struct sync_replay *replay;
};

/* State blocks start on their own cache line. */
#define SYNC_STATE_ALIGN 64

/* The table, in the order `racedemo list` shows it, ended by NULL. */
extern const struct sync_strategy *const sync_strategies[];

/* The strategy called `name`, or NULL. */
const struct sync_strategy *sync_find(const char *name);

/* The table for --sync (options.h): the option layer names strategies
 * through it without knowing their type. */
extern const struct opt_names sync_option_names;

/* Whether `s` may run with `nthreads` threads. */
bool sync_allows_threads(const struct sync_strategy *s, unsigned nthreads);

/* Allocates and initialises state for `nthreads` threads in *state (NULL
 * when the strategy keeps none). Returns 0 or an errno value. */
int sync_state_create(const struct sync_strategy *s, unsigned nthreads, void **state);
void sync_state_free(const struct sync_strategy *s, void *state);

#endif
