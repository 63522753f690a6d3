#!/usr/bin/env python3
"""realcode.py LINGER WORK NAME=GITDIR... — the shipped models on real code.

Reproduces the table of docs/models.md ("Measured on real code"): for each
code base given as NAME=GITDIR (a clone, e.g. what the tool library's fetch
brought: geany=.../geany+geany/repo), the release is exported from git into
WORK/NAME, its own build system writes compile_commands.json (meson for
zenity, autotools under bear for geany, setup.py build_ext under bear for
psycopg2 and psutil — Debian 12's packages: meson itstool autoconf automake
libtool intltool gettext autopoint libpq-dev python3-setuptools bear), then

  linger check --model MODEL -p DIR --format json      (all its findings)
  clang -fsyntax-only over the same compile commands  (the anchor)

run side by side, best of --runs.  Each finding is looked up in the judged
list below (true, or false with the reason); a finding not in it, or a judged
one that is gone, is reported — the counts are the table's.  Exit 0 when
every finding was judged and found, 1 otherwise.
"""
import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import time

# name: (git tag, model, how to build, {(file, line, rule): (verdict, why)})
BASES = {
    "geany": ("1.38.0", "glib", "autotools", {
        ("src/tagmanager/tm_parser.c", 654, "unbounded-cache"):
            ("false", "keyed by the parser's language (an enum): at most one entry per language, filled at start"),
        ("src/filetypes.c", 261, "unbounded-cache"):
            ("true", "a registry every filetype adds itself to, never removed (bounded by the filetype definitions in practice)"),
        ("src/prefs.c", 307, "listener-strong-ref"):
            ("false", "kbdata->tree is the preferences dialog's tree view (looked up, not made here), kbdata the dialog's own state"),
        ("src/prefs.c", 308, "listener-strong-ref"): ("false", "as line 307"),
    }),
    "zenity": ("3.44.0", "glib", "meson", {
        ("src/tree.c", 115, "unbounded-cache"):
            ("true", "a pixbuf memo table keyed by file name, never evicted (one per icon file named in the input)"),
    }),
    "psycopg2": ("2_9_5", "cpython", "setup.py", {
        ("psycopg/typecast.c", 288, "unbounded-cache"):
            ("false", "connectionObject.string_types (reached through callers in psycopgmodule.c) is a per-connection dict released with the connection (Py_CLEAR in its dealloc)"),
        ("psycopg/microprotocols.c", 73, "unbounded-cache"):
            ("true", "the adapters registry (register_adapter from Python) only grows: nothing ever deletes an adapter"),
    }),
    "psutil": ("release-5.9.4", "cpython", "setup.py", {}),
}


def sh(cmd, cwd, log, env=None):
    with open(log, "a") as out:
        p = subprocess.run(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env,
                           shell=isinstance(cmd, str))
    if p.returncode != 0:
        sys.exit("realcode: %s failed in %s (see %s)" % (cmd, cwd, log))


def prepare(name, gitdir, work):
    tag, _, how, _ = BASES[name]
    d = os.path.join(work, name)
    log = os.path.join(work, name + ".log")
    db = os.path.join(d, "build" if how == "meson" else "", "compile_commands.json")
    if os.path.exists(db):
        return d, os.path.dirname(db)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    sh("git -C %s archive %s | tar -x -C %s" % (shlex.quote(gitdir), tag, shlex.quote(d)), d, log)
    print("realcode: building %s %s (%s) for its compile commands" % (name, tag, how), file=sys.stderr)
    if how == "meson":
        sh(["meson", "setup", "build"], d, log)
        sh(["ninja", "-C", "build"], d, log)
    elif how == "autotools":
        sh("NOCONFIGURE=1 ./autogen.sh && ./configure --disable-html-docs --disable-pdf-docs "
           "--disable-api-docs --disable-gtkdoc-header", d, log)
        sh(["bear", "--", "make", "-j%d" % (os.cpu_count() or 2)], d, log)
    else:
        sh(["bear", "--", "/usr/bin/python3", "setup.py", "build_ext", "-b",
            os.path.join(work, name + "-ext")], d, log)
    return d, os.path.dirname(db)


def rel(path, d):
    p = os.path.realpath(path)
    return os.path.relpath(p, os.path.realpath(d))


def c_lines(dbdir):
    cmds = json.load(open(os.path.join(dbdir, "compile_commands.json")))
    files = sorted({os.path.normpath(os.path.join(c["directory"], c["file"])) for c in cmds})
    cs = [f for f in files if f.endswith(".c")]
    return len(files), len(cs), sum(sum(1 for _ in open(f, errors="replace")) for f in cs), cmds


def syntax_only(clang, cmds):
    """clang -fsyntax-only over each compile command, one after another."""
    t = time.perf_counter()
    for c in cmds:
        argv = c["arguments"] if "arguments" in c else shlex.split(c["command"])
        out, skip = [clang, "-fsyntax-only", "-w"], False
        for a in argv[1:]:
            if skip:
                skip = False
            elif a == "-o":
                skip = True
            elif a not in ("-c",) and not a.startswith("-o"):
                out.append(a)
        subprocess.run(out, cwd=c["directory"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def check(linger, model, dbdir):
    t = time.perf_counter()
    p = subprocess.run([linger, "check", "--quiet", "-j", "1", "--model", model, "-p", dbdir,
                        "--format", "json"], capture_output=True, text=True)
    dt = time.perf_counter() - t
    if p.returncode not in (0, 1):
        sys.exit("realcode: linger check failed (%d): %s" % (p.returncode, p.stderr[-2000:]))
    return json.loads(p.stdout), dt


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("linger")
    ap.add_argument("work")
    ap.add_argument("bases", nargs="+", metavar="NAME=GITDIR")
    ap.add_argument("--clang", default=shutil.which("clang") or "clang")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    if not os.path.isfile(a.linger):
        sys.exit("realcode: no linger at '%s'" % a.linger)
    a.linger = os.path.abspath(a.linger)    # the checks run in the code base's directory
    os.makedirs(a.work, exist_ok=True)
    ok = True
    rows = []
    for spec in a.bases:
        name, _, gitdir = spec.partition("=")
        if name not in BASES:
            sys.exit("realcode: unknown code base '%s' (one of %s)" % (name, ", ".join(BASES)))
        tag, model, _, judged = BASES[name]
        d, dbdir = prepare(name, gitdir, a.work)
        nfiles, nc, lines, cmds = c_lines(dbdir)
        best_l = best_c = None
        for _ in range(a.runs):
            findings, tl = check(a.linger, model, dbdir)
            tc = syntax_only(a.clang, cmds)
            best_l = tl if best_l is None else min(best_l, tl)
            best_c = tc if best_c is None else min(best_c, tc)
        got = {(rel(f["path"], d), f["line"], f["rule"]) for f in findings}
        for k in sorted(got - set(judged)):
            print("realcode: %s: unjudged finding %s:%d [%s]" % (name, *k), file=sys.stderr)
            ok = False
        for k in sorted(set(judged) - got):
            print("realcode: %s: judged finding gone: %s:%d [%s]" % (name, *k), file=sys.stderr)
            ok = False
        true = sum(1 for k in got if judged.get(k, ("?",))[0] == "true")
        false = sum(1 for k in got if judged.get(k, ("?",))[0] == "false")
        kloc = lines / 1000.0
        rows.append((name, tag, model, nfiles, kloc, len(got), true, false, best_l, best_c))
        for k in sorted(got):
            v = judged.get(k, ("?", "not judged"))
            print("  %s %s:%d [%s]: %s — %s" % (name, k[0], k[1], k[2], v[0], v[1]))
    print("\n| code base | version | model | files | C kLOC | findings | true | false | false per 10 kLOC "
          "| linger ms/kLOC | clang -fsyntax-only ms/kLOC | ratio |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, tag, model, nfiles, kloc, n, t, fl, tl, tc in rows:
        print("| %s | %s | %s | %d | %.1f | %d | %d | %d | %.2f | %.1f | %.1f | %.2f |" % (
            name, tag, model, nfiles, kloc, n, t, fl, fl / kloc * 10, tl * 1000 / kloc,
            tc * 1000 / kloc, tl / tc if tc else 0))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
