#!/usr/bin/env bash
# Run a command against throwaway PostgreSQL and Redis servers started for it, on free ports
# bound to 127.0.0.1 in a fresh temporary directory, and stop them whatever happens.
#   scripts/with-services.sh .venv/bin/pytest
# Exports DATABASE_URL and REDIS_URL to the command. Installs the servers with apt-get when they
# are missing and we are root; otherwise names the packages and exits non-zero.
set -euo pipefail

find_pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v pg_ctl)")"; return 0; fi
  return 1
}

need_install=()
find_pg_bin >/dev/null || need_install+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need_install+=(redis-server)
if [ ${#need_install[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${need_install[*]} ..." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_install[@]}" >/dev/null
  else
    echo "Missing system packages: ${need_install[*]}. Install them (e.g. 'sudo apt-get install ${need_install[*]}') and run again." >&2
    exit 2
  fi
fi

PG_BIN=$(find_pg_bin)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

WORK=$(mktemp -d /tmp/zhuqiao-services.XXXXXX)
chmod 755 "$WORK"
PG_DIR="$WORK/pg"
mkdir -p "$PG_DIR"
PG_PORT=$(free_port)
REDIS_PORT=$(free_port)

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"

cleanup() {
  set +e
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1
  [ -f "$WORK/redis.pid" ] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null
  sleep 0.2
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
  || as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log" >&2; exit 1; }
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$PG_DIR/log" >&2; exit 1; }
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE zhuqiao" postgres

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log" --dir "$WORK"
for _ in $(seq 50); do
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/zhuqiao"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
echo "services: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT" >&2
set +e
"$@"
status=$?
exit $status
