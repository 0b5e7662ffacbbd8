#!/bin/sh
# lesson_ranges.sh: the ranges the lesson plan (docs/CLASSROOM.md) and the
# tour quote, measured over many runs of the lesson's own commands rather
# than one: litmus sb's share of the outcome sequential consistency
# forbids, which threads lose the queue's nodes, whether the bank creates
# or destroys money. It starts no load of its own: it states the load
# average before and after, which is what else ran on the machine.
#
#   bench/lesson_ranges.sh [-n RUNS] [BINARY]
#
# -n: runs of each command (default 20). Prints each run's figure, then
# one summary line per command (docs/BENCHMARKS.md quotes them).
# Figures are measurements of this machine at this moment, never a test.
set -eu
runs=20
while getopts n: opt; do
    case $opt in
    n) runs=$OPTARG ;;
    *) echo "usage: $0 [-n RUNS] [BINARY]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
bin=${1:-build/racedemo}
[ -x "$bin" ] || { echo "$0: $bin is not an executable racedemo" >&2; exit 2; }

load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'; }
# median of the numbers on stdin, one a line (the lower middle one).
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
seen=$(mktemp)
trap 'rm -f "$seen"' EXIT
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average $(load) at the start"

# sb: the r0=0 r1=0 row's percentage, e.g. 15.58 (0 when under 0.01%).
sb_low= sb_high= i=0
echo "# racedemo litmus sb, $runs runs: % of tests with r0=0 r1=0"
while [ "$i" -lt "$runs" ]; do
    pct=$(COLUMNS=200 "$bin" litmus sb | sed -n 's/^  r0=0 r1=0 *[0-9,]* *<*\([0-9.]*\)%.*/\1/p')
    echo "sb $pct"
    echo "sb $pct" >>"$seen"
    sb_low=$(printf '%s\n%s\n' "${sb_low:-$pct}" "$pct" | sort -g | head -n 1)
    sb_high=$(printf '%s\n%s\n' "${sb_high:-$pct}" "$pct" | sort -g | tail -n 1)
    i=$((i + 1))
done

# queue: the nodes each thread lost ("lost by" line), and who lost any.
q_both=0 q_a=0 q_b=0 q_none=0 i=0
echo "# racedemo queue, $runs runs: nodes lost by each thread"
while [ "$i" -lt "$runs" ]; do
    line=$(COLUMNS=200 "$bin" queue | sed -n 's/^  lost by *//p')
    a=$(printf '%s\n' "$line" | sed -n 's/^[^:]*: \([0-9,]*\) node.*/\1/p' | tr -d ,)
    b=$(printf '%s\n' "$line" | sed -n 's/.*, [^:]*: \([0-9,]*\) node.*/\1/p' | tr -d ,)
    echo "queue ${a:-0} ${b:-0}"
    if [ "${a:-0}" -gt 0 ] && [ "${b:-0}" -gt 0 ]; then q_both=$((q_both + 1))
    elif [ "${a:-0}" -gt 0 ]; then q_a=$((q_a + 1))
    elif [ "${b:-0}" -gt 0 ]; then q_b=$((q_b + 1))
    else q_none=$((q_none + 1)); fi
    i=$((i + 1))
done

# bank: the "off by" line: money created (+), destroyed (-) or none.
b_made=0 b_gone=0 b_none=0 b_low= b_high= i=0
echo "# racedemo bank, $runs runs: the final total off by (dollars)"
while [ "$i" -lt "$runs" ]; do
    off=$(COLUMNS=200 "$bin" bank | sed -n 's/^  off by *\(-*\)\$\([0-9,]*\).*/\1\2/p' | tr -d ,)
    echo "bank ${off:-0}"
    echo "bank ${off:-0}" >>"$seen"
    case ${off:-0} in
    0) b_none=$((b_none + 1)) ;;
    -*) b_gone=$((b_gone + 1)) ;;
    *) b_made=$((b_made + 1)) ;;
    esac
    b_low=$(printf '%s\n%s\n' "${b_low:-${off:-0}}" "${off:-0}" | sort -g | head -n 1)
    b_high=$(printf '%s\n%s\n' "${b_high:-${off:-0}}" "${off:-0}" | sort -g | tail -n 1)
    i=$((i + 1))
done

echo "# load average $(load) at the end"
sb_median=$(sed -n 's/^sb //p' "$seen" | median)
b_median=$(sed -n 's/^bank //p' "$seen" | median)
echo "litmus sb: r0=0 r1=0 in $sb_low% to $sb_high% of tests, median $sb_median% ($runs runs)"
echo "queue: both threads lost nodes in $q_both of $runs runs, only A in $q_a, only B in $q_b, none in $q_none"
echo "bank: off by $b_low to $b_high dollars, median $b_median (negative: destroyed); money created in $b_made of $runs runs, destroyed in $b_gone, neither in $b_none"
