# Two commands set everything up on a fresh machine (Python 3.11 and make):
#   make serve   create .venv, install pinned dependencies, validate, build and serve the site
#   make test    the same environment, then the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The site's browser scripts, from the npm registry (package.json); never loaded from a CDN.
ASSETS := node_modules/.installed

.PHONY: install serve test validate build offline docs bench lock clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(ASSETS)

install: $(STAMP) $(ASSETS)

serve: $(STAMP) $(ASSETS)
	$(BIN)/kb serve

test: $(STAMP) $(ASSETS)
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/kb validate

build: $(STAMP) $(ASSETS)
	$(BIN)/kb build

# A site that works from file:// with no network: open site/index.html.
offline: $(STAMP) $(ASSETS)
	$(BIN)/kb build --offline

# Rewrite content/field-reference.md after changing the schema (a test fails while it is stale).
docs: $(STAMP)
	$(BIN)/kb docs

# Corpora of 20 to 10,000 records: time, memory, site size and search speed into BENCHMARKS.md
# (under ten minutes on two cores).
bench: $(STAMP) $(ASSETS)
	$(BIN)/kb bench --write BENCHMARKS.md

# Re-pin after changing dependencies in pyproject.toml.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --disable-pip-version-check ".[test]"
	{ echo '# Pinned dependencies for the kb toolchain and site. Regenerate with `make lock` after changing pyproject.toml.'; \
	  .lock-venv/bin/pip freeze --exclude fertility-immunotherapy-evidence; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) node_modules site .build
