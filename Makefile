# Tremplin — everyday commands. Only Python >= 3.11 and Make are needed; everything else is installed here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
# Tests run on every core (pytest-xdist); override with PYTEST_ARGS="-n 0" to debug one test.
# worksteal: an idle worker takes tests queued on a busy one, so a few long tests (the page walks, the
# browser journeys) do not leave one core working alone at the end (docs/performance.md, « Tests et CI »).
PYTEST_ARGS ?= -n auto --dist worksteal

.DEFAULT_GOAL := help
.PHONY: help run test test-fast test-postgres quality fix lock messages demo-reset browsers clean cluster-up cluster-down cluster-test bench-load

help:
	@echo "make run            démarre l'application (SQLite + données de démo) sur http://127.0.0.1:$(PORT)"
	@echo "make test           installe et lance toute la suite de tests (dont navigateur)"
	@echo "make test-postgres  la même suite sur PostgreSQL (DATABASE_URL ou postgres local)"
	@echo "make quality        ruff (lint + format) et makemigrations --check"
	@echo "make fix            corrige le format et les imports"
	@echo "make lock           régénère les fichiers de dépendances épinglées"
	@echo "make messages       met à jour et compile les traductions"
	@echo "make cluster-test   monte la grappe locale (nginx, 2 gunicorn, PostgreSQL, Redis) et la teste"
	@echo "make cluster-down   arrête la grappe locale (CLUSTER_DROP=1 : supprime aussi sa base)"
	@echo "make bench-load     test de charge locust sur la grappe locale (docs/performance.md, « Charge »)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Tremplin demande Python >= 3.11 (trouvé : %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements/dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	@touch $@

venv: $(VENV)/.installed

run: venv
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@echo "Tremplin démarre sur http://127.0.0.1:$(PORT)/ (démonstration, double authentification non imposée)"
	@echo "Pages d'erreur de développement : TREMPLIN_DEBUG=1 make run"
	@echo "Le serveur web, l'exécutant des tâches de fond (envois, rappels) et le planificateur démarrent ensemble ; Ctrl-C arrête tout."
	PATH="$(CURDIR)/$(BIN):$$PATH" TREMPLIN_DEMO=1 TREMPLIN_MFA_ENFORCED=0 TREMPLIN_PORT=$(PORT) \
		TREMPLIN_LOG_FORMAT=$${TREMPLIN_LOG_FORMAT:-plain} SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} \
		$(BIN)/honcho start -f Procfile

browsers:
	@bin/ensure-chromium

test: venv browsers
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: venv browsers
	bin/ensure-postgres
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/tremplin} $(BIN)/python -m pytest $(PYTEST_ARGS)

quality: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	bin/audit-dependencies

fix: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: venv
	cd requirements && ../$(BIN)/pip-compile --quiet --allow-unsafe --strip-extras --generate-hashes -o base.txt base.in
	cd requirements && ../$(BIN)/pip-compile --quiet --allow-unsafe --strip-extras --generate-hashes -o dev.txt dev.in

messages: venv
	$(MANAGE) makemessages --locale en --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'bench/*' --no-obsolete --no-location
	$(MANAGE) compilemessages --ignore '.venv/*'

demo-reset: venv
	rm -f db.sqlite3 db.sqlite3-wal db.sqlite3-shm var/journal-anchor.log
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo

# The production layout of deploy/ on this machine (deploy/local-cluster/up); minutes to come up,
# so its tests are not part of `make test`.
cluster-up: venv
	deploy/local-cluster/up

cluster-down:
	deploy/local-cluster/down $(if $(CLUSTER_DROP),--drop)

cluster-test: cluster-up
	$(BIN)/python -m pytest -q -p no:xdist deploy/tests

# Load test (bench/load/): locust in its own virtualenv, against the local cluster, loopback only.
LOAD_USERS ?= 50
LOAD_TIME ?= 3m
bench-load: cluster-up
	test -x bench/load/.venv/bin/locust || ($(PYTHON) -m venv bench/load/.venv && bench/load/.venv/bin/pip install --quiet -r bench/load/requirements.txt)
	bench/load/run --users $(LOAD_USERS) --time $(LOAD_TIME)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache test-artifacts
