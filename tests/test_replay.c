/* test_replay.c: lockstep replay gives exactly the interleaving it is
 * told, whatever the machine; malformed schedules are refused. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format.h"
#include "replay.h"
#include "sync/sync.h"
#include "workloads/bank.h"
#include "workloads/counter.h"
#include "workloads/prodcons.h"
#include "workloads/queue.h"

extern const struct replay_ops counter_replay;
extern const struct replay_ops queue_replay;
extern const struct replay_ops bank_replay;
extern const struct replay_ops prodcons_replay;

static const struct counter_config inc = {.iters = 1, .op = COUNTER_INC};
static const struct queue_config one_node = {.iters = 1};

static int replay(const struct replay_ops *ops, const void *cfg, const char *sync,
                  const char *schedule, uint64_t iters, uint64_t seed, struct replay_result *res,
                  char *err)
{
    struct replay_spec spec;
    if (replay_parse(schedule, &spec, err, 256) != 0)
        return -1;
    int rc = replay_run(ops, cfg, &spec, sync_find(sync), 2, iters, seed, res, err, 256);
    replay_spec_free(&spec);
    return rc;
}

/* The seed: A and B load 0, both add, both store 1. */
static void test_the_seed_interleaving_ends_with_n_1(void **state)
{
    (void)state;
    struct replay_result res;
    char err[256];
    assert_int_equal(replay(&counter_replay, &inc, "none",
                            "A:load B:load A:add B:add A:store B:store", 1, 1, &res, err),
                     0);
    assert_string_equal(res.schedule, "ABABAB");
    assert_string_equal(res.expected, "N = 2");
    assert_string_equal(res.observed, "N = 1");
    assert_false(res.correct);
    assert_int_equal(res.nevents, 6);
    assert_int_equal(res.lost_updates, 1);
    assert_string_equal(res.events[5].mark, "B's store overwrites A's increment: lost update");
    assert_string_equal(res.events[0].detail, "acc = 0");
    assert_string_equal(res.events[4].shared, "N = 1");
    replay_result_free(&res);
}

/* N after a schedule of one load, add, store per thread, worked out here
 * without threads: each store writes what its thread loaded, plus one. */
static unsigned expected_n(const char *schedule)
{
    unsigned n = 0, acc[2] = {0, 0}, step[2] = {0, 0};
    for (const char *p = schedule; *p; p++) {
        unsigned t = (unsigned)(*p - 'A');
        if (step[t] == 0)
            acc[t] = n;
        else if (step[t] == 1)
            acc[t]++;
        else
            n = acc[t];
        step[t]++;
    }
    return n;
}

/* All 20 orders of AAABBB: each gives exactly the N worked out above. */
static void test_every_order_of_two_threads_three_steps_is_exact(void **state)
{
    (void)state;
    unsigned seen = 0;
    for (unsigned mask = 0; mask < 64; mask++) {
        if (__builtin_popcount(mask) != 3)
            continue;
        char schedule[7];
        for (int i = 0; i < 6; i++)
            schedule[i] = mask >> i & 1 ? 'A' : 'B';
        schedule[6] = '\0';
        struct replay_result res;
        char err[256], want[32];
        assert_int_equal(replay(&counter_replay, &inc, "none", schedule, 1, 1, &res, err), 0);
        snprintf(want, sizeof want, "N = %u", expected_n(schedule));
        assert_string_equal(res.observed, want);
        assert_int_equal(res.correct, expected_n(schedule) == 2);
        assert_int_equal(res.lost_updates, expected_n(schedule) == 1);
        replay_result_free(&res);
        seen++;
    }
    assert_int_equal(seen, 20);
}

/* The seed's queue: A and B both read tail 4; B's link overwrites A's. */
static void test_the_queue_interleaving_loses_node_a1(void **state)
{
    (void)state;
    struct replay_result res;
    char err[256];
    assert_int_equal(replay(&queue_replay, &one_node, "none",
                            "A:null A:read B:null B:read A:move B:move A:link B:link", 1, 1, &res,
                            err),
                     0);
    assert_string_equal(res.expected, "6 nodes reachable from head");
    assert_string_equal(res.observed, "5 nodes reachable");
    assert_int_equal(res.lost_updates, 1);
    assert_string_equal(res.events[7].mark, "B's link overwrites link(4) = A1: node A1 is lost");
    assert_string_equal(res.events[7].shared, "head -> 1 -> 2 -> 3 -> 4 -> B1; tail = B1");
    replay_result_free(&res);
    /* One after the other: both nodes arrive. */
    assert_int_equal(replay(&queue_replay, &one_node, "none", "AAAABBBB", 1, 1, &res, err), 0);
    assert_true(res.correct);
    replay_result_free(&res);
}

/* Two tellers between two accounts, each reading both balances before
 * either writes: both writes of each account overwrite the other's, and
 * the money is off by exactly the two amounts' difference. */
static void test_the_bank_interleaving_loses_money_exactly(void **state)
{
    (void)state;
    const struct bank_config two = {
        .accounts = 2, .balance = 1000, .transfers = 1, .max_amount = 100};
    struct replay_result res;
    char err[256];
    assert_int_equal(replay(&bank_replay, &two, "none", "ABABABAB", 1, 1, &res, err), 0);
    assert_int_equal(res.lost_updates, 2);
    assert_false(res.correct);
    assert_string_equal(res.expected, "total $2,000");
    /* What each teller moved, drawn as the replay drew it. */
    uint64_t a = bank_seed(1, 1, 0), b = bank_seed(1, 1, 1);
    struct bank_transfer ta = bank_draw(&a, 2, 100), tb = bank_draw(&b, 2, 100);
    assert_true(ta.from != tb.from); /* opposite directions between #0 and #1 */
    /* Each account ends as its last writer saw it: from's debit lost, to's
     * credit kept, for both; the total is off by both credits. */
    char want[64], money[32];
    snprintf(want, sizeof want, "total %s",
             format_amount(money, sizeof money, "$", 2000 + ta.amount + tb.amount));
    assert_string_equal(res.observed, want);
    replay_result_free(&res);
    /* One teller after the other: every dollar stays. */
    assert_int_equal(replay(&bank_replay, &two, "none", "AAAABBBB", 1, 1, &res, err), 0);
    assert_true(res.correct);
    replay_result_free(&res);
}

/* The seed's lost wakeup: B tests count == 0, A puts an item and wakes B
 * before B sleeps; B sleeps anyway, A fills the one slot and sleeps too. */
static void test_the_buffer_loses_a_wakeup_and_deadlocks(void **state)
{
    (void)state;
    const struct prodcons_config one = {.producers = 1, .consumers = 1, .items = 1, .slots = 1};
    struct replay_result res;
    char err[256];
    assert_int_equal(replay(&prodcons_replay, &one, "none",
                            "B:test A:test A:sleep A:item A:load A:store A:wake B:sleep A:test "
                            "A:sleep",
                            1, 1, &res, err),
                     0);
    assert_int_equal(res.blocked, 3); /* A and B */
    assert_false(res.correct);
    assert_string_equal(res.events[6].mark,
                        "B has tested count and is about to sleep: this wakeup is lost");
    assert_string_equal(res.observed, "A and B both asleep after B took 0");
    replay_result_free(&res);
    /* A puts and wakes nobody; B then finds the item: no one sleeps. */
    assert_int_equal(replay(&prodcons_replay, &one, "none", "AAAAAABBBBBB", 1, 1, &res, err), 0);
    assert_true(res.correct);
    assert_int_equal(res.blocked, 0);
    replay_result_free(&res);
}

/* A correct strategy is exact under any schedule: random ones from many
 * seeds, and switching every step. */
static void test_correct_strategies_are_exact_under_any_schedule(void **state)
{
    (void)state;
    const char *syncs[] = {"peterson", "tas", "mutex"};
    for (size_t s = 0; s < 3; s++)
        for (uint64_t seed = 1; seed <= 30; seed++) {
            struct replay_result res;
            char err[256];
            const char *schedule = seed % 3 ? "random" : "every:1";
            if (replay(&counter_replay, &inc, syncs[s], schedule, 3, seed, &res, err) != 0)
                fail_msg("--sync %s, seed %llu: %s", syncs[s], (unsigned long long)seed, err);
            if (!res.correct || res.exclusion_broken)
                fail_msg("--sync %s --schedule %s: %s", syncs[s], res.schedule, res.observed);
            assert_string_equal(res.observed, "N = 6");
            replay_result_free(&res);
        }
}

/* The seed's flag lets both threads through when both test first. */
static void test_flag_lets_two_threads_in(void **state)
{
    (void)state;
    struct replay_result res;
    char err[256];
    assert_int_equal(replay(&counter_replay, &inc, "flag",
                            "A:test B:test A:set B:set A:load B:load A:add B:add A:store "
                            "B:store A:clear B:clear",
                            1, 1, &res, err),
                     0);
    assert_int_equal(res.exclusion_broken, 1);
    assert_string_equal(res.observed, "N = 1");
    replay_result_free(&res);
}

static void test_malformed_schedules_are_refused(void **state)
{
    (void)state;
    struct replay_result res;
    char err[256];
    assert_int_equal(replay(&counter_replay, &inc, "none", "ABC", 1, 1, &res, err), -1);
    assert_non_null(strstr(err, "there is no thread C"));
    assert_int_equal(replay(&counter_replay, &inc, "none", "A:jump", 1, 1, &res, err), -1);
    assert_non_null(strstr(err, "A's next step is load, not jump"));
    assert_int_equal(replay(&counter_replay, &inc, "none", "A:store", 1, 1, &res, err), -1);
    assert_non_null(strstr(err, "not store"));
    assert_int_equal(replay(&counter_replay, &inc, "none", "AAB", 1, 1, &res, err), -1);
    assert_non_null(strstr(err, "leaves A in the middle of an iteration: its next step is store"));
    assert_int_equal(replay(&counter_replay, &inc, "none", "a", 1, 1, &res, err), -1);
    assert_non_null(strstr(err, "'a' is not a thread"));
    assert_int_equal(replay(&counter_replay, &inc, "none", "every:0", 1, 1, &res, err), -1);
    assert_non_null(strstr(err, "every:N expects N from 1"));
    assert_int_equal(replay(&counter_replay, &inc, "none", "", 1, 1, &res, err), -1);
    assert_non_null(strstr(err, "no steps"));
    assert_int_equal(replay(&counter_replay, &inc, "ticket", "AB", 1, 1, &res, err), -1);
    assert_non_null(strstr(err, "not of ticket"));
    assert_int_equal(replay(&counter_replay, &inc, "none", "random", 5000, 1, &res, err), -1);
    assert_non_null(strstr(err, "lower --iters"));
}

static void test_mermaid_draws_the_seed(void **state)
{
    (void)state;
    struct replay_result res;
    char err[256], *text = NULL;
    size_t len = 0;
    assert_int_equal(replay(&counter_replay, &inc, "none", "ABABAB", 1, 1, &res, err), 0);
    FILE *out = open_memstream(&text, &len);
    replay_render_mermaid(out, &res);
    fclose(out);
    assert_string_equal(text, "sequenceDiagram\n"
                              "    participant A as Thread A\n"
                              "    participant S as N\n"
                              "    participant B as Thread B\n"
                              "    A->>S: load N to acc (acc = 0)\n"
                              "    B->>S: load N to acc (acc = 0)\n"
                              "    Note over A: acc := acc + 1 (acc = 1)\n"
                              "    Note over B: acc := acc + 1 (acc = 1)\n"
                              "    A->>S: store acc to N (N = 1)\n"
                              "    B->>S: store acc to N (N = 1)\n"
                              "    Note over S: B's store overwrites A's increment: lost update\n"
                              "    Note over S: N = 1 (expected N = 2)\n");
    free(text);
    replay_result_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_seed_interleaving_ends_with_n_1),
        cmocka_unit_test(test_every_order_of_two_threads_three_steps_is_exact),
        cmocka_unit_test(test_the_queue_interleaving_loses_node_a1),
        cmocka_unit_test(test_the_bank_interleaving_loses_money_exactly),
        cmocka_unit_test(test_the_buffer_loses_a_wakeup_and_deadlocks),
        cmocka_unit_test(test_correct_strategies_are_exact_under_any_schedule),
        cmocka_unit_test(test_flag_lets_two_threads_in),
        cmocka_unit_test(test_malformed_schedules_are_refused),
        cmocka_unit_test(test_mermaid_draws_the_seed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
