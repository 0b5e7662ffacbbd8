#!/usr/bin/env python3
"""play_html_test.py: racedemo play --format html in a real browser
(headless chromium through selenium): each challenge's page won by
clicking explore's shortest schedule, the page's win and its end the same
as --schedule replays them; the undo hint where the goal has become
impossible; the correct lock's proof; the page self-contained; and
screenshots at 1280x800 and 390x844 that are not blank. Without selenium
or chromium (or with RACEDEMO_TEST_BROWSER=0) the browser's part is a
skip that says so; the page's own checks still run.
Usage: play_html_test.py PATH/TO/racedemo"""
import html
import json
import re
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest

BIN = os.path.abspath(sys.argv.pop(1))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import html_test  # noqa: E402  (its PNG reader and blank check)
import play_test  # noqa: E402  (the challenges and explore's shortest schedules)

play_test.BIN = BIN
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
except ImportError:
    webdriver = None
    # Debian's python3-selenium is the system python's: a python3 found
    # first on PATH (pyenv, a venv) may lack it. Then run under that one.
    SYSTEM = "/usr/bin/python3"
    if (os.path.exists(SYSTEM) and not os.environ.get("RACEDEMO_PLAY_SYSTEM_PYTHON")
            and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM)
            and subprocess.run([SYSTEM, "-c", "import selenium"],
                               capture_output=True).returncode == 0):
        os.environ["RACEDEMO_PLAY_SYSTEM_PYTHON"] = "1"
        os.execv(SYSTEM, [SYSTEM, os.path.abspath(__file__), BIN, *sys.argv[1:]])

BROWSER = os.environ.get("RACEDEMO_TEST_BROWSER") != "0"
DRIVER = shutil.which("chromedriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def page_of(args):
    p = subprocess.run([BIN, "play", *args, "--format", "html"], capture_output=True,
                       text=True, timeout=120)
    return p


class Page(unittest.TestCase):
    def test_self_contained_and_small(self):
        for args, _, _ in play_test.CHALLENGES:
            with self.subTest(args=args):
                p = page_of(args)
                self.assertEqual(p.returncode, 0, p.stderr)
                self.assertLess(len(p.stdout.encode()), 500 * 1024)
                page = html_test.Page(p.stdout)
                # The data block, then the one script that walks it.
                self.assertEqual(len(page.scripts), 2)
                attrs, content = page.scripts[0]
                self.assertEqual(attrs.get("type"), "application/json")
                graph = json.loads(content)
                # The heading's command is the one the data block holds.
                self.assertTrue(graph["command"].startswith("racedemo play " + args[0]))
                for opt, value in zip(args[1::2], args[2::2]):
                    self.assertIn("%s %s" % (opt, value), graph["command"])
                heading = re.search(r'data-json="command">(.*?)</code>', p.stdout, re.S)
                self.assertIsNotNone(heading)
                self.assertEqual(html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))),
                                 graph["command"])
                if shutil.which("tidy"):
                    t = subprocess.run(["tidy", "-q", "-e"], input=p.stdout,
                                       capture_output=True, text=True)
                    self.assertNotIn("Error:", t.stderr)
                self.assertEqual(graph["nodes"][0]["d"], graph["shortest"])
                # Nothing fetched: CSS url() only of #fragments.
                self.assertIsNone(re.search(r"src=|<link|@import|https?:|url\([^#]", p.stdout))

    def test_too_large_is_refused(self):
        p = page_of(["counter", "--threads", "3", "--iters", "2"])
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stdout, "")
        self.assertEqual(len(p.stderr.splitlines()), 1)
        self.assertIn("lower --iters or --threads", p.stderr)


@unittest.skipUnless(webdriver and DRIVER and CHROMIUM and BROWSER,
                     "selenium, chromedriver or chromium missing (Debian: python3-selenium, "
                     "chromium-driver), or RACEDEMO_TEST_BROWSER=0")
class Browser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        options = webdriver.ChromeOptions()
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--window-size=1280,800"):
            options.add_argument(arg)
        options.binary_location = CHROMIUM
        cls.driver = webdriver.Chrome(service=Service(DRIVER), options=options)
        cls.tmp = tempfile.mkdtemp(prefix="racedemo-play-")

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def open(self, args):
        path = os.path.join(self.tmp, "_".join(args) + ".html")
        with open(path, "w") as f:
            f.write(page_of(args).stdout)
        self.driver.get("file://" + path)
        return path

    def text(self, element_id):
        return self.driver.find_element(By.ID, element_id).text

    def shown(self, element_id):
        return self.driver.find_element(By.ID, element_id).is_displayed()

    def click(self, letters):
        for m in play_test.moves(letters):
            button = "flush-" + m[0] if m.endswith(":flush") else "step-" + m
            self.driver.find_element(By.ID, button).click()

    def screenshot(self, size, where):
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": size[0], "height": size[1], "deviceScaleFactor": 1,
            "mobile": size[0] < 600})
        png = os.path.join(self.tmp, "%s-%dx%d.png" % (where, size[0], size[1]))
        with open(png, "wb") as f:
            f.write(self.driver.get_screenshot_as_png())
        html_test.assert_not_blank(self, png, size, where)
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def test_each_challenge_won_as_schedule_replays_it(self):
        for args, extra, requirement in play_test.CHALLENGES:
            with self.subTest(args=args):
                letters, _ = play_test.shortest(args, extra, requirement)
                self.open(args)
                self.assertFalse(self.shown("win"))
                self.click(letters)
                self.assertTrue(self.shown("win"))
                n = len(play_test.moves(letters))
                self.assertIn("WON in %d moves (the fewest: %d)" % (n, n), self.text("won"))
                self.assertEqual(self.text("moves"), "%d: %s" % (n, letters))
                # The page's end is the terminal's, and the replay's.
                term = play_test.play(args, letters).stdout
                self.assertEqual(self.text("end"), play_test.field(term, "end"))
                cmd = shlex.split(self.text("replay"))
                self.assertEqual(self.text("replay"), play_test.field(term, "replay it:"))
                r = play_test.run(cmd[1:] + ["--format", "json"])
                self.assertEqual(json.loads(r.stdout)["observed"], self.text("end"))
                self.screenshot((1280, 800), "_".join(args))
                self.screenshot((390, 844), "_".join(args))

    def test_undo_hint_where_the_goal_is_impossible(self):
        self.open(["counter"])
        self.click("AAA")
        self.assertTrue(self.shown("hint"))
        self.assertEqual(self.text("hint"), "from here no schedule can lose an update: undo")
        self.driver.find_element(By.ID, "undo").click()
        self.assertFalse(self.shown("hint"))

    def test_a_flush_moves_a_store_from_the_buffer_to_memory(self):
        self.open(["counter", "--sync", "peterson-relaxed", "--model", "tso"])
        self.click("A")
        self.assertEqual(self.text("buffers"), "A: flag[A] = 1 | B: -")
        self.assertIn("flag[A] = 0", self.text("lock"))
        self.click("A:flush")
        self.assertEqual(self.text("buffers"), "A: - | B: -")
        self.assertIn("flag[A] = 1", self.text("lock"))
        self.assertEqual(self.text("moves"), "2: A,A:flush")
        self.click("A:flush")
        self.assertEqual(self.text("said"), "A's store buffer is empty: nothing to flush")

    def test_correct_lock_shows_the_proof(self):
        self.open(["counter", "--sync", "peterson-relaxed"])
        self.click("A" * 8 + "B" * 8)
        self.assertFalse(self.shown("win"))
        self.assertTrue(self.shown("proof"))
        self.assertIn("no schedule can get both threads inside at once", self.text("proof"))


if __name__ == "__main__":
    unittest.main()
