"""Rule-based entity mentions: lexicon names, abbreviation definitions and typed noun phrases.

Writes ``doc.spans["kg_mentions"]``: each span's ``label_`` is a kg entity type and
``Span._.kg_source`` / ``_.kg_score`` / ``_.kg_proposed`` say where it came from, how
sure the rule is, and whether the paper proposes it.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from .lexicon import lexicon_matchers
from .vocabulary import (GENERIC_HEADS, HEAD_TYPES, LEADING_NOISE, LEARNING_SETTINGS,
                         PRONOUNS, STOP_PHRASES, TRAILING_NOISE)

SPAN_KEY = "kg_mentions"
# Rule confidences: a curated name beats a definition, which beats a head-noun guess.
SCORE_LEXICON = 0.9
SCORE_ABBREVIATION = 0.8
SCORE_TYPED_HEAD = 0.6
SCORE_NAME = 0.5
SCORE_CONCEPT = 0.4
PRIORITY = {"lexicon": 3, "abbreviation": 2, "rule": 1, "model": 1}
DATASET_WORDS = frozenset({"dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora"})
EVALUATION_CUES = re.compile(r"experiment|evaluat|benchmark|dataset|test|result|accuracy", re.I)
_NOT_A_NAME = re.compile(r"://|www\.|\.(com|org|io|html?)\b|@|[\"“”]")
_NAME_LIKE = re.compile(r"(?:[A-Za-z].*\d)|(?:\d.*[A-Za-z])|(?:.[A-Z])|(?:^[A-Z]{2,})")


def register_extensions() -> None:
    for name, default in (("kg_source", "rule"), ("kg_score", 0.0), ("kg_proposed", False)):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


def is_name_like(word: str) -> bool:
    """Looks like a coined name: "BERT", "GPT-2", "ResNet", "LLaMA2", "bert2BERT" (not "32k")."""
    return (bool(_NAME_LIKE.search(word)) and sum(ch.isalpha() for ch in word) >= 2
            and not _NOT_A_NAME.search(word))


def singular(word: str) -> str:
    """Lower-case singular of an English noun or an acronym plural ("LLMs" -> "llm")."""
    lower = word.lower()
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        return lower[:-1]
    if len(lower) <= 3 or lower.endswith(("ss", "us", "is", "ics", "ous")):
        return lower
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith(("sses", "xes", "ches", "shes")):
        return lower[:-2]
    if lower.endswith("s"):
        return lower[:-1]
    return lower


def classify_phrase(words: list[str]) -> tuple[str, float] | None:
    """Entity type and score of a trimmed phrase, judged by its head word; None if vague."""
    if not words:
        return None
    head = singular(words[-1])
    two = f"{singular(words[-2])} {head}" if len(words) > 1 else ""
    head_type = HEAD_TYPES.get(two) or HEAD_TYPES.get(head)
    if head_type is None and "-" in head:
        head_type = HEAD_TYPES.get(head.rsplit("-", 1)[-1])
    named = any(is_name_like(w) for w in words)
    if _compact(words) in STOP_PHRASES:
        return None
    if head_type:
        if len(words) == 1 and (head in GENERIC_HEADS or head_type == "dataset"):
            return None
        if head_type == "dataset" and not any(is_name_like(w) or w[:1].isupper() for w in words):
            return None  # "large-scale datasets" names no dataset
        if head == "learning" and len(words) > 1 and words[-2].lower() in LEARNING_SETTINGS:
            return "task", SCORE_TYPED_HEAD
        if head_type in ("metric", "task", "dataset") and len(words) == 1 and not named:
            return head_type, SCORE_NAME
        return head_type, SCORE_TYPED_HEAD
    if named:
        return "method", SCORE_NAME
    if len(words) >= 2 and head not in GENERIC_HEADS:
        return "concept", SCORE_CONCEPT
    return None


def _compact(words: list[str]) -> str:
    return re.sub(r"[^a-z0-9]", "", " ".join(words[:-1] + [singular(words[-1])]).lower())


def trim_span(span: Span) -> Span | None:
    """Drop determiners, pronouns, evaluative words and stray punctuation at the edges."""
    doc = span.doc
    start, end = span.start, span.end
    # A chunk never spans a parenthesis: keep the part before it.
    for token in span:
        if token.text in "()[]" and token.i > start:
            end = token.i
            break
    if any(t.pos_ == "CCONJ" for t in doc[start:end]):
        return None  # coordinations ("CIFAR-100 and ImageNet datasets") hold several entities
    while start < end and (doc[start].lower_ in LEADING_NOISE or doc[start].is_punct
                           or doc[start].pos_ in ("DET", "PRON", "NUM", "CCONJ", "ADP")
                           or doc[start].lower_ in PRONOUNS):
        start += 1
    while end > start and (doc[end - 1].text in TRAILING_NOISE or doc[end - 1].is_punct
                           or doc[end - 1].pos_ in ("ADP", "CCONJ", "DET")):
        end -= 1
    if start >= end:
        return None
    return _whole_words(doc[start:end])


def _whole_words(span: Span) -> Span:
    """Grow a span to whole whitespace-delimited words ("Radiative" -> "Differentiable-Radiative")."""
    doc = span.doc
    start, end = span.start, span.end
    while start > 0 and not doc[start - 1].whitespace_ and doc[start - 1].text not in "([\"'" \
            and (doc[start - 1].text == "-" or doc[start].text == "-"):
        start -= 1
    while end < len(doc) and not doc[end - 1].whitespace_ and doc[end].text not in ")],;:.\"'" \
            and (doc[end].text == "-" or doc[end - 1].text == "-"):
        end += 1
    return doc[start:end]


@Language.factory("kg_entity_rules")
class EntityRules:
    """Typed mentions from the lexicon, abbreviation definitions and noun phrases."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.exact, self.folded, self.types = lexicon_matchers(nlp)

    def __call__(self, doc: Doc) -> Doc:
        candidates: dict[tuple[int, int], tuple[str, str, float]] = {}

        def offer(span: Span | None, label: str, source: str, score: float) -> None:
            if span is None or not span.text.strip() or _NOT_A_NAME.search(span.text) \
                    or span.text.count("(") != span.text.count(")"):
                return
            key = (span.start, span.end)
            old = candidates.get(key)
            if old is None or PRIORITY[source] > PRIORITY[old[1]]:
                candidates[key] = (label, source, score)

        lexicon_spans = self._lexicon(doc)
        for span, label in lexicon_spans:
            offer(span, label, "lexicon", SCORE_LEXICON)
        lexicon_label = {(s.start, s.end): label for s, label in lexicon_spans}
        short_forms = self._abbreviations(doc, offer, lexicon_label)
        for chunk in doc.noun_chunks:
            self._offer_chunk(chunk, offer, short_forms)
        for token in doc:
            if token.pos_ == "PROPN" and is_name_like(token.text) and len(token.text) > 1:
                span = _whole_words(doc[token.i:token.i + 1])
                label = short_forms.get(span.text, ("method", None))[0]
                offer(span, label, "rule", SCORE_NAME)

        spans = []
        for (start, end), (label, source, score) in sorted(candidates.items()):
            span = Span(doc, start, end, label=label)
            span._.kg_source = source
            span._.kg_score = score
            spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc

    def _lexicon(self, doc: Doc) -> list[tuple[Span, str]]:
        matches = list(self.exact(doc)) + list(self.folded(doc))
        found = []
        for match_id, start, end in matches:
            key = doc.vocab.strings[match_id]
            found.append((doc[start:end], self.types[key]))
        return found

    def _abbreviations(self, doc: Doc, offer, lexicon_label) -> dict[str, tuple[str, float]]:
        """Offer both halves of each definition; return short form -> (label, score)."""
        short_forms: dict[str, tuple[str, float]] = {}
        for long_start, long_end, short_start, short_end in getattr(doc._, "kg_abbreviations", []):
            long_span = doc.char_span(long_start, long_end, alignment_mode="expand")
            short_span = doc.char_span(short_start, short_end, alignment_mode="expand")
            if long_span is None or short_span is None:
                continue
            long_span = trim_span(long_span) or long_span
            label = lexicon_label.get((long_span.start, long_span.end)) \
                or lexicon_label.get((short_span.start, short_span.end))
            if label is None:
                typed = classify_phrase([t.text for t in long_span if not t.is_punct] or [long_span.text])
                label = typed[0] if typed else "concept"
            offer(long_span, label, "abbreviation", SCORE_ABBREVIATION)
            offer(short_span, label, "abbreviation", SCORE_ABBREVIATION)
            short_forms[short_span.text] = (label, SCORE_ABBREVIATION)
            if not short_span.text.endswith("s"):
                short_forms[short_span.text + "s"] = (label, SCORE_ABBREVIATION)
        for token in doc:
            if token.text in short_forms:
                label, score = short_forms[token.text]
                offer(doc[token.i:token.i + 1], label, "abbreviation", score)
        return short_forms

    def _offer_chunk(self, chunk: Span, offer, short_forms) -> None:
        span = trim_span(chunk)
        if span is None:
            return
        words = span.text.split()
        if span.text in short_forms:
            return
        # "the MetaMathQA dataset" names the dataset "MetaMathQA".
        if len(words) >= 2 and words[-1].lower() in DATASET_WORDS and \
                all(is_name_like(w) or w[:1].isupper() for w in words[:-1]):
            name = span.doc.char_span(span.start_char, span.start_char + len(" ".join(words[:-1])),
                                      alignment_mode="expand")
            offer(name, "dataset", "rule", SCORE_TYPED_HEAD)
            return
        typed = classify_phrase(words)
        if typed is None:
            return
        label, score = typed
        if label == "method" and len(words) == 1 and _after_evaluation_on(span):
            label = "dataset"
        offer(span, label, "rule", score)


def _after_evaluation_on(span: Span) -> bool:
    """A coined name right after "on" in a sentence about experiments is a dataset."""
    if span.start == 0 or span.doc[span.start - 1].lower_ not in ("on", "across"):
        return False
    return bool(EVALUATION_CUES.search(span.sent.text))
