"""Typed entity mentions: the ``kg_entity_rules`` spaCy component.

``kg_entity_rules`` runs the candidate sources of ``kg.extract.candidates`` (the trained
model's spans, repaired and retyped, the lexicon, abbreviation definitions, noun-phrase
rules and coined names) and keeps the non-overlapping ones (``kg.extract.overlaps``) in
``doc.spans["kg_mentions"]``. Each span's ``label_`` is a kg entity type;
``Span._.kg_source`` / ``_.kg_score`` / ``_.kg_proposed`` / ``_.kg_model_label`` say where
it came from, how sure that source is, whether the paper proposes it, and what the model
called it. The model's Generic spans ("this method") go to ``doc.spans["kg_generic"]``.

Known names inside a longer mention ("Transformer" in "Transformer-based language model",
"BERT" in "BERT fine-tuning") go to ``doc.spans["kg_nested"]``: the flat mentions keep the
model's extent, and the graph still learns that the paper uses the Transformer.

The parts live in their own modules: ``words`` (word shapes), ``entity_types`` (typing
phrases), ``spans`` (span repair), ``candidates`` (the sources), ``overlaps`` (resolution).
To add a rule, follow the recipe in the docstring of ``kg/extract/candidates.py``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .candidates import (
    AbbreviationDefinitions,
    Candidate,
    CandidateSource,
    CoinedNames,
    Found,
    LexiconNames,
    ModelEntities,
    NounPhrases,
)
from .entity_types import (
    SCORE_ABBREVIATION,
    SCORE_LEXICON,
    SCORE_MODEL_DEFAULT,
    SCORE_NAME,
    SCORE_TYPED_HEAD,
)
from .overlaps import nested_names, resolve

__all__ = [
    "DEFAULT_SCORES",
    "GENERIC_KEY",
    "NESTED_KEY",
    "SPAN_KEY",
    "EntityRules",
    "register_extensions",
]

SPAN_KEY = "kg_mentions"
GENERIC_KEY = "kg_generic"
NESTED_KEY = "kg_nested"


def register_extensions() -> None:
    for name, default in (
        ("kg_source", "rule"),
        ("kg_score", 0.0),
        ("kg_proposed", False),
        ("kg_model_label", None),
    ):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    # which field a doc holds, and a title's text before sentence-casing
    for name in ("kg_field", "kg_original"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


DEFAULT_SCORES = {
    "lexicon": SCORE_LEXICON,
    "abbreviation": SCORE_ABBREVIATION,
    "model_default": SCORE_MODEL_DEFAULT,
    "dataset_phrase": SCORE_TYPED_HEAD,
    "coined_name": SCORE_NAME,
}


@Language.factory(
    "kg_entity_rules",
    default_config={"model_precision": {}, "lexicon_files": [], "scores": DEFAULT_SCORES},
)
class EntityRules:
    """Typed mentions from candidate sources, overlaps resolved by each source's priority.

    The sources, in the order they run: the lexicon, the trained model, abbreviation
    definitions, noun phrases and coined names (see each class in ``kg.extract.candidates``,
    and the recipe there for adding one). ``model_precision`` maps each model label to its
    precision on SciERC dev, the score of that label's mentions; ``lexicon_files`` are
    users' lexicons, read after the packaged one; ``scores`` are the rule sources'
    confidences. All three are config, saved with the pipeline.
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        model_precision: dict[str, float],
        lexicon_files: list[str],
        scores: dict[str, float],
    ) -> None:
        register_extensions()
        scores = {**DEFAULT_SCORES, **scores}
        self.sources: list[CandidateSource] = [
            LexiconNames(nlp, tuple(lexicon_files), scores["lexicon"]),
            ModelEntities(model_precision, scores["model_default"]),
            AbbreviationDefinitions(scores["abbreviation"]),
            NounPhrases(scores["dataset_phrase"]),
            CoinedNames(scores["coined_name"]),
        ]
        self.model_precision = dict(model_precision)

    def __call__(self, doc: Doc) -> Doc:
        found = Found(doc)
        for source in self.sources:
            source.find(found)
        priority = {s.source: s.priority for s in self.sources}
        kept = resolve(found.candidates, priority)
        doc.spans[SPAN_KEY] = [self._span(doc, c) for c in kept]
        doc.spans[NESTED_KEY] = [
            self._span(doc, c) for c in nested_names(found.candidates, kept, priority, doc)
        ]
        doc.spans[GENERIC_KEY] = found.generic
        return doc

    @staticmethod
    def _span(doc: Doc, candidate: Candidate) -> Span:
        span = Span(doc, candidate.start, candidate.end, label=candidate.label)
        span._.kg_source = candidate.source
        span._.kg_score = candidate.score
        span._.kg_model_label = candidate.model_label
        return span
