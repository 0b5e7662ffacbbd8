/* test_result.c: the arithmetic behind every number a report prints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "format.h"
#include "result.h"

static struct result two_threads(uint64_t expected, uint64_t observed, uint64_t wall_ns)
{
    struct result r = {
        .threads = 2, .per_thread = expected / 2, .expected = expected, .observed = observed};
    r.run.nthreads = 2;
    r.run.wall_ns = wall_ns;
    r.run.end_ns[0] = wall_ns;
    r.run.end_ns[1] = wall_ns;
    return r;
}

static void test_lost_is_expected_minus_observed(void **state)
{
    (void)state;
    struct result r = two_threads(200000, 117394, 1000);
    assert_int_equal(result_lost(&r), 82606);
    assert_false(result_correct(&r));
}

static void test_lost_is_zero_and_correct_when_totals_match(void **state)
{
    (void)state;
    struct result r = two_threads(200000, 200000, 1000);
    assert_int_equal(result_lost(&r), 0);
    assert_true(result_correct(&r));
    assert_true(result_lost_percent(&r) == 0.0);
}

static void test_lost_is_negative_when_more_arrived(void **state)
{
    (void)state;
    struct result r = two_threads(100, 103, 1000);
    assert_int_equal(result_lost(&r), -3);
    assert_false(result_correct(&r));
}

static void test_lost_percent_of_expected(void **state)
{
    (void)state;
    struct result r = two_threads(200000, 150000, 1000);
    assert_float_equal(result_lost_percent(&r), 25.0, 1e-9);
    r = two_threads(0, 0, 1000);
    assert_float_equal(result_lost_percent(&r), 0.0, 1e-9);
}

static void test_ns_per_op_divides_wall_time_by_all_operations(void **state)
{
    (void)state;
    struct result r = two_threads(200000, 200000, 3000000); /* 3 ms over 200,000 ops */
    assert_int_equal(result_ops(&r), 200000);
    assert_float_equal(result_ns_per_op(&r), 15.0, 1e-9);
    r.per_thread = 0;
    assert_float_equal(result_ns_per_op(&r), 0.0, 1e-9);
}

static void test_overlap_runs_from_last_start_to_first_end(void **state)
{
    (void)state;
    struct result r = two_threads(10, 10, 100);
    r.run.start_ns[0] = 0;
    r.run.end_ns[0] = 80;
    r.run.start_ns[1] = 30;
    r.run.end_ns[1] = 100;
    assert_int_equal(result_overlap_ns(&r), 50);
    assert_float_equal(result_overlap_percent(&r), 50.0, 1e-9);
}

static void test_overlap_is_zero_when_threads_ran_one_after_another(void **state)
{
    (void)state;
    struct result r = two_threads(10, 10, 100);
    r.run.start_ns[0] = 0;
    r.run.end_ns[0] = 40;
    r.run.start_ns[1] = 60;
    r.run.end_ns[1] = 100;
    assert_int_equal(result_overlap_ns(&r), 0);
}

static void test_settings_keep_their_order_and_values(void **state)
{
    (void)state;
    struct result r = {0};
    result_add_setting_u64(&r, "threads", 8);
    result_add_setting(&r, "sync", "peterson");
    assert_int_equal(r.nsettings, 2);
    assert_string_equal(r.settings[0].name, "threads");
    assert_string_equal(r.settings[0].value, "8");
    assert_string_equal(r.settings[1].value, "peterson");
}

static void test_format_count_groups_thousands(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(format_count(buf, sizeof buf, 0), "0");
    assert_string_equal(format_count(buf, sizeof buf, 999), "999");
    assert_string_equal(format_count(buf, sizeof buf, 1000), "1,000");
    assert_string_equal(format_count(buf, sizeof buf, 1234567), "1,234,567");
    assert_string_equal(format_count(buf, sizeof buf, -82606), "-82,606");
    assert_string_equal(format_count(buf, sizeof buf, INT64_MIN), "-9,223,372,036,854,775,808");
}

static void test_format_duration_picks_a_readable_unit(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(format_duration(buf, sizeof buf, 999), "999 ns");
    assert_string_equal(format_duration(buf, sizeof buf, 41500), "41.500 us");
    assert_string_equal(format_duration(buf, sizeof buf, 1520000), "1.520 ms");
    assert_string_equal(format_duration(buf, sizeof buf, 2500000000u), "2.500 s");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lost_is_expected_minus_observed),
        cmocka_unit_test(test_lost_is_zero_and_correct_when_totals_match),
        cmocka_unit_test(test_lost_is_negative_when_more_arrived),
        cmocka_unit_test(test_lost_percent_of_expected),
        cmocka_unit_test(test_ns_per_op_divides_wall_time_by_all_operations),
        cmocka_unit_test(test_overlap_runs_from_last_start_to_first_end),
        cmocka_unit_test(test_overlap_is_zero_when_threads_ran_one_after_another),
        cmocka_unit_test(test_settings_keep_their_order_and_values),
        cmocka_unit_test(test_format_count_groups_thousands),
        cmocka_unit_test(test_format_duration_picks_a_readable_unit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
