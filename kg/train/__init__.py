"""Training kg's scientific-entity recogniser on SciERC (``make model`` or ``kg train``).

SciERC train is converted to spaCy ``DocBin`` files (tokenised by the base pipeline's
tokenizer, so training sees the tokens kg sees at run time, and tagged by the base
pipeline's tagger: silver tags), spaCy's trainer runs the config ``scierc_ner.cfg`` (the NER
and the tagger on one encoder, en_core_web_sm's tok2vec and tagger fine-tuned) with SciERC
dev for model selection only, and the best model is written, with its scores in
``meta.json``, to ``kg/models/scierc_ner`` (packaged with kg). At run time that one encoder
feeds both the tags the rules read and the entity recogniser.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from ..errors import InputError, OutputRefused, UsageError, check_count
from ..settings import BASE_MODEL
from .scierc import GoldDoc, read_scierc

CONFIG_PATH = Path(__file__).with_name("scierc_ner.cfg")
PACKAGED_MODEL = Path(__file__).resolve().parent.parent / "models" / "scierc_ner"
MODEL_NAME = "kg_scierc_ner"  # meta.json's name of every model kg train writes

__all__ = ["CONFIG_PATH", "PACKAGED_MODEL", "gold_to_docs", "train"]


def gold_to_docs(nlp: Language, gold_docs: Iterable[GoldDoc]) -> Iterator[Doc]:
    """spaCy docs with ``doc.ents`` set from gold spans; of nested spans the longest is kept."""
    for gold in gold_docs:
        doc = nlp.make_doc(gold.text)
        taken = [False] * len(doc)
        entities = []
        for span in sorted(gold.spans, key=lambda s: (s.start - s.end, s.start)):
            entity = doc.char_span(span.start, span.end, label=span.label, alignment_mode="expand")
            if entity is None or any(taken[entity.start : entity.end]):
                continue
            taken[entity.start : entity.end] = [True] * len(entity)
            entities.append(entity)
        doc.ents = sorted(entities, key=lambda e: e.start)
        yield doc


def add_silver_tags(docs: Iterable[Doc], tagger: Language) -> Iterator[Doc]:
    """The docs with fine tags predicted by ``tagger`` (the base pipeline): the shared encoder
    keeps learning the tags it has to feed the POS-based rules while it learns entities."""
    docs = list(docs)
    for doc, tagged in zip(docs, tagger.pipe(doc.text for doc in docs)):
        if [t.text for t in tagged] != [t.text for t in doc]:
            raise ValueError(f"tokenisation differs from the base pipeline's: {doc.text[:60]!r}")
        for token, tagged_token in zip(doc, tagged):
            token.tag_ = tagged_token.tag_
        yield doc


def _write_docbin(docs: Iterable[Doc], target: Path) -> int:
    docs = list(docs)
    DocBin(docs=docs, store_user_data=False).to_disk(target)
    return len(docs)


def written_by_kg_train(folder: Path) -> bool:
    """Whether ``folder`` holds a model ``kg train`` wrote (its meta.json says so)."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # (nested past Python's limit)
        return False
    return (
        isinstance(meta, dict)
        and meta.get("name") == MODEL_NAME
        and "kg_training_seconds" in meta
        and "lang" in meta
    )


def check_model_folder(output: Path) -> None:
    """Raise ``KgError`` unless a model can be written to ``output``: a folder not there
    yet, an empty one, or a model kg train wrote (which it replaces); never a file, nor a
    folder holding anything else (the user's)."""
    if not os.path.lexists(output):
        return
    if output.is_symlink() or not output.is_dir():
        raise OutputRefused(f"{output}: not a folder; give a folder for the model")
    if any(output.iterdir()) and not written_by_kg_train(output):
        raise OutputRefused(
            f"{output}: holds files that are no model kg train wrote; give another folder"
        )


def _replace_model(staged: Path, output: Path) -> None:
    """Put the model in ``staged`` at ``output``, replacing a model kg wrote there, by
    renames in the same folder (checked again: the folder may have changed while training);
    on any failure the earlier model stays where it was and nothing is left behind."""
    check_model_folder(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    old = None
    try:
        shutil.copytree(staged, new, dirs_exist_ok=True)
        if os.path.lexists(output):
            old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
            os.rmdir(old)
            os.rename(output, old)
        os.rename(new, output)
    except BaseException:
        if old is not None and not os.path.lexists(output):
            os.rename(old, output)  # the earlier model back in its place
            old = None
        shutil.rmtree(new, ignore_errors=True)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _some_records(path: str | Path) -> Iterator[GoldDoc]:
    """``read_scierc(path)``; ``InputError`` for a file without a record (spaCy would fail
    on it after printing its banner)."""
    empty = True
    for record in read_scierc(path):
        empty = False
        yield record
    if empty:
        raise InputError(f"{path}: no DyGIE SciERC record in it")


def train(
    train_path: str | Path,
    dev_path: str | Path,
    output: str | Path,
    *,
    base_model: str = BASE_MODEL,
    overrides: dict | None = None,
    config: str | Path = CONFIG_PATH,
    extra_train: str | Path | None = None,
    resume: str | Path | None = None,
) -> dict:
    """Train on ``train_path``, select on ``dev_path``, write the pipeline to ``output``.

    Returns the best model's dev scores and the training time. ``overrides`` change
    config values, e.g. ``{"training.max_steps": 500}``. ``extra_train`` is a DocBin of
    more labelled docs trained on alongside (``kg/train/distill.py`` makes one). ``resume``
    is a model this function wrote before: training continues from its weights.
    """
    from spacy.cli.train import train as spacy_train

    output = Path(os.path.abspath(output))  # ("-o ." names the folder, not a rename target)
    if output == output.parent:
        raise UsageError(f"{output}: give a folder for the model, not the file system's root")
    check_model_folder(output)  # before minutes of training
    if resume is not None and not written_by_kg_train(Path(resume)):
        raise InputError(f"{resume}: not a model written by kg train")
    # (0: no limit, as spaCy reads it; training stops when dev stops improving)
    check_count("max_steps", (overrides or {}).get("training.max_steps"), least=0, optional=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-train-") as tmp:
        folder = Path(tmp)
        if resume is not None:  # every component sourced from the earlier model
            resumed = spacy.util.load_config(config)
            for name in resumed["nlp"]["pipeline"]:
                resumed["components"][name] = {"source": str(Path(resume).resolve())}
            config = folder / "resume.cfg"
            resumed.to_disk(config)
        from ..extract import adapt_tokenizer

        tokenizer = adapt_tokenizer(
            spacy.blank("en") if base_model == "blank" else spacy.load(base_model)
        )
        pipeline = spacy.util.load_config(config)["nlp"]["pipeline"]
        if "tagger" in pipeline:  # a shared encoder that also tags: silver tags from the base
            base = adapt_tokenizer(spacy.load(base_model, exclude=["parser", "ner", "lemmatizer"]))
            tagged = lambda docs: add_silver_tags(docs, base)
        else:
            tagged = lambda docs: docs
        (folder / "train").mkdir()
        _write_docbin(
            tagged(gold_to_docs(tokenizer, _some_records(train_path))),
            folder / "train" / "scierc.spacy",
        )
        if extra_train is not None:
            try:
                extra = list(DocBin().from_disk(extra_train).get_docs(tokenizer.vocab))
            except (OSError, ValueError, KeyError, TypeError, zlib.error) as err:
                first = str(err).splitlines()[0] if str(err) else type(err).__name__
                raise InputError(f"{extra_train}: not a spaCy DocBin ({first:.120})") from None
            _write_docbin(tagged(extra), folder / "train" / "extra.spacy")
        _write_docbin(
            tagged(gold_to_docs(tokenizer, _some_records(dev_path))), folder / "dev.spacy"
        )
        settings = {
            "paths.train": str(folder / "train"),
            "paths.dev": str(folder / "dev.spacy"),
            "paths.base_model": base_model,
            **(overrides or {}),
        }
        spacy_train(Path(config), folder / "training", overrides=settings)
        best = folder / "training" / "model-best"
        nlp = spacy.load(best)
        if "tok2vec" in nlp.pipe_names and "tagger" not in nlp.pipe_names:
            # an encoder only the NER listens to: give the NER its own copy
            nlp.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
            nlp.remove_pipe("tok2vec")
        seconds = round(time.perf_counter() - started, 1)
        nlp.meta.update(
            {
                "name": MODEL_NAME,
                "version": "2.0.0",
                "description": "kg's fast scientific-entity recogniser (Method, Task, Metric, Material, "
                "OtherScientificTerm, Generic) and POS tagger on one shared encoder; "
                "trained on SciERC train (and SciREX passages labelled by kg's transformer "
                "recogniser), tags from the base pipeline; selected on SciERC dev.",
                "sources": [
                    {"name": "SciERC", "author": "Luan et al., EMNLP 2018"},
                    {
                        "name": f"{base_model} (tok2vec and tagger, fine-tuned)",
                        "author": "Explosion (MIT)",
                    },
                ]
                + (
                    [
                        {
                            "name": "SciREX passages labelled by kg's transformer recogniser",
                            "author": "Jain et al., ACL 2020 (Apache-2.0)",
                        }
                    ]
                    if extra_train is not None
                    else []
                ),
                "kg_training_seconds": seconds,
            }
        )
        staged = folder / "packaged"
        nlp.to_disk(staged)
        _replace_model(staged, output)
    scores = json.loads((output / "meta.json").read_text())["performance"]
    return {"seconds": seconds, "dev": scores}
