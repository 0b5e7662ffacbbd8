/* render_text.c: the report a class reads off the projector. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "render.h"

#define WINDOW_YIELD_VALUE UINT64_MAX /* workload.h's WINDOW_YIELD */

/* Options whose value 0 means "not given" (so they are left out). */
static bool unset(const struct opt *o, const void *base)
{
    const void *p = (const char *)base + o->offset;
    if (o->kind == OPT_TEXT)
        return *(const char *const *)p == NULL;
    return ((o->kind == OPT_COUNT && o->def_text) || o->kind == OPT_CPUS) &&
           *(const uint64_t *)p == 0;
}

static void print_settings(FILE *out, const struct opt_set *sets, size_t nsets, bool with_sync);

void render_command(FILE *out, const struct result *r)
{
    render_command_line(out, r->workload, r->settings, 2);
}

void render_command_line(FILE *out, const char *workload, const struct opt_set *sets, size_t nsets)
{
    fprintf(out, "racedemo %s", workload);
    print_settings(out, sets, nsets, true);
}

void render_command_except_sync(FILE *out, const struct result *r)
{
    fprintf(out, "%s", r->workload);
    print_settings(out, r->settings, 2, false);
}

static void print_settings(FILE *out, const struct opt_set *sets, size_t nsets, bool with_sync)
{
    for (size_t k = 0; k < nsets; k++) {
        const struct opt_set *set = &sets[k];
        for (const struct opt *o = set->opts; o && o->name; o++) {
            char value[200]; /* a --cpus list of all 64 CPUs takes 181 */
            if (o->output_only || unset(o, set->base) || (!with_sync && o->kind == OPT_SYNC) ||
                options_skipped(set, o))
                continue;
            options_value_text(o, set->base, value, sizeof value);
            if (o->kind == OPT_TEXT) {
                /* Whole: a --schedule of letters runs to thousands. */
                fprintf(out, " --%s %s", o->name,
                        *(const char *const *)((const char *)set->base + o->offset));
            } else if (o->kind == OPT_FLAG) {
                if (strcmp(value, "true") == 0)
                    fprintf(out, " --%s", o->name);
            } else {
                fprintf(out, " --%s %s", o->name, value);
            }
        }
    }
}

/* Where each worker ran; helpers (the auditor) last, by name. */
static void print_cpus(FILE *out, const struct engine_report *run, unsigned helpers,
                       const char *role, bool processes)
{
    fprintf(out, "  cpus      ");
    for (unsigned i = 0; i < run->nthreads; i++) {
        const char *sep = i == 0 ? "" : i + helpers == run->nthreads ? " and " : ", ";
        fprintf(out, "%s%s%s", sep, helpers && i + helpers >= run->nthreads ? role : "",
                helpers && i + helpers >= run->nthreads ? " " : "");
        if (run->cpu[i] < 0)
            fprintf(out, "?");
        else
            fprintf(out, "%d", run->cpu[i]);
    }
    switch (run->placement) {
    case PLACEMENT_PINNED:
        if (helpers && run->nthreads > run->cpus_usable)
            fprintf(out, "  (one per CPU; the %s shares)\n", role);
        else
            fprintf(out, "  (one %s pinned to each CPU)\n", processes ? "process" : "thread");
        break;
    case PLACEMENT_NO_PIN:
        fprintf(out, "  (--no-pin: placed by the scheduler)\n");
        break;
    case PLACEMENT_TOO_FEW:
        fprintf(out, "  (%u %s share %u CPUs, placed by the scheduler)\n", run->nthreads,
                processes ? "processes" : "threads", run->cpus_usable);
        break;
    case PLACEMENT_PIN_FAILED:
        fprintf(out, "  (pinning refused by the system: placed by the scheduler)\n");
        break;
    case PLACEMENT_LIST:
        fprintf(out, "  (pinned round-robin to the --cpus list)\n");
        break;
    }
}

static void print_header(FILE *out, const struct result *r, bool per_trial)
{
    char per[32], what[256], first[64] = "";
    format_count(per, sizeof per, (int64_t)r->per_thread);
    render_command(out, r);
    fprintf(out, "\n\n");
    if (r->first_thread) {
        char n[32];
        snprintf(first, sizeof first, " (thread 0: %s times)",
                 format_count(n, sizeof n, (int64_t)r->first_thread));
    }
    unsigned makers = r->role_split, takers = r->threads - r->role_split;
    const char *worker = r->processes ? "process" : "thread";
    if (r->roles[0])
        snprintf(what, sizeof what, "%u %s%s put%s %s %ss into the buffer; %u %s%s take%s them%s",
                 makers, r->roles[0], makers == 1 ? "" : "s each", makers == 1 ? "s" : "", per,
                 r->op_noun, takers, r->roles[1], takers == 1 ? "" : "s", takers == 1 ? "s" : "",
                 per_trial ? ", in each trial" : "");
    else if (r->threads == 1)
        snprintf(what, sizeof what, "1 %s does %s, %s times%s%s", worker, r->action, per, first,
                 per_trial ? ", in each trial" : "");
    else
        snprintf(what, sizeof what, "%u %s each do %s, %s times%s%s", r->threads,
                 r->processes ? "processes" : "threads", r->action, per, first,
                 per_trial ? ", in each trial" : "");
    format_wrapped(out, 9, "what", what);
    if (r->helpers)
        format_wrapped(out, 9, r->helper_role, r->helper_about);
    if (r->scene_label && r->scene[0])
        format_wrapped(out, 9, r->scene_label, r->scene);
    if (r->processes)
        format_wrapped(out, 9, "workers",
                       "processes (fork) that share only one MAP_SHARED mapping, made before "
                       "they were forked: the data, the locks, the start gate");
    fprintf(out, "  sync      %s: %s\n", r->sync, r->sync_summary);
    const char *where = r->window_where ? r->window_where : "between each load and its store";
    char widened[256];
    if (r->window == WINDOW_YIELD_VALUE)
        snprintf(widened, sizeof widened, "widened: one sched_yield %s", where);
    else if (r->window)
        snprintf(widened, sizeof widened, "widened: %llu CPU pauses %s",
                 (unsigned long long)r->window, where);
    if (r->window)
        format_wrapped(out, 9, "window", widened);
    print_cpus(out, &r->first, r->helpers, r->helper_role, r->processes);
}

/* Wasted work and fairness: CPU time against wall time, wait-loop turns,
 * and how far behind the others were when the first thread finished. */
static void print_work(FILE *out, const struct result *r, double fair_pct)
{
    uint64_t cpu = 0, spins = 0;
    for (unsigned i = 0; i < r->threads + r->helpers; i++) {
        cpu += r->thread_cpu_ns[i];
        spins += r->thread_spins[i];
    }
    if (r->cpu_measured) {
        char cpu_text[32], wall[32], turns[64];
        format_duration(cpu_text, sizeof cpu_text, cpu);
        format_duration(wall, sizeof wall, r->work_wall_ns);
        format_count(turns, sizeof turns, (int64_t)spins);
        if (r->spins_counted)
            snprintf(turns + strlen(turns), sizeof turns - strlen(turns), " turns of wait loops");
        else
            snprintf(turns, sizeof turns, "waits inside the C library, not counted");
        fprintf(out, "  work      %s of CPU in %s of wall time (%.2f CPUs busy); %s\n", cpu_text,
                wall, r->work_wall_ns ? (double)cpu / (double)r->work_wall_ns : 0.0, turns);
    }
    if (fair_pct >= 0)
        fprintf(out,
                "  fairness  when the first thread finished, the furthest behind had done "
                "%.1f%% of its updates%s\n",
                fair_pct, r->ntrials > 1 ? " (median of the trials)" : "");
}

/* What the violation detector saw, over `trials` trials. */
static void print_exclusion(FILE *out, const struct result *r, uint64_t violations,
                            size_t broken_trials, size_t trials)
{
    char count[32], broken[32], all[32];
    if (!r->detected) {
        fprintf(out, "  exclusion %s\n", r->undetected_why ? r->undetected_why : "not checked");
        return;
    }
    format_count(count, sizeof count, (int64_t)violations);
    format_count(broken, sizeof broken, (int64_t)broken_trials);
    format_count(all, sizeof all, (int64_t)trials);
    if (violations == 0)
        fprintf(out,
                "  exclusion held: no thread ever found another inside the critical section\n");
    else if (trials == 1)
        fprintf(out,
                "  exclusion broken %s times: a thread found another inside the critical "
                "section\n",
                count);
    else
        fprintf(out,
                "  exclusion broken in %s of %s trials (%s times a thread found another "
                "inside)\n",
                broken, all, count);
}

/* The workload's own numbers: one trial's, or (with `all`) their totals
 * over every trial. Amounts say how far off the expected total they are. */
static void print_metrics(FILE *out, const struct result *r, const int64_t *values, bool all)
{
    bool many = all && r->ntrials > 1;
    for (unsigned k = 0; k < r->nmetrics; k++) {
        const struct result_metric *m = &r->metrics[k];
        char value[32], off[32], trials[32], line[256];
        format_amount(value, sizeof value, m->amount ? r->unit : NULL, values[k]);
        if (m->yes && many && values[k] != 0)
            snprintf(line, sizeof line, "%s, in %s of %s trials", m->yes, value,
                     format_count(trials, sizeof trials, (int64_t)r->ntrials));
        else if (m->yes)
            snprintf(line, sizeof line, "%s", values[k] ? m->yes : m->no);
        else if (m->amount && values[k] == (int64_t)r->expected)
            snprintf(line, sizeof line, "%s: the expected total", value);
        else if (m->amount)
            snprintf(line, sizeof line, "%s: off by %s%s", value,
                     values[k] > (int64_t)r->expected ? "+" : "",
                     format_amount(off, sizeof off, r->unit, values[k] - (int64_t)r->expected));
        else
            snprintf(line, sizeof line, "%s %s", value, m->meaning);
        if (many && !m->yes && m->total == METRIC_SUM)
            snprintf(line + strlen(line), sizeof line - strlen(line), ", in all trials");
        else if (many && !m->yes)
            snprintf(line + strlen(line), sizeof line - strlen(line), " (%s of all trials)",
                     m->total == METRIC_MIN ? "lowest" : "highest");
        format_wrapped(out, 9, m->label, line);
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

/* "producer 1" for a workload with roles, else "thread 1". */
static void thread_name(char *buf, size_t len, const struct result *r, unsigned i)
{
    if (!r->roles[0])
        snprintf(buf, len, "thread %u", i);
    else if (i < r->role_split)
        snprintf(buf, len, "%s %u", r->roles[0], i);
    else
        snprintf(buf, len, "%s %u", r->roles[1], i - r->role_split);
}

/* Items lost by each thread ("A 1,234, B 56"). */
static void print_thread_lost(FILE *out, const struct result *r)
{
    char line[1024] = "";
    size_t used = 0;
    unsigned n = r->roles[0] ? r->role_split : r->threads;
    for (unsigned i = 0; i < n && used < sizeof line; i++) {
        char name[48], count[32];
        if (r->roles[0]) {
            char role[40];
            thread_name(role, sizeof role, r, i);
            snprintf(name, sizeof name, "%s:", role);
        } else {
            node_name(name, sizeof name, i, 0);
            name[strlen(name) - 1] = '\0'; /* the letter alone */
        }
        format_count(count, sizeof count, (int64_t)r->thread_lost[i]);
        int n = snprintf(line + used, sizeof line - used, "%s%s %s", i ? ", " : "", name, count);
        used += n > 0 ? (size_t)n : 0;
    }
    if (used < sizeof line && r->ntrials > 1)
        snprintf(line + used, sizeof line - used, ", in all trials");
    format_wrapped(out, 9, r->roles[0] ? "from" : "by thread", line);
}

/* Where the list broke (--show): each lost node whose predecessor is
 * still in the list, and the node that took its place. */
static void print_lost_nodes(FILE *out, const struct result *r)
{
    if (r->show == 0)
        return;
    fputc('\n', out);
    if (r->nlost_nodes == 0) {
        fprintf(out, "  broken    nowhere: no node was lost\n");
        return;
    }
    char breaks[32], line[256];
    format_count(breaks, sizeof breaks, (int64_t)r->lost_breaks);
    snprintf(line, sizeof line,
             "the list broke in %s place%s%s; the first %zu (--show %zu), each node lost with "
             "every node linked after it:",
             breaks, r->lost_breaks == 1 ? "" : "s",
             r->ntrials > 1 ? " in the first trial that lost nodes" : "", r->nlost_nodes, r->show);
    format_wrapped(out, 9, "broken", line);
    for (size_t i = 0; i < r->nlost_nodes; i++) {
        const struct result_lost_node *l = &r->lost_nodes[i];
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

/* --trace: the recorded steps around the first lost update. */
static void print_trace(FILE *out, const struct result *r)
{
    if (r->trace_recorded == 0)
        return;
    char steps[32], line[256];
    format_count(steps, sizeof steps, (int64_t)r->trace_recorded);
    fputc('\n', out);
    if (!r->trace_found) {
        snprintf(line, sizeof line, "no lost update among the %s updates recorded%s", steps,
                 r->ntrials > 1 ? " in the first trial" : "");
        format_wrapped(out, 9, "trace", line);
    } else {
        snprintf(line, sizeof line,
                 "the first lost update among the %s updates recorded%s, in the order of "
                 "the clock reads around each step:",
                 steps, r->ntrials > 1 ? " in the first trial" : "");
        format_wrapped(out, 9, "trace", line);
        for (size_t i = 0; i < r->ntrace; i++) {
            const struct result_trace_event *e = &r->trace[i];
            char when[32];
            format_duration(when, sizeof when, e->t_ns);
            fprintf(out, "            %12s  %c  %-5s N = %llu%s\n", when, 'A' + e->thread,
                    e->store ? "store" : "load", (unsigned long long)e->value,
                    e->lost ? "   <- writes over the other's store: an update lost" : "");
        }
    }
    snprintf(line, sizeof line,
             "recording cost %.1f ns per update (%.2f ns without): two clock reads each",
             r->trace_ns, r->untraced_ns);
    format_wrapped(out, 9, "", line);
}

/* The reasons a trial (or some trials) went wrong: lost updates, and each
 * failing metric with its count. */
static void print_reasons(FILE *out, const struct result *r, bool lost, const int64_t *values)
{
    if (lost)
        format_wrapped(out, 9, "", r->race_reason);
    for (unsigned k = 0; k < r->nmetrics; k++) {
        const struct result_metric *m = &r->metrics[k];
        char count[32], text[320];
        if (!m->failure || values[k] == 0)
            continue;
        if (m->yes && r->ntrials <= 1)
            snprintf(text, sizeof text, "%s", m->failure);
        else
            snprintf(text, sizeof text, "%s %s: %s", format_count(count, sizeof count, values[k]),
                     m->meaning, m->failure);
        format_wrapped(out, 9, "", text);
    }
}

/* The report of a single trial: every number spelled out. */
static void render_single(FILE *out, const struct result *r)
{
    const struct trial_result *t = &r->trials[0];
    const char *item = r->item_noun ? r->item_noun : r->op_noun;
    char expected[32], observed[32], lost[32], wall[32];
    int64_t lost_n = result_lost(r, t);
    format_amount(expected, sizeof expected, r->unit, (int64_t)r->expected);
    format_amount(observed, sizeof observed, r->unit, t->observed);
    format_amount(lost, sizeof lost, r->unit, lost_n);
    format_duration(wall, sizeof wall, t->wall_ns);
    int width = (int)strlen(expected);
    if ((int)strlen(observed) > width)
        width = (int)strlen(observed);

    print_header(out, r, false);
    if (r->threads > 1) {
        char overlap[32];
        format_duration(overlap, sizeof overlap, t->overlap_ns);
        fprintf(out, "  overlap   %s with all %u %s working (%.0f%% of the run)\n", overlap,
                r->threads + r->helpers, r->processes ? "processes" : "threads",
                result_overlap_percent(t));
    }
    fputc('\n', out);
    fprintf(out, "  expected  %*s\n", width, expected);
    fprintf(out, "  observed  %*s\n", width, observed);
    fprintf(out, "  lost      %*s  (%.2f%% of expected)\n", width, lost, result_lost_percent(r, t));
    if (r->thread_lost_counted && r->threads > 1)
        print_thread_lost(out, r);
    if (r->nmetrics)
        print_metrics(out, r, &r->metric_values[0], false);
    print_exclusion(out, r, t->violations, t->violations ? 1 : 0, 1);
    print_work(out, r, t->fair_least_pct);
    fputc('\n', out);
    if (result_correct(r, t) && r->unit)
        fprintf(out, "  verdict   CORRECT: all %s is there, and no audit saw another total\n",
                expected);
    else if (result_correct(r, t))
        fprintf(out, "  verdict   CORRECT: all %s %ss arrived\n", expected, item);
    else if (lost_n > 0 && r->unit)
        fprintf(out, "  verdict   RACE: %s of the %s vanished;\n", lost, expected);
    else if (lost_n > 0)
        fprintf(out, "  verdict   RACE: %s of %s %ss were lost;\n", lost, expected, item);
    else if (lost_n < 0)
        fprintf(out, "  verdict   RACE: the total is %s more than expected;\n", lost + 1);
    else
        fprintf(out, "  verdict   RACE: the final total is right, but\n");
    if (!result_correct(r, t))
        print_reasons(out, r, lost_n != 0, r->nmetrics ? &r->metric_values[0] : NULL);
    fprintf(out, "  time      %s wall, %.2f ns per %s", wall, result_ns_per_op(r, t->wall_ns),
            r->op_noun);
    if (r->roles[0] && t->wall_ns) {
        char rate[32];
        format_count(rate, sizeof rate,
                     (int64_t)((double)result_ops(r) * 1e9 / (double)t->wall_ns));
        fprintf(out, " (%s %ss a second)", rate, r->op_noun);
    }
    fputc('\n', out);
    print_lost_nodes(out, r);
    print_trace(out, r);
}

static void print_trial_rows(FILE *out, const struct result *r, bool verbose)
{
    size_t shown = verbose || r->ntrials <= RENDER_TEXT_TRIALS ? r->ntrials : RENDER_TEXT_TRIALS;
    fprintf(out, "  %7s  %13s  %13s  %8s  %8s  %12s", "trial", "observed", "lost", "lost %",
            "overlap", "time");
    for (unsigned k = 0; k < r->nmetrics; k++)
        if (r->metrics[k].failure)
            fprintf(out, "  %9s", r->metrics[k].label);
    fputc('\n', out);
    for (size_t i = 0; i < shown; i++) {
        const struct trial_result *t = &r->trials[i];
        char observed[32], lost[32], wall[32];
        format_amount(observed, sizeof observed, r->unit, t->observed);
        format_amount(lost, sizeof lost, r->unit, result_lost(r, t));
        format_duration(wall, sizeof wall, t->wall_ns);
        fprintf(out, "  %7zu  %13s  %13s  %7.2f%%  %7.0f%%  %12s", i + 1, observed, lost,
                result_lost_percent(r, t), result_overlap_percent(t), wall);
        for (unsigned k = 0; k < r->nmetrics; k++) {
            char value[32];
            if (r->metrics[k].failure)
                fprintf(out, "  %9s", format_count(value, sizeof value, result_metric(r, i, k)));
        }
        fputc('\n', out);
    }
    if (shown < r->ntrials) {
        char total[32];
        format_count(total, sizeof total, (int64_t)r->ntrials);
        fprintf(out, "  (%zu of %s trials shown; --verbose shows all)\n", shown, total);
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

/* format_decimal with the unit after the sign: -12.5 -> "-$12.5". */
static void decimal_amount(char *buf, size_t len, const char *unit, double value)
{
    char digits[40];
    format_decimal(digits, sizeof digits, value < 0 ? -value : value);
    snprintf(buf, len, "%s%s%s", value < 0 ? "-" : "", unit ? unit : "", digits);
}

static void print_histogram(FILE *out, const struct result *r, const struct summary *s)
{
    enum { BAR = 40 };
    size_t most = 1;
    for (size_t i = 0; i < s->nbuckets; i++)
        if (s->buckets[i].count > most)
            most = s->buckets[i].count;
    char what[32];
    snprintf(what, sizeof what, "lost %ss", r->item_noun ? r->item_noun : "update");
    fprintf(out, "  outcomes  %-25s %9s\n", r->unit ? "lost" : what, "trials");
    for (size_t i = 0; i < s->nbuckets; i++) {
        const struct summary_bucket *b = &s->buckets[i];
        char lo[32], hi[32], label[72], count[32];
        format_amount(lo, sizeof lo, r->unit, b->lo);
        format_amount(hi, sizeof hi, r->unit, b->hi);
        if (b->lo == b->hi)
            snprintf(label, sizeof label, "%s%s", lo,
                     b->lo != 0       ? ""
                     : guards_more(r) ? " (none lost)"
                                      : " (correct)");
        else
            snprintf(label, sizeof label, "%s to %s", lo, hi);
        format_count(count, sizeof count, (int64_t)b->count);
        /* Any trial at all gets at least one mark, so rare outcomes show. */
        size_t marks = b->count ? (b->count * BAR + most - 1) / most : 0;
        char bar[BAR + 1];
        memset(bar, '#', marks);
        bar[marks] = '\0';
        fprintf(out, "            %-25s %9s%s%s\n", label, count, marks ? "  " : "", bar);
    }
}

static void render_trials(FILE *out, const struct result *r, const struct summary *s, bool verbose)
{
    char expected[32], trials[32], raced[32], min[32], max[32], wall[32], elapsed[32];
    char median[64], mean[64];
    format_amount(expected, sizeof expected, r->unit, (int64_t)r->expected);
    format_count(trials, sizeof trials, (int64_t)s->trials);
    format_count(raced, sizeof raced, (int64_t)s->raced);
    format_amount(min, sizeof min, r->unit, s->lost_min);
    format_amount(max, sizeof max, r->unit, s->lost_max);
    format_duration(wall, sizeof wall, s->wall_median_ns);
    format_duration(elapsed, sizeof elapsed, r->elapsed_ns);

    print_header(out, r, true);
    fprintf(out, "  expected  %s per trial\n\n", expected);
    if (s->trials == 0) {
        fprintf(out, "  trials    none completed in %s%s\n\n  verdict   none: no trial completed\n",
                elapsed, r->interrupted ? " (interrupted)" : "");
        return;
    }
    print_trial_rows(out, r, verbose);
    fputc('\n', out);
    fprintf(out, "  trials    %s in %s%s%s\n", trials, elapsed,
            r->interrupted ? " (interrupted: these are the trials completed before it)" : "",
            r->capped ? " (stopped at the trial cap)" : "");
    fprintf(out, "  raced     %s of %s trials (%.2f%%)\n", raced, trials,
            s->trials ? 100.0 * (double)s->raced / (double)s->trials : 0.0);
    decimal_amount(median, sizeof median, r->unit, s->lost_median);
    decimal_amount(mean, sizeof mean, r->unit, s->lost_mean);
    fprintf(out, "  lost      min %s, median %s, mean %s, max %s\n", min, median, mean, max);
    if (r->thread_lost_counted && r->threads > 1)
        print_thread_lost(out, r);
    if (r->nmetrics)
        print_metrics(out, r, s->metric, true);
    print_exclusion(out, r, s->violations, s->trials_with_violations, s->trials);
    print_work(out, r, s->fair_median_pct);
    fprintf(out, "  time      median %s per trial, %.2f ns per %s\n", wall, s->ns_per_op_median,
            r->op_noun);
    fputc('\n', out);
    print_histogram(out, r, s);
    fputc('\n', out);
    if (s->trials == 0)
        fprintf(out, "  verdict   none: no trial completed\n");
    else if (s->raced == 0)
        fprintf(out, "  verdict   CORRECT in all %s trials\n", trials);
    else {
        fprintf(out, "  verdict   RACE in %s of %s trials;\n", raced, trials);
        print_reasons(out, r, s->lost_min != 0 || s->lost_max != 0, s->metric);
    }
    print_lost_nodes(out, r);
    print_trace(out, r);
}

/* A workload whose threads sleep (prodcons) stalled: who slept, who was
 * still trying, and what had moved. */
static void print_deadlock(FILE *out, const struct result *r)
{
    char after[32], moved[32], total[32];
    uint64_t taken = 0, sleepers = 0;
    for (unsigned i = r->role_split; i < r->threads; i++)
        taken += r->stuck_done[i];
    for (unsigned i = 0; i < r->threads; i++)
        sleepers += r->stuck_asleep[i];
    format_duration(after, sizeof after, r->stuck_after_ns);
    format_count(moved, sizeof moved, (int64_t)taken);
    format_count(total, sizeof total, (int64_t)r->expected);
    char text[400];
    if (r->stuck_all_asleep)
        snprintf(text, sizeof text,
                 "DEADLOCK: %s asleep after %s take%s of %s %ss; nobody is left to wake them: a "
                 "wakeup came before its thread slept and was lost (or count went wrong and "
                 "sent them to sleep)",
                 sleepers == r->threads ? "every thread" : "every unfinished thread", moved,
                 taken == 1 ? "" : "s", total, r->op_noun);
    else
        snprintf(text, sizeof text,
                 "DEADLOCK: no %s moved for %s, after %s take%s of %s %ss; the watchdog "
                 "stopped the run",
                 r->op_noun, after, moved, taken == 1 ? "" : "s", total, r->op_noun);
    format_wrapped(out, 9, "verdict", text);
    for (unsigned i = 0; i < r->threads; i++) {
        char name[48], done[32], all[32];
        thread_name(name, sizeof name, r, i);
        format_count(done, sizeof done, (int64_t)r->stuck_done[i]);
        format_count(all, sizeof all, (int64_t)r->stuck_total[i]);
        const char *state = r->stuck_asleep[i]                      ? "asleep"
                            : r->stuck_done[i] >= r->stuck_total[i] ? "finished"
                                                                    : "awake, waiting";
        if (i < r->role_split)
            fprintf(out, "            %s: %s, after putting %s of %s %ss\n", name, state, done, all,
                    r->op_noun);
        else
            fprintf(out, "            %s: %s, after taking %s %s%s\n", name, state, done,
                    r->op_noun, r->stuck_done[i] == 1 ? "" : "s");
    }
}

/* What the watchdog saw when it stopped a stalled run. */
static void print_stuck(FILE *out, const struct result *r)
{
    char after[32];
    unsigned waiting = 0, finished = 0;
    if (r->deadlock) {
        print_deadlock(out, r);
        return;
    }
    format_duration(after, sizeof after, r->stuck_after_ns);
    fprintf(out,
            "  verdict   STUCK: no thread made progress for %s; the watchdog stopped the "
            "run\n",
            after);
    for (unsigned i = 0; i < r->threads; i++) {
        char done[32], total[32];
        format_count(done, sizeof done, (int64_t)r->stuck_done[i]);
        format_count(total, sizeof total, (int64_t)r->stuck_total[i]);
        if (r->stuck_done[i] >= r->stuck_total[i]) {
            finished++;
            fprintf(out, "            thread %u: finished all %s of its %ss\n", i, total,
                    r->op_noun);
        } else {
            waiting++;
            fprintf(out, "            thread %u: waiting to enter, after %s of %s %ss\n", i, done,
                    total, r->op_noun);
        }
    }
    for (unsigned i = r->threads; i < r->threads + r->helpers; i++) {
        char done[32];
        format_count(done, sizeof done, (int64_t)r->stuck_done[i]);
        fprintf(out, "            the %s: %s %s%s done by then\n", r->helper_role, done,
                r->helper_work, r->stuck_done[i] == 1 ? "" : "s");
    }
    if (finished > 0 && waiting > 0)
        fprintf(out, "            the waiting thread%s wait%s for a thread that has finished\n",
                waiting == 1 ? "" : "s", waiting == 1 ? "s" : "");
    else if (waiting > 1)
        fprintf(out, "            deadlock: every thread waits for another to go first\n");
}

void render_text(FILE *out, const struct result *r, const struct summary *s, bool verbose)
{
    if (r->stuck) {
        print_header(out, r, false);
        if (r->ntrials > 0) {
            char n[32];
            format_count(n, sizeof n, (int64_t)r->ntrials);
            fprintf(out, "  trials    %s completed before the one that stalled\n", n);
        }
        fputc('\n', out);
        print_stuck(out, r);
        return;
    }
    if (r->ntrials == 1 && !r->interrupted)
        render_single(out, r);
    else
        render_trials(out, r, s, verbose);
}
