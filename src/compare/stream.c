/* compare/stream.c: compare's JSON or CSV written as the comparison runs,
 * each trial's row as it completes, as a free run's are (report/stream.c):
 * a strategy that fails later takes nothing already written with it. */
#include <stdio.h>

#include "compare.h"
#include "compare/render.h"
#include "report/format.h"
#include "report/render.h"

void compare_stream_trial(void *stream, const struct result *r, const struct trial_result *t,
                          const int64_t *metrics)
{
    struct compare_stream *s = stream;
    if (s->json && s->row.written == 0) {
        if (!s->begun)
            render_compare_json_head(s->out, s->command, s->workload);
        s->begun = true;
        render_compare_json_row(s->out, s->current, s->rows);
    }
    render_stream_trial(&s->row, r, t, metrics);
    s->csv_header_written |= !s->json;
}

void compare_stream_starting(struct compare_stream *s, const struct comparison *c, size_t i)
{
    s->row = (struct render_stream){
        .out = s->out, .json = s->json, .csv_header = !s->csv_header_written};
    s->current = &c->rows[i];
}

/* Row i is over: what follows its trials, or the whole of a skipped row. */
void compare_stream_row(struct compare_stream *s, const struct comparison *c, size_t i)
{
    const struct compare_row *row = &c->rows[i];
    if (!s->json) {
        if (!row->skipped[0]) {
            render_stream_end(&s->row, &row->result, &row->summary);
            s->csv_header_written = true;
        }
    } else {
        if (!s->begun)
            render_compare_json_head(s->out, s->command, s->workload);
        s->begun = true;
        if (row->skipped[0] || s->row.written == 0)
            render_compare_json_row(s->out, row, s->rows);
        if (!row->skipped[0]) {
            render_stream_end(&s->row, &row->result, &row->summary);
            fprintf(s->out, "}");
        }
    }
    s->rows++;
    s->row = (struct render_stream){0};
    s->current = NULL;
    format_flush(s->out);
}

void compare_stream_end(struct compare_stream *s, const struct comparison *c)
{
    if (!s->json) {
        if (!s->csv_header_written) /* nothing ran: still a valid table */
            render_csv(s->out, &(struct result){0}, true);
    } else {
        if (!s->begun)
            render_compare_json_head(s->out, s->command, s->workload);
        render_compare_json_tail(s->out, c->interrupted);
    }
    format_flush(s->out);
}

bool compare_stream_failed(struct compare_stream *s, struct comparison *c)
{
    /* The row under way (the last begun): its trials so far, ended as a
     * free run's document is when its run fails, so that what completed
     * stays readable; then the rows' end. Nothing written: nothing to end. */
    if (!s->begun && !s->csv_header_written)
        return false;
    if (s->current && s->row.written) {
        struct compare_row *row = &c->rows[c->nrows - 1];
        if (!result_summarize(&row->result, &row->summary))
            return true; /* no memory to end it: left as it is */
        render_stream_end(&s->row, &row->result, &row->summary);
        if (s->json)
            fprintf(s->out, "}");
    }
    if (s->json)
        render_compare_json_tail(s->out, c->interrupted);
    format_flush(s->out);
    return true;
}
