# Everything a fresh machine needs, from Python 3.11+ on: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed
TS := $(wildcard resources/i18n/*.ts)
QM := $(TS:.ts=.qm)

.PHONY: run test lint translations bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Fieldbook needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The profilers the benchmarks' findings are checked with (py-spy, pyinstrument).
$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

%.qm: %.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

run: $(STAMP) translations
	$(BIN)/fieldbook --demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# Prints one `name: value` line per figure and writes docs/benchmarks.md (dataset L; the first
# run builds and caches the datasets in .bench-cache/, which takes several minutes).
bench: $(BENCH_STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.bench

clean:
	rm -rf $(VENV) $(QM) .pytest_cache .mypy_cache .ruff_cache
