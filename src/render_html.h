/* render_html.h: the parts of a free run's HTML page (render_html.c) that
 * live in files of their own, one picture each. */
#ifndef RACEDEMO_RENDER_HTML_H
#define RACEDEMO_RENDER_HTML_H

#include <stdio.h>

#include "racedemo/result.h"

/* ---- htmlmore20: --trace -------------------------------------------- */
/* A section with the timeline of --trace's recorded loads and stores
 * (svg#trace), one lane per thread on a nanosecond axis, the first lost
 * update marked; r->trace.recorded is not 0. */
void render_html_trace(FILE *out, const struct result *r);
/* ---- end htmlmore20 --------------------------------------------------- */

#endif
