# Everything warledger needs is installed from the registries by these targets; nothing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= warledger.db
SEEDS := ../shared/seeds

.PHONY: install demo test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m warledger.extract.gazetteer
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/warledger ingest examples/corpus $(wildcard $(SEEDS)) --db $(DB)
	$(BIN)/warledger summary --db $(DB)

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
