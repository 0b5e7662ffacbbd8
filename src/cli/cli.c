/* cli/cli.c: global options, the command table, and running a workload from
 * its options to its report and exit status. */
#define _GNU_SOURCE /* getopt_long */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "racedemo/racedemo.h"
#include "compare/compare.h"
#include "compare/render.h"
#include "report/format.h"
#include "litmus/command.h"
#include "racedemo/litmus.h"
#include "core/platform.h"
#include "racedemo/options.h"
#include "report/render.h"
#include "report/words.h"
#include "racedemo/replay.h"
#include "racedemo/workload.h"
#include "replay/command.h"
#include "run/rules.h"
#include "run/run.h"
#include "cli/cli.h"
#include "result/verdict.h"
#include "core/options.h"

#ifndef RACEDEMO_VERSION
#define RACEDEMO_VERSION "unknown"
#endif

/* What dispatch does around a command, read in one place. */
enum command_flags {
    /* Fits its own output to the width as it writes it (a table that
     * fills in row by row); else its output is laid out in memory and
     * fitted on its way out. */
    CMD_FITS_ITSELF = 1 << 0,
    /* Answers --help itself; else `racedemo CMD --help` prints the usage
     * line and summary from this table. */
    CMD_OWN_HELP = 1 << 1,
};

struct command {
    const char *name;
    const char *usage;
    const char *summary;
    int (*fn)(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout);
    unsigned flags; /* enum command_flags */
};

static int cmd_list(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout);
static int cmd_help(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout);
static int cmd_compare(int argc, char **argv, FILE *out, FILE *err,
                       const struct text_layout *layout);
static int cmd_explain(int argc, char **argv, FILE *out, FILE *err,
                       const struct text_layout *layout);

static const struct command commands[] = {
    {"compare", "compare WORKLOAD [options]", "run a workload under every strategy, side by side",
     cmd_compare, CMD_FITS_ITSELF | CMD_OWN_HELP},
    {"explain", "explain NAME",
     "how a strategy or workload works, and how it fails (litmus: "
     "explain litmus TEST)",
     cmd_explain, 0},
    {"litmus", "litmus [TEST] [options]",
     "the memory model's litmus tests (sb, mp, lb, iriw): each outcome, how often", litmus_command,
     CMD_FITS_ITSELF | CMD_OWN_HELP},
    {"list", "list", "list every workload and sync strategy", cmd_list, 0},
    {"help", "help [WORKLOAD|COMMAND]", "show this help, or a workload's, compare's or litmus's",
     cmd_help, 0},
    {NULL, NULL, NULL, NULL, 0},
};

static const char exit_status_text[] =
    "Exit status:\n"
    "  0    the run completed (a race is a successful demonstration); help, list\n"
    "  1    with --check: a result was wrong (verdict RACE: a wrong total, audit,\n"
    "       list...); NO RACE SEEN is not wrong. compare: in any strategy's row\n"
    "  2    bad command line: nothing was run\n"
    "  3    STUCK or STALLED: nothing moved for --timeout seconds; the watchdog\n"
    "       stopped the run (compare shows it in the row and goes on); or a\n"
    "       replay (--schedule) ended STUCK; or (STALLED) a worker process was\n"
    "       stopped by a signal (SIGSTOP) for --timeout seconds\n"
    "  4    the run could not be done (no threads, processes or memory), or a worker\n"
    "       process died; or the output could not be written (a full disk, a closed\n"
    "       pipe or stdout): this one wins over every other status\n"
    "  5    DEADLOCK: every unfinished thread asleep with nobody left to wake it\n"
    "       (prodcons, free run or --schedule); the watchdog woke them and stopped it\n"
    "  130  interrupted by Ctrl-C (143: by SIGTERM); the completed trials are reported\n";

/* A command whose output is written whole (help, list, explain): laid
 * out in memory, then fitted to the width on its way to out. */
static int fitted(int (*fn)(int argc, char **argv, FILE *out, FILE *err,
                            const struct text_layout *layout),
                  int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout)
{
    struct format_fit fit;
    int status = fn(argc, argv, format_fit_begin(&fit, out, layout), err, layout);
    format_fit_end(&fit);
    return status;
}

/* The same for a printer of help. */
static void print_fitted(void (*print)(FILE *out, const struct text_layout *layout,
                                       const struct workload *w),
                         FILE *out, const struct text_layout *layout, const struct workload *w)
{
    struct format_fit fit;
    print(format_fit_begin(&fit, out, layout), layout, w);
    format_fit_end(&fit);
}

static void print_workloads(FILE *out)
{
    fprintf(out, "Workloads (racedemo WORKLOAD [options]):\n");
    for (const struct workload *const *w = workloads; *w; w++)
        fprintf(out, "  %-10s %s\n", (*w)->name, (*w)->summary);
}

/* The seed's first attempt, which a user program cannot make. */
static const char disable_interrupts_line[] =
    "(disable-interrupts, the seed's first attempt, cannot exist in a user program: "
    "racedemo explain disable-interrupts)";
static const char disable_interrupts_explain[] =
    "disable-interrupts (not available): the seed's first attempt\n\n"
    "  mutex_begin: disable interrupts;   mutex_end: enable interrupts;\n"
    "On a single processor a thread is only switched out by an interrupt, so with\n"
    "interrupts off nothing else runs until it turns them back on. A user program\n"
    "may not do this (the instruction traps: only the kernel may), and on a machine\n"
    "with several cores it would not help: the other cores keep running and can\n"
    "enter the critical section at the same moment. The kernel uses it, briefly,\n"
    "for data that only its own CPU touches. racedemo cannot show it; the nearest\n"
    "thing is one CPU for all threads: racedemo counter --no-pin, under taskset -c 0.\n";

static void print_strategies(FILE *out, const struct text_layout *layout)
{
    fprintf(out, "Sync strategies (--sync NAME); excl: whether it promises mutual exclusion\n"
                 "(without it, a right total is only NO RACE SEEN):\n");
    for (const struct sync_strategy *const *s = sync_strategies; *s; s++) {
        char text[256];
        if ((*s)->max_threads && (*s)->min_threads == (*s)->max_threads)
            snprintf(text, sizeof text, "%s [%u threads only]", (*s)->summary, (*s)->max_threads);
        else if ((*s)->max_threads)
            snprintf(text, sizeof text, "%s [up to %u threads]", (*s)->summary, (*s)->max_threads);
        else
            snprintf(text, sizeof text, "%s", (*s)->summary);
        if ((*s)->implementation) {
            size_t len = strlen(text);
            snprintf(text + len, sizeof text - len, " [here: %s]", (*s)->implementation());
        }
        char left[32];
        snprintf(left, sizeof left, "%-17s %s", (*s)->name, (*s)->exclusive ? "yes" : "no");
        format_wrapped(out, layout, 22, left, text);
    }
    fprintf(out, "  %s\n", disable_interrupts_line);
}

/* A usage line and what it does: side by side where the screen is wide
 * enough, else what it does under it, so that neither is squeezed. */
static void print_usage(FILE *out, const struct text_layout *layout, const char *usage,
                        const char *summary)
{
    if (layout->width >= 80) {
        format_wrapped(out, layout, 36, usage, summary);
        return;
    }
    fprintf(out, "  %s\n", usage);
    format_wrapped(out, layout, 4, "", summary);
}

static void print_main_help(FILE *out, const struct text_layout *layout,
                            const struct workload *unused)
{
    (void)unused; /* the shape of print_fitted's printers */
    fprintf(out, "racedemo %s: watch threads race on shared data, and the locks that stop them\n\n",
            RACEDEMO_VERSION);
    fprintf(out, "Usage:\n");
    print_usage(out, layout, "racedemo WORKLOAD [options]",
                "run a workload (options: racedemo WORKLOAD --help)");
    for (const struct command *c = commands; c->name; c++) {
        char usage[64];
        snprintf(usage, sizeof usage, "racedemo %s", c->usage);
        print_usage(out, layout, usage, c->summary);
    }
    print_usage(out, layout, "racedemo -l, --list", "the same as racedemo list");
    print_usage(out, layout, "racedemo -V, --version", "print the version");
    print_usage(out, layout, "racedemo -h, --help", "show this help");
    fputc('\n', out);
    print_workloads(out);
    fputc('\n', out);
    print_strategies(out, layout);
    fputc('\n', out);
    fprintf(out, "%s\n", exit_status_text);
    fprintf(out, "Try:\n"
                 "  racedemo counter                  2 threads, no lock: updates get lost\n"
                 "  racedemo counter --sync mutex     the same under a mutex: exact\n"
                 "  racedemo counter --trials 1000    how often, and how much, it loses\n"
                 "  racedemo compare counter          every strategy, side by side\n");
}

static void print_workload_help(FILE *out, const struct text_layout *layout,
                                const struct workload *w)
{
    struct opt_set sets[] = {workload_run_set(w, NULL, false), {.opts = w->options}};
    fprintf(out, "Usage: racedemo %s [options]\n\n%s: %s\n\n%s\n\nOptions:\n", w->name, w->name,
            w->summary, w->about);
    options_print_help(out, layout, sets, 2);
    fprintf(out, "\nNumbers are whole and may end in k, M or G (thousand, million,\n"
                 "billion). Threads are released together from a spinning start gate\n"
                 "and, when there are enough CPUs, pinned one to a CPU, so that their\n"
                 "work really overlaps.\n\n");
    print_strategies(out, layout);
    fprintf(out, "\n%s", exit_status_text);
}

static int cmd_list(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout)
{
    if (argc > 1) {
        fprintf(err, "racedemo list: unexpected argument '%s'; list takes none\n", argv[1]);
        return EXIT_USAGE;
    }
    print_workloads(out);
    fputc('\n', out);
    print_strategies(out, layout);
    return EXIT_OK;
}

static int cmd_explain(int argc, char **argv, FILE *out, FILE *err,
                       const struct text_layout *layout)
{
    if (argc >= 2 && strcmp(argv[1], "litmus") == 0)
        return litmus_explain(argc - 1, argv + 1, out, err, layout);
    if (argc != 2) {
        fprintf(err, "racedemo explain: name one strategy or workload, e.g. racedemo explain "
                     "flag (racedemo list shows them all)\n");
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "disable-interrupts") == 0) {
        fprintf(out, "%s", disable_interrupts_explain);
        return EXIT_OK;
    }
    const struct sync_strategy *s = sync_find(argv[1]);
    if (s) {
        fprintf(out, "%s (strategy): %s\n\n%s", s->name, s->summary, s->explain);
        if (s->implementation)
            fprintf(out, "This build's: %s.\n", s->implementation());
        return EXIT_OK;
    }
    const struct workload *w = workload_find(argv[1]);
    if (w) {
        fprintf(out, "%s (workload): %s\n\n%s\nShows it: racedemo %s\n", w->name, w->summary,
                w->about, w->name);
        return EXIT_OK;
    }
    if (litmus_find(argv[1]))
        fprintf(err, "racedemo explain: '%s' is a litmus test: racedemo explain litmus %s\n",
                argv[1], argv[1]);
    else
        fprintf(err,
                "racedemo explain: '%s' is neither a strategy nor a workload; try 'racedemo "
                "list'\n",
                argv[1]);
    return EXIT_USAGE;
}

/* Defined with the compare command it describes, further down. */
static void print_compare_help(FILE *out, const struct text_layout *layout,
                               const struct workload *w);

static int cmd_help(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout)
{
    if (argc == 1) {
        print_main_help(out, layout, NULL);
        return EXIT_OK;
    }
    if (argc > 2) {
        fprintf(err, "racedemo help: unexpected argument '%s'; help takes one workload name\n",
                argv[2]);
        return EXIT_USAGE;
    }
    /* `compare --help` works, so `help compare` must too. */
    if (strcmp(argv[1], "compare") == 0) {
        print_compare_help(out, layout, NULL);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "litmus") == 0) {
        litmus_print_help(out, layout);
        return EXIT_OK;
    }
    const struct workload *w = workload_find(argv[1]);
    if (!w) {
        fprintf(err, "racedemo help: '%s' is not a workload; try 'racedemo list'\n", argv[1]);
        return EXIT_USAGE;
    }
    print_workload_help(out, layout, w);
    return EXIT_OK;
}

/* Ctrl-C during trials: the first stops the run (the trial under way gets
 * a quarter of a second to end, then is given up: run/run.c) and the
 * summary of the completed trials is printed; a second exits at once. */
/* Set by the handler, read by the trial loop and the watchdog thread: a
 * lock-free atomic, which a signal handler may store to and other threads
 * may read without a data race (a volatile sig_atomic_t is only safe within
 * one thread). */
static atomic_int interrupted;
static_assert(ATOMIC_INT_LOCK_FREE == 2, "the Ctrl-C flag must be a lock-free atomic");

static void on_interrupt(int sig)
{
    static const char note[] =
        "\nracedemo: stopping; a trial not over in a quarter of a second is given up and\n"
        "left out of the report; Ctrl-C again quits at once\n";
    if (atomic_load_explicit(&interrupted, memory_order_relaxed)) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    atomic_store_explicit(&interrupted, sig, memory_order_relaxed);
    /* write(2) is async-signal-safe; a long trial can take a while to end. */
    if (write(STDERR_FILENO, note, sizeof note - 1) < 0)
        return;
}

/* The progress line on a terminal's standard error: one line, rewritten
 * in place, each version ending in \r. Every write goes through
 * progress_put, the one place that knows the line's width. */
struct progress {
    FILE *err;
    size_t shown; /* the length of the line on the terminal now, to blank */
    /* compare: the strategy under way, k of n (n 0: a single run) */
    const char *strategy;
    size_t k, n;
};

static void progress_put(struct progress *p, const char *text)
{
    char line[400];
    /* Asked each time: the terminal may have been resized. */
    int width = format_choose_width(getenv("COLUMNS"), platform_terminal_width(fileno(p->err)));
    fputs(format_progress_line(line, sizeof line, text, width), p->err);
    fflush(p->err);
    p->shown = strlen(text);
}

static void progress_clear(struct progress *p)
{
    if (!p->shown)
        return;
    fputs("\r\033[K", p->err); /* progress is only shown on a terminal */
    fflush(p->err);
    p->shown = 0;
}

/* "  mutex (3 of 15)" in compare, else "  ". */
static int progress_prefix(char *buf, size_t len, const struct progress *p)
{
    int n = p->n ? snprintf(buf, len, "  %s (%zu of %zu)", p->strategy, p->k, p->n)
                 : snprintf(buf, len, " ");
    return n < 0 ? 0 : (size_t)n < len ? n : (int)len - 1;
}

/* Trials done, elapsed and, when it can be known, what remains. */
static void show_progress(void *ctx, size_t done, const struct run_config *run, uint64_t elapsed_ns)
{
    struct progress *p = ctx;
    char line[256], count[48], elapsed[32], left[32] = "";
    int used = progress_prefix(line, sizeof line, p);
    format_duration(elapsed, sizeof elapsed, elapsed_ns);
    if (run->trials)
        snprintf(count, sizeof count, "%zu of %" PRIu64 " trials", done, run->trials);
    else
        format_counted(count, sizeof count, (int64_t)done, "trial");
    if (run->duration) {
        uint64_t limit = run->duration * 1000000000u;
        format_duration(left, sizeof left, limit > elapsed_ns ? limit - elapsed_ns : 0);
    } else if (done > 0 && run->trials > done) {
        double per = (double)elapsed_ns / (double)done;
        format_duration(left, sizeof left, (uint64_t)(per * (double)(run->trials - done)));
    }
    snprintf(line + used, sizeof line - (size_t)used, "%s %s done, %s elapsed%s%s%s",
             p->n ? ":" : "", count, elapsed, left[0] ? ", about " : "", left,
             left[0] ? " left" : "");
    progress_put(p, line);
}

/* While trials run: Ctrl-C and SIGTERM stop them, a terminal shows progress. */
struct run_watch {
    struct trials_hooks hooks;
    struct sigaction old_int, old_term;
    bool progress;
    struct progress line;
};

static void watch_begin(struct run_watch *w, FILE *err)
{
    struct sigaction action = {.sa_handler = on_interrupt, .sa_flags = SA_RESTART};
    w->progress = isatty(fileno(err));
    w->line = (struct progress){.err = err};
    w->hooks = (struct trials_hooks){
        .progress = w->progress ? show_progress : NULL, .ctx = &w->line, .stop = &interrupted};
    atomic_store_explicit(&interrupted, 0, memory_order_relaxed);
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &w->old_int);
    sigaction(SIGTERM, &action, &w->old_term);
    /* A signal ignored when racedemo started (nohup, a script's `&`) stays ignored. */
    if (w->old_int.sa_handler == SIG_IGN)
        sigaction(SIGINT, &w->old_int, NULL);
    if (w->old_term.sa_handler == SIG_IGN)
        sigaction(SIGTERM, &w->old_term, NULL);
}

static void watch_end(struct run_watch *w)
{
    sigaction(SIGINT, &w->old_int, NULL);
    sigaction(SIGTERM, &w->old_term, NULL);
    if (w->progress)
        progress_clear(&w->line);
}

/* Whether this run's text is coloured: --color, the output, NO_COLOR. */
static bool use_color(const struct run_config *run, FILE *out)
{
    if (run->format != FORMAT_TEXT || run->color == COLOR_NEVER)
        return false;
    int fd = fileno(out);
    return run->color == COLOR_ALWAYS ||
           format_color_auto(fd >= 0 && isatty(fd), getenv("NO_COLOR"));
}

/* The exit status of a finished free run. */
static int run_status(const struct run_config *run, const struct result *res)
{
    int status = verdict_exit_status(result_verdict(res), run->check);
    if (!res->stall.stuck && res->run.interrupted) /* the shell's convention: 130, 143 */
        status = 128 + atomic_load_explicit(&interrupted, memory_order_relaxed);
    return status;
}

static int run_and_render(const struct workload *w, const struct run_config *run,
                          const void *config, FILE *out, FILE *err,
                          const struct text_layout *layout)
{
    char msg[512];
    struct result res = {0};
    struct summary sum;
    struct run_watch watch;
    /* JSON and CSV rows are written as trials complete: a run of any
     * length is output in full, though the result keeps only its first
     * trials. The text report is rendered at the end. */
    struct render_stream stream = {
        .out = out, .json = run->format == FORMAT_JSON, .csv_header = true};
    bool streamed = run->format == FORMAT_JSON || run->format == FORMAT_CSV;
    watch_begin(&watch, err);
    if (streamed) {
        watch.hooks.trial = render_stream_trial;
        watch.hooks.trial_ctx = &stream;
    }
    int rc = workload_run(w, run, config, &watch.hooks, &res, msg, sizeof msg);
    watch_end(&watch);
    if (rc == 0 && !result_summarize(&res, &sum)) {
        rc = ENOMEM;
        snprintf(msg, sizeof msg, "out of memory summarising %zu trials", res.trials.count);
    }
    if (rc != 0) {
        /* Rows already written: end the document with what completed, so
         * that it stays valid, before saying why the run stopped. */
        if (stream.written && result_summarize(&res, &sum))
            render_stream_end(&stream, &res, &sum);
        fprintf(err, "racedemo %s: %s\n", w->name, msg);
        result_free(&res);
        return EXIT_FAILED;
    }
    bool rendered = true;
    if (streamed)
        render_stream_end(&stream, &res, &sum);
    else if (run->format == FORMAT_HTML)
        rendered = render_html(out, layout, &res, &sum, run->verbose);
    else {
        struct format_fit fit;
        render_text(format_fit_begin(&fit, out, layout), layout, &res, &sum, run->verbose);
        format_fit_end(&fit);
    }
    int status = run_status(run, &res);
    if (!rendered) {
        fprintf(err, "racedemo %s: out of memory for the page\n", w->name);
        status = EXIT_FAILED;
    }
    result_free(&res);
    return status;
}

/* compare as it runs: the progress line names the strategy under way,
 * and the text table gets each row as soon as it is final. */
struct compare_show {
    struct run_watch *watch;
    struct compare_text text;
    bool stream_text;
};

static void compare_starting(void *ctx, const struct comparison *c, size_t i)
{
    struct compare_show *show = ctx;
    struct progress *p = &show->watch->line;
    if (!show->watch->progress)
        return;
    *p = (struct progress){.err = p->err,
                           .shown = p->shown,
                           .strategy = c->rows[i].sync->name,
                           .k = i + 1,
                           .n = c->planned};
    char line[128];
    progress_prefix(line, sizeof line, p);
    progress_put(p, line);
}

/* Row i of the table (or with `end` what follows the rows) through
 * format_fit, so that a line the table could not narrow to the width
 * wraps; then straight out, for the class watching it fill in. */
static void compare_text_fitted(struct compare_text *t, const struct comparison *c, size_t i,
                                bool end)
{
    struct format_fit fit;
    FILE *real = t->out;
    t->out = format_fit_begin(&fit, real, t->layout);
    if (end)
        render_compare_text_end(t, c);
    else
        render_compare_text_row(t, c, i);
    format_fit_end(&fit);
    t->out = real;
    fflush(real);
}

static void compare_done(void *ctx, const struct comparison *c, size_t i)
{
    struct compare_show *show = ctx;
    if (show->watch->progress) /* the row goes where the line was */
        progress_clear(&show->watch->line);
    if (show->stream_text)
        compare_text_fitted(&show->text, c, i, false);
}

static int compare_and_render(const struct workload *w, const struct run_config *run,
                              const void *config, FILE *out, FILE *err,
                              const struct text_layout *layout)
{
    char msg[512];
    struct comparison c;
    struct run_watch watch;
    struct compare_show show = {.watch = &watch, .stream_text = run->format == FORMAT_TEXT};
    struct compare_hooks hooks = {.starting = compare_starting, .done = compare_done, .ctx = &show};
    if (show.stream_text) {
        /* The command line that repeats it, compare's own defaults included. */
        struct run_config shown = *run;
        compare_defaults(&shown);
        render_compare_text_begin(&show.text, out, layout, w, &shown, config);
    }
    watch_begin(&watch, err);
    int rc = compare_run(w, run, config, &watch.hooks, &hooks, &c, msg, sizeof msg);
    watch_end(&watch);
    if (rc != 0) {
        fprintf(err, "racedemo compare %s: %s\n", w->name, msg);
        compare_free(&c);
        return EXIT_FAILED;
    }
    switch (run->format) {
    case FORMAT_JSON:
        render_compare_json(out, &c);
        break;
    case FORMAT_CSV:
        render_compare_csv(out, &c);
        break;
    case FORMAT_HTML:
        if (!render_compare_html(out, layout, &c)) {
            fprintf(err, "racedemo compare %s: out of memory for the page\n", w->name);
            compare_free(&c);
            return EXIT_FAILED;
        }
        break;
    default:
        compare_text_fitted(&show.text, &c, c.nrows, true);
        break;
    }
    int status = EXIT_OK;
    if (c.interrupted)
        status = 128 + atomic_load_explicit(&interrupted, memory_order_relaxed);
    else if (run->check && compare_any_race(&c))
        status = EXIT_CHECK_FAILED;
    compare_free(&c);
    return status;
}

/* What parsing and the rules make of argv (argv[0]: the workload's name). */
enum prepared { PREPARED, PREPARED_HELP, PREPARED_NAMES, PREPARED_WRONG };

/* Parses argv into run, config and given, settles what the options left
 * out, and checks every rule (run/rules.c): the one path to a run, a
 * replay or a comparison, and to cli_run_once's and cli_check's. */
static enum prepared prepare(const struct workload *w, bool compare, int argc, char **argv,
                             struct run_config *run, void *config, struct rules_given *given,
                             char *msg, size_t len)
{
    struct opt_set sets[] = {workload_run_set(w, run, compare),
                             {.opts = w->options, .base = config, .given = &given->workload}};
    sets[0].given = &given->run;
    switch (options_parse(sets, 2, argc, argv, msg, len)) {
    case OPT_HELP:
        return PREPARED_HELP;
    case OPT_NAMES_LIST:
        return PREPARED_NAMES;
    case OPT_ERROR:
        return PREPARED_WRONG;
    case OPT_OK:
        break;
    }
    rules_settle(w, run, config, *given);
    return rules_check(w, run, config, *given, compare, msg, len) == 0 ? PREPARED : PREPARED_WRONG;
}

/* What `racedemo [compare] WORKLOAD ...` does before a thread starts:
 * prepare(), printing --help, the strategies or the usage error. -1 when
 * the command is to run; else its exit status. */
static int parse_and_check(const struct workload *w, bool compare, int argc, char **argv,
                           struct run_config *run, void *config, struct rules_given *given,
                           FILE *out, FILE *err, const struct text_layout *layout)
{
    char msg[512];
    switch (prepare(w, compare, argc, argv, run, config, given, msg, sizeof msg)) {
    case PREPARED:
        return -1;
    case PREPARED_HELP:
        print_fitted(compare ? print_compare_help : print_workload_help, out, layout, w);
        return EXIT_OK;
    case PREPARED_NAMES: {
        struct format_fit fit;
        print_strategies(format_fit_begin(&fit, out, layout), layout);
        format_fit_end(&fit);
        return EXIT_OK;
    }
    case PREPARED_WRONG:
        break;
    }
    fprintf(err, "racedemo %s%s: %s\n", compare ? "compare " : "", w->name, msg);
    return EXIT_USAGE;
}

/* `racedemo WORKLOAD ...` or, with `compare`, `racedemo compare WORKLOAD ...`:
 * parse, check, run, render; argv[0] is the workload's name. The run's
 * text is laid out for the screen's width, coloured as its --color says. */
static int run_command(const struct workload *w, bool compare, int argc, char **argv, FILE *out,
                       FILE *err, const struct text_layout *screen)
{
    struct run_config run = {0};
    void *config = calloc(1, w->config_size);
    if (!config) {
        fprintf(err, "racedemo %s%s: out of memory\n", compare ? "compare " : "", w->name);
        return EXIT_FAILED;
    }
    struct rules_given given = {0};
    int status = parse_and_check(w, compare, argc, argv, &run, config, &given, out, err, screen);
    const struct text_layout layout = {.width = screen->width,
                                       .color = status < 0 && use_color(&run, out)};
    if (status >= 0)
        ; /* help, or a usage error: nothing to run */
    else if (run.schedule)
        status = replay_command_run(w, &run, config, given.workload, out, err, &layout);
    else if (compare)
        status = compare_and_render(w, &run, config, out, err, &layout);
    else
        status = run_and_render(w, &run, config, out, err, &layout);
    free(config);
    return status;
}

static void print_compare_help(FILE *out, const struct text_layout *layout,
                               const struct workload *w)
{
    fprintf(out,
            "Usage: racedemo compare %s [options]\n\n"
            "Runs the workload once per strategy (or --trials N each) with the same\n"
            "settings and prints one table, a row as each strategy finishes: expected,\n"
            "observed and lost totals, the verdict, the median time, ns per operation;\n"
            "then each time relative to mutex (or, without it, a baseline a note names)\n"
            "and a bar, linear or, past 30x, log scale. Every strategy runs unless\n"
            "--sync names some, in the order given: --sync mutex,tas,peterson. A\n"
            "strategy whose thread limits exclude the run is listed as skipped; one\n"
            "that stalls (flags-set-first) shows STUCK after --timeout seconds (0.5\n"
            "unless given), and the others still run. Each strategy's trials get\n"
            "--budget seconds (3 unless given, none with --duration): then they stop\n"
            "at a clean point, the row says so, and its expected total is what the\n"
            "threads did. --format json|csv\n"
            "print every trial of every strategy; --check fails (status 1) if any\n"
            "strategy's verdict is RACE (a trial ended wrong), as it does for one\n"
            "run: name the strategies to check with --sync.\n\n",
            w ? w->name : "WORKLOAD");
    if (w) {
        struct opt_set sets[] = {workload_run_set(w, NULL, true), {.opts = w->options}};
        fprintf(out, "Options (racedemo %s --help says more of each):\n", w->name);
        options_print_help(out, layout, sets, 2);
    } else {
        fprintf(out, "Options: the workload's own, except --schedule, --quiz, --answers\n"
                     "and --trace (racedemo compare WORKLOAD --help lists them).\n\n");
        print_workloads(out);
    }
    fprintf(out, "\n%s", exit_status_text);
}

static int cmd_compare(int argc, char **argv, FILE *out, FILE *err,
                       const struct text_layout *layout)
{
    if (argc >= 3 && strcmp(argv[1], "--") == 0) { /* compare -- counter: a name all the same */
        argv[1] = argv[0];
        argc--;
        argv++;
    }
    if (argc < 2) {
        fprintf(err, "racedemo compare: name a workload: racedemo compare counter\n");
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        print_fitted(print_compare_help, out, layout, NULL);
        return EXIT_OK;
    }
    const struct workload *w = workload_find(argv[1]);
    if (!w) {
        fprintf(err, "racedemo compare: '%s' is not a workload; try 'racedemo list'\n", argv[1]);
        return EXIT_USAGE;
    }
    return run_command(w, true, argc - 1, argv + 1, out, err, layout);
}

static void list_command_names(char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (const struct workload *const *w = workloads; *w && used < len; w++)
        used += (size_t)snprintf(buf + used, len - used, "%s, ", (*w)->name);
    for (const struct command *c = commands; c->name && used < len; c++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", c->name, c[1].name ? ", " : "");
}

int racedemo_main(int argc, char **argv, FILE *out, FILE *err)
{
    static const struct option global[] = {
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"list", no_argument, NULL, 'l'},
        {NULL, 0, NULL, 0},
    };
    /* Every text renderer lays out for this width; colour waits for the
     * run's --color. */
    const struct text_layout screen = {
        .width = format_choose_width(getenv("COLUMNS"), platform_terminal_width(fileno(out)))};
    optind = 0; /* glibc: start afresh */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+hVl", global, NULL)) != -1) {
        /* -h, -V and -l stand alone: a word after them would do nothing. */
        if ((c == 'h' || c == 'V' || c == 'l') && optind < argc) {
            fprintf(err, "racedemo: %s takes nothing after it; got '%s'\n", argv[optind - 1],
                    argv[optind]);
            return EXIT_USAGE;
        }
        switch (c) {
        case 'h':
            print_fitted(print_main_help, out, &screen, NULL);
            return EXIT_OK;
        case 'V':
            fprintf(out, "racedemo %s\n", RACEDEMO_VERSION);
            return EXIT_OK;
        case 'l':
            return fitted(cmd_list, 1, argv, out, err, &screen);
        default: {
            char unknown[64];
            if (optopt == 'h' || optopt == 'V' || optopt == 'l') {
                const char *name = optopt == 'h' ? "help" : optopt == 'V' ? "version" : "list";
                fprintf(err, "racedemo: --%s takes no value; got '%s'\n", name, argv[optind - 1]);
                return EXIT_USAGE;
            }
            fprintf(err,
                    "racedemo: unknown option %s; see racedemo --help (a workload's "
                    "options go after its name: racedemo counter --threads 4)\n",
                    options_name_unknown(unknown, sizeof unknown, optopt, argv[optind - 1]));
            return EXIT_USAGE;
        }
        }
    }
    if (optind >= argc) {
        fprintf(err, "racedemo: no command given; try 'racedemo counter' or 'racedemo --help'\n");
        return EXIT_USAGE;
    }
    const char *name = argv[optind];
    const struct workload *w = workload_find(name);
    if (w)
        return run_command(w, false, argc - optind, argv + optind, out, err, &screen);
    for (const struct command *cmd = commands; cmd->name; cmd++)
        if (strcmp(cmd->name, name) == 0 && !(cmd->flags & CMD_OWN_HELP) && argc - optind == 2 &&
            (strcmp(argv[optind + 1], "--help") == 0 || strcmp(argv[optind + 1], "-h") == 0)) {
            fprintf(out, "Usage: racedemo %s\n\n%c%s.\n", cmd->usage,
                    toupper((unsigned char)cmd->summary[0]), cmd->summary + 1);
            return EXIT_OK;
        } else if (strcmp(cmd->name, name) == 0)
            return cmd->flags & CMD_FITS_ITSELF
                       ? cmd->fn(argc - optind, argv + optind, out, err, &screen)
                       : fitted(cmd->fn, argc - optind, argv + optind, out, err, &screen);
    char names[256];
    list_command_names(names, sizeof names);
    fprintf(err, "racedemo: unknown command '%s'; commands are %s\n", name, names);
    return EXIT_USAGE;
}

int racedemo_finish_output(FILE *out, FILE *err, int status)
{
    /* A write that failed on the way left the error flag set. glibc keeps
     * what it could not write, so flushing once more tries it again and
     * leaves the reason in errno for the message. */
    bool failed = ferror(out);
    int why = 0;
    clearerr(out);
    errno = 0;
    if (fflush(out) != 0 || ferror(out)) {
        failed = true;
        why = errno;
    }
    /* Closing catches an error a file system reports only then. EBADF
     * with nothing left to write is a stdout closed by the caller that
     * racedemo never wrote to (a usage error, `racedemo counter
     * --sync nope >&-`): nothing was lost. */
    errno = 0;
    if (fclose(out) != 0 && (errno != EBADF || failed)) {
        failed = true;
        why = why ? why : errno;
    }
    if (!failed)
        return status;
    if (why)
        fprintf(err, "racedemo: writing the output failed: %s (some or all of it is lost)\n",
                strerror(why));
    else
        fprintf(err, "racedemo: writing the output failed (some or all of it is lost)\n");
    return EXIT_FAILED;
}

struct cli_run *cli_run_once(int argc, char **argv, int *status, FILE *err)
{
    const struct workload *w = argc > 0 ? workload_find(argv[0]) : NULL;
    *status = EXIT_USAGE;
    if (!w) {
        fprintf(err, "racedemo: '%s' is not a workload\n", argc > 0 ? argv[0] : "");
        return NULL;
    }
    struct cli_run *cr = calloc(1, sizeof *cr);
    void *config = calloc(1, w->config_size);
    if (!cr || !config) {
        fprintf(err, "racedemo %s: out of memory\n", w->name);
        free(cr);
        free(config);
        *status = EXIT_FAILED;
        return NULL;
    }
    cr->config = config;
    struct rules_given given = {0};
    char msg[512];
    enum prepared p = prepare(w, false, argc, argv, &cr->run, config, &given, msg, sizeof msg);
    if (p == PREPARED_HELP || p == PREPARED_NAMES) {
        snprintf(msg, sizeof msg, "--help and --sync help are not runs");
    } else if (p == PREPARED && cr->run.schedule) {
        snprintf(msg, sizeof msg, "--schedule is not a free run");
    } else if (p == PREPARED) {
        int rc = workload_run(w, &cr->run, config, NULL, &cr->res, msg, sizeof msg);
        if (rc == 0 && !result_summarize(&cr->res, &cr->sum)) {
            rc = ENOMEM;
            snprintf(msg, sizeof msg, "out of memory summarising %zu trials", cr->res.trials.count);
        }
        if (rc == 0) {
            *status = run_status(&cr->run, &cr->res);
            return cr;
        }
        *status = EXIT_FAILED;
    }
    fprintf(err, "racedemo %s: %s\n", w->name, msg);
    cli_run_free(cr);
    return NULL;
}

void cli_run_free(struct cli_run *cr)
{
    if (!cr)
        return;
    result_free(&cr->res);
    free(cr->config);
    free(cr);
}

int cli_check(int argc, char **argv, FILE *out, FILE *err)
{
    bool compare = argc > 0 && strcmp(argv[0], "compare") == 0;
    const struct workload *w = argc > (int)compare ? workload_find(argv[compare]) : NULL;
    if (!w) {
        fprintf(err, "racedemo: no workload named\n");
        return EXIT_USAGE;
    }
    struct run_config run = {0};
    void *config = calloc(1, w->config_size);
    if (!config)
        return EXIT_FAILED;
    struct rules_given given = {0};
    const struct text_layout layout = {.width = FORMAT_WIDTH_DEFAULT}; /* help goes to out */
    int status = parse_and_check(w, compare, argc - compare, argv + compare, &run, config, &given,
                                 out, err, &layout);
    if (status < 0 && run.schedule)
        status = replay_command_check(w, &run, config, given.workload, err);
    free(config);
    return status < 0 ? EXIT_OK : status;
}
