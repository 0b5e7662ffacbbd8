/* test_options.c: the command line accepts exactly what it should; every bad
 * input gets one line on stderr naming the option, exit status 2, and
 * nothing on stdout (nothing was run). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "racedemo/racedemo.h"
#include "racedemo/options.h"
#include "racedemo/sync.h"
#include "workloads/counter.h"
#include "run/run.h"
#include "core/options.h"

struct outcome {
    int status;
    char out[16384];
    char err[2048];
};

static void slurp(FILE *f, char *buf, size_t len)
{
    rewind(f);
    size_t n = fread(buf, 1, len - 1, f);
    buf[n] = '\0';
    fclose(f);
}

/* Runs racedemo with the given arguments (NULL-terminated), as main() would. */
static struct outcome run_racedemo(const char *first, ...)
{
    static struct outcome o;
    char *argv[32];
    int argc = 0;
    argv[argc++] = "racedemo";
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && argc < 31; a = va_arg(ap, const char *))
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    FILE *out = tmpfile(), *err = tmpfile();
    o.status = racedemo_main(argc, argv, out, err);
    slurp(out, o.out, sizeof o.out);
    slurp(err, o.err, sizeof o.err);
    return o;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* The shape of every rejection: status 2, stdout empty, one stderr line
 * that contains `mention`. */
static void assert_rejected(const struct outcome *o, const char *mention)
{
    assert_int_equal(o->status, EXIT_USAGE);
    assert_string_equal(o->out, "");
    assert_int_equal(count_lines(o->err), 1);
    assert_non_null(strstr(o->err, mention));
}

static void test_rejects_non_number(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("counter", "--iters", "many", NULL);
    assert_rejected(&o, "--iters expects a whole number from 1 to 1,000,000,000; got 'many'");
}

static void test_rejects_trailing_garbage(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("counter", "--iters", "10x", NULL);
    assert_rejected(&o, "--iters expects a whole number");
    assert_non_null(strstr(o.err, "'10x'"));
}

static void test_rejects_negative_number(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("counter", "--threads", "-2", NULL);
    assert_rejected(&o, "--threads expects a whole number from 1 to 64; got '-2'");
}

static void test_rejects_zero_threads(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("counter", "--threads", "0", NULL);
    assert_rejected(&o, "--threads expects a whole number from 1 to 64; got '0'");
}

static void test_rejects_overflowing_number(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("counter", "--iters", "99999999999999999999", NULL);
    assert_rejected(&o, "--iters expects a whole number from 1 to 1,000,000,000");
}

static void test_rejects_threads_over_the_cap(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("counter", "-t", "65", NULL);
    assert_rejected(&o, "--threads expects a whole number from 1 to 64; got '65'");
}

static void test_rejects_iters_over_the_cap(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("counter", "--iters", "2G", NULL);
    assert_rejected(&o, "--iters expects a whole number from 1 to 1,000,000,000; got '2G'");
}

static void test_rejects_unknown_command(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("countr", NULL);
    /* The workloads, from the registry (a new one too), then the commands. */
    char want[512] = "unknown command 'countr'; commands are ";
    for (const struct workload *const *w = workloads; *w; w++)
        snprintf(want + strlen(want), sizeof want - strlen(want), "%s, ", (*w)->name);
    snprintf(want + strlen(want), sizeof want - strlen(want),
             "compare, explain, explore, litmus, play, list, help");
    assert_rejected(&o, want);
}

static void test_rejects_missing_command(void **state)
{
    (void)state;
    struct outcome o = run_racedemo(NULL);
    assert_rejected(&o, "no command given");
}

static void test_rejects_unknown_strategy_and_lists_the_valid_ones(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("counter", "--sync", "lock", NULL);
    /* Every strategy of the table, in its order: the test keeps no list. */
    char expected[1024] = "--sync expects one of ";
    for (const struct sync_strategy *const *s = sync_strategies; *s; s++) {
        strncat(expected, (*s)->name, sizeof expected - strlen(expected) - 1);
        strncat(expected, s[1] ? ", " : "; got 'lock'", sizeof expected - strlen(expected) - 1);
    }
    assert_true(strlen(expected) < sizeof expected - 1);
    assert_rejected(&o, expected);
}

static void test_rejects_missing_option_argument(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("counter", "--iters", NULL);
    assert_rejected(&o, "--iters needs a value: a whole number from 1 to 1,000,000,000");
    o = run_racedemo("counter", "-t", NULL);
    assert_rejected(&o, "--threads needs a value");
}

static void test_rejects_stray_positional_argument(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("counter", "--iters", "10", "extra", NULL);
    assert_rejected(&o, "unexpected argument 'extra'");
}

static void test_rejects_unknown_option(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("counter", "--iterations", "10", NULL);
    assert_rejected(&o, "unknown option '--iterations'");
    o = run_racedemo("counter", "-x", NULL);
    assert_rejected(&o, "unknown option '-x'");
}

static void test_rejects_value_for_a_flag(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("counter", "--no-pin=yes", NULL);
    assert_rejected(&o, "--no-pin takes no value");
}

static void test_names_the_unknown_option_inside_a_cluster(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("-xh", NULL);
    assert_rejected(&o, "unknown option '-x'");
    o = run_racedemo("counter", "-n5x", NULL);
    assert_rejected(&o, "--iters expects a whole number");
    o = run_racedemo("counter", "-xh", NULL);
    assert_rejected(&o, "unknown option '-x'; see racedemo counter --help");
}

static void test_rejects_a_value_for_help_and_version(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("--version=1", NULL);
    assert_rejected(&o, "--version takes no value; got '--version=1'");
    o = run_racedemo("counter", "--help=3", NULL);
    assert_rejected(&o, "--help takes no value; got '--help=3'");
}

static void test_rejects_unknown_choice(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("counter", "--op", "mul", NULL);
    assert_rejected(&o, "--op expects one of inc, sum; got 'mul'");
}

static void test_rejects_sum_whose_total_overflows(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("counter", "--op", "sum", "--iters", "1G", "-t", "64", NULL);
    assert_rejected(&o, "over 2^63 - 1");
}

static void test_prodcons_over_the_thread_cap_names_its_own_options(void **state)
{
    (void)state;
    /* Used to be "--threads: prodcons runs 0 (null) threads...": a NULL
     * helper role passed to %s, naming an option prodcons refuses. */
    struct outcome o = run_racedemo("prodcons", "--producers", "32", "--consumers", "33", NULL);
    assert_rejected(&o, "--producers + --consumers: at most 64 threads in all; got 65");
    assert_null(strstr(o.err, "(null)"));
    assert_null(strstr(o.err, "--threads"));
}

static void test_names_ambiguous_prefixes_and_what_they_may_mean(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("counter", "--no", NULL);
    assert_rejected(&o, "counter: --no is ambiguous: --no-pin, --no-instruments or --no-header\n");
    o = run_racedemo("counter", "--n", "3", NULL);
    assert_rejected(&o, "--n is ambiguous: --no-pin, --no-instruments or --no-header\n");
    o = run_racedemo("counter", "--t=4", NULL);
    assert_rejected(&o, "--t is ambiguous: --threads, --trials, --timeout or --trace\n");
    /* prodcons refuses --threads and --trace: not offered, still matched. */
    o = run_racedemo("prodcons", "--t", "4", NULL);
    assert_rejected(&o, "--t is ambiguous: --trials or --timeout\n");
    o = run_racedemo("prodcons", "--tr", "4", NULL);
    assert_rejected(&o, "--tr is ambiguous: write --trials in full\n");
    /* A unique prefix still works; an unknown one is still unknown. */
    o = run_racedemo("counter", "--ite", "0", NULL);
    assert_rejected(&o, "--iters expects");
    o = run_racedemo("counter", "--nope", NULL);
    assert_rejected(&o, "unknown option '--nope'");
}

/* Ends with "'" then `tail`: the message was not cut off. */
static void assert_ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    assert_true(n >= t);
    assert_string_equal(s + n - t, tail);
}

static void test_long_values_are_cut_with_an_ellipsis_and_keep_the_quote(void **state)
{
    (void)state;
    static char big[700];
    memset(big, 'x', sizeof big - 1);
    struct outcome o = run_racedemo("counter", "--iters", big, NULL);
    assert_rejected(&o, "--iters expects a whole number from 1 to 1,000,000,000; got 'xxx");
    assert_ends_with(o.err, "x\xe2\x80\xa6'\n");
    assert_true(strlen(o.err) < 200);
    char opt[100] = "--";
    memset(opt + 2, 'y', sizeof opt - 3);
    o = run_racedemo("counter", opt, NULL);
    assert_rejected(&o, "unknown option '--yyy");
    assert_ends_with(o.err, "y\xe2\x80\xa6'; see racedemo counter --help\n");
    o = run_racedemo("counter", "--no-pin", big, NULL);
    assert_ends_with(o.err, "\xe2\x80\xa6'; this command takes only options\n");
    static char every[720] = "every:";
    memset(every + 6, 'x', sizeof every - 7);
    o = run_racedemo("counter", "--schedule", every, NULL);
    assert_rejected(&o, "got 'every:xxx");
    assert_ends_with(o.err, "x\xe2\x80\xa6'\n");
    o = run_racedemo("counter", "--schedule", "AB\nA", NULL);
    assert_rejected(&o, "--schedule: '\\x0A' is not a thread");
    o = run_racedemo("counter", "--schedule", "A\xc3\xa9", NULL);
    assert_rejected(&o, "--schedule: '\xc3\xa9' is not a thread");
    /* Cut between characters of UTF-8, never inside one. */
    static char accents[400];
    for (size_t i = 0; i + 2 < sizeof accents; i += 2)
        memcpy(accents + i, "\xc3\xa9", 2);
    o = run_racedemo("counter", "--op", accents, NULL);
    assert_ends_with(o.err, "\xc3\xa9\xe2\x80\xa6'\n");
    /* A newline in a value would make two lines of one message. */
    o = run_racedemo("counter", "--iters", "1\n2", NULL);
    assert_rejected(&o, "got '1\\x0A2'");
}

/* What options_quote makes of `text` in a buffer of OPT_QUOTE_LEN. */
static const char *quoted(const char *text)
{
    static char buf[OPT_QUOTE_LEN];
    return options_quote(buf, sizeof buf, text);
}

static void test_quote_escapes_controls_and_bytes_that_are_not_utf8(void **state)
{
    (void)state;
    assert_string_equal(quoted("a\nb"), "'a\\x0Ab'");
    assert_string_equal(quoted("\x1b[31mRED\x7f"), "'\\x1B[31mRED\\x7F'");
    /* C1 controls (U+0080 to U+009F) act on some terminals; U+00A0 is text. */
    assert_string_equal(quoted("\xc2\x9bJ\xc2\xa0"), "'\\xC2\\x9BJ\xc2\xa0'");
    assert_string_equal(quoted("caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x90\x88"),
                        "'caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x90\x88'");
    /* Lone, truncated, overlong, surrogate and too-high sequences: each byte. */
    assert_string_equal(quoted("\xff\xfe"), "'\\xFF\\xFE'");
    assert_string_equal(quoted("a\xc3"), "'a\\xC3'");
    assert_string_equal(quoted("\xe2\x80x"), "'\\xE2\\x80x'");
    assert_string_equal(quoted("\xc0\xaf"), "'\\xC0\\xAF'");
    assert_string_equal(quoted("\xe0\x80\xaf"), "'\\xE0\\x80\\xAF'");
    assert_string_equal(quoted("\xed\xa0\x80"), "'\\xED\\xA0\\x80'");
    assert_string_equal(quoted("\xf4\x90\x80\x80"), "'\\xF4\\x90\\x80\\x80'");
    /* A backslash is doubled, so that "\x0A" typed is not a newline shown. */
    assert_string_equal(quoted("a\\x0A"), "'a\\\\x0A'");
}

static void test_quote_cuts_between_escapes_and_characters(void **state)
{
    (void)state;
    static char bytes[300], accents[301];
    memset(bytes, 0xff, sizeof bytes - 1);
    const char *q = quoted(bytes);
    size_t n = strlen(q);
    assert_true(n < OPT_QUOTE_LEN);
    /* Whole escapes, then the ellipsis and the quote. */
    assert_string_equal(q + n - 8, "\\xFF\xe2\x80\xa6'");
    assert_int_equal((n - 5) % 4, 0);
    for (size_t i = 0; i + 3 < sizeof accents; i += 3)
        memcpy(accents + i, "\xe2\x80\xa6", 3);
    q = quoted(accents);
    n = strlen(q);
    assert_int_equal((n - 2) % 3, 0);
    static char huge[100001];
    memset(huge, 'x', sizeof huge - 1);
    assert_true(strlen(quoted(huge)) < OPT_QUOTE_LEN);
    char tiny[8];
    assert_string_equal(options_quote(tiny, sizeof tiny, "\x01\x02"), "'\xe2\x80\xa6'");
    assert_string_equal(options_quote(tiny, sizeof tiny, "ab"), "'ab'");
}

static void test_rejects_workload_option_before_the_workload(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("--threads", "4", "counter", NULL);
    assert_rejected(&o, "unknown option '--threads'");
}

/* Parses counter's options straight into its config structs. */
static enum opt_status parse_counter(struct run_config *run, struct counter_config *cfg,
                                     const char *first, ...)
{
    char *argv[32] = {"counter"};
    int argc = 1;
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && argc < 31; a = va_arg(ap, const char *))
        argv[argc++] = (char *)a;
    va_end(ap);
    struct opt_set sets[] = {{.opts = workload_run_options, .base = run},
                             {.opts = workload_counter.options, .base = cfg}};
    char err[256];
    return options_parse(sets, 2, argc, argv, err, sizeof err);
}

static void test_defaults_are_two_threads_100000_iters_no_sync(void **state)
{
    (void)state;
    struct run_config run;
    struct counter_config cfg;
    assert_int_equal(parse_counter(&run, &cfg, NULL), OPT_OK);
    assert_int_equal(run.threads, 2);
    assert_string_equal(run.sync->name, "none");
    assert_false(run.no_pin);
    assert_false(run.check);
    assert_int_equal(cfg.iters, 100000);
    assert_int_equal(cfg.op, COUNTER_INC);
}

static void test_accepts_long_short_and_equals_forms(void **state)
{
    (void)state;
    struct run_config run;
    struct counter_config cfg;
    assert_int_equal(parse_counter(&run, &cfg, "--threads", "8", "-n", "500", "--sync=peterson",
                                   "-o", "sum", "--no-pin", "--check", NULL),
                     OPT_OK);
    assert_true(run.check);
    assert_int_equal(run.threads, 8);
    assert_int_equal(cfg.iters, 500);
    assert_string_equal(run.sync->name, "peterson");
    assert_int_equal(cfg.op, COUNTER_SUM);
    assert_true(run.no_pin);
    assert_int_equal(parse_counter(&run, &cfg, "-t3", "--iters=7", "-stas", NULL), OPT_OK);
    assert_int_equal(run.threads, 3);
    assert_int_equal(cfg.iters, 7);
    assert_string_equal(run.sync->name, "tas");
}

static void test_accepts_the_caps_themselves(void **state)
{
    (void)state;
    struct run_config run;
    struct counter_config cfg;
    assert_int_equal(parse_counter(&run, &cfg, "-t", "64", "-n", "1000000000", NULL), OPT_OK);
    assert_int_equal(run.threads, 64);
    assert_int_equal(cfg.iters, 1000000000u);
    assert_int_equal(parse_counter(&run, &cfg, "-t", "1", "-n", "1", NULL), OPT_OK);
}

static void test_help_and_sync_help_are_not_errors(void **state)
{
    (void)state;
    struct run_config run;
    struct counter_config cfg;
    assert_int_equal(parse_counter(&run, &cfg, "--help", NULL), OPT_HELP);
    assert_int_equal(parse_counter(&run, &cfg, "-h", NULL), OPT_HELP);
    assert_int_equal(parse_counter(&run, &cfg, "--sync", "help", NULL), OPT_NAMES_LIST);
}

static void test_cpus_list_becomes_a_mask(void **state)
{
    (void)state;
    struct run_config run;
    struct counter_config cfg;
    assert_int_equal(parse_counter(&run, &cfg, NULL), OPT_OK);
    assert_int_equal(run.cpus, 0);
    assert_int_equal(parse_counter(&run, &cfg, "--cpus", "0", NULL), OPT_OK);
    assert_int_equal(run.cpus, 1);
    assert_int_equal(parse_counter(&run, &cfg, "--cpus", "1,0,3", NULL), OPT_OK);
    assert_int_equal(run.cpus, 0xb);
    assert_int_equal(parse_counter(&run, &cfg, "--cpus", "63", NULL), OPT_OK);
    assert_true(run.cpus == (uint64_t)1 << 63);
    /* However many leading zeros, 1 is CPU 1 (24 digits were "out of range"). */
    assert_int_equal(parse_counter(&run, &cfg, "--cpus", "000000000000000000000001,0002", NULL),
                     OPT_OK);
    assert_int_equal(run.cpus, 0x6);
}

static void test_window_takes_a_count_or_yield(void **state)
{
    (void)state;
    struct run_config run;
    struct counter_config cfg;
    assert_int_equal(parse_counter(&run, &cfg, NULL), OPT_OK);
    assert_int_equal(run.window, 0);
    assert_int_equal(parse_counter(&run, &cfg, "--window", "250", NULL), OPT_OK);
    assert_int_equal(run.window, 250);
    assert_int_equal(parse_counter(&run, &cfg, "--window", "yield", NULL), OPT_OK);
    assert_true(run.window == WINDOW_YIELD);
    struct outcome o = run_racedemo("counter", "--window", "1000001", NULL);
    assert_rejected(&o, "--window expects a whole number from 0 to 1,000,000 or 'yield'");
}

static void test_rejects_bad_cpu_lists(void **state)
{
    (void)state;
    const char *bad[] = {"",
                         ",",
                         "0,",
                         ",1",
                         "0,,1",
                         "64",
                         "-1",
                         "a",
                         "0 1",
                         "0k",
                         "99999999999999999999999999999",
                         "1,000000000000000000000064"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct outcome o = run_racedemo("counter", "--cpus", bad[i], NULL);
        assert_rejected(&o, "--cpus expects CPU numbers from 0 to 63, separated by commas");
    }
}

static void test_count_parser_takes_digits_and_decimal_suffixes(void **state)
{
    (void)state;
    uint64_t v = 0;
    assert_int_equal(options_parse_count("0", 0, 10, &v), COUNT_OK);
    assert_int_equal(v, 0);
    assert_int_equal(options_parse_count("100k", 0, UINT64_MAX, &v), COUNT_OK);
    assert_int_equal(v, 100000);
    assert_int_equal(options_parse_count("10M", 0, UINT64_MAX, &v), COUNT_OK);
    assert_int_equal(v, 10000000);
    assert_int_equal(options_parse_count("1G", 0, UINT64_MAX, &v), COUNT_OK);
    assert_int_equal(v, 1000000000);
    assert_int_equal(options_parse_count("18446744073709551615", 0, UINT64_MAX, &v), COUNT_OK);
    assert_int_equal(v, UINT64_MAX);
}

static void test_count_parser_refuses_what_is_not_a_plain_count(void **state)
{
    (void)state;
    uint64_t v = 42;
    const char *bad[] = {"", " 5", "5 ", "+5", "-5", "0x10", "1.5", "5kk", "k", "1e6", "5m"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(options_parse_count(bad[i], 0, UINT64_MAX, &v), COUNT_NOT_NUMBER);
    assert_int_equal(options_parse_count("18446744073709551616", 0, UINT64_MAX, &v),
                     COUNT_OUT_OF_RANGE);
    assert_int_equal(options_parse_count("18446744073709552G", 0, UINT64_MAX, &v),
                     COUNT_OUT_OF_RANGE);
    assert_int_equal(options_parse_count("11", 1, 10, &v), COUNT_OUT_OF_RANGE);
    assert_int_equal(v, 42); /* untouched on failure */
}

static void test_help_list_and_version_succeed_on_stdout(void **state)
{
    (void)state;
    struct outcome o = run_racedemo("--help", NULL);
    assert_int_equal(o.status, 0);
    assert_non_null(strstr(o.out, "Exit status:"));
    assert_string_equal(o.err, "");
    o = run_racedemo("--version", NULL);
    assert_int_equal(o.status, 0);
    assert_non_null(strstr(o.out, "racedemo "));
    o = run_racedemo("list", NULL);
    assert_int_equal(o.status, 0);
    assert_non_null(strstr(o.out, "peterson"));
    assert_non_null(strstr(o.out, "counter"));
    o = run_racedemo("--list", NULL);
    assert_int_equal(o.status, 0);
    o = run_racedemo("counter", "--help", NULL);
    assert_int_equal(o.status, 0);
    assert_non_null(strstr(o.out, "--iters N"));
    o = run_racedemo("help", "counter", NULL);
    assert_int_equal(o.status, 0);
    assert_non_null(strstr(o.out, "--iters N"));
    o = run_racedemo("help", "vault", NULL);
    assert_rejected(&o, "'vault' is not a workload");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rejects_non_number),
        cmocka_unit_test(test_rejects_trailing_garbage),
        cmocka_unit_test(test_rejects_negative_number),
        cmocka_unit_test(test_rejects_zero_threads),
        cmocka_unit_test(test_rejects_overflowing_number),
        cmocka_unit_test(test_rejects_threads_over_the_cap),
        cmocka_unit_test(test_rejects_iters_over_the_cap),
        cmocka_unit_test(test_rejects_unknown_command),
        cmocka_unit_test(test_rejects_missing_command),
        cmocka_unit_test(test_rejects_unknown_strategy_and_lists_the_valid_ones),
        cmocka_unit_test(test_rejects_missing_option_argument),
        cmocka_unit_test(test_rejects_stray_positional_argument),
        cmocka_unit_test(test_rejects_unknown_option),
        cmocka_unit_test(test_rejects_value_for_a_flag),
        cmocka_unit_test(test_names_the_unknown_option_inside_a_cluster),
        cmocka_unit_test(test_rejects_a_value_for_help_and_version),
        cmocka_unit_test(test_rejects_unknown_choice),
        cmocka_unit_test(test_rejects_sum_whose_total_overflows),
        cmocka_unit_test(test_prodcons_over_the_thread_cap_names_its_own_options),
        cmocka_unit_test(test_names_ambiguous_prefixes_and_what_they_may_mean),
        cmocka_unit_test(test_long_values_are_cut_with_an_ellipsis_and_keep_the_quote),
        cmocka_unit_test(test_quote_escapes_controls_and_bytes_that_are_not_utf8),
        cmocka_unit_test(test_quote_cuts_between_escapes_and_characters),
        cmocka_unit_test(test_rejects_workload_option_before_the_workload),
        cmocka_unit_test(test_defaults_are_two_threads_100000_iters_no_sync),
        cmocka_unit_test(test_accepts_long_short_and_equals_forms),
        cmocka_unit_test(test_accepts_the_caps_themselves),
        cmocka_unit_test(test_help_and_sync_help_are_not_errors),
        cmocka_unit_test(test_cpus_list_becomes_a_mask),
        cmocka_unit_test(test_rejects_bad_cpu_lists),
        cmocka_unit_test(test_window_takes_a_count_or_yield),
        cmocka_unit_test(test_count_parser_takes_digits_and_decimal_suffixes),
        cmocka_unit_test(test_count_parser_refuses_what_is_not_a_plain_count),
        cmocka_unit_test(test_help_list_and_version_succeed_on_stdout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
