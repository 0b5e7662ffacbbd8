/* cli/progress.c: Ctrl-C, SIGTERM and the progress line while trials run
 * (cli/progress.h). */
#define _POSIX_C_SOURCE 200809L /* sigaction */
#include <assert.h>
#include <inttypes.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/progress.h"
#include "core/platform.h"
#include "report/format.h"

/* Ctrl-C during trials: the first stops the run (the trial under way gets
 * a quarter of a second to end, then is given up: run/run.c) and the
 * summary of the completed trials is printed; a second exits at once. */
/* Set by the handler, read by the trial loop and the watchdog thread: a
 * lock-free atomic, which a signal handler may store to and other threads
 * may read without a data race (a volatile sig_atomic_t is only safe within
 * one thread). */
static atomic_int interrupted;
static_assert(ATOMIC_INT_LOCK_FREE == 2, "the Ctrl-C flag must be a lock-free atomic");

/* The handlers racedemo found, put back when the run ends: one run
 * watches at a time, and the signals' handlers are the process's. */
static struct sigaction old_int, old_term;

static void on_interrupt(int sig)
{
    static const char note[] =
        "\nracedemo: stopping; a trial not over in a quarter of a second is given up and\n"
        "left out of the report; Ctrl-C again quits at once\n";
    if (run_watch_signal()) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    atomic_store_explicit(&interrupted, sig, memory_order_relaxed);
    /* write(2) is async-signal-safe; a long trial can take a while to end. */
    if (write(STDERR_FILENO, note, sizeof note - 1) < 0)
        return;
}

void progress_put(struct progress *p, const char *text)
{
    char line[400];
    /* Asked each time: the terminal may have been resized. */
    int width = format_choose_width(getenv("COLUMNS"), platform_terminal_width(fileno(p->err)));
    fputs(format_progress_line(line, sizeof line, text, width), p->err);
    fflush(p->err);
    p->shown = strlen(text);
}

void progress_clear(struct progress *p)
{
    if (!p->shown)
        return;
    fputs("\r\033[K", p->err); /* progress is only shown on a terminal */
    fflush(p->err);
    p->shown = 0;
}

int progress_prefix(char *buf, size_t len, const struct progress *p)
{
    int n = p->n ? snprintf(buf, len, "  %s (%zu of %zu)", p->strategy, p->k, p->n)
                 : snprintf(buf, len, " ");
    return n < 0 ? 0 : (size_t)n < len ? n : (int)len - 1;
}

/* Trials done, elapsed and, when it can be known, what remains. */
static void show_progress(void *ctx, size_t done, const struct run_config *run, uint64_t elapsed_ns)
{
    struct progress *p = ctx;
    char line[256], count[48], elapsed[32], left[32] = "";
    int used = progress_prefix(line, sizeof line, p);
    format_duration(elapsed, sizeof elapsed, elapsed_ns);
    if (run->trials)
        snprintf(count, sizeof count, "%zu of %" PRIu64 " trials", done, run->trials);
    else
        format_counted(count, sizeof count, (int64_t)done, "trial");
    if (run->duration) {
        uint64_t limit = run->duration * 1000000000u;
        format_duration(left, sizeof left, limit > elapsed_ns ? limit - elapsed_ns : 0);
    } else if (done > 0 && run->trials > done) {
        double per = (double)elapsed_ns / (double)done;
        format_duration(left, sizeof left, (uint64_t)(per * (double)(run->trials - done)));
    }
    snprintf(line + used, sizeof line - (size_t)used, "%s %s done, %s elapsed%s%s%s",
             p->n ? ":" : "", count, elapsed, left[0] ? ", about " : "", left,
             left[0] ? " left" : "");
    progress_put(p, line);
}

void run_watch_begin(struct run_watch *w, FILE *err)
{
    struct sigaction action = {.sa_handler = on_interrupt, .sa_flags = SA_RESTART};
    w->progress = isatty(fileno(err));
    w->line = (struct progress){.err = err};
    w->hooks = (struct trials_hooks){
        .progress = w->progress ? show_progress : NULL, .ctx = &w->line, .stop = &interrupted};
    atomic_store_explicit(&interrupted, 0, memory_order_relaxed);
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int);
    sigaction(SIGTERM, &action, &old_term);
    /* A signal ignored when racedemo started (nohup, a script's `&`) stays ignored. */
    if (old_int.sa_handler == SIG_IGN)
        sigaction(SIGINT, &old_int, NULL);
    if (old_term.sa_handler == SIG_IGN)
        sigaction(SIGTERM, &old_term, NULL);
}

void run_watch_end(struct run_watch *w)
{
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (w->progress)
        progress_clear(&w->line);
}

int run_watch_signal(void)
{
    return atomic_load_explicit(&interrupted, memory_order_relaxed);
}
