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
#include "replay/memory.h"
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
#define MOVE_DONE                                                                                  \
    (UINT32_MAX - 2) /* the thread has done its iterations; a flush: nothing to flush */

struct search {
    struct model model;
    const struct replay_ops *ops;
    void *ctx;
    /* The lock's state and the memory model's buffers, at one address for
     * the whole search: a buffered store names its location by address. */
    struct sync_replay_state lock;
    struct replay_memory memory;
    /* Moves per node: each thread's step, then under tso each thread's
     * flush (move nthreads + t: its oldest buffered store to memory). */
    unsigned nmoves;
    size_t work_bytes, key_bytes;
    unsigned char *keys; /* key_bytes per node */
    uint32_t *moves;     /* per node and move: the node it leads to, or MOVE_* */
    uint32_t *parent;    /* the node it was first reached from */
    uint8_t *via;        /* and the move that led there */
    /* Per node, a bit per move: a load in that step went ahead of a store
     * of its own thread still in the buffer. */
    uint8_t *passing;
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
    memory_pack(&s->memory, at + s->work_bytes);
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
    memory_unpack(s->model.memory, at + s->work_bytes);
}

static size_t node_bytes(const struct search *s)
{
    return s->key_bytes + s->nmoves * sizeof(uint32_t) + sizeof(uint32_t) + 2;
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
    uint32_t *moves = realloc(s->moves, cap * s->nmoves * sizeof *moves);
    if (moves)
        s->moves = moves;
    uint32_t *parent = realloc(s->parent, cap * sizeof *parent);
    if (parent)
        s->parent = parent;
    uint8_t *via = realloc(s->via, cap);
    if (via)
        s->via = via;
    uint8_t *passing = realloc(s->passing, cap);
    if (passing)
        s->passing = passing;
    if (!keys || !moves || !parent || !via || !passing)
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
    s->passing[n] = 0;
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
    free(s->passing);
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

static uint32_t *move_of(const struct search *s, uint32_t n, unsigned move)
{
    return &s->moves[(size_t)n * s->nmoves + move];
}

/* Node n's move `move` taken from its state (which the context holds
 * after unpack_state): the node it leads to, or why none; NO_NODE when
 * out of memory. */
static uint32_t take_move(struct search *s, uint32_t n, unsigned move, struct program *progs,
                          unsigned char *key)
{
    unsigned nthreads = s->model.nthreads, t = move % nthreads;
    struct replay_event ev = {.thread = t, .quiet = true};
    s->memory.passed = false;
    if (move >= nthreads) { /* a flush */
        if (!model_flush(&s->model, &s->lock, t, &ev))
            return MOVE_DONE;
    } else {
        if (model_finished(&s->model, &progs[t]))
            return MOVE_DONE;
        if (model_take(&s->model, &s->lock, s->ctx, &progs[t], t, &ev))
            return MOVE_WAITS;
        model_advance(&s->model, &progs[t], &ev);
    }
    bool passed = s->memory.passed;
    pack_state(s, progs, &s->lock, key);
    bool added;
    uint32_t m = find_or_add(s, key, n, move, &added);
    if (m != NO_NODE && passed)
        s->passing[n] |= (uint8_t)(1u << move);
    return m;
}

/* Each move from node n: the node it leads to, or why none. 0, or ENOMEM. */
static int expand(struct search *s, uint32_t n, unsigned char *key)
{
    struct program progs[EXPLORE_MAX_THREADS] = {0};
    for (unsigned move = 0; move < s->nmoves; move++) {
        /* Each move starts from node n's state, which the last one
         * changed in the context. */
        unpack_state(s, node_key(s, n), progs, &s->lock);
        uint32_t m = take_move(s, n, move, progs, key);
        if (m == NO_NODE)
            return ENOMEM;
        /* An index, not a pointer: adding a node may move the array. */
        *move_of(s, n, move) = m;
    }
    return 0;
}

/* Appends move's words to a schedule: a letter, or ",A:flush," (commas,
 * not spaces, keep the schedule one word for the shell). */
static void say_move(char *letters, size_t *len, unsigned move, unsigned nthreads)
{
    char who = (char)('A' + move % nthreads);
    if (move < nthreads) {
        letters[(*len)++] = who;
    } else {
        if (*len && letters[*len - 1] != ',')
            letters[(*len)++] = ',';
        memcpy(letters + *len, "A:flush,", 8);
        letters[*len] = who;
        *len += 8;
    }
    letters[*len] = '\0';
}

/* The most characters one move takes in a schedule: ",A:flush,". */
#define MOVE_TEXT 9

/* The words of the first way into node n, from the start, with room for
 * `extra` moves more. */
static char *path_to(const struct search *s, uint32_t n, size_t extra, size_t *len, size_t *moves)
{
    size_t steps = 0;
    for (uint32_t m = n; m != 0; m = s->parent[m])
        steps++;
    uint8_t *via = calloc(steps + 1, 1);
    char *letters = malloc((steps + extra) * MOVE_TEXT + 1);
    if (!via || !letters) {
        free(via), free(letters);
        return NULL;
    }
    size_t i = steps;
    for (uint32_t m = n; m != 0; m = s->parent[m])
        via[--i] = s->via[m];
    *len = 0;
    letters[0] = '\0';
    for (i = 0; i < steps; i++)
        say_move(letters, len, via[i], s->model.nthreads);
    free(via);
    *moves = steps;
    return letters;
}

/* What one node breaks, checked once its moves are known. */
struct node_facts {
    uint32_t unfinished, movers, inside, between;
    uint32_t flushers;  /* with a store in the buffer */
    uint32_t acquiring; /* at a step of entering the lock */
};

static struct node_facts node_facts(struct search *s, uint32_t n)
{
    struct node_facts f = {0};
    struct program progs[EXPLORE_MAX_THREADS] = {0};
    unpack_state(s, node_key(s, n), progs, &s->lock);
    unsigned nthreads = s->model.nthreads;
    for (unsigned t = 0; t < nthreads; t++) {
        uint32_t step = *move_of(s, n, t);
        /* A thread that can flush a store still moves: a buffer always
         * drains in the end. */
        uint32_t flush = s->nmoves > nthreads ? *move_of(s, n, nthreads + t) : MOVE_DONE;
        if (step != MOVE_DONE)
            f.unfinished |= 1u << t;
        if (step < MOVE_DONE || flush < MOVE_DONE)
            f.movers |= 1u << t;
        if (flush < MOVE_DONE)
            f.flushers |= 1u << t;
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
    /* Buffers always drain: a waiter may yet see a store that waits in
     * one, so only a state with every buffer empty can be stuck (the
     * walk reaches the one after the flushes too). */
    if (found[REQ_PROGRESS] == NO_NODE && waiters && !f.flushers) {
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

/* Every thread done, and every buffer drained. */
static bool is_terminal(const struct search *s, uint32_t n)
{
    for (unsigned move = 0; move < s->nmoves; move++)
        if (*move_of(s, n, move) != MOVE_DONE)
            return false;
    return true;
}

/* The nodes in an order where every move goes forward (Kahn's), into
 * order; false when some are left out: the moves can loop. */
static bool topological(const struct search *s, uint32_t *order, uint32_t *indegree)
{
    memset(indegree, 0, s->nodes * sizeof *indegree);
    for (size_t n = 0; n < s->nodes; n++)
        for (unsigned move = 0; move < s->nmoves; move++) {
            uint32_t m = *move_of(s, (uint32_t)n, move);
            if (m < MOVE_DONE)
                indegree[m]++;
        }
    size_t head = 0, tail = 0;
    order[tail++] = 0;
    while (head < tail) {
        uint32_t n = order[head++];
        for (unsigned move = 0; move < s->nmoves; move++) {
            uint32_t m = *move_of(s, n, move);
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
    struct program progs[EXPLORE_MAX_THREADS] = {0};
    unpack_state(s, node_key(s, n), progs, &s->lock);
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
    for (size_t i = s->nodes; i-- > 0;) {
        uint32_t n = order[i], best = goal[n] ? 0 : UINT32_MAX;
        for (unsigned move = 0; move < s->nmoves; move++) {
            uint32_t m = *move_of(s, n, move);
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

/* The interleavings into each node (ways), and those among them where
 * no load went ahead of a waiting store of its own thread (direct), in
 * topological order. */
static void count_ways(const struct search *s, const uint32_t *order, struct explore_count *ways,
                       struct explore_count *direct)
{
    ways[0].lo = direct[0].lo = 1;
    for (size_t i = 0; i < s->nodes; i++) {
        uint32_t n = order[i];
        for (unsigned move = 0; move < s->nmoves; move++) {
            uint32_t m = *move_of(s, n, move);
            if (m >= MOVE_DONE)
                continue;
            explore_count_add(&ways[m], &ways[n]);
            if (!(s->passing[n] >> move & 1))
                explore_count_add(&direct[m], &direct[n]);
        }
    }
}

/* a - b, where b <= a. */
static struct explore_count count_minus(struct explore_count a, const struct explore_count *b)
{
    if (a.overflow || b->overflow)
        return (struct explore_count){.overflow = true};
    uint64_t borrow = a.lo < b->lo;
    a.lo -= b->lo;
    a.hi -= b->hi + borrow;
    return a;
}

/* Counts the interleavings into each outcome, and each node's fewest
 * steps to the end and to a wrong end (UINT32_MAX: none); ENOMEM or 0. */
static int count_paths(struct search *s, struct explore_result *res, uint32_t **to_end_out,
                       uint32_t **to_wrong_out)
{
    uint32_t *order = malloc(s->nodes * sizeof *order);
    uint32_t *scratch = malloc(s->nodes * sizeof *scratch);
    struct explore_count *ways = calloc(s->nodes, sizeof *ways);
    struct explore_count *direct = calloc(s->nodes, sizeof *direct);
    if (!order || !scratch || !ways || !direct) {
        free(order), free(scratch), free(ways), free(direct);
        return ENOMEM;
    }
    size_t extra = s->nodes * (2 * sizeof *order + 2 * sizeof *ways);
    if (s->cap * node_bytes(s) + s->table_cap * sizeof(uint64_t) + extra > s->peak)
        s->peak = s->cap * node_bytes(s) + s->table_cap * sizeof(uint64_t) + extra;
    res->cyclic = !topological(s, order, scratch);
    if (!res->cyclic)
        count_ways(s, order, ways, direct);
    uint32_t *to_wrong = res->cyclic ? NULL : malloc(s->nodes * sizeof *to_wrong);
    int rc = !res->cyclic && (!to_wrong || steps_to_the_end(s, res, order, scratch, to_wrong))
                 ? ENOMEM
                 : 0;
    struct explore_count all_direct = {0};
    for (size_t i = 0; i < s->nterminals; i++) {
        const struct terminal *e = &s->terminals[i];
        explore_count_add(&res->outcomes[e->outcome].interleavings, &ways[e->node]);
        explore_count_add(&res->interleavings, &ways[e->node]);
        explore_count_add(&all_direct, &direct[e->node]);
    }
    res->passing = count_minus(res->interleavings, &all_direct);
    free(order);
    free(ways);
    free(direct);
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
        unsigned move = 0;
        uint32_t m = 0;
        for (; move < s->nmoves; move++) {
            m = *move_of(s, n, move);
            if (m < MOVE_DONE && to_end[m] == to_end[n] - 1)
                break;
        }
        say_move(letters, len, move, nthreads);
        n = m;
    }
    for (unsigned t = 0; t < nthreads; t++)
        if (*move_of(s, n, t) == MOVE_WAITS)
            say_move(letters, len, t, nthreads);
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
        size_t len, moves;
        q->schedule = path_to(s, n, extra, &len, &moves);
        if (!q->schedule)
            return ENOMEM;
        q->finding = FOUND_BROKEN;
        q->at_step = moves;
        finish_path(s, n, r == REQ_EXCLUSION ? to_end : NULL, q->schedule, &len);
        /* No comma left at the end of the words. */
        while (len && q->schedule[len - 1] == ',')
            q->schedule[--len] = '\0';
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
    struct program progs[EXPLORE_MAX_THREADS] = {0};
    for (unsigned t = 0; t < cfg->nthreads; t++)
        model_start(&s->model, &progs[t]);
    s->lock = (struct sync_replay_state){.holder = -1, .nthreads = cfg->nthreads};
    pack_state(s, progs, &s->lock, key);
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

/* What the result says before the search: the run, and its steps. */
static void describe_run(const struct explore_config *cfg, const struct replay_ops *ops,
                         struct explore_result *res)
{
    const struct sync_replay *lock = cfg->sync->replay;
    *res = (struct explore_result){.workload = cfg->name,
                                   .sync = cfg->sync->name,
                                   .shared_name = ops->shared_name,
                                   .iters_option = ops->iters_option,
                                   .nthreads = cfg->nthreads,
                                   .iters = cfg->iters,
                                   .steps_per_iteration =
                                       lock->nacquire + ops->nsteps + lock->nrelease,
                                   .max_states = cfg->max_states,
                                   .model = memory_model_name(cfg->model)};
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
    if (cfg->programs) { /* each thread its own program: no common iteration to name */
        snprintf(res->programs, sizeof res->programs, "%s", cfg->programs);
        snprintf(res->steps, sizeof res->steps, "%s", cfg->programs);
    }
    if (cfg->forbidden)
        snprintf(res->forbidden, sizeof res->forbidden, "%s", cfg->forbidden);
}

/* A search before its walk: the model and the memory model, the
 * workload's context, the size of a key. 0, or the setup's errno value
 * with one line in err. s stays where it is: the model points into it. */
static int search_setup(struct search *s, const struct explore_config *cfg, char *err,
                        size_t errlen)
{
    const struct replay_ops *ops = model_ops(cfg->ops, cfg->sync);
    *s = (struct search){.model = {.ops = ops,
                                   .lock = cfg->sync->replay,
                                   .nthreads = cfg->nthreads,
                                   .iters = cfg->iters},
                         .ops = ops,
                         .nmoves = cfg->model == MEMORY_TSO ? 2 * cfg->nthreads : cfg->nthreads};
    memory_init(&s->memory, cfg->model, cfg->nthreads);
    s->model.memory = &s->memory;
    int rc = ops->setup(cfg->ops_config, cfg->nthreads, 1, &s->ctx, err, errlen);
    if (rc != 0)
        return rc;
    s->work_bytes = ops->state_bytes(s->ctx, cfg->nthreads);
    size_t key = cfg->nthreads * sizeof(struct packed_program) +
                 sync_replay_state_bytes(cfg->nthreads) + s->work_bytes +
                 memory_state_bytes(&s->memory);
    s->key_bytes = (key + sizeof(uint64_t) - 1) / sizeof(uint64_t) * sizeof(uint64_t);
    return 0;
}

int explore_run(const struct explore_config *cfg, struct explore_result *res, char *err,
                size_t errlen)
{
    describe_run(cfg, model_ops(cfg->ops, cfg->sync), res);
    struct search s;
    int rc = search_setup(&s, cfg, err, errlen);
    if (rc != 0)
        return rc;
    uint32_t found[REQ_COUNT] = {NO_NODE, NO_NODE, NO_NODE};
    uint32_t *to_end = NULL, *to_wrong = NULL;
    rc = walk(&s, cfg, res, found);
    if (rc == 0 && s.memory.too_many) {
        snprintf(err, errlen, "--model tso: the steps store to more than %u locations",
                 MEMORY_MAX_LOCATIONS);
        search_free(&s);
        explore_result_free(res);
        return EINVAL;
    }
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
    int rc = search_setup(&g->s, cfg, err, errlen);
    if (rc != 0) {
        free(g);
        return rc;
    }
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

unsigned explore_graph_moves(const struct explore_graph *g)
{
    return g->s.nmoves;
}

uint32_t explore_graph_move(const struct explore_graph *g, uint32_t n, unsigned move)
{
    uint32_t m = *move_of(&g->s, n, move);
    return m == MOVE_WAITS ? EXPLORE_GRAPH_WAITS : m == MOVE_DONE ? EXPLORE_GRAPH_DONE : m;
}

void *explore_graph_state(struct explore_graph *g, uint32_t n, struct program *progs,
                          struct sync_replay_state *lock)
{
    unpack_state(&g->s, node_key(&g->s, n), progs, &g->s.lock);
    if (lock)
        *lock = g->s.lock;
    return g->s.ctx;
}

bool explore_graph_take(struct explore_graph *g, uint32_t n, unsigned move, struct replay_event *ev)
{
    struct program progs[EXPLORE_MAX_THREADS] = {0};
    void *ctx = explore_graph_state(g, n, progs, NULL);
    unsigned t = move % g->s.model.nthreads;
    *ev = (struct replay_event){.thread = t};
    if (move >= g->s.model.nthreads)
        return !model_flush(&g->s.model, &g->s.lock, t, ev);
    return model_take(&g->s.model, &g->s.lock, ctx, &progs[t], t, ev);
}

struct sync_replay_state *explore_graph_lock(struct explore_graph *g)
{
    return &g->s.lock;
}

void explore_graph_buffers(const struct explore_graph *g, char *buf, size_t len)
{
    buf[0] = '\0';
    if (g->s.memory.model == MEMORY_TSO)
        memory_buffers_text(&g->s.memory, buf, len);
}

void explore_graph_free(struct explore_graph *g)
{
    if (!g)
        return;
    search_free(&g->s);
    free(g);
}
