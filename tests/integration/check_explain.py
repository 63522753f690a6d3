#!/usr/bin/env python3
"""check_explain.py BUILD-DIR SOURCE-DIR — "why is this still alive?".

For each leak of the examples (checked, then run with LINGER_DB: the static
findings steer the runtime's retention paths; and run alone, into a
database no static door wrote: runtime-only leaks) and of a six-file program
outside the repository (tests/integration/explain, built here, in both
orders: checked then run, run then checked), `linger explain FILE:LINE`
prints a path from the holding root — the global, or the static place of
the struct field that holds it — to what lingers, with the right edge
labels; `--format json` carries the same path; `linger report -o` writes a
page with every finding and each path; bad input gets its exit status.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

build, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
linger = os.path.join(build, "plugin", "linger")
cflags = os.environ.get("LINGER_TEST_CFLAGS", "").split()
tmp = tempfile.mkdtemp(prefix="linger-explain-")
fails = []


def run(args, cwd=None, env=None, want=None):
    p = subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=env)
    if want is not None and p.returncode != want:
        fails.append("%s: exit %d, expected %d\n%s%s" % (" ".join(args), p.returncode, want,
                                                         p.stdout, p.stderr))
    return p


def explain(db, place, root, edges, fmt=None):
    """explain PLACE: one path from root, each of edges in order on it."""
    p = run([linger, "explain", "--db", db, place], want=0)
    out = p.stdout
    if "why it is still alive" not in out:
        fails.append("%s: no retention path\n%s" % (place, out))
        return
    path = out[out.index("why it is still alive"):]
    head = next((l for l in path.splitlines() if l.strip().startswith("from ")), "")
    if "from " + root not in head:
        fails.append("%s: path not from %s: %s" % (place, root, head))
    at = 0
    for e in edges:
        k = path.find(e, at)
        if k < 0:
            fails.append("%s: no edge %r after position %d\n%s" % (place, e, at, path))
            return
        at = k + len(e)


env = dict(os.environ)
env.pop("LINGER_DB", None)

# ---- the examples: checked into one database, then run with it
exdb = os.path.join(tmp, "examples.db")
run([linger, "check", "--db", exdb] + sorted(glob.glob(os.path.join(src, "examples", "*.c")))
    + ["--", "-I" + os.path.join(src, "runtime", "include")], want=1)
for ex in ("cache_unbounded", "closure_big_buffer", "emitter_strong", "registry_self"):
    run([os.path.join(build, "examples", ex)], cwd=tmp, env=dict(env, LINGER_DB=exdb), want=0)
e = os.path.join(src, "examples")
explain(exdb, e + "/cache_unbounded.c:16", "global 'render_cache'", ["dict ", "dict[", "buffer"])
explain(exdb, e + "/closure_big_buffer.c:22", "global 'progress_cb'",
        ["closure ", "closure capture 1 → buffer"])
explain(exdb, e + "/emitter_strong.c:24", "global 'app'", ["emitter ", "emitter listener #", "closure"])
explain(exdb, e + "/registry_self.c:35", "global 'all_connections'", ["list ", "list[", "connection"])

# ---- the examples run into a database no static door wrote: every leak is
# runtime-only, and the paths come from the runtime's own checkpoints
rtdb = os.path.join(tmp, "runtime-only.db")
for ex in ("cache_unbounded", "closure_big_buffer", "emitter_strong", "registry_self"):
    run([os.path.join(build, "examples", ex)], cwd=tmp, env=dict(env, LINGER_DB=rtdb), want=0)
explain(rtdb, e + "/cache_unbounded.c:16", "global 'render_cache'", ["dict ", "dict[", "buffer"])
explain(rtdb, e + "/closure_big_buffer.c:22", "global 'progress_cb'", ["closure ", "closure capture 1 → buffer"])
explain(rtdb, e + "/emitter_strong.c:24", "global 'app'", ["emitter ", "emitter listener #", "closure"])
explain(rtdb, e + "/registry_self.c:35", "global 'all_connections'", ["list ", "list[", "connection"])

# ---- the six-file program, both orders
shop_src = os.path.join(src, "tests", "integration", "explain")
for order in ("check then run", "run then check"):
    d = os.path.join(tmp, order.replace(" ", "-"))
    shutil.copytree(shop_src, d)
    files = sorted(glob.glob(os.path.join(d, "*.c")))
    exe = os.path.join(d, "shop")
    run(["cc"] + cflags + ["-I" + os.path.join(src, "runtime", "include")] + files
        + [os.path.join(build, "runtime", "liblinger-rt.a"), "-lsqlite3", "-lpthread", "-o", exe], want=0)
    db = os.path.join(d, "shop.db")
    check = [linger, "check", "--db", db] + files + ["--", "-I" + os.path.join(src, "runtime", "include")]
    steps = [check, [exe]] if order == "check then run" else [[exe], check]
    for s in steps:
        run(s, cwd=d, env=dict(env, LINGER_DB=db), want=1 if s is check else 0)
    listing = json.loads(run([linger, "findings", "--db", db, "--format", "json"], want=0).stdout or "[]")
    got = sorted((os.path.basename(f["path"]), f["line"], f["rule"], f["confirmed"]) for f in listing)
    want = []
    for f in files:
        for i, l in enumerate(open(f).read().splitlines()):
            if "/* expect: " in l:
                want.append((os.path.basename(f), i + 1, l.split("/* expect: ")[1].split()[0], True))
    if got != sorted(want):
        fails.append("%s: findings %s, expected %s" % (order, got, sorted(want)))
    explain(db, d + "/bus.c:15", "global 'g_bus'", ["emitter ", "emitter listener #", "closure"])
    explain(db, d + "/cache.c:19", "global 's_thumbs'", ["dict ", "dict[", "buffer"])
    explain(db, d + "/jobs.c:11", "global 'g_progress'", ["closure ", "closure capture 1 → buffer"])
    explain(db, d + "/server.c:19", "'struct server.on_close'", ["emitter ", "emitter listener #", "closure"])
    if order == "check then run":
        j = json.loads(run([linger, "explain", "--db", db, "--format", "json", "cache.c:19"], cwd=d,
                           want=0).stdout or "[]")
        p = j[0]["evidence"][0]["paths"][0] if j and j[0]["evidence"] and j[0]["evidence"][0]["paths"] else {}
        nodes = p.get("nodes", [])
        if p.get("root") != "global 's_thumbs'" or [n["type"] for n in nodes] != ["dict", "buffer"] \
                or not nodes[1]["edge"].startswith("dict[") or nodes[1]["line"] <= 0:
            fails.append("explain --format json: %s" % json.dumps(j)[:800])
        fp = j[0]["fingerprint"] if j else "?"
        by_fp = run([linger, "explain", "--db", db, fp[:8]], want=0).stdout
        if "cache.c:19" not in by_fp:
            fails.append("explain by fingerprint prefix: %s" % by_fp)
        page = os.path.join(d, "report.html")
        run([linger, "report", "--db", db, "-o", page], want=0)
        html = open(page).read() if os.path.exists(page) else ""
        for needle in ("global &#39;g_bus&#39;", "global &#39;s_thumbs&#39;", "closure capture 1",
                       "&#39;struct server.on_close&#39;", "<svg class=\"plot\""):
            if needle not in html:
                fails.append("report: %r missing" % needle)
        if html.count("<article class=\"finding\"") != 4:
            fails.append("report: %d findings, expected 4" % html.count("<article class=\"finding\""))

        # ---- bad input
        run([linger, "explain", "--db", db], want=2)
        run([linger, "explain", "--db", db, "a.c:1", "b.c:2"], want=2)
        run([linger, "explain", "--db", db, "abc"], want=2)
        run([linger, "explain", "--db", db, "cache.c:0"], want=2)
        run([linger, "explain", "--db", db, "--format", "xml", "cache.c:19"], want=2)
        nothing = run([linger, "explain", "--db", db, "nosuch.c:3"], want=1)
        if "no finding at nosuch.c:3" not in nothing.stderr:
            fails.append("explain nowhere: %s" % nothing.stderr)
        run([linger, "explain", "--db", os.path.join(d, "missing.db"), "cache.c:19"], want=2)
        run([linger, "report", "--db", db], want=2)
        run([linger, "report", "--db", db, "-o", os.path.join(d, "no", "such", "dir.html")], want=2)
        if os.listdir(d).count("report.html") != 1 or glob.glob(os.path.join(d, "*.tmp-*")):
            fails.append("report: a failed write left files behind: %s" % os.listdir(d))
        out = run([linger, "report", "--db", db, "-o", "-"], want=0).stdout
        if not out.startswith("<!DOCTYPE html>") or "</html>" not in out:
            fails.append("report -o -: not a page")

shutil.rmtree(tmp)
for f in fails:
    print("check_explain: " + f, file=sys.stderr)
if not fails:
    print("check_explain: examples and the six-file program explained in both orders; report and bad input")
sys.exit(1 if fails else 0)
