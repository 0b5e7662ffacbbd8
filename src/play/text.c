/* play/text.c: a game as text (play/render.h). */
#include "play/render.h"

#include <stdlib.h>

#include "racedemo/sync_replay.h"
#include "replay/model.h"

static void render_thread(FILE *out, const struct text_layout *layout, struct play_game *g,
                          unsigned t)
{
    struct play_thread th;
    play_game_thread(g, t, &th);
    char iter[48] = "";
    if (g->model->iters > 1)
        snprintf(iter, sizeof iter, ", iteration %llu of %llu",
                 (unsigned long long)(th.iter + (th.next != PLAY_DONE)),
                 (unsigned long long)g->model->iters);
    char paint[160];
    const char *how = th.next == PLAY_DONE ? "done"
                      : th.next == PLAY_WAITS
                          ? format_paint(paint, sizeof paint, layout, FORMAT_YELLOW, "waits")
                          : "next";
    fprintf(out, "%c  %s%s%s%s%s\n", sync_replay_letter(t), how, th.why[0] ? ": " : "", th.why,
            iter, th.inside ? ", inside" : "");
    for (unsigned line = 0; line < g->nlines; line++) {
        bool at = th.next != PLAY_DONE && line == th.line;
        fprintf(out, "  %s %s%s%s\n", at ? ">" : " ", at ? format_sgr(layout, FORMAT_BOLD) : "",
                g->code[t][line], at ? format_sgr_end(layout, FORMAT_BOLD) : "");
    }
    /* The thread's own registers, as its last step left them. */
    for (size_t i = g->nmoves; i-- > 0;)
        if (g->moves[i].thread == t && g->moves[i].detail[0]) {
            fprintf(out, "  last read or written: %s\n", g->moves[i].detail);
            break;
        }
}

void play_render_state(FILE *out, const struct text_layout *layout, struct play_game *g)
{
    for (unsigned t = 0; t < g->nthreads; t++)
        render_thread(out, layout, g, t);
    char data[128], lock[128];
    play_game_shared(g, data, sizeof data, lock, sizeof lock);
    fprintf(out, "shared  %s\n", data);
    if (lock[0])
        fprintf(out, "lock    %s\n", lock);
    char *letters = malloc(g->nmoves + 1);
    if (letters) {
        play_game_letters(g, letters);
        fprintf(out, "moves   %zu%s%s\n", g->nmoves, g->nmoves ? ": " : "", letters);
        free(letters);
    }
    uint32_t left = play_game_to_win(g);
    char paint[200];
    if (play_game_won(g))
        fprintf(out, "goal    %s\n", format_paint(paint, sizeof paint, layout, FORMAT_RED, "met"));
    else if (left != PLAY_NEVER)
        fprintf(out, "goal    %s\n        the fewest moves from here: %u\n", g->goal.goal_text,
                left);
    else if (play_game_shortest(g) != PLAY_NEVER) {
        char hint[160];
        snprintf(hint, sizeof hint, "from here no schedule can %s: undo (u)", g->goal.verb);
        fprintf(out, "goal    %s\n        %s\n", g->goal.goal_text,
                format_paint(paint, sizeof paint, layout, FORMAT_YELLOW, hint));
    } else
        fprintf(out, "goal    %s\n", g->goal.goal_text);
}

void play_render_take(FILE *out, const struct text_layout *layout, const struct play_game *g,
                      enum play_take took, const struct play_move *move)
{
    char who = sync_replay_letter(move->thread);
    if (took == PLAY_DONE) {
        fprintf(out, "%c is done: it does not move\n", who);
        return;
    }
    if (took == PLAY_WAITS) {
        fprintf(out, "%c waits at %s%s%s: it does not move\n", who, move->op,
                move->detail[0] ? ": " : "", move->detail);
        return;
    }
    fprintf(out, "move %zu: %c %s%s%s\n", g->nmoves, who, move->op, move->detail[0] ? ": " : "",
            move->detail);
    char paint[200];
    if (move->mark[0])
        fprintf(out, "        %s\n",
                format_paint(paint, sizeof paint, layout, FORMAT_RED, move->mark));
}

void play_render_keys(FILE *out, const struct play_game *g)
{
    fprintf(out, "keys    a");
    for (unsigned t = 1; t < g->nthreads; t++)
        fprintf(out, ", %c", 'a' + t);
    fprintf(out, ": that thread takes its next step; u: undo; r: restart; ?: help; q: quit\n");
}
