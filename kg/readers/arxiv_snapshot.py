"""Reader for the arXiv metadata snapshot (Kaggle "arxiv-metadata-oai-snapshot.json"):
one JSON object per line with ``id``, ``title``, ``abstract``, ``authors`` (one string),
``authors_parsed``, ``categories``, ``doi``, ``versions`` and ``update_date``.

The date is the first version's ``created`` ("Mon, 2 Apr 2007 19:18:42 GMT": the first
submission). Without versions, ``update_date`` is the record's last update, which can be
years after the paper: it is taken when it falls in the month the arXiv id was issued in,
else the id's year and month are (``2106.09685``: 2021-06; ``cs/0112017``: 2001-12),
marked as read from the id. Each paper gets its arXiv id (and DOIs), whose page
``https://arxiv.org/abs/<id>`` is its link, and keeps its categories.

The snapshot holds millions of records, so this reader is the fast path: orjson parses a
line, and each field is read once, without regular expressions over whole records.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any, BinaryIO

import orjson

from ..errors import InputError
from ..ids import ARXIV, DOI, arxiv_id, arxiv_id_month, identifiers
from ..records import DATE_FROM_ARXIV_ID, DATE_STATED, Paper, Source
from ..registry import reader
from .common import OnInvalid, checked, make_paper, parse_date, stated_date, valid_date
from .jsondata import json_records

FORMAT = "arxiv-snapshot"
# Keys only snapshot records have (besides id, title and abstract, which others share).
_SNAPSHOT_KEYS = ("versions", "update_date", "authors_parsed", "submitter", "journal-ref")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def looks_like_snapshot(head: str, name: str) -> float:
    """The first record is an object with an id, an abstract and keys only snapshot
    records have (versions, update_date, authors_parsed, ...)."""
    if not head.startswith("{"):
        return 0.0
    try:
        record = orjson.loads(head.split("\n", 1)[0])
    except orjson.JSONDecodeError:
        return 0.0
    if not isinstance(record, dict) or "id" not in record or "abstract" not in record:
        return 0.0
    return 1.0 if any(key in record for key in _SNAPSHOT_KEYS) else 0.0


@reader(FORMAT, suffixes=(), sniff=looks_like_snapshot, binary=True)
def read_arxiv_snapshot(
    stream: BinaryIO, path: str, *, on_invalid: OnInvalid = None
) -> Iterator[Paper]:
    """Yield one ``Paper`` per record of an arXiv metadata snapshot (JSON Lines).

    Parameters
    ----------
    stream : BinaryIO
        The snapshot (UTF-8 JSON Lines, parsed as bytes), or part of it; a JSON array of
        its records is read too.
    path : str
        The file's name, for ``Source`` and messages.
    on_invalid : callable, optional
        Takes the ``InputError`` of a bad record, which is then skipped; without it the
        first bad record raises.

    Yields
    ------
    Paper
        With ``external_id`` "arXiv:<id>", ``ids`` (arXiv id, DOIs), ``date`` and
        ``date_origin`` as the module describes, authors and categories.
    """
    for number, record in json_records(stream, path, on_invalid, loads=orjson.loads):
        paper = checked(snapshot_paper, on_invalid, record, Source(path, number, FORMAT))
        if paper is not None:
            yield paper


def snapshot_paper(record: Any, source: Source) -> Paper:
    """The ``Paper`` of one snapshot record (a parsed JSON object)."""
    if not isinstance(record, dict):
        raise InputError(f"expected an object, got {type(record).__name__}", str(source))
    get = record.get
    raw_id = get("id")
    if not isinstance(raw_id, str) or not raw_id.strip():
        raise InputError("record has no arXiv id", str(source))
    found = arxiv_id(raw_id)
    date, origin = _date(record, found, source)
    dois = get("doi")  # often none; sometimes several, space-separated
    ids: tuple[str, ...] = (f"{ARXIV}:{found}",) if found else ()
    if dois and isinstance(dois, str):
        ids = identifiers((ARXIV, found), *((DOI, d) for d in dois.split()))
    categories = get("categories")
    return make_paper(
        get("title"),
        get("abstract"),
        source,
        external_id=f"{ARXIV}:{found}" if found else raw_id,
        date=date,
        date_origin=origin,
        authors=_authors(get("authors_parsed"), get("authors")),
        categories=categories.split() if isinstance(categories, str) else (),
        ids=ids,
    )


def _date(record: dict, found: str | None, source: Source) -> tuple[str | None, str | None]:
    """(ISO date, origin) of a record: the first version's date, else ``update_date`` when
    it agrees with the id's month, else that month (see the module's docstring)."""
    versions = record.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], dict):
        created = versions[0].get("created")
        if created:
            date = _created_date(created)
            if date is None:
                raise InputError(
                    f"cannot read the date of the first version {str(created)[:40]!r}", str(source)
                )
            return date, DATE_STATED
    updated = stated_date(record.get("update_date"), source, "update_date")
    month = arxiv_id_month(found) if found else None
    if updated and (month is None or updated.startswith(month)):
        return updated, DATE_STATED
    if month:
        return month, DATE_FROM_ARXIV_ID
    return None, None


def _created_date(created: object) -> str | None:
    """ISO date of a version's "Mon, 2 Apr 2007 19:18:42 GMT", or of an ISO date."""
    if not isinstance(created, str):
        return None
    return _day_of(created[:16])  # weekday, day, month and year; the time of day is not kept


@functools.lru_cache(maxsize=65536)  # arXiv has some 12,000 days: most records hit
def _day_of(text: str) -> str | None:
    parts = text.split()
    if (
        len(parts) >= 4
        and parts[1].isascii()
        and parts[1].isdigit()
        and parts[3].isascii()
        and parts[3].isdigit()
        and len(parts[3]) == 4
    ):
        month = _MONTHS.get(parts[2][:3].lower())
        if month is not None:
            return valid_date(int(parts[3]), month, int(parts[1]))
    date = parse_date(text)
    return date if date and len(date) == 10 else None


def _authors(parsed: object, text: object) -> list[str]:
    """Author names: ``authors_parsed`` ([last, first, suffix]) in reading order, else the
    ``authors`` string split at commas and "and"."""
    if isinstance(parsed, list) and parsed:
        names = []
        for parts in parsed:
            if type(parts) is not list or not parts or type(parts[0]) is not str:
                continue
            name = parts[0]
            if len(parts) > 1 and type(parts[1]) is str and parts[1]:
                name = f"{parts[1]} {name}"
            if len(parts) > 2 and type(parts[2]) is str and parts[2]:
                name = f"{name} {parts[2]}"
            names.append(name)
        return names
    if isinstance(text, str):
        return [name for part in text.replace(" and ", ", ").split(",") if (name := part.strip())]
    return []
