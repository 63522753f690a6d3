#!/bin/sh
# fuzz.sh TARGET [SECONDS] — a long libFuzzer campaign on one harness of
# tests/fuzz (model, args, suppress, lsp, baseline, runtime, compdb, db, summary): builds build-fuzz with clang
# (-fsanitize=fuzzer,address,undefined), fuzzes for SECONDS (default 3600)
# from the checked-in corpus into build-fuzz/campaign-TARGET, and prints
# libFuzzer's final statistics.  A crash leaves its reproducer in
# build-fuzz/campaign-TARGET/crashes: minimize it (-minimize_crash=1), fix
# the bug, and add the file to tests/fuzz/corpus/TARGET.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
target=${1:?usage: fuzz.sh TARGET [SECONDS] (model, args, suppress, lsp, baseline, runtime, compdb, db, summary)}
seconds=${2:-3600}
[ -f "$top/tests/fuzz/fuzz_$target.c" ] || { echo "fuzz.sh: no harness '$target'" >&2; exit 2; }
command -v clang >/dev/null || { echo "fuzz.sh: needs clang (scripts/setup.sh installs it)" >&2; exit 2; }
cmake -S "$top" -B "$top/build-fuzz" -G Ninja -DCMAKE_C_COMPILER=clang -DLINGER_FUZZ=ON \
    -DLINGER_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$top/build-fuzz" --target "fuzz_$target"
work="$top/build-fuzz/campaign-$target"
mkdir -p "$work/new" "$work/crashes"
exec "$top/build-fuzz/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$work/crashes/" \
    "$work/new" "$top/tests/fuzz/corpus/$target"
