#!/bin/sh
# litmus_rates.sh: how often `racedemo litmus` shows its outcomes, and how
# fast, under a load this script makes and states. Each run is one
# `racedemo litmus ARGS --format csv`; for each it prints how busy the
# CPUs were just before it (this script's hogs included), how many tests
# showed the outcome sequential consistency forbids and their share, the
# in-step share, and two rates: tests x 10^9 / wall_ns (the trials' work,
# what the report prints) and tests x 10^9 / the whole process's wall
# clock (start to exit: the counting between trials included). Then the
# median of each. The docs' litmus numbers come from this script.
#
#   bench/litmus_rates.sh [-b BINARY] [-r RUNS] [-l HOGS] [-w BUSY] [ARGS...]
#
#   -b  the racedemo to run (default build/racedemo)
#   -r  runs (default 10)
#   -l  CPU hogs (`yes >/dev/null`) started before the runs and killed
#       after them (default 1); 0 for none
#   -w  before each run, wait (up to 2 minutes) until the CPUs were at
#       most BUSY% busy over half a second, this script's hogs included:
#       on a machine others share, to measure when only the stated load
#       runs (one hog on 2 CPUs: about 50%). Default: no waiting
#   ARGS: what follows `racedemo litmus` (default: sb)
#
# Examples: bench/litmus_rates.sh -l 1 -r 10 sb
#           bench/litmus_rates.sh -l 1 -r 10 -w 60 sb --batch 0
# What else runs on the machine is load too: the header prints the load
# average and the processes that used a CPU, and each run its busy%.
set -eu

bin=build/racedemo
runs=10
hogs=1
busy_max=100
while getopts b:r:l:w: opt; do
    case $opt in
    b) bin=$OPTARG ;;
    r) runs=$OPTARG ;;
    l) hogs=$OPTARG ;;
    w) busy_max=$OPTARG ;;
    *) sed -n '12,22p' "$0" >&2; exit 2 ;;
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

# How busy the CPUs were over the next half second, in percent, from
# /proc/stat's first line (cpu user nice system idle iowait irq softirq
# steal): 100 - the idle and iowait share.
busy_now() {
    before=$(head -n 1 /proc/stat)
    sleep 0.5
    after=$(head -n 1 /proc/stat)
    echo "$before $after" | awk '{
        for (i = 2; i <= 9; i++) { t0 += $i; t1 += $(i + 11) }
        idle = ($16 + $17) - ($5 + $6); total = t1 - t0
        printf "%d\n", total ? 100 * (total - idle) / total : 0 }'
}

i=0
while [ "$i" -lt "$hogs" ]; do
    yes >/dev/null &
    hog_pids="$hog_pids $!"
    i=$((i + 1))
done
sleep 1 # the hogs get going, and the scheduler spreads them

echo "# racedemo litmus $* --format csv, $runs runs"
echo "# load: $hogs CPU hog(s) (yes >/dev/null) started by this script; $(nproc) CPUs"
[ "$busy_max" -lt 100 ] && echo "# each run waited (up to 2 min) for the CPUs to be at most $busy_max% busy"
echo "# load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# processes that used 5% of a CPU or more (over their life), beside this script's:"
ps -eo pid=,pcpu=,comm= | awk -v me=$$ -v hogs="$hog_pids" '
    BEGIN { n = split(hogs, h, " "); for (i = 1; i <= n; i++) skip[h[i]] = 1 }
    $2 + 0 >= 5 && !($1 in skip) && $1 != me { printf "#   %s %s%%\n", $3, $2; any = 1 }
    END { if (!any) print "#   none" }'
echo "# busy%: the CPUs' use over the half second before the run, hogs included"
echo "# run  busy%  forbidden  forbidden%  in-step%  work-Mtests/s  whole-Mtests/s  met"

i=0
while [ "$i" -lt "$runs" ]; do
    i=$((i + 1))
    busy=$(busy_now)
    waited=0
    while [ "$busy" -gt "$busy_max" ] && [ "$waited" -lt 240 ]; do
        busy=$(busy_now)
        waited=$((waited + 1))
    done
    start=$(date +%s%N)
    "$bin" litmus "$@" --format csv >"$tmp/run.csv"
    end=$(date +%s%N)
    awk -F, -v run="$i" -v busy="$busy" -v whole_ns=$((end - start)) '
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
            printf "%4d  %5d  %9d  %10.2f  %8.2f  %13.1f  %14.1f  %s\n", run, busy, forbidden,
                   100 * forbidden / tests, 100 * in_step / tests, tests * 1e3 / wall,
                   tests * 1e3 / whole_ns, met_all
        }' "$tmp/run.csv" | tee -a "$tmp/rows"
done

# The median of each column (the mean of the middle two for an even count).
printf "median"
for c in 2 3 4 5 6 7; do
    awk -v c=$c '{ print $c }' "$tmp/rows" | sort -g | awk '{ v[NR] = $1 } END {
        m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "  %g", m }'
done
echo
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
