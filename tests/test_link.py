"""Linker: each merge rule, each non-merge rule, entity typing and relations."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

import kg
from kg.link import link, normalise
from kg.rdf.terms import BROADER
from kg.records import Abbreviation, Entity, Mention, Paper, PaperExtraction
from kg.text.lexicon import load_lexicon


def mention(text, label="method", proposed=False, score=0.6, source="rule"):
    return Mention(
        start=0,
        end=len(text),
        text=text,
        label=label,
        source=source,
        score=score,
        proposed=proposed,
    )


def paper(key, *mentions, abbreviations=()):
    return PaperExtraction(key, tuple(mentions), tuple(abbreviations))


@pytest.mark.parametrize(
    "a, b",
    [
        ("large language models", "Large Language Model"),  # plural, case
        ("pre-training", "pretraining"),  # hyphen
        ("fine tuning", "Fine-Tuning"),  # hyphen vs space
        ("the proposed diffusion models", "diffusion model"),  # determiner, evaluative word
        ("inherent uncertainty quantification", "uncertainty quantification"),
        ("a novel state-space models", "state space model"),
        ("GNNs", "GNN"),  # acronym plural
        ("quill parametrisations", "Quill Parameterization"),  # two spellings, and British
        ("zarn fibre maps", "zarn fiber map"),
        ("test-time plinth adaption", "test-time plinth adaptation"),
    ],
)
def test_variants_merge(a, b):
    assert normalise(a) == normalise(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("BERT", "RoBERTa"),
        ("GPT-3", "GPT-4"),
        ("ResNet-50", "ResNet-18"),
        ("analysis", "analyses x"),
    ],
)
def test_distinct_entities_stay_distinct(a, b):
    assert normalise(a) != normalise(b)


def test_abbreviation_merges_with_long_form_across_papers():
    result = link(
        [
            paper(
                "p1",
                mention("Large Language Models"),
                mention("LLMs"),
                abbreviations=[Abbreviation("LLMs", "Large Language Models")],
            ),
            paper("p2", mention("LLM")),
            paper("p3", mention("large language model")),
        ]
    )
    (entity,) = result.entities.values()
    assert entity.paper_count == 3
    assert entity.abbreviation in ("LLMs", "LLM")
    assert {"LLM", "LLMs"} <= set(entity.aliases) | {entity.label}
    assert entity.label.lower().startswith("large language model")


def test_a_name_holding_a_short_form_merges_into_the_name_written_out():
    defines = Abbreviation("QF", "quill folding")
    result = link(
        [
            paper("p1", mention("quill folding"), mention("QF"), abbreviations=[defines]),
            paper("p2", mention("offline quill folding", "task")),
            paper("p3", mention("offline QF", "task"), mention("QF schedules", "concept")),
            paper("p4", mention("quill folding schedules", "concept")),
            # no entity is the written-out "zarn QF", so this name stays as it is
            paper("p5", mention("zarn QF", "task")),
        ]
    )
    by_label = {e.label: e for e in result.entities.values()}
    assert by_label["offline quill folding"].paper_count == 2
    assert "offline QF" in by_label["offline quill folding"].aliases
    assert by_label["quill folding schedules"].paper_count == 2
    assert "zarn QF" in by_label and "quill folding" in by_label


def test_long_forms_of_one_short_form_spelled_alike_are_one_entity():
    def defined(long, short, label="method"):
        return (mention(long, label), mention(short, label)), [Abbreviation(short, long)]

    papers = []
    for n, (long, short) in enumerate(
        [
            ("quill folding", "QF"),
            ("quill folding", "QF"),
            ("quill foldng", "QF"),  # a typo
            ("plinth reinforcement sorting", "PRS"),
            ("deep plinth reinforcement sorting", "PRS"),  # a longer name, not a spelling
            ("plinth reinforcement sorting kernel", "PRS"),
            ("zarn glyph net 2", "ZGN"),
            ("zarn glyph net 3", "ZGN"),  # a version
        ]
    ):
        mentions, abbreviations = defined(long, short)
        papers.append(paper(f"p{n}", *mentions, abbreviations=abbreviations))
    labels = {e.label: e.paper_count for e in link(papers).entities.values()}
    assert labels["quill folding"] == 3 and "quill foldng" not in labels
    assert labels["plinth reinforcement sorting"] == 1
    assert labels["deep plinth reinforcement sorting"] == 1
    assert labels["plinth reinforcement sorting kernel"] == 1
    assert labels["zarn glyph net 2"] == 1 and labels["zarn glyph net 3"] == 1


def test_a_short_form_and_its_kind_noun_merge_into_what_the_short_form_stands_for():
    defines = Abbreviation("GZD", "Gradient Zarn Distance")
    result = link(
        [
            paper(
                "p1",
                mention("Gradient Zarn Distance", "metric"),
                mention("GZD scores", "metric"),
                abbreviations=[defines],
            ),
            # in another paper, through what the corpus defines the short form as
            paper("p2", mention("GZD score", "metric")),
            # a short form of two senses stands for no one entity
            paper(
                "p3",
                mention("quill rate", "metric"),
                abbreviations=[Abbreviation("QR", "quill rate")],
            ),
            paper(
                "p4",
                mention("quill ranking", "metric"),
                abbreviations=[Abbreviation("QR", "quill ranking")],
            ),
            paper("p5", mention("QR scores", "metric")),
        ]
    )
    by_label = {e.label: e for e in result.entities.values()}
    assert by_label["Gradient Zarn Distance"].paper_count == 2
    assert {"GZD", "GZD score"} <= set(by_label["Gradient Zarn Distance"].aliases)
    assert "QR scores" in by_label


def test_a_short_form_and_a_part_are_what_the_paper_named_so_without_the_part():
    defines = Abbreviation("QGP", "quill glyph perceptron")
    result = link(
        [
            paper(
                "p1",
                mention("quill glyph perceptron (QGP) layers"),
                mention("QGP layers"),
                abbreviations=[defines],
            ),
            # a paper that defines the short form names its part so too
            paper("p2", mention("QGP layers"), abbreviations=[defines]),
            # one that does not keeps it, as a part spelled by the short form does
            paper("p3", mention("QGP layers")),
            paper(
                "p4",
                mention("QGPL layers"),
                abbreviations=[Abbreviation("QGPL", "quill glyph perceptron")],
            ),
        ]
    )
    by_label = {e.label: e for e in result.entities.values()}
    assert by_label["quill glyph perceptron"].paper_count == 2
    assert by_label["quill glyph perceptron"].abbreviation == "QGP"
    assert "QGP layers" in by_label and "QGPL layers" in by_label


def test_a_of_b_merges_into_b_a_where_that_is_an_entity():
    result = link(
        [
            paper("p1", mention("folding of quills", "task")),
            paper("p2", mention("quill folding", "task")),
            paper("p3", mention("Sorting of Glyph", "method")),  # a name: stays
            paper("p4", mention("glyph sorting", "method")),
            paper("p5", mention("plinth of zarns", "concept")),  # no "zarn plinth"
            paper("p6", mention("folding of such", "task")),  # a cut phrase
            paper("p7", mention("folding", "task")),
        ]
    )
    labels = {e.label: e.paper_count for e in result.entities.values()}
    assert labels["quill folding"] == 2 and "folding of quills" not in labels
    assert labels["Sorting of Glyph"] == 1 and labels["glyph sorting"] == 1
    assert labels["plinth of zarns"] == 1
    assert labels.get("folding", 0) <= 1


def test_a_short_form_of_two_senses_merges_only_where_one_makes_a_name():
    result = link(
        [
            paper(
                "p1",
                mention("glyph rate"),
                mention("GR"),
                abbreviations=[Abbreviation("GR", "glyph rate")],
            ),
            paper(
                "p2",
                mention("grain rotation"),
                mention("GR"),
                abbreviations=[Abbreviation("GR", "grain rotation")],
            ),
            paper("p3", mention("GR warmup", "concept")),
            paper("p4", mention("glyph rate warmup", "concept")),
            paper("p5", mention("plinth GR", "concept")),
            paper("p6", mention("plinth glyph rate", "concept")),
            paper("p7", mention("plinth grain rotation", "concept")),
        ]
    )
    labels = {e.label: e.paper_count for e in result.entities.values()}
    assert labels["glyph rate warmup"] == 2 and "GR warmup" not in labels
    assert labels["plinth GR"] == 1  # either sense makes a name: which one is unknown


def test_lexicon_aliases_share_one_entity():
    result = link([paper("p1", mention("Transformers")), paper("p2", mention("transformer"))])
    assert [e.label for e in result.entities.values()] == ["Transformer"]


def test_a_lexicon_alias_that_is_the_head_alone_does_not_merge(tmp_path):
    lexicon = tmp_path / "lexicon.tsv"
    lexicon.write_text("task\tquorb parsing\tparsing|QP\n", encoding="utf-8")
    result = link(
        [
            paper("p1", mention("parsing", "task")),
            paper("p2", mention("QP", "task")),
            paper("p3", mention("quorb parsing", "task")),
        ],
        lexicon_files=(str(lexicon),),
    )
    named = {e.label: e for e in result.entities.values()}
    assert named["quorb parsing"].paper_count == 2  # its capitals alias still joins it
    assert "parsing" not in named["quorb parsing"].aliases


def test_no_packaged_lexicon_alias_is_a_variant_of_its_name():
    # a variant is a measure or a method of its own: a spelling with an averaging or ranking
    # mark before it ("macro-", "top-5 ", "m") or a "+" after it, never another spelling
    mark = re.compile(r"^(macro|micro|weighted|top-?\d+|m|\++)$", re.IGNORECASE)
    for entry in load_lexicon():
        spellings = (entry.name, *entry.aliases)
        for alias in entry.aliases:
            for other in spellings:
                if other != alias and other.lower() in alias.lower():
                    rest = alias.lower().replace(other.lower(), "").strip(" -")
                    assert not mark.match(rest), (entry.name, alias)


def test_no_packaged_lexicon_alias_is_a_sibling_of_its_name():
    # "X-Easy" beside "X-Challenge": two parts of one collection named by words, not one
    # spelling (parts named by numbers are versions, which the linker keeps apart itself)
    for entry in load_lexicon():
        base, _, part = entry.name.partition("-")
        for alias in entry.aliases:
            alias_base, _, alias_part = alias.partition("-")
            assert not (
                part.isalpha()
                and alias_part.isalpha()
                and base.casefold() == alias_base.casefold()
                and part.casefold() != alias_part.casefold()
            ), (entry.name, alias)


def test_ambiguous_abbreviation_is_not_expanded_globally():
    result = link(
        [
            paper(
                "p1",
                mention("Neural Consolidation"),
                mention("NC"),
                abbreviations=[Abbreviation("NC", "Neural Consolidation")],
            ),
            paper(
                "p2",
                mention("Node Classification", "task"),
                mention("NC", "task"),
                abbreviations=[Abbreviation("NC", "Node Classification")],
            ),
            paper("p3", mention("NC")),
        ]
    )
    labels = {e.label: e for e in result.entities.values()}
    assert labels["Neural Consolidation"].paper_count == 1
    assert labels["Node Classification"].paper_count == 1
    assert labels["NC"].paper_count == 1  # the bare use in p3 stays apart


def test_a_two_letter_short_form_takes_another_papers_sense_only_with_corroboration():
    from kg.records import Paper

    def defining(key):
        return paper(
            key,
            mention("Zarn Velmorn"),
            mention("ZV"),
            mention("Quorb sampler"),
            abbreviations=[Abbreviation("ZV", "Zarn Velmorn")],
        )

    texts = {
        "p1": "We define Zarn Velmorn (ZV) with the Quorb sampler.",
        "p2": "We write kernels for AXQ, ZV and BLIP routines.",  # a different ZV
        "p3": "ZV runs the Quorb sampler.",  # shares a specific name with p1
        "p4": "Fast ZV for velmorns.",  # writes the long form's last word itself
    }
    papers = {key: Paper(title="T", abstract=text, key=key) for key, text in texts.items()}
    extractions = [
        defining("p1"),
        paper("p2", mention("ZV")),
        paper("p3", mention("ZV"), mention("Quorb sampler")),
        paper("p4", mention("ZV")),
    ]
    labels = {e.label: e for e in link(extractions, papers).entities.values()}
    assert labels["Zarn Velmorn"].paper_count == 3  # p1, p3, p4
    assert labels["ZV"].paper_count == 1  # p2's kernel stays apart
    # two papers defining it the same way are corroboration enough
    twice = [defining("p1"), defining("p3"), paper("p2", mention("ZV"))]
    labels = {e.label: e for e in link(twice, papers).entities.values()}
    assert labels["Zarn Velmorn"].paper_count == 3
    # a longer short form carries its one definition without corroboration
    longer = [
        paper(
            "p1",
            mention("Zarn Velmorn Quill"),
            abbreviations=[Abbreviation("ZVQ", "Zarn Velmorn Quill")],
        ),
        paper("p2", mention("ZVQ")),
    ]
    (entity,) = link(longer, papers).entities.values()
    assert entity.paper_count == 2


@pytest.mark.parametrize("plural", ["QEs", "GOEs", "DOEs"])
def test_an_acronym_plural_in_e_drops_its_s_only(plural):
    # "GOEs" is "GOE", never "GO": a short form ending in E is not a word ending in "es",
    # even where the letters before "es" spell an English word
    assert normalise(plural) == normalise(plural[:-1]) != normalise(plural[:-2])


def test_a_word_in_capitals_is_still_a_word_for_its_plural():
    from kg.link import _singular_es

    assert _singular_es("BIASES") == "bias"  # not an acronym's plural: its "S" is a capital


def test_a_two_letter_long_forms_common_last_word_corroborates_nothing():
    from kg.records import Paper

    texts = {
        "p1": "We define glyph learning (GL) over plinths.",
        "p2": "We tune GL, a quorb scheme, and learning plinths.",  # a different GL
    }
    papers = {key: Paper(title="T", abstract=text, key=key) for key, text in texts.items()}
    extractions = [
        paper(
            "p1",
            mention("glyph learning"),
            mention("GL"),
            abbreviations=[Abbreviation("GL", "glyph learning")],
        ),
        paper("p2", mention("GL")),
    ]
    labels = {e.label: e for e in link(extractions, papers).entities.values()}
    assert labels["GL"].paper_count == 1  # "learning" is in every abstract


def test_type_is_a_vote_and_roles_do_not_follow_type():
    result = link(
        [
            paper(
                "p1", mention("ImageNet", "dataset", score=0.9), mention("FooNet", proposed=True)
            ),
            paper("p2", mention("ImageNet", "method", score=0.5)),
            paper("p3", mention("ImageNet", "dataset", score=0.9), mention("FooNet")),
        ]
    )
    entity = result.entities[normalise("ImageNet")]
    assert entity.type == "dataset"
    relations = {(r.subject, r.predicate, r.object) for r in result.relations}
    # without the papers' texts nothing says what a paper does with a name: background
    assert ("p2", "mentions", entity.key) in relations
    assert ("p1", "proposes", normalise("FooNet")) in relations
    assert ("p3", "mentions", normalise("FooNet")) in relations


def test_every_relation_has_evidence():
    result = link([paper("p1", mention("BERT"), mention("BERT"), mention("GLUE", "dataset"))])
    # two relations, BERT's with its two mentions as evidence: the loop checks both
    assert sorted(len(r.evidence) for r in result.relations) == [1, 2]
    for relation in result.relations:
        assert relation.evidence
        for index in relation.evidence:
            item = result.mentions[index]
            assert (item.paper_key, item.entity_key) == (relation.subject, relation.object)


def linked_sentence(text, *spans):
    """A one-paper corpus whose abstract is ``text`` with mentions (surface, label)."""
    from kg.records import Paper

    mentions = []
    for surface, label in spans:
        start = text.index(surface)
        mentions.append(
            Mention(
                start=start,
                end=start + len(surface),
                text=surface,
                label=label,
                source="rule",
                score=0.6,
                sentence_start=0,
                sentence_end=len(text),
            )
        )
    paper_record = Paper(title="T", abstract=text, key="p1")
    # the rules' roles alone: the learned second reading is tested in test_role_model.py
    return link([paper("p1", *mentions)], {"p1": paper_record}, learned_roles=False)


@pytest.mark.parametrize(
    "text, spans, roles",
    [
        (
            "Our FooNet outperforms BERT on hard cases.",
            [("FooNet", "method"), ("BERT", "method")],
            {"FooNet": "proposes", "BERT": "comparesWith"},
        ),  # the winner of an own sentence: its method
        (
            "We evaluate FooNet on ImageNet.",
            [("FooNet", "method"), ("ImageNet", "dataset")],
            {"FooNet": "uses", "ImageNet": "evaluatesOn"},
        ),
        (
            "FooNet is popular for machine translation.",
            [("FooNet", "method"), ("machine translation", "task")],
            {"FooNet": "mentions", "machine translation": "mentions"},
        ),
    ],
)
def test_roles_come_from_the_sentence_and_relations_only_from_the_classifier(text, spans, roles):
    result = linked_sentence(text, *spans)
    labels = {k: e.label for k, e in result.entities.items()}
    assert {labels[r.object]: r.predicate for r in result.relations} == roles
    assert not result.entity_relations  # no sentence relation was given: cue words make none


def test_lone_noise_words_make_no_entity():
    result = link(
        [
            paper(
                "p1",
                mention("Code", "concept"),
                mention("parameters", "concept"),
                mention("training", "method"),
                mention("training data", "concept"),
                mention("LoRA"),
            )
        ]
    )
    assert {e.label for e in result.entities.values()} == {"training data", "LoRA"}


def test_what_others_think_of_a_thing_is_no_part_of_its_name():
    result = link(
        [
            paper("p1", mention("influential Quillbank", "dataset")),
            paper("p2", mention("Quillbank", "dataset")),
            paper("p3", mention("seminal ZarnNet", "method"), mention("ZarnNet")),
            # before a lower-case word it may be a term's
            paper("p4", mention("influential glyph identification", "task")),
            paper("p5", mention("glyph identification", "task")),
        ]
    )
    papers = {e.label: e.paper_count for e in result.entities.values()}
    assert papers == {
        "Quillbank": 2,
        "ZarnNet": 1,
        "influential glyph identification": 1,
        "glyph identification": 1,
    }


@pytest.mark.parametrize(
    "name, umbrella",
    [
        ("neural networks", True),
        ("deep neural networks", True),
        ("Deep Learning", True),
        ("LLMs", True),
        ("large pre-trained language models", True),
        ("machine learning", True),
        ("graph neural networks", False),
        ("Transformer", False),
        ("LoRA", False),
        ("image classification", False),
        ("deep Q-networks", False),
    ],
)
def test_umbrella_terms(name, umbrella):
    from kg.link import is_umbrella

    assert is_umbrella(name) is umbrella


def test_umbrella_entities_are_generic_and_narrower_names_point_to_them():
    result = link(
        [
            paper(
                "p1",
                mention("neural networks"),
                mention("graph neural networks"),
                mention("deep neural networks"),
            ),
            paper("p2", mention("image classification", "task"), mention("classification", "task")),
        ]
    )
    entity = {
        name: result.entities[normalise(name)]
        for name in (
            "neural networks",
            "deep neural networks",
            "graph neural networks",
            "image classification",
            "classification",
        )
    }
    assert entity["neural networks"].generic and entity["deep neural networks"].generic
    assert not entity["graph neural networks"].generic
    broader = {(r.subject, r.object) for r in result.entity_relations if r.predicate == "broader"}
    key = {name: e.key for name, e in entity.items()}
    assert (key["graph neural networks"], key["neural networks"]) in broader
    assert (key["deep neural networks"], key["neural networks"]) in broader
    assert (key["image classification"], key["classification"]) in broader
    assert not any(s == key["neural networks"] for s, _ in broader)


def test_a_measure_named_with_its_stage_is_narrower_than_the_measure():
    # a qualified measure is its own entity, linked to the measure it qualifies
    result = link(
        [
            paper("p1", mention("decoding quorb speedup", "metric")),
            paper("p2", mention("quorb speedup", "metric"), mention("glyph quorb rate", "metric")),
        ]
    )
    key = {e.label: e.key for e in result.entities.values()}
    broader = {(r.subject, r.object) for r in result.entity_relations if r.predicate == "broader"}
    assert (key["decoding quorb speedup"], key["quorb speedup"]) in broader
    assert not any(s == key["glyph quorb rate"] for s, _ in broader)  # no "quorb rate" here


def test_a_version_of_a_dataset_is_a_dataset_whatever_its_mentions_say():
    result = link(
        [
            paper("p1", mention("Quillbench", "dataset"), mention("Quillbench-C", "concept")),
            paper("p2", mention("Quillbench", "dataset"), mention("Glyphnet", "method")),
            paper("p3", mention("Glyphnet-L", "concept")),
            paper("p4", mention("TinyQuillbench", "method"), mention("mini-Glyphnet", "concept")),
            paper("p5", mention("TinyQuillbench-C", "concept")),
        ]
    )
    types = {e.label: e.type for e in result.entities.values()}
    assert types["Quillbench-C"] == "dataset"
    assert types["TinyQuillbench"] == "dataset"  # a small subset's name
    assert types["TinyQuillbench-C"] == "dataset"  # a version of a subset
    assert types["Glyphnet-L"] == "concept"  # only data passes its type on to its versions
    assert types["mini-Glyphnet"] == "concept"
    assert result.retyped["concept -> dataset"] == 1
    assert result.retyped["method -> dataset"] == 2  # "TinyQuillbench-C" is coined: a method first


def test_broader_needs_the_same_type():
    result = link(
        [paper("p1", mention("image classification", "task"), mention("classification", "method"))]
    )
    assert not [r for r in result.entity_relations if r.predicate == "broader"]


def test_rankings_leave_generic_entities_out_unless_asked():
    from kg.graph import KnowledgeGraph
    from kg.records import Paper

    papers = {k: Paper(title=k, abstract="x", key=k) for k in ("p1", "p2", "p3")}
    result = link(
        [paper(k, mention("neural networks"), mention("LoRA"), mention("QLoRA")) for k in papers]
    )
    graph = KnowledgeGraph.from_parts(papers, result)
    assert "neural networks" not in set(kg.analysis.centrality(graph, type="method")["label"])
    assert "neural networks" in set(
        kg.analysis.centrality(graph, type="method", generic=True)["label"]
    )


@pytest.mark.parametrize(
    "text, name",
    [
        ("ChartMoE framework", "ChartMoE"),
        ("the X-Gaussian model", "the X-Gaussian"),
        ("diffusion model", "diffusion model"),
        ("BERT models", "BERT"),
        ("Quill-Net model", "Quill-Net"),
        # a title's participle describes the kind word; without it the name is cut short
        ("Scaling of Pre-Trained Models", "Scaling of Pre-Trained Models"),
        ("Zarn Fine-Tuned Framework", "Zarn Fine-Tuned Framework"),
    ],
)
def test_kind_words_after_a_name_are_dropped(text, name):
    from kg.link import surface_form

    assert surface_form(text, "method") == name


@pytest.mark.parametrize(
    "text, name",
    [
        ("A Quorb-LSTM Glyph Sampler", "Quorb-LSTM Glyph Sampler"),  # a title's article
        ("An Adaptive Zarn Sampler", "Adaptive Zarn Sampler"),
        ("A matrix", "A matrix"),  # a variable before a word
        ("A", "A"),
    ],
)
def test_the_capitalised_article_opening_a_title_is_no_part_of_the_name(text, name):
    from kg.link import surface_form

    assert surface_form(text, "method") == name


def test_a_kind_word_after_a_short_form_is_no_part_of_the_name_it_closes():
    from kg.link import surface_form

    assert surface_form("Quill Folding (QF) algorithm", "method") == "Quill Folding"
    assert surface_form("glyph lattice sampler (GLS) methods", "method") == "glyph lattice sampler"
    # systems for a task are not the task; a head after the short form is the name's own
    assert surface_form("glyph recognition (GR) systems", "method") == "glyph recognition systems"
    assert surface_form("Zarn-Plinth (ZP) divergence", "concept") == "Zarn-Plinth divergence"
    # a part, a measure or a doer that the name is: "scores", "layer", "criterion", "network"
    assert surface_form("Gradient Zarn Distance (GZD) scores", "metric") == "Gradient Zarn Distance"
    assert surface_form("quill glyph distance (QGD) criterion") == "quill glyph distance"
    assert surface_form("support zarn machine (SZM) classifier") == "support zarn machine"
    # networks and solvers are built with or solve what they follow
    assert surface_form("rectified zarn (ReZ) networks") == "rectified zarn networks"
    # a part or a doer of an activity serves it ("sparse zarn training (SZT) criteria")
    assert surface_form("sparse zarn training (SZT) criteria") == "sparse zarn training criteria"
    assert surface_form("Sparse Zarn Training (SZT) criteria") == "Sparse Zarn Training criteria"
    assert surface_form("Multi-Zarn Self-Glyph (MZSG) layer") == "Multi-Zarn Self-Glyph"
    # a part written as a name is named by the task it does; systems for a task are not
    assert (
        surface_form("Historical Glyph Recognition (HGR) layer") == "Historical Glyph Recognition"
    )
    assert surface_form("glyph recognition (GR) layer") == "glyph recognition layer"
    assert surface_form("Glyph Recognition (GR) classifier") == "Glyph Recognition classifier"
    # a long form that describes the noun after it keeps it: a participle, an adjective's
    # ending, an adverb before it, or two words joined before a part
    assert surface_form("fully zarned (FZ) layer") == "fully zarned layer"
    assert surface_form("autoregressive (AR) model") == "autoregressive model"
    assert surface_form("label-conditionally sturdy (LS) loss") == "label-conditionally sturdy loss"
    assert surface_form("quill-plinth (QP) encoder") == "quill-plinth encoder"
    assert surface_form("zarn actor-critic (ZAC) algorithm") == "zarn actor-critic"
    # a word in brackets is no short form, nor a version; other nouns after one are no kind
    assert surface_form("glyphist (neural) network") == "glyphist network"
    assert surface_form("Zarn Quill (v2) layer") == "Zarn Quill layer"
    assert surface_form("quill rate (QR) annealing") == "quill rate annealing"
    # a short form that spells the kind too names it with its kind
    assert surface_form("gated zarn (GZU) unit") == "gated zarn unit"
    # before a part or a doer: one plain word, an adjective's ending, or an activity that
    # the doer does describe it ("Zarn Quill Interval (ZQI) model" is named so)
    assert surface_form("plinth (Pn) layer") == "plinth layer"
    assert surface_form("zarn glyphal (ZG) layer") == "zarn glyphal layer"
    assert surface_form("Zarn Quill Interval (ZQI) model") == "Zarn Quill Interval"
    assert surface_form("zarn learning (ZL) classifiers") == "zarn learning classifiers"
    # a kind word in a title's capitals is one, and capitals make a name of the words before
    assert surface_form("Visual Zarn (VZ) Models") == "Visual Zarn"
    assert surface_form("Visual Zarnive (VZ) Models") == "Visual Zarnive"
    assert surface_form("Zarn Glyphal (ZG) Layers") == "Zarn Glyphal"


def test_the_parameters_written_against_a_name_are_part_of_it():
    from kg.link import is_junk_name, surface_form

    for name in ("Zarn(λ)", "Quill(0)", "PLINTH(1,1)", "GLYPH(p,d,q)", "ZarnGD(\\lambda)"):
        assert surface_form(name, "method") == name and not is_junk_name(name)
    assert surface_form("Quill(0) learning", "method") == "Quill(0) learning"
    # a word in brackets is what brackets add, not a parameter
    assert surface_form("ZarnBERT(base)", "method") == "ZarnBERT"
    assert surface_form("glyph networks(GNs)", "method") == "glyph networks"
    assert surface_form("glyph networks (GNs)", "method") == "glyph networks"
    assert is_junk_name("f(x)") and is_junk_name("x(t)")  # a function of a variable
    # a year or one letter in brackets is no parameter: what a citation or a variable adds
    assert surface_form("ZarnBERT(2019)", "method") == "ZarnBERT"
    assert surface_form("Quillmax(z)", "method") == "Quillmax"


def test_a_citation_key_left_after_a_name_is_no_part_of_it():
    from kg.link import surface_form

    assert surface_form("Quill-CAR zarnov2019glyph", "dataset") == "Quill-CAR"
    assert surface_form("Glyphbank plinth2020sort", "dataset") == "Glyphbank"
    assert surface_form("Glyphbank plinth2020sort benchmark", "dataset") == "Glyphbank"
    assert surface_form("zarnov2019glyph", "dataset") == "zarnov2019glyph"  # junk, left whole
    assert surface_form("Quill 2019", "dataset") == "Quill 2019"  # a year is no key


@pytest.mark.parametrize(
    "text, name",
    [
        ("Quill U-Net-based", "Quill U-Net"),
        ("ZarnNet-style", "ZarnNet"),
        ("global GLY-based", "global GLY"),
        # a noun after it: a thing built on the name, not the name (a kind word goes, and
        # the description left names nothing: specificity 0)
        ("Quill U-Net-based architecture", "Quill U-Net-based"),
        ("global GLY-based models", "global GLY-based"),
        ("QRNN-based glyph sorters", "QRNN-based glyph sorters"),
        # no coined name to give: plain words, or a title's capitals
        ("attention-based", "attention-based"),
        ("Glyph-Sorting-Based", "Glyph-Sorting-Based"),
        ("Plinth-based and GLY-based", "Plinth-based and GLY-based"),
    ],
)
def test_a_description_derived_from_a_coined_name_names_it(text, name):
    from kg.link import surface_form

    assert surface_form(text, "method") == name


@pytest.mark.parametrize(
    "name, kind",
    [
        ("LoRA+", "method"),
        ("English RoBERTa", "method"),
        ("Japanese Math LLM", "method"),
        ("int_Omega", "concept"),
        ("ImageNet-R", "dataset"),
        ("MetaMathQA", "dataset"),
        # lower-case words: what the data is for, a task, or data described (what doing a
        # task gives, a dialogue)
        ("glyph question answering", "task"),
        ("reference glyph translations", "concept"),
        ("customer glyph dialogue", "concept"),
    ],
)
def test_dataset_types_are_checked_by_name(name, kind):
    result = link([paper("p1", mention(name, "dataset"))])
    (entity,) = result.entities.values()
    assert entity.type == kind


def test_a_name_the_vocabulary_knows_is_no_dataset_is_left_out():
    result = link([paper("p1", mention("GitHub", "dataset"))])
    assert result.entities == {} and sum(result.left_out.values()) == 1


@pytest.mark.parametrize(
    "capitals, word", [("GARDEN", "garden"), ("HARBOR", "Harbor"), ("WINDOW", "window")]
)
def test_a_common_word_in_capitals_is_not_the_word(capitals, word):
    """A benchmark named with a common English word in capitals is not the word written in
    lower case ("domains such as garden design"); invented benchmark names."""
    assert normalise(capitals) != normalise(word)
    result = link(
        [paper("p1", mention(capitals, "dataset")), paper("p2", mention(word, "dataset"))]
    )
    assert len(result.entities) == 2


@pytest.mark.parametrize(
    "a, b",
    [("QRX9K", "QRX9k"), ("QUORBENCH", "Quorbench"), ("BERT", "bert"), ("WINDOW", "WINDOWs")],
)
def test_capitals_of_a_rare_word_still_merge(a, b):
    assert normalise(a) == normalise(b)


@pytest.mark.parametrize(
    "text, label", [("Quorbench-C.", "Quorbench-C"), ("Tarrow-9.", "Tarrow-9"), ("U.S.", "U.S.")]
)
def test_a_sentences_full_stop_is_not_part_of_a_name(text, label):
    from kg.link import surface_form

    assert surface_form(text) == label


def test_an_abbreviation_in_capitals_still_takes_its_long_form():
    """ "Weighted Interval Networks (WINs)" defines WIN: "WIN" later in the paper is that
    network, though "win" is a common word."""
    long_form = mention("Weighted Interval Networks")
    short = mention("WIN")
    result = link(
        [
            paper(
                "p1",
                long_form,
                short,
                abbreviations=[Abbreviation("WINs", "Weighted Interval Networks")],
            )
        ]
    )
    assert len(result.entities) == 1


def test_lists_order_entities_by_papers_then_mentions_before_the_alphabet():
    first_in_the_alphabet = Entity("2dgrids", "concept", "2D grids", paper_count=1, mention_count=1)
    dwelt_on = Entity("quillloss", "concept", "quill loss", paper_count=1, mention_count=4)
    more_papers = Entity("zarn", "concept", "Zarn", paper_count=2, mention_count=2)
    ranked = sorted([first_in_the_alphabet, dwelt_on, more_papers], key=Entity.prominence)
    assert ranked == [more_papers, dwelt_on, first_in_the_alphabet]


def test_a_name_cut_at_the_short_form_it_defines_takes_the_noun_after_it():
    text = "We bound the Quill-Zarn (QZ) divergence of two laws. The QZ divergence is small."
    first = text.index("Quill-Zarn")
    later = text.index("QZ divergence")
    result = link(
        [
            PaperExtraction(
                "p1",
                (
                    Mention(
                        first,
                        first + len("Quill-Zarn (QZ)"),
                        "Quill-Zarn (QZ)",
                        "method",
                        "model",
                        0.6,
                    ),
                    Mention(
                        later,
                        later + len("QZ divergence"),
                        "QZ divergence",
                        "concept",
                        "model",
                        0.6,
                    ),
                ),
                (Abbreviation("QZ", "Quill-Zarn"),),
            )
        ],
        {"p1": Paper("Zarn laws", text, key="p1")},
    )
    labels = {e.label for e in result.entities.values()}
    assert "Quill-Zarn divergence" in labels and "Quill-Zarn" not in labels
    assert "QZ divergence" not in labels  # its short form's spelling, merged into it


def test_a_name_cut_at_its_short_form_takes_the_noun_another_paper_names_it_with():
    """The paper never writes "QZ divergence", but another paper of the corpus names the
    "Quill-Zarn divergence": the cut name grows into it. A noun no paper writes after the
    name stays out: "Plinth (PL) quorbage" grows only where a paper names the "Plinth
    quorbage"."""
    text = "We bound the Quill-Zarn (QZ) divergence of two laws, and the Plinth (PL) quorbage."

    def built(other: str, named: str) -> dict[str, int]:
        cut = Mention(
            text.index("Quill-Zarn"),
            text.index(" divergence"),
            "Quill-Zarn (QZ)",
            "method",
            "model",
            0.6,
        )
        plinth = Mention(
            text.index("Plinth"), text.index(" quorbage"), "Plinth (PL)", "method", "model", 0.6
        )
        start = other.index(named)
        mention = Mention(start, start + len(named), named, "concept", "model", 0.6)
        short_forms = (Abbreviation("QZ", "Quill-Zarn"), Abbreviation("PL", "Plinth"))
        result = link(
            [
                PaperExtraction("p1", (cut, plinth), short_forms),
                PaperExtraction("p2", (mention,)),
            ],
            {"p1": Paper("Zarn laws", text, key="p1"), "p2": Paper("Small", other, key="p2")},
        )
        return {e.label: e.paper_count for e in result.entities.values()}

    papers_of = built("The Quill-Zarn divergence is small.", "Quill-Zarn divergence")
    assert papers_of["Quill-Zarn divergence"] == 2 and "Quill-Zarn" not in papers_of
    assert "Plinth" in papers_of and "Plinth quorbage" not in papers_of
    papers_of = built("The Plinth quorbage is small.", "Plinth quorbage")
    assert papers_of["Plinth quorbage"] == 2 and "Plinth" not in papers_of


def written(key, title, abstract, *names):
    """A paper with each of ``names`` a mention where it is first written (in the title,
    else the abstract): (extraction, paper record)."""
    mentions = []
    for name in names:
        field, text = ("title", title) if name in title else ("abstract", abstract)
        start = text.index(name)
        mentions.append(
            Mention(start, start + len(name), name, "method", "model", 0.6, field=field)
        )
    return paper(key, *mentions), Paper(title=title, abstract=abstract, key=key)


def link_written(*papers):
    return link([e for e, _ in papers], {p.key: p for _, p in papers})


@pytest.mark.parametrize(
    "title_form, running_form, label",
    [
        # the title's capitals give way to the running text's lower case, word by word,
        # keeping the title's number and hyphens (what other checks read)
        ("Braided Quill Samplers", "braided quill sampler", "braided quill samplers"),
        ("Hidden Zarn Models", "hidden Zarn model", "hidden Zarn models"),
        ("Plinth-Folded Networks", "plinth folded network", "plinth-folded networks"),
    ],
)
def test_a_term_written_in_capitals_only_in_titles_takes_the_running_texts_case(
    title_form, running_form, label
):
    titled = [
        written(f"t{i}", f"{title_form} for Glyphs", "No name here.", title_form) for i in range(3)
    ]
    running = written("r", "A Study", f"We train a {running_form} on glyphs.", running_form)
    result = link_written(*titled, running)
    assert [e.label for e in result.entities.values()] == [label]


@pytest.mark.parametrize(
    "capitalised, lower, label",
    [(2, 1, "Zarn neural operators"), (1, 2, "zarn neural operators")],
)
def test_a_title_cased_name_takes_the_case_most_running_uses_give_it(capitalised, lower, label):
    titled = [
        written(f"t{i}", "Zarn Neural Operators", "No name here.", "Zarn Neural Operators")
        for i in range(4)
    ]
    running = [
        written(f"u{i}", "A", "We train a Zarn neural operator.", "Zarn neural operator")
        for i in range(capitalised)
    ] + [
        written(f"l{i}", "B", "We train a zarn neural operator.", "zarn neural operator")
        for i in range(lower)
    ]
    result = link_written(*titled, *running)
    assert [e.label for e in result.entities.values()] == [label]


def _proposing(key, title, abstract, *names):
    """``written``, with the title's opening name flagged as the paper's proposal."""
    extraction, record = written(key, title, abstract, *names)
    flagged = tuple(
        replace(m, proposed=True) if (m.field, m.start) == ("title", 0) else m
        for m in extraction.mentions
    )
    return replace(extraction, mentions=flagged), record


@pytest.mark.parametrize(
    "title, description, entities",
    [
        # the phrase after the colon says what the proposal is: no second thing
        (
            "Quorbix: A Braided Glyph Sampling Algorithm for Zarns",
            "Braided Glyph Sampling Algorithm",
            {"Quorbix"},
        ),
        (  # the article in the phrase or not
            "Quorbix: A Braided Glyph Sampling Algorithm for Zarns",
            "A Braided Glyph Sampling Algorithm",
            {"Quorbix"},
        ),
        (
            "Plinthor: a causality-keeping solution to zarn drift",
            "causality-keeping solution",
            {"Plinthor"},
        ),
        # what comes before the kind noun stays where the corpus writes it as a name
        (
            "Quorbix: A Zarn Filter Approach to Glyphs",
            "Zarn Filter Approach",
            {"Quorbix", "zarn filter"},
        ),
        # a phrase the corpus writes again is a kind of thing the name is one of
        (
            "Quorbix: Braided Quill Networks for Glyphs",
            "Braided Quill Networks",
            {"Quorbix", "braided quill networks"},
        ),
        # a phrase with a link word holds two things, read apart later
        (
            "Quorbix: Sampling of Zarn Models",
            "Sampling of Zarn Models",
            {"Quorbix", "Sampling of Zarn Models"},
        ),
    ],
)
def test_a_titles_description_of_its_proposal_is_no_second_entity(title, description, entities):
    others = [
        written(
            "w1",
            "Glyph Work",
            "We train a zarn filter and braided quill networks.",
            "zarn filter",
            "braided quill networks",
        ),
    ]
    proposing = _proposing("p", title, "Glyphs are hard.", title.split(":")[0], description)
    result = link_written(proposing, *others)
    named_in_p = {
        result.entities[i.entity_key].label for i in result.mentions if i.paper_key == "p"
    }
    assert named_in_p == entities


def test_a_titles_description_stays_when_the_name_before_the_colon_proposes_nothing():
    # "Learning Rates: A Braided Zarn Approach" names no proposal before its colon
    result = link_written(
        written(
            "p",
            "Glyph Rates: A Braided Zarn Approach",
            "Glyphs.",
            "Glyph Rates",
            "Braided Zarn Approach",
        )
    )
    assert {e.label for e in result.entities.values()} >= {"Braided Zarn Approach"}


def test_a_name_written_in_capitals_everywhere_keeps_them():
    result = link(
        [
            paper("a", mention("Braided Quill Samplers")),
            paper("b", mention("Braided Quill Sampler")),
        ]
    )
    assert [e.label for e in result.entities.values()] == ["Braided Quill Samplers"]


@pytest.mark.parametrize(
    "capitalised, lower, label",
    [
        # a capital that only opens sentences says nothing: the words mid-sentence win
        (
            "Braided quill tuning is fast.",
            "We use braided quill tuning here.",
            "braided quill tuning",
        ),
        # capitals written mid-sentence are a name's, however a writer spelled it once
        (
            "We use Velmorn quill tuning.",
            "We use velmorn quill tuning here.",
            "Velmorn quill tuning",
        ),
    ],
)
def test_a_capital_that_only_opens_sentences_gives_way_to_the_words_mid_sentence(
    capitalised, lower, label
):
    def spelled(key, text):
        name = next(n for n in (label, label[0].swapcase() + label[1:]) if n in text)
        return written(key, "A Study", text, name)

    result = link_written(*(spelled(f"c{i}", capitalised) for i in range(3)), spelled("l", lower))
    assert [e.label for e in result.entities.values()] == [label]


def test_a_one_word_name_keeps_its_capital():
    # though it opens every sentence that writes it so: one capitalised word is a name
    opening = [written(f"o{i}", "A Study", "Quillstat is fast.", "Quillstat") for i in range(3)]
    lower = written("l", "A Study", "We use quillstat here.", "quillstat")
    result = link_written(*opening, lower)
    assert [e.label for e in result.entities.values()] == ["Quillstat"]


def test_a_word_cased_for_an_acronym_is_no_alias_of_its_own():
    # "QUIllnet-based Glyph Engine (QUIGE)" cases "Quillnet" for its short form's letters
    result = link(
        [
            paper("p1", mention("Quillnet"), mention("Quillnets")),
            paper("p2", mention("QUIllnet")),
            paper("p3", mention("MLPlinth")),  # a name written so everywhere stays as it is
            paper("p4", mention("MLPlinth")),
        ]
    )
    by_label = {e.label: e for e in result.entities.values()}
    assert by_label["Quillnet"].paper_count == 2
    assert by_label["Quillnet"].aliases == ("Quillnets",)
    assert "MLPlinth" in by_label


def test_a_name_s_parameters_in_a_long_form_are_no_short_form_defined_inside_it():
    from kg.link import long_form

    assert (
        long_form(Abbreviation("SZQ", "seasonal ZARQ(P,D,Q) model")) == "seasonal ZARQ(P,D,Q) model"
    )
    assert long_form(Abbreviation("ZQE", "Zarn Q(S,A) estimator")) == "Zarn Q(S,A) estimator"


def test_a_short_form_defined_inside_a_long_form_is_no_part_of_its_name():
    inner = Abbreviation("NG", "named glyph")
    outer = Abbreviation("NGS", "named glyph (NG) sorting")
    result = link(
        [
            paper(
                "p1",
                mention("named glyph (NG) sorting (NGS)", "task"),
                mention("NGS", "task"),
                abbreviations=[inner, outer],
            ),
            paper("p2", mention("named glyph sorting", "task")),
        ]
    )
    by_label = {e.label: e for e in result.entities.values()}
    assert by_label["named glyph sorting"].paper_count == 2
    assert by_label["named glyph sorting"].abbreviation == "NGS"
    assert not any("(NG)" in label for label in by_label)


@pytest.mark.parametrize(
    "text, mended",
    [
        ("multilayer gar-den glyph network", "multilayer garden glyph network"),
        ("quill al-gorithm", "quill algorithm"),
        ("zarn trans-lation", "zarn translation"),
        # compounds of words stay
        ("pre-training of zarns", "pre-training of zarns"),
        ("non-linear quill", "non-linear quill"),
        ("on-line glyph learning", "on-line glyph learning"),
        ("self-play", "self-play"),
    ],
)
def test_a_word_a_line_breaks_hyphen_cut_is_mended_in_labels(text, mended):
    from kg.link import mend_broken_words

    assert mend_broken_words(text) == mended


def test_an_entity_written_with_a_broken_word_is_labelled_whole():
    result = link_written(
        written("p", "A", "We train a deep gar-den quillnet on glyphs.", "deep gar-den quillnet")
    )
    (entity,) = result.entities.values()
    assert entity.label == "deep garden quillnet" and entity.aliases == ()


def test_broader_looks_up_only_a_names_last_words(monkeypatch):
    """A curated label of thousands of words costs no quadratic time: only tails of a few
    words are looked up, and a short tail still finds its broader entity."""
    import kg.link as linking

    def entity(key, label):
        return Entity(key, "method", label, (), None, 1, 1, False, 1.0)

    long_label = "glyph " * 3000 + "quill sorting"
    entities = {
        "quillsorting": entity("quillsorting", "quill sorting"),
        "long": entity("long", long_label),
    }
    looked_up = []
    monkeypatch.setattr(
        linking, "normalise", lambda text: looked_up.append(text) or normalise(text)
    )
    relations = linking.broader_relations(entities)
    assert [(r.subject, r.object) for r in relations] == [("long", "quillsorting")]
    assert len(looked_up) <= 2 * linking.MAX_BROADER_WORDS


def _papers_of(texts):
    return {key: Paper(title="T", abstract=text, key=key) for key, text in texts.items()}


def _placed(text, surface, label="task"):
    start = text.index(surface)
    return Mention(start, start + len(surface), surface, label, "model", 0.6)


def test_a_leading_word_its_short_form_spells_stays_in_the_name():
    # the recogniser leaves praise and sizes out of a name ("novel", "low"); where a short
    # form spells the word ("NQF"), it is the name's, in every paper that writes it so
    texts = {
        "p1": "We study novel quorb folding (NQF) for plinths. NQF is slow.",
        "p2": "Novel quorb folding is hard, so we make it faster.",
        "p3": "We study fast zarn sorting (ZS) on plinths.",  # "ZS" spells no "fast"
        "p4": "At a low glint rate (LGR), Blixnet keeps the glint rate stable.",
        "p5": "X-ray novel quorb folding is a third thing.",
    }
    papers = _papers_of(texts)
    extractions = [
        paper(
            "p1",
            _placed(texts["p1"], "quorb folding"),
            _placed(texts["p1"], "NQF"),
            abbreviations=[Abbreviation("NQF", "novel quorb folding")],
        ),
        paper("p2", _placed(texts["p2"], "quorb folding")),
        paper(
            "p3",
            _placed(texts["p3"], "zarn sorting"),
            abbreviations=[Abbreviation("ZS", "fast zarn sorting")],
        ),
        paper(
            "p4",
            _placed(texts["p4"], "glint rate (LGR)", "metric"),
            abbreviations=[Abbreviation("LGR", "low glint rate")],
        ),
        paper("p5", _placed(texts["p5"], "X-ray novel quorb folding")),
    ]
    labels = {e.label: e for e in link(extractions, papers).entities.values()}
    assert labels["novel quorb folding"].paper_count == 2
    assert labels["X-ray novel quorb folding"].paper_count == 1
    assert labels["novel quorb folding"].abbreviation == "NQF"
    assert "zarn sorting" in labels  # no short form spells "fast": it stays out
    assert "low glint rate" in labels


def test_words_a_defined_short_form_spells_before_a_name_are_the_names():
    # any words the recogniser left out ("visual", "stacked") that a short form defined in
    # the corpus spells with the name: the longer name, not the one it holds
    texts = {
        "p1": "We study visual plinth answering (VPA) on glyphs.",
        "p2": "Visual plinth answering and plinth answering differ.",
        "p3": "Their visual plinth answering (PA) models are deep.",  # PA spells no "visual"
        "p4": "Glyphs help (visual plinth answering) and “visual plinth answering” too.",
    }
    papers = _papers_of(texts)
    at = {key: [m.start() for m in re.finditer("plinth answering", t)] for key, t in texts.items()}

    def answering(key, start):
        return Mention(start, start + 16, texts[key][start : start + 16], "task", "model", 0.6)

    extractions = [
        paper(
            "p1",
            answering("p1", at["p1"][0]),
            abbreviations=[Abbreviation("VPA", "visual plinth answering")],
        ),
        paper("p2", answering("p2", at["p2"][0]), answering("p2", at["p2"][1])),
        paper(
            "p3",
            answering("p3", at["p3"][0]),
            abbreviations=[Abbreviation("PA", "plinth answering")],
        ),
        paper("p4", answering("p4", at["p4"][0]), answering("p4", at["p4"][1])),
    ]
    found = link(extractions, papers)
    labels = {e.label: e for e in found.entities.values()}
    # p1, p2's first mention, and p4's after a bracket or a quotation mark
    assert labels["visual plinth answering"].paper_count == 3
    grown = [m.mention.text for m in found.mentions if m.paper_key == "p4"]
    assert grown == ["visual plinth answering", "visual plinth answering"]
    # p2's bare mention, and p3's, which defines the name without "visual"
    assert labels["plinth answering"].paper_count == 2


def test_spelled_words_take_the_longest_definition_and_reach_compounds():
    texts = {
        "p1": "We study visual plinth answering (VPA) on glyphs.",
        "p2": "We study deep visual plinth answering (DVPA) on glyphs.",
        "p3": "Deep visual plinth answering is hard.",
        "p4": "We run high glint computing (HGC) on HGC clusters.",
        "p5": "Our high glint computing clusters are fast.",
        "p6": "We build our quorb model (OQM) and a quorb model.",
        "p7": "They build our quorb model too.",
    }
    papers = _papers_of(texts)
    definitions = {
        "p1": [Abbreviation("VPA", "visual plinth answering")],
        "p2": [Abbreviation("DVPA", "deep visual plinth answering")],
        "p4": [Abbreviation("HGC", "high glint computing")],
        "p6": [Abbreviation("OQM", "our quorb model")],
    }
    names = {
        "p1": ["plinth answering"],
        "p2": ["plinth answering"],
        "p3": ["plinth answering"],
        "p4": ["glint computing", "HGC clusters"],
        "p5": ["glint computing clusters"],
        "p6": ["quorb model"],
        "p7": ["quorb model"],
    }
    extractions = [
        paper(
            key,
            *(_placed(texts[key], n) for n in names[key]),
            abbreviations=definitions.get(key, ()),
        )
        for key in texts
    ]
    for order in (extractions, extractions[::-1]):  # whichever paper comes first
        labels = {e.label: e for e in link(order, papers).entities.values()}
        assert labels["deep visual plinth answering"].paper_count == 2  # p2, p3
        assert labels["visual plinth answering"].paper_count == 1
        # "HGC clusters" and the long form with its kind noun are one thing, "high" kept
        assert labels["high glint computing clusters"].paper_count == 2
        assert labels["quorb model"].paper_count == 2  # "our" is whose, never a name's


def test_a_level_of_a_quantity_is_no_term_for_its_short_form():
    # a short form makes plain words a term ("in-context learning (ICL)"), but not a level
    # of a quantity: "low brightness (LB)" is a condition, as "low brightness" alone is
    texts = {
        "p1": "Glyphs taken at low brightness (LB) blur. LB hurts.",
        "p2": "We sort glyphs under low brightness.",
        "p3": "We use glyph folding (GF) on plinths.",
    }
    papers = _papers_of(texts)
    extractions = [
        paper(
            "p1",
            _placed(texts["p1"], "low brightness", "concept"),
            _placed(texts["p1"], "LB", "concept"),
            abbreviations=[Abbreviation("LB", "low brightness")],
        ),
        paper("p2", _placed(texts["p2"], "low brightness", "concept")),
        paper(
            "p3",
            _placed(texts["p3"], "glyph folding", "method"),
            abbreviations=[Abbreviation("GF", "glyph folding")],
        ),
    ]
    labels = {e.label: e for e in link(extractions, papers).entities.values()}
    assert labels["low brightness"].generic
    assert not labels["glyph folding"].generic


def test_a_known_task_inside_a_task_of_another_medium_is_not_the_papers():
    # "visual [glint answering]": a task of its own, with its own data; how a task is done
    # ("neural [glint answering]") makes no other one
    texts = {
        "p1": "We study visual glint answering on plinths.",
        "p2": "We study neural glint answering on plinths.",
    }
    papers = _papers_of(texts)

    def nested(key, surface):
        return replace(_placed(texts[key], surface), source="lexicon", nested=True)

    extractions = [
        paper(key, _placed(texts[key], f"{word} glint answering"), nested(key, "glint answering"))
        for key, word in (("p1", "visual"), ("p2", "neural"))
    ]
    found = link(extractions, papers)
    labels = {e.label: e for e in found.entities.values()}
    assert labels["glint answering"].paper_count == 1  # p2's: it answers, neurally
    assert labels["visual glint answering"].paper_count == 1
    broader = {(r.subject, r.object) for r in found.entity_relations if r.predicate == BROADER}
    assert ("visualglintanswering", "glintanswering") in broader  # the two stay linked


@pytest.mark.parametrize(
    "outer, medium",
    [
        ("3D glint answering (3GA)", True),  # a short form after the name
        ("Visual glint answering", True),
        ("graph-based glint answering", False),  # how it is done
        ("image-level glint answering", False),
        ("document glint answering", False),  # a medium a task may be about already
        ("visual sorting and glint answering", False),  # the medium word is further before
    ],
)
def test_only_a_medium_word_right_before_a_task_makes_another(outer, medium):
    from kg.link import _in_a_task_of_another_medium

    text = f"We study {outer} here."
    whole = _placed(text, outer)
    inner = replace(_placed(text, "glint answering"), nested=True)
    found = _in_a_task_of_another_medium([whole, inner] * 3)  # (each place looked at once)
    assert found == ({(inner.field, inner.start, inner.end)} if medium else set())


def test_a_way_of_looking_is_no_thing():
    # "a quorb-theoretic perspective": how a paper looks at something, however rare its words
    texts = {"p1": "We take a quorb-theoretic perspective on zarn folding."}
    extractions = [
        paper(
            "p1",
            _placed(texts["p1"], "quorb-theoretic perspective", "concept"),
            _placed(texts["p1"], "zarn folding", "method"),
        )
    ]
    labels = {e.label: e for e in link(extractions, _papers_of(texts)).entities.values()}
    assert labels["quorb-theoretic perspective"].generic
    assert not labels["zarn folding"].generic
