"""What a paper proposes: its own new names, not known names or ordinary phrases.

Every name here is invented (or SciERC-style generic wording); each case is a class of error.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

import kg
from kg.extract import Extractor
from kg.extract.proposed import _objects, coined_shape, title_name


def proposed(extractor, text):
    return [m.text for m in extractor.extract_text(text) if m.proposed]


def paper_proposals(title, abstract):
    (extraction,) = Extractor().extract_papers([kg.Paper(title=title, abstract=abstract)])
    return [(m.field, m.text) for m in extraction.mentions if m.proposed]


# --- a lower-case phrase of ordinary words names nothing, unless the paper defines it ---


def test_an_ordinary_phrase_the_abstract_proposes_and_the_title_names_is_the_proposal():
    abstract = (
        "Glyph prediction is hard. We propose wave-to-wave smoothing as a general alternative."
    )
    headline = paper_proposals("Glyph Prediction via Wave-to-Wave Smoothing", abstract)
    assert ("abstract", "wave-to-wave smoothing") in headline
    # without the title naming it, the phrase describes what the paper does
    assert ("abstract", "wave-to-wave smoothing") not in paper_proposals(
        "Better Glyph Prediction", abstract
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("We propose wave-to-wave smoothing as a general alternative.", []),
        (
            "We propose wave-to-wave smoothing (WWS) as a general alternative.",
            ["wave-to-wave smoothing (WWS)"],
        ),
        ("Namely, the backward sweep of the trained model is a gradient step.", []),
        (
            'In this work we build a new sampler, which we call "pseudo-tokens", for audio.',
            ["pseudo-tokens"],
        ),
    ],
)
def test_ordinary_phrases_are_proposed_only_when_defined(extractor, text, expected):
    assert proposed(extractor, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (  # a colon after what the paper introduces gives its name
            (
                "Quill models are popular. Furthermore, we introduce a novel glyph-based "
                "tuning method: Plinth-offset Tuning. It beats the baselines."
            ),
            ["Plinth-offset Tuning"],
        ),
        (  # the words after the colon describe, they name nothing
            "We introduce a novel glyph-based tuning method: it shifts each plinth.",
            [],
        ),
        (  # a finding is nothing made: a colon after it names nothing
            "We present a surprising finding: Zarnet overfits on plinths.",
            [],
        ),
        (  # the quoted words the paper terms something are its name
            (
                "The zarn population dies out below a threshold. We term this a "
                '"sharp velmorn threshold property" (SVTP, for short).'
            ),
            ["sharp velmorn threshold property"],
        ),
        (  # a long form given, with its short form, to what an own sentence calls new
            "We frame a new setup of glyph search, Quill Oracle Search (QOS), to capture it.",
            ["Quill Oracle Search (QOS)"],
        ),
        (  # not an own sentence: someone else's new thing
            "Unlike a new trick of others, Zarn Velmorn Sampling (ZVS), plinths are slow.",
            [],
        ),
        (  # a comparison: the new thing is the competitor
            "We compare against the new glyph detector, Zarn Region Network (ZRN), on plinths.",
            [],
        ),
        (  # a subordinate clause: what is new is no proposal of the main clause
            "Since we need a new metric, Mean Glyph Rank (MGR) is used throughout.",
            [],
        ),
        # the notion a paper develops
        (
            "We develop the notion of quill group flow (QG flow) to characterize signals.",
            ["quill group flow"],
        ),
        (
            "We introduce the concept of Zarn Velmorn Sampling (ZVS) for glyphs.",
            ["Zarn Velmorn Sampling (ZVS)"],
        ),
        (  # ordinary words, defined with the short form that keeps their head word
            "We develop the notion of signal group flow (SG flow) to study signals.",
            ["signal group flow (SG flow)"],
        ),
        ("We develop the notion of smoothness for glyphs.", []),
    ],
)
def test_a_name_given_after_a_colon_a_term_or_a_notion(extractor, text, expected):
    assert proposed(extractor, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the paper's own proposal told in the present passive: no "we" needed
        ("For this problem a novel optimization scheme, called Zorb-BP, is proposed.", ["Zorb-BP"]),
        ("A learning system, called Quill-SVM, is presented to label glyphs.", ["Quill-SVM"]),
        # earlier work is told in the past, or with who made it
        ("For this problem an optimization scheme, called Zorb-BP, was proposed in 2004.", []),
        ("A classic algorithm called Zorb-BP is introduced by Quill and Zarn.", []),
        ("A method called Zorb-BP is proposed in the literature.", []),
        # the verb must follow the name: here the name is the tagger built on
        ("Building on the Quill tagger, called Zorb-BP, a new model is proposed.", []),
    ],
)
def test_a_name_given_in_a_present_passive_proposal_is_proposed(extractor, text, expected):
    assert proposed(extractor, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("In contrast, the newly released QJB-Z glyph dataset unifies quill sorting.", []),
        ("We test Zorb on our newly released QJB-Z glyph dataset.", ["QJB-Z glyph dataset"]),
        ("We train the newly introduced QuillNorm layers on glyphs.", ["QuillNorm layers"]),
    ],
)
def test_newly_released_data_is_others_unless_ours(extractor, text, expected):
    assert proposed(extractor, text) == expected


def test_a_name_in_apposition_to_the_proposal_is_the_name_alone(extractor):
    text = "We build a glyph ranker. The proposed model, DeepQuorb, joins two quill machines."
    assert proposed(extractor, text) == ["DeepQuorb"]  # not "model, DeepQuorb"
    assert not any("," in m.text for m in extractor.extract_text(text))


def test_which_we_call_after_the_papers_own_words_names_its_proposal(extractor):
    # earlier work before the own words does not make the name earlier work
    text = "Unlike previous approaches, our new model, which we call Quorbnet, labels glyphs."
    assert proposed(extractor, text) == ["Quorbnet"]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            (
                "Post-hoc blending (PHB) is a popular family of tools. "
                "We propose a PHB method called StarMix, which mixes weights."
            ),
            ["StarMix"],
        ),
        (
            (
                "Widget HyperNets (WHNs) are popular. To address this, we propose ZorbNet "
                "(Zero-order Rank Blending Network), a WHN with a small decoder."
            ),
            ["ZorbNet (Zero-order Rank Blending Network)"],
        ),
    ],
)
def test_a_term_defined_as_background_is_no_proposal(extractor, text, expected):
    assert proposed(extractor, text) == expected


# --- "Long Name (ABBR)" right after a proposal verb ---------------------------------------


@pytest.mark.parametrize(
    "text, name",
    [
        (
            (
                "To overcome this, we introduce a novel network architecture, termed Gated Lattice Memory "
                "Units (GLMUs), for control."
            ),
            "Gated Lattice Memory Units (GLMUs)",
        ),
        (
            "This paper presents Sparse Widget Routing (SWR) for long inputs.",
            "Sparse Widget Routing (SWR)",
        ),
        (
            "Our method, Quadratic Bin Packing (QBP), halves the memory.",
            "Quadratic Bin Packing (QBP)",
        ),
    ],
)
def test_a_definition_after_a_proposal_verb_is_the_proposal(extractor, text, name):
    assert proposed(extractor, text) == [name]


@pytest.mark.parametrize(
    "text, names",
    [
        (
            (
                "We present two new widget layers: the Quill Addition Layer (QAL), which can add "
                "exactly; and the Quill Product Layer (QPL) that can multiply subsets of a vector."
            ),
            ["Quill Addition Layer (QAL)", "Quill Product Layer (QPL)"],
        ),
        (
            (
                "We introduce Zarn Quadratic Folding (ZQF), which approximates the previous loss "
                "function with a quadratic function, and Velmorn Folding (VF), which approximates "
                "it with a neural network."
            ),
            ["Zarn Quadratic Folding (ZQF)", "Velmorn Folding (VF)"],
        ),
        (
            "Our proposed cells QAU and QPU, compared with previous recurrent cells, learn faster.",
            ["QAU", "QPU"],
        ),
    ],
)
def test_every_member_of_a_list_of_proposals_is_proposed(extractor, text, names):
    assert proposed(extractor, text) == names


def test_a_name_the_parser_leaves_unattached_after_a_proposal_verb_is_its_object():
    # "We introduce for glyph sorting Zarn Folding (ZF) and Velmorn Folding": the parser may
    # hang the name on the verb as "dep"; it and its conjunct are what is introduced.
    words = ["We", "introduce", "for", "sorting", "Zarn", "Folding", "and", "Velmorn", "Folding"]
    heads = [1, 1, 1, 2, 5, 1, 5, 8, 5]
    deps = ["nsubj", "ROOT", "prep", "pobj", "compound", "dep", "cc", "compound", "conj"]
    pos = ["PRON", "VERB", "ADP", "NOUN", "PROPN", "PROPN", "CCONJ", "PROPN", "PROPN"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert [t.i for t in _objects(doc[1])] == [5, 8]


def test_a_definition_describing_a_name_is_not_another_proposal(extractor):
    text = "We propose ZorbNet, a Sparse Widget Routing (SWR) method that halves the memory."
    assert proposed(extractor, text) == ["ZorbNet"]


# --- prior work ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "While ZapRank was proposed a decade ago (Smith et al., 2014), it is still used.",
        "Our model beats strong baselines on established FooLM benchmarks.",
        "Our proof uses the so-called mirror coupling technique.",
        "The first version uses a prescribed state matrix called the Zorro matrix.",
        "We show that a recent variant called FastBar works well.",
        # "which we call" may name earlier work for short, a long phrase back
        (
            "We test against one of the best existing robust glyph parsing models, which we "
            "call Q-PCFG, and beat it."
        ),
        "Foundation models are redefining how QX systems are built.",
        "We propose a fast PDQ solver for sampling.",  # an acronym before a common noun describes
        "While our theory is linear, we propose a more general PDQ equivalence for deep heads.",
        "We create a taxonomy of classifiers: (1) 1-nearest neighbour rules, (2) kernels.",
    ],
)
def test_prior_work_and_descriptions_are_not_proposed(extractor, text):
    assert proposed(extractor, text) == []


def test_a_lexicon_name_is_never_proposed(tmp_path):
    lexicon = tmp_path / "names.tsv"
    lexicon.write_text("method\tQuuxNet\tQuux network\n", encoding="utf-8")
    text = "We propose QuuxNet, a sparse network."
    assert proposed(Extractor(), text) == ["QuuxNet"]
    assert proposed(Extractor(kg.Settings(lexicon=(str(lexicon),))), text) == []


# --- coined names in titles -----------------------------------------------------------------


@pytest.mark.parametrize(
    "word, coined",
    [
        ("ZapFormer", True),
        ("X-Zapper", True),
        ("Z8Quux", True),
        ("Smith-Jones", False),
        ("QRS-based", False),
        ("Z8", False),
        ("Zapper", False),
        ("QRS", False),
    ],
)
def test_coined_shapes(word, coined):
    assert coined_shape(word) == coined


@pytest.mark.parametrize(
    "title, abstract, expected",
    [
        (
            "Sparse ZapFormer for Long Documents",
            "We present ZapFormer, which reads long documents.",
            [("title", "ZapFormer")],
        ),
        (
            "Z8Quux Learns to Rank",
            "We rank documents with a new quantised ranker.",
            [("title", "Z8Quux")],
        ),
        ("Understanding ZapFormer for Long Documents", "We study ZapFormer on long documents.", []),
        ("Estimation with Deep ZapFormer Networks", "We study ZapFormer estimators.", []),
    ],
)
def test_coined_title_words(title, abstract, expected):
    assert [p for p in paper_proposals(title, abstract) if p[0] == "title"] == expected


_GRADED = "The quill lattice is a popular way to store quills. {verb} a variant for curved quills."


@pytest.mark.parametrize(
    "title, verb, expected",
    [
        # a new variant of what the abstract writes, made by the paper: its proposal
        (
            "Graded Quill Lattice for Curved Quills",
            "We propose",
            [("title", "Graded Quill Lattice")],
        ),
        (
            "The Graded Quill Lattice: Curved Quills",
            "We propose",
            [("title", "The Graded Quill Lattice")],
        ),
        # the paper makes nothing: a study of it
        ("Graded Quill Lattice for Curved Quills", "We study", []),
        # not a variant: a study, a task, a vague word, a kind of an activity
        ("Understanding Quill Lattice for Curved Quills", "We propose", []),
        ("The Power of Quill Lattice for Curved Quills", "We propose", []),
        ("Graded Quill Generation for Curved Quills", "We propose", []),
        ("Provable Benefits of Quill Lattice", "We propose", []),
        ("Graded Computation for Curved Quills", "We propose", []),
    ],
)
def test_a_title_naming_a_new_variant_of_a_name_the_abstract_writes_is_the_proposal(
    title, verb, expected
):
    abstract = _GRADED.format(verb=verb)
    for kind in ("Generation", "Computation"):
        if kind in title:  # the abstract writes what the title's head ends with
            abstract = abstract.replace("quill lattice", f"quill {kind.lower()}")
            abstract = abstract.replace("The quill computation", "Computation")
    assert [p for p in paper_proposals(title, abstract) if p[0] == "title"] == expected


def test_a_title_naming_a_genre_proposes_nothing():
    assert title_name("Quuxing: A Survey of Widget Laws") is None
    assert title_name("Quuxing: A Critical Review of Widget Laws") is None
    assert title_name("Quuxing: Widget Laws Made Simple") == "Quuxing"


@pytest.mark.parametrize("verb", ["customize", "craft", "tailor"])
def test_less_common_proposal_verbs_introduce_a_defined_name(extractor, verb):
    text = f"Secondly, we {verb} a Braided Lattice Start (BLS) strategy for the sampler."
    (name,) = proposed(extractor, text)
    assert name.startswith("Braided Lattice Start (BLS)")


@pytest.mark.parametrize(
    "text, name",
    [
        (
            "Errors accumulate in the Softmax function, which we refer to as Glyph Collapse (GC).",
            "Glyph Collapse (GC)",
        ),
        (
            "Here, the concept of Quill Inference Networks (QINs) is proposed and explored.",
            "Quill Inference Networks (QINs)",
        ),
        (
            "In this paper, we extend the well-known ResNet to ZarnNet to demonstrate the concept.",
            "ZarnNet",
        ),
        (
            (
                "In addition, we extend our method to a personalized application, pQuillPara, which "
                "separates parameters."
            ),
            "pQuillPara",
        ),
    ],
)
def test_a_name_the_paper_gives_its_own_work_is_proposed(extractor, text, name):
    assert proposed(extractor, text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Recent work extends ResNet to ZarnNet.",  # someone else's extension
        "Unlike prior work, which extends ResNet to ZarnNet, we train from scratch.",
        "We extend our evaluation to QuillBench.",  # where it is tried
        "We extend the framework to the ZarnSet-7 dataset.",  # data
        "We extend prior work on glyph sorting to new settings.",  # no coined name
        "Others refer to this effect as Glyph Collapse.",
    ],
)
def test_what_others_extend_or_name_is_not_proposed(extractor, text):
    assert proposed(extractor, text) == []


@pytest.mark.parametrize(
    "title, verb, expected",
    [
        (
            "Glyph Classification via Stable Quill Propagation",
            "We propose",
            ["Stable Quill Propagation"],
        ),
        ("Improving Glyph Recall by Zarn Lattice Descent", "We present", ["Zarn Lattice Descent"]),
        # the abstract makes nothing: a study of the means
        ("Glyph Classification via Stable Quill Propagation", "We study", []),
        # a condition, a clause, a known name with a word before it, a question
        ("Glyph Classification with Noisy Quill Labels", "We propose", []),
        ("Glyph Classification via Recombining Quill Parts", "We propose", []),
        ("Glyph Classification via Stable Quill Propagation?", "We propose", []),
        ("Understanding Glyph Classification via Stable Quill Propagation", "We propose", []),
        # title case and a subtitle
        (
            "Glyph Classification Using Stable Quill Propagation",
            "We propose",
            ["Stable Quill Propagation"],
        ),
        (
            "Glyph Classification via Stable Quill Propagation: A Fast Way",
            "We propose",
            ["Stable Quill Propagation"],
        ),
        # two words are a name when coined, not a technique's common name in capitals
        ("Glyph Classification via Real QVP", "We propose", ["Real QVP"]),
        ("Glyph Classification via Implicit Quillation", "We propose", []),
    ],
)
def test_the_means_a_title_names_after_what_it_does_is_the_proposal(title, verb, expected):
    abstract = f"Classifying glyphs is slow. {verb} a way to propagate quills. It is fast."
    assert [text for field, text in paper_proposals(title, abstract) if field == "title"] == (
        expected
    )


def test_a_known_name_with_words_before_it_in_a_titles_means_is_no_proposal():
    from kg.extract.proposed import normalise_name
    from kg.extract.proposed import paper_proposals as title_proposals

    known = frozenset({normalise_name("Zarnformers")})
    abstract = "Classifying glyphs is slow. We propose a way to propagate quills."
    title = "Glyph Classification via Sparse Multimodal Zarnformers"
    assert not [m for m in title_proposals(title, abstract, (), known) if m.proposed]
    found = title_proposals(title, abstract, (), frozenset())
    assert [m.text for m in found if m.proposed] == ["Sparse Multimodal Zarnformers"]


@pytest.mark.parametrize(
    "sentence, proposed_in_title",
    [
        ("Our proposed plinth commutative sorter (PCS) is fast.", True),
        ("Our method, dubbed plinth commutative sorter (PCS), is fast.", True),
        ("Long-term streams need a plinth commutative sorter (PCS) of old.", False),
        ("We present an analysis of why the plinth commutative sorter (PCS) fails.", False),
        ("We introduce a plinth commutative sorter (PCS) for glyphs.", True),
        ("A plinth commutative sorter (PCS) is a classic tool.", False),  # a topic defined
        ("Our proposed plinth commutative sorter (PX) is fast.", False),  # not its initials
    ],
)
def test_a_title_head_the_abstract_defines_with_a_short_form_is_the_proposal(
    sentence, proposed_in_title
):
    title = "Plinth Commutative Sorters for Glyph Streams"
    found = paper_proposals(title, f"Glyph streams are long. {sentence} It scales.")
    assert (("title", "Plinth Commutative Sorters") in found) is proposed_in_title


@pytest.mark.parametrize(
    "sentence, proposed_in_title",
    [
        # no words present it: the whole title is the name of the paper's work
        ("We explore the decomposition of the Plinth Sorting with Glyph Caches (PSGC).", True),
        ("Our experiments run the plinth sorting with glyph caches (PSGC) on streams.", True),
        ("Experiments run the plinth sorting with glyph caches (PSGC) on streams.", False),
        ("Plinth Sorting with Glyph Caches (PSGC) are widely used here.", False),  # a topic
        ("We explore the Plinth Sorting with Glyph Caches (PX) here.", False),  # no initials
        # not the paper's own: no sentence of its work, studied, or earlier work
        ("Plinth sorting with glyph caches (PSGC) aims to sort fast.", False),
        ("We study why plinth sorting with glyph caches (PSGC) fails.", False),
        ("We show that existing plinth sorting with glyph caches (PSGC) fails.", False),
        ("Our plinth sorting with glyph caches (PSGC) methods are slow.", False),
    ],
)
def test_a_whole_title_the_abstract_defines_with_its_initials_is_the_proposal(
    sentence, proposed_in_title
):
    # the title's first words are written in the abstract too, as the name of an older part
    abstract = f"The classical Plinth Sorting (PS) is slow. {sentence} It scales."
    found = paper_proposals("Plinth Sorting with Glyph Caches", abstract)
    assert (("title", "Plinth Sorting with Glyph Caches") in found) is proposed_in_title
    if proposed_in_title:
        assert ("title", "Plinth Sorting") not in found


def test_a_whole_title_that_names_a_task_or_a_doing_is_no_proposal():
    for title, sentence in [
        (
            "Glyph Segmentation with Noisy Quills",
            "we tackle glyph segmentation with noisy quills (GSNQ)",
        ),
        (
            "Few-Shot Glyph-Incremental Learning",
            "we tackle few-shot glyph-incremental learning (FGIL)",
        ),
    ]:
        found = paper_proposals(title, f"Quills are noisy. In this work {sentence} at scale.")
        assert ("title", title) not in found


@pytest.mark.parametrize(
    "title, proposed_in_title",
    [
        # a coined word in the title's opening words, as a whole no known name: the
        # paper's own variant, even where the abstract only says "our method"
        ("Frond PlinthNets for Glyph Sorting from Quill Scans", "Frond PlinthNets"),
        ("A Q-ZARN Braid Network for Glyph Sorting", "Q-ZARN Braid Network"),
        ("Efficient Q-ZARN Networks for Glyph Sorting", "Q-ZARN Networks"),  # no praise
        ("Fold-aware Fast Q-ZNN for Glyph Sorting", "Fold-aware Fast Q-ZNN"),
        # a task, a doing, a lower-case description, or no coined word: nothing
        ("3D QZ Segmentation using Zarn Priors", None),
        ("Solving QZ-Hard Glyphs with Braids", None),
        ("Deep QZ ensembles for glyph sorting", None),
        ("Braided Glyph Networks for Quill Sorting", None),
    ],
)
def test_a_coined_title_lead_no_one_knows_is_the_proposal(title, proposed_in_title):
    abstract = "Glyph sorting is slow. Our method sorts glyphs fast and beats earlier work."
    found = [text for field, text in paper_proposals(title, abstract) if field == "title"]
    assert found == ([proposed_in_title] if proposed_in_title else [])


def test_a_known_model_with_a_word_before_it_opening_a_title_is_studied_not_proposed():
    from kg.extract.proposed import normalise_name
    from kg.extract.proposed import paper_proposals as title_proposals

    known = frozenset({normalise_name("QuillBERT")})
    abstract = "Glyph sorting is slow. We fine-tune models and report what helps."
    title = "Multilingual QuillBERT Models for Glyph Sorting"
    assert not [m for m in title_proposals(title, abstract, (), known) if m.proposed]
    found = title_proposals(title, abstract, (), frozenset())  # a name no one knows: new
    assert [m.text for m in found if m.proposed] == ["Multilingual QuillBERT Models"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the short name given to what the paper makes, after what it is based on
        (
            (
                "We propose a new sorting method based on Leave-Zarn Folding, or LZF for short. "
                "LZF beats baselines."
            ),
            ["LZF"],
        ),
        (  # the first of the initials
            "We propose a new sorting method based on Leave-One-Zarn K-Quill-Plinth, or LOZK for short.",
            ["LOZK"],
        ),
        # a plain word is no name, and what others made is not the paper's
        (
            "We propose a new sorting method based on Leave-Zarn Folding, or folding for short.",
            [],
        ),
        ("Prior work proposed a sorting method based on Leave-Zarn Folding, or LZF for short.", []),
        # a statement is no made thing that a short name could name
        ("We propose a new theorem based on Leave-Zarn Folding, or LZF for short.", []),
        # nor what it is inspired by or tested on, nor a short form of other words
        ("We propose a new sorting method inspired by Leave-Zarn Folding, or LZF for short.", []),
        (
            (
                "We propose a new sorting method and evaluate it on the Quill Glyph Benchmark, "
                "or QGB for short."
            ),
            [],
        ),
        ("We propose a new sorting method based on Leave-Zarn Folding, or ZQ for short.", []),
    ],
)
def test_the_short_name_a_proposal_is_given_for_short_is_proposed(extractor, text, expected):
    assert proposed(extractor, text) == expected
