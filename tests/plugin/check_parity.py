#!/usr/bin/env python3
"""check_parity.py LINGER CLANG PLUGIN SOURCE_DIR WORK_DIR

The two front ends must agree.  Every fixture, example and parity case, a
generated corpus with system headers and 40 generated mixes of storing shapes
(gen_cases.py), and the files of a project whose helpers are a header's
inline functions (tests/projects/inline: the header's facts too) are checked twice: by `linger check`
(libclang re-parse) and by clang with the linger plugin.  For each file the
findings must be identical — rule, line, column, message, fingerprint,
function and place, as stored in the findings database — and so must the
warning and note lines each prints; and so must the facts each front end's
adapter gave the analysis core (LINGER_DUMP_FACTS), record for record.
Exits 1 with a diff on any difference, or when too few findings were
compared for the test to mean anything."""
import glob
import json
import os
import re
import subprocess
import sys

KEYS = ("rule", "line", "column", "message", "fingerprint", "function", "place")


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


RULES = ("listener-strong-ref", "unbounded-cache", "closure-captured-buffer")


def diag_lines(text, path):
    """linger's warning lines and the notes that follow them (clang's own
    diagnostics, such as -Wunused-value, are left out)."""
    pat = re.compile(r"^" + re.escape(path) + r":\d+:\d+: (warning|note|error): ")
    out, ours = [], False
    for line in text.splitlines():
        m = pat.match(line)
        if not m:
            continue
        if m.group(1) != "note":
            ours = line.endswith(tuple("[%s]" % r for r in RULES))
        if ours:
            out.append(line)
    return out


def by_static(findings):
    return sorted((tuple(f[k] for k in KEYS) for f in findings), key=lambda t: (t[1], t[2], t[0], t[4]))


def main():
    linger, clang, plugin, src, work = sys.argv[1:6]
    os.makedirs(work, exist_ok=True)
    inc = os.path.join(src, "runtime", "include")
    corpus = os.path.join(work, "corpus")
    cases = os.path.join(work, "cases")
    for gen in ([os.path.join(src, "bench", "gen_corpus.py"), corpus, "30"],
                [os.path.join(src, "tests", "plugin", "gen_cases.py"), cases, "40", "1"]):
        g = run([sys.executable] + gen)
        if g.returncode != 0:
            print(g.stderr)
            return 1
    files = []
    for pattern in ("tests/checker/fixtures/*.c", "examples/*.c", "tests/plugin/parity/*.c",
                    "tests/integration/project/*.c", "tests/integration/confirm/*.c",
                    "tests/projects/inline/*.c"):
        files += sorted(glob.glob(os.path.join(src, pattern)))
    files += sorted(glob.glob(os.path.join(corpus, "*.c")))
    files += sorted(glob.glob(os.path.join(cases, "*.c")))
    flags = ["-I" + inc, "-I" + os.path.join(src, "examples")]

    compared = findings_total = facts_total = 0
    failures = []
    for i, path in enumerate(files):
        facts_a, facts_b = os.path.join(work, "facts-check.txt"), os.path.join(work, "facts-plugin.txt")
        for fp in (facts_a, facts_b):
            if os.path.exists(fp):
                os.remove(fp)
        chk = run([linger, "check", "--quiet", "--format", "json", path, "--"] + flags,
                  env=dict(os.environ, LINGER_DUMP_FACTS=facts_a))
        if chk.returncode not in (0, 1):
            failures.append(f"{path}: linger check failed ({chk.returncode}): {chk.stderr}")
            continue
        want = json.loads(chk.stdout)
        txt = run([linger, "check", "--quiet", path, "--"] + flags)
        db = os.path.join(work, f"plugin-{i}.db")
        if os.path.exists(db):
            os.remove(db)
        env = dict(os.environ, LINGER_DUMP_FACTS=facts_b)
        env.pop("LINGER_DB", None)
        cc = run([clang, "-fsyntax-only", "-fplugin=" + plugin, "-fplugin-arg-linger-db=" + db,
                  path] + flags, env=env)
        if cc.returncode != 0:
            failures.append(f"{path}: clang with the plugin failed ({cc.returncode}): {cc.stderr}")
            continue
        got = json.loads(run([linger, "findings", "--db", db, "--format", "json"]).stdout) \
            if os.path.exists(db) else []
        if by_static(want) != by_static(got):
            failures.append(f"{path}: findings differ\n  linger check: {by_static(want)}\n"
                            f"  clang plugin: {by_static(got)}")
        fa = open(facts_a).read().splitlines() if os.path.exists(facts_a) else []
        fb = open(facts_b).read().splitlines() if os.path.exists(facts_b) else []
        facts_total += len(fa)
        if not fa or fa != fb:
            diff = [f"  - {x}\n  + {y}" for x, y in zip(fa, fb) if x != y][:5]
            failures.append(f"{path}: facts differ ({len(fa)} vs {len(fb)} records)\n"
                            + "\n".join(diff))
        a, b = diag_lines(txt.stdout, path), diag_lines(cc.stderr, path)
        if a != b:
            failures.append(f"{path}: printed lines differ\n  linger check:\n    "
                            + "\n    ".join(a) + "\n  clang plugin:\n    " + "\n    ".join(b))
        compared += 1
        findings_total += len(want)
    for f in failures:
        print("FAIL", f)
    print(f"parity: {compared} files, {findings_total} findings and {facts_total} fact records "
          f"compared, {len(failures)} differences")
    if failures or compared < len(files) or findings_total < 200 or facts_total < 2000:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
