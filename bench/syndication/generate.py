#!/usr/bin/env python3
"""Syndication benchmark generator: real articles, copied the way sites copy them.

Takes real articles (Timeline17 JSON Lines and Reuters-21578 converted with
reuters_to_jsonl.py), picks originals that share no real text with one another,
and makes 1-5 syndicated copies of each the way news sites do:

- wrapped in site chrome: as a raw HTML page (nav menu, related-headline list,
  share bar, comment form, copyright footer) or as already-scraped text with
  the same furniture as lines;
- headline rewritten;
- first and/or last paragraphs cut, a paragraph of the site's own inserted;
- light copy edits (house-style word substitutions, dropped words);
- an occasional wire credit line.

Hard negatives: other real articles on the same topic (same Timeline17 topic or
same Reuters TOPICS tag), which must stay alone.

Writes OUT/articles.jsonl (shuffled) and OUT/truth.jsonl (one line per true
group: the input ids of the original and its copies).

  generate.py --t17 DIR --reuters reuters.jsonl --out DIR [--bases 600] [--seed 4]

Scale mode (--scale N): N articles built from sentences of the real corpus
(originals are random sentence sequences, so they do not overlap by accident),
a third of them syndicated copies as above; no truth file. For speed and memory
tests.
"""
import argparse
import gzip
import json
import pathlib
import random
import re
import sys
import zlib

SITES = ["The Daily Ledger", "Metro Courier", "Valley Post", "Harbor Times", "Northern Star",
         "Capital Wire Review", "Evening Chronicle", "The Lakeside Gazette"]
MENUS = ["Home | World | Business | Politics | Sport | Opinion | Video",
         "HOME  NEWS  WORLD  MARKETS  TECH  CULTURE  CONTACT",
         "Home > News > World", "Menu Search Subscribe Sign in"]
INSERTS = ["Readers can follow our live coverage of the story throughout the day on our website and apps.",
           "This report was compiled with material from the agency's correspondents and our own staff in the region.",
           "Our correspondent says the mood in the capital remains tense as officials weigh their next steps, and few expect a quick resolution.",
           "Analysts contacted by this newspaper said they expected further statements in the coming days, though none would speculate on their content."]
EDITS = {"said": "says", "mln": "million", "pct": "percent", "billion": "bn", "percent": "per cent",
         "Monday": "on Monday", "government": "Government", "told": "said to", "about": "around",
         "organization": "organisation", "center": "centre", "also": "", "very": "", "that": "",
         "U.S.": "US", "would": "will"}
WIRES = ["Reuters", "AFP", "AP"]
SHINGLE = 5


def words(t):
    return re.findall(r"\w+", t.lower())


def shingles(t):
    w = words(t)
    return {zlib.crc32(" ".join(w[i:i + SHINGLE]).encode()) for i in range(max(1, len(w) - SHINGLE + 1))}


def load(t17_dir, reuters):
    docs = []
    for f in sorted(pathlib.Path(t17_dir).glob("*.articles.jsonl.gz")):
        with gzip.open(f, "rt") as fh:
            for line in fh:
                d = json.loads(line)
                docs.append({"id": "t17:" + d["id"], "topic": "t17:" + d.get("topic", f.name.split("_")[0]),
                             "title": d.get("title") or d["text"].split("\n")[0][:90], "text": d["text"],
                             "published": d.get("published")})
    with open(reuters) as fh:
        for line in fh:
            d = json.loads(line)
            if not d["topics"]:
                continue
            docs.append({"id": d["id"], "topic": "reuters:" + d["topics"][0], "title": d["title"],
                         "text": d["text"], "published": d.get("published")})
    return docs


def paras(text):
    ps = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    return ps


def rewrite_headline(title, rng):
    t = title.strip().rstrip(".")
    if t.isupper():
        t = t.title()
    choice = rng.random()
    if choice < 0.3:
        return "UPDATE: " + t
    if choice < 0.6:
        ws = t.split()
        if len(ws) > 4:
            k = rng.randrange(1, len(ws) - 1)
            ws = ws[k:] + ["-"] + ws[:k]
        return " ".join(ws)
    if choice < 0.8:
        return t + " - report"
    return t.lower().capitalize()


def copy_edit(p, rng, rate=0.03):
    out = []
    for w in p.split(" "):
        r = rng.random()
        if r < rate and w in EDITS:
            if EDITS[w]:
                out.append(EDITS[w])
        elif r < rate * 0.3:
            continue  # a dropped word
        else:
            out.append(w)
    return " ".join(out)


def syndicate(doc, rng, pool_titles, as_html):
    ps = paras(doc["text"])
    if len(ps) >= 4 and rng.random() < 0.35:
        ps = ps[1:]
    if len(ps) >= 4 and rng.random() < 0.45:
        ps = ps[:-rng.choice([1, 1, 2])]
    ps = [copy_edit(p, rng) for p in ps]
    if rng.random() < 0.45:
        ps.insert(rng.randrange(1, len(ps) + 1), rng.choice(INSERTS))
    if rng.random() < 0.3:
        ps.append(f"Source: {rng.choice(WIRES)}")
    site = rng.choice(SITES)
    title = rewrite_headline(doc["title"], rng)
    related = rng.sample(pool_titles, 4)
    if as_html:
        body = "".join(f"<p>{p}</p>" for p in ps)
        rel = "".join(f'<li><a href="/news/{i}">{t}</a></li>' for i, t in enumerate(related))
        html = (f"<html><head><title>{title} | {site}</title>"
                f'<meta property="og:site_name" content="{site}"></head><body>'
                f'<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>'
                f'<li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav>'
                f'<header><div class="logo">{site}</div></header>'
                f'<main><article><h1>{title}</h1><div class="byline">By Staff Writer</div>'
                f'<div class="share">Share on Facebook Share on Twitter Email</div>{body}</article>'
                f'<aside class="related"><h3>Related stories</h3><ul>{rel}</ul></aside>'
                f'<section class="comments"><h3>Leave a Reply</h3><form><p>Your email address will not be published. '
                f'Required fields are marked *</p><label>Name *</label><input><label>Email *</label><input>'
                f'<textarea></textarea><button>Post Comment</button></form></section></main>'
                f'<footer>© 2024 {site}. All rights reserved. <a href="/privacy">Privacy</a></footer></body></html>')
        return {"html": html}, title
    lines = [rng.choice(MENUS), site, "", title, "", "Share on Facebook  Share on Twitter  Email", ""]
    for p in ps:
        lines += [p, ""]
    lines += ["Related:"] + [f"{t}" for t in related] + [""]
    lines += ["Leave a Reply", "Your email address will not be published. Required fields are marked *",
              "Name *", "Email *", "Website", "Post Comment", "", f"© 2024 {site}. All rights reserved."]
    return {"text": "\n".join(lines)}, title


def record(rid, doc_fields, published, source):
    r = {"id": rid, "source": source}
    if published:
        r["published"] = published
    r.update(doc_fields)
    return r


def pick_disjoint(docs, rng, limit_share=0.05):
    """Documents in random order, keeping those sharing under `limit_share` of
    their shingles with every document kept before (the corpora hold real
    duplicates: they must not become false 'negatives')."""
    owner = {}
    kept = []
    order = list(range(len(docs)))
    rng.shuffle(order)
    for i in order:
        d = docs[i]
        if len(words(d["text"])) < 80:
            continue
        sh = shingles(d["text"])
        shared = sum(1 for s in sh if s in owner)
        if shared > limit_share * len(sh):
            continue
        for s in sh:
            owner[s] = i
        kept.append(d)
    return kept


def bench(args):
    rng = random.Random(args.seed)
    docs = load(args.t17, args.reuters)
    clean = pick_disjoint(docs, rng)
    by_topic = {}
    for d in clean:
        by_topic.setdefault(d["topic"], []).append(d)
    topics = [t for t, ds in by_topic.items() if len(ds) >= 3]
    pool_titles = [d["title"] for d in clean if d["title"]]
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    records, truth, used = [], [], set()
    t17_topics = [t for t in topics if t.startswith("t17:")]
    reu_topics = [t for t in topics if t.startswith("reuters:")]
    while len(truth) < args.bases:
        topic = rng.choice(t17_topics if len(truth) % 2 == 0 else reu_topics)
        cands = [d for d in by_topic[topic] if d["id"] not in used]
        if len(cands) < 2:
            continue
        base, neg = rng.sample(cands, 2)
        used.update([base["id"], neg["id"]])
        group = [base["id"]]
        records.append(record(base["id"], {"title": base["title"], "text": base["text"]},
                              base["published"], "origin"))
        records.append(record(neg["id"], {"title": neg["title"], "text": neg["text"]},
                              neg["published"], "negative"))
        for k in range(rng.randint(1, 5)):
            fields, _ = syndicate(base, rng, pool_titles, as_html=rng.random() < 0.5)
            cid = f"{base['id']}#copy{k}"
            records.append(record(cid, fields, base["published"] if rng.random() < 0.7 else None, "copy"))
            group.append(cid)
        truth.append(group)
    rng.shuffle(records)
    with open(out / "articles.jsonl", "w") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
    with open(out / "truth.jsonl", "w") as fh:
        for g in truth:
            fh.write(json.dumps(g) + "\n")
    print(f"{len(records)} articles, {len(truth)} true groups -> {out}", file=sys.stderr)


def scale(args):
    rng = random.Random(args.seed)
    docs = load(args.t17, args.reuters)
    sentences = []
    for d in docs:
        for s in re.split(r"(?<=[.!?])\s+", d["text"].replace("\n", " ")):
            if len(s.split()) >= 8:
                sentences.append(s)
    pool_titles = [d["title"] for d in docs if d["title"]][:5000]
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    n_orig = args.scale * 2 // 3
    written = 0
    with open(out / "scale.jsonl", "w") as fh:
        bases = []
        while written < args.scale:
            if written < n_orig or not bases:
                n = rng.randint(4, 9)
                ps = [" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 3))) for _ in range(n)]
                base = {"title": " ".join(ps[0].split()[:8]), "text": "\n\n".join(ps), "published": None}
                if len(bases) < 50000:
                    bases.append(base)
                else:
                    bases[rng.randrange(len(bases))] = base
                r = record(f"s{written}", {"title": base["title"], "text": base["text"]}, None, "origin")
            else:
                base = rng.choice(bases)
                fields, _ = syndicate(base, rng, pool_titles, as_html=rng.random() < 0.2)
                r = record(f"s{written}", fields, None, "copy")
            fh.write(json.dumps(r) + "\n")
            written += 1
    print(f"{written} articles -> {out / 'scale.jsonl'}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--t17", required=True)
    ap.add_argument("--reuters", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--bases", type=int, default=600)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--scale", type=int, default=0)
    args = ap.parse_args()
    scale(args) if args.scale else bench(args)


if __name__ == "__main__":
    main()
