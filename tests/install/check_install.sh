#!/bin/sh
# check_install.sh BUILD-DIR SOURCE-DIR — installs the build into a temporary
# prefix, then builds and runs tests/install/consumer.c against it twice: with
# pkg-config, and as a CMake project using find_package(linger), whose leaky.c
# must be checked in the build (linger-cc with gcc; with clang, when the
# plugin is installed, the plugin through linger-cc and linger_enable_plugin).
set -eu
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
libdir=$(ls -d "$tmp"/prefix/lib*/pkgconfig | head -n 1)
export PKG_CONFIG_PATH="$libdir"
flags=$(pkg-config --cflags --libs linger-rt)
cc "$src/tests/install/consumer.c" $flags -Wl,-rpath,"$(dirname "$libdir")" -o "$tmp/consumer_pc"
# The installed linger runs check through its installed linger-analyze
# (LIBEXECDIR/linger) and its database commands itself.
[ -x "$tmp/prefix/libexec/linger/linger-analyze" ] || { echo "check_install: no libexec/linger/linger-analyze" >&2; exit 1; }
set +e
"$tmp/prefix/bin/linger" check --db "$tmp/inst.db" "$src/tests/install/leaky.c" -- -I"$tmp/prefix/include" > "$tmp/check.log" 2>&1
rc=$?
set -e
[ "$rc" -eq 1 ] || { cat "$tmp/check.log"; echo "check_install: installed linger check exited $rc" >&2; exit 1; }
n=$("$tmp/prefix/bin/linger" sql --db "$tmp/inst.db" --format csv "SELECT count(*) AS n FROM findings" | tr -d '\r' | sed -n 2p)
[ "$n" -ge 1 ] || { echo "check_install: installed linger sql saw $n findings" >&2; exit 1; }
# The shipped models are installed where 'linger models' says, and pass --check.
model=$("$tmp/prefix/bin/linger" models --json | sed -n 's/.*"name":"linger","path":"\([^"]*\)".*"installed":true.*/\1/p')
[ -n "$model" ] && [ -f "$model" ] || { "$tmp/prefix/bin/linger" models; echo "check_install: the linger model is not installed where 'linger models' says" >&2; exit 1; }
"$tmp/prefix/bin/linger" models --check "$model" >/dev/null || { echo "check_install: the installed linger model does not pass --check" >&2; exit 1; }
# The man pages are installed and man finds them.
if command -v scdoc >/dev/null 2>&1; then
    # every command 'linger --help' lists has its page (cc's is linger-cc(1))
    commands=$("$tmp/prefix/bin/linger" --help | sed -n '/^commands:/,/^$/p' | awk 'NF > 1 { print "linger-" $1 }')
    [ "$(echo "$commands" | wc -l)" -ge 12 ] || { echo "check_install: 'linger --help' lists no commands" >&2; exit 1; }
    for page in linger linger-cc $commands; do
        [ -f "$tmp/prefix/share/man/man1/$page.1" ] || { echo "check_install: no man page $page.1" >&2; exit 1; }
    done
    if command -v man >/dev/null 2>&1; then
        MANPATH="$tmp/prefix/share/man" MANPAGER=cat man linger-check 2>/dev/null | grep -q "LINGER_PARSE_TIMEOUT" \
            || { echo "check_install: 'man linger-check' does not show the page" >&2; exit 1; }
        MANPATH="$tmp/prefix/share/man" MANPAGER=cat man linger-import 2>/dev/null | grep -q "linger-export" \
            || { echo "check_install: 'man linger-import' does not lead to linger-merge(1)" >&2; exit 1; }
        MANPATH="$tmp/prefix/share/man" MANPAGER=cat man linger-explain 2>/dev/null | grep -q "retention paths" \
            || { echo "check_install: 'man linger-explain' does not show the page" >&2; exit 1; }
    fi
else
    echo "check_install: scdoc missing: man pages not checked"
fi
"$tmp/consumer_pc"
cmake -S "$src/tests/install" -B "$tmp/cbuild" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/cbuild" > "$tmp/first.log" 2>&1 || { cat "$tmp/first.log"; exit 1; }
"$tmp/cbuild/consumer_cmake"
# The consumer's leaky.c is checked in its build (through linger-cc with gcc).
cmake --build "$tmp/cbuild" --clean-first > "$tmp/gcc.log" 2>&1
grep -q "leaky.c:9:5: warning: .*\[listener-strong-ref\]" "$tmp/gcc.log" \
    || { cat "$tmp/gcc.log"; echo "check_install: leaky.c unchecked in the gcc build" >&2; exit 1; }
# With the clang plugin installed: linger-cc finds it, and linger_enable_plugin uses it.
so=$(ls "$tmp"/prefix/lib*/linger/liblinger-plugin.so 2>/dev/null | head -n 1 || true)
if [ -n "$so" ] && command -v clang >/dev/null; then
    LINGER_VERBOSE=1 "$tmp/prefix/bin/linger-cc" clang -c -I"$tmp/prefix/include" \
        "$src/tests/install/leaky.c" -o "$tmp/leaky.o" 2> "$tmp/lcc.log"
    grep -q "checked by the clang plugin" "$tmp/lcc.log" \
        || { cat "$tmp/lcc.log"; echo "check_install: installed linger-cc did not use the plugin" >&2; exit 1; }
    CC=clang cmake -S "$src/tests/install" -B "$tmp/clbuild" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
    cmake --build "$tmp/clbuild" -- VERBOSE=1 > "$tmp/clang.log" 2>&1
    grep -q -- "-fplugin=$so" "$tmp/clang.log" \
        || { cat "$tmp/clang.log"; echo "check_install: linger_enable_plugin did not load the plugin" >&2; exit 1; }
    grep -q "leaky.c:9:5: warning: .*\[listener-strong-ref\]" "$tmp/clang.log" \
        || { cat "$tmp/clang.log"; echo "check_install: no finding in the clang build" >&2; exit 1; }
    echo "check_install: the installed plugin is used by linger-cc and by linger_enable_plugin"
fi
