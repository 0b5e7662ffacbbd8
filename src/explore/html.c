/* explore/html.c: explore's report as one self-contained page: the facts,
 * each outcome's share of the interleavings as a bar, the requirements
 * with their replay commands, the first counterexample drawn as the
 * --schedule page draws its replay, the text report and the JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explore/render.h"
#include "replay/replay.h"
#include "report/format.h"
#include "report/html_writer.h"

enum { SVG_W = 760, TOP = 30, ROW_H = 26, BAR_H = 16, LABEL_X = 8, BAR_END = 600, COUNT_X = 752 };

/* A count as a double, for a bar's length only (the text is exact). */
static double count_value(const struct explore_count *c)
{
    return (double)c->hi * 18446744073709551616.0 + (double)c->lo;
}

static char *grouped(char *buf, size_t len, const struct explore_count *c)
{
    char digits[64];
    explore_count_text(c, digits, sizeof digits);
    size_t n = strlen(digits), used = 0;
    for (size_t i = 0; i < n && used + 2 < len; i++) {
        if (i && (n - i) % 3 == 0 && !c->overflow)
            buf[used++] = ',';
        buf[used++] = digits[i];
    }
    buf[used] = '\0';
    return buf;
}

/* Each outcome's interleavings: a bar each, its length the outcome's
 * share of them all. */
static void outcome_bars(FILE *out, const struct explore_result *r)
{
    size_t wide = 0;
    for (size_t i = 0; i < r->noutcomes; i++)
        wide = strlen(r->outcomes[i].observed) > wide ? strlen(r->outcomes[i].observed) : wide;
    double bar_x = LABEL_X + 7.2 * (double)(wide < 40 ? wide : 40) + 14;
    double all = count_value(&r->interleavings), bottom = TOP + (double)r->noutcomes * ROW_H;
    char title[160], n[64], path[64],
        tip[sizeof r->outcomes[0].observed + sizeof r->outcomes[0].loss + 2];
    snprintf(title, sizeof title, "How many of the %s interleavings end in each outcome",
             grouped(n, sizeof n, &r->interleavings));
    html_svg_begin(out, "outcomes", SVG_W, bottom + 24, title);
    html_svg_text(out, LABEL_X, 18, "start", "strong", "outcome");
    html_svg_text(out, COUNT_X, 18, "end", "strong", "interleavings");
    for (size_t i = 0; i < r->noutcomes; i++) {
        const struct explore_outcome *o = &r->outcomes[i];
        double y = TOP + (double)i * ROW_H;
        snprintf(path, sizeof path, "outcomes.%zu.observed", i);
        html_svg_text_json(out, LABEL_X, y + 16, "start", o->correct ? "mono" : "mono strong", path,
                           o->observed);
        double w = all > 0 ? (BAR_END - bar_x) * count_value(&o->interleavings) / all : 0;
        snprintf(tip, sizeof tip, "%s: %s", o->observed, o->loss);
        html_svg_rect(out, bar_x, y + 5, w < 2 ? 2 : w, BAR_H,
                      o->correct ? "b-allowed" : "b-forbidden", tip);
        snprintf(path, sizeof path, "outcomes.%zu.interleavings", i);
        html_svg_text_json(out, COUNT_X, y + 16, "end", o->correct ? NULL : "strong", path,
                           grouped(n, sizeof n, &o->interleavings));
    }
    html_svg_line(out, bar_x, bottom, BAR_END, bottom, "axis");
    html_svg_end(out, "Each bar is the share of all complete interleavings that end in that "
                      "outcome; the dark ones end wrong.");
}

static void facts(FILE *out, const struct explore_result *r)
{
    char buf[64];
    html_facts_begin(out);
    if (r->programs[0]) { /* a litmus test: its threads' programs, once each */
        html_fact(out, "programs", r->programs, "programs");
        html_fact(out, "SC forbids", r->forbidden, "sc_forbidden");
    } else {
        html_fact(out, "steps", r->steps, "steps");
        html_fact(out, "sync", r->sync, "sync");
        snprintf(buf, sizeof buf, "%u", r->nthreads);
        html_fact(out, "threads", buf, "threads");
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)r->iters);
        html_fact(out, "iterations", buf, "iters");
    }
    html_fact(out, "model", r->model, "model");
    format_count(buf, sizeof buf, (int64_t)r->states);
    html_fact(out, "states", buf, "states");
    if (!r->cut && !r->cyclic)
        html_fact(out, "interleavings", grouped(buf, sizeof buf, &r->interleavings),
                  r->interleavings.overflow ? NULL : "interleavings");
    html_facts_end(out);
}

/* The requirements, each with its finding and replay command. */
static void requirements(FILE *out, const struct explore_report *report)
{
    static const char *const labels[REQ_COUNT] = {"mutual exclusion", "progress", "outcome"};
    static const char *const keys[REQ_COUNT] = {"mutual_exclusion", "progress", "outcome"};
    const struct explore_result *r = report->res;
    html_facts_begin(out);
    for (int q = 0; q < REQ_COUNT; q++) {
        const struct explore_requirement_result *e = &r->req[q];
        char path[64], text[512];
        const char *word = e->finding == FOUND_BROKEN     ? "broken"
                           : e->finding == FOUND_UNTESTED ? "not_applicable"
                           : r->cut                       ? "unknown"
                                                          : "holds";
        snprintf(path, sizeof path, "requirements.%s.finding", keys[q]);
        if (e->finding == FOUND_UNTESTED) /* the JSON's word is for scripts */
            html_fact(out, labels[q], "not a question: no lock", NULL);
        else
            html_fact(out, labels[q], word, path);
        if (report->replay[q]) {
            snprintf(text, sizeof text, "the shortest counterexample (breaks at step %zu): %s",
                     e->at_step, report->replay[q]);
            html_fact(out, "replay it", text, NULL);
        }
    }
    html_facts_end(out);
}

bool render_explore_html(FILE *out, const struct text_layout *layout,
                         const struct explore_report *report)
{
    const struct explore_result *r = report->res;
    struct capture text, json;
    FILE *tf = capture_begin(&text);
    if (tf)
        render_explore_text(tf, layout, report);
    FILE *jf = capture_begin(&json);
    if (jf)
        render_explore_json(jf, report);
    bool have_text = tf && capture_end(&text);
    bool have_json = jf && capture_end(&json);
    if (!have_text || !have_json) { /* no page rather than one that leaves part out */
        free(have_text ? text.buf : NULL);
        free(have_json ? json.buf : NULL);
        return false;
    }
    html_page_begin(out, report->command);
    html_heading(out, "racedemo explore: every interleaving", report->command);
    char why[512];
    explore_verdict_text(why, sizeof why, r);
    const char *colon = strstr(why, ": ");
    html_verdict(out, explore_verdict_word(r), colon ? colon + 2 : why, "verdict");
    facts(out, r);
    if (r->noutcomes && !r->cut && !r->cyclic) {
        html_section_begin(out, "outcomes-section", "How the interleavings end");
        outcome_bars(out, r);
        html_section_end(out);
    }
    html_section_begin(out, "requirements", "The requirements, in every reachable state");
    requirements(out, report);
    html_section_end(out);
    if (report->replayed) {
        html_section_begin(out, "counterexample", "The shortest counterexample, replayed");
        replay_html_sequence(out, report->replayed, false, false);
        html_section_end(out);
    }
    html_section_begin(out, "report", "The text report");
    html_pre(out, "report", text.buf, text.len);
    html_section_end(out);
    html_data_block(out, json.buf, json.len);
    html_page_end(out);
    free(text.buf);
    free(json.buf);
    return true;
}
