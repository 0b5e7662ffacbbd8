/* report/text.c: the report a class reads off the projector. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "report/render.h"
#include "result/verdict.h"
#include "core/options.h"
#include "report/words.h"

/* A share of expected, unsigned, that never rounds a difference to 0:
 * "32.14%", "under 0.01%" (terse, for a table: "<0.01%"), "0.00%". */
static void percent_text(char *buf, size_t len, double pct, bool terse)
{
    double magnitude = pct < 0 ? -pct : pct;
    if (magnitude == 0.0)
        snprintf(buf, len, "0.00%%");
    else if (magnitude < 0.005)
        snprintf(buf, len, "%s0.01%%", terse ? "<" : "under ");
    else
        snprintf(buf, len, "%.2f%%", magnitude);
}

/* Where each worker ran, and how it came to run there. */
static void print_cpus(FILE *out, const struct text_layout *layout, const struct engine_report *run,
                       unsigned helpers, const char *role, bool processes)
{
    char line[700];
    render_placement(line, sizeof line, run, helpers, role, processes);
    format_wrapped(out, layout, 9, "cpus", line);
}

/* The command line that repeats the run, fitted to the width. */
static void print_command(FILE *out, const struct text_layout *layout, const struct result *r)
{
    struct capture line;
    FILE *f = capture_begin(&line);
    if (f)
        render_command(f, r);
    if (f && capture_end(&line)) {
        format_command(out, layout, line.buf);
        free(line.buf);
        return;
    }
    render_command(out, r); /* no memory to fit it: unfitted, but whole */
    fputc('\n', out);
}

static void print_header(FILE *out, const struct text_layout *layout, const struct result *r,
                         bool per_trial)
{
    char what[256], first[64] = "";
    print_command(out, layout, r);
    fputc('\n', out);
    if (r->work.first_thread) {
        char n[48];
        snprintf(first, sizeof first, " (%s A: %s)", r->processes ? "process" : "thread",
                 format_counted(n, sizeof n, (int64_t)r->work.first_thread, "time"));
    }
    const char *worker = r->processes ? "process" : "thread";
    char times[64];
    format_counted(times, sizeof times, (int64_t)r->work.per_thread, "time");
    if (r->work.roles[0]) {
        render_roles_what(what, sizeof what, r);
        if (per_trial)
            snprintf(what + strlen(what), sizeof what - strlen(what), ", in each trial");
    } else if (r->threads == 1)
        snprintf(what, sizeof what, "1 %s does %s, %s%s%s", worker, r->work.action, times, first,
                 per_trial ? ", in each trial" : "");
    else
        snprintf(what, sizeof what, "%u %s each do %s, %s%s%s", r->threads,
                 r->processes ? "processes" : "threads", r->work.action, times, first,
                 per_trial ? ", in each trial" : "");
    format_wrapped(out, layout, 9, "what", what);
    if (r->work.helpers)
        format_wrapped(out, layout, 9, r->work.helper_role, r->work.helper_about);
    if (r->work.scene_label && r->work.scene[0])
        format_wrapped(out, layout, 9, r->work.scene_label, r->work.scene);
    if (r->processes)
        format_wrapped(out, layout, 9, "workers",
                       "processes (fork) that share only MAP_SHARED memory, mapped before "
                       "they were forked: the data, the locks, the start gate");
    char sync[320];
    snprintf(sync, sizeof sync, "%s: %s", r->strategy.name, r->strategy.summary);
    format_wrapped(out, layout, 9, "sync", sync);
    const char *where =
        r->work.window_where ? r->work.window_where : "between each load and its store";
    char widened[256];
    if (r->work.window == WINDOW_YIELD)
        snprintf(widened, sizeof widened, "widened: one sched_yield %s", where);
    else if (r->work.window)
        snprintf(widened, sizeof widened, "widened: %llu CPU pauses %s",
                 (unsigned long long)r->work.window, where);
    if (r->work.window)
        format_wrapped(out, layout, 9, "window", widened);
    print_cpus(out, layout, &r->run.first, r->work.helpers, r->work.helper_role, r->processes);
}

/* Wasted work and fairness: CPU time against wall time, wait-loop turns,
 * and how far behind the others were when the first thread finished. */
static void print_work(FILE *out, const struct text_layout *layout, const struct result *r,
                       double fair_pct)
{
    uint64_t cpu = 0, spins = 0;
    for (unsigned i = 0; i < r->threads + r->work.helpers; i++) {
        cpu += r->workers.cpu_ns[i];
        spins += r->workers.spins[i];
    }
    const char *worker = r->processes ? "process" : "thread";
    if (r->workers.cpu_measured) {
        char cpu_text[32], wall[32], turns[64], until[96] = "", line[320];
        format_duration(cpu_text, sizeof cpu_text, cpu);
        format_duration(wall, sizeof wall, r->run.work_wall_ns);
        if (r->workers.spins_counted)
            format_counted(turns, sizeof turns, (int64_t)spins, "turn");
        if (r->workers.spins_counted)
            snprintf(turns + strlen(turns), sizeof turns - strlen(turns), " of wait loops");
        else
            snprintf(turns, sizeof turns, "waits inside the C library, not counted");
        /* The helpers' CPU counts, so the wall time does too: it runs to
         * the auditor's last audit, past the tellers' `time`. */
        if (r->work.helpers)
            snprintf(until, sizeof until, ", until the %s's last %s ended", r->work.helper_role,
                     r->work.helper_work);
        snprintf(line, sizeof line, "%s of CPU in %s of wall time%s (%.2f CPUs busy); %s", cpu_text,
                 wall, until, r->run.work_wall_ns ? (double)cpu / (double)r->run.work_wall_ns : 0.0,
                 turns);
        format_wrapped(out, layout, 9, "work", line);
    }
    if (fair_pct >= 0) {
        char line[256];
        snprintf(line, sizeof line,
                 "when the first %s finished, the furthest behind had done %.1f%% of its "
                 "updates%s",
                 worker, fair_pct, r->trials.count > 1 ? " (median of the trials)" : "");
        format_wrapped(out, layout, 9, "fairness", line);
    }
}

/* What the violation detector saw, over `trials` trials. */
static void print_exclusion(FILE *out, const struct text_layout *layout, const struct result *r,
                            uint64_t violations, size_t broken_trials, size_t trials)
{
    char count[48], broken[32], all[48];
    if (!r->run.detected) {
        format_wrapped(out, layout, 9, "exclusion",
                       r->run.undetected_why ? r->run.undetected_why : "not checked");
        return;
    }
    const char *worker = r->processes ? "process" : "thread";
    format_counted(count, sizeof count, (int64_t)violations, "time");
    format_count(broken, sizeof broken, (int64_t)broken_trials);
    format_counted(all, sizeof all, (int64_t)trials, "trial");
    char line[256];
    if (violations == 0)
        snprintf(line, sizeof line, "held: no %s ever found another inside the critical section",
                 worker);
    else if (trials == 1)
        snprintf(line, sizeof line, "broken %s: a %s found another inside the critical section",
                 count, worker);
    else
        snprintf(line, sizeof line, "broken in %s of %s (%s a %s found another inside)", broken,
                 all, count, worker);
    format_wrapped(out, layout, 9, "exclusion", line);
}

/* A metric's number in its words: "off by 3 at the end", "1 audit saw...". */
static char *metric_text(char *buf, size_t len, const struct result_metric *m, int64_t value)
{
    char number[64];
    if (m->noun)
        format_counted(number, sizeof number, value, m->noun);
    else
        format_count(number, sizeof number, value);
    snprintf(buf, len, "%s%s%s %s", m->before ? m->before : "", m->before ? " " : "", number,
             m->meaning);
    return buf;
}

/* The workload's own numbers: one trial's, or (with `all`) their totals
 * over every trial. Amounts say how far off the expected total they are;
 * one that no trial has (METRIC_NONE) has no line. */
static void print_metrics(FILE *out, const struct text_layout *layout, const struct result *r,
                          const int64_t *values, bool all)
{
    bool many = all && r->trials.count > 1;
    for (unsigned k = 0; k < r->nmetrics; k++) {
        const struct result_metric *m = &r->metrics[k];
        char value[32], off[32], trials[32], line[256];
        if (values[k] == METRIC_NONE)
            continue;
        format_amount(value, sizeof value, m->amount ? r->words.unit : NULL, values[k]);
        if (m->yes && many && values[k] != 0)
            snprintf(line, sizeof line, "%s, in %s of %s trials", m->yes, value,
                     format_count(trials, sizeof trials, (int64_t)r->trials.count));
        else if (m->yes)
            snprintf(line, sizeof line, "%s", values[k] ? m->yes : m->no);
        else if (m->amount && values[k] == (int64_t)r->work.expected)
            snprintf(line, sizeof line, "%s: the expected total", value);
        else if (m->amount) /* the side named, not a sign to decode */
            snprintf(line, sizeof line, "%s: %s %s the expected total", value,
                     format_amount(off, sizeof off, r->words.unit,
                                   values[k] > (int64_t)r->work.expected
                                       ? values[k] - (int64_t)r->work.expected
                                       : (int64_t)r->work.expected - values[k]),
                     values[k] > (int64_t)r->work.expected ? "above" : "below");
        else
            metric_text(line, sizeof line, m, values[k]);
        if (many && !m->yes && m->total == METRIC_SUM)
            snprintf(line + strlen(line), sizeof line - strlen(line), ", in all trials");
        else if (many && !m->yes)
            snprintf(line + strlen(line), sizeof line - strlen(line), " (%s of all trials)",
                     m->total == METRIC_MIN ? "lowest" : "highest");
        format_wrapped(out, layout, 9, m->label, line);
    }
}

/* A node's name for people: the seed's 1 to 4, else its thread's letter
 * and its number: B17 is thread 1's 17th node. */
static void node_name(char *buf, size_t len, unsigned thread, uint64_t seq)
{
    if (thread == RESULT_SEED_THREAD)
        snprintf(buf, len, "%llu", (unsigned long long)seq);
    else if (thread < 26)
        snprintf(buf, len, "%c%llu", 'A' + thread, (unsigned long long)seq);
    else
        snprintf(buf, len, "T%u.%llu", thread, (unsigned long long)seq);
}

/* "producer A" for a workload with roles, else "thread A" (as a
 * schedule names it). */
static void thread_name(char *buf, size_t len, const struct result *r, unsigned i)
{
    result_worker_name(buf, len, r, i);
}

/* Items lost by each thread, with their noun: "thread A: 1,234 nodes,
 * thread B: 1 node", "producer 0: 56 items". */
static void print_thread_lost(FILE *out, const struct text_layout *layout, const struct result *r)
{
    char line[2048] = "";
    size_t used = 0;
    unsigned n = r->work.roles[0] ? r->work.role_split : r->threads;
    const char *noun = r->work.item_noun ? r->work.item_noun : r->work.op_noun;
    const char *worker = r->processes ? "process" : "thread";
    for (unsigned i = 0; i < n && used < sizeof line; i++) {
        char name[48], count[64];
        if (r->work.roles[0]) {
            thread_name(name, sizeof name, r, i);
        } else {
            char letter[32];
            node_name(letter, sizeof letter, i, 0);
            letter[strlen(letter) - 1] = '\0'; /* the letter alone, as --show names nodes */
            snprintf(name, sizeof name, "%s %s", worker, letter);
        }
        format_counted(count, sizeof count, (int64_t)r->workers.lost[i], noun);
        int k = snprintf(line + used, sizeof line - used, "%s%s: %s", i ? ", " : "", name, count);
        used += k > 0 ? (size_t)k : 0;
    }
    if (used < sizeof line && r->trials.count > 1)
        snprintf(line + used, sizeof line - used, ", in all trials");
    format_wrapped(out, layout, 9,
                   r->words.thread_lost_label ? r->words.thread_lost_label : "lost by", line);
}

/* Where the list broke (--show): each lost node whose predecessor is
 * still in the list, and the node that took its place. */
static void print_lost_nodes(FILE *out, const struct text_layout *layout, const struct result *r)
{
    if (r->lost_list.show == 0)
        return;
    fputc('\n', out);
    if (r->lost_list.nnodes == 0) {
        fprintf(out, "  broken    nowhere: no node was lost\n");
        return;
    }
    char breaks[32], line[256];
    format_count(breaks, sizeof breaks, (int64_t)r->lost_list.breaks);
    snprintf(line, sizeof line,
             "the list broke in %s place%s%s; the first %zu (--show %zu), each node lost with "
             "every node linked after it:",
             breaks, r->lost_list.breaks == 1 ? "" : "s",
             r->trials.count > 1 ? " in the first trial that lost nodes" : "", r->lost_list.nnodes,
             r->lost_list.show);
    format_wrapped(out, layout, 9, "broken", line);
    for (size_t i = 0; i < r->lost_list.nnodes; i++) {
        const struct result_lost_node *l = &r->lost_list.nodes[i];
        char name[32], after[32], now[32];
        node_name(name, sizeof name, l->thread, l->seq);
        node_name(after, sizeof after, l->after_thread, l->after_seq);
        if (l->now_null)
            snprintf(now, sizeof now, "nothing");
        else
            node_name(now, sizeof now, l->now_thread, l->now_seq);
        fprintf(out, "            %s -> %s was overwritten by %s -> %s\n", after, name, after, now);
    }
}

/* --trace: the recorded steps around the first lost update, in an order
 * that fits every value read (trace_order), each with its clock read. */
static void print_trace(FILE *out, const struct text_layout *layout, const struct result *r)
{
    if (r->trace.recorded == 0)
        return;
    char steps[32], line[512];
    const char *first = r->trials.count > 1 ? " in the first trial" : "";
    format_count(steps, sizeof steps, (int64_t)r->trace.recorded);
    fputc('\n', out);
    if (!r->trace.found) {
        snprintf(line, sizeof line, "no lost update among the %s updates recorded%s%s", steps,
                 first,
                 r->trace.coherent ? ""
                                   : " (no order of them that fits every value read was "
                                     "found, so none is shown)");
        format_wrapped(out, layout, 9, "trace", line);
    } else {
        snprintf(line, sizeof line,
                 "the first lost update among the %s updates recorded%s, 10 us after the last "
                 "thread began, in an order that fits every value read: each thread's steps in "
                 "its own order, each load after the store it read, the stores in the order N "
                 "took their values",
                 steps, first);
        format_wrapped(out, layout, 9, "trace", line);
        bool either = false;
        fprintf(out, "            %12s\n", "clock");
        for (size_t i = 0; i < r->trace.nevents; i++) {
            const struct result_trace_event *e = &r->trace.events[i];
            char when[32];
            format_duration(when, sizeof when, e->t_ns);
            either |= e->either;
            fprintf(out, "            %12s %c %c  %-5s N = %llu%s\n", when, e->either ? '~' : ' ',
                    'A' + e->thread, e->store ? "store" : "load", (unsigned long long)e->value,
                    e->lost ? "   <- writes over the other's store: an update lost" : "");
        }
        format_wrapped(out, layout, 9, "",
                       "clock: each step's clock read, just after it, on its own thread's "
                       "CPU; it need not agree with the order");
        if (either)
            format_wrapped(out, layout, 9, "",
                           "~: the values cannot tell whether this step came before or after "
                           "the one above it");
    }
    snprintf(line, sizeof line,
             "recording cost %.1f ns per update (%.2f ns without): a clock read after "
             "each load and each store; the one between them widens the window in "
             "which an update is lost, as --window does",
             r->trace.ns, r->trace.untraced_ns);
    format_wrapped(out, layout, 9, "", line);
}

/* The reasons a trial (or some trials) went wrong: lost updates, and each
 * failing metric with its count. */
static void print_reasons(FILE *out, const struct text_layout *layout, const struct result *r,
                          bool lost, const int64_t *values)
{
    if (lost)
        format_wrapped(out, layout, 9, "", r->words.race_reason);
    for (unsigned k = 0; k < r->nmetrics; k++) {
        const struct result_metric *m = &r->metrics[k];
        char what[256], text[320];
        if (!m->failure || values[k] == 0)
            continue;
        if (m->yes && r->trials.count <= 1)
            snprintf(text, sizeof text, "%s", m->failure);
        else
            snprintf(text, sizeof text, "%s: %s", metric_text(what, sizeof what, m, values[k]),
                     m->failure);
        format_wrapped(out, layout, 9, "", text);
    }
}

/* Why a right total from a strategy that promises nothing is only "no
 * race seen": what the threads' overlap says about this run, and what
 * gives the race another chance. */
static void print_no_race_seen(FILE *out, const struct text_layout *layout, const struct result *r,
                               const char *what, uint64_t overlap_ns)
{
    char text[512], overlap[32];
    const char *workers = r->processes ? "processes" : "threads";
    format_duration(overlap, sizeof overlap, overlap_ns);
    if (overlap_ns == 0)
        snprintf(text, sizeof text,
                 "NO RACE SEEN: %s, but --sync %s does not keep %s apart; this time they never "
                 "worked at the same time (overlap 0 ns), so nothing could collide. Run it "
                 "again, or with --trials 100, to see how often it loses updates",
                 what, r->strategy.name, workers);
    else
        snprintf(text, sizeof text,
                 "NO RACE SEEN: %s, but --sync %s does not keep %s apart; they worked at the same "
                 "time for %s and no update happened to collide. Run it again, or with "
                 "--trials 100, to see how often it loses updates",
                 what, r->strategy.name, workers, overlap);
    format_verdict(out, layout, text);
}

/* A workload's words (result_words' right, short_of) with {expected},
 * {lost} and {item} filled in. */
static void fill_words(char *buf, size_t len, const char *words, const char *expected,
                       const char *lost, const char *item)
{
    static const char *const names[] = {"{expected}", "{lost}", "{item}"};
    const char *values[] = {expected, lost, item};
    size_t used = 0;
    while (*words && used + 1 < len) {
        size_t k = 0;
        while (k < 3 && strncmp(words, names[k], strlen(names[k])) != 0)
            k++;
        if (k == 3) {
            buf[used++] = *words++;
            continue;
        }
        int n = snprintf(buf + used, len - used, "%s", values[k]);
        used += n < 0 ? 0 : (size_t)n < len - used ? (size_t)n : len - used - 1;
        words += strlen(names[k]);
    }
    buf[used] = '\0';
}

/* The verdict of a single trial, with the reasons it went wrong. */
static void print_single_verdict(FILE *out, const struct text_layout *layout,
                                 const struct result *r, const struct trial_result *t,
                                 const char *expected)
{
    const char *item = r->work.item_noun ? r->work.item_noun : r->work.op_noun;
    char all[160], lost[32], text[200];
    int64_t lost_n = result_lost(r, t);
    format_amount(lost, sizeof lost, r->words.unit, lost_n);
    fill_words(all, sizeof all, r->words.right ? r->words.right : "all {expected} {item}s arrived",
               expected, lost, item);
    switch (result_trial_verdict(r, t)) {
    case VERDICT_CORRECT:
        snprintf(text, sizeof text, "CORRECT: %s", all);
        format_verdict(out, layout, text);
        return;
    case VERDICT_NO_RACE_SEEN:
        print_no_race_seen(out, layout, r, all, t->overlap_ns);
        return;
    default:
        break;
    }
    char line[240];
    if (lost_n > 0) {
        fill_words(text, sizeof text,
                   r->words.short_of ? r->words.short_of : "{lost} of {expected} {item}s were lost",
                   expected, lost, item);
        snprintf(line, sizeof line, "RACE: %s;", text);
    } else if (lost_n < 0)
        snprintf(line, sizeof line, "RACE: the total is %s more than expected;", lost + 1);
    else
        snprintf(line, sizeof line, "RACE: the final total is right, but");
    format_verdict(out, layout, line);
    print_reasons(out, layout, r, lost_n != 0, r->nmetrics ? &r->metric_values[0] : NULL);
}

/* Trials run again because their workers never overlapped (run.c's
 * RUN_RERUN_LIMIT): said whenever there were any, since the report counts
 * only the runs that did. */
static void print_reruns(FILE *out, const struct text_layout *layout, const struct result *r,
                         bool single)
{
    if (r->run.reruns == 0)
        return;
    const char *workers = r->processes ? "processes" : "threads";
    char line[200], n[32];
    format_count(n, sizeof n, (int64_t)r->run.reruns);
    if (single)
        snprintf(line, sizeof line,
                 "this trial ran %" PRIu64 " times: in the first %s the %s never worked at the "
                 "same time, so it was run again",
                 r->run.reruns + 1, n, workers);
    else
        snprintf(line, sizeof line, "%s %s in which the %s never overlapped %s run again", n,
                 r->run.reruns == 1 ? "trial" : "trials", workers,
                 r->run.reruns == 1 ? "was" : "were");
    format_wrapped(out, layout, 9, "rerun", line);
}

/* The report of a single trial: every number spelled out. */
static void render_single(FILE *out, const struct text_layout *layout, const struct result *r)
{
    const struct trial_result *t = &r->trials.kept[0];
    char expected[32], observed[32], lost[32], off[40], wall[32];
    int64_t lost_n = result_lost(r, t);
    bool sides = result_shows_sides(r);
    format_amount(expected, sizeof expected, r->words.unit, (int64_t)r->work.expected);
    format_amount(observed, sizeof observed, r->words.unit, t->observed);
    format_amount(lost, sizeof lost, r->words.unit, lost_n);
    render_off(off, sizeof off, r, lost_n, sides);
    format_duration(wall, sizeof wall, t->wall_ns);
    int width = (int)strlen(expected);
    if ((int)strlen(observed) > width)
        width = (int)strlen(observed);
    if ((int)strlen(off) > width)
        width = (int)strlen(off);

    print_header(out, layout, r, false);
    if (r->threads > 1) {
        char overlap[32], line[160];
        const char *workers = r->processes ? "processes" : "threads";
        format_duration(overlap, sizeof overlap, t->overlap_ns);
        /* Two or more, not all: more workers than CPUs never all run at
         * once, and any two of them at once can race. */
        /* "0 ns: both working at once" would read as a contradiction: the
         * words say what the time measures. */
        snprintf(line, sizeof line, "%s (%.0f%% of the run) with %s %s working at once", overlap,
                 result_overlap_percent(t),
                 r->threads + r->work.helpers == 2 ? "both" : "two or more", workers);
        format_wrapped(out, layout, 9, "overlap", line);
    }
    print_reruns(out, layout, r, true);
    fputc('\n', out);
    fprintf(out, "  expected  %*s\n", width, expected);
    fprintf(out, "  observed  %*s\n", width, observed);
    char pct[32];
    percent_text(pct, sizeof pct, result_lost_percent(r, t), false);
    /* The headline number: red when something was lost, green when not. */
    enum format_color c = lost_n ? FORMAT_RED : FORMAT_GREEN;
    fprintf(out, "  %-9s %s%*s%s  (%s of expected)", render_off_label(r, sides),
            format_sgr(layout, c), width, off, format_sgr_end(layout, c), pct);
    if (sides && lost_n != 0)
        fprintf(out, ": %s", render_side(r, lost_n));
    fputc('\n', out);
    if (r->workers.lost_counted && r->threads > 1)
        print_thread_lost(out, layout, r);
    if (r->nmetrics)
        print_metrics(out, layout, r, &r->metric_values[0], false);
    print_exclusion(out, layout, r, t->violations, t->violations ? 1 : 0, 1);
    print_work(out, layout, r, t->fair_least_pct);
    fputc('\n', out);
    print_single_verdict(out, layout, r, t, expected);
    char per_op[48];
    format_decimals(per_op, sizeof per_op, result_ns_per_op(r, t->wall_ns), 2);
    fprintf(out, "  time      %s wall, %s ns per %s", wall, per_op, r->work.op_noun);
    if (r->work.roles[0] && t->wall_ns) {
        char rate[32];
        format_count(rate, sizeof rate,
                     (int64_t)((double)result_ops(r) * 1e9 / (double)t->wall_ns));
        fprintf(out, " (%s %ss a second)", rate, r->work.op_noun);
    }
    fputc('\n', out);
    print_lost_nodes(out, layout, r);
    print_trace(out, layout, r);
}

/* The trial table's cells, one row's. */
struct trial_cells {
    char number[24], observed[32], lost[40], pct[32], overlap[16], wall[32];
};

static void trial_cells(struct trial_cells *c, const struct result *r, size_t i, bool sides)
{
    const struct trial_result *t = &r->trials.kept[i];
    snprintf(c->number, sizeof c->number, "%zu", i + 1);
    format_amount(c->observed, sizeof c->observed, r->words.unit, t->observed);
    render_off(c->lost, sizeof c->lost, r, result_lost(r, t), sides);
    percent_text(c->pct, sizeof c->pct, result_lost_percent(r, t), true);
    snprintf(c->overlap, sizeof c->overlap, "%.0f%%", result_overlap_percent(t));
    format_duration(c->wall, sizeof c->wall, t->wall_ns);
}

static int widest(int w, const char *text)
{
    return (int)strlen(text) > w ? (int)strlen(text) : w;
}

/* The table's columns as wide as their widest cell; where the rows would
 * not fit the width, the overlap column goes, then the time. */
static void trial_widths(int w[8], int width, const struct result *r, size_t shown, bool sides,
                         const struct trial_cells *head)
{
    struct trial_cells c;
    w[0] = widest(7, head->number), w[1] = widest(0, head->observed);
    w[2] = widest(0, head->lost), w[3] = widest(0, head->pct);
    w[4] = widest(0, head->overlap), w[5] = widest(0, head->wall), w[6] = 0;
    for (size_t i = 0; i < shown; i++) {
        trial_cells(&c, r, i, sides);
        w[0] = widest(w[0], c.number), w[1] = widest(w[1], c.observed);
        w[2] = widest(w[2], c.lost), w[3] = widest(w[3], c.pct);
        w[4] = widest(w[4], c.overlap), w[5] = widest(w[5], c.wall);
    }
    for (unsigned k = 0; k < r->nmetrics; k++)
        if (r->metrics[k].failure) /* counts: as wide as 9 digits, grouped */
            w[6] += 2 + widest(9, r->metrics[k].label);
    int total = 2 + w[0] + 2 + w[1] + 2 + w[2] + 2 + w[3] + 2 + w[4] + 2 + w[5] + w[6];
    if (total > width) {
        total -= 2 + w[4];
        w[4] = -1; /* left out */
    }
    if (total > width)
        w[5] = -1;
}

static void print_trial_row(FILE *out, const struct result *r, const int w[8],
                            const struct trial_cells *c, size_t metric_row)
{
    fprintf(out, "  %*s  %*s  %*s  %*s", w[0], c->number, w[1], c->observed, w[2], c->lost, w[3],
            c->pct);
    if (w[4] >= 0)
        fprintf(out, "  %*s", w[4], c->overlap);
    if (w[5] >= 0)
        fprintf(out, "  %*s", w[5], c->wall);
    for (unsigned k = 0; k < r->nmetrics; k++) {
        char value[32];
        if (!r->metrics[k].failure)
            continue;
        if (metric_row == SIZE_MAX)
            snprintf(value, sizeof value, "%s", r->metrics[k].label);
        else
            format_count(value, sizeof value, result_metric(r, metric_row, k));
        fprintf(out, "  %*s", widest(9, r->metrics[k].label), value);
    }
    fputc('\n', out);
}

static void print_trial_rows(FILE *out, const struct text_layout *layout, const struct result *r,
                             bool verbose)
{
    /* --verbose lists the kept trials: every one unless the run had more
     * than RESULT_KEEP_TRIALS (JSON and CSV stream them all). */
    size_t shown =
        verbose || r->trials.nkept <= RENDER_TEXT_TRIALS ? r->trials.nkept : RENDER_TEXT_TRIALS;
    bool sides = result_shows_sides(r);
    const char *label = render_off_label(r, sides);
    struct trial_cells head = {
        .number = "trial", .observed = "observed", .overlap = "overlap", .wall = "time"};
    snprintf(head.lost, sizeof head.lost, "%s", label);
    /* "lost %", "short %"; with the sides named, the share is unsigned. */
    snprintf(head.pct, sizeof head.pct, "%.*s %%", (int)strcspn(label, " "), sides ? "off" : label);
    int w[8];
    trial_widths(w, layout->width, r, shown, sides, &head);
    print_trial_row(out, r, w, &head, SIZE_MAX);
    for (size_t i = 0; i < shown; i++) {
        struct trial_cells c = {0};
        trial_cells(&c, r, i, sides);
        print_trial_row(out, r, w, &c, i);
    }
    if (shown < r->trials.count) {
        char total[32], kept[32], all_kept[32];
        format_count(total, sizeof total, (int64_t)r->trials.count);
        format_count(kept, sizeof kept, (int64_t)shown);
        format_count(all_kept, sizeof all_kept, (int64_t)r->trials.nkept);
        if (shown < r->trials.nkept && result_all_kept(r))
            fprintf(out, "  (%s of %s trials shown; --verbose shows all)\n", kept, total);
        else if (shown < r->trials.nkept) /* --verbose cannot show more than were kept */
            fprintf(out,
                    "  (%s of %s trials shown; --verbose shows the first %s, --format json or "
                    "csv all)\n",
                    kept, total, all_kept);
        else
            fprintf(out,
                    "  (the first %s of %s trials: a run keeps no more; --format json or csv "
                    "lists all)\n",
                    kept, total);
    }
}

/* Whether a trial can be wrong with nothing lost (a failing metric). */
static bool guards_more(const struct result *r)
{
    for (unsigned k = 0; k < r->nmetrics; k++)
        if (r->metrics[k].failure)
            return true;
    return false;
}

/* format_decimal with the unit after the sign: -12.5 -> "-$12.5"; with
 * `plus`, a positive value shows its sign too: "+$12.5". */
static void decimal_amount(char *buf, size_t len, const char *unit, double value, bool plus)
{
    char digits[40];
    format_decimal(digits, sizeof digits, value < 0 ? -value : value);
    bool zero = strcmp(digits, "0.0") == 0;
    snprintf(buf, len, "%s%s%s",
             zero                ? ""
             : value < 0         ? "-"
             : plus && value > 0 ? "+"
                                 : "",
             unit ? unit : "", digits);
}

/* The shortfall over the trials: min, median, mean, max. With the sides
 * named they are observed - expected, signed, and a second line says how
 * many trials ended on each side, in the workload's words. */
static void print_off_summary(FILE *out, const struct text_layout *layout, const struct result *r,
                              const struct summary *s)
{
    bool sides = result_shows_sides(r);
    char min[40], max[40], median[64], mean[64], line[320];
    /* observed - expected is -lost: its smallest is the largest loss. */
    render_off(min, sizeof min, r, sides ? s->lost_max : s->lost_min, sides);
    render_off(max, sizeof max, r, sides ? s->lost_min : s->lost_max, sides);
    decimal_amount(median, sizeof median, r->words.unit, sides ? -s->lost_median : s->lost_median,
                   sides);
    decimal_amount(mean, sizeof mean, r->words.unit, sides ? -s->lost_mean : s->lost_mean, sides);
    /* A long run's lost counts past 65,536 distinct values may leave the
     * median to a histogram bucket: then it says so (result.h). */
    snprintf(line, sizeof line, "min %s, median %s%s%s, mean %s, max %s", min,
             s->lost_median_exact ? "" : "about ", median,
             s->lost_median_exact ? "" : " (within 0.8%)", mean, max);
    format_wrapped(out, layout, 9, render_off_label(r, sides), line);
    if (!sides || s->below + s->above == 0)
        return;
    char below[64], above[64], exact[64];
    format_counted(below, sizeof below, (int64_t)s->below, "trial");
    format_counted(above, sizeof above, (int64_t)s->above, "trial");
    format_counted(exact, sizeof exact, (int64_t)(s->trials - s->below - s->above), "trial");
    snprintf(line, sizeof line, "%s (-) in %s, %s (+) in %s", render_side(r, 1), below,
             render_side(r, -1), above);
    if (s->trials > s->below + s->above)
        snprintf(line + strlen(line), sizeof line - strlen(line), ", the expected total in %s",
                 exact);
    format_wrapped(out, layout, 9, "", line);
}

/* The histogram's column: what each row's number is. */
static void histogram_heading(char *buf, size_t len, const struct result *r, bool sides)
{
    if (sides || r->words.short_label)
        snprintf(buf, len, "%s", render_off_label(r, sides));
    else /* the items that go missing: nodes, items, else updates */
        snprintf(buf, len, "lost %ss", r->words.lost_noun ? r->words.lost_noun : "update");
}

static void print_histogram(FILE *out, const struct text_layout *layout, const struct result *r,
                            const struct summary *s)
{
    enum { BAR = 40 };
    /* The bars take what the width leaves beside the label and count:
     * 40 marks at 89 columns, fewer on a narrower screen. */
    int room = layout->width - 49;
    size_t bar_max = room < 10 ? 10 : room > BAR ? BAR : (size_t)room;
    bool sides = result_shows_sides(r);
    size_t most = 1;
    for (size_t i = 0; i < s->nbuckets; i++)
        if (s->buckets[i].count > most)
            most = s->buckets[i].count;
    char what[32];
    histogram_heading(what, sizeof what, r, sides);
    fprintf(out, "  outcomes  %-25s %9s\n", what, "trials");
    for (size_t k = 0; k < s->nbuckets; k++) {
        /* Signed, the rows go from the lowest total up: the last bucket
         * lost the most. */
        const struct summary_bucket *b = &s->buckets[sides ? s->nbuckets - 1 - k : k];
        char lo[40], hi[40], label[96], count[32];
        render_off(lo, sizeof lo, r, sides ? b->hi : b->lo, sides);
        render_off(hi, sizeof hi, r, sides ? b->lo : b->hi, sides);
        if (b->lo == b->hi)
            snprintf(label, sizeof label, "%s%s", lo,
                     b->lo != 0       ? ""
                     : sides          ? " (the expected total)"
                     : guards_more(r) ? " (none lost)"
                                      : " (correct)");
        else
            snprintf(label, sizeof label, "%s to %s", lo, hi);
        format_count(count, sizeof count, (int64_t)b->count);
        /* Any trial at all gets at least one mark, so rare outcomes show. */
        size_t marks = b->count ? (b->count * bar_max + most - 1) / most : 0;
        char bar[BAR + 1];
        memset(bar, '#', marks);
        bar[marks] = '\0';
        fprintf(out, "            %-25s %9s%s%s\n", label, count, marks ? "  " : "", bar);
    }
    if (sides && s->below + s->above > 0)
        fprintf(out, "            (-: %s, +: %s)\n", render_side(r, 1), render_side(r, -1));
}

/* NO RACE SEEN over trials: every total right, nothing promised it. */
static void print_no_race_seen_trials(FILE *out, const struct text_layout *layout,
                                      const struct result *r, const char *trials)
{
    char text[400];
    snprintf(text, sizeof text,
             "NO RACE SEEN in %s trials: every total was right, but --sync %s does not keep %s "
             "apart; more --trials, or --window 100, give the race more chances",
             trials, r->strategy.name, r->processes ? "processes" : "threads");
    format_verdict(out, layout, text);
}

static void render_trials(FILE *out, const struct text_layout *layout, const struct result *r,
                          const struct summary *s, bool verbose)
{
    char expected[32], trials[32], raced[32], wall[32], elapsed[32];
    format_amount(expected, sizeof expected, r->words.unit, (int64_t)r->work.expected);
    format_count(trials, sizeof trials, (int64_t)s->trials);
    format_count(raced, sizeof raced, (int64_t)s->raced);
    format_duration(wall, sizeof wall, s->wall_median_ns);
    format_duration(elapsed, sizeof elapsed, r->run.elapsed_ns);

    print_header(out, layout, r, true);
    fprintf(out, "  expected  %s per trial\n\n", expected);
    if (s->trials == 0) {
        fprintf(out, "  trials    none completed in %s%s\n\n  verdict   none: no trial completed\n",
                elapsed, r->run.interrupted ? " (interrupted)" : "");
        return;
    }
    print_trial_rows(out, layout, r, verbose);
    fputc('\n', out);
    fprintf(out, "  trials    %s in %s%s\n", trials, elapsed,
            r->run.interrupted ? " (interrupted: these are the trials completed before it)" : "");
    print_reruns(out, layout, r, false);
    char of_trials[48];
    format_counted(of_trials, sizeof of_trials, (int64_t)s->trials, "trial");
    enum format_color c = s->raced ? FORMAT_RED : FORMAT_GREEN;
    fprintf(out, "  raced     %s%s%s of %s (%.2f%%)\n", format_sgr(layout, c), raced,
            format_sgr_end(layout, c), of_trials,
            s->trials ? 100.0 * (double)s->raced / (double)s->trials : 0.0);
    print_off_summary(out, layout, r, s);
    if (r->workers.lost_counted && r->threads > 1)
        print_thread_lost(out, layout, r);
    if (r->nmetrics)
        print_metrics(out, layout, r, s->metric, true);
    print_exclusion(out, layout, r, s->violations, s->trials_with_violations, s->trials);
    print_work(out, layout, r, s->fair_median_pct);
    char per_op[48];
    format_decimals(per_op, sizeof per_op, s->ns_per_op_median, 2);
    if (s->wall_median_exact)
        fprintf(out, "  time      median %s per trial, %s ns per %s\n", wall, per_op,
                r->work.op_noun);
    else /* more trials than are kept: the median of a histogram of times */
        fprintf(out,
                "  time      median about %s per trial, %s ns per %s (within 0.8%%: from a "
                "histogram)\n",
                wall, per_op, r->work.op_noun);
    fputc('\n', out);
    print_histogram(out, layout, r, s);
    fputc('\n', out);
    enum verdict v = result_verdict(r);
    char line[128];
    if (v == VERDICT_CORRECT) {
        snprintf(line, sizeof line, "CORRECT in all %s trials", trials);
        format_verdict(out, layout, line);
    } else if (v == VERDICT_NO_RACE_SEEN)
        print_no_race_seen_trials(out, layout, r, trials);
    else {
        snprintf(line, sizeof line, "RACE in %s of %s trials;", raced, trials);
        format_verdict(out, layout, line);
        print_reasons(out, layout, r, s->lost_min != 0 || s->lost_max != 0, s->metric);
    }
    print_lost_nodes(out, layout, r);
    print_trace(out, layout, r);
}

/* Each thread's state when the watchdog stopped a workload with roles
 * (prodcons): asleep, finished, or awake and waiting. */
static void print_role_states(FILE *out, const struct result *r)
{
    for (unsigned i = 0; i < r->threads; i++) {
        char name[48], done[32], all[32];
        thread_name(name, sizeof name, r, i);
        format_count(done, sizeof done, (int64_t)r->stall.done[i]);
        format_count(all, sizeof all, (int64_t)r->stall.total[i]);
        const char *state = r->stall.asleep[i]                      ? "asleep"
                            : r->stall.done[i] >= r->stall.total[i] ? "finished"
                                                                    : "awake, waiting";
        if (i < r->work.role_split)
            fprintf(out, "            %s: %s, after %s %s of %s %ss\n", name, state,
                    r->words.role_doing[0], done, all, r->work.op_noun);
        else
            fprintf(out, "            %s: %s, after %s %s %s%s\n", name, state,
                    r->words.role_doing[1], done, r->work.op_noun,
                    r->stall.done[i] == 1 ? "" : "s");
    }
}

/* Each worker's state when the watchdog stopped a run without roles. */
static void print_thread_states(FILE *out, const struct result *r, bool explain_wait)
{
    unsigned waiting = 0, finished = 0;
    const char *worker = r->processes ? "process" : "thread";
    for (unsigned i = 0; i < r->threads; i++) {
        char done[32], total[64], name[48];
        result_worker_name(name, sizeof name, r, i);
        format_count(done, sizeof done, (int64_t)r->stall.done[i]);
        format_counted(total, sizeof total, (int64_t)r->stall.total[i], r->work.op_noun);
        if (r->stall.done[i] >= r->stall.total[i]) {
            finished++;
            fprintf(out, "            %s: finished all %s\n", name, total);
        } else {
            waiting++;
            fprintf(out, "            %s: waiting to enter, after %s of %s\n", name, done, total);
        }
    }
    for (unsigned i = r->threads; i < r->threads + r->work.helpers; i++) {
        char done[64];
        format_counted(done, sizeof done, (int64_t)r->stall.done[i], r->work.helper_work);
        fprintf(out, "            the %s: %s done by then\n", r->work.helper_role, done);
    }
    if (!explain_wait)
        return;
    char waiters[32];
    format_noun(waiters, sizeof waiters, waiting, worker);
    if (finished > 0 && waiting > 0)
        fprintf(out, "            the waiting %s wait%s for a %s that has finished\n", waiters,
                waiting == 1 ? "s" : "", worker);
    else if (waiting > 1)
        fprintf(out, "            deadlock: every %s waits for another to go first\n", worker);
}

/* Updates (or, with roles, takes) done by all threads when it stalled. */
static uint64_t stuck_moved(const struct result *r)
{
    uint64_t moved = 0;
    for (unsigned i = r->work.roles[0] ? r->work.role_split : 0; i < r->threads; i++)
        moved += r->stall.done[i];
    return moved;
}

/* Every unfinished thread of a workload that sleeps (prodcons) is asleep,
 * and nobody is left to wake them. */
static void print_deadlock(FILE *out, const struct text_layout *layout, const struct result *r)
{
    char moved[32], total[32], text[512], why[256] = "", before[96];
    uint64_t taken = stuck_moved(r), sleepers = 0;
    for (unsigned i = 0; i < r->threads; i++)
        sleepers += r->stall.asleep[i];
    format_count(moved, sizeof moved, (int64_t)taken);
    format_count(total, sizeof total, (int64_t)r->work.expected);
    if (r->words.deadlock_why)
        snprintf(why, sizeof why, ": %s", r->words.deadlock_why);
    snprintf(text, sizeof text,
             "DEADLOCK: %s%s asleep after %s %s%s of %s %ss; nobody is left to wake them%s.",
             render_raced_before_stall(before, sizeof before, r, ": "),
             sleepers == r->threads ? "every thread" : "every unfinished thread", moved,
             r->words.role_verb[1], taken == 1 ? "" : "s", total, r->work.op_noun, why);
    format_verdict(out, layout, text);
    print_role_states(out, r);
}

/* Each worker's state when a stopped worker process ended the run: the
 * stopped one, the finished ones, and the others, killed unfinished. */
static void print_stopped_states(FILE *out, const struct result *r)
{
    for (unsigned i = 0; i < r->threads + r->work.helpers; i++) {
        char name[64], done[32], total[64], counts[128] = "";
        if (i >= r->threads)
            snprintf(name, sizeof name, "the %s", r->work.helper_role);
        else if (r->work.roles[0])
            thread_name(name, sizeof name, r, i);
        else
            result_worker_name(name, sizeof name, r, i);
        bool finished = i < r->threads && r->stall.done[i] >= r->stall.total[i];
        format_count(done, sizeof done, (int64_t)r->stall.done[i]);
        format_counted(total, sizeof total, (int64_t)r->stall.total[i], r->work.op_noun);
        if (i < r->threads && (!r->stall.uncounted || finished))
            snprintf(counts, sizeof counts, ", after %s of %s", done, total);
        const char *state = i + 1 == r->stall.stopped ? "stopped"
                            : finished                ? "finished"
                                                      : "unfinished, killed";
        fprintf(out, "            %s: %s%s\n", name, state, counts);
    }
}

/* No progress although the strategy guarantees it: the workload found
 * its shared state corrupted by the race, or the machine is too busy. */
static void print_stalled(FILE *out, const struct text_layout *layout, const struct result *r)
{
    char after[32], moved[64], text[800], before[96];
    uint64_t n = stuck_moved(r);
    render_raced_before_stall(before, sizeof before, r, ": ");
    format_duration(after, sizeof after, r->stall.after_ns);
    format_count(moved, sizeof moved, (int64_t)n);
    snprintf(moved + strlen(moved), sizeof moved - strlen(moved), " %s%s %s", r->work.op_noun,
             n == 1 ? "" : "s", r->work.roles[0] ? r->words.role_done[1] : "done");
    const char *workers = r->processes ? "processes" : "threads";
    if (r->stall.stopped) {
        snprintf(text, sizeof text,
                 "STALLED: %s%s, so the run was ended and every process killed (a stopped "
                 "process is not the strategy's failure, nor the machine's).",
                 before, r->stall.why);
        format_verdict(out, layout, text);
        print_stopped_states(out, r);
        return;
    }
    if (r->stall.why[0])
        snprintf(text, sizeof text,
                 "STALLED: %snothing moved for %s (%s by then): %s. The watchdog stopped the run.",
                 before, after, moved, r->stall.why);
    else if (r->strategy.can_stall) /* its rule can stall, but did not stall these threads */
        snprintf(text, sizeof text,
                 "STALLED: %snothing moved for %s (%s by then); %s can stall by its own rule, "
                 "but not with its %s where they were (below): the machine may be overloaded "
                 "(more %s than CPUs, or other programs running); a larger --timeout gives the "
                 "%s longer. The watchdog stopped the run.",
                 before, after, moved, r->strategy.name, workers, workers, workers);
    else
        snprintf(text, sizeof text,
                 "STALLED: %snothing moved for %s (%s by then), although %s cannot deadlock: "
                 "the machine may be overloaded (more %s than CPUs, or other programs "
                 "running); a larger --timeout gives the %s longer. The watchdog stopped the run.",
                 before, after, moved, r->strategy.name, workers, workers);
    format_verdict(out, layout, text);
    if (r->work.roles[0])
        print_role_states(out, r);
    else
        print_thread_states(out, r, false);
}

/* What the watchdog saw when it stopped a stalled run. */
static void print_stuck(FILE *out, const struct text_layout *layout, const struct result *r)
{
    char after[32];
    switch (result_verdict(r)) {
    case VERDICT_DEADLOCK:
        print_deadlock(out, layout, r);
        return;
    case VERDICT_STALLED:
        print_stalled(out, layout, r);
        return;
    default:
        break;
    }
    char text[256], before[96];
    format_duration(after, sizeof after, r->stall.after_ns);
    snprintf(text, sizeof text,
             "STUCK: %sno %s made progress for %s; the watchdog stopped the run.",
             render_raced_before_stall(before, sizeof before, r, ": "),
             r->processes ? "process" : "thread", after);
    format_verdict(out, layout, text);
    if (r->work.roles[0])
        print_role_states(out, r);
    else
        print_thread_states(out, r, true);
}

/* --budget ran out: where the run stopped, and (a trial cut short) what
 * its threads had done, which is what its expected total counts. */
static void print_budget(FILE *out, const struct text_layout *layout, const struct result *r)
{
    if (!r->run.budget_stopped)
        return;
    char text[512], per[32], least[32], most[32], all[32];
    uint64_t budget = r->run.budget_ns / 1000000000u;
    if (!r->run.budget_cut) {
        snprintf(text, sizeof text, "stopped at the %" PRIu64 " s budget after %zu trial%s", budget,
                 r->trials.count, r->trials.count == 1 ? "" : "s");
        format_wrapped(out, layout, 9, "budget", text);
        return;
    }
    uint64_t lo = UINT64_MAX, hi = 0;
    for (unsigned i = 0; i < r->threads; i++) {
        lo = r->run.cut_done[i] < lo ? r->run.cut_done[i] : lo;
        hi = r->run.cut_done[i] > hi ? r->run.cut_done[i] : hi;
    }
    format_count(per, sizeof per, (int64_t)r->work.per_thread);
    format_count(least, sizeof least, (int64_t)lo);
    format_count(most, sizeof most, (int64_t)hi);
    format_count(all, sizeof all, (int64_t)r->run.cut_ops);
    if (lo == hi)
        snprintf(text, sizeof text, "stopped at the %" PRIu64 " s budget after %s of %s %ss per %s",
                 budget, most, per, r->work.op_noun, r->processes ? "process" : "thread");
    else
        snprintf(text, sizeof text,
                 "stopped at the %" PRIu64 " s budget after %s to %s of %s %ss per %s", budget,
                 least, most, per, r->work.op_noun, r->processes ? "process" : "thread");
    snprintf(text + strlen(text), sizeof text - strlen(text),
             " (%s in all); expected is what they did", all);
    format_wrapped(out, layout, 9, "budget", text);
}

void render_text(FILE *out, const struct text_layout *layout, const struct result *r,
                 const struct summary *s, bool verbose)
{
    if (r->stall.stuck) {
        print_header(out, layout, r, false);
        if (r->trials.count > 0) {
            /* The completed trials are results too: every format has them. */
            char n[32];
            fputc('\n', out);
            print_trial_rows(out, layout, r, verbose);
            format_count(n, sizeof n, (int64_t)r->trials.count);
            fprintf(out, "\n  trials    %s completed before the one that stalled\n", n);
        }
        /* Trials run again before the stall are part of the run too. */
        print_reruns(out, layout, r, false);
        fputc('\n', out);
        print_stuck(out, layout, r);
        return;
    }
    if (r->trials.count == 1 && !r->run.interrupted)
        render_single(out, layout, r);
    else
        render_trials(out, layout, r, s, verbose);
    print_budget(out, layout, r);
}
