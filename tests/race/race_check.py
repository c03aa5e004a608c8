#!/usr/bin/env python3
"""race_check.py -- check a data race report against a labelled program.

    race_check.py --ours SRC REPORT        check cprofgrind's report (the
                                           stderr of a --race=yes run)
    race_check.py --tsan [--brief] [--runs N] [-j N] [-v] SRC...
                                           build each SRC with ThreadSanitizer,
                                           run it and check TSan's report
    race_check.py --parse REPORT [SRC]     print the races found in REPORT

Labels, in the program source (tests/race/README.md):

  // VERDICT: racy          or   // VERDICT: race-free      (exactly one)
  ... /* RACE */            on each source line that takes part in a race
  // TSAN: racy ...  or  // TSAN: race-free ...  or  // TSAN: crash ...
                            (optional) what ThreadSanitizer does when it
                            differs from the label, followed by why; with
                            "racy", the lines TSan reports are those marked
                            /* TSAN-RACE */ (or, when none is, those marked
                            /* RACE */); "crash" means the TSan run dies with
                            an "ERROR: ThreadSanitizer: ..." line.

A report holds blocks that begin with "WARNING: ThreadSanitizer: <kind>"
(TSan) or "WARNING: DATA RACE" (cprofgrind; a leading "==PID== " is
ignored).  Each access of a data race block ("Write of size 4 at 0x... by
thread T1:", "Previous atomic read ...") is followed by its stack; the
access's place is the first frame in the program's source file (frame #0
unless that one is in libc, the sanitizer runtime or a preload wrapper),
else the first frame that has a file and line.  A race is the unordered
pair of the places of its two accesses; blocks of other kinds (thread
leak, heap-use-after-free, ...) are only counted, in a "note:" line, and
an "ERROR: ThreadSanitizer: ..." line (a crash) fails the check unless
the program documents it.

Checks, one line each: "verdict: ok" (race-free: no race; racy: at least
one) and "lines: ok" (every reported pair has both lines marked, every
marked line is in a reported pair), or what differs.  In --tsan mode a
documented difference reads "verdict: ok (documented TSan difference)";
--brief prints one line per program instead; -v adds TSan's output of a
failing run.  The exit status is 0 when everything matched, 1 on a
mismatch, 2 on bad labels or usage.

Python 3 standard library only.
"""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

TSAN_OPTIONS = "exitcode=66 halt_on_error=0 report_signal_unsafe=0"
TSAN_EXITCODE = 66
RUN_TIMEOUT = 120

CXX_SUFFIXES = (".cpp", ".cc", ".cxx", ".C")


class LabelError(Exception):
    pass


# ---------------------------------------------------------------- labels

MARK_RE = re.compile(r"/\*\s*RACE\s*\*/")
TSAN_MARK_RE = re.compile(r"/\*\s*TSAN-RACE\s*\*/")
VERDICT_RE = re.compile(r"^\s*//\s*VERDICT:\s*(\S+)\s*$")
TSAN_RE = re.compile(r"^\s*//\s*TSAN:\s*(racy|race-free|crash)\b(.*)$")


class Labels:
    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        self.verdict = None          # "racy" / "race-free"
        self.lines = set()           # lines marked RACE
        self.tsan = None             # None, or "racy" / "race-free" / "crash"
        self.tsan_note = ""
        self.tsan_lines = set()      # lines marked TSAN-RACE
        self._parse()

    def _parse(self):
        try:
            with open(self.path, encoding="utf-8") as f:
                text = f.read().splitlines()
        except OSError as e:
            raise LabelError("%s: cannot read: %s" % (self.name, e.strerror))
        verdicts = []
        for no, line in enumerate(text, 1):
            m = VERDICT_RE.match(line)
            if m:
                verdicts.append(m.group(1))
                continue
            m = TSAN_RE.match(line)
            if m:
                if self.tsan is not None:
                    raise LabelError("%s: more than one // TSAN: line"
                                     % self.name)
                self.tsan = m.group(1)
                self.tsan_note = m.group(2).strip(" -:;,")
                continue
            if line.lstrip().startswith("//"):
                continue             # a comment line is never a marked line
            if MARK_RE.search(line):
                self.lines.add(no)
            if TSAN_MARK_RE.search(line):
                self.tsan_lines.add(no)
        if len(verdicts) != 1:
            raise LabelError("%s: needs exactly one '// VERDICT: racy' or "
                             "'// VERDICT: race-free' line" % self.name)
        self.verdict = verdicts[0]
        if self.verdict not in ("racy", "race-free"):
            raise LabelError("%s: unknown verdict %r" % (self.name,
                                                        self.verdict))
        if self.verdict == "racy" and not self.lines:
            raise LabelError("%s: racy but no line is marked /* RACE */"
                             % self.name)
        if self.verdict == "race-free" and self.lines:
            raise LabelError("%s: race-free but lines %s are marked "
                             "/* RACE */" % (self.name, fmt_lines(self.lines)))
        if self.tsan_lines and self.tsan != "racy":
            raise LabelError("%s: /* TSAN-RACE */ marks need a "
                             "'// TSAN: racy' line" % self.name)
        if self.tsan == "racy" and not (self.tsan_lines or self.lines):
            raise LabelError("%s: '// TSAN: racy' but no line is marked"
                             % self.name)

    def expected(self, tsan):
        """(verdict, marked lines, documented) for TSan or for us."""
        if tsan and self.tsan is not None:
            if self.tsan in ("race-free", "crash"):
                return self.tsan, set(), True
            return "racy", set(self.tsan_lines or self.lines), True
        return self.verdict, set(self.lines), False


def fmt_lines(lines):
    return " ".join(str(n) for n in sorted(lines))


# ---------------------------------------------------------------- reports

PREFIX_RE = re.compile(r"^(?:==\d+==|--\d+--)\s?")
SEPARATOR_RE = re.compile(r"^\s*={10,}\s*$")
WARNING_RE = re.compile(
    r"^\s*WARNING:\s*(?:ThreadSanitizer:\s*(?P<tsan>.*?)"
    r"(?:\s*\(pid=\d+\))?|(?P<ours>DATA RACE.*?))\s*$")
ERROR_RE = re.compile(r"^\s*ERROR:\s*ThreadSanitizer:\s*(.*?)\s*$")
ACCESS_RE = re.compile(
    r"^\s*(?:previous\s+)?(?:atomic\s+)?(?:read|write)\b.*?"
    r"\bby\s+(?:main\s+thread|thread\s+T\d+).*:\s*$", re.I)
FRAME_RE = re.compile(r"^\s*#(\d+)\s+(.*)$")
FILELINE_RE = re.compile(r"(?:^|\s)(\S+?):(\d+)(?::\d+)?\s*(?:\([^()]*\))?\s*$")


class Report:
    def __init__(self):
        self.races = set()        # {((file, line), (file, line))}, sorted pairs
        self.others = {}          # kind -> count
        self.unplaced = 0         # data race blocks whose accesses had no stack
        self.errors = []          # "ERROR: ThreadSanitizer: ..." (a crash)


def place_of(frames, src_base):
    """The (basename, line) of an access's stack, or None."""
    if not frames:
        return None
    for f in frames:
        if f and f[0] == src_base:
            return f
    for f in frames:
        if f:
            return f
    return None


def parse_frame(text):
    m = FILELINE_RE.search(text)
    if not m:
        return None
    return (os.path.basename(m.group(1)), int(m.group(2)))


def parse_report(text, src_base):
    rep = Report()
    lines = [PREFIX_RE.sub("", l.rstrip("\n")) for l in text.splitlines()]
    i = 0
    n = len(lines)
    while i < n:
        e = ERROR_RE.match(lines[i])
        if e:
            # Keep the words, drop addresses and the (pc ... T123) part.
            what = re.sub(r"\s*\(pc .*$", "", e.group(1))
            what = re.sub(r"\s*0x[0-9a-fA-F]+", "", what)
            rep.errors.append(what)
        m = WARNING_RE.match(lines[i])
        if not m:
            i += 1
            continue
        kind = (m.group("tsan") or m.group("ours") or "").strip()
        is_race = bool(m.group("ours")) or kind.startswith("data race")
        i += 1
        # The block runs to the next separator or warning.
        block = []
        while i < n and not SEPARATOR_RE.match(lines[i]) \
                and not WARNING_RE.match(lines[i]):
            block.append(lines[i])
            i += 1
        if not is_race:
            kind = re.sub(r"\s*\(pid=\d+\)", "", kind)
            rep.others[kind] = rep.others.get(kind, 0) + 1
            continue
        places = []
        j = 0
        while j < len(block):
            if ACCESS_RE.match(block[j]):
                frames = []
                j += 1
                while j < len(block):
                    fm = FRAME_RE.match(block[j])
                    if not fm:
                        break
                    frames.append(parse_frame(fm.group(2)))
                    j += 1
                places.append(place_of(frames, src_base))
                continue
            j += 1
        if len(places) >= 2 and places[0] and places[1]:
            rep.races.add(tuple(sorted(places[:2])))
        else:
            rep.unplaced += 1
    return rep


def fmt_place(p):
    return "%s:%d" % p


def fmt_pair(pair):
    return "%s <-> %s" % (fmt_place(pair[0]), fmt_place(pair[1]))


# ---------------------------------------------------------------- checking

def check(labels, rep, tsan):
    """Lines of the result and whether everything matched."""
    verdict, marked, documented = labels.expected(tsan)
    out = []
    ok = True
    nraces = len(rep.races) + rep.unplaced
    suffix = " (documented TSan difference)" if documented else ""
    if verdict == "crash":
        if rep.errors:
            out.append("verdict: ok" + suffix)
        else:
            out.append("verdict: expected TSan to crash, it did not (%d race%s)"
                       % (nraces, "" if nraces == 1 else "s"))
            ok = False
        return out, ok
    if rep.errors:
        out.append("run: crashed: %s" % rep.errors[0])
        ok = False
    if verdict == "racy":
        if nraces:
            out.append("verdict: ok" + suffix)
        else:
            out.append("verdict: expected racy, no race reported")
            ok = False
    else:
        if nraces == 0:
            out.append("verdict: ok" + suffix)
        else:
            out.append("verdict: expected race-free, %d race%s reported"
                       % (nraces, "" if nraces == 1 else "s"))
            ok = False
    problems = []
    if rep.unplaced:
        problems.append("%d race%s without a source line"
                        % (rep.unplaced, "" if rep.unplaced == 1 else "s"))
    for pair in sorted(rep.races):
        bad = [p for p in pair
               if p[0] != labels.name or p[1] not in marked]
        if bad:
            problems.append("unmarked race %s" % fmt_pair(pair))
    if verdict == "racy":
        reported = {p[1] for pair in rep.races for p in pair
                    if p[0] == labels.name}
        missing = sorted(marked - reported)
        if missing:
            problems.append("marked line%s %s not reported"
                            % ("" if len(missing) == 1 else "s",
                               fmt_lines(missing)))
    if problems:
        out.append("lines: " + "; ".join(problems))
        ok = False
    else:
        out.append("lines: ok")
    if rep.others:
        kinds = ", ".join("%s x%d" % (k, v) for k, v in sorted(rep.others.items()))
        total = sum(rep.others.values())
        out.append("note: %d other report%s ignored (%s)"
                   % (total, "" if total == 1 else "s", kinds))
    return out, ok


# ---------------------------------------------------------------- TSan

def tsan_build(src, tmpdir):
    base = os.path.basename(src)
    stem = os.path.splitext(base)[0]
    exe = os.path.join(tmpdir, stem)
    cc = "g++" if src.endswith(CXX_SUFFIXES) else "gcc"
    cmd = [cc, "-g", "-O1", "-fsanitize=thread", "-pthread", src, "-o", exe]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    if p.returncode != 0:
        return None, p.stdout
    return exe, ""


def tsan_run(exe):
    env = dict(os.environ)
    env["TSAN_OPTIONS"] = TSAN_OPTIONS
    env.pop("DEBUGINFOD_URLS", None)
    try:
        p = subprocess.run([exe], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           env=env, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, ""
    return p.returncode, p.stderr.decode("utf-8", "replace")


def tsan_check(src, runs, tmpdir, verbose=False):
    """(lines, ok) for one program, over `runs` runs."""
    labels = Labels(src)
    exe, err = tsan_build(src, tempfile.mkdtemp(dir=tmpdir))
    if exe is None:
        first = (err.strip().splitlines() or ["?"])[0]
        return ["build: failed: " + first], False
    results = []
    for _ in range(runs):
        rc, text = tsan_run(exe)
        rep = parse_report(text, labels.name)
        out, ok = check(labels, rep, tsan=True)
        if verbose and not ok:
            out = out + ["| " + l for l in
                         ("exit status %s\n" % rc + text).splitlines()]
        if rc is None:
            out.append("exit: timed out after %ds" % RUN_TIMEOUT)
            ok = False
        elif rc not in (0, TSAN_EXITCODE):
            # 66 means "TSan reported something", which the report shows.
            out.append("exit: status %d" % rc)
            ok = False
        results.append((out, ok))
    # Report the first failing run, if any; else the first run.  A verdict
    # that changes between runs is a failure of its own.
    distinct = []
    for out, ok in results:
        if out not in distinct:
            distinct.append(out)
    bad = [r for r in results if not r[1]]
    out, ok = bad[0] if bad else results[0]
    out = list(out)
    if len(distinct) > 1:
        out.append("stability: %d different results in %d runs"
                   % (len(distinct), runs))
        ok = False
    return out, ok


def brief_line(src, out, ok, labels=None):
    name = os.path.basename(src)
    if ok:
        doc = any("documented TSan difference" in l for l in out)
        if doc:
            return "%s: ok (documented TSan difference: TSan says %s)" \
                % (name, labels.tsan if labels else "?")
        return "%s: ok" % name
    bad = [l for l in out if not l.endswith(": ok") and
           not l.startswith("| ") and
           not l.startswith("note:") and
           "documented TSan difference" not in l]
    return "%s: FAIL (%s)" % (name, "; ".join(bad))


def main_tsan(args):
    status = 0
    srcs = args.src
    with tempfile.TemporaryDirectory(prefix="race_check.") as tmpdir:
        def one(src):
            try:
                labels = Labels(src)
            except LabelError as e:
                return src, ["labels: %s" % e], False, None
            out, ok = tsan_check(src, args.runs, tmpdir, args.verbose)
            return src, out, ok, labels

        jobs = args.jobs or (os.cpu_count() or 1)
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
            results = list(ex.map(one, srcs))
    results.sort(key=lambda r: os.path.basename(r[0]))
    for src, out, ok, labels in results:
        if args.brief:
            print(brief_line(src, out, ok, labels))
            if args.verbose:
                for l in out:
                    if l.startswith("| "):
                        print(l)
        else:
            if len(srcs) > 1:
                print("%s:" % os.path.basename(src))
                out = ["  " + l for l in out]
            for l in out:
                print(l)
        if not ok:
            status = 2 if labels is None else max(status, 1)
    return status


def main_ours(args):
    try:
        labels = Labels(args.src[0])
    except LabelError as e:
        print("labels: %s" % e)
        return 2
    try:
        with open(args.report, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError as e:
        print("report: cannot read %s: %s" % (args.report, e.strerror))
        return 2
    rep = parse_report(text, labels.name)
    out, ok = check(labels, rep, tsan=False)
    for l in out:
        print(l)
    return 0 if ok else 1


def main_parse(args):
    base = os.path.basename(args.src[0]) if args.src else ""
    try:
        with open(args.report, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError as e:
        print("report: cannot read %s: %s" % (args.report, e.strerror))
        return 2
    rep = parse_report(text, base)
    for pair in sorted(rep.races):
        print("race: %s" % fmt_pair(pair))
    if rep.unplaced:
        print("races without a source line: %d" % rep.unplaced)
    for k, v in sorted(rep.others.items()):
        print("other: %s x%d" % (k, v))
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Check a data race report against a labelled program.")
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--ours", action="store_true",
                      help="check cprofgrind's report: SRC REPORT")
    mode.add_argument("--tsan", action="store_true",
                      help="build and run SRC... with ThreadSanitizer")
    mode.add_argument("--parse", metavar="REPORT",
                      help="print the races found in REPORT [SRC]")
    ap.add_argument("--brief", action="store_true",
                    help="--tsan: one line per program")
    ap.add_argument("--runs", type=int, default=1, metavar="N",
                    help="--tsan: run each program N times (default 1)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="--tsan: print TSan's output of a failing run")
    ap.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                    help="--tsan: programs checked at once (default: CPUs)")
    ap.add_argument("args", nargs="*", metavar="FILE")
    args = ap.parse_args(argv)
    if args.ours:
        if len(args.args) != 2:
            ap.error("--ours needs SRC and REPORT")
        args.src, args.report = [args.args[0]], args.args[1]
        return main_ours(args)
    if args.parse:
        if len(args.args) > 1:
            ap.error("--parse takes at most one SRC")
        args.report, args.src = args.parse, args.args
        return main_parse(args)
    if not args.args:
        ap.error("--tsan needs at least one SRC")
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    args.src = args.args
    return main_tsan(args)


if __name__ == "__main__":
    sys.exit(main())
