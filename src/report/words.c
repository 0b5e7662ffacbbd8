/* report/words.c: the words every renderer of a run shares: a total off
 * the expected one, where the workers ran, what the workers with roles
 * do, and the command line that repeats a run. */
#define _POSIX_C_SOURCE 200809L /* platform.h */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/platform.h"
#include "report/format.h"
#include "report/words.h"
#include "result/verdict.h"
#include "racedemo/engine.h"
#include "core/options.h"

/* Options whose value 0 means "not given" (so they are left out). */
static void print_settings(FILE *out, const struct opt_set *sets, size_t nsets, bool with_sync,
                           bool with_seed);

char *render_raced_before_stall(char *buf, size_t len, const struct result *r, const char *then)
{
    buf[0] = '\0';
    if (!r->stall.stuck || result_completed_verdict(r) != VERDICT_RACE)
        return buf;
    char raced[32], trials[48];
    format_count(raced, sizeof raced, (int64_t)r->trials.totals.raced);
    format_counted(trials, sizeof trials, (int64_t)r->trials.count, "trial");
    snprintf(buf, len, "%s of %s raced, then the run stalled%s", raced, trials, then);
    return buf;
}

const char *render_off_label(const struct result *r, bool sides)
{
    if (sides)
        return "off by";
    return r->words.short_label ? r->words.short_label : "lost";
}

char *render_off(char *buf, size_t len, const struct result *r, int64_t lost, bool sides)
{
    if (!sides)
        return format_amount(buf, len, r->words.unit, lost);
    /* Negated as unsigned: totals fit in int64_t, their difference's
     * negation too (the option checks cap them at INT64_MAX). */
    char digits[40];
    format_amount(digits, sizeof digits, r->words.unit, lost < 0 ? -lost : lost);
    snprintf(buf, len, "%s%s", lost > 0 ? "-" : lost < 0 ? "+" : "", digits);
    return buf;
}

const char *render_side(const struct result *r, int64_t lost)
{
    if (lost > 0)
        return r->words.below ? r->words.below : "lost";
    return r->words.above ? r->words.above : "extra";
}

void render_command(FILE *out, const struct result *r)
{
    fprintf(out, "racedemo %s", r->workload);
    print_settings(out, r->run.settings, 2, true, r->run.seed_drawn);
}

void render_command_line(FILE *out, const char *workload, const struct opt_set *sets, size_t nsets)
{
    fprintf(out, "racedemo %s", workload);
    print_settings(out, sets, nsets, true, true);
}

void render_command_except_sync(FILE *out, const struct result *r)
{
    fprintf(out, "%s", r->workload);
    print_settings(out, r->run.settings, 2, false, r->run.seed_drawn);
}

/* with_seed false: --seed left out, for a run that drew nothing from it. */
static void print_settings(FILE *out, const struct opt_set *sets, size_t nsets, bool with_sync,
                           bool with_seed)
{
    for (size_t k = 0; k < nsets; k++) {
        const struct opt_set *set = &sets[k];
        for (const struct opt *o = set->opts; o && o->name; o++) {
            char value[200]; /* a --cpus list of all 64 CPUs takes 181 */
            if (o->output_only || options_unset(set, o) || (!with_sync && o->kind == OPT_NAMES) ||
                options_skipped(set, o) || (!with_seed && strcmp(o->name, "seed") == 0))
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

/* Workers past this many are summed up by the CPUs they ran on: a list
 * of 64 numbers says less than "64 threads on CPUs 0-1". */
enum { CPUS_LISTED = 8 };

/* Each worker's CPU, helpers (the auditor) last, by name: "0, 1 and
 * auditor 0"; for many workers, the CPUs they ran on as ranges. */
static void cpus_text(char *buf, size_t len, const struct engine_report *run, unsigned helpers,
                      const char *role, bool processes)
{
    size_t used = 0;
    buf[0] = '\0';
    if (run->nthreads > CPUS_LISTED) {
        char ranges[256];
        bool unknown = false;
        for (unsigned i = 0; i < run->nthreads; i++)
            unknown |= run->cpu[i] < 0;
        format_cpu_ranges(ranges, sizeof ranges, run->cpu, run->nthreads);
        char who[96];
        snprintf(who, sizeof who, "%u %s%s%s", run->nthreads - helpers,
                 processes ? "processes" : "threads", helpers ? " and the " : "",
                 helpers ? role : "");
        if (!ranges[0]) /* the system does not say (no sched_getcpu) */
            snprintf(buf, len, "%s, on CPUs the system does not name", who);
        else
            snprintf(buf, len, "%s on CPU%s %s%s", who,
                     strchr(ranges, ',') || strchr(ranges, '-') ? "s" : "", ranges,
                     unknown ? " (some unknown)" : "");
        return;
    }
    for (unsigned i = 0; i < run->nthreads && used < len; i++) {
        const char *sep = i == 0 ? "" : i + helpers == run->nthreads ? " and " : ", ";
        bool helper = helpers && i + helpers >= run->nthreads;
        char cpu[16] = "?";
        if (run->cpu[i] >= 0)
            snprintf(cpu, sizeof cpu, "%d", run->cpu[i]);
        int k = snprintf(buf + used, len - used, "%s%s%s%s", sep, helper ? role : "",
                         helper ? " " : "", cpu);
        used += k > 0 ? (size_t)k : 0;
    }
}

char *render_placement(char *buf, size_t len, const struct engine_report *run, unsigned helpers,
                       const char *role, bool processes)
{
    char where[512], how[160] = "";
    cpus_text(where, sizeof where, run, helpers, role, processes);
    switch (run->placement) {
    case PLACEMENT_PINNED:
        if (helpers && run->nthreads > run->cpus_usable)
            snprintf(how, sizeof how, "one per CPU; the %s shares", role);
        else
            snprintf(how, sizeof how, "one %s pinned to each CPU",
                     processes ? "process" : "thread");
        break;
    case PLACEMENT_NO_PIN:
        snprintf(how, sizeof how, "--no-pin: placed by the scheduler");
        break;
    case PLACEMENT_TOO_FEW:
        snprintf(how, sizeof how, "%u %s share %u CPU%s, placed by the scheduler", run->nthreads,
                 processes ? "processes" : "threads", run->cpus_usable,
                 run->cpus_usable == 1 ? "" : "s");
        break;
    case PLACEMENT_PIN_FAILED:
        snprintf(how, sizeof how, "pinning refused by the system: placed by the scheduler");
        break;
    case PLACEMENT_LIST:
        snprintf(how, sizeof how, "pinned round-robin to the --cpus list");
        break;
    case PLACEMENT_UNSUPPORTED:
        snprintf(how, sizeof how, "not pinned: %s; placed by the scheduler", platform_no_pin_why());
        break;
    }
    snprintf(buf, len, "%s  (%s)", where, how);
    return buf;
}

char *render_roles_what(char *buf, size_t len, const struct result *r)
{
    const struct result_words *w = &r->words;
    unsigned makers = r->work.role_split, takers = r->threads - r->work.role_split;
    char items[64];
    format_counted(items, sizeof items, (int64_t)r->work.per_thread, r->work.op_noun);
    snprintf(buf, len, "%u %s%s %s%s %s%s%s; %u %s%s %s%s them", makers, r->work.roles[0],
             makers == 1 ? "" : "s each", w->role_verb[0], makers == 1 ? "s" : "", items,
             w->role_where ? " " : "", w->role_where ? w->role_where : "", takers, r->work.roles[1],
             takers == 1 ? "" : "s", w->role_verb[1], takers == 1 ? "s" : "");
    return buf;
}
