#!/bin/sh
# check_plugin.sh CLANG PLUGIN LINGER LINGER-CC SOURCE-DIR INVENTORY — the clang plugin's
# own behaviour: findings are warnings that leave the object unchanged,
# werror makes them errors (and no object), the findings database is written
# from db= or LINGER_DB, -w and LINGER_DISABLE silence it, bad arguments and
# unwritable databases get clear messages, broken code is left to clang, and
# linger-cc picks the plugin for this clang but not for others, findings the
# run-time evidence confirms say so (INVENTORY: tests/integration/confirm's
# program, built), and a build without LLVM's C++ headers says why it skips it.
set -u
clang=$1
so=$2
linger=$3
lcc=$4
src=$5
inventory=$6
inc="$src/runtime/include"
bad="$src/tests/checker/fixtures/listener_bad.c"
good="$src/tests/integration/project/tidy.c"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
checks=0
fail() { echo "check_plugin: FAIL: $*" >&2; failures=$((failures + 1)); }
ok() { checks=$((checks + 1)); }
cc() { env -u LINGER_DB "$clang" -I"$inc" -fplugin="$so" "$@"; }

# 1. warnings with source, caret and fix-it; object identical to a plain compile
cc -O2 -c "$bad" -o "$tmp/with.o" 2>"$tmp/err"; rc=$?
"$clang" -I"$inc" -O2 -c "$bad" -o "$tmp/plain.o"
[ $rc -eq 0 ] || fail "a compile with findings failed ($rc)"
n=$(grep -c "warning: .*\[listener-strong-ref\]" "$tmp/err")
[ "$n" -eq 7 ] || fail "expected 7 listener-strong-ref warnings, got $n"
grep -q "^ *\^~~~~~~~~~~~~$" "$tmp/err" || fail "no caret under the call"
grep -q "^ *lg_emitter_on_weak$" "$tmp/err" || fail "no fix-it line"
grep -q "note: nothing in this file calls lg_emitter_off" "$tmp/err" || fail "no note"
cmp -s "$tmp/with.o" "$tmp/plain.o" || fail "the object differs from a plain compile"
ok

# 2. -Werror does not promote linger's warnings; -fplugin-arg-linger-werror does
cc -Werror -c "$bad" -o "$tmp/w.o" 2>/dev/null || fail "-Werror failed the compile on linger findings"
rm -f "$tmp/e.o"
cc -fplugin-arg-linger-werror -c "$bad" -o "$tmp/e.o" 2>"$tmp/err"; rc=$?
[ $rc -ne 0 ] || fail "werror: the compile succeeded"
grep -q "error: .*\[listener-strong-ref\]" "$tmp/err" || fail "werror: no error lines"
[ ! -e "$tmp/e.o" ] || fail "werror: an object was written"
cc -fplugin-arg-linger-werror -c "$good" -o "$tmp/g.o" 2>"$tmp/err" || fail "werror failed a clean file"
ok

# 3. the database: db= stores as `linger check --db` does; LINGER_DB too; db= wins
cc -fsyntax-only -fplugin-arg-linger-db="$tmp/a.db" "$bad" 2>/dev/null
"$linger" findings --db "$tmp/a.db" --format json > "$tmp/a.json"
"$linger" check --quiet --db "$tmp/b.db" "$bad" -- -I"$inc" >/dev/null
"$linger" findings --db "$tmp/b.db" --format json > "$tmp/b.json"
python3 - "$tmp/a.json" "$tmp/b.json" <<'EOF' || fail "the plugin's stored findings differ from linger check's"
import json, sys
keys = ("rule", "path", "line", "column", "message", "fingerprint", "function", "place", "severity")
a, b = (sorted(tuple(f[k] for k in keys) for f in json.load(open(p))) for p in sys.argv[1:3])
sys.exit(0 if a == b and len(a) == 7 else 1)
EOF
LINGER_DB="$tmp/env.db" "$clang" -I"$inc" -fplugin="$so" -fsyntax-only "$bad" 2>/dev/null
[ "$(sqlite3 "$tmp/env.db" 'select count(*) from findings')" = 7 ] || fail "LINGER_DB was not used"
LINGER_DB="$tmp/env2.db" "$clang" -I"$inc" -fplugin="$so" -fplugin-arg-linger-db="$tmp/arg.db" \
    -fsyntax-only "$bad" 2>/dev/null
[ -e "$tmp/arg.db" ] && [ ! -e "$tmp/env2.db" ] || fail "db= did not win over LINGER_DB"
sqlite3 "$tmp/a.db" "select tool from runs" | grep -q "clang plugin" || fail "the run is not recorded"
ok

# 4. an unwritable database: a warning, the compile still succeeds
cc -c "$bad" -o "$tmp/u.o" -fplugin-arg-linger-db=/nonexistent/dir/x.db 2>"$tmp/err" \
    || fail "an unwritable database failed the compile"
grep -q "warning: linger: findings not stored: " "$tmp/err" || fail "no message for an unwritable database"
# standard input: findings reported, nothing stored under a made-up path
cc -x c - -fsyntax-only -fplugin-arg-linger-db="$tmp/stdin.db" < "$bad" 2>"$tmp/err" || fail "stdin failed"
[ "$(grep -c "^<stdin>:.*\[listener-strong-ref\]" "$tmp/err")" -eq 7 ] || fail "stdin: findings missing"
grep -q "findings not stored: standard input is not a file" "$tmp/err" || fail "stdin: no message"
[ ! -e "$tmp/stdin.db" ] || fail "stdin: a database was written"
ok

# 5. bad arguments: a clear error, exit status 1
cc -fsyntax-only -fplugin-arg-linger-bogus "$good" 2>"$tmp/err"; rc=$?
[ $rc -eq 1 ] || fail "an unknown argument gave status $rc"
grep -q "error: linger plugin: unknown argument 'bogus'" "$tmp/err" || fail "unknown argument: $(cat "$tmp/err")"
cc -fsyntax-only -fplugin-arg-linger-db= "$good" 2>"$tmp/err" && fail "db= without a path was accepted"
grep -q "db= needs a path" "$tmp/err" || fail "db=: no message"
cc -fsyntax-only -fplugin-arg-linger-rules=nosuchrule "$good" 2>"$tmp/err" && fail "a bad rule was accepted"
grep -q "error: linger plugin: rules=: " "$tmp/err" || fail "rules=: no message"
cc -fsyntax-only -fplugin-arg-linger-help "$good" 2>"$tmp/err" || fail "help failed"
grep -q "werror" "$tmp/err" || fail "help printed no usage"
ok

# 6. rules=, -w, LINGER_DISABLE, broken code
cc -fsyntax-only -fplugin-arg-linger-rules=-listener-strong-ref "$bad" 2>"$tmp/err"
grep -q "listener-strong-ref" "$tmp/err" && fail "rules=-listener-strong-ref still reported it"
cc -fsyntax-only -w "$bad" 2>"$tmp/err"
[ -s "$tmp/err" ] && fail "-w did not silence the warnings"
LINGER_DISABLE=1 "$clang" -I"$inc" -fplugin="$so" -fsyntax-only "$bad" 2>"$tmp/err"
[ -s "$tmp/err" ] && fail "LINGER_DISABLE=1 did not turn the plugin off"
printf '#include <linger/linger.h>\nlg_object *g;\nvoid f(lg_object *x) { lg_list_append(g, x) }\n' > "$tmp/broken.c"
cc -fsyntax-only "$tmp/broken.c" 2>"$tmp/err" && fail "broken code compiled"
grep -q "error: expected ';'" "$tmp/err" || fail "clang's own error is missing"
grep -q "\[unbounded-cache\]" "$tmp/err" && fail "findings were reported on broken code"
ok

# 7. linger-cc: the plugin for this clang, re-parsing for gcc or with LINGER_PLUGIN=0
for c in "$clang:by the clang plugin" "gcc:by re-parsing with libclang"; do
    comp=${c%%:*}
    how=${c#*:}
    command -v "$comp" >/dev/null || continue
    LINGER_VERBOSE=1 "$lcc" "$comp" -I"$inc" -c "$bad" -o "$tmp/l.o" 2>"$tmp/err" || fail "linger-cc $comp failed"
    grep -q "checked $how" "$tmp/err" || fail "linger-cc $comp: not checked $how: $(head -3 "$tmp/err")"
    [ "$(grep -c "warning: .*\[listener-strong-ref\]" "$tmp/err")" -eq 7 ] || fail "linger-cc $comp: findings missing"
done
LINGER_PLUGIN=0 LINGER_VERBOSE=1 "$lcc" "$clang" -I"$inc" -c "$bad" -o "$tmp/l.o" 2>"$tmp/err"
grep -q "checked by re-parsing" "$tmp/err" || fail "LINGER_PLUGIN=0 still used the plugin"
(cd "$tmp" && LINGER_VERBOSE=1 "$lcc" "$clang" -save-temps -I"$inc" -c "$bad" -o "$tmp/st.o" 2>"$tmp/err")
grep -q "checked by re-parsing" "$tmp/err" || fail "-save-temps (the plugin would see the .i file) used the plugin"
LINGER_WERROR=1 "$lcc" "$clang" -I"$inc" -c "$bad" -o "$tmp/l2.o" 2>/dev/null && fail "LINGER_WERROR=1 with the plugin: the compile succeeded"
LINGER_PLUGIN="$tmp/none.so" LINGER_VERBOSE=1 "$lcc" "$clang" -I"$inc" -c "$bad" -o "$tmp/l.o" 2>"$tmp/err"
grep -q "checked by re-parsing" "$tmp/err" || fail "a missing LINGER_PLUGIN file was used"
ok

# 8. run-time evidence in the database: each finding gets a "confirmed" note
inv="$src/tests/integration/confirm/inventory.c"
mkdir -p "$tmp/run"
(cd "$tmp/run" && LINGER_DB="$tmp/ev.db" "$inventory" >/dev/null) || fail "the inventory program failed"
cc -fsyntax-only -fplugin-arg-linger-db="$tmp/ev.db" "$inv" 2>"$tmp/err"
[ "$(grep -c "note: confirmed: " "$tmp/err")" -eq 3 ] || fail "expected 3 confirmed notes: $(cat "$tmp/err")"
ok

# 9. every example and fixture compiled at once into one database (LINGER_DB):
# the compiles take turns on the project index, and the last one to finish
# judges with every summary, so the database holds what `linger check`
# finds judging the same files as one program
i=0
for f in "$src"/examples/*.c "$src"/tests/checker/fixtures/*.c; do
    LINGER_DB="$tmp/par.db" "$clang" -I"$inc" -I"$src/examples" -fplugin="$so" -fsyntax-only "$f" 2>/dev/null &
    i=$((i + 1))
done
wait
"$linger" check --quiet --format json "$src"/examples/*.c "$src"/tests/checker/fixtures/*.c \
    -- -I"$inc" -I"$src/examples" > "$tmp/want.json"
want=$(python3 -c 'import json, os, sys
for f in sorted(json.load(open(sys.argv[1])), key=lambda f: (os.path.basename(f["path"]), f["line"], f["rule"])):
    print(os.path.basename(f["path"]), f["line"], f["rule"], f["fingerprint"])' "$tmp/want.json")
got=$(sqlite3 -separator ' ' "$tmp/par.db" "select base, line, rule, fingerprint from findings order by base, line, rule")
[ "$got" = "$want" ] || fail "$i parallel compiles stored other findings than linger check finds:
$got
--- linger check:
$want"
[ "$(sqlite3 "$tmp/par.db" "select count(*) from summaries where unit like '%.c'")" = "$i" ] \
    || fail "not every compile left its summary"
# the examples' header defines a function: one unit of its own, however many compiles met it
[ "$(sqlite3 "$tmp/par.db" "select count(*) from summaries where unit like '%/examples/example.h'")" = 1 ] \
    || fail "the examples' header is not one unit of the index"
ok

# 10. no llvm-config: the project configures, and says why there is no plugin
cmake -S "$src" -B "$tmp/noplugin" -DLLVM_CONFIG=/nonexistent/llvm-config -DLINGER_TESTS=OFF \
    -DLINGER_EXAMPLES=OFF -DLINGER_BENCH=OFF > "$tmp/cfg.log" 2>&1 || fail "configure failed without llvm-config"
grep -q "linger: clang plugin not built: llvm-config not found" "$tmp/cfg.log" || fail "no skip message: $(cat "$tmp/cfg.log")"
ok

echo "check_plugin: $checks groups of checks, $failures failures"
[ $failures -eq 0 ]
