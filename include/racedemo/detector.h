/* detector.h: the mutual-exclusion violation detector, as the Linux
 * kernel's lock torture test does it. Inside the critical section each
 * thread writes its name into a word of its own (not the protected data)
 * and checks, on the way in and on the way out, that nobody else's name
 * was there. It only loads and stores, relaxed: an atomic read-modify-write
 * is a full barrier on x86-64 and would hide the very reorderings that let
 * peterson-relaxed fail. It can miss an overlap, never invent one. */
#ifndef RACEDEMO_DETECTOR_H
#define RACEDEMO_DETECTOR_H

#include <stdalign.h>
#include <stdatomic.h>

struct cs_detector {
    alignas(64) atomic_uint inside; /* 0, or 1 + the thread inside */
};

/* On entering: 1 if another thread was inside, else 0. */
static inline unsigned detector_enter(struct cs_detector *d, unsigned self)
{
    unsigned seen = atomic_load_explicit(&d->inside, memory_order_relaxed);
    atomic_store_explicit(&d->inside, self + 1, memory_order_relaxed);
    return seen != 0;
}

/* On leaving: 1 if another thread came in meanwhile, else 0. */
static inline unsigned detector_leave(struct cs_detector *d, unsigned self)
{
    unsigned seen = atomic_load_explicit(&d->inside, memory_order_relaxed);
    atomic_store_explicit(&d->inside, 0, memory_order_relaxed);
    return seen != self + 1;
}

#endif
