/* core/clock.h: the clock readings racedemo takes, in nanoseconds. One copy,
 * inline, because one caller (counter's --trace) reads it inside the racy
 * loop, where a call would widen the very window it measures. Needs
 * _POSIX_C_SOURCE >= 199309L defined before the first system header. */
#ifndef RACEDEMO_CLOCK_H
#define RACEDEMO_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Monotonic: for durations and deadlines, never set back. */
static inline uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The wall clock: differs between runs and boots, for a fresh seed. */
static inline uint64_t realtime_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#endif
