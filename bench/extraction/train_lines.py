#!/usr/bin/env python3
"""Trains the line classifier of scraped text (crates/storyline-pipeline/
src/extract/lineclass.rs) on part A of ../shared/eval/trafeval/text and
writes its weights to crates/storyline-pipeline/src/extract/line_weights.json.

Lines: those the classifier decides (article text, and chrome removed only
for its place), with the features the pipeline computes,
dumped by the `line_features` example. Labels come from the evaluation
snippets: a line holding a "with" snippet is article text (1), a line
holding a "without" snippet and no "with" snippet is chrome (0). Lines that
hold no snippet are left out: which of them are article is not known, and
the score reads only the snippet lines. Part B (held out) is never read for
training; its line figures are printed for information only.

Model: logistic regression with an L2 penalty, fitted by Newton's method
(pure Python, deterministic); the penalty is the one of a small grid with
the lowest log-loss in a 5-fold cross-validation over part A's hosts. A
line the rules kept is removed only when its probability is under `--remove-below` (0.2: at 0.3 part A gains, but
the generated sitetext set, whose articles run one sentence a line and end
with short reader comments, loses article lines); a line the rules
removed (for its place) is kept at or above the keep threshold, the one
that gives the best F1 over part A's snippet lines.

Usage: train_lines.py [--features-bin target/release/examples/line_features]
       [--l2 L] [--remove-below 0.2] [--out FILE] [--dry-run]
"""
import argparse
import hashlib
import json
import math
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import trafeval  # noqa: E402

REPO = HERE.parent.parent
WEIGHTS = REPO / "crates" / "storyline-pipeline" / "src" / "extract" / "line_weights.json"
NAMES_SRC = REPO / "crates" / "storyline-pipeline" / "src" / "extract" / "lineclass.rs"


def feature_names():
    src = NAMES_SRC.read_text()
    body = src.split("pub const FEATURE_NAMES", 1)[1].split("];", 1)[0]
    return [p.split('"')[1] for p in body.split("\n") if '"' in p]


def samples(binary, pages):
    """Per page, [(collapsed text, features)] of the lines the classifier decides."""
    inp = "".join(json.dumps({"text": t}) + "\n" for _, _, _, t in pages)
    proc = subprocess.run([str(binary)], input=inp, capture_output=True, text=True, check=True)
    out = []
    for line in proc.stdout.splitlines():
        out.append([(trafeval.collapse(l["text"]), l["x"]) for l in json.loads(line)["lines"]])
    assert len(out) == len(pages)
    return out


def label(entry, text):
    if any(trafeval.collapse(s) in text for s in entry["with"]):
        return 1
    if any(trafeval.collapse(s) in text for s in entry["without"]):
        return 0
    return None


def sigmoid(z):
    return 1 / (1 + math.exp(-z)) if z > -700 else 0.0


def solve(a, b):
    """Gaussian elimination with partial pivoting: a x = b."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            if f:
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r]
    return x


def fit(xs, ys, l2, iters=30):
    """Weights (last one the bias) of an L2-penalised logistic regression."""
    d = len(xs[0]) + 1
    w = [0.0] * d
    rows = [x + [1.0] for x in xs]
    for _ in range(iters):
        grad = [l2 * wi for wi in w]
        grad[-1] = 0.0
        hess = [[0.0] * d for _ in range(d)]
        for i in range(d - 1):
            hess[i][i] = l2
        for x, y in zip(rows, ys):
            p = sigmoid(sum(wi * xi for wi, xi in zip(w, x)))
            g = p - y
            h = p * (1 - p)
            for i in range(d):
                if x[i]:
                    grad[i] += g * x[i]
                    hx = h * x[i]
                    row = hess[i]
                    for j in range(d):
                        row[j] += hx * x[j]
        step = solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return w


FOLDS = 5
L2_GRID = [0.03, 0.1, 0.3, 1.0, 3.0]


def fold_of(url):
    """The cross-validation fold of a page of part A, by its host (the
    part itself is chosen by the first byte of the same hash)."""
    return hashlib.sha1(trafeval.host_of(url).encode()).digest()[1] % FOLDS


def cross_validated_loss(xs, ys, folds, l2):
    """Mean log-loss of each fold's lines under the model fitted on the others."""
    total = 0.0
    for k in range(FOLDS):
        train = [i for i, f in enumerate(folds) if f != k]
        w = fit([xs[i] for i in train], [ys[i] for i in train], l2)
        for i, f in enumerate(folds):
            if f == k:
                p = prob(w, xs[i])
                total -= math.log(max(p if ys[i] else 1 - p, 1e-12))
    return total / len(ys)


def prob(w, x):
    return sigmoid(sum(wi * xi for wi, xi in zip(w, x)) + w[-1])


def f1_at(ps, ys, kept, t, r):
    """F1 over snippet lines when lines the rules kept (`kept`) stay unless
    under r and the others are kept at or above t."""
    keep = [p >= (r if k else t) for p, k in zip(ps, kept)]
    tp = sum(1 for q, y in zip(keep, ys) if q and y == 1)
    fp = sum(1 for q, y in zip(keep, ys) if q and y == 0)
    fn = sum(1 for q, y in zip(keep, ys) if not q and y == 1)
    pr = tp / (tp + fp) if tp + fp else 0
    rc = tp / (tp + fn) if tp + fn else 0
    return 2 * pr * rc / (pr + rc) if pr + rc else 0, pr, rc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--features-bin", type=Path, default=REPO / "target" / "release" / "examples" / "line_features")
    ap.add_argument("--l2", type=float, help="L2 penalty (default: chosen by cross-validation on part A)")
    ap.add_argument("--remove-below", type=float, default=0.2)
    ap.add_argument("--out", type=Path, default=WEIGHTS)
    ap.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    args = ap.parse_args()
    names = feature_names()
    pages = trafeval.load(args.shared / "eval" / "trafeval")
    per_page = samples(args.features_bin, pages)
    data = {"A": ([], []), "B": ([], [])}
    folds_a = []
    for (url, entry, _, _), lines in zip(pages, per_page):
        part = trafeval.part_of(url)
        for text, x in lines:
            y = label(entry, text)
            if y is not None:
                assert len(x) == len(names)
                data[part][0].append(x)
                data[part][1].append(y)
                if part == "A":
                    folds_a.append(fold_of(url))
    xa, ya = data["A"]
    for part in ("A", "B"):
        hosts = {trafeval.host_of(u) for u, _, _, _ in pages if trafeval.part_of(u) == part}
        n = sum(trafeval.part_of(u) == part for u, _, _, _ in pages)
        print(f"split: part {part} ({'trained on' if part == 'A' else 'held out'}) {n} pages "
              f"of {len(hosts)} hosts (by SHA-1 of the host, see trafeval.part_of)")
    print(f"part A: {sum(trafeval.part_of(u) == 'A' for u, _, _, _ in pages)} pages, "
          f"{len(ya)} labelled lines ({sum(ya)} article, {len(ya) - sum(ya)} chrome)")
    print(f"part B: {len(data['B'][1])} labelled lines (not trained on)")
    l2 = args.l2
    if l2 is None:
        print(f"L2 by {FOLDS}-fold cross-validation over part A's hosts (log-loss of the held-out fold):")
        losses = []
        for cand in L2_GRID:
            loss = cross_validated_loss(xa, ya, folds_a, cand)
            losses.append((loss, cand))
            print(f"  L2 {cand:<5} log-loss {loss:.4f}")
        l2 = min(losses)[1]
    print(f"L2 {l2}")
    w = fit(xa, ya, l2)
    pa = [prob(w, x) for x in xa]
    r = args.remove_below
    final_article = names.index("final_article")
    ka = [x[final_article] == 1 for x in xa]
    base = f1_at([0.5] * len(ya), ya, ka, 2, 0.0)
    print(f"rules alone, part A lines: F1 {base[0]:.4f} (P {base[1]:.3f}, R {base[2]:.3f})")
    best = max((f1_at(pa, ya, ka, t / 100, r)[0], -abs(t - 50), t / 100) for t in range(5, 96) if t / 100 >= r)
    threshold = best[2]
    loss = -sum(math.log(max(p if y else 1 - p, 1e-12)) for p, y in zip(pa, ya)) / len(ya)
    f, p, rc = f1_at(pa, ya, ka, threshold, r)
    print(f"keep threshold {threshold:.2f}, remove below {r:.2f}; part A lines: log-loss {loss:.4f}, "
          f"F1 {f:.4f} (P {p:.3f}, R {rc:.3f})")
    xb, yb = data["B"]
    if yb:
        pb = [prob(w, x) for x in xb]
        kb = [x[final_article] == 1 for x in xb]
        base = f1_at([0.5] * len(yb), yb, kb, 2, 0.0)
        f, p, rc = f1_at(pb, yb, kb, threshold, r)
        print(f"part B lines (held out): rules alone F1 {base[0]:.4f}; with the classifier "
              f"F1 {f:.4f} (P {p:.3f}, R {rc:.3f})")
    for n, wi in sorted(zip(names, w), key=lambda t: -abs(t[1])):
        print(f"  {n:<24} {wi:+.4f}")
    print(f"  {'bias':<24} {w[-1]:+.4f}")
    if not args.dry_run:
        out = {
            "trained_by": "python3 bench/extraction/train_lines.py",
            "data": "part A of ../shared/eval/trafeval/text (snippet lines)",
            "features": names,
            "weights": [round(v, 6) for v in w[:-1]],
            "bias": round(w[-1], 6),
            "keep_threshold": threshold,
            "remove_below": r,
        }
        args.out.write_text(json.dumps(out, indent=1) + "\n")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
