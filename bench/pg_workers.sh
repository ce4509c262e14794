#!/usr/bin/env bash
# Server-mode ingest on PostgreSQL (issue 8): all of Timeline17 with 1, 2 and
# 4 concurrent `storyline worker` processes on one database, beside the
# embedded store's `storyline ingest` of the same files; then what 1 and 4
# workers (and the embedded store) derived, compared by bench/pg_compare.py.
#
# Usage: bash bench/pg_workers.sh [T17_DIR] [WORKER_COUNTS]
#   default: ../shared/eval/t17 "1 2 4". Output under bench/out/pg/.
# Starts its own throwaway PostgreSQL with scripts/pg.sh (STORYLINE_PG_PORT,
# default 55433; STORYLINE_PG_DIR, default /tmp/storyline-pg-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
T17=${1:-../shared/eval/t17}
COUNTS=${2:-"1 2 4"}
OUT=bench/out/pg
export STORYLINE_PG_PORT=${STORYLINE_PG_PORT:-55433}
export STORYLINE_PG_DIR=${STORYLINE_PG_DIR:-/tmp/storyline-pg-bench}
cargo build --release -q --bin storyline
BIN=$PWD/target/release/storyline
URL=$(scripts/pg.sh start)
BASE=${URL%/*}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PSQL() { "$PGBIN/psql" -h 127.0.0.1 -p "$STORYLINE_PG_PORT" -U storyline -d storyline -tAc "$1"; }
rm -rf "$OUT" && mkdir -p "$OUT"
FILES=("$T17"/*.articles.jsonl.gz)
cat /proc/loadavg >"$OUT/load-before"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u '+%F %H:%M') UTC; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "corpus: ${#FILES[@]} files, $(zcat "${FILES[@]}" | wc -l) records"

dump() { # $1: output dir; rest: storyline global options
  local dir=$1; shift
  mkdir -p "$dir"
  for c in groups events entities; do "$BIN" "$@" "$c" --json >"$dir/$c.jsonl"; done
}

# The embedded store, for reference (SKIP_EMBEDDED=1 skips it).
D=$OUT/embedded
if [ "${SKIP_EMBEDDED:-0}" != 1 ]; then
/usr/bin/time -f "%e %U %S %M" -o "$OUT/embedded.time" \
  "$BIN" --data "$D" ingest --json "${FILES[@]}" >"$OUT/embedded.json" || true
read -r wall user sys rss <"$OUT/embedded.time"
new=$(python3 -c "import json;print(json.load(open('$OUT/embedded.json'))['new'])")
printf "embedded  : %s articles in %6.1f s wall (%5.1f articles/s), CPU %6.1f s, peak RSS %s MiB, sqlite %s, index %s\n" \
  "$new" "$wall" "$(echo "$new / $wall" | bc -l)" "$(echo "$user + $sys" | bc -l)" "$((rss / 1024))" \
  "$(du -sh "$D/storyline.sqlite" | cut -f1)" "$(du -sh "$D/index" | cut -f1)"
dump "$OUT/embedded-derived" --data "$D"
fi

for n in $COUNTS; do
  db=bench_w$n
  PSQL "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  PSQL "CREATE DATABASE $db" >/dev/null
  url=$BASE/$db
  node=$OUT/node$n
  t0=$(date +%s.%N)
  "$BIN" --store "$url" --data "$node" enqueue --batch 64 "${FILES[@]}" >"$OUT/enqueue$n.txt" || true
  t1=$(date +%s.%N)
  /usr/bin/time -f "%e %U %S %M" -o "$OUT/w$n.time" bash -c '
    for i in $(seq 1 '"$n"'); do "$0" --store "$1" --data "$2" worker --json >"$3/worker'"$n"'-$i.json" & done; wait' \
    "$BIN" "$url" "$node" "$OUT"
  read -r wall user sys rss <"$OUT/w$n.time"
  stored=$("$BIN" --store "$url" --data "$node" stats --json | python3 -c "import json,sys;print(json.load(sys.stdin)['articles'])")
  dbsize=$(PSQL "SELECT pg_size_pretty(pg_database_size('$db'))")
  printf "%d worker(s): %s articles in %6.1f s wall (%5.1f articles/s), CPU %6.1f s (workers + their children), peak RSS of one %s MiB; enqueue %.1f s; database %s, index %s\n" \
    "$n" "$stored" "$wall" "$(echo "$stored / $wall" | bc -l)" "$(echo "$user + $sys" | bc -l)" "$((rss / 1024))" \
    "$(echo "$t1 - $t0" | bc -l)" "$dbsize" "$(du -sh "$node/index" | cut -f1)"
  dump "$OUT/w$n-derived" --store "$url" --data "$node"
done

first=$(echo "$COUNTS" | awk '{print $1}')
last=$(echo "$COUNTS" | awk '{print $NF}')
echo "--- $first worker vs $last workers"
python3 bench/pg_compare.py "$OUT/w$first-derived" "$OUT/w$last-derived"
if [ "${SKIP_EMBEDDED:-0}" != 1 ]; then
  echo "--- embedded vs $first worker"
  python3 bench/pg_compare.py "$OUT/embedded-derived" "$OUT/w$first-derived"
fi
