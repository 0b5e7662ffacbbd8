/* play/render.h: a game's state and its moments (a move, a wait, the
 * end) as text, for the scripted mode and the terminal's screen. */
#ifndef RACEDEMO_PLAY_RENDER_H
#define RACEDEMO_PLAY_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "play/game.h"
#include "report/format.h"

/* The width of a labelled line's label: "  shared N = 0". */
#define PLAY_LABEL_WIDTH 6

/* The state reached: each thread's code with a cursor on its next step,
 * the shared data and the lock, the moves so far and the goal. */
void play_render_state(FILE *out, const struct text_layout *layout, struct play_game *g);
/* What a letter pressed did: the step taken, or why the thread did not
 * move. */
void play_render_take(FILE *out, const struct text_layout *layout, const struct play_game *g,
                      enum play_take took, const struct play_move *move);
/* The keys, for `?` and the start. */
void play_render_keys(FILE *out, const struct play_game *g);
/* What the keys do and what the screen shows, for `?`. */
void play_render_help(FILE *out, const struct text_layout *layout, const struct play_game *g);
/* The game as one self-contained page: the graph as JSON and a script
 * that walks it (html.c). command is the line that makes the page,
 * replay_prefix the --schedule command without its letters. False when
 * out of memory: nothing was written. */
bool play_render_html(FILE *out, struct play_game *g, const char *title, const char *command,
                      const char *replay_prefix);

#endif
