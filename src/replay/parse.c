/* replay/parse.c: --schedule's text as the steps to replay: letters
 * ("ABAB"), thread:step words ("A:load B:load"), random or every:N. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "racedemo/options.h"
#include "racedemo/replay.h"
#include "replay/letter.h"
#include "core/options.h"
#include "replay/replay.h"

int replay_parse(const char *text, struct replay_spec *spec, char *err, size_t errlen)
{
    memset(spec, 0, sizeof *spec);
    if (strcmp(text, "random") == 0) {
        spec->kind = REPLAY_RANDOM;
        return 0;
    }
    if (strncmp(text, "every:", 6) == 0) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(text + 6, &end, 10);
        if (text[6] < '0' || text[6] > '9' || *end || errno || n == 0 || n > REPLAY_MAX_STEPS) {
            char got[OPT_QUOTE_LEN];
            snprintf(err, errlen, "--schedule every:N expects N from 1 to %u; got %s",
                     REPLAY_MAX_STEPS, options_quote(got, sizeof got, text));
            return -1;
        }
        spec->kind = REPLAY_EVERY;
        spec->every = n;
        return 0;
    }
    spec->kind = REPLAY_LIST;
    spec->entries = calloc(REPLAY_MAX_STEPS, sizeof *spec->entries);
    if (!spec->entries) {
        snprintf(err, errlen, "out of memory for the schedule");
        return ENOMEM; /* not the user's doing: status 4, not 2 */
    }
    /* Either letters ("ABAB", spaces allowed) or thread:step words. */
    const char *p = text;
    while (*p) {
        if (*p == ' ' || *p == ',') {
            p++;
            continue;
        }
        if (*p < 'A' || *p > 'Z') {
            /* The whole character, escaped if a control: one line of UTF-8. */
            char one[5] = {*p}, got[OPT_QUOTE_LEN];
            for (size_t k = 1; k < 4 && (*p & 0xC0) == 0xC0 && (p[k] & 0xC0) == 0x80; k++)
                one[k] = p[k];
            snprintf(err, errlen,
                     "--schedule: %s is not a thread; threads are letters A, B..., "
                     "e.g. ABAB or 'A:load B:load', or random, or every:N",
                     options_quote(got, sizeof got, one));
            replay_spec_free(spec);
            return -1;
        }
        if (spec->nentries == REPLAY_MAX_STEPS) {
            snprintf(err, errlen, "--schedule: more than %u steps", REPLAY_MAX_STEPS);
            replay_spec_free(spec);
            return -1;
        }
        struct replay_entry *e = &spec->entries[spec->nentries++];
        e->thread = (unsigned)(*p++ - 'A');
        if (*p == ':') {
            size_t n = strcspn(++p, " ,");
            if (n == 0) {
                snprintf(err, errlen, "--schedule: %c: names no step", letter(e->thread));
                replay_spec_free(spec);
                return -1;
            }
            /* Kept whole or refused: a word cut to fit would name another. */
            if (n >= sizeof e->step) {
                snprintf(err, errlen,
                         "--schedule: at step %zu, %c: names a step longer than any step's name",
                         spec->nentries, letter(e->thread));
                replay_spec_free(spec);
                return -1;
            }
            memcpy(e->step, p, n);
            e->step[n] = '\0';
            p += n;
        }
    }
    if (spec->nentries == 0) {
        snprintf(err, errlen, "--schedule: no steps given");
        replay_spec_free(spec);
        return -1;
    }
    return 0;
}

void replay_spec_free(struct replay_spec *spec)
{
    free(spec->entries);
    spec->entries = NULL;
    spec->nentries = 0;
}
