/* compare/text.c: the side-by-side table of a comparison, written a row
 * at a time as each strategy finishes, and the command that repeats it. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "compare/render.h"
#include "report/format.h"
#include "report/render.h"
#include "report/words.h"
#include "racedemo/workload.h"
#include "run/run.h"
#include "result/verdict.h"

enum { BAR_WIDTH = 20 };

/* A row whose run described itself (its setup ran): the what line and
 * the column titles can be written from it. */
static bool described(const struct compare_row *row)
{
    return !row->skipped[0] && row->result.workload;
}

/* After the row: how --budget stopped it, if it did ("" if not). */
static const char *budget_note(char *buf, size_t len, const struct compare_row *row)
{
    const struct result *r = &row->result;
    uint64_t budget = r->run.budget_ns / 1000000000u, planned = r->work.per_thread * r->threads;
    buf[0] = '\0';
    if (!r->run.budget_stopped)
        return buf;
    if (r->run.budget_cut && planned) {
        snprintf(buf, len,
                 "  (stopped at the %" PRIu64 " s budget: %.0f%% of the %ss done; its expected "
                 "counts only those)",
                 budget, 100.0 * (double)r->run.cut_ops / (double)planned, r->work.op_noun);
    } else if (row->run.trials)
        snprintf(buf, len,
                 "  (stopped at the %" PRIu64 " s budget after %zu of %" PRIu64 " trials)", budget,
                 r->trials.count, row->run.trials);
    else
        snprintf(buf, len, "  (stopped at the %" PRIu64 " s budget after %zu trials)", budget,
                 r->trials.count);
    return buf;
}

/* A row that says why it has no numbers (stuck, skipped, not run), or
 * false when it has numbers to show. */
static bool print_no_numbers(FILE *out, const struct text_layout *layout,
                             const struct compare_row *row, int name_width)
{
    const struct result *r = &row->result;
    if (!row->skipped[0] && r->stall.stuck) {
        char after[32], text[512], painted[48], before[96];
        enum verdict v = result_verdict(r);
        const char *word = format_paint(painted, sizeof painted, layout,
                                        format_verdict_color(verdict_word(v)), verdict_word(v));
        format_duration(after, sizeof after, r->stall.after_ns);
        render_raced_before_stall(before, sizeof before, r, ": ");
        if (v == VERDICT_DEADLOCK)
            snprintf(text, sizeof text, "%s: %severy thread asleep, stopped by the watchdog", word,
                     before);
        else if (v == VERDICT_STALLED && r->stall.why[0])
            snprintf(text, sizeof text, "%s: %s%s", word, before, r->stall.why);
        else
            snprintf(text, sizeof text, "%s: %sno progress for %s, stopped by the watchdog%s", word,
                     before, after, v == VERDICT_STALLED ? " (the machine may be overloaded)" : "");
        format_wrapped(out, layout, name_width, row->sync->name, text);
        return true;
    }
    if (row->skipped[0] || row->summary.trials == 0) {
        if (!row->skipped[0] && r->run.budget_stopped)
            fprintf(out,
                    "  %-*s stopped at the %" PRIu64 " s budget before a trial could be judged\n",
                    name_width, row->sync->name, r->run.budget_ns / 1000000000u);
        else
            format_wrapped(out, layout, name_width, row->sync->name,
                           row->skipped[0] ? row->skipped : "not run: interrupted");
        return true;
    }
    return false;
}

/* "~" in front of a median taken from a histogram (the footnote says how
 * close). */
static void mark_approximate(char *buf, size_t len, bool exact)
{
    if (exact)
        return;
    char shown[48];
    snprintf(shown, sizeof shown, "%s", buf);
    snprintf(buf, len, "~%.*s", (int)(len > 2 ? len - 2 : 0), shown);
}

/* The most marks a row's own bar takes, fewer where the width has less
 * room (a longer one ends in '>'); with room for fewer than
 * ROW_BAR_LEAST, the rows have no bar. ROW_BAR_MIN: the room the layout
 * keeps for it before it gives up the expected and observed columns. */
enum { ROW_BAR_MARKS = 12, ROW_BAR_MIN = 10, ROW_BAR_LEAST = 4 };

/* A row's own bar: one mark per doubling of its median ns per operation
 * from 1 ns (under 2 ns: one mark), the same scale for every row. */
static void row_bar(char *buf, size_t len, const struct compare_row *row, int room)
{
    buf[0] = '\0';
    size_t most = room > ROW_BAR_MARKS ? ROW_BAR_MARKS : (size_t)room;
    if (!compare_row_timed(row) || room < ROW_BAR_LEAST || len < most + 1)
        return;
    size_t marks = 1;
    double ns = row->summary.ns_per_op_median;
    for (; ns >= 2 && marks < most; ns /= 2)
        marks++;
    bool more = ns >= 2; /* past the room: the last mark says there is more */
    memset(buf, '#', marks);
    buf[marks - (more ? 1 : 0)] = more ? '>' : '#';
    buf[marks] = '\0';
}

static void print_row(struct compare_text *t, const struct compare_row *row)
{
    FILE *out = t->out;
    if (print_no_numbers(out, t->layout, row, t->name_width))
        return;
    const struct summary *s = &row->summary;
    const struct result *r = &row->result;
    char expected[32], observed[32], lost[40], verdict[48], time[32];
    format_amount(expected, sizeof expected, r->words.unit, (int64_t)r->work.expected);
    /* In integers: a double cannot hold every total above 2^53. */
    double median_lost = s->lost_median;
    int64_t lost_n = (int64_t)(median_lost < 0 ? median_lost - 0.5 : median_lost + 0.5);
    format_amount(observed, sizeof observed, r->words.unit, (int64_t)r->work.expected - lost_n);
    /* The column's title was chosen with the first row; a later one that
     * ended above the expected total shows its sign (a note explains). */
    bool sides = t->sides || result_shows_sides(r);
    t->signed_rows |= sides && !t->sides;
    render_off(lost, sizeof lost, r, lost_n, sides);
    mark_approximate(lost, sizeof lost, s->lost_median_exact);
    format_duration(time, sizeof time, s->wall_median_ns);
    mark_approximate(time, sizeof time, s->wall_median_exact);
    const char *word = verdict_word(result_verdict(r));
    if (s->trials == 1)
        snprintf(verdict, sizeof verdict, "%s", word);
    else
        snprintf(verdict, sizeof verdict, "%s %zu/%zu", word, s->raced ? s->raced : s->trials,
                 s->trials);
    /* The share of the trials' time the workers worked at once: 0% says
     * why a strategy that promises nothing saw no race. */
    char overlap[16] = "-";
    if (r->threads > 1)
        snprintf(overlap, sizeof overlap, "%.0f%%", result_run_overlap_percent(r));
    if (t->totals)
        fprintf(out, "  %-*s %*s %*s %*s %7s", t->name_width, row->sync->name, t->width, expected,
                t->width, observed, t->width, lost, overlap);
    else
        fprintf(out, "  %-*s %*s %7s", t->name_width, row->sync->name, t->width, lost, overlap);
    bool exact = s->wall_median_exact && s->lost_median_exact;
    for (unsigned k = 0; k < r->nmetrics; k++) {
        char value[32], shown[40];
        if (!r->metrics[k].failure || !(t->metrics_shown >> k & 1))
            continue;
        format_count(value, sizeof value, s->metric_median[k]);
        snprintf(shown, sizeof shown, "%s%s", s->metric_median_exact[k] ? "" : "~", value);
        fprintf(out, " %10s", shown);
        exact = exact && s->metric_median_exact[k];
    }
    t->approximate |= !exact;
    char per_op[48];
    format_decimals(per_op, sizeof per_op, s->ns_per_op_median, 2);
    char note[96];
    enum format_color color = format_verdict_color(verdict);
    /* Padded only where more follows: no spaces end a line. */
    budget_note(note, sizeof note, row);
    char bar[ROW_BAR_MARKS + 1] = "";
    if (t->row_bars)
        row_bar(bar, sizeof bar, row, t->bar_room);
    bool more = (t->columns & (FORMAT_COL_TIME | FORMAT_COL_PER_OP)) || note[0] || bar[0];
    int pad = more ? t->verdict_width - (int)strlen(verdict) : 0;
    fprintf(out, "  %s%s%s%*s", format_sgr(t->layout, color), verdict,
            format_sgr_end(t->layout, color), pad > 0 ? pad : 0, "");
    if (t->columns & FORMAT_COL_TIME)
        fprintf(out, " %10s", time);
    if (t->columns & FORMAT_COL_PER_OP)
        fprintf(out, " %9s", per_op);
    if (t->row_bars) { /* the note on a line of its own, under the numbers */
        if (bar[0])
            fprintf(out, "  %s%s%s", format_sgr(t->layout, FORMAT_CYAN), bar,
                    format_sgr_end(t->layout, FORMAT_CYAN));
        fputc('\n', out);
        if (note[0])
            fprintf(out, "  %*s %s\n", t->name_width, "", note + 2);
        return;
    }
    fprintf(out, "%s\n", note);
}

void render_compare_command(FILE *out, const struct comparison *c)
{
    if (c->nrows == 0) { /* as render_compare_text says it */
        fprintf(out, "racedemo compare %s", c->workload->name);
        return;
    }
    struct result settings = {0};
    workload_describe_run(&settings, c->workload, &c->rows[0].run, c->config);
    fprintf(out, "racedemo compare ");
    render_command_except_sync(out, &settings);
}

void render_compare_text_begin(struct compare_text *t, FILE *out, const struct text_layout *layout,
                               const struct workload *w, const struct run_config *run,
                               const void *config)
{
    *t = (struct compare_text){.out = out, .layout = layout};
    /* The shared settings, as `racedemo WORKLOAD ...` minus the sync: a
     * result described from the settings alone, before anything runs. */
    struct result settings = {0};
    workload_describe_run(&settings, w, run, config);
    struct capture line;
    FILE *f = capture_begin(&line);
    if (f) {
        fprintf(f, "racedemo compare ");
        render_command_except_sync(f, &settings);
    }
    if (f && capture_end(&line)) {
        format_command(out, layout, line.buf); /* broken before an option, to fit */
        free(line.buf);
    } else { /* no memory to fit it: unfitted, but whole */
        fprintf(out, "racedemo compare ");
        render_command_except_sync(out, &settings);
        fputc('\n', out);
    }
    fputc('\n', out);
    format_flush(out);
}

/* Adds a column's title to the note of those the width left out. */
static void note_dropped(struct compare_text *t, const char *title)
{
    size_t used = strlen(t->dropped);
    snprintf(t->dropped + used, sizeof t->dropped - used, "%s%s", used ? ", " : "", title);
}

/* Room for the widest verdict a row can show: "NO RACE SEEN", and with
 * --trials N "NO RACE SEEN N/N" (a --duration's count is not known yet). */
static int verdict_width(const struct run_config *run)
{
    if (run->duration)
        return 17;
    int digits = 1;
    for (uint64_t n = run->trials; n >= 10; n /= 10)
        digits++;
    return run->trials > 1 ? 12 + 1 + 2 * digits + 1 : 12;
}

/* The what line's text: what every thread does, and how many trials. */
static void what_text(char *what, size_t len, const struct compare_row *any)
{
    const struct result *r = &any->result;
    char workers[32], per[64];
    format_noun(workers, sizeof workers, r->threads, r->processes ? "process" : "thread");
    if (r->work.roles[0]) { /* producers and consumers do different things */
        render_roles_what(what, len, r);
    } else {
        format_counted(per, sizeof per, (int64_t)r->work.per_thread, "time");
        snprintf(what, len, "%u %s %s %s, %s", r->threads, workers,
                 r->threads == 1 ? "does" : "each do", r->work.action, per);
    }
    /* What was asked of every strategy, not what the first one did. */
    size_t used = strlen(what);
    if (any->run.trials > 1)
        snprintf(what + used, len - used, "; medians of %" PRIu64 " trials per strategy",
                 any->run.trials);
    else if (any->run.duration)
        snprintf(what + used, len - used,
                 "; medians of the trials each strategy ran in %" PRIu64 " s", any->run.duration);
}

/* The columns' widths, and which columns fit, most telling first: the
 * metrics that say why a row is wrong, then the time and ns/op (with the
 * ratios and their bars in a block after the rows); too narrow for those,
 * each row ends in its own bar, and narrower still, the expected total
 * goes into the what line (each row keeps what it lost). Returns the
 * room the columns before the metrics take. */
static int size_columns(struct compare_text *t, const struct comparison *c,
                        const struct compare_row *any, const char *widest)
{
    const struct result *r = &any->result;
    t->width = (int)strlen(widest) < 8 ? 8 : (int)strlen(widest);
    t->name_width = 8;
    for (size_t i = 0; i < c->planned; i++)
        if ((int)strlen(c->rows[i].sync->name) > t->name_width)
            t->name_width = (int)strlen(c->rows[i].sync->name);
    t->verdict_width = verdict_width(&any->run);
    int fixed = 2 + t->name_width + 3 * (1 + t->width) + 8 + 2 + t->verdict_width;
    int metrics = 0;
    for (unsigned k = 0; k < r->nmetrics; k++)
        metrics += r->metrics[k].failure ? 11 : 0;
    t->row_bars = fixed + metrics + 21 > t->layout->width;
    t->totals = !t->row_bars || fixed + metrics + 2 + ROW_BAR_MIN <= t->layout->width;
    return t->totals ? fixed : fixed - 2 * (1 + t->width);
}

/* The metrics' titles that fit after the columns `fixed` wide (the rest
 * named in the note of columns left out); the room taken, then. */
static int print_metric_titles(struct compare_text *t, const struct result *r, int fixed)
{
    t->metrics_shown = 0;
    t->dropped[0] = '\0';
    int bar = t->row_bars ? 2 + ROW_BAR_LEAST : 0;
    for (unsigned k = 0; k < r->nmetrics; k++) {
        const char *title = r->metrics[k].column ? r->metrics[k].column : r->metrics[k].label;
        if (!r->metrics[k].failure)
            continue;
        if (fixed + 11 + bar <= t->layout->width) {
            fprintf(t->out, " %10s", title);
            t->metrics_shown |= 1u << k;
            fixed += 11;
        } else {
            note_dropped(t, title);
        }
    }
    return fixed;
}

/* The what line and the column titles, from row `any`'s description. */
static void print_header(struct compare_text *t, const struct comparison *c,
                         const struct compare_row *any)
{
    FILE *out = t->out;
    const struct result *r = &any->result;
    char widest[32], what[400];
    what_text(what, sizeof what, any);
    format_amount(widest, sizeof widest, r->words.unit, (int64_t)r->work.expected);
    int fixed = size_columns(t, c, any, widest);
    if (!t->totals) {
        size_t used = strlen(what);
        snprintf(what + used, sizeof what - used, "; expected %s", widest);
    }
    format_wrapped(out, t->layout, 9, "what", what);
    fputc('\n', out);
    t->sides = result_shows_sides(r);
    if (t->totals)
        fprintf(out, "  %-*s %*s %*s %*s %7s", t->name_width, "strategy", t->width, "expected",
                t->width, "observed", t->width, render_off_label(r, t->sides), "overlap");
    else
        fprintf(out, "  %-*s %*s %7s", t->name_width, "strategy", t->width,
                render_off_label(r, t->sides), "overlap");
    fixed = print_metric_titles(t, r, fixed);
    static const int widths[4] = {0, 0, 10, 11};
    t->columns = t->row_bars ? 0
                             : format_columns_fit(t->layout->width, fixed, widths) &
                                   (FORMAT_COL_TIME | FORMAT_COL_PER_OP);
    t->bar_room = t->row_bars ? t->layout->width - fixed - 2 : 0;
    bool bars = t->bar_room >= ROW_BAR_LEAST;
    fprintf(out, "  %-*s", t->columns || bars ? t->verdict_width : 0, "verdict");
    if (t->columns & FORMAT_COL_TIME)
        fprintf(out, " %10s", "time");
    if (t->columns & FORMAT_COL_PER_OP)
        fprintf(out, " %9s", "ns/op");
    if (bars)
        fprintf(out, "  bar");
    fputc('\n', out);
    t->header = true;
}

void render_compare_text_row(struct compare_text *t, const struct comparison *c, size_t i)
{
    if (!t->header) {
        if (!described(&c->rows[i]))
            return; /* held until the titles can be written */
        print_header(t, c, &c->rows[i]);
    }
    for (; t->shown <= i; t->shown++)
        print_row(t, &c->rows[t->shown]);
    format_flush(t->out);
}

/* Marks for value v of the timed rows' least..most (each a time per
 * operation, compare_bar_value): to scale, or on a log scale one mark for
 * the least and every factor the same length. */
static size_t bar_marks(uint64_t v, uint64_t least, uint64_t most, bool log_scale)
{
    if (!v || !most)
        return 0;
    if (!log_scale)
        return (size_t)((v * BAR_WIDTH + most - 1) / most);
    double part = format_ln((double)v / (double)least) / format_ln((double)most / (double)least);
    return 1 + (size_t)(part * (BAR_WIDTH - 1) + 0.5);
}

/* What the baseline is, when it is not the reference strategy (mutex). */
static void print_baseline_note(FILE *out, const struct comparison *c,
                                const struct compare_row *base, enum compare_base why)
{
    const struct sync_strategy *ref = compare_reference();
    bool ref_listed = false;
    for (size_t i = 0; i < c->nrows; i++)
        ref_listed |= c->rows[i].sync == ref;
    char ref_missing[80] = "no strategy is compare's reference";
    if (ref)
        snprintf(ref_missing, sizeof ref_missing, "%s %s", ref->name,
                 ref_listed ? "finished no trial" : "was not run");
    if (why == BASE_FASTEST_CORRECT)
        fprintf(out,
                "  vs %s: times relative to %s, the fastest strategy with every trial right (%s)\n",
                base->sync->name, base->sync->name, ref_missing);
    else if (why == BASE_FIRST)
        fprintf(out,
                "  vs %s: times relative to %s, the first strategy with a time (%s, and no "
                "strategy had every trial right)\n",
                base->sync->name, base->sync->name, ref_missing);
}

/* Each timed row's time per operation against the baseline's, and its
 * bar: one quantity for both, and for the line that says the scale, so
 * that a row cut short by --budget (less work, less time) is neither a
 * short bar nor a full one that its ratio contradicts. */
static void print_bars(struct compare_text *t, const struct comparison *c)
{
    enum compare_base why;
    const struct compare_row *base = compare_baseline(c, &why);
    uint64_t values[64], least = 0, most = 0;
    size_t n = 0;
    for (size_t i = 0; i < c->nrows && n < 64; i++)
        if (compare_row_timed(&c->rows[i]))
            values[n++] = compare_bar_value(&c->rows[i]);
    if (!base || n == 0)
        return;
    for (size_t k = 0; k < n; k++) {
        if (!values[k])
            continue;
        least = !least || values[k] < least ? values[k] : least;
        most = values[k] > most ? values[k] : most;
    }
    bool log_scale = compare_log_scale(values, n);
    char title[48];
    snprintf(title, sizeof title, "vs %s", base->sync->name);
    int title_width = (int)strlen(title) > 8 ? (int)strlen(title) : 8;
    fprintf(t->out, "\n  %-*s %*s  %s\n", t->name_width, "strategy", title_width, title, "bar");
    for (size_t i = 0; i < c->nrows; i++) {
        const struct compare_row *row = &c->rows[i];
        if (!compare_row_timed(row))
            continue;
        char ratio[32], bar[BAR_WIDTH + 1];
        double times_base = row->summary.ns_per_op_median / base->summary.ns_per_op_median;
        int places = 2; /* two significant digits at least: none's 0.0041x is not 0.00x */
        for (double shifted = times_base * 100; shifted < 10 && places < 6; shifted *= 10)
            places++;
        snprintf(ratio, sizeof ratio, "%.*fx", places, times_base);
        size_t marks = bar_marks(compare_bar_value(row), least, most, log_scale);
        memset(bar, '#', marks);
        bar[marks] = '\0';
        fprintf(t->out, "  %-*s %*s  %s%s%s\n", t->name_width, row->sync->name, title_width, ratio,
                format_sgr(t->layout, FORMAT_CYAN), bar, format_sgr_end(t->layout, FORMAT_CYAN));
    }
    char span[80] = ""; /* one bar: no longest and shortest to speak of */
    if (n > 1 && least) {
        char ratio[48];
        format_decimals(ratio, sizeof ratio, (double)most / (double)least,
                        most < 10 * least ? 1 : 0);
        snprintf(span, sizeof span, " (the longest is %sx the shortest)", ratio);
    }
    fprintf(t->out, "  bars: median ns per %s, %s%s\n", base->result.work.op_noun,
            log_scale ? "log scale" : "linear", span);
    print_baseline_note(t->out, c, base, why);
}

void render_compare_text_end(struct compare_text *t, const struct comparison *c)
{
    FILE *out = t->out;
    if (!t->header) {
        fprintf(out, "  no strategy ran\n");
        for (; t->shown < c->nrows; t->shown++)
            print_no_numbers(out, t->layout, &c->rows[t->shown], 8);
        format_flush(out);
        return;
    }
    const char *op = c->rows[0].result.work.op_noun;
    if (t->row_bars && t->bar_room >= ROW_BAR_LEAST)
        fprintf(out, "\n  bar: median ns per %s, one # per doubling; a wider COLUMNS adds times\n",
                op && op[0] ? op : "operation");
    else if (t->row_bars)
        fprintf(out, "\n  (a wider COLUMNS adds the times and their bars)\n");
    else
        print_bars(t, c);
    for (size_t i = 0; t->signed_rows && i < c->nrows; i++)
        if (described(&c->rows[i])) {
            fprintf(out, "\n  (a signed %s: + above the expected total, - below it)\n",
                    render_off_label(&c->rows[i].result, false));
            break;
        }
    if (t->approximate)
        fprintf(out,
                "\n  (~: the median of a histogram, within 0.8%%: a run of more than %u "
                "trials keeps its times and counts by bucket)\n",
                RESULT_KEEP_TRIALS);
    if (c->interrupted)
        fprintf(out, "\n  (interrupted: rows after the interruption did not run)\n");
    if (t->dropped[0])
        fprintf(out, "%s  (left out to fit %d columns: %s; a wider COLUMNS shows them)\n",
                t->row_bars ? "" : "\n", t->layout->width, t->dropped);
    format_flush(out);
}

void render_compare_text(FILE *out, const struct text_layout *layout, const struct comparison *c)
{
    struct compare_text t;
    if (c->nrows == 0) {
        fprintf(out, "racedemo compare %s\n\n  no strategy ran\n", c->workload->name);
        return;
    }
    render_compare_text_begin(&t, out, layout, c->workload, &c->rows[0].run, c->config);
    for (size_t i = 0; i < c->nrows; i++)
        render_compare_text_row(&t, c, i);
    render_compare_text_end(&t, c);
}
