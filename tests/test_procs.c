/* test_procs.c: the workers as processes sharing one mapping: every
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
#include <string.h>
#include <time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "shared.h"
#include "workloads/bank.h"
#include "workloads/counter.h"
#include "workloads/prodcons.h"
#include "workloads/queue.h"

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
    if (rc != 0 || res.ntrials != 1 || !result_all_correct(&res))
        fail_msg("%s --procs --sync %s, %u workers: %s", w->name, run.sync->name,
                 (unsigned)run.threads,
                 rc          ? err
                 : res.stuck ? "stuck"
                             : "not exact");
    assert_true(res.processes);
    assert_false(shared_processes()); /* the mapping is gone */
    result_free(&res);
    assert_no_children();
}

static void test_correct_strategies_are_exact_across_processes(void **state)
{
    (void)state;
    const struct counter_config counter = {.iters = 20000, .op = COUNTER_INC};
    const struct bank_config bank = {
        .accounts = 20, .balance = 1000, .transfers = 3000, .max_amount = 100};
    const struct queue_config queue = {.iters = 3000};
    for (const struct sync_strategy *const *s = sync_strategies; *s; s++) {
        if (!(*s)->exclusive || !(*s)->lock || !strcmp((*s)->name, "turn") ||
            !strcmp((*s)->name, "flags-set-first"))
            continue; /* these two promise exclusion, not progress: they stall */
        for (unsigned n = 2; n <= 4; n += 2) {
            struct run_config run = {.threads = n, .sync = *s};
            run_exact(&workload_counter, &counter, run);
            run_exact(&workload_bank, &bank, run);
            run_exact(&workload_queue, &queue, run);
            const struct prodcons_config buffer = {
                .producers = n / 2, .consumers = n / 2, .items = 1000, .slots = 4};
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
    assert_int_equal(res.ntrials, 0);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_correct_strategies_are_exact_across_processes),
        cmocka_unit_test(test_a_killed_worker_is_reported_and_nothing_is_left),
        cmocka_unit_test(test_the_workers_are_processes_of_their_own),
        cmocka_unit_test(test_a_worker_dying_in_a_lock_does_not_hang_the_run),
        cmocka_unit_test(test_a_failed_fork_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
