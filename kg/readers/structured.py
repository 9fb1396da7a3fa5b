"""Readers for record-per-row exports: JSON Lines, JSON arrays and CSV/TSV.

Column names are matched loosely so that exports from common tools work as they are:
``title``; ``abstract`` / ``summary``; ``id`` / ``arxiv_id`` / ``paper_id`` / ``doi``;
``date`` / ``published`` / ``publishedAt``; ``authors`` (list of names or of
``{"name": …}``, or one string); ``url`` / ``urls`` / ``code``; ``categories``.
A Hugging Face API record ``{"paper": {...}}`` is unwrapped.
"""

from __future__ import annotations

import csv
import json
import re
from typing import Any, Iterator, TextIO

from ..errors import InputError
from ..records import Paper, Source
from ..registry import reader
from .common import (MAX_RECORD_CHARS, OnInvalid, bounded_lines, checked, make_paper,
                     parse_date)

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
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,| and )\s*")
# A whole JSON document (.json) is parsed at once: read at most this much of it (larger
# collections belong in JSON Lines, read a record at a time).
MAX_JSON_DOCUMENT_CHARS = 256 * 1024 * 1024
MAX_JSON_DEPTH = 100  # nesting no paper record needs; deeper JSON is refused, not recursed into


def _first(record: dict, names: tuple[str, ...]) -> Any:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for name in names:
        value = lowered.get(name.lower())
        if value not in (None, "", []):
            return value
    return None


def _as_list(value: Any, split: re.Pattern | None = None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in (split.split(value) if split else [value]) if v.strip()]
    if isinstance(value, dict):
        return [str(value.get("name") or value.get("url") or "")]
    if isinstance(value, (list, tuple)):
        return [item for v in value for item in _as_list(v)]
    return [str(value)]


def record_to_paper(record: Any, source: Source) -> Paper:
    """Map one loosely named record (dict) to a ``Paper``."""
    if not isinstance(record, dict):
        raise InputError(f"expected an object with title and abstract, got {type(record).__name__}",
                         str(source))
    if _nesting(record) > MAX_JSON_DEPTH:
        raise InputError(_TOO_DEEP, str(source))
    if isinstance(record.get("paper"), dict):
        record = {**record, **record["paper"]}
    get = lambda key: _first(record, _ALIASES[key])  # noqa: E731
    title, abstract = get("title"), get("abstract")
    if title is not None and not isinstance(title, str):
        raise InputError("title is not text", str(source))
    if abstract is not None and not isinstance(abstract, str):
        raise InputError("abstract is not text", str(source))
    count = get("author_count")
    try:
        count = int(count) if count is not None else None
    except (TypeError, ValueError):
        raise InputError(f"author count {count!r} is not a number", str(source)) from None
    external_id = get("external_id")
    return make_paper(
        title, abstract, source,
        external_id=str(external_id) if external_id is not None else None,
        date=parse_date(str(get("date"))) if get("date") is not None else None,
        authors=_as_list(get("authors"), _AUTHOR_SPLIT),
        author_count=count,
        organisation=str(get("organisation")) if get("organisation") else None,
        urls=[u for u in _as_list(get("urls")) if u.startswith(("http://", "https://"))],
        categories=_as_list(get("categories"), re.compile(r"[\s,;]+")),
    )


_WRAPPER_KEYS = ("papers", "data", "items", "records")
_TOO_DEEP = f"JSON nested more than {MAX_JSON_DEPTH} levels deep"
# What decides nesting: strings (which may hold brackets), brackets and line ends.
_JSON_NESTING_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}\n]')


def _nesting(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (counted without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in
                         (item.values() if isinstance(item, dict) else item))
    return deepest


def _too_deep_line(text: str) -> int:
    """The line of ``text`` (JSON) where nesting first goes past ``MAX_JSON_DEPTH``."""
    depth, line = 0, 1
    for match in _JSON_NESTING_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                break
        elif token in "]}":
            depth -= 1
        else:
            line += token.count("\n")
    return line


def _json_value(text: str, path: str, number: int | None = None) -> Any:
    """``text`` parsed as JSON; ``InputError`` naming file and line when it is not JSON or
    nests too deeply (``number``: the line ``text`` is, else lines are counted in it)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(f"invalid JSON ({err.msg})",
                         f"{path}:{number or err.lineno}") from None
    except RecursionError:
        raise InputError(_TOO_DEEP, f"{path}:{number or _too_deep_line(text)}") from None


def _first_json_line(head: str) -> tuple[bool, object]:
    """(parsed, value) of the first line of ``head`` as JSON."""
    try:
        return True, json.loads(head.split("\n", 1)[0])
    except json.JSONDecodeError:
        return False, None
    except RecursionError:
        return True, None  # a whole line, too deep: the JSON Lines reader names it


def _wrapped(value: object) -> bool:
    return isinstance(value, dict) and any(isinstance(value.get(k), list) for k in _WRAPPER_KEYS)


def looks_like_jsonl(head: str, name: str) -> float:
    """One JSON object per line: the first line is a whole object (not a wrapper)."""
    if not head.startswith("{"):
        return 0.0
    parsed, value = _first_json_line(head)
    return 0.9 if parsed and not _wrapped(value) else 0.0


def looks_like_json(head: str, name: str) -> float:
    """A JSON array, an object spread over several lines, or a wrapper {"papers": [...]}."""
    if head.startswith("["):
        return 1.0
    if not head.startswith("{"):
        return 0.0
    parsed, value = _first_json_line(head)
    return 0.95 if (not parsed or _wrapped(value)) else 0.0


def looks_like_csv(head: str, name: str) -> float:
    """A header row naming title and abstract columns; else a .csv/.tsv name."""
    first_line = head.split("\n", 1)[0].lower()
    if ("title" in first_line and ("abstract" in first_line or "summary" in first_line)
            and ("," in first_line or "\t" in first_line) and len(first_line) < 500):
        return 0.9
    return 0.5 if name.lower().removesuffix(".gz").endswith((".csv", ".tsv")) else 0.0


@reader("jsonl", suffixes=(".jsonl", ".ndjson"), sniff=looks_like_jsonl)
def read_jsonl(stream: TextIO, path: str, *, on_invalid: OnInvalid = None) -> Iterator[Paper]:
    """One JSON object per line; blank lines are allowed."""
    for number, line in bounded_lines(stream, path, on_invalid):
        if not line.strip():
            continue
        paper = checked(lambda: record_to_paper(_json_value(line, path, number),
                                                Source(path, number, "jsonl")), on_invalid)
        if paper is not None:
            yield paper


@reader("json", suffixes=(".json",), sniff=looks_like_json)
def read_json(stream: TextIO, path: str, *, on_invalid: OnInvalid = None) -> Iterator[Paper]:
    """A JSON array of objects (or an object with a list under "papers"/"data"/"items")."""
    text = stream.read(MAX_JSON_DOCUMENT_CHARS + 1)
    if len(text) > MAX_JSON_DOCUMENT_CHARS:
        raise InputError(f"JSON document longer than {MAX_JSON_DOCUMENT_CHARS:,} characters "
                         "(write large collections as JSON Lines, one paper per line)", path)
    data = _json_value(text, path)
    del text
    if isinstance(data, dict):
        data = next((data[k] for k in _WRAPPER_KEYS
                     if isinstance(data.get(k), list)), [data])
    if not isinstance(data, list):
        raise InputError("expected a JSON array of papers", path)
    for index, record in enumerate(data, 1):
        paper = checked(lambda: record_to_paper(record, Source(path, index, "json")), on_invalid)
        if paper is not None:
            yield paper


@reader("csv", suffixes=(".csv", ".tsv"), sniff=looks_like_csv)
def read_csv(stream: TextIO, path: str, *, on_invalid: OnInvalid = None) -> Iterator[Paper]:
    """CSV or TSV with a header row naming at least title and abstract columns."""
    csv.field_size_limit(MAX_RECORD_CHARS)
    lines = bounded_lines(stream, path, on_invalid)
    head = next(lines, (1, ""))[1]
    dialect = "excel-tab" if head.count("\t") > head.count(",") else "excel"
    header = next(csv.reader([head], dialect=dialect), [])
    columns = {c.strip().lower() for c in header}
    if not columns & set(_ALIASES["title"]) or not columns & set(_ALIASES["abstract"]):
        raise InputError("CSV header needs 'title' and 'abstract' columns", f"{path}:1")
    reader = csv.DictReader((line for _, line in lines), fieldnames=[c.strip() for c in header], dialect=dialect)
    try:
        for row in reader:
            row.pop(None, None)  # cells beyond the header
            source = Source(path, reader.line_num + 1, "csv")
            paper = checked(lambda: record_to_paper(row, source), on_invalid)
            if paper is not None:
                yield paper
    except csv.Error as err:
        raise InputError(f"malformed CSV ({err})", f"{path}:{reader.line_num + 1}") from None
