#!/usr/bin/env bash
# Syndication benchmark (issue 4): quality on generated syndicated copies,
# speed against datasketch on Reuters-21578, and scale on 1M generated articles.
#
#   bash bench/syndication/run.sh [quality|speed|inspect|scale|all]   (default: all)
#
# Reads ../shared (or /work/shared) for Timeline17 and Reuters-21578; writes to
# bench/out/. Makes bench/.venv with datasketch for the speed comparison.
set -euo pipefail
cd "$(dirname "$0")/../.."
WHAT="${1:-all}"
SHARED="${SHARED:-$( [ -d ../shared ] && echo ../shared || echo /work/shared )}"
BIN="${STORYLINE_BIN:-${CARGO_TARGET_DIR:-target}/release/storyline}"
OUT=bench/out
mkdir -p "$OUT"
[ -x "$BIN" ] || cargo build --release -p storyline-cli
if [ ! -s "$OUT/reuters.jsonl" ]; then
  python3 bench/syndication/reuters_to_jsonl.py "$SHARED/corpora/reuters21578" "$OUT/reuters.jsonl"
fi
if [ "$WHAT" = quality ] || [ "$WHAT" = all ]; then
  [ -s "$OUT/syndication/truth.jsonl" ] || python3 bench/syndication/generate.py \
    --t17 "$SHARED/eval/t17" --reuters "$OUT/reuters.jsonl" --out "$OUT/syndication"
  python3 bench/syndication/eval.py "$BIN" "$OUT/syndication"
fi
if [ "$WHAT" = speed ] || [ "$WHAT" = all ]; then
  if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install --quiet datasketch
  fi
  bench/.venv/bin/python bench/syndication/speed.py "$BIN" "$OUT/reuters.jsonl"
fi
if [ "$WHAT" = inspect ]; then
  python3 bench/syndication/inspect_pairs.py "$BIN" "$OUT/reuters.jsonl" 50
fi
if [ "$WHAT" = scale ] || [ "$WHAT" = all ]; then
  [ -s "$OUT/scale/scale.jsonl" ] || python3 bench/syndication/generate.py \
    --t17 "$SHARED/eval/t17" --reuters "$OUT/reuters.jsonl" --out "$OUT/scale" --scale 1000000
  /usr/bin/time -v "$BIN" dedup --json "$OUT/scale/scale.jsonl" > "$OUT/scale/groups.jsonl" 2> "$OUT/scale/time.txt"
  grep -E "storyline dedup|User time|System time|Percent of CPU|Elapsed|Maximum resident" "$OUT/scale/time.txt"
fi
