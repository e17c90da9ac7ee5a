# Two commands do everything on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run install test lint demo serve bench clean chromium

# setup.py compiles the listening hot path (rumbo/_compiled.py lists it): an edit to one of
# those sources installs again, so the compiled modules never lag behind.
COMPILED_SOURCES := $(wildcard src/rumbo/listening/detect/*.py src/rumbo/listening/enrich/*.py) \
	src/rumbo/listening/sources/parse.py src/rumbo/listening/hotpath.py

$(STAMP): pyproject.toml setup.py src/rumbo/_compiled.py $(COMPILED_SOURCES)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The test extras alone: installing '.[test]' would build (and compile) the project again.
$(TEST_STAMP): $(STAMP)
	$(BIN)/python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb')) \
		['project']['optional-dependencies']['test']))" > $(VENV)/test-requirements.txt
	$(BIN)/python -m pip install --quiet -r $(VENV)/test-requirements.txt
	@$(MAKE) --no-print-directory chromium
	touch $@

## Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
## Without root or apt-get the browser tests are skipped, and say so.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		( apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends chromium ) >/tmp/rumbo-chromium-install.log 2>&1 \
		|| echo "Could not install chromium (see /tmp/rumbo-chromium-install.log): the browser tests will be skipped."; \
	else \
		echo "No /usr/bin/chromium and no root apt-get: the browser tests will be skipped."; \
	fi

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
	$(BIN)/ruff check setup.py src tests bench
	$(BIN)/ruff format --check setup.py src tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/demo_load.py

clean:
	rm -rf $(VENV) rumbo.db rumbo.db-wal rumbo.db-shm
