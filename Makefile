# IntelliFin: `make run` starts everything on one machine; `make test` runs every check.
# Both set up what they need on a fresh machine (venv, Python and npm packages, web build).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .make

SYSTEM_PACKAGES := chromium hledger

.PHONY: run test setup build-web lint typecheck test-python test-web migrate openapi bench bench-ledger clean

run: setup build-web
	$(PY) -m local_runtime run

test: setup build-web lint typecheck test-web test-python

setup: $(STAMPS)/system $(STAMPS)/python $(STAMPS)/npm-runtime $(STAMPS)/npm-web

# Debian packages the tests use: Chromium for the browser tests, hledger for the books
# cross-check. Installed with apt-get when missing (as root, as on CI and dev machines).
$(STAMPS)/system:
	@mkdir -p $(STAMPS)
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else echo "please install:$$missing (sudo apt-get install$$missing)" >&2; exit 1; fi; \
	fi
	@touch $@

$(STAMPS)/python: requirements.txt requirements-dev.txt
	@mkdir -p $(STAMPS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

$(STAMPS)/npm-runtime: local_runtime/package.json local_runtime/package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --prefix local_runtime --no-audit --no-fund --loglevel=error
	@touch $@

$(STAMPS)/npm-web: static_site/package.json static_site/package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --prefix static_site --no-audit --no-fund --loglevel=error
	@touch $@

build-web: $(STAMPS)/npm-web
	npm run --prefix static_site build

lint: $(STAMPS)/python
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

typecheck: $(STAMPS)/python
	$(VENV)/bin/mypy

test-python: $(STAMPS)/python $(STAMPS)/npm-runtime
	$(PY) -m pytest

test-web: $(STAMPS)/npm-web
	npm test --prefix static_site

migrate: setup
	$(PY) -m local_runtime migrate

openapi: $(STAMPS)/python $(STAMPS)/npm-web
	$(PY) -m shared_code.api.openapi_snapshot
	npm run --prefix static_site gen:api

bench: setup build-web
	$(PY) bench/cold_import.py
	$(PY) bench/health_throughput.py
	$(PY) bench/sign_in_latency.py
	$(PY) bench/web_load.py 3
	$(PY) bench/pdf_render.py

bench-ledger: setup
	$(PY) bench/ledger_million.py

clean:
	rm -rf $(STAMPS) $(VENV) static_site/node_modules static_site/dist local_runtime/node_modules
