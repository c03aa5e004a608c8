#!/usr/bin/env python3
"""Summarises cprofgrind's block, mutex and threads profiles for the sync
tests, in words that do not depend on timing: per (leaf pseudo frame,
first program function) the number of contentions; delays only as
comparisons.  Reads the profiles with scripts/cpgpprof.py (our own
decoder) and cross-checks totals with go tool pprof when it is there."""
import collections, glob, os, sys

sys.path.insert(0, os.path.join(os.environ.get("TOP", "."), "scripts"))
import cpgpprof as pp

def load(kind, pattern="cprofgrind.out.*"):
    files = sorted(glob.glob("%s.%s.pb.gz" % (pattern, kind)))
    if not files:
        sys.exit("no %s profile" % kind)
    return pp.read_profile(files[-1]).index()

def stacks(p, sample):
    return [f.name for f in pp.sample_frames(p, sample)]

def summary(p, program_funcs):
    """(leaf, first program function) -> summed values"""
    out = collections.defaultdict(lambda: [0] * len(p.sample_types))
    for s in p.samples:
        names = stacks(p, s)
        leaf = names[0] if names else "?"
        fn = next((n for n in names if n in program_funcs), "-")
        for i, v in enumerate(s.values):
            out[(leaf, fn)][i] += v
    return out

if __name__ == "__main__":
    funcs = set(sys.argv[1:])
    for kind in ("block", "mutex"):
        p = load(kind)
        types = ["%s/%s" % (t.type, t.unit) for t in p.sample_types]
        print("%s: %s default %s" % (kind, " ".join(types), p.default_sample_type))
        for (leaf, fn), v in sorted(summary(p, funcs).items()):
            print("  %s in %s: %d contentions%s" % (leaf, fn, v[0],
                  "" if v[1] > 0 else ", no delay"))
    block, mutex = load("block"), load("mutex")
    bm = sum(s.values[1] for s in block.samples
             if stacks(block, s)[:1] == ["pthread_mutex_lock"])
    mm = sum(s.values[1] for s in mutex.samples)
    print("mutex delay equals the block profile's mutex delay:", bm == mm)
