/* cli/help.c: --help, a workload's help, list, explain and help
 * (cli/help.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/glossary.h"
#include "cli/help.h"
#include "compare/command.h"
#include "core/options.h"
#include "explore/command.h"
#include "play/command.h"
#include "litmus/command.h"
#include "racedemo/litmus.h"
#include "racedemo/racedemo.h"
#include "racedemo/sync.h"
#include "run/rules.h"

#ifndef RACEDEMO_VERSION
#define RACEDEMO_VERSION "unknown"
#endif

const char cli_exit_status_text[] =
    "Exit status:\n"
    "  0    the run completed (a race is a successful demonstration); help, list\n"
    "  1    with --check: a result was wrong (verdict RACE: a wrong total, audit,\n"
    "       list...), even if a later trial stalled; NO RACE SEEN is not wrong.\n"
    "       compare: in any strategy's row\n"
    "  2    bad command line: nothing was run\n"
    "  3    STUCK or STALLED: nothing moved for --timeout seconds; the watchdog\n"
    "       stopped the run (compare shows it in the row and goes on); or a\n"
    "       replay (--schedule) ended STUCK; or (STALLED) a worker process was\n"
    "       stopped by a signal (SIGSTOP) for --timeout seconds\n"
    "  4    the run could not be done (no threads, processes or memory), or a worker\n"
    "       process died; or the output could not be written (a full disk, a closed\n"
    "       stdout, a pipe closed early while SIGPIPE is ignored): one line says so,\n"
    "       and this status wins over every other\n"
    "  5    DEADLOCK: every unfinished thread asleep with nobody left to wake it\n"
    "       (prodcons, free run or --schedule); the watchdog woke them and stopped it\n"
    "  130  stopped by Ctrl-C (143: SIGTERM, 129: SIGHUP): the trial under way ends\n"
    "       or is given up, no other starts, and the report of the completed trials is\n"
    "       written whole, saying so (a signal after the trials: the whole report);\n"
    "       a second signal quits at once. 3, 4 and 5 win over it\n"
    "A pipe closed early (racedemo counter | head -1) ends racedemo by SIGPIPE,\n"
    "quietly, as any filter: the shell reports 141. Ctrl-\\ (SIGQUIT) quits at once.\n";

int cli_fitted(int (*fn)(int argc, char **argv, FILE *out, FILE *err,
                         const struct text_layout *layout),
               int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout)
{
    struct format_fit fit;
    int status = fn(argc, argv, format_fit_begin(&fit, out, layout), err, layout);
    return cli_fit_end(&fit, err, "racedemo", status);
}

int cli_print_fitted(void (*print)(FILE *out, const struct text_layout *layout,
                                   const struct workload *w),
                     FILE *out, FILE *err, const struct text_layout *layout,
                     const struct workload *w)
{
    struct format_fit fit;
    print(format_fit_begin(&fit, out, layout), layout, w);
    return cli_fit_end(&fit, err, "racedemo", EXIT_OK);
}

int cli_fit_end(struct format_fit *fit, FILE *err, const char *who, int status)
{
    if (format_fit_end(fit))
        return status;
    fprintf(err, "%s: out of memory laying out the text (none of it was written)\n", who);
    return EXIT_FAILED;
}

void cli_print_workloads(FILE *out)
{
    fprintf(out, "Workloads (racedemo WORKLOAD [options]):\n");
    for (const struct workload *const *w = workloads; *w; w++)
        fprintf(out, "  %-10s %s\n", (*w)->name, (*w)->summary);
}

/* The lecture notes' first attempt, which a user program cannot make. */
static const char disable_interrupts_line[] =
    "(disable-interrupts, the notes' first attempt, is not for a user program: "
    "racedemo explain disable-interrupts)";
static const char disable_interrupts_explain[] =
    "disable-interrupts (not available): the lecture notes' first attempt\n\n"
    "  mutex_begin: disable interrupts;   mutex_end: enable interrupts;\n"
    "On a single processor a thread is only switched out by an interrupt, so with\n"
    "interrupts off nothing else runs until it turns them back on. A user program\n"
    "may not do this (the instruction traps: only the kernel may), and on a machine\n"
    "with several cores it would not help: the other cores keep running and can\n"
    "enter the critical section at the same moment. The kernel uses it, briefly,\n"
    "for data that only its own CPU touches. racedemo cannot show it; the nearest\n"
    "thing is one CPU for all threads: racedemo counter --no-pin, under taskset -c 0.\n";

void cli_print_strategies(FILE *out, const struct text_layout *layout)
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

void cli_print_main_help(FILE *out, const struct text_layout *layout, const struct workload *unused)
{
    (void)unused; /* the shape of cli_print_fitted's printers */
    fprintf(out, "racedemo %s: watch threads race on shared data, and the locks that stop them\n\n",
            RACEDEMO_VERSION);
    fprintf(out, "Usage:\n");
    print_usage(out, layout, "racedemo WORKLOAD [options]",
                "run a workload (options: racedemo WORKLOAD --help)");
    for (const struct command *c = cli_commands; c->name; c++) {
        char usage[64];
        snprintf(usage, sizeof usage, "racedemo %s", c->usage);
        print_usage(out, layout, usage, c->summary);
    }
    print_usage(out, layout, "racedemo -l, --list", "the same as racedemo list");
    print_usage(out, layout, "racedemo -V, --version", "print the version");
    print_usage(out, layout, "racedemo -h, --help", "show this help");
    fputc('\n', out);
    cli_print_workloads(out);
    fputc('\n', out);
    cli_print_strategies(out, layout);
    fputc('\n', out);
    fprintf(out, "%s\n", cli_exit_status_text);
    fprintf(out, "Try:\n"
                 "  racedemo counter                  2 threads, no lock: updates get lost\n"
                 "  racedemo counter --sync mutex     the same under a mutex: exact\n"
                 "  racedemo counter --trials 1000    how often, and how much, it loses\n"
                 "  racedemo compare counter          every strategy, side by side\n");
}

void cli_print_workload_help(FILE *out, const struct text_layout *layout, const struct workload *w)
{
    struct opt_set sets[] = {workload_run_set(w, NULL, false), {.opts = w->options}};
    fprintf(out, "Usage: racedemo %s [options]\n\n%s: %s\n\n%s\n\nOptions:\n", w->name, w->name,
            w->summary, w->about);
    options_print_help(out, layout, sets, 2);
    fprintf(out, "\nNumbers are whole and may end in k, M or G (thousand, million,\n"
                 "billion). Threads are released together from a spinning start gate\n"
                 "and, when there are enough CPUs, pinned one to a CPU, so that their\n"
                 "work really overlaps.\n\n");
    cli_print_strategies(out, layout);
    fprintf(out, "\n%s", cli_exit_status_text);
}

int cmd_list(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout)
{
    if (argc > 1) {
        char got[OPT_QUOTE_LEN];
        fprintf(err, "racedemo list: unexpected argument %s; list takes none\n",
                options_quote(got, sizeof got, argv[1]));
        return EXIT_USAGE;
    }
    cli_print_workloads(out);
    fputc('\n', out);
    cli_print_strategies(out, layout);
    return EXIT_OK;
}

/* `explain glossary` lists every word; `explain lock bus` (several words)
 * finds one; a single word is looked up after the strategies and workloads,
 * which share some names with steps (flag, turn). */
static bool explain_glossary(int argc, char **argv, FILE *out, const struct text_layout *layout)
{
    if (argc == 2 && strcmp(argv[1], "glossary") == 0) {
        glossary_print_all(out, layout);
        return true;
    }
    char joined[128];
    const struct glossary_entry *e = NULL;
    if (argc > 2 && glossary_join(joined, sizeof joined, argc - 1, argv + 1))
        e = glossary_find(joined);
    if (e)
        glossary_print(out, layout, e);
    return e != NULL;
}

/* A strategy whose name is also a step's (flag, turn, tas, ticket). */
static void explain_also_a_word(const char *name, FILE *out, const struct text_layout *layout)
{
    const struct glossary_entry *e = glossary_find(name);
    if (!e)
        return;
    fprintf(out, "\n%s is also a word racedemo prints:\n", name);
    glossary_print(out, layout, e);
}

int cmd_explain(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout)
{
    if (argc >= 2 && explain_glossary(argc, argv, out, layout))
        return EXIT_OK;
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
        explain_also_a_word(argv[1], out, layout);
        return EXIT_OK;
    }
    const struct workload *w = workload_find(argv[1]);
    if (w) {
        fprintf(out, "%s (workload): %s\n\n%s\nShows it: racedemo %s\n", w->name, w->summary,
                w->about, w->name);
        return EXIT_OK;
    }
    const struct glossary_entry *word = glossary_find(argv[1]);
    if (word) {
        glossary_print(out, layout, word);
        return EXIT_OK;
    }
    const struct litmus_test *t = litmus_find(argv[1]);
    char got[OPT_QUOTE_LEN];
    const struct glossary_entry *near = glossary_nearest(argv[1]);
    if (t)
        fprintf(err, "racedemo explain: '%s' is a litmus test: racedemo explain litmus %s\n",
                t->name, t->name);
    else if (near)
        fprintf(err,
                "racedemo explain: %s is not a strategy, a workload or a word racedemo "
                "prints; did you mean '%s'?\n",
                options_quote(got, sizeof got, argv[1]), near->term);
    else {
        char named[96];
        fprintf(err,
                "racedemo explain: %s is not a strategy, a workload or a word racedemo "
                "prints; try 'racedemo list' or 'racedemo explain glossary'%s\n",
                options_quote(got, sizeof got, argv[1]),
                cli_did_you_mean(named, sizeof named, argv[1],
                                 CLI_NAME_WORKLOADS | CLI_NAME_STRATEGIES | CLI_NAME_LITMUS));
    }
    return EXIT_USAGE;
}

int cmd_help(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout)
{
    if (argc == 1) {
        cli_print_main_help(out, layout, NULL);
        return EXIT_OK;
    }
    char got[OPT_QUOTE_LEN];
    if (argc > 2) {
        fprintf(err, "racedemo help: unexpected argument %s; help takes one workload name\n",
                options_quote(got, sizeof got, argv[2]));
        return EXIT_USAGE;
    }
    /* `compare --help` works, so `help compare` must too. */
    if (strcmp(argv[1], "compare") == 0) {
        compare_print_help(out, layout, NULL);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "litmus") == 0) {
        litmus_print_help(out, layout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "explore") == 0) {
        explore_print_help(out, layout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "play") == 0) {
        play_print_help(out, layout);
        return EXIT_OK;
    }
    const struct workload *w = workload_find(argv[1]);
    if (!w) {
        char near[96];
        fprintf(
            err, "racedemo help: %s is not a workload; try 'racedemo list'%s\n",
            options_quote(got, sizeof got, argv[1]),
            cli_did_you_mean(near, sizeof near, argv[1], CLI_NAME_WORKLOADS | CLI_NAME_COMMANDS));
        return EXIT_USAGE;
    }
    cli_print_workload_help(out, layout, w);
    return EXIT_OK;
}

const char *cli_did_you_mean(char *buf, size_t len, const char *got, unsigned kinds)
{
    const char *names[128];
    size_t n = 0;
    const size_t max = sizeof names / sizeof names[0];
    for (size_t i = 0; kinds & CLI_NAME_WORKLOADS && workloads[i] && n < max; i++)
        names[n++] = workloads[i]->name;
    for (size_t i = 0; kinds & CLI_NAME_STRATEGIES && sync_strategies[i] && n < max; i++)
        names[n++] = sync_strategies[i]->name;
    for (size_t i = 0; kinds & CLI_NAME_LITMUS && litmus_tests[i] && n < max; i++)
        names[n++] = litmus_tests[i]->name;
    for (size_t i = 0; kinds & CLI_NAME_COMMANDS && cli_commands[i].name && n < max; i++)
        names[n++] = cli_commands[i].name;
    buf[0] = '\0';
    options_suggest(buf, len, got, names, n);
    return buf;
}
