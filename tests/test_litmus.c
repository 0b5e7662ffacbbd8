/* test_litmus.c: each litmus test's outcomes are all counted, its
 * table of which models allow what is the published one, and an outcome
 * the orders guarantee away is never seen. How often sb's relaxed
 * outcome shows is the machine's business, never asserted. */
#include <setjmp.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "racedemo/litmus.h"
#include "litmus/litmus.h"

/* src/litmus/tests/list.h's lines, in order. */
static const char *const expected_names[] = {"sb", "mp", "lb", "iriw", NULL};

static size_t count_tests(void)
{
    size_t n = 0;
    while (litmus_tests[n])
        n++;
    return n;
}

static void test_the_registry_is_list_h(void **state)
{
    (void)state;
    assert_int_equal(count_tests(), 4);
    for (size_t i = 0; expected_names[i]; i++) {
        const struct litmus_test *t = litmus_tests[i];
        assert_string_equal(t->name, expected_names[i]);
        assert_ptr_equal(litmus_find(t->name), t);
        assert_non_null(t->title);
        assert_non_null(t->summary);
        assert_non_null(t->about);
        assert_non_null(t->fence);
        assert_true(t->threads >= 2 && t->threads <= LITMUS_MAX_THREADS);
        assert_true(t->nregs >= 1 && t->nregs <= LITMUS_MAX_REGS);
        assert_true(t->relaxed_outcome < (1u << t->nregs));
        for (unsigned k = 0; k < t->threads; k++)
            assert_non_null(t->code[k]);
        for (unsigned o = 0; o < LITMUS_ORDERS; o++)
            for (unsigned f = 0; f < 2; f++) {
                assert_non_null(t->run[o][f]);
                assert_non_null(t->rows[o][f].why);
            }
    }
    assert_null(litmus_find("nope"));
}

/* The outcomes are every value of the registers, 2^k for k registers,
 * each with its own name, and one run counts exactly trials x iters
 * tests among them. */
static void test_every_outcome_is_enumerated_and_counted(void **state)
{
    (void)state;
    for (const struct litmus_test *const *t = litmus_tests; *t; t++) {
        unsigned n = 1u << (*t)->nregs;
        char seen_names[16][64];
        for (unsigned o = 0; o < n; o++) {
            litmus_outcome_text(seen_names[o], sizeof seen_names[o], *t, o);
            for (unsigned p = 0; p < o; p++)
                assert_string_not_equal(seen_names[o], seen_names[p]);
        }
        /* No meetings, a meeting after every instance, after stretches
         * that do not divide the trial, and after the default's. */
        static const uint64_t batches[] = {0, 1, 7, 1024};
        for (size_t b = 0; b < sizeof batches / sizeof batches[0]; b++) {
            struct litmus_config cfg = {
                .test = *t, .iters = 3000, .trials = 5, .batch = batches[b]};
            struct litmus_result r;
            char err[256];
            assert_int_equal(litmus_run(&cfg, &r, err, sizeof err), 0);
            assert_int_equal(r.batch, batches[b]);
            if (!batches[b])
                assert_false(r.met);
            uint64_t sum = 0, in_step = 0;
            for (unsigned o = 0; o < (1u << LITMUS_MAX_REGS); o++) {
                if (o >= n)
                    assert_int_equal(r.seen[o], 0);
                sum += r.seen[o];
                in_step += (*t)->in_step >> o & 1 ? r.seen[o] : 0;
            }
            assert_int_equal(sum, 3000 * 5);
            assert_int_equal(litmus_in_step_seen(&r), in_step);
        }
    }
}

/* Each test's steps, written out here independently of its code: thread
 * k's accesses in order, a store of 1 to a location or a load of one into
 * a register. */
struct step {
    bool store;
    unsigned loc, reg;
};
struct steps {
    unsigned threads;
    unsigned n[LITMUS_MAX_THREADS];
    struct step s[LITMUS_MAX_THREADS][2];
};
enum { X, Y };
static const struct steps test_steps[] = {
    /* sb: x = 1; r0 = y || y = 1; r1 = x */
    {2, {2, 2}, {{{true, X, 0}, {false, Y, 0}}, {{true, Y, 0}, {false, X, 1}}}},
    /* mp: x = 1; y = 1 || r0 = y; r1 = x */
    {2, {2, 2}, {{{true, X, 0}, {true, Y, 0}}, {{false, Y, 0}, {false, X, 1}}}},
    /* lb: r0 = x; y = 1 || r1 = y; x = 1 */
    {2, {2, 2}, {{{false, X, 0}, {true, Y, 0}}, {{false, Y, 1}, {true, X, 0}}}},
    /* iriw: x = 1 || y = 1 || r0 = x; r1 = y || r2 = y; r3 = x */
    {4,
     {1, 1, 2, 2},
     {{{true, X, 0}},
      {{true, Y, 0}},
      {{false, X, 0}, {false, Y, 1}},
      {{false, Y, 2}, {false, X, 3}}}},
};

/* The outcome of running the threads whole, one after another, in the
 * order `perm` gives. */
static unsigned serial_outcome(const struct steps *s, const unsigned *perm)
{
    unsigned mem[2] = {0, 0}, outcome = 0;
    for (unsigned i = 0; i < s->threads; i++)
        for (unsigned k = 0; k < s->n[perm[i]]; k++) {
            const struct step *st = &s->s[perm[i]][k];
            if (st->store)
                mem[st->loc] = 1;
            else
                outcome |= mem[st->loc] << st->reg;
        }
    return outcome;
}

/* Bit o set for each outcome some order of whole threads gives: every
 * permutation of the threads, by Heap's algorithm. */
static unsigned serial_outcomes(const struct steps *s)
{
    unsigned perm[LITMUS_MAX_THREADS], c[LITMUS_MAX_THREADS] = {0}, n = s->threads;
    for (unsigned i = 0; i < n; i++)
        perm[i] = i;
    unsigned mask = 1u << serial_outcome(s, perm);
    for (unsigned i = 1; i < n;) {
        if (c[i] < i) {
            unsigned j = i % 2 ? c[i] : 0, tmp = perm[j];
            perm[j] = perm[i];
            perm[i] = tmp;
            mask |= 1u << serial_outcome(s, perm);
            c[i]++;
            i = 1;
        } else
            c[i++] = 0;
    }
    return mask;
}

/* In step are exactly the outcomes no order of whole threads gives: the
 * ones that show the threads' instances overlapped. */
static void test_the_in_step_outcomes_are_those_no_serial_run_gives(void **state)
{
    (void)state;
    for (size_t i = 0; expected_names[i]; i++) {
        const struct litmus_test *t = litmus_find(expected_names[i]);
        unsigned all = (1u << (1u << t->nregs)) - 1; /* every outcome */
        assert_int_equal(t->in_step, all & ~serial_outcomes(&test_steps[i]));
        assert_true(t->in_step >> t->relaxed_outcome & 1);
    }
}

/* Whether SC, x86-TSO, arm64 and C11 allow the outcome SC forbids, per
 * test, order and fence: the published models (src/litmus/tests/sb.c cites
 * them), written out here independently of the code's table. */
static const bool expected[4][LITMUS_ORDERS][2][LITMUS_MODELS] = {
    /* sb: the store buffer (x86, arm64 plain); arm64 orders STLR->LDAR. */
    {{{0, 1, 1, 1}, {0, 0, 0, 0}}, {{0, 1, 0, 1}, {0, 0, 0, 0}}, {{0, 0, 0, 0}, {0, 0, 0, 0}}},
    /* mp: x86 never; arm64 and C11 with relaxed only. */
    {{{0, 0, 1, 1}, {0, 0, 0, 0}}, {{0, 0, 0, 0}, {0, 0, 0, 0}}, {{0, 0, 0, 0}, {0, 0, 0, 0}}},
    /* lb: x86 never; arm64 and C11 with relaxed only. */
    {{{0, 0, 1, 1}, {0, 0, 0, 0}}, {{0, 0, 0, 0}, {0, 0, 0, 0}}, {{0, 0, 0, 0}, {0, 0, 0, 0}}},
    /* iriw: x86 never; arm64 with plain loads; C11 unless seq_cst. */
    {{{0, 0, 1, 1}, {0, 0, 0, 1}}, {{0, 0, 0, 1}, {0, 0, 0, 1}}, {{0, 0, 0, 0}, {0, 0, 0, 0}}},
};

static void test_the_allowed_tables_are_the_published_ones(void **state)
{
    (void)state;
    for (size_t i = 0; expected_names[i]; i++) {
        const struct litmus_test *t = litmus_find(expected_names[i]);
        for (unsigned o = 0; o < LITMUS_ORDERS; o++)
            for (unsigned f = 0; f < 2; f++)
                for (unsigned m = 0; m < LITMUS_MODELS; m++) {
                    bool want = expected[i][o][f][m];
                    if (t->rows[o][f].allowed[m] != want)
                        fail_msg("%s --order %s%s: %s should %s it", t->name, litmus_order_names[o],
                                 f ? " --fence" : "", litmus_model_names[m],
                                 want ? "allow" : "forbid");
                    /* Every other outcome is an interleaving: all allow it. */
                    for (unsigned out = 0; out < (1u << t->nregs); out++)
                        assert_true(litmus_allowed(t, o, f, m, out) ==
                                    (out == t->relaxed_outcome ? want : true));
                }
    }
}

/* Runs test `name` and returns how often the outcome SC forbids showed. */
static uint64_t sc_forbidden_seen(const char *name, enum litmus_order order, bool fence,
                                  uint64_t trials, uint64_t iters, uint64_t batch)
{
    struct litmus_config cfg = {.test = litmus_find(name),
                                .order = order,
                                .fence = fence,
                                .iters = iters,
                                .trials = trials,
                                .batch = batch};
    struct litmus_result r;
    char err[256];
    assert_int_equal(litmus_run(&cfg, &r, err, sizeof err), 0);
    return litmus_forbidden_seen(&r, LITMUS_SC);
}

/* The progress callback of test_a_stop_ends_the_run_after_the_trials_done:
 * raises the stop flag (as a stop signal's handler would) and notes how
 * many trials were done then. */
struct stop_after {
    atomic_int stop;
    uint64_t done;
};

static void stop_now(void *ctx, uint64_t done, uint64_t trials, uint64_t elapsed_ns)
{
    struct stop_after *s = ctx;
    (void)trials;
    (void)elapsed_ns;
    if (!s->done)
        s->done = done;
    atomic_store_explicit(&s->stop, 15, memory_order_relaxed); /* SIGTERM */
}

/* A stop (Ctrl-C's flag) between trials: no other trial starts, the
 * result keeps those done and says it was interrupted. The callback comes
 * between two trials once a tenth of a second has passed, far sooner
 * than the million trials asked for could end. */
static void test_a_stop_ends_the_run_after_the_trials_done(void **state)
{
    (void)state;
    struct stop_after s = {.done = 0};
    atomic_init(&s.stop, 0);
    struct litmus_config cfg = {.test = litmus_find("sb"),
                                .iters = 1000,
                                .trials = 1000000,
                                .batch = 1024,
                                .stop = &s.stop,
                                .progress = stop_now,
                                .progress_ctx = &s};
    struct litmus_result r;
    char err[256], verdict[512];
    assert_int_equal(litmus_run(&cfg, &r, err, sizeof err), 0);
    assert_true(r.interrupted);
    assert_true(s.done > 0);
    assert_int_equal(r.trials, s.done);
    assert_int_equal(r.trials_asked, 1000000);
    assert_int_equal(litmus_total_tests(&r), r.trials * 1000);
    uint64_t counted = 0;
    for (unsigned o = 0; o < 4; o++)
        counted += r.seen[o];
    assert_int_equal(counted, litmus_total_tests(&r));
    /* Stopped before it began: no trial, and a verdict that says so. */
    assert_int_equal(litmus_run(&cfg, &r, err, sizeof err), 0);
    assert_true(r.interrupted);
    assert_int_equal(r.trials, 0);
    assert_int_equal(r.placement.nthreads, 2); /* where they were placed, before any trial */
    assert_string_equal(litmus_verdict(verdict, sizeof verdict, &r),
                        "none: interrupted before a trial completed");
}

/* Guaranteed by C11 (7.17.3's single order S of seq_cst operations and
 * fences, and 7.17.4), so asserted: never once in 2,000,000 tests. */
static void test_sb_with_seq_cst_or_the_fence_never_shows_it(void **state)
{
    (void)state;
    assert_int_equal(sc_forbidden_seen("sb", LITMUS_SEQ_CST, false, 200, 10000, 1024), 0);
    assert_int_equal(sc_forbidden_seen("sb", LITMUS_RELAXED, true, 200, 10000, 1024), 0);
    assert_int_equal(sc_forbidden_seen("sb", LITMUS_RELEASE_ACQUIRE, true, 200, 10000, 1024), 0);
}

/* A release store read by an acquire load synchronizes with it (C11
 * 5.1.2.4): the data is there once the flag is. */
static void test_mp_with_release_acquire_never_shows_it(void **state)
{
    (void)state;
    assert_int_equal(sc_forbidden_seen("mp", LITMUS_RELEASE_ACQUIRE, false, 200, 10000, 1024), 0);
}

/* Every test, order and fence whose C11 row forbids the outcome: never. */
static void test_no_outcome_c11_forbids_is_ever_seen(void **state)
{
    (void)state;
    for (const struct litmus_test *const *t = litmus_tests; *t; t++)
        for (unsigned o = 0; o < LITMUS_ORDERS; o++)
            for (unsigned f = 0; f < 2; f++)
                if (!(*t)->rows[o][f].allowed[LITMUS_C11])
                    assert_int_equal(sc_forbidden_seen((*t)->name, o, f, 20, 10000, 1024), 0);
}

/* The verdict names the count it reports, so it agrees with the table. */
static void test_the_verdict_agrees_with_the_count(void **state)
{
    (void)state;
    struct litmus_result r = {.test = litmus_find("sb"), .iters = 10, .trials = 2};
    char v[1024];
    r.seen[1] = 20;
    litmus_verdict(v, sizeof v, &r);
    assert_non_null(strstr(v, "was not seen in 20 tests"));
    r.seen[0] = 7;
    r.seen[1] = 13;
    litmus_verdict(v, sizeof v, &r);
    assert_non_null(strstr(v, "was seen 7 times"));
    r.order = LITMUS_SEQ_CST;
    litmus_verdict(v, sizeof v, &r);
    assert_non_null(strstr(v, "BROKEN"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_registry_is_list_h),
        cmocka_unit_test(test_every_outcome_is_enumerated_and_counted),
        cmocka_unit_test(test_the_allowed_tables_are_the_published_ones),
        cmocka_unit_test(test_the_in_step_outcomes_are_those_no_serial_run_gives),
        cmocka_unit_test(test_sb_with_seq_cst_or_the_fence_never_shows_it),
        cmocka_unit_test(test_mp_with_release_acquire_never_shows_it),
        cmocka_unit_test(test_no_outcome_c11_forbids_is_ever_seen),
        cmocka_unit_test(test_the_verdict_agrees_with_the_count),
        cmocka_unit_test(test_a_stop_ends_the_run_after_the_trials_done),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
