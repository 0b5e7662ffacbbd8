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

#include "report/format.h"
#include "racedemo/replay.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"
#include "workloads/bank.h"
#include "workloads/counter.h"
#include "workloads/prodcons.h"
#include "workloads/queue.h"
#include "replay/model.h"
#include "replay/replay.h"
#include "result/verdict.h"

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

/* The text report with its wrapped lines joined again, so that a test
 * can look for a whole sentence; malloc'd. */
static char *rendered(const struct replay_result *res, bool quiz)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    replay_render_text(out, &(struct text_layout){.width = FORMAT_WIDTH_DEFAULT}, res, "racedemo",
                       quiz);
    fclose(out);
    char *w = text;
    for (const char *r = text; *r; r++) {
        if (strncmp(r, "\n            ", 13) == 0 && strncmp(r + 13, " ", 1) != 0 &&
            !(r[13] >= 'A' && r[13] <= 'Z' && strncmp(r + 14, " is still", 9) == 0)) {
            *w++ = ' ';
            r += 12;
            continue;
        }
        *w++ = *r;
    }
    *w = '\0';
    return text;
}

static void assert_says(const struct replay_result *res, const char *sentence)
{
    char *text = rendered(res, false);
    if (!strstr(text, sentence))
        fail_msg("the report does not say \"%s\":\n%s", sentence, text);
    free(text);
}

/* Every strategy the table gives steps: named, complete, and listed
 * where --schedule says which it knows; one that has none is refused. */
static void test_every_strategy_with_steps_is_replayable(void **state)
{
    (void)state;
    const char *known = replay_strategies();
    for (const struct sync_strategy *const *s = sync_strategies; *s; s++) {
        const struct sync_replay *r = (*s)->replay;
        assert_int_equal(replay_supports((*s)->name), r != NULL);
        if (!r)
            continue;
        assert_non_null(strstr(known, (*s)->name));
        assert_true(r->nacquire ? r->take && r->give && r->state && r->nrelease : !r->nrelease);
        /* --schedule help says what each step does, one line each. */
        assert_true(!r->nacquire || (r->acquire_words && r->release_words));
        for (unsigned k = 0; k < r->nacquire; k++) {
            assert_true(strlen(r->acquire[k]) > 0 && strlen(r->acquire[k]) < 32);
            assert_true(strlen(r->acquire_words[k]) > 0 && strlen(r->acquire_words[k]) <= 60);
        }
        for (unsigned k = 0; k < r->nrelease; k++) {
            assert_true(strlen(r->release[k]) > 0 && strlen(r->release[k]) < 32);
            assert_true(strlen(r->release_words[k]) > 0 && strlen(r->release_words[k]) <= 60);
        }
    }
    for (const struct workload *const *w = workloads; *w; w++) {
        const struct replay_ops *ops = (*w)->replay;
        for (int atomic = 0; ops && atomic < 2; atomic++, ops = ops->atomic) {
            if (!ops)
                break;
            assert_non_null(ops->step_words);
            for (unsigned k = 0; k < ops->nsteps; k++)
                assert_true(strlen(ops->step_words[k]) > 0 && strlen(ops->step_words[k]) <= 60);
        }
    }
    assert_false(replay_supports("no-such-strategy"));
}

/* One thread after the other: whatever the strategy, nothing is lost,
 * nothing waits, and the verdict is what the strategy promises. */
static void test_every_replayable_strategy_runs_a_serial_schedule(void **state)
{
    (void)state;
    for (const struct sync_strategy *const *s = sync_strategies; *s; s++) {
        if (!(*s)->replay || !sync_allows_threads(*s, 2))
            continue;
        struct replay_result res;
        char err[256];
        assert_int_equal(replay(&counter_replay, &inc, (*s)->name, "every:1000", 1, 1, &res, err),
                         0);
        assert_true(res.correct);
        assert_false(res.stalled);
        assert_int_equal(res.blocked, 0);
        assert_int_equal(res.marked_steps + res.exclusion_broken, 0);
        assert_int_equal(res.lock_steps, (*s)->replay->nacquire > 0);
        /* Nobody waits, and each thread takes the workload's steps once
         * (the lock's may loop: bakery reads each thread's number). */
        size_t body = 0;
        for (size_t i = 0; i < res.nevents; i++) {
            assert_false(res.events[i].waiting);
            body += !res.events[i].lock;
        }
        assert_int_equal(body, 2 * model_ops(&counter_replay, *s)->nsteps);
        assert_int_equal(replay_verdict(&res),
                         (*s)->exclusive ? VERDICT_CORRECT : VERDICT_NO_RACE_SEEN);
        replay_result_free(&res);
    }
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
    assert_int_equal(res.marked_steps, 1);
    assert_int_equal(res.lost, 1);
    assert_string_equal(res.events[5].mark, "B's store overwrites A's increment: lost update");
    assert_string_equal(res.events[0].detail, "acc = 0");
    assert_string_equal(res.events[4].shared, "N = 1");
    assert_says(&res, "  verdict   RACE: 1 of 2 increments lost (N = 1, expected 2); the store "
                      "marked ^ overwrote another thread's update\n");
    assert_int_equal(replay_verdict(&res), VERDICT_RACE);
    replay_result_free(&res);
}

/* The issue's case: every:2 with 2 iterations marks 3 stores, but 2 of
 * the 4 increments are lost, and the verdict counts those. */
static void test_the_verdict_counts_increments_lost_not_marks(void **state)
{
    (void)state;
    struct replay_result res;
    char err[256];
    assert_int_equal(replay(&counter_replay, &inc, "none", "every:2", 2, 1, &res, err), 0);
    assert_string_equal(res.observed, "N = 2");
    assert_int_equal(res.marked_steps, 3);
    assert_int_equal(res.lost, 2);
    assert_says(&res, "  verdict   RACE: 2 of 4 increments lost (N = 2, expected 4); the 3 "
                      "stores marked ^ each overwrote another thread's update\n");
    replay_result_free(&res);
}

/* Over random 3-iteration schedules, what the verdict says was lost is
 * expected - observed, every time. */
static void test_the_verdict_is_expected_minus_observed(void **state)
{
    (void)state;
    const struct counter_config sum = {.iters = 1, .op = COUNTER_SUM};
    for (uint64_t seed = 1; seed <= 40; seed++) {
        struct replay_result res;
        char err[256], want[128];
        unsigned long long expected, observed;
        const void *cfg = seed % 2 ? (const void *)&inc : (const void *)&sum;
        assert_int_equal(replay(&counter_replay, cfg, "none", "random", 3, seed, &res, err), 0);
        assert_int_equal(sscanf(res.expected, "N = %llu", &expected), 1);
        assert_int_equal(sscanf(res.observed, "N = %llu", &observed), 1);
        assert_int_equal(res.lost, (int64_t)(expected - observed));
        if (observed == expected) {
            assert_int_equal(res.marked_steps, 0);
            continue;
        }
        if (seed % 2)
            snprintf(want, sizeof want, "RACE: %llu of 6 increments lost (N = %llu, expected 6)",
                     expected - observed, observed);
        else
            snprintf(want, sizeof want,
                     "RACE: additions worth %llu of 12 lost (N = %llu, "
                     "expected 12)",
                     expected - observed, observed);
        assert_says(&res, want);
        replay_result_free(&res);
    }
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
        assert_int_equal(res.marked_steps, expected_n(schedule) == 1);
        assert_int_equal(res.lost, 2 - (int64_t)expected_n(schedule));
        /* Apart or interleaved: never CORRECT, which --sync none cannot
         * promise. */
        assert_int_equal(replay_verdict(&res),
                         expected_n(schedule) == 2 ? VERDICT_NO_RACE_SEEN : VERDICT_RACE);
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
    assert_int_equal(res.marked_steps, 1);
    assert_int_equal(res.lost, 1);
    assert_string_equal(res.events[7].mark, "B's link overwrites link(4) = A1: node A1 is lost");
    assert_string_equal(res.events[7].shared, "head -> 1 -> 2 -> 3 -> 4 -> B1; tail = B1");
    /* What old_tail read is a value: the detail, which --quiz hides. */
    assert_string_equal(res.events[7].op, "link(old_tail) := B1");
    assert_string_equal(res.events[7].detail, "old_tail = 4");
    assert_says(&res, "  verdict   RACE: 1 of 2 added nodes lost (5 reachable from head, "
                      "expected 6); the link marked ^ overwrote another thread's link\n");
    char *text = rendered(&res, false);
    assert_null(strstr(text, "update"));
    free(text);
    replay_result_free(&res);
    /* One after the other: both nodes arrive. */
    assert_int_equal(replay(&queue_replay, &one_node, "none", "AAAABBBB", 1, 1, &res, err), 0);
    assert_true(res.correct);
    replay_result_free(&res);
}

/* A transfer's steps are a free run's, in its order (bank_move, and the
 * report's "from := from - amount; to := to + amount"): read from, write
 * from, read to, write to. */
static void test_the_bank_replays_a_transfer_in_the_free_runs_order(void **state)
{
    (void)state;
    const struct bank_config two = {
        .accounts = 2, .balance = 1000, .transfers = 1, .max_amount = 100};
    const char *const names[] = {"rfrom", "wfrom", "rto", "wto"};
    const char *const ops[] = {"read from (#", "write from (#", "read to (#", "write to (#"};
    assert_int_equal(bank_replay.nsteps, 4);
    struct replay_result res;
    char err[256];
    assert_int_equal(replay(&bank_replay, &two, "none", "AAAABBBB", 1, 1, &res, err), 0);
    for (unsigned k = 0; k < 4; k++) {
        assert_string_equal(bank_replay.steps[k], names[k]);
        assert_int_equal(strncmp(res.events[k].op, ops[k], strlen(ops[k])), 0);
    }
    assert_true(res.correct);
    replay_result_free(&res);
    /* The issue's order, both reads before either write, is not a transfer's. */
    assert_int_equal(replay(&bank_replay, &two, "none", "A:rfrom A:rto", 1, 1, &res, err), -1);
    assert_non_null(strstr(err, "A's next step is wfrom, not 'rto'"));
}

/* B's whole transfer comes between A's read of `to` and A's write of it:
 * A's write puts back the balance B had taken its amount from, and that
 * money is created. */
static void test_the_bank_interleaving_creates_money_exactly(void **state)
{
    (void)state;
    const struct bank_config two = {
        .accounts = 2, .balance = 1000, .transfers = 1, .max_amount = 100};
    struct replay_result res;
    char err[256];
    assert_int_equal(replay(&bank_replay, &two, "none", "AAABBBBA", 1, 1, &res, err), 0);
    /* What each teller moved, drawn as the replay drew it. */
    uint64_t a = bank_seed(1, 1, 0), b = bank_seed(1, 1, 1);
    struct bank_transfer ta = bank_draw(&a, 2, 100), tb = bank_draw(&b, 2, 100);
    assert_true(ta.from != tb.from); /* opposite directions between #0 and #1 */
    assert_int_equal(res.marked_steps, 1);
    assert_false(res.correct);
    assert_int_equal(res.lost, -tb.amount);
    char want[256], money[32], off[32];
    format_amount(money, sizeof money, "$", 2000 + tb.amount);
    format_amount(off, sizeof off, "$", tb.amount);
    snprintf(want, sizeof want, "total %s", money);
    assert_string_equal(res.observed, want);
    snprintf(want, sizeof want,
             "RACE: off by +%s: money created (total %s, expected $2,000); the write marked ^ "
             "overwrote another teller's update",
             off, money);
    assert_says(&res, want);
    replay_result_free(&res);
    /* Over random schedules: the verdict's dollars are expected - observed. */
    const struct bank_config three = {
        .accounts = 3, .balance = 1000, .transfers = 2, .max_amount = 100};
    for (uint64_t seed = 1; seed <= 30; seed++) {
        assert_int_equal(replay(&bank_replay, &three, "none", "random", 2, seed, &res, err), 0);
        format_amount(money, sizeof money, "$", 3000 - res.lost);
        snprintf(want, sizeof want, "total %s", money);
        assert_string_equal(res.observed, want);
        assert_int_equal(res.correct, res.lost == 0);
        if (res.lost) {
            format_amount(off, sizeof off, "$", -res.lost);
            snprintf(want, sizeof want, "RACE: off by %s%s: money %s", res.lost < 0 ? "+" : "", off,
                     res.lost < 0 ? "created" : "destroyed");
            assert_says(&res, want);
        }
        replay_result_free(&res);
    }
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
                            0, 1, &res, err),
                     0);
    assert_int_equal(res.blocked, 3); /* A and B */
    assert_true(res.stalled);
    assert_string_equal(res.events[6].mark,
                        "B has tested count and is about to sleep: this wakeup is lost");
    assert_string_equal(res.observed, "A and B both asleep after B took 0");
    assert_int_equal(replay_verdict(&res), VERDICT_DEADLOCK);
    assert_says(&res, "  verdict   DEADLOCK: every thread waits for another, and none can go on");
    replay_result_free(&res);
    /* A wakes B, and only then does A fall asleep: B can go on, so the
     * end of this schedule is no deadlock, whatever each last did. */
    assert_int_equal(replay(&prodcons_replay, &one, "none",
                            "B:test B:sleep A:test A:sleep A:item A:load A:store A:wake A:test "
                            "A:sleep",
                            0, 1, &res, err),
                     0);
    assert_int_equal(res.blocked, 3);
    assert_false(res.stalled);
    assert_int_not_equal(replay_verdict(&res), VERDICT_DEADLOCK);
    replay_result_free(&res);
    /* B asleep for good once A has put its only item (and A has no more
     * to put): as a free run would, a DEADLOCK. */
    assert_int_equal(replay(&prodcons_replay, &one, "none",
                            "B:test A:test A:sleep A:item A:load A:store A:wake B:sleep", 1, 1,
                            &res, err),
                     0);
    assert_true(res.stalled);
    assert_int_equal(replay_verdict(&res), VERDICT_DEADLOCK);
    assert_says(&res, "DEADLOCK: B sleeps, and every other thread has finished: none is left to "
                      "wake it");
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
    const char *syncs[] = {"peterson", "tas", "mutex", "turn"};
    for (size_t s = 0; s < 4; s++)
        for (uint64_t seed = 1; seed <= 30; seed++) {
            struct replay_result res;
            char err[256];
            const char *schedule = seed % 3 ? "random" : "every:1";
            if (replay(&counter_replay, &inc, syncs[s], schedule, 3, seed, &res, err) != 0)
                fail_msg("--sync %s, seed %llu: %s", syncs[s], (unsigned long long)seed, err);
            if (!res.correct || res.exclusion_broken)
                fail_msg("--sync %s --schedule %s: %s", syncs[s], res.schedule, res.observed);
            assert_string_equal(res.observed, "N = 6");
            assert_int_equal(replay_verdict(&res), VERDICT_CORRECT);
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
    assert_says(&res, "  verdict   RACE: the lock let two threads in at once (marked ^); 1 of 2 "
                      "increments lost (N = 1, expected 2)");
    replay_result_free(&res);
    /* One after the other, flag works this time, but promises nothing. */
    assert_int_equal(replay(&counter_replay, &inc, "flag", "AAAAAABBBBBB", 1, 1, &res, err), 0);
    assert_int_equal(replay_verdict(&res), VERDICT_NO_RACE_SEEN);
    assert_says(&res, "  verdict   NO RACE SEEN: no increment lost, because no two threads were "
                      "inside at once; --sync flag does not promise that: try --schedule "
                      "every:1\n");
    replay_result_free(&res);
}

/* --sync none one thread after the other: nothing lost, and no claim. */
static void test_a_schedule_that_does_not_interleave_is_no_race_seen(void **state)
{
    (void)state;
    struct replay_result res;
    char err[256];
    assert_int_equal(replay(&counter_replay, &inc, "none", "AAABBB", 1, 1, &res, err), 0);
    assert_true(res.correct);
    assert_false(res.overlapped);
    assert_int_equal(replay_verdict(&res), VERDICT_NO_RACE_SEEN);
    assert_says(&res, "  verdict   NO RACE SEEN: no increment lost, because the threads' steps "
                      "did not interleave; --sync none does not promise exclusion: try "
                      "--schedule every:1 or random\n");
    replay_result_free(&res);
    /* The queue: B's first step comes while A is mid-iteration, yet no
     * link is overwritten. */
    assert_int_equal(replay(&queue_replay, &one_node, "none", "ABAAABBB", 1, 1, &res, err), 0);
    assert_true(res.correct);
    assert_true(res.overlapped);
    assert_says(&res, "NO RACE SEEN: no node lost: the threads' steps interleaved, but none went "
                      "wrong this time");
    replay_result_free(&res);
}

/* The seed's third attempt deadlocks when both raise their flags before
 * either tests; its fourth lets both in when both test first. */
static void test_the_flags_attempts_replay_step_by_step(void **state)
{
    (void)state;
    struct replay_result res;
    char err[256];
    assert_int_equal(replay(&counter_replay, &inc, "flags-set-first", "A:flag B:flag A:test B:test",
                            1, 1, &res, err),
                     0);
    assert_string_equal(res.events[0].op, "flag[A] := 1");
    assert_string_equal(res.events[2].op, "test flag[B]");
    assert_string_equal(res.events[2].detail, "flag[B] = 1: spins");
    assert_string_equal(res.events[3].shared, "flag[A] = 1, flag[B] = 1");
    assert_int_equal(res.blocked, 3);
    assert_true(res.stalled);
    assert_int_equal(replay_verdict(&res), VERDICT_DEADLOCK);
    replay_result_free(&res);
    /* It does keep the threads apart: exact whenever it gets through. */
    assert_int_equal(
        replay(&counter_replay, &inc, "flags-set-first", "AAAAAABBBBBB", 1, 1, &res, err), 0);
    assert_int_equal(replay_verdict(&res), VERDICT_CORRECT);
    replay_result_free(&res);
    assert_int_equal(replay(&counter_replay, &inc, "flags-check-first", "every:1", 1, 1, &res, err),
                     0);
    assert_string_equal(res.schedule, "ABABABABABAB");
    assert_string_equal(res.events[0].op, "test flag[B]");
    assert_string_equal(res.events[2].op, "flag[A] := 1");
    assert_int_equal(res.exclusion_broken, 1);
    assert_int_equal(replay_verdict(&res), VERDICT_RACE);
    replay_result_free(&res);
}

/* Waiters whose threads have finished: STUCK, or DEADLOCK where threads
 * sleep, as a free run says. */
static void test_a_stall_is_stuck_or_a_deadlock_where_threads_sleep(void **state)
{
    (void)state;
    struct replay_result res = {.nthreads = 2, .blocked = 1, .stalled = true, .correct = true};
    assert_int_equal(replay_verdict(&res), VERDICT_STUCK);
    res.sleeps = true;
    assert_int_equal(replay_verdict(&res), VERDICT_DEADLOCK);
    res.sleeps = false;
    res.blocked = 3;
    assert_int_equal(replay_verdict(&res), VERDICT_DEADLOCK);
    /* Waiting where the schedule stops is not stalling. */
    res.stalled = false;
    res.exclusive = true;
    assert_int_equal(replay_verdict(&res), VERDICT_CORRECT);
}

static void test_malformed_schedules_are_refused(void **state)
{
    (void)state;
    struct replay_result res;
    char err[256];
    assert_int_equal(replay(&counter_replay, &inc, "none", "ABC", 1, 1, &res, err), -1);
    assert_non_null(strstr(err, "there is no thread C"));
    assert_int_equal(replay(&counter_replay, &inc, "none", "A:jump", 1, 1, &res, err), -1);
    assert_non_null(strstr(err, "A's next step is load, not 'jump'"));
    assert_int_equal(replay(&counter_replay, &inc, "none", "A:store", 1, 1, &res, err), -1);
    assert_non_null(strstr(err, "not 'store'"));
    assert_int_equal(replay(&counter_replay, &inc, "none", "AAB", 1, 1, &res, err), -1);
    assert_non_null(strstr(err, "leaves A in the middle of an iteration: its next step is store"));
    assert_int_equal(replay(&counter_replay, &inc, "none", "a", 1, 1, &res, err), -1);
    assert_non_null(strstr(err, "'a' is not a thread"));
    assert_int_equal(replay(&counter_replay, &inc, "none", "every:0", 1, 1, &res, err), -1);
    assert_non_null(strstr(err, "every:N expects N from 1"));
    assert_int_equal(replay(&counter_replay, &inc, "none", "", 1, 1, &res, err), -1);
    assert_non_null(strstr(err, "no steps"));
    const struct bank_config bank = {
        .accounts = 2, .balance = 1000, .transfers = 1, .max_amount = 100};
    assert_int_equal(replay(&bank_replay, &bank, "atomic", "AB", 1, 1, &res, err), -1);
    assert_non_null(strstr(err, "--sync atomic makes each update one atomic instruction"));
    assert_int_equal(replay(&counter_replay, &inc, "none", "random", 5000, 1, &res, err), -1);
    assert_non_null(strstr(err, "lower --iters"));
    /* Letters with a count of iterations may not go past it. */
    assert_int_equal(replay(&counter_replay, &inc, "none", "AAAA", 1, 1, &res, err), -1);
    assert_non_null(strstr(err, "at step 4, A has done its 1 iteration (--iters 1)"));
}

static void test_mermaid_draws_the_seed(void **state)
{
    (void)state;
    struct replay_result res;
    char err[256], *text = NULL;
    size_t len = 0;
    assert_int_equal(replay(&counter_replay, &inc, "none", "ABABAB", 1, 1, &res, err), 0);
    FILE *out = open_memstream(&text, &len);
    replay_render_mermaid(out, &res, false);
    fclose(out);
    assert_string_equal(text, "sequenceDiagram\n"
                              "    participant A as Thread A\n"
                              "    participant S as N\n"
                              "    participant B as Thread B\n"
                              "    S->>A: load N to acc (acc = 0)\n"
                              "    S->>B: load N to acc (acc = 0)\n"
                              "    Note over A: acc := acc + 1 (acc = 1)\n"
                              "    Note over B: acc := acc + 1 (acc = 1)\n"
                              "    A->>S: store acc to N (N = 1)\n"
                              "    B->>S: store acc to N (N = 1)\n"
                              "    Note over S: B's store overwrites A's increment: lost update\n"
                              "    Note over S: N = 1 (expected N = 2)\n");
    free(text);
    /* --quiz hides every value in the diagram too. */
    text = NULL;
    out = open_memstream(&text, &len);
    replay_render_mermaid(out, &res, true);
    fclose(out);
    assert_null(strstr(text, "acc = "));
    assert_null(strstr(text, "N = 1"));
    assert_null(strstr(text, "lost update"));
    assert_non_null(strstr(text, "    B->>S: store acc to N (?)\n"));
    assert_non_null(strstr(text, "    Note over S: ? (expected N = 2)\n"));
    free(text);
    replay_result_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_seed_interleaving_ends_with_n_1),
        cmocka_unit_test(test_the_verdict_counts_increments_lost_not_marks),
        cmocka_unit_test(test_the_verdict_is_expected_minus_observed),
        cmocka_unit_test(test_every_order_of_two_threads_three_steps_is_exact),
        cmocka_unit_test(test_the_queue_interleaving_loses_node_a1),
        cmocka_unit_test(test_the_bank_replays_a_transfer_in_the_free_runs_order),
        cmocka_unit_test(test_the_bank_interleaving_creates_money_exactly),
        cmocka_unit_test(test_the_buffer_loses_a_wakeup_and_deadlocks),
        cmocka_unit_test(test_correct_strategies_are_exact_under_any_schedule),
        cmocka_unit_test(test_flag_lets_two_threads_in),
        cmocka_unit_test(test_a_schedule_that_does_not_interleave_is_no_race_seen),
        cmocka_unit_test(test_the_flags_attempts_replay_step_by_step),
        cmocka_unit_test(test_a_stall_is_stuck_or_a_deadlock_where_threads_sleep),
        cmocka_unit_test(test_malformed_schedules_are_refused),
        cmocka_unit_test(test_mermaid_draws_the_seed),
        cmocka_unit_test(test_every_strategy_with_steps_is_replayable),
        cmocka_unit_test(test_every_replayable_strategy_runs_a_serial_schedule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
