#!/usr/bin/env python3
"""alloc_test.py: out of memory at every allocation of a small run of each
kind of output, one allocation at a time (tests/fail_alloc.c, preloaded,
fails the Nth). Every such run either writes its output whole, exactly
as a run with memory to spare does, with status 0, or exits 4 with one
line on stderr; never status 0 with part of the output, never a crash.
Usage: alloc_test.py PATH/TO/racedemo PATH/TO/libfail_alloc.so"""
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

BIN, SHIM = sys.argv[1], sys.argv[2]

# Small runs, each a few dozen allocations; (args, how): True, a
# deterministic run, whose output is compared byte for byte; False,
# another, compared with its numbers and its spacing (bars, padding) left
# out; TRACE, a free race whose --trace shows what it lost (the race may
# or may not lose one: the trace must say what the totals say).
TRACE = "trace"
CASES = [
    (["counter", "--trace", "4", "--iters", "4"], TRACE),
    (["counter", "--trials", "3", "--iters", "100", "--sync", "mutex", "--verbose"], False),
    (["counter", "--trials", "3", "--iters", "100", "--sync", "mutex", "-f", "json"], False),
    (["counter", "--trials", "3", "--iters", "100", "--sync", "mutex", "-f", "csv"], False),
    (["counter", "--trials", "3", "--iters", "100", "--sync", "mutex", "-f", "html"], False),
    (["bank", "--trials", "2", "--sync", "mutex", "-f", "html"], False),
    (["counter", "--procs", "--trials", "2", "--iters", "100", "--sync", "mutex", "-f", "json"],
     False),
    (["counter", "--schedule", "AAABBB"], True),
    (["counter", "--schedule", "AAABBB", "-f", "json"], True),
    (["counter", "--schedule", "AAABBB", "-f", "html"], True),
    (["counter", "--schedule", "AAABBB", "-f", "mermaid"], True),
    (["counter", "--schedule", "ABABAB", "--quiz", "-f", "html"], True),
    (["compare", "counter", "--sync", "mutex,atomic", "--iters", "100", "--trials", "2"], False),
    (["compare", "counter", "--sync", "mutex,atomic", "--iters", "100", "--trials", "2",
      "-f", "json"], False),
    (["compare", "counter", "--sync", "mutex,atomic", "--iters", "100", "--trials", "2",
      "-f", "csv"], False),
    (["compare", "counter", "--sync", "mutex,atomic", "--iters", "100", "--trials", "2",
      "-f", "html"], False),
    (["litmus", "sb", "--order", "seq_cst", "--trials", "4", "--iters", "1000"], False),
    (["litmus", "sb", "--order", "seq_cst", "--trials", "4", "--iters", "1000", "-f", "json"], False),
    (["litmus", "sb", "--order", "seq_cst", "--trials", "4", "--iters", "1000", "-f", "csv"], False),
    (["litmus", "sb", "--order", "seq_cst", "--trials", "4", "--iters", "1000", "-f", "html"], False),
    (["explore", "counter", "--sync", "flag"], True),
    (["explore", "counter", "--sync", "flag", "-f", "json"], True),
    (["explore", "counter", "--sync", "flag", "-f", "csv"], True),
    (["explore", "counter", "--sync", "flag", "-f", "html"], True),
    (["explore", "sb"], True),
    (["--help"], True),
    (["counter", "--help"], True),
    (["list"], True),
    (["explain", "peterson"], True),
]


def masked(text):
    """The output without what differs between two whole runs of the same
    command: numbers and units, bars, the pictures (their shapes follow
    the numbers), a note on trials run again (the scheduler's doing), a
    scale's name; the JSON data block of a page is checked apart."""
    text = re.sub(r"<svg.*?</svg>", "<svg/>", text, flags=re.S)
    text = re.sub(r'(<script type="application/json"[^>]*>).*?</script>', r"\1</script>", text,
                  flags=re.S)
    text = "\n".join(line for line in text.split("\n") if "rerun" not in line)
    text = re.sub(r"<?\d[\d,.]*( ?(ns|us|ms|s)\b)?", "0", text)
    text = re.sub(r"\b(linear|log\s+scale)\b", "scale", text)
    text = re.sub(r"[#\u2580-\u259f]+", "#", text)  # bars
    return re.sub(r"\s+", " ", text)


def whole(out, ref):
    """Whether `out` is the output `ref` was, but for what may differ."""
    out, ref = out.decode(), ref.decode()
    if ref.startswith("{"):
        try:
            return sorted(json.loads(out)) == sorted(json.loads(ref))
        except ValueError:
            return False
    if ref.startswith("workload,") or ref.startswith("test,"):
        rows = lambda t: [line.count(",") for line in t.splitlines()]
        return rows(out) == rows(ref)
    data = re.search(r'<script type="application/json"[^>]*>\n(.*?)</script>', out, re.S)
    if "<script" in ref:
        try:
            json.loads(data.group(1)) if data else json.loads("")
        except ValueError:
            return False
    return masked(out) == masked(ref)


def trace_agrees(out):
    """A --trace report, whole, whose trace line agrees with the totals:
    a run that lost updates shows the first, one that lost none says so."""
    text = out.decode()
    lost = re.search(r"^  lost +(\d+)", text, re.M)
    trace = re.search(r"^  trace +(.*)", text, re.M)
    if not lost or not trace or not re.search(r"^  verdict ", text, re.M):
        return False
    return trace.group(1).startswith("the first lost update" if int(lost.group(1))
                                     else "no lost update")


def run(args, env):
    full = dict(os.environ, COLUMNS="200", LD_PRELOAD=SHIM, **env)
    full.pop("NO_COLOR", None)
    return subprocess.run([BIN, *args], capture_output=True, timeout=60, env=full)


def check_case(args, deterministic, report):
    """The failures of one case, as lines; [] when every run held."""
    ref = run(args, {"RACEDEMO_ALLOC_REPORT": report})
    cmd = "racedemo " + " ".join(args)
    if ref.returncode != 0 or ref.stderr:
        return [f"{cmd}: exit {ref.returncode} with memory to spare: {ref.stderr[:200]!r}"]
    with open(report) as f:
        made = int(f.read())
    if deterministic == TRACE:
        same = trace_agrees
    else:
        same = (lambda out: out == ref.stdout) if deterministic else \
            (lambda out: whole(out, ref.stdout))
    problems = []
    # Allocation n alone, then n and every one after it (memory gone for
    # good, as under a ulimit).
    tries = [(n, on) for on in ("0", "1") for n in range(1, made + 1)]
    with ThreadPoolExecutor(max_workers=2) as pool:  # ctest's -j2 machine
        runs = list(pool.map(lambda t: run(args, {"RACEDEMO_FAIL_ALLOC": str(t[0]),
                                                  "RACEDEMO_FAIL_ALLOC_ON": t[1]}), tries))
    for (n, on), p in zip(tries, runs):
        err = p.stderr.decode(errors="replace")
        where = f"{cmd} with allocation {n} of {made}{' and on' if on == '1' else ''} failing"
        if p.returncode == 4:
            if err.count("\n") != 1 or not err.startswith("racedemo") or not err.endswith("\n"):
                problems.append(f"{where}: exit 4 but stderr is not one line: {err!r}")
        elif p.returncode == 0:
            if err:
                problems.append(f"{where}: exit 0 with stderr {err!r}")
            elif not same(p.stdout):
                problems.append(f"{where}: exit 0 but the output is not whole "
                                f"({len(p.stdout)} bytes of {len(ref.stdout)})")
        else:
            problems.append(f"{where}: exit {p.returncode} (4 or 0 expected), stderr {err[:200]!r}")
    print(f"{'ok' if not problems else 'FAILED'}: {cmd}: each of {made} allocations failed in turn",
          flush=True)
    return problems


def main():
    if not os.path.exists(SHIM):
        print(f"alloc_test.py: no {SHIM}")
        return 1
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for args, deterministic in CASES:
            problems += check_case(args, deterministic, os.path.join(tmp, "made"))
    for p in problems:
        print("  " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
