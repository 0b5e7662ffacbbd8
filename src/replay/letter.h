/* replay/letter.h: a thread's name in a schedule and in every replay
 * report: thread 0 is A, 1 is B... */
#ifndef RACEDEMO_REPLAY_LETTER_H
#define RACEDEMO_REPLAY_LETTER_H

static inline char letter(unsigned t)
{
    return (char)('A' + t);
}

#endif
