#!/usr/bin/env python3
"""How much of the story-clustering error on Timeline17 is off-topic articles.

Timeline17's collections were gathered by keyword search and hold articles
that are not about their topic (a Syria collection with reports on other
countries, an H1N1 collection with business news). This script scores the
same clustering twice: on all articles, and on the articles whose text
mentions their topic's keyword (a rough on-topic proxy). The keywords are
analysis only: nothing in the product reads them.

Usage: bench/t17_story_noise.py [BINARY] [T17_DIR] [FEATURES_CACHE]
Runs `BINARY eval stories --json` and reads the report's `assignments`
(article, gold topic, predicted story).
"""
import collections
import glob
import gzip
import json
import re
import subprocess
import sys

binary = sys.argv[1] if len(sys.argv) > 1 else "./target/release/storyline"
t17 = sys.argv[2] if len(sys.argv) > 2 else "../shared/eval/t17"
cache = sys.argv[3] if len(sys.argv) > 3 else None

KEYWORD = {
    "SyrianCrisis": r"syria",
    "H1N1": r"\bflu\b|h1n1",
    "Finan": r"financ|bank|credit|recession|lehman|bailout",
    "haiti": r"haiti",
    "bpoil": r"\boil\b|\bbp\b",
    "MJ": r"jackson",
    "EgyptianProtest": r"egypt",
}
DEV = {"bpoil", "EgyptianProtest", "H1N1", "MJ"}

text = {}
for f in glob.glob(f"{t17}/*.articles.jsonl.gz"):
    for line in gzip.open(f, "rt"):
        if line.strip():
            a = json.loads(line)
            text["0:" + a["id"]] = a["text"]

cmd = [binary, "eval", "stories", "--t17", t17, "--json"]
if cache:
    cmd += ["--features-cache", cache]
out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
rows = [(a["article"], a["gold"], str(a["story"])) for a in json.loads(out)["assignments"]]


def b3(items):
    joint = collections.Counter(items)
    pred = collections.Counter(p for p, _ in items)
    gold = collections.Counter(g for _, g in items)
    n = len(items)
    p = sum(c * c / pred[s] for (s, g), c in joint.items()) / n
    r = sum(c * c / gold[g] for (s, g), c in joint.items()) / n
    return p, r, 2 * p * r / (p + r)


print("subset     all articles: B3 P / R / F1 (n)        on-topic by keyword: B3 P / R / F1 (n)")
for name, keep in [("all", lambda g: True), ("dev", lambda g: g in DEV), ("held-out", lambda g: g not in DEV)]:
    full = [(s, g) for i, g, s in rows if keep(g)]
    clean = [(s, g) for i, g, s in rows if keep(g) and re.search(KEYWORD[g], text[i], re.I)]
    print("%-9s  %.3f / %.3f / %.3f (%d)        %.3f / %.3f / %.3f (%d)" % (name, *b3(full), len(full), *b3(clean), len(clean)))
