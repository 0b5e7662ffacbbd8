/* format.c: digit grouping and duration units. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "format.h"

char *format_count(char *buf, size_t len, int64_t value)
{
    char digits[32];
    uint64_t magnitude = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    int n = snprintf(digits, sizeof digits, "%" PRIu64, magnitude);
    char grouped[48];
    size_t out = 0;
    if (value < 0)
        grouped[out++] = '-';
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            grouped[out++] = ',';
        grouped[out++] = digits[i];
    }
    grouped[out] = '\0';
    snprintf(buf, len, "%s", grouped);
    return buf;
}

char *format_decimal(char *buf, size_t len, double value)
{
    return format_decimals(buf, len, value, 1);
}

char *format_decimals(char *buf, size_t len, double value, int places)
{
    int64_t scale = 1;
    places = places < 0 ? 0 : places > 6 ? 6 : places;
    for (int i = 0; i < places; i++)
        scale *= 10;
    /* Rounded once, in integers, so "0.995" cannot print as "0.100". */
    double magnitude = value < 0 ? -value : value;
    int64_t units = (int64_t)(magnitude * (double)scale + 0.5);
    char whole[48];
    format_count(whole, sizeof whole, units / scale);
    const char *sign = value < 0 && units ? "-" : "";
    if (places == 0)
        snprintf(buf, len, "%s%s", sign, whole);
    else
        snprintf(buf, len, "%s%s.%0*lld", sign, whole, places, (long long)(units % scale));
    return buf;
}

char *format_noun(char *buf, size_t len, int64_t n, const char *noun)
{
    size_t k = strlen(noun);
    /* English adds -es after a hiss: process, box, batch, wish. */
    bool hiss = (k >= 1 && (noun[k - 1] == 's' || noun[k - 1] == 'x')) ||
                (k >= 2 && noun[k - 1] == 'h' && (noun[k - 2] == 'c' || noun[k - 2] == 's'));
    snprintf(buf, len, "%s%s", noun, n == 1 ? "" : hiss ? "es" : "s");
    return buf;
}

char *format_counted(char *buf, size_t len, int64_t n, const char *noun)
{
    char count[32], word[64];
    format_count(count, sizeof count, n);
    format_noun(word, sizeof word, n, noun);
    snprintf(buf, len, "%s %s", count, word);
    return buf;
}

char *format_duration(char *buf, size_t len, uint64_t ns)
{
    if (ns < 1000u)
        snprintf(buf, len, "%" PRIu64 " ns", ns);
    else if (ns < 1000000u)
        snprintf(buf, len, "%.3f us", (double)ns / 1e3);
    else if (ns < 1000000000u)
        snprintf(buf, len, "%.3f ms", (double)ns / 1e6);
    else
        snprintf(buf, len, "%.3f s", (double)ns / 1e9);
    return buf;
}

void format_wrapped(FILE *out, int left_width, const char *left, const char *text)
{
    const int indent = 2 + left_width + 1, width = 79 - indent;
    fprintf(out, "  %-*s ", left_width, left);
    const char *p = text;
    while ((int)strlen(p) > width) {
        int cut = width;
        while (cut > 0 && p[cut] != ' ')
            cut--;
        if (cut == 0)
            cut = width;
        fprintf(out, "%.*s\n%*s", cut, p, indent, "");
        p += cut;
        while (*p == ' ')
            p++;
    }
    fprintf(out, "%s\n", p);
}

char *format_amount(char *buf, size_t len, const char *unit, int64_t value)
{
    if (!unit)
        return format_count(buf, len, value);
    char digits[32];
    /* The magnitude as unsigned: -INT64_MIN does not fit in int64_t. */
    uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
    if (magnitude > (uint64_t)INT64_MAX) {
        format_count(digits, sizeof digits, INT64_MIN);
        snprintf(buf, len, "-%s%s", unit, digits + 1);
        return buf;
    }
    format_count(digits, sizeof digits, (int64_t)magnitude);
    snprintf(buf, len, "%s%s%s", value < 0 ? "-" : "", unit, digits);
    return buf;
}
