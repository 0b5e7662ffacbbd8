/* core/options.c: getopt_long driven by option descriptor tables. */
#define _GNU_SOURCE /* getopt_long */
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "report/format.h"
#include "racedemo/options.h"
#include "racedemo/random.h"
#include "core/options.h"

#define MAX_OPTIONS 48
#define HELP_VAL    1000 /* getopt value of --help; table options use 1001 + index */

struct found {
    const struct opt *opt;
    void *base;
    const struct opt_set *set;
};

enum count_parse options_parse_count(const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
    const char *p = text;
    uint64_t value = 0;
    bool too_large = false;
    if (*p < '0' || *p > '9')
        return COUNT_NOT_NUMBER;
    for (; *p >= '0' && *p <= '9'; p++) {
        unsigned digit = (unsigned)(*p - '0');
        if (value > (UINT64_MAX - digit) / 10)
            too_large = true;
        else
            value = value * 10 + digit;
    }
    uint64_t scale = 1;
    switch (*p) {
    case 'k':
        scale = 1000u;
        p++;
        break;
    case 'M':
        scale = 1000000u;
        p++;
        break;
    case 'G':
        scale = 1000000000u;
        p++;
        break;
    default:
        break;
    }
    if (*p != '\0')
        return COUNT_NOT_NUMBER;
    if (too_large || value > UINT64_MAX / scale)
        return COUNT_OUT_OF_RANGE;
    value *= scale;
    if (value < min || value > max)
        return COUNT_OUT_OF_RANGE;
    *out = value;
    return COUNT_OK;
}

static void *field(const struct found *f)
{
    return (char *)f->base + f->opt->offset;
}

static void set_default(const struct found *f)
{
    switch (f->opt->kind) {
    case OPT_COUNT:
    case OPT_SEED:
        *(uint64_t *)field(f) = f->opt->def;
        break;
    case OPT_CPUS:
        *(uint64_t *)field(f) = 0;
        break;
    case OPT_TEXT:
        *(const char **)field(f) = NULL;
        break;
    case OPT_CHOICE:
        *(unsigned *)field(f) = (unsigned)f->opt->def;
        break;
    case OPT_FLAG:
        *(bool *)field(f) = false;
        break;
    case OPT_NAMES: {
        const struct opt_names *names = f->opt->names;
        for (size_t i = 0; names->name_at(i); i++)
            if (strcmp(names->name_at(i), f->opt->def_name) == 0)
                names->store(field(f), i);
        *(uint64_t *)((char *)f->base + f->opt->list_offset) = 0;
        if (f->opt->text_offset)
            *(const char **)((char *)f->base + f->opt->text_offset) = NULL;
        break;
    }
    }
}

/* Edits from a to b, a letter added, dropped, changed, or two neighbours
 * swapped (optimal string alignment); names are short, so the table is
 * small: past 31 letters, no match. */
static int edit_distance(const char *a, const char *b)
{
    size_t m = strlen(a), n = strlen(b);
    if (m > 31 || n > 31)
        return 99;
    int d[32][32];
    for (size_t i = 0; i <= m; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= n; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= m; i++)
        for (size_t j = 1; j <= n; j++) {
            int cost = a[i - 1] != b[j - 1];
            int best = d[i - 1][j] + 1;
            best = d[i][j - 1] + 1 < best ? d[i][j - 1] + 1 : best;
            best = d[i - 1][j - 1] + cost < best ? d[i - 1][j - 1] + cost : best;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[m][n];
}

const char *options_did_you_mean(const char *got, const char *const *names, size_t n)
{
    const char *best = NULL;
    int best_d = 99;
    for (size_t i = 0; i < n; i++) {
        if (!names[i])
            continue;
        int d = edit_distance(got, names[i]);
        int allowed = strlen(names[i]) <= 4 ? 1 : 2;
        if (d > 0 && d <= allowed && d < best_d) {
            best = names[i];
            best_d = d;
        }
    }
    return best;
}

void options_suggest(char *err, size_t errlen, const char *got, const char *const *names, size_t n)
{
    const char *near = options_did_you_mean(got, names, n);
    size_t used = strlen(err);
    if (near && used < errlen)
        snprintf(err + used, errlen - used, "; did you mean '%s'?", near);
}

/* options_suggest for the first name of a comma-separated list that is
 * none of `names` ("mutex,petersen": petersen). */
static void suggest_in_list(char *err, size_t errlen, const char *text, const char *const *names,
                            size_t n)
{
    char piece[64];
    for (const char *p = text; *p;) {
        size_t k = strcspn(p, ",");
        snprintf(piece, sizeof piece, "%.*s", (int)(k < sizeof piece ? k : sizeof piece - 1), p);
        bool known = false;
        for (size_t i = 0; i < n && !known; i++)
            known = strcmp(piece, names[i]) == 0;
        if (!known) {
            options_suggest(err, errlen, piece, names, n);
            return;
        }
        p += k;
        p += *p == ',';
    }
}

/* The names an OPT_CHOICE or OPT_NAMES option takes, up to max; how many. */
static size_t option_names(const struct opt *o, const char **names, size_t max)
{
    size_t n = 0;
    for (; n < max; n++) {
        names[n] = o->kind == OPT_CHOICE ? o->choices[n].name : o->names->name_at(n);
        if (!names[n])
            break;
    }
    return n;
}

/* "one of a, b, c" for choices and strategies. */
static void list_names(char *buf, size_t len, const struct opt *o)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0;; i++) {
        const char *name = NULL;
        if (o->kind == OPT_CHOICE)
            name = o->choices[i].name;
        else
            name = o->names->name_at(i);
        if (!name)
            break;
        int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", name);
        if (n < 0 || (size_t)n >= len - used)
            break;
        used += (size_t)n;
    }
}

/* What the option accepts, for error messages: "a whole number from 1 to 64". */
static void describe_accepted(char *buf, size_t len, const struct opt *o)
{
    char lo[32], hi[32], names[256];
    switch (o->kind) {
    case OPT_COUNT:
        snprintf(buf, len, "a whole number from %s to %s%s%s%s",
                 format_count(lo, sizeof lo, (int64_t)o->min),
                 format_count(hi, sizeof hi, (int64_t)o->max), o->word ? " or '" : "",
                 o->word ? o->word : "", o->word ? "'" : "");
        break;
    case OPT_CHOICE:
    case OPT_NAMES:
        list_names(names, sizeof names, o);
        snprintf(buf, len, "one of %s", names);
        break;
    case OPT_FLAG:
        snprintf(buf, len, "no value");
        break;
    case OPT_SEED:
        snprintf(buf, len, "a whole number or 'random'");
        break;
    case OPT_TEXT:
        snprintf(buf, len, "text");
        break;
    case OPT_CPUS:
        snprintf(buf, len, "CPU numbers from 0 to 63, separated by commas");
        break;
    }
}

/* A seed nobody chose: the clock's nanoseconds and the process id, mixed
 * (splitmix64's finaliser) so that runs a moment apart differ in every bit. */
static uint64_t fresh_seed(void)
{
    return splitmix64_mix(realtime_ns() ^ (uint64_t)getpid() << 32);
}

/* "mutex", "mutex,tas" or "all": the entries as a mask of registry
 * indexes, and the first of them in *first. NULL, or the name a list
 * gives twice (each entry runs once: a second mention would do nothing);
 * "" if a name is unknown. */
static const char *parse_name_list(const struct opt_names *names, const char *text, uint64_t *mask,
                                   size_t *first)
{
    *mask = 0;
    *first = SIZE_MAX;
    if (strcmp(text, "all") == 0) {
        for (size_t i = 0; names->name_at(i); i++)
            *mask |= (uint64_t)1 << i;
        *first = 0;
        return NULL;
    }
    const char *p = text;
    for (;;) {
        size_t len = strcspn(p, ",");
        size_t i = 0;
        const char *name;
        while ((name = names->name_at(i)) && (strlen(name) != len || strncmp(name, p, len) != 0))
            i++;
        if (!name)
            return "";
        if (*mask >> i & 1)
            return name;
        *mask |= (uint64_t)1 << i;
        if (*first == SIZE_MAX)
            *first = i;
        if (p[len] == '\0')
            return NULL;
        p += len + 1;
    }
}

/* "0,2,3" as a mask: CPU numbers 0 to 63 (leading zeros are still the same
 * number, however many) separated by single commas. */
static bool parse_cpus(const char *text, uint64_t *mask)
{
    const char *p = text;
    *mask = 0;
    for (;;) {
        unsigned cpu = 0;
        if (*p < '0' || *p > '9')
            return false;
        for (; *p >= '0' && *p <= '9'; p++) {
            cpu = cpu * 10 + (unsigned)(*p - '0');
            if (cpu > 63)
                return false;
        }
        *mask |= (uint64_t)1 << cpu;
        if (*p == '\0')
            return true;
        if (*p++ != ',')
            return false;
    }
}

/* The one line for a value option o does not take: what it accepts, and
 * for a name, the nearest one it may have meant. */
static void refuse_value(const struct opt *o, const char *text, char *accepted, size_t len,
                         char *err, size_t errlen)
{
    char got[OPT_QUOTE_LEN];
    describe_accepted(accepted, len, o);
    snprintf(err, errlen, "--%s expects %s; got %s", o->name, accepted,
             options_quote(got, sizeof got, text));
    if (o->kind == OPT_CHOICE || o->kind == OPT_NAMES) {
        const char *names[64];
        size_t n = option_names(o, names, sizeof names / sizeof names[0]);
        suggest_in_list(err, errlen, text, names, n);
    }
}

static enum opt_status set_value(const struct found *f, const char *text, char *err, size_t errlen)
{
    const struct opt *o = f->opt;
    char accepted[320];
    switch (o->kind) {
    case OPT_COUNT: {
        uint64_t v;
        if (o->word && strcmp(text, o->word) == 0) {
            *(uint64_t *)field(f) = o->word_value;
            return OPT_OK;
        }
        enum count_parse rc = options_parse_count(text, o->min, o->max, &v);
        if (rc == COUNT_OK) {
            *(uint64_t *)field(f) = v;
            return OPT_OK;
        }
        break;
    }
    case OPT_CHOICE:
        for (unsigned i = 0; o->choices[i].name; i++) {
            if (strcmp(o->choices[i].name, text) == 0) {
                *(unsigned *)field(f) = i;
                return OPT_OK;
            }
        }
        break;
    case OPT_NAMES: {
        if (strcmp(text, "help") == 0 || strcmp(text, "list") == 0)
            return OPT_NAMES_LIST;
        uint64_t mask;
        size_t first;
        const char *wrong = parse_name_list(o->names, text, &mask, &first);
        if (wrong && wrong[0]) {
            snprintf(err, errlen, "--%s names %s twice; each runs once, so name it once", o->name,
                     wrong);
            return OPT_ERROR;
        }
        if (!wrong) {
            o->names->store(field(f), first);
            *(uint64_t *)((char *)f->base + o->list_offset) = mask;
            if (o->text_offset)
                *(const char **)((char *)f->base + o->text_offset) = text;
            return OPT_OK;
        }
        break;
    }
    case OPT_TEXT:
        *(const char **)field(f) = text;
        return OPT_OK;
    case OPT_FLAG:
        *(bool *)field(f) = true;
        return OPT_OK;
    case OPT_CPUS: {
        uint64_t mask;
        if (parse_cpus(text, &mask)) {
            *(uint64_t *)field(f) = mask;
            return OPT_OK;
        }
        break;
    }
    case OPT_SEED: {
        uint64_t v;
        if (strcmp(text, "random") == 0) {
            *(uint64_t *)field(f) = fresh_seed();
            return OPT_OK;
        }
        if (options_parse_count(text, 0, UINT64_MAX, &v) == COUNT_OK) {
            *(uint64_t *)field(f) = v;
            return OPT_OK;
        }
        break;
    }
    }
    refuse_value(o, text, accepted, sizeof accepted, err, errlen);
    return OPT_ERROR;
}

char *options_name_unknown(char *buf, size_t len, int optopt_value, const char *seen)
{
    /* Within a cluster such as -xh, getopt has not yet moved past the
     * argument, so only optopt names the culprit. */
    if (optopt_value > ' ' && optopt_value < 127)
        snprintf(buf, len, "'-%c'", optopt_value);
    else if (optopt_value != 0)
        snprintf(buf, len, "character 0x%02X", (unsigned)optopt_value & 0xffu);
    else
        options_quote(buf, len, seen);
    return buf;
}

/* How many bytes at p make one well-formed UTF-8 character (RFC 3629: no
 * overlong form, no surrogate, nothing past U+10FFFF); 0 when they do not.
 * Reads no further than the first byte that fails, so never past the NUL. */
static size_t utf8_char_len(const unsigned char *p)
{
    size_t n;
    unsigned char low = 0x80, high = 0xBF; /* the range of the second byte */
    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xC2 && p[0] <= 0xDF) {
        n = 2;
    } else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        n = 3;
        low = p[0] == 0xE0 ? 0xA0 : 0x80;
        high = p[0] == 0xED ? 0x9F : 0xBF;
    } else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
        n = 4;
        low = p[0] == 0xF0 ? 0x90 : 0x80;
        high = p[0] == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (p[1] < low || p[1] > high)
        return 0;
    for (size_t k = 2; k < n; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* The first character at p as it goes between the quotes, into one (room
 * for 12 bytes): itself; or, for what would break the one line of an error
 * or act on a terminal (a C0 or C1 control, DEL) and for a byte that is not
 * UTF-8, each byte as \xNN; a backslash doubled, so that an escape is never
 * ambiguous. Sets *taken to the bytes of text it stands for. */
static size_t quoted_char(char *one, const unsigned char *p, size_t *taken)
{
    size_t n = utf8_char_len(p);
    bool control = n == 1 ? p[0] < 0x20 || p[0] == 0x7F : n == 2 && p[0] == 0xC2 && p[1] < 0xA0;
    *taken = n ? n : 1;
    if (n == 1 && p[0] == '\\') {
        one[0] = one[1] = '\\';
        return 2;
    }
    if (n == 0 || control) {
        size_t used = 0;
        for (size_t k = 0; k < *taken; k++)
            used += (size_t)snprintf(one + used, 12 - used, "\\x%02X", (unsigned)p[k]);
        return used;
    }
    memcpy(one, p, n);
    return n;
}

char *options_quote(char *buf, size_t len, const char *text)
{
    static const char ellipsis[] = "\xe2\x80\xa6"; /* U+2026 in UTF-8 */
    const unsigned char *t = (const unsigned char *)text;
    char one[12];
    size_t taken;
    if (len < 8) { /* too small for a quote, an ellipsis and a character */
        if (len)
            buf[0] = '\0';
        return buf;
    }
    size_t whole = 0;
    for (const unsigned char *p = t; *p; p += taken)
        whole += quoted_char(one, p, &taken);
    /* The quotes and the NUL always fit; the text is cut, visibly and
     * between characters, to what leaves room for the ellipsis. */
    size_t room = whole + 3 <= len ? whole : len - 3 - (sizeof ellipsis - 1);
    size_t used = 0;
    buf[used++] = '\'';
    for (const unsigned char *p = t; *p; p += taken) {
        size_t n = quoted_char(one, p, &taken);
        if (used - 1 + n > room) {
            memcpy(buf + used, ellipsis, sizeof ellipsis - 1);
            used += sizeof ellipsis - 1;
            break;
        }
        memcpy(buf + used, one, n);
        used += n;
    }
    buf[used++] = '\'';
    buf[used] = '\0';
    return buf;
}

/* The option whose getopt value is `val`, or NULL. */
static const struct found *by_val(const struct found *all, size_t n, int val)
{
    if (val >= HELP_VAL + 1 && (size_t)(val - HELP_VAL - 1) < n)
        return &all[val - HELP_VAL - 1];
    for (size_t i = 0; i < n; i++)
        if (val != 0 && all[i].opt->short_name == val)
            return &all[i];
    return NULL;
}

const char *options_skip_why(const struct opt_set *set, const struct opt *o)
{
    for (size_t k = 0; k < OPT_SKIP_LISTS; k++)
        for (const struct opt_skip *s = set->skip[k]; s && s->name; s++)
            if (strcmp(s->name, o->name) == 0)
                return s->why;
    return NULL;
}

bool options_skipped(const struct opt_set *set, const struct opt *o)
{
    return options_skip_why(set, o) != NULL;
}

/* "--no" when getopt_long found it ambiguous: it begins the names of two or
 * more options (glibc says only '?', as for an unknown one). Writes which
 * options it may mean into err and returns true; false if it is not. */
static bool explain_ambiguous(const struct found *all, size_t n, const char *seen, char *err,
                              size_t errlen)
{
    if (strncmp(seen, "--", 2) != 0)
        return false;
    const char *name = seen + 2;
    /* Two names begin with it, so it is as short as a name: no cut needed. */
    int len = (int)strcspn(name, "=");
    size_t matches = len > 0 && strncmp("help", name, (size_t)len) == 0, taken = 0;
    char list[320] = "";
    size_t used = 0, last = 0;
    for (size_t i = 0; len > 0 && i < n; i++) {
        if (strncmp(all[i].opt->name, name, (size_t)len) != 0)
            continue;
        matches++;
        /* Options this command refuses are matched too, but not offered. */
        if (options_skipped(all[i].set, all[i].opt))
            continue;
        int w = snprintf(list + used, sizeof list - used, "%s--%s", taken ? ", " : "",
                         all[i].opt->name);
        if (w < 0 || (size_t)w >= sizeof list - used)
            break;
        last = used + (taken ? 2 : 0);
        used += (size_t)w;
        taken++;
    }
    if (matches < 2)
        return false;
    if (taken == 1) {
        snprintf(err, errlen, "--%.*s is ambiguous: write %s in full", len, name, list);
    } else if (taken > 1) {
        list[last - 2] = '\0'; /* "--a, --b or --c": the last comma becomes "or" */
        snprintf(err, errlen, "--%.*s is ambiguous: %s or %s", len, name, list, list + last);
    } else {
        snprintf(err, errlen, "--%.*s is ambiguous: write the option in full", len, name);
    }
    return true;
}

/* Why getopt_long refused an argument (c is ':' or '?'), as one line in err. */
static void explain_refusal(const struct found *all, size_t n, int c, const char *command,
                            const char *seen, char *err, size_t errlen)
{
    const struct found *f = by_val(all, n, optopt);
    char got[OPT_QUOTE_LEN], accepted[320];
    if (c == ':' && !f) {
        snprintf(err, errlen, "option %s needs a value", options_quote(got, sizeof got, seen));
    } else if (c == ':') {
        describe_accepted(accepted, sizeof accepted, f->opt);
        snprintf(err, errlen, "--%s needs a value: %s", f->opt->name, accepted);
    } else if (f && f->opt->kind == OPT_FLAG) {
        snprintf(err, errlen, "--%s takes no value; got %s", f->opt->name,
                 options_quote(got, sizeof got, seen));
    } else if (optopt == HELP_VAL) {
        snprintf(err, errlen, "--help takes no value; got %s",
                 options_quote(got, sizeof got, seen));
    } else if (optopt != 0 || !explain_ambiguous(all, n, seen, err, errlen)) {
        snprintf(err, errlen, "unknown option %s; see racedemo %s --help",
                 options_name_unknown(got, sizeof got, optopt, seen), command);
    }
}

/* getopt_long over argv from optind up to the first word that is not an
 * option, or the end, each value set where its table says. */
static enum opt_status take_options(const struct found *all, size_t n, int argc, char **argv,
                                    const char *shortopts, const struct option *longopts, char *err,
                                    size_t errlen)
{
    int c;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        const char *seen = argv[optind - 1];
        if (c == 'h' || c == HELP_VAL)
            return OPT_HELP;
        if (c == ':' || c == '?') {
            explain_refusal(all, n, c, argv[0], seen, err, errlen);
            return OPT_ERROR;
        }
        const struct found *f = by_val(all, n, c);
        if (options_skipped(f->set, f->opt)) {
            snprintf(err, errlen, "--%s: %s", f->opt->name, options_skip_why(f->set, f->opt));
            return OPT_ERROR;
        }
        if (f->set->given)
            *f->set->given |= (uint64_t)1 << (f->opt - f->set->opts);
        enum opt_status st = set_value(f, optarg, err, errlen);
        if (st != OPT_OK)
            return st;
    }
    return OPT_OK;
}

enum opt_status options_parse(const struct opt_set *sets, size_t nsets, int argc, char **argv,
                              char *err, size_t errlen)
{
    struct found all[MAX_OPTIONS];
    struct option longopts[MAX_OPTIONS + 2];
    char shortopts[2 * MAX_OPTIONS + 4] = "+:h";
    size_t n = 0, s = strlen(shortopts);

    for (size_t k = 0; k < nsets; k++) {
        for (const struct opt *o = sets[k].opts; o && o->name; o++) {
            if (n == MAX_OPTIONS) {
                snprintf(err, errlen, "internal error: more than %d options", MAX_OPTIONS);
                return OPT_ERROR;
            }
            all[n] = (struct found){o, sets[k].base, &sets[k]};
            set_default(&all[n]);
            int has_arg = o->kind == OPT_FLAG ? no_argument : required_argument;
            longopts[n] = (struct option){o->name, has_arg, NULL, HELP_VAL + 1 + (int)n};
            if (o->short_name) {
                shortopts[s++] = o->short_name;
                if (has_arg == required_argument)
                    shortopts[s++] = ':';
            }
            n++;
        }
    }
    shortopts[s] = '\0';
    longopts[n] = (struct option){"help", no_argument, NULL, HELP_VAL};
    longopts[n + 1] = (struct option){NULL, 0, NULL, 0};

    optind = 0; /* glibc: start afresh, as a second getopt pass needs */
    opterr = 0; /* our messages, not getopt's */
    const char **operand = sets[0].operand;
    for (;;) {
        enum opt_status st = take_options(all, n, argc, argv, shortopts, longopts, err, errlen);
        if (st != OPT_OK || optind >= argc)
            return st;
        char got[OPT_QUOTE_LEN], had[OPT_QUOTE_LEN];
        if (!operand) {
            snprintf(err, errlen, "unexpected argument %s; this command takes only options",
                     options_quote(got, sizeof got, argv[optind]));
            return OPT_ERROR;
        }
        if (*operand) {
            snprintf(err, errlen, "unexpected argument %s; this command takes one name, and got %s",
                     options_quote(got, sizeof got, argv[optind]),
                     options_quote(had, sizeof had, *operand));
            return OPT_ERROR;
        }
        /* After "--" every word is an operand; else options may follow it. */
        bool ended = optind > 1 && strcmp(argv[optind - 1], "--") == 0;
        *operand = argv[optind++];
        if (ended && optind < argc) {
            snprintf(err, errlen, "unexpected argument %s after --; this command takes one name",
                     options_quote(got, sizeof got, argv[optind]));
            return OPT_ERROR;
        }
        if (ended)
            return OPT_OK;
    }
}

char *options_value_text(const struct opt *o, const void *base, char *buf, size_t len)
{
    const void *p = (const char *)base + o->offset;
    switch (o->kind) {
    case OPT_COUNT:
    case OPT_SEED:
        if (o->word && *(const uint64_t *)p == o->word_value)
            snprintf(buf, len, "%s", o->word);
        else
            snprintf(buf, len, "%" PRIu64, *(const uint64_t *)p);
        break;
    case OPT_CHOICE:
        snprintf(buf, len, "%s", o->choices[*(const unsigned *)p].name);
        break;
    case OPT_TEXT:
        snprintf(buf, len, "%s", *(const char *const *)p ? *(const char *const *)p : "");
        break;
    case OPT_FLAG:
        snprintf(buf, len, "%s", *(const bool *)p ? "true" : "false");
        break;
    case OPT_NAMES:
        snprintf(buf, len, "%s", o->names->stored(p));
        break;
    case OPT_CPUS: {
        uint64_t mask = *(const uint64_t *)p;
        size_t used = 0;
        buf[0] = '\0';
        for (unsigned c = 0; c < 64 && used < len; c++)
            if (mask >> c & 1)
                used += (size_t)snprintf(buf + used, len - used, "%s%u", used ? "," : "", c);
        break;
    }
    }
    return buf;
}

/* Whether any set leaves out the option called `name`. */
static bool skipped_anywhere(const struct opt_set *sets, size_t nsets, const char *name)
{
    for (size_t k = 0; k < nsets; k++)
        for (const struct opt *o = sets[k].opts; o && o->name; o++)
            if (strcmp(o->name, name) == 0 && options_skipped(&sets[k], o))
                return true;
    return false;
}

/* An option's choices under it, each with its help, the helps lined up
 * after the longest name and two spaces (10 columns at least), so that a
 * help that wraps hangs under itself. */
static void print_choices(FILE *out, const struct opt_set *sets, size_t nsets, const struct opt *o)
{
    int width = 10;
    for (const struct opt_choice *ch = o->choices; ch->name; ch++)
        if ((int)strlen(ch->name) + 1 > width) /* two spaces after it: a wrapped help hangs */
            width = (int)strlen(ch->name) + 1;
    for (const struct opt_choice *ch = o->choices; ch->name; ch++)
        if (!ch->needs || !skipped_anywhere(sets, nsets, ch->needs))
            fprintf(out, "  %-24s   %-*s %s\n", "", width, ch->name, ch->help);
}

bool options_unset(const struct opt_set *set, const struct opt *o)
{
    const void *p = (const char *)set->base + o->offset;
    if (o->kind == OPT_TEXT)
        return *(const char *const *)p == NULL;
    return ((o->kind == OPT_COUNT && o->def_text && o != set->zero_given) || o->kind == OPT_CPUS) &&
           *(const uint64_t *)p == 0;
}

/* "(1 to 64, default 2)": an option's range and default, for --help. */
static void default_text(const struct opt_set *set, const struct opt *o, char *def, size_t len)
{
    def[0] = '\0';
    if (o->kind == OPT_COUNT && o->def_text)
        snprintf(def, len, " (%" PRIu64 " to %" PRIu64 ", default %s)", o->min, o->max,
                 o->def_text);
    else if (o->kind == OPT_COUNT)
        snprintf(def, len, " (%" PRIu64 " to %" PRIu64 ", default %" PRIu64 ")", o->min, o->max,
                 o->def);
    else if (o->kind == OPT_SEED)
        snprintf(def, len, " (default %" PRIu64 ")", o->def);
    else if (o->kind == OPT_CHOICE)
        snprintf(def, len, " (default %s)", o->choices[o->def].name);
    else if (o->kind == OPT_NAMES)
        snprintf(def, len, " (default %s)", set->several ? "all" : o->def_name);
}

void options_print_help(FILE *out, const struct text_layout *layout, const struct opt_set *sets,
                        size_t nsets)
{
    for (size_t k = 0; k < nsets; k++) {
        for (const struct opt *o = sets[k].opts; o && o->name; o++) {
            char left[64], def[64];
            if (options_skipped(&sets[k], o))
                continue;
            char sh[8] = "    ";
            if (o->short_name)
                snprintf(sh, sizeof sh, "-%c, ", o->short_name);
            const char *metavar =
                o->kind == OPT_NAMES && sets[k].several ? "NAME,...|all" : o->metavar;
            snprintf(left, sizeof left, "%s--%s%s%s", sh, o->name, metavar ? " " : "",
                     metavar ? metavar : "");
            default_text(&sets[k], o, def, sizeof def);
            char text[320];
            snprintf(text, sizeof text, "%s%s", o->help, def);
            format_wrapped(out, layout, 24, left, text);
            if (o->kind == OPT_CHOICE)
                print_choices(out, sets, nsets, o);
        }
    }
    fprintf(out, "  %-24s %s\n", "-h, --help", "show this help and exit");
}
