#!/usr/bin/env python3
"""check_mutated_db.py BUILD-DIR [N] — mutated database files never crash linger.

A real database (findings and evidence) is mutated N times (random bytes,
truncation, header fields, whole pages) with a fixed seed; each mutant is
given to every reader (findings, evidence, sql, export), to a writer (merge
into an output) and to the runtime (an instrumented program with LINGER_DB).
Each must exit 0 or with its error status, never by a signal or a sanitizer
report; the merge outputs must stay valid databases.
"""
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile

build = os.path.abspath(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 150
linger = os.path.join(build, "plugin", "linger")
program = os.path.join(build, "examples", "emitter_strong")
examples = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples")
rng = random.Random(int(os.environ.get("LINGER_MUTATE_SEED", "7")))
tmp = tempfile.mkdtemp(prefix="linger-mutated-")


def fail(msg):
    print("check_mutated_db: " + msg, file=sys.stderr)
    sys.exit(1)


def bad(r):
    err = r.stderr.decode(errors="replace")
    return r.returncode < 0 or r.returncode > 2 or "Sanitizer" in err or "runtime error" in err


seed = os.path.join(tmp, "seed.db")
subprocess.run([linger, "check", "--db", seed, os.path.join(examples, "emitter_strong.c"),
                os.path.join(examples, "cache_unbounded.c")], capture_output=True)
subprocess.run([program], cwd=tmp, env=dict(os.environ, LINGER_DB=seed), capture_output=True, check=True)
data = open(seed, "rb").read()
m = os.path.join(tmp, "m.db")
for i in range(count):
    b = bytearray(data)
    kind = i % 4
    if kind == 0:
        for _ in range(rng.randrange(1, 20)):
            b[rng.randrange(len(b))] = rng.randrange(256)
    elif kind == 1:
        b = b[:rng.randrange(len(b))]
    elif kind == 2:
        off = rng.choice([16, 18, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 64, 68, 92, 96])
        for k in range(4):
            b[off + k] = rng.randrange(256)
    else:
        page = 4096 * rng.randrange(max(1, len(b) // 4096))
        for _ in range(50):
            b[min(len(b) - 1, page + rng.randrange(4096))] = rng.randrange(256)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(m + suffix):
            os.unlink(m + suffix)
    with open(m, "wb") as f:
        f.write(b)
    out = os.path.join(tmp, "out%d.db" % (i % 3))
    for args in (["findings", "--db", m], ["evidence", "--db", m, "--format", "json"],
                 ["sql", "--db", m, "SELECT * FROM finding_status"], ["export", "--db", m],
                 ["merge", out, m]):
        r = subprocess.run([linger] + args, capture_output=True, timeout=120)
        if bad(r):
            shutil.copy(m, os.path.join(os.getcwd(), "mutant-%d.db" % i))
            fail("linger %s on mutant %d (kept as mutant-%d.db): exit %d\n%s"
                 % (args[0], i, i, r.returncode, r.stderr.decode(errors="replace")[-800:]))
    r = subprocess.run([program], cwd=tmp, env=dict(os.environ, LINGER_DB=m), capture_output=True, timeout=120)
    if r.returncode != 0 or bad(r):
        fail("the runtime on mutant %d: exit %d\n%s" % (i, r.returncode, r.stderr.decode(errors="replace")[-800:]))
for i in range(3):
    out = os.path.join(tmp, "out%d.db" % i)
    if os.path.exists(out):
        h = sqlite3.connect(out)
        ok = h.execute("PRAGMA integrity_check").fetchone()[0]
        h.close()
        if ok != "ok":
            fail("a merge output is damaged: " + ok)
print("check_mutated_db: %d mutated databases x 6 programs: no crash, outputs valid" % count)
shutil.rmtree(tmp)
