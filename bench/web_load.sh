#!/usr/bin/env bash
# Bounded load test of `storyline serve` on loopback over a store of N
# (default 100,000) articles made by repeating corpus/t17 with shifted ids
# and dates: search (JSON and page), then the timelines, detail JSON and
# pages of the ENTITIES (default 20) most mentioned entities. wrk (Debian
# package) drives DUR (default 30s) per endpoint with each of CONC
# connections (a list) on 2 threads. Prints one RESULT line per endpoint and
# concurrency. A store made by an older storyline (no entities or events) is
# rebuilt. The ingest runs every stage (annotation, events): at ~35-65
# articles/s on 2 cores, allow most of an hour for N=100000.
#   bench/web_load.sh                 # N=100000 DUR=30s CONC="1 8"
#   N=5000 DUR=10s bench/web_load.sh  # a quick run
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
DUR=${DUR:-30s}
CONC=${CONC:-1 8}
PORT=${PORT:-7879}
OUT=bench/out/web
DATA=$OUT/data-$N
BIN=${CARGO_TARGET_DIR:-target}/release/storyline

command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }
cargo build --release -p storyline-cli
mkdir -p "$OUT"

ENTITIES=${ENTITIES:-20}
have=0
if [ -f "$DATA/storyline.sqlite" ]; then
  # A store from before entities and events (schema < 4) is made again.
  version=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("pragma user_version").fetchone()[0])' "$DATA/storyline.sqlite")
  if [ "$version" -ge 4 ]; then
    have=$("$BIN" --data "$DATA" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"])')
  fi
fi
if [ "$have" -lt "$N" ]; then
  rm -rf "$DATA"
  python3 bench/gen_t17_repeat.py "$N" "$OUT/t17x-$N.jsonl.gz"
  /usr/bin/time -f "ingest: %e s, max RSS %M KiB" "$BIN" --data "$DATA" ingest "$OUT/t17x-$N.jsonl.gz"
fi
"$BIN" --data "$DATA" stats > "$OUT/stats.txt"  # not piped into head: a closed pipe stops the script
head -3 "$OUT/stats.txt"

"$BIN" --data "$DATA" serve --addr "127.0.0.1:$PORT" 2>"$OUT/serve.log" &
SERVER=$!
trap 'kill -INT $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$PORT/api/stats" >/dev/null 2>&1 && break
  sleep 0.1
done
echo "one request: $(curl -fsS -o /dev/null -w '%{time_total}s' "http://127.0.0.1:$PORT/api/search?q=assad")," \
  "total matches for assad: $(curl -fsS "http://127.0.0.1:$PORT/api/search?q=assad&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')"

echo "machine load before the runs: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for path in /api/search /search; do
  for c in $CONC; do
    threads=$((c < 2 ? 1 : 2))
    echo "$path connections=$c $(wrk -t"$threads" -c"$c" -d"$DUR" --latency -s bench/web_load.lua \
      "http://127.0.0.1:$PORT" -- "$path" | grep RESULT)"
  done
done

# Timelines and entity pages: the most mentioned entities (the heaviest:
# thousands of articles each), by id.
curl -fsS "http://127.0.0.1:$PORT/api/entities?limit=$ENTITIES" \
  | python3 -c 'import json,sys; [print(e["id"], e["articles"], e["name"]) for e in json.load(sys.stdin)["items"]]' \
  > "$OUT/entities.txt"
echo "entities (id, articles, name): $(head -3 "$OUT/entities.txt" | tr '\n' ';') ..."
first=$(head -1 "$OUT/entities.txt" | cut -d' ' -f1)
echo "one request: timeline of the most mentioned entity" \
  "$(curl -fsS -o /dev/null -w '%{time_total}s' "http://127.0.0.1:$PORT/api/timeline?q=$first")," \
  "its page $(curl -fsS -o /dev/null -w '%{time_total}s' "http://127.0.0.1:$PORT/entities/$first")," \
  "events in its timeline: $(curl -fsS "http://127.0.0.1:$PORT/api/timeline?q=$first" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["entries"]))')"
for kind in timeline entity-json entity-page; do
  case $kind in
    timeline) fmt='/api/timeline?q=%s' ;;
    entity-json) fmt='/api/entities/%s' ;;
    entity-page) fmt='/entities/%s' ;;
  esac
  cut -d' ' -f1 "$OUT/entities.txt" | while read -r id; do printf "$fmt\n" "$id"; done > "$OUT/paths-$kind.txt"
  for c in $CONC; do
    threads=$((c < 2 ? 1 : 2))
    echo "$kind connections=$c $(wrk -t"$threads" -c"$c" -d"$DUR" --latency --timeout 30s -s bench/web_paths.lua \
      "http://127.0.0.1:$PORT" -- "$OUT/paths-$kind.txt" | grep RESULT)"
  done
done
