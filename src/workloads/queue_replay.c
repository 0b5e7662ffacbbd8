/* queue_replay.c: the queue in lockstep (--schedule): each enqueue's four
 * steps, the list drawn after each, and the verdict on which nodes are
 * still reachable. */
#include <errno.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "racedemo/detector.h"
#include "report/format.h"
#include "queue.h"
#include "racedemo/replay.h"
#include "racedemo/shared.h"

/* ---- lockstep (--schedule) ------------------------------------------ */

/* Enough nodes for every iteration a schedule can give a thread. */
#define QUEUE_REPLAY_NODES (REPLAY_MAX_STEPS / 4 + 1)

struct queue_replay {
    struct queue_node seed[QUEUE_SEED_NODES];
    struct queue_node *head;
    _Atomic(struct queue_node *) tail;
    struct queue_node *nodes[REPLAY_MAX_THREADS];
    struct queue_node *old_tail[REPLAY_MAX_THREADS]; /* each thread's local */
    unsigned nthreads;
    uint32_t packed_nodes; /* each thread's nodes explore keeps: --iters */
    uint64_t epoch;
    uint32_t last_seq[REPLAY_MAX_THREADS];
};

static const char *const queue_steps[] = {"null", "read", "move", "link"};
/* What each step does, for --schedule help. */
static const char *const queue_steps_words[] = {
    "link(x) := null: the new node x's next pointer",
    "old_tail := tail: follow tail to the last node",
    "tail := x: the new node becomes the tail",
    "link(old_tail) := x: the old last node points to x",
};

static int queue_replay_setup(const void *config, unsigned nthreads, uint64_t seed, void **ctx,
                              char *err, size_t errlen)
{
    const struct queue_config *cfg = config;
    (void)seed;
    struct queue_replay *r = calloc(1, sizeof *r);
    bool ok = r != NULL;
    for (unsigned t = 0; ok && t < nthreads; t++) {
        r->nodes[t] = calloc(QUEUE_REPLAY_NODES, sizeof(struct queue_node));
        ok = r->nodes[t] != NULL;
        for (uint32_t i = 0; ok && i < QUEUE_REPLAY_NODES; i++) {
            r->nodes[t][i].thread = t;
            r->nodes[t][i].seq = i + 1;
            atomic_init(&r->nodes[t][i].next, NULL);
        }
    }
    if (!ok) {
        for (unsigned t = 0; r && t < nthreads; t++)
            free(r->nodes[t]);
        free(r);
        snprintf(err, errlen, "out of memory for the replay");
        return ENOMEM;
    }
    r->nthreads = nthreads;
    r->packed_nodes = (uint32_t)(cfg->iters < QUEUE_REPLAY_NODES ? cfg->iters : QUEUE_REPLAY_NODES);
    for (unsigned k = 0; k < QUEUE_SEED_NODES; k++) {
        r->seed[k] = (struct queue_node){.thread = QUEUE_SEED_THREAD, .seq = k + 1};
        atomic_init(&r->seed[k].next, k + 1 < QUEUE_SEED_NODES ? &r->seed[k + 1] : NULL);
    }
    r->head = &r->seed[0];
    atomic_init(&r->tail, &r->seed[QUEUE_SEED_NODES - 1]);
    *ctx = r;
    return 0;
}

static void queue_node_name(char *buf, size_t len, const struct queue_node *n)
{
    if (!n)
        snprintf(buf, len, "null");
    else if (n->thread == QUEUE_SEED_THREAD)
        snprintf(buf, len, "%u", n->seq);
    else
        snprintf(buf, len, "%c%u", 'A' + n->thread, n->seq);
}

/* "head -> 1 -> 2 -> 3 -> 4 -> A1, tail = A1", walked at most once per
 * node, and cut short past a few nodes. */
static void queue_replay_picture(struct queue_replay *r, char *buf, size_t len)
{
    size_t used = (size_t)snprintf(buf, len, "head");
    unsigned shown = 0;
    r->epoch++;
    for (struct queue_node *p = r->head; p && used < len;
         p = atomic_load_explicit(&p->next, memory_order_relaxed)) {
        char name[16];
        if (p->seen == r->epoch) {
            used += (size_t)snprintf(buf + used, len - used, " -> (loop)");
            break;
        }
        p->seen = r->epoch;
        if (++shown > 9) {
            used += (size_t)snprintf(buf + used, len - used, " -> ...");
            break;
        }
        queue_node_name(name, sizeof name, p);
        used += (size_t)snprintf(buf + used, len - used, " -> %s", name);
    }
    char tail[16];
    queue_node_name(tail, sizeof tail, atomic_load_explicit(&r->tail, memory_order_relaxed));
    if (used < len)
        snprintf(buf + used, len - used, "; tail = %s", tail);
}

/* A link or the tail, as the memory model holds it: a node's address,
 * its bytes kept in the value (not converted to a number and back). */
typedef _Atomic(struct queue_node *) queue_link;
_Static_assert(sizeof(struct queue_node *) <= sizeof(int64_t), "a node's address fits a value");

static int64_t link_value(const struct queue_node *n)
{
    int64_t v = 0;
    memcpy(&v, &n, sizeof(struct queue_node *));
    return v;
}

static struct queue_node *link_node(int64_t v)
{
    struct queue_node *n;
    memcpy(&n, &v, sizeof(struct queue_node *));
    return n;
}

static int64_t read_link(const void *p)
{
    return link_value(atomic_load_explicit((queue_link *)p, memory_order_relaxed));
}

static void write_link(void *p, int64_t value)
{
    atomic_store_explicit((queue_link *)p, link_node(value), memory_order_relaxed);
}

static void show_link(char *buf, size_t len, int64_t value)
{
    queue_node_name(buf, len, link_node(value));
}

static const struct replay_type queue_link_type = {read_link, write_link, show_link};

static struct queue_node *load_link(struct replay_event *ev, queue_link *p)
{
    return link_node(replay_load(ev, (const void *)p, &queue_link_type, REPLAY_RELAXED));
}

/* The free run's relaxed stores, through the memory model. */
static void store_link(struct replay_event *ev, queue_link *p, struct queue_node *value,
                       const char *name)
{
    replay_store(ev, (void *)p, &queue_link_type, link_value(value), REPLAY_RELAXED, name);
}

/* The seed's four steps, one per grant, on the real shared list. */
static void queue_replay_step(void *ctx, unsigned t, unsigned k, uint64_t iter,
                              struct replay_event *ev)
{
    struct queue_replay *r = ctx;
    struct queue_node *x = &r->nodes[t][iter];
    char xs[16], old[16], was[16], name[24];
    queue_node_name(xs, sizeof xs, x);
    ev->touches = true;
    switch (k) {
    case 0:
        snprintf(name, sizeof name, "link(%s)", xs);
        store_link(ev, &x->next, NULL, name);
        replay_say(ev, ev->op, sizeof ev->op, "link(%s) := null", xs);
        break;
    case 1:
        r->old_tail[t] = load_link(ev, &r->tail);
        x->after = r->old_tail[t];
        queue_node_name(old, sizeof old, r->old_tail[t]);
        ev->reads_only = true; /* old_tail is the thread's own */
        replay_say(ev, ev->op, sizeof ev->op, "old_tail := tail");
        replay_say(ev, ev->detail, sizeof ev->detail, "old_tail = %s", old);
        break;
    case 2:
        store_link(ev, &r->tail, x, "tail");
        replay_say(ev, ev->op, sizeof ev->op, "tail := %s", xs);
        break;
    default: {
        struct queue_node *o = r->old_tail[t];
        /* For the mark only, not a load of the seed's: what it overwrites
         * (under tso no mark is made, the store reaching memory later). */
        struct queue_node *prev = atomic_load_explicit(&o->next, memory_order_relaxed);
        queue_node_name(old, sizeof old, o);
        snprintf(name, sizeof name, "link(%s)", old);
        store_link(ev, &o->next, x, name);
        queue_node_name(was, sizeof was, prev);
        /* old_tail is what the read step found: a value, so in the
         * detail, which --quiz hides, not in the operation. */
        replay_say(ev, ev->op, sizeof ev->op, "link(old_tail) := %s", xs);
        replay_say(ev, ev->detail, sizeof ev->detail, "old_tail = %s", old);
        if (prev)
            replay_say(ev, ev->mark, sizeof ev->mark,
                       "%c's link overwrites link(%s) = %s: node %s is lost", 'A' + t, old, was,
                       was);
        break;
    }
    }
    if (!ev->quiet)
        queue_replay_picture(r, ev->shared, sizeof ev->shared);
}

static void queue_replay_outcome(void *ctx, const uint64_t *iterations, struct replay_outcome *o)
{
    struct queue_replay *r = ctx;
    uint64_t all = QUEUE_SEED_NODES;
    for (unsigned t = 0; t < r->nthreads; t++)
        all += iterations[t];
    r->epoch++;
    struct queue_walk w = queue_walk(r->head, atomic_load_explicit(&r->tail, memory_order_relaxed),
                                     r->epoch, all, r->last_seq, r->nthreads);
    const char *tail = w.tail_stale ? ", tail not at the last" : "";
    const char *loop = w.cycle ? ", a loop" : "";
    const char *order = w.out_of_order ? ", nodes out of order" : "";
    snprintf(o->expected, sizeof o->expected, "%llu nodes reachable from head",
             (unsigned long long)all);
    snprintf(o->observed, sizeof o->observed, "%llu nodes reachable%s%s%s",
             (unsigned long long)w.reached, tail, loop, order);
    o->correct = w.reached == all && !w.tail_stale && !w.cycle && w.out_of_order == 0;
    /* The seed nodes are linked before the threads start: only added ones
     * can be lost. */
    o->lost = (int64_t)(all - w.reached);
    if (o->correct)
        snprintf(o->loss, sizeof o->loss, "no node lost");
    else
        snprintf(o->loss, sizeof o->loss,
                 "%lld of %llu added nodes lost (%llu reachable from head, expected %llu%s%s%s)",
                 (long long)o->lost, (unsigned long long)(all - QUEUE_SEED_NODES),
                 (unsigned long long)w.reached, (unsigned long long)all, tail, loop, order);
}

static void queue_replay_teardown(void *ctx)
{
    struct queue_replay *r = ctx;
    for (unsigned t = 0; t < r->nthreads; t++)
        free(r->nodes[t]);
    free(r);
}

/* A node as a number, for explore's flat state: 0 for null, the seed's
 * nodes 1 to 4, then each thread's nodes in turn. */
static uint32_t queue_index(const struct queue_replay *r, const struct queue_node *n)
{
    if (!n)
        return 0;
    if (n->thread == QUEUE_SEED_THREAD)
        return n->seq;
    return 1 + QUEUE_SEED_NODES + n->thread * r->packed_nodes + (n->seq - 1);
}

static struct queue_node *queue_node_at(struct queue_replay *r, uint32_t i)
{
    if (i == 0)
        return NULL;
    if (i <= QUEUE_SEED_NODES)
        return &r->seed[i - 1];
    i -= 1 + QUEUE_SEED_NODES;
    return &r->nodes[i / r->packed_nodes][i % r->packed_nodes];
}

/* The state: tail, each thread's old_tail, and every node's link, each as
 * a node's number: the nodes a run of --iters iterations can add. */
static size_t queue_state_bytes(const void *ctx, unsigned nthreads)
{
    const struct queue_replay *r = ctx;
    return sizeof(uint32_t) * (1 + nthreads + QUEUE_SEED_NODES + nthreads * r->packed_nodes);
}

static void queue_pack(const void *ctx, unsigned nthreads, unsigned char *buf)
{
    const struct queue_replay *r = ctx;
    uint32_t i = queue_index(r, atomic_load_explicit(&r->tail, memory_order_relaxed));
    replay_put(&buf, &i, sizeof i);
    for (unsigned t = 0; t < nthreads; t++) {
        i = queue_index(r, r->old_tail[t]);
        replay_put(&buf, &i, sizeof i);
    }
    uint32_t all = QUEUE_SEED_NODES + nthreads * r->packed_nodes;
    for (uint32_t n = 1; n <= all; n++) {
        const struct queue_node *x = queue_node_at((struct queue_replay *)r, n);
        i = queue_index(r, atomic_load_explicit(&x->next, memory_order_relaxed));
        replay_put(&buf, &i, sizeof i);
    }
}

static void queue_unpack(void *ctx, unsigned nthreads, const unsigned char *buf)
{
    struct queue_replay *r = ctx;
    uint32_t i;
    replay_get(&buf, &i, sizeof i);
    atomic_store_explicit(&r->tail, queue_node_at(r, i), memory_order_relaxed);
    for (unsigned t = 0; t < nthreads; t++) {
        replay_get(&buf, &i, sizeof i);
        r->old_tail[t] = queue_node_at(r, i);
    }
    uint32_t all = QUEUE_SEED_NODES + nthreads * r->packed_nodes;
    for (uint32_t n = 1; n <= all; n++) {
        replay_get(&buf, &i, sizeof i);
        atomic_store_explicit(&queue_node_at(r, n)->next, queue_node_at(r, i),
                              memory_order_relaxed);
    }
}

static const struct replay_refusal queue_replay_refused[] = {
    {"show", "lists where a free run's list broke; a replay shows every step, and marks each "
             "lost node ^"},
    {NULL, NULL},
};

const struct replay_ops queue_replay = {
    .steps = queue_steps,
    .step_words = queue_steps_words,
    .nsteps = 4,
    .shared_name = "queue",
    .iters_option = "iters",
    .setup = queue_replay_setup,
    .step = queue_replay_step,
    .outcome = queue_replay_outcome,
    .teardown = queue_replay_teardown,
    .state_bytes = queue_state_bytes,
    .pack = queue_pack,
    .unpack = queue_unpack,
    .marked = "link",
    .marked_did = "overwrote another thread's link",
    .refused = queue_replay_refused,
    .memory_model = true,
};
