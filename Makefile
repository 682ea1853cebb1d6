# Two commands on a fresh Debian machine with Python 3.11:
#   make run   - serve the atlas on the bundled data at http://$(HOST):$(PORT)
#   make test  - install test dependencies (and Chromium, PostgreSQL when root) and run the whole suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8050
export HOST PORT

.PHONY: run test install install-test browser postgres prepare example lint clean plotly-bundle

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(PY) app.py

browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else echo "Browser tests need Debian packages chromium and chromium-driver: sudo apt-get install chromium chromium-driver" >&2; exit 1; fi

# PostgreSQL server binaries: the storage tests start a throwaway cluster (or use ATLAS_TEST_POSTGRES_URL).
postgres:
	@if [ -n "$$ATLAS_TEST_POSTGRES_URL" ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else echo "Storage tests need the PostgreSQL server: sudo apt-get install postgresql (or set ATLAS_TEST_POSTGRES_URL)" >&2; exit 1; fi

# axe-core for the accessibility checks in tests/e2e, pinned by package-lock.json.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	else echo "Accessibility tests need npm to install axe-core: sudo apt-get install npm" >&2; exit 1; fi
	npm ci --silent --no-audit --no-fund
	touch $@

# The atlas's partial plotly.js bundle, committed in assets/vendor: rebuild it from the pinned
# plotly.js npm package (scripts/plotly_bundle) after upgrading plotly, whose plotly.js version
# it must match (tests/unit/test_plotly_bundle.py checks).
plotly-bundle:
	@command -v npm >/dev/null 2>&1 || { echo "The plotly bundle is built with npm: sudo apt-get install npm" >&2; exit 1; }
	cd scripts/plotly_bundle && npm ci --silent --no-audit --no-fund && node build.mjs

test: install-test browser postgres node_modules/axe-core/axe.min.js
	$(PY) -m pytest

prepare: install
	$(PY) -m dashboard.prepare

example: install
	$(PY) scripts/generate_example_dataset.py

lint: install-test
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache
