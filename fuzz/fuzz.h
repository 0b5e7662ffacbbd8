/* fuzz.h: what the libFuzzer targets share: an error message must be one
 * line, whole, naming no NULL. A broken one aborts, which libFuzzer
 * reports as a crash with the input that made it. */
#ifndef RACEDEMO_FUZZ_H
#define RACEDEMO_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a C string (it may hold NULs: the string ends at the first).
 * Malloc'd; NULL: out of memory. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text) {
        memcpy(text, data, size);
        text[size] = '\0';
    }
    return text;
}

/* A message from a buffer of `len` bytes (without its newline): not
 * empty, one line, not filling the buffer (which would mean cut off), no
 * "(null)" from a NULL passed to %s unless the user typed it (`typed`:
 * the input, or NULL if it cannot hold it). */
static inline void fuzz_check_message(const char *msg, size_t len, const char *typed)
{
    size_t n = strlen(msg);
    if (n == 0 || n + 1 >= len || strchr(msg, '\n') ||
        (strstr(msg, "(null)") && !(typed && strstr(typed, "(null)"))))
        abort();
}

#endif
