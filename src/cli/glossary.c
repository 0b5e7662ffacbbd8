/* cli/glossary.c: the words racedemo prints, one entry a line: `racedemo
 * explain WORD` reads this table, and docs/generate.py writes the man
 * page's GLOSSARY from it (cli/glossary.h). */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "cli/glossary.h"

/* Sorted by term, as the man page lists them. A step name is the word
 * --schedule takes (A:rfrom); the same word may name a strategy too
 * (flag, tas, ticket, turn), and then `explain` shows both. */
// clang-format off
static const struct glossary_entry glossary[] = {
    {"acc", "word", "a thread's own register (accumulator): a load copies the shared value into it, the thread adds to it there, and a store copies it back. Another thread cannot see acc, which is why an update made in it can be lost."},
    {"acquire", "memory order", "memory_order_acquire, for a load: nothing the thread does after the load may happen before it. A load-acquire that reads what a store-release wrote sees everything the storing thread did before that store. Taking a lock is an acquire."},
    {"add", "step", "counter: acc := acc + 1, in the thread's own register; nothing shared is touched until the store."},
    {"buffers", "word", "under --model tso, the line under a step that changed them: each thread's store buffer after it, oldest store first (\"A: flag[A] = 1 | B: -\", - for empty); racedemo's simulation of x86-TSO's store buffers. See store buffer, flush."},
    {"budget", "word", "--budget SECONDS: the time all of a run's trials may take; when it runs out the workers stop at a clean point (between two whole updates) and the report says where. compare gives each strategy 3 seconds unless --budget or --duration is given."},
    {"choose", "step", "bakery: choosing[me] := 1, I am picking a number; others wait for me to finish choosing before they compare numbers."},
    {"chosen", "step", "bakery: choosing[me] := 0, my number is picked."},
    {"clear", "step", "flag, tas, ttas: flag := 0, letting the lock go."},
    {"CORRECT", "verdict", "the result is right and the strategy promises it: it keeps threads apart (see mutual exclusion)."},
    {"CPUs busy", "word", "CPU time divided by wall time: 1.86 CPUs busy means that on average 1.86 CPUs were running the threads, spinning included. With 2 CPUs, near 2 means the threads ran at once; spinning while waiting counts as busy."},
    {"critical section", "word", "the steps that use the shared data (load, add, store): at most one thread may be inside at a time, or updates can be lost. A lock is taken before it and let go after it."},
    {"DEADLOCK", "verdict", "every unfinished thread is asleep and nobody is left to wake it (prodcons); the watchdog woke them and stopped the run. Exit status 5."},
    {"every:N", "word", "a --schedule that lets each thread take N steps in turn (every:1 alternates A, B, A, B...), instead of letters or random."},
    {"excl", "word", "in the list of strategies: whether the strategy promises mutual exclusion. Without it a right total is only NO RACE SEEN, never CORRECT."},
    {"fairness", "word", "how evenly the threads were served: when the first thread finished, how much of its work the furthest behind had done. 100% is even; a few percent means one thread got the lock again and again."},
    {"fence", "memory order", "atomic_thread_fence: an instruction that orders the loads and stores before it against those after it; a seq_cst fence between a store and a later load stops the store waiting in the store buffer while the load goes ahead."},
    {"fetch-add", "step", "counter under --sync atomic: one atomic read-modify-write (N := N + 1 in one instruction, the lock bus); no other thread's step can fall between its read and its write."},
    {"filter lock", "word", "Peterson's lock for more than two threads (--sync peterson --threads 3 or more): n - 1 levels, each a Peterson lock that holds back one thread, so at most one thread gets through all of them."},
    {"flag", "step", "flags-check-first, flags-set-first, peterson: flag[me] := 1, I want to enter. In flag: flag := 1, the lock is taken."},
    {"flush", "step", "under --model tso: the oldest store waiting in a thread's store buffer is written to memory, where the other threads can see it."},
    {"furthest behind", "word", "the thread that had done least of its work when the first thread finished (see fairness)."},
    {"holds", "word", "prodcons: how many items the buffer really holds, beside count, the shared number the threads keep of them; a race makes the two differ."},
    {"in step", "word", "litmus: the share of tests whose outcome only threads running the same instance at the same time can give: how often the threads really met."},
    {"instance", "word", "litmus: one run of the test's few instructions by each thread (thread 0: x = 1; r0 = y). A trial is many instances; the threads meet every --batch instances so that they run the same instance at once."},
    {"interleaving", "word", "one order in which the threads' steps can follow each other (A:load B:load A:add...). Each thread keeps its own order; the interleaving says how they mix. explore counts every one."},
    {"item", "step", "prodcons: insert_item (producer) or remove_item (consumer): put an item into the buffer, or take one out."},
    {"link", "step", "queue: link(old_tail) := my node, hanging my node after the tail I read; if another thread linked there since, its node is lost."},
    {"litmus test", "word", "a few loads and stores per thread (sb, mp, lb, iriw) whose possible outcomes tell memory models apart: racedemo litmus runs them and counts each outcome."},
    {"load", "step", "counter: load N to acc, copy the shared value into the thread's register. prodcons: load count."},
    {"lock", "step", "mutex, spinlock: take the lock (wait while another thread holds it). In a step table, \"lock:\" before a step marks a step of the strategy's lock or unlock, not of the workload."},
    {"lock bus", "word", "the course notes' name for a hardware atomic read-modify-write: the processor locks the memory bus (today: the cache line) so that the read and the write of one update happen with nothing between them. --sync atomic."},
    {"lost", "word", "expected minus observed: the updates (increments, money, nodes, items) a race lost. Negative when a race created some, as the bank can."},
    {"lost update", "word", "two threads load the same value, each adds 1 and stores: the second store writes over the first, and one increment is gone. lost = expected - observed."},
    {"MAP_SHARED", "word", "memory mapped with mmap(MAP_SHARED): after fork, parent and child see the same memory, so --procs workers (processes, not threads) can race on it as threads do."},
    {"memory model", "word", "the rules for which values a load may return when threads share memory: sequential consistency (SC), x86-TSO, ARM's, C11's. --model sc|tso chooses one for explore and --schedule."},
    {"move", "step", "queue: tail := my node, moving the shared tail to the new node."},
    {"mutual exclusion", "word", "at most one thread inside the critical section at any time; a lock promises it, and then no update is lost."},
    {"NO RACE SEEN", "verdict", "the result is right, but the strategy does not promise exclusion (none, flag, flags-check-first, peterson-relaxed): this time the race did not show. Run it again, or with more --trials."},
    {"null", "step", "queue: link(my node) := null, the new node's link to the next is empty."},
    {"number", "step", "bakery: number[me] := 1 + the largest number read, my place in the queue."},
    {"overlap", "word", "the share of a trial's time in which two or more threads were doing updates at the same time; a race can only happen then. A trial whose threads never overlapped is run again."},
    {"pass", "step", "turn: turn := the other thread, handing it the turn on the way out."},
    {"pinned", "word", "a thread held to one CPU (--cpus, or one a CPU when there are enough), so that the threads really run at the same time instead of taking turns on one CPU."},
    {"post", "step", "semaphore: give the permit back; a thread asleep in wait may now take it."},
    {"progress", "word", "the promise that a thread that wants to enter does enter, as long as no thread stays inside for ever. turn and flags-set-first break it: STUCK."},
    {"RACE", "verdict", "a wrong result: a wrong total, audit, list or item. Updates were lost because the threads' steps interleaved inside the critical section."},
    {"race condition", "word", "a result that depends on how the threads' steps happen to interleave: N := N + 1 by two threads at about the same time may lose one update."},
    {"read", "step", "queue: old_tail := tail, reading where to link. bakery: read another thread's number, to find the largest."},
    {"relaxed", "memory order", "memory_order_relaxed: the access itself is atomic, but it promises no order against the thread's other loads and stores; the processor may let a later load go ahead of an earlier store."},
    {"release", "memory order", "memory_order_release, for a store: nothing the thread did before the store may happen after it. A thread whose load-acquire reads that store sees all of it. Letting a lock go is a release."},
    {"rerun", "word", "a trial run again because its threads never overlapped: such a trial shows nothing of a race, so it does not count."},
    {"rfrom", "step", "bank: read the balance of the account the money comes from."},
    {"rto", "step", "bank: read the balance of the account the money goes to."},
    {"SC", "memory model", "sequential consistency: every thread's loads and stores happen in its program's order, one at a time, in one order all threads agree on. seq_cst gives it; relaxed and x86-TSO do not."},
    {"schedule", "word", "--schedule: the order in which the threads take their steps, as letters (ABAB), A:load B:load..., random or every:N; the replay runs exactly that order, one step at a time."},
    {"seq_cst", "memory order", "memory_order_seq_cst, C11's default: every seq_cst access takes its place in one order all threads agree on (SC), so a store is seen before a later load; on x86 the store costs a fence."},
    {"sequential consistency", "memory model", "see SC."},
    {"serve", "step", "ticket: serving := serving + 1, calling the next ticket on the way out."},
    {"set", "step", "flag: flag := 1, taking the lock after seeing it free; another thread may have seen it free too."},
    {"sleep", "step", "prodcons: sleep() when the buffer is full (producer) or empty (consumer), until the other thread's wakeup."},
    {"spins", "word", "in a step table: the thread tested and must wait, so it tests again at its next step (a turn of its wait loop)."},
    {"STALLED", "verdict", "nothing moved for --timeout seconds although the strategy's own rule does not leave a thread waiting for ever: the machine was overloaded, a process was stopped, or a race corrupted count. The watchdog stopped the run. Exit status 3."},
    {"store", "step", "counter: store acc to N, copy the thread's register back to the shared value, over whatever is there. prodcons: store count."},
    {"store buffer", "word", "a queue in each core of stores not yet written to memory: the core goes on to later loads before its stores are visible to others (x86-TSO). sb, the litmus test, shows it."},
    {"STUCK", "verdict", "a strategy that does not promise progress (turn, flags-set-first) left a thread waiting for ever by its own rule; the watchdog stopped the run. Exit status 3."},
    {"tas", "step", "tas, ttas: test-and-set, one atomic exchange: flag := 1, returning what it was; 0 means I took the lock."},
    {"test", "step", "a wait loop's check: read the shared flag, turn, count or serving number and go on only if the way is clear; if not, the thread stays at this step (it spins)."},
    {"ticket", "step", "ticket: fetch-and-add next, taking a numbered ticket."},
    {"trial", "word", "one run of the workload from the start: the threads released together, each doing its updates, then the total checked. --trials says how many."},
    {"TSO", "memory model", "total store order: see x86-TSO."},
    {"turn", "step", "peterson: turn := the other thread, letting it go first if it wants to."},
    {"turns of wait loops", "word", "how many times the waiting threads went round their wait loops (a test that said wait) in all: work spent not doing updates."},
    {"unflag", "step", "flags-check-first, flags-set-first, peterson: flag[me] := 0, I am out."},
    {"unlock", "step", "mutex, spinlock: let the lock go; a waiting thread may now take it."},
    {"unnumber", "step", "bakery: number[me] := 0, leaving the queue."},
    {"wait", "step", "semaphore: take the permit, or sleep until there is one. ticket: wait until serving is my ticket."},
    {"wait-choosing", "step", "bakery: wait while another thread is choosing its number."},
    {"wait-number", "step", "bakery: wait while another thread holds a smaller number (or the same number and a lower letter)."},
    {"wake", "step", "prodcons: if the buffer was empty (full), wakeup() the consumer (producer) who may be asleep; a wakeup sent before the other thread sleeps is lost."},
    {"watchdog", "word", "a thread of racedemo's own that watches the workers: when nothing moves for --timeout seconds it stops the run, and the verdict says STUCK, STALLED or DEADLOCK instead of hanging."},
    {"wfrom", "step", "bank: write the balance the money comes from (the balance read, minus the amount)."},
    {"wto", "step", "bank: write the balance the money goes to (the balance read, plus the amount)."},
    {"x86-TSO", "memory model", "x86's memory model, total store order: as SC, except that each core's stores wait in its store buffer, so a later load can go ahead of an earlier store (the sb test's r0=0 r1=0)."},
    {NULL, NULL, NULL},
};
// clang-format on

/* Case, spaces, '-' and '_' are not told apart: "no race seen", "CPUs-busy". */
static bool same_word(const char *a, const char *b)
{
    for (;; a++, b++) {
        bool sep_a = *a == ' ' || *a == '-' || *a == '_';
        bool sep_b = *b == ' ' || *b == '-' || *b == '_';
        if (sep_a != sep_b)
            return false;
        if (!sep_a && tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
        if (!*a)
            return true;
    }
}

const struct glossary_entry *glossary_find(const char *word)
{
    for (const struct glossary_entry *e = glossary; e->term; e++)
        if (same_word(e->term, word))
            return e;
    /* "instances", "trials": the table has each word once, singular. */
    char singular[64];
    size_t len = strlen(word);
    if (len < 2 || len >= sizeof singular || tolower((unsigned char)word[len - 1]) != 's')
        return NULL;
    memcpy(singular, word, len - 1);
    singular[len - 1] = '\0';
    for (const struct glossary_entry *e = glossary; e->term; e++)
        if (same_word(e->term, singular))
            return e;
    return NULL;
}

/* Letters to change, add or drop to turn a into b, up to 3 (more is 3). */
static unsigned distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40 || (la > lb ? la - lb : lb - la) > 2)
        return 3;
    unsigned row[41];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++) {
        unsigned diag = row[0];
        row[0] = (unsigned)i;
        for (size_t j = 1; j <= lb; j++) {
            unsigned up = row[j];
            bool same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
            unsigned best = diag + (same ? 0 : 1);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb] < 3 ? row[lb] : 3;
}

const struct glossary_entry *glossary_nearest(const char *word)
{
    const struct glossary_entry *best = NULL;
    unsigned best_distance = 3;
    /* One letter off for short words, or nearly anything would match. */
    unsigned limit = strlen(word) < 5 ? 1 : 2;
    for (const struct glossary_entry *e = glossary; e->term; e++) {
        unsigned d = distance(word, e->term);
        if (d <= limit && d < best_distance) {
            best = e;
            best_distance = d;
        }
    }
    return best;
}

void glossary_print(FILE *out, const struct text_layout *layout, const struct glossary_entry *e)
{
    char head[128];
    snprintf(head, sizeof head, "%s (%s):", e->term, e->kind);
    fprintf(out, "%s\n", head);
    format_wrapped(out, layout, 4, "", e->meaning);
}

void glossary_print_all(FILE *out, const struct text_layout *layout)
{
    fprintf(out, "Words racedemo prints (racedemo explain WORD shows one):\n\n");
    for (const struct glossary_entry *e = glossary; e->term; e++)
        glossary_print(out, layout, e);
}

int glossary_join(char *buf, size_t len, int argc, char **argv)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < argc; i++) {
        int n = snprintf(buf + used, len - used, "%s%s", i ? " " : "", argv[i]);
        if (n < 0 || (size_t)n >= len - used)
            return 0;
        used += (size_t)n;
    }
    return 1;
}
