/* fuzz_schedule.c: libFuzzer target for the --schedule parser and the
 * checks a replay makes before its threads start. The first byte picks the
 * workload, the strategy and the thread count; the rest is the schedule. */
#include "fuzz.h"
#include "racedemo/replay.h"
#include "racedemo/workload.h"
#include "replay/replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 65536)
        return 0;
    size_t nworkloads = 0, nstrategies = 0;
    while (workloads[nworkloads])
        nworkloads++;
    while (sync_strategies[nstrategies])
        nstrategies++;
    const struct workload *w = workloads[data[0] % nworkloads];
    const struct sync_strategy *s = sync_strategies[data[0] / nworkloads % nstrategies];
    unsigned nthreads = 1u + data[0] % 5u;
    char *text = fuzz_text(data + 1, size - 1);
    if (!text)
        return 0;
    char err[512];
    struct replay_spec spec;
    if (replay_parse(text, &spec, err, sizeof err) != 0) {
        fuzz_check_message(err, sizeof err, text);
    } else {
        /* What was parsed is what the replay may trust. */
        if (spec.kind == REPLAY_LIST && (spec.nentries == 0 || spec.nentries > REPLAY_MAX_STEPS))
            abort();
        for (size_t i = 0; spec.kind == REPLAY_LIST && i < spec.nentries; i++)
            if (spec.entries[i].thread >= 26 ||
                strlen(spec.entries[i].step) >= sizeof spec.entries[i].step)
                abort();
        if (spec.kind == REPLAY_EVERY && (spec.every == 0 || spec.every > REPLAY_MAX_STEPS))
            abort();
        if (replay_check(w->replay, &spec, s, nthreads, 1, err, sizeof err) != 0)
            fuzz_check_message(err, sizeof err, text);
        replay_spec_free(&spec);
    }
    free(text);
    return 0;
}
