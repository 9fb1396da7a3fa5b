"""The learned second reading of paper roles (kg.link.role_model) and its training
(kg.train.roles). Names are invented."""

from __future__ import annotations

import json
import math

import pytest
from test_relations import _mentions_in_sentences

from kg.errors import KgError
from kg.link import link
from kg.link.relate import Naming, rule_roles
from kg.link.role_model import (
    FEATURES_VERSION,
    RoleModel,
    packaged_role_model,
    role_features,
    rules_fingerprint,
)
from kg.rdf.terms import PAPER_ROLES
from kg.records import Paper, PaperExtraction
from kg.train.roles import RoleExample, accuracy, final_role, fit_role_model, main


def _naming(before: str, after: str = "", *, own: bool = False, start: int = 0) -> Naming:
    sentence = f"{before}X{after}"
    return Naming(0, "method", False, False, own, before, after, sentence, sentence_start=start)


def _features(before: str, rule_role: str = "uses", *, own: bool = False) -> dict[str, float]:
    found = [_naming(before, " today.", own=own)]
    return role_features(
        found,
        [rule_role],
        rule_role,
        "method",
        "Quill sampler",
        generic=False,
        paper_count=1,
        abstract=found[0].sentence,
    )


def test_features_read_the_rules_the_namings_and_the_words_around_them():
    features = _features("Our model outperforms ", "comparesWith", own=True)
    assert features["rule=comparesWith"] == features["type=method"] == 1.0
    assert features["naming_role=comparesWith"] == 1.0
    assert features["share_own"] == features["any_own"] == 1.0
    assert features["share_in_title"] == 0.0
    assert features["just_before:outperforms"] == features["before:model"] == 1.0
    assert features["just_after:today"] == 1.0
    assert features["head:sampler"] == 1.0
    assert features["first_place"] == 0.0
    assert features["label_in_title"] == 0.0


def test_features_never_hold_the_names_written_around_a_naming():
    found = [
        _naming(
            "Zarnprop outperforms QUILL-9 and ",
            " (e.g. PlinthKit, velMorn) on glyph tasks in R^d.",
            own=True,
        )
    ]
    features = role_features(
        found,
        ["comparesWith"],
        "comparesWith",
        "method",
        "GlyphNet",
        generic=False,
        paper_count=1,
        abstract=found[0].sentence,
    )
    named = ("zarnprop", "quill", "plinthkit", "velmorn", "glyphnet", ":d")
    assert not [f for f in features if any(n in f for n in named)]
    assert features["just_before:and"] == features["before:outperforms"] == 1.0
    assert features["after:e.g."] == features["sentence:glyph"] == 1.0
    # a name written in lower case is blanked where the linker found it in the sentence
    sentence = "We train with zarnprop on glyphs."
    written = Naming(
        0,
        "method",
        False,
        False,
        True,
        "We train with zarnprop on ",
        ".",
        sentence,
        sentence_start=0,
        without_names=sentence.replace("zarnprop", " " * 8).replace("glyphs", " " * 6),
    )
    lower = role_features(
        [written],
        ["uses"],
        "uses",
        "method",
        "glyphs",
        generic=False,
        paper_count=1,
        abstract=sentence,
    )
    assert lower["before:with"] == 1.0 and not [f for f in lower if "zarnprop" in f]


def test_namings_before_the_abstract_speaks_of_its_own_work_are_its_opening():
    opening = _naming("Earlier work uses ", " on 4.5 points. ")  # a decimal is no obstacle
    found = [opening, _naming("We extend ", " here.", start=len(opening.sentence))]
    abstract = found[0].sentence + found[1].sentence
    features = role_features(
        found,
        ["mentions", "uses"],
        "uses",
        "method",
        "Quill sampler",
        generic=False,
        paper_count=2,
        abstract=abstract,
        title="Fast Quill Sampler Training",
        first_own_at=abstract.index("We extend"),
    )
    assert features["share_before_own"] == 0.5 and features["all_before_own"] == 0.0
    assert features["first_place"] == 0.0 and features["last_place"] > 0.5
    assert features["label_in_title"] == 1.0
    in_a_word = role_features(
        found,
        ["uses"] * 2,
        "uses",
        "method",
        "GAN",
        generic=False,
        paper_count=1,
        abstract=abstract,
        title="Organic Quill Samplers",
    )
    assert in_a_word["label_in_title"] == 0.0  # a word of the title, not the name


def test_the_packaged_model_reads_the_seven_roles_of_the_current_rules():
    model = packaged_role_model()
    assert model is not None
    assert model.about.get("rules_fingerprint") == rules_fingerprint(), (
        "the role rules changed since the role model was trained: make model-roles"
    )
    assert set(model.classes) == set(PAPER_ROLES)
    assert all(len(row) == len(model.classes) for row in model.weights.values())
    assert model.predict(_features("We compare against ", "comparesWith")) in PAPER_ROLES


def test_a_model_survives_its_json_and_refuses_other_features():
    model = RoleModel(
        ("mentions", "uses"), (0.5, 0.0), {"rule=uses": (0.0, 2.0), "share_own": (-1.0, 1.0)}
    )
    again = RoleModel.from_json(model.to_json(examples=3))
    assert again == model
    assert again.predict({"rule=uses": 1.0}) == "uses"
    assert again.predict({}) == "mentions"  # unknown features weigh nothing
    data = json.loads(model.to_json())
    data["features_version"] = FEATURES_VERSION + 1
    with pytest.raises(KgError, match="retrain it"):
        RoleModel.from_json(json.dumps(data))
    data["features_version"] = FEATURES_VERSION
    data["weights"]["rule=uses"] = [1.0]
    with pytest.raises(KgError, match="does not match its classes"):
        RoleModel.from_json(json.dumps(data))
    with pytest.raises(KgError, match="not a model file"):
        RoleModel.from_json(json.dumps({"features_version": FEATURES_VERSION}))


def _examples() -> list[RoleExample]:
    cues = {
        "comparesWith": "Our glyph net outperforms ",
        "mentions": "Unlike earlier work, such as ",
        "uses": "We build our sampler on ",
    }
    examples = []
    for n in range(12):
        for role, cue in cues.items():
            features = _features(f"{cue}", "uses")
            features[f"noise:{n % 3}"] = 1.0
            examples.append(RoleExample("part.jsonl", f"p{n}", features, role, "uses"))
    return examples


def test_a_fitted_model_learns_the_cues_of_invented_examples():
    examples = _examples()
    model = fit_role_model(examples, c=1.0)
    assert set(model.classes) == {"comparesWith", "mentions", "uses"}
    assert accuracy(model, examples) == 1.0
    assert model.predict(_features("Our glyph net outperforms ")) == "comparesWith"
    cue = max(abs(w) for w in model.weights["just_before:outperforms"])
    assert all(abs(w) < cue / 2 for n in range(3) for w in model.weights[f"noise:{n}"])
    # features seen fewer times than min_count are left out
    rare = [*examples, RoleExample("part.jsonl", "p", {"rare:zarn": 1.0}, "uses", "uses")]
    assert "rare:zarn" not in fit_role_model(rare, min_count=2).weights


def test_two_roles_make_a_model_of_two_classes():
    examples = [e for e in _examples() if e.role != "mentions"]
    model = fit_role_model(examples, c=1.0)
    assert model.classes == ("comparesWith", "uses")
    assert accuracy(model, examples) == 1.0
    with pytest.raises(KgError, match="two or more"):
        fit_role_model([e for e in examples if e.role == "uses"])


def test_a_build_keeps_the_rules_proposals_and_makes_none():
    proposes = RoleModel(("mentions", "proposes"), (0.0, 9.0), {})
    example = RoleExample("part.jsonl", "p", {}, "uses", "uses")
    assert final_role(proposes, example) == "uses"  # the model reads a proposal: ignored
    kept = RoleExample("part.jsonl", "p", {}, "mentions", "proposes")
    assert final_role(RoleModel(("mentions", "uses"), (9.0, 0.0), {}), kept) == "proposes"


def test_a_rule_read_background_or_competitor_needs_a_surer_model_to_become_used():
    # intercepts give the chances: uses 0.6, mentions 0.4 (0.2 apart), comparesWith ~0
    model = RoleModel(("comparesWith", "mentions", "uses"), (-30.0, 0.0, math.log(1.5)), {})
    assert model.second_reading({}, "mentions") == "mentions"  # within KEEP_MARGINS
    assert model.second_reading({}, "addresses") == "uses"  # the plain margin
    surer = RoleModel(("mentions", "uses"), (0.0, math.log(3.0)), {})  # 0.25 / 0.75
    assert surer.second_reading({}, "mentions") == "uses"


def _paper(title: str) -> tuple[PaperExtraction, Paper]:
    abstract = (
        "We introduce Quorvane, a sampler for glyph folding. "
        "Quorvane outperforms Zarnprop on Plinthbench."
    )
    names = [("Quorvane", "method", True), ("glyph folding", "task", False)]
    names += [("Zarnprop", "method", False), ("Plinthbench", "dataset", False)]
    mentions = _mentions_in_sentences(abstract, names)
    return PaperExtraction("p1", tuple(mentions)), Paper(title, abstract, key="p1")


def test_the_learned_reading_changes_every_role_but_proposals_and_a_surveys():
    extraction, paper = _paper("Quorvane: Fast Glyph Folding")
    all_mentions = RoleModel(("mentions", "uses"), (9.0, 0.0), {})
    result = link([extraction], {"p1": paper}, learned_roles=all_mentions)
    roles = {result.entities[r.object].label: r.predicate for r in result.relations}
    assert roles == {
        "Quorvane": "proposes",
        "glyph folding": "mentions",
        "Zarnprop": "mentions",
        "Plinthbench": "mentions",
    }
    rules = link([extraction], {"p1": paper}, learned_roles=False)
    rules_roles = {rules.entities[r.object].label: r.predicate for r in rules.relations}
    assert rules_roles["Zarnprop"] == "comparesWith"
    again = rule_roles(rules.mentions, rules.entities, {"p1": paper})[0]
    assert {rules.entities[k].label: r for (_, k), r in again.items()} == rules_roles
    survey, survey_paper = _paper("Glyph Folding: A Survey")
    surveyed = link([survey], {"p1": survey_paper}, learned_roles=all_mentions)
    by_rules = link([survey], {"p1": survey_paper}, learned_roles=False)
    assert surveyed.relations == by_rules.relations  # a survey keeps the rules' roles


def test_training_refuses_the_held_out_part(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["benchmarks/roles/roles_heldout.jsonl", "--seeds", "nowhere"])
    assert exit_info.value.code == 2
    assert "held-out data is never trained on" in capsys.readouterr().err


def _write_corpus(folder, name: str, papers: list[tuple[str, str]]):
    path = folder / f"{name}.jsonl"
    path.write_text(
        "".join(json.dumps({"title": t, "abstract": a}) + "\n" for t, a in papers), "utf-8"
    )
    return path


def _write_gold(folder, name: str, records: list[tuple[str, list]]):
    path = folder / f"roles_{name}.jsonl"
    lines = ["// invented role gold"] + [
        json.dumps({"key": "k", "title": t, "entities": e, "results": []}) for t, e in records
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_each_gold_file_is_read_with_the_input_that_holds_its_papers(tmp_path):
    from kg.train.roles import role_examples

    lstm = [{"names": ["LSTM"], "type": "method", "role": "uses"}]
    first = _write_corpus(
        tmp_path, "first", [("Quill sorting with LSTM", "We sort quills with an LSTM.")]
    )
    second = _write_corpus(
        tmp_path, "second", [("Zarn folding with LSTM", "We fold zarns with an LSTM.")]
    )
    gold_first = _write_gold(tmp_path, "a", [("Quill sorting with LSTM", lstm)])
    gold_second = _write_gold(tmp_path, "b", [("Zarn folding with LSTM", lstm)])
    examples = role_examples([gold_first, gold_second], [first, second])
    assert sorted(e.source for e in examples) == ["roles_a.jsonl", "roles_b.jsonl"]
    both = _write_gold(
        tmp_path, "c", [("Quill sorting with LSTM", lstm), ("Zarn folding with LSTM", lstm)]
    )
    with pytest.raises(KgError, match="no input holds every paper"):
        role_examples([both], [first, second])  # a file's papers are in one input


def _scirex_paper(doc_id: str, front: list[list[str]], body: list[str]) -> dict:
    words, sentences = ["document", ":"], []
    for number, sentence in enumerate(front):
        start = 0 if number == 0 else len(words)
        words += sentence
        sentences.append([start, len(words)])
    first_end = len(words)
    words += body
    sentences.append([first_end, len(words)])
    return {
        "doc_id": doc_id,
        "words": words,
        "sections": [[0, first_end], [first_end, len(words)]],
        "sentences": sentences,
    }


def test_scirex_abstracts_are_written_only_with_a_whole_title(tmp_path):
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "benchmarks" / "roles" / "scirex_abstracts.py"
    spec = importlib.util.spec_from_file_location("scirex_abstracts", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    body = ["Introduction", "Glyphs", "are", "hard", "."]
    abstract = ["We", "sort", "quills", "with", "Zarn", "-", "Net", "."]
    papers = {
        "a" * 40: _scirex_paper("a" * 40, [["Quill", "Sorting"], abstract], body),
        "b" * 40: _scirex_paper("b" * 40, [["ZarnNet", ":"], abstract], body),  # cut title
        "c" * 40: _scirex_paper("c" * 40, [["Appendix"], abstract], body),
    }
    for doc_id, paper in papers.items():
        (tmp_path / f"{doc_id}.json").write_text(json.dumps(paper), "utf-8")
    written = list(module.scirex_abstracts(tmp_path))
    assert written == [
        {"key": "a" * 16, "title": "Quill Sorting", "abstract": "We sort quills with Zarn-Net."}
    ]


def test_a_paper_annotated_twice_is_refused(tmp_path):
    from kg.train.roles import role_examples

    lstm = [{"names": ["LSTM"], "type": "method", "role": "uses"}]
    corpus = _write_corpus(
        tmp_path, "first", [("Quill sorting with LSTM", "We sort quills with an LSTM.")]
    )
    one = _write_gold(tmp_path, "a", [("Quill sorting with LSTM", lstm)])
    two = _write_gold(tmp_path, "b", [("Quill sorting with LSTM", lstm)])
    with pytest.raises(KgError, match="annotated twice"):
        role_examples([one, two], [corpus])
