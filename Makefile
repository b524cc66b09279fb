# Lawkeeper: the targets a newcomer would guess.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: venv run console test lint bench soak clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: venv
	$(BIN)/python main.py run

console: venv
	$(BIN)/python main.py console

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

bench: venv
	$(BIN)/python -m bench

# SIGKILL the bot at 100+ random moments; prints the counts (see bench/soak.py).
soak: venv
	$(BIN)/python -m bench.soak

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
