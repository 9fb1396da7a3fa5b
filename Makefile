# Two entry points: `make run` builds the sample graph, `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

SCIERC := ../shared/data/scierc
# Debian's Chromium drives the HTML tests (Playwright uses it; nothing is downloaded).
CHROMIUM := /usr/bin/chromium
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install bench model evaluate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/kg build -o outputs

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

test: install $(CHROMIUM)
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/bench_build.py

# Retrain the packaged entity recogniser (kg/models/scierc_ner) on SciERC train, select on dev.
model: install
	$(BIN)/kg train $(SCIERC)/train.json $(SCIERC)/dev.json

# Extraction quality: SciERC dev (span level) and kg's seeds gold (paper level).
evaluate: install
	$(BIN)/python -m kg.evaluate scierc $(SCIERC)/dev.json
	$(BIN)/python -m kg.evaluate gold benchmarks/gold/seeds_gold.jsonl --seeds ../shared/seeds

clean:
	rm -rf $(VENV) outputs/graph.* build *.egg-info
