/* litmus/text.c: a litmus run's outcome table as text, JSON and CSV,
 * and its verdict. Computes nothing but presentation and the sentence
 * that the counts and the model tables (src/litmus/) support. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report/format.h"
#include "racedemo/litmus.h"
#include "report/render.h"
#include "report/words.h"

#ifndef RACEDEMO_VERSION
#define RACEDEMO_VERSION "unknown"
#endif

/* The orders in words, for the report's `order` line (and the page's). */
const char *const litmus_order_words[LITMUS_ORDERS] = {
    "every load and store memory_order_relaxed",
    "stores memory_order_release, loads memory_order_acquire",
    "every load and store memory_order_seq_cst",
};

char *litmus_outcome_text(char *buf, size_t len, const struct litmus_test *t, unsigned outcome)
{
    size_t used = 0;
    buf[0] = '\0';
    for (unsigned k = 0; k < t->nregs && used < len; k++) {
        int w = snprintf(buf + used, len - used, "%sr%u=%u", k ? " " : "", k, outcome >> k & 1);
        used += w > 0 ? (size_t)w : 0;
    }
    return buf;
}

char *litmus_in_step_text(char *buf, size_t len, const struct litmus_test *t)
{
    size_t used = 0;
    buf[0] = '\0';
    for (unsigned o = 0; o < (1u << t->nregs) && used < len; o++) {
        if (!(t->in_step >> o & 1))
            continue;
        char what[64];
        int w = snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
                         litmus_outcome_text(what, sizeof what, t, o));
        used += w > 0 ? (size_t)w : 0;
    }
    return buf;
}

const char *litmus_machine_name(void)
{
#if defined(__x86_64__)
    return "x86-64";
#elif defined(__i386__)
    return "x86";
#elif defined(__aarch64__)
    return "arm64";
#else
    return "this machine";
#endif
}

static uint64_t total_tests(const struct litmus_result *r)
{
    return r->iters * r->trials;
}

/* The verdict when the outcome SC forbids was seen n times. */
static void verdict_seen(char *buf, size_t len, const struct litmus_result *r, const char *what,
                         const char *times)
{
    const struct litmus_row *row = &r->test->rows[r->order][r->fence];
    enum litmus_model m = litmus_machine_model();
    if (!row->allowed[LITMUS_C11])
        snprintf(buf, len,
                 "BROKEN: the outcome C11 forbids with these orders (%s) was seen %s: a "
                 "compiler or hardware bug, not a race",
                 what, times);
    else if (m == LITMUS_MODELS)
        snprintf(buf, len,
                 "the outcome sequential consistency forbids (%s) was seen %s; this "
                 "machine's model is not in the table",
                 what, times);
    else if (row->allowed[m])
        snprintf(buf, len, "the outcome sequential consistency forbids (%s) was seen %s: %s", what,
                 times,
                 r->test->seen_because[m] ? r->test->seen_because[m] : "this machine allows it");
    else
        snprintf(buf, len,
                 "the outcome sequential consistency forbids (%s) was seen %s although %s "
                 "forbids it for the instructions compilers emit: either the compiler "
                 "reordered the accesses, which C11 allows with these orders, or the machine "
                 "is emulated (qemu does not keep every order of the one it emulates)",
                 what, times, litmus_model_names[m]);
}

/* Whether two or more of the test's threads ran on one CPU: more threads
 * than CPUs, or a --cpus list that put them together. Where the CPUs are
 * not known, by the count alone. */
static bool threads_shared_cpus(const struct engine_report *p)
{
    if (p->nthreads > p->cpus_usable)
        return true;
    for (unsigned i = 0; i < p->nthreads; i++)
        for (unsigned j = i + 1; j < p->nthreads; j++)
            if (p->cpu[i] >= 0 && p->cpu[i] == p->cpu[j])
                return true;
    return false;
}

char *litmus_verdict(char *buf, size_t len, const struct litmus_result *r)
{
    const struct litmus_test *t = r->test;
    const struct litmus_row *row = &t->rows[r->order][r->fence];
    enum litmus_model m = litmus_machine_model();
    char what[64], tests[48], times[48];
    litmus_outcome_text(what, sizeof what, t, t->relaxed_outcome);
    uint64_t n = r->seen[t->relaxed_outcome];
    format_counted(tests, sizeof tests, (int64_t)total_tests(r), "test");
    if (n) {
        format_counted(times, sizeof times, (int64_t)n, "time");
        verdict_seen(buf, len, r, what, times);
    } else if (m == LITMUS_MODELS)
        snprintf(buf, len,
                 "the outcome sequential consistency forbids (%s) was not seen in %s; this "
                 "machine's model is not in the table",
                 what, tests);
    else if (!row->allowed[m])
        snprintf(buf, len,
                 "the outcome sequential consistency forbids (%s) was not seen in %s, as %s "
                 "predicts: %s",
                 what, tests, litmus_model_names[m], row->why);
    else
        snprintf(buf, len,
                 "the outcome sequential consistency forbids (%s) was not seen in %s, although "
                 "%s allows it: a longer run, or another machine, may show it%s",
                 what, tests, litmus_model_names[m],
                 threads_shared_cpus(&r->placement)
                     ? " (here the threads shared the CPUs, so they seldom ran at once)"
                     : "");
    return buf;
}

char *litmus_percent(char *buf, size_t len, uint64_t count, uint64_t tests)
{
    double pct = tests ? (double)count * 100.0 / (double)tests : 0.0;
    /* A count that rounds to 0.00% was still seen: say it is below. */
    if (count > 0 && pct < 0.005)
        snprintf(buf, len, "<0.01%%");
    else
        snprintf(buf, len, "%.2f%%", pct);
    return buf;
}

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
    char line[640], n[48], trials[48], per[48], wall[32], rate[48], meet[192];
    snprintf(line, sizeof line, "%s, %s", t->name, t->title);
    format_wrapped(out, layout, 9, "test", line);
    for (unsigned i = 0; i < t->threads; i++) {
        char label[24];
        snprintf(label, sizeof label, "thread %u", i);
        format_wrapped(out, layout, 9, label, t->code[i]);
    }
    snprintf(line, sizeof line, "%s: %s; %s%s", litmus_order_names[r->order],
             litmus_order_words[r->order], r->fence ? "--fence: " : "no fence",
             r->fence ? t->fence : "");
    format_wrapped(out, layout, 9, "order", line);
    format_wrapped(out, layout, 9, "cpus",
                   render_placement(line, sizeof line, &r->placement, 0, "", false));
    format_count(n, sizeof n, (int64_t)total_tests(r));
    format_counted(trials, sizeof trials, (int64_t)r->trials, "trial");
    format_count(per, sizeof per, (int64_t)r->iters);
    format_duration(wall, sizeof wall, r->wall_ns);
    format_decimal(rate, sizeof rate,
                   r->wall_ns ? (double)total_tests(r) * 1e3 / (double)r->wall_ns : 0.0);
    snprintf(line, sizeof line, "%s: %s of %s, %s, in %s of work (%s million a second)", n, trials,
             per, meetings_text(meet, sizeof meet, r), wall, rate);
    format_wrapped(out, layout, 9, "tests", line);
}

/* The in-step line: how many tests show the threads met, and which
 * outcomes those are. */
static void text_in_step(FILE *out, const struct text_layout *layout, const struct litmus_result *r)
{
    char line[512], pct[32], which[256];
    litmus_percent(pct, sizeof pct, litmus_in_step_seen(r), total_tests(r));
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
        litmus_percent(pct, sizeof pct, r->seen[o], total_tests(r));
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
        litmus_percent(pct, sizeof pct, k, total_tests(&r[i]));
        fprintf(out, "  %-4s %-19s ", t->name, what);
        print_seen(out, layout, k, true, sw);
        fprintf(out, " %7s %3s %5s %3s", pct, yes_no(row->allowed[LITMUS_X86]),
                yes_no(row->allowed[LITMUS_ARM64]), yes_no(row->allowed[LITMUS_C11]));
        if (rate)
            fprintf(out, "  %9s",
                    format_decimal(per_s, sizeof per_s,
                                   r[i].wall_ns
                                       ? (double)total_tests(&r[i]) * 1e3 / (double)r[i].wall_ns
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
        litmus_percent(pct, sizeof pct, litmus_in_step_seen(&r[i]), total_tests(&r[i]));
        snprintf(line, sizeof line, "%s; %s; in step in %s of tests",
                 render_placement(where, sizeof where, &r[i].placement, 0, "", false),
                 meetings_text(meet, sizeof meet, &r[i]), pct);
        format_wrapped(out, layout, 5, r[i].test->name, line);
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

static void json_run(FILE *out, const struct litmus_result *r)
{
    const struct litmus_test *t = r->test;
    char line[1024];
    fprintf(out, "    {\n      \"test\": \"%s\",\n      \"title\": \"%s\",\n", t->name, t->title);
    fprintf(out, "      \"order\": \"%s\",\n      \"fence\": %s,\n", litmus_order_names[r->order],
            r->fence ? "true" : "false");
    fprintf(out, "      \"threads\": [");
    for (unsigned i = 0; i < t->threads; i++)
        fprintf(out, "%s\"%s\"", i ? ", " : "", t->code[i]);
    fprintf(out, "],\n      \"placement\": ");
    render_json_string(out, render_placement(line, sizeof line, &r->placement, 0, "", false));
    fprintf(out,
            ",\n      \"trials\": %" PRIu64 ",\n      \"iters\": %" PRIu64
            ",\n      \"batch\": %" PRIu64 ",\n      \"met\": %s,\n      \"tests\": %" PRIu64
            ",\n      \"wall_ns\": %" PRIu64 ",\n      \"in_step_seen\": %" PRIu64 ",\n",
            r->trials, r->iters, r->batch, r->met ? "true" : "false", total_tests(r), r->wall_ns,
            litmus_in_step_seen(r));
    fprintf(out,
            "      \"sc_forbidden_seen\": %" PRIu64 ",\n      \"c11_forbidden_seen\": %" PRIu64
            ",\n      \"outcomes\": [\n",
            litmus_forbidden_seen(r, LITMUS_SC), litmus_forbidden_seen(r, LITMUS_C11));
    for (unsigned o = 0; o < (1u << t->nregs); o++) {
        char what[64];
        fprintf(out, "        {\"outcome\": \"%s\", \"seen\": %" PRIu64,
                litmus_outcome_text(what, sizeof what, t, o), r->seen[o]);
        fprintf(out, ", \"in_step\": %s", t->in_step >> o & 1 ? "true" : "false");
        fprintf(out, ", \"sc\": %s, \"x86_tso\": %s, \"arm64\": %s, \"c11\": %s}%s\n",
                litmus_allowed(t, r->order, r->fence, LITMUS_SC, o) ? "true" : "false",
                litmus_allowed(t, r->order, r->fence, LITMUS_X86, o) ? "true" : "false",
                litmus_allowed(t, r->order, r->fence, LITMUS_ARM64, o) ? "true" : "false",
                litmus_allowed(t, r->order, r->fence, LITMUS_C11, o) ? "true" : "false",
                o + 1 < (1u << t->nregs) ? "," : "");
    }
    fprintf(out, "      ],\n      \"verdict\": ");
    render_json_string(out, litmus_verdict(line, sizeof line, r));
    fprintf(out, "\n    }");
}

void render_litmus_json(FILE *out, const char *command, const struct litmus_result *r, size_t n)
{
    enum litmus_model m = litmus_machine_model();
    fprintf(out, "{\n  \"schema_version\": 1,\n  \"tool\": \"racedemo\",\n");
    fprintf(out, "  \"version\": \"%s\",\n  \"command\": ", RACEDEMO_VERSION);
    render_json_string(out, command);
    fprintf(out, ",\n  \"machine\": \"%s\",\n  \"machine_model\": ", litmus_machine_name());
    if (m == LITMUS_MODELS)
        fprintf(out, "null");
    else
        fprintf(out, "\"%s\"", litmus_model_names[m]);
    fprintf(out, ",\n  \"runs\": [\n");
    for (size_t i = 0; i < n; i++) {
        json_run(out, &r[i]);
        fprintf(out, "%s\n", i + 1 < n ? "," : "");
    }
    fprintf(out, "  ]\n}\n");
}

void render_litmus_csv(FILE *out, const struct litmus_result *r, size_t n)
{
    fprintf(out, "test,order,fence,outcome,seen,in_step,sc,x86_tso,arm64,c11,trials,iters,batch,"
                 "met,wall_ns,in_step_seen\n");
    for (size_t i = 0; i < n; i++) {
        const struct litmus_test *t = r[i].test;
        for (unsigned o = 0; o < (1u << t->nregs); o++) {
            char what[64];
            fprintf(out,
                    "%s,%s,%s,%s,%" PRIu64 ",%s,%s,%s,%s,%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64
                    ",%s,%" PRIu64 ",%" PRIu64 "\n",
                    t->name, litmus_order_names[r[i].order], r[i].fence ? "true" : "false",
                    litmus_outcome_text(what, sizeof what, t, o), r[i].seen[o],
                    t->in_step >> o & 1 ? "true" : "false",
                    litmus_allowed(t, r[i].order, r[i].fence, LITMUS_SC, o) ? "true" : "false",
                    litmus_allowed(t, r[i].order, r[i].fence, LITMUS_X86, o) ? "true" : "false",
                    litmus_allowed(t, r[i].order, r[i].fence, LITMUS_ARM64, o) ? "true" : "false",
                    litmus_allowed(t, r[i].order, r[i].fence, LITMUS_C11, o) ? "true" : "false",
                    r[i].trials, r[i].iters, r[i].batch, r[i].met ? "true" : "false", r[i].wall_ns,
                    litmus_in_step_seen(&r[i]));
        }
    }
}
