#!/usr/bin/env python3
"""checker_selftest.py -- trace_check.py must catch what it claims to catch.

Writes small traces, each broken in one way, into the current folder, runs
trace_check.py on each and prints one line per case: "ok: <case>" when
the checker accepted the good trace or rejected a bad one with the
expected message, "WRONG: <case> ..." otherwise (exit status 1).
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CHECK = os.path.join(HERE, "trace_check.py")


def meta(tid, name):
    return {"ph": "M", "pid": 1, "tid": tid, "name": "thread_name",
            "args": {"name": name}}


def x(tid, ts, dur, name="running", cat="running"):
    return {"ph": "X", "pid": 1, "tid": tid, "cat": cat, "ts": ts,
            "dur": dur, "name": name}


def flow(ph, tid, ts, fid, cat="wakeup"):
    e = {"ph": ph, "pid": 1, "tid": tid, "cat": cat, "ts": ts,
         "name": "unlock", "id": fid}
    if ph == "f":
        e["bp"] = "e"
    return e


def counter(ts, **args):
    return {"ph": "C", "pid": 1, "tid": 0, "cat": "counter", "ts": ts,
            "name": "process", "args": args}


def good():
    return [meta(1, "main thread"), meta(2, "T1"),
            counter(0, heap_inuse_bytes=0, live_threads=1),
            x(1, 0, 10.5, "job", "task"), x(1, 0, 4.25),
            flow("s", 1, 4.25, 1), x(1, 4.25, 6.25, "syscall read", "syscall"),
            {"ph": "i", "pid": 1, "tid": 1, "cat": "log", "ts": 5, "s": "t",
             "name": "hello", "args": {"category": "x"}},
            x(2, 1, 3, "pthread_mutex_lock 0x1", "wait"), x(2, 4.251, 2),
            flow("f", 2, 4.251, 1)]


def doc(events, **other):
    o = {"tool": "cprofgrind", "clock": "wall", "dropped_events": 0}
    o.update(other)
    return json.dumps({"otherData": o, "traceEvents": events})


def case_text():
    ev = good()
    yield "good trace", doc(ev), None
    yield "truncated JSON", doc(ev)[:-20], "not valid JSON"
    bad = good(); del bad[4]["ts"]
    yield "event without ts", doc(bad), "has no ts"
    bad = good(); del bad[4]["pid"]
    yield "event without pid", doc(bad), "has no pid"
    bad = good(); bad[6]["ts"] = 3
    yield "partial overlap", doc(bad), "partially"
    bad = good(); bad[6]["dur"] = 7
    yield "child beyond its parent", doc(bad), "partially"
    bad = good(); bad[4], bad[6] = bad[6], bad[4]
    yield "unsorted track", doc(bad), "not sorted by time"
    bad = good(); del bad[10]
    yield "flow without its end", doc(bad), "0 end(s)"
    bad = good() + [flow("f", 2, 5, 1)]
    yield "flow with two ends", doc(bad), "2 end(s)"
    bad = good(); bad[5]["ts"] = 20
    yield "flow start outside any slice", doc(bad), "lies in no X slice"
    bad = good(); bad[10]["ts"] = 6.3
    yield "flow end outside any slice", doc(bad), "lies in no X slice"
    bad = good(); bad[10]["ts"] = 6.252
    yield "flow end within the tolerance", doc(bad), None
    bad = good(); del bad[10]["bp"]
    yield "flow end without bp", doc(bad), "without bp"
    bad = good(); del bad[1]
    yield "track without a name", doc(bad), "no thread_name"
    bad = good(); del bad[2]["args"]["live_threads"]
    yield "counter without live_threads", doc(bad), "args.live_threads"
    yield "dropped events without a note", doc(ev, dropped_events=5), \
        "no otherData.note"
    yield "dropped events with a note", doc(ev, dropped_events=5,
                                            note="dropped"), None


def main():
    wrong = 0
    for n, (name, text, want) in enumerate(case_text()):
        path = f"selftest-{n}.json"
        with open(path, "w") as f:
            f.write(text)
        res = subprocess.run([sys.executable, CHECK, "--quiet", path],
                             capture_output=True, text=True)
        if want is None:
            good_ = res.returncode == 0
        else:
            good_ = res.returncode != 0 and want in res.stderr
        if good_:
            print(f"ok: {name}")
        else:
            wrong += 1
            print(f"WRONG: {name}: exit {res.returncode}, expected "
                  f"{'success' if want is None else repr(want)}; stderr:\n"
                  f"{res.stderr}")
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
