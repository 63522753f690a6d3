#!/usr/bin/env python3
"""check_shipped.py LINGER SOURCE_DIR WORK_DIR [CLANG PLUGIN]

The shipped models `glib` and `cpython` on fixtures compiled against
Debian's headers (tests/shipped/MODEL/*.c; GLib's flags from pkg-config,
gtk+-3.0 for gtk_*.c; Python's from python3-config): every `expect: RULE
@WORD` comment must be found on its line at WORD's column with that rule and
nothing else may be flagged, by `linger check --model MODEL` (linger's own
model on beside it, as a user runs it) and, when a clang and the plugin are
given, by clang with -fplugin-arg-linger-model=MODEL.  Without the model the
bad fixtures give nothing.  And every entry of both models is exercised: each
function the model names is called (or, for `match: written`, written) in
its fixtures, and each one whose role the rules read as a call (register,
unregister, insert, remove, clear, invoke, closure) shows up as a fact of
that operation (LINGER_DUMP_FACTS)."""
import glob
import json
import os
import re
import subprocess
import sys

EXPECT = re.compile(r"expect: ([a-z-]+) @(\w+)")
RECORDED = {"register", "register-weak", "unregister", "insert", "remove", "clear", "invoke",
            "closure", "capture-read", "startup"}


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def flags_for(model, path):
    if model == "cpython":
        return run(["python3-config", "--includes"]).stdout.split()
    pkg = "gtk+-3.0" if os.path.basename(path).startswith("gtk_") else "gobject-2.0"
    p = run(["pkg-config", "--cflags", pkg])
    if p.returncode != 0:
        raise RuntimeError("pkg-config --cflags %s: %s (scripts/setup.sh --test installs it)"
                           % (pkg, p.stderr.strip()))
    return p.stdout.split()


def expectations(path):
    out = set()
    for n, line in enumerate(open(path), 1):
        for m in EXPECT.finditer(line):
            out.add((n, line.index(m.group(2)) + 1, m.group(1)))
    return out


def found(findings, path):
    return {(f["line"], f["column"], f["rule"]) for f in findings
            if os.path.realpath(f["path"]) == os.path.realpath(path)}


def check(linger, path, flags, args, env=None):
    p = run([linger, "check", "--quiet", "--format", "json"] + args + [path, "--"] + flags, env=env)
    if p.returncode not in (0, 1):
        raise RuntimeError("linger check %s %s failed (%d): %s" % (args, path, p.returncode, p.stderr))
    return json.loads(p.stdout)


def model_entries(linger, model):
    p = run([linger, "models", "--show", model, "--json"])
    if p.returncode != 0:
        raise RuntimeError("linger models --show %s: %s" % (model, p.stderr))
    return [json.loads(line) for line in p.stdout.splitlines()]


def main():
    linger, src, work = sys.argv[1:4]
    clang, plugin = (sys.argv[4], sys.argv[5]) if len(sys.argv) > 5 else (None, None)
    os.makedirs(work, exist_ok=True)
    failures, checked, expected = [], 0, 0
    for model in ("glib", "cpython"):
        files = sorted(glob.glob(os.path.join(src, "tests", "shipped", model, "*.c")))
        if len(files) < 3:
            failures.append("%s: only %d fixtures" % (model, len(files)))
        facts = os.path.join(work, model + ".facts")
        if os.path.exists(facts):
            os.remove(facts)
        text = ""
        for f in files:
            flags, want = flags_for(model, f), expectations(f)
            expected += len(want)
            text += open(f).read()
            env = dict(os.environ, LINGER_DUMP_FACTS=facts)
            env.pop("LINGER_MODELS", None)
            got = found(check(linger, f, flags, ["--model", model], env=env), f)
            if got != want:
                failures.append("%s (--model %s):\n  expected %s\n  found    %s"
                                % (os.path.basename(f), model, sorted(want), sorted(got)))
            checked += 1
            if want and found(check(linger, f, flags, []), f):
                failures.append("%s: findings without the %s model" % (os.path.basename(f), model))
            if clang:
                db = os.path.join(work, "%s-%s.db" % (model, os.path.basename(f)))
                if os.path.exists(db):
                    os.remove(db)
                env = dict(os.environ)
                env.pop("LINGER_DB", None)
                cc = run([clang, "-fsyntax-only", "-fplugin=" + plugin,
                          "-fplugin-arg-linger-model=" + model, "-fplugin-arg-linger-db=" + db]
                         + flags + [f], env=env)
                if cc.returncode != 0:
                    failures.append("%s: clang with the plugin failed: %s" % (f, cc.stderr))
                    continue
                rows = json.loads(run([linger, "findings", "--db", db, "--format", "json"]).stdout) \
                    if os.path.exists(db) else []
                if found(rows, f) != want:
                    failures.append("%s (plugin, %s):\n  expected %s\n  found    %s"
                                    % (os.path.basename(f), model, sorted(want), sorted(found(rows, f))))
                checked += 1
        # every entry exercised
        ops = set()
        for line in open(facts) if os.path.exists(facts) else []:
            parts = line.split()
            if len(parts) > 2 and parts[0] == "C":
                ops.add((parts[1], parts[2]))
        for e in model_entries(linger, model):
            name = e["function"]
            if not re.search(r"\b%s\b" % re.escape(name), text):
                failures.append("%s: %s is in no fixture" % (model, name))
                continue
            for role in e["roles"]:
                if role in RECORDED and (role, name) not in ops:
                    failures.append("%s: %s (%s) gave no fact in the fixtures" % (model, name, role))
    for f in failures:
        print("FAIL", f)
    print("shipped models: %d file checks, %d expected findings, %d failures"
          % (checked, expected, len(failures)))
    return 1 if failures or expected < 40 else 0


if __name__ == "__main__":
    sys.exit(main())
