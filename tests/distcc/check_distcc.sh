#!/bin/sh
# check_distcc.sh LINGER-CC LINGER SOURCE-DIR [PROJECT] — a distributed build
# is judged as a local one.  A CMake project (tests/projects/PROJECT, app by
# default: registrations, caches and closures spread over 13 files; inline:
# leaks in a header's static inline helpers) is built twice with
# CMAKE_C_COMPILER_LAUNCHER: once "linger-cc" with gcc, once "linger-cc;distcc"
# with gcc sent to a distccd started here on 127.0.0.1 with a clean
# environment (no LINGER_DB) in another working directory.  linger-cc analyses
# behind a compiler wrapper on the client (docs/distributed.md), so the two
# build logs' linger lines and the two client databases' findings must be
# equal, and distccd's log must show every compile done there.
set -eu
abs() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
lcc=$(abs "$1")
linger=$(abs "$2")
src=$(cd "$3" && pwd)
project=${4:-app}
command -v distcc >/dev/null && command -v distccd >/dev/null \
    || { echo "check_distcc: distcc not installed (scripts/setup.sh --test installs it)" >&2; exit 1; }
tmp=$(mktemp -d)
daemon=
cleanup() {
    [ -n "$daemon" ] && kill "$daemon" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "check_distcc: FAIL: $*" >&2; exit 1; }

mkdir -p "$tmp/proj" "$tmp/server" "$tmp/dcc"
# distccd started as root runs as the distcc user: its directory is its own
chmod 755 "$tmp"
chmod 1777 "$tmp/server"
cp "$src"/tests/projects/"$project"/*.c "$src"/tests/projects/"$project"/*.h "$tmp/proj/"
cat > "$tmp/proj/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.16)
project(app C)
file(GLOB sources CONFIGURE_DEPENDS \${CMAKE_SOURCE_DIR}/*.c)
add_library(app OBJECT \${sources})
target_include_directories(app PRIVATE \${CMAKE_SOURCE_DIR} $src/runtime/include)
CMAKE
n=$(ls "$tmp"/proj/*.c | wc -l)

# a port nobody uses: distccd binds it or the test says why
port=$((20000 + $$ % 20000))
(cd "$tmp/server" && env -i PATH=/usr/bin:/bin HOME="$tmp/server" \
    distccd --no-detach --daemon --listen 127.0.0.1 --port "$port" --allow 127.0.0.1 \
    --jobs 2 --log-file "$tmp/server/distccd.log" --log-level info) &
daemon=$!
for i in 1 2 3 4 5 6 7 8 9 10; do
    grep -q "listening on" "$tmp/server/distccd.log" 2>/dev/null && break
    sleep 0.3
done
kill -0 "$daemon" 2>/dev/null || fail "distccd did not start: $(cat "$tmp/server/distccd.log" 2>/dev/null)"

build() {   # build NAME LAUNCHER: configure and build with -j1, log to NAME.log
    env -u LINGER_DB cmake -S "$tmp/proj" -B "$tmp/$1" -G Ninja -DCMAKE_C_COMPILER=gcc \
        "-DCMAKE_C_COMPILER_LAUNCHER=$2" > "$tmp/$1.cfg" 2>&1 || fail "configure $1: $(cat "$tmp/$1.cfg")"
    LINGER_DB="$tmp/$1.db" DISTCC_HOSTS="127.0.0.1:$port" DISTCC_FALLBACK=0 DISTCC_DIR="$tmp/dcc" \
        cmake --build "$tmp/$1" -j 1 > "$tmp/$1.log" 2>&1 || fail "build $1: $(cat "$tmp/$1.log")"
}
build local "$lcc"
build distcc "$lcc;distcc"

# the build logs: every line linger printed (warnings, notes, source, carets)
linger_lines() { grep -v '^\[[0-9]*/[0-9]*\]' "$1" | grep -v '^ninja:\|^FAILED\|distcc\[' || true; }
linger_lines "$tmp/local.log" > "$tmp/local.lines"
linger_lines "$tmp/distcc.log" > "$tmp/distcc.lines"
[ -s "$tmp/local.lines" ] || fail "the local build printed no finding"
cmp -s "$tmp/local.lines" "$tmp/distcc.lines" \
    || fail "the build logs differ: $(diff "$tmp/local.lines" "$tmp/distcc.lines" | head -20)"

# the databases: the same findings, messages and fingerprints, the same index
for b in local distcc; do
    "$linger" findings --db "$tmp/$b.db" --format json > "$tmp/$b.json" || [ $? -eq 1 ] || fail "findings $b"
    python3 -c 'import json, sys
for f in sorted(json.load(open(sys.argv[1])), key=lambda f: (f["path"], f["line"], f["rule"])):
    print(f["path"], f["line"], f["column"], f["rule"], f["fingerprint"], f["message"])' "$tmp/$b.json" \
        > "$tmp/$b.findings"
    sqlite3 "$tmp/$b.db" "select count(*) from summaries where unit like '%.c'" > "$tmp/$b.units"
done
[ -s "$tmp/local.findings" ] || fail "the local build stored no finding"
cmp -s "$tmp/local.findings" "$tmp/distcc.findings" \
    || fail "the databases differ: $(diff "$tmp/local.findings" "$tmp/distcc.findings" | head -20)"
[ "$(cat "$tmp/distcc.units")" = "$n" ] || fail "the distcc build's index has $(cat "$tmp/distcc.units") units, not $n"

# every compile really ran on the server, which had no database
done_there=$(grep -c "COMPILE_OK" "$tmp/server/distccd.log" || true)
[ "$done_there" -eq "$n" ] || fail "distccd compiled $done_there of $n units: $(tail -5 "$tmp/server/distccd.log")"
ls "$tmp/server"/*.db >/dev/null 2>&1 && fail "a database appeared on the server side"
echo "check_distcc: $n units compiled by distccd; build logs ($(wc -l < "$tmp/local.lines") lines) and" \
     "databases ($(wc -l < "$tmp/local.findings") findings) equal a local build's"
