/* play/command.c: `racedemo play [WORKLOAD [options]]`: the challenges
 * listed, or one played (session.c): its options (a typed table, as
 * explore's), what they settle to, and the lines that repeat the game
 * and replay its moves. */
#define _POSIX_C_SOURCE 200809L /* fileno */
#include "play/command.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/options.h"
#include "core/terminal.h"
#include "explore/explore.h"
#include "play/challenge.h"
#include "play/play.h"
#include "replay/memory.h"
#include "racedemo/racedemo.h"
#include "racedemo/replay.h"
#include "racedemo/sync.h"
#include "racedemo/sync_replay.h"
#include "racedemo/workload.h"
#include "report/format.h"
#include "report/words.h"

/* --max-states when not given, and its most: the challenges have tens of
 * states; the game keeps every state and a few words each. */
#define PLAY_DEFAULT_MAX_STATES 100000u
#define PLAY_MAX_STATES         5000000u

static const struct opt_choice color_choices[] = {
    {"auto", "on a terminal, unless the environment sets NO_COLOR", NULL},
    {"always", "even into a pipe or file (text only)", NULL},
    {"never", "no colour", NULL},
    {NULL, NULL, NULL},
};

static const struct opt_choice format_choices[] = {
    {"text", "the game itself: on a terminal a key at a time, else one key a line", NULL},
    {"html", "one self-contained page that plays the game in a browser, offline", NULL},
    {NULL, NULL, NULL},
};

#define POPT(field) offsetof(struct play_options, field)

static const struct opt play_opts[] = {
    {.name = "sync",
     .short_name = 's',
     .kind = OPT_NAMES,
     .metavar = "NAME",
     .help = "the strategy whose steps guard each iteration; 'help' lists them",
     .offset = POPT(sync),
     .list_offset = POPT(sync_mask),
     .names = &sync_option_names,
     .def_name = "none"},
    {.name = "threads",
     .short_name = 't',
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "threads, each running the same steps (keys a, b, ...)",
     .offset = POPT(threads),
     .min = 1,
     .max = EXPLORE_MAX_THREADS,
     .def = 2},
    {.name = "iters",
     .short_name = 'n',
     .kind = OPT_COUNT,
     .metavar = "K",
     .help = "iterations each thread does (the challenge's: 1, turn's 2)",
     .offset = POPT(iters),
     .min = 1,
     .max = EXPLORE_MAX_ITERS,
     .def = 1,
     .def_text = "the challenge's"},
    {.name = "max-states",
     .kind = OPT_COUNT,
     .metavar = "N",
     .help = "refuse an instance with more states than this",
     .offset = POPT(max_states),
     .min = 1,
     .max = PLAY_MAX_STATES,
     .def = PLAY_DEFAULT_MAX_STATES},
    {.name = "model",
     .kind = OPT_CHOICE,
     .metavar = "MODEL",
     .help = "the memory model the steps run under",
     .offset = POPT(model),
     .choices = memory_model_choices, /* explore's and --schedule's */
     .def = MEMORY_SC},
    {.name = "format",
     .short_name = 'f',
     .kind = OPT_CHOICE,
     .metavar = "FMT",
     .help = "where to play",
     .offset = POPT(format),
     .choices = format_choices,
     .def = PLAY_FORMAT_TEXT,
     .output_only = true},
    {.name = "color",
     .kind = OPT_CHOICE,
     .metavar = "WHEN",
     .help = "colour the text: the waiting threads, the hint, the goal met",
     .offset = POPT(color),
     .choices = color_choices,
     .def = COLOR_AUTO,
     .output_only = true},
    {0},
};

void play_print_help(FILE *out, const struct text_layout *layout)
{
    struct play_options o;
    struct opt_set set = {.opts = play_opts, .base = &o};
    fprintf(out,
            "Usage: racedemo play [WORKLOAD [options]]\n\n"
            "You are the scheduler: press a thread's letter and it takes its next step, the\n"
            "steps --schedule replays and explore checks. Each challenge has a goal (lose an\n"
            "update, get two threads inside a lock at once, leave one waiting for good).\n"
            "Without WORKLOAD, lists the challenges. With standard input not a terminal,\n"
            "reads one key per line and prints each state. At the end, prints the\n"
            "schedule played as a --schedule command that replays it. The workload's own\n"
            "options (racedemo WORKLOAD --help) go after its name, except its count of\n"
            "iterations, which is --iters; the sizes are explore's (the bank: 2 accounts),\n"
            "and prodcons has 1 slot.\n\n"
            "Keys: a, b... a thread's step; under --model tso 1, 2... (or A:flush) a thread's\n"
            "flush; u undo; r restart; ? help; q quit.\n\n"
            "Options:\n");
    options_print_help(out, layout, &set, 1);
    fprintf(out, "\nExit status:\n"
                 "  0    the goal was met; the list; help\n"
                 "  1    the game ended (q, the input's end, or no move left) without it;\n"
                 "       for a correct lock, with the proof that no schedule meets it\n"
                 "  2    bad command line or bad key: one line on stderr\n"
                 "  4    no memory, or the output could not be written\n"
                 "  130  Ctrl-C (143: SIGTERM, 129: SIGHUP) ended a game on a terminal, whose\n"
                 "       modes were put back\n");
}

static void print_challenges(FILE *out)
{
    fprintf(out, "The challenges, in the order of the story; play one with\n"
                 "racedemo play WORKLOAD [--sync NAME] [--model tso]:\n\n");
    int i = 1;
    for (const struct play_challenge *c = play_challenges; c->workload; c++, i++) {
        char cmd[96];
        snprintf(cmd, sizeof cmd, "racedemo play %s%s%s%s", c->workload,
                 strcmp(c->sync, "none") ? " --sync " : "", strcmp(c->sync, "none") ? c->sync : "",
                 c->tso ? " --model tso" : "");
        fprintf(out, "%2d. %s\n    %s\n", i, cmd, c->goal_text);
    }
}

static size_t request_sets(struct play_request *q, struct opt_set sets[2])
{
    sets[0] = (struct opt_set){
        .opts = play_opts, .base = &q->o, .given = &q->play_given, .skip = {q->play_skip}};
    sets[1] = (struct opt_set){
        .opts = q->w->options, .base = q->config, .given = &q->given, .skip = {q->skip}};
    return 2;
}

/* The workload, its options' struct, and the options of it play leaves
 * out, as explore does. 0, or -1 with one line in err. */
static int request_workload(struct play_request *q, const char *name, char *err, size_t errlen)
{
    q->w = workload_find(name);
    if (!q->w || !q->w->replay || !q->w->replay->pack) {
        char got[OPT_QUOTE_LEN];
        snprintf(err, errlen,
                 "%s is not a workload play knows: racedemo play WORKLOAD, WORKLOAD one of "
                 "counter, bank, queue, prodcons",
                 options_quote(got, sizeof got, name));
        return -1;
    }
    q->config = calloc(1, q->w->config_size ? q->w->config_size : 1);
    if (!q->config) {
        snprintf(err, errlen, "out of memory");
        q->no_memory = true;
        return -1;
    }
    size_t n = 0;
    const struct replay_ops *ops = q->w->replay;
    q->skip[n++] = (struct opt_skip){ops->iters_option, "play counts iterations with --iters"};
    for (const struct replay_refusal *r = ops->refused; r && r->option && n < 15; r++)
        q->skip[n++] = (struct opt_skip){r->option, r->why};
    q->skip[n] = (struct opt_skip){NULL, NULL};
    for (const struct opt_skip *s = q->w->skip_run_options; s && s->name; s++)
        if (strcmp(s->name, "threads") == 0)
            q->play_skip[0] = *s;
    return 0;
}

/* Whether play's option `name` was given. */
static bool play_given(const struct play_request *q, const char *name)
{
    for (const struct opt *opt = play_opts; opt->name; opt++)
        if (strcmp(opt->name, name) == 0)
            return q->play_given >> (opt - play_opts) & 1;
    return false;
}

/* The threads a workload counts in options of its own (prodcons). */
static bool settle_threads(struct play_request *q, char *err, size_t errlen)
{
    if (!q->play_skip[0].name || !q->w->configure)
        return true;
    struct run_config run = {.threads = 0};
    q->w->configure(&run, q->config);
    if (run.threads < 1 || run.threads > EXPLORE_MAX_THREADS) {
        snprintf(err, errlen, "%s: play takes 1 to %u threads; got %llu",
                 q->w->threads_from ? q->w->threads_from : "--threads", EXPLORE_MAX_THREADS,
                 (unsigned long long)run.threads);
        return false;
    }
    q->o.threads = run.threads;
    return true;
}

/* The workload's option `name` set to value, unless it was given. */
static void set_default(struct play_request *q, const char *name, uint64_t value)
{
    for (const struct opt *opt = q->w->options; opt->name; opt++)
        if (strcmp(opt->name, name) == 0 && !(q->given >> (opt - q->w->options) & 1))
            memcpy((char *)q->config + opt->offset, &value, sizeof value);
}

/* What must hold once the options are parsed: one strategy whose steps
 * explore knows, the challenge's iterations where --iters is not given,
 * explore's small defaults for the workload's options. */
static enum opt_status settle(struct play_request *q, char *err, size_t errlen)
{
    struct play_options *o = &q->o;
    if (o->color == COLOR_ALWAYS && o->format != PLAY_FORMAT_TEXT) {
        snprintf(err, errlen,
                 "--color always colours the text; --format html is never coloured (leave "
                 "--color out)");
        return OPT_ERROR;
    }
    if (o->sync_mask & (o->sync_mask - 1)) {
        snprintf(err, errlen, "--sync: play takes one strategy");
        return OPT_ERROR;
    }
    char why[256];
    if (!settle_threads(q, err, errlen))
        return OPT_ERROR;
    if (!explore_supports(q->w, o->sync, why, sizeof why)) {
        snprintf(err, errlen, "%s", why);
        return OPT_ERROR;
    }
    unsigned most = o->sync->replay->max_threads;
    if (o->threads < o->sync->min_threads || (most && o->threads > most)) {
        snprintf(err, errlen, "--threads: --sync %s plays with %u to %u threads; got %llu",
                 o->sync->name, o->sync->min_threads, most ? most : EXPLORE_MAX_THREADS,
                 (unsigned long long)o->threads);
        return OPT_ERROR;
    }
    if (o->model == MEMORY_TSO && !q->w->replay->memory_model) {
        snprintf(err, errlen, "--model tso: %s's steps do not go through the memory model",
                 q->w->name);
        return OPT_ERROR;
    }
    const struct play_challenge *c =
        play_challenge_find(q->w->name, o->sync->name, o->model == MEMORY_TSO);
    q->goal = c ? *c
                : play_challenge_generic(q->w->name, o->sync->name, o->sync->replay->nacquire > 0,
                                         q->w->replay->sleeps);
    if (!play_given(q, "iters"))
        o->iters = q->goal.iters;
    for (const struct opt *opt = q->w->options; opt->name; opt++)
        if (strcmp(opt->name, q->w->replay->iters_option) == 0)
            memcpy((char *)q->config + opt->offset, &o->iters, sizeof o->iters);
    const struct replay_default *d = q->w->replay->explore_defaults;
    for (; d && d->option; d++)
        set_default(q, d->option, d->value);
    if (q->goal.option)
        set_default(q, q->goal.option, q->goal.value);
    return OPT_OK;
}

static enum opt_status parse(int argc, char **argv, struct play_request *q, char *err,
                             size_t errlen)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return OPT_HELP;
    if (argc >= 2 && argv[1][0] == '-') {
        snprintf(err, errlen, "name the workload first: racedemo play WORKLOAD [options]");
        return OPT_ERROR;
    }
    if (request_workload(q, argv[1], err, errlen) != 0)
        return OPT_ERROR;
    struct opt_set sets[2];
    size_t nsets = request_sets(q, sets);
    enum opt_status st = options_parse(sets, nsets, argc - 1, argv + 1, err, errlen);
    return st == OPT_OK ? settle(q, err, errlen) : st;
}

/* The --schedule command that replays `letters`: the workload and its
 * options as played, the threads, the strategy, the iterations, the seed
 * where the workload draws from it (explore's is 1), and the letters.
 * Malloc'd; NULL when out of memory. */
char *play_replay_line(struct play_request *q, const char *letters)
{
    struct capture text;
    FILE *line = capture_begin(&text);
    if (!line)
        return NULL;
    struct opt_set sets[2];
    request_sets(q, sets);
    render_command_line(line, q->w->name, &sets[1], 1);
    if (!q->play_skip[0].name)
        fprintf(line, " --threads %u", (unsigned)q->o.threads);
    fprintf(line, " --sync %s --%s %llu%s%s --schedule %s", q->o.sync->name,
            q->w->replay->iters_option, (unsigned long long)q->o.iters,
            q->w->replay->uses_seed ? " --seed 1" : "",
            q->o.model == MEMORY_TSO ? " --model tso" : "", letters);
    return capture_end(&text) ? text.buf : NULL;
}

/* The line that makes the page. Malloc'd; NULL when out of memory. */
char *play_command_line(struct play_request *q)
{
    char word[64];
    struct capture text;
    FILE *line = capture_begin(&text);
    if (!line)
        return NULL;
    struct opt_set sets[2];
    size_t nsets = request_sets(q, sets);
    snprintf(word, sizeof word, "play %s", q->w->name);
    render_command_line(line, word, sets, nsets);
    return capture_end(&text) ? text.buf : NULL;
}

int play_command(int argc, char **argv, FILE *out, FILE *err, const struct text_layout *layout)
{
    if (argc < 2) {
        struct format_fit fit;
        print_challenges(format_fit_begin(&fit, out, layout));
        return format_fit_end(&fit) ? EXIT_OK : EXIT_FAILED;
    }
    struct play_request q = {0};
    char msg[512];
    int status;
    switch (parse(argc, argv, &q, msg, sizeof msg)) {
    case OPT_HELP: {
        struct format_fit fit;
        play_print_help(format_fit_begin(&fit, out, layout), layout);
        format_fit_end(&fit);
        status = EXIT_OK;
        break;
    }
    case OPT_NAMES_LIST:
        for (const struct sync_strategy *const *s = sync_strategies; *s; s++)
            if ((*s)->replay)
                fprintf(out, "%-18s %s\n", (*s)->name, (*s)->summary);
        status = EXIT_OK;
        break;
    case OPT_OK: {
        /* The colour as every text report decides it: --color, the
         * output, NO_COLOR. */
        int fd = fileno(out);
        const struct text_layout colored = {
            .width = layout->width,
            .color = q.o.format == PLAY_FORMAT_TEXT && q.o.color != COLOR_NEVER &&
                     (q.o.color == COLOR_ALWAYS ||
                      format_color_auto(fd >= 0 && terminal_is(fd), getenv("NO_COLOR")))};
        status = play_session(&q, out, err, &colored);
        break;
    }
    default:
        fprintf(err, "racedemo play: %s\n", msg);
        status = q.no_memory ? EXIT_FAILED : EXIT_USAGE;
    }
    free(q.config);
    return status;
}
