/* litmus/text.c: a litmus run's outcome table as text, for people.
 * Computes nothing but presentation. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "report/format.h"
#include "racedemo/litmus.h"
#include "litmus/litmus.h"
#include "report/render.h"
#include "report/words.h"

static const char *yes_no(bool b)
{
    return b ? "yes" : "no";
}

/* "the threads meeting every 1,024" / "the threads meeting only at each
 * trial's start". */
static char *meetings_text(char *buf, size_t len, const struct litmus_result *r)
{
    char n[48];
    if (r->met)
        snprintf(buf, len, "the threads meeting every %s",
                 format_count(n, sizeof n, (int64_t)r->batch));
    else if (r->batch && r->batch < r->iters)
        snprintf(buf, len,
                 "the threads meeting only at each trial's start (sharing CPUs, they "
                 "would only take turns: --batch is for threads with a CPU each)");
    else
        snprintf(buf, len, "the threads meeting only at each trial's start");
    return buf;
}

static void text_header(FILE *out, const struct text_layout *layout, const struct litmus_result *r)
{
    const struct litmus_test *t = r->test;
    char line[640], n[48], trials[48], per[48], wall[32], rate[48], meet[192], asked[96] = "";
    snprintf(line, sizeof line, "%s, %s", t->name, t->title);
    format_wrapped(out, layout, 9, "test", line);
    for (unsigned i = 0; i < t->threads; i++) {
        char label[24];
        snprintf(label, sizeof label, "thread %c", 'A' + (int)i);
        format_wrapped(out, layout, 9, label, t->code[i]);
    }
    snprintf(line, sizeof line, "%s: %s; %s%s", litmus_order_names[r->order],
             litmus_order_words[r->order], r->fence ? "--fence: " : "no fence",
             r->fence ? t->fence : "");
    format_wrapped(out, layout, 9, "order", line);
    format_wrapped(out, layout, 9, "cpus",
                   render_placement(line, sizeof line, &r->placement, 0, "", false));
    format_count(n, sizeof n, (int64_t)litmus_total_tests(r));
    format_counted(trials, sizeof trials, (int64_t)r->trials, "trial");
    format_count(per, sizeof per, (int64_t)r->iters);
    format_duration(wall, sizeof wall, r->wall_ns);
    format_decimal(rate, sizeof rate,
                   r->wall_ns ? (double)litmus_total_tests(r) * 1e3 / (double)r->wall_ns : 0.0);
    if (r->interrupted) {
        char done[48], of[48];
        snprintf(asked, sizeof asked, "; interrupted after %s of %s trials",
                 format_count(done, sizeof done, (int64_t)r->trials),
                 format_count(of, sizeof of, (int64_t)r->trials_asked));
    }
    snprintf(line, sizeof line, "%s: %s of %s, %s, in %s of work (%s million a second)%s", n,
             trials, per, meetings_text(meet, sizeof meet, r), wall, rate, asked);
    format_wrapped(out, layout, 9, "tests", line);
}

/* The in-step line: how many tests show the threads met, and which
 * outcomes those are. */
static void text_in_step(FILE *out, const struct text_layout *layout, const struct litmus_result *r)
{
    char line[512], pct[32], which[256];
    litmus_percent(pct, sizeof pct, litmus_in_step_seen(r), litmus_total_tests(r));
    snprintf(line, sizeof line,
             "%s of tests had an outcome that only threads at the same instance at once give "
             "(%s): there they met; each other outcome can also come from one thread's "
             "instance wholly before another's",
             pct, litmus_in_step_text(which, sizeof which, r->test));
    format_wrapped(out, layout, 9, "in step", line);
}

/* The width of the widest count of seen[0..n), and at least "seen"'s. */
static int seen_width(const uint64_t *seen, unsigned n)
{
    int w = 4;
    for (unsigned o = 0; o < n; o++) {
        char c[48];
        int len = (int)strlen(format_count(c, sizeof c, (int64_t)seen[o]));
        w = len > w ? len : w;
    }
    return w;
}

/* A count, red when it is the relaxed outcome's and not 0, right-aligned in w. */
static void print_seen(FILE *out, const struct text_layout *layout, uint64_t n, bool relaxed, int w)
{
    char c[48];
    enum format_color color = relaxed && n ? FORMAT_RED : FORMAT_PLAIN;
    fprintf(out, "%s%*s%s", format_sgr(layout, color), w, format_count(c, sizeof c, (int64_t)n),
            format_sgr_end(layout, color));
}

/* One run's outcome table: each outcome, how often, and who allows it. */
static void text_table(FILE *out, const struct text_layout *layout, const struct litmus_result *r)
{
    const struct litmus_test *t = r->test;
    unsigned n = 1u << t->nregs;
    int ow = (int)(4 * t->nregs + t->nregs - 1), sw = seen_width(r->seen, n);
    fprintf(out, "\n  %-*s %*s %7s  %3s %3s %5s %3s\n", ow, "outcome", sw, "seen", "%", "SC", "x86",
            "arm64", "C11");
    for (unsigned o = 0; o < n; o++) {
        char what[64], pct[32];
        litmus_outcome_text(what, sizeof what, t, o);
        litmus_percent(pct, sizeof pct, r->seen[o], litmus_total_tests(r));
        fprintf(out, "  %-*s ", ow, what);
        print_seen(out, layout, r->seen[o], o == t->relaxed_outcome, sw);
        fprintf(out, " %7s  %3s %3s %5s %3s\n", pct,
                yes_no(litmus_allowed(t, r->order, r->fence, LITMUS_SC, o)),
                yes_no(litmus_allowed(t, r->order, r->fence, LITMUS_X86, o)),
                yes_no(litmus_allowed(t, r->order, r->fence, LITMUS_ARM64, o)),
                yes_no(litmus_allowed(t, r->order, r->fence, LITMUS_C11, o)));
    }
}

static void text_one(FILE *out, const struct text_layout *layout, const struct litmus_result *r)
{
    char line[1024];
    text_header(out, layout, r);
    text_table(out, layout, r);
    fputc('\n', out);
    text_in_step(out, layout, r);
    enum litmus_model m = litmus_machine_model();
    snprintf(line, sizeof line,
             "yes/no: whether each model allows the outcome with these orders: SC "
             "(sequential consistency); x86 (x86-TSO) and arm64 (ARMv8), for the "
             "instructions compilers emit for these orders; C11. This machine: %s%s%s%s.",
             litmus_machine_name(), m == LITMUS_MODELS ? ", not in the table" : " (",
             m == LITMUS_MODELS  ? ""
             : m == LITMUS_ARM64 ? "ARMv8"
                                 : litmus_model_names[m],
             m == LITMUS_MODELS ? "" : ")");
    fputc('\n', out);
    format_wrapped(out, layout, 9, "models", line);
    fputc('\n', out);
    litmus_verdict(line, sizeof line, r);
    bool seen = r->seen[r->test->relaxed_outcome] != 0;
    char painted[1100];
    format_wrapped(
        out, layout, 9, "verdict",
        format_paint(painted, sizeof painted, layout, seen ? FORMAT_RED : FORMAT_BOLD, line));
    if (r->test->lesson)
        format_wrapped(out, layout, 9, "lesson", r->test->lesson);
}

/* `litmus all`'s table: a row per test, its relaxed outcome's count;
 * the rate's column where the width leaves room for it. */
static void all_table(FILE *out, const struct text_layout *layout, const struct litmus_result *r,
                      size_t n)
{
    int sw = 4;
    for (size_t i = 0; i < n; i++) {
        int w = seen_width(&r[i].seen[r[i].test->relaxed_outcome], 1);
        sw = w > sw ? w : sw;
    }
    bool rate = layout->width >= 2 + 5 + 19 + sw + 8 + 4 + 6 + 4 + 10 + 5;
    fprintf(out, "  %-4s %-19s %*s %7s %3s %5s %3s%s\n", "test", "SC forbids", sw, "seen", "%",
            "x86", "arm64", "C11", rate ? "  million/s" : "");
    for (size_t i = 0; i < n; i++) {
        const struct litmus_test *t = r[i].test;
        const struct litmus_row *row = &t->rows[r[i].order][r[i].fence];
        char what[64], pct[32], per_s[32];
        uint64_t k = r[i].seen[t->relaxed_outcome];
        litmus_outcome_text(what, sizeof what, t, t->relaxed_outcome);
        litmus_percent(pct, sizeof pct, k, litmus_total_tests(&r[i]));
        fprintf(out, "  %-4s %-19s ", t->name, what);
        print_seen(out, layout, k, true, sw);
        fprintf(out, " %7s %3s %5s %3s", pct, yes_no(row->allowed[LITMUS_X86]),
                yes_no(row->allowed[LITMUS_ARM64]), yes_no(row->allowed[LITMUS_C11]));
        if (rate)
            fprintf(out, "  %9s",
                    format_decimal(per_s, sizeof per_s,
                                   r[i].wall_ns ? (double)litmus_total_tests(&r[i]) * 1e3 /
                                                      (double)r[i].wall_ns
                                                : 0.0));
        fputc('\n', out);
    }
}

/* `litmus all`: the table, then each test's verdict and where its
 * threads ran. */
static void text_all(FILE *out, const struct text_layout *layout, const struct litmus_result *r,
                     size_t n)
{
    char line[1024];
    snprintf(line, sizeof line, "%s: %s; %s", litmus_order_names[r[0].order],
             litmus_order_words[r[0].order],
             r[0].fence ? "--fence: each test's (racedemo explain litmus TEST)" : "no fence");
    format_wrapped(out, layout, 9, "order", line);
    fputc('\n', out);
    all_table(out, layout, r, n);
    fputc('\n', out);
    for (size_t i = 0; i < n; i++)
        format_wrapped(out, layout, 5, r[i].test->name, litmus_verdict(line, sizeof line, &r[i]));
    fprintf(out, "\n  where the threads ran, and how often they were in step\n"
                 "  (had an outcome only overlapping instances give):\n");
    for (size_t i = 0; i < n; i++) {
        char where[512], meet[192], pct[32];
        litmus_percent(pct, sizeof pct, litmus_in_step_seen(&r[i]), litmus_total_tests(&r[i]));
        snprintf(line, sizeof line, "%s; %s; in step in %s of tests",
                 render_placement(where, sizeof where, &r[i].placement, 0, "", false),
                 meetings_text(meet, sizeof meet, &r[i]), pct);
        format_wrapped(out, layout, 5, r[i].test->name, line);
    }
    if (r[n - 1].interrupted) {
        char done[48], asked[48];
        snprintf(line, sizeof line,
                 "(interrupted during %s, after %s of %s trials: its row counts those; the "
                 "tests after it did not run)",
                 r[n - 1].test->name, format_count(done, sizeof done, (int64_t)r[n - 1].trials),
                 format_count(asked, sizeof asked, (int64_t)r[n - 1].trials_asked));
        fputc('\n', out);
        format_wrapped(out, layout, 0, "", line);
    }
}

void render_litmus_text(FILE *out, const struct text_layout *layout, const char *command,
                        const struct litmus_result *r, size_t n)
{
    format_command(out, layout, command);
    fputc('\n', out);
    if (n == 1)
        text_one(out, layout, r);
    else
        text_all(out, layout, r, n);
}
