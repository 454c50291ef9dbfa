# Two commands do all setup on a fresh machine: `make book` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: book pdf test test-fast test-pdf check validate serve lab clean lock bench lint

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

## book: validate the data, generate the bibliography and downloads, build _build/html (-W), check its links
book: $(STAMP)
	$(PY) scripts/build_book.py
	$(PY) scripts/check_links.py _build/html

## pdf: the book as a PDF, _build/pdf/alignment-survey.pdf, copied into the site (needs chromium)
pdf: $(STAMP)
	$(PY) scripts/build_book.py
	$(PY) scripts/build_pdf.py

## test: the whole test suite (unit, ingestion, book build, browser)
test: $(STAMP)
	$(PY) -m pytest

## test-fast: the tests that need no book build, no browser and no 50k scale run, on every core (under a minute)
test-fast: $(STAMP)
	HYPOTHESIS_PROFILE=fast $(PY) -m pytest -m "not book and not browser and not scale" -q -n auto

## test-pdf: the PDF edition's tests, left out of `make test` (they print the whole book)
test-pdf: $(STAMP)
	$(PY) -m pytest -m pdf

## check: the fast checks CI runs before building (lint, format, data, generated files, workflows)
check: $(STAMP)
	$(VENV)/bin/ruff check src tests scripts _ext bench
	$(VENV)/bin/ruff format --check src tests scripts _ext bench
	$(PY) scripts/papers.py validate
	$(PY) scripts/papers.py rekey
	$(PY) scripts/backfill_added.py --check
	$(PY) scripts/check_generated.py
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

## validate: check every record and table
validate: $(STAMP)
	$(PY) scripts/papers.py validate

## serve: serve the built site on http://127.0.0.1:8000
serve:
	$(PY) -m http.server 8000 --directory _build/html

## lab: JupyterLab with jupytext, so the .md chapters open as notebooks and save back as .md
lab: $(STAMP)
	JUPYTER_CONFIG_PATH=$(CURDIR)/.jupyter SURVEY_DATA_DIR=$(CURDIR)/data $(VENV)/bin/jupyter lab chapters/

## lock: re-resolve requirements.lock from pyproject.toml (maintainers)
lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile pyproject.toml --extra book --extra dev -o requirements.lock --python-version 3.11

## bench: one table of Lighthouse scores, page transfers, build times and scale figures, with targets
bench: $(STAMP) bench/node_modules/.package-lock.json
	$(PY) bench/run.py

bench/node_modules/.package-lock.json: bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund --silent

## lint: ruff only
lint: $(STAMP)
	$(VENV)/bin/ruff check src tests scripts _ext bench

clean:
	rm -rf _build _generated
