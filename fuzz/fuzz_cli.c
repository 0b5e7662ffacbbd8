/* fuzz_cli.c: libFuzzer target for the whole command line of a workload,
 * up to the moment a thread would start: cli_check() parses, prints help,
 * checks the settings together (workload_check, the replay options,
 * compare_check) and parses and checks a --schedule, but runs nothing.
 * The first byte picks the workload and whether compare runs it; the rest
 * is split into arguments at newlines. A bad command line must get exactly
 * one whole line on stderr and status 2. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <stdbool.h>
#include <stdio.h>

#include "racedemo/racedemo.h"
#include "fuzz.h"
#include "cli/cli.h"

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *devnull;
    if (!devnull)
        devnull = fopen("/dev/null", "w");
    if (size == 0 || size > 4096 || !devnull)
        return 0;
    size_t nworkloads = 0;
    while (workloads[nworkloads])
        nworkloads++;
    char *text = fuzz_text(data + 1, size - 1);
    /* Whether the user typed "(null)", before the arguments are cut apart. */
    bool typed_null = text && strstr(text, "(null)");
    if (!text)
        return 0;
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    /* Bytes 0-3 are the workloads alone, as the first corpus has them. */
    if (data[0] / nworkloads % 2)
        argv[argc++] = "compare";
    argv[argc++] = (char *)workloads[data[0] % nworkloads]->name;
    for (char *p = text; argc < MAX_ARGS;) {
        argv[argc++] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    argv[argc] = NULL;

    char *msg = NULL;
    size_t msglen = 0;
    FILE *err = open_memstream(&msg, &msglen);
    if (err) {
        int status = cli_check(argc, argv, devnull, err);
        fclose(err);
        /* One line: what the buffers of cli.c hold, less the newline. */
        if (status == EXIT_USAGE) {
            if (msglen == 0 || msg[msglen - 1] != '\n')
                abort();
            msg[msglen - 1] = '\0';
            fuzz_check_message(
                msg, 512 + sizeof "racedemo compare prodcons: ", typed_null ? "(null)" : NULL);
        } else if (status != EXIT_OK || msglen != 0) {
            abort();
        }
        free(msg);
    }
    free(text);
    return 0;
}
