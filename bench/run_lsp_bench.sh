#!/bin/sh
# run_lsp_bench.sh BUILD-DIR — the editor server's latency on a 2,000-line
# file: didChange -> publishDiagnostics (median of 20 edits) side by side with
# libclang's own reparse of the same edit (median of 20), and the ratio (the
# issue asks for <= 1.2; aim: under 20 ms) — without a project index, and
# with one of 300 generated units loaded from the database.
set -eu
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp/big.c" <<'PY'
import sys
out = ["#include <stdio.h>", "#include <stdlib.h>", "#include <string.h>",
       "#include <linger/linger.h>", "", "static lg_object *registry;", ""]
i = 0
while len(out) < 1990:
    # one function in ten leaks into the registry: a file with a handful of warnings
    target = "registry" if i % 10 == 0 else "batch"
    out += [f"static lg_object *handler_{i}(lg_object *self, lg_object *arg)", "{",
            "    (void)arg;", f"    lg_object *v = lg_closure_capture(self, 0);",
            f"    if (v != NULL && lg_int_value(v) > {i})", "        return lg_retain(v);",
            "    return NULL;", "}", "",
            f"void install_{i}(lg_object *batch)", "{", f"    lg_object *n = lg_int({i + 1000});",
            f"    lg_object *c = lg_closure(handler_{i}, 1, n);",
            f"    lg_list_append({target}, c);", "    lg_release(c);", "    lg_release(n);", "}", ""]
    i += 1
out.append("/* edited: 0 */")
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
lines=$(wc -l < "$tmp/big.c")
anchor=1e9 server=1e9
for i in 1 2 3; do      # alternating, best of 3 medians: the machine is noisy
    a=$("$build/bench/reparse_bench" "$tmp/big.c" -- -I"$top/runtime/include")
    anchor=$(echo "$a $anchor" | awk '{ print ($1 < $2) ? $1 : $2 }')
    b=$(python3 "$top/bench/lsp_bench.py" "$build/plugin/linger" "$tmp/big.c")
    server=$(echo "$b $server" | awk '{ print ($1 < $2) ? $1 : $2 }')
done
# the same with a 300-unit project index loaded (the file and 300 generated
# units checked into a database: every buffer is judged with all of them)
python3 "$top/bench/gen_corpus.py" "$tmp/corpus" 300 >/dev/null
status=0
"$build/plugin/linger" check --quiet --db "$tmp/index.db" "$tmp/big.c" "$tmp"/corpus/*.c -- \
    -I"$top/runtime/include" > /dev/null 2>&1 || status=$?
[ "$status" -le 1 ] || { echo "run_lsp_bench: linger check --db failed ($status)" >&2; exit 2; }
units=$(sqlite3 "$tmp/index.db" "select count(*) from summaries")
indexed=1e9
for i in 1 2 3; do
    b=$(LINGER_DB="$tmp/index.db" python3 "$top/bench/lsp_bench.py" "$build/plugin/linger" "$tmp/big.c")
    indexed=$(echo "$b $indexed" | awk '{ print ($1 < $2) ? $1 : $2 }')
done
echo "editor benchmark: $lines-line file, best of 3 medians of 20 edits"
printf '%-52s %8.2f ms\n' "libclang reparse (preamble)" "$anchor"
printf '%-52s %8.2f ms\n' "linger lsp didChange -> publishDiagnostics" "$server"
printf '%-52s %8.2f ms\n' "... with a $units-unit project index loaded" "$indexed"
echo "$server $anchor" | awk '{ printf "ratio: %.2f\n", $1 / $2 }'
echo "$indexed $anchor" | awk '{ printf "ratio with the index: %.2f\n", $1 / $2 }'
