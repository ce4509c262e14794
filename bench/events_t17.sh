#!/usr/bin/env bash
# Events, stories and timelines on Timeline17 (issue 6): story clustering
# (pairwise and B-cubed), timeline generation (date F1, ROUGE), and speed at
# 3,529 and ~100,000 articles (T17 repeated over dates shifted by 4 years).
# Usage: bench/events_t17.sh [T17_DIR]   (default ../shared/eval/t17)
set -euo pipefail
cd "$(dirname "$0")/.."
T17=${1:-../shared/eval/t17}
cargo build --release -q -p storyline-cli
S=./target/release/storyline
echo "== story clustering, all 14 topic sets in one date-ordered stream"
/usr/bin/time -f "wall %e s, peak RSS %M KiB" $S eval stories --t17 "$T17"
echo "== timeline generation per topic set"
$S eval timelines --t17 "$T17"
for r in 8 29; do
  echo "== scale: T17 x $r"
  /usr/bin/time -f "wall %e s, peak RSS %M KiB" $S eval stories --t17 "$T17" --repeat $r
done
