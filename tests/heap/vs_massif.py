#!/usr/bin/env python3
"""vs_massif.py [--stdin FILE] -- PROGRAM ARGS...

Compares the heap peak of cprofgrind (its "peak: N bytes" line) with
massif's peak snapshot (mem_heap_B of the snapshot marked heap_tree=peak),
massif run in its exact mode: --peak-inaccuracy=0.0 (a snapshot at every
new peak), --heap-admin=0 (bytes asked for, as cprofgrind counts),
--stacks=no.  Prints "peak: equal" or both numbers."""
import os
import re
import subprocess
import sys

args = sys.argv[1:]
stdin = None
if args[:1] == ["--stdin"]:
    stdin, args = args[1], args[2:]
if args[:1] == ["--"]:
    args = args[1:]
vg = os.environ["VG"]


def run(tool_args):
    with open(stdin) if stdin else open(os.devnull) as inp:
        return subprocess.run([vg] + tool_args + args, stdin=inp,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, errors="replace").stderr


run(["--tool=massif", "--peak-inaccuracy=0.0", "--heap-admin=0", "--stacks=no",
     "--massif-out-file=vs.massif.out"])
peak_massif = None
snap = {}
for line in open("vs.massif.out"):
    line = line.strip()
    if line.startswith("snapshot="):
        snap = {}
    elif "=" in line:
        k, v = line.split("=", 1)
        snap[k] = v
        if k == "heap_tree" and v == "peak":
            peak_massif = int(snap["mem_heap_B"])
# both allocators: the program's (wrapped) and Valgrind's (replacing it)
bad = []
for alloc in ("program", "valgrind"):
    err = run(["--tool=cprofgrind", "--cpu=no", "--leak-check=no",
               "--heap-allocator=" + alloc, "--out-file=vs.cprofgrind"])
    m = re.search(r"peak: ([\d,]+) bytes", err)
    peak_ours = int(m.group(1).replace(",", "")) if m else None
    if peak_ours != peak_massif:
        bad.append(f"peak: massif {peak_massif}, cprofgrind ({alloc}) {peak_ours}")
print("\n".join(bad) if bad else "peak: equal")
