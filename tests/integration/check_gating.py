#!/usr/bin/env python3
"""check_gating.py BUILD-DIR SOURCE-DIR — confirmation that means what it says,
and the findings listing as a CI gate.

tests/integration/gating/app.c has one real leak per kind the runtime can
prove and three look-alikes.  Built, run with LINGER_DB and checked:
  - the global emitter's registration is confirmed; the per-window emitter
    released with its window and the 12-key table overwritten every tick are
    flagged by the checker but not confirmed;
  - the closures made through a function-pointer variable, whose big capture
    their function never reads, are listed by --runtime-only in every format,
    and counted at the end of the default table;
  - --fail-on confirmed|any exit 1 when the listing has such a finding, 0
    otherwise; --baseline with an earlier json or sarif output hides what it
    holds; a bad baseline is exit 2;
  - linger prune --older-than removes old runs' evidence and keeps findings;
    --missing-files removes the findings of a deleted file and keeps the rest;
    the database passes integrity_check after each.
"""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

build, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
linger = os.path.join(build, "plugin", "linger")
cflags = os.environ.get("LINGER_TEST_CFLAGS", "").split()
tmp = tempfile.mkdtemp(prefix="linger-gating-")
app_c = os.path.join(tmp, "app.c")
shutil.copy(os.path.join(src, "tests/integration/gating/app.c"), app_c)
db = os.path.join(tmp, "g.db")
text = open(app_c).read().splitlines()


def line_of(snippet):
    return next(i + 1 for i, l in enumerate(text) if snippet in l)


def fail(msg):
    print("check_gating: " + msg, file=sys.stderr)
    sys.exit(1)


def run(args, want=(0,), env=None, cwd=None):
    e = dict(os.environ)
    e.pop("LINGER_DB", None)
    e.update(env or {})
    p = subprocess.run(args, capture_output=True, text=True, env=e, cwd=cwd, timeout=300)
    if p.returncode not in want:
        fail("%s exited %d (wanted %s)\n%s%s" % (" ".join(args), p.returncode, want, p.stdout, p.stderr))
    return p


def findings(*args, want=(0,)):
    return run([linger, "findings", "--db", db] + list(args), want=want)


def integrity():
    h = sqlite3.connect(db)
    ok = h.execute("PRAGMA integrity_check").fetchone()[0]
    h.close()
    if ok != "ok":
        fail("integrity_check: " + ok)


run(["cc"] + cflags + ["-I" + os.path.join(src, "runtime/include"), "-c", app_c, "-o", "app.o"], cwd=tmp)
run(["cc"] + cflags + ["app.o", os.path.join(build, "runtime/liblinger-rt.a"), "-lsqlite3", "-lpthread",
                       "-o", "app"], cwd=tmp)
run([os.path.join(tmp, "app")], env={"LINGER_DB": db}, cwd=tmp)
run([linger, "check", "--db", db, app_c], want=(1,))

L_GLOBAL = line_of("lg_emitter_on(app.events, h)")
L_WINDOW = line_of("lg_emitter_on(w->events, h)")
L_CONFIG = line_of("lg_dict_set(app.config, key, value)")
L_CONFIG_MADE = line_of("app.config = lg_dict()")
L_PICK = line_of("kept[i] = lg_closure(pick")

rows = {r["line"]: r for r in json.loads(findings("--format", "json").stdout)}
# the per-window emitter, released with its window in the same function, is
# no static finding (a per-instance emitter), and the runtime — which saw its
# handler only at the emitter's death — reports nothing there either (the
# runtime-only listing below holds only the closure)
if L_WINDOW in rows:
    fail("the per-window emitter, released with its window, is reported: %s" % rows[L_WINDOW])
for line, want in ((L_GLOBAL, True), (L_CONFIG, False)):
    if line not in rows:
        fail("no static finding at line %d: %s" % (line, sorted(rows)))
    if rows[line]["confirmed"] != want:
        fail("line %d confirmed=%s, expected %s: %s" % (line, rows[line]["confirmed"], want,
                                                       rows[line]["evidence"]))
ev = rows[L_CONFIG]["evidence"]
if not ev or ev["peak_len"] != 12 or ev.get("overwrites", 0) < 5000:
    fail("the config table's evidence: %s" % ev)

# runtime-only, every format
rt = json.loads(findings("--runtime-only", "--format", "json").stdout)
if [(r["rule"], r["line"]) for r in rt] != [("closure-captured-buffer", L_PICK)]:
    fail("runtime-only: %s" % rt)
if not rt[0]["path"].endswith("app.c") or rt[0]["evidence"]["bytes"] < 4 << 20 or not rt[0]["confirmed"]:
    fail("runtime-only row: %s" % rt[0])
table = findings("--runtime-only").stdout
if "app.c:%d" % L_PICK not in table or "1 leak seen only at run time" not in table:
    fail("runtime-only table:\n" + table)
clang = findings("--runtime-only", "--format", "clang").stdout
if "app.c:%d: warning: seen only at run time" % L_PICK not in clang:
    fail("runtime-only clang:\n" + clang)
sarif = json.loads(findings("--runtime-only", "--format", "sarif").stdout)
res = sarif["runs"][0]["results"]
if len(res) != 1 or res[0]["locations"][0]["physicalLocation"]["region"]["startLine"] != L_PICK:
    fail("runtime-only sarif: %s" % res)
# the evidence listing: a table with a header and the same rows as its JSON
ev_rows = json.loads(run([linger, "evidence", "--db", db, "--format", "json"]).stdout)
ev_table = run([linger, "evidence", "--db", db]).stdout.splitlines()
if not ev_rows or not ev_table[0].split()[:3] == ["RUN", "KIND", "SITE"] or len(ev_table) != len(ev_rows) + 1:
    fail("evidence table (%d lines) vs json (%d rows):\n%s" % (len(ev_table), len(ev_rows), "\n".join(ev_table)))
if not any(r["kind"] == "growth" and r["site_line"] == L_CONFIG for r in ev_rows) \
        or not any(l.split()[1] == "growth" and ("app.c:%d" % L_CONFIG) in l and "inserts" in l for l in ev_table[1:]):
    fail("the config table's growth in the evidence listing:\n" + "\n".join(ev_table))
bad = run([linger, "evidence", "--db", db, "--format", "sarif"], want=(2,))
if "--format needs table or json, got: sarif" not in bad.stderr:
    fail("evidence --format sarif: " + bad.stderr)
bad = findings("--format", "xml", want=(2,))
if "--format needs table, json, sarif or clang, got: xml" not in bad.stderr:
    fail("findings --format xml: " + bad.stderr)
# the stored findings as clang-style lines: each with its evidence as a note
clang_all = findings("--format", "clang").stdout
if ("app.c:%d:5: note: confirmed: 300 objects" % L_GLOBAL) not in clang_all \
        or ("app.c:%d:9: note: seen at run time, not confirmed: the dict made at app.c:%d grew to 12 entries"
            % (L_CONFIG, L_CONFIG_MADE)) not in clang_all:
    fail("findings --format clang:\n" + clang_all)
# both logs validate against the official SARIF 2.1.0 schema (node + ajv, as tests/sarif)
rt_sarif, all_sarif = os.path.join(tmp, "rt.sarif"), os.path.join(tmp, "all.sarif")
with open(rt_sarif, "w") as f:
    json.dump(sarif, f)
with open(all_sarif, "w") as f:
    f.write(findings("--format", "sarif").stdout)
run(["node", os.path.join(src, "tests/sarif/validate.js"), os.path.join(src, "tests/sarif/sarif-schema-2.1.0.json"),
     rt_sarif, all_sarif])
if "1 more seen only at run time" not in findings().stdout.splitlines()[-1]:
    fail("the default table does not end with the runtime-only count")

# gating
findings("--fail-on", "confirmed", want=(1,))
findings("--fail-on", "any", want=(1,))
findings("--unconfirmed", "--fail-on", "confirmed", want=(0,))
findings("--runtime-only", "--fail-on", "confirmed", want=(1,))
base_json, base_sarif = os.path.join(tmp, "base.json"), os.path.join(tmp, "base.sarif")
with open(base_json, "w") as f:
    f.write(findings("--format", "json").stdout)
with open(base_sarif, "w") as f:
    f.write(findings("--format", "sarif").stdout)
for base in (base_json, base_sarif):
    p = findings("--baseline", base, "--fail-on", "any", "--format", "json", want=(0,))
    if json.loads(p.stdout) != []:
        fail("--baseline %s hides nothing: %s" % (base, p.stdout))
rt_base = os.path.join(tmp, "rt.json")
with open(rt_base, "w") as f:
    f.write(findings("--runtime-only", "--format", "json").stdout)
findings("--runtime-only", "--baseline", rt_base, "--fail-on", "any", want=(0,))
# a baseline from before the global emitter's finding: only that one is new
old = [r for r in json.loads(open(base_json).read()) if r["line"] != L_GLOBAL]
with open(base_json, "w") as f:
    json.dump(old, f)
new = json.loads(findings("--baseline", base_json, "--format", "json", "--fail-on", "confirmed",
                          want=(1,)).stdout)
if [r["line"] for r in new] != [L_GLOBAL]:
    fail("new since the baseline: %s" % [r["line"] for r in new])
for bad, msg in (("{\"runs\": 3}", "not a baseline"), ("[{\"rule\": \"x\"}]", "fingerprint"),
                 ("[1, 2", "cannot read the baseline")):
    path = os.path.join(tmp, "bad.json")
    with open(path, "w") as f:
        f.write(bad)
    p = findings("--baseline", path, want=(2,))
    if msg not in p.stderr or p.stdout:
        fail("bad baseline %r: %s%s" % (bad, p.stdout, p.stderr))
findings("--fail-on", "some", want=(2,))
findings("--runtime-only", "--confirmed", want=(2,))

# prune: old runs, missing files
h = sqlite3.connect(db)
h.execute("UPDATE runs SET started = started - 40 * 86400 WHERE kind = 'runtime'")
h.commit()
h.close()
gone = os.path.join(tmp, "gone.c")
shutil.copy(app_c, gone)
run([linger, "check", "--db", db, gone], want=(1,))
before = len(json.loads(findings("--format", "json").stdout))
run([linger, "prune", "--db", db, "--older-than", "30"])
integrity()
after = json.loads(findings("--format", "json").stdout)
if len(after) != before or any(r["confirmed"] for r in after):
    fail("prune --older-than 30: %d -> %d findings, confirmed %s" % (before, len(after),
                                                                     [r["confirmed"] for r in after]))
h = sqlite3.connect(db)
left = h.execute("SELECT count(*) FROM evidence").fetchone()[0]
h.close()
if left:
    fail("prune --older-than left %d evidence rows of a 40-day-old run" % left)
def summaries():
    h = sqlite3.connect(db)
    units = sorted(os.path.basename(u) for (u,) in h.execute("SELECT unit FROM summaries"))
    h.close()
    return units


if "gone.c" not in summaries() or len(summaries()) < 2:
    fail("linger check --db stored no summary for gone.c: %s" % summaries())
os.unlink(gone)
run([linger, "prune", "--db", db, "--missing-files"])
integrity()
if "gone.c" in summaries() or not summaries():
    fail("prune --missing-files: the project index after it: %s" % summaries())
kept = json.loads(findings("--format", "json").stdout)
if any(r["path"].endswith("gone.c") for r in kept) or len(kept) != before // 2:
    fail("prune --missing-files: %s" % [(os.path.basename(r["path"]), r["line"]) for r in kept])
run([linger, "prune", "--db", db], want=(2,))
run([linger, "prune", "--db", db, "--older-than", "-1"], want=(2,))
run([linger, "prune", "--db", os.path.join(tmp, "absent.db"), "--missing-files"], want=(2,))
print("check_gating: 1 confirmed, 2 look-alikes not confirmed, 1 runtime-only in 4 formats; "
      "--fail-on, --baseline (json, sarif) and prune behave")
shutil.rmtree(tmp)
