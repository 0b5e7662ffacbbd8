/* render_html.c: --format html for a free run: one self-contained page
 * with the verdict, the facts, the pictures that fit the run, the text
 * report whole, and the JSON document embedded for checking. */
#include <stdlib.h>

#include "format.h"
#include "html.h"
#include "render_html.h"
#include "racedemo/render.h"

/* text written by fn(out, ...) into a string; NULL if out of memory. */
static char *command_of(const struct result *r)
{
    struct html_capture c;
    FILE *f = html_capture_begin(&c);
    if (!f)
        return NULL;
    render_command(f, r);
    return html_capture_end(&c) ? c.buf : NULL;
}

static void facts(FILE *out, const struct result *r, const struct summary *s)
{
    char buf[64];
    html_facts_begin(out);
    html_fact(out, "what", r->work.action, "action");
    html_fact(out, "sync", r->strategy.name, "config.sync");
    html_fact(out, "expected",
              format_amount(buf, sizeof buf, r->words.unit, (int64_t)r->work.expected), "expected");
    if (s->trials == 1 && r->trials.nkept == 1) {
        const struct trial_result *t = &r->trials.kept[0];
        html_fact(out, "observed", format_amount(buf, sizeof buf, r->words.unit, t->observed),
                  "trials.0.observed");
        html_fact(out, render_off_label(r, false),
                  format_amount(buf, sizeof buf, r->words.unit, result_lost(r, t)),
                  "trials.0.lost");
        html_fact(out, "time", format_duration(buf, sizeof buf, t->wall_ns), NULL);
    } else {
        html_fact(out, "trials", format_count(buf, sizeof buf, (int64_t)s->trials),
                  "summary.trials");
        html_fact(out, "raced", format_count(buf, sizeof buf, (int64_t)s->raced), "summary.raced");
    }
    html_facts_end(out);
}

void render_html(FILE *out, const struct result *r, const struct summary *s, bool verbose)
{
    struct html_capture text, json;
    FILE *tf = html_capture_begin(&text);
    if (tf)
        render_text(tf, r, s, verbose);
    FILE *jf = html_capture_begin(&json);
    if (jf)
        render_json(jf, r, s);
    bool have_text = tf && html_capture_end(&text);
    bool have_json = jf && html_capture_end(&json);
    char *command = command_of(r);
    const char *verdict = verdict_token(result_verdict(r));

    char title[128];
    snprintf(title, sizeof title, "racedemo %s --sync %s: %s", r->workload, r->strategy.name,
             verdict_word(result_verdict(r)));
    html_page_begin(out, title);
    html_heading(out, title, command);
    html_verdict(out, verdict, NULL, "summary.verdict");
    facts(out, r, s);
    if (r->trace.recorded)
        render_html_trace(out, r);
    html_section_begin(out, "report", "The text report");
    if (have_text)
        html_pre(out, "report", text.buf, text.len);
    html_section_end(out);
    if (have_json)
        html_data_block(out, json.buf, json.len);
    html_page_end(out);
    free(command);
    if (have_text)
        free(text.buf);
    if (have_json)
        free(json.buf);
}
