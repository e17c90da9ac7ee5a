# Two commands do everything on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run install test lint demo serve bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

## Create the venv, install, load the Spanish demo company into SQLite, serve on :8000.
run: $(STAMP)
	$(BIN)/rumbo init
	$(BIN)/rumbo demo
	$(BIN)/rumbo serve

## Install what the tests need and run the whole suite (SQLite, and PostgreSQL when reachable).
test: $(TEST_STAMP)
	$(BIN)/pytest -q -n 2 --dist loadgroup

## ruff and mypy.
lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/demo_load.py

clean:
	rm -rf $(VENV) rumbo.db rumbo.db-wal rumbo.db-shm
