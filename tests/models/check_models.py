#!/usr/bin/env python3
"""check_models.py LINGER SOURCE_DIR WORK_DIR [CLANG PLUGIN]

In-house APIs described only by their own model files (tests/models/NAME/
NAME.yaml, written against ../shared/spec/models.md): every `expect: RULE
@WORD` comment must be found on its line at WORD's column with that rule,
and nothing else may be flagged — by `linger check --no-default-model
--model FILE`, by the model as a project model (.linger/models/, no option)
and through LINGER_MODELS, and, when a clang and the plugin are given, by
clang with -fplugin-arg-linger-model=FILE.  Without its model the same code
gives no finding at all (the rules know no API of their own)."""
import glob
import json
import os
import re
import shutil
import subprocess
import sys

EXPECT = re.compile(r"expect: ([a-z-]+) @(\w+)")


def expectations(path):
    out = set()
    for n, line in enumerate(open(path), 1):
        for m in EXPECT.finditer(line):
            col = line.index(m.group(2)) + 1
            out.add((n, col, m.group(1)))
    return out


def found(findings, path):
    return {(f["line"], f["column"], f["rule"]) for f in findings
            if os.path.realpath(f["path"]) == os.path.realpath(path)}


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def check_json(linger, files, args, env=None, cwd=None):
    p = run([linger, "check", "--quiet", "-j", "2", "--format", "json"] + args + files
            + ["--", "-I" + os.path.dirname(files[0])], env=env, cwd=cwd)
    if p.returncode not in (0, 1):
        raise RuntimeError("linger check %s failed (%d): %s" % (args, p.returncode, p.stderr))
    return json.loads(p.stdout)


BAD = "model: acme\nversion: 1\nfunctions:\n  f: {role: regster, target: 0}\n"


def front_doors(linger, src, work, clang, plugin):
    """A bad model is exit 2 with its position at every front door, and
    `linger models` lists and validates."""
    fails = []
    bad = os.path.join(work, "bad.yaml")
    open(bad, "w").write(BAD)
    where = bad + ":4:13: unknown role 'regster'"
    good = os.path.join(src, "tests", "models", "acme", "acme.yaml")
    c = os.path.join(src, "tests", "models", "acme", "app.c")
    p = run([linger, "models"])
    if p.returncode != 0 or not re.search(r"^linger +\d+ functions", p.stdout, re.M):
        fails.append("linger models: %d %s" % (p.returncode, p.stdout))
    p = run([linger, "models", "--check", good])
    if p.returncode != 0 or "ok (model acme, 12 functions" not in p.stdout:
        fails.append("models --check good: %d %s %s" % (p.returncode, p.stdout, p.stderr))
    p = run([linger, "models", "--check", good, bad])
    if p.returncode != 2 or where not in p.stderr:
        fails.append("models --check bad: %d %s" % (p.returncode, p.stderr))
    p = run([linger, "models", "--check"])
    if p.returncode != 2:
        fails.append("models --check without a file: %d" % p.returncode)
    for args, env in ((["--model", bad], None), ([], {"LINGER_MODELS": bad})):
        p = run([linger, "check", "--quiet"] + args + [c, "--", "-I" + os.path.dirname(c)],
                env=dict(os.environ, **(env or {})))
        if p.returncode != 2 or where not in p.stderr:
            fails.append("check %s %s with a bad model: %d %s" % (args, env, p.returncode, p.stderr))
    for spec, msg in (("nosuch", "no shipped model called 'nosuch'"),
                      ("/nonexistent/m.yaml", "/nonexistent/m.yaml: cannot read model file")):
        p = run([linger, "check", "--model", spec, c])
        if p.returncode != 2 or msg not in p.stderr:
            fails.append("check --model %s: %d %s" % (spec, p.returncode, p.stderr))
    proj = os.path.join(work, "badproj")
    shutil.rmtree(proj, ignore_errors=True)
    os.makedirs(os.path.join(proj, ".linger", "models"))
    shutil.copy(bad, os.path.join(proj, ".linger", "models", "x.yaml"))
    shutil.copy(c, proj)
    p = run([linger, "check", os.path.join(proj, "app.c"), "--", "-I" + os.path.dirname(c)])
    if p.returncode != 2 or "x.yaml:4:13: unknown role" not in p.stderr:
        fails.append("check with a bad project model: %d %s" % (p.returncode, p.stderr))
    if clang:
        p = run([clang, "-fsyntax-only", "-fplugin=" + plugin, "-fplugin-arg-linger-model=" + bad,
                 "-I" + os.path.dirname(c), c])
        if p.returncode == 0 or where not in p.stderr:
            fails.append("plugin with a bad model: %d %s" % (p.returncode, p.stderr))
    return fails


def main():
    linger, src, work = sys.argv[1:4]
    clang, plugin = (sys.argv[4], sys.argv[5]) if len(sys.argv) > 5 else (None, None)
    failures, checked, nfiles = [], 0, 0
    os.makedirs(work, exist_ok=True)
    for api_dir in sorted(glob.glob(os.path.join(src, "tests", "models", "*", ""))):
        api = os.path.basename(os.path.dirname(api_dir))
        model = os.path.join(api_dir, api + ".yaml")
        files = sorted(glob.glob(os.path.join(api_dir, "*.c")))
        want = {f: expectations(f) for f in files}
        nfiles += len(files)
        if sum(len(w) for w in want.values()) == 0:
            failures.append("%s: no expectations" % api)
            continue
        # 1. --model FILE, without linger's own model
        got = check_json(linger, files, ["--no-default-model", "--model", model])
        ways = {"--model": got}
        # 2. as a project model: a copy of the sources with .linger/models
        proj = os.path.join(work, api)
        shutil.rmtree(proj, ignore_errors=True)
        shutil.copytree(api_dir, proj)
        os.makedirs(os.path.join(proj, ".linger", "models"))
        shutil.copy(model, os.path.join(proj, ".linger", "models"))
        pfiles = [os.path.join(proj, os.path.basename(f)) for f in files]
        ways[".linger/models"] = check_json(linger, pfiles, [])
        # 3. LINGER_MODELS
        ways["LINGER_MODELS"] = check_json(linger, files, [],
                                           env=dict(os.environ, LINGER_MODELS=model))
        for way, findings in ways.items():
            for f in files:
                fp = f if way != ".linger/models" else os.path.join(proj, os.path.basename(f))
                if found(findings, fp) != want[f]:
                    failures.append("%s (%s): %s\n  expected %s\n  found    %s" % (
                        api, way, os.path.basename(f), sorted(want[f]), sorted(found(findings, fp))))
                checked += 1
        # without the model: nothing (the rules have no API of their own)
        bare = check_json(linger, files, [])
        if bare:
            failures.append("%s: findings without its model: %s" % (api, bare))
        # 4. the clang plugin
        if clang:
            for f in files:
                db = os.path.join(work, api + "-" + os.path.basename(f) + ".db")
                if os.path.exists(db):
                    os.remove(db)
                env = dict(os.environ)
                env.pop("LINGER_DB", None)
                env.pop("LINGER_MODELS", None)
                cc = run([clang, "-fsyntax-only", "-fplugin=" + plugin,
                          "-fplugin-arg-linger-no-default-model",
                          "-fplugin-arg-linger-model=" + model, "-fplugin-arg-linger-db=" + db,
                          "-I" + api_dir, f], env=env)
                if cc.returncode != 0:
                    failures.append("%s: clang with the plugin failed: %s" % (f, cc.stderr))
                    continue
                got = json.loads(run([linger, "findings", "--db", db, "--format", "json"]).stdout) \
                    if os.path.exists(db) else []
                if found(got, f) != want[f]:
                    failures.append("%s (plugin): %s\n  expected %s\n  found    %s" % (
                        api, os.path.basename(f), sorted(want[f]), sorted(found(got, f))))
                checked += 1
    failures += front_doors(linger, src, work, clang, plugin)
    for f in failures:
        print("FAIL", f)
    print("models: %d file checks, %d failures" % (checked, len(failures)))
    return 1 if failures or nfiles < 5 or checked != nfiles * (4 if clang else 3) else 0


if __name__ == "__main__":
    sys.exit(main())
