#!/usr/bin/env bash
# sanitizer_runs.sh: one small run of each mode the other tests reach only
# in part, so that the asan and tsan presets (which run every test) watch
# them too: the per-account bank (its auditor holds every account's lock at
# once), workers as processes (--procs), a step-by-step replay (--schedule)
# and compare. Each must end as a run does: status 0, or 1 for a race with
# --check, and a sanitizer report fails it (the presets halt on errors).
# Usage: sanitizer_runs.sh PATH/TO/racedemo
set -u
bin=$1
passed=0
failed=0
err=$(mktemp)
trap 'rm -f "$err"' EXIT

try() {
    # A hang (a sanitizer that stops and waits) fails instead of blocking.
    timeout -s KILL 30 "$bin" "$@" >/dev/null 2>"$err"
    local status=$?
    if [ "$status" -le 1 ] && ! grep -q 'Sanitizer' "$err"; then
        passed=$((passed + 1))
        echo "ok - racedemo $*"
    else
        failed=$((failed + 1))
        echo "not ok - racedemo $* (status $status)"
        head -n 30 "$err" | sed 's/^/    /'
    fi
}

try bank --sync mutex --lock account --accounts 100 --transfers 2000
try bank --sync ticket --lock account --accounts 70 --threads 3 --transfers 1000
try bank --sync none --accounts 100 --transfers 1000 --check
try counter --procs --iters 20000 --sync mutex
try prodcons --procs --sync semaphore --items 2000
try bank --procs --sync tas --transfers 1000 --accounts 10
try counter --schedule ABABAB
try bank --sync peterson --schedule random --seed 3
try queue --sync mutex --schedule every:2
try prodcons --schedule random
try compare counter --iters 2000 --sync none,mutex,tas,peterson
try litmus all --iters 2000 --trials 2
try compare bank --transfers 500 --lock account --accounts 80 --sync mutex,ticket

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
