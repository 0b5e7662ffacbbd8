/* replay/steps_help.c: --schedule help, the step names a schedule can
 * use for this workload and strategy, each with what it does. */
#include <stdio.h>
#include <string.h>

#include "racedemo/replay.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"
#include "racedemo/workload.h"
#include "replay/model.h"
#include "replay/replay.h"

/* A heading, then each step's name and what it does, one line each. */
static void print_steps(FILE *out, const char *heading, const char *const *names,
                        const char *const *words, unsigned n, int width)
{
    fprintf(out, "  %s:\n", heading);
    for (unsigned k = 0; k < n; k++)
        fprintf(out, "    %-*s  %s\n", width, names[k], words ? words[k] : "");
}

/* The longest step name of the three lists. */
static int name_width(const struct replay_ops *ops, const struct sync_replay *lock)
{
    const char *const *lists[] = {lock->acquire, ops->steps, lock->release};
    unsigned counts[] = {lock->nacquire, ops->nsteps, lock->nrelease};
    int width = 4;
    for (size_t l = 0; l < 3; l++)
        for (unsigned k = 0; k < counts[l]; k++)
            width = (int)strlen(lists[l][k]) > width ? (int)strlen(lists[l][k]) : width;
    return width;
}

/* An example schedule: thread A's steps of one iteration, by name. */
static void print_example(FILE *out, const struct workload *w, const struct sync_strategy *sync,
                          const struct replay_ops *ops, const struct sync_replay *lock)
{
    const char *const *lists[] = {lock->acquire, ops->steps, lock->release};
    unsigned counts[] = {lock->nacquire, ops->nsteps, lock->nrelease};
    fprintf(out, "\nThread A's steps in order, by name:\n  racedemo %s --sync %s --schedule '",
            w->name, sync->name);
    const char *sep = "";
    for (size_t l = 0; l < 3; l++)
        for (unsigned k = 0; k < counts[l]; k++, sep = " ")
            fprintf(out, "%sA:%s", sep, lists[l][k]);
    fprintf(out, "'\n");
}

int replay_print_steps(FILE *out, const struct workload *w, const struct sync_strategy *sync,
                       char *err, size_t errlen)
{
    const struct sync_replay *lock = sync->replay;
    const struct replay_ops *ops = w->replay ? model_ops(w->replay, sync) : NULL;
    if (!w->replay) {
        snprintf(err, errlen, "--schedule: %s has no steps to schedule", w->name);
        return -1;
    }
    if (!lock) {
        snprintf(err, errlen, "--schedule knows the steps of --sync %s only; not of %s",
                 replay_strategies(), sync->name);
        return -1;
    }
    if (!ops) {
        snprintf(err, errlen,
                 "--schedule: --sync %s makes each update one atomic instruction, and this "
                 "workload's update is not one step",
                 sync->name);
        return -1;
    }
    fprintf(out,
            "The steps of racedemo %s --sync %s --schedule. Each thread takes its steps in\n"
            "this order, again for each iteration; a schedule names threads by letter (A,\n"
            "B...): a letter alone takes that thread's next step, and A:NAME says which\n"
            "step it must be. A thread that waits takes its waiting step again.\n\n",
            w->name, sync->name);
    char heading[96];
    int width = name_width(ops, lock);
    if (lock->nacquire) {
        snprintf(heading, sizeof heading, "entering the lock (%s)", sync->name);
        print_steps(out, heading, lock->acquire, lock->acquire_words, lock->nacquire, width);
    }
    snprintf(heading, sizeof heading, "the workload's steps (%s)", w->name);
    print_steps(out, heading, ops->steps, ops->step_words, ops->nsteps, width);
    if (lock->nrelease) {
        snprintf(heading, sizeof heading, "leaving the lock (%s)", sync->name);
        print_steps(out, heading, lock->release, lock->release_words, lock->nrelease, width);
    }
    print_example(out, w, sync, ops, lock);
    if (ops->memory_model)
        fprintf(out,
                "\nWith --model tso each thread's stores wait in its store buffer, and A:flush\n"
                "writes A's oldest one to memory: a step like any other (racedemo explain\n"
                "flush).\n");
    return 0;
}
