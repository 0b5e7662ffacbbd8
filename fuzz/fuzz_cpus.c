/* fuzz_cpus.c: libFuzzer target for the value parsers: --cpus (a list of
 * CPU numbers, as options_parse takes it), the count parser under two
 * ranges, and options_quote, which puts any of them into a message. A
 * --cpus list it takes must come back the same from the text racedemo
 * prints for it. */
#include "fuzz.h"
#include "racedemo/options.h"
#include "racedemo/workload.h"
#include "run/run.h"
#include "core/options.h"

/* --cpus TEXT through the parser: 0 and the mask, or -1 (err checked). */
static int parse_cpus(const char *text, uint64_t *mask)
{
    struct run_config run;
    struct opt_set set = {.opts = workload_run_options, .base = &run};
    char *argv[] = {"counter", "--cpus", (char *)text, NULL};
    char err[512];
    if (options_parse(&set, 1, 3, argv, err, sizeof err) != OPT_OK) {
        fuzz_check_message(err, sizeof err, text);
        return -1;
    }
    *mask = run.cpus;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *text = fuzz_text(data, size);
    if (!text)
        return 0;
    uint64_t mask, again;
    if (parse_cpus(text, &mask) == 0) {
        struct run_config run = {.cpus = mask};
        const struct opt *cpus = workload_run_options;
        while (strcmp(cpus->name, "cpus") != 0)
            cpus++;
        char shown[256];
        options_value_text(cpus, &run, shown, sizeof shown);
        if (mask == 0 || parse_cpus(shown, &again) != 0 || again != mask)
            abort();
    }
    uint64_t v;
    if (options_parse_count(text, 1, 1000000000u, &v) == COUNT_OK && (v < 1 || v > 1000000000u))
        abort();
    (void)options_parse_count(text, 0, UINT64_MAX, &v);
    /* Every size a caller may give: always whole, quoted, NUL-ended. */
    char quoted[OPT_QUOTE_LEN];
    for (size_t len = 8; len <= sizeof quoted; len += 9) {
        options_quote(quoted, len, text);
        size_t n = strlen(quoted);
        if (n < 2 || n >= len || quoted[0] != '\'' || quoted[n - 1] != '\'' || strchr(quoted, '\n'))
            abort();
    }
    free(text);
    return 0;
}
