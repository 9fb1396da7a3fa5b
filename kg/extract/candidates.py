"""Candidate sources: where typed mentions come from before overlaps are resolved.

``kg_entity_rules`` (``kg.extract.rules``) runs each source over a doc; a source offers
candidate spans to a shared ``Found``, which repairs them (``kg.extract.spans``) and keeps
them as ``Candidate`` records; ``kg.extract.overlaps`` then keeps the non-overlapping ones.
The packaged sources, in the order they run:

- ``LexiconNames``: well-known names of the packaged and users' lexicons (priority 1);
- ``ModelEntities``: the SciERC-trained recogniser's entities, ``doc.ents``, repaired and
  retyped (priority 0: trusted first for span boundaries);
- ``AbbreviationDefinitions``: both halves of "Long Form (ABBR)" and later uses of ABBR (2);
- ``NounPhrases``: "the X dataset" names X; without a model, phrases typed by head word (3);
- ``CoinedNames``: nouns shaped like coined names ("ChartMoE", "GPT-4") the model missed (3).

How to add a rule
-----------------
This is the one recipe; ``kg/extract/__init__.py``, ``kg/extract/rules.py`` and
docs/architecture.md point here.

1. An entity rule (a new way to find typed mentions) is a candidate source: a subclass of
   ``CandidateSource`` in this module with

   - ``source``: the name mentions from it carry in ``Mention.source`` (``"rule"`` or a
     new one);
   - ``priority``: how far its span boundaries are trusted when candidates overlap, 0
     first (the model 0, the lexicon 1, abbreviation definitions 2, noun-phrase rules 3);
   - one method, ``find(found)``, that offers spans with
     ``found.offer(span, type, self.source, score)``. It may read what earlier sources
     found: ``found.lexicon_label``, ``found.model_label``, ``found.short_forms``.

2. Add an instance to ``EntityRules.sources`` in ``kg/extract/rules.py``; that list is the
   order sources run in. A score users may tune is a key of ``DEFAULT_SCORES`` there
   (the component's ``scores`` config, saved with the pipeline the spaCy way), passed to
   the source's constructor. A new ``source`` name also goes in the tuple
   ``SOURCE_PRIORITY`` is built from, below (the default of ``overlaps.resolve``).
3. Word lists are data, not code: ``kg/data/vocabulary.toml`` (commented, no duplicates,
   checked by a test) and ``kg/data/lexicon.tsv``; a user's own names need no code at all
   (``kg build --lexicon my_names.tsv``).
4. Test it in ``tests/test_extract.py`` (``test_a_candidate_source_plugs_into_the_rules``
   plugs one in).

Anything that is not a source of entity mentions (a new extraction stage: relations,
results, proposals) is a spaCy component instead: a class registered with
``@Language.factory`` in a module of ``kg/extract``, imported in ``kg/extract/pipeline.py``
(``FACTORIES``) and named in ``KG_COMPONENTS`` in ``kg/extract/__init__.py``, in pipeline
order.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..text.vocabulary import DATASET_WORDS, HEAD_TYPES, NOT_METHODS, STOP_PHRASES
from ..text.words import (
    NOT_A_NAME,
    compact,
    is_generic,
    is_measure_at_cut_off,
    is_name_like,
    singular,
    spells_by_initials,
)
from .entity_types import MODEL_LABELS, after_evaluation_on, classify_phrase, model_type
from .lexicon import lexicon_matchers
from .spans import (
    definition_ends,
    repair_fragment,
    repair_model_span,
    spelled_number_of_a_name,
    split_coordinated_names,
    trim_span,
    unit_after_a_number,
    whole_words,
    with_definition,
    with_kind_after_definition,
    without_derivation,
)

_INFLECTED_VERB_TAGS = frozenset({"VBG", "VBD", "VBN", "VBZ"})  # bare "VB" is often a misread noun


@dataclass
class Candidate:
    """A proposed mention before overlaps are resolved."""

    start: int
    end: int
    label: str
    source: str
    score: float
    model_label: str | None = None
    nestable: bool = False  # a known name that may stand inside a longer mention
    rank: int | None = None  # how far its span is trusted, if not as far as its source's

    def crosses(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass
class Found:
    """What the candidate sources of one doc have found so far; later sources read the
    tables of earlier ones (the model yields to known names, abbreviations take the
    model's type, noun phrases skip defined short forms)."""

    doc: Doc
    candidates: list[Candidate] = field(default_factory=list)
    generic: list[Span] = field(default_factory=list)
    lexicon_label: dict[tuple[int, int], str] = field(default_factory=dict)
    model_label: dict[tuple[int, int], str] = field(default_factory=dict)
    short_forms: dict[str, tuple[str, float]] = field(default_factory=dict)

    def offer(
        self,
        span: Span | None,
        label: str,
        source: str,
        score: float,
        model_label: str | None = None,
        nestable: bool = False,
        rank: int | None = None,
    ) -> None:
        """Add a candidate mention, repaired (``repair_fragment``), unless it cannot be a name
        (a URL, unbalanced brackets, a number or a formula). ``rank``: a priority for this
        one candidate instead of its source's."""
        if span is None:
            return
        for piece in repair_fragment(span):
            if (
                not piece.text.strip()
                or NOT_A_NAME.search(piece.text)
                or piece.text.count("(") != piece.text.count(")")
            ):
                continue
            if label == "method" and singular(piece.text) in NOT_METHODS:
                label = "concept"  # "GPUs"
            self.candidates.append(
                Candidate(piece.start, piece.end, label, source, score, model_label, nestable, rank)
            )


class CandidateSource:
    """One source of candidate mentions. ``source`` names it in ``Mention.source``;
    ``priority`` is how far it is trusted to draw span boundaries when candidates overlap
    (0 first). Sources run in the order ``kg_entity_rules`` lists them."""

    source: str
    priority: int

    def find(self, found: Found) -> None:  # pragma: no cover - the interface
        raise NotImplementedError


class LexiconNames(CandidateSource):
    """Well-known names of the packaged lexicon and users' lexicons."""

    source, priority = "lexicon", 1

    def __init__(self, nlp: Language, lexicon_files: tuple[str, ...], score: float) -> None:
        self.exact, self.folded, self.types = lexicon_matchers(nlp, lexicon_files)
        self.score = score

    def find(self, found: Found) -> None:
        doc = found.doc
        for match_id, start, end in list(self.exact(doc)) + list(self.folded(doc)):
            span = doc[start:end]
            grown = without_derivation(whole_words(span))
            if (grown.start, grown.end) != (start, end):
                continue  # "CIFAR10" inside "CIFAR10-C" is another dataset
            label = self.types[doc.vocab.strings[match_id]]
            if label == "method" and names_data_after(doc, end):
                # "the Quill and Daily Glyph news data": a word of a name of data (a task's
                # name before "datasets" says what the data is for, and stays)
                continue
            found.offer(span, label, self.source, self.score, nestable=True)
            found.lexicon_label[(span.start, span.end)] = label


class ModelEntities(CandidateSource):
    """The trained recogniser's entities (``doc.ents``), repaired and typed. It was trained
    on the field's annotation convention, so it draws span boundaries first."""

    source, priority = "model", 0

    def __init__(self, precision: dict[str, float], default_score: float) -> None:
        self.precision, self.default_score = dict(precision), default_score

    def find(self, found: Found) -> None:
        definitions = definition_ends(found.doc)
        known = sorted(found.lexicon_label)
        for entity in found.doc.ents:
            if entity.label_ == "Generic":
                found.generic.append(entity)
                continue
            if entity.label_ not in MODEL_LABELS:
                continue  # e.g. OntoNotes labels of a general-purpose pipeline
            repaired = repair_model_span(entity)
            if repaired is None:
                continue
            model_label = _head_entity_label(found.doc, entity, repaired)
            repaired = with_kind_after_definition(
                with_definition(repaired, definitions), definitions
            )
            if _yields_to_lexicon(repaired, found.lexicon_label, known):
                continue
            for span in split_coordinated_names(repaired):
                if len(span) == 1 and span[0].tag_ in _INFLECTED_VERB_TAGS:
                    continue  # "predicting", "trained": a verb form is no entity
                if is_generic([t.text for t in span]):
                    found.generic.append(span)
                    continue
                label = found.lexicon_label.get((span.start, span.end)) or model_type(
                    span, model_label
                )
                score = self.precision.get(model_label, self.default_score)
                found.offer(span, label, self.source, score, model_label)
                found.model_label[(span.start, span.end)] = label


def _head_entity_label(doc: Doc, entity: Span, repaired: Span) -> str:
    """The recogniser's label for a repaired entity: its own, or, where the repair grew it
    over the next entity (an adjective cut from its noun, "X-free" + "glyph sampling"), the
    label of that entity, whose words hold the head."""
    if repaired.end > entity.end:
        for other in doc.ents:
            if (
                other.start >= entity.end
                and other.end == repaired.end
                and other.label_ in MODEL_LABELS
            ):
                return other.label_
    return entity.label_


# Words a name of data may end in besides DATASET_WORDS ("news data", "test set").
_DATA_ENDINGS = frozenset({"data", "set", "sets"})
_JOINING = frozenset({"and", "&", "/"})
MAX_JOINED_NAME_WORDS = 3
_PLURAL_COLLECTIONS = frozenset(
    {"corpora"} | {w for w in DATASET_WORDS if w.endswith("s") and w[:-1] in DATASET_WORDS}
)


def one_collection_word(word: str) -> bool:
    """A word for one collection of data ("corpus", "benchmark"; not "corpora")."""
    lower = word.lower()
    return lower in DATASET_WORDS and lower not in _PLURAL_COLLECTIONS


def names_data_after(doc: Doc, end: int) -> bool:
    """Whether the words from token ``end`` on make the name before them a name of data: a
    word for one collection right after it that ends the phrase ("the Quill corpus"), or a
    data word after a capitalised name joined to it and at most one lower-case word ("Quill
    and Daily Glyph news data", "Quill / Zarn datasets"): the two names share the data
    word. Collections for it ("Quill benchmarks") or a longer phrase ("Quill benchmark
    problems") are not its name."""
    at = end
    data_words = DATASET_WORDS | _DATA_ENDINGS
    if at < len(doc) and doc[at].lower_ in _JOINING:
        at += 1
        joined = 0
        while at < len(doc) and doc[at].text[:1].isupper() and joined < MAX_JOINED_NAME_WORDS:
            at, joined = at + 1, joined + 1
        if not joined:
            return False
        if at < len(doc) and doc[at].is_lower and doc[at].lower_ not in data_words:
            at += 1  # "news"
        return at < len(doc) and doc[at].lower_ in data_words
    return (
        at < len(doc)
        and one_collection_word(doc[at].text)
        and not (at + 1 < len(doc) and doc[at + 1].pos_ in ("NOUN", "PROPN"))
    )


def _yields_to_lexicon(
    span: Span, lexicon_label: dict[tuple[int, int], str], known: list[tuple[int, int]]
) -> bool:
    """A model phrase gives way to the known names inside it when it lists several
    ("MNIST and CIFAR10 datasets") or wraps a known dataset ("CIFAR10 training images");
    ``known`` holds ``lexicon_label``'s spans in order."""
    first, past = bisect_left(known, (span.start, 0)), bisect_left(known, (span.end, 0))
    inside = [
        lexicon_label[(start, end)]
        for start, end in known[first:past]  # those that start in it (a long text has many)
        if end <= span.end and (start, end) != (span.start, span.end)
    ]
    if not inside:
        return False
    listed = any(t.pos_ == "CCONJ" or t.text == "," for t in span)
    # "PASCAL VOC 2007 dataset" is the name; a plural ("CIFAR10 datasets") ends a list
    names_dataset = span[-1].lower_ in DATASET_WORDS and singular(span[-1].text) == span[-1].lower_
    return listed or ("dataset" in inside and not names_dataset)


class AbbreviationDefinitions(CandidateSource):
    """Both halves of each "Long Form (ABBR)" definition, and later uses of the short form."""

    source, priority = "abbreviation", 2

    def __init__(self, score: float) -> None:
        self.score = score

    def find(self, found: Found) -> None:
        doc, short_forms = found.doc, found.short_forms
        definitions = definition_ends(doc)
        for long_start, long_end, short_start, short_end in getattr(doc._, "kg_abbreviations", []):
            long_span = doc.char_span(long_start, long_end, alignment_mode="expand")
            short_span = doc.char_span(short_start, short_end, alignment_mode="expand")
            if long_span is None or short_span is None:
                continue
            long_span = trim_span(long_span) or long_span
            if compact([t.text for t in long_span]) in STOP_PHRASES:
                continue  # "state-of-the-art (SOTA)"
            # initials that spell the short form: exactly the name, not a stretch of text
            spelled = spells_by_initials([t.text for t in long_span], short_span.text)
            label = _head_label(found, long_span) if spelled else None
            for table in (found.lexicon_label, found.model_label):
                label = (
                    label
                    or table.get((long_span.start, long_span.end))
                    or table.get((short_span.start, short_span.end))
                )
            if label is None:
                typed = classify_phrase(
                    [t.text for t in long_span if not t.is_punct] or [long_span.text]
                )
                label = typed[0] if typed else "concept"
            if spelled:
                # exactly the name: one mention with its parenthesis, as the model would
                # draw it ("Low-Rank Adaptation (LoRA)"), trusted over the model's pieces
                _, closing = definitions.get(long_span.end_char, (-1, None))
                whole = closing and doc.char_span(
                    long_span.start_char, closing, alignment_mode="expand"
                )
                found.offer(whole or long_span, label, self.source, self.score, rank=0)
            else:
                found.offer(long_span, label, self.source, self.score)
            found.offer(short_span, label, self.source, self.score)
            short_forms[short_span.text] = (label, self.score)
            if not short_span.text.endswith("s"):
                short_forms[short_span.text + "s"] = (label, self.score)
        for token in doc:
            if token.text in short_forms:
                label, score = short_forms[token.text]
                found.offer(doc[token.i : token.i + 1], label, self.source, score)


def _head_label(found: Found, long_span: Span) -> str | None:
    """The label of an earlier candidate that holds the end of ``long_span`` but not its
    start (its head part: "Human Feedback" of "Reinforcement Learning with Human Feedback",
    maybe with the parenthesis after it), if one does."""
    start, end = long_span.start, long_span.end
    for candidate in found.candidates:
        if start < candidate.start < end <= candidate.end:
            return candidate.label
    return None


class NounPhrases(CandidateSource):
    """Noun phrases: "the X dataset" names X; without a trained model, phrases typed by
    their head word (with one, they would only add noise to its spans)."""

    source, priority = "rule", 3

    def __init__(self, dataset_score: float) -> None:
        self.dataset_score = dataset_score

    def find(self, found: Found) -> None:
        typed_heads = not found.doc.has_annotation("ENT_IOB")
        for chunk in noun_phrases(found.doc):
            # With a model, only "the X dataset" is looked for.
            if typed_heads or any(t.lower_ in DATASET_WORDS for t in chunk[-2:]):
                self._chunk(chunk, found, typed_heads)

    def _chunk(self, chunk: Span, found: Found, typed_heads: bool) -> None:
        start, doc = chunk.start, chunk.doc
        while start > 0 and spelled_number_of_a_name(doc[start - 1], chunk.end):
            start -= 1  # "the One Billion Word benchmark": a parse may leave "One" out
        span = trim_span(doc[start : chunk.end])
        if span is None:
            return
        words = span.text.split()
        if span.text in found.short_forms:
            return
        # "the MetaMathQA dataset" names the dataset "MetaMathQA".
        if (
            len(words) >= 2
            and words[-1].lower() in DATASET_WORDS
            and all(is_name_like(w) or w[:1].isupper() for w in words[:-1])
        ):
            name = span.doc.char_span(
                span.start_char,
                span.start_char + len(" ".join(words[:-1])),
                alignment_mode="expand",
            )
            found.offer(name, "dataset", self.source, self.dataset_score)
            return
        if not typed_heads:
            return
        typed = classify_phrase(words)
        if typed is None:
            return
        label, score = typed
        if label == "method" and len(words) == 1 and after_evaluation_on(span):
            label = "dataset"
        found.offer(span, label, self.source, score)


_PHRASE_POS = frozenset({"NOUN", "PROPN", "ADJ", "NUM", "X", "SYM"})
_NOMINAL_POS = frozenset({"NOUN", "PROPN"})


def noun_phrases(doc: Doc) -> Iterator[Span]:
    """The doc's noun chunks; on a doc without a parse, the same read from POS tags: an
    optional determiner, then adjectives, numbers and nouns (hyphens inside), ending in a noun."""
    if doc.has_annotation("DEP"):
        yield from doc.noun_chunks
        return
    start = None
    for token in doc:
        if token.pos_ == "DET":
            start = token.i
        elif token.pos_ in _PHRASE_POS or (token.text == "-" and start is not None):
            start = token.i if start is None else start
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if token.pos_ in _NOMINAL_POS and (
                following is None or (following.pos_ not in _NOMINAL_POS and following.text != "-")
            ):
                yield doc[start : token.i + 1]
                start = None
        else:
            start = None


class CoinedNames(CandidateSource):
    """Nouns shaped like coined names ("ChartMoE", "GPT-4") the model missed (whether the
    tagger calls them proper or common nouns: "LLaMA-65B" is either)."""

    source, priority = "rule", 3

    def __init__(self, score: float) -> None:
        self.score = score

    def find(self, found: Found) -> None:
        doc = found.doc
        for token in doc:
            if (
                token.pos_ in ("PROPN", "NOUN")
                and is_name_like(token.text)
                and len(token.text) > 1
                and not unit_after_a_number(token)
            ):
                word = whole_words(doc[token.i : token.i + 1])
                span = without_derivation(word)
                # "pass@1", "top-5": a measure's shape or name, not a model's
                measure = (
                    is_measure_at_cut_off(span.text)
                    or HEAD_TYPES.get(span.text.lower()) == "metric"
                )
                default = "metric" if measure else "method"
                label = found.short_forms.get(span.text, (default, None))[0]
                found.offer(span, label, self.source, self.score, nestable=span is not word)


# The packaged sources' priorities, by Mention.source.
SOURCE_PRIORITY = {
    cls.source: cls.priority
    for cls in (ModelEntities, LexiconNames, AbbreviationDefinitions, NounPhrases, CoinedNames)
}
