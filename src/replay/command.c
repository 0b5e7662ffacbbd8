/* replay/command.c: `racedemo WORKLOAD --schedule ...`, from the settled
 * options to the report and the exit status: the iterations each thread
 * gets, the command line that repeats the replay, and which renderer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "racedemo/racedemo.h"
#include "replay/command.h"
#include "replay/replay.h"
#include "report/format.h"
#include "report/render.h"
#include "report/words.h"
#include "run/rules.h"
#include "run/run.h"
#include "result/verdict.h"

/* The iterations each thread has to do: the workload's count if given,
 * else 1 for random and every:N, and none (as many as the letters spell
 * out) for a schedule of letters. */
static uint64_t replay_iters(const struct workload *w, const struct run_config *run,
                             const void *config, uint64_t given)
{
    for (const struct opt *o = w->options; o && o->name; o++)
        if (strcmp(o->name, w->replay->iters_option) == 0 && (given >> (o - w->options) & 1))
            return *(const uint64_t *)((const char *)config + o->offset);
    return rules_schedule_is_letters(run->schedule) ? 0 : 1;
}

/* The command line that repeats a replay, byte for byte: the schedule as
 * the letters it ran, the count of iterations it gave each thread (which
 * decides whether a thread left waiting waits for good), and every other
 * option that shapes it, but not --seed once its letters are drawn,
 * unless the workload draws from it too. Malloc'd; NULL: out of memory. */
static char *replay_command(const struct workload *w, const struct run_config *run,
                            const void *config, uint64_t iters, const char *letters)
{
    /* What the line leaves out: the options a replay refuses, and --seed
     * and the iteration count where they do not shape it. */
    struct opt_skip run_skip[32], skip[16];
    size_t n = 0, m = 0;
    for (const struct opt_skip *s = w->skip_run_options; s && s->name; s++)
        run_skip[n++] = *s;
    for (const struct replay_refusal *r = rules_replay_refused; r->option; r++)
        run_skip[n++] = (struct opt_skip){r->option, "not in a replay"};
    if (!w->replay->uses_seed)
        run_skip[n++] = (struct opt_skip){"seed", "not in a replay"};
    run_skip[n] = (struct opt_skip){NULL, NULL};
    if (!iters)
        skip[m++] = (struct opt_skip){w->replay->iters_option, "not in a replay"};
    for (const struct replay_refusal *r = w->replay->refused; r && r->option; r++)
        skip[m++] = (struct opt_skip){r->option, "not in a replay"};
    skip[m] = (struct opt_skip){NULL, NULL};
    struct run_config replayed = *run;
    replayed.schedule = letters;
    char *counted = malloc(w->config_size);
    struct capture text;
    FILE *line = counted ? capture_begin(&text) : NULL;
    if (!line) {
        free(counted);
        return NULL;
    }
    memcpy(counted, config, w->config_size);
    for (const struct opt *o = w->options; iters && o->name; o++)
        if (strcmp(o->name, w->replay->iters_option) == 0)
            memcpy(counted + o->offset, &iters, sizeof iters);
    struct opt_set sets[] = {
        {.opts = workload_run_options, .base = &replayed, .skip = {run_skip}},
        {.opts = w->options, .base = counted, .skip = {skip}},
    };
    render_command_line(line, w->name, sets, 2);
    if (run->quiz)
        fprintf(line, run->answers ? " --quiz --answers" : " --quiz");
    free(counted);
    return capture_end(&text) ? text.buf : NULL;
}

/* A replay's verdict has the exit status a free run's has. */
static int replay_status(const struct replay_result *res, bool check)
{
    return verdict_exit_status(replay_verdict(res), check);
}

/* --model as given, sc when not (rules.c checked it). */
static enum memory_model replay_model(const struct run_config *run)
{
    enum memory_model model = MEMORY_SC;
    if (run->model)
        memory_model_parse(run->model, &model);
    return model;
}

int replay_command_run(const struct workload *w, const struct run_config *run, const void *config,
                       uint64_t given, FILE *out, FILE *err, const struct text_layout *layout)
{
    char msg[512];
    struct replay_spec spec;
    if (strcmp(run->schedule, "help") == 0) {
        struct format_fit fit;
        int rc =
            replay_print_steps(format_fit_begin(&fit, out, layout), w, run->sync, msg, sizeof msg);
        bool whole = format_fit_end(&fit);
        if (rc != 0)
            fprintf(err, "racedemo %s: %s\n", w->name, msg);
        else if (!whole)
            fprintf(err, "racedemo %s: out of memory laying out the steps\n", w->name);
        return rc != 0 ? EXIT_USAGE : whole ? EXIT_OK : EXIT_FAILED;
    }
    int parsed = replay_parse(run->schedule, &spec, msg, sizeof msg);
    if (parsed != 0) {
        fprintf(err, "racedemo %s: %s\n", w->name, msg);
        return parsed < 0 ? EXIT_USAGE : EXIT_FAILED;
    }
    spec.model = replay_model(run);
    struct replay_result res;
    uint64_t iters = replay_iters(w, run, config, given);
    int rc = replay_run(w->replay, config, &spec, run->sync, (unsigned)run->threads, iters,
                        run->seed, &res, msg, sizeof msg);
    replay_spec_free(&spec);
    if (rc != 0) {
        fprintf(err, "racedemo %s: %s\n", w->name, msg);
        return rc < 0 ? EXIT_USAGE : EXIT_FAILED; /* a bad schedule, or no thread or memory */
    }
    bool quiz = run->quiz && !run->answers;
    char *command = NULL;
    if (run->format != FORMAT_MERMAID) {
        command = replay_command(w, run, config, iters, res.schedule);
        if (!command) {
            fprintf(err, "racedemo %s: out of memory for the report\n", w->name);
            replay_result_free(&res);
            return EXIT_FAILED;
        }
    }
    bool rendered = true;
    if (run->format == FORMAT_MERMAID) {
        replay_render_mermaid(out, &res, quiz);
    } else if (run->format == FORMAT_HTML) {
        rendered = replay_render_html(out, layout, &res, command, quiz);
    } else if (run->format == FORMAT_JSON) {
        replay_render_json(out, &res, command, quiz);
    } else {
        struct format_fit fit;
        replay_render_text(format_fit_begin(&fit, out, layout), layout, &res, command, quiz);
        rendered = format_fit_end(&fit);
    }
    free(command);
    int status = replay_status(&res, run->check);
    if (!rendered) {
        fprintf(err, "racedemo %s: out of memory for the %s\n", w->name,
                run->format == FORMAT_HTML ? "page" : "report");
        status = EXIT_FAILED;
    }
    replay_result_free(&res);
    return status;
}

int replay_command_check(const struct workload *w, const struct run_config *run, const void *config,
                         uint64_t given, FILE *err)
{
    char msg[512];
    struct replay_spec spec;
    int status = EXIT_USAGE;
    int parsed = replay_parse(run->schedule, &spec, msg, sizeof msg);
    if (parsed > 0)
        status = EXIT_FAILED;
    else if (parsed == 0) {
        spec.model = replay_model(run);
        if (replay_check(w->replay, &spec, run->sync, (unsigned)run->threads,
                         replay_iters(w, run, config, given), msg, sizeof msg) == 0)
            status = EXIT_OK;
        replay_spec_free(&spec);
    }
    if (status != EXIT_OK)
        fprintf(err, "racedemo %s: %s\n", w->name, msg);
    return status;
}
