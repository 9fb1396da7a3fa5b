"""The lexicon's spaCy matchers (the entries are read by ``kg.text.lexicon``)."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from ..text.lexicon import LexiconEntry, load_lexicon, parse_lexicon

__all__ = ["LexiconEntry", "case_sensitive", "lexicon_matchers", "load_lexicon", "parse_lexicon"]


def case_sensitive(name: str) -> bool:
    """Short names and acronyms must match exactly ("MATH" is not "math")."""
    return len(name) < 4 or name.isupper() or sum(ch.isupper() for ch in name) > 1


def lexicon_matchers(
    nlp: Language, extra_files: tuple[str, ...] = ()
) -> tuple[PhraseMatcher, PhraseMatcher, dict[str, str]]:
    """(exact matcher, case-insensitive matcher, match key -> type) for every name and alias."""
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    folded = PhraseMatcher(nlp.vocab, attr="LOWER")
    types: dict[str, str] = {}
    for entry in load_lexicon(tuple(extra_files)):
        for name in (entry.name, *entry.aliases):
            key = f"{entry.type}:{entry.name}"
            types[key] = entry.type
            matcher = exact if case_sensitive(name) else folded
            matcher.add(key, [nlp.make_doc(name)])
    return exact, folded, types
