#!/usr/bin/env python3
"""trace_same.py -- are the X slices of two traces the same?

    trace_same.py A.trace.json B.trace.json

Compares the "X" events of both files as (tid, cat, name, ts, dur), in
file order.  Prints "X slices identical" and exits 0, or prints how many
differ and the first differences (up to 10, side by side, with the
largest difference of ts and dur) and exits 1.
"""
import json
import sys
from decimal import Decimal


def slices(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f, parse_float=Decimal)
    evs = doc["traceEvents"] if isinstance(doc, dict) else doc
    return [(e.get("tid"), e.get("cat"), e.get("name"), e.get("ts"),
             e.get("dur")) for e in evs if e.get("ph") == "X"]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip())
    a, b = slices(sys.argv[1]), slices(sys.argv[2])
    if a == b:
        print("X slices identical")
        return
    print(f"X slices differ: {len(a)} in {sys.argv[1]}, {len(b)} in "
          f"{sys.argv[2]}")
    shown = 0
    max_dts = max_ddur = 0
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else None
        y = b[i] if i < len(b) else None
        if x == y:
            continue
        if x and y and x[:3] == y[:3]:
            max_dts = max(max_dts, abs(x[3] - y[3]))
            max_ddur = max(max_ddur, abs(x[4] - y[4]))
        if shown < 10:
            print(f"  #{i}: {x}\n     {y}")
            shown += 1
    n = sum(1 for i in range(max(len(a), len(b)))
            if (a[i] if i < len(a) else None) != (b[i] if i < len(b) else None))
    print(f"{n} slices differ; largest difference among slices of the same "
          f"track, category and name: ts {max_dts}, dur {max_ddur}")
    sys.exit(1)


if __name__ == "__main__":
    main()
