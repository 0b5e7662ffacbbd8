/* replay_html.c: --format html for --schedule: one page with the step
 * table and the sequence diagram of the steps. Nothing on it depends on
 * the clock, so the same replay gives the same bytes. */
#include <stdlib.h>

#include "html.h"
#include "racedemo/replay.h"

void replay_render_html(FILE *out, const struct replay_result *res, const char *command, bool quiz)
{
    struct html_capture text;
    FILE *tf = html_capture_begin(&text);
    if (tf)
        replay_render_text(tf, res, command, quiz);
    bool have_text = tf && html_capture_end(&text);

    html_page_begin(out, command);
    html_heading(out, "racedemo --schedule: the steps, one at a time", command);
    if (!quiz)
        html_verdict(out, verdict_token(replay_verdict(res)), NULL, NULL);
    html_section_begin(out, "steps", "The steps");
    if (have_text)
        html_pre(out, "report", text.buf, text.len);
    html_section_end(out);
    html_page_end(out);
    if (have_text)
        free(text.buf);
}
