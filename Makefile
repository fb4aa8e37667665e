# thidua: `make run` serves the API, `make test` runs the suite. Both build the virtualenv first.
# The virtualenv is (re)installed only when pyproject.toml is newer than its stamp file.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null || echo python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.thidua-installed
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

.PHONY: help install run test lint format openapi openapi-check permissions migrate demo clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "thidua needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(STAMP) ## create .venv and install the project with its dev tools

run: $(STAMP) ## migrate, load the 2016 demo into an empty database, serve on http://127.0.0.1:8000
	@echo "==> thidua on http://$(HOST):$(PORT)  (interactive docs: http://$(HOST):$(PORT)/docs)"
	@echo "==> database: $${THIDUA_DATABASE_URL:-sqlite:///./data/thidua.db}"
	@echo "==> first admin (created at start-up when the database has none):"
	@echo "      username: $$THIDUA_ADMIN_USERNAME"
	@echo "      password: $$THIDUA_ADMIN_PASSWORD"
	$(BIN)/thidua demo --if-empty
	$(BIN)/thidua serve --host $(HOST) --port $(PORT)

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

clean: ## remove the virtualenv, caches and build output (never ./data)
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
