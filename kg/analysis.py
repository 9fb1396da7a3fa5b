"""Analysis in Python: networkx views, centrality per type, communities, and the tables of
report.html (timelines, trend shifts, pair matrices, proposals).

Functions that take a ``KnowledgeGraph`` first, as networkx's do
(``kg.analysis.centrality(graph, top=5)``). All networkx calls go through networkx's public
functions, so its backend dispatch works: with ``nx-parallel`` installed,
``nx.config.backend_priority.algos = ["parallel"]`` runs betweenness and friends on all
cores, and ``nx-cugraph`` does the same on a GPU. (nx-parallel 0.3, the newest release
when this was written, fails to import with networkx 3.6, so it is not a dependency.)
"""

from __future__ import annotations

import inspect
import numbers
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from .community_names import community_names
from .dates import first_day, has_year, last_day
from .errors import UsageError, check_count, check_flag, check_number
from .progress import StageHook, announce, check_stages
from .rdf.terms import PAPER_ROLES, PROPOSES
from .records import ENTITY_TYPES, Entity

if TYPE_CHECKING:
    import pandas as pd

    from .graph import KnowledgeGraph

MEASURES = ("pagerank", "degree", "betweenness", "eigenvector", "closeness", "paper_pagerank")
VIEWS = ("full", "cooccurrence", "bipartite")
# Above this many nodes, or this many edges walked from every node (a dense graph of fewer
# nodes: 2,000 nodes and 200,000 edges took minutes), betweenness and closeness are
# estimated from sampled sources: at most BETWEENNESS_SAMPLES, fewer in a graph of more
# edges, so that no estimate walks more than SAMPLED_WORK edges.
EXACT_BETWEENNESS_MAX_NODES = 2_000
EXACT_BETWEENNESS_MAX_WORK = 45_000_000
BETWEENNESS_SAMPLES = 300
SAMPLED_WORK = 45_000_000
SEED = 42
MAP_MIN_PAPERS = 2  # entities of the field map and its communities: named by 2+ papers,
MAP_MAX_ENTITIES = (
    2000  # at most this many, those named by most papers (pairs grow as their square)
)
# A stated entity->entity relation that marks a cell of a pair matrix (kg.rdf.terms names).
MATRIX_MARKS = {
    ("method", "dataset"): ("evaluatedOn",),
    ("task", "metric"): ("evaluatedWith", "evaluatedOn", "usedFor", "comparedWith"),
}
MATRIX_BASES = ("evaluation", "cooccurrence")
# The roles that put a paper's method in its evaluation (a baseline is evaluated too). A
# method a paper with a proposal only uses is mostly a part of what is evaluated (its
# optimizer, backbone, a building block): judged on the seeds, 5 of 32 such cells were
# evaluations, against 37 of 45 proposed and 34 of 44 compared methods. In a paper that
# proposes no method (a study, a benchmark) what it uses is more often what it studies or
# runs on its data (see docs/quality.md, "The method x dataset matrix, judged").
EVALUATED_ROLES = frozenset({PROPOSES, "comparesWith"})
STUDIED_ROLES = frozenset({"uses"})


def cooccurrence(
    graph: KnowledgeGraph,
    type: str | None = None,
    min_shared: int = 1,
    roles: tuple[str, ...] | None = None,
) -> nx.Graph:
    """Entity graph: an edge joins two entities named by the same paper;
    ``weight`` = number of shared papers. ``type`` keeps one entity type; ``roles``
    counts only the papers that give both entities one of these roles (for example
    ``("proposes", "uses")``: what papers build with, not what they cite)."""
    _check_graph(graph)
    _check_type(type)
    check_count("min_shared", min_shared, least=1)
    relations = (
        graph.relations
        if roles is None
        else [r for r in graph.relations if r.predicate in _checked_roles(roles)]
    )
    weights = pair_weights(relations, lambda key: type is None or graph.entities[key].type == type)
    network: nx.Graph = nx.Graph()
    for key, entity in graph.entities.items():
        if type is None or entity.type == type:
            network.add_node(graph.node_id(key), **_node_attributes(graph, key))
    network.add_weighted_edges_from(
        (graph.node_id(a), graph.node_id(b), w) for (a, b), w in weights.items() if w >= min_shared
    )
    return network


def bipartite(graph: KnowledgeGraph, left: str = "method", right: str = "dataset") -> nx.Graph:
    """Two entity types, joined when a paper names one of each (``weight`` = papers)."""
    _check_graph(graph)
    if left not in ENTITY_TYPES or right not in ENTITY_TYPES:
        raise UsageError(f"types must be among {ENTITY_TYPES}")
    full = cooccurrence(graph)
    network: nx.Graph = nx.Graph()
    for node, data in full.nodes(data=True):
        if data["type"] in (left, right):
            network.add_node(node, bipartite=0 if data["type"] == left else 1, **data)
    network.add_edges_from(
        (a, b, d)
        for a, b, d in full.edges(data=True)
        if a in network
        and b in network
        and network.nodes[a]["bipartite"] != network.nodes[b]["bipartite"]
    )
    return network


def _node_attributes(graph: KnowledgeGraph, key: str) -> dict:
    entity = graph.entities[key]
    return {
        "key": key,
        "type": entity.type,
        "label": entity.label,
        "aliases": list(entity.aliases),
        "papers": entity.paper_count,
        "generic": entity.generic,
    }


def view(graph: KnowledgeGraph, kind: str = "full", **options) -> nx.Graph:
    """``full`` (MultiDiGraph of papers and entities), ``cooccurrence`` or ``bipartite``."""
    _check_graph(graph)
    if kind not in VIEWS:
        raise UsageError(f"unknown view {kind!r:.60} (choose from {', '.join(VIEWS)})")
    builder = {"full": lambda g: g.to_networkx(), "cooccurrence": cooccurrence}.get(kind, bipartite)
    accepted = set(inspect.signature(builder).parameters) - {"graph", "g"}
    unknown = sorted(set(options) - accepted)
    if unknown:
        raise UsageError(
            f"the {kind} view takes no option {unknown[0]!r:.40} (it takes "
            f"{', '.join(sorted(accepted)) or 'none'})"
        )
    return builder(graph, **options)


def centrality(
    graph: KnowledgeGraph,
    measure: str = "pagerank",
    type: str | None = None,
    top: int | None = None,
    on: str = "cooccurrence",
    generic: bool = False,
    roles: tuple[str, ...] | None = None,
    *,
    stages: StageHook | None = None,
) -> pd.DataFrame:
    """Entities ranked by a centrality measure.

    Parameters
    ----------
    graph : KnowledgeGraph
        The graph.
    measure : str, default "pagerank"
        ``pagerank``, ``degree``, ``betweenness``, ``eigenvector`` or ``closeness`` on the
        ``on`` view; or ``paper_pagerank``, PageRank on the paper-entity graph (papers and
        entities as nodes, one edge per paper naming an entity): the rank graph.html draws
        and report.html prints.
    type : str, optional
        List the entities of one type only (all are scored).
    top : int, optional
        List the ``top`` best-scored entities; all by default.
    on : str, default "cooccurrence"
        The view the measure runs on: ``cooccurrence`` (entities joined by the papers
        naming both, weighted), ``full`` (papers and entities) or ``bipartite``.
    generic : bool, default False
        List umbrella terms (``Entity.generic``) too; they are scored either way.
    roles : tuple of str, optional
        Count only the paper -> entity edges of these roles (``kg.rdf.terms.PAPER_ROLES``),
        e.g. ``("proposes", "uses")``: what papers build with, not what they cite.
    stages : callable, optional
        Called with a ``kg.progress.Stage`` named ``measure`` when the measure starts,
        saying on how many nodes and edges, and whether sampled (``kg centrality`` prints
        it on stderr).

    Returns
    -------
    pandas.DataFrame
        label, type, score and papers, best first; ``.attrs["note"]`` says when the
        measure was estimated from samples, ``.attrs["measure"]`` names it.

    Raises
    ------
    UsageError
        An unknown measure, type, view or role.

    Examples
    --------
    >>> import kg
    >>> graph = kg.build()  # the bundled sample
    >>> frame = kg.analysis.centrality(graph, type="method", top=3)
    >>> list(frame.columns), len(frame)
    (['label', 'type', 'score', 'papers'], 3)
    """
    import pandas as pd

    _check_graph(graph)
    if measure not in MEASURES:
        raise UsageError(f"unknown measure {measure!r:.60} (choose from {', '.join(MEASURES)})")
    _check_type(type)
    check_count("top", top, least=0, optional=True)  # (0, as None: all)
    check_flag("generic", generic)
    if on not in VIEWS:
        raise UsageError(f"unknown view {on!r:.60} (choose from {', '.join(VIEWS)})")
    kept = None if roles is None else set(_checked_roles(roles))
    check_stages(stages)
    note = ""
    if measure == "paper_pagerank":
        announce(stages, "measure", "paper_pagerank on the paper-entity graph...")
        scores = paper_pagerank(graph, roles=roles)
    else:
        if on == "full":
            full = graph.to_networkx()
            if kept is not None:
                full.remove_edges_from(
                    [
                        (a, b, k)
                        for a, b, k, d in full.edges(keys=True, data=True)
                        if d["relation"] in PAPER_ROLES and d["relation"] not in kept
                    ]
                )
            network: nx.Graph = nx.Graph(full)
        elif kept is not None:
            network = cooccurrence(graph, roles=roles)
        else:
            network = view(graph, on)
        announce(stages, "measure", _measuring(network, measure))
        by_node, note = _scores(network, measure)
        scores = {network.nodes[node]["key"]: score for node, score in by_node.items()}
    rows = []
    for key, score in scores.items():
        entity = graph.entities.get(key)
        if (
            entity is None
            or (type is not None and entity.type != type)
            or (entity.generic and not generic)
        ):
            continue
        rows.append(
            {
                "label": entity.label,
                "type": entity.type,
                "score": float(score),
                "papers": entity.paper_count,
            }
        )
    frame = pd.DataFrame(rows, columns=["label", "type", "score", "papers"])
    frame = frame.sort_values(["score", "papers", "label"], ascending=[False, False, True])
    frame = frame.head(top) if top else frame
    frame = frame.reset_index(drop=True)
    frame.attrs["note"] = note
    frame.attrs["measure"] = measure
    return frame


def communities(
    graph: KnowledgeGraph,
    type: str | None = None,
    top: int | None = None,
    *,
    min_papers: int = MAP_MIN_PAPERS,
    generic: bool = False,
    max_entities: int | None = MAP_MAX_ENTITIES,
    resolution: float = 1.0,
    seed: int = SEED,
) -> pd.DataFrame:
    """The field's communities: the ones graph.html colours and report.html lists.

    Louvain communities (seeded: same input, same result) of the co-occurrence graph of the
    entities named by at least ``min_papers`` papers, the ``max_entities`` named by most,
    umbrella terms left out, largest community first.

    Parameters
    ----------
    graph : KnowledgeGraph
        The graph.
    type : str, optional
        Keep the entities of one type only.
    top : int, optional
        Return the ``top`` largest communities (``kg communities --top``); all by default.
    min_papers : int, default MAP_MIN_PAPERS (2)
        Leave out entities named by fewer papers.
    generic : bool, default False
        Keep umbrella terms (``Entity.generic``).
    max_entities : int or None, default MAP_MAX_ENTITIES (2,000)
        Keep the entities named by most papers; None keeps all.
    resolution : float, default 1.0
        Louvain's resolution: above 1, smaller communities.
    seed : int, default SEED
        Louvain's random seed.

    Returns
    -------
    pandas.DataFrame
        One row per community (index ``community``, 0 = largest): name (its most
        distinctive specific members, one per type where one stands out:
        ``kg.community_names``), size,
        labels (the members' labels, most papers first) and members (their keys, in the
        same order).

    Examples
    --------
    >>> import kg
    >>> graph = kg.build()  # the bundled sample
    >>> frame = kg.analysis.communities(graph, top=3)
    >>> list(frame.columns), len(frame) <= 3
    (['name', 'size', 'labels', 'members'], True)
    """
    import pandas as pd

    check_count("top", top, least=1, optional=True)
    groups, names = community_groups(
        graph,
        type,
        min_papers=min_papers,
        generic=generic,
        max_entities=max_entities,
        resolution=resolution,
        seed=seed,
    )
    rows = []
    for name, members in list(zip(names, groups, strict=True))[:top]:
        rows.append(
            {
                "name": name,
                "size": len(members),
                "labels": [graph.entities[k].label for k in members],
                "members": members,
            }
        )
    frame = pd.DataFrame(rows, columns=["name", "size", "labels", "members"])
    frame.index.name = "community"
    return frame


def community_groups(
    graph: KnowledgeGraph,
    type: str | None = None,
    *,
    min_papers: int = MAP_MIN_PAPERS,
    generic: bool = False,
    max_entities: int | None = MAP_MAX_ENTITIES,
    resolution: float = 1.0,
    seed: int = SEED,
) -> tuple[list[list[str]], list[str]]:
    """The communities of ``communities`` as plain lists, without pandas (graph.html's):
    the member keys of each community, largest first, and the name of each. Arguments as
    ``communities``'."""
    _check_graph(graph)
    _check_type(type)
    check_number("min_papers", min_papers, least=0)
    check_number("resolution", resolution, least=0)
    check_flag("generic", generic)
    max_entities = check_count("max_entities", max_entities, least=0, optional=True)
    if isinstance(seed, (bool, str, bytes, float)):  # (networkx takes None or a random state)
        raise UsageError(f"seed must be a whole number, a random state or None, not {seed!r:.60}")
    if isinstance(seed, numbers.Integral):
        seed = int(seed)  # (numpy's integers too, which networkx does not take)
    # graph.html and report.html both draw these: found (Louvain) and named once per graph
    key = ("communities", type, resolution, seed, min_papers, generic, max_entities)
    if key not in graph.cache:
        found = _louvain_groups(graph, type, resolution, seed, min_papers, generic, max_entities)
        graph.cache[key] = (found, community_names(graph.entities, graph.relations, found))
    return graph.cache[key]  # names are made against all communities, whatever top


def _louvain_groups(
    graph: KnowledgeGraph,
    type: str | None,
    resolution: float,
    seed: int,
    min_papers: int,
    generic: bool,
    max_entities: int | None,
) -> list[list[str]]:
    """Member keys per community (members by papers), largest community first."""
    candidates = [
        e
        for e in graph.entities.values()
        if type in (None, e.type) and e.paper_count >= min_papers and (generic or not e.generic)
    ]
    if max_entities is not None:
        candidates = sorted(candidates, key=Entity.prominence)[:max_entities]
    weights = pair_weights(graph.relations, {e.key for e in candidates}.__contains__)
    network: nx.Graph = nx.Graph()
    network.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(weights.items()))
    groups = (
        nx.community.louvain_communities(network, weight="weight", resolution=resolution, seed=seed)
        if network.number_of_edges()
        else []
    )
    ranked = [sorted(g, key=lambda k: graph.entities[k].prominence()) for g in groups]
    return sorted(ranked, key=lambda members: (-len(members), members[0]))


def trends(graph: KnowledgeGraph, type: str = "method", by: str = "year", top: int | None = 20):
    """Papers per entity per year (papers with a known year only), entities with
    the most dated papers first; a DataFrame with one column per year.

    ``.attrs["dated"]`` and ``.attrs["papers"]`` say how many of the graph's papers have a
    year and how many it holds; where fewer than half have one, a warning says so, as the
    counts then speak for a part of the corpus only."""
    import pandas as pd

    _check_graph(graph)
    _check_type(type)
    check_count("top", top, least=0, optional=True)  # (0, as None: all)
    if by != "year":
        raise UsageError("only by='year' is supported")
    counts: dict[str, Counter] = defaultdict(Counter)
    for relation in graph.relations:
        entity = graph.entities[relation.object]
        year = graph.papers[relation.subject].year
        if entity.type == type and year is not None:
            counts[entity.label][year] += 1
    dated = sum(1 for paper in graph.papers.values() if paper.year is not None)
    if dated < len(graph.papers) / 2:
        warnings.warn(
            f"trends: {dated} of {len(graph.papers)} papers have a year; the counts are of "
            "those only",
            stacklevel=2,
        )
    frame = pd.DataFrame.from_dict(counts, orient="index").fillna(0).astype(int)
    if not frame.empty:
        frame = frame[sorted(frame.columns)]
        frame = frame.loc[frame.sum(axis=1).sort_values(ascending=False, kind="stable").index]
        frame = frame.head(top) if top else frame
    frame.attrs.update(dated=dated, papers=len(graph.papers))
    return frame


def timeline(graph: KnowledgeGraph, keys=None, by: str | None = None):
    """Papers per time bin (``by``: "month" or "year"; default: months for corpora spanning
    up to three years, years otherwise) as a pandas Series, empty bins included; ``keys``
    limits it to those papers. Papers without a year are left out; so are year-only dates
    when binning by month, and dates more than a century from the median paper's ("0001",
    a typo: one would stretch the bins over millennia); ``.attrs["left_out"]`` counts
    them all, ``.attrs["out_of_range"]`` the last ones."""
    import pandas as pd

    _check_graph(graph)
    if keys is not None:
        if isinstance(keys, (str, bytes)) or not isinstance(keys, Iterable):
            raise UsageError(f"keys must be a collection of paper keys, not {keys!r:.60}")
        keys = list(keys)
        unknown = [k for k in keys if not isinstance(k, str) or k not in graph.papers]
        if unknown:
            raise UsageError(f"keys must be keys of the graph's papers; {unknown[0]!r:.60} is none")
    span = _binned_span(graph)
    by = by or _time_unit(span)
    if by not in ("month", "year"):
        raise UsageError("by must be 'month' or 'year'")
    papers = graph.papers.values() if keys is None else (graph.papers[k] for k in keys)
    bins = _bin_range(span, by)
    counts: Counter = Counter()
    left_out = out_of_range = 0
    for paper in papers:
        bin_ = _time_bin(paper.date, by)
        if bin_ is None or not (bins and bins[0] <= bin_ <= bins[-1]):
            left_out += 1
            out_of_range += bin_ is not None
        else:
            counts[bin_] += 1
    series = pd.Series({b: counts.get(b, 0) for b in bins}, dtype="int64", name="papers")
    series.index.name = by
    series.attrs["left_out"] = left_out
    series.attrs["out_of_range"] = out_of_range
    return series


def time_unit(graph: KnowledgeGraph) -> str:
    """ "month" for corpora spanning up to three years, "year" beyond."""
    _check_graph(graph)
    return _time_unit(_binned_span(graph))


# How far from the median paper's year a date is still binned (``timeline``).
TIMELINE_REACH_YEARS = 100


def _binned_span(graph: KnowledgeGraph) -> tuple[str, str] | None:
    """The first and last date within ``TIMELINE_REACH_YEARS`` of the median dated
    paper's year, or None without dates."""
    dated = sorted(p.date for p in graph.papers.values() if has_year(p.date))
    if not dated:
        return None
    middle = int(dated[len(dated) // 2][:4])
    near = [d for d in dated if abs(int(d[:4]) - middle) <= TIMELINE_REACH_YEARS]
    return near[0], near[-1]


def trend_shifts(
    graph: KnowledgeGraph, type: str | None = None, min_support: int = 3, generic: bool = False
):
    """How each entity's share of papers moved between the earlier and the later half of
    the dated papers (split at the median date, so both halves hold as many papers).

    A DataFrame, biggest rise first: label, type, earlier and later (papers in each half),
    earlier_share, later_share, change (later minus earlier share, in percentage points),
    p (two-sided Fisher exact test of the two halves' counts: how likely a change this big
    is by chance); entities named by fewer than ``min_support`` dated papers are left out. ``.attrs``
    holds the split date and the size of each half; no dates, no rows. Dates are compared
    by what they say: a paper dated by its year (or month) alone that may fall on either
    side of the split is in neither half (``.attrs["undetermined"]`` counts them).
    """
    import pandas as pd
    from scipy.stats import fisher_exact

    _check_graph(graph)
    _check_type(type)
    check_count("min_support", min_support, least=1)
    check_flag("generic", generic)

    columns = [
        "label",
        "type",
        "earlier",
        "later",
        "earlier_share",
        "later_share",
        "change",
        "p",
    ]
    # each date as the span of days it may mean ("2021-06": June 2021), by first day
    dated = sorted(
        (first_day(p.date), last_day(p.date), p.date, k)
        for k, p in graph.papers.items()
        if has_year(p.date)
    )
    half = len(dated) // 2
    if half == 0:
        return pd.DataFrame(columns=columns)
    split = dated[half][0]
    # a paper of the earlier half whose date may fall after the split ("2021" split at
    # 2021-06-15) is in neither half: its date does not say which
    earlier_keys = {k for first, last, _, k in dated[:half] if first == last or last < split}
    later_keys = {k for *_, k in dated[half:]}
    undetermined = half - len(earlier_keys)
    earlier, later = defaultdict(set), defaultdict(set)
    for relation in graph.relations:
        if relation.subject in earlier_keys:
            earlier[relation.object].add(relation.subject)
        elif relation.subject in later_keys:
            later[relation.object].add(relation.subject)
    rows = []
    for key in set(earlier) | set(later):
        entity = graph.entities[key]
        before, after = len(earlier[key]), len(later[key])
        if (
            type not in (None, entity.type)
            or before + after < min_support
            or (entity.generic and not generic)
        ):
            continue
        share_before, share_after = before / len(earlier_keys), after / len(later_keys)
        _, p_value = fisher_exact(
            [[before, len(earlier_keys) - before], [after, len(later_keys) - after]]
        )
        rows.append(
            {
                "label": entity.label,
                "type": entity.type,
                "earlier": before,
                "later": after,
                "earlier_share": round(100 * share_before, 2),
                "later_share": round(100 * share_after, 2),
                "change": round(100 * (share_after - share_before), 2),
                "p": round(float(p_value), 4),
                "key": key,
            }
        )
    frame = pd.DataFrame(rows, columns=columns + ["key"])
    frame = frame.sort_values(["change", "later", "label"], ascending=[False, False, True])
    frame = frame.set_index("key").rename_axis(None)
    frame.attrs.update(
        split=dated[half][2],
        earlier_papers=len(earlier_keys),
        later_papers=len(later_keys),
        first=dated[0][2],
        last=dated[-1][2],
        undetermined=undetermined,
    )
    return frame


def pair_matrix(
    graph: KnowledgeGraph,
    rows: str = "method",
    columns: str = "dataset",
    top_rows: int = 15,
    top_columns: int = 12,
    marked: tuple[str, ...] | None = None,
    basis: str | None = None,
):
    """Papers that pair two entities, for the top ``rows``-type entities (those sharing
    most papers with the other type) by the ``columns``-type entities they share most
    papers with; umbrella terms left out.

    ``basis`` says what pairs them in a paper: ``"evaluation"`` (the default for method x
    dataset) counts a paper where a sentence states the method ``evaluatedOn`` the
    dataset, or where the paper ``evaluatesOn`` the dataset and proposes or compares with
    the method, or, in a paper that proposes no method (a study, a benchmark), uses it; a
    method a paper that proposes one only uses is a part of its setup (an optimizer, a
    backbone), not what it evaluates. ``"cooccurrence"`` (the default otherwise) counts
    every paper naming both.

    Returns ``(counts, stated)``: two DataFrames indexed by labels; ``stated`` is True
    where kg also found an entity relation in ``marked`` between the two (default:
    ``evaluatedOn`` for method x dataset, see ``MATRIX_MARKS``). Stated relations count
    and mark where the default views show them
    (``KnowledgeGraph.shown_entity_relations``). Both have the
    entity keys in ``.attrs["row_keys"]`` and ``.attrs["column_keys"]``, and the basis in
    ``.attrs["basis"]``.
    """
    import pandas as pd

    for name in (rows, columns):
        if name not in ENTITY_TYPES:
            raise UsageError(f"unknown type {name!r} (choose from {', '.join(ENTITY_TYPES)})")
    if basis is None:
        basis = "evaluation" if (rows, columns) == ("method", "dataset") else "cooccurrence"
    if basis not in MATRIX_BASES:
        raise UsageError(f"unknown basis {basis!r} (choose from {', '.join(MATRIX_BASES)})")
    _check_graph(graph)
    check_count("top_rows", top_rows, least=1)
    check_count("top_columns", top_columns, least=1)
    if marked is not None and (
        isinstance(marked, str)
        or not isinstance(marked, Iterable)
        or not all(isinstance(m, str) for m in marked)
    ):
        raise UsageError(f"marked must be relation names, not {marked!r:.60}")
    marked = MATRIX_MARKS.get((rows, columns), ()) if marked is None else tuple(marked)
    by_paper: dict[str, dict[str, set]] = defaultdict(lambda: {rows: set(), columns: set()})
    # a paper that proposes data or a task only (a benchmark) evaluates what it uses on it
    proposing = {
        r.subject
        for r in graph.relations
        if r.predicate == PROPOSES and graph.entities[r.object].type == rows
    }
    studied = EVALUATED_ROLES | STUDIED_ROLES
    for relation in graph.relations:
        entity = graph.entities[relation.object]
        if entity.type not in (rows, columns) or entity.generic:
            continue
        if basis == "evaluation" and relation.predicate not in (
            (EVALUATED_ROLES if relation.subject in proposing else studied)
            if entity.type == rows
            else {"evaluatesOn"}
        ):
            continue
        by_paper[relation.subject][entity.type].add(relation.object)
    pairs: Counter = Counter()
    for named in by_paper.values():
        for a in named[rows]:
            for b in named[columns]:
                if a != b:
                    pairs[a, b] += 1
    if basis == "evaluation":  # pairs stated in a paper's sentence that its roles missed
        for relation in graph.shown_entity_relations():
            if relation.predicate != "evaluatedOn":
                continue
            a, b = relation.subject, relation.object
            if (
                graph.entities[a].type != rows
                or graph.entities[b].type != columns
                or graph.entities[a].generic
                or graph.entities[b].generic
            ):
                continue
            for paper in {graph.mentions[i].paper_key for i in relation.evidence}:
                if not (a in by_paper[paper][rows] and b in by_paper[paper][columns]):
                    pairs[a, b] += 1
    mass_rows: Counter[str] = Counter()
    mass_columns: Counter[str] = Counter()
    for (a, _), count in pairs.items():
        mass_rows[a] += count
    row_keys = [k for k, _ in sorted(mass_rows.items(), key=lambda kv: (-kv[1], kv[0]))[:top_rows]]
    chosen = set(row_keys)
    for (a, b), count in pairs.items():  # columns: what the chosen rows meet most
        if a in chosen:
            mass_columns[b] += count
    column_keys = [
        k for k, _ in sorted(mass_columns.items(), key=lambda kv: (-kv[1], kv[0]))[:top_columns]
    ]
    stated_pairs = {
        (r.subject, r.object) for r in graph.shown_entity_relations() if r.predicate in marked
    }
    labels = lambda keys: _distinct_labels(graph, keys)
    counts = pd.DataFrame(
        [[pairs.get((a, b), 0) for b in column_keys] for a in row_keys],
        index=labels(row_keys),
        columns=labels(column_keys),
        dtype="int64",
    )
    stated = pd.DataFrame(
        [[(a, b) in stated_pairs or (b, a) in stated_pairs for b in column_keys] for a in row_keys],
        index=counts.index,
        columns=counts.columns,
        dtype=bool,
    )
    for frame in (counts, stated):
        frame.attrs.update(
            row_keys=row_keys, column_keys=column_keys, marked=list(marked), basis=basis
        )
    return counts, stated


def _distinct_labels(graph: KnowledgeGraph, keys: list[str]) -> list[str]:
    """The entities' labels, one per key; a label two of them share (a curation renamed one
    to the other's) is followed by the key, so that a row or a column is one entity."""
    labels = [graph.entities[k].label for k in keys]
    shared = {label for label, count in Counter(labels).items() if count > 1}
    return [f"{label} [{key}]" if label in shared else label for label, key in zip(labels, keys)]


def proposals(graph: KnowledgeGraph):
    """Papers that propose a name, newest first: key, title, date, proposes (labels), and
    the datasets and tasks of the proposal (what the proposed entities are evaluatedOn or
    usedFor, and what the paper evaluatesOn or addresses). A proposal a sentence describes
    without naming it ("we propose a concise X architecture") is not listed
    (``kg.link.relate.named_proposals``)."""
    import pandas as pd

    from .link.relate import named_proposals

    _check_graph(graph)
    named = named_proposals(graph.relations, graph.mentions, graph.entities)
    stated = defaultdict(set)
    for relation in graph.shown_entity_relations():
        if relation.predicate in ("evaluatedOn", "usedFor"):
            stated[relation.subject].add(relation.object)
    proposed, context = defaultdict(list), defaultdict(set)
    paper_level = {"evaluatesOn", "addresses"}
    for relation in graph.relations:
        if (relation.subject, relation.object) in named:
            proposed[relation.subject].append(relation.object)
        elif relation.predicate in paper_level:
            context[relation.subject].add(relation.object)
    rows = []
    for key, names in proposed.items():
        linked = context[key].union(*(stated[name] for name in names))
        by_type = {
            t: sorted(graph.entities[k].label for k in linked if graph.entities[k].type == t)
            for t in ("dataset", "task")
        }
        paper = graph.papers[key]
        rows.append(
            {
                "key": key,
                "title": paper.title,
                "date": paper.date or "",
                "proposes": sorted(graph.entities[k].label for k in names),
                "datasets": by_type["dataset"],
                "tasks": by_type["task"],
            }
        )
    frame = pd.DataFrame(rows, columns=["key", "title", "date", "proposes", "datasets", "tasks"])
    return frame.sort_values(["date", "title"], ascending=[False, True]).reset_index(drop=True)


def _check_type(type: str | None) -> None:
    if type is not None and type not in ENTITY_TYPES:
        raise UsageError(f"unknown type {type!r:.60} (choose from {', '.join(ENTITY_TYPES)})")


def _check_graph(graph) -> None:
    from .graph import check_graph  # (kg.graph imports this module)

    check_graph(graph)


def _checked_roles(roles: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [r for r in roles if r not in PAPER_ROLES]
    if isinstance(roles, str) or unknown or not roles:
        raise UsageError(f"roles must be a tuple of {', '.join(PAPER_ROLES)}; got {roles!r}")
    return tuple(roles)


# The most entities of one paper that are paired with each other (``pair_weights``). A real
# abstract names at most about 40 (41 in the seeds, SciREX and its introductions); one of
# 20,000 characters can name 1,750, a clique of 1.5 million pairs.
MAX_PAIRED_PER_PAPER = 150


def pair_weights(relations, kept) -> Counter:
    """(entity key, entity key) -> papers naming both, over entities ``kept`` accepts. A
    paper naming more than ``MAX_PAIRED_PER_PAPER`` of them pairs only that many: those
    most papers name (then by key)."""
    by_paper: dict[str, set[str]] = defaultdict(set)
    for relation in relations:
        if kept(relation.object):
            by_paper[relation.subject].add(relation.object)
    weights: Counter = Counter()
    spread: Counter | None = None
    for keys in by_paper.values():
        if len(keys) > MAX_PAIRED_PER_PAPER:
            if spread is None:
                spread = Counter(key for named in by_paper.values() for key in named)
            keys = set(sorted(keys, key=lambda k: (-spread[k], k))[:MAX_PAIRED_PER_PAPER])
        for pair in combinations(sorted(keys), 2):
            weights[pair] += 1
    return weights


def _time_unit(span: tuple[str, str] | None) -> str:
    return "month" if span and int(span[1][:4]) - int(span[0][:4]) < 3 else "year"


def _time_bin(date: str | None, by: str) -> str | None:
    """ "2023-05" (month) or "2023" (year) of an ISO date; None if it has no such part."""
    if not has_year(date):
        return None
    if by == "year":
        return date[:4]
    return date[:7] if len(date) >= 7 and date[5:7].isdigit() else None


def _bin_range(span: tuple[str, str] | None, by: str) -> list[str]:
    """Every bin from the first to the last date, so empty months or years show as zero."""
    if span is None:
        return []
    first, last = int(span[0][:4]), int(span[1][:4])
    if by == "year":
        return [str(year) for year in range(first, last + 1)]
    months = [f"{y}-{m:02d}" for y in range(first, last + 1) for m in range(1, 13)]
    start = span[0][:7] if len(span[0]) >= 7 else f"{first}-01"
    end = span[1][:7] if len(span[1]) >= 7 else f"{last}-12"
    return [m for m in months if start <= m <= end]


def paper_pagerank(graph: KnowledgeGraph, roles: tuple[str, ...] | None = None) -> dict[str, float]:
    """PageRank of every entity on the paper-entity graph (how central it is to the field):
    the ``paper_pagerank`` measure, which graph.html draws and report.html prints.

    The same PageRank as ``nx.pagerank`` of the undirected graph, computed on a sparse
    matrix: a networkx graph of a 100k-paper corpus (millions of edges) would hold them as
    dicts of dicts, gigabytes by estimate. ``roles`` keeps the paper -> entity edges of
    these roles only.
    """
    _check_graph(graph)
    kept = None if roles is None else set(_checked_roles(roles))
    relations = [r for r in graph.relations if kept is None or r.predicate in kept]
    index: dict[str | tuple[str, str], int] = {
        key: number for number, key in enumerate(graph.entities)
    }
    for relation in relations:
        index.setdefault(("paper", relation.subject), len(index))
    pairs = {(index[("paper", r.subject)], index[r.object]) for r in relations}
    if not pairs:
        return {k: 0.0 for k in graph.entities}
    scores = undirected_pagerank(pairs, len(index))
    return {key: float(scores[index[key]]) for key in graph.entities}


def undirected_pagerank(
    pairs: set[tuple[int, int]],
    size: int,
    alpha: float = 0.85,
    max_iter: int = 100,
    tol: float = 1.0e-6,
) -> np.ndarray:
    """PageRank of an undirected graph given as node-number pairs, as ``nx.pagerank``
    computes it (uniform teleport; dangling nodes spread uniformly)."""
    import scipy.sparse

    check_count("size", size, least=0)
    check_number("alpha", alpha, least=0, most=1)
    if size == 0:
        return np.zeros(0)
    try:
        array = np.array(sorted(pairs)) if pairs else np.zeros((0, 2), dtype=np.int64)
    except (TypeError, ValueError):  # not comparable, or of different lengths
        array = np.zeros(0)
    if not (
        array.ndim == 2
        and array.shape[1] == 2
        and array.dtype.kind in "iu"
        and (array.size == 0 or (array.min() >= 0 and array.max() < size))
    ):
        raise UsageError(f"pairs must be pairs of node numbers from 0 to size - 1 ({size - 1})")
    rows, cols = array.astype(np.int64).T
    adjacency = scipy.sparse.coo_array(
        (np.ones(2 * len(rows)), (np.r_[rows, cols], np.r_[cols, rows])), shape=(size, size)
    ).tocsr()
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


def _sources(graph: nx.Graph) -> int | None:
    """How many sampled sources betweenness and closeness start from; None: every node."""
    n, m = graph.number_of_nodes(), max(1, graph.number_of_edges())
    if n <= EXACT_BETWEENNESS_MAX_NODES and n * m <= EXACT_BETWEENNESS_MAX_WORK:
        return None
    return max(1, min(BETWEENNESS_SAMPLES, n, SAMPLED_WORK // m))


def _measuring(graph: nx.Graph, measure: str) -> str:
    """``betweenness on 9,268 nodes and 61,340 edges, from 300 sampled sources...``"""
    n = graph.number_of_nodes()
    sampled = ""
    sources = _sources(graph)
    if measure in ("betweenness", "closeness") and sources is not None:
        sampled = f", from {sources} sampled sources (seed {SEED})"
    return f"{measure} on {n:,} nodes and {graph.number_of_edges():,} edges{sampled}..."


def _scores(graph: nx.Graph, measure: str) -> tuple[dict, str]:
    if graph.number_of_nodes() == 0:
        return {}, ""
    weighted = "weight" if any("weight" in d for _, _, d in graph.edges(data=True)) else None
    if measure == "pagerank":
        return nx.pagerank(graph, weight=weighted), ""
    if measure == "degree":
        return nx.degree_centrality(graph), ""
    sources = _sources(graph)
    if measure == "closeness":
        if sources is not None:
            return sampled_closeness(graph, sources)
        return nx.closeness_centrality(graph), ""
    if measure == "eigenvector":
        try:
            return nx.eigenvector_centrality(graph, max_iter=1000, weight=weighted), ""
        except nx.PowerIterationFailedConvergence:
            return nx.eigenvector_centrality_numpy(graph, weight=weighted), ""
    if sources is not None:
        n = graph.number_of_nodes()
        note = f"betweenness estimated from {sources} sampled sources of {n} nodes (seed {SEED})"
        warnings.warn(note, stacklevel=3)
        return nx.betweenness_centrality(graph, k=sources, seed=SEED), note
    return nx.betweenness_centrality(graph), ""


def sampled_closeness(graph: nx.Graph, samples: int) -> tuple[dict, str]:
    """Closeness estimated from breadth-first searches out of ``samples`` random pivots
    (Eppstein & Wang, 2004): a node's mean distance to the pivots stands for its mean
    distance to all nodes; scaled like networkx's Wasserman-Faust closeness."""
    import random

    check_count("samples", samples, least=1)
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
