#!/usr/bin/env python3
"""Filter for sync_check.py output: lines '  WHAT: N contentions...' whose
WHAT is given with a minimum N print 'WHAT: at least MIN' instead of the
count (timing decides the exact count); other lines pass unchanged."""
import re, sys
args = sys.argv[1:]
mins = dict(zip(args[0::2], (int(a) for a in args[1::2])))
seen = set()
for line in sys.stdin:
    m = re.match(r"  (.*): (\d+) contentions(.*)$", line.rstrip("\n"))
    if m and m.group(1) in mins:
        ok = int(m.group(2)) >= mins[m.group(1)]
        seen.add(m.group(1))
        print("  %s: %s%s" % (m.group(1), "at least %d" % mins[m.group(1)] if ok
                              else "only %s (want >= %d)" % (m.group(2), mins[m.group(1)]),
                              m.group(3)))
    elif m:
        print("  %s: some contentions%s" % (m.group(1), m.group(3)))
    else:
        print(line, end="")
for k in mins:
    if k not in seen:
        print("missing: " + k)
