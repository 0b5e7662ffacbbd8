/* workload.h: the workload registry. A workload is one scenario from the
 * seed (the counter, later the bank, the queue, the bounded buffer), in its
 * own file under src/workloads/ and one line of list.h.
 *
 * Adding a workload is its file (or files) and one line.
 * docs/templates/workload.c is one to copy; tests/toy_unit.sh adds it as
 * `bins` in a scratch copy by these steps and runs every generic test on
 * it, so CI keeps them true.
 *
 *  1. The file, src/workloads/NAME.c (CMake compiles every .c file there),
 *     defining `const struct workload workload_NAME`: the fields of struct
 *     workload below that it needs (one left out is 0 or NULL, which each
 *     field's comment says the meaning of):
 *     a. Its words: `name`; `summary`, one line for `racedemo list`;
 *        `about`, a paragraph for `racedemo NAME --help` and `explain`.
 *     b. Its options: `options`, a table of struct opt (racedemo/options.h)
 *        ended by {0}, which fills a struct of its own of `config_size`
 *        bytes; `check`, for settings wrong only together (a total that
 *        would overflow); `skip_run_options`, the shared run options it
 *        does not take, each with why. Where its own options decide shared
 *        ones, `configure` sets them, and `threads_from` names the options
 *        the thread count comes from, for the errors (prodcons: "--producers
 *        + --consumers"). `window_default`: --window when it is not given;
 *        `window_in_protocol`: --window also widens the workload's own
 *        protocol, so it still acts under an atomic --sync.
 *     c. The free run. `setup` allocates the shared state with
 *        shared_calloc() (racedemo/shared.h: --procs workers share it) and
 *        the lock's with sync_state_create(), and describes the run in the
 *        struct result it is given (racedemo/result.h): work.action,
 *        op_noun, per_thread and expected, words.race_reason and the other
 *        words where the defaults do not fit (the renderers hold no
 *        workload's wording), run.detected and run.undetected_why
 *        (racedemo/instruments.h), and `metrics`, the numbers it measures
 *        in each trial besides its total, if any. `reset` gives each trial
 *        fresh state. `work` is one worker's part of a trial: its racy
 *        steps bare when run->sync->lock is NULL, one atomic
 *        read-modify-write when the strategy's atomic_update is set, else
 *        between lock() and unlock(); it looks at spin_leaving()
 *        (racedemo/spin.h) between whole updates. `observe` gives a
 *        trial's total (and metrics); `teardown` frees it all.
 *     d. For the watchdog and --budget: `progress`, each thread's updates
 *        done and due; `cut_expected`, the total a trial cut short at a
 *        clean point should have (NULL: a budget gives such a trial up).
 *     e. Only where the scenario has them: `helpers` and `helper_role`
 *        (workers besides --threads: the bank's auditor); `sleeps`,
 *        `asleep`, `wake` and `stalled` (threads that sleep: prodcons);
 *        `traces` (it records --trace: counter).
 *     f. Its steps for --schedule: `replay` points at a struct replay_ops
 *        (racedemo/replay.h), in the same file or in NAME_replay.c: the
 *        step names (`steps`, `nsteps`) and what each does in a line
 *        (`step_words`, for --schedule help), `shared_name`, `iters_option`,
 *        `setup`, `step`, `outcome`, `teardown`, and `marked` and
 *        `marked_did` (what a step marked ^ is and did); where they apply,
 *        `uses_seed`, `none_only`, `sleeps` and `refused`. Its shared data
 *        read and written through replay_load and replay_store (a
 *        struct replay_type for a location of its own kind) with the
 *        free run's memory orders, and `memory_model` true, is what lets
 *        --model tso run it. NULL: the workload refuses --schedule.
 *     A header, NAME.h, only where another file needs its config struct
 *     (its replay file, a unit test of its own).
 *  2. The one line: WORKLOAD(NAME) in src/workloads/list.h, at the place
 *     where it is to appear in `racedemo list`.
 *  3. Its documentation: its name and every option its --help shows in
 *     docs/racedemo.1 (install_test.sh checks both); a unit test of its own
 *     if it needs one, tests/test_NAME.c, named in the foreach of
 *     tests/CMakeLists.txt.
 * What the generic tests then check with no edit: docs/HACKING.md. */
#ifndef RACEDEMO_WORKLOAD_H
#define RACEDEMO_WORKLOAD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "racedemo/engine.h"
#include "racedemo/options.h"
#include "racedemo/result.h"
#include "racedemo/spin.h"
#include "racedemo/sync.h"

#define WINDOW_MAX 1000000u

/* --timeout 0.5, compare's default: half a second (the option's word). */
#define TIMEOUT_HALF (UINT64_MAX - 1)

/* Settings every workload shares; parsed from workload_run_options. */
struct run_config {
    uint64_t threads;
    const struct sync_strategy *sync;
    uint64_t sync_mask;     /* every strategy --sync named, by table index; 0: not given */
    const char *sync_names; /* --sync as given ("tas,mutex", "all"), its order for compare */
    bool no_pin;
    uint64_t cpus;       /* --cpus: mask of CPUs to pin onto round-robin; 0: not given */
    bool no_instruments; /* time the bare algorithm: no detector */
    /* --window: CPU pauses between each racy load and its store, or
     * WINDOW_YIELD for one sched_yield; 0: the steps back to back. */
    uint64_t window;
    uint64_t trials;   /* 0: not given, which means 1 unless --duration */
    uint64_t duration; /* seconds; 0: not given */
    uint64_t seed;
    unsigned format; /* enum output_format */
    unsigned color;  /* enum run_color: --color */
    bool verbose;
    bool no_header;     /* --format csv: no header row (a loop appends runs) */
    bool check;         /* a wrong total makes the exit status 1 */
    uint64_t timeout;   /* seconds without progress before the watchdog stops a run */
    bool timeout_given; /* --timeout was given: it wins over compare's 0.5 */
    /* --budget: seconds for all of a run's trials, after which it stops at
     * a clean point (0: none; compare's default is COMPARE_BUDGET_S). */
    uint64_t budget;
    bool budget_given;
    bool procs;           /* --procs: the workers are processes sharing a mapping */
    const char *schedule; /* --schedule: replay this interleaving; NULL: run freely */
    bool quiz, answers;
    /* --model, with --schedule: "sc" or "tso", the replay's memory model;
     * NULL: not given (sc). */
    const char *model;
    uint64_t trace; /* --trace: iterations recorded per thread; 0: off */
};

/* --color: when the text report is coloured. */
enum run_color {
    COLOR_AUTO,   /* on a terminal, unless NO_COLOR is set */
    COLOR_ALWAYS, /* pipes too */
    COLOR_NEVER,
};

/* The pause --window puts between a racy load and its store. */
static inline void workload_window(uint64_t window)
{
    if (window == WINDOW_YIELD)
        spin_yield();
    else
        for (uint64_t k = 0; k < window; k++)
            cpu_relax();
}

/* Iterations between two looks at spin_stopped() in a loop that widens
 * each update by `window`: SPIN_STOP_EVERY bare updates, fewer as the
 * window grows so that a stop still waits no more than about that many
 * pauses, and every iteration once one iteration is a yield or longer
 * than the stretch (a load next to a system call costs nothing). */
static inline uint64_t workload_stop_every(uint64_t window)
{
    if (window == WINDOW_YIELD || window >= SPIN_STOP_EVERY)
        return 1;
    return SPIN_STOP_EVERY / (window + 1);
}

/* Where the stretch of a loop that starts at i ends (exclusive), for a
 * loop that ends before `to` and looks at spin_stopped() every `every`
 * iterations. The loops keep their bare body in an inner loop of their
 * own and look at the flag between stretches:
 *   for (i = 0; i < n;) { end = workload_stretch(i, n, every);
 *       for (; i < end; i++) body; if (spin_stopped()) return; } */
static inline uint64_t workload_stretch(uint64_t i, uint64_t to, uint64_t every)
{
    return to - i > every ? i + every : to;
}

/* The seed a run uses when --seed is not given (documented in --help). */
#define WORKLOAD_DEFAULT_SEED 1

struct replay_ops;

struct workload {
    const char *name;
    const char *summary; /* one line for `racedemo list` */
    const char *about;   /* a paragraph for `racedemo NAME --help` and `explain` */
    const struct opt *options;
    size_t config_size; /* bytes of the struct `options` fill */
    /* Workers beyond --threads (the bank's auditor): they run as workers
     * threads, threads + 1... and count as participants of every lock. */
    unsigned helpers;
    const char *helper_role; /* what a helper is called: "auditor" */
    /* Shared run options this workload does not take, each with why, for
     * the error; configure() then sets what they would have. NULL: none. */
    const struct opt_skip *skip_run_options;
    /* A free run draws random choices from --seed (the bank's transfers). */
    bool draws_from_seed;
    /* Records a free run's loads and stores with --trace (counter); the
     * others refuse --trace. */
    bool traces;
    void (*configure)(struct run_config *run, const void *config);
    const char *threads_from; /* where configure() takes the thread count from */
    /* --window when it is not given, for a free run (0: the steps back to
     * back): a workload whose race needs a thread held between two steps
     * that are rarely apart on a busy machine (prodcons's test and sleep). */
    uint64_t window_default;
    /* --window also widens steps of the workload's own protocol, not only
     * a racy load and its store (prodcons's test of count and its sleep),
     * so it has an effect under an atomic --sync too. */
    bool window_in_protocol;
    /* Checks that need several settings at once (a total that would
     * overflow); returns 0, or -1 with one line in err. NULL: none. */
    int (*check)(const struct run_config *run, const void *config, char *err, size_t errlen);
    /* Allocates the shared state and lock in *ctx and describes the run in
     * res (action, expected total...). Returns 0 or an errno value with one
     * line in err, having freed what it allocated. */
    int (*setup)(const struct run_config *run, const void *config, struct result *res, void **ctx,
                 char *err, size_t errlen);
    void (*reset)(void *ctx); /* fresh shared state before each trial */
    engine_work_fn work;      /* one worker's part of a trial */
    /* After a trial: its total in t, its res->nmetrics metrics in metrics. */
    void (*observe)(void *ctx, struct trial_result *t, int64_t *metrics);
    void (*teardown)(void *ctx);
    /* For the watchdog: each thread's updates done in the current trial and
     * its total, in done[] and total[] (nthreads entries), then for each
     * helper what it has done (the auditor's audits), total 0. */
    void (*progress)(void *ctx, uint64_t *done, uint64_t *total);
    /* Threads can sleep (prodcons): watched whatever the strategy, and a
     * stall is a DEADLOCK. asleep() tells the watchdog which threads sleep
     * and returns true when every unfinished one does; wake() wakes every
     * sleeper once spin_abandon is set. */
    bool sleeps;
    bool (*asleep)(void *ctx, bool *each);
    void (*wake)(void *ctx);
    /* For the watchdog, when it finds no progress and before it wakes
     * anyone: what the race left wrong in the shared state that the threads
     * now wait on (prodcons: a count that disagrees with the items put and
     * taken), one clause into why; why stays empty when the state is
     * consistent. NULL: nothing to check. */
    void (*stalled)(void *ctx, char *why, size_t len);
    /* A trial cut short at a clean point (--budget ran out: every worker
     * left its loop between whole updates, through spin_leaving()): the
     * total expected from the updates each thread did, done[] as
     * progress() gives it. NULL: the workload cannot judge such a trial,
     * which a budget then gives up (left out, like a stop request). */
    uint64_t (*cut_expected)(void *ctx, const uint64_t *done);
    /* The workload in lockstep (--schedule); NULL: not replayable. */
    const struct replay_ops *replay;
};

/* The table, in the order `racedemo list` shows it, ended by NULL. */
extern const struct workload *const workloads[];

const struct workload *workload_find(const char *name);

#endif
