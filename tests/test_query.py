"""SPARQL: the example queries on the seeds build, result formats, errors, Python API."""

from __future__ import annotations

import json

import pytest
from conftest import REPO, run_kg

import kg
from kg.query import open_store, rows, run_query

QUERIES = REPO / "ontology" / "queries"


@pytest.fixture(scope="module")
def store(seeds_build):
    return open_store(seeds_build[1])


def answer(store, name):
    return rows(run_query(store, (QUERIES / f"{name}.rq").read_text()))


def test_top_methods(store):
    result = answer(store, "top_methods")
    assert len(result) == 10
    labels = [r["label"] for r in result]
    assert labels[0] == "Transformer"
    assert not {
        "large language model",
        "neural networks",
        "deep learning",
        "machine learning",
    } & set(labels)
    assert result[0]["papers"] >= result[-1]["papers"] >= 8


def test_datasets_of_a_method(store):
    result = answer(store, "datasets_of_method")
    assert result[0] == {"dataset": "ImageNet", "papers": result[0]["papers"]}
    assert result[0]["papers"] >= 3
    assert "CIFAR-10" in {r["dataset"] for r in result}


def test_papers_proposing_a_method_on_a_dataset(store):
    result = answer(store, "proposals_on_dataset")
    pairs = {(r["title"].split(":")[0], r["proposed"]) for r in result}
    assert ("AdamP", "AdamP") in pairs and ("MixtureGrowth", "MixtureGrowth") in pairs


def test_tasks_with_a_method(store, seeds_build):
    result = answer(store, "tasks_with_method")
    # the same count from the graph's own relations: what the papers that use or propose
    # the method the abbreviation names address (the roles read from the text)
    graph = kg.load(seeds_build[1])
    (method,) = [e.key for e in graph.entities.values() if e.abbreviation == "LLMs"]
    building = {
        r.subject
        for r in graph.relations
        if r.object == method and r.predicate in ("uses", "proposes")
    }
    papers: dict[str, set[str]] = {}
    for r in graph.relations:
        if r.predicate == "addresses" and r.subject in building:
            papers.setdefault(graph.entities[r.object].label, set()).add(r.subject)
    expected = sorted(((-len(p), label) for label, p in papers.items()))[:10]
    assert [(-r["papers"], r["task"]) for r in result] == expected
    assert len(result) == 10 and result[0]["papers"] >= 2


def test_entities_by_abbreviation(store):
    (row,) = answer(store, "entities_by_abbreviation")
    assert row["label"] == "large language model" and row["type"].endswith("#Method")


def test_cli_json_results_follow_sparql_protocol(seeds_build):
    result = run_kg(
        "query",
        str(seeds_build[1] / "graph.ttl"),
        "SELECT ?p WHERE { ?p a <https://w3id.org/kg-papers/ontology#Paper> } LIMIT 3",
        "--result-format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["p"] and len(data["results"]["bindings"]) == 3
    assert data["results"]["bindings"][0]["p"]["type"] == "uri"


def test_cli_query_file_and_formats(seeds_build):
    for fmt, marker in (("table", "papers"), ("csv", "method,label,papers"), ("tsv", "?method")):
        result = run_kg(
            "query",
            str(seeds_build[1]),
            "-f",
            str(QUERIES / "top_methods.rq"),
            "--result-format",
            fmt,
        )
        assert result.returncode == 0 and marker in result.stdout.splitlines()[0], result.stderr


def test_syntax_error_is_one_line(seeds_build):
    result = run_kg("query", str(seeds_build[1]), "SELECT * WHERE {")
    assert result.returncode == 4  # QueryError
    assert (
        result.stderr.startswith("kg: error: SPARQL syntax error")
        and result.stderr.count("\n") == 1
    )


def test_kg_prefixes_need_no_declaring_and_an_undeclared_one_is_named(seeds_build):
    """kg's own prefixes (kg:, skos:, ...) are declared for every query; a query's own PREFIX
    line wins; an undeclared prefix is named in the one-line error."""
    declared = run_kg(
        "query",
        str(seeds_build[1]),
        "PREFIX kg: <https://w3id.org/kg-papers/ontology#> "
        "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Paper }",
        "--result-format",
        "csv",
    )
    bare = run_kg(
        "query",
        str(seeds_build[1]),
        "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Paper }",
        "--result-format",
        "csv",
    )
    assert declared.returncode == bare.returncode == 0, bare.stderr
    assert bare.stdout == declared.stdout and int(bare.stdout.split()[1]) > 0
    own = run_kg(
        "query",
        str(seeds_build[1]),
        "PREFIX kg: <https://example.org/other#> SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Paper }",
        "--result-format",
        "csv",
    )
    assert own.returncode == 0 and own.stdout.split()[1] == "0"
    undeclared = run_kg(
        "query",
        str(seeds_build[1]),
        'SELECT ?p WHERE { ?p a quill:Paper ; kg:label "zarn:glyph" } # quorb:x',
    )
    assert undeclared.returncode == 4 and undeclared.stderr.count("\n") == 1
    assert "prefix quill: not declared" in undeclared.stderr
    assert "zarn:" not in undeclared.stderr and "quorb:" not in undeclared.stderr


def test_python_query_on_built_and_loaded_graphs(tmp_path):
    question = (
        "PREFIX kg: <https://w3id.org/kg-papers/ontology#> "
        "SELECT (COUNT(?p) AS ?n) WHERE { ?p a kg:Paper }"
    )
    built = kg.build(out=tmp_path, formats=("ttl",))
    assert kg.sparql(built, question) == [{"n": len(built.papers)}]
    assert kg.sparql(kg.load(tmp_path), question) == [{"n": len(built.papers)}]
    assert kg.sparql(kg.load(tmp_path), "ASK { ?s ?p ?o }") == [{"result": True}]


def test_query_store_is_reused_until_the_graph_changes(seeds_build, tmp_path):
    import shutil

    from kg.query import STORE_MARKER

    graph = tmp_path / "graph.nt"
    shutil.copy(seeds_build[1] / "graph.nt", graph)
    store = tmp_path / "store"
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    first = run_kg("query", str(graph), query, "--store", str(store), "--result-format", "csv")
    assert first.returncode == 0, first.stderr
    marker = (store / STORE_MARKER).read_text()
    again = run_kg("query", str(graph), query, "--store", str(store), "--result-format", "csv")
    assert again.stdout == first.stdout and (store / STORE_MARKER).read_text() == marker
    with graph.open("a") as handle:  # the graph changes: the store is rebuilt
        handle.write("<urn:x:a> <urn:x:b> <urn:x:c> .\n")
    changed = run_kg("query", str(graph), query, "--store", str(store), "--result-format", "csv")
    count = lambda result: int(result.stdout.split()[-1])
    assert count(changed) == count(first) + 1


def test_query_store_refuses_a_foreign_folder(seeds_build, tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    result = run_kg("query", str(seeds_build[1]), "ASK { ?s ?p ?o }", "--store", str(tmp_path))
    assert result.returncode == 2 and "not a kg query store" in result.stderr
    assert (tmp_path / "precious.txt").read_text() == "keep me"


def test_leaderboard_of_reported_results(store):
    result = answer(store, "leaderboard")
    numbers = [r["number"] for r in result]
    assert len(result) >= 3 and numbers == sorted(numbers)  # FID: lowest first
    assert all(r["sentence"] and r["title"] for r in result)


def test_an_undeclared_prefix_is_read_outside_iris_strings_and_comments():
    from kg.query import _undeclared_prefixes

    query = (
        'PREFIX zorb: <http://example.org/z#> SELECT * { ?s kg:label """a "glyph:one" b""" ; '
        "kg:note '''c 'quill:two' d''' ; <http://example.org/tessel:three> \"plinth:four\" ; "
        "zorb:five ?o ; velm:six ?p } # quorb:seven"
    )
    assert _undeclared_prefixes(query) == ["velm:"]


def test_making_a_store_again_keeps_what_kg_did_not_write_and_finishes_an_unfinished_one(
    tmp_path, monkeypatch
):
    import os

    import pyoxigraph as ox

    import kg.query
    from kg.errors import KgError
    from kg.query import prepare_store

    graph = tmp_path / "graph.nt"
    graph.write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n")
    store = tmp_path / "store"
    prepare_store(graph, store)
    (store / "NOTES.txt").write_text("mine")
    graph.write_text("<urn:x:a> <urn:x:b> <urn:x:d> .\n")
    os.utime(graph, (1, 1))  # the graph changed: the store would be made again
    with pytest.raises(KgError, match=r"files kg did not write \('NOTES.txt'\)"):
        prepare_store(graph, store)
    assert (store / "NOTES.txt").read_text() == "mine"
    (store / "NOTES.txt").unlink()
    # making it again is cut short (a timeout, Ctrl-C): the next time it is made, not refused

    def interrupted(*args):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(kg.query, "_loaded", interrupted)
        with pytest.raises(KeyboardInterrupt):
            prepare_store(graph, store)
    prepare_store(graph, store)
    assert bool(ox.Store.read_only(str(store)).query("ASK { <urn:x:a> <urn:x:b> <urn:x:d> }"))
    # what a file manager leaves in a folder is neither refused nor removed
    shown = tmp_path / "shown"
    shown.mkdir()
    (shown / ".DS_Store").write_bytes(b"\0")
    prepare_store(graph, shown)
    (store / ".DS_Store").write_bytes(b"\0")
    os.utime(graph, (2, 2))
    prepare_store(graph, store)
    assert (shown / ".DS_Store").exists() and (store / ".DS_Store").exists()
