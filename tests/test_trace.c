/* test_trace.c: trace_order, the order --trace shows its steps in, checked
 * as a property over thousands of made-up traces whose real order is
 * known: threads doing N := N + 1 as a load and a store, interleaved at
 * random, each step's clock read off by up to a few steps either way (as
 * two CPUs' clock reads around a step are). */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "racedemo/random.h"
#include "result/trace_order.h"

enum { MAX_STEPS = 256 };

struct made_up {
    struct result_trace_event ev[MAX_STEPS];
    size_t n;
    unsigned threads;
};

static uint64_t next_random(uint64_t *state)
{
    *state += 0x9e3779b97f4a7c15u;
    return splitmix64_mix(*state);
}

/* Threads each doing `updates` load-then-store updates, interleaved at
 * random on one N that starts at `start`; then sorted by their clock reads,
 * each thread's still in its own order. */
static void make_trace(struct made_up *m, uint64_t *rng)
{
    m->threads = 2 + (unsigned)(next_random(rng) % 3);
    unsigned updates = 1 + (unsigned)(next_random(rng) % (MAX_STEPS / 2 / m->threads));
    uint64_t n_value = 1000 + next_random(rng) % 1000, loaded[8] = {0};
    unsigned done[8] = {0};
    uint64_t clock[8] = {0};
    m->n = 0;
    for (size_t left = (size_t)updates * 2 * m->threads; left > 0; left--) {
        unsigned t;
        do
            t = (unsigned)(next_random(rng) % m->threads);
        while (done[t] == 2 * updates);
        bool store = done[t] % 2 == 1;
        if (store)
            n_value = loaded[t] + 1;
        else
            loaded[t] = n_value;
        /* The true place times 10, give or take 40: often out of order
         * with another thread's steps, never with its own. */
        uint64_t at = m->n * 10 + 40 + next_random(rng) % 81 - 40;
        clock[t] = at > clock[t] ? at : clock[t] + 1;
        m->ev[m->n++] = (struct result_trace_event){.t_ns = clock[t],
                                                    .value = store ? n_value : loaded[t],
                                                    .thread = t,
                                                    .store = store,
                                                    .seq = done[t]++};
    }
    /* By the clock, as the recorder hands them over. */
    for (size_t i = 1; i < m->n; i++)
        for (size_t j = i; j > 0 && m->ev[j].t_ns < m->ev[j - 1].t_ns; j--) {
            struct result_trace_event e = m->ev[j];
            m->ev[j] = m->ev[j - 1];
            m->ev[j - 1] = e;
        }
}

/* The property, checked here on its own terms: each thread's steps in
 * program order, and no load shown before the store whose value it read:
 * a load of a value some step stored comes after a store, and the latest
 * store before it stored that value. */
static void assert_fits(const struct result_trace_event *ev, size_t n)
{
    uint64_t next[8] = {0};
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(ev[i].seq, next[ev[i].thread]++);
        if (ev[i].store)
            continue;
        bool stored = false;
        for (size_t j = 0; j < n; j++)
            stored |= ev[j].store && ev[j].value == ev[i].value;
        if (!stored)
            continue;
        size_t j = i;
        while (j > 0 && !ev[j - 1].store)
            j--;
        assert_true(j > 0);
        assert_int_equal(ev[j - 1].value, ev[i].value);
    }
}

/* The made-up traces' seed: fixed, so that every run checks the same
 * traces; RACEDEMO_TEST_SEED=N checks others. Printed either way, with the
 * number of traces, so that a failure can be repeated. */
static uint64_t sample_seed(uint64_t fixed, unsigned traces)
{
    const char *env = getenv("RACEDEMO_TEST_SEED");
    uint64_t seed = env && *env ? strtoull(env, NULL, 10) : fixed;
    printf("# seed %" PRIu64 " (RACEDEMO_TEST_SEED), %u traces\n", seed, traces);
    return seed;
}

static void test_every_made_up_trace_gets_an_order_that_fits(void **state)
{
    (void)state;
    uint64_t rng = sample_seed(28, 2000);
    for (unsigned k = 0; k < 2000; k++) {
        struct made_up m;
        make_trace(&m, &rng);
        assert_true(trace_order(m.ev, m.n, m.threads)); /* the real order fits: one exists */
        assert_fits(m.ev, m.n);
        assert_true(trace_order_fits(m.ev, m.n));
    }
}

/* A cut: each thread's steps from a place on, as --trace keeps the stretch
 * where all were recording; a load may read a store that was cut. When
 * an order is found it fits; when none is, the steps are in clock order. */
static void test_cut_traces_fit_or_are_in_clock_order(void **state)
{
    (void)state;
    uint64_t rng = sample_seed(1, 1000);
    for (unsigned k = 0; k < 1000; k++) {
        struct made_up m, cut = {.n = 0};
        make_trace(&m, &rng);
        cut.threads = m.threads;
        for (size_t i = 0; i < m.n; i++)
            if (m.ev[i].seq >= 4) {
                cut.ev[cut.n] = m.ev[i];
                cut.ev[cut.n++].seq -= 4;
            }
        if (cut.n == 0)
            continue;
        if (trace_order(cut.ev, cut.n, cut.threads)) {
            assert_fits(cut.ev, cut.n);
        } else {
            for (size_t i = 1; i < cut.n; i++)
                assert_true(cut.ev[i].t_ns >= cut.ev[i - 1].t_ns);
        }
    }
}

/* The clock put B's load before A's store of the value it read: the order
 * puts it after. Two loads of one value, side by side, could be either way. */
static void test_a_load_goes_after_the_store_it_read(void **state)
{
    (void)state;
    struct result_trace_event ev[] = {
        {.t_ns = 10, .value = 5, .thread = 1, .seq = 0},
        {.t_ns = 20, .value = 4, .thread = 0, .seq = 0},
        {.t_ns = 30, .value = 5, .thread = 0, .store = true, .seq = 1},
        {.t_ns = 40, .value = 5, .thread = 0, .seq = 2},
    };
    assert_true(trace_order(ev, 4, 2));
    assert_int_equal(ev[0].thread, 0); /* load 4 */
    assert_true(ev[1].store);          /* store 5 */
    assert_int_equal(ev[2].value, 5);
    assert_int_equal(ev[3].value, 5);
    assert_false(ev[0].either);
    assert_false(ev[1].either);
    assert_true(ev[3].either); /* two loads of 5, by A and B: either order */
    assert_fits(ev, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_made_up_trace_gets_an_order_that_fits),
        cmocka_unit_test(test_cut_traces_fit_or_are_in_clock_order),
        cmocka_unit_test(test_a_load_goes_after_the_store_it_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
