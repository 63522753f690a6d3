#!/bin/sh
# check_index_client.sh LINGER SOURCE-DIR — the editor server with a project
# index: tests/projects/app (and self.c, which stores and removes) checked
# into a database with `linger check --db`, then index_client.js.
set -eu
linger=$1
src=$2
here="$src/tests/lsp"
command -v node >/dev/null || { echo "check_index_client: node not found (run scripts/setup.sh)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$src"/tests/projects/app/*.c "$src"/tests/projects/app/*.h "$tmp/"
cat > "$tmp/self.c" <<'C'
#include <linger/linger.h>
lg_object *g_self;
void self_put(lg_object *k, lg_object *v)
{
    lg_dict_set(g_self, k, v);
}
void self_drop(lg_object *k)
{
    lg_dict_del(g_self, k);
}
C
status=0
"$linger" check --quiet --db "$tmp/p.db" "$tmp"/*.c -- -I"$src/runtime/include" -I"$tmp" >/dev/null || status=$?
[ "$status" -le 1 ] || { echo "check_index_client: linger check --db failed ($status)" >&2; exit 1; }
node "$here/index_client.js" "$linger" "$tmp" "$tmp/p.db"
