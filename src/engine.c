/* engine.c: a team of workers that lives across trials: create and place
 * it once, release it together for each trial, time it, stop it. */
#define _GNU_SOURCE /* pthread_*affinity_np, sched_getcpu, CPU_* */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine.h"
#include "shared.h"
#include "spin.h"

/* What one worker saw of the latest trial, on its own cache line: the
 * coordinator reads the times from the same line that tells it the worker
 * is done, so finishing costs one cache-line transfer, not two. */
struct slot {
    alignas(64) _Atomic uint64_t done; /* the last trial this worker finished */
    int cpu;
    uint64_t start_ns, end_ns;
    uint64_t spins, cpu_ns;
};

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
    alignas(64) atomic_bool quit;
    unsigned nthreads;
    uint64_t trials;  /* trials begun; the coordinator's alone */
    unsigned started; /* threads created: workers 1..started */
    engine_work_fn work;
    void *arg;
    enum engine_placement placement;
    unsigned cpus_usable;
    bool restore_affinity;
    bool measure_cpu;
    cpu_set_t saved_affinity;
    pthread_t threads[RACEDEMO_MAX_THREADS];
    struct worker_arg args[RACEDEMO_MAX_THREADS];
    struct slot slots[RACEDEMO_MAX_THREADS];
    /* Processes (--procs): each worker's pid (0 once reaped), and the
     * first one that died, how, while the others were still wanted. */
    bool processes;
    pid_t parent;
    pid_t pids[RACEDEMO_MAX_THREADS]; /* the coordinator's alone */
    /* For the watchdog thread: each worker's pid, set before it starts
     * and never changed, and whether the coordinator saw one die. */
    pid_t child[RACEDEMO_MAX_THREADS];
    atomic_bool one_died;
    int died;                    /* 1 + worker index, or 0: none */
    int status;                  /* its wait status, -1: it could not be waited for */
    struct sigaction saved_chld; /* SIGCHLD as it was: waitpid needs SIG_DFL */
};

static int fail_create_index = -1;
static int fail_create_error;

void engine_fail_thread_create(int index, int error)
{
    fail_create_index = index;
    fail_create_error = error;
}

static uint64_t thread_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
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

/* One worker's part of trial t. */
static void take_part(struct engine *e, unsigned index, uint64_t t)
{
    struct slot *s = &e->slots[index];
    barrier_pass(&e->arrived, t * e->nthreads);
    unsigned long long turns = spin_turns;
    uint64_t cpu_start = e->measure_cpu ? thread_cpu_ns() : 0;
    s->start_ns = now_ns();
    /* Where it runs, for the report of the first trial; later ones only
     * need their times (a trial can be shorter than this call). */
    if (t == 1)
        s->cpu = sched_getcpu();
    e->work(e->arg, index);
    s->end_ns = now_ns();
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
    cpu_set_t set;
    unsigned n = 0;
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 0;
    for (int c = 0; c < CPU_SETSIZE && n < max; c++)
        if (CPU_ISSET(c, &set))
            cpus[n++] = c;
    return n;
}

static void one_cpu(cpu_set_t *set, int cpu)
{
    CPU_ZERO(set);
    CPU_SET(cpu, set);
}

/* A worker process: forked with the parent's signal mask (SIGINT and
 * SIGTERM blocked: the parent handles them), killed if the parent dies,
 * pinned like a thread would be, and gone with _exit so that it flushes
 * none of the parent's buffers. */
static int create_process(struct engine *e, unsigned index, const int *pin_cpu)
{
    fflush(NULL); /* what the parent buffered is not written twice */
    pid_t pid = fork();
    if (pid < 0)
        return errno;
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != e->parent)
            _exit(1); /* the parent died before prctl: nobody to work for */
        if (pin_cpu) {
            cpu_set_t set;
            one_cpu(&set, *pin_cpu);
            sched_setaffinity(0, sizeof set, &set);
        }
        /* A forked child maps the shared pages on first touch: touch them
         * now, not at the start gate, where it would start late. */
        shared_prefault();
        worker_main(&e->args[index]);
        _exit(0);
    }
    e->pids[index] = e->child[index] = pid;
    return 0;
}

static int create_worker(struct engine *e, unsigned index, const int *pin_cpu)
{
    if ((int)index == fail_create_index)
        return fail_create_error;
    e->args[index] = (struct worker_arg){e, index};
    if (e->processes)
        return create_process(e, index, pin_cpu);
    pthread_attr_t attr;
    int rc = pthread_attr_init(&attr);
    if (rc != 0)
        return rc;
    if (pin_cpu) {
        /* Pinned from birth, so the thread never starts on the wrong CPU. */
        cpu_set_t set;
        one_cpu(&set, *pin_cpu);
        rc = pthread_attr_setaffinity_np(&attr, sizeof set, &set);
    }
    if (rc == 0)
        rc = pthread_create(&e->threads[index], &attr, worker_main, &e->args[index]);
    pthread_attr_destroy(&attr);
    return rc;
}

/* Pins the calling thread, as worker 0, to cpu; false if refused. */
static bool pin_self(struct engine *e, int cpu)
{
    pthread_t self = pthread_self();
    if (pthread_getaffinity_np(self, sizeof e->saved_affinity, &e->saved_affinity) != 0)
        return false;
    cpu_set_t set;
    one_cpu(&set, cpu);
    if (pthread_setaffinity_np(self, sizeof set, &set) != 0)
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

/* Whether a worker process has ended while the team still needed it. The
 * first one is kept in died/status; every other worker is then killed and
 * reaped, so nothing is left running and no trial waits for them. */
static bool workers_died(struct engine *e)
{
    if (e->died)
        return true;
    for (unsigned i = 0; i < e->nthreads; i++) {
        int status = -1;
        pid_t got = e->pids[i] > 0 ? waitpid(e->pids[i], &status, WNOHANG) : 0;
        /* -1: it cannot be waited for (already reaped by someone): gone. */
        if (got == e->pids[i] || (got < 0 && errno == ECHILD)) {
            e->pids[i] = 0;
            e->died = (int)i + 1;
            atomic_store_explicit(&e->one_died, true, memory_order_relaxed);
            e->status = got < 0 ? -1 : status;
            atomic_store_explicit(&spin_abandon, true, memory_order_release);
            kill_workers(e);
            return true;
        }
    }
    return false;
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
        sigaction(SIGCHLD, &e->saved_chld, NULL);
    }
    for (unsigned i = 1; i <= e->started && !e->processes; i++)
        pthread_join(e->threads[i], NULL);
    e->started = 0;
    if (e->restore_affinity)
        pthread_setaffinity_np(pthread_self(), sizeof e->saved_affinity, &e->saved_affinity);
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

static int start_team(struct engine **out, unsigned nthreads, unsigned helpers, bool pin,
                      const int *list, unsigned nlist, engine_work_fn work, void *arg, char *err,
                      size_t errlen);

int engine_start(struct engine **out, unsigned nthreads, bool pin, engine_work_fn work, void *arg,
                 char *err, size_t errlen)
{
    return start_team(out, nthreads, 0, pin, NULL, 0, work, arg, err, errlen);
}

int engine_start_with_helpers(struct engine **out, unsigned nthreads, unsigned helpers, bool pin,
                              engine_work_fn work, void *arg, char *err, size_t errlen)
{
    return start_team(out, nthreads + helpers, helpers, pin, NULL, 0, work, arg, err, errlen);
}

int engine_start_on(struct engine **out, unsigned nthreads, const int *cpus, unsigned ncpus,
                    engine_work_fn work, void *arg, char *err, size_t errlen)
{
    return start_team(out, nthreads, 0, true, cpus, ncpus, work, arg, err, errlen);
}

/* nthreads workers, of which the last `helpers` do not count when deciding
 * whether there are CPUs enough to pin every worker on its own. */
static int start_team(struct engine **out, unsigned nthreads, unsigned helpers, bool pin,
                      const int *list, unsigned nlist, engine_work_fn work, void *arg, char *err,
                      size_t errlen)
{
    *out = NULL;
    if (nthreads == 0 || nthreads > RACEDEMO_MAX_THREADS) {
        snprintf(err, errlen, "cannot run %u threads (1 to %d)", nthreads, RACEDEMO_MAX_THREADS);
        return EINVAL;
    }
    /* In the shared mapping when the workers are processes: the barrier,
     * the slots and the stop flag must be theirs too. */
    struct engine *e = shared_calloc(1, sizeof *e);
    if (!e) {
        snprintf(err, errlen, "out of memory for %u workers", nthreads);
        return ENOMEM;
    }
    e->processes = shared_processes();
    e->parent = getpid();
    if (e->processes) {
        /* Inherited SIG_IGN would have the kernel reap the workers, and
         * waitpid could not tell a death from a normal end. */
        struct sigaction dfl = {.sa_handler = SIG_DFL};
        sigemptyset(&dfl.sa_mask);
        sigaction(SIGCHLD, &dfl, &e->saved_chld);
    }
    atomic_init(&e->arrived, 0);
    atomic_init(&e->one_died, false);
    for (unsigned i = 0; i < RACEDEMO_MAX_THREADS; i++)
        atomic_init(&e->slots[i].done, 0);
    atomic_init(&e->quit, false);
    e->nthreads = nthreads;
    e->work = work;
    e->arg = arg;

    int cpus[RACEDEMO_MAX_THREADS];
    e->cpus_usable = usable_cpus(cpus, RACEDEMO_MAX_THREADS);
    if (list && nlist > 0) {
        /* Round-robin onto the listed CPUs: worker i on list[i % nlist]. */
        for (unsigned i = 0; i < nthreads; i++)
            cpus[i] = list[i % nlist];
        e->placement = e->processes || pin_self(e, cpus[0]) ? PLACEMENT_LIST : PLACEMENT_PIN_FAILED;
    } else if (!pin)
        e->placement = PLACEMENT_NO_PIN;
    else if (e->cpus_usable < nthreads - helpers)
        e->placement = PLACEMENT_TOO_FEW;
    else if (!e->processes && !pin_self(e, cpus[0]))
        /* The CPU is usable by us but not settable for a thread (a
         * restricted container): run unpinned rather than not at all. */
        e->placement = PLACEMENT_PIN_FAILED;
    else
        e->placement = PLACEMENT_PINNED;

    /* Workers are created with SIGINT and SIGTERM blocked, so a handler
     * only ever runs on the calling thread, the one that reads its flag. */
    sigset_t stop_signals, old_mask;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, &old_mask);
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
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
    if (rc != 0) {
        snprintf(err, errlen, "could not create worker %s %u of %u: %s",
                 e->processes ? "process" : "thread", index + 1, nthreads, strerror(rc));
        join_workers(e);
        shared_free(e);
        return rc;
    }
    *out = e;
    return 0;
}

void engine_trial(struct engine *e, struct engine_report *report)
{
    /* The coordinator's arrival (acq_rel, in take_part) begins the trial
     * and publishes what the caller prepared, the fresh shared state. */
    uint64_t t = ++e->trials;
    if (e->processes) {
        /* Begin it, then wait without taking a CPU from the workers:
         * a short spin for short trials, then looks 20 us apart, backing
         * off to 2 ms for long ones, each look also asking whether a
         * worker process died. */
        atomic_store_explicit(&e->round, t, memory_order_release);
        long pause_ns = 20000;
        for (unsigned i = 0; i < e->nthreads && !e->died; i++)
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
    if (e->status == -1)
        snprintf(err, errlen,
                 "worker process %d is gone (it could not be waited for); the others were stopped",
                 e->died - 1);
    else if (WIFSIGNALED(e->status))
        snprintf(err, errlen,
                 "worker process %d was killed by signal %d (%s); the others were stopped",
                 e->died - 1, WTERMSIG(e->status), strsignal(WTERMSIG(e->status)));
    else
        snprintf(err, errlen, "worker process %d exited with status %d; the others were stopped",
                 e->died - 1, WEXITSTATUS(e->status));
    return true;
}

void engine_measure_cpu(struct engine *e, bool on)
{
    e->measure_cpu = on;
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
    shared_free(e);
}

int engine_run(unsigned nthreads, bool pin, engine_work_fn work, void *arg,
               struct engine_report *report, char *err, size_t errlen)
{
    struct engine *e;
    memset(report, 0, sizeof *report);
    int rc = engine_start(&e, nthreads, pin, work, arg, err, errlen);
    if (rc != 0)
        return rc;
    engine_trial(e, report);
    engine_stop(e);
    return 0;
}
