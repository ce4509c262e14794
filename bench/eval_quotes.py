#!/usr/bin/env python3
"""Quote attribution on PolNeAR (brat standoff): runs the release binary's
annotate stage (`storyline annotate --raw FILE --json`) on every article of a
split and scores

  * direct quotes (gold Content starting with a quote mark): content-span F1,
    exact and overlap, and speaker accuracy on the matched quotes (speaker
    correct when our speaker phrase overlaps the gold Source, or our resolved
    name shares a word with the Source, or, when the Source is a pronoun,
    with its antecedent: the nearest earlier gold Source that is a name);
  * all attributions: Source / Cue / Content exact-span F1, comparable in
    kind to the published CofeNet (83.2 / 75.3 / 72.9) and rule-based
    (10.7 / 22.8 / 5.6) figures. Storyline only attributes quoted speech, so
    its recall over all attributions (paraphrase included) is bounded.

Also, on the articles two annotators labelled, the exact agreement of the
two on direct-quote spans (a human ceiling for the exact figure) beside
Storyline's exact F1 against each.

Usage: python3 bench/eval_quotes.py [--split dev] [--half 1|2] [--polnear DIR] [--bin PATH] [--errors N]

`--half 1` scores the split's 1st, 3rd, 5th ... article (in name order),
`--half 2` the others: tune on one half, check on the other.
"""
import argparse, json, os, re, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

QUOTE_MARKS = ('"', '“', '”', '«')
PRONOUNS = {"he", "she", "they", "i", "we", "it", "you", "him", "her", "them", "his", "their"}


def parse_ann(path):
    spans, rels = {}, []
    for line in open(path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if parts[0].startswith("T") and len(parts) >= 3:
            kind, *rest = parts[1].split(" ")
            frags = " ".join(rest).split(";")
            offs = [tuple(map(int, f.split())) for f in frags]
            # Fragments are not always listed in text order
            # (`Content 1018 1049;981 1008`): the span runs from the first
            # to the last character of any fragment.
            spans[parts[0]] = (kind, min(o[0] for o in offs), max(o[1] for o in offs), parts[2])
        elif parts[0].startswith("E"):
            roles = dict(x.split(":") for x in parts[1].split(" ") if ":" in x)
            rels.append(roles)
    out = []
    for r in rels:
        get = lambda k: spans.get(r.get(k)) if r.get(k) else None
        out.append({k: get(k) for k in ("Source", "Cue", "Content")})
    return out


def byte_to_char(text_bytes):
    # Map byte offsets to char offsets.
    table, c = {}, 0
    i = 0
    n = len(text_bytes)
    while i < n:
        table[i] = c
        b = text_bytes[i]
        step = 1 if b < 0x80 else 2 if b < 0xE0 else 3 if b < 0xF0 else 4
        i += step
        c += 1
    table[n] = c
    return lambda off: table.get(off, c)


def words(s):
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'\-]+", s)}


def run_file(binary, path):
    out = subprocess.run([binary, "annotate", "--raw", path, "--json"], capture_output=True, check=True)
    return json.loads(out.stdout.decode("utf-8").splitlines()[0])


def f1(tp, np_, ng):
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--split", default="dev")
    ap.add_argument("--polnear", default=os.path.join(here, "../../shared/eval/polnear"))
    ap.add_argument("--bin", default=os.path.join(here, "../target/release/storyline"))
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--half", type=int, choices=(1, 2))
    a = ap.parse_args()
    root = os.path.join(a.polnear, a.split)
    anns = sorted(os.listdir(os.path.join(root, "attributions")))
    chosen = {}
    second = {}  # a second annotator's file, where the article has one
    for f in anns:
        base = re.sub(r"_[0-9a-f]{4}\.ann$", "", f)
        if base in chosen:
            second.setdefault(base, f)
        chosen.setdefault(base, f)  # one annotator per article
    items = [(os.path.join(root, "text", b + ".txt"), os.path.join(root, "attributions", f)) for b, f in sorted(chosen.items())]
    items = [it for it in items if os.path.exists(it[0])]
    if a.half:
        items = items[a.half - 1::2]
    with ThreadPoolExecutor(max_workers=2) as ex:
        results = list(ex.map(lambda it: run_file(a.bin, it[0]), items))

    d = dict(gold=0, pred=0, exact=0, overlap=0, spk_total=0, spk_ok=0, name_ok=0, name_total=0)
    allc = {k: [0, 0, 0] for k in ("Source", "Cue", "Content")}  # tp, pred, gold
    errors = []
    for (txt, ann), res in zip(items, results):
        text = open(txt, encoding="utf-8").read()
        conv = byte_to_char(open(txt, "rb").read())
        gold = parse_ann(ann)
        preds = []
        for q in res.get("quotes", []):
            # A quote inside reported speech ("says the candidate has
            # \"always run...\"") is not a direct quote: its content starts
            # before the quote mark.
            if q.get("partial"):
                continue
            s, e = q["provenance"]["span"]
            sp = q.get("speaker_span")
            cs = q.get("cue_span")
            preds.append({
                "content": (conv(s), conv(e)),
                "source": (conv(sp[0]), conv(sp[1])) if sp else None,
                "cue": (conv(cs[0]), conv(cs[1])) if cs else None,
                "speaker": q.get("speaker") or "",
                "speaker_text": q.get("speaker_text") or "",
            })
        # All attributions: exact span F1 per role.
        for role, key in (("Source", "source"), ("Cue", "cue"), ("Content", "content")):
            g = {(x[role][1], x[role][2]) for x in gold if x.get(role)}
            p = {x[key] for x in preds if x[key]}
            allc[role][0] += len(g & p)
            allc[role][1] += len(p)
            allc[role][2] += len(g)
        # Direct quotes.
        direct = [x for x in gold if x.get("Content") and x["Content"][3].lstrip().startswith(QUOTE_MARKS)]
        d["gold"] += len(direct)
        d["pred"] += len(preds)
        gspans = {(x["Content"][1], x["Content"][2]) for x in direct}
        d["exact"] += sum(1 for p in preds if p["content"] in gspans)
        # Name sources in order, for pronoun antecedents.
        named = sorted((x["Source"][1], x["Source"][3]) for x in gold if x.get("Source") and x["Source"][3].lower() not in PRONOUNS)
        # One-to-one overlap matching: pairs taken greedily by the number of
        # characters they share, largest first (not in file order, where a
        # long prediction overlapping two gold quotes would go to whichever
        # the annotation file lists first).
        pairs = []
        for gi, x in enumerate(direct):
            gs, ge = x["Content"][1], x["Content"][2]
            for i, p in enumerate(preds):
                ps, pe = p["content"]
                if ps < ge and gs < pe:
                    pairs.append((min(ge, pe) - max(gs, ps), gi, i))
        pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
        gold_match, used = {}, set()
        for _, gi, i in pairs:
            if gi not in gold_match and i not in used:
                gold_match[gi] = i
                used.add(i)
        for gi, x in enumerate(direct):
            match = gold_match.get(gi)
            if match is None:
                if a.errors and len(errors) < a.errors:
                    errors.append(("missed", x["Content"][3][:100]))
                continue
            d["overlap"] += 1
            src = x.get("Source")
            if not src:
                continue
            d["spk_total"] += 1
            p = preds[match]
            ok = False
            if p["source"] and p["source"][0] < src[2] and src[1] < p["source"][1]:
                ok = True
            target = src[3]
            if src[3].lower() in PRONOUNS:
                before = [t for (o, t) in named if o < src[1]]
                target = before[-1] if before else ""
            if p["speaker"] and words(p["speaker"]) & words(target):
                ok = True
            d["spk_ok"] += ok
            # The name a reader sees, with no credit for the span alone:
            # right when it shares a word with the gold speaker (a pronoun's
            # antecedent); a gold source naming nobody in general terms ("a
            # senior official", "witnesses") is right only when we name
            # nobody; a definite description ("the mayor") is not scored.
            t = target.strip().lower()
            definite = t.startswith("the ") or not t
            anonymous = t.startswith(("a ", "an ", "one ", "some ", "several ", "two ", "three ", "many ")) or (
                not definite and target == t)
            if anonymous:
                name_ok = not p["speaker"]
            else:
                name_ok = bool(p["speaker"] and words(p["speaker"]) & words(target))
            if not definite or anonymous:
                d["name_total"] += 1
                d["name_ok"] += name_ok
            if not name_ok and (anonymous or not definite) and a.errors and len(errors) < a.errors:
                errors.append(("name", f"{x['Content'][3][:50]!r} gold={src[3]!r}/{target!r} ours={p['speaker_text']!r}->{p['speaker']!r}"))
            if not ok and a.errors and len(errors) < a.errors:
                errors.append(("speaker", f"{x['Content'][3][:60]!r} gold={src[3]!r}/{target!r} ours={p['speaker_text']!r}->{p['speaker']!r}"))
        # unmatched predictions: false positives (for overlap precision)
    # Human ceiling: on the articles that two annotators labelled, exact
    # agreement of the two on direct-quote Content spans, beside our exact
    # F1 against each of them (same spans, same rules as above).
    agree = dict(articles=0, a=0, b=0, ab=0, pred=0, pa=0, pb=0)
    for (txt, ann), res in zip(items, results):
        base = os.path.basename(txt)[:-4]
        if base not in second:
            continue
        conv = byte_to_char(open(txt, "rb").read())
        def direct_spans(path):
            return {(x["Content"][1], x["Content"][2]) for x in parse_ann(path)
                    if x.get("Content") and x["Content"][3].lstrip().startswith(QUOTE_MARKS)}
        A = direct_spans(ann)
        B = direct_spans(os.path.join(root, "attributions", second[base]))
        P = {(conv(q["provenance"]["span"][0]), conv(q["provenance"]["span"][1]))
             for q in res.get("quotes", []) if not q.get("partial")}
        agree["articles"] += 1
        agree["a"] += len(A); agree["b"] += len(B); agree["ab"] += len(A & B)
        agree["pred"] += len(P); agree["pa"] += len(P & A); agree["pb"] += len(P & B)
    dice = lambda tp, n1, n2: 2 * tp / (n1 + n2) if n1 + n2 else 0.0
    agreement = {
        "articles": agree["articles"], "quotes_a": agree["a"], "quotes_b": agree["b"],
        "annotators_exact_f1": dice(agree["ab"], agree["a"], agree["b"]),
        "storyline_vs_a_exact_f1": dice(agree["pa"], agree["pred"], agree["a"]),
        "storyline_vs_b_exact_f1": dice(agree["pb"], agree["pred"], agree["b"]),
    }
    ep, er, ef = f1(d["exact"], d["pred"], d["gold"])
    op, orr, of = f1(d["overlap"], d["pred"], d["gold"])
    spk = d["spk_ok"] / d["spk_total"] if d["spk_total"] else 0.0
    name_acc = d["name_ok"] / d["name_total"] if d["name_total"] else 0.0
    report = {
        "split": a.split, "articles": len(items), "direct_quotes_gold": d["gold"], "quotes_predicted": d["pred"],
        "content_exact": {"p": ep, "r": er, "f1": ef},
        "content_overlap": {"p": op, "r": orr, "f1": of},
        "speaker_accuracy": spk, "speaker_scored": d["spk_total"],
        "speaker_name_accuracy": name_acc, "speaker_name_scored": d["name_total"],
        "all_attributions_exact_f1": {k: f1(*v)[2] for k, v in allc.items()},
        "annotator_agreement": agreement,
    }
    if a.json:
        print(json.dumps(report))
    else:
        half = f" half {a.half}" if a.half else ""
        print(f"PolNeAR {a.split}{half}: {len(items)} articles, {d['gold']} gold direct quotes, {d['pred']} predicted quotes")
        print(f"direct quotes  content exact    P {ep:.3f} R {er:.3f} F1 {ef:.3f}")
        print(f"direct quotes  content overlap  P {op:.3f} R {orr:.3f} F1 {of:.3f}")
        print(f"direct quotes  speaker accuracy {spk:.3f} (on {d['spk_total']} matched quotes with a gold source)")
        print(f"direct quotes  speaker name accuracy {name_acc:.3f} (on {d['name_total']}: the resolved name, no credit for the span alone)")
        if agreement["articles"]:
            print(f"two annotators ({agreement['articles']} articles, {agreement['quotes_a']}/{agreement['quotes_b']} direct quotes): "
                  f"exact F1 annotator A vs B {agreement['annotators_exact_f1']:.3f}; "
                  f"Storyline vs A {agreement['storyline_vs_a_exact_f1']:.3f}, vs B {agreement['storyline_vs_b_exact_f1']:.3f}")
        print("all attributions, exact span F1 (Storyline | CofeNet | rules):")
        pub = {"Source": (83.2, 10.7), "Cue": (75.3, 22.8), "Content": (72.9, 5.6)}
        for k, v in allc.items():
            print(f"  {k:<8} {100*f1(*v)[2]:5.1f} | {pub[k][0]:5.1f} | {pub[k][1]:5.1f}")
        for kind, e in errors:
            print(f"  [{kind}] {e}")


if __name__ == "__main__":
    main()
