/* replay/model.c: each thread's program over a strategy's and a workload's
 * steps (replay/model.h). */
#include "replay/model.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "racedemo/sync.h"

void replay_say(const struct replay_event *ev, char *buf, size_t len, const char *fmt, ...)
{
    if (ev->quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, len, fmt, ap);
    va_end(ap);
}

const struct replay_ops *model_ops(const struct replay_ops *ops, const struct sync_strategy *sync)
{
    return sync->atomic_update ? ops->atomic : ops;
}

void model_start(const struct model *m, struct program *p)
{
    *p = (struct program){.phase = m->lock->nacquire ? PHASE_ACQUIRE : PHASE_BODY};
}

const char *model_step_name(const struct model *m, const struct program *p)
{
    switch (p->phase) {
    case PHASE_ACQUIRE:
        return m->lock->acquire[p->k];
    case PHASE_BODY:
        return m->ops->steps[p->k];
    case PHASE_RELEASE:
        return m->lock->release[p->k];
    }
    return "?";
}

void model_advance(const struct model *m, struct program *p, const struct replay_event *ev)
{
    if (ev && ev->waiting)
        return;
    unsigned n = p->phase == PHASE_ACQUIRE ? m->lock->nacquire
                 : p->phase == PHASE_BODY  ? m->ops->nsteps
                                           : m->lock->nrelease;
    p->k = ev && ev->jump ? ev->jump - 1 : p->k + 1;
    if (p->k < n)
        return;
    p->k = 0;
    if (p->phase == PHASE_ACQUIRE) {
        p->phase = PHASE_BODY;
    } else if (p->phase == PHASE_BODY && m->lock->nrelease) {
        p->phase = PHASE_RELEASE;
    } else {
        p->phase = m->lock->nacquire ? PHASE_ACQUIRE : PHASE_BODY;
        p->iter++;
    }
}

bool model_finished(const struct model *m, const struct program *p)
{
    return m->iters && p->iter >= m->iters;
}

bool model_inside(const struct model *m, const struct program *p)
{
    return m->lock->nacquire && p->phase != PHASE_ACQUIRE;
}

bool model_between_iterations(const struct model *m, const struct program *p)
{
    struct program start;
    model_start(m, &start);
    return p->iter > 0 && p->phase == start.phase && p->k == 0;
}

bool model_take(const struct model *m, struct sync_replay_state *lock, void *ctx,
                const struct program *p, unsigned t, struct replay_event *ev)
{
    if (p->phase == PHASE_BODY) {
        /* A workload's own protocol can wait too (prodcons's sleep). */
        m->ops->step(ctx, t, p->k, p->iter, ev);
        return ev->waiting;
    }
    ev->lock = true;
    bool waiting = false;
    if (p->phase == PHASE_ACQUIRE)
        waiting = !m->lock->take(lock, t, p->k, ev);
    else {
        ev->release = true;
        m->lock->give(lock, t, p->k, ev);
    }
    if (!ev->quiet)
        m->lock->state(lock, ev->shared, sizeof ev->shared);
    return waiting;
}
