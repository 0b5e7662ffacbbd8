#!/usr/bin/env python3
"""docs_test.py: the docs still match the program.

Every real-output block of README.md, docs/TOUR.md and docs/CLASSROOM.md
still has the structure the current binary prints (docs/generate.py
--check: same command echo, same labels and lines, numbers free; cuts
marked '...'), README.md stays under 16 KB and keeps the two commands CI
runs literally. Usage: docs_test.py PATH/TO/racedemo SOURCE_DIR
"""
import os
import sys

binary, src = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(src, "docs"))
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
bad = 0
for path in generate.FILES:
    bad += generate.process(os.path.abspath(binary), path, True, "--all" in sys.argv)
check(bad == 0, "every real-output block has the structure racedemo prints (%d differ)" % bad)
sys.exit(1 if failed else 0)
