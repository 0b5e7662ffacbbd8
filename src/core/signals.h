/* core/signals.h: SIGINT and SIGTERM kept off racedemo's own threads. A thread
 * inherits its creator's mask, so every worker and the watchdog is created
 * with the two blocked: a stop handler then only ever runs on the calling
 * thread, the one that reads its flag. Needs _POSIX_C_SOURCE. */
#ifndef RACEDEMO_SIGNALS_H
#define RACEDEMO_SIGNALS_H

#include <pthread.h>
#include <signal.h>

/* Blocks SIGINT and SIGTERM on this thread; *old gets the mask to put back
 * with stop_signals_restore once the new threads exist. */
static inline void stop_signals_block(sigset_t *old)
{
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, old);
}

static inline void stop_signals_restore(const sigset_t *old)
{
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

#endif
