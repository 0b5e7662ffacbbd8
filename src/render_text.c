/* render_text.c: the report a class reads off the projector. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "render.h"

static void print_command(FILE *out, const struct result *r)
{
    fprintf(out, "racedemo %s", r->workload);
    for (unsigned i = 0; i < r->nsettings; i++) {
        const struct result_setting *s = &r->settings[i];
        fprintf(out, " --%s%s%s", s->name, s->value[0] ? " " : "", s->value);
    }
    fputc('\n', out);
}

static void print_cpus(FILE *out, const struct engine_report *run)
{
    fprintf(out, "  cpus      ");
    for (unsigned i = 0; i < run->nthreads; i++) {
        if (run->cpu[i] < 0)
            fprintf(out, "%s?", i ? ", " : "");
        else
            fprintf(out, "%s%d", i ? ", " : "", run->cpu[i]);
    }
    switch (run->placement) {
    case PLACEMENT_PINNED:
        fprintf(out, "  (one thread pinned to each CPU)\n");
        break;
    case PLACEMENT_NO_PIN:
        fprintf(out, "  (--no-pin: placed by the scheduler)\n");
        break;
    case PLACEMENT_TOO_FEW:
        fprintf(out, "  (%u threads share %u CPUs, placed by the scheduler)\n", run->nthreads,
                run->cpus_usable);
        break;
    case PLACEMENT_PIN_FAILED:
        fprintf(out, "  (pinning refused by the system: placed by the scheduler)\n");
        break;
    }
}

void render_text(FILE *out, const struct result *r)
{
    char expected[32], observed[32], lost[32], per[32], wall[32];
    int64_t lost_n = result_lost(r);
    format_count(expected, sizeof expected, (int64_t)r->expected);
    format_count(observed, sizeof observed, (int64_t)r->observed);
    format_count(lost, sizeof lost, lost_n);
    format_count(per, sizeof per, (int64_t)r->per_thread);
    format_duration(wall, sizeof wall, r->run.wall_ns);
    int width = (int)strlen(expected);
    if ((int)strlen(observed) > width)
        width = (int)strlen(observed);

    print_command(out, r);
    fputc('\n', out);
    if (r->threads == 1)
        fprintf(out, "  what      1 thread does %s, %s times\n", r->action, per);
    else
        fprintf(out, "  what      %u threads each do %s, %s times\n", r->threads, r->action, per);
    fprintf(out, "  sync      %s: %s\n", r->sync, r->sync_summary);
    print_cpus(out, &r->run);
    if (r->threads > 1) {
        char overlap[32];
        format_duration(overlap, sizeof overlap, result_overlap_ns(r));
        fprintf(out, "  overlap   %s with all %u threads working (%.0f%% of the run)\n", overlap,
                r->threads, result_overlap_percent(r));
    }
    fputc('\n', out);
    fprintf(out, "  expected  %*s\n", width, expected);
    fprintf(out, "  observed  %*s\n", width, observed);
    fprintf(out, "  lost      %*s  (%.2f%% of expected)\n", width, lost, result_lost_percent(r));
    fputc('\n', out);
    if (result_correct(r))
        fprintf(out, "  verdict   CORRECT: all %s %ss arrived\n", expected, r->op_noun);
    else if (lost_n > 0)
        fprintf(out, "  verdict   RACE: %s of %s %ss were lost;\n            %s\n", lost, expected,
                r->op_noun, r->race_reason);
    else
        fprintf(out, "  verdict   RACE: the total is %s more than expected\n", lost + 1);
    fprintf(out, "  time      %s wall, %.2f ns per %s\n", wall, result_ns_per_op(r), r->op_noun);
}
