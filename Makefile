# Two commands set everything up on a fresh machine, with Python 3.11 or newer and make
# (nothing else: the site's browser scripts are kept in scripts/kb/vendor/):
#   make serve   create .venv, install pinned dependencies, validate, build and serve the site
#                (make serve PORT=8001 for another port)
#   make test    the same environment, then the whole test suite (browser tests need chromium)
# Each prerequisite is checked before anything is installed (scripts/prerequisites.sh).
PYTHON ?= python3
PORT   ?= 8000
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/pip install --quiet --disable-pip-version-check

.PHONY: install serve test validate build offline docs bench lock vendor clean

# Every pin carries its hashes (--require-hashes): a changed file on the index is refused.
# setuptools is pinned there too, and kb is installed from this folder without build isolation,
# so nothing unhashed is downloaded.
$(STAMP): pyproject.toml requirements.lock
	@PYTHON=$(PYTHON) sh scripts/prerequisites.sh
	$(PYTHON) -m venv $(VENV)
	$(PIP) --require-hashes -r requirements.lock
	$(PIP) --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/kb serve --port $(PORT)

test: $(STAMP)
	@sh scripts/prerequisites.sh chromium
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/kb validate

build: $(STAMP)
	$(BIN)/kb build

# A site that works from file:// with no network: open site/index.html.
offline: $(STAMP)
	$(BIN)/kb build --offline

# Rewrite content/field-reference.md after changing the schema (a test fails while it is stale).
docs: $(STAMP)
	$(BIN)/kb docs

# Corpora of 20 to 10,000 records: time, memory, site size and search speed into BENCHMARKS.md
# (under ten minutes on two cores).
bench: $(STAMP)
	$(BIN)/kb bench --write BENCHMARKS.md

# Re-pin, with hashes, after changing dependencies in pyproject.toml (needs the network).
# pip-tools is used for this step only, in a throwaway environment.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --disable-pip-version-check "pip-tools==7.6.2"
	.lock-venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --extra test --build-deps-for editable --no-emit-index-url --no-emit-find-links \
	  --output-file requirements.lock pyproject.toml
	rm -rf .lock-venv

# Fetch the site's browser scripts again after changing a version in
# scripts/kb/vendor/manifest.json; their checksums are recorded there (needs the network).
vendor: $(STAMP)
	$(BIN)/python -m kb.vendor_update

clean:
	rm -rf $(VENV) site .build
