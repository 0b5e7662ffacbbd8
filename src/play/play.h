/* play/play.h: what play's command (command.c: the options, the list,
 * the lines that repeat a game) and its session (session.c: the game on a
 * pipe, a terminal or a page) share. */
#ifndef RACEDEMO_PLAY_PLAY_H
#define RACEDEMO_PLAY_PLAY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "play/challenge.h"
#include "racedemo/options.h"

struct sync_strategy;
struct workload;
struct text_layout;

/* Most states a page embeds: the challenges have tens; a page stays well
 * under a megabyte up to here. */
#define PLAY_HTML_MAX_STATES 4000u

enum play_format { PLAY_FORMAT_TEXT, PLAY_FORMAT_HTML };

struct play_options {
    const struct sync_strategy *sync;
    uint64_t sync_mask;
    uint64_t threads, iters, max_states;
    unsigned model; /* enum memory_model */
    unsigned format;
    unsigned color; /* enum run_color */
};

/* What the command line asked for. */
struct play_request {
    struct play_options o;
    const struct workload *w;
    void *config;
    uint64_t given, play_given;
    struct opt_skip skip[16];
    struct opt_skip play_skip[2];
    struct play_challenge goal;
    bool no_memory;
};

/* The --schedule command that replays `letters` in this game's instance
 * (the seed where the workload draws from it is explore's, 1). Malloc'd;
 * NULL when out of memory. */
char *play_replay_line(struct play_request *q, const char *letters);
/* The line that makes this game. Malloc'd; NULL when out of memory. */
char *play_command_line(struct play_request *q);

/* The game the request names: explored, then played from standard input
 * (a key at a time on a terminal, else a key a line) or written as a
 * page; returns the exit status. */
int play_session(struct play_request *q, FILE *out, FILE *err, const struct text_layout *layout);

#endif
