#!/usr/bin/env bash
# Ingest throughput on all of Timeline17 (3,529 articles, ../shared/eval/t17),
# release build, into a fresh data directory. Prints the ingest summary
# (articles/s) and a re-ingest (all unchanged) for comparison.
# Usage: bash bench/ingest_t17.sh [T17_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
T17=${1:-../shared/eval/t17}
cargo build --release -q --bin storyline
BIN=./target/release/storyline
DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%F)"
echo "first ingest:"
"$BIN" --data "$DATA" ingest "$T17"/*.articles.jsonl.gz || echo "(exit code $?: some records failed, listed above)"
echo "second ingest (everything unchanged):"
"$BIN" --data "$DATA" ingest "$T17"/*.articles.jsonl.gz || echo "(exit code $?: some records failed, listed above)"
"$BIN" --data "$DATA" stats
du -sh "$DATA"/storyline.sqlite "$DATA"/index | sed 's/^/size: /'
