/* report/format.h: numbers and durations written for people reading a projector. */
#ifndef RACEDEMO_FORMAT_H
#define RACEDEMO_FORMAT_H

#include <stdbool.h>
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
/* The natural logarithm of x > 0, for log scales (racedemo links no maths
 * library): x halved or doubled into [1, 2), then the series of atanh,
 * which converges fast there. 0 for x out of (0, 1e300]. */
double format_ln(double x);
/* 1520000 ns -> "1.520 ms"; picks ns, us, ms or s. Returns buf. */
char *format_duration(char *buf, size_t len, uint64_t ns);

/* ---- the output's width and colour ---- */

/* The narrowest and widest the text output is laid out for. */
enum { FORMAT_WIDTH_MIN = 60, FORMAT_WIDTH_DEFAULT = 80, FORMAT_WIDTH_MAX = 200 };

/* What a command's text output is laid out for, decided once where the
 * command knows its output (the width from $COLUMNS or the terminal, the
 * colour from --color, NO_COLOR and the terminal) and handed to every
 * renderer and format function that wraps or colours. */
struct text_layout {
    int width;  /* columns: FORMAT_WIDTH_MIN to FORMAT_WIDTH_MAX */
    bool color; /* SGR colour codes in the text */
};

/* "  LEFT  text" with LEFT padded to `left_width` and the text wrapped at
 * word boundaries to the layout's width, continued under itself. Colour
 * codes in the text take no room. */
void format_wrapped(FILE *out, const struct text_layout *layout, int left_width, const char *left,
                    const char *text);

/* The width to lay text out for: $COLUMNS when it is a number (`columns`,
 * NULL when unset), else the terminal's (`terminal`, 0 when the output is
 * not a terminal), else 80; never under 60 nor over 200. */
int format_choose_width(const char *columns, int terminal);
/* Columns `text` takes on screen: colour codes take none. */
int format_visible(const char *text);

/* Writes `text` to out with every line longer than the layout's width wrapped at
 * word boundaries, continued under the line's value column ("  label
 * value": under the value; a table row: under its second cell; prose:
 * under its first word). */
void format_fit(FILE *out, const struct text_layout *layout, const char *text);

/* Text written to a stream and kept in memory, to be laid out or
 * embedded once it is whole: capture_begin returns the stream to write to
 * (NULL when out of memory); capture_end closes it and says whether
 * everything written is in buf (len bytes and a NUL; free it). On false,
 * memory ran out on the way: buf is NULL, and nothing of it may be shown
 * as if it were whole (core/platform.h's platform_memstream). */
struct capture {
    char *buf;
    size_t len;
    FILE *f;
};
FILE *capture_begin(struct capture *c);
bool capture_end(struct capture *c);

/* Text written to memory, then fitted to the layout's width into `out`:
 * format_fit_begin returns where to write (out itself when no memory can
 * be had for it: then nothing is fitted, but all is written),
 * format_fit_end fits it. False: memory ran out while the text was being
 * written, and nothing of it was written to out (the caller says so and
 * exits EXIT_FAILED). */
struct format_fit {
    FILE *out;
    struct capture text;
    bool captured;
    struct text_layout layout;
};
FILE *format_fit_begin(struct format_fit *f, FILE *out, const struct text_layout *layout);
bool format_fit_end(struct format_fit *f);

/* fflush(out), for output that is to be seen as it comes (compare's rows).
 * glibc drops what a failed flush could not write, so the last flush
 * before the end may have nothing left to fail on: the errno of the first
 * one that failed is kept for racedemo_finish_output's message, which
 * format_flush_errno reads (and forgets). */
void format_flush(FILE *out);
int format_flush_errno(void);

/* A command line ("racedemo bank --threads 2 ...") that fits: broken
 * before an option, each line but the last ending in " \\" so that it
 * still pastes into a shell, continued 4 columns in. */
void format_command(FILE *out, const struct text_layout *layout, const char *line);

/* "\r" and the progress text cut to the width, then the rest of the line
 * cleared ("\033[K"): a shorter text leaves nothing of the last behind.
 * Returns buf. */
char *format_progress_line(char *buf, size_t len, const char *text, int width);

/* CPU numbers as ranges: {0, 1, 2, 3, 5} -> "0-3, 5". Returns buf. */
char *format_cpu_ranges(char *buf, size_t len, const int *cpus, unsigned n);

/* The compare table's optional columns, least important first: which
 * fit beside the `fixed` columns in `width`. */
enum {
    FORMAT_COL_BAR = 1,   /* the bar to scale: first to go */
    FORMAT_COL_RATIO = 2, /* the time relative to mutex */
    FORMAT_COL_PER_OP = 4,
    FORMAT_COL_TIME = 8,
};
/* `widths[i]` is the room column bit i takes, with its separator.
 * Returns the bits of the columns shown. */
unsigned format_columns_fit(int width, int fixed, const int widths[4]);
/* The compare table's: the bar's 2 + 20, the ratio's 1 + 8, ns/op's 1 + 9,
 * the time's 1 + 10. */
extern const int format_compare_widths[4];
/* The compare table's last cells, those of `shown`, in that room, and the
 * line's end: " TIME NS/OP RATIO  BAR" (the bar in colour). */
void format_compare_cells(FILE *out, const struct text_layout *layout, unsigned shown,
                          const char *time, const char *per_op, const char *ratio, const char *bar);

/* ---- tables whose cells wrap inside their own column ---- */

enum { FORMAT_TABLE_MAX_COLUMNS = 8 };

/* A table's columns, each a heading (one line: it never wraps) and its
 * cells; `right`: right-aligned (numbers). */
struct format_column {
    const char *heading;
    bool right;
};
/* How a table is laid out: `indent` spaces, then the columns `gap` apart,
 * column i `widths[i]` wide; filled by format_table_layout. */
struct format_table {
    const struct format_column *columns;
    size_t ncolumns;
    int indent, gap;
    int widths[FORMAT_TABLE_MAX_COLUMNS];
};
/* The text of a table's cell (row, column), from the caller's rows;
 * NULL or "" for an empty cell. Valid until the next call. */
typedef const char *format_cell_fn(void *ctx, size_t row, size_t column);
/* Chooses the columns' widths for `nrows` rows of cells in the layout's
 * width: every column its widest cell where all fit; else each at least
 * its heading and its longest word, the room left shared in proportion
 * to what each lacks, then moved between columns while that makes the
 * table shorter. Asks for cells as it needs them: no memory is taken. */
void format_table_layout(struct format_table *t, const struct text_layout *layout,
                         format_cell_fn *cell, void *ctx, size_t nrows);
/* The column where column `i` starts. */
int format_table_column_start(const struct format_table *t, size_t i);
/* The headings' line. */
void format_table_heading(FILE *out, const struct format_table *t);
/* One row: each cell wrapped at spaces inside its own column, its
 * continuation lines starting at that column. No line ends in spaces. */
void format_table_row(FILE *out, const struct format_table *t, const char *const *cells);

/* ---- colour ---- */

enum format_color {
    FORMAT_PLAIN,
    FORMAT_RED,    /* RACE, and what was lost */
    FORMAT_GREEN,  /* CORRECT */
    FORMAT_YELLOW, /* STUCK, STALLED, DEADLOCK */
    FORMAT_BOLD,   /* NO RACE SEEN, headline numbers that are right */
    FORMAT_CYAN,   /* the compare bars */
};
/* --color auto: colour only on a terminal, and not when the environment
 * has NO_COLOR set to anything but the empty string (no-color.org). */
bool format_color_auto(bool tty, const char *no_color);
/* The SGR code that starts colour c, or "" when the layout's colour is
 * off; and the one that ends it. */
const char *format_sgr(const struct text_layout *layout, enum format_color c);
const char *format_sgr_end(const struct text_layout *layout, enum format_color c);
/* `text` in colour c: buf, or text itself when colour is off. */
const char *format_paint(char *buf, size_t len, const struct text_layout *layout,
                         enum format_color c, const char *text);
/* The colour of a verdict's text, from its first word. */
enum format_color format_verdict_color(const char *verdict);
/* "  verdict   TEXT", wrapped (format_wrapped), the verdict's word at the
 * start of TEXT in its colour: RACE red, CORRECT green, STUCK, STALLED
 * and DEADLOCK yellow, NO RACE SEEN bold. */
void format_verdict(FILE *out, const struct text_layout *layout, const char *text);

#endif
