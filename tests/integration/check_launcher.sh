#!/bin/sh
# check_launcher.sh LINGER-CC SOURCE-DIR [PLUGIN] — builds
# tests/integration/project through linger-cc and plain, with gcc + Makefiles
# and with clang + Ninja: the objects must be byte-identical and the build log
# must show the findings (and nothing for the clean file).  With PLUGIN=1 (the
# clang plugin was built) the clang build must be checked by the plugin and
# the gcc build by re-parsing; with 0, both by re-parsing.
set -eu
cc_launcher=$1
src=$2
plugin=${3:-0}
proj="$src/tests/integration/project"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "check_launcher: $*" >&2; exit 1; }

build() {   # build DIR GENERATOR COMPILER USE_LINGER
    cmake --no-warn-unused-cli -S "$proj" -B "$1" -G "$2" -DCMAKE_C_COMPILER="$3" -DUSE_LINGER="$4" \
        -DLINGER_CMAKE_DIR="$src/cmake" -DLINGER_INCLUDE_DIR="$src/runtime/include" \
        -DLINGER_CC_EXECUTABLE="$cc_launcher" -DCMAKE_BUILD_TYPE=Release >/dev/null
    LINGER_VERBOSE=1 cmake --build "$1" > "$1.log" 2>&1 || { cat "$1.log"; fail "$1: build failed"; }
}

for combo in "gcc:Unix Makefiles" "clang:Ninja"; do
    compiler=${combo%%:*}
    gen=${combo#*:}
    command -v "$compiler" >/dev/null || fail "$compiler not found"
    build "$tmp/$compiler-linger" "$gen" "$compiler" ON
    build "$tmp/$compiler-plain" "$gen" "$compiler" OFF
    log="$tmp/$compiler-linger.log"
    grep -q "listeners.c:8:5: warning: .*\[listener-strong-ref\]" "$log" \
        || { cat "$log"; fail "$compiler: the listener finding is not in the build log"; }
    grep -q "cache.c:7:5: warning: .*\[unbounded-cache\]" "$log" \
        || fail "$compiler: the cache finding is not in the build log"
    if grep -q "tidy.c.*warning" "$log"; then fail "$compiler: tidy.c was flagged"; fi
    how="by re-parsing with libclang"
    if [ "$compiler" = clang ] && [ "$plugin" = 1 ]; then how="by the clang plugin"; fi
    [ "$(grep -c "checked $how" "$log")" -eq 3 ] \
        || { cat "$log"; fail "$compiler: the 3 files were not all checked $how"; }
    if grep -q "warning" "$tmp/$compiler-plain.log"; then fail "$compiler: the plain build warns"; fi
    n=0
    for obj in $(cd "$tmp/$compiler-linger" && find . -name '*.o' | sort); do
        cmp -s "$tmp/$compiler-linger/$obj" "$tmp/$compiler-plain/$obj" \
            || fail "$compiler: $obj differs from the plain build"
        n=$((n + 1))
    done
    [ "$n" -eq 3 ] || fail "$compiler: expected 3 objects, compared $n"
    echo "check_launcher: $compiler + $gen: 3 objects identical, findings in the build log, checked $how"
done

# Behind a compiler wrapper the unit is always re-parsed here (the compile may
# run elsewhere, or not at all), with the flags after the wrapped compiler;
# distcc with DISTCC_HOSTS=localhost compiles on this machine.
if command -v distcc >/dev/null; then
    lst="$proj/listeners.c"
    [ -f "$lst" ] || lst=$(find "$proj" -name listeners.c | head -1)
    for compiler in clang gcc; do
        LINGER_VERBOSE=1 DISTCC_HOSTS=localhost DISTCC_DIR="$tmp/dcc" "$cc_launcher" distcc "$compiler" \
            -I"$src/runtime/include" -c "$lst" -o "$tmp/wrapped.o" 2> "$tmp/wrapped.err" \
            || { cat "$tmp/wrapped.err"; fail "distcc $compiler: the compile failed"; }
        grep -q "checked by re-parsing with libclang (the compile goes through distcc)" "$tmp/wrapped.err" \
            || { cat "$tmp/wrapped.err"; fail "distcc $compiler: not re-parsed behind the wrapper"; }
        grep -q "listeners.c:8:5: warning: .*\[listener-strong-ref\]" "$tmp/wrapped.err" \
            || { cat "$tmp/wrapped.err"; fail "distcc $compiler: the finding is not in the log"; }
        [ -s "$tmp/wrapped.o" ] || fail "distcc $compiler: no object"
    done
    echo "check_launcher: behind distcc (clang, gcc): re-parsed here, the finding in the log"
fi
