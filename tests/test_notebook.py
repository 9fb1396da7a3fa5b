"""The notebook API on the bundled sample: repr, entity lookup and its frames, the graph's
frames, SPARQL results as a DataFrame, and subsets that every writer and method takes."""

from __future__ import annotations

import html
import pickle
from collections import Counter

import pandas as pd
import pytest

import kg
from kg.errors import KgError
from kg.graph import KnowledgeGraph
from kg.query import QueryRows
from kg.rdf.terms import PAPER_ROLES
from kg.records import (
    Entity,
    LinkedMention,
    LinkedResult,
    Mention,
    Paper,
    Relation,
    Result,
)


@pytest.fixture(scope="module")
def sample() -> KnowledgeGraph:
    return kg.build()  # the bundled sample, no files written


def hand_made() -> KnowledgeGraph:
    """Six papers of known dates naming a few entities (two share the name "Net"), each
    mention the evidence of its paper's relation, one stated relation per paper pair."""
    dates = {
        "y": "2021",
        "m": "2021-03",
        "d": "2021-07-01",
        "md": "--06-26",
        "none": None,
        "late": "2022-02",
    }
    papers = {
        k: Paper(title=f"Paper {k}", abstract="We use Net and Other on Data.", key=k, date=d)
        for k, d in dates.items()
    }
    entities = {
        "net": Entity("net", "method", "Net", aliases=("NetA",), paper_count=6, mention_count=6),
        "netdata": Entity(
            "netdata", "dataset", "Net", aliases=("Data",), paper_count=6, mention_count=6
        ),
        "other": Entity(
            "other",
            "method",
            "Other Model",
            aliases=("OM", "Other"),
            abbreviation="OM",
            paper_count=6,
            mention_count=6,
        ),
    }
    spans = {"net": (7, 10), "other": (15, 20), "netdata": (24, 28)}
    mentions = []
    for key in sorted(papers):
        for entity, (start, end) in sorted(spans.items(), key=lambda kv: kv[1]):
            mentions.append(
                LinkedMention(
                    key,
                    entity,
                    Mention(
                        start,
                        end,
                        "We use Net and Other on Data."[start:end],
                        entities[entity].type,
                        "rule",
                        1.0,
                        sentence_start=0,
                        sentence_end=29,
                    ),
                )
            )
    at = {(m.paper_key, m.entity_key): i for i, m in enumerate(mentions)}
    relations = [
        Relation(p, "uses", e, evidence=(at[p, e],)) for p in sorted(papers) for e in sorted(spans)
    ]
    stated = [
        Relation(
            "net", "evaluatedOn", "netdata", evidence=(at["late", "net"], at["late", "netdata"])
        ),
        Relation("other", "comparedWith", "net", evidence=(at["y", "other"], at["y", "net"])),
        Relation("other", "broader", "net"),
    ]
    claim = Result(
        "91%",
        91.0,
        91.0,
        91.0,
        "%",
        "score",
        0,
        3,
        sentence_end=29,
        dataset_span=spans["netdata"],
        method_span=spans["net"],
    )
    results = [LinkedResult("y", claim, dataset="netdata", method="net")]
    graph = KnowledgeGraph(papers, entities, relations, mentions, stated, results)
    graph.slugs = {k: k for k in entities}
    return graph


def consistent(graph: KnowledgeGraph) -> None:
    """Every reference resolves, and every relation's evidence is a mention of its own paper
    and entity (or, for entity -> entity relations, of one of its two entities)."""
    assert set(graph.slugs) == set(graph.entities)
    assert len({graph.entity_iri(k) for k in graph.entities}) == len(graph.entities)  # one each
    for item in graph.mentions:
        assert item.paper_key in graph.papers and item.entity_key in graph.entities
    for relation in graph.relations:
        assert relation.subject in graph.papers and relation.object in graph.entities
        for i in relation.evidence:
            item = graph.mentions[i]
            assert (item.paper_key, item.entity_key) == (relation.subject, relation.object)
    for relation in graph.entity_relations:
        assert relation.subject in graph.entities and relation.object in graph.entities
        for i in relation.evidence:
            assert graph.mentions[i].entity_key in (relation.subject, relation.object)
    spans = {(m.paper_key, m.mention.field, m.mention.start, m.mention.end) for m in graph.mentions}
    for item in graph.results:
        assert item.paper_key in graph.papers
        for role in ("metric", "dataset", "method"):
            key, span = getattr(item, role), getattr(item.result, f"{role}_span")
            assert key is None or key in graph.entities
            assert span is None or (item.paper_key, item.result.field, *span) in spans


# --- repr ----------------------------------------------------------------------------------


def test_repr_is_a_few_lines_of_counts_and_the_source(sample, tmp_path):
    text = repr(sample)
    assert len(text.splitlines()) <= 3 and len(text) < 600
    assert f"{len(sample.papers):,} papers" in text and "built in memory" in text
    kg.write_outputs(sample, tmp_path, kg.Settings(formats="ttl"))
    loaded = repr(kg.load(tmp_path))
    assert str(tmp_path / "graph.ttl") in loaded and len(loaded.splitlines()) <= 3
    assert "subset(since='2020') of a graph built in memory" in repr(sample.subset(since="2020"))


# --- graph.entity --------------------------------------------------------------------------


def test_entity_by_label_key_and_alias_in_any_case(sample):
    bert = sample.entity("BERT")
    assert isinstance(bert, kg.EntityView) and bert.label == "BERT" and bert.type == "method"
    assert sample.entity("bert").entity == bert.entity == sample.entity(bert.key).entity
    assert sample.entity("  Bert ").key == bert.key
    # an alias that names one entity only, and is no entity's label or key
    labels = Counter(e.label.casefold() for e in sample.entities.values())
    aliases = Counter(a.casefold() for e in sample.entities.values() for a in e.aliases)
    entity, alias = next(
        (e, a)
        for e in sample.entities.values()
        for a in e.aliases
        if aliases[a.casefold()] == 1
        and not labels[a.casefold()]
        and a.casefold() not in sample.entities
    )
    assert sample.entity(alias.upper()).key == entity.key
    with pytest.raises(AttributeError):
        bert.entity = entity  # frozen


def test_entity_levels_and_ambiguous_names():
    graph = hand_made()
    with pytest.raises(
        KgError,
        match=r"'net' is the label of 2 entities: Net \(method, key "
        r"'net'\); Net \(dataset, key 'netdata'\); give type=",
    ):
        graph.entity("net")
    assert graph.entity("Net", type="dataset").key == "netdata"
    assert graph.entity("netdata").key == "netdata"  # a key
    assert graph.entity("om").key == "other" and graph.entity("OTHER").key == "other"  # aliases
    assert graph.entity("Data").key == "netdata"
    with pytest.raises(KgError, match="unknown entity type 'model'"):
        graph.entity("Net", type="model")
    with pytest.raises(KgError, match="non-empty string"):
        graph.entity("")


def test_unknown_entity_lists_close_matches(sample):
    with pytest.raises(KgError, match=r"no entity is named 'BERTT'; close matches: .*\bBERT\b"):
        sample.entity("BERTT")
    with pytest.raises(KgError, match="no close match"):
        sample.entity("zzzzqqqq")
    with pytest.raises(KgError, match="no entity of type dataset is named 'BERT'"):
        sample.entity("BERT", type="dataset")


def test_entity_papers(sample):
    bert = sample.entity("BERT")
    papers = bert.papers
    assert list(papers.columns) == ["key", "title", "date", "role"]
    assert papers["key"].nunique() == bert.entity.paper_count > 0
    assert set(papers["role"]) <= set(PAPER_ROLES)
    expected = {(r.subject, r.predicate) for r in sample.relations if r.object == bert.key}
    assert set(zip(papers["key"], papers["role"])) == expected
    assert all(sample.papers[k].title == t for k, t in zip(papers["key"], papers["title"]))
    dated = [d for d in papers["date"] if d[:4].isdigit()]
    assert dated == sorted(dated, reverse=True) and list(papers["date"][: len(dated)]) == dated


def test_entity_neighbours(sample):
    bert = sample.entity("BERT")
    frame = bert.neighbours()
    assert list(frame.columns) == ["key", "label", "type", "papers", "relation", "direction"]
    own = {r.subject for r in sample.relations if r.object == bert.key}
    for row in frame.itertuples():
        theirs = {r.subject for r in sample.relations if r.object == row.key}
        assert row.papers == len(own & theirs) and row.key != bert.key
        assert not sample.entities[row.key].generic
    assert list(frame["papers"]) == sorted(frame["papers"], reverse=True)
    datasets = bert.neighbours(type="dataset")
    assert set(datasets["type"]) <= {"dataset"} and set(datasets["key"]) <= set(frame["key"])
    assert len(bert.neighbours(generic=True)) >= len(frame)
    with pytest.raises(KgError, match="unknown entity type"):
        bert.neighbours(type="methods")
    # a stated relation shows on both of its entities, with its direction
    stated = next(
        r
        for r in sample.entity_relations
        if r.evidence
        and r.subject != r.object
        and not sample.entities[r.subject].generic
        and not sample.entities[r.object].generic
    )
    out = sample.entity(stated.subject, type=sample.entities[stated.subject].type).neighbours()
    row = out.set_index("key").loc[stated.object]
    assert stated.predicate in row["relation"].split(", ") and "out" in row["direction"]
    back = sample.entities[stated.object]
    into = sample.entity(back.key, type=back.type).neighbours().set_index("key").loc[stated.subject]
    assert stated.predicate in into["relation"].split(", ") and "in" in into["direction"]


def test_entity_relation_directions_on_a_hand_made_graph():
    frame = hand_made().entity("Other Model").neighbours().set_index("key")
    assert frame.loc["net", "relation"] == "broader, comparedWith"
    assert frame.loc["net", "direction"] == "out, out"
    assert frame.loc["net", "papers"] == 6
    assert (
        hand_made()
        .entity("Net", type="method")
        .neighbours()
        .loc[lambda f: f.key == "other", "direction"]
        .item()
        == "in, in"
    )


def test_entity_evidence(sample):
    bert = sample.entity("BERT")
    evidence = bert.evidence
    assert list(evidence.columns) == ["key", "title", "sentence", "mention"]
    assert (
        len(evidence)
        == bert.entity.mention_count
        == sum(1 for m in sample.mentions if m.entity_key == bert.key)
    )
    for row in evidence.itertuples():
        assert row.mention in row.sentence and sample.papers[row.key].title == row.title


# --- the graph's frames --------------------------------------------------------------------


def test_entities_frame(sample):
    frame = sample.entities_frame()
    assert list(frame.columns) == [
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
    assert len(frame) == len(sample.entities) and frame["key"].is_unique
    assert list(frame["papers"]) == sorted(frame["papers"], reverse=True)
    row = frame.set_index("key").loc[sample.entity("BERT").key]
    assert row["label"] == "BERT" and row["papers"] == sample.entity("BERT").entity.paper_count


def test_papers_frame(sample):
    frame = sample.papers_frame()
    assert list(frame.columns) == [
        "key",
        "title",
        "date",
        "year",
        "authors",
        "ids",
        "entities",
        "abstract",
    ]
    assert len(frame) == len(sample.papers) and set(frame["key"]) == set(sample.papers)
    named = Counter(p for p, _ in {(r.subject, r.object) for r in sample.relations})
    for row in frame.itertuples():
        paper = sample.papers[row.key]
        assert (row.title, row.date, row.entities) == (
            paper.title,
            paper.date or "",
            named[row.key],
        )
        assert (pd.isna(row.year) and paper.year is None) or row.year == paper.year


# --- SPARQL results as a DataFrame ---------------------------------------------------------

SKOS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "


def test_query_rows_are_still_a_list_and_become_a_frame(sample):
    question = SKOS + "SELECT ?label ?e WHERE { ?e skos:prefLabel ?label } ORDER BY ?label LIMIT 5"
    result = kg.sparql(sample, question)
    assert isinstance(result, list) and isinstance(result, QueryRows)
    assert result == [dict(row) for row in result] and len(result) == 5
    frame = result.to_frame()
    assert list(frame.columns) == ["label", "e"] and frame["label"].tolist() == [
        r["label"] for r in result
    ]
    empty = kg.sparql(
        sample,
        SKOS + "SELECT ?x ?y WHERE { ?x skos:prefLabel 'no such label at all' . "
        "?x skos:altLabel ?y }",
    )
    assert empty == [] and list(empty.to_frame().columns) == ["x", "y"] and empty.to_frame().empty
    asked = kg.sparql(sample, "ASK { ?s ?p ?o }")
    assert asked == [{"result": True}] and asked.to_frame()["result"].tolist() == [True]
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result and copy.variables == ["label", "e"]


# --- subsets -------------------------------------------------------------------------------


def test_subset_without_arguments_is_an_equal_graph(sample):
    consistent(sample)
    whole = sample.subset()
    assert whole == sample and whole is not sample
    assert [r.evidence for r in whole.relations] == [r.evidence for r in sample.relations]


def test_subset_by_date_keeps_evidence_consistent(sample):
    years = sorted(p.year for p in sample.papers.values() if p.year is not None)
    since = years[len(years) // 2]
    recent = sample.subset(since=since)
    assert 0 < len(recent.papers) < len(sample.papers)
    assert {k for k, p in sample.papers.items() if p.year is not None and p.year >= since} == set(
        recent.papers
    )
    consistent(recent)
    assert recent.mentions and recent.relations and recent.entity_relations
    assert all(
        e.paper_count == len({r.subject for r in recent.relations if r.object == key}) >= 1
        for key, e in recent.entities.items()
    )
    assert all(
        e.mention_count == sum(1 for m in recent.mentions if m.entity_key == key)
        for key, e in recent.entities.items()
    )
    # a stated relation stays only where a kept paper states it
    stated = {(r.subject, r.predicate, r.object) for r in recent.entity_relations if r.evidence}
    assert stated < {
        (r.subject, r.predicate, r.object) for r in sample.entity_relations if r.evidence
    }
    older = sample.subset(until=since - 1)
    assert set(older.papers).isdisjoint(recent.papers)
    consistent(older)


def test_subset_dates_are_compared_by_what_they_say():
    graph = hand_made()
    assert set(graph.subset(since="2021-06").papers) == {"d", "late"}  # "2021" may be January
    assert set(graph.subset(since=2021, until=2021).papers) == {"y", "m", "d"}
    assert set(graph.subset(until="2021-03").papers) == {"m"}
    assert set(graph.subset(since=pd.Timestamp("2021-03-01").date()).papers) == {"m", "d", "late"}
    assert set(graph.subset(types="method").papers) == set(graph.papers)  # undated stay
    early = graph.subset(until=2021)
    assert [(r.subject, r.predicate, r.object) for r in early.entity_relations] == [
        ("other", "comparedWith", "net"),
        ("other", "broader", "net"),
    ]  # "late" stated evaluatedOn
    consistent(early)
    assert early.results == graph.results
    methods = graph.subset(types="method")  # the result's dataset goes, with its mention
    consistent(methods)
    (kept,) = methods.results
    assert (kept.dataset, kept.result.dataset_span) == (None, None)
    assert (kept.method, kept.result.method_span) == ("net", (7, 10))
    assert graph.subset(since=2022).results == []
    for bad, message in (
        ({"since": "June 2021"}, "since must be a date"),
        ({"until": True}, "until must be a date"),
        ({"since": 2022, "until": 2021}, "since .* is after until"),
        ({"types": ["model"]}, "types must be among"),
        ({"types": 3}, "types must be an entity type"),
        ({"min_papers": 0}, "min_papers must be"),
        ({"min_papers": 1.5}, "min_papers must be"),
    ):
        with pytest.raises(KgError, match=message):
            graph.subset(**bad)


def test_subset_by_type_and_min_papers(sample):
    chosen = sample.subset(types=("method", "dataset"), min_papers=2)
    assert set(chosen.papers) == set(sample.papers)
    assert {e.type for e in chosen.entities.values()} <= {"method", "dataset"}
    assert all(e.paper_count >= 2 for e in chosen.entities.values())
    assert set(chosen.entities) == {
        k
        for k, e in sample.entities.items()
        if e.type in ("method", "dataset") and e.paper_count >= 2
    }
    consistent(chosen)
    only = sample.subset(types="dataset")
    assert {e.type for e in only.entities.values()} == {"dataset"}
    consistent(only)
    # every other method takes a subset
    assert set(kg.analysis.centrality(chosen, top=5)["type"]) <= {"method", "dataset"}
    assert chosen.entity("BERT").papers["key"].nunique() == sample.entity("BERT").entity.paper_count
    assert chosen.subset(since=2019).papers.keys() <= chosen.papers.keys()
    assert kg.sparql(chosen, "ASK { ?s ?p ?o }") == [{"result": True}]
    # the summary lists each type's most prominent entities first, in that order
    from kg.views import SUMMARY_TOP

    methods = sorted(
        (e for e in chosen.entities.values() if e.type == "method" and not e.generic),
        key=lambda e: e.prominence(),
    )[:SUMMARY_TOP]
    listed = ", ".join(f"{html.escape(e.label)} ({e.paper_count})" for e in methods)
    assert listed in chosen._repr_html_()


def test_subset_writes_and_loads_back(sample, tmp_path):
    kg.write_outputs(sample, tmp_path / "whole", kg.Settings(formats="ttl"))
    whole = kg.load(tmp_path / "whole")  # a loaded graph queries its file; its subset must not
    years = sorted(p.year for p in whole.papers.values() if p.year is not None)
    sub = whole.subset(since=years[len(years) // 3], types=("method", "dataset", "task"))
    count = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a <https://w3id.org/kg-papers/ontology#Paper> }"
    assert kg.sparql(sub, count) == [{"n": len(sub.papers)}] != kg.sparql(whole, count)
    out = tmp_path / "sub"
    written = kg.write_outputs(sub, out, kg.Settings(formats="ttl,csv,html,report"))
    assert {p.name for p in written} >= {"graph.ttl", "graph.html", "report.html", "entities.csv"}
    loaded = kg.load(out)
    assert loaded == sub
    assert [r.evidence for r in loaded.relations] == [r.evidence for r in sub.relations]
    assert [r.evidence for r in loaded.entity_relations] == [
        r.evidence for r in sub.entity_relations
    ]
    result = kg.validate(out)
    assert result.conforms, result.violations[:5]
    assert len(pd.read_csv(out / "papers.csv")) == len(sub.papers)


def test_docstring_examples_run():
    """The examples of the notebook API's docstrings (on the bundled sample) stay true."""
    import doctest

    import kg.graph
    import kg.notebook
    import kg.query

    for module in (kg.notebook, kg.graph, kg.query):
        result = doctest.testmod(
            module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
        )
        assert result.attempted > 0 and result.failed == 0, module.__name__


def test_subset_of_a_graph_without_evidence(sample, tmp_path):
    kg.write_outputs(sample, tmp_path, kg.Settings(formats="ttl", evidence=False))
    bare = kg.load(tmp_path)
    assert not bare.mentions and bare.entity_relations
    years = sorted(p.year for p in bare.papers.values() if p.year is not None)
    sub = bare.subset(since=years[len(years) // 2])
    consistent(sub)
    assert sub.entity("BERT").evidence.empty
    assert all(e.mention_count == bare.entities[k].mention_count for k, e in sub.entities.items())
    assert {(r.subject, r.predicate, r.object) for r in sub.entity_relations} == {
        (r.subject, r.predicate, r.object)
        for r in bare.entity_relations
        if r.subject in sub.entities and r.object in sub.entities
    }
