#!/usr/bin/env python3
"""bad_input_check.py -- every script on unusable inputs.

    bad_input_check.py

Makes, in the current folder, a small valid profile and broken files (a
missing one, an empty one, a truncated gzip, a corrupt gzip, a text file,
a truncated raw protobuf, a profile whose sample has too few values, a
folder; for valgrind2pprof also truncated callgrind, cachegrind, massif
and DHAT files and a pprof profile), runs cprof_annotate, cprof_folded and
valgrind2pprof on each and prints one line per run:

    SCRIPT CASE: exit 2, one line: MESSAGE

or what was wrong: another exit status, several lines, no "SCRIPT: "
prefix, or a Python traceback.  Last comes a check that each script still
succeeds on the valid input.
"""
import gzip
import os
import subprocess
import sys

TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.realpath(__file__))))
sys.path.insert(0, os.path.join(TOP, "scripts"))
import cpgpprof  # noqa: E402

CALLGRIND = """# callgrind format
version: 1
creator: callgrind-3.19.0
cmd: ./prog
positions: line
events: Ir
summary: 1000

ob=(1) /bin/prog
fl=(1) prog.c
fn=(1) main
5 100
+1 200
cfn=(2) work
calls=1 10
7 700
fn=(2) work
10 700

totals: 1000
"""

CACHEGRIND = """desc: I1 cache: 32768 B, 64 B, 8-way associative
cmd: ./prog
events: Ir
fl=prog.c
fn=main
5 100
6 200
fn=work
10 700
summary: 1000
"""

MASSIF = """desc: (none)
cmd: ./prog
time_unit: i
#-----------
snapshot=0
#-----------
time=100
mem_heap_B=300
mem_heap_extra_B=8
mem_stacks_B=0
heap_tree=peak
n2: 300 (heap allocation functions) malloc/new/new[], --alloc-fns, etc.
 n1: 200 0x109100: work (prog.c:10)
  n0: 200 0x109200: main (prog.c:20)
 n0: 100 0x109210: main (prog.c:21)
"""

DHAT = """{"dhatFileVersion":2,"mode":"heap","verb":"Allocated","bklt":true,"bkacc":true,
"tu":"instrs","Mtu":"Minstr","tuth":500,"cmd":"./prog","pid":1,"te":100,"tg":50,
"pps":[{"tb":100,"tbk":1,"tl":10,"mb":100,"mbk":1,"gb":100,"gbk":1,"eb":0,"ebk":0,
"rb":0,"wb":0,"fs":[1,2]}],
"ftbl":["[root]","0x109100: work (prog.c:10)","0x109200: main (prog.c:20)"]}
"""


def write(name, data):
    with open(name, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def make_files():
    b = cpgpprof.ProfileBuilder([("samples", "count"), ("cpu", "nanoseconds")])
    main = b.stack([(0x1000, "main", "prog.c", 20)])
    work = b.stack([(0x1100, "work", "prog.c", 10), (0x1200, "main", "prog.c", 21)])
    b.add(main, [1, 10])
    b.add(work, [3, 30])
    p = b.profile(comments=["a small valid profile"])
    cpgpprof.write_profile(p, "good.pb.gz")
    raw = cpgpprof.encode_profile(p)
    gz = open("good.pb.gz", "rb").read()
    write("empty.pb.gz", b"")
    write("truncated.pb.gz", gz[:len(gz) // 2])
    write("corrupt.pb.gz", gz[:12] + bytes(x ^ 0x5A for x in gz[12:-8]) + gz[-8:])
    write("text.pb.gz", "This is a text file, not a profile.\nSecond line.\n")
    write("truncated-raw.pb", raw[:len(raw) - 7])
    p.samples[0].values = [1]          # 1 value for 2 sample types
    write("malformed.pb.gz", gzip.compress(cpgpprof.encode_profile(p)))
    os.makedirs("folder.pb.gz", exist_ok=True)
    write("callgrind.out.good", CALLGRIND)
    write("callgrind.out.truncated", CALLGRIND[:CALLGRIND.index("\nfn=(2)") + 1])
    write("callgrind.out.cut", CALLGRIND[:CALLGRIND.index("cfn=(2)") + 1])
    write("callgrind.out.gz", gzip.compress(CALLGRIND.encode())[:60])
    write("cachegrind.out.truncated", CACHEGRIND[:CACHEGRIND.index("summary")])
    write("massif.out.truncated", MASSIF[:MASSIF.index(" n0: 100")])
    write("dhat.out.truncated", DHAT[:len(DHAT) // 2])


COMMON = [("missing", "missing.pb.gz"), ("empty", "empty.pb.gz"),
          ("truncated gzip", "truncated.pb.gz"), ("corrupt gzip", "corrupt.pb.gz"),
          ("text", "text.pb.gz"), ("folder", "folder.pb.gz")]
PPROF_ONLY = [("truncated raw", "truncated-raw.pb"), ("malformed", "malformed.pb.gz")]
V2P_ONLY = [("truncated gzip callgrind", "callgrind.out.gz"),
            ("truncated callgrind", "callgrind.out.truncated"),
            ("callgrind cut in a line", "callgrind.out.cut"),
            ("truncated cachegrind", "cachegrind.out.truncated"),
            ("truncated massif", "massif.out.truncated"),
            ("truncated dhat", "dhat.out.truncated"),
            ("pprof profile", "good.pb.gz")]


def check(script, case, args):
    cmd = [sys.executable, os.path.join(TOP, "scripts", script)] + args
    r = subprocess.run(cmd, capture_output=True, text=True)
    err = r.stderr.splitlines()
    problems = []
    if r.returncode != 2:
        problems.append("exit %d" % r.returncode)
    if "Traceback" in r.stderr:
        problems.append("a traceback")
    if len(err) != 1:
        problems.append("%d lines on stderr" % len(err))
    elif not err[0].startswith(script + ": "):
        problems.append("no '%s: ' prefix" % script)
    if problems:
        print("%s %s: %s" % (script, case, ", ".join(problems)))
        for line in err[-5:]:
            print("    " + line)
    else:
        print("%s %s: exit 2, one line: %s" % (script, case, err[0]))


def main():
    make_files()
    for script in ("cprof_annotate", "cprof_folded"):
        for case, f in COMMON + PPROF_ONLY:
            check(script, case, [f])
    check("cprof_annotate", "bad sample index", ["--sample-index=nosuch", "good.pb.gz"])
    check("cprof_annotate", "bad focus regex", ["--focus=(", "good.pb.gz"])
    for case, f in COMMON + V2P_ONLY:
        check("valgrind2pprof", case, ["-o", "out.pb.gz", f])
    ok = []
    for script, args in (("cprof_annotate", ["good.pb.gz"]), ("cprof_folded", ["good.pb.gz"]),
                         ("valgrind2pprof", ["-q", "callgrind.out.good"])):
        r = subprocess.run([sys.executable, os.path.join(TOP, "scripts", script)] + args,
                           capture_output=True, text=True)
        ok.append("%s: %s" % (script, "ok" if r.returncode == 0 and not r.stderr
                               else "exit %d %s" % (r.returncode, r.stderr[-300:])))
    print("valid inputs: " + ", ".join(ok))


if __name__ == "__main__":
    main()
