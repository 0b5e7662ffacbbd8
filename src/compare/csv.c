/* compare/csv.c: a comparison as one CSV table, each strategy's trials
 * under one header. */
#include <stdbool.h>
#include <stdio.h>

#include "compare.h"
#include "compare/render.h"
#include "report/render.h"

/* Every strategy that ran, stalled ones included (their row says so); a
 * strategy skipped for its thread limits ran nothing and has no row. */
void render_compare_csv(FILE *out, const struct comparison *c)
{
    bool header = true;
    for (size_t i = 0; i < c->nrows; i++) {
        if (c->rows[i].skipped[0])
            continue;
        render_csv(out, &c->rows[i].result, header);
        header = false;
    }
    if (header) /* nothing ran: still a valid table */
        render_csv(out, &(struct result){0}, true);
}
