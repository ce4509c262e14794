#!/usr/bin/env bash
# Writes every user-visible output a refactor must keep byte for byte into
# OUT_DIR, so two builds can be compared with `diff -r` (or `cmp`):
#   scripts/same_output.sh target/debug/storyline /tmp/before
#   ... change the code, rebuild ...
#   scripts/same_output.sh target/debug/storyline /tmp/after
#   diff -r /tmp/before /tmp/after && echo same
# It extracts the AEB and date pages (when ../shared is beside the clone),
# then ingests corpus/ and lists articles, groups, entities, events, stories
# and quotes as JSON.
set -euo pipefail
BIN=$(realpath "${1:?usage: same_output.sh BIN OUT_DIR}")
OUT=${2:?usage: same_output.sh BIN OUT_DIR}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${STORYLINE_SHARED:-$ROOT/../shared}
rm -rf "$OUT" && mkdir -p "$OUT"
OUT=$(realpath "$OUT")
if [ -d "$SHARED/bench/aeb/html" ]; then
  "$BIN" extract --json "$SHARED"/bench/aeb/html/*.html.gz >"$OUT/extract_aeb.jsonl" 2>/dev/null || true
fi
if [ -d "$SHARED/eval/dates/html" ]; then
  "$BIN" extract --json "$SHARED"/eval/dates/html/* >"$OUT/extract_dates.jsonl" 2>/dev/null || true
fi
"$BIN" extract --json "$ROOT"/corpus/html/* "$ROOT"/corpus/world/* >"$OUT/extract_corpus.jsonl" 2>/dev/null || true
DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT
"$BIN" --data "$DATA" ingest "$ROOT/corpus" --json 2>/dev/null | sed -E 's/"(seconds|elapsed[a-z_]*|articles_per_second)":[0-9.e+-]+/"\1":0/g' >"$OUT/ingest.json" || true
for cmd in articles groups entities events stories quotes; do
  "$BIN" --data "$DATA" $cmd --json >"$OUT/$cmd.jsonl" 2>/dev/null || true
done
ls -l "$OUT" | awk 'NR>1 {print $5, $9}'
