#!/usr/bin/env python3
"""Speed on Reuters-21578: storyline dedup vs datasketch MinHashLSH, one run.

  speed.py STORYLINE_BIN REUTERS_JSONL

datasketch is set up the usual way: 5-word shingles of the lowercased word
tokens, MinHash with 128 permutations, MinHashLSH at threshold 0.8, every
candidate verified by the real Jaccard of the shingle sets (>= 0.8), groups by
union-find. Both are timed end to end from the JSON Lines file to groups.
Prints wall and CPU time and docs/s for each, the ratios, and how many groups
each finds. datasketch runs in one thread (pure Python and numpy on 128-value
arrays), so storyline runs both on all cores and on one thread
(RAYON_NUM_THREADS=1); and both end to end with its chrome cleaning (what ingest
does) and with --no-clean on the same raw text datasketch sees (the
deduplication stage alone).
"""
import json
import os
import re
import resource
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


def storyline_run(binary, path, extra=(), threads=None):
    env = dict(os.environ)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    run = subprocess.run([binary, "dedup", "--json", *extra, path], capture_output=True, text=True, env=env)
    secs = time.time() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    groups = [json.loads(l) for l in run.stdout.splitlines()]
    members = sum(len(g["members"]) for g in groups)
    return secs, cpu, len(groups), members, run.stderr.strip().splitlines()[-1]


def main():
    binary, path = sys.argv[1], sys.argv[2]
    n = sum(1 for _ in open(path))
    print(f"documents: {n}; load average at start {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores")
    runs = [
        ("storyline dedup, all cores", [], None),
        ("storyline dedup, one thread", [], 1),
        ("storyline dedup --no-clean, all cores", ["--no-clean"], None),
        ("storyline dedup --no-clean, one thread", ["--no-clean"], 1),
    ]
    results = []
    for name, extra, threads in runs:
        results.append((name, *storyline_run(binary, path, extra, threads)))
    c0 = time.process_time()
    d_secs, d_docs, d_groups, d_pairs = datasketch_run(path)
    d_cpu = time.process_time() - c0
    print(f"{'run':42} {'wall':>8} {'CPU':>8} {'docs/s':>9}  groups")
    for name, secs, cpu, groups, members, _ in results:
        print(f"{name:42} {secs:7.2f}s {cpu:7.2f}s {n / secs:9.0f}  {groups} groups ({members} articles)")
    print(f"{'datasketch MinHashLSH (one thread)':42} {d_secs:7.2f}s {d_cpu:7.2f}s {d_docs / d_secs:9.0f}  "
          f"{d_groups} groups ({d_pairs} verified pairs)")
    print("speed ratio datasketch time / storyline time (wall; CPU in brackets):")
    for name, secs, cpu, *_ in results:
        print(f"  {name:42} {d_secs / secs:5.1f}x  ({d_cpu / cpu:5.1f}x CPU)")
    print(f"load average at end {os.getloadavg()[0]:.2f}")
    for name, *rest in results:
        print(f"  {name}: {rest[-1]}")


if __name__ == "__main__":
    main()
