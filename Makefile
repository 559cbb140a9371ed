# Two commands set everything up on a fresh machine (Python 3.11 and make):
#   make serve   create .venv, install pinned dependencies, validate, build and serve the site
#   make test    the same environment, then the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: serve test validate build bench lock clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/kb serve

test: $(STAMP)
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/kb validate

build: $(STAMP)
	$(BIN)/kb build

# Corpora of 20 to 10,000 records: time, memory, site size and search speed into BENCHMARKS.md
# (six to nine minutes on two cores).
bench: $(STAMP)
	$(BIN)/kb bench --write BENCHMARKS.md

# Re-pin after changing dependencies in pyproject.toml.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --disable-pip-version-check ".[test]"
	{ echo '# Pinned dependencies for the kb toolchain and site. Regenerate with `make lock` after changing pyproject.toml.'; \
	  .lock-venv/bin/pip freeze --exclude fertility-immunotherapy-evidence; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) site .build
