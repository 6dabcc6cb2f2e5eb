# Two entry points for a fresh machine (Python 3.11, make and a package index or a wheelhouse: see
# the README): `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ARGS   ?= speed --week 6
EXTRAS := $(VENV)/.test-extras

.PHONY: run test test-long lint decks bench clean

# The app alone: what `make run` needs.
$(BIN)/drill: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

# The test extras on top (pytest, pexpect, the anki package, ruff, mypy, ...): only `make test` and
# `make lint` install them.
$(EXTRAS): $(BIN)/drill pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# Run the main job on the built-in week 6 deck (override with ARGS="cards --week 6").
run: $(BIN)/drill
	$(BIN)/drill $(ARGS)

# Install everything (test extras included), run the static checks, then the whole suite.
test: lint
	$(BIN)/python -m pytest

# The hostile-input tests at the issue's full sizes (100,000 answers, 1,000 pages, 50 kills, two
# sessions for 60 s): about 10 minutes on a shared 2-core machine, so not part of `make test`.
test-long: $(BIN)/drill
	DRILLS_LONG=1 $(BIN)/python -m pytest tests/hostile

# Style (ruff), types (mypy: strict on the pure core) and layering (import-linter contracts): the
# settings are in pyproject.toml. A few seconds each.
lint: $(EXTRAS)
	$(BIN)/ruff check drills tests bench scripts
	$(BIN)/lint-imports
	$(BIN)/mypy

# Regenerate the built-in decks from the built-in course pages.
decks: $(BIN)/drill
	$(BIN)/drill build data/weeks --out decks

# Every bench/ script; the figures (ratios to same-run baselines) go to bench/RESULTS.md.
bench: $(BIN)/drill
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info
