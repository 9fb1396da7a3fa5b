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

from .ids import links as id_links

ENTITY_TYPES = ("method", "dataset", "task", "metric", "concept")
FIELDS = ("title", "abstract")
# What a reported result's number is: an absolute score, a gain, a cut, or a factor ("3x").
RESULT_KINDS = ("score", "improvement", "reduction", "ratio")
# SciERC's relation types, which sentences state between two spans.
RELATION_LABELS = (
    "USED-FOR",
    "EVALUATE-FOR",
    "COMPARE",
    "PART-OF",
    "FEATURE-OF",
    "HYPONYM-OF",
    "CONJUNCTION",
)


@dataclass(frozen=True, order=True, slots=True)
class Source:
    """Where a record was read: file (or ``<stdin>``), 1-based line, and format."""

    path: str
    line: int
    format: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


# ASCII bytes that are neither letters nor digits: what identity_text drops from ASCII text.
_ASCII_NOT_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum())
_ASCII_LOWER = bytes(range(256)).lower()
_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is isalnum() plus "_"


def identity_text(text: str) -> str:
    """Letters and digits only, case-folded: what makes two copies of a text the same."""
    # Letters and digits only: dumps of the same paper differ in spacing around
    # punctuation ("algorithm--using" vs "algorithm -- using") and in case.
    return _identity_bytes(text).decode("utf-8")


def _identity_bytes(text: str) -> bytes:
    """``identity_text`` as UTF-8: ASCII text (most abstracts) is filtered as bytes, which
    is many times faster than testing each character in Python."""
    if text.isascii():  # ASCII is its own NFKC, and its case folding is lower case
        return text.encode("ascii").translate(_ASCII_LOWER, _ASCII_NOT_ALNUM)
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold()).encode("utf-8")


def paper_key(title: str, abstract: str) -> str:
    """Stable identifier of a paper: a hash of its normalised title and abstract."""
    digest = hashlib.sha1(_identity_bytes(title) + b"\x1f" + _identity_bytes(abstract))
    return digest.hexdigest()[:16]


CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co")


def is_code_url(url: str) -> bool:
    """True for a link to a code host (schema:codeRepository in RDF; others are schema:url)."""
    return any(host in url.lower() for host in CODE_HOSTS)


# How a paper's date was found: given by the source, or read from its arXiv id (the year
# and month the id was issued, that is, of the first submission).
DATE_STATED = "stated"
DATE_FROM_ARXIV_ID = "arxiv-id"
DATE_ORIGINS = (DATE_STATED, DATE_FROM_ARXIV_ID)
# What a date says, by the length of its ISO text; a year-less "--MM-DD" says month and day.
_PRECISION_BY_LENGTH = {10: "day", 7: "month", 4: "year"}
PRECISION_RANK = {"day": 3, "month": 2, "year": 1, "month-day": 0}


def date_precision(date: str | None) -> str | None:
    """What an ISO date of a ``Paper`` says: "day" (2021-06-17), "month" (2021-06), "year"
    (2021), "month-day" (--06-17: a page that printed no year), or None (no date).

    Examples
    --------
    >>> date_precision("2021-06"), date_precision("--06-17"), date_precision(None)
    ('month', 'month-day', None)
    """
    if not date:
        return None
    if date.startswith("--"):
        return "month-day"
    return _PRECISION_BY_LENGTH.get(len(date))


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper as read from the inputs; ``key`` identifies it across inputs.

    ``date`` is ISO text of what is known ("2021-06-17", "2021-06", "2021", or year-less
    "--06-17"; ``date_precision`` names which) and ``date_origin`` how it was found
    (``DATE_STATED`` or ``DATE_FROM_ARXIV_ID``; "stated" when a date is given without
    one). ``ids`` are canonical external identifiers (``kg.ids``: "arXiv:2106.09685",
    "doi:10.…", "s2:…", "CorpusId:…", "openalex:W…"), which link the paper to its pages
    and find it again in another source; ``external_id`` is the source's own id as given
    (the first of ``ids`` when the source gives none).
    """

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
    date_origin: str | None = None
    ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", paper_key(self.title, self.abstract))
        if self.external_id is None and self.ids:
            object.__setattr__(self, "external_id", self.ids[0])
        # code repositories first (RDF writes them under their own predicate, before the rest)
        if len(self.urls) > 1 or type(self.urls) is not tuple:
            object.__setattr__(
                self, "urls", tuple(sorted(self.urls, key=lambda u: not is_code_url(u)))
            )
        if not self.date:
            object.__setattr__(self, "date_origin", None)
        elif self.date_origin is None:
            object.__setattr__(self, "date_origin", DATE_STATED)

    @property
    def year(self) -> int | None:
        if self.date and re.match(r"^\d{4}", self.date):
            return int(self.date[:4])
        return None

    @property
    def date_precision(self) -> str | None:
        """ "day", "month", "year", "month-day" or None: see ``date_precision``."""
        return date_precision(self.date)

    @property
    def links(self) -> list[tuple[str, str]]:
        """``(label, IRI)`` of every page the paper is known by: arXiv, DOI, Semantic Scholar
        and OpenAlex pages from ``ids``, then ``urls`` ("code" or "link")."""
        return id_links(self.ids, self.urls, is_code_url)

    def text_of(self, field_name: str) -> str:
        if field_name not in FIELDS:
            raise ValueError(f"unknown field {field_name!r}")
        return getattr(self, field_name)

    def merged_with(self, other: Paper) -> Paper:
        """The same paper seen again: keep every source and identifier, fill fields this
        copy lacks, and keep the better date (``better_date``)."""
        date, origin = better_date((self.date, self.date_origin), (other.date, other.date_origin))
        return replace(
            self,
            external_id=self.external_id or other.external_id,
            date=date,
            date_origin=origin,
            authors=self.authors or other.authors,
            author_count=self.author_count if self.author_count is not None else other.author_count,
            organisation=self.organisation or other.organisation,
            urls=_union(self.urls, other.urls),
            categories=_union(self.categories, other.categories),
            sources=_union(self.sources, other.sources),
            ids=_union(self.ids, other.ids),
        )


# What no text of kg's holds: controls (but tab, line feed and carriage return), lone
# surrogates and noncharacters. Readers make each a space, as does kg.load in a graph's text.
CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)


MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DATE_PARTS = re.compile(r"^(?:(\d{4})|-)(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_text(date: str | None) -> str:
    """An ISO date of a ``Paper`` in words, with every part it has and no part it lacks.

    Parameters
    ----------
    date : str or None
        "YYYY-MM-DD", "YYYY-MM", "YYYY" or year-less "--MM-DD" (``date_precision``).

    Returns
    -------
    str
        "17 June 2021", "June 2021", "2021", "26 June" (a page that printed no year: the
        month and day, never a made-up year); "" for no date; any other text unchanged.

    Examples
    --------
    >>> [date_text(d) for d in ("2021-06-17", "2021-06", "2021", "--06-26", None)]
    ['17 June 2021', 'June 2021', '2021', '26 June', '']
    """
    if not date:
        return ""
    found = _DATE_PARTS.match(date)
    if not found or (found[1] is None and found[3] is None):
        return date
    year, month, day = found.groups()
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return date
    words = [str(int(day))] if day else []
    words.append(MONTH_NAMES[int(month) - 1])
    if year:
        words.append(year)
    return " ".join(words)


def date_label(paper: Paper) -> str:
    """A paper's date as pages show it: what is known of it in words (``date_text``), and
    where it came from when no source stated it ("December 2001 (from the arXiv id)"); ""
    without a date."""
    if not paper.date:
        return ""
    if paper.date_origin == DATE_FROM_ARXIV_ID:
        return f"{date_text(paper.date)} (from the arXiv id)"
    return date_text(paper.date)


def _union(first: tuple, second: tuple) -> tuple:
    return tuple(dict.fromkeys(first + second))


def better_date(
    first: tuple[str | None, str | None], second: tuple[str | None, str | None]
) -> tuple[str | None, str | None]:
    """The better of two ``(date, origin)`` pairs of one paper: the more precise (a day
    over a month over a year over a year-less day), then a stated date over one read from
    an id, then the earlier (the first version of a paper over a later journal issue).

    The choice does not depend on the order of the two, so a paper read from several
    sources gets the same date whatever order its files are read in.
    """

    def rank(pair):
        date, origin = pair
        if not date:
            return (-1, 0, "")
        # the earlier date wins a tie: compare on the negated code points
        return (
            PRECISION_RANK.get(date_precision(date) or "", -1),
            origin != DATE_FROM_ARXIV_ID,
            tuple(-ord(c) for c in date),
        )

    return max(first, second, key=rank)


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
class SentenceRelation:
    """A relation one sentence of a paper's field states from a head span to a tail span
    (character offsets; SciERC's type). A span is a mention, or a generic phrase that is
    no mention ("our method", "this task"): its text tells which."""

    label: str
    head_start: int
    head_end: int
    head_text: str
    tail_start: int
    tail_end: int
    tail_text: str
    score: float
    field: str = "abstract"


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
    relations: tuple[SentenceRelation, ...] = ()
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
    specificity: float = 1.0  # how much the name says, 0 to 1 (kg.link.resolve.specificity)
    curation: tuple[str, ...] = ()  # the curation rules that changed it ("retype: to concept")

    def prominence(self) -> tuple[int, int, float, str]:
        """The sort key of the lists people read first: most papers first; among entities
        named by as many papers, the most mentions (what the papers dwell on), then the most
        specific name; only ties of all three fall to the key (before, every tie in papers
        did, and the alphabet's "2D ...", "3D ..." filled a small corpus's lists)."""
        return (-self.paper_count, -self.mention_count, -self.specificity, self.key)


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
    confidence: float = field(default=1.0, compare=False)  # a trained classifier's best score


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


# The kinds of curation rule (kg.link.curation), in the order summaries list them.
RULE_KINDS = ("drop", "split", "merge", "retype", "generic", "rename")


@dataclass
class CurationLog:
    """What applying a curation did.

    ``applied``: rules that selected something, per kind. ``unmatched``: one line per
    rule that selected nothing (a warning: graphs change). ``notes``: other warnings, such
    as a sense of a split that took no mention. ``dropped``: one line per dropped entity
    (``type:key "label"``, with the rule's reason), the provenance of what is gone.
    """

    applied: dict[str, int] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """``14 rules applied (3 drop, 4 merge, ...), 1 selected nothing``."""
        total = sum(self.applied.values())
        kinds = ", ".join(f"{self.applied[k]} {k}" for k in RULE_KINDS if self.applied.get(k))
        text = f"{total} rule{'' if total == 1 else 's'} applied" + (f" ({kinds})" if kinds else "")
        return text + f", {len(self.unmatched)} selected nothing"

    def warnings(self) -> list[str]:
        """Every line a user should see: rules that selected nothing, then the notes."""
        return self.unmatched + self.notes


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
