#!/bin/sh
# race_rates.sh: how often racedemo's default runs show their race, idle
# and under load. Each case runs N times (default 100) and counts the runs
# that showed the race: exit 1 with --check (a wrong total), exit 5 for
# prodcons (its lost wakeup, DEADLOCK), "wrong in N trials" for
# peterson-relaxed, a lost update in the trace for --trace. The load is
# `yes >/dev/null`, one per hog, started here and stopped at the end.
#
#   bench/race_rates.sh [-n RUNS] [-h HOGS] [-c WORDS] [-o FILE] [BINARY]
#
# -c runs only the cases whose name matches the shell pattern WORDS (e.g.
# -c counter, -c 'prodcons*', -c 'counter --no-pin'; every case by default). It prints one line per
# case (case, runs, runs that raced, load average before and after) and,
# with -o, writes the same lines to FILE; with -v, for each run that did
# not race, its overlap, rerun and verdict lines (what it says about why).
# Rates are measurements of this machine at this moment, never a test.
set -eu
runs=100 hogs=0 out= only='*' verbose=0
while getopts n:h:c:o:v opt; do
    case $opt in
    n) runs=$OPTARG ;;
    h) hogs=$OPTARG ;;
    c) only=$OPTARG ;;
    o) out=$OPTARG ;;
    v) verbose=1 ;;
    *) echo "usage: $0 [-n RUNS] [-h HOGS] [-c WORDS] [-o FILE] [-v] [BINARY]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
bin=${1:-build/racedemo}
[ -x "$bin" ] || { echo "$0: $bin is not an executable racedemo" >&2; exit 2; }

pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM
i=0
while [ "$i" -lt "$hogs" ]; do
    yes >/dev/null &
    pids="$pids $!"
    i=$((i + 1))
done
[ "$hogs" -eq 0 ] || sleep 1 # let the hogs take their CPUs

load() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?'; }

# count CASE TEST ARGS...: TEST is how a run's race shows (status1,
# status5, trials, trace); prints "CASE RUNS RACED".
count() {
    name=$1 how=$2
    shift 2
    # shellcheck disable=SC2254 # $only is a pattern on purpose
    case $name in $only) ;; *) return 0 ;; esac
    raced=0 k=0 before=$(load) said=0
    while [ "$k" -lt "$runs" ]; do
        st=0 was=$raced
        text=$(COLUMNS=200 "$bin" "$@" 2>&1) || st=$?
        case $how in
        status1) [ "$st" -eq 1 ] && raced=$((raced + 1)) ;;
        status5) [ "$st" -eq 5 ] && raced=$((raced + 1)) ;;
        trials)
            n=$(printf '%s\n' "$text" | sed -n 's/.*RACE in \([0-9,]*\) of.*/\1/p' |
                tr -d , | head -n 1)
            raced=$((raced + ${n:-0})) ;;
        trace) printf '%s\n' "$text" | grep -q 'update lost' && raced=$((raced + 1)) ;;
        esac
        # A run that did not race: whether its report says why (a verdict
        # that names the overlap, or an overlap line).
        if [ "$raced" -eq "$was" ] && [ "$how" != trials ]; then
            printf '%s\n' "$text" | grep -q '^  overlap ' && said=$((said + 1))
            [ "$verbose" -eq 0 ] || printf '%s\n' "$text" |
                grep -E '^  (cpus|overlap|rerun|verdict) ' | sed 's/^/    /'
        fi
        k=$((k + 1))
    done
    missed=$((runs - raced))
    line="$name  runs $runs  raced $raced  hogs $hogs  load $before..$(load)"
    [ "$how" = trials ] || line="$line  (of $missed not raced, $said with an overlap line)"
    echo "$line"
    [ -z "$out" ] || echo "$line" >>"$out"
}

count "counter" status1 counter --check
count "bank" status1 bank --check
count "queue" status1 queue --check
count "counter --sync flag" status1 counter --sync flag --check
count "counter --sync flags-check-first" status1 counter --sync flags-check-first --check
count "counter --no-pin" status1 counter --no-pin --check
count "prodcons (DEADLOCK)" status5 prodcons --check
count "counter --trace 40 (lost update shown)" trace counter --trace 40
runs_saved=$runs
runs=1
count "counter --sync peterson-relaxed --trials 100 (wrong trials of 100)" trials \
    counter --sync peterson-relaxed --trials 100
runs=$runs_saved
