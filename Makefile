# studykit: `make reports` renders every report, `make test` runs every test.
# Both create .venv/ at the repository root on first use (Python 3.11 + pip, nothing else).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.studykit-installed
# JupyterLab (the server of the coding workbench) lives in a venv of its own: installed into .venv it would
# slow every report kernel (jupyter_server pulls rfc3987-syntax, ~1.5 s per process; benchmarks/README.md).
# Its python3 kernel is .venv's Python, so notebooks run with studykit and the render's libraries.
LABENV   := .venv-lab
LABSTAMP := $(LABENV)/.studykit-lab-installed
# The coding workbench is opened as your working copy (git-ignored): saving it from JupyterLab writes its
# outputs, widget state and study_id there, never into the tracked notebook. The coding itself goes to data/.
WORKBENCH := work/0-code-a-study.ipynb

.PHONY: help setup reports lint check test lab schema baseline chromium clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(LABSTAMP): pyproject.toml $(STAMP)
	test -x $(LABENV)/bin/python || $(PYTHON) -m venv $(LABENV)
	$(LABENV)/bin/python -m pip install --quiet --disable-pip-version-check \
	  $$($(BIN)/python -c 'import tomllib; print(" ".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["lab"]))')
	$(BIN)/python -m ipykernel install --prefix $(LABENV) --name python3 --display-name 'Python 3 (studykit)' >/dev/null
	touch $(LABSTAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "studykit needs Python 3.11, found " + sys.version.split()[0]'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)  ## create .venv and install studykit with its test tools

reports: $(STAMP)  ## validate the corpus and render every report into reports/ (open reports/index.html)
	$(BIN)/studykit validate
	$(BIN)/studykit render
	$(BIN)/studykit export --out reports/data

lint: $(STAMP)  ## ruff: lint and format check (configured in pyproject.toml)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

check: $(STAMP) lint  ## the quick inner loop: ruff, then the unit tier (tests/unit: no kernel, no browser)
	$(BIN)/python -m pytest tests/unit

test: $(STAMP) $(LABSTAMP) chromium lint  ## run every test: lint, unit and integration tiers (CLI, rendering, nbval, browser; JupyterLab too)
	$(BIN)/python -m pytest

chromium:  ## install Debian's Chromium for the browser tests (needs root and apt-get)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium for the browser tests (apt-get)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing and cannot be installed here (needs root + apt-get): browser tests will be skipped"; fi; }

baseline: $(STAMP)  ## after an intended change: re-run the notebooks and store their outputs (then review git diff notebooks/)
	$(BIN)/studykit baseline

$(WORKBENCH): notebooks/0-code-a-study.ipynb
	@mkdir -p $(@D)
	@if [ -f $@ ]; then echo "$@: refreshed from $< (it changed); your coding is in data/, not in this notebook"; fi
	cp $< $@

lab: $(LABSTAMP) $(WORKBENCH)  ## open JupyterLab (.venv-lab/, kernel = .venv) on your working copy of the coding workbench, work/0-code-a-study.ipynb
	$(LABENV)/bin/jupyter lab --ServerApp.root_dir=. $(if $(filter 0,$(shell id -u)),--allow-root )$(WORKBENCH)

schema: $(STAMP)  ## regenerate data/schema/study.schema.json and docs/data-dictionary.md after a schema or codebook change
	$(BIN)/studykit schema

clean:  ## remove generated reports (not the venv)
	rm -rf reports build
