"""The field at a glance: trend, matrix, proposal and timeline tables on hand-made graphs;
report.html, CSV and Neo4j tables, kg report / kg export and the notebook views on the
bundled sample."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from conftest import run_kg

import kg
from kg.export.html import community_layout
from kg.export.report import render_report
from kg.graph import KnowledgeGraph
from kg.records import Entity, Paper, Relation

FORMULA_TITLE = '=HYPERLINK("http://evil.example","click") GAN tricks'


def dated_graph(
    papers: dict[str, tuple[str | None, list[str]]],
    types: dict[str, str] | None = None,
    stated: list[tuple[str, str, str]] = (),
) -> KnowledgeGraph:
    """Papers {key: (date, [entity keys])}; entities are methods unless ``types`` says."""
    types = types or {}
    counts = Counter(k for _, names in papers.values() for k in names)
    entities = {
        k: Entity(key=k, type=types.get(k, "method"), label=k.upper(), paper_count=c)
        for k, c in counts.items()
    }
    relation = {
        "method": "uses",
        "dataset": "evaluatesOn",
        "task": "addresses",
        "metric": "measures",
        "concept": "mentions",
    }
    relations = [
        Relation(p, relation[entities[k].type], k)
        for p, (_, names) in papers.items()
        for k in names
    ]
    graph = KnowledgeGraph(
        {
            p: Paper(title=f"Paper {p}", abstract="x", key=p, date=date)
            for p, (date, _) in papers.items()
        },
        entities,
        relations,
        [],
        [Relation(a, predicate, b) for a, predicate, b in stated],
    )
    graph.slugs = {k: k for k in entities}
    return graph


# --- analysis tables ---------------------------------------------------------------------


def test_trend_shifts_split_at_the_median_date_and_rank_by_share_change():
    papers = {
        f"old{i}": (f"2020-0{i + 1}-01", ["cnn", "lstm"] if i < 3 else ["cnn"]) for i in range(4)
    }
    papers |= {
        f"new{i}": (f"2023-0{i + 1}-01", ["transformer", "cnn"] if i < 3 else ["transformer"])
        for i in range(4)
    }
    papers["undated"] = (None, ["transformer"])
    shifts = kg.analysis.trend_shifts(dated_graph(papers), min_support=3)
    assert shifts.attrs["earlier_papers"] == shifts.attrs["later_papers"] == 4
    assert shifts.attrs["split"] == "2023-01-01"
    assert list(shifts["label"]) == ["TRANSFORMER", "CNN", "LSTM"]
    top = shifts.loc["transformer"]
    assert (top["earlier"], top["later"], top["change"]) == (
        0,
        4,
        100.0,
    )  # the undated paper is not counted
    assert shifts.loc["lstm", "change"] == -75.0 and shifts.loc["cnn", "change"] == -25.0
    assert shifts.loc["transformer", "p"] < 0.05 < shifts.loc["cnn", "p"]  # Fisher exact test
    assert list(kg.analysis.trend_shifts(dated_graph(papers), min_support=5)["label"]) == [
        "CNN"
    ]  # support filters
    assert kg.analysis.trend_shifts(dated_graph({"a": (None, ["x"])})).empty  # no dates, no rows


def test_trend_shifts_leave_out_papers_whose_date_may_fall_either_side():
    dates = [
        "2019",
        "2020",
        "2020-03",
        "2020-05-10",
        "2020-06-01",
        "2020-07-01",
        "2020-08-01",
        "2020-09-01",
    ]
    shifts = kg.analysis.trend_shifts(
        dated_graph({f"p{i}": (d, ["cnn"]) for i, d in enumerate(dates)}), min_support=1
    )
    assert shifts.attrs["split"] == "2020-06-01"  # the median paper, papers ordered by first day
    # "2020" may be any day of 2020, before or after the split: in neither half; "2020-03"
    # (all of March) is earlier
    assert shifts.attrs["undetermined"] == 1
    assert (shifts.attrs["earlier_papers"], shifts.attrs["later_papers"]) == (3, 4)


def test_timeline_bins_by_month_or_year_with_empty_bins():
    graph = dated_graph(
        {
            "a": ("2023-01-05", ["x"]),
            "b": ("2023-03", ["x"]),
            "c": ("2023", ["x"]),
            "d": (None, ["x"]),
            "e": ("--06-01", ["x"]),
        }
    )
    months = kg.analysis.timeline(graph)
    assert kg.analysis.time_unit(graph) == "month"
    assert months.to_dict() == {"2023-01": 1, "2023-02": 0, "2023-03": 1}
    assert months.attrs["left_out"] == 3  # a year-only date, no date, a year-less date
    assert kg.analysis.timeline(graph, by="year").to_dict() == {"2023": 3}
    wide = dated_graph({"a": ("2015-01-01", ["x"]), "b": ("2020-06-01", ["x"])})
    assert kg.analysis.time_unit(wide) == "year" and list(kg.analysis.timeline(wide).index) == [
        str(y) for y in range(2015, 2021)
    ]
    for undated_or_not in (graph, dated_graph({"a": (None, ["x"])})):
        with pytest.raises(ValueError):
            kg.analysis.timeline(undated_or_not, by="week")


def test_a_stray_date_is_left_out_of_the_bins_not_stretching_them_over_millennia():
    dates = {f"p{i}": (f"202{i % 4}-0{1 + i % 9}-01", ["x"]) for i in range(9)}
    graph = dated_graph({**dates, "old": ("0001-01-01", ["x"]), "far": ("9999-12-31", ["x"])})
    years = kg.analysis.timeline(graph)
    assert list(years.index) == ["2020", "2021", "2022", "2023"]
    assert years.attrs["left_out"] == years.attrs["out_of_range"] == 2
    assert kg.analysis.time_unit(graph) == "year"
    summary = kg.export.report.render_report(graph)
    assert "2 papers dated more than a century from the median paper" in summary
    # a century either side of the median paper is still binned
    wide = dated_graph({"a": ("1931-01-01", ["x"]), "b": ("2020-01-01", ["x"])})
    assert len(kg.analysis.timeline(wide)) == 90


def test_pair_matrix_counts_shared_papers_and_marks_stated_pairs():
    graph = dated_graph(
        {
            "p1": (None, ["bert", "squad", "glue"]),
            "p2": (None, ["bert", "squad"]),
            "p3": (None, ["resnet", "imagenet"]),
        },
        types={"squad": "dataset", "glue": "dataset", "imagenet": "dataset"},
        stated=[("bert", "evaluatedOn", "squad")],
    )
    counts, stated = kg.analysis.pair_matrix(graph, "method", "dataset")
    assert counts.loc["BERT", "SQUAD"] == 2 and counts.loc["BERT", "GLUE"] == 1
    assert counts.loc["RESNET", "IMAGENET"] == 1 and counts.loc["RESNET", "SQUAD"] == 0
    assert stated.loc["BERT", "SQUAD"] and not stated.loc["BERT", "GLUE"]
    assert counts.index[0] == "BERT"  # the method sharing most papers with datasets first
    with pytest.raises(ValueError):
        kg.analysis.pair_matrix(graph, "method", "venue")


def test_evaluation_matrix_counts_what_a_paper_evaluates_not_the_parts_it_uses():
    graph = dated_graph(
        {
            "p1": (None, ["quillnet", "zarnop", "plinthformer", "glyphset"]),
            "p2": (None, ["zarnop", "glyphset"]),  # a study: proposes nothing
        },
        types={"glyphset": "dataset"},
    )
    roles = {("p1", "quillnet"): "proposes", ("p1", "plinthformer"): "comparesWith"}
    graph.relations[:] = [
        Relation(r.subject, roles.get((r.subject, r.object), r.predicate), r.object)
        for r in graph.relations
    ]
    counts, _ = kg.analysis.pair_matrix(graph, "method", "dataset")
    assert counts.loc["QUILLNET", "GLYPHSET"] == 1  # proposed, and evaluated on it
    assert counts.loc["PLINTHFORMER", "GLYPHSET"] == 1  # a baseline is evaluated too
    # the optimizer p1 trains with is no evaluation of it; p2 studies it on the data
    assert counts.loc["ZARNOP", "GLYPHSET"] == 1
    cooccurring, _ = kg.analysis.pair_matrix(graph, "method", "dataset", basis="cooccurrence")
    assert cooccurring.loc["ZARNOP", "GLYPHSET"] == 2


def test_proposals_list_what_a_proposal_is_evaluated_on_and_applied_to():
    graph = dated_graph(
        {"p1": ("2024-01-01", ["squad"]), "p2": (None, ["glue"])},
        types={"squad": "dataset", "glue": "dataset", "qa": "task"},
        stated=[("foonet", "evaluatedOn", "glue"), ("foonet", "usedFor", "qa")],
    )
    graph.entities["foonet"] = Entity(key="foonet", type="method", label="FooNet", paper_count=1)
    graph.entities["qa"] = Entity(key="qa", type="task", label="question answering", paper_count=0)
    graph.relations.append(Relation("p1", "proposes", "foonet"))
    frame = kg.analysis.proposals(graph)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["proposes"] == ["FooNet"] and row["date"] == "2024-01-01"
    assert row["datasets"] == ["GLUE", "SQUAD"]  # stated for the proposal, and the paper's own
    assert row["tasks"] == ["question answering"]


def test_field_communities_leave_out_rare_and_umbrella_entities():
    graph = dated_graph(
        {
            "p1": (None, ["a", "b", "rare"]),
            "p2": (None, ["a", "b"]),
            "p3": (None, ["c", "d"]),
            "p4": (None, ["c", "d"]),
        }
    )
    frame = kg.analysis.communities(graph)
    assert sorted(sorted(m) for m in frame["members"]) == [["a", "b"], ["c", "d"]]
    assert list(frame.columns) == ["name", "size", "labels", "members"]
    capped = kg.analysis.communities(graph, max_entities=2)  # the 2 named by most papers
    assert sorted(sorted(m) for m in capped["members"]) == [["a", "b"]]


def test_community_layout_gives_each_community_its_own_region():
    groups = [[f"a{i}" for i in range(12)], [f"b{i}" for i in range(12)], ["lonely"]]
    weights = {(f"{g}{i}", f"{g}{j}"): 3 for g in "ab" for i in range(12) for j in range(i + 1, 12)}
    weights[("a0", "b0")] = 1
    papers = {"paper:1": ["a1", "a2"], "paper:2": ["b3"]}
    first = community_layout(groups, weights, papers)
    assert first == community_layout(groups, weights, papers)  # seeded
    assert set(first) == {n for g in groups for n in g} | set(papers)

    def centre(nodes):
        return (
            sum(first[n][0] for n in nodes) / len(nodes),
            sum(first[n][1] for n in nodes) / len(nodes),
        )

    for own, other in ((groups[0], groups[1]), (groups[1], groups[0])):
        mine, theirs = centre(own), centre(other)
        for node in own:  # every member is nearer its own community's centre
            x, y = first[node]
            assert (x - mine[0]) ** 2 + (y - mine[1]) ** 2 < (x - theirs[0]) ** 2 + (
                y - theirs[1]
            ) ** 2


# --- report.html ---------------------------------------------------------------------------


def test_report_without_dates_says_so_and_escapes_titles():
    graph = dated_graph(
        {"p1": (None, ["bert", "squad"]), "p2": (None, ["bert", "squad"])},
        types={"squad": "dataset"},
    )
    graph.papers["p1"] = Paper(title="<script>alert(1)</script> BERT", abstract="x", key="p1")
    graph.entities["squad"] = Entity(
        key="squad", type="dataset", label="<b>SQuAD</b> & $x^2$", paper_count=2
    )
    graph.relations.append(Relation("p1", "proposes", "bert"))
    html = render_report(graph, workers=1)
    assert "no dates" in html and "there are no trends to show" in html
    assert "0 of 2 papers (0%) carry a date with a year." in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; BERT" in html
    assert "<script" not in html  # the report needs no script at all
    assert 'id="chart-matrix-method-dataset"' in html and 'class="datum"' in html
    assert (
        "<b>SQuAD" not in html and "&lt;b&gt;SQuAD&lt;/b&gt; &amp; $x^2$" in html
    )  # no markup, no TeX


def test_a_report_drawn_in_the_child_a_build_writes_its_first_format_in_is_whole():
    from kg.processes import Beside

    graph = dated_graph({"p1": (None, ["bert", "squad"]), "p2": (None, ["bert", "squad"])})
    # a daemonic child may start no processes of its own: it draws every section itself
    html = Beside(lambda: render_report(graph, workers=2), "a report").result()
    assert html == render_report(graph, workers=1)


def test_report_links_each_proposing_paper_to_its_pages():
    graph = dated_graph({"p1": ("2021-06", ["foonet"])})
    graph.papers["p1"] = Paper(
        title='<img src=x> "FooNet"',
        abstract="x",
        key="p1",
        date="2021-06",
        date_origin="arxiv-id",
        ids=("arXiv:2106.00001", 'doi:10.5555/a"b'),
        urls=("javascript:alert(1)", "https://github.com/x/foonet"),
    )
    graph.relations.append(Relation("p1", "proposes", "foonet"))
    html = render_report(graph, workers=1)
    table = html[html.index('id="table-proposals"') :]
    table = table[: table.index("</table>")]
    assert (
        '<a href="https://arxiv.org/abs/2106.00001" target="_blank" rel="noopener noreferrer">arXiv</a>'
        in table
    )
    assert (
        'href="https://doi.org/10.5555/a%22b"' in table
    )  # quoted in the address, not escaped out of it
    assert 'href="https://github.com/x/foonet"' in table and "javascript" not in table
    assert "&lt;img src=x&gt; &quot;FooNet&quot;" in table and "<img" not in table
    assert "June 2021 (from the arXiv id)" in table and "2021-06" not in table


# --- the sample, built once through the CLI with every table format -------------------------


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tables")
    corpus = folder / "papers.jsonl"
    lines = [Path(p).read_text("utf-8") for p in kg.sample_inputs() if p.endswith(".jsonl")]
    hostile = {
        "title": FORMULA_TITLE,
        "abstract": "We train a GAN on CIFAR-10 and report FID.",
        "date": "2024-02-02",
    }
    corpus.write_text("".join(lines) + json.dumps(hostile) + "\n", "utf-8")
    out = folder / "out"
    result = run_kg(
        "build", str(corpus), "-o", str(out), "--formats", "ttl,csv,neo4j,report", "--no-progress"
    )
    assert result.returncode == 0, result.stderr
    return out


def test_csv_tables_rebuild_the_networkx_graph(sample_build):
    frames = {
        name: pd.read_csv(sample_build / f"{name}.csv", keep_default_na=False)
        for name in ("papers", "entities", "paper_entity", "entity_entity", "mentions")
    }
    rebuilt = nx.MultiDiGraph()
    for frame in (frames["papers"], frames["entities"]):
        rebuilt.add_nodes_from((row.id, {"type": row.type}) for row in frame.itertuples())
    for frame in (frames["paper_entity"], frames["entity_entity"]):
        rebuilt.add_edges_from(
            (row.source, row.target, row.relation, {"relation": row.relation})
            for row in frame.itertuples()
        )
    expected = kg.load(sample_build).to_networkx()
    assert set(rebuilt.nodes) == set(expected.nodes)
    assert {n: d["type"] for n, d in rebuilt.nodes(data=True)} == {
        n: d["type"] for n, d in expected.nodes(data=True)
    }
    assert sorted(rebuilt.edges(keys=True)) == sorted(expected.edges(keys=True))
    # relations carry their evidence; the mentions table is that evidence
    assert (frames["paper_entity"]["evidence"] >= 1).all()
    assert frames["paper_entity"]["evidence"].sum() == len(frames["mentions"])
    assert set(frames["mentions"]["source"]) <= {"model", "rule", "lexicon", "abbreviation"}


def test_csv_cells_cannot_run_as_formulas(sample_build):
    with open(sample_build / "papers.csv", encoding="utf-8", newline="") as handle:
        titles = [row["title"] for row in csv.DictReader(handle)]
    assert "'" + FORMULA_TITLE in titles
    for name in ("papers", "entities", "mentions"):
        with open(sample_build / f"{name}.csv", encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                assert not any(cell[:1] in ("=", "+", "@") for cell in row), row


def test_neo4j_tables_have_import_headers_and_exact_text(sample_build):
    folder = sample_build / "neo4j"
    headers = {
        name: next(csv.reader((folder / f"{name}.csv").read_text("utf-8").splitlines()))
        for name in ("papers", "entities", "paper_entity", "entity_entity", "mentions")
    }
    assert headers["papers"][0] == "id:ID" and ":LABEL" in headers["entities"]
    for name in ("paper_entity", "entity_entity", "mentions"):
        assert headers[name][:3] == [":START_ID", ":END_ID", ":TYPE"]
    papers = pd.read_csv(folder / "papers.csv", keep_default_na=False)
    assert FORMULA_TITLE in set(papers["title"])  # a database gets the text as it is
    entities = pd.read_csv(folder / "entities.csv", keep_default_na=False)
    assert set(entities[":LABEL"]) <= {f"Entity;{t.capitalize()}" for t in kg.records.ENTITY_TYPES}
    assert "EVALUATES_ON" in set(pd.read_csv(folder / "paper_entity.csv")[":TYPE"])
    assert "neo4j-admin database import full" in (folder / "import.sh").read_text()


def test_kg_export_adds_formats_and_keeps_the_rest(sample_build, tmp_path):
    out = tmp_path / "copy"
    result = run_kg("export", str(sample_build), "--formats", "graphml,csv", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert {p.name for p in out.iterdir()} == {
        "graph.graphml",
        "papers.csv",
        "entities.csv",
        "paper_entity.csv",
        "entity_entity.csv",
        "mentions.csv",
        "results.csv",
        "result_links.csv",
        ".kg-manifest.json",
    }
    result = run_kg("export", str(out / "missing"), "--formats", "csv")
    assert result.returncode == 3 and result.stderr.count("\n") == 1


def test_a_build_keeps_the_tables_of_formats_it_did_not_write_unless_clean(sample_build, tmp_path):
    graph = kg.load(sample_build)
    kg.write_outputs(graph, tmp_path, kg.Settings(formats=("neo4j", "csv")))
    assert (tmp_path / "neo4j" / "import.sh").exists() and (tmp_path / "papers.csv").exists()
    report = kg.BuildReport()
    kg.write_outputs(graph, tmp_path, kg.Settings(formats=("ttl",)), report=report)
    assert report.removed == [] and (tmp_path / "neo4j" / "import.sh") in report.kept
    assert (tmp_path / "neo4j" / "import.sh").exists() and (tmp_path / "papers.csv").exists()
    kg.write_outputs(graph, tmp_path, kg.Settings(formats=("ttl",), clean=True), report=report)
    assert len(report.removed) == 15 and report.kept == []
    # subfolder gone too; kg's manifest stays
    assert sorted(p.name for p in tmp_path.iterdir()) == [".kg-manifest.json", "graph.ttl"]


def test_kg_report_writes_the_page_beside_the_graph(sample_build, tmp_path):
    target = tmp_path / "field.html"
    result = run_kg("report", str(sample_build), "-o", str(target))
    assert result.returncode == 0, result.stderr
    html = target.read_text("utf-8")
    assert html == (sample_build / "report.html").read_text("utf-8")  # same page either way
    assert "Content-Security-Policy" in html and "Rising entities" in html
    # nothing to fetch: no remote source or stylesheet (links to papers' pages are followed
    # only when clicked)
    assert not re.search(r'src="(https?:)?//|<link[^>]*href="(https?:)?//', html)
    result = run_kg("report", str(sample_build), "-o", str(tmp_path))
    assert result.returncode == 2 and "is a folder" in result.stderr
    for command, end in (("report", "/"), ("view", "/"), ("report", "/.")):
        # a slash at the end names a folder, made or not, and so does "."
        result = run_kg(command, str(sample_build), "-o", f"{tmp_path / 'new'}{end}")
        assert result.returncode == 2 and "names a folder" in result.stderr
        assert not (tmp_path / "new").exists()
    result = run_kg("report", str(sample_build), "-o", str(tmp_path / "no" / "such" / "r.html"))
    assert result.returncode == 2 and result.stderr.strip().endswith("no such folder")
    assert result.stderr.count("\n") == 1


def test_notebook_views_are_sandboxed_inline_pages(sample_build):
    graph = kg.load(sample_build)
    view = kg.show_map(graph, type="method", top=20)
    frame = view._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in frame
    assert "<script" not in frame  # the page is inside the attribute, escaped
    assert "&lt;script&gt;" in frame and "vis.Network" in view.html
    report = kg.show_report(graph)
    assert "Corpus summary" in report.html and report._repr_html_().startswith("<iframe")


def test_a_notebook_page_is_saved_as_kg_view_writes_one_and_its_arguments_are_checked(
    sample_build, tmp_path
):
    from kg.errors import OutputRefused, UsageError

    graph = kg.load(sample_build)
    page = kg.show_report(graph)
    notes = tmp_path / "notes.html"
    notes.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputRefused, match="not written by kg"):
        page.save(notes)
    assert notes.read_text(encoding="utf-8") == "mine"
    assert page.save(tmp_path / "report.html") == tmp_path / "report.html"
    page.save(tmp_path / "report.html")  # its own page, again
    import numpy as np

    assert kg.show_map(graph, top=np.int64(5), height=np.float64(400)).height == 400
    page.save(notes, force=True)
    assert "Corpus summary" in notes.read_text(encoding="utf-8")
    with pytest.raises(UsageError, match="is a folder"):
        page.save(tmp_path)
    for folder in (f"{tmp_path / 'new'}/", f"{tmp_path / 'new'}/."):  # made or not
        with pytest.raises(UsageError, match="names a folder"):
            page.save(folder)
        with pytest.raises(UsageError, match="names a folder"):
            kg.api.write_page(folder, "<p>x</p>", "report")
    assert not (tmp_path / "new").exists()
    bad = [
        lambda: kg.show_map(graph, top=0),
        lambda: kg.show_map(graph, top="5"),
        lambda: kg.show_map(graph, type="bogus"),
        lambda: kg.show_map(graph, height=float("nan")),
        lambda: kg.show_map(graph, generic="yes"),
        lambda: kg.show_report(str(sample_build)),
        lambda: kg.write_outputs(graph, tmp_path / "w", None),
        lambda: kg.show_map(graph, height=10**400),
        lambda: kg.show_map(graph, height=0.5),
        lambda: kg.api.write_page(tmp_path / "x.html", "<p>x</p>", "ttl"),
    ]
    for call in bad:
        with pytest.raises(UsageError):
            call()


def test_a_page_does_not_replace_another_of_kgs_outputs(sample_build, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(sample_build, out)
    before = (out / "graph.ttl").read_bytes()
    result = run_kg("view", str(out), "-o", str(out / "graph.ttl"))
    assert result.returncode == 8 and "a graph file kg reads, not of a view page" in result.stderr
    assert (out / "graph.ttl").read_bytes() == before
    # nor takes a graph file's name kg has not written there: the next command would read
    # the page for the graph
    for name in ("Graph.JSONLD", "graph.nt"):
        assert not (out / name).exists()
        result = run_kg("report", str(out), "-o", str(out / name), "--force")
        assert result.returncode == 8 and "not of a report page" in result.stderr
        assert not (out / name).exists()
    # another output's name that kg does not read, in a folder of pages: a page
    pages = tmp_path / "pages"
    pages.mkdir()
    assert run_kg("view", str(out), "-o", str(pages / "report.html")).returncode == 0
    assert run_kg("report", str(out), "-o", str(pages / "graph.graphml")).returncode == 0
    for name in (".kg-manifest.json", ".kg-lock"):
        with pytest.raises(kg.KgError, match="bookkeeping"):
            kg.show_report(kg.load(out)).save(out / name, force=True)
    # a map replaces a map: graph.html is one
    assert run_kg("view", str(out), "-o", str(out / "graph.html")).returncode == 0
    kg.show_map(kg.load(out), top=20).save(out / "graph.html")


def test_trends_open_with_the_dated_share_and_say_when_it_is_too_small():
    # 2 of 5 papers carry a year, one more only a month and day: 40%, under the 50% needed
    graph = dated_graph(
        {
            "p1": ("2021-03-01", ["bert"]),
            "p2": ("2023-07-15", ["bert"]),
            "p3": ("--06-26", ["bert"]),
            "p4": (None, ["bert"]),
            "p5": (None, ["bert"]),
        }
    )
    html = render_report(graph, workers=1)
    trends = html[html.index('<section id="trends">') :]
    first_note = re.search(r'<p class="note">(.*?)</p>', trends, re.DOTALL).group(1)
    assert first_note.startswith("2 of 5 papers (40%) carry a date with a year")
    assert "1 more carry only a month and day" in first_note
    assert "too small a share to read the field&#39;s trends from" in first_note
    assert "at least 50% of the papers would need a year" in first_note
    assert first_note.endswith("What follows describes the 2 dated papers only.")
    assert "--06-26" not in html  # no raw year-less date anywhere
    summary = html[html.index('<section id="summary">') : html.index('<section id="trends">')]
    assert "1 March 2021 to 15 July 2023" in summary

    enough = dated_graph({f"p{i}": (f"202{i}-01-0{i + 1}", ["bert"]) for i in range(4)})
    note = re.search(
        r'<p class="note">(.*?)</p>', render_report(enough, workers=1).split('id="trends"')[1]
    ).group(1)
    assert note == "4 of 4 papers (100%) carry a date with a year; trends are read from them."


def test_report_with_one_dated_paper_says_it_cannot_compare_halves():
    graph = dated_graph({"p1": ("2024-05-01", ["bert"]), "p2": (None, ["bert"])})
    html = render_report(graph, workers=1)
    assert "Only 1 paper has a date: too few to compare two halves." in html
    assert 'id="chart-papers-over-time"' in html


def test_report_names_communities_as_the_map_legend_does(tmp_path):
    from markupsafe import escape

    kg.build(out=tmp_path, formats=("html", "report"))
    page = (tmp_path / "graph.html").read_text("utf-8")
    start = page.index("var panelData = ") + len("var panelData = ")
    legend = [c["name"] for c in json.JSONDecoder().raw_decode(page[start:])[0]["communities"]]
    report = (tmp_path / "report.html").read_text("utf-8")
    section = report[report.index('<section id="communities">') :]
    assert legend and all(str(escape(name)) in section for name in legend)


def test_a_label_the_charts_font_cannot_draw_prints_no_warning_per_glyph(tmp_path):
    source = tmp_path / "papers.jsonl"
    source.write_text(
        '{"title": "QuorbNet for glyphs", "abstract": "We propose QuorbNet, a method for '
        'glyph detection on the Zarn dataset. QuorbNet reaches 91% accuracy on Zarn."}\n',
        encoding="utf-8",
    )
    curation = tmp_path / "curation.toml"
    curation.write_text(  # letters of a mathematical alphabet, which DejaVu Sans lacks
        '[[rename]]\nentity = "QuorbNet"\nlabel = "\\U0001D518\\U0001D52B\\U0001D526Net"\n',
        encoding="utf-8",
    )
    result = run_kg(
        "build",
        str(source),
        "-o",
        str(tmp_path / "out"),
        "--formats",
        "report",
        "--curation",
        str(curation),
        "--no-cache",
        "-q",
    )
    assert result.returncode == 0, result.stderr
    assert "Glyph" not in result.stderr
