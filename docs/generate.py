#!/usr/bin/env python3
"""Regenerate, or check, the real-output blocks of racedemo's docs.

A real-output block is a fenced block (```) in README.md, docs/TOUR.md or
docs/CLASSROOM.md whose first line is `$ racedemo ...` (or `$ COLUMNS=N
racedemo ...`, laid out N columns wide; else 80): the command, run
from the source tree with racedemo replaced by the binary given, and what
it printed (standard output, then standard error).

A block of a language (```mermaid) shows only the output: the line before
it, `<!-- output: $ racedemo ... -->`, gives the command.

A block may be cut: a line that is only `...` (any indent) stands for
lines of the output left out, at that place. Every other line of a cut
block is one line of the output, in order; lines with no `...` between
them are consecutive in the output. A block without `...` is the whole
output.

  generate.py BIN            rewrite every block from a fresh run of BIN,
                             every page of docs/examples/ (examples.py)
                             and the man page's GLOSSARY (glossary.py)
  generate.py BIN --check    change nothing; check that every block still
                             has the structure BIN prints (exit 1 if not);
                             a block whose run differs is run up to 5 times,
                             since a run that happened not to race prints
                             fewer lines

Structure, not numbers: each line is reduced to its indent and its first
word with digits blanked (the labels in columns 3-11, `expected`,
`verdict`, a compare row's strategy, a step number). Lines indented 12 or
more (a verdict's or a histogram's continuation, which depend on how the
run went) and blank lines are left out of the comparison. When it rewrites,
a block keeps its verdict: a run whose verdict word (RACE, CORRECT, NO
RACE SEEN, STUCK...) differs from the block's is run again, up to 20
times, so the prose around a block stays true; a block that never gets its
verdict back is left as it was and named.

A block right after the line `<!-- output: slow -->` is skipped by
--check (it takes seconds of wall time by design, e.g. a watchdog
timeout); --all checks those too. --check also skips, and says so, a
block whose run is still going after 20 s (on a machine other jobs keep
busy, a spinning strategy can crawl on without ever stalling long enough
for racedemo's watchdog), and one whose 5 runs all gave other verdicts
than the block shows (a compare row STALLED under load, a race not seen):
their reports are honest, and have lines the block's verdicts lack.
"""
import os
import re
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FILES = ["README.md", "docs/TOUR.md", "docs/CLASSROOM.md"]
SLOW = "<!-- output: slow -->"
CUT = "..."
# How long --check lets one run take before it skips the block.
CHECK_SECONDS = 20


def blocks(lines):
    """(command, first, last, slow) of each real-output block: the command
    line, and the line indexes of the output it shows (first to last,
    exclusive)."""
    found = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            above = lines[i - 1].strip() if i > 0 else ""
            slow = SLOW in (above, lines[i - 2].strip() if i > 1 else "")
            m = re.match(r"<!-- output: (\$ racedemo .*) -->$", above)
            if m:
                found.append((m.group(1), i + 1, j, slow))
            elif i + 1 < j and re.match(r"\$ (COLUMNS=\d+ )?racedemo ", lines[i + 1]):
                found.append((lines[i + 1], i + 2, j, slow))
            i = j + 1
        else:
            i += 1
    return found


class TooSlow(Exception):
    """A run that took longer than the time given it."""


def run(binary, command, seconds):
    """What `command` (a `$ racedemo ...` line) prints, as lines. A run
    still going after `seconds` is killed (its whole process group) and
    raises TooSlow."""
    m = re.match(r"\$ (?:COLUMNS=(\d+) )?racedemo", command)
    shell = binary + command[m.end():]
    # The docs show the default width, whatever the terminal generating
    # them, unless the block's command line names another (to show what
    # a wider screen adds).
    env = dict(os.environ, COLUMNS=m.group(1) or "80")
    proc = subprocess.Popen(["bash", "-c", shell], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, env=env)
    try:
        stdout, stderr = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise TooSlow()
    return (stdout + stderr).rstrip("\n").split("\n")


def key(line):
    """A line's structure: its indent and its first word, digits blanked;
    None for lines that are not compared."""
    if not line.strip():
        return None
    indent = len(line) - len(line.lstrip(" "))
    if indent >= 12:
        return None
    # The rerun line is there only when a trial's threads happened never
    # to overlap: it depends on how the run went, as a verdict's
    # continuation does.
    if indent == 2 and line.split()[0] == "rerun":
        return None
    return (indent, re.sub(r"[0-9]+", "#", line.split()[0]))


def is_cut(line):
    return line.strip() == CUT


def segments(body):
    """A block's lines after the command, split at its `...` lines:
    (segments, starts_cut, ends_cut)."""
    segs, cur = [], []
    for line in body:
        if is_cut(line):
            segs.append(cur)
            cur = []
        else:
            cur.append(line)
    segs.append(cur)
    starts_cut = bool(body) and is_cut(body[0])
    ends_cut = bool(body) and is_cut(body[-1])
    return [s for s in segs if s], starts_cut, ends_cut


def keys(lines):
    return [k for k in map(key, lines) if k is not None]


def find(seg, out, start):
    """Where segment `seg` matches `out` (consecutive lines, by structure)
    at or after `start`: the index of its first line, or -1."""
    want = keys(seg)
    if not want:
        return start
    for i in range(start, len(out)):
        # The segment's compared lines, matched to the output from i on.
        got, j = [], i
        while j < len(out) and len(got) < len(want):
            k = key(out[j])
            if k is not None:
                got.append(k)
            j += 1
        if got == want and key(out[i]) == want[0]:
            return i
    return -1


def span_end(seg, out, at):
    """Where in `out` the segment placed at `at` ends (exclusive): after its
    last compared line and the continuation lines that follow it."""
    need, j = len(keys(seg)), at
    if need == 0:
        return at + len(seg)
    while need and j < len(out):
        if key(out[j]) is not None:
            need -= 1
        j += 1
    while j < len(out) and key(out[j]) is None and out[j].strip():
        j += 1
    return j


def match(body, out, loose=False):
    """Map a block's lines (after the command) onto the output: a list of
    (segment, index in out) or None when the structure differs. Loose: any
    line may have been left out anywhere, marked or not (to mark the cuts
    of an old block when rewriting it)."""
    segs, starts_cut, ends_cut = segments(body)
    if loose:
        segs = [[line] for line in body if key(line) is not None and not is_cut(line)]
        starts_cut = ends_cut = True
    elif not any(is_cut(line) for line in body):
        return [(body, 0)] if keys(body) == keys(out) else None
    placed, pos = [], 0
    for n, seg in enumerate(segs):
        at = find(seg, out, pos)
        if at < 0 or (n == 0 and not starts_cut and at != 0):
            return None
        placed.append((seg, at))
        pos = span_end(seg, out, at)
    if not ends_cut and keys(out[pos:]):
        return None
    return placed


def verdict(lines):
    """The verdict words a block shows, in order (a report's verdict, each
    row of a compare): what the prose around it may rely on."""
    return re.findall(r"\b(NO RACE SEEN|RACE|CORRECT|STUCK|STALLED|DEADLOCK)\b",
                      "\n".join(lines))


def rebuild(body, placed, out):
    """The block's new lines: each kept segment replaced by the lines of the
    fresh output it matched, a cut marker wherever lines are left out."""
    if len(placed) == 1 and placed[0][1] == 0 and placed[0][0] is body:
        return list(out)
    marks = [line for line in body if is_cut(line)]
    indent = re.match(r" *", marks[0]).group(0) if marks else "  "
    new, pos = [], 0
    for seg, at in placed:
        j = span_end(seg, out, at)
        if at > pos:
            new.append(indent + CUT)
        new.extend(out[at:j])
        pos = j
    if pos < len(out):
        new.append(indent + CUT)
    return new


def process(binary, path, check, everything):
    full = os.path.join(ROOT, path)
    with open(full) as f:
        lines = f.read().split("\n")
    bad = 0
    for command, first, last, slow in reversed(blocks(lines)):
        body = lines[first:last]
        where = "%s:%d: %s" % (path, first, command)
        if check and slow and not everything:
            print("skip %s (marked slow)" % where)
            continue
        want_verdict = verdict(body)
        try:
            out = run(binary, command, CHECK_SECONDS if check else 300)
        except TooSlow:
            # A spinning strategy on a machine other jobs keep busy can
            # crawl on without ever stalling long enough for the watchdog.
            print("skip %s (still running after %d s: the machine is too busy)"
                  % (where, CHECK_SECONDS if check else 300))
            continue
        same_verdicts = False
        for _ in range(20):
            if _:
                try:
                    out = run(binary, command, CHECK_SECONDS if check else 300)
                except TooSlow:
                    break
            placed = match(body, out)
            if check:
                # A race's report can have lines a run without one lacks
                # (the queue's breaks, the bank's wrong audits): a run
                # that did not race this time gets more tries.
                same_verdicts = same_verdicts or set(verdict(out)) == set(want_verdict)
                if placed is not None or _ == 4:
                    break
                continue
            if placed is None and not any(is_cut(line) for line in body):
                # A block without cuts is the whole output, and stays so
                # when the output's lines change (say, a wider layout).
                placed, new = [], list(out)
            else:
                if placed is None:
                    placed = match(body, out, loose=True)
                if placed is None:
                    break
                new = rebuild(body, placed, out)
            if verdict(new) == want_verdict:
                break
        if placed is None and check and not same_verdicts:
            # Every run gave other verdicts than the block's (a row STALLED
            # or a race not seen on a busy machine): each is an honest
            # report, with lines of its own, so there is nothing to compare.
            print("skip %s (5 runs gave verdicts %s, not the block's %s: the machine is busy)"
                  % (where, "/".join(verdict(out)) or "none", "/".join(want_verdict) or "none"))
            continue
        if placed is None:
            bad += 1
            print("DIFFERS %s" % where)
            for line in out:
                print("    | " + line)
            continue
        if check:
            print("ok %s" % where)
            continue
        if verdict(new) != want_verdict:
            bad += 1
            print("KEPT %s: 20 runs never gave its verdicts %s" % (where, want_verdict))
            continue
        lines[first:last] = new
        print("rewrote %s" % where)
    if not check:
        with open(full, "w") as f:
            f.write("\n".join(lines))
    return bad


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if not args:
        sys.exit(__doc__)
    binary = os.path.abspath(args[0])
    files = args[1:] or FILES
    check = "--check" in argv
    bad = sum(process(binary, p, check, "--all" in argv) for p in files)
    print("%d block(s) %s" % (bad, "differ" if check else "not rewritten"))
    if not args[1:]:
        # The man page's GLOSSARY, from the binary's (glossary.py).
        sys.dont_write_bytecode = True
        sys.path.insert(0, HERE)
        import glossary
        bad += glossary.write(binary, check=check)
    if not check and not args[1:]:
        # The example pages (--format html), made by the same binary.
        sys.dont_write_bytecode = True
        sys.path.insert(0, HERE)
        import examples
        bad += examples.write(binary)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
