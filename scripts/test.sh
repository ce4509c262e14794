#!/usr/bin/env bash
# The test entry point (README's second command): starts a throwaway
# PostgreSQL with scripts/pg.sh (installing it from Debian's packages if
# missing), runs `cargo test --workspace` with the PostgreSQL backend on and
# STORYLINE_TEST_PG pointing at the server, and stops the server on exit,
# whatever happened. Extra arguments go to `cargo test`.
#
# Without PostgreSQL the PostgreSQL tests fail (never pass silently); to run
# everything else on purpose: STORYLINE_SKIP_PG=1 cargo test --workspace
set -euo pipefail
cd "$(dirname "$0")/.."

# The fuzz crate has its own lock file, and CI builds it with --locked: a
# dependency the pipeline gains must reach fuzz/Cargo.lock too (run
# `cargo update --workspace` in fuzz/). Checked first, since the fuzz run
# comes last in CI (regression: a stale fuzz lock failed CI after the tests).
if ! cargo metadata --locked --format-version 1 --manifest-path fuzz/Cargo.toml >/dev/null; then
  echo "fuzz/Cargo.lock is stale: run 'cargo update --workspace' in fuzz/ and commit it" >&2
  exit 1
fi

# Our own server directory and port, so a server someone else runs is left alone.
export STORYLINE_PG_DIR="${STORYLINE_PG_DIR:-$(mktemp -d /tmp/storyline-test-pg.XXXXXX)}"
export STORYLINE_PG_PORT="${STORYLINE_PG_PORT:-55432}"

cleanup() { bash scripts/pg.sh stop || true; }
trap cleanup EXIT INT TERM

URL="$(bash scripts/pg.sh start)"
export STORYLINE_TEST_PG="$URL"
echo "== PostgreSQL at $STORYLINE_TEST_PG"

echo "== cargo test --workspace --features storyline-store/postgres"
cargo test --workspace --features storyline-store/postgres "$@"
