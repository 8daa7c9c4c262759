# GUSP platform. `make run` serves the platform on http://127.0.0.1:8000 with the Vitrolles charter;
# `make test` runs the whole suite. Everything installs into .venv from pyproject.toml.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run worker test test-fast quality format bench migrate demo vendor check-deploy clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 est requis ($(PYTHON) introuvable)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# Web server and a real Celery worker (with beat for the daily reminders) side by side, on the embedded
# filesystem broker when REDIS_URL is unset.
run: demo
	@echo "Plateforme GUSP : http://$(HOST):$(PORT)/  (Ctrl-C pour arrêter)"
	@$(VENV)/bin/celery -A gusp worker --beat --schedule var/celerybeat-schedule --loglevel=warning --pool=solo & \
	  worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(VENV)/bin/celery -A gusp worker --loglevel=info --pool=solo

# The whole suite: unit, HTTP, query-count, deploy-check, Celery-worker and browser tests.
test: install
	@scripts/ensure-test-deps
	$(PY) -m pytest -q

# Everything but the browser and worker tests, for a quick loop while coding.
test-fast: install
	$(PY) -m pytest -q -m "not browser and not worker"

quality: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/djlint --lint templates gusp/core/templates */templates
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	$(PY) scripts/bench.py
	$(PY) scripts/bench_syntheses.py

check-deploy: install
	DJANGO_SETTINGS_MODULE=gusp.settings.prod DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  DJANGO_ALLOWED_HOSTS=gusp.example.org $(PY) manage.py check --deploy --fail-level WARNING

# The database and the uploaded files, together in one dated archive of GUSP_BACKUP_DIR (var/backups/);
# `make backup KEEP=14` then keeps the 14 most recent. `make restore FILE=… [YES=1]` puts one back (it asks
# first when the database holds data; YES=1 answers yes).
.PHONY: backup restore
backup: install
	$(PY) manage.py backup $(if $(KEEP),--keep $(KEEP))

restore: install
	@test -n "$(FILE)" || { echo "Usage : make restore FILE=var/backups/gusp-backup-AAAAMMJJ-HHMMSS.tar.gz [YES=1]"; exit 2; }
	$(PY) manage.py restore "$(FILE)" $(if $(YES),--yes)

# Refresh the vendored front-end assets from the npm registry (they are committed: no CDN, no npm at run time).
vendor:
	npm install --no-audit --no-fund
	cp node_modules/@picocss/pico/css/pico.min.css static/vendor/pico/
	cp node_modules/@picocss/pico/LICENSE.md static/vendor/pico/
	mkdir -p static/vendor/leaflet/images static/vendor/idb-keyval
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE static/vendor/leaflet/
	cp node_modules/leaflet/dist/images/*.png static/vendor/leaflet/images/
	cp node_modules/idb-keyval/dist/umd.js static/vendor/idb-keyval/idb-keyval.umd.js
	cp node_modules/idb-keyval/LICENCE static/vendor/idb-keyval/
	# axe-core: only for the browser tests (injected into pages by tests/e2e), never served.
	mkdir -p tests/e2e/vendor/axe-core
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE tests/e2e/vendor/axe-core/

clean:
	rm -rf var/celery var/test-media .pytest_cache
