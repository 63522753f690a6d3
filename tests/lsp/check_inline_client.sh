#!/bin/sh
# check_inline_client.sh LINGER SOURCE-DIR — the editor server with a project
# index holding a header's inline functions: tests/projects/inline checked
# into a database with `linger check --db`, then inline_client.js.
set -eu
linger=$1
src=$2
here="$src/tests/lsp"
command -v node >/dev/null || { echo "check_inline_client: node not found (run scripts/setup.sh)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$src"/tests/projects/inline/*.c "$src"/tests/projects/inline/*.h "$tmp/"
status=0
(cd "$tmp" && "$linger" check --quiet --db "$tmp/p.db" ./*.c -- -I"$src/runtime/include" >/dev/null) \
    || status=$?
[ "$status" -le 1 ] || { echo "check_inline_client: linger check --db failed ($status)" >&2; exit 1; }
[ "$(sqlite3 "$tmp/p.db" "select count(*) from summaries where unit = '$tmp/inline.h'")" = 1 ] \
    || { echo "check_inline_client: the header is not one unit of the index" >&2; exit 1; }
node "$here/inline_client.js" "$linger" "$tmp" "$tmp/p.db"
