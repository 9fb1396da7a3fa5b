"""benchmarks/ablate_recognisers.py: how its ensembles merge the two recognisers' spans."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Span

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "ablate_recognisers.py"


@pytest.fixture(scope="module")
def ablate():
    spec = importlib.util.spec_from_file_location("ablate_recognisers", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["ablate_recognisers"] = module
    spec.loader.exec_module(module)
    return module


def merged(ablate, fast, transformer, **config) -> list[tuple[int, int, str]]:
    """The ensemble's entities for one doc of ten words, given both recognisers' spans."""
    nlp = spacy.blank("en")
    combine = nlp.add_pipe("ablate_combine", config=config)
    doc = nlp.make_doc("w0 w1 w2 w3 w4 w5 w6 w7 w8 w9")
    doc.spans[ablate.FAST_KEY] = [Span(doc, s, e, label=label) for s, e, label in fast]
    doc.set_ents([Span(doc, s, e, label=label) for s, e, label in transformer])
    return [(e.start, e.end, e.label_) for e in combine(doc).ents]


FAST = [(0, 2, "Method"), (3, 4, "Task"), (6, 8, "Material")]
TRANSFORMER = [(0, 2, "Method"), (3, 5, "Task"), (7, 9, "Metric")]


def test_union_keeps_agreed_spans_then_the_preferred_recogniser(ablate):
    assert merged(ablate, FAST, TRANSFORMER, default="union") == [
        (0, 2, "Method"),
        (3, 5, "Task"),
        (7, 9, "Metric"),
    ]
    assert merged(ablate, FAST, TRANSFORMER, default="union", prefer="fast") == [
        (0, 2, "Method"),
        (3, 4, "Task"),
        (6, 8, "Material"),
    ]


def test_agreement_and_per_label_sources(ablate):
    assert merged(ablate, FAST, TRANSFORMER, default="agree") == [(0, 2, "Method")]
    rule = {"Task": "fast", "Metric": "transformer", "Material": "none"}
    assert merged(ablate, FAST, TRANSFORMER, policy=rule, default="agree") == [
        (0, 2, "Method"),
        (3, 4, "Task"),
        (7, 9, "Metric"),
    ]
    with pytest.raises(ValueError, match="policy"):
        merged(ablate, FAST, TRANSFORMER, default="majority")
