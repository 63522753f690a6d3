#!/usr/bin/env python3
"""check_projects.py LINGER SOURCE_DIR [CLANG PLUGIN]

Multi-file programs (tests/projects/NAME/*.c): `linger check` over a
project's files judges them as one program — every `expect: RULE @WORD` is
found at its line and column and nothing else — and `linger check
--per-file`, like each compile through the clang plugin, judges each file
alone: exactly the `expect-per-file:` ones (a removal, an unregistration, an
invocation or a closure's function in another file is then unseen).  Marks
in the project's headers (NAME/*.h) are findings in their inline functions,
reported at the header's line: once in `linger check` and in the database,
and in the log of every compile that includes the header.  The
project's messages say so ("the project (N files analysed)"), an
`expect-note: "TEXT"` is (a part of) a note of the finding on its line (naming the
other file a parameter is filled from), and a set with a
file that cannot be analysed says how much was."""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

MARK = re.compile(r"(expect|expect-per-file): ([a-z-]+) @(\(?\w+)")
NOTE = re.compile(r"expect-note: \"([^\"]+)\"")


def marks(path):
    out = {"expect": set(), "expect-per-file": set()}
    for n, line in enumerate(open(path), 1):
        for m in MARK.finditer(line):
            out[m.group(1)].add((os.path.basename(path), n, line.index(m.group(3)) + 1, m.group(2)))
    return out


def notes_wanted(path):
    """(file, line, text): a project finding on that line has a note saying text."""
    return {(os.path.basename(path), n, m.group(1)) for n, line in enumerate(open(path), 1)
            for m in NOTE.finditer(line)}


def settings(d, inc):
    """A project's models and compiler flags (project.json: models, pkg-config,
    python: Python's headers)."""
    conf = os.path.join(d, "project.json")
    c = json.load(open(conf)) if os.path.exists(conf) else {}
    flags = ["-I" + inc, "-I" + d]
    if c.get("python"):
        flags += subprocess.run(["python3-config", "--includes"], capture_output=True, text=True,
                                check=True).stdout.split()
    for pkg in c.get("pkg-config", []):
        flags += subprocess.run(["pkg-config", "--cflags", pkg], capture_output=True, text=True,
                                check=True).stdout.split()
    models = []
    for m in c.get("models", []):
        models += ["--model", m]
    return models, flags


def check(linger, files, args, flags):
    p = subprocess.run([linger, "check", "--quiet", "--format", "json"] + args + files + ["--"] + flags,
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        raise RuntimeError("linger check %s: %d %s" % (args, p.returncode, p.stderr))
    return json.loads(p.stdout)


INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def logged_for(f, want):
    """What a compile of f prints: its own findings and those of the
    project's headers it includes (as a compiler prints a header's warnings
    in every file that includes it)."""
    heads = {os.path.basename(h) for h in INCLUDE.findall(open(f).read())}
    return {w for w in want if w[0] == os.path.basename(f) or w[0] in heads}


WARN = re.compile(r"^(\S+?):(\d+):(\d+): (?:warning|error): .*\[([a-z-]+)\]$", re.M)


def compile_all(cmd_of, files, db, fails, what):
    """Compiles files one after another into the database db (LINGER_DB);
    returns what each compile's log warned of, as got() does."""
    logs = {}
    env = dict(os.environ, LINGER_DB=db)
    for f in files:
        p = subprocess.run(cmd_of(f), capture_output=True, text=True, env=env)
        if p.returncode != 0:
            fails.append("%s: %s compile failed: %s" % (f, what, p.stderr))
        if "not stored" in p.stderr or "skipped" in p.stderr:
            fails.append("%s: %s: %s" % (f, what, p.stderr))
        logs[f] = {(os.path.basename(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4))
                   for m in WARN.finditer(p.stderr)}
    return logs


def stored(linger, db):
    p = subprocess.run([linger, "findings", "--db", db, "--format", "json"], capture_output=True,
                       text=True)
    return json.loads(p.stdout) if p.stdout.strip() else []


def check_builds(linger, name, files, want, models, flags, clang, plugin, fails):
    """A build through the clang plugin and one through linger-cc (gcc) into
    one database: afterwards the database holds the project's findings; a
    rebuild of every file prints exactly the project's findings for it, and
    touching two files and rebuilding them changes nothing."""
    lcc = os.path.join(os.path.dirname(linger), "linger-cc")
    plug = ["-fplugin-arg-linger-model=" + m for m in models if m != "--model"]
    env_models = ":".join(m for m in models if m != "--model")
    doors = []
    if clang:
        doors.append(("plugin", lambda f: [clang, "-fsyntax-only", "-fplugin=" + plugin] + plug
                      + flags + [f]))
    doors.append(("linger-cc gcc", lambda f: ["env", "LINGER_MODELS=" + env_models, lcc, "gcc",
                                              "-c", "-o", os.devnull] + flags + [f]))
    for what, cmd_of in doors:
        with tempfile.TemporaryDirectory() as t:
            db = os.path.join(t, "build.db")
            compile_all(cmd_of, files, db, fails, what)
            if got(stored(linger, db)) != want:
                fails.append("%s (%s build, database): expected %s\n  found %s" % (
                    name, what, sorted(want), sorted(got(stored(linger, db)))))
            for again in (files, files[:2]):       # a rebuild; then two files touched
                logs = compile_all(cmd_of, again, db, fails, what)
                for f in again:
                    mine = logged_for(f, want)
                    if logs[f] != mine:
                        fails.append("%s (%s rebuild of %s): log warns of %s, the project has %s" % (
                            name, what, os.path.basename(f), sorted(logs[f]), sorted(mine)))
            if got(stored(linger, db)) != want:
                fails.append("%s (%s rebuilds, database): %s" % (name, what, sorted(got(stored(linger, db)))))


def check_index_doors(linger, name, files, want, models, flags, fails):
    """`linger check --db` fills the project index too: a rebuild through
    linger-cc afterwards warns of the project's findings only.  A summary
    that cannot be read (damaged, or from a newer linger) is skipped with a
    note naming it, and the rest of the project still counts."""
    import sqlite3
    lcc = os.path.join(os.path.dirname(linger), "linger-cc")
    env_models = ":".join(m for m in models if m != "--model")
    cmd_of = lambda f: ["env", "LINGER_MODELS=" + env_models, lcc, "gcc", "-c", "-o", os.devnull] \
        + flags + [f]
    with tempfile.TemporaryDirectory() as t:
        db = os.path.join(t, "check.db")
        p = subprocess.run([linger, "check", "--quiet", "--db", db] + models + files + ["--"] + flags,
                           capture_output=True, text=True)
        if p.returncode not in (0, 1):
            fails.append("%s: linger check --db: %s" % (name, p.stderr))
            return
        logs = compile_all(cmd_of, files[:2], db, fails, "linger-cc after linger check")
        for f in files[:2]:
            mine = logged_for(f, want)
            if logs[f] != mine:
                fails.append("%s (linger-cc after linger check, %s): %s, the project has %s" % (
                    name, os.path.basename(f), sorted(logs[f]), sorted(mine)))
        con = sqlite3.connect(db)
        victim, newer = files[-1], files[-2]
        con.execute("UPDATE summaries SET summary = '{\"format\": \"linger-summary\", \"vers'"
                    " WHERE unit LIKE ?", ("%/" + os.path.basename(victim),))
        con.execute("UPDATE summaries SET summary = replace(summary, '\"version\":1', '\"version\":99')"
                    " WHERE unit LIKE ?", ("%/" + os.path.basename(newer),))
        con.commit()
        con.close()
        p = subprocess.run(cmd_of(files[0]), capture_output=True, text=True, env=dict(os.environ, LINGER_DB=db))
        for what in ("summary of %s" % os.path.realpath(victim), "not a linger summary",
                     "summary of %s" % os.path.realpath(newer), "newer than this linger reads"):
            if what not in p.stderr:
                fails.append("%s: a bad summary: the log does not say '%s': %s" % (name, what, p.stderr))
        if p.returncode != 0:
            fails.append("%s: a bad summary failed the compile: %s" % (name, p.stderr))


def got(findings):
    return {(os.path.basename(f["path"]), f["line"], f["column"], f["rule"]) for f in findings}


def main():
    linger, src = sys.argv[1:3]
    clang, plugin = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else (None, None)
    inc = os.path.join(src, "runtime", "include")
    fails, nproj = [], 0
    for d in sorted(glob.glob(os.path.join(src, "tests", "projects", "*", ""))):
        files = sorted(glob.glob(os.path.join(d, "*.c")))
        headers = sorted(glob.glob(os.path.join(d, "*.h")))
        want = {"expect": set(), "expect-per-file": set()}
        for f in files + headers:
            for k, v in marks(f).items():
                want[k] |= v
        nproj += 1
        name = os.path.basename(os.path.dirname(d))
        models, flags = settings(d, inc)
        whole = check(linger, files, models, flags)
        if len(whole) != len(got(whole)):          # a header's finding once, not per includer
            fails.append("%s (project): a finding reported twice: %s" % (name, sorted(
                (os.path.basename(f["path"]), f["line"], f["rule"]) for f in whole)))
        if got(whole) != want["expect"]:
            fails.append("%s (project): expected %s\n  found %s" % (name, sorted(want["expect"]),
                                                                     sorted(got(whole))))
        for fname, line, text in set().union(*(notes_wanted(f) for f in files + headers)):
            said = [n["message"] for f in whole if os.path.basename(f["path"]) == fname
                    and f["line"] == line for n in f.get("notes", [])]
            if not any(text in m for m in said):     # a part of the note's text
                fails.append("%s: no note \"%s\" at %s:%d (notes: %s)" % (name, text, fname, line, said))
        scope = "the project (%d files analysed)" % len(files)
        for f in whole:
            if f["rule"] != "closure-captured-buffer" and scope not in f["message"]:
                fails.append("%s: a project finding does not say '%s': %s" % (name, scope, f["message"]))
        alone = check(linger, files, models + ["--per-file"], flags)
        if got(alone) != want["expect-per-file"]:
            fails.append("%s (--per-file): expected %s\n  found %s" % (
                name, sorted(want["expect-per-file"]), sorted(got(alone))))
        for f in alone:
            if f["rule"] == "unbounded-cache" and "this file" not in f["message"]:
                fails.append("%s: a per-file finding does not say 'this file': %s" % (name, f["message"]))
        check_builds(linger, name, files, want["expect"], models, flags, clang, plugin, fails)
        check_index_doors(linger, name, files, want["expect"], models, flags, fails)
        # a set with a file that cannot be analysed: said in the messages
        with tempfile.TemporaryDirectory() as t:
            broken = os.path.join(t, "broken.c")
            open(broken, "w").write("#include \"nosuch.h\"\n")
            p = subprocess.run([linger, "check", "--quiet", "--format", "json"] + models + files
                               + [broken, "--"] + flags, capture_output=True, text=True)
            part = json.loads(p.stdout) if p.stdout.strip() else []
            if p.returncode != 2 or not part or not all(
                    "1 more of the project could not be" in f["message"] for f in part
                    if f["rule"] != "closure-captured-buffer"):
                fails.append("%s with a broken file: exit %d, %s" % (name, p.returncode,
                                                                      [f["message"] for f in part]))
        # the clang plugin judges each compile alone
        if clang:
            for f in files:
                with tempfile.TemporaryDirectory() as t:
                    db = os.path.join(t, "p.db")
                    env = dict(os.environ)
                    env.pop("LINGER_DB", None)
                    plug = ["-fplugin-arg-linger-model=" + m for m in models if m != "--model"]
                    cc = subprocess.run([clang, "-fsyntax-only", "-fplugin=" + plugin,
                                         "-fplugin-arg-linger-db=" + db] + plug + flags + [f],
                                        capture_output=True, text=True, env=env)
                    if cc.returncode != 0:
                        fails.append("%s: plugin compile failed: %s" % (f, cc.stderr))
                        continue
                    rows = json.loads(subprocess.run([linger, "findings", "--db", db, "--format", "json"],
                                                     capture_output=True, text=True).stdout) \
                        if os.path.exists(db) else []
                    mine = {w for w in want["expect-per-file"] if w[0] == os.path.basename(f)}
                    rows = [r for r in rows if os.path.basename(r["path"]) == os.path.basename(f)]
                    if got(rows) != mine:
                        fails.append("%s (plugin): expected %s found %s" % (f, sorted(mine), sorted(got(rows))))
    for f in fails:
        print("FAIL", f)
    print("projects: %d, %d failures" % (nproj, len(fails)))
    return 1 if fails or nproj == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
