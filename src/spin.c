/* spin.c: the yielding half of spin_wait(), kept here for its POSIX header. */
#define _POSIX_C_SOURCE 200809L
#include <sched.h>

#include "spin.h"

atomic_bool spin_abandon;
_Thread_local unsigned long long spin_turns;

void spin_yield(void)
{
    sched_yield();
}
