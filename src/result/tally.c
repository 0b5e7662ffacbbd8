/* result/tally.c: exact counts of distinct values while they fit, a log-linear
 * histogram and a window of exact counts around the median after. */
#include <stdlib.h>
#include <string.h>

#include "racedemo/tally.h"

/* The index of magnitude m on the scale: m itself below 64, then 64
 * buckets per power of two. */
static int magnitude_index(uint64_t m)
{
    if (m < 64)
        return (int)m;
    int e = 6;
    while (e < 63 && m >> (e + 1))
        e++;
    return 64 + (e - 6) * 64 + (int)((m >> (e - 6)) & 63);
}

/* The magnitudes bucket i of magnitude_index spans. */
static void magnitude_range(int i, uint64_t *lo, uint64_t *hi)
{
    if (i < 64) {
        *lo = *hi = (uint64_t)i;
        return;
    }
    int e = 6 + (i - 64) / 64;
    uint64_t width = (uint64_t)1 << (e - 6);
    *lo = (uint64_t)(64 + (i - 64) % 64) * width;
    *hi = *lo + (width - 1);
}

int tally_bucket(int64_t v)
{
    /* Negative values mirror the positive ones below the middle, so the
     * buckets are in the order of their values. */
    if (v >= 0)
        return TALLY_MAGNITUDES + magnitude_index((uint64_t)v);
    return TALLY_MAGNITUDES - magnitude_index(0u - (uint64_t)v);
}

/* -m for a magnitude up to 2^63, which INT64_MIN is. */
static int64_t negated(uint64_t m)
{
    return m > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)m;
}

void tally_bucket_range(int b, int64_t *lo, int64_t *hi)
{
    uint64_t mlo, mhi;
    if (b >= TALLY_MAGNITUDES) {
        magnitude_range(b - TALLY_MAGNITUDES, &mlo, &mhi);
        *lo = mlo > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)mlo;
        *hi = mhi > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)mhi;
    } else {
        magnitude_range(TALLY_MAGNITUDES - b, &mlo, &mhi);
        *lo = negated(mhi);
        *hi = negated(mlo);
    }
}

static size_t slot_of(const struct tally_slot *slots, size_t nslots, int64_t v)
{
    /* Fibonacci hashing; linear probing finds v or the empty slot it goes in. */
    size_t i = (size_t)(((uint64_t)v * 0x9E3779B97F4A7C15u) >> 32) & (nslots - 1);
    while (slots[i].count && slots[i].value != v)
        i = (i + 1) & (nslots - 1);
    return i;
}

/* Moves the map into `nslots` slots, keeping only the window's values once
 * there is a window. */
static bool rehash(struct value_tally *t, size_t nslots)
{
    struct tally_slot *slots = nslots ? calloc(nslots, sizeof *slots) : NULL;
    if (!slots)
        return false;
    size_t used = 0;
    for (size_t i = 0; i < t->nslots; i++) {
        const struct tally_slot *s = &t->slots[i];
        if (!s->count)
            continue;
        int b = tally_bucket(s->value);
        if (t->coarse && (b < t->lo_b || b > t->hi_b))
            continue;
        slots[slot_of(slots, nslots, s->value)] = *s;
        used++;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    t->used = used;
    return true;
}

/* The bucket holding the value at rank, and how many values lie below it. */
static int coarse_find(const struct value_tally *t, uint64_t rank, uint64_t *below)
{
    uint64_t seen = 0;
    for (int b = 0; b < TALLY_BUCKETS; b++) {
        if (seen + t->coarse[b] > rank) {
            *below = seen;
            return b;
        }
        seen += t->coarse[b];
    }
    *below = seen;
    return TALLY_BUCKETS - 1;
}

/* The map is full: starts the coarse level if it has not, and drops the
 * occupied buckets farthest from the median's until the map is half full
 * (so that this happens seldom), keeping the median's bucket while it fits. */
static bool narrow(struct value_tally *t)
{
    uint32_t *distinct = calloc((size_t)TALLY_BUCKETS, sizeof *distinct);
    if (!distinct)
        return false;
    if (!t->coarse) {
        t->coarse = calloc((size_t)TALLY_BUCKETS, sizeof *t->coarse);
        if (!t->coarse) {
            free(distinct);
            return false;
        }
        t->lo_b = 0;
        t->hi_b = TALLY_BUCKETS - 1;
        for (size_t i = 0; i < t->nslots; i++)
            if (t->slots[i].count)
                t->coarse[tally_bucket(t->slots[i].value)] += t->slots[i].count;
    }
    for (size_t i = 0; i < t->nslots; i++)
        if (t->slots[i].count)
            distinct[tally_bucket(t->slots[i].value)]++;
    uint64_t below;
    int m = coarse_find(t, t->n / 2, &below);
    size_t left = t->used;
    int l = t->lo_b, h = t->hi_b;
    while (left > t->cap / 2) {
        while (l <= h && !distinct[l])
            l++;
        while (h >= l && !distinct[h])
            h--;
        if (l > h || (l == h && left < t->cap))
            break;
        if (m - l >= h - m)
            left -= distinct[l++];
        else
            left -= distinct[h--];
    }
    free(distinct);
    t->lo_b = l;
    t->hi_b = h;
    return rehash(t, t->nslots);
}

bool tally_add(struct value_tally *t, int64_t v)
{
    if (!t->cap)
        t->cap = TALLY_DEFAULT_CAP;
    int b = tally_bucket(v);
    if (t->coarse && (b < t->lo_b || b > t->hi_b)) {
        t->coarse[b]++; /* outside the window: counted by bucket only */
        goto counted;
    }
    size_t i = t->nslots ? slot_of(t->slots, t->nslots, v) : 0;
    if (t->nslots && t->slots[i].count) {
        t->slots[i].count++;
        if (t->coarse)
            t->coarse[b]++;
        goto counted;
    }
    if (t->used + 1 > t->cap) {
        if (!narrow(t))
            return false;
        t->coarse[b]++;
        if (b < t->lo_b || b > t->hi_b)
            goto counted;
    } else if (t->coarse) {
        t->coarse[b]++;
    }
    /* At most half full, so that probes stay short. */
    if (2 * (t->used + 1) > t->nslots && !rehash(t, t->nslots ? 2 * t->nslots : 64)) {
        if (t->coarse)
            t->coarse[b]--;
        return false;
    }
    i = slot_of(t->slots, t->nslots, v);
    t->slots[i] = (struct tally_slot){v, 1};
    t->used++;
counted:
    if (t->n == 0 || v < t->min)
        t->min = v;
    if (t->n == 0 || v > t->max)
        t->max = v;
    t->n++;
    return true;
}

void tally_free(struct value_tally *t)
{
    free(t->slots);
    free(t->coarse);
    size_t cap = t->cap;
    memset(t, 0, sizeof *t);
    t->cap = cap;
}

bool tally_complete(const struct value_tally *t)
{
    return !t->coarse;
}

static int compare_slots(const void *a, const void *b)
{
    int64_t x = ((const struct tally_slot *)a)->value, y = ((const struct tally_slot *)b)->value;
    return (x > y) - (x < y);
}

/* The map's values in bucket b (all of them when b < 0), sorted. */
static bool collect(const struct value_tally *t, int b, struct tally_slot **out, size_t *n)
{
    *n = 0;
    *out = malloc((t->used ? t->used : 1) * sizeof **out);
    if (!*out)
        return false;
    for (size_t i = 0; i < t->nslots; i++)
        if (t->slots[i].count && (b < 0 || tally_bucket(t->slots[i].value) == b))
            (*out)[(*n)++] = t->slots[i];
    qsort(*out, *n, sizeof **out, compare_slots);
    return true;
}

bool tally_sorted(const struct value_tally *t, struct tally_slot **out, size_t *n)
{
    return collect(t, -1, out, n);
}

bool tally_at(const struct value_tally *t, uint64_t rank, int64_t *value, bool *ok)
{
    uint64_t below = 0;
    int b = -1;
    *ok = true;
    if (t->coarse) {
        b = coarse_find(t, rank, &below);
        if (b < t->lo_b || b > t->hi_b) {
            /* Counted by bucket only: its middle, inside what was seen. */
            int64_t lo, hi;
            tally_bucket_range(b, &lo, &hi);
            lo = lo < t->min ? t->min : lo;
            hi = hi > t->max ? t->max : hi;
            *value = lo + (int64_t)(((uint64_t)hi - (uint64_t)lo) / 2);
            return false;
        }
    }
    struct tally_slot *sorted;
    size_t n;
    if (!collect(t, b, &sorted, &n)) {
        *ok = false;
        *value = 0;
        return false;
    }
    *value = n ? sorted[n - 1].value : 0;
    for (size_t i = 0; i < n; i++) {
        if (below + sorted[i].count > rank) {
            *value = sorted[i].value;
            break;
        }
        below += sorted[i].count;
    }
    free(sorted);
    return true;
}
