/* core/test_hooks.h: the fault-injection hooks, for the tests only. Each
 * makes one failure happen on demand that a healthy machine never shows,
 * so that a test can check what racedemo does when it does happen. They
 * exist only where RACEDEMO_TEST_HOOKS is defined: in
 * racedemo_core_testing, the library the tests link (CMakeLists.txt
 * builds the files that hold one twice). racedemo, the benchmark and the
 * fuzzers link racedemo_core, built without them: there the declarations
 * below are absent, each hook's check compiles away, and ctest
 * symbols_shipped fails if a hook's name is in the racedemo binary. */
#ifndef RACEDEMO_TEST_HOOKS_H
#define RACEDEMO_TEST_HOOKS_H

#ifdef RACEDEMO_TEST_HOOKS
#include <stdbool.h>

/* core/shared.c: the nth allocation (shared_calloc or shared_arena_calloc)
 * from now returns NULL, as when memory runs out (0 turns it off). The
 * engine's start must then fail with one line and fork nobody; a test
 * cannot exhaust memory on purpose. */
void shared_fail_calloc(unsigned nth);

/* core/engine.c: the creation of worker `index` (1 or more: worker 0 is
 * the caller; for processes 0 or more) fails with `error`, an errno value,
 * as when the system runs out of threads or processes (index < 0 turns it
 * off). The run must then report which worker and stop the ones already
 * made, which a test cannot otherwise bring about without starving the
 * whole machine. */
void engine_fail_thread_create(int index, int error);

/* workloads/prodcons_protocols.c: with `on`, a consumer that takes the
 * mutex it sleeps under (--sync none: its bed's; mutex: the buffer's)
 * ends its process at once (_Exit) holding it, as a worker process
 * killed in its critical section would: the parent's wakeup must not then
 * wait for that mutex forever. A kill from outside cannot land inside
 * those few instructions on purpose. For forked workers only. */
void prodcons_die_holding_lock(bool on);

/* core/platform/posix.c: with `on`, act as a system that cannot share a
 * semaphore between processes (macOS without process-shared mutexes):
 * platform_semaphore_shares_processes is false and a pshared
 * platform_semaphore_init fails with ENOTSUP (false turns it off).
 * --procs with --sync semaphore must then be refused with one line, on a
 * Linux machine where sharing works. */
void platform_fail_semaphore_sharing(bool on);
#endif

#endif
