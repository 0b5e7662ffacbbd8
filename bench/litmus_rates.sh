#!/bin/sh
# litmus_rates.sh: how often `racedemo litmus` shows its outcomes, and how
# fast, under a load this script makes and states. Each run is one
# `racedemo litmus ARGS --format csv`; for each it prints the share of
# tests that showed the outcome sequential consistency forbids, the
# in-step share, and two rates: tests x 10^9 / wall_ns (the trials' work,
# what the report prints) and tests x 10^9 / the whole process's wall
# clock (start to exit: the counting between trials included). Then the
# median of each. The docs' litmus numbers come from this script.
#
#   bench/litmus_rates.sh [-b BINARY] [-r RUNS] [-l HOGS] [LITMUS ARGS...]
#
#   -b  the racedemo to run (default build/racedemo)
#   -r  runs (default 10)
#   -l  CPU hogs (`yes >/dev/null`) started before the runs and killed
#       after them (default 1); 0 for none
#   LITMUS ARGS: what follows `racedemo litmus` (default: sb)
#
# Example: bench/litmus_rates.sh -l 1 -r 10 sb
#          bench/litmus_rates.sh -l 1 -r 10 sb --batch 0
# What else runs on the machine is load too: the header prints the load
# average and the processes using a CPU when the runs start, so that a
# reader can tell.
set -eu

bin=build/racedemo
runs=10
hogs=1
while getopts b:r:l: opt; do
    case $opt in
    b) bin=$OPTARG ;;
    r) runs=$OPTARG ;;
    l) hogs=$OPTARG ;;
    *) sed -n '10,17p' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- sb

tmp=$(mktemp -d)
hog_pids=""
stop_hogs() {
    for pid in $hog_pids; do kill "$pid" 2>/dev/null || true; done
    hog_pids=""
    rm -rf "$tmp"
}
trap stop_hogs EXIT
trap 'exit 130' INT TERM

i=0
while [ "$i" -lt "$hogs" ]; do
    yes >/dev/null &
    hog_pids="$hog_pids $!"
    i=$((i + 1))
done
sleep 1 # the hogs get going, and the scheduler spreads them

echo "# racedemo litmus $* --format csv, $runs runs"
echo "# load: $hogs CPU hog(s) (yes >/dev/null) started by this script; $(nproc) CPUs"
echo "# load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# processes using a CPU at the start, beside this script's:"
ps -eo pid=,pcpu=,comm= | awk -v me=$$ -v hogs="$hog_pids" '
    BEGIN { n = split(hogs, h, " "); for (i = 1; i <= n; i++) skip[h[i]] = 1 }
    $2 + 0 >= 5 && !($1 in skip) && $1 != me { printf "#   %s %s%%\n", $3, $2; any = 1 }
    END { if (!any) print "#   none" }'
echo "# run  forbidden%  in-step%  work-Mtests/s  whole-Mtests/s  met"

i=0
while [ "$i" -lt "$runs" ]; do
    i=$((i + 1))
    start=$(date +%s%N)
    "$bin" litmus "$@" --format csv >"$tmp/run.csv"
    end=$(date +%s%N)
    awk -F, -v run="$i" -v whole_ns=$((end - start)) '
        NR == 1 { for (c = 1; c <= NF; c++) col[$c] = c; next }
        {
            tests += $col["seen"]
            if ($col["sc"] == "false") forbidden += $col["seen"]
            if ($col["in_step"] == "true") in_step += $col["seen"]
            wall_ns[$col["test"]] = $col["wall_ns"]
            met[$col["test"]] = $col["met"]
        }
        END {
            for (t in wall_ns) { wall += wall_ns[t]; met_all = met_all met[t] " " }
            printf "%4d  %9.2f  %8.2f  %13.1f  %14.1f  %s\n", run, 100 * forbidden / tests,
                   100 * in_step / tests, tests * 1e3 / wall, tests * 1e3 / whole_ns, met_all
        }' "$tmp/run.csv" | tee -a "$tmp/rows"
done

# The median of each column (the mean of the middle two for an even count).
for c in 2 3 4 5; do
    awk -v c=$c '{ print $c }' "$tmp/rows" | sort -g >"$tmp/col$c"
done
printf "median"
for c in 2 3 4 5; do
    awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
                               printf "  %.2f", m }' "$tmp/col$c"
done
echo
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
