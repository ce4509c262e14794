#!/usr/bin/env python3
"""Publication-date accuracy on ../shared/eval/dates, in two halves by site.

Reads the JSON lines of the dates_eval example (file, truth, ours, rule)
on stdin, or from the file given, and the set's labels.jsonl for each
page's URL. Pages are split by a hash of their site (the URL's host without
`www.`, crc32 % 2): half 0 is the part rules are tuned on (its misses are
read), half 1 the part only measured. An undated answer counts as wrong.

Usage:
  cargo run --release -p storyline-pipeline --example dates_eval ../shared/eval/dates \\
    | python3 bench/dates_split.py [--labels ../shared/eval/dates/labels.jsonl] [--misses 0]
"""
import argparse, json, os, sys, zlib
from urllib.parse import urlsplit


def site(url):
    host = urlsplit(url or "").hostname or ""
    return host[4:] if host.startswith("www.") else host


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("results", nargs="?")
    ap.add_argument("--labels", default=os.path.join(here, "../../shared/eval/dates/labels.jsonl"))
    ap.add_argument("--misses", type=int, choices=[0, 1], help="print the misses of this half")
    a = ap.parse_args()
    urls = {}
    for line in open(a.labels, encoding="utf-8"):
        if line.strip():
            v = json.loads(line)
            urls[v["file"]] = v.get("url")
    src = open(a.results, encoding="utf-8") if a.results else sys.stdin
    n, ok, undated = [0, 0], [0, 0], [0, 0]
    for line in src:
        if not line.strip():
            continue
        r = json.loads(line)
        half = zlib.crc32(site(urls.get(r["file"])).encode()) % 2
        n[half] += 1
        ok[half] += r["ours"] == r["truth"]
        undated[half] += r["ours"] is None
        if a.misses == half and r["ours"] != r["truth"]:
            print(f"MISS {r['file']} truth={r['truth']} ours={r['ours']} rule={r['rule']}", file=sys.stderr)
    total = max(sum(n), 1)
    print(json.dumps({
        "pages": sum(n),
        "accuracy": round(sum(ok) / total, 4),
        "undated": sum(undated),
        "tuned_half": {"pages": n[0], "accuracy": round(ok[0] / max(n[0], 1), 4), "undated": undated[0]},
        "held_out_half": {"pages": n[1], "accuracy": round(ok[1] / max(n[1], 1), 4), "undated": undated[1]},
    }))


if __name__ == "__main__":
    main()
