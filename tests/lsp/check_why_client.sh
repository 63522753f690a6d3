#!/bin/sh
# check_why_client.sh BUILD-DIR SOURCE-DIR — the editor server shows why a
# confirmed leak is still alive: tests/integration/explain's program checked
# into a database and run with it (LINGER_TEST_CFLAGS: the build's
# sanitizers), then why_client.js.
set -eu
build=$1
src=$2
linger="$build/plugin/linger"
command -v node >/dev/null || { echo "check_why_client: node not found (run scripts/setup.sh)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$src"/tests/integration/explain/*.c "$src"/tests/integration/explain/*.h "$tmp/"
status=0
"$linger" check --quiet --db "$tmp/w.db" "$tmp"/*.c -- -I"$src/runtime/include" >/dev/null || status=$?
[ "$status" -eq 1 ] || { echo "check_why_client: linger check --db exited $status" >&2; exit 1; }
(cd "$tmp" && cc ${LINGER_TEST_CFLAGS:-} -I"$src/runtime/include" ./*.c "$build/runtime/liblinger-rt.a" \
    -lsqlite3 -lpthread -o shop && LINGER_DB="$tmp/w.db" ./shop >/dev/null) \
    || { echo "check_why_client: cannot build or run the program" >&2; exit 1; }
node "$src/tests/lsp/why_client.js" "$linger" "$tmp" "$tmp/w.db"
