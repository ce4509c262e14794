#!/usr/bin/env python3
"""Writes corpus/eval/entities.gold.jsonl from the hand-written spec files in
corpus/eval/entities-spec/ (the annotation) and the Timeline17 articles (the
collections and article ids where each form is written).

    python3 bench/make_entities_gold.py [--t17 ../shared/eval/t17] > corpus/eval/entities.gold.jsonl

A spec file starts a topic with `@Topic` (the prefix of the Timeline17 set
names) and has one line per form: `form|entity|type[|rule]`. A rule marks
the form ambiguous and says in which articles it names `entity`:
`amb:INCLUDE:EXCLUDE` (regular expressions an article must / must not match;
either may be empty) or `ids:ID,ID,...` (an explicit list). See
corpus/eval/README.md.
"""
import argparse
import collections
import glob
import gzip
import json
import os
import re
import sys

SPLIT = {
    "SyrianCrisis": "tune",
    "EgyptianProtest": "tune",
    "H1N1": "tune",
    "bpoil": "report",
    "Finan": "report",
    "haiti": "report",
    "MJ": "report",
}
TYPES = {"person", "organisation", "place", "other"}


def load(t17, topic):
    out = []
    for f in sorted(glob.glob(f"{t17}/{topic}_*.articles.jsonl.gz")):
        name = os.path.basename(f).replace(".articles.jsonl.gz", "")
        with gzip.open(f, "rt") as fh:
            out.extend((name, json.loads(line)) for line in fh if line.strip())
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--t17", default="../shared/eval/t17")
    ap.add_argument("--spec", default="corpus/eval/entities-spec")
    args = ap.parse_args()
    out, warnings = [], []
    for spec in sorted(glob.glob(f"{args.spec}/*.txt")):
        topic, arts = None, []
        for n, line in enumerate(open(spec, encoding="utf-8"), 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("@"):
                topic = line[1:].strip()
                arts = load(args.t17, topic)
                continue
            parts = line.split("|", 3)
            if len(parts) < 3 or parts[2] not in TYPES or topic not in SPLIT:
                sys.exit(f"{spec}:{n}: expected form|entity|type[|rule] under a known @topic")
            form, entity, kind = parts[:3]
            rule = parts[3] if len(parts) > 3 else ""
            word = re.compile(r"(?<![\w])" + re.escape(form) + r"(?![\w])")
            hits = [(s, a) for s, a in arts if word.search(a["text"])]
            ambiguous = bool(rule)
            if rule.startswith("amb:"):
                _, inc, exc = rule.split(":", 2)
                hits = [
                    (s, a)
                    for s, a in hits
                    if (not inc or re.search(inc, a["text"]))
                    and not (exc and re.search(exc, a["text"]))
                ]
            elif rule.startswith("ids:"):
                ids = set(rule[4:].split(","))
                hits = [(s, a) for s, a in hits if a["id"] in ids]
                if len(hits) != len(ids):
                    warnings.append(f"{spec}:{n}: some listed articles lack {form!r}")
            elif rule:
                sys.exit(f"{spec}:{n}: unknown rule {rule!r}")
            if not hits:
                warnings.append(f"{spec}:{n}: {form!r} is in no article; left out")
                continue
            ids = [a["id"] for _, a in hits]
            out.append(
                {
                    "form": form,
                    "entity": entity,
                    "type": kind,
                    "ambiguous": ambiguous,
                    "split": SPLIT[topic],
                    "collections": sorted({s for s, _ in hits}),
                    "articles": ids if ambiguous else ids[:3],
                }
            )
    senses = collections.defaultdict(set)
    for g in out:
        senses[(g["form"], g["split"])].add(g["entity"])
    for g in out:
        if len(senses[(g["form"], g["split"])]) > 1 and not g["ambiguous"]:
            warnings.append(f"{g['form']!r} names several entities but has no rule")
    for w in warnings:
        print("warning:", w, file=sys.stderr)
    for g in out:
        print(json.dumps(g, ensure_ascii=False))


if __name__ == "__main__":
    main()
