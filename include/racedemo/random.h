/* random.h: splitmix64, the one generator racedemo uses (the bank's
 * transfers, the replay's random schedules, a fresh seed). Small, fast and
 * good enough to spread choices; reproducible from its seed, which is what
 * --seed promises. Inline: the bank's tellers draw from it in their loop. */
#ifndef RACEDEMO_RANDOM_H
#define RACEDEMO_RANDOM_H

#include <stdint.h>

/* splitmix64's finaliser: every bit of z moves every bit of the result. */
static inline uint64_t splitmix64_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* The next number of the stream whose state is *state. */
static inline uint64_t splitmix64(uint64_t *state)
{
    return splitmix64_mix(*state += 0x9e3779b97f4a7c15u);
}

#endif
