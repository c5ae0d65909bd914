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

.PHONY: help venv report pdf params validate docs test lab lock clean clean-stamps fresh-check

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

# `make report` runs `python -m analysis pipeline`: stamps in build/ (not committed) record what
# ran, so a fresh clone runs every step and later runs redo only the stale ones, in one process.
# The province and languages of the PDF reports: `make report PROVINCE="Bắc Giang" LANG=vi`.
# LANG given on the command line picks the report language; the locale stays UTF-8 for the recipes.
# The values reach the program as data: `$(value …)` keeps make from expanding them, the environment
# carries them, and the recipe quotes the shell variable, so no value is ever read as make or shell code.
PROVINCE ?= Bắc Kạn
REPORT_LANGS ?= en vi
ifeq ($(origin LANG),command line)
export VN_DX_LANGS := $(value LANG)
override LANG := C.UTF-8
else
export VN_DX_LANGS := $(value REPORT_LANGS)
endif
export VN_DX_PROVINCE := $(value PROVINCE)
# command-line variables are exported by make, expanded: the raw ones must not reach the environment
unexport PROVINCE REPORT_LANGS
export PYTHONUTF8 := 1

report: $(STAMP) ## Build what is stale: validate, clean, growth/targets/checks, figures, PDFs (PROVINCE=…, LANG=en|vi)
	$(PY) -m analysis pipeline --province "$$VN_DX_PROVINCE" --lang "$$VN_DX_LANGS"

params: ## Show PROVINCE and the report languages exactly as the program receives them
	@$(PY) -c 'import os; print(repr(os.environ["VN_DX_PROVINCE"]), repr(os.environ["VN_DX_LANGS"]))'

pdf: report ## PDF reports of PROVINCE (default Bắc Kạn) in REPORT_LANGS (default: en vi); the same as report

validate: $(STAMP) ## Check the raw data layer (data/raw) and say what is wrong, by file, row and value
	$(PY) -m analysis validate

docs: $(STAMP) ## Regenerate datapackage.json and data/README.md's data dictionary from the table declarations
	$(PY) -m analysis docs

test: $(STAMP) ## Run every test (package, data, notebooks with strict nbval)
	$(PY) -m pytest -n $(TEST_JOBS) --dist loadfile

lab: $(STAMP) ## Open JupyterLab on localhost (token login), in scratch/ (your notebooks: ignored by git and tests)
	@echo "JupyterLab opens in scratch/: new notebooks there are yours (git and make test ignore them); the pipeline's are in notebooks/"
	$(BIN)/jupyter lab --ip=127.0.0.1 --no-browser --notebook-dir=. --LabApp.default_url=/lab/tree/scratch $(if $(filter 0,$(shell id -u)),--allow-root)

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
