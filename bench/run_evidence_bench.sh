#!/bin/sh
# run_evidence_bench.sh BUILD-DIR — the recording overhead side by side: the
# same store-heavy workload without and with LINGER_DB (alternating, RUNS
# pairs), the ratio (the issue asks for <= 1.03, retention paths included);
# then with a static finding at the workload's list append in the database,
# so that retention paths are steered there (every store at that line asks
# the recorder); then 1M evidence rows written and queried.
set -eu
build=${1:-build}
exe="$build/bench/evidence_bench"
[ -x "$exe" ] || { echo "run_evidence_bench: $exe not built" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "run_evidence_bench: needs the sqlite3 shell (scripts/setup.sh)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
here=$(cd "$(dirname "$0")" && pwd)
line=$(grep -n 'lg_list_append(list, v);' "$here/evidence_bench.c" | cut -d: -f1)
# a database with the schema and one static finding at that line
LINGER_DB="$tmp/steer.db" LINGER_PATHS=0 "$exe" workload > /dev/null
sqlite3 "$tmp/steer.db" "INSERT INTO runs (kind, tool, version, started) VALUES ('static', 'bench', '0', 0);
  INSERT INTO findings (run_id, unit, rule, path, line, column, message, severity, fingerprint,
  first_seen, last_seen, base) VALUES (last_insert_rowid(), '$here/evidence_bench.c', 'unbounded-cache',
  '$here/evidence_bench.c', $line, 13, 'bench', 'warning', 'bench', 0, 0, 'evidence_bench.c');"
runs=${RUNS:-7}
off=1e9 on=1e9 st=1e9 ratios= sratios=
i=0
while [ "$i" -lt "$runs" ]; do
    i=$((i + 1))
    cp "$tmp/steer.db" "$tmp/steer$i.db"
    t_off=$(env -u LINGER_DB "$exe" workload)
    t_on=$(LINGER_DB="$tmp/run$i.db" "$exe" workload)
    t_st=$(LINGER_DB="$tmp/steer$i.db" "$exe" workload)
    off=$(echo "$t_off $off" | awk '{ print ($1 < $2) ? $1 : $2 }')
    on=$(echo "$t_on $on" | awk '{ print ($1 < $2) ? $1 : $2 }')
    st=$(echo "$t_st $st" | awk '{ print ($1 < $2) ? $1 : $2 }')
    ratios="$ratios $(echo "$t_on $t_off" | awk '{ printf "%.4f", $1 / $2 }')"
    sratios="$sratios $(echo "$t_st $t_off" | awk '{ printf "%.4f", $1 / $2 }')"
done
paths=$(sqlite3 "$tmp/steer$runs.db" "SELECT count(*) FROM evidence WHERE paths IS NOT NULL")
[ "$paths" -gt 0 ] || { echo "run_evidence_bench: the steered run recorded no retention path" >&2; exit 1; }
echo "evidence benchmark: store-heavy workload (1M stores x 4 containers, $runs pairs, best of 3 each)"
printf '%-24s %8.4f s\n' "LINGER_DB unset" "$off"
printf '%-24s %8.4f s\n' "LINGER_DB set" "$on"
echo "$on $off" | awk '{ printf "ratio set / unset (best): %.3f\n", $1 / $2 }'
echo "$ratios" | tr ' ' '\n' | grep . | sort -n | awk '{ r[NR] = $1 } END { printf "ratio set / unset (median of %d pairs): %.3f\n", NR, r[int((NR + 1) / 2)] }'
printf '%-24s %8.4f s  (a static finding at line %s: paths steered; %s rows with paths)\n' "LINGER_DB set, steered" "$st" "$line" "$paths"
echo "$st $off" | awk '{ printf "ratio steered / unset (best): %.3f\n", $1 / $2 }'
echo "$sratios" | tr ' ' '\n' | grep . | sort -n | awk '{ r[NR] = $1 } END { printf "ratio steered / unset (median of %d): %.3f\n", NR, r[int((NR + 1) / 2)] }'
# Instructions (callgrind, main only, no timed flush): the machine's noise
# does not reach them.  Set INSTRUCTIONS=0 to skip (about two minutes).
if [ "${INSTRUCTIONS:-1}" = 1 ] && command -v valgrind >/dev/null; then
    ir() {   # ir DB-OR-EMPTY -> instructions executed in main
        if [ -n "$1" ]; then set -- env LINGER_DB="$1"; else set -- env -u LINGER_DB; fi
        "$@" LINGER_FLUSH_INTERVAL=100000 valgrind --tool=callgrind --toggle-collect=main \
            --callgrind-out-file=/dev/null "$exe" workload 2>&1 | sed -n 's/.*Collected : //p'
    }
    cp "$tmp/steer.db" "$tmp/steer-ir.db"
    i_off=$(ir "") i_on=$(ir "$tmp/ir.db") i_st=$(ir "$tmp/steer-ir.db")
    echo "$i_off $i_on $i_st" | awk '{ printf "instructions (callgrind): unset %.0f, set %.0f (%.3fx), steered %.0f (%.3fx)\n", $1, $2, $2 / $1, $3, $3 / $1 }'
fi
"$exe" rows "$tmp/rows.db" 1000000
