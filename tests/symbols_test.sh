#!/usr/bin/env bash
# symbols_test.sh: a built program's symbol table has none of the names
# given (absent: the fault-injection hooks and anything else that must not
# ship), or has all of them (present: the tests' programs do have the
# hooks, so the names are the ones the source uses). A name matches a
# symbol of that name, or with a compiler's suffix (name.0, name.lto_priv.0).
# Usage: symbols_test.sh NM absent|present BINARY NAME...
# NM: the nm of the build's toolchain (CMake's CMAKE_NM), or empty for the
# one on the PATH. Exits 77 (ctest: skipped), and says so, without nm or
# when BINARY has no symbol table (stripped): nothing can be checked then.
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: symbols_test.sh NM absent|present BINARY NAME..." >&2; exit 2; }
nm=$1 mode=$2 bin=$3
shift 3
case "$mode" in absent | present) ;; *) echo "symbols_test: mode $mode: not absent or present" >&2; exit 2 ;; esac

if [ -z "$nm" ] || [ ! -x "$nm" ]; then
    nm=$(command -v nm || true)
fi
if [ -z "$nm" ]; then
    echo "symbols_test: skipped: no nm to read $bin's symbols with (Debian: apt-get install binutils)"
    exit 77
fi

# Every symbol's name, defined or not, without a compiler's .suffix or a
# version's @suffix.
names=$("$nm" "$bin" 2>/dev/null | awk 'NF >= 2 { print $NF }' | sed 's/[.@].*//' | sort -u) || {
    echo "symbols_test: $nm $bin failed:" >&2
    "$nm" "$bin" >&2 || true
    exit 1
}
if ! grep -qx main <<<"$names"; then
    echo "symbols_test: skipped: $bin has no symbol table (stripped?), so nothing can be checked"
    exit 77
fi

wrong=()
for name in "$@"; do
    found=absent
    if grep -qxF -- "$name" <<<"$names"; then found=present; fi
    [ "$found" = "$mode" ] || wrong+=("$name")
done
if [ ${#wrong[@]} -gt 0 ]; then
    if [ "$mode" = absent ]; then
        echo "symbols_test: $bin has ${wrong[*]}: a test hook or a removed name ships" >&2
    else
        echo "symbols_test: $bin lacks ${wrong[*]}: not linked with the test hooks, or renamed in the source" >&2
    fi
    exit 1
fi
echo "symbols_test: $bin: all $# names $mode"
