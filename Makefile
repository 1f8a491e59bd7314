# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test manage install lint format bench backup restore clean

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
## One test process per core (PYTEST_PROCESSES=0 for a single process).
PYTEST_PROCESSES ?= auto
test: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python scripts/embedded.py exec -- $(BIN)/pytest -n $(PYTEST_PROCESSES) --dist worksteal $(PYTEST_ARGS)

## Any management command against the app's database: make manage ARGS="plan_reviews --mission UNSMK"
manage: install
	PATH="$(CURDIR)/$(BIN):$$PATH" APP_ENV=$${APP_ENV:-development} $(BIN)/python scripts/embedded.py exec -- $(BIN)/python manage.py $(ARGS)

## One archive of the database and the stored files, in backups/ (BACKUP_DIR=... elsewhere).
backup: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python scripts/backup.py backup

## Bring an archive back into an empty data folder: make restore FILE=backups/strategy-<time>.tar
## (without FILE: the newest archive in backups/).
restore: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python scripts/backup.py restore $(if $(FILE),"$(FILE)")

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
