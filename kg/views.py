"""Tables and lookups of a graph's plain data, for notebooks: one entity by its name
(``EntityView``: its papers, neighbours and evidence), every entity or paper as a DataFrame,
and the summary table a notebook shows for a graph. ``KnowledgeGraph`` offers each as a
method; these functions read only its fields, so this module sits below it."""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Protocol

from .dates import date_span
from .errors import UsageError, check_flag
from .records import ENTITY_TYPES, Entity, LinkedMention, Paper, Relation, identity_text
from .text.words import sentence_shown

if TYPE_CHECKING:
    import pandas as pd

SUMMARY_TOP = 5  # names per type in the notebook summary
CLOSE_MATCHES = 5  # names suggested when none matches


class GraphData(Protocol):
    """What these views read of a graph (``kg.KnowledgeGraph`` has it)."""

    papers: dict[str, Paper]
    entities: dict[str, Entity]
    relations: list[Relation]
    mentions: list[LinkedMention]
    entity_relations: list[Relation]

    def entity_counts(self) -> dict[str, int]: ...

    def relation_counts(self) -> dict[str, int]: ...


@dataclass(frozen=True)
class EntityView:
    """One entity of a graph, with its papers, neighbours and evidence as DataFrames;
    ``KnowledgeGraph.entity`` returns one.

    Attributes
    ----------
    entity : kg.Entity
        The entity itself (key, type, label, aliases, counts, ...).

    Examples
    --------
    >>> import kg
    >>> graph = kg.build()  # the bundled sample
    >>> bert = graph.entity("bert")
    >>> bert.label, bert.type
    ('BERT', 'method')
    >>> list(bert.papers.columns)
    ['key', 'title', 'date', 'role']
    >>> list(bert.evidence.columns)
    ['key', 'title', 'sentence', 'mention']
    """

    entity: Entity
    graph: GraphData = field(repr=False, compare=False)

    def __repr__(self) -> str:
        e = self.entity
        return f"<EntityView {e.label!r}: {e.type}, {e.paper_count} papers, key {e.key!r}>"

    @property
    def key(self) -> str:
        return self.entity.key

    @property
    def label(self) -> str:
        return self.entity.label

    @property
    def type(self) -> str:
        return self.entity.type

    @property
    def aliases(self) -> tuple[str, ...]:
        return self.entity.aliases

    @property
    def papers(self) -> pd.DataFrame:
        """The papers that name the entity, newest first (undated last): key, title, date
        (ISO text, "" when unknown) and role (the paper -> entity predicate: proposes,
        uses, evaluatesOn, ...; a paper with two roles has two rows)."""
        import pandas as pd

        graph = self.graph
        rows = [
            {
                "key": r.subject,
                "title": graph.papers[r.subject].title,
                "date": graph.papers[r.subject].date or "",
                "role": r.predicate,
            }
            for r in graph.relations
            if r.object == self.key
        ]
        frame = pd.DataFrame(rows, columns=["key", "title", "date", "role"])
        return _newest_first(frame)

    def neighbours(self, type: str | None = None, generic: bool = False) -> pd.DataFrame:
        """The entities that share papers with this one, most shared papers first.

        Parameters
        ----------
        type : str, optional
            Keep one entity type (method, dataset, task, metric or concept).
        generic : bool, default False
            Also list umbrella terms ("neural networks", ``Entity.generic``), which share
            papers with nearly everything.

        Returns
        -------
        pandas.DataFrame
            key, label, type, papers (papers naming both), relation and direction: the
            entity -> entity relations kg found between the two (stated in a sentence, or
            ``broader`` from the names), comma-separated, each with its direction, "out"
            (this entity is the subject) or "in"; "" where there is none. An entity related
            but sharing no paper is listed with papers 0.

        Examples
        --------
        >>> import kg
        >>> graph = kg.build()  # the bundled sample
        >>> graph.entity("BERT").neighbours(type="dataset").columns.tolist()
        ['key', 'label', 'type', 'papers', 'relation', 'direction']
        """
        import pandas as pd

        _check_type(type)
        check_flag("generic", generic)
        graph = self.graph
        own = {r.subject for r in graph.relations if r.object == self.key}
        shared: Counter = Counter()
        for relation in graph.relations:
            if relation.subject in own and relation.object != self.key:
                shared[relation.object] += 1
        stated: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for relation in graph.entity_relations:
            if relation.subject == self.key and relation.object != self.key:
                stated[relation.object].append((relation.predicate, "out"))
            elif relation.object == self.key and relation.subject != self.key:
                stated[relation.subject].append((relation.predicate, "in"))
        rows = []
        for key in set(shared) | set(stated):
            entity = graph.entities[key]
            if type not in (None, entity.type) or (entity.generic and not generic):
                continue
            relations = sorted(set(stated.get(key, ())))
            rows.append(
                {
                    "key": key,
                    "label": entity.label,
                    "type": entity.type,
                    "papers": shared.get(key, 0),
                    "relation": ", ".join(p for p, _ in relations),
                    "direction": ", ".join(d for _, d in relations),
                }
            )
        frame = pd.DataFrame(
            rows, columns=["key", "label", "type", "papers", "relation", "direction"]
        )
        frame = frame.sort_values(["papers", "label", "key"], ascending=[False, True, True])
        return frame.reset_index(drop=True)

    @property
    def evidence(self) -> pd.DataFrame:
        """Every mention of the entity, in paper and text order: key (the paper's), title,
        sentence (the sentence of the title or abstract that holds it) and mention (the
        text as written). Empty for a graph written without evidence (``--no-evidence``)."""
        import pandas as pd

        graph = self.graph
        rows = []
        for item in graph.mentions:
            if item.entity_key != self.key:
                continue
            paper, m = graph.papers[item.paper_key], item.mention
            rows.append(
                {
                    "key": item.paper_key,
                    "title": paper.title,
                    "sentence": sentence_shown(
                        paper.text_of(m.field), m.sentence_start, m.sentence_end, m.start
                    ),
                    "mention": m.text,
                }
            )
        return pd.DataFrame(rows, columns=["key", "title", "sentence", "mention"])


def _check_type(type: str | None) -> None:
    if type is not None and type not in ENTITY_TYPES:
        raise UsageError(
            f"unknown entity type {type!r:.60} (choose from {', '.join(ENTITY_TYPES)})"
        )


def _newest_first(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows by their "date" column, newest first, then title; rows without a year last."""
    if frame.empty:
        return frame.reset_index(drop=True)
    dated = frame["date"].str.match(r"^\d{4}")
    order = frame.assign(_dated=dated, _date=frame["date"].where(dated, ""))
    order = order.sort_values(
        ["_dated", "_date", "title", "key"], ascending=[False, False, True, True], kind="stable"
    )
    return frame.loc[order.index].reset_index(drop=True)


def find_entity(entities: dict[str, Entity], name: str, type: str | None = None) -> Entity:
    """The entity ``name`` names: its label, else its key, else one of its aliases or its
    abbreviation, any case and spacing; ``type`` narrows the search. A name that matches
    no entity, or several at the first of these levels that matches, is a ``KgError``
    (listing close matches, or the entities it names)."""
    if not isinstance(name, str) or not name.strip():
        raise UsageError(f"give an entity's name as a non-empty string, not {name!r:.60}")
    _check_type(type)
    wanted = _folded(name)
    candidates = [e for e in entities.values() if type in (None, e.type)]
    levels = (
        ("label", lambda e: _folded(e.label) == wanted),
        ("key", lambda e: e.key in (wanted, identity_text(name))),
        ("alias", lambda e: wanted in {_folded(a) for a in (*e.aliases, e.abbreviation or "")}),
    )
    for level, matches in levels:
        found = [e for e in candidates if matches(e)]
        if len(found) == 1:
            return found[0]
        if found:
            listed = "; ".join(
                f"{e.label} ({e.type}, key {e.key!r})" for e in sorted(found, key=Entity.prominence)
            )
            raise UsageError(
                f"{name!r:.60} is the {level} of {len(found)} entities: {listed}; "
                "give type= or the key"
            )
    where = f" of type {type}" if type else ""
    names: dict[str, str] = {}
    for e in sorted(candidates, key=Entity.prominence):
        for text in (e.label, *e.aliases):
            names.setdefault(_folded(text), e.label)
    close = difflib.get_close_matches(wanted, list(names), n=3 * CLOSE_MATCHES, cutoff=0.6)
    labels = list(dict.fromkeys(names[c] for c in close))[:CLOSE_MATCHES]
    hint = f"; close matches: {', '.join(labels)}" if labels else "; no close match either"
    raise UsageError(f"no entity{where} is named {name!r:.60}{hint}")


def _folded(text: str) -> str:
    """A name as compared: case-folded, runs of spaces as one."""
    return " ".join(text.casefold().split())


def entities_frame(graph: GraphData) -> pd.DataFrame:
    """Every entity as a DataFrame row, named by most papers first: key, label, type,
    aliases (tuple), abbreviation ("" if none), papers, mentions, generic (an umbrella
    term) and specificity (0 to 1).

    Examples
    --------
    >>> import kg
    >>> graph = kg.build()  # the bundled sample
    >>> frame = graph.entities_frame()
    >>> len(frame) == len(graph.entities)
    True
    >>> frame[frame.type == "dataset"].head(3)  # doctest: +SKIP
    """
    import pandas as pd

    columns = [
        "key",
        "label",
        "type",
        "aliases",
        "abbreviation",
        "papers",
        "mentions",
        "generic",
        "specificity",
    ]
    rows = [
        (
            e.key,
            e.label,
            e.type,
            e.aliases,
            e.abbreviation or "",
            e.paper_count,
            e.mention_count,
            e.generic,
            e.specificity,
        )
        for e in sorted(graph.entities.values(), key=Entity.prominence)
    ]
    return pd.DataFrame(rows, columns=columns)


def papers_frame(graph: GraphData) -> pd.DataFrame:
    """Every paper as a DataFrame row, newest first (papers without a year last): key,
    title, date (ISO text of what is known, "" if none), year (None if unknown),
    authors (tuple), ids (tuple: "arXiv:…", "doi:…"), entities (how many it names) and
    abstract.

    Examples
    --------
    >>> import kg
    >>> graph = kg.build()  # the bundled sample
    >>> frame = graph.papers_frame()
    >>> len(frame) == len(graph.papers)
    True
    """
    import pandas as pd

    named = Counter(paper for paper, _ in {(r.subject, r.object) for r in graph.relations})
    rows = [
        {
            "key": key,
            "title": p.title,
            "date": p.date or "",
            "year": p.year,
            "authors": p.authors,
            "ids": p.ids,
            "entities": named.get(key, 0),
            "abstract": p.abstract,
        }
        for key, p in graph.papers.items()
    ]
    columns = ["key", "title", "date", "year", "authors", "ids", "entities", "abstract"]
    frame = pd.DataFrame(rows, columns=columns).astype({"year": "Int64"})
    return _newest_first(frame)


def summary_html(graph: GraphData) -> str:
    """A summary table for Jupyter: papers and their dates, entities per type with the
    most-mentioned names (umbrella terms left out), relations per type."""
    dates = date_span(p.date for p in graph.papers.values())
    span = f" ({escape(dates[0])} to {escape(dates[1])})" if dates else ""
    rows = [f"<tr><th>papers</th><td>{len(graph.papers):,}{span}</td></tr>"]
    by_type: dict[str, list[Entity]] = {t: [] for t in ENTITY_TYPES}
    for entity in graph.entities.values():
        if not entity.generic:
            by_type[entity.type].append(entity)
    for entity_type, count in graph.entity_counts().items():
        top = sorted(by_type[entity_type], key=Entity.prominence)[:SUMMARY_TOP]
        names = ", ".join(f"{escape(e.label)} ({e.paper_count})" for e in top)
        rows.append(f"<tr><th>{entity_type}</th><td>{count:,}</td><td>{names}</td></tr>")
    for predicate, count in graph.relation_counts().items():
        rows.append(f"<tr><th>{escape(predicate)}</th><td>{count:,}</td><td>relations</td></tr>")
    rows.append(f"<tr><th>mentions</th><td>{len(graph.mentions):,}</td><td>evidence</td></tr>")
    return (
        '<table class="kg-summary"><caption>kg KnowledgeGraph</caption>'
        + "".join(rows)
        + "</table>"
    )
