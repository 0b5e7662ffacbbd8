/* cli/glossary.h: the words racedemo prints, each with what it means:
 * `racedemo explain WORD` reads them, and the man page's GLOSSARY is
 * written from them (docs/generate.py). */
#ifndef RACEDEMO_CLI_GLOSSARY_H
#define RACEDEMO_CLI_GLOSSARY_H

#include <stddef.h>
#include <stdio.h>

#include "report/format.h"

struct glossary_entry {
    const char *term;    /* as racedemo prints it: "acc", "NO RACE SEEN", "rfrom" */
    const char *kind;    /* "word", "step", "verdict" or "memory order" */
    const char *meaning; /* one or more sentences */
};

/* The entry for word (case, spaces, '-' and '_' not told apart), or NULL. */
const struct glossary_entry *glossary_find(const char *word);

/* The nearest term to a word that is none (at most two letters off), or
 * NULL: for "did you mean". */
const struct glossary_entry *glossary_nearest(const char *word);

/* "TERM (KIND): MEANING", wrapped to the layout. */
void glossary_print(FILE *out, const struct text_layout *layout, const struct glossary_entry *e);

/* Every entry, in the table's order (racedemo explain glossary). */
void glossary_print_all(FILE *out, const struct text_layout *layout);

/* The words argv[0..argc-1] joined by single spaces into buf, so that
 * `racedemo explain lock bus` finds "lock bus"; false when they do not fit. */
int glossary_join(char *buf, size_t len, int argc, char **argv);

#endif
