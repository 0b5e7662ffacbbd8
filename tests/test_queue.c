/* test_queue.c: the walk over hand-made lists, whole and broken, and every
 * correct strategy keeping every node in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "workloads/queue.h"
#include "run/rules.h"
#include "run/run.h"
#include "result/verdict.h"

/* n nodes of thread 0 (seq 1..n), linked in order, tail at the last. */
static void make_list(struct queue_node *nodes, size_t n)
{
    memset(nodes, 0, n * sizeof *nodes);
    for (size_t i = 0; i < n; i++) {
        nodes[i].thread = 0;
        nodes[i].seq = (uint32_t)(i + 1);
        atomic_init(&nodes[i].next, i + 1 < n ? &nodes[i + 1] : NULL);
    }
}

static void test_walk_of_a_whole_list(void **state)
{
    (void)state;
    struct queue_node nodes[6];
    uint32_t last_seq[1];
    make_list(nodes, 6);
    struct queue_walk w = queue_walk(&nodes[0], &nodes[5], 1, 6, last_seq, 1);
    assert_int_equal(w.reached, 6);
    assert_false(w.cycle);
    assert_false(w.tail_stale);
    assert_false(w.tail_lost);
    assert_int_equal(w.out_of_order, 0);
}

static void test_walk_finds_a_cycle_and_stops(void **state)
{
    (void)state;
    struct queue_node nodes[6];
    uint32_t last_seq[1];
    make_list(nodes, 6);
    atomic_store(&nodes[5].next, &nodes[2]); /* 6 -> 3: a loop */
    struct queue_walk w = queue_walk(&nodes[0], &nodes[5], 1, 6, last_seq, 1);
    assert_true(w.cycle);
    assert_int_equal(w.reached, 6);
    assert_true(w.tail_stale);
    /* A loop onto the first node, and one of a node onto itself. */
    make_list(nodes, 6);
    atomic_store(&nodes[3].next, &nodes[3]);
    w = queue_walk(&nodes[0], &nodes[5], 2, 6, last_seq, 1);
    assert_true(w.cycle);
    assert_int_equal(w.reached, 4);
    assert_true(w.tail_lost); /* node 6 is cut off */
}

static void test_walk_counts_a_lost_node_and_a_stale_tail(void **state)
{
    (void)state;
    struct queue_node nodes[6];
    uint32_t last_seq[1];
    make_list(nodes, 6);
    atomic_store(&nodes[1].next, &nodes[3]); /* 2 -> 4: node 3 is lost */
    struct queue_walk w = queue_walk(&nodes[0], &nodes[5], 1, 6, last_seq, 1);
    assert_int_equal(w.reached, 5);
    assert_false(w.cycle);
    assert_false(w.tail_stale);
    assert_int_equal(nodes[2].seen, 0); /* never reached */
    /* Tail left at node 3, which is lost: stale and lost. */
    w = queue_walk(&nodes[0], &nodes[2], 2, 6, last_seq, 1);
    assert_true(w.tail_stale);
    assert_true(w.tail_lost);
    /* Tail at node 4: in the list but not its last. */
    w = queue_walk(&nodes[0], &nodes[3], 3, 6, last_seq, 1);
    assert_true(w.tail_stale);
    assert_false(w.tail_lost);
}

static void test_walk_counts_nodes_out_of_their_threads_order(void **state)
{
    (void)state;
    struct queue_node nodes[6];
    uint32_t last_seq[2];
    make_list(nodes, 6);
    nodes[3].seq = 2; /* thread 0: 1 2 3 2 5 6 */
    nodes[4].thread = 1;
    nodes[4].seq = 1; /* thread 1's own order starts afresh */
    struct queue_walk w = queue_walk(&nodes[0], &nodes[5], 1, 6, last_seq, 2);
    assert_int_equal(w.out_of_order, 1);
}

static void test_walk_is_bounded_by_the_node_count(void **state)
{
    (void)state;
    struct queue_node nodes[6];
    uint32_t last_seq[1];
    make_list(nodes, 6);
    /* Told there are only 3 nodes, it stops after 4 steps at the most. */
    struct queue_walk w = queue_walk(&nodes[0], &nodes[5], 1, 3, last_seq, 1);
    assert_true(w.reached <= 4);
}

/* Every strategy that promises exclusion, and the lock-free enqueue: every
 * node in the list, each thread's in its order, tail at the last. */
static void test_correct_strategies_keep_every_node(void **state)
{
    (void)state;
    const unsigned counts[] = {2, 3, 8};
    for (const struct sync_strategy *const *s = sync_strategies; *s; s++) {
        if (!((*s)->exclusive && (*s)->lock && !(*s)->can_stall) && !(*s)->atomic_update)
            continue;
        for (size_t k = 0; k < sizeof counts / sizeof *counts; k++) {
            if (!sync_allows_threads(*s, counts[k]))
                continue;
            struct run_config run = {.threads = counts[k], .sync = *s, .timeout = 60};
            struct queue_config cfg = {.iters = 3000};
            struct result res = {0};
            char err[256] = "";
            assert_int_equal(workload_run(&workload_queue, &run, &cfg, NULL, &res, err, sizeof err),
                             0);
            if (res.trials.kept[0].observed != (int64_t)res.work.expected)
                fail_msg("--sync %s --threads %u: %lld of %llu nodes", (*s)->name, counts[k],
                         (long long)res.trials.kept[0].observed,
                         (unsigned long long)res.work.expected);
            assert_int_equal(res.work.expected, 4 + 3000 * counts[k]);
            assert_int_equal(result_metric(&res, 0, QUEUE_CYCLE), 0);
            assert_int_equal(result_metric(&res, 0, QUEUE_TAIL_STALE), 0);
            assert_int_equal(result_metric(&res, 0, QUEUE_TAIL_LOST), 0);
            assert_int_equal(result_metric(&res, 0, QUEUE_OUT_OF_ORDER), 0);
            for (unsigned t = 0; t < counts[k]; t++)
                assert_int_equal(res.workers.lost[t], 0);
            /* The list's end, for --format html: all reached, tail at the last. */
            const struct result_list_end *end = &res.lost_list.end;
            assert_true(end->known);
            assert_int_equal(end->reached, res.work.expected);
            assert_true(end->tail_reached);
            assert_int_equal(end->tail.thread, end->last.thread);
            assert_int_equal(end->tail.seq, end->last.seq);
            assert_true(end->last.thread < counts[k]);
            assert_true(result_all_correct(&res));
            result_free(&res);
        }
    }
}

static void test_node_memory_over_the_cap_is_refused(void **state)
{
    (void)state;
    struct run_config run = {.threads = 64, .sync = sync_find("none")};
    struct queue_config cfg = {.iters = QUEUE_MAX_ITERS};
    char err[256] = "";
    assert_int_equal(workload_check(&workload_queue, &run, &cfg, err, sizeof err), -1);
    assert_non_null(strstr(err, "1024 MiB"));
    run.threads = 2;
    cfg.iters = 100000;
    assert_int_equal(workload_check(&workload_queue, &run, &cfg, err, sizeof err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walk_of_a_whole_list),
        cmocka_unit_test(test_walk_finds_a_cycle_and_stops),
        cmocka_unit_test(test_walk_counts_a_lost_node_and_a_stale_tail),
        cmocka_unit_test(test_walk_counts_nodes_out_of_their_threads_order),
        cmocka_unit_test(test_walk_is_bounded_by_the_node_count),
        cmocka_unit_test(test_correct_strategies_keep_every_node),
        cmocka_unit_test(test_node_memory_over_the_cap_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
