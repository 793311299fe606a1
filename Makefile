# Everything a fresh machine needs, from Python 3.11+ on: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PACKAGE_STAMP := $(VENV)/.installed-package
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
DEB := build/fieldbook_$(VERSION)_amd64.deb
REPLICA_FIXTURE := $(lastword $(sort $(wildcard tests/fixtures/replica-*.db)))
TS := $(wildcard resources/i18n/*.ts)
QM := $(TS:.ts=.qm)

.PHONY: run test lint translations bundle deb test-package clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Fieldbook needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# PyInstaller only for the targets that build bundles (the `package` extra).
$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,package]'
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

# The one-folder bundle in build/dist/fieldbook; prints its size and start-up time.
bundle: $(PACKAGE_STAMP) translations
	rm -rf build/dist/fieldbook
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath build/dist \
		--workpath build/pyinstaller packaging/fieldbook.spec
	packaging/report-bundle.sh build/dist/fieldbook

# The Debian package, checked with lintian (installed when missing and root).
deb: bundle
	packaging/linux/build-deb.sh build/dist/fieldbook build $(VERSION)
	packaging/linux/lintian.sh $(DEB)

# Install the .deb into a clean Debian root, run it as a user offscreen and on Xvfb, remove it.
test-package: deb
	packaging/linux/test-package.sh $(DEB) $(REPLICA_FIXTURE)

clean:
	rm -rf $(VENV) $(QM) build .pytest_cache .mypy_cache .ruff_cache
