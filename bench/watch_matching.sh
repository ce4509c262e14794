#!/usr/bin/env bash
# The cost of matching 1,000 watches against a batch of 500 new articles:
# the same 500-article batch ingested into two fresh data directories, one
# without watches and one with 1,000 query watches (two words each from the
# articles' vocabulary), timed with /usr/bin/time; the difference is the
# matching. Usage: bash bench/watch_matching.sh [path/to/storyline]
set -euo pipefail
BIN=${1:-target/release/storyline}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 - "$WORK" <<'PY'
import json, random, sys
random.seed(24)
vocab = [f"word{i}" for i in range(2000)]
with open(f"{sys.argv[1]}/batch.jsonl", "w") as f:
    for n in range(500):
        text = "\n\n".join(
            " ".join(random.choice(vocab) for _ in range(60)).capitalize() + "."
            for _ in range(6))
        f.write(json.dumps({"id": f"bench-{n}", "source": "bench.example",
                            "published": "2026-12-01", "title": f"Bench article {n}",
                            "text": text}) + "\n")
with open(f"{sys.argv[1]}/watches.sql", "w") as f:
    f.write("BEGIN;\n")
    for n in range(1000):
        q = f"{random.choice(vocab)} {random.choice(vocab)}"
        f.write(f"INSERT INTO watches (name, query, mark) VALUES ('w{n}', '{q}', 0);\n")
    f.write("COMMIT;\n")
PY
"$BIN" --data "$WORK/with" watch add w-seed --query seed >/dev/null
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(open(sys.argv[2]).read())" \
    "$WORK/with/storyline.sqlite" "$WORK/watches.sql"
for run in without with; do
    echo "== $run watches"
    /usr/bin/time -f "wall %e s, CPU %U user + %S sys, peak %M KiB" \
        "$BIN" --data "$WORK/$run" ingest "$WORK/batch.jsonl"
    [ "$run" = with ] && echo "alerts recorded: $(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from watch_alerts').fetchone()[0])" "$WORK/with/storyline.sqlite")"
done
