"""Hostile and unlucky input: each test is the reproducer of one reported failure."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import re
import shlex
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from conftest import FIXTURES, REPO, messages, run_kg, wait_until
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_serve import start_server, stop_server

import kg
from kg.errors import InputError, KgError, UsageError
from kg.export.graphml import to_graphml_graph
from kg.extract.cache import CACHE_FILE
from kg.files import safe_cell
from kg.graph import KnowledgeGraph
from kg.link import link
from kg.link.curation import Curation
from kg.query import uses_service
from kg.rdf.write import write_jsonld, write_ntriples, write_turtle
from kg.readers import read_file
from kg.readers.common import make_paper, parse_date
from kg.records import Mention, Paper, PaperExtraction, Source

CARTESIAN = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
RDF_WRITERS = {
    "ttl": (write_turtle, ox.RdfFormat.TURTLE),
    "nt": (write_ntriples, ox.RdfFormat.N_TRIPLES),
    "jsonld": (write_jsonld, ox.RdfFormat.JSON_LD),
}
BAD_URLS = ["https://github.com/u/r%zz", "https://github.com:abc/x", "http://[::1/x"]


def write_jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def graph_of(title: str, abstract: str, *, urls=(), authors=(), date=None) -> KnowledgeGraph:
    """A one-paper graph made through the reader's checks, with the title as a method."""
    paper = make_paper(
        title, abstract, Source("t.jsonl", 1, "jsonl"), urls=urls, authors=authors, date=date
    )
    mention = Mention(
        0,
        len(paper.title),
        paper.title,
        "method",
        "rule",
        0.9,
        field="title",
        sentence_start=0,
        sentence_end=len(paper.title),
    )
    papers = {paper.key: paper}
    return KnowledgeGraph.from_parts(papers, link([PaperExtraction(paper.key, (mention,))], papers))


def reparse_every_format(graph: KnowledgeGraph) -> dict[str, int]:
    counts = {}
    for name, (writer, fmt) in RDF_WRITERS.items():
        out = io.StringIO()
        writer(graph, out)
        counts[name] = len(list(ox.parse(out.getvalue().encode("utf-8"), format=fmt)))
    return counts


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample_out")
    result = run_kg("build", "-o", str(out), "--formats", "ttl", "-q")
    assert result.returncode == 0, result.stderr
    return out


# 1. malformed links ------------------------------------------------------------------------


def test_malformed_links_are_dropped_with_a_warning_and_the_graph_stays_usable(tmp_path):
    source = write_jsonl(
        tmp_path / "links.jsonl",
        {
            "title": "Links",
            "abstract": "We propose LinkNet. Code: "
            + " and ".join(BAD_URLS)
            + " and https://github.com/u/good.",
            "urls": BAD_URLS + ['https://github.com/a/b c>"} <urn:x> .'],
        },
    )
    out = tmp_path / "out"
    result = run_kg("build", str(source), "-o", str(out), "--formats", "ttl,nt,jsonld")
    assert result.returncode == 0, result.stderr
    # a stray % is escaped; a bad port and an unclosed IPv6 host cannot be repaired
    assert result.stderr.count("dropped invalid URL") == 2, result.stderr
    for name, fmt in (
        ("graph.ttl", ox.RdfFormat.TURTLE),
        ("graph.nt", ox.RdfFormat.N_TRIPLES),
        ("graph.jsonld", ox.RdfFormat.JSON_LD),
    ):
        urls = {
            t.object.value
            for t in ox.parse(path=str(out / name), format=fmt)
            if t.predicate.value.startswith("https://schema.org/")
        }
        assert urls == {
            "https://github.com/u/good",
            "https://github.com/u/r%25zz",
            "https://github.com/a/b%20c%3E%22%7D%20%3Curn:x%3E%20.",
        }, name
    assert run_kg("query", str(out), "ASK { ?s ?p ?o }").returncode == 0
    assert run_kg("centrality", str(out)).returncode == 0
    assert run_kg("view", str(out), "-o", str(tmp_path / "v.html")).returncode == 0


_ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.text(_ANY_CHARACTER, min_size=1, max_size=40),
    abstract=st.text(_ANY_CHARACTER, min_size=1, max_size=60),
    url_tail=st.text(_ANY_CHARACTER, max_size=30),
    author=st.text(_ANY_CHARACTER, max_size=20),
)
def test_any_text_and_url_reloads_in_every_format(title, abstract, url_tail, author):
    try:
        graph = graph_of(
            title,
            abstract,
            urls=["https://x.org/" + url_tail, "http://" + url_tail],
            authors=[author],
        )
    except InputError:
        return  # nothing left of the title or abstract once cleaned: the record is refused
    counts = reparse_every_format(graph)
    assert counts["ttl"] == counts["nt"] == counts["jsonld"] > 0
    buffer = io.BytesIO()
    nx.write_graphml(to_graphml_graph(graph), buffer)
    nodes = nx.read_graphml(io.BytesIO(buffer.getvalue())).number_of_nodes()
    assert nodes == 1 + len(graph.entities)


# 2. interrupts ------------------------------------------------------------------------------


def _processes_in_session(session: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session and fields[0] != "Z":  # field 6: session id
                found.append(int(entry.name))
    return found


def _children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        return [int(c) for t in tasks for c in (t / "children").read_text().split()]
    except OSError:
        return []


def _busy_parallel_build(seeds_dir: Path, out: Path) -> subprocess.Popen:
    """A 2-process build of the seeds in its own session, once its workers are busy."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg",
            "build",
            str(seeds_dir),
            "-o",
            str(out),
            "--processes",
            "2",
            "--no-cache",
            "-q",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    wait_until(  # a forked worker starts at no CPU: a second of it, and it is busy with papers
        lambda: sum(_cpu_seconds(pid) >= 1.0 for pid in _children(process.pid)) >= 2,
        timeout=300,
        what="two worker processes of the build to be extracting",
        interval=0.2,
    )
    return process


def _cpu_seconds(pid: int) -> float:
    """CPU seconds a process has used (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_a_stopped_parallel_build_leaves_no_process(seeds_dir, tmp_path, signum):
    process = _busy_parallel_build(seeds_dir, tmp_path / "out")
    os.kill(process.pid, signum)  # the parent only, as `kill PID` does
    _, stderr = process.communicate(timeout=120)
    wait_until(
        lambda: _processes_in_session(process.pid) == [],
        timeout=60,
        what="every process of the stopped build to end",
    )
    assert not (tmp_path / "out" / "graph.ttl").exists()
    if signum != signal.SIGKILL:
        assert stderr.strip().splitlines() == [
            "kg: terminated" if signum == signal.SIGTERM else "kg: interrupted"
        ]


@pytest.mark.slow
def test_ctrl_c_on_the_process_group_prints_one_line(seeds_dir, tmp_path):
    process = _busy_parallel_build(seeds_dir, tmp_path / "out")
    os.killpg(process.pid, signal.SIGINT)  # what a terminal does on Ctrl-C
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert stderr.strip().splitlines() == ["kg: interrupted"]


# 3. bounded queries ---------------------------------------------------------------------------


def test_kg_query_stops_a_runaway_query_at_its_timeout(sample_out):
    result = run_kg("query", str(sample_out), "--timeout", "3", CARTESIAN)
    assert result.returncode == 6  # QueryTimeout
    assert "stopped after 3 s" in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "option, value",
    [
        ("--timeout", "nan"),
        ("--timeout", "1e999"),
        ("--timeout", "many"),
        ("--max-memory", "10000000000000"),  # read as a cap, it failed the smallest query
        ("--max-memory", "1.5"),
    ],
)
@pytest.mark.parametrize("command", ["query", "serve"])
def test_a_query_limit_that_is_no_number_the_machine_knows_is_a_usage_error(
    tmp_path, command, option, value
):
    result = run_kg(command, str(tmp_path / "none.ttl"), option, value)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith(f"kg {command}: error: argument {option}:")
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


@pytest.mark.parametrize("value", ["-1", "1.5", "lots"])
def test_a_bad_total_memory_budget_for_kg_serve_is_a_usage_error(tmp_path, value):
    result = run_kg("serve", str(tmp_path / "none.ttl"), "--max-total-memory", value)
    assert result.returncode == 2
    last = result.stderr.strip().splitlines()[-1]  # (argparse's usage comes before)
    assert "error:" in last and "--max-total-memory" in last
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


@pytest.mark.parametrize("value", [-1, 1.5, True, "100"])
def test_a_bad_total_memory_budget_for_serve_is_a_usage_error(tmp_path, value):
    from kg.errors import UsageError
    from kg.serve import serve

    with pytest.raises(UsageError, match="max_total_memory"):
        serve(tmp_path / "none.ttl", max_total_memory=value)


@pytest.mark.parametrize("megabytes, query", [("200", CARTESIAN), ("1", "ASK {}")])
def test_kg_query_caps_memory(sample_out, megabytes, query):
    # a limit too small for the interpreter itself failed an allocation without a
    # MemoryError: "SystemError: error return without exception set"
    result = run_kg("query", str(sample_out), "--timeout", "60", "--max-memory", megabytes, query)
    assert result.returncode == 7  # QueryMemoryLimit
    assert f"more than {megabytes} MB" in result.stderr
    # one line: what the engine prints as an allocation fails stays in the child
    assert len(result.stderr.splitlines()) == 1, result.stderr


def test_kg_query_runs_under_an_address_space_limit_below_its_own(sample_out):
    """Under ``ulimit -v`` lower than the query's own cap (its default 4096 MB above what
    kg maps), the child's limit could not be set and every query was "out of memory"."""
    import resource
    import subprocess
    import sys

    def lower_limit():
        resource.setrlimit(resource.RLIMIT_AS, (3_000_000_000, 3_000_000_000))

    result = subprocess.run(
        [sys.executable, "-m", "kg", "query", str(sample_out), "ASK { ?s ?p ?o }"],
        capture_output=True, text=True, timeout=600, preexec_fn=lower_limit,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "true" in result.stdout.lower()


def test_kg_query_parses_within_its_limits_too(sample_out, tmp_path):
    # a query whose parsing alone takes tens of seconds stops at the time limit
    ors = " || ".join(f'?o = "v{i}"' for i in range(20000))
    path = tmp_path / "slow.rq"
    path.write_text(f"SELECT * WHERE {{ ?s ?p ?o FILTER({ors}) }} LIMIT 1", encoding="utf-8")
    result = run_kg("query", str(sample_out), "-f", str(path), "--timeout", "1")
    assert result.returncode == 6 and len(result.stderr.splitlines()) == 1, result.stderr


@pytest.mark.parametrize("source", ["/dev/zero", "fifo"])
def test_a_query_file_that_is_no_regular_file_is_refused_unread(sample_out, tmp_path, source):
    if source == "fifo":
        source = str(tmp_path / "q.fifo")
        os.mkfifo(source)
    result = run_kg("query", str(sample_out), "-f", source)
    assert result.returncode == 3
    assert result.stderr == f"kg: error: {source}: not a regular file (a query file must be one)\n"


@pytest.mark.parametrize("source", ["/dev/zero", "fifo"])
def test_a_lexicon_that_is_no_regular_file_is_refused_unread(tmp_path, source):
    if source == "fifo":
        source = str(tmp_path / "names.fifo")
        os.mkfifo(source)
    out = tmp_path / "out"
    result = run_kg("build", str(tiny_source(tmp_path)), "-o", str(out), "--lexicon", source)
    assert result.returncode == 3
    assert result.stderr == f"kg: error: {source}: not a regular file (a lexicon must be one)\n"


def test_api_query_timeout():
    graph = graph_of("FooNet", "We propose FooNet.")
    with pytest.raises(KgError, match="stopped after 1 s"):
        kg.sparql(
            graph,
            "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o } "
            "ORDER BY ?c ?f ?i ?l ?o",
            timeout=1,
        )
    assert kg.sparql(graph, "ASK { ?s ?p ?o }", timeout=5) == [{"result": True}]
    # a limit longer than one poll() can wait (its milliseconds are a C int) was an
    # OverflowError, from 24.8 days up to the year --timeout accepts
    for long_limit in (2_147_484, 31_536_000, 1e300):
        assert kg.sparql(graph, "ASK { ?s ?p ?o }", timeout=long_limit) == [{"result": True}]
    from kg.query import STORE_KEY

    fresh = graph_of("FooNet", "We propose FooNet.")
    with pytest.raises(KgError, match="syntax error"):
        kg.sparql(fresh, "SELEC ?x")
    assert STORE_KEY not in fresh.cache  # a malformed query makes no store
    # parsing counts: 300,000 values take minutes to parse (about a millisecond each here;
    # many times that margin on any machine)
    values = "1 " * 300_000
    started = time.monotonic()
    with pytest.raises(KgError, match="stopped after 1 s"):
        kg.sparql(graph, f"SELECT * WHERE {{ VALUES ?x {{ {values}}} }}", timeout=1)
    assert time.monotonic() - started < 10


def test_kg_serve_stops_a_runaway_query_and_keeps_answering(sample_out):
    base, process = start_server(sample_out, "127.0.0.1", "--timeout", "3")
    try:
        status, body = _post(base, CARTESIAN)
        # (on a loaded machine its worker may reach the memory cap before the time limit)
        assert status == 503 and ("stopped after 3 s" in body or "--max-memory" in body), body
        assert _post(base, "ASK { ?s ?p ?o }") == (200, '{"head":{},"boolean":true}')
    finally:
        stop_server(process)


def _post(base: str, query: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        base + "/query",
        data=query.encode(),
        method="POST",
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


# 4. SERVICE ---------------------------------------------------------------------------------


def test_service_is_refused_by_kg_query(sample_out, listener):
    query = f"SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    result = run_kg("query", str(sample_out), query)
    assert result.returncode == 5 and "SERVICE" in result.stderr
    allowed = run_kg("query", str(sample_out), "--allow-service", "--timeout", "5", query)
    assert allowed.returncode == 2  # the listener is no SPARQL server
    assert listener.wait_for_more_than(0, seconds=5)  # only --allow-service reached it


def test_kg_validate_fetches_no_json_ld_context(tmp_path, listener):
    """A graph.jsonld naming a remote context made kg validate fetch it (and hang on a
    host that never answers); it is refused in one line, as every other command does."""
    graph = tmp_path / "graph.jsonld"
    graph.write_text(
        json.dumps(
            {
                "@context": f"http://127.0.0.1:{listener.port}/context.jsonld",
                "@id": "http://example.org/a",
                "name": "A",
            }
        ),
        encoding="utf-8",
    )
    result = run_kg("validate", str(graph))
    assert result.returncode == 3 and len(messages(result.stderr)) == 1, result.stderr
    assert "cannot parse RDF" in result.stderr
    assert not listener.wait_for_more_than(0, seconds=1)


def test_kg_validate_reads_long_literals_in_linear_time_and_ill_typed_ones_quietly(tmp_path):
    """rdflib's Turtle parser took minutes on 4 MB of escapes in one literal (quadratic),
    and logged a traceback for each ill-typed literal; kg validate reads with Oxigraph."""
    graph = tmp_path / "graph.ttl"
    graph.write_text('<http://a> <http://b> "' + "\\n" * 2_000_000 + '" .\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kg", "validate", "-q", str(graph)],
        capture_output=True,
        text=True,
        timeout=90,  # about a second here; minutes when quadratic
    )
    assert result.returncode == 0, result.stderr
    typed = tmp_path / "typed.nt"
    typed.write_text(
        '<http://a> <http://b> "abc"^^<http://www.w3.org/2001/XMLSchema#double> .\n'
        '<http://a> <http://c> "2019-13-45"^^<http://www.w3.org/2001/XMLSchema#date> .\n',
        encoding="utf-8",
    )
    result = run_kg("validate", str(typed))
    assert "Traceback" not in result.stderr and len(messages(result.stderr)) <= 1, result.stderr
    bom = tmp_path / "bom.ttl"  # read as kg.load reads it: past a byte order mark
    bom.write_bytes(b"\xef\xbb\xbf<http://a> <http://b> <http://c> .\n")
    assert run_kg("validate", str(bom)).returncode == 0


def test_service_is_refused_by_kg_serve(sample_out, listener):
    base, process = start_server(sample_out)
    try:
        for query in (
            f"SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}",
            f"SELECT * {{ \\u0053ERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}",
        ):
            status, body = _post(base, query)
            assert status == 400 and "SERVICE" in body
        assert not listener.wait_for_more_than(0, seconds=0.5)
    finally:
        stop_server(process)


def test_service_detection_ignores_strings_iris_and_comments():
    assert uses_service("select * { service silent <x> { ?s ?p ?o } }")
    assert not uses_service('SELECT ?service { ?service <http://a/SERVICE> "SERVICE" } # SERVICE')


# 5. sniffing ----------------------------------------------------------------------------------


def test_a_jsonl_file_with_a_long_first_line_is_read_as_jsonl(tmp_path):
    long_abstract = "We study long inputs. " * 800  # about 18 KB of text, 70 KB with padding
    path = write_jsonl(
        tmp_path / "long.txt",
        {"title": "Long", "abstract": long_abstract[:19_000], "pad": "x" * 60_000},
        {"title": "Short", "abstract": "A short one."},
    )
    assert [p.title for p in read_file(str(path))] == ["Long", "Short"]


# 6. CSV formulas --------------------------------------------------------------------------------


def test_centrality_csv_neutralises_formula_cells(tmp_path):
    import csv

    # "=" and a leading "+" or "-" make no entity (kg.link.is_junk_name); "@" can lead a name
    graph = graph_of("@HYPERLINK Net", "We propose it.")
    out = tmp_path / "g"
    kg.write_outputs(graph, out, kg.Settings(formats=("ttl",)))
    result = run_kg("centrality", str(out), "--result-format", "csv", "--include-generic")
    assert result.returncode == 0, result.stderr
    labels = [row["label"] for row in csv.DictReader(io.StringIO(result.stdout))]
    assert any(label.startswith("'@HYPERLINK") for label in labels), labels
    assert not any(label.startswith(("=", "+", "-", "@")) for label in labels)
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)" and safe_cell(-3) == -3
    # a signed number as written ("+0.208", a result's value) is no formula; anything after
    # it makes one
    assert [safe_cell(v) for v in ("+0.208", "-4.1%", "+1e5")] == ["+0.208", "-4.1%", "+1e5"]
    assert [safe_cell(v) for v in ("+1+cmd|' /C calc'!A0", "-2.3%+A1", "+")] == [
        "'+1+cmd|' /C calc'!A0",
        "'-2.3%+A1",
        "'+",
    ]


def test_query_csv_results_neutralise_formula_cells(tmp_path):
    import csv

    graph = graph_of("=HYPERLINK(1) Quill", "We propose it.")
    out = tmp_path / "g"
    kg.write_outputs(graph, out, kg.Settings(formats=("ttl",)))
    query = "SELECT ?t WHERE { ?p a kg:Paper ; dcterms:title ?t }"
    result = run_kg("query", str(out), "--result-format", "csv", query)
    assert result.returncode == 0, result.stderr
    (row,) = list(csv.reader(io.StringIO(result.stdout)))[1:]
    assert row == ["'=HYPERLINK(1) Quill"]
    numbers = run_kg("query", str(out), "--result-format", "csv", "SELECT (-2.3 AS ?n) {}")
    assert numbers.stdout.splitlines()[1] == "-2.3"  # a number, no formula: left as it is
    # a spreadsheet reads TSV's quotes as a text qualifier: the string is a formula unless
    # it starts otherwise
    tsv = run_kg("query", str(out), "--result-format", "tsv", query)
    (row,) = list(csv.reader(io.StringIO(tsv.stdout), dialect="excel-tab"))[1:]
    assert row == ["'=HYPERLINK(1) Quill"]
    typed = run_kg(
        "query",
        str(out),
        "--result-format",
        "tsv",
        'SELECT (STRDT("=HYPERLINK(1)", <urn:x>) AS ?n) {}',
    )  # a formula typed as anything is still one
    assert typed.stdout.splitlines()[1].startswith('"\'=HYPERLINK(1)"')
    for number in ("-2.3", '"-2.3"^^xsd:double', '"-INF"^^xsd:double'):  # values stay as they are
        numbers = run_kg(
            "query", str(out), "--result-format", "tsv", f"SELECT ({number} AS ?n) {{}}"
        )
        assert "'" not in numbers.stdout.splitlines()[1], numbers.stdout


def test_an_output_whose_name_is_too_long_is_one_line(tmp_path, sample_out):
    source = write_jsonl(tmp_path / "a.jsonl", {"title": "Quill", "abstract": "We sort."})
    result = run_kg("build", str(source), "-o", str(tmp_path / ("L" * 300)), "--formats", "ttl")
    assert result.returncode == 2 and "internal error" not in result.stderr
    assert messages(result.stderr)[-1].startswith(f"kg: error: {tmp_path / ('L' * 300)}: cannot")
    page = tmp_path / ("L" * 300 + ".html")
    for command in ("report", "view"):  # the pages too
        result = run_kg(command, str(sample_out), "-o", str(page))
        assert result.returncode == 2 and "internal error" not in result.stderr
        assert messages(result.stderr)[-1].startswith(f"kg: error: {page}: cannot write")


# 7. lone surrogates -------------------------------------------------------------------------------


@pytest.mark.parametrize("skip", [False, True])
def test_a_lone_surrogate_does_not_crash_the_build(tmp_path, skip):
    path = tmp_path / "s.jsonl"
    path.write_text(
        '{"title": "Bad \\ud800 title", "abstract": "We propose SurNet \\udfff."}\n'
        '{"title": "Fine", "abstract": "We propose FineNet."}\n',
        encoding="utf-8",
    )
    result = run_kg(
        "build",
        str(path),
        "-o",
        str(tmp_path / "out"),
        "--formats",
        "ttl",
        "-q",
        *(["--skip-invalid"] if skip else []),
    )
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "Bad title" in text and "Fine" in text


# 8. API arguments -------------------------------------------------------------------------------


def test_api_takes_one_path_as_a_string_or_a_path(tmp_path):
    path = write_jsonl(
        tmp_path / "one.jsonl", {"title": "FooNet", "abstract": "We propose FooNet."}
    )
    assert len(kg.build(str(path), entity_model="none").papers) == 1
    assert len(kg.build(Path(path), entity_model="none", formats="ttl").papers) == 1
    assert [p.title for p in kg.read(path)] == ["FooNet"]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: kg.build([]), "no inputs given"),
        (lambda: kg.build(42), "path or a list of paths"),
        (lambda: kg.build([3.5]), "must be a path"),
        (lambda: kg.build(None, processes=-3), "processes"),
        (lambda: kg.build(None, batch_size=0), "batch_size"),
        (lambda: kg.build(None, formats="ttl,pdf"), "unknown output format 'pdf'"),
        (lambda: kg.Settings(processes="2"), "processes"),
        (lambda: kg.build(None, formats=None), "setting formats .* not None"),
        (lambda: kg.build(None, formats=["ttl", 3]), "setting formats"),
        (lambda: kg.build(None, out=123), "out must be a folder path"),
        (lambda: kg.build(None, out=""), "out must be a folder path"),
        (lambda: kg.build(None, cache_dir=123), "setting cache_dir"),
        (lambda: kg.build(None, cache_dir=""), "setting cache_dir"),
        (lambda: kg.build(None, settings="x"), "settings must be a kg.Settings, not str"),
        (lambda: kg.build(None, skip_invalid="no"), "setting skip_invalid must be True or False"),
        (lambda: kg.build(None, evidence=1), "setting evidence must be True or False"),
        (lambda: kg.build(None, cache=None), "setting cache must be True or False"),
        (lambda: kg.build(None, lexicon=7), "setting lexicon"),
        (lambda: kg.build(None, cluster=4), "setting cluster"),
        (lambda: kg.build(None, report={}), "report must be a kg.BuildReport"),
        (lambda: kg.build(None, progress=True), "progress must be a function"),
        (lambda: kg.load(None), "path must be an output folder or RDF file, not None"),
        (lambda: kg.load(""), "path must be an output folder or RDF file"),
        (lambda: kg.sparql(_one_paper_graph(), 123), "the query must be a string, not int"),
        (lambda: kg.sparql(_one_paper_graph(), b"ASK {}"), "the query must be a string, not bytes"),
        (
            lambda: kg.sparql(_one_paper_graph(), "ASK {}", timeout=-1),
            "timeout must be a number of seconds",
        ),
        (
            lambda: kg.sparql(_one_paper_graph(), "ASK {}", timeout=0),
            "timeout must be a number of seconds",
        ),
        (
            lambda: kg.sparql(_one_paper_graph(), "ASK {}", timeout="5"),
            "timeout must be a number of seconds",
        ),
        (lambda: kg.sparql(_one_paper_graph(), "ASK {}", allow_service="yes"), "allow_service"),
    ],
)
def test_api_arguments_are_checked_with_clear_errors(call, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where a wrongly accepted out="" would write
    with pytest.raises(KgError, match=message):
        call()


def _one_paper_graph() -> KnowledgeGraph:
    return graph_of("FooNet", "We propose FooNet.")


def test_an_empty_out_writes_nothing_into_the_current_folder(tmp_path, monkeypatch):
    path = write_jsonl(tmp_path / "one.jsonl", GOOD_RECORD)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    with pytest.raises(KgError, match="out must be a folder path"):
        kg.build(path, out="", entity_model="none")
    assert list(here.iterdir()) == []
    assert kg.sparql(_one_paper_graph(), "ASK {}", timeout=5) == [{"result": True}]


def test_formats_may_be_given_as_text():
    assert kg.Settings(formats="ttl").formats == ("ttl",)
    assert kg.Settings(formats="ttl, nt").formats == ("ttl", "nt")


# 9. the lower ones --------------------------------------------------------------------------------


def test_noncharacters_and_controls_never_reach_the_outputs(tmp_path):
    graph = graph_of(
        "Uffff\uffff net\x07work\x85", "Text with \x00 and \x9b in it.", authors=["A\x01B"]
    )
    buffer = io.BytesIO()
    nx.write_graphml(to_graphml_graph(graph), buffer)
    nx.read_graphml(io.BytesIO(buffer.getvalue()))
    out = io.StringIO()
    write_ntriples(graph, out)
    assert not any(
        (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F or c == "\uffff"
        for c in out.getvalue()
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-02-30", None),
        ("2020-13-45", None),
        ("2024-02-29", "2024-02-29"),
        ("2023-02-29", None),
        ("Feb 30, 2024", None),
        ("Feb 29", "--02-29"),
        ("Sep 31", None),
        ("2020-07", "2020-07"),
        ("2020-00", None),
    ],
)
def test_impossible_dates_are_dropped(text, expected):
    assert parse_date(text) == expected


def test_wrongly_typed_cache_entries_are_misses(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", {"title": "FooNet", "abstract": "We propose FooNet."})
    cache = tmp_path / "cache"
    args = ("build", str(path), "-o", str(tmp_path / "out"), "--cache-dir", str(cache), "-q")
    assert run_kg(*args).returncode == 0
    import zlib

    with sqlite3.connect(cache / CACHE_FILE) as db:
        bad = zlib.compress(json.dumps([[["0", 6, "FooNet", "method", "rule", 0.9]], []]).encode())
        db.execute("UPDATE extraction SET data = ?", (bad,))
    result = run_kg(*args[:-1])
    assert result.returncode == 0, result.stderr
    assert "0 papers from the cache, 1 extracted" in result.stdout


def test_cache_clear_on_a_file_is_a_one_line_error(tmp_path):
    file = tmp_path / "file"
    file.write_text("x")
    for extra in (["--clear"], []):
        result = run_kg("cache", "--cache-dir", str(file), *extra)
        assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
        assert "not a folder" in result.stderr


def test_unwritable_output_is_found_before_extraction(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", {"title": "FooNet", "abstract": "We propose FooNet."})
    # the model does not exist: an error about it would mean extraction had started
    result = run_kg("build", str(path), "-o", "/proc/kg-out", "--model", "no_such_model")
    assert result.returncode == 2
    assert "/proc/kg-out: cannot write the outputs here" in result.stderr


INTERRUPTED_WRITE = """
import sys
import kg
from kg.registry import exporter

@exporter("interrupted", order=99, help="a format whose writer is interrupted")
def write(graph, folder, settings):
    (folder / "graph.interrupted").write_text("half", encoding="utf-8")
    raise KeyboardInterrupt  # Ctrl-C halfway through the outputs

try:
    kg.write_outputs(
        kg.load(sys.argv[1]), sys.argv[2], kg.Settings(formats=("ttl", "interrupted", "html"))
    )
except KeyboardInterrupt:
    sys.exit(130)
"""


def test_an_interrupted_write_keeps_the_previous_outputs_and_leftovers_go(tmp_path):
    graph = graph_of("FooNet", "We propose FooNet.")
    out = tmp_path / "out"
    kg.write_outputs(graph, out, kg.Settings(formats=("ttl", "html")))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    newer = tmp_path / "newer"
    kg.write_outputs(graph_of("BarNet", "We propose BarNet."), newer, kg.Settings(formats=("ttl",)))
    # a format of its own, registered in a process of its own: this one's registry stays
    interrupted = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_WRITE, str(newer / "graph.ttl"), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert interrupted.returncode == 130, interrupted.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing new, no temp
    (out / ".kg-staging-a1b2c3d4").mkdir()  # named and marked as kg's staging folders are
    (out / ".kg-staging-a1b2c3d4" / ".kg-staging").touch()
    (out / ".graph.ttl.ab_c1234.tmp").write_text("half")
    (out / ".papers.csv.abc12345.tmp").write_text("half")  # any format's, not only graph.*
    # look-alikes kg never makes: the user's, kept
    (out / ".kg-staging-notes").mkdir()
    (out / ".kg-staging-notes" / "a.txt").write_text("mine")
    (out / ".kg-staging-e5f6g7h8").mkdir()  # no mark
    (out / ".report.html.old.tmp").write_text("mine")
    kg.write_outputs(graph, out, kg.Settings(formats=("ttl",), clean=True))
    # the earlier graph.html gone too (clean); kg's manifest stays
    assert sorted(p.name for p in out.iterdir()) == [
        ".kg-manifest.json",
        ".kg-staging-e5f6g7h8",
        ".kg-staging-notes",
        ".report.html.old.tmp",
        "graph.ttl",
    ]
    assert (out / ".kg-staging-notes" / "a.txt").read_text() == "mine"


_MANY_MANIFEST_NAMES = """
import json, sys
from pathlib import Path
from kg.api import _remove_leftovers

out = Path(sys.argv[1])
names = {f"f{i}": {"size": 1, "sha256": "0"} for i in range(100000)}  # 3.8 MB
(out / ".kg-manifest.json").write_text(json.dumps({"version": 1, "files": names}))
(out / ".f77.abcd1234.tmp").write_text("half")  # a listed output's leftover
(out / ".f0.notes.tmp").write_text("mine")
_remove_leftovers(out)
print(sorted(p.name for p in out.iterdir()))
"""


def test_a_manifest_of_many_names_costs_one_look_at_the_folder(tmp_path):
    # each name the manifest listed compiled a pattern and searched the folder: these
    # 100,000 names took 15 s, twice in each export; now under a second
    done = subprocess.run(
        [sys.executable, "-c", _MANY_MANIFEST_NAMES, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=10,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "['.f0.notes.tmp', '.kg-manifest.json']"


def test_a_manifest_larger_than_kg_writes_is_not_kgs(tmp_path):
    from kg.manifest import Manifest

    names = {f"f{i}": {"size": 1, "sha256": "0"} for i in range(150_000)}  # 5.7 MB
    (tmp_path / ".kg-manifest.json").write_text(json.dumps({"version": 1, "files": names}))
    assert Manifest(tmp_path).foreign


def test_controls_in_a_graph_edited_by_hand_become_spaces_as_in_read_text(tmp_path):
    # a NUL or an escape sequence put in a graph's text reached the tables, the report (its
    # charts no longer XML) and the Turtle as they stood; kg's own texts never hold one
    graph = graph_of("Quillnet", "We propose Quillnet for glyphs.")
    out = tmp_path / "out"
    kg.write_outputs(graph, out, kg.Settings(formats=("nt",)))
    triples = (out / "graph.nt").read_text("utf-8")
    # the same length: the title's mention keeps its offsets
    edited = triples.replace('"Quillnet"', '"Qu\\u0000l\\u001Bn\\u007Ft"')
    assert edited != triples
    (out / "graph.nt").write_text(edited, "utf-8")
    loaded = kg.load(out / "graph.nt")
    (paper,) = loaded.papers.values()
    assert paper.title == "Qu l n t"
    assert {e.label for e in loaded.entities.values()} == {"Qu l n t"}
    kg.write_outputs(loaded, tmp_path / "again", kg.Settings(formats=("csv", "ttl")))
    for written in (tmp_path / "again").iterdir():
        if written.is_file():
            assert not re.search("[\\x00-\\x08\\x1b\\x7f]", written.read_text("utf-8")), written


def test_a_page_name_near_the_file_name_limit_is_written(tmp_path):
    # its temporary name, 14 characters longer, was past the 255-byte limit: "File name too
    # long" for a name the file system takes
    from kg.files import write_text_atomic

    for name in ("a" * 250 + ".html", "é" * 125 + ".html"):  # 255 bytes each
        assert write_text_atomic(tmp_path / name, "<p>x</p>").read_text() == "<p>x</p>"
    assert sorted(len(os.fsencode(p.name)) for p in tmp_path.iterdir()) == [255, 255]
    # a run killed while writing such a page leaves a temporary file a later run removes
    graph = graph_of("Quillnet", "We propose Quillnet for glyphs.")
    out = tmp_path / "out"
    kg.write_outputs(graph, out, kg.Settings(formats=("ttl",)))
    page = out / ("v" * 245 + ".html")
    kg.show_map(graph).save(page)
    leftover = out / f".{page.name[:241]}.abcd1234.tmp"
    leftover.write_text("half")
    kg.write_outputs(graph, out, kg.Settings(formats=("ttl",)))
    assert not leftover.exists() and page.exists()


def test_a_stale_format_cannot_shadow_a_new_build(tmp_path):
    source = write_jsonl(
        tmp_path / "a.jsonl", {"title": "FooNet", "abstract": "We propose FooNet."}
    )
    out = tmp_path / "out"
    assert run_kg("build", str(source), "-o", str(out), "--formats", "ttl,nt", "-q").returncode == 0
    write_jsonl(source, {"title": "BarNet", "abstract": "We propose BarNet."})
    assert run_kg("build", str(source), "-o", str(out), "--formats", "ttl", "-q").returncode == 0
    assert not (out / "graph.nt").exists()
    result = run_kg(
        "query",
        str(out),
        "--result-format",
        "csv",
        "SELECT ?t { ?p <http://purl.org/dc/terms/title> ?t }",
    )
    assert result.returncode == 0 and result.stdout.split() == ["t", "BarNet"]


def test_query_options_may_stand_before_the_query(sample_out):
    result = run_kg("query", str(sample_out), "--result-format", "csv", "ASK { ?s ?p ?o }")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "true"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_kg_serve_leaves_no_server_and_its_store_is_removed_later(
    sample_out, private_tmpdir
):
    # the servers' temporary stores go into this test's own TMPDIR, where no other kg
    # serve on the machine puts one
    _base, process = start_server(sample_out)
    servers = _descendants(process.pid)
    assert len(servers) >= 2  # the workers' zygote and its workers
    stores = set(private_tmpdir.glob("kg-store-*"))
    assert len(stores) == 1
    process.kill()
    process.wait()
    wait_until(
        lambda: not any(_running(pid) for pid in servers),
        timeout=60,
        what="the killed server's zygote and workers to end",
    )
    assert all(s.exists() for s in stores)  # a SIGKILLed process cannot clean up ...
    _base, process = start_server(sample_out)
    stop_server(process)
    assert not any(s.exists() for s in stores)  # ... the next kg serve does
    assert not list(private_tmpdir.glob("kg-store-*"))  # and its own is gone too


def _descendants(pid: int) -> list[int]:
    found, stack = [], _children(pid)
    while stack:
        child = stack.pop()
        found.append(child)
        stack.extend(_children(child))
    return found


def _running(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_kg_serve_on_a_busy_port_fails_before_announcing(sample_out):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = run_kg("serve", str(sample_out), "--port", str(busy.getsockname()[1]))
    assert result.returncode == 2
    assert "SPARQL endpoint" not in result.stdout
    assert "cannot listen" in result.stderr


def test_stray_metadata_lines_in_a_dump_never_become_papers(tmp_path):
    dump = tmp_path / "odd.txt"
    dump.write_text(
        "Daily Papers\n\nFirst Title\n• 4 authors\n·\nDec 5, 2018\n\n"
        "Second Title\nThe second abstract is here.\n• 3 authors\n\n"
        "• 2 authors\n·\nThird Title\nThe third abstract.\n",
        encoding="utf-8",
    )
    problems = []
    papers = list(read_file(str(dump), on_invalid=problems.append))
    assert [p.title for p in papers] == ["Second Title", "Third Title"]
    assert len(problems) == 1 and "First Title" in str(problems[0])
    assert not any("author" in p.title.lower() or p.title == "·" for p in papers)


def test_hf_fixtures_still_read_the_same():
    """The stray-metadata rules above leave the real pages' layouts as they were read."""
    read = {
        name: [(p.title, p.date, p.author_count) for p in read_file(str(FIXTURES / name))]
        for name in ("compact.txt", "metadata.txt", "pages.txt")
    }
    assert read == {
        "compact.txt": [
            ("SparseFlow: Pruning Normalising Flows at Initialisation", None, None),
            ("Graph Transformers Without Positional Encodings", None, None),
        ],
        "metadata.txt": [
            ("Learning to Schedule Data Centre Jobs", "2018-12-05", 4),
            ("Momentum Without Tears", "2020-06-15", None),
            ("A Year-less Entry", "--09-09", 1),
            ("An Entry Without Metadata", None, None),
        ],
        "pages.txt": [
            ("Tiny Recurrent Models Forecast Weather", None, None),
            ("What's in a Name? Naming Conventions of Deep Learning Models", None, None),
        ],
    }


def test_undecodable_bytes_fail_one_record_and_can_be_skipped(tmp_path):
    path = tmp_path / "bytes.jsonl"
    path.write_bytes(
        b'{"title": "Good", "abstract": "We propose GoodNet."}\n'
        b'{"title": "Bad \xff\xfe", "abstract": "We propose BadNet."}\n'
    )
    problems = []
    assert [p.title for p in read_file(str(path), on_invalid=problems.append)] == ["Good"]
    assert [str(p) for p in problems] == [f"{path}:2: title is not valid UTF-8 (byte 0xFF)"]
    with pytest.raises(InputError, match=":2: title is not valid UTF-8"):
        list(read_file(str(path)))


# 10. bounded input: nesting, record size, gzip by content ------------------------------------

GOOD_RECORD = {"title": "GoodNet", "abstract": "We propose GoodNet."}
DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("skip", [False, True])
def test_deeply_nested_json_lines_are_one_line_input_errors(tmp_path, skip):
    path = tmp_path / "deep.jsonl"
    path.write_text(
        f'{{"title": "Deep", "abstract": {DEEP}}}\n{json.dumps(GOOD_RECORD)}\n'
        f'{{"title": "Less deep", "abstract": "x", "extra": {"[" * 500 + "]" * 500}}}\n',
        encoding="utf-8",
    )
    result = run_kg(
        "build",
        str(path),
        "-o",
        str(tmp_path / "out"),
        "--formats",
        "ttl",
        "-q",
        "--entity-model",
        "none",
        *(["--skip-invalid"] if skip else []),
    )
    if skip:
        assert result.returncode == 0, result.stderr
        assert result.stderr.splitlines() == [
            f"kg: warning: skipped {path}:{n}: JSON nested more than 100 levels deep"
            for n in (1, 3)
        ]
    else:
        assert result.returncode == 3
        assert result.stderr == f"kg: error: {path}:1: JSON nested more than 100 levels deep\n"


def test_a_deeply_nested_json_document_is_a_one_line_input_error(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text(f'[\n{json.dumps(GOOD_RECORD)},\n{{"a":\n{DEEP}}}]', encoding="utf-8")
    for skip in ([], ["--skip-invalid"]):
        result = run_kg("build", str(path), "-o", str(tmp_path / "out"), "-q", *skip)
        assert result.returncode == 3
        assert result.stderr == f"kg: error: {path}:4: JSON nested more than 100 levels deep\n"


def _gzip_with_a_long_line(path: Path, line_bytes: int) -> Path:
    """A gzip file whose first JSON line is ``line_bytes`` long (blanks: it compresses to
    almost nothing), then a good record."""
    with gzip.open(path, "wb") as out:
        out.write(b'{"title": "Long", "abstract": "')
        block = b" " * (1 << 20)
        for _ in range(line_bytes >> 20):
            out.write(block)
        out.write(b'"}\n' + json.dumps(GOOD_RECORD).encode() + b"\n")
    return path


_MEASURE_READ = """
import json, resource, sys
from kg.readers import read_file
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
problems = []
try:
    titles = [p.title for p in read_file(sys.argv[1], on_invalid=problems.append if sys.argv[2] else None)]
except Exception as err:
    titles, problems = [], [err]
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps([titles, [str(p) for p in problems], grown // 1024]))
"""


@pytest.mark.parametrize("skip", ["", "skip"])
def test_an_over_long_gzipped_line_is_refused_before_it_is_held(tmp_path, skip):
    line_mb = 64
    path = _gzip_with_a_long_line(tmp_path / "long.jsonl.gz", line_mb << 20)
    assert path.stat().st_size < 1 << 20
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE_READ, str(path), skip],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    titles, problems, grown_mb = json.loads(result.stdout)
    assert problems == [
        f"{path}:1: line longer than 8,388,608 characters (the most one record may take)"
    ]
    assert titles == (["GoodNet"] if skip else [])
    assert grown_mb < line_mb // 2, f"reading grew the process by {grown_mb} MB"


def test_over_long_lines_of_csv_and_text_are_refused_and_skippable(tmp_path):
    from kg.readers.common import MAX_RECORD_CHARS

    long = "x" * (MAX_RECORD_CHARS + 10)
    csv_path = tmp_path / "p.csv"
    csv_path.write_text(
        f"title,abstract\n{long},y\nGoodNet,We propose GoodNet.\n", encoding="utf-8"
    )
    text_path = tmp_path / "p.txt"
    text_path.write_text(f"Daily Papers\nGoodNet\nWe propose GoodNet.\n{long}\n", encoding="utf-8")
    for path, line in ((csv_path, 2), (text_path, 4)):
        with pytest.raises(InputError, match=f"{path.name}:{line}: line longer than"):
            list(read_file(str(path)))
        problems = []
        assert [p.title for p in read_file(str(path), on_invalid=problems.append)] == ["GoodNet"]
        assert f"{path}:{line}: line longer than" in str(problems[0])


def test_an_atom_entry_larger_than_a_record_is_refused(tmp_path):
    from kg.readers.common import MAX_RECORD_CHARS

    path = tmp_path / "feed.xml"
    path.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title><summary>'
        + "x" * (MAX_RECORD_CHARS + 10)
        + "</summary></entry></feed>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"feed.xml:1: entry longer than"):
        list(read_file(str(path)))


@pytest.mark.parametrize("name", ["papers.jsonl", "papers.txt", "papers", "papers.csv"])
def test_gzip_data_is_recognised_by_its_bytes_whatever_its_name(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(gzip.compress((json.dumps(GOOD_RECORD) + "\n").encode()))
    assert [p.title for p in read_file(str(path))] == ["GoodNet"]


def test_damaged_gzip_data_is_a_one_line_input_error(tmp_path):
    data = bytearray(gzip.compress((json.dumps(GOOD_RECORD) + "\n").encode() * 50))
    data[10:11] = b"\xff"  # the first deflate block: zlib.error, not an OSError
    path = tmp_path / "damaged.jsonl.gz"
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"damaged.jsonl.gz: cannot read"):
        list(read_file(str(path)))


# 11. byte order marks, lexicon bounds ------------------------------------------------------------


def test_a_lexicon_saved_with_a_byte_order_mark_reads(tmp_path):
    from kg.extract.lexicon import load_lexicon

    path = tmp_path / "names.tsv"
    path.write_text("method\tZorbNet\tZN\ndataset\tQuuxBench\n", encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    mine = load_lexicon((str(path),))[-2:]
    assert [(e.type, e.name, e.aliases) for e in mine] == [
        ("method", "ZorbNet", ("ZN",)),
        ("dataset", "QuuxBench", ()),
    ]


def test_every_text_input_may_start_with_a_byte_order_mark(tmp_path):
    from kg.evaluate import read_gold
    from kg.train.scierc import read_scierc

    bom = "\ufeff"
    gold = tmp_path / "gold.jsonl"
    gold.write_text(bom + json.dumps({"title": "T", "method": ["X"]}) + "\n", encoding="utf-8")
    assert [r["title"] for r in read_gold(gold)] == ["T"]
    scierc = tmp_path / "train.json"
    scierc.write_text(
        bom
        + json.dumps(
            {"doc_key": "d", "sentences": [["We", "use", "X", "."]], "ner": [[[2, 2, "Method"]]]}
        )
        + "\n",
        encoding="utf-8",
    )
    assert [doc.text for doc in read_scierc(scierc)] == ["We use X."]
    for name, content in (
        ("p.jsonl", json.dumps(GOOD_RECORD) + "\n"),
        ("p.csv", "title,abstract\nGoodNet,We propose GoodNet.\n"),
        ("p.txt", "GoodNet\nWe propose GoodNet.\n"),
    ):
        (tmp_path / name).write_text(bom + content, encoding="utf-8")
        assert [p.title for p in read_file(str(tmp_path / name))] == ["GoodNet"]


def test_lexicons_of_more_names_than_kg_matches_are_a_one_line_error(tmp_path):
    from kg.text.lexicon import MAX_LEXICON_NAMES

    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    half = MAX_LEXICON_NAMES // 2
    first.write_text("".join(f"method\tQuill{i}\n" for i in range(half)), encoding="utf-8")
    # the aliases count too: the second file takes the lexicons over the limit
    second.write_text("method\tZarn\tZ1|Z2\n" * (half - 1), encoding="utf-8")
    command = ["build", "-o", str(tmp_path / "out"), "--entity-model", "none", "--no-cache"]
    result = run_kg(*command, "--lexicon", str(first), "--lexicon", str(second))
    assert result.returncode == 3 and not (tmp_path / "out").exists()
    assert result.stderr == (
        f"kg: error: {second}: the lexicons given hold more than {MAX_LEXICON_NAMES:,} names "
        "and aliases, the most kg matches: keep the names your corpus needs\n"
    )


def test_a_name_many_lexicon_entries_share_is_matched_once_for_the_last(tmp_path):
    """Thousands of entries that share an alias ("the") made every "the" of a text
    thousands of matches (2,000 entries, a 2 kB abstract: 32 s); a shared name is matched
    for one entry, the last, so a user's lexicon retypes a name the packaged one has."""
    import spacy

    from kg.extract.lexicon import lexicon_matchers

    lexicon = tmp_path / "names.tsv"
    lexicon.write_text(
        "".join(f"method\tQuill{i}\twe|the|and\n" for i in range(500)) + "method\tImageNet\n",
        encoding="utf-8",
    )
    nlp = spacy.blank("en")
    exact, _folded, types = lexicon_matchers(nlp, (str(lexicon),))
    doc = nlp.make_doc("We test the nets and the ImageNet data. " * 3)
    matches = [(doc.vocab.strings[key], doc[start:end].text) for key, start, end in exact(doc)]
    shared = [key for key, text in matches if text in ("the", "and")]
    assert len(shared) == 3 * 3 and set(shared) == {"method:Quill499"}
    (imagenet,) = {key for key, text in matches if text == "ImageNet"}
    assert types[imagenet] == "method"  # the packaged lexicon's dataset, retyped by the user's


@pytest.mark.parametrize("line", ["method\t" + "N" * 1_000_000, "method\tShort\tok|" + "a" * 201])
def test_an_over_long_lexicon_name_is_a_one_line_error(tmp_path, line):
    lexicon = tmp_path / "names.tsv"
    lexicon.write_text("dataset\tQuuxBench\n" + line + "\n", encoding="utf-8")
    result = run_kg(
        "build",
        "--lexicon",
        str(lexicon),
        "-o",
        str(tmp_path / "out"),
        "--entity-model",
        "none",
        "--no-cache",
    )
    assert result.returncode == 3
    assert result.stderr == (
        f"kg: error: {lexicon}:2: a name or alias longer than 200 characters\n"
    )


# 12. free text extraction -------------------------------------------------------------------------


def test_extraction_time_grows_with_the_text_not_its_square():
    """Each sentence re-read the whole text (a relation check, the parse of proposal
    sentences, spans gathered by sentence): 100 KB took 53 s, 200 KB over 120 s. Counted in
    work, not seconds: the spans one sentence's proposal rules read."""
    from kg.extract import proposed

    calls = []
    real = proposed.ProposedNames._sentence

    def counting(self, sentence, spans, regions):
        calls.append(len(spans))
        return real(self, sentence, spans, regions)

    for sentences in (50, 400):
        calls.clear()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(proposed.ProposedNames, "_sentence", counting)
            kg.extract_mentions("We propose FooNet on ImageNet. " * sentences)
        assert len(calls) == sentences and max(calls) <= 3  # its own spans, not all of them


def test_extract_refuses_text_past_the_limit_in_one_line(tmp_path):
    from kg.settings import MAX_TEXT_CHARS

    text = "We propose FooNet. " * (MAX_TEXT_CHARS // 19 + 1)
    assert len(text) > MAX_TEXT_CHARS
    result = run_kg("extract", "-", "--entity-model", "none", stdin=text)
    assert result.returncode == 2
    assert result.stderr == (
        "kg: error: text longer than the 200,000 characters kg extract takes; extract it in parts\n"
    )
    with pytest.raises(KgError, match="longer than the 200,000 characters"):
        kg.extract_mentions(text, entity_model="none")
    assert [m.text for m in kg.extract_mentions("We propose FooNet.", entity_model="none")] == [
        "FooNet"
    ]


@pytest.mark.parametrize("text", [None, 42, b"We propose FooNet."])
def test_extract_wants_a_string(text):
    with pytest.raises(KgError, match=f"text must be a string, not {type(text).__name__}"):
        kg.extract_mentions(text)


def test_an_escape_sequence_in_an_input_file_name_does_not_reach_stderr(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a\x1b]0;PWNED\x07\x1b[2Jb.jsonl").write_text(
        '{"title": "T", "abstract": 5}\n', encoding="utf-8"
    )
    result = run_kg("build", str(inputs), "-o", str(tmp_path / "out"))
    assert result.returncode != 0
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "a?]0;PWNED??[2Jb.jsonl" in result.stderr
    stray = run_kg("view", str(tmp_path), "y", "\x1b]0;PWNED\x07")  # a glob's stray name
    assert stray.returncode == 2 and "\x1b" not in stray.stderr and "PWNED" in stray.stderr
    # with standard error closed, errors still end in their exit status, not a crash
    closed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from kg.cli import main; raise SystemExit(main(['view', '/no/such']))",
        ],
        stderr=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.close(2),
    )
    assert closed.returncode == 3 and closed.stdout == ""  # not into the data on stdout
    forged = run_kg("view", str(tmp_path), "y", "a\nkg: error: forged")
    assert forged.returncode == 2 and forged.stderr.count("\n") == 2  # usage and one error line


def test_a_failed_build_or_export_leaves_no_folder_it_made(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "T", "abstract": 5}\n', encoding="utf-8")
    result = run_kg("build", str(bad), "-o", str(tmp_path / "new" / "out"))
    assert result.returncode == 3 and not (tmp_path / "new").exists()
    graph = tmp_path / "bad.ttl"
    graph.write_text("<x", encoding="utf-8")
    result = run_kg("export", str(graph), "--formats", "csv", "-o", str(tmp_path / "made"))
    assert result.returncode == 3 and not (tmp_path / "made").exists()
    # a folder that was there stays, and so does what is in it
    there = tmp_path / "there"
    there.mkdir()
    assert run_kg("build", str(bad), "-o", str(there)).returncode == 3 and there.is_dir()


def test_extract_refuses_a_lone_surrogate_with_a_one_line_error():
    with pytest.raises(KgError, match=r"lone surrogate \(U\+D800\) at character 11"):
        kg.extract_mentions("We propose \ud800Net.", entity_model="none")


# 13. worker counts ---------------------------------------------------------------------------------


def test_more_processes_than_cores_are_capped_with_a_warning():
    from kg.settings import cpu_cores

    settings = kg.Settings(processes=1000)
    with pytest.warns(
        UserWarning,
        match=rf"setting processes \(--processes\) asks for 1000 "
        f"extraction processes, but this machine has {cpu_cores()} "
        f"CPU cores: using {cpu_cores()}",
    ):
        assert settings.workers(settings.worker_lookahead()) == cpu_cores()


def test_a_small_build_starts_no_more_workers_than_it_has_batches(tmp_path):
    """A build of 3 papers (one batch) asked for more processes than there are cores warns
    on one line and forks no worker at all."""
    from kg.settings import cpu_cores

    path = write_jsonl(
        tmp_path / "p.jsonl",
        *({"title": f"Net{i}", "abstract": f"We propose Net{i}."} for i in range(3)),
    )
    watch_forks = (
        "import sys\n"
        "sys.addaudithook(lambda event, args: event == 'os.fork' and "
        "print('forked', file=sys.stderr, flush=True))\n"
        "from kg.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    asked = cpu_cores() + 1
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            watch_forks,
            "build",
            str(path),
            "-o",
            str(tmp_path / "o"),
            "--processes",
            str(asked),
            "--entity-model",
            "none",
            "--no-cache",
            "-q",
            "--formats",
            "ttl",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        (
            f"kg: warning: setting processes (--processes) asks for {asked} extraction processes, "
            f"but this machine has {cpu_cores()} CPU cores: using {cpu_cores()}"
        )
    ]


# 14. loading graphs ----------------------------------------------------------------------------------


def _huge_literal_turtle(path: Path) -> Path:
    """Turtle with one literal past pyoxigraph's 16 MiB token buffer (its MemoryError)."""
    with path.open("wb") as out:
        out.write(b'<http://example.org/a> <http://example.org/b> "')
        block = b"x" * (1 << 20)
        for _ in range(17):
            out.write(block)
        out.write(b'" .\n')
    return path


def test_a_graph_too_large_to_parse_is_a_one_line_error_naming_the_file(tmp_path):
    path = _huge_literal_turtle(tmp_path / "huge.ttl")
    with pytest.raises(KgError, match=rf"^{path}: cannot parse RDF \(too large to parse: "):
        kg.load(path)
    for command in (["communities"], ["centrality"], ["query", "ASK {}"]):
        result = run_kg(command[0], str(path), *command[1:])
        assert result.returncode == 3, result.stderr
        (error,) = messages(result.stderr)  # one line, after centrality's "reading" line
        assert error.startswith(f"kg: error: {path}: cannot parse RDF (too large to parse")


def test_a_graph_with_a_malformed_number_is_a_one_line_error(tmp_path):
    from kg.rdf.terms import KG, RES

    path = tmp_path / "bad.ttl"
    path.write_text(
        f'<{RES}method/x> a <{KG}Method> ; <{KG}paperCount> "many" .\n', encoding="utf-8"
    )
    with pytest.raises(
        KgError,
        match=rf"^{path}: not a graph kg can read \(kg:paperCount 'many' is "
        "not a number\\)",
    ):
        kg.load(path)


@pytest.mark.parametrize(
    "triples, problem",
    [
        ('<{RES}method/x> a <{KG}Method> ; <{KG}paperCount> "-5" .', "kg:paperCount '-5' is out"),
        (
            '<{RES}method/x> a <{KG}Method> ; <{KG}specificity> "NaN" .',
            "kg:specificity 'NaN' is out",
        ),
        (
            '<{RES}method/x> a <{KG}Method> ; <{KG}mentionCount> "1e999" .',
            "'1e999' is not a number",
        ),
        (
            '<{RES}method/x> a <{KG}Method> ; <{KG}paperCount> "' + "9" * 4000 + '" .',
            "kg:paperCount '99999",
        ),
        ("<{RES}method/x> a <{KG}Paper> .", "is a kg:Paper that is not a paper's node"),
        # a mention in a field papers have not ("kg view" failed on it: KeyError)
        (
            (
                "<{RES}paper/p> a <{KG}Paper> . <{RES}method/x> a <{KG}Method> . "
                "<{RES}mention/m> a <{KG}Mention> ; <{KG}inPaper> <{RES}paper/p> ; "
                '<{KG}denotes> <{RES}method/x> ; <{KG}inField> "bogus" .'
            ),
            "kg:inField 'bogus' is no field",
        ),
        # a date no RDF tool reads was written out as an xsd:date
        (
            (
                '<{RES}paper/p> a <{KG}Paper> ; <http://purl.org/dc/terms/date> "2019-13-45"'
                "^^<http://www.w3.org/2001/XMLSchema#date> ."
            ),
            "dcterms:date '2019-13-45' is no date",
        ),
        # a time of day, read as its day, was written back as a date the shapes refuse
        (
            (
                "<{RES}paper/p> a <{KG}Paper> ; <http://purl.org/dc/terms/date> "
                '"2016-01-27T23:59:59-14:00"^^<http://www.w3.org/2001/XMLSchema#dateTime> .'
            ),
            (
                "dcterms:date '2016-01-27T23:59:59-14:00' is typed "
                "<http://www.w3.org/2001/XMLSchema#dateTime>, not xsd:date"
            ),
        ),
        ("<{RES}paper/p> a <{KG}Paper>, <{KG}Method> .", "is a kg:Paper that is not a paper's"),
        # a key that would be a node id in GraphML: control characters made it malformed XML
        (
            '<{RES}metric/x> a <{KG}Metric> ; <{KG}key> "acc\\u0001\\uFFFFuracy" .',
            "is not a key kg writes",
        ),
        # an entity keyed as a paper became that paper's node in every view
        (
            '<{RES}paper/p7> a <{KG}Paper> . <{RES}metric/x> a <{KG}Metric> ; <{KG}key> "p7" .',
            "two nodes have the key 'p7'",
        ),
        # values the shapes refuse were read and written back by kg export
        (
            '<{RES}paper/p> a <{KG}Paper> ; <{KG}dateOrigin> "guessed" .',
            "kg:dateOrigin 'guessed' is not one of stated, arxiv-id",
        ),
        (
            (
                "<{RES}paper/p> a <{KG}Paper> . <{RES}method/x> a <{KG}Method> . "
                "<{RES}mention/m> a <{KG}Mention> ; <{KG}inPaper> <{RES}paper/p> ; "
                '<{KG}denotes> <{RES}method/x> ; <{KG}inField> "abstract" ; '
                '<{KG}startChar> 0 ; <{KG}endChar> 1 ; <{KG}mentionType> "gadget" .'
            ),
            "kg:mentionType 'gadget' is not one of method",
        ),
    ],
)
def test_a_graph_with_a_count_out_of_range_or_a_node_of_two_kinds_is_one_line(
    tmp_path, triples, problem
):
    from kg.rdf.terms import KG, RES

    path = tmp_path / "bad.ttl"
    path.write_text(triples.format(RES=RES, KG=KG) + "\n", encoding="utf-8")
    with pytest.raises(
        KgError, match=rf"^{path}: not a graph kg can read \(.*{re.escape(problem)}"
    ):
        kg.load(path)
    for command in (["centrality"], ["export", "-o", str(tmp_path / "out"), "--formats", "html"]):
        result = run_kg(command[0], str(path), *command[1:])
        assert result.returncode == 3, result.stderr
        assert messages(result.stderr)[-1].startswith(f"kg: error: {path}: not a graph kg")


def test_a_graph_relating_a_paper_as_an_entity_reads_without_it(tmp_path):
    """A paper as the object of a role or of a stated relation made the map, the report
    and centrality fail (KeyError); kg relates papers and entities to entities only."""
    from kg.rdf.terms import KG, RES

    path = tmp_path / "graph.ttl"
    path.write_text(
        f"<{RES}paper/p> a <{KG}Paper> ; <{KG}uses> <{RES}paper/q>, <{RES}method/x> .\n"
        f"<{RES}paper/q> a <{KG}Paper> .\n"
        f'<{RES}method/x> a <{KG}Method> ; <{KG}key> "method/x" ; '
        f"<{KG}comparedWith> <{RES}paper/p> .\n",
        encoding="utf-8",
    )
    graph = kg.load(path)
    assert [(r.subject, r.object) for r in graph.relations] == [("p", "method/x")]
    assert graph.entity_relations == []
    for command in (["centrality"], ["report", "-o", str(tmp_path / "report.html")]):
        result = run_kg(command[0], str(path), *command[1:])
        assert result.returncode == 0, result.stderr


def _rdf_xml(body: str, doctype: str = "") -> str:
    return (
        f'<?xml version="1.0"?>\n{doctype}<rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e.example/">'
        f"{body}</rdf:RDF>"
    )


@pytest.mark.parametrize(
    "text, problem",
    [
        # entities each ten of the one before: 700 bytes that expand to 100 MB
        (
            _rdf_xml(
                '<rdf:Description rdf:about="http://a"><e:v>&a6;</e:v></rdf:Description>',
                '<!DOCTYPE rdf:RDF [<!ENTITY a0 "'
                + "x" * 100
                + '">'
                + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 7))
                + "]>",
            ),
            "limit on input amplification",
        ),
        # deep nesting, which the RDF/XML parser reads in quadratic time
        (
            _rdf_xml("<rdf:Description><e:p>" * 1200 + "</e:p></rdf:Description>" * 1200),
            "XML nested more than 2000 levels deep",
        ),
    ],
)
def test_an_rdf_xml_graph_that_would_blow_up_when_parsed_is_one_line(tmp_path, text, problem):
    path = tmp_path / "graph.rdf"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KgError, match=rf"^{path}: cannot parse RDF \(.*{re.escape(problem)}"):
        kg.load(path)
    for command in (["query", str(path), "ASK {}"], ["validate", str(path)]):
        result = run_kg(*command)
        assert result.returncode == 3, result.stderr
        error = messages(result.stderr)[-1]
        assert error.startswith(f"kg: error: {path}: cannot parse RDF (") and problem in error
    # an RDF/XML graph with a namespace entity loads, and so does one of blank nodes
    # written inside one another, as rdflib's pretty-xml writes them, 40 deep
    path.write_text(
        _rdf_xml(
            '<rdf:Description rdf:about="&e;a"><e:p>b</e:p></rdf:Description>'
            '<rdf:Description rdf:about="&e;c">'
            + "<e:p><rdf:Description><e:q>d</e:q>" * 40
            + "</rdf:Description></e:p>" * 40
            + "</rdf:Description>",
            '<!DOCTYPE rdf:RDF [<!ENTITY e "http://e.example/">]>',
        ),
        encoding="utf-8",
    )
    with pytest.warns(UserWarning, match="no kg papers"):
        assert kg.load(path).papers == {}


@pytest.mark.parametrize("content", ["", '<http://example.org/a> <http://example.org/b> "c" .\n'])
def test_a_graph_without_kg_papers_loads_with_a_warning(tmp_path, content):
    path = tmp_path / "foreign.ttl"
    path.write_text(content, encoding="utf-8")
    with pytest.warns(UserWarning, match=rf"^{path}: no kg papers in this graph"):
        assert kg.load(path).papers == {}
    result = run_kg("centrality", str(path))
    assert result.returncode == 0, result.stderr
    assert messages(result.stderr)[0].startswith(f"kg: warning: {path}: no kg papers in this graph")


def test_a_graph_file_with_a_byte_order_mark_loads(sample_out, tmp_path):
    copy = tmp_path / "graph.ttl"
    copy.write_bytes(b"\xef\xbb\xbf" + (sample_out / "graph.ttl").read_bytes())
    assert len(kg.load(copy).papers) == len(kg.load(sample_out).papers) > 0
    from kg.rdf.terms import KG

    result = run_kg(
        "query",
        str(copy),
        f"SELECT (COUNT(*) AS ?n) {{ ?p a <{KG}Paper> }}",
        "--result-format",
        "csv",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == str(len(kg.load(copy).papers))


# 15. extraction cache: resuming, entries that do not fit -----------------------------------------


def _cached_entries(cache: Path) -> int:
    """Entries committed to the extraction cache in ``cache`` (read-only; 0 before any)."""
    path = cache / CACHE_FILE
    if not path.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)) as db:
            return db.execute("SELECT COUNT(*) FROM extraction").fetchone()[0]
    except sqlite3.Error:  # being created, or locked by a commit
        return 0


def _long_abstract(number: int) -> str:
    sentences = [
        f"We propose Net{number}x{k}, a model for task {k} of study {number}, and train it "
        f"on Bench{k} with an accuracy of {k}.{number} percent."
        for k in range(30)
    ]
    return " ".join(sentences)


def test_a_killed_build_resumes_from_what_it_finished(tmp_path):
    from kg.extract.cache import COMMIT_EVERY

    papers = [
        {"title": f"Net{i}: a study", "abstract": _long_abstract(i)}
        for i in range(COMMIT_EVERY - 6)
    ]  # fewer than one commit by count
    path = write_jsonl(tmp_path / "many.jsonl", *papers)
    cache = tmp_path / "cache"
    build = [
        sys.executable,
        "-m",
        "kg",
        "build",
        "-o",
        str(tmp_path / "out"),
        "--cache-dir",
        str(cache),
        "--entity-model",
        "none",
        "--formats",
        "ttl",
        "--no-progress",
    ]
    running = subprocess.Popen(
        [*build, str(path), "--processes", "1", "--batch-size", "2", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until(
            lambda: _cached_entries(cache) or running.poll() is not None,
            timeout=600,
            what="a first cache entry",
        )
    finally:
        running.kill()  # SIGKILL: no clean-up runs
        running.wait()
    assert running.returncode == -signal.SIGKILL, "the build ended before its cache held anything"
    cached = _cached_entries(cache)
    assert 0 < cached < len(papers)
    done = write_jsonl(tmp_path / "done.jsonl", *papers[:cached])  # what it finished, in order
    result = subprocess.run([*build, str(done)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"cache     {cached} papers from the cache, 0 extracted" in result.stdout


def test_cache_entries_that_do_not_fit_their_text_are_misses(tmp_path):
    from kg.extract.cache import encode

    wrong_spans = {  # one paper's cached mention each, none of "FooNet" where it says
        "FooNet A": (0, 6),  # "We pro" is at those offsets
        "FooNet B": (100, 106),  # past the end of the abstract
        "FooNet C": (17, 11),  # start after end
        "FooNet D": (-7, -1),  # negative
    }
    records = [{"title": title, "abstract": "We propose FooNet."} for title in wrong_spans]
    path = write_jsonl(tmp_path / "c.jsonl", *records)
    cache = tmp_path / "cache"
    args = (
        "build",
        str(path),
        "-o",
        str(tmp_path / "out"),
        "--cache-dir",
        str(cache),
        "--entity-model",
        "none",
        "--formats",
        "ttl",
    )
    assert run_kg(*args, "-q").returncode == 0
    with sqlite3.connect(cache / CACHE_FILE) as db:
        keys = [key for (key,) in db.execute("SELECT paper FROM extraction ORDER BY paper")]
        assert len(keys) == len(wrong_spans)
        for key, (start, end) in zip(keys, wrong_spans.values(), strict=True):
            wrong = Mention(
                start, end, "FooNet", "method", "rule", 0.9, sentence_start=0, sentence_end=18
            )
            data = encode(PaperExtraction(key, (wrong,)))
            db.execute("UPDATE extraction SET data = ? WHERE paper = ?", (data, key))
    result = run_kg(*args)
    assert result.returncode == 0, result.stderr
    assert "0 papers from the cache, 4 extracted" in result.stdout
    fresh = tmp_path / "fresh"
    assert run_kg(*args[:3], str(fresh), *args[6:], "--no-cache", "-q").returncode == 0
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (fresh / "graph.ttl").read_bytes()


# 16. output folders: kg overwrites and removes only its own files ------------------------------


def tiny_source(folder: Path, title: str = "FooNet") -> Path:
    return write_jsonl(
        folder / f"{title}.jsonl", {"title": title, "abstract": f"We propose {title}."}
    )


def assert_one_consistent_build(out: Path, names: set[str]) -> None:
    """``out`` holds exactly ``names`` and the manifest, which records each file as it is."""
    from kg.manifest import MANIFEST, Manifest

    on_disk = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert on_disk == names | {MANIFEST}, on_disk
    manifest = Manifest(out)
    assert set(manifest.files) == names
    assert all(manifest.on_disk(name) for name in names)
    assert all("previous" not in record for record in manifest.files.values())


def test_a_build_into_the_users_folder_keeps_the_users_files(tmp_path):
    (tmp_path / "papers.csv").write_text("title,abstract\nFooNet,We propose FooNet.\n")
    (tmp_path / "report.html").write_text("my report")
    (tmp_path / "neo4j").mkdir()
    (tmp_path / "neo4j" / "import.sh").write_text("my script")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = run_kg("build", "papers.csv", "-o", ".", "--no-progress", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert {p: p.read_bytes() for p in before} == before
    assert (tmp_path / "graph.ttl").is_file() and "removed" not in result.stdout


def test_a_users_file_named_as_kgs_manifest_is_refused_not_overwritten(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".kg-manifest.json").write_text("my notes, not JSON")
    result = run_kg("build", str(tiny_source(tmp_path)), "-o", str(out), "--formats", "ttl", "-q")
    assert result.returncode == 8 and result.stderr.count("\n") == 1, result.stderr
    assert "not a manifest kg wrote" in result.stderr
    assert (out / ".kg-manifest.json").read_text() == "my notes, not JSON"
    assert not (out / "graph.ttl").exists()
    (out / ".kg-manifest.json").write_text("[" * 100_000 + "]" * 100_000)  # past recursion
    result = run_kg("build", str(tiny_source(tmp_path)), "-o", str(out), "--formats", "ttl", "-q")
    assert result.returncode == 8 and "not a manifest kg wrote" in result.stderr, result.stderr
    (out / ".kg-manifest.json").write_text('{"files": "mine"}')  # JSON, but not kg's
    result = run_kg("build", str(tiny_source(tmp_path)), "-o", str(out), "--formats", "ttl", "-q")
    assert result.returncode == 8
    forced = run_kg(
        "build", str(tiny_source(tmp_path)), "-o", str(out), "--formats", "ttl", "-q", "--force"
    )
    assert forced.returncode == 0 and (out / "graph.ttl").is_file()


def test_an_empty_format_list_is_an_error_and_deletes_nothing(tmp_path):
    source, out = tiny_source(tmp_path), tmp_path / "out"
    assert (
        run_kg("build", str(source), "-o", str(out), "--formats", "ttl,nt,html", "-q").returncode
        == 0
    )
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = run_kg("build", str(source), "-o", str(out), "--formats", "")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "no output format given" in result.stderr
    for formats in ((), ""):
        with pytest.raises(KgError, match="no output format given"):
            kg.build(source, out, formats=formats)
    with pytest.raises(KgError, match="no output format given"):
        kg.write_outputs(graph_of("FooNet", "We propose FooNet."), out, kg.Settings(formats=()))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_graph_kg_did_not_write_is_refused_before_extraction_and_force_overwrites_it(tmp_path):
    source, out = tiny_source(tmp_path), tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# my own graph, or one of a kg that kept no manifest\n")
    # the model does not exist: an error about it would mean extraction had started
    result = run_kg(
        "build", str(source), "-o", str(out), "--formats", "ttl", "--model", "no_such_model"
    )
    assert result.returncode == 8 and result.stderr.count("\n") == 1
    assert f"{out / 'graph.ttl'}: not written by kg" in result.stderr and "--force" in result.stderr
    with pytest.raises(KgError, match=r"graph.ttl: not written by kg"):
        kg.build(source, out, formats="ttl", model="no_such_model")
    assert (out / "graph.ttl").read_text().startswith("# my own graph")
    result = run_kg("build", str(source), "-o", str(out), "--formats", "ttl", "--force", "-q")
    assert result.returncode == 0, result.stderr
    assert "FooNet" in (out / "graph.ttl").read_text()
    kg.build(source, out, formats="ttl", entity_model="none")  # kg's own now: no --force needed
    assert_one_consistent_build(out, {"graph.ttl"})


def test_a_manifest_naming_files_outside_its_folder_removes_none_of_them(tmp_path):
    import hashlib

    source, out = tiny_source(tmp_path), tmp_path / "out"
    assert run_kg("build", str(source), "-o", str(out), "--formats", "ttl", "-q").returncode == 0
    victim = tmp_path / "victim" / "keep.txt"
    victim.parent.mkdir()
    victim.write_text("precious\n", encoding="utf-8")
    record = {
        "size": victim.stat().st_size,
        "sha256": hashlib.sha256(victim.read_bytes()).hexdigest(),
    }
    manifest = json.loads((out / ".kg-manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["../victim/keep.txt"] = record  # planted by whoever handed the folder over
    manifest["files"][str(victim)] = record
    (out / ".kg-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = run_kg("build", str(source), "-o", str(out), "--formats", "ttl", "--clean")
    assert result.returncode == 0, result.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert "victim" not in result.stdout


def test_kg_writes_and_removes_nothing_through_a_symbolic_link_in_its_folder(tmp_path):
    source, out, elsewhere = tiny_source(tmp_path), tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "neo4j").symlink_to(elsewhere)
    theirs = elsewhere / ".papers.csv.1234.tmp"  # named as kg's leftovers are, but not here
    theirs.write_text("theirs\n", encoding="utf-8")
    result = run_kg("build", str(source), "-o", str(out), "--formats", "ttl,neo4j", "--force")
    assert result.returncode == 8
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"kg: error: {out / 'neo4j'}: a symbolic link where kg writes")
    assert [p.name for p in elsewhere.iterdir()] == [theirs.name]


@pytest.mark.parametrize("in_the_way", ["neo4j", "graph.ttl"])
def test_a_file_where_kg_writes_a_folder_or_the_other_way_is_refused_before_any_output(
    tmp_path, in_the_way
):
    source, out = tiny_source(tmp_path), tmp_path / "out"
    out.mkdir()
    if in_the_way == "neo4j":
        (out / "neo4j").write_text("my notes\n", encoding="utf-8")
    else:
        (out / "graph.ttl").mkdir()
    result = run_kg("build", str(source), "-o", str(out), "--formats", "ttl,csv,neo4j", "--force")
    assert result.returncode == 8
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"kg: error: {out / in_the_way}: ")
    assert sorted(p.name for p in out.iterdir()) == [in_the_way]  # nothing half replaced


def test_a_manifest_that_is_no_regular_file_is_neither_read_nor_replaced(tmp_path):
    source, out = tiny_source(tmp_path), tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / ".kg-manifest.json")  # read, it would block
    result = run_kg("build", str(source), "-o", str(out), "--formats", "ttl")
    assert result.returncode == 8, result.stderr
    assert "not a regular file, where kg keeps its manifest" in result.stderr
    assert stat.S_ISFIFO(os.lstat(out / ".kg-manifest.json").st_mode)


def test_force_replaces_files_but_never_a_pipe_or_a_link(tmp_path):
    source, out = tiny_source(tmp_path), tmp_path / "out"
    assert run_kg("build", str(source), "-o", str(out), "--formats", "ttl", "-q").returncode == 0
    pages = tmp_path / "pages"
    pages.mkdir()
    os.mkfifo(pages / "pipe.html")  # as "-o /dev/null" or "-o /dev/stdout" would be
    (pages / "link.html").symlink_to(tmp_path / "elsewhere.html")
    (out / "graph.nt").symlink_to(tmp_path / "elsewhere.nt")
    for args in (
        ("report", str(out), "-o", str(pages / "pipe.html")),
        ("view", str(out), "-o", str(pages / "link.html")),
        ("build", str(source), "-o", str(out), "--formats", "nt", "-q"),
    ):
        result = run_kg(*args, "--force")
        assert result.returncode == 8, result.stderr
        (line,) = result.stderr.strip().splitlines()
        assert "not a regular file" in line and "--force" not in line, line
    assert stat.S_ISFIFO(os.lstat(pages / "pipe.html").st_mode)
    assert (pages / "link.html").is_symlink() and (out / "graph.nt").is_symlink()
    assert not (tmp_path / "elsewhere.html").exists() and not (tmp_path / "elsewhere.nt").exists()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_standard_output_or_error_is_no_internal_error(tmp_path):
    source, out = tiny_source(tmp_path), tmp_path / "out"
    # buffered, as a user's Python writes (the answer fails when it is flushed), and not
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    for env in (buffered, {**buffered, "PYTHONUNBUFFERED": "1"}):
        with open("/dev/full", "w") as full:  # every write fails: no space left
            built = subprocess.run(
                [sys.executable, "-m", "kg", "build", str(source), "-o", str(out), "-q"],
                stdout=subprocess.PIPE,
                stderr=full,
                text=True,
                env=env,
            )
            # messages nowhere to go are dropped, as a closed stderr's are: the build is made
            assert built.returncode == 0 and (out / "graph.ttl").is_file()
            # and a summary: a build prints no answer (nor does a server, which serves on)
            summarised = subprocess.run(
                [sys.executable, "-m", "kg", "build", str(source), "-o", str(tmp_path / "o3")],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            assert summarised.returncode == 0, summarised.stderr
            assert (tmp_path / "o3" / "graph.ttl").is_file()
            for args, status in (
                (["results", str(out)], 2),
                (["cache", "--clear", "--cache-dir", str(tmp_path / "cache")], 2),
                (["--help"], 0),
                (["--version"], 0),
            ):
                answered = subprocess.run(
                    [sys.executable, "-m", "kg", *args],
                    stdout=full,
                    stderr=subprocess.PIPE,
                    text=True,
                    env=env,
                )
                assert answered.returncode == status, answered.stderr
                if status:  # (help is dropped silently, as argparse does)
                    (line,) = answered.stderr.strip().splitlines()
                    assert line == (
                        "kg: error: standard output: cannot write (No space left on device)"
                    )
                else:
                    assert answered.stderr == ""
    # an error output whose reader is gone: the messages go, the build is made
    reading, writing = os.pipe()
    os.close(reading)
    try:
        quiet = subprocess.run(
            [sys.executable, "-m", "kg", "build", str(source), "-o", str(tmp_path / "o2")],
            stdout=subprocess.PIPE,
            stderr=writing,
            text=True,
            env=buffered,
        )
    finally:
        os.close(writing)
    assert quiet.returncode == 0 and (tmp_path / "o2" / "graph.ttl").is_file()
    # called in a process of one's own, kg gives the descriptor back as it found it
    script = (
        "import os, sys\n"
        "from kg.cli import main\n"
        "statuses = [main(['results', sys.argv[1]]) for _ in range(2)]\n"
        "os.write(2, f'{statuses} {os.readlink(\"/proc/self/fd/1\")}'.encode())\n"
    )
    with open("/dev/full", "w") as full:
        hosted = subprocess.run(
            [sys.executable, "-c", script, str(out)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=buffered,
        )
    assert hosted.returncode == 0, hosted.stderr
    assert hosted.stderr.splitlines()[-1] == "[2, 2] /dev/full"
    # a reader gone before the buffered answer is flushed: no word, as with "| head -1"
    reading, writing = os.pipe()
    os.close(reading)
    try:
        gone = subprocess.run(
            [sys.executable, "-m", "kg", "results", str(out)],
            stdout=writing,
            stderr=subprocess.PIPE,
            text=True,
            env=buffered,
        )
    finally:
        os.close(writing)
    assert (gone.returncode, gone.stderr) == (0, "")


def test_stale_graphs_are_removed_other_outputs_kept_unless_clean_and_an_edit_kept(tmp_path):
    source, out = tiny_source(tmp_path), tmp_path / "out"
    assert (
        run_kg("build", str(source), "-o", str(out), "--formats", "ttl,nt,csv", "-q").returncode
        == 0
    )
    with open(out / "graph.nt", "a", encoding="utf-8") as handle:
        handle.write("<urn:my> <urn:own> <urn:edit> .\n")
    edited = (out / "graph.nt").read_bytes()
    tables = [
        out / f"{t}.csv"
        for t in (
            "papers",
            "entities",
            "paper_entity",
            "entity_entity",
            "mentions",
            "results",
            "result_links",
        )
    ]
    result = run_kg("build", str(source), "-o", str(out), "--formats", "ttl", "--no-progress")
    assert result.returncode == 0, result.stderr
    assert not [line for line in result.stdout.splitlines() if line.startswith("removed")]
    assert all(table.is_file() for table in tables)
    assert "kept      graph.nt, papers.csv, entities.csv and 5 more" in result.stdout
    assert (out / "graph.nt").read_bytes() == edited  # the user's edit is not kg's to remove
    (warning,) = messages(result.stderr)  # and it could shadow the new graph: said so
    assert warning.startswith(f"kg: warning: {out / 'graph.nt'}: a graph file this build did")
    result = run_kg(
        "build", str(source), "-o", str(out), "--formats", "ttl", "--clean", "--no-progress"
    )
    assert result.returncode == 0, result.stderr
    removed = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("removed")]
    assert sorted(removed) == sorted(map(str, tables))
    assert "(an earlier output of kg, not written now; --clean)" in result.stdout
    assert (out / "graph.nt").read_bytes() == edited  # --clean removes only kg's own too
    result = run_kg("build", str(source), "-o", str(out), "--formats", "nt")
    assert (
        result.returncode == 8 and f"{out / 'graph.nt'}: changed since kg wrote it" in result.stderr
    )
    report = kg.BuildReport()
    kg.build(source, out, formats="nt", force=True, report=report)
    assert report.removed == [out / "graph.ttl"] and report.files == [out / "graph.nt"]
    assert_one_consistent_build(out, {"graph.nt"})


def test_kg_report_view_and_export_do_not_overwrite_a_file_kg_did_not_write(tmp_path):
    out = tmp_path / "out"
    kg.build(tiny_source(tmp_path), out, formats="ttl", entity_model="none")
    (out / "report.html").write_text("my report")
    (tmp_path / "mine.html").write_text("my page")
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "papers.csv").write_text("my table")
    for args, file in (
        (["report", str(out)], out / "report.html"),
        (["view", str(out), "-o", str(tmp_path / "mine.html")], tmp_path / "mine.html"),
        (
            ["export", str(out), "--formats", "csv", "-o", str(tmp_path / "copy")],
            tmp_path / "copy" / "papers.csv",
        ),
    ):
        result = run_kg(*args)
        assert result.returncode == 8 and result.stderr.count("\n") == 1, result.stderr
        assert f"{file}: not written by kg" in result.stderr
        assert file.read_text().startswith("my ")
        result = run_kg(*args, "--force")
        assert result.returncode == 0, result.stderr
        assert not file.read_text().startswith("my ")
    assert run_kg("report", str(out)).returncode == 0  # kg's own file now
    assert_one_consistent_build(out, {"graph.ttl", "report.html"})
    assert kg.manifest.Manifest(tmp_path).files["mine.html"]["format"] == "view"
    assert run_kg("export", str(out), "--formats", "graphml").returncode == 0  # keeps the rest
    assert_one_consistent_build(out, {"graph.ttl", "report.html", "graph.graphml"})


def test_two_racing_builds_wait_for_each_other_and_leave_one_consistent_build(tmp_path):
    from kg.manifest import folder_lock

    out = tmp_path / "out"
    out.mkdir()
    live = out / ".kg-staging-live1234"  # the staging folder of a build that is writing now
    sources = [tiny_source(tmp_path, title) for title in ("FooNet", "BarNet")]
    with folder_lock(out):
        live.mkdir()
        (live / ".kg-staging").touch()
        builds = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "kg",
                    "build",
                    str(source),
                    "-o",
                    str(out),
                    "--formats",
                    "ttl,html",
                    "-q",
                ],
                stderr=subprocess.PIPE,
                text=True,
            )
            for source in sources
        ]
        for build in builds:  # each has extracted, and waits for the folder
            lines = []
            for line in build.stderr:
                lines.append(line)
                if "another kg process is writing into this folder; waiting" in line:
                    break
            else:
                pytest.fail("".join(lines))
        assert live.is_dir()  # neither took it for a leftover
    for build in builds:
        _, stderr = build.communicate(timeout=120)
        assert build.returncode == 0, stderr
    assert_one_consistent_build(out, {"graph.ttl", "graph.html"})  # the staging folder is gone
    titles = {p.title for p in kg.load(out).papers.values()}
    assert titles in ({"FooNet"}, {"BarNet"})


KILL_AT_REPLACE = """
import os, signal, sys
import kg
calls, replace = 0, os.replace
def killing_replace(*args, **kwargs):
    global calls
    calls += 1
    if calls == int(sys.argv[3]):
        os.kill(os.getpid(), signal.SIGKILL)
    return replace(*args, **kwargs)
os.replace = killing_replace
kg.write_outputs(kg.load(sys.argv[1]), sys.argv[2], kg.Settings(formats=("ttl", "html")))
"""


def test_a_build_killed_at_any_step_leaves_a_whole_manifest_that_owns_every_output(tmp_path):
    """SIGKILL at each file replacement of a build (an exporter's file in the staging folder,
    the manifest, each output moved in place): the manifest is the old or the new one,
    never half, and every output is kg's own, so the next build needs no --force."""
    import shutil

    from kg.manifest import MANIFEST, Manifest

    previous = tmp_path / "previous"
    kg.write_outputs(
        graph_of("FooNet", "We propose FooNet."), previous, kg.Settings(formats=("ttl", "html"))
    )
    newer = tmp_path / "newer.ttl"
    kg.write_outputs(
        graph_of("BarNet", "We propose BarNet."), tmp_path / "newer", kg.Settings(formats=("ttl",))
    )
    (tmp_path / "newer" / "graph.ttl").rename(newer)
    for step in range(1, 20):
        out = tmp_path / f"killed-{step}"
        shutil.copytree(previous, out)
        result = subprocess.run(
            [sys.executable, "-c", KILL_AT_REPLACE, str(newer), str(out), str(step)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode == 0:
            break  # the build had fewer steps: every one was tried
        assert result.returncode == -signal.SIGKILL, result.stderr
        json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        manifest = Manifest(out)
        assert all(manifest.on_disk(name) for name in ("graph.ttl", "graph.html"))
        baz = graph_of("BazNet", "We propose BazNet.")
        kg.write_outputs(
            baz, out, kg.Settings(formats=("graphml",)), remove_stale=False
        )  # kg export
        assert_one_consistent_build(out, {"graph.ttl", "graph.html", "graph.graphml"})
        kg.write_outputs(baz, out, kg.Settings(formats=("ttl",), clean=True))
        assert_one_consistent_build(out, {"graph.ttl"})  # leftovers gone, stale outputs too
    assert step > 4, step  # the staged files, the manifest and the moves were each killed


def test_the_neo4j_script_never_overwrites_a_database_unless_asked(tmp_path):
    out = tmp_path / "out"
    kg.write_outputs(graph_of("FooNet", "We propose FooNet."), out, kg.Settings(formats=("neo4j",)))
    script = out / "neo4j" / "import.sh"
    assert "KG_NEO4J_OVERWRITE=1" in script.read_text().split("set -e")[0]  # said in the header
    stub = tmp_path / "bin" / "neo4j-admin"  # stands in for Neo4j's tool: prints its arguments
    stub.parent.mkdir()
    stub.write_text('#!/bin/sh\necho "$@"\n')
    stub.chmod(0o755)
    env = {**os.environ, "PATH": f"{stub.parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("KG_NEO4J_OVERWRITE", None)
    for extra, args, overwrite in (
        ({}, [], False),
        ({}, ["mydb"], False),
        ({"KG_NEO4J_OVERWRITE": "1"}, ["mydb"], True),
    ):
        result = subprocess.run(
            ["sh", str(script), *args],
            env={**env, **extra},
            capture_output=True,
            text=True,
            check=True,
        )
        words = result.stdout.split()
        assert words[:4] == ["database", "import", "full", args[0] if args else "kg"]
        assert ("--overwrite-destination" in words) == overwrite


def test_an_input_is_never_an_output_even_with_force(tmp_path):
    source = tmp_path / "papers.csv"
    source.write_text("title,abstract\nFooNet,We propose FooNet.\n", encoding="utf-8")
    before = source.read_bytes()
    result = run_kg("build", str(source), "-o", str(tmp_path), "--formats", "csv", "--force")
    assert result.returncode == 2
    assert "is an input of this build and one of its outputs" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and source.read_bytes() == before


@pytest.mark.parametrize("value", ["no", 0, None])
def test_force_must_be_true_or_false(value):
    with pytest.raises(KgError, match="force must be True or False"):
        kg.Settings(force=value)


# Words an untrusted title or abstract may repeat at length, each a piece some text pattern
# reads in a loop ("a highly highly ... task", "A, B, C, ...").
_REPEATED_WORDS = (
    "highly ",
    "a ",
    "and ",
    "new ",
    "X, ",
    "of the ",
    "very ",
    "on ",
    "-",
    "x ",
    "1 ",
    "( ",
    "we ",
    "novel ",
    "other ",
    "results ",
    "bounds on ",
    "tested on ",
)
_PATTERN_CHECK = """
import importlib, re, sys
words = {words!r}
modules = (
    "kg.link.relate", "kg.extract.results", "kg.link", "kg.link.resolve", "kg.extract.proposed",
    "kg.extract.spans", "kg.extract.rules", "kg.extract.abbreviations", "kg.extract.candidates",
    "kg.text.words", "kg.leaderboard", "kg.dates", "kg.query",
)
for name in modules:
    for attr, pattern in vars(importlib.import_module(name)).items():
        if isinstance(pattern, re.Pattern):
            for opening in ("", "is a ", "we propose a ", "unlike ", "experiments on "):
                for word in words:
                    text = opening + word * 40 + "zz"
                    pattern.search(text)
                    pattern.match(text)
print("linear")
"""


def test_text_patterns_do_not_backtrack_on_repeated_words():
    """Every module-level pattern that reads titles and abstracts (extraction, roles,
    results, linking and leaderboard rules) finishes on 40 repetitions of a word after a few openings; a pattern whose repeated group can
    read one word two ways (an alternation of "highly" and "\\w+ly") would take years."""
    script = _PATTERN_CHECK.format(words=_REPEATED_WORDS)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.strip() == "linear", done.stderr[-2000:]


def test_kg_extract_refuses_bytes_that_are_not_utf8_in_one_line():
    result = run_kg("extract", "We propose Foo\udcffNet on Quuxbench.")  # the byte 0xFF
    assert result.returncode == 3
    assert result.stderr == "kg: error: the text is not valid UTF-8 (byte 0xFF)\n"


def test_a_pool_stopped_with_half_a_result_in_its_pipe_lets_python_exit(tmp_path):
    # A worker killed while writing its result left the pool's reading thread waiting for
    # the rest, and Python's exit waited for that thread: Ctrl-C could hang a build.
    script = tmp_path / "stop.py"
    script.write_text(
        textwrap.dedent(
            """
            import os, struct, time
            from concurrent.futures import ProcessPoolExecutor
            from kg.processes import _context, _stop

            executor = ProcessPoolExecutor(1, mp_context=_context())
            executor.submit(time.sleep, 60)
            while not executor._processes:
                time.sleep(0.05)
            # a length prefix promising bytes that never come: half a result
            os.write(executor._result_queue._writer.fileno(), struct.pack("!i", 1000))
            time.sleep(0.5)
            _stop(executor)
            print("stopped")
            """
        ),
        encoding="utf-8",
    )
    try:
        done = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, timeout=60
        )
    except subprocess.TimeoutExpired:
        pytest.fail("Python did not exit after the pool was stopped")
    assert done.returncode == 0 and done.stdout.strip() == "stopped", done.stderr


def test_a_label_with_an_escape_sequence_does_not_reach_the_terminal(sample_out, tmp_path):
    import pty

    text = (sample_out / "graph.ttl").read_text(encoding="utf-8")
    label = re.search(r'skos:prefLabel "([A-Za-z][^"\\]*)"', text).group(1)
    edited = tmp_path / "graph.ttl"  # as someone who hands the graph over may edit it
    edited.write_text(
        text.replace(f'"{label}"', f'"\\u001b]0;owned\\u0007\\u202e{label}"', 1), encoding="utf-8"
    )
    main, terminal = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "kg", "centrality", str(edited), "--top", "1000"],
        stdout=terminal,
        stderr=subprocess.DEVNULL,
    ) as process:
        os.close(terminal)
        shown = b""
        with contextlib.suppress(OSError):  # EIO once the process has closed its end
            while chunk := os.read(main, 65536):
                shown += chunk
        os.close(main)
    assert process.returncode == 0
    # an escape sequence (kg.load makes its controls spaces), and a right-to-left override
    # that reorders what is shown (the terminal's text makes it "?")
    assert f" ]0;owned ?{label}".encode() in shown and b"\x1b" not in shown
    assert "\u202e".encode() not in shown


def test_a_path_with_a_nul_character_is_a_kg_error_in_the_python_api(sample_out, tmp_path):
    """Python's "ValueError: embedded null byte" leaked out of kg.build and kg.curate."""
    with pytest.raises(KgError, match=r"out must be a folder path, not .*a NUL character"):
        kg.build(None, out=f"{tmp_path}/a\x00b", entity_model="none")
    with pytest.raises(KgError, match=r"cannot read the curation file \(its path holds a NUL"):
        kg.curate(kg.load(sample_out), f"{tmp_path}/a\x00b")
    assert list(tmp_path.iterdir()) == []


def test_an_overlong_run_without_a_space_is_read_as_plain_words():
    """A run of thousands of characters without a space ("(((...)))", "Net111...1") took
    the tokenizer and some patterns quadratic time (a 20 KB abstract: 40 s); it is read as
    filler words of the same length, and no mention holds one."""
    from kg.extract import MAX_TOKEN_CHARS, Extractor, blank_markup
    from kg.extract.pipeline import extract_docs

    text = "We propose Quillnet " + "(" * 3000 + "x" + ")" * 3000 + " and Zarn" + "1" * 900
    blanked = blank_markup(text)
    assert len(blanked) == len(text) and "  " not in blanked
    assert max(len(word) for word in blanked.split()) <= MAX_TOKEN_CHARS
    assert blank_markup("a short text (with brackets)") == "a short text (with brackets)"
    abstract = text + ". Quillnet reaches 90% accuracy on Glyphbank."
    (extraction,) = extract_docs(Extractor().nlp, [Paper("Quillnet", abstract, key="p")], 8)
    assert {m.text for m in extraction.mentions} >= {"Quillnet", "Glyphbank"}
    assert all(len(m.text) < 100 for m in extraction.mentions)
    assert [r.number for r in extraction.results] == [90.0]


_LONG_RUNS = """
from kg.text.words import is_name_like
from kg.extract.pipeline import _MAIL_ADDRESS
for run in ("a" * 200_000, "A" * 200_000, "1" * 200_000):
    is_name_like(run)
    _MAIL_ADDRESS.search(run + "@1")
print("linear")
"""


def test_name_and_address_patterns_read_a_long_run_in_linear_time():
    # tried from every position, they took quadratic time (20,000 characters: 2 s; these
    # would take minutes)
    done = subprocess.run(
        [sys.executable, "-c", _LONG_RUNS], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.strip() == "linear", done.stderr[-2000:]


_SHORT_FORM_SENSES = """
import random
from kg.link import link
from kg.records import Abbreviation, Mention, Paper, PaperExtraction

rng = random.Random(5)
def word():
    return "w" + "".join(rng.choice("aeiou" if i % 2 else "bcdfghklmnprstv") for i in range(6))
papers, extractions = {}, []
for i in range(6000):
    long = f"quill {word()} folding"
    text = f"We propose {long} (QWF) for glyphs."
    start = text.index(long)
    papers[f"p{i}"] = Paper(f"Paper {i}", text, key=f"p{i}")
    mention = Mention(start, start + len(long), long, "method", "model", 0.9,
                      sentence_start=0, sentence_end=len(text))
    short = text.index("QWF")
    extractions.append(PaperExtraction(f"p{i}", (mention,), (Abbreviation("QWF", long, "abstract", start, short + 4),)))
link(extractions, papers)
print("linear")
"""


def test_a_short_form_with_thousands_of_long_forms_links_in_linear_time():
    # each long form was compared with every other for a misspelling: 6,400 papers took
    # 139 s to link; now each is compared with the most mentioned few only
    done = subprocess.run(
        [sys.executable, "-c", _SHORT_FORM_SENSES], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.strip() == "linear", done.stderr[-2000:]


def test_lexicon_names_are_cleaned_as_titles_are_and_lines_end_at_line_feeds():
    # an escape sequence or a control character in a user's lexicon reached every output;
    # a U+0085 or U+2028 inside a one-line file made an error about a line it has not
    from kg.text.lexicon import parse_lexicon

    entries = parse_lexicon(
        "method\tQuill\x1b[31mNet\tQN|Q\x01N\r\n# a comment\ndataset\tZarn\u2028Bank\u0085\n",
        "mine.tsv",
    )
    assert [(e.type, e.name, e.aliases) for e in entries] == [
        ("method", "Quill [31mNet", ("QN", "Q N")),
        ("dataset", "Zarn Bank", ()),
    ]
    with pytest.raises(KgError, match=r"mine\.tsv:2"):
        parse_lexicon("method\tQuill\nmethod\t\x01\n", "mine.tsv")


def test_api_arguments_of_the_wrong_kind_are_kg_errors(sample_out):
    graph = kg.load(sample_out)
    calls = {
        "graph must be a kg.KnowledgeGraph": lambda: kg.sparql(str(sample_out), "ASK {}"),
        "path must be a file or folder name, not int": lambda: kg.validate(5),
        "path must be a file or folder name, not NoneType": lambda: kg.validate(None),
        "/dev/zero: not a regular file": lambda: kg.load("/dev/zero"),
        "since must be a date such as": lambda: graph.subset(since="2019-13"),
        "until must be a date such as": lambda: graph.subset(until="2019-02-30"),
    }
    for message, call in calls.items():
        with pytest.raises(KgError, match=re.escape(message)):
            call()


def test_analysis_functions_check_the_graph_and_flags_before_anything_is_written(
    sample_out, tmp_path
):
    import numpy

    # each raised AttributeError; write_outputs(report=5) did after writing graph.ttl
    graph = kg.load(sample_out)
    calls = {
        "graph must be a kg.KnowledgeGraph": [
            lambda: kg.analysis.cooccurrence(5),
            lambda: kg.analysis.bipartite("x"),
            lambda: kg.analysis.pair_matrix(None, "method", "dataset"),
            lambda: kg.analysis.proposals("x"),
            lambda: kg.analysis.paper_pagerank([]),
            lambda: kg.analysis.trend_shifts({}),
            lambda: kg.analysis.time_unit(None),
        ],
        "report must be a kg.BuildReport or None": [
            lambda: kg.curate(graph, Curation(()), report=5),
            lambda: kg.write_outputs(graph, tmp_path / "out", kg.Settings(formats="ttl"), report=5),
        ],
        "generic must be True or False": [
            lambda: graph.entity("BERT").neighbours(generic="yes"),
            lambda: kg.analysis.centrality(graph, generic=1),
            lambda: kg.analysis.trend_shifts(graph, generic="no"),
            lambda: kg.analysis.communities(graph, generic=None),
        ],
        "remove_stale must be True or False": [
            lambda: kg.write_outputs(graph, tmp_path / "out", kg.Settings(), remove_stale="x"),
        ],
        "unknown type 'gadget'": [lambda: kg.analysis.cooccurrence(graph, type="gadget")],
    }
    for message, wrong in calls.items():
        for call in wrong:
            with pytest.raises(UsageError, match=re.escape(message)):
                call()
    assert not (tmp_path / "out").exists()
    assert kg.analysis.centrality(graph, generic=numpy.True_, top=3).shape[0] == 3


# 17. an eighth review ---------------------------------------------------------------------------


def test_a_superscript_digit_in_a_short_form_is_no_letter_count(extractor):
    from kg.text.words import counted_letters

    assert counted_letters("Q³N") is None and counted_letters("Q3N") == ["q", "q", "q", "n"]
    mentions = extractor.extract_text("We propose the Quill Quorb Net (Q³N), tested on glyphs.")
    assert any("Q³N" in m.text for m in mentions)


def test_odd_digits_in_dump_metadata_are_record_errors_not_internal_ones(tmp_path):
    dump = tmp_path / "papers.txt"
    dump.write_text(
        "Daily Papers\n\nA Quill Title\n\nWe propose QuillNet for glyphs.\n\n• "
        + "9" * 5000
        + " authors\n·\nDec 5, 2018\n"
    )
    with pytest.raises(InputError, match=r"author count 9+ is out of range"):
        list(read_file(str(dump)))
    zeros = tmp_path / "zeros.txt"
    zeros.write_text(
        "Daily Papers\n\nA Quill Title\n\nWe propose QuillNet for glyphs.\n\n• "
        + "0" * 30
        + "7 authors\n·\nDec 5, 2018\n"
    )
    assert [p.author_count for p in read_file(str(zeros))] == [7]
    snapshot = tmp_path / "snapshot.jsonl"
    record = {
        "id": "0704.0001",
        "title": "A quill title",
        "abstract": "We propose QuillNet for glyphs.",
        "versions": [{"version": "v1", "created": "Mon, \u00b2 Apr 2007 19:18:42 GMT"}],
        "update_date": "2008-11-13",
        "authors": "A. B",
        "categories": "cs.LG",
    }
    snapshot.write_text(json.dumps(record) + "\n")
    with pytest.raises(InputError, match="cannot read the date"):
        list(read_file(str(snapshot)))
    assert not kg.dates.has_year("２０２１-01-01")  # full-width digits are no year kg reads


def test_a_mention_attributed_to_an_unknown_extractor_or_none_is_written_again(
    sample_out, tmp_path
):
    text = (sample_out / "graph.ttl").read_text(encoding="utf-8")
    attribution = re.compile(r"prov:wasAttributedTo <[^>]*/extractor/(\w+)>")
    assert attribution.search(text)
    for name, edited in {
        "unknown": attribution.sub(
            "prov:wasAttributedTo <https://example.org/extractor/elsewhere>", text
        ),
        "none": attribution.sub("", text),
    }.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "graph.ttl").write_text(edited, encoding="utf-8")
        result = run_kg(
            "export", str(folder), "--formats", "ttl", "-o", str(tmp_path / f"{name}-out")
        )
        assert result.returncode == 0, result.stderr
        assert kg.load(tmp_path / f"{name}-out").mentions


def test_an_atom_feed_nested_beyond_a_hundred_elements_is_one_error(tmp_path):
    feed = tmp_path / "deep.xml"
    entry = (
        "<entry><id>http://arxiv.org/abs/1234.5678v1</id><title>Quill glyphs</title>"
        "<summary>We propose QuillNet for glyphs.</summary></entry>"
    )
    feed.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        + "<a>" * 150
        + entry
        + "</a>" * 150
        + "</feed>"
    )
    with pytest.raises(InputError, match="nested more than 100 elements deep"):
        list(kg.read(feed))
    shallow = tmp_path / "shallow.xml"
    shallow.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom">' + "<a>" * 20 + entry + "</a>" * 20 + "</feed>"
    )
    assert [p.title for p in kg.read(shallow)] == ["Quill glyphs"]


def test_a_broken_entity_model_folder_is_one_line_exit_3(tmp_path):
    import shutil

    from kg.extract.paths import PACKAGED_ENTITY_MODEL as PACKAGED_MODEL

    cut = tmp_path / "cut"
    shutil.copytree(PACKAGED_MODEL, cut)
    weights = cut / "ner" / "model"
    weights.write_bytes(weights.read_bytes()[:1000])
    no_language = tmp_path / "no-language"
    shutil.copytree(PACKAGED_MODEL, no_language)
    (no_language / "config.cfg").write_text("[nlp]\nlang = null\n")
    no_weights = tmp_path / "no-weights"
    shutil.copytree(PACKAGED_MODEL, no_weights)
    (no_weights / "ner" / "model").unlink()
    for folder in (cut, no_language, no_weights):
        result = run_kg("extract", "We propose QuillNet.", "--entity-model", str(folder))
        assert result.returncode == 3, result.stderr
        assert messages(result.stderr) == [result.stderr.strip()]
        assert "cannot load it as a spaCy pipeline" in result.stderr


def test_write_outputs_checks_its_graph_before_making_the_folder(sample_out, tmp_path):
    out = tmp_path / "never"
    with pytest.raises(KgError, match=r"graph must be a kg\.KnowledgeGraph"):
        kg.write_outputs(str(sample_out), out, kg.Settings(formats=("csv",)))
    assert not out.exists()


@pytest.mark.parametrize(
    "command",
    [
        ("export", "{out}", "--curation", "", "-o", "{tmp}/y", "--formats", "csv"),
        ("view", "{out}", "-o", ""),
        ("build", "--cache-dir", "", "-o", "{tmp}/z"),
        ("build", "--lexicon", "", "-o", "{tmp}/z"),
        ("centrality", "{out}", "--roles", ""),
        ("query", "{out}", "-f", ""),
        ("export", "", "--formats", "csv", "-o", "{tmp}/y"),
        ("build", "", "-o", "{tmp}/z"),
    ],
)
def test_an_empty_path_or_role_list_is_a_usage_error_not_the_default(sample_out, tmp_path, command):
    args = [a.format(out=sample_out, tmp=tmp_path) for a in command]
    result = run_kg(*args)
    assert result.returncode == 2, result.stderr
    assert "needs a value" in result.stderr or "--roles takes roles" in result.stderr
    assert not (tmp_path / "y").exists() and not (tmp_path / "z").exists()
    assert not (sample_out / "view.html").exists()


@pytest.mark.parametrize(
    "command, closed, status, message",
    [
        (["build", "-", "-o", "{out}"], "<&-", 3, "standard input is closed"),
        (["extract", "-"], "<&-", 3, "standard input is closed"),
        (["extract", "We propose Quillnet."], ">&-", 2, "standard output is closed"),
        (["build", "-o", "{out}", "-q", "--formats", "ttl"], ">&-", 0, ""),  # files its answer
    ],
)
def test_a_closed_standard_stream_is_one_error(tmp_path, command, closed, status, message):
    """A closed standard input was an internal AttributeError, and a closed standard output
    lost a command's answer without a word (or was an internal error)."""
    words = [c.replace("{out}", str(tmp_path / "out")) for c in command]
    line = " ".join(shlex.quote(w) for w in [sys.executable, "-m", "kg", *words]) + f" {closed}"
    result = subprocess.run(
        ["bash", "-c", line], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert result.returncode == status, result.stderr
    assert "internal error" not in result.stderr
    if status == 0:
        assert (tmp_path / "out" / "graph.ttl").is_file()  # a build needs no standard output
        return
    assert message in result.stderr and len(messages(result.stderr)) == 1
    assert not (tmp_path / "out").exists()


def test_standard_input_named_twice_is_read_once(tmp_path):
    source = "\n".join(
        json.dumps({"title": "Quill glyphs", "abstract": "We propose Quillnet."}) for _ in range(1)
    )
    result = run_kg("build", "-", "-", "-o", str(tmp_path / "out"), stdin=source + "\n")
    assert result.returncode == 3 and "standard input is named twice" in result.stderr
    assert "internal error" not in result.stderr and not (tmp_path / "out").exists()


# 18. a tenth review ----------------------------------------------------------------------------


def read_bytes(path: Path, data: bytes) -> list[Paper]:
    path.write_bytes(data)
    return list(read_file(str(path)))


@pytest.mark.parametrize(
    "document, names",
    [
        ('[\n{"title": "Quill", "abstract": "We fold.", "authors": [%s]}\n]', 500),  # an item
        ('{"title": "Quill", "abstract": "We fold.",\n "authors": [%s]}', 500),  # the record
        ('{"title": "Quill", "abstract": "We fold.",\n "a": [%s], "b": [%s]}', 240),  # values
    ],
)
def test_one_record_of_a_json_document_is_refused_past_the_record_limit(
    tmp_path, monkeypatch, document, names
):
    """An item of a JSON document was decoded whole, whatever its size: 40 M one-letter
    names of a 160 MB document took 3.4 GB before the author count was refused."""
    import kg.readers.jsondata as jsondata

    monkeypatch.setattr(jsondata, "MAX_RECORD_CHARS", 2_000)
    listed = ", ".join(['"Q"'] * names)  # 5 characters a name (two lists of 240 fit apart)
    text = document % ((listed,) * document.count("%s"))
    with pytest.raises(InputError, match=r"q\.json:[12]: JSON record longer than"):
        read_bytes(tmp_path / "q.json", text.encode())
    fits = document % (('"Q"',) * document.count("%s"))
    assert [p.title for p in read_bytes(tmp_path / "q.json", fits.encode())] == ["Quill"]


def test_brackets_in_a_long_string_do_not_end_a_json_record_early(tmp_path, monkeypatch):
    """A string longer than the scan held a "}" that was taken for the record's end, and the
    record was decoded whole past the limit."""
    import kg.readers.jsondata as jsondata

    monkeypatch.setattr(jsondata, "MAX_RECORD_CHARS", 2_000)
    names = ", ".join(['"Q"'] * 500)
    long_string = '"}]' + "a" * 3_000 + '"'
    for document in (
        '[\n{"x": %s, "authors": [%s]}\n]',
        "[\n[%s, %s]\n]",
        '{"title": "Quill",\n "x": [%s, %s]}',
    ):
        with pytest.raises(InputError, match="JSON record longer than"):
            read_bytes(tmp_path / "q.json", (document % (long_string, names)).encode())


def test_a_csv_row_over_many_lines_is_refused_past_the_record_limit(tmp_path, monkeypatch):
    """A row whose quoted cells each hold a line feed is one row of many short lines: it
    was held whole (30 M of them, 2.4 GB), while each line kept to the limit."""
    import kg.readers.structured as structured

    monkeypatch.setattr(structured, "MAX_RECORD_CHARS", 2_000)
    rows = 'title,abstract\nQuill,"We fold."\n\n\nGlyph,"We sort."' + ',"a\n"' * 500 + "\n"
    with pytest.raises(InputError, match=r"q\.csv:5: CSV row longer than"):  # (where it starts)
        list(read_bytes(tmp_path / "q.csv", rows.encode()))
    many_lines = 'title,abstract\nQuill,"We fold\n' + "quills\n" * 100 + '."\n'
    (paper,) = read_bytes(tmp_path / "q.csv", many_lines.encode())  # a long one that fits
    assert paper.abstract.startswith("We fold quills quills")


def test_reading_a_csv_leaves_the_csv_modules_field_limit_as_it_was(tmp_path):
    # the limit is the whole process's: reading set it to the record limit for good, and a
    # test that lowered the record limit left later CSV reading (anyone's) at 2,000
    import csv

    long_abstract = "We fold quills. " * 1_000  # 16,000 characters: past the limit set below
    rows = "title,abstract\nQuill," + long_abstract + "\n"
    previous = csv.field_size_limit(1_000)
    try:
        (paper,) = read_bytes(tmp_path / "q.csv", rows.encode())
        assert paper.abstract.startswith("We fold quills.")
        assert csv.field_size_limit() == 1_000
        # the header line is read under the record limit too: past the interpreter's
        # default, a long first line is no header, not an internal error
        with pytest.raises(InputError, match="CSV header needs 'title' and 'abstract'"):
            list(read_bytes(tmp_path / "h.csv", ("Quill," + "x" * 150_000 + "\n").encode()))
        assert csv.field_size_limit() == 1_000
    finally:
        csv.field_size_limit(previous)


def test_an_atom_feed_that_declares_entities_is_refused(tmp_path):
    """Entities declared in the document expanded an 8 MB feed to 780 MB of text (3.1 GB)
    before an abstract's length was checked; a feed never declares one."""
    entry = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2101.0001v1'
        b"</id><title>Quill</title><summary>We fold %s.</summary></entry></feed>"
    )
    declared = b'<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY q "quills">]>\n' + entry % b"&q;"
    with pytest.raises(InputError, match="XML that declares entities"):
        list(read_bytes(tmp_path / "q.xml", declared))
    plain = b'<?xml version="1.0"?>\n<!DOCTYPE feed>\n' + entry % b"quills"
    assert [p.abstract for p in read_bytes(tmp_path / "q.xml", plain)] == ["We fold quills."]


def test_blank_lines_inside_a_ris_record_count_towards_its_limit(tmp_path, monkeypatch):
    """A blank line added nothing to a record's size but was kept: 150 M of them took
    1.5 GB and a minute and a half."""
    import kg.readers.ris as ris

    monkeypatch.setattr(ris, "MAX_RECORD_CHARS", 2_000)
    record = "TY  - JOUR\nTI  - Quill\nAB  - We fold quills.\n%sER  - \n"
    with pytest.raises(InputError, match="record longer than"):
        list(read_bytes(tmp_path / "q.ris", (record % ("\n" * 3_000)).encode()))
    (paper,) = read_bytes(tmp_path / "q.ris", (record % ("\n" * 3)).encode())
    assert paper.abstract == "We fold quills."


@pytest.mark.parametrize(
    "authors, message",
    [
        (["Ada Quill", 1], "1 names no one"),
        ([True], "true names no one"),
        ([["Ada", "Quill"]], '["Ada", "Quill"] names no one'),
    ],
)
def test_an_author_that_is_not_a_name_is_an_error_of_its_record(tmp_path, authors, message):
    """Such entries were written as Python's text for them ("{'first': 'Ada'}", "True")."""
    source = write_jsonl(
        tmp_path / "q.jsonl", {"title": "Quill", "abstract": "We fold.", "authors": authors}
    )
    with pytest.raises(InputError, match=re.escape(f"authors: {message}")):
        list(read_file(str(source)))


def test_authors_written_as_objects_give_their_names(tmp_path):
    authors = [
        "Ada Quill",
        {"name": "Bo Glyph"},
        {"given": "Cy", "family": "Vellum"},  # CSL-JSON
        {"first": "Di", "last": "Parchment"},
        {"firstName": "Ed", "lastName": "Stylus"},  # Zotero
        {"literal": "Quill Guild"},  # CSL-JSON, an organisation
        {"author": {"display_name": "Fi Vellum"}, "author_position": "last"},  # OpenAlex-like
        {"LastName": "Quire", "FirstName": "Gu"},  # keys in another case
        None,
        {"authorId": "17"},  # names no one: left out
        {"name": {"first": "Ada"}},  # nor does a name that is no text
    ]
    record = {"title": "Quill", "abstract": "We fold.", "authors": authors}
    record |= {"categories": ["folding", 7], "code": False}  # a flag, not a link
    (paper,) = read_file(str(write_jsonl(tmp_path / "q.jsonl", record)))
    assert paper.authors == (
        "Ada Quill",
        "Bo Glyph",
        "Cy Vellum",
        "Di Parchment",
        "Ed Stylus",
        "Quill Guild",
        "Fi Vellum",
        "Gu Quire",
    )
    assert (paper.categories, paper.urls) == (("folding", "7"), ())


@pytest.mark.parametrize("keys", [[[]], [{"a": 1}], [None], ["x", None]])
def test_timeline_keys_that_are_not_paper_keys_are_a_usage_error(sample_out, keys):
    graph = kg.load(sample_out)
    with pytest.raises(kg.UsageError, match="keys must be keys of the graph's papers"):
        kg.analysis.timeline(graph, keys=keys)


def test_records_that_share_an_identifier_but_not_a_title_are_named(tmp_path):
    """They were merged into one paper without a word: the second's text is never read."""
    source = write_jsonl(
        tmp_path / "q.jsonl",
        {"id": "arXiv:2101.00001", "title": "Quill folding at scale", "abstract": "We fold."},
        {"id": "arXiv:2101.00001", "title": "Quill Folding at Scale (v2)", "abstract": "We fold!"},
        {"id": "arXiv:2101.00001", "title": "A survey of glyph sorting", "abstract": "We sort."},
    )
    with pytest.warns(UserWarning) as caught:
        papers = list(kg.readers.deduplicate(read_file(str(source)), {}))
    assert len(papers) == 1
    (warning,) = [str(w.message) for w in caught]
    assert warning.startswith(f"{source}:3 has the identifier arXiv:2101.00001 of {source}:1")
    assert "'A survey of glyph sorting'" in warning


def test_a_folder_read_as_input_leaves_out_the_outputs_kg_wrote_there(tmp_path):
    """A build into the folder it reads read its own tables as papers the next time (and
    failed: "CSV header needs 'title' and 'abstract' columns")."""
    folder = tmp_path / "papers"
    folder.mkdir()
    write_jsonl(folder / "q.jsonl", {"title": "Quill", "abstract": "We propose Quillnet."})
    (folder / "mine.csv").write_text("title,abstract\nGlyph,We propose Glyphnet.\n")
    args = ["build", str(folder), "-o", str(folder), "--entity-model", "none"]
    first = run_kg(*args, "--formats", "ttl,csv,neo4j", "-q")  # neo4j/ tables: a subfolder
    assert first.returncode == 0, first.stderr
    written = {p for p in folder.rglob("*.csv") if p.name != "mine.csv"}
    assert any(p.parent != folder for p in written)
    again = run_kg(*args, "--formats", "ttl")
    assert again.returncode == 0, again.stderr
    (warning,) = messages(again.stderr)
    assert f"left out {len(written)} files kg wrote there" in warning
    assert "papers    2 " in again.stdout  # the user's CSV is read, kg's tables are not


def test_bibtex_concatenations_are_joined_and_bounded(tmp_path, monkeypatch):
    """``"a" # {b} # macro`` was written as it stands, quotes and "#" included."""
    import kg.readers.bibtex as bibtex

    entries = (
        '@string{where = {on vellum} # " sheets"}\n'
        '@article{q1, title = "Quill " # {Folding}, abstract = {We fold quills} # where,'
        " year = 2021, month = mar}\n"
        '@article{q2, title = "Glyph sorting", abstract = {We sort # glyphs.}, year = 2021}\n'
    )
    papers = read_bytes(tmp_path / "q.bib", entries.encode())
    assert [(p.title, p.abstract) for p in papers] == [
        ("Quill Folding", "We fold quillson vellum sheets"),  # (BibTeX adds no space)
        ("Glyph sorting", "We sort # glyphs."),  # one braced text: its "#" is a character
    ]
    monkeypatch.setattr(bibtex, "MAX_RECORD_CHARS", 2_000)
    doubling = "".join(f"@string{{m{i + 1} = m{i} # m{i}}}\n" for i in range(20))
    entry = '@article{q3, title = "Quill " # m20, abstract = {We fold.}, year = 2021}\n'
    with pytest.raises(InputError, match=r"q\.bib:10: @string macros longer than 2,000"):
        read_bytes(tmp_path / "q.bib", ('@string{m0 = "ab"}\n' + doubling + entry).encode())
    pieces = " # ".join(["m"] * 300)  # 3,000 characters from a macro of ten
    entry = f'@article{{q4, title = "Quill", abstract = {pieces}, year = 2021}}\n'
    with pytest.raises(InputError, match="concatenation is longer than 2,000 characters"):
        read_bytes(tmp_path / "q.bib", ('@string{m = "abcdefghij"}\n' + entry).encode())


def test_bibtex_macros_reach_later_pieces_and_empty_ones_count(tmp_path, monkeypatch):
    """Each piece of a file was parsed with every macro defined before it (a million empty
    macros and many pieces: time of their product, unbounded by the macros' size)."""
    import kg.readers.bibtex as bibtex

    monkeypatch.setattr(bibtex, "CHUNK_CHARS", 200)  # a piece of a few entries
    filler = "".join(
        f"@article{{f{i}, title = {{Filler {i}}}, abstract = {{We fill.}}, year = 2020}}\n"
        for i in range(40)
    )
    text = (
        '@string{quillname = "Quill Folding"}\n'
        + filler
        + "@article{q, title = quillname, abstract = {We fold.}, year = 2021}\n"
    )
    *_, paper = read_bytes(tmp_path / "q.bib", text.encode())
    assert paper.title == "Quill Folding"  # defined pieces before, named here
    monkeypatch.setattr(bibtex, "MAX_RECORD_CHARS", 2_000)
    empty = "".join(f'@string{{e{i} = ""}}\n' for i in range(100))
    with pytest.raises(InputError, match=r"@string macros longer than 2,000 characters"):
        read_bytes(tmp_path / "e.bib", (empty + text).encode())


# 19. an eleventh review: graphs edited by hand ----------------------------------------------

RES_IRI = "https://w3id.org/kg-papers/resource/"


def edited_graph(sample_out: Path, tmp_path: Path, edit) -> Path:
    """A copy of the sample's Turtle, changed by ``edit`` (text -> text)."""
    path = tmp_path / "graph.ttl"
    path.write_text(edit((sample_out / "graph.ttl").read_text("utf-8")), "utf-8")
    return path


def first_iri(text: str, kind: str) -> str:
    return re.search(rf"<{RES_IRI}{kind}/[^>]+>", text).group()


@pytest.mark.parametrize(
    "edit, message",
    [
        (  # an RDF 1.2 triple term: an AttributeError of every command
            lambda t: t + "<http://e.org/s> <http://e.org/p> << <http://a> <http://b> <http://c> >> .\n",
            "a triple as a term",
        ),
        (  # four entity classes: its type was a set's first, another on each run
            lambda t: t + f"{first_iri(t, 'method')} a kg:Dataset .\n",
            "of kg's entity classes",
        ),
        (  # a method under a dataset's IRI: written again onto another node's IRI
            lambda t: t + f'<{RES_IRI}dataset/quill> a kg:Method ; kg:key "quill2" .\n',
            "is a kg method named as another type",
        ),
        (  # two keys: the first one was taken
            lambda t: t + f'{first_iri(t, "method")} kg:key "another" .\n',
            "more than one kg:key",
        ),
        (  # digits Python reads and XSD does not
            lambda t: t.replace('kg:paperCount "1"^^xsd:integer', 'kg:paperCount "١"^^xsd:integer', 1),
            "kg:paperCount '١' is not a number",
        ),
        (  # a mention past its paper's text: its offsets went into every table
            lambda t: re.sub(r'kg:endChar "\d+"', 'kg:endChar "99999"', t, count=1),
            "offsets outside its paper's",
        ),
    ],
)  # fmt: skip
def test_a_graph_kg_cannot_read_truly_is_one_input_error(sample_out, tmp_path, edit, message):
    graph = edited_graph(sample_out, tmp_path, edit)
    with pytest.raises(kg.InputError, match=re.escape(message)):
        kg.load(graph)
    result = run_kg("communities", str(graph))
    assert result.returncode == 3 and message in result.stderr, result.stderr


def test_links_to_the_wrong_kind_of_node_link_nothing(sample_out, tmp_path):
    """A result "of" a paper, "in" an entity, and a mention "in" an entity were internal
    errors of kg results, report, view and export (or wrong rows in the tables)."""

    def edit(text: str) -> str:
        method, paper = first_iri(text, "method"), first_iri(text, "paper")
        result = first_iri(text, "result")
        text += f"{result} kg:ofMetric {paper} .\n"  # a paper as a measure
        text = re.sub(r"kg:reportedIn <[^>]+>", f"kg:reportedIn {method}", text, count=1)
        text = re.sub(r"kg:inPaper <[^>]+>", f"kg:inPaper {method}", text, count=1)
        text += f'{method} kg:proposes "{RES_IRI}method/x" .\n'  # a text where a node goes
        return text

    graph = edited_graph(sample_out, tmp_path, edit)
    loaded = kg.load(graph)
    assert all(m.paper_key in loaded.papers for m in loaded.mentions)
    assert all(r.paper_key in loaded.papers for r in loaded.results)
    assert all(r.metric is None or r.metric in loaded.entities for r in loaded.results)
    for command in (["results"], ["export", "--formats", "nt,csv", "-o", str(tmp_path / "x")]):
        done = run_kg(*command, str(graph))
        assert done.returncode == 0 and "internal error" not in done.stderr, done.stderr


def test_counts_a_graph_does_not_hold_are_counted_from_it(sample_out, tmp_path):
    """Read as 0, they left every list at 0 papers and the communities empty, silently."""
    graph = edited_graph(
        sample_out,
        tmp_path,
        lambda t: re.sub(r"\s*kg:(paper|mention)Count \"\d+\"\^\^xsd:integer ;", "", t),
    )
    built, loaded = kg.load(sample_out), kg.load(graph)
    assert {k: e.paper_count for k, e in loaded.entities.items()} == {
        k: e.paper_count for k, e in built.entities.items()
    }
    assert run_kg("communities", str(graph)).stdout == run_kg("communities", str(sample_out)).stdout


def test_kg_communities_says_when_there_are_none(tmp_path):
    source = write_jsonl(
        tmp_path / "q.jsonl", {"title": "Quill", "abstract": "We propose Quillnet."}
    )
    out = tmp_path / "out"
    assert run_kg("build", str(source), "-o", str(out), "--formats", "ttl", "-q").returncode == 0
    result = run_kg("communities", str(out))
    assert result.returncode == 0 and "(no communities: no entity is named by 2" in result.stdout


@pytest.mark.parametrize("option", ["--batch-size", "--html-max-entities", "--processes"])
def test_a_count_setting_past_any_machine_is_a_usage_error(tmp_path, option):
    """--batch-size 2**63 was an internal ValueError (islice)."""
    result = run_kg("build", "-o", str(tmp_path / "out"), option, str(2**63))
    assert result.returncode == 2 and "must be at most 1,000,000,000" in result.stderr
    with pytest.raises(kg.UsageError):
        kg.Settings(**{option[2:].replace("-", "_"): 2**63})


def test_betweenness_of_a_dense_graph_is_sampled_whatever_its_node_count():
    """Exact below 2,000 nodes whatever the edges: 1,995 nodes and 199,000 edges took 170 s."""
    from kg.analysis import _sources

    assert _sources(nx.complete_graph(200)) is None  # small: exact
    dense = nx.complete_graph(700)  # 700 nodes, 244,650 edges
    assert 1 <= _sources(dense) < 300
    assert _sources(nx.path_graph(5_000)) == 300  # many nodes, few edges: the usual sample
