/* litmus/words.c: what a litmus run's renderers (text, JSON, HTML) say
 * alike: the orders and outcomes in words, this machine's name, a count
 * as a share of the tests, and the verdict, the sentence that the counts
 * and the model tables (src/litmus/) support. */
#include <stdint.h>
#include <stdio.h>

#include "report/format.h"
#include "racedemo/litmus.h"
#include "litmus/litmus.h"

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

uint64_t litmus_total_tests(const struct litmus_result *r)
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
    format_counted(tests, sizeof tests, (int64_t)litmus_total_tests(r), "test");
    if (r->trials == 0)
        snprintf(buf, len, "none: interrupted before a trial completed");
    else if (n) {
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
