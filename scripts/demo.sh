#!/bin/sh
# demo.sh — set up, build, and run the main job: every leak pattern of
# examples/ as a bad program and its good twin, with what each keeps alive.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${LINGER_BUILD_DIR:-$top/build}
"$top/scripts/setup.sh"
cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build"
echo
echo "== linger examples: each leak pattern, bad then good =="
for pair in "emitter_strong emitter_weak" "cache_unbounded cache_bounded" \
            "closure_big_buffer closure_small" "cycle_strong_parent cycle_weak_parent" \
            "registry_self registry_weak"; do
    for ex in $pair; do
        "$build/examples/$ex"
    done
    echo
done
