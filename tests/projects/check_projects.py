#!/usr/bin/env python3
"""check_projects.py LINGER SOURCE_DIR [CLANG PLUGIN]

Multi-file programs (tests/projects/NAME/*.c): `linger check` over a
project's files judges them as one program — every `expect: RULE @WORD` is
found at its line and column and nothing else — and `linger check
--per-file`, like each compile through the clang plugin, judges each file
alone: exactly the `expect-per-file:` ones (a removal, an unregistration, an
invocation or a closure's function in another file is then unseen).  The
project's messages say so ("the project (N files analysed)"), an
`expect-note: "TEXT"` is a note of the finding on its line (naming the
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


def got(findings):
    return {(os.path.basename(f["path"]), f["line"], f["column"], f["rule"]) for f in findings}


def main():
    linger, src = sys.argv[1:3]
    clang, plugin = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else (None, None)
    inc = os.path.join(src, "runtime", "include")
    fails, nproj = [], 0
    for d in sorted(glob.glob(os.path.join(src, "tests", "projects", "*", ""))):
        files = sorted(glob.glob(os.path.join(d, "*.c")))
        want = {"expect": set(), "expect-per-file": set()}
        for f in files:
            for k, v in marks(f).items():
                want[k] |= v
        nproj += 1
        name = os.path.basename(os.path.dirname(d))
        models, flags = settings(d, inc)
        whole = check(linger, files, models, flags)
        if got(whole) != want["expect"]:
            fails.append("%s (project): expected %s\n  found %s" % (name, sorted(want["expect"]),
                                                                     sorted(got(whole))))
        for fname, line, text in set().union(*(notes_wanted(f) for f in files)):
            said = [n["message"] for f in whole if os.path.basename(f["path"]) == fname
                    and f["line"] == line for n in f.get("notes", [])]
            if text not in said:
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
                    if got(rows) != mine:
                        fails.append("%s (plugin): expected %s found %s" % (f, sorted(mine), sorted(got(rows))))
    for f in fails:
        print("FAIL", f)
    print("projects: %d, %d failures" % (nproj, len(fails)))
    return 1 if fails or nproj == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
