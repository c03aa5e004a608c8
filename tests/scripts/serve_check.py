#!/usr/bin/env python3
"""Starts serve_target under cprofgrind (--trace=yes), then
cprofgrind_serve on it, and fetches every /debug/pprof endpoint, mostly
with go tool pprof; prints one line per endpoint that does not depend on
timing."""
import json, os, re, signal, subprocess, sys, time, urllib.request

vg, prog = os.environ["VG"], os.environ["PROG"]
top = os.environ.get("TOP", ".")
serve = os.path.join(top, "scripts", "cprofgrind_serve")

app = subprocess.Popen([vg, "--tool=cprofgrind", "-q", "--trace=yes", "--out-file=served.%p", prog],
                       stdout=subprocess.PIPE, stderr=open("app.err", "w"), text=True)
srv = None
try:
    line = app.stdout.readline()
    assert line.strip() == "ready", "the program did not start: %r" % line
    time.sleep(1)
    srv = subprocess.Popen([sys.executable, serve, "--pid", str(app.pid), "--port", "0"],
                           stdout=subprocess.PIPE, stderr=open("serve.err", "w"), text=True)
    banner = srv.stdout.readline()
    m = re.search(r"http://([\d.]+):(\d+)/debug/pprof/ \((.*)\)", banner)
    assert m, "no banner: %r" % banner
    print("listens on", m.group(1), "-", m.group(3))
    base = "http://127.0.0.1:%s/debug/pprof/" % m.group(2)

    def get(path):
        with urllib.request.urlopen(base + path, timeout=120) as r:
            return r.read()

    def pprof(path, *args):
        r = subprocess.run(["go", "tool", "pprof", "-top", "-nodefraction=0"] + list(args) + [base + path],
                           capture_output=True, text=True, timeout=180)
        return r.stdout

    def has(out, fn):
        return any(l.split()[-1:] == [fn] for l in out.splitlines())

    print("index lists heap:", b'href="heap"' in get(""))
    out = pprof("profile", "-seconds=2", "-timeout=180")
    print("profile: type", re.search(r"Type: (\S+)", out).group(1), "handle_request", has(out, "handle_request"))
    out = pprof("heap")
    print("heap: type", re.search(r"Type: (\S+)", out).group(1), "handle_request", has(out, "handle_request"))
    out = pprof("allocs")
    print("allocs: type", re.search(r"Type: (\S+)", out).group(1), "handle_request", has(out, "handle_request"))
    for kind in ("block", "mutex"):
        out = pprof(kind)
        print("%s: type" % kind, re.search(r"Type: (\S+)", out).group(1), "contender", has(out, "contender"))
    out = pprof("goroutine")
    print("goroutine: type", re.search(r"Type: (\S+)", out).group(1), "contender", has(out, "contender"))
    print("goroutine?debug=1 lists 3 threads:", get("goroutine?debug=1").decode().count("thread ") == 3)
    out = pprof("threadcreate")
    print("threadcreate: type", re.search(r"Type: (\S+)", out).group(1), "main", has(out, "main"))
    doc = json.loads(get("trace?seconds=1"))
    print("trace: events", len(doc["traceEvents"]) > 10, "threads named",
          sum(1 for e in doc["traceEvents"] if e.get("name") == "thread_name") >= 3)
    print("cmdline names the program:", os.path.basename(prog) in get("cmdline").decode())
    left = [f for f in os.listdir(".") if ".serve" in f]
    print("dump files left behind:", len(left))
finally:
    if srv:
        srv.terminate()
    app.send_signal(signal.SIGTERM)
    app.wait(timeout=60)
