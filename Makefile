# The two commands a new machine needs: `make run` and `make test` (`make serve` for the production profile).
# Only python3 (3.11+) must be installed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test install lock lint format messages bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# Exactly the versions (and file hashes) in the lock file, then the project itself without touching them.
$(STAMP): pyproject.toml requirements/dev-lock.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev-lock.txt
	$(PY) -m pip install -qq --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

## Regenerate the lock files from pyproject.toml after changing a dependency (LOCK_ARGS=--upgrade to move every pin).
PIP_COMPILE = $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock: install
	$(PIP_COMPILE) -o requirements/lock.txt pyproject.toml
	$(PIP_COMPILE) --extra dev -c requirements/lock.txt -o requirements/dev-lock.txt pyproject.toml

## The site with demo data on SQLite at http://127.0.0.1:8000 (Celery tasks run in-process).
run: install
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_regions
	PORT=$(PORT) $(PY) manage.py seed_demo
	PORT=$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

## The production profile (settings from .env or the environment; see docs/deploy.md): migrate, collectstatic, then
## gunicorn, a Celery worker and Celery beat in one console on PORT (8000). Ctrl-C stops all three.
serve: install
	$(if $(filter command line environment,$(origin PORT)),PORT=$(PORT)) VENV=$(VENV) bin/serve

## The whole suite: lint, Django checks, migrations check, pytest (SQLite; PostgreSQL when DATABASE_URL is set).
test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Rebuild the English translation catalogue (needs GNU gettext); the compiled .mo is committed.
messages: install
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages -l en --ignore=.venv

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .test-media .test-private-media celerybeat-schedule*
