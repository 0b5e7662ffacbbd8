/* engine.c: create, place, release, time and join the workers of a run. */
#define _GNU_SOURCE /* pthread_attr_setaffinity_np, sched_getcpu, CPU_* */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "spin.h"

/* The start gate, passed twice. The first pass waits for every worker to
 * exist. The engine's thread may still hold a CPU then, finishing the last
 * pthread_create before it sleeps in pthread_join, and a worker it pushed
 * aside could start tens of microseconds late, after a short run is over.
 * The second pass begins only after the first is complete, so it is left by
 * every worker at the same moment, once each is really running: that moment
 * is the start of the timed run. A blocking barrier would wake the workers
 * one by one, microseconds apart; this one spins. */
struct gate {
    alignas(64) atomic_uint arrived; /* counts to nthreads, then to 2 * nthreads */
    atomic_bool abandon;             /* the run is called off */
    unsigned nthreads;
};

struct worker {
    pthread_t thread;
    unsigned index;
    struct gate *gate;
    engine_work_fn work;
    void *arg;
    int cpu;
    uint64_t start_ns, end_ns;
};

static int fail_create_index = -1;
static int fail_create_error;

void engine_fail_thread_create(int index, int error)
{
    fail_create_index = index;
    fail_create_error = error;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Arrive, and spin until `target` workers have arrived; false if the run
 * was abandoned meanwhile. */
static bool gate_pass(struct gate *g, unsigned target)
{
    /* acq_rel and acquire: whatever a worker wrote before arriving is visible
     * to every worker that leaves the gate. */
    unsigned count = atomic_fetch_add_explicit(&g->arrived, 1, memory_order_acq_rel) + 1;
    struct spin_wait sw = {0};
    while (count < target) {
        if (atomic_load_explicit(&g->abandon, memory_order_relaxed))
            return false;
        spin_wait(&sw);
        count = atomic_load_explicit(&g->arrived, memory_order_acquire);
    }
    return true;
}

static void *worker_main(void *p)
{
    struct worker *w = p;
    struct gate *g = w->gate;
    if (!gate_pass(g, g->nthreads) || !gate_pass(g, 2 * g->nthreads))
        return NULL;
    w->start_ns = now_ns();
    w->cpu = sched_getcpu();
    w->work(w->arg, w->index);
    w->end_ns = now_ns();
    return NULL;
}

/* The CPUs this process may run on, in order; returns how many. */
static unsigned usable_cpus(int *cpus, unsigned max)
{
    cpu_set_t set;
    unsigned n = 0;
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 0;
    for (int c = 0; c < CPU_SETSIZE && n < max; c++)
        if (CPU_ISSET(c, &set))
            cpus[n++] = c;
    return n;
}

static int create_worker(struct worker *w, const int *pin_cpu)
{
    if ((int)w->index == fail_create_index)
        return fail_create_error;
    pthread_attr_t attr;
    int rc = pthread_attr_init(&attr);
    if (rc != 0)
        return rc;
    if (pin_cpu) {
        /* Pinned from birth, so the thread never starts on the wrong CPU. */
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(*pin_cpu, &set);
        rc = pthread_attr_setaffinity_np(&attr, sizeof set, &set);
    }
    if (rc == 0)
        rc = pthread_create(&w->thread, &attr, worker_main, w);
    pthread_attr_destroy(&attr);
    return rc;
}

/* Times are kept from the moment the first worker started its work. */
static void fill_report(struct engine_report *report, const struct worker *workers, unsigned n)
{
    uint64_t first = UINT64_MAX, last = 0;
    for (unsigned i = 0; i < n; i++) {
        if (workers[i].start_ns < first)
            first = workers[i].start_ns;
        if (workers[i].end_ns > last)
            last = workers[i].end_ns;
    }
    for (unsigned i = 0; i < n; i++) {
        report->cpu[i] = workers[i].cpu;
        report->start_ns[i] = workers[i].start_ns - first;
        report->end_ns[i] = workers[i].end_ns - first;
    }
    report->wall_ns = last - first;
}

int engine_run(unsigned nthreads, bool pin, engine_work_fn work, void *arg,
               struct engine_report *report, char *err, size_t errlen)
{
    memset(report, 0, sizeof *report);
    report->nthreads = nthreads;
    if (nthreads == 0 || nthreads > RACEDEMO_MAX_THREADS) {
        snprintf(err, errlen, "cannot run %u threads (1 to %d)", nthreads, RACEDEMO_MAX_THREADS);
        return EINVAL;
    }

    int cpus[RACEDEMO_MAX_THREADS];
    report->cpus_usable = usable_cpus(cpus, RACEDEMO_MAX_THREADS);
    if (!pin)
        report->placement = PLACEMENT_NO_PIN;
    else if (report->cpus_usable < nthreads)
        report->placement = PLACEMENT_TOO_FEW;
    else
        report->placement = PLACEMENT_PINNED;

    struct gate *g = aligned_alloc(alignof(struct gate), sizeof *g);
    struct worker *workers = calloc(nthreads, sizeof *workers);
    if (!g || !workers) {
        free(g);
        free(workers);
        snprintf(err, errlen, "out of memory for %u workers", nthreads);
        return ENOMEM;
    }
    atomic_init(&g->arrived, 0);
    g->nthreads = nthreads;
    atomic_init(&g->abandon, false);

    unsigned started = 0;
    int rc = 0;
    for (; started < nthreads; started++) {
        struct worker *w = &workers[started];
        *w = (struct worker){.index = started, .gate = g, .work = work, .arg = arg, .cpu = -1};
        bool pinned = report->placement == PLACEMENT_PINNED;
        rc = create_worker(w, pinned ? &cpus[started] : NULL);
        if (rc == EINVAL && pinned) {
            /* The CPU is usable by us but not settable for a thread (a
             * restricted container): run unpinned rather than not at all. */
            report->placement = PLACEMENT_PIN_FAILED;
            rc = create_worker(w, NULL);
        }
        if (rc != 0)
            break;
    }
    if (rc != 0) {
        snprintf(err, errlen, "could not create worker thread %u of %u: %s", started + 1, nthreads,
                 strerror(rc));
        /* The gate will never fill: the workers already waiting return
         * without working. */
        atomic_store_explicit(&g->abandon, true, memory_order_relaxed);
    }
    for (unsigned i = 0; i < started; i++)
        pthread_join(workers[i].thread, NULL);
    if (rc == 0)
        fill_report(report, workers, nthreads);

    free(workers);
    free(g);
    return rc;
}
