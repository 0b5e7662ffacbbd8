#!/usr/bin/env bash
# toy_unit.sh: proves that a new strategy is its file plus one line, and a
# new workload its file plus one line. In a scratch copy of the source it
# follows the recipes at the top of include/racedemo/sync.h and
# include/racedemo/workload.h: it adds docs/templates/strategy.c as
# src/sync/toy.c with SYNC_STRATEGY(toy) in src/sync/list.h, and
# docs/templates/workload.c as src/workloads/bins.c with WORKLOAD(bins)
# in src/workloads/list.h, and nothing else but the man page lines each
# recipe's step 3 asks for; then builds once, with warnings as errors, and
# runs the generic tests, which find `toy` and `bins` in the registries or
# in `racedemo list`: every test but docs (unit, e2e, output, install), then
# the output oracle's cases of toy (its free runs and replays under every
# workload, bins's too) and of bins (under every strategy, toy's too).
# Usage: toy_unit.sh [SOURCE_DIR [CMAKE_OPTION...]]   (default: this
# script's repository). CI builds the copy with AddressSanitizer and
# UndefinedBehaviorSanitizer and every platform fallback
# (-DRACEDEMO_SANITIZE=address,undefined -DRACEDEMO_PORTABLE=ON): its
# sanitized suite is that build's, with both toys in it.
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
for f in src/sync/list.h src/workloads/list.h docs/templates/strategy.c docs/templates/workload.c; do
    [ -f "$f" ] || fail "not a racedemo source tree (no $f): $src"
done
grep -q '^SYNC_STRATEGY(toy)$' src/sync/list.h && fail "the source already has a toy strategy"
grep -q '^WORKLOAD(bins)$' src/workloads/list.h && fail "the source already has a bins workload"

step "add the strategy and the workload: each its file and its one line (recipe steps 1 and 2)"
cp docs/templates/strategy.c src/sync/toy.c
echo 'SYNC_STRATEGY(toy)' >>src/sync/list.h
cp docs/templates/workload.c src/workloads/bins.c
echo 'WORKLOAD(bins)' >>src/workloads/list.h
# Step 3, the documentation each needs: the man page, the reference, names
# every strategy, and every workload in a section with its options
# (install_test.sh checks them).
cat >>docs/racedemo.1 <<'EOF'
.SH ADDED UNITS
.B toy
is the template strategy in docs/templates/strategy.c.
.SS bins
The template workload in docs/templates/workload.c.
.TP
\fB\-n\fR, \fB\-\-iters N\fR
values each thread counts.
.TP
\fB\-\-bins B\fR
shared bins the values fall into.
EOF

step "build, warnings as errors"
cmake -S . -B build -DRACEDEMO_WERROR=ON "$@" >build.log 2>&1 || { cat build.log; fail "cmake failed"; }
cmake --build build -j2 >>build.log 2>&1 || { cat build.log; fail "the build failed"; }

step "racedemo sees the strategy"
# Each output is read whole before grep looks at it: grep -q leaves at its
# match, and a write after that would fail racedemo (status 4).
bin=build/racedemo
listing=$("$bin" list)
grep -q '^  toy  *yes  *template: ' <<<"$listing" || fail "racedemo list does not show toy: $listing"
out=$("$bin" counter --sync toy --threads 4 --iters 20000 --check) ||
    fail "counter --sync toy is not exact: $out"
grep -q '^  verdict   CORRECT: ' <<<"$out" || fail "counter --sync toy: $out"
out=$("$bin" counter --sync toy --iters 1 --schedule ABAAAABBBBB) || fail "--schedule with toy: $out"
grep -q "lock: grab  *free: enters" <<<"$out" && grep -q "held: spins: A holds the lock" <<<"$out" || fail "--schedule does not show toy's steps: $out"
out=$("$bin" compare counter --iters 1000 --format csv) && grep -q "^counter,toy," <<<"$out" ||
    fail "compare does not run toy: $out"
out=$("$bin" explore counter --sync toy --iters 2 --check) && grep -q '^  verdict   CORRECT: ' <<<"$out" ||
    fail "explore does not prove toy: $out"

step "racedemo sees the workload"
grep -q '^  bins  *template: ' <<<"$listing" || fail "racedemo list does not show bins: $listing"
out=$("$bin" --help) && grep -q '^  bins ' <<<"$out" || fail "racedemo --help does not name bins"
out=$("$bin" bins --help) && grep -q -- '--bins B' <<<"$out" || fail "bins --help does not show its options"
out=$("$bin" help bins) && grep -q -- '--bins B' <<<"$out" || fail "racedemo help bins does not show its options"
out=$("$bin" explain bins) && grep -q '^bins (workload): template: ' <<<"$out" || fail "explain bins: $out"
# Exact under a lock, toy's included: the two templates together.
for sync in mutex toy; do
    out=$("$bin" bins --sync "$sync" --threads 4 --iters 20000 --check) ||
        fail "bins --sync $sync is not exact: $out"
    grep -q '^  verdict   CORRECT: ' <<<"$out" || fail "bins --sync $sync: $out"
done
# In steps: one after the other, nothing is lost; the seed's interleaving
# into one bin loses a count, at the step the replay marks.
out=$("$bin" bins --bins 1 --schedule AABB --check) || fail "bins --schedule AABB: $out"
grep -q '^  verdict   NO RACE SEEN: ' <<<"$out" || fail "bins --schedule AABB: $out"
out=$("$bin" bins --bins 1 --schedule ABAB) || fail "bins --schedule ABAB: $out"
grep -q "B's store overwrites A's count: lost count" <<<"$out" && grep -q '^  verdict   RACE: 1 of 2 counts lost' <<<"$out" ||
    fail "bins --schedule ABAB does not lose a count: $out"
out=$("$bin" compare bins --iters 1000 --format csv) && grep -q "^bins,mutex," <<<"$out" ||
    fail "compare does not run bins: $out"

step "the generic tests: unit, e2e, output and install"
# Not `docs`: the docs' real-output blocks show every strategy and
# workload, so a new one regenerates them (the recipes' step 3). The
# oracle's sample here is the build's (ctest gives it 40 cases under a
# sanitizer, else 100); the toys' own cases follow.
ctest --test-dir build --output-on-failure -j2 -L 'unit|e2e|output|install' ||
    fail "the tests failed with toy and bins added"

# oracle NAME VARIABLE: the oracle's cases of NAME, chosen by VARIABLE
# (RACEDEMO_ORACLE_SYNCS or _WORKLOADS), seed 1, 30 cases (about 30 s each
# under the sanitizers); fails unless it passed and took both toys from
# racedemo list, as it takes every unit.
oracle() {
    local name=$1 variable=$2 log=oracle-$1.log
    step "the output oracle's cases of $name (seed 1, 30 cases)"
    env "$variable=$name" RACEDEMO_ORACLE_CASES=30 python3 tests/oracle_test.py "$bin" build/tests/render_all \
        >"$log" 2>&1 || { tail -n 40 "$log"; fail "the oracle failed with $name added"; }
    grep -qE "^oracle: [0-9]+ workloads \((.*, )?bins\), $nsyncs strategies, from racedemo list" "$log" ||
        fail "the oracle did not take toy and bins from racedemo list"
    tail -n 3 "$log"
}
nsyncs=$(awk '/^Sync/ { f = 1; next } f && /^  [a-z]/ { n++ } END { print n }' <<<"$listing")
oracle toy RACEDEMO_ORACLE_SYNCS
oracle bins RACEDEMO_ORACLE_WORKLOADS

step "done: toy and bins are in every generic test"
