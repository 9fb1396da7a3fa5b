"""End to end through the real command line, on the bundled sample and the seeds."""

from __future__ import annotations

import argparse
import re
from collections import defaultdict

import pytest
from conftest import messages, run_kg
from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF

from kg.rdf.terms import KG


def kg_parsers() -> list[tuple[str, argparse.ArgumentParser]]:
    """The ``kg`` parser and each command's, as kg.cli makes them: (command, parser)."""
    from kg.cli import make_parser

    parser = make_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return [("kg", parser), *commands.choices.items()]


def test_help_explains_every_option(capsys):
    """Every option of every command, as the parser declares it, is in that command's
    --help (none left out of a hand-made list)."""
    from kg.cli import DeprecatedOption, main

    missing, walked = [], set()
    for name, command in kg_parsers():
        with pytest.raises(SystemExit) as stopped:
            main([*([] if name == "kg" else [name]), "--help"])
        assert stopped.value.code == 0
        shown = capsys.readouterr().out
        walked.add(name)
        for action in command._actions:
            if isinstance(action, DeprecatedOption):
                continue  # an earlier spelling, hidden from --help on purpose
            missing += [
                f"kg {name} {option}"
                for option in action.option_strings
                if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", shown)
            ]
    assert not missing
    assert {"kg", "build", "query", "serve", "export"} <= walked
    result = run_kg("build", "--help")  # and the real command prints it
    assert result.returncode == 0 and "--cache-dir" in result.stdout
    assert run_kg("--help").returncode == 0


def test_kg_alone_prints_the_help():
    result = run_kg()
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("usage: kg") and "build" in result.stdout


def test_every_option_of_every_command_has_help():
    from kg.cli import DeprecatedOption

    missing = []
    for name, command in kg_parsers():
        for action in command._actions:
            if isinstance(
                action, (argparse._SubParsersAction, argparse._HelpAction, DeprecatedOption)
            ):
                continue
            if not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
    assert not missing
    help_text = run_kg("centrality", "--help").stdout
    assert "centrality measure" in help_text and "as csv or json" in help_text


def test_pages_go_beside_the_graph_unless_o_says_where(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "cwd"
    elsewhere.mkdir()
    assert run_kg("build", "-o", str(out), "--formats", "ttl", "--no-progress").returncode == 0
    for command, page in (("view", "view.html"), ("report", "report.html")):
        result = run_kg(command, str(out), cwd=elsewhere)
        assert result.returncode == 0, result.stderr
        assert (out / page).is_file() and f"wrote {out / page}" in result.stdout
        assert (
            run_kg(
                command, str(out / "graph.ttl"), "-o", "mine.html", "--force", cwd=elsewhere
            ).returncode
            == 0
        )
        assert (elsewhere / "mine.html").is_file()
    assert not (elsewhere / "view.html").exists() and not (elsewhere / "report.html").exists()


def test_build_sample_writes_ttl_and_html(tmp_path):
    result = run_kg("build", "-o", str(tmp_path), "--no-progress")
    assert result.returncode == 0, result.stderr
    assert "papers" in result.stdout and "wrote" in result.stdout
    graph = Graph().parse(tmp_path / "graph.ttl", format="turtle")
    papers = set(graph.subjects(RDF.type, KG.Paper))
    assert len(papers) >= 40
    page = (tmp_path / "graph.html").read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", page)


def test_stdin_input(tmp_path):
    line = '{"title": "Stdin Paper", "abstract": "We evaluate BERT on the GLUE benchmark."}\n'
    result = run_kg("build", "-", "-o", str(tmp_path), "--formats", "ttl", stdin=line)
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(tmp_path / "graph.ttl", format="turtle")
    assert len(set(graph.subjects(RDF.type, KG.Paper))) == 1


@pytest.mark.parametrize(
    "args, content, message, status",
    [
        (["missing.jsonl"], None, "no such file", 3),
        (["bad.jsonl"], '{"title": "x"', "invalid JSON", 3),
        (["bad.jsonl"], '{"title": "x", "abstract": "y"}', "unknown output format", 2),
        (["empty.txt"], "", "no papers found", 3),
    ],
)
def test_bad_input_is_one_line_error_and_no_output(tmp_path, args, content, message, status):
    if content is not None:
        (tmp_path / args[0]).write_text(content)
    extra = ["--formats", "ttl,pdf"] if message == "unknown output format" else []
    out = tmp_path / "out"
    result = run_kg(
        "build", *[str(tmp_path / a) for a in args], "-o", str(out), *extra, "--no-progress"
    )
    assert result.returncode == status
    assert messages(result.stderr) == result.stderr.splitlines()[-1:]  # the error: one line,
    assert result.stderr.splitlines()[-1].startswith("kg: error:")  # after any stage line
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_skip_invalid_warns_and_continues(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"title": "Good", "abstract": "We use BERT."}\n{oops\n')
    result = run_kg(
        "build", str(path), "-o", str(tmp_path / "out"), "--skip-invalid", "--formats", "ttl"
    )
    assert result.returncode == 0, result.stderr
    assert "warning: skipped" in result.stderr and "1 skipped" in result.stdout


def test_extract_command_prints_mentions():
    result = run_kg("extract", "--json", "We propose FooNet and test it on ImageNet.")
    assert result.returncode == 0, result.stderr
    assert '"text": "ImageNet"' in result.stdout and '"proposed": true' in result.stdout


class TestSeedsBuild:
    """`kg build ../shared/seeds`: the acceptance numbers of the foundation issue."""

    def test_papers_and_summary(self, seeds_build, seeds_graph):
        result, _ = seeds_build
        assert "624 (678 entries read, 54 duplicates merged" in result.stdout
        assert len(set(seeds_graph.subjects(RDF.type, KG.Paper))) == 624

    def test_titles_intact(self, seeds_graph):
        titles = {str(t) for t in seeds_graph.objects(None, DCTERMS.title)}
        assert "Learning to Design Circuits" in titles
        assert "What's the Magic Word? A Control Theory of LLM Prompting" in titles

    def test_at_least_five_linked_entities_per_paper(self, seeds_graph):
        linked = defaultdict(set)
        from kg.rdf.terms import PAPER_ROLES

        for predicate in PAPER_ROLES:
            for paper, entity in seeds_graph.subject_objects(KG[predicate]):
                linked[paper].add(entity)
        papers = set(seeds_graph.subjects(RDF.type, KG.Paper))
        assert sum(len(linked[p]) for p in papers) / len(papers) >= 5

    def test_mentions_slice_their_text(self, seeds_graph):
        texts = {}
        for paper in seeds_graph.subjects(RDF.type, KG.Paper):
            texts[(paper, "title")] = str(seeds_graph.value(paper, DCTERMS.title))
            texts[(paper, "abstract")] = str(seeds_graph.value(paper, DCTERMS.abstract))
        checked = 0
        for node in seeds_graph.subjects(RDF.type, KG.Mention):
            v = lambda p: seeds_graph.value(node, p)  # noqa: B023
            text = texts[(v(KG.inPaper), str(v(KG.inField)))]
            assert text[int(v(KG.startChar)) : int(v(KG.endChar))] == str(v(KG.mentionText))
            checked += 1
        assert checked > 5000

    def test_llm_variants_are_one_entity(self, seeds_graph):
        from rdflib.namespace import SKOS

        hits = {
            s for s, _, o in seeds_graph.triples((None, SKOS.altLabel, None)) if str(o) == "LLMs"
        }
        hits |= {
            s for s, _, o in seeds_graph.triples((None, SKOS.prefLabel, None)) if str(o) == "LLMs"
        }
        assert len(hits) == 1
        (entity,) = hits
        labels = {str(o) for o in seeds_graph.objects(entity, SKOS.altLabel)} | {
            str(seeds_graph.value(entity, SKOS.prefLabel))
        }
        assert {"LLM", "LLMs"} <= labels
        assert any(label.lower() == "large language models" for label in labels)

    def test_ntriples_and_turtle_agree(self, seeds_build, seeds_graph):
        import pyoxigraph as ox

        triples = lambda name, fmt: set(ox.parse(path=str(seeds_build[1] / name), format=fmt))
        nt = triples("graph.nt", ox.RdfFormat.N_TRIPLES)
        assert len(nt) == len(seeds_graph) > 10_000
        assert nt == triples("graph.ttl", ox.RdfFormat.TURTLE)  # no blank nodes: term for term

    def test_few_label_collisions_within_a_type(self, seeds_graph):
        from rdflib.namespace import SKOS

        from kg.text.words import singular

        for cls in (KG.Method, KG.Dataset, KG.Task, KG.Metric, KG.Concept):
            labels = [
                str(seeds_graph.value(e, SKOS.prefLabel))
                for e in seeds_graph.subjects(RDF.type, cls)
            ]
            folded = [
                " ".join(w[:-1] + [singular(w[-1])]) if w else ""
                for w in (label.lower().replace("-", " ").split() for label in labels)
            ]
            collisions = len(folded) - len(set(folded))
            assert collisions <= 0.01 * len(labels), (cls, collisions)

    def test_entity_relations_have_statements_with_evidence_and_confidence(self, seeds_graph):
        from rdflib.namespace import PROV

        from kg.rdf.terms import STATED_RELATIONS

        predicates = [KG[name] for name, _, _ in STATED_RELATIONS.values()]
        triples = [(s, p, o) for p in predicates for s, o in seeds_graph.subject_objects(p)]
        papers = len(set(seeds_graph.subjects(RDF.type, KG.Paper)))
        assert len(triples) >= 2 * papers  # the classifier states several per abstract
        assert {p for _, p, _ in triples} == set(predicates)  # every SciERC type occurs
        spo_parts = (RDF.subject, RDF.predicate, RDF.object)
        reified: dict[tuple, list] = {}  # (subject, predicate, object) -> its statements
        for statement in seeds_graph.subjects(RDF.type, RDF.Statement):
            spo = tuple(seeds_graph.value(statement, part) for part in spo_parts)
            reified.setdefault(spo, []).append(statement)
        for s, p, o in triples:
            statements = reified.get((s, p, o), [])
            assert len(statements) == 1, (s, p, o)
            (statement,) = statements
            assert len(set(seeds_graph.objects(statement, PROV.wasDerivedFrom))) >= 2
            assert 0 < float(seeds_graph.value(statement, KG.confidence)) <= 1


def test_iris_are_stable_and_evidence_optional(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for out, extra in ((first, []), (second, ["--no-evidence"])):
        assert run_kg("build", "-o", str(out), "--formats", "ttl", *extra).returncode == 0
    a = Graph().parse(first / "graph.ttl", format="turtle")
    b = Graph().parse(second / "graph.ttl", format="turtle")
    nodes = lambda g: {
        s
        for s in g.subjects()
        if not str(s).split("/resource/")[-1].startswith(("mention/", "statement/", "extractor/"))
    }
    assert nodes(a) == nodes(b)
    assert set(a.subjects(RDF.type, KG.Mention)) and not set(b.subjects(RDF.type, KG.Mention))
    assert len(b) < len(a)


def test_seeds_build_conforms_to_the_shapes(seeds_graph):
    import pyshacl
    from conftest import REPO

    shapes = Graph().parse(REPO / "ontology" / "shapes.ttl", format="turtle")
    conforms, _, report = pyshacl.validate(seeds_graph, shacl_graph=shapes, inference="none")
    assert conforms, report[:2000]


@pytest.mark.parametrize(
    "old, new, args",
    [
        ("--format", "--formats", ["build", "--entity-model", "none", "-q"]),
        ("--html-max-nodes", "--html-max-entities", ["build", "--entity-model", "none", "-q"]),
    ],
)
def test_an_options_earlier_spelling_still_works_with_a_warning(tmp_path, old, new, args):
    value = "ttl" if old == "--format" else "50"
    extra = [] if old == "--format" else ["--formats", "ttl"]
    result = run_kg(*args, "-o", str(tmp_path / "out"), old, value, *extra)
    assert result.returncode == 0, result.stderr
    assert f"kg: warning: {old} is now {new}" in result.stderr
    assert (tmp_path / "out" / "graph.ttl").is_file()


def test_query_format_is_now_result_format(tmp_path):
    import kg

    kg.build(out=tmp_path, formats="ttl", entity_model="none")
    old = run_kg("query", str(tmp_path), "--format", "csv", "ASK { ?s ?p ?o }")
    new = run_kg("query", str(tmp_path), "--result-format", "csv", "ASK { ?s ?p ?o }")
    assert old.returncode == new.returncode == 0
    assert old.stdout == new.stdout and new.stderr == ""
    assert "--format is now --result-format" in old.stderr


def test_kg_help_lists_the_exit_status_of_every_error_class():
    from kg.errors import EXIT_CODES

    result = run_kg("--help")
    assert result.returncode == 0
    for name, code in EXIT_CODES.items():
        if name != "KgError":
            assert f"  {code} " in result.stdout and f"({name})" in result.stdout, name
    assert len(set(EXIT_CODES.values()) - {2}) == len(EXIT_CODES) - 2  # distinct, bar UsageError
