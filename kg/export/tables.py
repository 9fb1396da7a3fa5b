"""Flat tables of the graph: CSV for pandas, spreadsheets and Gephi, and the same data with
``neo4j-admin database import`` headers.

Seven tables, streamed row by row: papers, entities, paper_entity and entity_entity (the
relations, with the number of mentions that are their evidence), mentions (the evidence
itself), results (the reported results, one row each, with the labels of their entities and
their sentence) and result_links (each result's paper, metric, dataset and method). Ids are
the graph's node ids (``paper:<key>``, ``<type>:<key>``), the same as in
``KnowledgeGraph.to_networkx()``, GraphML and graph.html; a result's is
``result:<paper key>/<field>-<start>-<end>``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import atomic_path, safe_cell
from ..leaderboard import result_row
from ..rdf.terms import RESULT_LINKS
from ..registry import exporter
from ..text.words import sentence_shown

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

TABLES = (
    "papers",
    "entities",
    "paper_entity",
    "entity_entity",
    "mentions",
    "results",
    "result_links",
)
LIST_SEPARATOR = " | "  # inside one CSV cell (aliases, urls, authors)
NEO4J_ARRAY_SEPARATOR = ";"  # neo4j-admin's default array delimiter
NEO4J_FOLDER = "neo4j"

# Columns per table: (CSV name, neo4j-admin header, value kind). Kinds: "text", "int",
# "float", "bool", "list"; ids and relation types have neo4j's special headers.
COLUMNS = {
    "papers": [
        ("id", "id:ID", "text"),
        ("key", "key", "text"),
        ("title", "title", "text"),
        ("date", "date", "text"),
        ("date_precision", "date_precision", "text"),
        ("date_origin", "date_origin", "text"),
        ("external_id", "external_id", "text"),
        ("ids", "ids:string[]", "list"),
        ("authors", "authors:string[]", "list"),
        ("urls", "urls:string[]", "list"),
        ("categories", "categories:string[]", "list"),
        ("type", ":LABEL", "text"),
    ],
    "entities": [
        ("id", "id:ID", "text"),
        ("key", "key", "text"),
        ("label", "label", "text"),
        ("type", ":LABEL", "text"),
        ("aliases", "aliases:string[]", "list"),
        ("abbreviation", "abbreviation", "text"),
        ("papers", "papers:int", "int"),
        ("mentions", "mentions:int", "int"),
        ("generic", "generic:boolean", "bool"),
        ("specificity", "specificity:float", "float"),
        ("curation", "curation:string[]", "list"),
    ],
    "paper_entity": [
        ("source", ":START_ID", "text"),
        ("target", ":END_ID", "text"),
        ("relation", ":TYPE", "text"),
        ("evidence", "evidence:int", "int"),
    ],
    "entity_entity": [
        ("source", ":START_ID", "text"),
        ("target", ":END_ID", "text"),
        ("relation", ":TYPE", "text"),
        ("evidence", "evidence:int", "int"),
        ("confidence", "confidence:float", "float"),
        ("paper", "paper", "text"),
        ("sentence", "sentence", "text"),
    ],
    "mentions": [
        ("paper", ":START_ID", "text"),
        ("entity", ":END_ID", "text"),
        ("relation", ":TYPE", "text"),
        ("text", "text", "text"),
        ("field", "field", "text"),
        ("start", "start:int", "int"),
        ("end", "end:int", "int"),
        ("label", "label", "text"),
        ("source", "source", "text"),
        ("score", "score:float", "float"),
        ("proposed", "proposed:boolean", "bool"),
    ],
    "results": [
        ("id", "id:ID", "text"),
        ("paper_key", "paper_key", "text"),
        ("title", "title", "text"),
        ("method", "method", "text"),
        ("dataset", "dataset", "text"),
        ("metric", "metric", "text"),
        ("value", "value", "text"),
        ("number", "number:double", "number"),
        ("low", "low:double", "number"),
        ("high", "high:double", "number"),
        ("unit", "unit", "text"),
        ("kind", "kind", "text"),
        ("ours", "ours:boolean", "bool"),
        ("sentence", "sentence", "text"),
        ("field", "field", "text"),
        ("start", "start:int", "int"),
        ("end", "end:int", "int"),
        ("type", ":LABEL", "text"),
    ],
    "result_links": [
        ("source", ":START_ID", "text"),
        ("target", ":END_ID", "text"),
        ("relation", ":TYPE", "text"),
    ],
}
MENTION_RELATION = "evidence"  # the mentions table's relation name (EVIDENCE in Neo4j)


def table_rows(graph: KnowledgeGraph, table: str) -> Iterator[tuple]:
    """The rows of one table as tuples of Python values, in ``COLUMNS[table]`` order."""
    node = graph.node_id
    if table == "papers":
        for key, p in graph.papers.items():
            yield (
                node(key),
                key,
                p.title,
                p.date or "",
                p.date_precision or "",
                p.date_origin or "",
                p.external_id or "",
                p.ids,
                p.authors,
                p.urls,
                p.categories,
                "paper",
            )
    elif table == "entities":
        for key, e in graph.entities.items():
            yield (
                node(key),
                key,
                e.label,
                e.type,
                e.aliases,
                e.abbreviation or "",
                e.paper_count,
                e.mention_count,
                e.generic,
                e.specificity,
                e.curation,
            )
    elif table == "paper_entity":
        for r in graph.relations:
            yield node(r.subject), node(r.object), r.predicate, len(r.evidence)
    elif table == "entity_entity":
        for r in graph.entity_relations:
            paper_key = sentence = ""
            if r.evidence:  # the first sentence that states it
                item = graph.mentions[r.evidence[0]]
                paper_key, m = item.paper_key, item.mention
                sentence = sentence_shown(
                    graph.papers[paper_key].text_of(m.field),
                    m.sentence_start,
                    m.sentence_end,
                    m.start,
                )
            yield (
                node(r.subject),
                node(r.object),
                r.predicate,
                len(r.evidence),
                r.confidence,
                paper_key,
                sentence,
            )
    elif table == "mentions":
        for item in graph.mentions:
            m = item.mention
            yield (
                node(item.paper_key),
                node(item.entity_key),
                MENTION_RELATION,
                m.text,
                m.field,
                m.start,
                m.end,
                m.label,
                m.source,
                round(m.score, 4),
                m.proposed,
            )
    elif table == "results":
        for found in graph.results:
            row = result_row(graph, found)
            yield (
                result_id(found),
                *(row[name] for name, _, _ in COLUMNS["results"][1:-1]),
                "result",
            )
    elif table == "result_links":
        for found in graph.results:
            yield result_id(found), node(found.paper_key), "reportedIn"
            for role, relation in RESULT_LINKS.items():
                if getattr(found, role) is not None:
                    yield result_id(found), node(getattr(found, role)), relation
    else:
        raise ValueError(f"unknown table {table!r} (choose from {', '.join(TABLES)})")


def result_id(item) -> str:
    """The node id of a reported result in the tables."""
    r = item.result
    return f"result:{item.paper_key}/{r.field}-{r.start}-{r.end}"


def _csv_cell(value, kind: str):
    if kind == "number":
        return "" if value is None else value
    if kind == "list":
        return safe_cell(LIST_SEPARATOR.join(value))
    if kind == "bool":
        return "true" if value else "false"
    return safe_cell(value)


def _neo4j_cell(value, kind: str, header: str):
    if kind == "number":
        return "" if value is None else value
    if kind == "list":
        return NEO4J_ARRAY_SEPARATOR.join(v.replace(NEO4J_ARRAY_SEPARATOR, ",") for v in value)
    if kind == "bool":
        return "true" if value else "false"
    if header == ":LABEL":  # a paper is a Paper; an entity also carries its type: Entity;Method
        return {"paper": "Paper", "result": "Result"}.get(value) or f"Entity;{value.capitalize()}"
    if header == ":TYPE":  # evaluatesOn -> EVALUATES_ON, Neo4j's naming of relationship types
        return "".join("_" + ch if ch.isupper() else ch for ch in value).upper()
    return value


def _write_table(path: Path, headers: list[str], rows: Iterator[tuple]) -> None:
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)


def write_csv_tables(graph: KnowledgeGraph, folder: str | Path) -> list[Path]:
    """Write papers.csv ... mentions.csv into ``folder``; text that a spreadsheet would
    run as a formula (``=``, ``+``, ``-``, ``@``...) gets a leading apostrophe."""
    written = []
    for table in TABLES:
        columns = COLUMNS[table]
        path = Path(folder) / f"{table}.csv"
        rows = (
            tuple(_csv_cell(v, kind) for v, (_, _, kind) in zip(row, columns))
            for row in table_rows(graph, table)
        )
        _write_table(path, [name for name, _, _ in columns], rows)
        written.append(path)
    return written


def write_neo4j_tables(graph: KnowledgeGraph, folder: str | Path) -> list[Path]:
    """Write the tables with neo4j-admin import headers, and import.sh that loads them.

    The text is kept exactly (no formula guard): these files feed a database, not a
    spreadsheet. List values are joined with ``;``, neo4j-admin's array delimiter.
    """
    folder = Path(folder)
    written = []
    for table in TABLES:
        columns = COLUMNS[table]
        path = folder / f"{table}.csv"
        rows = (
            tuple(_neo4j_cell(v, kind, header) for v, (_, header, kind) in zip(row, columns))
            for row in table_rows(graph, table)
        )
        _write_table(path, [header for _, header, _ in columns], rows)
        written.append(path)
    script = folder / "import.sh"
    with atomic_path(script) as tmp:
        tmp.write_text(NEO4J_IMPORT, encoding="utf-8")
    script.chmod(0o755)
    return written + [script]


NEO4J_IMPORT = """#!/bin/sh
# Load kg's tables into a new Neo4j database (Neo4j 5: neo4j-admin database import full).
# Usage: sh import.sh [DATABASE]   (default: kg); run it where neo4j-admin is on the PATH.
# If DATABASE exists already, neo4j-admin refuses to import and leaves it as it is. To
# replace it, deleting everything in it, stop it and run
#   KG_NEO4J_OVERWRITE=1 sh import.sh [DATABASE]
# (this passes --overwrite-destination).
set -e
cd "$(dirname "$0")"
database="${1:-kg}"
if [ "${KG_NEO4J_OVERWRITE:-0}" = 1 ]; then
  set -- "$database" --overwrite-destination
else
  set -- "$database"
fi
neo4j-admin database import full "$@" \\
  --multiline-fields=true \\
  --nodes=papers.csv --nodes=entities.csv --nodes=results.csv \\
  --relationships=paper_entity.csv --relationships=entity_entity.csv \\
  --relationships=mentions.csv --relationships=result_links.csv
"""


@exporter(
    "csv",
    order=60,
    help="CSV tables for pandas, spreadsheets and Gephi",
    files=tuple(f"{table}.csv" for table in TABLES),
)
def write_csv_files(graph: KnowledgeGraph, folder: Path, settings) -> list[Path]:
    return write_csv_tables(graph, folder)


@exporter(
    "neo4j",
    order=70,
    help="the CSV tables with neo4j-admin import headers, in neo4j/",
    files=tuple(
        f"{NEO4J_FOLDER}/{name}" for name in [f"{table}.csv" for table in TABLES] + ["import.sh"]
    ),
)
def write_neo4j_files(graph: KnowledgeGraph, folder: Path, settings) -> list[Path]:
    return write_neo4j_tables(graph, folder / NEO4J_FOLDER)
