#!/usr/bin/env bash
# Extraction + publication-date benchmark: storyline vs trafilatura and htmldate.
# Builds the release binary, makes bench/.venv with the peers (pip), then runs
# run.py. Extra arguments go to run.py (--only aeb|dates|trafeval, --save DIR, --json FILE).
# Setup of the peers (once, from PyPI): python3 -m venv bench/.venv &&
#   bench/.venv/bin/pip install trafilatura htmldate lxml_html_clean
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
cargo build --release -q -p storyline-cli --manifest-path "$repo/Cargo.toml"
venv="$repo/bench/.venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import trafilatura, htmldate' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q trafilatura htmldate lxml_html_clean
fi
exec "$venv/bin/python" "$here/run.py" --binary "$CARGO_TARGET_DIR/release/storyline" "$@"
