/* queue.c: the seed's shared queue. Adding node x takes four steps:
 *
 *     link(x) := null          x's next pointer
 *     old_tail := tail         the last node
 *     tail := address x
 *     link(old_tail) := address x
 *
 * Two threads that both read the same old tail both link their node after
 * it; the second link overwrites the first, and the first node (with
 * whatever was linked after it) can no longer be reached from head. */
#include <errno.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "racedemo/detector.h"
#include "report/format.h"
#include "racedemo/instruments.h"
#include "queue.h"
#include "racedemo/replay.h"
#include "racedemo/shared.h"

static const struct opt queue_options[] = {
    {.name = "iters",
     .short_name = 'n',
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "nodes each thread adds to the queue",
     .offset = offsetof(struct queue_config, iters),
     .min = 1,
     .max = QUEUE_MAX_ITERS,
     .def = 100000},
    {.name = "show",
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "list the first N places the list broke: a lost node, the node it was "
             "linked after, and the node that took its place",
     .offset = offsetof(struct queue_config, show),
     .min = 0,
     .max = QUEUE_MAX_SHOW,
     .def = 0},
    {0},
};

_Static_assert(QUEUE_NMETRICS <= RESULT_MAX_METRICS, "a trial carries at most RESULT_MAX_METRICS");

static const struct result_metric queue_metrics[QUEUE_NMETRICS] = {
    [QUEUE_CYCLE] = {.key = "cycle",
                     .label = "cycle",
                     .column = "loops",
                     .noun = "trial",
                     .meaning = "whose list loops back on itself",
                     .total = METRIC_SUM,
                     .failure = "a link points back to a node already in the list",
                     .yes = "a link leads back into the list",
                     .no = "none: the walk from head ended at a null link"},
    [QUEUE_TAIL_STALE] = {.key = "tail_stale",
                          .label = "tail",
                          .column = "stale tail",
                          .noun = "trial",
                          .meaning = "whose tail was not the last node",
                          .total = METRIC_SUM,
                          .failure = "tail points to a node the walk from head does not end at",
                          .yes = "points to a node that is not the list's last",
                          .no = "points to the last node of the list"},
    [QUEUE_TAIL_LOST] = {.key = "tail_lost",
                         .label = "tail lost",
                         .noun = "trial",
                         .meaning = "whose tail was a lost node",
                         .total = METRIC_SUM,
                         .yes = "yes: later nodes were linked after it, into the lost part",
                         .no = "no: tail points to a node in the list"},
    [QUEUE_OUT_OF_ORDER] = {.key = "out_of_order",
                            .label = "order",
                            .noun = "node",
                            .meaning = "out of order (each thread's nodes should follow in "
                                       "the order it added them)",
                            .total = METRIC_SUM,
                            .failure = "a thread's nodes are not in the order it added them"},
};

struct queue_shared {
    struct queue_node *head; /* the first seed node: it never changes */
    /* Atomic so that the race is in the algorithm, not undefined behaviour. */
    alignas(64) _Atomic(struct queue_node *) tail;
    struct cs_detector detector;
};

struct queue_thread {
    alignas(64) uint64_t violations;
    _Atomic uint64_t done; /* nodes added so far this trial, for the watchdog */
};

struct queue_job {
    struct queue_shared *shared;
    struct queue_node seed[QUEUE_SEED_NODES];
    struct queue_node **nodes; /* each thread's own, nodes[t][0..iters) */
    uint64_t iters;
    const struct sync_strategy *sync;
    void *lock_state;
    uint64_t window;
    bool detect;
    unsigned nthreads;
    struct queue_thread *threads;
    uint64_t epoch;
    uint32_t *last_seq; /* the walk's scratch */
    struct result *res; /* where observe puts the lost nodes to show */
    size_t show;
};

/* The seed's four steps, each a separate relaxed load or store: ordering
 * is the lock's job, and without one nothing orders two threads' steps.
 * `after` only records, for the report, which tail this node was linked
 * after; nobody reads it until the trial is over. */
static inline void queue_add(struct queue_shared *q, struct queue_node *x, uint64_t window)
{
    atomic_store_explicit(&x->next, NULL, memory_order_relaxed); /* link(x) := null */
    struct queue_node *old_tail =
        atomic_load_explicit(&q->tail, memory_order_relaxed); /* old_tail := tail */
    x->after = old_tail;
    if (window)
        workload_window(window);
    atomic_store_explicit(&q->tail, x, memory_order_relaxed); /* tail := address x */
    atomic_store_explicit(&old_tail->next, x,
                          memory_order_relaxed); /* link(old_tail) := address x */
}

/* The lock-free enqueue: exchange the tail, then link the old tail. The
 * exchange hands each thread a different old tail, so every node is
 * linked after exactly one other and no link is ever overwritten; the list
 * is whole once every thread has done its second step. Acquire-release:
 * the thread that added old_tail set its link to null before exchanging
 * (release), and our exchange reads that (acquire), so that null store is
 * ordered before our link and cannot land on top of it. The link itself
 * is a release store so that whoever follows it sees x's null link. */
static inline void queue_add_lock_free(struct queue_shared *q, struct queue_node *x)
{
    atomic_store_explicit(&x->next, NULL, memory_order_relaxed);
    struct queue_node *old_tail = atomic_exchange_explicit(&q->tail, x, memory_order_acq_rel);
    x->after = old_tail;
    atomic_store_explicit(&old_tail->next, x, memory_order_release);
}

static void queue_locked(struct queue_job *job, unsigned self, bool detect)
{
    struct queue_shared *q = job->shared;
    const struct sync_strategy *s = job->sync;
    struct queue_thread *me = &job->threads[self];
    struct queue_node *mine = job->nodes[self];
    uint64_t violations = 0;
    for (uint64_t i = 0; i < job->iters; i++) {
        s->lock(job->lock_state, self);
        if (detect)
            violations += detector_enter(&q->detector, self);
        queue_add(q, &mine[i], job->window);
        if (detect)
            violations += detector_leave(&q->detector, self);
        s->unlock(job->lock_state, self);
        atomic_store_explicit(&me->done, i + 1, memory_order_relaxed);
        if (spin_stopped())
            break;
    }
    me->violations = violations;
}

/* The loops without a lock, in stretches with a look at spin_stopped()
 * between them, as the counter's: a stop ends a long trial at once, for
 * one relaxed load in thousands of nodes. */
static void queue_worker(void *arg, unsigned self)
{
    struct queue_job *job = arg;
    struct queue_shared *q = job->shared;
    struct queue_node *mine = job->nodes[self];
    const uint64_t n = job->iters, window = job->window;
    if (job->sync->lock) {
        queue_locked(job, self, job->detect);
        return;
    }
    const bool lock_free = job->sync->atomic_update;
    const uint64_t every = lock_free ? SPIN_STOP_EVERY : workload_stop_every(window);
    for (uint64_t i = 0; i < n;) {
        uint64_t end = workload_stretch(i, n, every);
        if (lock_free)
            for (; i < end; i++)
                queue_add_lock_free(q, &mine[i]);
        else
            for (; i < end; i++)
                queue_add(q, &mine[i], window);
        if (spin_stopped())
            return;
    }
}

struct queue_walk queue_walk(struct queue_node *head, struct queue_node *tail, uint64_t epoch,
                             uint64_t nodes, uint32_t *last_seq, unsigned nthreads)
{
    struct queue_walk w = {0};
    struct queue_node *last = NULL;
    memset(last_seq, 0, nthreads * sizeof *last_seq);
    /* Every node is marked when reached and the walk stops at a marked
     * one, so it visits each node at most once; the count bound is a
     * second guard. */
    for (struct queue_node *p = head; p && w.reached <= nodes;
         p = atomic_load_explicit(&p->next, memory_order_relaxed)) {
        if (p->seen == epoch) {
            w.cycle = true;
            break;
        }
        p->seen = epoch;
        w.reached++;
        last = p;
        if (p->thread != QUEUE_SEED_THREAD && p->thread < nthreads) {
            if (p->seq <= last_seq[p->thread])
                w.out_of_order++;
            else
                last_seq[p->thread] = p->seq;
        }
    }
    w.last = last;
    w.tail_stale = w.cycle || tail != last;
    w.tail_lost = tail && tail->seen != epoch;
    return w;
}

static uint64_t queue_nodes(uint64_t threads, uint64_t iters)
{
    return threads * iters;
}

static int queue_check(const struct run_config *run, const void *config, char *err, size_t errlen)
{
    const struct queue_config *cfg = config;
    if (queue_nodes(run->threads, cfg->iters) > QUEUE_MAX_NODE_BYTES / sizeof(struct queue_node)) {
        snprintf(err, errlen,
                 "--threads %u x --iters %llu nodes of %zu bytes would take over the %u MiB "
                 "racedemo allows; lower --iters",
                 (unsigned)run->threads, (unsigned long long)cfg->iters, sizeof(struct queue_node),
                 QUEUE_MAX_NODE_BYTES >> 20);
        return -1;
    }
    return 0;
}

static void queue_free(struct queue_job *job)
{
    if (job->nodes)
        for (unsigned i = 0; i < job->nthreads; i++)
            shared_free(job->nodes[i]);
    shared_free(job->nodes);
    shared_free(job->shared);
    shared_free(job->threads);
    shared_free(job->last_seq);
    shared_free(job);
}

/* The job's shared parts and every node, numbered; false when memory ran
 * out (queue_free undoes what was made). */
static bool queue_alloc(struct queue_job *job, unsigned threads, uint64_t iters)
{
    job->shared = shared_calloc(1, sizeof *job->shared);
    job->threads = shared_calloc(threads, sizeof *job->threads);
    job->nodes = shared_calloc(threads, sizeof(struct queue_node *)); /* a pointer each */
    job->last_seq = shared_calloc(threads, sizeof *job->last_seq);
    bool ok = job->shared && job->threads && job->nodes && job->last_seq;
    /* Every node is made now, so that the timed loop only adds them. */
    for (unsigned t = 0; ok && t < threads; t++) {
        job->nodes[t] = shared_calloc(iters, sizeof(struct queue_node));
        ok = job->nodes[t] != NULL;
        for (uint64_t i = 0; ok && i < iters; i++) {
            job->nodes[t][i].thread = t;
            job->nodes[t][i].seq = (uint32_t)(i + 1);
            atomic_init(&job->nodes[t][i].next, NULL);
        }
    }
    return ok;
}

/* What the report says about a queue run. */
static void queue_describe(struct result *res, const struct run_config *run,
                           const struct queue_config *cfg)
{
    unsigned threads = (unsigned)run->threads;
    res->work.action = "add_to_queue(x)";
    res->work.op_noun = "add";
    res->work.item_noun = "node";
    res->words.lost_noun = "node";
    res->work.per_thread = cfg->iters;
    res->work.expected = QUEUE_SEED_NODES + queue_nodes(threads, cfg->iters);
    res->words.race_reason =
        WORKERS_SAY(run, "two ",
                    " read the same tail and both linked a node after it: the "
                    "second link cut the first node off, with every node linked "
                    "after it");
    res->metrics = queue_metrics;
    res->nmetrics = QUEUE_NMETRICS;
    res->workers.lost_counted = true;
    res->lost_list.show = cfg->show;
    res->work.scene_label = "queue";
    snprintf(res->work.scene, sizeof res->work.scene,
             "head -> 1 -> 2 -> 3 -> 4, tail at 4, as in the lecture notes; add_to_queue(x) is "
             "link(x) := null; old_tail := tail; tail := x; link(old_tail) := x");
}

static int queue_setup(const struct run_config *run, const void *config, struct result *res,
                       void **ctx, char *err, size_t errlen)
{
    const struct queue_config *cfg = config;
    unsigned threads = (unsigned)run->threads;
    if (queue_check(run, cfg, err, errlen) != 0)
        return EINVAL;
    struct queue_job *job = shared_calloc(1, sizeof *job);
    if (!job) {
        snprintf(err, errlen, "out of memory for the queue");
        return ENOMEM;
    }
    job->nthreads = threads;
    job->iters = cfg->iters;
    job->sync = run->sync;
    job->window = run->window;
    job->res = res;
    job->show = cfg->show;
    if (!queue_alloc(job, threads, cfg->iters)) {
        queue_free(job);
        snprintf(err, errlen, "out of memory for %llu nodes",
                 (unsigned long long)queue_nodes(threads, cfg->iters));
        return ENOMEM;
    }
    for (unsigned k = 0; k < QUEUE_SEED_NODES; k++) {
        job->seed[k] = (struct queue_node){.thread = QUEUE_SEED_THREAD, .seq = k + 1};
        atomic_init(&job->seed[k].next, NULL);
    }
    memset(job->shared, 0, sizeof *job->shared);
    job->shared->head = &job->seed[0];
    atomic_init(&job->shared->tail, NULL);
    atomic_init(&job->shared->detector.inside, 0);
    for (unsigned t = 0; t < threads; t++)
        atomic_init(&job->threads[t].done, 0);

    res->run.undetected_why =
        workload_undetected_why(run, run->sync->lock != NULL,
                                "nothing to check: the lock-free enqueue has no critical section");
    res->run.detected = res->run.undetected_why == NULL;
    job->detect = res->run.detected;
    int rc = sync_state_create(run->sync, threads, &job->lock_state);
    if (rc != 0) {
        queue_free(job);
        snprintf(err, errlen, "could not set up --sync %s", run->sync->name);
        return rc;
    }

    queue_describe(res, run, cfg);
    *ctx = job;
    return 0;
}

static void queue_reset(void *ctx)
{
    struct queue_job *job = ctx;
    for (unsigned k = 0; k < QUEUE_SEED_NODES; k++)
        atomic_store_explicit(&job->seed[k].next,
                              k + 1 < QUEUE_SEED_NODES ? &job->seed[k + 1] : NULL,
                              memory_order_relaxed);
    atomic_store_explicit(&job->shared->tail, &job->seed[QUEUE_SEED_NODES - 1],
                          memory_order_relaxed);
    atomic_store_explicit(&job->shared->detector.inside, 0, memory_order_relaxed);
    for (unsigned t = 0; t < job->nthreads; t++) {
        job->threads[t].violations = 0;
        atomic_store_explicit(&job->threads[t].done, 0, memory_order_relaxed);
    }
}

/* Where the list broke: lost nodes linked after a node that is still in
 * the list, whose link another node overwrote. Counted all, the first
 * --show of them (in the order the threads added them: A1, B1, A2...)
 * kept for the report. */
static void collect_breaks(struct queue_job *job)
{
    struct result *res = job->res;
    res->lost_list.nodes = calloc(job->show, sizeof *res->lost_list.nodes);
    for (uint64_t i = 0; i < job->iters; i++)
        for (unsigned t = 0; t < job->nthreads; t++) {
            struct queue_node *x = &job->nodes[t][i];
            if (x->seen == job->epoch || !x->after || x->after->seen != job->epoch)
                continue;
            res->lost_list.breaks++;
            if (!res->lost_list.nodes || res->lost_list.nnodes == job->show)
                continue;
            struct result_lost_node *l = &res->lost_list.nodes[res->lost_list.nnodes++];
            struct queue_node *now = atomic_load_explicit(&x->after->next, memory_order_relaxed);
            *l = (struct result_lost_node){.thread = x->thread,
                                           .seq = x->seq,
                                           .after_thread = x->after->thread,
                                           .after_seq = x->after->seq,
                                           .now_null = now == NULL};
            if (now) {
                l->now_thread = now->thread;
                l->now_seq = now->seq;
            }
        }
}

/* The first trial's list as it ended, for the report's picture. */
static void queue_keep_end(struct result *res, const struct queue_walk *w,
                           const struct queue_node *tail, uint64_t epoch)
{
    struct result_list_end *end = &res->lost_list.end;
    if (end->known || !w->last || !tail)
        return;
    *end = (struct result_list_end){
        .known = true,
        .reached = w->reached,
        .last = {.thread = w->last->thread, .seq = w->last->seq},
        .tail = {.thread = tail->thread, .seq = tail->seq},
        .tail_reached = tail->seen == epoch,
    };
}

static void queue_observe(void *ctx, struct trial_result *t, int64_t *metrics)
{
    struct queue_job *job = ctx;
    struct result *res = job->res;
    job->epoch++;
    uint64_t all = QUEUE_SEED_NODES + queue_nodes(job->nthreads, job->iters);
    struct queue_node *tail = atomic_load_explicit(&job->shared->tail, memory_order_relaxed);
    struct queue_walk w =
        queue_walk(job->shared->head, tail, job->epoch, all, job->last_seq, job->nthreads);
    queue_keep_end(res, &w, tail, job->epoch);
    t->observed = (int64_t)w.reached;
    t->violations = 0;
    for (unsigned i = 0; i < job->nthreads; i++)
        t->violations += job->threads[i].violations;
    t->fair_least_pct = -1.0;
    metrics[QUEUE_CYCLE] = w.cycle;
    metrics[QUEUE_TAIL_STALE] = w.tail_stale;
    metrics[QUEUE_TAIL_LOST] = w.tail_lost;
    metrics[QUEUE_OUT_OF_ORDER] = (int64_t)w.out_of_order;
    bool lost_any = false;
    for (unsigned th = 0; th < job->nthreads; th++) {
        uint64_t lost = 0;
        for (uint64_t i = 0; i < job->iters; i++)
            lost += job->nodes[th][i].seen != job->epoch;
        res->workers.lost[th] += lost;
        lost_any |= lost != 0;
    }
    if (lost_any && job->show && !res->lost_list.nodes)
        collect_breaks(job);
}

static void queue_progress(void *ctx, uint64_t *done, uint64_t *total)
{
    struct queue_job *job = ctx;
    for (unsigned i = 0; i < job->nthreads; i++) {
        done[i] = atomic_load_explicit(&job->threads[i].done, memory_order_relaxed);
        total[i] = job->iters;
    }
}

static void queue_teardown(void *ctx)
{
    struct queue_job *job = ctx;
    sync_state_free(job->sync, job->lock_state);
    queue_free(job);
}

const struct workload workload_queue = {
    .name = "queue",
    .summary = "threads add nodes to one linked list; some nodes go missing",
    .about = "The lecture notes' queue: head -> 1 -> 2 -> 3 -> 4, with tail at node 4. Each\n"
             "thread adds --iters nodes of its own (made before the start), each in\n"
             "the notes' four steps: link(x) := null; old_tail := tail; tail := x;\n"
             "link(old_tail) := x. Two threads that read the same tail both link\n"
             "their node after it, and the second link overwrites the first: that\n"
             "node, and any linked after it, is lost. After the run racedemo walks\n"
             "the list from head and counts what it reaches, per thread, and checks\n"
             "for loops, a tail that is not the last node, and each thread's order.\n"
             "--show N lists where the list broke: each lost node and what took its place.",
    .options = queue_options,
    .config_size = sizeof(struct queue_config),
    .check = queue_check,
    .setup = queue_setup,
    .reset = queue_reset,
    .work = queue_worker,
    .observe = queue_observe,
    .teardown = queue_teardown,
    .progress = queue_progress,
    .replay = &queue_replay,
};
