#!/usr/bin/env python3
"""projector_test.py: what a class reads on a projector.

Every racedemo command of the lesson plan and the tour (docs/CLASSROOM.md
and docs/TOUR.md: the first line of each real-output block, and each line
of a ```sh block) runs at COLUMNS=80 and at COLUMNS=60, and its output
must read on a screen that wide:
  - no line is wider than the screen;
  - in a table, no cell goes on under another column: checked by column
    positions, not by eye. A step table's (--schedule) columns start where
    its headings do, and every piece of a line starts at one of them (a
    right-aligned step number ends where its heading ends); a compare
    table's row goes on, if at all, at its second column;
  - no output says "seed" but for --seed's random seed (--seed, "random
    seed"): the texts the scenarios come from have names of their own;
and racedemo compare counter fits 24 lines at 80 columns, in a pipe.
Usage: projector_test.py PATH/TO/racedemo SOURCE_DIR
"""
import os
import re
import shlex
import subprocess
import sys

binary, src = sys.argv[1], sys.argv[2]
failed = 0
# A run that takes longer is not what a class would wait for in a lesson:
# it fails the test too (generously, for a busy 2-CPU machine).
RUN_SECONDS = 120


def check(ok, what):
    global failed
    print(("ok - " if ok else "not ok - ") + what)
    failed += not ok
    return ok


def doc_commands(path):
    """The racedemo commands of a doc, in order, each once."""
    found, fence, first = [], None, False
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("```"):
            fence = None if fence is not None else line[3:]
            first = fence is not None
            continue
        if fence is None:
            continue
        m = re.match(r"\$ (?:COLUMNS=\d+ )?(racedemo .*)", line)
        if first and m:
            found.append(m.group(1))
        elif fence == "sh" and line.startswith("racedemo "):
            found.append(line.split("  #")[0].strip())
        first = False
    seen, out = set(), []
    for c in found:
        if c not in seen:
            seen.add(c)
            out.append(c)
    return out


def run(args, columns):
    env = dict(os.environ, COLUMNS=str(columns))
    env.pop("NO_COLOR", None)
    return subprocess.run([binary, *args], capture_output=True, text=True, env=env,
                          timeout=RUN_SECONDS)


def segments(line):
    """(start, text) of each piece of a table line: runs of text that two
    or more spaces separate."""
    return [(m.start(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", line)]


def step_tables(lines):
    """Each step table: its heading line and its lines up to a blank one."""
    for i, line in enumerate(lines):
        if re.match(r"^  step  thread  operation", line):
            body = []
            for row in lines[i + 1:]:
                if not row.strip():
                    break
                body.append(row)
            yield line, body


def check_step_table(heading, body, where):
    heads = segments(heading)
    starts = {s for s, _ in heads}
    step_end = heads[0][0] + len(heads[0][1])  # "step" is right-aligned
    bad = []
    for row in body:
        for k, (start, text) in enumerate(segments(row)):
            number = k == 0 and text.isdigit()
            if number and start + len(text) == step_end:
                continue
            if start not in starts:
                bad.append(row)
                break
    return check(not bad, f"{where}: every cell of the step table starts at its column"
                 + (f"; not: {bad[:3]!r}" if bad else ""))


def compare_tables(lines):
    for i, line in enumerate(lines):
        if re.match(r"^  strategy\s", line):
            body = []
            for row in lines[i + 1:]:
                if not row.strip():
                    break
                body.append(row)
            yield line, body


def check_compare_table(heading, body, where):
    names = [row.split()[0] for row in body if re.match(r"^  \S", row)]
    second = 2 + max([8] + [len(n) for n in names]) + 1
    bad = [row for row in body
           if not re.match(r"^  \S", row) and len(row) - len(row.lstrip()) != second]
    return check(not bad, f"{where}: a compare row goes on only at its second column ({second})"
                 + (f"; not: {bad[:3]!r}" if bad else ""))


def check_output(command, columns, p):
    where = f"COLUMNS={columns} {command}"
    text = p.stdout + p.stderr
    if not check(0 <= p.returncode < 128, f"{where}: ends by itself (exit {p.returncode})"):
        return
    lines = p.stdout.splitlines()
    wide = [line for line in lines if len(line) > columns]
    check(not wide, f"{where}: no line wider than {columns}"
          + (f"; {wide[:2]!r}" if wide else ""))
    for heading, body in step_tables(lines):
        check_step_table(heading, body, where)
    for heading, body in compare_tables(lines):
        check_compare_table(heading, body, where)
    seed = [line for line in text.splitlines()
            if re.search(r"seed", re.sub(r"--seed|random seed", "", line), re.I)]
    check(not seed, f"{where}: says seed only of --seed" + (f"; {seed[:2]!r}" if seed else ""))


def main():
    commands = []
    for doc in ("docs/CLASSROOM.md", "docs/TOUR.md"):
        for c in doc_commands(os.path.join(src, doc)):
            if c not in commands:
                commands.append(c)
    check(len(commands) >= 20, f"found {len(commands)} commands in the lesson plan and the tour")
    for command in commands:
        args = shlex.split(command)[1:]
        for columns in (80, 60):
            try:
                p = run(args, columns)
            except subprocess.TimeoutExpired:
                check(False, f"COLUMNS={columns} {command}: ends within {RUN_SECONDS} s")
                continue
            check_output(command, columns, p)
    p = run(["compare", "counter"], 80)
    n = len(p.stdout.splitlines())
    check(p.returncode == 0 and n <= 24,
          f"compare counter fits 24 lines at 80 columns in a pipe ({n} lines)")
    p = run(["compare", "counter"], 60)
    check(p.returncode == 0, "compare counter runs at 60 columns")
    print(f"{failed} failed" if failed else "all passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
