# Every target creates and uses .venv by itself: a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DATA ?= data
AS_OF ?=
# The engine: properdocs (default) or mkdocs, e.g. `ENGINE=mkdocs make build`.
ENGINE ?=
ESCDA_FLAGS := --data $(DATA) $(if $(AS_OF),--as-of $(AS_OF)) $(if $(ENGINE),--engine $(ENGINE))

.PHONY: build preview serve test lint bench bench-large clean browser golden docs

# uv installs the same packages with a quarter of pip's CPU time (a fresh clone builds in
# seconds, not minutes); where uv cannot be had or cannot reach the index, pip does it.
# Both compile the installed modules to bytecode (uv only when asked): where
# PYTHONDONTWRITEBYTECODE is set, every process (the tests, each build's workers) would
# otherwise compile pandas, MkDocs… from source on each start.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	{ $(BIN)/python -m pip install --quiet uv && \
	  $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e '.[dev]'; } || \
	  $(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/escda build $(ESCDA_FLAGS)

preview: $(STAMP)
	$(BIN)/escda build --preview $(ESCDA_FLAGS)

serve: $(STAMP)
	$(BIN)/escda serve $(ESCDA_FLAGS)

# Browser tests drive Debian's chromium-headless-shell, the bench its chromium; install them
# when missing (no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 && command -v chromium-headless-shell >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium and chromium-headless-shell for the browser tests"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium chromium-headless-shell >/dev/null; }

test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Rewrite the golden files after an intended output change; review with git diff tests/golden.
golden: $(STAMP)
	$(BIN)/python -m pytest -q tests/test_golden.py --update-golden

bench: $(STAMP) browser
	$(BIN)/python -m pytest -q -p no:cacheprovider bench/test_bench.py
	$(BIN)/python bench/run.py

# A cold build of an archive as large as the issue's 120 editions (six contests × 20 years):
# 93 editions (2008-2100, the most one data folder holds) of 65 categories, 6,045 category
# results against 120 × 50; its peak memory, added to bench/results.json. Long: it
# generates, scores and draws all of them (docs/benchmark.md).
bench-large: $(STAMP)
	$(BIN)/python bench/run.py --only large

clean:
	rm -rf site site-preview .site.builds .site-preview.builds .cache .pytest_cache .docs-site

# The documentation site (docs/), strict: a broken link fails.
docs: $(STAMP)
	$(BIN)/mkdocs build -q -f mkdocs.docs.yml
