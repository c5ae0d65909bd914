# Two commands do everything on a fresh machine: `make report` and `make test`.
# Both create or refresh .venv from the pins on first use.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
KERNEL := vn-dx
TEST_JOBS ?= 2

.PHONY: help venv report pdf validate test lab lock clean clean-stamps fresh-check

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# The venv is rebuilt from the pins whenever a pin file is newer than it.
$(STAMP): requirements.txt requirements-lock.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -c requirements-lock.txt
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))" >/dev/null
	@touch $@
	@echo "venv ready: $(VENV) (kernel '$(KERNEL)')"

venv: $(STAMP) ## Create or refresh .venv from the pinned requirements

RAW_FILES := $(wildcard data/raw/*.csv)
PACKAGE := $(wildcard src/analysis/*.py)
# Stamps (in build/, not committed) record what ran: a fresh clone has none, so its first
# `make report` runs every step; later runs redo only the steps whose inputs changed.
VALIDATE_STAMP := build/validate.stamp
CLEAN_STAMP := build/01_clean.stamp
GROWTH_STAMP := build/02_growth.stamp
REPORT_STAMP := build/03_report.stamp
# Each step that runs notes itself here, so that `make report` can say when nothing needed doing.
RAN := build/.ran

# The province and languages of the PDF reports: `make report PROVINCE="Bắc Giang" LANG=vi`.
# LANG given on the command line picks the report language; the locale stays UTF-8 for the recipes.
PROVINCE ?= Bắc Kạn
REPORT_LANGS ?= en vi
ifeq ($(origin LANG),command line)
REPORT_LANGS := $(LANG)
override LANG := C.UTF-8
endif
export PYTHONUTF8 := 1
empty :=
space := $(empty) $(empty)
PDF_STAMP := build/pdf.$(subst $(space),_,$(PROVINCE)).$(subst $(space),_,$(REPORT_LANGS)).stamp

report: $(VALIDATE_STAMP) $(REPORT_STAMP) $(PDF_STAMP) ## Build everything that is stale: clean, growth/targets/checks, figures, PDFs (PROVINCE=…, LANG=en|vi)
	@if [ -e $(RAN) ]; then \
	  echo "report: ran $$(tr '\n' ' ' < $(RAN))"; rm -f $(RAN); \
	  echo "report: data/processed/: $$(($$(wc -l < data/processed/figures.csv) - 1)) clean figures, $$(($$(wc -l < data/processed/rejected.csv) - 1)) rejected; $$(($$(wc -l < data/processed/growth.csv) - 1)) growth rows, $$(($$(wc -l < data/processed/targets.csv) - 1)) targets, $$(($$(wc -l < data/processed/checks.csv) - 1)) checks; figures in reports/figures/, PDFs in reports/ ($(PROVINCE): $(REPORT_LANGS))."; \
	else echo "report: nothing to do, every output is up to date (make clean-stamps to rebuild)"; fi

pdf: $(PDF_STAMP) ## PDF reports of PROVINCE (default Bắc Kạn) in REPORT_LANGS (default: en vi)

validate: $(STAMP) ## Check the raw data layer (data/raw) and say what is wrong, by file, row and value
	$(PY) -m analysis validate

$(VALIDATE_STAMP): $(RAW_FILES) $(PACKAGE) $(STAMP)
	$(PY) -m analysis validate
	@mkdir -p $(@D) && touch $@ && echo validate >> $(RAN)

$(CLEAN_STAMP): notebooks/01_clean.ipynb $(VALIDATE_STAMP)
	$(PY) -m analysis run notebooks/01_clean.ipynb
	@mkdir -p $(@D) && touch $@ && echo 01_clean >> $(RAN)

$(GROWTH_STAMP): notebooks/02_growth.ipynb $(CLEAN_STAMP)
	$(PY) -m analysis run notebooks/02_growth.ipynb
	@mkdir -p $(@D) && touch $@ && echo 02_growth >> $(RAN)

# The committed report notebook, with the outputs of its defaults (Bắc Kạn, English).
$(REPORT_STAMP): notebooks/03_report.ipynb $(GROWTH_STAMP)
	$(PY) -m analysis run notebooks/03_report.ipynb
	@mkdir -p $(@D) && touch $@ && echo 03_report >> $(RAN)

$(PDF_STAMP): $(REPORT_STAMP)
	$(PY) -m analysis pdf --province "$(PROVINCE)" --lang $(REPORT_LANGS)
	@mkdir -p $(@D) && touch "$@" && echo pdf >> $(RAN)

test: $(STAMP) ## Run every test (package, data, notebooks with strict nbval)
	$(PY) -m pytest -n $(TEST_JOBS) --dist loadfile

lab: $(STAMP) ## Open JupyterLab on localhost (token login) with the project kernel
	$(BIN)/jupyter lab --ip=127.0.0.1 --no-browser --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root)

lock: ## Rewrite requirements-lock.txt from a fresh venv built from requirements.txt
	rm -rf /tmp/vn-dx-lock && $(PYTHON) -m venv /tmp/vn-dx-lock
	/tmp/vn-dx-lock/bin/pip install --quiet -r requirements.txt
	/tmp/vn-dx-lock/bin/pip freeze --exclude-editable | grep -v -E '^(pip|setuptools|wheel)==' > requirements-lock.txt
	rm -rf /tmp/vn-dx-lock

clean-stamps: ## Forget what ran: the next `make report` rebuilds every output
	rm -rf build

fresh-check: ## Clone HEAD into a temporary folder and run the README's two commands there, as a new user would
	bash scripts/fresh-clone-check

clean: ## Remove the venv, stamps and caches (data and reports stay)
	rm -rf $(VENV) build .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
