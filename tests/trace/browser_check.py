#!/usr/bin/env python3
"""browser_check.py -- open a --trace=yes timeline in speedscope in headless
Chromium, take a screenshot, and check that it shows the timeline.

    browser_check.py --find            print speedscope's dist folder
                                       (exit 1 when chromium or speedscope
                                       is missing: the test's prereq)
    browser_check.py [--title TEXT] [--size WxH] TRACE.json

speedscope runs offline from its npm package's dist/release/index.html:
like its own command line tool, the trace goes into a script that calls
speedscope.loadFileFromBase64(name, data), named in the URL as
#localProfilePath=<script>.  Where the package is: $CPROFGRIND_SPEEDSCOPE
(the dist folder), else the folder scripts/install-deps installs it in,
${CPROFGRIND_NPM_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cprofgrind/npm},
else the global npm folder.

In the current folder it writes speedscope-load.js, browser.png (the
timeline), blank.png (speedscope with no profile, the baseline) and
browser.dom.html (the page after loading, from --dump-dom).  It checks:
the screenshot is a PNG of the window size; the page's title bar names
the profile (TEXT, e.g. the main thread's name); the picture is not blank:
it has many more colours than the page without a profile.  It prints one
"ok" line per check, or a FAIL message on stderr and exits 1.
"""

import argparse
import base64
import json
import os
import shutil
import struct
import subprocess
import sys
import zlib

CHROMIUM_NAMES = ("chromium", "chromium-browser")
VIRTUAL_TIME_MS = 10000


def speedscope_dirs():
    env = os.environ.get("CPROFGRIND_SPEEDSCOPE")
    if env:
        yield env
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    npm_dir = os.environ.get("CPROFGRIND_NPM_DIR") or os.path.join(
        cache, "cprofgrind", "npm")
    yield os.path.join(npm_dir, "node_modules", "speedscope", "dist",
                       "release")
    npm = shutil.which("npm")
    if npm:
        try:
            root = subprocess.run([npm, "root", "-g"], capture_output=True,
                                  text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            root = ""
        if root:
            yield os.path.join(root, "speedscope", "dist", "release")


def find_speedscope():
    for d in speedscope_dirs():
        if os.path.isfile(os.path.join(d, "index.html")):
            return os.path.abspath(d)
    return None


def find_chromium():
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def fail(msg):
    print(f"browser_check: FAIL: {msg}", file=sys.stderr)
    print("checks FAILED")
    sys.exit(1)


def chromium(browser, args, url, what):
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-dev-shm-usage", "--no-first-run",
           "--hide-scrollbars", f"--user-data-dir={os.path.abspath('chromium-profile')}",
           f"--virtual-time-budget={VIRTUAL_TIME_MS}"] + args + [url]
    try:
        res = subprocess.run(cmd, capture_output=True, timeout=90)
    except subprocess.TimeoutExpired:
        fail(f"chromium ({what}) did not finish in 90 s: {' '.join(cmd)}")
    with open(f"chromium-{what}.log", "wb") as f:
        f.write(res.stderr)
    if res.returncode != 0:
        fail(f"chromium ({what}) exited with {res.returncode}; see "
             f"chromium-{what}.log:\n{res.stderr.decode(errors='replace')[-2000:]}")
    return res.stdout


# ---------------------------------------------------------------- PNG ---

def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def read_png(path):
    """(width, height, rows of bytes with bpp bytes a pixel, bpp)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if ctype == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif ctype == b"IDAT":
            idat.append(body)
        elif ctype == b"IEND":
            break
        pos += 12 + length
    if ihdr is None:
        raise ValueError("no IHDR chunk")
    width, height, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type "
                         f"{ctype}, interlace {interlace})")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        off = y * (stride + 1)
        ftype = raw[off]
        line = bytearray(raw[off + 1:off + 1 + stride])
        if ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif ftype == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                upleft = prev[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + paeth(left, prev[i], upleft)) & 0xFF
        elif ftype != 0:
            raise ValueError(f"bad filter type {ftype} in row {y}")
        rows.append(bytes(line))
        prev = line
    return width, height, rows, bpp


def colours(rows, bpp):
    """The set of distinct RGB colours."""
    seen = set()
    for row in rows:
        for i in range(0, len(row), bpp):
            seen.add(row[i:i + 3])
    return seen


# --------------------------------------------------------------- main ---

def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--find", action="store_true")
    ap.add_argument("--title", help="text the profile's title must hold")
    ap.add_argument("--size", default="1400x900")
    ap.add_argument("--min-colours", type=int, default=100)
    ap.add_argument("trace", nargs="?")
    args = ap.parse_args()

    browser, dist = find_chromium(), find_speedscope()
    if args.find:
        if not browser:
            print("browser_check: no chromium on PATH", file=sys.stderr)
        if not dist:
            print("browser_check: speedscope not found (scripts/install-deps "
                  "installs it)", file=sys.stderr)
        if browser and dist:
            print(dist)
            return
        sys.exit(1)
    if not args.trace:
        ap.error("a trace file is needed")
    if not browser or not dist:
        fail("chromium or speedscope is missing (run scripts/install-deps)")
    width, height = (int(v) for v in args.size.split("x"))

    with open(args.trace, "rb") as f:
        data = base64.b64encode(f.read()).decode("ascii")
    loader = os.path.abspath("speedscope-load.js")
    with open(loader, "w") as f:
        f.write("speedscope.loadFileFromBase64(%s, %s)\n"
                % (json.dumps(os.path.basename(args.trace)), json.dumps(data)))
    index = "file://" + os.path.join(dist, "index.html")
    url = index + "#localProfilePath=" + loader
    size = f"--window-size={width},{height}"

    shot = os.path.abspath("browser.png")
    blank = os.path.abspath("blank.png")
    for p in (shot, blank):
        if os.path.exists(p):
            os.unlink(p)
    chromium(browser, [size, f"--screenshot={shot}"], url, "screenshot")
    chromium(browser, [size, f"--screenshot={blank}"], index, "blank")
    dom = chromium(browser, [size, "--dump-dom"], url, "dom")
    with open("browser.dom.html", "wb") as f:
        f.write(dom)

    pics = {}
    for what, path in (("timeline", shot), ("blank page", blank)):
        if not os.path.isfile(path):
            fail(f"chromium wrote no screenshot {path}")
        try:
            pics[what] = read_png(path)
        except (ValueError, zlib.error, struct.error) as e:
            fail(f"{path}: {e}")
        w, h = pics[what][:2]
        if (w, h) != (width, height):
            fail(f"{path} is {w}x{h}, expected {width}x{height}")
    print(f"ok: screenshot browser.png is a {width}x{height} PNG")

    text = dom.decode("utf-8", "replace")
    if args.title:
        if args.title not in text:
            fail(f"speedscope's page does not name {args.title!r} (not "
                 f"loaded?); see browser.dom.html")
        print(f"ok: speedscope loaded the trace and names {args.title}")

    n_shot = len(colours(pics["timeline"][2], pics["timeline"][3]))
    n_blank = len(colours(pics["blank page"][2], pics["blank page"][3]))
    if n_shot < args.min_colours or n_shot < 2 * n_blank:
        fail(f"browser.png looks blank: {n_shot} distinct colours (the page "
             f"without a profile has {n_blank}; expected at least "
             f"{args.min_colours} and twice as many)")
    print(f"ok: browser.png is not blank (at least {args.min_colours} "
          f"colours, twice the page without a profile)")


if __name__ == "__main__":
    main()
