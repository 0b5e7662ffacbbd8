/* litmus/html.c: --format html for racedemo litmus. One page: for
 * each test a banner with its verdict sentence (seen, not seen, or
 * BROKEN), its facts, how often each outcome was seen as bars on a log
 * scale (a handful among millions still shows) and as a table with which
 * models allow it; then the text report, and the JSON document embedded.
 * Every number the JSON holds is marked with its path (data-json). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report/format.h"
#include "report/html_writer.h"
#include "racedemo/litmus.h"
#include "litmus/litmus.h"
#include "report/render.h"
#include "core/options.h"
#include "report/words.h"

/* The bars' grid, in SVG units (12px text; an outcome's letters are
 * monospace, about CHAR_W wide). COUNT_X is the right edge of the counts'
 * column, MARK_X where the SC-forbidden row's mark starts. */
enum { ROW_H = 24, BAR_H = 14, TOP = 30, LABEL_X = 12 };
#define SVG_W   660.0
#define CHAR_W  7.3
#define COUNT_X (SVG_W - 140.0)
#define MARK_X  (SVG_W - 132.0)
#define BAR_END (COUNT_X - 80.0)

/* "runs.2.outcomes.3.seen": where run i's field is in the JSON. */
static const char *path_of(char *buf, size_t len, size_t i, const char *field)
{
    snprintf(buf, len, "runs.%zu.%s", i, field);
    return buf;
}

/* <span data-json="path">text</span> */
static void span(FILE *out, const char *path, const char *text)
{
    fputs("<span data-json=\"", out);
    html_text(out, path);
    fputs("\">", out);
    html_text(out, text);
    fputs("</span>", out);
}

static void dt(FILE *out, const char *label)
{
    fputs("<dt>", out);
    html_text(out, label);
    fputs("</dt><dd>", out);
}

/* A test's banner: the class, symbol and word of its verdict sentence. */
struct look {
    const char *cls, *symbol, *word;
};

static struct look look_of(const struct litmus_result *r)
{
    if (r->trials == 0)
        return (struct look){"v-notseen", "\u25cb", "NONE"}; /* an open circle */
    if (litmus_forbidden_seen(r, LITMUS_C11))
        return (struct look){"v-broken", "\u2717", "BROKEN"}; /* a cross */
    if (r->seen[r->test->relaxed_outcome])
        return (struct look){"v-seen", "\u25cf", "SEEN"};    /* a filled circle */
    return (struct look){"v-notseen", "\u25cb", "NOT SEEN"}; /* an open circle */
}

static void banner(FILE *out, const struct litmus_result *r, size_t i)
{
    char sentence[1024], path[48];
    struct look l = look_of(r);
    html_banner(out, l.cls, l.symbol, l.word, litmus_verdict(sentence, sizeof sentence, r),
                path_of(path, sizeof path, i, "verdict"));
}

/* "order: relaxed: every load and store memory_order_relaxed" */
static void order_fact(FILE *out, const struct litmus_result *r, size_t i)
{
    char path[48];
    dt(out, "order");
    span(out, path_of(path, sizeof path, i, "order"), litmus_order_names[r->order]);
    fputs(": ", out);
    html_text(out, litmus_order_words[r->order]);
    fputs("</dd>\n", out);
}

/* "fence: no" or "fence: yes: a seq_cst fence between ..." */
static void fence_fact(FILE *out, const struct litmus_result *r, size_t i, const char *what)
{
    char path[48];
    dt(out, "fence");
    span(out, path_of(path, sizeof path, i, "fence"), r->fence ? "yes" : "no");
    if (r->fence) {
        fputs(": ", out);
        html_text(out, what);
    }
    fputs("</dd>\n", out);
}

static void machine_fact(FILE *out)
{
    enum litmus_model m = litmus_machine_model();
    dt(out, "machine");
    span(out, "machine", litmus_machine_name());
    if (m == LITMUS_MODELS) {
        fputs(", whose model is not in the table", out);
    } else {
        fputs(", whose model is ", out);
        span(out, "machine_model", litmus_model_names[m]);
    }
    fputs("</dd>\n", out);
}

/* tests = trials x iters, and the time they took. */
static void size_facts(FILE *out, const struct litmus_result *r, size_t i)
{
    char path[48], n[48], wall[32], rate[48];
    dt(out, "tests");
    span(out, path_of(path, sizeof path, i, "tests"),
         format_count(n, sizeof n, (int64_t)litmus_total_tests(r)));
    fputs(" = ", out);
    span(out, path_of(path, sizeof path, i, "trials"),
         format_count(n, sizeof n, (int64_t)r->trials));
    fputs(r->trials == 1 ? " trial" : " trials", out);
    if (r->interrupted) {
        fputs(" (interrupted: of ", out);
        html_text(out, format_count(n, sizeof n, (int64_t)r->trials_asked));
        fputs(" asked)", out);
    }
    fputs(" \u00d7 ", out);
    span(out, path_of(path, sizeof path, i, "iters"), format_count(n, sizeof n, (int64_t)r->iters));
    fputs(r->iters == 1 ? " instance</dd>\n" : " instances</dd>\n", out);
    format_decimal(rate, sizeof rate,
                   r->wall_ns ? (double)litmus_total_tests(r) * 1e3 / (double)r->wall_ns : 0.0);
    dt(out, "time");
    html_text(out, format_duration(wall, sizeof wall, r->wall_ns));
    fputs(" of work <span class=\"raw\">(", out);
    span(out, path_of(path, sizeof path, i, "wall_ns"),
         format_count(n, sizeof n, (int64_t)r->wall_ns));
    fputs(" ns)</span>: ", out);
    html_text(out, rate);
    fputs(" million tests a second</dd>\n", out);
}

/* "meetings: every 1,024 instances asked; met: yes" and "in step: 81.00% of
 * tests (8,100,000), an outcome only threads at the same instance at once
 * give: r0=0 r1=0, r0=1 r1=1". */
static void step_facts(FILE *out, const struct litmus_result *r, size_t i)
{
    char path[48], n[48], pct[32], which[256];
    dt(out, "meetings");
    fputs("every ", out);
    span(out, path_of(path, sizeof path, i, "batch"), format_count(n, sizeof n, (int64_t)r->batch));
    fputs(" instances asked; met: ", out);
    span(out, path_of(path, sizeof path, i, "met"), r->met ? "yes" : "no");
    html_text(out, r->met                            ? ""
                   : r->batch && r->batch < r->iters ? " (sharing CPUs, they would only take turns)"
                                                     : " (only at each trial's start)");
    fputs("</dd>\n", out);
    uint64_t k = litmus_in_step_seen(r);
    dt(out, "in step");
    html_text(out, litmus_percent(pct, sizeof pct, k, litmus_total_tests(r)));
    fputs(" of tests (", out);
    span(out, path_of(path, sizeof path, i, "in_step_seen"), format_count(n, sizeof n, (int64_t)k));
    fputs("): an outcome only threads at the same instance at once give, ", out);
    html_text(out, litmus_in_step_text(which, sizeof which, r->test));
    fputs("</dd>\n", out);
}

/* A test's facts; `whole` adds the order and the machine (a single test's
 * page; `litmus all` shows them once, above the tests). */
static void run_facts(FILE *out, const struct litmus_result *r, size_t i, bool whole)
{
    const struct litmus_test *t = r->test;
    char path[48], line[512];
    html_facts_begin(out);
    dt(out, "test");
    span(out, path_of(path, sizeof path, i, "test"), t->name);
    fputs(", ", out);
    span(out, path_of(path, sizeof path, i, "title"), t->title);
    fputs("</dd>\n", out);
    for (unsigned k = 0; k < t->threads; k++) {
        char label[24], field[24];
        snprintf(label, sizeof label, "thread %c", 'A' + (int)k);
        snprintf(field, sizeof field, "threads.%u", k);
        html_fact(out, label, t->code[k], path_of(path, sizeof path, i, field));
    }
    if (whole)
        order_fact(out, r, i);
    fence_fact(out, r, i, t->fence);
    html_fact(out, "cpus", render_placement(line, sizeof line, &r->placement, 0, "", false),
              path_of(path, sizeof path, i, "placement"));
    size_facts(out, r, i);
    step_facts(out, r, i);
    if (whole)
        machine_fact(out);
    html_facts_end(out);
}

/* The mark of the outcome SC forbids: a word besides the colour. */
static const char *forbids_word(const struct litmus_result *r)
{
    return r->test->rows[r->order][r->fence].allowed[LITMUS_C11] ? "\u2717 SC forbids"
                                                                 : "\u2717 SC and C11 forbid";
}

/* A tick's label: 1, 10, 100, 1k ... 100M, 1B ... */
static void decade_label(char *buf, size_t len, int k)
{
    static const char *const units[] = {"", "k", "M", "B", "T", "P"};
    static const char *const ones[] = {"1", "10", "100"};
    int u = k / 3 < 5 ? k / 3 : 5;
    snprintf(buf, len, "%s%s", ones[k - 3 * u < 3 ? k - 3 * u : 2], units[u]);
}

/* The bars' log axis: a gridline a decade from 1 to 10^decades. */
static void bars_axis(FILE *out, double bar_x, int decades, double bottom)
{
    int every = decades <= 8 ? 1 : (decades + 7) / 8;
    for (int k = 0; k <= decades; k++) {
        double x = bar_x + (BAR_END - bar_x) * k / decades;
        char label[16];
        html_svg_line(out, x, TOP - 4, x, bottom, "grid");
        if (k % every == 0) {
            decade_label(label, sizeof label, k);
            html_svg_text(out, x, bottom + 14, "middle", "tick", label);
        }
    }
    html_svg_line(out, bar_x, bottom, BAR_END, bottom, "axis");
    html_svg_text(out, (bar_x + BAR_END) / 2, bottom + 32, "middle", NULL,
                  "times seen, log scale: each gridline is 10\u00d7 the one before");
}

/* Outcome o's row: its name, its bar (none when never seen), its count,
 * and the mark when SC forbids it. */
static void bar_row(FILE *out, const struct litmus_result *r, size_t i, unsigned o, double bar_x,
                    int decades)
{
    const struct litmus_test *t = r->test;
    bool forbidden = o == t->relaxed_outcome;
    double y = TOP + (double)o * ROW_H;
    char what[64], count[48], path[64], field[40], tip[224];
    litmus_outcome_text(what, sizeof what, t, o);
    format_count(count, sizeof count, (int64_t)r->seen[o]);
    snprintf(field, sizeof field, "outcomes.%u.outcome", o);
    html_svg_text_json(out, LABEL_X, y + 16, "start", forbidden ? "mono strong" : "mono",
                       path_of(path, sizeof path, i, field), what);
    if (r->seen[o]) {
        double w = (BAR_END - bar_x) * format_ln((double)r->seen[o]) / format_ln(10) / decades;
        char times[48], tests[48];
        format_counted(times, sizeof times, (int64_t)r->seen[o], "time");
        format_count(tests, sizeof tests, (int64_t)litmus_total_tests(r));
        snprintf(tip, sizeof tip, "%s: seen %s in %s tests", what, times, tests);
        html_svg_rect(out, bar_x, y + 5, w < 2 ? 2 : w, BAR_H,
                      forbidden ? "b-forbidden" : "b-allowed", tip);
    } else {
        html_svg_text(out, bar_x + 4, y + 16, "start", "tick", "never seen");
    }
    snprintf(field, sizeof field, "outcomes.%u.seen", o);
    html_svg_text_json(out, COUNT_X, y + 16, "end", forbidden ? "strong" : NULL,
                       path_of(path, sizeof path, i, field), count);
    if (forbidden)
        html_svg_text(out, MARK_X, y + 16, "start", "warn strong", forbids_word(r));
}

/* How often each outcome was seen: a bar each, on a log scale. */
static void outcome_bars(FILE *out, const struct litmus_result *r, size_t i, const char *id)
{
    const struct litmus_test *t = r->test;
    unsigned n = 1u << t->nregs;
    uint64_t most = 1;
    for (unsigned o = 0; o < n; o++)
        most = r->seen[o] > most ? r->seen[o] : most;
    int decades = 1;
    for (uint64_t top = 10; top < most && decades < 19; top *= 10)
        decades++;
    double bar_x = LABEL_X + (4.0 * t->nregs + t->nregs - 1) * CHAR_W + 14;
    double bottom = TOP + (double)n * ROW_H + 4;
    char title[160], tests[48];
    snprintf(title, sizeof title, "How often each outcome of %s was seen, in %s tests", t->name,
             format_count(tests, sizeof tests, (int64_t)litmus_total_tests(r)));
    html_svg_begin(out, id, SVG_W, bottom + 42, title);
    html_svg_rect(out, 0, TOP + (double)t->relaxed_outcome * ROW_H, SVG_W, ROW_H, "sc-row", NULL);
    html_svg_text(out, LABEL_X, 18, "start", "strong", "outcome");
    html_svg_text(out, bar_x, 18, "start", "strong", "times seen");
    html_svg_text(out, COUNT_X, 18, "end", "strong", "seen");
    bars_axis(out, bar_x, decades, bottom);
    for (unsigned o = 0; o < n; o++)
        bar_row(out, r, i, o, bar_x, decades);
    html_svg_end(out, "Each bar is how many tests ended with that outcome, on a log scale so "
                      "that a few among millions still show. \u2717 marks the outcome sequential "
                      "consistency forbids: each time it was seen, the accesses were reordered.");
}

static void yes_no_cell(FILE *out, const char *path, bool yes)
{
    fputs(yes ? "<td" : "<td class=\"no\"", out);
    fputs(" data-json=\"", out);
    html_text(out, path);
    fputs(yes ? "\">yes</td>" : "\">no</td>", out);
}

/* One outcome's row of the table. */
static void table_row(FILE *out, const struct litmus_result *r, size_t i, unsigned o)
{
    static const char *const fields[LITMUS_MODELS] = {"sc", "x86_tso", "arm64", "c11"};
    const struct litmus_test *t = r->test;
    bool forbidden = o == t->relaxed_outcome;
    char what[64], count[48], pct[32], path[64], field[40];
    fputs(forbidden ? "<tr class=\"sc-forbidden\"><th scope=\"row\">" : "<tr><th scope=\"row\">",
          out);
    snprintf(field, sizeof field, "outcomes.%u.outcome", o);
    span(out, path_of(path, sizeof path, i, field), litmus_outcome_text(what, sizeof what, t, o));
    if (forbidden) {
        fputs("<span class=\"forbids\">", out);
        html_text(out, forbids_word(r));
        fputs("</span>", out);
    }
    snprintf(field, sizeof field, "outcomes.%u.seen", o);
    fputs("</th><td data-json=\"", out);
    html_text(out, path_of(path, sizeof path, i, field));
    fprintf(out, "\">%s</td>", format_count(count, sizeof count, (int64_t)r->seen[o]));
    litmus_percent(pct, sizeof pct, r->seen[o], litmus_total_tests(r));
    fprintf(out, "<td>%s</td>", pct);
    snprintf(field, sizeof field, "outcomes.%u.in_step", o);
    fputs("<td data-json=\"", out);
    html_text(out, path_of(path, sizeof path, i, field));
    fputs(t->in_step >> o & 1 ? "\">yes</td>" : "\">no</td>", out);
    for (unsigned m = 0; m < LITMUS_MODELS; m++) {
        snprintf(field, sizeof field, "outcomes.%u.%s", o, fields[m]);
        yes_no_cell(out, path_of(path, sizeof path, i, field),
                    litmus_allowed(t, r->order, r->fence, (enum litmus_model)m, o));
    }
    fputs("</tr>\n", out);
}

static void outcome_table(FILE *out, const struct litmus_result *r, size_t i)
{
    fputs("<div class=\"wide\">\n<table class=\"outcomes\">\n<thead><tr><th "
          "scope=\"col\">outcome</th>"
          "<th scope=\"col\">seen</th><th scope=\"col\">%</th><th scope=\"col\">in step</th>"
          "<th scope=\"col\">SC</th>"
          "<th scope=\"col\">x86</th><th scope=\"col\">arm64</th><th scope=\"col\">C11</th>"
          "</tr></thead>\n<tbody>\n",
          out);
    for (unsigned o = 0; o < (1u << r->test->nregs); o++)
        table_row(out, r, i, o);
    fputs("</tbody>\n</table>\n</div>\n", out);
}

/* What the yes/no columns say, once a page. */
static void models_note(FILE *out)
{
    html_para(out, NULL,
              "yes/no: whether each model allows the outcome with these orders. SC: "
              "sequential consistency, some interleaving of the steps. x86 (x86-TSO) and "
              "arm64 (ARMv8): the hardware, for the instructions compilers emit for these "
              "orders. C11: the language's model. An outcome C11 forbids that is seen is a "
              "compiler or hardware bug: the banner says BROKEN. In step: an outcome that no "
              "run of the threads one after another gives, so the threads were at the same "
              "instance at once.");
}

/* One test: its banner, facts, bars and table (and its lesson). */
static void run_part(FILE *out, const struct litmus_result *r, size_t i, bool all)
{
    char id[48];
    banner(out, r, i);
    run_facts(out, r, i, !all);
    if (all)
        snprintf(id, sizeof id, "outcomes-%s", r->test->name);
    else
        snprintf(id, sizeof id, "outcomes");
    outcome_bars(out, r, i, id);
    outcome_table(out, r, i);
    if (r->test->lesson) {
        char line[512];
        snprintf(line, sizeof line, "Lesson: %s.", r->test->lesson);
        html_para(out, NULL, line);
    }
}

/* `litmus all`'s overview: a row per test, its SC-forbidden outcome's
 * count and verdict word, linking to its section. */
static void overview(FILE *out, const struct litmus_result *r, size_t n)
{
    fputs("<div class=\"wide\">\n<table class=\"outcomes\">\n<thead><tr><th scope=\"col\">test</th>"
          "<th scope=\"col\">SC forbids</th><th scope=\"col\">seen</th><th scope=\"col\">%</th>"
          "<th scope=\"col\">in step</th><th scope=\"col\">verdict</th></tr></thead>\n"
          "<tbody>\n",
          out);
    for (size_t i = 0; i < n; i++) {
        const struct litmus_test *t = r[i].test;
        uint64_t k = r[i].seen[t->relaxed_outcome];
        char what[64], count[48], pct[32], path[64];
        struct look l = look_of(&r[i]);
        fprintf(out, "<tr><th scope=\"row\"><a href=\"#test-%s\">%s</a></th>", t->name, t->name);
        fputs("<td class=\"w mono\">", out);
        html_text(out, litmus_outcome_text(what, sizeof what, t, t->relaxed_outcome));
        fputs("</td><td data-json=\"", out);
        html_text(out, path_of(path, sizeof path, i, "sc_forbidden_seen"));
        litmus_percent(pct, sizeof pct, k, litmus_total_tests(&r[i]));
        fprintf(out, "\">%s</td><td>%s</td>", format_count(count, sizeof count, (int64_t)k), pct);
        litmus_percent(pct, sizeof pct, litmus_in_step_seen(&r[i]), litmus_total_tests(&r[i]));
        fprintf(out, "<td>%s</td><td class=\"w\">%s %s</td></tr>\n", pct, l.symbol, l.word);
    }
    fputs("</tbody>\n</table>\n</div>\n", out);
}

/* `litmus all`: the order and machine once, the overview, a section a test. */
static void all_parts(FILE *out, const struct litmus_result *r, size_t n)
{
    html_facts_begin(out);
    order_fact(out, &r[0], 0);
    machine_fact(out);
    html_facts_end(out);
    overview(out, r, n);
    models_note(out);
    for (size_t i = 0; i < n; i++) {
        char id[48], heading[160];
        snprintf(id, sizeof id, "test-%s", r[i].test->name);
        snprintf(heading, sizeof heading, "%s: %s", r[i].test->name, r[i].test->title);
        html_section_begin(out, id, heading);
        run_part(out, &r[i], i, true);
        html_section_end(out);
    }
}

/* A renderer of runs, laid out for a layout (JSON's ignores it). */
typedef void render_runs(FILE *out, const struct text_layout *layout, const char *command,
                         const struct litmus_result *r, size_t n);

/* render_litmus_json as a render_runs: JSON is not laid out. */
static void json_runs(FILE *out, const struct text_layout *layout, const char *command,
                      const struct litmus_result *r, size_t n)
{
    (void)layout;
    render_litmus_json(out, command, r, n);
}

/* What a renderer writes, into memory (NULL when out of memory). */
static char *captured(render_runs *render, const struct text_layout *layout, const char *command,
                      const struct litmus_result *r, size_t n, size_t *len)
{
    struct capture c;
    FILE *f = capture_begin(&c);
    if (!f)
        return NULL;
    render(f, layout, command, r, n);
    if (!capture_end(&c))
        return NULL;
    *len = c.len;
    return c.buf;
}

/* The page's heading: which test and what was seen; for `all`, how
 * many tests saw their outcome SC forbids. */
static void page_title(char *buf, size_t len, const struct litmus_result *r, size_t n)
{
    const char *interrupted = r[n - 1].interrupted ? " (interrupted)" : "";
    if (n == 1) {
        bool broken = litmus_forbidden_seen(r, LITMUS_C11) != 0;
        bool seen = r->seen[r->test->relaxed_outcome] != 0;
        snprintf(buf, len, "racedemo litmus %s (%s): %s%s", r->test->name, r->test->title,
                 r->trials == 0 ? "no trial completed"
                 : broken       ? "BROKEN, an outcome C11 forbids was seen"
                 : seen         ? "the outcome SC forbids was seen"
                                : "the outcome SC forbids was not seen",
                 interrupted);
        return;
    }
    size_t seen = 0;
    for (size_t i = 0; i < n; i++)
        seen += r[i].seen[r[i].test->relaxed_outcome] != 0;
    snprintf(buf, len, "racedemo litmus all: %zu of %zu tests saw the outcome SC forbids%s", seen,
             n, interrupted);
}

bool render_litmus_html(FILE *out, const struct text_layout *layout, const char *command,
                        const struct litmus_result *r, size_t n)
{
    size_t text_len = 0, json_len = 0;
    char *text = captured(render_litmus_text, layout, command, r, n, &text_len);
    char *json = captured(json_runs, layout, command, r, n, &json_len);
    /* Out of memory: no page rather than one that leaves part out. */
    if (!text || !json) {
        free(text);
        free(json);
        return false;
    }
    char title[256];
    page_title(title, sizeof title, r, n);
    html_page_begin(out, title);
    html_heading(out, title, command);
    if (n == 1) {
        run_part(out, r, 0, false);
        models_note(out);
    } else {
        all_parts(out, r, n);
    }
    fputs("<section id=\"report\">\n<details>\n<summary>The text report, as racedemo prints "
          "it</summary>\n",
          out);
    html_pre(out, "report", text, text_len);
    fputs("</details>\n</section>\n", out);
    html_data_block(out, json, json_len);
    html_page_end(out);
    free(text);
    free(json);
    return true;
}
