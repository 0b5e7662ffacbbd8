/* test_prodcons.c: every correct strategy delivers every item once and in
 * order; the watchdog turns sleepers nobody wakes into a DEADLOCK. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <pthread.h>
#include <time.h>

#include <cmocka.h>

#include "racedemo/spin.h"
#include "workloads/prodcons.h"
#include "run/rules.h"
#include "run/run.h"
#include "result/verdict.h"

static void run_exact(const struct sync_strategy *s, unsigned producers, unsigned consumers,
                      uint64_t slots)
{
    struct prodcons_config cfg = {
        .producers = producers, .consumers = consumers, .items = 2000, .slots = slots};
    struct run_config run = {.sync = s, .timeout = 30};
    struct result res = {0};
    char err[256] = "";
    workload_prodcons.configure(&run, &cfg);
    assert_int_equal(run.threads, producers + consumers);
    if (workload_check(&workload_prodcons, &run, &cfg, err, sizeof err) != 0)
        return; /* outside the strategy's thread limits */
    assert_int_equal(workload_run(&workload_prodcons, &run, &cfg, NULL, &res, err, sizeof err), 0);
    if (res.stall.stuck || res.trials.count != 1 ||
        res.trials.kept[0].observed != (int64_t)(producers * 2000))
        fail_msg("--sync %s, %ux%u, %llu slots: %s, %lld of %u items", s->name, producers,
                 consumers, (unsigned long long)slots, res.stall.stuck ? "stuck" : "done",
                 res.trials.count ? (long long)res.trials.kept[0].observed : -1LL,
                 producers * 2000);
    for (unsigned k = 0; k < PRODCONS_NMETRICS; k++)
        if (k != PRODCONS_WAKEUPS_LOST)
            assert_int_equal(result_metric(&res, 0, k), 0);
    for (unsigned p = 0; p < producers; p++)
        assert_int_equal(res.workers.lost[p], 0);
    assert_true(result_all_correct(&res));
    assert_int_equal(res.trials.kept[0].violations, 0);
    result_free(&res);
}

/* Every strategy that promises exclusion, for 1x1, 2x2 and 3x1 producers
 * x consumers, with 1 slot and with 8. */
static void test_correct_strategies_deliver_every_item_once_in_order(void **state)
{
    (void)state;
    const unsigned shapes[][2] = {{1, 1}, {2, 2}, {3, 1}};
    for (const struct sync_strategy *const *s = sync_strategies; *s; s++) {
        if (!(*s)->exclusive || (*s)->can_stall || !(*s)->lock)
            continue;
        for (size_t k = 0; k < 3; k++) {
            run_exact(*s, shapes[k][0], shapes[k][1], 1);
            run_exact(*s, shapes[k][0], shapes[k][1], 8);
        }
    }
}

static void test_checks_refuse_what_cannot_run(void **state)
{
    (void)state;
    char err[256] = "";
    struct prodcons_config cfg = {.producers = 2, .consumers = 1, .items = 10, .slots = 8};
    struct run_config run = {.sync = sync_find("atomic")};
    workload_prodcons.configure(&run, &cfg);
    assert_int_equal(workload_check(&workload_prodcons, &run, &cfg, err, sizeof err), -1);
    assert_non_null(strstr(err, "1 producer and 1 consumer"));
    cfg = (struct prodcons_config){.producers = 40, .consumers = 40, .items = 10, .slots = 8};
    run.sync = sync_find("mutex");
    workload_prodcons.configure(&run, &cfg);
    assert_int_equal(workload_check(&workload_prodcons, &run, &cfg, err, sizeof err), -1);
    assert_non_null(strstr(err, "at most 64"));
    cfg = (struct prodcons_config){
        .producers = 8, .consumers = 8, .items = PRODCONS_MAX_ITEMS, .slots = 8};
    workload_prodcons.configure(&run, &cfg);
    assert_int_equal(workload_check(&workload_prodcons, &run, &cfg, err, sizeof err), -1);
    assert_non_null(strstr(err, "MiB"));
}

/* Two threads that go to sleep and are never woken: the watchdog must see
 * every thread asleep and stop the run as a DEADLOCK long before the
 * timeout, and wake them so that the run ends. */
struct sleepers {
    pthread_mutex_t m;
    pthread_cond_t c;
    atomic_bool asleep[2];
    bool spin; /* instead of sleeping, spin without progress */
};

static struct sleepers sleepers;

static int sleepers_setup(const struct run_config *run, const void *config, struct result *res,
                          void **ctx, char *err, size_t errlen)
{
    (void)run, (void)config, (void)res, (void)err, (void)errlen;
    pthread_mutex_init(&sleepers.m, NULL);
    pthread_cond_init(&sleepers.c, NULL);
    *ctx = &sleepers;
    return 0;
}

static void sleepers_reset(void *ctx)
{
    struct sleepers *s = ctx;
    atomic_store(&s->asleep[0], false);
    atomic_store(&s->asleep[1], false);
}

static void sleepers_work(void *arg, unsigned self)
{
    struct sleepers *s = arg;
    if (s->spin) {
        struct spin_wait w = {0};
        while (!spin_wait(&w))
            ;
        return;
    }
    pthread_mutex_lock(&s->m);
    atomic_store(&s->asleep[self], true);
    while (!atomic_load_explicit(&spin_abandon, memory_order_relaxed))
        pthread_cond_wait(&s->c, &s->m);
    atomic_store(&s->asleep[self], false);
    pthread_mutex_unlock(&s->m);
}

static void sleepers_observe(void *ctx, struct trial_result *t, int64_t *metrics)
{
    (void)ctx, (void)t, (void)metrics;
}

static void sleepers_teardown(void *ctx)
{
    struct sleepers *s = ctx;
    pthread_mutex_destroy(&s->m);
    pthread_cond_destroy(&s->c);
}

static void sleepers_progress(void *ctx, uint64_t *done, uint64_t *total)
{
    (void)ctx;
    done[0] = done[1] = 0;
    total[0] = total[1] = 1;
}

static bool sleepers_asleep(void *ctx, bool *each)
{
    struct sleepers *s = ctx;
    each[0] = atomic_load(&s->asleep[0]);
    each[1] = atomic_load(&s->asleep[1]);
    return each[0] && each[1];
}

static void sleepers_wake(void *ctx)
{
    struct sleepers *s = ctx;
    pthread_mutex_lock(&s->m);
    pthread_cond_broadcast(&s->c);
    pthread_mutex_unlock(&s->m);
}

static const struct workload sleepers_workload = {.name = "sleepers",
                                                  .setup = sleepers_setup,
                                                  .reset = sleepers_reset,
                                                  .work = sleepers_work,
                                                  .observe = sleepers_observe,
                                                  .teardown = sleepers_teardown,
                                                  .progress = sleepers_progress,
                                                  .sleeps = true,
                                                  .asleep = sleepers_asleep,
                                                  .wake = sleepers_wake};

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_every_thread_asleep_is_a_deadlock_found_at_once(void **state)
{
    (void)state;
    sleepers.spin = false;
    struct run_config run = {.threads = 2, .sync = sync_find("none"), .timeout = 60};
    struct result res = {0};
    char err[256];
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(workload_run(&sleepers_workload, &run, NULL, NULL, &res, err, sizeof err), 0);
    assert_true(seconds_since(&t0) < 30); /* found asleep, not by the 60 s timeout */
    assert_true(res.stall.stuck);
    assert_true(res.stall.deadlock);
    assert_true(res.stall.all_asleep);
    assert_true(res.stall.asleep[0] && res.stall.asleep[1]);
    assert_int_equal(res.trials.count, 0);
    result_free(&res);
}

static void test_no_progress_for_the_timeout_is_a_deadlock_too(void **state)
{
    (void)state;
    sleepers.spin = true;
    struct run_config run = {.threads = 2, .sync = sync_find("none"), .timeout = 1};
    struct result res = {0};
    char err[256];
    assert_int_equal(workload_run(&sleepers_workload, &run, NULL, NULL, &res, err, sizeof err), 0);
    assert_true(res.stall.stuck);
    assert_true(res.stall.deadlock);
    assert_false(res.stall.all_asleep);
    assert_int_equal(res.stall.after_ns, 1000000000u);
    result_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_correct_strategies_deliver_every_item_once_in_order),
        cmocka_unit_test(test_checks_refuse_what_cannot_run),
        cmocka_unit_test(test_every_thread_asleep_is_a_deadlock_found_at_once),
        cmocka_unit_test(test_no_progress_for_the_timeout_is_a_deadlock_too),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
