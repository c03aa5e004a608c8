#!/usr/bin/env python3
"""vs_cachegrind.py -- compare cprofgrind's CPU profile with cachegrind.

    vs_cachegrind.py [--top N] [--cpg-opt OPTION]... -- PROGRAM ARGS...

Runs PROGRAM twice through $VG (tests' vg-in-place), with the same
environment and working folder: once under cprofgrind (--heap=no --sync=no, so that
no preload library is loaded: see docs/cpu.md, and each --cpg-opt) and once under
`cachegrind --cache-sim=no --vex-guest-chase=no`.  Prints

    total: equal                      (or both totals)
    top N functions: equal            (or the functions that differ)

The total is our profile's total as `go tool pprof -top` reports it
against cachegrind's `I refs`.  Per-function costs are pprof's flat
costs with inlined frames folded into their caller (-noinlines), which is
how cachegrind charges inlined code, against the sums of cachegrind's
`fn=` entries; names are compared without ELF symbol versions.

Why --vex-guest-chase=no: with its default chasing, VEX may translate both
arms of a conditional branch into one superblock, and cachegrind counts
every instruction of a superblock it enters, including those of the arm
that did not run.  With chasing off it counts exactly what ran, as
cprofgrind (which always turns chasing off) and callgrind do.
"""
import argparse
import collections
import os
import re
import subprocess
import sys


def run(cmd, **kw):
    """Run cmd; its stdout is thrown away (programs like bzip2 -c write
    binary data there), its stderr kept as text."""
    return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, errors="replace", **kw)


def output(cmd):
    return subprocess.run(cmd, capture_output=True, text=True).stdout


def cachegrind(vg, prog, out):
    r = run([vg, "--tool=cachegrind", "--cache-sim=no", "--vex-guest-chase=no",
             f"--cachegrind-out-file={out}"] + prog, stdin=subprocess.DEVNULL)
    m = re.search(r"I\s+refs:\s+([\d,]+)", r.stderr)
    if not m:
        sys.exit("cachegrind failed:\n" + r.stderr[-2000:])
    per_fn = collections.Counter()
    fn = None
    for line in open(out):
        if line.startswith("fn="):
            fn = line[3:].strip()
        elif line[:1].isdigit() and fn is not None:
            per_fn[norm(fn)] += int(line.split()[1])
    return int(m.group(1).replace(",", "")), per_fn


def norm(name):
    """A function name as cprofgrind writes it: no ELF symbol version, and
    no C++ parameter list (pprof's default display)."""
    name = re.sub(r"@.*$", "", name)
    m = re.search(r"\)(\s*const)?$", name)
    if m:
        depth = 0
        for i in range(m.start(), 0, -1):
            if name[i] == ")":
                depth += 1
            elif name[i] == "(":
                depth -= 1
                if depth == 0:
                    return name[:i]
    return name


def cprofgrind(vg, prog, out, opts):
    r = run([vg, "--tool=cprofgrind", "--heap=no", "--sync=no", "-q", f"--out-file={out}"]
            + opts + prog, stdin=subprocess.DEVNULL)
    path = out + ".cpu.pb.gz"
    if r.returncode != 0 and not os.path.exists(path):
        sys.exit("cprofgrind failed:\n" + r.stderr[-2000:])
    top = output(["go", "tool", "pprof", "-top", "-noinlines", "-nodecount=100000",
                  "-nodefraction=0", path])
    total = int(re.search(r"of (\d+) total", top).group(1))
    per_fn = collections.Counter()
    for line in top.splitlines():
        m = re.match(r"^\s*(\d+)\s+\S+%\s+\S+%\s+\d+\s+\S+%\s+(.+?)\s*$", line)
        if m:
            per_fn[norm(m.group(2))] += int(m.group(1))
    return total, per_fn, r.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--cpg-opt", action="append", default=[],
                    help="one more cprofgrind option (--cpg-opt=--compact-mb=1)")
    ap.add_argument("prog", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    args = a.prog[1:] if a.prog[:1] == ["--"] else a.prog
    top_n, opts = a.top, a.cpg_opt
    vg = os.environ["VG"]
    cg_total, cg_fn = cachegrind(vg, args, "vs.cachegrind.out")
    cp_total, cp_fn, cp_err = cprofgrind(vg, args, "vs.cprofgrind", opts)
    if "--stats=yes" in opts:
        # what the counter tables went through (docs/cpu.md, What it costs)
        m = re.search(r"([\d,]+) compactions, [\d,]+ tables compacted, "
                      r"([\d,]+) expanded again", cp_err)
        passes, again = (int(x.replace(",", "")) for x in m.groups()) if m else (0, 0)
        print("tables compacted while running: " + ("yes" if passes > 1 else "no")
              + ", and expanded again: " + ("yes" if again > 0 else "no"))
    print("total: equal" if cg_total == cp_total
          else f"total: cachegrind {cg_total} cprofgrind {cp_total}")
    # The most expensive named functions according to cachegrind.
    named = [f for f, _ in cg_fn.most_common() if f not in ("???", "(below main)")]
    diffs = [f"  {f}: cachegrind {cg_fn[f]} cprofgrind {cp_fn[f]}"
             for f in named[:top_n] if cg_fn[f] != cp_fn[f]]
    print(f"top {top_n} functions: equal" if not diffs
          else f"top {top_n} functions differ:\n" + "\n".join(diffs))


main()
