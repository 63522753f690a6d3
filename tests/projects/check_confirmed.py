#!/usr/bin/env python3
"""check_confirmed.py LINGER SOURCE_DIR BUILD_DIR

The multi-file programs of tests/projects that have a main() are built with
cc against the build's liblinger-rt.a (LINGER_TEST_CFLAGS: what the build
was compiled with, its sanitizers), checked into a fresh
findings database with `linger check --db`, and run with LINGER_DB set: every
finding the project expects (its `expect:` marks) must then be confirmed at
run time, and the runtime must see no leak where no finding is (the good
twins run beside the leaks)."""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_projects import marks, settings, got  # noqa: E402

MAIN = re.compile(r"^int\s+main\s*\(", re.M)


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return p


def one(linger, d, inc, build, work):
    name = os.path.basename(os.path.dirname(d))
    files = sorted(glob.glob(os.path.join(d, "*.c")))
    want = set()
    for f in files + sorted(glob.glob(os.path.join(d, "*.h"))):
        want |= marks(f)["expect"]
    models, flags = settings(d, inc)
    exe, db = os.path.join(work, name), os.path.join(work, name + ".db")
    cflags = os.environ.get("LINGER_TEST_CFLAGS", "").split()
    p = run(["cc", "-g", "-o", exe] + cflags + flags + files
            + [os.path.join(build, "runtime", "liblinger-rt.a"), "-lsqlite3", "-lpthread"])
    if p.returncode != 0:
        return ["%s: does not build: %s" % (name, p.stderr)]
    p = run([linger, "check", "--quiet", "--db", db] + models + files + ["--"] + flags)
    if p.returncode not in (0, 1):
        return ["%s: linger check: %d %s" % (name, p.returncode, p.stderr)]
    env = dict(os.environ, LINGER_DB=db)
    p = run([exe], env=env, cwd=work, timeout=300)
    if p.returncode != 0:
        return ["%s: the program failed (%d): %s" % (name, p.returncode, p.stderr)]
    p = run([linger, "findings", "--db", db, "--format", "json"])
    if p.returncode != 0:
        return ["%s: linger findings: %d %s" % (name, p.returncode, p.stderr)]
    rows = json.loads(p.stdout)
    static = [r for r in rows if not r.get("runtime_only")]
    fails = []
    if got(static) != want:
        fails.append("%s: expected %s\n  found %s" % (name, sorted(want), sorted(got(static))))
    for r in static:
        if not r["confirmed"]:
            fails.append("%s: %s:%d %s not confirmed at run time: %s" % (
                name, os.path.basename(r["path"]), r["line"], r["rule"],
                (r.get("evidence") or {}).get("summary", "no evidence")))
    for r in rows:
        if r.get("runtime_only"):
            fails.append("%s: the runtime saw a leak where no finding is: %s:%d %s" % (
                name, os.path.basename(r["path"]), r["line"], r["message"]))
    print("%s: %d findings, %d confirmed" % (name, len(static), sum(r["confirmed"] for r in static)))
    return fails


def main():
    linger, src, build = sys.argv[1:4]
    inc = os.path.join(src, "runtime", "include")
    fails, n = [], 0
    with tempfile.TemporaryDirectory() as work:
        for d in sorted(glob.glob(os.path.join(src, "tests", "projects", "*", ""))):
            if not any(MAIN.search(open(f).read()) for f in glob.glob(os.path.join(d, "*.c"))):
                continue
            n += 1
            fails += one(linger, d, inc, build, work)
    for f in fails:
        print("FAIL " + f)
    print("programs run: %d, %d failures" % (n, len(fails)))
    sys.exit(1 if fails or n == 0 else 0)


if __name__ == "__main__":
    main()
