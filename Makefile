# Veilige Plek — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
VP := $(BIN)/veiligeplek
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# The suite runs on every core (pytest-xdist): each test file stays on one worker, so that a
# module's fixtures are made once. PYTEST_WORKERS=0 runs it in one process (e.g. for pdb).
PYTEST_WORKERS ?= auto
XDIST := $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadfile)
PY_DIRS := $(wildcard src tests bench)

.PHONY: help run test test-fast test-slow lint types checks setup-db assets bench clean

help:
	@echo "make run        installeer, laad referentie- en demodata en start op http://$(HOST):$(PORT)"
	@echo "make test       ruff, mypy --strict, makemigrations --check, import-linter en de hele testsuite"
	@echo "make test-fast  alleen de snelle tests (zonder browser- en PostgreSQL-suites)"
	@echo "make test-slow  de trage suites op diepte: fuzzing met willekeurige seed, crash- en loadtest"
	@echo "make bench      alle benchmarks (schrijft docs/benchmarks.md; BENCH=match,disclosure voor een deel)"

$(VENV)/.python:
	@PY=$$(scripts/find-python) && echo "Python: $$PY" && "$$PY" -m venv $(VENV) && echo "$$PY" > $@
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9

$(VENV)/.base: $(VENV)/.python requirements/base.txt pyproject.toml
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements/base.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.base requirements/dev.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements/dev.txt
	@touch $@

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets: node_modules/.package-lock.json

# Local settings for `make run`: random secret and audit chain keys (demo only), the demo banner,
# plain-HTTP cookies.
.env:
	@echo "# Written by 'make run' for this machine; see .env.example. Never commit it." > $@
	@echo "SECRET_KEY=$$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')" >> $@
	@echo "AUDIT_HMAC_KEY=$$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')" >> $@
	@echo "DEBUG=false" >> $@
	@echo "SECURE_COOKIES=false" >> $@
	@echo "DEMO_MODE=true" >> $@
	@echo "ALLOWED_HOSTS=127.0.0.1,localhost" >> $@
	@echo "Wrote .env"

setup-db: $(VENV)/.base .env assets
	@grep -q '^AUDIT_HMAC_KEY=' .env || { \
	  echo "AUDIT_HMAC_KEY=$$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')" >> .env; \
	  echo "Added a random demo AUDIT_HMAC_KEY to .env"; }
	$(VP) migrate --no-input -v 0
	$(VP) load-reference-data
	$(VP) import-places src/veiligeplek/data/landscape_2025.csv
	@# The static files are collected on the second core while the history is made on the first.
	@mkdir -p var
	$(VP) collectstatic --no-input -v 0 & static=$$!; \
	  $(VP) load-demo --history-years 5 > var/load-demo.out; demo=$$?; \
	  tail -n 1 var/load-demo.out; wait $$static && [ $$demo -eq 0 ]

run: setup-db
	@echo; cat var/demo-logins.txt; echo
	@echo "Veilige Plek draait op http://$(HOST):$(PORT)/ (stoppen: Ctrl-C)"
	@$(VP) db_worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/gunicorn veiligeplek.conf.wsgi:application --bind $(HOST):$(PORT) --workers 2 \
	    --access-logfile - --forwarded-allow-ips="" 

lint: $(VENV)/.dev
	$(BIN)/ruff check $(PY_DIRS)
	$(BIN)/ruff format --check $(PY_DIRS)

types: $(VENV)/.dev
	$(BIN)/mypy $(PY_DIRS)

checks: $(VENV)/.dev
	DEBUG=true $(VP) makemigrations --check --dry-run
	$(BIN)/lint-imports

test: $(VENV)/.dev assets lint types checks
	$(BIN)/pytest -m "slow or not slow" --durations=30 $(XDIST) $(PYTEST_ARGS)

test-fast: $(VENV)/.dev
	$(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

# The slow suites at depth (docs/operations.md, "Proof under load and faults"): schemathesis and
# the form fuzzing with a random seed (printed, to replay), the crash test, the backup drill, then
# the load test when bench/load.py exists. DATABASE_URL must be PostgreSQL for the last three.
test-slow: $(VENV)/.dev assets
	FUZZ_DEPTH=deep $(BIN)/pytest -m slow $(PYTEST_ARGS)
	@if [ -f bench/load.py ]; then $(BIN)/python bench/load.py; else echo "bench/load.py: not there yet"; fi

# Every benchmark; each rewrites its own section of docs/benchmarks.md (bench/run_all.py).
BENCH ?=
bench: $(VENV)/.dev assets
	$(BIN)/python bench/run_all.py $(if $(BENCH),--only $(BENCH))

clean:
	rm -rf $(VENV) node_modules var/static .pytest_cache .mypy_cache .ruff_cache
