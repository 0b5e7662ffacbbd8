/* report/html_chart.c: axes, ticks and checked numbers for the pictures. */
#include "html_chart.h"

#include "format.h"
#include "report/html_writer.h"

double chart_x(const struct chart *c, double v)
{
    double span = c->xhi - c->xlo;
    return c->x + (span > 0 ? (v - c->xlo) / span * c->w : 0);
}

double chart_y(const struct chart *c, double v)
{
    double span = c->yhi - c->ylo;
    return c->y + c->h - (span > 0 ? (v - c->ylo) / span * c->h : c->h / 2);
}

/* Without libm: v rounded up to a whole number, and to the nearest. */
static double whole_up(double v)
{
    double k = (double)(long long)v;
    return k < v ? k + 1 : k;
}

static double nearest(double v)
{
    return v < 0 ? -whole_up(-v - 0.5) : whole_up(v - 0.5);
}

double chart_step(double span, int ticks)
{
    if (!(span > 0) || ticks < 1)
        return 1;
    double raw = span / ticks, power = 1;
    while (power * 10 <= raw)
        power *= 10;
    while (power > raw)
        power /= 10;
    double f = raw / power;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * power;
}

/* The unit a time axis spanning `span` ns is labelled in. */
static double time_unit(double span, const char **name)
{
    if (span < 2e3) {
        *name = "ns";
        return 1;
    }
    if (span < 2e6) {
        *name = "\u00b5s";
        return 1e3;
    }
    if (span < 2e9) {
        *name = "ms";
        return 1e6;
    }
    *name = "s";
    return 1e9;
}

/* Decimals enough to tell ticks `step` apart. */
static int places_for(double step)
{
    int places = 0;
    while (places < 6 && (step - nearest(step) < 0 ? nearest(step) - step : step - nearest(step)) >
                             1e-9 * (step > 1 ? step : 1)) {
        step *= 10;
        places++;
    }
    return places;
}

char *chart_duration(char *buf, size_t len, uint64_t ns)
{
    const char *name;
    double unit = time_unit((double)ns, &name);
    if (unit == 1)
        snprintf(buf, len, "%llu ns", (unsigned long long)ns);
    else
        snprintf(buf, len, "%.1f %s", (double)ns / unit, name);
    return buf;
}

void chart_time_axis(FILE *out, const struct chart *c, const char *what)
{
    const char *name;
    double unit = time_unit(c->xhi - c->xlo, &name);
    double step = chart_step(c->xhi - c->xlo, 5);
    int places = places_for(step / unit);
    double base = c->y + c->h;
    html_svg_line(out, c->x, base, c->x + c->w, base, "axis");
    long last = (long)(c->xhi / step + 1e-9);
    for (long k = (long)whole_up(c->xlo / step); k <= last; k++) {
        double v = (double)k * step, x = chart_x(c, v);
        char label[48];
        snprintf(label, sizeof label, "%.*f %s", places, v / unit, name);
        html_svg_line(out, x, base, x, base + 5, "axis");
        html_svg_text(out, x, base + 18, "middle", NULL, v == 0 ? "0" : label);
    }
    html_svg_text(out, c->x + c->w / 2, base + 36, "middle", "small", what);
}

void chart_value_axis(FILE *out, const struct chart *c, const char *unit)
{
    double step = chart_step(c->yhi - c->ylo, 4);
    if (step < 1)
        step = 1; /* counts and amounts are whole */
    html_svg_line(out, c->x, c->y, c->x, c->y + c->h, "axis");
    long last = (long)whole_up(c->yhi / step + 1e-9) - 1;
    if ((double)(last + 1) * step <= c->yhi)
        last++;
    for (long k = (long)whole_up(c->ylo / step); k <= last; k++) {
        double v = (double)k * step, y = chart_y(c, v);
        char label[48];
        html_svg_line(out, c->x, y, c->x + c->w, y, "grid");
        format_amount(label, sizeof label, unit, (int64_t)nearest(v));
        html_svg_text(out, c->x - 6, y + 4, "end", NULL, label);
    }
}

void chart_text_json(FILE *out, double x, double y, const char *anchor, const char *cls,
                     const char *before, const char *value, const char *json_path,
                     const char *after)
{
    fputs("<text x=\"", out);
    html_num(out, x);
    fputs("\" y=\"", out);
    html_num(out, y);
    fputs("\"", out);
    if (anchor && anchor[0] != 's')
        fprintf(out, " text-anchor=\"%s\"", anchor);
    if (cls) {
        fputs(" class=\"", out);
        html_text(out, cls);
        fputs("\"", out);
    }
    fputs(">", out);
    html_text(out, before);
    fputs("<tspan data-json=\"", out);
    html_text(out, json_path);
    fputs("\">", out);
    html_text(out, value);
    fputs("</tspan>", out);
    html_text(out, after);
    fputs("</text>\n", out);
}
