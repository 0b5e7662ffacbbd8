/* play/text.c: a game as text (play/render.h). */
#include "play/render.h"

#include <stdlib.h>

#include "racedemo/sync_replay.h"
#include "replay/model.h"

/* Labelled lines, the text wrapped under itself. */
#define LABEL_WIDTH PLAY_LABEL_WIDTH

/* Thread t: how it stands, what its last step read or wrote (its own
 * registers, such as acc, are seen only there), and its code with a
 * cursor on the step it takes next. */
static void render_thread(FILE *out, const struct text_layout *layout, struct play_game *g,
                          unsigned t)
{
    struct play_thread th;
    play_game_thread(g, t, &th);
    char text[400], paint[160], iter[48] = "", last[140] = "";
    if (g->model->iters > 1)
        snprintf(iter, sizeof iter, ", iteration %llu of %llu",
                 (unsigned long long)th.iter + (th.next != PLAY_DONE),
                 (unsigned long long)g->model->iters);
    for (size_t i = g->nmoves; i-- > 0;)
        if (g->moves[i].thread == t && g->moves[i].detail[0]) {
            snprintf(last, sizeof last, "; last read or written: %s", g->moves[i].detail);
            break;
        }
    const char *how = th.next == PLAY_DONE ? "done"
                      : th.next == PLAY_WAITS
                          ? format_paint(paint, sizeof paint, layout, FORMAT_YELLOW, "waits")
                          : "next";
    snprintf(text, sizeof text, "%s%s%s%s%s%s", how, th.why[0] ? ": " : "", th.why, iter,
             th.inside ? ", inside" : "", last);
    char letter[2] = {sync_replay_letter(t), '\0'};
    format_wrapped(out, layout, LABEL_WIDTH, letter, text);
    for (unsigned line = 0; line < g->nlines; line++) {
        bool at = th.next != PLAY_DONE && line == th.line;
        fprintf(out, "%*s%s %s%s%s\n", LABEL_WIDTH + 3, "", at ? ">" : " ",
                at ? format_sgr(layout, FORMAT_BOLD) : "", g->code[t][line],
                at ? format_sgr_end(layout, FORMAT_BOLD) : "");
    }
}

/* The goal, and how far it is: the fewest moves from here, or the hint
 * that no schedule reaches it any more. */
static void render_goal(FILE *out, const struct text_layout *layout, struct play_game *g)
{
    char paint[240], text[200];
    uint32_t left = play_game_to_win(g);
    if (play_game_won(g)) {
        format_wrapped(out, layout, LABEL_WIDTH, "goal",
                       format_paint(paint, sizeof paint, layout, FORMAT_GREEN, "met"));
        return;
    }
    format_wrapped(out, layout, LABEL_WIDTH, "goal", g->goal.goal_text);
    if (left != PLAY_NEVER) {
        snprintf(text, sizeof text, "the fewest moves from here: %u", left);
        format_wrapped(out, layout, LABEL_WIDTH, "", text);
    } else if (play_game_shortest(g) != PLAY_NEVER) {
        snprintf(text, sizeof text, "from here no schedule can %s: undo (u)", g->goal.verb);
        format_wrapped(out, layout, LABEL_WIDTH, "",
                       format_paint(paint, sizeof paint, layout, FORMAT_YELLOW, text));
    }
}

void play_render_state(FILE *out, const struct text_layout *layout, struct play_game *g)
{
    for (unsigned t = 0; t < g->nthreads; t++)
        render_thread(out, layout, g, t);
    char data[128], lock[128];
    play_game_shared(g, data, sizeof data, lock, sizeof lock);
    format_wrapped(out, layout, LABEL_WIDTH, "shared", data);
    if (lock[0])
        format_wrapped(out, layout, LABEL_WIDTH, "lock", lock);
    char buffers[160];
    play_game_buffers(g, g->at, buffers, sizeof buffers);
    if (buffers[0]) /* --model tso: what waits to reach memory */
        format_wrapped(out, layout, LABEL_WIDTH, "buffer", buffers);
    char *letters = malloc(g->nmoves * PLAY_MOVE_TEXT + 1);
    if (letters) {
        char text[64 + 1];
        play_game_letters(g, letters);
        snprintf(text, sizeof text, "%zu%s", g->nmoves, g->nmoves ? ": " : "");
        fprintf(out, "  %-*s %s%s\n", LABEL_WIDTH, "moves", text, letters);
        free(letters);
    }
    render_goal(out, layout, g);
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
    fprintf(out, "  %-*s a", LABEL_WIDTH, "keys");
    for (unsigned t = 1; t < g->nthreads; t++)
        fprintf(out, " %c", 'a' + t);
    fprintf(out, ": step  ");
    if (play_game_moves(g) > g->nthreads) { /* --model tso */
        for (unsigned t = 0; t < g->nthreads; t++)
            fprintf(out, "%s%u", t ? " " : "", t + 1);
        fprintf(out, ": flush  ");
    }
    fprintf(out, "u: undo  r: restart  ?: help  q: quit\n");
}

void play_render_help(FILE *out, const struct text_layout *layout, const struct play_game *g)
{
    (void)layout;
    /* Three lines of under 60 columns: they fit under the screen's 21. */
    fprintf(out, "  %-*s a", LABEL_WIDTH, "help");
    for (unsigned t = 1; t < g->nthreads; t++)
        fprintf(out, " %c", 'a' + t);
    fprintf(out,
            ": the thread takes the step at its cursor >;\n"
            "%*sone that waits or is done says so and stays put.\n"
            "%*sacc and the like: the thread's own registers.\n",
            LABEL_WIDTH + 3, "", LABEL_WIDTH + 3, "");
    if (play_game_moves(g) > g->nthreads)
        fprintf(out,
                "%*s1, 2...: that thread's oldest buffered store\n"
                "%*sreaches memory (a flush); others see it then.\n",
                LABEL_WIDTH + 3, "", LABEL_WIDTH + 3, "");
}
