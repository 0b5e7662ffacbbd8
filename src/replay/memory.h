/* replay/memory.h: the memory model a replay's and an exploration's steps
 * run under (--model). Under sc a load reads memory and a store writes
 * it: every thread sees every step at once. Under tso each thread has a
 * FIFO store buffer, as in x86-TSO (Owens, Sarkar and Sewell, "A better
 * x86 memory model: x86-TSO", TPHOLs 2009): a store waits in its thread's
 * buffer until a flush, a step of its own, writes the oldest one to
 * memory; a load reads its own buffer's newest store to the location, or
 * memory. What each access does is in replay.h (enum replay_order). The
 * buffers are racedemo's simulation: a replay's threads are real, but
 * their stores reach the shared data at once, and the buffers are this
 * model's bookkeeping beside it. */
#ifndef RACEDEMO_REPLAY_MEMORY_H
#define RACEDEMO_REPLAY_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "racedemo/options.h"
#include "racedemo/replay.h"

enum memory_model {
    MEMORY_SC,
    MEMORY_TSO,
};

/* Most stores one thread's buffer holds: a store to a full buffer first
 * writes the oldest to memory (a real x86 core holds about fifty; the
 * small instances explore and play walk never fill eight). */
#define MEMORY_BUFFER_MAX 8
/* Most distinct shared locations a run stores to under tso. */
#define MEMORY_MAX_LOCATIONS 255u

struct memory_location {
    void *p;
    const struct replay_type *type;
    char name[24];
};

struct memory_store {
    uint8_t location; /* its index in the run's table */
    int64_t value;
};

struct replay_memory {
    enum memory_model model;
    unsigned nthreads;
    /* Every location stored to so far, for the whole run (or search), so
     * that an index means one location in every state. */
    struct memory_location locations[MEMORY_MAX_LOCATIONS];
    unsigned nlocations;
    bool too_many; /* a store found the table full: the run is refused */
    /* Each thread's buffer, oldest first. */
    unsigned count[REPLAY_MAX_THREADS];
    struct memory_store buffer[REPLAY_MAX_THREADS][MEMORY_BUFFER_MAX];
    /* A load went ahead of a store of its own thread still in the buffer
     * since this was last cleared (explore counts such interleavings). */
    bool passed;
};

/* --model's choices (explore, --schedule), in enum memory_model's order. */
extern const struct opt_choice memory_model_choices[];

/* "sc" or "tso" into *model; false when it is neither. */
bool memory_model_parse(const char *text, enum memory_model *model);
const char *memory_model_name(enum memory_model model);

void memory_init(struct replay_memory *m, enum memory_model model, unsigned nthreads);
/* Thread t's buffered stores. */
static inline unsigned memory_pending(const struct replay_memory *m, unsigned t)
{
    return m->model == MEMORY_TSO ? m->count[t] : 0;
}
/* Writes thread t's oldest buffered store to memory, as the step ev
 * (zeroed, its thread and memory set) says; false, changing nothing,
 * when its buffer is empty. */
bool memory_flush(struct replay_memory *m, unsigned t, struct replay_event *ev);
/* The buffers, as explore keeps them: their size (0 under sc), the copy
 * out and back in. */
size_t memory_state_bytes(const struct replay_memory *m);
void memory_pack(const struct replay_memory *m, unsigned char *buf);
void memory_unpack(struct replay_memory *m, const unsigned char *buf);
/* Each thread's buffer: "A: flag[A] = 1, turn = B | B: -". */
void memory_buffers_text(const struct replay_memory *m, char *buf, size_t len);

#endif
