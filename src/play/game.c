/* play/game.c: one game over the explored state graph (play/game.h). */
#include "play/game.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "racedemo/sync_replay.h"
#include "replay/model.h"

/* A thread's code line: the lock's entry, the workload's steps, the exit. */
static unsigned program_line(const struct model *m, const struct program *p)
{
    switch (p->phase) {
    case PHASE_ACQUIRE:
        return p->k;
    case PHASE_BODY:
        return m->lock->nacquire + p->k;
    case PHASE_RELEASE:
        return m->lock->nacquire + m->ops->nsteps + p->k;
    }
    return 0;
}

/* Node n's facts, as explore's requirements read them. */
struct node_view {
    uint32_t unfinished, movers, inside, between, acquiring;
    uint32_t flushers; /* with a store in the buffer (--model tso) */
    bool wrong_end;    /* every thread done and every buffer drained, and the outcome wrong */
};

unsigned play_game_moves(const struct play_game *g)
{
    return explore_graph_moves(g->graph);
}

/* Appends move m's words to a schedule: a letter, or ",A:flush," (as
 * explore writes them; commas keep the schedule one word for the shell). */
static void say_move(const struct play_game *g, unsigned m, char *buf, size_t *len)
{
    char who = sync_replay_letter(m % g->nthreads);
    if (m < g->nthreads) {
        buf[(*len)++] = who;
    } else {
        if (*len && buf[*len - 1] != ',')
            buf[(*len)++] = ',';
        memcpy(buf + *len, "A:flush,", 8);
        buf[*len] = who;
        *len += 8;
    }
    buf[*len] = '\0';
}

static struct node_view node_view(struct play_game *g, uint32_t n)
{
    struct node_view v = {0};
    struct program progs[EXPLORE_MAX_THREADS];
    struct sync_replay_state lock;
    void *ctx = explore_graph_state(g->graph, n, progs, &lock);
    uint64_t iterations[REPLAY_MAX_THREADS] = {0};
    bool tso = play_game_moves(g) > g->nthreads;
    for (unsigned t = 0; t < g->nthreads; t++) {
        uint32_t move = explore_graph_move(g->graph, n, t);
        uint32_t flush =
            tso ? explore_graph_move(g->graph, n, g->nthreads + t) : EXPLORE_GRAPH_DONE;
        iterations[t] = progs[t].iter;
        v.unfinished |= (uint32_t)(move != EXPLORE_GRAPH_DONE) << t;
        v.movers |= (uint32_t)(move < EXPLORE_GRAPH_DONE || flush < EXPLORE_GRAPH_DONE) << t;
        v.flushers |= (uint32_t)(flush < EXPLORE_GRAPH_DONE) << t;
        v.inside |= (uint32_t)model_inside(g->model, &progs[t]) << t;
        v.between |= (uint32_t)model_between_iterations(g->model, &progs[t]) << t;
        v.acquiring |= (uint32_t)(progs[t].phase == PHASE_ACQUIRE && g->model->lock->nacquire) << t;
    }
    if (!v.unfinished && !v.flushers) { /* the outcome is memory's, once every buffer drained */
        struct replay_outcome o = {.correct = true};
        g->model->ops->outcome(ctx, iterations, &o);
        v.wrong_end = !o.correct;
    }
    return v;
}

/* Whether the goal holds at node n: explore's requirements, node by node. */
static bool goal_holds(struct play_game *g, uint32_t n)
{
    struct node_view v = node_view(g, n);
    /* As explore: buffers always drain, so only a state with every buffer
     * empty can leave a thread waiting for good. */
    uint32_t waiters = v.flushers ? 0 : v.unfinished & ~v.movers;
    bool all_wait = waiters && !v.movers;
    /* As explore's progress: the others done, or free to stop wanting in
     * between iterations, while one waits to enter. */
    bool others_out = waiters && (v.movers & v.between) == v.movers && !(waiters & ~v.acquiring);
    bool two_inside = (v.inside & (v.inside - 1)) != 0;
    switch (g->goal.goal) {
    case GOAL_WRONG:
        return v.wrong_end;
    case GOAL_INSIDE:
        return two_inside;
    case GOAL_ALL_WAIT:
        return all_wait;
    case GOAL_STUCK:
        return all_wait || others_out;
    case GOAL_BREAK:
        return v.wrong_end || two_inside || all_wait || others_out;
    }
    return false;
}

/* Each node's fewest moves to a node `target` marks (PLAY_NEVER: none),
 * into dist: breadth first from the targets, backwards along the moves
 * (each node's predecessors listed in from[start[b]..start[b + 1])). 0
 * or ENOMEM. */
static int distances(struct play_game *g, const uint8_t *target, uint32_t *dist)
{
    size_t n = g->nodes;
    uint32_t *start = calloc(n + 1, sizeof *start);
    uint32_t *fill = malloc(n * sizeof *fill);
    unsigned moves = play_game_moves(g);
    uint32_t *from = malloc((n * moves + 1) * sizeof *from);
    uint32_t *queue = malloc(n * sizeof *queue);
    if (!start || !fill || !from || !queue) {
        free(start), free(fill), free(from), free(queue);
        return ENOMEM;
    }
    for (uint32_t a = 0; a < n; a++)
        for (unsigned m = 0; m < moves; m++) {
            uint32_t b = explore_graph_move(g->graph, a, m);
            if (b < EXPLORE_GRAPH_DONE)
                start[b + 1]++;
        }
    for (size_t a = 0; a < n; a++) {
        start[a + 1] += start[a];
        fill[a] = start[a];
    }
    for (uint32_t a = 0; a < n; a++)
        for (unsigned m = 0; m < moves; m++) {
            uint32_t b = explore_graph_move(g->graph, a, m);
            if (b < EXPLORE_GRAPH_DONE)
                from[fill[b]++] = a;
        }
    size_t head = 0, tail = 0;
    for (uint32_t a = 0; a < n; a++) {
        dist[a] = target[a] ? 0 : PLAY_NEVER;
        if (target[a])
            queue[tail++] = a;
    }
    while (head < tail) {
        uint32_t b = queue[head++];
        for (uint32_t i = start[b]; i < start[b + 1]; i++)
            if (dist[from[i]] == PLAY_NEVER) {
                dist[from[i]] = dist[b] + 1;
                queue[tail++] = from[i];
            }
    }
    free(start), free(fill), free(from), free(queue);
    return 0;
}

/* Move m from node n taken with its words (the graph's walk took it
 * quiet): what it does, and what it read or wrote. Returns whether it
 * waits. */
static bool take_with_words(struct play_game *g, uint32_t n, unsigned m, struct replay_event *ev)
{
    return explore_graph_take(g->graph, n, m, ev);
}

/* Each thread's code: its first iteration's steps taken alone from the
 * start, for their words ("load N to acc"), whatever they find. */
static void code_lines(struct play_game *g)
{
    const struct model *m = g->model;
    g->nlines = m->lock->nacquire + m->ops->nsteps + m->lock->nrelease;
    if (g->nlines > PLAY_MAX_LINES)
        g->nlines = PLAY_MAX_LINES;
    for (unsigned t = 0; t < g->nthreads; t++) {
        struct program progs[EXPLORE_MAX_THREADS];
        void *ctx = explore_graph_state(g->graph, 0, progs, NULL);
        struct program p = progs[t];
        for (unsigned line = 0; line < g->nlines; line++) {
            struct replay_event ev = {.thread = t};
            model_take(m, explore_graph_lock(g->graph), ctx, &p, t, &ev);
            snprintf(g->code[t][line], sizeof g->code[t][line], "%s",
                     ev.op[0] ? ev.op : model_step_name(m, &p));
            model_advance(m, &p, NULL); /* the next line, wherever this step would go */
        }
    }
}

int play_game_start(struct play_game *g, const struct explore_config *cfg,
                    const struct play_challenge *goal, char *err, size_t errlen)
{
    *g = (struct play_game){.goal = *goal, .nthreads = cfg->nthreads};
    int rc = explore_graph_build(cfg, &g->graph, err, errlen);
    if (rc != 0)
        return rc;
    if (explore_graph_cut(g->graph)) {
        snprintf(err, errlen,
                 "more than %llu states (--max-states): lower --iters or --threads, or raise "
                 "--max-states",
                 (unsigned long long)cfg->max_states);
        play_game_free(g);
        return E2BIG;
    }
    g->model = explore_graph_model(g->graph);
    g->nodes = explore_graph_nodes(g->graph);
    g->won = calloc(g->nodes, 1);
    g->to_win = malloc(g->nodes * sizeof *g->to_win);
    rc = g->won && g->to_win ? 0 : ENOMEM;
    for (uint32_t n = 0; rc == 0 && n < g->nodes; n++)
        g->won[n] = goal_holds(g, n);
    if (rc == 0)
        rc = distances(g, g->won, g->to_win);
    if (rc != 0) {
        snprintf(err, errlen, "out of memory for %zu states", g->nodes);
        play_game_free(g);
        return rc;
    }
    code_lines(g);
    return 0;
}

void play_game_free(struct play_game *g)
{
    explore_graph_free(g->graph);
    free(g->won);
    free(g->to_win);
    free(g->moves);
    *g = (struct play_game){0};
}

enum play_take play_game_step(struct play_game *g, uint32_t n, unsigned m, struct play_move *move)
{
    uint32_t to = explore_graph_move(g->graph, n, m);
    *move = (struct play_move){
        .from = n, .to = to, .thread = m % g->nthreads, .flush = m >= g->nthreads};
    if (to == EXPLORE_GRAPH_DONE)
        return PLAY_DONE;
    struct replay_event ev;
    take_with_words(g, n, m, &ev);
    snprintf(move->op, sizeof move->op, "%s", ev.op);
    snprintf(move->detail, sizeof move->detail, "%s", ev.detail);
    snprintf(move->mark, sizeof move->mark, "%s", ev.mark);
    return to == EXPLORE_GRAPH_WAITS ? PLAY_WAITS : PLAY_MOVED;
}

enum play_take play_game_take(struct play_game *g, unsigned m, struct play_move *move)
{
    enum play_take took = play_game_step(g, g->at, m, move);
    if (took != PLAY_MOVED)
        return took;
    if (g->nmoves == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 64;
        struct play_move *moves = realloc(g->moves, cap * sizeof *moves);
        if (!moves)
            return PLAY_WAITS;
        g->moves = moves;
        g->cap = cap;
    }
    g->moves[g->nmoves++] = *move;
    g->at = move->to;
    return PLAY_MOVED;
}

bool play_game_undo(struct play_game *g)
{
    if (!g->nmoves)
        return false;
    g->at = g->moves[--g->nmoves].from;
    return true;
}

void play_game_restart(struct play_game *g)
{
    g->nmoves = 0;
    g->at = 0;
}

bool play_game_won(const struct play_game *g)
{
    return g->won[g->at];
}

bool play_game_stopped(struct play_game *g)
{
    for (unsigned m = 0; m < play_game_moves(g); m++)
        if (explore_graph_move(g->graph, g->at, m) < EXPLORE_GRAPH_DONE)
            return false;
    return true;
}

uint32_t play_game_to_win(const struct play_game *g)
{
    return g->to_win[g->at];
}

uint32_t play_game_shortest(const struct play_game *g)
{
    return g->to_win[0];
}

void play_game_thread(struct play_game *g, unsigned t, struct play_thread *th)
{
    struct program progs[EXPLORE_MAX_THREADS];
    struct sync_replay_state lock;
    explore_graph_state(g->graph, g->at, progs, &lock);
    uint32_t to = explore_graph_move(g->graph, g->at, t);
    *th = (struct play_thread){.line = program_line(g->model, &progs[t]),
                               .iter = progs[t].iter,
                               .inside = model_inside(g->model, &progs[t]),
                               .next = to == EXPLORE_GRAPH_DONE    ? PLAY_DONE
                                       : to == EXPLORE_GRAPH_WAITS ? PLAY_WAITS
                                                                   : PLAY_MOVED};
    if (th->next == PLAY_WAITS) {
        struct replay_event ev;
        take_with_words(g, g->at, t, &ev);
        snprintf(th->why, sizeof th->why, "%s", ev.detail);
    }
}

void play_game_shared(struct play_game *g, char *data, size_t datalen, char *lock, size_t locklen)
{
    struct program progs[EXPLORE_MAX_THREADS];
    struct sync_replay_state l;
    void *ctx = explore_graph_state(g->graph, g->at, progs, &l);
    uint64_t iterations[REPLAY_MAX_THREADS] = {0};
    for (unsigned t = 0; t < g->nthreads; t++)
        iterations[t] = progs[t].iter;
    struct replay_outcome o = {.correct = true};
    g->model->ops->outcome(ctx, iterations, &o);
    snprintf(data, datalen, "%s", o.observed);
    lock[0] = '\0';
    if (g->model->lock->nacquire)
        g->model->lock->state(&l, lock, locklen);
}

void play_game_buffers(struct play_game *g, uint32_t n, char *buf, size_t len)
{
    struct program progs[EXPLORE_MAX_THREADS];
    explore_graph_state(g->graph, n, progs, NULL);
    explore_graph_buffers(g->graph, buf, len);
}

void play_game_letters(const struct play_game *g, char *buf)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < g->nmoves; i++)
        say_move(g, g->moves[i].thread + (g->moves[i].flush ? g->nthreads : 0), buf, &len);
    while (len && buf[len - 1] == ',') /* no comma at the end of the words */
        buf[--len] = '\0';
}

/* Appends to letters (len so far) the fewest moves from node n to a node
 * with dist 0, as long as one can be reached. */
static void walk_down(const struct play_game *g, uint32_t *n, const uint32_t *dist, char *letters,
                      size_t *len)
{
    while (dist[*n] != 0 && dist[*n] != PLAY_NEVER) {
        for (unsigned move = 0; move < play_game_moves(g); move++) {
            uint32_t m = explore_graph_move(g->graph, *n, move);
            if (m < EXPLORE_GRAPH_DONE && dist[m] == dist[*n] - 1) {
                say_move(g, move, letters, len);
                *n = m;
                break;
            }
        }
    }
}

char *play_game_completion(struct play_game *g, uint32_t *end)
{
    uint8_t *target = calloc(g->nodes, 1);
    uint32_t *dist = malloc(g->nodes * sizeof *dist);
    char *letters = malloc((g->nodes + g->nthreads) * PLAY_MOVE_TEXT + 1);
    int rc = target && dist && letters ? 0 : ENOMEM;
    uint32_t n = g->at;
    size_t len = 0;
    if (letters)
        letters[0] = '\0';
    /* A wait for good is shown by the waits alone; anything else goes on
     * to a wrong end where one can be reached, else to an end. */
    bool waits_for_good =
        play_game_won(g) && (g->goal.goal == GOAL_ALL_WAIT || g->goal.goal == GOAL_STUCK);
    for (int wrong = 1; rc == 0 && !waits_for_good && wrong >= 0; wrong--) {
        for (uint32_t a = 0; a < g->nodes; a++) {
            struct node_view v = node_view(g, a);
            target[a] = !v.unfinished && !v.flushers && (v.wrong_end || !wrong);
        }
        rc = distances(g, target, dist);
        if (rc == 0 && dist[n] != PLAY_NEVER) {
            walk_down(g, &n, dist, letters, &len);
            break;
        }
    }
    for (unsigned t = 0; rc == 0 && t < g->nthreads; t++)
        if (explore_graph_move(g->graph, n, t) == EXPLORE_GRAPH_WAITS)
            say_move(g, t, letters, &len);
    free(target), free(dist);
    if (rc != 0) {
        free(letters);
        return NULL;
    }
    while (len && letters[len - 1] == ',') /* no comma left at the end */
        letters[--len] = '\0';
    *end = n;
    return letters;
}

void play_game_shared_at(struct play_game *g, uint32_t n, char *data, size_t datalen)
{
    struct program progs[EXPLORE_MAX_THREADS];
    void *ctx = explore_graph_state(g->graph, n, progs, NULL);
    uint64_t iterations[REPLAY_MAX_THREADS] = {0};
    for (unsigned t = 0; t < g->nthreads; t++) {
        iterations[t] = progs[t].iter;
        /* The waiting step the schedule ends with, as the replay takes it
         * (a thread that falls asleep is then asleep). */
        if (explore_graph_move(g->graph, n, t) == EXPLORE_GRAPH_WAITS) {
            struct replay_event ev = {.thread = t, .quiet = true};
            model_take(g->model, explore_graph_lock(g->graph), ctx, &progs[t], t, &ev);
        }
    }
    struct replay_outcome o = {.correct = true};
    g->model->ops->outcome(ctx, iterations, &o);
    snprintf(data, datalen, "%s", o.observed);
}
