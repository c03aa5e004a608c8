#!/usr/bin/env python3
"""budget_check.py LIMITED.pb.gz -- COMMAND...: run COMMAND (which writes
full.cpu.pb.gz), then compare the limited profile with the full one
through `go tool pprof`: same total, same flat cost per function, and
report the size facts of the limited one."""
import re
import subprocess
import sys

limited = sys.argv[1]
cmd = sys.argv[sys.argv.index("--") + 1:]
# Same kind of stdout as the first run (a file): isatty() must answer alike.
with open("full.stdout", "w") as out:
    subprocess.run(cmd, check=True, stdout=out, stderr=subprocess.DEVNULL)


def pprof(*args):
    return subprocess.run(["go", "tool", "pprof", *args], capture_output=True,
                          text=True).stdout


def flat(path):
    out = pprof("-top", "-noinlines", "-nodecount=100000", "-nodefraction=0", path)
    total = int(re.search(r"of (\d+) total", out).group(1))
    fns = {}
    for line in out.splitlines():
        m = re.match(r"^\s*(\d+)\s+\S+%\s+\S+%\s+\d+\s+\S+%\s+(.+?)\s*$", line)
        if m:
            fns[m.group(2)] = fns.get(m.group(2), 0) + int(m.group(1))
    return total, fns


t1, f1 = flat(limited)
t2, f2 = flat("full.cpu.pb.gz")
print("total: equal" if t1 == t2 else f"total: {t1} vs {t2}")
diff = [f for f in set(f1) | set(f2) if f1.get(f, 0) != f2.get(f, 0)]
print("per-function costs: equal" if not diff else f"per-function costs differ: {sorted(diff)[:5]}")
raw = pprof("-raw", limited)
samples = len(re.findall(r"^\s+\d+: ", raw.split("Locations")[0], re.M))
print("samples within the budget:", samples <= 400)
comments = pprof("-top", limited)
print("granularity:", "source line" if "per (context, source line)" in comments else "instruction")
print("merged contexts reported:", "merged into their callers" in comments)
traces = pprof("-traces", limited)
print("'<merged calls>' frames:", "<merged calls>" in traces)
