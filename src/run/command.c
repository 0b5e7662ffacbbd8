/* run/command.c: a workload's free run as a command (run/command.h). */
#include <errno.h>
#include <stdio.h>

#include "cli/progress.h"
#include "racedemo/racedemo.h"
#include "report/format.h"
#include "report/render.h"
#include "result/verdict.h"
#include "run/command.h"
#include "run/run.h"

int run_exit_status(const struct run_config *run, const struct result *res)
{
    return result_exit_status(res, run->check);
}

int run_command_run(const struct workload *w, const struct run_config *run, const void *config,
                    FILE *out, FILE *err, const struct text_layout *layout)
{
    char msg[512];
    struct result res = {0};
    struct summary sum;
    struct run_watch watch;
    /* JSON and CSV rows are written as trials complete: a run of any
     * length is output in full, though the result keeps only its first
     * trials. The text report is rendered at the end. */
    struct render_stream stream = {
        .out = out, .json = run->format == FORMAT_JSON, .csv_header = !run->no_header};
    bool streamed = run->format == FORMAT_JSON || run->format == FORMAT_CSV;
    run_watch_begin(&watch, err, WATCH_TRIALS);
    if (streamed) {
        watch.hooks.trial = render_stream_trial;
        watch.hooks.trial_ctx = &stream;
    }
    int rc = workload_run(w, run, config, &watch.hooks, &res, msg, sizeof msg);
    run_watch_report(&watch);
    if (rc == 0 && res.trace.out_of_memory) {
        rc = ENOMEM;
        snprintf(msg, sizeof msg, "out of memory for --trace's steps");
    }
    if (rc == 0 && !result_summarize(&res, &sum)) {
        rc = ENOMEM;
        snprintf(msg, sizeof msg, "out of memory summarising %zu trials", res.trials.count);
    }
    if (rc != 0) {
        /* Rows already written: end the document with what completed, so
         * that it stays valid, before saying why the run stopped. */
        if (stream.written && result_summarize(&res, &sum))
            render_stream_end(&stream, &res, &sum);
        run_watch_end(&watch, out);
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
        rendered = format_fit_end(&fit);
    }
    run_watch_end(&watch, out);
    /* The shell's convention, 130, 143, 129, for a stop signal that came
     * during the trials or after them, while the report was written. */
    int status = run_watch_status(run_exit_status(run, &res));
    if (!rendered) {
        fprintf(err, "racedemo %s: out of memory for the %s (none of it was written)\n", w->name,
                run->format == FORMAT_HTML ? "page" : "report");
        status = EXIT_FAILED;
    }
    result_free(&res);
    return status;
}
