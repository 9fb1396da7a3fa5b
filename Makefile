# Two entry points: `make run` builds the sample graph, `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

SCIERC := ../shared/data/scierc
# Debian's Chromium drives the HTML tests (Playwright uses it; nothing is downloaded).
CHROMIUM := /usr/bin/chromium
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install bench model model-transformer model-relations model-roles evaluate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/kg build -o outputs --formats ttl,html,report

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# Static checks first (ruff lint and format, mypy on kg/), then the suite, doctests included.
test: install $(CHROMIUM)
	$(BIN)/ruff check kg tests benchmarks docs
	$(BIN)/ruff format --check kg tests benchmarks docs
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest --durations=25

bench: install
	$(BIN)/python benchmarks/bench_build.py

# Retrain the fast entity recogniser and tagger (kg/models/scierc_ner) on SciERC train plus SciREX
# passages labelled by the transformer recogniser, in two stages (the openings of the papers,
# then more of each paper); SciERC dev selects the checkpoint. About an hour on 2 cores.
model: install
	$(BIN)/python -m kg.train.distill ../shared/data/scirex/train build/scirex_teacher.spacy
	$(BIN)/python -m kg.train.distill ../shared/data/scirex/train build/scirex_teacher_4k.spacy --max-words 4000
	$(BIN)/kg train $(SCIERC)/train.json $(SCIERC)/dev.json --extra build/scirex_teacher.spacy \
		--max-steps 6000 -o build/fast_stage1
	$(BIN)/kg train $(SCIERC)/train.json $(SCIERC)/dev.json --extra build/scirex_teacher_4k.spacy \
		--max-steps 8000 --resume build/fast_stage1 -o kg/models/scierc_ner

# Retrain the transformer recogniser (kg/models/minilm_scierc): MiniLM on SciERC train + SciREX train,
# selected on SciERC dev; about 40 minutes on 2 CPU cores. Needs the train extra (torch).
model-transformer: install
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python -m kg.train.transformer $(SCIERC)/train.json $(SCIERC)/dev.json \
		--scirex ../shared/data/scirex/train --epochs 10 --batch-size 8 --learning-rate 8e-5 \
		--scirex-per-epoch 500

# Retrain the relation classifier (kg/models/relations) on SciERC train, on the fast
# recogniser's frozen encoder; SciERC dev selects each member's epoch and the threshold.
# Two steps: an ensemble of five members (the teacher, kept in build/), then the packaged
# member, which also learns the teacher's probabilities on the pairs of SciREX passages
# (distillation). About 8 minutes on 2 cores. Retrain it after `make model`: it reads that
# encoder's vectors. The component's threshold is then chosen end to end (meta.json).
model-relations: install
	$(BIN)/python -m kg.train.relations $(SCIERC)/train.json $(SCIERC)/dev.json \
		--members 5 -o build/relations-teacher
	$(BIN)/python -m kg.train.relations $(SCIERC)/train.json $(SCIERC)/dev.json \
		--teacher build/relations-teacher --unlabelled ../shared/data/scirex/train \
		--unlabelled-papers ../shared/seeds

# Retrain the role model (kg/models/roles), the learned second reading of the paper roles, on
# the tuning parts of kg's role annotations (never the held-out part): seeds papers, and
# SciREX abstracts (written out as JSONL first). Under a minute, with the extraction cached;
# retrain it after changing the role rules: it reads their decisions.
model-roles: install
	$(BIN)/python -m pip install --quiet scikit-learn
	$(BIN)/python benchmarks/roles/scirex_abstracts.py ../shared/data/scirex/train \
		build/scirex_abstracts.jsonl
	$(BIN)/python -m kg.train.roles benchmarks/roles/roles_tuning*.jsonl \
		benchmarks/roles/roles_scirex*.jsonl --seeds ../shared/seeds build/scirex_abstracts.jsonl

# Extraction quality of both recognisers: SciERC dev (span level) and kg's seeds gold (paper
# level), its tuning part and its held-out part (never tuned on) reported apart.
evaluate: install
	for m in fast transformer; do \
		$(BIN)/python -m kg.evaluate scierc $(SCIERC)/dev.json --entity-model $$m; \
		$(BIN)/python -m kg.evaluate gold benchmarks/gold/seeds_gold.jsonl --seeds ../shared/seeds --entity-model $$m; \
		$(BIN)/python -m kg.evaluate gold benchmarks/gold/seeds_heldout.jsonl --seeds ../shared/seeds --entity-model $$m; \
	done

clean:
	rm -rf $(VENV) outputs/graph.* build *.egg-info
