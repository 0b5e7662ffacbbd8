/* cli/help.h: what racedemo says about itself: --help, a workload's
 * help, the lists of workloads and strategies, the exit statuses; and
 * laying a command's whole output out for the width. */
#ifndef RACEDEMO_CLI_HELP_H
#define RACEDEMO_CLI_HELP_H

#include <stdio.h>

#include "racedemo/workload.h"
#include "report/format.h"

/* The exit statuses, as --help and every help page end. */
extern const char cli_exit_status_text[];

/* A command whose output is written whole (help, list, explain): laid
 * out in memory, then fitted to the width on its way to out. */
int cli_fitted(int (*fn)(int argc, char **argv, FILE *out, FILE *err,
                         const struct text_layout *layout),
               int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout);
/* The same for a printer of help: EXIT_OK, or as cli_fit_end says. */
int cli_print_fitted(void (*print)(FILE *out, const struct text_layout *layout,
                                   const struct workload *w),
                     FILE *out, FILE *err, const struct text_layout *layout,
                     const struct workload *w);
/* Ends a text format_fit_begin began: `status`, or EXIT_FAILED with one
 * line in err ("WHO: out of memory laying out the text ...") when memory
 * ran out while it was written, none of which then reached out. */
struct format_fit;
int cli_fit_end(struct format_fit *fit, FILE *err, const char *who, int status);

/* What a misspelled name may have meant: "; did you mean 'peterson'?"
 * from the registries `kinds` names (CLI_NAME_*), or "" when no name is
 * near it (core/options.h's options_did_you_mean). Returns buf. */
enum {
    CLI_NAME_WORKLOADS = 1,
    CLI_NAME_STRATEGIES = 2,
    CLI_NAME_LITMUS = 4,
    CLI_NAME_COMMANDS = 8,
};
const char *cli_did_you_mean(char *buf, size_t len, const char *got, unsigned kinds);

void cli_print_workloads(FILE *out);
void cli_print_strategies(FILE *out, const struct text_layout *layout);
/* racedemo --help (w unused: the shape of cli_print_fitted's printers). */
void cli_print_main_help(FILE *out, const struct text_layout *layout, const struct workload *w);
void cli_print_workload_help(FILE *out, const struct text_layout *layout, const struct workload *w);

#endif
