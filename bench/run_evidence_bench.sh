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
runs=${RUNS:-7}
off=1e9 on=1e9 ratios=
i=0
while [ "$i" -lt "$runs" ]; do
    i=$((i + 1))
    t_off=$(env -u LINGER_DB "$exe" workload)
    t_on=$(LINGER_DB="$tmp/run$i.db" "$exe" workload)
    off=$(echo "$t_off $off" | awk '{ print ($1 < $2) ? $1 : $2 }')
    on=$(echo "$t_on $on" | awk '{ print ($1 < $2) ? $1 : $2 }')
    ratios="$ratios $(echo "$t_on $t_off" | awk '{ printf "%.4f", $1 / $2 }')"
done
echo "evidence benchmark: store-heavy workload (1M stores x 4 containers, $runs pairs, best of 3 each)"
printf '%-24s %8.4f s\n' "LINGER_DB unset" "$off"
printf '%-24s %8.4f s\n' "LINGER_DB set" "$on"
echo "$on $off" | awk '{ printf "ratio set / unset (best): %.3f\n", $1 / $2 }'
echo "$ratios" | tr ' ' '\n' | grep . | sort -n | awk '{ r[NR] = $1 } END { printf "ratio set / unset (median of %d pairs): %.3f\n", NR, r[int((NR + 1) / 2)] }'
"$exe" rows "$tmp/rows.db" 1000000
