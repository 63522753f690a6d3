#!/bin/sh
# check_concurrency.sh BUILD-DIR SOURCE-DIR — 16 `linger check --db` processes
# and 16 instrumented programs write one database at the same time: none may
# fail, no row may be lost, and PRAGMA integrity_check must say ok.
set -eu
build=$1
src=$2
linger="$build/plugin/linger"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "check_concurrency: $*" >&2; exit 1; }
db="$tmp/shared.db"
n=16

# each checker gets its own copies of the bad fixtures (distinct units)
for i in $(seq 1 $n); do
    mkdir -p "$tmp/copy$i"
    cp "$src"/tests/checker/fixtures/*_bad.c "$tmp/copy$i/"
done
per=$("$linger" check --format json "$tmp"/copy1/*.c -- -I"$src/runtime/include" | grep -c '"rule"' || true)
[ "$per" -gt 0 ] || fail "the fixtures produce no findings"

pids=""
for i in $(seq 1 $n); do
    "$linger" check -j 1 --quiet --db "$db" "$tmp"/copy$i/*.c > "$tmp/out$i" 2> "$tmp/err$i" &
    pids="$pids $!"
    (cd "$tmp" && LINGER_DB="$db" "$build/examples/emitter_strong" > "$tmp/rt$i" 2>&1) &
    pids="$pids $!"
done
bad=0
for p in $pids; do
    wait "$p" || { rc=$?; [ "$rc" -eq 1 ] || bad=$((bad + 1)); }   # check exits 1: findings
done
[ "$bad" -eq 0 ] || { cat "$tmp"/err* "$tmp"/rt*; fail "$bad processes failed"; }
grep -l "error" "$tmp"/err* "$tmp"/rt* 2>/dev/null && fail "a process reported an error"

q() { "$linger" sql --db "$db" "$1" | sed -n 2p | tr -d ' '; }
[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity_check failed"
runs=$(q "SELECT count(*) FROM runs WHERE kind = 'static'")
rruns=$(q "SELECT count(*) FROM runs WHERE kind = 'runtime'")
findings=$(q "SELECT count(*) FROM findings")
withev=$(q "SELECT count(DISTINCT run_id) FROM evidence WHERE kind = 'kept_alive'")
[ "$runs" = $n ] || fail "$runs static runs, expected $n"
[ "$rruns" = $n ] || fail "$rruns runtime runs, expected $n"
[ "$findings" = $((n * per)) ] || fail "$findings findings, expected $((n * per))"
[ "$withev" = $n ] || fail "$withev runtime runs recorded evidence, expected $n"
echo "check_concurrency: $n checkers + $n programs at once: $findings findings, $rruns runtime runs, integrity ok"
