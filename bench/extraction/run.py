#!/usr/bin/env python3
"""Extraction and publication-date benchmark: storyline against trafilatura
and htmldate, on the same pages, in one run.

- Main text: the 181 pages of the Article Extraction Benchmark
  (../shared/bench/aeb), scored with its own evaluate.py (shingle P/R/F1).
- Publication dates: the 745 pages of ../shared/eval/dates (labels.jsonl),
  accuracy = exact day, an undated answer counts as wrong.
- trafilatura's evaluation pages (../shared/eval/trafeval), HTML and
  scraped text, split by site into a tuning and a held-out part, beside
  trafilatura's fallback and fast modes (trafeval.py).

Speed is single-thread: storyline runs `storyline extract FILE.jsonl --json`
(one process, sequential; for the dates `--date-only`, the date alone as
htmldate finds it, with the full extraction timed beside it), timed
including start-up, reading and JSON output;
the Python peers run in a plain loop in this process, timed around the loop
only (their import and start-up are not counted). Both CPU time (the ratio
reported, robust to other load on the machine) and wall time are printed.

The peers' speed moves by up to a quarter from one run to the next on a
shared machine, so the timing is repeated `--rounds` times (default 3),
storyline and the peer in turn, and the median of the rounds' ratios is the
one reported, with every round's beside it, and beside those the ratio of
each tool's median CPU time and of each tool's best round (one storyline
run is a third of a second, so a single slow round moves its ratio most). The peers keep LRU caches of
lines and date strings that would make a second pass over the same pages
faster than any pass over new pages, so their caches are reset (their own
`reset_caches()`, outside the timing) before every round: each round times
pages seen once, as the first does.

Called by run.sh, which builds the release binary and the venv.
"""
import argparse
import gzip
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def decode(raw: bytes) -> str:
    """Bytes to text the same way for every tool: UTF-8, else the declared
    charset, else cp1252."""
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


def run_storyline(binary: Path, pages, extra=()):
    """pages: list of (key, url, html). Returns ({key: article}, seconds).
    `extra`: more arguments for `storyline extract` (`--date-only`)."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for _, url, html in pages:
            f.write(json.dumps({"url": url, "html": html}) + "\n")
        path = f.name
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [str(binary), "extract", path, "--json", *extra],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    secs = (cpu, wall)
    Path(path).unlink()
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr)
    out = {}
    for line in proc.stdout.splitlines():
        a = json.loads(line)
        n = int(a["path"].rsplit("#line=", 1)[1])
        out[pages[n - 1][0]] = a
    return out, secs


def timed_rounds(args, ours_once, peer_once):
    """Runs storyline and the peer in turn `args.rounds` times. Returns the
    first round's outputs, per tool the (CPU, wall) seconds of the round
    whose CPU ratio is the median, and every round's CPU seconds as
    (ours, peer) pairs."""
    rounds = []
    first = None
    for _ in range(max(1, args.rounds)):
        ours, ours_secs = ours_once()
        peer, peer_secs = peer_once()
        if first is None:
            first = (ours, peer)
        rounds.append((peer_secs[0] / ours_secs[0], ours_secs, peer_secs))
    ordered = sorted(rounds, key=lambda r: r[0])
    median = ordered[len(ordered) // 2]
    return first, median[1], median[2], [(r[1][0], r[2][0]) for r in rounds]


def median_of(values):
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def print_ratio(name, cpu_rounds, ours_secs, peer_secs, results, key):
    """The median round's CPU ratio (the figure reported), with two
    estimators beside it that one noisy round moves less: the ratio of each
    tool's median CPU time over all rounds, and the ratio of each tool's best
    round (timeit's convention: slower rounds are the machine's noise)."""
    ratio = peer_secs[0] / ours_secs[0]
    ratios = [peer / ours for ours, peer in cpu_rounds]
    each = ", ".join(f"{r:.1f}x" for r in ratios)
    ours_cpu = [ours for ours, _ in cpu_rounds]
    peer_cpu = [peer for _, peer in cpu_rounds]
    of_medians = median_of(peer_cpu) / median_of(ours_cpu)
    of_bests = min(peer_cpu) / min(ours_cpu)
    print(
        f"speed ratio storyline/{name} (CPU time, median of {len(ratios)} rounds: {each}): "
        f"{ratio:.1f}x; wall: {peer_secs[1] / ours_secs[1]:.1f}x"
    )
    print(
        f"  ratio of the medians of each tool's CPU time: {of_medians:.1f}x; "
        f"of each tool's best round: {of_bests:.1f}x"
    )
    results[f"{key}:speed_ratio_cpu"] = ratio
    results[f"{key}:speed_ratio_cpu_rounds"] = ratios
    results[f"{key}:speed_ratio_cpu_of_medians"] = of_medians
    results[f"{key}:speed_ratio_cpu_of_bests"] = of_bests
    results[f"{key}:cpu_seconds_rounds"] = {"storyline": ours_cpu, name: peer_cpu}


def bench_extraction(args, binary, results):
    import trafilatura
    import trafilatura.meta

    aeb = args.shared / "bench" / "aeb"
    sys.path.insert(0, str(aeb))
    import evaluate as aeb_eval  # the benchmark's own scorer

    truth = json.loads((aeb / "ground-truth.json").read_text())
    pages = []
    for key in sorted(truth):
        raw = gzip.open(aeb / "html" / f"{key}.html.gz").read()
        pages.append((key, truth[key].get("url"), decode(raw)))

    def trafilatura_once():
        trafilatura.meta.reset_caches()
        pred = {}
        c0, t0 = time.process_time(), time.perf_counter()
        for key, url, html in pages:
            text = trafilatura.extract(html, url=url, include_comments=False)
            pred[key] = {"articleBody": text or ""}
        return pred, (time.process_time() - c0, time.perf_counter() - t0)

    (ours, pred_traf), ours_secs, traf_secs, cpu_rounds = timed_rounds(
        args, lambda: run_storyline(binary, pages), trafilatura_once
    )
    pred_ours = {k: {"articleBody": ours[k]["text"] if k in ours else ""} for k, _, _ in pages}

    print(f"\n== main text: AEB, {len(pages)} pages (evaluate.py shingle metric)")
    print(f"{'tool':<18} {'F1':>7} {'prec':>7} {'recall':>7} {'pages/CPU-s':>12} {'pages/s wall':>13}")
    rows = [
        ("storyline", pred_ours, ours_secs),
        (f"trafilatura {trafilatura.__version__}", pred_traf, traf_secs),
    ]
    for name, pred, secs in rows:
        m = aeb_eval.evaluate(truth, pred, args.bootstrap)
        pps, wall = len(pages) / secs[0], len(pages) / secs[1]
        print(f"{name:<18} {m['f1']:>7.4f} {m['precision']:>7.4f} {m['recall']:>7.4f} {pps:>12.1f} {wall:>13.1f}")
        results[f"aeb:{name.split()[0]}"] = {
            "f1": m["f1"],
            "precision": m["precision"],
            "recall": m["recall"],
            "pages_per_cpu_s": pps,
            "pages_per_s_wall": wall,
        }
    print_ratio("trafilatura", cpu_rounds, ours_secs, traf_secs, results, "aeb")

    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        per_page = {}
        for key, _, _ in pages:
            tp, fp, fn = aeb_eval.string_shingle_matching(
                truth[key]["articleBody"], pred_ours[key]["articleBody"]
            )
            tt, ft, nt = aeb_eval.string_shingle_matching(
                truth[key]["articleBody"], pred_traf[key]["articleBody"]
            )
            per_page[key] = {"ours": [tp, fp, fn], "trafilatura": [tt, ft, nt]}
        (args.save / "aeb_per_page.json").write_text(json.dumps(per_page, indent=1))
        (args.save / "aeb_storyline.json").write_text(json.dumps(pred_ours))
        (args.save / "aeb_trafilatura.json").write_text(json.dumps(pred_traf))


def bench_dates(args, binary, results):
    import htmldate
    import htmldate.meta

    root = args.shared / "eval" / "dates"
    labels = [json.loads(l) for l in (root / "labels.jsonl").read_text().splitlines() if l.strip()]
    pages = []
    for i, lab in enumerate(labels):
        raw = gzip.open(root / "html" / lab["file"]).read()
        pages.append((i, lab["url"], decode(raw)))

    # The date alone (`extract --date-only`), the same job as htmldate's;
    # the full extraction's dates are scored beside it.
    def htmldate_once():
        htmldate.meta.reset_caches()
        pred = {}
        c0, t0 = time.process_time(), time.perf_counter()
        for i, url, html in pages:
            try:
                pred[i] = htmldate.find_date(
                    html, url=url, extensive_search=True, original_date=True
                )
            except Exception:
                pred[i] = None
        return pred, (time.process_time() - c0, time.perf_counter() - t0)

    (ours, pred_hd), ours_secs, hd_secs, cpu_rounds = timed_rounds(
        args, lambda: run_storyline(binary, pages, ["--date-only"]), htmldate_once
    )
    pred_ours = {i: (ours.get(i) or {}).get("published", {}).get("date") for i, _, _ in pages}
    full, full_secs = run_storyline(binary, pages)
    pred_full = {i: (full.get(i) or {}).get("published", {}).get("date") for i, _, _ in pages}

    print(f"\n== publication dates: eval/dates, {len(pages)} pages (exact day)")
    print(f"{'tool':<18} {'accuracy':>9} {'undated':>8} {'pages/CPU-s':>12} {'pages/s wall':>13}")
    for name, pred, secs in [
        ("storyline", pred_ours, ours_secs),
        ("(full extraction)", pred_full, full_secs),
        (f"htmldate {htmldate.__version__}", pred_hd, hd_secs),
    ]:
        acc = sum(pred[i] == labels[i]["date"] for i in pred) / len(labels)
        undated = sum(pred[i] is None for i in pred)
        pps, wall = len(pages) / secs[0], len(pages) / secs[1]
        print(f"{name:<18} {acc:>9.4f} {undated:>8} {pps:>12.1f} {wall:>13.1f}")
        key = "storyline_full" if name.startswith("(full") else name.split()[0]
        results[f"dates:{key}"] = {
            "accuracy": acc,
            "undated": undated,
            "pages_per_cpu_s": pps,
            "pages_per_s_wall": wall,
        }
    print_ratio("htmldate", cpu_rounds, ours_secs, hd_secs, results, "dates")
    print(f"(full extraction / htmldate, CPU time: {hd_secs[0] / full_secs[0]:.1f}x)")

    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        rows = []
        for i, lab in enumerate(labels):
            prov = ((ours.get(i) or {}).get("published") or {}).get("provenance") or {}
            rows.append(
                {
                    "file": lab["file"],
                    "url": lab["url"],
                    "truth": lab["date"],
                    "ours": pred_ours[i],
                    "rule": prov.get("rule"),
                    "htmldate": pred_hd[i],
                }
            )
        with (args.save / "dates.jsonl").open("w") as f:
            for r in rows:
                f.write(json.dumps(r) + "\n")


def main():
    here = Path(__file__).resolve().parent
    repo = here.parent.parent
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--shared", type=Path, default=repo.parent / "shared")
    p.add_argument("--binary", type=Path, default=repo / "target" / "release" / "storyline")
    p.add_argument("--only", choices=["aeb", "dates", "trafeval"], help="run one of the benchmarks")
    p.add_argument("--bootstrap", type=int, default=0, help="bootstrap rounds of evaluate.py")
    p.add_argument("--save", type=Path, help="write per-page predictions to this directory")
    p.add_argument("--json", type=Path, help="write the summary as JSON to this file")
    p.add_argument("--rounds", type=int, default=3, help="timing rounds; the median ratio is reported (default 3)")
    args = p.parse_args()
    results = {}
    if args.only in (None, "aeb"):
        bench_extraction(args, args.binary, results)
    if args.only in (None, "dates"):
        bench_dates(args, args.binary, results)
    if args.only in (None, "trafeval"):
        # trafilatura's evaluation pages, split by site (trafeval.py).
        cmd = [sys.executable, str(here / "trafeval.py"), "--binary", str(args.binary),
               "--shared", str(args.shared)]
        if args.save:
            cmd += ["--save", str(args.save)]
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
            summary = Path(f.name)
        print(flush=True)
        subprocess.run(cmd + ["--json", str(summary)], check=True)
        results.update({f"trafeval:{k}": v for k, v in json.loads(summary.read_text()).items()})
        summary.unlink()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
