/* report/html_run.c: the pictures of a free run's one trial: when each
 * worker worked (the timeline), what a workload saw over the trial (the
 * bank's audits), how a list ended (the queue), and, for a run the
 * watchdog stopped, where each worker was. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "report/html_writer.h"
#include "html_chart.h"
#include "report/html_parts.h"
#include "result/verdict.h"

char *html_worker_name(char *buf, size_t len, const struct result *r, unsigned i)
{
    return result_worker_name(buf, len, r, i);
}

/* A stretch of a trial, in ns from its start. */
struct stretch {
    uint64_t from, to;
};

struct edge {
    uint64_t t;
    int step;
};

static int by_time(const void *a, const void *b)
{
    const struct edge *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return (x->step > y->step) - (x->step < y->step); /* a finish before a start */
}

/* The stretches in which two or more workers were working: what
 * result_overlap_ns adds up. Returns how many (at most max). */
static size_t overlaps(const struct engine_report *run, struct stretch *out, size_t max)
{
    struct edge e[2 * RACEDEMO_MAX_THREADS] = {{0, 0}};
    unsigned n = 0;
    for (unsigned i = 0; i < run->nthreads && i < RACEDEMO_MAX_THREADS; i++) {
        e[n++] = (struct edge){run->start_ns[i], +1};
        e[n++] = (struct edge){run->end_ns[i], -1};
    }
    qsort(e, n, sizeof *e, by_time);
    size_t k = 0;
    int working = 0;
    for (unsigned j = 0; j < n; j++) {
        if (working >= 2 && j > 0 && e[j].t > e[j - 1].t) {
            if (k > 0 && out[k - 1].to == e[j - 1].t)
                out[k - 1].to = e[j].t; /* continues the stretch before */
            else if (k < max)
                out[k++] = (struct stretch){e[j - 1].t, e[j].t};
        }
        working += e[j].step;
    }
    return k;
}

enum { TL_LEFT = 150, TL_TOP = 40, TL_RIGHT = 20, TL_BOTTOM = 48 };

/* One worker's lane: its name and CPU, and its bar from start to finish. */
static void timeline_lane(FILE *out, const struct result *r, const struct chart *c, unsigned i,
                          double lane)
{
    const struct engine_report *run = &r->run.first;
    char name[48], cpu[16], tip[160], from[32], to[32], path[32];
    html_worker_name(name, sizeof name, r, i);
    double y = c->y + i * lane;
    double bar = lane > 14 ? lane - 10 : lane - 2;
    snprintf(cpu, sizeof cpu, "%d", run->cpu[i]);
    snprintf(path, sizeof path, "timeline.%u.cpu", i);
    char before[64];
    snprintf(before, sizeof before, "%s \u00b7 CPU ", name);
    double text_y = y + lane / 2 + 4;
    if (run->cpu[i] >= 0)
        chart_text_json(out, c->x - 8, text_y, "end", lane < 16 ? "small" : NULL, before, cpu, path,
                        "");
    else
        html_svg_text(out, c->x - 8, text_y, "end", lane < 16 ? "small" : NULL, name);
    double x0 = chart_x(c, (double)run->start_ns[i]), x1 = chart_x(c, (double)run->end_ns[i]);
    snprintf(tip, sizeof tip, "%s on CPU %s: from %s to %s", name, run->cpu[i] >= 0 ? cpu : "?",
             chart_duration(from, sizeof from, run->start_ns[i]),
             chart_duration(to, sizeof to, run->end_ns[i]));
    char cls[8];
    snprintf(cls, sizeof cls, "t%u", i % 4);
    html_svg_rect(out, x0, y + (lane - bar) / 2, x1 - x0 < 1 ? 1 : x1 - x0, bar, cls, tip);
}

/* The overlap, hatched across every lane, and its label above them. */
static void timeline_overlap(FILE *out, const struct result *r, const struct chart *c)
{
    struct stretch st[2 * RACEDEMO_MAX_THREADS];
    size_t n = overlaps(&r->run.first, st, sizeof st / sizeof st[0]);
    for (size_t k = 0; k < n; k++) {
        double x0 = chart_x(c, (double)st[k].from), x1 = chart_x(c, (double)st[k].to);
        html_svg_rect(out, x0, c->y - 6, x1 - x0, c->h + 6, "overlap", NULL);
    }
    if (r->run.first.nthreads < 2)
        return; /* one worker overlaps with nobody */
    const struct trial_result *t = &r->trials.kept[0];
    char ns[32], after[160], pct[32];
    format_count(ns, sizeof ns, (int64_t)t->overlap_ns);
    snprintf(pct, sizeof pct, "%.0f%%", result_overlap_percent(t));
    snprintf(after, sizeof after, " ns (%s of the run) with %s working at once", pct,
             r->threads + r->work.helpers == 2 ? "both" : "two or more");
    html_svg_rect(out, 10, 10, 14, 12, "overlap", NULL);
    chart_text_json(out, 30, 20, "start", NULL, "overlap ", ns, "trials.0.overlap_ns", after);
}

void html_run_timeline(FILE *out, const struct result *r)
{
    const struct engine_report *run = &r->run.first;
    if (r->trials.count == 0 || r->trials.nkept == 0 || run->nthreads == 0)
        return;
    uint64_t end = 1;
    for (unsigned i = 0; i < run->nthreads; i++)
        end = run->end_ns[i] > end ? run->end_ns[i] : end;
    double lane = run->nthreads <= 12 ? 30 : 360.0 / run->nthreads;
    double h = lane * run->nthreads;
    struct chart c = {.x = TL_LEFT,
                      .y = TL_TOP,
                      .w = CHART_WIDTH - TL_LEFT - TL_RIGHT,
                      .h = h,
                      .xlo = 0,
                      .xhi = (double)end};
    const char *workers = r->processes ? "process" : "thread";
    char title[128];
    snprintf(title, sizeof title, "When each %s worked: from its start to its finish, and where",
             workers);
    html_svg_begin(out, "timeline", CHART_WIDTH, TL_TOP + h + TL_BOTTOM, title);
    fputs("<defs><pattern id=\"timeline-hatch\" width=\"6\" height=\"6\" "
          "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
          "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" class=\"hatch\"/></pattern></defs>\n",
          out);
    timeline_overlap(out, r, &c);
    for (unsigned i = 0; i < run->nthreads; i++)
        timeline_lane(out, r, &c, i, lane);
    chart_time_axis(out, &c, "time since the first worker started");
    char caption[256];
    snprintf(caption, sizeof caption,
             "The one trial: a bar per %s from the moment it started its work to the moment it "
             "finished, labelled with the CPU it finished on; a race needs the bars to overlap.",
             workers);
    html_svg_end(out, caption);
}

/* The points of a series off (or on) its expected value, as one path of
 * crosses (or of small circles): one element for thousands of points. */
static void series_points(FILE *out, const struct result_series *sr, const struct chart *c,
                          bool off)
{
    bool any = false;
    for (size_t i = 0; i < sr->npoints; i++) {
        if ((sr->points[i].value != sr->expected) != off)
            continue;
        if (!any)
            fputs("<path d=\"", out);
        any = true;
        double x = chart_x(c, (double)sr->points[i].t_ns);
        double y = chart_y(c, (double)sr->points[i].value);
        fputs("M", out);
        html_num(out, x - 3.5);
        putc(' ', out);
        html_num(out, off ? y - 3.5 : y);
        if (off)
            fputs("l7 7m0 -7l-7 7", out);
        else
            fputs("a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0", out);
    }
    if (any)
        fprintf(out, "\" class=\"%s\"/>\n", off ? "pt-off" : "pt-on");
}

/* The y range of a series with its expected value, padded a little. */
static void series_range(const struct result_series *sr, double *lo, double *hi)
{
    int64_t least = sr->expected;
    int64_t most = least;
    for (size_t i = 0; i < sr->npoints; i++) {
        least = sr->points[i].value < least ? sr->points[i].value : least;
        most = sr->points[i].value > most ? sr->points[i].value : most;
    }
    double pad = ((double)most - (double)least) * 0.12;
    *lo = (double)least - (pad < 1 ? 1 : pad);
    *hi = (double)most + (pad < 1 ? 1 : pad);
}

/* The legend: how many shown points are on the line and off it. */
static void series_legend(FILE *out, const struct result_series *sr, const struct chart *c)
{
    size_t off = 0;
    for (size_t i = 0; i < sr->npoints; i++)
        off += sr->points[i].value != sr->expected;
    char text[96], n[32], taken[32], after[96];
    format_count(taken, sizeof taken, (int64_t)sr->taken);
    snprintf(after, sizeof after, " %ss taken in the trial", sr->label);
    chart_text_json(out, c->x, 16, "start", NULL, "", taken, "series.taken", after);
    fputs("<path d=\"M", out);
    html_num(out, c->x);
    fputs(" 30l7 -7m0 7l-7 -7\" class=\"pt-off\"/>\n", out);
    snprintf(text, sizeof text, "off the expected total: %s shown",
             format_count(n, sizeof n, (int64_t)off));
    html_svg_text(out, c->x + 12, 31, "start", "small", text);
    fputs("<path d=\"M", out);
    html_num(out, c->x + 250);
    fputs(" 26.5a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0\" class=\"pt-on\"/>\n", out);
    snprintf(text, sizeof text, "on it: %s shown",
             format_count(n, sizeof n, (int64_t)(sr->npoints - off)));
    html_svg_text(out, c->x + 262, 31, "start", "small", text);
}

void html_run_series(FILE *out, const struct result *r)
{
    const struct result_series *sr = &r->series;
    if (!sr->label || !sr->points || r->trials.count == 0)
        return;
    uint64_t end = 1;
    for (unsigned i = 0; i < r->run.first.nthreads; i++)
        end = r->run.first.end_ns[i] > end ? r->run.first.end_ns[i] : end;
    for (size_t i = 0; i < sr->npoints; i++)
        end = sr->points[i].t_ns > end ? sr->points[i].t_ns : end;
    struct chart c = {.x = 110, .y = 48, .w = CHART_WIDTH - 130, .h = 190, .xhi = (double)end};
    series_range(sr, &c.ylo, &c.yhi);
    char title[160];
    snprintf(title, sizeof title, "The %s of each %s over the trial, against the expected one",
             sr->value_label, sr->label);
    html_svg_begin(out, "audits", CHART_WIDTH, c.y + c.h + 50, title);
    chart_value_axis(out, &c, r->words.unit);
    series_legend(out, sr, &c);
    double y = chart_y(&c, (double)sr->expected);
    html_svg_line(out, c.x, y, c.x + c.w, y, "expected");
    char amount[48];
    format_amount(amount, sizeof amount, r->words.unit, sr->expected);
    chart_text_json(out, c.x + c.w, y - 6, "end", "small", "expected ", amount, "series.expected",
                    "");
    series_points(out, sr, &c, false);
    series_points(out, sr, &c, true);
    chart_time_axis(out, &c, "time since the first worker started");
    char caption[320], taken[32];
    format_count(taken, sizeof taken, (int64_t)sr->taken);
    if (sr->every > 1) {
        char kept[32], most[32];
        format_count(kept, sizeof kept, (int64_t)sr->npoints);
        format_count(most, sizeof most, RESULT_SERIES_POINTS);
        snprintf(caption, sizeof caption,
                 "Each mark is one %s of the trial, placed when it ended: the %s. Of %s %ss, "
                 "one in %" PRIu64 " is shown, from the first (%s kept, at most %s), so that "
                 "they span the trial.",
                 sr->label, sr->value_label, taken, sr->label, sr->every, kept, most);
    } else
        snprintf(caption, sizeof caption,
                 "Each mark is one %s of the trial, placed when it ended: the %s (%s, all "
                 "shown); a cross is off the dashed expected line.",
                 sr->label, sr->value_label,
                 format_counted(taken, sizeof taken, (int64_t)sr->taken, sr->label));
    html_svg_end(out, caption);
}

/* A node as the text report names it: 1 to 4 (the starting nodes), A17. */
static char *node_name(char *buf, size_t len, struct result_node_ref n)
{
    if (n.thread == RESULT_SEED_THREAD)
        snprintf(buf, len, "%" PRIu64, n.seq);
    else if (n.thread < 26)
        snprintf(buf, len, "%c%" PRIu64, 'A' + n.thread, n.seq);
    else
        snprintf(buf, len, "T%u.%" PRIu64, n.thread, n.seq);
    return buf;
}

/* A node: a box with its name in it. */
static void list_box(FILE *out, double x, double y, const char *cls, const char *name)
{
    html_svg_rect(out, x, y, 86, 26, cls, NULL);
    html_svg_text(out, x + 43, y + 17, "middle", NULL, name);
}

/* Reached against expected: a bar, and the two numbers. */
static void list_reached(FILE *out, const struct result *r, double y)
{
    const struct result_list_end *e = &r->lost_list.end;
    double x = 110, w = CHART_WIDTH - 130;
    double part = r->work.expected ? (double)e->reached / (double)r->work.expected : 0;
    html_svg_text(out, x - 8, y + 15, "end", NULL, "reached");
    html_svg_rect(out, x, y, w, 20, "frame", NULL);
    html_svg_rect(out, x, y, w * (part > 1 ? 1 : part), 20, "b-correct", NULL);
    char reached[32], expected[64];
    format_count(reached, sizeof reached, (int64_t)e->reached);
    format_count(expected, sizeof expected, (int64_t)r->work.expected);
    chart_text_json(out, x, y + 38, "start", NULL, "", reached, "list_end.reached",
                    " nodes reached from head");
    chart_text_json(out, x, y + 56, "start", "small", "of ", expected, "expected",
                    " nodes in the list and added to it");
}

/* Each thread's lost nodes, in a box of its own. */
static double list_lost(FILE *out, const struct result *r, double y)
{
    unsigned cols = r->threads < 4 ? r->threads : 4;
    double x = 110, w = (CHART_WIDTH - 130) / (cols ? cols : 1);
    html_svg_text(out, x - 8, y + 18, "end", NULL, "lost by");
    for (unsigned i = 0; i < r->threads; i++) {
        unsigned row = i / cols, col = i % cols;
        double bx = x + col * w, by = y + row * 52.0;
        char name[32], lost[32], path[48];
        snprintf(name, sizeof name, "%s %c", r->processes ? "process" : "thread",
                 i < 26 ? 'A' + i : '?');
        format_count(lost, sizeof lost, (int64_t)r->workers.lost[i]);
        snprintf(path, sizeof path, "summary.threads.%u.lost", i);
        html_svg_rect(out, bx, by, w - 8, 44, r->workers.lost[i] ? "box-lost" : "box", NULL);
        html_svg_text(out, bx + 8, by + 17, "start", "small", name);
        chart_text_json(out, bx + 8, by + 36, "start", NULL, "", lost, path,
                        r->workers.lost[i] == 1 ? " node" : " nodes");
    }
    unsigned rows = (r->threads + cols - 1) / (cols ? cols : 1);
    return y + rows * 52.0;
}

/* The list's end: head, ..., the last node reached, and where tail points. */
static void list_end(FILE *out, const struct result *r, double y)
{
    const struct result_list_end *e = &r->lost_list.end;
    char last[32], tail[32], text[160];
    node_name(last, sizeof last, e->last);
    node_name(tail, sizeof tail, e->tail);
    bool at_last = e->tail.thread == e->last.thread && e->tail.seq == e->last.seq;
    html_svg_text(out, 102, y + 17, "end", NULL, "the list");
    list_box(out, 110, y, "box", "head");
    html_svg_text(out, 223, y + 17, "middle", NULL, "\u2192 \u2026 \u2192");
    list_box(out, 250, y, "box", last);
    html_svg_text(out, 342, y + 17, "start", NULL, "\u2192 null (the walk ends)");
    if (at_last) {
        html_svg_text(out, 250, y + 46, "start", NULL,
                      "\u2191 tail: the last node, as it should be");
        return;
    }
    list_box(out, 250, y + 40, e->tail_reached ? "box" : "box-lost", tail);
    html_svg_text(out, 244, y + 57, "end", NULL, "tail \u2192");
    snprintf(text, sizeof text, "%s",
             e->tail_reached ? "in the list, but not its last node"
                             : "a lost node: what is added next is lost too");
    html_svg_text(out, 342, y + 57, "start", "small", text);
}

/* --show: the first places the list broke, one line each. */
static double list_breaks(FILE *out, const struct result *r, double y)
{
    const struct result_lost_list *l = &r->lost_list;
    if (!l->show)
        return y;
    char n[32], text[256];
    format_count(n, sizeof n, (int64_t)l->breaks);
    chart_text_json(out, 110, y + 14, "start", NULL, "the list broke in ", n, "breaks",
                    l->breaks == 1 ? " place" : " places");
    size_t shown = l->nnodes < 8 ? l->nnodes : 8;
    for (size_t i = 0; i < shown; i++) {
        const struct result_lost_node *b = &l->nodes[i];
        char lost[32], after[32], now[32];
        node_name(lost, sizeof lost, (struct result_node_ref){b->thread, b->seq});
        node_name(after, sizeof after, (struct result_node_ref){b->after_thread, b->after_seq});
        if (b->now_null)
            snprintf(now, sizeof now, "nothing");
        else
            node_name(now, sizeof now, (struct result_node_ref){b->now_thread, b->now_seq});
        snprintf(text, sizeof text, "%s \u2192 %s was overwritten by %s \u2192 %s: %s lost", after,
                 lost, after, now, lost);
        html_svg_text(out, 110, y + 34 + 18 * (double)i, "start", "small", text);
    }
    return y + 40 + 18 * (double)shown;
}

void html_run_list(FILE *out, const struct result *r)
{
    const struct result_list_end *e = &r->lost_list.end;
    if (!e->known || r->trials.count == 0)
        return;
    unsigned rows = (r->threads + 3) / 4;
    double breaks =
        r->lost_list.show ? 40 + 18 * (r->lost_list.nnodes < 8 ? r->lost_list.nnodes : 8) : 0;
    double height = 20 + 78 + rows * 52 + 10 + 80 + breaks;
    html_svg_begin(out, "queue-list", CHART_WIDTH, height, "The list as the trial left it");
    list_reached(out, r, 20);
    double y = list_lost(out, r, 102);
    list_end(out, r, y + 10);
    list_breaks(out, r, y + 90);
    html_svg_end(out, "What a walk from head found after the trial: the nodes it reached of all "
                      "that were added, the nodes each thread added that it never reached, the "
                      "last node it reached and the node tail points to; a lost node takes every "
                      "node linked after it with it.");
}

/* Each worker's state as the watchdog last saw it (result.stall). */
void html_run_stall(FILE *out, const struct result *r)
{
    html_section_begin(out, "stall", "Where each worker was when the watchdog stopped the run");
    fputs("<table class=\"stall\">\n<thead><tr><th>worker</th><th>state</th><th>done</th>"
          "<th>of</th></tr></thead>\n<tbody>\n",
          out);
    for (unsigned i = 0; i < r->threads + r->work.helpers && i < RACEDEMO_MAX_THREADS; i++) {
        char name[48], done[32], all[32];
        bool helper = i >= r->threads;
        bool finished = !helper && r->stall.done[i] >= r->stall.total[i];
        bool counted = !(r->stall.uncounted && !finished);
        const char *state = r->stall.asleep[i] ? "asleep"
                            : finished         ? "\u2713 finished"
                            : helper           ? "still working"
                                               : "waiting";
        fputs("<tr><td>", out);
        html_text(out, html_worker_name(name, sizeof name, r, i));
        fputs("</td><td>", out);
        html_text(out, state);
        fputs("</td><td", out);
        if (counted)
            fprintf(out, " data-json=\"summary.stuck_threads.%u.updates_done\"", i);
        fputs(">", out);
        html_text(out, counted ? format_count(done, sizeof done, (int64_t)r->stall.done[i])
                               : "not counted");
        if (helper) {
            fputs("</td><td>", out);
            html_text(out, r->work.helper_work ? r->work.helper_work : "");
            fputs("s, no end set", out);
        } else {
            fprintf(out, "</td><td data-json=\"summary.stuck_threads.%u.updates\">", i);
            html_text(out, format_count(all, sizeof all, (int64_t)r->stall.total[i]));
        }
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
    html_section_end(out);
}
