#!/usr/bin/env python3
"""check_site_identity.py BUILD-DIR SOURCE-DIR — evidence confirms only the call
it was recorded for.

v1 of a program leaks through leak() at line N and has a second flagged
registration, in never_ran(), that never runs.  Built, run, checked: the
finding at N is confirmed.  Then, without running anything again:
  - v2 deletes leak(), so never_ran()'s registration now sits on line N:
    checked, it is NOT confirmed (the evidence was leak()'s, in v1);
  - v3 is v1 with 14 lines inserted above: checked, leak()'s finding, now at
    N + 14, IS confirmed, re-attached ("recorded before the call moved");
  - v2 checked into a database that never saw v1 checked: the evidence at N
    is from an older build nobody can attribute: shown as stale, not
    confirmation;
  - the editor server, given v1's database and an unsaved buffer where
    never_ran() sits on line N and leak() below it, puts the confirmation on
    the leak at its new line and not on the diagnostic that now sits on N.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

build, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
linger = os.path.join(build, "plugin", "linger")
cflags = os.environ.get("LINGER_TEST_CFLAGS", "").split()
tmp = tempfile.mkdtemp(prefix="linger-site-")
app = os.path.join(tmp, "app.c")

HEAD = """#include <linger/linger.h>
#include <stdio.h>

static struct { lg_object *bus; } g;

static lg_object *handler(lg_object *self, lg_object *arg)
{
    lg_object *state = lg_closure_capture(self, 0);
    (void)state;
    return lg_retain(arg);
}
"""
LEAK = """
static void leak(void)
{
    for (int i = 0; i < 40; i++) {
        lg_object *state = lg_buffer(1000);
        lg_object *h = lg_closure(handler, 1, state);
        lg_emitter_on(g.bus, h);
        lg_release(h);
        lg_release(state);
    }
}
"""
NEVER = """
static void never_ran(void)
{
    /* registered, but never called */
    lg_object *state = lg_buffer(10);
    lg_object *h = lg_closure(handler, 1, state);
    lg_emitter_on(g.bus, h);
    lg_release(h);
    lg_release(state);
}
"""


def main_fn(calls_leak):
    return """
int main(int argc, char **argv)
{
    (void)argv;
    g.bus = lg_emitter();
    %s
    if (argc > 5)
        never_ran();
    printf("%%zu\\n", lg_emitter_count(g.bus));
    return 0;
}
""" % ("leak();" if calls_leak else "")


def fail(msg):
    print("check_site_identity: " + msg, file=sys.stderr)
    sys.exit(1)


def run(args, want=(0,), env=None, cwd=None, stdin=None):
    e = dict(os.environ)
    e.pop("LINGER_DB", None)
    e.update(env or {})
    p = subprocess.run(args, capture_output=True, text=True, env=e, cwd=cwd, input=stdin, timeout=300)
    if p.returncode not in want:
        fail("%s exited %d\n%s%s" % (" ".join(args), p.returncode, p.stdout, p.stderr))
    return p


def write(text, mtime):
    with open(app, "w") as f:
        f.write(text)
    os.utime(app, (mtime, mtime))


def registration_lines(text):
    return [i + 1 for i, l in enumerate(text.splitlines()) if "lg_emitter_on(g.bus, h)" in l]


def findings(db):
    return {r["line"]: r for r in json.loads(run([linger, "findings", "--db", db, "--format", "json"]).stdout)}


# v1: leak() first, then never_ran(); v2: never_ran() where leak() was
v1 = HEAD + LEAK + NEVER + main_fn(True)
n_leak = registration_lines(v1)[0]
pad = "\n" * (len(LEAK.splitlines()) - len(NEVER.splitlines()))
v2 = HEAD + NEVER + pad + main_fn(False)
if registration_lines(v2)[0] != n_leak:
    fail("v2 does not put never_ran()'s registration on line %d: %s" % (n_leak, registration_lines(v2)))
v3 = HEAD + "/* inserted */\n" * 14 + LEAK + NEVER + main_fn(True)
t1 = 1700000000

write(v1, t1)
run(["cc"] + cflags + ["-I" + os.path.join(src, "runtime/include"), "-c", app, "-o", "app.o"], cwd=tmp)
run(["cc"] + cflags + ["app.o", os.path.join(build, "runtime/liblinger-rt.a"), "-lsqlite3", "-lpthread",
                       "-o", "app"], cwd=tmp)
db = os.path.join(tmp, "a.db")
run([os.path.join(tmp, "app")], env={"LINGER_DB": db}, cwd=tmp)
unseen = os.path.join(tmp, "unseen.db")
shutil.copy(db, unseen)                      # the run's evidence, before any check
shutil.copy(db, os.path.join(tmp, "run-only.db"))
run([linger, "check", "--db", db, app], want=(1,))
f = findings(db)
if not f.get(n_leak, {}).get("confirmed"):
    fail("v1: the leak at line %d is not confirmed: %s" % (n_leak, f.get(n_leak)))

write(v2, t1 + 100)
run([linger, "check", "--db", db, app], want=(1,))
f = findings(db)
if n_leak not in f:
    fail("v2: no finding at line %d" % n_leak)
if f[n_leak]["confirmed"]:
    fail("v2: never_ran()'s registration, moved onto line %d, is confirmed by leak()'s evidence: %s"
         % (n_leak, f[n_leak]["evidence"]))

write(v3, t1 + 200)
run([linger, "check", "--db", db, app], want=(1,))
f = findings(db)
moved = n_leak + 14
if not f.get(moved, {}).get("confirmed"):
    fail("v3: the leak, moved to line %d, is not confirmed: %s" % (moved, f.get(moved)))
if "before the call moved" not in f[moved]["evidence"]["summary"]:
    fail("v3: the summary does not say the evidence was re-attached: %s" % f[moved]["evidence"])

write(v2, t1 + 300)
run([linger, "check", "--db", unseen, app], want=(1,))
f = findings(unseen)
if f[n_leak]["confirmed"]:
    fail("unseen v1: stale evidence confirms line %d" % n_leak)
if "older build" not in (f[n_leak]["evidence"] or {}).get("summary", ""):
    fail("unseen v1: the stale evidence is not reported as such: %s" % f[n_leak]["evidence"])
table = run([linger, "findings", "--db", unseen]).stdout
if "recorded against an older build of this file" not in table:
    fail("the table does not say the evidence is stale:\n" + table)

# the editor: v1 on disk with its confirmed leak, an unsaved buffer that moved it
write(v1, t1)
lsp_db = os.path.join(tmp, "lsp.db")
shutil.copy(os.path.join(tmp, "run-only.db"), lsp_db)
run([linger, "check", "--db", lsp_db, app], want=(1,))
if not findings(lsp_db).get(n_leak, {}).get("confirmed"):
    fail("the editor's database does not confirm v1's leak")
buffer = HEAD + NEVER + pad + LEAK + main_fn(True)   # never_ran() on the old line, leak() below
other, moved_in_buffer = registration_lines(buffer)
if other != n_leak:
    fail("the buffer does not put never_ran() on line %d" % n_leak)
p = run(["node", os.path.join(src, "tests/lsp/shift_client.js"), linger, app, lsp_db, str(moved_in_buffer),
         str(other)], stdin=buffer)
print(p.stdout.strip())
print("check_site_identity: a moved call keeps its confirmation (CLI and editor); a call moved onto "
      "a confirmed line does not get it; evidence of an unchecked build is stale")
shutil.rmtree(tmp)
