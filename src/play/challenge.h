/* play/challenge.h: the goals a student playing the scheduler aims at,
 * and the challenges, in the order of the story the project teaches:
 * a lost update, then the attempts at a lock, then the workloads. */
#ifndef RACEDEMO_PLAY_CHALLENGE_H
#define RACEDEMO_PLAY_CHALLENGE_H

#include <stdbool.h>
#include <stdint.h>

enum play_goal {
    GOAL_WRONG,    /* every thread done, and the shared data wrong */
    GOAL_INSIDE,   /* two threads inside the critical section at once */
    GOAL_ALL_WAIT, /* every thread not done waits for another */
    GOAL_STUCK,    /* a thread waits for good (explore's progress failure) */
    GOAL_BREAK,    /* any of them: a strategy with no challenge of its own */
};

struct play_challenge {
    const char *workload, *sync;
    bool tso;       /* played under --model tso: each thread's stores wait in a buffer */
    uint64_t iters; /* each thread's iterations (turn needs two) */
    enum play_goal goal;
    const char *goal_text; /* one sentence */
    const char *verb;      /* "lose an update": "from here no schedule can ..." */
    /* A workload option set smaller than explore's default when not
     * given (prodcons: 1 slot), or NULL. */
    const char *option;
    uint64_t value;
};

/* The challenges in story order, ended by a NULL workload. */
extern const struct play_challenge play_challenges[];

/* The challenge for this workload and strategy; NULL: none (a generic
 * goal is played). */
const struct play_challenge *play_challenge_find(const char *workload, const char *sync, bool tso);

/* The goal played where no challenge is set: a wrong end without a lock,
 * any broken requirement with one. */
struct play_challenge play_challenge_generic(const char *workload, const char *sync, bool has_lock,
                                             bool sleeps);

#endif
