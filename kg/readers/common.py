"""Helpers shared by every reader: text cleaning, dates, names, code links, record checks,
and the count of entries a source gives without an abstract."""

from __future__ import annotations

import itertools
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO, TextIO, TypeVar

from ..dates import valid_date
from ..errors import InputError
from ..rdf.terms import web_iri
from ..records import CONTROL_CHARACTERS, Paper, Source
from ..text.words import shows_text

MAX_TITLE_CHARS = 1_000
MAX_ABSTRACT_CHARS = 20_000
# The longest line (a JSON Lines record, a CSV or text line) a reader holds: a longer one is
# refused as it is read, before it is decoded, however large the file (a record is some KB).
MAX_RECORD_CHARS = 8 * 1024 * 1024
SKIP_CHUNK_CHARS = 1024 * 1024  # an over-long line being skipped is read in pieces this long
# The most items of a paper's lists kept (author names, categories, links, identifiers): a
# record within the record limit could list millions, each written to every output. The
# longest author lists of real papers run to a few thousand names; the first are kept, the
# count says how many there were.
MAX_LIST_ITEMS = 1_000
MAX_AUTHOR_COUNT = 1_000_000  # a stated author count above it is no count

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_MONTH_DAY = re.compile(r"^([A-Za-z]{3})[a-z]*\.? (\d{1,2})(?:,? (\d{4}))?\b")
# ISO 8601: a date, then a time of day that is one ("T10:00:00.000Z", " 10:00+02:00");
# anything else after the date makes it no date ("2019 in press", "2024-02-29T25:00").
_ISO = re.compile(
    r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?"
    r"(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::(?:[0-5]\d|60)(?:[.,]\d+)?)?"
    r"(?:Z|\s?[+-](?:0\d|1[0-4])(?::?[0-5]\d)?|\s?[A-Z]{2,5})?)?$"
)
_ISO_MONTH_DAY = re.compile(r"^--(\d{2})-(\d{2})$")  # ISO 8601's year-less date, as kg writes it
# Characters no text field may carry into RDF, XML or HTML: C0/C1 controls, lone
# surrogates (JSON can encode them; UTF-8 cannot) and Unicode noncharacters (XML forbids
# U+FFFE and U+FFFF).
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes the UTF-8 decoder could not read
# ASCII whitespace (what str.split splits at) to a space, the other controls to NUL.
_ASCII_FLAT = bytes(32 if chr(b).isspace() else 0 if b < 32 or b == 127 else b for b in range(256))
_URL = re.compile(
    r"(?:https?://|(?<![\w/.@])(?:www\.)?github\.com/)[^\s<>\"'{}|\\^`\[\]]+", re.IGNORECASE
)
_URL_TRAILING = ".,;:!?)]}'\""
# A character LaTeX escapes with a backslash, left so by the exports of LaTeX sources
# ("reduces memory by 45\%"): the character itself.
_LATEX_ESCAPED = re.compile(r"\\([%&_#])")
# Math, display or inline, between unescaped dollars (split keeps it at odd places).
_MATH = re.compile(r"(\$\$.+?\$\$|(?<!\\)\$[^$]*?(?<!\\)\$)", re.DOTALL)


def clean_text(text: str) -> str:
    """NFC-normalise, drop controls, lone surrogates and noncharacters, collapse whitespace."""
    if text.isascii():
        # The fast path for most text (millions of records): ASCII is its own NFC; its
        # whitespace becomes spaces and its controls NUL in one pass over the bytes, and
        # text with neither a control nor two spaces in a row is clean.
        data = text.encode("ascii").translate(_ASCII_FLAT).strip(b" ")
        if b"\x00" not in data:
            if b"  " not in data:
                return data.decode("ascii")
            return " ".join(data.decode("ascii").split())
    text = CONTROL_CHARACTERS.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def parse_date(text: str | None) -> str | None:
    """ISO date from "Dec 5, 2018", "Sep 9" (year-less: "--09-09"), "2018-12-05[T…]", and
    the year-less "--09-09" kg itself writes."""
    if not text:
        return None
    text = text.strip()
    match = _ISO.match(text)
    if match:
        year, month, day = match.groups()
        return valid_date(int(year), int(month) if month else None, int(day) if day else None)
    match = _ISO_MONTH_DAY.match(text)
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        # valid when the day exists in a leap year (Feb 29 may be meant)
        return text if valid_date(2000, month, day) else None
    match = _MONTH_DAY.match(text)
    if match and match.group(1).lower() in _MONTHS:
        month, day = _MONTHS[match.group(1).lower()], int(match.group(2))
        if match.group(3):
            return valid_date(int(match.group(3)), month, day)
        # year-less: valid when the day exists in a leap year (Feb 29 may be meant)
        return f"--{month:02d}-{day:02d}" if valid_date(2000, month, day) else None
    return None


def is_date_line(text: str) -> bool:
    """A short "Mon D[, YYYY]" line as printed on Daily Papers pages (trailing counts allowed)."""
    return (
        len(text) <= 20
        and _MONTH_DAY.match(text) is not None
        and parse_date(text) is not None
        and not re.search(r"[^\w ,.]", text)
    )


def clean_texts(values: Iterable[str]) -> tuple[str, ...]:
    """Each value cleaned (``clean_text``), empty ones left out: author names, categories.

    Short values that are clean already (ASCII, printable, single spaces inside, none at
    either end: most names) are checked all at once, joined, rather than one by one."""
    values = [v for v in values if v]
    if not values:
        return ()
    joined = "|".join(values)
    if (
        joined.isascii()
        and joined.isprintable()
        and "  " not in joined
        and " |" not in joined
        and "| " not in joined
        and joined[0] != " "
        and joined[-1] != " "
    ):
        return tuple(values)
    return tuple(filter(None, map(clean_text, values)))


def find_urls(text: str) -> tuple[str, ...]:
    """Links in an abstract (code repositories, project pages), scheme added if missing."""
    if "://" not in text and ("/" not in text or "github.com/" not in text.lower()):
        return ()  # every match holds one of these; most abstracts have no link
    urls = []
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_URL_TRAILING)
        if not url.lower().startswith("http"):
            url = "https://" + url
        if url.count("/") >= 3 or "github.com/" not in url.lower():
            urls.append(url)
    return tuple(dict.fromkeys(urls))


class InputWarning(UserWarning):
    """A record was read but part of it dropped (an unusable URL), or a file's entries
    were left out as their source is known to leave them (no abstract)."""


def stated_date(value: object, source: Source | str, what: str = "date") -> str | None:
    """ISO text of a date a record states (a year as a number, or text ``parse_date``
    reads); None when there is none; ``InputError`` naming ``source`` when there is one
    that cannot be read, rather than a paper silently without its date."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InputError(f"{what} is not text or a year ({type(value).__name__})", str(source))
    date = parse_date(value)
    if date is None:
        raise InputError(
            f"cannot read the {what} {value.strip()[:40]!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)",
            str(source),
        )
    return date


def person_name(name: str) -> str:
    """A name written "Last, First" (BibTeX, RIS) in reading order: "First Last"; a suffix
    after a second comma goes last ("Hu, Jr., Edward" -> "Edward Hu Jr.")."""
    parts = [part.strip() for part in name.split(",")]
    if len(parts) == 2 and all(parts):
        return f"{parts[1]} {parts[0]}"
    if len(parts) == 3 and parts[0] and parts[2]:
        return " ".join(p for p in (parts[2], parts[0], parts[1]) if p)
    return name.strip()


class WithoutAbstract:
    """Counts the entries of one file that have no abstract, where its source often gives
    none (BibTeX, RIS, OpenAlex, Semantic Scholar): they are left out, and ``report``
    warns once with the count instead of failing the file."""

    def __init__(self, path: str) -> None:
        self.path, self.skipped, self.entries = path, 0, 0

    def lacks(self, abstract: object) -> bool:
        """Count one entry; True (and counted as skipped) when ``abstract`` is missing."""
        self.entries += 1
        if abstract is None or (isinstance(abstract, str) and not abstract.strip()):
            self.skipped += 1
            return True
        return False

    def report(self) -> None:
        if self.skipped:
            warnings.warn(
                f"{self.path}: skipped {self.skipped:,} of {self.entries:,} entries "
                "that have no abstract",
                InputWarning,
                stacklevel=2,
            )


def clean_url(url: str, source: Source | None = None) -> str | None:
    """A link as a valid http(s) IRI, or None (with an ``InputWarning``) when it cannot be."""
    iri = web_iri(clean_text(url))
    if iri is None:
        warnings.warn(
            f"{source or '<input>'}: dropped invalid URL {url[:80]!r}", InputWarning, stacklevel=2
        )
    return iri


def make_paper(
    title: str | None,
    abstract: str | None,
    source: Source,
    *,
    external_id: str | None = None,
    date: str | None = None,
    authors: Iterable[str] = (),
    author_count: int | None = None,
    organisation: str | None = None,
    urls: Iterable[str] = (),
    categories: Iterable[str] = (),
    ids: Iterable[str] = (),
    date_origin: str | None = None,
) -> Paper:
    """A validated ``Paper``; raises ``InputError`` naming the source when a field is unusable.

    Title, abstract, names and categories are cleaned (``clean_text``), and in titles and
    abstracts the characters LaTeX escapes ("45\\%") read as themselves; links are the
    ``urls`` given and those found in the abstract, each a valid IRI or dropped with an
    ``InputWarning``; ``ids`` are canonical identifiers (``kg.ids``), kept as given.
    """
    title = _field_text(title, "title", source)
    abstract = _field_text(abstract, "abstract", source)
    if not shows_text(title):
        raise InputError("record has no title", str(source))
    if not shows_text(abstract):
        raise InputError("record has no abstract", str(source))
    if len(title) > MAX_TITLE_CHARS:
        raise InputError(f"title longer than {MAX_TITLE_CHARS} characters", str(source))
    if len(abstract) > MAX_ABSTRACT_CHARS:
        raise InputError(f"abstract longer than {MAX_ABSTRACT_CHARS} characters", str(source))
    authors = list(authors)
    listed = len(authors)
    authors = clean_texts(_first_items(authors, "author names", source))
    if author_count is None and authors:
        author_count = len(authors) if listed <= MAX_LIST_ITEMS else listed
    if author_count is not None and not 0 <= author_count <= MAX_AUTHOR_COUNT:
        raise InputError(f"author count {str(author_count)[:40]} is out of range", str(source))
    urls = _first_items(urls, "links", source)
    categories = _first_items(categories, "categories", source)
    ids = _first_items(ids, "identifiers", source)
    links = (*urls, *find_urls(abstract))
    return Paper(
        title=title,
        abstract=abstract,
        external_id=clean_text(external_id) or None if external_id else None,
        date=date,
        authors=authors,
        author_count=author_count,
        organisation=clean_text(organisation) if organisation else None,
        urls=tuple(
            dict.fromkeys(filter(None, (clean_url(u, source) for u in dict.fromkeys(links))))
        )
        if links
        else (),
        categories=clean_texts(categories),
        sources=(source,),
        date_origin=date_origin if date else None,
        ids=tuple(ids),
    )


def _first_items(values: Iterable[str], what: str, source: Source) -> list[str]:
    """The first ``MAX_LIST_ITEMS`` of a record's list, with an ``InputWarning`` when it
    lists more."""
    values = list(values)
    if len(values) > MAX_LIST_ITEMS:
        warnings.warn(
            f"{source}: {len(values):,} {what}; the first {MAX_LIST_ITEMS:,} are kept",
            InputWarning,
            stacklevel=3,
        )
        del values[MAX_LIST_ITEMS:]
    return values


def check_decoded(text: str, name: str, where: str | None = None) -> None:
    """``InputError`` where ``text`` holds bytes UTF-8 did not decode (kept as lone
    surrogates), naming the first: "abstract is not valid UTF-8 (byte 0xFF)"."""
    bad = None if text.isascii() else _UNDECODED.search(text)
    if bad:
        raise InputError(
            f"{name} is not valid UTF-8 (byte 0x{ord(bad.group()) - 0xDC00:02X})", where
        )


def _field_text(value: object, name: str, source: Source) -> str:
    """A title or abstract cleaned, LaTeX's escaped characters unescaped ("45\\%" is
    "45%"); ``InputError`` when it is no text or holds bytes that were not UTF-8."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"{name} is not text", str(source))
    check_decoded(value, name, str(source))
    if "\\" in value:
        # math stays as written: "$a \\& b$" is LaTeX to be read as LaTeX
        value = "".join(
            part if place % 2 else _LATEX_ESCAPED.sub(r"\1", part)
            for place, part in enumerate(_MATH.split(value))
        )
    return clean_text(value)


T = TypeVar("T")
OnInvalid = Callable[[InputError], None] | None


def bounded_lines(
    stream: TextIO | BinaryIO, path: str, on_invalid: OnInvalid
) -> Iterator[tuple[int, Any]]:
    """(number, line) for each line of ``stream``, none held longer than ``MAX_RECORD_CHARS``
    (characters of a text stream, bytes of a binary one, whose lines are ``bytes``).

    A longer line raises ``InputError`` naming file and line; with ``on_invalid`` it is
    reported, read through in bounded pieces, and given as a blank line instead.
    """
    ends: tuple = ()
    blank: str | bytes = "\n"
    for number in itertools.count(1):
        line = stream.readline(MAX_RECORD_CHARS + 1)
        if not line:
            return
        if not ends:
            ends, blank = (
                ((b"\n", b"\r"), b"\n") if isinstance(line, bytes) else (("\n", "\r"), "\n")
            )
        if len(line) > MAX_RECORD_CHARS and not line.endswith(ends):
            error = InputError(
                f"line longer than {MAX_RECORD_CHARS:,} characters (the most one record may take)",
                f"{path}:{number}",
            )
            if on_invalid is None:
                raise error
            while line and not line.endswith(ends):
                line = stream.readline(SKIP_CHUNK_CHARS)
            on_invalid(error)
            line = blank
        yield number, line


def checked(build: Callable[..., T], on_invalid: OnInvalid, *args: Any, **kwargs: Any) -> T | None:
    """``build(*args, **kwargs)``; a bad record raises, or goes to ``on_invalid`` and gives
    ``None``."""
    try:
        return build(*args, **kwargs)
    except InputError as err:
        if on_invalid is None:
            raise
        on_invalid(err)
        return None
