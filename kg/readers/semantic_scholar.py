"""Reader for Semantic Scholar papers: Graph API answers (one paper, a batch array, a
search page ``{"total": …, "data": [...]}``, citations ``{"data": [{"citingPaper": …}]}``)
and the bulk ``papers`` datasets (JSON Lines with lower-case keys: ``corpusid``,
``externalids``, ``publicationdate``).

Fields read: ``title``, ``abstract``, ``publicationDate`` (the full date) else ``year``,
``authors[].name``, ``fieldsOfStudy`` (else ``s2FieldsOfStudy`` categories), and as
identifiers the ``paperId``, the corpus id and the DOI and arXiv id of ``externalIds``.
Papers without an abstract are common (the bulk ``papers`` dataset carries none: its
abstracts come in the separate ``abstracts`` dataset); they are skipped and counted, as are
the ``null`` entries a batch answer holds for ids it does not know.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any, BinaryIO

import orjson

from ..errors import InputError
from ..ids import ARXIV, CORPUS, DOI, S2, identifiers
from ..records import Paper, Source
from ..registry import reader
from .common import (
    InputWarning,
    OnInvalid,
    WithoutAbstract,
    checked,
    make_paper,
    stated_date,
)
from .jsondata import json_records

FORMAT = "semantic-scholar"
# Keys only Semantic Scholar records carry (Graph API camel case, datasets lower case).
_MARKER = re.compile(r'"(?:paperId|corpusId|corpusid|externalIds|externalids)"\s*:')
_NESTED = ("citingPaper", "citedPaper")  # the paper inside a citations or references entry


def looks_like_semantic_scholar(head: str, name: str) -> float:
    """JSON whose first bytes hold a Semantic Scholar paper id, corpus id or external ids."""
    return 1.0 if head.startswith(("{", "[")) and _MARKER.search(head) else 0.0


@reader(FORMAT, suffixes=(), sniff=looks_like_semantic_scholar, binary=True)
def read_semantic_scholar(
    stream: BinaryIO, path: str, *, on_invalid: OnInvalid = None
) -> Iterator[Paper]:
    """Yield one ``Paper`` per Semantic Scholar paper that has an abstract.

    Parameters
    ----------
    stream : BinaryIO
        A Graph API answer or a bulk dataset file (UTF-8 JSON or JSON Lines).
    path : str
        The file's name, for ``Source`` and messages.
    on_invalid : callable, optional
        Takes the ``InputError`` of a bad paper, which is then skipped; without it the
        first one raises.

    Yields
    ------
    Paper
        With ``external_id`` "s2:<paperId>" (else "CorpusId:<n>") and ``ids``.

    Warns
    -----
    InputWarning
        At the end of the file, counting papers without an abstract and ``null`` entries.
    """
    without = WithoutAbstract(path)
    unknown = 0
    for number, record in json_records(stream, path, on_invalid, loads=orjson.loads):
        if record is None:
            unknown += 1
            continue
        if isinstance(record, dict):
            record = next((record[k] for k in _NESTED if isinstance(record.get(k), dict)), record)
            if without.lacks(record.get("abstract")):
                continue
        paper = checked(semantic_scholar_paper, on_invalid, record, Source(path, number, FORMAT))
        if paper is not None:
            yield paper
    without.report()
    if unknown:
        warnings.warn(
            f"{path}: skipped {unknown:,} null entries (papers the API did not find)",
            InputWarning,
            stacklevel=2,
        )


def semantic_scholar_paper(record: Any, source: Source) -> Paper:
    """The ``Paper`` of one Semantic Scholar paper record (a parsed JSON object)."""
    if not isinstance(record, dict):
        raise InputError(f"expected a paper object, got {type(record).__name__}", str(source))

    def get(*keys: str) -> Any:  # the first key present: Graph API or dataset spelling
        return next((record[k] for k in keys if record.get(k) not in (None, "")), None)

    external = get("externalIds", "externalids")
    external = external if isinstance(external, dict) else {}
    found = identifiers(
        (S2, get("paperId")),
        (CORPUS, get("corpusId", "corpusid")),
        (CORPUS, external.get("CorpusId")),
        (DOI, external.get("DOI")),
        (ARXIV, external.get("ArXiv")),
    )
    date = stated_date(
        get("publicationDate", "publicationdate"), source, "publicationDate"
    ) or stated_date(get("year"), source, "year")
    authors = get("authors")
    return make_paper(
        get("title"),
        get("abstract"),
        source,
        external_id=next((i for i in found if i.startswith((f"{S2}:", f"{CORPUS}:"))), None),
        date=date,
        authors=[
            name for a in authors if isinstance(a, dict) and isinstance(name := a.get("name"), str)
        ]
        if isinstance(authors, list)
        else [],
        categories=_fields_of_study(record),
        ids=found,
    )


def _fields_of_study(record: dict) -> list[str]:
    fields = record.get("fieldsOfStudy")
    if isinstance(fields, list) and fields:
        return [f for f in fields if isinstance(f, str)]
    detailed = record.get("s2FieldsOfStudy") or record.get("s2fieldsofstudy")
    if isinstance(detailed, list):
        return list(
            dict.fromkeys(
                f["category"]
                for f in detailed
                if isinstance(f, dict) and isinstance(f.get("category"), str)
            )
        )
    return []
