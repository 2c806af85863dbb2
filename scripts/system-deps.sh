#!/usr/bin/env bash
# Make sure the system packages the test suite and prod-check need are present: PostgreSQL, Redis,
# Chromium, a CJK font, gettext; for `make test` also Node.js and npm (Lighthouse, tools/lighthouse/);
# with the argument `prod` also nginx, wrk, curl, openssl (no Node.js); with `node` only Node.js and
# npm. As root the missing ones are installed with apt-get (what is present is never replaced);
# otherwise they are named and we stop.
set -euo pipefail
missing=()
if [ "${1:-}" != node ]; then
  ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
  fc-list 2>/dev/null | grep -qiE 'wenquanyi|noto sans cjk|noto serif cjk' || missing+=(fonts-wqy-microhei)
  command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
fi
if [ "${1:-}" != prod ]; then  # make test: Lighthouse (tools/lighthouse/) runs on Node.js, installed by npm
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
fi
if [ "${1:-}" = prod ]; then  # make prod-check: nginx in front, wrk for its figures, curl, openssl
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them first, e.g.: sudo apt-get install ${missing[*]}" >&2
  exit 2
fi
