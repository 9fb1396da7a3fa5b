"""Readers: every layout and format, detection by content, duplicates, bad input."""

from __future__ import annotations

import gzip
import io
import json
import warnings

import pytest
from conftest import FIXTURES, REPO, messages, run_kg

import kg
from kg.errors import InputError
from kg.ids import arxiv_id_month, identifier
from kg.readers import deduplicate, detect_format, expand_inputs, read_file, read_papers
from kg.readers.bibtex import latex_text
from kg.readers.common import InputWarning, find_urls, parse_date
from kg.readers.openalex import rebuild_abstract
from kg.records import DATE_FROM_ARXIV_ID, DATE_STATED, Paper, Source, paper_key

DATA = REPO / "tests" / "data"


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


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dec 5, 2018", "2018-12-05"),
        ("Sep 9", "--09-09"),
        ("Jun 30, 2024 1", "2024-06-30"),
        ("2021-03-04T10:00:00Z", "2021-03-04"),
        ("2021-03-04T10:00:00.000+05:30", "2021-03-04"),
        ("2021-03-04 10:00", "2021-03-04"),
        ("2019-05-01 10:00:00 +0000", "2019-05-01"),
        ("2019-05-01 10:00:00 PST", "2019-05-01"),
        ("2019-05-01T10:00:00.1234567890Z", "2019-05-01"),
        # what follows a date is a time of day, or the date is none
        ("2019 in press", None),
        ("2020-06-01 or maybe 2021", None),
        ("2024-02-29T25:00:00Z", None),
        ("2024-02-29T10:00:00+99:00", None),
        ("2024-02-29Tgarbage", None),
        ("2019", "2019"),
        ("soon", None),
        ("Feb 45", None),
        ("--09-09", "--09-09"),  # the year-less form kg writes reads back
        ("--02-29", "--02-29"),
        ("--02-30", None),
        ("--13-01", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_code_urls_are_found_and_completed():
    text = "Code: github.com/some/repo. Also https://github.com/a/b{https://github.com/a/b}."
    assert find_urls(text) == ("https://github.com/some/repo", "https://github.com/a/b")


def test_jsonl_json_csv_and_atom(tmp_path):
    record = {
        "title": "A Title",
        "abstract": "An abstract.",
        "id": "x1",
        "authors": [{"name": "A. Author"}, "B. Author"],
        "published": "2020-01-02",
    }
    (tmp_path / "a.jsonl").write_text(json.dumps(record) + "\n\n")
    (tmp_path / "b.json").write_text(json.dumps({"papers": [record]}))
    (tmp_path / "c.csv").write_text('title,abstract,date\n"A Title","An abstract.",2020-01-02\n')
    (tmp_path / "d.xml").write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<entry><id>http://arxiv.org/abs/2001.00001v2</id><title>A\n  Title</title>"
        "<summary>An abstract.</summary><published>2020-01-02T00:00:00Z</published>"
        "<author><name>A. Author</name></author><category term='cs.LG'/></entry></feed>"
    )
    formats = {}
    for name in ("a.jsonl", "b.json", "c.csv", "d.xml"):
        (paper,) = read_file(str(tmp_path / name))
        formats[name] = paper
        assert (paper.title, paper.abstract, paper.date) == (
            "A Title",
            "An abstract.",
            "2020-01-02",
        )
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
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"title": "Same  Paper", "abstract": "Text--here."}) + "\n"
    )
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"title": "same paper", "abstract": "Text -- here.", "date": "2020-05-06"})
        + "\n"
    )
    seen = {}
    unique = list(deduplicate(read_papers([tmp_path]), seen))
    assert len(unique) == 1
    (merged,) = seen.values()
    assert merged.date == "2020-05-06"
    assert [s.path.rsplit("/", 1)[-1] for s in merged.sources] == ["a.jsonl", "b.jsonl"]


def test_paper_key_ignores_case_spacing_and_punctuation():
    assert paper_key("A B", "x--y") == paper_key("a  b", "X -- Y")
    assert paper_key("A B", "x") != paper_key("A C", "x")


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"title": "T"}\n', "no abstract"),
        ('{"title": "T", "abstract": "A"}\n{broken\n', "invalid JSON"),
        ('["not an object"]', "expected an object"),
        ("name,text\nx,y\n", "'title' and 'abstract'"),
        # a number Python will not read (more than 4,300 digits): first, later, in a document
        ('{"title": "T", "abstract": "A", "year": ' + "9" * 5000 + "}\n", "number too long"),
        ('{"title": "T", "abstract": "A"}\n{"year": ' + "9" * 5000 + "}\n", "number too long"),
        ('[\n{"title": "T", "abstract": "A", "year": ' + "9" * 5000 + "}\n]", "number too long"),
        # an author count that is no count of authors
        ('{"title": "T", "abstract": "A", "author_count": -5}\n', "author count -5 is out"),
        ('{"title": "T", "abstract": "A", "author_count": Infinity}\n', "inf is not a number"),
        ('{"title": "T", "abstract": "A", "author_count": 1' + "0" * 50 + "}\n", "out of range"),
    ],
)
def test_bad_records_raise_input_error_with_location(tmp_path, content, message):
    suffix = ".csv" if content.startswith("name") else ".jsonl"
    path = tmp_path / f"bad{suffix}"
    path.write_text(content)
    with pytest.raises(InputError, match=message) as info:
        list(read_file(str(path)))
    assert str(path) in str(info.value)


def test_a_record_with_a_number_too_long_to_read_is_skipped_with_skip_invalid(tmp_path):
    path = tmp_path / "years.jsonl"
    path.write_text(
        '{"title": "Quill", "abstract": "We sort glyphs.", "year": ' + "9" * 5000 + "}\n"
        '{"title": "Zarn", "abstract": "We sort quills."}\n'
    )
    skipped = []
    papers = list(read_file(str(path), on_invalid=skipped.append))
    assert [p.title for p in papers] == ["Zarn"] and len(skipped) == 1


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


def test_one_path_given_alone_is_one_input_not_its_characters(tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text('{"title": "T", "abstract": "A"}\n')
    assert expand_inputs(str(path)) == expand_inputs(path) == [str(path)]
    assert expand_inputs(bytes(path)) == [str(path)]
    assert [p.title for p in read_papers(str(path))] == ["T"]


def test_a_folder_entry_that_cannot_be_looked_at_is_a_one_line_error(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "papers.jsonl").write_text('{"title": "T", "abstract": "A"}\n')
    # a link to a name no file system takes: looking at it fails, as a link into a
    # folder the user may not read does
    (folder / "elsewhere.jsonl").symlink_to("n" * 300)
    result = run_kg(
        "build", str(folder), "-o", str(tmp_path / "out"), "-q", "--entity-model", "none"
    )
    assert result.returncode == 3
    assert result.stderr.splitlines() == [
        f"kg: error: {folder / 'elsewhere.jsonl'}: cannot read (File name too long)"
    ]
    assert not (tmp_path / "out").exists()
    named = tmp_path / ("n" * 300 + ".jsonl")  # given directly, not found in a folder
    result = run_kg("build", str(named), "-o", str(tmp_path / "out"), "-q")
    assert result.returncode == 3
    assert result.stderr.splitlines() == [f"kg: error: {named}: cannot read (File name too long)"]


def test_a_wide_csv_header_is_checked_in_linear_time(tmp_path):
    # each column name was counted over the whole header: 60,000 columns took 35 s
    path = tmp_path / "wide.csv"
    columns = ["title", "abstract", *(f"c{i}" for i in range(200_000))]
    path.write_text(",".join(columns) + "\n" + "T,A" + "," * 200_000 + "\n", encoding="utf-8")
    assert [p.title for p in read_papers([path])] == ["T"]


def test_bibtex_markup_past_the_limits_is_refused_unread(tmp_path, monkeypatch):
    # converting LaTeX costs far more than checking a length: a 4 MB abstract of markup
    # took 34 s to be refused as too long, 300,000 authors 42 s to keep 1,000
    import kg.readers.bibtex as bibtex

    read = []
    real = bibtex.latex_text
    monkeypatch.setattr(bibtex, "latex_text", lambda text: read.append(len(text)) or real(text))
    path = tmp_path / "refs.bib"
    authors = " and ".join(['Zarn {\\"o} Quill'] * 5_000)
    path.write_text(
        "@article{a, title={T}, author={A B}, abstract={" + "\\emph{a} " * 100_000 + "}}\n"
        "@article{b, title={U}, author={" + authors + "}, abstract={Glyphs.}}\n",
        encoding="utf-8",
    )
    problems = []
    with pytest.warns(InputWarning, match="5,000 author names; the first 1,000 are kept"):
        (paper,) = read_papers([path], on_invalid=problems.append)
    assert [str(p) for p in problems] == [f"{path}:1: abstract longer than 20000 characters"]
    assert len(paper.authors) == 1_000 and paper.authors[0] == "Zarn ö Quill"
    assert max(read) < 100_000 and len(read) <= 1_010  # the long fields were never converted


def test_skipped_records_past_a_hundred_are_counted_not_kept(tmp_path):
    # each reason was kept to the end: 3 million bad lines (9 KB gzipped) took 481 MB
    path = tmp_path / "bad.jsonl"
    path.write_text('{"title": "T", "abstract": "A"}\n' + "{}\n" * 150, encoding="utf-8")
    result = run_kg(
        "build", str(path), "-o", str(tmp_path / "out"), "--entity-model", "none",
        "--skip-invalid", "--no-progress",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    warned = messages(result.stderr)
    assert len(warned) == 101 and warned[-1] == "kg: warning: skipped 50 more invalid records"
    assert warned[99] == f"kg: warning: skipped {path}:101: record has no title"
    assert "(1 entries read, 0 duplicates merged, 150 skipped)" in result.stdout


HF_DUMP = """Daily Papers

Quillnet for Glyphs

We fold glyphs with Quillnet and read them back.

  • 2 authors
·
Dec 10, 2015

Krelnet Reads Archives

Krelnet reads quill archives in one pass and keeps every glyph it sees.

{rest}

  • 3 authors
·
Jun 12, 2017

Vostok Sorting

We sort glyphs of the Vostok archive.
"""


def test_an_abstract_split_over_two_lines_is_a_record_skip_invalid_skips():
    rest = "The rest of the abstract goes on about archives, " * 12
    dump = HF_DUMP.format(rest=rest)
    with pytest.raises(InputError, match="15: expected a title line but found a long paragraph"):
        list(read_hf(dump))
    problems = []
    titles = [p.title for p in read_hf(dump, on_invalid=problems.append)]
    # the entry whose abstract was cut is left out, not kept with half of it
    assert titles == ["Quillnet for Glyphs", "Vostok Sorting"]
    split = "expected a title line but found a long paragraph (an abstract split over two lines?)"
    assert [str(p) for p in problems] == [f"d.txt:15: {split}"]


def test_a_split_abstract_costs_no_entry_but_its_own():
    # the entry before an invalid one was held back and lost with it
    dump = (
        "Daily Papers\n\nQuillnet for Glyphs\n\nWe fold glyphs with Quillnet.\n\n"
        "Krelnet Reads Archives\n\n"
        + "Krelnet reads archives. " * 900
        + "\n\n"
        + "and the rest of it goes on, " * 20
        + "\n\nVostok Sorting\n\nWe sort glyphs.\n"
    )
    problems = []
    titles = [p.title for p in read_hf(dump, on_invalid=problems.append)]
    assert titles == ["Quillnet for Glyphs", "Vostok Sorting"]
    assert [str(p).split(": ", 1)[1][:30] for p in problems] == [
        "abstract longer than 20000 cha",
        "expected a title line but foun",
    ]


def test_a_paragraph_before_the_first_entry_shifts_no_title_onto_another_abstract():
    # read as a title, the paragraph took the first title as its abstract, and so on
    dump = (
        "The tail of an abstract copied from an earlier page, " * 10 + "\n\n"
        "Quillnet for Glyphs\n\nWe fold glyphs with Quillnet.\n\n"
        "Vostok Sorting\n\nWe sort glyphs.\n"
    )
    with pytest.raises(InputError, match=r"d\.txt:1: expected a title line but found a long"):
        list(read_hf(dump))
    problems = []
    papers = list(read_hf(dump, on_invalid=problems.append))
    assert [(p.title, p.abstract) for p in papers] == [
        ("Quillnet for Glyphs", "We fold glyphs with Quillnet."),
        ("Vostok Sorting", "We sort glyphs."),
    ]
    assert len(problems) == 1


def read_hf(text, **kwargs):
    from kg.readers.hf_dump import read_hf_dump

    return read_hf_dump(io.StringIO(text), "d.txt", **kwargs)


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
        for title in (
            "Learning to Design Circuits",
            "What's the Magic Word? A Control Theory of LLM Prompting",
            "On Sequential Loss Approximation for Continual Learning",
        ):
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


# --- sources researchers hold: arXiv snapshot, Semantic Scholar, OpenAlex, BibTeX, RIS ------
# Sample files in tests/data/ (invented papers, real field layouts). RankSparse is one paper
# in the snapshot, OpenAlex and the .bib, each spelling it a little differently.


def read_sample(name: str, **kwargs) -> list:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)  # counts of entries without abstract
        return list(read_file(str(DATA / name), **kwargs))


def by_title(papers) -> dict:
    return {p.title: p for p in papers}


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("arxiv-snapshot.jsonl", "arxiv-snapshot"),
        ("openalex-works.jsonl", "openalex"),
        ("openalex-page.json", "openalex"),
        ("semantic-scholar-search.json", "semantic-scholar"),
        ("semantic-scholar-papers.jsonl", "semantic-scholar"),
        ("library.bib", "bibtex"),
        ("zotero.ris", "ris"),
    ],
)
def test_sources_are_recognised_by_content(name, fmt):
    head = (DATA / name).read_bytes()[:65536]
    assert detect_format(head, name) == fmt
    assert detect_format(head, "renamed.txt") == fmt  # the name does not decide


def test_arxiv_snapshot_fields_dates_and_link():
    papers = by_title(read_sample("arxiv-snapshot.jsonl"))
    paper = papers["RankSparse: Rank-Sparse Adapters for Parameter-Efficient Fine-Tuning"]
    assert paper.abstract.startswith(
        "Fine-tuning every weight of a large pretrained model is costly"
    )
    assert "holds $O(r \\log d)$ parameters" in paper.abstract and "\n" not in paper.abstract
    assert paper.authors == ("Mira Castellanos", "Tomasz Wielgosz", "Aiko Fujimura")
    assert paper.categories == ("cs.CL", "cs.LG")
    # the first version's date, not update_date nor the last version
    assert (paper.date, paper.date_precision, paper.date_origin) == (
        "2021-06-09",
        "day",
        DATE_STATED,
    )
    assert paper.external_id == "arXiv:2106.04821" and paper.ids == ("arXiv:2106.04821",)
    assert ("arXiv", "https://arxiv.org/abs/2106.04821") in paper.links
    assert ("code", "https://github.com/example-lab/ranksparse") in paper.links
    assert paper.sources[0].format == "arxiv-snapshot" and paper.sources[0].line == 1
    # no versions, no update_date: the old-style id's year and month, marked as such
    old = papers["Bounded-Width Resolution on Random 3-SAT Instances Near the Threshold"]
    assert (old.date, old.date_precision, old.date_origin) == (
        "2001-12",
        "month",
        DATE_FROM_ARXIV_ID,
    )
    assert old.links == [("arXiv", "https://arxiv.org/abs/cs/0112017")]
    # no versions: update_date when it falls in the id's month ...
    spin = papers["Spin Waves in Frustrated Kagome Antiferromagnets"]
    assert (spin.date, spin.date_origin) == ("2007-05-22", DATE_STATED)
    assert spin.ids == ("arXiv:0705.1234", "doi:10.5555/physrevb.76.054401")
    assert spin.authors == ("R. A. Whitfield Jr", "S. Nakagawa")
    # ... but not a last update years later: then the id's month
    late = papers["Calibrated Uncertainty for Graph Neural Networks via Evidential Message Passing"]
    assert (late.date, late.date_origin) == ("2019-12", DATE_FROM_ARXIV_ID)


@pytest.mark.parametrize(
    "identifier, month",
    [
        ("2106.09685", "2021-06"),
        ("cs/0112017", "2001-12"),
        ("0704.0001", "2007-04"),
        ("hep-th/9108001", "1991-08"),
        ("math.GT/0309136", "2003-09"),
        ("2113.00001", None),
    ],
)
def test_arxiv_id_month(identifier, month):
    assert arxiv_id_month(identifier) == month


def test_openalex_abstract_is_rebuilt_word_for_word():
    papers = by_title(read_sample("openalex-works.jsonl"))
    noise = papers["Gradient Noise Scales Predict the Critical Batch Size"]
    # "the" at three positions, "noise"/"scale" at two; positions 6 and 12 missing;
    # position 11 given twice ("size;" then "size,"): the first is kept
    assert noise.abstract == (
        "The noise scale of the gradient predicts the critical batch size; "
        "the noise scale grows during training."
    )
    assert noise.authors == ("Priya Raman", "Henrik Solberg")  # display name, else raw name
    assert (noise.date, noise.date_precision) == ("2020-11-03", "day")
    assert noise.ids == ("openalex:W2990011223", "doi:10.5555/neunet.2020.0817")
    assert noise.links == [
        ("OpenAlex", "https://openalex.org/W2990011223"),
        ("DOI", "https://doi.org/10.5555/neunet.2020.0817"),
    ]
    ranksparse = papers["RankSparse: Rank-Sparse Adapters for Parameter-Efficient Fine-Tuning"]
    # arXiv's DOI and the arXiv location both give the arXiv id
    assert ranksparse.ids == (
        "openalex:W3170542213",
        "doi:10.48550/arxiv.2106.04821",
        "arXiv:2106.04821",
    )
    assert ranksparse.sources[0].line == 1 and noise.sources[0].line == 2
    assert rebuild_abstract({"b": [1, 1], "a": [0], "c": [7]}) == "a b c"


def test_an_openalex_index_that_makes_a_too_long_abstract_is_refused_before_it_is_made():
    """One 100,000-letter word at 20,000 positions (a 229 KB record) made 2 GB of text, and
    took 5.9 GB of memory, before the abstract's length was checked."""
    word = "w" * 100_000
    with pytest.raises(InputError, match="abstract longer than 20000 characters"):
        rebuild_abstract({word: list(range(20_000))})
    assert len(rebuild_abstract({"glyph": list(range(3_000))})) == 3_000 * 6 - 1  # in bounds


def test_openalex_api_page_and_works_without_abstract():
    (paper,) = read_sample("openalex-page.json")
    assert paper.title == "Contrastive Pretraining of Sentence Encoders for Low-Resource Retrieval"
    assert (paper.date, paper.date_precision) == ("2020", "year")  # publication_year alone
    assert paper.authors == ("Lucía Garcés",)
    assert paper.sources[0].line == 10  # where the work starts in the page
    with pytest.warns(
        InputWarning, match=r"openalex-works.jsonl: skipped 1 of 3 entries that have no abstract"
    ):
        assert len(list(read_file(str(DATA / "openalex-works.jsonl")))) == 2


def test_semantic_scholar_search_page_and_bulk_dataset():
    with pytest.warns(InputWarning, match="skipped 1 of 3 entries that have no abstract"):
        papers = by_title(read_file(str(DATA / "semantic-scholar-search.json")))
    moe = papers["Sparse Mixture-of-Experts Routing with Load-Aware Gates"]
    assert (moe.date, moe.date_precision) == ("2020-11-02", "day")  # publicationDate, not year
    assert moe.authors == ("Kwame Mensah", "Ingrid Sørensen")
    assert moe.ids == (
        "s2:3f5c1b9e2a7d4c8b6e0f1a2b3c4d5e6f7a8b9c0d",
        "CorpusId:226237813",
        "doi:10.48550/arxiv.2011.01234",
        "arXiv:2011.01234",
    )
    page = "https://www.semanticscholar.org/paper/3f5c1b9e2a7d4c8b6e0f1a2b3c4d5e6f7a8b9c0d"
    assert moe.links[0] == ("Semantic Scholar", page)
    assert ("Semantic Scholar", "https://api.semanticscholar.org/CorpusID:226237813") in moe.links
    assert moe.categories == ("Computer Science",)
    curriculum = papers["Curriculum Sampling for Few-Shot Relation Classification"]
    assert (curriculum.date, curriculum.date_precision) == ("2019", "year")  # no publicationDate
    assert curriculum.categories == (
        "Computer Science",
        "Linguistics",
    )  # s2FieldsOfStudy, once each
    (bulk,) = read_sample("semantic-scholar-papers.jsonl")
    assert (bulk.date, bulk.ids) == ("2021-12-10", ("CorpusId:245002341", "arXiv:2112.05566"))
    assert bulk.external_id == "CorpusId:245002341" and bulk.authors == ("Elif Yıldız",)


def test_semantic_scholar_batch_answer_skips_unknown_ids(tmp_path):
    path = tmp_path / "batch.json"
    path.write_text(
        json.dumps(
            [
                None,
                {"paperId": "a" * 40, "title": "T", "abstract": "A.", "year": 2024, "authors": []},
            ]
        )
    )
    with pytest.warns(InputWarning, match="skipped 1 null entries"):
        (paper,) = read_file(str(path))
    assert paper.ids == ("s2:" + "a" * 40,) and paper.date == "2024"


def test_bibtex_latex_becomes_text_and_entries_without_abstract_are_counted():
    with pytest.warns(
        InputWarning, match="library.bib: skipped 2 of 4 entries that have no abstract"
    ):
        papers = by_title(read_file(str(DATA / "library.bib")))
    assert len(papers) == 2
    ranksparse = papers["RankSparse: Rank-Sparse Adapters for Parameter-Efficient Fine-Tuning"]
    assert "{" not in ranksparse.abstract and "We propose RankSparse, which" in ranksparse.abstract
    assert "holds $O(r \\log d)$ parameters" in ranksparse.abstract  # math as written
    assert "training 0.1% of its parameters" in ranksparse.abstract  # \%
    assert ranksparse.abstract.endswith(
        "Code is available at https://github.com/example-lab/ranksparse."
    )
    assert ranksparse.authors == ("Mira Castellanos", "Tomasz Wielgosz", "Aiko Fujimura")
    assert (ranksparse.date, ranksparse.date_precision) == ("2022-04", "month")  # month = apr
    assert ranksparse.ids == ("arXiv:2106.04821",)  # eprint with archivePrefix arXiv
    assert ranksparse.categories == ("parameter-efficient fine-tuning", "adapters")
    assert ranksparse.sources[0].line == 6
    schone = papers["Schöne BERTs: Pretraining German Encoders on Café Reviews"]
    assert schone.abstract == (
        "We pretrain encoders on 2–3 million German café reviews — a domain rich in dialect — "
        "and reach 91% accuracy on “sentiment” and aspect labels, against 84% for a "
        "multilingual model; the gain grows as $n^{-1/2}$ with the training size $n$."
    )
    assert schone.authors == (
        "Jörg Müller",
        "Lucía García",
        "Jan van der Berg Jr.",
    )  # "others" dropped
    assert (schone.date, schone.ids) == ("2021-11", ("doi:10.5555/tes.2021.012",))
    assert schone.urls == ("https://example.org/papers/schone-berts",)


@pytest.mark.parametrize(
    "latex, text",
    [
        (r"{LoRA}: Low-Rank", "LoRA: Low-Rank"),
        (r"Caf\'e", "Café"),
        (r"pages 1--10", "pages 1–10"),
        (r"yes---no", "yes—no"),
        (r"$O(n^2)$ and \(x_1\)", r"$O(n^2)$ and \(x_1\)"),
        (r"95% of it", "95% of it"),
        (r"see \href{https://x.org}{the site}\cite{k}", "see the site"),
        (r"\emph{not} \textbf{bold}", "not bold"),
        (r"\"{o}\ss{} \o", "öß ø"),
    ],
)
def test_bibtex_latex_to_text(latex, text):
    assert latex_text(latex) == text


def test_ris_records_with_several_authors():
    with pytest.warns(
        InputWarning, match="zotero.ris: skipped 1 of 3 entries that have no abstract"
    ):
        papers = by_title(read_file(str(DATA / "zotero.ris")))
    noise = papers["Gradient Noise Scales Predict the Critical Batch Size"]
    assert noise.authors == ("Priya Raman", "Henrik Solberg", "Mateo de la Cruz Jr.")
    assert noise.abstract.startswith(
        "The noise scale of the gradient predicts the batch size beyond which larger"
    )
    assert (noise.date, noise.date_precision) == ("2020-11-03", "day")  # DA over PY
    assert noise.ids == ("doi:10.5555/neunet.2020.0817",) and noise.categories == (
        "batch size",
        "optimisation",
    )
    assert noise.sources[0].line == 1
    patches = papers["Tokenizer-Free Language Modelling with Byte Patches"]
    assert (patches.date, patches.date_precision) == ("2022", "year")  # "2022///ICLR"
    assert patches.ids == ("arXiv:2112.05566",) and patches.sources[0].line == 22


def test_ris_continuation_lines_read_as_rispy_reads_them(monkeypatch):
    import rispy

    from kg.readers.ris import read_ris

    text = (
        "TY  - JOUR\n"
        "TI  - Quill Sorting\n"
        "   across two lines\n"
        "AU  - Zarnik, Plinth\n"
        "  Velm, Quorb\n"  # a list field's continuation: an author of its own
        "KW  - alpha\n"
        "  beta\n"
        "KW  - gamma\n"
        "AB  - We sort glyphs\n" + "  with quills,\n" * 500 + "\n   and   win.\n"
        "ER  - \n"
    )
    (expected,) = rispy.loads(text)
    # rispy joins a text field's continuation lines one by one, copying the text so far
    # each time (quadratic): kg joins them once, so rispy joins none of the abstract's
    joined = []
    add_tag = rispy.RisParser._add_tag

    def counted(self, record, tag, content, extend_multiline=False):
        if extend_multiline:
            joined.append(tag)
        return add_tag(self, record, tag, content, extend_multiline=extend_multiline)

    monkeypatch.setattr(rispy.RisParser, "_add_tag", counted)
    (paper,) = read_ris(io.StringIO(text), "q.ris")
    assert paper.title == " ".join(expected["title"].split()) == "Quill Sorting across two lines"
    assert paper.abstract == " ".join(expected["abstract"].split())
    assert paper.abstract.startswith(
        "We sort glyphs with quills, with"
    ) and paper.abstract.endswith("and win.")
    assert paper.authors == ("Plinth Zarnik", "Quorb Velm") and paper.categories == (
        "alpha",
        "beta",
        "gamma",
    )
    assert "AB" not in joined and "TI" not in joined and "AU" in joined


def test_the_same_paper_from_three_sources_is_one_paper():
    files = [DATA / "arxiv-snapshot.jsonl", DATA / "openalex-works.jsonl", DATA / "library.bib"]
    for order in (files, files[::-1]):
        seen: dict = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InputWarning)
            list(deduplicate(read_papers(order), seen))
        (paper,) = [p for p in seen.values() if p.title.startswith("RankSparse")]
        assert sorted(s.format for s in paper.sources) == ["arxiv-snapshot", "bibtex", "openalex"]
        # the snapshot's first-version day, whatever the order (OpenAlex: a later day; .bib: a month)
        assert (paper.date, paper.date_precision, paper.date_origin) == (
            "2021-06-09",
            "day",
            DATE_STATED,
        )
        assert set(paper.ids) == {
            "arXiv:2106.04821",
            "openalex:W3170542213",
            "doi:10.48550/arxiv.2106.04821",
        }
        assert len({p.key for p in seen.values()}) == len(seen)


def test_copies_sharing_an_identifier_merge_and_keep_the_better_date():
    source = Source("a.jsonl", 1, "jsonl")
    first = Paper(
        "Title one",
        "Abstract one.",
        date="2021-06",
        date_origin=DATE_FROM_ARXIV_ID,
        ids=("arXiv:2106.00001",),
        sources=(source,),
    )
    second = Paper(
        "Title, as a journal prints it",
        "Abstract two.",
        date="2021-06",
        ids=("doi:10.5555/x", "arXiv:2106.00001"),
        sources=(Source("b.bib", 3, "bibtex"),),
    )
    third = Paper("Another title", "Another abstract.", ids=("doi:10.5555/x",))
    seen: dict = {}
    assert list(deduplicate([first, second, third], seen)) == [first]
    (merged,) = seen.values()
    assert merged.key == first.key and len(merged.sources) == 2
    assert (merged.date, merged.date_origin) == ("2021-06", DATE_STATED)  # stated beats the id's
    assert merged.ids == ("arXiv:2106.00001", "doi:10.5555/x")


@pytest.mark.parametrize(
    "value, expected",
    [
        (("arXiv", "https://arxiv.org/abs/2106.09685v3"), "arXiv:2106.09685"),
        (("arXiv", "arXiv:cs/0112017v1"), "arXiv:cs/0112017"),
        (("doi", "https://doi.org/10.1145/ABC.1"), "doi:10.1145/abc.1"),
        (("openalex", "https://openalex.org/W123"), "openalex:W123"),
        (("CorpusId", 42), "CorpusId:42"),
        (("s2", "not a sha"), None),
        (("doi", "10.5/x y"), None),
    ],
)
def test_identifiers_are_canonical(value, expected):
    assert identifier(*value) == expected


def test_generic_json_records_keep_arxiv_ids_and_refuse_unreadable_dates(tmp_path):
    path = tmp_path / "hf.jsonl"
    path.write_text(
        json.dumps(
            {
                "paper": {
                    "id": "2106.09685",
                    "title": "T",
                    "summary": "A.",
                    "publishedAt": "2021-06-17T17:37:18.000Z",
                }
            }
        )
        + "\n"
        + json.dumps({"title": "U", "abstract": "B.", "date": "2021-02-30"})
        + "\n"
    )
    problems = []
    (paper,) = read_file(str(path), on_invalid=problems.append)
    assert paper.ids == ("arXiv:2106.09685",) and paper.date == "2021-06-17"
    expected = f"{path}:2: cannot read the date '2021-02-30' (expected YYYY, YYYY-MM or YYYY-MM-DD)"
    assert [str(p) for p in problems] == [expected]


# --- bad records through the command line -------------------------------------------------

GOOD_SNAPSHOT = {
    "id": "2101.00001",
    "title": "A Good Paper",
    "abstract": "We propose GoodNet.",
    "versions": [{"version": "v1", "created": "Fri, 1 Jan 2021 10:00:00 GMT"}],
}
BAD_INPUTS = {
    "snapshot.jsonl": (
        "".join(
            json.dumps(r) + "\n"
            for r in (
                GOOD_SNAPSHOT,
                {**GOOD_SNAPSHOT, "id": "2101.00002", "title": "No Abstract", "abstract": "  "},
            )
        ),
        2,
        "record has no abstract",
    ),
    "works.jsonl": (
        json.dumps(
            {
                "id": "https://openalex.org/W1",
                "display_name": "Empty Index",
                "abstract_inverted_index": {},
            }
        )
        + "\n",
        1,
        "abstract_inverted_index is empty (the work has no abstract words)",
    ),
    "s2.json": (
        json.dumps(
            {
                "data": [
                    {
                        "paperId": "b" * 40,
                        "title": "Bad Date",
                        "abstract": "Text.",
                        "publicationDate": "2021-02-30",
                    }
                ]
            },
            indent=1,
        ),
        3,
        "cannot read the publicationDate '2021-02-30' (expected YYYY, YYYY-MM or YYYY-MM-DD)",
    ),
    "refs.bib": (
        (
            "@article{ok,\n  title = {Fine},\n  abstract = {We propose FineNet.},\n}\n\n"
            "@article{broken,\n  title = {Unbalanced {braces},\n  abstract = {Text.},\n}\n\n"
            "@misc{noabstract,\n  title = {No Abstract},\n}\n"
        ),
        6,
        (
            "malformed BibTeX entry (unbalanced braces or quotes?): Unexpected block start: "
            "`@misc`. Was still looking for field-value closing `,` or `}`"
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_a_bad_record_is_a_one_line_error_naming_file_and_line(tmp_path, name):
    content, line, message = BAD_INPUTS[name]
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / name
    path.write_text(content, encoding="utf-8")
    result = run_kg(
        "build",
        str(tmp_path / "in"),
        "-o",
        str(tmp_path / "out"),
        "--formats",
        "ttl",
        "-q",
        "--entity-model",
        "none",
        "--no-progress",
    )
    assert result.returncode == 3
    assert result.stderr.splitlines()[-1] == f"kg: error: {path}:{line}: {message}"
    assert "Traceback" not in result.stderr and not (tmp_path / "out" / "graph.ttl").exists()


def test_skip_invalid_skips_bad_records_of_every_source_and_counts_them(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (content, _, _) in BAD_INPUTS.items():
        (folder / name).write_text(content, encoding="utf-8")
    result = run_kg(
        "build",
        str(folder),
        "-o",
        str(tmp_path / "out"),
        "--formats",
        "ttl",
        "--entity-model",
        "none",
        "--no-progress",
        "--skip-invalid",
    )
    assert result.returncode == 0, result.stderr
    warned = sorted(messages(result.stderr))
    assert warned == sorted(
        [
            f"kg: warning: skipped {folder / name}:{line}: {message}"
            for name, (_, line, message) in BAD_INPUTS.items()
        ]
        + [f"kg: warning: {folder / 'refs.bib'}: skipped 1 of 2 entries that have no abstract"]
    )
    assert "papers    2 (2 entries read, 0 duplicates merged, 4 skipped)" in result.stdout


def test_characters_latex_escapes_are_read_as_themselves():
    """Exports of LaTeX sources leave "\\%" in abstracts ("cuts memory by 45\\%"): the
    results, the map and the report show the character, not its escape; math stays."""
    from kg.readers.common import make_paper

    paper = make_paper(
        "Quill \\& Glyph",
        "We cut memory by 45\\% and keep the item\\_id \\#3 of $\\alpha \\% 2$.",
        Source("t.jsonl", 1, "jsonl"),
    )
    assert paper.title == "Quill & Glyph"
    assert paper.abstract == "We cut memory by 45% and keep the item_id #3 of $\\alpha \\% 2$."
    shown = make_paper(
        "Glyphs",
        "It costs \\$5, then 9\\%: $$a \\% b$$ holds.",
        Source("t.jsonl", 1, "jsonl"),
    )
    assert shown.abstract == "It costs \\$5, then 9%: $$a \\% b$$ holds."  # display math kept


def test_papers_written_with_the_dates_kg_reads_read_back_alike(tmp_path):
    # a page that printed no year gives a year-less date; a JSONL of kg's own papers,
    # dates as kg holds them, reads back with the same dates
    source = tmp_path / "in.jsonl"
    records = [
        {"title": "Quill Folding", "abstract": "We fold quills.", "date": "Sep 9"},
        {"title": "Glyph Sorting", "abstract": "We sort glyphs.", "date": "2021-06"},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in records))
    first = list(read_papers([source]))
    again = tmp_path / "again.jsonl"
    again.write_text(
        "".join(
            json.dumps({"title": p.title, "abstract": p.abstract, "date": p.date}) + "\n"
            for p in first
        )
    )
    dates = {p.title: (p.date, p.date_precision) for p in read_papers([again])}
    assert dates == {
        "Quill Folding": ("--09-09", "month-day"),
        "Glyph Sorting": ("2021-06", "month"),
    }


@pytest.mark.parametrize("wrapped", [False, True])
def test_an_atom_feed_keeps_no_element_it_has_read_past(wrapped):
    import io
    import tracemalloc

    from kg.readers.arxiv import read_arxiv_atom

    junk = b"<x/>" * 100_000  # what is no entry, between entries, is read past, not kept
    entry = (
        b"<entry><id>http://arxiv.org/abs/2101.0000%dv1</id><title>T%d</title>"
        b"<summary>We propose Quillnet%d.</summary></entry>"
    )
    feed = b'<feed xmlns="http://www.w3.org/2005/Atom">' + (b"<w>" if wrapped else b"")
    feed += b"".join(entry % (i, i, i) + junk for i in range(3))
    feed += (b"</w>" if wrapped else b"") + b"</feed>"  # entries inside a wrapper too
    tracemalloc.start()
    try:
        papers = list(read_arxiv_atom(io.BytesIO(feed), "feed.xml"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [p.title for p in papers] == ["T0", "T1", "T2"]
    assert peak < 8 * 1024 * 1024  # kept, the 300,000 elements took 23 MB


def test_an_atom_document_that_is_one_entry_is_read():
    import io

    from kg.readers.arxiv import read_arxiv_atom

    entry = (
        b'<entry xmlns="http://www.w3.org/2005/Atom"><id>http://arxiv.org/abs/2101.00001v1</id>'
        b"<title>Quill Folding</title><summary>We fold quills.</summary></entry>"
    )
    (paper,) = read_arxiv_atom(io.BytesIO(entry), "entry.xml")
    assert (paper.title, paper.abstract) == ("Quill Folding", "We fold quills.")


def test_a_record_lists_at_most_a_thousand_authors_and_counts_them_all(tmp_path):
    """The first thousand names of a longer list are kept, with a warning, and the count
    says how many there were: a record within the size limit could list millions."""
    path = tmp_path / "many.jsonl"
    names = ";".join(f"Quill {n}" for n in range(1500))
    path.write_text(json.dumps({"title": "T", "abstract": "A", "authors": names}) + "\n")
    with pytest.warns(InputWarning, match="1,500 author names; the first 1,000 are kept"):
        (paper,) = read_file(str(path))
    assert len(paper.authors) == 1000 and paper.authors[-1] == "Quill 999"
    assert paper.author_count == 1500


def test_a_bibtex_entry_too_long_to_hold_is_refused_and_the_others_read(tmp_path, monkeypatch):
    """An entry whose lines run past the record limit is refused as it is read, naming its
    first line (before, the whole entry was held: 229 KB of gzip took 2.7 GB); with
    ``on_invalid`` the entries around it are read. Entries that together pass the limit,
    each within it, are all read."""
    import kg.readers.bibtex as bibtex

    monkeypatch.setattr(bibtex, "MAX_RECORD_CHARS", 2000)
    monkeypatch.setattr(bibtex, "CHUNK_CHARS", 500)
    entry = "@article{{{key}, title={{{title}}}, abstract={{We sort glyphs.}}}}\n"
    path = tmp_path / "refs.bib"
    small = "".join(entry.format(key=f"s{n}", title=f"Quill {n}") for n in range(40))
    path.write_text(
        small
        + "@article{b, title={Zarn}, abstract={"
        + "glyph quill zarn\n" * 500
        + "}}\n"
        + entry.format(key="c", title="Plinth")
        # an entry just within the limit, on one line, after small ones
        + "@article{d, title={Velm}, abstract={"
        + "glyph " * 320
        + "}}\n"
    )
    with pytest.raises(InputError, match=r"refs.bib:41: entry longer than 2,000 characters"):
        list(read_file(str(path)))
    skipped = []
    papers = list(read_file(str(path), on_invalid=skipped.append))
    assert [p.title for p in papers] == [f"Quill {n}" for n in range(40)] + ["Plinth", "Velm"]
    assert len(skipped) == 1


@pytest.mark.parametrize(
    "encoding, name", [("utf-16", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32")]
)
def test_a_file_in_a_wide_unicode_encoding_is_named_as_such(tmp_path, encoding, name):
    """A UTF-16 or UTF-32 file was refused as "binary data, not a text file"."""
    path = tmp_path / "papers.jsonl"
    text = '{"title": "Quill", "abstract": "We sort glyphs."}\n'
    bom = "\ufeff" if encoding == "utf-16-be" else ""  # the codec writes its own otherwise
    path.write_bytes((bom + text).encode(encoding))
    with pytest.raises(InputError, match=rf"{name} text: kg reads UTF-8 \(save it as UTF-8\)"):
        list(read_file(str(path)))


@pytest.mark.parametrize(
    "header, column",
    [
        ("title,abstract,title", "title"),
        ("Title,abstract,title", "title"),
        ("title,abstract,URL,url", "url"),
    ],
)
def test_a_csv_header_naming_a_column_twice_is_one_error(tmp_path, header, column):
    source = tmp_path / "papers.csv"
    source.write_text(f"{header}\nQuill glyphs,We propose QuillNet.,x,y\n", encoding="utf-8")
    with pytest.raises(
        InputError, match=rf"papers\.csv:1: CSV header names column '{column}' twice"
    ):
        list(kg.read(source))
    trailing = tmp_path / "trailing.csv"
    trailing.write_text(
        "title,abstract,,,keywords,Keywords\nQuill glyphs,We propose QuillNet.,,,a,b\n",
        encoding="utf-8",
    )
    assert [p.title for p in kg.read(trailing)] == ["Quill glyphs"]  # columns kg does not read


def test_a_csv_row_with_more_cells_than_the_header_is_an_error_of_its_own(tmp_path):
    """An unquoted comma in an abstract shifted its row: the abstract was cut at the comma
    and the rest read into the next columns, silently."""
    source = tmp_path / "papers.csv"
    source.write_text(
        "title,abstract,year\n"
        "Quill glyphs,We propose QuillNet, a glyph sorter,2020\n"
        'Krel marks,"We propose Krel, a mark reader.",2021\n'
        # shifted too: the empty cell it pushed out of the header's columns was the year's
        "Plimp runes,We propose Plimp, a rune counter,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"papers\.csv:2: CSV row has 4 cells but the header"):
        list(kg.read(source))
    skipped: list[InputError] = []
    papers = list(read_file(str(source), on_invalid=skipped.append))
    assert [p.abstract for p in papers] == ["We propose Krel, a mark reader."]
    assert len(skipped) == 2


@pytest.mark.parametrize("field", ["title", "abstract"])
def test_a_field_of_invisible_characters_only_is_empty(tmp_path, field):
    record = {"title": "Quill glyphs", "abstract": "We propose QuillNet."}
    record[field] = "\u200b\u200b \u00a0 \u2060\ufeff\u034f\ufe0f\u3164\u2800\u0301"
    source = tmp_path / "papers.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"record has no {field}"):
        list(kg.read(source))


def test_a_title_with_a_joiner_or_a_mark_in_its_letters_is_kept(tmp_path):
    titles = ["Quill \u0915\u094d\u200d\u0937 glyphs", "Quill \U0001f469\u200d\U0001f52c glyphs"]
    source = tmp_path / "papers.jsonl"
    source.write_text(
        "".join(
            json.dumps({"title": t, "abstract": "We propose QuillNet."}) + "\n" for t in titles
        ),
        encoding="utf-8",
    )
    assert [p.title for p in kg.read(source)] == titles
