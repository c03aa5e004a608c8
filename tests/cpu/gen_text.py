#!/usr/bin/env python3
"""gen_text.py N -- N bytes of deterministic, compressible text on stdout."""
import random
import sys

n = int(sys.argv[1])
rng = random.Random(42)
words = ["".join(rng.choice("etaoinshrdlucmfwyp") for _ in range(rng.randint(2, 9)))
         for _ in range(2000)]
out, size = [], 0
while size < n:
    line = " ".join(rng.choice(words) for _ in range(rng.randint(5, 14))) + "\n"
    out.append(line)
    size += len(line)
sys.stdout.write("".join(out)[:n])
