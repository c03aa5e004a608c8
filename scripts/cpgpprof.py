# cpgpprof.py -- read and write pprof profile.proto files, standard library
# only (the protobuf wire format is encoded and decoded by hand).
#
#   Input:  a pprof profile (google/pprof proto/profile.proto), gzip-compressed
#           or raw: like pprof's ParseData, data starting with 1f 8b is
#           gunzipped first.
#   Output: the same format, always gzip-compressed.
#
# Shared by cprof_annotate, cprof_folded and valgrind2pprof (and, for
# BadInput, read_input_bytes, write_output and run_main, by cprof_sarif and
# cprof_junit), which find it next to themselves:
#
#     sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
#     import cpgpprof
#
# The objects are plain: Profile holds lists of ValueType, Sample, Mapping,
# Location and Function, with strings already resolved (the string table
# read is kept in Profile.string_table for reference; write_profile() makes
# a new, deduplicated one).  read_profile() validates the profile as
# pprof's Profile.CheckValid does and raises BadInput with a one-line
# message when the file is missing, empty, truncated, corrupt or not a
# profile.  run_main() wraps a script's main so that such errors print
# "<script>: <message>" and exit 2 (other failures exit 1), never a
# traceback.

import gzip
import os
import re
import sys
import zlib
from dataclasses import dataclass, field

__all__ = [
    "BadInput", "ValueType", "Label", "Sample", "Line", "Location", "Function",
    "Mapping", "Profile", "Frame", "parse_profile", "read_profile",
    "encode_profile", "write_profile", "check_valid", "sample_index",
    "sample_frames", "frame_name", "remove_uninteresting", "ProfileBuilder",
    "read_input_bytes", "write_output", "run_main",
]


class BadInput(Exception):
    """The input (file or command line) is unusable; exit status 2."""


# --------------------------------------------------------------------------
# The objects

@dataclass
class ValueType:
    type: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Label:
    key: str = ""
    str: str = ""          # a string label ...
    num: int = 0           # ... or a numeric one
    num_unit: str = ""


@dataclass
class Sample:
    location_ids: list = field(default_factory=list)   # leaf first
    values: list = field(default_factory=list)         # one per sample type
    labels: list = field(default_factory=list)         # of Label


@dataclass
class Line:
    function_id: int = 0
    line: int = 0
    column: int = 0


@dataclass
class Location:
    id: int = 0
    mapping_id: int = 0
    address: int = 0
    lines: list = field(default_factory=list)   # of Line, innermost first
    is_folded: bool = False


@dataclass
class Function:
    id: int = 0
    name: str = ""
    system_name: str = ""
    filename: str = ""
    start_line: int = 0


@dataclass
class Mapping:
    id: int = 0
    memory_start: int = 0
    memory_limit: int = 0
    file_offset: int = 0
    filename: str = ""
    build_id: str = ""
    has_functions: bool = False
    has_filenames: bool = False
    has_line_numbers: bool = False
    has_inline_frames: bool = False


@dataclass
class Profile:
    sample_types: list = field(default_factory=list)   # of ValueType
    samples: list = field(default_factory=list)
    mappings: list = field(default_factory=list)
    locations: list = field(default_factory=list)
    functions: list = field(default_factory=list)
    string_table: list = field(default_factory=lambda: [""])
    drop_frames: str = ""
    keep_frames: str = ""
    time_nanos: int = 0
    duration_nanos: int = 0
    period_type: ValueType = None
    period: int = 0
    comments: list = field(default_factory=list)       # of str
    default_sample_type: str = ""

    def index(self):
        """(Re)build the id -> object dictionaries."""
        self.location_by_id = {l.id: l for l in self.locations}
        self.function_by_id = {f.id: f for f in self.functions}
        self.mapping_by_id = {m.id: m for m in self.mappings}
        return self

    def location(self, lid):
        return self.location_by_id[lid]

    def function(self, fid):
        return self.function_by_id.get(fid)

    def mapping(self, mid):
        # pprof accepts a mapping_id with no such mapping: the location
        # then has no mapping (profile/encode.go postDecode).
        return self.mapping_by_id.get(mid) if mid else None


# --------------------------------------------------------------------------
# Wire format: decoding

_U64 = (1 << 64) - 1


def _signed(u):
    return u - (1 << 64) if u >= (1 << 63) else u


class _Malformed(Exception):
    pass


def _varint(buf, i, end):
    """Decode a varint at buf[i]; returns (value, next index)."""
    b = buf[i] if i < end else -1
    if b < 0:
        raise _Malformed("bad varint (data ends)")
    if b < 0x80:
        return b, i + 1
    result = b & 0x7F
    shift = 7
    i += 1
    for _ in range(9):
        if i >= end:
            raise _Malformed("bad varint (data ends)")
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result & _U64, i
        shift += 7
    raise _Malformed("bad varint (longer than 10 bytes)")


def _fields(buf, i, end):
    """Yield (field number, wire type, value, start, stop) for the message
    in buf[i:end]: value is the integer of a varint/fixed field; start and
    stop delimit a length-delimited field's bytes."""
    while i < end:
        key, i = _varint(buf, i, end)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = _varint(buf, i, end)
            yield num, 0, v, 0, 0
        elif wt == 2:
            n, i = _varint(buf, i, end)
            if n > end - i:
                raise _Malformed("length-delimited field longer than its message (truncated data?)")
            yield num, 2, 0, i, i + n
            i += n
        elif wt == 1:
            if end - i < 8:
                raise _Malformed("not enough data for a 64-bit field")
            yield num, 1, int.from_bytes(buf[i:i + 8], "little"), 0, 0
            i += 8
        elif wt == 5:
            if end - i < 4:
                raise _Malformed("not enough data for a 32-bit field")
            yield num, 5, int.from_bytes(buf[i:i + 4], "little"), 0, 0
            i += 4
        else:
            raise _Malformed("unknown wire type %d" % wt)


def _packed(buf, wt, v, s, e, out):
    """Append a repeated varint field (packed or not) to out."""
    if wt == 2:
        while s < e:
            x, s = _varint(buf, s, e)
            out.append(x)
    elif wt == 0:
        out.append(v)
    else:
        raise _Malformed("type mismatch in a repeated integer field")


def _need(wt, want):
    if wt != want:
        raise _Malformed("type mismatch (wire type %d where %d is expected)" % (wt, want))


def _decode_value_type(buf, s, e):
    t = u = 0
    for num, wt, v, _, _ in _fields(buf, s, e):
        if num == 1:
            _need(wt, 0); t = v
        elif num == 2:
            _need(wt, 0); u = v
    return [t, u]


def _decode(buf):
    """Decode a raw Profile message into a Profile whose string fields
    still hold string-table indices (resolved by _resolve)."""
    p = Profile()
    p.string_table = []
    raw_types, raw_samples, raw_maps, raw_locs, raw_funcs = [], [], [], [], []
    comments = []
    period_type = None
    scalars = {7: 0, 8: 0, 9: 0, 10: 0, 12: 0, 14: 0}
    end = len(buf)
    for num, wt, v, s, e in _fields(buf, 0, end):
        if num == 1:
            _need(wt, 2); raw_types.append(_decode_value_type(buf, s, e))
        elif num == 2:
            _need(wt, 2)
            locs, vals, labels = [], [], []
            for n2, w2, v2, s2, e2 in _fields(buf, s, e):
                if n2 == 1:
                    _packed(buf, w2, v2, s2, e2, locs)
                elif n2 == 2:
                    _packed(buf, w2, v2, s2, e2, vals)
                elif n2 == 3:
                    _need(w2, 2)
                    lab = [0, 0, 0, 0]
                    for n3, w3, v3, _, _ in _fields(buf, s2, e2):
                        if 1 <= n3 <= 4:
                            _need(w3, 0); lab[n3 - 1] = v3
                    labels.append(lab)
            raw_samples.append((locs, vals, labels))
        elif num == 3:
            _need(wt, 2)
            m = [0] * 10
            for n2, w2, v2, _, _ in _fields(buf, s, e):
                if 1 <= n2 <= 10:
                    _need(w2, 0); m[n2 - 1] = v2
            raw_maps.append(m)
        elif num == 4:
            _need(wt, 2)
            loc = Location()
            for n2, w2, v2, s2, e2 in _fields(buf, s, e):
                if n2 == 1:
                    _need(w2, 0); loc.id = v2
                elif n2 == 2:
                    _need(w2, 0); loc.mapping_id = v2
                elif n2 == 3:
                    _need(w2, 0); loc.address = v2
                elif n2 == 4:
                    _need(w2, 2)
                    ln = Line()
                    for n3, w3, v3, _, _ in _fields(buf, s2, e2):
                        if n3 == 1:
                            _need(w3, 0); ln.function_id = v3
                        elif n3 == 2:
                            _need(w3, 0); ln.line = _signed(v3)
                        elif n3 == 3:
                            _need(w3, 0); ln.column = _signed(v3)
                    loc.lines.append(ln)
                elif n2 == 5:
                    _need(w2, 0); loc.is_folded = v2 != 0
            raw_locs.append(loc)
        elif num == 5:
            _need(wt, 2)
            f = [0] * 5
            for n2, w2, v2, _, _ in _fields(buf, s, e):
                if 1 <= n2 <= 5:
                    _need(w2, 0); f[n2 - 1] = v2
            raw_funcs.append(f)
        elif num == 6:
            _need(wt, 2)
            p.string_table.append(buf[s:e].decode("utf-8", "replace"))
            if len(p.string_table) == 1 and p.string_table[0] != "":
                raise _Malformed("string_table[0] must be ''")
        elif num in scalars:
            _need(wt, 0); scalars[num] = v
        elif num == 11:
            _need(wt, 2); period_type = _decode_value_type(buf, s, e)
        elif num == 13:
            _packed(buf, wt, v, s, e, comments)
    return p, raw_types, raw_samples, raw_maps, raw_locs, raw_funcs, comments, period_type, scalars


def _resolve(decoded):
    (p, raw_types, raw_samples, raw_maps, raw_locs, raw_funcs, comments,
     period_type, scalars) = decoded
    st = p.string_table
    n = len(st)

    def s(i):
        if i >= n:
            raise _Malformed("string index %d out of range (string table has %d entries)" % (_signed(i), n))
        return st[i]

    p.sample_types = [ValueType(s(t), s(u)) for t, u in raw_types]
    for locs, vals, labels in raw_samples:
        labs = []
        for key, sx, num, unit in labels:
            if sx:
                labs.append(Label(key=s(key), str=s(sx)))
            elif num or unit:
                labs.append(Label(key=s(key), num=_signed(num), num_unit=s(unit)))
            else:
                s(key)
        p.samples.append(Sample(locs, [_signed(v) for v in vals], labs))
    for m in raw_maps:
        p.mappings.append(Mapping(m[0], m[1], m[2], m[3], s(m[4]), s(m[5]),
                                  bool(m[6]), bool(m[7]), bool(m[8]), bool(m[9])))
    p.locations = raw_locs
    for f in raw_funcs:
        p.functions.append(Function(f[0], s(f[1]), s(f[2]), s(f[3]), _signed(f[4])))
    p.drop_frames = s(scalars[7])
    p.keep_frames = s(scalars[8])
    p.time_nanos = _signed(scalars[9])
    p.duration_nanos = _signed(scalars[10])
    p.period = _signed(scalars[12])
    p.period_type = ValueType(s(period_type[0]), s(period_type[1])) if period_type else ValueType()
    p.comments = [s(c) for c in comments]
    p.default_sample_type = s(scalars[14])
    return p


def check_valid(p):
    """pprof's Profile.CheckValid (google/pprof profile/profile.go), plus
    the checks its decoder makes while resolving ids: raises BadInput."""
    ntypes = len(p.sample_types)
    if ntypes == 0 and p.samples:
        raise BadInput("missing sample type information")
    mappings = {}
    for m in p.mappings:
        if m.id == 0:
            raise BadInput("found mapping with reserved ID=0")
        if m.id in mappings:
            raise BadInput("multiple mappings with same id: %d" % m.id)
        mappings[m.id] = m
    functions = {}
    for f in p.functions:
        if f.id == 0:
            raise BadInput("found function with reserved ID=0")
        if f.id in functions:
            raise BadInput("multiple functions with same id: %d" % f.id)
        functions[f.id] = f
    locations = {}
    for l in p.locations:
        if l.id == 0:
            raise BadInput("found location with reserved id=0")
        if l.id in locations:
            raise BadInput("multiple locations with same id: %d" % l.id)
        locations[l.id] = l
        for ln in l.lines:
            if ln.function_id == 0 or ln.function_id not in functions:
                raise BadInput("location id: %d has a line with unknown function id %d"
                               % (l.id, ln.function_id))
    for i, smp in enumerate(p.samples):
        if len(smp.values) != ntypes:
            raise BadInput("mismatch: sample has %d values vs. %d types"
                           % (len(smp.values), ntypes))
        for lid in smp.location_ids:
            if lid not in locations:
                raise BadInput("sample %d refers to location id %d, which does not exist"
                               % (i, lid))
    p.index()


def parse_profile(data):
    """bytes (gzip-compressed or raw) -> validated Profile; BadInput else."""
    if len(data) >= 2 and data[0] == 0x1F and data[1] == 0x8B:
        data = _gunzip(data)
    if not data:
        raise BadInput("empty profile (no data)")
    try:
        decoded = _decode(bytes(data))
        if not decoded[0].string_table:
            raise _Malformed("no string table")
        p = _resolve(decoded)
    except _Malformed as e:
        head = bytes(data[:512])
        if all(32 <= c < 127 or c in (9, 10, 13) for c in head):
            raise BadInput("not a pprof profile.proto: a text file (%s)" % e) from None
        raise BadInput("not a pprof profile.proto (%s)" % e) from None
    except RecursionError:
        raise BadInput("not a pprof profile.proto (nesting too deep)") from None
    try:
        check_valid(p)
    except BadInput as e:
        raise BadInput("malformed profile: %s" % e) from None
    return p


def _gunzip(data):
    try:
        return gzip.decompress(data)
    except EOFError as e:
        raise BadInput("truncated gzip data (%s)" % e) from None
    except (gzip.BadGzipFile, zlib.error, OSError) as e:
        raise BadInput("corrupt gzip data (%s)" % e) from None


def read_input_bytes(path):
    """The bytes of path ('-' = stdin); BadInput if unreadable or empty."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as f:
                data = f.read()
    except OSError as e:
        raise BadInput("%s: %s" % (path, e.strerror or e)) from None
    if not data:
        raise BadInput("%s: empty file" % path)
    return data


def read_profile(path):
    """Read and validate the pprof profile in path; BadInput on any
    problem, with the path in the message."""
    data = read_input_bytes(path)
    try:
        return parse_profile(data)
    except BadInput as e:
        raise BadInput("%s: %s" % (path, e)) from None


# --------------------------------------------------------------------------
# Wire format: encoding

def _put_varint(out, v):
    v &= _U64
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)


def _put_key(out, num, wt):
    _put_varint(out, (num << 3) | wt)


def _put_int(out, num, v):
    """An optional (u)int64 field, left out when 0."""
    if v:
        _put_key(out, num, 0)
        _put_varint(out, v)


def _put_bytes(out, num, b):
    _put_key(out, num, 2)
    _put_varint(out, len(b))
    out += b


def _put_packed(out, num, values):
    if not values:
        return
    tmp = bytearray()
    for v in values:
        _put_varint(tmp, v)
    _put_bytes(out, num, tmp)


class _Strings:
    def __init__(self):
        self.table = [""]
        self.index = {"": 0}

    def __call__(self, s):
        s = s or ""
        i = self.index.get(s)
        if i is None:
            i = self.index[s] = len(self.table)
            self.table.append(s)
        return i


def encode_profile(p):
    """Profile -> raw protobuf bytes, with a fresh deduplicated string table
    (index 0 = "").  Fields are written in the order Go writes them."""
    S = _Strings()
    out = bytearray()

    def vt(num, t):
        m = bytearray()
        _put_int(m, 1, S(t.type))
        _put_int(m, 2, S(t.unit))
        _put_bytes(out, num, m)

    for t in p.sample_types:
        vt(1, t)
    for smp in p.samples:
        m = bytearray()
        _put_packed(m, 1, smp.location_ids)
        _put_packed(m, 2, smp.values)
        for lab in smp.labels:
            lm = bytearray()
            _put_int(lm, 1, S(lab.key))
            if lab.str:
                _put_int(lm, 2, S(lab.str))
            else:
                _put_int(lm, 3, lab.num)
                _put_int(lm, 4, S(lab.num_unit) if lab.num_unit else 0)
            _put_bytes(m, 3, lm)
        _put_bytes(out, 2, m)
    for mp in p.mappings:
        m = bytearray()
        _put_int(m, 1, mp.id)
        _put_int(m, 2, mp.memory_start)
        _put_int(m, 3, mp.memory_limit)
        _put_int(m, 4, mp.file_offset)
        _put_int(m, 5, S(mp.filename))
        _put_int(m, 6, S(mp.build_id))
        _put_int(m, 7, int(bool(mp.has_functions)))
        _put_int(m, 8, int(bool(mp.has_filenames)))
        _put_int(m, 9, int(bool(mp.has_line_numbers)))
        _put_int(m, 10, int(bool(mp.has_inline_frames)))
        _put_bytes(out, 3, m)
    for loc in p.locations:
        m = bytearray()
        _put_int(m, 1, loc.id)
        _put_int(m, 2, loc.mapping_id)
        _put_int(m, 3, loc.address)
        for ln in loc.lines:
            lm = bytearray()
            _put_int(lm, 1, ln.function_id)
            _put_int(lm, 2, ln.line)
            _put_int(lm, 3, ln.column)
            _put_bytes(m, 4, lm)
        _put_int(m, 5, int(bool(loc.is_folded)))
        _put_bytes(out, 4, m)
    for f in p.functions:
        m = bytearray()
        _put_int(m, 1, f.id)
        _put_int(m, 2, S(f.name))
        _put_int(m, 3, S(f.system_name))
        _put_int(m, 4, S(f.filename))
        _put_int(m, 5, f.start_line)
        _put_bytes(out, 5, m)
    # Every string must be in the table before it is written.
    tail = bytearray()
    _put_int(tail, 7, S(p.drop_frames))
    _put_int(tail, 8, S(p.keep_frames))
    _put_int(tail, 9, p.time_nanos)
    _put_int(tail, 10, p.duration_nanos)
    pt = p.period_type
    if pt is not None and (pt.type or pt.unit):
        m = bytearray()
        _put_int(m, 1, S(pt.type))
        _put_int(m, 2, S(pt.unit))
        _put_bytes(tail, 11, m)
    _put_int(tail, 12, p.period)
    _put_packed(tail, 13, [S(c) for c in p.comments])
    _put_int(tail, 14, S(p.default_sample_type))
    for s in S.table:
        _put_bytes(out, 6, s.encode("utf-8", "surrogateescape"))
    out += tail
    return bytes(out)


def write_profile(p, path):
    """Encode p, gzip it and write it to path ('-' = stdout)."""
    write_output(gzip.compress(encode_profile(p), compresslevel=6, mtime=0), path)


def write_output(data, path):
    """Write the bytes data to path ('-' or None = stdout) atomically: to a
    temporary file beside it, then renamed over it, so that a failure
    leaves no half-written file (OSError "cannot write it: ...")."""
    if path is None or path == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    tmp = path + ".tmp%d" % os.getpid()
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise OSError(e.errno, "cannot write it: " + (e.strerror or str(e)), path) from None
        raise


# --------------------------------------------------------------------------
# Building a profile (for converters)

class ProfileBuilder:
    """Collects samples keyed by stack; interns functions, locations and
    mappings.  A frame is (address, function name, filename, line); a
    stack is a list of frames, leaf first.  Consecutive frames with the
    same nonzero address become one Location with several Lines
    (innermost first): that is how Valgrind prints inlined calls."""

    def __init__(self, sample_types):
        self.sample_types = [ValueType(t, u) for t, u in sample_types]
        self.functions = {}      # (name, file, start_line) -> Function
        self.locations = {}      # (mapping_id, address, lines) -> Location
        self.mappings = {}       # filename -> Mapping
        self.samples = {}        # (location ids, labels) -> values
        self.order = []

    def mapping(self, filename):
        m = self.mappings.get(filename)
        if m is None:
            m = self.mappings[filename] = Mapping(
                id=len(self.mappings) + 1, filename=filename,
                has_functions=True, has_filenames=True,
                has_line_numbers=True, has_inline_frames=True)
        return m.id

    def function(self, name, filename="", start_line=0):
        key = (name, filename, start_line)
        f = self.functions.get(key)
        if f is None:
            f = self.functions[key] = Function(len(self.functions) + 1, name, name,
                                               filename, start_line)
        return f.id

    def location(self, address, lines, mapping_id=0):
        """lines: [(function id, line)], innermost first."""
        key = (mapping_id, address, tuple(lines))
        loc = self.locations.get(key)
        if loc is None:
            loc = self.locations[key] = Location(
                len(self.locations) + 1, mapping_id, address,
                [Line(fid, ln) for fid, ln in lines])
        return loc.id

    def stack(self, frames, mapping_id=0):
        """frames: [(address, name, filename, line)], leaf first ->
        location ids."""
        ids = []
        i = 0
        while i < len(frames):
            addr = frames[i][0]
            j = i + 1
            if addr:
                while j < len(frames) and frames[j][0] == addr:
                    j += 1
            lines = [(self.function(n, f), ln) for _, n, f, ln in frames[i:j]]
            ids.append(self.location(addr, lines, mapping_id))
            i = j
        return ids

    def add(self, location_ids, values, labels=()):
        key = (tuple(location_ids), tuple(labels))
        cur = self.samples.get(key)
        if cur is None:
            self.samples[key] = list(values)
            self.order.append(key)
        else:
            for i, v in enumerate(values):
                cur[i] += v

    def profile(self, comments=(), default_sample_type="", period_type=None, period=0,
                mapping_order=None):
        p = Profile()
        p.sample_types = list(self.sample_types)
        for key in self.order:
            vals = self.samples[key]
            if any(vals):
                p.samples.append(Sample(list(key[0]), vals, list(key[1])))
        maps = list(self.mappings.values())
        if mapping_order:
            # The main binary first: pprof shows mapping[0] as "File:".
            maps.sort(key=mapping_order)
            renum = {m.id: i + 1 for i, m in enumerate(maps)}
            for m in maps:
                m.id = renum[m.id]
            for loc in self.locations.values():
                if loc.mapping_id:
                    loc.mapping_id = renum[loc.mapping_id]
        p.mappings = maps
        p.locations = list(self.locations.values())
        p.functions = list(self.functions.values())
        p.comments = list(comments)
        p.default_sample_type = default_sample_type
        p.period_type = period_type
        p.period = period
        return p.index()


# --------------------------------------------------------------------------
# Helpers for reports

def sample_index(p, spec):
    """pprof's SampleIndexByName: spec is None/"" (default_sample_type,
    else the last type), a number, or a type name (an "inuse_" prefix may
    be left out of the profile's names).  BadInput if no such type."""
    types = [t.type for t in p.sample_types]
    if not types:
        raise BadInput("the profile has no sample types")
    if not spec:
        if p.default_sample_type and p.default_sample_type in types:
            return types.index(p.default_sample_type)
        return len(types) - 1
    if re.fullmatch(r"[+-]?\d+", spec):
        i = int(spec)
        if i < 0 or i >= len(types):
            raise BadInput("sample index %s is outside the range [0..%d]" % (spec, len(types) - 1))
        return i
    no_inuse = spec[6:] if spec.startswith("inuse_") else spec
    for i, t in enumerate(types):
        if t == spec or t == no_inuse:
            return i
    raise BadInput("sample index %r must be one of: %s" % (spec, ", ".join(types)))


@dataclass
class Frame:
    name: str               # as pprof prints it (see frame_name)
    filename: str
    line: int
    function: Function      # None for a location without lines
    location: Location
    inlined: bool           # inlined into the next (outer) frame
    key: tuple              # pprof's node identity at "functions" granularity


def frame_name(function, mapping):
    """The name pprof shows: the function name, else [binary], else
    <unknown> (NodeInfo.NameComponents in google/pprof internal/graph)."""
    if function is not None and function.name:
        return function.name
    if mapping is not None and mapping.filename:
        return "[" + os.path.basename(mapping.filename) + "]"
    return "<unknown>"


def sample_frames(p, sample, cache=None):
    """The sample's stack as Frames, leaf first, a Location's inlined lines
    expanded (innermost first, as in the proto).  cache: optional dict
    reused across calls (location id -> frames)."""
    out = []
    for lid in sample.location_ids:
        fr = cache.get(lid) if cache is not None else None
        if fr is None:
            fr = _location_frames(p, p.location_by_id[lid])
            if cache is not None:
                cache[lid] = fr
        out.extend(fr)
    return out


def _location_frames(p, loc):
    m = p.mapping(loc.mapping_id)
    obj = m.filename if m is not None else ""
    if not loc.lines:
        return (Frame(frame_name(None, m), "", 0, None, loc, False, ("", obj, 0)),)
    frames = []
    last = len(loc.lines) - 1
    for i, ln in enumerate(loc.lines):
        f = p.function(ln.function_id)
        name = frame_name(f, m)
        key = (f.name, "", 0) if f.name else ("", obj, f.start_line)
        frames.append(Frame(name, f.filename, ln.line, f, loc, i < last, key))
    return tuple(frames)


def simplify_func(name):
    """pprof's simplifyFunc (profile/prune.go), used by drop_frames."""
    name = name[1:] if name.startswith(".") else name
    for m in re.finditer(r"\(anonymous namespace\)|operator\(\)|\(", name):
        if m.group(0) == "(":
            return name[:m.start()]
    return name


def remove_uninteresting(p):
    """Apply drop_frames/keep_frames as pprof does on every profile it
    reads (Profile.RemoveUninteresting + Prune, google/pprof
    profile/prune.go).  Regexes pprof (RE2) accepts but Python does not
    are ignored, as pprof ignores its own errors there."""
    if not p.drop_frames:
        return
    try:
        drop = re.compile("^(" + p.drop_frames + ")$")
        keep = re.compile("^(" + p.keep_frames + ")$") if p.keep_frames else None
    except re.error:
        return
    prune, beneath = set(), set()
    for loc in p.locations:
        i = len(loc.lines) - 1
        while i >= 0:
            f = p.function(loc.lines[i].function_id)
            if f is not None and f.name:
                n = simplify_func(f.name)
                if drop.match(n) and (keep is None or not keep.match(n)):
                    break
            i -= 1
        if i >= 0:
            beneath.add(loc.id)
            if i == len(loc.lines) - 1:
                prune.add(loc.id)
            else:
                loc.lines = loc.lines[i + 1:]
    if not beneath:
        return
    for smp in p.samples:
        found_user = False
        ids = smp.location_ids
        for i in range(len(ids) - 1, -1, -1):
            lid = ids[i]
            if lid not in prune and lid not in beneath:
                found_user = True
                continue
            if not found_user:
                continue
            if lid in prune:
                smp.location_ids = ids[i + 1:]
                break
            if lid in beneath:
                smp.location_ids = ids[i:]
                break


# --------------------------------------------------------------------------
# Running a script

def run_main(main, prog=None, bad_input_status=2):
    """Run main(); BadInput -> "<prog>: <message>", exit bad_input_status
    (2 unless told); any other failure -> one line, exit 1.  Never a
    traceback (CPROF_DEBUG=1 shows one for unexpected errors)."""
    prog = prog or os.path.basename(sys.argv[0])
    try:
        rc = main()
        sys.stdout.flush()
    except BadInput as e:
        _quiet_stdout_close()
        print("%s: %s" % (prog, e), file=sys.stderr)
        sys.exit(bad_input_status)
    except BrokenPipeError:
        # The reader went away (| head): not an error worth a message.
        _devnull_stdout()
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except SystemExit:
        raise
    except MemoryError:
        print("%s: out of memory" % prog, file=sys.stderr)
        sys.exit(1)
    except OSError as e:
        where = ("%s: " % e.filename) if getattr(e, "filename", None) else ""
        print("%s: %s%s" % (prog, where, e.strerror or e), file=sys.stderr)
        sys.exit(1)
    except Exception as e:  # a bug: say so in one line
        if os.environ.get("CPROF_DEBUG"):
            raise
        print("%s: internal error: %s: %s (CPROF_DEBUG=1 shows where)"
              % (prog, type(e).__name__, e), file=sys.stderr)
        sys.exit(1)
    sys.exit(rc or 0)


def _devnull_stdout():
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def _quiet_stdout_close():
    try:
        sys.stdout.flush()
    except Exception:
        _devnull_stdout()
