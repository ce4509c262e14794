#!/usr/bin/env bash
# Chrome removal on scraped-text pages of invented sites, after `ingest`:
# generates the pages (gen_sitetext.py, deterministic), ingests the flat
# folder into a fresh data directory, exports the articles and scores them
# (score_sitetext.py). Usage: bench/sitetext/run.sh [BINARY] [extra args of gen_sitetext.py]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="${1:-$repo/target/debug/storyline}"
shift || true
# SITETEXT_WORK=DIR keeps the pages, the data directory and the export there.
if [ -n "${SITETEXT_WORK:-}" ]; then
  work="$SITETEXT_WORK"; rm -rf "$work"; mkdir -p "$work"
else
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
fi
python3 "$here/gen_sitetext.py" --out "$work/set" "$@"
"$bin" ingest --data "$work/data" "$work/set/pages" >/dev/null
"$bin" articles --data "$work/data" --json > "$work/articles.jsonl"
python3 "$here/score_sitetext.py" "$work/set/truth.jsonl" "$work/articles.jsonl"
