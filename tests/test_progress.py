"""What long runs say while they work: a build's stages and progress bar, kg validate's and
kg centrality's start lines, and what a rebuild removes or keeps in its folder."""

from __future__ import annotations

import gzip
import hashlib
import json
import re

import pytest
from conftest import run_kg

import kg
from kg.progress import PaperStream, Stage
from kg.readers import ReadMeter, read_papers

TABLES = (
    "papers.csv",
    "entities.csv",
    "paper_entity.csv",
    "entity_entity.csv",
    "mentions.csv",
    "results.csv",
    "result_links.csv",
)


def test_a_build_off_a_terminal_prints_its_stages_and_with_q_nothing(tmp_path):
    out = tmp_path / "out"
    result = run_kg("build", "-o", str(out), "--entity-model", "none", "--formats", "ttl,html")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()  # not a terminal: the stages as lines, no bar
    assert re.fullmatch(r"extracting entities from 2 input files \(\d+ kB\)\.\.\.", lines[0])
    assert re.fullmatch(r"linking [\d,]+ mentions of \d+ papers\.\.\.", lines[1])
    assert lines[2:] == ["writing graph.ttl...", "writing graph.html..."]
    assert "linking" not in result.stdout and "%|" not in result.stderr
    summary = result.stdout.splitlines()
    time_line = next(line for line in summary if line.startswith("time"))
    assert re.fullmatch(
        r"time +[\d.]+ s: extract [\d.]+ s, link [\d.]+ s, "
        r"write [\d.]+ s \(ttl [\d.]+ s, html [\d.]+ s\)",
        time_line,
    )
    assert summary[-1] == f"open      {out / 'graph.html'} (the map)"
    quiet = run_kg("build", "-o", str(tmp_path / "quiet"), "--entity-model", "none", "-q")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_the_progress_bar_shows_the_total_and_the_percentage(tmp_path):
    result = run_kg(
        "build",
        "-o",
        str(tmp_path / "out"),
        "--entity-model",
        "none",
        "--formats",
        "ttl",
        "--progress",
    )
    assert result.returncode == 0, result.stderr
    counted = re.search(r"^papers +(\d+)", result.stdout, re.MULTILINE)
    assert counted, result.stdout
    papers = int(counted.group(1))
    assert re.search(rf"extracting: 100%\|[^|]*\| {papers}/{papers} \[", result.stderr)
    assert re.search(r"^linking .* mentions", result.stderr, re.MULTILINE)  # stages still print


def test_a_rebuild_keeps_what_kg_export_added_and_clean_removes_it_naming_each(tmp_path):
    out = tmp_path / "out"
    build = ["build", "-o", str(out), "--entity-model", "none", "--formats", "ttl"]
    assert run_kg(*build, "-q").returncode == 0
    exported = run_kg("export", str(out), "--formats", "csv")
    assert exported.returncode == 0, exported.stderr
    again = run_kg(*build, "--no-progress")
    assert again.returncode == 0, again.stderr
    assert all((out / table).is_file() for table in TABLES)
    assert not [line for line in again.stdout.splitlines() if line.startswith("removed")]
    assert (
        "kept      papers.csv, entities.csv, paper_entity.csv and 4 more: earlier outputs of "
        "kg, not written by this build (--clean removes them)"
    ) in again.stdout
    clean = run_kg(*build, "--clean", "--no-progress")
    assert clean.returncode == 0, clean.stderr
    removed = [line.split()[1] for line in clean.stdout.splitlines() if line.startswith("removed")]
    assert removed == [str(out / table) for table in TABLES]
    assert not any((out / table).exists() for table in TABLES)
    assert not [line for line in clean.stdout.splitlines() if line.startswith("kept")]
    assert (out / "graph.ttl").is_file()


def test_a_rebuild_in_another_rdf_format_removes_the_old_graph_and_says_so(tmp_path):
    out = tmp_path / "out"
    build = ["build", "-o", str(out), "--entity-model", "none", "--no-progress"]
    assert run_kg(*build, "--formats", "nt,html", "-q").returncode == 0
    result = run_kg(*build, "--formats", "ttl")
    assert result.returncode == 0, result.stderr
    assert (
        f"removed   {out / 'graph.nt'} (the graph of an earlier build, in a format not written now)"
    ) in result.stdout
    assert not (out / "graph.nt").exists() and (out / "graph.html").is_file()
    assert "kept      graph.html:" in result.stdout


def test_validate_and_centrality_print_their_start_lines_on_stderr_only(tmp_path):
    out = tmp_path / "out"
    built = run_kg("build", "-o", str(out), "--entity-model", "none", "--formats", "ttl", "-q")
    assert built.returncode == 0, built.stderr
    graph_file = out / "graph.ttl"
    result = run_kg("validate", str(out))
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        rf"{re.escape(str(graph_file))}: conforms to kg's shapes \(\d+ triples\)\n", result.stdout
    )
    reading, validating = result.stderr.splitlines()
    assert re.fullmatch(rf"reading {re.escape(str(graph_file))} \(\d+ kB\)\.\.\.", reading)
    assert re.fullmatch(
        r"validating graph\.ttl against kg's shapes \([\d,]+ triples\)\.\.\.", validating
    )
    assert run_kg("validate", str(out), "-q").stderr == ""
    result = run_kg("centrality", str(out), "--measure", "betweenness", "--top", "3")
    assert result.returncode == 0, result.stderr
    reading, measuring = result.stderr.splitlines()
    assert reading.startswith(f"reading {graph_file} (")
    assert re.fullmatch(r"betweenness on [\d,]+ nodes and [\d,]+ edges\.\.\.", measuring)
    assert "reading" not in result.stdout and "betweenness on" not in result.stdout
    assert result.stdout.splitlines()[0].split() == ["label", "type", "score", "papers"]
    quiet = run_kg("centrality", str(out), "--measure", "betweenness", "--top", "3", "-q")
    assert quiet.stderr == "" and quiet.stdout == result.stdout


def test_centrality_says_when_it_samples(tmp_path, monkeypatch):
    import kg.analysis

    graph = kg.build(entity_model="none")
    monkeypatch.setattr(kg.analysis, "EXACT_BETWEENNESS_MAX_NODES", 10)
    monkeypatch.setattr(kg.analysis, "BETWEENNESS_SAMPLES", 5)
    seen: list[Stage] = []
    with pytest.warns(UserWarning, match="betweenness estimated from 5 sampled sources"):
        kg.analysis.centrality(graph, "betweenness", top=3, stages=seen.append)
    (stage,) = seen
    assert stage.name == "measure"
    assert re.fullmatch(
        r"betweenness on [\d,]+ nodes and [\d,]+ edges, from 5 sampled sources \(seed 42\)\.\.\.",
        str(stage),
    )


def test_the_api_is_quiet_unless_given_functions_and_a_progress_function_sees_the_total(
    tmp_path, capfd
):
    quiet = kg.build(out=tmp_path / "quiet", entity_model="none", formats="ttl")
    assert capfd.readouterr() == ("", "")
    seen: list[Stage] = []
    totals: list[tuple[int, int | None, bool]] = []

    def progress(papers):
        assert isinstance(papers, PaperStream)
        for paper in papers:
            totals.append((papers.done, papers.total, papers.estimated))
            yield paper

    graph = kg.build(
        out=tmp_path / "out",
        entity_model="none",
        formats="ttl,csv",
        stages=seen.append,
        progress=progress,
    )
    assert [stage.name for stage in seen] == ["extract", "link", "write", "write"]
    assert [str(stage) for stage in seen[2:]] == [
        "writing graph.ttl...",
        "writing 7 csv files (papers.csv, entities.csv, ...)...",
    ]
    assert totals[-1] == (len(graph.papers), len(graph.papers), False)
    assert graph == quiet
    assert capfd.readouterr() == ("", "")
    # a progress function that yields fewer papers, or none, loses no paper
    assert kg.build(entity_model="none", progress=lambda papers: iter(())) == quiet


def test_the_read_meter_follows_the_compressed_bytes_of_a_gzip_file(tmp_path):
    path = tmp_path / "papers.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for n in range(2000):  # text that hardly compresses, so that it takes many reads
            noise = " ".join(hashlib.sha256(f"{n}-{i}".encode()).hexdigest() for i in range(4))
            handle.write(json.dumps({"title": f"Paper {n}", "abstract": noise}) + "\n")
    meter = ReadMeter([str(path)])
    assert meter.total == path.stat().st_size and meter.bytes_read() == 0
    papers = read_papers([str(path)], meter=meter)
    next(papers)
    assert 0 < meter.bytes_read() < meter.total / 2
    assert sum(1 for _ in papers) == 1999 and meter.bytes_read() == meter.total
    assert ReadMeter(["-"]).total is None
