#!/usr/bin/env python3
"""Regenerate, or check, docs/examples/*.html: one --format html report of
each kind, made by the current binary, for the README and the lesson plan.

  examples.py BIN            rewrite every example from a fresh run of BIN
                             (docs/generate.py BIN does it too)
  examples.py BIN --check    change nothing; check that every example is
                             there and is what BIN makes: byte for byte
                             for the replays (--schedule, the same bytes
                             every run), the same structure for the free
                             runs (stylesheet, sections, pictures, data-json
                             fields, elements and command line; numbers
                             free; for the trace and litmus pages, whose
                             details follow the run, no fields or
                             elements); exit 1 if not

A free run is run until it shows what its example is for (a counter that
raced, a trace that caught a lost update), up to 20 times; --check gives
each up to 5 runs to match, as a run that did not race draws less.
"""
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DIR = os.path.join(HERE, "examples")

# file: (command after `racedemo`, what its data block must hold (a
# dotted path, indexes as numbers, and the value or a test of it), or None).
EXAMPLES = {
    "counter.html": ("counter", ("summary.verdict", "RACE")),
    "bank.html": ("bank", ("summary.verdict", "RACE")),
    "queue.html": ("queue", ("summary.verdict", "RACE")),
    "trials.html": ("counter --trials 100 --iters 10000", ("summary.verdict", "RACE")),
    "compare.html": ("compare counter --iters 10000", None),
    "schedule.html": ("counter --schedule ABABAB", None),
    "quiz.html": ("counter --schedule ABABAB --quiz", None),
    "trace.html": ("counter --trace 50", ("trace.lost_update_found", True)),
    # A page whose banner says SEEN: the store buffer at work.
    "litmus.html": ("litmus sb", ("runs.0.verdict", lambda v: "was seen" in v)),
    # Every interleaving of the seed's flag: two threads inside, replayed.
    "explore.html": ("explore counter --sync flag", ("verdict", "RACE")),
}
# The challenges of `racedemo play`, a page each: the graph explore walks
# and the script that plays it. Each can be won (the fewest moves from the
# start), but for peterson-relaxed under sc, where none can.
PLAY = ("counter", "counter --sync flag", "counter --sync flags-check-first",
        "counter --sync flags-set-first", "counter --sync turn",
        "counter --sync peterson-relaxed", "counter --sync peterson-relaxed --model tso",
        "bank", "queue", "prodcons")


def _play_page(command):
    """play-flag.html, play-peterson-relaxed-tso.html: a challenge's page."""
    words = command.split()
    name = words[words.index("--sync") + 1] if "--sync" in words else words[0]
    return "play-%s%s.html" % (name, "-tso" if "tso" in words else "")


for _command in PLAY:
    EXAMPLES[_play_page(_command)] = (
        "play " + _command,
        ("shortest", (lambda v: v < 0) if "peterson" in _command and "tso" not in _command
         else (lambda v: v > 0)))
# The same bytes every run.
DETERMINISTIC = ("schedule.html", "quiz.html", "explore.html") + tuple(
    _play_page(c) for c in PLAY)
# Pages whose details follow what the run did (which of the traced steps
# have room for their values, which outcomes a litmus run saw): only their
# stylesheet, sections, pictures and command line must stay the same.
LOOSE = ("trace.html", "litmus.html")
LOOSE_PARTS = ("data-json", "elements")


def page(binary, command):
    """The page BIN prints for `racedemo COMMAND --format html`, at 80
    columns, as text."""
    env = dict(os.environ, COLUMNS="80")
    proc = subprocess.run([binary] + command.split() + ["--format", "html"], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, timeout=300)
    if proc.returncode in (2, 4) or not proc.stdout.startswith(b"<!DOCTYPE html>"):
        raise RuntimeError("racedemo %s --format html: exit %d: %s"
                           % (command, proc.returncode, proc.stderr.decode().strip()))
    return proc.stdout.decode()


class Skeleton(HTMLParser):
    """A page's structure without its numbers: the stylesheet, section
    and picture ids, data-json paths (indexes as #), the element names
    used, and the command line it repeats."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.style, self.sections, self.svgs, self.paths = "", set(), set(), set()
        self.tags, self.command, self.data = set(), None, None
        self.into = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        if tag == "section":
            self.sections.add(a.get("id"))
        if tag == "svg":
            self.svgs.add(a.get("id"))
        if "data-json" in a:
            self.paths.add(re.sub(r"\.[0-9]+(?=\.|$)", ".#", a["data-json"]))
        if a.get("data-json") == "command":
            self.command = ""
            self.into = "command"
        elif tag == "style":
            self.into = "style"
        elif tag == "script" and a.get("id") == "racedemo-result":
            self.data = ""
            self.into = "data"

    def handle_endtag(self, tag):
        if tag in ("code", "style", "script"):
            self.into = None

    def handle_data(self, data):
        if self.into == "command":
            self.command += data
        elif self.into == "style":
            self.style += data
        elif self.into == "data":
            self.data += data

    def key(self):
        return {"stylesheet": self.style, "sections": sorted(self.sections),
                "pictures": sorted(filter(None, self.svgs)), "data-json": sorted(self.paths),
                "elements": sorted(self.tags), "command": self.command}


def shows(text, want):
    """Whether a page's data block holds want's value at want's path."""
    if want is None:
        return True
    data = Skeleton(text).data
    if data is None:
        return False
    value = json.loads(data)
    for part in want[0].split("."):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return False
    return want[1](value) if callable(want[1]) else value == want[1]


def write(binary):
    """Rewrite every example; the number of those that never showed what
    they are for (kept anyway, and named)."""
    os.makedirs(DIR, exist_ok=True)
    bad = 0
    for name, (command, want) in EXAMPLES.items():
        for _ in range(20):
            text = page(binary, command)
            if shows(text, want):
                break
        else:
            bad += 1
            print("NOT SHOWN docs/examples/%s: 20 runs never had what %s should hold"
                  % (name, want[0]))
        with open(os.path.join(DIR, name), "w") as f:
            f.write(text)
        print("rewrote docs/examples/%s: racedemo %s --format html" % (name, command))
    return bad


def check(binary):
    """Check every example against what BIN makes now; a list of what
    differs."""
    problems = []
    for name, (command, want) in EXAMPLES.items():
        path = os.path.join(DIR, name)
        if not os.path.exists(path):
            problems.append("docs/examples/%s is missing" % name)
            continue
        with open(path) as f:
            kept = f.read()
        if name in DETERMINISTIC:
            if page(binary, command) != kept:
                problems.append("docs/examples/%s is not what `racedemo %s --format html` "
                                "prints now" % (name, command))
            continue
        old = Skeleton(kept).key()
        if name in LOOSE:
            for part in LOOSE_PARTS:
                del old[part]
        for _ in range(5):
            new = Skeleton(page(binary, command)).key()
            if name in LOOSE:
                for part in LOOSE_PARTS:
                    del new[part]
            if new == old:
                break
        else:
            differ = [k for k in old if old[k] != new[k]]
            problems.append("docs/examples/%s has another structure than `racedemo %s "
                            "--format html` prints now (%s)" % (name, command, ", ".join(differ)))
    return problems


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if not args:
        sys.exit(__doc__)
    binary = os.path.abspath(args[0])
    if "--check" in argv:
        problems = check(binary)
        for p in problems:
            print("DIFFERS " + p)
        print("%d example(s) differ" % len(problems))
        return 1 if problems else 0
    return 1 if write(binary) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
