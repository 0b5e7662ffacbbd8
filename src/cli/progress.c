/* cli/progress.c: Ctrl-C, SIGTERM and SIGHUP from a command's start to
 * the last byte of its report, and the progress line while trials run
 * (cli/progress.h). */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/progress.h"
#include "core/platform.h"
#include "core/signals.h"
#include "racedemo/racedemo.h"
#include "report/format.h"

/* A stop signal during trials: the first stops the run (the trial under
 * way gets a quarter of a second to end, then is given up: run/run.c; a
 * litmus trial is given up at once: litmus/run.c) and the report of the
 * completed trials is written whole; after the trials, the report is
 * written whole. Either way racedemo then exits 128 + the signal. A
 * second signal ends racedemo at once, by that signal. */
/* Set by the handler, read by the trial loop and the watchdog thread: a
 * lock-free atomic, which a signal handler may store to and other threads
 * may read without a data race (a volatile sig_atomic_t is only safe within
 * one thread). */
static atomic_int interrupted;
static_assert(ATOMIC_INT_LOCK_FREE == 2, "the stop flag must be a lock-free atomic");
/* What a stop means now (enum run_watch_phase): which note the handler writes. */
static atomic_int phase;

/* Why run_watch_end's flush failed (an errno value), or 0. */
static int flush_error;

/* What a stop does now, each note with its length: the handler may call
 * only async-signal-safe functions, and C11 does not promise strlen is one. */
static const char note_trials[] =
    "\nracedemo: stopping; a trial not over in a quarter of a second is given up and\n"
    "left out of the report; Ctrl-C again quits at once\n";
static const char note_litmus[] = "\nracedemo: stopping; the trial under way is given up and left "
                                  "out of the\nreport; Ctrl-C again quits at once\n";
static const char note_report[] = "\nracedemo: stopping once the report is written whole; Ctrl-C "
                                  "again quits\nat once and cuts it short\n";
static const char note_search[] = "\nracedemo: stopping; the search ends where it is and says how "
                                  "far it got;\nCtrl-C again quits at once\n";
static const struct {
    const char *text;
    size_t len;
} notes[] = {
    [WATCH_TRIALS] = {note_trials, sizeof note_trials - 1},
    [WATCH_LITMUS] = {note_litmus, sizeof note_litmus - 1},
    [WATCH_REPORT] = {note_report, sizeof note_report - 1},
    [WATCH_SEARCH] = {note_search, sizeof note_search - 1},
};

static void on_interrupt(int sig)
{
    if (atomic_load_explicit(&interrupted, memory_order_relaxed)) {
        stop_signals_die(sig);
        return;
    }
    atomic_store_explicit(&interrupted, sig, memory_order_relaxed);
    int now = atomic_load_explicit(&phase, memory_order_relaxed);
    /* write(2) is async-signal-safe; a long trial can take a while to end. */
    if (write(STDERR_FILENO, notes[now].text, notes[now].len) < 0)
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

/* Trials done of `trials` (0: as many as --duration's `duration` seconds
 * allow), elapsed and, when it can be known, what remains. */
static void put_trials(struct progress *p, uint64_t done, uint64_t trials, uint64_t duration,
                       uint64_t elapsed_ns)
{
    char line[256], count[48], elapsed[32], left[32] = "";
    int used = progress_prefix(line, sizeof line, p);
    format_duration(elapsed, sizeof elapsed, elapsed_ns);
    if (trials)
        snprintf(count, sizeof count, "%" PRIu64 " of %" PRIu64 " trials", done, trials);
    else
        format_counted(count, sizeof count, (int64_t)done, "trial");
    if (duration) {
        uint64_t limit = duration * 1000000000u;
        format_duration(left, sizeof left, limit > elapsed_ns ? limit - elapsed_ns : 0);
    } else if (done > 0 && trials > done) {
        double per = (double)elapsed_ns / (double)done;
        format_duration(left, sizeof left, (uint64_t)(per * (double)(trials - done)));
    }
    snprintf(line + used, sizeof line - (size_t)used, "%s %s done, %s elapsed%s%s%s",
             p->n ? ":" : "", count, elapsed, left[0] ? ", about " : "", left,
             left[0] ? " left" : "");
    progress_put(p, line);
}

static void show_progress(void *ctx, size_t done, const struct run_config *run, uint64_t elapsed_ns)
{
    put_trials(ctx, done, run->trials, run->duration, elapsed_ns);
}

void run_watch_litmus_progress(void *ctx, uint64_t done, uint64_t trials, uint64_t elapsed_ns)
{
    put_trials(ctx, done, trials, 0, elapsed_ns);
}

void run_watch_begin(struct run_watch *w, FILE *err, enum run_watch_phase first)
{
    w->progress = first != WATCH_REPORT && first != WATCH_SEARCH && isatty(fileno(err));
    w->line = (struct progress){.err = err};
    w->hooks = (struct trials_hooks){
        .progress = w->progress ? show_progress : NULL, .ctx = &w->line, .stop = &interrupted};
    atomic_store_explicit(&interrupted, 0, memory_order_relaxed);
    flush_error = 0;
    atomic_store_explicit(&phase, (int)first, memory_order_relaxed);
    stop_signals_catch(on_interrupt);
}

void run_watch_report(struct run_watch *w)
{
    atomic_store_explicit(&phase, WATCH_REPORT, memory_order_relaxed);
    if (w->progress)
        progress_clear(&w->line);
}

void run_watch_end(struct run_watch *w, FILE *out)
{
    run_watch_report(w);
    /* A write that fails leaves the error flag set, for
     * racedemo_finish_output to report; glibc drops what a failed flush
     * could not write, so that a second one succeeds and cannot say why:
     * the reason is kept here. */
    errno = 0;
    flush_error = fflush(out) != 0 ? errno : 0;
    stop_signals_release();
}

int run_watch_flush_error(void)
{
    return flush_error;
}

int run_watch_signal(void)
{
    return atomic_load_explicit(&interrupted, memory_order_relaxed);
}

int run_watch_status(int status)
{
    int sig = run_watch_signal();
    return sig && (status == EXIT_OK || status == EXIT_CHECK_FAILED) ? 128 + sig : status;
}
