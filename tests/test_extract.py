"""Extraction stage: abbreviations, phrase typing, proposed names, the public API."""

from __future__ import annotations

import pytest

import kg
from kg.extract.abbreviations import best_long_form, find_abbreviations, is_short_form
from kg.extract.proposed import title_name
from kg.extract.rules import classify_phrase, is_name_like, singular


def pairs(text):
    return [(text[a:b], text[c:d]) for a, b, c, d in find_abbreviations(text)]


@pytest.mark.parametrize("text, expected", [
    ("Large Language Models (LLMs) are popular.", [("Large Language Models", "LLMs")]),
    ("We use Low-Rank Adaptation (LoRA) here.", [("Low-Rank Adaptation", "LoRA")]),
    ("the eNTK, or empirical neural tangent kernels (eNTKs), is",
     [("empirical neural tangent kernels", "eNTKs")]),
    ("a signature LOS (LLM Output Signature) is", [("LLM Output Signature", "LOS")]),
])
def test_abbreviation_definitions_are_found(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize("text", [
    "results (p < 0.05) hold", "activations (e.g., ReLU, GELU) help", "we train (see Model) it",
    "graph neural networks (XYZ) fail",  # letters of XYZ are not in the long form
])
def test_non_definitions_are_ignored(text):
    assert pairs(text) == []


def test_short_form_rules():
    assert is_short_form("LLMs") and is_short_form("eNTK") and is_short_form("GPT-3")
    assert not is_short_form("Model") and not is_short_form("1999") and not is_short_form("x")
    assert best_long_form("NC", "Neural Consolidation") == 0
    assert best_long_form("NC", "random words") is None


@pytest.mark.parametrize("words, expected", [
    (["image", "classification"], "task"),
    (["continual", "learning"], "task"),
    (["reinforcement", "learning"], "method"),
    (["diffusion", "models"], "method"),
    (["MetaMathQA", "dataset"], "dataset"),
    (["top-1", "accuracy"], "metric"),
    (["ResNet-50"], "method"),
    (["data", "contamination"], "concept"),
])
def test_phrases_are_typed_by_head(words, expected):
    assert classify_phrase(words)[0] == expected


@pytest.mark.parametrize("words", [
    ["method"], ["approach"], ["framework"], ["performance"], ["large-scale", "datasets"],
    ["state-of-the-art"], ["network"],
])
def test_vague_phrases_are_dropped(words):
    assert classify_phrase(words) is None


def test_name_and_plural_helpers():
    assert is_name_like("BERT") and is_name_like("GPT-2") and is_name_like("bert2BERT")
    assert not is_name_like("Network") and not is_name_like("32k") and not is_name_like("https://x.io")
    assert [singular(w) for w in ("LLMs", "models", "analysis", "dynamics", "strategies")] == \
        ["llm", "model", "analysis", "dynamics", "strategy"]


@pytest.mark.parametrize("title, name", [
    ("LoGAH: Predicting Transformers with Graph HyperNetworks", "LoGAH"),
    ("Lookahead: An Inference Acceleration Framework", "Lookahead"),
    ("Tiny Time Mixers (TTMs): Fast Pre-trained Models", "Tiny Time Mixers"),
    ("Train Once, Forget Precisely: Anchored Optimization", None),
    ("Survey: Methods for Things", None),
    ("Cross-Entropy Loss Functions: Theoretical Analysis", None),
    ("Plain Title Without Colon", None),
])
def test_title_names(title, name):
    assert title_name(title) == name


def test_extract_api_offsets_labels_and_proposed():
    text = ("We propose FooNet, a convolutional neural network (CNN) evaluated on the "
            "CIFAR-10 dataset, reporting top-1 accuracy on image classification.")
    mentions = kg.extract(text)
    found = {(m.text, m.label) for m in mentions}
    assert ("CIFAR-10", "dataset") in found
    assert ("convolutional neural network", "method") in found and ("CNN", "method") in found
    assert ("image classification", "task") in found
    assert any(m.label == "metric" and "accuracy" in m.text for m in mentions)
    assert [m.text for m in mentions if m.proposed] == ["FooNet"]
    for m in mentions:
        assert text[m.start:m.end] == m.text
        assert m.source in {"lexicon", "rule", "abbreviation", "model"}
        assert 0 < m.score <= 1


def test_extraction_of_papers_keeps_fields_apart(extractor):
    paper = kg.Paper(title="SparseFlow: Pruning Flows", abstract="We use BERT on GLUE.")
    (result,) = extractor.extract_papers([paper])
    by_field = {m.field: m for m in result.mentions if m.proposed}
    assert by_field["title"].text == "SparseFlow"
    for m in result.mentions:
        assert paper.text_of(m.field)[m.start:m.end] == m.text


def test_unknown_model_is_a_clear_error():
    with pytest.raises(kg.KgError, match="not installed"):
        kg.extract("text", model="no_such_pipeline_xyz")
