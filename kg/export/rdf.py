"""RDF export under the kg ontology (ontology/kg.ttl): Turtle, N-Triples and JSON-LD.

Every format is written in a stable order, so the same input gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from ..model import KnowledgeGraph
from ..records import Paper
from ..vocab import CLASS_BY_TYPE, EXTRACTOR, KG, PREFIXES, RES, SCHEMA
from .files import atomic_path

RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co")


def date_literal(date: str) -> Literal:
    """Typed date: xsd:date, xsd:gYearMonth, xsd:gYear or year-less xsd:gMonthDay."""
    if date.startswith("--"):
        return Literal(date, datatype=XSD.gMonthDay)
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}.get(len(date), XSD.string)
    return Literal(date, datatype=datatype)


def to_rdf(graph: KnowledgeGraph, *, evidence: bool = True) -> Graph:
    """An rdflib ``Graph`` of papers, entities, relations and (optionally) mention evidence."""
    rdf = Graph()
    for prefix, namespace in PREFIXES.items():
        rdf.bind(prefix, namespace)
    for paper in graph.papers.values():
        _add_paper(rdf, paper)
    for key, entity in graph.entities.items():
        node = graph.entity_iri(key)
        rdf.add((node, RDF.type, CLASS_BY_TYPE[entity.type]))
        rdf.add((node, SKOS.prefLabel, Literal(entity.label)))
        for alias in entity.aliases:
            rdf.add((node, SKOS.altLabel, Literal(alias)))
        if entity.abbreviation:
            rdf.add((node, KG.abbreviation, Literal(entity.abbreviation)))
        rdf.add((node, KG.paperCount, Literal(entity.paper_count)))
    for relation in graph.relations:
        rdf.add((graph.paper_iri(relation.subject), KG[relation.predicate],
                 graph.entity_iri(relation.object)))
    for relation in graph.entity_relations:
        rdf.add((graph.entity_iri(relation.subject), KG[relation.predicate],
                 graph.entity_iri(relation.object)))
    if evidence:
        _add_evidence(rdf, graph)
    return rdf


def mention_iri(item) -> URIRef:
    m = item.mention
    return RES[f"mention/{item.paper_key}/{m.field}-{m.start}-{m.end}"]


def _add_evidence(rdf: Graph, graph: KnowledgeGraph) -> None:
    """Mention resources, and for entity->entity edges an rdf:Statement derived from them."""
    for agent in EXTRACTOR.values():
        rdf.add((agent, RDF.type, PROV.SoftwareAgent))
    for item in graph.mentions:
        m = item.mention
        node = mention_iri(item)
        paper = graph.papers[item.paper_key]
        rdf.add((node, RDF.type, KG.Mention))
        rdf.add((node, KG.inPaper, graph.paper_iri(item.paper_key)))
        rdf.add((node, KG.denotes, graph.entity_iri(item.entity_key)))
        rdf.add((node, KG.inField, Literal(m.field)))
        rdf.add((node, KG.startChar, Literal(m.start)))
        rdf.add((node, KG.endChar, Literal(m.end)))
        rdf.add((node, KG.mentionText, Literal(m.text)))
        rdf.add((node, KG.sentence,
                 Literal(paper.text_of(m.field)[m.sentence_start:m.sentence_end])))
        rdf.add((node, KG.confidence, Literal(m.score, datatype=XSD.decimal)))
        rdf.add((node, KG.proposedInPaper, Literal(m.proposed)))
        rdf.add((node, PROV.wasAttributedTo, EXTRACTOR[m.source]))
    for relation in graph.entity_relations:
        subject, obj = graph.entity_iri(relation.subject), graph.entity_iri(relation.object)
        statement = RES[f"statement/{graph.entity_slug(relation.subject)}-{relation.predicate}-"
                        f"{graph.entity_slug(relation.object)}"]
        rdf.add((statement, RDF.type, RDF.Statement))
        rdf.add((statement, RDF.subject, subject))
        rdf.add((statement, RDF.predicate, KG[relation.predicate]))
        rdf.add((statement, RDF.object, obj))
        for index in relation.evidence:
            rdf.add((statement, PROV.wasDerivedFrom, mention_iri(graph.mentions[index])))


def _add_paper(rdf: Graph, paper: Paper) -> None:
    node = RES[f"paper/{paper.key}"]
    rdf.add((node, RDF.type, KG.Paper))
    rdf.add((node, DCTERMS.title, Literal(paper.title)))
    rdf.add((node, DCTERMS.abstract, Literal(paper.abstract)))
    if paper.date:
        rdf.add((node, DCTERMS.date, date_literal(paper.date)))
    if paper.external_id:
        rdf.add((node, DCTERMS.identifier, Literal(paper.external_id)))
    if paper.author_count is not None:
        rdf.add((node, KG.authorCount, Literal(paper.author_count)))
    for name in paper.authors:
        rdf.add((node, KG.authorName, Literal(name)))
    if paper.organisation:
        rdf.add((node, KG.organisation, Literal(paper.organisation)))
    for url in paper.urls:
        predicate = SCHEMA.codeRepository if any(h in url.lower() for h in _CODE_HOSTS) \
            else SCHEMA.url
        rdf.add((node, predicate, URIRef(url)))
    for category in paper.categories:
        rdf.add((node, DCTERMS.subject, Literal(category)))
    for source in paper.sources:
        rdf.add((node, DCTERMS.source, Literal(str(source))))


def write_rdf(graph: KnowledgeGraph, path: str | Path, fmt: str = "ttl", *,
              evidence: bool = True) -> Path:
    """Serialise to ``path`` atomically (a reader never sees a half-written file)."""
    path = Path(path)
    rdf = to_rdf(graph, evidence=evidence)
    options = {"context": jsonld_context(), "auto_compact": True} if fmt == "jsonld" else {}
    with atomic_path(path) as tmp:
        if fmt == "nt":  # rdflib writes triples in hash order; sorted lines diff cleanly
            lines = rdf.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
            lines.sort()
            tmp.write_bytes(b"".join(lines))
        elif fmt == "jsonld":  # likewise: nodes and value arrays in a stable order
            document = json.loads(rdf.serialize(format="json-ld", **options))
            tmp.write_text(json.dumps(_canonical_order(document), indent=2, ensure_ascii=False),
                           encoding="utf-8")
        else:
            rdf.serialize(destination=str(tmp), format=RDF_FORMATS[fmt], encoding="utf-8")
    return path


def _canonical_order(value):
    """JSON with every array sorted (kg's JSON-LD has no @list, so arrays are sets)."""
    if isinstance(value, dict):
        return {key: _canonical_order(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_canonical_order(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


def jsonld_context() -> dict:
    """The JSON-LD @context: kg's prefixes, so keys read "kg:uses", "dcterms:title"."""
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
