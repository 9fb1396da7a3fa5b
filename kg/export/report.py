"""report.html: the field at a glance, one self-contained page of charts and tables.

Sections: corpus summary, top entities per type, trends (rising and falling entities),
method x dataset and task x metric matrices, reported results (leaderboards of the datasets
with most results), proposals, communities. The numbers come from
``KnowledgeGraph``'s analysis methods (the same ones a notebook calls); the charts from
``kg.export.charts``; every chart has its numbers beside it as a table. The page needs no
script and loads nothing: it works from ``file://`` under graph.html's
Content-Security-Policy.
"""

from __future__ import annotations

import html
import math
import multiprocessing
import os
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import write_text_atomic
from ..leaderboard import board_title, leaderboards, result_row
from ..processes import ordered_map
from ..rdf.terms import slug
from ..records import ENTITY_TYPES, Entity, date_label, date_text
from ..registry import exporter
from . import charts
from .palette import COMMUNITY_COLOURS, TYPE_COLOURS, community_colour

# pandas, jinja2 and kg.analysis (networkx) are imported where the report is made: listing
# the output formats (Settings, the CLI's help) imports this module, and must stay quick.
if TYPE_CHECKING:
    import pandas as pd

    from ..graph import KnowledgeGraph

TOP_PER_TYPE = 15
TREND_MIN_SUPPORT = 3  # dated papers an entity needs to be ranked as rising or falling
# The share of papers with a year below which the trends section says the dated papers are
# too few to read the field's trends from: dates come from some sources and not others, so
# a small dated part need not stand for the corpus.
TREND_MIN_DATED_SHARE = 0.5
TRENDS_LISTED = 10  # rising and falling entities listed per type
TREND_PANELS = 6  # small line charts per type (half rising, half falling)
COMMUNITIES_SHOWN = len(COMMUNITY_COLOURS)  # each in a colour of its own
PROPOSALS_LISTED = 500


@dataclass
class Chart:
    """A chart with its caption and the table of its numbers."""

    id: str
    svg: charts.Svg
    caption: str
    table: str = ""

    def __post_init__(self) -> None:
        self.svg = self.svg.with_id_prefix(f"{self.id}-")


@dataclass
class Section:
    id: str
    title: str
    notes: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[tuple[str, str, str]] = field(default_factory=list)  # (id, caption, html)


def html_table(frame: pd.DataFrame, index: bool = False, links: tuple[str, ...] = ()) -> str:
    """A DataFrame as an escaped HTML table; list cells are joined with commas.

    Cells of the ``links`` columns are lists of (label, URL) pairs, written as links that
    open in a new tab (http and https addresses only; labels and addresses escaped)."""
    frame = frame.copy()
    for column in frame.columns:
        if column in links:
            continue
        if frame[column].map(lambda v: isinstance(v, (list, tuple))).any():
            frame[column] = frame[column].map(lambda v: ", ".join(map(str, v)))
    if not links:
        return frame.to_html(index=index, escape=True, border=0, classes="data", na_rep="")
    for column in frame.columns:  # escaped here, as to_html cannot escape some columns only
        frame[column] = frame[column].map(_anchors if column in links else _escaped)
    return frame.to_html(index=index, escape=False, border=0, classes="data", na_rep="")


def _escaped(value) -> str:
    return (
        ""
        if value is None or (isinstance(value, float) and math.isnan(value))
        else html.escape(str(value))
    )


def _anchors(pairs) -> str:
    return " ".join(
        f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">'
        f"{html.escape(label)}</a>"
        for label, url in pairs or ()
        if url.lower().startswith(("http://", "https://"))
    )


def _entities_by_type(graph: KnowledgeGraph) -> dict[str, list]:
    by_type: dict[str, list] = {t: [] for t in ENTITY_TYPES}
    for entity in graph.entities.values():
        if not entity.generic:
            by_type[entity.type].append(entity)
    return by_type


def summary_section(graph: KnowledgeGraph) -> Section:
    import pandas as pd

    from ..analysis import timeline

    section = Section("summary", "Corpus summary")
    per_bin = timeline(graph)
    span = graph.time_span()
    dated = int(per_bin.sum())
    numbers = pd.DataFrame(
        {
            "measure": [
                "papers",
                "dated papers",
                "date range",
                "entities",
                "relations",
                "mentions",
            ],
            "value": [
                f"{len(graph.papers):,}",
                f"{dated:,}",
                f"{date_text(span[0])} to {date_text(span[1])}" if span else "no dates",
                f"{len(graph.entities):,}",
                f"{len(graph.relations) + len(graph.entity_relations):,}",
                f"{len(graph.mentions):,}",
            ],
        }
    )
    section.tables.append(("numbers", "The corpus in numbers", html_table(numbers)))
    if dated:
        unit = per_bin.index.name
        section.charts.append(
            Chart(
                "papers-over-time",
                charts.column_timeline(
                    list(per_bin.index),
                    list(per_bin.values),
                    title=f"Papers per {unit}",
                    unit=unit,
                    colour=TYPE_COLOURS["paper"],
                ),
                f"Papers per {unit}; "
                f"{charts.papers(per_bin.attrs['left_out'] - per_bin.attrs['out_of_range'])} "
                f"without a {'month' if unit == 'month' else 'year'} left out"
                + (
                    f", and {charts.papers(per_bin.attrs['out_of_range'])} dated more than a "
                    "century from the median paper (likely typos)."
                    if per_bin.attrs["out_of_range"]
                    else "."
                ),
                html_table(per_bin.reset_index()),
            )
        )
    else:
        section.notes.append("No paper carries a date, so there is no timeline.")
    counts = graph.entity_counts()
    section.charts.append(
        Chart(
            "entities-per-type",
            charts.bar_chart(
                list(counts),
                list(counts.values()),
                title="Entities per type",
                value_axis="entities",
                category_axis="type",
                colours=[TYPE_COLOURS[t] for t in counts],
            ),
            "Canonical entities per type, after merging surface variants.",
            html_table(pd.DataFrame({"type": list(counts), "entities": list(counts.values())})),
        )
    )
    relations = graph.relation_counts()
    if relations:
        section.charts.append(
            Chart(
                "relations-per-type",
                charts.bar_chart(
                    list(relations),
                    list(relations.values()),
                    title="Relations per type",
                    value_axis="relations",
                    category_axis="relation",
                    colours="#0072B2",
                ),
                "Paper-to-entity and entity-to-entity relations, by predicate.",
                html_table(
                    pd.DataFrame({"relation": list(relations), "count": list(relations.values())})
                ),
            )
        )
    sources = Counter(item.mention.source for item in graph.mentions)
    ordered = sorted(sources, key=lambda s: (-sources[s], s))
    if not ordered:
        section.notes.append("The graph holds no mentions (it was built without evidence).")
        return section
    section.charts.append(
        Chart(
            "mentions-by-source",
            charts.bar_chart(
                ordered,
                [sources[s] for s in ordered],
                title="Mentions by source",
                value_axis="mentions",
                category_axis="found by",
                colours="#009E73",
            ),
            "Which part of the extraction found each mention: the trained model, the rules, "
            "the lexicon, or abbreviation definitions.",
            html_table(
                pd.DataFrame({"source": ordered, "mentions": [sources[s] for s in ordered]})
            ),
        )
    )
    return section


def top_entities_section(graph: KnowledgeGraph) -> Section:
    import pandas as pd

    from ..analysis import paper_pagerank

    section = Section("top-entities", "Top entities per type")
    rank = paper_pagerank(graph)
    section.notes.append(
        "Ranked by the number of papers naming them, then by their mentions; beside the "
        "count, paper_pagerank "
        "(PageRank on the paper-entity graph, the measure graph.html sizes nodes by; "
        "kg centrality --measure paper_pagerank). Umbrella terms are left out."
    )
    for entity_type, entities in _entities_by_type(graph).items():
        top = sorted(entities, key=Entity.prominence)[:TOP_PER_TYPE]
        if not top:
            section.notes.append(f"No {entity_type} entities.")
            continue
        labels = [e.label for e in top]
        counts = [e.paper_count for e in top]
        ranks = [rank.get(e.key, 0.0) for e in top]
        section.charts.append(
            Chart(
                f"top-{entity_type}",
                charts.bar_chart(
                    labels,
                    counts,
                    title=f"Top {entity_type} entities",
                    value_axis="papers",
                    category_axis=entity_type,
                    colours=TYPE_COLOURS[entity_type],
                    notes=[f"{c} \u00b7 PR {r:.4f}" for c, r in zip(counts, ranks)],
                    tips=[
                        f"{e.label}: {charts.papers(e.paper_count)}, paper_pagerank {r:.5f}"
                        for e, r in zip(top, ranks)
                    ],
                ),
                f"The {len(top)} {entity_type} entities named by most papers.",
                html_table(
                    pd.DataFrame(
                        {
                            "label": labels,
                            "papers": counts,
                            "paper_pagerank": [round(r, 6) for r in ranks],
                            "aliases": [list(e.aliases[:5]) for e in top],
                        }
                    )
                ),
            )
        )
    return section


def _papers_of(graph: KnowledgeGraph, keys) -> dict[str, set[str]]:
    """Papers naming each of ``keys``, in one pass over the relations."""
    wanted = set(keys)
    papers: dict[str, set[str]] = {key: set() for key in wanted}
    for relation in graph.relations:
        if relation.object in wanted:
            papers[relation.object].add(relation.subject)
    return papers


def _counts_per_bin(
    graph: KnowledgeGraph, papers: set[str], unit: str, bins: list[str]
) -> list[int]:
    from ..analysis import timeline

    series = timeline(graph, papers, by=unit)
    return [int(series.get(b, 0)) for b in bins]


def dated_share_note(graph: KnowledgeGraph, threshold: float = TREND_MIN_DATED_SHARE) -> str:
    """The opening of the trends section: how many papers carry a year, and whether that
    share is enough to read trends from (``threshold``), said plainly.

    Parameters
    ----------
    graph : KnowledgeGraph
        The built graph.
    threshold : float, default ``TREND_MIN_DATED_SHARE``
        The share of papers with a year from which trends are read as the field's.

    Returns
    -------
    str
        One paragraph: "46 of 624 papers (7%) carry a date with a year; ..." and, below
        ``threshold``, that the share is too small and at what share it would not be.
    """
    total = len(graph.papers)
    with_year = sum(paper.year is not None for paper in graph.papers.values())
    day_only = sum(paper.date_precision == "month-day" for paper in graph.papers.values())
    share = with_year / total if total else 0.0
    text = f"{with_year:,} of {total:,} papers ({_percent(share)}) carry a date with a year"
    if day_only:
        text += (
            f"; {day_only:,} more carry only a month and day (their pages printed no year), "
            "which places them in no year"
        )
    if not with_year:
        return text + "."
    if share < threshold:
        return text + (
            f". That is too small a share to read the field's trends from: at least "
            f"{threshold:.0%} of the papers would need a year, since a few dated papers need "
            f"not stand for the rest. What follows describes the {with_year:,} dated papers only."
        )
    return text + "; trends are read from them."


def _percent(share: float) -> str:
    """A share as a percentage, never rounded to 0% or 100% when it is neither."""
    if 0 < share < 0.01:
        return "under 1%"
    if 0.99 < share < 1:
        return "over 99%"
    return f"{share:.0%}"


def trends_section(graph: KnowledgeGraph) -> Section:
    import pandas as pd

    from ..analysis import timeline, trend_shifts

    section = Section("trends", "Trends")
    per_bin = timeline(graph)
    shifts = trend_shifts(graph, min_support=TREND_MIN_SUPPORT)
    dated = int(per_bin.sum())
    section.notes.append(dated_share_note(graph))
    if not dated:
        section.notes.append("The papers carry no dates, so there are no trends to show.")
        return section
    if not shifts.attrs:
        section.notes.append(f"Only {dated} paper has a date: too few to compare two halves.")
        return section
    attrs = shifts.attrs
    section.notes.append(
        f"Dated papers are split at the median date ({date_text(attrs['split'])}): "
        f"{attrs['earlier_papers']} earlier ({date_text(attrs['first'])} onwards) and "
        f"{attrs['later_papers']} later (to {date_text(attrs['last'])}). "
        f"An entity rises when its share of papers grows from the earlier half to the later; "
        f"only entities named by at least {TREND_MIN_SUPPORT} dated papers are ranked. "
        "Change is in percentage points; p is a two-sided Fisher exact test of the two halves' "
        "counts (small p: unlikely by chance; with few dated papers, few changes are)."
        + (
            f" {charts.papers(attrs['undetermined'])} dated only by year or month that may fall on "
            f"either side of the split {'is' if attrs['undetermined'] == 1 else 'are'} in neither"
            " half."
            if attrs.get("undetermined")
            else ""
        )
    )
    unit = per_bin.index.name
    bins = list(per_bin.index)
    columns = ["label", "earlier", "later", "earlier_share", "later_share", "change", "p"]
    listed = ["label", "type", "earlier", "later", "change", "p"]
    section.tables.append(
        (
            "rising",
            (
                "Rising entities (all types): papers in the earlier and "
                "later half, change in share (pp)"
            ),
            html_table(shifts[shifts["change"] > 0][listed].head(TRENDS_LISTED)),
        )
    )
    section.tables.append(
        (
            "falling",
            "Falling entities (all types)",
            html_table(
                shifts[shifts["change"] < 0].sort_values("change")[listed].head(TRENDS_LISTED)
            ),
        )
    )
    half = TREND_PANELS // 2
    movers = [
        key
        for t in ENTITY_TYPES
        for frame in (
            shifts[(shifts["type"] == t) & (shifts["change"] > 0)].head(half),
            shifts[(shifts["type"] == t) & (shifts["change"] < 0)].sort_values("change").head(half),
        )
        for key in frame.index
    ]
    papers_of = _papers_of(graph, movers)
    for entity_type in ENTITY_TYPES:
        of_type = shifts[shifts["type"] == entity_type]
        rising = of_type[of_type["change"] > 0].head(TRENDS_LISTED)
        falling = of_type[of_type["change"] < 0].sort_values("change").head(TRENDS_LISTED)
        if rising.empty and falling.empty:
            section.notes.append(f"No {entity_type} entity has the support to be ranked.")
            continue
        panels = [
            (
                f"\u2191 {row.label} (+{row.change:g} pp)",
                bins,
                _counts_per_bin(graph, papers_of[key], unit, bins),
                TYPE_COLOURS[entity_type],
            )
            for key, row in rising.head(half).iterrows()
        ]
        panels += [
            (
                f"\u2193 {row.label} ({row.change:g} pp)",
                bins,
                _counts_per_bin(graph, papers_of[key], unit, bins),
                "#555555",
            )
            for key, row in falling.head(half).iterrows()
        ]
        table = pd.concat(
            [
                rising[columns].assign(direction="rising"),
                falling[columns].assign(direction="falling"),
            ]
        )
        section.charts.append(
            Chart(
                f"trend-{entity_type}",
                charts.small_lines(
                    panels,
                    title=f"Rising and falling {entity_type} entities",
                    unit=unit,
                    legend={"rising": TYPE_COLOURS[entity_type], "falling": "#555555"},
                ),
                f"Papers per {unit} naming each of the {entity_type} entities whose share rose (\u2191) "
                f"or fell (\u2193) most.",
                html_table(table),
            )
        )
    return section


MATRIX_CAPTIONS = {
    "evaluation": "Papers that evaluate the {rows} on the {columns} (the paper evaluates on the "
    "{columns} and proposes or compares with the {rows}, or uses it and proposes no {rows}; "
    "or a sentence states it)",
    "cooccurrence": "Papers naming both",
}


def matrix_section(graph: KnowledgeGraph) -> Section:
    from ..analysis import pair_matrix

    section = Section("matrices", "Which methods meet which datasets")
    for rows, columns, title, basis, name in (
        (
            "method",
            "dataset",
            "Methods \u00d7 datasets: evaluated on",
            "evaluation",
            "matrix-method-dataset",
        ),
        (
            "method",
            "dataset",
            "Methods \u00d7 datasets: named together",
            "cooccurrence",
            "matrix-method-dataset-cooccurrence",
        ),
        ("task", "metric", "Tasks \u00d7 metrics", "cooccurrence", "matrix-task-metric"),
    ):
        counts, stated = pair_matrix(graph, rows, columns, basis=basis)
        if counts.empty or not counts.values.any():
            section.notes.append(f"No paper pairs a {rows} and a {columns} ({basis}).")
            continue
        marked = " or ".join(stated.attrs["marked"])
        table = counts.copy()
        table.index.name = f"{rows} \\ {columns}"
        caption = MATRIX_CAPTIONS[basis].format(rows=rows, columns=columns)
        section.charts.append(
            Chart(
                name,
                charts.heat_map(
                    counts,
                    stated,
                    title=title,
                    row_axis=rows,
                    column_axis=columns,
                    stated_label=f"{marked} stated in a sentence",
                ),
                f"{caption}, for the {rows} and {columns} entities that share most papers; "
                f"outlined cells are pairs kg also found linked by {marked}.",
                html_table(table.reset_index()),
            )
        )
    return section


RESULT_DATASETS = 6  # datasets whose leaderboards the report shows, those with most results first
RESULT_ROWS = 15  # rows per leaderboard


def results_section(graph: KnowledgeGraph) -> Section:
    import pandas as pd

    section = Section("results", "Reported results")
    if not graph.results:
        section.notes.append("No abstract reports a numeric result kg could read.")
        return section
    per_dataset = Counter(item.dataset for item in graph.results if item.dataset is not None)
    section.notes.append(
        f"{len(graph.results):,} numeric results read from {len({i.paper_key for i in graph.results}):,} "
        f"abstracts; {sum(per_dataset.values()):,} name their dataset. Leaderboards of the "
        f"{min(RESULT_DATASETS, len(per_dataset))} datasets with most results, one per metric: scores "
        "best first (lower first where the metric is an error, loss, distance, time, cost...), then "
        "improvements, reductions and ratios. \u201cours\u201d marks a paper's own method. "
        "kg results GRAPH --dataset NAME lists every board."
    )
    datasets = sorted(
        per_dataset, key=lambda k: (-per_dataset[k], graph.entities[k].label.casefold())
    )
    for dataset in datasets[:RESULT_DATASETS]:
        for number, board in enumerate(leaderboards(graph, dataset=None, datasets={dataset})):
            rows = [
                {
                    "rank": rank,
                    **{k: row[k] for k in ("value", "kind", "method", "ours", "title", "sentence")},
                }
                for rank, row in (
                    ("" if rank is None else rank, result_row(graph, item))
                    for rank, item in board.ranks()
                )
            ]
            shown = pd.DataFrame(rows[:RESULT_ROWS])
            shown["ours"] = shown["ours"].map(lambda v: "ours" if v else "")
            more = (
                f"; {len(rows) - RESULT_ROWS} more in kg results" if len(rows) > RESULT_ROWS else ""
            )
            section.tables.append(
                (
                    f"results-{slug(graph.entities[dataset].label)}-{number}",
                    f"{board_title(graph, board)}: {board.heading}{more}",
                    html_table(shown),
                )
            )
    return section


def proposals_section(graph: KnowledgeGraph) -> Section:
    from ..analysis import proposals

    section = Section("proposals", "Proposals")
    frame = proposals(graph)
    if frame.empty:
        section.notes.append("No paper was found to propose a method or dataset of its own.")
        return section
    section.notes.append(
        f"{charts.papers(len(frame))}"
        + (" proposes a name of its own" if len(frame) == 1 else " propose a name of their own")
        + "; newest first"
        + (f", the first {PROPOSALS_LISTED} listed" if len(frame) > PROPOSALS_LISTED else "")
        + ". Datasets and tasks: what the proposal is evaluated on or applied to."
    )
    shown = frame.head(PROPOSALS_LISTED)
    shown = shown.assign(
        date=[date_label(graph.papers[k]) for k in shown["key"]],
        links=[graph.papers[k].links for k in shown["key"]],
    ).drop(columns=["key"])
    section.tables.append(
        ("proposals", "Papers and what they propose", html_table(shown, links=("links",)))
    )
    return section


def communities_section(graph: KnowledgeGraph) -> Section:
    import pandas as pd

    from ..analysis import MAP_MAX_ENTITIES, MAP_MIN_PAPERS, communities, timeline

    section = Section("communities", "Communities")
    frame = communities(graph)
    if frame.empty:
        section.notes.append("Too few entities co-occur to form communities.")
        return section
    section.notes.append(
        f"Louvain communities (seeded) of the co-occurrence graph of the entities named by at "
        f"least {MAP_MIN_PAPERS} papers (the {MAP_MAX_ENTITIES:,} named by most, if more), "
        f"umbrella terms left out: {sum(frame['size']):,} entities. "
        "Each is named by its most distinctive entities, one per type where one stands out "
        "(lift against the whole corpus weighted by frequency; see kg.community_names); a paper "
        "belongs to the community holding most of its entities. graph.html colours its map by "
        "the same communities, named the same."
    )
    membership = {key: number for number, members in enumerate(frame["members"]) for key in members}
    papers_of = _papers_by_community(graph, membership)
    rows = []
    listed = zip(frame["name"].tolist(), frame["size"].tolist(), frame["members"].tolist())
    for number, (name, size, members) in enumerate(listed):
        by_type: defaultdict[str, list[str]] = defaultdict(list)  # type -> labels
        for key in members:
            entity = graph.entities[key]
            if len(by_type[entity.type]) < 4:
                by_type[entity.type].append(entity.label)
        rows.append(
            {
                "community": number,
                "name": name,
                "entities": size,
                "papers": len(papers_of[number]),
                **{t: ", ".join(by_type[t]) for t in ENTITY_TYPES},
            }
        )
    table = pd.DataFrame(rows)
    shown = table.head(COMMUNITIES_SHOWN)
    section.charts.append(
        Chart(
            "community-sizes",
            charts.bar_chart(
                [f"{r.community}: {r.name}" for r in shown.itertuples()],
                list(shown["entities"]),
                title="Communities by size",
                value_axis="entities",
                category_axis="community",
                colours=[community_colour(n) for n in shown["community"]],
                notes=[charts.papers(p) for p in shown["papers"]],
            ),
            "Entities per community; colours as in graph.html's community view.",
            html_table(table),
        )
    )
    per_bin = timeline(graph)
    if int(per_bin.sum()):
        unit, bins = per_bin.index.name, list(per_bin.index)
        panels = []
        for number in shown["community"]:
            series = timeline(graph, papers_of[number], by=unit)
            panels.append(
                (
                    f"{number}: {frame['name'].iloc[number]}",
                    bins,
                    [int(series.get(b, 0)) for b in bins],
                    community_colour(number),
                )
            )
        section.charts.append(
            Chart(
                "community-timelines",
                charts.small_lines(panels, title="Papers per community over time", unit=unit),
                f"Dated papers per {unit} in each community.",
                html_table(
                    pd.DataFrame({p[0]: p[2] for p in panels}, index=bins).rename_axis(unit),
                    index=True,
                ),
            )
        )
    return section


def _papers_by_community(graph: KnowledgeGraph, membership: dict[str, int]) -> dict[int, set[str]]:
    votes: dict[str, Counter] = defaultdict(Counter)
    for relation in graph.relations:
        number = membership.get(relation.object)
        if number is not None:
            votes[relation.subject][number] += 1
    papers: dict[int, set[str]] = defaultdict(set)
    for paper, counter in votes.items():
        best = min(counter, key=lambda n: (-counter[n], n))
        papers[best].add(paper)
    return papers


SECTIONS = (
    summary_section,
    top_entities_section,
    trends_section,
    matrix_section,
    results_section,
    proposals_section,
    communities_section,
)
_graph: KnowledgeGraph | None = None  # the graph a worker process draws


def _remember_graph(graph: KnowledgeGraph) -> None:
    global _graph
    _graph = graph


def _draw_section(number: int) -> Section:
    assert _graph is not None  # the process's initializer, _remember_graph, set it
    return SECTIONS[number](_graph)


def build_sections(graph: KnowledgeGraph, workers: int | None = None) -> list[Section]:
    """Every section of the report, drawn in up to ``workers`` processes (default: one per
    CPU core, at most one per section); matplotlib draws on one core, and the charts
    are most of a report's time. Workers are forked, so a process running other threads
    (a Jupyter kernel, a Dask client) draws in one process instead, as does a daemonic
    process (the child a build writes its first format in), which may start none."""
    workers = min(len(SECTIONS), workers or os.cpu_count() or 1)
    if workers < 2 or threading.active_count() > 1 or multiprocessing.current_process().daemon:
        return [build(graph) for build in SECTIONS]
    return list(
        ordered_map(
            _draw_section,
            range(len(SECTIONS)),
            workers=workers,
            initializer=_remember_graph,
            initargs=(graph,),
            what="a report drawing process",
        )
    )


def render_report(graph: KnowledgeGraph, *, title: str = "kg", workers: int | None = None) -> str:
    """The complete, self-contained report page as a string."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("kg.export", "templates"), autoescape=select_autoescape(["html", "j2"])
    )
    return env.get_template("report.html.j2").render(
        title=title,
        sections=build_sections(graph, workers),
        papers=len(graph.papers),
        entities=len(graph.entities),
    )


def write_report(graph: KnowledgeGraph, path: str | Path, *, title: str = "kg") -> Path:
    """Write report.html atomically."""
    return write_text_atomic(path, render_report(graph, title=title))


@exporter(
    "report", order=55, help="report.html: charts and tables of the field", files=("report.html",)
)
def write_report_file(graph: KnowledgeGraph, folder: Path, settings) -> Path:
    return write_report(graph, folder / "report.html")
