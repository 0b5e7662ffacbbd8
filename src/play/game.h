/* play/game.h: one game of `racedemo play`: the state graph explore
 * walks (explore_graph_build), the node the student's moves have reached,
 * the moves so far, and for every node whether the goal holds there and
 * the fewest moves to a node where it does. Every state shown is a node
 * of the graph, and every move one of its edges: a step of the one model
 * that --schedule replays (replay/model.h). */
#ifndef RACEDEMO_PLAY_GAME_H
#define RACEDEMO_PLAY_GAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "explore/explore.h"
#include "play/challenge.h"
#include "racedemo/replay.h"

/* Most lines of one thread's code: the lock's steps and the workload's. */
#define PLAY_MAX_LINES 32u
/* No node where the goal holds can be reached. */
#define PLAY_NEVER UINT32_MAX

/* The most characters one move takes in a schedule: ",A:flush,". */
#define PLAY_MOVE_TEXT 9

/* One move played, and what its step did. */
struct play_move {
    uint32_t from, to;
    unsigned thread;
    bool flush; /* under --model tso: the thread's oldest buffered store to memory */
    char op[48], detail[96], mark[160];
};

/* What a thread does when its letter is pressed. */
enum play_take {
    PLAY_MOVED,
    PLAY_WAITS, /* its step waits (it spins or sleeps): it does not move */
    PLAY_DONE,  /* it has done its iterations; a flush: its buffer is empty */
};

struct play_game {
    struct explore_graph *graph;
    const struct model *model;
    struct play_challenge goal;
    unsigned nthreads;
    size_t nodes;
    uint8_t *won;     /* per node: the goal holds there */
    uint32_t *to_win; /* per node: the fewest moves to a node where it holds, or PLAY_NEVER */
    /* Each thread's code, one line per step of an iteration (the lock's
     * entry, the workload's, the lock's exit), in the steps' own words. */
    char code[EXPLORE_MAX_THREADS][PLAY_MAX_LINES][48];
    unsigned nlines;
    struct play_move *moves; /* the moves so far */
    size_t nmoves, cap;
    uint32_t at; /* the node they reached */
};

/* Explores cfg's instance and starts the game at its first state; 0, or
 * an errno value with one line in err (E2BIG: more states than
 * cfg->max_states). */
int play_game_start(struct play_game *g, const struct explore_config *cfg,
                    const struct play_challenge *goal, char *err, size_t errlen);
void play_game_free(struct play_game *g);

/* The moves from a node: move t is thread t's step, and under --model
 * tso move nthreads + t its flush. */
unsigned play_game_moves(const struct play_game *g);
/* Move m (a thread's letter, or its flush key) played: taken, or why not
 * (*move says what it did, or why it waits). ENOMEM aside, the game's
 * node moves only on PLAY_MOVED. */
enum play_take play_game_take(struct play_game *g, unsigned m, struct play_move *move);
/* What move m from node n does (or why it would not move), without
 * moving: the words the page embeds for each edge. */
enum play_take play_game_step(struct play_game *g, uint32_t n, unsigned m, struct play_move *move);
/* Undoes the last move; false when there is none. */
bool play_game_undo(struct play_game *g);
void play_game_restart(struct play_game *g);

bool play_game_won(const struct play_game *g);
/* No thread can move: every one done or waiting. */
bool play_game_stopped(struct play_game *g);
/* The fewest moves to a win from here; PLAY_NEVER: none can win. */
uint32_t play_game_to_win(const struct play_game *g);
/* From the start: the shortest win's length, PLAY_NEVER when no schedule
 * wins (a correct lock). */
uint32_t play_game_shortest(const struct play_game *g);

/* Where thread t is at the node reached: its code line, its iteration,
 * and what its letter would do. */
struct play_thread {
    unsigned line;
    uint64_t iter;
    enum play_take next;
    bool inside;
    char why[96]; /* when it waits: what it found ("flag[B] = 1: spins") */
};
void play_game_thread(struct play_game *g, unsigned t, struct play_thread *th);
/* The shared data and the lock's variables at the node reached. */
void play_game_shared(struct play_game *g, char *data, size_t datalen, char *lock, size_t locklen);
/* Under --model tso, each thread's store buffer at node n ("A: flag[A] =
 * 1 | B: -"); empty under sc. */
void play_game_buffers(struct play_game *g, uint32_t n, char *buf, size_t len);
/* The moves so far as --schedule words ("AABABB", a flush "A:flush"
 * between commas, none at the end);
 * buf has room for nmoves * PLAY_MOVE_TEXT + 1. */
void play_game_letters(const struct play_game *g, char *buf);
/* What the moves so far need to replay with --schedule, which takes a
 * thread's iteration whole: the fewest moves on to a wrong end where one
 * can be reached (else to an end; none after a wait for good), then one
 * waiting step of each thread left waiting, so that the replay shows it.
 * Malloc'd letters, and the node they end at in *end; NULL when out of
 * memory. */
char *play_game_completion(struct play_game *g, uint32_t *end);
/* The shared data at node n once each thread waiting there has taken
 * its step once more, as the completed schedule ends. */
void play_game_shared_at(struct play_game *g, uint32_t n, char *data, size_t datalen);

#endif
