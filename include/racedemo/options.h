/* options.h: typed option descriptors. A workload lists its options once, as
 * a table; parsing, range checks, defaults, error messages and --help all
 * come from that table, so no workload writes its own number parsing. */
#ifndef RACEDEMO_OPTIONS_H
#define RACEDEMO_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum opt_kind {
    OPT_COUNT,  /* a whole number in [min, max], stored as uint64_t */
    OPT_CHOICE, /* one name of `choices`, stored as its index (unsigned) */
    OPT_FLAG,   /* present or not, stored as bool */
    OPT_NAMES,  /* names from a registry (`names`): "a", "a,b" or "all"; the first
                 * stored by names->store, all as a uint64_t mask at list_offset */
    OPT_SEED,   /* a whole number or "random" (a fresh one), stored as uint64_t */
    OPT_CPUS,   /* CPU numbers 0 to 63, "0,2,3", stored as a uint64_t mask (0: not given) */
    OPT_TEXT,   /* any text, stored as const char * into argv (NULL: not given); the
                 * command checks it */
};

struct opt_choice {
    const char *name;
    const char *help;
    /* The option this choice needs ("schedule" for mermaid): where that
     * option is skipped, --help leaves the choice out too. NULL: none. */
    const char *needs;
};

/* A registry an OPT_NAMES option names entries of (the strategies), seen
 * through three calls, so that the option layer knows no registry's types. */
struct opt_names {
    const char *(*name_at)(size_t i);         /* entry i's name; NULL past the last */
    void (*store)(void *field, size_t i);     /* puts entry i in the option's field */
    const char *(*stored)(const void *field); /* the name of the entry in the field */
};

struct opt {
    const char *name; /* long name without the dashes; NULL ends a table */
    char short_name;  /* 0: long form only */
    enum opt_kind kind;
    const char *metavar; /* what the value is called in --help */
    const char *help;
    size_t offset;                    /* where the value goes in the table's struct */
    uint64_t min, max, def;           /* OPT_COUNT range and default; OPT_CHOICE default index */
    const struct opt_choice *choices; /* OPT_CHOICE, ended by a NULL name */
    const struct opt_names *names;    /* OPT_NAMES: the registry */
    const char *def_name;             /* OPT_NAMES: the default entry's name */
    const char *def_text;             /* shown as the default in --help instead of `def` */
    size_t list_offset;               /* OPT_NAMES: where the mask of every entry named goes */
    bool output_only;                 /* changes what is printed, not what runs */
    const char *word;                 /* OPT_COUNT: a word also accepted ("yield") ... */
    uint64_t word_value;              /* ... and the value it stands for */
    /* OPT_NAMES: where the text as given goes (a const char *, NULL when
     * not given), for a command that keeps the order of the names (the
     * mask loses it); 0: nowhere. */
    size_t text_offset;
};

/* An option a command does not take, and why, for the error: "prodcons
 * takes --producers and --consumers instead". Lists end with a NULL name. */
struct opt_skip {
    const char *name;
    const char *why;
};

/* How many lists of skipped options a set may hold. */
#define OPT_SKIP_LISTS 3

/* A table and the struct its offsets point into. */
struct opt_set {
    const struct opt *opts;
    void *base;
    /* Options in `opts` this command does not take, in up to three lists
     * (each NULL or ended by a NULL name): left out of --help and of the
     * settings printed, and refused with their reason. */
    const struct opt_skip *skip[OPT_SKIP_LISTS];
    /* OPT_NAMES takes several names, or all, and runs each (compare). */
    bool several;
    /* Where to note which options were given (bit i: opts[i]); NULL: nowhere. */
    uint64_t *given;
    /* An option of `opts` whose 0 is a value given, not "not given": its
     * default here is not 0 (prodcons's --window), so the command line
     * that repeats the run must say 0. NULL: none. */
    const struct opt *zero_given;
};

/* Whether option o of the set is at its "not given" value: a text not
 * given, no CPU list, or 0 where the default is given as text (--trials,
 * --window) and 0 is not a value given (zero_given). */
bool options_unset(const struct opt_set *set, const struct opt *o);

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

/* Room for a value quoted by options_quote() in a message: what the user
 * typed is cut (visibly) to about 70 bytes. */
#define OPT_QUOTE_LEN 80

/* `text` as it goes into a one-line message: between single quotes, control
 * characters escaped (\x0A), and cut at a UTF-8 character with an ellipsis
 * when it would not fit in len bytes (at least 8), the closing quote kept.
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
