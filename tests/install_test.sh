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
for f in bin/racedemo share/man/man1/racedemo.1 share/bash-completion/completions/racedemo; do
    if [ -e "$tmp/prefix/$f" ]; then ok "installs $f"; else not_ok "installs $f"; fi
done
if "$tmp/prefix/bin/racedemo" --version | grep -q '^racedemo '; then
    ok "the installed program runs"
else
    not_ok "the installed program runs"
fi

# Every option and strategy that --help shows is in the man page.
man="$src/docs/racedemo.1"
bin="$tmp/prefix/bin/racedemo"
{
    "$bin" --help
    "$bin" litmus --help
    for w in $("$bin" list | awk '/^Workloads/ { f = 1; next } /^$/ { f = 0 } f { print $1 }'); do
        "$bin" "$w" --help
    done
} >"$tmp/help" 2>&1
missing=""
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
    ok "the man page names every option, strategy and exit status"
else
    not_ok "the man page names every option, strategy and exit status:$missing"
fi
# The man page is well-formed roff, if man is there to read it.
if command -v man >/dev/null && ! man --warnings -l "$man" >/dev/null 2>"$tmp/warn"; then
    not_ok "man -l reads the man page"
    cat "$tmp/warn"
fi
[ "$failed" -eq 0 ]
