/* explore/explore.c: the search (explore/explore.h). A state is each
 * thread's place in its program (phase, step, iteration), the lock's
 * variables and the workload's state (its shared data and the threads'
 * registers), packed into a key of fixed size. A breadth-first walk from
 * the start reaches every state once and keeps the first way into each,
 * so the first state found that breaks a requirement has the shortest
 * interleaving to it. A thread whose step waits (it spins, or sleeps)
 * makes no move, so waiting adds no interleavings. The interleavings are
 * then counted as paths through the states, never listed: each state's
 * count is the sum of its predecessors', in topological order. */
#include "explore/explore.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "racedemo/replay.h"
#include "racedemo/sync.h"
#include "racedemo/workload.h"
#include "replay/model.h"

/* ---- counts of 128 bits ---------------------------------------------- */

void explore_count_add(struct explore_count *sum, const struct explore_count *c)
{
    if (sum->overflow || c->overflow) {
        sum->overflow = true;
        return;
    }
    uint64_t lo = sum->lo + c->lo;
    uint64_t carry = lo < sum->lo;
    uint64_t hi = sum->hi + c->hi + carry;
    if (hi < sum->hi || (carry && hi == sum->hi))
        sum->overflow = true;
    sum->hi = hi;
    sum->lo = lo;
}

/* Divides c by 10 in place; returns the remainder. */
static unsigned count_div10(struct explore_count *c)
{
    uint64_t rem_hi = c->hi % 10;
    c->hi /= 10;
    /* (rem_hi * 2^64 + lo) / 10, in 32-bit halves so nothing overflows. */
    uint64_t mid = (rem_hi << 32) | (c->lo >> 32);
    uint64_t q_mid = mid / 10, r_mid = mid % 10;
    uint64_t low = (r_mid << 32) | (c->lo & 0xffffffffu);
    c->lo = (q_mid << 32) | (low / 10);
    return (unsigned)(low % 10);
}

char *explore_count_text(const struct explore_count *c, char *buf, size_t len)
{
    if (c->overflow) {
        snprintf(buf, len, "more than 3.4e38");
        return buf;
    }
    char digits[48];
    size_t n = 0;
    struct explore_count v = *c;
    do
        digits[n++] = (char)('0' + count_div10(&v));
    while (v.hi || v.lo);
    size_t i = 0;
    for (; i < n && i + 1 < len; i++)
        buf[i] = digits[n - 1 - i];
    buf[i] = '\0';
    return buf;
}

/* ---- the states -------------------------------------------------------- */

/* A thread's place in its program, as packed into a key. */
struct packed_program {
    uint8_t phase, k;
    uint16_t zero;
    uint32_t iter;
};

/* A node where every thread is done, and its outcome in the result. */
struct terminal {
    uint32_t node;
    size_t outcome;
};

#define NO_NODE    UINT32_MAX
#define MOVE_WAITS (UINT32_MAX - 1) /* the thread's step waits: no move */
#define MOVE_DONE  (UINT32_MAX - 2) /* the thread has done its iterations */

struct search {
    struct model model;
    const struct replay_ops *ops;
    void *ctx;
    size_t work_bytes, key_bytes;
    unsigned char *keys; /* key_bytes per node */
    uint32_t *moves;     /* per node and thread: the node it moves to, or MOVE_* */
    uint32_t *parent;    /* the node it was first reached from */
    uint8_t *via;        /* and the thread that moved */
    size_t nodes, cap;
    /* Open addressing: per slot the key's hash's high half and node + 1
     * in the low half, 0 empty; the hash spares most key comparisons,
     * each a trip to memory. */
    uint64_t *table;
    size_t table_cap;
    size_t peak;
    struct terminal *terminals; /* the nodes where every thread is done */
    size_t nterminals, terminals_cap;
};

/* A key is a whole number of 64-bit words (pack_state zeroes the end),
 * mixed a word at a time: the walk hashes every state it reaches. */
static uint64_t key_hash(const unsigned char *key, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15u;
    for (size_t i = 0; i < n; i += sizeof(uint64_t)) {
        uint64_t w;
        memcpy(&w, key + i, sizeof w);
        h = (h ^ w) * 0xbf58476d1ce4e5b9u;
        h ^= h >> 31;
    }
    return h ^ (h >> 29);
}

static void pack_state(const struct search *s, const struct program *progs,
                       const struct sync_replay_state *lock, unsigned char *key)
{
    memset(key, 0, s->key_bytes);
    unsigned char *at = key;
    for (unsigned t = 0; t < s->model.nthreads; t++) {
        struct packed_program pp = {.phase = (uint8_t)progs[t].phase,
                                    .k = (uint8_t)progs[t].k,
                                    .iter = (uint32_t)progs[t].iter};
        memcpy(at, &pp, sizeof pp);
        at += sizeof pp;
    }
    sync_replay_pack(lock, s->model.nthreads, at);
    at += sync_replay_state_bytes(s->model.nthreads);
    s->ops->pack(s->ctx, s->model.nthreads, at);
}

static void unpack_state(const struct search *s, const unsigned char *key, struct program *progs,
                         struct sync_replay_state *lock)
{
    const unsigned char *at = key;
    for (unsigned t = 0; t < s->model.nthreads; t++) {
        struct packed_program pp;
        memcpy(&pp, at, sizeof pp);
        progs[t] = (struct program){.phase = (enum phase)pp.phase, .k = pp.k, .iter = pp.iter};
        at += sizeof pp;
    }
    *lock = (struct sync_replay_state){.holder = -1, .nthreads = s->model.nthreads};
    sync_replay_unpack(lock, s->model.nthreads, at);
    at += sync_replay_state_bytes(s->model.nthreads);
    s->ops->unpack(s->ctx, s->model.nthreads, at);
}

static size_t node_bytes(const struct search *s)
{
    return s->key_bytes + s->model.nthreads * sizeof(uint32_t) + sizeof(uint32_t) + 1;
}

static void note_peak(struct search *s)
{
    size_t now = s->cap * node_bytes(s) + s->table_cap * sizeof(uint64_t);
    if (now > s->peak)
        s->peak = now;
}

/* Room for one more node; false when out of memory. */
static bool grow_nodes(struct search *s)
{
    if (s->nodes < s->cap)
        return true;
    size_t cap = s->cap ? s->cap * 2 : 1024;
    unsigned char *keys = realloc(s->keys, cap * s->key_bytes);
    if (keys)
        s->keys = keys;
    uint32_t *moves = realloc(s->moves, cap * s->model.nthreads * sizeof *moves);
    if (moves)
        s->moves = moves;
    uint32_t *parent = realloc(s->parent, cap * sizeof *parent);
    if (parent)
        s->parent = parent;
    uint8_t *via = realloc(s->via, cap);
    if (via)
        s->via = via;
    if (!keys || !moves || !parent || !via)
        return false;
    s->cap = cap;
    note_peak(s);
    return true;
}

static bool grow_table(struct search *s)
{
    size_t cap = s->table_cap ? s->table_cap * 2 : 4096;
    uint64_t *table = calloc(cap, sizeof *table);
    if (!table)
        return false;
    for (size_t i = 0; i < s->table_cap; i++) {
        if (!s->table[i])
            continue;
        uint64_t h = s->table[i] & ~(uint64_t)UINT32_MAX;
        size_t j = (size_t)(h >> 32) & (cap - 1);
        while (table[j])
            j = (j + 1) & (cap - 1);
        table[j] = s->table[i];
    }
    free(s->table);
    s->table = table;
    s->table_cap = cap;
    note_peak(s);
    return true;
}

/* The node with this key, added if new (from `parent` by `via`).
 * NO_NODE: out of memory. *added says whether it is new. */
static uint32_t find_or_add(struct search *s, const unsigned char *key, uint32_t parent,
                            unsigned via, bool *added)
{
    *added = false;
    if ((s->nodes + 1) * 2 > s->table_cap && !grow_table(s))
        return NO_NODE;
    uint64_t tag = key_hash(key, s->key_bytes) & ~(uint64_t)UINT32_MAX;
    size_t i = (size_t)(tag >> 32) & (s->table_cap - 1);
    for (; s->table[i]; i = (i + 1) & (s->table_cap - 1)) {
        uint32_t n = (uint32_t)s->table[i] - 1;
        if ((s->table[i] & ~(uint64_t)UINT32_MAX) == tag &&
            memcmp(s->keys + (size_t)n * s->key_bytes, key, s->key_bytes) == 0)
            return n;
    }
    if (!grow_nodes(s))
        return NO_NODE;
    uint32_t n = (uint32_t)s->nodes++;
    memcpy(s->keys + (size_t)n * s->key_bytes, key, s->key_bytes);
    s->parent[n] = parent;
    s->via[n] = (uint8_t)via;
    s->table[i] = tag | (n + 1);
    *added = true;
    return n;
}

static void search_free(struct search *s)
{
    free(s->keys);
    free(s->moves);
    free(s->parent);
    free(s->via);
    free(s->table);
    free(s->terminals);
    if (s->ctx)
        s->ops->teardown(s->ctx);
}

/* ---- the walk ---------------------------------------------------------- */

static unsigned char *node_key(const struct search *s, uint32_t n)
{
    return s->keys + (size_t)n * s->key_bytes;
}

/* Each thread's move from node n: the node its step leads to, or why
 * none. 0, or ENOMEM. */
static int expand(struct search *s, uint32_t n, unsigned char *key)
{
    unsigned nthreads = s->model.nthreads;
    struct program progs[EXPLORE_MAX_THREADS];
    struct sync_replay_state lock;
    for (unsigned t = 0; t < nthreads; t++) {
        /* Each thread's step starts from node n's state, which the last
         * one changed in the context. */
        unpack_state(s, node_key(s, n), progs, &lock);
        /* An index, not a pointer: adding a node may move the array. */
        size_t move = (size_t)n * nthreads + t;
        if (model_finished(&s->model, &progs[t])) {
            s->moves[move] = MOVE_DONE;
            continue;
        }
        struct replay_event ev = {.thread = t, .quiet = true};
        if (model_take(&s->model, &lock, s->ctx, &progs[t], t, &ev)) {
            s->moves[move] = MOVE_WAITS;
            continue;
        }
        model_advance(&s->model, &progs[t], &ev);
        pack_state(s, progs, &lock, key);
        bool added;
        uint32_t m = find_or_add(s, key, n, t, &added);
        if (m == NO_NODE)
            return ENOMEM;
        s->moves[move] = m;
    }
    return 0;
}

/* The letters of the first way into node n, from the start. */
static char *path_to(const struct search *s, uint32_t n, size_t extra, size_t *len)
{
    size_t steps = 0;
    for (uint32_t m = n; m != 0; m = s->parent[m])
        steps++;
    char *letters = malloc(steps + extra + 1);
    if (!letters)
        return NULL;
    letters[steps] = '\0';
    size_t i = steps;
    for (uint32_t m = n; m != 0; m = s->parent[m])
        letters[--i] = (char)('A' + s->via[m]);
    *len = steps;
    return letters;
}

/* What one node breaks, checked once its moves are known. */
struct node_facts {
    uint32_t unfinished, movers, inside, between;
    uint32_t acquiring; /* at a step of entering the lock */
};

static struct node_facts node_facts(struct search *s, uint32_t n)
{
    struct node_facts f = {0};
    struct program progs[EXPLORE_MAX_THREADS];
    struct sync_replay_state lock;
    unpack_state(s, node_key(s, n), progs, &lock);
    for (unsigned t = 0; t < s->model.nthreads; t++) {
        uint32_t move = s->moves[(size_t)n * s->model.nthreads + t];
        if (move != MOVE_DONE)
            f.unfinished |= 1u << t;
        if (move < MOVE_DONE)
            f.movers |= 1u << t;
        if (model_inside(&s->model, &progs[t]))
            f.inside |= 1u << t;
        if (model_between_iterations(&s->model, &progs[t]))
            f.between |= 1u << t;
        if (progs[t].phase == PHASE_ACQUIRE && s->model.lock->nacquire)
            f.acquiring |= 1u << t;
    }
    return f;
}

static unsigned lowest(uint32_t bits)
{
    unsigned t = 0;
    while (!(bits >> t & 1))
        t++;
    return t;
}

/* Records the first (so the nearest) node that breaks each requirement. */
static void check_node(struct search *s, uint32_t n, struct explore_result *res, uint32_t *found)
{
    struct node_facts f = node_facts(s, n);
    struct explore_requirement_result *ex = &res->req[REQ_EXCLUSION];
    if (ex->finding == FOUND_NOTHING && found[REQ_EXCLUSION] == NO_NODE &&
        (f.inside & (f.inside - 1))) {
        found[REQ_EXCLUSION] = n;
        ex->first = lowest(f.inside);
        ex->second = lowest(f.inside & ~(1u << ex->first));
    }
    struct explore_requirement_result *pr = &res->req[REQ_PROGRESS];
    uint32_t waiters = f.unfinished & ~f.movers;
    if (found[REQ_PROGRESS] == NO_NODE && waiters) {
        if (!f.movers)
            pr->stuck = STUCK_ALL_WAIT;
        /* Others may stop wanting in between two iterations; a lock that
         * then leaves a thread waiting to enter for ever fails progress
         * (turn). A workload's own sleep (prodcons's consumer on an empty
         * buffer) may rightly wait for a producer that stopped. */
        else if ((f.movers & f.between) == f.movers && (waiters & ~f.acquiring) == 0)
            pr->stuck = STUCK_OTHERS_OUT;
        if (pr->stuck != STUCK_NOT) {
            found[REQ_PROGRESS] = n;
            pr->waiting = waiters;
        }
    }
}

/* ---- counting ---------------------------------------------------------- */

static bool is_terminal(const struct search *s, uint32_t n)
{
    for (unsigned t = 0; t < s->model.nthreads; t++)
        if (s->moves[(size_t)n * s->model.nthreads + t] != MOVE_DONE)
            return false;
    return true;
}

/* The nodes in an order where every move goes forward (Kahn's), into
 * order; false when some are left out: the moves can loop. */
static bool topological(const struct search *s, uint32_t *order, uint32_t *indegree)
{
    unsigned nthreads = s->model.nthreads;
    memset(indegree, 0, s->nodes * sizeof *indegree);
    for (size_t n = 0; n < s->nodes; n++)
        for (unsigned t = 0; t < nthreads; t++) {
            uint32_t m = s->moves[n * nthreads + t];
            if (m < MOVE_DONE)
                indegree[m]++;
        }
    size_t head = 0, tail = 0;
    order[tail++] = 0;
    while (head < tail) {
        uint32_t n = order[head++];
        for (unsigned t = 0; t < nthreads; t++) {
            uint32_t m = s->moves[(size_t)n * nthreads + t];
            if (m < MOVE_DONE && --indegree[m] == 0)
                order[tail++] = m;
        }
    }
    return tail == s->nodes;
}

/* Row i of the result's outcomes, the list grown for a new one;
 * SIZE_MAX when out of memory. */
static size_t outcome_row(struct explore_result *res, const struct replay_outcome *o)
{
    size_t i = 0;
    /* Merged only where everything the report says of them is the same. */
    while (i < res->noutcomes &&
           (strcmp(res->outcomes[i].observed, o->observed) != 0 ||
            strcmp(res->outcomes[i].loss, o->loss) != 0 || res->outcomes[i].correct != o->correct))
        i++;
    if (i < res->noutcomes)
        return i;
    if (res->noutcomes == res->outcomes_cap) {
        size_t cap = res->outcomes_cap ? res->outcomes_cap * 2 : 16;
        struct explore_outcome *rows = realloc(res->outcomes, cap * sizeof *rows);
        if (!rows)
            return SIZE_MAX;
        res->outcomes = rows;
        res->outcomes_cap = cap;
    }
    struct explore_outcome *e = &res->outcomes[res->noutcomes++];
    *e = (struct explore_outcome){.correct = o->correct};
    memcpy(e->observed, o->observed, sizeof e->observed);
    memcpy(e->loss, o->loss, sizeof e->loss);
    return i;
}

/* The outcome of terminal node n: its row in the result's list (SIZE_MAX:
 * out of memory); the first wrong one the walk meets is the workload's
 * counterexample. */
static size_t add_outcome(struct search *s, uint32_t n, struct explore_result *res, uint32_t *found)
{
    struct program progs[EXPLORE_MAX_THREADS];
    struct sync_replay_state lock;
    unpack_state(s, node_key(s, n), progs, &lock);
    uint64_t iterations[REPLAY_MAX_THREADS] = {0};
    for (unsigned t = 0; t < s->model.nthreads; t++)
        iterations[t] = progs[t].iter;
    struct replay_outcome o = {.correct = false};
    s->ops->outcome(s->ctx, iterations, &o);
    memcpy(res->expected, o.expected, sizeof res->expected);
    size_t i = outcome_row(res, &o);
    if (i != SIZE_MAX && !o.correct && found[REQ_WORKLOAD] == NO_NODE) {
        found[REQ_WORKLOAD] = n;
        memcpy(res->req[REQ_WORKLOAD].observed, o.observed, sizeof o.observed);
    }
    return i;
}

/* Text with its numbers compared as numbers ("N = 9" before "N = 10",
 * "total $1,912" before "total $2,000"); then right before wrong. */
static int outcome_order(const void *a, const void *b)
{
    const struct explore_outcome *x = a, *y = b;
    const char *p = x->observed, *q = y->observed;
    while (*p && *q) {
        if (isdigit((unsigned char)*p) && isdigit((unsigned char)*q)) {
            uint64_t m = 0, n = 0;
            for (; isdigit((unsigned char)*p) || (*p == ',' && isdigit((unsigned char)p[1])); p++)
                m = *p == ',' ? m : m * 10 + (uint64_t)(*p - '0');
            for (; isdigit((unsigned char)*q) || (*q == ',' && isdigit((unsigned char)q[1])); q++)
                n = *q == ',' ? n : n * 10 + (uint64_t)(*q - '0');
            if (m != n)
                return m < n ? -1 : 1;
            continue;
        }
        if (*p != *q)
            return (unsigned char)*p < (unsigned char)*q ? -1 : 1;
        p++, q++;
    }
    if (*p || *q)
        return *p ? 1 : -1;
    return (int)y->correct - (int)x->correct;
}

/* Each node's fewest steps to an end that `goal` marks (UINT32_MAX: none
 * can be reached), backwards through a topological order. */
static void fewest_steps(const struct search *s, const uint32_t *order, const uint8_t *goal,
                         uint32_t *steps)
{
    unsigned nthreads = s->model.nthreads;
    for (size_t i = s->nodes; i-- > 0;) {
        uint32_t n = order[i], best = goal[n] ? 0 : UINT32_MAX;
        for (unsigned t = 0; t < nthreads; t++) {
            uint32_t m = s->moves[(size_t)n * nthreads + t];
            if (m < MOVE_DONE && steps[m] != UINT32_MAX && steps[m] + 1 < best)
                best = steps[m] + 1;
        }
        steps[n] = best;
    }
}

/* The fewest steps from each node to an end, and to a wrong end, where a
 * counterexample goes on after two threads were inside: ending wrong if
 * it can, so that its replay shows what being inside together costs.
 * ENOMEM or 0. */
static int steps_to_the_end(const struct search *s, const struct explore_result *res,
                            const uint32_t *order, uint32_t *to_end, uint32_t *to_wrong)
{
    uint8_t *goal = calloc(s->nodes, 1);
    if (!goal)
        return ENOMEM;
    for (size_t i = 0; i < s->nterminals; i++)
        goal[s->terminals[i].node] = 1;
    fewest_steps(s, order, goal, to_end);
    for (size_t i = 0; i < s->nterminals; i++)
        goal[s->terminals[i].node] = !res->outcomes[s->terminals[i].outcome].correct;
    fewest_steps(s, order, goal, to_wrong);
    free(goal);
    return 0;
}

/* Counts the interleavings into each outcome, and each node's fewest
 * steps to the end and to a wrong end (UINT32_MAX: none); ENOMEM or 0. */
static int count_paths(struct search *s, struct explore_result *res, uint32_t **to_end_out,
                       uint32_t **to_wrong_out)
{
    uint32_t *order = malloc(s->nodes * sizeof *order);
    uint32_t *scratch = malloc(s->nodes * sizeof *scratch);
    struct explore_count *ways = calloc(s->nodes, sizeof *ways);
    if (!order || !scratch || !ways) {
        free(order), free(scratch), free(ways);
        return ENOMEM;
    }
    size_t extra = s->nodes * (2 * sizeof *order + sizeof *ways);
    if (s->cap * node_bytes(s) + s->table_cap * sizeof(uint64_t) + extra > s->peak)
        s->peak = s->cap * node_bytes(s) + s->table_cap * sizeof(uint64_t) + extra;
    res->cyclic = !topological(s, order, scratch);
    unsigned nthreads = s->model.nthreads;
    if (!res->cyclic) {
        ways[0].lo = 1;
        for (size_t i = 0; i < s->nodes; i++) {
            uint32_t n = order[i];
            for (unsigned t = 0; t < nthreads; t++) {
                uint32_t m = s->moves[(size_t)n * nthreads + t];
                if (m < MOVE_DONE)
                    explore_count_add(&ways[m], &ways[n]);
            }
        }
    }
    uint32_t *to_wrong = res->cyclic ? NULL : malloc(s->nodes * sizeof *to_wrong);
    int rc = !res->cyclic && (!to_wrong || steps_to_the_end(s, res, order, scratch, to_wrong))
                 ? ENOMEM
                 : 0;
    for (size_t i = 0; i < s->nterminals; i++) {
        const struct terminal *e = &s->terminals[i];
        explore_count_add(&res->outcomes[e->outcome].interleavings, &ways[e->node]);
        explore_count_add(&res->interleavings, &ways[e->node]);
    }
    free(order);
    free(ways);
    if (res->cyclic || rc) {
        free(scratch), free(to_wrong);
        scratch = to_wrong = NULL;
    }
    *to_end_out = scratch;
    *to_wrong_out = to_wrong;
    return rc;
}

/* ---- the counterexamples ----------------------------------------------- */

/* Appends to letters (len so far) the fewest steps from node n to the end,
 * where it can be reached, then one waiting step of each thread still
 * waiting there, so that a replay shows it waiting. */
static void finish_path(const struct search *s, uint32_t n, const uint32_t *to_end, char *letters,
                        size_t *len)
{
    unsigned nthreads = s->model.nthreads;
    while (to_end && to_end[n] != 0 && to_end[n] != UINT32_MAX) {
        unsigned t = 0;
        uint32_t m = 0;
        for (; t < nthreads; t++) {
            m = s->moves[(size_t)n * nthreads + t];
            if (m < MOVE_DONE && to_end[m] == to_end[n] - 1)
                break;
        }
        letters[(*len)++] = (char)('A' + t);
        n = m;
    }
    for (unsigned t = 0; t < nthreads; t++)
        if (s->moves[(size_t)n * nthreads + t] == MOVE_WAITS)
            letters[(*len)++] = (char)('A' + t);
    letters[*len] = '\0';
}

/* Each broken requirement's shortest interleaving; ENOMEM or 0. */
static int counterexamples(const struct search *s, const uint32_t *found, const uint32_t *to_end,
                           const uint32_t *to_wrong, struct explore_result *res)
{
    for (int r = 0; r < REQ_COUNT; r++) {
        struct explore_requirement_result *q = &res->req[r];
        if (found[r] == NO_NODE)
            continue;
        uint32_t n = found[r];
        /* Two threads inside: on to a wrong end where one can be reached. */
        if (r == REQ_EXCLUSION && to_wrong && to_wrong[n] != UINT32_MAX)
            to_end = to_wrong;
        size_t extra = s->model.nthreads +
                       (r == REQ_EXCLUSION && to_end && to_end[n] != UINT32_MAX ? to_end[n] : 0);
        size_t len;
        q->schedule = path_to(s, n, extra, &len);
        if (!q->schedule)
            return ENOMEM;
        q->finding = FOUND_BROKEN;
        q->at_step = len;
        finish_path(s, n, r == REQ_EXCLUSION ? to_end : NULL, q->schedule, &len);
    }
    return 0;
}

/* ---- the whole ---------------------------------------------------------- */

bool explore_supports(const struct workload *w, const struct sync_strategy *sync, char *err,
                      size_t errlen)
{
    if (!w->replay || !w->replay->pack) {
        snprintf(err, errlen, "explore does not know the states of %s yet", w->name);
        return false;
    }
    if (sync->replay && !model_ops(w->replay, sync)) {
        snprintf(err, errlen,
                 "--sync %s makes each update one atomic instruction, and %s's update is not "
                 "one step",
                 sync->name, w->name);
        return false;
    }
    if (!sync->replay) {
        snprintf(err, errlen, "explore does not know the steps of --sync %s yet", sync->name);
        return false;
    }
    if (w->replay->none_only && sync->replay->nacquire) {
        snprintf(err, errlen, "%s is explored with its own protocol: --sync none only", w->name);
        return false;
    }
    return true;
}

bool explore_broken(const struct explore_result *res)
{
    for (int r = 0; r < REQ_COUNT; r++)
        if (res->req[r].finding == FOUND_BROKEN)
            return true;
    return false;
}

void explore_result_free(struct explore_result *res)
{
    free(res->outcomes);
    res->outcomes = NULL;
    res->noutcomes = res->outcomes_cap = 0;
    for (int r = 0; r < REQ_COUNT; r++) {
        free(res->req[r].schedule);
        res->req[r].schedule = NULL;
    }
}

static bool note_terminal(struct search *s, uint32_t n, size_t outcome)
{
    if (s->nterminals == s->terminals_cap) {
        size_t cap = s->terminals_cap ? s->terminals_cap * 2 : 64;
        struct terminal *t = realloc(s->terminals, cap * sizeof *t);
        if (!t)
            return false;
        s->terminals = t;
        s->terminals_cap = cap;
    }
    s->terminals[s->nterminals++] = (struct terminal){n, outcome};
    return true;
}

/* The breadth-first walk from the start; ENOMEM or 0. */
static int walk(struct search *s, const struct explore_config *cfg, struct explore_result *res,
                uint32_t *found)
{
    unsigned char *key = calloc(1, s->key_bytes);
    if (!key)
        return ENOMEM;
    struct program progs[EXPLORE_MAX_THREADS];
    for (unsigned t = 0; t < cfg->nthreads; t++)
        model_start(&s->model, &progs[t]);
    struct sync_replay_state lock = {.holder = -1, .nthreads = cfg->nthreads};
    pack_state(s, progs, &lock, key);
    bool added;
    int rc = find_or_add(s, key, NO_NODE, 0, &added) == NO_NODE ? ENOMEM : 0;
    for (uint32_t n = 0; rc == 0 && n < s->nodes; n++) {
        if (n >= cfg->max_states) {
            res->cut = true;
            break;
        }
        /* A stop signal ends the search as the limit would (looked at
         * every 4,096 states: a load each time would cost nothing either). */
        if ((n & 4095) == 0 && cfg->stop && atomic_load_explicit(cfg->stop, memory_order_relaxed)) {
            res->cut = res->interrupted = true;
            break;
        }
        rc = expand(s, n, key);
        if (rc == 0)
            check_node(s, n, res, found);
        if (rc == 0 && is_terminal(s, n)) {
            size_t row = add_outcome(s, n, res, found);
            if (row == SIZE_MAX || !note_terminal(s, n, row))
                rc = ENOMEM;
        }
    }
    free(key);
    return rc;
}

int explore_run(const struct explore_config *cfg, struct explore_result *res, char *err,
                size_t errlen)
{
    const struct replay_ops *ops = model_ops(cfg->ops, cfg->sync);
    const struct sync_replay *lock = cfg->sync->replay;
    *res = (struct explore_result){.workload = cfg->name,
                                   .sync = cfg->sync->name,
                                   .shared_name = ops->shared_name,
                                   .iters_option = ops->iters_option,
                                   .nthreads = cfg->nthreads,
                                   .iters = cfg->iters,
                                   .steps_per_iteration =
                                       lock->nacquire + ops->nsteps + lock->nrelease,
                                   .max_states = cfg->max_states};
    /* One iteration's steps by name, for the report. */
    struct model one = {.ops = ops, .lock = lock, .nthreads = 1, .iters = 1};
    struct program p;
    model_start(&one, &p);
    size_t used = 0;
    for (unsigned k = 0; k < res->steps_per_iteration && used < sizeof res->steps; k++) {
        int n = snprintf(res->steps + used, sizeof res->steps - used, "%s%s", used ? " " : "",
                         model_step_name(&one, &p));
        used += n > 0 ? (size_t)n : 0;
        model_advance(&one, &p, NULL);
    }
    res->req[REQ_EXCLUSION].finding = lock->nacquire ? FOUND_NOTHING : FOUND_UNTESTED;
    res->req[REQ_PROGRESS].sleeps = ops->sleeps || cfg->sync->waits != SYNC_SPINS;
    res->promised = cfg->sync->exclusive;
    struct search s = {
        .model = {.ops = ops, .lock = lock, .nthreads = cfg->nthreads, .iters = cfg->iters},
        .ops = ops};
    if (cfg->programs) { /* each thread its own program: no common iteration to name */
        snprintf(res->programs, sizeof res->programs, "%s", cfg->programs);
        snprintf(res->steps, sizeof res->steps, "%s", cfg->programs);
    }
    if (cfg->forbidden)
        snprintf(res->forbidden, sizeof res->forbidden, "%s", cfg->forbidden);
    int rc = ops->setup(cfg->ops_config, cfg->nthreads, 1, &s.ctx, err, errlen);
    if (rc != 0)
        return rc;
    s.work_bytes = ops->state_bytes(s.ctx, cfg->nthreads);
    s.key_bytes = cfg->nthreads * sizeof(struct packed_program) +
                  sync_replay_state_bytes(cfg->nthreads) + s.work_bytes;
    s.key_bytes = (s.key_bytes + sizeof(uint64_t) - 1) / sizeof(uint64_t) * sizeof(uint64_t);
    uint32_t found[REQ_COUNT] = {NO_NODE, NO_NODE, NO_NODE};
    uint32_t *to_end = NULL, *to_wrong = NULL;
    rc = walk(&s, cfg, res, found);
    if (rc == 0 && !res->cut)
        rc = count_paths(&s, res, &to_end, &to_wrong);
    if (rc == 0)
        rc = counterexamples(&s, found, to_end, to_wrong, res);
    /* Listed by what they are, once every count is in its row. */
    if (res->noutcomes)
        qsort(res->outcomes, res->noutcomes, sizeof res->outcomes[0], outcome_order);
    res->states = s.nodes < cfg->max_states ? s.nodes : cfg->max_states;
    if (res->interrupted) /* the states it had reached, expanded or not */
        res->states = s.nodes;
    res->peak_bytes = s.peak;
    free(to_end);
    free(to_wrong);
    search_free(&s);
    if (rc != 0) {
        explore_result_free(res);
        snprintf(err, errlen, "out of memory after %llu states", (unsigned long long)res->states);
    }
    return rc;
}

/* ---- the state graph, kept (explore.h) --------------------------------- */

struct explore_graph {
    struct search s;
    bool cut;
};

int explore_graph_build(const struct explore_config *cfg, struct explore_graph **out, char *err,
                        size_t errlen)
{
    *out = NULL;
    struct explore_graph *g = calloc(1, sizeof *g);
    if (!g) {
        snprintf(err, errlen, "out of memory");
        return ENOMEM;
    }
    const struct replay_ops *ops = model_ops(cfg->ops, cfg->sync);
    g->s = (struct search){.model = {.ops = ops,
                                     .lock = cfg->sync->replay,
                                     .nthreads = cfg->nthreads,
                                     .iters = cfg->iters},
                           .ops = ops};
    int rc = ops->setup(cfg->ops_config, cfg->nthreads, 1, &g->s.ctx, err, errlen);
    if (rc != 0) {
        free(g);
        return rc;
    }
    g->s.work_bytes = ops->state_bytes(g->s.ctx, cfg->nthreads);
    size_t key = cfg->nthreads * sizeof(struct packed_program) +
                 sync_replay_state_bytes(cfg->nthreads) + g->s.work_bytes;
    g->s.key_bytes = (key + sizeof(uint64_t) - 1) / sizeof(uint64_t) * sizeof(uint64_t);
    /* The walk's findings are explore's report; the graph is what play keeps. */
    struct explore_result res = {.req[REQ_EXCLUSION].finding = FOUND_UNTESTED};
    uint32_t found[REQ_COUNT] = {NO_NODE, NO_NODE, NO_NODE};
    rc = walk(&g->s, cfg, &res, found);
    g->cut = res.cut;
    explore_result_free(&res);
    if (rc != 0) {
        snprintf(err, errlen, "out of memory after %zu states", g->s.nodes);
        explore_graph_free(g);
        return rc;
    }
    *out = g;
    return 0;
}

size_t explore_graph_nodes(const struct explore_graph *g)
{
    /* A cut walk holds nodes it reached but never expanded. */
    return g->cut ? 0 : g->s.nodes;
}

bool explore_graph_cut(const struct explore_graph *g)
{
    return g->cut;
}

const struct model *explore_graph_model(const struct explore_graph *g)
{
    return &g->s.model;
}

uint32_t explore_graph_move(const struct explore_graph *g, uint32_t n, unsigned t)
{
    uint32_t m = g->s.moves[(size_t)n * g->s.model.nthreads + t];
    return m == MOVE_WAITS ? EXPLORE_GRAPH_WAITS : m == MOVE_DONE ? EXPLORE_GRAPH_DONE : m;
}

void *explore_graph_state(struct explore_graph *g, uint32_t n, struct program *progs,
                          struct sync_replay_state *lock)
{
    unpack_state(&g->s, node_key(&g->s, n), progs, lock);
    return g->s.ctx;
}

void explore_graph_free(struct explore_graph *g)
{
    if (!g)
        return;
    search_free(&g->s);
    free(g);
}
