/* explore/render.h: explore's reports, side by side: text.c and json.c.
 * They only read the result. */
#ifndef RACEDEMO_EXPLORE_RENDER_H
#define RACEDEMO_EXPLORE_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "explore/explore.h"

struct text_layout;

/* What a report prints: the result, the line that repeats the
 * exploration, and for each broken requirement the --schedule command
 * that replays its shortest counterexample (NULL where none). */
struct replay_result;
struct explore_report {
    const struct explore_result *res;
    char *command;
    char *replay[REQ_COUNT];
    /* For the page: the first counterexample, replayed with --schedule on
     * real threads (its steps as that page shows them); NULL: none. */
    const struct replay_result *replayed;
    enum explore_requirement replayed_req;
};

/* The verdict word, in the free run's words: RACE (two inside, or a wrong
 * outcome), DEADLOCK (every thread waits), STUCK (one waits for a thread
 * that is done or stopped wanting in), CORRECT; NONE when the search was
 * cut before it found anything. */
const char *explore_verdict_word(const struct explore_result *res);
/* The verdict and why, as the text report says it: "RACE: the lock ...". */
void explore_verdict_text(char *buf, size_t len, const struct explore_result *res);

void render_explore_text(FILE *out, const struct text_layout *layout,
                         const struct explore_report *report);
void render_explore_json(FILE *out, const struct explore_report *report);
void render_explore_csv(FILE *out, const struct explore_report *report);
/* The page: the counts as bars, the requirements, and the first
 * counterexample's replay drawn as a --schedule page draws it; false when
 * out of memory (then nothing was written). */
bool render_explore_html(FILE *out, const struct text_layout *layout,
                         const struct explore_report *report);

#endif
