#!/bin/sh
# setup.sh [--test] [--list] — install what a fresh Debian 12 machine lacks to
# build linger (and, with --test, to run every test: Criterion, valgrind,
# Neovim, util-linux's setpriv, the GLib, GTK 3 and Python headers the shipped
# models' fixtures compile against, clang's libFuzzer runtime, distcc for the
# distributed-build test, Debian's Chromium for rendering the HTML report
# headless, Node.js with the tests' npm packages).  demo.sh
# needs only the first part, so a machine that cannot reach npm still runs it.
# --list prints the packages it would want (and npm's part) and installs nothing.
# Idempotent: when every package is present it prints one line and does nothing.
set -eu

PKGS="cmake gcc g++ make ninja-build pkg-config clang libclang-dev llvm-dev \
libsqlite3-dev sqlite3 libjansson-dev libyaml-dev python3 scdoc"
TEST_PKGS="libcriterion-dev valgrind neovim util-linux libglib2.0-dev libgtk-3-dev python3-dev \
libclang-rt-dev distcc chromium"
top=$(cd "$(dirname "$0")/.." && pwd)
tests=0 list=0
for a in "$@"; do
    case "$a" in
        --test) tests=1 ;;
        --list) list=1 ;;
        -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
        *) echo "setup: unknown option '$a' (setup.sh [--test] [--list])" >&2; exit 2 ;;
    esac
done
if [ "$tests" = 1 ]; then
    PKGS="$PKGS $TEST_PKGS"
    # node and npm (SARIF schema validation, the LSP client) are used when present, else installed
    command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs"
    command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
fi
if [ "$list" = 1 ]; then
    echo "$PKGS$( [ "$tests" = 1 ] && echo " npm:tests/sarif npm:tests/lsp" )"
    exit 0
fi

npm_packages() {   # the tests' npm packages, pinned by their package-lock.json
    [ "$tests" = 1 ] || return 0
    for dir in sarif lsp; do
        if [ ! -d "$top/tests/$dir/node_modules" ]; then
            echo "setup: installing the npm packages of tests/$dir"
            (cd "$top/tests/$dir" && npm ci --no-audit --no-fund --loglevel=error)
        fi
    done
}

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    npm_packages
    echo "setup: all $( [ "$tests" = 1 ] && echo "build and test" || echo build ) dependencies present"
    exit 0
fi

echo "setup: installing:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "setup: need root (or sudo) to install:$missing" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || echo "setup: apt-get update failed; trying the cached package lists" >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
npm_packages
