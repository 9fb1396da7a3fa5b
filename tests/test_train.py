"""Training stage: SciERC conversion, and a short real training run through `kg train`."""

from __future__ import annotations

import json

import pytest
import spacy

from kg.errors import InputError
from kg.train import gold_to_docs
from kg.train.scierc import detokenize, read_scierc

from conftest import FIXTURES, REPO, run_kg

SCIERC = REPO.parent / "shared" / "data" / "scierc"


def test_detokenize_restores_running_text_and_offsets():
    text, offsets = detokenize(["models", "-LRB-", "HMMs", "-RRB-", ",", "``", "bag", "''", "."])
    assert text == 'models (HMMs), " bag ".'
    assert [text[a:b] for a, b in offsets] == ["models", "(", "HMMs", ")", ",", '"', "bag", '"', "."]


def test_scierc_spans_become_character_offsets():
    first, second = read_scierc(FIXTURES / "scierc_mini.jsonl")
    assert first.text.startswith("We train hidden Markov models (HMMs) for part-of-speech tagging.")
    spans = {(first.text[s.start:s.end], s.label) for s in first.spans}
    assert ("hidden Markov models", "Method") in spans and ("HMMs", "Method") in spans
    assert ("Penn Treebank", "Material") in spans and ("Accuracy", "Metric") in spans
    assert {(second.text[s.start:s.end], s.label) for s in second.spans} == \
        {("approach", "Generic"), ("bag of words", "Method")}


def test_nested_gold_spans_keep_the_longest():
    nlp = spacy.blank("en")
    doc = next(gold_to_docs(nlp, read_scierc(FIXTURES / "scierc_mini.jsonl")))
    entities = [(e.text, e.label_) for e in doc.ents]
    assert ("hidden Markov models", "Method") in entities
    assert ("hidden Markov", "OtherScientificTerm") not in entities  # nested inside the Method


def test_malformed_scierc_line_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"sentences": [["a"]], "ner": [[[0, 0, "Task"]]]}\n{"sentences": 3}\n')
    with pytest.raises(InputError, match=r"bad\.json:2"):
        list(read_scierc(bad))


def test_kg_train_writes_a_loadable_model(tmp_path):
    """A few real training steps through the CLI: the packaged config, callbacks and writer work."""
    if not (SCIERC / "train.json").is_file():
        pytest.skip("shared SciERC data not found")
    lines = (SCIERC / "train.json").read_text().splitlines()[:20]
    small = tmp_path / "train.json"
    small.write_text("\n".join(lines) + "\n")
    out = tmp_path / "model"
    result = run_kg("train", str(small), str(FIXTURES / "scierc_mini.jsonl"), "-o", str(out),
                    "--max-steps", "4")
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stdout
    meta = json.loads((out / "meta.json").read_text())
    assert meta["name"] == "kg_scierc_ner" and "Method" in meta["labels"]["ner"]
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["ner"]
    nlp("Hidden Markov models are used for tagging.")


def test_kg_train_missing_file_is_one_line_error(tmp_path):
    result = run_kg("train", str(tmp_path / "nope.json"), str(tmp_path / "dev.json"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "no such file" in result.stderr
