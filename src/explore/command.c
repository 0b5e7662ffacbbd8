/* explore/command.c: `racedemo explore NAME [options]`: its options (a
 * typed table, so --help, the errors and the line that repeats the run
 * come from options.c), the search, the report and the exit status. */
#include "explore/command.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli/help.h"
#include "cli/progress.h"
#include "core/options.h"
#include "explore/explore.h"
#include "explore/litmus.h"
#include "litmus/litmus.h"
#include "racedemo/litmus.h"
#include "explore/render.h"
#include "replay/replay.h"
#include "racedemo/racedemo.h"
#include "racedemo/replay.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"
#include "racedemo/workload.h"
#include "report/format.h"
#include "report/words.h"

enum explore_format {
    EXPLORE_FORMAT_TEXT,
    EXPLORE_FORMAT_JSON,
    EXPLORE_FORMAT_CSV,
    EXPLORE_FORMAT_HTML,
};

struct explore_options {
    const struct sync_strategy *sync;
    uint64_t sync_mask;
    uint64_t threads, iters, max_states;
    unsigned model; /* enum memory_model */
    unsigned order; /* a litmus test's: enum litmus_order */
    bool fence;
    unsigned format;
    bool check;
};

static const struct opt_choice format_choices[] = {
    {"text", "the counts, the requirements and the shortest counterexamples, for people", NULL},
    {"json", "one JSON document: every count, every requirement", NULL},
    {"csv", "a header row, then one row per outcome", NULL},
    {"html", "one self-contained page: the outcomes as bars, the first counterexample drawn", NULL},
    {NULL, NULL, NULL},
};

#define XOPT(field) offsetof(struct explore_options, field)

static const struct opt explore_opts[] = {
    {.name = "sync",
     .short_name = 's',
     .kind = OPT_NAMES,
     .metavar = "NAME",
     .help = "the strategy whose steps guard each iteration; 'help' lists them",
     .offset = XOPT(sync),
     .list_offset = XOPT(sync_mask),
     .names = &sync_option_names,
     .def_name = "none"},
    {.name = "threads",
     .short_name = 't',
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "threads, each running the same steps",
     .offset = XOPT(threads),
     .min = 1,
     .max = EXPLORE_MAX_THREADS,
     .def = 2},
    {.name = "iters",
     .short_name = 'n',
     .kind = OPT_COUNT,
     .metavar = "K",
     .help = "iterations each thread does (counter: increments)",
     .offset = XOPT(iters),
     .min = 1,
     .max = EXPLORE_MAX_ITERS,
     .def = 1},
    {.name = "model",
     .kind = OPT_CHOICE,
     .metavar = "MODEL",
     .help = "the memory model the steps run under",
     .offset = XOPT(model),
     .choices = memory_model_choices,
     .def = MEMORY_SC},
    {.name = "order",
     .kind = OPT_CHOICE,
     .metavar = "ORDER",
     .help = "a litmus test's: how its loads and stores are ordered",
     .offset = XOPT(order),
     .choices = litmus_order_choices,
     .def = LITMUS_RELAXED},
    {.name = "fence",
     .kind = OPT_FLAG,
     .help = "a litmus test's: a seq_cst fence between each thread's two accesses",
     .offset = XOPT(fence)},
    {.name = "max-states",
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "stop the search after this many distinct states",
     .offset = XOPT(max_states),
     .min = 1,
     .max = UINT32_MAX - 8,
     .def = EXPLORE_DEFAULT_MAX_STATES},
    {.name = "format",
     .short_name = 'f',
     .kind = OPT_CHOICE,
     .metavar = "FMT",
     .help = "how to print the result",
     .offset = XOPT(format),
     .choices = format_choices,
     .def = EXPLORE_FORMAT_TEXT,
     .output_only = true},
    {.name = "check",
     .kind = OPT_FLAG,
     .help = "exit 1 when a requirement fails",
     .offset = XOPT(check),
     .output_only = true},
    {0},
};

/* "counter, bank, queue, prodcons, sb, mp, lb, iriw": what explore takes,
 * from the registries, for the errors. Returns buf. */
static char *explore_names(char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (const struct workload *const *w = workloads; *w && used < len; w++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? ", " : "", (*w)->name);
    for (const struct litmus_test *const *t = litmus_tests; *t && used < len; t++)
        used += (size_t)snprintf(buf + used, len - used, ", %s", (*t)->name);
    return buf;
}

void explore_print_help(FILE *out, const struct text_layout *layout)
{
    struct explore_options o;
    struct opt_set set = {.opts = explore_opts, .base = &o};
    char names[160];
    fprintf(out,
            "Usage: racedemo explore NAME [options]\n\n"
            "NAME is a workload or a litmus test: %s.\n\n",
            explore_names(names, sizeof names));
    fprintf(out, "Tries every interleaving of the threads' steps, the steps --schedule replays,\n"
                 "one step at a time (sequential consistency; with --model tso each thread's\n"
                 "stores wait in a store buffer, and each flush of one is a step too): counts\n"
                 "them and their outcomes, and checks in every reachable state that no two\n"
                 "threads are inside the lock at once (mutual exclusion), that no thread waits\n"
                 "for good (progress), and that every interleaving ends right. A requirement\n"
                 "that fails comes with the shortest interleaving that shows it, as a\n"
                 "--schedule command that replays it on real threads. The workload's own\n"
                 "options (racedemo WORKLOAD --help) go after its name, except its count of\n"
                 "iterations, which is --iters.\n\n"
                 "Options:\n");
    options_print_help(out, layout, &set, 1);
    fprintf(out, "\nExit status:\n"
                 "  0    the search ended, whatever it found (a counterexample is a\n"
                 "       successful demonstration); help\n"
                 "  1    --check, and a requirement fails\n"
                 "  2    bad command line: nothing was run\n"
                 "  4    the search stopped at --max-states before it ended (what it found\n"
                 "       up to there is reported), or ran out of memory, or the output\n"
                 "       could not be written\n"
                 "  130  Ctrl-C (143: SIGTERM, 129: SIGHUP) ended the search: what it found\n"
                 "       up to there is reported\n");
}

static void print_strategies(FILE *out)
{
    for (const struct sync_strategy *const *s = sync_strategies; *s; s++)
        if ((*s)->replay)
            fprintf(out, "%-18s %s\n", (*s)->name, (*s)->summary);
}

/* What the command line asked for: explore's options, the workload and
 * its own options' struct (with which of them were given). */
struct explore_request {
    struct explore_options o;
    const struct workload *w;
    void *config;
    uint64_t given;
    /* The workload's options explore does not take, and why. */
    struct opt_skip skip[16];
    /* explore's options it does not take: --threads where the workload
     * counts its threads in options of its own (prodcons: --producers and
     * --consumers), and a litmus test's --order and --fence; --sync,
     * --threads and --iters for a litmus test. */
    struct opt_skip explore_skip[4];
    /* The litmus test explored, or NULL for a workload, and its steps'
     * config. */
    const struct litmus_test *litmus;
    struct explore_litmus_config litmus_config;
    char programs[256], forbidden[64];
    bool no_memory; /* the error was no memory for the options: status 4, not 2 */
};

/* The workload counts its threads in options of its own (prodcons). */
static bool threads_skipped(const struct explore_request *q)
{
    for (const struct opt_skip *s = q->explore_skip; s->name; s++)
        if (strcmp(s->name, "threads") == 0)
            return true;
    return false;
}

/* The option tables: explore's, then the workload's (none for a litmus
 * test); how many. */
static size_t request_sets(struct explore_request *q, struct opt_set sets[2])
{
    sets[0] = (struct opt_set){.opts = explore_opts, .base = &q->o, .skip = {q->explore_skip}};
    if (q->litmus)
        return 1;
    sets[1] = (struct opt_set){
        .opts = q->w->options, .base = q->config, .given = &q->given, .skip = {q->skip}};
    return 2;
}

/* A litmus test: each thread's program once, one step per access, with
 * none of the options that shape a workload's threads. */
static void request_litmus(struct explore_request *q, const struct litmus_test *t)
{
    static const char why[] = "a litmus test's threads each run their own program, once";
    q->litmus = t;
    q->explore_skip[0] = (struct opt_skip){"sync", why};
    q->explore_skip[1] = (struct opt_skip){"threads", why};
    q->explore_skip[2] = (struct opt_skip){"iters", why};
    q->explore_skip[3] = (struct opt_skip){NULL, NULL};
    explore_litmus_program(q->programs, sizeof q->programs, t);
    litmus_outcome_text(q->forbidden, sizeof q->forbidden, t, t->relaxed_outcome);
}

/* The workload named first, its options' struct, and the options of it
 * explore leaves out: its count of iterations (--iters is explore's) and
 * those a replay refuses. 0, or -1 with one line in err. */
static int request_workload(struct explore_request *q, const char *name, char *err, size_t errlen)
{
    q->w = workload_find(name);
    if (!q->w) {
        char got[OPT_QUOTE_LEN], names[160], near[96];
        snprintf(err, errlen,
                 "%s is neither a workload nor a litmus test: racedemo explore NAME [options], "
                 "NAME one of %s%s",
                 options_quote(got, sizeof got, name), explore_names(names, sizeof names),
                 cli_did_you_mean(near, sizeof near, name, CLI_NAME_WORKLOADS | CLI_NAME_LITMUS));
        return -1;
    }
    q->config = calloc(1, q->w->config_size ? q->w->config_size : 1);
    if (!q->config) {
        snprintf(err, errlen, "out of memory");
        q->no_memory = true;
        return -1;
    }
    size_t n = 0;
    const struct replay_ops *ops = q->w->replay;
    if (ops)
        q->skip[n++] =
            (struct opt_skip){ops->iters_option, "explore counts iterations with --iters"};
    for (const struct replay_refusal *r = ops ? ops->refused : NULL; r && r->option && n < 15; r++)
        q->skip[n++] = (struct opt_skip){r->option, r->why};
    q->skip[n] = (struct opt_skip){NULL, NULL};
    static const char litmus_only[] =
        "a litmus test's option, not a workload's (racedemo explore sb --order seq_cst --fence)";
    n = 0;
    for (const struct opt_skip *s = q->w->skip_run_options; s && s->name; s++)
        if (strcmp(s->name, "threads") == 0)
            q->explore_skip[n++] = *s;
    q->explore_skip[n++] = (struct opt_skip){"order", litmus_only};
    q->explore_skip[n++] = (struct opt_skip){"fence", litmus_only};
    q->explore_skip[n] = (struct opt_skip){NULL, NULL};
    return 0;
}

/* What must hold once the options are parsed; explore's own defaults for
 * the workload's options not given. OPT_OK or OPT_ERROR. */
static enum opt_status settle(struct explore_request *q, char *err, size_t errlen)
{
    struct explore_options *o = &q->o;
    if (q->litmus) {
        o->sync = sync_find("none");
        o->threads = q->litmus->threads;
        o->iters = 1;
        q->litmus_config =
            (struct explore_litmus_config){.test = q->litmus, .order = o->order, .fence = o->fence};
        return OPT_OK;
    }
    if (o->model == MEMORY_TSO && !q->w->replay->memory_model) {
        snprintf(err, errlen,
                 "--model tso: %s's steps do not go through the memory model (replay_load and "
                 "replay_store); --model sc only",
                 q->w->name);
        return OPT_ERROR;
    }
    if (threads_skipped(q) && q->w->configure) {
        struct run_config run = {.threads = 0};
        q->w->configure(&run, q->config);
        if (run.threads < 1 || run.threads > EXPLORE_MAX_THREADS) {
            snprintf(err, errlen, "%s: explore takes 1 to %u threads; got %llu",
                     q->w->threads_from ? q->w->threads_from : "--threads", EXPLORE_MAX_THREADS,
                     (unsigned long long)run.threads);
            return OPT_ERROR;
        }
        o->threads = run.threads;
    }
    if (o->sync_mask & (o->sync_mask - 1)) {
        snprintf(err, errlen, "--sync: explore takes one strategy");
        return OPT_ERROR;
    }
    char why[256];
    if (!explore_supports(q->w, o->sync, why, sizeof why)) {
        snprintf(err, errlen, "%s", why);
        return OPT_ERROR;
    }
    if (o->threads < o->sync->min_threads) { /* as a run would refuse it */
        snprintf(err, errlen, "--threads: --sync %s works with at least %u threads; got %llu",
                 o->sync->name, o->sync->min_threads, (unsigned long long)o->threads);
        return OPT_ERROR;
    }
    unsigned most = o->sync->replay->max_threads;
    if (most && o->threads > most) {
        snprintf(err, errlen,
                 "--threads: the steps of --sync %s are for at most %u threads; got %llu",
                 o->sync->name, most, (unsigned long long)o->threads);
        return OPT_ERROR;
    }
    /* The workload counts the iterations it sets up for (the queue's
     * nodes) in its own option: explore's --iters. */
    for (const struct opt *opt = q->w->options; opt->name; opt++)
        if (strcmp(opt->name, q->w->replay->iters_option) == 0)
            memcpy((char *)q->config + opt->offset, &o->iters, sizeof o->iters);
    const struct replay_default *d = q->w->replay->explore_defaults;
    for (; d && d->option; d++)
        for (const struct opt *opt = q->w->options; opt->name; opt++)
            if (strcmp(opt->name, d->option) == 0 && !(q->given >> (opt - q->w->options) & 1))
                memcpy((char *)q->config + opt->offset, &d->value, sizeof d->value);
    return OPT_OK;
}

/* Parses `explore WORKLOAD [options]`, the workload first. */
static enum opt_status parse(int argc, char **argv, struct explore_request *q, char *err,
                             size_t errlen)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return OPT_HELP;
    if (argc < 2 || argv[1][0] == '-') {
        char names[160];
        snprintf(err, errlen,
                 "name what to explore first: racedemo explore NAME [options], NAME one of %s",
                 explore_names(names, sizeof names));
        return OPT_ERROR;
    }
    const struct litmus_test *t = litmus_find(argv[1]);
    if (t)
        request_litmus(q, t);
    else if (request_workload(q, argv[1], err, errlen) != 0)
        return OPT_ERROR;
    struct opt_set sets[2];
    size_t nsets = request_sets(q, sets);
    enum opt_status st = options_parse(sets, nsets, argc - 1, argv + 1, err, errlen);
    return st == OPT_OK ? settle(q, err, errlen) : st;
}

/* The line that repeats the exploration. Malloc'd; NULL when out of
 * memory. */
static char *command_line(struct explore_request *q)
{
    char word[64];
    struct capture text;
    FILE *line = capture_begin(&text);
    if (!line)
        return NULL;
    struct opt_set sets[2];
    size_t nsets = request_sets(q, sets);
    snprintf(word, sizeof word, "explore %s", q->litmus ? q->litmus->name : q->w->name);
    render_command_line(line, word, sets, nsets);
    return capture_end(&text) ? text.buf : NULL;
}

/* The --schedule command that replays `letters`: the workload and its
 * options as explored, then the threads, the strategy, the iterations,
 * the seed where the workload draws from it, and the letters. */
static char *replay_line(struct explore_request *q, const struct explore_result *res,
                         const char *letters)
{
    struct capture text;
    FILE *line = capture_begin(&text);
    if (!line)
        return NULL;
    struct opt_set sets[2];
    request_sets(q, sets);
    render_command_line(line, q->w->name, &sets[1], 1);
    if (!threads_skipped(q))
        fprintf(line, " --threads %u", res->nthreads);
    fprintf(line, " --sync %s --%s %llu%s%s --schedule %s", res->sync, res->iters_option,
            (unsigned long long)res->iters, q->w->replay->uses_seed ? " --seed 1" : "",
            q->o.model == MEMORY_TSO ? " --model tso" : "", letters);
    return capture_end(&text) ? text.buf : NULL;
}

static void report_free(struct explore_report *report)
{
    free(report->command);
    for (int r = 0; r < REQ_COUNT; r++)
        free(report->replay[r]);
}

/* The report's lines; false when out of memory. */
static bool report_lines(struct explore_request *q, const struct explore_result *res,
                         struct explore_report *report)
{
    report->command = command_line(q);
    bool whole = report->command != NULL;
    for (int r = 0; r < REQ_COUNT; r++) {
        report->replay[r] = NULL;
        if (res->req[r].schedule && !q->litmus) { /* no --schedule for a litmus test */
            report->replay[r] = replay_line(q, res, res->req[r].schedule);
            whole = whole && report->replay[r];
        }
    }
    return whole;
}

/* For the page: the first counterexample, replayed with --schedule on
 * real threads, as its own page would draw it. 1 when it was, 0 when
 * there is none, -1 when it could not be (no memory or thread): then
 * there is no page, rather than one without it. */
static int replay_first(struct explore_request *q, const struct explore_result *res,
                        struct explore_report *report, struct replay_result *replayed)
{
    static const enum explore_requirement order[] = {REQ_EXCLUSION, REQ_PROGRESS, REQ_WORKLOAD};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *letters = res->req[order[i]].schedule;
        if (!letters || !report->replay[order[i]])
            continue;
        char msg[256];
        struct replay_spec spec;
        if (replay_parse(letters, &spec, msg, sizeof msg) != 0)
            return -1;
        spec.model = (enum memory_model)q->o.model;
        int rc = replay_run(q->w->replay, q->config, &spec, q->o.sync, res->nthreads, res->iters, 1,
                            replayed, msg, sizeof msg);
        replay_spec_free(&spec);
        report->replayed_req = order[i];
        return rc == 0 ? 1 : -1;
    }
    return 0;
}

/* The report in the format asked for; false when out of memory for it
 * (nothing of it was written). The page replays the first counterexample
 * first. */
static bool render_report(struct explore_request *q, struct explore_report *report, FILE *out,
                          const struct text_layout *layout)
{
    if (q->o.format == EXPLORE_FORMAT_JSON) {
        render_explore_json(out, report);
        return true;
    }
    if (q->o.format == EXPLORE_FORMAT_CSV) {
        render_explore_csv(out, report);
        return true;
    }
    if (q->o.format == EXPLORE_FORMAT_HTML) {
        struct replay_result replayed;
        int replay = replay_first(q, report->res, report, &replayed);
        if (replay > 0)
            report->replayed = &replayed;
        bool rendered = replay >= 0 && render_explore_html(out, layout, report);
        if (replay > 0)
            replay_result_free(&replayed);
        report->replayed = NULL;
        return rendered;
    }
    struct format_fit fit;
    render_explore_text(format_fit_begin(&fit, out, layout), layout, report);
    return format_fit_end(&fit);
}

/* The exit status of a search that ran: 4 when the limit cut it, 1 with
 * --check when a requirement fails, else 0; a stop signal's 130, 143 or
 * 129 over 0 and 1 (run_watch_status). */
static int explore_status(const struct explore_request *q, const struct explore_result *res)
{
    int status = res->cut && !res->interrupted ? EXIT_FAILED : EXIT_OK;
    if (status == EXIT_OK && q->o.check && explore_broken(res))
        status = EXIT_CHECK_FAILED;
    return run_watch_status(status);
}

static int explore(struct explore_request *q, FILE *out, FILE *err,
                   const struct text_layout *layout)
{
    char msg[512];
    struct run_watch watch;
    /* A stop signal ends the search where it is, as --max-states does. */
    run_watch_begin(&watch, err, WATCH_SEARCH);
    struct explore_config cfg = {.name = q->litmus ? q->litmus->name : q->w->name,
                                 .ops = q->litmus ? &explore_litmus_ops : q->w->replay,
                                 .ops_config =
                                     q->litmus ? (const void *)&q->litmus_config : q->config,
                                 .programs = q->litmus ? q->programs : NULL,
                                 .forbidden = q->litmus ? q->forbidden : NULL,
                                 .sync = q->o.sync,
                                 .model = (enum memory_model)q->o.model,
                                 .nthreads = (unsigned)q->o.threads,
                                 .iters = q->o.iters,
                                 .max_states = q->o.max_states,
                                 .stop = watch.hooks.stop};
    struct explore_result res;
    int rc = explore_run(&cfg, &res, msg, sizeof msg);
    run_watch_report(&watch);
    struct explore_report report = {.res = &res};
    if (rc == 0 && !report_lines(q, &res, &report)) {
        rc = ENOMEM;
        snprintf(msg, sizeof msg, "out of memory for the report");
    }
    bool rendered = rc == 0 && render_report(q, &report, out, layout);
    run_watch_end(&watch, out);
    /* EINVAL: the workload's steps refuse its options (prodcons's two
     * consumers), a bad command line; else no memory. */
    int status = rc == EINVAL ? EXIT_USAGE : EXIT_FAILED;
    if (rc != 0)
        fprintf(err, "racedemo explore %s: %s\n", cfg.name, msg);
    else if (!rendered)
        fprintf(err, "racedemo explore %s: out of memory for the %s (none of it was written)\n",
                cfg.name, q->o.format == EXPLORE_FORMAT_HTML ? "page" : "report");
    else
        status = explore_status(q, &res);
    if (rc == 0) {
        report_free(&report);
        explore_result_free(&res);
    }
    return status;
}

int explore_command(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout)
{
    struct explore_request q = {0};
    char msg[512];
    int status;
    switch (parse(argc, argv, &q, msg, sizeof msg)) {
    case OPT_HELP: {
        struct format_fit fit;
        explore_print_help(format_fit_begin(&fit, out, layout), layout);
        format_fit_end(&fit);
        status = EXIT_OK;
        break;
    }
    case OPT_NAMES_LIST:
        print_strategies(out);
        status = EXIT_OK;
        break;
    case OPT_OK:
        status = explore(&q, out, err, layout);
        break;
    default:
        fprintf(err, "racedemo explore: %s\n", msg);
        status = q.no_memory ? EXIT_FAILED : EXIT_USAGE;
    }
    free(q.config);
    return status;
}
