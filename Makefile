# Two entry points: `make run` builds the sample graph, `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test install bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/kg build -o outputs

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf $(VENV) outputs/graph.* build *.egg-info
