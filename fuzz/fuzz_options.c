/* fuzz_options.c: libFuzzer target for the command-line parser and every
 * option value parser. The input is split into arguments at newlines; the
 * first byte picks the workload whose options are parsed. Whatever comes
 * in, parsing must end with OK, HELP, a list or one error line, and never
 * crash, hang or overflow (built with ASan and UBSan). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "replay.h"
#include "workloads/workload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 4096)
        return 0;
    size_t nworkloads = 0;
    while (workloads[nworkloads])
        nworkloads++;
    const struct workload *w = workloads[data[0] % nworkloads];
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    char *argv[MAX_ARGS + 1];
    int argc = 0;
    argv[argc++] = (char *)w->name;
    for (char *p = text; argc < MAX_ARGS;) {
        argv[argc++] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    argv[argc] = NULL;

    struct run_config run;
    void *config = calloc(1, w->config_size);
    char err[512];
    if (config) {
        struct opt_set sets[] = {workload_run_set(w, &run, false),
                                 {.opts = w->options, .base = config}};
        if (options_parse(sets, 2, argc, argv, err, sizeof err) == OPT_OK) {
            if (w->configure)
                w->configure(&run, config);
            (void)workload_check(w, &run, config, err, sizeof err);
            struct replay_spec spec;
            if (run.schedule && replay_parse(run.schedule, &spec, err, sizeof err) == 0)
                replay_spec_free(&spec);
        }
    }
    /* Every argument as a count and as a schedule on its own, too. */
    for (int i = 1; i < argc; i++) {
        uint64_t v;
        (void)options_parse_count(argv[i], 0, UINT64_MAX, &v);
        (void)options_parse_count(argv[i], 1, 1000000000u, &v);
        struct replay_spec spec;
        if (replay_parse(argv[i], &spec, err, sizeof err) == 0)
            replay_spec_free(&spec);
    }
    free(config);
    free(text);
    return 0;
}
