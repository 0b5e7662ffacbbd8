/* report/html.c: --format html for a free run: one self-contained page
 * with the verdict and why, the facts of the text report's head, the
 * pictures that fit the run, the text report whole, and the JSON document
 * embedded for checking.
 *
 * The facts and the verdict's words are the text report's own: the page
 * renders the text report once more, at the widest layout, and reads its
 * "label  value" lines back, so that the page says exactly what the text
 * says. The numbers the JSON holds get a data-json mark. */
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "report/html_writer.h"
#include "report/html_parts.h"
#include "report/render.h"
#include "result/verdict.h"
#include "report/words.h"

/* A line of the text report's head: "  LABEL     value", its value's
 * wrapped lines joined again and its further lines kept as lines. */
struct head_fact {
    char label[16];
    char value[1536];
};

enum { HEAD_FACTS = 48, VALUE_COLUMN = 12 };

struct head {
    struct head_fact facts[HEAD_FACTS];
    size_t n;
    int width; /* the width the text was laid out for */
};

/* The text report laid out for `layout`, or NULL. */
static char *text_report(const struct text_layout *layout, const struct result *r,
                         const struct summary *s, bool verbose, size_t *len)
{
    struct capture c;
    FILE *f = capture_begin(&c);
    if (!f)
        return NULL;
    render_text(f, layout, r, s, verbose);
    if (!capture_end(&c))
        return NULL;
    *len = c.len;
    return c.buf;
}

/* The length of the first word of p (up to a space or the line's end). */
static size_t word_len(const char *p, size_t n)
{
    size_t k = 0;
    while (k < n && p[k] != ' ')
        k++;
    return k;
}

/* Adds a continuation line to fact f: joined with a space when the text
 * wrapped it (its first word did not fit on the line before, of
 * `prev_len` columns), else as a line of its own. A line after one that
 * ends a sentence is a line of its own either way: the lines the
 * watchdog's verdicts list each worker on ("producer 0: asleep") follow
 * a sentence that may have filled its line. */
static void head_continue(struct head_fact *f, const char *p, size_t n, size_t prev_len, int width)
{
    size_t used = strlen(f->value);
    bool sentence_ended = used > 0 && f->value[used - 1] == '.';
    bool wrapped = prev_len + 1 + word_len(p, n) > (size_t)width && !sentence_ended;
    if (used + n + 2 >= sizeof f->value)
        return;
    f->value[used++] = wrapped ? ' ' : '\n';
    memcpy(f->value + used, p, n);
    f->value[used + n] = '\0';
}

/* One line of the text report into the head: a new fact ("  what ..."),
 * a continuation (12 spaces), or something else (the trials' table,
 * blank lines), which ends the fact before. *cur is the fact under way. */
static void head_line(struct head *h, const char *p, size_t n, size_t prev_len,
                      struct head_fact **cur)
{
    bool labelled = n > VALUE_COLUMN && p[0] == ' ' && p[1] == ' ' && p[2] >= 'a' && p[2] <= 'z';
    size_t lead = 0;
    while (lead < n && p[lead] == ' ')
        lead++;
    if (labelled && h->n < HEAD_FACTS) {
        *cur = &h->facts[h->n++];
        /* The label is columns 2 to 10 ("lost from" is two words). */
        size_t k = VALUE_COLUMN - 3;
        while (k > 0 && p[2 + k - 1] == ' ')
            k--;
        snprintf((*cur)->label, sizeof(*cur)->label, "%.*s", (int)k, p + 2);
        size_t start = VALUE_COLUMN;
        while (start < n && p[start] == ' ')
            start++;
        snprintf((*cur)->value, sizeof(*cur)->value, "%.*s", (int)(n - start), p + start);
    } else if (*cur && lead == VALUE_COLUMN && n > lead) {
        head_continue(*cur, p + lead, n - lead, prev_len, h->width);
    } else {
        *cur = NULL;
    }
}

/* The text report's "label  value" lines, from its second line on. */
static void head_read(struct head *h, const char *text)
{
    struct head_fact *cur = NULL;
    size_t prev_len = 0;
    const char *p = strchr(text, '\n'); /* the command line is the heading's */
    while (p && *++p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        head_line(h, p, n, prev_len, &cur);
        prev_len = n;
        p = nl;
    }
}

static const struct head_fact *head_find(const struct head *h, const char *label)
{
    for (size_t i = 0; i < h->n; i++)
        if (strcmp(h->facts[i].label, label) == 0)
            return &h->facts[i];
    return NULL;
}

/* The number at p ("74,186", "$10,000,000", "99,142.0"), its length; 0
 * when none starts there. A trailing separator is not part of it. */
static size_t number_len(const char *p)
{
    size_t k = 0;
    while (p[k] && strchr("$+-0123456789,.", p[k]))
        k++;
    while (k && (p[k - 1] == ',' || p[k - 1] == '.'))
        k--;
    for (size_t i = 0; i < k; i++)
        if (p[i] >= '0' && p[i] <= '9')
            return k;
    return 0;
}

/* value, with the part at [at, at + len) marked as the JSON's path. */
static void marked(FILE *out, const char *value, size_t at, size_t len, const char *path)
{
    html_text_len(out, value, at);
    fputs("<span data-json=\"", out);
    html_text(out, path);
    fputs("\">", out);
    html_text_len(out, value + at, len);
    fputs("</span>", out);
    html_text(out, value + at + len);
}

/* Marks the number after `after` (at the start when after is "") in value. */
static bool mark_number(FILE *out, const char *value, const char *after, const char *path)
{
    const char *at = strstr(value, after);
    if (!at)
        return false;
    at += strlen(after);
    size_t len = number_len(at);
    if (!len)
        return false;
    marked(out, value, (size_t)(at - value), len, path);
    return true;
}

/* Marks the number after each of after[0..n) in turn, or writes nothing
 * and returns false when one is not there. */
static bool mark_several(FILE *out, const char *value, const char *const after[],
                         const char *const paths[], size_t n)
{
    size_t at[4], len[4], from = 0;
    for (size_t i = 0; i < n && i < 4; i++) {
        const char *p = strstr(value + from, after[i]);
        if (!p)
            return false;
        at[i] = (size_t)(p - value) + strlen(after[i]);
        len[i] = number_len(value + at[i]);
        if (!len[i])
            return false;
        from = at[i] + len[i];
    }
    from = 0;
    for (size_t i = 0; i < n && i < 4; i++) {
        html_text_len(out, value + from, at[i] - from);
        fputs("<span data-json=\"", out);
        html_text(out, paths[i]);
        fputs("\">", out);
        html_text_len(out, value + at[i], len[i]);
        fputs("</span>", out);
        from = at[i] + len[i];
    }
    html_text(out, value + from);
    return true;
}

/* Where the JSON holds the number a fact starts with, by its label; NULL
 * for a fact whose words the JSON does not hold as shown. */
static const char *fact_path(const struct result *r, bool single, const char *label)
{
    if (strcmp(label, "expected") == 0)
        return "expected";
    if (single && strcmp(label, "observed") == 0)
        return "trials.0.observed";
    /* A signed "off by" is observed - expected; JSON's lost is the other way. */
    if (single && !result_shows_sides(r) && strcmp(label, render_off_label(r, false)) == 0)
        return "trials.0.lost";
    if (!single && strcmp(label, "trials") == 0)
        return "summary.trials";
    if (!single && strcmp(label, "raced") == 0)
        return "summary.raced";
    return NULL;
}

/* A fact's value, with the numbers the JSON holds marked. */
static void fact_value(FILE *out, const struct result *r, bool single, const struct head_fact *f)
{
    const char *v = f->value, *path = fact_path(r, single, f->label);
    bool off = strcmp(f->label, render_off_label(r, false)) == 0 && !result_shows_sides(r);
    if (path && mark_number(out, v, "", path))
        return;
    if (strcmp(f->label, "what") == 0 && r->work.action && strstr(v, r->work.action)) {
        marked(out, v, (size_t)(strstr(v, r->work.action) - v), strlen(r->work.action), "action");
        return;
    }
    size_t name = strlen(r->strategy.name);
    if (strcmp(f->label, "sync") == 0 && strncmp(v, r->strategy.name, name) == 0) {
        marked(out, v, 0, name, "config.sync");
        return;
    }
    /* "min 74,186, median 99,142.0, mean 97,977.1, max 101,658": the three
     * the JSON prints as shown (the mean it prints to 4 places). */
    static const char *const after[] = {"min ", ", median ", ", max "};
    static const char *const paths[] = {"summary.lost_min", "summary.lost_median",
                                        "summary.lost_max"};
    if (!single && off && mark_several(out, v, after, paths, 3))
        return;
    html_text(out, v);
}

/* The facts of the text report's head as a definition list, all but the
 * verdict (the banner's) and the outcomes (the histogram's). */
static void facts(FILE *out, const struct result *r, const struct head *h, bool single)
{
    fputs("<dl class=\"facts\">\n", out);
    for (size_t i = 0; i < h->n; i++) {
        const struct head_fact *f = &h->facts[i];
        if (strcmp(f->label, "verdict") == 0 || strcmp(f->label, "outcomes") == 0)
            continue;
        fputs("<dt>", out);
        html_text(out, f->label);
        fputs("</dt><dd>", out);
        fact_value(out, r, single, f);
        if (single && strcmp(f->label, "time") == 0 && r->trials.nkept) {
            char ns[32];
            format_count(ns, sizeof ns, (int64_t)r->trials.kept[0].wall_ns);
            fputs(" <span class=\"raw\">(wall <span data-json=\"trials.0.wall_ns\">", out);
            html_text(out, ns);
            fputs("</span> ns)</span>", out);
        }
        fputs("</dd>\n", out);
    }
    fputs("</dl>\n", out);
}

/* The verdict's words after its word ("RACE: 100,110 of..." -> "100,110
 * of..."), its further lines as lines; "" when the text had none. */
static const char *verdict_why(const struct head *h, const char *word)
{
    const struct head_fact *f = head_find(h, "verdict");
    if (!f)
        return "";
    const char *why = f->value;
    size_t n = strlen(word);
    if (strncmp(why, word, n) == 0 && (why[n] == ':' || why[n] == ' ' || why[n] == '\0')) {
        why += n;
        while (*why == ':' || *why == ' ')
            why++;
    }
    return why;
}

/* The pictures that fit the run: a single trial's, or the trials'; a
 * stalled run's threads. Nothing is drawn of a trial that did not end. */
static void pictures(FILE *out, const struct result *r, const struct summary *s, bool single)
{
    if (r->stall.stuck)
        html_run_stall(out, r);
    if (single) {
        html_run_timeline(out, r);
        html_run_series(out, r);
        html_run_list(out, r);
    } else if (s->trials > 0) {
        html_trials_histogram(out, r, s);
        html_trials_series(out, r, s);
    }
}

/* The text report whole, folded away (and left out of print). */
static void text_section(FILE *out, const char *text, size_t len)
{
    fputs("<section id=\"report\">\n<details>\n<summary>The text report, as racedemo prints "
          "it</summary>\n",
          out);
    if (text)
        html_pre(out, "report", text, len);
    fputs("</details>\n</section>\n", out);
}

static char *command_of(const struct result *r)
{
    struct capture c;
    FILE *f = capture_begin(&c);
    if (!f)
        return NULL;
    render_command(f, r);
    return capture_end(&c) ? c.buf : NULL;
}

/* The JSON document, or NULL (then the page has no data block). */
static char *json_of(const struct result *r, const struct summary *s, size_t *len)
{
    struct capture c;
    FILE *f = capture_begin(&c);
    if (!f)
        return NULL;
    render_json(f, r, s);
    if (!capture_end(&c))
        return NULL;
    *len = c.len;
    return c.buf;
}

bool render_html(FILE *out, const struct text_layout *layout, const struct result *r,
                 const struct summary *s, bool verbose)
{
    size_t text_len = 0, wide_len = 0, json_len = 0;
    const struct text_layout widest = {.width = FORMAT_WIDTH_MAX, .color = layout->color};
    char *text = text_report(layout, r, s, verbose, &text_len);
    char *wide = text_report(&widest, r, s, false, &wide_len);
    char *json = json_of(r, s, &json_len);
    char *command = command_of(r);
    struct head *h = calloc(1, sizeof *h);
    enum verdict v = result_verdict(r);
    bool single = s->trials == 1 && r->trials.nkept == 1;
    /* A page without its command line, facts, report or data block would
     * not carry the run: out of memory, write none. */
    bool whole = text && wide && json && command && h;
    if (!whole) {
        free(h);
        free(command);
        free(text);
        free(wide);
        free(json);
        return false;
    }
    h->width = FORMAT_WIDTH_MAX;
    head_read(h, wide);

    char title[128];
    snprintf(title, sizeof title, "racedemo %s --sync %s: %s", r->workload, r->strategy.name,
             verdict_word(v));
    html_page_begin(out, title);
    html_heading(out, title, command);
    html_verdict(out, verdict_token(v), verdict_why(h, verdict_word(v)), "summary.verdict");
    facts(out, r, h, single);
    pictures(out, r, s, single);
    if (r->trace.recorded)
        render_html_trace(out, r);
    text_section(out, text, text_len);
    html_data_block(out, json, json_len);
    html_page_end(out);
    free(h);
    free(command);
    free(text);
    free(wide);
    free(json);
    return true;
}
