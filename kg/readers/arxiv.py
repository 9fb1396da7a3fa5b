"""Reader for arXiv API responses (Atom XML), streamed entry by entry: title, summary,
authors, categories, links, the first version's date (``published``), and the arXiv id
and DOI as identifiers (the id's page, https://arxiv.org/abs/<id>, is the paper's link)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import BinaryIO

import defusedxml.ElementTree as DefusedET
from defusedxml import DefusedXmlException

from ..errors import InputError
from ..ids import ARXIV, DOI, identifiers
from ..records import Paper, Source
from ..registry import reader
from .common import MAX_RECORD_CHARS, OnInvalid, checked, make_paper, stated_date

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV_NS = "{http://arxiv.org/schemas/atom}"
FORMAT = "arxiv-atom"
_ARXIV_ID = re.compile(r"arxiv\.org/abs/(.+?)(?:v\d+)?$")
READ_BYTES = 64 * 1024
MAX_XML_DEPTH = 100  # an Atom feed is a handful of elements deep


class _EntryBudget:
    """A binary stream that refuses to give more than ``MAX_RECORD_CHARS`` bytes between two
    ``reset`` calls (one per entry): a huge element fails before the parser holds it."""

    def __init__(self, stream: BinaryIO, path: str) -> None:
        self.stream, self.path = stream, path
        self.entry, self.since = 1, 0

    def reset(self, entry: int) -> None:
        self.entry, self.since = entry, 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size if 0 <= size <= READ_BYTES else READ_BYTES)
        self.since += len(data)
        if self.since > MAX_RECORD_CHARS:
            raise InputError(
                f"entry longer than {MAX_RECORD_CHARS:,} bytes (the most one record may take)",
                f"{self.path}:{self.entry}",
            )
        return data


def looks_like_xml(head: str, name: str) -> float:
    """An XML document (an Atom feed): it opens with "<"."""
    return 1.0 if head.startswith("<") else 0.0


@reader("arxiv-atom", suffixes=(".xml", ".atom"), sniff=looks_like_xml, binary=True)
def read_arxiv_atom(
    stream: BinaryIO, path: str, *, on_invalid: OnInvalid = None
) -> Iterator[Paper]:
    """Yield one ``Paper`` per ``<entry>``; ``Source.line`` is the entry's position."""
    index = 0
    open_elements: list[ET.Element] = []  # the element being read and those around it
    entries_open = 0
    budget = _EntryBudget(stream, path)
    try:
        for event, element in DefusedET.iterparse(budget, events=("start", "end")):
            if event == "start":
                if len(open_elements) >= MAX_XML_DEPTH:
                    # (elements left open around the entries pile up: 1M of them take GBs)
                    raise InputError(f"XML nested more than {MAX_XML_DEPTH} elements deep", path)
                open_elements.append(element)
                entries_open += element.tag == f"{ATOM}entry"
                continue
            open_elements.pop()
            if element.tag == f"{ATOM}entry":
                entries_open -= 1
                index += 1
                budget.reset(index + 1)
                source = Source(path, index, FORMAT)
                paper = checked(_entry_to_paper, on_invalid, element, source)
                element.clear()
                if paper is not None:
                    yield paper
            if not entries_open and open_elements:
                # read: whatever is outside an entry, at any depth, goes as soon as it ends
                # (kept, millions of elements between two entries add up to gigabytes)
                open_elements[-1].remove(element)
    except ET.ParseError as err:
        raise InputError(f"malformed XML ({err})", path) from None
    except DefusedXmlException:
        # an Atom feed declares no entity (8 MB of entity references expanded to 780 MB)
        raise InputError("XML that declares entities or loads external ones", path) from None


def _entry_to_paper(entry: ET.Element, source: Source) -> Paper:
    def text(tag: str) -> str:
        return (entry.findtext(tag) or "").strip()

    raw_id = text(f"{ATOM}id")
    match = _ARXIV_ID.search(raw_id)
    found = identifiers((ARXIV, match.group(1) if match else None), (DOI, text(f"{ARXIV_NS}doi")))
    links = [link.get("href", "") for link in entry.findall(f"{ATOM}link")]
    return make_paper(
        text(f"{ATOM}title"),
        text(f"{ATOM}summary"),
        source,
        external_id=f"arXiv:{match.group(1)}" if match else (raw_id or None),
        date=stated_date(text(f"{ATOM}published") or text(f"{ATOM}updated"), source),
        ids=found,
        authors=[a.findtext(f"{ATOM}name") or "" for a in entry.findall(f"{ATOM}author")],
        urls=[u for u in links if u.startswith(("http://", "https://"))],
        categories=[c.get("term", "") for c in entry.findall(f"{ATOM}category")],
    )
