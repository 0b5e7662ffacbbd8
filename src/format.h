/* format.h: numbers and durations written for people reading a projector. */
#ifndef RACEDEMO_FORMAT_H
#define RACEDEMO_FORMAT_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

/* 1234567 -> "1,234,567"; negative values keep their sign. Returns buf. */
char *format_count(char *buf, size_t len, int64_t value);
/* format_count with a unit in front: (-300, "$") -> "-$300"; unit NULL:
 * format_count. Returns buf. */
char *format_amount(char *buf, size_t len, const char *unit, int64_t value);
/* 76599.5 -> "76,599.5": one decimal, digits grouped. Returns buf. */
char *format_decimal(char *buf, size_t len, double value);
/* format_decimal with `places` decimals (0 to 6): (12030.27, 2) -> "12,030.27". */
char *format_decimals(char *buf, size_t len, double value, int places);
/* `noun` for n of it: ("trial", 1) -> "trial", ("trial", 2) -> "trials",
 * ("process", 0) -> "processes". Returns buf. */
char *format_noun(char *buf, size_t len, int64_t n, const char *noun);
/* n and its noun: (1234, "audit") -> "1,234 audits". Returns buf. */
char *format_counted(char *buf, size_t len, int64_t n, const char *noun);
/* 1520000 ns -> "1.520 ms"; picks ns, us, ms or s. Returns buf. */
char *format_duration(char *buf, size_t len, uint64_t ns);

/* "  LEFT  text" with LEFT padded to `left_width` and the text wrapped at
 * word boundaries to 79 columns, continued under itself. */
void format_wrapped(FILE *out, int left_width, const char *left, const char *text);

#endif
