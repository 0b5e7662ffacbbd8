/* test_procs.c: the workers as processes sharing MAP_SHARED memory: every
 * correct strategy is exact in every workload, and a worker that dies is
 * reported and leaves nothing behind. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/platform.h"
#include "core/test_hooks.h"
#include "racedemo/racedemo.h"
#include "racedemo/shared.h"
#include "workloads/bank.h"
#include "workloads/counter.h"
#include "workloads/prodcons.h"
#include "workloads/queue.h"
#include "report/format.h"
#include "report/render.h"
#include "run/command.h"
#include "run/rules.h"
#include "run/run.h"
#include "result/verdict.h"
#include "core/engine.h"

/* No child of this test process is left, running or zombie. */
static void assert_no_children(void)
{
    errno = 0;
    assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
    assert_int_equal(errno, ECHILD);
}

static void run_exact(const struct workload *w, const void *cfg, struct run_config run)
{
    struct result res = {0};
    char err[256] = "";
    run.procs = true;
    run.timeout = 30;
    if (w->configure)
        w->configure(&run, cfg);
    if (workload_check(w, &run, cfg, err, sizeof err) != 0) {
        /* Only a strategy's thread limits may leave a combination out. */
        if (!strstr(err, "threads"))
            fail_msg("%s --procs --sync %s: %s", w->name, run.sync->name, err);
        return;
    }
    int rc = workload_run(w, &run, cfg, NULL, &res, err, sizeof err);
    if (rc != 0 || res.trials.count != 1 || !result_all_correct(&res))
        fail_msg("%s --procs --sync %s, %u workers: %s", w->name, run.sync->name,
                 (unsigned)run.threads,
                 rc                ? err
                 : res.stall.stuck ? "stuck"
                                   : "not exact");
    assert_true(res.processes);
    assert_false(shared_processes()); /* the mapping is gone */
    result_free(&res);
    assert_no_children();
}

static void test_correct_strategies_are_exact_across_processes(void **state)
{
    (void)state;
    /* Small: spinning processes on CPUs that CPU hogs share hand a lock
     * over a time slice at a time (at 20,000 updates this took minutes
     * with two hogs). */
    const struct counter_config counter = {.iters = 2000, .op = COUNTER_INC};
    const struct bank_config bank = {
        .accounts = 20, .balance = 1000, .transfers = 500, .max_amount = 100};
    const struct queue_config queue = {.iters = 500};
    for (const struct sync_strategy *const *s = sync_strategies; *s; s++) {
        if (!(*s)->exclusive || (*s)->can_stall || !(*s)->lock)
            continue;
        for (unsigned n = 2; n <= 4; n += 2) {
            struct run_config run = {.threads = n, .sync = *s};
            run_exact(&workload_counter, &counter, run);
            run_exact(&workload_bank, &bank, run);
            run_exact(&workload_queue, &queue, run);
            const struct prodcons_config buffer = {
                .producers = n / 2, .consumers = n / 2, .items = 300, .slots = 4};
            run_exact(&workload_prodcons, &buffer, run);
        }
    }
}

/* A worker that kills itself halfway: the run ends with its signal named,
 * the other workers stopped and reaped, the mapping released. */
static void suicide_work(void *arg, unsigned self)
{
    (void)arg;
    if (self == 1)
        raise(SIGKILL);
    /* Worker 0 (the parent) waits as if for a long trial. */
    for (volatile unsigned long i = 0; self == 0 && i < 100000000ul; i++)
        if (atomic_load_explicit(&spin_abandon, memory_order_relaxed))
            break;
}

static int suicide_setup(const struct run_config *run, const void *config, struct result *res,
                         void **ctx, char *err, size_t errlen)
{
    (void)run, (void)config, (void)res, (void)err, (void)errlen;
    *ctx = NULL;
    return 0;
}

static void nothing(void *ctx)
{
    (void)ctx;
}

static void observe_nothing(void *ctx, struct trial_result *t, int64_t *metrics)
{
    (void)ctx, (void)t, (void)metrics;
}

static void test_a_killed_worker_is_reported_and_nothing_is_left(void **state)
{
    (void)state;
    const struct workload suicide = {.name = "suicide",
                                     .setup = suicide_setup,
                                     .reset = nothing,
                                     .work = suicide_work,
                                     .observe = observe_nothing,
                                     .teardown = nothing};
    struct run_config run = {
        .threads = 3, .sync = sync_find("none"), .procs = true, .timeout = 30, .trials = 5};
    struct result res = {0};
    char err[256] = "";
    assert_int_equal(workload_run(&suicide, &run, NULL, NULL, &res, err, sizeof err), ECHILD);
    assert_non_null(strstr(err, "worker process 1 was killed by signal 9"));
    assert_non_null(strstr(err, "the others were stopped"));
    assert_int_equal(res.trials.count, 0);
    assert_false(shared_processes());
    result_free(&res);
    assert_no_children();
}

/* Each worker notes its pid in the shared mapping: they must be processes
 * of their own, none of them the test itself. */
struct pids {
    pid_t pid[4];
};

static int pids_setup(const struct run_config *run, const void *config, struct result *res,
                      void **ctx, char *err, size_t errlen)
{
    (void)run, (void)config, (void)res, (void)err, (void)errlen;
    *ctx = shared_calloc(1, sizeof(struct pids));
    return *ctx ? 0 : ENOMEM;
}

static void pids_work(void *arg, unsigned self)
{
    ((struct pids *)arg)->pid[self] = getpid();
}

static struct pids seen_pids;

static void pids_observe(void *ctx, struct trial_result *t, int64_t *metrics)
{
    (void)t, (void)metrics;
    seen_pids = *(struct pids *)ctx; /* before the mapping goes */
}

static void pids_teardown(void *ctx)
{
    shared_free(ctx);
}

static void test_the_workers_are_processes_of_their_own(void **state)
{
    (void)state;
    const struct workload pids = {.name = "pids",
                                  .setup = pids_setup,
                                  .reset = nothing,
                                  .work = pids_work,
                                  .observe = pids_observe,
                                  .teardown = pids_teardown};
    struct run_config run = {.threads = 4, .sync = sync_find("none"), .procs = true};
    struct result res = {0};
    char err[256];
    assert_int_equal(workload_run(&pids, &run, NULL, NULL, &res, err, sizeof err), 0);
    for (int i = 0; i < 4; i++) {
        assert_true(seen_pids.pid[i] > 0);
        assert_int_not_equal(seen_pids.pid[i], getpid());
        for (int j = 0; j < i; j++)
            assert_int_not_equal(seen_pids.pid[i], seen_pids.pid[j]);
    }
    result_free(&res);
    assert_no_children();
}

/* Worker 0 takes a process-shared mutex and dies holding it; worker 1
 * then waits for that mutex for ever. The coordinator, which takes no
 * lock, sees the death, kills worker 1 and reports. */
static int held_setup(const struct run_config *run, const void *config, struct result *res,
                      void **ctx, char *err, size_t errlen)
{
    (void)run, (void)config, (void)res, (void)err, (void)errlen;
    void *m = shared_calloc(1, sizeof(pthread_mutex_t));
    if (!m || shared_mutex_init(m) != 0)
        return ENOMEM;
    *ctx = m;
    return 0;
}

static void held_work(void *arg, unsigned self)
{
    pthread_mutex_t *m = arg;
    if (self == 0) {
        pthread_mutex_lock(m);
        raise(SIGKILL);
    }
    nanosleep(&(struct timespec){0, 20000000}, NULL);
    pthread_mutex_lock(m); /* never returns */
    pthread_mutex_unlock(m);
}

static void test_a_worker_dying_in_a_lock_does_not_hang_the_run(void **state)
{
    (void)state;
    const struct workload held = {.name = "held",
                                  .setup = held_setup,
                                  .reset = nothing,
                                  .work = held_work,
                                  .observe = observe_nothing,
                                  .teardown = nothing};
    struct run_config run = {
        .threads = 2, .sync = sync_find("mutex"), .procs = true, .timeout = 60};
    struct result res = {0};
    char err[256] = "";
    assert_int_equal(workload_run(&held, &run, NULL, NULL, &res, err, sizeof err), ECHILD);
    assert_non_null(strstr(err, "worker process 0 was killed by signal 9"));
    result_free(&res);
    assert_no_children();
}

static void test_a_failed_fork_is_reported(void **state)
{
    (void)state;
    const struct counter_config counter = {.iters = 1000, .op = COUNTER_INC};
    struct run_config run = {.threads = 3, .sync = sync_find("mutex"), .procs = true};
    struct result res = {0};
    char err[256] = "";
    engine_fail_thread_create(2, EAGAIN);
    int rc = workload_run(&workload_counter, &run, &counter, NULL, &res, err, sizeof err);
    engine_fail_thread_create(-1, 0);
    assert_int_equal(rc, EAGAIN);
    assert_non_null(strstr(err, "could not create worker process 3 of 3"));
    result_free(&res);
    assert_no_children();
}

/* A system that cannot share a semaphore between processes (macOS
 * without process-shared mutexes) refuses --procs with the semaphore in
 * the check, before anything runs: one line, and no process is made. */
static void test_procs_with_an_unshareable_semaphore_is_refused(void **state)
{
    (void)state;
    const struct counter_config counter = {.iters = 1000, .op = COUNTER_INC};
    const struct prodcons_config buffer = {.producers = 1, .consumers = 1, .items = 10, .slots = 2};
    const struct workload *w[] = {&workload_counter, &workload_prodcons};
    const void *cfg[] = {&counter, &buffer};
    platform_fail_semaphore_sharing(true);
    for (int k = 0; k < 2; k++) {
        struct run_config run = {.threads = 2, .sync = sync_find("semaphore"), .procs = true};
        if (w[k]->configure)
            w[k]->configure(&run, cfg[k]);
        char err[256] = "";
        assert_int_not_equal(workload_check(w[k], &run, cfg[k], err, sizeof err), 0);
        assert_non_null(strstr(err, "--procs: --sync semaphore needs a semaphore shared"));
        assert_null(strchr(err, '\n'));
        run.procs = false; /* threads need no sharing */
        assert_int_equal(workload_check(w[k], &run, cfg[k], err, sizeof err), 0);
    }
    platform_semaphore sem;
    assert_int_equal(platform_semaphore_init(&sem, true, 1), ENOTSUP);
    platform_fail_semaphore_sharing(false);
    assert_no_children();
}

/* A hang must fail the test, not wait for ctest's timeout: the alarm's
 * default action ends this process (the workers die with it). */
#define HANG_BOUND_S 30

/* Worker 1 stops itself (as `kill -STOP` would) in the first trial; the
 * others finish. Progress is counted, as in a loop the watchdog watches. */
struct stopper {
    _Atomic uint64_t done[4];
};

static int stopper_setup(const struct run_config *run, const void *config, struct result *res,
                         void **ctx, char *err, size_t errlen)
{
    (void)run, (void)config, (void)res, (void)err, (void)errlen;
    *ctx = shared_calloc(1, sizeof(struct stopper));
    return *ctx ? 0 : ENOMEM;
}

static void stopper_work(void *arg, unsigned self)
{
    struct stopper *st = arg;
    if (self == 1)
        raise(SIGSTOP);
    atomic_store_explicit(&st->done[self], 10, memory_order_relaxed);
}

static void stopper_progress(void *ctx, uint64_t *done, uint64_t *total)
{
    struct stopper *st = ctx;
    for (unsigned i = 0; i < 4; i++) {
        done[i] = atomic_load_explicit(&st->done[i], memory_order_relaxed);
        total[i] = 10;
    }
}

static const struct workload stopper = {.name = "stopper",
                                        .setup = stopper_setup,
                                        .reset = nothing,
                                        .work = stopper_work,
                                        .observe = observe_nothing,
                                        .teardown = pids_teardown,
                                        .progress = stopper_progress};

/* A worker process stopped by a signal can never finish its trial: within
 * --timeout the run ends STALLED, naming it, every worker killed and
 * reaped. With --sync none nothing else watches the run; with mutex the
 * watchdog does too. */
static void test_a_stopped_worker_ends_the_run_within_the_timeout(void **state)
{
    (void)state;
    const char *syncs[] = {"none", "mutex"};
    for (int k = 0; k < 2; k++) {
        struct run_config run = {.threads = 3,
                                 .sync = sync_find(syncs[k]),
                                 .procs = true,
                                 .timeout = 1,
                                 .trials = 1000000};
        struct result res = {0};
        char err[256] = "";
        alarm(HANG_BOUND_S);
        int rc = workload_run(&stopper, &run, NULL, NULL, &res, err, sizeof err);
        alarm(0);
        assert_int_equal(rc, 0);
        assert_true(res.stall.stuck);
        assert_int_equal(res.stall.stopped, 2);
        assert_int_equal(result_verdict(&res), VERDICT_STALLED);
        assert_non_null(strstr(res.stall.why, "process B was stopped (SIGSTOP) and made no "
                                              "progress for "));
        assert_true(res.stall.after_ns >= 1000000000u);
        /* Only mutex's loops count: with none, the unfinished are unknown. */
        assert_int_equal(res.stall.uncounted, k == 0);
        assert_int_equal(res.stall.done[1], 0);
        assert_false(shared_processes());
        result_free(&res);
        assert_no_children();
    }
}

/* Every trial races (one update lost, as the workload observes it), and
 * the one worker stops itself (as `kill -STOP` would) in the third trial:
 * a stall forced at a known point, after two completed trials raced. One
 * worker, so that no trial is run again for want of overlap (each run
 * of a trial is counted by reset). */
struct racer {
    _Atomic unsigned trial; /* the trial under way, from 1: reset counts them */
    _Atomic uint64_t done;
};

static int racer_setup(const struct run_config *run, const void *config, struct result *res,
                       void **ctx, char *err, size_t errlen)
{
    (void)run, (void)config, (void)err, (void)errlen;
    res->work.per_thread = 10;
    res->work.expected = 10;
    res->work.action = "N := N + 1"; /* the words the reports put around it */
    res->work.op_noun = "increment";
    res->words.lost_noun = "update";
    res->words.race_reason = "threads stored over each other's update";
    *ctx = shared_calloc(1, sizeof(struct racer));
    return *ctx ? 0 : ENOMEM;
}

static void racer_reset(void *ctx)
{
    struct racer *r = ctx;
    atomic_fetch_add_explicit(&r->trial, 1, memory_order_relaxed);
    atomic_store_explicit(&r->done, 0, memory_order_relaxed);
}

static void racer_work(void *arg, unsigned self)
{
    struct racer *r = arg;
    (void)self;
    if (atomic_load_explicit(&r->trial, memory_order_relaxed) == 3)
        raise(SIGSTOP);
    atomic_store_explicit(&r->done, 10, memory_order_relaxed);
}

static void racer_observe(void *ctx, struct trial_result *t, int64_t *metrics)
{
    (void)ctx, (void)metrics;
    t->observed = 9; /* one of the 10 updates lost */
}

static void racer_progress(void *ctx, uint64_t *done, uint64_t *total)
{
    struct racer *r = ctx;
    done[0] = atomic_load_explicit(&r->done, memory_order_relaxed);
    total[0] = 10;
}

/* Result r in `format` (FORMAT_TEXT, _JSON, _CSV, _HTML), each newline
 * with the indent of a wrapped line's continuation made one space. */
static char *rendered(const struct result *r, enum output_format format)
{
    const struct text_layout layout = {.width = FORMAT_WIDTH_DEFAULT};
    struct summary s;
    assert_true(result_summarize(r, &s));
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    if (format == FORMAT_JSON)
        render_json(out, r, &s);
    else if (format == FORMAT_CSV)
        render_csv(out, r, true);
    else if (format == FORMAT_HTML)
        assert_true(render_html(out, &layout, r, &s, false));
    else
        render_text(out, &layout, r, &s, false);
    assert_int_equal(fclose(out), 0);
    char *to = text;
    for (const char *p = text; *p; p++)
        if (format == FORMAT_TEXT && p[0] == '\n' && strncmp(p + 1, "            ", 12) == 0) {
            *to++ = ' ';
            p += 12;
        } else {
            *to++ = *p;
        }
    *to = '\0';
    return text;
}

/* Races seen before a stall are not lost behind it: the run is STALLED,
 * its completed trials' verdict RACE, and --check makes it exit 1 (a
 * stall's 3 without --check). */
static void test_races_before_a_stall_fail_the_check(void **state)
{
    (void)state;
    const struct workload racer = {.name = "racer",
                                   .setup = racer_setup,
                                   .reset = racer_reset,
                                   .work = racer_work,
                                   .observe = racer_observe,
                                   .teardown = pids_teardown,
                                   .progress = racer_progress};
    struct run_config run = {
        .threads = 1, .sync = sync_find("none"), .procs = true, .timeout = 1, .trials = 5};
    struct result res = {0};
    char err[256] = "";
    alarm(HANG_BOUND_S);
    int rc = workload_run(&racer, &run, NULL, NULL, &res, err, sizeof err);
    alarm(0);
    assert_int_equal(rc, 0);
    assert_int_equal(res.trials.count, 2);
    assert_int_equal(res.trials.totals.raced, 2);
    assert_int_equal(result_verdict(&res), VERDICT_STALLED);
    assert_int_equal(result_completed_verdict(&res), VERDICT_RACE);
    assert_int_equal(run_exit_status(&run, &res), EXIT_STUCK);
    run.check = true;
    assert_int_equal(run_exit_status(&run, &res), EXIT_CHECK_FAILED);
    /* Every format says both. */
    const char *both = "2 of 2 trials raced, then the run stalled: process A was stopped "
                       "(SIGSTOP) and made no progress for ";
    char *text = rendered(&res, FORMAT_TEXT), *json = rendered(&res, FORMAT_JSON),
         *csv = rendered(&res, FORMAT_CSV), *html = rendered(&res, FORMAT_HTML);
    char verdict[256];
    snprintf(verdict, sizeof verdict, "\n  verdict   STALLED: %s", both);
    assert_non_null(strstr(text, verdict));
    assert_non_null(
        strstr(json, "\"verdict\": \"STALLED\",\n    \"completed_verdict\": \"RACE\","));
    assert_non_null(strstr(csv, "\nracer,none,1,1,10,9,1,10.0000,false,"));
    assert_non_null(strstr(csv, ",RACE,false,0,10,0\nracer,none,1,2,10,9,1,"));
    assert_non_null(
        strstr(csv, ",RACE,false,0,10,0\nracer,none,1,3,10,,,,false,,,,,STALLED,false,,10,0\n"));
    snprintf(verdict, sizeof verdict, "STALLED</span><span class=\"why\">%s", both);
    assert_non_null(strstr(html, verdict));
    free(text);
    free(json);
    free(csv);
    free(html);
    result_free(&res);
    assert_no_children();
}

static atomic_int ctrl_c;

static void *press_ctrl_c(void *arg)
{
    (void)arg;
    nanosleep(&(struct timespec){0, 300000000}, NULL);
    atomic_store(&ctrl_c, 1);
    return NULL;
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Ctrl-C while a worker is stopped ends the run at once, not after the
 * timeout (60 s here): interrupted, the unfinished trial left out. */
static void test_ctrl_c_ends_a_run_with_a_stopped_worker_at_once(void **state)
{
    (void)state;
    struct run_config run = {
        .threads = 2, .sync = sync_find("none"), .procs = true, .timeout = 60, .trials = 5};
    struct trials_hooks hooks = {.stop = &ctrl_c};
    struct result res = {0};
    char err[256] = "";
    atomic_store(&ctrl_c, 0);
    pthread_t presser;
    assert_int_equal(pthread_create(&presser, NULL, press_ctrl_c, NULL), 0);
    uint64_t start = now_ms();
    alarm(HANG_BOUND_S);
    int rc = workload_run(&stopper, &run, NULL, &hooks, &res, err, sizeof err);
    alarm(0);
    pthread_join(presser, NULL);
    assert_int_equal(rc, 0);
    assert_true(res.run.interrupted);
    assert_false(res.stall.stuck);
    assert_int_equal(res.trials.count, 0);
    /* Far below the 60 s timeout, with room for a slow machine. */
    assert_true(now_ms() - start < 20000);
    result_free(&res);
    assert_no_children();
}

/* The watchdog wakes prodcons' sleepers under the mutex they sleep under.
 * A worker process that died holding it never gives it back: wake must
 * still return (it is given 10 s here, and takes microseconds). */
struct waker {
    const struct workload *w;
    void *ctx;
    atomic_bool returned;
};

static void *call_wake(void *arg)
{
    struct waker *wk = arg;
    wk->w->wake(wk->ctx);
    atomic_store(&wk->returned, true);
    return NULL;
}

static void test_waking_does_not_wait_for_a_lock_a_dead_worker_held(void **state)
{
    (void)state;
    const char *syncs[] = {"none", "mutex"}; /* the bed's mutex, the buffer's */
    const struct workload *w = &workload_prodcons;
    for (int k = 0; k < 2; k++) {
        const struct prodcons_config cfg = {
            .producers = 1, .consumers = 1, .items = 10, .slots = 2};
        struct run_config run = {.sync = sync_find(syncs[k]), .procs = true, .timeout = 30};
        w->configure(&run, &cfg);
        struct result res = {0};
        char err[256] = "";
        void *ctx = NULL;
        struct shared_arena *arena;
        assert_int_equal(shared_arena_open(&arena, err, sizeof err), 0);
        assert_int_equal(w->setup(&run, &cfg, &res, &ctx, err, sizeof err), 0);
        w->reset(ctx);
        alarm(HANG_BOUND_S);
        pid_t consumer = fork();
        assert_true(consumer >= 0);
        if (consumer == 0) {
            /* The buffer is empty: the consumer takes the lock to sleep. */
            prodcons_die_holding_lock(true);
            w->work(ctx, 1);
            _exit(0);
        }
        int status = 0;
        assert_int_equal(waitpid(consumer, &status, 0), consumer);
        alarm(0);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1); /* died in the hook */
        struct waker wk = {.w = w, .ctx = ctx};
        atomic_init(&wk.returned, false);
        pthread_t t;
        assert_int_equal(pthread_create(&t, NULL, call_wake, &wk), 0);
        for (int ms = 0; ms < 10000 && !atomic_load(&wk.returned); ms += 10)
            nanosleep(&(struct timespec){0, 10000000}, NULL);
        if (!atomic_load(&wk.returned))
            fail_msg("--sync %s: wake waited for a mutex a dead worker held", syncs[k]);
        pthread_join(t, NULL);
        w->teardown(ctx);
        shared_arena_close(arena);
        result_free(&res);
        assert_no_children();
    }
}

/* Rounding a size up to 64 bytes must not wrap to a tiny block. */
static void test_shared_calloc_refuses_sizes_that_wrap(void **state)
{
    (void)state;
    char err[256];
    for (int procs = 0; procs < 2; procs++) {
        struct shared_arena *arena = NULL;
        if (procs)
            assert_int_equal(shared_arena_open(&arena, err, sizeof err), 0);
        assert_null(shared_calloc(1, SIZE_MAX - 10));
        assert_null(shared_calloc(SIZE_MAX / 2, 2));
        assert_null(shared_calloc(2, SIZE_MAX / 2));
        void *p = shared_calloc(3, 5);
        assert_non_null(p);
        shared_free(p);
        shared_arena_close(arena);
    }
}

/* The arena maps what is allocated in it, as it is allocated, not a fixed
 * maximum that a limit on address space would refuse; what each mapping
 * holds is shared with a worker forked after. */
static void test_the_arena_maps_what_is_allocated(void **state)
{
    (void)state;
    char err[256] = "";
    struct shared_arena *arena;
    assert_int_equal(shared_arena_open(&arena, err, sizeof err), 0);
    size_t first = shared_arena_mapped(arena);
    assert_true(first > 0 && first <= ((size_t)1 << 20));
    /* A counter's whole run: its state and its lock, in the first block. */
    struct counter_config counter = {.iters = 1000, .op = COUNTER_INC};
    struct run_config run = {.threads = 2, .sync = sync_find("mutex"), .procs = true};
    struct result res = {0};
    void *ctx = NULL;
    assert_int_equal(workload_counter.setup(&run, &counter, &res, &ctx, err, sizeof err), 0);
    assert_int_equal(shared_arena_mapped(arena), first);
    /* A large block maps its own size; small ones go on where they fit. */
    volatile uint64_t *small = shared_calloc(1, sizeof *small);
    volatile uint64_t *large = shared_calloc((size_t)8 << 17, sizeof *large); /* 8 MiB */
    volatile uint64_t *after = shared_calloc(1, sizeof *after);
    assert_non_null(small);
    assert_non_null(large);
    assert_non_null(after);
    assert_int_equal((uintptr_t)large % 64, 0);
    assert_true(shared_arena_mapped(arena) >= first + ((size_t)8 << 20));
    assert_true(shared_arena_mapped(arena) <= first + ((size_t)10 << 20));
    /* Past SHARED_MAX_BYTES: refused, nothing mapped. */
    size_t before = shared_arena_mapped(arena);
    assert_null(shared_calloc(1, SHARED_MAX_BYTES));
    assert_int_equal(shared_arena_mapped(arena), before);
    alarm(HANG_BOUND_S);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        *small = 1, large[((size_t)8 << 17) - 1] = 2, *after = 3;
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    alarm(0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(*small, 1);
    assert_int_equal(large[((size_t)8 << 17) - 1], 2);
    assert_int_equal(*after, 3);
    workload_counter.teardown(ctx);
    result_free(&res);
    shared_arena_close(arena);
    assert_int_equal(shared_arena_mapped(NULL), 0);
    assert_no_children();
}

/* The team lives in the arena, its stop (abandon) flag with it: without
 * room for it there the watchdog and Ctrl-C could not reach the workers,
 * so the start fails, and nobody is forked. */
static void no_work(void *arg, unsigned index)
{
    (void)arg, (void)index;
}

static void test_no_shared_memory_for_the_team_fails_the_start(void **state)
{
    (void)state;
    char err[256] = "";
    struct shared_arena *arena;
    assert_int_equal(shared_arena_open(&arena, err, sizeof err), 0);
    struct engine *e = NULL;
    const struct engine_config cfg = {
        .nthreads = 2, .work = no_work, .processes = true, .arena = arena};
    shared_fail_calloc(1);
    int rc = engine_start(&e, &cfg, err, sizeof err);
    shared_fail_calloc(0);
    assert_int_equal(rc, ENOMEM);
    assert_null(e);
    assert_non_null(strstr(err, "out of memory for 2 workers"));
    shared_arena_close(arena);
    assert_false(shared_processes());
    assert_no_children();
}

/* One arena at a time: the workloads allocate in the open one. */
static void test_a_second_arena_is_refused(void **state)
{
    (void)state;
    char err[256] = "";
    struct shared_arena *arena, *second;
    assert_int_equal(shared_arena_open(&arena, err, sizeof err), 0);
    assert_true(shared_processes());
    assert_int_equal(shared_arena_open(&second, err, sizeof err), EBUSY);
    assert_null(second);
    shared_arena_close(arena);
    assert_false(shared_processes());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_correct_strategies_are_exact_across_processes),
        cmocka_unit_test(test_a_killed_worker_is_reported_and_nothing_is_left),
        cmocka_unit_test(test_the_workers_are_processes_of_their_own),
        cmocka_unit_test(test_a_worker_dying_in_a_lock_does_not_hang_the_run),
        cmocka_unit_test(test_a_failed_fork_is_reported),
        cmocka_unit_test(test_procs_with_an_unshareable_semaphore_is_refused),
        cmocka_unit_test(test_a_stopped_worker_ends_the_run_within_the_timeout),
        cmocka_unit_test(test_races_before_a_stall_fail_the_check),
        cmocka_unit_test(test_ctrl_c_ends_a_run_with_a_stopped_worker_at_once),
        cmocka_unit_test(test_waking_does_not_wait_for_a_lock_a_dead_worker_held),
        cmocka_unit_test(test_shared_calloc_refuses_sizes_that_wrap),
        cmocka_unit_test(test_the_arena_maps_what_is_allocated),
        cmocka_unit_test(test_no_shared_memory_for_the_team_fails_the_start),
        cmocka_unit_test(test_a_second_arena_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
