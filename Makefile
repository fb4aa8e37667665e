# thidua: `make run` serves the API, `make test` runs the suite. Both build the virtualenv first.
# The virtualenv is installed from requirements-dev.lock (every package pinned, with its hashes), and
# reinstalled only when the lock or pyproject.toml is newer than its stamp file. `make lock` rewrites
# the locks after a change to pyproject.toml's dependencies.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null || echo python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.thidua-installed
LOCK := requirements-dev.lock
RUNTIME_LOCK := requirements.lock
# The locks are resolved for every platform, from the oldest Python the project supports.
LOCK_PYTHON := 3.11
# e.g. LOCK_ARGS=--upgrade (every package to its newest allowed release), --upgrade-package=fastapi
LOCK_ARGS ?=
PYTEST_ARGS ?=
# Test processes (pytest-xdist); each has its own databases. 1 runs the suite in this process.
TEST_WORKERS ?= 2

HOST ?= 127.0.0.1
PORT ?= 8000

# Demo credentials for the first admin, used only when the database has no admin yet.
# Override them (or set THIDUA_ADMIN_* in the environment) for anything but a local try-out.
run: export THIDUA_ADMIN_USERNAME ?= admin
run: export THIDUA_ADMIN_PASSWORD ?= thidua-demo-admin

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install lock run worker test lint format openapi openapi-check permissions migrate demo bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "thidua needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# The build backend comes from the lock too (--no-build-isolation), so nothing is installed unhashed.
$(STAMP): $(LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

install: $(STAMP) ## create .venv and install the project with its dev tools, from the lock

# uv comes from the dev lock itself. The build backend (pyproject's [build-system] requires) is locked
# with the dependencies; the runtime lock is constrained by the dev lock, so the two never disagree.
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version $(LOCK_PYTHON) --generate-hashes \
	--custom-compile-command 'make lock'
BUILD_REQUIRES = $(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")'

lock: $(STAMP) ## rewrite the locks from pyproject.toml (pins kept where still allowed; LOCK_ARGS=--upgrade)
	$(BUILD_REQUIRES) | $(UV_COMPILE) pyproject.toml - --extra dev $(LOCK_ARGS) -o $(LOCK)
	$(BUILD_REQUIRES) | $(UV_COMPILE) pyproject.toml - --constraint $(LOCK) -o $(RUNTIME_LOCK)

run: $(STAMP) ## migrate, load the 2016 demo into an empty database, serve on http://127.0.0.1:8000
	@echo "==> thidua on http://$(HOST):$(PORT)  (interactive docs: http://$(HOST):$(PORT)/docs)"
	@echo "==> database: $${THIDUA_DATABASE_URL:-sqlite:///./data/thidua.db}"
	@echo "==> first admin (created at start-up when the database has none):"
	@echo "      username: $$THIDUA_ADMIN_USERNAME"
	@echo "      password: $$THIDUA_ADMIN_PASSWORD"
	$(BIN)/thidua demo --if-empty
	$(BIN)/thidua serve --host $(HOST) --port $(PORT)

# Same environment as `make run` (THIDUA_DATABASE_URL, default ./data/thidua.db): run it in a second terminal.
worker: $(STAMP) ## deliver events to webhooks (thidua worker), beside `make run`, on the same database
	@echo "==> thidua worker on $${THIDUA_DATABASE_URL:-sqlite:///./data/thidua.db}  (Ctrl-C stops it)"
	$(BIN)/thidua worker

test: $(STAMP) ## run the whole suite on SQLite and PostgreSQL
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP) ## ruff check, ruff format --check and mypy --strict over app/
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP) ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

openapi: $(STAMP) ## regenerate openapi.json from the app
	$(BIN)/thidua openapi --output openapi.json

openapi-check: $(STAMP) ## fail when openapi.json differs from what the app serves
	$(BIN)/thidua openapi --output openapi.json --check

permissions: $(STAMP) ## regenerate docs/permissions.md from the route policies
	$(BIN)/thidua permissions

demo: $(STAMP) ## load the 2016 scenario (idempotent) and print its logins
	$(BIN)/thidua demo

migrate: $(STAMP) ## upgrade the database schema to the latest migration
	$(BIN)/thidua migrate

# e.g. BENCH_ARGS='--db sqlite --duration 3 --rounds 1 --cases cast'; THIDUA_BENCH_POSTGRES_URL adds PostgreSQL.
BENCH_ARGS ?=
bench: $(STAMP) ## the product against the bare stack over HTTP (bench/http_bench.py; docs/benchmarks.md)
	$(BIN)/python -m bench.http_bench $(BENCH_ARGS)

clean: ## remove the virtualenv, caches and build output (never ./data)
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
