"""The transformer recogniser: BIO decoding, windows, and the packaged ONNX tagger in kg's pipeline."""

from __future__ import annotations

import numpy as np
import pytest
import spacy

from kg.errors import KgError
from kg.extract.transformer import (
    TRANSFORMER_MODEL_PATH,
    WINDOW_PIECES,
    argmax_tags,
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


def test_argmax_decoding_keeps_each_words_best_tag():
    # The Viterbi decoder would not start with I-Method; argmax does, and bio_spans opens a span.
    scores = scores_for([0.3, 0.2, 0.5, 0, 0], [0.1, 0, 0, 0, 0.9])
    assert argmax_tags(scores, TAGS) == ["I-Method", "I-Task"]
    assert bio_spans(argmax_tags(scores, TAGS)) == [(0, 1, "Method"), (1, 2, "Task")]
    assert argmax_tags(np.zeros((0, len(TAGS))), TAGS) == []


def windowed(mode: str) -> list[list[int]]:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("One two three. Four five six. " + "word " * 400 + ".")
    words = [t.i for t in doc if not t.is_space]
    return list(sentence_windows(doc, [1] * len(words), words, mode))


def test_sentence_windows_give_each_sentence_its_own_window():
    windows = windowed("sentence")
    assert windows[:2] == [list(range(4)), list(range(4, 8))]
    assert all(len(w) <= WINDOW_PIECES - 2 for w in windows)
    assert [p for w in windows for p in w] == list(range(sum(len(w) for w in windows)))


def test_abstract_windows_fill_the_budget_across_sentences():
    windows = windowed("abstract")
    assert [len(w) for w in windows[:-1]] == [WINDOW_PIECES - 2] * (len(windows) - 1)
    assert [p for w in windows for p in w] == list(range(sum(len(w) for w in windows)))
    with pytest.raises(ValueError, match="windows"):
        windowed("paragraph")


packaged = pytest.mark.skipif(
    not (TRANSFORMER_MODEL_PATH / "model.onnx").is_file(),
    reason="the transformer model is not packaged",
)


@packaged
def test_transformer_model_tags_scientific_entities():
    from kg.extract import Extractor
    from kg.settings import Settings

    extractor = Extractor(Settings(entity_model="transformer"))
    text = (
        "We propose a convolutional neural network for image classification and evaluate it on "
        "CIFAR-10, where it improves top-1 accuracy over ResNet-50."
    )
    found = {m.text: m.label for m in extractor.extract_text(text)}
    assert found.get("image classification") == "task"
    assert found.get("CIFAR-10") == "dataset"
    assert found.get("ResNet-50") == "method"
    assert any(m.source == "model" for m in extractor.extract_text(text))


@packaged
def test_transformer_model_survives_hostile_text():
    from kg.extract import Extractor
    from kg.settings import Settings

    extractor = Extractor(Settings(entity_model="transformer"))
    hostile = "x" * 5000 + " \n\n\t " + "https://example.org/" + "a/" * 400 + " BERT \u200b\u0000 é"
    mentions = extractor.extract_text(hostile)  # an overlong word, control characters, no sentences
    assert all(0 <= m.start < m.end <= len(hostile) for m in mentions)
    assert extractor.extract_text("") == []


@packaged
def test_transformer_model_settings_relabel_and_drop_spans():
    from kg.extract import load_pipeline
    from kg.settings import DEFAULT_MODEL

    nlp = load_pipeline.__wrapped__(DEFAULT_MODEL, "transformer", (), False)  # a copy to change
    text = "We evaluate ResNet-50 for image classification on CIFAR-10."
    shipped = {e.text: e.label_ for e in nlp(text).ents}
    nlp.replace_pipe(
        "kg_entities",
        "kg_transformer_entities",
        config={"decode": "argmax", "windows": "sentence", "labels": {"Material": "", "Task": "X"}},
    )
    changed = {e.text: e.label_ for e in nlp(text).ents}
    assert shipped.get("CIFAR-10") == "Material" and "CIFAR-10" not in changed
    assert shipped.get("image classification") == "Task"
    assert changed.get("image classification") == "X"
    with pytest.raises(KgError, match="decode"):
        nlp.replace_pipe("kg_entities", "kg_transformer_entities", config={"decode": "beam"})


@packaged
def test_a_docs_entities_do_not_depend_on_the_docs_batched_with_it(seeds_dir):
    """The int8 model scales its activations per run; each window runs alone, so a paper
    tags the same alone and among others (and the extraction cache keeps what any run gives).
    Real abstracts: with runs of many windows, some of these tagged differently."""
    from kg.extract import load_pipeline
    from kg.readers import read_papers
    from kg.settings import DEFAULT_MODEL

    nlp = load_pipeline(DEFAULT_MODEL, "transformer", (), False)
    texts = [paper.abstract for _, paper in zip(range(24), read_papers([seeds_dir]))]
    alone = [[(e.start, e.end, e.label_) for e in nlp(text).ents] for text in texts]
    together = [[(e.start, e.end, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]
    assert together == alone


@packaged
@pytest.mark.parametrize(
    "meta, tokenizer, onnx, reason",
    [
        ("[]", None, None, "meta.json's tags"),
        ('{"tags": 5}', None, None, "meta.json's tags"),
        ('{"tags": ["O"]}', None, None, "meta.json's tags"),
        ('{"tags": ["O", "B-Method"]}', None, None, "model.onnx scores"),
        (None, "{}", None, "tokenizer.json"),
        (None, None, "junk", "model.onnx"),
    ],
)
def test_a_damaged_transformer_model_folder_is_one_input_error(
    tmp_path, meta, tokenizer, onnx, reason
):
    """Each was an internal error (AttributeError, IndexError, onnxruntime's own) at the
    first text."""
    from kg.errors import InputError
    from kg.extract import Extractor
    from kg.settings import Settings

    folder = tmp_path / "model"
    folder.mkdir()
    for name, text in (("meta.json", meta), ("tokenizer.json", tokenizer), ("model.onnx", onnx)):
        target = folder / name
        if text is None:
            target.symlink_to(TRANSFORMER_MODEL_PATH / name)
        else:
            target.write_text(text)
    with pytest.raises(InputError, match=f"cannot load it as a transformer entity model.*{reason}"):
        Extractor(Settings(entity_model=str(folder))).extract_text("We propose Quillnet.")
