#!/usr/bin/env python3
"""top_compare.py -- compare cprof_annotate's "Top functions" with
`go tool pprof -top`.

    top_compare.py [--sample-index=NAME] [--focus=REGEX] FILE.pb.gz

Runs `cprof_annotate --threshold=0 --no-tree --no-source` and `go tool
pprof -top -nodecount=1000000 -nodefraction=0 -edgefraction=0` (with
-unit=B for bytes, so that values are not scaled; with -focus, also
-relative_percentages) on FILE and prints

    total: equal
    top: equal          (same functions, in the same order, with the same
                         flat and cum values and inline labels)

or what differs.  Exit status 0 either way (the .post.exp decides).
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.realpath(__file__))
TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(HERE))


def ours(path, si, focus):
    cmd = [sys.executable, os.path.join(TOP, "scripts", "cprof_annotate"),
           "--threshold=0", "--no-tree", "--no-source", path]
    if si:
        cmd.insert(2, "--sample-index=" + si)
    if focus:
        cmd.insert(2, "--focus=" + focus)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    total = int(re.search(r"^Total: (-?\d+)$", out, re.M).group(1))
    unit = re.search(r"^Type: .* \((.*)\)$", out, re.M).group(1)
    rows = []
    on = False
    for line in out.splitlines():
        if line.split() == ["flat", "flat%", "sum%", "cum", "cum%", "function"]:
            on = True
            continue
        if on:
            m = re.match(r"^\s*(-?\d+)\s+\S+%\s+\S+%\s+(-?\d+)\s+\S+%  (.*)$", line)
            if not m:
                break
            rows.append((m.group(3), int(m.group(1)), int(m.group(2))))
    return total, rows, unit


def number(s):
    """pprof prints '1088B' with -unit=B, plain integers for counts."""
    m = re.fullmatch(r"(-?\d+(?:\.\d+)?)(B|ns)?", s)
    if not m:
        raise ValueError("cannot read pprof value %r" % s)
    return int(float(m.group(1)))


def pprof(path, si, focus, unit):
    # -edgefraction=0: with -nodecount, pprof drops edges below 0.1% of the
    # total before labelling nodes "(inline)" from their incoming edges;
    # cprof_annotate labels them from all edges, as plain -top does.
    cmd = ["go", "tool", "pprof", "-top", "-nodecount=1000000", "-nodefraction=0",
           "-edgefraction=0"]
    if si:
        cmd.append("-sample_index=" + si)
    if focus:
        # pprof's percentages are of the unfocused total unless asked.
        cmd += ["-focus=" + focus, "-relative_percentages"]
    unit = {"bytes": "B", "nanoseconds": "ns"}.get(unit)
    if unit:
        cmd.append("-unit=" + unit)
    out = subprocess.run(cmd + [path], capture_output=True, text=True, check=True).stdout
    total = None
    rows = []
    for line in out.splitlines():
        m = re.search(r"of (-?\S+) total$", line)
        if m:
            total = number(m.group(1))
            continue
        m = re.match(r"^\s*(-?\S+)\s+\S+%\s+\S+%\s+(-?\S+)\s+\S+%  (.*)$", line)
        if m and m.group(1) != "flat":
            rows.append((m.group(3), number(m.group(1)), number(m.group(2))))
    return total, rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample-index", default="")
    ap.add_argument("--focus", default="")
    ap.add_argument("file")
    a = ap.parse_args()
    t1, r1, unit = ours(a.file, a.sample_index, a.focus)
    t2, r2 = pprof(a.file, a.sample_index, a.focus, unit)
    print("total: equal" if t1 == t2 else "total: cprof_annotate %s, pprof %s" % (t1, t2))
    if r1 == r2 and r1:
        print("top: equal")
        return
    print("top: differ (%d rows here, %d in pprof)" % (len(r1), len(r2)))
    d1, d2 = dict((r[0], r[1:]) for r in r1), dict((r[0], r[1:]) for r in r2)
    shown = 0
    for name in sorted(set(d1) | set(d2)):
        if d1.get(name) != d2.get(name) and shown < 20:
            print("  %s: cprof_annotate %s, pprof %s" % (name, d1.get(name), d2.get(name)))
            shown += 1
    if shown == 0:
        for i, (x, y) in enumerate(zip(r1, r2)):
            if x != y:
                print("  order differs at row %d: %s / %s" % (i + 1, x, y))
                break


if __name__ == "__main__":
    main()
