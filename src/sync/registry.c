/* registry.c: the table of strategies, and the few helpers every caller shares. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "racedemo/engine.h"
#include "racedemo/sync.h"
#include "racedemo/shared.h"

#define SYNC_STRATEGY(id) extern const struct sync_strategy sync_##id;
#include "list.h"
#undef SYNC_STRATEGY

/* The order is list.h's. */
const struct sync_strategy *const sync_strategies[] = {
#define SYNC_STRATEGY(id) &sync_##id,
#include "list.h"
#undef SYNC_STRATEGY
    NULL,
};

const struct sync_strategy *sync_find(const char *name)
{
    for (const struct sync_strategy *const *s = sync_strategies; *s; s++)
        if (strcmp((*s)->name, name) == 0)
            return *s;
    return NULL;
}

static const char *name_at(size_t i)
{
    return sync_strategies[i] ? sync_strategies[i]->name : NULL;
}

static void store(void *field, size_t i)
{
    *(const struct sync_strategy **)field = sync_strategies[i];
}

static const char *stored(const void *field)
{
    return (*(const struct sync_strategy *const *)field)->name;
}

const struct opt_names sync_option_names = {name_at, store, stored};

bool sync_allows_threads(const struct sync_strategy *s, unsigned nthreads)
{
    unsigned max = s->max_threads ? s->max_threads : RACEDEMO_MAX_THREADS;
    return nthreads >= s->min_threads && nthreads <= max;
}

int sync_state_create(const struct sync_strategy *s, unsigned nthreads, void **state)
{
    size_t size = s->state_size ? s->state_size(nthreads) : 0;
    *state = NULL;
    if (size == 0)
        return 0;
    /* Zeroed, on its own cache lines, and shared with processes too. */
    void *mem = shared_calloc(1, size);
    if (!mem)
        return ENOMEM;
    int rc = s->init ? s->init(mem, nthreads) : 0;
    if (rc != 0) {
        shared_free(mem);
        return rc;
    }
    *state = mem;
    return 0;
}

void sync_state_free(const struct sync_strategy *s, void *state)
{
    if (!state)
        return;
    if (s->destroy)
        s->destroy(state);
    shared_free(state);
}
