/* report/html_chart.h: what the pictures of a run and of its trials share on top
 * of report/html_writer.h's shapes: a plot area that maps values to coordinates, axes
 * with round ticks labelled in their unit, and text that carries a number
 * the embedded JSON holds (data-json), so that a test can check it. */
#ifndef RACEDEMO_HTML_CHART_H
#define RACEDEMO_HTML_CHART_H

#include <stdint.h>
#include <stdio.h>

/* The width of every chart, in SVG user units: it scales to the page. */
#define CHART_WIDTH 600.0

/* A plot area (x, y, w, h in user units, y down) showing the values
 * [xlo, xhi] across and [ylo, yhi] upwards. */
struct chart {
    double x, y, w, h;
    double xlo, xhi, ylo, yhi;
};

double chart_x(const struct chart *c, double v);
double chart_y(const struct chart *c, double v);

/* A round step (1, 2 or 5 times a power of ten) that cuts span into
 * about `ticks` pieces; 1 for an empty span. */
double chart_step(double span, int ticks);

/* The x axis of a time in nanoseconds, from c->xlo to c->xhi, with ticks
 * labelled in the unit that suits the span (ns, µs, ms, s) and `what`
 * under it ("time since the trial started"). */
void chart_time_axis(FILE *out, const struct chart *c, const char *what);
/* The y axis of counts or amounts (unit: "$" or NULL), with grid lines. */
void chart_value_axis(FILE *out, const struct chart *c, const char *unit);

/* Text at (x, y) that reads before, value, after, where value is the
 * number the JSON holds at json_path: it goes in a <tspan data-json>. */
void chart_text_json(FILE *out, double x, double y, const char *anchor, const char *cls,
                     const char *before, const char *value, const char *json_path,
                     const char *after);

/* A duration for a label, in the unit that suits it: "148.6 µs". */
char *chart_duration(char *buf, size_t len, uint64_t ns);

#endif
