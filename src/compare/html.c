/* compare/html.c: --format html for compare: one page with a bar
 * of time per operation for every strategy, coloured by its verdict and
 * labelled with it, the rows as a table (the numbers behind the bars)
 * and the JSON document. It is written once every row is done, like the JSON. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "compare/render.h"
#include "report/format.h"
#include "report/html_writer.h"
#include "report/render.h"
#include "report/words.h"
#include "racedemo/workload.h"
#include "result/verdict.h"

/* The bars' grid, in SVG units (12px text). */
enum { ROW_H = 26, BAR_H = 16, TOP = 40, NAME_X = 8, BAR_X = 150, BAR_W = 300 };
#define CHAR_W 7.0

/* What a row shows: a bar, a hatched mark (it stopped), or only a note. */
enum row_kind { ROW_SKIPPED, ROW_STOPPED, ROW_TIMED };

static enum row_kind kind_of(const struct compare_row *row)
{
    if (row->skipped[0] || (row->summary.trials == 0 && !row->result.stall.stuck))
        return ROW_SKIPPED;
    if (compare_row_timed(row) && row->summary.ns_per_op_median > 0)
        return ROW_TIMED;
    return ROW_STOPPED;
}

/* The axis: from lo to hi ns per operation, linear or log. */
struct axis {
    double lo, hi, step; /* step: a linear axis's tick spacing */
    bool log_scale;
};

/* Where v falls on the bars' width. */
static double axis_x(const struct axis *a, double v)
{
    double part = a->log_scale ? format_ln(v / a->lo) / format_ln(a->hi / a->lo) : v / a->hi;
    part = part < 0 ? 0 : part > 1 ? 1 : part;
    return BAR_X + part * BAR_W;
}

/* The axis for the timed rows, by compare's rule for bars: log when the
 * largest is more than COMPARE_LOG_SPAN times the smallest. */
static bool axis_for(const struct comparison *c, struct axis *a)
{
    uint64_t ps[64];
    size_t n = 0;
    double least = 0, most = 0;
    for (size_t i = 0; i < c->nrows && n < 64; i++)
        if (kind_of(&c->rows[i]) == ROW_TIMED) {
            double v = c->rows[i].summary.ns_per_op_median;
            ps[n++] = compare_bar_value(&c->rows[i]); /* the text's bars' values */
            least = !least || v < least ? v : least;
            most = v > most ? v : most;
        }
    if (n == 0)
        return false;
    *a = (struct axis){.log_scale = compare_log_scale(ps, n)};
    if (a->log_scale) {
        a->lo = 1;
        while (a->lo > least)
            a->lo /= 10;
        while (a->lo * 10 <= least)
            a->lo *= 10;
        a->hi = a->lo * 10;
        while (a->hi < most)
            a->hi *= 10;
        return true;
    }
    /* A step of 1, 2 or 5 times a power of ten, five or so to the largest. */
    double step = 1e-3;
    for (int k = 0; step * 5 < most && k < 60; k++)
        step *= k % 3 == 1 ? 2.5 : 2;
    a->step = step;
    a->hi = step;
    while (a->hi < most)
        a->hi += step;
    return true;
}

/* A tick's number: as many decimals as it needs, and no more. */
static void tick_label(char *buf, size_t len, double v)
{
    int places = 0;
    double f = v;
    while (places < 4 && f - (double)(int64_t)(f + 1e-9) > 1e-6) {
        f *= 10;
        places++;
    }
    format_decimals(buf, len, v, places);
}

static void axis_draw(FILE *out, const struct axis *a, double bottom)
{
    char label[48];
    int ticks = a->log_scale ? 1 : (int)(a->hi / a->step + 0.5) + 1;
    double decade = a->lo;
    while (a->log_scale && decade < a->hi * 0.999) {
        decade *= 10;
        ticks++;
    }
    for (int k = 0; k < ticks; k++) {
        double v = a->log_scale ? a->lo : (double)k * a->step;
        for (int p = 0; a->log_scale && p < k; p++)
            v *= 10;
        double x = axis_x(a, v);
        html_svg_line(out, x, TOP - 6, x, bottom, "grid");
        tick_label(label, sizeof label, v);
        html_svg_text(out, x, bottom + 14, "middle", "tick", label);
    }
    html_svg_line(out, BAR_X, bottom, BAR_X + BAR_W, bottom, "axis");
    html_svg_text(out, BAR_X + BAR_W / 2.0, bottom + 32, "middle", NULL,
                  a->log_scale ? "ns per operation, log scale: each gridline is 10x the one before"
                               : "ns per operation, linear scale from 0");
}

/* Text with a part the JSON holds at path: prefix <tspan>value</tspan> suffix. */
static void text_with_value(FILE *out, double x, double y, const char *cls, const char *prefix,
                            const char *path, const char *value, const char *suffix)
{
    fputs("<text x=\"", out);
    html_num(out, x);
    fputs("\" y=\"", out);
    html_num(out, y);
    fprintf(out, "\" class=\"%s\">", cls ? cls : "");
    html_text(out, prefix);
    if (path && path[0]) {
        fputs("<tspan data-json=\"", out);
        html_text(out, path);
        fputs("\">", out);
    } else {
        fputs("<tspan>", out);
    }
    html_text(out, value);
    fputs("</tspan>", out);
    html_text(out, suffix);
    fputs("</text>\n", out);
}

/* The numbers a row shows, and where the JSON holds them. */
struct row_words {
    char verdict[32], verdict_path[64], tally[48];
    char lost[48], lost_path[64], side[48];
    char per_op[96], per_op_path[64];
    const char *token;
};

/* ns per operation to three significant figures (1.02, 12.6, 932; the
 * JSON keeps four decimals), with thousands separators: the timing of one
 * run is not known better than that. */
static void per_op_text(char *buf, size_t len, double v)
{
    char plain[64], whole[48];
    int decimals = v >= 99.95 ? 0 : v >= 9.995 ? 1 : v >= 0.9995 ? 2 : 3;
    snprintf(plain, sizeof plain, "%.*f", decimals, v);
    char *dot = strchr(plain, '.');
    format_count(whole, sizeof whole, strtoll(plain, NULL, 10));
    snprintf(buf, len, "%s%s", whole, dot ? dot : "");
}

static void row_words(const struct compare_row *row, size_t i, struct row_words *w)
{
    const struct result *r = &row->result;
    const struct summary *s = &row->summary;
    w->token = verdict_token(result_verdict(r));
    snprintf(w->verdict, sizeof w->verdict, "%s", verdict_word(result_verdict(r)));
    snprintf(w->verdict_path, sizeof w->verdict_path, "runs.%zu.result.summary.verdict", i);
    w->tally[0] = '\0';
    if (s->trials > 1)
        snprintf(w->tally, sizeof w->tally, " %zu/%zu", s->raced ? s->raced : s->trials, s->trials);
    /* The side in the workload's words ("lost", "money created"), the
     * amount without a sign; where the JSON holds that very number (not
     * negated), its path. */
    int64_t lost = 0;
    w->lost_path[0] = '\0';
    if (s->trials == 1 && r->trials.nkept == 1) {
        lost = result_lost(r, &r->trials.kept[0]);
        format_amount(w->lost, sizeof w->lost, r->words.unit, lost < 0 ? -lost : lost);
        if (lost >= 0)
            snprintf(w->lost_path, sizeof w->lost_path, "runs.%zu.result.trials.0.lost", i);
    } else { /* the median, as the JSON writes it */
        lost = s->lost_median < 0 ? -1 : 1;
        format_decimals(w->lost, sizeof w->lost,
                        s->lost_median < 0 ? -s->lost_median : s->lost_median, 1);
        if (s->lost_median >= 0)
            snprintf(w->lost_path, sizeof w->lost_path, "runs.%zu.result.summary.lost_median", i);
    }
    snprintf(w->side, sizeof w->side, "%s ", render_side(r, lost ? lost : 1));
    per_op_text(w->per_op, sizeof w->per_op, s->ns_per_op_median);
    snprintf(w->per_op_path, sizeof w->per_op_path, "runs.%zu.result.summary.ns_per_op_median", i);
}

/* Why a row that stopped has no time, as the text table says it; whole
 * (the table's cell, not the chart's short note): with the races seen
 * before the stall first. */
static const char *stop_note(char *buf, size_t len, const struct compare_row *row, bool whole)
{
    const struct result *r = &row->result;
    enum verdict v = result_verdict(r);
    char before[96] = "";
    if (whole)
        render_raced_before_stall(before, sizeof before, r, ": ");
    if (v == VERDICT_DEADLOCK)
        snprintf(buf, len, "%severy thread asleep: stopped, no time", before);
    else if (v == VERDICT_STALLED && r->stall.why[0])
        snprintf(buf, len, "%s%.*s%s", before, whole ? (int)len : 50, r->stall.why,
                 !whole && strlen(r->stall.why) > 50 ? "..." : "");
    else if (r->stall.stuck)
        snprintf(buf, len, "%sno progress: stopped by the watchdog, no time", before);
    else
        snprintf(buf, len, "no time to show");
    return buf;
}

/* Why a row has no numbers at all: skipped, or not run. */
static const char *skip_note(const struct compare_row *row)
{
    if (row->skipped[0])
        return row->skipped;
    return row->result.run.budget_stopped ? "stopped at the budget before a trial could be judged"
                                          : "not run: interrupted";
}

/* Columns right of the bars: the verdict, and the lost count. */
struct columns {
    double verdict_x, lost_x, width;
};

static void bar_row(FILE *out, const struct comparison *c, size_t i, const struct axis *a,
                    const struct columns *col, double y)
{
    const struct compare_row *row = &c->rows[i];
    enum row_kind kind = kind_of(row);
    html_svg_text(out, NAME_X, y + 13, "start", "strong", row->sync->name);
    if (kind == ROW_SKIPPED) {
        char note[80];
        snprintf(note, sizeof note, "%s%.70s", row->skipped[0] ? "skipped: " : "", skip_note(row));
        if (strlen(note) > 60) { /* the whole reason is in the table */
            size_t cut = 57;
            while (cut > 20 && note[cut] != ' ')
                cut--;
            memcpy(note + cut, " ...", 5);
        }
        html_svg_text(out, BAR_X + 4, y + 13, "start", "small", note);
        return;
    }
    struct row_words w;
    row_words(row, i, &w);
    char symbol[16], bar_cls[32];
    snprintf(symbol, sizeof symbol, "%s ", html_verdict_symbol(w.token));
    snprintf(bar_cls, sizeof bar_cls, "b-%s", html_verdict_class(w.token) + 2);
    text_with_value(out, col->verdict_x, y + 13, "strong", symbol, w.verdict_path, w.verdict,
                    w.tally);
    if (kind == ROW_STOPPED) {
        char note[96];
        bool stalled = result_verdict(&row->result) == VERDICT_STALLED;
        html_svg_rect(out, BAR_X, y, 60, BAR_H, stalled ? "hatch stalled" : "hatch",
                      "stopped: no time to show");
        html_svg_text(out, BAR_X + 66, y + 13, "start", "small",
                      stop_note(note, sizeof note, row, false));
        return;
    }
    double end = axis_x(a, row->summary.ns_per_op_median);
    html_svg_rect(out, BAR_X, y, end - BAR_X < 2 ? 2 : end - BAR_X, BAR_H, bar_cls, NULL);
    text_with_value(out, end + 4, y + 13, NULL, "", w.per_op_path, w.per_op, "");
    if (result_verdict(&row->result) == VERDICT_RACE || row->summary.lost_median != 0)
        text_with_value(out, col->lost_x, y + 13, "warn", w.side, w.lost_path, w.lost, "");
}

/* The columns' places, from the widest verdict and lost count. */
static void columns_for(const struct comparison *c, struct columns *col)
{
    double verdict = 8, lost = 4;
    for (size_t i = 0; i < c->nrows; i++) {
        if (kind_of(&c->rows[i]) == ROW_SKIPPED)
            continue;
        struct row_words w;
        row_words(&c->rows[i], i, &w);
        double v = (double)(strlen(w.verdict) + strlen(w.tally) + 2),
               l = (double)(strlen(w.lost) + strlen(w.side));
        verdict = v > verdict ? v : verdict;
        lost = l > lost ? l : lost;
    }
    col->verdict_x = BAR_X + BAR_W + 90; /* room for "12.3456" at the longest bar's end */
    col->lost_x = col->verdict_x + verdict * CHAR_W + 14;
    col->width = col->lost_x + lost * CHAR_W + 8;
    col->width = col->width < 560 ? 560 : col->width;
}

static void bars(FILE *out, const struct comparison *c)
{
    struct axis a = {.lo = 1, .hi = 1};
    bool timed = axis_for(c, &a);
    struct columns col;
    columns_for(c, &col);
    double bottom = TOP + (double)c->nrows * ROW_H, height = bottom + (timed ? 44 : 8);
    char title[160];
    snprintf(title, sizeof title,
             "Time per operation of each strategy (median ns per operation%s), with its verdict",
             timed && a.log_scale ? ", log scale" : "");
    html_wide_begin(out, col.width);
    html_svg_begin(out, "bars", col.width, height, title);
    fputs("<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
          "patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" "
          "class=\"hatch-line\"/></pattern><pattern id=\"hatch-stalled\" width=\"6\" "
          "height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(-45)\">"
          "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" class=\"hatch-line stalled\"/></pattern>"
          "</defs>\n",
          out);
    html_svg_text(out, NAME_X, TOP - 14, "start", "tick", "strategy");
    html_svg_text(out, BAR_X, TOP - 14, "start", "tick", "ns per operation");
    html_svg_text(out, col.verdict_x, TOP - 14, "start", "tick", "verdict");
    html_svg_text(out, col.lost_x, TOP - 14, "start", "tick", "lost");
    if (timed)
        axis_draw(out, &a, bottom);
    for (size_t i = 0; i < c->nrows; i++)
        bar_row(out, c, i, &a, &col, TOP + (double)i * ROW_H + (ROW_H - BAR_H) / 2.0);
    html_svg_end(out, "Shorter is faster. Each bar's colour and the symbol and word beside it "
                      "say its verdict: \u2717 RACE, \u2713 CORRECT, \u25cb NO RACE SEEN, "
                      "\u25a0 STUCK or DEADLOCK, \u25a1 STALLED (hatched: stopped, no time).");
    html_wide_end(out);
}

/* One row of the table: strategy, verdict, lost, ns/op, median time. */
static void table_row(FILE *out, const struct compare_row *row, size_t i)
{
    fputs("<tr><td>", out);
    html_text(out, row->sync->name);
    if (kind_of(row) == ROW_SKIPPED) {
        fprintf(out, "</td><td class=\"v\" colspan=\"4\">%s", row->skipped[0] ? "skipped: " : "");
        html_text(out, skip_note(row));
        fputs("</td></tr>\n", out);
        return;
    }
    struct row_words w;
    row_words(row, i, &w);
    fprintf(out, "</td><td class=\"v %s\">%s <span data-json=\"%s\">%s</span>",
            html_verdict_class(w.token), html_verdict_symbol(w.token), w.verdict_path, w.verdict);
    html_text(out, w.tally);
    if (kind_of(row) == ROW_STOPPED) {
        char note[400];
        fputs("</td><td colspan=\"4\">", out);
        html_text(out, stop_note(note, sizeof note, row, true));
        fputs("</td></tr>\n", out);
        return;
    }
    char time[32];
    format_duration(time, sizeof time, row->summary.wall_median_ns);
    fputs("</td><td>", out);
    html_text(out, w.side);
    if (w.lost_path[0])
        fprintf(out, "<span data-json=\"%s\">%s</span>", w.lost_path, w.lost);
    else
        html_text(out, w.lost);
    /* The share of the trials' time the workers worked at once (the text
     * table's overlap column). */
    if (row->result.threads > 1)
        fprintf(out, "</td><td>%.0f%%", result_run_overlap_percent(&row->result));
    else
        fputs("</td><td>-", out);
    fprintf(out, "</td><td data-json=\"%s\">%s</td><td>%s", w.per_op_path, w.per_op,
            row->summary.wall_median_exact ? "" : "~");
    html_text(out, time);
    fputs("</td></tr>\n", out);
}

static void table(FILE *out, const struct comparison *c)
{
    fputs("<div class=\"wide\">\n<table class=\"rows\">\n<thead><tr><th scope=\"col\">strategy</th>"
          "<th scope=\"col\">verdict</th><th scope=\"col\">lost or off by (median)</th>"
          "<th scope=\"col\">overlap</th><th scope=\"col\">ns/op (median)</th><th "
          "scope=\"col\">time (median)</th></tr>"
          "</thead>\n<tbody>\n",
          out);
    for (size_t i = 0; i < c->nrows; i++)
        table_row(out, &c->rows[i], i);
    /* On a phone the last column is left out so that the verdicts fit. */
    fputs("</tbody>\n</table>\n<p class=\"narrow-only\">(The time per trial, ns/op times the "
          "operations, is in the JSON and on a wider screen.)</p>\n</div>\n",
          out);
}

/* The command line that repeats the comparison; NULL if out of memory. */
static char *command_of(const struct comparison *c)
{
    struct capture cap;
    FILE *f = capture_begin(&cap);
    if (!f)
        return NULL;
    render_compare_command(f, c);
    return capture_end(&cap) ? cap.buf : NULL;
}

bool render_compare_html(FILE *out, const struct text_layout *layout, const struct comparison *c)
{
    (void)layout; /* a page has no columns to fit: the text table is not on it */
    struct capture json;
    FILE *jf = capture_begin(&json);
    bool json_whole = jf && render_compare_json(jf, c);
    bool have_json = jf && capture_end(&json);
    if (have_json && !json_whole) {
        free(json.buf);
        have_json = false;
    }
    char *command = command_of(c);
    /* Out of memory: no page rather than one that leaves part out. */
    if (!have_json || !command) {
        free(command);
        if (have_json)
            free(json.buf);
        return false;
    }

    char title[128];
    snprintf(title, sizeof title, "racedemo compare %s: time and verdict of each strategy",
             c->workload->name);
    html_page_begin(out, title);
    html_heading(out, title, command);
    html_section_begin(out, "chart", "Time per operation, and the verdict of each strategy");
    bars(out, c);
    html_section_end(out);
    /* The chart shows the times at a glance; the rows give the numbers
     * behind it, with the overlap and the whole time. The text report's
     * table, made for 80 columns, would be a third copy: it is left out. */
    html_section_begin(out, "rows", "The numbers behind the chart");
    table(out, c);
    html_section_end(out);
    html_data_block(out, json.buf, json.len);
    html_page_end(out);
    free(command);
    free(json.buf);
    return true;
}
