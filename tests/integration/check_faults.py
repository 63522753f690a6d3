#!/usr/bin/env python3
"""check_faults.py FAULT-WRITER LINGER — the database under faults.

1. Killed writers: 8 writers at once, each killed with SIGKILL at a random
   moment (most of the time is spent inside transactions: each write pauses
   before its commit) and replaced, 200 kills in all, the database created by
   them in the first place.  Afterwards it passes integrity_check, holds every
   unit a writer logged as committed, and no unit partially (a unit has all
   its findings or none).
2. A full disk: a small tmpfs (mounted when running as root; skipped with a
   message when it cannot be) fills up; the writer fails with "disk is full"
   naming the file, and the database stays valid with what was committed.
"""
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

writer, linger = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
KILLS, WRITERS = int(os.environ.get("LINGER_FAULT_KILLS", "200")), 8
tmp = tempfile.mkdtemp(prefix="linger-faults-")
db = os.path.join(tmp, "f.db")
log = os.path.join(tmp, "committed.log")
rng = random.Random(int(os.environ.get("LINGER_FAULT_SEED", "12345")))


def fail(msg):
    print("check_faults: " + msg, file=sys.stderr)
    sys.exit(1)


def start(i):
    env = dict(os.environ, LINGER_DB_PAUSE_BEFORE_COMMIT=str(rng.choice((0, 1, 2, 5))))
    return subprocess.Popen([writer, db, log, "w%d" % i], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def integrity(path):
    h = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    ok = h.execute("PRAGMA integrity_check").fetchone()[0]
    h.close()
    return ok


# ---- 1. killed writers
live, started, kills, errors = [], 0, 0, []
for _ in range(WRITERS):
    live.append(start(started))
    started += 1
while kills < KILLS:
    time.sleep(rng.uniform(0.002, 0.04))
    victim = rng.randrange(len(live))
    p = live[victim]
    if p.poll() is not None:         # it died on its own: that is a failure
        errors.append(p.stderr.read().decode(errors="replace"))
    else:
        p.send_signal(signal.SIGKILL)
        p.wait()
        kills += 1
    p.stderr.close()
    live[victim] = start(started)
    started += 1
for p in live:
    p.send_signal(signal.SIGKILL)
    p.wait()
    p.stderr.close()
if errors:
    fail("writers failed on their own (%d):\n%s" % (len(errors), "\n".join(errors[:5])))
ok = integrity(db)
if ok != "ok":
    fail("integrity_check after %d kills: %s" % (kills, ok))
h = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
have = dict(h.execute("SELECT unit, count(*) FROM findings GROUP BY unit"))
units = {u for (u,) in h.execute("SELECT unit FROM units")}
h.close()
logged = {}
with open(log) as f:
    for line in f:
        parts = line.split()
        if len(parts) == 2:          # a line cut by the kill is no claim
            logged[parts[0]] = int(parts[1])
missing = [u for u, k in logged.items() if have.get(u) != k or u not in units]
if missing:
    fail("%d committed units lost or changed, e.g. %s: %s" % (len(missing), missing[0], have.get(missing[0])))
partial = [u for u, k in have.items() if k != int(u.rsplit("/", 1)[1][:-2]) % 5 + 1]
if partial:
    fail("%d units stored partially, e.g. %s" % (len(partial), partial[0]))
p = subprocess.run([linger, "findings", "--db", db, "--format", "json"], capture_output=True, text=True)
if p.returncode != 0:
    fail("linger findings after the kills: " + p.stderr)
print("check_faults: %d writers, %d killed mid-write, 8 at a time: integrity ok, %d committed units all "
      "there, none partial (%d units in all)" % (started, kills, len(logged), len(have)))

# ---- 2. a full disk
disk = os.path.join(tmp, "disk")
os.mkdir(disk)
mounted = os.geteuid() == 0 and subprocess.run(
    ["mount", "-t", "tmpfs", "-o", "size=384k", "tmpfs", disk], capture_output=True).returncode == 0
if not mounted:
    print("check_faults: SKIPPED the full-disk case: cannot mount a small tmpfs (needs root and "
          "mount rights); the file-size-limit case in tests/db covers the same path")
else:
    try:
        full = os.path.join(disk, "full.db")
        p = subprocess.run([writer, "--fill", full], capture_output=True, text=True, timeout=300)
        if p.returncode != 3 or full not in p.stderr:
            fail("filling the disk: exit %d, %s" % (p.returncode, p.stderr))
        ok = integrity(full)
        if ok != "ok":
            fail("integrity_check after a full disk: " + ok)
        h = sqlite3.connect("file:%s?mode=ro" % full, uri=True)
        n = h.execute("SELECT count(*) FROM findings").fetchone()[0]
        h.close()
        if n == 0 or n % 5 != 0:
            fail("after a full disk: %d findings (expected whole units of 5)" % n)
        print("check_faults: a full disk: '%s'; the database valid with %d findings"
              % (p.stderr.strip().splitlines()[-1][:120], n))
    finally:
        subprocess.run(["umount", disk])
subprocess.run(["rm", "-rf", tmp])
