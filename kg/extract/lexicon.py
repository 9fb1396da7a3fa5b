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
    """(exact matcher, case-insensitive matcher, match key -> type) for every name and alias.

    A name or alias several entries give is matched for one of them, the last (a user's
    lexicon, read after the packaged one, retypes a name): each of thousands of entries
    sharing "the" made every "the" of a text thousands of matches."""
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    folded = PhraseMatcher(nlp.vocab, attr="LOWER")
    types: dict[str, str] = {}
    owner: dict[tuple[bool, str], str] = {}  # (case-sensitive, phrase as matched) -> key
    for entry in load_lexicon(tuple(extra_files)):
        key = f"{entry.type}:{entry.name}"
        types[key] = entry.type
        for name in (entry.name, *entry.aliases):
            sensitive = case_sensitive(name)
            owner[(sensitive, name if sensitive else name.lower())] = key  # the last entry's
    for (sensitive, name), key in owner.items():
        (exact if sensitive else folded).add(key, [nlp.make_doc(name)])
    return exact, folded, types
