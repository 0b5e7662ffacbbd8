/* tally.h: counts of integer values (one per trial) in memory that does
 * not grow with how many are counted, for medians and histograms of runs
 * of any length.
 *
 * Two levels. Each distinct value has its own exact count in a hash map of
 * at most `cap` values. Once more distinct values arrive than that, a
 * coarse level starts too: a count per bucket of a fixed log-linear scale
 * (each value below 64 in magnitude its own bucket; above, 64 buckets per
 * power of two, so a bucket spans under 1/64 of its values), and the map
 * keeps only a window of buckets around the median, dropping the buckets
 * farthest from it. A bucket's values are counted one by one from the start
 * or not at all, so a value at a rank whose bucket is still in the window
 * is exact; otherwise tally_at gives the bucket's middle, within 1/128
 * (0.8%) of the true value, and says it is approximate.
 *
 * Memory: 16 bytes per map slot, at most 2 * cap rounded up to a power of
 * two slots, plus 60 KB for the coarse level once it starts. */
#ifndef RACEDEMO_TALLY_H
#define RACEDEMO_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Buckets of the coarse level: 64 exact magnitudes below 64, then 64 per
 * power of two from 2^6 to 2^63, on each side of zero. */
#define TALLY_MAGNITUDES (64 + 58 * 64)
#define TALLY_BUCKETS    (2 * TALLY_MAGNITUDES)

struct tally_slot {
    int64_t value;
    uint64_t count; /* 0: an empty slot */
};

/* All zero is an empty tally with the default cap. */
struct value_tally {
    uint64_t n;
    int64_t min, max;
    size_t cap; /* most distinct values counted one by one; 0: TALLY_DEFAULT_CAP */
    struct tally_slot *slots;
    size_t nslots, used;
    /* NULL until the map first overflows; then a count per bucket, and the
     * map holds exactly the values of buckets lo_b..hi_b. */
    uint64_t *coarse;
    int lo_b, hi_b;
};

#define TALLY_DEFAULT_CAP 1024u

/* Counts v; false if out of memory (v is then not counted). */
bool tally_add(struct value_tally *t, int64_t v);
void tally_free(struct value_tally *t);

/* The value at rank (0: the smallest) in sorted order, in *value: true if
 * exact, false if it is the middle of its bucket (within 1/128 of the true
 * value). *ok is false if out of memory. rank must be below t->n. */
bool tally_at(const struct value_tally *t, uint64_t rank, int64_t *value, bool *ok);

/* Every value has its own count (the map never overflowed). */
bool tally_complete(const struct value_tally *t);
/* The distinct values and their counts, sorted; only when complete. The
 * caller frees *out. False if out of memory. */
bool tally_sorted(const struct value_tally *t, struct tally_slot **out, size_t *n);

/* The coarse level's bucket of v, and the values bucket b spans. */
int tally_bucket(int64_t v);
void tally_bucket_range(int b, int64_t *lo, int64_t *hi);

#endif
