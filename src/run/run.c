/* run/run.c: the trial loop every workload shares: one team of workers, fresh
 * shared state before each trial, one record after it. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "report/format.h"
#include "racedemo/shared.h"
#include "core/signals.h"
#include "racedemo/spin.h"
#include "racedemo/workload.h"
#include "run/rules.h"
#include "run/run.h"
#include "result/verdict.h"
#include "core/engine.h"

/* How often the caller hears of progress. */
#define PROGRESS_EVERY_NS 100000000u

/* The trial the watchdog may act on: `running` is 2k + 1 while trial k
 * runs and even between trials, when shared state is being reset or read
 * and nothing may be judged or woken. The watchdog acts by setting one of
 * these bits with a compare-and-swap on the running value it saw, so it
 * can only ever act on the trial that is still running; the coordinator
 * ends a trial by exchanging `running` for the next even value, and the
 * bits it gets back say what happened to it. */
#define RUN_FIRED     ((uint64_t)1 << 62) /* stalled: stopped by the watchdog */
#define RUN_ABANDONED ((uint64_t)1 << 61) /* a stop request: given up, not completed */
#define RUN_BUDGET    ((uint64_t)1 << 60) /* --budget ran out: asked to finish (or given up) */
#define RUN_BITS      (RUN_FIRED | RUN_ABANDONED | RUN_BUDGET)

/* How long a trial may go on after a stop request: enough for the short
 * trials of most runs to end and count, short enough that the whole stop
 * (this, a tick, the workers' last stretch, the report) stays well under a
 * second. */
#define STOP_GRACE_NS 250000000u

/* How long a trial asked to finish by --budget may take to do so before
 * it is given up: each waiting thread takes the lock once more, which with
 * more threads than CPUs can take a few time slices each. */
#define BUDGET_GRACE_NS 1000000000u

/* How many times one trial is run again when its workers never worked at
 * the same time (its overlap 0 ns). Such a trial shows nothing of a race,
 * and on a busy machine the next one mostly does (a CPU hog took one
 * worker's CPU for the whole of a 0.2 ms trial); bounded, so that a machine
 * with no CPU to spare still ends the run, with that trial's overlap 0 in
 * the report. Every rerun is counted and reported (trial_result.reruns).
 * 7: with two CPU hogs on 2 CPUs, a run of one trial still had overlap 0
 * after 3 reruns in 3 to 9 of 100 runs (each run about an even chance);
 * 7 make that about 1 in 100, at a cost only where trials do not overlap
 * (at most 8 x 50 ms of meetings for a first trial that never meets). */
#define RUN_RERUN_LIMIT    7u
#define RUN_PATIENT_RERUNS 3u /* of them, with a whole meeting: rerun_trial */

/* The watchdog: a thread of its own that looks at the run every 20 ms and
 * ends the trial that must not go on, by setting the team's abandon flag
 * (engine_abandon, which spin_abandon names in its workers): every lock's
 * wait loop gives up, every loop without a wait sees it within a stretch
 * (spin_stopped()), sleepers are woken (and woken again every tick, in case
 * one was just going to sleep), the workers leave their loops, and the
 * trial ends so that everything can be joined. It ends a trial for two
 * reasons, the one mechanism for both:
 * - a stall, judged only for strategies with a lock and workloads that
 *   sleep (the only runs that can stall): no thread moved for the timeout,
 *   or every unfinished thread has been asleep for three looks in a row
 *   with nothing moving;
 * - a stop request (Ctrl-C, SIGTERM, SIGHUP): the trial running then gets
 *   STOP_GRACE_NS to end by itself and is given up after that, so that
 *   even one trial of a billion updates stops at once.
 * And it asks a trial to finish early when --budget runs out during it:
 * through the team's finish flag where the workload can judge a trial cut
 * short (every worker leaves at its next clean point, a waiting one once
 * it got the lock), else by giving the trial up as for a stop request. */
struct watchdog {
    const struct workload *w;
    void *ctx;
    /* The team: a worker process that died may have held what asleep()
     * and wake() would lock, so the watchdog leaves them alone then. */
    const struct engine *team;
    atomic_bool *abandon; /* the team's: what the watchdog sets to act */
    unsigned nthreads;
    bool judge; /* judge stalls: a lock or sleepers (see above) */
    uint64_t timeout_ns;
    _Atomic uint64_t running; /* see RUN_FIRED */
    const atomic_int *stop;   /* the caller's stop request (Ctrl-C), or NULL */
    atomic_bool *finish;      /* the team's: what a budget sets (cut: the workload judges it) */
    bool cut;
    uint64_t budget_ns, start_ns; /* --budget, from the run's start; 0: none */
    atomic_bool over;             /* the run ended: stop watching */
    pthread_t thread;
    /* The last look, written before RUN_FIRED is set and not after. */
    uint64_t done[RACEDEMO_MAX_THREADS], total[RACEDEMO_MAX_THREADS];
    bool asleep[RACEDEMO_MAX_THREADS];
    bool all_asleep;   /* fired because every unfinished thread slept */
    uint64_t still_ns; /* how long nothing had moved when it fired */
    char why[256];     /* the workload's diagnosis of the stall */
    /* The stall judge's memory: progress at the last look, when it last
     * changed, and looks in a row with every unfinished thread asleep. */
    uint64_t last, changed;
    unsigned asleep_looks;
};

/* Acts on trial `seen` (odd) if it is still running: marks it with `bit`,
 * makes every wait loop give up, and wakes sleepers, again every tick in
 * case one was just going to sleep, until that trial is over. */
static bool watchdog_act(struct watchdog *wd, uint64_t seen, uint64_t bit,
                         const struct timespec *tick)
{
    if (!atomic_compare_exchange_strong_explicit(&wd->running, &seen, seen | bit,
                                                 memory_order_acq_rel, memory_order_acquire))
        return false;
    /* release: what the watchdog noted before acting is the workers' to see. */
    atomic_store_explicit(wd->abandon, true, memory_order_release);
    while (!atomic_load_explicit(&wd->over, memory_order_acquire) &&
           atomic_load_explicit(&wd->running, memory_order_acquire) == (seen | bit) &&
           !engine_worker_gone(wd->team)) {
        if (wd->w->wake)
            wd->w->wake(wd->ctx);
        nanosleep(tick, NULL);
    }
    return true;
}

/* --budget ran out during trial `running`: ask its workers to finish at a
 * clean point if the workload can judge that, else give it up. */
static void watchdog_budget(struct watchdog *wd, uint64_t running, const struct timespec *tick)
{
    if (!wd->cut) {
        watchdog_act(wd, running, RUN_BUDGET, tick);
        return;
    }
    if (atomic_compare_exchange_strong_explicit(&wd->running, &running, running | RUN_BUDGET,
                                                memory_order_acq_rel, memory_order_acquire))
        /* relaxed: a request, read relaxed at the workers' clean points;
         * the trial's end (the engine's join) orders what they did. */
        atomic_store_explicit(wd->finish, true, memory_order_relaxed);
}

/* One look for a stall at trial `running`; true when it fired. */
static bool watchdog_judge(struct watchdog *wd, uint64_t running, uint64_t now,
                           const struct timespec *tick)
{
    wd->w->progress(wd->ctx, wd->done, wd->total);
    bool all_asleep = wd->w->asleep && wd->w->asleep(wd->ctx, wd->asleep);
    uint64_t seen = 0;
    for (unsigned i = 0; i < wd->nthreads; i++)
        seen += wd->done[i];
    if (seen != wd->last) {
        wd->last = seen;
        wd->changed = now;
        wd->asleep_looks = 0;
    } else if (now - wd->changed >= wd->timeout_ns || (all_asleep && ++wd->asleep_looks >= 3)) {
        /* Every unfinished thread asleep for three looks (60 ms) with
         * nothing moving: nobody is left to wake them, a DEADLOCK known
         * then, not after the timeout. The report says how long it was. */
        wd->all_asleep = all_asleep;
        wd->still_ns = now - wd->changed < wd->timeout_ns ? now - wd->changed : wd->timeout_ns;
        if (wd->w->stalled)
            wd->w->stalled(wd->ctx, wd->why, sizeof wd->why);
        watchdog_act(wd, running, RUN_FIRED, tick);
        return true;
    }
    if (!all_asleep)
        wd->asleep_looks = 0;
    return false;
}

static void *watchdog_main(void *p)
{
    struct watchdog *wd = p;
    const struct timespec tick = {0, 20000000};
    uint64_t before = now_ns(), trial = 0, stop_since = 0;
    wd->last = UINT64_MAX;
    wd->changed = before;
    while (!atomic_load_explicit(&wd->over, memory_order_acquire)) {
        nanosleep(&tick, NULL);
        uint64_t now = now_ns();
        uint64_t running = atomic_load_explicit(&wd->running, memory_order_acquire);
        /* Between trials, or a new trial: start counting afresh. So does a
         * tick ten times too long, which means the whole process was
         * paused (Ctrl-Z, a debugger) and nobody could progress. */
        if (!(running & 1) || running != trial || now - before > 10 * (uint64_t)tick.tv_nsec) {
            trial = running;
            wd->changed = now;
            wd->asleep_looks = 0;
        }
        before = now;
        if (!(running & 1) || engine_worker_gone(wd->team))
            continue; /* between trials, or a worker died: the coordinator ends it */
        /* Asked to finish: not judged (a thread that left may be the one
         * another waits for), given up if it does not end in time. */
        if (running & RUN_BUDGET) {
            if (now - wd->start_ns >= wd->budget_ns + BUDGET_GRACE_NS)
                watchdog_act(wd, running, RUN_ABANDONED, &tick);
            continue;
        }
        if (wd->judge && watchdog_judge(wd, running, now, &tick))
            continue;
        if (wd->budget_ns && now - wd->start_ns >= wd->budget_ns) {
            watchdog_budget(wd, running, &tick);
            continue;
        }
        /* A stop request: the grace counts from the first look that saw it
         * during a trial, then the trial running is given up. */
        if (wd->stop && atomic_load_explicit(wd->stop, memory_order_relaxed)) {
            stop_since = stop_since ? stop_since : now;
            if (now - stop_since >= STOP_GRACE_NS)
                watchdog_act(wd, running, RUN_ABANDONED, &tick);
        }
    }
    return NULL;
}

/* The first of n workers' start to the last one's finish: a trial's time
 * without its helpers (the bank's auditor ends with one more audit). */
static uint64_t workers_wall_ns(const struct engine_report *report, unsigned n)
{
    uint64_t first = UINT64_MAX, last = 0;
    for (unsigned i = 0; i < n; i++) {
        first = report->start_ns[i] < first ? report->start_ns[i] : first;
        last = report->end_ns[i] > last ? report->end_ns[i] : last;
    }
    return last > first ? last - first : 0;
}

/* A trial ended because a worker process was stopped by a signal (kill
 * -STOP, Ctrl-Z sent to it alone): neither the strategy's failure nor
 * the machine's, so STALLED with that reason. Every worker has been
 * killed; `counted` says whether their loops count progress (only those
 * the watchdog watches do), else only the finished ones are known. */
static void record_stopped(struct result *res, const struct workload *w, void *ctx,
                           const struct engine *team, const struct engine_stop *stop, bool counted)
{
    res->stall.stuck = true;
    res->stall.stopped = stop->worker + 1;
    res->stall.uncounted = !counted;
    res->stall.after_ns = stop->stopped_ns;
    res->stall.all_asleep = false;
    memset(res->stall.asleep, 0, sizeof res->stall.asleep);
    if (w->progress)
        w->progress(ctx, res->stall.done, res->stall.total);
    for (unsigned i = 0; i < res->threads; i++)
        if (engine_worker_finished(team, i))
            res->stall.done[i] = res->stall.total[i];
    char role[64] = "", after[32], letter[16];
    unsigned i = stop->worker;
    if (i >= res->threads && res->work.helper_role)
        snprintf(role, sizeof role, " (the %s)", res->work.helper_role);
    else if (res->work.roles[0])
        snprintf(role, sizeof role, " (a %s)", res->work.roles[i >= res->work.role_split]);
    format_duration(after, sizeof after, stop->stopped_ns);
    snprintf(res->stall.why, sizeof res->stall.why,
             "process %s%s was stopped (%s) and made no progress for %s",
             result_worker_letter(letter, sizeof letter, i), role, stop->signal, after);
}

/* Whether the trial ended because a worker process was stopped: on
 * Ctrl-C the run was interrupted (that trial left out), else it STALLED. */
static bool ended_by_a_stop(struct result *res, const struct workload *w, void *ctx,
                            const struct engine *team, const struct trials_hooks *hooks,
                            bool counted, const struct engine_report *report)
{
    struct engine_stop stop;
    if (!engine_stopped(team, &stop))
        return false;
    if (hooks && hooks->stop && atomic_load_explicit(hooks->stop, memory_order_relaxed))
        res->run.interrupted = true;
    else
        record_stopped(res, w, ctx, team, &stop, counted);
    if (res->trials.count == 0)
        res->run.first = *report; /* where the workers were */
    return true;
}

/* Starts the watchdog with the stop signals blocked, like the workers. */
static int watchdog_start(struct watchdog *wd)
{
    sigset_t old_mask;
    stop_signals_block(&old_mask);
    int rc = pthread_create(&wd->thread, NULL, watchdog_main, wd);
    stop_signals_restore(&old_mask);
    return rc;
}

/* The team: on the CPUs --cpus lists, round-robin, or pinned as the
 * engine chooses (unless --no-pin); processes working in `arena` with
 * --procs. Its placement goes into res, even if no trial completes. */
static int team_start(struct engine **team, const struct workload *w, const struct run_config *run,
                      struct shared_arena *arena, void *ctx, struct result *res, char *err,
                      size_t errlen)
{
    int list[64];
    unsigned n = 0;
    for (int c = 0; c < 64; c++)
        if (run->cpus >> c & 1)
            list[n++] = c;
    const struct engine_config cfg = {.nthreads = (unsigned)run->threads,
                                      .helpers = w->helpers,
                                      .pin = !run->no_pin,
                                      .cpus = n ? list : NULL,
                                      .ncpus = n,
                                      .work = w->work,
                                      .arg = ctx,
                                      .processes = run->procs,
                                      .arena = arena,
                                      .meet_pinned = true};
    int rc = engine_start(team, &cfg, err, errlen);
    if (rc != 0)
        return rc;
    engine_describe(*team, &res->run.first);
    /* CPU time tells spinning from sleeping; only a thread that can wait has
     * any to tell, and the clock reads would slow short lock-free trials. */
    res->workers.cpu_measured = run->sync->lock && !run->no_instruments;
    engine_measure_cpu(*team, res->workers.cpu_measured);
    return 0;
}

/* A stalled trial: the watchdog's last look, taken when it gave up. */
static void record_stall(struct result *res, const struct watchdog *wd,
                         const struct engine_report *report)
{
    res->stall.stuck = true;
    if (res->trials.count == 0)
        res->run.first = *report; /* where the threads were when it stalled */
    res->stall.after_ns = wd->still_ns;
    res->stall.all_asleep = wd->all_asleep;
    memcpy(res->stall.asleep, wd->asleep, sizeof wd->asleep);
    memcpy(res->stall.done, wd->done, sizeof wd->done);
    memcpy(res->stall.total, wd->total, sizeof wd->total);
    memcpy(res->stall.why, wd->why, sizeof wd->why);
}

/* Whether a completed trial is one to run again: two or more workers (the
 * helpers aside: bank's auditor overlaps everyone) that never worked at
 * the same time, placed by racedemo (a --cpus list is the user's
 * interleaving, to be shown as it comes), and reruns left. */
static bool worth_rerunning(const struct run_config *run, const struct engine_report *report,
                            unsigned reruns)
{
    if (run->threads < 2 || run->cpus || reruns >= RUN_RERUN_LIMIT)
        return false;
    struct engine_report workers = *report;
    workers.nthreads = (unsigned)run->threads;
    return result_overlap_ns(&workers) == 0;
}

/* Whether a completed trial is run again (worth_rerunning), counting it
 * in *reruns. A machine that had no CPU to spare for the first trial is
 * given the whole meeting again for its first RUN_PATIENT_RERUNS reruns:
 * unpinned threads that the scheduler put on one CPU stay there until it
 * moves one (a few ms under load), and a run of one trial would otherwise
 * end with overlap 0. Bounded, so that a first trial that never meets
 * costs at most 4 x 50 ms of meetings (a 1 s --duration run still gets
 * to its second trial on a busy machine). */
static bool rerun_trial(struct engine *team, const struct run_config *run, const struct result *res,
                        const struct engine_report *report, unsigned *reruns)
{
    if (!worth_rerunning(run, report, *reruns))
        return false;
    ++*reruns;
    if (res->trials.count == 0 && *reruns <= RUN_PATIENT_RERUNS)
        engine_meet_patiently(team);
    return true;
}

/* A trial that completed, after `reruns` runs of it that never overlapped:
 * its threads' counts, the workload's look at it, and the hooks'. ENOMEM
 * when the result cannot take it. */
static int record_trial(const struct workload *w, const struct run_config *run, void *ctx,
                        const struct trials_hooks *hooks, struct result *res,
                        const struct engine_report *report, unsigned reruns, char *err,
                        size_t errlen)
{
    struct trial_result t = {.reruns = reruns};
    res->run.reruns += reruns;
    for (unsigned i = 0; i < report->nthreads; i++) {
        res->workers.spins[i] += report->spins[i];
        res->workers.cpu_ns[i] += report->cpu_ns[i];
    }
    res->run.work_wall_ns += report->wall_ns;
    int64_t metrics[RESULT_MAX_METRICS] = {0};
    w->observe(ctx, &t, metrics);
    t.wall_ns = w->helpers ? workers_wall_ns(report, (unsigned)run->threads) : report->wall_ns;
    t.overlap_ns = result_overlap_ns(report);
    res->run.overlap_sum_ns += t.overlap_ns;
    res->run.wall_sum_ns += t.wall_ns;
    if (res->trials.count == 0) {
        res->run.first = *report;
        /* The workload timed its series from its worker's start: make
         * the times the trial's, as the timeline's are. */
        for (size_t i = 0; res->series.worker < report->nthreads && i < res->series.npoints; i++)
            res->series.points[i].t_ns += report->start_ns[res->series.worker];
    }
    if (!result_add_trial(res, &t, metrics)) {
        snprintf(err, errlen, "out of memory after %zu trials", res->trials.count);
        return ENOMEM;
    }
    if (hooks && hooks->trial)
        hooks->trial(hooks->trial_ctx, res, &t, metrics);
    return 0;
}

/* The first trial, cut short by --budget at a clean point: what each
 * thread did, and the total that work should have made. False when every
 * thread had done all of its work anyway: a complete trial. */
static bool record_cut(const struct workload *w, void *ctx, struct result *res)
{
    uint64_t done[RACEDEMO_MAX_THREADS], total[RACEDEMO_MAX_THREADS];
    w->progress(ctx, done, total);
    bool cut = false;
    res->run.cut_ops = 0;
    for (unsigned i = 0; i < res->threads; i++) {
        res->run.cut_done[i] = done[i];
        res->run.cut_ops += done[i];
        cut |= done[i] < total[i];
    }
    if (!cut)
        return false;
    res->run.budget_cut = true;
    res->work.expected = w->cut_expected(ctx, done);
    return true;
}

/* After a trial, with the clock read: true when --duration is up; else
 * tells the caller of progress when it is due. */
static bool past_deadline(const struct run_config *run, const struct trials_hooks *hooks,
                          const struct result *res, uint64_t start, uint64_t *next_progress)
{
    uint64_t limit_ns = run->duration * 1000000000u;
    uint64_t now = now_ns();
    if (limit_ns && now - start >= limit_ns)
        return true;
    if (hooks && hooks->progress && now >= *next_progress) {
        hooks->progress(hooks->ctx, res->trials.count, run, now - start);
        *next_progress = now + PROGRESS_EVERY_NS;
    }
    return false;
}

/* The watchdog's view of a run, before its thread starts (if it does). */
static void watchdog_init(struct watchdog *wd, const struct workload *w,
                          const struct run_config *run, void *ctx, struct engine *team,
                          const struct trials_hooks *hooks)
{
    *wd = (struct watchdog){.w = w,
                            .ctx = ctx,
                            .team = team,
                            .abandon = engine_abandon(team),
                            .nthreads = (unsigned)run->threads,
                            .judge = (run->sync->lock || w->sleeps) && w->progress,
                            .timeout_ns = run->timeout == TIMEOUT_HALF
                                              ? 500000000u
                                              : (run->timeout ? run->timeout : 2) * 1000000000u,
                            .stop = hooks ? hooks->stop : NULL,
                            .finish = engine_finish(team),
                            .cut = w->cut_expected != NULL,
                            .budget_ns = run->budget * 1000000000u,
                            .start_ns = now_ns()};
    atomic_init(&wd->over, false);
    atomic_init(&wd->running, 0);
}

/* Between trials: whether --budget is spent with trials still to run. */
static bool budget_spent(const struct watchdog *wd, struct result *res, uint64_t trials)
{
    if (wd->budget_ns && res->trials.count < trials && now_ns() - wd->start_ns >= wd->budget_ns)
        res->run.budget_stopped = true;
    return res->run.budget_stopped;
}

/* The watchdog of a run, started if there is anything for it to do (else
 * *watched is false): 0, or an errno value with one line in err. */
static int watchdog_begin(struct watchdog *wd, bool *watched, const struct workload *w,
                          const struct run_config *run, void *ctx, struct engine *team,
                          const struct trials_hooks *hooks, char *err, size_t errlen)
{
    watchdog_init(wd, w, run, ctx, team, hooks);
    engine_bound_stops(team, wd->timeout_ns, wd->stop); /* a stopped worker: the watchdog's time */
    /* Nothing to judge, nobody to ask for a stop and no budget (the
     * benchmark, the tests' runs): no watchdog, and not one thread more on
     * the CPUs. */
    *watched = wd->judge || wd->stop || wd->budget_ns;
    int rc = *watched ? watchdog_start(wd) : 0;
    if (rc != 0)
        snprintf(err, errlen, "could not start the watchdog thread: %s", strerror(rc));
    return rc;
}

/* A trial --budget ran out in (`ended`: its bits): the first, cut at a
 * clean point (`cut`: the workload can judge that), is judged on what its
 * threads did; a later one, or one given up, is left out. 0, or ENOMEM
 * from record_trial. */
static int record_budget_end(const struct workload *w, const struct run_config *run, void *ctx,
                             const struct trials_hooks *hooks, struct result *res,
                             const struct engine_report *report, uint64_t ended, bool cut,
                             uint64_t trials, char *err, size_t errlen)
{
    res->run.budget_stopped = true;
    if (!cut || res->trials.count > 0 || ended & RUN_ABANDONED)
        return 0;
    if (!record_cut(w, ctx, res) && res->trials.count + 1 >= trials)
        res->run.budget_stopped = false; /* it was all done anyway */
    return record_trial(w, run, ctx, hooks, res, report, 0, err, errlen);
}

/* The end of a run: its watchdog (if it started) and team joined (the
 * abandon flag goes with the team), the workload's state gone. */
static void run_finish(const struct workload *w, void *ctx, struct engine *team,
                       struct watchdog *wd)
{
    if (wd) {
        atomic_store_explicit(&wd->over, true, memory_order_release);
        pthread_join(wd->thread, NULL);
    }
    engine_stop(team);
    w->teardown(ctx);
}

/* A stop signal came (the handler sets hooks->stop). */
static bool stop_requested(const struct trials_hooks *hooks)
{
    return hooks && hooks->stop && atomic_load_explicit(hooks->stop, memory_order_relaxed);
}

static int run_trials(const struct workload *w, const struct run_config *run, const void *config,
                      struct shared_arena *arena, const struct trials_hooks *hooks,
                      struct result *res, char *err, size_t errlen)
{
    void *ctx = NULL;
    workload_describe_run(res, w, run, config);
    int rc = w->setup(run, config, res, &ctx, err, errlen);
    if (rc != 0)
        return rc;
    struct engine *team;
    rc = team_start(&team, w, run, arena, ctx, res, err, errlen);
    if (rc != 0) {
        w->teardown(ctx);
        return rc;
    }
    struct watchdog wd;
    bool watched;
    if ((rc = watchdog_begin(&wd, &watched, w, run, ctx, team, hooks, err, errlen)) != 0) {
        engine_stop(team);
        w->teardown(ctx);
        return rc;
    }

    /* --duration: no cap, the clock ends it (the result does not grow). */
    uint64_t trials = run->trials ? run->trials : run->duration ? UINT64_MAX : 1;
    uint64_t limit_ns = run->duration * 1000000000u;
    uint64_t gen = 0; /* the watchdog's `running`: even between trials */
    uint64_t start = now_ns(), next_progress = start + PROGRESS_EVERY_NS;
    unsigned reruns = 0; /* of the trial being run */
    while (res->trials.count < trials) {
        if ((res->run.interrupted = stop_requested(hooks)))
            break;
        struct engine_report report;
        w->reset(ctx);
        atomic_store_explicit(&wd.running, gen + 1, memory_order_release);
        engine_trial(team, &report);
        uint64_t ended =
            atomic_exchange_explicit(&wd.running, gen + 2, memory_order_acq_rel) & RUN_BITS;
        gen += 2;
        if (engine_failed(team, err, errlen)) {
            rc = ECHILD; /* a worker process died: the run cannot go on */
            break;
        }
        if (ended_by_a_stop(res, w, ctx, team, hooks, watched, &report))
            break;
        if (ended & RUN_FIRED) {
            record_stall(res, &wd, &report);
            break;
        }
        if (ended & RUN_BUDGET) {
            rc = record_budget_end(w, run, ctx, hooks, res, &report, ended, wd.cut, trials, err,
                                   errlen);
            break;
        }
        if (ended & RUN_ABANDONED) {
            /* Given up on a stop request: the workers left their loops
             * part way, so its totals mean nothing; leave it out. */
            res->run.interrupted = true;
            break;
        }
        if (rerun_trial(team, run, res, &report, &reruns))
            continue;
        if ((rc = record_trial(w, run, ctx, hooks, res, &report, reruns, err, errlen)) != 0)
            break;
        reruns = 0;
        engine_note_cpus(team, false); /* the report keeps the first trial's placement only */
        /* The clock is read every trial only when a deadline or progress
         * needs it; a trial can be shorter than a clock read. */
        if ((limit_ns || (hooks && hooks->progress) || res->trials.count == trials) &&
            past_deadline(run, hooks, res, start, &next_progress))
            break;
        if (budget_spent(&wd, res, trials))
            break;
    }
    /* A signal during the last trial still counts: the run was cut short. */
    res->run.interrupted |= stop_requested(hooks);
    res->run.elapsed_ns = now_ns() - start;
    run_finish(w, ctx, team, watched ? &wd : NULL);
    return rc;
}

int workload_run(const struct workload *w, const struct run_config *run, const void *config,
                 const struct trials_hooks *hooks, struct result *res, char *err, size_t errlen)
{
    if (!run->procs)
        return run_trials(w, run, config, NULL, hooks, res, err, errlen);
    /* Processes: everything the workers share goes into one arena mapped
     * before they are forked (the workload's state, allocated in setup
     * through shared_calloc, and the team with its abandon flag), and goes
     * away with it. */
    struct shared_arena *arena;
    int rc = shared_arena_open(&arena, err, errlen);
    if (rc != 0)
        return rc;
    res->processes = true;
    rc = run_trials(w, run, config, arena, hooks, res, err, errlen);
    shared_arena_close(arena);
    return rc;
}

void workload_describe_run(struct result *res, const struct workload *w,
                           const struct run_config *run, const void *config)
{
    res->workload = w->name;
    res->strategy.name = run->sync->name;
    res->strategy.summary = run->sync->summary;
    res->strategy.exclusive = run->sync->exclusive;
    res->strategy.can_stall = run->sync->can_stall;
    res->strategy.leaves_waiting = run->sync->leaves_waiting;
    res->threads = (unsigned)run->threads;
    res->run.seed = run->seed;
    res->run.seed_drawn = w->draws_from_seed;
    res->run.budget_ns = run->budget * 1000000000u;
    res->work.window = run->window;
    res->workers.spins_counted = !run->sync->waits_in_libc;
    res->stall.deadlock = w->sleeps;
    res->run.settings[0] = workload_run_set(w, (struct run_config *)run, false);
    res->run.settings[1] = (struct opt_set){.opts = w->options, .base = (void *)config};
}
