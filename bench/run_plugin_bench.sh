#!/bin/sh
# run_plugin_bench.sh BUILD-DIR [N] [ROUNDS] — a build three ways side by
# side: plain clang, linger-cc re-parsing, linger-cc with the clang plugin
# (see plugin_bench.py: one compile at a time and -j cores; the issue asks the
# plugin build <= 1.05x plain).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$top/bench/plugin_bench.py" "${1:-build}" "${2:-60}" "${3:-7}"
