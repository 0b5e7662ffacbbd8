/* compare/command.c: racedemo compare as a command (compare/command.h). */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/help.h"
#include "cli/progress.h"
#include "compare/command.h"
#include "compare/compare.h"
#include "compare/render.h"
#include "core/options.h"
#include "racedemo/racedemo.h"
#include "report/format.h"
#include "report/render.h"
#include "run/rules.h"

/* compare as it runs: the progress line names the strategy under way,
 * the text table gets each row as soon as it is final, and JSON and CSV
 * each trial's row as it completes. */
struct compare_show {
    struct run_watch *watch;
    struct compare_text text;
    bool stream_text;
    bool text_lost;                /* a row of the table could not be laid out */
    struct compare_stream *stream; /* JSON or CSV; else NULL */
};

static void compare_starting(void *ctx, const struct comparison *c, size_t i)
{
    struct compare_show *show = ctx;
    if (show->stream)
        compare_stream_starting(show->stream, c, i);
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
 * wraps; then straight out, for the class watching it fill in. False:
 * out of memory laying it out, and it was not written. */
static bool compare_text_fitted(struct compare_text *t, const struct comparison *c, size_t i,
                                bool end)
{
    struct format_fit fit;
    FILE *real = t->out;
    t->out = format_fit_begin(&fit, real, t->layout);
    if (end)
        render_compare_text_end(t, c);
    else
        render_compare_text_row(t, c, i);
    bool whole = format_fit_end(&fit);
    t->out = real;
    format_flush(real);
    return whole;
}

static void compare_done(void *ctx, const struct comparison *c, size_t i)
{
    struct compare_show *show = ctx;
    if (show->watch->progress) /* the row goes where the line was */
        progress_clear(&show->watch->line);
    /* A row memory ran out for ends the table there: the rows after it
     * would pass it over unseen. */
    if (show->stream_text && !show->text_lost && !compare_text_fitted(&show->text, c, i, false))
        show->text_lost = true;
    if (show->stream)
        compare_stream_row(show->stream, c, i);
}

/* What ends the output: the table's end, the streamed document's, or the
 * page; false when out of memory for it (said in err). */
static bool compare_render_end(struct compare_show *show, const struct run_config *run, FILE *out,
                               FILE *err, const struct text_layout *layout,
                               const struct comparison *c)
{
    const char *what = "the table stops there";
    if (show->stream)
        compare_stream_end(show->stream, c);
    else if (run->format == FORMAT_HTML) {
        what = "none of the page was written";
        show->text_lost = !render_compare_html(out, layout, c);
    } else if (!show->text_lost && !compare_text_fitted(&show->text, c, c->nrows, true))
        show->text_lost = true;
    if (show->text_lost)
        fprintf(err, "racedemo compare %s: out of memory laying out the output (%s)\n",
                c->workload->name, what);
    return !show->text_lost;
}

int compare_command_run(const struct workload *w, const struct run_config *run, const void *config,
                        FILE *out, FILE *err, const struct text_layout *layout)
{
    char msg[512];
    struct comparison c;
    struct run_watch watch;
    /* --no-header: as if the header were written already. */
    struct compare_stream stream = {.out = out,
                                    .json = run->format == FORMAT_JSON,
                                    .workload = w,
                                    .csv_header_written = run->no_header};
    bool streamed = run->format == FORMAT_JSON || run->format == FORMAT_CSV;
    struct compare_show show = {.watch = &watch,
                                .stream_text = run->format == FORMAT_TEXT,
                                .stream = streamed ? &stream : NULL};
    struct compare_hooks hooks = {.starting = compare_starting, .done = compare_done, .ctx = &show};
    /* JSON's command line, before anything runs: no memory for it, no run. */
    char *command = stream.json ? render_compare_command_text(w, run, config) : NULL;
    if (stream.json && !command) {
        fprintf(err, "racedemo compare %s: out of memory for the report\n", w->name);
        return EXIT_FAILED;
    }
    stream.command = command;
    run_watch_begin(&watch, err, WATCH_TRIALS);
    if (show.stream_text) {
        /* The command line that repeats it, compare's own defaults included. */
        struct run_config shown = *run;
        compare_defaults(&shown);
        render_compare_text_begin(&show.text, out, layout, w, &shown, config);
    }
    if (streamed) {
        watch.hooks.trial = compare_stream_trial;
        watch.hooks.trial_ctx = &stream;
    }
    int rc = compare_run(w, run, config, &watch.hooks, &hooks, &c, msg, sizeof msg);
    run_watch_report(&watch);
    int status = EXIT_FAILED;
    if (rc != 0) {
        /* What completed is written and ended, then why it stopped. */
        if (streamed)
            compare_stream_failed(&stream, &c);
        run_watch_end(&watch, out);
        fprintf(err, "racedemo compare %s: %s\n", w->name, msg);
    } else {
        bool whole = compare_render_end(&show, run, out, err, layout, &c);
        run_watch_end(&watch, out);
        /* 130, 143, 129 for a stop signal, during the strategies' runs or
         * after them, while the report was written. */
        if (whole)
            status =
                run_watch_status(run->check && compare_any_race(&c) ? EXIT_CHECK_FAILED : EXIT_OK);
    }
    free(command);
    compare_free(&c);
    return status;
}

void compare_print_help(FILE *out, const struct text_layout *layout, const struct workload *w)
{
    fprintf(out,
            "Usage: racedemo compare %s [options]\n\n"
            "Runs the workload once per strategy (or --trials N each) with the same\n"
            "settings and prints one table, a row as each strategy finishes: expected,\n"
            "observed and lost totals, the overlap, the verdict and a bar of the time\n"
            "per operation (one # per doubling). A wider COLUMNS shows the median time\n"
            "and ns per operation instead of the bar, then each time relative to mutex\n"
            "(or, without it, a baseline a note names) with a bar, linear or, past\n"
            "30x, log scale. Every strategy runs unless --sync names some, in the\n"
            "order given: --sync mutex,tas,peterson. A strategy whose thread limits\n"
            "exclude the run is listed as skipped; one that stalls (flags-set-first)\n"
            "shows STUCK after --timeout seconds (0.5 unless given), and the others\n"
            "still run. Each strategy's trials get --budget seconds (3 unless given,\n"
            "none with --duration): then they stop at a clean point, the row says so,\n"
            "and its expected total is what the threads did. --format json|csv prints\n"
            "every trial of every strategy as it completes (if a strategy fails, the\n"
            "ones before it are kept); --check fails (status 1) if any strategy's\n"
            "verdict is RACE (a trial ended wrong), as it does for one run: name the\n"
            "strategies to check with --sync.\n\n",
            w ? w->name : "WORKLOAD");
    if (w) {
        struct opt_set sets[] = {workload_run_set(w, NULL, true), {.opts = w->options}};
        fprintf(out, "Options (racedemo %s --help says more of each):\n", w->name);
        options_print_help(out, layout, sets, 2);
    } else {
        fprintf(out, "Options: the workload's own, except --schedule, --quiz, --answers\n"
                     "and --trace (racedemo compare WORKLOAD --help lists them).\n\n");
        cli_print_workloads(out);
    }
    fprintf(out, "\n%s", cli_exit_status_text);
}
