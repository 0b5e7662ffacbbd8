/* bank.h: the seed's bank, whose fixed total the auditor sees change. */
#ifndef RACEDEMO_BANK_H
#define RACEDEMO_BANK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "racedemo/workload.h"

enum bank_lock {
    BANK_LOCK_BANK,    /* one lock around each whole transfer and audit */
    BANK_LOCK_ACCOUNT, /* one lock per account */
};

struct bank_config {
    uint64_t accounts;
    uint64_t balance;   /* each account's starting balance */
    uint64_t transfers; /* per teller */
    uint64_t max_amount;
    unsigned lock; /* enum bank_lock */
    bool audit_unlocked;
};

/* Caps (documented in --help and README). */
#define BANK_MAX_ACCOUNTS  10000000u
#define BANK_MAX_BALANCE   1000000000000000u
#define BANK_MAX_TRANSFERS 1000000000u
#define BANK_MAX_AMOUNT    1000000000u
/* Most memory the per-account locks of --lock account may take. */
#define BANK_MAX_LOCK_BYTES (512u << 20)

/* Where the metrics of a bank trial are (struct result metric_values). */
enum bank_metric {
    BANK_AUDITS,
    BANK_AUDITS_WRONG,
    BANK_AUDIT_LOW,
    BANK_AUDIT_HIGH,
    BANK_NMETRICS,
};

struct bank_transfer {
    uint64_t from, to; /* two different accounts */
    int64_t amount;    /* 1 to max_amount */
};

/* The next transfer from a teller's generator state. */
struct bank_transfer bank_draw(uint64_t *rng, uint64_t accounts, uint64_t max_amount);
/* A teller's generator state for a trial (trials count from 1): the same
 * --seed gives the same transfers, each teller and trial its own. */
uint64_t bank_seed(uint64_t seed, uint64_t trial, unsigned teller);

/* The money in the bank: accounts x balance; false past INT64_MAX, or when
 * money moved by every transfer could push a sum past it. */
bool bank_total(uint64_t tellers, const struct bank_config *cfg, uint64_t *total);

/* One audit: every balance added up. Unsigned, so that even the sums of a
 * racy bank cannot overflow into undefined behaviour (bank_total keeps the
 * true range inside int64_t anyway). Inline and here, as both the
 * auditor's loop and the replay's verdict use it. */
static inline int64_t bank_sum(volatile _Atomic int64_t *acc, uint64_t n)
{
    uint64_t sum = 0;
    for (uint64_t i = 0; i < n; i++)
        sum += (uint64_t)atomic_load_explicit(&acc[i], memory_order_relaxed);
    return (int64_t)sum;
}

extern const struct workload workload_bank;

/* Its lockstep replay (bank_replay.c), for the workload's table. */
struct replay_ops;
extern const struct replay_ops bank_replay;

#endif
