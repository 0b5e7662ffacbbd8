/* litmus/command.c: `racedemo litmus [TEST|all] [options]`: its options (a
 * typed table, so --help, errors and the command line that repeats the
 * run come from options.c), its checks, its run and its exit status; and
 * `racedemo explain litmus TEST`. */
#define _POSIX_C_SOURCE 200809L /* core/platform.h, fileno */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/help.h"
#include "cli/progress.h"
#include "report/format.h"
#include "litmus/command.h"
#include "core/platform.h"
#include "racedemo/litmus.h"
#include "litmus/litmus.h"
#include "racedemo/options.h"
#include "racedemo/racedemo.h"
#include "report/words.h"
#include "racedemo/workload.h"
#include "core/options.h"
#include "core/engine.h"

/* --format's choices, in format_choices' order. */
enum litmus_format {
    LITMUS_FORMAT_TEXT,
    LITMUS_FORMAT_JSON,
    LITMUS_FORMAT_CSV,
    LITMUS_FORMAT_HTML
};

struct litmus_options {
    struct litmus_config run;
    unsigned format; /* enum litmus_format */
    unsigned color;  /* enum run_color */
};

const struct opt_choice litmus_order_choices[] = {
    {"relaxed", "every load and store memory_order_relaxed", NULL},
    {"release-acquire", "stores memory_order_release, loads memory_order_acquire", NULL},
    {"seq_cst", "every load and store memory_order_seq_cst", NULL},
    {NULL, NULL, NULL},
};

static const struct opt_choice format_choices[] = {
    {"text", "the outcome table for people", NULL},
    {"json", "one JSON document: every run, every outcome", NULL},
    {"csv", "a header row, then one row per outcome of each test", NULL},
    {"html", "one self-contained page: each test's outcomes as bars and a table", NULL},
    {NULL, NULL, NULL},
};

static const struct opt_choice color_choices[] = {
    {"auto", "on a terminal, unless the environment sets NO_COLOR", NULL},
    {"always", "even into a pipe or file (text only)", NULL},
    {"never", "no colour", NULL},
    {NULL, NULL, NULL},
};

#define LOPT(field) offsetof(struct litmus_options, field)

static const struct opt litmus_opts[] = {
    {.name = "order",
     .kind = OPT_CHOICE,
     .metavar = "ORDER",
     .help = "how the loads and stores are ordered",
     .offset = LOPT(run.order),
     .choices = litmus_order_choices,
     .def = LITMUS_RELAXED},
    {.name = "fence",
     .kind = OPT_FLAG,
     .help = "put a seq_cst fence between each thread's two accesses (racedemo explain litmus "
             "TEST says where)",
     .offset = LOPT(run.fence)},
    {.name = "iters",
     .short_name = 'n',
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "instances of the test in each trial, which the threads walk side by side",
     .offset = LOPT(run.iters),
     .min = 1,
     .max = 10000000,
     .def = 100000},
    {.name = "trials",
     .short_name = 'T',
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "trials, each releasing the threads together",
     .offset = LOPT(run.trials),
     .min = 1,
     .max = 1000000,
     .def = 100},
    {.name = "batch",
     .short_name = 'b',
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "instances the threads walk between two meetings, which keep them in step; 0: "
             "they meet only when a trial starts",
     .offset = LOPT(run.batch),
     .min = 0,
     .max = 10000000,
     /* A meeting lines the threads up only to within a cache line's trip
      * from one core to the other (a few hundred ns here), longer than
      * an instance (a few ns): a meeting after every instance (--batch
      * 1) left them one whole instance apart nearly every time, 0.02% of
      * sb's tests r0=0 r1=0 at 3.6 million a second. Between meetings
      * the threads' contention for the same lines keeps them together, so
      * a longer stretch costs less and loses less to the start of each.
      * bench/litmus_rates.sh measures the choices (docs/BENCHMARKS.md). */
     .def = LITMUS_BATCH_DEFAULT},
    {.name = "no-pin",
     .kind = OPT_FLAG,
     .help = "let the scheduler place threads instead of one per CPU",
     .offset = LOPT(run.no_pin)},
    {.name = "cpus",
     .kind = OPT_CPUS,
     .metavar = "LIST",
     .help = "pin the threads round-robin onto these CPUs, lowest first, e.g. 0 or 0,1",
     .offset = LOPT(run.cpus)},
    {.name = "format",
     .short_name = 'f',
     .kind = OPT_CHOICE,
     .metavar = "FMT",
     .help = "how to print the result",
     .offset = LOPT(format),
     .choices = format_choices,
     .def = LITMUS_FORMAT_TEXT,
     .output_only = true},
    {.name = "color",
     .kind = OPT_CHOICE,
     .metavar = "WHEN",
     .help = "colour the text report's counts and verdict",
     .offset = LOPT(color),
     .choices = color_choices,
     .def = COLOR_AUTO,
     .output_only = true},
    {0},
};

static void print_test_names(FILE *out)
{
    for (const struct litmus_test *const *t = litmus_tests; *t; t++)
        fprintf(out, "%s%s", (*t)->name, t[1] ? ", " : "");
}

void litmus_print_help(FILE *out, const struct text_layout *layout)
{
    struct litmus_options o;
    struct opt_set set = {.opts = litmus_opts, .base = &o};
    fprintf(out, "Usage: racedemo litmus [TEST|all] [options]\n\n"
                 "Runs a memory-model litmus test millions of times and counts each\n"
                 "outcome, with whether sequential consistency, x86-TSO, arm64 and C11\n"
                 "allow it for the orders chosen. TEST is sb unless given; all runs\n"
                 "every test, one row each.\n\nTests:\n");
    for (const struct litmus_test *const *t = litmus_tests; *t; t++)
        fprintf(out, "  %-5s %s\n", (*t)->name, (*t)->summary);
    fprintf(out, "\nOptions:\n");
    options_print_help(out, layout, &set, 1);
    fprintf(out, "\nExit status:\n"
                 "  0    the run completed, whatever outcomes it saw (an outcome sequential\n"
                 "       consistency forbids is a successful demonstration); help\n"
                 "  1    an outcome that C11 forbids for the orders chosen was seen: a\n"
                 "       compiler or hardware bug, which the verdict calls BROKEN\n"
                 "  2    bad command line: nothing was run\n"
                 "  4    the run could not be done (threads or memory), or the output\n"
                 "       could not be written (a full disk, a closed stdout, a pipe closed\n"
                 "       early while SIGPIPE is ignored): one line says so\n"
                 "  130  stopped by Ctrl-C (143: SIGTERM, 129: SIGHUP): the trial under\n"
                 "       way is given up, no other trial or test starts, and the report of\n"
                 "       the completed trials is written whole, saying so (a signal after\n"
                 "       the trials: the whole report); a second signal quits at once\n"
                 "A pipe closed early ends racedemo by SIGPIPE, quietly: the shell\n"
                 "reports 141.\n");
}

/* 0, or -1 with one line in err: what the options cannot do together. */
static int check_options(const struct litmus_options *o, char *err, size_t errlen)
{
    if (o->run.cpus && !platform_can_pin()) {
        snprintf(err, errlen, "--cpus: cannot pin here (%s); leave it out and the scheduler places",
                 platform_no_pin_why());
        return -1;
    }
    uint64_t bad = o->run.cpus & ~engine_cpus_usable();
    if (bad) {
        unsigned c = 0;
        while (!(bad >> c & 1))
            c++;
        snprintf(err, errlen, "--cpus: CPU %u is not one racedemo may run on here", c);
        return -1;
    }
    if (o->run.cpus && o->run.no_pin) {
        snprintf(err, errlen, "--cpus and --no-pin exclude each other; give one");
        return -1;
    }
    if (o->color == COLOR_ALWAYS && o->format != LITMUS_FORMAT_TEXT) {
        snprintf(err, errlen,
                 "--color always colours the text report; --format %s is never coloured "
                 "(leave --color out, or use --format text)",
                 format_choices[o->format].name);
        return -1;
    }
    return 0;
}

/* Parses `litmus [TEST|all] [options]` into o and *name. */
static enum opt_status parse(int argc, char **argv, struct litmus_options *o, const char **name,
                             char *err, size_t errlen)
{
    *name = NULL;
    struct opt_set set = {.opts = litmus_opts, .base = o, .operand = name};
    enum opt_status st = options_parse(&set, 1, argc, argv, err, errlen);
    if (st != OPT_OK)
        return st;
    if (!*name)
        *name = "sb";
    if (strcmp(*name, "all") != 0 && !litmus_find(*name)) {
        char got[OPT_QUOTE_LEN];
        char names[128];
        size_t used = 0;
        names[0] = '\0';
        for (const struct litmus_test *const *t = litmus_tests; *t && used < sizeof names; t++)
            used += (size_t)snprintf(names + used, sizeof names - used, "%s, ", (*t)->name);
        char near[96];
        snprintf(err, errlen, "%s is not a litmus test; tests are %sall%s",
                 options_quote(got, sizeof got, *name), names,
                 cli_did_you_mean(near, sizeof near, *name, CLI_NAME_LITMUS));
        return OPT_ERROR;
    }
    return check_options(o, err, errlen) ? OPT_ERROR : OPT_OK;
}

/* The line that repeats the run: "racedemo litmus sb --order relaxed ...";
 * NULL when out of memory. Free it. */
static char *command_line(const char *name, struct litmus_options *o)
{
    char word[64];
    struct capture text;
    FILE *line = capture_begin(&text);
    if (!line)
        return NULL;
    struct opt_set set = {.opts = litmus_opts, .base = o};
    snprintf(word, sizeof word, "litmus %s", name);
    render_command_line(line, word, &set, 1);
    return capture_end(&text) ? text.buf : NULL;
}

/* Renders in the format asked for, at the screen's width; false when
 * out of memory (HTML). */
static bool render(FILE *out, const struct text_layout *screen, struct litmus_options *o,
                   const char *command, const struct litmus_result *res, size_t n)
{
    bool rendered = true;
    int fd = fileno(out);
    const struct text_layout layout = {
        .width = screen->width,
        .color = o->format == LITMUS_FORMAT_TEXT && o->color != COLOR_NEVER &&
                 (o->color == COLOR_ALWAYS ||
                  format_color_auto(fd >= 0 && isatty(fd), getenv("NO_COLOR")))};
    if (o->format == LITMUS_FORMAT_JSON)
        render_litmus_json(out, command, res, n);
    else if (o->format == LITMUS_FORMAT_CSV)
        render_litmus_csv(out, res, n);
    else if (o->format == LITMUS_FORMAT_HTML)
        rendered = render_litmus_html(out, &layout, command, res, n);
    else
        render_litmus_text(out, &layout, command, res, n);
    return rendered;
}

/* Runs the tests named (one, or all) into res, until a stop signal: the
 * test it came in keeps the trials it completed, marked interrupted, and
 * no other starts. How many ran, or -1 with one line in err. */
static int run_named(FILE *err, const struct litmus_options *o, const char *name,
                     struct run_watch *watch, struct litmus_result *res, size_t max)
{
    char msg[512];
    size_t n = 0, named = 0;
    struct litmus_config run = o->run;
    run.stop = watch->hooks.stop;
    run.progress = watch->progress ? run_watch_litmus_progress : NULL;
    run.progress_ctx = &watch->line;
    for (const struct litmus_test *const *t = litmus_tests; *t; t++)
        named += strcmp(name, "all") == 0 || strcmp(name, (*t)->name) == 0;
    for (const struct litmus_test *const *t = litmus_tests; *t && n < max; t++) {
        if (strcmp(name, "all") != 0 && strcmp(name, (*t)->name) != 0)
            continue;
        /* "  sb (1 of 4)" on the progress line, for litmus all. */
        watch->line.strategy = (*t)->name;
        watch->line.k = n + 1;
        watch->line.n = named > 1 ? named : 0;
        run.test = *t;
        if (litmus_run(&run, &res[n], msg, sizeof msg) != 0) {
            fprintf(err, "racedemo litmus %s: %s\n", (*t)->name, msg);
            return -1;
        }
        /* A stop: the test it came in (when it came between two tests,
         * the next, which then completes no trial) is the last. */
        if (res[n++].interrupted)
            break;
    }
    return (int)n;
}

/* Runs the test named (or all) and renders; the exit status. */
static int run_tests(FILE *out, FILE *err, const struct text_layout *screen,
                     struct litmus_options *o, const char *name)
{
    enum { MAX_RUNS = 16 };
    struct litmus_result res[MAX_RUNS];
    char *command = command_line(name, o);
    if (!command) {
        fprintf(err, "racedemo litmus: out of memory\n");
        return EXIT_FAILED;
    }
    struct run_watch watch;
    run_watch_begin(&watch, err, WATCH_LITMUS);
    int ran = run_named(err, o, name, &watch, res, MAX_RUNS);
    run_watch_report(&watch);
    size_t n = ran > 0 ? (size_t)ran : 0;
    bool rendered = ran >= 0 && render(out, screen, o, command, res, n);
    run_watch_end(&watch, out);
    free(command);
    if (ran < 0)
        return EXIT_FAILED;
    if (!rendered) {
        fprintf(err, "racedemo litmus: out of memory for the page\n");
        return EXIT_FAILED;
    }
    int status = EXIT_OK;
    for (size_t i = 0; i < n; i++)
        if (litmus_forbidden_seen(&res[i], LITMUS_C11))
            status = EXIT_CHECK_FAILED;
    /* 130, 143, 129 for a stop signal, during the trials or while the
     * report was written (over 1, as in a free run). */
    return run_watch_status(status);
}

int litmus_command(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout)
{
    struct litmus_options o;
    const char *name;
    char msg[512];
    switch (parse(argc, argv, &o, &name, msg, sizeof msg)) {
    case OPT_HELP: {
        struct format_fit fit;
        litmus_print_help(format_fit_begin(&fit, out, layout), layout);
        return cli_fit_end(&fit, err, "racedemo litmus", EXIT_OK);
    }
    case OPT_OK:
        return run_tests(out, err, layout, &o, name);
    default:
        fprintf(err, "racedemo litmus: %s\n", msg);
        return EXIT_USAGE;
    }
}

static void explain_test(FILE *out, const struct text_layout *layout, const struct litmus_test *t)
{
    fprintf(out, "%s (litmus test): %s\n\n", t->name, t->title);
    for (unsigned i = 0; i < t->threads; i++)
        fprintf(out, "  thread %c:  %s\n", 'A' + (int)i, t->code[i]);
    fprintf(out, "\n%s\n--fence puts %s.\n\n", t->about, t->fence);
    fprintf(out, "Which models allow the outcome sequential consistency forbids:\n");
    for (unsigned order = 0; order < LITMUS_ORDERS; order++)
        for (unsigned fence = 0; fence < 2; fence++) {
            const struct litmus_row *row = &t->rows[order][fence];
            char left[64], text[600];
            snprintf(left, sizeof left, "%s%s", litmus_order_names[order], fence ? " --fence" : "");
            snprintf(text, sizeof text, "x86-TSO %s, arm64 %s, C11 %s: %s",
                     row->allowed[LITMUS_X86] ? "yes" : "no",
                     row->allowed[LITMUS_ARM64] ? "yes" : "no",
                     row->allowed[LITMUS_C11] ? "yes" : "no", row->why);
            format_wrapped(out, layout, 23, left, text);
        }
    if (t->lesson)
        fprintf(out, "\n%s.\n", t->lesson);
    fprintf(out, "Shows it: racedemo litmus %s\n", t->name);
}

int litmus_explain(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout)
{
    const struct litmus_test *t = argc == 2 ? litmus_find(argv[1]) : NULL;
    if (!t) {
        fprintf(err, "racedemo explain litmus: name one test: ");
        print_test_names(err);
        fprintf(err, " (racedemo explain litmus sb)\n");
        return EXIT_USAGE;
    }
    explain_test(out, layout, t);
    return EXIT_OK;
}
