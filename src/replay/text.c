/* replay/text.c: the step table for people: a replay's steps, one a
 * line, what each read or wrote, then the totals and the verdict. */
#include <stdio.h>
#include <string.h>

#include "report/format.h"
#include "racedemo/replay.h"
#include "replay/letter.h"
#include "replay/replay.h"

static const char *buffers_line(char *buf, size_t len, const struct replay_event *ev)
{
    snprintf(buf, len, "buffers: %s", ev->buffers);
    return buf;
}

void replay_render_text(FILE *out, const struct text_layout *layout,
                        const struct replay_result *res, const char *command, bool quiz)
{
    format_command(out, layout, command);
    fputc('\n', out);
    /* The columns as wide as their widest cell, so that the table fits
     * the screen where it can. */
    int op_w = (int)strlen("operation"), detail_w = (int)strlen("read or written");
    for (size_t i = 0; i < res->nevents; i++) {
        const struct replay_event *ev = &res->events[i];
        int n = (int)strlen(ev->op) + (ev->lock ? 6 : 0);
        op_w = n > op_w ? n : op_w;
        n = quiz && ev->detail[0] ? 1 : (int)strlen(ev->detail);
        detail_w = n > detail_w ? n : detail_w;
    }
    fprintf(out, "  %4s  %-6s  %-*s  %-*s  %s\n", "step", "thread", op_w, "operation", detail_w,
            "read or written", "after it");
    for (size_t i = 0; i < res->nevents; i++) {
        const struct replay_event *ev = &res->events[i];
        char op[64], line[sizeof ev->buffers + 16];
        snprintf(op, sizeof op, "%s%s", ev->lock ? "lock: " : "", ev->op);
        fprintf(out, "  %4zu  %-6c  %-*s  %-*s  %s\n", i + 1, letter(ev->thread), op_w, op,
                detail_w, quiz && ev->detail[0] ? "?" : ev->detail,
                quiz && ev->shared[0] ? "?" : ev->shared);
        /* Under tso, each thread's buffer after the step, on a line of
         * its own under the step's operation, where the step changed it. */
        if (ev->buffers[0] && (i == 0 || strcmp(ev->buffers, res->events[i - 1].buffers) != 0))
            format_wrapped(out, layout, 4 + 2 + 6 + 2 - 1, "",
                           quiz ? "buffers: ?" : buffers_line(line, sizeof line, ev));
        if (ev->mark[0] && !quiz) {
            char mark[sizeof ev->mark + 4];
            snprintf(mark, sizeof mark, "^ %s", ev->mark);
            /* under the read-or-written column */
            format_wrapped(out, layout, 2 + 4 + 2 + 6 + 2 + op_w + 2 - 3, "", mark);
        }
    }
    fprintf(out, "\n  schedule  %s\n", res->schedule);
    if (strcmp(res->model, "tso") == 0) {
        char model[320];
        replay_model_text(res, model, sizeof model);
        format_wrapped(out, layout, 9, "model", model);
    }
    fprintf(out, "  expected  %s\n", res->expected);
    if (quiz) {
        fprintf(out, "  observed  ?  (what is it? --answers, or the same run without --quiz, "
                     "tells)\n");
        return;
    }
    fprintf(out, "  observed  %s\n", res->observed);
    char verdict[1024];
    replay_verdict_text(res, verdict, sizeof verdict);
    format_verdict(out, layout, verdict);
    for (unsigned t = 0; t < res->nthreads; t++)
        if (res->blocked >> t & 1)
            fprintf(out, "            %c is still waiting at the end of the schedule\n", letter(t));
}
