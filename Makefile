# Two commands do everything: `make lab` and `make test`.
# Both first run `setup`, which builds .venv from the pinned requirements.txt
# and does nothing when .venv is already current (a stamp on the file's hash).

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
REQHASH := $(shell sha256sum requirements.txt 2>/dev/null | cut -c1-16)
STAMP   := $(VENV)/.installed-$(REQHASH)
NB      ?= $(sort $(wildcard notebooks/[0-9]*.ipynb))

.PHONY: lab setup test notebooks snapshots model bench mutation book requirements clean help

help:
	@echo "make lab        set up .venv (if needed) and open JupyterLab on notebooks/"
	@echo "make test       set up .venv (if needed) and run every test, nbval included"
	@echo "make notebooks  re-execute every notebook in place, in order (NB=... for some)"
	@echo "make snapshots  rewrite the exact snapshots of annotate and of the figures in tests/fixtures/ (then read git diff)"
	@echo "make model      retrain the entity recognizer data/ner/model.crfsuite and its card (minutes, one core)"
	@echo "make bench      run the benchmarks in benchmarks/"
	@echo "make mutation   mutation testing of helpers/ with mutmut (MODULE=cleaning for one stage, JOBS=1)"
	@echo "make book       render the executed notebooks to build/html/"
	@echo "make requirements  recompile requirements.txt + environment.yml from pyproject.toml"

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

lab: setup
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

test: setup
	$(BIN)/python -m pytest

notebooks: setup
	$(BIN)/python tools/run_notebooks.py $(NB)

snapshots: setup
	$(BIN)/python tools/snapshot_annotations.py
	$(BIN)/python tools/snapshot_figures.py
	@git --no-pager diff --stat -- tests/fixtures/snapshots tests/fixtures/figures || true

model: setup
	$(BIN)/python -m helpers.annotating.learned train

BENCHHASH  := $(shell cat benchmarks/requirements.txt benchmarks/requirements-nodeps.txt 2>/dev/null | sha256sum | cut -c1-16)
BENCHSTAMP := $(VENV)/.bench-installed-$(BENCHHASH)

$(BENCHSTAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r benchmarks/requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r benchmarks/requirements-nodeps.txt
	@rm -f $(VENV)/.bench-installed-*
	@touch $@

bench: setup $(BENCHSTAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || status=1; done; exit $${status:-0}

# Mutation testing (slow; not part of `make test`): tools/mutation.py runs mutmut in
# build/mutation/<MODULE or all>/ without xdist and nbval, and prints the score per module
# and every surviving mutant. MODULE=loading mutates helpers/loading.py or helpers/loading/;
# SURVIVORS=1 tests again only the last run's survivors, SAMPLE=200 SEED=19 a random sample.
MUTHASH  := $(shell sha256sum tools/requirements-mutation.txt 2>/dev/null | cut -c1-16)
MUTSTAMP := $(VENV)/.mutation-installed-$(MUTHASH)

$(MUTSTAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r tools/requirements-mutation.txt
	@rm -f $(VENV)/.mutation-installed-*
	@touch $@

mutation: setup $(MUTSTAMP)
	$(BIN)/python tools/mutation.py $(MODULE) --jobs $(or $(JOBS),1) $(if $(FRESH),--fresh) $(if $(ALSO),--also $(ALSO)) \
		$(if $(SURVIVORS),--survivors) $(if $(SAMPLE),--sample $(SAMPLE) --seed $(or $(SEED),19))

book: setup
	$(BIN)/python tools/build_book.py

requirements:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --extra test --no-emit-index-url --no-emit-find-links --output-file requirements.txt pyproject.toml
	$(BIN)/python tools/make_environment_yml.py

clean:
	rm -rf $(VENV) build data/processed
