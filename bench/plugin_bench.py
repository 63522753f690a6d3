#!/usr/bin/env python3
"""plugin_bench.py BUILD-DIR [N] [ROUNDS] — what checking costs a build.

The same multi-file C project is built (-O2, one compile at a time, from
clean) three ways side by side: plain clang, linger-cc re-parsing with
libclang (LINGER_PLUGIN=0), and linger-cc letting clang check with the
plugin.  Two projects: linger's own runtime (real C, 14 files) and N
generated files with realistic system includes (default 60).  The three
builds take turns, ROUNDS times (default 7, alternating the order), and each
one's median time is reported with its ratio to the plain build; all of it
once with one compile at a time and once with as many as there are cores.
The model files are loaded by every compile, as in a real build.  The issue
asks the plugin build to cost at most 1.05x the plain one."""
import concurrent.futures
import glob
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


JOBS = 1   # compiles at a time (main sets it)


def compile_one(cmd_prefix, flags, env, src, out):
    r = subprocess.run(cmd_prefix + ["-O2", "-c"] + flags + [src, "-o", out], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if r.returncode != 0:
        sys.exit("plugin_bench: compile failed: %s" % " ".join(cmd_prefix + [src]))


def build(cmd_prefix, sources, flags, outdir, env):
    """Compiles every source to an object, JOBS at a time; returns (wall, cpu) seconds."""
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    c0 = cpu()
    start = time.perf_counter()
    jobs = [(src, os.path.join(outdir, "%d.o" % i)) for i, src in enumerate(sources)]
    if JOBS == 1:
        for src, out in jobs:
            compile_one(cmd_prefix, flags, env, src, out)
    else:
        with concurrent.futures.ThreadPoolExecutor(JOBS) as pool:
            list(pool.map(lambda j: compile_one(cmd_prefix, flags, env, *j), jobs))
    return time.perf_counter() - start, cpu() - c0


def objects_equal(a, b):
    names = sorted(os.listdir(a))
    return names == sorted(os.listdir(b)) and all(
        open(os.path.join(a, n), "rb").read() == open(os.path.join(b, n), "rb").read() for n in names)


def bench(name, sources, flags, lcc, clang, rounds, tmp):
    env = dict(os.environ)
    env.pop("LINGER_DB", None)
    env.pop("LINGER_DISABLE", None)
    reparse_env = dict(env, LINGER_PLUGIN="0")
    ways = [("plain clang", [clang], env),
            ("linger-cc, re-parsing", [lcc, clang], reparse_env),
            ("linger-cc, clang plugin", [lcc, clang], env)]
    times = {w[0]: [] for w in ways}
    for w in ways:                       # warm the page cache once
        build(w[1], sources, flags, os.path.join(tmp, "warm"), w[2])
    for r in range(rounds):                # take turns, in both orders
        for label, prefix, e in (ways if r % 2 == 0 else ways[::-1]):
            times[label].append(build(prefix, sources, flags, os.path.join(tmp, label), e))
    same = objects_equal(os.path.join(tmp, ways[0][0]), os.path.join(tmp, ways[2][0])) \
        and objects_equal(os.path.join(tmp, ways[0][0]), os.path.join(tmp, ways[1][0]))
    wall = {k: statistics.median(t[0] for t in v) for k, v in times.items()}
    used = {k: statistics.median(t[1] for t in v) for k, v in times.items()}
    base = ways[0][0]
    print("%s: %d files, -O2, -j %d, median of %d rounds (wall clock; CPU time of the compiles)"
          % (name, len(sources), JOBS, rounds))
    for label, _, _ in ways:
        print("  %-26s %8.3f s  %.3fx   cpu %8.3f s  %.3fx" % (
            label, wall[label], wall[label] / wall[base], used[label], used[label] / used[base]))
    print("  objects identical in all three builds: %s" % ("yes" if same else "NO"))
    return wall[ways[2][0]] / wall[base], same


def main():
    global JOBS
    build_dir = sys.argv[1] if len(sys.argv) > 1 else "build"
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    lcc = os.path.join(build_dir, "plugin", "linger-cc")
    so = os.path.join(build_dir, "plugin", "clang", "liblinger-plugin.so")
    clang = os.environ.get("CLANG", "clang")
    if not os.access(lcc, os.X_OK) or not os.path.exists(so):
        sys.exit("plugin_bench: build linger-cc and the clang plugin first (%s, %s)" % (lcc, so))
    version = subprocess.run([clang, "--version"], capture_output=True, text=True).stdout
    print("plugin benchmark: %s" % version.splitlines()[0])
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(top, "bench", "gen_corpus.py"),
                        os.path.join(tmp, "corpus"), str(n)], check=True, stdout=subprocess.DEVNULL)
        inc = "-I" + os.path.join(top, "runtime", "include")
        rt = sorted(glob.glob(os.path.join(top, "runtime", "src", "*.c")))
        rt_flags = [inc, "-I" + os.path.join(top, "runtime", "src"), "-I" + os.path.join(top, "db"),
                    "-D_GNU_SOURCE", "-fPIC", "-fvisibility=hidden", "-pthread"]
        gen = sorted(glob.glob(os.path.join(tmp, "corpus", "*.c")))
        ratios, same = [], True
        for jobs in (1, os.cpu_count() or 1):
            JOBS = jobs
            r1, s1 = bench("linger's runtime", rt, rt_flags, lcc, clang, rounds,
                           os.path.join(tmp, "rt"))
            r2, s2 = bench("generated project", gen, [inc], lcc, clang, rounds,
                           os.path.join(tmp, "gen"))
            ratios.append((jobs, r1, r2))
            same = same and s1 and s2
    for jobs, r1, r2 in ratios:
        print("plugin build / plain build at -j %d: %.3f (runtime), %.3f (generated); "
              "the issue asks <= 1.05" % (jobs, r1, r2))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
