/* test_sync.c: every strategy that promises mutual exclusion keeps it, for
 * 1, 2, 3 and 8 threads (8 is more threads than this machine has cores). */
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "racedemo/detector.h"
#include "racedemo/engine.h"
#include "racedemo/sync.h"
#include "workloads/counter.h"
#include "run/rules.h"
#include "run/run.h"
#include "result/verdict.h"
#include "core/engine.h"

static const unsigned thread_counts[] = {1, 2, 3, 8};

static uint64_t iters_for(unsigned threads)
{
    /* Enough iterations to overlap heavily; few enough that the filter
     * lock with 8 threads on 2 cores stays well under a second. */
    return threads > 4 ? 4000 : 20000;
}

static void assert_counter_exact(const char *sync, unsigned threads, enum counter_op op)
{
    struct run_config run = {.threads = threads, .sync = sync_find(sync)};
    struct counter_config cfg = {.iters = iters_for(threads), .op = op};
    struct result res = {0};
    char err[256] = "";
    assert_non_null(run.sync);
    assert_int_equal(workload_run(&workload_counter, &run, &cfg, NULL, &res, err, sizeof err), 0);
    assert_int_equal(res.trials.count, 1);
    uint64_t expected;
    assert_true(counter_expected(threads, &cfg, &expected));
    assert_int_equal(res.work.expected, expected);
    uint64_t observed = res.trials.kept[0].observed;
    if (run.sync->lock) {
        /* Every strategy that takes a lock is watched by the detector. */
        assert_true(res.run.detected);
        if (run.sync->exclusive && res.trials.kept[0].violations != 0)
            fail_msg("--sync %s --threads %u: %llu mutual-exclusion violations", sync, threads,
                     (unsigned long long)res.trials.kept[0].violations);
    }
    result_free(&res);
    if (observed != expected)
        fail_msg("--sync %s --threads %u: observed %llu, expected %llu", sync, threads,
                 (unsigned long long)observed, (unsigned long long)expected);
}

static void exact_for_all_thread_counts(const char *sync)
{
    for (size_t i = 0; i < sizeof thread_counts / sizeof thread_counts[0]; i++) {
        assert_counter_exact(sync, thread_counts[i], COUNTER_INC);
        assert_counter_exact(sync, thread_counts[i], COUNTER_SUM);
    }
}

static void test_mutex_exact_with_1_2_3_8_threads(void **state)
{
    (void)state;
    exact_for_all_thread_counts("mutex");
}

static void test_spinlock_exact_with_1_2_3_8_threads(void **state)
{
    (void)state;
    exact_for_all_thread_counts("spinlock");
}

static void test_peterson_exact_with_1_2_3_8_threads(void **state)
{
    (void)state;
    exact_for_all_thread_counts("peterson");
}

static void test_tas_exact_with_1_2_3_8_threads(void **state)
{
    (void)state;
    exact_for_all_thread_counts("tas");
}

static void test_every_exclusive_strategy_exact_where_it_runs(void **state)
{
    (void)state;
    size_t strategies = 0;
    for (const struct sync_strategy *const *s = sync_strategies; *s; s++) {
        if (!(*s)->exclusive || (*s)->can_stall)
            continue;
        size_t checked = 0;
        for (size_t i = 0; i < sizeof thread_counts / sizeof thread_counts[0]; i++) {
            if (!sync_allows_threads(*s, thread_counts[i]))
                continue;
            assert_counter_exact((*s)->name, thread_counts[i], COUNTER_INC);
            assert_counter_exact((*s)->name, thread_counts[i], COUNTER_SUM);
            checked++;
        }
        /* Each at every thread count it takes: none is skipped by accident. */
        assert_true(checked > 0);
        strategies++;
    }
    assert_true(strategies > 0);
}

/* A direct check of mutual exclusion: inside the lock, count who else is
 * inside. Any strategy that lets two threads in is caught the moment it
 * happens, not only through a total. */
struct exclusion_job {
    const struct sync_strategy *sync;
    void *state;
    atomic_uint inside;
    atomic_uint violations;
    unsigned rounds;
};

static void exclusion_worker(void *arg, unsigned self)
{
    struct exclusion_job *job = arg;
    for (unsigned i = 0; i < job->rounds; i++) {
        job->sync->lock(job->state, self);
        if (atomic_fetch_add_explicit(&job->inside, 1, memory_order_relaxed) != 0)
            atomic_fetch_add_explicit(&job->violations, 1, memory_order_relaxed);
        atomic_fetch_sub_explicit(&job->inside, 1, memory_order_relaxed);
        job->sync->unlock(job->state, self);
    }
}

/* One trial of n workers, pinned or not, each calling work(arg, index). */
static int run_team(unsigned n, bool pin, engine_work_fn work, void *arg, struct engine_report *rep,
                    char *err, size_t errlen)
{
    const struct engine_config cfg = {.nthreads = n, .pin = pin, .work = work, .arg = arg};
    return engine_run(&cfg, rep, err, errlen);
}

static void test_no_two_threads_inside_at_once(void **state)
{
    (void)state;
    for (const struct sync_strategy *const *s = sync_strategies; *s; s++) {
        if (!(*s)->exclusive || (*s)->can_stall || !(*s)->lock)
            continue; /* `none` and the seed's attempts that let two in promise nothing; turn and
                         flags-set-first can stall */
        for (size_t i = 0; i < sizeof thread_counts / sizeof thread_counts[0]; i++) {
            unsigned n = thread_counts[i];
            if (!sync_allows_threads(*s, n))
                continue;
            /* More spinning threads than free CPUs crawl (each hand-over
             * can wait for a time slice: with two CPU hogs, 3 threads of
             * 10,000 rounds took minutes): fewer rounds there. */
            struct exclusion_job job = {.sync = *s, .rounds = n > 2 ? 300 : n == 2 ? 3000 : 10000};
            struct engine_report rep;
            char err[256];
            assert_int_equal(sync_state_create(*s, n, &job.state), 0);
            assert_int_equal(run_team(n, true, exclusion_worker, &job, &rep, err, sizeof err), 0);
            sync_state_free(*s, job.state);
            if (atomic_load(&job.violations) != 0)
                fail_msg("--sync %s with %u threads: %u entries found another thread inside",
                         (*s)->name, n, atomic_load(&job.violations));
        }
    }
}

static void test_detector_counts_a_hand_forced_overlap(void **state)
{
    (void)state;
    struct cs_detector d;
    atomic_init(&d.inside, 0);
    assert_int_equal(detector_enter(&d, 0), 0); /* alone: nothing to report */
    assert_int_equal(detector_leave(&d, 0), 0);
    assert_int_equal(detector_enter(&d, 0), 0);
    assert_int_equal(detector_enter(&d, 1), 1); /* thread 1 finds thread 0 inside */
    assert_int_equal(detector_leave(&d, 0), 1); /* thread 0 finds thread 1's name */
    assert_int_equal(detector_leave(&d, 1), 1); /* thread 1 finds its name wiped */
    assert_int_equal(detector_enter(&d, 1), 0); /* and the word is clear again */
}

/* Two threads that take no lock, with the interleaving forced: thread 0
 * enters and says so, thread 1 enters once it has heard (so it must find
 * thread 0 inside) and says so, and only then does thread 0 leave (so it
 * must find thread 1's name). The flags are release/acquire: each thread's
 * relaxed detector stores before its flag happen before the other's loads
 * after it. A free run of two unguarded threads may or may not overlap;
 * this one always does, wherever the scheduler puts them. */
struct unguarded_job {
    struct cs_detector detector;
    atomic_uint entered[2];
    atomic_ulong found[2];
};

static void wait_for(atomic_uint *flag)
{
    while (!atomic_load_explicit(flag, memory_order_acquire))
        sched_yield(); /* the other thread may share this CPU */
}

static void unguarded_worker(void *arg, unsigned self)
{
    struct unguarded_job *job = arg;
    unsigned long found = 0;
    if (self == 1)
        wait_for(&job->entered[0]);
    found += detector_enter(&job->detector, self);
    atomic_store_explicit(&job->entered[self], 1, memory_order_release);
    if (self == 0)
        wait_for(&job->entered[1]);
    found += detector_leave(&job->detector, self);
    atomic_store(&job->found[self], found);
}

static void test_detector_sees_threads_that_take_no_lock(void **state)
{
    (void)state;
    struct unguarded_job job;
    atomic_init(&job.detector.inside, 0);
    for (int i = 0; i < 2; i++) {
        atomic_init(&job.entered[i], 0);
        atomic_init(&job.found[i], 0);
    }
    struct engine_report rep;
    char err[256];
    assert_int_equal(run_team(2, true, unguarded_worker, &job, &rep, err, sizeof err), 0);
    /* Thread 1 found thread 0 inside on entering; thread 0 found thread
     * 1's name on leaving. */
    assert_true(atomic_load(&job.found[1]) >= 1);
    assert_int_equal(atomic_load(&job.found[0]), 1);
}

static void test_registry_entries_are_complete_and_findable(void **state)
{
    (void)state;
    size_t count = 0, references = 0;
    for (const struct sync_strategy *const *s = sync_strategies; *s; s++, count++) {
        assert_non_null((*s)->name);
        references += (*s)->compare_reference;
        assert_true(strlen((*s)->summary) > 10);
        assert_non_null(strstr((*s)->explain, "Shows it: racedemo "));
        assert_true((*s)->lock == NULL && (*s)->unlock == NULL ? 1 : (*s)->lock && (*s)->unlock);
        assert_ptr_equal(sync_find((*s)->name), *s);
        /* A rule for when a stall is its own only where it can stall. */
        if (!(*s)->can_stall)
            assert_null((*s)->leaves_waiting);
    }
    /* Every line of the list is in the table, and nothing else is. */
    size_t listed = 0
#define SYNC_STRATEGY(id) +1
#include "sync/list.h"
#undef SYNC_STRATEGY
        ;
    assert_int_equal(count, listed);
    /* compare measures against one strategy's row at most. */
    assert_true(references <= 1);
    assert_null(sync_find("no-such-strategy"));
    assert_null(sync_find("none")->lock);
}

static void test_thread_limits_are_enforced_before_running(void **state)
{
    (void)state;
    /* A two-thread-only strategy, as the seed's turn-taking attempts are. */
    const struct sync_strategy pair = {
        .name = "pair", .summary = "two threads only", .min_threads = 2, .max_threads = 2};
    assert_false(sync_allows_threads(&pair, 1));
    assert_true(sync_allows_threads(&pair, 2));
    assert_false(sync_allows_threads(&pair, 3));
    assert_true(sync_allows_threads(sync_find("mutex"), RACEDEMO_MAX_THREADS));
    assert_false(sync_allows_threads(sync_find("mutex"), RACEDEMO_MAX_THREADS + 1));

    struct run_config run = {.threads = 3, .sync = &pair};
    struct counter_config cfg = {.iters = 10};
    char err[256] = "";
    assert_int_equal(workload_check(&workload_counter, &run, &cfg, err, sizeof err), -1);
    assert_string_equal(err, "--sync pair works with exactly 2 threads; got --threads 3");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mutex_exact_with_1_2_3_8_threads),
        cmocka_unit_test(test_spinlock_exact_with_1_2_3_8_threads),
        cmocka_unit_test(test_peterson_exact_with_1_2_3_8_threads),
        cmocka_unit_test(test_tas_exact_with_1_2_3_8_threads),
        cmocka_unit_test(test_every_exclusive_strategy_exact_where_it_runs),
        cmocka_unit_test(test_no_two_threads_inside_at_once),
        cmocka_unit_test(test_detector_counts_a_hand_forced_overlap),
        cmocka_unit_test(test_detector_sees_threads_that_take_no_lock),
        cmocka_unit_test(test_registry_entries_are_complete_and_findable),
        cmocka_unit_test(test_thread_limits_are_enforced_before_running),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
