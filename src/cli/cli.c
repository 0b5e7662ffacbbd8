/* cli/cli.c: global options, the command table, and running a workload from
 * its options to its report and exit status. */
#define _GNU_SOURCE /* getopt_long */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
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
#include "cli/commands.h"
#include "cli/help.h"
#include "cli/progress.h"
#include "compare/command.h"
#include "run/command.h"
#include "result/verdict.h"
#include "core/options.h"

#ifndef RACEDEMO_VERSION
#define RACEDEMO_VERSION "unknown"
#endif

/* Whether this run's text is coloured: --color, the output, NO_COLOR. */
static bool use_color(const struct run_config *run, FILE *out)
{
    if (run->format != FORMAT_TEXT || run->color == COLOR_NEVER)
        return false;
    int fd = fileno(out);
    return run->color == COLOR_ALWAYS ||
           format_color_auto(fd >= 0 && isatty(fd), getenv("NO_COLOR"));
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
        return cli_print_fitted(compare ? compare_print_help : cli_print_workload_help, out, err,
                                layout, w);
    case PREPARED_NAMES: {
        struct format_fit fit;
        cli_print_strategies(format_fit_begin(&fit, out, layout), layout);
        return cli_fit_end(&fit, err, "racedemo", EXIT_OK);
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
    else if (run.schedule) {
        /* A replay is not stopped part way (it is short, and a step never
         * waits): a stop signal waits for its report, then it exits 128 + it. */
        struct run_watch watch;
        run_watch_begin(&watch, err, WATCH_REPORT);
        status = replay_command_run(w, &run, config, given.workload, out, err, &layout);
        run_watch_end(&watch, out);
        status = run_watch_status(status);
    } else if (compare)
        status = compare_command_run(w, &run, config, out, err, &layout);
    else
        status = run_command_run(w, &run, config, out, err, &layout);
    free(config);
    return status;
}

int cmd_compare(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout)
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
        return cli_print_fitted(compare_print_help, out, err, layout, NULL);
    }
    const struct workload *w = workload_find(argv[1]);
    if (!w) {
        char got[OPT_QUOTE_LEN], near[96];
        fprintf(err, "racedemo compare: %s is not a workload; try 'racedemo list'%s\n",
                options_quote(got, sizeof got, argv[1]),
                cli_did_you_mean(near, sizeof near, argv[1], CLI_NAME_WORKLOADS));
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
    for (const struct command *c = cli_commands; c->name && used < len; c++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", c->name, c[1].name ? ", " : "");
}

/* -h, -V or -l as the user wrote it, short or long (getopt_long takes
 * --he for --help): the word it came in, once getopt has moved past it,
 * begins with "--" only for a long one. */
static const char *global_option_name(int c, int argc, char **argv)
{
    bool long_form = optind >= 2 && optind <= argc && strncmp(argv[optind - 1], "--", 2) == 0;
    if (c == 'h')
        return long_form ? "--help" : "-h";
    if (c == 'V')
        return long_form ? "--version" : "-V";
    return long_form ? "--list" : "-l";
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
            char got[OPT_QUOTE_LEN];
            fprintf(err, "racedemo: %s takes nothing after it; got %s\n",
                    global_option_name(c, argc, argv),
                    options_quote(got, sizeof got, argv[optind]));
            return EXIT_USAGE;
        }
        switch (c) {
        case 'h':
            return cli_print_fitted(cli_print_main_help, out, err, &screen, NULL);
        case 'V':
            fprintf(out, "racedemo %s\n", RACEDEMO_VERSION);
            return EXIT_OK;
        case 'l':
            return cli_fitted(cmd_list, 1, argv, out, err, &screen);
        default: {
            char unknown[OPT_QUOTE_LEN];
            if (optopt == 'h' || optopt == 'V' || optopt == 'l') {
                const char *name = optopt == 'h' ? "help" : optopt == 'V' ? "version" : "list";
                fprintf(err, "racedemo: --%s takes no value; got %s\n", name,
                        options_quote(unknown, sizeof unknown, argv[optind - 1]));
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
    for (const struct command *cmd = cli_commands; cmd->name; cmd++)
        if (strcmp(cmd->name, name) == 0 && !(cmd->flags & CMD_OWN_HELP) && argc - optind == 2 &&
            (strcmp(argv[optind + 1], "--help") == 0 || strcmp(argv[optind + 1], "-h") == 0)) {
            fprintf(out, "Usage: racedemo %s\n\n%c%s.\n", cmd->usage,
                    toupper((unsigned char)cmd->summary[0]), cmd->summary + 1);
            return EXIT_OK;
        } else if (strcmp(cmd->name, name) == 0)
            return cmd->flags & CMD_FITS_ITSELF
                       ? cmd->fn(argc - optind, argv + optind, out, err, &screen)
                       : cli_fitted(cmd->fn, argc - optind, argv + optind, out, err, &screen);
    char names[256], got[OPT_QUOTE_LEN], near[96];
    list_command_names(names, sizeof names);
    fprintf(err, "racedemo: unknown command %s; commands are %s%s\n",
            options_quote(got, sizeof got, name), names,
            cli_did_you_mean(near, sizeof near, name, CLI_NAME_WORKLOADS | CLI_NAME_COMMANDS));
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
    /* An earlier flush (compare's rows) that failed left nothing to
     * retry: its reason was kept. */
    int flushed = format_flush_errno();
    if (failed && !why)
        why = flushed;
    /* Closing catches an error a file system reports only then. EBADF
     * with nothing left to write is a stdout closed by the caller that
     * racedemo never wrote to (a usage error, `racedemo counter
     * --sync nope >&-`): nothing was lost. */
    errno = 0;
    if (fclose(out) != 0 && (errno != EBADF || failed)) {
        failed = true;
        why = why ? why : errno;
    }
    if (failed && !why) /* the report's own flush failed first, and said why */
        why = run_watch_flush_error();
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
        char got[OPT_QUOTE_LEN];
        fprintf(err, "racedemo: %s is not a workload\n",
                options_quote(got, sizeof got, argc > 0 ? argv[0] : ""));
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
            *status = run_exit_status(&cr->run, &cr->res);
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
