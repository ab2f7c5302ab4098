# danchu — the two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
export DANCHU_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test test-sqlite test-postgres bench install install-test setup clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "danchu cần Python ≥ 3.11 (needs Python 3.11+)"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## set up (idempotent): migrate the embedded database, load Cần Thơ's units and the demo data
setup: install
	$(BIN)/danchu migrate --no-input
	$(BIN)/danchu load_units --province 92
	$(BIN)/danchu demo

## serve http://$(HOST):$(PORT) with the background worker, printing the demo accounts
run: setup
	$(BIN)/danchu serve --host $(HOST) --port $(PORT)

## the whole suite (set DATABASE_URL for PostgreSQL); browser tests need /usr/bin/chromium
test: install-test
	$(BIN)/python -m pytest -p xdist -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)

bench: install-test
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var build *.egg-info
