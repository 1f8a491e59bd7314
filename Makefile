# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## The app with demo data on embedded PostgreSQL, with a Celery worker and beat.
run: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python scripts/embedded.py run

## The whole suite; uses DATABASE_URL / REDIS_URL when set, else the embedded default.
test: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python scripts/embedded.py exec -- $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python scripts/embedded.py exec -- $(BIN)/python bench/pages.py
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python scripts/embedded.py exec -- $(BIN)/python bench/portfolio.py

clean:
	rm -rf $(VENV) var staticfiles
