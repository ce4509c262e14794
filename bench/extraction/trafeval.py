#!/usr/bin/env python3
"""Main text and chrome removal on trafilatura's evaluation pages
(../shared/eval/trafeval: 482 pages, each with snippets to keep and snippets
to remove), scored as trafilatura's tests/eval_common.py scores them:
whitespace collapsed in output and snippet, a plain substring test per
snippet, precision/recall/F1 over the sums of all pages.

The pages are split by site into two fixed parts: part A (tuning) holds the
hosts whose SHA-1 (of the host without `www.`) has an even first byte, part
B (held out) the others. Every figure is given for A, B and all pages; a
rule is adopted only if it does not hurt B.

- `html`: `storyline extract --json` on the crawled HTML (with its URL),
  beside trafilatura's fallback mode (its default `extract`) and fast mode
  (`no_fallback=True`), when trafilatura is importable.
- `text`: the same pages as scraped text (`text/*.txt.gz`, every visible
  line, no URL), kept as they are and after `storyline extract --json`.

Usage: trafeval.py --binary target/debug/storyline [--only html|text]
       [--no-peers] [--save DIR] [--json FILE]
Called by run.sh (`--only trafeval`), which builds the release binary and
the venv with trafilatura.
"""
import argparse
import gzip
import hashlib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

SPACE = re.compile(r"\s+")


def collapse(s: str) -> str:
    return SPACE.sub(" ", s or "").strip()


def host_of(url: str) -> str:
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    return host[4:] if host.startswith("www.") else host


def part_of(url: str) -> str:
    """'A' (tuning) or 'B' (held out), by a hash of the page's host."""
    return "A" if hashlib.sha1(host_of(url).encode()).digest()[0] % 2 == 0 else "B"


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = re.search(rb"""charset=["']?([A-Za-z0-9_.:-]+)""", raw[:4096])
    if m:
        try:
            return raw.decode(m.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return raw.decode("cp1252", errors="replace")


def load(root: Path):
    """[(url, entry, html, text)] in a fixed order."""
    data = json.loads((root / "evaldata.json").read_text())
    pages = []
    for url in sorted(data):
        e = data[url]
        html = decode(gzip.open(root / "html" / (e["file"] + ".gz")).read())
        stem = e["file"][: -len(".html")] if e["file"].endswith(".html") else e["file"]
        tpath = root / "text" / (stem + ".txt.gz")
        text = gzip.open(tpath).read().decode("utf-8", "replace") if tpath.exists() else ""
        pages.append((url, e, html, text))
    return pages


def counts(entry, output: str):
    out = collapse(output)
    tp = sum(collapse(s) in out for s in entry["with"])
    fn = len(entry["with"]) - tp
    fp = sum(collapse(s) in out for s in entry["without"])
    tn = len(entry["without"]) - fp
    return tp, fn, fp, tn


def score(rows):
    """rows: [(tp, fn, fp, tn)] -> (P, R, F1)."""
    tp = sum(r[0] for r in rows)
    fn = sum(r[1] for r in rows)
    fp = sum(r[2] for r in rows)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def run_storyline(binary: Path, records):
    """records: list of dicts for `storyline extract FILE.jsonl --json`.
    Returns the texts, in order ('' where no article came out)."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
        path = f.name
    proc = subprocess.run(
        [str(binary), "extract", path, "--json"], capture_output=True, text=True
    )
    Path(path).unlink()
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr)
    texts = [""] * len(records)
    for line in proc.stdout.splitlines():
        a = json.loads(line)
        n = int(a["path"].rsplit("#line=", 1)[1])
        texts[n - 1] = (a.get("title") or "") + "\n" + (a.get("text") or "")
    return texts


def report(name, pages, outputs, results, key):
    per = [counts(e, o) for (_, e, _, _), o in zip(pages, outputs)]
    line = f"{name:<28}"
    for part in ("A", "B", "all"):
        rows = [c for (u, _, _, _), c in zip(pages, per) if part == "all" or part_of(u) == part]
        p, r, f = score(rows)
        line += f"  {f:.4f} ({p:.3f}/{r:.3f})"
        results[f"{key}:{part}"] = {"f1": f, "precision": p, "recall": r, "pages": len(rows)}
    print(line)
    return per


def main():
    here = Path(__file__).resolve().parent
    repo = here.parent.parent
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=repo.parent / "shared")
    ap.add_argument("--binary", type=Path, default=repo / "target" / "release" / "storyline")
    ap.add_argument("--only", choices=["html", "text"])
    ap.add_argument("--no-peers", action="store_true", help="skip trafilatura")
    ap.add_argument("--save", type=Path, help="write per-page outputs and counts here")
    ap.add_argument("--json", type=Path, help="write the summary as JSON to this file")
    args = ap.parse_args()
    pages = load(args.shared / "eval" / "trafeval")
    na = sum(part_of(u) == "A" for u, _, _, _ in pages)
    hosts_a = len({host_of(u) for u, _, _, _ in pages if part_of(u) == "A"})
    hosts_b = len({host_of(u) for u, _, _, _ in pages if part_of(u) == "B"})
    print(f"trafeval: {len(pages)} pages; part A (tuning) {na} pages of {hosts_a} hosts, "
          f"part B (held out) {len(pages) - na} pages of {hosts_b} hosts")
    print(f"{'':<28}  {'A: F1 (P/R)':<22}  {'B: F1 (P/R)':<22}  {'all: F1 (P/R)':<22}")
    results = {}
    saved = {}
    if args.only in (None, "html"):
        print("== HTML pages")
        ours = run_storyline(args.binary, [{"url": u, "html": h} for u, _, h, _ in pages])
        saved["html:storyline"] = (ours, report("storyline", pages, ours, results, "html:storyline"))
        if not args.no_peers:
            try:
                import trafilatura
            except ImportError:
                trafilatura = None
                print("(trafilatura not importable: peers skipped)")
            if trafilatura:
                for mode, fast in (("fallback", False), ("fast", True)):
                    outs = [
                        trafilatura.extract(h, url=u, fast=fast) or "" for u, _, h, _ in pages
                    ]
                    name = f"trafilatura {trafilatura.__version__} {mode}"
                    saved[f"html:trafilatura_{mode}"] = (
                        outs, report(name, pages, outs, results, f"html:trafilatura_{mode}"))
    if args.only in (None, "text"):
        print("== scraped text (text/*.txt.gz, no URL)")
        raw = [t for _, _, _, t in pages]
        saved["text:as_is"] = (raw, report("text kept as it is", pages, raw, results, "text:as_is"))
        ours = run_storyline(args.binary, [{"text": t} for t in raw])
        saved["text:storyline"] = (ours, report("storyline extract", pages, ours, results, "text:storyline"))
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for key, (outs, per) in saved.items():
            rows = [
                {"url": u, "part": part_of(u), "counts": c, "output": o}
                for (u, _, _, _), o, c in zip(pages, outs, per)
            ]
            (args.save / f"trafeval_{key.replace(':', '_')}.json").write_text(json.dumps(rows, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
