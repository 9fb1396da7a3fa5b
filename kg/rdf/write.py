"""RDF writing under the kg ontology (ontology/kg.ttl): Turtle, N-Triples and JSON-LD.

The triples are generated one resource at a time (``resources``) and written as they come,
so an export never holds the whole RDF graph in memory: at 6,000 papers an rdflib
``Graph`` took 1.7 GB and most of the build time. Terms are rdflib terms; ``to_rdf``
still gives an rdflib ``Graph`` for the Python API. The order is stable, so the same
input gives the same bytes.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SKOS, XSD

from ..files import atomic_path
from ..ids import id_link
from ..records import DATE_STATED, Paper, is_code_url
from .terms import (
    CLASS_BY_TYPE,
    EXTRACTOR,
    KG,
    PREFIXES,
    RES,
    RESULT_LINKS,
    SCHEMA,
    predicate_iri,
    result_iri,
    web_iri,
)

if TYPE_CHECKING:  # the model imports this module (its query store is N-Triples)
    from ..graph import KnowledgeGraph


def date_literal(date: str) -> Literal:
    """A date typed by what it says: xsd:date (a day), xsd:gYearMonth (a month), xsd:gYear
    (a year) or xsd:gMonthDay (a day of a year not given)."""
    if date.startswith("--"):
        return Literal(date, datatype=XSD.gMonthDay)
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(date), XSD.string)
    return Literal(date, datatype=datatype)


Pairs = list[tuple[URIRef, URIRef | Literal]]


def resources(graph: KnowledgeGraph, *, evidence: bool = True) -> Iterator[tuple[URIRef, Pairs]]:
    """Every resource with its (predicate, object) pairs, one resource at a time:
    papers with their edges, entities with theirs, then (with ``evidence``) extractors,
    mentions and the statements behind entity->entity edges."""
    by_paper: dict[str, list] = defaultdict(list)
    for relation in graph.relations:
        by_paper[relation.subject].append(relation)
    by_entity: dict[str, list] = defaultdict(list)
    for relation in graph.entity_relations:
        by_entity[relation.subject].append(relation)
    for key in sorted(graph.papers):
        pairs = _paper_pairs(graph.papers[key])
        pairs += sorted(
            ((KG[r.predicate], graph.entity_iri(r.object)) for r in by_paper.pop(key, ())),
            key=_object_order,
        )
        yield graph.paper_iri(key), _ordered(pairs)
    for key in sorted(graph.entities):
        entity = graph.entities[key]
        pairs = [
            (RDF.type, CLASS_BY_TYPE[entity.type]),
            (SKOS.prefLabel, Literal(entity.label)),
            (KG.key, Literal(entity.key)),
        ]
        pairs += [(SKOS.altLabel, Literal(alias)) for alias in entity.aliases]
        if entity.abbreviation:
            pairs.append((KG.abbreviation, Literal(entity.abbreviation)))
        pairs.append((KG.paperCount, value(entity.paper_count)))
        pairs.append((KG.mentionCount, value(entity.mention_count)))
        if entity.generic:
            pairs.append((KG.generic, value(True)))
        pairs.append((KG.specificity, Literal(f"{entity.specificity:.3f}", datatype=XSD.decimal)))
        pairs += [(KG.curation, Literal(step)) for step in entity.curation]
        pairs += sorted(
            (
                (predicate_iri(r.predicate), graph.entity_iri(r.object))
                for r in by_entity.pop(key, ())
            ),
            key=_object_order,
        )
        yield graph.entity_iri(key), _ordered(pairs)
    for item in graph.results:
        yield _result_resource(graph, item, evidence)
    if evidence:
        yield from _evidence(graph)


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


@lru_cache(maxsize=65536)
def value(term, datatype: URIRef | None = None) -> Literal:
    """A shared ``Literal`` for a value that recurs (offsets, labels, flags, scores): building
    rdflib literals was a third of the export time."""
    return Literal(term, datatype=datatype)


def _result_resource(graph: KnowledgeGraph, item, evidence: bool) -> tuple[URIRef, Pairs]:
    """A kg:Result: its value, unit, kind, entities, paper and sentence; with ``evidence``,
    the mentions of its entities (prov:wasDerivedFrom)."""
    r = item.result
    pairs: Pairs = [
        (RDF.type, KG.Result),
        (KG.reportedIn, graph.paper_iri(item.paper_key)),
        (KG.valueText, Literal(r.value)),
    ]
    if r.number is not None:
        pairs.append((KG.numericValue, Literal(repr(r.number), datatype=XSD.double)))
    else:
        pairs += [
            (KG.lowValue, Literal(repr(r.low), datatype=XSD.double)),
            (KG.highValue, Literal(repr(r.high), datatype=XSD.double)),
        ]
    if r.unit:
        pairs.append((KG.unit, Literal(r.unit)))
    pairs += [(KG.resultKind, value(r.kind)), (KG.ours, value(r.ours))]
    for role, name in RESULT_LINKS.items():
        key = getattr(item, role)
        if key is not None:
            pairs.append((KG[name], graph.entity_iri(key)))
        span = getattr(r, f"{role}_span")
        if evidence and span is not None:
            pairs.append(
                (
                    PROV.wasDerivedFrom,
                    RES[f"mention/{item.paper_key}/{r.field}-{span[0]}-{span[1]}"],
                )
            )
    text = graph.papers[item.paper_key].text_of(r.field)
    pairs += [
        (IN_FIELD, value(r.field)),
        (START_CHAR, value(r.start)),
        (END_CHAR, value(r.end)),
        (SENTENCE, Literal(text[r.sentence_start : r.sentence_end])),
        (SENTENCE_START, value(r.sentence_start)),
        (SENTENCE_END, value(r.sentence_end)),
    ]
    return result_iri(item.paper_key, r.field, r.start, r.end), _ordered(pairs)


def mention_iri(item) -> URIRef:
    m = item.mention
    return RES[f"mention/{item.paper_key}/{m.field}-{m.start}-{m.end}"]


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


def _object_order(pair) -> str:
    return pair[1].n3()


# Terms of the hot loop, made once (a namespace attribute builds a new URIRef on each use).
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
)


def _evidence(graph: KnowledgeGraph) -> Iterator[tuple[URIRef, Pairs]]:
    """Mention resources, and for entity->entity edges an rdf:Statement derived from them."""
    for source in sorted(EXTRACTOR):
        yield EXTRACTOR[source], [(RDF.type, PROV.SoftwareAgent)]
    seen: set[URIRef] = set()
    for item in graph.mentions:
        m = item.mention
        node = mention_iri(item)
        if node in seen:
            continue  # two mentions of one span (a nested name never shares a span)
        seen.add(node)
        paper = graph.papers[item.paper_key]
        yield (
            node,
            _ordered(
                [
                    (RDF_TYPE, MENTION),
                    (IN_PAPER, graph.paper_iri(item.paper_key)),
                    (DENOTES, graph.entity_iri(item.entity_key)),
                    (IN_FIELD, value(m.field)),
                    (START_CHAR, value(m.start)),
                    (END_CHAR, value(m.end)),
                    (MENTION_TEXT, Literal(m.text)),
                    (SENTENCE, Literal(paper.text_of(m.field)[m.sentence_start : m.sentence_end])),
                    (SENTENCE_START, value(m.sentence_start)),
                    (SENTENCE_END, value(m.sentence_end)),
                    (MENTION_TYPE, value(m.label)),
                    *([(MODEL_LABEL, value(m.model_label))] if m.model_label else []),
                    *([(NESTED, value(True))] if m.nested else []),
                    (CONFIDENCE, value(m.score, XSD.decimal)),
                    (PROPOSED, value(m.proposed)),
                    (ATTRIBUTED_TO, EXTRACTOR[m.source]),
                ]
            ),
        )
    for relation in sorted(
        graph.entity_relations, key=lambda r: (r.subject, r.predicate, r.object)
    ):
        if not relation.evidence:
            continue  # derived from the names alone (skos:broader): no sentence states it
        statement = RES[
            f"statement/{graph.entity_slug(relation.subject)}-{relation.predicate}-"
            f"{graph.entity_slug(relation.object)}"
        ]
        pairs = [
            (RDF.type, RDF.Statement),
            (RDF.subject, graph.entity_iri(relation.subject)),
            (RDF.predicate, predicate_iri(relation.predicate)),
            (RDF.object, graph.entity_iri(relation.object)),
        ]
        pairs += [(PROV.wasDerivedFrom, mention_iri(graph.mentions[i])) for i in relation.evidence]
        pairs.append((CONFIDENCE, value(relation.confidence, XSD.decimal)))
        yield statement, _ordered(pairs)


def _paper_pairs(paper: Paper) -> Pairs:
    pairs: Pairs = [
        (RDF.type, KG.Paper),
        (DCTERMS.title, Literal(paper.title)),
        (DCTERMS.abstract, Literal(paper.abstract)),
    ]
    if paper.date:
        pairs.append((DCTERMS.date, date_literal(paper.date)))
        pairs.append((KG.dateOrigin, value(paper.date_origin or DATE_STATED)))
    # the source's own id first (kg.load reads it back as the first), then the canonical
    # identifiers, each also an owl:sameAs link to the page it resolves to
    if paper.external_id:
        pairs.append((DCTERMS.identifier, Literal(paper.external_id)))
    for ident in paper.ids:
        pairs.append((DCTERMS.identifier, Literal(ident)))
        link = id_link(ident)
        iri = web_iri(link[1]) if link else None
        if iri is not None:
            pairs.append((OWL.sameAs, URIRef(iri)))
    if paper.author_count is not None:
        pairs.append((KG.authorCount, Literal(paper.author_count)))
    pairs += [(KG.authorName, Literal(name)) for name in paper.authors]
    if paper.organisation:
        pairs.append((KG.organisation, Literal(paper.organisation)))
    for url in paper.urls:
        iri = web_iri(url)
        if iri is None:
            continue  # readers drop these with a warning; a Paper made in Python may hold one
        predicate = SCHEMA.codeRepository if is_code_url(url) else SCHEMA.url
        pairs.append((predicate, URIRef(iri)))
    pairs += [(DCTERMS.subject, Literal(category)) for category in paper.categories]
    # a file name that is not UTF-8 reaches Python as lone surrogates, which UTF-8 output refuses
    for source in paper.sources:
        where = str(source).encode("utf-8", "replace").decode("utf-8")
        pairs.append((DCTERMS.source, Literal(where)))
        pairs.append((KG.readFrom, Literal(f"{source.format}:{where}")))
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


def _literal(term: Literal, datatype: str) -> str:
    text = str.__str__(term)
    if _NEEDS_ESCAPE.search(text):
        text = _NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group()], text)
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


def write_ntriples(graph: KnowledgeGraph, out: IO[str], *, evidence: bool = True) -> None:
    for subject, pairs in resources(graph, evidence=evidence):
        head = nt_term(subject)
        out.writelines(f"{head} {nt_term(p)} {nt_term(o)} .\n" for p, o in pairs)


def write_turtle(graph: KnowledgeGraph, out: IO[str], *, evidence: bool = True) -> None:
    for prefix, namespace in sorted((p, ns) for ns, p in _PREFIX_OF.items()):
        out.write(f"@prefix {prefix}: <{namespace}> .\n")
    for subject, pairs in resources(graph, evidence=evidence):
        out.write(f"\n{_turtle_term(subject)}")
        previous = None
        for index, (term, obj) in enumerate(pairs):
            predicate = str.__str__(term)  # plain str comparisons below
            verb = "a" if predicate == _RDF_TYPE else _turtle_verb(predicate)
            if predicate == previous:
                out.write(f" ,\n        {_turtle_term(obj)}")
            else:
                out.write((" " if index == 0 else " ;\n    ") + f"{verb} {_turtle_term(obj)}")
            previous = predicate
        out.write(" .\n")


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
