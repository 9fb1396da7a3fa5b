"""Analysis in Python: networkx views, centrality per type, communities and trends.

Mixed into ``KnowledgeGraph``. All networkx calls go through networkx's public
functions, so its backend dispatch works: with ``nx-parallel`` installed,
``nx.config.backend_priority.algos = ["parallel"]`` runs betweenness and friends on all
cores, and ``nx-cugraph`` does the same on a GPU. (nx-parallel 0.3, the newest release
when this was written, fails to import with networkx 3.6, so it is not a dependency.)
"""

from __future__ import annotations

import warnings
from collections import Counter, defaultdict
from itertools import combinations

import networkx as nx

from .records import ENTITY_TYPES

MEASURES = ("pagerank", "degree", "betweenness", "eigenvector", "closeness")
VIEWS = ("full", "cooccurrence", "bipartite")
# Above this many nodes betweenness and closeness are estimated from sampled sources.
EXACT_BETWEENNESS_MAX_NODES = 2_000
BETWEENNESS_SAMPLES = 300
SEED = 42


class AnalysisMixin:
    """Graph views and measures; expects ``papers``, ``entities``, ``relations`` and
    ``node_id`` (the model's one node-id scheme)."""

    def cooccurrence(self, type: str | None = None, min_shared: int = 1) -> nx.Graph:
        """Entity graph: an edge joins two entities named by the same paper;
        ``weight`` = number of shared papers. ``type`` keeps one entity type."""
        by_paper: dict[str, list[str]] = defaultdict(list)
        for relation in self.relations:
            if type is None or self.entities[relation.object].type == type:
                by_paper[relation.subject].append(relation.object)
        weights: Counter = Counter()
        for keys in by_paper.values():
            for a, b in combinations(sorted(set(keys)), 2):
                weights[a, b] += 1
        graph = nx.Graph()
        for key, entity in self.entities.items():
            if type is None or entity.type == type:
                graph.add_node(self.node_id(key), **self._node_attributes(key))
        graph.add_weighted_edges_from((self.node_id(a), self.node_id(b), w)
                                      for (a, b), w in weights.items() if w >= min_shared)
        return graph

    def bipartite(self, left: str = "method", right: str = "dataset") -> nx.Graph:
        """Two entity types, joined when a paper names one of each (``weight`` = papers)."""
        if left not in ENTITY_TYPES or right not in ENTITY_TYPES:
            raise ValueError(f"types must be among {ENTITY_TYPES}")
        full = self.cooccurrence()
        graph = nx.Graph()
        for node, data in full.nodes(data=True):
            if data["type"] in (left, right):
                graph.add_node(node, bipartite=0 if data["type"] == left else 1, **data)
        graph.add_edges_from((a, b, d) for a, b, d in full.edges(data=True)
                             if a in graph and b in graph
                             and graph.nodes[a]["bipartite"] != graph.nodes[b]["bipartite"])
        return graph

    def _node_attributes(self, key: str) -> dict:
        entity = self.entities[key]
        return {"key": key, "type": entity.type, "label": entity.label,
                "aliases": list(entity.aliases), "papers": entity.paper_count,
                "generic": entity.generic}

    def view(self, kind: str = "full", **options) -> nx.Graph:
        """``full`` (MultiDiGraph of papers and entities), ``cooccurrence`` or ``bipartite``."""
        if kind == "full":
            return self.to_networkx()
        if kind == "cooccurrence":
            return self.cooccurrence(**options)
        if kind == "bipartite":
            return self.bipartite(**options)
        raise ValueError(f"unknown view {kind!r} (choose from {', '.join(VIEWS)})")

    def centrality(self, measure: str = "pagerank", type: str | None = None,
                   top: int | None = None, on: str = "cooccurrence", generic: bool = False):
        """Entities ranked by ``measure`` on the ``on`` view, as a pandas DataFrame
        with columns label, type, score, papers (``.attrs["note"]`` says if sampled).
        Umbrella terms ("neural networks", ``Entity.generic``) are scored with the rest
        but listed only with ``generic=True``."""
        import pandas as pd

        if measure not in MEASURES:
            raise ValueError(f"unknown measure {measure!r} (choose from {', '.join(MEASURES)})")
        if type is not None and type not in ENTITY_TYPES:
            raise ValueError(f"unknown type {type!r} (choose from {', '.join(ENTITY_TYPES)})")
        graph = self.view(on) if on != "full" else nx.Graph(self.to_networkx())
        scores, note = _scores(graph, measure)
        rows = []
        for node, score in scores.items():
            entity = self.entities.get(graph.nodes[node]["key"])
            if entity is None or (type is not None and entity.type != type) \
                    or (entity.generic and not generic):
                continue
            rows.append({"label": entity.label, "type": entity.type, "score": float(score),
                         "papers": entity.paper_count})
        frame = pd.DataFrame(rows, columns=["label", "type", "score", "papers"])
        frame = frame.sort_values(["score", "papers", "label"], ascending=[False, False, True])
        frame = frame.head(top) if top else frame
        frame = frame.reset_index(drop=True)
        frame.attrs["note"] = note
        return frame

    def communities(self, type: str | None = None, resolution: float = 1.0, seed: int = SEED):
        """Louvain communities of the co-occurrence graph (seeded: same input, same result),
        largest first, as a DataFrame: community, size, top (labels by papers), members."""
        import pandas as pd

        graph = self.cooccurrence(type=type)
        graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
        groups = nx.community.louvain_communities(graph, weight="weight", resolution=resolution,
                                                  seed=seed) if graph.number_of_edges() else []
        rows = []
        for nodes in sorted(groups, key=lambda g: (-len(g), min(graph.nodes[n]["key"] for n in g))):
            members = [graph.nodes[n]["key"] for n in nodes]
            ranked = sorted(members, key=lambda k: (-self.entities[k].paper_count, k))
            rows.append({"size": len(members),
                         "top": [self.entities[k].label for k in ranked[:8]],
                         "members": ranked})
        frame = pd.DataFrame(rows, columns=["size", "top", "members"])
        frame.index.name = "community"
        return frame

    def trends(self, type: str = "method", by: str = "year", top: int | None = 20):
        """Papers per entity per year (papers with a known year only), entities with
        the most dated papers first; a DataFrame with one column per year."""
        import pandas as pd

        if by != "year":
            raise ValueError("only by='year' is supported")
        counts: dict[str, Counter] = defaultdict(Counter)
        for relation in self.relations:
            entity = self.entities[relation.object]
            year = self.papers[relation.subject].year
            if entity.type == type and year is not None:
                counts[entity.label][year] += 1
        frame = pd.DataFrame.from_dict(counts, orient="index").fillna(0).astype(int)
        if frame.empty:
            return frame
        frame = frame[sorted(frame.columns)]
        frame = frame.loc[frame.sum(axis=1).sort_values(ascending=False, kind="stable").index]
        return frame.head(top) if top else frame


def _scores(graph: nx.Graph, measure: str) -> tuple[dict, str]:
    if graph.number_of_nodes() == 0:
        return {}, ""
    weighted = "weight" if any("weight" in d for _, _, d in graph.edges(data=True)) else None
    if measure == "pagerank":
        return nx.pagerank(graph, weight=weighted), ""
    if measure == "degree":
        return nx.degree_centrality(graph), ""
    if measure == "closeness":
        if graph.number_of_nodes() > EXACT_BETWEENNESS_MAX_NODES:
            return _sampled_closeness(graph, BETWEENNESS_SAMPLES)
        return nx.closeness_centrality(graph), ""
    if measure == "eigenvector":
        try:
            return nx.eigenvector_centrality(graph, max_iter=1000, weight=weighted), ""
        except nx.PowerIterationFailedConvergence:
            return nx.eigenvector_centrality_numpy(graph, weight=weighted), ""
    n = graph.number_of_nodes()
    if n > EXACT_BETWEENNESS_MAX_NODES:
        k = min(BETWEENNESS_SAMPLES, n)
        note = f"betweenness estimated from {k} sampled sources of {n} nodes (seed {SEED})"
        warnings.warn(note, stacklevel=3)
        return nx.betweenness_centrality(graph, k=k, seed=SEED), note
    return nx.betweenness_centrality(graph), ""


def _sampled_closeness(graph: nx.Graph, samples: int) -> tuple[dict, str]:
    """Closeness estimated from breadth-first searches out of ``samples`` random pivots
    (Eppstein & Wang, 2004): a node's mean distance to the pivots stands for its mean
    distance to all nodes; scaled like networkx's Wasserman-Faust closeness."""
    import random

    nodes = list(graph)
    n = len(nodes)
    pivots = random.Random(SEED).sample(nodes, min(samples, n))
    total: Counter = Counter()
    reached: Counter = Counter()
    for pivot in pivots:
        for node, distance in nx.single_source_shortest_path_length(graph, pivot).items():
            if node != pivot:
                total[node] += distance
                reached[node] += 1
    component = {node: len(c) for c in nx.connected_components(graph) for node in c}
    scores = {}
    for node in nodes:
        if not reached[node]:
            scores[node] = 0.0
            continue
        mean = total[node] / reached[node]
        size = component[node]
        scores[node] = (1 / mean) * (size - 1) / (n - 1)
    note = f"closeness estimated from {len(pivots)} sampled pivots of {n} nodes (seed {SEED})"
    warnings.warn(note, stacklevel=3)
    return scores, note
