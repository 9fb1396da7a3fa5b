"""External identifiers of papers: arXiv, DOI, Semantic Scholar and OpenAlex.

An identifier is held as one string, ``SCHEME:VALUE`` in a canonical spelling, so that two
sources naming the same paper give the same string (the deduplication key) and every
identifier resolves to one web page:

============  ============================  ===============================================
scheme        example                       page
============  ============================  ===============================================
``arXiv``     ``arXiv:2106.09685``          ``https://arxiv.org/abs/2106.09685``
``doi``       ``doi:10.1145/3442188.3445922``  ``https://doi.org/10.1145/3442188.3445922``
``s2``        ``s2:649def34f8be…``          ``https://www.semanticscholar.org/paper/649def34f8be…``
``CorpusId``  ``CorpusId:235458009``        ``https://api.semanticscholar.org/CorpusID:235458009``
``openalex``  ``openalex:W3168867926``      ``https://openalex.org/W3168867926``
============  ============================  ===============================================

This module sits at the bottom of kg with ``kg.records`` and imports nothing of kg.
"""

from __future__ import annotations

import re
from urllib.parse import quote

__all__ = [
    "SCHEMES",
    "arxiv_id",
    "arxiv_id_month",
    "doi",
    "id_link",
    "identifier",
    "identifiers",
    "links",
]

ARXIV, DOI, S2, CORPUS, OPENALEX = "arXiv", "doi", "s2", "CorpusId", "openalex"
SCHEMES = (ARXIV, DOI, S2, CORPUS, OPENALEX)
# Label of each scheme's link, as a reader of a page knows the site.
LABELS = {
    ARXIV: "arXiv",
    DOI: "DOI",
    S2: "Semantic Scholar",
    CORPUS: "Semantic Scholar",
    OPENALEX: "OpenAlex",
}

# New-style arXiv ids (YYMM.NNNN[N], since April 2007) and old-style ones (archive[.CLASS]/YYMMNNN).
_ARXIV_NEW = re.compile(r"(\d{2})(\d{2})\.\d{4,5}")
_ARXIV_OLD = re.compile(r"([a-z]+(?:-[a-z]+)*)(?:\.[A-Z]{2})?/(\d{2})(\d{2})\d{3}")
_ARXIV_PREFIXES = re.compile(
    r"^(?:arxiv:|https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE
)
_ARXIV_VERSION = re.compile(r"v\d+$")
_ARXIV_IN_TEXT = re.compile(
    r"arxiv(?:\.org/(?:abs|pdf)/|:\s*)(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})", re.IGNORECASE
)
_DOI_PREFIXES = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$")  # the DOI arXiv gives each paper
_S2_PAPER = re.compile(r"[0-9a-f]{40}")
_OPENALEX = re.compile(r"^(?:https?://openalex\.org/|openalex:)?([Ww]\d+)$")
# Characters a DOI may hold that would end a URL's path ("?", "#") or that no IRI may hold.
_DOI_SAFE = "/:;()[]._-~!$&'*+,=@"


def arxiv_id(text: object) -> str | None:
    """The arXiv id in ``text`` without its version ("arXiv:2106.09685v2" -> "2106.09685").

    Accepts a bare id (new style ``2106.09685`` or old style ``cs/0112017``), an
    ``arXiv:`` prefixed one, or an abs/pdf URL; anything else gives None.

    Examples
    --------
    >>> arxiv_id("https://arxiv.org/abs/2106.09685v2")
    '2106.09685'
    >>> arxiv_id("cs/0112017") , arxiv_id("not an id")
    ('cs/0112017', None)
    """
    if not isinstance(text, str):
        return None
    if _ARXIV_NEW.fullmatch(text):
        return text  # a bare new-style id, as most sources give it
    value = _ARXIV_PREFIXES.sub("", text.strip())
    value = value.removesuffix(".pdf")
    value = _ARXIV_VERSION.sub("", value)
    if _ARXIV_NEW.fullmatch(value) or _ARXIV_OLD.fullmatch(value):
        return value
    return None


def arxiv_id_in_text(text: object) -> str | None:
    """An arXiv id named in free text ("arXiv preprint arXiv:2106.09685", an abs URL)."""
    if not isinstance(text, str):
        return None
    match = _ARXIV_IN_TEXT.search(text)
    return match.group(1) if match else None


def arxiv_id_month(value: str) -> str | None:
    """The year and month an arXiv id was given in, as "YYYY-MM", or None.

    New-style ids start with YYMM (``2106.09685``: June 2021); old-style ids carry it after
    the archive (``cs/0112017``: December 2001). arXiv opened in August 1991, so a two-digit
    year of 91 or more is 19YY.

    Examples
    --------
    >>> arxiv_id_month("2106.09685"), arxiv_id_month("cs/0112017")
    ('2021-06', '2001-12')
    """
    match = _ARXIV_NEW.fullmatch(value) or _ARXIV_OLD.fullmatch(value)
    if match is None:
        return None
    year, month = int(match.group(match.re.groups - 1)), int(match.group(match.re.groups))
    if not 1 <= month <= 12:
        return None
    return f"{1900 + year if year >= 91 else 2000 + year}-{month:02d}"


def doi(text: object) -> str | None:
    """A DOI in its canonical spelling: no resolver prefix, lower case (DOIs are
    case-insensitive), or None when ``text`` holds no DOI.

    Examples
    --------
    >>> doi("https://doi.org/10.48550/arXiv.2106.09685")
    '10.48550/arxiv.2106.09685'
    """
    if not isinstance(text, str):
        return None
    value = _DOI_PREFIXES.sub("", text.strip())
    return value.lower() if _DOI.fullmatch(value) else None


def identifier(scheme: str, value: object) -> str | None:
    """The canonical ``SCHEME:VALUE`` string for a raw ``value`` of ``scheme``, or None when
    the value is not a valid identifier of that scheme.

    Parameters
    ----------
    scheme : str
        One of ``SCHEMES``: "arXiv", "doi", "s2" (a Semantic Scholar paper id), "CorpusId"
        (a Semantic Scholar corpus id) or "openalex".
    value : object
        The identifier as a source gives it: bare, prefixed, or as a URL; corpus ids may
        be numbers.

    Returns
    -------
    str or None

    Examples
    --------
    >>> identifier("openalex", "https://openalex.org/W3168867926")
    'openalex:W3168867926'
    >>> identifier("CorpusId", 235458009)
    'CorpusId:235458009'
    """
    if scheme == ARXIV:
        found = arxiv_id(value)
    elif scheme == DOI:
        found = doi(value)
    elif scheme == S2:
        found = (
            value.strip().lower()
            if isinstance(value, str) and _S2_PAPER.fullmatch(value.strip().lower())
            else None
        )
    elif scheme == CORPUS:
        text = (
            str(value).strip()
            if isinstance(value, (str, int)) and not isinstance(value, bool)
            else ""
        )
        text = text.removeprefix("CorpusId:").removeprefix("CorpusID:")
        found = text if text.isascii() and text.isdigit() and len(text) < 20 else None
    elif scheme == OPENALEX:
        match = _OPENALEX.match(value.strip()) if isinstance(value, str) else None
        found = match.group(1).upper() if match else None
    else:
        raise ValueError(f"unknown identifier scheme {scheme!r} (known: {', '.join(SCHEMES)})")
    return f"{scheme}:{found}" if found else None


def identifiers(*pairs: tuple[str, object]) -> tuple[str, ...]:
    """Canonical identifiers of ``(scheme, raw value)`` pairs, invalid ones left out, each
    once; an arXiv DOI (10.48550/arXiv.*) also gives the arXiv id it stands for."""
    found: dict[str, None] = {}
    for scheme, value in pairs:
        ident = identifier(scheme, value)
        if ident is None:
            continue
        found[ident] = None
        if scheme == DOI:
            match = _ARXIV_DOI.match(ident[len(DOI) + 1 :])
            also = identifier(ARXIV, match.group(1)) if match else None
            if also:
                found[also] = None
    return tuple(found)


def scheme_of(ident: str) -> str | None:
    """The scheme of a canonical identifier string, or None for any other string."""
    scheme, sep, _ = ident.partition(":")
    return scheme if sep and scheme in LABELS else None


def id_link(ident: str) -> tuple[str, str] | None:
    """``(label, IRI)`` of the page an identifier resolves to, or None for a string that
    is no canonical identifier.

    Examples
    --------
    >>> id_link("arXiv:cs/0112017")
    ('arXiv', 'https://arxiv.org/abs/cs/0112017')
    >>> id_link("doi:10.1000/a#b")
    ('DOI', 'https://doi.org/10.1000/a%23b')
    """
    scheme = scheme_of(ident)
    if scheme is None:
        return None
    value = ident[len(scheme) + 1 :]
    if identifier(scheme, value) != ident:
        return None  # not canonical: written by hand, or by an older kg
    if scheme == ARXIV:
        iri = f"https://arxiv.org/abs/{value}"
    elif scheme == DOI:
        iri = f"https://doi.org/{quote(value, safe=_DOI_SAFE)}"
    elif scheme == S2:
        iri = f"https://www.semanticscholar.org/paper/{value}"
    elif scheme == CORPUS:
        iri = f"https://api.semanticscholar.org/CorpusID:{value}"
    else:
        iri = f"https://openalex.org/{value}"
    return LABELS[scheme], iri


def links(ids: tuple[str, ...], urls: tuple[str, ...] = (), code_url=None) -> list[tuple[str, str]]:
    """``(label, IRI)`` for each page a paper is known by: its identifiers' pages, then
    its other links ("code" for code hosts when ``code_url`` says so, else "link"); a page
    reached twice ("http://arxiv.org/abs/…" beside the arXiv id) is listed once."""
    found: dict[str, str] = {}
    pages: set[str] = set()
    for ident in ids:
        link = id_link(ident)
        if link is not None and _same_page(link[1]) not in pages:
            found[link[1]] = link[0]
            pages.add(_same_page(link[1]))
    for url in urls:
        if _same_page(url) not in pages:
            found[url] = "code" if code_url is not None and code_url(url) else "link"
            pages.add(_same_page(url))
    return [(label, iri) for iri, label in found.items()]


def _same_page(url: str) -> str:
    """An address without scheme, "www." and trailing slash (lower-cased where the site
    ignores case; an arXiv page without its version), to spot one page linked twice."""
    text = re.sub(r"^https?://(?:www\.|export\.|dx\.)?", "", url, flags=re.IGNORECASE).rstrip("/")
    if text.lower().startswith("arxiv.org/abs/"):
        return _ARXIV_VERSION.sub("", text.lower())  # any version of the paper's page
    return text.lower() if text.lower().startswith("doi.org/") else text
