/* test_engine.c: the run engine starts every worker once, places and times
 * them honestly, and cleans up when a thread cannot be created. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "engine.h"

struct tally {
    atomic_uint runs[RACEDEMO_MAX_THREADS];
};

static void count_run(void *arg, unsigned index)
{
    struct tally *t = arg;
    atomic_fetch_add(&t->runs[index], 1);
}

static void test_every_worker_runs_once_with_its_own_index(void **state)
{
    (void)state;
    const unsigned counts[] = {1, 2, 3, 8, RACEDEMO_MAX_THREADS};
    for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
        struct tally t = {0};
        struct engine_report rep;
        char err[256];
        assert_int_equal(engine_run(counts[k], true, count_run, &t, &rep, err, sizeof err), 0);
        assert_int_equal(rep.nthreads, counts[k]);
        for (unsigned i = 0; i < RACEDEMO_MAX_THREADS; i++)
            assert_int_equal(atomic_load(&t.runs[i]), i < counts[k] ? 1 : 0);
    }
}

static void test_refuses_zero_and_too_many_threads(void **state)
{
    (void)state;
    struct tally t = {0};
    struct engine_report rep;
    char err[256];
    assert_int_equal(engine_run(0, true, count_run, &t, &rep, err, sizeof err), EINVAL);
    assert_int_equal(
        engine_run(RACEDEMO_MAX_THREADS + 1, true, count_run, &t, &rep, err, sizeof err), EINVAL);
    assert_non_null(strstr(err, "1 to 64"));
}

static void test_wall_time_spans_first_start_to_last_finish(void **state)
{
    (void)state;
    struct tally t = {0};
    struct engine_report rep;
    char err[256];
    assert_int_equal(engine_run(3, true, count_run, &t, &rep, err, sizeof err), 0);
    uint64_t first_start = UINT64_MAX, last_end = 0;
    for (unsigned i = 0; i < 3; i++) {
        assert_true(rep.start_ns[i] <= rep.end_ns[i]);
        if (rep.start_ns[i] < first_start)
            first_start = rep.start_ns[i];
        if (rep.end_ns[i] > last_end)
            last_end = rep.end_ns[i];
    }
    assert_int_equal(first_start, 0);
    assert_int_equal(rep.wall_ns, last_end);
}

static void test_pins_one_thread_per_cpu_when_there_are_enough(void **state)
{
    (void)state;
    struct tally t = {0};
    struct engine_report rep;
    char err[256];
    assert_int_equal(engine_run(1, true, count_run, &t, &rep, err, sizeof err), 0);
    unsigned cpus = rep.cpus_usable;
    assert_true(cpus >= 1);
    unsigned n = cpus < 4 ? cpus : 4;
    assert_int_equal(engine_run(n, true, count_run, &t, &rep, err, sizeof err), 0);
    if (rep.placement == PLACEMENT_PIN_FAILED)
        skip(); /* a sandbox that refuses affinity: nothing to check */
    assert_int_equal(rep.placement, PLACEMENT_PINNED);
    for (unsigned i = 0; i < n; i++)
        for (unsigned j = i + 1; j < n; j++)
            assert_int_not_equal(rep.cpu[i], rep.cpu[j]);
}

static void test_reports_how_threads_were_placed_otherwise(void **state)
{
    (void)state;
    struct tally t = {0};
    struct engine_report rep;
    char err[256];
    assert_int_equal(engine_run(2, false, count_run, &t, &rep, err, sizeof err), 0);
    assert_int_equal(rep.placement, PLACEMENT_NO_PIN);
    unsigned more = rep.cpus_usable + 1;
    if (more > RACEDEMO_MAX_THREADS)
        skip();
    assert_int_equal(engine_run(more, true, count_run, &t, &rep, err, sizeof err), 0);
    assert_int_equal(rep.placement, PLACEMENT_TOO_FEW);
}

static void test_thread_creation_failure_stops_everything_and_says_why(void **state)
{
    (void)state;
    const int fail_at[] = {1, 2, 7};
    for (size_t k = 0; k < sizeof fail_at / sizeof fail_at[0]; k++) {
        struct tally t = {0};
        struct engine_report rep;
        char err[256] = "";
        engine_fail_thread_create(fail_at[k], EAGAIN);
        int rc = engine_run(8, true, count_run, &t, &rep, err, sizeof err);
        engine_fail_thread_create(-1, 0);
        assert_int_equal(rc, EAGAIN);
        char want[64];
        snprintf(want, sizeof want, "could not create worker thread %d of 8", fail_at[k] + 1);
        assert_non_null(strstr(err, want));
        /* The workers that did start were released without working. */
        for (unsigned i = 0; i < 8; i++)
            assert_int_equal(atomic_load(&t.runs[i]), 0);
    }
}

static void test_cli_exits_3_when_a_thread_cannot_be_created(void **state)
{
    (void)state;
    char *argv[] = {"racedemo", "counter", "--threads", "4", NULL};
    FILE *out = tmpfile(), *err = tmpfile();
    engine_fail_thread_create(3, EAGAIN);
    int status = racedemo_main(4, argv, out, err);
    engine_fail_thread_create(-1, 0);
    assert_int_equal(status, EXIT_FAILED);
    char text[512] = "";
    rewind(err);
    size_t n = fread(text, 1, sizeof text - 1, err);
    text[n] = '\0';
    assert_non_null(strstr(text, "racedemo counter: could not create worker thread 4 of 4"));
    assert_int_equal(ftell(out), 0);
    fclose(out);
    fclose(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_worker_runs_once_with_its_own_index),
        cmocka_unit_test(test_refuses_zero_and_too_many_threads),
        cmocka_unit_test(test_wall_time_spans_first_start_to_last_finish),
        cmocka_unit_test(test_pins_one_thread_per_cpu_when_there_are_enough),
        cmocka_unit_test(test_reports_how_threads_were_placed_otherwise),
        cmocka_unit_test(test_thread_creation_failure_stops_everything_and_says_why),
        cmocka_unit_test(test_cli_exits_3_when_a_thread_cannot_be_created),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
