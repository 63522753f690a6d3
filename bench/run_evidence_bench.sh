#!/bin/sh
# run_evidence_bench.sh BUILD-DIR — the recording overhead side by side: the
# same store-heavy workload without and with LINGER_DB (alternating, best of
# 3 runs each), the ratio (the issue asks for <= 1.10, aims 1.03); then 1M
# evidence rows written and queried.
set -eu
build=${1:-build}
exe="$build/bench/evidence_bench"
[ -x "$exe" ] || { echo "run_evidence_bench: $exe not built" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
off=1e9 on=1e9
for i in 1 2 3; do
    t=$(env -u LINGER_DB "$exe" workload)
    off=$(echo "$t $off" | awk '{ print ($1 < $2) ? $1 : $2 }')
    t=$(LINGER_DB="$tmp/run$i.db" "$exe" workload)
    on=$(echo "$t $on" | awk '{ print ($1 < $2) ? $1 : $2 }')
done
echo "evidence benchmark: store-heavy workload (1M stores x 4 containers, best of 3x3)"
printf '%-24s %8.4f s\n' "LINGER_DB unset" "$off"
printf '%-24s %8.4f s\n' "LINGER_DB set" "$on"
echo "$on $off" | awk '{ printf "ratio set / unset: %.3f\n", $1 / $2 }'
"$exe" rows "$tmp/rows.db" 1000000
