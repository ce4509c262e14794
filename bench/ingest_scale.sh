#!/usr/bin/env bash
# How ingest cost follows the new data, in one run (issue 20's figures):
#   1. Timeline17 dev (the 14 `*.articles.jsonl.gz` of T17_DIR, 3,507
#      articles): first ingest with every stage on, re-ingest of one
#      unchanged file, and one new article into that store;
#   2. for each scale N: N generated articles (bench/gen_t17_repeat.py),
#      ingested with every stage on (CPU seconds, wall, peak RSS, size on
#      disk), then 500 new articles added to that store, then search
#      latency (p50, p99) with one connection to `storyline serve`.
# CPU seconds are user + sys of the ingest process (/usr/bin/time).
#
# Usage: bash bench/ingest_scale.sh [SCALE ...]    (default: 10000 100000)
# Environment: T17_DIR (default ../shared/eval/t17), KEEP=1 keeps the data
# directories (printed) instead of deleting them.
set -euo pipefail
cd "$(dirname "$0")/.."
T17=${T17_DIR:-../shared/eval/t17}
SCALES=("$@")
[ ${#SCALES[@]} -eq 0 ] && SCALES=(10000 100000)
cargo build --release -q --bin storyline
BIN=$PWD/target/release/storyline
WORK=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u '+%F %H:%M UTC'); commit $(git rev-parse --short HEAD)"

# Runs a storyline command; prints "<label>: <cpu> CPU-s, <wall> s wall,
# <rss> MiB peak" and leaves the command's stdout in $WORK/last.out.
measure() {
  local label=$1
  shift
  /usr/bin/time -f "%U %S %e %M" -o "$WORK/time" "$BIN" "$@" >"$WORK/last.out" 2>"$WORK/last.err" || {
    echo "$label: exit code $?: $(grep -c '^storyline: ' "$WORK/last.err") inputs failed, e.g. $(grep -m1 '^storyline: ' "$WORK/last.err")"
  }
  # The last line: time writes "Command exited with non-zero status" first
  # when some records failed (T17 has empty ones).
  read -r user sys wall rss < <(tail -n 1 "$WORK/time")
  CPU=$(python3 -c "print(round($user + $sys, 2))")
  WALL=$wall
  printf '%s: %s CPU-s, %s s wall, %s MiB peak\n' "$label" "$CPU" "$WALL" "$((rss / 1024))"
}

per_cpu_s() { python3 -c "print(round($1 / max($2, 1e-9)))"; }

# --- 1. Timeline17 dev -------------------------------------------------------
if compgen -G "$T17/*.articles.jsonl.gz" >/dev/null; then
  files=("$T17"/*.articles.jsonl.gz)
  n=$(for f in "${files[@]}"; do zcat "$f"; done | grep -c .)
  D=$WORK/t17
  measure "T17 first ingest (${#files[@]} files, $n articles)" --data "$D" ingest "${files[@]}"
  echo "  = $(per_cpu_s "$n" "$CPU") articles per CPU-second"
  measure "T17 re-ingest one unchanged file ($(basename "${files[0]}"))" --data "$D" ingest "${files[0]}"
  # One new article: the latest long article of the first file, under a
  # new id, dated after every stored article, its first two thirds of
  # lines followed by the last third of another's (a new text).
  python3 - "${files[0]}" "$WORK/late.jsonl" <<'EOF'
import gzip, json, sys
rows = [json.loads(l) for l in gzip.open(sys.argv[1], "rt", encoding="utf-8") if l.strip()]
long = sorted((r for r in rows if len(r.get("text", "").split()) >= 300),
              key=lambda r: r.get("published") or "")
last, other = long[-1], long[0]
a, b = last["text"].split("\n"), other["text"].split("\n")
text = "\n".join(a[: 2 * len(a) // 3] + b[2 * len(b) // 3 :])
late = dict(last, id=last["id"] + "#late", published="2099-01-01", text=text)
open(sys.argv[2], "w", encoding="utf-8").write(json.dumps(late, ensure_ascii=False) + "\n")
EOF
  measure "T17 one new article into the $n" --data "$D" ingest "$WORK/late.jsonl"
  rm -rf "$D"
else
  echo "T17 part skipped: no $T17/*.articles.jsonl.gz"
fi

# --- 2. Scales --------------------------------------------------------------
for N in "${SCALES[@]}"; do
  gen=$WORK/gen-$N.jsonl.gz
  python3 bench/gen_t17_repeat.py $((N + 500)) "$gen" >/dev/null
  # The first N articles are the store, the last 500 the new batch.
  python3 - "$gen" "$N" "$WORK/base-$N.jsonl.gz" "$WORK/new-$N.jsonl" <<'EOF'
import gzip, sys
src, n, base, new = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
with gzip.open(src, "rt", encoding="utf-8") as f, \
        gzip.open(base, "wt", encoding="utf-8", compresslevel=1) as b, \
        open(new, "w", encoding="utf-8") as w:
    for i, line in enumerate(f):
        (b if i < n else w).write(line)
EOF
  D=$WORK/scale-$N
  measure "$N generated articles, first ingest" --data "$D" ingest "$WORK/base-$N.jsonl.gz"
  echo "  = $(per_cpu_s "$N" "$CPU") articles per CPU-second, $(per_cpu_s "$N" "$WALL") per second wall"
  echo "  size on disk: $(du -sh "$D/storyline.sqlite" | cut -f1) store, $(du -sh "$D/index" | cut -f1) index"
  measure "500 new articles into the $N" --data "$D" ingest "$WORK/new-$N.jsonl"
  # Search latency with one connection: 200 queries of one or two words
  # drawn from the new articles' titles or first lines, after 20 to warm
  # the caches.
  port=$((20000 + RANDOM % 20000))
  "$BIN" --data "$D" serve --addr "127.0.0.1:$port" >/dev/null 2>"$WORK/serve.err" &
  server=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/api/stats" >/dev/null && break; sleep 0.1; done
  python3 - "$port" "$WORK/new-$N.jsonl" <<'EOF'
import json, random, sys, time, urllib.error, urllib.parse, urllib.request
port, src = sys.argv[1], sys.argv[2]
# Words of the new articles' titles, or of their first lines.
words = [w.strip('.,"\'') for l in open(src, encoding="utf-8")
         for w in (json.loads(l).get("title") or json.loads(l)["text"][:200]).split()
         if len(w) > 4 and w.isalpha()]
random.seed(7)
queries = [" ".join(random.sample(words, random.choice([1, 2]))) for _ in range(220)]
times = []
for i, q in enumerate(queries):
    url = f"http://127.0.0.1:{port}/api/search?q={urllib.parse.quote(q)}&limit=10"
    t = time.perf_counter()
    try:
        urllib.request.urlopen(url).read()
    except urllib.error.HTTPError as e:
        print(f"  query {q!r}: HTTP {e.code}")
    if i >= 20:
        times.append((time.perf_counter() - t) * 1000)
times.sort()
p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
print(f"  search, one connection, {len(times)} queries: p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms")
EOF
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=
  [ "${KEEP:-0}" = 1 ] && echo "  kept: $D" || rm -rf "$D"
done
