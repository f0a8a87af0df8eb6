# Everything warledger needs is installed from the registries by these targets; nothing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= warledger.db
SEEDS := ../shared/seeds
CORPUS := examples/corpus

.PHONY: install demo test eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m warledger.extract.gazetteer
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/warledger ingest $(CORPUS) $(wildcard $(SEEDS)) --db $(DB)
	$(BIN)/warledger summary --db $(DB)
	@echo "List events:  $(BIN)/warledger events --db $(DB)"

test: install
	$(BIN)/python -m pytest

eval: install
	$(BIN)/python benchmarks/eval_all.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
