/* run/rules.c: every rule that relates the options of a run to each
 * other (rules.h): the shared options each mode takes, the replay's rules,
 * the colour's, a strategy's limits against the run, and compare's. */
#define _POSIX_C_SOURCE 200809L /* platform.h */
#include <stdio.h>
#include <string.h>

#include "core/options.h"
#include "core/platform.h"
#include "racedemo/replay.h"
#include "report/render.h"
#include "run/rules.h"
#include "run/run.h"
#include "replay/replay.h"
#include "core/engine.h"

/* Shared options a replay has no use for: each is refused by name. */
const struct replay_refusal rules_replay_refused[] = {
    {"window", "widens a free run's racy steps; under --schedule the schedule says what comes "
               "between them"},
    {"no-instruments", "turns off a free run's violation detector; a replay checks every step"},
    {"cpus", "pins a free run's threads; under --schedule they take one step at a time, "
             "wherever they run"},
    {"no-pin", "leaves a free run's threads to the scheduler; under --schedule they take one "
               "step at a time, wherever they run"},
    {"timeout", "stops a free run that stalls; a replay cannot hang: a thread that cannot go on "
                "is shown waiting, and the schedule goes on"},
    {"verbose", "lists a free run's trials; a replay shows every step already"},
    {"budget", "stops a free run's trials when time runs out; a replay takes the steps the "
               "schedule names, however long"},
    {NULL, NULL},
};

/* Whether option `name` of the table `opts` was given (bit i: opts[i]). */
static bool option_given(const struct opt *opts, uint64_t given, const char *name)
{
    for (const struct opt *o = opts; o && o->name; o++)
        if (strcmp(o->name, name) == 0)
            return given >> (o - opts) & 1;
    return false;
}

/* A schedule of letters or thread:step words: it sets every thread's
 * iterations itself, and draws nothing from --seed. */
bool rules_schedule_is_letters(const char *schedule)
{
    return strcmp(schedule, "random") != 0 && strncmp(schedule, "every:", 6) != 0;
}

/* The workload's --window when none was given, for a free run (a
 * --schedule says itself what comes between the steps). */
static void default_window(const struct workload *w, struct run_config *run, uint64_t run_given)
{
    if (!option_given(workload_run_options, run_given, "window") && !run->schedule)
        run->window = w->window_default;
}

/* The options given that would do nothing in this replay; 0, or -1 with
 * one line in err. */
static int refuse_idle_options(const struct workload *w, const struct run_config *run,
                               uint64_t run_given, uint64_t given, char *err, size_t errlen)
{
    const struct replay_ops *ops = w->replay;
    for (const struct replay_refusal *r = rules_replay_refused; r->option; r++)
        if (option_given(workload_run_options, run_given, r->option)) {
            snprintf(err, errlen, "--%s %s", r->option, r->why);
            return -1;
        }
    for (const struct replay_refusal *r = ops->refused; r && r->option; r++)
        if (option_given(w->options, given, r->option)) {
            snprintf(err, errlen, "--%s %s", r->option, r->why);
            return -1;
        }
    bool letters = rules_schedule_is_letters(run->schedule);
    if (strcmp(run->schedule, "random") != 0 && !ops->uses_seed &&
        option_given(workload_run_options, run_given, "seed")) {
        snprintf(err, errlen,
                 "--seed draws the steps of --schedule random; %s %s draws nothing from it",
                 w->name, letters ? "with a schedule of letters" : "with every:N");
        return -1;
    }
    return 0;
}

/* What --schedule, --quiz, --answers and --format mermaid need; 0, or -1
 * with one line in err. */
static int check_replay_options(const struct workload *w, const struct run_config *run,
                                uint64_t run_given, uint64_t given, bool compare, char *err,
                                size_t errlen)
{
    if (!run->schedule) {
        if (run->quiz || run->answers)
            snprintf(err, errlen, "--quiz and --answers go with --schedule");
        else if (run->model)
            snprintf(err, errlen,
                     "--model goes with --schedule (or racedemo explore): a free run's memory "
                     "is the machine's own");
        else if (run->format == FORMAT_MERMAID)
            snprintf(err, errlen, "--format mermaid draws the steps of a --schedule");
        else
            return 0;
        return -1;
    }
    enum memory_model model;
    if (compare)
        snprintf(err, errlen, "--schedule replays one strategy; use racedemo %s --schedule",
                 w->name);
    else if (run->model && !memory_model_parse(run->model, &model)) {
        char got[OPT_QUOTE_LEN];
        snprintf(err, errlen, "--model expects sc or tso; got %s",
                 options_quote(got, sizeof got, run->model));
    } else if (!w->replay) /* named by no list, which would go stale */
        snprintf(err, errlen, "--schedule: %s has no step-by-step replay", w->name);
    else if (run->format == FORMAT_CSV)
        snprintf(err, errlen,
                 "--schedule prints text, --format json, mermaid or html; not csv (a replay "
                 "is a sequence of steps, not a table of runs)");
    else if (run->trials || run->duration)
        snprintf(err, errlen,
                 "--schedule replays one interleaving; --trials and --duration "
                 "do not go with it");
    else if (run->answers && !run->quiz)
        snprintf(err, errlen, "--answers goes with --quiz (without it every value is shown)");
    else if (run->trace)
        snprintf(err, errlen, "--trace records a free run; it does not go with --schedule");
    else if (run->procs)
        snprintf(err, errlen, "--schedule replays with threads; it does not go with --procs");
    else if (!replay_supports(run->sync->name))
        snprintf(err, errlen, "--schedule knows the steps of --sync %s; not of %s",
                 replay_strategies(), run->sync->name);
    else
        return refuse_idle_options(w, run, run_given, given, err, errlen);
    return -1;
}

/* --color always with a format that has no colour would do nothing; 0,
 * or -1 with one line in err. */
static int check_color(const struct run_config *run, char *err, size_t errlen)
{
    static const char *const names[] = {"text", "json", "csv", "mermaid", "html"};
    if (run->color != COLOR_ALWAYS || run->format == FORMAT_TEXT)
        return 0;
    snprintf(err, errlen,
             "--color always colours the text report; --format %s is never coloured "
             "(leave --color out, or use --format text)",
             names[run->format]);
    return -1;
}

/* More participants than racedemo runs: -1 with the message naming the
 * options that set the count. */
static int too_many_threads(const struct workload *w, const struct run_config *run,
                            const void *config, char *err, size_t errlen)
{
    if (w->helpers) {
        snprintf(err, errlen, "--threads: %s runs %u %s thread%s besides them, so at most %u",
                 w->name, w->helpers, w->helper_role, w->helpers == 1 ? "" : "s",
                 RACEDEMO_MAX_THREADS - w->helpers);
        return -1;
    }
    /* Without helpers --threads cannot pass the cap, so configure() took the
     * count from the workload's own options (prodcons): its check names them. */
    if (w->check && w->check(run, config, err, errlen) != 0)
        return -1;
    snprintf(err, errlen, "%s: at most %u threads in all; got %u",
             w->threads_from ? w->threads_from : "--threads", (unsigned)RACEDEMO_MAX_THREADS,
             (unsigned)run->threads);
    return -1;
}

int workload_check(const struct workload *w, const struct run_config *run, const void *config,
                   char *err, size_t errlen)
{
    const struct sync_strategy *s = run->sync;
    unsigned participants = (unsigned)run->threads + w->helpers;
    if (participants > RACEDEMO_MAX_THREADS)
        return too_many_threads(w, run, config, err, errlen);
    if (w->helpers && !sync_allows_threads(s, participants)) {
        unsigned max = s->max_threads ? s->max_threads : RACEDEMO_MAX_THREADS;
        if (max <= w->helpers)
            snprintf(err, errlen, "--sync %s works with at most %u threads, too few for %s",
                     s->name, max, w->name);
        else
            snprintf(err, errlen,
                     "--sync %s works with at most %u threads, and %s's %s is one of them; "
                     "use --threads %u%s",
                     s->name, max, w->name, w->helper_role, max - w->helpers,
                     max - w->helpers > 1 ? " or fewer" : "");
        return -1;
    }
    if (!w->helpers && !sync_allows_threads(s, (unsigned)run->threads)) {
        unsigned max = s->max_threads ? s->max_threads : RACEDEMO_MAX_THREADS;
        char got[96];
        if (w->threads_from)
            snprintf(got, sizeof got, "%u (%s)", (unsigned)run->threads, w->threads_from);
        else
            snprintf(got, sizeof got, "--threads %u", (unsigned)run->threads);
        if (s->min_threads == max)
            snprintf(err, errlen, "--sync %s works with exactly %u threads; got %s", s->name, max,
                     got);
        else
            snprintf(err, errlen, "--sync %s works with %u to %u threads; got %s", s->name,
                     s->min_threads, max, got);
        return -1;
    }
    if (run->sync_mask & (run->sync_mask - 1)) {
        snprintf(err, errlen,
                 "--sync takes one strategy here; to run several, use racedemo compare %s",
                 w->name);
        return -1;
    }
    if (run->cpus && !platform_can_pin()) {
        snprintf(err, errlen, "--cpus: cannot pin here (%s); leave it out and the scheduler places",
                 platform_no_pin_why());
        return -1;
    }
    if (run->procs && run->sync->waits == SYNC_SLEEPS_ON_SEMAPHORE &&
        !platform_semaphore_shares_processes()) {
        snprintf(err, errlen,
                 "--procs: --sync %s needs a semaphore shared between processes, and this "
                 "system cannot share one; use threads (leave --procs out)",
                 run->sync->name);
        return -1;
    }
    uint64_t usable = engine_cpus_usable();
    if (run->cpus & ~usable) {
        unsigned bad = 0;
        while (!((run->cpus & ~usable) >> bad & 1))
            bad++;
        snprintf(err, errlen, "--cpus: CPU %u is not one racedemo may run on here", bad);
        return -1;
    }
    if (run->cpus && run->no_pin) {
        snprintf(err, errlen, "--cpus and --no-pin exclude each other; give one");
        return -1;
    }
    if (run->trace && run->format == FORMAT_CSV) {
        snprintf(err, errlen,
                 "--trace prints a timeline, and CSV holds one row per trial: use "
                 "--format text or json with it");
        return -1;
    }
    if (run->trials && run->duration) {
        snprintf(err, errlen, "--trials and --duration exclude each other; give one");
        return -1;
    }
    return w->check ? w->check(run, config, err, errlen) : 0;
}

/* What a workload without a trace, and compare, refuse. */
static const struct opt_skip no_trace[] = {
    {"trace", "only counter's free run records its loads and stores"},
    {NULL, NULL},
};

static const struct opt_skip compare_skip[] = {
    {"schedule", "compare runs every strategy freely; replay one with racedemo WORKLOAD "
                 "--sync NAME --schedule"},
    {"quiz", "goes with --schedule, which compare does not take"},
    {"answers", "goes with --schedule, which compare does not take"},
    {"trace", "compare does not record a trace; use racedemo counter --trace"},
    {"verbose", "lists one run's trials; compare shows a row per strategy (--format json or "
                "csv lists every trial)"},
    {NULL, NULL},
};

/* The --window option of the run options' table. */
static const struct opt *window_option(void)
{
    const struct opt *o = workload_run_options;
    while (o->name && strcmp(o->name, "window") != 0)
        o++;
    return o->name ? o : NULL;
}

struct opt_set workload_run_set(const struct workload *w, struct run_config *run, bool compare)
{
    return (struct opt_set){
        .opts = workload_run_options,
        .base = run,
        .skip = {w->skip_run_options, w->traces ? NULL : no_trace, compare ? compare_skip : NULL},
        .several = compare,
        /* --window 0 is a choice where the workload widens a free run by
         * default (a replay takes no --window). */
        .zero_given = w->window_default && !(run && run->schedule) ? window_option() : NULL};
}

static int compare_fits_some(const struct workload *w, const struct run_config *run,
                             const void *config, char *err, size_t errlen)
{
    size_t used = 0;
    bool same = true; /* every strategy refused for the same reason */
    char first[256] = "";
    err[0] = '\0';
    for (size_t i = 0; sync_strategies[i]; i++) {
        if (run->sync_mask && !(run->sync_mask >> i & 1))
            continue;
        struct run_config one = *run;
        one.sync = sync_strategies[i];
        one.sync_mask = (uint64_t)1 << i;
        char why[256];
        if (workload_check(w, &one, config, why, sizeof why) == 0)
            return 0;
        if (!first[0])
            snprintf(first, sizeof first, "%s", why);
        same &= strcmp(first, why) == 0;
        if (used < errlen) {
            int n = snprintf(err + used, errlen - used, "%s%s", used ? "; " : "", why);
            used += n > 0 ? (size_t)n : 0;
        }
    }
    if (same) /* a rule no strategy changes: said once */
        snprintf(err, errlen, "%s", first);
    return -1;
}
void rules_settle(const struct workload *w, struct run_config *run, void *config,
                  struct rules_given given)
{
    run->timeout_given = option_given(workload_run_options, given.run, "timeout");
    run->budget_given = option_given(workload_run_options, given.run, "budget");
    default_window(w, run, given.run);
    if (w->configure)
        w->configure(run, config);
}

/* Options that would do nothing with the others given; 0, or -1 with
 * one line in err. */
static int check_idle_options(const struct workload *w, const struct run_config *run,
                              struct rules_given given, bool compare, char *err, size_t errlen)
{
    static const char *const names[] = {"text", "json", "csv", "mermaid", "html"};
    if (run->verbose && (run->format == FORMAT_JSON || run->format == FORMAT_CSV)) {
        snprintf(err, errlen,
                 "--verbose lists every trial in the text report; --format %s lists every "
                 "trial already",
                 names[run->format]);
        return -1;
    }
    if (run->no_header && run->format != FORMAT_CSV) {
        snprintf(err, errlen, "--no-header leaves out the CSV header row; --format %s has none",
                 names[run->format]);
        return -1;
    }
    if (!compare && !run->schedule && run->sync->atomic_update && !w->window_in_protocol &&
        option_given(workload_run_options, given.run, "window")) {
        snprintf(err, errlen,
                 "--window widens the gap between a racy load and its store; --sync %s "
                 "updates in one atomic instruction, with no gap to widen",
                 run->sync->name);
        return -1;
    }
    return 0;
}

int rules_check(const struct workload *w, const struct run_config *run, const void *config,
                struct rules_given given, bool compare, char *err, size_t errlen)
{
    if (check_color(run, err, errlen) != 0 ||
        check_replay_options(w, run, given.run, given.workload, compare, err, errlen) != 0 ||
        check_idle_options(w, run, given, compare, err, errlen) != 0)
        return -1;
    if (!compare)
        return workload_check(w, run, config, err, errlen);
    /* compare runs several strategies: what is wrong for every one of them
     * is a usage error; a strategy's own limits make a skipped row. */
    return compare_fits_some(w, run, config, err, errlen);
}
