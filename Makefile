# Two entry points for a fresh machine (Python 3.11 and make only): `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ARGS   ?= speed --week 6

.PHONY: run test lint decks bench clean

$(BIN)/drill: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# Run the main job on the built-in week 6 deck (override with ARGS="cards --week 6").
run: $(BIN)/drill
	$(BIN)/drill $(ARGS)

# Install everything (test extras included), run the static checks, then the whole suite.
test: lint
	$(BIN)/python -m pytest

# Style (ruff), types (mypy: strict on the pure core) and layering (import-linter contracts): the
# settings are in pyproject.toml. A few seconds each.
lint: $(BIN)/drill
	$(BIN)/ruff check drills tests bench scripts
	$(BIN)/lint-imports
	$(BIN)/mypy

# Regenerate the built-in decks from the built-in course pages.
decks: $(BIN)/drill
	$(BIN)/drill build data/weeks --out decks

bench: $(BIN)/drill
	$(BIN)/python bench/check.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/queue.py

clean:
	rm -rf $(VENV) build *.egg-info
