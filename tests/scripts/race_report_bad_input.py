#!/usr/bin/env python3
"""race_report_bad_input.py -- cprof_sarif and cprof_junit on unusable and
unusual race files.

    race_report_bad_input.py

Makes, in the current folder, a valid --race-json file (two races written
by hand, one with a frame without source) and broken ones, runs both
scripts on each and prints one line per run:

    SCRIPT CASE: exit 1, one line: MESSAGE

or what was wrong (another exit status, several lines, no "SCRIPT: "
prefix, a Python traceback, something on stdout, an -o file that was
changed or a temporary file left behind: each bad run has -o pointing at
an existing file that must keep its contents).  Then:

  * an empty file: no race (a run without races writes one);
  * records of an unknown type: passed through with their stacks, skipped
    with one warning line without;
  * names with XML and JSON special characters (< > & " ', a tab, a control
    character, a lone surrogate escape, non-ASCII, spaces in the path):
    the SARIF log is valid and the JUnit report parses with the names
    intact (the control character as U+FFFD);
  * an output folder that does not exist: exit 1, one line;
  * the valid file from stdin.
xmllint, when installed, also checks the JUnit files (silent when it
agrees, so the output does not depend on it).
"""
import glob
import gzip
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.realpath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from race_report_check import sarif_problems  # noqa: E402

SCRIPTS = ("cprof_sarif", "cprof_junit")


def frame(fn, file="", line=0, obj="prog", off="0x1000"):
    return {"function": fn, "file": file, "line": line, "object": obj, "offset": off}


def access(op, size, thread, stack, mutexes=()):
    return {"op": op, "atomic": False, "size": size, "address": "0x4000", "thread": thread,
            "mutexes": list(mutexes), "stack": stack}


RACE1 = {"type": "data-race",
         "access": access("write", 4, 2, [frame("worker", "/src/x.c", 12)]),
         "previous": access("read", 4, 1, [frame("reader", "/src/x.c", 20),
                                           frame("main", "/src/x.c", 30)],
                            [{"id": 1, "write": True}]),
         "location": {"kind": "global", "name": "counter", "address": "0x4000", "size": 4},
         "summary": "data race /src/x.c:12 in worker"}
RACE2 = {"type": "data-race",
         "access": access("write", 16, 3, [frame("free", obj="libc.so.6", off="0x9a0"),
                                           frame("drop", "/src/y.c", 7)]),
         "previous": access("read", 8, 0, [frame("peek", "/src/y.c", 3)]),
         "location": {"kind": "heap", "address": "0x5000", "size": 16, "thread": 0,
                      "stack": [frame("main", "/src/y.c", 40)]},
         "summary": "data race /src/y.c:7 in drop"}


def line(rec):
    return json.dumps(rec, separators=(",", ":")) + "\n"


def write(name, data):
    with open(name, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def make_files():
    good = line(RACE1) + line(RACE2)
    write("good.json", good)
    write("empty.json", "")
    write("text.json", "This is a text file.\nNot JSON.\n")
    write("list.json", line(RACE1) + "[1, 2, 3]\n")
    write("notype.json", '{"access": {}, "previous": {}}\n')
    bad = dict(RACE1)
    del bad["previous"]
    write("noprevious.json", line(RACE1) + line(RACE1) + line(bad))
    bad = json.loads(line(RACE1))
    bad["access"]["op"] = "poke"
    write("badop.json", line(bad))
    bad = json.loads(line(RACE1))
    bad["previous"]["stack"][1] = "main"
    write("badframe.json", line(bad))
    bad = json.loads(line(RACE1))
    bad["access"]["stack"][0]["line"] = "12"
    write("badline.json", line(bad))
    write("truncated.json", good[:len(good) - 40])
    write("cut-line.json", good[:len(line(RACE1)) + 30] + "\n" + line(RACE1))
    write("binary.json", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0")
    write("truncated.json.gz", gzip.compress(good.encode())[:40])
    write("pretty.json", json.dumps(RACE1, indent=2) + "\n")
    os.makedirs("folder.json", exist_ok=True)
    write("good.json.gz", gzip.compress(good.encode()))
    # unknown types: with stacks (kept) and without (skipped)
    lock = {"type": "lock-order-inversion",
            "access": {"thread": 1, "stack": [frame("lock_ab", "/src/z.c", 5)]},
            "previous": {"thread": 2, "stack": [frame("lock_ba", "/src/z.c", 9)]},
            "summary": "lock-order-inversion (potential deadlock) /src/z.c:5 in lock_ab"}
    write("unknown.json", line(RACE1) + line({"type": "thread-leak", "thread": 3})
          + line(lock))
    # special characters
    weird_fn = 'tmpl<A&B, "q">::f\'\t\x01'
    weird = json.loads(line(RACE1))
    weird["access"]["stack"][0]["function"] = weird_fn
    weird["access"]["stack"][0]["file"] = "/src/a b/\u00fc<x>.c"
    weird["summary"] = "data race /src/a b/\u00fc<x>.c:12 in " + weird_fn + " ]]>"
    # raw UTF-8 as the tool writes it, and a lone surrogate escape in the summary
    write("weird.json", json.dumps(weird, ensure_ascii=False).replace(
        '"summary": "', '"summary": "\\ud800') + "\n")
    return weird_fn


def run(script, args, stdin=None):
    return subprocess.run([sys.executable, os.path.join(TOP, "scripts", script)] + args,
                          input=stdin, capture_output=True)


def check_bad(script, case, f, ext):
    out = "keep" + ext
    write(out, "kept\n")
    r = run(script, ["-o", out, f])
    err = r.stderr.decode(errors="replace").splitlines()
    problems = []
    if r.returncode != 1:
        problems.append("exit %d" % r.returncode)
    if "Traceback" in r.stderr.decode(errors="replace"):
        problems.append("a traceback")
    if len(err) != 1:
        problems.append("%d lines on stderr" % len(err))
    elif not err[0].startswith(script + ": "):
        problems.append("no '%s: ' prefix" % script)
    if r.stdout:
        problems.append("output on stdout")
    with open(out) as fh:
        if fh.read() != "kept\n":
            problems.append("-o file changed")
    if glob.glob(out + ".tmp*"):
        problems.append("a temporary file left")
    if problems:
        print("%s %s: %s" % (script, case, ", ".join(problems)))
        for e in err[-5:]:
            print("    " + e)
    else:
        print("%s %s: exit 1, one line: %s" % (script, case, err[0]))


BAD = [("missing", "missing.json"), ("folder", "folder.json"), ("text", "text.json"),
       ("JSON list", "list.json"), ("no type", "notype.json"),
       ("no previous", "noprevious.json"), ("bad op", "badop.json"),
       ("frame not an object", "badframe.json"), ("line not a number", "badline.json"),
       ("truncated", "truncated.json"), ("line cut in the middle", "cut-line.json"),
       ("binary", "binary.json"), ("truncated gzip", "truncated.json.gz"),
       ("pretty-printed", "pretty.json")]


def xmllint(path):
    if shutil.which("xmllint"):
        r = subprocess.run(["xmllint", "--noout", path], capture_output=True, text=True)
        if r.returncode != 0:
            print("xmllint %s: %s" % (path, r.stderr.strip()[:300]))


def sarif_of(args, stdin=None):
    r = run("cprof_sarif", args, stdin)
    try:
        return r, json.loads(r.stdout.decode("utf-8"))
    except ValueError as e:
        print("cprof_sarif %s: not JSON: %s" % (" ".join(args), e))
        return r, None


def junit_of(args, stdin=None, path="out.xml"):
    r = run("cprof_junit", args, stdin)
    with open(path, "wb") as f:
        f.write(r.stdout)
    xmllint(path)
    try:
        return r, ET.fromstring(r.stdout)
    except ET.ParseError as e:
        print("cprof_junit %s: not XML: %s" % (" ".join(args), e))
        return r, None


def stderr_lines(r):
    return r.stderr.decode(errors="replace").splitlines()


def main():
    weird_fn = make_files()
    for script, ext in zip(SCRIPTS, (".sarif", ".xml")):
        for case, f in BAD:
            check_bad(script, case, f, ext)
    for script in SCRIPTS:
        r = run(script, ["-"], stdin=b"not json\n")
        err = stderr_lines(r)
        print("%s stdin text: exit %d, %s" % (script, r.returncode, err[0] if len(err) == 1
                                              else "%d lines" % len(err)))
        r = run(script, ["-o", "no/such/folder/out", "good.json"])
        err = stderr_lines(r)
        print("%s output folder missing: exit %d, %s" % (
            script, r.returncode, err[0] if len(err) == 1 else "%d lines" % len(err)))

    # valid files
    r, log = sarif_of(["good.json"])
    if log is not None:
        res = log["runs"][0]["results"]
        probs = sarif_problems(log)
        print("cprof_sarif good: %d results, %s" % (len(res), "valid" if not probs else probs))
    r, x = junit_of(["good.json"])
    if x is not None:
        ts = x.find("testsuite")
        print("cprof_junit good: tests=%s failures=%s: %s" % (
            ts.get("tests"), ts.get("failures"),
            ", ".join(tc.get("name") for tc in ts.findall("testcase"))))
    for script in SCRIPTS:
        a = run(script, ["good.json"]).stdout
        b = run(script, ["good.json.gz"]).stdout
        c = run(script, ["-"], stdin=open("good.json", "rb").read()).stdout
        print("%s gzip and stdin: %s" % (script, "the same output" if a == b == c else "differ"))
        write("keep.out", "old\n")
        r = run(script, ["-o", "keep.out", "good.json"])
        print("%s -o: %s" % (script, "written, nothing on stdout" if r.returncode == 0 and
                             not r.stdout and open("keep.out", "rb").read() == a
                             and not glob.glob("keep.out.tmp*") else "wrong"))

    # empty file
    r, log = sarif_of(["empty.json"])
    if log is not None:
        print("cprof_sarif empty: exit %d, %d results, %s" % (
            r.returncode, len(log["runs"][0]["results"]),
            "valid" if not sarif_problems(log) else "invalid"))
    r, x = junit_of(["empty.json"])
    if x is not None:
        cases = x.find("testsuite").findall("testcase")
        print("cprof_junit empty: exit %d, testcases: %s" % (
            r.returncode, ", ".join("%s (%s)" % (tc.get("name"), "failing"
                                                 if tc.find("failure") is not None else "passing")
                                    for tc in cases)))

    # unknown types
    r, log = sarif_of(["unknown.json"])
    if log is not None:
        run0 = log["runs"][0]
        print("cprof_sarif unknown types: exit %d, rules %s, results %s, %s; stderr: %s" % (
            r.returncode, [ru["id"] for ru in run0["tool"]["driver"]["rules"]],
            ["%s/%s" % (re["ruleId"], re["level"]) for re in run0["results"]],
            "valid" if not sarif_problems(log) else sarif_problems(log),
            " | ".join(stderr_lines(r))))
    r, x = junit_of(["unknown.json"])
    if x is not None:
        ts = x.find("testsuite")
        print("cprof_junit unknown types: exit %d, tests=%s failures=%s, %s; stderr: %s" % (
            r.returncode, ts.get("tests"), ts.get("failures"),
            ", ".join("%s: %s" % (tc.get("classname"), tc.get("name"))
                      for tc in ts.findall("testcase")),
            " | ".join(stderr_lines(r))))

    # special characters
    r, log = sarif_of(["weird.json"])
    if log is not None:
        res = log["runs"][0]["results"][0]
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        name = res["locations"][0]["logicalLocations"][0]["name"]
        print("cprof_sarif special characters: exit %d, %s, uri %s, function %s" % (
            r.returncode, "valid" if not sarif_problems(log) else sarif_problems(log), uri,
            "intact" if name == weird_fn else repr(name)))
    r, x = junit_of(["weird.json"], path="weird.xml")
    if x is not None:
        tc = x.find("testsuite").find("testcase")
        want = "data race /src/a b/\u00fc<x>.c:12 in " + weird_fn.replace("\x01", "\ufffd")
        msg = tc.find("failure").get("message")
        print("cprof_junit special characters: exit %d, parsed, name %s, message %s" % (
            r.returncode, "intact" if tc.get("name") == want else repr(tc.get("name")),
            "intact" if msg == "\ufffd" + want + " ]]>" else repr(msg)))


if __name__ == "__main__":
    main()
