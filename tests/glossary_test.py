#!/usr/bin/env python3
"""glossary_test.py: every word racedemo prints can be looked up.

TERMS below is the list of words a student meets. Each must be in the man
page's GLOSSARY and be explained by `racedemo explain TERM`; the main
commands are run, and a listed term they print that the GLOSSARY lacks is
named as printed but not explained. Every step name the step models use
(the acquire/release arrays of src/sync/*.c, the steps arrays of
src/workloads/*_replay.c) must be in it too, found by reading the source,
so a new step cannot be left out. The GLOSSARY and `racedemo explain
glossary` must say the same (docs/glossary.py writes the one from the
other), and an unknown word is one line on stderr, exit status 2.
Usage: glossary_test.py PATH/TO/racedemo SOURCE_DIR
"""
import glob
import os
import re
import subprocess
import sys

binary, src = sys.argv[1], sys.argv[2]
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(src, "docs"))
import glossary  # noqa: E402

TERMS = [
    "acc", "excl", "lock bus", "filter lock", "STUCK", "STALLED", "DEADLOCK",
    "RACE", "NO RACE SEEN", "CORRECT", "watchdog", "budget",
    "turns of wait loops", "CPUs busy", "fairness", "furthest behind",
    "holds", "instance", "in step", "seq_cst", "relaxed", "acquire",
    "release", "fence", "SC", "sequential consistency", "x86-TSO",
    "store buffer", "flush", "memory model", "every:N", "MAP_SHARED",
    "interleaving", "critical section", "mutual exclusion", "progress",
    "lost update", "schedule", "trial", "overlap", "pinned", "rerun",
    "spins", "litmus test", "race condition",
]

# The commands whose words are checked: a free run of each workload, a
# spinning lock's work and fairness lines, a replay, compare, litmus,
# explore and the lists.
COMMANDS = [
    ["counter", "--trials", "2", "--iters", "20000"],
    ["counter", "--sync", "ttas", "--trials", "2", "--iters", "20000"],
    ["bank", "--trials", "1", "--transfers", "20000"],
    ["queue", "--trials", "1", "--iters", "20000"],
    ["prodcons", "--trials", "1", "--items", "20000"],
    ["counter", "--sync", "peterson", "--schedule", "random", "--seed", "3"],
    ["compare", "counter", "--trials", "1", "--iters", "20000"],
    ["litmus", "sb", "--trials", "2", "--iters", "10000"],
    ["explore", "counter"],
    ["list"],
]

failed = 0


def check(ok, what):
    global failed
    print(("ok - " if ok else "not ok - ") + what)
    failed += not ok


def run(args, timeout=120):
    env = dict(os.environ, COLUMNS="80")
    return subprocess.run([binary] + args, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=timeout)


def norm(word):
    return re.sub(r"[-_ ]", " ", word).lower()


man = glossary.man_entries(os.path.join(src, "docs", "racedemo.1"))
in_man = {norm(term) for term, _, _ in man}
check(len(man) > 0, "the man page has a GLOSSARY (%d words)" % len(man))
check(man == glossary.entries(binary),
      "the man page's GLOSSARY says what `racedemo explain glossary` says "
      "(docs/generate.py writes it)")


def explained(term):
    """`racedemo explain TERM` (its words as separate arguments too)
    prints the term's own entry."""
    for args in ([term], term.split()):
        r = run(["explain"] + args)
        if r.returncode != 0 or not re.search(
                r"^%s \(" % re.escape(term), r.stdout, re.M | re.I):
            return False
    return True


steps = set()
for path in glob.glob(os.path.join(src, "src", "sync", "*.c")):
    for arr in re.findall(r"_(?:acquire|release)\[\]\s*=\s*\{([^}]*)\}", open(path).read()):
        steps.update(re.findall(r'"([^"]+)"', arr))
for path in glob.glob(os.path.join(src, "src", "workloads", "*_replay.c")):
    for arr in re.findall(r"_steps\[\]\s*=\s*\{([^}]*)\}", open(path).read()):
        steps.update(re.findall(r'"([^"]+)"', arr))
check(len(steps) > 20, "the step models' names were found (%d)" % len(steps))

for term in TERMS + sorted(steps):
    check(norm(term) in in_man, "%s is in the man page's GLOSSARY" % term)
    check(explained(term), "racedemo explain %s explains it" % term)

printed = ""
for args in COMMANDS:
    try:
        r = run(args)
        printed += r.stdout + r.stderr
    except subprocess.TimeoutExpired:
        check(False, "racedemo %s finished in 120 s" % " ".join(args))
for term in TERMS:
    pattern = r"(?<![\w-])%s(?![\w-])" % re.escape(term).replace(r"\ ", r"\s+")
    if re.search(pattern, printed, re.I):
        check(norm(term) in in_man, "printed %r is explained in the GLOSSARY" % term)

for word in ("nonsense", "accc"):
    r = run(["explain", word])
    check(r.returncode == 2 and r.stdout == "" and r.stderr.count("\n") == 1,
          "racedemo explain %s: one line on stderr, status 2 (%r)" % (word, r.stderr))
r = run(["explain", "accc"])
check("did you mean 'acc'" in r.stderr, "a near miss suggests the word")

sys.exit(1 if failed else 0)
