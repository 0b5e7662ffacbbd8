"""The man page's GLOSSARY, written from `racedemo explain glossary`.

The words and what they mean live once, in src/cli/glossary.c; this
module reads them from the binary and writes them between the two marker
comments of docs/racedemo.1, so that the man page and `racedemo explain`
say the same. generate.py calls write(); tests/glossary_test.py calls
entries() and man_entries() to check that the two agree.
"""
import os
import re
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
MAN = os.path.join(HERE, "racedemo.1")
BEGIN = '.\\" glossary: written by docs/generate.py from src/cli/glossary.c'
END = '.\\" glossary: end'
HEAD = re.compile(r"^(\S.*) \(([a-z ]+)\):$")


def entries(binary):
    """[(term, kind, meaning)] as `racedemo explain glossary` prints them."""
    env = dict(os.environ, COLUMNS="200")
    out = subprocess.run([binary, "explain", "glossary"], env=env, check=True,
                         stdout=subprocess.PIPE, universal_newlines=True).stdout
    found = []
    for line in out.splitlines()[2:]:
        head = HEAD.match(line)
        if head:
            found.append([head.group(1), head.group(2), ""])
        elif found and line.strip():
            found[-1][2] = (found[-1][2] + " " + line.strip()).strip()
    return [tuple(e) for e in found]


def roff(text):
    """Text as roff prints it: backslashes and hyphens escaped."""
    return text.replace("\\", "\\e").replace("-", "\\-")


def section(binary):
    lines = [BEGIN, ".SH GLOSSARY",
             "Every word racedemo prints that a student may not know;",
             ".B racedemo explain WORD",
             "shows one, and",
             ".B racedemo explain glossary",
             "all of them."]
    for term, kind, meaning in entries(binary):
        lines += [".TP", '.B "%s"' % roff(term), "(%s) %s" % (kind, roff(meaning))]
    return lines + [END]


def unroff(text):
    return text.replace("\\-", "-").replace("\\e", "\\")


def man_entries(path=MAN):
    """[(term, kind, meaning)] from the man page's GLOSSARY."""
    with open(path) as f:
        lines = f.read().split("\n")
    found = []
    inside = False
    for i, line in enumerate(lines):
        if line == ".SH GLOSSARY":
            inside = True
        elif inside and line.startswith(".SH"):
            break
        elif inside and line == ".TP":
            term = unroff(lines[i + 1][len(".B "):].strip('"'))
            body = re.match(r"^\(([a-z ]+)\) (.*)$", unroff(lines[i + 2]))
            found.append((term, body.group(1), body.group(2)))
    return found


def write(binary, path=MAN, check=False):
    """Rewrite the section (before SEE ALSO when there is none yet);
    with check, change nothing. Returns 1 if it was (or would be) changed."""
    with open(path) as f:
        lines = f.read().split("\n")
    new = section(binary)
    if BEGIN in lines:
        start, end = lines.index(BEGIN), lines.index(END) + 1
    else:
        start = end = lines.index('.SH "SEE ALSO"')
    if lines[start:end] == new:
        return 0
    if not check:
        lines[start:end] = new
        with open(path, "w") as f:
            f.write("\n".join(lines))
    print("%s: GLOSSARY %s" % (os.path.relpath(path), "differs" if check else "rewritten"))
    return 1
