"""Interactive HTML graph: pyvis assembles nodes and edges, kg's own template renders them.

The page is self-contained (vis-network is inlined from the pyvis package, nothing is
loaded over the network), its layout is computed here with networkx so the first
frame is already stable, and every text from the inputs reaches the page as JSON data
inserted with ``textContent``, never as markup.
"""

from __future__ import annotations

import json
import math
import random
import statistics
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

import networkx as nx
import numpy as np
import scipy.sparse
from jinja2 import Environment, PackageLoader, select_autoescape
from pyvis.edge import Edge
from pyvis.network import Network

from ..files import write_text_atomic
from ..model import KnowledgeGraph
from ..rdf.terms import PAPER_RELATIONS, PROPOSES
from ..records import ENTITY_TYPES
from ..registry import exporter

TYPE_COLOURS = {
    "paper": "#9aa0a6", "method": "#4e79a7", "dataset": "#f28e2b", "task": "#59a14f",
    "metric": "#b07aa1", "concept": "#edc948",
}
# Edge colours of the paper -> entity relations, in the order kg.rdf.terms lists them
# (proposes, uses, evaluatesOn, addresses, measures, mentions).
RELATION_COLOURS = dict(zip(PAPER_RELATIONS, ("#d62728", "#4e79a7", "#f28e2b", "#59a14f",
                                              "#b07aa1", "#c9c9c9"), strict=True))
LAYOUT_SCALE = 1500
LAYOUT_CORE = 600  # nodes laid out by force simulation; the rest are placed by their links
EVIDENCE_PER_ENTITY = 3
# Paper nodes drawn at most (those most linked to the shown entities): a browser draws a few
# thousand nodes smoothly, and a 100k-paper corpus links its top entities to most papers.
MAX_PAPER_NODES = 3000
VIS_ASSETS = "lib/vis-9.1.2"


def entity_rank(graph: KnowledgeGraph) -> dict[str, float]:
    """PageRank of every entity on the paper-entity graph (how central it is to the field).

    The same PageRank as ``nx.pagerank`` of the undirected graph, computed on a sparse
    matrix: a networkx graph of a 100k-paper corpus (millions of edges) would hold them as
    dicts of dicts, gigabytes by estimate.
    """
    index = {key: number for number, key in enumerate(graph.entities)}
    for relation in graph.relations:
        index.setdefault(("paper", relation.subject), len(index))
    pairs = {(index[("paper", r.subject)], index[r.object]) for r in graph.relations}
    if not pairs:
        return {k: 0.0 for k in graph.entities}
    scores = undirected_pagerank(pairs, len(index))
    return {key: float(scores[index[key]]) for key in graph.entities}


def undirected_pagerank(pairs: set[tuple[int, int]], size: int, alpha: float = 0.85,
                        max_iter: int = 100, tol: float = 1.0e-6) -> np.ndarray:
    """PageRank of an undirected graph given as node-number pairs, as ``nx.pagerank``
    computes it (uniform teleport; dangling nodes spread uniformly)."""
    rows, cols = np.array(sorted(pairs), dtype=np.int64).T
    adjacency = scipy.sparse.coo_array((np.ones(2 * len(rows)), (np.r_[rows, cols], np.r_[cols, rows])),
                                       shape=(size, size)).tocsr()
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    with np.errstate(divide="ignore"):
        inverse = np.where(degree > 0, 1.0 / degree, 0.0)
    transition = scipy.sparse.diags_array(inverse) @ adjacency
    dangling = degree == 0
    scores = np.full(size, 1.0 / size)
    for _ in range(max_iter):
        previous = scores
        scores = alpha * (scores @ transition + scores[dangling].sum() / size) + (1 - alpha) / size
        if np.abs(scores - previous).sum() < size * tol:
            break
    return scores


def select_entities(graph: KnowledgeGraph, max_entities: int, rank: dict[str, float] | None = None,
                    entity_type: str | None = None) -> list[str]:
    """Keys of the entities to draw: the most central ones (PageRank, then paper count),
    concepts last among equals; ``entity_type`` keeps one type."""
    rank = rank if rank is not None else entity_rank(graph)
    candidates = [e for e in graph.entities.values() if entity_type in (None, e.type)]
    ranked = sorted(candidates, key=lambda e: (-round(rank.get(e.key, 0.0), 12), -e.paper_count,
                                               e.type == "concept", e.key))
    return [e.key for e in ranked[:max_entities]]


def _layout(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """Positions for every node, computed once here so the page needs no physics.

    Up to ``LAYOUT_CORE`` nodes get a force-directed layout. Larger graphs lay out their
    best-connected ``LAYOUT_CORE`` nodes that way and place every other node, best
    connected first, next to the nodes it is linked to (papers beside their entities),
    which costs one pass over the edges instead of a quadratic force simulation.
    """
    if not nodes:
        return {}
    layout_graph = nx.Graph()
    layout_graph.add_nodes_from(nodes)
    layout_graph.add_edges_from(edges)
    by_degree = sorted(nodes, key=lambda n: (-layout_graph.degree(n), n))
    core = layout_graph.subgraph(by_degree[:LAYOUT_CORE])
    positions = {n: (float(x), float(y)) for n, (x, y) in nx.spring_layout(
        core, seed=7, iterations=60, k=2.0 / max(len(core), 1) ** 0.5).items()}
    rng = random.Random(7)
    spread = 1.5 / max(len(core), 1) ** 0.5
    for node in by_degree[LAYOUT_CORE:]:
        placed = [positions[n] for n in layout_graph[node] if n in positions]
        if placed:
            cx = sum(p[0] for p in placed) / len(placed)
            cy = sum(p[1] for p in placed) / len(placed)
        else:  # an isolated node: on an outer ring
            angle = rng.uniform(0, 2 * math.pi)
            cx, cy = 1.2 * math.cos(angle), 1.2 * math.sin(angle)
        positions[node] = (cx + rng.uniform(-spread, spread), cy + rng.uniform(-spread, spread))
    positions = pull_in_outliers(positions)
    return {n: (x * LAYOUT_SCALE, y * LAYOUT_SCALE) for n, (x, y) in positions.items()}


def pull_in_outliers(positions: dict[str, tuple[float, float]], share: float = 0.95,
                     margin: float = 1.15) -> dict[str, tuple[float, float]]:
    """Move nodes far outside the bulk (small components the force layout flings away)
    in to ``margin`` times the radius holding ``share`` of the nodes, keeping their angle,
    so the first frame is not mostly empty space."""
    if len(positions) < 20:
        return positions
    cx = statistics.median(x for x, _ in positions.values())  # medians: outliers do not pull
    cy = statistics.median(y for _, y in positions.values())
    radii = sorted(math.hypot(x - cx, y - cy) for x, y in positions.values())
    limit = margin * radii[int(share * (len(radii) - 1))]
    moved = {}
    for node, (x, y) in positions.items():
        radius = math.hypot(x - cx, y - cy)
        if radius > limit > 0:
            x, y = cx + (x - cx) * limit / radius, cy + (y - cy) * limit / radius
        moved[node] = (x, y)
    return moved


def build_network(graph: KnowledgeGraph, max_entities: int = 300, *,
                  entity_type: str | None = None) -> tuple[Network, dict]:
    """The pyvis ``Network`` to draw, plus side-panel data (papers, evidence) per node id."""
    rank = entity_rank(graph)
    shown = select_entities(graph, max_entities, rank, entity_type)
    shown_set = set(shown)
    relations = [r for r in graph.relations if r.object in shown_set]
    links = Counter(r.subject for r in relations)
    if len(links) > MAX_PAPER_NODES:  # the papers most linked to the shown entities
        kept = {k for k, _ in sorted(links.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_PAPER_NODES]}
        relations = [r for r in relations if r.subject in kept]
    paper_keys = sorted({r.subject for r in relations})
    layout = _layout([graph.node_id(k) for k in shown] + [graph.node_id(k) for k in paper_keys],
                     [(graph.node_id(r.subject), graph.node_id(r.object)) for r in relations])

    net = Network(height="100%", width="100%", directed=True, cdn_resources="local")
    net.toggle_physics(False)
    largest = max((graph.entities[k].paper_count for k in shown), default=1) or 1
    top_rank = max((rank[k] for k in shown), default=1.0) or 1.0
    for key in shown:
        entity = graph.entities[key]
        x, y = layout[graph.node_id(key)]
        by_rank = round(8 + 32 * (rank[key] / top_rank) ** 0.5, 2)
        net.add_node(graph.node_id(key), label=entity.label, title=_entity_hover(entity),
                     color=TYPE_COLOURS[entity.type], x=x, y=y, size=by_rank, shape="dot",
                     kind=entity.type, size_pagerank=by_rank,
                     size_papers=round(8 + 32 * (entity.paper_count / largest) ** 0.5, 2))
    for key in paper_keys:
        paper = graph.papers[key]
        x, y = layout[graph.node_id(key)]
        net.add_node(graph.node_id(key), label=" ", title=paper.title, color=TYPE_COLOURS["paper"],
                     x=x, y=y, size=4, shape="dot", kind="paper", size_pagerank=4, size_papers=4)
    for relation in relations:  # pyvis's add_edge looks for duplicates: quadratic in edges
        net.edges.append(Edge(graph.node_id(relation.subject), graph.node_id(relation.object),
                              directed=True, color=RELATION_COLOURS[relation.predicate],
                              title=relation.predicate, relation=relation.predicate,
                              width=2 if relation.predicate == PROPOSES else 1,
                              dashes=relation.predicate == "mentions").options)
    return net, _panel_data(graph, shown, paper_keys, relations)


def _entity_hover(entity) -> str:
    aliases = ", ".join(entity.aliases[:6]) or "none"
    return (f"{entity.label}\ntype: {entity.type}\npapers: {entity.paper_count}\n"
            f"aliases: {aliases}")


def _panel_data(graph: KnowledgeGraph, shown: list[str], paper_keys: list[str],
                relations) -> dict:
    papers_of = defaultdict(list)
    entities_of = defaultdict(list)
    for relation in relations:
        papers_of[relation.object].append((relation.subject, relation.predicate))
        entities_of[relation.subject].append((relation.object, relation.predicate))
    evidence = defaultdict(list)
    shown_set = set(shown)
    for item in graph.mentions:
        if item.entity_key in shown_set and len(evidence[item.entity_key]) < EVIDENCE_PER_ENTITY:
            m = item.mention
            text = graph.papers[item.paper_key].text_of(m.field)
            evidence[item.entity_key].append({
                "before": text[m.sentence_start:m.start], "mention": text[m.start:m.end],
                "after": text[m.end:m.sentence_end], "paper": item.paper_key,
            })
    panel = {"papers": {}, "entities": {}}
    for key in paper_keys:
        paper = graph.papers[key]
        panel["papers"][graph.node_id(key)] = {
            "title": paper.title, "date": paper.date or "", "urls": list(paper.urls),
            "entities": [[graph.node_id(k), graph.entities[k].label, rel] for k, rel in entities_of[key]],
        }
    for key in shown:
        entity = graph.entities[key]
        panel["entities"][graph.node_id(key)] = {
            "label": entity.label, "type": entity.type, "aliases": list(entity.aliases),
            "paper_count": entity.paper_count,
            "papers": [[graph.node_id(k), rel] for k, rel in papers_of[key]],
            "evidence": evidence[key],
        }
    return panel


def safe_json(value) -> str:
    """JSON that can sit inside a <script> element without ending it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_html(graph: KnowledgeGraph, *, max_entities: int = 300, title: str = "kg",
                entity_type: str | None = None) -> str:
    """The complete, self-contained page as a string; ``entity_type`` draws one type only."""
    net, panel = build_network(graph, max_entities, entity_type=entity_type)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    vis = resources.files("pyvis").joinpath(VIS_ASSETS)
    env = Environment(loader=PackageLoader("kg.export", "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    hidden = sum(entity_type in (None, e.type) for e in graph.entities.values()) - len(panel["entities"])
    return env.get_template("graph.html.j2").render(
        title=title,
        vis_js=vis.joinpath("vis-network.min.js").read_text("utf-8"),
        vis_css=vis.joinpath("vis-network.css").read_text("utf-8"),
        nodes_json=safe_json(nodes), edges_json=safe_json(edges),
        options_json=safe_json(json.loads(options)), panel_json=safe_json(panel),
        colours=TYPE_COLOURS, relation_colours=RELATION_COLOURS, types=ENTITY_TYPES,
        summary=graph.summary(), shown=len(panel["entities"]), hidden=hidden,
        entity_type=entity_type,
    )


@exporter("html", order=50, help="self-contained interactive graph.html")
def write_html_file(graph: KnowledgeGraph, path: Path, settings) -> Path:
    return write_html(graph, path, max_entities=settings.html_max_entities)


def write_html(graph: KnowledgeGraph, path: str | Path, *, max_entities: int = 300,
               entity_type: str | None = None) -> Path:
    """Write graph.html (or a focused view of one entity type) atomically."""
    return write_text_atomic(path, render_html(graph, max_entities=max_entities,
                                               entity_type=entity_type))
