"""The lexicon of well-known names (kg/data/lexicon.tsv) and its spaCy matchers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from ..records import ENTITY_TYPES


@dataclass(frozen=True)
class LexiconEntry:
    type: str
    name: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def load_lexicon() -> tuple[LexiconEntry, ...]:
    """Entries of the packaged lexicon; raises ValueError on a malformed row."""
    text = resources.files("kg").joinpath("data/lexicon.tsv").read_text("utf-8")
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 2 or cells[0] not in ENTITY_TYPES:
            raise ValueError(f"lexicon.tsv:{number}: expected 'type<TAB>name<TAB>aliases'")
        aliases = tuple(a for a in (cells[2].split("|") if len(cells) > 2 else []) if a)
        entries.append(LexiconEntry(cells[0], cells[1], aliases))
    return tuple(entries)


def case_sensitive(name: str) -> bool:
    """Short names and acronyms must match exactly ("MATH" is not "math")."""
    return len(name) < 4 or name.isupper() or sum(ch.isupper() for ch in name) > 1


def lexicon_matchers(nlp: Language) -> tuple[PhraseMatcher, PhraseMatcher, dict[str, str]]:
    """(exact matcher, case-insensitive matcher, match key -> type) for every name and alias."""
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    folded = PhraseMatcher(nlp.vocab, attr="LOWER")
    types: dict[str, str] = {}
    for entry in load_lexicon():
        for name in (entry.name, *entry.aliases):
            key = f"{entry.type}:{entry.name}"
            types[key] = entry.type
            matcher = exact if case_sensitive(name) else folded
            matcher.add(key, [nlp.make_doc(name)])
    return exact, folded, types
