#!/usr/bin/env python3
"""docs_test.py: the docs still match the program.

Every real-output block of README.md, docs/TOUR.md and docs/CLASSROOM.md
still has the structure the current binary prints (docs/generate.py
--check: same command echo, same labels and lines, numbers free; cuts
marked '...'), the example pages of docs/examples/ are what it makes
(docs/examples.py --check) and README.md and docs/CLASSROOM.md link
them, README.md stays under 16 KB and keeps the two commands CI runs
literally. Usage: docs_test.py PATH/TO/racedemo SOURCE_DIR
"""
import json
import os
import re
import subprocess
import sys

binary, src = sys.argv[1], sys.argv[2]
sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.join(src, "docs"))
import examples  # noqa: E402
import generate  # noqa: E402

failed = 0


def check(ok, what):
    global failed
    print(("ok - " if ok else "not ok - ") + what)
    failed += not ok


readme = open(os.path.join(src, "README.md")).read()
check(len(readme.encode()) < 16 * 1024, "README.md is under 16 KB (%d bytes)" % len(readme.encode()))
for marker in ("<!-- ci: install-build-run -->", "<!-- ci: test -->"):
    at = readme.find(marker + "\n```sh\n")
    check(at >= 0, "README.md keeps %s and its command" % marker)
# The suite runs two tests at a time, as CI does (.ci/run runs this line).
test_line = readme[readme.find("<!-- ci: test -->"):].split("\n")[2]
check(re.search(r"\bctest --test-dir build -j2\b", test_line) is not None,
      "README.md's test command runs ctest -j2: %s" % test_line)
# Every JSON field, CSV column and text label the program prints is in the
# man page, the one reference (options, strategies and exit statuses:
# install_test.sh).
man = re.sub(r"\\f[BIRP]", " ", open(os.path.join(src, "docs", "racedemo.1")).read())
man = man.replace("\\-", "-")
runs = [["counter"], ["counter", "--sync", "mutex"], ["counter", "--trials", "5"],
        ["counter", "--trace", "50"], ["bank", "--transfers", "1000"],
        ["queue", "--show", "2"],
        ["prodcons", "--items", "1000", "--sync", "semaphore"],
        ["compare", "counter", "--sync", "none,mutex"]]
fields, columns, labels = set(), set(), set()


def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            fields.add(k)
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)


for args in runs:
    small = args + (["--iters", "1000"] if args[-1] in ("counter", "mutex", "5", "50", "2")
                    or args[0] == "compare" else [])
    out = lambda fmt: subprocess.run([binary] + small + ["--format", fmt],
                                     capture_output=True, text=True).stdout
    walk(json.loads(out("json")))
    if args[0] != "compare":
        columns.update(out("csv").split("\n")[0].split(","))
        for line in out("text").split("\n"):
            m = re.match(r"  ([a-z][a-z ]{0,7}[a-z])  ", line)
            if m:
                labels.add(m.group(1).strip())


def undocumented(names):
    return sorted(n for n in names if not re.search(r"\b" + re.escape(n) + r"\b", man))


for kind, names in (("JSON field", fields), ("CSV column", columns), ("text label", labels)):
    missing = undocumented(names)
    check(not missing and names, "the man page names every %s (%d)%s" % (
        kind, len(names), "; missing: " + " ".join(missing) if missing else ""))

classroom = open(os.path.join(src, "docs", "CLASSROOM.md")).read()
check("docs/examples/" in readme, "README.md links docs/examples/")
check(all("examples/" + n in classroom for n in ("schedule.html", "quiz.html", "counter.html")),
      "docs/CLASSROOM.md links the example pages a lesson projects")

bad = 0
for path in generate.FILES:
    bad += generate.process(os.path.abspath(binary), path, True, "--all" in sys.argv)
# The blocks were made pinned, one thread per CPU. A build that cannot pin
# (macOS, -DRACEDEMO_PORTABLE=ON) leaves its threads to the scheduler,
# which on a busy machine can run them one after the other, so the races
# and stalls they show need not happen: its differences are reported only.
can_pin = "cannot pin here" not in subprocess.run(
    [binary, "counter", "--cpus", "0", "--iters", "1"], capture_output=True, text=True).stderr
if can_pin or bad == 0:
    check(bad == 0, "every real-output block has the structure racedemo prints (%d differ)" % bad)
else:
    print("ok - # SKIP %d real-output block(s) differ; this build cannot pin, so their races "
          "need not happen" % bad)
# The example pages: there, made by this binary (byte for byte for the
# replays), and linked from the front door and the lesson plan (above).
# Where threads cannot be pinned a free run need not race, so its page can
# lack what a race draws: a free run's difference is then reported only.
problems = examples.check(os.path.abspath(binary))
for p in problems:
    print("    " + p)
hard = [p for p in problems if can_pin or "structure" not in p]
if hard or not problems:
    check(not hard, "docs/examples/ holds the %d example pages this binary makes (%d differ)"
          % (len(examples.EXAMPLES), len(hard)))
else:
    print("ok - # SKIP %d example page(s) differ in structure; this build cannot pin, so "
          "their races need not happen" % len(problems))
sys.exit(1 if failed else 0)
