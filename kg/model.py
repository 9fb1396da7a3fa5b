"""The graph model: papers, canonical entities, typed relations and their evidence."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .analyse import AnalysisMixin
from .notebook import NotebookMixin
from .query import QueryMixin
from .rdf.terms import entity_iri, paper_iri, slug
from .records import ENTITY_TYPES, Entity, LinkedMention, LinkedResult, LinkResult, Paper, Relation




@dataclass
class KnowledgeGraph(AnalysisMixin, QueryMixin, NotebookMixin):
    """A built knowledge graph; ``kg.build`` returns one and the exporters read it."""

    papers: dict[str, Paper]
    entities: dict[str, Entity]
    relations: list[Relation]
    mentions: list[LinkedMention]
    entity_relations: list[Relation] = field(default_factory=list)
    results: list[LinkedResult] = field(default_factory=list)  # reported results (kg.records.result_order)
    # Equality is the graph's content; where it was loaded from and its query store are not.
    _slugs: dict[str, str] = field(default_factory=dict, repr=False)
    _source: Path | None = field(default=None, repr=False, compare=False)  # the RDF file it was loaded from
    _store: object = field(default=None, repr=False, compare=False)  # pyoxigraph.Store, built on first query

    @classmethod
    def from_parts(cls, papers: dict[str, Paper], linked: LinkResult) -> "KnowledgeGraph":
        graph = cls(dict(sorted(papers.items())), linked.entities, linked.relations, linked.mentions,
                    linked.entity_relations, linked.results)
        graph._slugs = _unique_slugs(linked.entities)
        return graph

    def entity_iri(self, key: str):
        """Stable IRI of an entity: type + slug of its canonical label."""
        return entity_iri(self.entities[key].type, self._slugs[key])

    def entity_slug(self, key: str) -> str:
        return f"{self.entities[key].type}-{self._slugs[key]}"

    def node_id(self, key: str) -> str:
        """The one node id of a paper or an entity in every graph view (``to_networkx``,
        ``cooccurrence``, ``bipartite``, graph.html): ``paper:<key>`` or ``<type>:<key>``.
        Each node also carries its key as the ``key`` attribute."""
        if key in self.papers:
            return f"paper:{key}"
        return f"{self.entities[key].type}:{key}"

    @staticmethod
    def paper_iri(key: str):
        return paper_iri(key)

    def entity_counts(self) -> dict[str, int]:
        counts = Counter(e.type for e in self.entities.values())
        return {t: counts.get(t, 0) for t in ENTITY_TYPES}

    def relation_counts(self) -> dict[str, int]:
        relations = self.relations + self.entity_relations
        return dict(sorted(Counter(r.predicate for r in relations).items()))

    def to_networkx(self):
        """A ``networkx.MultiDiGraph``: paper and entity nodes, one edge per relation.

        Node attributes: ``type`` (paper or entity type), ``label``, ``aliases``,
        ``papers`` (paper count), ``date`` (papers); edge attribute ``relation``.
        """
        import networkx as nx

        graph = nx.MultiDiGraph()
        node = self.node_id
        for key, paper in self.papers.items():
            graph.add_node(node(key), key=key, type="paper", label=paper.title, date=paper.date,
                           aliases=[], papers=1)
        for key, entity in self.entities.items():
            graph.add_node(node(key), key=key, type=entity.type, label=entity.label,
                           aliases=list(entity.aliases), papers=entity.paper_count,
                           generic=entity.generic)
        for relation in self.relations + self.entity_relations:
            graph.add_edge(node(relation.subject), node(relation.object), key=relation.predicate,
                           relation=relation.predicate)
        return graph

    def summary(self) -> dict:
        """Counts for reports: papers, entities per type, relations per predicate, mentions."""
        return {
            "papers": len(self.papers),
            "entities": self.entity_counts(),
            "relations": self.relation_counts(),
            "mentions": len(self.mentions),
        }


def _unique_slugs(entities: dict[str, Entity]) -> dict[str, str]:
    """Slug per entity key; a clash within a type gets a suffix from the key (deterministic)."""
    slugs: dict[str, str] = {}
    taken: set[tuple[str, str]] = set()
    for key in sorted(entities):
        entity = entities[key]
        candidate = slug(entity.label)
        if (entity.type, candidate) in taken:
            candidate = f"{candidate}-{slug(key)[:24]}"
        while (entity.type, candidate) in taken:
            candidate += "-x"
        taken.add((entity.type, candidate))
        slugs[key] = candidate
    return slugs
