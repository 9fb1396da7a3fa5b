"""Readers: every layout and format, detection by content, duplicates, bad input."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from kg.errors import InputError
from kg.readers import deduplicate, detect_format, expand_inputs, read_file, read_papers
from kg.readers.common import find_urls, parse_date
from kg.records import paper_key

from conftest import FIXTURES


def test_compact_layout_strips_header_and_glued_subscribe():
    papers = list(read_file(str(FIXTURES / "compact.txt")))
    assert [p.title for p in papers] == [
        "SparseFlow: Pruning Normalising Flows at Initialisation",
        "Graph Transformers Without Positional Encodings",
    ]
    assert papers[0].abstract.startswith("We propose SparseFlow")
    assert papers[0].sources[0].line == 3


def test_page_layout_skips_page_furniture_and_page_date():
    papers = list(read_file(str(FIXTURES / "pages.txt")))
    assert [p.title for p in papers] == [
        "Tiny Recurrent Models Forecast Weather",
        "What's in a Name? Naming Conventions of Deep Learning Models",
    ]
    assert all(p.date is None for p in papers)


def test_metadata_layout_reads_authors_organisation_and_dates():
    papers = {p.title: p for p in read_file(str(FIXTURES / "metadata.txt"))}
    assert len(papers) == 4
    jobs = papers["Learning to Schedule Data Centre Jobs"]
    assert (jobs.author_count, jobs.date, jobs.organisation) == (4, "2018-12-05", None)
    momentum = papers["Momentum Without Tears"]
    assert momentum.organisation == "example-lab Example AI Lab"
    assert momentum.author_count is None and momentum.date == "2020-06-15"
    assert papers["A Year-less Entry"].date == "--09-09"
    assert papers["An Entry Without Metadata"].date is None


@pytest.mark.parametrize("text, expected", [
    ("Dec 5, 2018", "2018-12-05"), ("Sep 9", "--09-09"), ("Jun 30, 2024 1", "2024-06-30"),
    ("2021-03-04T10:00:00Z", "2021-03-04"), ("2019", "2019"), ("soon", None), ("Feb 45", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_code_urls_are_found_and_completed():
    text = "Code: github.com/some/repo. Also https://github.com/a/b{https://github.com/a/b}."
    assert find_urls(text) == ("https://github.com/some/repo", "https://github.com/a/b")


def test_jsonl_json_csv_and_atom(tmp_path):
    record = {"title": "A Title", "abstract": "An abstract.", "id": "x1",
              "authors": [{"name": "A. Author"}, "B. Author"], "published": "2020-01-02"}
    (tmp_path / "a.jsonl").write_text(json.dumps(record) + "\n\n")
    (tmp_path / "b.json").write_text(json.dumps({"papers": [record]}))
    (tmp_path / "c.csv").write_text('title,abstract,date\n"A Title","An abstract.",2020-01-02\n')
    (tmp_path / "d.xml").write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<entry><id>http://arxiv.org/abs/2001.00001v2</id><title>A\n  Title</title>"
        "<summary>An abstract.</summary><published>2020-01-02T00:00:00Z</published>"
        "<author><name>A. Author</name></author><category term='cs.LG'/></entry></feed>")
    formats = {}
    for name in ("a.jsonl", "b.json", "c.csv", "d.xml"):
        (paper,) = read_file(str(tmp_path / name))
        formats[name] = paper
        assert (paper.title, paper.abstract, paper.date) == ("A Title", "An abstract.", "2020-01-02")
    assert formats["a.jsonl"].authors == ("A. Author", "B. Author")
    assert formats["d.xml"].external_id == "arXiv:2001.00001"
    assert formats["d.xml"].categories == ("cs.LG",)
    assert len({p.key for p in formats.values()}) == 1


def test_format_is_detected_by_content_not_extension():
    assert detect_format(b'{"title": "x", "abstract": "y"}\n', "papers.txt") == "jsonl"
    assert detect_format(b'[{"title": "x"}]', "data") == "json"
    assert detect_format(b"<?xml version='1.0'?><feed>", "export.txt") == "arxiv-atom"
    assert detect_format(b"title,abstract\nx,y\n", "noext") == "csv"
    assert detect_format(b"Subscribe\n\nSome Title\n", "dump.jsonl") == "hf-dump"
    with pytest.raises(InputError, match="binary"):
        detect_format(b"\x00\x01\x02", "blob.bin")


def test_gzip_input(tmp_path):
    path = tmp_path / "p.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"title": "T", "abstract": "A."}\n'))
    assert [p.title for p in read_file(str(path))] == ["T"]


def test_duplicates_merge_sources_and_fill_missing_fields(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"title": "Same  Paper", "abstract": "Text--here."}) + "\n")
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"title": "same paper", "abstract": "Text -- here.", "date": "2020-05-06"}) + "\n")
    seen = {}
    unique = list(deduplicate(read_papers([tmp_path]), seen))
    assert len(unique) == 1
    (merged,) = seen.values()
    assert merged.date == "2020-05-06"
    assert [s.path.rsplit("/", 1)[-1] for s in merged.sources] == ["a.jsonl", "b.jsonl"]


def test_paper_key_ignores_case_spacing_and_punctuation():
    assert paper_key("A B", "x--y") == paper_key("a  b", "X -- Y")
    assert paper_key("A B", "x") != paper_key("A C", "x")


@pytest.mark.parametrize("content, message", [
    ('{"title": "T"}\n', "no abstract"),
    ('{"title": "T", "abstract": "A"}\n{broken\n', "invalid JSON"),
    ('["not an object"]', "expected an object"),
    ("name,text\nx,y\n", "'title' and 'abstract'"),
])
def test_bad_records_raise_input_error_with_location(tmp_path, content, message):
    suffix = ".csv" if content.startswith("name") else ".jsonl"
    path = tmp_path / f"bad{suffix}"
    path.write_text(content)
    with pytest.raises(InputError, match=message) as info:
        list(read_file(str(path)))
    assert str(path) in str(info.value)


def test_invalid_utf8_is_an_input_error(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Title\nAbstract with caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="UTF-8"):
        list(read_file(str(path)))


def test_skipping_invalid_records_reports_them(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"title": "T", "abstract": "A"}\nnot json\n{"title": "U", "abstract": "B"}\n')
    problems = []
    titles = [p.title for p in read_papers([path], on_invalid=problems.append)]
    assert titles == ["T", "U"]
    assert len(problems) == 1 and ":2:" in str(problems[0])


def test_missing_inputs_and_empty_folders(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        expand_inputs([tmp_path / "nope.txt"])
    with pytest.raises(InputError, match="no input files"):
        expand_inputs([tmp_path])


def test_stdin_reads_json_lines(monkeypatch):
    data = io.BytesIO(b'{"title": "From stdin", "abstract": "Text."}\n')
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(data))
    assert [p.title for p in read_file("-")] == ["From stdin"]


@pytest.fixture(scope="module")
def entries(seeds_dir):
    return list(read_papers([seeds_dir]))


class TestSeeds:
    """The shared Hugging Face dumps: three layouts, papers repeated across files."""

    def test_entry_and_unique_counts(self, entries):
        seen = {}
        unique = list(deduplicate(entries, seen))
        assert len(entries) == 678
        # 624 distinct (title, abstract) pairs: every normalised title has exactly one
        # normalised abstract, so no stricter rule could merge two of them.
        assert len(unique) == len(seen) == 624
        assert len({p.title.casefold() for p in seen.values()}) == 624

    def test_titles_intact_across_layouts(self, entries):
        titles = {p.title for p in entries}
        for title in ("Learning to Design Circuits",
                      "What's the Magic Word? A Control Theory of LLM Prompting",
                      "On Sequential Loss Approximation for Continual Learning"):
            assert title in titles
        assert not any(t.startswith("Subscribe") or t in ("new", "Daily Papers") for t in titles)

    def test_author_counts_and_organisation(self, entries):
        seen = {}
        list(deduplicate(entries, seen))
        assert sum(p.author_count is not None for p in entries) == 56
        organisations = [p.organisation for p in seen.values() if p.organisation]
        assert organisations == ["naver-ai NAVER AI Lab"]

    def test_whitespace_variant_duplicate_is_merged(self, entries):
        seen = {}
        list(deduplicate(entries, seen))
        relax = [p for p in seen.values() if p.title.startswith("Learning to Relax")]
        assert len(relax) == 1 and len(relax[0].sources) == 2
