#!/bin/sh
# check_setup.sh SOURCE-DIR — the main job's setup wants only build
# dependencies (a machine without npm still runs scripts/demo.sh); the test
# command's adds the test-only tools.
set -eu
src=$1
base=$("$src/scripts/setup.sh" --list)
full=$("$src/scripts/setup.sh" --test --list)
for p in libcriterion-dev valgrind neovim chromium npm: nodejs; do
    case " $base " in *" $p"*) echo "check_setup: the demo's setup wants $p" >&2; exit 1 ;; esac
done
for p in libcriterion-dev valgrind neovim chromium npm:tests/sarif npm:tests/lsp; do
    case " $full " in *" $p"*) ;; *) echo "check_setup: the test setup lacks $p" >&2; exit 1 ;; esac
done
grep -q 'scripts/setup.sh"$' "$src/scripts/demo.sh" || { echo "check_setup: demo.sh must run setup.sh without --test" >&2; exit 1; }
grep -q 'scripts/setup.sh" --test' "$src/scripts/test.sh" || { echo "check_setup: test.sh must run setup.sh --test" >&2; exit 1; }
grep -q 'LINGER_TESTS=OFF' "$src/scripts/demo.sh" || { echo "check_setup: demo.sh builds the test suites" >&2; exit 1; }
echo "check_setup: demo setup: $base"
