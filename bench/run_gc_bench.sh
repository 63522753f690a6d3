#!/bin/sh
# run_gc_bench.sh BUILD-DIR — runs the collector benchmark for liblinger-rt and
# for CPython side by side, and prints each measurement with the ratio
# linger / CPython (below 1.0: linger is faster).
set -eu
build=${1:-build}
exe="$build/bench/gc_bench"
here=$(dirname "$0")
py=${PYTHON:-python3}
[ -x "$exe" ] || { echo "run_gc_bench: $exe not built (cmake --build $build)" >&2; exit 2; }
command -v "$py" >/dev/null || { echo "run_gc_bench: $py not found" >&2; exit 2; }
c_out=$("$exe")
py_out=$("$py" "$here/gc_bench.py")
echo "collector benchmark: 1M tracked objects (best of 5); $("$py" -c 'import sys; print("CPython", sys.version.split()[0])')"
printf '%-20s %12s %12s %8s\n' measurement linger_s cpython_s ratio
echo "$c_out" | while read -r name secs; do
    pys=$(echo "$py_out" | awk -v n="$name" '$1 == n { print $2 }')
    awk -v n="$name" -v c="$secs" -v p="$pys" 'BEGIN { printf "%-20s %12.4f %12.4f %8.2f\n", n, c, p, c / p }'
done
