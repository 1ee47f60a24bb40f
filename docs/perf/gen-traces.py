#!/usr/bin/env python3
"""Writes the traces of docs/performance.md: grow{N}.seq and steady{N}.seq, N lines each (about N operations).

    python3 docs/perf/gen-traces.py OUTDIR [N ...]      (default N: 2000 8000 16000 100000)
    emulation replay OUTDIR/grow100000.seq --json /dev/null

grow:   alloc / export / import / close-fd, each buffer kept: the state grows (objects, attachments, handles).
steady: alloc / export / import / render / close-fd / close-handle x2, fresh names every time: the state stays
        small, the symbol table grows.
`bench --scaling` replays the same lines (Host/Bench/ScalingBench.cs; a test holds the two to the same lines).
"""
import os
import sys


def grow(n):
    lines = ["topology T01", "open C dgpu render", "open W igpu"]
    i = 0
    while len(lines) < n:
        lines += [f"alloc B{i} C 4096 gtt", f"export D{i} C B{i} CLOEXEC|RDWR", f"import I{i} W D{i} 0", f"close-fd D{i}"]
        i += 1
    return lines


def steady(n):
    lines = ["topology T01", "open C dgpu render", "open W igpu"]
    i = 0
    while len(lines) < n:
        lines += [f"alloc B{i} C 4096 vram", f"export D{i} C B{i} CLOEXEC|RDWR", f"import I{i} W D{i} 0", f"render W I{i}",
                  f"close-fd D{i}", f"close-handle W I{i}", f"close-handle C B{i}"]
        i += 1
    return lines


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    sizes = [int(a) for a in sys.argv[2:]] or [2000, 8000, 16000, 100000]
    os.makedirs(out, exist_ok=True)
    for n in sizes:
        for name, make in (("grow", grow), ("steady", steady)):
            with open(os.path.join(out, f"{name}{n}.seq"), "w") as f:
                f.write("\n".join(make(n)) + "\n")


if __name__ == "__main__":
    main()
