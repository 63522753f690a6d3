#!/bin/sh
# check_nvim_client.sh LINGER SOURCE-DIR — Neovim 0.7, headless, as the LSP client.
set -eu
linger=$1
src=$2
command -v nvim >/dev/null || { echo "check_nvim_client: nvim not found (run scripts/setup.sh)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$src/tests/lsp/leak.c" "$tmp/leak.c"
export LINGER_NVIM_RESULT="$tmp/result" LINGER_BIN="$linger" LINGER_NVIM_FILE="$tmp/leak.c"
export LINGER_DB="$tmp/none.db" HOME="$tmp"
timeout 120 nvim --headless --clean -c "luafile $src/tests/lsp/nvim_client.lua" >/dev/null 2>&1 || true
[ -f "$tmp/result" ] || { echo "check_nvim_client: nvim produced no result" >&2; exit 1; }
cat "$tmp/result"
[ "$(cat "$tmp/result")" = ok ]
