#!/usr/bin/env python3
"""oracle_test.py: racedemo's output oracle.

Sweeps a matrix -- every workload x every strategy it accepts x a free run,
--trials, --schedule (explicit letters, `random` with many seeds, every:N)
and compare x text/json/csv/mermaid -- parses every output and checks the
invariants of the output contract:

  * lost = expected - observed, in the unit the output names;
  * the verdict agrees with the numbers and with the strategy's promise
    (a strategy that does not promise mutual exclusion is never CORRECT when
    more than one worker ran: a right total is NO RACE SEEN);
  * the text, JSON and CSV renderers agree on one result, rendered in
    process by render_all;
  * the text report's first line repeats the run: the same JSON config for
    a free run, byte-identical output for a --schedule run;
  * --check exits 1 iff some result is RACE, or stalled after completed
    trials that raced (else 3 STUCK/STALLED, 5 DEADLOCK);
  * a quiz shows no value in any format;
  * every run is present in every format (a stuck run too).

Workloads and strategies come from `racedemo list`, and each workload's
options from `racedemo WORKLOAD --help`: the oracle keeps no list of them.
Nothing nondeterministic is asserted: a free run of a strategy that promises
no exclusion may or may not race, and the oracle only checks that whatever
happened is reported consistently.

The matrix is larger than a CI run has time for: the cases are shuffled with
a seed in tiers (one of each kind first, then more seeds and variants) and
the first CASES of them run (default 100; ctest gives 40 to a sanitized
build; RACEDEMO_ORACLE_CASES overrides it; the whole matrix is about 900). The seed is RACEDEMO_ORACLE_SEED (default 1): the same seed
and count are the same sample on every machine and every day, and a person
who wants a new sample sets another. RACEDEMO_ORACLE_SYNCS=a,b keeps the
free and --schedule cases to those strategies (a new strategy's sample;
compare still runs every one); RACEDEMO_ORACLE_WORKLOADS=a,b keeps every
case to those workloads (a new workload's sample). The seed and the count
are printed, and a failure prints the command that repeats the sample and
one example command for each failed invariant (RACEDEMO_ORACLE_VERBOSE=1:
every one).

Usage: oracle_test.py PATH/TO/racedemo PATH/TO/render_all [CASES]
"""
import csv
import html.parser
import io
import json
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

# ---- the contract's constants (not lists of strategies or workloads) ----

TEXT_VERDICTS = ["NO RACE SEEN", "CORRECT", "RACE", "STUCK", "STALLED", "DEADLOCK", "none"]
TOKEN = {"CORRECT": "CORRECT", "NO RACE SEEN": "NO_RACE_SEEN", "RACE": "RACE",
         "STUCK": "STUCK", "STALLED": "STALLED", "DEADLOCK": "DEADLOCK",
         # No trial completed: --budget ran out inside the first one, of a
         # workload that cannot judge a trial cut short (prodcons), or Ctrl-C.
         "none": "NONE"}
TOKENS = set(TOKEN.values())
STALL_TOKENS = {"STUCK", "STALLED", "DEADLOCK"}
STATUS_OF = {"RACE": 1, "STUCK": 3, "STALLED": 3, "DEADLOCK": 5, "CORRECT": 0, "NO_RACE_SEEN": 0,
             "NONE": 0}
# The strategies that promise no mutual exclusion: `racedemo list`'s excl
# column says which (filled in by main); JSON's "exclusive" and every
# verdict must agree with it.
PROMISES_NO_EXCLUSION = set()

SIZE = 2000  # the size options of free runs (--iters, --transfers, --items)


class Missing(Exception):
    """A field the contract adds is not there: reported once by its own
    check, so the checks that would use it are skipped, not failed."""


# ---- running ----

class Proc:
    def __init__(self, argv, rc, out, err, seconds):
        self.argv, self.rc, self.out, self.err, self.seconds = argv, rc, out, err, seconds

    @property
    def cmd(self):
        return " ".join(shlex.quote(a) for a in self.argv)


class Oracle:
    def __init__(self, binary, render_all, seed, cases):
        self.bin, self.render_all, self.seed, self.cases = binary, render_all, seed, cases
        self.runs = 0
        self.checks = 0
        self.missing = 0
        self.failures = {}  # invariant -> [(command, message)]
        self.tmp = tempfile.mkdtemp(prefix="racedemo-oracle-")

    def run(self, argv, timeout=90):
        t0 = time.monotonic()
        # The oracle reads what the output says, not how it is laid out:
        # a wide screen, so that no line wraps but a command too long
        # even for it (command_line joins that one again).
        env = dict(os.environ, LC_ALL="C", COLUMNS="200")
        env.pop("NO_COLOR", None)
        try:
            p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env)
            rc, out, err = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired as e:
            rc, out, err = -1, e.stdout or "", f"timed out after {timeout} s"
            if isinstance(out, bytes):
                out = out.decode(errors="replace")
        self.runs += 1
        return Proc(argv, rc, out, err, time.monotonic() - t0)

    def racedemo(self, args):
        return self.run([self.bin, *args])

    def check(self, name, cmd, fn, *args):
        """Runs one invariant; a failure is recorded under its name with the
        command that showed it."""
        self.checks += 1
        try:
            fn(*args)
        except Missing:
            self.missing += 1
        except AssertionError as e:
            self.failures.setdefault(name, []).append((cmd, str(e)))
        except (KeyError, ValueError, TypeError, IndexError, AttributeError) as e:
            self.failures.setdefault(name, []).append((cmd, f"{type(e).__name__}: {e}"))


def need(cond, msg):
    if not cond:
        raise AssertionError(msg)


# ---- what racedemo says it has ----

def parse_list(text):
    """Workloads and strategies, each strategy with its thread limits."""
    workloads, strategies, section = [], {}, None
    for line in text.splitlines():
        if line.startswith("Workloads"):
            section = "w"
        elif line.startswith("Sync strategies"):
            section = "s"
        elif not line.strip() or line.strip().startswith("("):
            continue
        elif section == "w":
            workloads.append(line.split()[0])
        elif section == "s":
            name = line.split()[0]
            if line.split()[1] == "no":
                PROMISES_NO_EXCLUSION.add(name)
            lo, hi = 1, None
            m = re.search(r"\[(\d+) threads only\]", line)
            if m:
                lo = hi = int(m.group(1))
            m = re.search(r"\[up to (\d+) threads\]", line)
            if m:
                hi = int(m.group(1))
            strategies[name] = (lo, hi)
    return workloads, strategies


def parse_help(text):
    """A workload's options from its --help: name -> dict(metavar, default,
    lo, hi, choices)."""
    opts, cur = {}, None
    in_opts = False
    for line in text.splitlines():
        if line.startswith("Options:"):
            in_opts = True
            continue
        if not in_opts:
            continue
        if not line.strip():
            break
        m = re.match(r"^  (?:-\w, |    )--([\w-]+)(?: ([A-Z|a-z]+(?:\|\w+)?))?(?:\s+(.*))?$", line)
        if m and not line.startswith(" " * 10):
            cur = {"name": m.group(1), "metavar": m.group(2), "text": m.group(3) or "",
                   "choices": []}
            opts[cur["name"]] = cur
            continue
        if cur is None:
            continue
        m = re.match(r"^ {29}(\S+) {2,}", line)
        if m:
            cur["choices"].append(m.group(1))
        else:
            cur["text"] += " " + line.strip()
    for o in opts.values():
        m = re.search(r"\((-?[\d,]+) to (-?[\d,]+)(?:, default ([^)]*))?\)", o["text"])
        o["lo"] = int(m.group(1).replace(",", "")) if m else None
        o["hi"] = int(m.group(2).replace(",", "")) if m else None
        d = m.group(3) if m else None
        if d is None:
            d2 = re.search(r"\(default ([^)]*)\)", o["text"])
            d = d2.group(1) if d2 else None
        o["default"] = d
    return opts


# ---- numbers as the text report prints them ----

NUM = re.compile(r"(-?)(\$?)(-?)(\d[\d,]*(?:\.\d+)?)")


def parse_amount(s):
    """'$1,234' -> (1234, '$'); '-$456' -> (-456, '$'); '2,000' -> (2000, None)."""
    m = NUM.search(s)
    if not m:
        return None, None
    neg = m.group(1) == "-" or m.group(3) == "-"
    v = m.group(4).replace(",", "")
    v = float(v) if "." in v else int(v)
    return (-v if neg else v), ("$" if m.group(2) else None)


def negate_amount_text(text):
    """'+$70  (...)' -> '-$70  (...)', and '-$5' -> '$5': the first number's sign flipped."""
    m = re.match(r"^(\s*)([-+]?)(.*)$", text)
    sign = {"-": "", "+": "-", "": "-"}[m.group(2)]
    rest = m.group(3)
    if rest.startswith("$0") or re.match(r"^0\b", rest):
        sign = ""
    return m.group(1) + sign + rest


def fmt_thousands(n):
    return f"{abs(n):,}"


# ---- the free-run text report ----

def command_line(lines):
    """The first line, the command, joined again where it was wrapped: a
    line ending in " \\" goes on at the next line's first word, one ending
    in a bare backslash (a word cut) at the next line's start."""
    first, i = (lines[0] if lines else ""), 1
    while first.endswith("\\") and i < len(lines):
        first = first[:-1] + (lines[i].lstrip(" ") if first.endswith(" \\") else lines[i])
        i += 1
    return first


def parse_text_report(text):
    lines = text.splitlines()
    r = {"first": command_line(lines), "fields": {}, "rows": [], "verdict": None,
         "verdict_text": ""}
    i = 0
    while i < len(lines):
        line = lines[i]
        # "lost" and "short by" give expected - observed; "off by" (signed,
        # the bank's money) gives observed - expected: stored as lost.
        m = re.match(r"^  (expected|observed|lost|short by|off by)\s{2,}(.*)$", line)
        if m:
            key = m.group(1) if m.group(1) in ("expected", "observed") else "lost"
            value = m.group(2)
            if m.group(1) == "off by":
                value = negate_amount_text(value)
            if key not in r["fields"]:
                r["fields"][key] = value
        m = re.match(r"^ {4}trial +observed +(lost|short by|off by) ", line)
        if m:
            flip = m.group(1) == "off by"
            j = i + 1
            while j < len(lines) and re.match(r"^\s+\d+\s", lines[j]):
                cells = re.findall(r"[-+]?\$?-?\d[\d,]*(?:\.\d+)?%?", lines[j])
                lost = parse_amount(cells[2])
                if flip:
                    lost = (-lost[0], lost[1])
                r["rows"].append((int(cells[0]), parse_amount(cells[1]), lost))
                j += 1
            i = j
            continue
        m = re.match(r"^  verdict   (.*)$", line)
        if m:
            full = [m.group(1)]
            j = i + 1
            while j < len(lines) and lines[j].startswith(" " * 12) and lines[j].strip():
                full.append(lines[j].strip())
                j += 1
            r["verdict_text"] = " ".join(full)
            for v in TEXT_VERDICTS:
                if re.match(re.escape(v) + r"(\b|$)", m.group(1)):
                    r["verdict"] = v
                    break
            i = j
            continue
        i += 1
    return r


def parse_csv(text):
    return list(csv.DictReader(io.StringIO(text)))


# ---- the oracle's own verdict, from numbers and the promise ----

def promised_exclusive(sync):
    return sync not in PROMISES_NO_EXCLUSION


def workers_of(doc):
    threads = doc.get("summary", {}).get("threads")
    if isinstance(threads, list) and threads:
        return len(threads)
    return doc.get("config", {}).get("threads") or 2


def done_trials(doc):
    """The trials that finished: a stalled trial, if JSON lists it, has only
    part of a total."""
    return [t for t in doc["trials"] if t.get("verdict") not in STALL_TOKENS]


def csv_done_rows(rows):
    """The CSV rows of trials that finished (not a stalled run's row)."""
    return [r for r in rows if csv_int(r.get("observed")) is not None
            and r.get("verdict") not in STALL_TOKENS]


def trial_wrong(doc, t):
    return (doc["expected"] - t["observed"]) != 0 or t.get("correct") is False


def oracle_trial_verdict(doc, t):
    if trial_wrong(doc, t):
        return "RACE"
    if promised_exclusive(doc["config"]["sync"]) or workers_of(doc) <= 1:
        return "CORRECT"
    return "NO_RACE_SEEN"


def oracle_summary_verdicts(doc):
    """The summary verdicts the contract allows for this result (a set: a
    stall may be called STUCK or STALLED)."""
    s = doc["summary"]
    if s.get("stuck"):
        return {"DEADLOCK"} if s.get("deadlock") else {"STUCK", "STALLED"}
    vs = [oracle_trial_verdict(doc, t) for t in done_trials(doc)]
    if not vs and s.get("trials") == 0 and (s.get("budget_stopped") or s.get("interrupted")):
        return {"NONE"}
    if "RACE" in vs:
        return {"RACE"}
    if vs and all(v == "CORRECT" for v in vs):
        return {"CORRECT"}
    return {"NO_RACE_SEEN"}


# ---- invariants on one free-run result ----

def inv_json_shape(doc):
    for k in ("command", "config", "expected", "trials", "summary", "unit"):
        need(k in doc, f"JSON has no {k!r}")
    need(doc["config"].get("workload") and doc["config"].get("sync"), "config lacks workload/sync")


def raced_before_stall(doc):
    """A run that stalled after completed trials that raced: its races are
    not lost (completed_verdict RACE), and --check exits 1 for them."""
    s = doc["summary"]
    return bool(s.get("stuck")) and s.get("raced", 0) > 0


def inv_json_verdict_fields(doc):
    need(isinstance(doc.get("exclusive"), bool), "JSON has no top-level boolean 'exclusive'")
    s = doc["summary"]
    need(s.get("verdict") in TOKENS,
         f"summary.verdict is {s.get('verdict')!r}, not one of {sorted(TOKENS)}")
    # The completed trials' own verdict: RACE exactly when one raced, and
    # the summary's verdict itself unless a later trial stalled.
    need(s.get("completed_verdict") in TOKENS - STALL_TOKENS,
         f"summary.completed_verdict is {s.get('completed_verdict')!r}")
    need((s.get("completed_verdict") == "RACE") == (s.get("raced", 0) > 0),
         f"completed_verdict {s.get('completed_verdict')} with {s.get('raced')} raced")
    if not s.get("stuck"):
        need(s.get("completed_verdict") == s.get("verdict"),
             f"completed_verdict {s.get('completed_verdict')} beside verdict {s.get('verdict')}")
    for t in doc["trials"]:
        need(t.get("verdict") in TOKENS, f"trial {t.get('trial')}: verdict {t.get('verdict')!r}")


def inv_exclusive_flag(doc):
    if "exclusive" not in doc:
        raise Missing
    sync = doc["config"]["sync"]
    need(doc["exclusive"] == promised_exclusive(sync),
         f"--sync {sync}: exclusive is {doc['exclusive']}, the contract says "
         f"{promised_exclusive(sync)}")


def inv_json_lost(doc):
    for t in done_trials(doc):
        exp = t.get("expected", doc["expected"])
        need("observed" in t and "lost" in t, f"trial {t.get('trial')} lacks observed/lost")
        need(t["lost"] == exp - t["observed"],
             f"trial {t.get('trial')}: lost {t['lost']} != expected {exp} - observed {t['observed']}")


def inv_json_budget(doc):
    """--budget: a trial it cut short is the run's one trial, its expected
    total what the threads did (counter --op inc: their updates), and an
    exclusive strategy loses none of them."""
    s = doc["summary"]
    for k in ("budget_seconds", "budget_stopped", "budget_cut", "cut_updates_done"):
        need(k in s, f"summary has no {k!r}")
    if s.get("budget_seconds") is None:
        need(not s["budget_stopped"], "budget_stopped without a budget")
    if not s.get("budget_cut"):
        need(s.get("cut_updates_done") is None, "cut_updates_done without a cut trial")
        return
    need(s["budget_stopped"], "budget_cut but not budget_stopped")
    ts = done_trials(doc)
    need(len(ts) == 1, f"budget_cut with {len(ts)} trials; a cut trial is the only one")
    done = s["cut_updates_done"]
    need(len(done) == doc["config"].get("threads", len(done)), f"cut_updates_done {done}")
    need(doc["ops_per_trial"] == sum(done), f"ops_per_trial {doc['ops_per_trial']} != {sum(done)}")
    cfg = doc["config"]
    if doc["config"]["workload"] == "counter" and cfg.get("op") == "inc":
        need(doc["expected"] == sum(done), f"expected {doc['expected']} != done {sum(done)}")
    if doc.get("exclusive") and ts:
        need(ts[0]["observed"] == doc["expected"],
             f"an exclusive strategy cut by the budget: {ts[0]['observed']} of {doc['expected']}")


def inv_csv_budget(doc, rows):
    want = "true" if doc["summary"].get("budget_cut") else "false"
    for r in rows:
        need(r.get("budget_cut") == want, f"CSV budget_cut {r.get('budget_cut')!r}, JSON {want}")


RERUN_LIMIT = 7  # run.c's RUN_RERUN_LIMIT


def inv_reruns_agree(doc, rows, text):
    """Trials run again because their workers never overlapped: each
    trial's count is 0 to the limit, the summary adds them up, CSV carries
    each trial's, and the text says how many there were, or nothing."""
    if doc.get("summary", {}).get("reruns") is None:
        raise Missing
    ts = done_trials(doc)
    for t in ts:
        need(0 <= t.get("reruns", -1) <= RERUN_LIMIT,
             f"trial {t.get('trial')}: reruns {t.get('reruns')!r}, 0 to {RERUN_LIMIT}")
    total = doc["summary"]["reruns"]
    if len(ts) == doc["summary"]["trials"]:
        need(total == sum(t["reruns"] for t in ts),
             f"summary reruns {total} != the trials' {sum(t['reruns'] for t in ts)}")
    for r, t in zip(csv_done_rows(rows), ts):
        need(r.get("reruns") == str(t["reruns"]),
             f"CSV trial {r.get('trial')} reruns {r.get('reruns')!r}, JSON {t['reruns']}")
    flat = " ".join(text.split())
    m = re.search(r"  rerun +this trial ran (\d+) times|  rerun +([\d,]+) trials? in which", text)
    if total == 0:
        need(m is None, "the text says trials were run again; JSON says none were")
        return
    need(m is not None, f"JSON says {total} trials were run again; the text does not")
    said = int(m.group(1)) - 1 if m.group(1) else int(m.group(2).replace(",", ""))
    need(said == total, f"the text says {said} reruns, JSON {total}")
    need("never" in flat, "the rerun line does not say why")


def inv_json_trial_verdicts(doc):
    for t in done_trials(doc):
        if "verdict" not in t:
            raise Missing
        want = oracle_trial_verdict(doc, t)
        need(t["verdict"] == want,
             f"trial {t['trial']}: verdict {t['verdict']}, but lost {doc['expected'] - t['observed']}"
             f", correct {t.get('correct')}, --sync {doc['config']['sync']} with {workers_of(doc)} "
             f"workers says {want}")


def inv_json_summary_verdict(doc):
    if "verdict" not in doc["summary"]:
        raise Missing
    want = oracle_summary_verdicts(doc)
    need(doc["summary"]["verdict"] in want,
         f"summary verdict {doc['summary']['verdict']}, the trials say {'/'.join(sorted(want))}")


def inv_exclusive_strategy_exact(doc):
    if not promised_exclusive(doc["config"]["sync"]):
        return
    for t in done_trials(doc):
        need(t["observed"] == doc["expected"],
             f"--sync {doc['config']['sync']} promises exclusion, yet trial {t['trial']} observed "
             f"{t['observed']} of {doc['expected']}")


def inv_summary_agrees_with_trials(doc):
    s, ts = doc["summary"], done_trials(doc)
    need(s["trials"] in (len(ts), len(doc["trials"])),
         f"summary.trials {s['trials']} != {len(ts)} trials")
    losts = [doc["expected"] - t["observed"] for t in ts]
    wrong = sum(1 for t in ts if trial_wrong(doc, t))
    need(s["raced"] == wrong, f"summary.raced {s['raced']}, but {wrong} trials were wrong")
    if ts:
        need(s["lost_min"] == min(losts) and s["lost_max"] == max(losts),
             f"lost_min/max {s['lost_min']}/{s['lost_max']} != {min(losts)}/{max(losts)}")


def inv_audit_range_needs_an_audit(doc):
    """The bank's lowest and highest audit are null in a trial in which no
    audit ran, and the summary's are those of the trials with audits."""
    ts = [t for t in done_trials(doc) if "audits" in t]
    for t in ts:
        for k in ("audit_low", "audit_high"):
            need((t[k] is None) == (t["audits"] == 0),
                 f"trial {t['trial']}: {t['audits']} audits, {k} {t[k]}")
    audited = [t for t in ts if t["audits"]]
    s = doc["summary"]
    if ts and len(ts) == s["trials"]:
        need(s["audit_low"] == min((t["audit_low"] for t in audited), default=None) and
             s["audit_high"] == max((t["audit_high"] for t in audited), default=None),
             f"summary audit range {s['audit_low']}..{s['audit_high']} is not the trials'")


def inv_csv_columns(rows, header):
    for k in ("workload", "sync", "expected", "observed", "lost", "verdict"):
        need(k in header, f"CSV has no {k!r} column: {','.join(header)}")


def csv_int(v):
    return int(v) if v not in (None, "") else None


def inv_csv_lost(rows):
    for r in rows:
        e, o, l = csv_int(r.get("expected")), csv_int(r.get("observed")), csv_int(r.get("lost"))
        if e is None or o is None:
            continue
        need(l == e - o, f"CSV row {r.get('sync')} trial {r.get('trial')}: lost {l} != {e} - {o}")


def inv_csv_verdicts_from_numbers(rows):
    """A CSV on its own: each row's verdict follows from its numbers (a row
    without a total is a stalled run's, and says so)."""
    for r in rows:
        if "verdict" not in r:
            raise Missing
        v = r["verdict"]
        need(v in TOKENS, f"CSV verdict {v!r} for {r.get('sync')}")
        if csv_int(r.get("observed")) is None:
            # Stopped by the watchdog, or by --budget inside its first trial.
            need(v in STALL_TOKENS | {"NONE"}, f"CSV row {r.get('sync')} has no total, and verdict {v!r}")
            continue
        if v in STALL_TOKENS:
            continue
        wrong = csv_int(r["lost"]) != 0 or r.get("correct") == "false"
        if wrong:
            want = {"RACE"}
        elif promised_exclusive(r["sync"]):
            want = {"CORRECT"}
        elif csv_int(r.get("threads")) == 1:  # and a helper (the auditor) perhaps
            want = {"CORRECT", "NO_RACE_SEEN"}
        else:
            want = {"NO_RACE_SEEN"}
        need(v in want, f"CSV row {r.get('sync')} trial {r.get('trial')}: verdict {v}, the "
                        f"numbers (lost {r['lost']}, correct {r.get('correct')}) say "
                        f"{'/'.join(sorted(want))}")


def inv_every_run_in_csv(doc, rows):
    """One row per trial, and a stalled run still has a row with its verdict."""
    done = csv_done_rows(rows)
    need(len(done) == len(done_trials(doc)),
         f"CSV has {len(done)} rows with a total, JSON {len(doc['trials'])} trials")
    if doc["summary"].get("stuck"):
        stall = [r for r in rows if r.get("verdict") in STALL_TOKENS]
        need(stall, f"a stalled run ({'DEADLOCK' if doc['summary'].get('deadlock') else 'STUCK'}) "
                    f"has no CSV row with its verdict ({len(rows)} rows)")


def inv_csv_agrees_with_json(doc, rows):
    done = csv_done_rows(rows)
    for t, r in zip(done_trials(doc), done):
        need(csv_int(r["observed"]) == t["observed"] and csv_int(r["expected"]) == doc["expected"],
             f"trial {t['trial']}: CSV {r['expected']}/{r['observed']}, JSON "
             f"{doc['expected']}/{t['observed']}")
        if "verdict" in r and "verdict" in t:
            need(r["verdict"] == t["verdict"],
                 f"trial {t['trial']}: CSV verdict {r['verdict']}, JSON {t['verdict']}")


def inv_text_verdict(doc, rep):
    need(rep["verdict"] is not None, f"no '  verdict   ' line with a verdict: {rep['verdict_text']!r}")
    want = oracle_summary_verdicts(doc)
    got = TOKEN[rep["verdict"]]
    need(got in want, f"text verdict {rep['verdict']!r}, the numbers and --sync "
                      f"{doc['config']['sync']} say {'/'.join(sorted(want))}")
    n = len(done_trials(doc))
    if n > 1 and got in ("CORRECT", "NO_RACE_SEEN", "RACE"):
        k = sum(1 for t in done_trials(doc) if oracle_trial_verdict(doc, t) == "RACE")
        phrase = {"CORRECT": f"CORRECT in all {n} trials", "NO_RACE_SEEN": f"NO RACE SEEN in {n} trials",
                  "RACE": f"RACE in {k} of {n} trials"}[got]
        need(rep["verdict_text"].startswith(phrase),
             f"text verdict {rep['verdict_text'][:60]!r} does not start {phrase!r}")


def inv_text_numbers_agree_with_json(doc, rep):
    unit = doc.get("unit")
    if len(done_trials(doc)) == 1 and "observed" in rep["fields"]:
        t = done_trials(doc)[0]
        e, eu = parse_amount(rep["fields"]["expected"])
        o, ou = parse_amount(rep["fields"]["observed"])
        l, lu = parse_amount(rep["fields"]["lost"])
        need((e, o) == (doc["expected"], t["observed"]),
             f"text expected/observed {e}/{o}, JSON {doc['expected']}/{t['observed']}")
        need(l == e - o, f"text lost {l} != expected {e} - observed {o}")
        need(l == t["lost"], f"text lost {l}, JSON lost {t['lost']}")
        for what, u in (("expected", eu), ("observed", ou), ("lost", lu)):
            need(u == ("$" if unit == "$" else None),
                 f"text {what} {rep['fields'][what]!r} is not in the unit JSON names ({unit!r})")
    elif len(done_trials(doc)) > 1 or rep["rows"]:
        need(len(rep["rows"]) == len(done_trials(doc)),
             f"text lists {len(rep['rows'])} trials, JSON {len(doc['trials'])}")
        for (n, (o, ou), (l, lu)), t in zip(rep["rows"], done_trials(doc)):
            need((n, o) == (t["trial"], t["observed"]),
                 f"text trial {n} observed {o}, JSON trial {t['trial']} observed {t['observed']}")
            need(l == doc["expected"] - o, f"text trial {n}: lost {l} != {doc['expected']} - {o}")
            need(ou == ("$" if unit == "$" else None),
                 f"text trial {n} observed is not in the unit JSON names ({unit!r})")


def inv_text_lost(rep):
    e = parse_amount(rep["fields"]["expected"])[0]
    o = parse_amount(rep["fields"]["observed"])[0]
    l = parse_amount(rep["fields"]["lost"])[0]
    need(l == e - o, f"text lost {l} != expected {e} - observed {o}")


def inv_text_verdict_alone(rep, sync, one_thread):
    """A one-trial text report on its own: a loss is a RACE, and CORRECT
    needs a strategy that promises exclusion."""
    l = parse_amount(rep["fields"]["lost"])[0]
    if l:
        need(rep["verdict"] == "RACE", f"lost {l}, verdict {rep['verdict']}")
    elif rep["verdict"] == "CORRECT" and not one_thread:
        need(promised_exclusive(sync), f"--sync {sync} promises no exclusion, yet the verdict is "
                                       f"CORRECT")
    elif rep["verdict"] == "NO RACE SEEN":
        need(not promised_exclusive(sync), f"--sync {sync} promises exclusion, yet the verdict is "
                                           f"NO RACE SEEN")


def inv_first_line_is_command(rep, workload):
    need(rep["first"].startswith(f"racedemo {workload} "),
         f"first line {rep['first'][:60]!r} is not 'racedemo {workload} ...'")
    shlex.split(rep["first"])


def inv_json_command_is_first_line(doc, rep):
    need(doc["command"] == rep["first"], f"JSON command {doc['command']!r} != text first line "
                                         f"{rep['first']!r}")


class HtmlMarks(html.parser.HTMLParser):
    """An HTML page's data block, and the text of each element with a
    data-json attribute."""

    def __init__(self):
        super().__init__()
        self.stack, self.marks, self.data, self.in_data = [], [], None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("type") == "application/json":
            self.in_data, self.data = True, ""
        self.stack.append([tag, a.get("data-json"), ""])

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        self.in_data = False
        while self.stack:
            t, path, text = self.stack.pop()
            if self.stack:
                self.stack[-1][2] += text
            if path:
                self.marks.append((path, text))
            if t == tag:
                break

    def handle_data(self, data):
        if self.in_data:
            self.data += data
        elif self.stack:
            self.stack[-1][2] += data


def json_at(doc, path):
    for part in path.split("."):
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def inv_html_agrees_with_json(doc, page):
    """--format html embeds the run's JSON document, each number it marks
    (data-json) is the one the JSON holds, and each picture parses."""
    p = HtmlMarks()
    p.feed(page)
    need(p.data is not None and json.loads(p.data) == doc, "the page's data block is not the JSON")
    for path, text in p.marks:
        value = json_at(doc, path)
        shown = re.sub(r"[\s,]", "", text).lstrip("$+")
        if isinstance(value, str):
            need(text.strip().replace(" ", "_") == value.replace(" ", "_") or text.strip() == value,
                 f"{path}: page shows {text!r}, JSON holds {value!r}")
        else:
            need(not isinstance(value, bool) and value is not None and float(shown) == value,
                 f"{path}: page shows {text!r}, JSON holds {value!r}")
    ids = []
    for m in re.finditer(r"<svg .*?</svg>", page, re.S):
        try:
            ids.append(ET.fromstring(m.group(0)).get("id"))
        except ET.ParseError as e:
            need(False, f"a picture does not parse as XML: {e}")
    s = doc["summary"]
    single = s["trials"] == 1 and len(doc["trials"]) == 1
    want = (["timeline"] + (["audits"] if "series" in doc else [])
            + (["queue-list"] if "list_end" in doc else []) if single
            else ["histogram", "series"] if s["trials"] > 1 else [])
    need(ids == want, f"pictures {ids}, expected {want}")


def inv_json_pictures(doc):
    """The JSON that --format html draws: the first trial's timeline adds up
    to its overlap, the bank's audit series is bounded and counts its
    audits, and the queue's list end is what the trial reached."""
    if not doc["trials"]:
        need(doc["timeline"] is None, "a timeline without a completed trial")
        return
    t0, lanes = doc["trials"][0], doc["timeline"]
    need(all(x["start_ns"] <= x["end_ns"] for x in lanes), "a worker finished before it started")
    edges = sorted([(x["start_ns"], 1) for x in lanes] + [(x["end_ns"], -1) for x in lanes])
    overlap, working = 0, 0
    for k, (t, step) in enumerate(edges):
        if working >= 2 and k:
            overlap += t - edges[k - 1][0]
        working += step
    need(overlap == t0["overlap_ns"], f"timeline overlaps {overlap} ns, trial 1 says "
                                      f"{t0['overlap_ns']}")
    need([x["cpu"] for x in lanes] == doc["cpus"], "timeline CPUs are not cpus")
    if "series" in doc:
        sr = doc["series"]
        n = len(sr["points"])
        need(n <= 4096 and sr["every"] >= 1 and n == -(-sr["taken"] // sr["every"]),
             f"{n} points of {sr['taken']} taken, every {sr['every']}")
        need(sr["taken"] == t0.get("audits", sr["taken"]), "series taken != trial 1's audits")
        need(sr["expected"] == doc["expected"], "series expected != expected")
    if "list_end" in doc:
        need(doc["list_end"]["reached"] == t0["observed"], "list_end reached != trial 1 observed")


def inv_same_config(a, b, seed_drawn=True):
    """The same configuration; --seed only where the run drew from it (the
    bank's transfers): elsewhere the first line leaves it out, and the
    run again has the default seed, which changes nothing."""
    ignored = {"format"} | (set() if seed_drawn else {"seed"})
    a = {k: v for k, v in a.items() if k not in ignored}
    b = {k: v for k, v in b.items() if k not in ignored}
    diff = {k: (a.get(k), b.get(k)) for k in set(a) | set(b) if a.get(k) != b.get(k)}
    need(not diff, f"config differs (original, rerun): {diff}")


def inv_exit_status(rc, verdicts, check, raced_first=False):
    """The status racedemo gives for verdicts (a set of summary verdicts);
    raced_first: a stalled run's completed trials raced, which --check
    reports with 1 rather than the stall's status."""
    stall = [STATUS_OF[v] for v in verdicts if v in STALL_TOKENS]
    if stall and check and raced_first:
        need(rc == 1, f"--check: exit {rc} for a {'/'.join(sorted(verdicts))} run whose "
             "completed trials raced, not 1")
    elif stall:
        need(rc in stall, f"exit {rc} for a {'/'.join(sorted(verdicts))} run, not {stall}")
    elif check:
        want = 1 if "RACE" in verdicts else 0
        need(rc == want, f"--check: exit {rc}, the verdict {'/'.join(sorted(verdicts))} wants {want}")
    else:
        need(rc == 0, f"exit {rc} without --check for a {'/'.join(sorted(verdicts))} run")


# ---- the replay (--schedule) text and mermaid ----

def parse_replay(text):
    lines = text.splitlines()
    r = {"first": command_line(lines), "steps": [], "fields": {}, "verdict": None,
         "verdict_text": "", "cols": None, "markers": []}
    for i, line in enumerate(lines):
        if re.match(r"^  step  thread  operation", line):
            r["cols"] = (line.index("read or written"), line.index("after it"))
        elif r["cols"] and re.match(r"^\s+\d+  [A-Z] ", line):
            a, b = r["cols"]
            r["steps"].append({"n": int(line.split()[0]), "thread": line.split()[1],
                               "op": line[:a].split(None, 2)[2].strip() if len(line[:a].split(None, 2)) > 2 else "",
                               "read": line[a:b].strip(), "after": line[b:].strip()})
        elif re.match(r"^\s+\^ ", line):
            r["markers"].append(line.strip())
        m = re.match(r"^  (schedule|expected|observed)  (.*)$", line)
        if m:
            r["fields"][m.group(1)] = m.group(2).strip()
        m = re.match(r"^  verdict   (.*)$", line)
        if m:
            full = [m.group(1)]
            for nxt in lines[i + 1:]:
                if not nxt.startswith(" " * 12) or not nxt.strip():
                    break
                full.append(nxt.strip())
            r["verdict_text"] = " ".join(full)
            for v in TEXT_VERDICTS:
                if re.match(re.escape(v) + r"(\b|$)", m.group(1)):
                    r["verdict"] = v
                    break
    return r


def replay_value(s):
    """'N = 2' -> (2, None, None); 'total $2,000' -> (2000, '$', None);
    '8 nodes reachable from head' -> (8, None, 'node')."""
    v, unit = parse_amount(s)
    noun = None
    m = re.search(r"\d[\d,]*\s+([a-z]+?)s?\b", s)
    if m and unit is None and "=" not in s:
        noun = m.group(1)
    return v, unit, noun


def inv_replay_parses(rep, workload):
    need(rep["first"].startswith(f"racedemo {workload} ") and "--schedule" in rep["first"],
         f"first line {rep['first'][:70]!r} is not a racedemo {workload} --schedule command")
    need(rep["steps"], "no step table")
    for k in ("expected", "observed"):
        need(k in rep["fields"], f"no '  {k}' line")
    need(rep["verdict"] is not None, f"no verdict line: {rep['verdict_text']!r}")


def inv_replay_verdict(rep, sync):
    e, _, _ = replay_value(rep["fields"]["expected"])
    o, _, _ = replay_value(rep["fields"]["observed"])
    letters = {s["thread"] for s in rep["steps"]}
    got = TOKEN[rep["verdict"]]
    if got in STALL_TOKENS:
        return
    if e is None or o is None:
        # Expected and observed in words (prodcons): the words decide a
        # RACE; otherwise the promise decides.
        want = {"RACE", "CORRECT" if promised_exclusive(sync) or len(letters) <= 1 else "NO_RACE_SEEN"}
    elif e != o or (rep["markers"] and any("overwr" in m or "lost" in m for m in rep["markers"])):
        # A store marked as overwriting another's update is a lost update,
        # even where the totals happen to agree (the bank's accounts).
        want = {"RACE"}
    elif promised_exclusive(sync):
        want = {"CORRECT"}
    elif len(letters) <= 1:
        want = {"CORRECT", "NO_RACE_SEEN"}
    else:
        want = {"NO_RACE_SEEN"}
    need(got in want, f"verdict {rep['verdict']!r} with expected {e}, observed {o}, --sync {sync} "
                      f"({len(letters)} threads stepped): want {'/'.join(sorted(want))}")


def inv_replay_race_states_lost(rep):
    if rep["verdict"] != "RACE":
        return
    e, eu, enoun = replay_value(rep["fields"]["expected"])
    o, _, _ = replay_value(rep["fields"]["observed"])
    if e is None or o is None:
        return  # totals in words (prodcons)
    lost = e - o
    vt = rep["verdict_text"]
    if lost == 0:
        return  # a RACE of overwritten updates whose totals agree: nothing to state
    amount = ("$" if eu == "$" else "") + fmt_thousands(lost)
    need(re.search(r"(?<![\d,])" + re.escape(amount) + r"(?![\d,])", vt),
         f"RACE verdict {vt[:80]!r} does not state lost = {e} - {o} = {lost} "
         f"(as {amount!r})")
    if lost < 0:
        need(re.search(r"-\$|created|extra|appeared|gained|more|too many", vt),
             f"lost {lost} < 0 (created), but the verdict {vt[:80]!r} reads as a loss")


def inv_replay_lost_in_unit_named(rep):
    if rep["verdict"] != "RACE":
        return
    _, eu, enoun = replay_value(rep["fields"]["expected"])
    vt = rep["verdict_text"]
    if eu == "$":
        need("$" in vt, f"the totals are in $, the RACE verdict {vt[:80]!r} names no $ amount")
    elif enoun:
        m = re.search(r"\d[\d,]*(?:\s+of\s+\d[\d,]*)?\s+(?:added\s+)?([a-z]+)", vt)
        need(m and m.group(1).rstrip("s") == enoun.rstrip("s"),
             f"the totals count {enoun}s, the RACE verdict counts "
             f"{m.group(1) if m else 'nothing'}: {vt[:80]!r}")


def inv_quiz_text_hides_values(rep):
    need(rep["steps"], "no step table")
    for s in rep["steps"]:
        for col in ("read", "after"):
            need(s[col] in ("", "?"), f"quiz step {s['n']} shows {col} {s[col]!r}")
    need(not re.search(r"\d", rep["fields"].get("observed", "")),
         f"quiz shows the observed value: {rep['fields'].get('observed')!r}")
    need(not rep["markers"], f"quiz marks the lost update: {' '.join(rep['markers'])[:80]!r}")
    need(rep["verdict"] is None, f"quiz shows the verdict: {rep['verdict_text'][:60]!r}")


NAMES = re.compile(r"#35;\d+|#\d+|\b[A-Z]\d+\b|\[[A-Z]\]")


def mermaid_values(text):
    """The values a mermaid diagram shows: the parenthesised part of each
    step and the final note, with names (#35;1 accounts, A1 nodes) and the
    expected total left out."""
    vals = []
    for line in text.splitlines()[1:]:
        line = line.strip()
        if line.startswith("participant"):
            continue
        body = line.split(":", 1)[1] if ":" in line else line
        body = NAMES.sub("", re.sub(r"\(expected[^)]*\)", "", body))
        if line.startswith("Note over S") and "overwrites" not in body:
            if re.search(r"\d", body):
                vals.append(body.strip())
            continue
        for m in re.finditer(r"\(([^()]*)\)\s*$", body):
            if re.search(r"\d", m.group(1)):
                vals.append(m.group(1))
    return vals


def inv_mermaid_parses(text):
    need(text.startswith("sequenceDiagram\n"), f"mermaid does not start with sequenceDiagram: "
                                                f"{text[:40]!r}")
    need(re.search(r"->>|Note over", text), "mermaid has no steps")


def inv_quiz_mermaid_hides_values(text):
    vals = mermaid_values(text)
    need(not vals, f"quiz mermaid shows {len(vals)} values, e.g. {vals[:3]}")


def inv_mermaid_agrees_with_text(text, rep):
    last = [l for l in text.splitlines() if l.strip().startswith("Note over S")]
    need(last, "mermaid has no final note")
    final = last[-1]
    o, e = rep["fields"]["observed"], rep["fields"]["expected"]
    m = re.match(r".*?:\s*(.*?)\s*\(expected (.*)\)\s*$", final)
    need(m, f"final note {final.strip()!r} does not say observed (expected ...)")
    # Mermaid text cannot hold ';': the diagram writes ',' for it.
    o, e = o.replace(";", ","), e.replace(";", ",")
    need((m.group(1), m.group(2)) == (o, e),
         f"mermaid final note {final.strip()!r}; text: observed {o!r}, expected {e!r}")
    arrows = sum(1 for l in text.splitlines() if "->>" in l or re.match(r"\s+Note over [A-Z]:", l))
    need(arrows >= len(rep["steps"]), f"mermaid shows {arrows} steps, the text {len(rep['steps'])}")


def inv_identical(a, b, what):
    if a == b:
        return
    al, bl = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(al, bl)):
        if x != y:
            need(False, f"{what} differs at line {i + 1}: {x!r} vs {y!r}")
    need(False, f"{what} differs in length: {len(al)} vs {len(bl)} lines")


# ---- compare ----

def parse_compare_text(text, strategies):
    rows = {}
    flip = False  # an "off by" column is observed - expected, signed
    titles = 0
    for line in text.splitlines():
        if re.match(r"^  strategy\s", line):
            titles += 1
            if titles > 1:  # the block of bars after the table
                break
            flip = re.search(r"\soff by\s", line) is not None
        m = re.match(r"^  (\S+)\s+(.*)$", line)
        if not m or m.group(1) not in strategies:
            continue
        rest = m.group(2)
        if rest.startswith("skipped") or rest.startswith("stopped at the"):
            rows[m.group(1)] = {"skipped": True}
            continue
        st = re.match(r"(STUCK|STALLED|DEADLOCK)\b", rest)
        if st:
            rows[m.group(1)] = {"verdict": st.group(1)}
            continue
        nums = re.match(r"((?:[-+]?\$?-?\d[\d,]*\s+){3})", rest)
        verdict = None
        vm = re.search(r"\s(NO RACE SEEN|CORRECT|RACE)\b", rest)
        if vm:
            verdict = vm.group(1)
        cells = [parse_amount(c)[0] for c in nums.group(1).split()] if nums else [None] * 3
        if flip and cells[2] is not None:
            cells[2] = -cells[2]
        rows[m.group(1)] = {"expected": cells[0], "observed": cells[1], "lost": cells[2],
                            "verdict": verdict, "line": line.strip()}
    return rows


def parse_compare_bars(text, strategies):
    """The block after compare's table: its title ("vs mutex"), each row's
    (ratio, bar marks) in order, the scale line, the baseline's note."""
    lines = text.splitlines()
    heads = [i for i, line in enumerate(lines) if re.match(r"^  strategy\s", line)]
    if len(heads) < 2:
        return None
    m = re.match(r"^  strategy\s+vs (\S+)\s+bar$", lines[heads[1]])
    block = {"base": m.group(1) if m else None, "rows": [], "scale": None, "note": None,
             "title": lines[heads[1]]}
    for line in lines[heads[1] + 1:]:
        r = re.match(r"^  (\S+)\s+([\d.]+)x  (#+)$", line)
        if r and r.group(1) in strategies:
            block["rows"].append((r.group(1), float(r.group(2)), len(r.group(3))))
            continue
        sc = re.match(r"^  bars: median ns per \w+, (linear|log scale)"
                      r"(?: \(the longest is ([\d,.]+)x the shortest\))?$", line)
        if sc:
            block["scale"] = (sc.group(1), float((sc.group(2) or "1").replace(",", "")))
        if line.startswith(f"  vs {block['base']}: "):
            block["note"] = line
    return block


def inv_compare_bars(block, trows):
    """Every row with a time has a bar, in the table's order; the baseline
    is 1x and named (mutex, or a note saying what it is); the scale line
    says log exactly when the times span more than 30x; longer times have
    bars no shorter."""
    need(block is not None, "compare text has no block of bars after its table")
    timed = [s for s, r in trows.items() if not r.get("skipped") and r.get("expected") is not None]
    names = [n for n, _, _ in block["rows"]]
    need(names == timed, f"bars for {names}, rows with a time {timed}")
    ratios = {n: x for n, x, _ in block["rows"]}
    need(block["base"] in ratios, f"baseline {block['title']!r} is not a row of the bars")
    need(abs(ratios[block["base"]] - 1) < 1e-9, f"baseline {block['base']} is {ratios[block['base']]}x")
    if "mutex" in ratios:
        need(block["base"] == "mutex" and block["note"] is None, "mutex ran yet is not the baseline")
    else:
        need(block["note"] is not None, f"baseline {block['base']}, not mutex, without a note")
    need(block["scale"] is not None, "no line says the bars' scale")
    scale, span = block["scale"]
    need((scale == "log scale") == (span > 30) or span == 30, f"{scale} for a span of {span}x")
    rows = sorted(block["rows"], key=lambda r: r[1])
    for (n1, x1, b1), (n2, x2, b2) in zip(rows, rows[1:]):
        need(b1 <= b2 or x1 == x2, f"{n1} ({x1}x) has a longer bar than {n2} ({x2}x)")
    need(rows[-1][2] == 20, f"the longest time's bar is {rows[-1][2]} marks, not 20")


def inv_compare_text_rows(rows, ran, strategies):
    for s in strategies:
        need(s in rows, f"compare text has no row for {s}")
    for s, r in rows.items():
        if r.get("skipped"):
            continue
        need(r.get("verdict"), f"compare text row {s} has no verdict: {r.get('line')!r}")


def inv_compare_text_numbers(rows, workers, trials):
    """Each row on its own (the JSON was another run): lost = expected -
    observed, and the verdict follows from the numbers and the promise."""
    for s, r in rows.items():
        if r.get("skipped") or r.get("verdict") in ("STUCK", "STALLED", "DEADLOCK"):
            continue
        if trials == 1:
            need(r["lost"] == r["expected"] - r["observed"],
                 f"{s}: lost {r['lost']} != {r['expected']} - {r['observed']}")
        v = TOKEN.get(r["verdict"])
        if r["lost"]:
            need(v == "RACE", f"{s}: lost {r['lost']}, verdict {r['verdict']}")
        if v == "CORRECT" and workers > 1:
            need(promised_exclusive(s), f"{s} promises no exclusion, yet compare says CORRECT")
        if v == "NO_RACE_SEEN":
            need(not promised_exclusive(s), f"{s} promises exclusion, yet compare says NO RACE SEEN")


def inv_compare_every_strategy(doc, strategies):
    got = [r.get("sync") for r in doc["runs"]]
    need(sorted(got) == sorted(strategies), f"compare JSON runs {got}, racedemo list has {strategies}")


def inv_compare_csv_rows(rows, ran):
    syncs = {r.get("sync") for r in rows}
    absent = [s for s in ran if s not in syncs]
    need(not absent, f"compare CSV has no row for {absent}, which ran")


def inv_compare_json_streams_every_trial(doc):
    """compare writes each trial as it completes: every strategy's trials
    are all there, numbered from 1, as many as its summary counts."""
    for r in doc["runs"]:
        if r.get("skipped"):
            continue
        trials, summary = r["result"]["trials"], r["result"]["summary"]
        numbers = [t["trial"] for t in trials]
        need(numbers == list(range(1, len(trials) + 1)),
             f"{r['sync']}: trials numbered {numbers[:5]}..., not 1 to {len(trials)}")
        need(summary["trials_listed"] == len(trials) == summary["trials"],
             f"{r['sync']}: {len(trials)} trials listed, trials_listed "
             f"{summary['trials_listed']}, trials {summary['trials']}")
    need(isinstance(doc.get("interrupted"), bool), "compare JSON has no interrupted")


def inv_compare_csv_streams_every_trial(rows):
    """Each strategy's rows in one block, numbered from 1 (a stalled
    trial's row last), under the one header."""
    blocks = []
    for r in rows:
        if not blocks or blocks[-1][0] != r["sync"]:
            blocks.append((r["sync"], []))
        blocks[-1][1].append(int(r["trial"]))
    names = [b[0] for b in blocks]
    need(len(names) == len(set(names)), f"compare CSV's strategies come apart: {names}")
    for sync, numbers in blocks:
        need(numbers == list(range(1, len(numbers) + 1)),
             f"{sync}: CSV trials numbered {numbers[:5]}..., not 1 to {len(numbers)}")




# ---- the matrix ----

class Workload:
    def __init__(self, name, opts, shared):
        self.name = name
        self.opts = opts
        self.own = {k: o for k, o in opts.items() if k not in shared}

    def has(self, opt):
        return opt in self.opts

    def size_opts(self):
        """Numbers that scale the work (default 10,000 or more)."""
        out = []
        for k, o in self.own.items():
            d = o["default"]
            if o["lo"] is not None and d and re.fullmatch(r"[\d,]+", d) and int(d.replace(",", "")) >= 10000:
                out.append(k)
        return out

    def uneven_opts(self):
        """Numbers whose default is another option's ("default --iters"):
        uneven work, which stalls a strategy that takes turns."""
        return [k for k, o in self.own.items()
                if o["lo"] is not None and (o["default"] or "").startswith("--")]

    def variant(self, rng, size_of, uneven=False):
        """Random own options: sizes fixed by size_of(opt), the rest varied
        now and then within what --help says they take."""
        args = []
        for k, o in sorted(self.own.items()):
            d = o["default"]
            numeric_default = d is not None and re.fullmatch(r"[\d,]+", d or "")
            if k in self.size_opts():
                args += [f"--{k}", str(size_of(o))]
            elif o["choices"]:
                if rng.random() < 0.4:
                    args += [f"--{k}", rng.choice(o["choices"])]
            elif o["metavar"] is None:
                if rng.random() < 0.2:
                    args += [f"--{k}"]
            elif o["lo"] is not None and numeric_default and int(d.replace(",", "")) <= 64:
                if rng.random() < 0.35:
                    lo = max(o["lo"], 0)
                    args += [f"--{k}", str(rng.randint(lo, max(lo, int(d) + 1)))]
            elif k in self.uneven_opts():
                if uneven or rng.random() < 0.15:
                    args += [f"--{k}", "10"]
        return args


class Matrix:
    def __init__(self, oracle, workloads, strategies):
        self.o, self.workloads, self.strategies = oracle, workloads, strategies

    # -- one free run: render_all, the first line again, and --check --

    def free(self, w, sync, trials, rng, uneven=False, budget=False):
        o = self.o
        base = [w.name, "--sync", sync, "--timeout", "1"]
        # --budget 1 on a run far too long for it: the trial cut short.
        size = 10 ** 7 if budget else SIZE
        if budget:
            base += ["--budget", "1"] + (["--threads", "8"] if w.has("threads") else [])
        for k in w.size_opts():
            base += [f"--{k}", str(size)]
        extra = strip_sizes(w.variant(rng, lambda opt: SIZE, uneven), w)
        if rng.random() < 0.15:
            extra += ["--seed", "random"]
        elif rng.random() < 0.5:
            extra += ["--seed", str(rng.randint(1, 10 ** 6))]
        if rng.random() < 0.1:
            extra += ["--procs"]
        if rng.random() < 0.1:
            extra += ["--no-instruments"]
        if trials:
            extra += ["--trials", str(trials)]
        files = [os.path.join(o.tmp, f) for f in ("r.txt", "r.json", "r.csv", "r.html")]
        p = None
        for args in candidate_args(base, extra):
            p = o.run([o.render_all, *files, *args])
            if p.rc != 2:
                break
            hint = re.search(r"use (--[\w-]+ \S+?)[;.)]?$", p.err.strip())
            if hint:
                args2 = args + hint.group(1).split()
                p = o.run([o.render_all, *files, *args2])
                if p.rc != 2:
                    args = args2
                    break
        if p is None or p.rc == 2:
            return "not accepted"
        cmd = "racedemo " + " ".join(shlex.quote(a) for a in args)
        if p.rc not in (0, 3, 5):
            o.check("render_all_runs", cmd, need, False, f"render_all exit {p.rc}: {p.err.strip()}")
            return "ran"
        text, js, cs, page = (open(f).read() for f in files)
        try:
            doc = json.loads(js)
        except ValueError as e:
            o.check("json_parses", cmd, need, False, f"JSON does not parse: {e}")
            return "ran"
        rows = parse_csv(cs)
        header = next(csv.reader(io.StringIO(cs)), [])
        rep = parse_text_report(text)
        self.check_free(cmd, w, doc, rows, header, rep)
        o.check("exit_status", cmd + "  (render_all, in process)", inv_exit_status, p.rc,
                oracle_summary_verdicts(doc), False)
        o.check("text_renderer_agrees_with_json", cmd, inv_text_numbers_agree_with_json, doc, rep)
        o.check("csv_renderer_agrees_with_json", cmd, inv_csv_agrees_with_json, doc, rows)
        o.check("every_run_in_csv", cmd, inv_every_run_in_csv, doc, rows)
        o.check("json_command_is_first_line", cmd, inv_json_command_is_first_line, doc, rep)
        o.check("html_agrees_with_json", cmd, inv_html_agrees_with_json, doc, page)
        o.check("json_pictures_add_up", cmd, inv_json_pictures, doc)
        o.check("budget_judged_on_what_was_done", cmd, inv_json_budget, doc)
        o.check("csv_budget_agrees_with_json", cmd, inv_csv_budget, doc, rows)
        o.check("reruns_agree_across_formats", cmd, inv_reruns_agree, doc, rows, text)

        # The first line again, as JSON: the same configuration.
        if rep["first"].startswith("racedemo "):
            again = shlex.split(rep["first"])[1:] + ["--format", "json"]
            q = o.racedemo(again)
            rcmd = rep["first"] + " --format json"
            try:
                doc2 = json.loads(q.out)
                o.check("first_line_repeats_config", rcmd, inv_same_config, doc["config"],
                        doc2["config"], doc["config"].get("workload") == "bank")
            except ValueError:
                o.check("first_line_repeats_config", rcmd, need, False,
                        f"exit {q.rc}, no JSON: {q.err.strip()[:120]}")

        # The binary itself, in one of the formats, with --check.
        fmt = rng.choice(["text", "json", "csv"])
        q = o.racedemo([*args, "--format", fmt, "--check"])
        self.check_binary_output(cmd + f" --format {fmt} --check", w, sync, fmt, q)
        return "ran"

    def check_free(self, cmd, w, doc, rows, header, rep):
        o = self.o
        o.check("json_shape", cmd, inv_json_shape, doc)
        o.check("json_verdict_fields", cmd, inv_json_verdict_fields, doc)
        o.check("exclusive_flag", cmd, inv_exclusive_flag, doc)
        o.check("lost_is_expected_minus_observed", cmd, inv_json_lost, doc)
        o.check("lost_is_expected_minus_observed", cmd + " --format csv", inv_csv_lost, rows)
        o.check("trial_verdict_agrees_with_numbers_and_promise", cmd, inv_json_trial_verdicts, doc)
        o.check("summary_verdict_agrees_with_trials", cmd, inv_json_summary_verdict, doc)
        o.check("exclusive_strategy_exact", cmd, inv_exclusive_strategy_exact, doc)
        o.check("summary_agrees_with_trials", cmd, inv_summary_agrees_with_trials, doc)
        o.check("audit_range_needs_an_audit", cmd, inv_audit_range_needs_an_audit, doc)
        o.check("csv_columns", cmd + " --format csv", inv_csv_columns, rows, header)
        o.check("text_first_line_is_command", cmd, inv_first_line_is_command, rep, w.name)
        o.check("text_verdict_agrees_with_numbers_and_promise", cmd, inv_text_verdict, doc, rep)

    def check_binary_output(self, cmd, w, sync, fmt, q):
        o = self.o
        if fmt == "json":
            try:
                doc = json.loads(q.out)
            except ValueError:
                o.check("json_parses", cmd, need, False, f"exit {q.rc}: {q.err.strip()[:120]}")
                return
            o.check("lost_is_expected_minus_observed", cmd, inv_json_lost, doc)
            o.check("trial_verdict_agrees_with_numbers_and_promise", cmd, inv_json_trial_verdicts, doc)
            o.check("summary_verdict_agrees_with_trials", cmd, inv_json_summary_verdict, doc)
            o.check("check_exit_status", cmd, inv_exit_status, q.rc, oracle_summary_verdicts(doc), True,
                    raced_before_stall(doc))
        elif fmt == "csv":
            rows = parse_csv(q.out)
            header = next(csv.reader(io.StringIO(q.out)), [])
            o.check("csv_columns", cmd, inv_csv_columns, rows, header)
            o.check("lost_is_expected_minus_observed", cmd, inv_csv_lost, rows)
            o.check("csv_verdict_agrees_with_numbers", cmd, inv_csv_verdicts_from_numbers, rows)
            vs = {r.get("verdict") for r in rows if r.get("verdict") in TOKENS}
            stall = vs & STALL_TOKENS
            if not rows:
                o.check("every_run_in_csv", cmd, need, q.rc in (0, 1),
                        f"exit {q.rc} (a stalled run) and no CSV row at all")
            elif "verdict" in rows[0]:
                o.check("check_exit_status", cmd, inv_exit_status, q.rc,
                        stall or ({"RACE"} if "RACE" in vs else vs or {"CORRECT"}), True,
                        bool(stall) and "RACE" in vs)
        else:
            rep = parse_text_report(q.out)
            o.check("text_first_line_is_command", cmd, inv_first_line_is_command, rep, w.name)
            if rep["verdict"] is None:
                o.check("text_verdict_agrees_with_numbers_and_promise", cmd, need, False,
                        f"no verdict line (exit {q.rc})")
                return
            raced_first = re.search(r"\n  verdict   (STUCK|STALLED|DEADLOCK): [\d,]+ of [\d,]+ "
                                    r"trials? raced, then the run stalled", q.out) is not None
            o.check("check_exit_status", cmd, inv_exit_status, q.rc, {TOKEN[rep["verdict"]]}, True,
                    raced_first)
            if "observed" in rep["fields"]:
                o.check("lost_is_expected_minus_observed", cmd, inv_text_lost, rep)
                o.check("text_verdict_agrees_with_numbers_and_promise", cmd, inv_text_verdict_alone,
                        rep, sync, arg_value(q.argv, "--threads") == "1")

    # -- one --schedule run --

    def schedule(self, w, sync, kind, rng):
        o = self.o
        nthreads = 2
        base = [w.name, "--sync", sync]
        if w.has("threads") and rng.random() < 0.3:
            nthreads = 3
        if w.has("threads"):
            base += ["--threads", str(nthreads)]
        sizes = w.size_opts()
        extra = strip_sizes(w.variant(rng, lambda opt: SIZE), w, also=("threads",))
        for k in sizes:
            extra += [f"--{k}", str(rng.randint(max(w.opts[k]["lo"], 1), 3))]
        # The store buffers, as a model, in some of them.
        model = ["--model", "tso"] if rng.random() < 0.3 else []
        if kind == "random":
            spec = ["--schedule", "random", "--seed", str(rng.randint(1, 10 ** 6))]
        elif kind == "every":
            spec = ["--schedule", f"every:{rng.randint(1, 4)}"]
        else:
            letters = "ABC"[:nthreads]
            spec = ["--schedule", "".join(rng.choice(letters) for _ in range(rng.randint(2, 12)))]
        p = None
        args = None
        for cand in candidate_args(base, extra):
            args = cand + model + spec
            p = o.racedemo(args)
            # An explicit schedule that leaves a thread mid-iteration, or a
            # store in its buffer: give that thread the next step, or a
            # flush, as a user would.
            tries = 0
            while kind == "explicit" and p.rc == 2 and tries < 60:
                m = re.search(r"leaves ([A-Z]) in the middle", p.err)
                f = re.search(r"end it with ([A-Z]:flush)", p.err)
                if not m and not f:
                    break
                spec[1] += m.group(1) if m else "," + f.group(1) + ","
                args = cand + model + spec
                p = o.racedemo(args)
                tries += 1
            if p.rc != 2:
                break
        if p is None or p.rc == 2:
            return "not accepted"
        cmd = "racedemo " + " ".join(shlex.quote(a) for a in args)
        rep = parse_replay(p.out)
        o.check("replay_text_parses", cmd, inv_replay_parses, rep, w.name)
        if rep["verdict"] is None or "observed" not in rep["fields"]:
            return "ran"
        o.check("replay_exit_status", cmd, inv_exit_status, p.rc, {TOKEN[rep["verdict"]]}, False)
        o.check("replay_verdict_agrees_with_numbers_and_promise", cmd, inv_replay_verdict, rep, sync)
        o.check("replay_race_states_lost", cmd, inv_replay_race_states_lost, rep)
        o.check("replay_lost_in_unit_named", cmd, inv_replay_lost_in_unit_named, rep)

        # The first line again: byte for byte.
        first = shlex.split(rep["first"])[1:]
        q = o.racedemo(first)
        o.check("replay_first_line_repeats_byte_identical", rep["first"], inv_identical, p.out, q.out,
                "the output of the first line, run again,")
        # --check: 1 iff RACE.
        q = o.racedemo(args + ["--check"])
        o.check("replay_check_exit_status", cmd + " --check", inv_exit_status, q.rc,
                {TOKEN[rep["verdict"]]}, True)
        # Mermaid: the same steps; and the first line again, as mermaid.
        m1 = o.racedemo(args + ["--format", "mermaid"])
        o.check("mermaid_parses", cmd + " --format mermaid", inv_mermaid_parses, m1.out)
        o.check("mermaid_agrees_with_text", cmd + " --format mermaid", inv_mermaid_agrees_with_text,
                m1.out, rep)
        m2 = o.racedemo(first + ["--format", "mermaid"])
        o.check("replay_first_line_repeats_byte_identical", rep["first"] + " --format mermaid",
                inv_identical, m1.out, m2.out, "the mermaid of the first line, run again,")
        # The quiz, in every format.
        qt = o.racedemo(args + ["--quiz"])
        qrep = parse_replay(qt.out)
        o.check("quiz_shows_no_value_text", cmd + " --quiz", inv_quiz_text_hides_values, qrep)
        if qrep["first"].startswith("racedemo "):
            qt2 = o.racedemo(shlex.split(qrep["first"])[1:])
            o.check("replay_first_line_repeats_byte_identical", qrep["first"], inv_identical,
                    qt.out, qt2.out, "the quiz of the first line, run again,")
        qm = o.racedemo(args + ["--quiz", "--format", "mermaid"])
        o.check("mermaid_parses", cmd + " --quiz --format mermaid", inv_mermaid_parses, qm.out)
        o.check("quiz_shows_no_value_mermaid", cmd + " --quiz --format mermaid",
                inv_quiz_mermaid_hides_values, qm.out)
        return "ran"

    # -- compare, in text, JSON (with --check) and CSV --

    def compare(self, w, rng):
        o = self.o
        args = ["compare", w.name, "--timeout", "1"]
        for k in w.size_opts():
            args += [f"--{k}", str(SIZE)]
        args += strip_sizes(w.variant(rng, lambda opt: SIZE), w)
        trials = rng.choice([1, 1, 2])
        if trials > 1:
            args += ["--trials", str(trials)]
        pj = o.racedemo(args + ["--format", "json", "--check"])
        if pj.rc == 2:
            args = ["compare", w.name, "--timeout", "1"] + [a for k in w.size_opts()
                                                             for a in (f"--{k}", str(SIZE))]
            pj = o.racedemo(args + ["--format", "json", "--check"])
        cmd = "racedemo " + " ".join(shlex.quote(a) for a in args)
        try:
            cdoc = json.loads(pj.out)
        except ValueError:
            o.check("compare_json_parses", cmd + " --format json --check", need, False,
                    f"exit {pj.rc}: {pj.err.strip()[:120]}")
            return "ran"
        strategies = list(self.strategies)
        o.check("compare_lists_every_strategy", cmd + " --format json", inv_compare_every_strategy,
                cdoc, strategies)
        o.check("compare_json_streams_every_trial", cmd + " --format json",
                inv_compare_json_streams_every_trial, cdoc)
        docs, ran, stalled, verdicts, raced_first = {}, [], {}, set(), False
        for r in cdoc["runs"]:
            if r.get("skipped"):
                continue
            ran.append(r["sync"])
            doc = r.get("result")
            if not doc:
                continue
            docs[r["sync"]] = doc
            sub = f"{cmd} --format json  [{r['sync']}]"
            o.check("lost_is_expected_minus_observed", sub, inv_json_lost, doc)
            o.check("trial_verdict_agrees_with_numbers_and_promise", sub, inv_json_trial_verdicts, doc)
            o.check("summary_verdict_agrees_with_trials", sub, inv_json_summary_verdict, doc)
            o.check("json_verdict_fields", sub, inv_json_verdict_fields, doc)
            o.check("exclusive_strategy_exact", sub, inv_exclusive_strategy_exact, doc)
            o.check("budget_judged_on_what_was_done", sub, inv_json_budget, doc)
            v = oracle_summary_verdicts(doc)
            verdicts |= v
            raced_first |= raced_before_stall(doc)
            if v & STALL_TOKENS:
                stalled[r["sync"]] = "/".join(sorted(v))
        # compare's rows carry their own verdicts (a STUCK row is part of the
        # table); its status is 1 with --check when a row is RACE, or
        # stalled after trials that raced, else 0.
        want = [1 if "RACE" in verdicts or raced_first else 0]
        o.check("compare_check_exit_status", cmd + " --format json --check", need, pj.rc in want,
                f"exit {pj.rc}; the strategies' verdicts {sorted(verdicts)} want {want}")

        pc = o.racedemo(args + ["--format", "csv"])
        rows = parse_csv(pc.out)
        o.check("compare_csv_row_for_every_run", cmd + " --format csv", inv_compare_csv_rows, rows, ran)
        o.check("compare_csv_streams_every_trial", cmd + " --format csv",
                inv_compare_csv_streams_every_trial, rows)
        o.check("lost_is_expected_minus_observed", cmd + " --format csv", inv_csv_lost, rows)
        o.check("csv_verdict_agrees_with_numbers", cmd + " --format csv", inv_csv_verdicts_from_numbers,
                rows)

        pt = o.racedemo(args)
        trows = parse_compare_text(pt.out, strategies)
        o.check("compare_first_line_is_command", cmd, need,
                pt.out.startswith(f"racedemo compare {w.name} "),
                f"first line {pt.out.splitlines()[0][:60] if pt.out else ''!r}")
        o.check("compare_text_row_for_every_strategy", cmd, inv_compare_text_rows, trows, ran, strategies)
        workers = max((workers_of(d) for d in docs.values()), default=2)
        o.check("compare_text_verdict_agrees_with_numbers_and_promise", cmd, inv_compare_text_numbers,
                trows, workers, trials)
        o.check("compare_text_bars_and_baseline", cmd, inv_compare_bars,
                parse_compare_bars(pt.out, strategies), trows)
        return "ran"


# ---- explore ------------------------------------------------------------

def inv_explore_json(doc):
    """The counts add up, each outcome's flag and the outcome requirement
    agree, each broken requirement has its counterexample, and the verdict
    is the one the requirements give."""
    req = doc["requirements"]
    counted = doc["complete"] and not doc["cyclic"]
    if counted:
        need(sum(o["interleavings"] for o in doc["outcomes"]) == doc["interleavings"],
             "the outcomes' interleavings do not add up to the whole")
        need((req["outcome"]["finding"] == "broken") == any(not o["correct"]
                                                             for o in doc["outcomes"]),
             "the outcome requirement and the outcomes' correct flags disagree")
    for name, r in req.items():
        if r["finding"] == "broken":
            # Letters, and under tso A:flush words between commas.
            moves = re.findall(r"[A-D]:flush|[A-D]", r["schedule"] or "")
            need(moves and re.fullmatch(r"(?:[A-D]|,[A-D]:flush,?)+", r["schedule"])
                 and 1 <= r["at_step"] <= len(moves),
                 f"{name}: broken without its interleaving")
    broken = {k for k, r in req.items() if r["finding"] == "broken"}
    if broken & {"mutual_exclusion", "outcome"}:
        want = "RACE"
    elif "progress" in broken:
        want = {"every_thread_left_waits": "DEADLOCK",
                "others_stopped": "STUCK"}[req["progress"]["how"]]
    else:
        want = "CORRECT" if doc["complete"] else "NONE"
    need(doc["verdict"] == want, f"verdict {doc['verdict']}, the requirements say {want}")


def inv_explore_csv(doc, rows):
    """A row per outcome (one row when there is none), each as the JSON has
    it, the run's facts and verdict repeated."""
    outs = doc["outcomes"] or [None]
    need(len(rows) == len(outs), f"{len(rows)} rows for {len(outs)} outcomes")
    for row, o in zip(rows, outs):
        need(row["verdict"] == doc["verdict"] and int(row["states"]) == doc["states"],
             f"row {row} disagrees with the JSON")
        if o:
            n = "" if o["interleavings"] is None else str(o["interleavings"])
            need((row["outcome"], row["correct"], row["interleavings"])
                 == (o["observed"], "true" if o["correct"] else "false", n),
                 f"row {row} is not outcome {o}")


def inv_explore_text(doc, text):
    """The first line repeats the run; the count and the verdict are the
    JSON's."""
    lines = text.splitlines()
    need(command_line(lines) == doc["command"], "the first line is not the JSON's command")
    m = re.search(r"^  interleavings +([\d,]+) complete", text, re.M)
    if doc["interleavings"] is not None:
        need(m and int(m.group(1).replace(",", "")) == doc["interleavings"],
             "the text's count of interleavings is not the JSON's")
    m = re.search(r"^  verdict   ([A-Z]+)", text, re.M)
    need(m and m.group(1) == doc["verdict"], "the text's verdict is not the JSON's")


def inv_explore_html(doc, page):
    """The page embeds the JSON, every number it marks is the JSON's, and
    it draws the outcomes and, where a requirement breaks, its replay."""
    p = HtmlMarks()
    p.feed(page)
    need(p.data is not None and json.loads(p.data) == doc, "the page's data block is not the JSON")
    for path, text in p.marks:
        value = json_at(doc, path)
        if isinstance(value, str):
            need(text.strip() == value, f"{path}: page shows {text!r}, JSON holds {value!r}")
        else:
            need(int(re.sub(r"[\s,]", "", text)) == value,
                 f"{path}: page shows {text!r}, JSON holds {value!r}")
    ids = [ET.fromstring(m.group(0)).get("id")
           for m in re.finditer(r"<svg .*?</svg>", page, re.S)]
    replayed = any(r["finding"] == "broken" and r.get("replay")
                   for r in doc["requirements"].values())
    want = ((["outcomes"] if doc["outcomes"] and doc["interleavings"] is not None else [])
            + (["sequence"] if replayed else []))
    need(ids == want, f"pictures {ids}, expected {want}")


def explore_case(o, w, strategies, rng):
    """One exploration of workload w under a strategy it takes, at 2 threads
    (prodcons: its 1 producer and 1 consumer) and 1 or 2 iterations, in
    every format, checked across them."""
    known = o.racedemo(["explore", w.name, "--sync", "help"]).out.split()
    syncs = [s for s in strategies if s in known]
    sync = "none" if w.name == "prodcons" else rng.choice(syncs)
    args = ["explore", w.name, "--sync", sync, "--iters", str(rng.choice([1, 2]))]
    if rng.random() < 0.5:  # the store buffers, as a model
        args += ["--model", "tso"]
    pj = o.racedemo(args + ["--format", "json"])
    cmd = "racedemo " + " ".join(args)
    if pj.rc == 2:
        return "refused"
    try:
        doc = json.loads(pj.out)
    except ValueError:
        o.check("explore_json_parses", cmd, need, False, f"exit {pj.rc}: {pj.err.strip()[:120]}")
        return "ran"
    o.check("explore_json", cmd + " --format json", inv_explore_json, doc)
    o.check("explore_exit_status", cmd, need, pj.rc == (0 if doc["complete"] else 4),
            f"exit {pj.rc}")
    rows = parse_csv(o.racedemo(args + ["--format", "csv"]).out)
    o.check("explore_csv_agrees_with_json", cmd + " --format csv", inv_explore_csv, doc, rows)
    o.check("explore_text_agrees_with_json", cmd, inv_explore_text, doc, o.racedemo(args).out)
    page = o.racedemo(args + ["--format", "html"]).out
    o.check("explore_html_agrees_with_json", cmd + " --format html", inv_explore_html, doc, page)
    return "ran"


def arg_value(argv, name):
    """The value of the last `name VALUE` in argv, or None."""
    v = None
    for a, b in zip(argv, argv[1:]):
        if a == name:
            v = b
    return v


def strip_sizes(args, w, also=()):
    """Drops size options (and `also`) from a variant: the caller sets them."""
    sizes = {f"--{k}" for k in w.size_opts()} | {f"--{k}" for k in also}
    out, skip = [], False
    for i, a in enumerate(args):
        if skip:
            skip = False
            continue
        if a in sizes:
            skip = True
            continue
        out.append(a)
    return out


def candidate_args(base, extra):
    """The arguments to try: with the random variant, then without it (a
    combination the workload refuses is a usage error, not a case)."""
    yield base + extra
    keep = []
    if "--trials" in extra:
        i = extra.index("--trials")
        keep = extra[i:i + 2]
    if keep != extra:
        yield base + keep


def main():
    binary, render_all = sys.argv[1], sys.argv[2]
    seed = int(os.environ.get("RACEDEMO_ORACLE_SEED") or 1)
    cases = int(os.environ.get("RACEDEMO_ORACLE_CASES") or (sys.argv[3:] or [100])[0])
    only = [x for x in (os.environ.get("RACEDEMO_ORACLE_SYNCS") or "").split(",") if x]
    only_w = [x for x in (os.environ.get("RACEDEMO_ORACLE_WORKLOADS") or "").split(",") if x]
    o = Oracle(binary, render_all, seed, cases)
    repeat = (f"RACEDEMO_ORACLE_SEED={seed} RACEDEMO_ORACLE_CASES={cases}"
              + (f" RACEDEMO_ORACLE_SYNCS={','.join(only)}" if only else "")
              + (f" RACEDEMO_ORACLE_WORKLOADS={','.join(only_w)}" if only_w else "")
              + f" python3 {sys.argv[0]} {binary} {render_all}")
    print(f"oracle: seed {seed}, {cases} cases (RACEDEMO_ORACLE_SEED and RACEDEMO_ORACLE_CASES "
          f"choose another sample)", flush=True)
    t0 = time.monotonic()

    listing = o.racedemo(["list"])
    workload_names, strategies = parse_list(listing.out)
    assert workload_names and strategies, f"racedemo list: nothing parsed from {listing.out!r}"
    # `none` guards nothing: if the excl column did not parse, nothing would.
    assert "none" in PROMISES_NO_EXCLUSION, f"racedemo list: no excl column in {listing.out!r}"
    helps = {n: parse_help(o.racedemo([n, "--help"]).out) for n in workload_names}
    shared = set.intersection(*(set(h) for h in helps.values()))
    shared.discard("threads")  # a shared option, but not every workload takes it: vary it
    workloads = [Workload(n, helps[n], shared) for n in workload_names]
    print(f"oracle: {len(workloads)} workloads ({', '.join(workload_names)}), {len(strategies)} "
          f"strategies, from racedemo list", flush=True)

    rng = random.Random(seed)
    m = Matrix(o, workloads, strategies)
    # The matrix, in tiers: one case of each kind first, then more.
    # The kinds with one case per workload (compare, a run cut by --budget)
    # lead every sample; then the shuffled tiers.
    tiers = [[], [], [], []]
    unknown = [x for x in only if x not in strategies]
    assert not unknown, f"RACEDEMO_ORACLE_SYNCS: {unknown} not in racedemo list"
    unknown = [x for x in only_w if x not in workload_names]
    assert not unknown, f"RACEDEMO_ORACLE_WORKLOADS: {unknown} not in racedemo list"
    sampled = [w for w in workloads if not only_w or w.name in only_w]
    for w in sampled:
        tiers[0].append(("compare", w, None, None))
        tiers[0].append(("explore", w, None, None))
        # A slow lock, many threads, a long run and --budget 1: cut short.
        if "bakery" in strategies and not only:
            tiers[0].append(("budget", w, "bakery", 0))
    for w in sampled:
        for s in (only or strategies):
            tiers[1].append(("free", w, s, 0))
            tiers[1].append(("free", w, s, rng.randint(2, 6)))
            if w.uneven_opts():
                tiers[1].append(("uneven", w, s, 0))
            for kind in ("explicit", "random", "every"):
                tiers[1].append(("schedule", w, s, kind))
            for _ in range(6):
                tiers[2].append(("schedule", w, s, "random"))
            tiers[2].append(("schedule", w, s, "explicit"))
            tiers[2].append(("schedule", w, s, "every"))
            tiers[3].append(("free", w, s, 0))
            tiers[3].append(("free", w, s, rng.randint(2, 6)))
    total = sum(len(t) for t in tiers)
    done, refused, kinds = 0, 0, {}
    for tier in tiers:
        rng.shuffle(tier)
        for kind, w, s, arg in tier:
            if done + refused >= cases:
                break
            crng = random.Random(f"{seed}/{kind}/{w.name}/{s}/{arg}/{done}/{refused}")
            if kind in ("free", "uneven", "budget"):
                res = m.free(w, s, arg, crng, uneven=kind == "uneven", budget=kind == "budget")
            elif kind == "schedule":
                res = m.schedule(w, s, arg, crng)
            elif kind == "explore":
                res = explore_case(o, w, only or strategies, crng)
            else:
                res = m.compare(w, crng)
            if res == "ran":
                done += 1
                kinds[kind] = kinds.get(kind, 0) + 1
            else:
                refused += 1
    elapsed = time.monotonic() - t0
    shutil.rmtree(o.tmp, ignore_errors=True)
    print(f"oracle: sample of {done + refused} of {total} cases (seed {seed}): "
          + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
          + f"; {refused} not accepted by the workload (usage errors)"
          + ("; the whole matrix" if done + refused == total else ""))
    failed = sum(len(v) for v in o.failures.values())
    shown = 10 ** 6 if os.environ.get("RACEDEMO_ORACLE_VERBOSE") else 1
    for name, items in sorted(o.failures.items()):
        print(f"FAIL {name}: {len(items)} times; e.g.")
        for cmd, msg in items[:shown]:
            print(f"    {cmd}\n        {msg}")
    if o.missing:
        print(f"oracle: {o.missing} checks skipped because a field the contract adds is missing "
              f"(reported by json_verdict_fields / csv_columns)")
    print(f"oracle: {o.runs} runs, {o.checks} checks, seed {seed}, {elapsed:.1f} s"
          + (f"; {failed} failed, {len(o.failures)} invariants" if failed else ""))
    if failed:
        print(f"oracle: this sample again: {repeat}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
