#!/bin/sh
# check_sidecar.sh LINGER-CC LINGER SOURCE-DIR — a build whose compiles run
# where the findings database is not (Bazel remote execution, a sandbox):
# tests/projects/inline compiled through linger-cc with LINGER_SIDECAR=1 in
# another directory with a clean environment (no LINGER_DB), each compile
# leaving OUTPUT.linger beside its object; `linger ingest` run in the
# workspace stores them.  The database must equal a local build's (the same
# findings, messages, fingerprints; a summary per unit and the header's
# once), the ingest's output the local build's warnings; a damaged, a newer,
# a missing sidecar and one whose summary is damaged are each refused with a
# message (exit 2) while the others are still ingested.
set -eu
abs() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
lcc=$(abs "$1")
linger=$(abs "$2")
src=$(cd "$3" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "check_sidecar: FAIL: $*" >&2; exit 1; }
inc="$src/runtime/include"

mkdir -p "$tmp/local" "$tmp/remote" "$tmp/work"
cp "$src"/tests/projects/inline/*.c "$src"/tests/projects/inline/*.h "$tmp/local/"
cp "$src"/tests/projects/inline/*.c "$src"/tests/projects/inline/*.h "$tmp/remote/"
cp "$src"/tests/projects/inline/*.c "$src"/tests/projects/inline/*.h "$tmp/work/"

# the local build, the reference: compiles store into the database themselves
(cd "$tmp/local" && for f in *.c; do
    LINGER_DB="$tmp/local.db" "$lcc" gcc -c -I"$inc" -o "${f%.c}.o" "$f" 2>>"$tmp/local.log" \
        || fail "local compile of $f"
done)
# the remote build: no database, sidecars beside the objects
(cd "$tmp/remote" && for f in *.c; do
    env -u LINGER_DB LINGER_SIDECAR=1 "$lcc" gcc -c -I"$inc" -o "${f%.c}.o" "$f" \
        2>>"$tmp/remote.log" || fail "remote compile of $f"
    [ -s "${f%.c}.o.linger" ] || fail "no sidecar beside ${f%.c}.o: $(cat "$tmp/remote.log")"
done)
ls "$tmp/remote"/*.db >/dev/null 2>&1 && fail "a database appeared on the remote side"
# the sidecars come back to the workspace, and are ingested there
cp "$tmp/remote"/*.linger "$tmp/work/"
status=0
(cd "$tmp/work" && "$linger" ingest --db "$tmp/work.db" ./*.linger > "$tmp/ingest.out" 2>"$tmp/ingest.err") \
    || status=$?
[ "$status" -eq 1 ] || fail "ingest exit $status (1: findings): $(cat "$tmp/ingest.err")"
grep -q "7 of 7 sidecars ingested" "$tmp/ingest.err" || fail "ingest said: $(cat "$tmp/ingest.err")"

findings() {
    "$linger" findings --db "$1" --format json | python3 -c 'import json, os, sys
for f in sorted(json.load(sys.stdin), key=lambda f: (f["path"], f["line"], f["rule"])):
    print(os.path.basename(f["path"]), f["line"], f["column"], f["rule"], f["fingerprint"], f["message"])'
}
findings "$tmp/local.db" > "$tmp/local.findings" || true
findings "$tmp/work.db" > "$tmp/work.findings" || true
[ "$(wc -l < "$tmp/local.findings")" -eq 5 ] || fail "the local build: $(cat "$tmp/local.findings")"
cmp -s "$tmp/local.findings" "$tmp/work.findings" \
    || fail "the ingested database differs: $(diff "$tmp/local.findings" "$tmp/work.findings")"
for db in local work; do
    [ "$(sqlite3 "$tmp/$db.db" "select count(*) from summaries where unit like '%.c'")" = 7 ] \
        || fail "$db: not a summary per unit"
    [ "$(sqlite3 "$tmp/$db.db" "select count(*) from summaries where unit like '%/inline.h'")" = 1 ] \
        || fail "$db: the header is not one unit"
done
# the ingest prints the project's warnings (the last compile's view: all of them)
[ "$(grep -c ': warning: ' "$tmp/ingest.out")" -ge 5 ] || fail "ingest printed: $(cat "$tmp/ingest.out")"

# bad sidecars: each refused with a message, the others still ingested
printf '{"format": "linger-sidecar", "vers' > "$tmp/work/damaged.linger"
sed 's/"version":1/"version":99/' "$tmp/work/load.o.linger" > "$tmp/work/newer.linger"
printf '{"format": "linger-sidecar", "version": 1, "units": [{"path": "x.c", "summary": "{"}]}' \
    > "$tmp/work/badsum.linger"
status=0
(cd "$tmp/work" && "$linger" ingest --db "$tmp/bad.db" damaged.linger newer.linger missing.linger \
    badsum.linger tick.o.linger > /dev/null 2>"$tmp/bad.err") || status=$?
[ "$status" -eq 2 ] || fail "bad sidecars: exit $status, not 2"
for what in "damaged.linger: not a linger sidecar" "newer than this linger reads" \
            "missing.linger: not a linger sidecar (no such file)" \
            "badsum.linger: the summary of x.c: not a linger summary" "1 of 5 sidecars ingested"; do
    grep -qF "$what" "$tmp/bad.err" || fail "bad sidecars: no '$what' in: $(cat "$tmp/bad.err")"
done
[ "$(sqlite3 "$tmp/bad.db" "select count(*) from summaries where unit like '%/tick.c'")" = 1 ] \
    || fail "the good sidecar beside the bad ones was not ingested"
echo "check_sidecar: 7 remote compiles' sidecars ingested: $(wc -l < "$tmp/work.findings") findings," \
     "equal to a local build's; 4 bad sidecars refused"
