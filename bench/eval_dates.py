#!/usr/bin/env python3
"""Relative-date resolution on Timeline17 (journalists' timelines).

For every article of a topic, the release binary's annotate stage
(`storyline annotate FILE --json --with-text`) finds date expressions and
resolves them against the publication date. Each resolved relative
expression ("on Tuesday", "yesterday", "last week"...) and each day-month
expression without a year sits in a sentence; that sentence is matched to
the most similar sentence of the topic's journalist-written timelines
(content-word Jaccard >= threshold). The timeline's date for that sentence
is the gold date. Reported: accuracy of the resolved day (exact, and within
one day), next to the baseline that dates the event on the publication day.

Usage: python3 bench/eval_dates.py [--t17 DIR] [--bin PATH] [--threshold 0.5]
"""
import argparse, glob, gzip, json, os, re, subprocess
from datetime import date, timedelta

STOP = set("the a an of to in on at and or for by with from as is was were be been has have had that this it its he she they his her their said says will would could after before over into about than which who".split())


def toks(s):
    return {w for w in re.findall(r"[a-z0-9]+", s.lower()) if w not in STOP and len(w) > 2}


def sentence_at(text, s, e):
    a = max(text.rfind(". ", 0, s), text.rfind("\n", 0, s))
    b_candidates = [x for x in (text.find(". ", e), text.find("\n", e)) if x != -1]
    b = min(b_candidates) if b_candidates else len(text)
    return text[a + 1:b + 1]


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--t17", default=os.path.join(here, "../../shared/eval/t17"))
    ap.add_argument("--bin", default=os.path.join(here, "../target/release/storyline"))
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    totals = dict(n=0, exact=0, near=0, base_exact=0, base_near=0)
    by_rule = {}
    for arts in sorted(glob.glob(os.path.join(a.t17, "*.articles.jsonl.gz"))):
        topic = os.path.basename(arts).replace(".articles.jsonl.gz", "")
        tl_path = os.path.join(a.t17, topic + ".timelines.jsonl")
        timeline = []
        for line in open(tl_path, encoding="utf-8"):
            for day, sents in json.loads(line):
                for s in sents:
                    timeline.append((date.fromisoformat(day), toks(s)))
        out = subprocess.run([a.bin, "annotate", arts, "--json", "--with-text"], capture_output=True)
        for line in out.stdout.decode("utf-8").splitlines():
            art = json.loads(line)
            pub = art.get("published")
            text = art.get("text") or ""
            for d in art.get("dates", []):
                if d["kind"] == "absolute" or not d.get("date") or not pub:
                    continue
                s, e = d["provenance"]["span"]
                sent = toks(sentence_at(text, s, e))
                if len(sent) < 5:
                    continue
                best, best_day = 0.0, None
                for day, ts in timeline:
                    if not ts:
                        continue
                    j = len(sent & ts) / len(sent | ts)
                    if j > best:
                        best, best_day = j, day
                if best < a.threshold:
                    continue
                ours = date.fromisoformat(d["date"])
                base = date.fromisoformat(pub)
                rule = d["provenance"]["rule"]
                r = by_rule.setdefault(rule, [0, 0])
                r[0] += 1
                r[1] += ours == best_day
                totals["n"] += 1
                totals["exact"] += ours == best_day
                totals["near"] += abs((ours - best_day).days) <= 1
                totals["base_exact"] += base == best_day
                totals["base_near"] += abs((base - best_day).days) <= 1
    n = max(totals["n"], 1)
    rep = {
        "matched_expressions": totals["n"],
        "accuracy_exact": totals["exact"] / n,
        "accuracy_within_1_day": totals["near"] / n,
        "baseline_publication_date_exact": totals["base_exact"] / n,
        "baseline_publication_date_within_1_day": totals["base_near"] / n,
        "by_rule": {k: {"n": v[0], "exact": v[1] / max(v[0], 1)} for k, v in sorted(by_rule.items())},
    }
    if a.json:
        print(json.dumps(rep))
    else:
        print(f"T17: {totals['n']} resolved relative/partial expressions matched to a timeline sentence (Jaccard >= {a.threshold})")
        print(f"  resolved date   exact {rep['accuracy_exact']:.3f}  within 1 day {rep['accuracy_within_1_day']:.3f}")
        print(f"  publication day exact {rep['baseline_publication_date_exact']:.3f}  within 1 day {rep['baseline_publication_date_within_1_day']:.3f}  (baseline)")
        for k, v in rep["by_rule"].items():
            print(f"  {k:<16} n={v['n']:<5} exact {v['exact']:.3f}")


if __name__ == "__main__":
    main()
