/* render_compare.c: the side-by-side table of a comparison, and the same
 * in JSON and CSV. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "format.h"
#include "racedemo/render.h"

#ifndef RACEDEMO_VERSION
#define RACEDEMO_VERSION "unknown"
#endif

enum { BAR_WIDTH = 20 };

static const struct compare_row *first_run(const struct comparison *c)
{
    for (size_t i = 0; i < c->nrows; i++)
        if (!c->rows[i].skipped[0] && c->rows[i].result.trials.count > 0)
            return &c->rows[i];
    return NULL;
}

/* The verdict cell: "RACE 3/5", or the word alone for one trial. */
static void row_verdict(char *buf, size_t len, const struct compare_row *row)
{
    const struct summary *s = &row->summary;
    const char *word = verdict_word(result_verdict(&row->result));
    if (s->trials == 1)
        snprintf(buf, len, "%s", word);
    else
        snprintf(buf, len, "%s %zu/%zu", word, s->raced ? s->raced : s->trials, s->trials);
}

/* The optional columns shown (format_columns_fit) and the verdict's width. */
struct columns {
    unsigned shown;
    int verdict;
};

static void print_row(FILE *out, const struct compare_row *row, const struct compare_row *base,
                      uint64_t slowest, int width, int name_width, bool sides,
                      const struct columns *cols)
{
    const struct summary *s = &row->summary;
    const struct result *r = &row->result;
    if (r->stall.stuck) {
        char after[32];
        enum verdict v = result_verdict(r);
        format_duration(after, sizeof after, r->stall.after_ns);
        char text[400], painted[48];
        const char *word = format_paint(painted, sizeof painted,
                                        format_verdict_color(verdict_word(v)), verdict_word(v));
        if (v == VERDICT_DEADLOCK)
            snprintf(text, sizeof text, "%s: every thread asleep, stopped by the watchdog", word);
        else if (v == VERDICT_STALLED && r->stall.why[0])
            snprintf(text, sizeof text, "%s: %s", word, r->stall.why);
        else
            snprintf(text, sizeof text, "%s: no progress for %s, stopped by the watchdog%s", word,
                     after, v == VERDICT_STALLED ? " (the machine may be overloaded)" : "");
        format_wrapped(out, name_width, row->sync->name, text);
        return;
    }
    if (row->skipped[0] || s->trials == 0) {
        format_wrapped(out, name_width, row->sync->name,
                       row->skipped[0] ? row->skipped : "not run: interrupted");
        return;
    }
    char expected[32], observed[32], lost[40], verdict[48], time[32], ratio[16] = "";
    double median_lost = s->lost_median;
    format_amount(expected, sizeof expected, r->words.unit, (int64_t)r->work.expected);
    /* In integers: a double cannot hold every total above 2^53. */
    int64_t lost_n = (int64_t)(median_lost < 0 ? median_lost - 0.5 : median_lost + 0.5);
    format_amount(observed, sizeof observed, r->words.unit, (int64_t)r->work.expected - lost_n);
    render_off(lost, sizeof lost, r, lost_n, sides);
    if (!s->lost_median_exact) { /* past 65,536 distinct values: see result.h */
        char exact[40];
        snprintf(exact, sizeof exact, "%s", lost);
        snprintf(lost, sizeof lost, "~%.38s", exact);
    }
    format_duration(time, sizeof time, s->wall_median_ns);
    if (!s->wall_median_exact) { /* from a histogram: the footnote says how close */
        char exact[32];
        snprintf(exact, sizeof exact, "%s", time);
        snprintf(time, sizeof time, "~%.30s", exact);
    }
    row_verdict(verdict, sizeof verdict, row);
    if (base && base->summary.wall_median_ns > 0)
        snprintf(ratio, sizeof ratio, "%.2fx",
                 (double)s->wall_median_ns / (double)base->summary.wall_median_ns);
    size_t marks = slowest ? (size_t)((s->wall_median_ns * BAR_WIDTH + slowest - 1) / slowest) : 0;
    char bar[BAR_WIDTH + 1];
    memset(bar, '#', marks);
    bar[marks] = '\0';
    fprintf(out, "  %-*s %*s %*s %*s", name_width, row->sync->name, width, expected, width,
            observed, width, lost);
    for (unsigned k = 0; k < r->nmetrics; k++) {
        char value[32], shown[40];
        if (!r->metrics[k].failure)
            continue;
        format_count(value, sizeof value, s->metric_median[k]);
        snprintf(shown, sizeof shown, "%s%s", s->metric_median_exact[k] ? "" : "~", value);
        fprintf(out, " %10s", shown);
    }
    char per_op[48];
    format_decimals(per_op, sizeof per_op, s->ns_per_op_median, 2);
    enum format_color color = format_verdict_color(verdict);
    /* Padded only where more columns follow: no spaces end a line. */
    int pad = cols->shown ? cols->verdict - (int)strlen(verdict) : 0;
    fprintf(out, "  %s%s%s%*s", format_sgr(color), verdict, format_sgr_end(color), pad, "");
    format_compare_cells(out, cols->shown, time, per_op, ratio, bar);
}

/* Some median in the row is approximate (shown with ~). */
static bool row_approximate(const struct compare_row *row)
{
    if (row->skipped[0] || row->result.stall.stuck || row->summary.trials == 0)
        return false;
    bool exact = row->summary.wall_median_exact && row->summary.lost_median_exact;
    for (unsigned k = 0; k < row->result.nmetrics; k++)
        if (row->result.metrics[k].failure)
            exact = exact && row->summary.metric_median_exact[k];
    return !exact;
}

/* "racedemo compare WORKLOAD ..." with the shared settings, fitted. */
static void print_command(FILE *out, const struct comparison *c, const struct compare_row *any)
{
    char *text = NULL;
    size_t len = 0;
    FILE *line = open_memstream(&text, &len);
    FILE *to = line ? line : out; /* no memory: unfitted, but whole */
    fprintf(to, "racedemo compare ");
    if (any) /* the shared settings, as `racedemo WORKLOAD ...` minus the sync */
        render_command_except_sync(to, &any->result);
    else
        fprintf(to, "%s", c->workload->name);
    if (!line)
        fputc('\n', out);
    else if (fclose(line) == 0)
        format_command(out, text);
    else
        fputs("racedemo compare (out of memory for the command line)\n", out);
    free(text);
    fputc('\n', out);
}

void render_compare_text(FILE *out, const struct comparison *c)
{
    const struct compare_row *any = first_run(c);
    const struct compare_row *base = compare_baseline(c);
    print_command(out, c, any);
    if (!any) {
        fprintf(out, "  no strategy ran\n");
        return;
    }
    const struct result *r = &any->result;
    char workers[32], per[64];
    format_noun(workers, sizeof workers, r->threads, r->processes ? "process" : "thread");
    char what[400];
    if (r->work.roles[0]) { /* producers and consumers do different things */
        render_roles_what(what, sizeof what, r);
    } else {
        format_counted(per, sizeof per, (int64_t)r->work.per_thread, "time");
        snprintf(what, sizeof what, "%u %s %s %s, %s", r->threads, workers,
                 r->threads == 1 ? "does" : "each do", r->work.action, per);
    }
    if (any->summary.trials > 1)
        snprintf(what + strlen(what), sizeof what - strlen(what),
                 "; medians of %zu trials per strategy", any->summary.trials);
    format_wrapped(out, 9, "what", what);
    fputc('\n', out);

    uint64_t slowest = 0;
    for (size_t i = 0; i < c->nrows; i++)
        if (!c->rows[i].skipped[0] && c->rows[i].summary.wall_median_ns > slowest)
            slowest = c->rows[i].summary.wall_median_ns;
    char widest[32];
    int width =
        (int)strlen(format_amount(widest, sizeof widest, r->words.unit, (int64_t)r->work.expected));
    if (width < 8)
        width = 8;
    int name_width = 8;
    for (size_t i = 0; i < c->nrows; i++)
        if ((int)strlen(c->rows[i].sync->name) > name_width)
            name_width = (int)strlen(c->rows[i].sync->name);
    /* One column for every row: signed if any row's totals can be off on
     * either side. */
    bool sides = false;
    for (size_t i = 0; i < c->nrows; i++)
        if (!c->rows[i].skipped[0] && result_shows_sides(&c->rows[i].result))
            sides = true;
    fprintf(out, "  %-*s %*s %*s %*s", name_width, "strategy", width, "expected", width, "observed",
            width, render_off_label(r, sides));
    for (unsigned k = 0; k < r->nmetrics; k++)
        if (r->metrics[k].failure)
            fprintf(out, " %10s",
                    r->metrics[k].column ? r->metrics[k].column : r->metrics[k].label);
    /* What fits the width: the verdict as wide as its widest, and the
     * optional columns that fit beside the rest (format_columns_fit). */
    struct columns cols = {.verdict = 7};
    for (size_t i = 0; i < c->nrows; i++) {
        char verdict[48];
        row_verdict(verdict, sizeof verdict, &c->rows[i]);
        if (!c->rows[i].skipped[0] && (int)strlen(verdict) > cols.verdict)
            cols.verdict = (int)strlen(verdict);
    }
    int fixed = 2 + name_width + 3 * (1 + width) + 2 + cols.verdict;
    for (unsigned k = 0; k < r->nmetrics; k++)
        fixed += r->metrics[k].failure ? 11 : 0;
    cols.shown = format_columns_fit(format_width(), fixed, format_compare_widths);
    fprintf(out, "  %-*s", cols.shown ? cols.verdict : 0, "verdict");
    format_compare_cells(out, cols.shown, "time", "ns/op", "vs mutex", "time");
    bool approximate = false;
    for (size_t i = 0; i < c->nrows; i++) {
        print_row(out, &c->rows[i], base, slowest, width, name_width, sides, &cols);
        approximate |= row_approximate(&c->rows[i]);
    }
    if (approximate)
        fprintf(out,
                "\n  (~: the median of a histogram, within 0.8%%: a run of more than %u "
                "trials keeps its times and counts by bucket)\n",
                RESULT_KEEP_TRIALS);
    if (c->interrupted)
        fprintf(out, "\n  (interrupted: rows after the interruption did not run)\n");
}

void render_compare_json(FILE *out, const struct comparison *c)
{
    fprintf(out, "{\n\"schema_version\": 1,\n\"tool\": \"racedemo\",\n\"version\": ");
    render_json_string(out, RACEDEMO_VERSION);
    fprintf(out, ",\n\"compare\": ");
    render_json_string(out, c->workload->name);
    fprintf(out, ",\n\"interrupted\": %s,\n\"runs\": [\n", c->interrupted ? "true" : "false");
    for (size_t i = 0; i < c->nrows; i++) {
        const struct compare_row *row = &c->rows[i];
        fprintf(out, "%s{\"sync\": ", i ? ",\n" : "");
        render_json_string(out, row->sync->name);
        if (row->skipped[0] || (row->summary.trials == 0 && !row->result.stall.stuck)) {
            fprintf(out, ", \"skipped\": ");
            render_json_string(out, row->skipped[0] ? row->skipped : "not run: interrupted");
            fprintf(out, "}");
            continue;
        }
        fprintf(out, ", \"skipped\": null, \"result\":\n");
        render_json(out, &row->result, &row->summary);
        fprintf(out, "}");
    }
    fprintf(out, "\n]\n}\n");
}

/* Every strategy that ran, stalled ones included (their row says so); a
 * strategy skipped for its thread limits ran nothing and has no row. */
void render_compare_csv(FILE *out, const struct comparison *c)
{
    bool header = true;
    for (size_t i = 0; i < c->nrows; i++) {
        if (c->rows[i].skipped[0])
            continue;
        render_csv(out, &c->rows[i].result, header);
        header = false;
    }
    if (header) /* nothing ran: still a valid table */
        render_csv(out, &(struct result){0}, true);
}
