"""Training stage: SciERC conversion, and a short real training run through `kg train`."""

from __future__ import annotations

import json
import re

import pytest
import spacy
from conftest import FIXTURES, REPO, missing_shared_data, run_kg

from kg.errors import InputError
from kg.train import gold_to_docs
from kg.train.scierc import detokenize, read_scierc

SCIERC = REPO.parent / "shared" / "data" / "scierc"


def test_detokenize_restores_running_text_and_offsets():
    text, offsets = detokenize(["models", "-LRB-", "HMMs", "-RRB-", ",", "``", "bag", "''", "."])
    assert text == 'models (HMMs), " bag ".'
    assert [text[a:b] for a, b in offsets] == [
        "models",
        "(",
        "HMMs",
        ")",
        ",",
        '"',
        "bag",
        '"',
        ".",
    ]


def test_scierc_spans_become_character_offsets():
    first, second = read_scierc(FIXTURES / "scierc_mini.jsonl")
    assert first.text.startswith("We train hidden Markov models (HMMs) for part-of-speech tagging.")
    spans = {(first.text[s.start : s.end], s.label) for s in first.spans}
    assert ("hidden Markov models", "Method") in spans and ("HMMs", "Method") in spans
    assert ("Penn Treebank", "Material") in spans and ("Accuracy", "Metric") in spans
    assert {(second.text[s.start : s.end], s.label) for s in second.spans} == {
        ("approach", "Generic"),
        ("bag of words", "Method"),
    }


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
    deep = tmp_path / "deep.json"  # nested past Python's recursion limit
    deep.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(InputError, match=r"deep\.json:1: not a DyGIE SciERC record \(nested"):
        list(read_scierc(deep))


@pytest.mark.parametrize(
    "record, message",
    [
        ('"ner": [[[3, 1, "Method"]]]', "span [3, 1] is not within the record's 4 words"),
        ('"ner": [[[-1, -1, "Method"]]]', "span [-1, -1] is not within"),
        ('"ner": [[[2, 9, "Method"]]]', "span [2, 9] is not within"),
        ('"ner": [[[2, 2, 5]]]', "span [2, 2] has no label"),
        ('"ner": [[[2.0, 2, "Method"]]]', "span index 2.0 is no whole number"),
        (
            '"ner": [[[2, 2, "Method"]]], "relations": [[[2, 2, -4, 3, "USED-FOR"]]]',
            "relation [-4, 3]",
        ),
        (
            '"ner": [[[2, 2, "Method"]]], "relations": [[[2, 2, 3, 3, 7]]]',
            "relation [2, 2] has no label",
        ),
    ],
)
def test_a_span_outside_its_record_or_without_a_label_names_file_and_line(
    tmp_path, record, message
):
    bad = tmp_path / "bad.json"
    words = '"sentences": [["We", "use", "Zorblax", "."]]'
    bad.write_text(f'{{{words}, "ner": [[]]}}\n{{{words}, {record}}}\n')
    with pytest.raises(InputError, match=r"bad\.json:2: .*" + re.escape(message)):
        list(read_scierc(bad))


def test_a_record_without_words_or_with_spaces_in_a_word_is_refused(tmp_path):
    for words, message in (("[[]]", "it has no words"), ('[["Zor blax"]]', "is no token")):
        bad = tmp_path / "bad.json"
        bad.write_text(f'{{"sentences": {words}, "ner": [[]]}}\n')
        with pytest.raises(InputError, match=message):
            list(read_scierc(bad))


def test_kg_train_writes_a_loadable_model(tmp_path):
    """A few real training steps through the CLI: the packaged config, callbacks and writer work."""
    if not (SCIERC / "train.json").is_file():
        missing_shared_data("SciERC data", SCIERC)
    lines = (SCIERC / "train.json").read_text().splitlines()[:20]
    small = tmp_path / "train.json"
    small.write_text("\n".join(lines) + "\n")
    out = tmp_path / "model"
    result = run_kg(
        "train", str(small), str(FIXTURES / "scierc_mini.jsonl"), "-o", str(out), "--max-steps", "4"
    )
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stdout
    meta = json.loads((out / "meta.json").read_text())
    assert meta["name"] == "kg_scierc_ner" and "Method" in meta["labels"]["ner"]
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["tok2vec", "tagger", "ner"]  # one encoder for tags and entities
    doc = nlp("Hidden Markov models are used for tagging.")
    assert doc.has_annotation("TAG")


def test_kg_train_missing_file_is_one_line_error(tmp_path):
    result = run_kg(
        "train", str(tmp_path / "nope.json"), str(tmp_path / "dev.json"), "-o", str(tmp_path / "m")
    )
    assert result.returncode == 3
    assert result.stderr.strip().count("\n") == 0 and "no such file" in result.stderr


def test_kg_train_refuses_what_it_cannot_use_before_training(tmp_path):
    """-o on the user's folder deleted it after training; bad inputs were internal errors."""
    good = tmp_path / "tr.json"
    good.write_text(
        '{"doc_key": "d", "sentences": [["We", "use", "BERT", "."]], "ner": [[[2, 2, "Method"]]]}\n'
    )
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.tex").write_text("mine")
    afile = tmp_path / "afile.txt"
    afile.write_text("notes")
    latin = tmp_path / "latin.json"
    latin.write_bytes(b"\xff\xfe\x00x\n")
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "meta.json").write_text("{}")
    cases = [
        (["-o", str(precious)], 8, "no model kg train wrote"),
        (["-o", str(afile)], 8, "not a folder"),
        (["--max-steps", "-1", "-o", str(tmp_path / "m")], 2, "max_steps must be"),
        (["--resume", str(fake), "-o", str(tmp_path / "m")], 3, "not a model written by kg train"),
    ]
    for extra, status, message in cases:
        result = run_kg("train", str(good), str(good), *extra)
        assert result.returncode == status and message in result.stderr, result.stderr
        assert result.stderr.strip().count("\n") == 0
    result = run_kg("train", str(latin), str(good), "-o", str(tmp_path / "m"))
    assert result.returncode == 3 and "not UTF-8 text" in result.stderr, result.stderr
    empty = tmp_path / "empty.json"
    empty.write_text("\n")
    result = run_kg("train", str(good), str(empty), "-o", str(tmp_path / "m"))
    assert result.returncode == 3 and "no DyGIE SciERC record" in result.stderr, result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert (precious / "thesis.tex").read_text() == "mine" and afile.read_text() == "notes"
    # a trial run never falls back to writing over the packaged model: -o is required
    packaged = (REPO / "kg" / "models" / "scierc_ner" / "meta.json").read_bytes()
    result = run_kg("train", str(good), str(good))
    assert result.returncode == 2 and "required: -o/--out" in result.stderr, result.stderr
    assert (REPO / "kg" / "models" / "scierc_ner" / "meta.json").read_bytes() == packaged


def test_a_model_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch):
    import os

    import kg.train as training

    out = tmp_path / "out"
    out.mkdir()
    meta = {"name": training.MODEL_NAME, "kg_training_seconds": 1, "lang": "en"}
    (out / "meta.json").write_text(json.dumps(meta))
    assert training.written_by_kg_train(out)
    assert not training.written_by_kg_train(tmp_path)  # no meta.json
    other = tmp_path / "other"
    other.mkdir()
    (other / "meta.json").write_text(json.dumps({**meta, "name": "kg_mine"}))
    assert not training.written_by_kg_train(other)  # a user's pipeline named kg_...
    staged = tmp_path / "staged"
    staged.mkdir()
    (staged / "meta.json").write_text("{}")
    renames = []
    real = os.rename

    def failing_second(a, b):
        renames.append((a, b))
        if len(renames) == 2:
            raise OSError(13, "denied")
        real(a, b)

    monkeypatch.setattr(training.os, "rename", failing_second)
    with pytest.raises(OSError):
        training._replace_model(staged, out)
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other", "out", "staged"]
    assert json.loads((out / "meta.json").read_text()) == meta  # the earlier model, in place
    training._replace_model(staged, out)
    assert json.loads((out / "meta.json").read_text()) == {}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other", "out", "staged"]


def _scirex_paper(folder, name):
    words = [
        "section",
        ":",
        "Abstract",
        "We",
        "train",
        "ResNet",
        "-",
        "50",
        "on",
        "ImageNet",
        ".",
        "It",
        "reaches",
        "high",
        "top",
        "-",
        "1",
        "accuracy",
        ".",
    ]
    paper = {
        "words": words,
        "sentences": [[0, 11], [11, 19]],
        "ner": [[5, 8, "Method"], [9, 10, "Material"], [14, 18, "Metric"]],
    }
    (folder / name).write_text(json.dumps(paper), "utf-8")


def test_scirex_passages_read_as_running_text(tmp_path):
    from kg.train.distill import join_words, scirex_passages

    assert (
        join_words(["state", "-", "of", "-", "the", "-", "art", "models", "(", "SOTA", ")", "."])
        == "state-of-the-art models (SOTA)."
    )
    for name in ("a.json", "b.json"):
        _scirex_paper(tmp_path, name)
    passages = list(scirex_passages(tmp_path, passage_words=5, holdout=1))  # b.json is held out
    assert passages == [
        "Abstract We train ResNet-50 on ImageNet.",
        "It reaches high top-1 accuracy.",
    ]


def test_scirex_windows_carry_bio_tags(tmp_path):
    from kg.extract.transformer import TRANSFORMER_MODEL_PATH, load_tokenizer, pack_windows
    from kg.train.transformer import scirex_examples

    if not (TRANSFORMER_MODEL_PATH / "tokenizer.json").is_file():
        pytest.skip("the transformer model is not packaged")
    _scirex_paper(tmp_path, "a.json")
    (example,) = scirex_examples(
        [tmp_path / "a.json"], load_tokenizer(TRANSFORMER_MODEL_PATH / "tokenizer.json"), 100
    )
    tagged = [(w, t) for w, t in zip(example.words, example.tags) if t != "O"]
    assert tagged[:4] == [
        ("ResNet", "B-Method"),
        ("-", "I-Method"),
        ("50", "I-Method"),
        ("ImageNet", "B-Material"),
    ]
    assert example.head == "scirex"
    # windows pack whole sentences up to the budget and cut a sentence longer than it
    assert list(pack_windows([(0, 3), (3, 6)], [1] * 6, budget=4)) == [(0, 3), (3, 6)]
    assert list(pack_windows([(0, 6)], [1] * 6, budget=4)) == [(0, 4), (4, 6)]


def test_teacher_labels_use_the_base_tokens():
    from kg.extract.transformer import TRANSFORMER_MODEL_PATH
    from kg.train.distill import teacher_docs

    if not (TRANSFORMER_MODEL_PATH / "model.onnx").is_file():
        pytest.skip("the transformer model is not packaged")
    text = "We fine-tune BERT for named entity recognition and report F1 on CoNLL-2003."
    (doc,) = teacher_docs([text])
    assert doc.text == text and not doc.has_annotation("DEP")  # a plain tokenised doc, labels only
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("BERT") == "Method" and labels.get("named entity recognition") == "Task"


def test_papers_are_written_whole_or_not_at_all(tmp_path):
    from kg.train.abstracts import write_papers

    output = tmp_path / "papers.jsonl"
    rows = [{"key": "q1", "title": "Quill", "abstract": "Glyphs ü."}]
    assert write_papers(rows, output) == 1
    assert output.read_text("utf-8") == '{"key": "q1", "title": "Quill", "abstract": "Glyphs ü."}\n'

    def broken():
        yield {"key": "q2", "title": "Zarn", "abstract": "..."}
        raise ValueError("a bad source")

    with pytest.raises(ValueError):
        write_papers(broken(), tmp_path / "half.jsonl")
    assert list(tmp_path.iterdir()) == [output]  # nothing half-written, no temporary file
