#!/usr/bin/env python3
"""folded_check.py -- check cprof_folded on a profile.

    folded_check.py [--sample-index=NAME] --keep=REGEX FILE.pb.gz

Runs cprof_folded on FILE and prints

  * the folded stacks from the outermost "main" down whose frames all
    match REGEX (the program's own functions: the frames of the C library
    and the dynamic loader, and the stacks through them, are left out so
    that the output does not depend on the machine), with their values;
  * "sum: equal to pprof's total" when the values of all the folded lines
    add up to `go tool pprof -top`'s total for the same sample type (or
    both numbers).
"""
import argparse
import collections
import os
import re
import subprocess
import sys

TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.realpath(__file__))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample-index", default="")
    ap.add_argument("--keep", required=True)
    ap.add_argument("file")
    a = ap.parse_args()
    cmd = [sys.executable, os.path.join(TOP, "scripts", "cprof_folded"), a.file]
    if a.sample_index:
        cmd.insert(2, "--sample-index=" + a.sample_index)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    keep = re.compile(a.keep)
    total = 0
    kept = collections.Counter()
    lines = out.splitlines()
    if lines != sorted(lines):
        print("folded lines are not sorted")
    for line in lines:
        stack, value = line.rsplit(" ", 1)
        total += int(value)
        frames = stack.split(";")
        if "main" not in frames:
            continue
        frames = frames[frames.index("main"):]
        if all(keep.fullmatch(f) for f in frames):
            kept[";".join(frames)] += int(value)
    for stack in sorted(kept):
        print(stack, kept[stack])
    pcmd = ["go", "tool", "pprof", "-top", "-unit=B"]
    if a.sample_index:
        pcmd.append("-sample_index=" + a.sample_index)
    pout = subprocess.run(pcmd + [a.file], capture_output=True, text=True, check=True).stdout
    m = re.search(r"of (-?\d+)B? total", pout)
    ptotal = int(m.group(1)) if m else None
    print("sum: equal to pprof's total" if ptotal == total
          else "sum: %d, pprof's total %s" % (total, ptotal))


if __name__ == "__main__":
    main()
