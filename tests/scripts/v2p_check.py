#!/usr/bin/env python3
"""v2p_check.py -- check valgrind2pprof against Valgrind's own viewers.

    v2p_check.py callgrind|cachegrind|massif|dhat FILE
    v2p_check.py bzip2          (callgrind on /usr/bin/bzip2 -9, then as
                                 "callgrind callgrind.out.bzip2")

Converts FILE with valgrind2pprof (to FILE.pb.gz) and prints, for each
sample type of the converted profile, whether `go tool pprof -top`'s total
equals the reference:

  callgrind   callgrind_annotate's PROGRAM TOTALS, per event; and the self
              cost of every function (first event, recursion levels f'2
              merged into f) equals pprof's flat cost;
  cachegrind  cg_annotate's PROGRAM TOTALS, per event; and per function;
  massif      ms_print's useful-heap(B) of the peak snapshot;
  dhat        the sums of tb, tbk, mb, mbk, eb, ebk, gb, gbk over the
              JSON's program points.

Lines: "total EVENT: equal" (or both numbers), "functions EVENT: equal"
(or the differences).
"""
import collections
import json
import os
import re
import subprocess
import sys

TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.realpath(__file__))))


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("%s failed (%d): %s" % (" ".join(cmd), r.returncode, r.stderr[-2000:]))
    return r.stdout


def num(s):
    return int(s.replace(",", ""))


def convert(path):
    run([sys.executable, os.path.join(TOP, "scripts", "valgrind2pprof"), "-q", path])
    return path + ".pb.gz"


def pprof_types(pb):
    out = run(["go", "tool", "pprof", "-raw", pb])
    m = re.search(r"^Samples:\n(.*)$", out, re.M)
    return [t.replace("[dflt]", "").split("/") for t in m.group(1).split()]


def pprof_top(pb, stype, unit):
    cmd = ["go", "tool", "pprof", "-top", "-nodecount=1000000", "-nodefraction=0",
           "-sample_index=" + stype]
    if unit == "bytes":
        cmd.append("-unit=B")
    out = run(cmd + [pb])
    total = num(re.search(r"of (-?[\d,]+)B? total", out).group(1))
    flat = {}
    for line in out.splitlines():
        m = re.match(r"^\s*(-?\d+)B?\s+\S+%\s+\S+%\s+(-?\d+)B?\s+\S+%  (.*?)( \((partial-)?inline\))?$",
                     line)
        if m:
            flat[m.group(3)] = int(m.group(1))
    return total, flat


def say_totals(pairs):
    for name, ours, ref in pairs:
        print("total %s: equal" % name if ours == ref
              else "total %s: pprof %d, reference %d" % (name, ours, ref))


def annotate_totals(tool, path):
    """(events, PROGRAM TOTALS) from callgrind_annotate / cg_annotate."""
    out = run([tool, "--auto=no", path])
    events = re.search(r"^Events shown:\s+(.*)$", out, re.M).group(1).split()
    line = [l for l in out.splitlines() if l.endswith("PROGRAM TOTALS")][0]
    vals = [num(v) for v in re.sub(r"\([^)]*\)", " ", line[:-len("PROGRAM TOTALS")]).split()]
    return events, vals


def annotate_functions(tool, path, event):
    opts = ["--threshold=100"] if tool == "callgrind_annotate" else ["--threshold=0"]
    out = run([tool, "--auto=no", "--show=" + event] + opts + [path])
    fns = collections.Counter()
    on = False
    for line in out.splitlines():
        if line.rstrip().endswith("file:function"):
            on = True
            continue
        if not on or line.startswith("---"):
            continue
        m = re.match(r"^\s*([\d,]+)\s+(\([^)]*\)\s+)?(.*)$", line)
        if not m:
            if line.strip():
                continue
            if fns:
                break
            continue
        name = re.sub(r" \[[^\]]*\]$", "", m.group(3).strip())
        name = name.split(":", 1)[1] if ":" in name else name
        name = re.sub(r"'\d+$", "", name)
        fns[name] += num(m.group(1))
    return fns


def check_cg(kind, path):
    tool = "callgrind_annotate" if kind == "callgrind" else "cg_annotate"
    pb = convert(path)
    events, totals = annotate_totals(tool, path)
    types = pprof_types(pb)
    if [t for t, _ in types] != events:
        print("sample types %s, events %s" % ([t for t, _ in types], events))
    pairs = []
    first_flat = None
    for (t, u), ref in zip(types, totals):
        total, flat = pprof_top(pb, t, u)
        pairs.append((t, total, ref))
        if first_flat is None:
            first_flat = flat
    say_totals(pairs)
    ref = annotate_functions(tool, path, events[0])
    ours = {k: v for k, v in first_flat.items()
            if v and k != "(not attributed by callgrind)"}
    ref = {k: v for k, v in ref.items() if v}
    if ours == ref:
        print("functions %s: equal" % events[0])
    else:
        print("functions %s: differ" % events[0])
        for k in sorted(set(ours) | set(ref))[:20]:
            if ours.get(k) != ref.get(k):
                print("  %s: pprof %s, %s %s" % (k, ours.get(k), tool, ref.get(k)))


def check_massif(path):
    pb = convert(path)
    out = run(["ms_print", path])
    peak = re.search(r"Detailed snapshots: \[.*?(\d+) \(peak\)", out).group(1)
    useful = None
    for line in out.splitlines():
        m = re.match(r"^\s*(\d+)\s+[\d,]+\s+[\d,]+\s+([\d,]+)\s+[\d,]+\s+[\d,]+\s*$", line)
        if m and m.group(1) == peak:
            useful = num(m.group(2))
    total, _ = pprof_top(pb, "inuse_space", "bytes")
    say_totals([("inuse_space", total, useful)])


DHAT = [("tb", "alloc_space"), ("tbk", "alloc_objects"), ("mb", "max_space"),
        ("mbk", "max_objects"), ("eb", "end_space"), ("ebk", "end_objects"),
        ("gb", "tgmax_space"), ("gbk", "tgmax_objects")]


def check_dhat(path):
    pb = convert(path)
    d = json.load(open(path))
    units = dict(pprof_types(pb))
    pairs = []
    for key, t in DHAT:
        ref = sum(pp.get(key, 0) for pp in d["pps"])
        total, _ = pprof_top(pb, t, units[t])
        pairs.append(("%s (%s)" % (t, key), total, ref))
    say_totals(pairs)


def bzip2():
    """bzip2 -9 on 300 000 bytes of generated text, under callgrind."""
    words = ["valgrind", "profile", "stack", "heap", "callgrind", "sample", "pprof",
             "function", "inline", "location", "mapping", "string"]
    x = 12345
    parts = []
    size = 0
    while size < 300000:
        x = (x * 1103515245 + 12345) % (1 << 31)
        w = words[x % len(words)] + ("\n" if x % 11 == 0 else " ")
        parts.append(w)
        size += len(w)
    with open("input.txt", "w") as f:
        f.write("".join(parts)[:300000])
    vg = os.environ["VG"]
    r = subprocess.run([vg, "--tool=callgrind", "-q", "--callgrind-out-file=callgrind.out.bzip2",
                        "/usr/bin/bzip2", "-9", "-c", "input.txt"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0 or r.stderr.strip():
        sys.exit("callgrind on bzip2: %s" % r.stderr[-2000:])
    check_cg("callgrind", "callgrind.out.bzip2")


def main():
    kind = sys.argv[1]
    if kind == "bzip2":
        bzip2()
    elif kind in ("callgrind", "cachegrind"):
        check_cg(kind, sys.argv[2])
    elif kind == "massif":
        check_massif(sys.argv[2])
    elif kind == "dhat":
        check_dhat(sys.argv[2])
    else:
        sys.exit("unknown kind " + kind)


if __name__ == "__main__":
    main()
