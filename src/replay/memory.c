/* replay/memory.c: the memory models, sc and tso (replay/memory.h), and
 * the shared accesses every step model makes through them (replay.h). */
#include "replay/memory.h"

#include <stdio.h>
#include <string.h>

const struct opt_choice memory_model_choices[] = {
    {"sc", "sequential consistency: every step reaches every thread at once", NULL},
    {"tso", "x86-TSO: each thread's stores wait in a store buffer until a flush step", NULL},
    {NULL, NULL, NULL},
};

bool memory_model_parse(const char *text, enum memory_model *model)
{
    if (strcmp(text, "sc") == 0)
        *model = MEMORY_SC;
    else if (strcmp(text, "tso") == 0)
        *model = MEMORY_TSO;
    else
        return false;
    return true;
}

const char *memory_model_name(enum memory_model model)
{
    return model == MEMORY_TSO ? "tso" : "sc";
}

void memory_init(struct replay_memory *m, enum memory_model model, unsigned nthreads)
{
    memset(m, 0, sizeof *m);
    m->model = model;
    m->nthreads = nthreads;
}

/* ---- the types ---------------------------------------------------------- */

/* The shared data the steps run on is real (a replay's threads share it),
 * but one step runs at a time, ordered by the replay's grant: a relaxed
 * access is all the atomics need, and the lock's ints are plain. */
static int64_t read_int(const void *p)
{
    return *(const int *)p;
}

static void write_int(void *p, int64_t value)
{
    *(int *)p = (int)value;
}

static void show_thread(char *buf, size_t len, int64_t value)
{
    if (value >= 0 && value < (int64_t)REPLAY_MAX_THREADS)
        snprintf(buf, len, "%c", (char)('A' + value));
    else
        snprintf(buf, len, "%lld", (long long)value);
}

static int64_t read_u64(const void *p)
{
    return (int64_t)atomic_load_explicit((volatile _Atomic uint64_t *)p, memory_order_relaxed);
}

static void write_u64(void *p, int64_t value)
{
    atomic_store_explicit((volatile _Atomic uint64_t *)p, (uint64_t)value, memory_order_relaxed);
}

static int64_t read_i64(const void *p)
{
    return atomic_load_explicit((volatile _Atomic int64_t *)p, memory_order_relaxed);
}

static void write_i64(void *p, int64_t value)
{
    atomic_store_explicit((volatile _Atomic int64_t *)p, value, memory_order_relaxed);
}

const struct replay_type replay_int_type = {read_int, write_int, NULL};
const struct replay_type replay_thread_type = {read_int, write_int, show_thread};
const struct replay_type replay_u64_type = {read_u64, write_u64, NULL};
const struct replay_type replay_i64_type = {read_i64, write_i64, NULL};

/* ---- the buffers -------------------------------------------------------- */

static int find_location(const struct replay_memory *m, const void *p)
{
    for (unsigned i = 0; i < m->nlocations; i++)
        if (m->locations[i].p == p)
            return (int)i;
    return -1;
}

static int add_location(struct replay_memory *m, void *p, const struct replay_type *type,
                        const char *name)
{
    int i = find_location(m, p);
    if (i >= 0 || m->nlocations == MEMORY_MAX_LOCATIONS)
        return i;
    struct memory_location *l = &m->locations[m->nlocations];
    *l = (struct memory_location){.p = p, .type = type};
    snprintf(l->name, sizeof l->name, "%s", name ? name : "");
    return (int)m->nlocations++;
}

/* Thread t's oldest store to memory. */
static void write_oldest(struct replay_memory *m, unsigned t)
{
    const struct memory_store *s = &m->buffer[t][0];
    const struct memory_location *l = &m->locations[s->location];
    l->type->write(l->p, s->value);
    memmove(&m->buffer[t][0], &m->buffer[t][1], --m->count[t] * sizeof m->buffer[t][0]);
}

static void drain(struct replay_memory *m, unsigned t)
{
    while (m->count[t])
        write_oldest(m, t);
}

static void value_text(char *buf, size_t len, const struct replay_type *type, int64_t value)
{
    if (type->show)
        type->show(buf, len, value);
    else
        snprintf(buf, len, "%lld", (long long)value);
}

bool memory_flush(struct replay_memory *m, unsigned t, struct replay_event *ev)
{
    if (memory_pending(m, t) == 0)
        return false;
    const struct memory_store *s = &m->buffer[t][0];
    const struct memory_location *l = &m->locations[s->location];
    char value[24];
    value_text(value, sizeof value, l->type, s->value);
    replay_say(ev, ev->op, sizeof ev->op, "flush");
    replay_say(ev, ev->detail, sizeof ev->detail, "%s = %s reaches memory", l->name, value);
    replay_say(ev, ev->shared, sizeof ev->shared, "%s = %s", l->name, value);
    ev->flush = true;
    ev->touches = true;
    write_oldest(m, t);
    return true;
}

/* ---- the accesses ------------------------------------------------------- */

static bool buffers(const struct replay_event *ev)
{
    return ev->memory && ev->memory->model == MEMORY_TSO;
}

int64_t replay_load(struct replay_event *ev, const void *p, const struct replay_type *type,
                    enum replay_order o)
{
    (void)o; /* every load is a MOV */
    struct replay_memory *m = ev->memory;
    unsigned t = ev->thread;
    if (buffers(ev) && m->count[t]) {
        m->passed = true;
        int i = find_location(m, p);
        for (unsigned k = m->count[t]; i >= 0 && k-- > 0;)
            if (m->buffer[t][k].location == (uint8_t)i)
                return m->buffer[t][k].value;
    }
    return type->read(p);
}

void replay_store(struct replay_event *ev, void *p, const struct replay_type *type, int64_t v,
                  enum replay_order o, const char *name)
{
    struct replay_memory *m = ev->memory;
    unsigned t = ev->thread;
    if (!buffers(ev)) {
        type->write(p, v);
        return;
    }
    int i = o == REPLAY_SEQ_CST ? -1 : add_location(m, p, type, name);
    if (i < 0) { /* seq_cst: XCHG, or MOV and MFENCE; or no room to name it */
        m->too_many = m->too_many || o != REPLAY_SEQ_CST;
        drain(m, t);
        type->write(p, v);
        return;
    }
    if (m->count[t] == MEMORY_BUFFER_MAX)
        write_oldest(m, t);
    m->buffer[t][m->count[t]++] = (struct memory_store){.location = (uint8_t)i, .value = v};
}

void replay_fence(struct replay_event *ev)
{
    if (buffers(ev))
        drain(ev->memory, ev->thread);
}

int replay_load_int(struct replay_event *ev, const int *p, enum replay_order o)
{
    return (int)replay_load(ev, p, &replay_int_type, o);
}

void replay_store_int(struct replay_event *ev, int *p, int v, enum replay_order o, const char *name)
{
    replay_store(ev, p, &replay_int_type, v, o, name);
}

void replay_store_thread(struct replay_event *ev, int *p, int t, enum replay_order o,
                         const char *name)
{
    replay_store(ev, p, &replay_thread_type, t, o, name);
}

uint64_t replay_load_u64(struct replay_event *ev, volatile _Atomic uint64_t *p, enum replay_order o)
{
    return (uint64_t)replay_load(ev, (const void *)p, &replay_u64_type, o);
}

void replay_store_u64(struct replay_event *ev, volatile _Atomic uint64_t *p, uint64_t v,
                      enum replay_order o, const char *name)
{
    replay_store(ev, (void *)p, &replay_u64_type, (int64_t)v, o, name);
}

int64_t replay_load_i64(struct replay_event *ev, volatile _Atomic int64_t *p, enum replay_order o)
{
    return replay_load(ev, (const void *)p, &replay_i64_type, o);
}

void replay_store_i64(struct replay_event *ev, volatile _Atomic int64_t *p, int64_t v,
                      enum replay_order o, const char *name)
{
    replay_store(ev, (void *)p, &replay_i64_type, v, o, name);
}

/* ---- explore's copy, and the report ------------------------------------ */

#define PACKED_STORE (1 + sizeof(int64_t))

size_t memory_state_bytes(const struct replay_memory *m)
{
    if (m->model != MEMORY_TSO)
        return 0;
    return m->nthreads * (1 + MEMORY_BUFFER_MAX * PACKED_STORE);
}

void memory_pack(const struct replay_memory *m, unsigned char *buf)
{
    if (m->model != MEMORY_TSO)
        return;
    memset(buf, 0, memory_state_bytes(m));
    for (unsigned t = 0; t < m->nthreads; t++) {
        *buf++ = (unsigned char)m->count[t];
        for (unsigned k = 0; k < MEMORY_BUFFER_MAX; k++, buf += PACKED_STORE)
            if (k < m->count[t]) {
                buf[0] = m->buffer[t][k].location;
                memcpy(buf + 1, &m->buffer[t][k].value, sizeof(int64_t));
            }
    }
}

void memory_unpack(struct replay_memory *m, const unsigned char *buf)
{
    if (m->model != MEMORY_TSO)
        return;
    for (unsigned t = 0; t < m->nthreads; t++) {
        m->count[t] = *buf++;
        for (unsigned k = 0; k < MEMORY_BUFFER_MAX; k++, buf += PACKED_STORE) {
            m->buffer[t][k].location = buf[0];
            memcpy(&m->buffer[t][k].value, buf + 1, sizeof(int64_t));
        }
    }
}

void memory_buffers_text(const struct replay_memory *m, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (unsigned t = 0; t < m->nthreads && used < len; t++) {
        int n = snprintf(buf + used, len - used, "%s%c: ", t ? " | " : "", (char)('A' + t));
        used += n > 0 ? (size_t)n : 0;
        for (unsigned k = 0; k < m->count[t] && used < len; k++) {
            const struct memory_store *s = &m->buffer[t][k];
            const struct memory_location *l = &m->locations[s->location];
            char value[24];
            value_text(value, sizeof value, l->type, s->value);
            n = snprintf(buf + used, len - used, "%s%s = %s", k ? ", " : "", l->name, value);
            used += n > 0 ? (size_t)n : 0;
        }
        if (m->count[t] == 0 && used < len) {
            n = snprintf(buf + used, len - used, "-");
            used += n > 0 ? (size_t)n : 0;
        }
    }
}
