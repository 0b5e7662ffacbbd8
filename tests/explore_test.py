#!/usr/bin/env python3
"""explore_test.py: racedemo explore, run through the built binary: its
counts against the formula, each strategy's requirements, every
counterexample replayed with --schedule to the same end, its bounds and
its refusals. Nothing here is timed or sampled: explore is deterministic.
Usage: explore_test.py PATH/TO/racedemo"""
import json
import math
import os
import signal
import subprocess
import sys
import time
import unittest

BIN = sys.argv.pop(1)
os.environ["COLUMNS"] = "200"


def run(*args):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=120)


def explore(*args):
    p = run("explore", *args, "--format", "json")
    doc = json.loads(p.stdout)
    return p.returncode, doc


def strategies_explore_knows():
    """The strategies `explore counter --sync help` lists: a new step model
    is tested as soon as its strategy has one."""
    out = run("explore", "counter", "--sync", "help").stdout
    return [line.split()[0] for line in out.splitlines() if line.strip()]


KNOWN = strategies_explore_knows()


def exclusive_from_list():
    """The strategies whose excl column in `racedemo list` says yes: one
    this file does not name (a new one, tests/toy_unit.sh's toy) must then
    hold every requirement."""
    out = run("list").stdout
    section, exclusive = False, set()
    for line in out.splitlines():
        if line.startswith("Sync strategies"):
            section = True
        elif section and line.startswith("  ") and len(line.split()) > 1:
            if line.split()[1] == "yes":
                exclusive.add(line.split()[0])
    return exclusive


EXCLUSIVE = exclusive_from_list()
# What the source text says of each attempt, at 2 threads x 2 iterations.
BREAKS_EXCLUSION = {"flag", "flags-check-first"}
DEADLOCKS = {"flags-set-first"}
FAILS_PROGRESS = {"turn"}
# peterson-relaxed lacks only a fence, which one step at a time never needs.
CORRECT = {"peterson", "peterson-relaxed", "tas", "ttas", "ticket", "bakery", "spinlock", "mutex", "semaphore",
           "atomic"}


class Counts(unittest.TestCase):
    def test_two_increments_interleave_twenty_ways_eighteen_lose_one(self):
        status, doc = explore("counter")
        self.assertEqual(status, 0)
        self.assertEqual((doc["threads"], doc["iters"], doc["interleavings"]), (2, 1, 20))
        by_end = {o["observed"]: o["interleavings"] for o in doc["outcomes"]}
        self.assertEqual(by_end, {"N = 1": 18, "N = 2": 2})
        self.assertEqual(doc["verdict"], "RACE")

    def test_bare_counts_are_the_multinomial_exact_past_64_bits(self):
        # k threads of n iterations of 3 steps each, none waiting: (3kn)! / ((3n)!)^k.
        for threads, iters in [(2, 1), (2, 3), (3, 1), (3, 2), (2, 20)]:
            status, doc = explore("counter", "--threads", str(threads), "--iters", str(iters))
            want = math.factorial(3 * threads * iters) // math.factorial(3 * iters) ** threads
            self.assertEqual(status, 0)
            self.assertEqual(doc["interleavings"], want, (threads, iters))
            self.assertEqual(sum(o["interleavings"] for o in doc["outcomes"]), want)
        self.assertGreater(want, 2**64)

    def test_every_outcome_has_its_row_in_numeric_order(self):
        # 2 threads x 9: N ends anywhere from 2 to 18, a row each, none merged.
        _, doc = explore("counter", "--iters", "9")
        self.assertEqual([o["observed"] for o in doc["outcomes"]],
                         [f"N = {n}" for n in range(2, 19)])
        # prodcons: the same words can end right or wrong (count off): two rows.
        _, doc = explore("prodcons", "--iters", "2")
        wrong = [o for o in doc["outcomes"] if not o["correct"]]
        self.assertEqual(doc["requirements"]["outcome"]["finding"],
                         "broken" if wrong else "holds")

    def test_the_same_exploration_gives_the_same_bytes(self):
        a = run("explore", "counter", "--sync", "flag", "--iters", "2")
        b = run("explore", "counter", "--sync", "flag", "--iters", "2")
        self.assertEqual(a.stdout, b.stdout)
        self.assertEqual(a.stdout.splitlines()[0].split()[:3], ["racedemo", "explore", "counter"])


class Requirements(unittest.TestCase):
    def test_each_strategy_as_the_source_text_says(self):
        self.assertIn("peterson", KNOWN)
        for sync in KNOWN:
            if sync == "none":
                continue
            with self.subTest(sync=sync):
                status, doc = explore("counter", "--sync", sync, "--iters", "2", "--check")
                req = doc["requirements"]
                broken = {k for k, v in req.items() if v["finding"] == "broken"}
                if sync in BREAKS_EXCLUSION:
                    self.assertIn("mutual_exclusion", broken)
                    self.assertEqual(doc["verdict"], "RACE")
                elif sync in DEADLOCKS:
                    self.assertEqual(broken, {"progress"})
                    self.assertEqual(req["progress"]["how"], "every_thread_left_waits")
                    self.assertEqual(doc["verdict"], "DEADLOCK")
                elif sync in FAILS_PROGRESS:
                    self.assertEqual(broken, {"progress"})
                    self.assertEqual(req["progress"]["how"], "others_stopped")
                    self.assertEqual(doc["verdict"], "STUCK")
                else:
                    self.assertTrue(sync in CORRECT or sync in EXCLUSIVE, sync)
                    self.assertEqual(broken, set())
                    self.assertEqual(doc["verdict"], "CORRECT")
                self.assertEqual(status, 1 if broken else 0)

    def test_without_check_a_counterexample_is_a_successful_run(self):
        status, doc = explore("counter", "--sync", "flag", "--iters", "2")
        self.assertEqual((status, doc["verdict"]), (0, "RACE"))


class Replays(unittest.TestCase):
    """Every counterexample explore prints, replayed with --schedule, ends
    the way explore says it does."""

    def replay(self, command):
        words = command.split()
        self.assertEqual(words[0], "racedemo")
        p = run(*words[1:], "--format", "json")
        self.assertIn(p.returncode, (0, 3, 5), p.stderr)
        return json.loads(p.stdout)

    def test_every_counterexample_replays(self):
        seen = 0
        for sync in KNOWN:
            for iters in ("1", "2"):
                _, doc = explore("counter", "--sync", sync, "--iters", iters)
                for name, req in doc["requirements"].items():
                    if req["finding"] != "broken":
                        continue
                    seen += 1
                    with self.subTest(sync=sync, iters=iters, requirement=name):
                        self.assertIn("--schedule " + req["schedule"], req["replay"])
                        got = self.replay(req["replay"])
                        if name == "outcome":
                            self.assertEqual(got["observed"], req["observed"])
                            self.assertEqual(got["verdict"], "RACE")
                        elif name == "mutual_exclusion":
                            steps = got["steps"]
                            at = steps[req["at_step"] - 1]
                            self.assertIn("two threads in the critical section", at["mark"])
                        else:
                            want = {"every_thread_left_waits": "DEADLOCK",
                                    "others_stopped": "STUCK"}[req["how"]]
                            self.assertEqual(got["verdict"], want)
        self.assertGreaterEqual(seen, 5)

    def test_a_schedule_that_ends_with_a_thread_trying_to_enter_is_not_stuck(self):
        # A's last step tried to enter; B then passed the turn to A: A can
        # go on, so nobody waits for good (turn's progress fails only when
        # the other thread stops wanting in).
        p = run("counter", "--sync", "turn", "--schedule", "AAAAAABBBBBB", "--format", "json")
        self.assertEqual((p.returncode, json.loads(p.stdout)["verdict"]), (0, "CORRECT"))
        p = run("counter", "--sync", "turn", "--iters", "2", "--schedule", "AAAAABBBBBB",
                "--format", "json")
        self.assertEqual((p.returncode, json.loads(p.stdout)["verdict"]), (3, "STUCK"))

    def test_each_workloads_race_and_its_replay(self):
        """bank and queue lose an update at 2 threads x 1, prodcons loses
        its wakeup; a lock keeps bank and queue right."""
        for workload, broken in [("bank", "outcome"), ("queue", "outcome"),
                                 ("prodcons", "progress")]:
            with self.subTest(workload=workload):
                status, doc = explore(workload, "--check")
                self.assertEqual(status, 1)
                req = doc["requirements"][broken]
                self.assertEqual(req["finding"], "broken")
                got = self.replay(req["replay"])
                if broken == "outcome":
                    self.assertEqual(got["observed"], req["observed"])
                    self.assertEqual(got["verdict"], "RACE")
                else:
                    self.assertEqual(got["verdict"], "DEADLOCK")
        for workload in ("bank", "queue"):
            status, doc = explore(workload, "--sync", "mutex", "--iters", "2", "--check")
            self.assertEqual((status, doc["verdict"]), (0, "CORRECT"), workload)


class Litmus(unittest.TestCase):
    def test_each_test_reaches_exactly_what_the_tables_sc_column_allows(self):
        for name in ("sb", "mp", "lb", "iriw"):
            with self.subTest(test=name):
                status, doc = explore(name)
                self.assertEqual((status, doc["verdict"]), (0, "CORRECT"))
                reached = {o["observed"] for o in doc["outcomes"]}
                p = run("litmus", name, "--trials", "1", "--iters", "1", "--format", "json")
                table = json.loads(p.stdout)["runs"][0]["outcomes"]
                self.assertEqual(reached, {o["outcome"] for o in table if o["sc"]})
                self.assertNotIn(doc["sc_forbidden"], reached)
                self.assertEqual(sum(o["interleavings"] for o in doc["outcomes"]),
                                 doc["interleavings"])

    def test_every_test_order_and_fence_reaches_what_its_models_column_allows(self):
        """The model checks the tables and the tables the model: under sc
        the SC column, under tso the x86-TSO column, for every order and
        fence of every test."""
        checked = 0
        for name in ("sb", "mp", "lb", "iriw"):
            for order in ("relaxed", "release-acquire", "seq_cst"):
                for fence in ([], ["--fence"]):
                    p = run("litmus", name, "--trials", "1", "--iters", "1", "--order", order,
                            *fence, "--format", "json")
                    table = json.loads(p.stdout)["runs"][0]["outcomes"]
                    for model, column in (("sc", "sc"), ("tso", "x86_tso")):
                        with self.subTest(test=name, order=order, fence=fence, model=model):
                            status, doc = explore(name, "--order", order, *fence,
                                                  "--model", model)
                            self.assertEqual(status, 0)
                            self.assertEqual(doc["model"], model)
                            reached = {o["observed"] for o in doc["outcomes"]}
                            self.assertEqual(reached,
                                             {o["outcome"] for o in table if o[column]})
                            checked += 1
        self.assertEqual(checked, 4 * 3 * 2 * 2)

    def test_sb_under_tso_counts_its_flushes_and_the_loads_that_pass(self):
        # The flushes are moves too, and a load that comes before its own
        # thread's flush is a load that passed a waiting store.
        status, doc = explore("sb", "--model", "tso")
        self.assertEqual(status, 0)
        by_end = {o["observed"]: o["interleavings"] for o in doc["outcomes"]}
        self.assertIn(doc["sc_forbidden"], by_end)
        self.assertGreater(doc["passing_interleavings"], 0)
        self.assertLess(doc["passing_interleavings"], doc["interleavings"])
        _, sc = explore("sb", "--model", "sc")
        self.assertEqual(sc["passing_interleavings"], 0)

    def test_sb_has_six_interleavings_and_no_lock_options(self):
        status, doc = explore("sb")
        self.assertEqual(doc["interleavings"], 6)  # 4! / (2! 2!)
        for option in (["--sync", "tas"], ["--threads", "3"], ["--iters", "2"]):
            p = run("explore", "sb", *option)
            self.assertEqual(p.returncode, 2)
            self.assertIn("litmus test", p.stderr)


class StoreBuffers(unittest.TestCase):
    """--model tso: each thread's stores wait in a FIFO store buffer."""

    def replay(self, command):
        words = command.split()
        p = run(*words[1:], "--format", "json")
        self.assertIn(p.returncode, (0, 3, 5), p.stderr)
        return json.loads(p.stdout)

    def test_peterson_relaxed_fails_under_tso_and_holds_under_sc(self):
        status, doc = explore("counter", "--sync", "peterson-relaxed", "--model", "tso",
                              "--check")
        self.assertEqual((status, doc["verdict"]), (1, "RACE"))
        req = doc["requirements"]["mutual_exclusion"]
        self.assertEqual(req["finding"], "broken")
        self.assertIn("--model tso", req["replay"])
        self.assertIn("flush", req["schedule"])
        got = self.replay(req["replay"])
        self.assertEqual(got["model"], "tso")
        at = got["steps"][req["at_step"] - 1]
        self.assertIn("two threads in the critical section", at["mark"])
        # Both flags still wait in the buffers while each thread tests.
        self.assertIn("flag[A] = 1", at["buffers"])
        self.assertIn("flag[B] = 1", at["buffers"])
        self.assertTrue(any(s["flush"] for s in got["steps"]))
        status, doc = explore("counter", "--sync", "peterson-relaxed", "--model", "sc", "--check")
        self.assertEqual((status, doc["verdict"]), (0, "CORRECT"))

    def test_the_correct_locks_hold_under_tso(self):
        for sync in ("peterson", "tas", "ttas", "ticket", "bakery", "mutex", "spinlock",
                     "semaphore"):
            with self.subTest(sync=sync):
                status, doc = explore("counter", "--sync", sync, "--iters", "2", "--model", "tso",
                                      "--check")
                self.assertEqual((status, doc["verdict"]), (0, "CORRECT"))

    def test_every_tso_counterexample_replays(self):
        seen = 0
        for sync in ("none", "flag", "flags-set-first", "turn", "peterson-relaxed"):
            _, doc = explore("counter", "--sync", sync, "--iters", "2", "--model", "tso")
            for name, req in doc["requirements"].items():
                if req["finding"] != "broken":
                    continue
                seen += 1
                with self.subTest(sync=sync, requirement=name):
                    got = self.replay(req["replay"])
                    if name == "outcome":
                        self.assertEqual(got["observed"], req["observed"])
                    elif name == "mutual_exclusion":
                        at = got["steps"][req["at_step"] - 1]
                        self.assertIn("two threads in the critical section", at["mark"])
                    else:
                        self.assertIn(got["verdict"], ("DEADLOCK", "STUCK"))
        self.assertGreaterEqual(seen, 5)

    def test_a_flush_is_checked_like_any_step(self):
        base = ["counter", "--sync", "peterson-relaxed", "--iters", "1"]
        p = run(*base, "--schedule", "A,A:flush")
        self.assertEqual(p.returncode, 2)
        self.assertIn("only --model tso", p.stderr)
        p = run(*base, "--model", "tso", "--schedule", "A:flush")
        self.assertEqual(p.returncode, 2)
        self.assertIn("store buffer is empty", p.stderr)
        p = run(*base, "--model", "tso", "--schedule", "AAAAAAABBBBBBB")
        self.assertEqual(p.returncode, 2)
        self.assertIn("end it with A:flush", p.stderr)
        p = run("counter", "--model", "tso")
        self.assertEqual(p.returncode, 2)
        self.assertIn("--model goes with --schedule", p.stderr)
        for bad in (["counter", "--model", "pso"], ["sb", "--model"]):
            p = run("explore", *bad)
            self.assertEqual(p.returncode, 2, bad)
            self.assertEqual(len(p.stderr.splitlines()), 1)
        p = run("explore", "counter", "--order", "seq_cst")
        self.assertEqual(p.returncode, 2)

    def test_every_workload_runs_under_tso_and_its_counterexample_replays(self):
        for workload, broken in [("bank", "outcome"), ("queue", "outcome"),
                                 ("prodcons", "progress")]:
            with self.subTest(workload=workload):
                status, doc = explore(workload, "--model", "tso", "--check")
                self.assertEqual((status, doc["model"]), (1, "tso"))
                req = doc["requirements"][broken]
                got = self.replay(req["replay"])
                if broken == "outcome":
                    self.assertEqual(got["observed"], req["observed"])
                else:
                    self.assertEqual(got["verdict"], "DEADLOCK")
        for workload in ("bank", "queue"):
            status, doc = explore(workload, "--sync", "mutex", "--iters", "2", "--model", "tso",
                                  "--check")
            self.assertEqual((status, doc["verdict"]), (0, "CORRECT"), workload)

    def test_random_and_every_schedules_drain_the_buffers(self):
        for schedule in ("random", "every:1", "every:3"):
            with self.subTest(schedule=schedule):
                p = run("counter", "--sync", "peterson", "--iters", "2", "--model", "tso",
                        "--schedule", schedule, "--format", "json")
                self.assertEqual(p.returncode, 0, p.stderr)
                doc = json.loads(p.stdout)
                self.assertEqual(doc["observed"], "N = 4")
                self.assertEqual(doc["steps"][-1]["buffers"].count("-"), 2)


class Bounds(unittest.TestCase):
    def test_a_search_cut_at_its_limit_says_so_and_exits_4(self):
        # Two threads inside at once after 4 steps: found before the cut, and
        # what was found is so, though nothing was proven to hold.
        p = run("explore", "counter", "--sync", "flag", "--iters", "5", "--max-states", "100")
        self.assertEqual(p.returncode, 4)
        self.assertIn("stopped at --max-states", p.stdout)
        self.assertIn("verdict   RACE", p.stdout)
        status, doc = explore("counter", "--sync", "peterson", "--iters", "3",
                              "--max-states", "50")
        self.assertEqual((status, doc["complete"], doc["interleavings"]), (4, False, None))
        self.assertEqual(doc["verdict"], "NONE")
        self.assertEqual(doc["requirements"]["mutual_exclusion"]["finding"], "unknown")

    def test_a_stop_signal_ends_the_search_and_it_reports_how_far_it_got(self):
        # A search of 5,000,000 states takes seconds; the signal goes once
        # racedemo has caught it (its SigCgt bit): the search is under way.
        for sig, status in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
            with self.subTest(signal=sig):
                p = subprocess.Popen([BIN, "explore", "counter", "--iters", "30", "--format",
                                      "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    with open(f"/proc/{p.pid}/status") as f:
                        caught = next(int(line.split()[1], 16) for line in f
                                      if line.startswith("SigCgt:"))
                    if caught >> (sig - 1) & 1:
                        break
                    time.sleep(0.01)
                p.send_signal(sig)
                out, err = p.communicate(timeout=60)
                self.assertEqual(p.returncode, status, err)
                self.assertIn("racedemo: stopping; the search ends where it is", err)
                doc = json.loads(out)
                if doc["interrupted"]:  # else it had ended before the signal came
                    self.assertEqual((doc["complete"], doc["verdict"]), (False, "NONE"))
                    self.assertLess(doc["states"], 5000000)

    def test_bad_input_is_one_line_and_status_2(self):
        cases = [
            ([], "name what to explore first"),
            (["--sync", "flag", "counter"], "name what to explore first"),
            (["counter", "--iters", "2", "--first-iters", "1"], "--first-iters"),
            (["nosuch"], "'nosuch' is neither a workload nor a litmus test"),
            (["counter", "--threads", "9"], "--threads"),
            (["counter", "--sync", "peterson", "--threads", "3"], "at most 2 threads"),
            (["counter", "--sync", "turn", "--threads", "1"], "at least 2 threads"),
            (["counter", "--sync", "flag,tas"], "one strategy"),
            (["counter", "--iters", "0"], "--iters"),
            (["counter", "--format", "mermaid"], "--format"),
        ]
        for args, words in cases:
            with self.subTest(args=args):
                p = run("explore", *args)
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertEqual(p.stdout, "")
                self.assertEqual(len(p.stderr.splitlines()), 1, p.stderr)
                self.assertIn(words, p.stderr)

    def test_help_lists_the_exit_statuses(self):
        p = run("explore", "--help")
        self.assertEqual(p.returncode, 0)
        for status in ("  0 ", "  1 ", "  2 ", "  4 "):
            self.assertIn(status, p.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
