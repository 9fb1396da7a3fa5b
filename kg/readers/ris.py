"""Reader for RIS files (exports of Zotero, Mendeley, EndNote, Web of Science, publishers),
its tags mapped by rispy.

A record runs from its ``TY`` line to its ``ER`` line; ``Source.line`` is the ``TY`` line.
Records with an abstract become papers; those without are skipped and counted.

Tags read: ``TI`` (else ``T1``) title, ``AB`` (else ``N2``) abstract, ``AU`` (else ``A1``)
authors, one per line ("Last, First" put in reading order), ``DA`` else ``PY`` else ``Y1``
date ("YYYY/MM/DD/other", any part may be empty), ``DO`` DOI, ``UR`` links (an arXiv
page also gives the arXiv id, as does "arXiv:…" in ``N1``, ``AN`` or the journal),
``KW`` keywords as categories. RIS is plain text: no LaTeX is interpreted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, TextIO

from ..errors import InputError
from ..ids import ARXIV, DOI, arxiv_id_in_text, identifiers
from ..records import Paper, Source
from ..registry import reader
from .common import (
    MAX_RECORD_CHARS,
    OnInvalid,
    WithoutAbstract,
    bounded_lines,
    checked,
    make_paper,
    parse_date,
    person_name,
    valid_date,
)

FORMAT = "ris"
_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: |$)")
_TY_IN_HEAD = re.compile(r"^TY  - ", re.MULTILINE)
_RIS_DATE = re.compile(r"^(\d{4})(?:/(\d{0,2})(?:/(\d{0,2}))?)?(?:/.*)?$")


def looks_like_ris(head: str, name: str) -> float:
    """A "TY  - " line opening a record; else a .ris name."""
    if _TY_IN_HEAD.search(head[:4096]):
        return 0.95
    return 0.5 if name.lower().removesuffix(".gz").endswith(".ris") else 0.0


@reader(FORMAT, suffixes=(".ris",), sniff=looks_like_ris)
def read_ris(stream: TextIO, path: str, *, on_invalid: OnInvalid = None) -> Iterator[Paper]:
    """Yield one ``Paper`` per RIS record that has an abstract.

    Parameters
    ----------
    stream : TextIO
        The RIS text.
    path : str
        The file's name, for ``Source`` and messages.
    on_invalid : callable, optional
        Takes the ``InputError`` of a malformed record (no ``ER`` line, an unreadable
        date), which is then skipped; without it the first one raises.

    Yields
    ------
    Paper

    Warns
    -----
    InputWarning
        Once at the end of the file, counting the records without an abstract.
    """
    import rispy

    parser = rispy.RisParser()
    without = WithoutAbstract(path)
    # each line with its continuation lines' contents, joined once when the record ends:
    # rispy joins each continuation to its field's text, a copy of the text so far each time
    # (a list field's continuation, "AU" or "KW", is an item of its own: left to rispy)
    lines: list[list[str]] = []
    field = ""
    size, start = 0, 0
    for number, as_read in bounded_lines(stream, path, on_invalid):
        line = as_read.rstrip("\r\n")
        tag = _TAG.match(line.lstrip("\ufeff"))
        if tag and tag.group(1) == "TY":
            if start:
                checked(
                    _fail, on_invalid, "record has no ER line before the next TY", f"{path}:{start}"
                )
            lines, size, start = [[line.lstrip("\ufeff")]], len(as_read), number
        elif not start:
            continue  # blank lines or notes between records
        elif size + len(as_read) > MAX_RECORD_CHARS:  # (as read: a blank line counts, and is kept)
            checked(
                _fail,
                on_invalid,
                f"record longer than {MAX_RECORD_CHARS:,} characters (no ER line?)",
                f"{path}:{start}",
            )
            lines, size, start = [], 0, 0
        else:
            size += len(as_read)
            field_tag, content = parser.parse_line(line)
            if field_tag is None and len(lines) > 1 and field not in parser.list_tags:
                lines[-1].append(" " + content)  # as rispy joins it
            else:
                lines.append([line])
                field = field_tag or field
            if tag and tag.group(1) == "ER":
                (record,) = parser.parse_lines(iter("".join(parts) for parts in lines))
                if not without.lacks(_first(record, "abstract", "notes_abstract")):
                    paper = checked(ris_paper, on_invalid, record, Source(path, start, FORMAT))
                    if paper is not None:
                        yield paper
                lines, size, start = [], 0, 0
    if start:
        checked(
            _fail, on_invalid, "record has no ER line (the file ends inside it)", f"{path}:{start}"
        )
    without.report()


def _fail(message: str, where: str) -> None:
    raise InputError(message, where)


def _first(record: dict, *keys: str) -> Any:
    return next((record[k] for k in keys if record.get(k)), None)


def ris_paper(record: dict, source: Source) -> Paper:
    """The ``Paper`` of one RIS record as rispy maps it (tag names to field names)."""
    urls = [u for u in record.get("urls") or () if isinstance(u, str)]
    notes = record.get("notes") or []
    texts = [
        *urls,
        *notes,
        record.get("accession_number"),
        record.get("journal_name"),
        record.get("secondary_title"),
    ]
    found = identifiers(
        (DOI, record.get("doi")),
        *((ARXIV, arxiv_id_in_text(t)) for t in texts if isinstance(t, str)),
    )
    authors = record.get("authors") or record.get("first_authors") or []
    return make_paper(
        _first(record, "title", "primary_title"),
        _first(record, "abstract", "notes_abstract"),
        source,
        external_id=found[0] if found else record.get("id"),
        date=ris_date(_first(record, "date", "year", "publication_year"), source),
        authors=[person_name(a) for a in authors if isinstance(a, str)],
        urls=[u for u in urls if u.startswith(("http://", "https://"))],
        categories=[k for k in record.get("keywords") or () if isinstance(k, str)],
        ids=found,
    )


def ris_date(text: object, source: Source | str = "") -> str | None:
    """ISO date of a RIS date: "2021/06/17/", "2021/06//", "2021///Spring", "2021", or
    ISO text; ``InputError`` when it cannot be read.

    Examples
    --------
    >>> ris_date("2021/06/17/"), ris_date("2021/06//"), ris_date("2021")
    ('2021-06-17', '2021-06', '2021')
    """
    if not isinstance(text, str) or not text.strip():
        return None
    match = _RIS_DATE.match(text.strip())
    date = None
    if match:
        year, month, day = match.groups()
        date = valid_date(
            int(year), int(month) if month else None, int(day) if month and day else None
        )
    else:
        date = parse_date(text)
    if date is None:
        raise InputError(
            f"cannot read the date {text.strip()[:40]!r} (expected YYYY/MM/DD)", str(source)
        )
    return date
