# Brobyggare: `make run` starts the app with demo data, `make test` runs every check CI runs.
# GNU make. Everything runs from the project's own virtualenv in .venv.

SHELL := /bin/bash
.DEFAULT_GOAL := install

HOST ?= 127.0.0.1
PORT ?= 8000

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# The requirement strings of pyproject.toml: its dependencies and its `test` extra.
# They are installed directly (constrained by requirements.lock) rather than with
# `pip install -e .`, which would leave a brobyggare.egg-info folder in the work tree;
# the project itself has no package to install (`[tool.setuptools] packages = []`).
PROJECT_REQUIREMENTS := python3 -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + p["optional-dependencies"]["test"]))'

.PHONY: venv install run prod prod-start prod-stop test lint format lock screens

venv install: $(STAMP)

$(PY):
	python3 -m venv $(VENV)

# Re-runs only when pyproject.toml or requirements.lock changed (or .venv is new).
$(STAMP): pyproject.toml requirements.lock | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PROJECT_REQUIREMENTS) > $(VENV)/requirements.in
	$(PY) -m pip install --quiet -c requirements.lock -r $(VENV)/requirements.in
	touch $@

# The demo runs as production would: DEBUG off (DEBUG=true is an explicit choice for
# development), a secret key made on first run in var/secret-key (0600), static files
# collected and served by WhiteNoise. Browsers treat http://127.0.0.1 and localhost as
# secure, so the Secure-only cookies work there without TLS.
# daphne serves (scripts/serve.py: its backlog and handshake timeout); the worker beside it reads photographed letters (the job queue is in the
# database). Both run in the background of one shell that waits for daphne, so Ctrl-C
# (or a TERM to make) reaches the trap at once, which stops both; the worker finishes the
# letter it is reading first, and a job still waiting stays queued for the next start.
run: install
	bash scripts/install-run-deps.sh
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@set -u; \
	$(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	$(PY) scripts/serve.py -b $(HOST) -p $(PORT) & server=$$!; \
	trap 'kill -TERM $$server $$worker 2>/dev/null; wait' INT TERM; \
	wait $$server; status=$$?; \
	kill -TERM $$worker 2>/dev/null; wait; \
	exit $$status

# The production profile on this machine (scripts/prod.sh, docs/operations.md): PostgreSQL,
# Redis, PROD_DAPHNES daphne processes, the job worker and nginx with TLS in front, all in
# var/prod/; https://localhost:8443. Ctrl-C stops everything. It refuses demo accounts;
# `make prod DEMO=1` loads them for trying it out (never for real use).
DEMO ?= 0
PROD_DAPHNES ?= 2
prod: install
	DEMO=$(DEMO) PROD_DAPHNES=$(PROD_DAPHNES) PYTHON=$(PY) bash scripts/prod.sh run

# The same in the background; `make prod-stop` stops it (or a `make prod` in another terminal).
prod-start: install
	DEMO=$(DEMO) PROD_DAPHNES=$(PROD_DAPHNES) PYTHON=$(PY) bash scripts/prod.sh start

prod-stop:
	PYTHON=$(PY) bash scripts/prod.sh stop

# Exit code 5 from pytest (no tests collected) fails the target like any other failure.
test: install
	bash scripts/install-test-deps.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) -m pytest -m "not browser and not production"
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m browser
	$(PY) -m pytest -m production

# docs/screens/: the client's four main pages at 390 × 844 and at 200 % text, the ombud's
# caseload and a plan, from the demo data on a throwaway database (scripts/screenshots.py).
screens: install
	bash scripts/install-test-deps.sh
	$(PY) scripts/screenshots.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Rewrite requirements.lock from what pyproject.toml resolves to today, in a throwaway venv.
lock:
	set -euo pipefail; \
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	python3 -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade pip; \
	$(PROJECT_REQUIREMENTS) > "$$tmp/requirements.in"; \
	"$$tmp/venv/bin/python" -m pip install --quiet -r "$$tmp/requirements.in"; \
	{ echo "# Exact versions that pyproject.toml's dependencies and its [test] extra resolve to."; \
	  echo "# A pip constraints file: the Makefile installs with -c requirements.lock."; \
	  echo "# Regenerate after changing pyproject.toml: make lock"; \
	  "$$tmp/venv/bin/python" -m pip freeze --all \
	    | grep -v -i -E '^(pip|setuptools|wheel|brobyggare)(==| @)'; \
	} > "$$tmp/requirements.lock"; \
	mv "$$tmp/requirements.lock" requirements.lock
