"""GraphML export (networkx) for Gephi, Cytoscape and yEd."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from ..model import KnowledgeGraph
from .files import atomic_path


def to_graphml_graph(graph: KnowledgeGraph) -> nx.MultiDiGraph:
    """The full networkx view with list attributes joined, as GraphML wants scalars."""
    view = graph.to_networkx()
    for _, data in view.nodes(data=True):
        data["aliases"] = " | ".join(data.get("aliases") or [])
        data["date"] = data.get("date") or ""
    return view


def write_graphml(graph: KnowledgeGraph, path: str | Path) -> Path:
    """Write graph.graphml atomically."""
    path = Path(path)
    with atomic_path(path) as tmp:
        nx.write_graphml(to_graphml_graph(graph), tmp, encoding="utf-8")
    return path
