#!/usr/bin/env bash
# orphans_test.sh: worker processes (--procs) die with their parent, even
# one killed with SIGKILL, which no handler of racedemo's sees; also those
# asleep in a lock (a semaphore, a condition variable), which never look at
# anything. Linux ties them with PR_SET_PDEATHSIG; a build without it (macOS,
# -DRACEDEMO_PORTABLE=ON) with a pipe each worker watches.
# Usage: orphans_test.sh PATH/TO/racedemo
set -u
bin=$1
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1: $2"; }

# Whether process $1 is still there; a zombie waiting for whoever reaps
# orphans here (a container's init may be slow to) has died already.
alive() {
    local state
    state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "${state#Z}" = "$state" ]
}

# check NAME ARGS...: runs racedemo ARGS in the background, kills it with
# SIGKILL once its workers are at work, and expects them gone within 5 s.
check() {
    local name=$1 pid kids="" left t
    shift
    "$bin" "$@" >/dev/null 2>&1 &
    pid=$!
    for t in $(seq 50); do
        kids=$(pgrep -P "$pid" | tr '\n' ' ')
        [ -n "$kids" ] && break
        sleep 0.1
    done
    if [ -z "$kids" ]; then
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        not_ok "$name" "no worker process appeared"
        return
    fi
    sleep 0.5 # every worker forked and at work, some asleep in the lock
    kids=$(pgrep -P "$pid" | tr '\n' ' ')
    kill -KILL "$pid"
    wait "$pid" 2>/dev/null
    for t in $(seq 50); do
        left=""
        for k in $kids; do
            alive "$k" && left="$left $k"
        done
        [ -z "$left" ] && break
        sleep 0.1
    done
    if [ -z "$left" ]; then
        ok "$name"
    else
        not_ok "$name" "workers$left outlived their parent"
        kill -KILL $left 2>/dev/null
    fi
}

check "counter workers spinning and asleep on a semaphore die with the parent" \
    counter --procs --sync semaphore --threads 4 --duration 60 --timeout 120
check "prodcons workers asleep on condition variables die with the parent" \
    prodcons --procs --sync mutex --duration 60 --timeout 120
check "prodcons workers asleep on semaphores die with the parent" \
    prodcons --procs --sync semaphore --duration 60 --timeout 120
check "counter workers spinning in a spinlock die with the parent" \
    counter --procs --sync spinlock --threads 3 --duration 60 --timeout 120

echo "# $passed passed, $failed failed"
[ "$failed" -eq 0 ]
