#!/usr/bin/env python3
"""check_readers.py BUILD-DIR — readers never write, never leave files behind.

1. A database in a read-only directory can be read (findings, evidence, sql)
   and nothing is created beside it.
2. A read-only database file in a writable directory can be read; a writer
   gets a clear "cannot write ... read-only" error (not as root: root writes).
3. Two users (root only; skipped with a message elsewhere): the owner records
   into a database in a shared directory, another user reads it, and the
   owner's next instrumented run still records: the reader left no -wal or
   -shm of its own.  The reader also reads while the owner's program sits
   inside a write transaction, without waiting for it.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

build = os.path.abspath(sys.argv[1])
linger = os.path.join(build, "plugin", "linger")
program = os.path.join(build, "examples", "emitter_strong")
source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples",
                      "emitter_strong.c")
OWNER, READER = 65534, 65533


def fail(msg):
    print("check_readers: " + msg, file=sys.stderr)
    sys.exit(1)


def as_user(uid):
    if uid is None or os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid=%d" % uid, "--regid=%d" % uid, "--clear-groups"]


def run(args, uid=None, env=None, want=(0,), cwd=None):
    e = dict(os.environ)
    e.pop("LINGER_DB", None)
    e.update(env or {})
    p = subprocess.run(as_user(uid) + args, env=e, cwd=cwd, capture_output=True, text=True, timeout=120)
    if p.returncode not in want:
        fail("%s exited %d\n%s%s" % (" ".join(args), p.returncode, p.stdout, p.stderr))
    return p


def reads_ok(db, uid=None):
    out = run([linger, "findings", "--db", db], uid=uid).stdout
    if "listener-strong-ref" not in out:
        fail("findings of %s: %s" % (db, out))
    run([linger, "evidence", "--db", db], uid=uid)
    n = run([linger, "sql", "--db", db, "--format", "csv", "SELECT count(*) AS n FROM findings"],
            uid=uid).stdout
    if n.split() != ["n", "1"]:
        fail("sql of %s: %r" % (db, n))


tmp = tempfile.mkdtemp(prefix="linger-readers-")
os.chmod(tmp, 0o755)

# 1. a read-only directory (for root: a directory root owns, read by another uid)
d = os.path.join(tmp, "rodir")
os.mkdir(d)
db = os.path.join(d, "f.db")
run([linger, "check", "--db", db, source], want=(1,))
os.chmod(d, 0o555)
reads_ok(db, uid=READER if os.geteuid() == 0 else None)
if sorted(os.listdir(d)) != ["f.db"]:
    fail("a reader created files in a read-only directory: %s" % os.listdir(d))
os.chmod(d, 0o755)

# 2. a read-only file
d = os.path.join(tmp, "rofile")
os.mkdir(d)
db = os.path.join(d, "f.db")
run([linger, "check", "--db", db, source], want=(1,))
os.chmod(db, 0o444)
reads_ok(db)
if os.geteuid() != 0:
    p = run([linger, "check", "--db", db, source], want=(2,))
    if "cannot write" not in p.stderr or "read-only" not in p.stderr or db not in p.stderr:
        fail("a read-only file, written: " + p.stderr)
os.chmod(db, 0o644)

# 3. two users
if os.geteuid() != 0:
    print("check_readers: SKIPPED the two-users case: it needs root to run as two uids")
else:
    d = os.path.join(tmp, "shared")
    os.mkdir(d)
    os.chmod(d, 0o1777)
    db = os.path.join(d, "team.db")
    run([linger, "check", "--db", db, source], uid=OWNER, want=(1,))
    run([program], uid=OWNER, env={"LINGER_DB": db}, cwd=d)
    reads_ok(db, uid=READER)
    mine = [f for f in os.listdir(d) if os.stat(os.path.join(d, f)).st_uid == READER]
    if mine:
        fail("the reader left files of its own: %s" % mine)
    p = run([program], uid=OWNER, env={"LINGER_DB": db}, cwd=d)
    if "evidence disabled" in p.stderr or "not recorded" in p.stderr:
        fail("the owner's next run cannot record: " + p.stderr)
    runs = run([linger, "sql", "--db", db, "--format", "csv",
                "SELECT count(DISTINCT run_id) FROM evidence"]).stdout.split()[-1]
    if runs != "2":
        fail("evidence of %s runs, expected 2" % runs)
    # a reader while the owner's program is inside a write transaction
    slow = subprocess.Popen(as_user(OWNER) + [program], cwd=d, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, LINGER_DB=db, LINGER_DB_PAUSE_BEFORE_COMMIT="3000"))
    time.sleep(0.5)
    t0 = time.time()
    reads_ok(db, uid=READER)
    waited = time.time() - t0
    err = slow.communicate(timeout=60)[1]
    if slow.returncode != 0 or "evidence disabled" in err or "not recorded" in err:
        fail("the owner's run beside a reader: %d %s" % (slow.returncode, err))
    if waited > 2.5:
        fail("the reader waited %.1f s for the writer" % waited)
    mine = [f for f in os.listdir(d) if os.stat(os.path.join(d, f)).st_uid == READER]
    if mine:
        fail("the reader left files of its own: %s" % mine)
    print("check_readers: two users: the reader left nothing, the owner recorded 3 runs")
print("check_readers: read-only directory and read-only file readable, nothing created")
shutil.rmtree(tmp, ignore_errors=True)
