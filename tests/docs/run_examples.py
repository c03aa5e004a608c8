#!/usr/bin/env python3
"""tests/docs/run_examples.py -- run every shell example of the manual.

    run_examples.py [--top DIR] [--build DIR] [--work DIR] [-j N]
                    [--timeout SECONDS] [--list] [FILE.md ...]

Without FILE arguments it reads README.md, docs/*.md (whatever pages are
there) and scripts/README.md under the source top, extracts every fenced
```sh code block (also one indented inside a list item) and runs them,
so that the manual cannot go stale.  tests/docs/examples.vgtest runs it
as the post: command of a test; it also works by hand from anywhere.

Where the blocks run
  Each Markdown file gets one fresh working folder (WORK/<file>, e.g.
  WORK/docs_cpu.md; WORK is $OUT/work under tests/run, else a temporary
  folder that is removed when everything passed).  Its blocks run in
  order, each as its own `sh` script, in that folder: files carry over
  from block to block like for a reader following along, shell variables
  and `cd` do not.  Every folder starts with the example programs the
  docs use:
      ./app       a copy of the built demo program (<build>/demo/demo,
                  compiled from demo/demo.c when missing)
      ./server    tests/scripts/serve_target.c: prints "ready", then two
                  threads contend on a mutex for 120 s
      ./mutex100  tests/sync/mutex100.c: 100 threads, one mutex
  PATH starts with a shim folder, then <top>/scripts:
      valgrind    runs <build>/vg-in-place "$@", so that
                  `valgrind --tool=cprofgrind` is the fresh build and
                  `valgrind --tool=callgrind` etc. still work;
      go          the real go, except that `go tool pprof -http=...`,
                  which would serve a web UI for ever and open a browser,
                  gets -no_browser, is waited for until it serves, its
                  page is fetched once (it must answer 200) and it is
                  stopped (status 0).
  PPROF_TMPDIR points beside the folder (pprof saves fetched profiles
  there, not in ~/pprof); stdin is /dev/null (an interactive pprof reads
  end of file and exits 0).

Markers (HTML comments on the line(s) right before the opening fence)
  <!-- not run: REASON -->  the block is not run (installs packages,
                            builds the project, runs the whole test
                            suite, needs a browser or the network); a
                            reason is required.
  <!-- exit: N -->          the block's commands exit with status N: each
                            must exit 0 or N, and at least one must exit N
                            (a race run exits 66, a bad option 1).
  Without a marker every command must exit 0.

Commands
  A block is split into commands, one per line; a line ending with `\\`,
  `|`, `&&` or `||` continues on the next one, and a here-document runs to
  its delimiter.  Blank and comment-only lines are skipped.  Each command's
  exit status is checked as soon as it ends and the block stops at the
  first one that is wrong (as a reader would).  A command sent to the
  background (ending with `&`, before any comment) is followed by a pause,
  as a reader waits before typing the next line: until the block's output
  has grown and then stayed the same for 2 s (at most 30 s; 5 s if nothing
  is printed).  Whatever a block left running (a server) is stopped when
  the block ends (SIGTERM to its process group, SIGKILL after 10 s).  If
  the script made this way is not valid sh (`sh -n` rejects it: a
  multi-line construct the checks break up), the block runs as written
  and only its final status is checked.

Transcripts: lines starting with "$ "
  In a block that has lines starting with `$ `, those lines are the
  commands (the `$ ` is stripped; a trailing `\\` continues on the next
  line, whose `> ` prompt is stripped) and every other line is the
  expected output (stdout and stderr) of the command above it.  Numbers
  vary (pids, addresses, counts, times), so lines are compared by their
  words without digits: every expected line, reduced to its words
  (split on blanks) that contain no digit, must equal an output line
  reduced the same way, in the same order (other output lines may come
  between).  Expected lines that are only `...`, or that reduce to no
  word, are skipped.

Output
  On stdout, one line per Markdown file, in the order the files were given
  (default: README.md, docs/*.md sorted, scripts/README.md):
      README.md: 3 blocks run, 2 not run
      docs/cpu.md: 2 blocks run, 0 not run, 1 FAILED
  On stderr, for each failure: the file, the block's line number and first
  line, the command and its line number, the exit status (or the output
  line missing) and the last lines of the block's output; the folders
  stay for inspection.  Exit status 0 when every block run passed, 1
  otherwise, 2 on a usage error.  --list prints the blocks without
  running them.
"""

import argparse
import concurrent.futures
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_TOP = HERE.parent.parent
BLOCK_TIMEOUT = 300.0
TAIL_LINES = 15
RUN_LANGS = ("sh",)

FENCE_RE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^\s`]*)")
MARKER_RE = re.compile(r"^\s*<!--\s*(not run|exit)\b\s*(:?)\s*(.*?)\s*-->\s*$")


# --------------------------------------------------------------------------
# Reading the Markdown
# --------------------------------------------------------------------------

@dataclass
class Command:
    line: int                 # line number in the .md file
    text: str                 # the shell text (may span lines)
    background: bool = False
    expected: list = field(default_factory=list)   # transcripts only


@dataclass
class Block:
    path: str                 # as printed
    line: int                 # line number of the opening fence
    body: list                # (line number, text) with the indent removed
    not_run: str = None       # the reason
    exit: int = None
    error: str = None         # a bad marker
    commands: list = field(default_factory=list)
    transcript: bool = False

    @property
    def first(self):
        for _, text in self.body:
            if text.strip():
                return text.strip()
        return "(empty)"


def read_blocks(path, shown):
    """The ```sh blocks of one Markdown file, with their markers."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks = []
    i = 0
    while i < len(lines):
        m = FENCE_RE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, lang = len(m.group(1)), m.group(2), m.group(3).lower()
        start = i
        body = []
        i += 1
        while i < len(lines):
            s = lines[i].strip()
            if s.startswith(fence[0] * len(fence)) and not s.strip(fence[0]):
                break
            text = lines[i]
            cut = len(text) - len(text.lstrip(" "))
            body.append((i + 1, text[min(indent, cut):]))
            i += 1
        i += 1
        if lang not in RUN_LANGS:
            continue
        block = Block(shown, start + 1, body)
        j = start - 1
        while j >= 0 and lines[j].strip().startswith("<!--"):
            mk = MARKER_RE.match(lines[j])
            if mk:
                kind, colon, value = mk.groups()
                if kind == "not run":
                    if not colon or not value:
                        block.error = "'<!-- not run -->' needs a reason: <!-- not run: REASON -->"
                    block.not_run = value or "?"
                else:
                    try:
                        block.exit = int(value)
                        if not colon or not 0 < block.exit < 256:
                            raise ValueError
                    except ValueError:
                        block.error = "bad marker %r: expected <!-- exit: N --> (1..255)" % lines[j].strip()
            j -= 1
        blocks.append(block)
    return blocks


def tokens(text):
    """Shell tokens of one line (comments dropped), or None if unsure."""
    lex = shlex.shlex(text, posix=True, punctuation_chars=True)
    lex.whitespace_split = True
    try:
        return list(lex)
    except ValueError:
        return None


def split_commands(block):
    """Fill block.commands (and .transcript)."""
    body = block.body
    if any(t.startswith("$ ") for _, t in body):
        block.transcript = True
        cur = None
        cont = False
        for num, text in body:
            if cont and cur is not None:
                t = text[2:] if text.startswith("> ") else text
                cur.text += "\n" + t
                cont = t.endswith("\\")
            elif text.startswith("$ "):
                cur = Command(num, text[2:])
                block.commands.append(cur)
                cont = cur.text.endswith("\\")
            elif cur is not None:
                cur.expected.append(text)
        return
    cur = None
    heredoc = None
    for num, text in body:
        if heredoc is not None:
            cur.text += "\n" + text
            if (text.lstrip("\t") if heredoc[1] else text) == heredoc[0]:
                heredoc = None
            continue
        if cur is None:
            if not text.strip() or text.strip().startswith("#"):
                continue
            cur = Command(num, text)
        else:
            cur.text += "\n" + text
        toks = tokens(text.rstrip("\\")) or []
        for k, tok in enumerate(toks[:-1]):
            if tok == "<<" or tok == "<<-":
                word = toks[k + 1]
                if word.startswith("-"):
                    heredoc = (word[1:], True)
                else:
                    heredoc = (word, tok == "<<-")
        if heredoc is not None:
            continue
        if text.endswith("\\") or (toks and toks[-1] in ("|", "&&", "||")):
            continue
        cur.background = bool(toks) and toks[-1] == "&"
        block.commands.append(cur)
        cur = None
    if cur is not None:
        block.commands.append(cur)


# --------------------------------------------------------------------------
# The generated scripts
# --------------------------------------------------------------------------

PRELUDE = r'''
__cpg_st() {
   echo "$2 $1" >> "$__CPG_STATE/status"
   case "$1" in 0|"$__CPG_EXIT") ;; *) exit "$1" ;; esac
}
__cpg_settle() {
   __cpg_n=0; __cpg_q=0; __cpg_grown=0
   __cpg_last=$(wc -c < "$__CPG_LOG")
   __cpg_first=$__cpg_last
   while [ $__cpg_n -lt 300 ]; do
      sleep 0.1
      __cpg_n=$((__cpg_n + 1))
      __cpg_s=$(wc -c < "$__CPG_LOG")
      if [ "$__cpg_s" != "$__cpg_last" ]; then
         __cpg_last=$__cpg_s; __cpg_q=0
      else
         __cpg_q=$((__cpg_q + 1))
      fi
      [ "$__cpg_last" != "$__cpg_first" ] && __cpg_grown=1
      [ $__cpg_grown = 1 ] && [ $__cpg_q -ge 20 ] && break
      [ $__cpg_grown = 0 ] && [ $__cpg_n -ge 50 ] && break
   done
}
'''


def script_for(block):
    out = [PRELUDE]
    for k, cmd in enumerate(block.commands):
        first = cmd.text.splitlines()[0] if cmd.text else ""
        out.append("printf '%%s\\n' %s" % shlex.quote("$ " + first))
        if block.transcript:
            out.append("{ %s\n} > \"$__CPG_STATE/out.%d\" 2>&1" % (cmd.text, k))
            out.append("__cpg_s=$?; cat \"$__CPG_STATE/out.%d\"; __cpg_st $__cpg_s %d" % (k, cmd.line))
        elif cmd.background:
            out.append(cmd.text)
            out.append("__cpg_settle")
        else:
            out.append(cmd.text)
            out.append("__cpg_st $? %d" % cmd.line)
    return "\n".join(out) + "\nexit 0\n"


def whole_script(block):
    return "\n".join(t for _, t in block.body) + "\n"


def syntax_ok(text, sh):
    r = subprocess.run([sh, "-n"], input=text, text=True, capture_output=True)
    return r.returncode == 0


# --------------------------------------------------------------------------
# Set-up: programs and shims
# --------------------------------------------------------------------------

GO_SHIM = r'''#!PYTHON
# go, as seen by the docs' examples: `go tool pprof -http=...` is started
# with -no_browser, fetched once and stopped; anything else is the real go.
import os, re, subprocess, sys, threading, time, urllib.request
REAL = REAL_GO
args = sys.argv[1:]
def is_http(a):
    return a in ("-http", "--http") or a.startswith(("-http=", "--http="))
if args[:2] != ["tool", "pprof"] or not any(is_http(a) for a in args[2:]):
    os.execv(REAL, [REAL] + args)
p = subprocess.Popen([REAL, "tool", "pprof", "-no_browser"] + args[2:],
                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT, text=True, start_new_session=True)
url = []
def read():
    for line in p.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        m = re.search(r"Serving web UI on (http://\S+)", line)
        if m and not url:
            url.append(m.group(1))
threading.Thread(target=read, daemon=True).start()
deadline = time.time() + 120
while not url and p.poll() is None and time.time() < deadline:
    time.sleep(0.1)
status = 1
try:
    if url:
        # pprof prints its address as it starts listening: a refused
        # connection right then is retried for a while
        for attempt in range(100):
            try:
                r = urllib.request.urlopen(url[0], timeout=60)
                break
            except urllib.error.URLError as e:
                if "refused" not in str(e) or attempt == 99 or p.poll() is not None:
                    raise
                time.sleep(0.2)
        with r:
            body = r.read()
        print("[docs runner] %s answered %d (%d bytes); web UI stopped" % (url[0], r.status, len(body)))
        status = 0 if r.status == 200 else 1
    elif p.poll() is not None:
        time.sleep(0.2)
        status = p.returncode or 1
    else:
        print("[docs runner] the web UI did not start within 120 s")
except Exception as e:
    print("[docs runner] fetching %s: %s" % (url[0], e))
finally:
    try:
        os.killpg(p.pid, 15)
    except OSError:
        pass
    try:
        p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, 9)
sys.exit(status)
'''


def cc(src, dst, log):
    cmd = ["gcc", "-g", "-O0", "-fno-omit-frame-pointer", "-pthread", str(src), "-o", str(dst)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        log.append("cannot build %s: %s\n%s" % (dst.name, shlex.join(cmd), r.stderr))
    return r.returncode == 0


def prepare(top, build, work):
    """Build the bundled programs and the shims; return (bin, shim, errors)."""
    errors = []
    bindir, shim = work / ".bin", work / ".shim"
    bindir.mkdir(parents=True, exist_ok=True)
    shim.mkdir(parents=True, exist_ok=True)
    demo = build / "demo" / "demo"
    if demo.is_file():
        shutil.copy2(demo, bindir / "app")
    else:
        cmd = ["gcc", "-g", "-O1", "-pthread", str(top / "demo" / "demo.c"), "-o", str(bindir / "app")]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            errors.append("cannot build app: %s\n%s" % (shlex.join(cmd), r.stderr))
    cc(top / "tests" / "scripts" / "serve_target.c", bindir / "server", errors)
    cc(top / "tests" / "sync" / "mutex100.c", bindir / "mutex100", errors)

    vg = shim / "valgrind"
    vg.write_text("#!/bin/sh\nexec %s \"$@\"\n" % shlex.quote(str(build / "vg-in-place")))
    vg.chmod(0o755)
    real_go = shutil.which("go", path=os.environ.get("PATH", ""))
    if real_go:
        go = shim / "go"
        go.write_text(GO_SHIM.replace("PYTHON", sys.executable, 1)
                      .replace("REAL_GO", repr(os.path.realpath(real_go)), 1))
        go.chmod(0o755)
    return bindir, shim, errors


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------

def words(line):
    return [w for w in line.split() if not any(c.isdigit() for c in w)]


def check_transcript(block, state):
    """None, or (command, message) for the first mismatch."""
    for k, cmd in enumerate(block.commands):
        try:
            got = (state / ("out.%d" % k)).read_text(errors="replace").splitlines()
        except OSError:
            got = []
        got = [words(l) for l in got]
        pos = 0
        for exp in cmd.expected:
            if exp.strip() == "...":
                continue
            want = words(exp)
            if not want:
                continue
            while pos < len(got) and got[pos] != want:
                pos += 1
            if pos == len(got):
                out = (state / ("out.%d" % k)).read_text(errors="replace").splitlines()
                return cmd, "expected output line not found (compared without words that have digits):\n" \
                    "    %s\n  the command's output:\n%s" % (exp, "\n".join("    | " + l for l in out[-TAIL_LINES:]))
            pos += 1
    return None


def kill_group(pgid):
    try:
        os.killpg(pgid, signal.SIGTERM)
    except OSError:
        return
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            os.killpg(pgid, 0)
        except OSError:
            return
        time.sleep(0.1)
    try:
        os.killpg(pgid, signal.SIGKILL)
    except OSError:
        pass


def run_block(block, folder, state, env, timeout, sh):
    """Run one block; return None or a failure message."""
    if state.exists():
        shutil.rmtree(state)
    state.mkdir(parents=True)
    text = script_for(block)
    whole = False
    if not syntax_ok(text, sh):
        if block.transcript or not syntax_ok(whole_script(block), sh):
            return "the block is not valid sh (%s -n rejects it)" % sh
        text, whole = whole_script(block), True
    (state / "script.sh").write_text(text)
    log = state / "output"
    benv = dict(env, __CPG_STATE=str(state), __CPG_LOG=str(log),
                __CPG_EXIT=str(block.exit) if block.exit is not None else "")
    with open(log, "wb") as out:
        p = subprocess.Popen([sh, str(state / "script.sh")], cwd=folder, env=benv,
                             stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                             start_new_session=True)
        timed_out = False
        try:
            rc = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(p.pid, signal.SIGKILL)
            rc = p.wait()
        size = log.stat().st_size        # what came before the clean-up
        kill_group(p.pid)

    def tail():
        with open(log, "rb") as f:
            text = f.read(size).decode("utf-8", "replace")
        lines = text.splitlines()[-TAIL_LINES:]
        return "\n".join("    | " + l for l in lines) or "    (no output)"

    statuses = []
    if (state / "status").exists():
        for l in (state / "status").read_text().split("\n"):
            if l.strip():
                n, s = l.split()
                statuses.append((int(n), int(s)))
    ok = {0, block.exit}
    by_line = {c.line: c for c in block.commands}
    if timed_out:
        last = ("the last command that ended was at line %d" % statuses[-1][0]) if statuses \
            else "no command ended"
        return "timed out after %g s (%s); output:\n%s" % (timeout, last, tail())
    bad = [(n, s) for n, s in statuses if s not in ok]
    if bad:
        n, s = bad[0]
        cmd = by_line[n].text.splitlines()[0]
        return "line %d: `%s` exited with status %d%s; output:\n%s" \
            % (n, cmd, s, " (expected 0 or %d)" % block.exit if block.exit else "", tail())
    if whole:
        statuses = [(block.line, rc)]
        if rc not in ok:
            return "the block (run as a whole) exited with status %d; output:\n%s" % (rc, tail())
    elif rc != 0:
        return "the script exited with status %d; output:\n%s" % (rc, tail())
    if block.exit is not None and not any(s == block.exit for _, s in statuses):
        return "no command exited with status %d (statuses: %s); output:\n%s" \
            % (block.exit, ", ".join("line %d: %d" % x for x in statuses) or "none", tail())
    if block.transcript:
        bad = check_transcript(block, state)
        if bad:
            cmd, msg = bad
            return "line %d: `%s`: %s" % (cmd.line, cmd.text.splitlines()[0], msg)
    return None


def run_file(shown, blocks, work, bindir, env, timeout, sh):
    """Run the blocks of one file; return (run, not run, failures)."""
    slug = shown.replace("/", "_")
    folder = work / slug
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for prog in sorted(bindir.iterdir()):
        shutil.copy2(prog, folder / prog.name)
    fenv = dict(env)
    fenv["PPROF_TMPDIR"] = str(work / (slug + ".pprof"))
    run = not_run = 0
    failures = []
    for k, block in enumerate(blocks):
        if block.error:
            failures.append((block, block.error))
            continue
        if block.not_run is not None:
            not_run += 1
            continue
        run += 1
        msg = run_block(block, folder, work / (slug + ".runner") / ("block%d" % (k + 1)),
                        fenv, timeout, sh)
        if msg:
            failures.append((block, msg))
    return run, not_run, failures


def plural(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


def main():
    ap = argparse.ArgumentParser(description="Run the ```sh examples of the manual.")
    ap.add_argument("files", nargs="*", help="Markdown files (default: README.md, docs/*.md, scripts/README.md)")
    ap.add_argument("--top", default=os.environ.get("TOP", str(DEFAULT_TOP)), help="source top")
    ap.add_argument("--build", default=None, help="build top, holding vg-in-place (default: $BUILD or --top)")
    ap.add_argument("--work", default=None, help="where the working folders go (default: $OUT/work or a temporary folder)")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="files run at once (default 2)")
    ap.add_argument("--timeout", type=float, default=BLOCK_TIMEOUT, help="seconds per block (default 300)")
    ap.add_argument("--list", action="store_true", help="print the blocks, run nothing")
    a = ap.parse_args()

    top = Path(a.top).resolve()
    build = Path(a.build or os.environ.get("BUILD") or top).resolve()
    if a.files:
        mds = [Path(f).resolve() for f in a.files]
    else:
        mds = [top / "README.md"] + sorted((top / "docs").glob("*.md")) + [top / "scripts" / "README.md"]
        mds = [p for p in mds if p.is_file()]
    for p in mds:
        if not p.is_file():
            print("run_examples.py: no such file: %s" % p, file=sys.stderr)
            return 2

    def shown(p):
        try:
            return str(p.relative_to(top))
        except ValueError:
            return str(p)

    files = []
    for p in mds:
        blocks = read_blocks(p, shown(p))
        for b in blocks:
            split_commands(b)
        files.append((p, shown(p), blocks))

    if a.list:
        for _, name, blocks in files:
            for b in blocks:
                how = ("not run: " + b.not_run) if b.not_run is not None else \
                      ("exit %d" % b.exit if b.exit is not None else "run")
                print("%s:%d: [%s] %s (%s%s)" % (name, b.line, how, b.first, plural(len(b.commands), "command"),
                                                          ", transcript" if b.transcript else ""))
        return 0

    if not (build / "vg-in-place").exists():
        print("run_examples.py: %s/vg-in-place is missing: build first" % build, file=sys.stderr)
        return 2
    temp = None
    if a.work:
        work = Path(a.work).resolve()
    elif os.environ.get("OUT"):
        work = Path(os.environ["OUT"]).resolve() / "work"
    else:
        temp = work = Path(tempfile.mkdtemp(prefix="cprofgrind-docs."))
    if work.exists() and temp is None:
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)

    bindir, shim, errors = prepare(top, build, work)
    if errors:
        for e in errors:
            print("run_examples.py: " + e, file=sys.stderr)
        return 1
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(shim), str(top / "scripts"), env.get("PATH", "")])
    env.pop("DEBUGINFOD_URLS", None)
    sh = shutil.which("sh") or "/bin/sh"

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        futures = [pool.submit(run_file, name, blocks, work, bindir, env, a.timeout, sh)
                   for _, name, blocks in files]
        results = [f.result() for f in futures]

    failed = 0
    for (_, name, _), (run, not_run, failures) in zip(files, results):
        line = "%s: %s run, %d not run" % (name, plural(run, "block"), not_run)
        if failures:
            line += ", %d FAILED" % len(failures)
        print(line, flush=True)
        for block, msg in failures:
            failed += 1
            print("FAIL %s:%d (```sh block starting `%s`): %s"
                  % (name, block.line, block.first, msg), file=sys.stderr)
    if failed:
        print("the working folders are in %s" % work, file=sys.stderr)
    elif temp is not None:
        shutil.rmtree(temp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
