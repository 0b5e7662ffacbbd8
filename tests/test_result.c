/* test_result.c: the arithmetic behind every number a report prints, and
 * the words the text report puts around them. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/cli.h"
#include "compare/compare.h"
#include "compare/render.h"
#include "report/format.h"
#include "report/render.h"
#include "racedemo/racedemo.h"
#include "racedemo/result.h"
#include "racedemo/sync.h"
#include "racedemo/workload.h"
#include "racedemo/tally.h"
#include "result/verdict.h"

/* A two-thread result whose trials observed the given totals. */
static struct result two_threads(uint64_t expected, const uint64_t *observed, size_t n)
{
    struct result r = {.threads = 2, .work.per_thread = expected / 2, .work.expected = expected};
    for (size_t i = 0; i < n; i++) {
        struct trial_result t = {.observed = observed[i], .wall_ns = 1000 * (i + 1)};
        assert_true(result_add_trial(&r, &t, NULL));
    }
    return r;
}

static void test_lost_is_expected_minus_observed(void **state)
{
    (void)state;
    struct result r = two_threads(200000, (uint64_t[]){117394}, 1);
    assert_int_equal(result_lost(&r, &r.trials.kept[0]), 82606);
    assert_false(result_correct(&r, &r.trials.kept[0]));
    assert_false(result_all_correct(&r));
    result_free(&r);
}

static void test_lost_is_zero_and_correct_when_totals_match(void **state)
{
    (void)state;
    struct result r = two_threads(200000, (uint64_t[]){200000, 200000}, 2);
    assert_int_equal(result_lost(&r, &r.trials.kept[1]), 0);
    assert_true(result_all_correct(&r));
    assert_true(result_lost_percent(&r, &r.trials.kept[0]) == 0.0);
    result_free(&r);
}

static void test_lost_is_negative_when_more_arrived(void **state)
{
    (void)state;
    struct result r = two_threads(100, (uint64_t[]){103}, 1);
    assert_int_equal(result_lost(&r, &r.trials.kept[0]), -3);
    assert_false(result_correct(&r, &r.trials.kept[0]));
    result_free(&r);
}

static void test_lost_percent_of_expected(void **state)
{
    (void)state;
    struct result r = two_threads(200000, (uint64_t[]){150000}, 1);
    assert_float_equal(result_lost_percent(&r, &r.trials.kept[0]), 25.0, 1e-9);
    result_free(&r);
    r = two_threads(0, (uint64_t[]){0}, 1);
    assert_float_equal(result_lost_percent(&r, &r.trials.kept[0]), 0.0, 1e-9);
    result_free(&r);
}

static void test_ns_per_op_divides_wall_time_by_all_operations(void **state)
{
    (void)state;
    struct result r = two_threads(200000, NULL, 0); /* 200,000 operations a trial */
    assert_int_equal(result_ops(&r), 200000);
    assert_float_equal(result_ns_per_op(&r, 3000000), 15.0, 1e-9);
    r.work.per_thread = 0;
    assert_float_equal(result_ns_per_op(&r, 3000000), 0.0, 1e-9);
}

static void test_overlap_runs_from_last_start_to_first_end(void **state)
{
    (void)state;
    struct engine_report run = {.nthreads = 2, .wall_ns = 100};
    run.end_ns[0] = 80;
    run.start_ns[1] = 30;
    run.end_ns[1] = 100;
    assert_int_equal(result_overlap_ns(&run), 50);
    struct trial_result t = {.wall_ns = 100, .overlap_ns = 50};
    assert_float_equal(result_overlap_percent(&t), 50.0, 1e-9);
}

static void test_overlap_is_zero_when_threads_ran_one_after_another(void **state)
{
    (void)state;
    struct engine_report run = {.nthreads = 2, .wall_ns = 100};
    run.end_ns[0] = 40;
    run.start_ns[1] = 60;
    run.end_ns[1] = 100;
    assert_int_equal(result_overlap_ns(&run), 0);
}

static void test_overlap_counts_two_or_more_working_even_if_never_all(void **state)
{
    (void)state;
    /* Three workers that never all work at once (the old measure said 0,
     * beside thousands of lost updates): two or more work during 40-50
     * and 60-100. */
    struct engine_report run = {.nthreads = 3, .wall_ns = 120};
    run.end_ns[0] = 50;
    run.start_ns[1] = 40;
    run.end_ns[1] = 100;
    run.start_ns[2] = 60;
    run.end_ns[2] = 120;
    assert_int_equal(result_overlap_ns(&run), 10 + 40);
}

static void test_overlap_of_workers_that_only_touch_is_zero(void **state)
{
    (void)state;
    /* One finishes as the next starts, in any order of the workers. */
    struct engine_report run = {.nthreads = 3, .wall_ns = 90};
    run.start_ns[0] = 60;
    run.end_ns[0] = 90;
    run.end_ns[1] = 30;
    run.start_ns[2] = 30;
    run.end_ns[2] = 60;
    assert_int_equal(result_overlap_ns(&run), 0);
}

static void test_summary_counts_races_and_lost_statistics(void **state)
{
    (void)state;
    /* lost: 0, 10, 40, 30 -> raced 3 of 4, median (10 + 30) / 2 = 20, mean 20 */
    struct result r = two_threads(100, (uint64_t[]){100, 90, 60, 70}, 4);
    struct summary s;
    assert_true(result_summarize(&r, &s));
    assert_int_equal(s.trials, 4);
    assert_int_equal(s.raced, 3);
    assert_int_equal(s.lost_min, 0);
    assert_int_equal(s.lost_max, 40);
    assert_float_equal(s.lost_median, 20.0, 1e-9);
    assert_float_equal(s.lost_mean, 20.0, 1e-9);
    assert_int_equal(s.wall_median_ns, 3000); /* walls 1000..4000: the upper middle */
    assert_float_equal(s.ns_per_op_median, 30.0, 1e-9);
    result_free(&r);
}

static void test_histogram_lists_each_outcome_when_few(void **state)
{
    (void)state;
    struct result r = two_threads(100, (uint64_t[]){100, 90, 100, 90, 90, 51}, 6);
    struct summary s;
    assert_true(result_summarize(&r, &s));
    assert_true(s.by_value);
    assert_int_equal(s.nbuckets, 3);
    assert_int_equal(s.buckets[0].lo, 0);
    assert_int_equal(s.buckets[0].count, 2);
    assert_int_equal(s.buckets[1].lo, 10);
    assert_int_equal(s.buckets[1].count, 3);
    assert_int_equal(s.buckets[2].lo, 49);
    assert_int_equal(s.buckets[2].count, 1);
    result_free(&r);
}

static void test_histogram_groups_many_outcomes_in_ranges(void **state)
{
    (void)state;
    uint64_t observed[300];
    for (size_t i = 0; i < 300; i++)
        observed[i] = 1000 - i; /* lost 0..299, each once */
    struct result r = two_threads(1000, observed, 300);
    struct summary s;
    assert_true(result_summarize(&r, &s));
    assert_false(s.by_value);
    /* The correct trials keep their own row, then ranges over 1..299. */
    assert_int_equal(s.buckets[0].lo, 0);
    assert_int_equal(s.buckets[0].hi, 0);
    assert_int_equal(s.buckets[0].count, 1);
    size_t total = 0;
    for (size_t i = 0; i < s.nbuckets; i++) {
        total += s.buckets[i].count;
        if (i > 1)
            assert_int_equal(s.buckets[i].lo, s.buckets[i - 1].hi + 1);
    }
    assert_int_equal(total, 300);
    assert_true(s.nbuckets <= SUMMARY_MAX_BUCKETS);
    assert_int_equal(s.buckets[s.nbuckets - 1].hi, 299);
    result_free(&r);
}

/* The text report of r, summarised first; the caller frees it. */
static char *report_of(const struct result *r)
{
    struct summary s;
    assert_true(result_summarize(r, &s));
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    render_text(out, &(struct text_layout){.width = FORMAT_WIDTH_DEFAULT}, r, &s, false);
    fclose(out);
    return text;
}

/* A bank-like result: money, which transfers can destroy or create. */
static struct result bank_like(const uint64_t *observed, size_t n)
{
    struct result r = two_threads(10000000, observed, n);
    r.workload = "bank";
    r.strategy.name = "none";
    r.strategy.summary = "no synchronization";
    r.work.action = "from := from - amount; to := to + amount";
    r.work.op_noun = "transfer";
    r.words.race_reason = "two tellers stored over each other's update";
    r.words.unit = "$";
    r.words.amounts = true;
    r.words.either_side = true;
    r.words.below = "money destroyed";
    r.words.above = "money created";
    r.words.right = "all {expected} is there, and no audit saw another total";
    r.words.short_of = "{lost} of the {expected} vanished";
    return r;
}

static void test_money_created_is_named_not_a_negative_loss(void **state)
{
    (void)state;
    struct result r = bank_like((uint64_t[]){10000193}, 1);
    char *text = report_of(&r);
    assert_non_null(
        strstr(text, "\n  off by          +$193  (under 0.01% of expected): money created\n"));
    assert_null(strstr(text, "-$193"));
    assert_null(strstr(text, "-0.00%"));
    free(text);
    result_free(&r);
}

static void test_signed_summaries_say_which_side(void **state)
{
    (void)state;
    /* off by -954, +600, -100: one trial created money, two destroyed it */
    struct result r = bank_like((uint64_t[]){9999046, 10000600, 9999900}, 3);
    char *text = report_of(&r);
    assert_non_null(strstr(text,
                           "\n  off by    min -$954, median -$100.0, mean -$151.3, max +$600\n"
                           "            money destroyed (-) in 2 trials, money created (+) "
                           "in 1 trial\n"));
    assert_non_null(strstr(text, "\n  outcomes  off by "));
    assert_non_null(strstr(text, "\n            -$954 "));
    assert_non_null(strstr(text, "\n            +$600 "));
    assert_non_null(strstr(text, "(-: money destroyed, +: money created)"));
    assert_null(strstr(text, "lost"));
    free(text);
    result_free(&r);
}

static void test_a_short_sum_is_an_amount_not_lost_additions(void **state)
{
    (void)state;
    /* --op sum: 2 threads adding 1..100,000 each; the sum, not a count. */
    struct result r = two_threads(10000100000, (uint64_t[]){5351983479}, 1);
    r.workload = "counter";
    r.strategy.name = "none";
    r.strategy.summary = "no synchronization";
    r.work.action = "sum := sum + i";
    r.work.op_noun = "addition";
    r.work.per_thread = 100000;
    r.words.race_reason = "threads stored over each other's update";
    r.words.amounts = true;
    r.words.total_name = "the sum";
    r.words.short_label = "short by";
    r.words.below = "short";
    r.words.above = "over";
    r.words.right = "the sum is the expected {expected}";
    r.words.short_of = "the sum is {lost} short of {expected}";
    char *text = report_of(&r);
    assert_non_null(strstr(text, "\n  short by   4,648,116,521  (46.48% of expected)\n"));
    assert_non_null(
        strstr(text, "\n  verdict   RACE: the sum is 4,648,116,521 short of 10,000,100,000;\n"));
    assert_null(strstr(text, "additions were lost"));
    free(text);
    result_free(&r);
}

static void test_one_audit_is_singular(void **state)
{
    (void)state;
    static const struct result_metric audits[] = {
        {.key = "audits", .label = "audits", .noun = "sum", .meaning = "of every account"},
        {.key = "audits_wrong",
         .label = "wrong",
         .noun = "audit",
         .meaning = "saw another total",
         .failure = "it read a transfer half done"},
    };
    struct result r = bank_like(NULL, 0);
    r.metrics = audits;
    r.nmetrics = 2;
    struct trial_result t = {.observed = 10000000, .wall_ns = 1000};
    assert_true(result_add_trial(&r, &t, (int64_t[]){1, 1}));
    char *text = report_of(&r);
    assert_non_null(strstr(text, "\n  audits    1 sum of every account\n"));
    assert_non_null(strstr(text, "\n  wrong     1 audit saw another total\n"));
    assert_non_null(strstr(text, "\n            1 audit saw another total: it read a transfer"));
    free(text);
    result_free(&r);
}

/* What `render` writes of r (summarised first); the caller frees it. */
static char *rendered(const struct result *r,
                      void (*render)(FILE *, const struct result *, const struct summary *))
{
    struct summary s;
    assert_true(result_summarize(r, &s));
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    render(out, r, &s);
    fclose(out);
    return text;
}

static void csv_of(FILE *out, const struct result *r, const struct summary *s)
{
    (void)s;
    render_csv(out, r, true);
}

/* The bank's audits: a trial in which no audit ran has no lowest or
 * highest audit, and no format makes one up. */
static const struct result_metric audit_range[] = {
    {.key = "audits", .label = "audits", .noun = "sum", .meaning = "of every account"},
    {.key = "audit_low", .label = "lowest", .total = METRIC_MIN, .amount = true},
    {.key = "audit_high", .label = "highest", .total = METRIC_MAX, .amount = true},
};

static void test_a_trial_without_audits_has_no_audit_range(void **state)
{
    (void)state;
    struct result r = bank_like(NULL, 0);
    r.metrics = audit_range;
    r.nmetrics = 3;
    struct trial_result t = {.observed = 10000000, .wall_ns = 1000};
    assert_true(result_add_trial(&r, &t, (int64_t[]){0, METRIC_NONE, METRIC_NONE}));
    char *text = report_of(&r), *json = rendered(&r, render_json), *csv = rendered(&r, csv_of);
    assert_non_null(strstr(text, "\n  audits    0 sums of every account\n"));
    assert_null(strstr(text, "lowest"));
    assert_null(strstr(text, "highest"));
    assert_non_null(strstr(json, "\"audits\": 0, \"audit_low\": null, \"audit_high\": null}"));
    assert_non_null(strstr(json, "\n    \"audit_low\": null,\n    \"audit_high\": null,\n"));
    assert_non_null(strstr(csv, ",audits,audit_low,audit_high,"));
    assert_non_null(strstr(csv, ",0,,,NO_RACE_SEEN,"));
    free(text);
    free(json);
    free(csv);
    /* The range over trials is that of the trials with audits. */
    assert_true(result_add_trial(&r, &t, (int64_t[]){2, 9999990, 10000020}));
    assert_true(result_add_trial(&r, &t, (int64_t[]){0, METRIC_NONE, METRIC_NONE}));
    struct summary s;
    assert_true(result_summarize(&r, &s));
    assert_int_equal(s.metric[0], 2);
    assert_int_equal(s.metric[1], 9999990);
    assert_int_equal(s.metric[2], 10000020);
    assert_int_equal(s.metric_median[1], 9999990);
    text = report_of(&r);
    assert_non_null(strstr(text, "\n  lowest    $9,999,990: $10 below the expected total (lowest"));
    free(text);
    result_free(&r);
}

/* The same from the tallies, when more trials ran than are kept. */
static void test_a_metric_no_trial_has_is_none_past_the_kept_trials(void **state)
{
    (void)state;
    struct result r = bank_like(NULL, 0);
    r.metrics = audit_range;
    r.nmetrics = 3;
    r.trials.keep = 2;
    struct trial_result t = {.observed = 10000000, .wall_ns = 1000};
    for (int i = 0; i < 5; i++)
        assert_true(result_add_trial(&r, &t, (int64_t[]){0, METRIC_NONE, METRIC_NONE}));
    struct summary s;
    assert_true(result_summarize(&r, &s));
    assert_int_equal(s.metric[1], METRIC_NONE);
    assert_int_equal(s.metric_median[1], METRIC_NONE);
    assert_int_equal(s.metric_median[0], 0);
    assert_true(result_add_trial(&r, &t, (int64_t[]){1, 10000005, 10000005}));
    assert_true(result_summarize(&r, &s));
    assert_int_equal(s.metric[2], 10000005);
    assert_int_equal(s.metric_median[2], 10000005);
    result_free(&r);
}

static void test_format_width_is_columns_else_the_terminal_else_80(void **state)
{
    (void)state;
    assert_int_equal(format_choose_width(NULL, 0), 80);
    assert_int_equal(format_choose_width(NULL, 132), 132);
    assert_int_equal(format_choose_width("100", 132), 100); /* COLUMNS wins */
    assert_int_equal(format_choose_width("40", 132), 60);   /* never under 60 */
    assert_int_equal(format_choose_width("999", 0), 200);   /* nor over 200 */
    assert_int_equal(format_choose_width("wide", 0), 80);   /* not a number */
    assert_int_equal(format_choose_width("", 90), 90);
    assert_int_equal(format_choose_width(NULL, 20), 60);
}

static void test_format_progress_line_is_cut_and_cleared(void **state)
{
    (void)state;
    char buf[200];
    format_progress_line(buf, sizeof buf, "  12 trials done", 60);
    assert_string_equal(buf, "\r  12 trials done\033[K");
    const char *long_text =
        "  1,234,567 trials done, 12.345 s elapsed, about 1.234 s left, and more";
    format_progress_line(buf, sizeof buf, long_text, 60);
    assert_int_equal(strlen(buf), 1 + 59 + 3); /* "\r", 59 columns, "\033[K" */
}

static void test_format_cpu_ranges_joins_runs(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(format_cpu_ranges(buf, sizeof buf, (int[]){1, 0, 0, 1, 1}, 5), "0-1");
    assert_string_equal(format_cpu_ranges(buf, sizeof buf, (int[]){5, 0, 2, 3, 1}, 5), "0-3, 5");
    assert_string_equal(format_cpu_ranges(buf, sizeof buf, (int[]){-1}, 1), "");
}

static void test_format_columns_fit_drops_the_bar_first(void **state)
{
    (void)state;
    const int w[4] = {22, 9, 10, 11};
    assert_int_equal(format_columns_fit(200, 60, w), 15u);
    assert_int_equal(format_columns_fit(100, 60, w), 14u); /* 60 + 30: no bar */
    assert_int_equal(format_columns_fit(80, 60, w), 8u);   /* the time alone */
    assert_int_equal(format_columns_fit(60, 60, w), 0u);
}

/* Text fitted to 60 columns into a string. */
static char *fitted(const char *text)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    format_fit(f, &(struct text_layout){.width = 60}, text);
    assert_int_equal(fclose(f), 0);
    return out;
}

static void test_format_fit_wraps_under_the_value(void **state)
{
    (void)state;
    char *out = fitted("  label     one two three four five six seven eight nine ten eleven "
                       "twelve\nshort\n");
    assert_string_equal(out, "  label     one two three four five six seven eight nine ten\n"
                             "            eleven twelve\nshort\n");
    free(out);
    /* Colour takes no room. */
    out = fitted("  verdict   \033[31mRACE\033[0m: one two three four five six seven eight "
                 "nine ten\n");
    assert_non_null(strstr(out, "eight\n            nine ten\n"));
    free(out);
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

static void test_format_decimal_groups_and_keeps_one_decimal(void **state)
{
    (void)state;
    char buf[48];
    assert_string_equal(format_decimal(buf, sizeof buf, 76599.5), "76,599.5");
    assert_string_equal(format_decimal(buf, sizeof buf, 0.0), "0.0");
    assert_string_equal(format_decimal(buf, sizeof buf, 1234567.04), "1,234,567.0");
    assert_string_equal(format_decimal(buf, sizeof buf, -3.25), "-3.3");
}

static void test_format_decimals_groups_thousands_at_any_precision(void **state)
{
    (void)state;
    char buf[48];
    /* ns per operation: "12030.27" was printed without its separator. */
    assert_string_equal(format_decimals(buf, sizeof buf, 12030.27, 2), "12,030.27");
    assert_string_equal(format_decimals(buf, sizeof buf, 0.456, 2), "0.46");
    assert_string_equal(format_decimals(buf, sizeof buf, 0.995, 2), "1.00");
    assert_string_equal(format_decimals(buf, sizeof buf, -0.001, 2), "0.00");
    assert_string_equal(format_decimals(buf, sizeof buf, 1234.5, 0), "1,235");
}

static void test_format_noun_agrees_with_its_count(void **state)
{
    (void)state;
    char buf[48];
    assert_string_equal(format_counted(buf, sizeof buf, 1, "audit"), "1 audit");
    assert_string_equal(format_counted(buf, sizeof buf, 1234, "sum"), "1,234 sums");
    assert_string_equal(format_counted(buf, sizeof buf, 0, "trial"), "0 trials");
    assert_string_equal(format_noun(buf, sizeof buf, 2, "process"), "processes");
    assert_string_equal(format_noun(buf, sizeof buf, 1, "process"), "process");
    assert_string_equal(format_noun(buf, sizeof buf, 3, "batch"), "batches");
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

static int compare_int64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* A reproducible stream of values (a linear congruential generator). */
static uint64_t next_random(uint64_t *state)
{
    *state = *state * 6364136223846793005u + 1442695040888963407u;
    return *state >> 33;
}

/* While the distinct values fit their map, every rank is exact. */
static void test_tally_is_exact_while_values_fit(void **state)
{
    (void)state;
    struct value_tally t = {.cap = 64};
    int64_t v[500];
    uint64_t seed = 1;
    for (size_t i = 0; i < 500; i++) {
        v[i] = (int64_t)(next_random(&seed) % 50) - 20; /* 50 values, some negative */
        assert_true(tally_add(&t, v[i]));
    }
    qsort(v, 500, sizeof *v, compare_int64);
    assert_true(tally_complete(&t));
    assert_int_equal(t.min, v[0]);
    assert_int_equal(t.max, v[499]);
    for (uint64_t rank = 0; rank < 500; rank++) {
        int64_t got;
        bool ok;
        assert_true(tally_at(&t, rank, &got, &ok));
        assert_true(ok);
        assert_int_equal(got, v[rank]);
    }
    tally_free(&t);
}

/* Past the map's cap, a rank is exact or within 1/128 of the true value,
 * and the median of a steady stream stays exact: its bucket is kept. */
static void test_tally_past_its_cap_is_exact_or_within_its_bound(void **state)
{
    (void)state;
    enum { N = 20000 };
    static int64_t v[N];
    struct value_tally t = {.cap = 1024};
    uint64_t seed = 7;
    for (size_t i = 0; i < N; i++) {
        /* Wide and signed: many more distinct values than the cap. */
        int64_t x = (int64_t)(next_random(&seed) % 2000000) - 400000;
        v[i] = i % 3 ? x : x * 1000000;
        assert_true(tally_add(&t, v[i]));
    }
    qsort(v, N, sizeof *v, compare_int64);
    assert_false(tally_complete(&t));
    assert_int_equal(t.n, N);
    assert_int_equal(t.min, v[0]);
    assert_int_equal(t.max, v[N - 1]);
    size_t exact = 0;
    for (uint64_t rank = 0; rank < N; rank += 97) {
        int64_t got;
        bool ok;
        bool is_exact = tally_at(&t, rank, &got, &ok);
        assert_true(ok);
        double err = (double)got - (double)v[rank];
        double bound = (v[rank] < 0 ? -(double)v[rank] : (double)v[rank]) / 128.0;
        if (is_exact)
            assert_int_equal(got, v[rank]);
        else
            assert_true(err <= bound && -err <= bound);
        exact += is_exact;
    }
    int64_t median;
    bool ok;
    assert_true(tally_at(&t, N / 2, &median, &ok));
    assert_int_equal(median, v[N / 2]);
    assert_true(exact < (N + 96) / 97); /* some, far from the median, by bucket only */
    tally_free(&t);
}

/* Values at the ends of int64 land in the first and last buckets. */
static void test_tally_buckets_cover_all_of_int64(void **state)
{
    (void)state;
    int64_t probes[] = {
        INT64_MIN, INT64_MIN + 1,    -65,           -64,      -63, -1, 0, 1, 63, 64, 65, 127,
        128,       (int64_t)1 << 40, INT64_MAX - 1, INT64_MAX};
    int last = -1;
    for (size_t i = 0; i < sizeof probes / sizeof *probes; i++) {
        int b = tally_bucket(probes[i]);
        int64_t lo, hi;
        tally_bucket_range(b, &lo, &hi);
        assert_true(b >= 0 && b < TALLY_BUCKETS);
        assert_true(b >= last); /* in the order of the values */
        assert_true(lo <= probes[i] && probes[i] <= hi);
        last = b;
    }
}

/* Two trials with 128 lost, of an expected total of INT64_MAX: the sum
 * does not fit 64 bits, the mean is still right. */
static void test_mean_of_huge_losses_does_not_overflow(void **state)
{
    (void)state;
    struct result r = {.threads = 2, .work.expected = INT64_MAX};
    for (int i = 0; i < 4; i++) {
        struct trial_result t = {.observed = i % 2 ? 0 : 2, .wall_ns = 10};
        assert_true(result_add_trial(&r, &t, NULL));
    }
    struct summary s;
    assert_true(result_summarize(&r, &s));
    assert_float_equal(s.lost_mean, (double)INT64_MAX - 1.0, 1e3);
    assert_true(s.lost_mean > 9.2e18);
    result_free(&r);
}

/* A result that keeps only its first 50 trials summarises all 5,000 the
 * same as one that keeps them all: counts, lost statistics, histogram;
 * its time median is exact or within 1/128. */
static void test_summary_of_more_trials_than_kept_is_the_same(void **state)
{
    (void)state;
    struct result all = {.threads = 2, .work.per_thread = 500, .work.expected = 1000};
    struct result few = all;
    few.trials.keep = 50;
    uint64_t seed = 3;
    for (size_t i = 0; i < 5000; i++) {
        uint64_t x = next_random(&seed);
        struct trial_result t = {.observed = 1000 - (int64_t)(x % 4 ? 0 : x % 300),
                                 .wall_ns = 1000 + x % 100000};
        struct trial_result u = t;
        assert_true(result_add_trial(&all, &t, NULL));
        assert_true(result_add_trial(&few, &u, NULL));
    }
    assert_int_equal(few.trials.nkept, 50);
    assert_int_equal(few.trials.count, 5000);
    assert_false(result_all_kept(&few));
    struct summary a, f;
    assert_true(result_summarize(&all, &a));
    assert_true(result_summarize(&few, &f));
    assert_int_equal(f.trials, a.trials);
    assert_int_equal(f.raced, a.raced);
    assert_int_equal(f.lost_min, a.lost_min);
    assert_int_equal(f.lost_max, a.lost_max);
    assert_true(f.lost_median == a.lost_median && f.lost_median_exact);
    assert_true(f.lost_mean == a.lost_mean);
    assert_int_equal(f.nbuckets, a.nbuckets);
    for (size_t i = 0; i < a.nbuckets; i++) {
        assert_int_equal(f.buckets[i].lo, a.buckets[i].lo);
        assert_int_equal(f.buckets[i].hi, a.buckets[i].hi);
        assert_int_equal(f.buckets[i].count, a.buckets[i].count);
    }
    assert_true(a.wall_median_exact);
    double err = (double)f.wall_median_ns - (double)a.wall_median_ns;
    assert_true(err <= (double)a.wall_median_ns / 128 && -err <= (double)a.wall_median_ns / 128);
    assert_int_equal(result_verdict(&few), result_verdict(&all));
    result_free(&all);
    result_free(&few);
}

/* With more distinct lost counts than the map holds, the histogram's rows
 * start at bucket boundaries: each row's count is exactly the trials whose
 * lost count lies in it. */
static void test_histogram_past_the_map_counts_exactly(void **state)
{
    (void)state;
    enum { N = 100000 };
    static int64_t lost[N];
    struct result r = {.threads = 2, .work.per_thread = 1 << 29, .work.expected = 1 << 30};
    uint64_t seed = 11;
    for (size_t i = 0; i < N; i++) {
        uint64_t x = next_random(&seed);
        lost[i] = x % 5 ? (int64_t)(x % 1000000) : 0;
        struct trial_result t = {.observed = (int64_t)r.work.expected - lost[i], .wall_ns = 5};
        assert_true(result_add_trial(&r, &t, NULL));
    }
    assert_false(tally_complete(&r.trials.totals.lost));
    struct summary s;
    assert_true(result_summarize(&r, &s));
    assert_false(s.by_value);
    assert_true(s.nbuckets <= SUMMARY_MAX_BUCKETS);
    assert_int_equal(s.buckets[0].lo, 0);
    assert_int_equal(s.buckets[0].hi, 0);
    for (size_t k = 0; k < s.nbuckets; k++) {
        size_t count = 0;
        for (size_t i = 0; i < N; i++)
            count += lost[i] >= s.buckets[k].lo && lost[i] <= s.buckets[k].hi;
        assert_int_equal(count, s.buckets[k].count);
        if (k > 1) /* after the row of 0, the ranges start at the least lost */
            assert_int_equal(s.buckets[k].lo, s.buckets[k - 1].hi + 1);
    }
    assert_int_equal(s.buckets[s.nbuckets - 1].hi, s.lost_max);
    qsort(lost, N, sizeof *lost, compare_int64);
    double median = ((double)lost[N / 2 - 1] + (double)lost[N / 2]) / 2.0;
    if (s.lost_median_exact)
        assert_true(s.lost_median == median);
    else
        assert_true(s.lost_median - median <= median / 128 &&
                    median - s.lost_median <= median / 128);
    result_free(&r);
}

/* A right total is CORRECT only where the strategy promises exclusion;
 * without the promise it is NO RACE SEEN, except for a lone worker. */
static void test_a_right_total_is_correct_only_under_a_promise(void **state)
{
    (void)state;
    struct result r = two_threads(2000, (uint64_t[]){2000, 2000}, 2);
    assert_int_equal(result_verdict(&r), VERDICT_NO_RACE_SEEN);
    assert_int_equal(result_trial_verdict(&r, &r.trials.kept[0]), VERDICT_NO_RACE_SEEN);
    r.strategy.exclusive = true;
    assert_int_equal(result_verdict(&r), VERDICT_CORRECT);
    r.strategy.exclusive = false;
    r.threads = 1;
    assert_int_equal(result_verdict(&r), VERDICT_CORRECT);
    r.work.helpers = 1; /* the bank's auditor runs beside the one teller */
    assert_int_equal(result_verdict(&r), VERDICT_NO_RACE_SEEN);
    assert_string_equal(verdict_word(VERDICT_NO_RACE_SEEN), "NO RACE SEEN");
    assert_string_equal(verdict_token(VERDICT_NO_RACE_SEEN), "NO_RACE_SEEN");
    result_free(&r);
}

static void test_one_wrong_trial_makes_the_run_a_race(void **state)
{
    (void)state;
    struct result r = two_threads(2000, (uint64_t[]){2000, 1999, 2000}, 3);
    r.strategy.exclusive = true;
    assert_int_equal(result_verdict(&r), VERDICT_RACE);
    assert_int_equal(result_trial_verdict(&r, &r.trials.kept[2]), VERDICT_CORRECT);
    result_free(&r);
}

/* Who stalled: a strategy without a progress promise is STUCK by its own
 * failure; any other stall is STALLED (overload, or a corrupted count);
 * DEADLOCK only when every unfinished thread of a sleeping workload sleeps. */
static void test_a_stall_is_named_for_its_cause(void **state)
{
    (void)state;
    struct result r = {
        .threads = 2, .work.expected = 10, .stall.stuck = true, .strategy.exclusive = true};
    assert_int_equal(result_verdict(&r), VERDICT_STALLED);
    r.strategy.can_stall = true;
    assert_int_equal(result_verdict(&r), VERDICT_STUCK);
    snprintf(r.stall.why, sizeof r.stall.why, "the race corrupted count");
    assert_int_equal(result_verdict(&r), VERDICT_STALLED);
    r.stall.why[0] = '\0';
    r.strategy.can_stall = false;
    r.stall.deadlock = true; /* threads that sleep, but not all asleep */
    assert_int_equal(result_verdict(&r), VERDICT_STALLED);
    r.stall.all_asleep = true;
    assert_int_equal(result_verdict(&r), VERDICT_DEADLOCK);
}

/* Joins the lines a verdict was wrapped into (a newline and the indent
 * of its continuation become one space). */
static void unwrap(char *text)
{
    char *to = text;
    for (const char *p = text; *p; p++) {
        if (p[0] == '\n' && strncmp(p + 1, "            ", 12) == 0) {
            *to++ = ' ';
            p += 12;
            continue;
        }
        *to++ = *p;
    }
    *to = '\0';
}

/* A two-thread stall of strategy `name` in which thread i had done
 * done[i] of its 1,000 updates when the watchdog stopped the run. */
static struct result stall_of(const char *name, uint64_t done0, uint64_t done1)
{
    const struct sync_strategy *s = sync_find(name);
    assert_non_null(s);
    struct result r = {
        .workload = "counter",
        .threads = 2,
        .work.per_thread = 1000,
        .work.expected = 2000,
        .work.action = "N := N + 1",
        .work.op_noun = "increment",
        .stall = {
            .stuck = true, .after_ns = 500000000u, .done = {done0, done1}, .total = {1000, 1000}}};
    r.strategy.name = s->name;
    r.strategy.summary = s->summary;
    r.strategy.exclusive = s->exclusive;
    r.strategy.can_stall = s->can_stall;
    r.strategy.leaves_waiting = s->leaves_waiting;
    return r;
}

/* A strategy that can stall is STUCK only where its own rule explains the
 * stall from who had finished: turn when one thread finished and the
 * other waits for its turn; flags-set-first while both are at work (both
 * flags may be up). Any other stall is a thread kept off the CPUs, the
 * machine's: STALLED, which says so. A strategy that cannot stall is
 * never STUCK, whoever finished. */
static void
test_a_stall_is_stuck_only_where_the_strategys_rule_leaves_a_thread_waiting(void **state)
{
    (void)state;
    struct result r = stall_of("turn", 10, 10); /* equal work, neither done */
    assert_int_equal(result_verdict(&r), VERDICT_STALLED);
    char *text = report_of(&r);
    assert_non_null(strstr(text, "verdict   STALLED: nothing moved for 500.000 ms"));
    unwrap(text);
    assert_non_null(strstr(text, "; turn can stall by its own rule, but not with its threads "
                                 "where they were (below): the machine may be overloaded"));
    assert_null(strstr(text, "cannot deadlock"));
    free(text);
    r = stall_of("turn", 1000, 10); /* thread 0 stopped taking turns */
    assert_int_equal(result_verdict(&r), VERDICT_STUCK);
    r = stall_of("turn", 10, 1000);
    assert_int_equal(result_verdict(&r), VERDICT_STUCK);
    r = stall_of("flags-set-first", 10, 12); /* both at work: the raised flags */
    assert_int_equal(result_verdict(&r), VERDICT_STUCK);
    r = stall_of("flags-set-first", 1000, 12); /* thread 0's flag is down for good */
    assert_int_equal(result_verdict(&r), VERDICT_STALLED);
    r = stall_of("ticket", 1000, 12);
    assert_int_equal(result_verdict(&r), VERDICT_STALLED);
    r = stall_of("ticket", 10, 12);
    assert_int_equal(result_verdict(&r), VERDICT_STALLED);
    /* What the workload found wrong is never the strategy's rule. */
    r = stall_of("turn", 1000, 10);
    snprintf(r.stall.why, sizeof r.stall.why, "process 1 was stopped (SIGSTOP)");
    assert_int_equal(result_verdict(&r), VERDICT_STALLED);
}

/* A run that stalled after completed trials raced: its verdict is the
 * stall's, and says the races first; its completed trials' verdict is
 * RACE; with --check it exits 1 whatever the stall (3 and 5 without). */
static void test_races_before_a_stall_are_said_and_fail_the_check(void **state)
{
    (void)state;
    struct result r = stall_of("turn", 1000, 10); /* STUCK */
    struct trial_result t = {.observed = 1999, .wall_ns = 1000}, right = {.observed = 2000};
    assert_true(result_add_trial(&r, &right, NULL));
    assert_int_equal(result_completed_verdict(&r), VERDICT_CORRECT);
    assert_int_equal(result_exit_status(&r, true), EXIT_STUCK);
    assert_true(result_add_trial(&r, &t, NULL));
    assert_int_equal(result_verdict(&r), VERDICT_STUCK);
    assert_int_equal(result_completed_verdict(&r), VERDICT_RACE);
    assert_int_equal(result_exit_status(&r, false), EXIT_STUCK);
    assert_int_equal(result_exit_status(&r, true), EXIT_CHECK_FAILED);
    char *text = report_of(&r);
    unwrap(text);
    assert_non_null(strstr(text, "\n  trials    2 completed before the one that stalled\n"));
    assert_non_null(strstr(text, "\n  verdict   STUCK: 1 of 2 trials raced, then the run stalled: "
                                 "no thread made progress for 500.000 ms;"));
    free(text);
    r.stall.deadlock = r.stall.all_asleep = true;
    assert_int_equal(result_verdict(&r), VERDICT_DEADLOCK);
    assert_int_equal(result_exit_status(&r, false), EXIT_DEADLOCK);
    assert_int_equal(result_exit_status(&r, true), EXIT_CHECK_FAILED);
    result_free(&r);
}

/* compare's bars go to a log scale past 30x, judged on the rows with a
 * time (a zero is a row without one). */
static void test_bars_are_logarithmic_only_past_thirty_times(void **state)
{
    (void)state;
    const uint64_t close[] = {1000, 1200, 2500}; /* mutex, spinlock, semaphore-like */
    const uint64_t thirty[] = {100, 3000};
    const uint64_t wide[] = {100, 3001, 2000};
    const uint64_t with_zero[] = {0, 100, 200};
    assert_false(compare_log_scale(close, 3));
    assert_false(compare_log_scale(thirty, 2));
    assert_true(compare_log_scale(wide, 3));
    assert_false(compare_log_scale(with_zero, 3));
    assert_false(compare_log_scale(wide, 1));
    assert_false(compare_log_scale(NULL, 0));
}

/* A made-up row of a comparison: --sync `name`, one right trial of
 * wall_ns in which the threads did `ops` of their 100,000,000 increments
 * (fewer: --budget cut it at a clean point, and expected is what they did). */
static void made_up_row(struct compare_row *row, const struct run_config *run, const char *name,
                        uint64_t wall_ns, uint64_t ops)
{
    const uint64_t per_thread = 50000000;
    row->sync = sync_find(name);
    assert_non_null(row->sync);
    row->run = *run;
    row->run.sync = row->sync;
    struct result *r = &row->result;
    *r = (struct result){.workload = "counter", .threads = 2};
    r->strategy.name = name;
    r->strategy.exclusive = row->sync->exclusive;
    r->work.per_thread = per_thread;
    r->work.expected = 2 * per_thread;
    r->work.action = "N := N + 1";
    r->work.op_noun = "increment";
    r->run.budget_ns = 3000000000u;
    if (ops < 2 * per_thread) {
        r->run.budget_stopped = r->run.budget_cut = true;
        r->run.cut_ops = ops;
        r->run.cut_done[0] = ops / 2;
        r->run.cut_done[1] = ops - ops / 2;
        r->work.expected = ops;
    }
    struct trial_result t = {.observed = (int64_t)r->work.expected, .wall_ns = wall_ns};
    assert_true(result_add_trial(r, &t, NULL));
    assert_true(result_summarize(r, &row->summary));
}

/* The bars' block of compare's text: each row's ratio and marks, in the
 * table's order, and the line that says the scale. */
struct bar_block {
    char name[8][32];
    double ratio[8];
    size_t marks[8];
    size_t n;
    char scale[160];
};

static void read_bars(const char *text, struct bar_block *b)
{
    const char *at = strstr(text, "vs mutex  bar\n");
    assert_non_null(at);
    at = strchr(at, '\n') + 1;
    memset(b, 0, sizeof *b);
    while (b->n < 8 && sscanf(at, " %31s %lfx", b->name[b->n], &b->ratio[b->n]) == 2 &&
           strcmp(b->name[b->n], "bars:") != 0) {
        const char *end = strchr(at, '\n');
        for (const char *p = at; p < end; p++)
            b->marks[b->n] += *p == '#';
        b->n++;
        at = end + 1;
    }
    const char *end = strchr(at, '\n');
    assert_non_null(end);
    snprintf(b->scale, sizeof b->scale, "%.*s", (int)(end - at), at);
}

/* compare's bars, the "vs mutex" ratio beside each and the line under
 * them show one quantity, ns per operation: rows that --budget cut at its
 * 3 s (so the same wall time) have bars as far apart as their ratios, and
 * none's short full trial is not the budget's shortest. */
static void test_compare_bars_and_ratios_are_ns_per_operation(void **state)
{
    (void)state;
    int status;
    struct cli_run *cr =
        cli_run_once(3, (char *[]){"counter", "--iters", "10", NULL}, &status, stderr);
    assert_non_null(cr);
    struct compare_row rows[4] = {{0}};
    /* none: all 100,000,000 in 0.4 s; the others cut at the 3 s budget. */
    made_up_row(&rows[0], &cr->run, "none", 400000000u, 100000000u);  /* 4 ns */
    made_up_row(&rows[1], &cr->run, "flag", 3000000000u, 50000000u);  /* 60 ns */
    made_up_row(&rows[2], &cr->run, "mutex", 3000000000u, 75000000u); /* 40 ns */
    made_up_row(&rows[3], &cr->run, "turn", 3000000000u, 30000000u);  /* 100 ns */
    struct comparison c = {.workload = workload_find("counter"),
                           .config = cr->config,
                           .rows = rows,
                           .nrows = 4,
                           .planned = 4};
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    /* Wide enough for the times and the block of ratios (at 80 columns
     * each row has its own bar instead). */
    render_compare_text(out, &(struct text_layout){.width = 120}, &c);
    assert_int_equal(fclose(out), 0);
    struct bar_block b;
    read_bars(text, &b);
    static const char *const names[] = {"none", "flag", "mutex", "turn"};
    static const double ratios[] = {0.1, 1.5, 1.0, 2.5};
    static const size_t marks[] = {1, 12, 8, 20}; /* 20 x ns/op / 100, rounded up */
    assert_int_equal(b.n, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(b.name[i], names[i]);
        assert_true(b.ratio[i] > ratios[i] * 0.999 && b.ratio[i] < ratios[i] * 1.001);
        assert_int_equal(b.marks[i], marks[i]);
    }
    assert_string_equal(
        b.scale, "  bars: median ns per increment, linear (the longest is 25x the shortest)");
    free(text);
    /* The page's bars: each as long as its ns per operation, to scale. */
    out = open_memstream(&text, &len);
    assert_non_null(out);
    assert_true(render_compare_html(out, &(struct text_layout){.width = 80}, &c));
    assert_int_equal(fclose(out), 0);
    static const double ns[] = {4, 60, 40, 100};
    double width[4];
    const char *at = text;
    for (size_t i = 0; i < 4; i++) {
        at = strstr(at, "<rect x=\"150\" y=\"");
        assert_non_null(at);
        at = strstr(at, "width=\"") + strlen("width=\"");
        width[i] = strtod(at, NULL);
    }
    for (size_t i = 0; i < 4; i++)
        assert_true(width[i] / width[3] > ns[i] / ns[3] - 0.01 &&
                    width[i] / width[3] < ns[i] / ns[3] + 0.01);
    assert_non_null(strstr(text, "ns per operation, linear scale from 0"));
    free(text);
    for (size_t i = 0; i < 4; i++)
        result_free(&rows[i].result);
    cli_run_free(cr);
}

/* The index of strategy `name` in the registry. */
static size_t strategy_index(const char *name)
{
    for (size_t i = 0; sync_strategies[i]; i++)
        if (strcmp(sync_strategies[i]->name, name) == 0)
            return i;
    fail_msg("no strategy %s", name);
    return 0;
}

/* compare runs the strategies in the order --sync gave them, each once;
 * all, or no --sync, is the registry's order. */
static void test_compare_keeps_the_order_given(void **state)
{
    (void)state;
    size_t order[64];
    struct run_config run = {.sync_names = "tas,none,mutex,tas"};
    assert_int_equal(compare_order(&run, order, 64), 3);
    assert_int_equal(order[0], strategy_index("tas"));
    assert_int_equal(order[1], strategy_index("none"));
    assert_int_equal(order[2], strategy_index("mutex"));
    run.sync_names = "all";
    size_t n = compare_order(&run, order, 64);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(order[i], i);
    assert_null(sync_strategies[n]);
    run = (struct run_config){.sync_mask = (uint64_t)1 << strategy_index("mutex") |
                                           (uint64_t)1 << strategy_index("none")};
    assert_int_equal(compare_order(&run, order, 64), 2);
    assert_int_equal(order[0], strategy_index("none"));
    assert_int_equal(order[1], strategy_index("mutex"));
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
        cmocka_unit_test(test_overlap_counts_two_or_more_working_even_if_never_all),
        cmocka_unit_test(test_overlap_of_workers_that_only_touch_is_zero),
        cmocka_unit_test(test_summary_counts_races_and_lost_statistics),
        cmocka_unit_test(test_histogram_lists_each_outcome_when_few),
        cmocka_unit_test(test_histogram_groups_many_outcomes_in_ranges),
        cmocka_unit_test(test_money_created_is_named_not_a_negative_loss),
        cmocka_unit_test(test_signed_summaries_say_which_side),
        cmocka_unit_test(test_a_short_sum_is_an_amount_not_lost_additions),
        cmocka_unit_test(test_one_audit_is_singular),
        cmocka_unit_test(test_a_trial_without_audits_has_no_audit_range),
        cmocka_unit_test(test_a_metric_no_trial_has_is_none_past_the_kept_trials),
        cmocka_unit_test(test_format_count_groups_thousands),
        cmocka_unit_test(test_format_decimal_groups_and_keeps_one_decimal),
        cmocka_unit_test(test_format_decimals_groups_thousands_at_any_precision),
        cmocka_unit_test(test_format_noun_agrees_with_its_count),
        cmocka_unit_test(test_format_duration_picks_a_readable_unit),
        cmocka_unit_test(test_a_right_total_is_correct_only_under_a_promise),
        cmocka_unit_test(test_one_wrong_trial_makes_the_run_a_race),
        cmocka_unit_test(test_a_stall_is_named_for_its_cause),
        cmocka_unit_test(test_races_before_a_stall_are_said_and_fail_the_check),
        cmocka_unit_test(
            test_a_stall_is_stuck_only_where_the_strategys_rule_leaves_a_thread_waiting),
        cmocka_unit_test(test_tally_is_exact_while_values_fit),
        cmocka_unit_test(test_tally_past_its_cap_is_exact_or_within_its_bound),
        cmocka_unit_test(test_tally_buckets_cover_all_of_int64),
        cmocka_unit_test(test_mean_of_huge_losses_does_not_overflow),
        cmocka_unit_test(test_summary_of_more_trials_than_kept_is_the_same),
        cmocka_unit_test(test_histogram_past_the_map_counts_exactly),
        cmocka_unit_test(test_bars_are_logarithmic_only_past_thirty_times),
        cmocka_unit_test(test_compare_bars_and_ratios_are_ns_per_operation),
        cmocka_unit_test(test_compare_keeps_the_order_given),
        cmocka_unit_test(test_format_width_is_columns_else_the_terminal_else_80),
        cmocka_unit_test(test_format_progress_line_is_cut_and_cleared),
        cmocka_unit_test(test_format_cpu_ranges_joins_runs),
        cmocka_unit_test(test_format_columns_fit_drops_the_bar_first),
        cmocka_unit_test(test_format_fit_wraps_under_the_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
