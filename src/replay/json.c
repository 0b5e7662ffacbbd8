/* replay/json.c: --format json for --schedule: one document of the
 * replay, every step in order. Nothing in it depends on the clock or on an
 * address, so the same replay gives the same bytes; under --quiz every
 * value is null, and so is everything that would tell one (the observed
 * total, what was lost, the marks, the verdict). */
#include <inttypes.h>
#include <string.h>

#include "report/render.h"
#include "racedemo/replay.h"
#include "replay/replay.h"
#include "result/verdict.h"
#include "replay/letter.h"

#ifndef RACEDEMO_VERSION
#define RACEDEMO_VERSION "unknown"
#endif

/* s as a JSON string, or null when hidden or empty. */
static void string_or_null(FILE *out, const char *s, bool hidden)
{
    if (hidden || !s || !s[0])
        fputs("null", out);
    else
        render_json_string(out, s);
}

static void json_step(FILE *out, size_t i, const struct replay_event *ev, bool quiz)
{
    fprintf(out, "%s\n    {\"step\": %zu, \"thread\": \"%c\", \"op\": ", i ? "," : "", i + 1,
            letter(ev->thread));
    render_json_string(out, ev->op);
    /* Whether it waited tells the answer too (a lock was held). */
    fprintf(out,
            ", \"lock\": %s, \"release\": %s, \"shared_access\": %s, \"waiting\": %s, "
            "\"value\": ",
            ev->lock ? "true" : "false", ev->lock && ev->release ? "true" : "false",
            ev->touches ? "true" : "false",
            quiz          ? "null"
            : ev->waiting ? "true"
                          : "false");
    string_or_null(out, ev->detail, quiz);
    fputs(", \"shared\": ", out);
    string_or_null(out, ev->shared, quiz);
    fputs(", \"mark\": ", out);
    string_or_null(out, ev->mark, quiz);
    /* Under --model tso: whether the step is a flush, and every thread's
     * store buffer after it; null under sc. */
    if (ev->buffers[0]) {
        fprintf(out, ", \"flush\": %s, \"buffers\": ", ev->flush ? "true" : "false");
        string_or_null(out, ev->buffers, quiz);
    } else {
        fputs(", \"flush\": false, \"buffers\": null", out);
    }
    fputs("}", out);
}

/* The outcome: what the shared data came to and the verdict. */
static void json_outcome(FILE *out, const struct replay_result *res, bool quiz)
{
    fputs(",\n  \"expected\": ", out);
    render_json_string(out, res->expected);
    fputs(",\n  \"observed\": ", out);
    string_or_null(out, res->observed, quiz);
    if (quiz) {
        fputs(",\n  \"lost\": null,\n  \"loss\": null,\n  \"marked_steps\": null,\n"
              "  \"waiting_at_end\": null,\n  \"verdict\": null,\n  \"why\": null\n}\n",
              out);
        return;
    }
    fprintf(out, ",\n  \"lost\": %" PRId64 ",\n  \"loss\": ", res->lost);
    render_json_string(out, res->loss);
    fprintf(out, ",\n  \"marked_steps\": %zu,\n  \"waiting_at_end\": [", res->marked_steps);
    bool first = true;
    for (unsigned t = 0; t < res->nthreads; t++)
        if (res->blocked >> t & 1) {
            fprintf(out, "%s\"%c\"", first ? "" : ", ", letter(t));
            first = false;
        }
    char why[1024] = "";
    replay_verdict_text(res, why, sizeof why);
    /* The text after the verdict's word: "RACE: 1 of 2 ..." */
    const char *colon = strstr(why, ": ");
    fprintf(out, "],\n  \"verdict\": \"%s\",\n  \"why\": ", verdict_token(replay_verdict(res)));
    render_json_string(out, colon ? colon + 2 : why);
    fputs("\n}\n", out);
}

void replay_render_json(FILE *out, const struct replay_result *res, const char *command, bool quiz)
{
    fputs("{\n  \"schema_version\": 1,\n  \"tool\": \"racedemo\",\n  \"version\": ", out);
    render_json_string(out, RACEDEMO_VERSION);
    fputs(",\n  \"command\": ", out);
    render_json_string(out, command);
    fputs(",\n  \"replay\": true,\n  \"sync\": ", out);
    render_json_string(out, res->sync);
    fprintf(out, ",\n  \"threads\": %u,\n  \"shared_name\": ", res->nthreads);
    render_json_string(out, res->shared_name);
    fputs(",\n  \"schedule\": ", out);
    render_json_string(out, res->schedule);
    fputs(",\n  \"model\": ", out);
    render_json_string(out, res->model);
    fputs(",\n  \"model_note\": ", out);
    if (strcmp(res->model, "tso") == 0) {
        char note[320];
        replay_model_text(res, note, sizeof note);
        render_json_string(out, note);
    } else {
        fputs("null", out);
    }
    fprintf(out, ",\n  \"quiz\": %s,\n  \"steps\": [", quiz ? "true" : "false");
    for (size_t i = 0; i < res->nevents; i++)
        json_step(out, i, &res->events[i], quiz);
    fputs(res->nevents ? "\n  ]" : "]", out);
    json_outcome(out, res, quiz);
}
