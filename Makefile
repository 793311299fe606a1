# Everything a fresh machine needs, from Python 3.11+ on: `make run` and `make test`. The client
# and the server are extras of one distribution; both are installed here (demo mode runs a server
# beside the app, and the tests run both).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PACKAGE_STAMP := $(VENV)/.installed-package
BENCH_STAMP := $(VENV)/.bench-installed
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
DEB := build/fieldbook_$(VERSION)_amd64.deb
REPLICA_FIXTURE := $(lastword $(sort $(wildcard tests/fixtures/replica-*.db)))
TS := $(wildcard resources/i18n/*.ts)
QM := $(TS:.ts=.qm)
CORES = $(shell $(PYTHON) -c 'import os; print(os.cpu_count() or 1)')
TEST_WORKERS = $(shell echo $$(($(CORES) + 1)))

.PHONY: run desktop-deps test lint translations system-deps screenshots bundle deb test-package bench clean

# The packages are installed with uv (itself installed into the venv by pip): it fetches and
# unpacks them in parallel and compiles their bytecode on every core, a third of pip's time
# (10 s instead of 31 s for client, server and dev on two cores). The bytecode matters: where
# PYTHONDONTWRITEBYTECODE is set, each process the suite starts would compile what it imports.
# uv reads no pip configuration: an index or wheel folder given to pip in the environment is
# passed on, and it trusts the system's certificates, as pip does (a company's TLS proxy).
INSTALL = $(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode --native-tls \
	$(addprefix --index-url ,$(PIP_INDEX_URL)) $(addprefix --find-links ,$(PIP_FIND_LINKS))

$(BIN)/uv:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Fieldbook needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'uv>=0.5,<1'

$(STAMP): pyproject.toml $(BIN)/uv
	$(INSTALL) -e '.[client,server,dev]'
	touch $@

# PyInstaller only for the targets that build bundles (the `package` extra).
$(PACKAGE_STAMP): $(STAMP)
	$(INSTALL) -e '.[client,server,dev,package]'
	touch $@

# The profilers the benchmarks' findings are checked with (py-spy, pyinstrument).
$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(INSTALL) -e '.[client,server,dev,bench]'
	touch $@

%.qm: %.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

# The system libraries a real window needs are checked first (installed when root): without
# them Qt stops with a message about its "xcb" plugin only after the whole Python install.
run: desktop-deps
	@$(MAKE) --no-print-directory $(STAMP) translations
	$(BIN)/fieldbook --demo

desktop-deps:
	@sh packaging/linux/desktop-deps.sh

# mypy checks modules that do not import each other in parallel, a worker a core: in a fresh
# clone (no cache yet) 8 s instead of 13 s on two cores.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --num-workers $(CORES)
	$(BIN)/lint-imports

# One pytest-xdist worker a core and one more, each with its own temporary files, template
# databases and PostgreSQL cluster: tests spend part of their time waiting for the servers,
# apps and sockets they start, and the extra worker keeps the cores busy meanwhile (on two
# cores: 597 s with two workers, 523 s with three, the cores idle 5 % of it). A worker that
# runs out of tests takes queued ones from another (some tests run for a minute). The ten
# slowest tests are listed at the end. The project's modules are compiled first, as an
# installed app's are: where PYTHONDONTWRITEBYTECODE is set, each of the hundreds of Python
# processes the suite starts would compile them again.
test: lint translations
	$(BIN)/python -m compileall -q -j 0 app ui sync local_store protocol server resources tests >/dev/null
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal --durations=10

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

# System packages Qt needs beyond Python: CJK fonts (the Chinese UI and its test), Xvfb and the
# X11 libraries of Qt's xcb platform (real windows for `make screenshots`); msitools' wixl,
# with which a test builds the Windows MSI from its WiX source; and OpenLDAP's slapd, which the
# directory sign-in tests start on a loopback port (installed without starting its service). Installed with apt-get when
# missing and running as root; otherwise says what to install. Quick when all are there.
XCB_PACKAGES := $(shell sh packaging/linux/desktop-deps.sh --list)
SYSTEM_PACKAGES_CHECK = \
	missing=""; \
	for package in $(XCB_PACKAGES); do \
		dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; \
	done; \
	command -v fc-list >/dev/null || missing="$$missing fontconfig"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	command -v xvfb-run >/dev/null || missing="$$missing xvfb"; \
	command -v xauth >/dev/null || missing="$$missing xauth"; \
	command -v wixl >/dev/null || missing="$$missing wixl"; \
	command -v msiinfo >/dev/null || missing="$$missing msitools"; \
	test -x /usr/sbin/slapd || missing="$$missing slapd"

system-deps:
	@$(SYSTEM_PACKAGES_CHECK); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing$$missing"; \
		no_services=; [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; no_services=1; }; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		status=$$?; [ -z "$$no_services" ] || rm -f /usr/sbin/policy-rc.d; exit $$status; \
	else \
		echo "missing system packages:$$missing (apt-get install$$missing)"; \
	fi

# A picture of every main view in both languages, from the real app in real (Xvfb) windows.
# A rep's run pictures the main views; the manager's run pictures the designer.
screenshots: $(STAMP) translations system-deps
	for language in en zh_CN; do for user in demo manager; do \
		QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" \
			$(BIN)/fieldbook --demo --user $$user --language $$language \
			--screenshots docs/screenshots || exit 1; \
	done; done

# Prints one `name: value` line per figure and writes docs/benchmarks.md (dataset L; the first
# run builds and caches the datasets in .bench-cache/, which takes several minutes).
bench: $(BENCH_STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.bench

clean:
	rm -rf $(VENV) $(QM) build .pytest_cache .mypy_cache .ruff_cache
