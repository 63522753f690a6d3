#!/bin/sh
# check_confirm.sh BUILD-DIR SOURCE-DIR — the whole story on a program that is
# not one of the examples: compiled with a relative __FILE__, run from another
# directory with LINGER_DB, checked into the same database — in both orders
# (run then check, check then run).  All three patterns must be found and
# confirmed, and nothing else flagged.
set -eu
build=$1
src=$2
linger="$build/plugin/linger"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "check_confirm: $*" >&2; exit 1; }

mkdir -p "$tmp/proj/src" "$tmp/elsewhere"
cp "$src/tests/integration/confirm/inventory.c" "$tmp/proj/src/inventory.c"
# LINGER_TEST_CFLAGS: what the build was compiled with (sanitizers)
(cd "$tmp/proj" && cc ${LINGER_TEST_CFLAGS:-} -I"$src/runtime/include" -c src/inventory.c -o inventory.o &&
    cc ${LINGER_TEST_CFLAGS:-} inventory.o "$build/runtime/liblinger-rt.a" -lsqlite3 -lpthread -o inventory) \
    || fail "cannot build the program"
grep -q "src/inventory.c" "$tmp/proj/inventory" || fail "__FILE__ is not the relative src/inventory.c"

run_program() {   # run_program DB
    (cd "$tmp/elsewhere" && LINGER_DB="$1" "$tmp/proj/inventory" > out.txt) || fail "the program failed"
    grep -q "200 listeners called" "$tmp/elsewhere/out.txt" || fail "the program's output changed"
}

check() {   # check DB: exit 1 (findings) expected
    set +e
    "$linger" check --db "$1" "$tmp/proj/src/inventory.c" > "$tmp/check.txt" 2>&1
    rc=$?
    set -e
    [ "$rc" -eq 1 ] || { cat "$tmp/check.txt"; fail "linger check exited $rc"; }
}

sql() {   # sql DB QUERY -> the single value
    "$linger" sql --db "$1" "$2" | sed -n 2p | tr -d ' '
}

verify() {   # verify DB ORDER
    db=$1 order=$2
    total=$(sql "$db" "SELECT count(*) FROM finding_status")
    confirmed=$(sql "$db" "SELECT count(*) FROM confirmed_findings")
    rules=$(sql "$db" "SELECT group_concat(rule, ',') FROM (SELECT rule FROM confirmed_findings ORDER BY rule)")
    [ "$total" = 3 ] || { "$linger" findings --db "$db"; fail "$order: $total findings, expected 3"; }
    [ "$confirmed" = 3 ] || { "$linger" findings --db "$db"; fail "$order: $confirmed confirmed, expected 3"; }
    [ "$rules" = "closure-captured-buffer,listener-strong-ref,unbounded-cache" ] || fail "$order: rules $rules"
    "$linger" findings --db "$db" --unconfirmed | grep -q "^0 findings" || fail "$order: unconfirmed findings remain"
    "$linger" findings --db "$db" | grep -q "200 objects, .* kept alive only by this list" \
        || { "$linger" findings --db "$db"; fail "$order: the listener summary is missing"; }
    grep -q "note: confirmed: " "$tmp/check.txt" || [ "$order" = "check then run" ] \
        || fail "$order: linger check does not show the confirmation"
    echo "check_confirm: $order: 3 findings, 3 confirmed ($rules)"
}

run_program "$tmp/a.db"
check "$tmp/a.db"
verify "$tmp/a.db" "run then check"

check "$tmp/b.db"
run_program "$tmp/b.db"
verify "$tmp/b.db" "check then run"
