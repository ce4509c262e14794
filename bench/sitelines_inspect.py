#!/usr/bin/env python3
"""Corpus-aware chrome (issue 3, item 2a): what the per-site line table removes.

Runs the release binary twice over the same inputs:
- `storyline extract --json` (no store, so no site-line table: what the
  pipeline removes on its own), and
- `storyline ingest` into a fresh data directory (the table built from the
  corpus itself, persisted in the store),
then prints the removed lines by reason for both, the words of article text
lost to `chrome.site_repeated`, the most frequent removed lines per site, and
a seeded random sample of removals to judge by eye.

usage: python3 bench/sitelines_inspect.py [--bin target/release/storyline]
           [--sample 30] [--seed 1] PATH...
"""
import argparse
import collections
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile


# The file kinds `storyline ingest` reads (`extract` takes files, not folders).
KINDS = re.compile(r"\.(txt|text|html?|xhtml|jsonl|ndjson|warc)(\.gz)?$", re.I)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/storyline")
    ap.add_argument("--sample", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()

    files = []
    for p in args.paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                files += [os.path.join(root, n) for n in names if KINDS.search(n)]
        else:
            files.append(p)
    out = subprocess.run(
        [args.bin, "extract", "--json", *sorted(files)],
        capture_output=True, text=True, check=False,
    ).stdout
    before = collections.Counter()
    docs = 0
    for line in out.splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        if rec.get("error"):
            continue
        docs += 1
        for r in rec.get("removed", []):
            before[r["reason"]] += 1

    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        res = subprocess.run(
            [args.bin, "--data", data, "ingest", *args.paths],
            capture_output=True, text=True, check=False,
        )
        if res.returncode not in (0, 3):
            sys.exit(f"ingest failed ({res.returncode}): {res.stderr[-2000:]}")
        db = sqlite3.connect(os.path.join(data, "storyline.sqlite"))
        after = collections.Counter(
            dict(db.execute("SELECT reason, count(*) FROM removed_blocks GROUP BY reason"))
        )
        stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        rows = db.execute(
            "SELECT lower(a.source), r.text, a.id FROM removed_blocks r "
            "JOIN articles a ON a.seq = r.article_seq "
            "WHERE r.reason = 'chrome.site_repeated' ORDER BY a.seq, r.ord"
        ).fetchall()
        sites = db.execute("SELECT site, docs FROM site_docs ORDER BY docs DESC").fetchall()

    print(f"documents extracted: {docs}; articles stored: {stored}")
    print(f"sites counted: {len(sites)} ({', '.join(f'{s}={n}' for s, n in sites[:12])})")
    print("\nremoved blocks by reason: without table (extract) -> with table (ingest)")
    for reason in sorted(set(before) | set(after), key=lambda r: -after.get(r, 0)):
        print(f"  {reason:32} {before.get(reason, 0):7} -> {after.get(reason, 0):7}")
    words = sum(len(t.split()) for _, t, _ in rows)
    distinct = collections.Counter((s, t) for s, t, _ in rows)
    print(f"\nchrome.site_repeated: {len(rows)} removals, {len(distinct)} distinct "
          f"(site, line), {words} words, in {len({a for _, _, a in rows})} articles")
    print("\nmost removed lines:")
    for (site, text), n in distinct.most_common(args.top):
        print(f"  {n:5}  [{site}] {text[:110]}")
    rng = random.Random(args.seed)
    sample = rng.sample(rows, min(args.sample, len(rows)))
    print(f"\nrandom sample of {len(sample)} removals (seed {args.seed}):")
    for i, (site, text, aid) in enumerate(sample, 1):
        print(f"  {i:2}. [{site}] {aid[:8]} {text[:140]}")


if __name__ == "__main__":
    main()
