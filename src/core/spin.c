/* core/spin.c: the yielding half of spin_wait(), kept here for its POSIX header,
 * and which abandon flag each thread obeys. */
#define _POSIX_C_SOURCE 200809L
#include <sched.h>

#include "racedemo/spin.h"

/* What a thread outside any team obeys: nobody ever sets it. */
static atomic_bool never_set;
_Thread_local atomic_bool *spin_abandon_at = &never_set;
_Thread_local unsigned long long spin_turns;
static atomic_bool never_finish;
_Thread_local atomic_bool *spin_finish_at = &never_finish;

atomic_bool *spin_obey(atomic_bool *flag)
{
    atomic_bool *before = spin_abandon_at;
    spin_abandon_at = flag ? flag : &never_set;
    return before;
}

atomic_bool *spin_finish_obey(atomic_bool *flag)
{
    atomic_bool *before = spin_finish_at;
    spin_finish_at = flag ? flag : &never_finish;
    return before;
}

void spin_yield(void)
{
    sched_yield();
}
