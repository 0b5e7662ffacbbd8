/* core/signals.h: the signals that ask racedemo to stop, SIGINT (Ctrl-C),
 * SIGTERM and SIGHUP, and the handler cli/progress.c keeps for them while
 * a command runs and writes its report: part of the platform layer, the
 * one place that calls sigaction, signal and pthread_sigmask (their code
 * is in src/core/platform/signals.c).
 *
 * A thread inherits its creator's mask, so every worker and the watchdog
 * is created with the stop signals blocked: a stop handler then only ever
 * runs on the calling thread, the one that reads its flag. Worker
 * processes are forked with the same mask, and the parent, which handles
 * the signal, ends them. Needs _POSIX_C_SOURCE. */
#ifndef RACEDEMO_SIGNALS_H
#define RACEDEMO_SIGNALS_H

#include <signal.h>

/* Blocks the stop signals on this thread; *old gets the mask to put back
 * with stop_signals_restore once the new threads exist. */
void stop_signals_block(sigset_t *old);
void stop_signals_restore(const sigset_t *old);

/* Makes handler (run with SA_RESTART, so that a write the signal breaks
 * into goes on) the stop signals' handler, keeping what was there for
 * stop_signals_release; a stop signal the process inherited ignored
 * (nohup, a script's `cmd &`) stays ignored. One set at a time. */
void stop_signals_catch(void (*handler)(int sig));

/* Puts back the handlers stop_signals_catch found. */
void stop_signals_release(void);

/* From a stop handler: ends the process by sig as if it had never been
 * caught (the default action, once the handler returns). */
void stop_signals_die(int sig);

/* In a freshly started run of worker processes: SIGCHLD's default action,
 * which waitpid needs (an inherited SIG_IGN would have the kernel reap the
 * workers, and a death could not be told from a normal end). *saved gets
 * what was there, for signals_child_restore. */
struct signals_saved_child {
    struct sigaction action;
};
void signals_child_default(struct signals_saved_child *saved);
void signals_child_restore(const struct signals_saved_child *saved);

#endif
