#!/bin/sh
# check_sarif.sh LINGER SOURCE-DIR — runs `linger check --format sarif` over the
# fixture corpus and the examples (with and without findings) and validates
# every log against the official schema.  Needs node and tests/sarif's npm
# packages (scripts/setup.sh installs them); without them it fails, loudly.
set -eu
linger=$1
src=$2
here="$src/tests/sarif"
schema="$here/sarif-schema-2.1.0.json"   # the official OASIS schema, draft-04
command -v node >/dev/null || { echo "check_sarif: node not found (run scripts/setup.sh)" >&2; exit 1; }
[ -d "$here/node_modules/ajv-draft-04" ] || { echo "check_sarif: npm packages missing (run scripts/setup.sh)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
set +e
"$linger" check --format sarif "$src"/tests/checker/fixtures/*.c > "$tmp/fixtures.sarif"
"$linger" check --format sarif "$src"/examples/closure_big_buffer.c "$src"/examples/emitter_strong.c \
    "$src"/examples/cache_unbounded.c "$src"/examples/registry_self.c > "$tmp/examples.sarif" 2>/dev/null
"$linger" check --format sarif "$src"/tests/checker/fixtures/cache_good.c > "$tmp/clean.sarif"
set -e
grep -q '"ruleId"' "$tmp/fixtures.sarif" || { echo "check_sarif: no results in the fixtures' log" >&2; exit 1; }
node "$here/validate.js" "$schema" "$tmp/fixtures.sarif" "$tmp/examples.sarif" "$tmp/clean.sarif"
