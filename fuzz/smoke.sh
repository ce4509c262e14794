#!/usr/bin/env bash
# Bounded fuzz smoke run, on stable Rust: libFuzzer from the libfuzzer-sys
# crate, with the same coverage instrumentation cargo-fuzz passes (no
# sanitizer, which would need nightly). Targets (fuzz_targets/):
#   extract_html  decode + HTML extraction + assembly on any bytes: no panic
#   fasttok_tree  the fast tokenizer's tree equals html5ever's (differential)
#   annotate      the annotate stage on any text: no panic, spans on char
#                 boundaries
#   alias_resolution  name keys, name comparison and alias clustering of any
#                 names (one per line): no panic
# Each target's corpus is seeded with the sample pages of corpus/html, plus
# the hand-made snippets of seeds/<target>/ when there are any;
# fasttok_tree also gets the dictionary fasttok.dict (its syntax tokens).
#   FUZZ_TARGETS     which targets, in order (default: all four,
#                    "extract_html fasttok_tree annotate alias_resolution")
#   FUZZ_SECONDS     how long to fuzz EACH target (default 60)
#   FUZZ_TARGET_DIR  cargo target dir (default fuzz/target)
#   FUZZ_ARGS        extra libFuzzer flags (e.g. "-jobs=2 -workers=2")
# Exits non-zero on a crash (for fasttok_tree: trees that differ), a timeout
# (>10 s for one input) or >2 GB RSS; the failing input is written to
# fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"
targets="${FUZZ_TARGETS:-extract_html fasttok_tree annotate alias_resolution}"
host=$(rustc -vV | sed -n 's/^host: //p')
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$PWD/target}"
bins=()
for t in $targets; do
  [ -f "fuzz_targets/$t.rs" ] || { echo "no fuzz target $t" >&2; exit 2; }
  bins+=(--bin "$t")
done
# --target keeps these flags off build scripts and proc macros.
RUSTFLAGS="-Cpasses=sancov-module \
 -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
 -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares \
 -Cdebug-assertions -Coverflow-checks" \
  cargo build --release --locked --target "$host" "${bins[@]}"
for t in $targets; do
  echo "== fuzz $t for ${FUZZ_SECONDS:-60} s"
  mkdir -p "corpus/$t" "artifacts/$t"
  for f in ../corpus/html/*.html.gz; do gzip -dc "$f" > "corpus/$t/$(basename "$f" .gz)"; done
  if [ -d "seeds/$t" ]; then cp seeds/"$t"/* "corpus/$t/"; fi
  dict=()
  max_len=262144
  case $t in
    fasttok_tree) dict=(-dict=fasttok.dict) ;;
    # Text stages: 32 KiB inputs (the seed pages are cut there) keep the
    # runs many; a page's worth of text is long enough for every rule.
    annotate | alias_resolution) max_len=32768 ;;
  esac
  # shellcheck disable=SC2086
  "$CARGO_TARGET_DIR/$host/release/$t" "corpus/$t" "${dict[@]}" \
    -max_total_time="${FUZZ_SECONDS:-60}" -max_len="$max_len" -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="artifacts/$t/" -print_final_stats=1 ${FUZZ_ARGS:-}
done
