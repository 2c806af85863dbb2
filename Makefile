# The two commands a newcomer needs: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-lite prod-check lint worker beat bench messages migrate demo install install-dev clean

$(VENV)/bin/python:
	@PYTHON=$$(scripts/find-python.sh) || exit 1; \
	echo "Creating $(VENV) with $$PYTHON"; \
	"$$PYTHON" -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

# Lighthouse, pinned in tools/lighthouse/ (package-lock.json), for the accessibility check of the
# public policies page; reinstalled when the lock is newer. It drives the machine's Chromium.
LIGHTHOUSE := tools/lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE): tools/lighthouse/package.json tools/lighthouse/package-lock.json
	@scripts/system-deps.sh node
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tools/lighthouse --no-audit --no-fund
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(PY) manage.py load_demo

## Serve the portal on http://127.0.0.1:8000 with demo data (SQLite and eager Celery by default).
run: demo
	@echo ""
	@echo "  Portal: http://$(HOST):$(PORT)/    API docs: http://$(HOST):$(PORT)/api/v1/docs/"
	@echo ""
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

## The whole suite on throwaway PostgreSQL and Redis, real Celery worker and real Chromium.
test: install-dev $(LIGHTHOUSE)
	@scripts/system-deps.sh
	scripts/with-services.sh $(PY) -m pytest $(PYTEST_ARGS)

## The production topology on loopback (deploy/ recipe, nginx over HTTPS, two web nodes, two
## workers, beat, a streaming standby), driven by Chromium; prints the figures of the README.
prod-check: install-dev
	@scripts/system-deps.sh prod
	scripts/prod-check.sh

## The same suite on the embedded default (SQLite); tests needing PostgreSQL/Redis are skipped.
test-lite: install-dev $(LIGHTHOUSE)
	env -u DATABASE_URL -u REDIS_URL ZHUQIAO_VAR_DIR=$$(mktemp -d) $(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	ZHUQIAO_TESTING=1 $(VENV)/bin/mypy .
	ZHUQIAO_TESTING=1 $(PY) manage.py check
	ZHUQIAO_TESTING=1 $(PY) manage.py makemigrations --check --dry-run

worker: install
	$(VENV)/bin/celery -A zhuqiao worker -l INFO

beat: install
	$(VENV)/bin/celery -A zhuqiao beat -l INFO -s var/celerybeat-schedule

## Benchmarks on real PostgreSQL (README, "Benchmarks"); figures go to bench-results/.
bench: install-dev
	@scripts/system-deps.sh
	scripts/with-services.sh $(PY) -m bench $(BENCH_ARGS)

## Regenerate and compile the English translations. Strings go to the nearest locale/ folder:
## each app's own <app>/locale/, and the project's locale/ for templates/.
messages: install-dev
	ZHUQIAO_TESTING=1 $(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore='tests/*' --ignore='static/*' --ignore='var/*' --ignore='bench/*'
	ZHUQIAO_TESTING=1 $(PY) manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) var
