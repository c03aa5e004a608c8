#!/usr/bin/env python3
"""gen_sql.py N -- an SQL script on stdout: create a table, insert N rows
in a transaction, index it, query it (deterministic)."""
import random
import sys

n = int(sys.argv[1])
rng = random.Random(7)
print("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, score INTEGER, tag TEXT);")
print("BEGIN;")
for i in range(n):
    name = "".join(rng.choice("abcdefghij") for _ in range(rng.randint(4, 16)))
    print(f"INSERT INTO t(name, score, tag) VALUES ('{name}', {rng.randint(0, 1000)}, 'tag{i % 37}');")
print("COMMIT;")
print("CREATE INDEX t_score ON t(score);")
print("SELECT tag, count(*), avg(score) FROM t GROUP BY tag ORDER BY 2 DESC LIMIT 5;")
print("SELECT count(*) FROM t WHERE score BETWEEN 100 AND 200;")
print("SELECT name FROM t ORDER BY name LIMIT 3;")
