#!/usr/bin/env python3
"""output_test.py: racedemo's JSON and CSV output, parsed as a script would
parse it and checked field by field; trials, compare, --check and signals,
run through the built binary.
Usage: output_test.py PATH/TO/racedemo [CLASS...] [--skip CLASS...]
(ctest runs it in parts: some classes, or all but those)"""
import csv
import fcntl
import io
import re
import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

# The oracle's readers of `racedemo list` and of a workload's --help.
import oracle_test

BIN = sys.argv.pop(1)
# How much slower than a native run racedemo starts and runs here: the
# tests that signal a run wait this many times longer before they do,
# and allow as much more after (.ci/cross-build sets it for qemu).
SLOWDOWN = float(os.environ.get("RACEDEMO_TEST_SLOWDOWN", "1"))
# What the output says is checked here at a wide width, so that no line
# wraps; the layout at 60 and 80 columns has its own tests (WidthTest).
os.environ["COLUMNS"] = "200"
os.environ.pop("NO_COLOR", None)
# The signal tests send SIGINT, SIGTERM and SIGHUP, which racedemo leaves ignored
# when it inherits them ignored (as a shell's background job does): its
# runs here start with the default actions, wherever this test was started
# from (a script's `cmd &` ignores SIGINT; exec resets a handled signal).
signal.signal(signal.SIGINT, signal.default_int_handler)
signal.signal(signal.SIGTERM, signal.SIG_DFL)
signal.signal(signal.SIGHUP, signal.SIG_DFL)


def strategies_from_list():
    """Every strategy, in `racedemo list`'s order, with whether its excl
    column promises mutual exclusion and whether it takes two threads
    only: the test keeps no list of its own, so a new strategy is checked
    as soon as it is registered."""
    out = subprocess.run([BIN, "list"], capture_output=True, text=True, check=True).stdout
    names, exclusive, two_only, section = [], set(), set(), False
    for line in out.splitlines():
        if line.startswith("Sync strategies"):
            section = True
        elif section and line.startswith("  ") and not line.strip().startswith("("):
            words = line.split()
            names.append(words[0])
            if words[1] == "yes":
                exclusive.add(words[0])
            if "[2 threads only]" in line:
                two_only.add(words[0])
    assert names and "none" in names and "none" not in exclusive, out
    return names, exclusive, two_only


ALL, EXCLUSIVE, TWO_THREADS_ONLY = strategies_from_list()


def workloads_from_list():
    """Every workload `racedemo list` shows, with the options its --help
    shows, read as the oracle reads them: a new workload is checked as
    soon as it is registered."""
    out = subprocess.run([BIN, "list"], capture_output=True, text=True, check=True).stdout
    names = oracle_test.parse_list(out)[0]
    helps = {n: oracle_test.parse_help(subprocess.run([BIN, n, "--help"], capture_output=True,
                                                      text=True, check=True).stdout)
             for n in names}
    shared = set.intersection(*(set(h) for h in helps.values()))
    return [oracle_test.Workload(n, helps[n], shared) for n in names]
NOT_EXCLUSIVE = set(ALL) - EXCLUSIVE


def stalled_by_design(summary):
    """A strategy that does not promise progress may be stopped by the
    watchdog: racedemo says so with STUCK (a stall of any other strategy
    is the machine's, STALLED, and fails the checks)."""
    return summary["stuck"] and summary["verdict"] == "STUCK"


def build_can_pin():
    """Whether this racedemo can pin (a build without CPU affinity, macOS or
    -DRACEDEMO_PORTABLE=ON, refuses --cpus and says so)."""
    p = subprocess.run([BIN, "counter", "--cpus", "0", "--iters", "1"], capture_output=True,
                       text=True, timeout=120)
    return "cannot pin here" not in p.stderr


CAN_PIN = build_can_pin()
# Every thread on CPU 0 where the build can pin; else the scheduler places.
ONE_CPU = ["--cpus", "0"] if CAN_PIN else []


def run(*args, check_status=0):
    p = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=120)
    if check_status is not None and p.returncode != check_status:
        raise AssertionError(f"racedemo {' '.join(args)}: exit {p.returncode}, stderr {p.stderr!r}")
    return p


def run_json(*args):
    return json.loads(run(*args, "--format", "json").stdout)


def argv_from_config(config):
    """The command line that a JSON configuration stands for."""
    args = [config["workload"]]
    for key, value in config.items():
        if key == "workload" or value is None or value is False:
            continue
        args.append("--" + key)
        if value is not True:
            args.append(str(value))
    return args


def run_env(env, *args):
    """racedemo with these environment variables changed (None: unset)."""
    full = dict(os.environ)
    for k, v in env.items():
        if v is None:
            full.pop(k, None)
        else:
            full[k] = v
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=120, env=full)


def finish(p, seconds):
    """p's (stdout, stderr) once it exits; killed, and the test failed, if
    it is still running after `seconds` (a hang never outlives its test)."""
    try:
        return p.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        raise AssertionError(f"{' '.join(p.args)}: still running after {seconds} s, killed")


def wait_caught(p, sig, seconds=30):
    """Until racedemo has caught sig (its bit in /proc/PID/status's SigCgt:
    its run has started), so that the signal is sent to the run, not to a
    program still starting; failed, p killed, after `seconds`. Under qemu
    (RACEDEMO_TEST_SLOWDOWN) the mask is qemu's, which catches every
    signal from the start: there a pause stands in for it."""
    deadline = time.monotonic() + seconds * SLOWDOWN
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{p.pid}/status") as f:
                caught = next(int(line.split()[1], 16) for line in f if line.startswith("SigCgt:"))
        except (OSError, StopIteration):
            caught = 0
        if caught >> (sig - 1) & 1:
            if SLOWDOWN > 1:
                time.sleep(0.3 * SLOWDOWN)
            return
        if p.poll() is not None:
            break
        time.sleep(0.01)
    p.kill()
    p.communicate()
    raise AssertionError(f"{' '.join(p.args)}: never caught signal {sig}")


class Width(unittest.TestCase):
    """Every line of every command fits COLUMNS (60 and 80); the command
    line wraps too, and joins again into the command JSON reports."""
    COMMANDS = [["counter"], ["counter", "--sync", "mutex"], ["bank", "--transfers", "20000"],
                ["queue", "--iters", "20000"], ["prodcons", "--items", "5000"],
                ["compare", "counter", "--iters", "5000", "--timeout", "1"],
                ["compare", "prodcons", "--items", "1000", "--timeout", "1"],
                ["compare", "bank", "--transfers", "1000", "--timeout", "1"],
                ["list"], ["explain", "peterson"], ["help", "counter"], ["--help"],
                ["compare", "--help"], ["counter", "--help"],
                ["counter", "--schedule", "random"], ["counter", "--trials", "5", "-n", "1000"],
                ["bank", "--trials", "3", "--transfers", "1000"],
                ["counter", "--threads", "64", "--iters", "1000"],
                ["litmus", "iriw", "--iters", "1000", "--trials", "2"],
                ["litmus", "all", "--iters", "1000", "--trials", "2"],
                ["litmus", "--help"], ["explain", "litmus", "sb"]]

    def test_no_line_is_wider_than_columns(self):
        for width in (60, 80):
            for args in self.COMMANDS:
                p = run_env({"COLUMNS": str(width)}, *args)
                self.assertIn(p.returncode, (0, 3, 5), f"{args}: {p.stderr}")
                for line in p.stdout.splitlines():
                    self.assertLessEqual(len(line), width, f"COLUMNS={width} {args}: {line!r}")

    def test_the_wrapped_command_line_is_the_command(self):
        args = ["counter", "--threads", "64", "--iters", "1000"]
        lines = run_env({"COLUMNS": "60"}, *args).stdout.splitlines()
        self.assertTrue(lines[0].endswith(" \\"), lines[0])
        first, i = lines[0], 1
        while first.endswith(" \\"):
            first = first[:-1] + lines[i].lstrip(" ")
            i += 1
        self.assertEqual(first, run_json(*args)["command"])

    def test_many_threads_name_their_cpus_as_ranges(self):
        out = run_env({"COLUMNS": "80"}, "counter", "--threads", "64", "--iters", "1000").stdout
        cpus = [line for line in out.splitlines() if line.startswith("  cpus      ")]
        self.assertEqual(len(cpus), 1, out)
        # (a system without sched_getcpu does not say which)
        self.assertRegex(cpus[0], r"^  cpus      64 threads( on CPUs? [0-9]|, on CPUs the system)")

    def test_columns_outside_60_to_200_is_taken_as_the_nearer(self):
        narrow = run_env({"COLUMNS": "20"}, "--help").stdout.splitlines()
        self.assertEqual(max(map(len, narrow)), 60)
        for bad in ("", "wide", "-5"):  # not a number: the default, 80
            lines = run_env({"COLUMNS": bad}, "--help").stdout.splitlines()
            self.assertEqual(max(map(len, lines)), 80, bad)


class Color(unittest.TestCase):
    """--color and NO_COLOR: escape codes only where they are asked for."""

    def text(self, env, *args):
        p = run_env(env, "counter", "--iters", "1000", *args)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout

    def test_a_pipe_gets_no_colour_unless_always(self):
        self.assertNotIn("\x1b", self.text({"NO_COLOR": None}))
        self.assertNotIn("\x1b", self.text({"NO_COLOR": "1"}, "--color", "auto"))
        self.assertNotIn("\x1b", self.text({"NO_COLOR": None}, "--color", "never"))

    def test_always_colours_a_pipe_even_with_no_color(self):
        for env in ({"NO_COLOR": None}, {"NO_COLOR": "1"}):
            out = self.text(env, "--color", "always", "--sync", "mutex")
            self.assertIn("\x1b[32mCORRECT\x1b[0m", out)
        out = run_env({}, "compare", "counter", "--iters", "1000", "--sync", "none,mutex",
                      "--color", "always").stdout
        self.assertIn("\x1b[", out)

    def test_json_and_csv_are_never_coloured(self):
        for fmt in ("json", "csv"):
            self.assertNotIn("\x1b", self.text({}, "--format", fmt))
            self.assertNotIn("\x1b", self.text({}, "--format", fmt, "--color", "never"))

    def test_always_with_a_format_without_colour_is_refused(self):
        for fmt in ("json", "csv"):
            p = run_env({}, "counter", "--format", fmt, "--color", "always")
            self.assertEqual(p.returncode, 2)
            self.assertEqual(p.stdout, "")
            self.assertRegex(p.stderr, r"^racedemo counter: --color always .*--format " + fmt)
            self.assertEqual(len(p.stderr.splitlines()), 1)
        p = run_env({}, "counter", "--color", "sometimes")
        self.assertEqual(p.returncode, 2)
        self.assertIn("--color expects one of auto, always, never", p.stderr)


class Json(unittest.TestCase):
    def test_configuration_trials_and_summary_of_a_correct_run(self):
        doc = run_json("counter", "-t", "3", "--sync", "mutex", "-n", "500", "--op", "sum",
                       "--trials", "5", "--seed", "42")
        self.assertEqual(doc["schema_version"], 1)
        self.assertEqual(doc["tool"], "racedemo")
        config = doc["config"]
        self.assertEqual(config["workload"], "counter")
        self.assertEqual(config["threads"], 3)
        self.assertEqual(config["sync"], "mutex")
        self.assertEqual(config["iters"], 500)
        self.assertEqual(config["op"], "sum")
        self.assertEqual(config["trials"], 5)
        self.assertIsNone(config["duration"])
        self.assertEqual(config["seed"], 42)
        expected = 3 * 500 * 501 // 2
        self.assertEqual(doc["expected"], expected)
        self.assertEqual(doc["ops_per_trial"], 1500)
        self.assertEqual(len(doc["trials"]), 5)
        for i, trial in enumerate(doc["trials"], 1):
            self.assertEqual(trial["trial"], i)
            self.assertEqual(trial["observed"], expected)
            self.assertEqual(trial["lost"], 0)
            self.assertIs(trial["correct"], True)
            self.assertGreater(trial["wall_ns"], 0)
            self.assertIsInstance(trial["ns_per_op"], float)
            self.assertEqual(trial["violations"], 0)
        summary = doc["summary"]
        self.assertEqual(summary["trials"], 5)
        self.assertEqual(summary["raced"], 0)
        self.assertEqual(summary["lost_max"], 0)
        self.assertEqual(summary["violations"], 0)
        self.assertEqual(summary["trials_with_violations"], 0)
        self.assertEqual([t["thread"] for t in summary["threads"]], [0, 1, 2])
        for t in summary["threads"]:
            self.assertIsInstance(t["cpu_ns"], int)
            self.assertIsNone(t["spins"])  # a mutex waits inside the C library
        self.assertTrue(0 <= summary["fair_median_percent"] <= 100)
        self.assertIs(summary["stuck"], False)
        self.assertEqual(summary["histogram"], [{"lost_from": 0, "lost_to": 0, "trials": 5}])
        self.assertIs(summary["interrupted"], False)

    def test_racy_run_fields_agree_with_each_other(self):
        doc = run_json("counter", "--trials", "50", "--iters", "2000")
        raced = 0
        for trial in doc["trials"]:
            self.assertEqual(trial["lost"], doc["expected"] - trial["observed"])
            self.assertEqual(trial["correct"], trial["lost"] == 0)
            self.assertAlmostEqual(trial["lost_percent"], 100 * trial["lost"] / doc["expected"],
                                   places=3)
            raced += not trial["correct"]
            self.assertIsNone(trial["violations"])
        summary = doc["summary"]
        self.assertEqual(summary["raced"], raced)
        self.assertIsNone(summary["violations"])
        self.assertIsNone(summary["fair_median_percent"])  # no lock: no order to be fair about
        self.assertTrue(all(t["cpu_ns"] is None for t in summary["threads"]))
        losts = sorted(t["lost"] for t in doc["trials"])
        self.assertEqual(summary["lost_min"], losts[0])
        self.assertEqual(summary["lost_max"], losts[-1])
        self.assertEqual(sum(b["trials"] for b in summary["histogram"]), 50)

    def test_configuration_round_trips(self):
        first = run_json("counter", "--threads", "2", "--sync", "tas", "--iters", "300",
                         "--trials", "3", "--seed", "9", "--no-pin")
        again = run_json(*argv_from_config(first["config"]))
        self.assertEqual(again["config"], first["config"])
        self.assertEqual(again["command"], first["command"])

    def test_cpus_pins_round_robin_onto_the_list(self):
        if not CAN_PIN:
            p = run("counter", "--threads", "3", "--cpus", "0", check_status=2)
            self.assertIn("--cpus: cannot pin here", p.stderr)
            doc = run_json("counter", "--threads", "3", "--iters", "1000")
            self.assertEqual(doc["placement"], "cannot-pin")
            for cpu in doc["cpus"]:
                self.assertTrue(cpu is None or isinstance(cpu, int))
            return
        doc = run_json("counter", "--threads", "3", "--cpus", "0", "--iters", "1000")
        self.assertEqual(doc["config"]["cpus"], "0")
        self.assertEqual(doc["placement"], "cpus-list")
        self.assertEqual(doc["cpus"], [0, 0, 0])
        if 63 not in os.sched_getaffinity(0):
            p = run("counter", "--cpus", "63", check_status=2)
            self.assertIn("--cpus: CPU 63 is not one racedemo may run on here", p.stderr)

    def test_a_widened_window_races_even_on_one_cpu(self):
        # One CPU, and a sched_yield between every load and its store: each
        # step hands the CPU to the other thread, so updates are lost.
        out = run("counter", *ONE_CPU, "--window", "yield", "--iters", "1000").stdout
        self.assertIn("window    widened: one sched_yield between each load and its store", out)
        self.assertIn("verdict   RACE", out)

    def test_random_seed_is_reported_as_the_number_used(self):
        a = run_json("counter", "-n", "10", "--seed", "random")["config"]["seed"]
        b = run_json("counter", "-n", "10", "--seed", "random")["config"]["seed"]
        self.assertIsInstance(a, int)
        self.assertNotEqual(a, b)

    def test_duration_reports_how_many_trials_ran(self):
        doc = run_json("counter", "--sync", "mutex", "-n", "100", "--duration", "1")
        self.assertIsNone(doc["config"]["trials"])
        self.assertEqual(doc["config"]["duration"], 1)
        self.assertGreater(doc["summary"]["trials"], 1)
        self.assertEqual(len(doc["trials"]), doc["summary"]["trials"])
        self.assertGreaterEqual(doc["summary"]["elapsed_ns"], 10**9)


    def test_more_trials_than_a_result_keeps_are_all_streamed(self):
        # A result keeps its first 10,000 trials; JSON and CSV write every
        # trial as it completes, so the output has them all, numbered.
        n = 12000
        doc = run_json("counter", "-n", "1", "--trials", str(n))
        self.assertEqual(doc["summary"]["trials"], n)
        self.assertEqual(doc["summary"]["trials_listed"], n)
        self.assertEqual([t["trial"] for t in doc["trials"]], list(range(1, n + 1)))
        self.assertEqual(sum(1 for t in doc["trials"] if not t["correct"]), doc["summary"]["raced"])
        lost = sorted(t["lost"] for t in doc["trials"])
        self.assertEqual(doc["summary"]["lost_median"], (lost[n // 2 - 1] + lost[n // 2]) / 2)
        self.assertIs(doc["summary"]["lost_median_exact"], True)
        self.assertEqual(sum(b["trials"] for b in doc["summary"]["histogram"]), n)
        # Past the kept trials, the time median comes from a histogram:
        # exact, or within 1/128 of the true one.
        walls = sorted(t["wall_ns"] for t in doc["trials"])
        median = doc["summary"]["wall_median_ns"]
        self.assertLessEqual(abs(median - walls[n // 2]), walls[n // 2] / 128)
        rows = list(csv.DictReader(io.StringIO(run("counter", "-n", "1", "--trials", str(n),
                                                   "--format", "csv").stdout)))
        self.assertEqual([int(r["trial"]) for r in rows], list(range(1, n + 1)))

    def test_text_says_how_many_trials_it_kept(self):
        out = run("counter", "-n", "1", "--trials", "10001", "--verbose").stdout
        self.assertIn("  (the first 10,000 of 10,001 trials: a run keeps no more; "
                      "--format json or csv lists all)\n", out)
        self.assertIn("\n    10000  ", out)
        self.assertNotIn("\n    10001  ", out)
        out = run("counter", "-n", "1", "--trials", "10001").stdout
        self.assertIn("  (20 of 10,001 trials shown; --verbose shows the first 10,000, "
                      "--format json or csv all)\n", out)

    def test_totals_say_whether_they_are_counts_or_amounts(self):
        # --op sum adds i, not 1: its totals are an amount, never a count
        # of additions (only 2 x 300 of them ran).
        doc = run_json("counter", "--op", "sum", "--iters", "300")
        self.assertEqual(doc["totals"], "amount")
        self.assertEqual(doc["ops_per_trial"], 600)
        self.assertEqual(run_json("counter", "--iters", "300")["totals"], "count")
        self.assertEqual(run_json("bank", "--transfers", "300")["totals"], "amount")
        text = run("counter", "--op", "sum", "--iters", "300").stdout
        self.assertRegex(text, r"\n  short by +[0-9,]+  \(")
        self.assertNotIn("additions were lost", text)
        self.assertNotIn("\n  lost ", text)
        if "verdict   RACE:" in text:  # whether it races is up to the scheduler
            self.assertRegex(text, r"verdict   RACE: the sum is [0-9,]+ short of 90,300;")
        else:
            self.assertIn("verdict   NO RACE SEEN: the sum is the expected 90,300,", text)

    def test_bank_names_money_created_and_destroyed_never_a_negative_loss(self):
        text = run("bank", "--trials", "20", "--transfers", "5000").stdout
        self.assertIn("\n  off by    min ", text)
        self.assertNotIn("\n  lost ", text)
        self.assertNotIn("-0.00%", text)
        self.assertNotRegex(text, r"lost +-")
        self.assertIn("  outcomes  off by ", text)


class Csv(unittest.TestCase):
    HEADER = ["workload", "sync", "threads", "trial", "expected", "observed", "lost",
              "lost_percent", "correct", "wall_ns", "overlap_ns", "ns_per_op", "violations",
              "verdict", "budget_cut", "reruns", "iters", "seed"]

    def test_no_header_leaves_out_the_header_and_is_refused_without_csv(self):
        text = run("counter", "--trials", "3", "--iters", "100", "--format", "csv",
                   "--no-header").stdout
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual(len(rows), 3)
        self.assertEqual([r[0] for r in rows], ["counter"] * 3)
        text = run("compare", "counter", "--sync", "none,mutex", "--iters", "100", "--format",
                   "csv", "--no-header").stdout
        self.assertEqual([r[1] for r in csv.reader(io.StringIO(text))], ["none", "mutex"])
        for args in (["counter"], ["counter", "--format", "json"],
                     ["compare", "counter", "--format", "json"]):
            p = run(*args, "--no-header", "--iters", "100", check_status=2)
            self.assertEqual(p.returncode, 2)
            self.assertIn("--no-header leaves out the CSV header row", p.stderr)

    def test_rows_carry_iters_and_seed(self):
        text = run("bank", "--transfers", "100", "--seed", "7", "--trials", "2", "--format",
                   "csv").stdout
        rows = list(csv.DictReader(io.StringIO(text)))
        self.assertEqual([(r["iters"], r["seed"]) for r in rows], [("100", "7")] * 2)

    def test_a_thousand_trials_make_a_header_and_a_thousand_rows(self):
        text = run("counter", "--trials", "1000", "--iters", "1000", "--format", "csv").stdout
        self.assertEqual(len(text.splitlines()), 1001)
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual(rows[0], self.HEADER)
        for i, row in enumerate(rows[1:], 1):
            rec = dict(zip(self.HEADER, row))
            self.assertEqual(rec["workload"], "counter")
            self.assertEqual(int(rec["trial"]), i)
            self.assertEqual(int(rec["expected"]), 2000)
            self.assertEqual(int(rec["lost"]), 2000 - int(rec["observed"]))
            self.assertEqual(rec["correct"], "true" if rec["lost"] == "0" else "false")
            float(rec["ns_per_op"])
            self.assertEqual(rec["violations"], "")  # none: nothing claims exclusion
            # none promises nothing: a right total is only "no race seen".
            self.assertEqual(rec["verdict"], "NO_RACE_SEEN" if rec["lost"] == "0" else "RACE")

    def test_a_stalled_run_is_a_row_with_its_verdict(self):
        p = run("counter", "--sync", "flags-set-first", "--timeout", "1", "--format", "csv",
                check_status=None)
        rows = list(csv.reader(io.StringIO(p.stdout)))
        if p.returncode == 0:  # no deadlock this time: every trial completed
            self.assertEqual(rows[-1][rows[0].index("verdict")], "CORRECT")
            return
        self.assertEqual(p.returncode, 3)
        rec = dict(zip(self.HEADER, rows[-1]))
        self.assertEqual((rec["sync"], rec["observed"], rec["verdict"]),
                         ("flags-set-first", "", "STUCK"))


class Reruns(unittest.TestCase):
    # One update each: a thread can be done before the other has started,
    # so trials whose threads never overlapped are likely (never certain).
    def test_reruns_are_counted_per_trial_and_in_all(self):
        doc = run_json("counter", "--iters", "1", "--trials", "30")
        trials = doc["trials"]
        self.assertEqual(len(trials), 30)
        for t in trials:
            self.assertIn(t["reruns"], range(0, 8))  # run.c's RUN_RERUN_LIMIT: 7
        self.assertEqual(doc["summary"]["reruns"], sum(t["reruns"] for t in trials))

    def test_the_text_says_how_many_were_run_again_and_why(self):
        text = run("counter", "--iters", "1", "--trials", "30").stdout
        lines = [line for line in text.splitlines() if line.startswith("  rerun ")]
        if lines:
            self.assertRegex(lines[0], r"^  rerun     [\d,]+ trials? in which the threads never "
                                       r"overlapped (was|were)")
        one = run("counter", "--iters", "1").stdout
        m = re.search(r"\n  rerun     this trial ran (\d+) times: in the first (\d+) the "
                      r"threads never", one)
        if m:
            self.assertEqual(int(m.group(1)), int(m.group(2)) + 1)
            self.assertLessEqual(int(m.group(2)), 7)  # RUN_RERUN_LIMIT, src/run/run.c


class Trace(unittest.TestCase):
    def test_the_trace_is_in_the_json_too(self):
        doc = run_json("counter", "--trace", "50", "--iters", "1000")
        trace = doc["trace"]
        self.assertEqual(trace["recorded"], 100)  # 50 updates of each of 2 threads
        for e in trace["events"]:
            self.assertIn(e["op"], ("load", "store"))
            self.assertIn(e["thread"], (0, 1))
        self.assertEqual(any(e["lost"] for e in trace["events"]), trace["lost_update_found"])

    def test_no_load_is_shown_before_the_store_it_read(self):
        # Real traces: whatever the run, the steps shown are in an order
        # that fits the values (or none is shown).
        for _ in range(20):
            trace = run_json("counter", "--trace", "40")["trace"]
            events = trace["events"]
            if events:
                self.assertEqual(trace["order"], "values")
            stored = {e["value"] for e in events if e["op"] == "store"}
            for i, e in enumerate(events):
                if e["op"] != "load" or e["value"] not in stored:
                    continue
                before = [x for x in events[:i] if x["op"] == "store"]
                if before:
                    self.assertEqual(before[-1]["value"], e["value"], events)


class Compare(unittest.TestCase):
    def test_json_has_a_run_per_strategy_and_locks_are_exact(self):
        doc = run_json("compare", "counter", "--trials", "3", "--iters", "2000", "--timeout", "1")
        self.assertEqual(doc["compare"], "counter")
        names = [r["sync"] for r in doc["runs"]]
        self.assertEqual(names, ALL)
        for r in doc["runs"]:
            self.assertIsNone(r["skipped"])
            self.assertEqual(r["result"]["config"]["sync"], r["sync"])
            if stalled_by_design(r["result"]["summary"]):
                continue
            self.assertIs(r["result"]["summary"]["stuck"], False)
            # compare's 3 s budget per strategy can stop a slow machine's
            # (or qemu's) row between trials, and says so.
            if r["result"]["summary"]["budget_stopped"]:
                self.assertLessEqual(r["result"]["summary"]["trials"], 3)
            else:
                self.assertEqual(r["result"]["summary"]["trials"], 3)
            if r["sync"] not in NOT_EXCLUSIVE:
                self.assertEqual(r["result"]["summary"]["raced"], 0, r["sync"])

    @staticmethod
    def table_rows(out):
        """The strategies of compare's table, in order (the first block
        whose first line is the column titles)."""
        for block in out.split("\n\n"):
            lines = block.splitlines()
            if lines and lines[0].startswith("  strategy "):
                return [line.split()[0] for line in lines[1:]]
        return []

    def test_text_table_has_the_chosen_rows_in_their_order_and_skips_with_a_reason(self):
        out = run("compare", "counter", "--sync", "mutex,peterson,tas", "-t", "33",
                  "-n", "200").stdout
        self.assertEqual(self.table_rows(out), ["mutex", "peterson", "tas"])
        self.assertIn("peterson skipped: --sync peterson works with 1 to 32 threads", out)
        self.assertRegex(out, r"\n  strategy +vs mutex  bar\n")
        self.assertRegex(out, r"\n  mutex +1\.00x  #+\n")

    def test_the_overlap_column_is_the_share_of_time_the_threads_worked_at_once(self):
        out = run("compare", "counter", "--sync", "none,mutex", "-n", "1000").stdout
        self.assertRegex(out, r"\n  strategy +expected +observed +lost overlap  verdict")
        for name in ("none", "mutex"):
            self.assertRegex(out, rf"\n  {name} +2,000 +[\d,]+ +[\d,]+ +\d+%  [A-Z]")
        doc = run_json("compare", "counter", "--sync", "none,mutex", "-n", "1000")
        for r in doc["runs"]:
            s = r["result"]["summary"]
            self.assertGreaterEqual(s["overlap_percent"], 0)
            self.assertLessEqual(s["overlap_percent"], 100)
        out = run("compare", "counter", "--sync", "none", "-n", "1000", "-t", "1").stdout
        self.assertRegex(out, r"\n  none +1,000 +1,000 +0 +-  CORRECT")

    def test_the_order_given_is_kept_and_all_is_the_registry_order(self):
        out = run("compare", "counter", "--sync", "tas,none,atomic", "-n", "1000").stdout
        self.assertEqual(self.table_rows(out), ["tas", "none", "atomic"])
        self.assertEqual(self.table_rows(run("compare", "counter", "--sync", "all", "-n", "100",
                                             "--timeout", "1").stdout), ALL)

    def test_the_baseline_without_mutex_is_named_in_a_note(self):
        # Both promise exclusion and cannot stall: every trial is right, so
        # the fastest of the two is the baseline, whichever it is.
        out = run("compare", "counter", "--sync", "tas,ttas", "-n", "1000").stdout
        m = re.search(r"\n  strategy +vs (tas|ttas)  bar\n", out)
        self.assertTrue(m, out)
        self.assertIn(f"\n  vs {m.group(1)}: times relative to {m.group(1)}, the fastest "
                      "strategy with every trial right (mutex was not run)\n", out)
        self.assertRegex(out, rf"\n  {m.group(1)} +1\.00x  #+\n")
        # With mutex there, it is the baseline and needs no note.
        out = run("compare", "counter", "--sync", "tas,mutex", "-n", "1000").stdout
        self.assertRegex(out, r"\n  strategy +vs mutex  bar\n")
        self.assertNotRegex(out, r"\n  vs \S+: ")

    def test_the_bars_scale_is_said_and_fits_the_times(self):
        out = run("compare", "counter", "--sync", "none,mutex,peterson", "-n", "20000").stdout
        m = re.search(r"\n  bars: median ns per increment, (linear|log scale) "
                      r"\(the longest is ([\d,.]+)x the shortest\)\n", out)
        self.assertTrue(m, out)
        span = float(m.group(2).replace(",", ""))
        if span != 30:  # printed rounded: at 30 either can be right
            self.assertEqual(m.group(1) == "log scale", span > 30, out)

    def test_compare_streams_each_row_as_its_strategy_finishes(self):
        # mutex's 200 trials take a second or so, none's a few ms: none's
        # row (and the titles before it) must be read long before the end.
        seen = []
        with subprocess.Popen([BIN, "compare", "counter", "--sync", "none,mutex", "--iters",
                               "100000", "--trials", "200", "--timeout", "10"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as p:
            for line in p.stdout:
                seen.append((time.monotonic(), line))
            end = time.monotonic()
            _, err = finish(p, 60)
        self.assertEqual(p.returncode, 0, err)
        self.assertEqual(err, "")  # no progress line but on a terminal
        first = [t for t, line in seen if line.startswith("  none ")]
        titles = [t for t, line in seen if line.startswith("  strategy ")]
        self.assertTrue(first and titles, "".join(line for _, line in seen))
        self.assertLessEqual(titles[0], first[0])
        self.assertGreater(end - first[0], 0.2, f"none's row came {end - first[0]:.3f} s before the end")
        self.assertEqual(seen[0][1].split()[:3], ["racedemo", "compare", "counter"])

    def test_json_and_csv_list_every_trial_past_what_a_result_keeps(self):
        # Streamed as a free run's: each strategy's 10,002 trials all there,
        # numbered, not its first 10,000 (what a result keeps).
        n = 10002
        args = ["compare", "counter", "--sync", "none,mutex", "-n", "1", "--trials", str(n),
                "--budget", "off"]
        doc = run_json(*args)
        for r in doc["runs"]:
            self.assertEqual([t["trial"] for t in r["result"]["trials"]], list(range(1, n + 1)))
            self.assertEqual(r["result"]["summary"]["trials_listed"], n)
        rows = list(csv.DictReader(io.StringIO(run(*args, "-f", "csv").stdout)))
        for sync in ("none", "mutex"):
            self.assertEqual([int(r["trial"]) for r in rows if r["sync"] == sync],
                             list(range(1, n + 1)))

    def test_csv_has_one_header_and_rows_of_every_strategy(self):
        text = run("compare", "counter", "-T", "2", "-n", "100", "-f", "csv",
                   "--timeout", "1").stdout
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual(rows[0], Csv.HEADER)
        per_sync = {name: 0 for name in ALL}
        stuck = set()
        verdict = rows[0].index("verdict")
        for r in rows[1:]:
            per_sync[r[1]] += 1
            if r[verdict] == "STUCK":
                stuck.add(r[1])
        for name, count in per_sync.items():
            # A stalled strategy has the trials completed before it stalled,
            # and a row for the one that stalled.
            self.assertEqual(count, 2, name) if name not in stuck else self.assertLessEqual(count, 3)
        for r in rows[1:]:
            self.assertIn(r[verdict], ("CORRECT", "NO_RACE_SEEN", "RACE", "STUCK"), r)


class Bank(unittest.TestCase):
    METRICS = ["audits", "audits_wrong", "audit_low", "audit_high"]

    def test_json_trials_carry_the_audits_and_the_summary_combines_them(self):
        doc = run_json("bank", "--accounts", "10", "--transfers", "2000", "--trials", "5")
        self.assertEqual(doc["unit"], "$")
        self.assertEqual(doc["expected"], 10000)
        self.assertEqual(doc["ops_per_trial"], 4000)
        self.assertEqual([t["role"] for t in doc["summary"]["threads"]],
                         ["worker", "worker", "auditor"])
        self.assertEqual(len(doc["cpus"]), 3)
        trials = doc["trials"]
        for t in trials:
            self.assertEqual(t["lost"], 10000 - t["observed"])
            self.assertLessEqual(t["audits_wrong"], t["audits"])
            # A trial in which no audit ran has no audit range.
            self.assertEqual(t["audit_low"] is None, t["audits"] == 0)
            self.assertEqual(t["audit_high"] is None, t["audits"] == 0)
            if t["audits"]:
                self.assertLessEqual(t["audit_low"], t["audit_high"])
            self.assertEqual(t["correct"], t["lost"] == 0 and t["audits_wrong"] == 0)
        summary = doc["summary"]
        self.assertEqual(summary["audits"], sum(t["audits"] for t in trials))
        self.assertEqual(summary["audits_wrong"], sum(t["audits_wrong"] for t in trials))
        audited = [t for t in trials if t["audits"]]
        self.assertEqual(summary["audit_low"], min((t["audit_low"] for t in audited), default=None))
        self.assertEqual(summary["audit_high"], max((t["audit_high"] for t in audited), default=None))
        self.assertEqual(summary["raced"], sum(not t["correct"] for t in trials))

    def test_a_locked_bank_is_exact_in_every_audit(self):
        for lock in ["bank", "account"]:
            doc = run_json("bank", "--sync", "ticket", "--lock", lock, "--threads", "3",
                           "--accounts", "20", "--transfers", "3000", "--trials", "3")
            self.assertEqual(len(doc["trials"]), 3, lock)
            for t in doc["trials"]:
                self.assertEqual(t["observed"], 20000)
                self.assertEqual(t["audits_wrong"], 0)
                # An audit runs only while transfers do: on a slow machine
                # (arm64 under qemu) a trial may end before the first one.
                expected = (20000, 20000) if t["audits"] else (None, None)
                self.assertEqual((t["audit_low"], t["audit_high"]), expected)
                self.assertEqual(t["violations"], 0)
            self.assertEqual(doc["summary"]["raced"], 0)

    def test_csv_adds_the_audit_columns_at_the_end(self):
        text = run("bank", "--trials", "3", "--transfers", "1000", "-f", "csv").stdout
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual(rows[0], Csv.HEADER[:-5] + self.METRICS + ["verdict", "budget_cut", "reruns", "iters", "seed"])
        self.assertEqual(len(rows), 4)
        for row in rows[1:]:
            rec = dict(zip(rows[0], row))
            self.assertEqual(rec["workload"], "bank")
            self.assertEqual(int(rec["expected"]), 10000000)
            self.assertEqual(int(rec["lost"]), 10000000 - int(rec["observed"]))
            # No audit, no range: the cells are empty, never a number.
            self.assertEqual(rec["audit_low"] == "", rec["audits"] == "0")
            self.assertEqual(rec["audit_high"] == "", rec["audits"] == "0")

    def test_a_stalled_bank_names_the_auditor(self):
        # flags-set-first between one teller and the auditor: both raise
        # their flags and wait; the watchdog stops it.
        p = run("bank", "--sync", "flags-set-first", "--threads", "1", "--timeout", "1",
                check_status=None)
        if p.returncode == 3:
            self.assertIn("of 100,000 transfers", p.stdout)
            self.assertRegex(p.stdout, r"the auditor: [0-9,]+ audits? done by then")
        else:  # it may, rarely, get through all 100,000 transfers
            self.assertEqual(p.returncode, 0)

    def test_compare_bank_skips_two_thread_strategies_and_keeps_locks_exact(self):
        doc = run_json("compare", "bank", "--accounts", "10", "--transfers", "2000",
                       "--trials", "2", "--timeout", "1")
        for r in doc["runs"]:
            if r["sync"] in TWO_THREADS_ONLY:
                self.assertIn("bank's auditor is one of them", r["skipped"])
            elif r["sync"] not in NOT_EXCLUSIVE and r["sync"] != "atomic":
                self.assertEqual(r["result"]["summary"]["trials"], 2, r["sync"])
                self.assertEqual(r["result"]["summary"]["raced"], 0, r["sync"])
            elif r["sync"] == "atomic":
                self.assertEqual(len(r["result"]["trials"]), 2)
                for t in r["result"]["trials"]:
                    self.assertEqual(t["observed"], 10000)  # no update lost

    def test_compare_check_follows_the_verdicts_as_a_single_run_does(self):
        # --check means one thing everywhere: exit 1 if some result is wrong
        # (verdict RACE), whichever strategy it was and whatever it guarded.
        for args in (["--sync", "atomic,mutex", "--accounts", "100"],
                     ["--sync", "mutex,ticket", "--audit-unlocked"]):
            p = run("compare", "bank", *args, "--transfers", "5000", "--check", "-f", "json",
                    check_status=None)
            verdicts = [r["result"]["summary"]["verdict"] for r in json.loads(p.stdout)["runs"]]
            self.assertEqual(p.returncode, 1 if "RACE" in verdicts else 0, verdicts)
        # A single run's --check follows its verdict, audits included.
        p = run("bank", "--sync", "atomic", "--accounts", "100", "--check", "-f", "json",
                check_status=None)
        self.assertEqual(p.returncode, 0 if json.loads(p.stdout)["summary"]["raced"] == 0 else 1)


class Queue(unittest.TestCase):
    METRICS = ["cycle", "tail_stale", "tail_lost", "out_of_order"]

    def test_json_fields_agree_and_correct_strategies_keep_every_node(self):
        for sync in ["mutex", "atomic", "ticket"]:
            doc = run_json("queue", "--sync", sync, "--threads", "3", "--iters", "2000",
                           "--trials", "3", "--show", "4")
            self.assertEqual(doc["expected"], 6004)
            for t in doc["trials"]:
                self.assertEqual((t["observed"], t["lost"]), (6004, 0), sync)
                self.assertEqual([t[k] for k in self.METRICS], [0, 0, 0, 0], sync)
                self.assertIs(t["correct"], True)
            self.assertEqual([th["lost"] for th in doc["summary"]["threads"]], [0, 0, 0])
            self.assertEqual((doc["breaks"], doc["breaks_shown"]), (0, []))

    def test_forced_interleaving_loses_nodes_and_shows_where(self):
        # Both threads on one CPU with a sched_yield between reading the
        # tail and moving it: each read hands the CPU to the other thread,
        # which reads the same tail.
        doc = run_json("queue", *ONE_CPU, "--window", "yield", "--iters", "1000",
                       "--show", "3")
        t = doc["trials"][0]
        self.assertGreater(t["lost"], 0)
        self.assertIs(t["correct"], False)
        self.assertEqual(sum(th["lost"] for th in doc["summary"]["threads"]), t["lost"])
        self.assertGreater(doc["breaks"], 0)
        shown = doc["breaks_shown"]
        self.assertEqual(len(shown), min(3, doc["breaks"]))
        for b in shown:
            self.assertIn(b["lost"]["thread"], (0, 1))
            self.assertEqual(set(b), {"lost", "after", "now"})
        out = run("queue", *ONE_CPU, "--window", "yield", "--iters", "1000",
                  "--show", "3").stdout
        self.assertRegex(out, r"broken    the list broke in [0-9,]+ place")
        self.assertRegex(out, r"\n            \S+ -> [AB][0-9]+ was overwritten by \S+ -> \S+\n")

    def test_csv_adds_the_list_columns_at_the_end(self):
        text = run("queue", "--trials", "2", "--iters", "500", "-f", "csv").stdout
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual(rows[0], Csv.HEADER[:-5] + self.METRICS + ["verdict", "budget_cut", "reruns", "iters", "seed"])
        self.assertEqual(len(rows), 3)

    def test_compare_queue_runs_every_strategy(self):
        doc = run_json("compare", "queue", "--iters", "2000", "--trials", "2", "--timeout", "1")
        self.assertEqual([r["sync"] for r in doc["runs"]], ALL)
        for r in doc["runs"]:
            if stalled_by_design(r["result"]["summary"]):
                continue
            if r["sync"] not in NOT_EXCLUSIVE:
                self.assertEqual(r["result"]["summary"]["raced"], 0, r["sync"])


class Prodcons(unittest.TestCase):
    def test_prodcons_widens_its_window_unless_told_and_says_so(self):
        # prodcons's free runs widen the window between the test of count
        # and the sleep by default; the report and the command line that
        # repeats the run say so, and --window 0 (the seed as written) is
        # repeated as given. Whatever the run's verdict (status 0 or 5).
        widened = run("prodcons", "--items", "1000", check_status=None)
        self.assertIn(widened.returncode, (0, 5), widened.stderr)
        self.assertIn("--window 30", widened.stdout)
        self.assertIn("window    widened: 30 CPU pauses between each load and its store, "
                      "and between", widened.stdout)
        bare = run("prodcons", "--items", "1000", "--window", "0", check_status=None)
        self.assertIn(bare.returncode, (0, 5), bare.stderr)
        self.assertIn("--window 0", bare.stdout)
        self.assertNotIn("window    widened", bare.stdout)
        doc = json.loads(run("prodcons", "--items", "1000", "--window", "0", "--format", "json",
                             check_status=None).stdout)
        self.assertEqual(doc["config"]["window"], 0)
        self.assertIn("--window 0", doc["command"])
        self.assertIsNone(run_json("counter", "--iters", "10")["config"]["window"])
        self.assertIn("default 0; prodcons: 30", run("prodcons", "--help").stdout)
        # A replay takes no --window: none is added to it.
        replay = run("prodcons", "--schedule", "random", check_status=None)
        self.assertNotIn("--window", replay.stdout)

    METRICS = ["consumed_twice", "empty_taken", "out_of_order", "count_off", "wakeups_lost"]

    def test_correct_strategies_deliver_every_item_and_the_json_says_so(self):
        for sync in ["mutex", "semaphore", "ticket"]:
            doc = run_json("prodcons", "--sync", sync, "--producers", "2", "--consumers", "3",
                           "--items", "3000", "--slots", "4", "--trials", "2")
            self.assertEqual(doc["config"]["producers"], 2)
            self.assertNotIn("threads", doc["config"])  # prodcons does not take --threads
            self.assertEqual(doc["expected"], 6000)
            self.assertEqual(doc["ops_per_trial"], 6000)
            self.assertEqual([t["role"] for t in doc["summary"]["threads"]],
                             ["producer"] * 2 + ["consumer"] * 3)
            self.assertEqual(len(doc["trials"]), 2, sync)
            for t in doc["trials"]:
                self.assertEqual((t["observed"], t["lost"]), (6000, 0), sync)
                self.assertEqual([t[k] for k in self.METRICS[:4]], [0, 0, 0, 0], sync)
                self.assertIs(t["correct"], True)
            self.assertIs(doc["summary"]["deadlock"], False)

    def test_the_seed_protocol_ends_in_deadlock_or_a_verdict_never_a_hang(self):
        for _ in range(3):
            p = run("prodcons", "--format", "json", check_status=None)
            doc = json.loads(p.stdout)
            summary = doc["summary"]
            if p.returncode == 5:
                self.assertIs(summary["stuck"], True)
                self.assertIs(summary["deadlock"], True)
                roles = [t["role"] for t in summary["stuck_threads"]]
                self.assertEqual(roles, ["producer", "consumer"])
                if summary["all_asleep"]:
                    # Every thread that had not finished was asleep.
                    for t in summary["stuck_threads"]:
                        self.assertTrue(t["asleep"] or t["updates_done"] >= t["updates"], t)
            else:
                self.assertEqual(p.returncode, 0)
                self.assertEqual(len(doc["trials"]), 1)

    def test_deadlock_text_names_who_slept(self):
        p = run("prodcons", check_status=None)
        if p.returncode == 5:
            self.assertRegex(p.stdout, r"verdict   DEADLOCK: ")
            self.assertRegex(p.stdout, r"producer A: \S.*, after putting [0-9,]+ of 100,000 items")
            self.assertRegex(p.stdout, r"consumer B: \S.*, after taking [0-9,]+ items?")
        else:
            self.assertEqual(p.returncode, 0)

    def test_csv_adds_the_buffer_columns_at_the_end(self):
        text = run("prodcons", "--sync", "mutex", "--items", "500", "--trials", "2",
                   "-f", "csv").stdout
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual(rows[0], Csv.HEADER[:-5] + self.METRICS + ["verdict", "budget_cut", "reruns", "iters", "seed"])
        self.assertEqual(len(rows), 3)


class ExitStatus(unittest.TestCase):
    def test_a_race_is_success_without_check(self):
        run("counter", "--trials", "20", "--iters", "1000", check_status=0)

    def test_check_fails_exactly_when_a_trial_was_wrong(self):
        p = run("counter", "--trials", "20", "--iters", "1000", "--check", "-f", "json",
                check_status=None)
        raced = json.loads(p.stdout)["summary"]["raced"]
        self.assertEqual(p.returncode, 1 if raced else 0)
        run("counter", "--sync", "tas", "--trials", "20", "--check", check_status=0)
        run("compare", "counter", "-n", "1000", "--sync", "mutex,tas,ticket", "--check",
            check_status=0)
        # The seed's attempts lose updates under --schedule, so compare
        # --check fails as soon as one of them shows a wrong total.
        p = run("compare", "counter", "-n", "100000", "--sync", "none,mutex", "--trials", "20",
                "--check", "-f", "json", check_status=None)
        verdicts = [r["result"]["summary"]["verdict"] for r in json.loads(p.stdout)["runs"]]
        self.assertEqual(p.returncode, 1 if "RACE" in verdicts else 0, verdicts)

    def interrupt(self, sig, status):
        # The signal goes once a trial has completed (its JSON row came
        # down the pipe): a signal caught before the first trial leaves
        # none to report, which other tests check.
        # Unbuffered: a line read leaves the rest for communicate().
        p = subprocess.Popen([BIN, "counter", "--sync", "mutex", "--iters", "1000", "--trials",
                              "10000000", "--format", "json"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, bufsize=0)
        head = []
        while True:
            line = p.stdout.readline()
            head.append(line)
            if not line or line.startswith(b'    {"trial": 1,'):
                break
        p.send_signal(sig)
        out, _ = finish(p, 60)
        self.assertEqual(p.returncode, status)
        doc = json.loads((b"".join(head) + out).decode())
        self.assertIs(doc["summary"]["interrupted"], True)
        self.assertGreaterEqual(doc["summary"]["trials"], 1)
        self.assertEqual(doc["summary"]["verdict"], "CORRECT")

    def test_ctrl_c_prints_the_completed_trials_and_exits_130(self):
        self.interrupt(signal.SIGINT, 130)

    def stop_one_long_trial(self, args, sig, status, fmt="text"):
        """One trial far too long to finish (a billion updates), signalled
        once the run has begun: it must be given up (a quarter of a second's grace)
        and not reported as a trial. Bounded generously, for a busy machine
        (two CPU hogs took it to 6 s once): 10 s to exit at all."""
        p = subprocess.Popen([BIN, *args, "--format", fmt], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        wait_caught(p, sig)
        p.send_signal(sig)
        try:
            out, err = p.communicate(timeout=10 * SLOWDOWN)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            self.fail(f"racedemo {' '.join(args)} still running 10 s after the signal")
        self.assertEqual(p.returncode, status, (args, err))
        self.assertIn("racedemo: stopping; a trial not over in a quarter of a second is given up",
                      err)
        return out

    def test_ctrl_c_during_the_only_trial_still_exits_130(self):
        # No lock, so no stall to watch for: the racy loops themselves see
        # the stop, between stretches of a few thousand updates.
        out = self.stop_one_long_trial(["counter", "--sync", "atomic", "--iters", "1G"],
                                       signal.SIGINT, 130)
        self.assertIn("trials    none completed in", out)
        self.assertIn("(interrupted)", out)
        self.assertIn("verdict   none: no trial completed", out)

    def test_a_stop_ends_one_long_trial_of_every_workload(self):
        runs = [["counter", "--sync", "atomic", "--threads", "8", "--iters", "1G"],
                ["counter", "--iters", "1G", "--window", "100"],
                ["counter", "--iters", "1G", "--op", "sum", "--threads", "8"],
                ["counter", "--procs", "--threads", "8", "--iters", "1G"],
                ["bank", "--transfers", "1G"],
                ["bank", "--sync", "atomic", "--transfers", "1G"],
                ["queue", "--iters", "1M", "--window", "1000"],
                ["prodcons", "--sync", "tas", "--items", "30M"]]
        # A workload not named above (a new one): its size options at the
        # most its --help allows.
        named = {args[0] for args in runs}
        runs += [[w.name] + [a for k in w.size_opts() for a in (f"--{k}", str(w.opts[k]["hi"]))]
                 for w in workloads_from_list() if w.name not in named]
        for args in runs:
            with self.subTest(args=args):
                out = self.stop_one_long_trial(args, signal.SIGTERM, 143)
                self.assertIn("verdict   none: no trial completed", out)

    def test_a_trial_given_up_is_not_a_trial_in_json_or_csv(self):
        doc = json.loads(self.stop_one_long_trial(["bank", "--transfers", "1G"], signal.SIGINT,
                                                  130, "json"))
        self.assertEqual(doc["trials"], [])
        self.assertEqual(doc["summary"]["trials"], 0)
        self.assertIs(doc["summary"]["interrupted"], True)
        self.assertEqual(doc["summary"]["verdict"], "NONE")
        rows = list(csv.reader(io.StringIO(self.stop_one_long_trial(
            ["counter", "--iters", "1G", "--window", "100"], signal.SIGINT, 130, "csv"))))
        self.assertEqual(len(rows), 1)  # the header alone
        self.assertEqual(rows[0][0], "workload")

    def test_sigterm_does_the_same_and_exits_143(self):
        self.interrupt(signal.SIGTERM, 143)

    def test_a_stalled_run_is_reported_stuck_with_status_3(self):
        start = time.monotonic()
        p = run("counter", "--sync", "turn", "--iters", "1000", "--first-iters", "10",
                "--timeout", "1", check_status=3)
        self.assertLess(time.monotonic() - start, 30)
        self.assertIn("verdict   STUCK: no thread made progress for 1.000 s", p.stdout)
        self.assertIn("thread A: finished all 10 increments", p.stdout)
        self.assertIn("thread B: waiting to enter, after 10 of 1,000 increments", p.stdout)
        doc = json.loads(run("counter", "--sync", "turn", "--iters", "1000", "--first-iters", "10",
                             "--timeout", "1", "-f", "json", check_status=3).stdout)
        self.assertIs(doc["summary"]["stuck"], True)
        self.assertEqual(doc["summary"]["stuck_threads"],
                         [{"thread": 0, "role": "worker", "updates_done": 10, "updates": 10,
                           "asleep": False},
                          {"thread": 1, "role": "worker", "updates_done": 10, "updates": 1000,
                           "asleep": False}])
        self.assertIs(doc["summary"]["deadlock"], False)

    def test_a_stopped_worker_process_is_stalled_with_status_3(self):
        # kill -STOP to one worker process: it can never finish its trial,
        # so within --timeout the run ends STALLED, naming it, all reaped.
        p = subprocess.Popen([BIN, "counter", "--procs", "--sync", "none", "--trials", "1000000",
                              "--iters", "10000", "--timeout", "1", "-f", "json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        children, deadline = [], time.monotonic() + 20
        while len(children) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
            with open(f"/proc/{p.pid}/task/{p.pid}/children") as f:
                children = sorted(int(c) for c in f.read().split())
        self.assertEqual(len(children), 2)
        os.kill(children[1], signal.SIGSTOP)
        start = time.monotonic()
        out, err = finish(p, 30)
        self.assertLess(time.monotonic() - start, 20)
        self.assertEqual(p.returncode, 3, err)
        summary = json.loads(out)["summary"]
        self.assertEqual(summary["verdict"], "STALLED")
        self.assertRegex(summary["stall_reason"],
                         r"^process [AB] was stopped \(SIGSTOP\) and made no progress for ")
        for pid in children:  # killed and reaped, not left stopped
            self.assertRaises(ProcessLookupError, os.kill, pid, 0)

    def test_races_seen_before_a_stall_fail_the_check(self):
        # kill -STOP to one worker process once a trial that raced has been
        # written (JSON and CSV stream each trial as it completes): the run
        # then stalls, and with --check exits 1, not the stall's 3, its
        # verdict STALLED beside the completed trials' RACE.
        for fmt in ("csv", "json"):
            # Unbuffered: what is read here is not held back from communicate().
            p = subprocess.Popen([BIN, "counter", "--procs", "--sync", "none", "--trials",
                                  "1000000", "--iters", "10000", "--timeout", "1", "--check",
                                  "-f", fmt],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
            head, deadline = b"", time.monotonic() + 20
            while not re.search(rb'"verdict": "RACE"|,RACE,', head) and time.monotonic() < deadline:
                chunk = os.read(p.stdout.fileno(), 65536)
                if not chunk:
                    break
                head += chunk
            if not re.search(rb'"verdict": "RACE"|,RACE,', head):
                p.kill()
                finish(p, 30)
                self.skipTest("no trial raced in 20 s: nothing to stall after")
            with open(f"/proc/{p.pid}/task/{p.pid}/children") as f:
                children = [int(c) for c in f.read().split()]
            self.assertEqual(len(children), 2)
            os.kill(children[0], signal.SIGSTOP)
            out, err = finish(p, 30)
            self.assertEqual(p.returncode, 1, err)
            self.assertEqual(err, b"")
            text = (head + out).decode()
            if fmt == "csv":
                rows = list(csv.DictReader(io.StringIO(text)))
                self.assertEqual(rows[-1]["verdict"], "STALLED")
                self.assertIn("RACE", [r["verdict"] for r in rows[:-1]])
                continue
            doc = json.loads(text)
            summary = doc["summary"]
            self.assertEqual(summary["verdict"], "STALLED")
            self.assertEqual(summary["completed_verdict"], "RACE")
            self.assertEqual(summary["raced"],
                             sum(t["verdict"] == "RACE" for t in doc["trials"]))
            self.assertRegex(summary["stall_reason"],
                             r"^process A was stopped \(SIGSTOP\) and made no progress for ")

    def test_a_worker_killed_mid_compare_keeps_the_strategies_that_finished(self):
        # compare streams JSON and CSV as a free run does: once none's 40
        # rows are on the pipe, every worker process racedemo then has is
        # killed (none's, while it stops them, changes nothing; mutex's
        # fails the run). The output keeps none's rows, still valid, and
        # the one line on stderr says why: status 4.
        for fmt in ("csv", "json"):
            with self.subTest(fmt):
                out, err, rc, killed = self.kill_mid_compare(fmt)
                self.assertTrue(killed, "no worker process was there to kill")
                self.assertEqual(rc, 4, err)
                self.assertRegex(err, r"^racedemo compare counter: worker process .*\n$")
                self.assertEqual(err.count("\n"), 1, err)
                if fmt == "csv":
                    rows = list(csv.reader(io.StringIO(out)))
                    self.assertEqual(rows[0], Csv.HEADER)
                    for sync in ("none", "mutex"):
                        trials = [int(r[3]) for r in rows[1:] if r[1] == sync]
                        self.assertEqual(trials, list(range(1, len(trials) + 1)), sync)
                        self.assertEqual(len(trials), 40) if sync == "none" else None
                    self.assertTrue(all(len(r) == len(Csv.HEADER) for r in rows), out[-300:])
                else:
                    doc = json.loads(out)
                    self.assertEqual(doc["runs"][0]["sync"], "none")
                    for run in doc["runs"]:
                        trials = run["result"]["trials"]
                        self.assertEqual([t["trial"] for t in trials],
                                         list(range(1, len(trials) + 1)))
                        self.assertEqual(run["result"]["summary"]["trials"], len(trials))
                    self.assertEqual(doc["runs"][0]["result"]["summary"]["trials"], 40)
                    self.assertLessEqual(len(doc["runs"]), 2)
                    self.assertIs(doc["interrupted"], False)

    @staticmethod
    def kill_mid_compare(fmt):
        """Runs compare none,mutex --procs in fmt; once none's 40 trials are
        read from the pipe, kills every worker process there is until
        racedemo closes its output. Returns (stdout, stderr, status, pids
        killed)."""
        # LeakSanitizer's check at exit runs in a child process of its
        # own, which must not be taken for a worker: no check here.
        env = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") +
                   ":detect_leaks=0")
        p = subprocess.Popen([BIN, "compare", "counter", "--procs", "--sync", "none,mutex",
                              "--trials", "40", "--iters", "200000", "--budget", "100",
                              "--timeout", "10", "-f", fmt],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        got, deadline, killed, ended = b"", time.monotonic() + 60 * SLOWDOWN, [], False

        def none_done():
            text = got.decode()
            if fmt == "csv":  # complete lines only
                return sum(line.startswith("counter,none,") for line in text.split("\n")[:-1]) >= 40
            return text.count('{"trial": ') >= 40

        while not ended and time.monotonic() < deadline:
            # none's rows first; then every 10 ms, or as soon as more output
            # comes, the workers there are, until the output's end (racedemo
            # closes it before it exits).
            if none_done():
                try:
                    with open(f"/proc/{p.pid}/task/{p.pid}/children") as f:
                        children = [int(c) for c in f.read().split()]
                except FileNotFoundError:
                    children = []
                for pid in children:
                    try:
                        os.kill(pid, signal.SIGKILL)
                        killed.append(pid)
                    except ProcessLookupError:
                        pass
            if select.select([p.stdout], [], [], 0.01 if none_done() else None)[0]:
                chunk = os.read(p.stdout.fileno(), 65536)
                got += chunk
                ended = not chunk
        out, err = finish(p, 60 * SLOWDOWN)
        return (got + out).decode(), err.decode(), p.returncode, killed

    def test_sigterm_gives_up_a_trial_stuck_in_a_lock(self):
        # A deadlock with a long timeout: the signal, not the watchdog, ends it.
        p = subprocess.Popen([BIN, "counter", "--sync", "flags-set-first", "--timeout", "60"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(0.5 * SLOWDOWN)
        start = time.monotonic()
        p.send_signal(signal.SIGTERM)
        out, _ = finish(p, 30)
        self.assertLess(time.monotonic() - start, 10)
        self.assertIn(p.returncode, (143, 0))  # 0 only if the run ended before the signal
        if p.returncode == 143:
            self.assertNotIn("STUCK", out)

    def test_bad_run_options_are_usage_errors(self):
        for args, mention in [
            (["counter", "--trials", "0"], "--trials expects a whole number from 1 to 10,000,000"),
            (["counter", "-T", "5", "-d", "1"], "--trials and --duration exclude each other"),
            (["counter", "--format", "xml"], "--format expects one of text, json, csv, mermaid, html; got 'xml'"),
            (["counter", "--sync", "mutex,tas"], "use racedemo compare counter"),
            (["counter", "--seed", "soon"], "--seed expects a whole number or 'random'"),
            (["compare"], "name a workload"),
            (["compare", "vault"], "'vault' is not a workload"),
            (["compare", "counter", "--sync", "mutex,lock"], "--sync expects one of"),
        ]:
            p = run(*args, check_status=2)
            self.assertEqual(p.stdout, "")
            self.assertEqual(len(p.stderr.splitlines()), 1, args)
            self.assertIn(mention, p.stderr)



class Budget(unittest.TestCase):
    """--budget stops a run at a clean point and judges what was done;
    compare's quick defaults give way to the options given."""

    # Far more than a second of bakery with 8 threads on this machine's
    # CPUs (about 10 us an update): --budget 1 cuts it for certain.
    LONG = ["counter", "--sync", "bakery", "--threads", "8", "--iters", "10M", "--budget", "1"]

    def test_a_cut_trial_is_judged_on_the_updates_done(self):
        doc = run_json(*self.LONG)
        s = doc["summary"]
        self.assertTrue(s["budget_stopped"] and s["budget_cut"])
        self.assertEqual(s["budget_seconds"], 1)
        done = s["cut_updates_done"]
        self.assertEqual(len(done), 8)
        self.assertLess(sum(done), 8 * 10 ** 7)
        self.assertEqual(doc["expected"], sum(done))
        self.assertEqual(doc["ops_per_trial"], sum(done))
        [t] = doc["trials"]
        # A lock that excludes: every update done arrived, lost is never negative.
        self.assertEqual(t["lost"], doc["expected"] - t["observed"])
        self.assertGreaterEqual(t["lost"], 0)
        self.assertEqual(t["lost"], 0)
        self.assertEqual(s["verdict"], "CORRECT")

    def test_text_and_csv_say_where_the_budget_stopped_it(self):
        text = run(*self.LONG).stdout
        m = re.search(r"budget\s+stopped at the 1 s budget after ([\d,]+)(?: to ([\d,]+))? of "
                      r"10,000,000\s+increments per thread \(([\d,]+) in all\)", text)
        self.assertTrue(m, text)
        expected = re.search(r"expected\s+([\d,]+)", text).group(1)
        self.assertEqual(m.group(3), expected)
        rows = list(csv.DictReader(io.StringIO(run(*self.LONG, "--format", "csv").stdout)))
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["budget_cut"], "true")
        self.assertEqual(int(rows[0]["lost"]), int(rows[0]["expected"]) - int(rows[0]["observed"]))

    def test_compare_marks_the_row_the_budget_stopped(self):
        doc = run_json("compare", *self.LONG[:1], *self.LONG[3:], "--sync", "bakery,mutex")
        runs = {r["sync"]: r["result"] for r in doc["runs"]}
        self.assertTrue(runs["bakery"]["summary"]["budget_stopped"])
        self.assertEqual(runs["bakery"]["expected"], sum(runs["bakery"]["summary"]["cut_updates_done"]))
        text = run("compare", *self.LONG[:1], *self.LONG[3:], "--sync", "bakery").stdout
        self.assertRegex(text, r"bakery .* CORRECT .*\(stopped at the 1 s budget: \d+% of the "
                               r"increments done; its expected counts only those\)")
        # At 80 columns the row ends in its bar and the note goes under it.
        text = run_env({"COLUMNS": "80"}, "compare", *self.LONG[:1], *self.LONG[3:], "--sync",
                       "bakery,flags-check-first").stdout
        self.assertRegex(text, r"\n  bakery .* CORRECT +#+>?\n {20}\(stopped at the 1 s budget: "
                               r"\d+% of the increments done; its\s+expected counts only those\)\n")

    def test_a_budget_between_trials_keeps_the_trials_done(self):
        doc = run_json("counter", "--sync", "mutex", "--trials", "10000000", "--iters", "1000",
                       "--budget", "1")
        s = doc["summary"]
        self.assertTrue(s["budget_stopped"])
        self.assertFalse(s["budget_cut"])
        self.assertLess(s["trials"], 10000000)
        self.assertEqual(doc["expected"], 2000)

    def test_compare_defaults_and_the_options_that_override_them(self):
        doc = run_json("compare", "counter", "--sync", "flags-set-first,mutex")
        fsf = doc["runs"][0]["result"]
        self.assertEqual((fsf["config"]["timeout"], fsf["config"]["budget"]), ("0.5", 3))
        if fsf["summary"]["stuck"]:  # it stalls by design, nearly always
            self.assertEqual(fsf["summary"]["stalled_after_ns"], 500000000)
        doc = run_json("compare", "counter", "--sync", "flags-set-first", "--timeout", "1",
                       "--budget", "off")
        fsf = doc["runs"][0]["result"]
        self.assertEqual((fsf["config"]["timeout"], fsf["config"]["budget"]), (1, None))
        if fsf["summary"]["stuck"]:
            self.assertEqual(fsf["summary"]["stalled_after_ns"], 1000000000)
        single = run_json("counter", "--sync", "mutex")
        self.assertEqual((single["config"]["timeout"], single["config"]["budget"]), (2, None))

    def test_a_deadlock_is_called_before_the_timeout(self):
        # The seed protocol's lost wakeup is a race: it deadlocks nearly
        # always, and when it does the watchdog must not wait out --timeout.
        for _ in range(3):
            p = run("prodcons", "--sync", "none", "--timeout", "5", "--format", "json",
                    check_status=None)
            self.assertIn(p.returncode, (0, 1, 3, 5))
            doc = json.loads(p.stdout)
            s = doc["summary"]
            if s["verdict"] == "DEADLOCK":
                self.assertLess(s["stalled_after_ns"], 2000000000)
                return
        self.skipTest("no deadlock in three runs (a race, not certain)")

    def test_bad_budgets_are_usage_errors(self):
        for value in ("0", "1.5", "soon", "3601"):
            p = run("compare", "counter", "--budget", value, check_status=2)
            self.assertEqual(p.stdout, "")
            self.assertEqual(p.stderr.count("\n"), 1)
            self.assertIn("--budget expects a whole number from 1 to 3,600 or 'off'", p.stderr)
        p = run("counter", "--timeout", "0.25", check_status=2)
        self.assertIn("--timeout expects a whole number from 1 to 3,600 or '0.5'", p.stderr)


class Litmus(unittest.TestCase):
    """racedemo litmus: every outcome counted once, the same numbers in
    text, JSON and CSV, the command line first. Small runs: qemu runs
    these too."""
    ARGS = ["--iters", "2000", "--trials", "3"]

    def test_counts_add_up_and_json_csv_and_text_agree(self):
        for test in ("sb", "mp", "lb", "iriw"):
            doc = run_json("litmus", test, *self.ARGS)
            self.assertEqual(doc["command"], f"racedemo litmus {test} --order relaxed "
                                             "--iters 2000 --trials 3 --batch 1024")
            (r,) = doc["runs"]
            nregs = {"iriw": 4}.get(test, 2)
            self.assertEqual(len(r["outcomes"]), 2 ** nregs)
            self.assertEqual(sum(o["seen"] for o in r["outcomes"]), 6000)
            self.assertEqual(r["tests"], 6000)
            forbidden = [o for o in r["outcomes"] if not o["sc"]]
            self.assertEqual(len(forbidden), 1)
            self.assertEqual(r["sc_forbidden_seen"], forbidden[0]["seen"])
            self.assertEqual(r["c11_forbidden_seen"], 0)
            # The in-step outcomes: the relaxed one and one more, whose
            # counts make in_step_seen.
            in_step = [o for o in r["outcomes"] if o["in_step"]]
            self.assertEqual(len(in_step), 2)
            self.assertIn(forbidden[0], in_step)
            self.assertEqual(r["in_step_seen"], sum(o["seen"] for o in in_step))
            self.assertEqual(r["batch"], 1024)
            rows = list(csv.DictReader(io.StringIO(run("litmus", test, *self.ARGS,
                                                       "--format", "csv").stdout)))
            self.assertEqual(len(rows), 2 ** nregs)
            self.assertEqual(sum(int(row["seen"]) for row in rows), 6000)
            self.assertEqual([row["in_step"] == "true" for row in rows],
                             [o["in_step"] for o in r["outcomes"]])
            self.assertEqual({(row["batch"], row["met"]) for row in rows},
                             {("1024", "true" if r["met"] else "false")})
            self.assertEqual({int(row["in_step_seen"]) for row in rows},
                             {sum(int(row["seen"]) for row in rows if row["in_step"] == "true")})
            text = run("litmus", test, *self.ARGS, "--color", "never").stdout
            self.assertEqual(text.splitlines()[0], doc["command"])
            table = {}
            for line in text.splitlines():
                m = re.match(r"^  ((?:r\d=[01] ?)+) +([\d,]+) +[\d.]+%", line)
                if m:
                    table[m.group(1).strip()] = int(m.group(2).replace(",", ""))
            self.assertEqual(sum(table.values()), 6000)
            self.assertEqual(len(table), 2 ** nregs)
            m = re.search(r"^  in step   ([\d.]+)% of tests", text, re.M)
            self.assertTrue(m, text)
            in_step_text = sum(table[o["outcome"]] for o in in_step)
            self.assertAlmostEqual(float(m.group(1)), in_step_text * 100 / 6000, delta=0.005)

    def test_the_threads_meet_only_when_asked_and_each_has_a_cpu(self):
        """met: false without meetings (--batch 0, or a batch of a whole
        trial) and where the threads share a CPU (--cpus 0); the counts
        still add up, and forbidden outcomes stay unseen where the orders
        forbid them, with a meeting after every instance too."""
        one_cpu = [(ONE_CPU, False)] if ONE_CPU else []
        for args, met in [(["--batch", "0"], False), (["--batch", "2000"], False)] + one_cpu:
            (r,) = run_json("litmus", "sb", *self.ARGS, *args)["runs"]
            self.assertIs(r["met"], met, args)
            self.assertEqual(sum(o["seen"] for o in r["outcomes"]), 6000)
        if ONE_CPU:
            text = run("litmus", "sb", *self.ARGS, *ONE_CPU).stdout
            self.assertIn("sharing CPUs, they", text)
        for args in (["sb", "--fence"], ["mp", "--order", "release-acquire"],
                     ["lb", "--order", "release-acquire"], ["iriw", "--order", "seq_cst"]):
            (r,) = run_json("litmus", *args, *self.ARGS, "--batch", "1")["runs"]
            self.assertEqual((r["sc_forbidden_seen"], r["c11_forbidden_seen"]), (0, 0), args)
            self.assertEqual(sum(o["seen"] for o in r["outcomes"]), 6000, args)

    def test_the_fence_and_seq_cst_runs_never_see_what_they_forbid(self):
        for args in (["sb", "--fence"], ["sb", "--order", "seq_cst"],
                     ["mp", "--order", "release-acquire"]):
            doc = run_json("litmus", *args, *self.ARGS)
            self.assertEqual(doc["runs"][0]["sc_forbidden_seen"], 0, args)
            self.assertIn("was not seen in 6,000 tests", doc["runs"][0]["verdict"])

    def test_all_runs_every_test_in_the_registry_order(self):
        doc = run_json("litmus", "all", *self.ARGS)
        self.assertEqual([r["test"] for r in doc["runs"]], ["sb", "mp", "lb", "iriw"])
        text = run("litmus", "all", *self.ARGS, "--order", "seq_cst").stdout
        self.assertEqual(text.splitlines()[0], "racedemo litmus all --order seq_cst --iters 2000 "
                                               "--trials 3 --batch 1024")
        # Each test's line, its continuations joined (it wraps where the
        # threads share one CPU and it says why they did not meet, as
        # under qemu on one CPU).
        joined = re.sub(r"\n {8,}", " ", text)
        self.assertEqual(len(re.findall(r"; in step in [\d.<]+% of tests$", joined, re.M)), 4)
        self.assertEqual(len(re.findall(r"^  (sb|mp|lb|iriw) +r0=", text, re.M)), 4)

    def test_the_html_page_embeds_the_json_and_draws_every_count(self):
        page = run("litmus", "all", *self.ARGS, "--format", "html").stdout
        block = re.search(r'<script type="application/json" id="racedemo-result">\n(.*?)</script>',
                          page, re.S)
        doc = json.loads(block.group(1))
        self.assertEqual(doc["command"], "racedemo litmus all --order relaxed --iters 2000 "
                                         "--trials 3 --batch 1024")
        for i, r in enumerate(doc["runs"]):
            self.assertIn(f'id="outcomes-{r["test"]}"', page)
            drawn = re.findall(r'<text[^>]*data-json="runs\.%d\.outcomes\.([0-9]+)\.seen">'
                               r'([0-9,]+)</text>' % i, page)
            self.assertEqual([int(o) for o, _ in drawn], list(range(len(r["outcomes"]))))
            self.assertEqual([int(n.replace(",", "")) for _, n in drawn],
                             [o["seen"] for o in r["outcomes"]])
        p = run("litmus", "--color", "always", "--format", "html", check_status=2)
        self.assertEqual(p.stdout, "")
        self.assertIn("--format html is never coloured", p.stderr)


class Replay(unittest.TestCase):
    """--schedule --format json: the same steps and outcome as the text
    table, the same bytes every time, and under --quiz no value at all."""
    SCHEDULES = [["counter", "--schedule", "ABABAB"],
                 ["counter", "--sync", "tas", "--schedule", "every:1", "--iters", "2"],
                 ["queue", "--schedule", "AABBAABB"],
                 ["bank", "--schedule", "random", "--seed", "3"],
                 ["prodcons", "--schedule", "random", "--seed", "2", "--items", "2"]]

    @staticmethod
    def table(text):
        """The step table's rows as dicts, cut at the header's columns."""
        lines = text.splitlines()
        head = next(i for i, line in enumerate(lines) if line.startswith("  step  thread"))
        h = lines[head]
        cols = [h.index("operation"), h.index("read or written"), h.index("after it")]
        rows = []
        for line in lines[head + 1:]:
            if not line.strip():
                break
            if not re.match(r" +\d+  [A-Z] ", line):
                continue  # a mark's line under its step
            rows.append({"step": int(line[:cols[0]].split()[0]), "thread": line[:cols[0]].split()[1],
                         "op": line[cols[0]:cols[1]].strip(), "value": line[cols[1]:cols[2]].strip(),
                         "shared": line[cols[2]:].strip()})
        return rows

    def test_json_steps_and_outcome_agree_with_the_text(self):
        for args in self.SCHEDULES:
            p = run(*args, check_status=None)
            self.assertIn(p.returncode, (0, 4, 5), args)  # a race, STUCK or DEADLOCK
            j = run(*args, "--format", "json", check_status=p.returncode)
            doc = json.loads(j.stdout)
            self.assertEqual((doc["schema_version"], doc["tool"], doc["quiz"]), (1, "racedemo", False))
            self.assertEqual(doc["command"], p.stdout.splitlines()[0], args)
            rows = self.table(p.stdout)
            self.assertEqual(len(rows), len(doc["steps"]), args)
            for row, step in zip(rows, doc["steps"]):
                op = ("" if not step["lock"] else "unlock: " if step["release"]
                      else "lock: ") + step["op"]
                self.assertEqual((row["step"], row["thread"], row["op"], row["value"], row["shared"]),
                                 (step["step"], step["thread"], op, step["value"] or "",
                                  step["shared"] or ""), args)
            self.assertEqual(doc["schedule"], "".join(s["thread"] for s in doc["steps"]))
            self.assertIn(f"\n  schedule  {doc['schedule']}\n", p.stdout)
            self.assertIn(f"\n  expected  {doc['expected']}\n", p.stdout)
            self.assertIn(f"\n  observed  {doc['observed']}\n", p.stdout)
            self.assertIn(f"verdict   {doc['verdict'].replace('_', ' ')}: ", p.stdout)
            marks = re.findall(r"^ +\^ ", p.stdout, re.M)
            self.assertEqual(sum(1 for s in doc["steps"] if s["mark"]), len(marks), args)

    def test_the_seeds_interleaving_loses_one_increment(self):
        doc = run_json("counter", "--schedule", "ABABAB")
        self.assertEqual((doc["expected"], doc["observed"], doc["lost"], doc["verdict"]),
                         ("N = 2", "N = 1", 1, "RACE"))
        self.assertEqual([s["mark"] is not None for s in doc["steps"]], [False] * 5 + [True])

    def test_the_same_replay_gives_the_same_bytes(self):
        for args in self.SCHEDULES[:3]:
            for extra in ([], ["--quiz"]):
                a = run(*args, *extra, "--format", "json", check_status=None).stdout
                b = run(*args, *extra, "--format", "json", check_status=None).stdout
                self.assertEqual(a, b, args + extra)

    def test_quiz_leaves_no_value_in_the_json(self):
        for args in self.SCHEDULES:
            full = json.loads(run(*args, "--format", "json", check_status=None).stdout)
            quiz_text = run(*args, "--quiz", "--format", "json", check_status=None).stdout
            quiz = json.loads(quiz_text)
            self.assertTrue(quiz["quiz"])
            for key in ("observed", "lost", "loss", "marked_steps", "waiting_at_end", "verdict",
                        "why"):
                self.assertIsNone(quiz[key], key)
            self.assertEqual(quiz["expected"], full["expected"])
            for s in quiz["steps"]:
                self.assertEqual((s["value"], s["shared"], s["mark"], s["waiting"]),
                                 (None, None, None, None))
            for s in full["steps"]:
                for v in (s["value"], s["shared"], s["mark"]):
                    if v and v != full["expected"]:
                        self.assertNotIn(json.dumps(v), quiz_text, args)
            if full["observed"] != full["expected"]:
                self.assertNotIn(json.dumps(full["observed"]), quiz_text, args)
            # --answers shows them again.
            answers = json.loads(run(*args, "--quiz", "--answers", "--format", "json",
                                     check_status=None).stdout)
            self.assertEqual(answers["steps"], full["steps"])
            self.assertEqual(answers["verdict"], full["verdict"])

    def test_the_html_page_is_the_same_bytes_and_its_quiz_answers_open_on_a_click(self):
        for args in self.SCHEDULES[:3]:
            full = json.loads(run(*args, "--format", "json", check_status=None).stdout)
            page = run(*args, "--format", "html", check_status=None).stdout
            self.assertEqual(page, run(*args, "--format", "html", check_status=None).stdout)
            self.assertIn('<svg xmlns="http://www.w3.org/2000/svg" id="sequence"', page)
            block = re.search(r'<script type="application/json" id="racedemo-result">\n(.*?)'
                              r'</script>', page, re.S).group(1)
            self.assertEqual(json.loads(block), full, args)
            quiz = run(*args, "--quiz", "--format", "html", check_status=None).stdout
            self.assertEqual(quiz, run(*args, "--quiz", "--format", "html",
                                       check_status=None).stdout)
            values = {v for s in full["steps"] for v in (s["value"], s["shared"]) if v}
            values.add(full["observed"])
            values.discard(full["expected"])
            # The answers are there, each closed in a <details> until a
            # click: the rest of the page shows none of them.
            answers = re.findall(r'<details class="answer">.*?</details>', quiz, re.S)
            closed = re.sub(r'<details class="answer">.*?</details>', "", quiz, flags=re.S)
            self.assertTrue(answers, args)
            for v in values:  # as the page writes them: escaped
                shown = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                self.assertNotIn(">" + shown + "<", closed, (args, v))
                self.assertNotIn(json.dumps(v), closed, (args, v))
                self.assertTrue(any(shown in a for a in answers), (args, v))
            self.assertNotIn(full["verdict"].replace("_", " ") + "<", closed, args)

    def test_csv_is_refused_in_one_line(self):
        p = run("counter", "--schedule", "ABAB", "--format", "csv", check_status=2)
        self.assertEqual(p.stdout, "")
        self.assertEqual(p.stderr.count("\n"), 1)
        self.assertIn("--schedule prints text, --format json, mermaid or html; not csv", p.stderr)


class CompareCommand(unittest.TestCase):
    def test_compare_json_repeats_the_command_the_text_starts_with(self):
        args = ["compare", "counter", "--sync", "none,mutex", "-n", "1000"]
        doc = run_json(*args)
        text = run(*args).stdout
        first = text.split("\n\n")[0].replace(" \\\n    ", " ").strip()
        self.assertEqual(doc["command"], first)


class Words(unittest.TestCase):
    """What a student reads: one name per thread, the step names, the
    code of each strategy, a name misspelled, compare on one screen."""

    def test_compare_at_80_columns_is_one_table_with_a_bar_per_row(self):
        # A long name (flags-check-first) leaves no room for the times at 80.
        p = run_env({"COLUMNS": "80"}, "compare", "counter", "--sync",
                    "none,flags-check-first,mutex,peterson", "-n", "10000")
        lines = p.stdout.splitlines()
        self.assertRegex(p.stdout, r"\n  strategy +expected +observed +lost overlap  verdict +bar\n")
        for name in ("none", "mutex", "peterson"):
            # Any verdict (a slow machine's none may show NO RACE SEEN), its
            # bar where the row has a time.
            self.assertRegex(p.stdout,
                             rf"\n  {name} +[\d,]+ +[\d,]+ +[\d,]+ +\d+%  [A-Z][A-Z ]*[A-Z]"
                             rf"(?: [\d/]+)? *#*>?\n")
        self.assertNotIn("vs mutex", p.stdout)
        self.assertIn("  bar: median ns per increment, one # per doubling", p.stdout)
        self.assertLessEqual(len(lines), 24)
        # Wider: the times and the block of ratios, as before.
        p = run_env({"COLUMNS": "120"}, "compare", "counter", "--sync", "none,mutex", "-n", "1000")
        self.assertRegex(p.stdout, r"\n  strategy +vs mutex  bar\n")

    def test_the_expected_column_moves_to_the_what_line_at_60_columns(self):
        p = run_env({"COLUMNS": "60"}, "compare", "counter", "--sync", "none,mutex", "-n", "1000")
        self.assertIn("expected 2,000", p.stdout)
        self.assertRegex(p.stdout, r"\n  strategy +lost overlap  verdict +bar\n")
        self.assertTrue(all(len(line) <= 60 for line in p.stdout.splitlines()), p.stdout)

    def test_schedule_help_names_each_step_and_what_it_does(self):
        p = run("counter", "--sync", "peterson", "--schedule", "help")
        for step in ("flag", "turn", "test", "load", "add", "store", "unflag"):
            self.assertRegex(p.stdout, rf"\n    {step} +\S")
        self.assertIn("--schedule 'A:flag A:turn A:test A:load A:add A:store A:unflag'",
                      p.stdout.replace("\n  ", " "))
        p = run("prodcons", "--schedule", "help")
        self.assertRegex(p.stdout, r"\n    wake +A: if count == 1, wakeup\(B\)")
        p = run("queue", "--sync", "atomic", "--schedule", "help", check_status=2)
        self.assertEqual(len(p.stderr.splitlines()), 1)

    def test_a_misspelled_name_gets_did_you_mean_on_its_one_line(self):
        cases = [(["counter", "--sync", "petersen"], "did you mean 'peterson'?"),
                 (["countr"], "did you mean 'counter'?"),
                 (["compare", "bnak"], "did you mean 'bank'?"),
                 (["litmus", "sbb"], "did you mean 'sb'?"),
                 (["explain", "petersen"], "did you mean 'peterson'?"),
                 (["counter", "--format", "jsn"], "did you mean 'json'?")]
        for args, said in cases:
            p = run(*args, check_status=2)
            self.assertEqual(len(p.stderr.splitlines()), 1, p.stderr)
            self.assertIn(said, p.stderr)
        p = run("counter", "--sync", "zzzzzz", check_status=2)
        self.assertNotIn("did you mean", p.stderr)

    def test_explain_shows_the_code_of_every_strategy(self):
        names = [line.split()[0] for line in run("counter", "--sync", "help").stdout.splitlines()
                 if re.match(r"^  [a-z]", line)]
        self.assertIn("peterson-relaxed", names)
        for name in names:
            out = run("explain", name).stdout
            self.assertRegex(out, r"\n  (mutex_begin|update|acc := N)", name)

    def test_threads_are_named_by_letter(self):
        p = run("counter", "--sync", "turn", "--iters", "1000", "--first-iters", "10",
                "--timeout", "1", check_status=None)
        self.assertIn("thread A: finished all 10 increments", p.stdout)
        self.assertNotRegex(p.stdout, r"thread \d")
        self.assertIn("thread A ", run("litmus", "sb", "--iters", "100", "--trials", "1").stdout)

    def test_unlock_steps_say_unlock_and_seed_means_only_the_random_seed(self):
        out = run("counter", "--sync", "peterson", "--schedule", "AAAAAAABBBBBBB").stdout
        self.assertRegex(out, r"unlock: flag\[A\] := 0")
        self.assertNotRegex(out, r"(?<!un)lock: flag\[A\] := 0")
        for args in (["counter", "--sync", "help"], ["explain", "atomic"], ["queue", "--help"],
                     ["counter", "-n", "1000"], ["compare", "counter", "-n", "100"]):
            text = re.sub(r"--seed|random seed", "", run(*args).stdout)
            self.assertNotIn("seed", text.lower(), args)
        self.assertNotIn("--seed", run("counter", "-n", "1000").stdout)
        self.assertIn("--seed 1", run("bank", "--transfers", "100").stdout)


class Terminal:
    """A pseudo-terminal for racedemo's standard error, so that it shows its
    progress line there (only a terminal gets one): the line is the sign
    that trials are running with the stop signals caught. A thread reads
    it as it comes, so that racedemo never waits to write it."""

    def __init__(self):
        self.master, self.slave = os.openpty()
        self.text = b""
        self.ended = False
        self.seen = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)

    def begin(self):
        os.close(self.slave)  # racedemo holds it now: EOF when it exits
        self.reader.start()

    def _read(self):
        while True:
            try:
                chunk = os.read(self.master, 4096)
            except OSError:  # EIO: the last holder of the other side closed it
                chunk = b""
            with self.seen:
                self.text += chunk
                self.ended = not chunk
                self.seen.notify_all()
            if not chunk:
                return

    def wait_for(self, needle, seconds):
        with self.seen:
            self.seen.wait_for(lambda: needle in self.text or self.ended, seconds)
            return needle in self.text

    def end(self, seconds):
        self.reader.join(seconds)
        os.close(self.master)
        return self.text.decode(errors="replace").replace("\r\n", "\n")


def small_pipe():
    """A pipe that holds one page (4 KB; 64 KB unless asked): a report
    larger than that cannot all be written while nobody reads it. Returns
    (read end, write end, how much it holds)."""
    r, w = os.pipe()
    set_size = getattr(fcntl, "F_SETPIPE_SZ", 1031)  # Linux's, in Python 3.10+
    get_size = getattr(fcntl, "F_GETPIPE_SZ", 1032)
    try:
        fcntl.fcntl(w, set_size, 4096)
        size = fcntl.fcntl(w, get_size)
    except OSError:
        size = 65536
    return r, w, size


def read_all(fd, p, seconds):
    """Everything on fd until its end; p killed and the test failed if that
    takes more than `seconds`."""
    data, deadline = b"", time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        ready = select.select([fd], [], [], max(left, 0))[0] if left > 0 else []
        if not ready:
            p.kill()
            p.wait()
            raise AssertionError(f"{' '.join(p.args)}: output still coming after {seconds} s, killed")
        chunk = os.read(fd, 65536)
        if not chunk:
            return data
        data += chunk


class Signals(unittest.TestCase):
    """Ctrl-C, SIGTERM and SIGHUP at each phase of a run, each sent after
    something the test sees (a progress line on a terminal: trials are
    running; the report's first bytes in a pipe nobody reads yet: it is
    being written), never after a sleep; and SIGPIPE. What is checked is
    what the man page's SIGNALS and EXIT STATUS say."""
    WAIT = 60 * SLOWDOWN  # bounds on a busy machine; a hang fails, killed

    def stop_during_trials(self, args, sig, needle=b" trials done"):
        """args run with stderr on a terminal, signalled once the progress
        line shows; (status, stdout, stderr)."""
        term = Terminal()
        with tempfile.TemporaryFile() as out:
            p = subprocess.Popen([BIN, *args], stdout=out, stderr=term.slave)
            term.begin()
            if not term.wait_for(needle, self.WAIT):
                p.kill()
                p.wait()
                self.fail(f"racedemo {' '.join(args)}: no {needle!r} on the terminal: "
                          f"{term.end(5)!r}")
            p.send_signal(sig)
            try:
                p.wait(self.WAIT)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
                self.fail(f"racedemo {' '.join(args)}: still running {self.WAIT} s after {sig!r}")
            out.seek(0)
            return p.returncode, out.read().decode(), term.end(self.WAIT)

    def stop_while_writing(self, args, sig):
        """args with stdout a one-page pipe that is not read until the
        report's first bytes are in it and the signal was sent: the report
        is then being written, and cannot have been finished. (status,
        stdout, stderr)."""
        r, w, size = small_pipe()
        with tempfile.TemporaryFile() as err:
            p = subprocess.Popen([BIN, *args], stdout=w, stderr=err)
            os.close(w)
            try:
                if not select.select([r], [], [], self.WAIT)[0]:
                    p.kill()
                    p.wait()
                    self.fail(f"racedemo {' '.join(args)}: nothing written in {self.WAIT} s")
                p.send_signal(sig)
                out = read_all(r, p, self.WAIT)
            finally:
                os.close(r)
            try:
                p.wait(self.WAIT)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
                self.fail(f"racedemo {' '.join(args)}: still running {self.WAIT} s after its output")
            err.seek(0)
            self.assertGreater(len(out), size, "the report must outgrow the pipe for this test")
            return p.returncode, out.decode(), err.read().decode()

    # ---- during the trials ----

    def test_a_stop_during_trials_reports_those_completed_and_exits_128_plus_it(self):
        for sig, status in [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]:
            with self.subTest(sig=sig):
                got, out, err = self.stop_during_trials(
                    ["counter", "--sync", "mutex", "--iters", "1000", "--trials", "10000000"], sig)
                self.assertEqual(got, status, err)
                self.assertIn("racedemo: stopping; a trial not over in a quarter of a second is "
                              "given up", err)
                self.assertRegex(out, r"\n  trials    [0-9,]+ in .* \(interrupted: these are the "
                                      r"trials completed before it\)\n")
                self.assertRegex(out, r"\n  verdict   CORRECT in all [0-9,]+ trials\n\Z")

    def test_json_stopped_during_trials_is_whole_and_says_interrupted(self):
        got, out, err = self.stop_during_trials(
            ["counter", "--iters", "1000", "--trials", "10000000", "-f", "json"], signal.SIGTERM)
        self.assertEqual(got, 143, err)
        doc = json.loads(out)
        self.assertIs(doc["summary"]["interrupted"], True)
        self.assertEqual(doc["summary"]["trials"], len(doc["trials"]))
        self.assertLess(doc["summary"]["trials"], 10000000)

    def test_compare_stopped_during_a_strategy_runs_no_other(self):
        got, out, err = self.stop_during_trials(
            ["compare", "counter", "--iters", "1000", "--trials", "10000000", "--budget", "100",
             "--sync", "mutex,tas", "-f", "json"], signal.SIGINT, b"mutex (1 of 2): ")
        self.assertEqual(got, 130, err)
        doc = json.loads(out)
        self.assertIs(doc["interrupted"], True)

    # ---- litmus, during its trials ----

    def test_litmus_stopped_mid_run_reports_the_trials_completed(self):
        got, out, err = self.stop_during_trials(
            ["litmus", "sb", "--iters", "1000", "--trials", "1000000"], signal.SIGTERM)
        self.assertEqual(got, 143, err)
        self.assertIn("racedemo: stopping; the trial under way is given up", err)
        self.assertRegex(out, r"; interrupted after [0-9,]+ of 1,000,000 trials\n")
        self.assertRegex(out, r"\n  verdict   (.|\n)*\n  lesson    (.|\n)*\n\Z")

    def test_litmus_all_stopped_runs_no_later_test_in_every_format(self):
        for fmt in ("json", "html", "text", "csv"):
            with self.subTest(fmt=fmt):
                got, out, err = self.stop_during_trials(
                    ["litmus", "all", "--iters", "1000", "--trials", "1000000", "-f", fmt],
                    signal.SIGINT, b"sb (1 of 4): ")
                self.assertEqual(got, 130, err)
                if fmt == "json":
                    doc = json.loads(out)
                    self.assertIs(doc["interrupted"], True)
                    self.assertEqual([r["test"] for r in doc["runs"]], ["sb"])
                    self.assertLess(doc["runs"][0]["trials"], 1000000)
                    self.assertEqual(doc["runs"][0]["tests"], doc["runs"][0]["trials"] * 1000)
                elif fmt == "html":
                    self.assertTrue(out.endswith("</html>\n"))
                    self.assertIn("(interrupted)</title>", out)
                elif fmt == "csv":
                    rows = list(csv.reader(io.StringIO(out)))
                    self.assertEqual({row[0] for row in rows[1:]}, {"sb"})
                    self.assertEqual(len(rows), 1 + 4)  # a header and sb's four outcomes
                else:
                    self.assertRegex(out, r"; interrupted after [0-9,]+ of 1,000,000 trials\n")

    # ---- after the trials, while the report is written ----

    def test_a_stop_while_the_report_is_written_lets_it_end_whole(self):
        runs = [(["counter", "--trials", "2000", "--iters", "1000", "--verbose"], signal.SIGINT, 130,
                 r"\n  trials    2,000 in [^\n]*\n(.|\n)*\n  verdict   [^\n]*\n(            [^\n]*\n)*\Z"),
                (["counter", "--trials", "2000", "--iters", "1000", "-f", "html"], signal.SIGTERM,
                 143, r"</html>\n\Z"),
                (["compare", "counter", "--iters", "1000", "--sync", "mutex,tas", "-f", "html"],
                 signal.SIGHUP, 129, r"</html>\n\Z"),
                (["litmus", "sb", "--iters", "1000", "--trials", "2", "-f", "html"],
                 signal.SIGTERM, 143, r"</html>\n\Z"),
                (["counter", "--schedule", "random", "-f", "html"], signal.SIGINT, 130,
                 r"</html>\n\Z")]
        for args, sig, status, whole in runs:
            with self.subTest(args=args):
                got, out, err = self.stop_while_writing(args, sig)
                self.assertEqual(got, status, err)
                self.assertEqual(err, "\nracedemo: stopping once the report is written whole; "
                                      "Ctrl-C again quits\nat once and cuts it short\n")
                self.assertRegex(out, whole)
                self.assertNotIn("interrupted: these are", out)  # every trial completed

    def test_a_second_signal_while_writing_quits_at_once(self):
        r, w, _ = small_pipe()
        p = subprocess.Popen([BIN, "counter", "--trials", "2000", "--iters", "1000", "--verbose"],
                             stdout=w, stderr=subprocess.PIPE)
        os.close(w)
        try:
            self.assertTrue(select.select([r], [], [], self.WAIT)[0])
            p.send_signal(signal.SIGINT)
            note = b""
            while b"cuts it short" not in note:  # the first was caught
                self.assertTrue(select.select([p.stderr], [], [], self.WAIT)[0])
                chunk = os.read(p.stderr.fileno(), 4096)
                self.assertTrue(chunk, note)
                note += chunk
            p.send_signal(signal.SIGINT)
            p.wait(self.WAIT)
        finally:
            os.close(r)
            p.stderr.close()
            if p.returncode is None:
                p.kill()
                p.wait()
        self.assertEqual(p.returncode, -signal.SIGINT)

    # ---- a pipe closed early ----

    def closed_pipe(self, ignore):
        """The first line of a report far larger than a pipe holds, then
        the pipe closed: (status, stderr)."""
        r, w, _ = small_pipe()
        p = subprocess.Popen(
            [BIN, "counter", "--trials", "3000", "--iters", "10", "--verbose"], stdout=w,
            stderr=subprocess.PIPE,
            preexec_fn=(lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN)) if ignore else None)
        os.close(w)
        with os.fdopen(r, "rb") as reader:
            reader.readline()
        _, err = finish(p, self.WAIT)
        return p.returncode, err.decode()

    def test_a_closed_pipe_ends_racedemo_quietly_by_sigpipe(self):
        status, err = self.closed_pipe(ignore=False)
        self.assertEqual(status, -signal.SIGPIPE)  # the shell reports 141
        self.assertEqual(err, "")

    def test_a_closed_pipe_with_sigpipe_ignored_is_status_4_and_one_line(self):
        status, err = self.closed_pipe(ignore=True)
        self.assertEqual(status, 4)
        self.assertEqual(err, "racedemo: writing the output failed: Broken pipe (some or all of "
                              "it is lost)\n")


def selected_suite(argv):
    """The classes named in argv, or every class but those after --skip."""
    loader = unittest.TestLoader()
    classes = {n: c for n, c in globals().items()
               if isinstance(c, type) and issubclass(c, unittest.TestCase)}
    skip = {argv[i + 1] for i, a in enumerate(argv) if a == "--skip"}
    named = [a for i, a in enumerate(argv) if a != "--skip" and (i == 0 or argv[i - 1] != "--skip")]
    unknown = sorted((set(named) | skip) - set(classes))
    if unknown:
        sys.exit(f"output_test.py: no test class {', '.join(unknown)}")
    chosen = named or [n for n in classes if n not in skip]
    return unittest.TestSuite(loader.loadTestsFromTestCase(classes[n]) for n in chosen)


if __name__ == "__main__":
    result = unittest.TextTestRunner(verbosity=2).run(selected_suite(sys.argv[1:]))
    sys.exit(0 if result.wasSuccessful() else 1)
