"""The shape of the code: no import cycles, one table of RDF terms that the ontology
declares, and formats that come from the registries."""

from __future__ import annotations

import ast
import json
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

import kg
from kg import registry
from kg.rdf import terms
from kg.rdf.formats import FOLDER_FILES, RDF_FORMATS

PACKAGE = Path(kg.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, name: str, known: set[str], type_checking: bool = False) -> set[str]:
    """kg modules that ``path`` imports anywhere (functions included); imports for type
    checkers only (``if TYPE_CHECKING:``) too when ``type_checking``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = (
        set()
        if type_checking
        else {
            id(n)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
            for child in node.body
            for n in ast.walk(child)
        }
    )
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            candidates = [base] + [f"{base}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        found |= {c for c in candidates if c in known and c != name}
    return found


def import_graph(type_checking: bool = False) -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    known = set(files)
    graph = {name: _imports(path, name, known, type_checking) for name, path in files.items()}
    # a package's __init__ importing its own modules is how packages work, not a cycle
    return {
        name: {t for t in targets if not name.startswith(t + ".")}
        for name, targets in graph.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = defaultdict(int)
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state[target] == 1:
                return stack[stack.index(target) :] + [target]
            if state[target] == 0 and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if state[node] == 0 and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycle_among_kg_modules():
    assert find_cycle(import_graph()) is None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every module ``start`` imports, directly or through others (a package's import
    also runs its ``__init__``)."""
    seen: set[str] = set()
    stack = [start]
    while stack:
        for target in graph.get(stack.pop(), ()):
            parents = {".".join(target.split(".")[:n]) for n in range(2, target.count(".") + 1)}
            for module in {target} | (parents & set(graph)):
                if module not in seen:
                    seen.add(module)
                    stack.append(module)
    return seen


LAYERS_ABOVE_THE_GRAPH = ("kg.analysis", "kg.query", "kg.notebook", "kg.export", "kg.serve")


def test_the_graph_sits_below_analysis_query_export_and_notebook():
    """kg.graph imports records, terms, dates, views and errors; nothing it imports,
    directly or not, type checkers' imports included, is a layer above it."""
    graph = import_graph(type_checking=True)
    assert graph["kg.graph"] <= {
        "kg.records",
        "kg.rdf",
        "kg.rdf.terms",
        "kg.errors",
        "kg.dates",
        "kg.views",
    }
    below = reachable(graph, "kg.graph")
    assert "kg.graph" not in below  # no back-edge, not even for type checkers
    assert not {m for m in below if m.startswith(LAYERS_ABOVE_THE_GRAPH)}
    assert not {m for m in below if m.startswith(("kg.extract", "kg.link", "kg.readers"))}


def test_the_layer_check_sees_an_edge_back():
    graph = {"kg.graph": {"kg.views"}, "kg.views": {"kg.analysis"}, "kg.analysis": {"kg.graph"}}
    assert "kg.analysis" in reachable(graph, "kg.graph")
    assert "kg.graph" in reachable(graph, "kg.graph")


def test_loading_a_graph_imports_no_networkx_spacy_or_exporter(tmp_path):
    import subprocess
    import sys

    kg.build(out=tmp_path, formats="ttl", entity_model="none")
    code = (
        "import sys, kg; graph = kg.load(sys.argv[1]); assert graph.papers; "
        "print(sorted(m for m in ('networkx', 'spacy', 'pyvis', 'matplotlib', 'pandas', "
        "'kg.analysis', 'kg.query', 'kg.export', 'kg.notebook') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "graph.ttl")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_settings_and_the_list_of_formats_load_no_exporter_dependency():
    import subprocess
    import sys

    code = (
        "import sys, kg; kg.Settings(); from kg.registry import output_formats; "
        "assert 'html' in output_formats(); "
        "print(sorted(m for m in ('networkx', 'pandas', 'pyvis', 'jinja2', 'matplotlib', "
        "'spacy', 'kg.analysis') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_import_kg_link_loads_no_spacy():
    import subprocess
    import sys

    code = "import sys, kg.link; print('spacy' in sys.modules, 'thinc' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False False"


def test_terms_table_and_ontology_declare_the_same_terms():
    ontology = Graph().parse(PACKAGE.parent / "ontology" / "kg.ttl")
    declared = {
        str(s)[len(str(terms.KG)) :]
        for s in ontology.subjects()
        if isinstance(s, URIRef) and str(s).startswith(str(terms.KG)) and str(s) != str(terms.KG)
    }
    relations = {
        name
        for name in terms.PAPER_RELATIONS + terms.ENTITY_RELATIONS
        if name not in terms.STANDARD_PREDICATES
    } | {"relatedTo"}
    table = (
        set(terms.CLASSES)
        | relations
        | set(terms.OBJECT_PROPERTIES)
        | {p for props in terms.DATA_PROPERTIES.values() for p in props}
    )
    assert declared == table
    for name in set(terms.CLASSES):
        assert (terms.KG[name], RDF.type, OWL.Class) in ontology, name


def test_written_rdf_uses_only_terms_in_the_table(tmp_path):
    graph = kg.build(out=tmp_path, formats="nt", entity_model="none")
    rdf = Graph().parse(tmp_path / "graph.nt")
    table = (
        set(terms.CLASSES)
        | set(terms.PAPER_RELATIONS)
        | set(terms.ENTITY_RELATIONS)
        | set(terms.OBJECT_PROPERTIES)
        | {p for ps in terms.DATA_PROPERTIES.values() for p in ps}
    )
    used = {
        str(t)[len(str(terms.KG)) :]
        for triple in rdf
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(str(terms.KG))
    }
    assert used and used <= table
    assert len(graph.papers) > 0


def test_output_formats_come_from_the_exporter_registry():
    assert registry.output_formats() == (
        "ttl",
        "nt",
        "jsonld",
        "graphml",
        "html",
        "report",
        "csv",
        "neo4j",
    )
    written = {f"graph{f.suffix}" for f in RDF_FORMATS if f.written}
    assert set(FOLDER_FILES) == written
    assert {name.split(".")[1] for name in FOLDER_FILES} <= set(registry.output_formats())


NEW_FORMAT = """
import json
import sys
import kg
from kg.registry import exporter, output_formats

@exporter("txt", order=99, help="a test format")
def write_titles(graph, folder, settings):
    (folder / "graph.txt").write_text(
        "\\n".join(p.title for p in graph.papers.values()), encoding="utf-8"
    )

assert output_formats()[-1] == "txt", output_formats()
graph = kg.build(out=sys.argv[1], formats="txt", entity_model="none")
print(json.dumps([p.title for p in graph.papers.values()]))
"""


def test_a_new_exporter_module_is_one_file(tmp_path):
    """A format registered by a module of kg.export is a build output at once (in a process
    of its own: the registry of this one keeps kg's formats only)."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", NEW_FORMAT, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    titles = (tmp_path / "graph.txt").read_text(encoding="utf-8").split("\n")
    assert titles == json.loads(result.stdout) and len(titles) > 1
    assert "txt" not in registry.output_formats()


def test_a_format_name_that_is_taken_cannot_be_registered_again():
    from kg.errors import KgError
    from kg.registry import exporter, reader

    ttl, csv = registry.exporters()["ttl"], registry.readers()["csv"]

    def write(graph, folder, settings):
        raise AssertionError("never called")

    def read(stream, path, *, on_invalid=None):
        raise AssertionError("never called")

    with pytest.raises((KgError, ValueError)):
        exporter("ttl", order=1, help="another Turtle")(write)
    with pytest.raises((KgError, ValueError)):
        reader("csv", suffixes=(".csv",), sniff=lambda head, name: 1.0)(read)
    assert registry.exporters()["ttl"] == ttl and registry.readers()["csv"] == csv


def test_a_taken_format_name_is_an_error_naming_registry_and_name(monkeypatch):
    """A second part under a taken name fails; the same function again (a re-import) does not."""
    from kg.errors import KgError

    monkeypatch.setattr(registry, "_EXPORTERS", dict(registry.exporters()))
    monkeypatch.setattr(registry, "_READERS", dict(registry.readers()))
    turtle = registry._EXPORTERS["ttl"]

    def write_other(graph, folder, settings):
        pass

    with pytest.raises(KgError) as raised:
        registry.exporter("ttl", order=1, help="another Turtle")(write_other)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("exporter registry: 'ttl' is already registered to kg.export.")
    assert "write_other" in message
    assert registry._EXPORTERS["ttl"] is turtle  # the first one stays

    with pytest.raises(KgError, match=r"^reader registry: 'ris' is already registered"):
        registry.reader("ris", suffixes=(".ris",), sniff=lambda head, name: 0.0)(write_other)

    registry.exporter("ttl", order=turtle.order, help=turtle.help)(turtle.write)  # the same
    assert registry._EXPORTERS["ttl"].write is turtle.write

    def closure(n):
        def write(graph, folder, settings):
            pass

        return write

    registry.exporter("twin", order=98, help="one closure")(closure(1))
    with pytest.raises(KgError, match="'twin'"):  # another closure is another function
        registry.exporter("twin", order=98, help="another closure")(closure(2))


def test_a_reader_module_imported_again_registers_again(monkeypatch):
    import importlib

    import kg.readers.arxiv

    monkeypatch.setattr(registry, "_READERS", dict(registry.readers()))
    before = registry._READERS["arxiv-atom"].read
    reloaded = importlib.reload(kg.readers.arxiv)  # new function objects, same definitions
    assert reloaded.read_arxiv_atom is not before
    assert registry._READERS["arxiv-atom"].read is reloaded.read_arxiv_atom


# the ontology ships with the package; kg validate --------------------------------------------


def test_kg_validate_passes_a_build_and_fails_a_graph_without_a_label(tmp_path):
    from conftest import run_kg

    out = tmp_path / "out"
    kg.build(out=out, formats="ttl", entity_model="none")
    result = run_kg("validate", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms" in result.stdout
    text = (out / "graph.ttl").read_text(encoding="utf-8")
    start = text.index("skos:prefLabel")
    broken = text[:start] + "skos:altLabel" + text[start + len("skos:prefLabel") :]
    (tmp_path / "broken.ttl").write_text(broken, encoding="utf-8")
    result = run_kg("validate", str(tmp_path / "broken.ttl"))
    assert result.returncode == 9
    assert "does not conform: 1 violation" in result.stdout
    assert "skos:prefLabel: Less than 1 values" in result.stdout
    # what kg.load refuses and no shape can say (a count past what a number holds exactly)
    import re

    count = re.search(r'kg:mentionCount "\d+"', text)
    assert count is not None
    too_big = text[: count.start()] + 'kg:mentionCount "1152921504606846976"' + text[count.end() :]
    (tmp_path / "too_big.ttl").write_text(too_big, encoding="utf-8")
    result = run_kg("validate", str(tmp_path / "too_big.ttl"))
    assert result.returncode == 9 and "kg.load refuses it" in result.stdout
    assert "out of range" in result.stdout
    # a graph of no paper conforms as before, and reading it again warns nothing
    (tmp_path / "one.ttl").write_text('<http://example.org/a> <http://example.org/b> "c" .\n')
    result = run_kg("validate", "-q", str(tmp_path / "one.ttl"))
    assert result.returncode == 0 and result.stderr == ""
    # a value pySHACL cannot compare ("NaN" as a decimal) is a one-line error
    score = re.search(r'kg:specificity "?[\d.]+"?(\^\^xsd:decimal)?', text)
    assert score is not None
    nan = text[: score.start()] + 'kg:specificity "NaN"^^xsd:decimal' + text[score.end() :]
    (tmp_path / "nan.ttl").write_text(nan, encoding="utf-8")
    result = run_kg("validate", "-q", str(tmp_path / "nan.ttl"))
    assert result.returncode == 3 and "cannot check a value against the shapes" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.slow
def test_an_installed_wheel_ships_the_ontology(tmp_path):
    """Built as a wheel and installed outside the repository, kg finds its ontology."""
    import subprocess
    import sys

    repo = PACKAGE.parent
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(repo)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("kg_papers-*.whl")
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import kg; "
        "assert kg.__file__.startswith(sys.argv[1]), kg.__file__; "
        "print(kg.ontology_path().read_text()[:100]); print(kg.shapes_path().is_file())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(site)], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "@prefix" in result.stdout and result.stdout.strip().endswith("True")


# users' lexicons --------------------------------------------------------------------------------


def test_a_users_lexicon_adds_names_to_extraction_and_linking(tmp_path):
    import json

    lexicon = tmp_path / "names.tsv"
    lexicon.write_text(
        "# my names\nmethod\tZorbNet\tZorb-Net|ZN\ndataset\tQuuxBench\n", encoding="utf-8"
    )
    papers = tmp_path / "p.jsonl"
    papers.write_text(
        json.dumps(
            {
                "title": "A study",
                "abstract": "We train Zorb-Net and ZorbNet on QuuxBench and report accuracy.",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    plain = kg.build(papers, entity_model="none", cache=False)
    mine = kg.build(papers, entity_model="none", cache=False, lexicon=str(lexicon))
    labels = {e.label: e.type for e in mine.entities.values()}
    assert labels.get("ZorbNet") == "method" and labels.get("QuuxBench") == "dataset"
    assert "ZorbNet" not in {e.label for e in plain.entities.values()}
    (zorb,) = [e for e in mine.entities.values() if e.label == "ZorbNet"]
    assert zorb.mention_count == 2  # both spellings are one entity


@pytest.mark.parametrize(
    "line, where", [("method ZorbNet", ":2"), ("thing\tZorbNet", ":2"), ("method\t", ":2")]
)
def test_a_bad_lexicon_line_is_a_one_line_error(tmp_path, line, where):
    from conftest import run_kg

    lexicon = tmp_path / "names.tsv"
    lexicon.write_text("dataset\tQuuxBench\n" + line + "\n", encoding="utf-8")
    result = run_kg("build", "--lexicon", str(lexicon), "-o", str(tmp_path / "out"))
    assert result.returncode == 3
    assert result.stderr.strip() == (
        f"kg: error: {lexicon}{where}: expected 'type<TAB>name<TAB>"
        "alias|alias' with type one of method, dataset, task, "
        "metric, concept"
    )
    assert not (tmp_path / "out").exists()


def test_word_lists_are_data_without_duplicates():
    from kg.text.vocabulary import load_vocabulary

    lists = load_vocabulary()
    heads = lists.pop("head_types")
    for name, words in [*lists.items(), *(("head_types." + k, v) for k, v in heads.items())]:
        assert len(words) == len(set(words)), (name, [w for w in words if words.count(w) > 1])
        assert all(w == w.lower() or not w.isalpha() for w in words), name
    every_head = [h for words in heads.values() for h in words]
    assert len(every_head) == len(set(every_head))  # one type per head word


def test_import_kg_leaves_spacy_out_and_kg_extract_is_the_stage():
    import subprocess
    import sys

    code = (
        "import sys, types, kg; assert 'spacy' not in sys.modules, 'import kg imported spaCy'; "
        "assert callable(kg.extract_mentions) and 'spacy' not in sys.modules; "
        "assert isinstance(kg.extract, types.ModuleType) and kg.extract.Extractor; "
        "assert 'spacy' not in sys.modules, 'the stage without its pipeline imported spaCy'; "
        "assert callable(kg.extract.load_pipeline) and 'spacy' in sys.modules"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_lazy_names_of_kg_extract_are_the_pipelines():
    """``kg.extract`` names the spaCy side's exports without importing it; the two lists
    must not drift apart."""
    import kg.extract
    from kg.extract import pipeline

    lazy = kg.extract._FROM_PIPELINE
    assert lazy <= set(pipeline.__all__)
    assert set(pipeline.__all__) - lazy <= {"extract_docs"}  # used inside kg.extract only
    for name in lazy:
        assert getattr(kg.extract, name) is getattr(pipeline, name)
