"""RDF outputs: Turtle, N-Triples and JSON-LD, written by the RDF layer (``kg.rdf.write``)."""

from __future__ import annotations

from pathlib import Path

from ..rdf.write import write_rdf
from ..registry import exporter


@exporter("ttl", order=10, help="Turtle under the kg ontology")
def write_turtle_file(graph, folder: Path, settings) -> Path:
    return write_rdf(graph, folder / "graph.ttl", "ttl", evidence=settings.evidence)


@exporter("nt", order=20, help="N-Triples (fastest to load)")
def write_ntriples_file(graph, folder: Path, settings) -> Path:
    return write_rdf(graph, folder / "graph.nt", "nt", evidence=settings.evidence)


@exporter("jsonld", order=30, help="JSON-LD with kg's @context")
def write_jsonld_file(graph, folder: Path, settings) -> Path:
    return write_rdf(graph, folder / "graph.jsonld", "jsonld", evidence=settings.evidence)
