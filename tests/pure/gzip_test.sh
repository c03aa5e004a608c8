#!/bin/bash
# gzip_test.sh -- host unit test of cprofgrind/cp_gzip.c.
#
#    tests/pure/gzip_test.sh [FILE...]
#
# Builds cp_gzip.c with the tool's warning flags (must be warning-free and
# need no libc), builds tests/pure/gzip_test.c into a temporary folder,
# runs it on generated inputs (plus FILEs), and checks every .gz it wrote
# with gzip (-t and -dc) and with Python's zlib and gzip modules (byte-exact
# round trip), and gz_crc32 against zlib.crc32.  Prints one line per check,
# informational ratio/speed figures, and finally "N passed, N failed";
# exits non-zero if anything failed.  No verdict depends on timing.

set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gzip_test.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

PASS=0
FAIL=0
pass() { echo "PASS $*"; PASS=$((PASS + 1)); }
fail() { echo "FAIL $*"; FAIL=$((FAIL + 1)); }
finish() {
   echo "$PASS passed, $FAIL failed"
   [ "$FAIL" -eq 0 ] && exit 0
   exit 1
}

VGDEFS="-I/usr/include/valgrind -DVGA_amd64=1 -DVGO_linux=1 -DVGP_amd64_linux=1 \
 -DVGPV_amd64_linux_vanilla=1 -I$ROOT/cprofgrind"
# The brief's flags plus the tool's own TOOL_WARN set from Makefile.am.
STRICT="-O2 -Wall -Wextra -Wshadow -Wmissing-prototypes -fno-builtin \
 -fno-strict-aliasing \
 -Wpointer-arith -Wstrict-prototypes -Wmissing-declarations -Wwrite-strings \
 -Wempty-body -Wformat -Wformat-security -Wignored-qualifiers -Wlogical-op \
 -Wimplicit-fallthrough=2 -Wold-style-declaration -fno-stack-protector \
 -fno-pic -fno-pie -fomit-frame-pointer -finline-functions"

# --- 1. the module builds cleanly and freestanding ----------------------
if gcc $STRICT $VGDEFS -c "$ROOT/cprofgrind/cp_gzip.c" -o "$TMP/cp_gzip.o" \
      2> "$TMP/warn.txt" && [ ! -s "$TMP/warn.txt" ]; then
   pass "cp_gzip.c compiles warning-free with tool flags"
else
   fail "cp_gzip.c compiles warning-free with tool flags"
   cat "$TMP/warn.txt"
fi
if [ -f "$TMP/cp_gzip.o" ]; then
   # Only memset/memcpy/memmove may be referenced (gcc can emit them for
   # loops; Valgrind's core provides them).
   UNDEF=$(nm -u "$TMP/cp_gzip.o" | awk '{print $2}' \
           | grep -v -x -E 'memset|memcpy|memmove' || true)
   if [ -z "$UNDEF" ]; then
      pass "cp_gzip.o references no libc symbols"
   else
      fail "cp_gzip.o references no libc symbols (found: $(echo $UNDEF))"
   fi
fi

# --- 2. build and run the generator/compressor --------------------------
# Black box: the test linked against the module, as a normal client.
if gcc -O2 $VGDEFS "$HERE/gzip_test.c" "$ROOT/cprofgrind/cp_gzip.c" \
      -o "$TMP/gzip_test_bb" 2> "$TMP/build.txt"; then
   pass "gzip_test builds (black box, linked with cp_gzip.c)"
else
   fail "gzip_test builds (black box, linked with cp_gzip.c)"
   cat "$TMP/build.txt"
fi
# Whitebox: the same test with the module #included, which adds direct
# tests of the Huffman builder.  This is the binary that runs.
if gcc -O2 -DGZIP_TEST_WHITEBOX $VGDEFS "$HERE/gzip_test.c" \
      -o "$TMP/gzip_test" 2> "$TMP/build.txt"; then
   pass "gzip_test builds (whitebox)"
else
   fail "gzip_test builds (whitebox)"
   cat "$TMP/build.txt"
   finish
fi
if "$TMP/gzip_test" "$TMP/out" "$@"; then
   pass "gzip_test runs"
else
   fail "gzip_test runs"
   finish
fi
MANIFEST="$TMP/out/manifest.txt"

# --- 3. every output through gzip ----------------------------------------
while read -r kind name level raw gz rest; do
   [ "$kind" = gz ] || continue
   id="$name L$level"
   if gzip -t "$gz" 2> /dev/null; then
      pass "$id: gzip -t"
   else
      fail "$id: gzip -t"
   fi
   if gzip -dc "$gz" 2> /dev/null | cmp -s - "$raw"; then
      pass "$id: gzip -dc round trip"
   else
      fail "$id: gzip -dc round trip"
   fi
done < "$MANIFEST"

# --- 4. every output through Python, CRCs, sizes, memory, API -----------
python3 - "$MANIFEST" > "$TMP/py.txt" 2>&1 <<'EOF'
import sys, zlib, gzip, struct

def say(ok, what):
    print(("PASS " if ok else "FAIL ") + what)

raws = {}
def raw(path):
    if path not in raws:
        with open(path, "rb") as f:
            raws[path] = f.read()
    return raws[path]

for line in open(sys.argv[1]):
    f = line.split()
    if not f:
        continue
    if f[0] == "gz":
        name, level, rawp, gzp = f[1], int(f[2]), f[3], f[4]
        rawsize, gzsize, close_ok = int(f[5]), int(f[6]), f[8] == "1"
        id = "%s L%d" % (name, level)
        data = open(gzp, "rb").read()
        r = raw(rawp)
        try:
            d = zlib.decompressobj(31)
            out = d.decompress(data) + d.flush()
            ok = d.eof and not d.unused_data and out == r
        except zlib.error as e:
            ok = False
        say(ok, id + ": python zlib round trip")
        try:
            ok = gzip.decompress(data) == r
        except Exception:
            ok = False
        say(ok, id + ": python gzip round trip")
        say(close_ok, id + ": gz_close returned True")
        say(len(data) == gzsize and len(r) == rawsize,
            id + ": sizes in manifest match files")
        hdr_ok = (len(data) >= 18 and data[:4] == b"\x1f\x8b\x08\x00"
                  and data[4:8] == b"\0\0\0\0" and data[9] == 3
                  and struct.unpack("<II", data[-8:])
                      == (zlib.crc32(r), len(r) & 0xffffffff))
        say(hdr_ok, id + ": header fields and trailer CRC32/ISIZE")
        if level <= 0:
            # Stored only: 10 header + 5 per block of <= 65535 + 8 trailer.
            blocks = max(1, -(-len(r) // 65535))
            say(len(data) == len(r) + 5 * blocks + 18,
                id + ": level 0 is exactly stored blocks")
        if name == "random" and level > 0:
            say(len(data) <= len(r) * 1.001 + 64,
                id + ": incompressible input falls back to stored "
                "(%d -> %d)" % (len(r), len(data)))
        if name == "zeros" and level > 0:
            say(len(data) < len(r) // 200,
                id + ": 10 MiB of zeros compresses >200x "
                "(%d bytes)" % len(data))
    elif f[0] == "mem":
        name, level, peak, live = f[1], int(f[2]), int(f[3]), int(f[4])
        id = "%s L%d" % (name, level)
        say(live == 0, id + ": all memory freed by gz_close")
        say(peak <= 320 * 1024,
            id + ": peak memory %d KiB <= 320 KiB" % (peak // 1024))
    elif f[0] == "crc":
        name, rawp, one, chunked = f[1], f[2], int(f[3], 16), int(f[4], 16)
        want = zlib.crc32(raw(rawp))
        say(one == want and chunked == want,
            "%s: gz_crc32 one-shot and chunked = zlib.crc32 (%08x)"
            % (name, want))
        if name == "check":
            say(one == 0xCBF43926, "check: crc32('123456789') = cbf43926")
    elif f[0] == "api":
        say(f[2] == "1", "api: " + f[1])
    elif f[0] == "tree":
        name, valid, cost, opt = f[1], f[2] == "1", int(f[3]), int(f[4])
        maxlen, depth = int(f[5]), int(f[6])
        limit = 7 if name.endswith("max7") else 15
        say(valid, "tree %s: complete prefix code, lengths <= %d"
            % (name, limit))
        # The histogram repair is a heuristic, not package-merge; it is
        # exactly optimal whenever no length exceeds the limit, and the
        # worst case seen (Fibonacci weights, 19 symbols, 7 bits) is 11%.
        say(cost <= opt * 1.15, "tree %s: cost %d within 15%% of optimal %d"
            % (name, cost, opt))
        if depth <= limit:
            say(cost == opt, "tree %s: unlimited case is optimal" % name)
        if name.startswith("fibonacci") or name.startswith("deep"):
            say(depth > limit and maxlen == limit,
                "tree %s: limiter engaged (Huffman depth %d -> %d)"
                % (name, depth, maxlen))
EOF
cat "$TMP/py.txt"
PASS=$((PASS + $(grep -c '^PASS' "$TMP/py.txt")))
FAIL=$((FAIL + $(grep -c '^FAIL' "$TMP/py.txt")))
if ! grep -q -E '^(PASS|FAIL)' "$TMP/py.txt"; then
   fail "python checks ran"
fi

# --- 5. informational: ratio and speed ------------------------------------
echo
echo "Compression of the synthetic inputs (MiB/s of CPU time; proto: best of 3):"
for input in proto json; do
   rawf="$TMP/out/$input.raw"
   [ -f "$rawf" ] || continue
   rawsize=$(stat -c %s "$rawf")
   g1=$(gzip -1 -c "$rawf" | wc -c)
   g6=$(gzip -6 -c "$rawf" | wc -c)
   echo "  $input: $rawsize bytes; gzip -1: $g1 bytes, gzip -6: $g6 bytes"
   awk -v want="$input" -v g1="$g1" -v g6="$g6" '
      $1 == "gz" && $2 == want {
         mibs = ($8 > 0) ? sprintf("%7.1f", $6 / $8 / 1048576) : "    inf"
         printf "    level %d: %9d bytes  ratio %5.2f  %s MiB/s", $3, $7, $6 / $7, mibs
         printf "  vs gzip -1 %+6.1f%%  vs gzip -6 %+6.1f%%\n",
                100 * ($7 - g1) / g1, 100 * ($7 - g6) / g6
      }' "$MANIFEST"
done
echo

finish
