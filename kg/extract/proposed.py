"""Marks the names a paper proposes: "we propose X", "named X", and titles "X: …".

Runs after ``kg_entity_rules`` and sets ``Span._.kg_proposed`` on its mentions; a title
prefix that no rule found becomes a new mention.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from .rules import SCORE_NAME, SPAN_KEY, is_name_like, register_extensions
from .vocabulary import NAMING_WORDS, PROPOSAL_VERBS

MAX_TITLE_NAME_WORDS = 4
MAX_OBJECT_TOKENS = 15
CLAUSE_BREAKS = frozenset({";", ".", "which", "that", "where", "whose", "to", "for", "by", "with"})
GENERIC_TITLE_PREFIXES = frozenset({
    "survey", "review", "position", "tutorial", "overview", "perspective", "introduction",
    "rethinking", "revisiting", "benchmarking", "towards", "toward", "case study", "editorial",
})
_SUBJECTS = re.compile(r"\b(we|this (paper|work|study|report)|our (work|paper))\b", re.I)


def title_name(title: str) -> str | None:
    """The coined name in a title "Name: rest" or "Name (ABBR): rest", or None."""
    head, sep, rest = title.partition(":")
    if not sep or not rest.strip():
        return None
    head = head.strip()
    defined = re.search(r"\s*\(([^)]*)\)$", head)  # "Tiny Time Mixers (TTMs)" -> long form
    if defined:
        head = head[:defined.start()]
    words = head.split()
    if not words or len(words) > MAX_TITLE_NAME_WORDS or "," in head:
        return None
    if head.lower() in GENERIC_TITLE_PREFIXES or words[0].lower() in GENERIC_TITLE_PREFIXES:
        return None
    if len(words) == 1 or defined or any(_coined_word(w) for w in words):
        return head
    return None


def _coined_word(word: str) -> bool:
    """A word no title-casing explains: "LoRA-FAIR", "GPT-4", "bert2BERT" (not "Cross-Entropy")."""
    return any(len(part) > 1 and (any(ch.isdigit() for ch in part) or any(ch.isupper() for ch in part[1:]))
               for part in word.split("-"))


@Language.factory("kg_proposed_names")
class ProposedNames:
    """Flags proposed mentions; the title rule applies to docs whose ``Doc._.kg_field`` is "title"."""

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        if not Doc.has_extension("kg_field"):
            Doc.set_extension("kg_field", default=None)

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans[SPAN_KEY]) if SPAN_KEY in doc.spans else []
        if doc._.kg_field == "title":
            spans = self._title(doc, spans)
        else:
            for sentence in doc.sents:
                self._sentence(sentence, spans)
        doc.spans[SPAN_KEY] = spans
        return doc

    def _title(self, doc: Doc, spans: list[Span]) -> list[Span]:
        name = title_name(doc.text)
        if name is None:
            return spans
        start = doc.text.find(name)
        target = doc.char_span(start, start + len(name), alignment_mode="expand")
        if target is None:
            return spans
        for span in spans:
            if span.start == target.start and span.end == target.end:
                span._.kg_proposed = True
                return spans
        rest = doc.text.partition(":")[2].lower()
        label = "dataset" if re.search(r"\b(dataset|benchmark|corpus)\b", rest) else "method"
        span = Span(doc, target.start, target.end, label=label)
        span._.kg_source, span._.kg_score, span._.kg_proposed = "rule", SCORE_NAME, True
        return sorted(spans + [span], key=lambda s: (s.start, s.end))

    def _sentence(self, sentence: Span, spans: list[Span]) -> None:
        inside = [s for s in spans if s.start >= sentence.start and s.end <= sentence.end]
        if not inside:
            return
        regions = []
        if _SUBJECTS.search(sentence.text):
            for token in sentence:
                if token.lemma_.lower() in PROPOSAL_VERBS and token.pos_ in ("VERB", "AUX"):
                    regions.append((token.i + 1, _clause_end(token, sentence)))
        for token in sentence:
            if token.lower_ in NAMING_WORDS:
                regions.append((token.i + 1, min(token.i + 6, sentence.end)))
        for start, end in regions:
            coined = [s for s in inside if s.start >= start and s.end <= end and _coined(s)]
            if not coined:
                continue
            first = min(coined, key=lambda s: (s.start, -s.end))
            for span in coined:
                # The name, its longer or shorter variants at the same place, and its
                # abbreviation right after it: "Universally MBC (UMBC)".
                if span.start == first.start or (span._.kg_source == "abbreviation"
                                                 and 0 < span.start - first.end <= 2):
                    span._.kg_proposed = True


def _clause_end(verb, sentence: Span) -> int:
    """End of what a proposal verb introduces: its object, or the words up to a clause break."""
    objects = [c.right_edge.i + 1 for c in verb.children if c.dep_ in ("dobj", "obj", "attr", "oprd")]
    end = verb.i + 1
    while end < sentence.end and end - verb.i <= MAX_OBJECT_TOKENS and \
            sentence.doc[end].lower_ not in CLAUSE_BREAKS:
        end += 1
    return max([end] + objects)


def _coined(span: Span) -> bool:
    """Only names (or defined abbreviations) count as proposed, not generic phrases."""
    return span._.kg_source == "abbreviation" or any(is_name_like(t.text) for t in span)
