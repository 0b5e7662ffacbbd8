/* core/terminal.h: a terminal read a key at a time (racedemo play), and
 * its modes put back on every way out: part of the platform layer, the
 * one place that calls tcgetattr and tcsetattr (their code is in
 * src/core/platform/terminal.c). */
#ifndef RACEDEMO_TERMINAL_H
#define RACEDEMO_TERMINAL_H

#include <stdbool.h>

/* Whether fd is a terminal. */
bool terminal_is(int fd);

/* Puts the terminal on fd into key-at-a-time mode (no line editing, no
 * echo; Ctrl-C still signals), keeping its modes; and until
 * terminal_keys_end, a stop signal (SIGINT, SIGTERM, SIGHUP: a closed
 * terminal) puts them back and ends the process with status 128 + its
 * number (130 for Ctrl-C), as the other modes end. 0, or an errno value:
 * then nothing changed. */
int terminal_keys_begin(int fd);

/* Puts back the modes and the signals' handlers terminal_keys_begin
 * found. Does nothing when it did not begin. */
void terminal_keys_end(void);

/* The next key pressed on fd: a byte, or -1 at the input's end or on an
 * error. */
int terminal_read_key(int fd);

#endif
