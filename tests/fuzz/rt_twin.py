#!/usr/bin/env python3
"""rt_twin.py REPLAY [-n N] [--seed S] [--length L] [--keep DIR] [FILE...]

The runtime checked against CPython itself.  Operation sequences
(tests/fuzz/rt_ops.c documents the encoding: 4 bytes per operation) are run
twice: by REPLAY (rt_replay, linger's runtime) and here, on CPython's own
lists, dicts, weakref.ref callbacks, weakref.finalize and gc.collect().
Both write the same transcript (lengths, weak references alive or dead,
callbacks and finalizers in the order they ran, unreachable objects found by
each full collection); any difference is a bug on one side, or a documented
difference (docs/collector.md, "Checked against CPython").

Sequences: the FILEs given (raw sequences, e.g. the fuzz corpus), then N
random ones (default 1000) of up to L operations (default 64) from seed S.
Exit 0 when every transcript is equal, 1 on the first difference (printed,
with the sequence saved into --keep DIR when given), 2 on bad usage.
"""
import argparse
import gc
import os
import random
import struct
import subprocess
import sys
import weakref

NSLOT = 8


class L(list):
    __slots__ = ("__weakref__",)


class D(dict):
    __slots__ = ("__weakref__",)


def run(data):
    """The transcript of one sequence on CPython (rt_ops.c's, line for line)."""
    out = []
    S = [None] * NSLOT
    W = [None] * NSLOT

    def cb(j):
        return lambda ref: out.append("cb %d" % j)

    def fin(j):
        out.append("fin %d" % j)

    def collect():
        # CPython's count includes the weakref objects its collection freed
        # right after running their callbacks (handle_weakrefs): for each
        # weakref.finalize that fires, its own internal weakref.  linger's
        # finalize registrations are no objects: its count is the unreachable
        # objects alone (docs/collector.md, "Checked against CPython").
        before = sum(1 for line in out if line.startswith("fin "))
        n = gc.collect()
        return n - (sum(1 for line in out if line.startswith("fin ")) - before)

    def is_cont(o):
        return type(o) is L or type(o) is D

    gc.collect()
    for i in range(0, len(data) - 3, 4):
        op, a, b, c = data[i] % 15, data[i + 1] % NSLOT, data[i + 2] % NSLOT, data[i + 3]
        k = c % 16
        o = S[a]
        if op == 0:
            S[a] = L()
        elif op == 1:
            S[a] = D()
        elif op == 2:
            if type(o) is L and S[b] is not None:
                o.append(S[b])
        elif op == 3:
            if type(o) is D and S[b] is not None:
                o[k] = S[b]
        elif op == 4:
            if type(o) is D and k in o:
                del o[k]
        elif op == 5:
            if type(o) is L and len(o) > 0:
                o.pop()
        elif op == 6:
            if is_cont(o):
                o.clear()
        elif op == 7:
            S[a] = None
        elif op == 8:
            S[b] = S[a]
        elif op == 9:
            if is_cont(o):
                W[b] = weakref.ref(o, cb(b))
        elif op == 10:
            if W[b] is None:
                out.append("weak %d none" % b)
            else:
                out.append("weak %d %s" % (b, "alive" if W[b]() is not None else "dead"))
        elif op == 11:
            out.append("gc")
            out.append("collect %d" % collect())
        elif op == 12:
            out.append("len %d %s" % (a, len(o) if is_cont(o) else "-"))
        elif op == 13:
            if is_cont(o):
                weakref.finalize(o, fin, b)
        elif op == 14:
            item = None
            if type(o) is L and len(o) > 0:
                item = o[k % len(o)]
            elif type(o) is D:
                item = o.get(k)
            if item is not None:
                S[b] = item
                del item
        del o
    for i in range(NSLOT):
        S[i] = None
    for i in range(NSLOT):
        W[i] = None
    out.append("gc")
    out.append("end %d" % collect())
    return out


def replay(exe, seqs):
    """rt_replay's transcripts of seqs, one list of lines per sequence."""
    blob = b"".join(struct.pack("<I", len(s)) + s for s in seqs)
    p = subprocess.run([exe], input=blob, capture_output=True)
    if p.returncode != 0:
        sys.exit("rt_twin: %s failed (%d): %s" % (exe, p.returncode, p.stderr.decode(errors="replace")))
    res, cur = [], None
    for line in p.stdout.decode().splitlines():
        if line.startswith("=== "):
            cur = []
            res.append(cur)
        else:
            cur.append(line)
    return res


def canonical(lines):
    """The transcript with what ran inside each collection sorted: the
    order callbacks and finalizers run in during one collection follows each
    collector's internal list of objects — CPython promises none — while
    their order on a refcount death (newest weakref first) is compared as
    is."""
    res, inside = [], None
    for line in lines:
        if line == "gc":
            inside = []
        elif inside is not None and (line.startswith("collect ") or line.startswith("end ")):
            res += ["gc"] + sorted(inside) + [line]
            inside = None
        elif inside is not None:
            inside.append(line)
        else:
            res.append(line)
    return res + (["gc"] + inside if inside is not None else [])


def differs(exe, s):
    return canonical(replay(exe, [s])[0]) != canonical(run(s))


def minimize(exe, s):
    """A shortest-found sequence that still differs: drops operations one by
    one while the difference stays."""
    ops = [s[i:i + 4] for i in range(0, len(s) - 3, 4)]
    i = 0
    while i < len(ops):
        trial = ops[:i] + ops[i + 1:]
        if trial and differs(exe, b"".join(trial)):
            ops = trial
        else:
            i += 1
    return b"".join(ops)


def describe(data):
    names = ["list", "dict", "append", "set", "del", "pop", "clear", "drop", "copy", "weak",
             "peek", "collect", "len", "fin", "get"]
    return "; ".join("%s %d %d %d" % (names[data[i] % 15], data[i + 1] % NSLOT,
                                      data[i + 2] % NSLOT, data[i + 3] % 16)
                     for i in range(0, len(data) - 3, 4))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[2])
    ap.add_argument("replay")
    ap.add_argument("files", nargs="*")
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--length", type=int, default=64)
    ap.add_argument("--keep")
    ap.add_argument("--batch", type=int, default=2000)
    ap.add_argument("--skip", type=int, default=0, help="start after this many random sequences")
    a = ap.parse_intermixed_args()
    if not os.access(a.replay, os.X_OK):
        print("rt_twin: %s is not an executable" % a.replay, file=sys.stderr)
        return 2
    seqs = []
    for f in a.files:
        with open(f, "rb") as fh:
            seqs.append(fh.read())
    rnd = random.Random(a.seed)
    for n in range(a.skip + a.n):
        s = rnd.randbytes(4 * rnd.randrange(1, a.length + 1))
        if n >= a.skip:
            seqs.append(s)
    gc.disable()                 # as the replayer: collections only when asked
    done = 0
    for start in range(0, len(seqs), a.batch):
        batch = seqs[start:start + a.batch]
        theirs = replay(a.replay, batch)
        gc.collect()
        gc.freeze()              # what exists now is no sequence's: collections skip it
        for i, s in enumerate(batch):
            ours = canonical(run(s))
            if i >= len(theirs) or canonical(theirs[i]) != ours:
                s = minimize(a.replay, s)
                ours, got = canonical(run(s)), canonical(replay(a.replay, [s])[0])
                print("rt_twin: sequence %d differs; minimized: %s" % (start + i, describe(s)))
                for n in range(max(len(ours), len(got))):
                    x = ours[n] if n < len(ours) else "(nothing)"
                    y = got[n] if n < len(got) else "(nothing)"
                    print("  %s %-24s linger: %s" % ("  " if x == y else "!!", "cpython: " + x, y))
                if a.keep:
                    os.makedirs(a.keep, exist_ok=True)
                    with open(os.path.join(a.keep, "diff-%d" % (start + i)), "wb") as fh:
                        fh.write(s)
                return 1
        done += len(batch)
    print("rt_twin: %d sequences, linger's runtime and CPython %s agree on every one"
          % (done, sys.version.split()[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
