/* spin.h: how every busy-wait in racedemo waits. Each turn of a wait loop
 * relaxes the CPU; after SPIN_BEFORE_YIELD turns it gives the CPU away, so a
 * waiter never burns a whole time slice while the thread it waits for is
 * preempted (8 threads on 2 cores must finish in seconds, not minutes). */
#ifndef RACEDEMO_SPIN_H
#define RACEDEMO_SPIN_H

#include <stdatomic.h>
#include <stdbool.h>

/* About 10 microseconds of pause instructions on a current x86-64 core:
 * long enough that a lock held for a few nanoseconds is usually seen free
 * before we yield, short enough that a preempted holder gets a CPU soon. */
#define SPIN_BEFORE_YIELD 128

struct spin_wait {
    unsigned spins;
};

/* Tell the CPU we are spinning: on x86-64 `pause` saves power and avoids the
 * memory-order mis-speculation flush when the awaited store arrives; on arm64
 * `yield` hints the same to SMT siblings. Elsewhere: nothing. */
static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    __asm__ __volatile__("yield" ::: "memory");
#endif
}

/* Calls sched_yield(); out of line so that spin.h needs no POSIX headers. */
void spin_yield(void);

/* The flag that tells a run's wait loops to give up: set (by the watchdog
 * when a run is stuck, on Ctrl-C, or by the engine when a worker process
 * dies) so that every lock's wait loop returns and stuck workers can be
 * stopped and joined. Read relaxed, once per yield: it is a request to
 * stop, not data. Each engine owns one (in the memory its workers share,
 * for processes) and points each of its workers at it with spin_obey, so
 * `spin_abandon` names, in each thread, the flag of the team it works in.
 * Per thread, not per process: two teams never share a flag, and nobody
 * sets and resets a process-wide one around a run. */
extern _Thread_local atomic_bool *spin_abandon_at;
#define spin_abandon (*spin_abandon_at)

/* Points this thread's wait loops at `flag` (NULL: a flag of their own
 * that is never set) and returns the one they obeyed before. For the
 * engine's workers: the flag itself is the engine's (engine_abandon). */
atomic_bool *spin_obey(atomic_bool *flag);

/* Whether the run has been stopped (the watchdog, Ctrl-C): one relaxed
 * load of a word nobody writes until then, through this thread's pointer
 * to it (a thread-local load), so both stay in every core's cache and cost
 * what loads from L1 cost. No fence, no locked instruction: loops that
 * never wait call it between stretches of work. */
static inline bool spin_stopped(void)
{
    return atomic_load_explicit(&spin_abandon, memory_order_relaxed);
}

/* The flag that asks a run's workers to finish early at a clean point
 * (compare's --budget ran out): unlike spin_abandon, wait loops do not
 * give up on it, so a thread waiting for a lock still takes it, does its
 * update and lets go; the loops of a workload that can judge a trial cut
 * short (workload.cut_expected) look at it, with spin_abandon, between
 * whole updates: spin_leaving(). Each engine owns one, as it owns its
 * abandon flag, and points each of its workers at it with spin_finish_obey. */
extern _Thread_local atomic_bool *spin_finish_at;

/* Points this thread's loops at `flag` (NULL: one never set); returns the
 * one they obeyed before. */
atomic_bool *spin_finish_obey(atomic_bool *flag);

/* Whether this thread is to leave its loop at the next clean point: the
 * run was stopped, or asked to finish. Two relaxed loads of words nobody
 * writes until then, between whole updates: no fence, no locked
 * instruction, as spin_stopped(). */
static inline bool spin_leaving(void)
{
    /* relaxed: a request to leave, not data; the trial's end (the engine's
     * join) orders what the workers did before it. */
    return atomic_load_explicit(spin_finish_at, memory_order_relaxed) || spin_stopped();
}

/* Iterations of a racy loop between two calls of spin_stopped(): a few
 * microseconds of bare updates, so a stop is seen at once, and the load is
 * one in thousands, below what a benchmark of the loop can tell. */
#define SPIN_STOP_EVERY 4096u

/* Turns of wait loops this thread has made: wasted work, for the report.
 * Thread-local, so counting costs no shared access. */
extern _Thread_local unsigned long long spin_turns;

/* One turn of a wait loop; true when the loop must give up:
 * `struct spin_wait w = {0}; while (busy) if (spin_wait(&w)) return;` */
static inline bool spin_wait(struct spin_wait *w)
{
    spin_turns++;
    if (++w->spins < SPIN_BEFORE_YIELD) {
        cpu_relax();
        return false;
    }
    w->spins = 0;
    spin_yield();
    return spin_stopped();
}

#endif
