/* litmus/csv.c: a litmus run as CSV: a row per outcome of each test. */
#include <inttypes.h>
#include <stdio.h>

#include "racedemo/litmus.h"
#include "litmus/litmus.h"

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
