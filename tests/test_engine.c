/* test_engine.c: the run engine starts every worker once, places and times
 * them honestly, and cleans up when a thread cannot be created. */
#define _POSIX_C_SOURCE 200809L /* platform.h */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <sys/wait.h>

#include "core/platform.h"
#include "core/test_hooks.h"
#include "racedemo/engine.h"
#include "racedemo/racedemo.h"
#include "racedemo/shared.h"
#include "racedemo/spin.h"
#include "core/engine.h"

struct tally {
    atomic_uint runs[RACEDEMO_MAX_THREADS];
};

static void count_run(void *arg, unsigned index)
{
    struct tally *t = arg;
    atomic_fetch_add(&t->runs[index], 1);
}

/* One trial of n workers, pinned or not, each calling work(arg, index). */
static int run_team(unsigned n, bool pin, engine_work_fn work, void *arg, struct engine_report *rep,
                    char *err, size_t errlen)
{
    const struct engine_config cfg = {.nthreads = n, .pin = pin, .work = work, .arg = arg};
    return engine_run(&cfg, rep, err, errlen);
}

static void test_every_worker_runs_once_with_its_own_index(void **state)
{
    (void)state;
    const unsigned counts[] = {1, 2, 3, 8, RACEDEMO_MAX_THREADS};
    for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
        struct tally t = {0};
        struct engine_report rep;
        char err[256];
        assert_int_equal(run_team(counts[k], true, count_run, &t, &rep, err, sizeof err), 0);
        assert_int_equal(rep.nthreads, counts[k]);
        for (unsigned i = 0; i < RACEDEMO_MAX_THREADS; i++)
            assert_int_equal(atomic_load(&t.runs[i]), i < counts[k] ? 1 : 0);
    }
}

static void test_refuses_zero_and_too_many_threads(void **state)
{
    (void)state;
    struct tally t = {0};
    struct engine_report rep;
    char err[256];
    assert_int_equal(run_team(0, true, count_run, &t, &rep, err, sizeof err), EINVAL);
    assert_int_equal(run_team(RACEDEMO_MAX_THREADS + 1, true, count_run, &t, &rep, err, sizeof err),
                     EINVAL);
    assert_non_null(strstr(err, "1 to 64"));
}

static void test_wall_time_spans_first_start_to_last_finish(void **state)
{
    (void)state;
    struct tally t = {0};
    struct engine_report rep;
    char err[256];
    assert_int_equal(run_team(3, true, count_run, &t, &rep, err, sizeof err), 0);
    uint64_t first_start = UINT64_MAX, last_end = 0;
    for (unsigned i = 0; i < 3; i++) {
        assert_true(rep.start_ns[i] <= rep.end_ns[i]);
        if (rep.start_ns[i] < first_start)
            first_start = rep.start_ns[i];
        if (rep.end_ns[i] > last_end)
            last_end = rep.end_ns[i];
    }
    assert_int_equal(first_start, 0);
    assert_int_equal(rep.wall_ns, last_end);
}

static void test_pins_one_thread_per_cpu_when_there_are_enough(void **state)
{
    (void)state;
    struct tally t = {0};
    struct engine_report rep;
    char err[256];
    assert_int_equal(run_team(1, true, count_run, &t, &rep, err, sizeof err), 0);
    unsigned cpus = rep.cpus_usable;
    assert_true(cpus >= 1);
    unsigned n = cpus < 4 ? cpus : 4;
    assert_int_equal(run_team(n, true, count_run, &t, &rep, err, sizeof err), 0);
    if (rep.placement == PLACEMENT_PIN_FAILED)
        skip(); /* a sandbox that refuses affinity: nothing to check */
    if (!platform_can_pin()) {
        /* A build that cannot pin says so, and knows no CPU numbers. */
        assert_int_equal(rep.placement, PLACEMENT_UNSUPPORTED);
        return;
    }
    assert_int_equal(rep.placement, PLACEMENT_PINNED);
    for (unsigned i = 0; i < n; i++)
        for (unsigned j = i + 1; j < n; j++)
            assert_int_not_equal(rep.cpu[i], rep.cpu[j]);
}

static void test_reports_how_threads_were_placed_otherwise(void **state)
{
    (void)state;
    struct tally t = {0};
    struct engine_report rep;
    char err[256];
    assert_int_equal(run_team(2, false, count_run, &t, &rep, err, sizeof err), 0);
    assert_int_equal(rep.placement, PLACEMENT_NO_PIN);
    unsigned more = rep.cpus_usable + 1;
    if (more > RACEDEMO_MAX_THREADS)
        skip();
    assert_int_equal(run_team(more, true, count_run, &t, &rep, err, sizeof err), 0);
    assert_int_equal(rep.placement, platform_can_pin() ? PLACEMENT_TOO_FEW : PLACEMENT_UNSUPPORTED);
}

static void test_thread_creation_failure_stops_everything_and_says_why(void **state)
{
    (void)state;
    const int fail_at[] = {1, 2, 7};
    for (size_t k = 0; k < sizeof fail_at / sizeof fail_at[0]; k++) {
        struct tally t = {0};
        struct engine_report rep;
        char err[256] = "";
        engine_fail_thread_create(fail_at[k], EAGAIN);
        int rc = run_team(8, true, count_run, &t, &rep, err, sizeof err);
        engine_fail_thread_create(-1, 0);
        assert_int_equal(rc, EAGAIN);
        char want[64];
        snprintf(want, sizeof want, "could not create worker thread %d of 8", fail_at[k] + 1);
        assert_non_null(strstr(err, want));
        /* The workers that did start were released without working. */
        for (unsigned i = 0; i < 8; i++)
            assert_int_equal(atomic_load(&t.runs[i]), 0);
    }
}

static void test_cli_exits_4_when_a_thread_cannot_be_created(void **state)
{
    (void)state;
    char *argv[] = {"racedemo", "counter", "--threads", "4", NULL};
    FILE *out = tmpfile(), *err = tmpfile();
    engine_fail_thread_create(3, EAGAIN);
    int status = racedemo_main(4, argv, out, err);
    engine_fail_thread_create(-1, 0);
    assert_int_equal(status, EXIT_FAILED);
    char text[512] = "";
    rewind(err);
    size_t n = fread(text, 1, sizeof text - 1, err);
    text[n] = '\0';
    assert_non_null(strstr(text, "racedemo counter: could not create worker thread 4 of 4"));
    assert_int_equal(ftell(out), 0);
    fclose(out);
    fclose(err);
}

/* Runs racedemo with argv, creation of engine worker `fail_at` failing
 * with EAGAIN; returns the status, with stderr in text. */
static int run_failing(char **argv, int argc, int fail_at, char *text, size_t len)
{
    FILE *out = tmpfile(), *err = tmpfile();
    engine_fail_thread_create(fail_at, EAGAIN);
    int status = racedemo_main(argc, argv, out, err);
    engine_fail_thread_create(-1, 0);
    rewind(err);
    size_t n = fread(text, 1, len - 1, err);
    text[n] = '\0';
    assert_int_equal(ftell(out), 0);
    fclose(out);
    fclose(err);
    return status;
}

/* A replay runs its threads and a controller: a thread the system refuses
 * is a failure to get a resource (4, not a usage error), counted as the
 * user counts the threads. */
static void test_a_replay_that_cannot_create_a_thread_exits_4(void **state)
{
    (void)state;
    char *argv[] = {"racedemo", "counter", "--schedule", "random", "--threads", "8", NULL};
    char text[512];
    assert_int_equal(run_failing(argv, 6, 5, text, sizeof text), EXIT_FAILED);
    assert_non_null(strstr(text, "racedemo counter: could not create worker thread 6 of 8: "));
    /* The controller, after the eight. */
    assert_int_equal(run_failing(argv, 6, 8, text, sizeof text), EXIT_FAILED);
    assert_non_null(strstr(text, "could not create helper thread 1 of 1, besides the 8 workers: "));
}

/* The bank's auditor is a helper: the workers are counted as asked for. */
static void test_a_helper_that_cannot_be_created_is_named_as_one(void **state)
{
    (void)state;
    char *argv[] = {"racedemo", "bank", "--threads", "2", NULL};
    char text[512];
    assert_int_equal(run_failing(argv, 4, 1, text, sizeof text), EXIT_FAILED);
    assert_non_null(strstr(text, "could not create worker thread 2 of 2: "));
    assert_int_equal(run_failing(argv, 4, 2, text, sizeof text), EXIT_FAILED);
    assert_non_null(strstr(text, "could not create helper thread 1 of 1, besides the 2 workers: "));
}

/* A worker the system will not pin is a failure to start, as processes
 * and as threads alike; CPU 1023 is on no machine this runs on. */
static void test_a_worker_that_cannot_be_pinned_fails_the_start(void **state)
{
    (void)state;
    if (!platform_can_pin())
        skip(); /* nothing is pinned: a CPU list places none */
    const int cpus[] = {0, 1023};
    for (int procs = 0; procs < 2; procs++) {
        char err[256] = "";
        struct tally *t = NULL;
        struct shared_arena *arena = NULL;
        if (procs)
            assert_int_equal(shared_arena_open(&arena, err, sizeof err), 0);
        t = shared_calloc(1, sizeof *t);
        assert_non_null(t);
        struct engine *e = NULL;
        const struct engine_config cfg = {.nthreads = 2,
                                          .cpus = cpus,
                                          .ncpus = 2,
                                          .work = count_run,
                                          .arg = t,
                                          .processes = procs,
                                          .arena = arena};
        int rc = engine_start(&e, &cfg, err, sizeof err);
        assert_int_equal(rc, EINVAL);
        assert_null(e);
        assert_non_null(strstr(err, procs ? "could not pin worker process 2 of 2 to CPU 1023: "
                                          : "could not create worker thread 2 of 2: "));
        shared_free(t);
        shared_arena_close(arena);
        errno = 0;
        assert_int_equal(waitpid(-1, NULL, WNOHANG), -1); /* nothing left behind */
        assert_int_equal(errno, ECHILD);
    }
}

/* Process mode is stated, and needs the arena the workers will share. */
static void test_processes_without_an_arena_are_refused(void **state)
{
    (void)state;
    struct tally t = {0};
    struct engine *e = NULL;
    char err[256] = "";
    const struct engine_config cfg = {
        .nthreads = 2, .work = count_run, .arg = &t, .processes = true};
    assert_int_equal(engine_start(&e, &cfg, err, sizeof err), EINVAL);
    assert_null(e);
    assert_non_null(strstr(err, "shared arena"));
}

/* The team's own abandon flag: clear when it starts, and what the workers'
 * wait loops obey (spin_abandon names it in them), not the caller's. */
struct obey {
    atomic_bool *flag; /* the team's, set once it has started */
    struct tally t;    /* workers that found spin_abandon to be it */
};

static void see_abandon(void *arg, unsigned index)
{
    struct obey *o = arg;
    if (&spin_abandon == o->flag)
        atomic_fetch_add(&o->t.runs[index], 1);
}

static void test_workers_obey_their_team_s_abandon_flag(void **state)
{
    (void)state;
    struct obey o = {0};
    struct engine *e = NULL;
    char err[256] = "";
    const struct engine_config cfg = {.nthreads = 3, .work = see_abandon, .arg = &o};
    assert_int_equal(engine_start(&e, &cfg, err, sizeof err), 0);
    o.flag = engine_abandon(e);
    assert_false(atomic_load(o.flag));
    struct engine_report rep;
    engine_trial(e, &rep);
    assert_true(&spin_abandon != o.flag); /* the caller's own again */
    engine_stop(e);
    for (unsigned i = 0; i < 3; i++)
        assert_int_equal(atomic_load(&o.t.runs[i]), 1);
    assert_false(atomic_load(&spin_abandon));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_worker_runs_once_with_its_own_index),
        cmocka_unit_test(test_refuses_zero_and_too_many_threads),
        cmocka_unit_test(test_wall_time_spans_first_start_to_last_finish),
        cmocka_unit_test(test_pins_one_thread_per_cpu_when_there_are_enough),
        cmocka_unit_test(test_reports_how_threads_were_placed_otherwise),
        cmocka_unit_test(test_thread_creation_failure_stops_everything_and_says_why),
        cmocka_unit_test(test_cli_exits_4_when_a_thread_cannot_be_created),
        cmocka_unit_test(test_a_replay_that_cannot_create_a_thread_exits_4),
        cmocka_unit_test(test_a_helper_that_cannot_be_created_is_named_as_one),
        cmocka_unit_test(test_a_worker_that_cannot_be_pinned_fails_the_start),
        cmocka_unit_test(test_processes_without_an_arena_are_refused),
        cmocka_unit_test(test_workers_obey_their_team_s_abandon_flag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
