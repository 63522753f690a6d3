#!/bin/sh
# test.sh — set up, build, and run every test: the suites and examples with
# warnings as errors, again under AddressSanitizer + UBSan, again under
# valgrind, and the libFuzzer harnesses (replay and a short fuzz of each).
# Exits non-zero when any test fails.
#   LINGER_TEST_QUICK=1  skips the sanitizer and valgrind passes (local use).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)
"$top/scripts/setup.sh" --test

run_pass() {   # run_pass NAME BUILD-DIR CTEST-ARGS -- CMAKE-ARGS...
    name=$1 dir=$2 ctest_args=$3
    shift 3
    echo "== $name =="
    cmake -S "$top" -B "$dir" -G Ninja -DLINGER_WERROR=ON "$@" >/dev/null
    cmake --build "$dir"
    (cd "$dir" && ctest --output-on-failure -j "$jobs" $ctest_args)
}

run_pass "tests" "$top/build-test" "" -DCMAKE_BUILD_TYPE=RelWithDebInfo
if [ "${LINGER_TEST_QUICK:-0}" != 1 ]; then
    run_pass "tests under AddressSanitizer + UBSan" "$top/build-asan" "" \
        -DCMAKE_BUILD_TYPE=Debug -DLINGER_SANITIZE=ON -DLINGER_BENCH=OFF
    run_pass "tests under valgrind" "$top/build-valgrind" "-L valgrind" \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLINGER_VALGRIND=ON -DLINGER_BENCH=OFF
fi
if [ "${LINGER_TEST_QUICK:-0}" != 1 ] && command -v clang >/dev/null 2>&1; then
    # libFuzzer harnesses (tests/fuzz): replay each corpus, fuzz each briefly
    echo "== fuzzing (libFuzzer, AddressSanitizer + UBSan) =="
    cmake -S "$top" -B "$top/build-fuzz" -G Ninja -DCMAKE_C_COMPILER=clang -DLINGER_FUZZ=ON \
        -DLINGER_WERROR=ON -DLINGER_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$top/build-fuzz" --target fuzzers
    (cd "$top/build-fuzz" && ctest --output-on-failure -L fuzz)
fi
echo "== all tests passed =="
