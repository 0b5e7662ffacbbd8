/* test_counter.c: the counter workload's arithmetic and its deterministic cases. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "racedemo/spin.h"
#include "workloads/counter.h"
#include "run/run.h"
#include "result/verdict.h"

static void test_expected_inc_is_threads_times_iters(void **state)
{
    (void)state;
    struct counter_config cfg = {.iters = 100000, .op = COUNTER_INC};
    uint64_t total = 0;
    assert_true(counter_expected(2, &cfg, &total));
    assert_int_equal(total, 200000);
    cfg.iters = COUNTER_MAX_ITERS;
    assert_true(counter_expected(64, &cfg, &total));
    assert_int_equal(total, 64000000000u);
}

static void test_expected_sum_is_threads_times_triangle(void **state)
{
    (void)state;
    struct counter_config cfg = {.iters = 100000, .op = COUNTER_SUM};
    uint64_t total = 0;
    assert_true(counter_expected(2, &cfg, &total));
    assert_int_equal(total, 2 * (100000ull * 100001ull / 2));
    cfg.iters = 1;
    assert_true(counter_expected(3, &cfg, &total));
    assert_int_equal(total, 3);
}

static void test_expected_sum_refuses_totals_past_int64(void **state)
{
    (void)state;
    /* iters = 10^9: each thread adds about 5 * 10^17; 18 threads still fit
     * below 2^63 - 1 (about 9.22 * 10^18), 19 do not. */
    struct counter_config cfg = {.iters = 1000000000u, .op = COUNTER_SUM};
    uint64_t total = 0;
    assert_true(counter_expected(18, &cfg, &total));
    assert_int_equal(total, 18 * 500000000500000000ull);
    assert_false(counter_expected(19, &cfg, &total));
}

static void test_one_thread_cannot_race(void **state)
{
    (void)state;
    /* With a single thread there is no interleaving: even --sync none is exact. */
    struct run_config run = {.threads = 1, .sync = sync_find("none")};
    struct counter_config cfg = {.iters = 100000, .op = COUNTER_SUM};
    struct result res = {0};
    char err[256];
    assert_int_equal(workload_run(&workload_counter, &run, &cfg, NULL, &res, err, sizeof err), 0);
    assert_int_equal(res.trials.kept[0].observed, 100000ull * 100001ull / 2);
    assert_true(result_all_correct(&res));
    result_free(&res);
}

/* --budget 1 on a run far too long for it: the trial stops at a clean
 * point, and is judged on the updates its threads did. */
static void run_cut(const char *sync, unsigned threads, struct result *res)
{
    struct run_config run = {
        .threads = threads, .sync = sync_find(sync), .no_pin = true, .budget = 1, .timeout = 60};
    struct counter_config cfg = {.iters = 1000000000000ull, .op = COUNTER_INC};
    char err[256];
    assert_int_equal(workload_run(&workload_counter, &run, &cfg, NULL, res, err, sizeof err), 0);
    assert_true(res->run.budget_stopped);
    assert_true(res->run.budget_cut);
    assert_int_equal(res->trials.count, 1);
    uint64_t done = 0;
    for (unsigned i = 0; i < threads; i++)
        done += res->run.cut_done[i];
    assert_true(done > 0);
    assert_int_equal(res->run.cut_ops, done);
    assert_int_equal(result_ops(res), done);
    assert_int_equal(res->work.expected, done);
    assert_int_equal(res->work.per_thread, cfg.iters); /* what was asked, for the report */
    assert_false(res->stall.stuck);
}

static void test_a_budget_cuts_a_locked_trial_with_nothing_lost(void **state)
{
    (void)state;
    static const char *const locks[] = {"mutex", "bakery", "ticket", "tas"};
    for (size_t k = 0; k < sizeof locks / sizeof *locks; k++) {
        struct result res = {0};
        run_cut(locks[k], 3, &res);
        if (!result_all_correct(&res))
            fail_msg("--sync %s cut by the budget: %lld of %llu", locks[k],
                     (long long)res.trials.kept[0].observed, (unsigned long long)res.work.expected);
        assert_int_equal(result_verdict(&res), VERDICT_CORRECT);
        result_free(&res);
    }
}

static void test_a_budget_cuts_an_unlocked_trial_and_counts_what_was_done(void **state)
{
    (void)state;
    struct result res = {0};
    run_cut("none", 2, &res);
    /* A lost update only ever loses: never more than the updates done. */
    assert_true(res.trials.kept[0].observed <= (int64_t)res.work.expected);
    assert_true(result_lost(&res, &res.trials.kept[0]) >= 0);
    result_free(&res);
}

static void test_result_describes_the_run(void **state)
{
    (void)state;
    struct run_config run = {.threads = 2, .sync = sync_find("mutex"), .no_pin = true, .seed = 7};
    struct counter_config cfg = {.iters = 1000, .op = COUNTER_INC};
    struct result res = {0};
    char err[256];
    assert_int_equal(workload_run(&workload_counter, &run, &cfg, NULL, &res, err, sizeof err), 0);
    assert_string_equal(res.workload, "counter");
    assert_string_equal(res.strategy.name, "mutex");
    assert_int_equal(res.threads, 2);
    assert_int_equal(res.work.per_thread, 1000);
    assert_int_equal(res.work.expected, 2000);
    assert_int_equal(res.run.seed, 7);
    assert_int_equal(res.trials.count, 1);
    assert_int_equal(res.trials.kept[0].observed, 2000);
    assert_string_equal(res.work.op_noun, "increment");
    assert_int_equal(res.run.first.placement, PLACEMENT_NO_PIN);
    assert_ptr_equal(res.run.settings[0].base, &run);
    assert_ptr_equal(res.run.settings[1].base, &cfg);
    result_free(&res);
}

static void test_every_trial_starts_from_zero(void **state)
{
    (void)state;
    /* If a trial did not reset N, the second would observe twice the total. */
    struct run_config run = {.threads = 3, .sync = sync_find("mutex"), .trials = 50};
    struct counter_config cfg = {.iters = 200, .op = COUNTER_INC};
    struct result res = {0};
    char err[256];
    assert_int_equal(workload_run(&workload_counter, &run, &cfg, NULL, &res, err, sizeof err), 0);
    assert_int_equal(res.trials.count, 50);
    for (size_t i = 0; i < res.trials.count; i++)
        assert_int_equal(res.trials.kept[i].observed, 600);
    result_free(&res);
}

static void test_duration_runs_trials_until_time_is_up(void **state)
{
    (void)state;
    struct run_config run = {.threads = 2, .sync = sync_find("tas"), .duration = 1};
    struct counter_config cfg = {.iters = 100, .op = COUNTER_INC};
    struct result res = {0};
    char err[256];
    assert_int_equal(workload_run(&workload_counter, &run, &cfg, NULL, &res, err, sizeof err), 0);
    assert_true(res.trials.count > 1);
    assert_true(res.run.elapsed_ns >= 1000000000u);
    assert_true(result_all_correct(&res));
    result_free(&res);
}

static void test_stop_flag_ends_the_trials_early(void **state)
{
    (void)state;
    atomic_int stop = 1;
    struct trials_hooks hooks = {.stop = &stop};
    struct run_config run = {.threads = 2, .sync = sync_find("mutex"), .trials = 1000};
    struct counter_config cfg = {.iters = 10, .op = COUNTER_INC};
    struct result res = {0};
    char err[256];
    assert_int_equal(workload_run(&workload_counter, &run, &cfg, &hooks, &res, err, sizeof err), 0);
    assert_true(res.run.interrupted);
    assert_int_equal(res.trials.count, 0);
    result_free(&res);
}

/* Asks for a stop 100 ms after it starts, as Ctrl-C would. */
static void *stop_soon(void *arg)
{
    const struct timespec wait = {0, 100000000};
    nanosleep(&wait, NULL);
    atomic_store_explicit((atomic_int *)arg, 2, memory_order_relaxed);
    return NULL;
}

/* One trial of a billion updates per thread without a lock (minutes of
 * work) and a stop request after 100 ms: the loops see it between
 * stretches, the trial is given up and not counted. Bounded by alarm():
 * a run that ignores the stop is killed by SIGALRM and the test fails. */
static void stop_one_long_trial(const char *sync, uint64_t window)
{
    atomic_int stop = 0;
    struct trials_hooks hooks = {.stop = &stop};
    struct run_config run = {.threads = 2, .sync = sync_find(sync), .window = window};
    struct counter_config cfg = {.iters = COUNTER_MAX_ITERS, .op = COUNTER_INC};
    struct result res = {0};
    char err[256];
    pthread_t stopper;
    alarm(20);
    assert_int_equal(pthread_create(&stopper, NULL, stop_soon, &stop), 0);
    assert_int_equal(workload_run(&workload_counter, &run, &cfg, &hooks, &res, err, sizeof err), 0);
    pthread_join(stopper, NULL);
    alarm(0);
    assert_true(res.run.interrupted);
    assert_int_equal(res.trials.count, 0);
    /* Generous: a busy machine (two CPU hogs) can take seconds to give
     * up a trial it is given a quarter of a second for. */
    assert_true(res.run.elapsed_ns < 15000000000u);
    assert_false(atomic_load(&spin_abandon)); /* the flag went with the run's team */
    result_free(&res);
}

static void test_a_stop_gives_up_one_long_unlocked_trial(void **state)
{
    (void)state;
    stop_one_long_trial("none", 0);
    stop_one_long_trial("none", 100);
    stop_one_long_trial("atomic", 0);
}

static void test_turn_with_uneven_work_is_stopped_as_stuck(void **state)
{
    (void)state;
    /* Deterministic: thread 0 takes turn 0 and finishes after one update;
     * thread 1 takes turn 1, hands the turn back, and then waits forever
     * for a turn that thread 0 will never give. */
    struct run_config run = {.threads = 2, .sync = sync_find("turn"), .timeout = 1};
    struct counter_config cfg = {.iters = 2, .first_iters = 1, .op = COUNTER_INC};
    struct result res = {0};
    char err[256];
    assert_int_equal(workload_run(&workload_counter, &run, &cfg, NULL, &res, err, sizeof err), 0);
    assert_true(res.stall.stuck);
    assert_int_equal(res.trials.count, 0);
    assert_int_equal(res.stall.done[0], 1);
    assert_int_equal(res.stall.total[0], 1);
    assert_int_equal(res.stall.done[1], 1);
    assert_int_equal(res.stall.total[1], 2);
    /* The watchdog's stop request went with the run's team: this thread
     * obeys its own flag again, never set. */
    assert_false(atomic_load(&spin_abandon));
    result_free(&res);
}

static void test_turn_with_even_work_alternates_to_the_end(void **state)
{
    (void)state;
    struct run_config run = {.threads = 2, .sync = sync_find("turn"), .timeout = 5};
    struct counter_config cfg = {.iters = 5000, .op = COUNTER_INC};
    struct result res = {0};
    char err[256];
    assert_int_equal(workload_run(&workload_counter, &run, &cfg, NULL, &res, err, sizeof err), 0);
    assert_false(res.stall.stuck);
    assert_int_equal(res.trials.kept[0].observed, 10000);
    /* Strict alternation: each thread waits for the other's turn over and
     * over, so the wait loops turned and CPU time was measured. */
    assert_true(res.workers.cpu_measured);
    assert_true(res.workers.spins[0] + res.workers.spins[1] > 0);
    assert_true(res.workers.cpu_ns[0] > 0 && res.workers.cpu_ns[1] > 0);
    assert_true(res.trials.kept[0].fair_least_pct >= 0 && res.trials.kept[0].fair_least_pct <= 100);
    result_free(&res);
}

/* flags-set-first, forced into its bad state: thread 1 has raised its flag
 * and entered and stays there (it stands for a thread paused right after
 * raising its flag); thread 0 raises its own and waits for flag[1] to drop,
 * which never happens. No progress is ever reported, so the watchdog fires. */
struct forced_job {
    const struct sync_strategy *sync;
    void *lock;
    atomic_bool held;
};

static int forced_setup(const struct run_config *run, const void *config, struct result *res,
                        void **ctx, char *err, size_t errlen)
{
    (void)config, (void)err, (void)errlen;
    static struct forced_job job;
    job.sync = run->sync;
    atomic_init(&job.held, false);
    res->threads = 2;
    *ctx = &job;
    return sync_state_create(job.sync, 2, &job.lock);
}

static void forced_reset(void *ctx)
{
    (void)ctx;
}

static void forced_work(void *arg, unsigned self)
{
    struct forced_job *job = arg;
    struct spin_wait w = {0};
    if (self == 1) {
        job->sync->lock(job->lock, 1);
        atomic_store(&job->held, true);
        while (!spin_wait(&w)) /* inside until the watchdog stops the run */
            ;
        return;
    }
    while (!atomic_load(&job->held))
        if (spin_wait(&w))
            return;
    job->sync->lock(job->lock, 0); /* returns only when the watchdog gives up */
}

static void forced_observe(void *ctx, struct trial_result *t, int64_t *metrics)
{
    (void)ctx, (void)t, (void)metrics;
}

static void forced_teardown(void *ctx)
{
    struct forced_job *job = ctx;
    sync_state_free(job->sync, job->lock);
}

static void forced_progress(void *ctx, uint64_t *done, uint64_t *total)
{
    (void)ctx;
    done[0] = done[1] = 0;
    total[0] = total[1] = 1;
}

static void test_flags_set_first_forced_into_waiting_is_stopped_as_stuck(void **state)
{
    (void)state;
    const struct workload forced = {.name = "forced",
                                    .setup = forced_setup,
                                    .reset = forced_reset,
                                    .work = forced_work,
                                    .observe = forced_observe,
                                    .teardown = forced_teardown,
                                    .progress = forced_progress};
    struct run_config run = {.threads = 2, .sync = sync_find("flags-set-first"), .timeout = 1};
    struct result res = {0};
    char err[256];
    assert_int_equal(workload_run(&forced, &run, NULL, NULL, &res, err, sizeof err), 0);
    assert_true(res.stall.stuck);
    assert_int_equal(res.trials.count, 0);
    result_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expected_inc_is_threads_times_iters),
        cmocka_unit_test(test_expected_sum_is_threads_times_triangle),
        cmocka_unit_test(test_expected_sum_refuses_totals_past_int64),
        cmocka_unit_test(test_one_thread_cannot_race),
        cmocka_unit_test(test_result_describes_the_run),
        cmocka_unit_test(test_every_trial_starts_from_zero),
        cmocka_unit_test(test_duration_runs_trials_until_time_is_up),
        cmocka_unit_test(test_stop_flag_ends_the_trials_early),
        cmocka_unit_test(test_a_stop_gives_up_one_long_unlocked_trial),
        cmocka_unit_test(test_a_budget_cuts_a_locked_trial_with_nothing_lost),
        cmocka_unit_test(test_a_budget_cuts_an_unlocked_trial_and_counts_what_was_done),
        cmocka_unit_test(test_turn_with_uneven_work_is_stopped_as_stuck),
        cmocka_unit_test(test_turn_with_even_work_alternates_to_the_end),
        cmocka_unit_test(test_flags_set_first_forced_into_waiting_is_stopped_as_stuck),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
