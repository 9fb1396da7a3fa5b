"""Reader for arXiv API responses (Atom XML), streamed entry by entry."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import BinaryIO, Iterator

from ..errors import InputError
from ..records import Paper, Source
from ..registry import reader
from .common import OnInvalid, checked, make_paper, parse_date

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
FORMAT = "arxiv-atom"
_ARXIV_ID = re.compile(r"arxiv\.org/abs/(.+?)(?:v\d+)?$")


def looks_like_xml(head: str, name: str) -> float:
    """An XML document (an Atom feed): it opens with "<"."""
    return 1.0 if head.startswith("<") else 0.0


@reader("arxiv-atom", suffixes=(".xml", ".atom"), sniff=looks_like_xml, binary=True)
def read_arxiv_atom(stream: BinaryIO, path: str, *, on_invalid: OnInvalid = None) -> Iterator[Paper]:
    """Yield one ``Paper`` per ``<entry>``; ``Source.line`` is the entry's position."""
    index = 0
    try:
        for _event, element in ET.iterparse(stream, events=("end",)):
            if element.tag != f"{ATOM}entry":
                continue
            index += 1
            source = Source(path, index, FORMAT)
            paper = checked(lambda: _entry_to_paper(element, source), on_invalid)
            element.clear()
            if paper is not None:
                yield paper
    except ET.ParseError as err:
        raise InputError(f"malformed XML ({err})", path) from None


def _entry_to_paper(entry: ET.Element, source: Source) -> Paper:
    text = lambda tag: (entry.findtext(tag) or "").strip()  # noqa: E731
    raw_id = text(f"{ATOM}id")
    match = _ARXIV_ID.search(raw_id)
    links = [link.get("href", "") for link in entry.findall(f"{ATOM}link")]
    return make_paper(
        text(f"{ATOM}title"), text(f"{ATOM}summary"), source,
        external_id=f"arXiv:{match.group(1)}" if match else (raw_id or None),
        date=parse_date(text(f"{ATOM}published") or text(f"{ATOM}updated")),
        authors=[a.findtext(f"{ATOM}name") or "" for a in entry.findall(f"{ATOM}author")],
        urls=[u for u in links if u.startswith(("http://", "https://"))],
        categories=[c.get("term", "") for c in entry.findall(f"{ATOM}category")],
    )
