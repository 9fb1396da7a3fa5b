"""Reader for text dumps of Hugging Face "Daily Papers" pages.

Three layouts are seen in the wild and handled by one state machine:

* compact: a title line, then an abstract line, repeated;
* pages: the same with blank lines in between and page headers
  ("new", "Subscribe", "Daily Papers", "byAK and the research community", a page date);
* entries with metadata after the abstract: "• N authors" (or an organisation line
  such as "naver-ai NAVER AI Lab" in its place), a "·" line and a date, with or
  without a year ("Dec 5, 2018", "Sep 9").

The first title of a page may be glued to the "Subscribe" button text.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from typing import TextIO

from ..errors import InputError
from ..records import Paper, Source
from ..registry import reader
from .common import (
    OnInvalid,
    bounded_lines,
    checked,
    is_date_line,
    make_paper,
    parse_date,
)

FORMAT = "hf-dump"

HEADER_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox once a day!",
        "get trending papers in your email inbox!",
        "subscribe",
        "daily papers",
        "byak and the research community",
        "by ak and the research community",
    }
)
GLUED_PREFIX = "Subscribe"
SEPARATOR = "·"
_AUTHORS = re.compile(r"^•?\s*([0-9]+)\s+authors?$", re.IGNORECASE)
# A line this long where a title is expected is a wrapped abstract, not a title.
MAX_TITLE_LINE = 400


def looks_like_hf_dump(head: str) -> bool:
    """True when the first lines carry the Daily Papers page furniture."""
    lines = [line.strip().lower() for line in head.splitlines()[:12] if line.strip()]
    return any(line in HEADER_LINES or line.startswith("subscribe") for line in lines)


def hf_dump_score(head: str, name: str) -> float:
    """Page furniture: sure; a .txt name: likely; any other text: the fallback."""
    if looks_like_hf_dump(head):
        return 0.8
    return 0.3 if name.lower().removesuffix(".gz").endswith(".txt") else 0.1


def _content_lines(stream: TextIO, path: str, on_invalid: OnInvalid) -> Iterator[tuple[int, str]]:
    for number, line in bounded_lines(stream, path, on_invalid):
        text = line.strip()
        if text:
            yield number, text


@reader(FORMAT, suffixes=(".txt",), sniff=hf_dump_score)
def read_hf_dump(stream: TextIO, path: str, *, on_invalid: OnInvalid = None) -> Iterator[Paper]:
    """Yield one ``Paper`` per entry of a Daily Papers text dump."""
    lines = _content_lines(stream, path, on_invalid)
    lookahead: deque[tuple[int, str]] = deque()

    def peek(offset: int = 0) -> tuple[int, str] | None:
        while len(lookahead) <= offset:
            nxt = next(lines, None)
            if nxt is None:
                return None
            lookahead.append(nxt)
        return lookahead[offset]

    def pop() -> tuple[int, str]:
        peek()
        return lookahead.popleft()

    # an entry is held until the line after it shows its abstract was whole: a paragraph
    # where the next title should be is the rest of it, and the entry is invalid
    pending: Paper | None = None
    after_an_entry = in_a_split_abstract = False
    while peek() is not None:
        number, text = pop()
        if _is_furniture(text):
            continue  # page furniture, a page date, or metadata whose entry is gone
        if text.startswith(GLUED_PREFIX):
            text = text[len(GLUED_PREFIX) :].lstrip()
        if len(text) > MAX_TITLE_LINE:
            # no title: the rest of an abstract, or (before any entry) a page's text; read
            # as a title, every entry after it would pair a title with the wrong abstract
            if not in_a_split_abstract:
                checked(_not_a_title, on_invalid, f"{path}:{number}", after_an_entry)
                pending, in_a_split_abstract = None, True
            continue  # (with --skip-invalid: the entry and the rest of its abstract go)
        in_a_split_abstract = False
        if pending is not None:
            yield pending  # a title follows it: its abstract was whole
            pending = None
        nxt = peek()
        if nxt is None or _is_furniture(nxt[1]):
            # no abstract: the entry is broken, the metadata line is left for the loop to drop
            checked(_no_abstract, on_invalid, text, f"{path}:{number}")
            continue
        abstract = pop()[1]
        after_abstract = peek()
        meta = _read_metadata(peek, pop)
        source = Source(path, number, FORMAT)
        paper = checked(make_paper, on_invalid, text, abstract, source, **meta)
        after_an_entry = True
        if paper is not None and peek() is not after_abstract:
            yield paper  # its metadata came after the abstract: the entry is whole
        else:
            pending = paper
    if pending is not None:
        yield pending


def _not_a_title(where: str, after_an_entry: bool) -> None:
    split = " (an abstract split over two lines?)" if after_an_entry else ""
    raise InputError(f"expected a title line but found a long paragraph{split}", where)


def _is_furniture(text: str) -> bool:
    """A line that is never a title or an abstract: page header, date, author count, "·"."""
    return (
        text.lower() in HEADER_LINES
        or is_date_line(text)
        or text == SEPARATOR
        or _AUTHORS.match(text) is not None
    )


def _no_abstract(title: str, where: str) -> None:
    raise InputError(f"title {title[:60]!r} has no abstract line", where)


def _read_metadata(peek, pop) -> dict:
    """Consume "• N authors" / organisation, "·" and date lines after an abstract."""
    meta: dict = {}
    first, second = peek(0), peek(1)
    if first is None:
        return meta
    authors = _AUTHORS.match(first[1])
    if authors or (second is not None and second[1] == SEPARATOR):
        pop()
        if authors:
            # (at most 19 digits after leading zeros: a count of thousands of digits is out
            # of range all the same, and Python refuses to read it)
            meta["author_count"] = int(authors.group(1).lstrip("0")[:19] or "0")
        else:
            meta["organisation"] = first[1]
        if peek() is not None and peek()[1] == SEPARATOR:
            pop()
            date_line = peek()
            if date_line is not None and is_date_line(date_line[1]):
                pop()
                meta["date"] = parse_date(date_line[1])
    return meta
