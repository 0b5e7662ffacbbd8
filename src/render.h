/* render.h: renderers turn a finished result into output; they compute nothing. */
#ifndef RACEDEMO_RENDER_H
#define RACEDEMO_RENDER_H

#include <stdio.h>

#include "result.h"

/* The report for people: settings, totals, verdict, timing. */
void render_text(FILE *out, const struct result *r);

#endif
