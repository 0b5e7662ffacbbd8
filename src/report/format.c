/* report/format.c: digit grouping and duration units; the text's width and
 * colour. */
#define _POSIX_C_SOURCE 200809L /* core/platform.h */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/platform.h"
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

int format_choose_width(const char *columns, int terminal)
{
    int width = FORMAT_WIDTH_DEFAULT;
    char *end = NULL;
    long n = columns ? strtol(columns, &end, 10) : 0;
    if (columns && end != columns && *end == '\0' && n > 0)
        width = n > FORMAT_WIDTH_MAX ? FORMAT_WIDTH_MAX : (int)n;
    else if (terminal > 0)
        width = terminal;
    return width < FORMAT_WIDTH_MIN   ? FORMAT_WIDTH_MIN
           : width > FORMAT_WIDTH_MAX ? FORMAT_WIDTH_MAX
                                      : width;
}

/* The bytes of the escape sequence at p ("\033[31m"), 0 if none starts there. */
static size_t escape_len(const char *p, const char *end)
{
    if (p + 1 >= end || p[0] != '\033' || p[1] != '[')
        return 0;
    const char *q = p + 2;
    while (q < end && !(*q >= 0x40 && *q <= 0x7e))
        q++;
    return q < end ? (size_t)(q - p) + 1 : (size_t)(end - p);
}

static int visible_n(const char *p, size_t n)
{
    const char *end = p + n;
    int cols = 0;
    while (p < end) {
        size_t esc = escape_len(p, end);
        if (esc) {
            p += esc;
            continue;
        }
        /* A UTF-8 character takes one column: count its first byte only. */
        if (((unsigned char)*p & 0xc0) != 0x80)
            cols++;
        p++;
    }
    return cols;
}

int format_visible(const char *text)
{
    return visible_n(text, strlen(text));
}

/* Writes p[0..n) from column `col`, breaking at spaces (never before
 * `nobreak`) so that no line passes `width`; continued at `indent`. */
static void wrap_text(FILE *out, int width, const char *p, size_t n, const char *nobreak, int col,
                      int indent)
{
    const char *end = p + n;
    while (p < end) {
        int room = width - col, vis = 0;
        const char *q = p, *space = NULL;
        while (q < end) {
            size_t esc = escape_len(q, end);
            if (esc) {
                q += esc;
                continue;
            }
            if (*q == ' ' && q > nobreak)
                space = q;
            if (vis == room)
                break;
            if (((unsigned char)*q & 0xc0) != 0x80)
                vis++;
            q++;
        }
        if (q >= end) {
            fwrite(p, 1, (size_t)(end - p), out);
            return;
        }
        const char *cut = *q == ' ' && q > nobreak ? q : space;
        while (cut && cut > p && cut[-1] == ' ')
            cut--;
        if (!cut || cut <= p || cut <= nobreak)
            cut = q; /* one word longer than the line: cut it */
        fwrite(p, 1, (size_t)(cut - p), out);
        fprintf(out, "\n%*s", indent, "");
        p = cut;
        while (p < end && *p == ' ')
            p++;
        col = indent;
    }
}

void format_wrapped(FILE *out, const struct text_layout *layout, int left_width, const char *left,
                    const char *text)
{
    const int indent = 2 + left_width + 1;
    fprintf(out, "  %-*s ", left_width, left);
    wrap_text(out, layout->width, text, strlen(text), text, indent, indent);
    fputc('\n', out);
}

/* Where a long line's continuation goes: under its value ("  label   value"
 * or a table's second cell), else under its first word. */
static int line_indent(const char *line, size_t n, int width, size_t *skip)
{
    size_t lead = 0, i;
    while (lead < n && line[lead] == ' ')
        lead++;
    for (i = lead; i + 1 < n && !(line[i] == ' ' && line[i + 1] == ' '); i++)
        ;
    while (i < n && line[i] == ' ')
        i++;
    int indent = visible_n(line, i < n ? i : lead);
    *skip = i < n ? i : lead;
    if (indent > width - 20) {
        *skip = lead;
        indent = visible_n(line, lead);
    }
    if (indent > width - 20)
        indent = 4;
    return indent;
}

/* A line of prose: it starts at the margin. */
static bool prose(const char *line)
{
    return *line && *line != ' ' && *line != '\n';
}

/* Where the paragraph of prose starting at p ends: at a line that ends a
 * sentence or a lead-in (". ", ":"), a blank or indented line, or the end.
 * *wide: some line of it is wider than `width`. */
static const char *paragraph_end(const char *p, int width, bool *wide)
{
    *wide = false;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        *wide |= visible_n(p, n) > width;
        if (!nl || n == 0 || p[n - 1] == '.' || p[n - 1] == ':' || !prose(nl + 1))
            return p + n;
        p = nl + 1;
    }
}

/* A paragraph of prose too wide for the screen, its lines joined and
 * wrapped again, so that it does not come out ragged. */
static void reflow(FILE *out, int width, const char *p, const char *end)
{
    char *joined = malloc((size_t)(end - p) + 1);
    if (!joined) { /* wrapped line by line instead */
        wrap_text(out, width, p, (size_t)(end - p), p, 0, 0);
        return;
    }
    size_t n = 0;
    for (; p < end; p++)
        joined[n++] = *p == '\n' ? ' ' : *p;
    wrap_text(out, width, joined, n, joined, 0, 0);
    free(joined);
}

void format_fit(FILE *out, const struct text_layout *layout, const char *text)
{
    const int width = layout->width;
    const char *p = text;
    while (*p) {
        bool wide = false;
        const char *end = prose(p) ? paragraph_end(p, width, &wide) : NULL;
        if (wide) {
            reflow(out, width, p, end);
        } else {
            end = strchr(p, '\n');
            size_t n = end ? (size_t)(end - p) : strlen(p);
            end = p + n;
            if (visible_n(p, n) <= width) {
                fwrite(p, 1, n, out);
            } else {
                size_t skip;
                int indent = line_indent(p, n, width, &skip);
                wrap_text(out, width, p, n, p + skip, 0, indent);
            }
        }
        if (!*end)
            return;
        fputc('\n', out);
        p = end + 1;
    }
}

/* The one thing kept outside a render context: what format_flush saw
 * fail, for the end of the run (errno is gone by then). */
static int first_flush_errno;

void format_flush(FILE *out)
{
    if (fflush(out) != 0 && !first_flush_errno)
        first_flush_errno = errno;
}

int format_flush_errno(void)
{
    int why = first_flush_errno;
    first_flush_errno = 0;
    return why;
}

FILE *capture_begin(struct capture *c)
{
    *c = (struct capture){0};
    c->f = platform_memstream(&c->buf, &c->len);
    return c->f;
}

bool capture_end(struct capture *c)
{
    bool ok = c->f && !ferror(c->f);
    /* fclose reports only its own last flush: an earlier one that failed
     * left the error flag, read above. */
    if (c->f && fclose(c->f) != 0)
        ok = false;
    c->f = NULL;
    if (!ok || !c->buf) {
        free(c->buf);
        *c = (struct capture){0};
        return false;
    }
    return true;
}

FILE *format_fit_begin(struct format_fit *f, FILE *out, const struct text_layout *layout)
{
    *f = (struct format_fit){.out = out, .layout = *layout};
    FILE *mem = capture_begin(&f->text);
    f->captured = mem != NULL;
    return mem ? mem : out;
}

bool format_fit_end(struct format_fit *f)
{
    if (!f->captured)
        return true;
    bool whole = capture_end(&f->text);
    if (whole)
        format_fit(f->out, &f->layout, f->text.buf);
    free(f->text.buf);
    *f = (struct format_fit){0};
    return whole;
}

void format_command(FILE *out, const struct text_layout *layout, const char *line)
{
    const int width = layout->width;
    int col = 0;
    const char *p = line;
    while (*p) {
        /* One option and its value: up to the next " --". */
        const char *next = strstr(p + 1, " --");
        size_t n = next ? (size_t)(next - p) : strlen(p);
        const char *word = p[0] == ' ' ? p + 1 : p;
        size_t wn = n - (size_t)(word - p);
        if (col > 4 && col + 1 + (int)wn + 2 > width) {
            fputs(" \\\n    ", out); /* the shell joins the lines again */
            col = 4;
        } else if (word != p) {
            fputc(' ', out);
            col++;
        }
        /* Longer than any line (a long --schedule): cut inside the word,
         * where a backslash-newline joins it with nothing in between. */
        while (col + (int)wn + 2 > width && width - 1 - col > 0) {
            size_t k = (size_t)(width - 1 - col);
            fwrite(word, 1, k, out);
            fputs("\\\n", out);
            word += k;
            wn -= k;
            col = 0;
        }
        fwrite(word, 1, wn, out);
        col += (int)wn;
        p += n;
    }
    fputc('\n', out);
}

char *format_progress_line(char *buf, size_t len, const char *text, int width)
{
    /* One column short of the width: a terminal that wraps at the last
     * column would move to a new line, and "\r" would not come back. */
    int room = width - 1, n = 0;
    const char *p = text;
    while (*p && n < room) {
        if (((unsigned char)*p & 0xc0) != 0x80)
            n++;
        p++;
    }
    while (((unsigned char)*p & 0xc0) == 0x80)
        p++;
    snprintf(buf, len, "\r%.*s\033[K", (int)(p - text), text);
    return buf;
}

char *format_cpu_ranges(char *buf, size_t len, const int *cpus, unsigned n)
{
    bool seen[1024] = {false};
    size_t used = 0;
    buf[0] = '\0';
    for (unsigned i = 0; i < n; i++)
        if (cpus[i] >= 0 && cpus[i] < 1024)
            seen[cpus[i]] = true;
    for (int c = 0; c < 1024 && used < len; c++) {
        if (!seen[c])
            continue;
        int last = c;
        while (last + 1 < 1024 && seen[last + 1])
            last++;
        int k = last == c ? snprintf(buf + used, len - used, "%s%d", used ? ", " : "", c)
                          : snprintf(buf + used, len - used, "%s%d-%d", used ? ", " : "", c, last);
        used += k > 0 ? (size_t)k : 0;
        c = last;
    }
    return buf;
}

unsigned format_columns_fit(int width, int fixed, const int widths[4])
{
    unsigned shown = FORMAT_COL_BAR | FORMAT_COL_RATIO | FORMAT_COL_PER_OP | FORMAT_COL_TIME;
    int total = fixed;
    for (int i = 0; i < 4; i++)
        total += widths[i];
    for (int i = 0; i < 4 && total > width; i++) {
        shown &= ~(1u << i);
        total -= widths[i];
    }
    return shown;
}

const int format_compare_widths[4] = {22, 9, 10, 11};

void format_compare_cells(FILE *out, const struct text_layout *layout, unsigned shown,
                          const char *time, const char *per_op, const char *ratio, const char *bar)
{
    if (shown & FORMAT_COL_TIME)
        fprintf(out, " %10s", time);
    if (shown & FORMAT_COL_PER_OP)
        fprintf(out, " %9s", per_op);
    if (shown & FORMAT_COL_RATIO)
        fprintf(out, " %8s", ratio);
    /* A heading is no bar: it stays plain. */
    bool marks = bar[0] == '#';
    if (shown & FORMAT_COL_BAR)
        fprintf(out, "  %s%s%s", marks ? format_sgr(layout, FORMAT_CYAN) : "", bar,
                marks ? format_sgr_end(layout, FORMAT_CYAN) : "");
    fputc('\n', out);
}

bool format_color_auto(bool tty, const char *no_color)
{
    return tty && !(no_color && no_color[0]);
}

const char *format_sgr(const struct text_layout *layout, enum format_color c)
{
    static const char *const codes[] = {
        [FORMAT_PLAIN] = "",          [FORMAT_RED] = "\033[31m", [FORMAT_GREEN] = "\033[32m",
        [FORMAT_YELLOW] = "\033[33m", [FORMAT_BOLD] = "\033[1m", [FORMAT_CYAN] = "\033[36m",
    };
    return layout->color ? codes[c] : "";
}

const char *format_sgr_end(const struct text_layout *layout, enum format_color c)
{
    return layout->color && c != FORMAT_PLAIN ? "\033[0m" : "";
}

const char *format_paint(char *buf, size_t len, const struct text_layout *layout,
                         enum format_color c, const char *text)
{
    if (!layout->color || c == FORMAT_PLAIN)
        return text;
    snprintf(buf, len, "%s%s%s", format_sgr(layout, c), text, format_sgr_end(layout, c));
    return buf;
}

enum format_color format_verdict_color(const char *verdict)
{
    static const struct {
        const char *word;
        enum format_color color;
    } words[] = {
        {"RACE", FORMAT_RED},       {"CORRECT", FORMAT_GREEN},   {"STUCK", FORMAT_YELLOW},
        {"STALLED", FORMAT_YELLOW}, {"DEADLOCK", FORMAT_YELLOW}, {"NO RACE SEEN", FORMAT_BOLD},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i].word);
        if (strncmp(verdict, words[i].word, n) == 0 && !(verdict[n] >= 'A' && verdict[n] <= 'Z'))
            return words[i].color;
    }
    return FORMAT_PLAIN;
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

void format_verdict(FILE *out, const struct text_layout *layout, const char *text)
{
    enum format_color c = format_verdict_color(text);
    if (c == FORMAT_PLAIN || !layout->color) {
        format_wrapped(out, layout, 9, "verdict", text);
        return;
    }
    size_t word = 0;
    if (strncmp(text, "NO RACE SEEN", 12) == 0)
        word = 12;
    else
        while (text[word] >= 'A' && text[word] <= 'Z')
            word++;
    char painted[2048];
    snprintf(painted, sizeof painted, "%s%.*s%s%s", format_sgr(layout, c), (int)word, text,
             format_sgr_end(layout, c), text + word);
    format_wrapped(out, layout, 9, "verdict", painted);
}

double format_ln(double x)
{
    if (!(x > 0) || x > 1e300) /* no caller passes these; never loop on them */
        return 0;
    int twos = 0;
    while (x >= 2) {
        x /= 2;
        twos++;
    }
    while (x < 1) {
        x *= 2;
        twos--;
    }
    double y = (x - 1) / (x + 1), term = y, sum = 0;
    for (int k = 1; k < 40; k += 2, term *= y * y)
        sum += term / k;
    return twos * 0.69314718055994531 + 2 * sum;
}

/* ---- tables whose cells wrap inside their own column ---- */

/* The widest word of `text`: a column narrower than it would cut it. */
static int longest_word(const char *text)
{
    int longest = 0;
    while (*text) {
        while (*text == ' ')
            text++;
        size_t n = strcspn(text, " ");
        int w = visible_n(text, n);
        longest = w > longest ? w : longest;
        text += n;
    }
    return longest;
}

static const char *cell_text(format_cell_fn *cell, void *ctx, size_t row, size_t column)
{
    const char *text = cell(ctx, row, column);
    return text ? text : "";
}

/* The bytes of the next line of a cell `width` wide, from *p: up to the
 * last space that keeps it in the width (or cut inside a word longer than
 * the width); *p moves past it and the spaces after it. */
static size_t cell_line(const char **p, int width)
{
    const char *s = *p, *end = s + strlen(s), *q = s, *space = NULL;
    int vis = 0;
    width = width < 1 ? 1 : width; /* every line takes something: no endless loop */
    while (q < end) {
        size_t esc = escape_len(q, end);
        if (esc) {
            q += esc;
            continue;
        }
        bool first = ((unsigned char)*q & 0xc0) != 0x80;
        if (first && vis == width)
            break;
        if (*q == ' ')
            space = q;
        vis += first;
        q++;
    }
    const char *cut = q >= end || *q == ' ' ? q : space && space > s ? space : q;
    size_t n = (size_t)(cut - s);
    while (n && s[n - 1] == ' ')
        n--;
    while (*cut == ' ')
        cut++;
    *p = cut;
    return n;
}

/* The lines `text` takes in a column `width` wide. */
static int cell_lines(const char *text, int width)
{
    int lines = 0;
    while (*text) {
        cell_line(&text, width);
        lines++;
    }
    return lines;
}

/* The lines all rows take with the columns' present widths. */
static long table_lines(const struct format_table *t, format_cell_fn *cell, void *ctx, size_t nrows)
{
    long total = 0;
    for (size_t r = 0; r < nrows; r++) {
        int most = 1;
        for (size_t i = 0; i < t->ncolumns; i++) {
            int n = cell_lines(cell_text(cell, ctx, r, i), t->widths[i]);
            most = n > most ? n : most;
        }
        total += most;
    }
    return total;
}

/* The room left after the columns' minimums: shared in proportion to
 * what each column lacks, then moved between columns while a move makes
 * the table shorter (fewest lines: the short cells stay on one line). */
static void table_share(struct format_table *t, const int *natural, const int *least, int room,
                        format_cell_fn *cell, void *ctx, size_t nrows)
{
    long lack = 0;
    for (size_t i = 0; i < t->ncolumns; i++)
        lack += natural[i] - least[i];
    int given = 0;
    for (size_t i = 0; i < t->ncolumns && lack > 0; i++) {
        int share = (int)((long)room * (natural[i] - least[i]) / lack);
        t->widths[i] = least[i] + share;
        given += share;
    }
    for (size_t i = 0; given < room && i < t->ncolumns; i++)
        if (t->widths[i] < natural[i]) {
            t->widths[i] += room - given;
            given = room;
        }
    /* The search judges by the first rows: a long schedule's steps repeat
     * its first ones, and the search stays quick. */
    nrows = nrows > 60 ? 60 : nrows;
    long best = table_lines(t, cell, ctx, nrows);
    for (int pass = 0; pass < 4; pass++) {
        bool better = false;
        for (size_t from = 0; from < t->ncolumns; from++)
            for (size_t to = 0; to < t->ncolumns; to++) {
                if (from == to)
                    continue;
                int spare = t->widths[from] - least[from];
                int keep_from = t->widths[from], keep_to = t->widths[to], best_k = 0;
                for (int k = 1; k <= spare; k++) {
                    t->widths[from] = keep_from - k;
                    t->widths[to] = keep_to + k;
                    long lines = table_lines(t, cell, ctx, nrows);
                    if (lines < best) {
                        best = lines;
                        best_k = k;
                    }
                }
                t->widths[from] = keep_from - best_k;
                t->widths[to] = keep_to + best_k;
                better |= best_k > 0;
            }
        if (!better)
            break;
    }
}

void format_table_layout(struct format_table *t, const struct text_layout *layout,
                         format_cell_fn *cell, void *ctx, size_t nrows)
{
    int natural[FORMAT_TABLE_MAX_COLUMNS] = {0}, least_width[FORMAT_TABLE_MAX_COLUMNS] = {0};
    if (t->ncolumns > FORMAT_TABLE_MAX_COLUMNS)
        t->ncolumns = FORMAT_TABLE_MAX_COLUMNS;
    int used = t->indent + t->gap * (int)(t->ncolumns ? t->ncolumns - 1 : 0);
    for (size_t i = 0; i < t->ncolumns; i++) {
        int least = format_visible(t->columns[i].heading);
        natural[i] = least;
        for (size_t r = 0; r < nrows; r++) {
            const char *text = cell_text(cell, ctx, r, i);
            int w = format_visible(text), word = longest_word(text);
            natural[i] = w > natural[i] ? w : natural[i];
            least = word > least ? word : least;
        }
        t->widths[i] = least_width[i] = least;
        used += least;
    }
    int natural_total = t->indent + t->gap * (int)(t->ncolumns ? t->ncolumns - 1 : 0);
    for (size_t i = 0; i < t->ncolumns; i++)
        natural_total += natural[i];
    if (natural_total <= layout->width) {
        memcpy(t->widths, natural, t->ncolumns * sizeof natural[0]);
        return;
    }
    if (used < layout->width)
        table_share(t, natural, least_width, layout->width - used, cell, ctx, nrows);
}

int format_table_column_start(const struct format_table *t, size_t i)
{
    int col = t->indent;
    for (size_t k = 0; k < i && k < t->ncolumns; k++)
        col += t->widths[k] + t->gap;
    return col;
}

/* Writes one line of the cells (the part of each that *rest points at),
 * padded to their columns; false when nothing was left to write. */
static bool table_line(FILE *out, const struct format_table *t, const char **rest)
{
    bool any = false;
    size_t last = 0;
    for (size_t i = 0; i < t->ncolumns; i++)
        if (*rest[i]) {
            any = true;
            last = i;
        }
    if (!any)
        return false;
    int col = 0;
    for (size_t i = 0; i <= last; i++) {
        int start = format_table_column_start(t, i);
        const char *text = rest[i];
        size_t n = cell_line(&rest[i], t->widths[i]);
        int w = visible_n(text, n);
        if (n && t->columns[i].right)
            start += t->widths[i] - w;
        if (n) {
            fprintf(out, "%*s", start - col, "");
            fwrite(text, 1, n, out);
            col = start + w;
        }
    }
    fputc('\n', out);
    return true;
}

void format_table_heading(FILE *out, const struct format_table *t)
{
    const char *rest[FORMAT_TABLE_MAX_COLUMNS];
    for (size_t i = 0; i < t->ncolumns; i++)
        rest[i] = t->columns[i].heading;
    /* A heading never wraps: the layout gave its column at least its width. */
    table_line(out, t, rest);
}

void format_table_row(FILE *out, const struct format_table *t, const char *const *cells)
{
    const char *rest[FORMAT_TABLE_MAX_COLUMNS];
    for (size_t i = 0; i < t->ncolumns; i++)
        rest[i] = cells[i] ? cells[i] : "";
    while (table_line(out, t, rest))
        ;
}
