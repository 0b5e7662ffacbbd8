#!/usr/bin/env python3
"""html_test.py: every kind of --format html page, checked as a parser,
tidy and a real browser see it.

For each report kind in KINDS, and a free run of each workload `racedemo
list` shows that KINDS does not name, the page is generated once, then:
  a. structure (html.parser): one <script type="application/json"
     id="racedemo-result"> data block that json.loads reads, no other
     script, nothing fetched (no src, no href but #fragments, no <link>,
     no CSS url() or @import); the data block holds the document
     --format json prints (the same one for a replay, the same fields for
     a free run);
  b. every <svg> parses as XML on its own (xml.etree), is SVG, sits in a
     <figure>, has an id and a <title>;
  c. every element with data-json="dotted.path" shows the value the data
     block holds at that path (`,`, a leading `$` or `+` and whitespace
     removed; `_` is a space in verdict words; a number is compared at the
     decimals shown, after a unit);
  d. the picture ids of its kind (PICTURES) are drawn;
  e. `tidy -q -e` finds no error (its warnings are printed), when tidy is
     installed;
  f. --schedule pages are the same bytes run after run, with and without
     --quiz, and under --quiz no value the replay shows (loaded, stored,
     after each step, the observed total, the verdict) is anywhere in the
     page;
  f. also: a --quiz page holds each answer in a <details> that opens on a
     click; a load's arrow points from the data to the thread, a store's
     from the thread to the data; the banner's marker (^) is the one drawn;
     no fact ends in a colon; compare's page shows ns/op to three
     significant figures and nothing about columns; a command's words
     each stay whole;
  g. when chromium is installed: a screenshot at 1280x720 (and one at a
     phone's 390x844) is not blank, at 390x844 (with chromedriver and
     python3-selenium) no page scrolls sideways and no chart or table
     reaches past the screen's right edge, and the DOM chromium built
     (--dump-dom) passes check c and shows the verdict (litmus: a banner
     per test, SEEN, NOT SEEN or BROKEN, with the run's verdict sentence).

The pictures and the replay's data block are being added: until STRICT is
True a picture id (or a replay data block) not produced yet is a skip that
names it, so this test passes before they land and is strict after.

Usage: html_test.py PATH/TO/racedemo  (unittest options may follow)
"""
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser

# The oracle's reader of `racedemo list`.
import oracle_test

# Flip to True once every picture and the replay's data block are merged:
# then a missing picture id or data block fails instead of being skipped.
STRICT = True

# kind: (command line after `racedemo`, the picture ids its page draws).
# Small sizes, so the whole test stays quick.
KINDS = {
    "counter": (["counter"], ["timeline"]),
    "bank": (["bank"], ["timeline", "audits"]),
    "queue": (["queue"], ["timeline", "queue-list"]),
    "prodcons": (["prodcons", "--sync", "semaphore"], ["timeline"]),
    # prodcons as it comes (--sync none): it mostly ends in DEADLOCK, a
    # page with the stalled workers in place of a timeline.
    "prodcons_none": (["prodcons"], []),
    "trials": (["counter", "--trials", "100", "--iters", "1000"], ["histogram", "series"]),
    "compare": (["compare", "counter", "--iters", "1000"], ["bars"]),
    "schedule": (["counter", "--schedule", "ABABAB"], ["sequence"]),
    "quiz": (["counter", "--schedule", "ABABAB", "--quiz"], ["sequence"]),
    "trace": (["counter", "--trace", "50"], ["trace"]),
    "litmus": (["litmus", "sb", "--iters", "10000", "--trials", "20"], ["outcomes"]),
    # explore: the outcomes' bars and the first counterexample's replay.
    "explore": (["explore", "counter", "--sync", "flag"], ["outcomes", "sequence"]),
    "litmus_all": (["litmus", "all", "--iters", "2000", "--trials", "5"],
                   ["outcomes-sb", "outcomes-mp", "outcomes-lb", "outcomes-iriw"]),
}
# litmus pages: no race verdict, a banner per test (SEEN, NOT SEEN or
# BROKEN) whose sentence is the run's `verdict` in the data block.
LITMUS = ("litmus", "litmus_all")
# Kinds whose data block a helper is adding (the replay's JSON document):
# until STRICT, a page of these without one skips the checks that need it.
DATA_BLOCK_PENDING = {"schedule", "quiz"}
# Kinds whose verdicts (compare: one per row) a helper is marking with
# data-json.
VERDICT_PENDING = {"compare"}
# Deterministic kinds: the same bytes every run.
DETERMINISTIC = ("schedule", "quiz", "explore")
# Exit statuses a finished run may have (0, 1 with --check, 3 STUCK, 5
# DEADLOCK); 2 (bad command line) and 4 (could not run or write) fail.
RUN_STATUSES = (0, 1, 3, 5)
VERDICTS = ("NO RACE SEEN", "RACE", "CORRECT", "STUCK", "STALLED", "DEADLOCK")
CHROMIUM_SECONDS = 60
PHONE = (390, 844)
DESKTOP = (1280, 720)

BINARY = None
TMP = None
PAGES = {}  # kind -> the page's bytes
EXITS = {}  # kind -> racedemo's exit status
# RACEDEMO_TEST_BROWSER=0 leaves the browser out (CI renders the pages in
# chromium in one suite run, not in every build's: the pages a build
# writes are checked by a-f in each).
CHROMIUM = (None if os.environ.get("RACEDEMO_TEST_BROWSER") == "0"
            else shutil.which("chromium") or shutil.which("chromium-browser"))
TIDY = shutil.which("tidy")
# HTML elements that have no end tag.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


def racedemo(args):
    """racedemo's (exit status, stdout bytes) for args, at 80 columns."""
    env = dict(os.environ, COLUMNS="80")
    env.pop("NO_COLOR", None)
    proc = subprocess.run([BINARY] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=env, timeout=120)
    return proc.returncode, proc.stdout


def page_args(kind):
    return KINDS[kind][0] + ["--format", "html"]


def page_path(kind):
    return os.path.join(TMP, kind + ".html")


def setUpModule():
    global TMP
    TMP = tempfile.mkdtemp(prefix="racedemo-html-")
    for kind in KINDS:
        status, out = racedemo(page_args(kind))
        EXITS[kind] = status
        PAGES[kind] = out
        with open(page_path(kind), "wb") as f:
            f.write(out)


def tearDownModule():
    shutil.rmtree(TMP, ignore_errors=True)


class Page(HTMLParser):
    """What the checks need of a page: its scripts, its elements with
    data-json and their text, the URLs it names, its figures' svgs."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.stack = []  # [tag, attrs, text parts]
        self.scripts = []  # (attrs, content)
        self.json_shown = []  # (path, text shown, tag)
        self.urls = []  # (tag, attribute, value)
        self.links = []
        self.styles = []  # CSS text: <style> contents and style attributes
        self.svgs = []  # (id, inside a figure)
        self.verdicts = []  # text of each class="verdict" element
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("src", "href", "xlink:href", "action", "formaction", "data", "poster",
                     "srcset", "background"):
            if name in a:
                self.urls.append((tag, name, a[name] or ""))
        if "style" in a:
            self.styles.append(a["style"] or "")
        if tag == "link":
            self.links.append(a)
        if tag == "svg":
            self.svgs.append((a.get("id"), any(t[0] == "figure" for t in self.stack)))
        if tag in VOID:
            return
        self.stack.append([tag, a, []])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        # Close up to the matching element (an unclosed <p> and the like).
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                while len(self.stack) > i:
                    self.close_element(self.stack.pop())
                return

    def close_element(self, element):
        tag, a, parts = element
        text = "".join(parts)
        if tag == "script":
            self.scripts.append((a, text))
        if tag == "style":
            self.styles.append(text)
        if "data-json" in a:
            self.json_shown.append((a["data-json"], text, tag))
        if "verdict" in (a.get("class") or "").split():
            self.verdicts.append(text)

    def handle_data(self, data):
        for element in self.stack:
            element[2].append(data)


def data_block(page):
    """The JSON document of the page's data block, or None without one."""
    blocks = [(a, t) for a, t in page.scripts
              if a.get("type") == "application/json" and a.get("id") == "racedemo-result"]
    return json.loads(blocks[0][1]) if len(blocks) == 1 else None


def at_path(doc, path):
    """The value at a dotted path ("trials.0.observed"); KeyError if none."""
    value = doc
    for part in path.split("."):
        if isinstance(value, list):
            if not re.fullmatch(r"[0-9]+", part) or int(part) >= len(value):
                raise KeyError(path)
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            raise KeyError(path)
    return value


def normal(text):
    """The shown text as the contract compares it: no thousands separator,
    no whitespace, no leading $ or + (after a sign), `_` read as a space."""
    text = text.replace("\u2212", "-").replace("_", " ")
    text = re.sub(r"[\s,]+", "", text)
    m = re.match(r"([-]?)[+]?\$?(.*)$", text)
    return m.group(1) + m.group(2)


def shown_matches(shown, value):
    """Whether text shown on the page says `value` (a JSON value)."""
    s = normal(shown)
    if value is None:
        return s.lower() in ("", "null", "none", "-", "\u2014", "n/a", "?")
    if isinstance(value, bool):
        return s.lower() == ("true" if value else "false") or s.lower() == (
            "yes" if value else "no")
    if isinstance(value, (int, float)):
        # A unit after the number (us, %, ns/op) is not part of it.
        m = re.fullmatch(r"(-?[0-9]+)(?:\.([0-9]+))?(?:[A-Za-z%\u00b5/]+)?", s)
        if not m:
            return False
        decimals = len(m.group(2) or "")
        number = float(m.group(1) + "." + (m.group(2) or "0"))
        # Rounded to the decimals shown (half up or half even, either).
        return abs(number - value) <= 0.5 * 10 ** -decimals + 1e-9 * max(1, abs(value))
    return s == normal(str(value))


def check_data_json(case, text, doc, where):
    """Check c over one page's text (as racedemo wrote it, or as chromium
    built it): every data-json element shows its value. The number of
    elements checked."""
    page = Page(text)
    wrong = []
    for path, shown, tag in page.json_shown:
        try:
            value = at_path(doc, path)
        except KeyError:
            wrong.append("<%s data-json=%r>: no such path in the data block" % (tag, path))
            continue
        if not shown_matches(shown, value):
            wrong.append("<%s data-json=%r> shows %r, the data block holds %r"
                         % (tag, path, shown.strip(), value))
    case.assertFalse(wrong, "%s: %s" % (where, "; ".join(wrong)))
    return len(page.json_shown)


def svg_sources(text):
    """Each <svg ...>...</svg> of a page, as written (not nested)."""
    return re.findall(r"<svg\b.*?</svg>", text, re.S)


def key_paths(doc, prefix="", empty=None):
    """The set of a JSON document's key paths, array indexes as `#`, and
    the set of paths of its empty arrays and nulls (whose fields it cannot
    show: a run that completed no trial has no timeline)."""
    paths, empty = set(), set() if empty is None else empty
    if isinstance(doc, dict):
        for k, v in doc.items():
            paths.add(prefix + k)
            if v is None:
                empty.add(prefix + k + ".")
            paths |= key_paths(v, prefix + k + ".", empty)[0]
    elif isinstance(doc, list):
        if not doc:
            empty.add(prefix)
        for v in doc:
            paths |= key_paths(v, prefix + "#.", empty)[0]
    return paths, empty


def same_fields(a, b):
    """The key paths two documents do not share, but for those under an
    array that one of them has empty (a trace that recorded nothing) or a
    field that one of them has null (a deadlock in one run, not the
    other's)."""
    (pa, ea), (pb, eb) = key_paths(a), key_paths(b)
    return sorted(p for p in pa ^ pb if not any(p.startswith(e) for e in ea | eb))


def missing(case, what):
    """A thing not produced yet: a skip until STRICT, then a failure."""
    if STRICT:
        case.fail(what + " (STRICT)")
    case.skipTest(what + " not produced yet (html_test.py STRICT = False)")


def run_chromium(args, out_dir):
    """chromium headless with args and a fresh profile; its stdout. Its
    stderr (dbus complaints, here) is ignored; it is killed, with its
    children, after CHROMIUM_SECONDS."""
    profile = tempfile.mkdtemp(prefix="profile-", dir=out_dir)
    env = dict(os.environ, HOME=profile, XDG_CONFIG_HOME=profile, XDG_CACHE_HOME=profile)
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--user-data-dir=" + profile] + args
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            start_new_session=True, env=env)
    try:
        out, _ = proc.communicate(timeout=CHROMIUM_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise AssertionError("chromium still running after %d s: %s"
                             % (CHROMIUM_SECONDS, " ".join(cmd)))
    shutil.rmtree(profile, ignore_errors=True)
    return out.decode("utf-8", "replace")


def png_pixels(data):
    """(width, height, bytes per pixel, rows) of an 8-bit PNG, decoded
    with zlib and the five row filters."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, [], None
    while pos + 8 <= len(data):
        n, = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", data[pos + 8:pos + 8 + n])
        elif kind == b"IDAT":
            idat.append(data[pos + 8:pos + 8 + n])
        pos += 12 + n
    width, height, depth, colour, _, _, interlace = header
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    if depth != 8 or interlace:
        raise ValueError("a PNG this decoder does not read (depth %d, interlace %d)"
                         % (depth, interlace))
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    prev = bytes(stride)
    # Filter 2 (up) adds the row above byte by byte: done on whole rows as
    # big integers, each byte's carry kept out of the next.
    low = int.from_bytes(b"\x7f" * stride, "big")
    high = int.from_bytes(b"\x80" * stride, "big")
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], raw[start + 1:start + 1 + stride]
        if kind == 0:
            cur = bytes(line)
        elif kind == 2:
            a, b = int.from_bytes(line, "big"), int.from_bytes(prev, "big")
            cur = (((a & low) + (b & low)) ^ ((a ^ b) & high)).to_bytes(stride, "big")
        else:
            cur = bytearray(line)
            for i in range(stride):
                left = cur[i - bpp] if i >= bpp else 0
                if kind == 1:
                    cur[i] = (cur[i] + left) & 255
                    continue
                up = prev[i]
                if kind == 3:
                    cur[i] = (cur[i] + ((left + up) >> 1)) & 255
                    continue
                corner = prev[i - bpp] if i >= bpp else 0
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                cur[i] = (cur[i] + (left if pa <= pb and pa <= pc else
                                    up if pb <= pc else corner)) & 255
            cur = bytes(cur)
        rows.append(cur)
        prev = cur
    return width, height, bpp, rows


def assert_not_blank(case, png, size, where):
    with open(png, "rb") as f:
        width, height, bpp, rows = png_pixels(f.read())
    case.assertEqual((width, height), size, "%s: the screenshot's size" % where)
    colours, inked = set(), 0
    white = b"\xff" * min(bpp, 3)
    for row in rows:
        for x in range(0, len(row), bpp):
            pixel = row[x:x + min(bpp, 3)]
            colours.add(pixel)
            inked += pixel != white
    # Text alone, antialiased, gives dozens of shades; a blank or a flat
    # page one or two.
    case.assertGreater(len(colours), 8, "%s: only %d colours: blank?" % (where, len(colours)))
    case.assertGreater(inked, width * height // 200,
                       "%s: %d pixels not white: blank?" % (where, inked))
    return len(colours), inked


class HtmlPages(unittest.TestCase):
    """The checks, one test per kind and check (added below)."""

    def page(self, kind):
        status = EXITS[kind]
        self.assertIn(status, RUN_STATUSES, "racedemo %s exited %d"
                      % (" ".join(page_args(kind)), status))
        self.assertTrue(PAGES[kind].startswith(b"<!DOCTYPE html>"), "no page: %r"
                        % PAGES[kind][:200])
        return PAGES[kind].decode("utf-8")

    def doc(self, kind, text):
        """The page's data block, or a skip while it is being added."""
        page = Page(text)
        doc = data_block(page)
        if doc is None and not page.scripts and kind in DATA_BLOCK_PENDING:
            missing(self, "%s: the data block" % kind)
        return doc

    # a. structure
    def check_structure(self, kind):
        text = self.page(kind)
        page = Page(text)
        pending = kind in DATA_BLOCK_PENDING and not page.scripts
        if not pending:
            self.assertEqual(len(page.scripts), 1, "one script element, the data block: %r"
                             % [a for a, _ in page.scripts])
            attrs, content = page.scripts[0]
            self.assertEqual(attrs.get("type"), "application/json")
            self.assertEqual(attrs.get("id"), "racedemo-result")
            try:
                doc = json.loads(content)
            except ValueError as e:
                self.fail("the data block is not JSON: %s" % e)
            self.assertIsInstance(doc, dict)
            self.assertNotIn("</", content, "the data block cannot end its element")
        fetched = [u for u in page.urls if not (u[1] == "href" and u[2].startswith("#"))
                   and not u[2].startswith("data:")]
        self.assertFalse(fetched, "names something to fetch: %r" % fetched)
        self.assertFalse(page.links, "<link> elements: %r" % page.links)
        # CSS may name a pattern of the page (url(#hatch)), nothing else.
        for css in page.styles:
            fetches = re.findall(r"(?i)url\s*\(\s*['\"]?(?!#)[^)]*\)|@import[^;]*", css)
            self.assertFalse(fetches, "CSS that fetches: %r" % fetches)
        self.assertNotRegex(text, r"(?i)<(iframe|object|embed|img|base)\b",
                            "an element that loads something")
        self.assertIn('<meta charset="utf-8">', text)
        if kind in LITMUS:
            # Each test shows whether its threads met and how often they
            # were in step, and which outcomes count as in step.
            shown = {p for p, _, _ in page.json_shown}
            for i, run in enumerate(data_block(page)["runs"]):
                for field in ("batch", "met", "in_step_seen"):
                    self.assertIn("runs.%d.%s" % (i, field), shown)
                for o in range(len(run["outcomes"])):
                    self.assertIn("runs.%d.outcomes.%d.in_step" % (i, o), shown)
        if kind == "litmus_all":
            self.assertEqual(len(page.verdicts), len(data_block(page)["runs"]),
                             "a banner per test")
        elif kind != "compare":
            self.assertLessEqual(len(page.verdicts), 1, "one verdict banner")
        if pending:
            missing(self, "%s: the data block" % kind)

    # a, continued: the data block is the document --format json prints.
    def check_same_json(self, kind):
        text = self.page(kind)
        doc = self.doc(kind, text)
        status, out = racedemo(KINDS[kind][0] + ["--format", "json"])
        if status == 2 and kind in DATA_BLOCK_PENDING:
            missing(self, "%s: --format json" % kind)
        self.assertIn(status, RUN_STATUSES)
        plain = json.loads(out)
        if kind in DETERMINISTIC:
            self.assertEqual(doc, plain, "the data block is what --format json prints")
        else:
            # Another run: the same fields, numbers free. Which strategies
            # and trials a run lists can differ; the fields are the same.
            for d in (doc, plain):
                if isinstance(d.get("config"), dict):
                    d["config"]["format"] = "-"
            self.assertFalse(same_fields(doc, plain),
                             "the data block has the fields --format json prints")

    # b. svg
    def check_svg(self, kind):
        text = self.page(kind)
        sources = svg_sources(text)
        page = Page(text)
        self.assertEqual(len(sources), len(page.svgs))
        for (svg_id, in_figure), source in zip(page.svgs, sources):
            where = "%s: svg #%s" % (kind, svg_id)
            try:
                root = ET.fromstring(source)
            except ET.ParseError as e:
                self.fail("%s does not parse as XML: %s" % (where, e))
            self.assertEqual(root.tag, "{http://www.w3.org/2000/svg}svg", where)
            self.assertTrue(svg_id, "%s: an svg without an id" % kind)
            self.assertTrue(in_figure, "%s is not in a <figure>" % where)
            title = root.find("{http://www.w3.org/2000/svg}title")
            self.assertTrue(title is not None and (title.text or "").strip(),
                            "%s has no <title>" % where)
        if not sources and KINDS[kind][1]:
            missing(self, "%s: pictures" % kind)

    # c. data-json
    def check_values(self, kind):
        text = self.page(kind)
        doc = self.doc(kind, text)
        check_data_json(self, text, doc, kind)
        if kind == "quiz":
            return
        verdicts = [p for p, _, _ in Page(text).json_shown if p.endswith("verdict")]
        if kind in VERDICT_PENDING and not verdicts:
            missing(self, "%s: data-json on each verdict" % kind)
        self.assertTrue(verdicts, "the verdict names its data-json path")

    # d. pictures
    def check_pictures(self, kind):
        ids = [i for i, _ in Page(self.page(kind)).svgs]
        self.assertEqual(len(ids), len(set(ids)), "picture ids are unique: %r" % ids)
        absent = [i for i in KINDS[kind][1] if i not in ids]
        if absent:
            missing(self, "%s: picture(s) %s" % (kind, ", ".join("#" + i for i in absent)))

    # e. tidy
    def check_tidy(self, kind):
        self.page(kind)
        if not TIDY:
            self.skipTest("tidy is not installed (Debian: apt-get install tidy)")
        proc = subprocess.run([TIDY, "-q", "-e", page_path(kind)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=60)
        report = (proc.stdout + proc.stderr).strip()
        self.assertNotEqual(proc.returncode, 2, "tidy finds errors in %s:\n%s" % (kind, report))
        self.assertIn(proc.returncode, (0, 1), report)
        if proc.returncode == 1:
            print("\n[tidy warnings, %s]\n%s" % (kind, report), file=sys.stderr)

    # g. chromium
    def check_browser(self, kind):
        text = self.page(kind)
        if not CHROMIUM:
            self.skipTest("chromium is not installed (Debian: apt-get install chromium)")
        url = "file://" + page_path(kind)
        png = os.path.join(TMP, kind + ".png")
        # One chromium: the screenshot, and the DOM it built on stdout.
        dom = run_chromium(["--screenshot=" + png, "--window-size=%d,%d" % DESKTOP,
                            "--hide-scrollbars", "--dump-dom", url], TMP)
        self.assertTrue(os.path.exists(png), "chromium wrote no screenshot of " + kind)
        assert_not_blank(self, png, DESKTOP, kind)
        built = Page(dom)
        self.assertIn("<main>", dom, "chromium's DOM of %s" % kind)
        # The verdict is on show: a banner (compare: the table's rows).
        if kind == "quiz":
            self.assertFalse(built.verdicts, "a verdict under --quiz")
        elif kind == "compare":
            seen = re.sub(r"<script.*?</script>", "", dom, flags=re.S)
            for run in data_block(Page(text))["runs"]:
                if run.get("result"):
                    self.assertIn(run["result"]["summary"]["verdict"].replace("_", " "), seen)
        elif kind in LITMUS:
            runs = data_block(Page(text))["runs"]
            self.assertEqual(len(built.verdicts), len(runs), "a banner per test")
            for banner, run in zip(built.verdicts, runs):
                self.assertRegex(banner, r"\b(NOT SEEN|SEEN|BROKEN)\b")
                self.assertIn(normal(run["verdict"]), normal(banner))
        else:
            self.assertTrue(built.verdicts and any(v in built.verdicts[0] for v in VERDICTS),
                            "%s: the verdict banner in chromium's DOM: %r" % (kind, built.verdicts))
        doc = data_block(built)
        if doc is None and kind in DATA_BLOCK_PENDING:
            missing(self, "%s: the data block" % kind)
        self.assertEqual(doc, data_block(Page(text)), "the data block as chromium read it")
        check_data_json(self, dom, doc, kind + " as chromium built it")


def add_workloads_from_list():
    """A kind for every workload `racedemo list` shows that KINDS does not
    name (a new one): its free run, as it comes, draws a timeline."""
    listing = subprocess.run([BINARY, "list"], capture_output=True, text=True, check=True,
                             env=dict(os.environ, COLUMNS="200")).stdout  # no line wraps
    for name in oracle_test.parse_list(listing)[0]:
        KINDS.setdefault(name, ([name], ["timeline"]))


def add_tests():
    checks = [("a_structure", HtmlPages.check_structure),
              ("a_same_json", HtmlPages.check_same_json), ("b_svg", HtmlPages.check_svg),
              ("c_values", HtmlPages.check_values), ("d_pictures", HtmlPages.check_pictures),
              ("e_tidy", HtmlPages.check_tidy), ("g_browser", HtmlPages.check_browser)]
    for name, check in checks:
        for kind in KINDS:
            setattr(HtmlPages, "test_%s_%s" % (name, kind),
                    lambda self, c=check, k=kind: c(self, k))



def visible_strings(doc):
    """Every string a JSON document holds, as values."""
    if isinstance(doc, dict):
        return [s for v in doc.values() for s in visible_strings(v)]
    if isinstance(doc, list):
        return [s for v in doc for s in visible_strings(v)]
    return [doc] if isinstance(doc, str) else []


ANSWER = re.compile(r'<details class="answer"><summary>(.*?)</summary><p>(.*?)</p></details>',
                    re.S)


def without_answers(page):
    """The quiz page as a class sees it before a click: its answers closed."""
    return ANSWER.sub("", page)


def unescape(text):
    return (text.replace("&#39;", "'").replace("&quot;", '"').replace("&lt;", "<")
            .replace("&gt;", ">").replace("&amp;", "&"))


class Schedule(unittest.TestCase):
    """f: a replay is the same bytes every time, and a quiz keeps its
    answers closed until a click."""

    def test_f_quiz_answers(self):
        """Each value the plain page's steps show, the observed total and
        the verdict are answers on the quiz page, in <details> (no script,
        no second page)."""
        doc = data_block(Page(PAGES["schedule"].decode()))
        answers = [(unescape(q), unescape(a)) for q, a in ANSWER.findall(PAGES["quiz"].decode())]
        self.assertTrue(answers, "the quiz page has answers in <details>")
        text = " ".join(a for _, a in answers)
        for step in doc["steps"]:
            for name in ("value", "shared", "mark"):
                if step.get(name):
                    self.assertIn(step[name], text, "step %d's %s" % (step["step"], name))
        self.assertIn(doc["observed"], text)
        self.assertIn(doc["why"], text)
        self.assertNotIn("<script>", PAGES["quiz"].decode())

    def test_f_arrow_direction(self):
        """A load's arrow points from the data to the thread, a store's
        from the thread to the data (counter and prodcons, no lock: every
        arrow touches the data's lifeline)."""
        for args in (["counter", "--schedule", "ABABAB"],
                     ["prodcons", "--schedule", "AABABBABBABBBABBBBB"]):
            status, out = racedemo(args + ["--format", "html"])
            page = out.decode()
            doc = data_block(Page(page))
            svg = re.search(r'<svg[^>]*id="sequence".*?</svg>', page, re.S).group(0)
            arrows = [tuple(float(v) for v in m) for m in re.findall(
                r'<line x1="([-\d.]+)" y1="[-\d.]+" x2="([-\d.]+)" y2="[-\d.]+" '
                r'class="arrow', svg)]
            touching = [st for st in doc["steps"] if st["shared_access"] or st["lock"]]
            self.assertEqual(len(arrows), len(touching), "an arrow per step on the data")
            ends = [x for a in arrows for x in a]
            data_x = max(set(ends), key=ends.count)
            checked = 0
            for (x1, x2), st in zip(arrows, touching):
                if st["op"].startswith("load"):
                    self.assertEqual((x1 != data_x, x2 != data_x), (False, True),
                                     "%s: step %d (%s) points to the thread"
                                     % (args[0], st["step"], st["op"]))
                    checked += 1
                elif st["op"].startswith("store"):
                    self.assertEqual(x2, data_x, "%s: step %d (%s) points to the data"
                                     % (args[0], st["step"], st["op"]))
                    checked += 1
            self.assertGreater(checked, 1, "loads and stores were found")

    def test_f_banner_marker(self):
        """The marker the banner names ("the store marked ^") is the one
        the picture draws, once per marked step."""
        page = PAGES["schedule"].decode()
        doc = data_block(Page(page))
        banner = re.search(r'<p class="verdict.*?</p>', page, re.S).group(0)
        named = re.search(r"marked (\S)", unescape(banner))
        self.assertIsNotNone(named, "the banner names a marker: %s" % banner)
        drawn = re.findall(r'<text[^>]*class="mark-glyph"[^>]*>([^<]*)</text>', page)
        self.assertEqual(drawn, [named.group(1)] * doc["marked_steps"],
                         "the picture draws the banner's marker on each marked step")
        self.assertNotIn('class="mark"', re.search(r'<svg[^>]*id="sequence".*?</svg>', page,
                                                   re.S).group(0), "no other mark drawn")

    def test_f_same_bytes(self):
        for kind in DETERMINISTIC:
            status, again = racedemo(page_args(kind))
            self.assertEqual(status, EXITS[kind])
            self.assertEqual(again, PAGES[kind], "%s: two runs, two pages" % kind)

    def test_f_step_table(self):
        """The values the text report's step table shows without --quiz
        (`acc = 0`, `N = 1`: a name, `=`, a number, in the table's last two
        columns and the observed line) are nowhere in the quiz page, but
        for the expected total, which the quiz shows."""
        plain = PAGES["schedule"].decode()
        quiz = without_answers(PAGES["quiz"].decode())
        report = re.search(r'<pre class="report">(.*?)</pre>', plain, re.S).group(1)
        values = set()
        expected = set()
        for line in report.split("\n"):
            if re.match(r"\s+[0-9]+\s+[A-Z]\s", line) or line.strip().startswith("observed"):
                values |= set(re.findall(r"[A-Za-z_][\w\[\]]* = -?[0-9][0-9,]*", line))
            if line.strip().startswith("expected"):
                expected |= set(re.findall(r"[A-Za-z_][\w\[\]]* = -?[0-9][0-9,]*", line))
        self.assertTrue(values, "the step table shows values without --quiz")
        flat = re.sub(r"\s+", " ", quiz)
        leaks = [v for v in values - expected
                 if v in flat or v.replace(" ", "") in flat.replace(" ", "")]
        self.assertFalse(leaks, "--quiz shows %r" % leaks)
        # No verdict, nor where the update was lost.
        text = re.sub(r"<[^>]*>", " ", quiz)
        for word in VERDICTS + ("lost update", "overwrites"):
            self.assertNotRegex(text, r"\b%s\b" % re.escape(word), "--quiz tells the answer")
        self.assertNotIn('class="verdict', quiz)

    def test_f_data_block(self):
        """Under --quiz the data block hides what the replay's shows: every
        string the plain page's document holds and the quiz's does not (a
        step's value, the observed total, the verdict's words) is not in
        the quiz page; the fields that hold values are null."""
        plain, quiz = Page(PAGES["schedule"].decode()), Page(PAGES["quiz"].decode())
        doc, qdoc = data_block(plain), data_block(quiz)
        if doc is None or qdoc is None:
            missing(self, "the replay's data block")
        shown = visible_strings(qdoc)
        # What the quiz's document holds (its command line holds the plain
        # one's) is shown on purpose.
        hidden = {s for s in visible_strings(doc)
                  if len(s) > 1 and not any(s in q for q in shown)}
        page = re.sub(r"\s+", " ", without_answers(PAGES["quiz"].decode()))
        leaks = sorted(s for s in hidden if re.sub(r"\s+", " ", s) in page)
        self.assertFalse(leaks, "--quiz shows what the replay's values are: %r" % leaks)
        for step in qdoc.get("steps", []):
            for name in ("value", "shared", "mark"):
                self.assertIsNone(step.get(name), "a step's %s under --quiz" % name)
        for name in ("observed", "lost", "verdict"):
            self.assertIsNone(qdoc.get(name), "%s under --quiz" % name)


def selenium_driver():
    """A headless chromium driven by selenium (chromedriver), or None.
    Debian's python3-selenium is looked for where Debian puts it, too,
    for a python3 of the same version that is not the system's."""
    if not CHROMIUM or not shutil.which("chromedriver"):
        return None
    try:
        import selenium  # noqa: F401
    except ImportError:
        sys.path.append("/usr/lib/python3/dist-packages")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return None
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(arg)
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": PHONE[0], "height": PHONE[1], "deviceScaleFactor": 1,
                            "mobile": True})
    return driver


# What sticks out at the right of the screen: the document's scroll and
# client widths, and each element (but the text report's <pre>, which
# keeps the terminal's columns and scrolls in its own box) whose right
# edge is past the screen's, inside a box that scrolls or not.
WIDTHS_JS = """
var root = document.documentElement, cw = root.clientWidth, out = [];
document.querySelectorAll('body *').forEach(function (e) {
  if (e.closest('pre')) return;
  var r = e.getBoundingClientRect();
  if (r.width > 0 && r.right > cw + 1)
    out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' to ' + Math.round(r.right));
});
return [root.scrollWidth, cw, out.slice(0, 5)];
"""


class Phone(unittest.TestCase):
    """g, at a phone's width: the page still draws, and nothing is cut at
    its right edge."""

    def test_g_phone_width(self):
        """At 390x844 every page's scroll width is its width, and no
        chart or table reaches past the screen's right edge (a figure is
        scaled to fit, a table's columns narrowed)."""
        driver = selenium_driver()
        if not driver:
            self.skipTest("chromium, chromedriver or python3-selenium is not installed "
                          "(Debian: apt-get install chromium-driver python3-selenium)")
        try:
            for kind in KINDS:
                driver.get("file://" + page_path(kind))
                scroll, client, past = driver.execute_script(WIDTHS_JS)
                self.assertEqual(scroll, client, "%s: the page scrolls sideways" % kind)
                self.assertEqual(past, [], "%s: cut at the right edge at 390 px" % kind)
        finally:
            driver.quit()

    def test_g_phone_screenshot(self):
        if not CHROMIUM:
            self.skipTest("chromium is not installed (Debian: apt-get install chromium)")
        for kind in ("schedule",):
            png = os.path.join(TMP, kind + "-phone.png")
            run_chromium(["--screenshot=" + png, "--window-size=%d,%d" % PHONE,
                          "--hide-scrollbars", "file://" + page_path(kind)], TMP)
            self.assertTrue(os.path.exists(png))
            assert_not_blank(self, png, PHONE, kind + " at phone width")


class Words(unittest.TestCase):
    """What the pages say: no fact left hanging, no line run into another,
    no words about a terminal's columns, sensible figures, and commands
    that break only between words."""

    def test_facts_end(self):
        for kind in KINDS:
            page = PAGES[kind].decode()
            for value in re.findall(r"<dd>(.*?)</dd>", page, re.S):
                text = re.sub(r"<[^>]*>", "", value).strip()
                self.assertFalse(text.endswith(":"), "%s: a fact ends in a colon: %r"
                                 % (kind, text))

    def test_banner_lines(self):
        """A stall's banner lists each worker on a line of its own."""
        page = PAGES["prodcons_none"].decode()
        for why in re.findall(r'<span class="why">(.*?)</span></p>', page, re.S):
            self.assertNotRegex(why, r"[^\n](producer|consumer|thread|process) \w+: ",
                                "two sentences run together: %r" % why)

    def test_compare_page(self):
        page = PAGES["compare"].decode()
        body = re.sub(r"<script.*?</script>|<style>.*?</style>", "", page, flags=re.S)
        self.assertFalse(re.search(r"\bcolumns\b|left out to fit", body),
                         "compare's page speaks of a terminal's columns")
        self.assertFalse('<pre class="report">' in body, "the text table, a third copy")
        shown = re.findall(r'data-json="runs\.\d+\.result\.summary\.ns_per_op_median">([^<]*)<',
                           page)
        self.assertTrue(shown, "compare shows ns/op")
        for value in shown:
            digits = re.sub(r"[^0-9]", "", value).lstrip("0")
            self.assertLessEqual(len(digits), max(3, len(value.split(".")[0].replace(",", ""))),
                                 "ns/op to three significant figures: %s" % value)

    def test_command_words(self):
        """Each word of a command line is a span that does not break, so
        --timeout never breaks after its --."""
        for kind in KINDS:
            page = PAGES[kind].decode()
            for code in re.findall(r'<code class="command"[^>]*>(.*?)</code>', page, re.S):
                loose = re.sub(r'<span class="w">[^<]*</span>', "", code)
                self.assertNotRegex(loose, r"(^|\s)--?\w", "%s: an option outside a "
                                    "span that keeps it whole: %r" % (kind, loose))


class Checker(unittest.TestCase):
    """The checks themselves catch what they look for: each fails on a
    page with that fault written in."""

    def fails(self, check, kind, mutate):
        original = PAGES[kind]
        text = original.decode()
        bad = mutate(text)
        self.assertNotEqual(bad, text, "the fault was written in")
        try:
            PAGES[kind] = bad.encode()
            with open(page_path(kind), "wb") as f:
                f.write(PAGES[kind])
            with self.assertRaises(AssertionError):
                check(HtmlPages(), kind)
        finally:
            PAGES[kind] = original
            with open(page_path(kind), "wb") as f:
                f.write(original)

    def test_checker_structure(self):
        self.fails(HtmlPages.check_structure, "counter",
                   lambda t: t.replace("</main>", '<img src="http://example.com/x.png"></main>'))
        self.fails(HtmlPages.check_structure, "counter",
                   lambda t: t.replace("</main>", '<a href="https://example.com/">x</a></main>'))
        self.fails(HtmlPages.check_structure, "counter",
                   lambda t: t.replace("</style>", "body{background:url(x.png)}</style>"))
        self.fails(HtmlPages.check_structure, "counter",
                   lambda t: t.replace("</style>", "@import 'a.css';</style>"))
        self.fails(HtmlPages.check_structure, "counter",
                   lambda t: t.replace("</main>", "<script>alert(1)</script></main>"))
        self.fails(HtmlPages.check_structure, "counter",
                   lambda t: t.replace('"schema_version"', "schema_version", 1))

    def test_checker_values(self):
        self.fails(HtmlPages.check_values, "counter",
                   lambda t: re.sub(r'(data-json="trials.0.lost">)[0-9]', r"\g<1>9,9", t))
        self.fails(HtmlPages.check_values, "counter",
                   lambda t: t.replace('data-json="expected"', 'data-json="no.such.path"'))
        self.fails(HtmlPages.check_values, "counter",
                   lambda t: re.sub(r'(<span data-json="summary.verdict">)[^<]*', r"\1CORRECTED",
                                    t))
        # litmus: an SVG count and a yes/no cell that disagree with the JSON.
        self.fails(HtmlPages.check_values, "litmus",
                   lambda t: re.sub(r'(<text[^>]*data-json="runs.0.outcomes.1.seen">)[0-9]',
                                    r"\g<1>9,9", t))
        self.fails(HtmlPages.check_values, "litmus",
                   lambda t: t.replace('data-json="runs.0.outcomes.0.sc">no<',
                                       'data-json="runs.0.outcomes.0.sc">yes<'))
        # sb's r0=0 r1=0 is in step: a page that says otherwise is wrong.
        self.fails(HtmlPages.check_values, "litmus",
                   lambda t: t.replace('data-json="runs.0.outcomes.0.in_step">yes<',
                                       'data-json="runs.0.outcomes.0.in_step">no<'))

    def test_checker_svg(self):
        figure = ('<figure><svg xmlns="http://www.w3.org/2000/svg" id="timeline" '
                  'viewBox="0 0 10 10">%s<rect x="0" y="0" width="5" height="5"/></svg>'
                  '</figure></main>')
        self.fails(HtmlPages.check_svg, "counter",
                   lambda t: t.replace("</main>", figure % ""))
        self.fails(HtmlPages.check_svg, "counter",
                   lambda t: t.replace("</main>", figure % "<title>x</title><text>&nbsp;</text>"))

    def test_checker_quiz(self):
        self.fails(lambda case, kind: Schedule().test_f_step_table(), "quiz",
                   lambda t: t.replace("</main>", "<p>N = 1</p></main>"))
        self.fails(lambda case, kind: Schedule().test_f_step_table(), "quiz",
                   lambda t: t.replace("</main>", '<svg><text>acc=0</text></svg></main>'))
        self.fails(lambda case, kind: Schedule().test_f_step_table(), "quiz",
                   lambda t: t.replace("</main>", '<p class="verdict">RACE</p></main>'))

    def test_checker_pictures(self):
        if not STRICT:
            self.skipTest("a missing picture is a skip while STRICT = False")
        self.fails(HtmlPages.check_pictures, "counter",
                   lambda t: t.replace('id="timeline"', 'id="timeline-renamed"'))

    def test_checker_numbers(self):
        for shown, value in (("200,000", 200000), ("+1,000", 1000), ("$-5", -5), ("-$5", -5),
                             ("49.28%", 49.2785), ("0.60 ns", 0.6041),
                             ("NO RACE SEEN", "NO_RACE_SEEN"), ("N := N + 1", "N := N + 1"),
                             ("\u2212" + "12", -12)):
            self.assertTrue(shown_matches(shown, value), (shown, value))
        for shown, value in (("200,001", 200000), ("49.3%", 49.2), ("RACE", "NO_RACE_SEEN"),
                             ("10k", 10000), ("1", True), ("", 0)):
            self.assertFalse(shown_matches(shown, value), (shown, value))

    def test_checker_blank_png(self):
        width, height = 40, 30
        rows = b"".join(b"\x00" + b"\xff" * (3 * width) for _ in range(height))

        def chunk(kind, body):
            return (struct.pack(">I", len(body)) + kind + body
                    + struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff))

        png = os.path.join(TMP, "blank.png")
        with open(png, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n"
                    + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                    + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
        with self.assertRaises(AssertionError):
            assert_not_blank(self, png, (width, height), "a white PNG")


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        sys.exit(__doc__)
    BINARY = os.path.abspath(sys.argv.pop(1))
    add_workloads_from_list()
    add_tests()
    print("chromium: %s; tidy: %s; STRICT = %s" % (CHROMIUM or "not installed",
                                                  TIDY or "not installed", STRICT))
    unittest.main(verbosity=2)
