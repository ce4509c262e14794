#!/usr/bin/env bash
# Search latency of `storyline serve` idle and under 8 hostile clients.
# Builds the release binary, ingests corpus/t17 and corpus/seeds (659
# articles) into bench/out/hostile/data once, serves it on loopback, then
# measures N (default 300) sequential `/api/search` requests twice: with the
# server idle, and while 8 clients loop over hostile requests (deeply nested
# queries, timelines of unknown names, 10 KB and 13.6 KB name values, and
# timelines whose client hangs up at once). Prints p50/p99 of both runs, their
# ratio (the goal: p99 under load < 3x idle), what the hostile requests got,
# and checks the server still answers.
#   bench/hostile_latency.sh
#   N=1000 bench/hostile_latency.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-300}
PORT=${PORT:-7881}
OUT=bench/out/hostile
DATA=$OUT/data
BIN=${CARGO_TARGET_DIR:-target}/release/storyline

cargo build --release -p storyline-cli
mkdir -p "$OUT"
if [ ! -f "$DATA/storyline.sqlite" ]; then
  "$BIN" --data "$DATA" ingest corpus/t17 corpus/seeds
fi
"$BIN" --data "$DATA" serve --addr "127.0.0.1:$PORT" 2>"$OUT/serve.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$PORT/api/stats" >/dev/null && break
  sleep 0.1
done

python3 - "$PORT" "$N" <<'EOF'
import http.client, random, socket, sys, threading, time, urllib.parse
from collections import Counter

port, n = int(sys.argv[1]), int(sys.argv[2])
words = ["assad", "damascus", "homs", "russia", "annan", "observers", "hama",
         "aleppo", "sanctions", "refugees", "turkey", "opposition"]

def get(path, timeout=60):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path)
        r = c.getresponse()
        r.read()
        return r.status
    finally:
        c.close()

def search_latencies(count):
    rng = random.Random(7)
    out, refused = [], Counter()
    for _ in range(count):
        q = " ".join(rng.sample(words, rng.choice([1, 2])))
        t = time.perf_counter()
        status = get("/api/search?q=" + urllib.parse.quote(q))
        out.append((time.perf_counter() - t) * 1000)
        if status != 200:
            refused[status] += 1
    return out, refused

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

def hang_up(path):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    s.close()
    return "hung up"

def hostile_paths(rng):
    unknown = "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(24))
    q = urllib.parse.quote
    return [
        ("deep query", lambda: get("/api/search?q=" + q("(" * 500 + "assad" + ")" * 500))),
        ("unknown-name timeline", lambda: get("/api/timeline?q=" + q(unknown + " " + unknown[::-1]))),
        ("unknown entity", lambda: get("/api/entities/" + q(unknown))),
        ("10 KB name", lambda: get("/api/timeline?q=" + q(("Bashar al " * 1200)[:10240]))),
        ("13.6 KB timeline", lambda: get("/api/timeline?q=" + q(("free syrian army " * 900)[:13600]))),
        ("10 KB entity filter", lambda: get("/api/search?q=assad&entity=" + q("x" * 10240))),
        ("common-word timeline", lambda: get("/api/timeline?q=the")),
        ("hang-up timeline", lambda: hang_up("/api/timeline?q=" + q(unknown))),
    ]

stop = threading.Event()
seen = Counter()
lock = threading.Lock()

def hostile(i):
    rng = random.Random(i)
    while not stop.is_set():
        for name, call in hostile_paths(rng):
            if stop.is_set():
                return
            try:
                r = call()
            except Exception as e:
                r = type(e).__name__
            with lock:
                seen[(name, r)] += 1

get("/api/search?q=assad")  # warm
idle, idle_refused = search_latencies(n)
threads = [threading.Thread(target=hostile, args=(i,), daemon=True) for i in range(8)]
for t in threads:
    t.start()
time.sleep(1)
loaded, loaded_refused = search_latencies(n)
stop.set()
for t in threads:
    t.join()
time.sleep(0.5)
alive = get("/api/stats")

print(f"search idle:    p50 {pct(idle, 50):.2f} ms  p99 {pct(idle, 99):.2f} ms  (n={n}, not 200: {dict(idle_refused)})")
print(f"search hostile: p50 {pct(loaded, 50):.2f} ms  p99 {pct(loaded, 99):.2f} ms  (n={n}, 8 hostile clients, not 200: {dict(loaded_refused)})")
ratio = pct(loaded, 99) / pct(idle, 99)
print(f"p99 ratio: {ratio:.2f}x (goal < 3x)")
print("hostile requests (kind, status: count):")
for (name, r), c in sorted(seen.items()):
    print(f"  {name}, {r}: {c}")
print(f"server alive afterwards: /api/stats -> {alive}")
ok = alive == 200 and ratio < 3 and not idle_refused and not loaded_refused
sys.exit(0 if ok else 1)
EOF
