"""Corpus-level entity resolution (kg.link.resolve, through kg.link): one test per class of
error, on invented names (none from the seeds), each mention placed in a real sentence."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from conftest import run_kg

from kg.link import is_junk_name, link
from kg.link.resolve import (
    WordStatistics,
    differ_in_version,
    kinds,
    slash_versions,
    specificity,
    version_base,
)
from kg.rdf.terms import BROADER
from kg.records import Abbreviation, Mention, Paper, PaperExtraction

_MARK = re.compile(r"\[\[(.+?)\|(\w+)\]\]")


def marked(key: str, text: str, score: float = 0.6) -> tuple[Paper, PaperExtraction]:
    """A paper whose abstract is ``text`` with each ``[[name|label]]`` a mention of it."""
    mentions, plain, position = [], [], 0
    for found in _MARK.finditer(text):
        plain.append(text[position : found.start()])
        start = sum(map(len, plain))
        plain.append(found.group(1))
        mentions.append(
            Mention(
                start=start,
                end=start + len(found.group(1)),
                text=found.group(1),
                label=found.group(2),
                source="model",
                score=score,
            )
        )
        position = found.end()
    plain.append(text[position:])
    abstract = "".join(plain)
    paper = Paper(title=f"Paper {key}", abstract=abstract, key=key)
    mentions = [
        Mention(m.start, m.end, m.text, m.label, m.source, m.score, sentence_end=len(abstract))
        for m in mentions
    ]
    return paper, PaperExtraction(key, tuple(mentions))


def build(*texts: str):
    pairs = [marked(f"p{i}", text) for i, text in enumerate(texts)]
    return link([e for _, e in pairs], {p.key: p for p, _ in pairs})


def by_label(result) -> dict:
    return {e.label: e for e in result.entities.values()}


def model_mention_of(name: str, abstract: str) -> Mention:
    """The trained recogniser's method mention of ``name`` where ``abstract`` first has it,
    with its sentence's bounds (a sentence ends at ". ")."""
    start = abstract.index(name)
    sentence_start = abstract.rfind(". ", 0, start) + 2 if ". " in abstract[:start] else 0
    return Mention(
        start, start + len(name), name, "method", "model", 0.6,
        sentence_start=sentence_start, sentence_end=abstract.find(". ", start) + 1,
    )  # fmt: skip


def types_of(*texts: str) -> dict[str, str]:
    """Each entity's type, by label, in a build of ``texts`` (marked as ``build`` reads)."""
    return {e.label: e.type for e in build(*texts).entities.values()}


# 1. Umbrella terms: specificity is measured, not listed ---------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "input features",
        "output representations",
        "harmony",
        "aggregators",
        "speech tasks",
        "retrieval methods",
        "smoothness",
        "tessellations",
        "annotation overhead",
        "Latency-Quality Trade-Off",
        "lattice and mesh tessellation",
        "unlabeled glyph samples",
        "front step",
        "quick check",
        "main road",
        "sharded networks",  # only what was done to some network
        "re-calibrated classifier",
        "outpacing models",  # what a network does, not which one it is
        "rearranging layers",
        "principled framework",  # how well it is done, not which one
        "careful technique",
        "computationally grounded method",
        "Quillnet-based",  # a compound adjective alone describes, names nothing
        "glyph-theoretic",
        "ZARN-free",
        "earlier SOTA",  # the best earlier work, whichever it is
        "glyph QA data sets",  # a category, its kind noun in two words
        "quill knowledge bases",
        "quill SoTA",
        "Approximate and Memory-Sharing Methods",  # a title's capitals, not names
        "Multi-Stage sorting methods",  # a capitalised compound of everyday words, no eponym
        "phonological modelling",  # a discipline's way of working
        "chemical approximations",
        "biological simulation",
        "linguistic computation",
        "statistical computing",  # a field of work, no one task
        "parallel computing",  # a field too, named by how it runs
        "glyphless case",  # how a problem is posed, not which one
        "quorbic situations",
        "noisy setting",
        "scientific modelling",
        "statistical implementations",
        "unsegmented glyph texts",  # described data, no dataset
        "blurred quill images",
        "chemical models",
        "biological theory",
        "empirical perspective",
        "Bayesian formalism",  # a school of thought
        "glyph recognition systems",  # whatever does a task, no one of them
        "glyph dialogue systems",
        "glyph-constrained optimization",  # a form of problem
        "quillular optimization problems",
        "hyperbolic optimisation",
        "quillular maximization",  # the form of the objective, whichever way it is optimised
        "glyph-convex minimisation problems",
        "well-posed problems",  # an adjective of a problem's form alone before "problem"
        "quill translation models",
        "design methodology",  # two vague heads
        "house detector",  # a part named by its job on an everyday thing
        "music encoders",
        "road classifier",
        "small sharded model",  # everyday words before what was done to it
        "large re-calibrated classifiers",
        "hand-tuned rules",
        "robust procedure",  # how a method behaves, before a way of doing things
        "iterative scheme",
        "data-driven approximation",  # how the work is done, before a way of working
        "parallel training",  # a class of methods by how they run
        "quillance",  # a property's noun alone
        "glyph sorting strategies",  # a category of strategies
        "quilling procedure",  # any way of doing an activity
        "block updates",  # a step of training, no one method
        "glyphification framework",
        "six-spoked framework",  # how many parts it has, not which one
        "two-tiered scheme",
        "glyphic information",  # what something holds, no one notion
        "quorb cues",
        "plinth details",
        "glyphing steps",  # a part of any way of doing an activity
        "quillification phase",
        "pre-glyphing step",
        "house approximators",  # a part named by its job on an everyday thing
        "quillogarithmic factors",  # a bound's wording
        "automatically glyphing",  # a doing cut from what it is done to
        "e-sorting",  # "e-" is electronic, not a variable
        "q-th",  # an ordinal
        "q-sorted",  # an adjective
        "q-periodic",
        "q-adaptive",
        "top-q",  # an operator that names different things in different papers
        "q-sorting costs",  # how much, whatever it is of
        "q-shot",  # what a variable counts or shapes: a setting or an everyday thing
        "z-axis",
        "q-layer",
    ],
)
def test_vague_names_have_low_specificity(name):
    assert specificity(name, WordStatistics()) < 0.3


@pytest.mark.parametrize(
    "name",
    [
        "Voronoi tessellation",
        "glyph feedback setting",  # more words before a setting's head may name one
        "gradient clipping",
        "Quorvex-7",
        "spectral normalisation",
        "photogrammetry",
        "side error",
        "glyph-based network",  # which kind of network
        "gated glyph network",
        "glyph-pooling layers",  # a field's noun in "-ing"
        "convolutional approach",  # a classifying adjective says which kind
        "infinitely wide glyph networks",
        "Q7 layer",  # a capital with digits is coined
        "Z3",
        "Quill-Zarn algorithms",  # two names joined: an eponym, not a category
        "forward and backward Velmorn-Plinth equations",
        "Velmorn Way",  # a name's capital "Way" is no manner
        "glyph detector",  # what it detects is no everyday thing
        "glyph modeling",  # what is modelled
        "biological loss",  # a discipline's adjective before a thing's own head
        "QUILLBANK images",  # data named by a coined name
        "phonological kernel",
        "Bayesian sampler",
        "glyphistic models",  # an adjective of a thing's form, not of a discipline
        "hierarchical framework",
        "Glyph Recognition Networks",  # written as a name
        "glyph optimization",  # what is optimised
        "quorb entropy maximization",
        "zarn regret minimisation",
        "eigenglyph problem",  # a noun says which problem
        "zarnic problem",  # and so may another adjective
        "robust quillness",  # a behaviour's adjective before another head names a thing
        "lattice procedure",  # a thing's noun says which way of doing
        "Velmorn optimization",
        "glyph recognition system",  # one system
        "Quillcorp tokenizer",  # written as a name
        "Zarn information",  # an eponym's information is a term of art
        "quorb iteration",  # an iteration may be an algorithm's name ("value iteration")
        "lattice steps",  # a thing's steps, not a doing's
        "quill normalization factor",  # a noun says which factor
        "early glyphing",  # "early" is no adverb of manner
        "glyph coefficient factor",
        "glyph information bottleneck",  # information is no head here
        "sharded glyph model",  # after the participle, a word says which kind
        "memory sharded networks",  # a noun before the participle says which kind
        "three-tiered accuracy",  # a measure
        "dual-glyph network",  # a count before a word that says which kind
        "q-sorting",  # a variable names a term of art, however common its word
        "W-matching",
        "robust r-folding",
    ],
)
def test_specific_names_are_specific(name):
    assert specificity(name, WordStatistics()) >= 0.3


def test_a_job_done_on_a_known_name_is_specific(monkeypatch):
    from kg.link import resolve

    assert specificity("house glyph detector", WordStatistics()) >= 0.3  # "glyph": rare
    assert specificity("house door detector", WordStatistics()) < 0.3
    monkeypatch.setattr(resolve, "_known_phrases", lambda: frozenset({"house door"}))
    assert specificity("house door detector", WordStatistics()) >= 0.3


def test_a_word_every_abstract_uses_is_not_specific_in_that_corpus():
    texts = [f"We study lattice {i} with a photon sieve." for i in range(60)]
    common = WordStatistics(texts)
    assert specificity("photon sieve", WordStatistics()) >= 0.3
    assert specificity("photon sieve", common) < 0.3  # in every paper of the corpus


def test_a_kind_noun_alone_is_no_name_however_written():
    # written in capitals as a name, a dataset's or a method's kind noun alone names any
    # of them; with a name before it, one of them
    assert specificity("Knowledge Bases", WordStatistics(), named=True) == 0.0
    assert specificity("Data Sets", WordStatistics(), named=True) == 0.0
    assert specificity("Quillnet Knowledge Base", WordStatistics(), named=True) == 1.0


def test_generic_comes_from_specificity():
    result = build("We improve the [[input features|concept]] of [[Voronoi tessellation|method]].")
    entities = by_label(result)
    assert entities["input features"].generic and not entities["Voronoi tessellation"].generic
    assert entities["input features"].specificity < entities["Voronoi tessellation"].specificity


# 2. Not everything with a capital letter is a dataset -----------------------------------


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Training runs on one [[Zephyr X9|dataset]] GPU.", "hardware"),
        ("We use eight [[Quasar Z2 accelerator|dataset]] boards.", "hardware"),
        ("The system was built by [[Quorvex|dataset]] Inc. last year.", "organisation"),
        ("Everything is implemented in [[Brindle|dataset]] for speed.", "software"),
        ("We release the [[Flumox|dataset]] library for this.", "software"),
        ("Results were shown at the [[Vexicon|dataset]] workshop.", "venue"),
        ("As [[Harrowgate|method]] et al. observed, it fails.", "person"),
        # named in a list that a kind noun introduces
        ("Robots carry sensors such as sonar, [[Vexmor|dataset]] and thermal cameras.", "hardware"),
        ("It runs on chips like [[Quillix|method]] or phones.", "hardware"),
        ("Several companies, e.g. [[Drabwell|dataset]], ship it.", "organisation"),
        # code is written for a programming model or an API, not a method of the field
        ("We test programming models such as [[Plinthcc|method]] on glyphs.", "software"),
        ("Kernels call the [[Zarnkit|method]] API directly.", "software"),
    ],
)
def test_things_outside_the_field_are_left_out_with_their_class(text, kind):
    result = build(text)
    assert result.entities == {}
    assert result.left_out == {kind: 1}


def test_groups_of_people_are_left_out_as_people():
    result = build(
        "Scores of [[glyph raters|method]] and [[Quill users|task]] differ from [[human "
        "evaluators|method]] and [[crowd-workers|concept]].",
        "We train a [[mixture of glyph experts|method]] on [[zarn backup workers|method]].",
        # parts of a model, models at work, programs: no people
        "Tokens go to [[routed experts|method]]; [[QLM-4 evaluators|method]] and [[weak "
        "labelers|method]] score them.",
    )
    assert set(by_label(result)) == {
        "mixture of glyph experts",
        "zarn backup workers",
        "routed experts",
        "QLM-4 evaluators",
        "weak labelers",
    }
    assert result.left_out == {"person": 4}


@pytest.mark.parametrize(
    "text, name, kind",
    [
        (
            "The fastest optimizers such as Zarnprop and [[Quillmo|concept]] use matrices.",
            "Quillmo",
            "method",
        ),
        (
            "We test on segmentation benchmarks including [[Plinth-7|task]] and Zarnset.",
            "Plinth-7",
            "dataset",
        ),
        (
            "Techniques like glyph folding or [[quill braiding|task]] cut the cost.",
            "quill braiding",
            "method",
        ),
        # a singular kind noun lists its parts, and a setting says where, not what
        (
            "A glyph model including a [[quill term|concept]] and a zarn term.",
            "quill term",
            "concept",
        ),
        (
            "It holds in usual settings such as [[glyph regression|task]].",
            "glyph regression",
            "task",
        ),
        # a title's capitals make no plural of a singular kind noun
        ("A Glyph Model Including [[Quill Terms|concept]]", "Quill Terms", "concept"),
        # a list after "databases": stores of facts or words are data
        (
            "We gather four glyph databases, Zarnset, [[PLINTH GRID|dataset]], and Quorb03.",
            "PLINTH GRID",
            "dataset",
        ),
    ],
)
def test_a_kind_noun_that_introduces_a_list_types_its_members(text, name, kind):
    assert types_of(text)[name] == kind


def test_a_tie_between_the_recognisers_labels_goes_to_the_type_of_the_head():
    # one paper reads the name as a task, the other as a method: the head ("synthesis")
    # names a task, whichever type comes first in the list of types
    texts = (
        "Prior work studies [[quill glyph synthesis|task]] at length.",
        "Results on [[quill glyph synthesis|method]] follow.",
    )
    assert types_of(*texts)["quill glyph synthesis"] == "task"
    method_head = (
        "Prior work studies [[quill glyph sampler|task]] at length.",
        "Results on [[quill glyph sampler|method]] follow.",
    )
    assert types_of(*method_head)["quill glyph sampler"] == "method"


def test_a_version_of_a_dataset_the_lexicon_knows_is_data(tmp_path):
    # no paper of the corpus names the collection alone; the lexicon knows it
    assert types_of("The [[CelebA 64x64|method]] images are small.")["CelebA 64x64"] == "dataset"
    # a model named after data, by its size or its letters, stays a model
    models = types_of("We compare [[Cityscapes-7B|method]] with [[CelebA-LM|method]] here.")
    assert models == {"Cityscapes-7B": "method", "CelebA-LM": "method"}
    # a user's lexicon counts as the packaged one does
    lexicon = tmp_path / "names.tsv"
    lexicon.write_text("dataset\tZarnscapes\n", encoding="utf-8")
    paper, extraction = marked("p1", "The [[Zarnscapes 64x64|method]] images are small.")
    result = link([extraction], {"p1": paper}, lexicon_files=(str(lexicon),))
    assert by_label(result)["Zarnscapes 64x64"].type == "dataset"


def test_names_listed_with_a_slash_where_results_are_reported_are_data():
    text = "Our model outperforms prior work on Quillset/[[ZARNB|dataset]] in all runs."
    assert types_of(text)["ZARNB"] == "dataset"


def test_a_store_of_facts_or_words_is_data_unless_only_described():
    assert types_of("Senses come from the [[Quillnet|concept]] thesaurus.")["Quillnet"] == "dataset"
    assert types_of("We query [[Zarnbase|method]], a knowledge base.")["Zarnbase"] == "dataset"
    # a store described, its capital the sentence's, names no data
    described = "[[Distributed databases|dataset]] keep glyphs on many machines."
    assert types_of(described)["Distributed databases"] == "concept"
    # a capital that opens a sentence before a kind noun of data still names data
    assert types_of("[[Glyph reviews|dataset]] corpus is our benchmark.")["Glyph reviews"] == (
        "dataset"
    )
    # a kind of data modifying a later head says nothing of the name
    system = "We propose [[Zarnqa|method]], a knowledge base question answering system."
    assert types_of(system)["Zarnqa"] == "method"
    # a vector database is software
    software = build("We present [[ZarnDB|method]], a vector database for glyphs.")
    assert software.entities == {} and software.left_out == {"software": 1}


@pytest.mark.parametrize(
    "task",
    [
        "3D sonar glyph detection",
        "3D sonar detection",
        "quill-camera tracking",
        "plinth-sensor segmentation",
    ],
)
def test_a_sensing_device_inside_a_task_name_is_what_the_task_runs_on(task):
    # a device's kind noun inside a task's name says what the task reads from: the task
    # stays a task and nothing is left out as hardware
    result = build(f"We study [[{task}|task]] on glyph scenes.", f"Our [[{task}|task]] model wins.")
    assert by_label(result)[task].type == "task"
    assert not result.left_out


def test_a_device_word_inside_a_task_or_a_dataset_name_leaves_nothing_out():
    # a sensor's kind noun that modifies a task's head names what the task runs on, and one
    # inside a collection's name joined by "&" is part of that name: neither is hardware
    result = build(
        "We study [[3D sonar-camera detection|task]] on [[Glint & Quarry|dataset]].",
        "Our [[3D sonar-camera detection|task]] model beats baselines on [[Glint & Quarry|dataset]].",
        "The [[Vexmor|dataset]] camera records the scenes.",
        "We segment scenes by [[quill-sensor segmentation|task]] and [[GPU glyph tracking|task]].",
    )
    entities = by_label(result)
    assert entities["3D sonar-camera detection"].type == "task"
    assert entities["quill-sensor segmentation"].type == "task"  # a sensor's kind noun
    assert entities["GPU glyph tracking"].type == "task"  # a processor's short form
    assert entities["Glint & Quarry"].type == "dataset"
    assert "Vexmor" not in entities and result.left_out == {"hardware": 1}  # a device's name


def test_what_a_model_is_built_on_is_no_software():
    result = build(
        "Our codec is built on [[Quillformer-7B|method]] and built with [[Zarn gates|method]]."
    )
    assert {"Quillformer-7B", "Zarn gates"} <= set(by_label(result))
    assert not result.left_out


def test_a_list_after_a_field_kind_noun_leaves_nothing_out():
    result = build(
        "Benchmarks such as [[Pellucid-QA|dataset]] and [[Snorkbench|dataset]] are hard.",
        "Optimizers like [[Zanthor|method]] converge fast.",
    )
    assert set(by_label(result)) == {"Pellucid-QA", "Snorkbench", "Zanthor"}
    assert not result.left_out


def test_a_name_never_where_data_goes_is_not_a_dataset():
    result = build(
        "[[Glimmerformer|dataset]] outperforms every baseline we tried.",
        "We compare [[Glimmerformer|dataset]] with two others.",
        "Experiments on [[Pellucid-QA|dataset]] and [[Snorkbench|dataset]] show gains.",
        "We collect the [[Tarnwick|dataset]] dataset of 5k dialogues.",
    )
    entities = by_label(result)
    assert entities["Glimmerformer"].type == "method"
    assert entities["Pellucid-QA"].type == "dataset"
    assert entities["Snorkbench"].type == "dataset"  # listed after "experiments on"
    assert entities["Tarnwick"].type == "dataset"
    assert result.retyped == {"dataset -> method": 1}


def test_a_name_results_are_reported_on_is_where_data_goes():
    types = types_of(
        "Our best model reaches 24.40 Quill on [[QRX2015E86|dataset]] and 2.5 points more.",
        "On [[PLONK2|dataset]], our tracker obtains 74.5% joint glyph accuracy.",
        "It reaches 33.0% AP at 39ms for [[Zorbnet-S|dataset]] on Krel.",
        "We stack 3 Quill layers on [[Zarnformer|dataset]] and train it.",
        "Our best model reaches 41% Quill on [[QRX2019E12|dataset]] and more.",
    )
    assert types["QRX2015E86"] == "dataset"  # a value with a point, its measure, then "on"
    assert types["PLONK2"] == "dataset"  # the data a sentence opens on
    assert types["Zorbnet-S"] == "method"  # "for" after a measure's words: what reached it
    assert types["Zarnformer"] == "method"  # a count of parts, no value reported on data
    assert types["QRX2019E12"] == "dataset"  # a whole percentage is a value too


def test_described_data_is_not_a_named_dataset():
    result = build("Experiments on [[three noisy corpora|dataset]] show gains.")
    (entity,) = result.entities.values()
    assert entity.type == "concept" and entity.generic


# 3. Versions stay distinct ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name, base",
    [
        ("Quibble-5K", "Quibble"),
        ("Zarnet-152", "Zarnet"),
        ("Florp 64×64", "Florp"),
        ("Mandrel-2-13B", "Mandrel-2"),
        ("Skiff v3", "Skiff"),
        ("Quibble-R", "Quibble"),
        ("Vortex-3.5", "Vortex"),
    ],
)
def test_version_base(name, base):
    assert version_base(name) == base


@pytest.mark.parametrize("name", ["Quibble", "top-3", "x32", "A100"])
def test_no_version(name):
    assert version_base(name) is None


def test_versions_are_their_own_entities_with_broader_to_the_base(tmp_path):
    lexicon = tmp_path / "names.tsv"
    lexicon.write_text("dataset\tQuibble\tQuibble-5K|Quibble5K-v|QBL\n", encoding="utf-8")
    pairs = [
        marked(
            "p1",
            "Results on [[Quibble|dataset]] and on [[Quibble-5K|dataset]] and on [[QBL|dataset]].",
        )
    ]
    result = link(
        [e for _, e in pairs], {p.key: p for p, _ in pairs}, lexicon_files=(str(lexicon),)
    )
    entities = by_label(result)
    assert set(entities) == {"Quibble", "Quibble-5K"}  # QBL is an alias, Quibble-5K is not
    assert "QBL" in entities["Quibble"].aliases
    broader = {(r.subject, r.object) for r in result.entity_relations if r.predicate == BROADER}
    assert (entities["Quibble-5K"].key, entities["Quibble"].key) in broader


def test_a_slash_list_of_versions_is_one_entity_each_with_its_own_span():
    result = build("We train on [[Snorf-10/100|dataset]] benchmarks.")
    entities = by_label(result)
    assert {"Snorf-10", "Snorf-100"} <= set(entities)
    spans = {item.mention.text for item in result.mentions}
    assert spans == {"Snorf-10", "100"}
    assert slash_versions("Snorf-1K/22K") == ["Snorf-1K", "Snorf-22K"]
    assert not differ_in_version("Snorf10", "Snorf-10") and differ_in_version("Snorf", "Snorf-10")
    assert differ_in_version("Snorf-4", "Snorf-4v") and not differ_in_version(
        "Snorf", "Snorf score"
    )
    # a name and its long form are not versions of each other
    assert not differ_in_version("Q7", "Quantised Seven-Layer Net")
    assert not differ_in_version("G1 score", "G-score")


def test_versions_listed_by_their_letters_alone_are_their_own_entities():
    result = build(
        "We test on [[Snorf-R|dataset]], S and C), then on more.",
        "Errors on [[Quill-B|dataset]]/D drop.",
        "On [[Plumo-R|dataset]] and A new split, results hold.",
        "The [[Snorf-S|dataset]] split is new; so is [[Quill-D|dataset]].",
    )
    entities = by_label(result)
    assert {"Snorf-R", "Snorf-S", "Quill-B", "Quill-D"} <= set(entities)
    assert {item.mention.text for item in result.mentions} >= {"S", "D"}  # their mentions too
    # a version only a bare letter names is no entity: a letter alone is no evidence
    assert "Snorf-C" not in entities and "C" not in {i.mention.text for i in result.mentions}
    assert "Plumo-A" not in entities  # "A new split": an article, not a version


# 4. Senses: a letter is never an entity; a common word alone is generic ------------------


def test_a_single_letter_is_not_an_entity_across_papers():
    result = build("We bound [[Q|concept]] from above.", "Then [[Q|concept]] shrinks.")
    assert result.entities == {} and result.left_out == {"not a name": 1}


def test_a_proposed_name_is_never_generic_however_plain():
    paper, extraction = marked("p1", "We propose a [[data flow model|method]] for it.")
    proposed = PaperExtraction("p1", tuple(replace(m, proposed=True) for m in extraction.mentions))
    (entity,) = link([proposed], {"p1": paper}).entities.values()
    assert entity.specificity < 0.3 and not entity.generic
    (plain,) = link([extraction], {"p1": paper}).entities.values()
    assert plain.generic


def test_a_common_word_alone_is_generic():
    result = build("We study [[harmony|task]] in [[lattice folding|task]].")
    entities = by_label(result)
    assert entities["harmony"].generic and not entities["lattice folding"].generic


def test_a_name_written_as_a_proper_name_in_running_text_is_specific():
    # plain words a lower-case mention would leave generic; capitalised mid-sentence, and
    # with a category head ("Methods"), they are a name the paper writes as one
    result = build(
        "We train it with the [[Water Table Method|method]] on maps.",
        "Results with the [[Finite Cloud Methods|method]] (FCMs) hold.",
        "We train it with the [[water table method|method]] on maps.",
    )
    assert not by_label(result)["Finite Cloud Methods"].generic
    assert not result.entities["watertablemethod"].generic
    plain = build("We train it with the [[water table method|method]] on maps.")
    (entity,) = plain.entities.values()
    assert entity.generic


@pytest.mark.parametrize(
    "text",
    [
        "[[Water Table Method|method]] is slow.",  # a sentence's opening capital
        "It works. [[Water Table Method|method]] is slow.",
        "Both [[Pillar-first and Row-first|method]] orders hold.",  # a coordination
        # capitals on some words only (one alone before lower-case words is an eponym's:
        # test_everyday_words_after_a_proper_name_make_a_term)
        "We train it with the [[Water Table method|method]] on maps.",
    ],
)
def test_capitals_that_do_not_write_a_name_leave_it_generic(text):
    (entity,) = build(text).entities.values()
    assert entity.generic


def test_a_written_name_of_a_collection_of_questions_is_a_dataset():
    result = build("We score models on the [[Basic Quill Questions|task]] (BQQ) suite.")
    assert by_label(result)["Basic Quill Questions"].type == "dataset"
    # lower case, the words name the task of answering them
    result = build("We study models on [[basic quill questions|task]] here.")
    assert by_label(result)["basic quill questions"].type == "task"


def test_a_capitalised_name_many_papers_use_stays_an_umbrella():
    texts = [f"Work {i} uses the [[Water Table Method|method]] on maps." for i in range(5)]
    (entity,) = build(*texts).entities.values()
    assert entity.generic


# 5. Variants merge -----------------------------------------------------------------------


def test_kind_noun_variants_merge_into_the_name():
    result = build(
        "We study [[speckle denoising|task]] with [[XQM|metric]].",
        "Two [[speckle denoising tasks|task]] and [[XQM scores|metric]] of 3.",
        "The [[Zorblax|method]] model beats the [[Zorblax model|method]] of before.",
    )
    assert set(by_label(result)) == {"speckle denoising", "XQM", "Zorblax"}
    assert by_label(result)["XQM"].paper_count == 2


def test_an_optimizer_named_with_its_kind_merges_into_the_name_but_not_a_field():
    result = build(
        "We train with [[Zarnop|method]] and [[Plinthax|method]] on glyphs.",
        "The [[Zarnop optimizer|method]] beats Adam on quills.",
        "We compare [[deep learning optimizers|method]] for [[deep learning|method]] at scale.",
    )
    labels = set(by_label(result))
    assert "Zarnop" in labels and "Zarnop optimizer" not in labels
    assert by_label(result)["Zarnop"].paper_count == 2
    # optimizers made for a field are not the field
    assert "deep learning optimizers" in labels and "deep learning" in labels


def test_plurals_in_es_merge_by_the_english_word():
    from kg.link import normalise

    assert normalise("frame biases") == normalise("frame bias")
    assert normalise("graph databases") == normalise("graph database")


def test_net_is_the_short_spelling_of_network_after_other_words():
    from kg.link import normalise

    assert normalise("Plinth adversarial nets") == normalise("plinth adversarial networks")
    assert normalise("glyph net") == normalise("glyph network")
    assert normalise("PlinthNet") != normalise("Plinth network")  # one coined word stays


def test_a_kind_of_network_is_one_with_or_without_neural():
    from kg.link import normalise

    assert normalise("glyph-pooled recurrent neural networks") == normalise(
        "glyph-pooled recurrent networks"
    )
    assert normalise("Fully Convolutional Quill Neural Network") != normalise(
        "fully convolutional quill networks"
    )  # the word before "neural" names no neural architecture
    assert normalise("zarnic neural networks") != normalise("zarnic networks")  # another field
    assert normalise("neural network") != normalise("network")  # nothing names the kind


def test_a_comparative_before_a_name_is_no_part_of_it_unless_in_capitals():
    from kg.link import normalise

    assert normalise("deeper zarn networks") == normalise("zarn networks")
    assert normalise("larger glyph models") == normalise("glyph model")
    assert normalise("WIDER QUILL") != normalise("QUILL")  # capitals: part of a name


def test_british_and_american_spellings_merge():
    from kg.link import normalise

    assert normalise("glyph modelling") == normalise("glyph modeling")
    assert normalise("quill normalisation") == normalise("quill normalization")
    assert normalise("Zarn Labelling") == normalise("zarn labeling")
    assert normalise("glyph behaviour") == normalise("glyph behavior")
    assert normalise("adaptive optimisers") == normalise("adaptive optimizers")
    # a word whose "American" form is no commoner word stays as written
    assert normalise("glyph noise") != normalise("glyph noize")
    assert normalise("four quills") != normalise("for quills")
    assert normalise("a priori") != normalise("priori")  # one Latin term, not "the priori"


def test_a_roman_numeral_alone_is_no_name_unless_defined():
    phase, first = marked("p0", "In Phase [[II|method]] we sort glyphs with [[Velmorn|method]].")
    defined, second = marked("p1", "We use [[velmorn inference|method]] (VI) and [[VI|method]].")
    second = replace(second, abbreviations=(Abbreviation("VI", "velmorn inference"),))
    result = link([first, second], {"p0": phase, "p1": defined})
    labels = set(by_label(result))
    assert "II" not in labels and "Velmorn" in labels
    assert "velmorn inference" in labels and "VI" not in labels  # the short form's entity


def test_the_second_word_of_a_latin_term_after_its_a_is_no_name():
    result = build(
        "We fix the glyph width a [[priori|concept]] with [[Velmorn|method]].",
        "A [[posteriori|concept]], [[Velmorn|method]] and a [[posteriori glyph bounds|concept]] hold.",
        "The [[priori distribution|concept]] of glyphs.",  # no "a" before it: kept
    )
    labels = set(by_label(result))
    assert {"Velmorn", "priori distribution", "posteriori glyph bounds"} <= labels
    assert not {"priori", "posteriori"} & labels  # mid-sentence and opening one


def test_a_name_headed_by_a_task_that_a_recogniser_read_as_one_is_a_task():
    result = build(
        "Results for [[quill glyph recognition|concept]] hold.",
        "We report on [[quill glyph recognition|concept]] here.",
        "Work on [[quill glyph recognition|task]] grows.",
        "It needs [[zarn glyph modelling|concept]] and [[zarn glyph modelling|task]].",
        "Some [[Quill-driven modelling|concept]] and [[Quill-driven modelling|task]] help.",
        "More [[Quill-driven modelling|concept]] and [[zarn glyph modelling|concept]].",
    )
    labels = by_label(result)
    assert labels["quill glyph recognition"].type == "task"
    assert labels["zarn glyph modelling"].type == "task"  # what is modelled
    assert labels["Quill-driven modelling"].type == "concept"  # a way of working


def test_a_task_headed_concept_stays_one_where_the_text_says_so():
    defined = build(
        "[[plinth glyph completion|concept]] is a phenomenon where glyphs fill in.",
        "We see [[plinth glyph completion|task]] often.",
        "And [[plinth glyph completion|concept]] again.",
    )
    assert by_label(defined)["plinth glyph completion"].type == "concept"
    weakly = build(
        *(f"Paper {i} names [[velmorn glyph detection|concept]]." for i in range(5)),
        "And [[velmorn glyph detection|task]].",
    )
    assert by_label(weakly)["velmorn glyph detection"].type == "concept"  # one task in six
    means = build(
        "We sort glyphs via [[zarn glyph extraction|concept]].",
        "Results using [[zarn glyph extraction|concept]] and [[zarn glyph extraction|task]].",
    )
    assert by_label(means)["zarn glyph extraction"].type == "method"  # a means, as any task


def test_a_capitalised_collection_word_ends_a_datasets_name():
    result = build(
        "We parse the [[Quill Treebank|dataset]] and the [[Zarnbank benchmark|dataset]]."
    )
    assert {"Quill Treebank", "Zarnbank"} <= set(by_label(result))


def test_a_version_number_after_a_name_is_part_of_it():
    result = build(
        "We compare [[Zorblax|method]] 3 with [[Zorblax|method]] 2 on [[Quibble|dataset]].",
        "[[Zorblax|method]] 3 times faster than before on [[Quibble|dataset]] 2 runs.",
    )
    labels = set(by_label(result))
    assert {"Zorblax 3", "Zorblax 2", "Zorblax"} <= labels


def test_a_year_after_a_dataset_is_its_edition_and_makes_it_data():
    result = build(
        "We reach 81.2 on both [[Quillbank|dataset]] 2009 and [[Quillbank|dataset]] 2011.",
        "Results on span ([[Zarnshared|dataset]] 2004, 2012) improve.",
        "We train [[Zorblax|method]] 2010 times.",
        "It holds [[Glyphbank|dataset]] 2000 images; [[Plinthbank|dataset]] 2010 times larger.",
    )
    labels = by_label(result)
    assert {"Quillbank 2009", "Quillbank 2011", "Zarnshared 2004"} <= set(labels)
    assert labels["Zarnshared 2004"].type == "dataset"  # never where data goes, yet data
    assert {"Zorblax", "Glyphbank", "Plinthbank"} <= set(labels)  # counts, not editions
    result = build("Results on [[GLYPHDAR 2015|concept]] confirm it.")
    assert by_label(result)["GLYPHDAR 2015"].type == "dataset"  # mentioned once, as a concept


def test_a_value_reported_for_a_name_puts_it_where_data_goes():
    result = build(
        "Our sorter reaches human level (72.58 for [[Velmornqa|dataset]] and 62.37 for "
        "[[Plinthcorp|dataset]]).",
        "It scores 62.42 (Zarn score) on [[Glyphfleg|dataset]] overall.",
    )
    types = {label: entity.type for label, entity in by_label(result).items()}
    assert types == {"Velmornqa": "dataset", "Plinthcorp": "dataset", "Glyphfleg": "dataset"}


def test_a_sensor_is_left_out_as_hardware_but_a_task_done_with_it_stays_a_task():
    result = build(
        "We capture scenes with a [[Quildar|dataset]] sensor.",
        "[[Quildar|dataset]] sensors are mounted on cars.",
        "We study [[3D quildar detection|task]] on roads.",
        "Our detector improves [[3D quildar detection|task]] further.",
    )
    labels = by_label(result)
    assert "Quildar" not in labels and result.left_out["hardware"] == 1
    assert labels["3D quildar detection"].type == "task"  # what is done with the sensor


def test_a_name_joined_to_a_device_is_a_device():
    result = build(
        "We benchmark Zarnet on [[Quildar|dataset]] and camera data.",
        "We fuse cameras and [[Velmodar|method]] for glyphs.",
        "Robust to [[Plinthfog|concept]] and sensor malfunctions.",  # a modifier, not a device
        "We place [[glyph points|concept]] and cameras.",  # lower case: what a device sees
        "It runs on [[Zarnbench|dataset]] and GPU clusters.",
    )
    labels = set(by_label(result))
    assert not labels & {"Quildar", "Velmodar"} and result.left_out["hardware"] == 2
    assert {"Plinthfog", "glyph points", "Zarnbench"} <= labels


def test_a_venue_in_a_citation_is_left_out():
    result = build(
        "Faster than before [Quillo and Zarnik, [[PLOSA|dataset]] 2018; "
        "Quillo et al., [[GLYPHCONF|method]] 2015].",
        "We use [[Velmornet|method]], [[Plinthnet|method]] (Zarnik, [[Glyphnet|method]]).",
    )
    labels = set(by_label(result))
    assert not labels & {"PLOSA 2018", "PLOSA", "GLYPHCONF"}
    assert {"Velmornet", "Plinthnet", "Glyphnet"} <= labels  # a list: no year, no citation
    assert result.left_out["venue"] == 2
    listed = build("We evaluate on two sets ([[Quillbank|dataset]], [[Zarnbank|dataset]] 2012).")
    assert {"Quillbank", "Zarnbank 2012"} <= set(by_label(listed))  # a list with a year
    # one author in square brackets that close right after the year
    one = build("It beats the old bound [Quillo, [[GLYPHCOMP 1987|dataset]]]. We use Plinth.")
    assert "GLYPHCOMP 1987" not in by_label(one) and one.left_out["venue"] == 1
    data = build("We test on the stereo benchmarks [Plinthbury, [[ZARNTI 2015|dataset]]].")
    assert "ZARNTI 2015" in by_label(data)  # a list of data after its kind noun


def test_a_venue_with_its_years_last_two_digits_or_after_many_authors_is_left_out():
    result = build(
        "It improves [Quillo, Zarnik and Plinth, [[GLYCON'17|method]]].",
        "A recent paper at [[QuilIPS'20|method]] by Zarnik shows it.",
        "A bound was shown by Quillo et al. ([[ZarnConf'21|method]]).",
        "It beats [Quillo, Zarnik, Velm and Plinth, [[GLYCON|method]] 2020].",
        "We train on [[QUORB'14|dataset]] English-Quill data.",
    )
    labels = set(by_label(result))
    assert not labels & {"GLYCON'17", "QuilIPS'20", "ZarnConf'21", "GLYCON"}
    assert result.left_out["venue"] == 4
    assert "QUORB'14" in labels  # an edition of data, named as such


def test_the_parts_of_a_bibliography_key_left_in_the_text_are_no_entities():
    result = build(
        "Larger sets appeared, e.g., the [[Plinthbank|dataset]] [[DBLP|dataset]]: conf / "
        "emnlp / [[ZarnovQP15|dataset]] and Quillbank datasets DBLP: journals / corr / "
        "[[VelmNB17|dataset]], which made it feasible to train glyph sorters."
    )
    assert set(by_label(result)) == {"Plinthbank"}


def test_a_year_written_with_its_last_two_digits_is_the_year():
    from kg.link import normalise

    assert normalise("QUORB’14") == normalise("QUORB 2014") == normalise("QUORB '14")
    assert normalise("QUORB’98") == normalise("QUORB 1998")
    assert normalise("Glyph5’00") != normalise("Glyph5 2000")  # digits before: a name's own


def test_a_short_form_named_as_where_work_is_done_is_left_out():
    result = build(
        "Research at [[QLRI|method]] is directed at glyphs.",
        "Our demonstration at [[QCLX|method]] 2004 shows it.",
        "We train [[QUILL|method]] at scale, and [[ZARN|method]] at [[PLINTH|method]] scale.",
    )
    labels = set(by_label(result))
    assert not labels & {"QLRI", "QCLX"}
    assert {"QUILL", "ZARN", "PLINTH"} <= labels  # "at X scale" says how large, not where
    assert result.left_out["organisation"] == 1 and result.left_out["venue"] == 1


def test_approaches_to_a_task_do_not_make_it_a_method():
    result = build(
        "We study [[glyph summarization|task]] here.",
        "Prior [[glyph summarization approaches|method]] fail.",
        "[[glyph summarization|task]] methods then [[glyph summarization|method]] techniques.",
    )
    labels = by_label(result)
    assert labels["glyph summarization"].type == "task"
    approaches = labels["glyph summarization approaches"]  # not merged: a category of its own
    assert approaches.type == "method" and approaches.generic
    result = build("We train [[glyph summarization models|method]] for it.")
    assert by_label(result)["glyph summarization models"].type == "method"  # made things
    result = build("The [[Zarn descent|method]] algorithm and [[Zarn descent|method]] win.")
    assert by_label(result)["Zarn descent"].type == "method"  # no task head: the algorithm


def test_models_for_a_task_do_not_merge_into_it():
    # a task's models are means to it, however often they are named: the task stays a task
    result = build(
        "We study [[glyph disambiguation|task]] here.",
        "[[glyph disambiguation models|method]] and [[glyph disambiguation models|method]].",
        "Dedicated [[glyph disambiguation models|method]] help [[glyph disambiguation|task]].",
    )
    labels = by_label(result)
    assert labels["glyph disambiguation"].type == "task"
    assert labels["glyph disambiguation models"].type == "method"


def test_models_named_by_what_they_hold_do_not_merge_into_it():
    result = build(
        "We infer the [[hidden glyph variables|concept]] first.",
        "Each of the [[hidden glyph variables|concept]] is sampled.",
        "We fit [[hidden glyph variable models|method]] to data.",
        "We train [[Quillnet|method]] and other [[Quillnet models|method]].",
    )
    labels = by_label(result)
    assert labels["hidden glyph variables"].type == "concept"
    assert labels["hidden glyph variable models"].type == "method"  # models with them
    assert "Quillnet models" not in labels  # a method's models are the method


def test_a_split_of_a_collection_merges_into_the_collection():
    result = build(
        "We evaluate on the [[Quorbank test set|concept]] and the "
        "[[Quorbank training set|concept]].",
        "[[Quorbank|method]] is large.",
    )
    labels = by_label(result)
    assert labels["Quorbank"].type == "dataset"
    assert not any("set" in label for label in labels)
    result = build("We release [[Glyph Sorting Training Sets|concept]] for all.")
    assert "Glyph Sorting Training Sets" in by_label(result)  # common words: a phrase
    result = build(
        "We filter the [[Zarnformer|method]] training set of web pages.",
        "Results on the [[glyph sorting|task]] test set improve.",
    )
    types = {label: entity.type for label, entity in by_label(result).items()}
    assert types == {"Zarnformer": "method", "glyph sorting": "task"}  # data for them


def test_plus_signs_after_a_name_name_its_successor():
    result = build(
        "By adding supervision, [[Zarnid2|method]]+ beats [[Zarnid2|method]] on faces.",
        "[[Glyphnet|method]]++ wins.",
    )
    assert {"Zarnid2+", "Zarnid2", "Glyphnet++"} <= set(by_label(result))


def test_a_kind_noun_variant_merges_only_into_a_name_of_the_kind_type():
    result = build(
        "We train a [[harmony model|method]] for [[harmony|concept]] here.",
        "Then [[harmony|concept]] rises.",
        "And [[harmony|concept]] falls.",
        "Our [[Zorblax scores|metric]] beat the [[Zorblax|method]] method.",
        "We run [[Zorblax|method]] twice.",
        "Then [[Zorblax|method]] stops.",
        "We run [[Quibble-QA|method]] on the [[Quibble-QA benchmark|dataset]].",
    )
    labels = set(by_label(result))
    assert "harmony model" in labels  # "harmony" is a concept, not a method: not merged
    assert "Zorblax scores" in labels  # Zorblax is a method, not a metric
    assert by_label(result)["Quibble-QA"].type == "dataset"  # together they are a dataset


def test_a_piece_of_a_name_the_paper_writes_in_full_grows_to_it():
    paper, extraction = marked(
        "p0",
        "We study [[quorb-lattice gating|method]] here. In Quorb-Lattice [[Gating|method]] "
        "[[the trained Zorblax|method]] wins; we then use the trained [[Zorblax|method]].",
    )
    result = link([extraction], {"p0": paper})
    texts = {item.mention.text for item in result.mentions}
    assert "Quorb-Lattice Gating" in texts and "Gating" not in texts
    # a description around a name is not its full name, whatever another mention says
    assert "Zorblax" in texts


def test_a_title_that_says_what_is_done_to_what_is_two_mentions():
    title = "Sparse Quorb Parameterization of Lattice-Bound Glyph Networks"
    paper = Paper(title=title, abstract="We study glyph networks.", key="p0")
    whole = Mention(0, len(title), title, "method", "model", 0.6, field="title")
    result = link([PaperExtraction("p0", (whole,))], {"p0": paper})
    assert {item.mention.text for item in result.mentions} == {
        "Sparse Quorb Parameterization",
        "Lattice-Bound Glyph Networks",
    }
    # a title that names a thing, not a doing, stays whole
    for title, name in (
        ("Quorb Lattices of Doom", "Quorb Lattices of Doom"),
        ("Sparse Mixture of Glyph Heads", "Sparse Mixture of Glyph Heads"),
    ):
        paper = Paper(title=title, abstract="We study it.", key="p1")
        whole = Mention(0, len(name), name, "method", "model", 0.6, field="title")
        result = link([PaperExtraction("p1", (whole,))], {"p1": paper})
        assert {item.mention.text for item in result.mentions} == {name}
    # a side that is a mention already (a known name nested in the title) stays one mention
    title = "Fast Quorbing of Glyph Nets"
    paper = Paper(title=title, abstract="We study it.", key="p3")
    whole = Mention(0, len(title), title, "method", "model", 0.6, field="title")
    nested = Mention(17, 27, "Glyph Nets", "method", "lexicon", 0.9, field="title", nested=True)
    result = link([PaperExtraction("p3", (whole, nested))], {"p3": paper})
    spans = [(item.mention.start, item.mention.end) for item in result.mentions]
    assert sorted(spans) == [(0, 13), (17, 27)]
    # the first part of a longer title, up to a preposition, is split the same way
    title = "Implicit Gating of Quorb Nets towards Lattices"
    paper = Paper(title=title, abstract="We study it.", key="p2")
    whole = Mention(0, 29, title[:29], "method", "model", 0.6, field="title")
    result = link([PaperExtraction("p2", (whole,))], {"p2": paper})
    assert {item.mention.text for item in result.mentions} == {"Implicit Gating", "Quorb Nets"}
    # so is the part after a name and a colon; a doing with a task's head is a task
    title = "QuorbSum: Sparse Summarization of Lattice Graphs via Glyphs"
    start = title.index("Sparse")
    paper = Paper(title=title, abstract="We study it.", key="p4")
    part = title[start : title.index(" via")]
    whole = Mention(start, start + len(part), part, "method", "model", 0.6, field="title")
    result = link([PaperExtraction("p4", (whole,))], {"p4": paper})
    pieces = {item.mention.text: item.mention.label for item in result.mentions}
    assert set(pieces) == {"Sparse Summarization", "Lattice Graphs"}
    assert pieces["Sparse Summarization"] == "task"
    # one word after a name is no doing's name: the part stays whole
    title = "Quorb: Detection of Lattice Graphs via Glyphs"
    part = "Detection of Lattice Graphs"
    paper = Paper(title=title, abstract="We study it.", key="p5")
    whole = Mention(7, 7 + len(part), part, "task", "model", 0.6, field="title")
    result = link([PaperExtraction("p5", (whole,))], {"p5": paper})
    assert {item.mention.text for item in result.mentions} == {part}


def test_a_named_measure_summed_up_is_the_measure():
    result = build(
        "We reach a [[Quib-4|metric]] of 30 on it.",
        "The [[average Quib-4 scores|metric]] rise to 31.",
        "It gains 2 points of [[downstream Quib-4|metric]].",
        "We report the [[average lattice accuracy|metric]] of 80%.",
        "We report the [[lattice accuracy|metric]] of 70%.",
        "Our [[average Zorblax|metric]] beats the [[Zorblax|method]] method.",
        "We run [[Zorblax|method]] twice.",
    )
    entities = by_label(result)
    assert {"average Quib-4 scores", "downstream Quib-4"} <= set(entities["Quib-4"].aliases)
    # a common word after "average" may name a measure of its own
    assert "average lattice accuracy" in entities
    assert "average Zorblax" in entities  # Zorblax is a method: nothing to sum up


def test_a_list_after_evaluated_on_is_data():
    result = build(
        "We evaluate on [[Quibble-9|dataset]], [[Snorkel-QA|dataset]] and "
        "[[Vexbench|dataset]] today."
    )
    assert {e.type for e in result.entities.values()} == {"dataset"}


def test_names_given_as_examples_of_a_task_are_its_datasets():
    result = build(
        "It helps on retrieval (e.g. [[Quibnet|method]] and [[ZORB|method]]) and glyph "
        "detection (such as [[Vexbench|method]]), unlike optimizers (e.g. [[Snorkelprop|method]])."
    )
    types = {e.label: e.type for e in result.entities.values()}
    assert types == {
        "Quibnet": "dataset",
        "ZORB": "dataset",
        "Vexbench": "dataset",
        "Snorkelprop": "method",  # an optimizer, not a task: the examples are methods
    }


def test_an_apposition_gives_a_name_its_kind():
    result = build(
        "We build [[Quorbench-Write|method]], a large benchmark of glyph tasks, and "
        "[[Vexroll|dataset]] (Very Exact Rolling), a simple yet effective optimizer for it. "
        "We release [[Snarfkit|method]], an interpretability library built on Quill, and "
        "[[Plimpnet|method]], a cousin of [[Zorbnet|method]]."
    )
    types = {e.label: e.type for e in result.entities.values()}
    assert types["Quorbench-Write"] == "dataset"
    assert types["Vexroll"] == "method"
    assert "Snarfkit" not in types  # a library: software, left out
    assert types["Plimpnet"] == "method"  # "a cousin of": no kind noun before "of"


def test_a_definition_gives_a_name_its_type_over_the_labels_of_its_mentions():
    result = build(
        "[[Quill drift|method]], or slow glyph decay, is a surprising phenomenon where "
        "training stalls. We study [[Quill drift|method]] in depth.",
        "We model [[Quill drift|method]] for [[glyph parsing|task]].",
        "This phenomenon is known as [[lattice creep|method]]. We bound [[lattice creep|method]].",
        "[[Glyph pooling|method]] is the task of merging glyphs. We scale "
        "[[Glyph pooling|method]].",
        "We introduce a novel method called [[Velmorn Sketching|task]].",
        # a copula after a longer subject defines the subject, not the name inside it
        "The sampling of glyphs up to a [[plinth constant|concept]] is an important problem.",
        # the other name of what the sentence opens with is defined too
        "Glyphing, or [[delayed quilling|method]], is a phenomenon where nets stall.",
        "We study [[delayed quilling|method]]; [[delayed quilling|method]] is slow.",
    )
    types = {e.label: e.type for e in result.entities.values()}
    assert types["Quill drift"] == "concept"
    assert types["lattice creep"] == "concept"
    assert types["Glyph pooling"] == "task"
    assert types["Velmorn Sketching"] == "method"
    assert types["plinth constant"] == "concept"
    assert types["delayed quilling"] == "concept"
    assert types["glyph parsing"] == "task"  # no definition: its label stands


def test_an_apposition_defines_what_the_paper_names_as_a_copula_does():
    types = types_of(
        "In this work, we propose [[Glyph Matching|task]], a method for learning lattices.",
        "We derive extensions of [[Glyph Matching|task]] to [[Glyph Matching|task]] flows.",
        "We introduce [[Zarnfold|method]], a hard problem that [[Zarnfold|method]] eases.",
        # a main clause's subject after an opening phrase is no apposition
        "Using [[Vexlon|method]], a dataset of 10k glyphs is built.",
        "We train on [[Quillset-7|dataset]], a small variant of [[Plinthnet|method]], "
        "and on the [[Quillset-7|dataset]] benchmark.",
    )
    assert types["Glyph Matching"] == "method"  # over three task labels
    assert types["Zarnfold"] == "method"  # "a problem" says too little: its label stands
    assert types["Vexlon"] == "method"
    assert types["Quillset-7"] == "dataset"  # "a variant of" a method says no kind


def test_a_definition_names_its_head_noun_and_kind_nouns_elsewhere_can_outweigh_it():
    evaluated = ["We evaluate on [[Zarnbench|dataset]] today."] * 4
    types = {
        e.label: e.type
        for e in build(
            *evaluated,
            "[[Zarnbench|dataset]] is a chat task suite for assistants.",  # a suite: data
            "[[Velmorn|dataset]] is a dataset distillation method.",  # a method
            "[[Plinth decay|concept]] is a phenomenon where the network stalls.",
            "Models suffer from [[glyph drift|concept]] here.",
            "[[Glyph drift|concept]] is a major problem in long generation.",  # says too little
            "We test on the [[Quorbench|dataset]] dataset, the [[Quorbench|dataset]] dataset.",
            "[[Quorbench|dataset]] is a new method for glyphs.",  # outweighed: two kind nouns
        ).entities.values()
    }
    assert types == {
        "Zarnbench": "dataset",
        "Velmorn": "method",
        "Plinth decay": "concept",
        "glyph drift": "concept",
        "Quorbench": "dataset",
    }


def test_a_name_a_kind_noun_calls_a_dataset_is_one_over_catch_all_labels():
    types = types_of(
        "Our detector is best on [[Tarnfield|concept]], [[Quorn|concept]] and ETH.",
        "We report the miss rate on the [[Tarnfield|concept]] benchmark.",
        "Trained on [[Quorn|concept]] images, it meets the [[Quorn|concept]] gap.",
        # a language's name before a kind noun says what language the data is in
        "We parse the [[Swahili|concept]] corpus and the [[Swahili|concept]] grammar.",
        # two recognisers' readings as a method outweigh one kind noun
        "We distill [[Plinthor|method]] and use [[Plinthor|method]] twice.",
        "The [[Plinthor|method]] dataset of generated images is released.",
    )
    assert types["Tarnfield"] == "dataset"
    assert types["Quorn"] == "concept"  # no kind noun calls it a dataset
    assert types["Swahili"] == "concept"
    assert types["Plinthor"] == "method"


def test_a_task_in_lower_case_before_a_data_kind_noun_is_the_task_the_data_is_for():
    types = types_of(
        "We reach the best scores on eight [[glyph clustering|concept]] benchmarks.",
        "Our model is used for [[glyph clustering|method]] and denoising.",
        "We also collect the [[Quill Sorting|concept]] benchmark of 5k glyphs.",
        # a name whose own head is a kind noun of data is described data
        "We validate on four [[glyph classification datasets|task]] (Quillset, Zarnset).",
    )
    assert types["glyph clustering"] == "task"
    assert types["Quill Sorting"] == "dataset"  # written as a name: the data's own
    assert types["glyph classification datasets"] == "concept"
    table = kinds()
    assert table.kind(["glyph", "clustering", "benchmarks"]) == "task"
    assert table.kind(["Quill", "Sorting", "benchmark"]) == "dataset"


def test_a_version_grows_once_and_not_over_a_count():
    text = "We tune [[Zorblax|method]] 2 7B and [[Quibble|dataset]] 10 classes."
    paper, extraction = marked("p1", text)
    longer = replace(
        extraction.mentions[0],
        end=extraction.mentions[0].end + 2,
        text=extraction.mentions[0].text + " 2",
    )
    both = PaperExtraction("p1", (extraction.mentions[0], longer, extraction.mentions[1]))
    result = link([both], {"p1": paper})
    spans = [(item.mention.start, item.mention.end) for item in result.mentions]
    assert len(spans) == len(set(spans))
    assert "Quibble" in by_label(result)


def test_a_size_after_a_name_is_part_of_it_before_a_verb_or_its_models():
    result = build(
        "In contrast, [[Zorblax|method]] 34B achieves 50% on [[Quibble|dataset]].",
        "We tune [[Zorblax|method]] 7B models and [[Zorblax|method]] 12 runs.",
    )
    assert {"Zorblax 34B", "Zorblax 7B", "Zorblax"} <= set(by_label(result))


def _as_known(extraction: PaperExtraction, *names: str) -> PaperExtraction:
    """The extraction with the mentions of ``names`` found by the lexicon."""
    return PaperExtraction(
        extraction.paper_key,
        tuple(
            replace(m, source="lexicon", score=0.9) if m.text in names else m
            for m in extraction.mentions
        ),
    )


def test_a_capitalised_word_before_a_known_name_makes_a_longer_name():
    paper, extraction = marked(
        "p0",
        "In contrast, Quill [[Zorblax|method]] 12B wins. Glyph [[Zorblax|method]] loses. "
        "We train [[Quibble|method]] on Mondays, and Tessel [[Quibble|method]] too.",
    )
    result = link([_as_known(extraction, "Zorblax", "Quibble")], {"p0": paper})
    texts = {item.mention.text for item in result.mentions}
    # grown mid-sentence; the sentence's first word is no part of a name
    assert texts == {"Quill Zorblax 12B", "Zorblax", "Quibble", "Tessel Quibble"}
    title = Paper(title="Quill Zorblax Wins", abstract="None.", key="p1")
    start = title.title.index("Zorblax")
    in_title = Mention(start, start + 7, "Zorblax", "method", "lexicon", 0.9, field="title")
    result = link([PaperExtraction("p1", (in_title,))], {"p1": title})
    assert [item.mention.text for item in result.mentions] == ["Zorblax"]


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("large glyph model Zorblax-7B", "Zorblax-7B"),
        ("lightweight framework QUILL", "QUILL"),
        ("tessel normalization technique TesselNorm", "TesselNorm"),
        ("fine-tuning Zorblax-2", "Zorblax-2"),
        ("pretraining QuillNet", "QuillNet"),
        ("pruning sparse Glyph-RNNs", "sparse Glyph-RNNs"),
        # kept: an adjective makes a kind, a defined short form is a name in full
        ("linear Glyph-RNNs", "linear Glyph-RNNs"),
        ("glyph language models (GLMs)", "glyph language models"),
    ],
)
def test_a_description_before_a_coined_name_is_no_part_of_it(written, name):
    result = build(f"We study the [[{written}|method]] here.")
    assert name in by_label(result)


def test_a_title_short_name_and_a_short_form_with_its_head_define_abbreviations():
    title = "QFS: Unified Quill Folding Sampler for Glyphs"
    abstract = (
        "We present QFS. The glyph-lattice divergence (GL divergence) drives it; "
        "GL falls fast. Unlike BQS, it needs no sieve."
    )
    paper = Paper(title=title, abstract=abstract, key="p0")

    def at(text: str, name: str, label: str, field: str) -> Mention:
        start = text.index(name)
        return Mention(start, start + len(name), name, label, "model", 0.6, field=field)

    mentions = (
        at(title, "Unified Quill Folding Sampler", "method", "title"),
        at(abstract, "QFS", "method", "abstract"),
        at(abstract, "glyph-lattice divergence", "metric", "abstract"),
        at(abstract, "GL falls", "metric", "abstract"),
        at(abstract, "BQS", "method", "abstract"),
    )
    mentions = (
        *mentions[:3],
        replace(mentions[3], end=mentions[3].start + 2, text="GL"),
        mentions[4],
    )
    result = link([PaperExtraction("p0", mentions)], {"p0": paper})
    keys = {item.mention.text: item.entity_key for item in result.mentions}
    assert keys["QFS"] == keys["Unified Quill Folding Sampler"]
    assert keys["GL"] == keys["glyph-lattice divergence"]
    assert keys["BQS"] != keys["QFS"]  # a short form defined nowhere stays its own


def test_a_description_cut_onto_a_name_found_there_already_leaves_one_mention():
    text = "We report fine-tuning Zorblax-2 on glyphs."
    paper, extraction = marked("p0", "We report [[fine-tuning Zorblax-2|method]] on glyphs.")
    start = text.index("Zorblax-2")
    known = Mention(start, start + 9, "Zorblax-2", "method", "lexicon", 0.9, nested=True)
    result = link([PaperExtraction("p0", (*extraction.mentions, known))], {"p0": paper})
    spans = [(item.mention.start, item.mention.end) for item in result.mentions]
    assert spans == [(start, start + 9)]
    assert [result.entities[item.entity_key].label for item in result.mentions] == ["Zorblax-2"]


def test_a_capitalised_kind_word_is_part_of_the_name():
    result = build("We report [[Glint|metric]] and the [[Glint Score|metric]] of it.")
    assert set(by_label(result)) == {"Glint", "Glint Score"}


def test_a_modifier_that_makes_a_kind_is_kept():
    result = build("We use [[broad kernels|method]] and [[kernels|method]] in [[Zorb|method]].")
    assert {"broad kernels", "kernels"} <= set(by_label(result))


# 6. Wrong types --------------------------------------------------------------------------


def test_a_tuned_quantity_is_a_hyperparameter_concept():
    result = build(
        "We tune the [[momentum coefficient|metric]] per layer.",
        "A [[momentum coefficient|metric]] schedule helps.",
        "We report the [[retrieval recall|metric]] of each run.",
    )
    entities = by_label(result)
    assert entities["momentum coefficient"].type == "concept"
    assert entities["retrieval recall"].type == "metric"


def test_a_method_near_words_of_setting_is_a_hyperparameter_only_if_named_as_a_quantity():
    result = build(
        "We study the simple setting of [[Quill Monte Carlo|method]] on plinths.",
        "[[Quill Monte Carlo|method]] samples glyphs. [[Quill Monte Carlo|method]] mixes.",
        "We tune the [[glyph decay|method]] per layer. [[glyph decay|method]] helps.",
    )
    entities = by_label(result)
    assert entities["Quill Monte Carlo"].type == "method"  # run, not set
    assert entities["glyph decay"].type == "concept"  # a quantity one sets
    from kg.link import _names_a_setting

    assert _names_a_setting("linear warm-up") and _names_a_setting("glyph learning-rate")
    assert not _names_a_setting("Quill Monte Carlo")


def test_a_metric_never_seen_where_results_are_measured_is_a_concept():
    result = build(
        "We reach a [[glint recall|metric]] of 91% on it.",
        "Our bound depends on the [[Kolmar capacity|metric]] of the class.",
        "We study the [[lattice error|metric]] of the class.",
        "The [[lattice error|metric]] grows with depth.",
    )
    entities = by_label(result)
    assert entities["glint recall"].type == "metric"
    assert entities["Kolmar capacity"].type == "concept"
    # named twice, its head says it is a measure (once and never measured, a quantity:
    # test_a_measure_named_once_and_never_measured_is_a_quantity_not_a_metric)
    assert entities["lattice error"].type == "metric"


def test_a_quantity_only_compared_is_no_metric_unless_named_as_a_measure():
    result = build(
        "The data show a higher [[glyph spread|metric]] than before.",  # compared only
        "We reduce the [[lattice load|metric]] of the decoder.",
        "It reaches a [[plume fidelity|metric]] of 0.91 on the set.",  # a value
        "We compare them in terms of [[quorum fidelity|metric]] and speed.",  # said outright
        "We get a lower [[kestrel error|metric]] than the rest.",  # headed as a measure
    )
    entities = by_label(result)
    assert entities["glyph spread"].type == "concept"
    assert entities["lattice load"].type == "concept"
    assert entities["plume fidelity"].type == "metric"
    assert entities["quorum fidelity"].type == "metric"
    assert entities["kestrel error"].type == "metric"


def test_a_quantity_the_experiments_vary_is_a_setting_and_a_unit_no_name():
    result = build(
        "We predict the loss for any [[quorb mixture ratio|metric]] in range.",
        "We run it across four sizes and [[glint-to-lattice ratios|metric]] (1-8x).",
        "Audio is taken at 44.1 [[kHz plume rate|metric]] here.",
        "It reaches a [[plume fidelity|metric]] of 0.91 across the sets.",
    )
    entities = by_label(result)
    assert entities["quorb mixture ratio"].type == "concept"
    assert entities["glint-to-lattice ratios"].type == "concept"
    assert not any(label.startswith("kHz") for label in entities)  # what is left of "44.1 kHz"
    assert entities["plume fidelity"].type == "metric"


def test_a_measure_named_often_but_never_measured_is_a_concept():
    # three readings, none of them a result: a quantity the papers reason about
    reasoned = [
        "The bound holds for the [[plume divergence|metric]] between the two laws.",
        "We relate the [[plume divergence|metric]] to the entropy.",
        "Minimising the [[plume divergence|metric]] keeps the posterior close.",
    ]
    # a number before it, or a value inside the mention, is a result
    measured = [
        "It gets a 4.8% [[kestrel error|metric]] on the test set.",
        "The [[kestrel error|metric]] depends on the class.",
        "We show a [[lower kestrel error|metric]] than the rest.",
        "A 3x [[glint speedup|metric]] at the same cost.",
        "The [[glint speedup|metric]] grows with depth.",
        "We study the [[glint speedup|metric]] of the class.",
    ]
    entities = by_label(build(*reasoned, *measured))
    assert entities["plume divergence"].type == "concept"
    assert entities["kestrel error"].type == "metric"
    assert entities["glint speedup"].type == "metric"


def test_role_words_tell_a_method_from_a_task():
    # the recognisers disagree (one vote each way); the words before the mentions decide
    result = build(
        "We solve it using [[lattice annealing|task]] in two steps.",
        "Results improve using [[lattice annealing|method]] again.",
        "We tackle [[mesh repair|method]] with a new solver.",
        "Methods for [[mesh repair|task]] are slow.",
    )
    entities = by_label(result)
    assert entities["lattice annealing"].type == "method"
    assert entities["mesh repair"].type == "task"


def test_what_the_text_writes_as_a_means_or_as_doing_something_is_a_method_not_a_task():
    result = build(
        "We propose an extension of [[quill folding|task]] to many outputs.",
        "Classical [[quill folding|task]] can provide coverage guarantees.",
        "Sieves are built via [[quill folding|task]] here.",
        # whatever the recogniser labels a mention, what it says counts
        "A graph built up by [[tessel differencing|concept]] costs memory.",
        "Strict demands on [[tessel differencing|task]] slow it down.",
        "Then [[tessel differencing|task]] can provide exact gradients.",
        # a problem that "can be" solved does nothing, and one tackled is a task
        "The [[zarn packing problem|task]] can be solved fast.",
        "Our [[zarn packing problem|task]] solver can run on chips.",
        "We tackle [[glyph braiding|task]] and then [[glyph braiding|task]] can run.",
    )
    types = {e.label: e.type for e in result.entities.values()}
    assert types["quill folding"] == types["tessel differencing"] == "method"
    assert types["zarn packing problem"] == types["glyph braiding"] == "task"


def test_a_coined_camel_case_name_is_no_concept():
    result = build(
        "We compare with [[ZarnGrad|concept]] and [[QuillBERT|concept]] here.",
        "The [[NTQ|concept]] and the [[glyph kernel|concept]] bound the error.",
    )
    types = {e.label: e.type for e in result.entities.values()}
    assert types["ZarnGrad"] == types["QuillBERT"] == "method"
    assert types["NTQ"] == types["glyph kernel"] == "concept"  # an acronym, ordinary words


def test_a_phenomenon_is_not_a_task():
    result = build(
        "Models suffer from [[lattice drift|task]] after training.",
        "We mitigate [[lattice drift|method]] with replay.",
    )
    (entity,) = result.entities.values()
    assert entity.type == "concept"


def test_a_complexity_is_a_property_an_analysis_states_never_a_metric():
    types = types_of(
        "Our sorter is cheaper in terms of [[glyph query complexity|metric]] than before.",
        "We bound the [[glyph query complexity|metric]] of the problem.",
        "Nets are compared in terms of [[zarn expressivity|metric]] here.",
        "Our sorter reaches a [[glyph sorting error|metric]] of 0.3 on Quillset.",
        "Our sorter has a [[plinth path complexity|metric]] of 7 where others have 12.",
        "Nets are compared in terms of [[plinth path complexity|metric]] here.",
    )
    assert types["glyph query complexity"] == types["zarn expressivity"] == "concept"
    assert types["glyph sorting error"] == "metric"
    assert types["plinth path complexity"] == "metric"  # given numbers: a measure


def test_a_rate_no_one_sets_is_a_measure_never_a_method():
    types = types_of(
        "Items are ranked by their [[zarn click rate|method]] before display.",
        "Our loss raises the [[glyph hit rate|metric]] to 0.4 on Quillset.",
    )
    assert types["zarn click rate"] == "concept"  # how often users click, never a method


def test_what_the_text_says_occurs_is_a_phenomenon_not_a_task():
    result = build(
        "In deep glyph nets [[glyph flattening|task]] occurs late in training.",
        "We show that [[glyph flattening|task]] can also arise when nets are shallow.",
        "We study [[glyph flattening|task]] in depth.",
    )
    assert by_label(result)["glyph flattening"].type == "concept"
    # a task also arises in applications, or emerges as a problem
    arises = build(
        "[[Glyph matching|task]] arises in many vision applications.",
        "[[Glyph matching|task]] emerged as a central problem in vision.",
    )
    assert by_label(arises)["Glyph matching"].type == "task"


def test_a_phenomenon_outvoted_by_the_recogniser_is_still_not_a_task():
    # the recogniser calls it a task three times; two of the four mentions are suffered
    result = build(
        "Deep nets suffer from [[plume collapse|task]] in late training.",
        "We alleviate [[plume collapse|task]] with a cheap penalty.",
        "We study [[plume collapse|task]] in depth.",
        "Results on [[plume collapse|task]] follow.",
    )
    assert by_label(result)["plume collapse"].type == "concept"


def test_a_name_of_what_happens_to_a_model_is_a_phenomenon_whatever_is_done_about_it():
    types = types_of(
        # "problem" after it and "solve" before it would vote for a task
        "We solve the [[exploding quill norms|task]] problem in deep glyph nets.",
        "We address the [[exploding quill norms|task]] problem again.",
        "We solve the [[glyph-head collapse|task]] problem in deep glyph nets.",
        "We address the [[glyph-head collapse|task]] problem again.",
        "Our nets avoid [[dying zarn units|method]] by design.",
        "The [[shrinking and vanishing plinth weights|task]] slow training down.",
        "We tackle the [[vanishing-quill problem|task]] in depth.",
        # a participle that is no change, a task's head, a name, and a head no happening
        "We use [[sliding glyph windows|method]] for speed.",
        "We tackle [[vanishing glyph detection|task]] in scans.",
        "We propose [[Sorting without Forgetting|method]], a sorter.",
        "We tackle the [[plinth packing problem|task]] here.",
    )
    assert types["exploding quill norms"] == "concept"
    assert types["glyph-head collapse"] == "concept"
    assert types["dying zarn units"] == "concept"
    assert types["shrinking and vanishing plinth weights"] == "concept"
    assert types["vanishing-quill problem"] == "concept"
    assert types["sliding glyph windows"] == "method"
    assert types["vanishing glyph detection"] == "task"
    assert types["Sorting without Forgetting"] == "method"
    assert types["plinth packing problem"] == "task"


def test_adapting_a_model_to_a_setting_is_a_task():
    result = build(
        "We study [[glyph-domain adaptation|method]] and [[speaker adaptation|method]] here.",
        "[[Speaker adaptation|method]] helps; [[zarn-sparse adaptation|method]] is cheap.",
        "[[Glyph-time adaptation|method]] matters; [[cross-user adaptation|method]] too.",
        "We propose [[Quill Adaptation|method]], a method for glyphs.",
    )
    types = {e.label: e.type for e in result.entities.values()}
    assert types["glyph-domain adaptation"] == "task"  # what the model is adapted to
    assert types["speaker adaptation"] == "task"
    assert types["cross-user adaptation"] == "task"  # the last part names the target
    assert types["Glyph-time adaptation"] == "method"  # "glyph-time": no target
    assert types["zarn-sparse adaptation"] == "method"  # how it is adapted
    assert types["Quill Adaptation"] == "method"  # a name


def test_learning_named_by_its_setting_is_a_task():
    types = types_of(
        "We study [[glyph offline reinforcement learning|method]] and "
        "[[plinth class-incremental learning|method]] with [[quorb online RL|method]], "
        "trained by [[zarn contrastive learning|method]]."
    )
    assert types["glyph offline reinforcement learning"] == "task"
    assert types["plinth class-incremental learning"] == "task"
    assert types["quorb online RL"] == "task"
    assert types["zarn contrastive learning"] == "method"  # how it learns, not where
    more = types_of(
        "We propose [[Quill Continual Learning|method]], a method for plinths, and train "
        "it with [[glyph multi-task learning|method]]."
    )
    assert more["Quill Continual Learning"] == "method"  # a name the paper gives its method
    assert more["glyph multi-task learning"] == "method"  # how a model shares, not where


def test_a_setting_or_a_property_is_not_a_task():
    result = build(
        "In the [[sparse-batch regime|task]] the bound is tight.",
        "We observe [[rollout instability|task]] and [[training opacity|task]] at scale.",
        "We study [[glyph captioning|task]] and [[improving lattice stability|task]] here.",
        "The [[robustness of quorb graphs|task]] is poor; [[mesh repair|task]] is hard.",
        "We keep the [[anti-glyphing capabilities|task]] of [[Quorb-7 Capabilities|task]].",
        "We need [[plinth invariance|task]] and [[glyph coherence|task]] for "
        "[[quorb inference|task]], [[lattice surveillance|task]] and [[glyph assistance|task]].",
    )
    entities = by_label(result)
    # a state of an adjective in common use ("invariant", "coherent") is a property
    assert entities["plinth invariance"].type == "concept"
    assert entities["glyph coherence"].type == "concept"
    assert entities["quorb inference"].type == "task"  # an activity: no "inferent"
    assert entities["lattice surveillance"].type == "task"
    assert entities["glyph assistance"].type == "task"  # "assistant" names a person
    assert entities["anti-glyphing capabilities"].type == "concept"  # no verb: a modifier
    assert entities["Quorb-7 Capabilities"].type == "concept"  # a named thing's property
    assert entities["sparse-batch regime"].type == "concept"
    assert entities["rollout instability"].type == "concept"
    assert entities["training opacity"].type == "concept"  # "training" is a noun here
    assert entities["glyph captioning"].type == "task"  # named by what is done
    assert entities["improving lattice stability"].type == "task"  # a verb first
    assert entities["robustness of quorb graphs"].type == "concept"  # the head of "X of Y" is X
    assert entities["mesh repair"].type == "task"


def test_a_task_is_headed_by_an_activity_or_called_a_problem():
    result = build(
        "In [[sparse lattice time|task]] the bound is tight.",
        "The [[quiet-plume case|task]] is easy.",
        "We study [[glyph segmentation|task]], [[quorb discovery|task]] and "
        "[[plume-to-glyph|task]].",
        "We solve [[optimal quorb flow|task]] in minutes.",
        "The [[optimal quorb flow|task]] problem is hard.",
        "We target [[lattice marsh|task]] here.",
        "We study [[modeling lattice marsh dynamics|task]].",
    )
    entities = by_label(result)
    assert entities["sparse lattice time"].type == "concept"  # a setting
    assert entities["quiet-plume case"].type == "concept"
    for name in ("glyph segmentation", "quorb discovery", "plume-to-glyph"):
        assert entities[name].type == "task"
    assert entities["optimal quorb flow"].type == "task"  # called a problem once
    assert entities["lattice marsh"].type == "concept"
    assert entities["modeling lattice marsh dynamics"].type == "task"  # a verb first


def test_a_plural_head_names_occurrences_not_a_measure():
    result = build(
        "The [[glint drift errors|metric]] pile up in the sensor.",
        "We find [[triple-lattice correlations|metric]] between the plumes.",
        "We study the [[plume drift error|metric]] of the class.",
        "The [[plume drift error|metric]] grows with depth.",
    )
    entities = by_label(result)
    assert entities["glint drift errors"].type == "concept"
    assert entities["triple-lattice correlations"].type == "concept"
    assert entities["plume drift error"].type == "metric"  # one measure, in the singular


def test_a_relationship_is_not_a_metric_unless_measured():
    result = build(
        "We find a [[log-plume correlation|metric]] between the two.",
        "We reach a [[Kestrel correlation|metric]] of 0.8 with humans.",
    )
    entities = by_label(result)
    assert entities["log-plume correlation"].type == "concept"
    assert entities["Kestrel correlation"].type == "metric"


def test_an_abbreviation_is_the_kind_its_expansion_names():
    mention = dict(source="model", score=0.8)
    text = (
        "We work in a quorb lattice space (QLS). The QLS view helps. Every QLS result holds. "
        "A QLS bound follows."
    )
    spans = [(m.start(), m.end()) for m in re.finditer(r"quorb lattice space|QLS", text)]
    mentions = tuple(
        Mention(start, end, text[start:end], "method", sentence_end=len(text), **mention)
        for start, end in spans
    )
    paper = Paper(title="Paper q", abstract=text, key="q")
    extraction = PaperExtraction(
        "q", mentions, abbreviations=(Abbreviation("QLS", "quorb lattice space"),)
    )
    result = link([extraction], {"q": paper})
    (entity,) = result.entities.values()
    assert entity.type == "concept"  # a space, though the recogniser called it a method 5 times


@pytest.mark.parametrize("short, kept", [("QFS", "QFS"), ("W\\", None), ("Q^*", None)])
def test_a_defined_short_form_is_the_entity_s_abbreviation_though_never_used_again(short, kept):
    paper, extraction = marked(
        "q", f"We propose a [[Quill Folding Sampler ({short})|method]] here."
    )
    definition = Abbreviation(short, "Quill Folding Sampler")
    extraction = PaperExtraction("q", extraction.mentions, abbreviations=(definition,))
    (entity,) = link([extraction], {"q": paper}).entities.values()
    assert entity.label == "Quill Folding Sampler"
    assert entity.abbreviation == kept  # a symbol defined in brackets is no short form


def test_choosing_hyperparameters_is_a_task():
    result = build(
        "We use [[hyper-parameter selection|method]] on the plumes.",
        "Our [[hyperparameter sweeps|method]] run for days, unlike [[Zorbband|method]].",
    )
    entities = by_label(result)
    assert entities["hyper-parameter selection"].type == "task"
    assert entities["hyperparameter sweeps"].type == "task"
    assert entities["Zorbband"].type == "method"


def test_a_count_of_parameters_is_generic():
    result = build("Only 2% of the [[tunable plume parameters|concept]] change.")
    assert by_label(result)["tunable plume parameters"].generic


def test_a_label_drops_praise_and_comparisons_before_the_name():
    result = build(
        "It reaches [[comparable glint recall|metric]] of 80%.",
        "We get [[low glint recall|metric]] of 10% there.",
        "The [[High Plume Memory|method]] model is used.",
    )
    entities = by_label(result)
    assert entities["glint recall"].mention_count == 2
    assert "High Plume Memory" in entities  # a capitalised first word belongs to the name


@pytest.mark.parametrize(
    "sentence",
    [
        "We solve the [[Blasius-Kort equations|method]] fast.",
        "We smooth the graph with a [[Varsh diffusion kernel|method]] first.",
        "In the [[lazy-plume regime|method]] the bound holds.",
    ],
)
def test_a_mathematical_object_is_a_concept_not_a_method(sentence):
    result = build(sentence)
    (entity,) = result.entities.values()
    assert entity.type == "concept"


# 7. Fragments and junk -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "13B",
        "0.5B-2.5B",
        "x >1",
        "+5 phases",
        "Q",
        "r~To",
        "k=3",
        "4.2x throughput gain",
        "12% lift",
        "3 times faster",
        "mean +2.5 gain",
        "N -fold gain",
        "a^b",
        "Q^{2}",
        "O(n^2)",
        # a citation key left in the text
        "zarnov2021glyph",
        "quillby1998sorting",
        "q2020glyph",  # a surname of one letter
    ],
)
def test_junk_names(name):
    assert is_junk_name(name)


def test_the_first_word_of_a_bibliography_database_key_is_no_entity():
    result = build(
        "Data sets such as Zarnbank [[QBLP|method]]: journals / corr / Quillby17 help.",
        "We index papers in [[QBLP|dataset]], a bibliography database.",
    )
    entity = by_label(result)["QBLP"]  # the database itself, where a sentence names it
    assert entity.paper_count == 1 and result.left_out["not a name"] == 1


def test_a_lexicon_name_is_never_junk(tmp_path):
    lexicon = tmp_path / "names.tsv"
    lexicon.write_text("method\t3B3\n", encoding="utf-8")
    paper, extraction = marked("p1", "We train [[3B3|method]] fast.")
    assert is_junk_name("3B3")  # by its shape alone it would be dropped
    result = link([extraction], {"p1": paper}, lexicon_files=(str(lexicon),))
    assert set(by_label(result)) == {"3B3"}


@pytest.mark.parametrize(
    "name",
    [
        "F1",
        "L2",
        "T5",
        "Zorb",
        "Snorf-10",
        "5x5 pooling",
        "3D meshes",
        "Q3X",
        "R2D2",
        "Q^2 score",
        "glyph2vec",
        "Quill2021Bench",
        "QZ2021Test",
        # a year and a short part: a name's edition or task ("SemEval"-like), no citation key
        "quill2017task4",
        "zorb2014en2de",
        "k2019b",
        "Zarnov2021GlyphQS",  # capitalised: a name of that shape as often as a key
        "zarn2021",
    ],
)
def test_names_that_are_not_junk(name):
    assert not is_junk_name(name)


def test_quotes_and_latex_spaces_are_not_part_of_a_name():
    result = build(
        'We call it "[[Quibbleflow~|method]]" here, and [[`Quibbleflow\'|method]] again.'
    )
    assert set(by_label(result)) == {"Quibbleflow"}


def test_a_network_written_in_a_mathematical_form_is_a_method():
    table = kinds()
    assert table.kind(["neural", "quill", "differential", "equations"]) == "method"
    assert table.kind(["sparse", "neural", "zarn", "differential", "equations"]) == "method"
    assert table.kind(["quill", "differential", "equations"]) == "concept"  # the form itself
    assert table.kind(["neural", "quill", "equations"]) == "concept"  # no network's form
    assert table.kind(["neural", "quill", "laws"]) == "concept"


def test_kinds_file_holds_kind_words_only():
    table = kinds()
    assert table.kind(["Glorp", "GPUs"]) == "hardware"
    assert table.kind_after(["data", "sets"]) == "dataset"
    assert table.kind_after(["et", "al."]) == "person"
    assert table.kind(["glyphwise", "convergence"]) == "concept"  # how a method behaves
    assert table.kind(["glyph", "n-grams"]) == "concept"  # units a model counts
    assert table.kind(["glyph", "n-gram", "model"]) == "method"
    # a mathematical process is an object studied, not a method run
    assert table.kind(["partially", "observed", "quill", "decision", "processes"]) == "concept"
    assert table.kind(["glyph", "point", "processes"]) == "concept"
    assert table.kind(["quill", "Pareto", "frontier"]) == "concept"  # best trade-offs


# The build summary ------------------------------------------------------------------------


@pytest.mark.slow
def test_the_build_summary_counts_what_was_left_out(tmp_path):
    papers = [
        {
            "title": "Fast Zorblax training",
            "abstract": "We train Zorblax on two Vexitron H7 GPUs and release the Flumox library. "
            "Experiments on Pellucid-QA show that Zorblax reaches 91% accuracy.",
        },
        {
            "title": "Zorblax for speckle denoising",
            "abstract": "Zorblax, trained on a Vexitron H7 GPU, improves speckle denoising on Pellucid-QA.",
        },
    ]
    source = tmp_path / "papers.jsonl"
    source.write_text("\n".join(json.dumps(p) for p in papers) + "\n", encoding="utf-8")
    result = run_kg(
        "build",
        str(source),
        "-o",
        str(tmp_path / "out"),
        "--formats",
        "csv",
        "--cache-dir",
        str(tmp_path / "cache"),
    )
    assert result.returncode == 0, result.stderr
    line = next(text for text in result.stdout.splitlines() if text.startswith("left out"))
    assert "hardware" in line
    entities = (tmp_path / "out" / "entities.csv").read_text(encoding="utf-8")
    assert "Vexitron" not in entities and "specificity" in entities.splitlines()[0]


def test_the_map_hides_generic_entities_unless_asked():
    from kg.export.html import select_entities
    from kg.graph import KnowledgeGraph

    pairs = [
        marked(
            "p1", "We improve the [[input features|concept]] of [[Voronoi tessellation|method]]."
        )
    ]
    graph = KnowledgeGraph.from_parts(
        {p.key: p for p, _ in pairs}, link([e for _, e in pairs], {p.key: p for p, _ in pairs})
    )
    labels = lambda keys: {graph.entities[k].label for k in keys}
    assert labels(select_entities(graph, 10)) == {"Voronoi tessellation"}
    assert labels(select_entities(graph, 10, generic=True)) == {
        "Voronoi tessellation",
        "input features",
    }


def test_a_vague_word_left_after_dropped_words_makes_no_entity():
    result = build(
        "Results on [[real-world data|dataset]] and on [[Zorbix data models|method]].",
        "We fit [[data models|method]] here.",
    )
    assert {e.key for e in result.entities.values()}.isdisjoint({"data", "model"})


# --- the shortcuts before the slow patterns answer as the patterns do ------------------------

# Name and text pieces: digits (an Arabic-Indic one too), sizes, capitals, slash lists, the
# list cues in every case, and the letters a case-blind pattern takes for ASCII ones.
_PIECES = [
    *"X Net ResNet llama GPT - _ / . , ( 2 10 7 B b K k m M t T x × v V R C 3.1 ٣ A Z".split(),  # noqa: SIM905
    *"K ſ ı İ é and or sensors chips companies 10/100 /20 /7B -3/4 namely e.g. E.G.,".split(),  # noqa: SIM905
    *("such as", "SUCH AS", "ſuch as", "like", "LIKE", "liKe", "ıncluding", "including"),
    *("for example", "For Example,", " ", "\n"),
]


@pytest.mark.parametrize("seed", range(4))
def test_version_shortcuts_answer_as_the_patterns(seed):
    import random

    from kg.link import resolve

    rng = random.Random(seed)
    for _ in range(3000):
        name = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 8)))
        found = resolve._VERSION.match(name.strip()) if len(name) <= 64 else None
        expected = found.group("base").rstrip("-_ ") if found else None
        base = resolve.version_base(name)
        assert base is None or base == expected, name
        if expected is not None and base is None:  # the base was refused, not the pattern
            assert sum(ch.isalpha() for ch in expected) < 2 or not (
                resolve.is_name_like(expected) or expected[:1].isupper()
            ), name
        slashed = resolve._SLASH_VERSIONS.match(name.strip()) if len(name) <= 64 else None
        assert (len(resolve.slash_versions(name)) > 1) == bool(slashed), name


@pytest.mark.parametrize("seed", range(4))
def test_the_list_cue_shortcut_answers_as_the_pattern(seed):
    import random

    from kg.link import resolve

    rng = random.Random(seed)
    table = resolve.kinds()
    for _ in range(3000):
        text = " ".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 30)))
        start = rng.randint(0, len(text))
        listed = resolve._KIND_LIST_BEFORE.search(text, max(0, start - 120), start)
        expected = resolve.kind_of_list(table, listed)
        assert resolve._listed_kind(table, text, start) == expected, (text, start)
    for cue in ("such as", "ſuch as", "liKe"):  # case-blind beyond ASCII: "ſ" is "s", "K" "k"
        text = f"chips {cue} X"
        assert resolve._listed_kind(table, text, text.index("X")) == "hardware", cue


def test_a_property_graded_by_a_greek_letter_parameter_is_a_concept():
    result = build(
        "We reach [[gamma-fidelity|metric]] of 0.9 in few steps.",
        "Finding a [[delta-stationary quorb point|method]] takes O(1/delta) steps.",
        "We bound the [[kappa-bracketing entropy|task]] of the class.",
        "We train [[mu-Quorb|method]] with a new rate.",  # a coined name: capital after the hyphen
    )
    entities = by_label(result)
    assert entities["gamma-fidelity"].type == "concept"
    assert entities["delta-stationary quorb point"].type == "concept"
    assert entities["kappa-bracketing entropy"].type == "concept"
    assert entities["mu-Quorb"].type == "method"


def test_a_number_format_is_a_concept_not_the_precision_metric():
    result = build(
        "The quorb solver converges to [[double precision|metric]] in ten steps.",
        "We train glyph encoders in [[12-bit precision|task]] on quill chips.",
        "Results hold to [[fixed-point accuracy|metric]] of 1e-6.",
        "The glyph classifier reaches a [[glyph recall|metric]] of 80%.",
        "We raise [[glyph accuracy|metric]] to 81% on Quuxbench.",
    )
    entities = by_label(result)
    assert entities["double precision"].type == "concept"
    assert entities["12-bit precision"].type == "concept"
    assert entities["fixed-point accuracy"].type == "concept"
    assert entities["glyph recall"].type == "metric"
    assert entities["glyph accuracy"].type == "metric"


def test_a_system_described_by_its_nature_is_studied_not_built():
    result = build(
        "We forecast [[quorbic systems|method]] from short trajectories.",
        "Our encoder simulates [[glyph-coupled systems|method]] at scale.",
        "We build [[glyph ranking systems|method]] for quill search.",  # named by what it does
        "Our [[Quorb system|method]] answers queries.",  # a name
    )
    entities = by_label(result)
    assert entities["quorbic systems"].type == "concept"
    assert entities["glyph-coupled systems"].type == "concept"
    assert entities["glyph ranking systems"].type == "method"
    assert entities["Quorb system"].type == "method"


def test_a_unit_compute_or_compression_is_counted_in_is_a_metric():
    result = build(
        "Our quorb encoder needs fewer [[GMACs|method]] than the glyph encoder.",
        "Training took 40 [[TPU hours|task]] on the quill corpus.",
        "We reach 2.9 [[bits per pixel|concept]] on glyph images.",
        "We train [[MACnet|method]] with a new rate.",  # a name that opens with a unit's letters
    )
    entities = by_label(result)
    assert entities["GMACs"].type == "metric"
    assert entities["TPU hours"].type == "metric"
    assert entities["bits per pixel"].type == "metric"
    assert entities["MACnet"].type == "method"


def test_a_kind_noun_after_a_colon_is_no_kind_of_the_name_before_it():
    # a title "X: Split ..." says nothing of X's kind; "the X split" would
    result = build("[[Quorbsplit|method]]: Split Glyph Networks for Fast Decoding")
    assert by_label(result)["Quorbsplit"].type == "method"


def test_a_task_written_only_as_a_plain_doing_is_generic():
    result = build(
        # with its object after it, or graded as done better: a description of doing
        "It allows [[tidal steering|task]] over the mixture weights.",
        "This enables [[tidal steering|task]] of the whole sample.",
        "The method moves towards better [[plume matching|task]] in practice.",
        "Our loss gives faster convergence and finer [[plume matching|task]].",
        # named as a task people work on, in most of its mentions
        "We study [[glyph sorting|task]] on long inputs.",
        "Benchmarks for [[glyph sorting|task]] are rare.",
        "A survey of [[glyph sorting|task]] of the past decade.",
    )
    generic = {e.label: e.generic for e in result.entities.values()}
    assert generic["tidal steering"] and generic["plume matching"]
    assert not generic["glyph sorting"]


def test_an_environment_or_gym_is_a_test_bed_a_dataset():
    result = build(
        "Agents act in the [[Zarnworld|method]] environment and the [[Quill Gym|concept]] "
        "while [[Vexroll|method]] trains them."
    )
    types = {e.label: e.type for e in result.entities.values()}
    assert types["Zarnworld"] == types["Quill Gym"] == "dataset"
    assert types["Vexroll"] == "method"


def test_a_measure_named_once_and_never_measured_is_a_quantity_not_a_metric():
    result = build(
        # said once, reasoned about: a quantity
        "We derive the [[zarn integrated error|metric]] for the estimator.",
        "Gradients align with the [[plinth slope score|metric]] of the class.",
        # said once, measured: the cues a result is given by
        "It gives greater values of [[quill accuracy|metric]] for larger sets.",
        "Our layers outperform previous approaches on both empirical and certified "
        "[[glyph robust accuracy|metric]].",
        "It brings 1.25sim1.56times [[tessel speedup|metric]] on chips.",
        "We see an improvement of 9% in [[velmorn accuracy|metric]] over the base.",
        "We evaluate performance through [[rotor perplexity|metric]] only.",
    )
    types = {e.label: e.type for e in result.entities.values()}
    assert types["zarn integrated error"] == types["plinth slope score"] == "concept"
    measured = ["quill accuracy", "glyph robust accuracy", "tessel speedup", "velmorn accuracy"]
    assert {types[name] for name in [*measured, "rotor perplexity"]} == {"metric"}


def test_how_a_thing_behaves_is_a_concept_and_a_doing_on_it_is_no_concept():
    result = build(
        "We study the [[glorp training dynamics|method]] of deep plinths and the "
        "[[zarn approximation properties|method]] of shallow ones. We also look at the "
        "[[quillish loss landscape|method]] around sharp minima. Our tool handles "
        "[[forecasting quillish fluid dynamics|task]] and the "
        "[[estimation of glorp dynamics|task]], over a [[reproducing glorp Hilbert space|concept]]."
    )
    types = {e.label: e.type for e in result.entities.values()}
    assert types["glorp training dynamics"] == "concept"
    assert types["zarn approximation properties"] == "concept"
    assert types["quillish loss landscape"] == "concept"
    # the concept word names what is done to it: the name stays a task
    assert types["forecasting quillish fluid dynamics"] == "task"
    assert types["estimation of glorp dynamics"] == "task"
    assert types["reproducing glorp Hilbert space"] == "concept"


def test_a_kind_noun_after_a_bracketed_short_form_gives_its_kind():
    types = types_of(
        'We introduce a "perturb-and-fold" ([[QPF|concept]]) methodology for plinths. '
        "Then it folds each glyph."
    )
    assert types["QPF"] == "method"


def test_what_happens_to_a_model_and_a_field_of_physics_are_concepts():
    result = build(
        "We observe [[glyph feature collapse|method]] in deep plinths, and "
        "[[quorb error accumulation|method]] over long rollouts. [[Zarn Drift|method]] "
        "grows with depth. We link it to [[plinth statistical mechanics|method]], and "
        "propose the [[velmorn collapse detector|method]] to find it."
    )
    types = {e.label: e.type for e in result.entities.values()}
    for name in ("glyph feature collapse", "quorb error accumulation", "Zarn Drift"):
        assert types[name] == "concept", name
    assert types["plinth statistical mechanics"] == "concept"
    assert types["velmorn collapse detector"] == "method"  # what finds it is a method


def test_a_short_name_keeps_neither_its_verb_nor_its_possessive():
    abstract = (
        "We introduce the Quill Folding Sampler (QFS). QFS frames folding as a game. "
        "A bound links QFS's solution to glyphs. Notably, QFS ranks as the best. "
        "QFS samples are cheap. QFS tiles combine glyphs. QFS layers in deep stacks fold. "
        "QFS cells during folding are cheap."
    )
    paper = Paper(title="Quill Folding", abstract=abstract, key="p0")
    names = ("Quill Folding Sampler", "QFS", "QFS frames", "QFS's solution", "QFS ranks")
    names += ("QFS samples", "QFS tiles", "QFS layers", "QFS cells")
    mentions = tuple(model_mention_of(name, abstract) for name in names)
    result = link([PaperExtraction("p0", mentions)], {"p0": paper})
    labels = {result.entities[item.entity_key].label for item in result.mentions}
    assert not labels & {"QFS frames", "QFS's solution", "QFS ranks"}
    # a verb or a preposition follows: a noun before it
    assert {"QFS samples", "QFS tiles", "QFS layers", "QFS cells"} <= labels


def test_a_release_by_its_size_after_our_model_keeps_no_verb():
    abstract = (
        "We present Zarnel-v1, a glyph model. Surpassing most models on the Quill board, "
        "our model Zarnel-Glyph-12.4B-v1 ranks as the best glyph model. "
        "Among the sorters we test, the plinth Zarnel-Glyph-3B ranks as the best one. "
        "Our Zarnel tiles combine glyphs."
    )
    paper = Paper(title="Glyph Models", abstract=abstract, key="p0")
    names = ("Zarnel-v1", "Zarnel-Glyph-12.4B-v1 ranks", "Zarnel-Glyph-3B ranks", "Zarnel tiles")
    mentions = tuple(model_mention_of(name, abstract) for name in names)
    result = link([PaperExtraction("p0", mentions)], {"p0": paper})
    labels = {result.entities[item.entity_key].label for item in result.mentions}
    # the subject after "our model" is the name, the word after it its verb
    assert "Zarnel-Glyph-12.4B-v1" in labels
    # after anything else a size says nothing about the words around it; a name the paper
    # never writes alone keeps the word it was found with
    assert {"Zarnel-Glyph-3B ranks", "Zarnel tiles"} <= labels


def test_a_plain_word_one_paper_proposes_stays_generic_where_most_papers_use_it():
    texts = [f"We train a small [[sampler|method]] on glyph set {i}." for i in range(4)]
    pairs = [marked(f"p{i}", text) for i, text in enumerate(texts)]
    paper, extraction = pairs[0]
    proposed = tuple(replace(m, proposed=True) for m in extraction.mentions)
    pairs[0] = (paper, replace(extraction, mentions=proposed))
    result = link([e for _, e in pairs], {p.key: p for p, _ in pairs})
    assert by_label(result)["sampler"].generic
    alone = link([pairs[0][1]], {paper.key: paper})  # the paper that proposes it, alone
    assert not by_label(alone)["sampler"].generic


@pytest.mark.parametrize(
    "name", ["unsupervised fashion", "fully automated manner", "weakly supervised way"]
)
def test_how_something_is_done_is_no_entity(name):
    assert specificity(name, WordStatistics()) == 0.0


def test_a_labs_name_is_an_organisation():
    result = build("The entry from [[Quill AI Research|method]] won the glyph challenge.")
    assert result.entities == {}
    assert result.left_out == {"organisation": 1}
    kept = build(
        "Progress in [[glyph sorting research|method]] is fast.",
        "It is a question of [[Glyph Sorting Research|task]], the field.",  # no lab's initials
    )
    assert not kept.left_out


def test_quotes_around_a_defined_long_form_are_no_part_of_its_label():
    paper, extraction = marked(
        "p0",
        "We introduce the \u201c [[quill linear unit|method]] \u201d ([[QLU|method]]). "
        "[[QLU|method]] is fast and [[QLU|method]] is small.",
    )
    start = paper.abstract.index("quill")
    definition = Abbreviation("QLU", "quill linear unit \u201d", "abstract", start, start + 26)
    result = link([replace(extraction, abbreviations=(definition,))], {"p0": paper})
    assert set(by_label(result)) == {"quill linear unit"}


def test_a_measure_of_a_process_results_are_given_in_is_specific_however_plain():
    result = build(
        "Our reader cuts the [[reading time|metric]] by 40% and raises the [[page rate|metric]] "
        "to 90 pages per hour.",
        "A [[latency|metric]] of 3 ms is reached.",
    )
    entities = by_label(result)
    assert not entities["reading time"].generic
    assert not entities["page rate"].generic
    assert not entities["latency"].generic


@pytest.mark.parametrize(
    "text",
    [
        "The [[reading time|metric]] of a page matters.",  # never measured
        "Our reader cuts the [[reading times|metric]] by 40%.",  # a plural: times that occur
        "It cuts [[memory and time|metric]] by 40%.",  # two things
        "It cuts [[memory & time|metric]] by 40%.",
        "The [[growth rate|metric]] of the glyph stock is 4%.",  # a rate of nature
        "The reader runs in [[real time|metric]] at 30 pages per minute.",  # an idiom
    ],
)
def test_a_plain_measure_nobody_reports_stays_generic(text):
    (entity,) = build(text).entities.values()
    assert entity.generic


def test_a_capital_with_a_raised_number_is_a_coined_symbol():
    for written in ("Q^2 score", "Z_1 score", "Q² score", "Q^{2} score", "Z_{1} score"):
        assert specificity(written, WordStatistics()) >= 0.3


def test_a_measure_is_never_a_method_however_a_paper_uses_it():
    result = build(
        "We minimise the [[Quill-Zarn divergence|method]] between the two laws.",
        "Our reader lowers the [[glyph aspect ratio|method]] to 0.4.",
        "We pretrain a [[Plinth-MAE|method]] on faded scripts.",
        "We cluster pages with a [[self-ordering glyph map|method]].",
    )
    entities = by_label(result)
    assert entities["Quill-Zarn divergence"].type == "concept"  # never given a value
    assert entities["glyph aspect ratio"].type == "concept"  # no mention read as a metric
    assert entities["Plinth-MAE"].type == "method"  # a short form's head may name a model
    assert entities["self-ordering glyph map"].type == "method"  # a map is no measure


@pytest.mark.parametrize(
    "name", ["self-ranking", "cross-generalization", "multi-setting learning", "meta-ranker"]
)
def test_a_term_a_prefix_of_kind_makes_of_a_vague_word_is_specific(name):
    # "self-", "cross-", "multi-", "co-", "meta-" make a term of art of the noun they join
    assert specificity(name, WordStatistics()) >= 0.3


@pytest.mark.parametrize(
    "name",
    [
        "pre-ranking",  # a prefix of time or degree only
        "cross-level",  # no noun's ending: a modifier cut from its head
        "multi-setting framework",  # before another vague head
    ],
)
def test_a_prefix_before_a_vague_word_names_nothing_otherwise(name):
    assert specificity(name, WordStatistics()) < 0.3


def test_a_task_named_by_the_common_thing_it_is_done_to_is_specific():
    result = build(
        "We study [[window synthesis|task]] from a few windows.",
        "Our work is on [[garden evaluation|task]] across gardens.",
        "We ask for [[human ranking|task]] by humans.",  # who does it
        "We run [[joint selection|task]] quickly.",  # an adjective: no 'joints' anywhere
        "We run [[model evaluation|task]] over models.",  # a vague thing
        "We cut [[garden savings|task]] in half.",  # an amount
    )
    entities = by_label(result)
    assert not entities["window synthesis"].generic
    assert not entities["garden evaluation"].generic
    for vague in ("human ranking", "joint selection", "model evaluation", "garden savings"):
        assert entities[vague].generic, vague


def test_connections_a_network_is_built_with_are_a_method():
    # a kind of link between a network's layers is part of its design, as a layer is
    result = build("We add [[zarn connections|concept]] between the layers of the plinth network.")
    (entity,) = result.entities.values()
    assert entity.type == "method"


def test_a_name_with_a_release_version_is_no_concept():
    result = build("We compare against [[Quorb v2.1|concept]] on the glyph pages.")
    (entity,) = result.entities.values()
    assert entity.type == "method"


def test_a_setting_is_a_concept_and_one_word_before_it_says_only_how():
    result = build(
        "In the [[quorbic setting|method]], the reader sees one glyph at a time.",
        "We study the [[zarn feedback setting|task]] with few pages.",
    )
    entities = by_label(result)
    assert entities["quorbic setting"].type == "concept"
    assert entities["quorbic setting"].generic
    assert entities["zarn feedback setting"].type == "concept"
    assert not entities["zarn feedback setting"].generic


@pytest.mark.parametrize(
    "joined, hyphenated", [("retraining", "re-training"), ("zarn pretraining", "zarn pre-training")]
)
def test_a_prefixed_doing_reads_the_same_with_or_without_its_hyphen(joined, hyphenated):
    statistics = WordStatistics()
    assert specificity(joined, statistics) == specificity(hyphenated, statistics)
    assert specificity("retraining", statistics) < 0.3


def test_a_definition_with_an_adverb_before_its_article_still_defines():
    result = build(
        "[[Quorb re-sorting|task]] is still a challenging task for glyph readers.",
        "[[Quorb re-sorting|task]] is an important technique for plinth archives.",
        "We study [[quorb re-sorting|task]] on faded pages.",
    )
    (entity,) = result.entities.values()
    assert entity.type == "task"  # one definition each way: the recognisers decide


def test_a_hyphenated_doing_on_a_common_thing_names_a_task():
    result = build("We study [[window re-identification|task]] across many windows.")
    (entity,) = result.entities.values()
    assert not entity.generic


def test_a_task_named_by_its_heads_doing_stays_specific_where_its_thing_is_common():
    # every paper writes "window": the corpus says it is common, English that it names a
    # thing; a task's head ("detection") makes the pair a task's name, another doing does not
    common = [
        f"We study a window and windows {i}, detection, engineering and translation."
        for i in range(60)  # enough papers for the corpus to tell (MIN_CORPUS_PAPERS)
    ]
    result = build(
        *common,
        "We target [[window detection|task]] on panes.",
        "We target [[window engineering|task]] on panes.",
        "We target [[Window-to-Pane Translation|task]] on panes.",
    )
    entities = by_label(result)
    assert not entities["window detection"].generic
    assert not entities["Window-to-Pane Translation"].generic
    assert entities["window engineering"].generic


def test_a_change_of_a_thing_is_a_technique_and_of_a_quantity_an_amount():
    statistics = WordStatistics()
    assert specificity("zarnity reduction", statistics) >= 0.3  # a technique, by its thing
    assert specificity("plinth gap", statistics) >= 0.3  # a notion
    assert specificity("memory reduction", statistics) < 0.3  # of a quantity
    assert specificity("glyphic gap", statistics) < 0.3  # how big, not of what


@pytest.mark.parametrize(
    "name", ["upstream capabilities", "downstream systems", "upstream representations"]
)
def test_where_in_a_pipeline_a_vague_thing_is_used_names_nothing(name):
    assert specificity(name, WordStatistics()) < 0.3


def test_a_property_named_by_its_adjective_is_a_concept():
    """A name the recogniser calls a method that ends in a property's noun made from an
    "-able" adjective is what a thing has, not a way of doing ("glyphing capabilities");
    a task ("assessing quillability") or a measure given a value stays what it is."""
    types = types_of(
        "We study [[glyph interpretability|method]] in sorting networks.",
        "This reveals the [[glyphing capabilities|method]] of quill models.",
        "Our results show [[Plinth-Free Trainability|method]] for deep glyph nets.",
        "The first step is [[assessing quillability|task]] of each script.",
        "It reaches a [[quill success probability|metric]] of 0.93 on scrolls.",
    )
    assert types["glyph interpretability"] == "concept"
    assert types["glyphing capabilities"] == "concept"
    assert types["Plinth-Free Trainability"] == "concept"
    assert types["assessing quillability"] == "task"
    assert types["quill success probability"] == "metric"


def test_a_phrase_the_writers_give_a_short_form_is_a_term():
    """Everyday words name nothing alone ("kitchen door painting"), but a phrase its
    writers give a short form is a term they name by it; not a quantity ("numbers of ..."),
    nor one hyphenated word that describes."""
    text = (
        "We study [[house door painting (HDP)|method]] for glass, and [[numbers of house "
        "doors (NHD)|concept]] per house. [[Well-kept (WK)|concept]] homes pass. "
        "The [[HDP|method]] view helps."
    )
    paper, extraction = marked("p1", text)
    short_forms = (
        Abbreviation("HDP", "house door painting"),
        Abbreviation("NHD", "numbers of house doors"),
        Abbreviation("WK", "Well-kept"),
    )
    first = PaperExtraction("p1", extraction.mentions, abbreviations=short_forms)
    other, plain = marked("p2", "We use [[kitchen door painting|method]] for wood.")
    result = link([first, plain], {"p1": paper, "p2": other})
    generic = {e.label: e.generic for e in result.entities.values()}
    assert generic["house door painting"] is False
    assert generic["kitchen door painting"] is True
    assert generic["numbers of house doors"] is True
    assert generic["Well-kept"] is True


@pytest.mark.parametrize(
    "label, term",
    [
        ("mixture of glyph experts", True),  # "of" after what is mixed: one thing
        ("glyph reading and sorting", True),  # one short form for "X and Y": one thing
        ("rates of quill decay", False),  # how fast: a quantity, plural or not
        ("numbers of glyph checks", False),
        ("glyph sorting methods", False),  # a category
        ("quill memory footprint", False),  # an amount
        ("well-kept", False),  # one hyphenated word describes
        ("knowledge bases", False),  # a kind noun alone: any of them
        ("Data Sets", False),
        ("decision processes", True),  # a concept's kind noun is also its term
    ],
)
def test_which_phrases_a_short_form_makes_terms(label, term):
    from kg.link import _abbreviated_term

    assert _abbreviated_term(label) is term


@pytest.mark.parametrize("name", ["Stone expansion", "Church groups"])
def test_everyday_words_after_a_proper_name_make_a_term(name):
    """Everyday English words are a term when writers put a person's name among them in
    running text ("a Stone expansion"), not when the name opens the sentence."""
    named = build(*(f"We bound the error with a [[{name}|method]] of the loss." for _ in range(2)))
    opening = build(*(f"[[{name}|method]] bounds the error of the loss." for _ in range(2)))
    assert not by_label(named)[name].generic
    assert opening.entities and all(e.generic for e in opening.entities.values())


@pytest.mark.parametrize("name", ["French street signs", "Adam training"])
def test_a_language_or_a_known_name_among_everyday_words_is_no_eponym(name):
    result = build(*(f"We study the cost of [[{name}|method]] at scale." for _ in range(2)))
    assert all(e.generic for e in result.entities.values())


def test_a_proper_name_must_be_written_so_in_most_mentions_and_before_the_head():
    opening = "[[Stone expansion|method]] bounds the error of the loss."
    mid = "We bound the error with a [[Stone expansion|method]] of the loss."
    mostly_opening = build(opening, opening, opening, mid)
    assert all(e.generic for e in mostly_opening.entities.values())
    # a capitalised last word is a name's head ("grid Church"), no eponym before a term
    last = build(*("We study the [[open Church|method]] of the loss." for _ in range(2)))
    assert all(e.generic for e in last.entities.values())


def test_a_proper_name_in_a_title_makes_no_eponym():
    """A title capitalises as it likes: "A Stone expansion of the loss" is read as words."""
    papers, extractions = {}, []
    for key in ("a", "b"):
        title = "A Stone expansion of the loss"
        papers[key] = Paper(title=title, abstract="We bound the error.", key=key)
        start = title.index("Stone")
        mention = Mention(
            start, start + 15, "Stone expansion", "method", "model", 0.6, field="title"
        )
        extractions.append(PaperExtraction(key, (mention,)))
    result = link(extractions, papers)
    assert all(e.generic for e in result.entities.values())


@pytest.mark.parametrize(
    "label",
    [
        "derive glyph-efficient",
        "Sorting of Non-Crossing",
        "generalized quill-specific",
        # a past participle after the hyphen describes, whatever the name before it
        "glyph sorting crowd-sourced",
    ],
)
def test_a_phrase_cut_before_its_head_noun_names_nothing(label):
    from kg.link.resolve import WordStatistics, specificity

    assert specificity(label, WordStatistics(), named=True) == 0.0


@pytest.mark.parametrize("word", ["ZARPA-funded", "ZARPA-distilled", "glyph-mapped"])
def test_a_name_and_a_past_participle_alone_describe(word):
    from kg.link.resolve import WordStatistics, specificity

    assert specificity(word, WordStatistics()) == 0.0


@pytest.mark.parametrize(
    "word",
    [
        "Zarn-Seed",
        "Quill-Speed",
        "Plinth-Embed",
        "X-Bed",
        # a capitalised participle, or one after a version, ends a name
        "Zarnbench-Corrupted",
        "Quill-2-aligned",
    ],
)
def test_a_noun_in_ed_after_a_hyphen_is_no_participle(word):
    from kg.link.resolve import is_adjective_compound

    assert not is_adjective_compound(word)


@pytest.mark.parametrize(
    "label",
    [
        "glyph non-linearity",
        "glyph non-linearities",
        "quill non-members",
        "item non-response",
        "Non-Crossing Glyph Lattices",
        "Zarn-based sorting",
    ],
)
def test_a_phrase_with_its_head_noun_is_not_cut(label):
    from kg.link.resolve import WordStatistics, specificity

    assert specificity(label, WordStatistics(), named=True) == 1.0


def test_a_name_followed_by_its_short_form_and_a_kind_noun_is_read_as_written():
    # the kind noun after the short form is no part of the name: written in capitals, the
    # name is one, however common its words
    result = build("We compare two [[Light-from-Sound (LfS) methods|method]] on glyphs.")
    assert not by_label(result)["Light-from-Sound"].generic
    # and it says what kind of thing the name is, as after a name alone
    types = types_of("We fit [[Zarn Quill Lattice (ZQL) models|concept]] to glyphs.")
    assert types["Zarn Quill Lattice"] == "method"


@pytest.mark.parametrize(
    "text, phrase, named",
    [
        ("Our model reaches a 38% win rate on Quorb-Hard today.", "Quorb-Hard", True),
        ("We tune it with the Plinth-Zarn method.", "Plinth-Zarn", True),
        ("We tune it with the Plinth-based method.", "Plinth-based", False),
        ("It translates En-Qx pairs.", "En-Qx", False),  # a language pair
        ("It translates Welsh-Zarnish pairs.", "Welsh-Zarnish", False),
        ("Quorb-Hard is hard.", "Quorb-Hard", False),  # a sentence's start
    ],
)
def test_a_word_of_capitalised_parts_joined_by_hyphens_is_written_as_a_name(text, phrase, named):
    from kg.link.resolve import written_as_name

    start = text.index(phrase)
    assert written_as_name(text, start, start + len(phrase)) is named


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Results on the Quorb Sports and Zarn-101 datasets improve.", "dataset"),
        ("We test on Quorb Sports, Plinth and Zarn-101 benchmarks.", "dataset"),
        ("We compare Quorb Sports and Zarnformer models.", "method"),
        # the kind noun heads its own phrase: no shared kind
        ("We train on Quorb Sports and downstream datasets.", None),
        ("We study Quorb Sports and other datasets.", None),
        ("We study Quorb Sports and Zarn-101 tasks.", None),  # a list of what is studied
        ("On Quorb Sports, Zarnformer models improve.", None),  # a comma ends a phrase
    ],
)
def test_a_plural_kind_noun_ending_a_list_of_names_types_each_of_them(text, kind):
    from kg.link import resolve

    end = text.index("Quorb Sports") + len("Quorb Sports")
    assert resolve._shared_kind_after(resolve.kinds(), text, end) == kind


def test_a_name_first_in_a_list_of_datasets_is_a_dataset():
    text = "Results on the Quorb Sports and Zarn-101 datasets improve on earlier work."
    start = text.index("Quorb Sports")
    extraction = PaperExtraction(
        "p",
        (Mention(start, start + 12, "Quorb Sports", "concept", "model", 0.6),),
    )
    result = link([extraction], {"p": Paper(title="A", abstract=text, key="p")})
    assert [e.type for e in result.entities.values()] == ["dataset"]


def test_a_kind_noun_variant_capitalised_by_a_title_merges_into_the_name():
    abstract = "We fit [[quill sieve|method]] models. The [[Quill Sieve models|method]] win."
    extras = [marked("p1", "We use the [[quill sieve|method]] on maps.")]
    paper, extraction = marked("p0", abstract)
    title = "Fast Quill Sieve Models"
    paper = Paper(title=title, abstract=paper.abstract, key="p0")
    in_title = Mention(5, 23, "Quill Sieve Models", "method", "model", 0.6, field="title")
    extraction = PaperExtraction("p0", (in_title, *extraction.mentions))
    pairs = [(paper, extraction), *extras]
    result = link([e for _, e in pairs], {p.key: p for p, _ in pairs})
    assert set(by_label(result)) == {"quill sieve"}
    assert by_label(result)["quill sieve"].paper_count == 2


def test_a_coined_name_its_last_word_calls_a_measure_is_a_metric_where_only_introduced():
    result = build(
        "We also develop a [[QRX-50 metric|metric]] for the Zarn domain.",
        "We introduce the [[VelQ score|metric]] to track drift.",
        # plain words before "metric", "measure" or "score" say too little
        "We derive the [[Fisher-Quill metric|metric]] on the manifold.",
        "A [[ZQV metric|metric]] is learned on the derived subspace.",
        "Gradients align with the [[plinth slope score|metric]] of the class.",
    )
    types = {e.label: e.type for e in result.entities.values()}
    assert types["QRX-50 metric"] == types["VelQ score"] == "metric"
    assert types["Fisher-Quill metric"] == types["plinth slope score"] == "concept"
    assert types["ZQV metric"] == "concept"


def test_an_article_before_a_listed_name_hides_no_shared_kind_noun():
    result = build("Scores rise on the [[Quorbus|concept]] and the Velmnews datasets.")
    types = {e.label: e.type for e in result.entities.values()}
    assert types["Quorbus"] == "dataset"


def test_how_big_or_how_much_of_a_thing_is_a_concept_not_a_method():
    result = build(
        "We tune the [[glyph kernel size|method]] for sorting.",
        "We vary the [[quill packing fraction|method]] of the lattice.",
        "We keep the [[zarn encoder capacity|method]] fixed.",
        "It preserves [[plinth-reversal symmetry|method]] of the flow.",
        # a rule a paper names so stays a method
        "We propose the [[Generalized Quorb Step Size|method]] for training.",
    )
    types = {e.label: e.type for e in result.entities.values()}
    assert {
        types[n]
        for n in (
            "glyph kernel size",
            "quill packing fraction",
            "zarn encoder capacity",
            "plinth-reversal symmetry",
        )
    } == {"concept"}
    assert types["Generalized Quorb Step Size"] == "method"


def test_a_contest_named_as_a_name_is_a_benchmark_and_a_difficulty_is_none():
    types = types_of(
        "We rank first in the [[Quillfest 2031 glyph sorting challenge|task]].",
        "Zarnnet wins the [[ZSB shared task|task]] and the [[Plimp Competition|method]].",
        "Our sieve eases the [[glyph memory challenges|task]] of lattices.",
    )
    assert types["Quillfest 2031 glyph sorting challenge"] == "dataset"
    assert types["ZSB shared task"] == "dataset"
    assert types["Plimp Competition"] == "dataset"
    assert types.get("glyph memory challenges") != "dataset"
