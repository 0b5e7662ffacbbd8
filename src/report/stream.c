/* report/stream.c: a run's JSON or CSV written trial by trial, so that a
 * run of any length is output in full without keeping its trials. */
#include "report/render.h"
#include "result/verdict.h"

void render_stream_trial(void *stream, const struct result *r, const struct trial_result *t,
                         const int64_t *metrics)
{
    struct render_stream *st = stream;
    st->written++;
    if (st->json) {
        render_json_stream_trial(st->out, r, st->written, t, metrics);
        return;
    }
    if (st->written == 1 && st->csv_header)
        render_csv_header(st->out, r);
    render_csv_row(st->out, r, st->written, t, metrics);
}

void render_stream_end(struct render_stream *st, const struct result *r, const struct summary *s)
{
    if (st->json) {
        render_json_stream_end(st->out, r, s, st->written);
        return;
    }
    if (st->written == 0 && st->csv_header)
        render_csv_header(st->out, r);
    render_csv_end(st->out, r);
}
