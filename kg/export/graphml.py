"""GraphML export (networkx) for Gephi, Cytoscape and yEd."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import atomic_path
from ..registry import exporter

if TYPE_CHECKING:
    import networkx as nx

    from ..graph import KnowledgeGraph


# Characters XML 1.0 cannot hold at all, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (U+FFFF, most controls, surrogates)."""
    return _NOT_XML.sub("\ufffd", text)


def to_graphml_graph(graph: KnowledgeGraph) -> nx.MultiDiGraph:
    """The full networkx view with list attributes joined, as GraphML wants scalars, and
    each edge keyed ``e0``, ``e1``... (GraphML's edge ids must be unique in the file; the
    view's keys are the relations, which many edges share, and stay in ``relation``)."""
    import networkx as nx

    view = graph.to_networkx()
    for _, data in view.nodes(data=True):
        data["aliases"] = " | ".join(data.get("aliases") or [])
        data["date"] = data.get("date") or ""
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = xml_text(value)
    keyed: nx.MultiDiGraph = nx.MultiDiGraph()
    keyed.add_nodes_from(view.nodes(data=True))
    for number, (source, target, data) in enumerate(view.edges(data=True)):
        keyed.add_edge(source, target, key=f"e{number}", **data)
    return keyed


@exporter("graphml", order=40, help="GraphML for Gephi, Cytoscape and yEd")
def write_graphml_file(graph: KnowledgeGraph, folder: Path, settings) -> Path:
    return write_graphml(graph, folder / "graph.graphml")


def write_graphml(graph: KnowledgeGraph, path: str | Path) -> Path:
    """Write graph.graphml atomically."""
    path = Path(path)
    with atomic_path(path) as tmp:
        import networkx as nx  # here: listing the output formats must not load it

        nx.write_graphml(to_graphml_graph(graph), tmp, encoding="utf-8")
    return path
