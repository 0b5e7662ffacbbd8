/* replay_steps.c: replay steps more than one strategy takes (flag and tas
 * share a flag; the flags-* attempts and Peterson share flag[A], flag[B];
 * mutex, semaphore and spinlock a lock held as a whole; peterson and
 * peterson-relaxed, which differ only by a fence, Peterson's steps), and
 * the state's copy for explore. */
#include <stdio.h>
#include <string.h>

#include "racedemo/sync_replay.h"

void sync_replay_held_by(struct replay_event *ev, const struct sync_replay_state *l,
                         const char *what)
{
    if (l->holder >= 0)
        replay_say(ev, ev->detail, sizeof ev->detail, "%s: %c holds the lock", what,
                   sync_replay_letter((unsigned)l->holder));
    else
        replay_say(ev, ev->detail, sizeof ev->detail, "%s", what);
}

const char *sync_replay_name(char *buf, const char *array, unsigned t)
{
    size_t n = strlen(array);
    if (n > 20)
        n = 20;
    memcpy(buf, array, n);
    buf[n] = '[';
    buf[n + 1] = sync_replay_letter(t);
    buf[n + 2] = ']';
    buf[n + 3] = '\0';
    return buf;
}

void sync_replay_flag_give(struct sync_replay_state *l, unsigned t, unsigned k,
                           struct replay_event *ev)
{
    (void)t, (void)k;
    /* The release store that unlocks: a MOV, which may wait in a buffer. */
    replay_store_int(ev, &l->flag, 0, REPLAY_RELEASE, "flag");
    l->holder = -1;
    replay_say(ev, ev->op, sizeof ev->op, "flag := 0");
}

void sync_replay_flag_state(const struct sync_replay_state *l, char *buf, size_t len)
{
    snprintf(buf, len, "flag = %d", sync_replay_peek(&l->flag));
}

bool sync_replay_flags_step(struct sync_replay_state *l, unsigned t, bool raise, bool enters,
                            enum replay_order raise_order, struct replay_event *ev)
{
    unsigned other = 1 - t;
    char name[24];
    if (raise) {
        replay_store_int(ev, &l->want[t], 1, raise_order, sync_replay_name(name, "flag", t));
        replay_say(ev, ev->op, sizeof ev->op, "flag[%c] := 1", sync_replay_letter(t));
        if (!enters)
            return true;
        l->holder = (int)t;
        replay_say(ev, ev->detail, sizeof ev->detail, "enters");
        return true;
    }
    /* flags-check-first's test is acquire, flags-set-first's seq_cst: on
     * x86 both a MOV. */
    int up = replay_load_int(ev, &l->want[other],
                             raise_order == REPLAY_SEQ_CST ? REPLAY_SEQ_CST : REPLAY_ACQUIRE);
    ev->reads_only = true;
    replay_say(ev, ev->op, sizeof ev->op, "test flag[%c]", sync_replay_letter(other));
    replay_say(ev, ev->detail, sizeof ev->detail, "flag[%c] = %d: %s", sync_replay_letter(other),
               up,
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
    char name[24];
    replay_store_int(ev, &l->want[t], 0, REPLAY_RELEASE, sync_replay_name(name, "flag", t));
    l->holder = -1;
    replay_say(ev, ev->op, sizeof ev->op, "flag[%c] := 0", sync_replay_letter(t));
}

void sync_replay_flags_state(const struct sync_replay_state *l, char *buf, size_t len)
{
    snprintf(buf, len, "flag[A] = %d, flag[B] = %d", sync_replay_peek(&l->want[0]),
             sync_replay_peek(&l->want[1]));
}

bool sync_replay_hold_take(struct sync_replay_state *l, unsigned t, const char *op, const char *how,
                           struct replay_event *ev)
{
    replay_say(ev, ev->op, sizeof ev->op, "%s", op);
    /* A locked compare-and-exchange: the buffer drains first. */
    replay_fence(ev);
    if (replay_load_int(ev, &l->flag, REPLAY_ACQUIRE)) {
        sync_replay_held_by(ev, l, how);
        return false;
    }
    replay_store_int(ev, &l->flag, 1, REPLAY_SEQ_CST, "lock");
    l->holder = (int)t;
    replay_say(ev, ev->detail, sizeof ev->detail, "acquired");
    return true;
}

void sync_replay_hold_give(struct sync_replay_state *l, const char *op, const char *detail,
                           enum replay_order order, struct replay_event *ev)
{
    l->holder = -1;
    replay_store_int(ev, &l->flag, 0, order, "lock");
    replay_say(ev, ev->op, sizeof ev->op, "%s", op);
    replay_say(ev, ev->detail, sizeof ev->detail, "%s", detail);
}

void sync_replay_hold_state(const struct sync_replay_state *l, char *buf, size_t len)
{
    if (l->holder >= 0)
        snprintf(buf, len, "held by %c", sync_replay_letter((unsigned)l->holder));
    else
        snprintf(buf, len, "free");
}

bool sync_replay_peterson_take(struct sync_replay_state *l, unsigned t, unsigned k,
                               enum replay_order order, struct replay_event *ev)
{
    unsigned other = 1 - t;
    char name[24];
    if (k == 0) {
        replay_store_int(ev, &l->want[t], 1, order, sync_replay_name(name, "flag", t));
        replay_say(ev, ev->op, sizeof ev->op, "flag[%c] := 1", sync_replay_letter(t));
        return true;
    }
    if (k == 1) {
        replay_store_thread(ev, &l->turn, (int)other, order, "turn");
        replay_say(ev, ev->op, sizeof ev->op, "turn := %c", sync_replay_letter(other));
        return true;
    }
    /* Loads: acquire in peterson-relaxed, seq_cst in peterson; on x86
     * both a MOV. */
    enum replay_order load = order == REPLAY_SEQ_CST ? REPLAY_SEQ_CST : REPLAY_ACQUIRE;
    int want = replay_load_int(ev, &l->want[other], load);
    int turn = replay_load_int(ev, &l->turn, load);
    bool wait = want && turn == (int)other;
    ev->reads_only = true;
    replay_say(ev, ev->op, sizeof ev->op, "test");
    replay_say(ev, ev->detail, sizeof ev->detail, "flag[%c] = %d, turn = %c: %s",
               sync_replay_letter(other), want, sync_replay_letter((unsigned)turn),
               wait ? "spins" : "enters");
    if (!wait)
        l->holder = (int)t;
    return !wait;
}

void sync_replay_peterson_state(const struct sync_replay_state *l, char *buf, size_t len)
{
    snprintf(buf, len, "flag[A] = %d, flag[B] = %d, turn = %c", sync_replay_peek(&l->want[0]),
             sync_replay_peek(&l->want[1]),
             sync_replay_letter((unsigned)sync_replay_peek(&l->turn)));
}

/* The scalars first, then each per-thread array cut to nthreads. */
#define SCALARS(l)                                                                                 \
    {                                                                                              \
        &(l)->flag, &(l)->turn, &(l)->want[0], &(l)->want[1], &(l)->next, &(l)->serving            \
    }
#define NSCALARS 6
#define ARRAYS(l)                                                                                  \
    {                                                                                              \
        (l)->number, (l)->choosing, (l)->scan, (l)->seen                                           \
    }
#define NARRAYS 4

size_t sync_replay_state_bytes(unsigned nthreads)
{
    return sizeof(int) * (NSCALARS + NARRAYS * (size_t)nthreads);
}

void sync_replay_pack(const struct sync_replay_state *l, unsigned nthreads, unsigned char *buf)
{
    const int *scalars[] = SCALARS(l);
    const int *arrays[] = ARRAYS(l);
    for (int i = 0; i < NSCALARS; i++, buf += sizeof(int))
        memcpy(buf, scalars[i], sizeof(int));
    for (int i = 0; i < NARRAYS; i++, buf += sizeof(int) * nthreads)
        memcpy(buf, arrays[i], sizeof(int) * nthreads);
}

void sync_replay_unpack(struct sync_replay_state *l, unsigned nthreads, const unsigned char *buf)
{
    int *scalars[] = SCALARS(l);
    int *arrays[] = ARRAYS(l);
    for (int i = 0; i < NSCALARS; i++, buf += sizeof(int))
        memcpy(scalars[i], buf, sizeof(int));
    for (int i = 0; i < NARRAYS; i++, buf += sizeof(int) * nthreads)
        memcpy(arrays[i], buf, sizeof(int) * nthreads);
}
