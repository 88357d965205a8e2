# Groupbuy — `make run` starts everything on the embedded default; `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: run test test-pg chaos lint migrate revision bench client clean help

help:
	@echo "make run | test | chaos | lint | migrate | revision svc=<name> msg=<text> | client | bench | clean"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed-run
	$(PIP) -e '.[test]'
	@touch $@

run: $(VENV)/.installed-run
	$(BIN)/python -m devtools.run

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

chaos: $(VENV)/.installed-test
	CHAOS_SCALE=full $(BIN)/python -m pytest tests/chaos -s $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

migrate: $(VENV)/.installed-run
	$(BIN)/python -m devtools.migrate

revision: $(VENV)/.installed-run
	@test -n "$(svc)" -a -n "$(msg)" || { echo 'usage: make revision svc=<catalog|orders|membership|referrals> msg="<what changes>"'; exit 2; }
	$(BIN)/python -m devtools.migrate --revision "$(msg)" $(svc)

client: $(VENV)/.installed-test
	$(BIN)/python -m devtools.client

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .data .pytest_cache
