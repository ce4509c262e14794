#!/usr/bin/env python3
"""Latency of the entity pages and timelines of a running `storyline serve`.

Reads the ENTITIES most mentioned entities from /api/entities, then requests
each one's /api/timeline?q=ID, /api/entities/ID and /entities/ID in turn,
ROUNDS times, one request at a time, and prints p50 / p99 / max and the
statuses other than 200 per endpoint.

    python3 bench/entity_pages.py http://127.0.0.1:7879 [ENTITIES=20] [ROUNDS=5]
"""
import json
import sys
import time
import urllib.error
import urllib.request


def get(url):
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        e.read()
        status = e.code
    return time.perf_counter() - start, status


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    base = sys.argv[1].rstrip("/")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    with urllib.request.urlopen(f"{base}/api/entities?limit={n}") as r:
        items = json.load(r)["items"]
    print("entities:", ", ".join(f'{e["name"]} ({e["articles"]})' for e in items[:3]), "...")
    for label, fmt in [
        ("GET /api/timeline?q=ID", "/api/timeline?q={}"),
        ("GET /api/entities/ID", "/api/entities/{}"),
        ("GET /entities/ID", "/entities/{}"),
    ]:
        times, bad = [], {}
        for _ in range(rounds):
            for e in items:
                t, status = get(base + fmt.format(e["id"]))
                times.append(t)
                if status != 200:
                    bad[status] = bad.get(status, 0) + 1
        print(
            f"RESULT {label}: n={len(times)} p50={pct(times, 50) * 1000:.1f} ms "
            f"p99={pct(times, 99) * 1000:.1f} ms max={max(times) * 1000:.1f} ms non-200={bad}"
        )


if __name__ == "__main__":
    main()
