/* report/html_trials.c: the pictures of a run of many trials: how many
 * trials had each outcome (the histogram of the summary's buckets), and
 * each kept trial's outcome in order (the series), so that a class sees
 * how the race varies from one trial to the next. */
#include <inttypes.h>
#include <string.h>

#include "format.h"
#include "report/html_writer.h"
#include "html_chart.h"
#include "report/html_parts.h"
#include "report/render.h"
#include "result/verdict.h"
#include "report/words.h"

/* Whether some metric can make a trial wrong with nothing lost. */
static bool guards_more(const struct result *r)
{
    for (unsigned k = 0; k < r->nmetrics; k++)
        if (r->metrics[k].failure)
            return true;
    return false;
}

/* A bucket's row label, as the text report's outcomes show it. */
static void bucket_label(char *buf, size_t len, const struct result *r,
                         const struct summary_bucket *b, bool sides)
{
    char lo[40], hi[40];
    render_off(lo, sizeof lo, r, sides ? b->hi : b->lo, sides);
    render_off(hi, sizeof hi, r, sides ? b->lo : b->hi, sides);
    if (b->lo == b->hi)
        snprintf(buf, len, "%s%s", lo,
                 b->lo != 0       ? ""
                 : sides          ? " (expected)"
                 : guards_more(r) ? " (none lost)"
                                  : " (correct)");
    else
        snprintf(buf, len, "%s to %s", lo, hi);
}

enum { HIST_LEFT = 190, HIST_ROW = 26, HIST_TOP = 34 };

void html_trials_histogram(FILE *out, const struct result *r, const struct summary *s)
{
    if (s->nbuckets == 0)
        return;
    bool sides = result_shows_sides(r);
    size_t most = 1;
    for (size_t i = 0; i < s->nbuckets; i++)
        most = s->buckets[i].count > most ? s->buckets[i].count : most;
    double w = CHART_WIDTH - HIST_LEFT - 70, h = HIST_TOP + HIST_ROW * (double)s->nbuckets + 30;
    char head[64];
    if (sides || r->words.short_label)
        snprintf(head, sizeof head, "%s", render_off_label(r, sides));
    else
        snprintf(head, sizeof head, "lost %ss", r->words.lost_noun ? r->words.lost_noun : "update");
    char title[128];
    snprintf(title, sizeof title, "How many trials had each outcome: %s per trial", head);
    html_svg_begin(out, "histogram", CHART_WIDTH, h, title);
    html_svg_text(out, HIST_LEFT - 8, 20, "end", "small", head);
    html_svg_text(out, HIST_LEFT, 20, "start", "small", "trials");
    for (size_t k = 0; k < s->nbuckets; k++) {
        /* Signed, the rows go from the lowest total up, as the text's. */
        size_t j = sides ? s->nbuckets - 1 - k : k;
        const struct summary_bucket *b = &s->buckets[j];
        /* Nothing lost is right only where nothing else can be wrong. */
        bool zero = b->lo == 0 && b->hi == 0, none = zero && !guards_more(r);
        double y = HIST_TOP + HIST_ROW * (double)k;
        char label[96], count[32], path[48];
        bucket_label(label, sizeof label, r, b, sides);
        html_svg_text(out, HIST_LEFT - 8, y + 16, "end", NULL, label);
        /* Any trial at all gets a bar one unit wide, so rare outcomes show. */
        double bw = b->count ? w * (double)b->count / (double)most : 0;
        html_svg_rect(out, HIST_LEFT, y + 3, b->count && bw < 2 ? 2 : bw, HIST_ROW - 8,
                      none   ? "b-correct"
                      : zero ? "b-unseen"
                             : "b-race",
                      NULL);
        format_count(count, sizeof count, (int64_t)b->count);
        snprintf(path, sizeof path, "summary.histogram.%zu.trials", j);
        chart_text_json(out, HIST_LEFT + bw + 6, y + 16, "start", NULL, none ? "\u2713 " : "",
                        count, path, "");
    }
    html_svg_line(out, HIST_LEFT, HIST_TOP - 4, HIST_LEFT,
                  HIST_TOP + HIST_ROW * (double)s->nbuckets, "axis");
    char caption[256], trials[32];
    format_count(trials, sizeof trials, (int64_t)s->trials);
    snprintf(caption, sizeof caption,
             "All %s trials by outcome, %s: a bar's length is its number of trials%s.", trials,
             s->by_value ? "one row per outcome" : "in equal ranges",
             sides ? "; - is below the expected total, + above it" : "");
    html_svg_end(out, caption);
}

/* A trial's outcome as the series plots it: lost, or with the sides
 * named observed - expected (the text report's "off by"). */
static double trial_y(const struct result *r, size_t i, bool sides)
{
    int64_t lost = result_lost(r, &r->trials.kept[i]);
    return sides ? -(double)lost : (double)lost;
}

/* Up to this many trials get a mark each; more share a column. */
enum { SERIES_MARKS = 1000 };

/* One mark per trial: a cross for a raced one, a circle for a right one. */
static void series_marks(FILE *out, const struct result *r, const struct chart *c, bool sides,
                         bool raced)
{
    bool any = false;
    for (size_t i = 0; i < r->trials.nkept; i++) {
        const struct trial_result *t = &r->trials.kept[i];
        if ((result_trial_verdict(r, t) == VERDICT_RACE) != raced)
            continue;
        fputs(any ? "M" : "<path d=\"M", out);
        any = true;
        double x = chart_x(c, (double)(i + 1)), y = chart_y(c, trial_y(r, i, sides));
        html_num(out, x - 3);
        putc(' ', out);
        html_num(out, raced ? y - 3 : y);
        fputs(raced ? "l6 6m0 -6l-6 6" : "a3 3 0 1 0 6 0a3 3 0 1 0 -6 0", out);
    }
    if (any)
        fprintf(out, "\" class=\"%s\"/>\n", raced ? "pt-off" : "pt-on");
}

/* Many trials: per column of the plot, a line from the lowest to the
 * highest raced trial in it, and a circle where any trial was right. */
static void series_columns(FILE *out, const struct result *r, const struct chart *c, bool sides)
{
    enum { COLUMNS = 240 };
    double lo[COLUMNS], hi[COLUMNS];
    bool raced[COLUMNS] = {false}, right[COLUMNS] = {false};
    for (size_t i = 0; i < r->trials.nkept; i++) {
        size_t k = i * COLUMNS / r->trials.nkept;
        double y = trial_y(r, i, sides);
        if (result_trial_verdict(r, &r->trials.kept[i]) != VERDICT_RACE) {
            right[k] = true;
            continue;
        }
        lo[k] = raced[k] && lo[k] < y ? lo[k] : y;
        hi[k] = raced[k] && hi[k] > y ? hi[k] : y;
        raced[k] = true;
    }
    fputs("<path d=\"", out);
    for (size_t k = 0; k < COLUMNS; k++) {
        if (!raced[k])
            continue;
        double x = c->x + c->w * ((double)k + 0.5) / COLUMNS;
        fputs("M", out);
        html_num(out, x);
        putc(' ', out);
        html_num(out, chart_y(c, hi[k]) - 1);
        fputs("V", out);
        html_num(out, chart_y(c, lo[k]) + 1);
    }
    fputs("\" class=\"range-off\"/>\n", out);
    for (size_t k = 0; k < COLUMNS; k++)
        if (right[k])
            html_svg_circle(out, c->x + c->w * ((double)k + 0.5) / COLUMNS, chart_y(c, 0), 2.5,
                            "pt-on", NULL);
}

/* The legend: what a cross and a circle are, and how many trials raced. */
static void series_legend(FILE *out, const struct result *r, const struct summary *s,
                          const struct chart *c)
{
    char raced[32], kept[32];
    format_count(raced, sizeof raced, (int64_t)s->raced);
    format_count(kept, sizeof kept, (int64_t)r->trials.nkept);
    fputs("<path d=\"M", out);
    html_num(out, c->x);
    fputs(" 11l8 8m0 -8l-8 8\" class=\"pt-off\"/>\n", out);
    chart_text_json(out, c->x + 14, 20, "start", NULL, "raced: ", raced, "summary.raced",
                    " trials in all");
    fputs("<path d=\"M", out);
    html_num(out, c->x + 230);
    fputs(" 15a4 4 0 1 0 8 0a4 4 0 1 0 -8 0\" class=\"pt-on\"/>\n", out);
    html_svg_text(out, c->x + 244, 20, "start", NULL,
                  result_verdict(r) == VERDICT_NO_RACE_SEEN || !r->strategy.exclusive
                      ? "right total"
                      : "correct");
    chart_text_json(out, c->x + c->w, 20, "end", "small", "", kept, "summary.trials_listed",
                    " shown");
}

/* The x axis: trial numbers, from 1 to n. */
static void trial_axis(FILE *out, const struct chart *c, size_t n)
{
    double base = c->y + c->h, step = chart_step((double)n, 5);
    if (step < 1)
        step = 1;
    html_svg_line(out, c->x, base, c->x + c->w, base, "axis");
    for (size_t k = 1; (double)k * step <= (double)n; k++) {
        double v = (double)k * step;
        char label[32];
        format_count(label, sizeof label, (int64_t)v);
        html_svg_line(out, chart_x(c, v), base, chart_x(c, v), base + 5, "axis");
        html_svg_text(out, chart_x(c, v), base + 18, "middle", NULL, label);
    }
    html_svg_text(out, chart_x(c, 1), base + 18, "middle", NULL, "1");
    html_svg_text(out, c->x + c->w / 2, base + 36, "middle", "small", "trial");
}

void html_trials_series(FILE *out, const struct result *r, const struct summary *s)
{
    size_t n = r->trials.nkept;
    if (n == 0)
        return;
    bool sides = result_shows_sides(r);
    double lo = 0, hi = 0;
    for (size_t i = 0; i < n; i++) {
        double y = trial_y(r, i, sides);
        lo = y < lo ? y : lo;
        hi = y > hi ? y : hi;
    }
    double pad = (hi - lo) * 0.08 < 1 ? 1 : (hi - lo) * 0.08;
    struct chart c = {.x = 110,
                      .y = 40,
                      .w = CHART_WIDTH - 130,
                      .h = 200,
                      .xlo = 0.5,
                      .xhi = (double)n + 0.5,
                      .ylo = lo < 0 ? lo - pad : 0,
                      .yhi = hi + pad};
    char title[128], head[48];
    snprintf(head, sizeof head, "%s",
             sides                  ? "off by"
             : r->words.short_label ? r->words.short_label
                                    : "lost");
    snprintf(title, sizeof title, "Each trial's outcome in turn: %s", head);
    html_svg_begin(out, "series", CHART_WIDTH, c.y + c.h + 50, title);
    chart_value_axis(out, &c, r->words.unit);
    html_svg_line(out, c.x, chart_y(&c, 0), c.x + c.w, chart_y(&c, 0), "expected");
    html_svg_text(out, c.x - 6, c.y - 8, "end", "small", head);
    series_legend(out, r, s, &c);
    if (n <= SERIES_MARKS) {
        series_marks(out, r, &c, sides, false);
        series_marks(out, r, &c, sides, true);
    } else {
        series_columns(out, r, &c, sides);
    }
    trial_axis(out, &c, n);
    char caption[320], kept[32], all[32];
    format_count(kept, sizeof kept, (int64_t)n);
    format_count(all, sizeof all, (int64_t)s->trials);
    if (n < s->trials)
        snprintf(caption, sizeof caption,
                 "The first %s of %s trials: racedemo keeps that many one by one, and the "
                 "histogram counts all of them.",
                 kept, all);
    else
        snprintf(caption, sizeof caption, "All %s trials.", all);
    size_t used = strlen(caption);
    snprintf(caption + used, sizeof caption - used, " %s",
             n <= SERIES_MARKS ? "A cross is a trial that raced, a circle one whose total was "
                                 "right; the dashed line is nothing lost."
                               : "Too many for a mark each: a line spans the raced trials of each "
                                 "column, a circle marks a column with a right total.");
    html_svg_end(out, caption);
}
