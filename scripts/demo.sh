#!/bin/sh
# demo.sh — set up, build, and run the main job, the whole story in one go:
# check the examples into a findings database, run them with LINGER_DB so the
# runtime records what really stayed alive, and print the confirmed findings.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${LINGER_BUILD_DIR:-$top/build}
"$top/scripts/setup.sh"
# the main job needs no test suites (nor Criterion, valgrind or npm to build them)
cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLINGER_TESTS=OFF >/dev/null
cmake --build "$build"
db="$build/linger.db"
rm -f "$db" "$db-wal" "$db-shm"
linger="$build/plugin/linger"

echo
echo "== 1. the static checker over examples/ (findings stored in $db) =="
set +e
"$linger" check --quiet --db "$db" "$top"/examples/*.c
set -e

echo
echo "== 2. the programs, run with LINGER_DB: each leak pattern, bad then good =="
for pair in "emitter_strong emitter_weak" "cache_unbounded cache_bounded" \
            "closure_big_buffer closure_small" "cycle_strong_parent cycle_weak_parent" \
            "registry_self registry_weak"; do
    for ex in $pair; do
        LINGER_DB="$db" "$build/examples/$ex"
    done
done

echo
echo "== 3. findings confirmed at run time =="
"$linger" findings --db "$db" --confirmed
echo
echo "(query it yourself: $linger sql --db $db \"SELECT * FROM finding_status\")"
