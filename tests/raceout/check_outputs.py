#!/usr/bin/env python3
"""Checks the race detector's outputs for two_races.c against each other
and against go tool pprof: the stderr reports, --race-log-file,
--race-json and the races profile.  Prints what it found; the .post.exp
holds the expected lines."""
import glob, json, re, subprocess, sys

def reports(text):
    """The TSan-style report blocks (between separator lines), without
    Valgrind's ==pid== lines."""
    lines = [l for l in text.splitlines() if not re.match(r"^==\d+==", l)]
    out, cur = [], None
    for l in lines:
        if l == "==================":
            if cur is not None:
                out.append("\n".join(cur))
                cur = None
            else:
                cur = []
        elif cur is not None:
            cur.append(l)
    return out

err = open("stderr.out").read()
log = open("races.log").read()
r_err, r_log = reports(err), reports(log)
print("reports on stderr:", len(r_err))
print("log file equals stderr:", r_log == r_err)
print("found line:", [l for l in err.splitlines() if l.startswith("Found ")])

races = [json.loads(l) for l in open("races.json") if l.strip()]
print("json objects:", len(races))
for r in sorted(races, key=lambda r: r["location"]["kind"]):
    a, p, loc = r["access"], r["previous"], r["location"]
    top = a["stack"][0]
    ptop = p["stack"][0]
    # which worker comes first is up to the scheduler: threads sorted
    print("json: %s %s size %d at %s:%d; previous %s at %s:%d; threads %s;"
          " location %s %s size %s" % (
              a["op"], "atomic" if a["atomic"] else "plain", a["size"],
              top["function"], top["line"], p["op"],
              ptop["function"], ptop["line"],
              sorted([a["thread"], p["thread"]]), loc["kind"],
              loc.get("name", "-"), loc.get("size")))
    print("  callers:", [f["function"] for f in a["stack"][1:2]],
          [f["function"] for f in p["stack"][1:2]])
    print("  summary in stderr:", ("SUMMARY: cprofgrind: " + r["summary"]) in err)

prof = glob.glob("cprofgrind.out.*.races.pb.gz")
top = subprocess.run(["go", "tool", "pprof", "-top", prof[0]],
                     capture_output=True, text=True).stdout
for l in top.splitlines():
    m = re.match(r"\s*(\d+)\s+\S+\s+\S+\s+\d+\s+\S+\s+(bump_counter|fill_block)$", l)
    if m:
        print("pprof -top:", m.group(2), m.group(1))
print("pprof type:", [l for l in top.splitlines() if l.startswith("Type:")])
tags = subprocess.run(["go", "tool", "pprof", "-tags", prof[0]],
                      capture_output=True, text=True).stdout
for l in tags.splitlines():
    m = re.search(r"\): (\w+) \S*/(two_races\.c:\d+)$", l)
    if m:
        print("pprof label previous:", m.group(1), m.group(2))
