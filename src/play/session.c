/* play/session.c: one game of `racedemo play`: the graph explored, the
 * keys read (one a line from a pipe, one at a time on a terminal, whose
 * modes are put back on every way out), each state shown, and the end:
 * won or not, the proof for a correct lock, the --schedule command that
 * replays the moves; or the game as a page. */
#define _POSIX_C_SOURCE 200809L /* getline */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/terminal.h"
#include "explore/explore.h"
#include "play/game.h"
#include "play/play.h"
#include "play/render.h"
#include "racedemo/racedemo.h"
#include "racedemo/replay.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"
#include "racedemo/workload.h"
#include "replay/memory.h"
#include "report/format.h"

/* The schedule played, and the --schedule command that replays it (on
 * to where a replay can end: play_game_completion). False when out of
 * memory. */
static bool print_schedule(FILE *out, const struct text_layout *layout, struct play_request *q,
                           struct play_game *g)
{
    uint32_t end;
    char *more = play_game_completion(g, &end);
    char *letters = more ? malloc(g->nmoves * PLAY_MOVE_TEXT + strlen(more) + 2) : NULL;
    if (!letters) {
        free(more);
        return false;
    }
    play_game_letters(g, letters);
    size_t len = strlen(letters);
    format_wrapped(out, layout, PLAY_LABEL_WIDTH, "played", letters);
    /* A flush's word then a letter: a comma between them. */
    if (len && letters[len - 1] == 'h' && more[0] && more[0] != ',')
        letters[len++] = ',';
    if (more[0]) {
        char then[512];
        snprintf(then, sizeof then, "%s (%s)", more,
                 end == g->at ? "each waiting thread's step, which does not move"
                              : "on to the end: a replay takes whole iterations");
        format_wrapped(out, layout, PLAY_LABEL_WIDTH, "then", then);
    }
    memcpy(letters + len, more, strlen(more) + 1);
    char data[128];
    play_game_shared_at(g, end, data, sizeof data);
    format_wrapped(out, layout, PLAY_LABEL_WIDTH, "end", data);
    char *cmd = play_replay_line(q, letters);
    if (cmd)
        fprintf(out, "replay it:\n%s\n", cmd);
    free(cmd);
    free(letters);
    free(more);
    return cmd != NULL;
}

/* The game's end: won or not (for a correct lock, the proof), and the
 * schedule played. Returns the exit status. */
static int play_end(FILE *out, const struct text_layout *layout, struct play_request *q,
                    struct play_game *g)
{
    char paint[256], text[200];
    int status = EXIT_OK;
    if (play_game_won(g)) {
        snprintf(text, sizeof text, "WON in %zu moves (the fewest: %u): %s", g->nmoves,
                 play_game_shortest(g), g->goal.goal_text);
        format_wrapped(out, layout, PLAY_LABEL_WIDTH, "result",
                       format_paint(paint, sizeof paint, layout, FORMAT_GREEN, text));
    } else if (play_game_shortest(g) == PLAY_NEVER) {
        snprintf(text, sizeof text, "no schedule can %s: all %zu states explored", g->goal.verb,
                 g->nodes);
        format_wrapped(out, layout, PLAY_LABEL_WIDTH, "result",
                       format_paint(paint, sizeof paint, layout, FORMAT_GREEN, text));
        status = EXIT_CHECK_FAILED;
    } else {
        snprintf(text, sizeof text, "goal not met (the fewest moves from the start: %u)",
                 play_game_shortest(g));
        format_wrapped(out, layout, PLAY_LABEL_WIDTH, "result", text);
        status = EXIT_CHECK_FAILED;
    }
    if (g->nmoves && !print_schedule(out, layout, q, g))
        return EXIT_FAILED;
    return status;
}

enum key {
    KEY_NONE, /* a blank line */
    KEY_THREAD,
    KEY_FLUSH,
    KEY_UNDO,
    KEY_RESTART,
    KEY_HELP,
    KEY_QUIT,
    KEY_BAD,
};

/* One line's key, its thread in *t (a letter, or a flush: 1 or A:flush
 * is A's buffer). */
static enum key read_key(char *line, unsigned *t)
{
    size_t n = strlen(line);
    while (n && isspace((unsigned char)line[n - 1]))
        line[--n] = '\0';
    size_t lead = strspn(line, " \t\v\f\r\n");
    line += lead, n -= lead;
    if (n == 0)
        return KEY_NONE;
    if (n == 7 && isalpha((unsigned char)line[0]) && strcmp(line + 1, ":flush") == 0) {
        *t = (unsigned)(toupper((unsigned char)line[0]) - 'A');
        return KEY_FLUSH;
    }
    if (n != 1)
        return KEY_BAD;
    int c = (unsigned char)line[0];
    if (c == 'u' || c == 'U')
        return KEY_UNDO;
    if (c == 'r' || c == 'R')
        return KEY_RESTART;
    if (c == '?')
        return KEY_HELP;
    if (c == 'q' || c == 'Q')
        return KEY_QUIT;
    if (c >= '1' && c <= '9') {
        *t = (unsigned)(c - '1');
        return KEY_FLUSH;
    }
    if (isalpha(c)) {
        *t = (unsigned)(toupper(c) - 'A');
        return KEY_THREAD;
    }
    return KEY_BAD;
}

/* What one key does to the game; false with one line in err for a key
 * that is not one. *over when the game ended. */
static bool play_key(FILE *out, const struct text_layout *layout, struct play_game *g, enum key k,
                     unsigned t, bool *over, bool show_state, char *err, size_t errlen)
{
    char last = sync_replay_letter(g->nthreads - 1);
    if ((k == KEY_THREAD || k == KEY_FLUSH) && t >= g->nthreads) {
        snprintf(err, errlen, "no thread %c: the threads are A to %c", sync_replay_letter(t), last);
        return false;
    }
    if (k == KEY_FLUSH && play_game_moves(g) == g->nthreads) {
        snprintf(err, errlen, "%c:flush drains a store buffer, and --model sc has none",
                 sync_replay_letter(t));
        return false;
    }
    switch (k) {
    case KEY_NONE:
        return true;
    case KEY_BAD:
        snprintf(err, errlen, "not a key: a to %c take a thread's step; u, r, ?, q", last + 32);
        return false;
    case KEY_QUIT:
        *over = true;
        return true;
    case KEY_HELP:
        play_render_help(out, layout, g);
        return true;
    case KEY_UNDO:
        fprintf(out, "%s\n", play_game_undo(g) ? "undone" : "nothing to undo");
        break;
    case KEY_RESTART:
        play_game_restart(g);
        fprintf(out, "restarted\n");
        break;
    case KEY_FLUSH: /* under tso, a move like a thread's step */
    case KEY_THREAD: {
        struct play_move move;
        enum play_take took = play_game_take(g, k == KEY_FLUSH ? g->nthreads + t : t, &move);
        play_render_take(out, layout, g, took, &move);
        if (took != PLAY_MOVED)
            return true;
        break;
    }
    }
    if (show_state)
        play_render_state(out, layout, g);
    /* Won; or, for a correct lock, every thread done: nothing more to try. */
    *over = play_game_won(g) || (play_game_stopped(g) && play_game_shortest(g) == PLAY_NEVER);
    if (!*over && play_game_stopped(g))
        fprintf(out, "no thread can move: undo (u) or restart (r)\n");
    return true;
}

/* The scripted game: one key a line from in, each state printed. */
static int play_lines(FILE *in, FILE *out, FILE *err, const struct text_layout *layout,
                      struct play_request *q, struct play_game *g)
{
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    bool over = false;
    int status = -1;
    while (!over && getline(&line, &cap, in) != -1) {
        lineno++;
        unsigned t = 0;
        char msg[160];
        enum key k = read_key(line, &t);
        if (!play_key(out, layout, g, k, t, &over, true, msg, sizeof msg)) {
            fprintf(err, "racedemo play: line %zu: %s\n", lineno, msg);
            status = EXIT_USAGE;
            break;
        }
    }
    free(line);
    return status >= 0 ? status : play_end(out, layout, q, g);
}

/* One screen of the game on a terminal, drawn whole: the keys, the
 * state, what the last key did. */
static void draw_screen(FILE *out, const struct text_layout *layout, struct play_game *g,
                        const char *said)
{
    fputs("\033[H\033[2J", out); /* home, then clear: the screen is drawn whole */
    play_render_keys(out, g);
    play_render_state(out, layout, g);
    if (said && said[0])
        fprintf(out, "%s", said);
    fflush(out);
}

/* The game on a terminal: a key at a time, the screen redrawn after each;
 * a key that is not one is said on the screen and the game goes on. */
static int play_terminal(FILE *out, const struct text_layout *layout, struct play_request *q,
                         struct play_game *g)
{
    int rc = terminal_keys_begin(0);
    if (rc != 0)
        return play_lines(stdin, out, stderr, layout, q, g);
    char said[512] = "";
    bool over = false;
    while (!over) {
        draw_screen(out, layout, g, said);
        int c = terminal_read_key(0);
        if (c < 0)
            break;
        char line[2] = {(char)c, '\0'};
        unsigned t = 0;
        enum key k = c == '\n' || c == '\r' ? KEY_NONE : read_key(line, &t);
        struct capture text;
        FILE *msg = capture_begin(&text);
        char why[160];
        if (!msg)
            break;
        if (!play_key(msg, layout, g, k, t, &over, false, why, sizeof why))
            fprintf(msg, "%s\n", why);
        if (capture_end(&text)) {
            snprintf(said, sizeof said, "%s", text.buf);
            free(text.buf);
        }
    }
    draw_screen(out, layout, g, said);
    terminal_keys_end();
    return play_end(out, layout, q, g);
}

/* The game as a page, when its graph is small enough to embed. */
static int play_page(FILE *out, FILE *err, struct play_request *q, struct play_game *g)
{
    if (g->nodes > PLAY_HTML_MAX_STATES) {
        fprintf(err,
                "racedemo play %s: --format html embeds at most %u states, and this game has "
                "%zu: lower --iters or --threads\n",
                q->w->name, PLAY_HTML_MAX_STATES, g->nodes);
        return EXIT_USAGE;
    }
    char *cmd = play_command_line(q);
    char *replay = play_replay_line(q, "");
    char title[128];
    snprintf(title, sizeof title, "racedemo play %s --sync %s", q->w->name, q->o.sync->name);
    bool done = cmd && replay && play_render_html(out, g, title, cmd, replay);
    free(cmd);
    free(replay);
    if (!done) {
        fprintf(err, "racedemo play %s: out of memory for the page (none of it was written)\n",
                q->w->name);
        return EXIT_FAILED;
    }
    return EXIT_OK;
}

int play_session(struct play_request *q, FILE *out, FILE *err, const struct text_layout *layout)
{
    struct explore_config cfg = {.name = q->w->name,
                                 .ops = q->w->replay,
                                 .ops_config = q->config,
                                 .sync = q->o.sync,
                                 .model = (enum memory_model)q->o.model,
                                 .nthreads = (unsigned)q->o.threads,
                                 .iters = q->o.iters,
                                 .max_states = q->o.max_states};
    struct play_game g;
    char msg[512];
    int rc = play_game_start(&g, &cfg, &q->goal, msg, sizeof msg);
    if (rc != 0) {
        fprintf(err, "racedemo play %s: %s\n", q->w->name, msg);
        return rc == E2BIG || rc == EINVAL ? EXIT_USAGE : EXIT_FAILED;
    }
    int status;
    if (q->o.format == PLAY_FORMAT_HTML) {
        status = play_page(out, err, q, &g);
    } else if (terminal_is(0) && terminal_is(1)) {
        status = play_terminal(out, layout, q, &g);
    } else {
        fprintf(out, "racedemo play %s --sync %s\n", q->w->name, q->o.sync->name);
        play_render_keys(out, &g);
        fprintf(out, "\n");
        play_render_state(out, layout, &g);
        status = play_lines(stdin, out, err, layout, q, &g);
    }
    play_game_free(&g);
    return status;
}
