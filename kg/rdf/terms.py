"""The one table of kg's RDF terms: namespaces, classes, relations, data properties, and
the naming scheme of resources. ``ontology/kg.ttl`` declares the same terms (a test checks)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from pyoxigraph import NamedNode
from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/kg-papers/"
KG = Namespace(BASE + "ontology#")
RES = Namespace(BASE + "resource/")
SCHEMA = Namespace("https://schema.org/")
FABIO = Namespace("http://purl.org/spar/fabio/")

PREFIXES = {
    "kg": KG,
    "kgr": RES,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "prov": PROV,
    "schema": SCHEMA,
    "fabio": FABIO,
    "owl": OWL,
    "rdfs": RDFS,
    "xsd": XSD,
    "rdf": RDF,
}

CLASS_BY_TYPE = {
    "method": KG.Method,
    "dataset": KG.Dataset,
    "task": KG.Task,
    "metric": KG.Metric,
    "concept": KG.Concept,
}
TYPE_BY_CLASS = {str(v): k for k, v in CLASS_BY_TYPE.items()}

# Relations. paper -> entity: one per (paper, entity), the paper's role for the entity
# (kg.link.relate), strongest first; entity -> entity: stated in a sentence (one per SciERC
# relation type), or "broader" from the names alone.
PROPOSES = "proposes"
PAPER_ROLES = (PROPOSES, "comparesWith", "evaluatesOn", "uses", "addresses", "measures", "mentions")
PAPER_RELATIONS = PAPER_ROLES
BROADER = "broader"
# SciERC relation type -> (kg predicate, the predicate's subject is SciERC's tail, symmetric)
STATED_RELATIONS = {
    "USED-FOR": ("usedFor", False, False),
    "EVALUATE-FOR": ("evaluatedOn", True, False),  # "D EVALUATE-FOR M" is "M evaluatedOn D"
    "COMPARE": ("comparedWith", False, True),
    "PART-OF": ("partOf", False, False),
    "FEATURE-OF": ("featureOf", False, False),
    "HYPONYM-OF": ("hyponymOf", False, False),
    "CONJUNCTION": ("conjunctionWith", False, True),
}
# EVALUATE-FOR with a measure as the evaluator: "M evaluatedWith accuracy" (kg.link.relate
# types each stated evaluation by what it is done with).
EVALUATED_WITH = "evaluatedWith"
ENTITY_RELATIONS = (
    *(name for name, _, _ in STATED_RELATIONS.values()),
    EVALUATED_WITH,
    "relatedTo",
    BROADER,
)
# Relations named by a standard vocabulary rather than kg's own.
STANDARD_PREDICATES = {BROADER: SKOS.broader}

# kg's own data properties, by the class they describe (the ontology declares each).
DATA_PROPERTIES = {
    "Paper": ("authorCount", "authorName", "organisation", "readFrom", "dateOrigin"),
    "Entity": (
        "key",
        "abbreviation",
        "paperCount",
        "mentionCount",
        "generic",
        "specificity",
        "curation",
    ),
    "Mention": (
        "inField",
        "startChar",
        "endChar",
        "mentionText",
        "sentence",
        "sentenceStart",
        "sentenceEnd",
        "mentionType",
        "modelLabel",
        "nested",
        "confidence",
        "proposedInPaper",
    ),
}
OBJECT_PROPERTIES: tuple[str, ...] = ("inPaper", "denotes")
# Reported results (kg:Result): their own terms; a result also has the evidence properties
# of a mention (kg:inField, kg:startChar, kg:endChar, kg:sentence, kg:sentenceStart/End).
DATA_PROPERTIES["Result"] = (
    "valueText",
    "numericValue",
    "lowValue",
    "highValue",
    "unit",
    "resultKind",
    "ours",
)
RESULT_LINKS = {
    "metric": "ofMetric",
    "dataset": "onDataset",
    "method": "ofMethod",
}  # role -> property
OBJECT_PROPERTIES += ("reportedIn", *RESULT_LINKS.values())
CLASSES = (
    "Paper",
    "Entity",
    "Mention",
    *(c.split("#")[-1] for c in map(str, CLASS_BY_TYPE.values())),
    "Result",
)


def predicate_iri(name: str):
    """IRI of a relation name: ``broader`` is ``skos:broader``, the rest are kg terms."""
    return STANDARD_PREDICATES.get(name) or KG[name]


EXTRACTOR = {
    "lexicon": RES["extractor/lexicon"],
    "rule": RES["extractor/rules"],
    "abbreviation": RES["extractor/abbreviations"],
    "model": RES["extractor/model"],
}

_SLUG_DROP = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 80


def slug(text: str) -> str:
    """IRI-safe, readable slug: ASCII letters, digits and single hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    value = _SLUG_DROP.sub("-", ascii_text.lower()).strip("-")[:MAX_SLUG].strip("-")
    return value or "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]')
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _percent_encoded(match: re.Match) -> str:
    return "".join(f"%{b:02X}" for b in match.group().encode("utf-8", "surrogatepass"))


def safe_iri(url: str) -> str:
    """An IRI from untrusted text: characters IRIs may not hold (space, <, >, ", {, }, |,
    backslash, ^, `, controls) and a "%" that starts no escape are percent-encoded."""
    url = _STRAY_PERCENT.sub("%25", url)
    return _IRI_FORBIDDEN.sub(_percent_encoded, url)


def web_iri(url: str) -> str | None:
    """``url`` as an http(s) IRI that strict parsers (Oxigraph, Jena) accept, or None
    when no escaping can make it one (a bad port, an unclosed IPv6 host, no host)."""
    iri = safe_iri(url.strip())
    if not re.match(r"^https?://[^/?#]", iri, re.IGNORECASE):
        return None
    for candidate in (iri, _NON_ASCII.sub(_percent_encoded, iri)):
        # characters such as private-use ones are not allowed raw in an IRI path, but
        # are as UTF-8 percent escapes (the URI form of the same address)
        try:
            NamedNode(candidate)
        except ValueError:
            continue
        return candidate
    return None


def paper_iri_text(key: str) -> str:
    """A paper's IRI as a string (``paper_iri`` is the same as an rdflib term)."""
    return f"{RES}paper/{key}"


def entity_iri_text(entity_type: str, entity_slug: str) -> str:
    """An entity's IRI as a string (``entity_iri`` is the same as an rdflib term)."""
    return f"{RES}{entity_type}/{entity_slug}"


def mention_iri_text(paper_key: str, field: str, start: int, end: int) -> str:
    """IRI of a mention: its paper, field and offsets."""
    return f"{RES}mention/{paper_key}/{field}-{start}-{end}"


def result_iri_text(paper_key: str, field: str, start: int, end: int) -> str:
    """IRI of a reported result: its paper, field and the offsets of its value."""
    return f"{RES}result/{paper_key}/{field}-{start}-{end}"


def paper_iri(key: str):
    return URIRef(paper_iri_text(key))


def entity_iri(entity_type: str, entity_slug: str):
    return URIRef(entity_iri_text(entity_type, entity_slug))


def result_iri(paper_key: str, field: str, start: int, end: int):
    """IRI of a reported result: its paper, field and the offsets of its value."""
    return URIRef(result_iri_text(paper_key, field, start, end))
