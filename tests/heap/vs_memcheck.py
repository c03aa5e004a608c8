#!/usr/bin/env python3
"""vs_memcheck.py [--stdin FILE] [--opts "TOOL OPTIONS"] -- PROGRAM ARGS...

Runs PROGRAM under memcheck (--leak-check=full) and under cprofgrind
(--cpu=no --leak-check=summary, or the --opts given, with each
--heap-allocator), through $VG, with the same environment
and working folder, and compares what both print: the "in use at exit"
and "total heap usage" lines of the heap summary, and the four lines of
the leak summary.  Prints "<line name>: equal" for each, or both values.
"""
import os
import re
import subprocess
import sys

LINES = ["in use at exit", "total heap usage", "definitely lost",
         "indirectly lost", "possibly lost", "still reachable"]


def summary(tool_args, prog, stdin):
    with open(stdin) if stdin else open(os.devnull) as inp:
        r = subprocess.run([os.environ["VG"]] + tool_args + prog, stdin=inp,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True, errors="replace")
    found = {}
    for line in r.stderr.splitlines():
        line = re.sub(r"^==\d+== ", "", line).strip()
        for name in LINES:
            if line.startswith(name + ":"):
                found[name] = line[len(name) + 1:].strip()
    # memcheck says nothing of leaks when every block was freed
    if "All heap blocks were freed" in r.stderr:
        for name in LINES[2:]:
            found.setdefault(name, "0 bytes in 0 blocks")
    return found


args = sys.argv[1:]
stdin = None
if args[:1] == ["--stdin"]:
    stdin, args = args[1], args[2:]
opts = ["--cpu=no"]
if args[:1] == ["--opts"]:
    opts, args = args[1].split(), args[2:]
if args[:1] == ["--"]:
    args = args[1:]
mc = summary(["--tool=memcheck", "--leak-check=full"], args, stdin)
# both allocators: the program's (wrapped) and Valgrind's (replacing it)
cps = {alloc: summary(["--tool=cprofgrind"] + opts + ["--leak-check=summary",
                       "--heap-allocator=" + alloc, "--out-file=vs.cprofgrind"],
                      args, stdin)
       for alloc in ("program", "valgrind")}
for name in LINES:
    a = mc.get(name, "(none)")
    bad = [f"cprofgrind ({alloc}) {cp.get(name, '(none)')}"
           for alloc, cp in cps.items() if cp.get(name, "(none)") != a]
    print(f"{name}: equal" if not bad else f"{name}: memcheck {a}, " + ", ".join(bad))
