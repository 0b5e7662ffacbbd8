/* report/html_writer.c: the writer behind report/html_writer.h. */
#include "report/html_writer.h"

#include <stdlib.h>
#include <string.h>
#include "result/verdict.h"

void html_text_len(FILE *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (s[i]) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        case '\033': /* a colour escape has no place in a page */
            break;
        default:
            putc(s[i], out);
        }
    }
}

void html_text(FILE *out, const char *s)
{
    if (s)
        html_text_len(out, s, strlen(s));
}

/* Okabe and Ito's palette, which readers with any common colour-vision
 * deficiency can tell apart; and every verdict carries a symbol and its
 * word besides. Sized in rem and %, so that it reads on a phone; the
 * print rules fit one run on an A4 page. */
static const char *const stylesheet[] = {
    ":root{--race:#d55e00;--ok:#009e73;--unseen:#e69f00;--stuck:#cc79a7;"
    "--stalled:#56b4e9;--ink:#222;--muted:#666;--grid:#ddd;--t0:#0072b2;--t1:#e69f00;"
    "--t2:#009e73;--t3:#cc79a7}\n"
    "body{font:16px/1.45 system-ui,sans-serif;color:var(--ink);margin:0;background:#fff}\n"
    "main{max-width:60rem;margin:0 auto;padding:1rem}\n"
    "h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.2rem 0 .4rem}\n"
    "code.command{display:block;font:0.9rem ui-monospace,monospace;background:#f4f4f4;"
    "padding:.4rem .6rem;overflow-wrap:anywhere}code.command .w{white-space:nowrap}\n"
    ".verdict{font-size:1.6rem;font-weight:700;margin:.6rem 0;padding:.4rem .8rem;"
    "border-left:.6rem solid;background:#f8f8f8}\n"
    ".verdict .why{display:block;font-size:1rem;font-weight:400}\n"
    ".v-race{border-color:var(--race);color:#a33f00}.v-correct{border-color:var(--ok);color:#"
    "006e50}\n"
    ".v-unseen{border-color:var(--unseen);color:#8a5c00}.v-stuck{border-color:var(--stuck);"
    "color:#8c3d70}\n.v-stalled,.v-none{border-color:var(--stalled);color:#2a6a90}\n"
    "dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.6rem 0}\n"
    "dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}\n"
    "pre{font:0.8rem/1.3 ui-monospace,monospace;background:#f8f8f8;padding:.5rem;"
    "overflow-x:auto}\n"
    "figure{margin:.6rem 0}figure svg{width:100%;height:auto;display:block}\n"
    "figcaption{font-size:.85rem;color:var(--muted)}\n"
    "svg text{font:12px system-ui,sans-serif;fill:var(--ink)}svg .small{font-size:10px}\n"
    "svg .axis{stroke:#888;stroke-width:1}svg .grid{stroke:var(--grid);stroke-width:1}\n"
    "svg .expected{stroke:var(--ok);stroke-width:2;stroke-dasharray:6 3}\n"
    "svg .lost{fill:var(--race)}svg .mark{stroke:var(--race);stroke-width:2;fill:none}\n"
    "svg .b-race{fill:var(--race)}svg .b-correct{fill:var(--ok)}svg .b-unseen{fill:var(--unseen)}\n"
    "svg .b-stuck{fill:var(--stuck)}svg .b-stalled,svg .b-none{fill:var(--stalled)}\n"
    "svg .t0{fill:var(--t0)}svg .t1{fill:var(--t1)}svg .t2{fill:var(--t2)}svg .t3{fill:var(--t3)}\n"
    "svg .lane{stroke:#999;stroke-width:1;stroke-dasharray:4 3}\n",
    /* The bars of compare, the sequence of a --schedule, the
     * --trace timeline. A wide figure keeps a legible size on a phone and
     * scrolls sideways. */
    ".wide{overflow-x:auto}.wide figcaption{position:sticky;left:0;max-width:calc(100vw - 3rem)}\n"
    "table.rows{border-collapse:collapse;font-size:.9rem;margin:.4rem 0}"
    "table.rows th,table.rows td{padding:.15rem .6rem;border-bottom:1px solid var(--grid);"
    "text-align:right}table.rows th:first-child,table.rows td:first-child{text-align:left}"
    "table.rows td.v,table.rows th:nth-child(2){text-align:left}table.rows td.v{font-weight:600}\n"
    "svg .note{fill:#f4f4f4;stroke:#999;stroke-width:1}svg .wait{stroke-dasharray:3 2}\n"
    "svg .arrow{stroke:var(--ink);stroke-width:1.5;fill:none}"
    "svg .arrow.lock{stroke-dasharray:5 3}svg .arrow.lost{stroke:var(--race);stroke-width:3}\n"
    "svg .head{fill:#fff;stroke:var(--ink);stroke-width:1}svg .strong{font-weight:700}\n"
    "svg .hatch{fill:url(#hatch);stroke:var(--stuck);stroke-width:1.5}svg "
    ".hatch-line{stroke:var(--stuck);stroke-width:2}\n"
    "svg .hatch.stalled{fill:url(#hatch-stalled);stroke:var(--stalled)}"
    "svg .hatch-line.stalled{stroke:var(--stalled)}\n"
    "svg .st0{stroke:var(--t0)}svg .st1{stroke:var(--t1)}svg .st2{stroke:var(--t2)}"
    "svg .st3{stroke:var(--t3)}svg .load{fill:#fff;stroke-width:2}svg .store{stroke:none}\n"
    "svg .mark-glyph{font-size:24px;font-weight:700;fill:var(--race)}\n"
    "svg .warn{fill:#a33f00}svg .tick{font-size:11px;fill:var(--muted)}svg .span{opacity:.3}\n"
    "@media print{.wide>div{min-width:0!important}}\n"
    /* On a phone a wide figure is scaled to the screen, never cut at its
     * right edge (a reader can zoom in; a cut is not seen to be one). */
    "@media (max-width:40rem){.wide>div{min-width:0!important}table.rows{font-size:.75rem}"
    "table.rows th,table.rows td{padding:.1rem .2rem}table.rows tr>:nth-child(6){display:none}}\n"
    ".narrow-only{display:none;font-size:.8rem;color:var(--muted)}"
    "@media (max-width:40rem){.narrow-only{display:block}}\n",
    "@media print{main{max-width:none;padding:0}body{font-size:11pt}pre{font-size:7.5pt;"
    "white-space:pre-wrap}h2{break-after:avoid}figure{break-inside:avoid}}\n",
    /* The free run's and the trials' pictures (report/html_run.c,
     * report/html_trials.c, report/html_chart.c) and their page's facts. */
    ".verdict .why,dl.facts dd{white-space:pre-line}dl.facts .raw{color:var(--muted)}\n"
    "figure{overflow-x:auto}\n"
    "svg .overlap{fill:url(#timeline-hatch);stroke:#999;stroke-width:.5}"
    "svg#timeline .hatch{stroke:#999;stroke-width:2}\n"
    "svg .pt-on{fill:none;stroke:var(--ok);stroke-width:1.5}"
    "svg .pt-off{fill:none;stroke:var(--race);stroke-width:1.8}"
    "svg .range-off{stroke:var(--race);stroke-width:2}\n"
    "svg .frame,svg .box{fill:#fff;stroke:#888;stroke-width:1}"
    "svg .box-lost{fill:#fbe3d6;stroke:var(--race);stroke-width:1.5;stroke-dasharray:5 3}"
    "svg#queue-list .arrow{stroke:var(--ink);stroke-width:1.5}\n"
    "table.stall{border-collapse:collapse}table.stall td,table.stall th{padding:.15rem .8rem;"
    "text-align:left;border-bottom:1px solid var(--grid)}\n"
    "@page{size:A4;margin:12mm}\n"
    "@media print{details{display:none}figure svg{max-height:6.3cm}figure{overflow:visible;"
    "margin:.2rem 0}dl.facts{font-size:9pt;gap:0 .8rem;margin:.3rem 0}.verdict{font-size:14pt;"
    "margin:.3rem 0}.verdict .why{font-size:9pt}figcaption{font-size:8pt}"
    "table.stall{font-size:9pt}}\n",
    /* litmus: the banner of each test (seen, not seen, BROKEN), its
     * outcome table and the outcomes' bars (litmus/html.c). */
    ".v-seen{border-color:var(--race);color:#a33f00}.v-notseen{border-color:var(--stalled);"
    "color:#2a6a90}.v-broken{border-color:var(--stuck);color:#8c3d70;border-left-width:1.2rem}\n"
    "table.outcomes{border-collapse:collapse;font-size:.95rem;margin:.4rem 0}"
    "table.outcomes th,table.outcomes td{padding:.15rem .7rem;border-bottom:1px solid "
    "var(--grid);text-align:right}table.outcomes th:first-child,table.outcomes td.w{text-align:"
    "left}table.outcomes th[scope=row],table.outcomes .mono{font:.9rem ui-monospace,monospace;"
    "white-space:nowrap}\n"
    "table.outcomes tr.sc-forbidden{background:#fbe3d6}table.outcomes td.no{font-weight:700}"
    ".forbids{font:700 .85rem system-ui,sans-serif;color:#a33f00;margin-left:.5rem}\n"
    "svg .b-allowed{fill:var(--t0)}svg .b-forbidden{fill:var(--race);stroke:#7a2e00;"
    "stroke-width:1}svg .sc-row{fill:#fbe3d6}svg .mono{font-family:ui-monospace,monospace}\n"
    "@media (max-width:40rem){table.outcomes{font-size:.7rem}table.outcomes th,table.outcomes "
    "td{padding:.1rem .15rem}table.outcomes th[scope=row],table.outcomes "
    ".mono{font-size:.7rem;white-space:normal}.forbids{display:block;margin-left:0}}\n",
};

void html_page_begin(FILE *out, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>",
          out);
    html_text(out, title);
    fputs("</title>\n<style>\n", out);
    /* In parts: C11 promises string literals of 4,095 characters only. */
    for (size_t i = 0; i < sizeof stylesheet / sizeof stylesheet[0]; i++)
        fputs(stylesheet[i], out);
    fputs("</style>\n</head>\n<body>\n<main>\n", out);
}

void html_page_end(FILE *out)
{
    fputs("</main>\n</body>\n</html>\n", out);
}

/* A command line whose words each stay on one line ("--timeout" never
 * breaks after its "--"), but for a word too long for a phone's line. */
void html_command_words(FILE *out, const char *command)
{
    for (const char *p = command; *p;) {
        size_t n = strcspn(p, " ");
        char word[64];
        if (n > 0 && n < 32) {
            snprintf(word, sizeof word, "%.*s", (int)n, p);
            fputs("<span class=\"w\">", out);
            html_text(out, word);
            fputs("</span>", out);
        } else {
            for (size_t i = 0; i < n; i += sizeof word - 1) {
                snprintf(word, sizeof word, "%.*s",
                         (int)(n - i < sizeof word - 1 ? n - i : sizeof word - 1), p + i);
                html_text(out, word);
            }
        }
        p += n;
        if (*p == ' ') {
            putc(' ', out);
            p++;
        }
    }
}

void html_heading(FILE *out, const char *title, const char *command)
{
    fputs("<h1>", out);
    html_text(out, title);
    fputs("</h1>\n", out);
    if (command) {
        fputs("<code class=\"command\" data-json=\"command\">", out);
        html_command_words(out, command);
        fputs("</code>\n", out);
    }
}

struct verdict_look {
    const char *token, *cls, *symbol;
};

/* Each verdict's class and symbol: the symbol says what the colour says. */
static const struct verdict_look looks[] = {
    {"RACE", "v-race", "\u2717"},           /* a cross */
    {"CORRECT", "v-correct", "\u2713"},     /* a tick */
    {"NO_RACE_SEEN", "v-unseen", "\u25cb"}, /* an open circle: not shown either way */
    {"STUCK", "v-stuck", "\u25a0"},         /* a square: halted */
    {"DEADLOCK", "v-stuck", "\u25a0"},      {"STALLED", "v-stalled", "\u25a1"},
    {"NONE", "v-none", "\u2013"},
};

static const struct verdict_look *look(const char *token)
{
    for (size_t i = 0; i < sizeof looks / sizeof looks[0]; i++)
        if (token && strcmp(looks[i].token, token) == 0)
            return &looks[i];
    return &looks[sizeof looks / sizeof looks[0] - 1];
}

const char *html_verdict_class(const char *verdict_token)
{
    return look(verdict_token)->cls;
}

const char *html_verdict_symbol(const char *verdict_token)
{
    return look(verdict_token)->symbol;
}

void html_verdict(FILE *out, const char *verdict_token, const char *why, const char *json_path)
{
    const struct verdict_look *l = look(verdict_token);
    fprintf(out, "<p class=\"verdict %s\">%s <span", l->cls, l->symbol);
    if (json_path) {
        fputs(" data-json=\"", out);
        html_text(out, json_path);
        fputs("\"", out);
    }
    fputs(">", out);
    /* JSON's word for people: NO_RACE_SEEN is NO RACE SEEN. */
    for (const char *p = verdict_token; p && *p; p++)
        putc(*p == '_' ? ' ' : *p, out);
    fputs("</span>", out);
    if (why && *why) {
        fputs("<span class=\"why\">", out);
        html_text(out, why);
        fputs("</span>", out);
    }
    fputs("</p>\n", out);
}

void html_facts_begin(FILE *out)
{
    fputs("<dl class=\"facts\">\n", out);
}

void html_fact(FILE *out, const char *label, const char *value, const char *json_path)
{
    fputs("<dt>", out);
    html_text(out, label);
    fputs("</dt><dd", out);
    if (json_path) {
        fputs(" data-json=\"", out);
        html_text(out, json_path);
        fputs("\"", out);
    }
    fputs(">", out);
    html_text(out, value);
    fputs("</dd>\n", out);
}

void html_facts_end(FILE *out)
{
    fputs("</dl>\n", out);
}

void html_section_begin(FILE *out, const char *id, const char *heading)
{
    fputs("<section id=\"", out);
    html_text(out, id);
    fputs("\">\n<h2>", out);
    html_text(out, heading);
    fputs("</h2>\n", out);
}

void html_section_end(FILE *out)
{
    fputs("</section>\n", out);
}

void html_para(FILE *out, const char *cls, const char *text)
{
    if (cls) {
        fputs("<p class=\"", out);
        html_text(out, cls);
        fputs("\">", out);
    } else {
        fputs("<p>", out);
    }
    html_text(out, text);
    fputs("</p>\n", out);
}

void html_pre(FILE *out, const char *cls, const char *text, size_t len)
{
    fputs("<pre", out);
    if (cls) {
        fputs(" class=\"", out);
        html_text(out, cls);
        fputs("\"", out);
    }
    fputs(">", out);
    html_text_len(out, text, len);
    fputs("</pre>\n", out);
}

void html_data_block(FILE *out, const char *json, size_t len)
{
    fputs("<script type=\"application/json\" id=\"racedemo-result\">\n", out);
    for (size_t i = 0; i < len; i++) {
        if (json[i] == '<')
            fputs("\\u003c", out);
        else if (json[i] == '>')
            fputs("\\u003e", out);
        else if (json[i] == '&')
            fputs("\\u0026", out);
        else
            putc(json[i], out);
    }
    fputs("</script>\n", out);
}

void html_num(FILE *out, double v)
{
    /* One decimal, and never "-0.0": the same bytes for the same figure. */
    long tenths = (long)(v * 10.0 + (v < 0 ? -0.5 : 0.5));
    if (tenths < 0) {
        putc('-', out);
        tenths = -tenths;
    }
    if (tenths % 10)
        fprintf(out, "%ld.%ld", tenths / 10, tenths % 10);
    else
        fprintf(out, "%ld", tenths / 10);
}

void html_svg_begin(FILE *out, const char *id, double width, double height, const char *title)
{
    fputs("<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"", out);
    html_text(out, id);
    fputs("\" viewBox=\"0 0 ", out);
    html_num(out, width);
    putc(' ', out);
    html_num(out, height);
    /* Its name as aria-label: tidy does not know an id on an SVG <title>. */
    fputs("\" role=\"img\" aria-label=\"", out);
    html_text(out, title);
    fputs("\">\n<title>", out);
    html_text(out, title);
    fputs("</title>\n", out);
}

void html_svg_end(FILE *out, const char *caption)
{
    fputs("</svg>\n", out);
    if (caption) {
        fputs("<figcaption>", out);
        html_text(out, caption);
        fputs("</figcaption>\n", out);
    }
    fputs("</figure>\n", out);
}

static void class_attr(FILE *out, const char *cls)
{
    if (cls) {
        fputs(" class=\"", out);
        html_text(out, cls);
        fputs("\"", out);
    }
}

/* The shape's end: its hover text, if any, as a <title> child. */
static void shape_end(FILE *out, const char *element, const char *tip)
{
    if (!tip) {
        fputs("/>\n", out);
        return;
    }
    fputs("><title>", out);
    html_text(out, tip);
    fprintf(out, "</title></%s>\n", element);
}

void html_svg_rect(FILE *out, double x, double y, double w, double h, const char *cls,
                   const char *tip)
{
    fputs("<rect x=\"", out);
    html_num(out, x);
    fputs("\" y=\"", out);
    html_num(out, y);
    fputs("\" width=\"", out);
    html_num(out, w > 0 ? w : 0);
    fputs("\" height=\"", out);
    html_num(out, h > 0 ? h : 0);
    fputs("\"", out);
    class_attr(out, cls);
    shape_end(out, "rect", tip);
}

void html_svg_line(FILE *out, double x1, double y1, double x2, double y2, const char *cls)
{
    fputs("<line x1=\"", out);
    html_num(out, x1);
    fputs("\" y1=\"", out);
    html_num(out, y1);
    fputs("\" x2=\"", out);
    html_num(out, x2);
    fputs("\" y2=\"", out);
    html_num(out, y2);
    fputs("\"", out);
    class_attr(out, cls);
    fputs("/>\n", out);
}

void html_svg_circle(FILE *out, double cx, double cy, double r, const char *cls, const char *tip)
{
    fputs("<circle cx=\"", out);
    html_num(out, cx);
    fputs("\" cy=\"", out);
    html_num(out, cy);
    fputs("\" r=\"", out);
    html_num(out, r);
    fputs("\"", out);
    class_attr(out, cls);
    shape_end(out, "circle", tip);
}

void html_svg_text(FILE *out, double x, double y, const char *anchor, const char *cls,
                   const char *text)
{
    fputs("<text x=\"", out);
    html_num(out, x);
    fputs("\" y=\"", out);
    html_num(out, y);
    fputs("\"", out);
    if (anchor && strcmp(anchor, "start") != 0)
        fprintf(out, " text-anchor=\"%s\"", anchor);
    class_attr(out, cls);
    putc('>', out);
    html_text(out, text);
    fputs("</text>\n", out);
}

/* Text that the tests check against the JSON (data-json). */

void html_svg_text_json(FILE *out, double x, double y, const char *anchor, const char *cls,
                        const char *json_path, const char *text)
{
    fputs("<text x=\"", out);
    html_num(out, x);
    fputs("\" y=\"", out);
    html_num(out, y);
    fputs("\"", out);
    if (anchor && strcmp(anchor, "start") != 0)
        fprintf(out, " text-anchor=\"%s\"", anchor);
    class_attr(out, cls);
    if (json_path) {
        fputs(" data-json=\"", out);
        html_text(out, json_path);
        fputs("\"", out);
    }
    putc('>', out);
    html_text(out, text);
    fputs("</text>\n", out);
}

void html_wide_begin(FILE *out, double width)
{
    fputs("<div class=\"wide\">\n<div style=\"min-width:", out);
    html_num(out, width * 0.9);
    fputs("px;max-width:", out);
    html_num(out, width * 1.4);
    fputs("px\">\n", out);
}

void html_wide_end(FILE *out)
{
    fputs("</div>\n</div>\n", out);
}

/* A banner like html_verdict's, for a result with a word of its own
 * (litmus: SEEN, NOT SEEN, BROKEN): cls its class ("v-seen"), symbol the
 * sign that says what the colour says, and text, the sentence, marked as
 * the JSON's json_path when that is not NULL. */
void html_banner(FILE *out, const char *cls, const char *symbol, const char *word, const char *text,
                 const char *json_path)
{
    fputs("<p class=\"verdict ", out);
    html_text(out, cls);
    fputs("\">", out);
    html_text(out, symbol);
    putc(' ', out);
    html_text(out, word);
    fputs(" <span class=\"why\"", out); /* a space: the text reads "SEEN the ..." */
    if (json_path) {
        fputs(" data-json=\"", out);
        html_text(out, json_path);
        fputs("\"", out);
    }
    fputs(">", out);
    html_text(out, text);
    fputs("</span></p>\n", out);
}
