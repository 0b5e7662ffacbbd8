/* replay/model.c: each thread's program over a strategy's and a workload's
 * steps (replay/model.h). */
#include "replay/model.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "racedemo/sync.h"
#include "replay/memory.h"

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

bool model_buffers(const struct model *m)
{
    return m->memory && m->memory->model == MEMORY_TSO;
}

/* The buffers after a step, for the report. */
static void say_buffers(const struct model *m, struct replay_event *ev)
{
    if (model_buffers(m) && !ev->quiet)
        memory_buffers_text(m->memory, ev->buffers, sizeof ev->buffers);
}

bool model_take(const struct model *m, struct sync_replay_state *lock, void *ctx,
                const struct program *p, unsigned t, struct replay_event *ev)
{
    ev->memory = m->memory;
    if (p->phase == PHASE_BODY) {
        /* A workload's own protocol can wait too (prodcons's sleep). */
        m->ops->step(ctx, t, p->k, p->iter, ev);
        /* A workload marks a store that overwrites an update it knows of
         * when it issues it; under tso the store reaches memory later, at
         * a flush, so that mark would not be true: none is made. */
        if (model_buffers(m))
            ev->mark[0] = '\0';
        say_buffers(m, ev);
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
    say_buffers(m, ev);
    return waiting;
}

bool model_flush(const struct model *m, struct sync_replay_state *lock, unsigned t,
                 struct replay_event *ev)
{
    if (!model_buffers(m))
        return false;
    ev->memory = m->memory;
    /* A flush of the lock's variable is drawn to the lock. */
    const char *oldest =
        m->memory->count[t] ? m->memory->locations[m->memory->buffer[t][0].location].p : NULL;
    if (!memory_flush(m->memory, t, ev))
        return false;
    ev->lock = oldest >= (const char *)lock && oldest < (const char *)(lock + 1);
    say_buffers(m, ev);
    return true;
}
