#!/bin/sh
# check_install.sh BUILD-DIR SOURCE-DIR — installs the build into a temporary
# prefix, then builds and runs tests/install/consumer.c against it twice: with
# pkg-config, and as a CMake project using find_package(linger).
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
"$tmp/consumer_pc"
cmake -S "$src/tests/install" -B "$tmp/cbuild" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/cbuild" >/dev/null
"$tmp/cbuild/consumer_cmake"
