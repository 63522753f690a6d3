#!/bin/sh
# setup.sh — install what a fresh Debian 12 machine lacks to build and test linger.
# Idempotent: when every package is present it prints one line and does nothing.
set -eu

PKGS="cmake gcc g++ make ninja-build pkg-config clang libclang-dev llvm-dev \
libsqlite3-dev sqlite3 libcriterion-dev libjansson-dev valgrind python3 neovim"
# node and npm (SARIF schema validation) are used when present, else installed
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs"
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
top=$(cd "$(dirname "$0")/.." && pwd)

npm_packages() {   # the tests' npm packages, pinned by their package-lock.json
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
    echo "setup: all build dependencies present"
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
