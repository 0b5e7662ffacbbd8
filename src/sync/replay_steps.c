/* replay_steps.c: replay steps more than one strategy takes (flag and tas
 * share a flag; the flags-* attempts and Peterson share flag[A], flag[B]). */
#include <stdio.h>

#include "racedemo/sync_replay.h"

void sync_replay_held_by(char *buf, size_t len, const struct sync_replay_state *l, const char *what)
{
    if (l->holder >= 0)
        snprintf(buf, len, "%s: %c holds the lock", what, sync_replay_letter((unsigned)l->holder));
    else
        snprintf(buf, len, "%s", what);
}

void sync_replay_flag_give(struct sync_replay_state *l, unsigned t, unsigned k,
                           struct replay_event *ev)
{
    (void)t, (void)k;
    sync_replay_poke(&l->flag, 0);
    l->holder = -1;
    snprintf(ev->op, sizeof ev->op, "flag := 0");
}

void sync_replay_flag_state(const struct sync_replay_state *l, char *buf, size_t len)
{
    snprintf(buf, len, "flag = %d", sync_replay_peek(&l->flag));
}

bool sync_replay_flags_step(struct sync_replay_state *l, unsigned t, bool raise, bool enters,
                            struct replay_event *ev)
{
    unsigned other = 1 - t;
    if (raise) {
        sync_replay_poke(&l->want[t], 1);
        snprintf(ev->op, sizeof ev->op, "flag[%c] := 1", sync_replay_letter(t));
        if (!enters)
            return true;
        l->holder = (int)t;
        snprintf(ev->detail, sizeof ev->detail, "enters");
        return true;
    }
    int up = sync_replay_peek(&l->want[other]);
    ev->reads_only = true;
    snprintf(ev->op, sizeof ev->op, "test flag[%c]", sync_replay_letter(other));
    snprintf(ev->detail, sizeof ev->detail, "flag[%c] = %d: %s", sync_replay_letter(other), up,
             up       ? "spins"
             : enters ? "enters"
                      : "goes on");
    if (!up && enters)
        l->holder = (int)t;
    return !up;
}

void sync_replay_unflag_give(struct sync_replay_state *l, unsigned t, unsigned k,
                             struct replay_event *ev)
{
    (void)k;
    sync_replay_poke(&l->want[t], 0);
    l->holder = -1;
    snprintf(ev->op, sizeof ev->op, "flag[%c] := 0", sync_replay_letter(t));
}

void sync_replay_flags_state(const struct sync_replay_state *l, char *buf, size_t len)
{
    snprintf(buf, len, "flag[A] = %d, flag[B] = %d", sync_replay_peek(&l->want[0]),
             sync_replay_peek(&l->want[1]));
}
