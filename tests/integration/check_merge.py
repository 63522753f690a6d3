#!/usr/bin/env python3
"""check_merge.py BUILD-DIR SOURCE-DIR — a CI fleet's databases brought together.

Three "machines" (three checkouts at different absolute paths):
  m1 runs `linger check` over its checkout,
  m2 builds the program with a relative __FILE__ and runs it from yet another
     directory, recording evidence,
  m3 checks one of the files again later (its unit's findings are newer).
Each writes its own database.  `linger merge` of the three must give the
same `linger findings` (every format that matters) as one database written
by all of them in the same order; merging again changes nothing; export on
one machine and import on another gives the same again.  Bad inputs (not a
database, another application's SQLite file, an export of a newer version,
the output itself) are clear errors, exit 2, and leave the output valid.
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

build, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
linger = os.path.join(build, "plugin", "linger")
cflags = os.environ.get("LINGER_TEST_CFLAGS", "").split()
tmp = tempfile.mkdtemp(prefix="linger-merge-")


def fail(msg):
    print("check_merge: " + msg, file=sys.stderr)
    sys.exit(1)


def run(args, cwd=None, env=None, want=(0,)):
    e = dict(os.environ)
    e.pop("LINGER_DB", None)
    e.update(env or {})
    p = subprocess.run(args, cwd=cwd, env=e, capture_output=True, text=True, timeout=300)
    if p.returncode not in want:
        fail("%s exited %d\n%s%s" % (" ".join(args), p.returncode, p.stdout, p.stderr))
    return p


def checkout(name):
    root = os.path.join(tmp, name, "proj")
    os.makedirs(os.path.join(root, "src"))
    shutil.copy(os.path.join(src, "tests/integration/confirm/inventory.c"),
                os.path.join(root, "src", "inventory.c"))
    return root


def listing(db):
    """What `linger findings` says, without the times that differ by construction."""
    rows = json.loads(run([linger, "findings", "--db", db, "--format", "json"]).stdout)
    for r in rows:
        r.pop("first_seen", None)
        r.pop("last_seen", None)
        r["path"] = os.path.basename(r["path"])   # each machine's own checkout
    table = run([linger, "findings", "--db", db]).stdout
    return rows, [l for l in table.splitlines() if " confirmed at run time" in l][0]


def counts(db):
    h = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    c = tuple(h.execute("SELECT (SELECT count(*) FROM runs), (SELECT count(*) FROM findings),"
                        " (SELECT count(*) FROM evidence), (SELECT count(*) FROM units)").fetchone())
    ok = h.execute("PRAGMA integrity_check").fetchone()[0]
    h.close()
    if ok != "ok":
        fail("%s: integrity_check says %s" % (db, ok))
    return c


m1, m2, m3 = checkout("m1"), checkout("m2"), checkout("m3")
# m2 builds with a relative __FILE__ and runs from elsewhere
run(["cc"] + cflags + ["-I" + os.path.join(src, "runtime/include"), "-c", "src/inventory.c",
     "-o", "inventory.o"], cwd=m2)
run(["cc"] + cflags + ["inventory.o", os.path.join(build, "runtime/liblinger-rt.a"), "-lsqlite3",
     "-lpthread", "-o", "inventory"], cwd=m2)
elsewhere = os.path.join(tmp, "m2", "elsewhere")
os.makedirs(elsewhere)

dbs = {n: os.path.join(tmp, n + ".db") for n in ("m1", "m2", "m3", "one")}
steps = [
    ("m1", lambda db: run([linger, "check", "--db", db, os.path.join(m1, "src/inventory.c")], want=(1,))),
    ("m2", lambda db: run([os.path.join(m2, "inventory")], cwd=elsewhere, env={"LINGER_DB": db})),
    ("m3", lambda db: run([linger, "check", "--db", db, os.path.join(m1, "src/inventory.c")], want=(1,))),
]
for name, step in steps:
    step(dbs[name])
    step(dbs["one"])     # the one database all of them write

merged = os.path.join(tmp, "merged.db")
run([linger, "merge", merged, dbs["m1"], dbs["m2"], dbs["m3"]])
want_rows, want_total = listing(dbs["one"])
got_rows, got_total = listing(merged)
if got_rows != want_rows or got_total != want_total:
    fail("merged findings differ from one database's:\n%s\n%s\nvs\n%s\n%s"
         % (json.dumps(got_rows, indent=1), got_total, json.dumps(want_rows, indent=1), want_total))
if "3 confirmed" not in got_total:
    fail("the merged database does not confirm the three leaks: " + got_total)
before = counts(merged)
run([linger, "merge", merged, dbs["m1"], dbs["m2"], dbs["m3"]])
if counts(merged) != before:
    fail("merging the same inputs again changed the database: %s -> %s" % (before, counts(merged)))

# another machine: export, import elsewhere
exported = os.path.join(tmp, "fleet.json")
run([linger, "export", "--db", merged, "-o", exported])
imported = os.path.join(tmp, "imported.db")
run([linger, "import", "--db", imported, exported])
run([linger, "import", "--db", imported, exported])
if listing(imported) != (want_rows, want_total):
    fail("export + import differs from the merged database")
if counts(imported) != before:
    fail("importing twice: %s, merged: %s" % (counts(imported), before))

# bad inputs: exit 2, a clear message, the output still valid and unchanged
junk = os.path.join(tmp, "junk.db")
with open(junk, "w") as f:
    f.write("not a database")
foreign = os.path.join(tmp, "foreign.db")
h = sqlite3.connect(foreign)
h.execute("CREATE TABLE contacts (name TEXT)")
h.commit()
h.close()
newer = os.path.join(tmp, "newer.json")
with open(exported) as f:
    doc = json.load(f)
doc["version"] = 99
with open(newer, "w") as f:
    json.dump(doc, f)
for args, text in ((["merge", merged, junk], "not a SQLite database"),
                   (["merge", merged, foreign], "not a linger findings database"),
                   (["merge", merged, merged], "into itself"),
                   (["merge", merged, os.path.join(tmp, "absent.db")], "no such findings database"),
                   (["import", "--db", merged, newer], "export version 99"),
                   (["import", "--db", merged, junk], "not valid JSON"),
                   (["merge", merged], "needs OUT.db")):
    p = run([linger] + args, want=(2,))
    if text not in p.stderr:
        fail("%s: expected '%s' in: %s" % (" ".join(args), text, p.stderr))
    if counts(merged) != before:
        fail("%s changed the output" % " ".join(args))
print("check_merge: 3 machines merged = one database (%s); merge and import idempotent; 7 bad inputs refused"
      % want_total)
shutil.rmtree(tmp)
