#!/usr/bin/env python3
"""play_test.py: racedemo play through the built binary, scripted (one
key a line on a pipe): each challenge won by the shortest schedule that
explore finds, its printed --schedule command replayed to the same end,
the correct lock's proof, the undo hint, and bad keys and options
refused. Deterministic: play walks the graph explore walks.
Usage: play_test.py PATH/TO/racedemo"""
import fcntl
import json
import os
import re
import select
import shlex
import signal
import struct
import subprocess
import sys
import termios
import time
import unittest

BIN = sys.argv.pop(1) if __name__ == "__main__" else None
os.environ["COLUMNS"] = "80"
os.environ.pop("NO_COLOR", None)

# Each challenge (play's arguments), explore's arguments for its instance,
# and the requirement whose shortest counterexample wins it.
CHALLENGES = [
    (["counter"], [], "outcome"),
    (["counter", "--sync", "flag"], [], "mutual_exclusion"),
    (["counter", "--sync", "flags-check-first"], [], "mutual_exclusion"),
    (["counter", "--sync", "flags-set-first"], [], "progress"),
    (["counter", "--sync", "turn"], ["--iters", "2"], "progress"),
    # The store buffers as a model: each store waits until its flush.
    (["counter", "--sync", "peterson-relaxed", "--model", "tso"], [], "mutual_exclusion"),
    (["bank"], [], "outcome"),
    (["queue"], [], "outcome"),
    (["prodcons"], ["--slots", "1"], "progress"),
]


def run(args, keys=None):
    return subprocess.run([BIN, *args], input=keys if keys is not None else "",
                          capture_output=True, text=True, timeout=120)


def moves(schedule):
    """A schedule's moves: letters, and A:flush words (between commas)."""
    return re.findall(r"[A-Z]:flush|[A-Z]", schedule)


def play(args, letters):
    """Plays the moves of `letters` (a schedule, or a list of moves), one a line."""
    if not isinstance(letters, str):
        keys = letters
    else:  # keys one a character, but an A:flush word whole
        keys = re.findall(r"[A-Z]:flush|[^,]", letters)
    return run(["play", *args], "".join(k + "\n" for k in keys))


def shortest(args, extra, requirement):
    """The moves up to where explore's shortest counterexample breaks
    the requirement, as a schedule's words."""
    p = run(["explore", *args, *extra, "--format", "json"])
    doc = json.loads(p.stdout)
    req = doc["requirements"][requirement]
    first = moves(req["schedule"])[: req["at_step"]]
    return ",".join(m for m in first if ":" in m) and _words(first) or "".join(first), doc["states"]


def _words(ms):
    """Moves back into a schedule's words: letters run together, a flush
    between commas."""
    out = ""
    for m in ms:
        if ":" in m:
            out += ("," if out and not out.endswith(",") else "") + m + ","
        else:
            out += m
    return out.rstrip(",")


def field(out, label):
    """A labelled line's value ("  played ABAB"); for "replay it:", the
    command on the line after it."""
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if label == "replay it:" and line == label:
            return lines[i + 1]
        # A label sits two columns in; a wrapped line's rest, further.
        if line.startswith("  " + label + " ") and not line.startswith("   "):
            return line[2 + len(label):].strip()
    return None


class Challenges(unittest.TestCase):
    def test_list_in_story_order(self):
        p = run(["play"])
        self.assertEqual(p.returncode, 0)
        cmds = [line.strip() for line in p.stdout.splitlines()
                if re.match(r" *\d+\. racedemo play", line)]
        want = ["racedemo play " + " ".join(c[0]) for c in CHALLENGES]
        want.insert(5, "racedemo play counter --sync peterson-relaxed")
        self.assertEqual([c.split(". ", 1)[1] for c in cmds], want)

    def test_each_challenge_won_by_the_shortest_schedule(self):
        for args, extra, requirement in CHALLENGES:
            with self.subTest(args=args):
                letters, _ = shortest(args, extra, requirement)
                p = play(args, letters)
                self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
                n = len(moves(letters))
                self.assertIn("WON in %d moves (the fewest: %d)" % (n, n), p.stdout)
                self.assertEqual(field(p.stdout, "played"), letters)
                self.assertEqual(p.stderr, "")

    def test_the_schedule_printed_replays_to_the_same_end(self):
        for args, extra, requirement in CHALLENGES:
            with self.subTest(args=args):
                letters, _ = shortest(args, extra, requirement)
                p = play(args, letters)
                end = field(p.stdout, "end")
                cmd = shlex.split(field(p.stdout, "replay it:"))
                self.assertEqual(cmd[0], "racedemo")
                r = run(cmd[1:] + ["--format", "json"])
                self.assertIn(r.returncode, (0, 3, 5), r.stderr)
                doc = json.loads(r.stdout)
                self.assertEqual(doc["observed"], end, r.stdout)

    def test_correct_lock_ends_with_the_proof(self):
        doc = json.loads(run(["explore", "counter", "--sync", "peterson-relaxed",
                              "--format", "json"]).stdout)
        states = doc["states"]
        p = play(["counter", "--sync", "peterson-relaxed"], "A" * 12 + "B" * 12)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("no schedule can get both threads inside at once: all %d states explored"
                      % states, p.stdout)

    def test_goal_impossible_says_undo(self):
        p = play(["counter"], "AAA")
        self.assertEqual(p.returncode, 1)
        self.assertIn("from here no schedule can lose an update: undo (u)", p.stdout)
        self.assertIn("goal not met", p.stdout)

    def test_undo_then_win(self):
        p = play(["counter"], "AAAuuBABAB")
        self.assertEqual(p.returncode, 0, p.stdout)
        self.assertEqual(field(p.stdout, "played"), "ABABAB")

    def test_waiting_thread_does_not_move(self):
        p = play(["counter", "--sync", "flag"], "AAB")
        self.assertIn("B waits at", p.stdout)
        self.assertIn("it does not move", p.stdout)
        self.assertEqual(field(p.stdout, "played"), "AA")

    def test_input_ends_without_the_goal(self):
        p = play(["counter"], "")
        self.assertEqual(p.returncode, 1)
        self.assertIn("goal not met", p.stdout)


class Terminal(unittest.TestCase):
    """The game on a real pseudo-terminal: keys one at a time, the screen
    redrawn, and the terminal's modes put back on every way out."""

    def start(self, args, rows=24, cols=80):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        before = termios.tcgetattr(slave)
        env = dict(os.environ, COLUMNS=str(cols), TERM="xterm")
        # Its own session, the pty its controlling terminal: Ctrl-C there
        # is a SIGINT to it, as in a shell.
        p = subprocess.Popen([BIN, "play", *args], stdin=slave, stdout=slave, stderr=slave,
                             start_new_session=True, env=env,
                             preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
        self.addCleanup(os.close, master)
        self.addCleanup(os.close, slave)
        self.addCleanup(lambda: p.poll() is None and p.kill())
        return p, master, slave, before

    def read_until(self, master, text, timeout=20):
        buf, end = b"", time.time() + timeout
        while time.time() < end and text.encode() not in buf:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    buf += os.read(master, 65536)
                except OSError:
                    break
        self.assertIn(text, buf.decode(errors="replace"))
        return buf.decode(errors="replace")

    def screens(self, text):
        plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
        return [s for s in plain.split("\x1b[H\x1b[2J")[1:] if s.strip()]

    def test_win_on_a_terminal(self):
        p, master, slave, before = self.start(["counter"])
        self.read_until(master, "fewest moves from here: 6")
        for key in "aababb":
            os.write(master, key.encode())
            time.sleep(0.05)
        out = self.read_until(master, "--schedule AABABB")
        self.assertEqual(p.wait(20), 0)
        self.assertIn("WON in 6 moves", out)
        self.assertEqual(termios.tcgetattr(slave), before)
        for screen in self.screens(out.split("WON")[0]):
            lines = screen.replace("\r", "").rstrip("\n").split("\n")
            self.assertLessEqual(len(lines), 24, screen)
            self.assertLessEqual(max(len(line) for line in lines), 80, screen)

    def test_each_challenge_won_on_a_terminal(self):
        for args, extra, requirement in CHALLENGES:
            with self.subTest(args=args):
                letters, _ = shortest(args, extra, requirement)
                p, master, slave, before = self.start(args)
                self.read_until(master, "fewest moves from here")
                for key in letters.lower():
                    os.write(master, key.encode())
                    time.sleep(0.02)
                out = self.read_until(master, "--schedule ")
                self.assertEqual(p.wait(20), 0)
                self.assertIn("WON in %d moves" % len(letters), out)
                self.assertEqual(termios.tcgetattr(slave), before)

    def test_fits_60_columns(self):
        for args in (["counter", "--sync", "flag"], ["prodcons"], ["bank"]):
            with self.subTest(args=args):
                p, master, _, _ = self.start(args, cols=60)
                self.read_until(master, "fewest moves from here")
                os.write(master, b"?")
                out = self.read_until(master, "own registers")
                os.write(master, b"a")
                out += self.read_until(master, "move 1")
                os.write(master, b"q")
                self.read_until(master, "goal not met")
                p.wait(20)
                for screen in self.screens(out):
                    lines = screen.replace("\r", "").rstrip("\n").split("\n")
                    self.assertLessEqual(len(lines), 24, screen)
                    self.assertLessEqual(max(len(line) for line in lines), 60, screen)

    def test_stop_signals_restore_the_terminal(self):
        for how, status in (("ctrl-c", 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)):
            with self.subTest(how=how):
                p, master, slave, before = self.start(["counter", "--sync", "flag"])
                self.read_until(master, "fewest moves from here")
                os.write(master, b"a")
                self.read_until(master, "move 1")
                self.assertNotEqual(termios.tcgetattr(slave), before)
                if how == "ctrl-c":
                    os.write(master, b"\x03")
                else:
                    p.send_signal(how)
                self.assertEqual(p.wait(20), status)
                self.assertEqual(termios.tcgetattr(slave), before)


class Refusals(unittest.TestCase):
    def refused(self, args, keys, words):
        p = run(["play", *args], keys)
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertEqual(len(p.stderr.splitlines()), 1, p.stderr)
        self.assertIn(words, p.stderr)

    def test_bad_keys(self):
        self.refused(["counter"], "a\n%\n", "line 2: not a key")
        self.refused(["counter"], "x\n", "no thread X")
        self.refused(["counter"], "c\n", "no thread C")
        self.refused(["counter"], "ab\n", "not a key")
        self.refused(["counter"], "1\n", "A:flush drains a store buffer, and --model sc has none")
        self.refused(["counter"], "B:flush\n", "B:flush drains a store buffer")

    def test_bad_options(self):
        self.refused(["counter", "--model", "pso"], "", "--model")
        self.refused(["counter", "--sync", "nosuch"], "", "--sync")
        self.refused(["nosuch"], "", "is not a workload play knows")
        self.refused(["counter", "--max-states", "3"], "", "lower --iters or --threads")
        self.refused(["counter", "--sync", "flag,tas"], "", "one strategy")


if __name__ == "__main__":
    unittest.main()
