"""Exporters: RDF under the ontology, safe IRIs, offline and escaped HTML, atomic writes."""

from __future__ import annotations

import csv
import json
import math
import re
from typing import ClassVar

import pytest
from conftest import REPO
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

import kg
from kg.export.html import render_html, safe_json
from kg.rdf.terms import KG, slug
from kg.rdf.write import to_rdf

HOSTILE_TITLE = "<img src=x onerror=\"document.title='PWNED'\"> </script><script>alert(1)</script>"


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.jsonl"
    import json

    path.write_text(
        json.dumps(
            {
                "title": HOSTILE_TITLE,
                "abstract": 'We propose EvilNet <b>bold</b> & "quotes" evaluated on ImageNet with '
                'large language models (LLMs). Code: https://github.com/x/y"><script>',
            }
        )
        + "\n"
    )
    return kg.build([path])


def test_slugs_are_iri_safe():
    assert slug("GPT-3 (175B) <x>") == "gpt-3-175b-x"
    assert slug("Ünïcödé Net") == "unicode-net"
    assert re.fullmatch(r"x[0-9a-f]{10}", slug("<>"))


def test_rdf_uses_only_declared_ontology_terms(hostile_graph):
    ontology = Graph().parse(REPO / "ontology" / "kg.ttl", format="turtle")
    declared = {
        s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(str(KG))
    }
    rdf = to_rdf(hostile_graph)
    used = {
        t for triple in rdf for t in triple if isinstance(t, URIRef) and str(t).startswith(str(KG))
    }
    assert used and used <= declared, used - declared


def test_ontology_terms_have_labels_and_comments():
    ontology = Graph().parse(REPO / "ontology" / "kg.ttl", format="turtle")
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in ontology.subjects(RDF.type, kind):
            if str(term).startswith(str(KG)):
                assert ontology.value(term, RDFS.label) is not None, term
                assert ontology.value(term, RDFS.comment) is not None, term


def test_rdf_round_trips_hostile_text(hostile_graph, tmp_path):
    kg.write_outputs(hostile_graph, tmp_path, kg.Settings(formats=("ttl", "nt")))
    for name, fmt in (("graph.ttl", "turtle"), ("graph.nt", "nt")):
        graph = Graph().parse(tmp_path / name, format=fmt)
        titles = [str(o) for o in graph.objects(None, URIRef("http://purl.org/dc/terms/title"))]
        assert titles == [HOSTILE_TITLE]


def test_html_is_offline_and_escapes_input(hostile_graph):
    page = render_html(hostile_graph)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    assert "<img src=x" not in page
    tags = _start_tags(page)
    assert "img" not in tags and tags.count("script") == 2  # vis-network and kg's own
    assert "PWNED" in page  # present as data, escaped


def _start_tags(page: str) -> list[str]:
    from html.parser import HTMLParser

    class Collector(HTMLParser):
        tags: ClassVar[list[str]] = []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

    collector = Collector()
    collector.tags = []
    collector.feed(page)
    return collector.tags


def test_map_panel_offsets_count_utf16_units_as_the_page_does(tmp_path):
    import json

    path = tmp_path / "astral.jsonl"
    abstract = "We map \U0001d53d-fields \U0001f600 with EvilNet and evaluate EvilNet on ImageNet."
    path.write_text(json.dumps({"title": "Astral \U0001d4d0 text", "abstract": abstract}) + "\n")
    page = render_html(kg.build([path]))
    start = page.index("var panelData = ") + len("var panelData = ")
    panel = json.JSONDecoder().raw_decode(page[start:])[0]
    (paper,) = panel["papers"].values()
    units = paper["abstract"].encode("utf-16-le")  # JavaScript's string.slice counts these
    marked = {
        units[2 * start : 2 * end].decode("utf-16-le")
        for field, start, end, *_ in paper["m"]
        if panel["fields"][field] == "abstract"
    }
    assert {"EvilNet", "ImageNet"} <= marked
    for _field, start, end, _entity, first, last in paper["m"]:
        assert first <= start < end <= last  # inside its sentence


def test_map_offers_a_year_filter_only_when_papers_are_dated(hostile_graph, sources_build):
    assert 'id="year-filter"' not in render_html(hostile_graph)  # no dates
    _, out = sources_build
    assert 'id="year-filter"' in (out / "graph.html").read_text("utf-8")


def test_safe_json_cannot_close_a_script():
    assert "</" not in safe_json({"t": "</script><!--"})


FAILING_WRITE = """
import sys
import kg
from kg.registry import exporter

@exporter("failing", order=99, help="a format whose writer fails halfway")
def write(graph, folder, settings):
    with open(folder / "graph.failing", "w", encoding="utf-8") as half:
        half.write("<urn:a> <urn:b> ")
        raise RuntimeError("disk full")

try:
    kg.write_outputs(kg.load(sys.argv[1]), sys.argv[2], kg.Settings(formats=("ttl", "failing")))
except RuntimeError as err:
    sys.exit(f"failed: {err}")
"""


def test_failed_write_leaves_no_partial_file(hostile_graph, tmp_path):
    import subprocess
    import sys

    source = tmp_path / "source"
    kg.write_outputs(hostile_graph, source, kg.Settings(formats=("ttl",)))
    out = tmp_path / "out"
    # a format of its own, registered in a process of its own: this one's registry stays
    failed = subprocess.run(
        [sys.executable, "-c", FAILING_WRITE, str(source / "graph.ttl"), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (failed.returncode, failed.stderr) == (1, "failed: disk full\n")
    assert list(out.iterdir()) == []  # neither the finished graph.ttl nor the half file


def test_every_format_round_trips(tmp_path):
    import networkx as nx
    import pyoxigraph as ox

    built = kg.build(out=tmp_path, formats=("ttl", "nt", "jsonld", "graphml", "html"))
    expected = set(to_rdf(built))
    for name, fmt in (("graph.ttl", "turtle"), ("graph.nt", "nt"), ("graph.jsonld", "json-ld")):
        assert set(Graph().parse(tmp_path / name, format=fmt)) == expected, name
    for name, fmt in (
        ("graph.ttl", ox.RdfFormat.TURTLE),
        ("graph.nt", ox.RdfFormat.N_TRIPLES),
        ("graph.jsonld", ox.RdfFormat.JSON_LD),
    ):  # a second, strict parser
        assert sum(1 for _ in ox.parse(path=str(tmp_path / name), format=fmt)) == len(expected)
    view = nx.read_graphml(tmp_path / "graph.graphml")
    assert view.number_of_nodes() == len(built.papers) + len(built.entities)
    assert {d["relation"] for _, _, d in view.edges(data=True)} >= {"uses", "proposes"}
    # GraphML's edge ids are unique in the file (each was the edge's relation)
    ids = re.findall(r'<edge [^>]*\bid="([^"]*)"', (tmp_path / "graph.graphml").read_text("utf-8"))
    assert len(ids) == view.number_of_edges() == len(set(ids))
    assert '"@context"' in (tmp_path / "graph.jsonld").read_text()[:200]


def test_output_is_deterministic(tmp_path):
    first, second, cache = tmp_path / "a", tmp_path / "b", tmp_path / "cache"
    extracted, cached = kg.BuildReport(), kg.BuildReport()
    graph = kg.build(out=first, formats=("nt", "ttl"), cache_dir=cache, report=extracted)
    kg.build(out=second, formats=("nt", "ttl"), cache_dir=cache, report=cached)
    papers = len(graph.papers)
    assert (extracted.cached, extracted.extracted) == (0, papers)  # this test's own cache
    assert (cached.cached, cached.extracted) == (papers, 0)  # the second from the cache
    for name in ("graph.nt", "graph.ttl"):
        assert (first / name).read_bytes() == (second / name).read_bytes()  # byte for byte


def test_shacl_shapes_accept_a_build_and_reject_a_broken_one(tmp_path):
    import pyshacl
    from rdflib import Literal
    from rdflib.namespace import SKOS

    shapes = Graph().parse(REPO / "ontology" / "shapes.ttl", format="turtle")
    kg.build(out=tmp_path, formats=("ttl",))
    data = Graph().parse(tmp_path / "graph.ttl", format="turtle")
    conforms, _, report = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    assert conforms, report
    entity = next(data.subjects(RDF.type, KG.Method))
    data.add((entity, SKOS.prefLabel, Literal("a second preferred label")))
    mention = next(data.subjects(RDF.type, KG.Mention))
    data.remove((mention, KG.inPaper, None))
    conforms, _, report = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    assert not conforms
    assert "prefLabel" in report and "inPaper" in report


# --- graph.html: node selection, layout, focused views -------------------------------------


def test_large_layouts_place_every_node_deterministically():
    from kg.export.html import MAX_PAPER_NODES, community_layout

    groups = [[f"g{g}n{i}" for i in range(30)] for g in range(10)]
    weights = {
        (f"g{g}n{i}", f"g{(g + i) % 10}n{(i * 7) % 30}"): 1 + i % 3
        for g in range(10)
        for i in range(30)
    }
    papers = {
        f"paper:{p}": [f"g{p % 10}n{p % 30}", f"g{(p // 10) % 10}n{p % 7}"]
        for p in range(MAX_PAPER_NODES)
    }
    first, second = (
        community_layout(groups, weights, papers),
        community_layout(groups, weights, papers),
    )
    assert first == second and set(first) == {n for g in groups for n in g} | set(papers)
    assert len({(round(x), round(y)) for x, y in first.values()}) > 0.95 * len(first)


def test_an_entity_of_no_community_sits_among_those_it_shares_papers_with():
    from kg.export.html import community_layout

    groups = [[f"a{i}" for i in range(6)], [f"b{i}" for i in range(6)]]
    weights = {(f"a{i}", f"a{i + 1}"): 2 for i in range(5)}
    weights |= {(f"b{i}", f"b{i + 1}"): 2 for i in range(5)}
    weights |= {("loose", "a0"): 1, ("loose", "a1"): 1}
    layout = community_layout(groups, weights, {}, loose=["loose", "alone"])

    def distance(a, b):
        return math.dist(layout[a], layout[b])

    centre_a = [sum(layout[n][i] for n in groups[0]) / 6 for i in (0, 1)]
    centre_b = [sum(layout[n][i] for n in groups[1]) / 6 for i in (0, 1)]
    assert math.dist(layout["loose"], centre_a) < math.dist(layout["loose"], centre_b)
    assert distance("loose", "a0") < distance("loose", "b0")
    assert "alone" in layout  # one that shares no paper still has a place of its own


def test_the_first_view_draws_no_islands_where_connected_entities_can_take_their_place():
    from kg.export.html import select_entities
    from kg.records import Entity, Paper, Relation

    # p1..p3 join a, b, c; "island" (ranked above d) shares its one paper with nothing drawn
    named = {"a": ["p1", "p2"], "b": ["p1", "p3"], "c": ["p2", "p3"], "island": ["p9"], "d": ["p3"]}
    entities = {
        key: Entity(key, "method", key.title(), paper_count=len(papers))
        for key, papers in named.items()
    }
    relations = [Relation(p, "uses", key, ()) for key, papers in named.items() for p in papers]
    papers = {p: Paper(title=p, abstract="x", key=p) for p in ("p1", "p2", "p3", "p9")}
    graph = kg.KnowledgeGraph(papers=papers, entities=entities, relations=relations, mentions=[])
    rank = {"a": 0.5, "b": 0.4, "c": 0.3, "island": 0.2, "d": 0.1}
    assert select_entities(graph, 4, rank) == ["a", "b", "c", "d"]
    assert select_entities(graph, 5, rank) == ["a", "b", "c", "island", "d"]  # room for all
    rank["island"] = 0.9  # the most central entity is always drawn
    assert select_entities(graph, 4, rank)[0] == "island"


def test_html_selection_ranks_by_pagerank_and_filters_by_type():
    from kg.analysis import paper_pagerank
    from kg.export.html import select_entities

    graph = kg.build()  # the bundled sample
    rank = paper_pagerank(graph)
    top = select_entities(graph, 5, rank)
    assert [rank[k] for k in top] == sorted((rank[k] for k in top), reverse=True)
    assert max(rank.values()) == rank[top[0]]
    methods = select_entities(graph, 10, rank, "method")
    assert methods and all(graph.entities[k].type == "method" for k in methods)
    page = render_html(graph, top=10, type="method")
    assert "10 method entities, the most central by paper_pagerank" in page


def test_kg_view_writes_a_focused_page(tmp_path):
    from conftest import run_kg

    built = run_kg("build", "-o", str(tmp_path), "--formats", "nt", "--no-progress")
    assert built.returncode == 0, built.stderr
    result = run_kg(
        "view",
        str(tmp_path),
        "--type",
        "dataset",
        "--top",
        "5",
        "-o",
        str(tmp_path / "datasets.html"),
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "datasets.html").read_text("utf-8")
    assert '"kind":"dataset"' in page and '"kind":"method"' not in page
    bad = run_kg("view", str(tmp_path), "--top", "0")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_hostile_urls_cannot_break_any_rdf_file(tmp_path):
    import json

    import pyoxigraph as ox

    source = tmp_path / "urls.jsonl"
    source.write_text(
        json.dumps(
            {
                "title": "Links",
                "abstract": "We propose LinkNet, evaluated on ImageNet.",
                "urls": ['https://github.com/a/b c>"} <urn:x> .', "https://example.org/ok"],
            }
        )
        + "\n"
    )
    kg.build([source], out=tmp_path / "out", formats=("ttl", "nt", "jsonld"))
    for name, fmt in (
        ("graph.ttl", ox.RdfFormat.TURTLE),
        ("graph.nt", ox.RdfFormat.N_TRIPLES),
        ("graph.jsonld", ox.RdfFormat.JSON_LD),
    ):
        objects = {
            t.object.value
            for t in ox.parse(path=str(tmp_path / "out" / name), format=fmt)
            if t.predicate.value.startswith("https://schema.org/")
        }
        assert objects == {
            "https://github.com/a/b%20c%3E%22%7D%20%3Curn:x%3E%20.",
            "https://example.org/ok",
        }, name


# --- dates by precision, identifiers as links ------------------------------------------------


@pytest.fixture(scope="module")
def sources_build(tmp_path_factory):
    """A build of the sample files of every source (tests/data): varied dates and ids."""
    import warnings

    out = tmp_path_factory.mktemp("sources")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # counts of entries without an abstract
        graph = kg.build(
            [REPO / "tests" / "data"], out, formats=("ttl", "html"), entity_model="none"
        )
    return graph, out


def test_dates_are_typed_by_what_is_known_and_ids_link_out(sources_build):
    from rdflib import Literal
    from rdflib.namespace import DCTERMS, XSD

    _, out = sources_build
    rdf = Graph().parse(out / "graph.ttl", format="turtle")
    by_title = {str(rdf.value(s, DCTERMS.title)): s for s in rdf.subjects(RDF.type, KG.Paper)}
    ranksparse = by_title["RankSparse: Rank-Sparse Adapters for Parameter-Efficient Fine-Tuning"]
    assert rdf.value(ranksparse, DCTERMS.date) == Literal("2021-06-09", datatype=XSD.date)
    assert str(rdf.value(ranksparse, KG.dateOrigin)) == "stated"
    assert {str(o) for o in rdf.objects(ranksparse, OWL.sameAs)} == {
        "https://arxiv.org/abs/2106.04821",
        "https://doi.org/10.48550/arxiv.2106.04821",
        "https://openalex.org/W3170542213",
    }
    assert {str(o) for o in rdf.objects(ranksparse, DCTERMS.identifier)} == {
        "arXiv:2106.04821",
        "doi:10.48550/arxiv.2106.04821",
        "openalex:W3170542213",
    }
    old = by_title["Bounded-Width Resolution on Random 3-SAT Instances Near the Threshold"]
    assert rdf.value(old, DCTERMS.date) == Literal("2001-12", datatype=XSD.gYearMonth)
    assert str(rdf.value(old, KG.dateOrigin)) == "arxiv-id"
    curriculum = by_title["Curriculum Sampling for Few-Shot Relation Classification"]
    assert rdf.value(curriculum, DCTERMS.date) == Literal("2019", datatype=XSD.gYear)
    assert URIRef("https://api.semanticscholar.org/CorpusID:199001234") in set(
        rdf.objects(curriculum, OWL.sameAs)
    )


def test_dates_are_shown_with_the_parts_they_have():
    from kg.records import Paper, date_label, date_text

    assert date_text("--06-26") == "26 June"  # a page that printed no year: no made-up year
    assert date_text("--12-01") == "1 December"
    assert date_text("2021-06") == "June 2021"
    assert date_text("2021-06-17") == "17 June 2021"
    assert date_text("2021") == "2021"
    assert date_text(None) == date_text("") == ""
    assert date_text("2021-13") == "2021-13"  # not a date kg writes: left as it is
    paper = Paper(title="t", abstract="a", date="2001-12", date_origin="arxiv-id")
    assert date_label(paper) == "December 2001 (from the arXiv id)"
    assert date_label(Paper(title="t", abstract="a", date="--06-26")) == "26 June"


def test_dates_and_identifiers_load_back_and_conform(sources_build):
    import pyshacl

    graph, out = sources_build
    loaded = kg.load(out / "graph.ttl")
    assert loaded.papers == graph.papers  # dates, their origin, identifiers: all read back
    shapes = Graph().parse(REPO / "ontology" / "shapes.ttl", format="turtle")
    conforms, _, report = pyshacl.validate(
        Graph().parse(out / "graph.ttl", format="turtle"), shacl_graph=shapes, inference="none"
    )
    assert conforms, report


def test_map_panel_lists_each_papers_links(sources_build):
    import json

    _, out = sources_build
    page = (out / "graph.html").read_text("utf-8")
    start = page.index("var panelData = ") + len("var panelData = ")
    papers = json.JSONDecoder().raw_decode(page[start:])[0]["papers"]
    shown = {p["title"]: p for p in papers.values()}
    old = shown["Bounded-Width Resolution on Random 3-SAT Instances Near the Threshold"]
    assert old["date"] == "December 2001 (from the arXiv id)"
    ranksparse = shown["RankSparse: Rank-Sparse Adapters for Parameter-Efficient Fine-Tuning"]
    assert ranksparse["links"] == [
        ["arXiv", "https://arxiv.org/abs/2106.04821"],
        ["OpenAlex", "https://openalex.org/W3170542213"],
        ["DOI", "https://doi.org/10.48550/arxiv.2106.04821"],
        ["code", "https://github.com/example-lab/ranksparse"],
    ]


# --- Turtle written from text: the same bytes as from rdflib terms ---------------------------


def _turtle_from_rdflib_terms(graph, evidence: bool) -> str:
    """Turtle as kg wrote it from rdflib terms, one ``_turtle_term`` per subject and object:
    the reference ``write_turtle``, which writes the terms as text directly, must match."""
    import io

    from kg.rdf.write import _PREFIX_OF, _RDF_TYPE, _turtle_term, _turtle_verb, resources

    out = io.StringIO()
    for prefix, namespace in sorted((p, ns) for ns, p in _PREFIX_OF.items()):
        out.write(f"@prefix {prefix}: <{namespace}> .\n")
    for subject, pairs in resources(graph, evidence=evidence):
        out.write(f"\n{_turtle_term(subject)}")
        previous = None
        for index, (term, obj) in enumerate(pairs):
            predicate = str.__str__(term)
            verb = "a" if predicate == _RDF_TYPE else _turtle_verb(predicate)
            if predicate == previous:
                out.write(f" ,\n        {_turtle_term(obj)}")
            else:
                out.write((" " if index == 0 else " ;\n    ") + f"{verb} {_turtle_term(obj)}")
            previous = predicate
        out.write(" .\n")
    return out.getvalue()


HOSTILE_TEXTS = [
    'Quotes "double" and \'single\', a backslash \\ and \\" together',
    "Lines\nbroken\r\nand\ttabbed, a NUL \x00 and a DEL \x7f",
    "Unicode: Ünïcödé, 数据集, emoji 🚀, RTL \u202e, line separator \u2028, BOM \ufeff",
    "Markup <b>bold</b> & </script> and a triple-quoted \"\"\" string '''",
    "Trailing backslash \\",
]


def _hostile_papers_graph(texts: list[str]):
    from kg.graph import KnowledgeGraph
    from kg.link import link
    from kg.records import Mention, Paper, PaperExtraction, Source

    papers, extractions = {}, []
    for number, text in enumerate(texts):
        name = f"EvilNet{number}"
        abstract = f"We propose {name}: {text}. {name} is evaluated on ImageNet."
        paper = Paper(
            title=f"{name} {text}",
            abstract=abstract,
            external_id=f'id "{number}" \\ >',
            date=("2021-06-17", "2021-06", "2021", "--06-17", "2021-02-30")[number % 5],
            authors=(text, f"Author {number}"),
            author_count=2,
            organisation=text,
            urls=(f'https://github.com/a/b{number} c>"}} <urn:x> .', "https://example.org/ok"),
            categories=(text,),
            sources=(Source(f"in {text}.jsonl", number + 1, "jsonl"),),
            ids=(f"arXiv:2106.0{number}685",),
        )
        papers[paper.key] = paper
        start = abstract.index(name)
        mentions = (
            Mention(
                start,
                start + len(name),
                name,
                "method",
                "rule",
                0.9,
                proposed=True,
                sentence_start=0,
                sentence_end=len(abstract),
            ),
            Mention(
                abstract.rindex("ImageNet"),
                abstract.rindex("ImageNet") + len("ImageNet"),
                "ImageNet",
                "dataset",
                "lexicon",
                1.0,
                sentence_start=0,
                sentence_end=len(abstract),
            ),
        )
        extractions.append(PaperExtraction(paper.key, mentions))
    return KnowledgeGraph.from_parts(papers, link(extractions, papers))


@pytest.mark.parametrize("evidence", [True, False])
def test_turtle_written_as_text_is_the_rdflib_terms_turtle(hostile_graph, evidence):
    import io
    import warnings

    from kg.rdf.write import write_turtle

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rdflib's word on the impossible date
        graphs = [hostile_graph, _hostile_papers_graph(HOSTILE_TEXTS)]
        for graph in graphs:
            out = io.StringIO()
            write_turtle(graph, out, evidence=evidence)
            assert out.getvalue() == _turtle_from_rdflib_terms(graph, evidence)
    text = out.getvalue()
    assert r"a backslash \\ and \\\" together" in text  # escaped as Turtle escapes them
    assert r"broken\r\nand" in text and "🚀" in text and "\u2028" in text  # or kept
    assert "c%3E%22%7D%20%3Curn:x%3E" in text  # an IRI's ">" is percent-encoded


def test_turtle_refuses_an_edge_to_an_iri_n3_cannot_write(hostile_graph):
    import dataclasses
    import io

    from kg.rdf.write import write_turtle

    target = next(iter(hostile_graph.entities))
    broken = dataclasses.replace(hostile_graph, slugs={**hostile_graph.slugs, target: "a b>"})
    assert any(r.object == target for r in broken.relations)
    with pytest.raises(Exception, match="does not look like a valid URI"):
        _turtle_from_rdflib_terms(broken, True)
    with pytest.raises(ValueError, match="does not look like a valid URI"):
        write_turtle(broken, io.StringIO())


# --- a large graph's first format is written beside the others ---------------------------------


BESIDE_CHILD = "KG_TEST_BESIDE_CHILD"


@pytest.fixture
def written_beside(monkeypatch):
    """Every graph counts as large: its first format is written by a forked child.

    kg forks only a process with one thread, and the suite leaves threads behind (servers,
    browsers), so these tests run in a fresh pytest process of their own
    (``test_formats_written_beside_in_a_fresh_process``), where a fork must be possible."""
    import os

    import kg.settings
    from kg.processes import can_start_beside

    if not os.environ.get(BESIDE_CHILD):
        pytest.skip("run in a fresh process by test_formats_written_beside_in_a_fresh_process")
    assert can_start_beside(), "a fresh test process must be able to fork"
    monkeypatch.setattr(kg.settings, "PARALLEL_MIN_PAPERS", 0)
    monkeypatch.setattr(kg.settings, "cpu_cores", lambda: 2)


def test_formats_written_beside_in_a_fresh_process(tmp_path):
    import os
    import subprocess
    import sys

    if sys.platform == "win32":
        pytest.skip("no fork on Windows: formats are always written in turn")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            __file__,
            "-k",
            "beside and not fresh_process",
            "-q",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "--basetemp",
            str(tmp_path / "child"),
        ],
        env={**os.environ, BESIDE_CHILD: "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "5 passed" in summary and "skipped" not in summary, summary


def test_formats_written_beside_are_the_formats_written_in_turn(
    hostile_graph, tmp_path, monkeypatch, written_beside
):
    import kg.settings

    formats = ("ttl", "nt", "jsonld", "html")
    monkeypatch.setattr(kg.settings, "cpu_cores", lambda: 1)
    kg.write_outputs(hostile_graph, tmp_path / "in_turn", kg.Settings(formats=formats))
    monkeypatch.setattr(kg.settings, "PARALLEL_MIN_PAPERS", 0)
    monkeypatch.setattr(kg.settings, "cpu_cores", lambda: 2)
    report = kg.BuildReport()
    written = kg.write_outputs(
        hostile_graph, tmp_path / "beside", kg.Settings(formats=formats), report=report
    )
    assert list(report.format_seconds) == list(formats)
    for path in written:
        assert path.read_bytes() == (tmp_path / "in_turn" / path.name).read_bytes(), path.name


@pytest.mark.parametrize(
    "failure, raised, message",
    [
        (kg.KgError("no room for the graph"), kg.KgError, "no room for the graph"),
        (OSError(28, "No space left on device"), kg.KgError, "cannot write the outputs"),
        (SystemExit(3), kg.KgError, "ended unexpectedly"),
    ],
)
def test_a_format_written_beside_fails_as_it_would_in_turn(
    hostile_graph, tmp_path, monkeypatch, written_beside, failure, raised, message
):
    import os

    from kg import registry

    def fail(graph, folder, settings):
        if isinstance(failure, SystemExit):
            os._exit(3)  # the child dies
        raise failure

    ttl = registry.exporters()["ttl"]
    monkeypatch.setitem(registry._EXPORTERS, "ttl", registry.Exporter("ttl", fail, ttl.order, ""))
    with pytest.raises(raised, match=message):
        kg.write_outputs(hostile_graph, tmp_path, kg.Settings(formats=("ttl", "html")))
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing half-written left


def test_a_format_written_in_turn_that_fails_stops_the_one_beside(
    hostile_graph, tmp_path, monkeypatch, written_beside
):
    from kg import registry

    def fail(graph, folder, settings):
        raise kg.KgError("the page failed")

    html = registry.exporters()["html"]
    monkeypatch.setitem(
        registry._EXPORTERS, "html", registry.Exporter("html", fail, html.order, "")
    )
    with pytest.raises(kg.KgError, match="the page failed"):
        kg.write_outputs(hostile_graph, tmp_path, kg.Settings(formats=("ttl", "html")))
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_the_map_adds_papers_first_and_entities_from_the_smallest(hostile_graph):
    """vis-network draws nodes in the order added and a click takes the top one: no entity
    may be drawn over a bigger one, nor a paper over an entity."""
    from kg.export.html import build_network

    net, _ = build_network(hostile_graph)
    kinds = [n["kind"] for n in net.nodes]
    assert kinds == sorted(kinds, key=lambda kind: kind != "paper")  # papers first
    sizes = [n["size"] for n in net.nodes if n["kind"] != "paper"]
    assert len(sizes) > 1 and sizes == sorted(sizes)


def test_an_overlong_sentence_is_written_around_each_mention(tmp_path):
    """One "sentence" of 20,000 characters naming 1,750 names was written whole with each
    of them: 37 MB of Turtle for 20 KB of text."""
    from kg.text.words import MAX_SENTENCE_CHARS, sentence_shown

    text = "We compare " + ", ".join(f"Zarn{i}Net" for i in range(400)) + "."
    at = text.index("Zarn250Net")
    shown = sentence_shown(text, 0, len(text), at)
    assert len(shown) == MAX_SENTENCE_CHARS + 2 and shown[0] == shown[-1] == "…"
    assert "Zarn250Net" in shown and shown[1:-1] in text
    assert sentence_shown(text, 0, len(text), 0).startswith("We compare")  # cut at one end
    assert sentence_shown("A short one.", 0, 12, 2) == "A short one."
    source = tmp_path / "odd.jsonl"
    source.write_text(json.dumps({"title": "Odd", "abstract": text}) + "\n", encoding="utf-8")
    text = text.replace(", Zarn3", ", Zarn3Net outperforms Quill3Net by 2.5 points on X-3, Zarn3")
    source.write_text(json.dumps({"title": "Odd", "abstract": text}) + "\n", encoding="utf-8")
    graph = kg.build(source, out=tmp_path / "out", formats=("ttl", "csv"), cache_dir=tmp_path / "c")
    sentences = [
        str(o)
        for _, _, o in Graph()
        .parse(tmp_path / "out" / "graph.ttl")
        .triples((None, URIRef("https://w3id.org/kg-papers/ontology#sentence"), None))
    ]
    assert len(sentences) > 100  # one per mention and result
    assert max(map(len, sentences)) <= MAX_SENTENCE_CHARS + 2
    # the tables too: a result's row, a stated relation's
    for table in ("results.csv", "entity_entity.csv"):
        with (tmp_path / "out" / table).open(encoding="utf-8") as rows:
            cells = [row["sentence"] for row in csv.DictReader(rows)]
        assert max(map(len, cells), default=0) <= MAX_SENTENCE_CHARS + 2, table
    assert graph.results  # (the claims' rows were checked)
