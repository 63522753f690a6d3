"""gc_bench.py — CPython's side of gc_bench.c: the same shapes with __slots__
classes, gc.collect() timed, best of REPEAT runs, one "name seconds" line each."""
import gc
import sys
import time

PAIRS = 500_000
REPEAT = 5


class Node:
    __slots__ = ("ref",)

    def __init__(self):
        self.ref = None


def bench_live():
    holder = []
    for _ in range(PAIRS):
        parent = Node()
        parent.ref = Node()
        holder.append(parent)
    return collect_live(holder, "live")


def bench_garbage():
    for _ in range(PAIRS):
        a = Node()
        b = Node()
        a.ref = b
        b.ref = a
    del a, b
    t0 = time.perf_counter()
    found = gc.collect()
    t = time.perf_counter() - t0
    if found != 2 * PAIRS:
        print(f"garbage: found {found}, expected {2 * PAIRS}", file=sys.stderr)
    return t


def collect_live(holder, name):
    t0 = time.perf_counter()
    found = gc.collect()
    t = time.perf_counter() - t0
    if found:
        print(f"{name}: unexpected {found} unreachable", file=sys.stderr)
    return t


def bench_chain():
    head = tail = Node()
    for _ in range(1, 2 * PAIRS):
        n = Node()
        tail.ref = n
        tail = n
    del tail, n
    t = collect_live(head, "chain")
    # a 1M-deep chain freed by refcounting would recurse: unlink it first
    node = head
    del head
    while node is not None:
        node.ref, node = None, node.ref
    return t


def bench_fanout():
    holder = []
    for _ in range(1000):
        holder.append([Node() for _ in range(1000)])
    return collect_live(holder, "fanout")


def bench_dicts():
    holder = []
    for _ in range(1000):
        holder.append({1000 + j: Node() for j in range(1000)})
    return collect_live(holder, "dicts")


def bench_alloc():
    t0 = time.perf_counter()
    for _ in range(2 * PAIRS):
        Node()
    return time.perf_counter() - t0


def bench_refcount():
    o = Node()
    t0 = time.perf_counter()
    for _ in range(10 * PAIRS):
        x = o   # one retain (store) and one release (the old value)
    del x
    return time.perf_counter() - t0


def best(fn):
    return min(fn() for _ in range(REPEAT))


def main():
    gc.disable()
    gc.collect()
    print(f"gc_live {best(bench_live):.6f}")
    print(f"gc_garbage {best(bench_garbage):.6f}")
    print(f"gc_chain {best(bench_chain):.6f}")
    print(f"gc_fanout {best(bench_fanout):.6f}")
    print(f"gc_dicts {best(bench_dicts):.6f}")
    print(f"alloc_1M {best(bench_alloc):.6f}")
    print(f"retain_release_5M {best(bench_refcount):.6f}")


if __name__ == "__main__":
    main()
