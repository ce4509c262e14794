#!/usr/bin/env python3
"""Writes a large JSON Lines corpus for load tests by repeating corpus/t17:
copy r of every article gets the id `<id>#r<r>` and its publication date moved
r*3 days later, so every copy is a distinct article (content-addressed ids
differ) spread over time. Usage: gen_t17_repeat.py N OUT.jsonl.gz"""
import datetime, glob, gzip, json, os, sys

n, out = int(sys.argv[1]), sys.argv[2]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus", "t17")
base = []
for path in sorted(glob.glob(os.path.join(root, "*.jsonl.gz"))):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        base.extend(json.loads(line) for line in f if line.strip())
written = 0
with gzip.open(out, "wt", encoding="utf-8", compresslevel=1) as f:
    rep = 0
    while written < n:
        for rec in base:
            if written >= n:
                break
            r = dict(rec)
            r["id"] = f"{rec['id']}#r{rep}"
            if rec.get("published"):
                d = datetime.date.fromisoformat(rec["published"][:10])
                r["published"] = (d + datetime.timedelta(days=3 * rep)).isoformat()
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
            written += 1
        rep += 1
print(f"wrote {written} articles ({len(base)} originals x {rep}) to {out}")
