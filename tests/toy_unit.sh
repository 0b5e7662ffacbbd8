#!/usr/bin/env bash
# toy_unit.sh: proves that a new strategy is its file plus one line. In a
# scratch copy of the source it adds docs/templates/strategy.c as
# src/sync/toy.c and SYNC_STRATEGY(toy) to src/sync/list.h, and nothing
# else but the man page line every strategy needs (install_test.sh checks
# that it names each one); then builds with warnings as errors and
# runs the generic tests, which find `toy` in the registry or in
# `racedemo list`: every test but the oracle, then the oracle's cases of
# toy (its free runs, replays and compare). Under two minutes on 2 cores.
# Usage: toy_unit.sh [SOURCE_DIR [CMAKE_OPTION...]]   (default: this
# script's repository). CI builds the copy with AddressSanitizer and
# UndefinedBehaviorSanitizer and every platform fallback
# (-DRACEDEMO_SANITIZE=address,undefined -DRACEDEMO_PORTABLE=ON): its
# sanitized suite is that build's, with the toy in it.
set -euo pipefail
# racedemo's listings are parsed below: wide enough that no line wraps.
export COLUMNS=200
src=$(cd "${1:-$(dirname "$0")/..}" && pwd)
shift $(($# > 0))
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
start=$(date +%s)
step() { printf '\n--- toy: %s (%ds)\n' "$*" $(($(date +%s) - start)); }
fail() { echo "toy: $*" >&2; exit 1; }

step "copy the source to $scratch"
# The files git knows, as they are in the work tree (edits included), so
# that old build directories are left behind; a plain copy without git.
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
    git -C "$src" ls-files -z --cached --others --exclude-standard |
        (cd "$src" && xargs -0 tar -cf - --no-recursion --ignore-failed-read 2>/dev/null) |
        tar -C "$scratch" -xf -
else
    (cd "$src" && tar -cf - --exclude='./build*' .) | tar -C "$scratch" -xf -
fi
cd "$scratch"
[ -f src/sync/list.h ] && [ -f docs/templates/strategy.c ] || fail "not a racedemo source tree: $src"
grep -q '^SYNC_STRATEGY(toy)$' src/sync/list.h && fail "the source already has a toy strategy"

step "add the strategy: its file and its one line"
cp docs/templates/strategy.c src/sync/toy.c
echo 'SYNC_STRATEGY(toy)' >>src/sync/list.h
# The documentation every strategy needs: the man page, the reference,
# names each one (install_test.sh checks it).
printf '.SH ADDED STRATEGIES\n.B toy\n(the template in docs/templates/strategy.c).\n' >>docs/racedemo.1

step "build, warnings as errors"
cmake -S . -B build -DRACEDEMO_WERROR=ON "$@" >build.log 2>&1 || { cat build.log; fail "cmake failed"; }
cmake --build build -j2 >>build.log 2>&1 || { cat build.log; fail "the build failed"; }

step "racedemo sees it"
bin=build/racedemo
"$bin" list | grep -q '^  toy  *yes  *template: ' || { "$bin" list; fail "racedemo list does not show toy"; }
out=$("$bin" counter --sync toy --threads 4 --iters 20000 --check) ||
    fail "counter --sync toy is not exact: $out"
grep -q '^  verdict   CORRECT: ' <<<"$out" || fail "counter --sync toy: $out"
out=$("$bin" counter --sync toy --iters 1 --schedule ABAAAABBBBB) || fail "--schedule with toy: $out"
grep -q "lock: grab  *free: enters" <<<"$out" && grep -q "held: spins: A holds the lock" <<<"$out" || fail "--schedule does not show toy's steps: $out"
"$bin" compare counter --iters 1000 --format csv | grep -q "^counter,toy," ||
    fail "compare does not run toy"

step "the generic tests: unit, e2e and output"
# Not `docs`: the docs' real-output blocks of compare show every strategy,
# so a new one regenerates them (docs/generate.py, HACKING.md step 3).
# The oracle's sample here is the build's (ctest gives it 40 cases under
# a sanitizer, else 100); toy's own cases follow.
ctest --test-dir build --output-on-failure -j2 -L 'unit|e2e|output' || fail "the tests failed with toy added"

step "the output oracle's cases of toy (seed 1, 30 cases)"
RACEDEMO_ORACLE_SYNCS=toy RACEDEMO_ORACLE_CASES=30 python3 tests/oracle_test.py "$bin" build/tests/render_all \
    >oracle.log 2>&1 || { tail -n 40 oracle.log; fail "the oracle failed with toy added"; }
grep -E '^oracle: [0-9]+ workloads .*, [0-9]+ strategies' oracle.log
n=$("$bin" list | awk '/^Sync/ { f = 1; next } f && /^  [a-z]/ { n++ } END { print n }')
grep -q " $n strategies, from racedemo list" oracle.log || fail "the oracle did not take toy from racedemo list"
tail -n 3 oracle.log

step "done: toy is in every generic test"
