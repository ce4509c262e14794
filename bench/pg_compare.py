#!/usr/bin/env python3
"""Compares what two stores derived from the same articles: syndication
groups (as sets of member ids), events (as sets of member articles) and
entities (as kind + set of alias spellings). Ids of events and entities may
differ between stores; the memberships are what is compared.

Usage: pg_compare.py DIR_A DIR_B  (each holding groups.jsonl, events.jsonl,
entities.jsonl, as written by `storyline ... groups|events|entities --json`)
"""
import json
import sys
from pathlib import Path


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def groups(d):
    return {frozenset(m["id"] for m in g["members"]) for g in load(Path(d) / "groups.jsonl")}


def events(d):
    return {frozenset(m["article"] for m in e["members"]) for e in load(Path(d) / "events.jsonl")}


def entities(d):
    return {(e["kind"], frozenset(a[0] for a in e["aliases"])) for e in load(Path(d) / "entities.jsonl")}


def compare(name, a, b):
    both = a & b
    only_a, only_b = a - b, b - a
    print(f"{name}: A {len(a)}, B {len(b)}, identical {len(both)}, only in A {len(only_a)}, only in B {len(only_b)}")
    if name == "events" and (only_a or only_b):
        # How far apart: articles whose event (as a member set) differs.
        moved = set().union(*only_a) if only_a else set()
        moved_b = set().union(*only_b) if only_b else set()
        print(f"  articles in differing events: A {len(moved)}, B {len(moved_b)}")
    for label, side in (("A", only_a), ("B", only_b)):
        for item in sorted(side, key=lambda s: -len(s) if isinstance(s, frozenset) else 0)[:3]:
            shown = sorted(item)[:6] if isinstance(item, frozenset) else (item[0], sorted(item[1])[:6])
            print(f"  only in {label}: {shown}")
    return not only_a and not only_b


def main():
    a, b = sys.argv[1], sys.argv[2]
    same = [compare(n, f(a), f(b)) for n, f in (("groups", groups), ("events", events), ("entities", entities))]
    print("identical" if all(same) else "different")


if __name__ == "__main__":
    main()
