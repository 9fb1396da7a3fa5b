"""Helpers shared by every reader: text cleaning, dates, code links, record checks."""

from __future__ import annotations

import datetime
import itertools
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO, TypeVar

from ..errors import InputError
from ..rdf.terms import web_iri
from ..records import Paper, Source

MAX_TITLE_CHARS = 1_000
MAX_ABSTRACT_CHARS = 20_000
# The longest line (a JSON Lines record, a CSV or text line) a reader holds: a longer one is
# refused as it is read, before it is decoded, however large the file (a record is some KB).
MAX_RECORD_CHARS = 8 * 1024 * 1024
SKIP_CHUNK_CHARS = 1024 * 1024  # an over-long line being skipped is read in pieces this long

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_MONTH_DAY = re.compile(r"^([A-Za-z]{3})[a-z]*\.? (\d{1,2})(?:,? (\d{4}))?\b")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$")
# Characters no text field may carry into RDF, XML or HTML: C0/C1 controls, lone
# surrogates (JSON can encode them; UTF-8 cannot) and Unicode noncharacters (XML forbids
# U+FFFE and U+FFFF).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes the UTF-8 decoder could not read
_URL = re.compile(r"(?:https?://|(?<![\w/.@])(?:www\.)?github\.com/)[^\s<>\"'{}|\\^`\[\]]+",
                  re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}'\""


def clean_text(text: str) -> str:
    """NFC-normalise, drop controls, lone surrogates and noncharacters, collapse whitespace."""
    text = _CONTROL.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def parse_date(text: str | None) -> str | None:
    """ISO date from "Dec 5, 2018", "Sep 9" (year-less: "--09-09"), "2018-12-05[T…]"."""
    if not text:
        return None
    text = text.strip()
    match = _ISO.match(text)
    if match:
        year, month, day = match.groups()
        return _valid_date(int(year), int(month) if month else None, int(day) if day else None)
    match = _MONTH_DAY.match(text)
    if match and match.group(1).lower() in _MONTHS:
        month, day = _MONTHS[match.group(1).lower()], int(match.group(2))
        if match.group(3):
            return _valid_date(int(match.group(3)), month, day)
        # year-less: valid when the day exists in a leap year (Feb 29 may be meant)
        return f"--{month:02d}-{day:02d}" if _valid_date(2000, month, day) else None
    return None


def _valid_date(year: int, month: int | None, day: int | None) -> str | None:
    """ISO text of a date that exists on the calendar ("2024-02-30" does not: None)."""
    if month is None:
        return f"{year:04d}" if year >= 1 else None
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def is_date_line(text: str) -> bool:
    """A short "Mon D[, YYYY]" line as printed on Daily Papers pages (trailing counts allowed)."""
    return (len(text) <= 20 and _MONTH_DAY.match(text) is not None
            and parse_date(text) is not None and not re.search(r"[^\w ,.]", text))


def find_urls(text: str) -> tuple[str, ...]:
    """Links in an abstract (code repositories, project pages), scheme added if missing."""
    urls = []
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_URL_TRAILING)
        if not url.lower().startswith("http"):
            url = "https://" + url
        if url.count("/") >= 3 or "github.com/" not in url.lower():
            urls.append(url)
    return tuple(dict.fromkeys(urls))


class InputWarning(UserWarning):
    """A record was read, but part of it was dropped (an unusable URL)."""


def clean_url(url: str, source: Source | None = None) -> str | None:
    """A link as a valid http(s) IRI, or None (with an ``InputWarning``) when it cannot be."""
    iri = web_iri(clean_text(url))
    if iri is None:
        warnings.warn(f"{source or '<input>'}: dropped invalid URL {url[:80]!r}", InputWarning,
                      stacklevel=2)
    return iri


def make_paper(title: str | None, abstract: str | None, source: Source, *,
               external_id: str | None = None, date: str | None = None,
               authors: Iterable[str] = (), author_count: int | None = None,
               organisation: str | None = None, urls: Iterable[str] = (),
               categories: Iterable[str] = ()) -> Paper:
    """A validated ``Paper``; raises ``InputError`` naming the source when a field is unusable."""
    for name, value in (("title", title), ("abstract", abstract)):
        bad = _UNDECODED.search(value or "")
        if bad:
            raise InputError(f"{name} is not valid UTF-8 (byte 0x{ord(bad.group()) - 0xDC00:02X})",
                             str(source))
    title = clean_text(title or "")
    abstract = clean_text(abstract or "")
    if not title:
        raise InputError("record has no title", str(source))
    if not abstract:
        raise InputError("record has no abstract", str(source))
    if len(title) > MAX_TITLE_CHARS:
        raise InputError(f"title longer than {MAX_TITLE_CHARS} characters", str(source))
    if len(abstract) > MAX_ABSTRACT_CHARS:
        raise InputError(f"abstract longer than {MAX_ABSTRACT_CHARS} characters", str(source))
    authors = tuple(clean_text(a) for a in authors if a and clean_text(a))
    if author_count is None and authors:
        author_count = len(authors)
    return Paper(
        title=title,
        abstract=abstract,
        external_id=clean_text(external_id) or None if external_id else None,
        date=date,
        authors=authors,
        author_count=author_count,
        organisation=clean_text(organisation) if organisation else None,
        urls=tuple(dict.fromkeys(iri for iri in (clean_url(u, source) for u in
                                                  dict.fromkeys((*urls, *find_urls(abstract))))
                                 if iri)),
        categories=tuple(c for c in (clean_text(c) for c in categories) if c),
        sources=(source,),
    )


T = TypeVar("T")
OnInvalid = Callable[[InputError], None] | None


def bounded_lines(stream: TextIO, path: str, on_invalid: OnInvalid) -> Iterator[tuple[int, str]]:
    """(number, line) for each line of ``stream``, none held longer than ``MAX_RECORD_CHARS``.

    A longer line raises ``InputError`` naming file and line; with ``on_invalid`` it is
    reported, read through in bounded pieces, and given as a blank line instead.
    """
    for number in itertools.count(1):
        line = stream.readline(MAX_RECORD_CHARS + 1)
        if not line:
            return
        if len(line) > MAX_RECORD_CHARS and not line.endswith(("\n", "\r")):
            error = InputError(f"line longer than {MAX_RECORD_CHARS:,} characters (the most "
                               "one record may take)", f"{path}:{number}")
            if on_invalid is None:
                raise error
            while line and not line.endswith(("\n", "\r")):
                line = stream.readline(SKIP_CHUNK_CHARS)
            on_invalid(error)
            line = "\n"
        yield number, line


def checked(build: Callable[..., T], on_invalid: OnInvalid, *args: Any) -> T | None:
    """``build(*args)``; a bad record raises, or goes to ``on_invalid`` and gives ``None``."""
    try:
        return build(*args)
    except InputError as err:
        if on_invalid is None:
            raise
        on_invalid(err)
        return None
