/* test_bank.c: the bank's arithmetic, and every correct strategy keeping
 * the money exact under both lock placements. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "workloads/bank.h"
#include "run/rules.h"
#include "run/run.h"
#include "result/verdict.h"

static struct bank_config small_bank(unsigned lock)
{
    /* Few accounts, so that tellers meet on the same ones all the time. */
    return (struct bank_config){
        .accounts = 5, .balance = 1000, .transfers = 3000, .max_amount = 100, .lock = lock};
}

static void test_total_is_accounts_times_balance(void **state)
{
    (void)state;
    struct bank_config cfg = {
        .accounts = 10000, .balance = 1000, .transfers = 100000, .max_amount = 100};
    uint64_t total = 0;
    assert_true(bank_total(2, &cfg, &total));
    assert_int_equal(total, 10000000);
    cfg.balance = 0;
    assert_true(bank_total(2, &cfg, &total));
    assert_int_equal(total, 0);
}

static void test_total_refuses_sums_past_int64(void **state)
{
    (void)state;
    uint64_t total = 0;
    /* accounts x balance alone past 2^63 - 1. */
    struct bank_config cfg = {.accounts = BANK_MAX_ACCOUNTS,
                              .balance = BANK_MAX_BALANCE,
                              .transfers = 1,
                              .max_amount = 1};
    assert_false(bank_total(1, &cfg, &total));
    /* The money in the bank fits, but with everything the tellers could
     * move an audit's sum might not: 63 x 10^9 x 10^9 = 6.3 x 10^19. */
    cfg = (struct bank_config){.accounts = 10,
                               .balance = 1,
                               .transfers = BANK_MAX_TRANSFERS,
                               .max_amount = BANK_MAX_AMOUNT};
    assert_false(bank_total(63, &cfg, &total));
    /* 9 x 10^18 of money and nothing left for transfers to move. */
    cfg = (struct bank_config){
        .accounts = 9000000, .balance = 1000000000000u, .transfers = 1, .max_amount = 1};
    assert_true(bank_total(1, &cfg, &total));
    cfg.max_amount = 400000000;
    cfg.transfers = 1000000000;
    assert_false(bank_total(1, &cfg, &total));
}

/* The first trial's audits as kept for --format html: every one counted,
 * one in `every` kept from the first, at most RESULT_SERIES_POINTS, in the
 * order they ended; with the auditor locking, each saw the right total. */
static void check_series(const struct result *res, bool exact)
{
    const struct result_series *sr = &res->series;
    assert_non_null(sr->label);
    assert_non_null(sr->points);
    assert_int_equal(sr->expected, 5000);
    assert_int_equal(sr->taken, result_metric(res, 0, BANK_AUDITS));
    assert_true(sr->every >= 1);
    assert_true(sr->npoints <= RESULT_SERIES_POINTS);
    assert_int_equal(sr->npoints, (sr->taken + sr->every - 1) / sr->every);
    for (size_t i = 0; i < sr->npoints; i++) {
        if (i > 0)
            assert_true(sr->points[i].t_ns >= sr->points[i - 1].t_ns);
        if (exact)
            assert_int_equal(sr->points[i].value, 5000);
    }
}

/* Runs the bank and checks what every correct run must show: the final
 * total is exact and, when the auditor locks, so is every audit. */
static void run_exact(const char *sync, unsigned tellers, struct bank_config cfg)
{
    struct run_config run = {.threads = tellers, .sync = sync_find(sync), .timeout = 60};
    struct result res = {0};
    char err[256] = "";
    assert_non_null(run.sync);
    assert_int_equal(workload_check(&workload_bank, &run, &cfg, err, sizeof err), 0);
    int rc = workload_run(&workload_bank, &run, &cfg, NULL, &res, err, sizeof err);
    if (rc != 0 || res.trials.count != 1)
        fail_msg("--sync %s, %u tellers: %s", sync, tellers,
                 rc != 0           ? err
                 : res.stall.stuck ? "stopped by the watchdog"
                                   : "no trial");
    if (res.trials.kept[0].observed != 5000)
        fail_msg("--sync %s --lock %s, %u tellers: final total %lld, not 5000", sync,
                 cfg.lock == BANK_LOCK_ACCOUNT ? "account" : "bank", tellers,
                 (long long)res.trials.kept[0].observed);
    /* How many audits overlapped the tellers is up to the scheduler. */
    assert_true(result_metric(&res, 0, BANK_AUDITS_WRONG) <= result_metric(&res, 0, BANK_AUDITS));
    check_series(&res, !cfg.audit_unlocked);
    if (!cfg.audit_unlocked) {
        assert_int_equal(result_metric(&res, 0, BANK_AUDITS_WRONG), 0);
        /* No audit, no range: none is made up from the final total. */
        int64_t range = result_metric(&res, 0, BANK_AUDITS) ? 5000 : METRIC_NONE;
        assert_int_equal(result_metric(&res, 0, BANK_AUDIT_LOW), range);
        assert_int_equal(result_metric(&res, 0, BANK_AUDIT_HIGH), range);
        assert_true(result_all_correct(&res));
        if (res.run.detected)
            assert_int_equal(res.trials.kept[0].violations, 0);
    }
    result_free(&res);
}

/* Every strategy that promises exclusion, under both lock placements, with
 * 2 and 4 tellers (3 and 5 participants with the auditor). */
static void test_correct_strategies_keep_every_dollar(void **state)
{
    (void)state;
    for (const struct sync_strategy *const *s = sync_strategies; *s; s++) {
        if (!(*s)->exclusive || (*s)->can_stall || !(*s)->lock)
            continue;
        for (unsigned lock = BANK_LOCK_BANK; lock <= BANK_LOCK_ACCOUNT; lock++)
            for (unsigned tellers = 2; tellers <= 4; tellers += 2)
                if (sync_allows_threads(*s, tellers + 1))
                    run_exact((*s)->name, tellers, small_bank(lock));
    }
}

/* With the auditor reading without locks, the tellers still lose nothing. */
static void test_audit_unlocked_keeps_the_final_total(void **state)
{
    (void)state;
    const char *syncs[] = {"mutex", "ticket", "peterson"};
    for (size_t i = 0; i < sizeof syncs / sizeof *syncs; i++)
        for (unsigned lock = BANK_LOCK_BANK; lock <= BANK_LOCK_ACCOUNT; lock++) {
            struct bank_config cfg = small_bank(lock);
            cfg.audit_unlocked = true;
            run_exact(syncs[i], 2, cfg);
        }
}

/* Atomic updates of each balance: nothing is lost, though audits may still
 * catch a transfer half done (not asserted: it depends on timing). */
static void test_atomic_updates_keep_the_final_total(void **state)
{
    (void)state;
    struct bank_config cfg = small_bank(BANK_LOCK_BANK);
    cfg.audit_unlocked = true;
    run_exact("atomic", 4, cfg);
}

/* One teller cannot lose an update, even unguarded. */
static void test_one_teller_cannot_lose_money(void **state)
{
    (void)state;
    struct bank_config cfg = small_bank(BANK_LOCK_BANK);
    cfg.audit_unlocked = true;
    run_exact("none", 1, cfg);
}

/* Transfers move 1 to max-amount between two different accounts, cover
 * every account and amount, and come from the seed. */
static void test_draws_are_in_range_and_follow_the_seed(void **state)
{
    (void)state;
    uint64_t rng = bank_seed(1, 1, 0), again = bank_seed(1, 1, 0);
    uint64_t other = bank_seed(1, 1, 1), later = bank_seed(1, 2, 0), seed2 = bank_seed(2, 1, 0);
    assert_true(rng != other && rng != later && rng != seed2);
    unsigned from_seen[3] = {0}, to_seen[3] = {0}, amount_seen[5] = {0};
    for (int i = 0; i < 100000; i++) {
        struct bank_transfer t = bank_draw(&rng, 3, 4), u = bank_draw(&again, 3, 4);
        assert_true(t.from < 3 && t.to < 3 && t.from != t.to);
        assert_true(t.amount >= 1 && t.amount <= 4);
        assert_true(t.from == u.from && t.to == u.to && t.amount == u.amount);
        from_seen[t.from]++;
        to_seen[t.to]++;
        amount_seen[t.amount]++;
    }
    /* Each of 3 accounts and 4 amounts about evenly: a third or a quarter
     * of 100,000 draws, give or take far more than chance allows. */
    for (int k = 0; k < 3; k++)
        assert_true(from_seen[k] > 30000 && to_seen[k] > 30000);
    for (int k = 1; k <= 4; k++)
        assert_true(amount_seen[k] > 22000);
}

static void test_thread_limits_count_the_auditor(void **state)
{
    (void)state;
    struct bank_config cfg = small_bank(BANK_LOCK_BANK);
    char err[256] = "";
    struct run_config run = {.threads = 2, .sync = sync_find("turn")};
    assert_int_equal(workload_check(&workload_bank, &run, &cfg, err, sizeof err), -1);
    assert_non_null(strstr(err, "auditor"));
    assert_non_null(strstr(err, "--threads 1"));
    run.threads = 1;
    assert_int_equal(workload_check(&workload_bank, &run, &cfg, err, sizeof err), 0);
    run.threads = RACEDEMO_MAX_THREADS;
    run.sync = sync_find("mutex");
    assert_int_equal(workload_check(&workload_bank, &run, &cfg, err, sizeof err), -1);
    assert_non_null(strstr(err, "at most 63"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_total_is_accounts_times_balance),
        cmocka_unit_test(test_total_refuses_sums_past_int64),
        cmocka_unit_test(test_correct_strategies_keep_every_dollar),
        cmocka_unit_test(test_audit_unlocked_keeps_the_final_total),
        cmocka_unit_test(test_atomic_updates_keep_the_final_total),
        cmocka_unit_test(test_one_teller_cannot_lose_money),
        cmocka_unit_test(test_draws_are_in_range_and_follow_the_seed),
        cmocka_unit_test(test_thread_limits_count_the_auditor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
