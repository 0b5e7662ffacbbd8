/* result/trace_order.c: a --trace's steps in an order that fits every value read
 * (trace_order.h). A search over the threads' interleavings: at each place
 * the thread whose next step has the earliest clock read and fits goes
 * first, and a choice that leads to a load that cannot fit is undone.
 * States already known to lead nowhere are remembered, so two threads of
 * k steps each cost at most about 2k^2 looks. */
#include <stdint.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace_order.h"

/* Looks at the threads' next steps before the search gives up and the
 * trace keeps the clock's order: far more than any trace that fits needs
 * (tens of thousands for --trace 1000), few enough to take well under a
 * second. */
#define ORDER_MAX_LOOKS 4000000u

/* Most states remembered as leading nowhere (32 MiB of hashes). */
#define ORDER_MAX_STATES ((size_t)1 << 22)

/* What the order says about N after some steps: the value the latest
 * store (or a load of a value no recorded step stored) left, if known. */
struct order_state {
    uint64_t cur;
    bool known;
};

struct search {
    const struct result_trace_event *ev;
    unsigned nthreads;
    size_t *steps;                     /* each thread's steps, in program order */
    size_t base[RACEDEMO_MAX_THREADS]; /* where thread t's begin in steps */
    size_t len[RACEDEMO_MAX_THREADS];  /* how many it has */
    size_t pos[RACEDEMO_MAX_THREADS];  /* how many of them are placed */
    uint64_t *stored;                  /* the values stored, sorted */
    size_t nstored;
    uint64_t *failed; /* hashes of states that lead nowhere; 0: empty */
    size_t cap;
    size_t nfailed;
};

static int by_value(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Whether some recorded store wrote v: else a load of v read a store the
 * trace did not record, and may be placed anywhere its thread allows. */
static bool stored_here(const struct search *s, uint64_t v)
{
    return bsearch(&v, s->stored, s->nstored, sizeof v, by_value) != NULL;
}

static bool fits(const struct search *s, const struct result_trace_event *e, struct order_state st)
{
    return e->store || (st.known && st.cur == e->value) || !stored_here(s, e->value);
}

static struct order_state after(const struct search *s, const struct result_trace_event *e,
                                struct order_state st)
{
    if (e->store || !stored_here(s, e->value))
        return (struct order_state){e->value, true};
    return st;
}

/* The state of the search: every thread's place, and N. */
static uint64_t state_hash(const struct search *s, struct order_state st)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (unsigned t = 0; t < s->nthreads; t++)
        h = (h ^ s->pos[t]) * 1099511628211u;
    h = (h ^ st.cur) * 1099511628211u;
    h = (h ^ st.known) * 1099511628211u;
    return h ? h : 1;
}

static bool known_failed(const struct search *s, struct order_state st)
{
    uint64_t h = state_hash(s, st);
    for (size_t i = h & (s->cap - 1); s->failed[i]; i = (i + 1) & (s->cap - 1))
        if (s->failed[i] == h)
            return true;
    return false;
}

static void insert_hash(uint64_t *table, size_t cap, uint64_t h)
{
    size_t i = h & (cap - 1);
    while (table[i] && table[i] != h)
        i = (i + 1) & (cap - 1);
    table[i] = h;
}

/* Twice the room, when there is memory for it; else the table stays. */
static bool grow_failed(struct search *s)
{
    if (s->cap >= ORDER_MAX_STATES)
        return false;
    uint64_t *bigger = calloc(2 * s->cap, sizeof *bigger);
    if (!bigger)
        return false;
    for (size_t i = 0; i < s->cap; i++)
        if (s->failed[i])
            insert_hash(bigger, 2 * s->cap, s->failed[i]);
    free(s->failed);
    s->failed = bigger;
    s->cap *= 2;
    return true;
}

static void remember_failed(struct search *s, struct order_state st)
{
    if (2 * (s->nfailed + 1) > s->cap && !grow_failed(s))
        return; /* full: the search goes on, only slower */
    if (!known_failed(s, st)) {
        insert_hash(s->failed, s->cap, state_hash(s, st));
        s->nfailed++;
    }
}

/* The thread whose next step is the k-th earliest by the clock (ties by
 * thread), or false when fewer than k + 1 threads have steps left. */
static bool nth_thread(const struct search *s, unsigned k, unsigned *thread)
{
    unsigned heads[RACEDEMO_MAX_THREADS], n = 0;
    for (unsigned t = 0; t < s->nthreads; t++) {
        if (s->pos[t] == s->len[t])
            continue;
        uint64_t at = s->ev[s->steps[s->base[t] + s->pos[t]]].t_ns;
        unsigned j = n++;
        while (j > 0 && s->ev[s->steps[s->base[heads[j - 1]] + s->pos[heads[j - 1]]]].t_ns > at) {
            heads[j] = heads[j - 1];
            j--;
        }
        heads[j] = t;
    }
    if (k >= n)
        return false;
    *thread = heads[k];
    return true;
}

/* The search itself: order[] the steps placed, st[d] N before place d,
 * tried[d] the candidates tried at place d. */
static bool search_run(struct search *s, size_t n, size_t *order, struct order_state *st,
                       unsigned *tried)
{
    size_t d = 0;
    unsigned long looks = 0;
    st[0] = (struct order_state){0, false};
    tried[0] = 0;
    while (d < n) {
        if (++looks > ORDER_MAX_LOOKS)
            return false;
        unsigned t;
        if (!nth_thread(s, tried[d], &t)) {
            remember_failed(s, st[d]);
            if (d == 0)
                return false;
            d--;
            s->pos[s->ev[order[d]].thread]--;
            tried[d]++;
            continue;
        }
        size_t i = s->steps[s->base[t] + s->pos[t]];
        if (!fits(s, &s->ev[i], st[d])) {
            tried[d]++;
            continue;
        }
        struct order_state next = after(s, &s->ev[i], st[d]);
        s->pos[t]++;
        if (known_failed(s, next)) {
            s->pos[t]--;
            tried[d]++;
            continue;
        }
        order[d] = i;
        st[++d] = next;
        tried[d] = 0;
    }
    return true;
}

/* Each thread's steps in program order (as they come in ev), the values
 * stored, and room to remember states: false when out of memory. */
static bool search_init(struct search *s, const struct result_trace_event *ev, size_t n,
                        unsigned nthreads)
{
    memset(s, 0, sizeof *s);
    s->ev = ev;
    s->nthreads = nthreads;
    for (size_t i = 0; i < n; i++)
        s->len[ev[i].thread]++;
    for (unsigned t = 1; t < nthreads; t++)
        s->base[t] = s->base[t - 1] + s->len[t - 1];
    s->cap = 4096;
    s->steps = malloc(n * sizeof *s->steps);
    s->stored = malloc(n * sizeof *s->stored);
    s->failed = calloc(s->cap, sizeof *s->failed);
    if (!s->steps || !s->stored || !s->failed)
        return false;
    size_t filled[RACEDEMO_MAX_THREADS] = {0};
    for (size_t i = 0; i < n; i++) {
        unsigned t = ev[i].thread;
        s->steps[s->base[t] + filled[t]++] = i;
        if (ev[i].store)
            s->stored[s->nstored++] = ev[i].value;
    }
    qsort(s->stored, s->nstored, sizeof *s->stored, by_value);
    return true;
}

static int by_clock(const void *a, const void *b)
{
    const struct result_trace_event *x = a, *y = b;
    if (x->t_ns != y->t_ns)
        return (x->t_ns > y->t_ns) - (x->t_ns < y->t_ns);
    if (x->thread != y->thread)
        return (x->thread > y->thread) - (x->thread < y->thread);
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* ev into order, and `either` where swapping a step with the one above
 * (another thread's) fits the values as well and leaves N the same. */
static void apply_order(const struct search *s, struct result_trace_event *ev, size_t n,
                        const size_t *order, const struct order_state *st,
                        struct result_trace_event *tmp)
{
    for (size_t d = 0; d < n; d++)
        tmp[d] = ev[order[d]];
    for (size_t d = 0; d < n; d++) {
        tmp[d].either = false;
        if (d == 0 || tmp[d].thread == tmp[d - 1].thread || !fits(s, &tmp[d], st[d - 1]))
            continue;
        struct order_state first = after(s, &tmp[d], st[d - 1]);
        if (!fits(s, &tmp[d - 1], first))
            continue;
        struct order_state both = after(s, &tmp[d - 1], first);
        tmp[d].either = both.known == st[d + 1].known && both.cur == st[d + 1].cur;
    }
    memcpy(ev, tmp, n * sizeof *ev);
}

bool trace_order(struct result_trace_event *ev, size_t n, unsigned nthreads)
{
    if (n == 0 || nthreads == 0 || nthreads > RACEDEMO_MAX_THREADS)
        return false;
    struct search s = {.cap = 0}; /* search_init fills it, if it gets that far */
    size_t *order = malloc(n * sizeof *order);
    struct order_state *st = malloc((n + 1) * sizeof *st);
    unsigned *tried = malloc((n + 1) * sizeof *tried);
    struct result_trace_event *tmp = malloc(n * sizeof *tmp);
    bool room = order && st && tried && tmp && search_init(&s, ev, n, nthreads);
    if (!room)
        errno = ENOMEM;
    bool ok = room && search_run(&s, n, order, st, tried);
    if (ok)
        apply_order(&s, ev, n, order, st, tmp);
    else
        qsort(ev, n, sizeof *ev, by_clock); /* each thread's clock runs forward */
    free(s.steps);
    free(s.stored);
    free(s.failed);
    free(order);
    free(st);
    free(tried);
    free(tmp);
    return ok;
}

bool trace_order_fits(const struct result_trace_event *ev, size_t n)
{
    struct search s = {.cap = 0};
    bool ok = search_init(&s, ev, n, RACEDEMO_MAX_THREADS);
    uint64_t next_seq[RACEDEMO_MAX_THREADS] = {0};
    bool seen[RACEDEMO_MAX_THREADS] = {false};
    struct order_state st = {0, false};
    for (size_t i = 0; ok && i < n; i++) {
        unsigned t = ev[i].thread;
        ok = (!seen[t] || ev[i].seq >= next_seq[t]) && fits(&s, &ev[i], st);
        seen[t] = true;
        next_seq[t] = ev[i].seq + 1;
        st = after(&s, &ev[i], st);
    }
    free(s.steps);
    free(s.stored);
    free(s.failed);
    return ok;
}
