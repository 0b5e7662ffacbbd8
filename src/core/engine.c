/* core/engine.c: a team of workers that lives across trials: create and place
 * it once, release it together for each trial, time it, stop it. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/wait.h>
#include <unistd.h>

#include "core/clock.h"
#include "platform.h"
#include "racedemo/random.h"
#include "racedemo/engine.h"
#include "racedemo/shared.h"
#include "signals.h"
#include "racedemo/spin.h"
#include "test_hooks.h"
#include "core/engine.h"

/* What one worker saw of the latest trial, on its own cache line: the
 * coordinator reads the times from the same line that tells it the worker
 * is done, so finishing costs one cache-line transfer, not two. */
struct slot {
    alignas(64) _Atomic uint64_t done; /* the last trial this worker finished */
    int cpu;
    uint64_t start_ns, end_ns;
    uint64_t spins, cpu_ns;
    /* Processes: set once by the forked worker before it waits for its
     * first trial, 1 when it is ready, -1 when it could not get ready
     * (born_errno says why, at step born_step); the parent waits for it,
     * so a worker that could not be pinned fails the start as a thread
     * would. */
    _Atomic int born;
    int born_errno;
    int born_step; /* BORN_PIN or BORN_PDEATHSIG */
    /* Workers meeting before a trial (meet_team): a heartbeat
     * counted up while the worker waits, on a line of its own so that
     * reading it does not disturb `done`, and the last trial for which
     * this worker saw every other one running at the same time as itself. */
    alignas(64) _Atomic uint64_t beat;
    _Atomic uint64_t met;
    uint64_t meet_budget_ns; /* this worker's own: how long it looks */
};

enum { BORN_PDEATHSIG = 1, BORN_PIN };

struct worker_arg {
    struct engine *engine;
    unsigned index;
};

/* The calling thread (worker 0) coordinates. Trial t begins when it
 * arrives at the start barrier, `arrived` going past (t - 1) * nthreads:
 * the workers, waiting for exactly that, arrive too, and all leave once
 * `arrived` reaches t * nthreads. Each then works and stores t in its slot's
 * `done`. The counters only grow, so nothing is reset between trials and no
 * worker can confuse one trial with the next. Workers wait for a trial by
 * spinning (then yielding): the wait between trials is a few microseconds,
 * and a blocking wait would take longer to wake up than a short trial takes
 * to run. */
struct engine {
    alignas(64) _Atomic uint64_t arrived;
    /* Processes: the trial the coordinator has begun. It is not a worker
     * then, only a coordinator, so that it never waits in a lock a dead
     * worker held: it sets `round`, and the workers, all processes, pass
     * the barrier among themselves. */
    alignas(64) _Atomic uint64_t round;
    /* The gate after meet_team: the workers leave the meeting as each
     * sees it done, up to a stretch (2 us) apart, and pass this second
     * barrier so that they start the work together (a trial of 1,000
     * updates takes 1 us). */
    alignas(64) _Atomic uint64_t gate;
    /* The team's abandon flag (engine_abandon), which every worker's wait
     * loops obey (spin_obey): on a line of its own, written once at most
     * and read by every worker, so it stays in every core's cache. */
    alignas(64) atomic_bool abandon;
    /* The team's finish flag (engine_finish): the same, for spin_leaving(). */
    alignas(64) atomic_bool finish;
    alignas(64) atomic_bool quit;
    unsigned nthreads; /* helpers included */
    unsigned helpers;  /* the last `helpers` of them (bank's auditor, the replay's controller) */
    uint64_t trials;   /* trials begun; the coordinator's alone */
    unsigned started;  /* threads created: workers 1..started */
    engine_work_fn work;
    void *arg;
    enum engine_placement placement;
    unsigned cpus_usable;
    bool restore_affinity;
    bool measure_cpu;
    /* Read each worker's CPU after its work (engine_note_cpus); set by the
     * coordinator between trials, published to the workers by `arrived`. */
    bool note_cpus;
    bool meet;        /* a CPU for each worker: meet_team before each trial */
    unsigned meeting; /* how many meet: the workers, not the helpers */
    struct platform_affinity saved_affinity;
    pthread_t threads[RACEDEMO_MAX_THREADS];
    struct worker_arg args[RACEDEMO_MAX_THREADS];
    struct slot slots[RACEDEMO_MAX_THREADS];
    /* Processes (--procs): the arena the engine lives in, each worker's pid
     * (0 once reaped), and the first one that died, how, while the others
     * were still wanted. */
    bool processes;
    struct shared_arena *arena;
    pid_t parent;
    pid_t pids[RACEDEMO_MAX_THREADS]; /* the coordinator's alone */
    /* For the watchdog thread: each worker's pid, set before it starts
     * and never changed, and whether the coordinator saw one die. */
    pid_t child[RACEDEMO_MAX_THREADS];
    atomic_bool one_died;
    int died;                              /* 1 + worker index, or 0: none */
    int status;                            /* its wait status, -1: it could not be waited for */
    struct signals_saved_child saved_chld; /* SIGCHLD as it was: waitpid needs SIG_DFL */
    /* Workers stopped by a signal (SIGSTOP, Ctrl-Z to one of them): since
     * when (0: running) and by what, as waitpid reported them. One stopped
     * longer than stop_bound_ns, or while the run is being abandoned or
     * the user's stop flag is set, ends the trial: it cannot finish it. */
    uint64_t stopped_at[RACEDEMO_MAX_THREADS];
    int stop_sig[RACEDEMO_MAX_THREADS];
    uint64_t stop_bound_ns;
    const atomic_int *stop_flag;
    int stopped;         /* 1 + the worker that ended the trial so, or 0 */
    uint64_t stopped_ns; /* how long it had been seen stopped by then */
};

#ifdef RACEDEMO_TEST_HOOKS
static int fail_create_index = -1;
static int fail_create_error;

void engine_fail_thread_create(int index, int error)
{
    fail_create_index = index;
    fail_create_error = error;
}
#endif

static uint64_t thread_cpu_ns(void)
{
    return platform_thread_cpu_ns();
}

/* Count myself in and spin until `target` have: acq_rel on the way in and
 * acquire on the way out, so what each wrote before arriving is visible to
 * all once they leave. */
static void barrier_pass(_Atomic uint64_t *count, uint64_t target)
{
    uint64_t seen = atomic_fetch_add_explicit(count, 1, memory_order_acq_rel) + 1;
    struct spin_wait sw = {0};
    while (seen < target) {
        spin_wait(&sw);
        seen = atomic_load_explicit(count, memory_order_acquire);
    }
}

/* How meet_team looks for the others: stretches of 2 us, in which a
 * worker that ran without a break (no two looks at the clock more than
 * 1 us apart: a switch to another thread and back takes longer) and saw
 * every other heartbeat move has seen them all running at once; a pause
 * of 10 to 70 us after every fourth miss in the first 2 ms; and 50 ms in
 * all (2 ms after a trial that started without meeting), after which the
 * trial starts anyway. */
#define MEET_STRETCH_NS 2000u
#define MEET_GAP_NS     1000u
#define MEET_PAUSING_NS 2000000u
#define MEET_BUDGET_NS  50000000u
#define MEET_RETRY_NS   2000000u /* after a trial that started without meeting */

/* Whether every worker has seen all the others running for trial t. */
static bool all_met(struct engine *e, uint64_t t)
{
    for (unsigned j = 0; j < e->meeting; j++)
        if (atomic_load_explicit(&e->slots[j].met, memory_order_relaxed) < t)
            return false;
    return true;
}

/* One stretch of heartbeats; whether every other worker's moved in it
 * while this one ran without a break. *now: the time at its end. */
static bool saw_all_running(struct engine *e, unsigned index, uint64_t *beat, uint64_t *now)
{
    uint64_t before[RACEDEMO_MAX_THREADS];
    unsigned n = e->meeting; /* the same count for both looks */
    for (unsigned j = 0; j < n; j++)
        before[j] = atomic_load_explicit(&e->slots[j].beat, memory_order_relaxed);
    uint64_t from = now_ns(), last = from, gap = 0;
    do {
        atomic_store_explicit(&e->slots[index].beat, ++*beat, memory_order_relaxed);
        cpu_relax();
        *now = now_ns();
        gap = *now - last > gap ? *now - last : gap;
        last = *now;
    } while (*now - from < MEET_STRETCH_NS);
    if (gap > MEET_GAP_NS)
        return false; /* this worker was preempted: it proves nothing */
    for (unsigned j = 0; j < n; j++)
        if (j != index &&
            atomic_load_explicit(&e->slots[j].beat, memory_order_relaxed) == before[j])
            return false;
    return true;
}

/* Unpinned, the scheduler may put every worker on one CPU, where they take
 * turns: each would run its whole trial alone, and a race could not show
 * (the counter raced in 37-40 of 100 unpinned runs on an idle 2-CPU
 * machine; with the meeting, 100 of 100). Pinned, a worker whose CPU
 * another program keeps busy runs in turns with that program, and its
 * 0.2 ms trial can fit into a moment when the other worker is waiting for
 * its turn (the counter raced in 82-92 of 100 pinned runs with one CPU
 * hog; meeting, in 100 of 100): engine_config.meet_pinned. So before each trial the workers meet:
 * each keeps a heartbeat going until it has seen all the others' move while it ran itself, which
 * only workers on different CPUs at the same moment can do, and they start once all have. A worker
 * that misses sleeps for a random moment now and then, and wakes where the scheduler finds room.
 * The beats and marks are relaxed: they say who is running, and carry no data (the barrier before
 * published the trial's state). A machine with no CPU to spare (another program busy on the other
 * CPU: the scheduler counts two of ours on one CPU and its one on the other as balanced, and moves
 * neither) gets MEET_BUDGET_NS, and then the trial starts anyway; the report's overlap says how
 * much the workers really ran at once. */
static void meet_team(struct engine *e, unsigned index, uint64_t t)
{
    struct slot *me = &e->slots[index];
    uint64_t beat = atomic_load_explicit(&me->beat, memory_order_relaxed);
    uint64_t start = now_ns(), now = start;
    unsigned misses = 0;
    bool seen = false;
    while (!all_met(e, t) && now - start < me->meet_budget_ns && !spin_stopped()) {
        if (saw_all_running(e, index, &beat, &now) && !seen) {
            seen = true;
            atomic_store_explicit(&me->met, t, memory_order_relaxed);
        } else if (!seen && ++misses % 4 == 0 && now - start < MEET_PAUSING_NS) {
            /* Random, so that two workers taking turns fall out of step. */
            long pause_ns = 10000 + (long)(splitmix64_mix(now ^ index) % 60000);
            nanosleep(&(struct timespec){0, pause_ns}, NULL);
        }
    }
    /* A machine that had no CPU to spare will likely have none in the
     * next trial either: wait less there, until a meeting works again. */
    me->meet_budget_ns = all_met(e, t) ? MEET_BUDGET_NS : MEET_RETRY_NS;
}

/* One worker's part of trial t. */
static void take_part(struct engine *e, unsigned index, uint64_t t)
{
    struct slot *s = &e->slots[index];
    barrier_pass(&e->arrived, t * e->nthreads);
    if (e->meet && index < e->meeting) {
        meet_team(e, index, t);
        barrier_pass(&e->gate, t * e->meeting);
    }
    unsigned long long turns = spin_turns;
    uint64_t cpu_start = e->measure_cpu ? thread_cpu_ns() : 0;
    /* Where it begins, and then where it was when it finished: the
     * scheduler may move a worker it placed (threads start on their
     * creator's CPU and spread later), so the start alone could be
     * untrue of the trial; one that never finishes (a stall) keeps the
     * start. Read outside the clock reads: no part of the trial's time. */
    if (e->note_cpus)
        s->cpu = platform_current_cpu();
    s->start_ns = now_ns();
    e->work(e->arg, index);
    s->end_ns = now_ns();
    if (e->note_cpus)
        s->cpu = platform_current_cpu();
    s->cpu_ns = e->measure_cpu ? thread_cpu_ns() - cpu_start : 0;
    s->spins = spin_turns - turns;
    /* release: the work's writes and this slot's times reach the coordinator. */
    atomic_store_explicit(&s->done, t, memory_order_release);
}

/* Whether trial t has begun. acquire pairs with the coordinator's arrival
 * (acq_rel) or, for processes, its store to `round` (release): the shared
 * state it reset for this trial is visible. */
static bool trial_begun(struct engine *e, uint64_t t)
{
    if (e->processes)
        return atomic_load_explicit(&e->round, memory_order_acquire) >= t;
    return atomic_load_explicit(&e->arrived, memory_order_acquire) > (t - 1) * e->nthreads;
}

static void *worker_main(void *p)
{
    const struct worker_arg *wa = p;
    struct engine *e = wa->engine;
    spin_obey(&e->abandon); /* for the thread's (or process's) life */
    spin_finish_obey(&e->finish);
    for (uint64_t t = 1;; t++) {
        struct spin_wait sw = {0};
        while (!trial_begun(e, t)) {
            if (atomic_load_explicit(&e->quit, memory_order_acquire))
                return NULL;
            spin_wait(&sw);
        }
        take_part(e, wa->index, t);
    }
}

/* The CPUs this process may run on, in order; returns how many. */
static unsigned usable_cpus(int *cpus, unsigned max)
{
    return platform_cpus_usable(cpus, max);
}

/* In a forked worker that cannot get ready: says why, and ends. */
static _Noreturn void born_failed(struct slot *s, int error, int step)
{
    s->born_errno = error;
    s->born_step = step;
    /* release: born_errno and born_step reach the parent with it. */
    atomic_store_explicit(&s->born, -1, memory_order_release);
    _exit(1);
}

/* A worker process: forked with the parent's signal mask (the stop signals
 * blocked: the parent handles them), killed if the parent dies,
 * pinned like a thread would be, and gone with _exit so that it flushes
 * none of the parent's buffers. */
static int create_process(struct engine *e, unsigned index, const int *pin_cpu)
{
    fflush(NULL); /* what the parent buffered is not written twice */
    int rc = platform_children_prepare();
    if (rc != 0)
        return rc;
    pid_t pid = fork();
    if (pid < 0)
        return errno;
    if (pid == 0) {
        struct slot *s = &e->slots[index];
        /* Untied, a worker would outlive a parent that died and spin for
         * ever: that is a failure to start, not a detail. */
        int rc = platform_die_with_parent(e->parent);
        if (rc != 0)
            born_failed(s, rc, BORN_PDEATHSIG);
        if (pin_cpu && (rc = platform_pin_process(*pin_cpu)) != 0)
            born_failed(s, rc, BORN_PIN);
        /* release: pairs with the parent's acquire in await_births. */
        atomic_store_explicit(&s->born, 1, memory_order_release);
        /* A forked child maps the shared pages on first touch: touch them
         * now, not at the start gate, where it would start late. */
        shared_arena_prefault(e->arena);
        worker_main(&e->args[index]);
        _exit(0);
    }
    e->pids[index] = e->child[index] = pid;
    return 0;
}

static int create_worker(struct engine *e, unsigned index, const int *pin_cpu)
{
#ifdef RACEDEMO_TEST_HOOKS
    if ((int)index == fail_create_index)
        return fail_create_error;
#endif
    e->args[index] = (struct worker_arg){e, index};
    e->slots[index].cpu = pin_cpu ? *pin_cpu : -1; /* for await_births' message */
    if (e->processes)
        return create_process(e, index, pin_cpu);
    pthread_attr_t attr;
    int rc = pthread_attr_init(&attr);
    if (rc != 0)
        return rc;
    if (pin_cpu) {
        /* Pinned from birth, so the thread never starts on the wrong CPU. */
        rc = platform_pin_attr(&attr, *pin_cpu);
    }
    if (rc == 0)
        rc = pthread_create(&e->threads[index], &attr, worker_main, &e->args[index]);
    pthread_attr_destroy(&attr);
    return rc;
}

/* Pins the calling thread, as worker 0, to cpu; false if refused. */
static bool pin_self(struct engine *e, int cpu)
{
    if (platform_affinity_save(&e->saved_affinity) != 0)
        return false;
    if (platform_pin_self(cpu) != 0)
        return false;
    e->restore_affinity = true;
    return true;
}

/* Kills and reaps every worker process still there. */
static void kill_workers(struct engine *e)
{
    for (unsigned i = 0; i < e->nthreads; i++)
        if (e->pids[i] > 0) {
            kill(e->pids[i], SIGKILL);
            waitpid(e->pids[i], NULL, 0);
            e->pids[i] = 0;
        }
}

/* One look at worker i: notes whether a signal stopped or continued it
 * (each is reported once), and returns whether it has ended, with its
 * wait status in *status (-1: it could not be waited for, so someone
 * reaped it: gone). */
static bool worker_ended(struct engine *e, unsigned i, int *status)
{
    *status = -1;
    if (e->pids[i] <= 0)
        return false;
    pid_t got = waitpid(e->pids[i], status, WNOHANG | WUNTRACED | WCONTINUED);
    if (got < 0)
        return errno == ECHILD;
    if (got == 0)
        return false;
    if (WIFSTOPPED(*status)) {
        e->stopped_at[i] = e->stopped_at[i] ? e->stopped_at[i] : now_ns();
        e->stop_sig[i] = WSTOPSIG(*status);
        return false;
    }
    if (WIFCONTINUED(*status)) {
        e->stopped_at[i] = 0;
        return false;
    }
    return true;
}

/* The team cannot go on: every wait loop gives up, the watchdog leaves
 * the shared state alone, and every worker is killed and reaped. */
static void give_up(struct engine *e)
{
    atomic_store_explicit(&e->one_died, true, memory_order_relaxed);
    atomic_store_explicit(&e->abandon, true, memory_order_release);
    kill_workers(e);
}

/* Whether worker i, stopped, can be waited for no longer: stopped past the
 * bound, or while the run is being abandoned (the watchdog gave up on it,
 * or Ctrl-C) and every worker must leave its loop, which it cannot. */
static bool stop_is_final(const struct engine *e, unsigned i, uint64_t now)
{
    return now - e->stopped_at[i] >= e->stop_bound_ns ||
           atomic_load_explicit(&e->abandon, memory_order_acquire) ||
           (e->stop_flag && atomic_load_explicit(e->stop_flag, memory_order_relaxed));
}

/* Whether the team cannot finish the trial: a worker process ended
 * (kept in died/status), or one is stopped for good (stopped). Every other
 * worker is then killed and reaped, so nothing is left running and no
 * trial waits for them. */
static bool workers_died(struct engine *e)
{
    if (e->died || e->stopped)
        return true;
    for (unsigned i = 0; i < e->nthreads; i++) {
        int status;
        if (worker_ended(e, i, &status)) {
            e->pids[i] = 0;
            e->died = (int)i + 1;
            e->status = status;
            give_up(e);
            return true;
        }
    }
    uint64_t now = now_ns();
    for (unsigned i = 0; i < e->nthreads; i++)
        if (e->pids[i] > 0 && e->stopped_at[i] && stop_is_final(e, i, now)) {
            e->stopped = (int)i + 1;
            e->stopped_ns = now - e->stopped_at[i];
            give_up(e);
            return true;
        }
    return false;
}

/* How a worker process ended, from its wait status (-1: unknown). */
static void how_it_ended(char *buf, size_t len, int status)
{
    if (status == -1)
        snprintf(buf, len, "is gone (it could not be waited for)");
    else if (WIFSIGNALED(status))
        snprintf(buf, len, "was killed by signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else
        snprintf(buf, len, "exited with status %d", WEXITSTATUS(status));
}

/* "worker process 3 of 4", or for a helper "helper process 1 of 1,
 * besides the 4 workers": counted as the user asked for them. */
static void worker_name(char *buf, size_t len, const struct engine *e, unsigned i)
{
    const char *kind = e->processes ? "process" : "thread";
    unsigned workers = e->nthreads - e->helpers;
    if (i < workers)
        snprintf(buf, len, "worker %s %u of %u", kind, i + 1, workers);
    else
        snprintf(buf, len, "helper %s %u of %u, besides the %u workers", kind, i - workers + 1,
                 e->helpers, workers);
}

/* Why worker i said it could not get ready, into err; its errno value. */
static int born_error(const struct engine *e, unsigned i, char *err, size_t errlen)
{
    const struct slot *s = &e->slots[i];
    char name[96];
    worker_name(name, sizeof name, e, i);
    if (s->born_step == BORN_PIN)
        snprintf(err, errlen, "could not pin %s to CPU %d: %s", name, s->cpu,
                 strerror(s->born_errno));
    else
        snprintf(err, errlen, "could not tie %s to its parent (%s): %s", name,
                 platform_die_with_parent_how(), strerror(s->born_errno));
    return s->born_errno ? s->born_errno : ECHILD;
}

/* Processes: waits until every worker is ready for its first trial. If one
 * could not get ready, ended, or was stopped for good, returns an errno
 * value with one line in err, every worker killed and reaped. */
static int await_births(struct engine *e, char *err, size_t errlen)
{
    for (unsigned i = 0; i < e->nthreads; i++) {
        /* acquire: pairs with the worker's release of born. */
        while (atomic_load_explicit(&e->slots[i].born, memory_order_acquire) == 0) {
            if (workers_died(e)) {
                unsigned k = (unsigned)(e->died ? e->died : e->stopped) - 1;
                if (atomic_load_explicit(&e->slots[k].born, memory_order_acquire) < 0)
                    return born_error(e, k, err, errlen); /* it said why, then ended */
                char name[96], how[96] = "was stopped";
                worker_name(name, sizeof name, e, k);
                if (e->died)
                    how_it_ended(how, sizeof how, e->status);
                snprintf(err, errlen, "%s %s before it was ready", name, how);
                return ECHILD;
            }
            nanosleep(&(struct timespec){0, 50000}, NULL);
        }
        if (atomic_load_explicit(&e->slots[i].born, memory_order_acquire) < 0) {
            give_up(e);
            return born_error(e, i, err, errlen);
        }
    }
    return 0;
}

static void join_workers(struct engine *e)
{
    atomic_store_explicit(&e->quit, true, memory_order_release);
    if (e->processes) {
        /* Each leaves its wait for the next trial and exits; those that
         * have not within a second (stuck in a lock) are killed. */
        uint64_t deadline = now_ns() + 1000000000u;
        for (bool left = true; left;) {
            left = false;
            for (unsigned i = 0; i < e->nthreads; i++) {
                pid_t got = e->pids[i] > 0 ? waitpid(e->pids[i], NULL, WNOHANG) : 0;
                if (got == e->pids[i] || (got < 0 && errno == ECHILD))
                    e->pids[i] = 0;
                left |= e->pids[i] > 0;
            }
            if (left && now_ns() > deadline) {
                kill_workers(e);
                left = false;
            }
            if (left)
                nanosleep(&(struct timespec){0, 1000000}, NULL);
        }
        signals_child_restore(&e->saved_chld);
    }
    for (unsigned i = 1; i <= e->started && !e->processes; i++)
        pthread_join(e->threads[i], NULL);
    e->started = 0;
    if (e->restore_affinity)
        platform_affinity_restore(&e->saved_affinity);
    e->restore_affinity = false;
}

uint64_t engine_cpus_usable(void)
{
    int cpus[64];
    unsigned n = usable_cpus(cpus, 64);
    uint64_t mask = 0;
    for (unsigned i = 0; i < n; i++)
        if (cpus[i] < 64)
            mask |= (uint64_t)1 << cpus[i];
    return mask;
}

static void place_team(struct engine *e, const struct engine_config *cfg, int *cpus);
static int create_team(struct engine *e, const int *cpus, char *err, size_t errlen);

/* Whether a team of cfg->nthreads + helpers = n workers can be made;
 * else EINVAL with one line in err. */
static int check_config(const struct engine_config *cfg, unsigned n, char *err, size_t errlen)
{
    /* The team as it will count itself, then each count on its own, since
     * their sum could wrap; and there is no team of helpers alone. */
    if (n == 0 || n > RACEDEMO_MAX_THREADS || cfg->nthreads == 0 ||
        cfg->nthreads > RACEDEMO_MAX_THREADS || cfg->helpers > RACEDEMO_MAX_THREADS) {
        unsigned long long sum = (unsigned long long)cfg->nthreads + cfg->helpers;
        snprintf(err, errlen, "cannot run %llu threads (1 to %d)", sum, RACEDEMO_MAX_THREADS);
        return EINVAL;
    }
    if (cfg->processes && !cfg->arena) {
        /* Forked workers share only what was mapped before the fork. */
        snprintf(err, errlen, "worker processes need a shared arena to work in");
        return EINVAL;
    }
    return 0;
}

/* A new team's engine, nothing started: in the arena when the workers are
 * processes, since the barrier, the slots and the abandon flag must be
 * theirs too. NULL when out of memory. */
static struct engine *engine_new(const struct engine_config *cfg)
{
    struct shared_arena *arena = cfg->processes ? cfg->arena : NULL;
    struct engine *e = shared_arena_calloc(arena, 1, sizeof *e);
    if (!e)
        return NULL;
    e->processes = cfg->processes;
    e->arena = arena;
    e->parent = getpid();
    if (e->processes) {
        /* Inherited SIG_IGN would have the kernel reap the workers, and
         * waitpid could not tell a death from a normal end. */
        signals_child_default(&e->saved_chld);
    }
    atomic_init(&e->arrived, 0);
    atomic_init(&e->gate, 0);
    atomic_init(&e->one_died, false);
    for (unsigned i = 0; i < RACEDEMO_MAX_THREADS; i++) {
        atomic_init(&e->slots[i].done, 0);
        atomic_init(&e->slots[i].born, 0);
        atomic_init(&e->slots[i].beat, 0);
        atomic_init(&e->slots[i].met, 0);
        e->slots[i].meet_budget_ns = MEET_BUDGET_NS;
    }
    atomic_init(&e->abandon, false);
    atomic_init(&e->finish, false);
    atomic_init(&e->quit, false);
    /* A stopped worker ends a trial after this long unless told otherwise
     * (engine_bound_stops): never waiting for ever is what matters. */
    e->stop_bound_ns = 2000000000u;
    e->work = cfg->work;
    e->arg = cfg->arg;
    e->note_cpus = true;
    return e;
}

int engine_start(struct engine **out, const struct engine_config *cfg, char *err, size_t errlen)
{
    *out = NULL;
    unsigned nthreads = cfg->nthreads + cfg->helpers;
    int rc = check_config(cfg, nthreads, err, errlen);
    if (rc != 0)
        return rc;
    struct engine *e = engine_new(cfg);
    if (!e) {
        snprintf(err, errlen, "out of memory for %u workers", nthreads);
        return ENOMEM;
    }
    e->nthreads = nthreads;
    e->helpers = cfg->helpers;
    int cpus[RACEDEMO_MAX_THREADS] = {0}; /* place_team fills as many as it places */
    place_team(e, cfg, cpus);
    rc = create_team(e, cpus, err, errlen);
    if (rc == 0 && e->processes)
        rc = await_births(e, err, errlen);
    if (rc != 0) {
        join_workers(e);
        shared_arena_free(e->arena, e);
        return rc;
    }
    *out = e;
    return 0;
}

/* Decides where the workers go (e->placement), with worker i's CPU in
 * cpus[i] when they are pinned; pins the calling thread as worker 0. */
static void place_team(struct engine *e, const struct engine_config *cfg, int *cpus)
{
    unsigned nthreads = e->nthreads, helpers = e->helpers;
    e->cpus_usable = usable_cpus(cpus, RACEDEMO_MAX_THREADS);
    if (cfg->pin && !platform_can_pin())
        e->placement = PLACEMENT_UNSUPPORTED; /* --cpus is refused before */
    else if (cfg->cpus && cfg->ncpus > 0) {
        /* Round-robin onto the listed CPUs: worker i on cpus[i % ncpus]. */
        for (unsigned i = 0; i < nthreads; i++)
            cpus[i] = cfg->cpus[i % cfg->ncpus];
        e->placement = e->processes || pin_self(e, cpus[0]) ? PLACEMENT_LIST : PLACEMENT_PIN_FAILED;
    } else if (!cfg->pin)
        e->placement = PLACEMENT_NO_PIN;
    else if (e->cpus_usable == 0 || e->cpus_usable < nthreads - helpers)
        e->placement = PLACEMENT_TOO_FEW; /* 0: the CPUs could not be read */
    else if (!e->processes && !pin_self(e, cpus[0]))
        /* The CPU is usable by us but not settable for a thread (a
         * restricted container): run unpinned rather than not at all. */
        e->placement = PLACEMENT_PIN_FAILED;
    else
        e->placement = PLACEMENT_PINNED;
    /* Helpers (bank's auditor) share a worker's CPU and do not meet: the
     * workers are the ones whose overlap makes the race. A --cpus list is
     * the user's placement, and may put two workers on one CPU, where they
     * could never meet. */
    bool pinned = e->placement == PLACEMENT_PINNED;
    e->meeting = nthreads - helpers;
    e->meet = (!pinned || cfg->meet_pinned) && e->placement != PLACEMENT_LIST && e->meeting > 1 &&
              e->meeting <= e->cpus_usable;
}

/* Creates the workers as placed; 0, or an errno value with one line in
 * err (those created are left for join_workers). */
static int create_team(struct engine *e, const int *cpus, char *err, size_t errlen)
{
    unsigned nthreads = e->nthreads, helpers = e->helpers;
    /* Workers are created with the stop signals blocked, so a handler
     * only ever runs on the calling thread, the one that reads its flag. */
    sigset_t old_mask;
    stop_signals_block(&old_mask);
    int rc = 0;
    /* Worker 0 is the calling thread, or for processes a child like the rest. */
    unsigned index = e->processes ? 0 : 1;
    for (; index < nthreads; index++) {
        bool pinned = e->placement == PLACEMENT_PINNED || e->placement == PLACEMENT_LIST;
        /* Helpers go round-robin after the workers: on 2 CPUs, 2 workers
         * and a helper, the helper shares CPU 0 with worker 0. Left to
         * the scheduler instead, a new thread starts on its creator's CPU
         * and may stay there for milliseconds even when another is idle. */
        int cpu = -1;
        /* PINNED means a CPU for each worker, so cpus_usable is not 0. */
        if (e->placement == PLACEMENT_LIST || (pinned && index < nthreads - helpers))
            cpu = cpus[index];
        else if (pinned)
            cpu = cpus[index % e->cpus_usable];
        rc = create_worker(e, index, pinned ? &cpu : NULL);
        if (rc != 0)
            break;
        e->started = index;
    }
    stop_signals_restore(&old_mask);
    if (rc != 0) {
        char name[96];
        worker_name(name, sizeof name, e, index);
        snprintf(err, errlen, "could not create %s: %s", name, strerror(rc));
    }
    return rc;
}

void engine_trial(struct engine *e, struct engine_report *report)
{
    /* The coordinator's arrival (acq_rel, in take_part) begins the trial
     * and publishes what the caller prepared, the fresh shared state. */
    uint64_t t = ++e->trials;
    /* As worker 0, the calling thread's wait loops obey the team's flag. */
    atomic_bool *obeyed = e->processes ? NULL : spin_obey(&e->abandon);
    atomic_bool *finishing = e->processes ? NULL : spin_finish_obey(&e->finish);
    if (e->processes) {
        /* Begin it, then wait without taking a CPU from the workers:
         * a short spin for short trials, then looks 20 us apart, backing
         * off to 2 ms for long ones, each look also asking whether a
         * worker process died or was stopped for good. */
        atomic_store_explicit(&e->round, t, memory_order_release);
        long pause_ns = 20000;
        for (unsigned i = 0; i < e->nthreads && !e->died && !e->stopped; i++)
            for (unsigned turns = 0;
                 atomic_load_explicit(&e->slots[i].done, memory_order_acquire) != t; turns++) {
                if (turns < 1000) {
                    cpu_relax();
                } else if (workers_died(e)) {
                    break;
                } else {
                    nanosleep(&(struct timespec){0, pause_ns}, NULL);
                    pause_ns = pause_ns < 2000000 ? 2 * pause_ns : pause_ns;
                }
            }
    } else {
        take_part(e, 0, t);
        /* acquire pairs with each worker's release in take_part. */
        for (unsigned i = 1; i < e->nthreads; i++) {
            struct spin_wait sw = {0};
            while (atomic_load_explicit(&e->slots[i].done, memory_order_acquire) != t)
                spin_wait(&sw);
        }
        spin_obey(obeyed);
        spin_finish_obey(finishing);
    }

    report->nthreads = e->nthreads;
    report->cpus_usable = e->cpus_usable;
    report->placement = e->placement;
    uint64_t first = UINT64_MAX, last = 0;
    for (unsigned i = 0; i < e->nthreads; i++) {
        if (e->slots[i].start_ns < first)
            first = e->slots[i].start_ns;
        if (e->slots[i].end_ns > last)
            last = e->slots[i].end_ns;
    }
    for (unsigned i = 0; i < e->nthreads; i++) {
        report->cpu[i] = e->slots[i].cpu;
        report->start_ns[i] = e->slots[i].start_ns - first;
        report->end_ns[i] = e->slots[i].end_ns - first;
        report->spins[i] = e->slots[i].spins;
        report->cpu_ns[i] = e->slots[i].cpu_ns;
    }
    report->wall_ns = last - first;
}

bool engine_worker_gone(const struct engine *e)
{
    for (unsigned i = 0; e->processes && i < e->nthreads; i++) {
        siginfo_t info = {0};
        /* WNOWAIT: look, and leave the reaping to the coordinator. */
        if (atomic_load_explicit(&e->one_died, memory_order_relaxed))
            return true;
        /* Dead and not yet reaped (si_pid set), or reaped already (-1). */
        int rc = e->child[i] > 0
                     ? waitid(P_PID, (id_t)e->child[i], &info, WEXITED | WNOHANG | WNOWAIT)
                     : 0;
        if ((rc == 0 && info.si_pid != 0) || rc < 0)
            return true;
    }
    return false;
}

bool engine_failed(const struct engine *e, char *err, size_t errlen)
{
    if (!e->died)
        return false;
    char how[96];
    how_it_ended(how, sizeof how, e->status);
    snprintf(err, errlen, "worker process %d %s; the others were stopped", e->died - 1, how);
    return true;
}

/* The name of a signal that stops a process: the only ones waitpid can
 * report as stopping a worker that is not being traced. */
static const char *stop_signal_name(int sig)
{
    switch (sig) {
    case SIGSTOP:
        return "SIGSTOP";
    case SIGTSTP:
        return "SIGTSTP";
    case SIGTTIN:
        return "SIGTTIN";
    case SIGTTOU:
        return "SIGTTOU";
    default:
        return "a signal";
    }
}

bool engine_stopped(const struct engine *e, struct engine_stop *stop)
{
    if (!e->stopped)
        return false;
    stop->worker = (unsigned)e->stopped - 1;
    stop->signal = stop_signal_name(e->stop_sig[e->stopped - 1]);
    stop->stopped_ns = e->stopped_ns;
    return true;
}

bool engine_worker_finished(const struct engine *e, unsigned index)
{
    return index < e->nthreads &&
           atomic_load_explicit(&e->slots[index].done, memory_order_acquire) == e->trials;
}

void engine_bound_stops(struct engine *e, uint64_t bound_ns, const atomic_int *stop)
{
    e->stop_bound_ns = bound_ns;
    e->stop_flag = stop;
}

void engine_measure_cpu(struct engine *e, bool on)
{
    e->measure_cpu = on;
}

void engine_meet_patiently(struct engine *e)
{
    /* Between trials: each worker wrote its budget before its `done`
     * (release, read by the coordinator with acquire) and reads it after
     * the next start barrier, which publishes this. */
    for (unsigned i = 0; i < e->meeting; i++)
        e->slots[i].meet_budget_ns = MEET_BUDGET_NS;
}

void engine_note_cpus(struct engine *e, bool on)
{
    e->note_cpus = on;
}

void engine_describe(const struct engine *e, struct engine_report *report)
{
    memset(report, 0, sizeof *report);
    report->nthreads = e->nthreads;
    report->cpus_usable = e->cpus_usable;
    report->placement = e->placement;
    for (unsigned i = 0; i < RACEDEMO_MAX_THREADS; i++)
        report->cpu[i] = -1;
}

void engine_stop(struct engine *e)
{
    if (!e)
        return;
    join_workers(e);
    shared_arena_free(e->arena, e);
}

atomic_bool *engine_abandon(struct engine *e)
{
    return &e->abandon;
}

atomic_bool *engine_finish(struct engine *e)
{
    return &e->finish;
}

int engine_run(const struct engine_config *cfg, struct engine_report *report, char *err,
               size_t errlen)
{
    struct engine *e;
    memset(report, 0, sizeof *report);
    int rc = engine_start(&e, cfg, err, errlen);
    if (rc != 0)
        return rc;
    engine_trial(e, report);
    engine_stop(e);
    return 0;
}
