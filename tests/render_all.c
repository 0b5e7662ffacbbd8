/* render_all.c: a test driver for tests/oracle_test.py. Runs one racedemo
 * workload command line ONCE and renders that one result as text, JSON,
 * CSV and HTML, so that the oracle can check the renderers agree on the
 * same numbers (separate runs of an unsynchronized strategy would not).
 *
 * Usage: render_all TEXT_FILE JSON_FILE CSV_FILE HTML_FILE WORKLOAD [options]
 * Exits with the status racedemo would have given for the run. */
#include <stdio.h>

#include "racedemo/racedemo.h"
#include "report/format.h"
#include "report/render.h"
#include "cli/cli.h"

static int render_to(const char *path, const struct cli_run *cr, int format)
{
    /* What racedemo lays a run out for when its output is not a terminal. */
    const struct text_layout layout = {.width = FORMAT_WIDTH_DEFAULT};
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return -1;
    }
    switch (format) {
    case FORMAT_JSON:
        render_json(f, &cr->res, &cr->sum);
        break;
    case FORMAT_CSV:
        render_csv(f, &cr->res, true);
        break;
    case FORMAT_HTML:
        if (!render_html(f, &layout, &cr->res, &cr->sum, true)) {
            fclose(f);
            return -1;
        }
        break;
    default:
        render_text(f, &layout, &cr->res, &cr->sum, true); /* every trial, as JSON and CSV have */
        break;
    }
    return fclose(f) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: render_all TEXT JSON CSV HTML WORKLOAD [options]\n");
        return EXIT_USAGE;
    }
    int status;
    struct cli_run *cr = cli_run_once(argc - 5, argv + 5, &status, stderr);
    if (!cr)
        return status;
    if (render_to(argv[1], cr, FORMAT_TEXT) != 0 || render_to(argv[2], cr, FORMAT_JSON) != 0 ||
        render_to(argv[3], cr, FORMAT_CSV) != 0 || render_to(argv[4], cr, FORMAT_HTML) != 0)
        status = EXIT_FAILED;
    cli_run_free(cr);
    return status;
}
