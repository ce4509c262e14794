#!/usr/bin/env python3
"""Speed on Reuters-21578: storyline dedup vs datasketch MinHashLSH, one run.

  speed.py STORYLINE_BIN REUTERS_JSONL

datasketch is set up the usual way: 5-word shingles of the lowercased word
tokens, MinHash with 128 permutations, MinHashLSH at threshold 0.8, every
candidate verified by the real Jaccard of the shingle sets (>= 0.8), groups by
union-find. Both are timed end to end from the JSON Lines file to groups.
Prints docs/s for each, the ratio, and how many groups each finds. storyline
runs twice: end to end with its chrome cleaning (what ingest does), and with
--no-clean on the same raw text datasketch sees (the deduplication stage alone).
"""
import json
import re
import subprocess
import sys
import time


def datasketch_run(path):
    from datasketch import MinHash, MinHashLSH

    t0 = time.time()
    docs = [json.loads(l) for l in open(path)]
    sets = []
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    sigs = []
    for i, d in enumerate(docs):
        w = re.findall(r"\w+", d["text"].lower())
        sh = {" ".join(w[k:k + 5]).encode() for k in range(max(1, len(w) - 4))}
        sets.append(sh)
        m = MinHash(num_perm=128)
        m.update_batch(list(sh))
        sigs.append(m)
        lsh.insert(i, m)
    parent = list(range(len(docs)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pairs = 0
    for i, m in enumerate(sigs):
        for j in lsh.query(m):
            if j <= i:
                continue
            a, b = sets[i], sets[j]
            jac = len(a & b) / len(a | b) if a or b else 0.0
            if jac >= 0.8:
                pairs += 1
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
    comps = {}
    for i in range(len(docs)):
        comps.setdefault(find(i), []).append(i)
    groups = sum(1 for g in comps.values() if len(g) > 1)
    return time.time() - t0, len(docs), groups, pairs


def storyline_run(binary, path, extra=()):
    t0 = time.time()
    run = subprocess.run([binary, "dedup", "--json", *extra, path], capture_output=True, text=True)
    secs = time.time() - t0
    groups = [json.loads(l) for l in run.stdout.splitlines()]
    members = sum(len(g["members"]) for g in groups)
    return secs, len(groups), members, run.stderr.strip().splitlines()[-1]


def main():
    binary, path = sys.argv[1], sys.argv[2]
    n = sum(1 for _ in open(path))
    s_secs, s_groups, s_members, s_summary = storyline_run(binary, path)
    r_secs, r_groups, r_members, r_summary = storyline_run(binary, path, ["--no-clean"])
    d_secs, d_docs, d_groups, d_pairs = datasketch_run(path)
    print(f"documents: {n}")
    print(f"storyline dedup (clean + dedup): {s_secs:7.2f}s  {n / s_secs:9.0f} docs/s  {s_groups} groups ({s_members} articles)")
    print(f"storyline dedup --no-clean:      {r_secs:7.2f}s  {n / r_secs:9.0f} docs/s  {r_groups} groups ({r_members} articles)")
    print(f"datasketch MinHashLSH:           {d_secs:7.2f}s  {d_docs / d_secs:9.0f} docs/s  {d_groups} groups ({d_pairs} verified pairs)")
    print(f"speed ratio storyline/datasketch: {d_secs / s_secs:.1f}x with cleaning, "
          f"{d_secs / r_secs:.1f}x on the same raw text")
    print(f"  {s_summary}")
    print(f"  {r_summary}")


if __name__ == "__main__":
    main()
