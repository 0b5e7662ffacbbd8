/* result.c: the arithmetic of a result, kept apart from how it is shown. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "result.h"

void result_add_setting(struct result *r, const char *name, const char *value)
{
    if (r->nsettings >= RESULT_MAX_SETTINGS)
        return;
    struct result_setting *s = &r->settings[r->nsettings++];
    s->name = name;
    snprintf(s->value, sizeof s->value, "%s", value);
}

void result_add_setting_u64(struct result *r, const char *name, uint64_t value)
{
    char text[24];
    snprintf(text, sizeof text, "%" PRIu64, value);
    result_add_setting(r, name, text);
}

int64_t result_lost(const struct result *r)
{
    /* Totals are capped well below INT64_MAX by option checks, so the
     * difference always fits. */
    return (int64_t)r->expected - (int64_t)r->observed;
}

double result_lost_percent(const struct result *r)
{
    if (r->expected == 0)
        return 0.0;
    return 100.0 * (double)result_lost(r) / (double)r->expected;
}

uint64_t result_ops(const struct result *r)
{
    return (uint64_t)r->threads * r->per_thread;
}

double result_ns_per_op(const struct result *r)
{
    uint64_t ops = result_ops(r);
    if (ops == 0)
        return 0.0;
    return (double)r->run.wall_ns / (double)ops;
}

bool result_correct(const struct result *r)
{
    return r->observed == r->expected;
}

uint64_t result_overlap_ns(const struct result *r)
{
    const struct engine_report *run = &r->run;
    if (run->nthreads == 0)
        return 0;
    uint64_t last_start = 0, first_end = UINT64_MAX;
    for (unsigned i = 0; i < run->nthreads; i++) {
        if (run->start_ns[i] > last_start)
            last_start = run->start_ns[i];
        if (run->end_ns[i] < first_end)
            first_end = run->end_ns[i];
    }
    return first_end > last_start ? first_end - last_start : 0;
}

double result_overlap_percent(const struct result *r)
{
    if (r->run.wall_ns == 0)
        return 0.0;
    return 100.0 * (double)result_overlap_ns(r) / (double)r->run.wall_ns;
}
