/* replay/replay.c: lockstep replay and its verdict. The controller (worker 0
 * of an engine team) walks the schedule and, for each entry, grants one step
 * to the thread it names; that thread (worker 1 + its number) takes the step
 * on the shared data and records what it saw. Locks are steps too, each
 * strategy in the steps of its own algorithm, tried rather than waited on,
 * so a thread that cannot get in reports that it spins or sleeps and the
 * schedule goes on: no schedule can hang. The schedule is parsed in
 * parse.c; the reports are text.c, mermaid.c, json.c and html.c. */
#define _POSIX_C_SOURCE 200809L
#include "racedemo/replay.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "racedemo/engine.h"
#include "racedemo/random.h"
#include "racedemo/spin.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"
#include "replay/model.h"
#include "replay/replay.h"
#include "result/verdict.h"
#include "core/options.h"
#include "core/engine.h"
#include "replay/letter.h"

/* ---- the strategies it can replay -------------------------------------- */

/* A strategy's steps live in its own file (sync_replay.h); it can be
 * replayed when it has them. */
bool replay_supports(const char *sync_name)
{
    const struct sync_strategy *s = sync_find(sync_name);
    return s && s->replay;
}

const char *replay_strategies(void)
{
    /* Built from the table, once per call: only error messages ask. */
    static char names[512];
    size_t used = 0;
    names[0] = '\0';
    for (const struct sync_strategy *const *s = sync_strategies; *s; s++) {
        if (!(*s)->replay)
            continue;
        int n = snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "", (*s)->name);
        if (n < 0 || (size_t)n >= sizeof names - used)
            break;
        used += (size_t)n;
    }
    return names;
}

/* ---- the run ----------------------------------------------------------- */

struct replay_job {
    struct model model;
    const struct replay_ops *ops;
    const struct sync_replay *lock;
    struct sync_replay_state lock_state;
    void *ctx;
    unsigned nthreads;
    /* The grant: 1 + the step's thread while it runs, 0 when done, and
     * UINT_MAX to stop. Release when given, acquire when seen. */
    atomic_uint grant;
    struct program granted; /* the step to take */
    bool granted_flush;     /* or a flush of the thread's oldest buffered store */
    struct replay_event event;
    /* The memory model, and under tso the store buffers: the steps'
     * bookkeeping, touched only by the thread granted a step. */
    struct replay_memory memory;
    /* The controller's side. */
    const struct replay_spec *spec;
    uint64_t iters, seed;
    struct replay_result *res;
    uint32_t inside;                  /* threads inside the critical section, one bit each */
    uint32_t mid_body;                /* threads between two steps of the workload's body */
    uint32_t waited;                  /* threads that waited since the last step that moved */
    bool blocked[REPLAY_MAX_THREADS]; /* its last step found it waiting */
    char *err;
    size_t errlen;
    int rc;
};

static const char *step_name(const struct replay_job *job, const struct program *p)
{
    return model_step_name(&job->model, p);
}

/* A thread's side: take the steps granted to it until told to stop. */
static void replay_thread(struct replay_job *job, unsigned t)
{
    struct spin_wait w = {0};
    for (;;) {
        unsigned g = atomic_load_explicit(&job->grant, memory_order_acquire);
        if (g == UINT32_MAX)
            return;
        if (g != t + 1) {
            spin_wait(&w);
            continue;
        }
        w = (struct spin_wait){0};
        struct replay_event *ev = &job->event;
        const struct program *p = &job->granted;
        memset(ev, 0, sizeof *ev);
        ev->thread = t;
        if (job->granted_flush)
            model_flush(&job->model, &job->lock_state, t, ev);
        else
            ev->waiting = model_take(&job->model, &job->lock_state, job->ctx, p, t, ev);
        atomic_store_explicit(&job->grant, 0, memory_order_release);
    }
}

static void advance(const struct replay_job *job, struct program *p, const struct replay_event *ev)
{
    model_advance(&job->model, p, ev);
}

static void start_program(const struct replay_job *job, struct program *p)
{
    model_start(&job->model, p);
}

/* Appends the step's words to the schedule that replays it: a letter, or
 * ",A:flush," (commas keep it one word for the shell). */
static void note_step(struct replay_result *res, unsigned t, bool flush)
{
    char *at = res->schedule + res->schedule_len;
    if (!flush) {
        *at++ = letter(t);
    } else {
        if (res->schedule_len && at[-1] != ',')
            *at++ = ',';
        at += sprintf(at, "%c:%s,", letter(t), REPLAY_FLUSH);
    }
    *at = '\0';
    res->schedule_len = (size_t)(at - res->schedule);
}

/* Grants thread t its oldest buffered store's flush, and records it. */
static void take_flush(struct replay_job *job, unsigned t)
{
    job->granted_flush = true;
    atomic_store_explicit(&job->grant, t + 1, memory_order_release);
    struct spin_wait w = {0};
    while (atomic_load_explicit(&job->grant, memory_order_acquire) != 0)
        spin_wait(&w);
    job->granted_flush = false;
    job->waited = 0; /* memory changed: a waiter may go on */
    struct replay_result *res = job->res;
    res->events[res->nevents++] = job->event;
    note_step(res, t, true);
}

/* Grants one step to thread t and records it. */
static void take_step(struct replay_job *job, struct program *progs, unsigned t)
{
    job->granted = progs[t];
    job->memory.passed = false;
    atomic_store_explicit(&job->grant, t + 1, memory_order_release);
    struct spin_wait w = {0};
    while (atomic_load_explicit(&job->grant, memory_order_acquire) != 0)
        spin_wait(&w);
    struct replay_result *res = job->res;
    res->passing_steps += job->memory.passed;
    /* Whoever passes the last step of entering is inside; a second one
     * inside at once is exclusion broken, and the trace says so. */
    struct program before = progs[t];
    advance(job, &progs[t], &job->event);
    job->blocked[t] = job->event.waiting;
    /* Who waited since anything changed that could let a waiter go on. */
    if (job->event.waiting)
        job->waited |= 1u << t;
    else if (job->event.reads_only)
        job->waited &= ~(1u << t);
    else
        job->waited = 0;
    /* A workload step while another thread is halfway through its own:
     * the steps interleaved, whether or not anything was lost. */
    if (before.phase == PHASE_BODY && (job->mid_body & ~(1u << t)))
        res->overlapped = true;
    if (progs[t].phase == PHASE_BODY && progs[t].k > 0)
        job->mid_body |= 1u << t;
    else
        job->mid_body &= ~(1u << t);
    bool entered = before.phase == PHASE_ACQUIRE && progs[t].phase == PHASE_BODY;
    bool left = before.phase != PHASE_ACQUIRE && progs[t].phase == PHASE_ACQUIRE;
    if (entered) {
        for (unsigned o = 0; o < job->nthreads; o++)
            if (job->inside >> o & 1) {
                snprintf(job->event.mark, sizeof job->event.mark,
                         "%c enters while %c is inside: two threads in the critical section",
                         letter(t), letter(o));
                break;
            }
        job->inside |= 1u << t;
    } else if (left) {
        job->inside &= ~(1u << t);
    }
    res->events[res->nevents] = job->event;
    note_step(res, t, false);
    res->nevents++;
    if (job->event.mark[0] && !job->event.lock)
        res->marked_steps++;
    if (job->event.mark[0] && job->event.lock)
        res->exclusion_broken++;
}

/* Done with its iterations; never, for a schedule of letters without a
 * count of them. */
static bool finished(const struct replay_job *job, const struct program *p)
{
    return model_finished(&job->model, p);
}

/* "flag turn test load add store unflag": one iteration's steps. */
static void iteration_steps(const struct replay_job *job, char *buf, size_t len)
{
    size_t used = 0;
    const char *const *lists[] = {job->lock->acquire, job->ops->steps, job->lock->release};
    unsigned counts[] = {job->lock->nacquire, job->ops->nsteps, job->lock->nrelease};
    for (int l = 0; l < 3; l++)
        for (unsigned k = 0; k < counts[l] && used < len; k++) {
            int n = snprintf(buf + used, len - used, "%s%s", used ? " " : "", lists[l][k]);
            used += n > 0 ? (size_t)n : 0;
        }
}

/* Since anything last changed, every thread with iterations left has
 * tried and waited: the state cannot change any more, and more steps would
 * only show it again. Worked out from the steps alone, so the same letters with
 * the same count of iterations judge the same however they were drawn. */
static bool frozen(const struct replay_job *job, const struct program *progs)
{
    bool any_left = false;
    for (unsigned t = 0; t < job->nthreads; t++)
        if (memory_pending(&job->memory, t))
            return false; /* a buffer always drains in the end */
    for (unsigned t = 0; t < job->nthreads; t++)
        if (!finished(job, &progs[t])) {
            if (!(job->waited >> t & 1))
                return false;
            any_left = true;
        }
    return any_left;
}

/* A schedule's A:flush: false, with one line in the job's err, when there
 * is nothing to flush. */
static bool list_flush(struct replay_job *job, size_t i, unsigned t)
{
    if (job->memory.model != MEMORY_TSO) {
        snprintf(job->err, job->errlen,
                 "--schedule: at step %zu, %c:%s: only --model tso has store buffers to flush",
                 i + 1, letter(t), REPLAY_FLUSH);
        job->rc = -1;
        return false;
    }
    if (!memory_pending(&job->memory, t)) {
        snprintf(job->err, job->errlen,
                 "--schedule: at step %zu, %c:%s: %c's store buffer is empty", i + 1, letter(t),
                 REPLAY_FLUSH, letter(t));
        job->rc = -1;
        return false;
    }
    take_flush(job, t);
    return true;
}

/* A schedule of letters or thread:step words, step by step as given. */
static void run_list(struct replay_job *job, struct program *progs)
{
    const struct replay_spec *spec = job->spec;
    for (size_t i = 0; i < spec->nentries; i++) {
        const struct replay_entry *e = &spec->entries[i];
        if (strcmp(e->step, REPLAY_FLUSH) == 0) {
            if (!list_flush(job, i, e->thread))
                return;
            continue;
        }
        if (e->step[0] && strcmp(e->step, step_name(job, &progs[e->thread])) != 0) {
            char got[OPT_QUOTE_LEN];
            snprintf(job->err, job->errlen, "--schedule: at step %zu, %c's next step is %s, not %s",
                     i + 1, letter(e->thread), step_name(job, &progs[e->thread]),
                     options_quote(got, sizeof got, e->step));
            job->rc = -1;
            return;
        }
        if (finished(job, &progs[e->thread])) {
            snprintf(job->err, job->errlen,
                     "--schedule: at step %zu, %c has done its %llu iteration%s (--%s %llu)", i + 1,
                     letter(e->thread), (unsigned long long)job->iters, job->iters == 1 ? "" : "s",
                     job->ops->iters_option, (unsigned long long)job->iters);
            job->rc = -1;
            return;
        }
        take_step(job, progs, e->thread);
    }
}

/* The next thread of a random or every:N schedule, among those with
 * iterations left (`open` of them). */
static unsigned next_pick(struct replay_job *job, const struct program *progs, unsigned open,
                          uint64_t *rng, uint64_t *run, unsigned *current)
{
    if (job->spec->kind == REPLAY_RANDOM) {
        uint64_t r = splitmix64(rng) % open;
        unsigned pick = 0;
        for (;; pick++)
            if (!finished(job, &progs[pick]) && r-- == 0)
                return pick;
    }
    if (*run >= job->spec->every || finished(job, &progs[*current])) {
        do
            *current = (*current + 1) % job->nthreads;
        while (finished(job, &progs[*current]));
        *run = 0;
    }
    ++*run;
    return *current;
}

/* Under tso, a random schedule draws flushes too: 1 + the thread whose
 * oldest store it flushes, or 0 for a step (drawn with the weight of the
 * `open` threads that have steps left). */
static unsigned draw_flush(struct replay_job *job, unsigned open, uint64_t *rng)
{
    unsigned pending = 0;
    for (unsigned t = 0; t < job->nthreads; t++)
        pending += memory_pending(&job->memory, t) > 0;
    if (pending == 0 || splitmix64(rng) % (open + pending) < open)
        return 0;
    unsigned r = (unsigned)(splitmix64(rng) % pending);
    for (unsigned t = 0;; t++)
        if (memory_pending(&job->memory, t) && r-- == 0)
            return t + 1;
}

/* Whether every thread with steps left waits, while stores wait in
 * buffers: then one store of each buffer reaches memory (an every:N
 * schedule, which otherwise never flushes, needs it to go on). At the
 * end, the same drains the buffers. */
static bool flush_waiting_buffers(struct replay_job *job, const struct program *progs)
{
    bool pending = false;
    for (unsigned t = 0; t < job->nthreads; t++) {
        if (!finished(job, &progs[t]) && !(job->waited >> t & 1))
            return false;
        pending = pending || memory_pending(&job->memory, t);
    }
    for (unsigned t = 0; t < job->nthreads && job->res->nevents < REPLAY_MAX_STEPS; t++)
        if (memory_pending(&job->memory, t))
            take_flush(job, t);
    return pending;
}

/* A random or every:N schedule: until every thread has done its
 * iterations and every buffer has drained, or none that has any left can
 * go on. */
static void run_generated(struct replay_job *job, struct program *progs)
{
    uint64_t rng = job->seed, run = 0;
    unsigned current = 0;
    while (job->res->nevents < REPLAY_MAX_STEPS) {
        unsigned open = 0;
        for (unsigned t = 0; t < job->nthreads; t++)
            open += !finished(job, &progs[t]);
        if (flush_waiting_buffers(job, progs))
            continue;
        if (open == 0)
            return;
        unsigned flush = job->spec->kind == REPLAY_RANDOM ? draw_flush(job, open, &rng) : 0;
        if (flush)
            take_flush(job, flush - 1);
        else
            take_step(job, progs, next_pick(job, progs, open, &rng, &run, &current));
        if (frozen(job, progs))
            return;
    }
    snprintf(job->err, job->errlen, "--schedule: the threads had not finished after %u steps",
             REPLAY_MAX_STEPS);
    job->rc = -1;
}

static void replay_controller(struct replay_job *job)
{
    struct program progs[REPLAY_MAX_THREADS] = {0};
    for (unsigned t = 0; t < job->nthreads; t++)
        start_program(job, &progs[t]);
    if (job->spec->kind == REPLAY_LIST)
        run_list(job, progs);
    else
        run_generated(job, progs);
    /* Nobody may be left inside an iteration. */
    for (unsigned t = 0; t < job->nthreads && job->rc == 0; t++) {
        struct program *p = &progs[t];
        struct program start;
        start_program(job, &start);
        /* A thread that waits (asleep, or spinning) where the schedule
         * ends is blocked, not cut off: that is how a deadlock ends. */
        if (job->blocked[t])
            job->res->blocked |= 1u << t;
        else if (p->phase != start.phase || p->k != 0) {
            char each[256] = "";
            iteration_steps(job, each, sizeof each);
            snprintf(job->err, job->errlen,
                     "--schedule leaves %c in the middle of an iteration: its next step is %s "
                     "(each iteration is %s)",
                     letter(t), step_name(job, p), each);
            job->rc = -1;
        }
        job->res->iterations[t] = p->iter;
    }
    /* Nor a store in a buffer: the outcome is memory's, once they drained. */
    for (unsigned t = 0; t < job->nthreads && job->rc == 0; t++)
        if (memory_pending(&job->memory, t)) {
            char held[128];
            memory_buffers_text(&job->memory, held, sizeof held);
            snprintf(job->err, job->errlen,
                     "--schedule leaves stores in %c's store buffer (%s): end it with %c:%s",
                     letter(t), held, letter(t), REPLAY_FLUSH);
            job->rc = -1;
        }
    job->res->stalled = job->rc == 0 && frozen(job, progs);
    /* Or the threads that waited since anything last changed wait for
     * threads whose steps end between two iterations: a thread that stops wanting in there lets
     * nobody in, which is how a lock fails progress (explore's requirement). */
    if (job->rc == 0 && !job->res->stalled && job->waited) {
        bool others_out = true;
        for (unsigned t = 0; t < job->nthreads; t++)
            if (!(job->waited >> t & 1) && !finished(job, &progs[t]) &&
                (!model_between_iterations(&job->model, &progs[t]) || job->blocked[t]))
                others_out = false; /* it is mid-iteration, or its last step tried to enter */
        job->res->stalled = job->res->stopped = others_out;
        /* Waiting for good: those that waited since anything changed, not
         * one whose last step waited before the others moved on. */
        if (others_out)
            job->res->blocked = job->waited;
    }
    atomic_store_explicit(&job->grant, UINT32_MAX, memory_order_release);
}

/* Threads A, B... are the engine's workers 0, 1...; the controller is its
 * helper after them, so that a thread the system refuses is counted as the
 * user counts them ("worker thread 5 of 8"). */
static void replay_work(void *arg, unsigned index)
{
    struct replay_job *job = arg;
    if (index == job->nthreads)
        replay_controller(job);
    else
        replay_thread(job, index);
}

/* What must hold before a thread starts; 0, or -1 with one line in err. */
static int check_run(const struct replay_ops *ops, const struct sync_replay *lock,
                     const struct replay_spec *spec, const char *sync, unsigned nthreads,
                     uint64_t iters, char *err, size_t errlen)
{
    if (ops->none_only && lock->nacquire) {
        snprintf(err, errlen, "--schedule replays this workload's own protocol: --sync none only");
        return -1;
    }
    if (nthreads > REPLAY_MAX_THREADS || (lock->max_threads && nthreads > lock->max_threads)) {
        snprintf(err, errlen, "--schedule with --sync %s takes at most %u threads; got %u", sync,
                 lock->max_threads ? lock->max_threads : REPLAY_MAX_THREADS, nthreads);
        return -1;
    }
    if (spec->kind == REPLAY_LIST)
        for (size_t i = 0; i < spec->nentries; i++)
            if (spec->entries[i].thread >= nthreads) {
                snprintf(err, errlen,
                         "--schedule: there is no thread %c with --threads %u (threads A to %c)",
                         letter(spec->entries[i].thread), nthreads, letter(nthreads - 1));
                return -1;
            }
    if (spec->kind != REPLAY_LIST &&
        iters * nthreads * (ops->nsteps + lock->nacquire + lock->nrelease) > REPLAY_MAX_STEPS) {
        snprintf(err, errlen,
                 "--schedule prints every step: %u threads x %llu iterations pass its %u "
                 "steps; lower --%s",
                 nthreads, (unsigned long long)iters, REPLAY_MAX_STEPS, ops->iters_option);
        return -1;
    }
    return 0;
}

/* The workload's judgement of its shared data, into the result. */
static void take_outcome(const struct replay_ops *ops, void *ctx, struct replay_result *res)
{
    struct replay_outcome o = {.correct = false};
    ops->outcome(ctx, res->iterations, &o);
    memcpy(res->expected, o.expected, sizeof res->expected);
    memcpy(res->observed, o.observed, sizeof res->observed);
    memcpy(res->loss, o.loss, sizeof res->loss);
    res->lost = o.lost;
    res->correct = o.correct;
}

int replay_check(const struct replay_ops *ops, const struct replay_spec *spec,
                 const struct sync_strategy *sync, unsigned nthreads, uint64_t iters, char *err,
                 size_t errlen)
{
    const struct sync_replay *lock = sync->replay;
    if (!lock) {
        snprintf(err, errlen, "--schedule knows the steps of --sync %s only; not of %s",
                 replay_strategies(), sync->name);
        return -1;
    }
    if (!model_ops(ops, sync)) {
        snprintf(err, errlen,
                 "--schedule: --sync %s makes each update one atomic instruction, and this "
                 "workload's update is not one step",
                 sync->name);
        return -1;
    }
    if (spec->model == MEMORY_TSO && !ops->memory_model) {
        snprintf(err, errlen,
                 "--model tso: this workload's steps do not go through the memory model "
                 "(replay_load and replay_store); --model sc only");
        return -1;
    }
    return check_run(model_ops(ops, sync), lock, spec, sync->name, nthreads, iters, err, errlen);
}

int replay_run(const struct replay_ops *ops, const void *config, const struct replay_spec *spec,
               const struct sync_strategy *sync, unsigned nthreads, uint64_t iters, uint64_t seed,
               struct replay_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    if (replay_check(ops, spec, sync, nthreads, iters, err, errlen) != 0)
        return -1;
    const struct sync_replay *lock = sync->replay;
    ops = model_ops(ops, sync);
    res->events = calloc(REPLAY_MAX_STEPS, sizeof *res->events);
    /* Each step a letter, or a flush's " A:flush ". */
    res->schedule = calloc(REPLAY_MAX_STEPS * 9 + 1, 1);
    if (!res->events || !res->schedule) {
        replay_result_free(res);
        snprintf(err, errlen, "out of memory for the replay");
        return ENOMEM;
    }
    res->nthreads = nthreads;
    res->shared_name = ops->shared_name;
    res->sync = sync->name;
    res->marked = ops->marked;
    res->marked_did = ops->marked_did;
    res->exclusive = sync->exclusive;
    res->sleeps = ops->sleeps;
    res->lock_steps = lock->nacquire > 0;
    res->model = memory_model_name(spec->model);
    struct replay_job job = {
        .model = {.ops = ops, .lock = lock, .nthreads = nthreads, .iters = iters},
        .ops = ops,
        .lock = lock,
        .nthreads = nthreads,
        .spec = spec,
        .iters = iters,
        .seed = seed,
        .res = res,
        .err = err,
        .errlen = errlen};
    job.lock_state.holder = -1;
    job.lock_state.nthreads = nthreads;
    memory_init(&job.memory, spec->model, nthreads);
    job.model.memory = &job.memory;
    atomic_init(&job.grant, 0);
    int rc = ops->setup(config, nthreads, seed, &job.ctx, err, errlen);
    if (rc != 0) {
        replay_result_free(res);
        return rc == EINVAL ? -1 : rc; /* EINVAL: options it cannot replay */
    }
    struct engine *team;
    /* The threads plus the controller, left where the scheduler puts them. */
    const struct engine_config cfg = {
        .nthreads = nthreads, .helpers = 1, .work = replay_work, .arg = &job};
    rc = engine_start(&team, &cfg, err, errlen);
    if (rc == 0) {
        struct engine_report report;
        engine_trial(team, &report);
        engine_stop(team);
    }
    if (rc == 0 && job.rc == 0 && job.memory.too_many) {
        snprintf(err, errlen, "--model tso: the steps store to more than %u locations",
                 MEMORY_MAX_LOCATIONS);
        job.rc = -1;
    }
    /* Nor with a comma. */
    while (res->schedule_len && res->schedule[res->schedule_len - 1] == ',')
        res->schedule[--res->schedule_len] = '\0';
    if (rc == 0 && job.rc == 0)
        take_outcome(ops, job.ctx, res);
    ops->teardown(job.ctx);
    if (rc != 0 || job.rc != 0) {
        replay_result_free(res);
        return rc != 0 ? rc : -1; /* the system refused a thread, or the schedule was wrong */
    }
    return 0;
}

void replay_result_free(struct replay_result *res)
{
    free(res->events);
    free(res->schedule);
    res->events = NULL;
    res->schedule = NULL;
    res->nevents = res->schedule_len = 0;
}

/* ---- the verdict ------------------------------------------------------- */

enum verdict replay_verdict(const struct replay_result *res)
{
    uint32_t everyone = (1u << res->nthreads) - 1;
    /* Every thread waits for another; or the waiters wait for threads that
     * have finished, which a free run calls STUCK, or DEADLOCK where
     * threads sleep (prodcons). */
    if (res->stalled)
        return (res->blocked & everyone) == everyone || res->sleeps ? VERDICT_DEADLOCK
                                                                    : VERDICT_STUCK;
    /* A lost update is a wrong result even where the totals happen to
     * agree (the bank's accounts); two threads inside at once that lost
     * nothing is, as in a free run, a race that did not show. */
    if (!res->correct || res->marked_steps)
        return VERDICT_RACE;
    return res->exclusive ? VERDICT_CORRECT : VERDICT_NO_RACE_SEEN;
}

/* "A", "A and C", "A, B and C": the threads whose bit is set. */
static void thread_names(char *buf, size_t len, uint32_t threads)
{
    size_t used = 0;
    unsigned left = 0;
    for (uint32_t rest = threads; rest; rest &= rest - 1)
        left++;
    buf[0] = '\0';
    for (unsigned t = 0; t < REPLAY_MAX_THREADS && used < len; t++)
        if (threads >> t & 1) {
            left--;
            int n = snprintf(buf + used, len - used, "%c%s", letter(t),
                             left > 1    ? ", "
                             : left == 1 ? " and "
                                         : "");
            used += n > 0 ? (size_t)n : 0;
        }
}

/* Appends "; " (unless first) and part to buf. */
static void add_part(char *buf, size_t len, const char *part)
{
    size_t used = strlen(buf);
    if (used < len)
        snprintf(buf + used, len - used, "%s%s", used ? "; " : "", part);
}

/* What went wrong in a RACE: two threads inside, what was lost, and the
 * steps marked ^. */
static void race_text(const struct replay_result *res, char *buf, size_t len)
{
    char part[256];
    buf[0] = '\0';
    if (res->exclusion_broken)
        add_part(buf, len, "the lock let two threads in at once (marked ^)");
    if (!res->correct)
        add_part(buf, len, res->loss);
    if (res->marked_steps == 1)
        snprintf(part, sizeof part, "the %s marked ^ %s", res->marked, res->marked_did);
    else
        snprintf(part, sizeof part, "the %zu %ss marked ^ each %s", res->marked_steps, res->marked,
                 res->marked_did);
    if (res->marked_steps)
        add_part(buf, len, part);
    if (res->correct) {
        snprintf(part, sizeof part, "%s this time", res->loss);
        add_part(buf, len, part);
    }
}

/* Why nothing went wrong under a strategy that promises nothing. */
static void luck_text(const struct replay_result *res, char *buf, size_t len)
{
    if (res->nthreads == 1)
        snprintf(buf, len, "%s: with one thread, nothing can interleave", res->loss);
    else if (res->exclusion_broken)
        snprintf(buf, len,
                 "%s, though the lock let two threads in at once (marked ^); --sync %s does "
                 "not promise exclusion, and another schedule loses updates",
                 res->loss, res->sync);
    else if (res->overlapped)
        snprintf(buf, len,
                 "%s: the threads' steps interleaved, but none went wrong this time; --sync %s "
                 "does not promise exclusion",
                 res->loss, res->sync);
    else if (res->lock_steps)
        snprintf(buf, len,
                 "%s, because no two threads were inside at once; --sync %s does not promise "
                 "that: try --schedule every:1",
                 res->loss, res->sync);
    else
        snprintf(buf, len,
                 "%s, because the threads' steps did not interleave; --sync %s does not "
                 "promise exclusion: try --schedule every:1 or random",
                 res->loss, res->sync);
}

void replay_verdict_text(const struct replay_result *res, char *buf, size_t len)
{
    char what[512], who[64];
    uint32_t everyone = (1u << res->nthreads) - 1;
    thread_names(who, sizeof who, res->blocked);
    bool many = res->blocked & (res->blocked - 1);
    const char *marked = res->marked_steps || res->exclusion_broken
                             ? "; what went wrong on the way is marked ^"
                             : "";
    switch (replay_verdict(res)) {
    case VERDICT_DEADLOCK:
        if ((res->blocked & everyone) == everyone)
            snprintf(buf, len, "DEADLOCK: every thread waits for another, and none can go on%s",
                     marked);
        else
            snprintf(buf, len,
                     "DEADLOCK: %s %s, and every other thread has finished: none is left to "
                     "wake %s%s",
                     who, many ? "sleep" : "sleeps", many ? "them" : "it", marked);
        break;
    case VERDICT_STUCK:
        snprintf(buf, len,
                 "STUCK: %s %s to enter, and every other thread has %s: none is left to "
                 "let %s in%s",
                 who, many ? "wait" : "waits",
                 res->stopped ? "finished or stopped between two iterations" : "finished",
                 many ? "them" : "it", marked);
        break;
    case VERDICT_RACE:
        race_text(res, what, sizeof what);
        snprintf(buf, len, "RACE: %s", what);
        break;
    case VERDICT_NO_RACE_SEEN:
        luck_text(res, what, sizeof what);
        snprintf(buf, len, "NO RACE SEEN: %s", what);
        break;
    case VERDICT_CORRECT:
        snprintf(buf, len, "CORRECT: %s%s", res->loss,
                 res->lock_steps ? "; the lock kept the threads' steps apart" : "");
        break;
    case VERDICT_NONE:
    case VERDICT_STALLED: /* a free run's: a replay never waits on a clock */
        break;
    }
}

void replay_model_text(const struct replay_result *res, char *buf, size_t len)
{
    snprintf(buf, len,
             "x86-TSO: each thread's stores wait in its store buffer until a flush step "
             "writes the oldest to memory, and its loads read its own buffer first; in %zu "
             "step%s a load went ahead of a store still waiting in its thread's buffer. The "
             "threads are real; the buffers are racedemo's simulation beside them.",
             res->passing_steps, res->passing_steps == 1 ? "" : "s");
}
