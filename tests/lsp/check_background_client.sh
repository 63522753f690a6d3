#!/bin/sh
# check_background_client.sh LINGER SOURCE-DIR — the editor server builds the
# project index in the background from build/compile_commands.json, then
# background_client.js.
set -eu
linger=$1
src=$2
command -v node >/dev/null || { echo "check_background_client: node not found (run scripts/setup.sh)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/build"
cat > "$tmp/a.c" <<'C'
#include <linger/linger.h>
lg_object *g_bus;
void a_listen(lg_object *listener)
{
    lg_emitter_on(g_bus, listener);
}
C
cat > "$tmp/b.c" <<'C'
#include <linger/linger.h>
extern lg_object *g_bus;
void b_stop(lg_object *listener)
{
    lg_emitter_off(g_bus, listener);
}
C
cat > "$tmp/build/compile_commands.json" <<J
[
 {"directory": "$tmp/build", "file": "$tmp/a.c", "command": "cc -I$src/runtime/include -c $tmp/a.c -o a.o"},
 {"directory": "$tmp/build", "file": "$tmp/b.c", "command": "cc -I$src/runtime/include -c $tmp/b.c -o b.o"}
]
J
env -u LINGER_DB node "$src/tests/lsp/background_client.js" "$linger" "$tmp"
