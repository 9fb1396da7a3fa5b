"""Readers for record-per-row exports: JSON Lines, JSON arrays and CSV/TSV.

Column names are matched loosely so that exports from common tools work as they are:
``title``; ``abstract`` / ``summary``; ``id`` / ``arxiv_id`` / ``paper_id`` / ``doi``;
``date`` / ``published`` / ``publishedAt``; ``authors`` (a list of names or of objects
naming one: ``{"name": …}``, CSL-JSON, Zotero; or one string); ``url`` / ``urls`` /
``code``; ``categories``.
A Hugging Face API record ``{"paper": {...}}`` is unwrapped.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any, TextIO, TypeVar

from ..errors import InputError
from ..ids import ARXIV, DOI, identifiers
from ..records import Paper, Source
from ..registry import reader
from .common import (
    MAX_RECORD_CHARS,
    OnInvalid,
    bounded_lines,
    checked,
    make_paper,
    stated_date,
)
from .jsondata import MAX_JSON_DEPTH, TOO_DEEP, json_records, nesting, wrapped_records

_ALIASES = {
    "title": ("title", "paper_title", "name"),
    "abstract": ("abstract", "summary", "description", "paper_abstract"),
    "external_id": ("id", "arxiv_id", "paper_id", "doi", "identifier"),
    "date": ("date", "published", "publishedAt", "published_at", "submitted", "year"),
    "authors": ("authors", "author"),
    "author_count": ("author_count", "num_authors", "n_authors"),
    "organisation": ("organisation", "organization", "org", "affiliation"),
    "urls": ("url", "urls", "code", "code_url", "github", "link", "links", "pdf_url"),
    "categories": ("categories", "category", "subjects", "tags"),
}
_ARXIV_KEYS = ("arxiv_id", "arxiv", "arxivId")
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,| and )\s*")


def _first(record: dict, names: tuple[str, ...]) -> Any:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for name in names:
        value = lowered.get(name.lower())
        if value not in (None, "", []):
            return value
    return None


# The objects a list field may hold, by field: the keys naming an author, in the order
# read (matched in any case: CSL-JSON's given and family names or a literal, Zotero's
# firstName and lastName, OpenAlex's display_name, PubMed's firstname and lastname); those
# naming a link or a category. An author object of other keys ({"authorId": "1"}) is left
# out; one that wraps its author ({"author": {...}}) is read for it.
_NAME_KEYS = (
    ("name",),
    ("given", "family"),
    ("literal",),
    ("firstname", "lastname"),
    ("first", "last"),
    ("display_name",),
    ("full_name",),
    ("fullname",),
    ("text",),
)
_OBJECT_KEYS = {
    "authors": _NAME_KEYS,
    "urls": (("url",), ("href",)),
    "categories": (("name",), ("term",), ("label",)),
}


def _as_list(value: Any, source: Source, what: str, split: re.Pattern | None = None) -> list[str]:
    """The texts of a record's list field ``what`` ("authors", "urls" or "categories"):
    one text, which ``split`` cuts, or a list of texts and of objects naming one
    (``_OBJECT_KEYS``; an object naming none is left out). An author that is a number, a
    truth value or a list is an ``InputError`` (it was written as Python's text for it); a
    category that is a number is its text; a link that is no text is left out
    ("code": false)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in (split.split(value) if split else [value]) if v.strip()]
    texts = []
    for item in value if isinstance(value, (list, tuple)) else [value]:
        if isinstance(item, dict):
            item = _named(item, _OBJECT_KEYS[what])
        if isinstance(item, str):
            texts.append(item)
        elif what == "categories" and isinstance(item, (int, float)) and not isinstance(item, bool):
            texts.append(str(item))
        elif what == "authors" and isinstance(item, (int, float, list, tuple)):
            shown = json.dumps(item, default=str)
            raise InputError(f"authors: {shown[:40]} names no one", str(source))
    return texts


def _named(item: dict, keys_read: tuple[tuple[str, ...], ...]) -> str | None:
    """The text an object of a list field names: the values of the first of ``keys_read``
    it has (in any case), joined; None when it names nothing in text."""
    if isinstance(item.get("author"), dict):  # {"author": {...}, "position": ...}
        item = item["author"]
    folded = {str(key).casefold(): value for key, value in item.items()}
    for keys in keys_read:
        parts = [folded[key] for key in keys if folded.get(key) is not None]
        if parts:
            return " ".join(parts) if all(isinstance(p, str) for p in parts) else None
    return None


def record_to_paper(record: Any, source: Source) -> Paper:
    """Map one loosely named record (dict) to a ``Paper``."""
    if not isinstance(record, dict):
        raise InputError(
            f"expected an object with title and abstract, got {type(record).__name__}", str(source)
        )
    if nesting(record) > MAX_JSON_DEPTH:
        raise InputError(TOO_DEEP, str(source))
    if isinstance(record.get("paper"), dict):
        record = {**record, **record["paper"]}
    get = lambda key: _first(record, _ALIASES[key])
    title, abstract = get("title"), get("abstract")
    if title is not None and not isinstance(title, str):
        raise InputError("title is not text", str(source))
    if abstract is not None and not isinstance(abstract, str):
        raise InputError("abstract is not text", str(source))
    count = get("author_count")
    try:
        count = int(count) if count is not None else None
    except (TypeError, ValueError, OverflowError):  # OverflowError: Infinity
        raise InputError(f"author count {count!r} is not a number", str(source)) from None
    external_id = get("external_id")
    external_id = str(external_id) if external_id is not None else None
    # identifiers a loose record carries: a DOI or arXiv column, or an id that is one
    # (Hugging Face's paper ids are arXiv ids)
    found = identifiers(
        (DOI, _first(record, ("doi",))),
        (ARXIV, _first(record, _ARXIV_KEYS)),
        (ARXIV, external_id),
        (DOI, external_id),
    )
    return make_paper(
        title,
        abstract,
        source,
        external_id=external_id,
        date=stated_date(get("date"), source),
        authors=_as_list(get("authors"), source, "authors", _AUTHOR_SPLIT),
        author_count=count,
        organisation=str(get("organisation")) if get("organisation") else None,
        urls=[
            u
            for u in _as_list(get("urls"), source, "urls")
            if u.startswith(("http://", "https://"))
        ],
        categories=_as_list(get("categories"), source, "categories", re.compile(r"[\s,;]+")),
        ids=found,
    )


def _first_json_line(head: str) -> tuple[bool, object]:
    """(parsed, value) of the first line of ``head`` as JSON."""
    try:
        return True, json.loads(head.split("\n", 1)[0])
    except json.JSONDecodeError:
        return False, None
    except (RecursionError, ValueError):
        # a whole line, too deep or with a number too long to read: the JSON Lines reader
        # names it
        return True, None


def _wrapped(value: object) -> bool:
    return isinstance(value, dict) and wrapped_records(value) is not None


def looks_like_jsonl(head: str, name: str) -> float:
    """One JSON object per line: the first line is a whole object (not a wrapper)."""
    if not head.startswith("{"):
        return 0.0
    parsed, value = _first_json_line(head)
    return 0.9 if parsed and not _wrapped(value) else 0.0


def looks_like_json(head: str, name: str) -> float:
    """A JSON array, an object spread over several lines, or a wrapper {"papers": [...]}
    (below the readers of known sources, which recognise their records in it)."""
    if head.startswith("["):
        return 0.95
    if not head.startswith("{"):
        return 0.0
    parsed, value = _first_json_line(head)
    return 0.95 if (not parsed or _wrapped(value)) else 0.0


def looks_like_csv(head: str, name: str) -> float:
    """A header row naming title and abstract columns; else a .csv/.tsv name."""
    first_line = head.split("\n", 1)[0].lower()
    if (
        "title" in first_line
        and ("abstract" in first_line or "summary" in first_line)
        and ("," in first_line or "\t" in first_line)
        and len(first_line) < 500
    ):
        return 0.9
    return 0.5 if name.lower().removesuffix(".gz").endswith((".csv", ".tsv")) else 0.0


@reader("jsonl", suffixes=(".jsonl", ".ndjson"), sniff=looks_like_jsonl)
def read_jsonl(stream: TextIO, path: str, *, on_invalid: OnInvalid = None) -> Iterator[Paper]:
    """One JSON object per line; blank lines are allowed (``json_records``)."""
    for number, record in json_records(stream, path, on_invalid):
        paper = checked(record_to_paper, on_invalid, record, Source(path, number, "jsonl"))
        if paper is not None:
            yield paper


@reader("json", suffixes=(".json",), sniff=looks_like_json)
def read_json(stream: TextIO, path: str, *, on_invalid: OnInvalid = None) -> Iterator[Paper]:
    """A JSON array of objects, or an object with a list under "papers", "data", "results",
    "items" or "records" (``json_records``); ``Source.line`` is where a record starts."""
    for number, record in json_records(stream, path, on_invalid):
        paper = checked(record_to_paper, on_invalid, record, Source(path, number, "json"))
        if paper is not None:
            yield paper


def _row_to_paper(row: dict, columns: int, source: Source) -> Paper:
    """The paper of a CSV row; a row with more cells than the header has columns is an
    error of its own: an unquoted comma or tab has shifted its cells (its abstract would be
    cut and the rest read into other columns), even where the cell it pushed out was empty."""
    beyond = row.pop(None, None) or []
    if beyond:
        raise InputError(
            f"CSV row has {columns + len(beyond)} cells but the header names {columns}"
            " (a comma or tab inside a cell needs quotes; or the row ends with a delimiter"
            " its header does not)",
            str(source),
        )
    return record_to_paper(row, source)


class _RowBudget:
    """The lines of a CSV file for ``csv.reader``, which asks for one more line while a
    quoted cell is open: refuses a row, however many lines it spans, longer than
    ``MAX_RECORD_CHARS`` (one unclosed quote made the rest of a file one row, held whole)."""

    def __init__(self, lines: Iterator[tuple[int, str]], path: str) -> None:
        self.lines, self.path = lines, path
        self.size, self.start = 0, 0

    def __iter__(self) -> _RowBudget:
        return self

    def __next__(self) -> str:
        number, line = next(self.lines)
        if not self.size and not line.strip():
            return line  # a blank line between rows: no row of its own, none begun
        self.start = self.start or number
        self.size += len(line)
        if self.size > MAX_RECORD_CHARS:
            raise InputError(
                f"CSV row longer than {MAX_RECORD_CHARS:,} characters (an unclosed quote?)",
                f"{self.path}:{self.start}",
            )
        return line

    def next_row(self) -> None:
        self.size, self.start = 0, 0


R = TypeVar("R")


def _with_field_limit(rows: Iterator[R], limit: int) -> Iterator[R]:
    """The rows of a csv reader, each read under the field size ``limit``: the csv module's
    limit is the whole process's, so it is set for each row and put back (a host program's
    own CSV reading keeps its limit, whatever runs between two rows)."""
    while True:
        previous = csv.field_size_limit(limit)
        try:
            row = next(rows, None)
        finally:
            csv.field_size_limit(previous)
        if row is None:
            return
        yield row


@reader("csv", suffixes=(".csv", ".tsv"), sniff=looks_like_csv)
def read_csv(stream: TextIO, path: str, *, on_invalid: OnInvalid = None) -> Iterator[Paper]:
    """CSV or TSV with a header row naming at least title and abstract columns."""
    lines = bounded_lines(stream, path, on_invalid)
    head = next(lines, (1, ""))[1]
    dialect = "excel-tab" if head.count("\t") > head.count(",") else "excel"
    header = next(_with_field_limit(csv.reader([head], dialect=dialect), MAX_RECORD_CHARS), [])
    columns = {c.strip().lower() for c in header}
    named = [c.strip().lower() for c in header if c.strip()]
    read = {name.lower() for names in (*_ALIASES.values(), _ARXIV_KEYS) for name in names}
    counts = Counter(c for c in named if c in read)  # (a count per name: wide headers are cheap)
    repeated = sorted(c for c, n in counts.items() if n > 1)
    if repeated:
        # (a reader would keep one of the two, whichever came last; a column kg does not
        # read may repeat)
        raise InputError(f"CSV header names column {repeated[0][:40]!r} twice", f"{path}:1")
    if not columns & set(_ALIASES["title"]) or not columns & set(_ALIASES["abstract"]):
        raise InputError("CSV header needs 'title' and 'abstract' columns", f"{path}:1")
    rows = _RowBudget(lines, path)
    reader = csv.DictReader(rows, fieldnames=[c.strip() for c in header], dialect=dialect)
    try:
        for row in _with_field_limit(reader, MAX_RECORD_CHARS):
            source = Source(path, reader.line_num + 1, "csv")
            paper = checked(_row_to_paper, on_invalid, row, len(header), source)
            rows.next_row()
            if paper is not None:
                yield paper
    except csv.Error as err:
        raise InputError(f"malformed CSV ({err})", f"{path}:{reader.line_num + 1}") from None
