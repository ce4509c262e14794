#!/usr/bin/env python3
"""Prints N of storyline's pairs side by side for inspection by hand.

  inspect_pairs.py STORYLINE_BIN INPUT.jsonl [N=50] [SEED=4]

Runs `storyline dedup --json`, draws N (member, canonical) pairs at random
(fixed seed) and prints both texts' openings and endings with the measured
similarity, so a person can say whether each is a true copy.
"""
import json
import random
import subprocess
import sys
import textwrap


def main():
    binary, path = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 4)
    docs = {}
    for line in open(path):
        d = json.loads(line)
        docs[d["id"]] = d
    run = subprocess.run([binary, "dedup", "--json", path], capture_output=True, text=True)
    pairs = []
    for line in run.stdout.splitlines():
        g = json.loads(line)
        canon = next(m for m in g["members"] if m["id"] == g["canonical"])
        for m in g["members"]:
            if m["id"] != g["canonical"]:
                pairs.append((m, canon))
    rng.shuffle(pairs)
    w = 70
    for k, (m, c) in enumerate(pairs[:n], 1):
        a, b = docs[m["input_id"]], docs[c["input_id"]]
        print(f"=== pair {k}: {m['input_id']} ~ {c['input_id']}  jaccard {m['similarity']:.2f}, "
              f"{m['contained'] * 100:.0f}% of the member in the canonical")
        left = textwrap.wrap(a.get("title", "") + " | " + a["text"][:320] + " ... " + a["text"][-160:], w)
        right = textwrap.wrap(b.get("title", "") + " | " + b["text"][:320] + " ... " + b["text"][-160:], w)
        for i in range(max(len(left), len(right))):
            print(f"{(left[i] if i < len(left) else ''):<{w}} || {right[i] if i < len(right) else ''}")
    print(f"{len(pairs)} pairs in all, {min(n, len(pairs))} shown")


if __name__ == "__main__":
    main()
