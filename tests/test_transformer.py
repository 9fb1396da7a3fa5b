"""The accurate recogniser: BIO decoding, windows, and the packaged ONNX tagger in kg's pipeline."""

from __future__ import annotations

import numpy as np
import pytest
import spacy

from kg.extract.transformer import (
    ACCURATE_MODEL_PATH,
    WINDOW_PIECES,
    bio_spans,
    decode_tags,
    sentence_windows,
)

TAGS = ("O", "B-Method", "I-Method", "B-Task", "I-Task")


def scores_for(*rows):
    return np.log(np.array(rows, dtype=float) + 1e-9)


def test_decoding_never_starts_an_entity_inside():
    # Word 0 prefers I-Method (invalid at the start), word 1 I-Method.
    scores = scores_for([0.3, 0.2, 0.5, 0, 0], [0.1, 0, 0.9, 0, 0])
    assert decode_tags(scores, TAGS) == ["B-Method", "I-Method"]


def test_decoding_does_not_continue_another_label():
    # B-Task then a word that prefers I-Method: I-Method may not follow B-Task.
    scores = scores_for([0, 0, 0, 1, 0], [0.3, 0, 0.6, 0, 0.1])
    tags = decode_tags(scores, TAGS)
    assert tags[0] == "B-Task" and tags[1] in ("O", "I-Task")


def test_bio_spans():
    assert bio_spans(["B-Method", "I-Method", "O", "B-Task", "B-Task", "I-Task"]) == [
        (0, 2, "Method"),
        (3, 4, "Task"),
        (4, 6, "Task"),
    ]
    assert bio_spans(["I-Task", "O"]) == [(0, 1, "Task")]
    assert bio_spans([]) == []


def test_windows_keep_sentences_whole_and_cut_long_ones():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("One two three. Four five six. " + "word " * 400 + ".")
    words = [t.i for t in doc if not t.is_space]
    counts = [1] * len(words)
    windows = list(sentence_windows(doc, counts, words))
    assert windows[0][:7] == list(range(7))  # the two short sentences packed together
    assert all(sum(counts[p] for p in w) <= WINDOW_PIECES - 2 for w in windows)
    assert [p for w in windows for p in w] == list(range(len(words)))  # every word once, in order


accurate = pytest.mark.skipif(
    not (ACCURATE_MODEL_PATH / "model.onnx").is_file(), reason="the accurate model is not packaged"
)


@accurate
def test_accurate_model_tags_scientific_entities():
    from kg.extract import Extractor
    from kg.settings import Settings

    extractor = Extractor(Settings(entity_model="accurate"))
    text = (
        "We propose a convolutional neural network for image classification and evaluate it on "
        "CIFAR-10, where it improves top-1 accuracy over ResNet-50."
    )
    found = {m.text: m.label for m in extractor.extract_text(text)}
    assert found.get("image classification") == "task"
    assert found.get("CIFAR-10") == "dataset"
    assert found.get("ResNet-50") == "method"
    assert any(m.source == "model" for m in extractor.extract_text(text))


@accurate
def test_accurate_model_survives_hostile_text():
    from kg.extract import Extractor
    from kg.settings import Settings

    extractor = Extractor(Settings(entity_model="accurate"))
    hostile = "x" * 5000 + " \n\n\t " + "https://example.org/" + "a/" * 400 + " BERT \u200b\u0000 é"
    mentions = extractor.extract_text(hostile)  # an overlong word, control characters, no sentences
    assert all(0 <= m.start < m.end <= len(hostile) for m in mentions)
    assert extractor.extract_text("") == []
