#!/usr/bin/env python3
"""sql_bench.py PEAK-RSS LINGER DB — peak resident memory of `linger sql`
beside `sqlite3` on the same 1M-row query, each format, output to
/dev/null, each measured by peak_rss (wait4's ru_maxrss of that child)."""
import subprocess
import sys

probe, linger, db = sys.argv[1], sys.argv[2], sys.argv[3]
query = "SELECT * FROM evidence"


def measure(args):
    out = subprocess.run([probe] + args, capture_output=True, text=True, check=True)
    kb, secs = out.stdout.split()
    return int(kb) / 1024.0, float(secs)


rows = subprocess.run(["sqlite3", db, "SELECT count(*) FROM evidence"], capture_output=True,
                      text=True, check=True).stdout.strip()
print("sql benchmark: %s rows (%s), peak resident memory, output to /dev/null" % (rows, query))
base, base_t = measure(["sqlite3", "-csv", db, query])
print("%-28s %7.1f MB  %6.2f s" % ("sqlite3 -csv", base, base_t))
for fmt in ("csv", "table", "json"):
    mb, secs = measure([linger, "sql", "--db", db, "--format", fmt, query])
    print("%-28s %7.1f MB  %6.2f s   (%.2fx sqlite3's memory)" % ("linger sql --format " + fmt, mb, secs, mb / base))
