"""Reader for OpenAlex works: one work (the API's /works/W… answer), a JSON Lines file of
works (the snapshot's ``works`` parts, gzipped or not), or a page of the API's list
answer (``{"meta": …, "results": [...]}``, also one page per line).

OpenAlex gives no abstract text: it gives ``abstract_inverted_index``, each word with the
positions it stands at. The abstract is rebuilt by putting every word at its positions,
in order; a word may stand at several positions, positions may be missing (words
OpenAlex dropped), and a position claimed twice keeps the first word given for it.

Fields read: ``display_name`` (or ``title``), the abstract, ``publication_date`` (else
``publication_year``), ``authorships[].author.display_name`` (or ``raw_author_name``),
the work's OpenAlex id and DOI, and the arXiv id of an arXiv location. Works without an
abstract are common (publishers withhold many): they are skipped and counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

import orjson

from ..errors import InputError
from ..ids import ARXIV, DOI, OPENALEX, arxiv_id_in_text, identifiers
from ..records import Paper, Source
from ..registry import reader
from .common import (
    MAX_ABSTRACT_CHARS,
    OnInvalid,
    WithoutAbstract,
    checked,
    make_paper,
    stated_date,
)
from .jsondata import json_records

FORMAT = "openalex"
INDEX = "abstract_inverted_index"
# A work's own id, or its abstract index: what only OpenAlex works carry.
_MARKER = re.compile(r'"(?:id"\s*:\s*"https://openalex\.org/W\d+"|abstract_inverted_index"\s*:)')


def looks_like_openalex(head: str, name: str) -> float:
    """JSON whose first bytes hold an OpenAlex work id or an abstract index."""
    return 1.0 if head.startswith(("{", "[")) and _MARKER.search(head) else 0.0


@reader(FORMAT, suffixes=(), sniff=looks_like_openalex, binary=True)
def read_openalex(stream: BinaryIO, path: str, *, on_invalid: OnInvalid = None) -> Iterator[Paper]:
    """Yield one ``Paper`` per OpenAlex work that has an abstract.

    Parameters
    ----------
    stream : BinaryIO
        A work, JSON Lines of works, or API pages (UTF-8 JSON).
    path : str
        The file's name, for ``Source`` and messages.
    on_invalid : callable, optional
        Takes the ``InputError`` of a bad work (an empty or malformed abstract index, an
        unreadable date), which is then skipped; without it the first one raises.

    Yields
    ------
    Paper
        With ``external_id`` "openalex:W…" and ``ids`` (OpenAlex id, DOI, arXiv id).

    Warns
    -----
    InputWarning
        Once at the end of the file, counting the works that had no abstract.
    """
    without = WithoutAbstract(path)
    for number, record in json_records(stream, path, on_invalid, loads=orjson.loads):
        if isinstance(record, dict) and without.lacks(record.get(INDEX)):
            continue
        paper = checked(openalex_paper, on_invalid, record, Source(path, number, FORMAT))
        if paper is not None:
            yield paper
    without.report()


def openalex_paper(work: Any, source: Source) -> Paper:
    """The ``Paper`` of one OpenAlex work (a parsed JSON object)."""
    if not isinstance(work, dict):
        raise InputError(f"expected a work object, got {type(work).__name__}", str(source))
    date = stated_date(work.get("publication_date"), source, "publication_date") or stated_date(
        work.get("publication_year"), source, "publication_year"
    )
    found = identifiers(
        (OPENALEX, work.get("id")),
        (DOI, work.get("doi")),
        *((DOI, v) for v in _values(work.get("ids"), "doi")),
        (ARXIV, _arxiv_location(work)),
    )
    return make_paper(
        work.get("display_name") or work.get("title"),
        rebuild_abstract(work.get(INDEX), source),
        source,
        external_id=next((i for i in found if i.startswith(OPENALEX)), None),
        date=date,
        authors=_authors(work.get("authorships")),
        ids=found,
    )


def rebuild_abstract(index: object, source: Source | str = "") -> str:
    """The text of an OpenAlex ``abstract_inverted_index``, word for word.

    Parameters
    ----------
    index : dict
        Word -> list of the positions (whole numbers from 0) it stands at.
    source : Source or str
        Where the work was read, for messages.

    Returns
    -------
    str
        The words in the order of their positions, one space apart. A word at several
        positions appears at each; missing positions leave no trace; a position given
        for two words keeps the first.

    Raises
    ------
    InputError
        When the index is empty, not an object, holds a position that is no whole number
        of 0 or more, or makes a text of more than twice the characters an abstract may
        have (``make_paper`` checks the cleaned text's), found before the text is made.

    Examples
    --------
    >>> rebuild_abstract({"the": [0, 3], "model": [1], "beats": [2], "baseline.": [5]})
    'the model beats the baseline.'
    """
    if not isinstance(index, dict):
        raise InputError(f"{INDEX} is not an object of words and positions", str(source))
    if not index:
        raise InputError(f"{INDEX} is empty (the work has no abstract words)", str(source))
    placed: dict[int, str] = {}
    length = -1  # of the text so far, its spaces included
    for word, positions in index.items():
        if not isinstance(positions, list):
            raise InputError(f"{INDEX}: the positions of {word[:40]!r} are not a list", str(source))
        for position in positions:
            if type(position) is not int or position < 0:
                raise InputError(
                    f"{INDEX}: position {str(position)[:20]!r} of {word[:40]!r} "
                    "is not a whole number of 0 or more",
                    str(source),
                )
            if position not in placed:
                # (a blank word is dropped by cleaning anyway: placed empty, it builds no
                # text however long it is)
                placed[position] = word if word.strip() else ""
                length += len(placed[position]) + 1
                if length > 2 * MAX_ABSTRACT_CHARS:
                    # (checked as the words are placed: a word of 100,000 letters at 20,000
                    # positions is 2 GB of text from a 229 KB record; twice the limit, as
                    # the spaces and controls cleaning drops count here; make_paper checks
                    # the clean text's length)
                    raise InputError(
                        f"abstract longer than {MAX_ABSTRACT_CHARS} characters", str(source)
                    )
    return " ".join(placed[position] for position in sorted(placed))


def _authors(authorships: object) -> list[str]:
    names = []
    for authorship in authorships if isinstance(authorships, list) else ():
        if not isinstance(authorship, dict):
            continue
        author = authorship.get("author")
        name = author.get("display_name") if isinstance(author, dict) else None
        name = name or authorship.get("raw_author_name")
        if isinstance(name, str):
            names.append(name)
    return names


def _values(mapping: object, key: str) -> list:
    return [mapping[key]] if isinstance(mapping, dict) and mapping.get(key) else []


def _arxiv_location(work: dict) -> str | None:
    """The arXiv id of the work's arXiv copy (a landing page or PDF on arxiv.org)."""
    locations = work.get("locations")
    candidates = [
        work.get("primary_location"),
        work.get("best_oa_location"),
        *(locations if isinstance(locations, list) else ()),
    ]
    for location in candidates:
        if isinstance(location, dict):
            for key in ("landing_page_url", "pdf_url"):
                found = arxiv_id_in_text(location.get(key))
                if found:
                    return found
    return None
