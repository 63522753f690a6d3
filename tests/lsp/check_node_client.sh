#!/bin/sh
# check_node_client.sh LINGER SOURCE-DIR — runs node_client.js in a scratch directory.
set -eu
linger=$1
src=$2
here="$src/tests/lsp"
command -v node >/dev/null || { echo "check_node_client: node not found (run scripts/setup.sh)" >&2; exit 1; }
[ -d "$here/node_modules/vscode-languageserver-protocol" ] \
    || { echo "check_node_client: npm packages missing (run scripts/setup.sh)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$here/leak.c" "$tmp/leak.c"
node "$here/node_client.js" "$linger" "$tmp"
