/* core/platform/terminal.c: key-at-a-time terminal input, and its modes
 * put back on a stop signal (core/terminal.h). Plain POSIX termios: the
 * same on Linux and macOS. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <termios.h>
#include <unistd.h>

#include "core/terminal.h"

static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};
enum { STOP_SIGNALS = sizeof stop_signals / sizeof stop_signals[0] };

/* The modes found, and where: a process has one terminal to give back. */
static struct termios saved;
static int saved_fd = -1;
static struct sigaction found[STOP_SIGNALS];

bool terminal_is(int fd)
{
    return isatty(fd) == 1;
}

/* A stop signal mid-game: the modes back first (tcsetattr and _exit are
 * async-signal-safe), then the end a stop signal has in every mode. The
 * cursor goes to a fresh line so the shell's prompt starts clean. */
static void on_stop(int sig)
{
    if (saved_fd >= 0)
        tcsetattr(saved_fd, TCSAFLUSH, &saved);
    static const char newline[] = "\033[0m\n";
    ssize_t ignored = write(STDOUT_FILENO, newline, sizeof newline - 1);
    (void)ignored;
    _exit(128 + sig);
}

int terminal_keys_begin(int fd)
{
    struct termios keys;
    if (tcgetattr(fd, &saved) != 0)
        return errno;
    saved_fd = fd;
    struct sigaction action = {.sa_handler = on_stop};
    sigemptyset(&action.sa_mask);
    for (unsigned i = 0; i < STOP_SIGNALS; i++)
        sigaddset(&action.sa_mask, stop_signals[i]);
    for (unsigned i = 0; i < STOP_SIGNALS; i++) {
        sigaction(stop_signals[i], NULL, &found[i]);
        if (found[i].sa_handler != SIG_IGN)
            sigaction(stop_signals[i], &action, NULL);
    }
    keys = saved;
    keys.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    keys.c_cc[VMIN] = 1;
    keys.c_cc[VTIME] = 0;
    if (tcsetattr(fd, TCSAFLUSH, &keys) != 0) {
        int e = errno;
        terminal_keys_end();
        return e;
    }
    return 0;
}

void terminal_keys_end(void)
{
    if (saved_fd < 0)
        return;
    tcsetattr(saved_fd, TCSAFLUSH, &saved);
    for (unsigned i = 0; i < STOP_SIGNALS; i++)
        sigaction(stop_signals[i], &found[i], NULL);
    saved_fd = -1;
}

int terminal_read_key(int fd)
{
    unsigned char c = 0; /* read() fills it; the analyzer cannot tell */
    for (;;) {
        ssize_t n = read(fd, &c, 1);
        if (n == 1)
            return c;
        if (n < 0 && errno == EINTR)
            continue;
        return -1;
    }
}
