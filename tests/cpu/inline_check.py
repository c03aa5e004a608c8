#!/usr/bin/env python3
"""inline_check.py PROFILE... -- per profile, whether the C library's and
the program's code came with inlined frames: the number of locations of
each with more than one line (an inlined call) and the mapping's
has_inline_frames flag, as "libc: inlined yes, flag yes"."""
import os
import sys

sys.path.insert(0, os.path.join(os.environ.get("TOP", "."), "scripts"))
import cpgpprof  # noqa: E402


def main():
    for path in sys.argv[1:]:
        p = cpgpprof.read_profile(path)
        for label, maps in (("libc", [m for m in p.mappings if "/libc.so" in m.filename]),
                            ("program", p.mappings[:1])):
            ids = {m.id for m in maps}
            n = sum(1 for l in p.locations if l.mapping_id in ids and len(l.lines) > 1)
            flag = any(m.has_inline_frames for m in maps)
            print("%s: inlined %s, flag %s" % (label, "yes" if n else "no",
                                               "yes" if flag else "no"))


if __name__ == "__main__":
    main()
