#!/usr/bin/env python3
"""Pair precision and recall of `storyline dedup` against generated truth.

  eval.py STORYLINE_BIN DIR          (DIR holds articles.jsonl and truth.jsonl)

A true pair is two input ids in one true group; a found pair is two input ids
in one group storyline reports. Prints precision, recall, F1, then the first
misses and false pairs for inspection.
"""
import itertools
import json
import subprocess
import sys
import time


def pairs(groups):
    out = set()
    for g in groups:
        for a, b in itertools.combinations(sorted(g), 2):
            out.add((a, b))
    return out


def main():
    binary, d = sys.argv[1], sys.argv[2]
    truth = [json.loads(l) for l in open(f"{d}/truth.jsonl")]
    t0 = time.time()
    run = subprocess.run([binary, "dedup", "--json", f"{d}/articles.jsonl"], capture_output=True, text=True)
    secs = time.time() - t0
    if run.returncode not in (0, 1):
        sys.exit(run.stderr)
    found = []
    for line in run.stdout.splitlines():
        g = json.loads(line)
        if "members" in g:
            found.append([m["input_id"] for m in g["members"]])
    tp_set, fp_set = pairs(truth), pairs(found)
    tp = len(tp_set & fp_set)
    p = tp / len(fp_set) if fp_set else 1.0
    r = tp / len(tp_set) if tp_set else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    docs = sum(1 for _ in open(f"{d}/articles.jsonl"))
    print(f"articles {docs}, true groups {len(truth)}, true pairs {len(tp_set)}, found groups {len(found)}, "
          f"found pairs {len(fp_set)}")
    print(f"pair precision {p:.4f}  recall {r:.4f}  F1 {f1:.4f}  ({secs:.1f}s)")
    print(run.stderr.strip().splitlines()[-1])
    for name, s in (("missed", tp_set - fp_set), ("false", fp_set - tp_set)):
        for a, b in sorted(s)[:10]:
            print(f"  {name}: {a}  ~  {b}")


if __name__ == "__main__":
    main()
