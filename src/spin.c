/* spin.c: the yielding half of spin_wait(), kept here for its POSIX header,
 * and which abandon flag each thread obeys. */
#define _POSIX_C_SOURCE 200809L
#include <sched.h>

#include "racedemo/spin.h"

/* What a thread outside any team obeys: nobody ever sets it. */
static atomic_bool never_set;
_Thread_local atomic_bool *spin_abandon_at = &never_set;
_Thread_local unsigned long long spin_turns;

atomic_bool *spin_obey(atomic_bool *flag)
{
    atomic_bool *before = spin_abandon_at;
    spin_abandon_at = flag ? flag : &never_set;
    return before;
}

void spin_yield(void)
{
    sched_yield();
}
