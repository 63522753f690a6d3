#!/bin/sh
# run_sql_bench.sh BUILD-DIR — `linger sql` streams: its peak memory over a
# 1M-row result beside sqlite3's on the same query (the issue asks < 20 MB).
set -eu
build=${1:-build}
for exe in "$build/bench/evidence_bench" "$build/bench/peak_rss" "$build/plugin/linger"; do
    [ -x "$exe" ] || { echo "run_sql_bench: $exe not built" >&2; exit 2; }
done
command -v sqlite3 >/dev/null || { echo "run_sql_bench: sqlite3 is needed" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/bench/evidence_bench" rows "$tmp/rows.db" 1000000 >/dev/null
python3 "$(dirname "$0")/sql_bench.py" "$build/bench/peak_rss" "$build/plugin/linger" "$tmp/rows.db"
