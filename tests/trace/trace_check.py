#!/usr/bin/env python3
"""trace_check.py -- validate a cprofgrind --trace=yes file (Chrome Trace
Event Format) and print a summary that does not depend on timing.

    trace_check.py [options] TRACE.json

Checks (each violation is printed as "trace_check: FAIL: ..." on stderr,
with the event(s) involved; the exit status is then 1):

  - the file is valid JSON: an object with a traceEvents list (or a bare
    list of events);
  - every event has ph, pid and tid, and every event but "M" has a
    numeric ts; "X" has a numeric dur >= 0; "C" has numeric args
    heap_inuse_bytes and live_threads; "s"/"f" have an id, "f" has
    bp "e";
  - per track (pid, tid) the events are in non-decreasing ts order
    (metadata aside), and the "X" slices nest properly: a slice that
    starts inside another one ends inside it too (no partial overlap);
  - every flow id has exactly one "s" and one "f", the "s" not after the
    "f", and each end lies inside some "X" slice of its own track
    (endpoints inclusive, within TOLERANCE us);
  - every track with events has a thread_name "M" event (process-wide
    events -- counters, global or process instants -- aside);
  - otherData.dropped_events, when present, is an integer >= 0, and a
    note is present when it is > 0.

Timestamps are read exactly (as decimals): the tool writes integral
nanoseconds (or instructions), so nesting is checked without tolerance.

Then it prints a summary that is the same on every run of a deterministic
program: the clock, the number of thread tracks, the create flows, the
task and region slices and log instants (these four only when no event
was dropped), whether events were dropped, and "all checks passed".

Options for a test's own expectations (each prints one "ok: ..." line, or
a FAIL message and makes the exit status 1):

  --expect 'EXPR'   EXPR is "WHAT OP N" with OP one of == >= <= > <, and
                    WHAT one of:
                      tracks            thread tracks (tid != 0)
                      slices:CAT        X slices of category CAT
                      slices:CAT:GLOB   ... whose name matches GLOB
                      flows:CAT         complete flows of category CAT
                      instants:CAT      "i" events of category CAT
                      dropped           otherData.dropped_events
                    e.g. --expect 'slices:wait:pthread_mutex_lock* >= 90'
  --thread-name TID=NAME
                    track TID is named NAME ("M" thread_name event).
  --nest 'THREAD/CAT:NAME/.../CAT:NAME'
                    on the track named THREAD there is an X slice of
                    category CAT named NAME that contains the next one,
                    and so on; the last element may be log:MESSAGE (an
                    instant).  NAME may be a glob.
  --max-size BYTES  the file is smaller than BYTES.
  --tolerance US    for flow ends [0.002]
  --quiet           no summary, only the ok lines and failures.
"""

import argparse
import bisect
import fnmatch
import json
import os
import re
import sys
from collections import defaultdict
from decimal import Decimal, InvalidOperation

PROCESS_WIDE_PH = ("C",)


class Checker:
    def __init__(self, tolerance):
        self.tol = Decimal(str(tolerance))
        self.failures = []

    def fail(self, msg, *events):
        text = msg
        for ev in events:
            text += "\n    " + json.dumps(ev, default=float, sort_keys=True)
        self.failures.append(text)


def num(v):
    return isinstance(v, (int, Decimal)) and not isinstance(v, bool)


def show(ts):
    return format(ts, "f") if isinstance(ts, Decimal) else str(ts)


def load(path):
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        sys.exit(f"trace_check: FAIL: cannot read {path}: {e}")
    try:
        doc = json.loads(raw.decode("utf-8"), parse_float=Decimal)
    except UnicodeDecodeError as e:
        sys.exit(f"trace_check: FAIL: {path} is not UTF-8: {e}")
    except json.JSONDecodeError as e:
        tail = raw[-80:].decode("utf-8", "replace")
        sys.exit(f"trace_check: FAIL: {path} is not valid JSON: {e} "
                 f"({len(raw)} bytes; it ends with {tail!r})")
    if isinstance(doc, list):
        return {}, doc
    if not isinstance(doc, dict) or not isinstance(doc.get("traceEvents"),
                                                   list):
        sys.exit(f"trace_check: FAIL: {path}: expected an object with a "
                 f"traceEvents list")
    other = doc.get("otherData", {})
    if not isinstance(other, dict):
        sys.exit(f"trace_check: FAIL: {path}: otherData is not an object")
    return other, doc["traceEvents"]


def check(other, events, ck):
    """Validate; returns the facts the summary and expectations need."""
    meta_names = {}                       # (pid, tid) -> thread name
    tracks = defaultdict(list)            # (pid, tid) -> events in order
    for i, ev in enumerate(events):
        if not isinstance(ev, dict):
            ck.fail(f"event #{i} is not an object", ev)
            continue
        missing = [k for k in ("ph", "pid", "tid") if k not in ev]
        if ev.get("ph") != "M" and "ts" not in ev:
            missing.append("ts")
        if missing:
            ck.fail(f"event #{i} has no {', '.join(missing)}", ev)
            continue
        ph = ev["ph"]
        key = (ev["pid"], ev["tid"])
        if ph == "M":
            if ev.get("name") == "thread_name":
                name = (ev.get("args") or {}).get("name")
                if not isinstance(name, str):
                    ck.fail(f"thread_name event #{i} has no args.name", ev)
                elif key in meta_names and meta_names[key] != name:
                    ck.fail(f"track {key} is named twice "
                            f"({meta_names[key]!r}, {name!r})", ev)
                meta_names[key] = name
            continue
        if not num(ev["ts"]):
            ck.fail(f"event #{i}: ts is not a number", ev)
            continue
        if ph == "X" and not (num(ev.get("dur")) and ev["dur"] >= 0):
            ck.fail(f"event #{i}: X slice without a numeric dur >= 0", ev)
            continue
        if ph == "C":
            args = ev.get("args") or {}
            for k in ("heap_inuse_bytes", "live_threads"):
                if not (num(args.get(k)) and args[k] >= 0):
                    ck.fail(f"event #{i}: counter without a numeric "
                            f"args.{k}", ev)
        if ph in ("s", "f") and "id" not in ev:
            ck.fail(f"event #{i}: flow event without an id", ev)
            continue
        if ph == "f" and ev.get("bp") != "e":
            ck.fail(f"event #{i}: flow end without bp \"e\"", ev)
        if ph not in ("X", "i", "I", "s", "t", "f", "C", "B", "E"):
            ck.fail(f"event #{i}: unexpected ph {ph!r}", ev)
        tracks[key].append((i, ev))

    # order and nesting per track; top-level slices for the flow ends
    toplevel = {}                         # key -> ([starts], [ends])
    for key, evs in tracks.items():
        last = None
        stack = []                        # (end, event) of open slices
        starts, ends = [], []
        for i, ev in evs:
            if last is not None and ev["ts"] < last[1]["ts"]:
                ck.fail(f"track {key}: event #{i} at ts {show(ev['ts'])} "
                        f"comes after event #{last[0]} at ts "
                        f"{show(last[1]['ts'])} (not sorted by time)",
                        last[1], ev)
            last = (i, ev)
            if ev["ph"] != "X":
                continue
            t0, t1 = ev["ts"], ev["ts"] + ev["dur"]
            while stack and stack[-1][0] <= t0:    # ended before this
                stack.pop()
            if stack and t1 > stack[-1][0]:
                ck.fail(f"track {key}: slice #{i} [{show(t0)}, {show(t1)}] "
                        f"overlaps its enclosing slice "
                        f"[{show(stack[-1][1]['ts'])}, {show(stack[-1][0])}] "
                        f"partially", stack[-1][1], ev)
                continue
            if not stack:
                if ends and t0 < ends[-1]:   # cannot happen when sorted
                    ck.fail(f"track {key}: top-level slice #{i} starts "
                            f"before the previous one ends", ev)
                starts.append(t0)
                ends.append(t1)
            stack.append((t1, ev))
        toplevel[key] = (starts, ends)

    def inside(key, ts):
        starts, ends = toplevel.get(key, ([], []))
        j = bisect.bisect_right(starts, ts + ck.tol) - 1
        return j >= 0 and ends[j] + ck.tol >= ts

    # flows
    flows = defaultdict(lambda: {"s": [], "f": []})
    for key, evs in tracks.items():
        for i, ev in evs:
            if ev["ph"] in ("s", "f"):
                flows[ev["id"]][ev["ph"]].append((key, i, ev))
    complete = defaultdict(int)          # cat -> complete flows
    for fid, ends_ in sorted(flows.items(), key=lambda kv: str(kv[0])):
        s, f = ends_["s"], ends_["f"]
        if len(s) != 1 or len(f) != 1:
            ck.fail(f"flow id {fid}: {len(s)} start(s) and {len(f)} end(s), "
                    f"expected one of each", *[e for _, _, e in s + f])
            continue
        (sk, si, se), (fk, fi, fe) = s[0], f[0]
        ok = True
        if se.get("cat") != fe.get("cat"):
            ck.fail(f"flow id {fid}: start and end have different "
                    f"categories", se, fe)
            ok = False
        if se["ts"] > fe["ts"] + ck.tol:
            ck.fail(f"flow id {fid}: starts at {show(se['ts'])}, after its "
                    f"end at {show(fe['ts'])}", se, fe)
            ok = False
        for what, k, e in (("start", sk, se), ("end", fk, fe)):
            if not inside(k, e["ts"]):
                ck.fail(f"flow id {fid}: its {what} at ts {show(e['ts'])} "
                        f"lies in no X slice of track {k}", e)
                ok = False
        if ok:
            complete[se.get("cat")] += 1

    # thread names
    for key, evs in sorted(tracks.items(), key=lambda kv: str(kv[0])):
        if key in meta_names:
            continue
        if all(ev["ph"] in PROCESS_WIDE_PH
               or (ev["ph"] in ("i", "I") and ev.get("s") in ("g", "p"))
               for _, ev in evs):
            continue
        ck.fail(f"track {key} has {len(evs)} events but no thread_name "
                f"metadata", evs[0][1])

    dropped = other.get("dropped_events", 0)
    if not (isinstance(dropped, int) and dropped >= 0):
        ck.fail(f"otherData.dropped_events is {dropped!r}, expected an "
                f"integer >= 0")
        dropped = 0
    elif dropped > 0 and not other.get("note"):
        ck.fail(f"otherData.dropped_events is {dropped} but there is no "
                f"otherData.note")

    thread_tracks = sorted({k for k in list(tracks) + list(meta_names)
                            if k[1] != 0}, key=str)
    return {"tracks": tracks, "names": meta_names, "complete": complete,
            "thread_tracks": thread_tracks, "dropped": dropped,
            "clock": other.get("clock", "?")}


def count(facts, what):
    parts = what.split(":", 2)
    kind = parts[0]
    if kind == "tracks" and len(parts) == 1:
        return len(facts["thread_tracks"])
    if kind == "dropped" and len(parts) == 1:
        return facts["dropped"]
    if kind == "flows" and len(parts) == 2:
        return facts["complete"].get(parts[1], 0)
    if kind in ("slices", "instants") and len(parts) in (2, 3):
        ph = ("X",) if kind == "slices" else ("i", "I")
        glob = parts[2] if len(parts) == 3 else "*"
        return sum(1 for evs in facts["tracks"].values() for _, ev in evs
                   if ev["ph"] in ph and ev.get("cat") == parts[1]
                   and fnmatch.fnmatchcase(str(ev.get("name", "")), glob))
    raise ValueError(f"unknown quantity {what!r}")


OPS = {"==": lambda a, b: a == b, ">=": lambda a, b: a >= b,
       "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
       "<": lambda a, b: a < b}


def expect(facts, expr, ck, oks):
    m = re.fullmatch(r"\s*(.+?)\s*(==|>=|<=|>|<)\s*(\d+)\s*", expr)
    if not m:
        sys.exit(f"trace_check: bad --expect {expr!r} (want 'WHAT OP N')")
    what, op, n = m.group(1), m.group(2), int(m.group(3))
    try:
        got = count(facts, what)
    except ValueError as e:
        sys.exit(f"trace_check: bad --expect {expr!r}: {e}")
    if OPS[op](got, n):
        oks.append(f"ok: {what} {op} {n}")
    else:
        ck.fail(f"expected {what} {op} {n}, got {got}")


def thread_name(facts, spec, ck, oks):
    tid, sep, name = spec.partition("=")
    if not sep or not tid.isdigit():
        sys.exit(f"trace_check: bad --thread-name {spec!r} (want TID=NAME)")
    names = {k[1]: v for k, v in facts["names"].items()}
    got = names.get(int(tid))
    if got == name:
        oks.append(f"ok: track {tid} is named {name}")
    else:
        ck.fail(f"expected track {tid} to be named {name!r}, got {got!r}")


def nest(facts, spec, ck, oks):
    thread, *chain = spec.split("/")
    if not chain:
        sys.exit(f"trace_check: bad --nest {spec!r}")
    steps = []
    for step in chain:
        cat, sep, name = step.partition(":")
        if not sep:
            sys.exit(f"trace_check: bad --nest step {step!r} (want CAT:NAME)")
        steps.append((cat, name))
    keys = [k for k, v in facts["names"].items() if v == thread]
    if not keys:
        ck.fail(f"--nest {spec}: no track is named {thread!r}")
        return
    shown = " > ".join(f"{c} {n!r}" for c, n in steps)

    def matches(ev, cat, name, last):
        if cat == "log" and last:
            return (ev["ph"] in ("i", "I") and ev.get("cat") == "log"
                    and fnmatch.fnmatchcase(str(ev.get("name", "")), name))
        return (ev["ph"] == "X" and ev.get("cat") == cat
                and fnmatch.fnmatchcase(str(ev.get("name", "")), name))

    def within(inner, outer):
        if outer is None:
            return True
        i0 = inner["ts"]
        i1 = i0 + inner.get("dur", 0)
        return outer["ts"] <= i0 and i1 <= outer["ts"] + outer["dur"]

    def search(evs, depth, outer):
        if depth == len(steps):
            return True
        cat, name = steps[depth]
        last = depth == len(steps) - 1
        for _, ev in evs:
            if (matches(ev, cat, name, last) and within(ev, outer)
                    and search(evs, depth + 1, ev)):
                return True
        return False

    for key in keys:
        if search(facts["tracks"].get(key, []), 0, None):
            oks.append(f"ok: on track {thread}: {shown}")
            return
    ck.fail(f"--nest: no {shown} nested on the track named {thread!r}")


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trace")
    ap.add_argument("--expect", action="append", default=[])
    ap.add_argument("--thread-name", action="append", default=[])
    ap.add_argument("--nest", action="append", default=[])
    ap.add_argument("--max-size", type=int)
    ap.add_argument("--tolerance", type=float, default=0.002)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()

    ck = Checker(args.tolerance)
    other, events = load(args.trace)
    facts = check(other, events, ck)
    oks = []
    for e in args.expect:
        expect(facts, e, ck, oks)
    for t in args.thread_name:
        thread_name(facts, t, ck, oks)
    for n in args.nest:
        nest(facts, n, ck, oks)
    if args.max_size is not None:
        size = os.path.getsize(args.trace)
        if size < args.max_size:
            oks.append(f"ok: file size < {args.max_size} bytes")
        else:
            ck.fail(f"the file has {size} bytes, expected fewer than "
                    f"{args.max_size}")

    if not args.quiet:
        print(f"clock: {facts['clock']}")
        print(f"thread tracks: {len(facts['thread_tracks'])}")
        if facts["dropped"]:
            print("dropped events: yes (event counts not shown)")
        else:
            print("dropped events: no")
            print(f"create flows: {count(facts, 'flows:create')}")
            print(f"task slices: {count(facts, 'slices:task')}, "
                  f"region slices: {count(facts, 'slices:region')}, "
                  f"log instants: {count(facts, 'instants:log')}")
    for line in oks:
        print(line)
    if ck.failures:
        for msg in ck.failures[:20]:
            print(f"trace_check: FAIL: {msg}", file=sys.stderr)
        if len(ck.failures) > 20:
            print(f"trace_check: ... and {len(ck.failures) - 20} more "
                  f"failures", file=sys.stderr)
        print(f"trace_check: {args.trace}: {len(ck.failures)} check(s) "
              f"failed", file=sys.stderr)
        print("checks FAILED")
        sys.exit(1)
    if not args.quiet:
        print("all checks passed")


if __name__ == "__main__":
    main()
