#!/usr/bin/env python3
"""Scraped-text pages of invented sites, for chrome removal on `.txt` files
with no stated source.

Each page is the text of one dev T17 article (../shared/eval/t17) wrapped in
the chrome of one of four invented sites, as a crawler that keeps every
visible line would store it: the site's name line, its menu, a share bar, a
newsletter box, a list of related headlines with timestamps (other stories
of the same site, so the list differs from page to page), a footer with the
site's links and its copyright line. Some stories are republished on a
second site. All pages go to one flat folder, so the site has to be read
from the page itself.

Deterministic: the same arguments give the same files (random.Random(seed),
articles in file order).

Writes DIR/pages/NNNN.txt and DIR/truth.jsonl: one record per page with its
file, site, `article` (the article's lines) and `chrome` (the chrome lines).

With --bundle FILE, writes instead one JSON file holding every page's
text beside its truth (the small sample the tests read,
corpus/eval/sitetext.json: a .json file, which ingest and demo skip).

Usage: gen_sitetext.py (--out DIR | --bundle FILE) [--pages 800] [--seed 7] [--shared ../shared]
"""
import argparse
import gzip
import json
import random
from collections import Counter
from pathlib import Path

SITES = [
    {
        "name": "The Harbor Ledger",
        "domain": "harborledger.example",
        "menu": ["Home", "World", "Nation", "Business", "Science", "Opinion", "Sport", "Weather"],
        "menu_style": "lines",
        "share": ["Share this article", "Facebook", "Twitter", "Email", "Print"],
        "newsletter": [
            "Get the Morning Ledger in your inbox",
            "Our editors pick the stories you need to start the day.",
            "Enter your email address",
            "Sign up",
        ],
        "related_head": "Related stories",
        "stamp": "hours",
        "footer": ["About us", "Contact the newsroom", "Advertise with us", "Privacy policy", "Terms of use"],
        "copyright": "© {year} The Harbor Ledger. All rights reserved.",
    },
    {
        "name": "Valley Courier",
        "domain": "valleycourier.example",
        "menu": ["News", "Local", "Politics", "Money", "Health", "Culture", "Video"],
        "menu_style": "bar",
        "share": ["Share", "Tweet", "Share on WhatsApp", "Copy link"],
        "newsletter": [
            "Newsletter",
            "The Courier Daily: the day's top headlines, every evening.",
            "Your email",
            "Subscribe now",
        ],
        "related_head": "More from Valley Courier",
        "stamp": "date",
        "footer": ["Valley Courier", "Jobs", "Contact", "Cookie settings", "Accessibility"],
        "copyright": "Copyright {year} Valley Courier Media Group. All rights reserved.",
    },
    {
        "name": "Northern Dispatch",
        "domain": "northerndispatch.example",
        "menu": ["Latest", "Europe", "Americas", "Asia", "Africa", "Middle East", "Analysis", "Podcasts"],
        "menu_style": "lines",
        "share": ["Share this story", "Share on Facebook", "Share on Twitter", "Share by email"],
        "newsletter": [
            "Stay informed",
            "Sign up for the Dispatch briefing and never miss a story.",
            "Email address",
            "I agree to the privacy policy",
            "Join",
        ],
        "related_head": "Read more",
        "stamp": "minutes",
        "footer": ["About the Dispatch", "Editorial standards", "Corrections", "Careers", "Privacy"],
        "copyright": "All rights reserved to Northern Dispatch Ltd {year}",
    },
    {
        "name": "Capital Wire Review",
        "domain": "capitalwire.example",
        "menu": ["Top stories", "Markets", "Economy", "Tech", "Energy", "Lifestyle"],
        "menu_style": "bar",
        "share": ["Share:", "LinkedIn", "Facebook", "X", "Mail"],
        "newsletter": [
            "Free newsletter",
            "Markets, policy and the week ahead, every Monday.",
            "Enter email",
            "Sign me up",
        ],
        "related_head": "You may also like",
        "stamp": "datetime",
        "footer": ["Capital Wire Review", "Subscribe", "Help centre", "Privacy notice", "Sitemap"],
        "copyright": "(c) {year} capitalwire.example",
    },
]

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def load_articles(shared: Path):
    """The seed articles' lines, without the seeds' own boilerplate: a line
    found in three or more seed articles ("Views expressed in the comments
    ...") is their original site's chrome, not article text, so it is left
    out of the pages and of the truth."""
    raw = []
    for path in sorted((shared / "eval" / "t17").glob("*.articles.jsonl.gz")):
        with gzip.open(path, "rt") as f:
            for line in f:
                a = json.loads(line)
                lines = [l.strip() for l in a["text"].split("\n") if l.strip()]
                raw.append((a.get("published") or "2011-01-01", lines))
    seen = Counter(l for _, lines in raw for l in set(lines))
    arts = []
    for published, lines in raw:
        lines = [l for l in lines if seen[l] < 3]
        if len(lines) >= 4 and sum(len(l) for l in lines) >= 600:
            arts.append({"published": published, "lines": lines})
    return arts


def headline(art) -> str:
    words = art["lines"][0].split()
    return " ".join(words[:12]).rstrip(",;:")


def stamp(site, rng, published):
    y, m, d = published.split("-")[:3]
    style = site["stamp"]
    if style == "hours":
        return f"{rng.randint(1, 23)} hours ago"
    if style == "minutes":
        return f"{rng.randint(2, 59)} min ago"
    if style == "date":
        return f"{MONTHS[int(m) - 1]} {int(d)}, {y}"
    return f"{d}.{m}.{y} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"


def page(site, art, others, rng):
    """(lines, article_lines, chrome_lines)."""
    year = art["published"][:4]
    article, chrome = [], []
    out = []

    def add(line, is_chrome):
        out.append(line)
        (chrome if is_chrome else article).append(line)

    add(site["name"], True)
    if site["menu_style"] == "bar":
        add(" | ".join(site["menu"]), True)
    else:
        for m in site["menu"]:
            add(m, True)
    body = art["lines"]
    for s in site["share"]:
        add(s, True)
    cut = max(2, len(body) // 2)
    for line in body[:cut]:
        add(line, False)
    if rng.random() < 0.7:
        for s in site["newsletter"]:
            add(s, True)
    for line in body[cut:]:
        add(line, False)
    if rng.random() < 0.5:
        for s in site["share"]:
            add(s, True)
    add(site["related_head"], True)
    for o in rng.sample(others, min(len(others), rng.randint(3, 5))):
        add(headline(o), True)
        add(stamp(site, rng, o["published"]), True)
    for f in site["footer"]:
        add(f, True)
    add(site["copyright"].format(year=year), True)
    return out, article, chrome


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = Path(__file__).resolve().parent
    ap.add_argument("--shared", type=Path, default=here.parent.parent.parent / "shared")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--bundle", type=Path, help="one JSON file with pages and truth")
    ap.add_argument("--pages", type=int, default=800)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--republish", type=float, default=0.15, help="share of stories also on a second site")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    arts = load_articles(args.shared)
    rng.shuffle(arts)
    stories = []
    for i, art in enumerate(arts):
        site = i % len(SITES)
        stories.append((site, art))
        if rng.random() < args.republish:
            stories.append(((site + 1 + rng.randrange(len(SITES) - 1)) % len(SITES), art))
        if len(stories) >= args.pages:
            break
    stories = stories[: args.pages]
    by_site = {s: [a for t, a in stories if t == s] for s in range(len(SITES))}
    records = []
    for n, (s, art) in enumerate(stories):
        others = [o for o in by_site[s] if o is not art]
        lines, article, chrome = page(SITES[s], art, others, rng)
        records.append({"file": f"{n:04d}.txt", "site": SITES[s]["domain"], "text": "\n".join(lines) + "\n",
                        "article": article, "chrome": chrome})
    if args.bundle:
        args.bundle.write_text(json.dumps({"pages": records}, indent=0, ensure_ascii=False) + "\n")
        print(f"{len(records)} pages of {len(SITES)} sites in {args.bundle}")
        return
    (args.out / "pages").mkdir(parents=True, exist_ok=True)
    with (args.out / "truth.jsonl").open("w") as truth:
        for r in records:
            (args.out / "pages" / r["file"]).write_text(r.pop("text"))
            truth.write(json.dumps(r) + "\n")
    print(f"{len(records)} pages of {len(SITES)} sites in {args.out}")


if __name__ == "__main__":
    main()
