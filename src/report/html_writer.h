/* report/html_writer.h: racedemo's own small writer of HTML pages with inline SVG, for
 * --format html. A page is self-contained (its CSS inline, no script, nothing
 * fetched), and writes every string that reaches it escaped, so that no
 * value (a schedule, a strategy's text) can end an element or open one. The
 * same calls give the same bytes: coordinates are printed with one decimal,
 * and nothing depends on the clock or the locale. */
#ifndef RACEDEMO_HTML_H
#define RACEDEMO_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "result/verdict.h"

/* s escaped for text or a quoted attribute value: & < > " ' as entities. */
void html_text(FILE *out, const char *s);
/* The first len bytes of s, escaped the same way. */
void html_text_len(FILE *out, const char *s, size_t len);

/* The page's start: the doctype, the head (charset, viewport, title, the
 * stylesheet every report shares) and <body><main>. */
void html_page_begin(FILE *out, const char *title);
/* </main></body></html>. */
void html_page_end(FILE *out);

/* The heading of a report: the command line that repeats the run, as
 * code, and the verdict as a banner. verdict_token is JSON's word
 * ("NO_RACE_SEEN"); the banner shows it for people, with a symbol that
 * says the same as its colour. json_path, if not NULL, names where the
 * embedded JSON holds it (the data-json attribute the tests read). */
void html_heading(FILE *out, const char *title, const char *command);
/* A command line, each word of it in a span that does not break. */
void html_command_words(FILE *out, const char *command);
void html_verdict(FILE *out, const char *verdict_token, const char *why, const char *json_path);

/* A report's facts, as a definition list: _begin, any _fact, _end. A fact
 * with a json_path is a number or word the embedded JSON holds at that
 * dotted path ("summary.raced", "trials.0.observed"): the value as shown
 * must equal it once thousands separators and a unit are taken away. */
void html_facts_begin(FILE *out);
void html_fact(FILE *out, const char *label, const char *value, const char *json_path);
void html_facts_end(FILE *out);

/* A section with a heading (h2); _end closes it. */
void html_section_begin(FILE *out, const char *id, const char *heading);
void html_section_end(FILE *out);
/* A paragraph of text. */
void html_para(FILE *out, const char *cls, const char *text);

/* Text as it is, in a <pre> (the text report, kept whole). */
void html_pre(FILE *out, const char *cls, const char *text, size_t len);

/* The run's JSON document, embedded as a data block that no script reads
 * (<script type="application/json" id="racedemo-result">), so that the
 * numbers the page shows can be checked against it. '<', '>' and '&' are
 * written as \u escapes, which JSON reads as the same characters, so that
 * nothing inside can close the element. */
void html_data_block(FILE *out, const char *json, size_t len);

/* SVG: a figure of width x height user units that scales to the page
 * width, with a title (its accessible name, and the figure's caption).
 * Every element's text is real text, so it can be searched and copied. */
void html_svg_begin(FILE *out, const char *id, double width, double height, const char *title);
void html_svg_end(FILE *out, const char *caption);
/* A coordinate or length: one decimal, the same bytes every time. */
void html_num(FILE *out, double v);
/* Shapes; cls names a class of the stylesheet (fill, stroke), tip (may be
 * NULL) is a <title> a browser shows on hover. */
void html_svg_rect(FILE *out, double x, double y, double w, double h, const char *cls,
                   const char *tip);
void html_svg_line(FILE *out, double x1, double y1, double x2, double y2, const char *cls);
void html_svg_circle(FILE *out, double cx, double cy, double r, const char *cls, const char *tip);
/* Text at (x, y); anchor is "start", "middle" or "end". */
void html_svg_text(FILE *out, double x, double y, const char *anchor, const char *cls,
                   const char *text);

/* html_svg_text with a data-json attribute (json_path may be
 * NULL): the text is the value the embedded JSON holds at that path. */
void html_svg_text_json(FILE *out, double x, double y, const char *anchor, const char *cls,
                        const char *json_path, const char *text);

/* Around a figure width units wide, so that its text stays
 * legible: never narrower than 0.9 px a unit (a narrow screen scrolls it
 * sideways), nor wider than 1.4. */
void html_wide_begin(FILE *out, double width);
void html_wide_end(FILE *out);

/* The class of a verdict's colour and symbol: "v-race", "v-correct"... */
const char *html_verdict_class(const char *verdict_token);
/* The symbol shown with it, so that colour is never the only sign. */
const char *html_verdict_symbol(const char *verdict_token);

/* A banner in html_verdict's place for a result that is no race verdict
 * (litmus): `symbol word` large, then text, the sentence (marked as the
 * JSON's json_path unless NULL); cls is its class ("v-seen"). */
void html_banner(FILE *out, const char *cls, const char *symbol, const char *word, const char *text,
                 const char *json_path);

#endif
