"""The graph: papers, canonical entities, typed relations and their evidence, as plain data.

``KnowledgeGraph`` holds records (``kg.records``) and the few things derived from them alone
(IRIs, node ids, counts, a subset, the notebook's tables of one entity or of all). Analysis
(``kg.analysis``), SPARQL (``kg.query``), the exporters (``kg.export``, ``kg.rdf``) and the
notebook views (``kg.notebook``) are functions that take a graph; they import this module,
never the other way round, so loading a graph imports neither networkx nor pyoxigraph.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import views
from .dates import date_span, first_day, has_year, last_day, valid_date
from .errors import UsageError, check_count
from .rdf.terms import entity_iri, paper_iri, slug
from .records import (
    ENTITY_TYPES,
    Entity,
    LinkedMention,
    LinkedResult,
    LinkResult,
    Paper,
    Relation,
)

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from rdflib import URIRef

_BOUND = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


# The least confidence of a stated relation the default views (the map, the report, the
# matrices, ``kg.analysis.proposals``) show. Judged from its sentence, a random sample of
# the seeds' stated relations between specific entities is right 0.30 to 0.38 of the time
# below 0.75 and 0.61 to 0.82 above; an independent sample at 0.75 or more, 0.81
# (docs/quality.md, "Stated relations, judged"). The graph, its RDF and tables keep them all.
SHOWN_RELATION_CONFIDENCE = 0.75


@dataclass
class KnowledgeGraph:
    """A built knowledge graph: ``kg.build`` and ``kg.load`` return one; the exporters,
    ``kg.analysis``, ``kg.query`` and ``kg.notebook`` take one.

    Parameters
    ----------
    papers : dict of str to Paper
        The papers by key.
    entities : dict of str to Entity
        The canonical entities by key.
    relations : list of Relation
        Paper -> entity relations (``proposes``, ``uses``, ``evaluatesOn``, ...), each with
        the indexes of its evidence in ``mentions``.
    mentions : list of LinkedMention
        Every mention, linked to its paper and entity (empty for a graph written with
        ``--no-evidence``).
    entity_relations : list of Relation, optional
        Entity -> entity relations (stated in a sentence, or ``broader`` from the names).
    results : list of LinkedResult, optional
        Reported results, in ``kg.records.result_order``.
    slugs : dict of str to str, optional
        The IRI slug of each entity key; made from the labels when not given (a subset and
        a loaded graph keep their source's).
    source : Path, optional
        The RDF file the graph was loaded from (SPARQL opens it instead of rebuilding).
    origin : str, optional
        What the graph was cut from, for a subset.

    Examples
    --------
    >>> from kg.records import Entity, Paper, Relation
    >>> paper = Paper(key="p1", title="A study", abstract="We use BERT.")
    >>> bert = Entity(key="bert", type="method", label="BERT", paper_count=1)
    >>> graph = KnowledgeGraph({"p1": paper}, {"bert": bert}, [Relation("p1", "uses", "bert")], [])
    >>> graph.entity("bert").label, graph.entity_slug("bert")
    ('BERT', 'method-bert')
    """

    papers: dict[str, Paper]
    entities: dict[str, Entity]
    relations: list[Relation]
    mentions: list[LinkedMention]
    entity_relations: list[Relation] = field(default_factory=list)
    results: list[LinkedResult] = field(default_factory=list)
    slugs: dict[str, str] = field(default_factory=dict, repr=False)
    # Equality is the graph's content; where it came from and what functions memoise are not.
    source: Path | None = field(default=None, repr=False, compare=False)
    origin: str | None = field(default=None, repr=False, compare=False)
    # Values that functions over the graph compute once and keep (the SPARQL store, communities).
    cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if any(key not in self.slugs for key in self.entities):
            self.slugs = _unique_slugs(self.entities, given=self.slugs)

    def __repr__(self) -> str:
        """Three lines: papers and where the graph came from, entities per type, relations
        and evidence (``summary()`` has the counts as a dict, ``_repr_html_`` is the
        notebook's table)."""
        span = self.time_span()
        dated = sum(1 for p in self.papers.values() if has_year(p.date))
        dates = f" ({dated:,} dated, {span[0]} to {span[1]})" if span else ""
        source = self._described_source()
        types = ", ".join(f"{n:,} {t}" for t, n in self.entity_counts().items())
        return (
            f"<KnowledgeGraph of {len(self.papers):,} papers{dates}, {source}\n"
            f" {len(self.entities):,} entities: {types}\n"
            f" {len(self.relations):,} paper-entity relations, {len(self.entity_relations):,} "
            f"entity-entity relations, {len(self.mentions):,} mentions, "
            f"{len(self.results):,} results>"
        )

    def _described_source(self) -> str:
        if self.origin is not None:
            return self.origin
        return f"loaded from {self.source}" if self.source is not None else "built in memory"

    @classmethod
    def from_parts(cls, papers: dict[str, Paper], linked: LinkResult) -> KnowledgeGraph:
        """The graph of ``papers`` and what the linker made of them."""
        return cls(
            dict(sorted(papers.items())),
            linked.entities,
            linked.relations,
            linked.mentions,
            linked.entity_relations,
            linked.results,
        )

    def entity_iri(self, key: str) -> URIRef:
        """Stable IRI of an entity: type + slug of its canonical label."""
        return entity_iri(self.entities[key].type, self.slugs[key])

    def entity_slug(self, key: str) -> str:
        """``<type>-<slug>``: the entity's name in file names and HTML ids."""
        return f"{self.entities[key].type}-{self.slugs[key]}"

    def node_id(self, key: str) -> str:
        """The one node id of a paper or an entity in every graph view (``to_networkx``,
        ``cooccurrence``, ``bipartite``, graph.html): ``paper:<key>`` or ``<type>:<key>``.
        Each node also carries its key as the ``key`` attribute."""
        if key in self.papers:
            return f"paper:{key}"
        return f"{self.entities[key].type}:{key}"

    @staticmethod
    def paper_iri(key: str) -> URIRef:
        """Stable IRI of a paper."""
        return paper_iri(key)

    def entity_counts(self) -> dict[str, int]:
        """Entities per type, every type listed."""
        counts = Counter(e.type for e in self.entities.values())
        return {t: counts.get(t, 0) for t in ENTITY_TYPES}

    def relation_counts(self) -> dict[str, int]:
        """Relations per predicate, paper -> entity and entity -> entity."""
        relations = self.relations + self.entity_relations
        return dict(sorted(Counter(r.predicate for r in relations).items()))

    def shown_entity_relations(self) -> list[Relation]:
        """The entity -> entity relations the default views show: every ``broader`` link
        (from the names) and the stated relations scored ``SHOWN_RELATION_CONFIDENCE`` or
        more; ``entity_relations`` holds them all."""
        return [
            r
            for r in self.entity_relations
            if r.predicate == "broader" or r.confidence >= SHOWN_RELATION_CONFIDENCE
        ]

    def time_span(self) -> tuple[str, str] | None:
        """The first and last dated paper's date (ISO strings), or None without dates."""
        return date_span(p.date for p in self.papers.values())

    def to_networkx(self) -> nx.MultiDiGraph:
        """A ``networkx.MultiDiGraph``: paper and entity nodes, one edge per relation.

        Node attributes: ``type`` (paper or entity type), ``label``, ``aliases``,
        ``papers`` (paper count), ``date`` (papers); edge attributes ``relation`` and
        ``confidence`` (a stated relation's score; 1 for the others).
        """
        import networkx as nx

        graph: nx.MultiDiGraph = nx.MultiDiGraph()
        node = self.node_id
        for key, paper in self.papers.items():
            graph.add_node(
                node(key),
                key=key,
                type="paper",
                label=paper.title,
                date=paper.date,
                aliases=[],
                papers=1,
            )
        for key, entity in self.entities.items():
            graph.add_node(
                node(key),
                key=key,
                type=entity.type,
                label=entity.label,
                aliases=list(entity.aliases),
                papers=entity.paper_count,
                generic=entity.generic,
            )
        for relation in self.relations + self.entity_relations:
            graph.add_edge(
                node(relation.subject),
                node(relation.object),
                key=relation.predicate,
                relation=relation.predicate,
                confidence=relation.confidence,
            )
        return graph

    def subset(
        self, since=None, until=None, types=None, min_papers: int | None = None
    ) -> KnowledgeGraph:
        """A graph of some of the papers and entities, consistent throughout.

        Parameters
        ----------
        since, until : str, int or datetime.date, optional
            Keep the papers dated in this period, both ends included: "2021", 2021,
            "2021-06" or "2021-06-15". A date is compared by what it says: with
            ``since="2021-06"`` a paper dated "2021" alone (it may be from January) is left
            out, with ``since="2021"`` it is kept. **Papers without a dated year (no date,
            or a year-less "--06-26") are dropped when since or until is given.**
        types : str or sequence of str, optional
            Keep the entities of these types ("method", ["method", "dataset"]).
        min_papers : int, optional
            Keep the entities named by at least this many of the kept papers.

        Returns
        -------
        KnowledgeGraph
            A new graph that every method, ``kg.write_outputs`` and the RDF writers take:
            the kept papers; the kept entities (of the given types and with enough papers;
            when papers are filtered by date, those named by none of them are dropped) with
            ``paper_count`` and ``mention_count`` counted again in the subset; the paper ->
            entity relations and mentions between them; the entity -> entity relations
            between kept entities that a kept mention still states (``broader``, derived
            from the names, needs none); the kept papers' results, with references to
            dropped entities removed. Evidence indexes point into the subset's mentions.
            Papers are selected by date only: a paper whose entities are all dropped stays.
            Slugs and IRIs are those of this graph. Without arguments, an equal graph.

        Raises
        ------
        KgError
            A malformed date, ``since`` after ``until``, an unknown type or a
            ``min_papers`` that is not a positive integer.

        Notes
        -----
        A graph written without evidence (``--no-evidence``) has no mentions, and its
        entity -> entity relations no evidence: its subsets keep each entity's
        ``mention_count`` as it was, and every relation between two kept entities,
        whichever paper stated it.

        Examples
        --------
        >>> import kg
        >>> graph = kg.build()  # the bundled sample
        >>> recent = graph.subset(since="2020", types=("method", "dataset"), min_papers=2)
        >>> all(p.year >= 2020 for p in recent.papers.values())
        True
        >>> kg.analysis.centrality(recent, top=3)  # doctest: +SKIP
        """
        first = _bound(since, "since", first_day)
        last = _bound(until, "until", last_day)
        if first is not None and last is not None and first > last:
            raise UsageError(f"since ({since}) is after until ({until})")
        kept_types = _types(types)
        check_count("min_papers", min_papers, least=1, optional=True)
        by_date = first is not None or last is not None
        papers = {
            key: paper
            for key, paper in self.papers.items()
            if not by_date
            or (
                has_year(paper.date)
                and (first is None or first_day(paper.date) >= first)
                and (last is None or last_day(paper.date) <= last)
            )
        }
        naming: dict[str, set[str]] = defaultdict(set)
        for relation in self.relations:
            if relation.subject in papers:
                naming[relation.object].add(relation.subject)
        least = min_papers if min_papers is not None else (1 if by_date else 0)
        keys = {
            key
            for key, entity in self.entities.items()
            if entity.type in kept_types and len(naming[key]) >= least
        }
        index: dict[int, int] = {}
        mentions: list[LinkedMention] = []
        counted: Counter = Counter()
        for number, item in enumerate(self.mentions):
            if item.paper_key in papers and item.entity_key in keys:
                index[number] = len(mentions)
                mentions.append(item)
                counted[item.entity_key] += 1
        remap = lambda relation: tuple(index[i] for i in relation.evidence if i in index)
        relations = [
            replace(r, evidence=remap(r))
            for r in self.relations
            if r.subject in papers and r.object in keys
        ]
        entity_relations = []
        for relation in self.entity_relations:
            if relation.subject in keys and relation.object in keys:
                evidence = remap(relation)
                if evidence or not relation.evidence:
                    entity_relations.append(replace(relation, evidence=evidence))
        entities = {
            key: replace(
                entity,
                paper_count=len(naming[key]),
                mention_count=counted[key] if self.mentions else entity.mention_count,
            )
            for key, entity in self.entities.items()
            if key in keys
        }
        results = [_kept_result(item, keys) for item in self.results if item.paper_key in papers]
        described = ", ".join(
            f"{name}={value!r}"
            for name, value in (
                ("since", since),
                ("until", until),
                ("types", types),
                ("min_papers", min_papers),
            )
            if value is not None
        )
        parent = self._described_source()
        graph = KnowledgeGraph(
            papers,
            entities,
            relations,
            mentions,
            entity_relations,
            results,
            slugs={key: slug for key, slug in self.slugs.items() if key in keys},
            origin=f"subset({described}) of a graph {parent}",
        )
        return graph

    def summary(self) -> dict:
        """Counts for reports: papers, entities per type, relations per predicate, mentions."""
        return {
            "papers": len(self.papers),
            "entities": self.entity_counts(),
            "relations": self.relation_counts(),
            "mentions": len(self.mentions),
        }

    def entity(self, name: str, type: str | None = None) -> views.EntityView:
        """One entity, by its label, key, an alias or its abbreviation (any case).

        Parameters
        ----------
        name : str
            "Transformer", "transformer", "LLMs", "largelanguagemodel" (a key): the label
            is tried first, then the key, then the aliases and abbreviations.
        type : str, optional
            Look among the entities of one type only (to tell apart two entities of one
            name).

        Returns
        -------
        EntityView
            The entity (``.entity``) with ``.papers``, ``.neighbours()`` and ``.evidence``.

        Raises
        ------
        KgError
            No entity has that name (the message lists close matches), or several have it
            at the first level that matches (the message lists them).

        Examples
        --------
        >>> import kg
        >>> graph = kg.build()  # the bundled sample
        >>> graph.entity("Bert").label
        'BERT'
        >>> graph.entity("BERT").papers.head(2)  # doctest: +SKIP
        """
        return views.EntityView(views.find_entity(self.entities, name, type), self)

    def entities_frame(self) -> pd.DataFrame:
        """Every entity as a DataFrame row (``kg.views.entities_frame``)."""
        return views.entities_frame(self)

    def papers_frame(self) -> pd.DataFrame:
        """Every paper as a DataFrame row (``kg.views.papers_frame``)."""
        return views.papers_frame(self)

    def _repr_html_(self) -> str:
        return views.summary_html(self)


def _bound(value, name: str, widen) -> str | None:
    """A date bound as the ISO day it starts (``since``) or ends (``until``) on."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        value = value.isoformat()
    elif isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:04d}"
    if not isinstance(value, str) or not _BOUND.fullmatch(value.strip()) or not _exists(value):
        raise UsageError(
            f"{name} must be a date such as 2021, '2021-06' or '2021-06-15', not {value!r:.60}"
        )
    return widen(value.strip())


def check_graph(value) -> KnowledgeGraph:
    """``value`` if it is a ``KnowledgeGraph``, else ``UsageError``: the API's functions
    that take a graph check it so."""
    if not isinstance(value, KnowledgeGraph):
        raise UsageError(
            f"graph must be a kg.KnowledgeGraph (kg.load reads one), not {type(value).__name__}"
        )
    return value


def _exists(value: str) -> bool:
    """Whether a date written as a year, a month or a day names one ("2019-13" does not)."""
    year, *rest = (int(p) for p in value.strip().split("-"))
    month, day = (rest + [None, None])[:2]
    return valid_date(year, month, day) is not None


def _types(types) -> frozenset[str]:
    if types is None:
        return frozenset(ENTITY_TYPES)
    chosen = (types,) if isinstance(types, str) else types
    try:
        chosen = tuple(chosen)
    except TypeError:
        raise UsageError(
            f"types must be an entity type or a list of them, not {types!r:.60}"
        ) from None
    unknown = [t for t in chosen if t not in ENTITY_TYPES]
    if unknown or not chosen:
        raise UsageError(f"types must be among {', '.join(ENTITY_TYPES)}; got {types!r:.60}")
    return frozenset(chosen)


def _kept_result(item: LinkedResult, keys: set[str]) -> LinkedResult:
    """A result with its references to entities not in ``keys`` removed (and the spans of
    their mentions, which the subset drops with them)."""
    dropped = {
        role: None
        for role in ("metric", "dataset", "method")
        if getattr(item, role) is not None and getattr(item, role) not in keys
    }
    if not dropped:
        return item
    result = replace(
        item.result,
        metric_span=None if "metric" in dropped else item.result.metric_span,
        dataset_span=None if "dataset" in dropped else item.result.dataset_span,
        method_span=None if "method" in dropped else item.result.method_span,
    )
    return replace(
        item,
        result=result,
        metric=None if "metric" in dropped else item.metric,
        dataset=None if "dataset" in dropped else item.dataset,
        method=None if "method" in dropped else item.method,
    )


def _unique_slugs(entities: dict[str, Entity], given: dict[str, str]) -> dict[str, str]:
    """Slug per entity key: ``given`` ones kept, the others made from the labels; a clash
    within a type gets a suffix from the key (deterministic)."""
    slugs = {key: given[key] for key in entities if key in given}
    taken = {(entities[key].type, value) for key, value in slugs.items()}
    for key in sorted(entities):
        if key in slugs:
            continue
        entity = entities[key]
        candidate = slug(entity.label)
        if (entity.type, candidate) in taken:
            candidate = f"{candidate}-{slug(key)[:24]}"
        while (entity.type, candidate) in taken:
            candidate += "-x"
        taken.add((entity.type, candidate))
        slugs[key] = candidate
    return slugs
