/* report/json.c: the whole result as one JSON document for scripts. Field
 * names are part of racedemo's interface (README lists them); add fields,
 * never rename them, and bump RENDER_JSON_SCHEMA if a meaning changes. */
#include <inttypes.h>
#include <stdio.h>

#include "report/render.h"
#include "result/verdict.h"
#include "core/options.h"
#include "report/words.h"

#define RENDER_JSON_SCHEMA 1

#ifndef RACEDEMO_VERSION
#define RACEDEMO_VERSION "unknown"
#endif

void render_json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

/* A count the detector measured, or null when it did not run. */
static void json_count_or_null(FILE *out, bool measured, uint64_t value)
{
    if (measured)
        fprintf(out, "%" PRIu64, value);
    else
        fprintf(out, "null");
}

/* A metric's value, or null for a trial (or run) that has none. */
static void json_metric(FILE *out, const struct result_metric *m, int64_t value)
{
    if (value == METRIC_NONE)
        fprintf(out, "\"%s\": null", m->key);
    else
        fprintf(out, "\"%s\": %" PRId64, m->key, value);
}

/* What thread i is: "worker", or its role ("producer", "auditor"). */
static const char *thread_role(const struct result *r, unsigned i)
{
    if (i >= r->threads)
        return r->work.helper_role;
    if (r->work.roles[0])
        return r->work.roles[i < r->work.role_split ? 0 : 1];
    return "worker";
}

/* A node as {"thread": 1, "seq": 17}; the starting nodes have thread null. */
static void json_node(FILE *out, unsigned thread, uint64_t seq)
{
    if (thread == RESULT_SEED_THREAD)
        fprintf(out, "{\"thread\": null, \"seq\": %" PRIu64 "}", seq);
    else
        fprintf(out, "{\"thread\": %u, \"seq\": %" PRIu64 "}", thread, seq);
}

static void json_config(FILE *out, const struct result *r)
{
    fprintf(out, "  \"config\": {\n    \"workload\": ");
    render_json_string(out, r->workload);
    for (size_t k = 0; k < 2; k++) {
        const struct opt_set *set = &r->run.settings[k];
        for (const struct opt *o = set->opts; o && o->name; o++) {
            const void *p = (const char *)set->base + o->offset;
            if (options_skipped(set, o))
                continue;
            char value[200]; /* a --cpus list of all 64 CPUs takes 181 */
            fprintf(out, ",\n    ");
            render_json_string(out, o->name);
            fprintf(out, ": ");
            options_value_text(o, set->base, value, sizeof value);
            /* Not given: null. Names and text: strings. Numbers and
             * true/false as they are. */
            bool not_given = options_unset(set, o);
            bool text = o->kind == OPT_TEXT || o->kind == OPT_CHOICE || o->kind == OPT_NAMES ||
                        o->kind == OPT_CPUS || (o->word && *(const uint64_t *)p == o->word_value);
            if (not_given)
                fprintf(out, "null");
            else if (text)
                render_json_string(out, value);
            else
                fprintf(out, "%s", value);
        }
    }
    fprintf(out, "\n  },\n");
}

static const char *placement_name(enum engine_placement p)
{
    switch (p) {
    case PLACEMENT_PINNED:
        return "pinned";
    case PLACEMENT_NO_PIN:
        return "no-pin";
    case PLACEMENT_TOO_FEW:
        return "too-few-cpus";
    case PLACEMENT_PIN_FAILED:
        return "pin-refused";
    case PLACEMENT_LIST:
        return "cpus-list";
    case PLACEMENT_UNSUPPORTED:
        return "cannot-pin";
    }
    return "unknown";
}

/* The first trial's workers, each from its start to its finish (from the
 * first one's start) on its CPU; null when no trial completed. */
static void json_timeline(FILE *out, const struct result *r)
{
    const struct engine_report *first = &r->run.first;
    fprintf(out, "  \"timeline\": ");
    if (r->trials.count == 0) {
        fprintf(out, "null,\n");
        return;
    }
    fputc('[', out);
    for (unsigned i = 0; i < first->nthreads; i++) {
        fprintf(out, "%s\n    {\"thread\": %u, \"role\": ", i ? "," : "", i);
        render_json_string(out, thread_role(r, i));
        if (first->cpu[i] < 0)
            fprintf(out, ", \"cpu\": null");
        else
            fprintf(out, ", \"cpu\": %d", first->cpu[i]);
        fprintf(out, ", \"start_ns\": %" PRIu64 ", \"end_ns\": %" PRIu64 "}", first->start_ns[i],
                first->end_ns[i]);
    }
    fprintf(out, "%s],\n", first->nthreads ? "\n  " : "");
}

/* What a workload recorded again and again in the first trial (the
 * bank's audits); nothing when it records nothing. */
static void json_series(FILE *out, const struct result *r)
{
    const struct result_series *sr = &r->series;
    if (!sr->label || !sr->points)
        return;
    fprintf(out, ",\n  \"series\": {\"of\": ");
    render_json_string(out, sr->label);
    fprintf(out, ", \"value\": ");
    render_json_string(out, sr->value_label);
    fprintf(out,
            ", \"expected\": %" PRId64 ", \"taken\": %" PRIu64 ", \"every\": %" PRIu64
            ", \"points\": [",
            sr->expected, sr->taken, sr->every);
    for (size_t i = 0; i < sr->npoints; i++)
        fprintf(out, "%s[%" PRIu64 ", %" PRId64 "]", i ? ", " : "", sr->points[i].t_ns,
                sr->points[i].value);
    fprintf(out, "]}");
}

/* A list's end after the first trial (the queue): nothing for others. */
static void json_list_end(FILE *out, const struct result *r)
{
    const struct result_list_end *e = &r->lost_list.end;
    if (!e->known)
        return;
    fprintf(out, ",\n  \"list_end\": {\"reached\": %" PRIu64 ", \"last\": ", e->reached);
    json_node(out, e->last.thread, e->last.seq);
    fprintf(out, ", \"tail\": ");
    json_node(out, e->tail.thread, e->tail.seq);
    fprintf(out, ", \"tail_reached\": %s}", e->tail_reached ? "true" : "false");
}

/* --trace: the recorded steps around the first lost update, and what
 * recording cost; nothing when --trace was not given. */
static void json_trace(FILE *out, const struct result *r)
{
    if (r->trace.recorded == 0)
        return;
    fprintf(out,
            ",\n  \"trace\": {\"recorded\": %" PRIu64 ", \"lost_update_found\": %s, "
            "\"order\": \"%s\", "
            "\"ns_per_update\": %.2f, \"ns_per_update_untraced\": %.2f, \"events\": [",
            r->trace.recorded, r->trace.found ? "true" : "false",
            r->trace.coherent ? "values" : "clock", r->trace.ns, r->trace.untraced_ns);
    for (size_t i = 0; i < r->trace.nevents; i++) {
        const struct result_trace_event *e = &r->trace.events[i];
        fprintf(out,
                "%s\n    {\"t_ns\": %" PRIu64
                ", \"thread\": %u, \"op\": \"%s\", \"value\": %" PRIu64
                ", \"lost\": %s, \"either\": %s}",
                i ? "," : "", e->t_ns, e->thread, e->store ? "store" : "load", e->value,
                e->lost ? "true" : "false", e->either ? "true" : "false");
    }
    fprintf(out, "%s]}", r->trace.nevents ? "\n  " : "");
}

/* Everything before the trials: what ran, how, on which CPUs. */
static void json_head(FILE *out, const struct result *r)
{
    fprintf(out, "{\n  \"schema_version\": %d,\n  \"tool\": \"racedemo\",\n  \"version\": ",
            RENDER_JSON_SCHEMA);
    render_json_string(out, RACEDEMO_VERSION);
    fprintf(out, ",\n  \"command\": \"");
    /* The command line is plain ASCII without quotes or backslashes. */
    render_command(out, r);
    fprintf(out, "\",\n");
    json_config(out, r);
    fprintf(out, "  \"action\": ");
    render_json_string(out, r->work.action);
    fprintf(out, ",\n  \"op_noun\": ");
    render_json_string(out, r->work.op_noun);
    fprintf(out, ",\n  \"workers\": \"%s\"", r->processes ? "processes" : "threads");
    fprintf(out, ",\n  \"exclusive\": %s", r->strategy.exclusive ? "true" : "false");
    fprintf(out, ",\n  \"unit\": ");
    if (r->words.unit)
        render_json_string(out, r->words.unit);
    else
        fprintf(out, "null");
    /* What expected, observed and lost are: counts of operations or items,
     * or amounts (--op sum's sum is not 10 billion additions). */
    fprintf(out, ",\n  \"totals\": \"%s\"", r->words.amounts || r->words.unit ? "amount" : "count");
    fprintf(out, ",\n  \"ops_per_trial\": %" PRIu64 ",\n  \"expected\": %" PRIu64 ",\n",
            result_ops(r), r->work.expected);
    fprintf(out, "  \"placement\": \"%s\",\n  \"cpus\": [", placement_name(r->run.first.placement));
    for (unsigned i = 0; i < r->run.first.nthreads; i++)
        if (r->run.first.cpu[i] < 0)
            fprintf(out, "%snull", i ? ", " : ""); /* unknown: no trial ran */
        else
            fprintf(out, "%s%d", i ? ", " : "", r->run.first.cpu[i]);
    fprintf(out, "],\n");
    json_timeline(out, r);
    fprintf(out, "  \"trials\": [");
}

/* One element of the trials array: trial number `number` (from 1), its
 * metrics in `metrics`. */
static void json_trial(FILE *out, const struct result *r, size_t number,
                       const struct trial_result *t, const int64_t *metrics)
{
    fprintf(out,
            "%s\n    {\"trial\": %zu, \"observed\": %" PRId64 ", \"lost\": %" PRId64
            ", \"lost_percent\": %.4f, \"correct\": %s, \"verdict\": \"%s\", \"wall_ns\": %" PRIu64
            ", \"overlap_ns\": %" PRIu64 ", \"reruns\": %u, \"ns_per_op\": %.4f, \"violations\": ",
            number > 1 ? "," : "", number, t->observed, result_lost(r, t),
            result_lost_percent(r, t), result_correct(r, t) ? "true" : "false",
            verdict_token(result_trial_verdict(r, t)), t->wall_ns, t->overlap_ns, t->reruns,
            result_ns_per_op(r, t->wall_ns));
    json_count_or_null(out, r->run.detected, t->violations);
    if (t->fair_least_pct >= 0)
        fprintf(out, ", \"fair_least_percent\": %.2f", t->fair_least_pct);
    else
        fprintf(out, ", \"fair_least_percent\": null");
    for (unsigned k = 0; k < r->nmetrics; k++) {
        fputs(", ", out);
        json_metric(out, &r->metrics[k], metrics[k]);
    }
    fputc('}', out);
}

/* The verdict, and what the watchdog saw of a stalled trial. */
static void json_stall(FILE *out, const struct result *r)
{
    /* completed_verdict: the completed trials' own (RACE...), the same
     * as verdict unless a later trial stalled: races seen before a stall
     * are not lost behind its STALLED. */
    fprintf(out,
            "    \"verdict\": \"%s\",\n    \"completed_verdict\": \"%s\",\n"
            "    \"stall_reason\": ",
            verdict_token(result_verdict(r)), verdict_token(result_completed_verdict(r)));
    if (r->stall.stuck && r->stall.why[0])
        render_json_string(out, r->stall.why);
    else
        fprintf(out, "null");
    fprintf(out, ",\n    \"stuck\": %s,\n", r->stall.stuck ? "true" : "false");
    /* How long nothing had moved when the watchdog stopped it (null: it
     * did not): --timeout, or less for a DEADLOCK seen as one. */
    if (r->stall.stuck)
        fprintf(out, "    \"stalled_after_ns\": %" PRIu64 ",\n", r->stall.after_ns);
    else
        fprintf(out, "    \"stalled_after_ns\": null,\n");
    fprintf(out, "    \"deadlock\": %s,\n    \"all_asleep\": %s,\n",
            result_verdict(r) == VERDICT_DEADLOCK ? "true" : "false",
            r->stall.all_asleep ? "true" : "false");
    fprintf(out, "    \"stuck_threads\": [");
    for (unsigned i = 0; r->stall.stuck && i < r->threads + r->work.helpers; i++) {
        fprintf(out, "%s{\"thread\": %u, \"role\": ", i ? ", " : "", i);
        render_json_string(out, thread_role(r, i));
        if (r->stall.uncounted && !(i < r->threads && r->stall.done[i] >= r->stall.total[i]))
            fprintf(out, ", \"updates_done\": null"); /* a stopped process's run: not counted */
        else
            fprintf(out, ", \"updates_done\": %" PRIu64, r->stall.done[i]);
        if (i < r->threads)
            fprintf(out, ", \"updates\": %" PRIu64, r->stall.total[i]);
        else
            fprintf(out, ", \"updates\": null");
        fprintf(out, ", \"asleep\": %s}", r->stall.asleep[i] ? "true" : "false");
    }
    fprintf(out, "],\n");
}

/* --show: where the list broke; nothing when it was not given. */
static void json_breaks(FILE *out, const struct result *r)
{
    if (!r->lost_list.show)
        return;
    fprintf(out, ",\n  \"breaks\": %" PRIu64 ",\n  \"breaks_shown\": [", r->lost_list.breaks);
    for (size_t i = 0; i < r->lost_list.nnodes; i++) {
        const struct result_lost_node *l = &r->lost_list.nodes[i];
        fprintf(out, "%s\n    {\"lost\": ", i ? "," : "");
        json_node(out, l->thread, l->seq);
        fprintf(out, ", \"after\": ");
        json_node(out, l->after_thread, l->after_seq);
        fprintf(out, ", \"now\": ");
        if (l->now_null)
            fprintf(out, "null");
        else
            json_node(out, l->now_thread, l->now_seq);
        fputc('}', out);
    }
    fprintf(out, "%s]", r->lost_list.nnodes ? "\n  " : "");
}

/* The end of the trials array (`listed` of them were written), the
 * summary, and what follows it. */
static void json_tail(FILE *out, const struct result *r, const struct summary *s, size_t listed)
{
    fprintf(out, "%s],\n", listed ? "\n  " : "");
    fprintf(out,
            "  \"summary\": {\n    \"trials\": %zu,\n    \"raced\": %zu,\n"
            "    \"lost_min\": %" PRId64 ",\n    \"lost_median\": %.1f,\n"
            "    \"lost_mean\": %.4f,\n    \"lost_max\": %" PRId64 ",\n"
            "    \"wall_median_ns\": %" PRIu64 ",\n    \"ns_per_op_median\": %.4f,\n"
            "    \"elapsed_ns\": %" PRIu64 ",\n    \"interrupted\": %s,\n    \"capped\": false,\n"
            "    \"reruns\": %" PRIu64 ",\n    \"overlap_percent\": %.2f,\n",
            s->trials, s->raced, s->lost_min, s->lost_median, s->lost_mean, s->lost_max,
            s->wall_median_ns, s->ns_per_op_median, r->run.elapsed_ns,
            r->run.interrupted ? "true" : "false", r->run.reruns, result_run_overlap_percent(r));
    /* "capped" stays for scripts that read it: --duration has no cap now.
     * A finished result lists its kept trials (RESULT_KEEP_TRIALS); a
     * streamed run lists them all. Long runs' time medians may be
     * approximate (result.h says how). */
    /* --budget: the seconds all trials had (null: none), whether it ran
     * out, and whether it cut the one trial short, with what each thread
     * did of it (expected is then that work's total). */
    fprintf(out, "    \"budget_seconds\": ");
    if (r->run.budget_ns)
        fprintf(out, "%" PRIu64, r->run.budget_ns / 1000000000u);
    else
        fprintf(out, "null");
    fprintf(out, ",\n    \"budget_stopped\": %s,\n    \"budget_cut\": %s,\n",
            r->run.budget_stopped ? "true" : "false", r->run.budget_cut ? "true" : "false");
    fprintf(out, "    \"cut_updates_done\": ");
    for (unsigned i = 0; r->run.budget_cut && i < r->threads; i++)
        fprintf(out, "%s%" PRIu64, i ? ", " : "[", r->run.cut_done[i]);
    fprintf(out, "%s,\n", r->run.budget_cut && r->threads ? "]" : "null");
    fprintf(out,
            "    \"trials_listed\": %zu,\n    \"lost_median_exact\": %s,\n"
            "    \"wall_median_exact\": %s,\n",
            listed, s->trials == 0 || s->lost_median_exact ? "true" : "false",
            s->trials == 0 || s->wall_median_exact ? "true" : "false");
    json_stall(out, r);
    fprintf(out, "    \"threads\": [");
    for (unsigned i = 0; i < r->threads + r->work.helpers; i++) {
        fprintf(out, "%s{\"thread\": %u, \"role\": ", i ? ", " : "", i);
        render_json_string(out, thread_role(r, i));
        fprintf(out, ", \"spins\": ");
        json_count_or_null(out, r->workers.spins_counted, r->workers.spins[i]);
        fprintf(out, ", \"cpu_ns\": ");
        json_count_or_null(out, r->workers.cpu_measured, r->workers.cpu_ns[i]);
        if (r->workers.lost_counted)
            fprintf(out, ", \"lost\": %" PRIu64, r->workers.lost[i]);
        fputc('}', out);
    }
    fprintf(out, "],\n    \"fair_median_percent\": ");
    if (s->fair_median_pct >= 0)
        fprintf(out, "%.1f,\n", s->fair_median_pct);
    else
        fprintf(out, "null,\n");
    for (unsigned k = 0; k < r->nmetrics; k++) {
        fputs("    ", out);
        json_metric(out, &r->metrics[k], s->trials ? s->metric[k] : METRIC_NONE);
        fputs(",\n", out);
    }
    fprintf(out, "    \"violations\": ");
    json_count_or_null(out, r->run.detected, s->violations);
    fprintf(out, ",\n    \"trials_with_violations\": ");
    json_count_or_null(out, r->run.detected, s->trials_with_violations);
    fprintf(out, ",\n    \"histogram\": [");
    for (size_t i = 0; i < s->nbuckets; i++)
        fprintf(out,
                "%s\n      {\"lost_from\": %" PRId64 ", \"lost_to\": %" PRId64 ", \"trials\": %zu}",
                i ? "," : "", s->buckets[i].lo, s->buckets[i].hi, s->buckets[i].count);
    fprintf(out, "%s]\n  }", s->nbuckets ? "\n    " : "");
    json_breaks(out, r);
    json_list_end(out, r);
    json_series(out, r);
    json_trace(out, r);
    fprintf(out, "\n}\n");
}

void render_json(FILE *out, const struct result *r, const struct summary *s)
{
    json_head(out, r);
    for (size_t i = 0; i < r->trials.nkept; i++)
        json_trial(out, r, i + 1, &r->trials.kept[i],
                   r->nmetrics ? r->metric_values + i * r->nmetrics : NULL);
    json_tail(out, r, s, r->trials.nkept);
}

void render_json_stream_trial(FILE *out, const struct result *r, size_t number,
                              const struct trial_result *t, const int64_t *metrics)
{
    if (number == 1)
        json_head(out, r);
    json_trial(out, r, number, t, metrics);
}

void render_json_stream_end(FILE *out, const struct result *r, const struct summary *s,
                            size_t listed)
{
    if (listed == 0)
        json_head(out, r);
    json_tail(out, r, s, listed);
}
