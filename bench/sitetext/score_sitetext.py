#!/usr/bin/env python3
"""Scores chrome removal on the pages of gen_sitetext.py after `storyline
ingest`: reads truth.jsonl and the output of `storyline articles --json`
(one article per line, matched by file name), and gives the share of
chrome lines removed (absent from the stored text) and of article lines
kept (present in it), over all lines, and per chrome kind is not known:
the lines are compared whitespace-collapsed, as whole lines.

Usage: score_sitetext.py TRUTH.jsonl ARTICLES.jsonl [--json FILE]
"""
import argparse
import json
import re
from collections import Counter
from pathlib import Path

SPACE = re.compile(r"\s+")


def norm(s):
    return SPACE.sub(" ", s).strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("truth", type=Path)
    ap.add_argument("articles", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    stored = {}
    sources = Counter()
    for line in args.articles.read_text().splitlines():
        a = json.loads(line)
        name = Path((a.get("path") or "").split("#", 1)[0]).name
        stored[name] = a
    chrome_total = chrome_removed = art_total = art_kept = 0
    missing = 0
    survivors = Counter()
    lost = Counter()
    inferred = {}
    pages = 0
    for line in args.truth.read_text().splitlines():
        t = json.loads(line)
        pages += 1
        a = stored.get(t["file"])
        if a is None:
            missing += 1
        lines = set(norm(l) for l in ((a or {}).get("text") or "").split("\n"))
        lines.add(norm((a or {}).get("title") or ""))
        # A kept line may have lost a leading dateline or stamp ("CAIRO |
        # Tue Sep 13, 2011 5:44 pm BST CAIRO (Reuters) - "): its rest counts.
        tails = [l for l in lines if len(l) >= 20]
        inferred.setdefault(t["site"], Counter())[(a or {}).get("source")] += 1
        for c in t["chrome"]:
            chrome_total += 1
            if norm(c) in lines:
                survivors[norm(c) if len(c) < 40 else "(long line)"] += 1
            else:
                chrome_removed += 1
        for l in t["article"]:
            art_total += 1
            if norm(l) in lines or any(norm(l).endswith(t) for t in tails):
                art_kept += 1
            else:
                lost[norm(l)[:70]] += 1
    res = {
        "pages": pages,
        "pages_without_article": missing,
        # Pages whose inferred source is their site's most frequent one
        # (the name the site's pages agree on), and pages with none.
        "site_consistent": sum(c.most_common(1)[0][1] for c in inferred.values() if c.most_common(1)[0][0]) / pages,
        "pages_without_source": sum(c[None] for c in inferred.values()),
        "sources": {site: dict(c.most_common(3)) for site, c in inferred.items()},
        "chrome_removed": chrome_removed / chrome_total,
        "article_kept": art_kept / art_total,
        "chrome_lines": chrome_total,
        "article_lines": art_total,
    }
    print(json.dumps(res, indent=1))
    print("most frequent surviving chrome lines:")
    for l, n in survivors.most_common(12):
        print(f"  {n:5d}  {l}")
    print("most frequent lost article lines:")
    for l, n in lost.most_common(12):
        print(f"  {n:5d}  {l}")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
