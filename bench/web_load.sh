#!/usr/bin/env bash
# Bounded load test of `storyline serve` on loopback: search over a store of
# N (default 100,000) articles made by repeating corpus/t17 with shifted ids
# and dates. wrk (Debian package) drives DUR (default 30s) per endpoint with
# each of CONC connections (a list) on 2 threads. Prints one RESULT line per
# endpoint and concurrency.
#   bench/web_load.sh            # N=100000 DUR=30s CONC="1 8"
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

have=0
[ -f "$DATA/storyline.sqlite" ] && have=$("$BIN" --data "$DATA" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"])')
if [ "$have" -lt "$N" ]; then
  rm -rf "$DATA"
  python3 bench/gen_t17_repeat.py "$N" "$OUT/t17x-$N.jsonl.gz"
  /usr/bin/time -f "ingest: %e s, max RSS %M KiB" "$BIN" --data "$DATA" ingest "$OUT/t17x-$N.jsonl.gz"
fi
"$BIN" --data "$DATA" stats | head -3

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
