"""The lexicon of well-known names: kg/data/lexicon.tsv, plus users' own files in the same
format (``kg build --lexicon my_names.tsv``). Extraction matches it (``kg.extract.lexicon``);
linking reads it too."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import InputError
from ..files import MIB, read_user_text
from ..records import ENTITY_TYPES

PACKAGED_LEXICON = "data/lexicon.tsv"
MAX_NAME_CHARS = 200  # a name or alias; the packaged lexicon's longest is some 40
MAX_LEXICON_BYTES = 64 * MIB  # a user's lexicon file (the packaged one is under 1 MiB)
# Names and aliases of users' lexicons together: each is a pattern the extraction matches in
# every worker (a 3-paper build with 100,000 of them took 529 MB and 8 s; 300,000, 1.07 GB)
MAX_LEXICON_NAMES = 100_000


@dataclass(frozen=True)
class LexiconEntry:
    type: str
    name: str
    aliases: tuple[str, ...]


def parse_lexicon(text: str, name: str) -> tuple[LexiconEntry, ...]:
    """Entries of a lexicon file: ``type<TAB>name[<TAB>alias|alias...]`` per line, ``#``
    comments and blank lines allowed; a bad line raises ``InputError`` naming file and line."""
    from ..readers.common import clean_text

    entries = []
    # (lines end at a line feed only: a line separator or U+0085 inside a name is no line's
    # end, and the line numbers are those an editor shows)
    for number, raw in enumerate(text.split("\n"), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        # names cleaned as titles and abstracts are: controls and runs of spaces become one
        cells = [clean_text(cell) for cell in raw.rstrip("\r").split("\t")]
        if len(cells) < 2 or len(cells) > 3 or cells[0] not in ENTITY_TYPES or not cells[1]:
            raise InputError(
                "expected 'type<TAB>name<TAB>alias|alias' with type one of "
                f"{', '.join(ENTITY_TYPES)}",
                f"{name}:{number}",
            )
        aliases = tuple(
            a.strip() for a in (cells[2].split("|") if len(cells) > 2 else []) if a.strip()
        )
        if any(len(n) > MAX_NAME_CHARS for n in (cells[1], *aliases)):
            raise InputError(
                f"a name or alias longer than {MAX_NAME_CHARS} characters", f"{name}:{number}"
            )
        entries.append(LexiconEntry(cells[0], cells[1], aliases))
    return tuple(entries)


@lru_cache(maxsize=8)
def load_lexicon(extra_files: tuple[str, ...] = ()) -> tuple[LexiconEntry, ...]:
    """The packaged lexicon's entries, then those of ``extra_files`` (users' lexicons)."""
    packaged = resources.files("kg").joinpath(PACKAGED_LEXICON).read_text("utf-8")
    entries = list(parse_lexicon(packaged, "lexicon.tsv"))
    names = 0
    for path in extra_files:
        text = read_user_text(path, limit=MAX_LEXICON_BYTES, what="lexicon")
        added = parse_lexicon(text, str(path))
        names += sum(1 + len(entry.aliases) for entry in added)
        if names > MAX_LEXICON_NAMES:
            raise InputError(
                f"the lexicons given hold more than {MAX_LEXICON_NAMES:,} names and aliases, "
                "the most kg matches: keep the names your corpus needs",
                str(path),
            )
        entries.extend(added)
    return tuple(entries)
