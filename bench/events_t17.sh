#!/usr/bin/env bash
# Events, stories and timelines on Timeline17 (issue 6): story clustering
# (pairwise and B-cubed), the share of its error that is off-topic articles,
# timeline generation (date F1, ROUGE), and speed at 3,529, ~35,000 and
# ~100,000 articles (T17 repeated over dates shifted by 4 years).
# Usage: bench/events_t17.sh [T17_DIR]   (default ../shared/eval/t17)
set -euo pipefail
cd "$(dirname "$0")/.."
T17=${1:-../shared/eval/t17}
cargo build --release -q -p storyline-cli
S=./target/release/storyline
CACHE=$(mktemp -d)/features.jsonl
echo "== story clustering, all 14 topic sets in one date-ordered stream (load $(cut -d' ' -f1-3 /proc/loadavg))"
/usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KiB" $S eval stories --t17 "$T17" --features-cache "$CACHE"
echo "== the same clustering scored on the articles that name their topic"
python3 bench/t17_story_noise.py "$S" "$T17" "$CACHE"
echo "== timeline generation per topic set"
$S eval timelines --t17 "$T17"
for r in 10 29; do
  echo "== scale: T17 x $r (load $(cut -d' ' -f1-3 /proc/loadavg))"
  /usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KiB" $S eval stories --t17 "$T17" --features-cache "$CACHE" --repeat $r
done
