# cpgrace.py -- read cprofgrind's race reports (--race-json) and describe
# them, standard library only.
#
#   Input:  the file --race-json=FILE writes: one JSON object per line and
#           per report (gzip-compressed copies are accepted too), e.g.
#
#     {"type":"data-race",
#      "access":  {"op":"write","atomic":false,"size":4,"address":"0x10c034",
#                  "thread":2,"mutexes":[{"id":2,"write":true}],
#                  "stack":[{"function":"worker","file":"/src/x.c","line":14,
#                            "object":"x","offset":"0x118f"}, ...]},
#      "previous":{... the same fields ...},
#      "location":{"kind":"global","name":"counter","address":"0x..","size":4}
#               | {"kind":"heap","address":"0x..","size":32,"thread":0,
#                  "stack":[... where it was allocated ...]}
#               | {"kind":"stack"|"tls","thread":0},       (may be absent)
#      "summary":"data race /src/x.c:14 in worker"}
#
#           Threads are numbered as ThreadSanitizer numbers them: 0 is the
#           main thread.  A frame without source has "file":"" and
#           "line":0 (missing keys are taken the same way).
#   Output: plain Python objects (Report, Access, Frame) and the texts the
#           converters share: a one-line message, the ThreadSanitizer-style
#           report, the frame a report is shown at.
#
# Shared by cprof_sarif and cprof_junit, which find it next to themselves
# (or in <prefix>/share/cprofgrind once installed).  read_reports() raises
# cpgpprof.BadInput with "FILE:LINE: message" for anything that is not a
# race report: a line that is not JSON, a JSON value that is not a report
# object, a file cut in the middle of its last line.  Records of another
# "type" than "data-race" (a future "lock-order-inversion", say) are kept
# when they have "access" and "previous" stacks, and skipped with a warning
# otherwise.

import gzip
import json
import os
import re
import sys
import zlib

from cpgpprof import BadInput, read_input_bytes

__all__ = ["Frame", "Access", "Report", "read_reports", "srcroots", "relative",
           "thread_name", "main_frame", "frame_text", "access_phrase",
           "location_phrase", "message", "report_text", "title", "capital",
           "is_system_frame", "DATA_RACE"]

DATA_RACE = "data-race"

# Objects whose frames are not the program's own code: the C and C++
# runtimes, the dynamic loader, Valgrind's and cprofgrind's preload
# libraries.  Source files under the system's folders are not either.
_SYSTEM_OBJECT = re.compile(
    r"^(?:libc|libm|libdl|librt|libpthread|libresolv|libstdc\+\+|libc\+\+|libc\+\+abi|"
    r"libgcc_s|libatomic|libgomp|libasan|libtsan|libubsan)(?:[.-].*)?\.so"
    r"|^ld-linux.*\.so|^ld64\.so|^ld\.so|^vgpreload_")
_SYSTEM_DIRS = ("/usr/include/", "/usr/lib/", "/usr/src/", "/lib/")


class Frame:
    """One frame of a stack: function (may be ""), file ("" when unknown),
    line (0 when unknown), object (basename of the ELF file, may be ""),
    offset (its address in the object's link-time terms, a string)."""

    __slots__ = ("function", "file", "line", "object", "offset")

    def __init__(self, function="", file="", line=0, object="", offset=""):
        self.function = function
        self.file = file
        self.line = line
        self.object = object
        self.offset = offset

    @property
    def name(self):
        return self.function or "<null>"

    @property
    def has_source(self):
        return bool(self.file)


class Access:
    """One of the two accesses of a report.  op ("read"/"write"; "" when
    the record has none), atomic, size (None when absent), address ("" when
    absent), thread (None when absent), mutexes [(id, write)], frames
    (innermost first)."""

    __slots__ = ("op", "atomic", "size", "address", "thread", "mutexes", "frames")

    def __init__(self):
        self.op = ""
        self.atomic = False
        self.size = None
        self.address = ""
        self.thread = None
        self.mutexes = []
        self.frames = []


class Report:
    """One record: type ("data-race", ...), access, previous (Access),
    location (dict, may be None), location_frames (a heap block's
    allocation stack), summary (may be ""), lineno (its line in the
    input)."""

    __slots__ = ("type", "access", "previous", "location", "location_frames",
                 "summary", "lineno")


# --------------------------------------------------------------------------
# Reading

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class _NotAReport(Exception):
    """The record is JSON but not a report object."""


def _clean(s):
    # json.loads accepts "\ud800" alone, which no UTF-8 output can carry.
    return _LONE_SURROGATE.sub("\ufffd", s)


def _str(obj, key, where, required=False, default=""):
    if key not in obj or obj[key] is None:
        if required:
            raise _NotAReport('%s has no "%s"' % (where, key))
        return default
    v = obj[key]
    if not isinstance(v, str):
        raise _NotAReport('%s: "%s" is %s, not a string' % (where, key, _kind(v)))
    return _clean(v)


def _int(obj, key, where, required=False, default=None):
    if key not in obj or obj[key] is None:
        if required:
            raise _NotAReport('%s has no "%s"' % (where, key))
        return default
    v = obj[key]
    if isinstance(v, bool) or not isinstance(v, int):
        raise _NotAReport('%s: "%s" is %s, not an integer' % (where, key, _kind(v)))
    if v < 0:
        raise _NotAReport('%s: "%s" is %d, not >= 0' % (where, key, v))
    return v


def _kind(v):
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, float)):
        return "a number"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, dict):
        return "an object"
    return "null"


def _frames(stack, where):
    if not isinstance(stack, list):
        raise _NotAReport('%s: "stack" is %s, not a list' % (where, _kind(stack)))
    out = []
    for i, f in enumerate(stack):
        fw = "%s frame #%d" % (where, i)
        if not isinstance(f, dict):
            raise _NotAReport("%s is %s, not an object" % (fw, _kind(f)))
        out.append(Frame(_str(f, "function", fw), _str(f, "file", fw),
                         _int(f, "line", fw, default=0), _str(f, "object", fw),
                         _str(f, "offset", fw)))
    return out


def _access(obj, where, strict):
    if not isinstance(obj, dict):
        raise _NotAReport('"%s" is %s, not an object' % (where, _kind(obj)))
    a = Access()
    a.op = _str(obj, "op", where, required=strict)
    if strict and a.op not in ("read", "write"):
        raise _NotAReport('%s: "op" is "%s", not "read" or "write"' % (where, a.op))
    at = obj.get("atomic", False)
    if not isinstance(at, bool):
        raise _NotAReport('%s: "atomic" is %s, not a boolean' % (where, _kind(at)))
    a.atomic = at
    a.size = _int(obj, "size", where, required=strict)
    a.address = _str(obj, "address", where)
    a.thread = _int(obj, "thread", where, required=strict)
    mx = obj.get("mutexes", [])
    if not isinstance(mx, list):
        raise _NotAReport('%s: "mutexes" is %s, not a list' % (where, _kind(mx)))
    for m in mx:
        if not isinstance(m, dict):
            raise _NotAReport('%s: a mutex is %s, not an object' % (where, _kind(m)))
        w = m.get("write", True)
        a.mutexes.append((_int(m, "id", where + " mutex", required=True),
                          w if isinstance(w, bool) else True))
    if "stack" not in obj:
        raise _NotAReport('%s has no "stack"' % where)
    a.frames = _frames(obj["stack"], where)
    return a


def _report(rec, lineno, warn):
    """The Report of one decoded record; None (after warn()) when it is of
    an unknown type without access and previous stacks."""
    if not isinstance(rec, dict):
        raise _NotAReport("not a race report: a JSON value that is %s, not an object"
                          % _kind(rec))
    typ = rec.get("type")
    if not isinstance(typ, str) or not typ:
        raise _NotAReport('not a race report: no "type"' if typ is None else
                          'not a race report: "type" is %s, not a string' % _kind(typ))
    typ = _clean(typ)
    r = Report()
    r.type = typ
    r.lineno = lineno
    strict = typ == DATA_RACE
    if not strict:
        acc, prev = rec.get("access"), rec.get("previous")
        if not (isinstance(acc, dict) and isinstance(prev, dict)
                and isinstance(acc.get("stack"), list)
                and isinstance(prev.get("stack"), list)):
            warn('skipped a "%s" record: it has no "access" and "previous" stacks' % typ)
            return None
    for key in ("access", "previous"):
        if key not in rec:
            raise _NotAReport('not a race report: no "%s"' % key)
    r.access = _access(rec["access"], "access", strict)
    r.previous = _access(rec["previous"], "previous", strict)
    loc = rec.get("location")
    r.location = None
    r.location_frames = []
    if loc is not None:
        if not isinstance(loc, dict):
            raise _NotAReport('"location" is %s, not an object' % _kind(loc))
        r.location = {k: (_clean(v) if isinstance(v, str) else v) for k, v in loc.items()
                      if k != "stack"}
        if "stack" in loc:
            r.location_frames = _frames(loc["stack"], "location")
    r.summary = _str(rec, "summary", "the report")
    return r


def read_reports(path, prog, warn_stream=None):
    """The reports in path ('-' = stdin), in the file's order.  Warnings
    ("<prog>: FILE:LINE: warning: ...") go to warn_stream (stderr when
    None).  BadInput "FILE:LINE: ..." on anything unreadable."""
    name = "<stdin>" if path == "-" else path
    try:
        data = read_input_bytes(path)
    except BadInput as e:
        msg = str(e)
        if msg.endswith(": empty file"):
            return []               # a run without races writes an empty file
        if path == "-" and msg.startswith("-: "):
            msg = name + msg[1:]
        raise BadInput(msg) from None
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except EOFError:
            raise BadInput("%s: truncated gzip data" % name) from None
        except (gzip.BadGzipFile, zlib.error, OSError) as e:
            raise BadInput("%s: corrupt gzip data (%s)" % (name, e)) from None
    if b"\0" in data[:65536]:
        raise BadInput("%s: binary data, not --race-json output (one JSON object "
                       "per line)" % name)
    stream = warn_stream or sys.stderr

    def warner(lineno):
        def warn(msg):
            print("%s: %s:%d: warning: %s" % (prog, name, lineno, msg), file=stream)
        return warn

    lines = data.split(b"\n")
    ends_cut = lines[-1] != b""      # no newline after the last line
    if not ends_cut:
        lines.pop()
    reports = []
    decoder = json.JSONDecoder()
    for i, raw in enumerate(lines, 1):
        text = raw.decode("utf-8", "replace").strip()
        if not text:
            continue
        try:
            rec, end = decoder.raw_decode(text)
            if end != len(text):
                raise ValueError("extra data after the object at column %d" % (end + 1))
        except ValueError as e:
            if ends_cut and i == len(lines):
                raise BadInput("%s:%d: truncated file: the last line ends in the middle "
                               "of a JSON object" % (name, i)) from None
            what = e.msg if isinstance(e, json.JSONDecodeError) else str(e)
            col = (" at column %d" % (e.colno)) if isinstance(e, json.JSONDecodeError) else ""
            if i == 1 and text[:1] in "{[" and _whole_json(data):
                raise BadInput("%s: one JSON document over several lines, not "
                               "--race-json output (one JSON object per line)" % name) \
                    from None
            raise BadInput("%s:%d: not JSON (%s%s)" % (name, i, what, col)) from None
        except RecursionError:
            raise BadInput("%s:%d: not a race report: JSON nested too deeply"
                           % (name, i)) from None
        try:
            r = _report(rec, i, warner(i))
        except _NotAReport as e:
            raise BadInput("%s:%d: %s" % (name, i, e)) from None
        if r is not None:
            reports.append(r)
    return reports


def _whole_json(data):
    try:
        json.loads(data.decode("utf-8", "replace"))
        return True
    except (ValueError, RecursionError):
        return False


# --------------------------------------------------------------------------
# Describing

def thread_name(t):
    """ThreadSanitizer's name of thread number t (0: the main thread)."""
    if t is None or t >= 0xffffffff:
        return "an unknown thread"
    return "main thread" if t == 0 else "thread T%d" % t


def title(typ):
    """"data-race" -> "Data race"."""
    words = typ.replace("_", "-").split("-")
    return " ".join(w for w in words if w).capitalize() or typ


def is_system_frame(f):
    """Is frame f in the C/C++ runtime, the loader or a preload library
    (or in a system header)?"""
    if f.object and _SYSTEM_OBJECT.search(f.object):
        return True
    return bool(f.file) and f.file.startswith(_SYSTEM_DIRS)


def srcroots(folder):
    """The normalised absolute forms of --srcroot (as given and with its
    symbolic links resolved); () for None; BadInput if not a folder."""
    if folder is None:
        return ()
    if not os.path.isdir(folder):
        raise BadInput("--srcroot %s: not a folder" % folder)
    return tuple(sorted({os.path.normpath(os.path.abspath(folder)),
                         os.path.normpath(os.path.realpath(folder))}))


def relative(path, roots):
    """path relative to the first of roots it is under, or None."""
    if not roots or not os.path.isabs(path):
        return None
    p = os.path.normpath(path)
    for r in roots:
        r = r.rstrip("/")
        if p.startswith(r + "/"):
            return p[len(r) + 1:]
    return None


def main_frame(frames, roots=()):
    """The index of the frame a report is shown at (None for an empty
    stack): the first frame with a source file under one of roots (the
    folders of --srcroot, normalised and absolute); else the first with a
    source file that is the program's own code (not in the C/C++ runtime,
    the loader or a preload library: the calling line of memcpy, free,
    ...); else the first with a source file; else frame #0."""
    if not frames:
        return None
    if roots:
        for i, f in enumerate(frames):
            if f.has_source and relative(f.file, roots) is not None:
                return i
    for i, f in enumerate(frames):
        if f.has_source and not is_system_frame(f):
            return i
    for i, f in enumerate(frames):
        if f.has_source:
            return i
    return 0


def frame_text(f, index=None):
    """A frame as ThreadSanitizer prints it: "#0 fn file:line (obj+0x..)"."""
    s = "" if index is None else "#%d " % index
    s += f.name
    if f.file:
        s += " %s:%d" % (f.file, f.line) if f.line else " %s" % f.file
    if f.object:
        s += " (%s%s)" % (f.object, "+" + f.offset if f.offset else "")
    return s


def access_phrase(a):
    """"atomic write of size 4 by thread T2" (parts absent from the record
    are left out)."""
    op = a.op or "access"
    if a.atomic:
        op = "atomic " + op
    s = op
    if a.size is not None:
        s += " of size %d" % a.size
    if a.thread is not None:
        s += " by " + thread_name(a.thread)
    return s


def location_phrase(r):
    """"global 'counter'", "heap block of size 32 allocated by main
    thread", "stack of main thread", ... ("" when the record has none)."""
    loc = r.location
    if not loc:
        return ""
    kind = loc.get("kind")
    size = loc.get("size")
    thread = loc.get("thread")
    if not isinstance(thread, int) or isinstance(thread, bool):
        thread = None
    if kind == "global":
        s = "global '%s'" % loc.get("name", "?")
        return s
    if kind == "heap":
        s = "heap block"
        if isinstance(size, int) and not isinstance(size, bool):
            s += " of size %d" % size
        if thread is not None:
            s += " allocated by " + thread_name(thread)
        return s
    if kind in ("stack", "tls"):
        return "%s of %s" % ("TLS" if kind == "tls" else "stack", thread_name(thread))
    if isinstance(kind, str) and kind:
        return "%s location" % kind
    return ""


def message(r):
    """One line, as ThreadSanitizer's summary reads: "Data race: write of
    size 4 by thread T2 races with previous read of size 4 by thread T1 on
    global 'counter'"."""
    s = "%s: %s %s previous %s" % (
        title(r.type), access_phrase(r.access),
        "races with" if r.type == DATA_RACE else "with", access_phrase(r.previous))
    loc = location_phrase(r)
    if loc:
        s += " on " + loc
    return s


def _header(a, previous):
    op = a.op or "access"
    if a.atomic:
        op = "atomic " + op
    head = ("Previous " + op) if previous else op[:1].upper() + op[1:]
    s = "  " + head
    if a.size is not None:
        s += " of size %d" % a.size
    if a.address:
        s += " at %s" % a.address
    if a.thread is not None:
        s += " by " + thread_name(a.thread)
    if a.mutexes:
        s += " (mutexes:%s)" % ",".join(" %s M%d" % ("write" if w else "read", i)
                                        for i, w in a.mutexes)
    return s + ":"


def _stack_lines(frames):
    if not frames:
        return ["    <no stack>"]
    return ["    " + frame_text(f, i) for i, f in enumerate(frames)]


def capital(s):
    """s with its first letter in upper case (the rest as it is)."""
    return s[:1].upper() + s[1:]


def report_text(r):
    """The report as cprofgrind (and ThreadSanitizer) print it, from what
    the JSON holds (the "created at" sections of mutexes and threads are
    not in it)."""
    out = ["==================", "WARNING: %s" % title(r.type).upper()]
    out.append(_header(r.access, False))
    out += _stack_lines(r.access.frames)
    out.append("")
    out.append(_header(r.previous, True))
    out += _stack_lines(r.previous.frames)
    loc = r.location
    if loc:
        kind = loc.get("kind")
        out.append("")
        if kind == "global":
            s = "  Location is global '%s'" % loc.get("name", "?")
            if loc.get("size"):
                s += " of size %s" % loc["size"]
            if loc.get("address"):
                s += " at %s" % loc["address"]
            out.append(s)
        elif kind == "heap":
            s = "  Location is heap block"
            if loc.get("size") is not None:
                s += " of size %s" % loc["size"]
            if loc.get("address"):
                s += " at %s" % loc["address"]
            if "thread" in loc:
                t = loc["thread"]
                s += " allocated by " + thread_name(
                    t if isinstance(t, int) and not isinstance(t, bool) else None)
            out.append(s + ":")
            out += _stack_lines(r.location_frames)
        elif kind in ("stack", "tls"):
            t = loc.get("thread")
            out.append("  Location is %s of %s." % (
                "TLS" if kind == "tls" else "stack",
                thread_name(t if isinstance(t, int) and not isinstance(t, bool) else None)))
        else:
            out.append("  Location is %s" % location_phrase(r))
    out.append("")
    if r.summary:
        out.append("SUMMARY: cprofgrind: %s" % r.summary)
    else:
        i = main_frame(r.access.frames)
        f = r.access.frames[i] if i is not None else None
        out.append("SUMMARY: cprofgrind: %s%s" % (
            title(r.type).lower(),
            "" if f is None else (" %s:%d in %s" % (f.file, f.line, f.name) if f.file
                                  else " in %s" % f.name)))
    out.append("==================")
    return "\n".join(out) + "\n"
