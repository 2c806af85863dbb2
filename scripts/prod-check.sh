#!/usr/bin/env bash
# make prod-check: the production topology on this machine's loopback, built with the recipe in
# deploy/ and driven through nginx over HTTPS by a real Chromium (scripts/prod_check.py).
#
#   PostgreSQL primary (owner role + application role) and a pg_basebackup streaming standby,
#   Redis, a virtualenv from requirements.txt ONLY, deploy/upgrade (migrate as owner, grants,
#   collectstatic, compilemessages, check --deploy), two gunicorn instances behind one nginx
#   upstream (TLS, self-signed), two Celery workers and beat, all as an unprivileged user.
#
# Everything lives in one temporary directory and is stopped by PID whatever happens.
# KEEP=1 leaves the directory for inspection. Prints the figures of the README's note.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
STARTED=$(date +%s)
DEV_PY=${DEV_PY:-$REPO/.venv/bin/python}  # the driver's Python (Playwright); never the portal's
SERVICE_USER=zhuqiao
step() { printf '\n== [%3ss] %s\n' "$(( $(date +%s) - STARTED ))" "$*"; }

find_pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  dirname "$(readlink -f "$(command -v pg_ctl)")"
}
PG_BIN=$(find_pg_bin)
export PATH="$PG_BIN:$PATH"
for tool in nginx redis-server openssl /usr/bin/chromium; do
  command -v "$tool" >/dev/null 2>&1 || { echo "prod-check needs $tool (scripts/system-deps.sh installs it)" >&2; exit 2; }
done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

ROOT_RUN=0
[ "$(id -u)" = 0 ] && ROOT_RUN=1
if [ $ROOT_RUN = 1 ]; then
  id "$SERVICE_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
fi
as_pg() { if [ $ROOT_RUN = 1 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_app() { if [ $ROOT_RUN = 1 ]; then runuser -u "$SERVICE_USER" -- "$@"; else "$@"; fi; }

WORK=$(mktemp -d /tmp/zhuqiao-prod.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
  set +e
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null; done
  sleep 1
  for pid in "${PIDS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
  [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null
  [ -f "$WORK/redis.pid" ] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg/standby" -m immediate stop >/dev/null 2>&1
  as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg/primary" -m fast stop >/dev/null 2>&1
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT INT TERM
# Start a long-running service in its own process group (so that it is stopped with its children).
spawn() {  # spawn NAME COMMAND...
  local name=$1; shift
  setsid "$@" >"$WORK/log/$name.log" 2>&1 &
  PIDS+=("$!")
  disown "$!"  # stopped by cleanup(); bash need not report each service as "Killed" at the end
}

step "the application, as an administrator would install it (a copy of the checkout)"
mkdir -p "$WORK/app" "$WORK/log" "$WORK/etc" "$WORK/backup"
{ git ls-files -z; git ls-files -z -o --exclude-standard; } | grep -zv '^\.venv$' \
  | tar --null -T - -cf - | tar -xf - -C "$WORK/app"
APP=$WORK/app
VAR=$WORK/var

step "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'): primary with an owner role and an application role"
PG_PORT=$(free_port); PG2_PORT=$(free_port); REDIS_PORT=$(free_port)
mkdir -p "$WORK/pg"
[ $ROOT_RUN = 1 ] && chown postgres "$WORK/pg"
as_pg "$PG_BIN/initdb" -D "$WORK/pg/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/log/initdb.log" 2>&1
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg/primary" -l "$WORK/pg/primary.log" -w \
  -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c wal_level=replica -c max_wal_senders=4 -c fsync=off -c synchronous_commit=off" \
  start >/dev/null
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qv ON_ERROR_STOP=1 <<'SQL'
CREATE ROLE zhuqiao_owner LOGIN PASSWORD 'owner-password';
CREATE ROLE zhuqiao_app LOGIN PASSWORD 'app-password';
CREATE DATABASE zhuqiao OWNER zhuqiao_owner;
SQL

step "Redis"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --pidfile "$WORK/redis.pid" --logfile "$WORK/log/redis.log" --dir "$WORK"

step "the environment file, from .env.example"
NGINX_PORT=$(free_port); NGINX_HTTP_PORT=$(free_port); WEB1=$(free_port); WEB2=$(free_port); WEB3=$(free_port)
BASE="https://localhost:$NGINX_PORT"
ENV_FILE=$WORK/etc/zhuqiao.env
python3 - "$APP/.env.example" "$ENV_FILE" <<PY
import base64, os, secrets, sys
values = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
    "FIELD_HASH_KEY": secrets.token_urlsafe(32),
    "ALLOWED_HOSTS": "localhost,127.0.0.1",
    "CSRF_TRUSTED_ORIGINS": "$BASE",
    "SITE_URL": "$BASE",
    "DATABASE_URL": "postgres://zhuqiao_app:app-password@127.0.0.1:$PG_PORT/zhuqiao",
    "DATABASE_OWNER_URL": "postgres://zhuqiao_owner:owner-password@127.0.0.1:$PG_PORT/zhuqiao",
    "DATABASE_REPLICA_URL": "postgres://zhuqiao_app:app-password@127.0.0.1:$PG2_PORT/zhuqiao",
    "REDIS_URL": "redis://127.0.0.1:$REDIS_PORT/0",
    # nginx reaches gunicorn from 127.0.0.2 (proxy_bind below): the browser's 127.0.0.1 is then
    # distinguishable from the proxy's address in the audit log.
    "TRUSTED_PROXIES": "127.0.0.2",
    # SMTP (check --deploy refuses the console backend) to a port where nothing listens.
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": "$(free_port)",
    "EMAIL_USE_TLS": "0",
    "BOOKING_RATE_PER_ADDRESS": "1000/h",
    "BOOKING_RATE_PER_PHONE": "1000/h",
    "CONFIRMATION_SWEEP_SECONDS": "2",
    "ZHUQIAO_VAR_DIR": "$VAR",
    "WEB_CONCURRENCY": "2",
}
out = []
for line in open(sys.argv[1], encoding="utf-8"):
    key = line.split("=", 1)[0]
    out.append(f"{key}={values.pop(key)}\n" if "=" in line and not line.startswith("#") and key in values else line)
assert not values, f"not in .env.example: {values}"
open(sys.argv[2], "w", encoding="utf-8").write("".join(out))
PY
if [ $ROOT_RUN = 1 ]; then
  chown root:"$SERVICE_USER" "$ENV_FILE"; chmod 640 "$ENV_FILE"
  chown -R root:root "$APP"; chmod -R a+rX "$APP"
fi

if [ $ROOT_RUN = 1 ]; then
  # The service user must be able to run the interpreter the virtualenv is built on. A pyenv build
  # under /root (this kind of machine) is not reachable: let it traverse (o+x, not list) the
  # directories on the way, and say so. A server installs Python where every user can run it.
  PYTHON=$(scripts/find-python.sh)
  if ! runuser -u "$SERVICE_USER" -- "$PYTHON" -c pass 2>/dev/null; then
    dir=$(dirname "$(readlink -f "$PYTHON")")
    while [ "$dir" != / ]; do
      if [ "$(stat -c %A "$dir" | cut -c10)" != x ] && [ "$(stat -c %A "$dir" | cut -c10)" != t ]; then
        chmod o+x "$dir"; echo "note: gave others traverse (o+x) on $dir so that $SERVICE_USER can run $PYTHON"
      fi
      dir=$(dirname "$dir")
    done
  fi
fi

step "deploy/upgrade: virtualenv from requirements.txt only, migrate as owner, grants, static, messages, check --deploy"
export ZHUQIAO_ENV_FILE=$ENV_FILE ZHUQIAO_VENV=$WORK/venv ZHUQIAO_RESTART=none
"$APP/deploy/upgrade" >"$WORK/log/upgrade.log" 2>&1 || { tail -40 "$WORK/log/upgrade.log" >&2; exit 1; }
VENV=$WORK/venv
[ $ROOT_RUN = 1 ] && chmod -R a+rX "$APP" "$VENV"
manage() { as_app env ZHUQIAO_ENV_FILE="$ENV_FILE" "$VENV/bin/python" "$APP/manage.py" "$@"; }

step "demo data (as the application role)"
manage load_demo >"$WORK/log/load_demo.log" 2>&1 || { tail -20 "$WORK/log/load_demo.log" >&2; exit 1; }

step "a streaming standby from pg_basebackup, logging every statement it answers"
as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$WORK/pg/standby" -R -X stream --checkpoint=fast
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg/standby" -l "$WORK/pg/standby.log" -w \
  -o "-p $PG2_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c log_statement=all -c hot_standby=on" start >/dev/null
[ "$(psql -h 127.0.0.1 -p "$PG2_PORT" -U postgres -Atc 'SELECT pg_is_in_recovery()')" = t ]

step "two gunicorn instances, two workers and beat, as $SERVICE_USER, with the commands of deploy/systemd"
unit_command() {  # the ExecStart of a unit, with the paths of this check
  sed -n 's/^ExecStart=//p' "$APP/deploy/systemd/$1" | sed "s#/srv/zhuqiao/venv#$VENV#g; s#/var/lib/zhuqiao#$VAR#g; s/%%h/%h/g"
}
cd "$APP"
read -r -a WEB_CMD <<<"$(unit_command zhuqiao-web.service)"
read -r -a WORKER_CMD <<<"$(unit_command zhuqiao-worker.service)"
read -r -a BEAT_CMD <<<"$(unit_command zhuqiao-beat.service)"
service_env=(env ZHUQIAO_ENV_FILE="$ENV_FILE")
spawn web1 runuser -u "$SERVICE_USER" -- "${service_env[@]}" GUNICORN_BIND="127.0.0.1:$WEB1" "${WEB_CMD[@]}"
spawn web2 runuser -u "$SERVICE_USER" -- "${service_env[@]}" GUNICORN_BIND="127.0.0.1:$WEB2" "${WEB_CMD[@]}"
spawn worker1 runuser -u "$SERVICE_USER" -- "${service_env[@]}" "${WORKER_CMD[@]//worker@/worker1@}" --concurrency 1
spawn worker2 runuser -u "$SERVICE_USER" -- "${service_env[@]}" "${WORKER_CMD[@]//worker@/worker2@}" --concurrency 1
spawn beat runuser -u "$SERVICE_USER" -- "${service_env[@]}" "${BEAT_CMD[@]}"
cd "$REPO"

step "nginx with deploy/nginx/zhuqiao.conf, a self-signed certificate, one upstream of both web nodes"
mkdir -p "$WORK/nginx/tmp"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -keyout "$WORK/nginx/key.pem" \
  -out "$WORK/nginx/cert.pem" >/dev/null 2>&1
sed -e "s#server 127.0.0.1:8000;#server 127.0.0.1:$WEB1; server 127.0.0.1:$WEB2;#" \
  -e "s#listen 80;#listen 127.0.0.1:$NGINX_HTTP_PORT;#; /listen \[::\]/d" \
  -e "s#listen 443 ssl http2;#listen 127.0.0.1:$NGINX_PORT ssl http2;#" \
  -e "s#/etc/ssl/certs/zhuqiao.pem#$WORK/nginx/cert.pem#; s#/etc/ssl/private/zhuqiao.key#$WORK/nginx/key.pem#" \
  -e "s#/var/lib/zhuqiao#$VAR#" \
  -e "s#proxy_pass http://zhuqiao_web;#proxy_pass http://zhuqiao_web; proxy_bind 127.0.0.2;#" \
  "$REPO/deploy/nginx/zhuqiao.conf" >"$WORK/nginx/site.conf"
cat >"$WORK/nginx/nginx.conf" <<NGINX
$( [ $ROOT_RUN = 1 ] && echo "user $SERVICE_USER;" )
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/log/nginx-error.log warn;
events { worker_connections 512; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    log_format upstream '\$remote_addr "\$request" \$status \$upstream_addr';
    access_log $WORK/log/nginx-access.log upstream;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    include $WORK/nginx/site.conf;
}
NGINX
nginx -t -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" >"$WORK/log/nginx-t.log" 2>&1 || { cat "$WORK/log/nginx-t.log" >&2; exit 1; }
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"

step "waiting for both web nodes and both workers (/healthz through nginx)"
for _ in $(seq 120); do
  # The public /healthz says ok only when the database, Redis and a worker answer.
  if curl -ksf "$BASE/healthz" -o "$WORK/healthz.json" && python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["status"] == "ok" else 1)' "$WORK/healthz.json"; then
    break
  fi
  sleep 0.5
done
cat "$WORK/healthz.json"; echo
curl -sf "http://127.0.0.1:$WEB1/healthz" -H 'X-Forwarded-Proto: https' -o /dev/null
curl -sf "http://127.0.0.1:$WEB2/healthz" -H 'X-Forwarded-Proto: https' -o /dev/null

step "Playwright through nginx over HTTPS"
export PROD_BASE=$BASE PROD_WORK=$WORK PROD_VENV=$VENV PROD_APP=$APP PROD_ENV_FILE=$ENV_FILE PROD_SERVICE_USER=$SERVICE_USER
export PROD_PG_PORT=$PG_PORT PROD_PG2_PORT=$PG2_PORT PROD_PG_BIN=$PG_BIN PROD_WEB1=$WEB1 PROD_WEB2=$WEB2 PROD_WEB3=$WEB3
export PROD_REDIS_PORT=$REDIS_PORT PROD_STARTED=$STARTED
"$DEV_PY" "$REPO/scripts/prod_check.py"

step "prod-check passed in $(( $(date +%s) - STARTED )) s"
