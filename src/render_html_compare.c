/* render_html_compare.c: --format html for compare: one page with the
 * table as the text report shows it, the bars, and the JSON document. */
#include <stdlib.h>

#include "compare.h"
#include "html.h"
#include "racedemo/render.h"

void render_compare_html(FILE *out, const struct comparison *c)
{
    struct html_capture text, json;
    FILE *tf = html_capture_begin(&text);
    if (tf)
        render_compare_text(tf, c);
    FILE *jf = html_capture_begin(&json);
    if (jf)
        render_compare_json(jf, c);
    bool have_text = tf && html_capture_end(&text);
    bool have_json = jf && html_capture_end(&json);

    char title[128];
    snprintf(title, sizeof title, "racedemo compare %s", c->workload->name);
    html_page_begin(out, title);
    html_heading(out, title, NULL);
    html_section_begin(out, "table", "The table");
    if (have_text)
        html_pre(out, "report", text.buf, text.len);
    html_section_end(out);
    if (have_json)
        html_data_block(out, json.buf, json.len);
    html_page_end(out);
    if (have_text)
        free(text.buf);
    if (have_json)
        free(json.buf);
}
