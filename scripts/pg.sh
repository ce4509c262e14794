#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback, for the tests and benchmarks.
#
#   scripts/pg.sh start   installs PostgreSQL from Debian's packages if missing,
#                         runs initdb into a temporary directory as an
#                         unprivileged user, starts the server on 127.0.0.1,
#                         creates the database and prints its URL
#   scripts/pg.sh url     prints the URL of the running server
#   scripts/pg.sh restart stops and starts the same cluster (fault tests)
#   scripts/pg.sh stop    stops the server and deletes its directory
#
# Settings (environment): STORYLINE_PG_DIR (default /tmp/storyline-pg),
# STORYLINE_PG_PORT (default 55432), STORYLINE_PG_USER (the unprivileged OS
# user the server runs as when this script runs as root; default postgres).
set -euo pipefail

DIR="${STORYLINE_PG_DIR:-/tmp/storyline-pg}"
PORT="${STORYLINE_PG_PORT:-55432}"
OS_USER="${STORYLINE_PG_USER:-postgres}"
DB=storyline
URL="postgres://storyline@127.0.0.1:${PORT}/${DB}"

find_bin() {
  # Debian keeps the server binaries out of PATH, under one folder per version.
  if command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return
  fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$d" ] && echo "$d"
}

install_if_missing() {
  if [ -z "$(find_bin)" ]; then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "pg.sh: installing PostgreSQL from Debian's packages" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  fi
  BIN="$(find_bin)"
  [ -n "$BIN" ] || { echo "pg.sh: PostgreSQL is not installed and could not be installed" >&2; exit 1; }
}

# Runs a command as the server's user (initdb and postgres refuse root).
as_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$OS_USER" -- "$@"
  else
    "$@"
  fi
}

start() {
  install_if_missing
  if [ ! -f "$DIR/data/PG_VERSION" ]; then
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [ "$(id -u)" -eq 0 ] && chown "$OS_USER" "$DIR"
    as_user "$BIN/initdb" -D "$DIR/data" -U storyline --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; exit 1; }
  fi
  if ! as_user "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    as_user "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c max_connections=200" start >/dev/null \
      || { cat "$DIR/server.log" >&2; exit 1; }
  fi
  if ! as_user "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U storyline -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    as_user "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U storyline "$DB"
  fi
  echo "$URL"
}

stop() {
  local bin
  bin="$(find_bin)"
  if [ -n "$bin" ] && [ -f "$DIR/data/PG_VERSION" ]; then
    as_user "$bin/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
}

restart() {
  install_if_missing
  as_user "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null
  start >/dev/null
}

case "${1:-}" in
  start) start ;;
  url) echo "$URL" ;;
  restart) restart ;;
  stop) stop ;;
  *) echo "usage: scripts/pg.sh start|url|restart|stop" >&2; exit 2 ;;
esac
