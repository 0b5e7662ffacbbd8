/* replay/html.c: --format html for --schedule: one page with the verdict,
 * the sequence diagram of the steps, the step table and the replay's JSON
 * document. Nothing on it depends on the clock, so the same replay gives
 * the same bytes; under --quiz the picture, the step table and the data
 * block show no value, mark or verdict: each is an answer that opens on
 * a click (<details>), below the picture. */
#include <stdlib.h>
#include <string.h>

#include "report/format.h"
#include "report/html_writer.h"
#include "racedemo/replay.h"
#include "replay/replay.h"
#include "result/verdict.h"
#include "replay/letter.h"

/* The diagram's grid, in SVG units (12px text). */
enum { ROW_H = 40, LINE_H = 16, TOP = 48, STEP_COL = 34, HEAD_H = 26 };
/* A character of 12px text, wide enough for most; names are short. */
#define CHAR_W 7.0

struct seq {
    const struct replay_result *res;
    bool quiz;
    bool json_paths;                 /* its values are marked as this page's JSON's */
    double lane[REPLAY_MAX_THREADS]; /* each thread's lifeline */
    double shared_x, lock_x, after_x;
    /* Under --model tso: where each thread's store buffer is written, and
     * its anchor: with two threads beside each lane, on its outer side (A's
     * left of it, B's right), else a column each at the right; 0: none. */
    double buffer_x[REPLAY_MAX_THREADS];
    const char *buffer_anchor[REPLAY_MAX_THREADS];
    double gap, width, height;
    unsigned mark_cols; /* characters on a line of a mark's text */
};

/* What a step shows of a value: a '?' under --quiz. */
static const char *shown(const char *s, bool quiz)
{
    return quiz && s[0] ? "?" : s;
}

/* s in lines of at most cols bytes, broken at spaces (never inside a
 * character); written from (x, y) when out is not NULL. Returns the lines. */
static unsigned wrap_text(FILE *out, const char *s, unsigned cols, double x, double y,
                          const char *cls)
{
    unsigned lines = 0;
    for (const char *p = s; *p; lines++) {
        size_t n = strlen(p);
        if (n > cols) {
            n = cols;
            while (n > 0 && p[n] != ' ')
                n--;
            for (n = n ? n : cols; n > 1 && (p[n] & 0xC0) == 0x80;)
                n--;
        }
        if (out) {
            char line[512];
            snprintf(line, sizeof line, "%.*s", (int)n, p);
            html_svg_text(out, x, y + lines * LINE_H, "start", cls, line);
        }
        for (p += n; *p == ' ';)
            p++;
    }
    return lines;
}

static double text_w(const char *s)
{
    return (double)strlen(s) * CHAR_W;
}

/* The height of step i's rows: the step, and its mark's lines. */
static double step_height(const struct seq *q, size_t i)
{
    const struct replay_event *ev = &q->res->events[i];
    if (!ev->mark[0] || q->quiz)
        return ROW_H;
    char mark[sizeof ev->mark + 32];
    snprintf(mark, sizeof mark, "^ step %zu: %s", i + 1, ev->mark);
    return ROW_H + wrap_text(NULL, mark, q->mark_cols, 0, 0, NULL) * LINE_H + 4;
}

/* Thread t's part of a step's buffers ("A: flag[A] = 1, turn = B | B:
 * -"): "flag[A] = 1, turn = B", into buf. */
static const char *buffer_of(const struct replay_event *ev, unsigned t, char *buf, size_t len)
{
    const char *p = ev->buffers;
    for (unsigned k = 0; k < t && p; k++) {
        p = strstr(p, " | ");
        p = p ? p + 3 : NULL;
    }
    buf[0] = '\0';
    if (!p || strlen(p) < 3)
        return buf;
    size_t n = strcspn(p + 3, "|");
    snprintf(buf, len, "%.*s", (int)n, p + 3);
    while (n > 0 && buf[n - 1] == ' ')
        buf[--n] = '\0';
    return buf;
}

/* The widest of thread t's buffers, or its heading. */
static double buffer_width(const struct seq *q, unsigned t)
{
    double widest = text_w("A's store buffer");
    for (size_t i = 0; i < q->res->nevents; i++) {
        char one[sizeof q->res->events[i].buffers];
        double w = text_w(shown(buffer_of(&q->res->events[i], t, one, sizeof one), q->quiz));
        widest = w > widest ? w : widest;
    }
    return widest;
}

/* Lanes: the first half of the threads, the shared data (and the lock),
 * the other half; the values after each step in a column at the right. */
static void layout(struct seq *q)
{
    const struct replay_result *res = q->res;
    double widest = 80, after = text_w("after it");
    for (size_t i = 0; i < res->nevents; i++) {
        const struct replay_event *ev = &res->events[i];
        double op = text_w(ev->op), value = text_w(shown(ev->detail, q->quiz));
        widest = op > widest ? op : widest;
        widest = value > widest ? value : widest;
        double w = text_w(shown(ev->shared, q->quiz));
        after = w > after ? w : after;
    }
    q->gap = widest + 28;
    unsigned left = (res->nthreads + 1) / 2, slot = 0;
    double x0 = STEP_COL + 46, beside[REPLAY_MAX_THREADS] = {0};
    bool tso = res->nevents && res->events[0].buffers[0];
    for (unsigned t = 0; tso && t < res->nthreads; t++)
        beside[t] = buffer_width(q, t);
    if (tso && res->nthreads == 2)
        x0 += beside[0] + 12;
    for (unsigned t = 0; t < left; t++)
        q->lane[t] = x0 + slot++ * q->gap;
    q->shared_x = x0 + slot++ * q->gap;
    q->lock_x = res->lock_steps ? x0 + slot++ * q->gap : q->shared_x;
    for (unsigned t = left; t < res->nthreads; t++)
        q->lane[t] = x0 + slot++ * q->gap;
    q->after_x = x0 + (slot - 1) * q->gap + 56;
    if (tso && res->nthreads == 2) { /* beside the lanes, outside them */
        q->buffer_x[0] = q->lane[0] - 10, q->buffer_anchor[0] = "end";
        q->buffer_x[1] = q->lane[1] + 10, q->buffer_anchor[1] = "start";
        q->after_x += beside[1] + 12;
    }
    q->width = q->after_x + after + 12;
    for (unsigned t = 0; tso && res->nthreads != 2 && t < res->nthreads; t++) {
        q->buffer_x[t] = q->width + 12, q->buffer_anchor[t] = "start";
        q->width = q->buffer_x[t] + beside[t] + 12;
    }
    q->mark_cols = (unsigned)((q->width - STEP_COL - 12) / CHAR_W);
    q->mark_cols = q->mark_cols < 40 ? 40 : q->mark_cols;
    q->height = TOP + 3 * LINE_H + 12;
    for (size_t i = 0; i < res->nevents; i++)
        q->height += step_height(q, i);
}

/* A participant's box at the top, and its lifeline down the figure. */
static void participant(FILE *out, const struct seq *q, double x, const char *name)
{
    double w = text_w(name) + 14;
    w = w < 76 ? 76 : w;
    html_svg_line(out, x, 8 + HEAD_H, x, q->height - 3 * LINE_H - 8, "lane");
    html_svg_rect(out, x - w / 2, 8, w, HEAD_H, "head", NULL);
    html_svg_text(out, x, 8 + 18, "middle", "strong", name);
}

static void participants(FILE *out, const struct seq *q)
{
    char name[160];
    for (unsigned t = 0; t < q->res->nthreads; t++) {
        snprintf(name, sizeof name, "Thread %c", letter(t));
        participant(out, q, q->lane[t], name);
    }
    participant(out, q, q->shared_x, q->res->shared_name);
    if (q->res->lock_steps) {
        snprintf(name, sizeof name, "lock (%s)", q->res->sync);
        participant(out, q, q->lock_x, name);
    }
    html_svg_text(out, q->after_x, 8 + 18, "start", "strong", "after it");
    for (unsigned t = 0; t < q->res->nthreads && q->buffer_x[t] > 0; t++) {
        snprintf(name, sizeof name, "%c's store buffer", letter(t));
        /* Beside its participant's box (76 wide at least), not over it. */
        double x = q->res->nthreads != 2 ? q->buffer_x[t]
                   : t == 0              ? q->lane[0] - 48
                                         : q->lane[1] + 48;
        html_svg_text(out, x, 8 + 18, q->buffer_anchor[t], "strong", name);
    }
    /* The arrows' head, used by the .arrow class. */
    fputs("<defs><marker id=\"seq-head\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
          "markerUnits=\"userSpaceOnUse\" markerWidth=\"10\" markerHeight=\"10\" "
          "orient=\"auto\"><path d=\"M0 0L10 5L0 10z\"/>"
          "</marker></defs>\n",
          out);
}

/* An arrow from (x1, y) to (x2, y): a step that reads or writes. */
static void arrow(FILE *out, double x1, double x2, double y, const char *cls)
{
    fputs("<line x1=\"", out);
    html_num(out, x1);
    fputs("\" y1=\"", out);
    html_num(out, y);
    fputs("\" x2=\"", out);
    html_num(out, x2);
    fputs("\" y2=\"", out);
    html_num(out, y);
    fprintf(out, "\" class=\"%s\" marker-end=\"url(#seq-head)\"/>\n", cls);
}

/* Step i at row top y: an arrow to what it touched, or a note beside its
 * thread's lifeline; its operation above, its value below, the shared
 * data after it at the right, and what went wrong marked under it. */
static void step(FILE *out, const struct seq *q, size_t i, double y)
{
    const struct replay_event *ev = &q->res->events[i];
    double x = q->lane[ev->thread], target = ev->lock ? q->lock_x : q->shared_x;
    double dir = target >= x ? 1 : -1, mid = x + dir * q->gap / 2;
    bool lost = ev->mark[0] && !q->quiz;
    char path[48], num[24];
    snprintf(num, sizeof num, "%zu", i + 1);
    html_svg_text(out, STEP_COL - 6, y + 24, "end", "tick", num);
    /* A load's arrow comes from the data to the thread, a store's goes
     * from the thread to the data; a step that both reads and writes (an
     * exchange) is drawn as the store it makes. */
    const char *cls = lost ? "arrow lost" : ev->lock ? "arrow lock" : "arrow";
    if ((ev->touches || ev->lock) && ev->reads_only)
        arrow(out, target, x, y + 20, cls);
    else if (ev->touches || ev->lock)
        arrow(out, x, target, y + 20, cls);
    else
        html_svg_rect(out, dir > 0 ? x + 4 : x - q->gap + 4, y + 3, q->gap - 8, ROW_H - 6,
                      ev->waiting && !q->quiz ? "note wait" : "note", NULL);
    html_svg_text(out, mid, y + (ev->touches || ev->lock ? 14 : 17), "middle", NULL, ev->op);
    snprintf(path, sizeof path, "steps.%zu.value", i);
    if (ev->detail[0])
        html_svg_text_json(out, mid, y + 33, "middle", ev->waiting && !q->quiz ? NULL : "strong",
                           q->quiz || !q->json_paths ? NULL : path, shown(ev->detail, q->quiz));
    snprintf(path, sizeof path, "steps.%zu.shared", i);
    html_svg_text_json(out, q->after_x, y + 24, "start", NULL,
                       q->quiz || !q->json_paths ? NULL : path, shown(ev->shared, q->quiz));
    for (unsigned t = 0; t < q->res->nthreads && q->buffer_x[t] > 0; t++) {
        char one[sizeof ev->buffers];
        buffer_of(ev, t, one, sizeof one);
        /* The thread that just flushed, in bold: its oldest store left. */
        html_svg_text(out, q->buffer_x[t], y + 24, q->buffer_anchor[t],
                      ev->flush && ev->thread == t ? "strong" : NULL, shown(one, q->quiz));
    }
    if (!lost)
        return;
    /* The mark the verdict names ("the store marked ^"), as the step table
     * has it: under the data the step overwrote. */
    html_svg_text(out, target, y + ROW_H + 6, "middle", "mark-glyph", "^");
    char mark[sizeof ev->mark + 32];
    snprintf(mark, sizeof mark, "^ step %zu: %s", i + 1, ev->mark);
    wrap_text(out, mark, q->mark_cols, STEP_COL, y + ROW_H + 10, "warn strong");
}

/* The figure: participants, the steps top to bottom, and the totals. */
void replay_html_sequence(FILE *out, const struct replay_result *res, bool quiz, bool json_paths)
{
    struct seq q = {.res = res, .quiz = quiz, .json_paths = json_paths};
    layout(&q);
    char title[160];
    snprintf(title, sizeof title, "Sequence diagram of the %zu steps of schedule %.40s%s%s",
             res->nevents, res->schedule, strlen(res->schedule) > 40 ? "..." : "",
             quiz ? " (values hidden: quiz)" : "");
    html_wide_begin(out, q.width);
    html_svg_begin(out, "sequence", q.width, q.height, title);
    participants(out, &q);
    double y = TOP;
    for (size_t i = 0; i < res->nevents; i++) {
        step(out, &q, i, y);
        y += step_height(&q, i);
    }
    y += LINE_H + 4;
    html_svg_text(out, STEP_COL, y, "start", "strong", "expected");
    html_svg_text_json(out, STEP_COL + 76, y, "start", "strong", json_paths ? "expected" : NULL,
                       res->expected);
    html_svg_text(out, STEP_COL, y + LINE_H + 4, "start", "strong", "observed");
    html_svg_text_json(out, STEP_COL + 76, y + LINE_H + 4, "start", "strong",
                       quiz || !json_paths ? NULL : "observed", quiz ? "?" : res->observed);
    html_svg_end(out, quiz ? "Each arrow is a step on the shared data: a load points from "
                             "the data to the thread, a store from the thread to the data; "
                             "each box is a step in the thread's own registers; the values are "
                             "hidden: what are they?"
                           : "Each arrow is a step on the shared data: a load points from the "
                             "data to the thread, a store from the thread to the data; each "
                             "box is a step in the thread's own registers; under each, the "
                             "value it read or wrote; at the right, the shared data after it. "
                             "A red arrow marked ^ is what went wrong.");
    html_wide_end(out);
}

static void facts(FILE *out, const struct replay_result *res, bool quiz)
{
    char buf[64];
    html_facts_begin(out);
    html_fact(out, "schedule", res->schedule, "schedule");
    html_fact(out, "sync", res->sync, "sync");
    snprintf(buf, sizeof buf, "%u", res->nthreads);
    html_fact(out, "threads", buf, "threads");
    html_fact(out, "model", res->model, "model");
    html_fact(out, "expected", res->expected, "expected");
    html_fact(out, "observed",
              quiz ? "? (what is it? The answers below open on a click)" : res->observed,
              quiz ? NULL : "observed");
    if (!quiz) {
        snprintf(buf, sizeof buf, "%lld", (long long)res->lost);
        html_fact(out, "lost", buf, "lost");
    }
    html_facts_end(out);
}

/* One answer of the quiz, closed until a click opens it (no script). */
static void answer(FILE *out, const char *question, const char *text)
{
    fputs("<details class=\"answer\"><summary>", out);
    html_text(out, question);
    fputs("</summary><p>", out);
    html_text(out, text);
    fputs("</p></details>\n", out);
}

/* Under --quiz: each value the picture hides, a click away, then the
 * total and the verdict; the same as the page without --quiz shows. */
static void answers(FILE *out, const struct replay_result *res)
{
    char question[160], text[512];
    html_section_begin(out, "answers", "The answers: click a question to see it");
    for (size_t i = 0; i < res->nevents; i++) {
        const struct replay_event *ev = &res->events[i];
        if (!ev->detail[0] && !ev->shared[0] && !ev->mark[0])
            continue;
        snprintf(question, sizeof question, "Step %zu, thread %c: %s", i + 1, letter(ev->thread),
                 ev->op);
        snprintf(text, sizeof text, "%s%safter it: %s%s%s", ev->detail, ev->detail[0] ? "; " : "",
                 ev->shared, ev->mark[0] ? ". ^ " : "", ev->mark);
        answer(out, question, text);
    }
    snprintf(question, sizeof question, "At the end: %s is expected; what is observed?",
             res->expected);
    answer(out, question, res->observed);
    replay_verdict_text(res, text, sizeof text);
    answer(out, "The verdict", text);
    html_section_end(out);
}

bool replay_render_html(FILE *out, const struct text_layout *layout,
                        const struct replay_result *res, const char *command, bool quiz)
{
    struct capture text, json;
    FILE *tf = capture_begin(&text);
    if (tf)
        replay_render_text(tf, layout, res, command, quiz);
    FILE *jf = capture_begin(&json);
    if (jf)
        replay_render_json(jf, res, command, quiz);
    bool have_text = tf && capture_end(&text);
    bool have_json = jf && capture_end(&json);
    /* Out of memory: no page rather than one that leaves part out. */
    if (!have_text || !have_json) {
        if (have_text)
            free(text.buf);
        if (have_json)
            free(json.buf);
        return false;
    }

    html_page_begin(out, command);
    html_heading(out, "racedemo --schedule: the steps, one at a time", command);
    if (!quiz) {
        char why[1024] = "";
        replay_verdict_text(res, why, sizeof why);
        const char *colon = strstr(why, ": ");
        html_verdict(out, verdict_token(replay_verdict(res)), colon ? colon + 2 : why, "verdict");
    }
    facts(out, res, quiz);
    if (strcmp(res->model, "tso") == 0) {
        char note[320];
        replay_model_text(res, note, sizeof note);
        html_para(out, NULL, note);
    }
    html_section_begin(out, "diagram", "The steps, in order");
    replay_html_sequence(out, res, quiz, true);
    html_section_end(out);
    if (quiz)
        answers(out, res);
    html_section_begin(out, "steps", "The step table");
    html_pre(out, "report", text.buf, text.len);
    html_section_end(out);
    html_data_block(out, json.buf, json.len);
    html_page_end(out);
    free(text.buf);
    free(json.buf);
    return true;
}
