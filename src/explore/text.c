/* explore/text.c: explore's report for people: what was explored, the
 * counts, each requirement with the command that replays its shortest
 * counterexample, and the verdict. */
#include <stdio.h>
#include <string.h>

#include "explore/render.h"
#include "report/format.h"

#define LABEL_WIDTH 17

const char *explore_verdict_word(const struct explore_result *res)
{
    if (res->req[REQ_EXCLUSION].finding == FOUND_BROKEN ||
        res->req[REQ_WORKLOAD].finding == FOUND_BROKEN)
        return "RACE";
    if (res->req[REQ_PROGRESS].finding == FOUND_BROKEN)
        return res->req[REQ_PROGRESS].stuck == STUCK_ALL_WAIT ? "DEADLOCK" : "STUCK";
    return res->cut ? "NONE" : "CORRECT";
}

/* "A", "A and B", "A, B and C". */
static char *thread_names(char *buf, size_t len, uint32_t threads)
{
    size_t used = 0;
    unsigned left = 0;
    for (uint32_t rest = threads; rest; rest &= rest - 1)
        left++;
    buf[0] = '\0';
    for (unsigned t = 0; t < 32 && used < len; t++)
        if (threads >> t & 1) {
            left--;
            int n = snprintf(buf + used, len - used, "%c%s", (char)('A' + t),
                             left > 1    ? ", "
                             : left == 1 ? " and "
                                         : "");
            used += n > 0 ? (size_t)n : 0;
        }
    return buf;
}

static char *count_text(char *buf, size_t len, const struct explore_count *c)
{
    char digits[64];
    explore_count_text(c, digits, sizeof digits);
    /* Thousands separated, as every other count racedemo prints. */
    size_t n = strlen(digits), used = 0;
    if (c->overflow) {
        snprintf(buf, len, "%s", digits);
        return buf;
    }
    for (size_t i = 0; i < n && used + 2 < len; i++) {
        if (i && (n - i) % 3 == 0)
            buf[used++] = ',';
        buf[used++] = digits[i];
    }
    buf[used] = '\0';
    return buf;
}

/* How a thread left waiting for good waits. */
static void stuck_text(char *buf, size_t len, const struct explore_requirement_result *q,
                       unsigned nthreads)
{
    char who[64];
    thread_names(who, sizeof who, q->waiting);
    bool many = q->waiting & (q->waiting - 1);
    if (q->stuck == STUCK_ALL_WAIT && q->waiting == (1u << nthreads) - 1)
        snprintf(buf, len, "%s %s", nthreads == 2 ? "both" : "all",
                 q->sleeps       ? "asleep, nobody to wake them"
                 : nthreads == 2 ? "spin for ever, each waiting for the other"
                                 : "spin for ever, each waiting for another");
    else if (q->stuck == STUCK_ALL_WAIT)
        snprintf(buf, len, "%s %s for ever, and every other thread is done", who,
                 q->sleeps ? (many ? "sleep" : "sleeps") : (many ? "spin" : "spins"));
    else {
        /* The others are done, or between two iterations: they may stop. */
        char others[64];
        uint32_t rest = ((1u << nthreads) - 1) & ~q->waiting;
        thread_names(others, sizeof others, rest);
        snprintf(buf, len, "%s %s for ever once %s %s wanting in", who,
                 q->sleeps ? (many ? "sleep" : "sleeps") : (many ? "wait" : "waits"), others,
                 rest & (rest - 1) ? "stop" : "stops");
    }
}

static void print_model(FILE *out, const struct text_layout *layout, const struct explore_result *r)
{
    char line[512], states[32];
    bool tso = strcmp(r->model, "tso") == 0;
    const char *how = tso ? "one at a time, under x86-TSO: each store waits in its thread's "
                            "store buffer until a flush, itself a step, writes it to memory"
                          : "one at a time: sequential consistency";
    if (r->programs[0])
        snprintf(line, sizeof line,
                 "%s (each thread its own program, once; one step per access, %s)", r->programs,
                 how);
    else
        snprintf(line, sizeof line,
                 "%u thread%s x %llu iteration%s of: %s (one step per shared-memory access, %s)",
                 r->nthreads, r->nthreads == 1 ? "" : "s", (unsigned long long)r->iters,
                 r->iters == 1 ? "" : "s", r->steps, how);
    format_wrapped(out, layout, LABEL_WIDTH, "steps", line);
    format_count(states, sizeof states, (int64_t)r->states);
    bool lock = r->req[REQ_EXCLUSION].finding != FOUND_UNTESTED;
    snprintf(line, sizeof line, "%s %s (a state: each thread's next step and registers, %s%s%s)",
             states,
             r->interrupted ? "reached before a stop signal ended the search"
             : r->cut       ? "reached before the search stopped at --max-states"
                            : "reachable",
             lock ? "the lock's variables and " : "", r->shared_name,
             tso ? ", and each thread's store buffer" : "");
    format_wrapped(out, layout, LABEL_WIDTH, "states", line);
}

/* A litmus test: whether any interleaving ends in the outcome sequential
 * consistency forbids (none should: it takes a store buffer, or more). */
static void print_forbidden(FILE *out, const struct text_layout *layout,
                            const struct explore_result *r)
{
    char line[512], n[64];
    const struct explore_outcome *hit = NULL;
    for (size_t i = 0; i < r->noutcomes; i++)
        if (strcmp(r->outcomes[i].observed, r->forbidden) == 0)
            hit = &r->outcomes[i];
    if (hit)
        snprintf(line, sizeof line,
                 "%s: %s interleavings end there, which sequential "
                 "consistency forbids",
                 r->forbidden, count_text(n, sizeof n, &hit->interleavings));
    else
        snprintf(line, sizeof line,
                 "%s: no interleaving ends there; it takes a machine that lets a step wait "
                 "(racedemo litmus %s)",
                 r->forbidden, r->workload);
    format_wrapped(out, layout, LABEL_WIDTH, "SC forbids", line);
}

static void print_counts(FILE *out, const struct text_layout *layout,
                         const struct explore_result *r)
{
    char line[512], n[64];
    if (r->cut) {
        format_wrapped(out, layout, LABEL_WIDTH, "interleavings",
                       "not counted: the search did not reach every state");
        return;
    }
    if (r->cyclic) {
        format_wrapped(out, layout, LABEL_WIDTH, "interleavings",
                       "without end: the threads can take steps for ever (the states loop)");
        return;
    }
    if (strcmp(r->model, "tso") == 0) {
        char m[64];
        snprintf(line, sizeof line,
                 "%s complete (the flushes are steps too); in %s of them a load goes ahead of a "
                 "store still waiting in its thread's buffer. By how they end:",
                 count_text(n, sizeof n, &r->interleavings), count_text(m, sizeof m, &r->passing));
    } else {
        snprintf(line, sizeof line,
                 "%s complete, by how they end:", count_text(n, sizeof n, &r->interleavings));
    }
    format_wrapped(out, layout, LABEL_WIDTH, "interleavings", line);
    int wide_observed = 0, wide_count = 0;
    for (size_t i = 0; i < r->noutcomes; i++) {
        int a = (int)strlen(r->outcomes[i].observed);
        int b = (int)strlen(count_text(n, sizeof n, &r->outcomes[i].interleavings));
        wide_observed = a > wide_observed ? a : wide_observed;
        wide_count = b > wide_count ? b : wide_count;
    }
    for (size_t i = 0; i < r->noutcomes; i++) {
        const struct explore_outcome *o = &r->outcomes[i];
        fprintf(out, "%*s%-*s  %*s  %s\n", LABEL_WIDTH + 4, "", wide_observed, o->observed,
                wide_count, count_text(n, sizeof n, &o->interleavings), o->loss);
    }
    if (r->forbidden[0])
        print_forbidden(out, layout, r);
}

/* One requirement: holds, not a question, or broken with its replay;
 * whether it ended with a blank line. */
static bool print_requirement(FILE *out, const struct text_layout *layout,
                              const struct explore_report *report, enum explore_requirement q)
{
    static const char *const labels[REQ_COUNT] = {"mutual exclusion", "progress", "outcome"};
    const struct explore_result *r = report->res;
    const struct explore_requirement_result *e = &r->req[q];
    char line[512], states[32], n[64], wrong[64];
    format_count(states, sizeof states, (int64_t)r->states);
    if (e->finding == FOUND_UNTESTED) {
        if (r->programs[0])
            snprintf(line, sizeof line, "not a question: a litmus test has no lock");
        else
            snprintf(line, sizeof line, "not a question: --sync %s has no critical section",
                     r->sync);
    } else if (e->finding == FOUND_NOTHING) {
        if (r->cut)
            snprintf(line, sizeof line, "held in the %s states reached; the rest are unknown",
                     states);
        else if (q == REQ_WORKLOAD)
            snprintf(line, sizeof line, "holds in every complete interleaving (expected: %s)",
                     r->expected);
        else
            snprintf(line, sizeof line, "holds in all %s reachable states", states);
    } else if (q == REQ_EXCLUSION) {
        snprintf(line, sizeof line,
                 "BROKEN: %c and %c are inside at once after step %zu of this interleaving:",
                 (char)('A' + e->first), (char)('A' + e->second), e->at_step);
    } else if (q == REQ_PROGRESS) {
        char how[256];
        stuck_text(how, sizeof how, e, r->nthreads);
        snprintf(line, sizeof line, "BROKEN: after step %zu of this interleaving, %s:", e->at_step,
                 how);
    } else {
        struct explore_count bad = {0};
        for (size_t i = 0; i < r->noutcomes; i++)
            if (!r->outcomes[i].correct)
                explore_count_add(&bad, &r->outcomes[i].interleavings);
        if (r->cut || r->cyclic)
            snprintf(line, sizeof line,
                     "BROKEN: this interleaving, %zu steps, ends %s:", e->at_step, e->observed);
        else
            snprintf(line, sizeof line,
                     "BROKEN: %s of %s interleavings end wrong; the shortest, %zu steps, ends "
                     "%s:",
                     count_text(wrong, sizeof wrong, &bad),
                     count_text(n, sizeof n, &r->interleavings), e->at_step, e->observed);
    }
    /* No command follows (a litmus test has no --schedule): no colon. */
    size_t used = strlen(line);
    if (!report->replay[q] && used && line[used - 1] == ':')
        line[used - 1] = '.';
    format_wrapped(out, layout, LABEL_WIDTH, labels[q], line);
    if (!report->replay[q])
        return false;
    fprintf(out, "\n");
    format_command(out, layout, report->replay[q]);
    fprintf(out, "\n");
    return true;
}

void explore_verdict_text(char *buf, size_t len, const struct explore_result *r)
{
    const char *word = explore_verdict_word(r);
    char states[32], how[256];
    format_count(states, sizeof states, (int64_t)r->states);
    const struct explore_requirement_result *ex = &r->req[REQ_EXCLUSION],
                                            *pr = &r->req[REQ_PROGRESS],
                                            *wl = &r->req[REQ_WORKLOAD];
    if (strcmp(word, "RACE") == 0 && r->programs[0]) /* a litmus test: only a buffer does it */
        snprintf(buf, len,
                 "RACE: an interleaving ends in %s, which sequential consistency forbids: a "
                 "store waits in its store buffer while a later load goes ahead",
                 r->forbidden);
    else if (strcmp(word, "RACE") == 0)
        snprintf(buf, len, "RACE: %s%s%s",
                 ex->finding == FOUND_BROKEN ? "the lock can let two threads in at once" : "",
                 ex->finding == FOUND_BROKEN && wl->finding == FOUND_BROKEN ? ", and " : "",
                 wl->finding == FOUND_BROKEN ? "an interleaving can end wrong" : "");
    else if (strcmp(word, "DEADLOCK") == 0 || strcmp(word, "STUCK") == 0) {
        stuck_text(how, sizeof how, pr, r->nthreads);
        snprintf(buf, len, "%s: there is an interleaving in which %s", word, how);
    } else if (strcmp(word, "NONE") == 0)
        snprintf(buf, len,
                 r->interrupted ? "NONE: a stop signal ended the search at %s states, and it had "
                                  "found nothing wrong so far"
                                : "NONE: the search stopped at %s states and found nothing wrong "
                                  "so far; lower --iters or --threads, or raise --max-states",
                 states);
    else if (r->promised || ex->finding == FOUND_UNTESTED)
        snprintf(buf, len, "CORRECT: every requirement holds in all %s reachable states", states);
    else if (strcmp(r->model, "tso") == 0)
        snprintf(buf, len,
                 "CORRECT: every requirement holds in all %s reachable states under x86-TSO; "
                 "--sync %s does not promise it on a machine that reorders more (racedemo litmus "
                 "sb, its arm64 column)",
                 states, r->sync);
    else
        snprintf(buf, len,
                 "CORRECT: every requirement holds in all %s reachable states, one step at a "
                 "time; on real hardware --sync %s does not keep the threads apart: a store can "
                 "wait in a store buffer while a later load goes ahead (racedemo explore %s "
                 "--sync %s --model tso shows it step by step)",
                 states, r->sync, r->workload, r->sync);
}

void render_explore_text(FILE *out, const struct text_layout *layout,
                         const struct explore_report *report)
{
    const struct explore_result *r = report->res;
    format_command(out, layout, report->command);
    fprintf(out, "\n");
    print_model(out, layout, r);
    print_counts(out, layout, r);
    fprintf(out, "\n");
    bool blank = false;
    for (int q = 0; q < REQ_COUNT; q++)
        blank = print_requirement(out, layout, report, (enum explore_requirement)q);
    char verdict[512];
    explore_verdict_text(verdict, sizeof verdict, r);
    if (!blank)
        fprintf(out, "\n");
    format_verdict(out, layout, verdict);
}
