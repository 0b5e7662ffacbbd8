/* core/options.h: the typed option parser (core/options.c): parsing a
 * command's option tables, the values as text, the --help lines. A unit
 * writes only its table (include/racedemo/options.h). */
#ifndef RACEDEMO_CORE_OPTIONS_H
#define RACEDEMO_CORE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "racedemo/options.h"

/* Whether option o of the set is at its "not given" value: a text not
 * given, no CPU list, or 0 where the default is given as text (--trials,
 * --window) and 0 is not a value given (zero_given). */
bool options_unset(const struct opt_set *set, const struct opt *o);

/* The name of `names` (n of them) that `got` most likely misspells: the
 * nearest within 2 edits (a letter added, dropped, changed, or two
 * swapped; 1 edit for a name of 4 letters or fewer), or NULL. */
const char *options_did_you_mean(const char *got, const char *const *names, size_t n);
/* Appends "; did you mean 'NAME'?" to err (errlen bytes) when one of
 * `names` is near `got` (options_did_you_mean); else leaves it. */
void options_suggest(char *err, size_t errlen, const char *got, const char *const *names, size_t n);

/* Why the set leaves option o out, or NULL when it takes it. */
const char *options_skip_why(const struct opt_set *set, const struct opt *o);
/* Whether the set leaves option o out. */
bool options_skipped(const struct opt_set *set, const struct opt *o);

enum opt_status {
    OPT_OK,
    OPT_HELP,       /* -h / --help: print help, succeed */
    OPT_NAMES_LIST, /* --sync help: list the registry's entries, succeed */
    OPT_ERROR,      /* err holds one line naming the option and what it accepts */
};

/* Fills every set with its defaults, then parses argv[1..argc) (argv[0] is
 * the command's name). Nothing is run, so an error leaves nothing half-done. */
enum opt_status options_parse(const struct opt_set *sets, size_t nsets, int argc, char **argv,
                              char *err, size_t errlen);

enum count_parse {
    COUNT_OK,
    COUNT_NOT_NUMBER,
    COUNT_OUT_OF_RANGE,
};

/* Decimal digits with an optional k, M or G (thousand, million, billion),
 * no sign, no spaces, nothing after. */
enum count_parse options_parse_count(const char *text, uint64_t min, uint64_t max, uint64_t *out);

/* How to name the option getopt_long just refused: '-x' from optopt for a
 * short option, else `seen` (the argument, right for long options). */
char *options_name_unknown(char *buf, size_t len, int optopt_value, const char *seen);

/* Room for a word quoted by options_quote() in a message: what the user
 * typed is cut (visibly) to about 70 bytes. */
#define OPT_QUOTE_LEN 80

/* `text`, any word the user typed, as it goes into a one-line message on
 * a terminal: between single quotes; each byte of a control character (C0,
 * DEL or C1) and each byte that is not UTF-8 escaped as \xNN (a newline is
 * \x0A), a backslash doubled; cut between characters with an ellipsis when
 * it would not fit in len bytes (at least 8), the closing quote kept.
 * Returns buf. */
char *options_quote(char *buf, size_t len, const char *text);

/* The option's current value in `base` as text: "100000", "inc", "mutex",
 * "true". Returns buf. */
char *options_value_text(const struct opt *o, const void *base, char *buf, size_t len);

/* The option lines of --help for these tables, wrapped to the layout's
 * width (report/format.h). */
struct text_layout;
void options_print_help(FILE *out, const struct text_layout *layout, const struct opt_set *sets,
                        size_t nsets);

#endif
