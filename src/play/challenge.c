/* play/challenge.c: the challenges (play/challenge.h). */
#include "play/challenge.h"

#include <stddef.h>
#include <string.h>

/* The counter's lock attempts in the order the story tries them. */
#define COUNTER(SYNC, ITERS, GOAL, TEXT, VERB)                                                     \
    {                                                                                              \
        .workload = "counter", .sync = (SYNC), .iters = (ITERS), .goal = (GOAL),                   \
        .goal_text = (TEXT), .verb = (VERB)                                                        \
    }

const struct play_challenge play_challenges[] = {
    COUNTER("none", 1, GOAL_WRONG, "Lose an update: make the two increments end with N = 1.",
            "lose an update"),
    COUNTER("flag", 1, GOAL_INSIDE,
            "Get A and B into the critical section at once, past one shared flag.",
            "get both threads inside at once"),
    COUNTER("flags-check-first", 1, GOAL_INSIDE,
            "Get A and B inside at once, though each checks the other's flag first.",
            "get both threads inside at once"),
    COUNTER("flags-set-first", 1, GOAL_ALL_WAIT,
            "Make A and B wait for each other for ever, each flag raised.",
            "make both threads wait for ever"),
    COUNTER("turn", 2, GOAL_STUCK,
            "Stall turn: leave a thread waiting for a turn the other will never give.",
            "leave a thread waiting for good"),
    COUNTER("peterson-relaxed", 1, GOAL_INSIDE,
            "Get A and B inside at once (under --model sc, try: you cannot).",
            "get both threads inside at once"),
    {.workload = "counter",
     .sync = "peterson-relaxed",
     .tso = true,
     .iters = 1,
     .goal = GOAL_INSIDE,
     .goal_text = "Get A and B inside at once: each store now waits in its thread's store "
                  "buffer until you flush it (1, 2).",
     .verb = "get both threads inside at once"},
    {.workload = "bank",
     .sync = "none",
     .iters = 1,
     .goal = GOAL_WRONG,
     .goal_text = "Lose money: end with a total the bank did not start with.",
     .verb = "lose money"},
    {.workload = "queue",
     .sync = "none",
     .iters = 1,
     .goal = GOAL_WRONG,
     .goal_text = "Lose a node: end with fewer nodes than were pushed.",
     .verb = "lose a node"},
    {.workload = "prodcons",
     .sync = "none",
     .iters = 1,
     .goal = GOAL_STUCK,
     .goal_text = "Lose the wakeup: leave a thread asleep for good.",
     .verb = "lose the wakeup",
     .option = "slots",
     .value = 1},
    {.workload = NULL},
};

const struct play_challenge *play_challenge_find(const char *workload, const char *sync, bool tso)
{
    for (const struct play_challenge *c = play_challenges; c->workload; c++)
        if (strcmp(c->workload, workload) == 0 && strcmp(c->sync, sync) == 0 && c->tso == tso)
            return c;
    return NULL;
}

struct play_challenge play_challenge_generic(const char *workload, const char *sync, bool has_lock,
                                             bool sleeps)
{
    struct play_challenge c = {.workload = workload,
                               .sync = sync,
                               .iters = 1,
                               .goal = GOAL_WRONG,
                               .goal_text = "Make the threads end with the shared data wrong.",
                               .verb = "end with the shared data wrong"};
    if (has_lock) {
        c.goal = GOAL_BREAK;
        c.goal_text = "Break the lock: two threads inside at once, a thread waiting for good, "
                      "or a wrong end.";
        c.verb = "break it";
    } else if (sleeps) {
        c.goal = GOAL_STUCK;
        c.goal_text = "Leave a thread waiting for good.";
        c.verb = "leave a thread waiting for good";
    }
    return c;
}
