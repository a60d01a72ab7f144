# Quick start: `make serve` runs the service, `make test` runs the whole test suite.
# Both create .venv and install what they need on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: serve test lint bench check install

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/judge serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/ruff check judge tests
	$(BIN)/mypy judge
	$(BIN)/python -m pytest -q

check: $(STAMP)
	$(BIN)/judge check --all

bench: $(STAMP)
	$(BIN)/python bench/run.py
