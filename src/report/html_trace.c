/* report/html_trace.c: --trace on a free run's page: the recorded loads
 * and stores around the first lost update, each where its clock read put
 * it on a nanosecond axis, one lane per thread: the picture of what the
 * hardware did. */
#include <inttypes.h>
#include <string.h>

#include "format.h"
#include "report/html_writer.h"
#include "report/html_parts.h"

/* The grid, in SVG units (12px text). */
enum { LEFT = 86, RIGHT = 24, TOP = 34, LANE_H = 64, WIDTH = 760 };
#define CHAR_W 7.0

struct trace_view {
    const struct result_trace *tr;
    uint64_t t0, t1; /* the axis: from t0 to t1 ns */
    uint64_t step;   /* between ticks */
    unsigned lanes;
    double bottom;
};

static double at(const struct trace_view *v, uint64_t t)
{
    double span = (double)(v->t1 - v->t0);
    return LEFT + (span > 0 ? (double)(t - v->t0) / span : 0.5) * (WIDTH - LEFT - RIGHT);
}

static double lane_y(unsigned thread)
{
    return TOP + thread * LANE_H + LANE_H / 2.0;
}

/* The axis: ticks 1, 2 or 5 times a power of ten ns apart, about six. */
static void view_of(const struct result_trace *tr, struct trace_view *v)
{
    *v = (struct trace_view){.tr = tr, .lanes = 2};
    uint64_t lo = tr->events[0].t_ns, hi = lo;
    for (size_t i = 0; i < tr->nevents; i++) {
        const struct result_trace_event *e = &tr->events[i];
        lo = e->t_ns < lo ? e->t_ns : lo;
        hi = e->t_ns > hi ? e->t_ns : hi;
        v->lanes = e->thread + 1 > v->lanes ? e->thread + 1 : v->lanes;
    }
    v->step = 1;
    for (int k = 0; v->step * 6 < hi - lo; k++)
        v->step = k % 3 == 1 ? v->step / 2 * 5 : v->step * 2;
    v->t0 = lo / v->step * v->step;
    v->t1 = (hi + v->step - 1) / v->step * v->step;
    v->t1 = v->t1 > v->t0 ? v->t1 : v->t0 + v->step;
    v->bottom = TOP + v->lanes * LANE_H;
}

static void axis(FILE *out, const struct trace_view *v)
{
    char label[48];
    for (uint64_t t = v->t0; t <= v->t1; t += v->step) {
        html_svg_line(out, at(v, t), TOP, at(v, t), v->bottom, "grid");
        format_count(label, sizeof label, (int64_t)t);
        html_svg_text(out, at(v, t), v->bottom + 14, "middle", "tick", label);
    }
    html_svg_line(out, LEFT, v->bottom, WIDTH - RIGHT, v->bottom, "axis");
    html_svg_text(out, (LEFT + WIDTH - RIGHT) / 2.0, v->bottom + 32, "middle", NULL,
                  "ns since the first recorded step (each step at its clock read, just after it)");
    for (unsigned t = 0; t < v->lanes; t++) {
        char name[16];
        snprintf(name, sizeof name, "Thread %c", 'A' + t);
        html_svg_line(out, LEFT, lane_y(t), WIDTH - RIGHT, lane_y(t), "lane");
        html_svg_text(out, 8, lane_y(t) + 4, "start", "strong", name);
    }
}

/* Each load to its thread's next store: the window in which another
 * thread's store is lost. */
static void windows(FILE *out, const struct trace_view *v)
{
    const struct result_trace *tr = v->tr;
    for (size_t i = 0; i < tr->nevents; i++) {
        if (tr->events[i].store)
            continue;
        for (size_t j = i + 1; j < tr->nevents; j++)
            if (tr->events[j].thread == tr->events[i].thread) {
                char cls[16];
                snprintf(cls, sizeof cls, "t%u span", tr->events[i].thread % 4);
                if (tr->events[j].store)
                    html_svg_rect(out, at(v, tr->events[i].t_ns), lane_y(tr->events[i].thread) - 5,
                                  at(v, tr->events[j].t_ns) - at(v, tr->events[i].t_ns), 10, cls,
                                  NULL);
                break;
            }
    }
}

/* A step: a load an open circle, a store a filled square; its value
 * above or below the lane, where the one before on that side leaves room. */
static void steps(FILE *out, const struct trace_view *v)
{
    const struct result_trace *tr = v->tr;
    double room[2][26] = {{0}}; /* where the last label on each side of a lane ends */
    for (size_t i = 0; i < tr->nevents; i++) {
        const struct result_trace_event *e = &tr->events[i];
        double x = at(v, e->t_ns), y = lane_y(e->thread);
        char tip[96], cls[24], value[32], path[48];
        format_count(value, sizeof value, (int64_t)e->value);
        snprintf(tip, sizeof tip, "%" PRIu64 " ns: %c %s N = %s", e->t_ns, 'A' + e->thread,
                 e->store ? "store" : "load", value);
        if (e->store) {
            snprintf(cls, sizeof cls, "store t%u", e->thread % 4);
            html_svg_rect(out, x - 5, y - 5, 10, 10, cls, tip);
        } else {
            snprintf(cls, sizeof cls, "load st%u", e->thread % 4);
            html_svg_circle(out, x, y, 5.5, cls, tip);
        }
        double w = (double)strlen(value) * CHAR_W;
        unsigned lane = e->thread < 26 ? e->thread : 25;
        /* The lost store's value below: the mark comes down from above. */
        int side = room[0][lane] <= x - w / 2 && !e->lost ? 0 : room[1][lane] <= x - w / 2 ? 1 : -1;
        if (side < 0)
            continue; /* no room: its value is in the table and on hover */
        room[side][lane] = x + w / 2 + 3;
        snprintf(path, sizeof path, "trace.events.%zu.value", i);
        html_svg_text_json(out, x, side ? y + 22 : y - 12, "middle", NULL, path, value);
    }
}

/* The first lost update: a ring round the store that wrote over another
 * thread's update, a line down through the lanes, and what happened. */
static void lost_mark(FILE *out, const struct trace_view *v)
{
    const struct result_trace *tr = v->tr;
    for (size_t i = 0; i < tr->nevents; i++) {
        const struct result_trace_event *e = &tr->events[i];
        if (!e->lost)
            continue;
        double x = at(v, e->t_ns);
        char text[160], value[32];
        format_count(value, sizeof value, (int64_t)e->value);
        html_svg_circle(out, x, lane_y(e->thread), 11, "mark", NULL);
        html_svg_line(out, x, TOP - 14, x, lane_y(e->thread) - 11, "mark");
        /* Whose update it overwrote: the other thread's store of the same value before it. */
        const struct result_trace_event *over = NULL;
        for (size_t j = 0; j < i; j++)
            if (tr->events[j].store && tr->events[j].thread != e->thread &&
                tr->events[j].value == e->value)
                over = &tr->events[j];
        if (over)
            snprintf(text, sizeof text, "\u2717 lost update: %c stores N = %s over %c's N = %s",
                     'A' + e->thread, value, 'A' + over->thread, value);
        else
            snprintf(text, sizeof text, "\u2717 lost update: %c's store of N = %s", 'A' + e->thread,
                     value);
        bool right = x < (LEFT + WIDTH) / 2.0;
        html_svg_text(out, right ? x + 6 : x - 6, TOP - 18, right ? "start" : "end", "warn strong",
                      text);
        return;
    }
}

/* No lost update among the steps recorded: said in the figure's place. */
static void nothing_found(FILE *out, const struct result *r)
{
    char text[160], steps_n[32];
    format_count(steps_n, sizeof steps_n, (int64_t)r->trace.recorded);
    html_svg_begin(out, "trace", WIDTH, 60, "The recorded steps: no lost update among them");
    snprintf(text, sizeof text, "No lost update among the %s updates recorded%s: nothing to draw.",
             steps_n, r->trials.count > 1 ? " in the first trial" : "");
    html_svg_text(out, 8, 34, "start", NULL, text);
    html_svg_end(out, "Try again, or a larger --trace: where the race strikes is up to the "
                      "hardware and the scheduler.");
}

void render_html_trace(FILE *out, const struct result *r)
{
    char text[256], steps_n[32];
    format_count(steps_n, sizeof steps_n, (int64_t)r->trace.recorded);
    html_section_begin(out, "trace-steps", "The trace: what the hardware did");
    fputs("<p>Steps recorded: <span data-json=\"trace.recorded\">", out);
    html_text(out, steps_n);
    fprintf(out,
            "</span>; recording cost <span data-json=\"trace.ns_per_update\">%.2f</span> ns "
            "per update (<span data-json=\"trace.ns_per_update_untraced\">%.2f</span> ns "
            "without).</p>\n",
            r->trace.ns, r->trace.untraced_ns);
    if (!r->trace.found || r->trace.nevents == 0) {
        nothing_found(out, r);
        html_section_end(out);
        return;
    }
    struct trace_view v;
    view_of(&r->trace, &v);
    snprintf(text, sizeof text,
             "The %zu recorded loads and stores around the first lost update, on a nanosecond "
             "axis, one lane per thread",
             r->trace.nevents);
    html_wide_begin(out, WIDTH);
    html_svg_begin(out, "trace", WIDTH, v.bottom + 44, text);
    axis(out, &v);
    windows(out, &v);
    steps(out, &v);
    lost_mark(out, &v);
    html_svg_end(out, "\u25cb a load (the value it read), \u25a0 a store (the value it wrote), "
                      "at its clock read, just after it; a band joins a thread's "
                      "load to its store, the window in which another thread's store is lost; "
                      "\u2717 and a ring mark the first store that wrote over an update it never "
                      "saw.");
    html_wide_end(out);
    html_section_end(out);
}
