#!/usr/bin/env bash
# install_test.sh: cmake --install into a scratch prefix, then check that
# everything landed and that the man page documents what --help shows.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR
set -u
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
ok() { echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }

if cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/log" 2>&1; then
    ok "cmake --install succeeds"
else
    not_ok "cmake --install succeeds"
    cat "$tmp/log"
fi
# The whole set, and nothing else: what the Debian package holds too.
expected="bin/racedemo
share/bash-completion/completions/racedemo
share/doc/racedemo/BENCHMARKS.md
share/doc/racedemo/CLASSROOM.md
share/doc/racedemo/README.md
share/doc/racedemo/TOUR.md
share/doc/racedemo/changelog.gz
share/doc/racedemo/copyright
share/doc/racedemo/examples/bank.html
share/doc/racedemo/examples/compare.html
share/doc/racedemo/examples/counter.html
share/doc/racedemo/examples/explore.html
share/doc/racedemo/examples/litmus.html
share/doc/racedemo/examples/play-bank.html
share/doc/racedemo/examples/play-counter.html
share/doc/racedemo/examples/play-flag.html
share/doc/racedemo/examples/play-flags-check-first.html
share/doc/racedemo/examples/play-flags-set-first.html
share/doc/racedemo/examples/play-peterson-relaxed-tso.html
share/doc/racedemo/examples/play-peterson-relaxed.html
share/doc/racedemo/examples/play-prodcons.html
share/doc/racedemo/examples/play-queue.html
share/doc/racedemo/examples/play-turn.html
share/doc/racedemo/examples/queue.html
share/doc/racedemo/examples/quiz.html
share/doc/racedemo/examples/schedule.html
share/doc/racedemo/examples/trace.html
share/doc/racedemo/examples/trials.html
share/man/man1/racedemo.1.gz"
installed=$(cd "$tmp/prefix" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
if [ "$installed" = "$expected" ]; then
    ok "installs the program, man page, completion and docs"
else
    not_ok "installs the program, man page, completion and docs; installed:"
    echo "$installed"
fi
version=$("$tmp/prefix/bin/racedemo" --version)
if [[ $version =~ ^racedemo\ [0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    ok "the installed program runs: $version"
else
    not_ok "the installed program runs: $version"
fi
version=${version#racedemo }

# DESTDIR is honoured: everything lands under it, nothing in the prefix.
fake_prefix=/racedemo-install-test-$$
if DESTDIR="$tmp/dest" cmake --install "$build" --prefix "$fake_prefix" >"$tmp/log" 2>&1 &&
    [ "$(cd "$tmp/dest$fake_prefix" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)" = "$expected" ] &&
    [ ! -e "$fake_prefix" ]; then
    ok "DESTDIR=DIR cmake --install puts the same set under DIR"
else
    not_ok "DESTDIR=DIR cmake --install puts the same set under DIR"
    cat "$tmp/log"
    [ -e "$fake_prefix" ] && rm -rf "$fake_prefix" # ours: its name has our pid
fi

# gzip -9n: the man page as it is in the source, the header with no name
# and no time (the same bytes every build).
doc=$tmp/prefix/share/doc/racedemo
for gz in share/man/man1/racedemo.1.gz share/doc/racedemo/changelog.gz; do
    header=$(od -An -tu1 -N8 "$tmp/prefix/$gz" | tr -s ' ')
    if [ "$header" = " 31 139 8 0 0 0 0 0" ]; then
        ok "$gz is gzipped without a name or time"
    else
        not_ok "$gz is gzipped without a name or time: header$header"
    fi
done
if gzip -dc "$tmp/prefix/share/man/man1/racedemo.1.gz" | cmp -s - "$src/docs/racedemo.1"; then
    ok "the installed man page is docs/racedemo.1"
else
    not_ok "the installed man page is docs/racedemo.1"
fi

# One version: CMake's, which --version reports, is the newest entry of
# CHANGELOG.md and of the installed changelog, and the man page's .TH line
# carries it with that entry's date.
newest=$(grep -m1 '^## ' "$src/CHANGELOG.md")
th=$(grep -m1 '^\.TH ' "$src/docs/racedemo.1")
if [ "$newest" = "## $version - ${newest##* }" ] &&
    [ "$th" = ".TH RACEDEMO 1 \"${newest##* }\" \"racedemo $version\" \"User Commands\"" ]; then
    ok "CHANGELOG.md's newest entry and the man page's .TH line are version $version"
else
    not_ok "CHANGELOG.md's newest entry and the man page's .TH line are version $version: '$newest', '$th'"
fi
gzip -dc "$doc/changelog.gz" >"$tmp/changelog"
if command -v dpkg-parsechangelog >/dev/null; then
    parsed=$(dpkg-parsechangelog -l "$tmp/changelog" -S Version 2>&1)
else
    parsed=$(sed -n '1s/^racedemo (\([^)]*\)) unstable; urgency=medium$/\1/p' "$tmp/changelog")
fi
if [ "$parsed" = "$version" ]; then
    ok "changelog.gz is a Debian changelog whose newest entry is $version"
else
    not_ok "changelog.gz is a Debian changelog whose newest entry is $version: $parsed"
fi
if head -n1 "$doc/copyright" | grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' &&
    grep -qx 'License: Expat' "$doc/copyright" &&
    grep -qF "$(sed -n 's/^Copyright (c) //p' "$src/LICENSE")" "$doc/copyright"; then
    ok "copyright is machine-readable, with LICENSE's holder and license"
else
    not_ok "copyright is machine-readable, with LICENSE's holder and license"
fi

# Every workload, option and strategy that --help shows is in the man
# page, each workload with a section of its own.
man="$src/docs/racedemo.1"
bin="$tmp/prefix/bin/racedemo"
workloads=$("$bin" list | awk '/^Workloads/ { f = 1; next } /^$/ { f = 0 } f { print $1 }')
{
    "$bin" --help
    "$bin" litmus --help
    for w in $workloads; do
        "$bin" "$w" --help
    done
} >"$tmp/help" 2>&1
missing=""
for w in $workloads; do
    grep -qx "\.SS $w" "$man" || missing="$missing workload-$w"
done
for opt in $(grep -oE -- '--[a-z][a-z-]+' "$tmp/help" | sort -u); do
    grep -qF -- "$(printf '%s' "$opt" | sed 's/-/\\-/g')" "$man" || missing="$missing $opt"
done
for name in $("$bin" list | awk '/^Sync/ { f = 1; next } f && /^  [a-z]/ { print $1 }'); do
    grep -qF -- "$(printf '%s' "$name" | sed 's/-/\\-/g')" "$man" || missing="$missing $name"
done
# Every exit status --help lists ("  N    what it means") has its own
# entry in the man page's EXIT STATUS, and none of them is missing.
statuses=$(awk '/^Exit status/ { f = 1; next } f && /^  [0-9]+ / { print $1 }' "$tmp/help" | sort -un)
[ "$(echo $statuses)" = "0 1 2 3 4 5 130" ] || missing="$missing help-statuses:$(echo $statuses)"
for status in $statuses; do
    grep -q "^\\.B $status\$" "$man" || missing="$missing status-$status"
done
if [ -z "$missing" ]; then
    ok "the man page names every workload, option, strategy and exit status"
else
    not_ok "the man page names every workload, option, strategy and exit status:$missing"
fi
# The man page is well-formed roff, if man is there to read it.
if command -v man >/dev/null && ! man --warnings -l "$man" >/dev/null 2>"$tmp/warn"; then
    not_ok "man -l reads the man page"
    cat "$tmp/warn"
fi
[ "$failed" -eq 0 ]
