#!/usr/bin/env bash
# cli_test.sh: racedemo end to end, run as a user would: output, exit
# statuses, stderr. (That the man page documents every option, strategy
# and exit status --help shows is install_test.sh's check.)
# Usage: cli_test.sh PATH/TO/racedemo PATH/TO/README.md [SANITIZERS [PART]]
# (README.md's directory is the source tree, for the completion script.)
# PART runs one part (run, workloads, replay, procs, output, words,
# litmus; ctest runs each as its own test, cli_PART), else all of them.
set -u
# These checks read what the output says; how it is laid out at a given
# width is checked on its own below, with COLUMNS set there. A wide
# screen keeps every line (the first, the command) whole, as they expect.
export COLUMNS=200
unset NO_COLOR
bin=$1
readme=$2
sanitizers=${3:-} # a sanitized build reserves too much address space for ulimit -v
only=${4:-}
case "$only" in
    "" | run | workloads | replay | procs | output | words | litmus) ;;
    *) echo "cli_test.sh: no part '$only'" >&2; exit 2 ;;
esac
part() { [ -z "$only" ] || [ "$only" = "$1" ]; }
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; sed 's/^/    /' "$tmp/out" "$tmp/err" 2>/dev/null | head -n 20; }

# run ARGS...: runs racedemo, keeping status, stdout and stderr.
run() {
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
}

# A run's "expected", "observed" and "lost" lines must add up.
totals_add_up() {
    local e o l
    e=$(awk '$1 == "expected" { gsub(",", "", $2); print $2 }' "$tmp/out")
    o=$(awk '$1 == "observed" { gsub(",", "", $2); print $2 }' "$tmp/out")
    l=$(awk '$1 == "lost" && $2 ~ /^[0-9,]+$/ { gsub(",", "", $2); print $2 }' "$tmp/out")
    [ -n "$e" ] && [ -n "$o" ] && [ -n "$l" ] && [ $((o + l)) -eq "$e" ]
}

# Whether this build can pin: one without CPU affinity (macOS,
# -DRACEDEMO_PORTABLE=ON) refuses --cpus, with one line, exit 2.
run counter --cpus 0 --iters 1
if [ $status -eq 2 ] && grep -q '^racedemo counter: --cpus: cannot pin here (' "$tmp/err"; then
    one_cpu=()
    run counter --iters 1000
    if [ $status -eq 0 ] && grep -q '^  cpus      .*  (not pinned: ' "$tmp/out"; then
        ok "a build that cannot pin refuses --cpus and says its runs are not pinned"
    else
        not_ok "a build that cannot pin refuses --cpus and says its runs are not pinned"
    fi
else
    one_cpu=(--cpus 0)
fi

# The strategies, from racedemo list (the test keeps no list of its own):
# every one; and those whose excl column promises mutual exclusion and
# that take any number of threads, which must be exact (the two-thread
# seed attempts that promise it, turn and flags-set-first, can stall
# instead). `atomic` has no lock to hold over a bank transfer or a buffer
# slot, so those workloads leave it out (their own checks cover it).
strategies_listed() {
    "$bin" list | awk '/^Sync/ { f = 1; next } f && /^  [a-z]/ { print $0 }'
}
all_syncs=$(strategies_listed | awk '{ print $1 }')
exact_syncs=$(strategies_listed | awk '$2 == "yes" && !/\[2 threads only\]/ { print $1 }')
locked_syncs=$(printf '%s\n' $exact_syncs | grep -vx atomic)
[ -n "$all_syncs" ] && [ -n "$exact_syncs" ] || { echo "racedemo list: no strategies parsed" >&2; exit 1; }

# Bad input: status 2, one line on stderr naming the option, nothing on stdout.
bad() {
    local what=$1 mention=$2
    shift 2
    run "$@"
    if [ $status -eq 2 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
       grep -qF -- "$mention" "$tmp/err"; then
        ok "rejects $what"
    else
        not_ok "rejects $what (status $status)"
    fi
}

if part run; then
# The default run: whatever the interleaving did, the report is complete
# and the run succeeds; with --check the exit status follows the verdict.
run counter --check
if { [ $status -eq 1 ] && grep -q '^  verdict   RACE:' "$tmp/out"; } ||
   { [ $status -eq 0 ] && grep -q '^  verdict   NO RACE SEEN:' "$tmp/out"; }; then
    ok "counter --check: the exit status ($status) follows the verdict"
else
    not_ok "counter --check: the exit status ($status) follows the verdict"
fi
run counter
if [ $status -eq 0 ] && grep -Eq '^  verdict   (RACE|NO RACE SEEN):' "$tmp/out"; then
    ok "counter with defaults: a verdict, exit 0"
else
    not_ok "counter with defaults: a verdict, exit 0"
fi
if grep -q '^racedemo counter --threads 2 --sync none --timeout 2 --iters 100000 --op inc$' "$tmp/out" &&
   grep -q '^  expected  200,000$' "$tmp/out" && totals_add_up && [ ! -s "$tmp/err" ]; then
    ok "counter with defaults: settings, expected 200,000, observed + lost = expected"
else
    not_ok "counter with defaults: settings, expected 200,000, observed + lost = expected"
fi
if grep -Eq '^  time      [0-9.]+ (ns|us|ms|s) wall, [0-9]{1,3}(,[0-9]{3})*\.[0-9]{2} ns per increment$' "$tmp/out"; then
    ok "counter reports wall time and ns per increment, digits grouped"
else
    not_ok "counter reports wall time and ns per increment, digits grouped"
fi


# Every correct strategy is exact, including with more threads than cores
# (8 spinning threads on 2 busy CPUs crawl: each hand-over of a spin lock
# can wait for a time slice, so that run is small).
for sync in $exact_syncs; do
    for threads in 2 8; do
        iters=$([ "$threads" = 2 ] && echo 20000 || echo 500)
        run counter --sync "$sync" --threads "$threads" --iters "$iters" --check
        if [ $status -eq 0 ] && grep -q '^  verdict   CORRECT: all ' "$tmp/out" &&
           grep -q '^  lost      *0  (0.00% of expected)$' "$tmp/out"; then
            ok "--sync $sync --threads $threads is exact, exit 0"
        else
            not_ok "--sync $sync --threads $threads is exact, exit 0"
        fi
    done
done
run counter --op sum --sync mutex --iters 1000 -t 3
if [ $status -eq 0 ] && grep -q '^  expected  1,501,500$' "$tmp/out"; then
    ok "--op sum: expected is threads x iters(iters+1)/2"
else
    not_ok "--op sum: expected is threads x iters(iters+1)/2"
fi
run counter --threads 1 --iters 1000
if [ $status -eq 0 ] && ! grep -q overlap "$tmp/out"; then
    ok "one thread cannot race, and no overlap line is shown"
else
    not_ok "one thread cannot race, and no overlap line is shown"
fi
# Overlap is two or more workers at once: all of 4 threads sharing one CPU
# never run together, yet any two between their start and finish can race.
run counter --threads 4 "${one_cpu[@]}" --iters 1000
if [ $status -eq 0 ] &&
   grep -Eq '^  overlap   [0-9.]+ (ns|us|ms|s) \([0-9]+% of the run\) with two or more threads working at once$' "$tmp/out"; then
    ok "overlap counts the time two or more threads were working"
else
    not_ok "overlap counts the time two or more threads were working"
fi
run counter --procs --iters 1000
if [ $status -eq 0 ] && grep -Eq '^  overlap   .* with both processes working at once$' "$tmp/out"; then
    ok "overlap of two processes says both processes"
else
    not_ok "overlap of two processes says both processes"
fi

bad "a non-number" "--iters expects a whole number" counter --iters ten
bad "trailing garbage" "got '10x'" counter --iters 10x
bad "a negative number" "--threads expects" counter --threads -1
bad "zero threads" "from 1 to 64; got '0'" counter --threads 0
bad "an overflowing number" "--iters expects" counter --iters 99999999999999999999
bad "threads over the cap" "from 1 to 64; got '100'" counter --threads 100
bad "an unknown command" "unknown command 'vault'" vault
bad "an unknown strategy" "one of $(printf '%s\n' $all_syncs | paste -sd, | sed 's/,/, /g'); got 'lock'" counter --sync lock
bad "a missing option argument" "--sync needs a value" counter --sync
bad "a stray argument" "unexpected argument 'now'" counter now
bad "an unknown option" "unknown option '--fast'" counter --fast
bad "more threads than the strategy allows" "--sync peterson works with 1 to 32 threads; got --threads 33" counter --sync peterson --threads 33
bad "no command" "no command given" 

# A word the user typed comes back in a message escaped and cut, on every
# path that repeats one: a newline, a terminal's escape sequence, a C1
# control, bytes that are not UTF-8 and a 100,000-byte word each give
# one line of UTF-8 on stderr with no control character, at most 400
# bytes, nothing on stdout, status 2. W stands for the word.
echoes=(
    "W" "help W" "help counter W" "compare W" "compare -- W" "compare counter W"
    "compare counter --sync W" "compare counter --no-such=W" "explain W" "explain litmus W"
    "list W" "-h W" "-V W" "-l W" "--help=W" "--version=W" "--list=W" "--W" "-W"
    "litmus W" "litmus -- W" "litmus sb W" "litmus --order W" "counter W" "counter -- W"
    "counter --W" "counter -W" "counter --trials=W" "counter --help=W" "counter --verbose=W"
    "counter --sync W" "counter --sync mutex,W" "counter --cpus W" "counter --seed W"
    "counter --color W" "counter --schedule W" "counter --schedule A:W"
    "counter --schedule every:W" "bank --lock W" "queue --window W"
)
long_word=$(printf 'x%.0s' $(seq 100000))
words=($'a\nb' $'\e[31mRED' $'\xc2\x9b2J' $'\xff\xfe\xc3' $'\xed\xa0\x80' "$long_word")
escaped_fails=""
for line in "${echoes[@]}"; do
    for word in "${words[@]}"; do
        args=()
        for a in $line; do args+=("${a//W/$word}"); done
        run "${args[@]}"
        if [ $status -ne 2 ] || [ -s "$tmp/out" ] || [ "$(wc -l <"$tmp/err")" -ne 1 ] ||
           [ "$(wc -c <"$tmp/err")" -gt 400 ] || LC_ALL=C grep -q '[[:cntrl:]]' "$tmp/err" ||
           LC_ALL=C grep -q $'\xc2[\x80-\x9f]' "$tmp/err" ||
           ! iconv -f UTF-8 -t UTF-8 <"$tmp/err" >/dev/null 2>&1; then
            escaped_fails="$escaped_fails [$line: $(printf '%q' "${word:0:12}") status $status]"
        fi
    done
done
if [ -z "$escaped_fails" ]; then
    ok "every message that repeats a word escapes it and cuts it: one line of UTF-8, status 2"
else
    echo "    failed:$escaped_fails" >"$tmp/out"; : >"$tmp/err"
    not_ok "every message that repeats a word escapes it and cuts it: one line of UTF-8, status 2"
fi
bad "a newline in a command" "unknown command 'a\\x0Ab'; commands are" $'a\nb'
bad "an escape sequence in a name" "help: '\\x1B[31mRED' is not a workload" help $'\e[31mRED'
bad "bytes that are not UTF-8" "compare: '\\xFF\\xFEx' is not a workload" compare $'\xff\xfex'
bad "a C1 control" "explain: '\\xC2\\x9B2J' is not a strategy" explain $'\xc2\x9b2J'
bad "a backslash, kept unambiguous" "unknown command 'a\\\\x0Ab'" 'a\x0Ab'
bad "a step's name longer than any" "at step 2, A: names a step longer than any step's name" \
    counter --schedule "B A:${long_word:0:40}"

# Help, version, list.
run --version
if [ $status -eq 0 ] && grep -Eq '^racedemo [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/out"; then
    ok "--version"
else
    not_ok "--version"
fi
run list
if [ $status -eq 0 ] && grep -q '^  counter ' "$tmp/out" && grep -q '^  peterson ' "$tmp/out"; then
    ok "list shows workloads and strategies"
else
    not_ok "list shows workloads and strategies"
fi
run counter --sync help
nsyncs=$(printf '%s\n' $all_syncs | wc -l)
if [ $status -eq 0 ] && [ "$(grep -c '^  [a-z]' "$tmp/out")" -eq "$nsyncs" ]; then
    ok "--sync help lists the $nsyncs strategies racedemo list has"
else
    not_ok "--sync help lists the $nsyncs strategies racedemo list has"
fi

run explain flag
if [ $status -eq 0 ] && grep -q 'while (lock_flag) skip; lock_flag = true;' "$tmp/out" &&
   grep -q '^Shows it: racedemo counter --sync flag$' "$tmp/out"; then
    ok "explain flag: the seed's code, what goes wrong, the command that shows it"
else
    not_ok "explain flag: the seed's code, what goes wrong, the command that shows it"
fi
run explain counter
if [ $status -eq 0 ] && grep -q '^counter (workload):' "$tmp/out"; then
    ok "explain counter"
else
    not_ok "explain counter"
fi
run explain disable-interrupts
if [ $status -eq 0 ] && grep -q 'may not do this' "$tmp/out"; then
    ok "explain disable-interrupts says why it cannot exist here"
else
    not_ok "explain disable-interrupts says why it cannot exist here"
fi
# Each strategy's explain ends with a command that shows it, and that
# command uses only options its workload takes (so it stays runnable).
unknown=""
for sync in $("$bin" counter --sync help | awk '/^  [a-z]/ {print $1}'); do
    shows=$("$bin" explain "$sync" | sed -n 's/^Shows it: racedemo //p')
    [ -n "$shows" ] || { unknown="$unknown $sync:no-command"; continue; }
    workload=${shows#compare }
    workload_help=$("$bin" "${workload%% *}" --help)
    for opt in $(echo "$shows" | grep -oE -- '--[a-z][a-z-]+'); do
        echo "$workload_help" | grep -qE -- "$opt( |,|$)" || unknown="$unknown $sync:$opt"
    done
done
if [ -z "$unknown" ]; then
    ok "every strategy's explain shows a command with options its workload takes"
else
    echo "    not taken:$unknown" >"$tmp/out"; : >"$tmp/err"
    not_ok "every strategy's explain shows a command with options its workload takes"
fi
bad "explain of an unknown name" "'vault' is not a strategy, a workload or a word racedemo prints" explain vault
bad "explain without a name" "name one strategy or workload" explain

fi

if part workloads; then
# The bank: the default run is complete and its money adds up; every
# correct strategy is exact under both lock placements; bad input is named.
run bank
e=$(awk '$1 == "expected" { gsub("[$,]", "", $2); print $2 }' "$tmp/out")
o=$(awk '$1 == "observed" { gsub("[$,]", "", $2); print $2 }' "$tmp/out")
# Money can be destroyed or created: "off by" is observed - expected, signed.
d=$(awk '$1 == "off" && $2 == "by" { gsub("[$,+]", "", $3); print $3 }' "$tmp/out")
if [ $status -eq 0 ] && [ "$e" = 10000000 ] && [ -n "$d" ] && [ $((e + d)) -eq "$o" ] &&
   ! grep -q '^  lost ' "$tmp/out" &&
   { [ "$o" -eq "$e" ] || grep -Eq '^  off by +[-+]\$[0-9,]+  \(.*\): money (destroyed|created)$' "$tmp/out"; } &&
   grep -Eq '^  audits    [0-9,]+ sums? of every account' "$tmp/out" &&
   grep -Eq '^  wrong     [0-9,]+ audits? saw a total other than expected' "$tmp/out" &&
   grep -Eq '^  verdict   (RACE|CORRECT|NO RACE SEEN):' "$tmp/out" &&
   grep -Eq '^  time      .* ns per transfer$' "$tmp/out" && [ ! -s "$tmp/err" ]; then
    ok "bank with defaults: \$10,000,000 expected, expected + off by = observed, its side named, audits, verdict"
else
    not_ok "bank with defaults: \$10,000,000 expected, expected + off by = observed, its side named, audits, verdict"
fi
for sync in $locked_syncs; do
    for lock in bank account; do
        run bank --sync "$sync" --lock "$lock" --threads 2 --accounts 10 --transfers 5000 --check
        if [ $status -eq 0 ] && grep -q '^  verdict   CORRECT: all \$10,000 is there, and no audit saw another total$' "$tmp/out"; then
            ok "bank --sync $sync --lock $lock is exact in total and every audit"
        else
            not_ok "bank --sync $sync --lock $lock is exact in total and every audit"
        fi
    done
done
bad "bank with zero accounts" "--accounts expects a whole number from 2 to 10,000,000; got '0'" bank --accounts 0
bad "bank with one account" "--accounts expects a whole number from 2 to 10,000,000; got '1'" bank --accounts 1
bad "bank whose money overflows" "--accounts x --balance, plus all the money" bank --accounts 10M --balance 1000000000000000
bad "bank with max-amount 0" "--max-amount expects a whole number from 1 to 1,000,000,000; got '0'" bank --max-amount 0
bad "bank with a bad seed" "--seed expects a whole number or 'random'; got 'x'" bank --seed x
bad "bank with a bad lock" "--lock expects one of bank, account; got 'vault'" bank --lock vault
bad "bank with two-thread strategy and 2 tellers" "--sync turn works with at most 2 threads, and bank's auditor is one of them; use --threads 1" bank --sync turn
bad "bank with 64 tellers" "--threads: bank runs 1 auditor thread besides them, so at most 63" bank --threads 64
bad "bank with too many account locks" "over the 512 MiB racedemo allows" bank --lock account --sync bakery --threads 31 --accounts 10M
# Options that would do nothing are refused, not ignored.
bad "bank's account locks without a lock" "--lock account puts a lock on each account, and --sync none has no lock" bank --lock account --sync none
bad "--verbose with JSON, which lists every trial" "--verbose lists every trial in the text report; --format json lists every trial already" counter --verbose --format json
bad "--window with an atomic update" "--sync atomic updates in one atomic instruction, with no gap to widen" counter --window 5 --sync atomic
bad "compare --verbose" "--verbose: lists one run's trials" compare counter --verbose
bad "--first-iters with one thread" "--first-iters gives thread A other work than the rest, and --threads 1 leaves no rest" counter --first-iters 5 --threads 1
bad "litmus with two test names" "unexpected argument 'mp'; this command takes one name, and got 'sb'" litmus sb mp
for args in "list --help" "explain --help" "help -h"; do
    # shellcheck disable=SC2086 # one word each, on purpose
    run $args
    if [ $status -eq 0 ] && grep -q "^Usage: racedemo ${args%% *}" "$tmp/out" && [ ! -s "$tmp/err" ]; then
        ok "racedemo $args prints its usage"
    else
        not_ok "racedemo $args prints its usage (status $status)"
    fi
done
run litmus --trials 1 --iters 100 --order seq_cst mp
if [ $status -eq 0 ] && head -1 "$tmp/out" | grep -q '^racedemo litmus mp --order seq_cst'; then
    ok "litmus takes its test's name after options, as before them"
else
    not_ok "litmus takes its test's name after options (status $status)"
fi
run compare -- counter --iters 10 --sync mutex
if [ $status -eq 0 ] && head -1 "$tmp/out" | grep -q '^racedemo compare counter'; then
    ok "compare -- counter compares the counter"
else
    not_ok "compare -- counter compares the counter (status $status)"
fi
bad "compare naming a strategy twice" "--sync names mutex twice; each runs once" compare counter --sync mutex,tas,mutex

# The queue: the default run is complete and adds up; every correct
# strategy keeps every node; bad input is named.
run queue
if [ $status -eq 0 ] && grep -q '^  expected  200,004$' "$tmp/out" && totals_add_up &&
   grep -Eq '^  lost by   thread A: [0-9,]+ nodes?, thread B: [0-9,]+ nodes?$' "$tmp/out" &&
   grep -Eq '^  tail      points to ' "$tmp/out" &&
   grep -Eq '^  verdict   (RACE|CORRECT|NO RACE SEEN):' "$tmp/out" &&
   grep -Eq '^  time      .* ns per add$' "$tmp/out" && [ ! -s "$tmp/err" ]; then
    ok "queue with defaults: 200,004 nodes expected, observed + lost = expected, per thread, tail"
else
    not_ok "queue with defaults: 200,004 nodes expected, observed + lost = expected, per thread, tail"
fi
for sync in $exact_syncs; do
    run queue --sync "$sync" --threads 3 --iters 5000 --show 5 --check
    if [ $status -eq 0 ] && grep -q '^  verdict   CORRECT: all 15,004 nodes arrived$' "$tmp/out" &&
       grep -q '^  broken    nowhere: no node was lost$' "$tmp/out"; then
        ok "queue --sync $sync keeps all 15,004 nodes"
    else
        not_ok "queue --sync $sync keeps all 15,004 nodes"
    fi
done
bad "queue with zero iters" "--iters expects a whole number from 1 to 100,000,000; got '0'" queue --iters 0
bad "queue with --show over the cap" "--show expects a whole number from 0 to 1,000; got '1001'" queue --show 1001
bad "queue whose nodes pass the memory cap" "over the 1024 MiB racedemo allows" queue --threads 64 --iters 100M

# prodcons: the seed's protocol ends, in a deadlock (status 5), a stall (3), a
# race or a run where no race was seen, never a hang; every correct strategy delivers every item.
for i in 1 2 3; do
    run prodcons --timeout 2
    if { [ $status -eq 5 ] && grep -q '^  verdict   DEADLOCK: ' "$tmp/out" &&
         grep -Eq '^            producer A: (asleep|finished|awake, waiting), after putting ' "$tmp/out"; } ||
       { [ $status -eq 3 ] && grep -q '^  verdict   STALLED: ' "$tmp/out"; } ||
       { [ $status -eq 0 ] && grep -Eq '^  verdict   (RACE|NO RACE SEEN)' "$tmp/out"; }; then
        ok "prodcons --sync none ends with a verdict and its status ($status), run $i"
    else
        not_ok "prodcons --sync none ends with a verdict and its status ($status), run $i"
    fi
done
for sync in $locked_syncs; do
    run prodcons --sync "$sync" --producers 2 --consumers 2 --items 5000 --check
    if [ $status -eq 0 ] && grep -q '^  verdict   CORRECT: all 10,000 items arrived$' "$tmp/out" &&
       grep -Eq '^  time      .* ns per item \([0-9,]+ items a second\)$' "$tmp/out"; then
        ok "prodcons --sync $sync 2x2 delivers all 10,000 items"
    else
        not_ok "prodcons --sync $sync 2x2 delivers all 10,000 items"
    fi
done
bad "prodcons with zero slots" "--slots expects a whole number from 1 to 1,000,000; got '0'" prodcons --slots 0
bad "prodcons with zero items" "--items expects a whole number from 1 to 100,000,000; got '0'" prodcons --items 0
bad "prodcons with zero producers" "--producers expects a whole number from 1 to 63; got '0'" prodcons --producers 0
bad "prodcons with --threads" "--threads: prodcons takes --producers and --consumers instead" prodcons --threads 4
bad "prodcons with a two-thread strategy and 3 threads" "--sync turn works with exactly 2 threads; got 3 (--producers + --consumers)" prodcons --sync turn --producers 2
bad "prodcons atomic with 2 consumers" "--sync atomic makes only count's updates atomic here" prodcons --sync atomic --consumers 2

fi

if part replay; then
# Lockstep replay: the seed's interleaving, line for line; bad schedules.
run counter --schedule 'A:load B:load A:add B:add A:store B:store'
if [ $status -eq 0 ] && grep -Eq '^     6  B +store acc to N +N = 1 +N = 1$' "$tmp/out" &&
   grep -q "^ *\^ B's store overwrites A's increment: lost update$" "$tmp/out" &&
   grep -q '^  expected  N = 2$' "$tmp/out" && grep -q '^  observed  N = 1$' "$tmp/out"; then
    ok "--schedule replays the seed's interleaving: N = 1, expected 2"
else
    not_ok "--schedule replays the seed's interleaving: N = 1, expected 2"
fi
run counter --schedule ABABAB --quiz
if [ $status -eq 0 ] && ! grep -q 'acc = ' "$tmp/out" && grep -q '^  observed  ?' "$tmp/out"; then
    ok "--quiz hides every value"
else
    not_ok "--quiz hides every value"
fi
run counter --schedule ABABAB --format mermaid
if [ $status -eq 0 ] && [ "$(head -1 "$tmp/out")" = sequenceDiagram ] &&
   grep -q '^    B->>S: store acc to N (N = 1)$' "$tmp/out"; then
    ok "--format mermaid draws the steps"
else
    not_ok "--format mermaid draws the steps"
fi
run counter --trace 1000 --iters 100000
if [ $status -eq 0 ] && grep -Eq '^  trace     (the first lost update|no lost update) among the 2,000 updates' "$tmp/out" &&
   grep -Eq 'recording cost [0-9.]+ ns per update' "$tmp/out"; then
    ok "--trace reports the recorded steps and what recording cost"
else
    not_ok "--trace reports the recorded steps and what recording cost"
fi
# These three read the verdict as it wraps at 79 columns.
COLUMNS=79 run counter --schedule every:2 --iters 2
if [ $status -eq 0 ] && grep -q '^  verdict   RACE: 2 of 4 increments lost (N = 2, expected 4); the 3 stores$' "$tmp/out"; then
    ok "--schedule's verdict counts the increments lost, not the stores marked"
else
    not_ok "--schedule's verdict counts the increments lost, not the stores marked"
fi
run counter --schedule ABAB --budget 1
if [ $status -eq 2 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
    grep -q '^racedemo counter: --budget stops a free run' "$tmp/err"; then
    ok "--schedule refuses --budget, in one line, status 2"
else
    not_ok "--schedule refuses --budget, in one line, status 2"
fi
# --budget cuts a long locked run at a clean point: the totals still add
# up, nothing is lost under a lock, and the report says where it stopped.
run counter --sync mutex --iters 1G --budget 1
if [ $status -eq 0 ] && totals_add_up && grep -q '^  lost  *0  ' "$tmp/out" &&
    grep -q '^  budget    stopped at the 1 s budget after [0-9,]* ' "$tmp/out"; then
    ok "--budget stops a long run at a clean point, judged on the updates done"
else
    not_ok "--budget stops a long run at a clean point, judged on the updates done"
fi
# --duration bounds when a trial may start, not how long one takes; with
# --budget the trial under way stops at a clean point (the man page's
# --duration says both). A trial of a billion locked increments is never
# over in a second.
run counter --sync mutex --iters 1G --duration 1 --budget 1
if [ $status -eq 0 ] && totals_add_up &&
    grep -q '^  budget    stopped at the 1 s budget after [0-9,]* ' "$tmp/out"; then
    ok "--duration with --budget stops the trial under way at the budget"
else
    not_ok "--duration with --budget stops the trial under way at the budget"
fi
COLUMNS=79 run counter --schedule AAABBB --check
if [ $status -eq 0 ] && grep -q '^  verdict   NO RACE SEEN: no increment lost, because the threads'"'"' steps did not$' "$tmp/out"; then
    ok "--schedule with --sync none apart: NO RACE SEEN, not CORRECT, and --check passes"
else
    not_ok "--schedule with --sync none apart: NO RACE SEEN, not CORRECT, and --check passes"
fi
run counter --schedule ABABAB --check
if [ $status -eq 1 ] && grep -q '^  verdict   RACE:' "$tmp/out"; then
    ok "--check fails (status 1) a replay that shows a race"
else
    not_ok "--check fails (status 1) a replay that shows a race"
fi
run counter --sync flags-set-first --schedule 'A:flag B:flag A:test B:test'
if [ $status -eq 5 ] && grep -q '^  verdict   DEADLOCK: every thread waits for another, and none can go on$' "$tmp/out"; then
    ok "--schedule replays flags-set-first into its deadlock, status 5"
else
    not_ok "--schedule replays flags-set-first into its deadlock, status 5"
fi
run counter --schedule ABABAB --quiz --format mermaid
if [ $status -eq 0 ] && ! grep -q 'acc = \|N = 1\|lost update' "$tmp/out" && grep -q '^    Note over S: ? (expected N = 2)$' "$tmp/out"; then
    ok "--quiz hides every value in --format mermaid too"
else
    not_ok "--quiz hides every value in --format mermaid too"
fi
# The first line of a replay repeats it: run again, the output is the same, byte for byte.
for args in "counter --op sum --schedule ABABAB" "bank --accounts 2 --schedule AAABBBBA" \
            "prodcons --slots 1 --schedule BAAAAAABAA" "queue --schedule AABBABAB" \
            "counter --schedule random --seed 7 --iters 3" "bank --accounts 3 --sync mutex --schedule random --seed 4 --transfers 2" \
            "prodcons --schedule random --seed 2 --items 2 --slots 1 --quiz" "counter --sync flags-check-first --schedule every:1"; do
    # shellcheck disable=SC2086 # the words are the arguments
    run $args
    first=$status
    cp "$tmp/out" "$tmp/first"
    read -ra again <"$tmp/first"
    run "${again[@]:1}"
    if [ "${again[0]}" = racedemo ] && [ $status -eq $first ] && cmp -s "$tmp/out" "$tmp/first"; then
        ok "the first line of racedemo $args repeats it byte for byte"
    else
        not_ok "the first line of racedemo $args repeats it byte for byte"
    fi
done
bad "--window with --schedule" "--window widens a free run's racy steps" counter --schedule ABABAB --window 5
bad "--no-instruments with --schedule" "--no-instruments turns off a free run's violation detector" counter --schedule ABABAB --no-instruments
bad "--cpus with --schedule" "--cpus pins a free run's threads" counter --schedule ABABAB --cpus 0
bad "--timeout with --schedule" "--timeout stops a free run that stalls" counter --schedule ABABAB --timeout 9
bad "-v with --schedule" "--verbose lists a free run's trials" counter --schedule ABABAB -v
bad "--seed with a schedule of letters" "--seed draws the steps of --schedule random" counter --schedule ABABAB --seed 4
bad "--first-iters with --schedule" "--first-iters gives thread A a count of its own" counter --schedule ABABAB --first-iters 2
bad "--show with --schedule" "--show lists where a free run's list broke" queue --schedule AAAABBBB --show 2
bad "--audit-unlocked with --schedule" "--audit-unlocked changes how a free run's auditor sums" bank --schedule AAAABBBB --audit-unlocked
bad "letters past --iters" "--schedule: at step 4, A has done its 1 iteration (--iters 1)" counter --schedule AAAA --iters 1
bad "a schedule naming a thread that does not exist" "--schedule: there is no thread C with --threads 2" counter --schedule ABC
bad "a schedule naming a wrong step" "--schedule: at step 1, A's next step is load, not 'store'" counter --schedule A:store
bad "a schedule leaving a thread mid-iteration" "--schedule leaves A in the middle of an iteration" counter --schedule AAB
# Every strategy has steps; --sync atomic needs the update as one step.
bad "a schedule with --sync atomic for a workload whose update is several steps" "--schedule: --sync atomic makes each update one atomic instruction, and this workload's update is not one step" bank --schedule AB --sync atomic
bad "--quiz without --schedule" "--quiz and --answers go with --schedule" counter --quiz
bad "--format mermaid without --schedule" "--format mermaid draws the steps of a --schedule" counter -f mermaid
COLUMNS=79 run prodcons --slots 1 --schedule 'B:test A:test A:sleep A:item A:load A:store A:wake B:sleep A:test A:sleep'
if [ $status -eq 5 ] && grep -q 'this wakeup is lost$' "$tmp/out" &&
   grep -q '^  verdict   DEADLOCK: every thread waits for another, and none can go on; what$' "$tmp/out"; then
    ok "--schedule shows the lost wakeup of the seed's buffer, step by step"
else
    not_ok "--schedule shows the lost wakeup of the seed's buffer, step by step"
fi
bad "--schedule for prodcons with a lock" "--schedule replays this workload's own protocol: --sync none only" prodcons --schedule AB --sync mutex
bad "--trace with a lock" "--trace records the bare race" counter --trace 10 --sync mutex

fi

if part procs; then
# Processes: the same race and the same fix, with the report saying so.
run counter --procs
if [ $status -eq 0 ] && grep -q '^  what      2 processes each do N := N + 1, 100,000 times$' "$tmp/out" &&
   grep -q '^  workers   processes (fork)' "$tmp/out" && totals_add_up; then
    ok "counter --procs runs processes and says so"
else
    not_ok "counter --procs runs processes and says so"
fi
for sync in $exact_syncs; do
    run counter --procs --sync "$sync" --check
    if [ $status -eq 0 ] && grep -q '^  verdict   CORRECT: all 200,000 increments arrived$' "$tmp/out"; then
        ok "counter --procs --sync $sync is exact"
    else
        not_ok "counter --procs --sync $sync is exact"
    fi
done
# Run in a session of its own, so that any process it left behind is
# found by its session id, whatever else runs on the machine.
setsid --wait sh -c 'echo $$ >"$1"; exec "$2" compare counter --procs --iters 20000 --timeout 1' \
    sh "$tmp/sid" "$bin" >"$tmp/out" 2>"$tmp/err"
status=$?
session_left() {
    local sid n=0 p stat fields
    sid=$(cat "$tmp/sid")
    for p in /proc/[0-9]*/stat; do
        stat=$(cat "$p" 2>/dev/null) || continue
        read -r -a fields <<<"${stat##*) }" # state ppid pgrp session ...
        [ "${fields[3]:-}" = "$sid" ] && n=$((n + 1))
    done
    echo "$n"
}
if [ $status -eq 0 ] && grep -q '^  mutex ' "$tmp/out" && [ "$(session_left)" = 0 ]; then
    ok "compare counter --procs runs every strategy and leaves no process behind"
else
    not_ok "compare counter --procs runs every strategy and leaves no process behind"
fi
# A worker process killed mid-run: reported with its signal, status 4, no
# hang (even with the buffer's condition variables), nothing left behind.
kill_a_worker() {
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err" &
    local pid=$! child="" p stat fields waited=0
    while [ -z "$child" ] && [ $waited -lt 100 ]; do
        sleep 0.05
        waited=$((waited + 1))
        for p in /proc/[0-9]*/stat; do
            stat=$(cat "$p" 2>/dev/null) || continue
            read -r -a fields <<<"${stat##*) }" # state ppid ...
            [ "${fields[1]:-}" = "$pid" ] && { child=${p#/proc/}; child=${child%/stat}; break; }
        done
    done
    sleep 0.2
    [ -n "$child" ] && kill -9 "$child" 2>/dev/null
    for waited in $(seq 200); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -9 "$pid"
        status=hung
    fi
    wait "$pid"
    local rc=$?
    [ "${status:-}" = hung ] || status=$rc
}
for args in "counter --procs --sync mutex --iters 1G" "prodcons --procs --sync mutex --items 10M"; do
    status=""
    kill_a_worker $args
    if [ "$status" = 4 ] && grep -Eq 'worker process [0-9]+( of [0-9]+)? was killed by signal 9' "$tmp/err"; then
        ok "a worker killed during $args is reported, status 4"
    else
        echo "status $status" >>"$tmp/err"
        not_ok "a worker killed during $args is reported, status 4"
    fi
done
bad "--schedule with --procs" "--schedule replays with threads; it does not go with --procs" counter --procs --schedule AB

# Extreme but valid settings work.
for args in "counter --threads 1 --iters 1" "counter --threads 64 --iters 1 --sync mutex" \
    "counter --iters 1 --trials 1000 --sync atomic" "queue --threads 64 --iters 1 --sync ticket" \
    "bank --accounts 2 --transfers 1 --threads 63 --sync mutex" \
    "prodcons --slots 1 --items 1 --sync semaphore" \
    "prodcons --producers 32 --consumers 32 --items 10 --sync mutex"; do
    run $args --check
    if [ $status -eq 0 ] && grep -q '^  verdict   CORRECT' "$tmp/out"; then
        ok "extreme but valid: $args"
    else
        not_ok "extreme but valid: $args"
    fi
done

fi

if part output; then
# Out of memory or address space (ulimit -v): one clear line, status 4.
if [ -z "$sanitizers" ]; then
    ( ulimit -v 300000; exec "$bin" queue --iters 10M ) >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ $status -eq 4 ] && grep -q '^racedemo queue: out of memory for 20000000 nodes$' "$tmp/err" &&
       [ ! -s "$tmp/out" ]; then
        ok "out of memory is one clear line, status 4"
    else
        not_ok "out of memory is one clear line, status 4"
    fi
    # --procs maps what the workload allocates, not a fixed 3 GiB: a small
    # run fits under a limit on address space, and one too big for it is
    # refused with one line.
    ( ulimit -v 2000000; exec "$bin" counter --procs --iters 1000 ) >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ $status -eq 0 ] && grep -q '^  workers   processes (fork)' "$tmp/out" && [ ! -s "$tmp/err" ]; then
        ok "counter --procs runs under ulimit -v 2000000"
    else
        not_ok "counter --procs runs under ulimit -v 2000000 (status $status)"
    fi
    ( ulimit -v 300000; exec "$bin" queue --procs --iters 10M ) >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ $status -eq 4 ] && grep -q '^racedemo queue: out of memory for 20000000 nodes$' "$tmp/err" &&
       [ "$(wc -l <"$tmp/err")" -eq 1 ] && [ ! -s "$tmp/out" ]; then
        ok "shared memory that cannot be mapped is one clear line, status 4"
    else
        not_ok "shared memory that cannot be mapped is one clear line, status 4"
    fi
fi

# Output to a closed pipe ends quietly: no error storm on stderr.
"$bin" counter --trials 1000 --iters 1000 --format csv 2>"$tmp/err" | head -1 >/dev/null
if [ ! -s "$tmp/err" ]; then
    ok "output to a closed pipe ends quietly"
else
    not_ok "output to a closed pipe ends quietly"
fi

# Output that cannot be written is one line on stderr and status 4, never
# a silent success: a full disk, a closed stdout, and a pipe closed early
# while SIGPIPE is ignored (so that the write fails with EPIPE instead).
# write_fails NAME REASON: the last run's status and stderr.
write_fails() {
    if [ "$status" -eq 4 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
        grep -q "^racedemo: writing the output failed: $2 (some or all of it is lost)\$" "$tmp/err"; then
        ok "$1: one line on stderr, status 4"
    else
        echo "status $status" >"$tmp/out"
        not_ok "$1: one line on stderr, status 4"
    fi
}
if [ -w /dev/full ]; then
    "$bin" counter --format json >/dev/full 2>"$tmp/err"
    status=$?
    write_fails "output to a full disk" "No space left on device"
    "$bin" --version >/dev/full 2>"$tmp/err"
    status=$?
    write_fails "--version to a full disk" "No space left on device"
    # compare flushes each row as it comes: the flush that failed keeps
    # the reason, though nothing is left for the last one to fail on.
    for format in text json csv html; do
        "$bin" compare counter --iters 1000 --sync none,mutex --format "$format" \
            >/dev/full 2>"$tmp/err"
        status=$?
        write_fails "compare --format $format to a full disk" "No space left on device"
    done
fi
"$bin" counter >&- 2>"$tmp/err"
status=$?
write_fails "output to a closed stdout" "Bad file descriptor"
# More than a pipe holds (about 600 KB), so the writes outlive `head`.
(
    trap '' PIPE
    "$bin" counter --trials 5000 --iters 100 --format csv 2>"$tmp/err" | head -1 >/dev/null
    exit "${PIPESTATUS[0]}"
)
status=$?
write_fails "output to a pipe closed early, SIGPIPE ignored" "Broken pipe"
# A closed stdout that nothing was written to loses nothing: a usage error
# is its own status with its own line, and nothing more.
"$bin" counter --sync nope >&- 2>"$tmp/err"
status=$?
if [ "$status" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && ! grep -q writing "$tmp/err"; then
    ok "a usage error with stdout closed is only the usage error"
else
    not_ok "a usage error with stdout closed is only the usage error"
fi

# An option that would do nothing is refused with one line, never ignored.
bad "a word after --version" "-V takes nothing after it; got 'x'" -V x
bad "a word after --list" "-l takes nothing after it; got 'extra'" -l extra
bad "a word after --help" "-h takes nothing after it; got 'bogus'" -h bogus
# Every workload whose --help offers no --trace (all but counter, a new
# one too, from racedemo list) refuses it.
for w in $("$bin" list | awk '/^Workloads/ { f = 1; next } /^$/ { f = 0 } f { print $1 }'); do
    "$bin" "$w" --help | grep -q -- '--trace' ||
        bad "--trace for $w" "--trace: only counter's free run records" "$w" --trace 10
done
bad "--trace for compare" "--trace: compare does not record a trace" compare counter --trace 10
bad "--schedule for compare" "--schedule: compare runs every strategy freely" compare counter --schedule AB
bad "--quiz for compare" "--quiz: goes with --schedule" compare counter --quiz
bad "--trace with CSV" "--trace prints a timeline, and CSV holds one row per trial" counter --trace 5 -f csv
bad "compare where no strategy can run" "--sync turn works with exactly 2 threads; got --threads 3" \
    compare counter --sync turn --threads 3
for w in bank queue prodcons; do
    "$bin" "$w" --help >"$tmp/out" 2>"$tmp/err"
    if grep -q -- '--trace' "$tmp/out"; then not_ok "$w --help lists no --trace"; else ok "$w --help lists no --trace"; fi
done
"$bin" compare counter --help >"$tmp/out" 2>"$tmp/err"
if grep -Eq -- '^ +(-., )?--(schedule|quiz|answers|trace)' "$tmp/out" || ! grep -q -- '--iters N' "$tmp/out"; then
    not_ok "compare counter --help lists counter's options but none compare refuses"
else
    ok "compare counter --help lists counter's options but none compare refuses"
fi

fi

if part words; then
# Bash completion offers what each command takes: values after an option
# that takes one (nothing where the value is free), never refused options.
complete_words() {
    # shellcheck disable=SC1091 # the completion file of this checkout
    (PATH=$(dirname "$bin"):$PATH; source "$(dirname "$readme")/completion/racedemo"
     COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _racedemo
     echo "${COMPREPLY[*]}")
}
check_completion() {
    local want=$1; shift
    local got; got=$(complete_words "$@")
    if [ "$got" = "$want" ]; then ok "completion of '$*': '$want'"; else
        echo "    got '$got'" >"$tmp/out"; : >"$tmp/err"; not_ok "completion of '$*': '$want'"; fi
}
check_completion "" racedemo counter --iters ""
check_completion "--schedule" racedemo counter --sch
check_completion "" racedemo compare counter --sch
check_completion "" racedemo prodcons --th
check_completion "--trace --trials" racedemo counter --tr
check_completion "--transfers --trials" racedemo bank --tr
check_completion "text json csv html" racedemo compare counter --format ""
check_completion "all" racedemo compare counter --sync al
check_completion "sc tso" racedemo counter --model ""
check_completion "" racedemo counter --sync al
check_completion "auto always never" racedemo counter --color ""
check_completion "sb mp lb iriw all" racedemo litmus ""
check_completion "relaxed release-acquire seq_cst" racedemo litmus sb --order ""
check_completion "text json csv html" racedemo litmus --format ""
check_completion "--fence --format" racedemo litmus sb --f
check_completion "iriw" racedemo explain litmus i
check_completion "rto" racedemo explain rt
check_completion "wfrom" racedemo explain wf
check_completion "counter compare" racedemo co
check_completion "sb" racedemo explore s
check_completion "text json csv html" racedemo explore counter --format ""
check_completion "--max-states" racedemo explore counter --max

# On a terminal (a pseudo-terminal from util-linux's script, where there is
# one): its width is the terminal's, the progress line (stderr) and the
# report fit it, and --color auto colours unless NO_COLOR is set.
if script -qc true /dev/null >/dev/null 2>&1; then
    on_tty() {
        script -qc "stty cols 60; unset COLUMNS; $1 '$bin' counter --sync mutex --trials 1000 --iters 20000" \
            /dev/null >"$tmp/tty" 2>&1 </dev/null
    }
    on_tty ""
    widest=$(sed 's/\x1b\[[0-9;]*[mK]//g' "$tmp/tty" | tr '\r' '\n' | awk '{ if (length > m) m = length } END { print m + 0 }')
    if grep -q $'\x1b\\[32mCORRECT' "$tmp/tty" && [ "$widest" -le 60 ] && grep -q 'trials done' "$tmp/tty"; then
        ok "on a 60-column terminal: progress and report fit, verdict in colour"
    else
        cp "$tmp/tty" "$tmp/out"; not_ok "on a 60-column terminal: progress and report fit, verdict in colour (widest $widest)"
    fi
    on_tty "NO_COLOR=1"
    if grep -q 'verdict   CORRECT' "$tmp/tty" && ! grep -q $'\x1b\\[3' "$tmp/tty"; then
        ok "NO_COLOR turns --color auto's colour off on a terminal"
    else
        cp "$tmp/tty" "$tmp/out"; not_ok "NO_COLOR turns --color auto's colour off on a terminal"
    fi
fi

# Words: what `compare --help` shows, `help compare` shows too; processes
# are called processes; every label says what its number is.
run help compare
if [ $status -eq 0 ] && grep -q '^Usage: racedemo compare WORKLOAD' "$tmp/out" && [ ! -s "$tmp/err" ]; then
    ok "help compare shows compare's help"
else
    not_ok "help compare shows compare's help"
fi
# (The command line says --threads, its option's name; tas's summary is
# free of the word.)
run counter --procs --sync tas --iters 1000 --first-iters 10
if [ $status -eq 0 ] && grep -q '^  exclusion held: no process ever found another' "$tmp/out" &&
   grep -q '(process A: 10 times)' "$tmp/out" && grep -q 'when the first process finished' "$tmp/out" &&
   ! sed 1d "$tmp/out" | grep -Eq '\bthreads?\b'; then
    ok "a run of processes never calls them threads"
else
    not_ok "a run of processes never calls them threads"
fi
run bank --procs --sync mutex --transfers 1000
if [ $status -eq 0 ] && grep -q '^  auditor   one more process sums every account' "$tmp/out" &&
   tr '\n' ' ' <"$tmp/out" | tr -s ' ' | grep -q ' work .* of wall time, until the auditor.s last audit ended'; then
    ok "bank: the auditor is a process too, and the work line says whose wall time it is"
else
    not_ok "bank: the auditor is a process too, and the work line says whose wall time it is"
fi
run prodcons --sync semaphore --items 1000
if [ $status -eq 0 ] && grep -q '^  lost from producer A: 0 items$' "$tmp/out" &&
   grep -q '^  count     off by 0 at the end, when the buffer is empty and count should be 0$' "$tmp/out" &&
   grep -q '^  sync      semaphore: semaphores, three here: ' "$tmp/out" &&
   ! grep -q 'one permit:' "$tmp/out" && ! grep -q '\b1 [a-z]*s\b' "$tmp/out"; then
    ok "prodcons: labels say what is lost and off, and the semaphores are described once"
else
    not_ok "prodcons: labels say what is lost and off, and the semaphores are described once"
fi
run counter --iters 1 --sync mutex --trials 1
if [ $status -eq 0 ] && grep -q '^  what      2 threads each do N := N + 1, 1 time$' "$tmp/out" &&
   ! grep -Eq '\b1 (times|trials|increments)\b' "$tmp/out"; then
    ok "one of something is singular"
else
    not_ok "one of something is singular"
fi
run compare prodcons --items 1000 --sync mutex
if [ $status -eq 0 ] && grep -q '^  what      1 producer puts 1,000 items into the buffer; 1 consumer takes them$' "$tmp/out"; then
    ok "compare prodcons says what producers and consumers do"
else
    not_ok "compare prodcons says what producers and consumers do"
fi

fi

if part litmus; then
# litmus: its own command. Small runs: this runs under qemu in CI too.
run litmus --iters 1000 --trials 2
if [ $status -eq 0 ] && [ "$(head -n 1 "$tmp/out")" = "racedemo litmus sb --order relaxed --iters 1000 --trials 2 --batch 1024" ] &&
   grep -q '^  in step   [0-9.<]*% of tests had an outcome' "$tmp/out" &&
   grep -q '^  verdict   the outcome sequential consistency forbids (r0=0 r1=0) was ' "$tmp/out" &&
   [ "$(grep -c '^  r[01]=[01] r[01]=[01] ' "$tmp/out")" -eq 4 ] && [ ! -s "$tmp/err" ]; then
    ok "litmus: sb unless named, the command line first, four outcomes, the in-step share and a verdict"
else
    not_ok "litmus: sb unless named, the command line first, four outcomes, the in-step share and a verdict"
fi
run litmus sb --fence --iters 1000 --trials 2
if [ $status -eq 0 ] && grep -q '^  r0=0 r1=0 *0 ' "$tmp/out" &&
   grep -q 'was not seen in 2,000 tests' "$tmp/out"; then
    ok "litmus sb --fence: the outcome the fence forbids is never seen"
else
    not_ok "litmus sb --fence: the outcome the fence forbids is never seen"
fi
for bad in "nope" "--order sometimes" "--format xml" "--color always --format html" "sb --iters 0" "sb extra"; do
    # shellcheck disable=SC2086 # the words are separate arguments
    run litmus $bad
    if [ $status -eq 2 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
       grep -q '^racedemo litmus: ' "$tmp/err"; then
        ok "litmus $bad: one line on stderr, exit 2"
    else
        not_ok "litmus $bad: one line on stderr, exit 2"
    fi
done
run litmus sb --iters 1000 --trials 2 --format html
if [ $status -eq 0 ] && [ "$(head -c 15 "$tmp/out")" = "<!DOCTYPE html>" ] &&
   grep -q '<svg xmlns="http://www.w3.org/2000/svg" id="outcomes"' "$tmp/out"; then
    ok "litmus --format html: a page with the outcomes' picture"
else
    not_ok "litmus --format html: a page with the outcomes' picture"
fi
run help litmus
if [ $status -eq 0 ] && grep -q '^Usage: racedemo litmus \[TEST|all\] \[options\]' "$tmp/out" &&
   [ "$("$bin" litmus --help)" = "$(cat "$tmp/out")" ]; then
    ok "help litmus is litmus --help"
else
    not_ok "help litmus is litmus --help"
fi
run explain litmus sb
if [ $status -eq 0 ] && grep -q 'racedemo explain peterson-relaxed' "$tmp/out" &&
   "$bin" explain peterson-relaxed | grep -q 'racedemo explain litmus sb'; then
    ok "explain litmus sb and explain peterson-relaxed point at each other"
else
    not_ok "explain litmus sb and explain peterson-relaxed point at each other"
fi

fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
