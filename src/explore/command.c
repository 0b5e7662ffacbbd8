/* explore/command.c: `racedemo explore NAME [options]`: its options (a
 * typed table, so --help, the errors and the line that repeats the run
 * come from options.c), the search, the report and the exit status. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "explore/command.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/options.h"
#include "explore/explore.h"
#include "explore/render.h"
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
};

struct explore_options {
    const struct sync_strategy *sync;
    uint64_t sync_mask;
    uint64_t threads, iters, max_states;
    unsigned format;
    bool check;
};

static const struct opt_choice format_choices[] = {
    {"text", "the counts, the requirements and the shortest counterexamples, for people", NULL},
    {"json", "one JSON document: every count, every requirement", NULL},
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

void explore_print_help(FILE *out, const struct text_layout *layout)
{
    struct explore_options o;
    struct opt_set set = {.opts = explore_opts, .base = &o};
    fprintf(out, "Usage: racedemo explore WORKLOAD [options]\n\n"
                 "Tries every interleaving of the threads' steps, one step at a time (sequential\n"
                 "consistency), the steps --schedule replays: counts them and their outcomes,\n"
                 "and checks in every reachable state that no two threads are inside the lock\n"
                 "at once (mutual exclusion), that no thread waits for good (progress), and\n"
                 "that every interleaving ends right. A requirement that fails comes with the\n"
                 "shortest interleaving that shows it, as a --schedule command that replays it\n"
                 "on real threads.\n\nOptions:\n");
    options_print_help(out, layout, &set, 1);
    fprintf(out, "\nExit status:\n"
                 "  0    the search ended, whatever it found (a counterexample is a\n"
                 "       successful demonstration); help\n"
                 "  1    --check, and a requirement fails\n"
                 "  2    bad command line: nothing was run\n"
                 "  4    the search stopped at --max-states before it ended (what it found\n"
                 "       up to there is reported), or ran out of memory, or the output\n"
                 "       could not be written\n");
}

static void print_strategies(FILE *out)
{
    for (const struct sync_strategy *const *s = sync_strategies; *s; s++)
        if ((*s)->replay)
            fprintf(out, "%-18s %s\n", (*s)->name, (*s)->summary);
}

/* Parses `explore NAME [options]`; the workload into *w. */
static enum opt_status parse(int argc, char **argv, struct explore_options *o,
                             const struct workload **w, char *err, size_t errlen)
{
    const char *name = NULL;
    struct opt_set set = {.opts = explore_opts, .base = o, .operand = &name};
    enum opt_status st = options_parse(&set, 1, argc, argv, err, errlen);
    if (st != OPT_OK)
        return st;
    if (!name) {
        snprintf(err, errlen, "name a workload to explore: counter, bank, queue or prodcons");
        return OPT_ERROR;
    }
    *w = workload_find(name);
    if (!*w) {
        char got[OPT_QUOTE_LEN];
        snprintf(err, errlen,
                 "%s is not a workload; explore takes counter, bank, queue or prodcons",
                 options_quote(got, sizeof got, name));
        return OPT_ERROR;
    }
    if (o->sync_mask & (o->sync_mask - 1)) {
        snprintf(err, errlen, "--sync: explore takes one strategy");
        return OPT_ERROR;
    }
    char why[256];
    if (!explore_supports(*w, o->sync, why, sizeof why)) {
        snprintf(err, errlen, "--sync %s: %s", o->sync->name, why);
        return OPT_ERROR;
    }
    unsigned most = o->sync->replay->max_threads;
    if (most && o->threads > most) {
        snprintf(err, errlen, "--threads: --sync %s takes at most %u threads; got %llu",
                 o->sync->name, most, (unsigned long long)o->threads);
        return OPT_ERROR;
    }
    return OPT_OK;
}

/* The lines that repeat the exploration and replay each counterexample.
 * Malloc'd; NULL when out of memory. */
static char *command_line(const struct workload *w, struct explore_options *o)
{
    char *text = NULL, word[64];
    size_t len = 0;
    FILE *line = open_memstream(&text, &len);
    if (!line)
        return NULL;
    struct opt_set set = {.opts = explore_opts, .base = o};
    snprintf(word, sizeof word, "explore %s", w->name);
    render_command_line(line, word, &set, 1);
    if (fclose(line) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

static bool replay_lines(const struct workload *w, const struct explore_result *res,
                         struct explore_report *report)
{
    for (int r = 0; r < REQ_COUNT; r++) {
        const char *letters = res->req[r].schedule;
        report->replay[r] = NULL;
        if (!letters)
            continue;
        size_t len = strlen(letters) + 256;
        report->replay[r] = malloc(len);
        if (!report->replay[r])
            return false;
        snprintf(report->replay[r], len,
                 "racedemo %s --threads %u --sync %s --%s %llu%s --schedule %s", w->name,
                 res->nthreads, res->sync, res->iters_option, (unsigned long long)res->iters,
                 w->replay->uses_seed ? " --seed 1" : "", letters);
    }
    return true;
}

static void report_free(struct explore_report *report)
{
    free(report->command);
    for (int r = 0; r < REQ_COUNT; r++)
        free(report->replay[r]);
}

static int explore(const struct workload *w, struct explore_options *o, FILE *out, FILE *err,
                   const struct text_layout *layout)
{
    char msg[512];
    void *config = calloc(1, w->config_size ? w->config_size : 1);
    struct opt_set defaults = {.opts = w->options, .base = config};
    char *argv0[] = {(char *)w->name, NULL};
    if (!config || options_parse(&defaults, 1, 1, argv0, msg, sizeof msg) != OPT_OK) {
        free(config);
        fprintf(err, "racedemo explore: out of memory\n");
        return EXIT_FAILED;
    }
    struct explore_config cfg = {.workload = w,
                                 .workload_config = config,
                                 .sync = o->sync,
                                 .nthreads = (unsigned)o->threads,
                                 .iters = o->iters,
                                 .max_states = o->max_states};
    struct explore_result res;
    int rc = explore_run(&cfg, &res, msg, sizeof msg);
    free(config);
    if (rc != 0) {
        fprintf(err, "racedemo explore %s: %s\n", w->name, msg);
        return EXIT_FAILED;
    }
    struct explore_report report = {.res = &res, .command = command_line(w, o)};
    if (!report.command || !replay_lines(w, &res, &report)) {
        report_free(&report);
        explore_result_free(&res);
        fprintf(err, "racedemo explore %s: out of memory for the report\n", w->name);
        return EXIT_FAILED;
    }
    if (o->format == EXPLORE_FORMAT_JSON) {
        render_explore_json(out, &report);
    } else {
        struct format_fit fit;
        render_explore_text(format_fit_begin(&fit, out, layout), layout, &report);
        format_fit_end(&fit);
    }
    int status = res.cut ? EXIT_FAILED : EXIT_OK;
    if (o->check && explore_broken(&res))
        status = EXIT_CHECK_FAILED;
    report_free(&report);
    explore_result_free(&res);
    return status;
}

int explore_command(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout)
{
    struct explore_options o;
    const struct workload *w = NULL;
    char msg[512];
    switch (parse(argc, argv, &o, &w, msg, sizeof msg)) {
    case OPT_HELP: {
        struct format_fit fit;
        explore_print_help(format_fit_begin(&fit, out, layout), layout);
        format_fit_end(&fit);
        return EXIT_OK;
    }
    case OPT_NAMES_LIST:
        print_strategies(out);
        return EXIT_OK;
    case OPT_OK:
        return explore(w, &o, out, err, layout);
    default:
        fprintf(err, "racedemo explore: %s\n", msg);
        return EXIT_USAGE;
    }
}
