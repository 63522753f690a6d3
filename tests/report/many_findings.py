#!/usr/bin/env python3
"""many_findings.py DB N — makes DB (a findings database linger wrote, with at
least one finding) hold N findings: copies of its first finding at lines
1..N under new fingerprints, as a large project's database would.  Used by
the report test and the report benchmark."""
import sqlite3
import sys

db, n = sys.argv[1], int(sys.argv[2])
c = sqlite3.connect(db)
cols = [r[1] for r in c.execute("PRAGMA table_info(findings)") if r[1] != "id"]
first = c.execute("SELECT %s FROM findings ORDER BY id LIMIT 1" % ", ".join(cols)).fetchone()
if first is None:
    sys.exit("many_findings: %s has no finding to copy" % db)
row = dict(zip(cols, first))
c.execute("DELETE FROM findings")
for i in range(1, n + 1):
    r = dict(row, line=i, fingerprint="%s-%05d" % (row["fingerprint"], i),
             message="%s (copy %d)" % (row["message"], i))
    c.execute("INSERT INTO findings (%s) VALUES (%s)" % (", ".join(cols), ", ".join("?" * len(cols))),
              [r[k] for k in cols])
c.commit()
print("many_findings: %s holds %d findings" % (db, c.execute("SELECT count(*) FROM findings").fetchone()[0]))
