"""Analysis: views, centrality orderings on hand-made graphs, communities, trends, load."""

from __future__ import annotations

import pytest
from conftest import run_kg

import kg
from kg.graph import KnowledgeGraph
from kg.records import Entity, Paper, Relation


def tiny_graph(
    papers_to_entities: dict[str, list[str]],
    years: dict[str, str] | None = None,
    types: dict[str, str] | None = None,
) -> KnowledgeGraph:
    """A graph whose paper p names entities [names]; entity type defaults to method."""
    years = years or {}
    types = types or {}
    papers = {p: Paper(title=p, abstract=p, key=p, date=years.get(p)) for p in papers_to_entities}
    counts: dict[str, int] = {}
    for names in papers_to_entities.values():
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    entities = {
        n: Entity(key=n, type=types.get(n, "method"), label=n.upper(), paper_count=c)
        for n, c in counts.items()
    }
    relations = [Relation(p, "uses", n) for p, names in papers_to_entities.items() for n in names]
    return KnowledgeGraph(papers, entities, relations, [])


def test_cooccurrence_weights_count_shared_papers():
    graph = tiny_graph({"p1": ["a", "b"], "p2": ["a", "b", "c"], "p3": ["c", "d"]})
    view = kg.analysis.cooccurrence(graph)
    a, b, c, d = (graph.node_id(k) for k in "abcd")
    assert a == "method:a"  # the one node-id scheme, as in to_networkx and graph.html
    assert view[a][b]["weight"] == 2 and view[b][c]["weight"] == 1
    assert not view.has_edge(a, d)
    assert view.nodes[a]["label"] == "A" and view.nodes[a]["key"] == "a"
    assert set(view) <= set(graph.to_networkx())


def test_roles_filter_what_cooccurrence_and_centrality_count():
    graph = tiny_graph({"p1": ["a", "b", "c"], "p2": ["a", "b", "c"], "p3": ["a", "c"]})
    # p1 and p2 only cite c; p3 builds with a and c
    graph.relations[:] = [
        Relation(
            r.subject, "mentions" if r.object == "c" and r.subject != "p3" else "uses", r.object
        )
        for r in graph.relations
    ]
    a, b, c = (graph.node_id(k) for k in "abc")
    assert kg.analysis.cooccurrence(graph)[a][c]["weight"] == 3
    built = kg.analysis.cooccurrence(graph, roles=("uses",))
    assert built[a][b]["weight"] == 2 and built[a][c]["weight"] == 1 and not built.has_edge(b, c)
    ranked = kg.analysis.centrality(graph, "degree", roles=("uses",)).set_index("label")["score"]
    everything = kg.analysis.centrality(graph, "degree").set_index("label")["score"]
    assert ranked.idxmax() == "A" and ranked["C"] < everything["C"]
    full = kg.analysis.centrality(graph, "degree", on="full", roles=("uses",))
    assert (
        full.set_index("label")["score"]["C"]
        < kg.analysis.centrality(graph, "degree", on="full").set_index("label")["score"]["C"]
    )
    with pytest.raises(ValueError, match="roles"):
        kg.analysis.centrality(graph, roles=("cites",))
    with pytest.raises(ValueError, match="roles"):
        kg.analysis.centrality(graph, roles="uses")


def test_pagerank_and_degree_rank_the_hub_first():
    graph = tiny_graph(
        {"p1": ["hub", "a"], "p2": ["hub", "b"], "p3": ["hub", "c"], "p4": ["c", "d"]}
    )
    for measure in ("pagerank", "degree", "closeness", "eigenvector"):
        frame = kg.analysis.centrality(graph, measure, top=2)
        assert list(frame.columns) == ["label", "type", "score", "papers"]
        assert frame.iloc[0]["label"] == "HUB", measure
    assert len(kg.analysis.centrality(graph, "degree", top=2)) == 2


def test_betweenness_ranks_the_bridge_first():
    # Two triangles joined through "bridge".
    graph = tiny_graph(
        {"p1": ["a", "b", "x"], "p2": ["x", "bridge"], "p3": ["bridge", "y"], "p4": ["y", "c", "d"]}
    )
    frame = kg.analysis.centrality(graph, "betweenness")
    assert frame.iloc[0]["label"] == "BRIDGE"
    assert frame.iloc[0]["score"] > frame.iloc[1]["score"]


def test_centrality_filters_by_type():
    graph = tiny_graph(
        {"p1": ["m", "d"], "p2": ["m", "d2"]}, types={"d": "dataset", "d2": "dataset"}
    )
    assert set(kg.analysis.centrality(graph, type="dataset")["label"]) == {"D", "D2"}
    with pytest.raises(ValueError):
        kg.analysis.centrality(graph, "fame")


def test_bipartite_view_joins_only_across_types():
    graph = tiny_graph({"p1": ["m1", "m2", "d1"]}, types={"d1": "dataset"})
    view = kg.analysis.bipartite(graph, "method", "dataset")
    m1, m2, d1 = "method:m1", "method:m2", "dataset:d1"
    assert {frozenset(e) for e in view.edges()} == {frozenset((m1, d1)), frozenset((m2, d1))}
    assert {view.nodes[n]["bipartite"] for n in (m1, m2)} == {0} and view.nodes[d1][
        "bipartite"
    ] == 1


def test_communities_are_seeded_and_split_cliques():
    graph = tiny_graph(
        {
            "p1": ["a", "b", "c"],
            "p2": ["a", "b", "c"],
            "p3": ["c", "x"],
            "p4": ["x", "y", "z"],
            "p5": ["x", "y", "z"],
        }
    )
    first, second = kg.analysis.communities(graph), kg.analysis.communities(graph)
    assert first["members"].tolist() == second["members"].tolist()
    groups = [set(m) for m in first["members"]]
    assert {"a", "b"} <= next(g for g in groups if "a" in g)
    assert not {"y", "z"} & next(g for g in groups if "a" in g)


def test_communities_top_keeps_the_largest_communities_as_the_cli_does():
    graph = tiny_graph(
        {
            "p1": ["a", "b", "c"],
            "p2": ["a", "b", "c"],
            "p3": ["x", "y"],
            "p4": ["x", "y"],
            "p5": ["m", "n", "o", "q"],
            "p6": ["m", "n", "o", "q"],
        }
    )
    every = kg.analysis.communities(graph)
    assert every["size"].tolist() == [4, 3, 2]  # largest first
    first = kg.analysis.communities(graph, top=2)
    assert first["members"].tolist() == every["members"].tolist()[:2]
    assert first["name"].tolist() == every["name"].tolist()[:2]  # named against all of them
    first.loc[0, "name"] = "changed by the caller"  # each call gets its own frame
    assert kg.analysis.communities(graph)["name"][0] == every["name"][0]
    assert first["labels"].tolist()[0] == ["M", "N", "O", "Q"]
    for bad in (0, -1, 1.5, True):
        with pytest.raises(kg.UsageError, match="top must be a whole number"):
            kg.analysis.communities(graph, top=bad)


def test_paper_pagerank_is_a_measure_of_centrality_and_the_rank_the_map_draws():
    graph = tiny_graph({"p1": ["a", "b"], "p2": ["a", "c"], "p3": ["a"], "p4": ["c"]})
    frame = kg.analysis.centrality(graph, "paper_pagerank")
    ranks = kg.analysis.paper_pagerank(graph)
    assert frame["label"].tolist()[0] == "A" and frame.attrs["measure"] == "paper_pagerank"
    assert dict(zip(frame["label"], frame["score"])) == {
        graph.entities[k].label: v for k, v in ranks.items()
    }
    proposed = kg.analysis.paper_pagerank(graph, roles=("proposes",))
    assert set(proposed.values()) == {0.0}  # tiny_graph's papers use and propose nothing


def test_analysis_errors_are_usage_errors_and_value_errors():
    graph = tiny_graph({"p1": ["a", "b"]})
    for call in (
        lambda: kg.analysis.centrality(graph, "fame"),
        lambda: kg.analysis.centrality(graph, type="gadget"),
        lambda: kg.analysis.centrality(graph, on="sideways"),
        lambda: kg.analysis.communities(graph, type="gadget"),
        lambda: kg.analysis.pair_matrix(graph, "gadget"),
    ):
        with pytest.raises(kg.UsageError) as caught:
            call()
        assert isinstance(caught.value, ValueError) and caught.value.exit_code == 2


def test_trends_count_papers_per_year():
    graph = tiny_graph(
        {"p1": ["a"], "p2": ["a", "b"], "p3": ["a"], "p4": ["b"]},
        years={"p1": "2020-01-01", "p2": "2021-05-05", "p3": "2021", "p4": "--05-01"},
    )
    frame = kg.analysis.trends(graph, "method")
    assert list(frame.columns) == [2020, 2021]
    assert frame.loc["A"].tolist() == [1, 2] and frame.loc["B"].tolist() == [0, 1]
    assert frame.attrs == {"dated": 3, "papers": 4}


def test_trends_warn_when_most_papers_have_no_year():
    import warnings

    graph = tiny_graph(
        {"p1": ["a"], "p2": ["a", "b"], "p3": ["a"], "p4": ["b"]},
        years={"p1": "2020-01-01", "p4": "--05-01"},
    )
    with pytest.warns(UserWarning, match=r"trends: 1 of 4 papers have a year"):
        frame = kg.analysis.trends(graph, "method")
    assert frame.attrs == {"dated": 1, "papers": 4}
    dated = tiny_graph({"p1": ["a"], "p2": ["b"]}, years={"p1": "2020", "p2": "2021"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kg.analysis.trends(dated, "method")


def assert_same_graph(loaded, built) -> None:
    """Field by field, relation evidence included (``Relation`` equality leaves it out)."""
    assert loaded.papers == built.papers
    assert loaded.entities == built.entities
    assert loaded.mentions == built.mentions
    assert loaded.relations == built.relations
    assert loaded.entity_relations == built.entity_relations
    assert [r.evidence for r in loaded.relations] == [r.evidence for r in built.relations]
    assert [r.evidence for r in loaded.entity_relations] == [
        r.evidence for r in built.entity_relations
    ]
    assert loaded.slugs == built.slugs
    assert loaded == built


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_load_round_trips_a_build(tmp_path, fmt):
    built = kg.build(out=tmp_path / "a", formats=(fmt,))
    loaded = kg.load(tmp_path / "a")
    assert_same_graph(loaded, built)
    assert all(r.evidence for r in built.relations)  # there is evidence to lose
    kg.write_outputs(loaded, tmp_path / "b", kg.Settings(formats=(fmt,)))
    name = f"graph.{fmt}"
    assert (tmp_path / "b" / name).read_bytes() == (tmp_path / "a" / name).read_bytes()


def test_load_errors_are_clear(tmp_path):
    with pytest.raises(kg.KgError, match="no graph"):
        kg.load(tmp_path)
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle")
    with pytest.raises(kg.KgError, match="cannot parse"):
        kg.load(bad)


class TestSeedsAnalysis:
    def test_networkx_view_has_a_node_per_paper_and_entity(
        self, seeds_dir, seeds_build, seeds_graph
    ):
        from rdflib.namespace import RDF

        from kg.rdf.terms import KG

        papers = {p.key for p in kg.read([seeds_dir])}  # the corpus, read again
        entities = set(seeds_graph.subjects(KG.paperCount, None))  # graph.ttl, read by rdflib
        assert len(set(seeds_graph.subjects(RDF.type, KG.Paper))) == len(papers) == 624
        view = kg.load(seeds_build[1]).to_networkx()
        assert view.number_of_nodes() == len(papers) + len(entities)

    def test_top_methods_fit_the_corpus(self, seeds_build):
        graph = kg.load(seeds_build[1])
        frame = kg.analysis.centrality(graph, "pagerank", type="method", top=10)
        assert len(frame) == 10
        labels = {label.lower() for label in frame["label"]}
        expected = {
            "transformer",
            "diffusion model",
            "convolutional neural network",
            "sgd",
            "adam",
            "gradient descent",
            "gaussian process",
            "lora",
            "recurrent neural network",
            "multi-layer perceptron",
            "resnet",
        }
        assert len(labels & expected) >= 3
        umbrella = {
            "neural networks",
            "large language model",
            "deep learning",
            "machine learning",
            "deep neural networks",
            "reinforcement learning",
            "artificial intelligence",
        }
        assert not labels & umbrella  # generic=False by default
        with_generic = kg.analysis.centrality(
            graph, "pagerank", type="method", top=10, generic=True
        )
        assert {label.lower() for label in with_generic["label"]} & umbrella

    def test_seeds_datasets_hold_no_optimisers_or_models(self, seeds_build):
        graph = kg.load(seeds_build[1])
        datasets = {e.label.lower() for e in graph.entities.values() if e.type == "dataset"}
        assert {"cifar-10", "imagenet", "mnist"} <= datasets
        assert not datasets & {
            "adagrad",
            "adamax",
            "k-fac",
            "l-bfgs",
            "snip",
            "lora+",
            "musicgen",
            "phi-2",
            "googlenet",
            "japanese llm",
        }

    def test_cli_centrality_leaves_umbrella_terms_out_unless_asked(self, seeds_build):
        plain = run_kg(
            "centrality",
            str(seeds_build[1]),
            "--type",
            "method",
            "--top",
            "10",
            "--result-format",
            "csv",
        )
        wide = run_kg(
            "centrality",
            str(seeds_build[1]),
            "--type",
            "method",
            "--top",
            "10",
            "--result-format",
            "csv",
            "--include-generic",
        )
        assert plain.returncode == 0 and wide.returncode == 0, plain.stderr + wide.stderr
        assert "neural networks," not in plain.stdout and "neural networks," in wide.stdout

    def test_cli_centrality_and_communities(self, seeds_build):
        # exact betweenness on the seeds takes most of a minute; its sampling has its own test
        result = run_kg(
            "centrality",
            str(seeds_build[1]),
            "--measure",
            "pagerank",
            "--type",
            "dataset",
            "--top",
            "5",
        )
        assert result.returncode == 0, result.stderr
        lines = result.stdout.strip().splitlines()
        assert lines[0].split() == ["label", "type", "score", "papers"] and len(lines) == 6
        assert "ImageNet" in result.stdout or "CIFAR-10" in result.stdout
        result = run_kg("communities", str(seeds_build[1]), "--top", "3")
        assert result.returncode == 0 and len(result.stdout.strip().splitlines()) == 3
        result = run_kg("centrality", str(seeds_build[1] / "missing.ttl"))
        assert result.returncode == 3 and result.stderr.startswith("kg: error:")


def test_sampled_closeness_agrees_with_exact_on_top_nodes():
    import warnings

    import networkx as nx

    from kg.analysis import sampled_closeness

    graph = nx.barabasi_albert_graph(800, 2, seed=1)
    exact = nx.closeness_centrality(graph)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        estimate, note = sampled_closeness(graph, 200)
    top = lambda scores: set(sorted(scores, key=scores.get, reverse=True)[:20])
    assert len(top(exact) & top(estimate)) >= 15
    assert "200 sampled pivots" in note


def _panel(page: str) -> dict:
    import json

    start = page.index("var panelData = ") + len("var panelData = ")
    return json.JSONDecoder().raw_decode(page[start:])[0]


@pytest.mark.slow
def test_seeds_graph_loads_back_field_by_field(seeds_dir, seeds_build, tmp_path):
    built = kg.build([seeds_dir])  # from the cache the seeds build filled
    out = seeds_build[1]
    loaded = kg.load(out / "graph.nt")  # every format round-trips on the sample (above)
    assert_same_graph(loaded, built)
    kg.write_outputs(loaded, tmp_path, kg.Settings(formats=("ttl",)))
    assert (tmp_path / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()


@pytest.mark.slow
def test_kg_view_shows_the_evidence_graph_html_shows(seeds_build, tmp_path):
    out = seeds_build[1]
    result = run_kg(
        "view", str(out), "--type", "method", "--top", "50", "-o", str(tmp_path / "view.html")
    )
    assert result.returncode == 0, result.stderr
    built = _panel((out / "graph.html").read_text(encoding="utf-8"))
    viewed = _panel((tmp_path / "view.html").read_text(encoding="utf-8"))
    common = set(built["entities"]) & set(viewed["entities"])
    assert len(common) >= 20

    def evidence(panel: dict) -> set[tuple]:
        """(paper, field, start, end, sentence start, end, node) of every mention of a
        common entity in the page's papers: what its panel shows as evidence."""
        names = panel["names"]
        return {
            (paper, field, start, end, s_start, s_end, names[entity][2])
            for paper, data in panel["papers"].items()
            for field, start, end, entity, s_start, s_end in data["m"]
            if names[entity][2] in common
        }

    shown, full = evidence(viewed), evidence(built)
    papers_in_both = set(viewed["papers"]) & set(built["papers"])
    assert shown and {e for e in shown if e[0] in papers_in_both} == {
        e for e in full if e[0] in papers_in_both
    }
    # each mention comes with the sentence around it (a title may end with the mention)
    assert all(s_start <= start < end <= s_end for _, _, start, end, s_start, s_end, _ in shown)
    around = [s_start < start or end < s_end for _, _, start, end, s_start, s_end, _ in shown]
    assert sum(around) >= 0.8 * len(around)


def test_notebook_summary_lists_counts_and_top_names_escaped():
    import kg
    from kg.graph import KnowledgeGraph
    from kg.records import Entity, LinkResult, Paper, Relation

    paper = Paper("A <b>bold</b> title", "An abstract.", date="2024-03-01")
    hostile = Entity("scriptnet", "method", "<script>alert(1)</script>Net", paper_count=1)
    graph = KnowledgeGraph.from_parts(
        {paper.key: paper},
        LinkResult({hostile.key: hostile}, [Relation(paper.key, "uses", hostile.key)], []),
    )
    html = graph._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;Net (1)" in html
    assert "<th>papers</th><td>1 (2024-03-01 to 2024-03-01)</td>" in html
    assert "<th>method</th><td>1</td>" in html and "<th>uses</th><td>1</td>" in html
    sample = kg.build(formats=())
    assert f"<th>papers</th><td>{len(sample.papers):,}" in sample._repr_html_()


def test_the_default_views_show_confident_stated_relations_only():
    from kg.graph import SHOWN_RELATION_CONFIDENCE

    entities = {
        "quillnet": Entity("quillnet", "method", "Quillnet", paper_count=1),
        "glyphbench": Entity("glyphbench", "dataset", "Glyphbench", paper_count=1),
        "braidbench": Entity("braidbench", "dataset", "Braidbench", paper_count=1),
    }
    paper = Paper(key="p1", title="Quillnet", abstract="Quillnet on Glyphbench and Braidbench.")
    roles = [Relation("p1", "uses", key) for key in entities]
    confident = Relation("quillnet", "evaluatedOn", "glyphbench", confidence=0.9)
    unsure = Relation("quillnet", "evaluatedOn", "braidbench", confidence=0.4)
    named = Relation("braidbench", "broader", "glyphbench")
    graph = KnowledgeGraph({"p1": paper}, entities, roles, [], [confident, unsure, named])
    assert unsure.confidence < SHOWN_RELATION_CONFIDENCE <= confident.confidence
    assert graph.shown_entity_relations() == [confident, named]
    assert len(graph.entity_relations) == 3  # the graph keeps every one
    counts, stated = kg.analysis.pair_matrix(graph, "method", "dataset", basis="cooccurrence")
    assert counts.loc["Quillnet", "Braidbench"] == counts.loc["Quillnet", "Glyphbench"] == 1
    assert stated.loc["Quillnet", "Glyphbench"] and not stated.loc["Quillnet", "Braidbench"]
    edges = graph.to_networkx().edges(data=True)
    assert sorted(d["confidence"] for _, _, d in edges if d["relation"] == "evaluatedOn") == [
        0.4,
        0.9,
    ]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda A, g: A.centrality(g, top=-3), "top must be a whole number"),
        (lambda A, g: A.centrality(g, top=1.5), "top must be a whole number"),
        (lambda A, g: A.centrality(None), "graph must be a kg.KnowledgeGraph"),
        (lambda A, g: A.communities(g, resolution=float("nan")), "resolution must be"),
        (lambda A, g: A.communities(g, resolution=-1), "resolution must be"),
        (lambda A, g: A.communities(g, max_entities=-1), "max_entities must be"),
        (lambda A, g: A.communities(g, min_papers="2"), "min_papers must be"),
        (lambda A, g: A.communities(g, seed="x"), "seed must be"),
        (lambda A, g: A.timeline(g, keys=["nope"]), "'nope' is none"),
        (lambda A, g: A.view(g, "cooccurrence", foo=1), "takes no option 'foo'"),
        (lambda A, g: A.trends(g, type="bogus"), "unknown type 'bogus'"),
        (lambda A, g: A.timeline(g, keys=5), "keys must be a collection of paper keys"),
        (lambda A, g: A.pair_matrix(g, marked=5), "marked must be relation names"),
        (lambda A, g: A.pair_matrix(g, top_rows=2.5), "top_rows must be a whole number"),
        (lambda A, g: A.pair_matrix(g, top_columns=-1), "top_columns must be a whole number"),
        (lambda A, g: A.cooccurrence(g, min_shared="2"), "min_shared must be a whole number"),
        (lambda A, g: A.trend_shifts(g, min_support="3"), "min_support must be a whole number"),
        (lambda A, g: A.undirected_pagerank({(0, 1)}, 2, alpha=2), "alpha must be a number from"),
        (lambda A, g: A.undirected_pagerank({(0, 5)}, 2), "pairs must be pairs of node numbers"),
        (lambda A, g: A.undirected_pagerank({(0, 1, 1)}, 3), "pairs must be pairs of node"),
        (lambda A, g: A.undirected_pagerank({(0.5, 1)}, 3), "pairs must be pairs of node"),
        (lambda A, g: A.sampled_closeness(A.view(g, "cooccurrence"), -1), "samples must be"),
        (lambda A, g: kg.write_outputs(g, 5, kg.Settings()), "out must be a folder path"),
    ],
)
def test_analysis_functions_check_their_arguments(call, message):
    """Negative tops cut rows silently, NaN resolutions were accepted, and others failed
    with Python's own errors."""
    graph = tiny_graph({"p1": ["a", "b"], "p2": ["a", "b", "c"]})
    with pytest.raises(kg.UsageError, match=message):
        call(kg.analysis, graph)


def test_a_paper_naming_hundreds_of_entities_pairs_only_its_most_widespread():
    """One abstract of 20,000 characters naming 1,750 names made a clique of 1.5 million
    pairs: 3 GB for pagerank, betweenness unfinished after minutes."""
    from kg.analysis import MAX_PAIRED_PER_PAPER, pair_weights

    many = [f"n{i:04d}" for i in range(MAX_PAIRED_PER_PAPER + 50)]
    graph = tiny_graph({"dense": many, "p2": ["n0199", "n0198"], "p3": ["n0199", "x"]})
    weights = pair_weights(graph.relations, lambda key: True)
    paired = {k for pair in weights for k in pair if pair[0] != "x" and pair[1] != "x"}
    assert len(paired) == MAX_PAIRED_PER_PAPER
    assert {"n0199", "n0198"} <= paired  # the names other papers name too come first
    assert weights[("n0198", "n0199")] == 2 and weights[("n0199", "x")] == 1
    assert len(kg.analysis.view(graph, "cooccurrence").edges) <= len(weights)


def test_pagerank_of_no_nodes_is_empty():
    assert kg.analysis.undirected_pagerank(set(), 0).shape == (0,)


def test_analysis_functions_take_numpy_numbers():
    import numpy as np

    graph = tiny_graph({"p1": ["a", "b"], "p2": ["a", "b", "c"], "p3": ["a", "c"]})
    assert len(kg.analysis.centrality(graph, top=np.int64(2))) == 2
    frame = kg.analysis.communities(graph, seed=np.int64(1), min_papers=np.int64(1))
    assert len(frame) >= 1
    # what worked before the checks still does: 0 as all, networkx's seeds, a zero resolution
    assert len(kg.analysis.centrality(graph, top=0)) == 3
    for seed in (None, np.random.RandomState(1)):
        kg.analysis.communities(graph, seed=seed, min_papers=1)
    kg.analysis.communities(graph, resolution=0, max_entities=0, min_papers=1.0)
