/* spin.c: the yielding half of spin_wait(), kept here for its POSIX header. */
#define _POSIX_C_SOURCE 200809L
#include <sched.h>

#include "spin.h"

static atomic_bool spin_abandon_own;
atomic_bool *spin_abandon_at = &spin_abandon_own;
_Thread_local unsigned long long spin_turns;

void spin_abandon_share(atomic_bool *where)
{
    spin_abandon_at = where ? where : &spin_abandon_own;
    atomic_store_explicit(spin_abandon_at, false, memory_order_relaxed);
}

void spin_yield(void)
{
    sched_yield();
}
