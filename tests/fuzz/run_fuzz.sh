#!/bin/sh
# run_fuzz.sh HARNESS SEED-DIR WORK-DIR SECONDS — replay every seed (each
# must run clean), then fuzz for SECONDS from them, new inputs into WORK-DIR
# (the source tree is never written).  Exit non-zero on any crash, leak,
# timeout or sanitizer report; the reproducer is left in WORK-DIR.
set -eu
harness=$1 seeds=$2 work=$3 seconds=$4
mkdir -p "$work/new" "$work/crashes"
"$harness" -runs=0 "$seeds"
"$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$work/crashes/" -print_final_stats=1 "$work/new" "$seeds" 2>"$work/log" || {
    tail -40 "$work/log" >&2
    exit 1
}
grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$work/log" | tail -4
