# The two commands of the README: `make site` builds the sample handbook into site/,
# `make test` runs the whole test suite. Both set up everything they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve fuzz bench golden clean os-deps js-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/sopdocs build

serve: $(STAMP)
	$(BIN)/sopdocs serve

os-deps:
	bash scripts/install-os-deps.sh

js-deps:
	bash scripts/install-js-deps.sh

test: $(STAMP) os-deps js-deps
	$(BIN)/python -m pytest -q

golden: $(STAMP)
	$(BIN)/python -m pytest -q --update-golden tests

fuzz: $(STAMP)
	SOPDOCS_FUZZ_EXAMPLES=2000 $(BIN)/python -m pytest -q tests/test_fuzz.py

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) site .sopdocs-cache .pytest_cache .cache
