/* replay/mermaid.c: --format mermaid for --schedule: the steps as a
 * sequence diagram, a thread's arrow to the shared data or the lock. */
#include <stdio.h>
#include <string.h>

#include "racedemo/replay.h"
#include "replay/letter.h"
#include "replay/replay.h"

/* Mermaid text may not hold ';' or '#' unescaped. */
static void mermaid_text(FILE *out, const char *s)
{
    for (; *s; s++)
        if (*s == ';')
            fputc(',', out);
        else if (*s == '#')
            fputs("#35;", out);
        else
            fputc(*s, out);
}

void replay_render_mermaid(FILE *out, const struct replay_result *res, bool quiz)
{
    fprintf(out, "sequenceDiagram\n");
    fprintf(out, "    participant A as Thread A\n");
    fprintf(out, "    participant S as %s\n", res->shared_name);
    if (res->lock_steps)
        fprintf(out, "    participant L as lock (%s)\n", res->sync);
    for (unsigned t = 1; t < res->nthreads; t++)
        fprintf(out, "    participant %c as Thread %c\n", letter(t), letter(t));
    for (size_t i = 0; i < res->nevents; i++) {
        const struct replay_event *ev = &res->events[i];
        char t = letter(ev->thread);
        /* A load's arrow from the data to the thread, a store's to the data. */
        if ((ev->lock || ev->touches) && ev->reads_only)
            fprintf(out, "    %c->>%c: ", ev->lock ? 'L' : 'S', t);
        else if (ev->lock || ev->touches)
            fprintf(out, "    %c->>%c: ", t, ev->lock ? 'L' : 'S');
        else
            fprintf(out, "    Note over %c: ", t);
        mermaid_text(out, ev->op);
        if (ev->detail[0]) {
            fprintf(out, " (");
            mermaid_text(out, quiz ? "?" : ev->detail);
            fprintf(out, ")");
        }
        fputc('\n', out);
        if (ev->mark[0] && !quiz) {
            fprintf(out, "    Note over %c: ", ev->lock ? 'L' : 'S');
            mermaid_text(out, ev->mark);
            fputc('\n', out);
        }
        /* Under --model tso, the store buffers where the step changed them. */
        if (ev->buffers[0] && (i == 0 || strcmp(ev->buffers, res->events[i - 1].buffers) != 0)) {
            fprintf(out, "    Note over A,%c: store buffers: ", letter(res->nthreads - 1));
            mermaid_text(out, quiz ? "?" : ev->buffers);
            fputc('\n', out);
        }
    }
    fprintf(out, "    Note over S: ");
    mermaid_text(out, quiz ? "?" : res->observed);
    fprintf(out, " (expected ");
    mermaid_text(out, res->expected);
    fprintf(out, ")\n");
}
