"""Extraction stage: spaCy pipeline -> typed mentions, abbreviations and proposed names.

The pipeline is a stock English spaCy pipeline (tagger, parser, lemmatizer; its
OntoNotes NER is dropped) plus kg's components, each registered with
``@Language.factory``: ``kg_abbreviations`` -> ``kg_entity_rules`` -> ``kg_proposed_names``.
To add a rule, write a component and add it in ``KG_COMPONENTS``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import KgError
from ..records import Abbreviation, Mention, Paper, PaperExtraction
from ..settings import DEFAULT_MODEL, Settings
from . import abbreviations, proposed, rules  # noqa: F401  (registers the factories)
from .rules import SPAN_KEY

KG_COMPONENTS = ("kg_abbreviations", "kg_entity_rules", "kg_proposed_names")
UNUSED_COMPONENTS = ("ner",)

__all__ = ["load_pipeline", "Extractor", "doc_mentions"]


@lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """The spaCy pipeline ``model`` with kg's components added (cached per model name)."""
    try:
        nlp = spacy.load(model, exclude=list(UNUSED_COMPONENTS))
    except OSError:
        raise KgError(f"spaCy pipeline {model!r} is not installed "
                      f"(install it with pip, or pass --model NAME_OR_PATH)") from None
    if "parser" not in nlp.pipe_names:
        raise KgError(f"spaCy pipeline {model!r} has no parser; kg needs one for noun phrases")
    for name in KG_COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def doc_mentions(doc: Doc, field: str = "abstract") -> tuple[tuple[Mention, ...], tuple[Abbreviation, ...]]:
    """Plain records for the mentions and abbreviation definitions in a processed doc."""
    mentions = []
    for span in doc.spans.get(SPAN_KEY, []):
        sentence = span.sent
        mentions.append(Mention(
            start=span.start_char, end=span.end_char, text=span.text, label=span.label_,
            source=span._.kg_source, score=round(float(span._.kg_score), 3),
            proposed=bool(span._.kg_proposed), field=field,
            sentence_start=sentence.start_char, sentence_end=sentence.end_char,
        ))
    abbreviations_found = tuple(
        Abbreviation(short=doc.text[s0:s1], long=doc.text[l0:l1], field=field, start=l0, end=s1 + 1)
        for l0, l1, s0, s1 in doc._.kg_abbreviations
    )
    return tuple(mentions), abbreviations_found


class Extractor:
    """Runs the extraction pipeline over free text or over papers (title and abstract)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.nlp = load_pipeline(self.settings.model)

    def extract_text(self, text: str) -> list[Mention]:
        """Mentions in one text; offsets index into ``text``."""
        doc = self.nlp(text)
        return list(doc_mentions(doc)[0])

    def extract_papers(self, papers: Iterable[Paper]) -> Iterator[PaperExtraction]:
        """One ``PaperExtraction`` per paper, in input order, streaming in batches."""

        def fields() -> Iterator[tuple[Doc, tuple[str, str]]]:
            for paper in papers:
                for name in ("title", "abstract"):
                    doc = self.nlp.make_doc(paper.text_of(name))
                    doc._.kg_field = name
                    yield doc, (paper.key, name)

        n_process = self.settings.workers
        docs = self.nlp.pipe(fields(), as_tuples=True, batch_size=self.settings.batch_size,
                             n_process=n_process)
        pending: list[Mention] = []
        pending_abbreviations: list[Abbreviation] = []
        for doc, (key, name) in docs:
            mentions, found = doc_mentions(doc, name)
            pending.extend(mentions)
            pending_abbreviations.extend(found)
            if name == "abstract":
                yield PaperExtraction(key, tuple(pending), tuple(pending_abbreviations))
                pending, pending_abbreviations = [], []
