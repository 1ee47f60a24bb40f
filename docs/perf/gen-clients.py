#!/usr/bin/env python3
"""Writes the many-clients scenario of docs/performance.md: one T01 machine, N small clients, 2 frames.

    python3 docs/perf/gen-clients.py N > many.hocon      (N up to 4,096: the scenario reader's limit)
    emulation run many.hocon --quiet --json /dev/null

Kinds, devices and outputs go in turn. `bench --scaling` runs the same clients (Host/Bench/ScalingBench.cs),
also beyond the reader's limit, without actors.
"""
import sys

KINDS = ["terminal", "browser", "video", "game"]


def client(i):
    device = "dgpu" if i % 2 else "igpu"
    output = "hdmi" if i % 3 == 0 else "edp"
    return (f"    {{ name = c{i}, kind = {KINDS[i % 4]}, device = {device}, allocation = sampling-device, "
            f"buffers = 3, size = 256x256, output = {output} }}")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    n = int(sys.argv[1])
    print("scenario {\n  id = many\n  topology = T01\n  machines = 1\n  frames = 2\n  clients = [")
    print("\n".join(client(i) for i in range(n)))
    print("  ]\n}")


if __name__ == "__main__":
    main()
