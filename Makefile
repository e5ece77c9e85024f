# THB Data: `make run` serves the application with demo data, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_VICTIMS ?= 1200
DEMO_TRAFFICKERS ?= 400

.PHONY: run test lint format browser install bench clean messages translations translations-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Translations (README, "Languages"): `make messages` extracts the marked strings into every
# language's locale/<lang>/LC_MESSAGES/django.po (Serbian Latin excepted: it is generated);
# `make translations` generates Serbian Latin from Cyrillic and compiles every catalogue (the
# .mo files are built, never committed); `make translations-check` runs the completeness tests.
MESSAGE_LANGUAGES := sq bs bg hr mk cnr ro sr

messages: install
	$(BIN)/python manage.py makemessages --no-obsolete --ignore 'tests/*' --ignore 'staticfiles/*' $(addprefix --locale ,$(MESSAGE_LANGUAGES))
	$(BIN)/python manage.py build_translations

translations: install
	@command -v msgfmt >/dev/null 2>&1 || { \
		echo "Installing GNU gettext (msgfmt, msgfilter) for the translations"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }
	$(BIN)/python manage.py build_translations

translations-check: translations
	$(BIN)/python -m pytest tests/i18n -q -p no:randomly

run: install translations
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py generate_demo_data --if-empty --victims $(DEMO_VICTIMS) --traffickers $(DEMO_TRAFFICKERS) --territories RS AL
	@echo "THB Data on http://127.0.0.1:$(PORT)/ (stop with Ctrl-C)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Debian's Chromium drives the end-to-end tests (Playwright's own download does not work here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the end-to-end tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install browser translations
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

bench: install
	$(BIN)/python tests/benchmarks/run.py

clean:
	rm -rf $(VENV) staticfiles
