"""Typed records that flow between the pipeline stages.

readers -> ``Paper``; extract -> ``PaperExtraction`` (``Mention``, ``Abbreviation``);
link -> ``Entity`` and ``Relation``. All are immutable so stages cannot change each
other's data behind their backs.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # records are the bottom layer: the curation log is only named here
    from .curation import CurationLog

ENTITY_TYPES = ("method", "dataset", "task", "metric", "concept")
FIELDS = ("title", "abstract")
# What a reported result's number is: an absolute score, a gain, a cut, or a factor ("3x").
RESULT_KINDS = ("score", "improvement", "reduction", "ratio")


@dataclass(frozen=True, order=True, slots=True)
class Source:
    """Where a record was read: file (or ``<stdin>``), 1-based line, and format."""

    path: str
    line: int
    format: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


def identity_text(text: str) -> str:
    """Letters and digits only, case-folded: what makes two copies of a text the same."""
    # Letters and digits only: dumps of the same paper differ in spacing around
    # punctuation ("algorithm--using" vs "algorithm -- using") and in case.
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def paper_key(title: str, abstract: str) -> str:
    """Stable identifier of a paper: a hash of its normalised title and abstract."""
    digest = hashlib.sha1(
        (identity_text(title) + "\x1f" + identity_text(abstract)).encode("utf-8")
    )
    return digest.hexdigest()[:16]


CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co")


def is_code_url(url: str) -> bool:
    """True for a link to a code host (schema:codeRepository in RDF; others are schema:url)."""
    return any(host in url.lower() for host in CODE_HOSTS)


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper as read from the inputs; ``key`` identifies it across inputs."""

    title: str
    abstract: str
    key: str = ""
    external_id: str | None = None
    date: str | None = None  # ISO "YYYY-MM-DD", "YYYY-MM", "YYYY" or year-less "--MM-DD"
    authors: tuple[str, ...] = ()
    author_count: int | None = None
    organisation: str | None = None
    urls: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", paper_key(self.title, self.abstract))
        # code repositories first (RDF writes them under their own predicate, before the rest)
        object.__setattr__(self, "urls", tuple(sorted(self.urls, key=lambda u: not is_code_url(u))))

    @property
    def year(self) -> int | None:
        if self.date and re.match(r"^\d{4}", self.date):
            return int(self.date[:4])
        return None

    def text_of(self, field_name: str) -> str:
        if field_name not in FIELDS:
            raise ValueError(f"unknown field {field_name!r}")
        return getattr(self, field_name)

    def merged_with(self, other: Paper) -> Paper:
        """The same paper seen again: keep every source, fill fields this copy lacks."""
        return replace(
            self,
            external_id=self.external_id or other.external_id,
            date=_more_precise_date(self.date, other.date),
            authors=self.authors or other.authors,
            author_count=self.author_count if self.author_count is not None else other.author_count,
            organisation=self.organisation or other.organisation,
            urls=_union(self.urls, other.urls),
            categories=_union(self.categories, other.categories),
            sources=_union(self.sources, other.sources),
        )


def _union(first: tuple, second: tuple) -> tuple:
    return tuple(dict.fromkeys(first + second))


def _more_precise_date(first: str | None, second: str | None) -> str | None:
    if not first or (second and first.startswith("--") and not second.startswith("--")):
        return second or first
    return first


@dataclass(frozen=True, slots=True)
class Mention:
    """A typed span of a paper's title or abstract (or of free text for ``kg.extract``).

    ``start``/``end`` are character offsets into the text of ``field``;
    ``sentence_start``/``sentence_end`` delimit the sentence that contains it.
    """

    start: int
    end: int
    text: str
    label: str
    source: str  # model | rule | lexicon | abbreviation
    score: float
    proposed: bool = False
    field: str = "abstract"
    sentence_start: int = 0
    sentence_end: int = 0
    model_label: str | None = None  # the trained model's own label (SciERC), when it found the span
    nested: bool = False  # a known name inside a longer mention ("BERT" in "BERT-based model")

    def __post_init__(self) -> None:
        # A few distinct values each, held once: a 100k-paper build keeps millions of mentions.
        for name in ("label", "source", "field"):
            value = getattr(self, name)
            if type(value) is str:
                object.__setattr__(self, name, sys.intern(value))
        if type(self.model_label) is str:
            object.__setattr__(self, "model_label", sys.intern(self.model_label))


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """A "long form (SHORT)" definition found in a text (Schwartz & Hearst, 2003)."""

    short: str
    long: str
    field: str = "abstract"
    start: int = 0  # offset of the long form
    end: int = 0  # offset just after the closing parenthesis


@dataclass(frozen=True, slots=True)
class Result:
    """A numeric performance claim of a title or abstract ("86.1% top-1 accuracy on X").

    ``value`` is the number as written ("~3x", "12-34%"); ``number`` its value, or None for a
    range, which ``low`` and ``high`` give (a single number has ``low == high == number``).
    ``unit`` is "%", "x", "points", a unit word ("ms") or ""; ``kind`` one of
    ``RESULT_KINDS``. ``start``/``end`` delimit the value in the text of ``field``,
    ``sentence_start``/``sentence_end`` its sentence. ``metric_span``, ``dataset_span`` and
    ``method_span`` are the (start, end) offsets of the mentions the claim refers to, in the
    same field; ``ours`` says the claim is about the paper's own method.
    """

    value: str
    number: float | None
    low: float | None
    high: float | None
    unit: str
    kind: str
    start: int
    end: int
    field: str = "abstract"
    sentence_start: int = 0
    sentence_end: int = 0
    ours: bool = False
    metric_span: tuple[int, int] | None = None
    dataset_span: tuple[int, int] | None = None
    method_span: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class PaperExtraction:
    """What the extraction stage found in one paper."""

    paper_key: str
    mentions: tuple[Mention, ...]
    abbreviations: tuple[Abbreviation, ...] = ()
    results: tuple[Result, ...] = ()


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity: one node for all surface variants of one thing."""

    key: str  # canonical normalised name, unique among entities
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    abbreviation: str | None = None
    paper_count: int = 0
    mention_count: int = 0
    generic: bool = False  # an umbrella term ("neural networks", "deep learning") or unspecific
    specificity: float = 1.0  # how much the name says, 0 to 1 (kg.resolve.specificity)
    curation: tuple[str, ...] = ()  # the curation rules that changed it ("retype: to concept")


@dataclass(frozen=True, slots=True)
class LinkedMention:
    """A mention resolved to its entity inside a given paper: the evidence of an edge."""

    paper_key: str
    entity_key: str
    mention: Mention


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed edge. ``subject`` is a paper key or an entity key, ``object`` an entity key."""

    subject: str
    predicate: str
    object: str
    evidence: tuple[int, ...] = field(default=(), compare=False)  # indexes into mentions


@dataclass(frozen=True, slots=True)
class LinkedResult:
    """A result of a paper with the keys of the entities it refers to (None when unnamed).

    ``method`` is the paper's proposed entity for a claim about its own method that names
    none; the spans of ``result`` are those of the linked mentions (None where no mention
    of the graph lies there), so that linking again gives the same keys.
    """

    paper_key: str
    result: Result
    metric: str | None = None
    dataset: str | None = None
    method: str | None = None


def result_order(item: LinkedResult) -> tuple:
    """Canonical order of results: by paper, field and position (as ``kg.load`` restores)."""
    r = item.result
    return item.paper_key, r.field, r.start, r.end


def mention_order(item: LinkedMention) -> tuple:
    """Canonical order of linked mentions: by paper, field and position in the text (the
    order ``kg.link`` gives and ``kg.load`` restores; relation evidence indexes into it)."""
    m = item.mention
    return item.paper_key, m.field, m.start, m.end, m.nested, item.entity_key


@dataclass(frozen=True)
class LinkResult:
    """Entities (by key), paper->entity and entity->entity relations, and their evidence."""

    entities: dict[str, Entity]
    relations: list[Relation]
    mentions: list[LinkedMention]
    entity_relations: list[Relation] = field(default_factory=list)
    # entities left out, by class ("hardware", "organisation", ..., "not a name")
    left_out: Counter = field(default_factory=Counter)
    # entities whose type the kind evidence changed, by "majority -> type"
    retyped: Counter = field(default_factory=Counter)
    curation_log: CurationLog | None = None  # what a curation file did, when one was applied
    results: list[LinkedResult] = field(default_factory=list)  # reported results, in result_order
