/* core/platform/signals.c: the stop signals' mask and handlers, and
 * SIGCHLD for worker processes (core/signals.h). Plain POSIX: the same on
 * Linux and macOS. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>

#include "core/signals.h"

/* SIGINT (Ctrl-C), SIGTERM (kill, a service manager), SIGHUP (the
 * terminal went away): each a request to stop and report. SIGQUIT
 * (Ctrl-\) keeps its default action: quit at once. */
static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};
enum { STOP_SIGNALS = sizeof stop_signals / sizeof stop_signals[0] };

/* What stop_signals_catch found, for stop_signals_release: one command
 * catches them at a time, and a process's handlers are its own. */
static struct sigaction found[STOP_SIGNALS];

void stop_signals_block(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (unsigned i = 0; i < STOP_SIGNALS; i++)
        sigaddset(&set, stop_signals[i]);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

void stop_signals_restore(const sigset_t *old)
{
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

void stop_signals_catch(void (*handler)(int sig))
{
    struct sigaction action = {.sa_handler = handler, .sa_flags = SA_RESTART};
    sigemptyset(&action.sa_mask);
    /* Each stop signal is blocked while the handler runs for any of them,
     * so that one handler's note is never cut into by another's. */
    for (unsigned i = 0; i < STOP_SIGNALS; i++)
        sigaddset(&action.sa_mask, stop_signals[i]);
    for (unsigned i = 0; i < STOP_SIGNALS; i++) {
        sigaction(stop_signals[i], NULL, &found[i]);
        if (found[i].sa_handler != SIG_IGN)
            sigaction(stop_signals[i], &action, NULL);
    }
}

void stop_signals_release(void)
{
    for (unsigned i = 0; i < STOP_SIGNALS; i++)
        sigaction(stop_signals[i], &found[i], NULL);
}

void stop_signals_die(int sig)
{
    /* Blocked while its handler runs: delivered, with the default action,
     * as soon as the handler returns. */
    signal(sig, SIG_DFL);
    raise(sig);
}

void signals_child_default(struct signals_saved_child *saved)
{
    struct sigaction dfl = {.sa_handler = SIG_DFL};
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGCHLD, &dfl, &saved->action);
}

void signals_child_restore(const struct signals_saved_child *saved)
{
    sigaction(SIGCHLD, &saved->action, NULL);
}
