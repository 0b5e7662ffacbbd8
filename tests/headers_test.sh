#!/bin/sh
# headers_test.sh CC INCLUDE_DIR: include/racedemo/ is the interface a unit's
# author writes against, and nothing more. Each header compiles on its own
# (C11, warnings as errors), and includes only system headers and other
# <racedemo/...> headers, never a file of src/.
set -u
cc=$1 dir=$2
fail=0
for h in "$dir"/racedemo/*.h; do
    name=racedemo/$(basename "$h")
    if ! printf '#include <%s>\n' "$name" |
        "$cc" -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I "$dir" -x c - 2>&1; then
        echo "not ok: $name does not compile on its own"
        fail=1
    fi
    if grep -n '^#include "' "$h" | grep -v '^[0-9]*:#include "racedemo/'; then
        echo "not ok: $name includes a file that is not <racedemo/...>"
        fail=1
    fi
done
[ $fail -eq 0 ] && echo "ok: every header of $dir/racedemo compiles alone and includes only racedemo/ and system headers"
exit $fail
