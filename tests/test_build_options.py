"""Options of a build: the progress function of ``kg.build`` (and ``kg build --progress``),
and the entity recognisers by name (``fast``, ``transformer``, ``none``, a path)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import run_kg

import kg
from kg.errors import KgError
from kg.extract import PACKAGED_ENTITY_MODEL, Extractor, entity_model_path
from kg.extract.transformer import TRANSFORMER_MODEL_PATH
from kg.settings import DEFAULT_ENTITY_MODEL, Settings

RECORDS = [
    {"title": "Zorbnet", "abstract": "We propose Zorbnet and train it on Plimbench."},
    {"title": "Snarfle", "abstract": "We study Snarfle on Krelset."},
    {"title": "Zorbnet", "abstract": "We propose Zorbnet and train it on Plimbench."},  # again
    {"title": "Vorbnet", "abstract": "We propose Vorbnet for Quux detection."},
]


@pytest.fixture
def papers_file(tmp_path) -> Path:
    path = tmp_path / "papers.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return path


# --- progress ---------------------------------------------------------------------------------


def test_every_paper_passes_once_through_the_progress_function_in_input_order(papers_file):
    calls, seen = [], []

    def progress(stream):
        calls.append(stream)
        for paper in stream:
            seen.append(paper)
            yield paper

    graph = kg.build(papers_file, entity_model="none", cache=False, progress=progress)
    assert len(calls) == 1
    assert [p.title for p in seen] == ["Zorbnet", "Snarfle", "Vorbnet"]  # the duplicate once
    assert [p.key for p in seen] == [p.key for p in kg.read(papers_file)]
    assert sorted(p.key for p in seen) == sorted(graph.papers)


def test_a_tqdm_bar_can_be_the_progress_function(papers_file):
    from tqdm import tqdm

    shown = io.StringIO()
    kg.build(
        papers_file,
        entity_model="none",
        cache=False,
        progress=lambda papers: tqdm(papers, file=shown, unit=" papers"),
    )
    assert "3 papers" in shown.getvalue()  # three unique papers counted


@pytest.mark.parametrize("value", [True, "tqdm", 1])
def test_progress_that_is_not_a_function_is_refused_before_reading(tmp_path, value):
    with pytest.raises(KgError, match="progress must be a function of the paper stream"):
        kg.build(tmp_path / "no such file.jsonl", progress=value)


def test_kg_build_shows_a_bar_with_progress_and_none_without(papers_file, tmp_path):
    common = ("build", str(papers_file), "--entity-model", "none", "--formats", "ttl")
    shown = run_kg(*common, "-o", str(tmp_path / "a"), "--progress")
    assert shown.returncode == 0, shown.stderr
    assert "extracting: 100%" in shown.stderr and "3/3" in shown.stderr  # stderr is no terminal
    quiet = run_kg(*common, "-o", str(tmp_path / "b"), "--no-progress")
    assert quiet.returncode == 0 and "%|" not in quiet.stderr and "linking" in quiet.stderr
    unasked = run_kg(*common, "-o", str(tmp_path / "c"))  # not a terminal: no bar by default
    assert unasked.returncode == 0 and "%|" not in unasked.stderr and "linking" in unasked.stderr
    silent = run_kg(*common, "-o", str(tmp_path / "d"), "-q")
    assert silent.returncode == 0 and silent.stderr == "" and silent.stdout == ""


# --- entity models by name --------------------------------------------------------------------

TEXT = "We fine-tune BERT on GLUE for question answering and report accuracy."
transformer_packaged = pytest.mark.skipif(
    not (TRANSFORMER_MODEL_PATH / "model.onnx").is_file(),
    reason="the transformer model is not packaged",
)


def test_entity_model_names_resolve_to_the_packaged_models_or_a_path(tmp_path):
    assert DEFAULT_ENTITY_MODEL == Settings().entity_model == "fast"
    assert entity_model_path("fast") == PACKAGED_ENTITY_MODEL
    assert entity_model_path("kg_scierc_ner") == PACKAGED_ENTITY_MODEL  # its earlier name
    assert entity_model_path("transformer") == TRANSFORMER_MODEL_PATH
    assert entity_model_path("accurate") == TRANSFORMER_MODEL_PATH  # its earlier name
    assert entity_model_path("none") is None
    assert entity_model_path(str(tmp_path)) == tmp_path


def test_the_fast_model_by_name_by_alias_and_by_path_is_one_model():
    found = {
        name: [
            (m.start, m.end, m.label, m.source)
            for m in kg.extract_mentions(TEXT, entity_model=name)
        ]
        for name in ("fast", "kg_scierc_ner", str(PACKAGED_ENTITY_MODEL))
    }
    assert found["fast"] == found["kg_scierc_ner"] == found[str(PACKAGED_ENTITY_MODEL)]
    assert any(source == "model" for *_, source in found["fast"])
    prints = {Extractor(Settings(entity_model=name)).fingerprint() for name in found}
    assert len(prints) == 1  # one extraction cache for the three


def test_none_is_rules_only():
    mentions = kg.extract_mentions(TEXT, entity_model="none")
    assert mentions and all(m.source != "model" for m in mentions)
    assert {m.text for m in mentions} >= {"BERT", "GLUE"}  # the packaged lexicon's names
    assert (
        Extractor(Settings(entity_model="none")).fingerprint()
        != Extractor(Settings(entity_model="fast")).fingerprint()
    )


@transformer_packaged
def test_transformer_is_the_packaged_minilm_tagger():
    mentions = kg.extract_mentions(TEXT, entity_model="transformer")
    assert {(m.text, m.label) for m in mentions if m.source == "model"} >= {
        ("BERT", "method"),
        ("question answering", "task"),
    }
    assert (
        Extractor(Settings(entity_model="transformer")).fingerprint()
        != Extractor(Settings(entity_model="fast")).fingerprint()
    )


def test_the_transformers_earlier_name_works_with_a_warning(capsys):
    with pytest.warns(DeprecationWarning, match="'accurate' is now called 'transformer'"):
        settings = Settings(entity_model="accurate")
    assert settings.entity_model == "transformer"
    with pytest.warns(DeprecationWarning):
        assert Settings().with_overrides(entity_model="accurate").entity_model == "transformer"
    from kg.cli import make_parser

    args = make_parser().parse_args(["build", "in.jsonl", "--entity-model", "accurate"])
    assert args.entity_model == "transformer"
    assert "--entity-model accurate is now --entity-model transformer" in capsys.readouterr().err


def test_an_entity_model_that_is_not_there_is_a_one_line_error(tmp_path):
    missing = tmp_path / "no_model"
    with pytest.raises(KgError, match="is not installed or not a spaCy pipeline"):
        kg.extract_mentions(TEXT, entity_model=str(missing))
    result = run_kg("extract", "-", "--entity-model", str(missing), stdin=TEXT)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert f"entity model {str(missing)!r} is not installed" in result.stderr
    for bad in ("", None, 3):
        with pytest.raises(KgError, match="setting entity_model must be"):
            Settings(entity_model=bad)
    # a folder that is no pipeline is not walked for the cache's fingerprint before loading
    # refuses it (all of "/" was: an unreadable entry in /proc was an internal PermissionError)
    import hashlib

    from kg.extract.cache import _hash_pipeline

    plain = tmp_path / "not_a_model"
    (plain / "deep").mkdir(parents=True)
    (plain / "deep" / "notes.txt").write_text("mine")
    digest = hashlib.sha256()
    _hash_pipeline(digest, str(plain))
    assert digest.hexdigest() == hashlib.sha256().hexdigest()  # nothing read
    result = run_kg("extract", "-", "--entity-model", str(plain), stdin=TEXT)
    assert result.returncode == 2 and "is not installed or not a spaCy pipeline" in result.stderr


@pytest.mark.parametrize("name", ["fast", "none"])
def test_kg_extract_takes_each_entity_model_name(name):
    result = run_kg("extract", "-", "--entity-model", name, "--json", stdin=TEXT)
    assert result.returncode == 0, result.stderr
    found = [json.loads(line) for line in result.stdout.splitlines()]  # JSON lines
    assert {m["text"] for m in found} >= {"BERT", "GLUE"}
    assert any(m["source"] == "model" for m in found) == (name == "fast")
