/* options.c: getopt_long driven by option descriptor tables. */
#define _GNU_SOURCE /* getopt_long */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "format.h"
#include "options.h"
#include "sync/sync.h"

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
    case OPT_SYNC:
        *(const struct sync_strategy **)field(f) = sync_find(f->opt->def_name);
        *(uint64_t *)((char *)f->base + f->opt->list_offset) = 0;
        break;
    }
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
        else if (sync_strategies[i])
            name = sync_strategies[i]->name;
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
    case OPT_SYNC:
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
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t z = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    z ^= (uint64_t)getpid() << 32;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* "mutex", "mutex,tas" or "all": the strategies as a mask of table
 * indexes, and the first of them; NULL if a name is unknown. */
static const struct sync_strategy *parse_sync_list(const char *text, uint64_t *mask)
{
    const struct sync_strategy *first = NULL;
    *mask = 0;
    if (strcmp(text, "all") == 0) {
        for (size_t i = 0; sync_strategies[i]; i++)
            *mask |= (uint64_t)1 << i;
        return sync_strategies[0];
    }
    const char *p = text;
    for (;;) {
        size_t len = strcspn(p, ",");
        const struct sync_strategy *found = NULL;
        size_t i = 0;
        for (; sync_strategies[i]; i++) {
            const char *name = sync_strategies[i]->name;
            if (strlen(name) == len && strncmp(name, p, len) == 0) {
                found = sync_strategies[i];
                break;
            }
        }
        if (!found)
            return NULL;
        *mask |= (uint64_t)1 << i;
        if (!first)
            first = found;
        if (p[len] == '\0')
            return first;
        p += len + 1;
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
    case OPT_SYNC: {
        if (strcmp(text, "help") == 0 || strcmp(text, "list") == 0)
            return OPT_SYNC_LIST;
        uint64_t mask;
        const struct sync_strategy *first = parse_sync_list(text, &mask);
        if (first) {
            *(const struct sync_strategy **)field(f) = first;
            *(uint64_t *)((char *)f->base + o->list_offset) = mask;
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
        uint64_t mask = 0, cpu;
        const char *p = text;
        char one[24];
        bool ok = *p != '\0';
        while (ok && *p) {
            size_t len = strcspn(p, ",");
            ok = len > 0 && len < sizeof one;
            if (ok) {
                memcpy(one, p, len);
                one[len] = '\0';
                ok = strspn(one, "0123456789") == len &&
                     options_parse_count(one, 0, 63, &cpu) == COUNT_OK;
            }
            if (ok)
                mask |= (uint64_t)1 << cpu;
            p += len;
            if (*p == ',') {
                p++;
                ok = ok && *p != '\0';
            }
        }
        if (ok) {
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
    describe_accepted(accepted, sizeof accepted, o);
    snprintf(err, errlen, "--%s expects %s; got '%s'", o->name, accepted, text);
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
        snprintf(buf, len, "'%s'", seen);
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
    int c;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        const char *seen = argv[optind - 1];
        if (c == 'h' || c == HELP_VAL)
            return OPT_HELP;
        if (c == ':') {
            const struct found *f = by_val(all, n, optopt);
            char accepted[320];
            if (!f) {
                snprintf(err, errlen, "option '%s' needs a value", seen);
                return OPT_ERROR;
            }
            describe_accepted(accepted, sizeof accepted, f->opt);
            snprintf(err, errlen, "--%s needs a value: %s", f->opt->name, accepted);
            return OPT_ERROR;
        }
        if (c == '?') {
            const struct found *f = by_val(all, n, optopt);
            char unknown[64];
            if (f && f->opt->kind == OPT_FLAG)
                snprintf(err, errlen, "--%s takes no value; got '%s'", f->opt->name, seen);
            else if (optopt == HELP_VAL)
                snprintf(err, errlen, "--help takes no value; got '%s'", seen);
            else
                snprintf(err, errlen, "unknown option %s; see racedemo %s --help",
                         options_name_unknown(unknown, sizeof unknown, optopt, seen), argv[0]);
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
    if (optind < argc) {
        snprintf(err, errlen, "unexpected argument '%s'; this command takes only options",
                 argv[optind]);
        return OPT_ERROR;
    }
    return OPT_OK;
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
    case OPT_SYNC:
        snprintf(buf, len, "%s", (*(const struct sync_strategy *const *)p)->name);
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
    else if (o->kind == OPT_SYNC)
        snprintf(def, len, " (default %s)", set->several ? "all" : o->def_name);
}

void options_print_help(FILE *out, const struct opt_set *sets, size_t nsets)
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
                o->kind == OPT_SYNC && sets[k].several ? "NAME,...|all" : o->metavar;
            snprintf(left, sizeof left, "%s--%s%s%s", sh, o->name, metavar ? " " : "",
                     metavar ? metavar : "");
            default_text(&sets[k], o, def, sizeof def);
            char text[320];
            snprintf(text, sizeof text, "%s%s", o->help, def);
            format_wrapped(out, 24, left, text);
            if (o->kind == OPT_CHOICE)
                for (const struct opt_choice *ch = o->choices; ch->name; ch++)
                    if (!ch->needs || !skipped_anywhere(sets, nsets, ch->needs))
                        fprintf(out, "  %-24s   %-10s %s\n", "", ch->name, ch->help);
        }
    }
    fprintf(out, "  %-24s %s\n", "-h, --help", "show this help and exit");
}
