#!/usr/bin/env bash
# Bounded fuzz smoke run of the HTML extractor (fuzz_targets/extract_html.rs),
# on stable Rust: libFuzzer from the libfuzzer-sys crate, with the same
# coverage instrumentation cargo-fuzz passes (no sanitizer, which would need
# nightly). Seeds the corpus with the sample pages of corpus/html.
#   FUZZ_SECONDS   how long to fuzz (default 60)
#   FUZZ_TARGET_DIR  cargo target dir (default fuzz/target)
# Exits non-zero on a crash, a timeout (>10 s for one input) or >2 GB RSS;
# the failing input is written to fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
host=$(rustc -vV | sed -n 's/^host: //p')
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$PWD/target}"
# --target keeps these flags off build scripts and proc macros.
RUSTFLAGS="-Cpasses=sancov-module \
 -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
 -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares \
 -Cdebug-assertions -Coverflow-checks" \
  cargo build --release --locked --target "$host" --bin extract_html
mkdir -p corpus/extract_html artifacts
for f in ../corpus/html/*.html.gz; do gzip -dc "$f" > "corpus/extract_html/$(basename "$f" .gz)"; done
"$CARGO_TARGET_DIR/$host/release/extract_html" corpus/extract_html \
  -max_total_time="${FUZZ_SECONDS:-60}" -max_len=262144 -timeout=10 \
  -rss_limit_mb=2048 -artifact_prefix=artifacts/ -print_final_stats=1
