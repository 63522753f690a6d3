#!/usr/bin/env python3
"""check_projects_client.py LINGER SOURCE_DIR — every multi-file project
(tests/projects/NAME) through the editor server: a copy of the project with
a compile_commands.json is checked into a findings database with `linger
check --db -p`, then projects_client.js (a real LSP client) opens each of its
files with that database as the project index and expects exactly the
project's findings in it (`expect:` marks) — never a warning the
project-wide check would drop, never one missing."""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "projects"))
import check_projects  # noqa: E402  (its marks and per-project settings)


def main():
    linger, src = sys.argv[1:3]
    linger = os.path.abspath(linger)
    inc = os.path.join(src, "runtime", "include")
    plan = []
    with tempfile.TemporaryDirectory() as t:
        for d in sorted(glob.glob(os.path.join(src, "tests", "projects", "*", ""))):
            name = os.path.basename(os.path.dirname(d))
            work = os.path.join(t, name)
            shutil.copytree(d, work)
            models, flags = check_projects.settings(work, inc)
            files = sorted(glob.glob(os.path.join(work, "*.c")))
            json.dump([{"directory": work, "file": f,
                        "arguments": ["cc", "-c"] + flags + [f]} for f in files],
                      open(os.path.join(work, "compile_commands.json"), "w"))
            db = os.path.join(work, "p.db")
            p = subprocess.run([linger, "check", "--quiet", "--db", db, "-p", work] + models,
                               capture_output=True, text=True)
            if p.returncode not in (0, 1):
                print("projects_client: %s: linger check --db failed (%d): %s"
                      % (name, p.returncode, p.stderr))
                return 1
            want = set()
            for f in files + sorted(glob.glob(os.path.join(work, "*.h"))):
                want |= check_projects.marks(f)["expect"]
            plan.append({"name": name, "dir": work, "db": db,
                         "models": [m for m in models if m != "--model"],
                         "files": [{"name": os.path.basename(f),
                                    "want": sorted("%d:%d:%s" % (w[1], w[2], w[3]) for w in want
                                                   if w[0] == os.path.basename(f))}
                                   for f in files]})
        json.dump(plan, open(os.path.join(t, "plan.json"), "w"))
        here = os.path.dirname(os.path.abspath(__file__))
        p = subprocess.run(["node", os.path.join(here, "projects_client.js"), linger,
                            os.path.join(t, "plan.json")])
        return p.returncode


if __name__ == "__main__":
    sys.exit(main())
