"""RDF writing under the kg ontology (ontology/kg.ttl): Turtle, N-Triples and JSON-LD.

The triples are generated one resource at a time (``resources``) and written as they come,
so an export never holds the whole RDF graph in memory: at 6,000 papers an rdflib
``Graph`` took 1.7 GB and most of the build time. Terms are rdflib terms; ``to_rdf``
still gives an rdflib ``Graph`` for the Python API. Turtle, the format a build writes, is
made from the same ``resources`` with its subjects and objects written as Turtle text
straight away (``TURTLE_TERMS``): building an rdflib term per triple was most of its time.
The order is stable, so the same input gives the same bytes.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SKOS, XSD

from ..files import atomic_path
from ..ids import id_link
from ..records import DATE_STATED, Paper, is_code_url
from ..text.words import sentence_shown
from .terms import (
    CLASS_BY_TYPE,
    EXTRACTOR,
    KG,
    PREFIXES,
    RES,
    RESULT_LINKS,
    SCHEMA,
    entity_iri_text,
    mention_iri_text,
    paper_iri_text,
    predicate_iri,
    result_iri_text,
    web_iri,
)

if TYPE_CHECKING:  # the model imports this module (its query store is N-Triples)
    from ..graph import KnowledgeGraph


def _date_datatype(date: str) -> URIRef:
    if date.startswith("--"):
        return XSD.gMonthDay
    return {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(date), XSD.string)


def date_literal(date: str) -> Literal:
    """A date typed by what it says: xsd:date (a day), xsd:gYearMonth (a month), xsd:gYear
    (a year) or xsd:gMonthDay (a day of a year not given)."""
    return Literal(date, datatype=_date_datatype(date))


@lru_cache(maxsize=65536)
def value(term, datatype: URIRef | None = None) -> Literal:
    """A shared ``Literal`` for a value that recurs (offsets, labels, flags, scores): building
    rdflib literals was a third of the export time."""
    return Literal(term, datatype=datatype)


class Terms:
    """How ``resources`` makes subjects and objects: rdflib terms (``RDF_TERMS``), or the
    same terms as Turtle text (``TurtleTerms``). Predicates are ``URIRef`` either way.

    ``order`` is the sort key of the IRIs that edges point to (their N3 form).
    """

    @staticmethod
    def iri(iri: str) -> Any:
        return iri if type(iri) is URIRef else URIRef(iri)

    @staticmethod
    def literal(text: str) -> Any:
        """A plain string literal."""
        return Literal(text)

    @staticmethod
    def typed(lexical: str, datatype: URIRef) -> Any:
        """A literal of ``datatype`` from its lexical form, as rdflib normalises it (the
        xsd:double "1e5" is "100000.0")."""
        return Literal(lexical, datatype=datatype)

    @staticmethod
    def date(date: str) -> Any:
        return date_literal(date)

    @staticmethod
    def value(*term_and_datatype) -> Any:
        """A literal of a Python value (``value``, given the same arguments: its cache
        tells 1 from True only when no datatype is given)."""
        return value(*term_and_datatype)

    @staticmethod
    def order(term) -> str:
        return term.n3()


RDF_TERMS = Terms()

Pairs = list[tuple[URIRef, Any]]


def resources(
    graph: KnowledgeGraph, *, evidence: bool = True, terms: Terms = RDF_TERMS
) -> Iterator[tuple[Any, Pairs]]:
    """Every resource with its (predicate, object) pairs, one resource at a time:
    papers with their edges, entities with theirs, then (with ``evidence``) extractors,
    mentions and the statements behind entity->entity edges. Subjects and objects are
    what ``terms`` makes of them: rdflib terms by default."""
    t = terms
    by_paper: dict[str, list] = defaultdict(list)
    for relation in graph.relations:
        by_paper[relation.subject].append(relation)
    by_entity: dict[str, list] = defaultdict(list)
    for relation in graph.entity_relations:
        by_entity[relation.subject].append(relation)
    entity_iri = _EntityIris(graph, t)

    def order(pair) -> str:
        return t.order(pair[1])

    for key in sorted(graph.papers):
        pairs = _paper_pairs(graph.papers[key], t)
        pairs += sorted(
            ((_KG_TERMS[r.predicate], entity_iri[r.object]) for r in by_paper.pop(key, ())),
            key=order,
        )
        yield t.iri(paper_iri_text(key)), _ordered(pairs)
    for key in sorted(graph.entities):
        entity = graph.entities[key]
        pairs = [
            (RDF_TYPE, t.iri(CLASS_BY_TYPE[entity.type])),
            (PREF_LABEL, t.literal(entity.label)),
            (KEY, t.literal(entity.key)),
        ]
        pairs += [(ALT_LABEL, t.literal(alias)) for alias in entity.aliases]
        if entity.abbreviation:
            pairs.append((ABBREVIATION, t.literal(entity.abbreviation)))
        pairs.append((PAPER_COUNT, t.value(entity.paper_count)))
        pairs.append((MENTION_COUNT, t.value(entity.mention_count)))
        if entity.generic:
            pairs.append((GENERIC, t.value(True)))
        pairs.append((SPECIFICITY, t.typed(f"{entity.specificity:.3f}", XSD.decimal)))
        pairs += [(CURATION, t.literal(step)) for step in entity.curation]
        pairs += sorted(
            ((_PREDICATES[r.predicate], entity_iri[r.object]) for r in by_entity.pop(key, ())),
            key=order,
        )
        yield entity_iri[key], _ordered(pairs)
    for item in graph.results:
        yield _result_resource(graph, item, evidence, t, entity_iri)
    if evidence:
        yield from _evidence(graph, t, entity_iri)


class _EntityIris(dict):
    """Entity key -> its IRI as ``terms`` make it, made once per entity."""

    def __init__(self, graph: KnowledgeGraph, terms: Terms) -> None:
        super().__init__()
        self.graph, self.terms = graph, terms

    def __missing__(self, key: str):
        made = self.terms.iri(entity_iri_text(self.graph.entities[key].type, self.graph.slugs[key]))
        self[key] = made
        return made


class _Made(dict):
    """``make(name)`` for each name, made once."""

    def __init__(self, make: Callable[[str], URIRef]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, name: str) -> URIRef:
        made = self[name] = self.make(name)
        return made


_KG_TERMS = _Made(lambda name: KG[name])  # kg's predicates of paper -> entity edges
_PREDICATES = _Made(predicate_iri)  # and of entity -> entity edges


def triples(graph: KnowledgeGraph, *, evidence: bool = True) -> Iterator[tuple]:
    """The graph's triples, streamed (see ``resources`` for the order)."""
    for subject, pairs in resources(graph, evidence=evidence):
        for predicate, obj in pairs:
            yield subject, predicate, obj


def to_rdf(graph: KnowledgeGraph, *, evidence: bool = True) -> Graph:
    """An rdflib ``Graph`` of papers, entities, relations and (optionally) mention evidence."""
    rdf = Graph()
    for prefix, namespace in PREFIXES.items():
        rdf.bind(prefix, namespace)
    for triple in triples(graph, evidence=evidence):
        rdf.add(triple)
    return rdf


def _result_resource(
    graph: KnowledgeGraph, item, evidence: bool, t: Terms, entity_iri: _EntityIris
) -> tuple[Any, Pairs]:
    """A kg:Result: its value, unit, kind, entities, paper and sentence; with ``evidence``,
    the mentions of its entities (prov:wasDerivedFrom)."""
    r = item.result
    pairs: Pairs = [
        (RDF_TYPE, t.iri(KG.Result)),
        (KG.reportedIn, t.iri(paper_iri_text(item.paper_key))),
        (KG.valueText, t.literal(r.value)),
    ]
    if r.number is not None:
        pairs.append((KG.numericValue, t.typed(repr(r.number), XSD.double)))
    else:
        pairs += [
            (KG.lowValue, t.typed(repr(r.low), XSD.double)),
            (KG.highValue, t.typed(repr(r.high), XSD.double)),
        ]
    if r.unit:
        pairs.append((KG.unit, t.literal(r.unit)))
    pairs += [(KG.resultKind, t.value(r.kind)), (KG.ours, t.value(r.ours))]
    for role, name in RESULT_LINKS.items():
        key = getattr(item, role)
        if key is not None:
            pairs.append((_KG_TERMS[name], entity_iri[key]))
        span = getattr(r, f"{role}_span")
        if evidence and span is not None:
            pairs.append(
                (
                    PROV.wasDerivedFrom,
                    t.iri(mention_iri_text(item.paper_key, r.field, span[0], span[1])),
                )
            )
    text = graph.papers[item.paper_key].text_of(r.field)
    pairs += [
        (IN_FIELD, t.value(r.field)),
        (START_CHAR, t.value(r.start)),
        (END_CHAR, t.value(r.end)),
        (SENTENCE, t.literal(sentence_shown(text, r.sentence_start, r.sentence_end, r.start))),
        (SENTENCE_START, t.value(r.sentence_start)),
        (SENTENCE_END, t.value(r.sentence_end)),
    ]
    return t.iri(result_iri_text(item.paper_key, r.field, r.start, r.end)), _ordered(pairs)


def mention_iri(item) -> URIRef:
    m = item.mention
    return URIRef(mention_iri_text(item.paper_key, m.field, m.start, m.end))


def _ordered(pairs: Pairs) -> Pairs:
    """rdf:type first, then by predicate; the values of one predicate keep their order
    (authors, sources and evidence are sequences, and ``kg.load`` reads them back in file
    order); duplicates dropped (RDF is a set)."""
    unique = dict.fromkeys(pairs)
    return sorted(unique, key=_predicate_order)


_RDF_TYPE = str(RDF.type)


def _predicate_order(pair) -> tuple[bool, str]:
    predicate = str.__str__(pair[0])
    return predicate != _RDF_TYPE, predicate


# Terms of the hot loops, made once (a namespace attribute builds a new URIRef on each use).
(
    RDF_TYPE,
    MENTION,
    IN_PAPER,
    DENOTES,
    IN_FIELD,
    START_CHAR,
    END_CHAR,
    MENTION_TEXT,
    SENTENCE,
    SENTENCE_START,
    SENTENCE_END,
    MENTION_TYPE,
    MODEL_LABEL,
    NESTED,
    CONFIDENCE,
    PROPOSED,
    ATTRIBUTED_TO,
    DERIVED_FROM,
) = (
    RDF.type,
    KG.Mention,
    KG.inPaper,
    KG.denotes,
    KG.inField,
    KG.startChar,
    KG.endChar,
    KG.mentionText,
    KG.sentence,
    KG.sentenceStart,
    KG.sentenceEnd,
    KG.mentionType,
    KG.modelLabel,
    KG.nested,
    KG.confidence,
    KG.proposedInPaper,
    PROV.wasAttributedTo,
    PROV.wasDerivedFrom,
)
(
    PREF_LABEL,
    ALT_LABEL,
    KEY,
    ABBREVIATION,
    PAPER_COUNT,
    MENTION_COUNT,
    GENERIC,
    SPECIFICITY,
    CURATION,
) = (
    SKOS.prefLabel,
    SKOS.altLabel,
    KG.key,
    KG.abbreviation,
    KG.paperCount,
    KG.mentionCount,
    KG.generic,
    KG.specificity,
    KG.curation,
)


def _evidence(graph: KnowledgeGraph, t: Terms, entity_iri: _EntityIris) -> Iterator[tuple]:
    """Mention resources, and for entity->entity edges an rdf:Statement derived from them."""
    for source in sorted(EXTRACTOR):
        yield t.iri(EXTRACTOR[source]), [(RDF_TYPE, t.iri(PROV.SoftwareAgent))]
    mention_class = t.iri(MENTION)
    extractors = {source: t.iri(iri) for source, iri in EXTRACTOR.items()}
    papers: dict[str, Any] = {}
    seen: set[str] = set()
    for item in graph.mentions:
        m = item.mention
        iri = mention_iri_text(item.paper_key, m.field, m.start, m.end)
        if iri in seen:
            continue  # two mentions of one span (a nested name never shares a span)
        seen.add(iri)
        paper = graph.papers[item.paper_key]
        if item.paper_key not in papers:
            papers[item.paper_key] = t.iri(paper_iri_text(item.paper_key))
        yield (
            t.iri(iri),
            _ordered(
                [
                    (RDF_TYPE, mention_class),
                    (IN_PAPER, papers[item.paper_key]),
                    (DENOTES, entity_iri[item.entity_key]),
                    (IN_FIELD, t.value(m.field)),
                    (START_CHAR, t.value(m.start)),
                    (END_CHAR, t.value(m.end)),
                    (MENTION_TEXT, t.literal(m.text)),
                    (
                        SENTENCE,
                        t.literal(
                            sentence_shown(
                                paper.text_of(m.field), m.sentence_start, m.sentence_end, m.start
                            )
                        ),
                    ),
                    (SENTENCE_START, t.value(m.sentence_start)),
                    (SENTENCE_END, t.value(m.sentence_end)),
                    (MENTION_TYPE, t.value(m.label)),
                    *([(MODEL_LABEL, t.value(m.model_label))] if m.model_label else []),
                    *([(NESTED, t.value(True))] if m.nested else []),
                    (CONFIDENCE, t.value(m.score, XSD.decimal)),
                    (PROPOSED, t.value(m.proposed)),
                    # (a loaded graph may name an extractor kg does not know, or none)
                    *([(ATTRIBUTED_TO, extractors[m.source])] if m.source in extractors else []),
                ]
            ),
        )
    statement_class = t.iri(RDF.Statement)
    for relation in sorted(
        graph.entity_relations, key=lambda r: (r.subject, r.predicate, r.object)
    ):
        if not relation.evidence:
            continue  # derived from the names alone (skos:broader): no sentence states it
        statement = (
            f"{RES}statement/{graph.entity_slug(relation.subject)}-{relation.predicate}-"
            f"{graph.entity_slug(relation.object)}"
        )
        pairs = [
            (RDF_TYPE, statement_class),
            (RDF.subject, entity_iri[relation.subject]),
            (RDF.predicate, t.iri(_PREDICATES[relation.predicate])),
            (RDF.object, entity_iri[relation.object]),
        ]
        for i in relation.evidence:
            evidence = graph.mentions[i]
            where = evidence.mention
            pairs.append(
                (
                    DERIVED_FROM,
                    t.iri(
                        mention_iri_text(evidence.paper_key, where.field, where.start, where.end)
                    ),
                )
            )
        pairs.append((CONFIDENCE, t.value(relation.confidence, XSD.decimal)))
        yield t.iri(statement), _ordered(pairs)


def _paper_pairs(paper: Paper, t: Terms = RDF_TERMS) -> Pairs:
    pairs: Pairs = [
        (RDF_TYPE, t.iri(KG.Paper)),
        (DCTERMS.title, t.literal(paper.title)),
        (DCTERMS.abstract, t.literal(paper.abstract)),
    ]
    if paper.date:
        pairs.append((DCTERMS.date, t.date(paper.date)))
        pairs.append((KG.dateOrigin, t.value(paper.date_origin or DATE_STATED)))
    # the source's own id first (kg.load reads it back as the first), then the canonical
    # identifiers, each also an owl:sameAs link to the page it resolves to
    if paper.external_id:
        pairs.append((DCTERMS.identifier, t.literal(paper.external_id)))
    for ident in paper.ids:
        pairs.append((DCTERMS.identifier, t.literal(ident)))
        link = id_link(ident)
        iri = web_iri(link[1]) if link else None
        if iri is not None:
            pairs.append((OWL.sameAs, t.iri(iri)))
    if paper.author_count is not None:
        pairs.append((KG.authorCount, t.value(paper.author_count)))
    pairs += [(KG.authorName, t.literal(name)) for name in paper.authors]
    if paper.organisation:
        pairs.append((KG.organisation, t.literal(paper.organisation)))
    for url in paper.urls:
        iri = web_iri(url)
        if iri is None:
            continue  # readers drop these with a warning; a Paper made in Python may hold one
        predicate = SCHEMA.codeRepository if is_code_url(url) else SCHEMA.url
        pairs.append((predicate, t.iri(iri)))
    pairs += [(DCTERMS.subject, t.literal(category)) for category in paper.categories]
    # a file name that is not UTF-8 reaches Python as lone surrogates, which UTF-8 output refuses
    for source in paper.sources:
        where = str(source).encode("utf-8", "replace").decode("utf-8")
        pairs.append((DCTERMS.source, t.literal(where)))
        pairs.append((KG.readFrom, t.literal(f"{source.format}:{where}")))
    return pairs


# --- writers ---------------------------------------------------------------------------

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r]')
_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
# Ontology namespaces written as prefixes; resources (kgr:) stay full IRIs, since their
# local parts hold "/", which a Turtle prefixed name would have to escape.
_PREFIX_OF = {str(ns): p for p, ns in PREFIXES.items() if p != "kgr"}
_NAMESPACE_END = re.compile(r"^(.*[#/])([^#/]*)$")
_RESOURCES = str(RES)
XSD_STRING = XSD.string


def _escaped(text: str) -> str:
    if _NEEDS_ESCAPE.search(text):
        return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group()], text)
    return text


def _literal(term: Literal, datatype: str) -> str:
    text = _escaped(str.__str__(term))
    if term.datatype is not None and term.datatype != XSD_STRING:
        return f'"{text}"^^{datatype}'
    return f'"{text}"'


@lru_cache(maxsize=4096)
def compact_iri(iri: str) -> str | None:
    """ "kg:Method" for an ontology term, None for anything else (resources, URLs)."""
    match = _NAMESPACE_END.match(iri)
    if match is None or match.group(1) not in _PREFIX_OF or not _LOCAL_NAME.match(match.group(2)):
        return None
    return f"{_PREFIX_OF[match.group(1)]}:{match.group(2)}"


def nt_term(term) -> str:
    """A term in N-Triples syntax (also valid Turtle)."""
    if isinstance(term, Literal):
        return _literal(term, f"<{term.datatype}>")
    return f"<{term}>"


def _turtle_term(term) -> str:
    """A term in Turtle: ontology terms as prefixed names, resources as full IRIs."""
    if isinstance(term, Literal):
        return _literal(term, _turtle_term(term.datatype) if term.datatype else "")
    if term.startswith(_RESOURCES):  # most IRIs, and never prefixed
        return f"<{term}>"
    return compact_iri(str(term)) or f"<{term}>"


@lru_cache(maxsize=1024)
def _turtle_verb(predicate: str) -> str:
    return compact_iri(predicate) or f"<{predicate}>"


# What an IRI may not hold to be written in N3 or Turtle (rdflib's check in ``URIRef.n3``).
_NOT_IN_N3_IRIS = frozenset('<>" {}|\\^`')


class TurtleTerms(Terms):
    """Terms as their Turtle text, exactly as ``_turtle_term`` writes the rdflib ones: a
    build's Turtle never makes an rdflib term per triple. Literals of recurring values are
    written once (``value``, ``typed``); a plain string literal is escaped directly."""

    @staticmethod
    def iri(iri: str) -> str:
        if iri.startswith(_RESOURCES):  # most IRIs, and never prefixed
            return f"<{iri}>"
        return compact_iri(str.__str__(iri)) or f"<{iri}>"

    @staticmethod
    def literal(text: str) -> str:
        if type(text) is not str:  # a Paper made in Python may hold another value
            return _turtle_term(Literal(text))
        return f'"{_escaped(text)}"'

    @staticmethod
    @lru_cache(maxsize=65536)
    def typed(lexical: str, datatype: URIRef) -> str:
        return _turtle_term(Literal(lexical, datatype=datatype))

    @staticmethod
    def date(date: str) -> str:
        return _turtle_term(date_literal(date))  # not kept: a bad date warns each time

    @staticmethod
    @lru_cache(maxsize=65536)  # keyed as ``value`` is, so it is the text of ``value``'s term
    def value(*term_and_datatype) -> str:
        return _turtle_term(value(*term_and_datatype))

    @staticmethod
    def order(term: str) -> str:
        """The N3 form an IRI in Turtle has: ``<...>``; an IRI N3 cannot hold is refused,
        as ``URIRef.n3`` refuses it."""
        if term.startswith("<") and not _NOT_IN_N3_IRIS.isdisjoint(term[1:-1]):
            raise ValueError(
                f'"{term[1:-1]}" does not look like a valid URI, I cannot serialize this as '
                "N3/Turtle. Perhaps you wanted to urlencode it?"
            )
        return term


TURTLE_TERMS = TurtleTerms()


def write_ntriples(graph: KnowledgeGraph, out: IO[str], *, evidence: bool = True) -> None:
    for subject, pairs in resources(graph, evidence=evidence):
        head = nt_term(subject)
        out.writelines(f"{head} {nt_term(p)} {nt_term(o)} .\n" for p, o in pairs)


def write_turtle(graph: KnowledgeGraph, out: IO[str], *, evidence: bool = True) -> None:
    for prefix, namespace in sorted((p, ns) for ns, p in _PREFIX_OF.items()):
        out.write(f"@prefix {prefix}: <{namespace}> .\n")
    for subject, pairs in resources(graph, evidence=evidence, terms=TURTLE_TERMS):
        parts = ["\n", subject]
        previous = None
        for index, (term, obj) in enumerate(pairs):
            predicate = str.__str__(term)  # plain str comparisons below
            if predicate == previous:
                parts += (" ,\n        ", obj)
            else:
                verb = "a" if predicate == _RDF_TYPE else _turtle_verb(predicate)
                parts += (" " if index == 0 else " ;\n    ", verb, " ", obj)
            previous = predicate
        parts.append(" .\n")
        out.write("".join(parts))


def _jsonld_value(term):
    if isinstance(term, Literal):
        if term.datatype is None or term.datatype == XSD.string:
            return str(term)
        return {"@value": str(term), "@type": compact_iri(str(term.datatype)) or str(term.datatype)}
    return {"@id": compact_iri(str(term)) or str(term)}


def write_jsonld(graph: KnowledgeGraph, out: IO[str], *, evidence: bool = True) -> None:
    """JSON-LD with kg's @context: one node object per resource, in the stable order."""
    out.write(
        '{\n  "@context": ' + json.dumps(jsonld_context(), sort_keys=True) + ',\n  "@graph": ['
    )
    for number, (subject, pairs) in enumerate(resources(graph, evidence=evidence)):
        node: dict = {"@id": str(subject)}
        for predicate, obj in pairs:
            if predicate == RDF.type:
                node.setdefault("@type", []).append(compact_iri(str(obj)) or str(obj))
            else:
                node.setdefault(_turtle_term(predicate), []).append(_jsonld_value(obj))
        out.write(("\n    " if number == 0 else ",\n    ") + json.dumps(node, ensure_ascii=False))
    out.write("\n  ]\n}\n")


WRITERS = {"ttl": write_turtle, "nt": write_ntriples, "jsonld": write_jsonld}


def write_rdf(
    graph: KnowledgeGraph, path: str | Path, fmt: str = "ttl", *, evidence: bool = True
) -> Path:
    """Stream the graph to ``path`` atomically (a reader never sees a half-written file)."""
    path = Path(path)
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as out:
        WRITERS[fmt](graph, out, evidence=evidence)
    return path


def jsonld_context() -> dict:
    """The JSON-LD @context: kg's prefixes, so keys read "kg:uses", "dcterms:title"."""
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
