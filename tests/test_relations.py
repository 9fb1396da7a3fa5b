"""Sentence relations: the trained classifier's parts, the pipeline component, and the edges
kg.link.relate makes from them (paper roles and entity -> entity relations). Names are invented."""

from __future__ import annotations

import functools
import re
from dataclasses import replace

import numpy as np
import pytest

from kg.extract.relations import (
    CLASSES,
    EXTRA_WIDTH,
    NO_RELATION,
    PACKAGED_RELATION_MODEL,
    RELATION_LABELS,
    SPAN_LABELS,
    TAG_COUNT,
    candidate_pairs,
    decode_pair,
    load_model,
    pair_features,
    relation_model,
    token_tags,
)
from kg.link import link as link_with_learned_roles
from kg.link.relate import named_proposals, naming_role
from kg.records import Abbreviation, Mention, Paper, PaperExtraction, SentenceRelation

# These tests read the rules: the roles they decide before the learned second reading
# (tested in test_role_model.py).
link = functools.partial(link_with_learned_roles, learned_roles=False)


def test_candidate_pairs_are_ordered_disjoint_and_near():
    spans = [(0, 2), (1, 3), (4, 5), (70, 72)]
    # (0, 1) overlap; 70 is more than 30 tokens after 0, 1 and 4
    assert candidate_pairs(spans) == [(0, 2), (1, 2)]
    assert candidate_pairs(spans, limit=100) == [(0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]


def test_decode_pair_reads_direction_and_threshold():
    row = np.zeros(len(CLASSES), dtype="float32")
    row[CLASSES.index("USED-FOR<")] = 0.7
    row[CLASSES.index(NO_RELATION)] = 0.3
    assert decode_pair(row) == ("USED-FOR", False, pytest.approx(0.7))
    assert decode_pair(row, threshold=0.8) is None
    row[:] = 0
    row[CLASSES.index("COMPARE")] = 1.0
    assert decode_pair(row)[:2] == ("COMPARE", True)
    row[:] = 0
    row[CLASSES.index(NO_RELATION)] = 1.0
    assert decode_pair(row) is None


def test_pair_features_gradient_matches_finite_differences():
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(9, 4)).astype("float64")
    pairs = [np.array([[1, 3, 5, 7, 0, 9]])]
    extras = [np.zeros((1, EXTRA_WIDTH))]
    weights = rng.normal(size=(1, 9 * 4 + EXTRA_WIDTH))

    def loss(v):
        features, _ = pair_features([v], pairs, extras)
        return float((features * weights).sum())

    _, backprop = pair_features([vectors], pairs, extras)
    (analytic,) = backprop(weights)
    numeric = np.zeros_like(vectors)
    for index in np.ndindex(*vectors.shape):
        step = np.zeros_like(vectors)
        step[index] = 1e-3  # max-pooling is piecewise linear: a wide step is exact off ties
        numeric[index] = (loss(vectors + step) - loss(vectors - step)) / 2e-3
    assert np.allclose(analytic, numeric, atol=1e-3)


def test_inference_features_are_the_training_features():
    from kg.extract.relations import pair_features_for_inference

    rng = np.random.default_rng(5)
    encoded = [
        rng.normal(size=(12, 4)).astype("float32"),
        rng.normal(size=(7, 4)).astype("float32"),
    ]
    pairs = [
        np.array([[0, 2, 2, 4, 0, 12], [1, 3, 6, 9, 0, 10], [5, 6, 7, 8, 4, 12]]),
        np.array([[0, 1, 1, 2, 0, 7]]),
    ]
    extras = [
        rng.normal(size=(3, EXTRA_WIDTH)).astype("float32"),
        rng.normal(size=(1, EXTRA_WIDTH)).astype("float32"),
    ]
    trained, _ = pair_features(encoded, pairs, extras)
    assert np.array_equal(pair_features_for_inference(encoded, pairs, extras), trained)


def test_token_tags_mark_each_spans_label_and_first_token():
    tags = token_tags(7, [(1, 4, "Task"), (2, 3, "Method"), (5, 6, "Generic")])
    task, method, generic = (1 + 2 * SPAN_LABELS.index(x) for x in ("Task", "Method", "Generic"))
    # the nested one-token Method span tags its token; the Task span keeps its first token
    assert tags.tolist() == [0, task, method, task + 1, 0, generic, 0]
    assert tags.max() < TAG_COUNT


@pytest.mark.parametrize("span_tags", [False, True])
def test_model_round_trips_through_its_folder(tmp_path, span_tags):
    from kg.extract.relations import save_model

    model = relation_model(
        width=16,
        hidden=16,
        depth=1,
        input_width=8,
        word_width=8,
        word_rows=50,
        span_tags=span_tags,
    )
    model.initialize()
    softmax = model.layers[2].layers[-1]  # zeros at first: every input would score the same
    softmax.set_param(
        "W", np.random.default_rng(1).normal(size=softmax.get_param("W").shape).astype("float32")
    )
    item = (
        np.random.default_rng(0).normal(size=(6, 8)).astype("float32"),
        np.arange(6, dtype="uint64"),
        np.array([0, 1, 2, 0, 3, 4], dtype="int32"),
        np.array([[0, 1, 3, 5, 0, 6]], dtype="int32"),
        np.zeros((1, EXTRA_WIDTH), dtype="float32"),
    )
    before = model.predict([item])
    save_model([model], tmp_path / "relations", {"threshold": 0.4})
    loaded, meta = load_model(tmp_path / "relations")
    assert meta["threshold"] == 0.4 and meta["attrs"]["span_tags"] is span_tags
    assert np.allclose(loaded.predict([item]), before)
    assert before.shape == (1, len(CLASSES)) and np.isclose(before.sum(), 1.0)
    other = np.array([0, 0, 0, 0, 0, 0], dtype="int32")
    changed = loaded.predict([(*item[:2], other, *item[3:])])
    assert np.allclose(changed, before) is not span_tags  # the tags are read only when on


def test_a_model_saved_without_span_tags_is_rebuilt_without_them(tmp_path):
    import json

    from kg.extract.relations import save_model

    model = relation_model(width=16, hidden=16, depth=1, input_width=8, word_width=8, word_rows=50)
    model.initialize()
    save_model([model], tmp_path / "relations", {"threshold": 0.4})
    meta_path = tmp_path / "relations" / "meta.json"
    meta = json.loads(meta_path.read_text())
    del meta["attrs"]["span_tags"]  # as saved before the attribute existed
    meta_path.write_text(json.dumps(meta))
    loaded, _ = load_model(tmp_path / "relations")
    assert loaded.members[0].attrs["span_tags"] is False


def test_packaged_model_says_how_it_was_selected():
    _, meta = load_model(PACKAGED_RELATION_MODEL)
    assert meta["selected_on"] == "dev.json" and meta["trained_on"] == "train.json"
    assert meta["classes"] == list(CLASSES)


@pytest.fixture(scope="module")
def nlp():
    from kg.extract import load_pipeline

    return load_pipeline()


def test_pipeline_states_relations_between_its_spans(nlp):
    doc = nlp(
        "We use the Zorblax network for lunar crater segmentation. "
        "Zorblax is evaluated on the Quintessa-7 benchmark and compared with Frobnet and Plimsoll."
    )
    assert "kg_relations" in nlp.pipe_names
    found = doc._.kg_relations
    assert found, "no relation in sentences that state several"
    for head, tail, label, score in found:
        assert label in RELATION_LABELS and 0 < score <= 1
        assert head.doc is doc and tail.doc is doc and head.sent == tail.sent
    assert any(label == "USED-FOR" for _, _, label, _ in found)


def test_no_relation_but_a_comparison_across_a_denial_nor_a_conjunction_across_a_colon(nlp):
    """What the words between two spans deny or set aside ("without", "no", "rather than",
    "agnostic to") links them by no relation but a comparison; a title's colon joins a name
    to what it is, no conjunction."""
    for text, first, second in (
        ("We present Quillnet for producing diverse glyph outputs without paired Zarn images.",
         "Quillnet", "paired Zarn images"),
        ("Ordo methods are agnostic to Kestrel structures.", "Ordo methods", "Kestrel structures"),
        ("We use braid matrices rather than entry-wise Zarn scalars.",
         "braid matrices", "entry-wise Zarn scalars"),
        ("Quillnet: Glyph Sorting Networks for Zarn Retrieval", "Quillnet", "Glyph Sorting Networks"),
    ):  # fmt: skip
        doc = nlp(text)  # (the classifier alone relates each pair: checked when written)
        pairs = {
            frozenset((h.text, t.text))
            for h, t, label, _ in doc._.kg_relations
            if label != "COMPARE"
        }
        assert frozenset((first, second)) not in pairs, text


def test_a_denial_sets_two_spans_apart_only_right_before_the_second():
    from kg.extract.relations import _set_apart

    def apart(between: str, label: str = "USED-FOR") -> bool:
        return _set_apart(between, 0, len(between), label)

    assert apart(" for producing glyph outputs without paired ")
    assert apart(" are agnostic to ") and apart(" with no explicit ")
    assert apart(" rather than entry-wise ", "CONJUNCTION")
    assert not apart(" rather than ", "COMPARE")  # a comparison is what it states
    # a denial of something else between them
    assert not apart(", which requires no labels, for ")
    assert not apart(" without fine-tuning to ")
    assert apart(" does not generalize to ") and apart(" is not designed for ")
    assert not apart(", rather than Zarn, is used to evaluate ", "EVALUATE-FOR")


def test_what_brackets_hold_relates_to_what_stands_right_before_them(nlp):
    doc = nlp(
        "We show this across datasets with different glyph shifts (including Quillbank-C and "
        "Zarnset-R), different loss functions (Velm entropy, Plinth NLL, and Ordo loss), and "
        "different architectures (Kestrel nets and braid transformers)."
    )
    related = {(h.text, label, t.text) for h, t, label, _ in doc._.kg_relations}
    assert ("Quillbank-C", "HYPONYM-OF", "glyph shifts") in related
    assert ("Velm entropy", "HYPONYM-OF", "loss functions") in related
    assert not {(h, t) for h, _, t in related} & {
        ("Velm entropy", "glyph shifts"), ("Ordo loss", "glyph shifts"),
        ("Kestrel nets", "loss functions"),
    }  # fmt: skip
    # brackets that say what a value is of
    doc = nlp("Our Quillnet model gave a performance of 86.6% (F1, sentences < 40 words).")
    assert [(h.text, t.text) for h, t, _, _ in doc._.kg_relations] == [("F1", "Quillnet model")]


def test_extraction_records_relations_with_their_texts():
    from kg.extract import Extractor

    paper = Paper(
        "Zorblax for crater segmentation",
        "We use the Zorblax network for lunar crater segmentation. Zorblax is evaluated on "
        "the Quintessa-7 benchmark and compared with Frobnet.",
    )
    (extraction,) = Extractor().extract_papers([paper])
    assert extraction.relations
    for r in extraction.relations:
        text = paper.text_of(r.field)
        assert (
            text[r.head_start : r.head_end] == r.head_text
            and text[r.tail_start : r.tail_end] == r.tail_text
        )


# --- kg.link.relate -----------------------------------------------------------------------------
def _naming(sentence, name, entity_type="method", own=None, proposed=False, in_title=False):
    from kg.link.relate import OWN_WORK, Naming

    start = sentence.index(name)
    own = bool(OWN_WORK.search(sentence)) if own is None else own
    return Naming(
        0,
        entity_type,
        proposed,
        in_title,
        own,
        sentence[:start],
        sentence[start + len(name) :],
        sentence,
    )


@pytest.mark.parametrize(
    "sentence, name, entity_type, role",
    [
        ("Our model outperforms Velmorn by 3 points.", "Velmorn", "method", "comparesWith"),
        ("It is faster than Velmorn on long inputs.", "Velmorn", "method", "comparesWith"),
        ("We compare against strong Velmorn baselines.", "Velmorn", "method", "comparesWith"),
        ("Unlike Velmorn, our approach needs no labels.", "Velmorn", "method", "mentions"),
        ("Velmorn has been widely adopted for retrieval.", "Velmorn", "method", "mentions"),
        ("We build on Velmorn to encode the inputs.", "Velmorn", "method", "uses"),
        ("Experiments on Tarrow-9 show consistent gains.", "Tarrow-9", "dataset", "evaluatesOn"),
        ("We pre-train on Tarrow-9 before fine-tuning.", "Tarrow-9", "dataset", "uses"),
        ("Tarrow-9 was collected from public forums.", "Tarrow-9", "dataset", "mentions"),
        ("We tackle glyph restoration with few labels.", "glyph restoration", "task", "addresses"),
        ("Our method lowers the glyph error rate.", "glyph error rate", "metric", "measures"),
        # a task named as a test bed, where experiments are run
        (
            "Results on glyph restoration and Tarrow parsing improve.",
            "Tarrow parsing",
            "task",
            "evaluatesOn",
        ),
        (
            "Our method is tested on several tasks, including Quill parsing.",
            "Quill parsing",
            "task",
            "evaluatesOn",
        ),
        ("Our bound uses recent results in quill theory.", "quill theory", "concept", "uses"),
        # a property or phenomenon the paper's own work studies is what it addresses
        (
            "We analyse the expressive quill power of glyph networks.",
            "expressive quill power",
            "concept",
            "addresses",
        ),
        (
            "To understand the role of quill sparsity, we train glyph nets.",
            "quill sparsity",
            "concept",
            "addresses",
        ),
        # ... not a theory its analysis combines with another
        (
            "Our analysis combines quill theory and glyph calculus.",
            "quill theory",
            "concept",
            "uses",
        ),
        # what the paper's own method is, and a notion it coins
        (
            "In particular, our model is a braided quill transformer that reads glyphs.",
            "braided quill transformer",
            "method",
            "proposes",
        ),
        (
            "We introduce the new concept of delayed quill robustness.",
            "delayed quill robustness",
            "concept",
            "proposes",
        ),
        (
            "We introduce a method for delayed quill robustness.",
            "delayed quill robustness",
            "concept",
            "uses",
        ),
        # what the paper's own work computes or lessens is what it addresses
        (
            "Our method can approximate the quill function to machine precision.",
            "quill function",
            "concept",
            "addresses",
        ),
        (
            "The proposed model reduces glyph forgetting across scripts.",
            "glyph forgetting",
            "concept",
            "addresses",
        ),
        ("Our cost is reduced by quill sharing.", "quill sharing", "concept", "uses"),
        # what the compared methods are for, or a quantity after "than", is no competitor
        (
            "Our model outperforms state-of-the-art solutions for glyph capture.",
            "glyph capture",
            "method",
            "uses",
        ),
        ("Our model needs less than 1 quill unit of error.", "quill unit", "method", "uses"),
        # a share of another method's cost or gain is a comparison with it
        (
            "Our method needs less than 1% of the compute required by Velmorn.",
            "Velmorn",
            "method",
            "comparesWith",
        ),
        ("It keeps much of the speed-up of Velmorn.", "Velmorn", "method", "comparesWith"),
        (
            "Our fit expends less than 1\\% of the computational cost required by the Velmorn law.",
            "Velmorn law",
            "concept",
            "comparesWith",
        ),
        # "over" that gives a domain, not a competitor
        (
            "We learn generative models of functions defined over Velmorn manifolds.",
            "Velmorn manifolds",
            "concept",
            "uses",
        ),
        (
            "Our model improves over Velmorn manifolds.",
            "Velmorn manifolds",
            "concept",
            "comparesWith",
        ),
        # one of others of a kind, and where the code is released: named, not used
        (
            "We show how these relate to the glyph category and other Velmorn categories.",
            "Velmorn categories",
            "concept",
            "mentions",
        ),
        (
            "Our code is available as part of Velmkit (https://example.org/velmkit).",
            "Velmkit",
            "method",
            "mentions",
        ),
        ("We connect our bound with Velmorn theory.", "Velmorn theory", "concept", "uses"),
        # results set level with another method's: a comparison too
        (
            "Our model achieves competitive results with the best Velmorn methods.",
            "Velmorn methods",
            "method",
            "comparesWith",
        ),
        (
            "Our model shows comparable performance to a dense Velmorn model.",
            "dense Velmorn model",
            "method",
            "comparesWith",
        ),
        # an example in a sentence about the paper's own work is one it works with
        ("We consider kernels such as the quill kernel.", "quill kernel", "concept", "uses"),
        # the name a sentence gives what it describes
        (
            "We show that this step, called quill folding, halves the cost.",
            "quill folding",
            "method",
            "proposes",
        ),
        (
            "We analyse the glyph model and propose an efficient quill estimator of it.",
            "quill estimator",
            "method",
            "proposes",
        ),
    ],
)
def test_a_naming_votes_for_the_role_its_sentence_says(sentence, name, entity_type, role):
    assert naming_role(_naming(sentence, name, entity_type)) == role


def test_a_title_task_is_addressed_and_a_proposal_wins():
    assert (
        naming_role(
            _naming(
                "Glyph restoration with sparse priors", "Glyph restoration", "task", in_title=True
            )
        )
        == "addresses"
    )
    assert (
        naming_role(_naming("We propose Velmorn, a retriever.", "Velmorn", proposed=True))
        == "proposes"
    )


@pytest.mark.parametrize(
    "title, name, role",
    [
        (
            "Quill Priors via Glyph Encoders for Few-shot Tarrow Parsing",
            "Few-shot Tarrow Parsing",
            "addresses",
        ),
        ("Glyph Compression for Resource-Constrained Quill Systems", "Quill Systems", "addresses"),
        ("Glyph Compression with Quill Encoders", "Quill Encoders", "uses"),
        ("Implicit Bias of Glyph Networks towards Quill Flows", "Quill Flows", "uses"),
    ],
)
def test_a_title_names_its_means_and_what_they_are_for(title, name, role):
    assert naming_role(_naming(title, name, "method", own=False, in_title=True)) == role


def test_a_decimal_point_does_not_end_the_cue_before_a_name():
    abstract = "Tuning a small proxy, we outperform published numbers of the 6.7B Velmorn model."
    roles = _roles("Proxy tuning", abstract, [("Velmorn", "method", False)])
    assert roles["Velmorn"] == "comparesWith"


def test_a_quantity_the_paper_reports_is_measured_whatever_its_type():
    abstract = "Our method halves the quill sampling time and keeps the glyph stability."
    names = [("quill sampling time", "concept", False), ("glyph stability", "concept", False)]
    roles = _roles("Fast quills", abstract, names)
    assert roles == {"quill sampling time": "measures", "glyph stability": "measures"}


@pytest.mark.parametrize(
    "sentence, name, entity_type, role",
    [
        # what the paper's own work is built with, however its name ends
        (
            "We introduce a framework based on quill programming that unifies glyph solvers.",
            "quill programming",
            "method",
            "uses",
        ),
        (
            "We propose an extension of glyph forecasting to many outputs.",
            "glyph forecasting",
            "task",
            "uses",
        ),
        (
            "Our bound combines tarrow analysis and ergodic theory.",
            "tarrow analysis",
            "task",
            "uses",
        ),
        # ... but not what it is used for
        ("We use quill encoders for glyph forecasting.", "glyph forecasting", "task", "addresses"),
        # a class of equations or an activity the experiments run on is a test bed
        (
            "Our method is tested on several datasets, including the quill equations.",
            "quill equations",
            "concept",
            "evaluatesOn",
        ),
        (
            "We show that our method performs well on glyph forecasting and quill matching.",
            "quill matching",
            "method",
            "evaluatesOn",
        ),
        # ... not what a theorem's results are shown for
        (
            "We derive similar results for the quill approximation.",
            "quill approximation",
            "method",
            "addresses",
        ),
        (
            "We give an algorithm to cope with the glyph noise.",
            "glyph noise",
            "concept",
            "addresses",
        ),
    ],
)
def test_a_naming_reads_what_the_work_builds_with_and_runs_on(sentence, name, entity_type, role):
    naming = replace(_naming(sentence, name, entity_type), action=name.endswith(("ing", "ion")))
    assert naming_role(naming) == role


def test_the_problem_a_title_names_stays_addressed_where_results_are_reported_on_it():
    title = "Quill Forecasting with Glyph Priors"
    abstract = "Our results on quill forecasting improve by 3 points."
    start = abstract.index("quill forecasting")
    mentions = (
        Mention(0, 17, "Quill Forecasting", "task", "model", 0.9, False, "title", 0, len(title)),
        Mention(
            start,
            start + 17,
            "quill forecasting",
            "task",
            "model",
            0.9,
            False,
            "abstract",
            0,
            len(abstract),
        ),
    )
    paper = Paper(title, abstract, key="p1")
    result = link([PaperExtraction("p1", mentions)], {"p1": paper})
    assert [r.predicate for r in result.relations] == ["addresses"]
    # without the title, the same sentence names a test bed
    result = link([PaperExtraction("p1", mentions[1:])], {"p1": paper})
    assert [r.predicate for r in result.relations] == ["evaluatesOn"]


def test_how_the_work_is_done_is_used_in_a_sentence_after_one_about_it():
    abstract = (
        "We propose Quillnet, a retriever for glyph archives. "
        "Retrieval is made efficient with braid decomposition of the scores. "
        "Its cost grows along with braid entropy."
    )
    names = [
        ("Quillnet", "method", True),
        ("braid decomposition", "method", False),
        ("braid entropy", "concept", False),
    ]
    roles = _roles("Glyph retrieval", abstract, names)
    assert roles["braid decomposition"] == "uses"
    assert roles["braid entropy"] == "mentions"  # related to, not done with
    # in the background, before the paper says what it does, the same words are a mention
    background = (
        "Retrieval is made efficient with braid decomposition of the scores. "
        "We propose Quillnet, a retriever for glyph archives."
    )
    assert _roles("Glyph retrieval", background, names[:2])["braid decomposition"] == "mentions"
    # a sentence that names earlier work is background wherever it stands
    earlier = (
        "We propose Quillnet, a retriever for glyph archives. "
        "Existing retrievers are made efficient with braid decomposition of the scores."
    )
    assert _roles("Glyph retrieval", earlier, names[:2])["braid decomposition"] == "mentions"


def test_the_subject_an_abstract_opens_with_and_its_title_names_is_worked_on():
    abstract = "Quill tuning adapts glyph models to new scripts. We study its failure modes."
    names = [("Quill tuning", "method", False), ("glyph models", "method", False)]
    roles = _roles("When Does Quill Tuning Fail?", abstract, names)
    assert roles["Quill tuning"] == "uses"
    assert roles["glyph models"] == "mentions"  # not the opening subject
    # the same opening under a title about something else is background
    assert _roles("Sparse Glyph Codes", abstract, names)["Quill tuning"] == "mentions"
    # among the first words, but written as the field's earlier work: background
    earlier = "Existing Quill tuning adapts glyph models poorly. We study why."
    assert _roles("When Does Quill Tuning Fail?", earlier, names[:1])["Quill tuning"] != "uses"
    task = "Glyph restoration is costly. We study it."
    assert _roles("Cheap Glyph Restoration", task, [("Glyph restoration", "task", False)]) == {
        "Glyph restoration": "addresses"
    }


def test_earlier_work_where_the_papers_own_work_succeeds_and_it_fails_is_compared_with():
    abstract = "Our model converges where previous quill solvers fail."
    assert _roles("Glyphs", abstract, [("quill solvers", "method", False)]) == {
        "quill solvers": "comparesWith"
    }


def test_a_measure_a_finding_after_the_papers_work_reports_is_measured():
    abstract = (
        "We train quill models of many sizes. "
        "Both the loss and the glyph score improve as the models grow."
    )
    names = [("glyph score", "metric", False)]
    assert _roles("Scaling quills", abstract, names) == {"glyph score": "measures"}
    # before the paper says what it does, the same sentence is background
    background = "Both the loss and the glyph score improve as models grow. We study why."
    assert _roles("Scaling quills", background, names) == {"glyph score": "mentions"}


def test_a_name_introduced_as_such_is_proposed_however_plain_its_words():
    # "point selection" is made of everyday words: generic, so "our X" alone proposes nothing
    abstract = (
        "Weights of large models are a resource. "
        "We introduce point selection, a method that initialises small models from large ones."
    )
    roles = _roles("Small from large", abstract, [("point selection", "method", False)])
    assert roles["point selection"] == "proposes"
    abstract = "We introduce a point selection step into training."
    roles = _roles("Small from large", abstract, [("point selection", "method", False)])
    assert roles["point selection"] == "uses"  # a description of a step, not a name


def _mention(text, whole, label, proposed=False):
    start = whole.index(text)
    return Mention(
        start, start + len(text), text, label, "model", 0.9, proposed, "abstract", 0, len(whole)
    )


def test_stated_relations_become_entity_edges_and_roles():
    abstract = (
        "We propose Velmorn for glyph restoration and evaluate it on Tarrow-9 against "
        "Quillbase by braid recall."
    )
    paper = Paper("Glyph restoration", abstract, key="p1")
    velmorn = _mention("Velmorn", abstract, "method", proposed=True)
    task = _mention("glyph restoration", abstract, "task")
    data = _mention("Tarrow-9", abstract, "dataset")
    rival = _mention("Quillbase", abstract, "method")
    measure = _mention("braid recall", abstract, "metric")
    stated = (
        SentenceRelation(
            "EVALUATE-FOR",
            measure.start,
            measure.end,
            "braid recall",
            velmorn.start,
            velmorn.end,
            "Velmorn",
            0.9,
        ),
        SentenceRelation(
            "USED-FOR",
            velmorn.start,
            velmorn.end,
            "Velmorn",
            task.start,
            task.end,
            "glyph restoration",
            0.8,
        ),
        SentenceRelation(
            "EVALUATE-FOR",
            data.start,
            data.end,
            "Tarrow-9",
            velmorn.start,
            velmorn.end,
            "Velmorn",
            0.7,
        ),
        SentenceRelation(
            "COMPARE",
            rival.start,
            rival.end,
            "Quillbase",
            velmorn.start,
            velmorn.end,
            "Velmorn",
            0.6,
        ),
    )
    result = link(
        [PaperExtraction("p1", (velmorn, task, data, rival, measure), relations=stated)],
        {"p1": paper},
    )
    edges = {(r.subject, r.predicate, r.object): r for r in result.entity_relations}
    keys = {e.label: k for k, e in result.entities.items()}
    assert (keys["Velmorn"], "usedFor", keys["glyph restoration"]) in edges
    assert (keys["Velmorn"], "evaluatedOn", keys["Tarrow-9"]) in edges  # EVALUATE-FOR reversed
    assert (keys["Velmorn"], "evaluatedWith", keys["braid recall"]) in edges  # with a measure
    # the graph linked again from its own edges' evidence (kg export --curation) states them
    # all again, the typed evaluations too
    from kg.link import assemble
    from kg.link.relate import stated_from_graph

    again = assemble(
        result.entities,
        list(result.mentions),
        {"p1": paper},
        stated_from_graph(result.entity_relations, result.mentions),
    )
    assert again.entity_relations == result.entity_relations
    compared = [r for r in result.entity_relations if r.predicate == "comparedWith"]
    assert len(compared) == 1 and compared[0].subject < compared[0].object  # symmetric: one edge
    assert edges[(keys["Velmorn"], "evaluatedOn", keys["Tarrow-9"])].confidence == 0.7
    roles = {r.object: r.predicate for r in result.relations}
    assert roles[keys["Velmorn"]] == "proposes"
    assert roles[keys["Tarrow-9"]] == "evaluatesOn"
    assert roles[keys["Quillbase"]] == "comparesWith"
    assert roles[keys["glyph restoration"]] == "addresses"


def test_a_stated_relations_evidence_is_in_mention_order_whatever_the_papers_order():
    """Two papers state one relation: its evidence lists their mentions in the graph's
    order, whichever paper's sentences come first (a graph linked again reads them in
    another order, and its tables show the first evidence sentence)."""
    from kg.link import mention_order
    from kg.link.relate import stated_relations
    from kg.records import LinkedMention

    linked, stated = [], {}
    for paper_key in ("p1", "p2"):
        text = "Velmorn restores glyphs for Tarrow scrolls."
        head = _mention("Velmorn", text, "method")
        tail = _mention("Tarrow scrolls", text, "dataset")
        linked += [
            LinkedMention(paper_key, "velmorn", head),
            LinkedMention(paper_key, "tarrow", tail),
        ]
        stated[paper_key] = [
            SentenceRelation(
                "USED-FOR",
                head.start,
                head.end,
                "Velmorn",
                tail.start,
                tail.end,
                "Tarrow scrolls",
                0.8,
            )
        ]
    linked.sort(key=mention_order)
    forward = stated_relations(linked, stated)
    backward = stated_relations(linked, dict(reversed(stated.items())))
    assert [r.evidence for r in forward] == [r.evidence for r in backward] == [(0, 1, 2, 3)]


def test_a_described_proposal_is_a_role_but_no_named_proposal():
    """ "We propose a braided lattice encoder" gives the paper the role proposes, but names
    no proposal: lists of proposals (the report's, kg.analysis.proposals, the gold's
    proposed names) keep the names the paper coins."""
    import kg
    from kg.graph import KnowledgeGraph

    abstract = (
        "We propose a braided lattice encoder for glyph restoration. "
        "We also introduce Quorvane, a retriever built on it."
    )
    paper = Paper("Glyph restoration with lattices", abstract, key="p1")
    described = _mention("braided lattice encoder", abstract, "method")
    named = _mention("Quorvane", abstract, "method", proposed=True)
    result = link([PaperExtraction("p1", (described, named))], {"p1": paper})
    keys = {e.label: k for k, e in result.entities.items()}
    roles = {(r.object, r.predicate) for r in result.relations}
    assert (keys["braided lattice encoder"], "proposes") in roles  # what the sentence says
    assert (keys["Quorvane"], "proposes") in roles
    assert named_proposals(result.relations, result.mentions) == {("p1", keys["Quorvane"])}
    # without mentions, the labels tell a name from a description
    assert named_proposals(result.relations, [], result.entities) == {("p1", keys["Quorvane"])}
    graph = KnowledgeGraph.from_parts({"p1": paper}, result)
    assert kg.analysis.proposals(graph)["proposes"].tolist() == [["Quorvane"]]
    # a graph written without evidence cannot tell them apart: every proposes edge counts
    assert named_proposals(result.relations, []) == {
        ("p1", keys["braided lattice encoder"]),
        ("p1", keys["Quorvane"]),
    }


@pytest.mark.parametrize(
    "sentence, name, named",
    [
        (
            "We introduce quill picking, a method that starts small models from large ones.",
            "quill picking",
            True,
        ),
        (
            "We introduce the Quill Basis, a tractable way to read glyph networks.",
            "Quill Basis",
            True,
        ),
        ("We show that this step, called quill folding, halves the cost.", "quill folding", True),
        ("We refer to our sorter as a quill binder throughout.", "quill binder", True),
        ("We call the proposed sorter quill folding, as it folds.", "quill folding", True),
        # what the proposal verb makes, renamed by a relative clause, whatever its words say
        # of it; not a phenomenon
        ("We propose a new glyph sorting model, which we call Quill Sorter.", "Quill Sorter", True),
        ("We develop an open-source library, which we call Quillkit.", "Quillkit", True),
        ("We describe a new training paradigm, which we call Quillkit.", "Quillkit", True),
        (
            "We describe a surprising failure, which we call quill collapse.",
            "quill collapse",
            False,
        ),
        # a phenomenon the paper names is no proposal of its own
        ("We refer to this effect as quill drift in what follows.", "quill drift", False),
        # the name in brackets after what the paper's own work makes new
        (
            "Our glyph net can be read as a new layer type (the quill layer) of small nets.",
            "quill layer",
            True,
        ),
        (
            "The new glyph net is a new layer type (the quill layer) of small nets.",
            "quill layer",
            True,
        ),
        # what is new in another paper's work is not named by this one
        ("Earlier glyph nets brought a new layer type (the quill layer).", "quill layer", False),
        # a description of a step, not a name; an article before a common phrase
        ("We introduce a quill picking step into training.", "quill picking", False),
        ("We introduce the quill picking, a step of training.", "quill picking", False),
        # a term the paper gives to something that exists already
        (
            "We combine several glyph laws, which we term quill posteriors, into one.",
            "quill posteriors",
            False,
        ),
        # a long form with its short form, before the kind of thing it names
        (
            "We introduce a lighter glyph method - quill folding (QF) method - for scans.",
            "quill folding (QF) method",
            True,
        ),
        # a short form spelt out in brackets right after what the sentence proposes
        (
            "We propose a target-aware glyph scheme (QFS - quill folding sampler) for scans.",
            "QFS",
            True,
        ),
        # brackets that only shorten another name the sentence uses, not the proposal's
        (
            "We propose a glyph scheme for quill folding samplers (QFS) of large scans.",
            "QFS",
            False,
        ),
        (
            "We propose a glyph scheme for quill samplers (QFS - quill folding sampler).",
            "QFS",
            False,
        ),
    ],
)
def test_a_sentence_that_names_the_proposal_makes_it_a_named_proposal(sentence, name, named):
    from kg.link.relate import named_proposals

    abstract = "Glyph networks are costly to train. " + sentence
    paper = Paper("Small from large", abstract, key="p1")
    mentions = _mentions_in_sentences(abstract, [(name, "method", False)])
    result = link([PaperExtraction("p1", mentions)], {"p1": paper})
    key = next(iter(result.entities))
    assert (named_proposals(result.relations, result.mentions) == {("p1", key)}) is named
    assert result.mentions[0].mention.proposed is named


def test_a_proposal_a_sentence_names_in_plain_words_is_not_hidden_as_unspecific():
    """Resolution never hides a paper's own name as unspecific; a name only a sentence
    gives ("we introduce head selection, a method ...") is found after resolution, and is
    shown too. An umbrella term is hidden, whatever the sentence calls it, and so is a
    notion or an activity the sentence names ("we describe data collection, ...")."""
    for name, label, kind, shown in (
        ("head selection", "method", "a method that starts", True),
        ("neural networks", "method", "a method that starts", False),
        ("head selection", "concept", "the notion that explains", False),
    ):
        abstract = (
            f"Glyph nets are costly to train. We introduce {name}, {kind} "
            f"small models from large ones. {name.capitalize()} halves the cost."
        )
        paper = Paper("Small from large", abstract, key="p1")
        mentions = _mentions_in_sentences(
            abstract, [(name, label, False), (name.capitalize(), label, False)]
        )
        result = link([PaperExtraction("p1", mentions)], {"p1": paper})
        (entity,) = result.entities.values()
        assert any(item.mention.proposed for item in result.mentions)
        assert entity.generic is not shown, name


def test_a_graph_linked_again_from_its_own_mentions_keeps_its_roles():
    """The flags a sentence sets (a named proposal) are in the graph's mentions; linking
    those mentions again (``kg export --curation``) gives the same roles."""
    abstract = (
        "We introduce quill picking, a method that starts glyph nets from larger ones. "
        "Quill picking runs on a sampler, called Glyphfold, on two scripts."
    )
    names = [
        ("quill picking", "method", False),
        ("Quill picking", "method", False),
        ("Glyphfold", "method", False),
    ]
    result, again = _linked_and_linked_again("Small from large", abstract, names)
    assert any(item.mention.proposed for item in result.mentions)
    assert again.relations == result.relations
    assert [i.mention for i in again.mentions] == [i.mention for i in result.mentions]


def _linked_and_linked_again(title, abstract, names):
    """One paper linked from ``names`` in ``abstract``, and its result linked again from
    its own mentions (as ``kg export --curation`` does)."""
    from kg.link import assemble

    paper = Paper(title, abstract, key="p1")
    result = link([PaperExtraction("p1", _mentions_in_sentences(abstract, names))], {"p1": paper})
    return result, assemble(result.entities, list(result.mentions), {"p1": paper})


def test_a_release_the_paper_level_rules_name_makes_its_sentences_the_papers_own():
    """A release of the proposal ("Quillnet-7B") is flagged by the paper-level rules, after
    the sentences were read: they are read again with it, so the sentence it stands in is
    about the paper's own work, in the build as in the graph linked again from it."""
    abstract = (
        "We present Quillnet, a reader of glyph archives. "
        "With curated glyph pairs, Quillnet-7B's reading span is easily extended to long scrolls."
    )
    names = [
        ("Quillnet", "method", True),
        ("curated glyph pairs", "concept", False),
        ("Quillnet-7B", "method", False),
        ("reading span", "concept", False),
    ]
    result, again = _linked_and_linked_again("Quillnet", abstract, names)
    roles = {result.entities[r.object].label: r.predicate for r in result.relations}
    assert roles["Quillnet-7B"] == "proposes"
    assert roles["curated glyph pairs"] != "mentions"  # the work's own sentence, not background
    assert again.relations == result.relations


@pytest.mark.parametrize(
    "label, named",
    [
        ("Quorvane", True),
        ("Causal Widget Model", True),
        ("xWidget", True),
        ("glyph2vec", True),
        ("braided lattice encoder", False),
        ("continual Quorbench-9", False),
        ("widgets", False),
    ],
)
def test_a_label_reads_as_a_name_by_its_first_word(label, named):
    from kg.link.relate import reads_as_name

    assert reads_as_name(label) is named


def _mention_at(abstract, start, name, label, proposed=False):
    """A mention of ``name`` at ``start`` in ``abstract``, with the sentence around it."""
    sentence_start = abstract.rfind(". ", 0, start) + 2 if ". " in abstract[:start] else 0
    sentence_end = abstract.find(". ", start)
    sentence_end = len(abstract) if sentence_end < 0 else sentence_end + 1
    return Mention(
        start,
        start + len(name),
        name,
        label,
        "model",
        0.9,
        proposed,
        "abstract",
        sentence_start,
        sentence_end,
    )


def _mentions_in_sentences(abstract, names):
    """Mentions of (name, label, proposed) in ``abstract``, each with its own sentence."""
    return tuple(
        _mention_at(abstract, abstract.index(name), name, label, proposed)
        for name, label, proposed in names
    )


def _link_among_filler(paper, mentions, corpus_size=None, abbreviations=()):
    """Link one paper's ``mentions`` (and ``abbreviations`` it defines) among
    ``corpus_size`` other papers that name nothing (by default ``MIN_NOVELTY_PAPERS``: a
    corpus big enough to tell a name of its own)."""
    from kg.link.relate import MIN_NOVELTY_PAPERS

    size = MIN_NOVELTY_PAPERS if corpus_size is None else corpus_size
    papers = {"p1": paper}
    extractions = [PaperExtraction("p1", tuple(mentions), tuple(abbreviations))]
    for n in range(size):
        text = f"Paper {n} reads glyph number {n} with a quill."
        papers[f"f{n}"] = Paper(f"Glyph {n}", text, key=f"f{n}")
        extractions.append(PaperExtraction(f"f{n}", ()))
    return link(extractions, papers)


def _roles(title, abstract, names):
    paper = Paper(title, abstract, key="p1")
    result = link([PaperExtraction("p1", _mentions_in_sentences(abstract, names))], {"p1": paper})
    return {result.entities[r.object].label: r.predicate for r in result.relations}


def _roles_of_every_mention(title, abstract, names):
    """``_roles``, each name mentioned wherever the abstract writes it."""
    paper = Paper(title, abstract, key="p1")
    mentions = tuple(
        _mention_at(abstract, found.start(), name, label)
        for name, label in names
        for found in re.finditer(re.escape(name), abstract)
    )
    result = link([PaperExtraction("p1", mentions)], {"p1": paper})
    return {result.entities[r.object].label: r.predicate for r in result.relations}


def _roles_defining(title, abstract, names, *abbreviations):
    """``_roles``, the paper defining ``abbreviations``."""
    paper = Paper(title, abstract, key="p1")
    found = _mentions_in_sentences(abstract, names)
    result = link([PaperExtraction("p1", found, abbreviations)], {"p1": paper})
    return {result.entities[r.object].label: r.predicate for r in result.relations}


def test_a_problem_the_paper_names_as_one_of_the_problems_it_is_for_is_addressed():
    abstract = (
        "We give a rate for quill sieving and for problems such as glyph-braid optimization. "
        "Our sampler meets the classical problem of lattice folding. "
        "We tested it on tasks like tessel packing. "
        "Problems such as zarn routing are known to be hard."
    )
    names = [
        ("glyph-braid optimization", "method", False),
        ("lattice folding", "method", False),
        ("tessel packing", "task", False),
        ("zarn routing", "method", False),
    ]
    roles = _roles("Fast Quill Sieving", abstract, names)
    assert roles["glyph-braid optimization"] == roles["lattice folding"] == "addresses"
    assert roles["tessel packing"] == "evaluatesOn"  # a test bed
    assert roles["zarn routing"] == "mentions"  # not the paper's own sentence


def test_the_parts_a_paper_lists_of_its_own_named_work_are_its_proposals():
    abstract = (
        "We present Quillnet for glyph search. Quillnet consists of a braided sieve "
        "sampler and a tessel gate. Our Q-Fold features three main components, (1) a zarn "
        "calibration step to set scales, (2) a lattice rounding loss, and (3) a planning "
        "phase that utilizes a plinth search routine."
    )
    names = [
        ("braided sieve sampler", "method", False),
        ("tessel gate", "method", False),
        ("zarn calibration step", "method", False),
        ("lattice rounding loss", "method", False),
        ("plinth search routine", "method", False),
    ]
    roles = _roles("Quillnet: Fast Glyph Search", abstract, names)
    assert {name for name, role in roles.items() if role == "proposes"} == {
        "braided sieve sampler",
        "tessel gate",
        "zarn calibration step",
        "lattice rounding loss",
    }
    assert roles["plinth search routine"] == "uses"  # what a part uses is no part


def test_what_results_are_said_to_be_measured_in_is_measured():
    abstract = (
        "We prove the error of our sieve, measured in a zarn-lattice norm, is small. "
        "Our sampler beats others in terms of glyph fidelity. "
        "We bound the risk in terms of the braid entropy."
    )
    names = [
        ("zarn-lattice norm", "concept", False),
        ("glyph fidelity", "concept", False),
        ("braid entropy", "concept", False),
    ]
    roles = _roles("Quill Sieves", abstract, names)
    assert roles["zarn-lattice norm"] == roles["glyph fidelity"] == "measures"
    assert roles["braid entropy"] != "measures"  # a bound written in a quantity weighs no result


def test_a_sentence_finding_fault_with_this_approach_speaks_of_earlier_work():
    from kg.link.relate import is_own_sentence

    text = "Earlier work adds a gate. However, this approach fails on long inputs."
    assert not is_own_sentence(text, text.index("However"), len(text))
    text = "We add a gate. However, this approach fails on long inputs."
    assert is_own_sentence(text, text.index("However"), len(text))
    text = "Earlier work adds a gate. This approach then folds the quills."
    assert is_own_sentence(text, text.index("This"), len(text))
    text = "Results obtained through quill sieving agree: the standard gate is slower."
    assert is_own_sentence(text, 0, len(text))  # the example after the colon is no owner
    text = "However, this research needed a zarn test to compare the means."
    assert is_own_sentence(text, 0, len(text))  # a research paper's "this research"


def test_a_name_only_this_paper_says_gives_better_results_is_its_proposal():
    abstract = (
        "We study glyph search. Our experiments show that Quillnet can obtain better results "
        "than competing sieves. In our tests, Zarn-GQ provides superior predictive "
        "performance."
    )
    names = [("Quillnet", "method", False), ("Zarn-GQ", "method", False)]
    roles = _roles("Glyph Search", abstract, names)
    assert roles == {"Quillnet": "proposes", "Zarn-GQ": "proposes"}


def test_a_name_pointed_at_as_earlier_work_or_the_literature_is_background():
    abstract = (
        "Our sieve is motivated by a rich literature in quill tessellation. "
        "We build on a previous study, Zarnfold, and our gate beats it."
    )
    names = [("quill tessellation", "task", False), ("Zarnfold", "method", False)]
    roles = _roles("Glyph Sieves", abstract, names)
    assert roles["quill tessellation"] == "mentions"
    assert roles["Zarnfold"] != "uses"


def test_the_setting_experiments_are_run_in_is_a_test_bed():
    abstract = "We propose Quillnet. We confirm the bound with experiments in zarn regimes."
    names = [("Quillnet", "method", True), ("zarn regimes", "concept", False)]
    assert _roles("Quillnet", abstract, names)["zarn regimes"] == "evaluatesOn"


def test_a_single_author_writes_about_their_own_work():
    from kg.link.relate import is_own_sentence

    for sentence in ("In the encoder, I replace the gate.", "Here I prove a bound."):
        assert is_own_sentence(sentence, 0, len(sentence)), sentence
    for sentence in ("Type I error rates fall.", "Phase I trials are costly."):
        assert not is_own_sentence(sentence, 0, len(sentence)), sentence


def test_a_sentence_opening_with_here_goes_on_about_the_sentence_before():
    from kg.link.relate import is_own_sentence

    text = "Our pipeline has three stages. Here, the input is fed to a frozen quill encoder."
    start = text.index("Here")
    assert is_own_sentence(text, start, len(text))
    text = "Gated models are popular. Here, the input is fed to a frozen quill encoder."
    assert not is_own_sentence(text, text.index("Here"), len(text))


def test_a_variant_named_after_a_method_is_compared_with_it():
    from kg.link.relate import is_derived_name

    assert is_derived_name("QuorvaneP", "Quorvane")
    assert is_derived_name("Quorvane+", "Quorvane")
    assert is_derived_name("pQuorvane", "Quorvane")
    assert not is_derived_name("Quorvane-2", "Quorvane")  # a version, not a variant
    assert not is_derived_name("Quorvane", "Quorvane")
    assert not is_derived_name("Quorvanetrix", "Quorvane")
    abstract = (
        "Momentum optimisers such as Tessel are popular. "
        "We propose TesselP, which removes the radial step. "
        "We evaluate our methods against the baselines on nine benchmarks."
    )
    names = [("Tessel", "method", False), ("TesselP", "method", True)]
    roles = _roles("TesselP: slowing the slowdown", abstract, names)
    assert roles == {"Tessel": "comparesWith", "TesselP": "proposes"}
    # with no comparison reported, the paper builds on its base method
    quiet = abstract.replace("against the baselines", "in detail")
    assert _roles("TesselP: slowing the slowdown", quiet, names)["Tessel"] == "uses"


def _named_labels(title, abstract, names):
    """The labels of the named proposals of one paper built from ``names`` in ``abstract``."""
    from kg.link.relate import named_proposals

    paper = Paper(title, abstract, key="p1")
    result = link([PaperExtraction("p1", _mentions_in_sentences(abstract, names))], {"p1": paper})
    named = named_proposals(result.relations, result.mentions)
    return {result.entities[key].label for _, key in named}


def test_a_variant_named_after_the_papers_own_proposal_is_proposed_too():
    abstract = (
        "We propose Quillnet, a retriever for glyph archives. "
        "Experiments show that Quillnet-M, a smaller version, keeps most of its accuracy."
    )
    names = [("Quillnet", "method", True), ("Quillnet-M", "method", False)]
    assert _roles("Glyph retrieval", abstract, names)["Quillnet-M"] == "proposes"
    # and it is named: its mention is flagged as the proposal's, so lists of proposals show it
    assert _named_labels("Glyph retrieval", abstract, names) == {"Quillnet", "Quillnet-M"}


def test_the_papers_proposal_applied_to_other_methods_makes_proposals_and_competitors():
    abstract = (
        "We speed up samplers such as Zarn and Plinth-Solver with quill folding (QF). "
        "Experiments show better glyph scores with QF-Zarn and QF-Plinth-Solver than with "
        "the original counterparts, and QF outperforms existing samplers."
    )
    names = [
        ("quill folding (QF)", "method", True),
        ("Zarn", "method", False),
        ("Plinth-Solver", "method", False),
        ("QF-Zarn", "method", False),
        ("QF-Plinth-Solver", "method", False),
    ]
    roles = _roles_defining(
        "Faster glyph samplers", abstract, names, Abbreviation("QF", "quill folding")
    )
    assert roles["QF-Zarn"] == roles["QF-Plinth-Solver"] == "proposes"
    assert roles["Zarn"] == roles["Plinth-Solver"] == "comparesWith"
    # a hyphenated name that merely shares a proposal's letters is no variant of it
    abstract = "We propose quill folding (QF). It runs beside GLYPH-Zarn, a known sampler."
    names = [("quill folding (QF)", "method", True), ("GLYPH-Zarn", "method", False)]
    roles = _roles_defining(
        "Faster glyph samplers", abstract, names, Abbreviation("QF", "quill folding")
    )
    assert roles["GLYPH-Zarn"] != "proposes"


def test_what_a_relative_clause_says_the_paper_makes_is_its_proposal():
    abstract = (
        "Glyph archives are hard to search. "
        "The quill braid network (QBN) we present employs a lattice loss. "
        "Our loss relies on a zarn sampler we build on. "
        "The plinth lattice that we propose to replace is slow."
    )
    names = [
        ("quill braid network (QBN)", "method", False),
        ("zarn sampler", "method", False),
        ("plinth lattice", "method", False),
    ]
    roles = _roles("Glyph search", abstract, names)
    assert roles["quill braid network"] == "proposes"
    assert roles["zarn sampler"] != "proposes"
    assert roles["plinth lattice"] != "proposes"  # what it sets out to do, not what it makes
    named = _named_labels("Glyph search", abstract, names)
    assert named == {"quill braid network"}
    # a phrase put before the subject, and the authors' earlier work, are not made here
    abstract = (
        "Inspired by Zarnet (ZN) we introduce a glyph encoder. "
        "It extends the Quill Network (QN) we proposed in earlier work."
    )
    names = [("Zarnet (ZN)", "method", False), ("Quill Network (QN)", "method", False)]
    roles = _roles("Glyph search", abstract, names)
    assert roles["Zarnet"] != "proposes" and roles["Quill Network"] != "proposes"


def test_the_proposed_thing_named_by_its_short_form_and_kind_is_the_proposal():
    abstract = (
        "We tune glyph samplers via lattice braiding (LB). "
        "The proposed LB technique needs no retraining of the sampler."
    )
    mentions = [
        _mention_at(
            abstract, abstract.index("lattice braiding (LB)"), "lattice braiding (LB)", "method"
        ),
        _mention_at(abstract, abstract.index("LB technique"), "LB technique", "method"),
    ]
    defined = Abbreviation("LB", "lattice braiding")
    paper = Paper("Faster glyph samplers", abstract, key="p1")
    result = _link_among_filler(paper, mentions, abbreviations=(defined,))
    (role,) = (r.predicate for r in result.relations if r.subject == "p1")
    assert role == "proposes"
    # named: a phrase the paper gives a short form of is a name it coins
    assert named_proposals(result.relations, result.mentions) == {
        ("p1", r.object) for r in result.relations if r.subject == "p1"
    }
    # "the proposed LB results" report on it, naming no made thing
    reported = abstract.replace("The proposed LB technique needs", "The proposed LB results need")
    mentions[1] = _mention_at(reported, reported.index("LB results"), "LB", "method")
    paper = Paper("Faster glyph samplers", reported, key="p1")
    result = _link_among_filler(paper, mentions, abbreviations=(defined,))
    (role,) = (r.predicate for r in result.relations if r.subject == "p1")
    assert role != "proposes"
    # "our LB method": a way of using a technique with a short form, not one proposed
    used = abstract.replace("The proposed LB technique needs", "Our LB method needs")
    mentions[1] = _mention_at(used, used.index("LB method"), "LB method", "method")
    paper = Paper("Faster glyph samplers", used, key="p1")
    result = _link_among_filler(paper, mentions, abbreviations=(defined,))
    (role,) = (r.predicate for r in result.relations if r.subject == "p1")
    assert role != "proposes"


def _roles_named(result):
    """Paper p1's role for each entity of a link ``result``, by label, and whether the
    entity is a named proposal: ``{label: (role, named)}``."""
    named = {key for _, key in named_proposals(result.relations, result.mentions)}
    return {
        result.entities[r.object].label: (r.predicate, r.object in named)
        for r in result.relations
        if r.subject == "p1"
    }


def _role_and_named(abstract, name):
    """The role of the one method ``name`` in a paper of ``abstract`` among filler papers,
    and whether it is a named proposal."""
    start = abstract.index(name)
    paper = Paper("Glyph modeling", abstract, key="p1")
    result = _link_among_filler(paper, [_mention_at(abstract, start, name, "method")])
    (role,) = (r.predicate for r in result.relations if r.subject == "p1")
    return role, bool(named_proposals(result.relations, result.mentions))


def test_a_name_the_paper_defines_as_a_method_is_a_named_proposal():
    named = _role_and_named
    defined = "We also define the Multi-Zarn, a non-parametric bootstrap method for tests."
    assert named(defined, "Multi-Zarn") == ("proposes", True)
    # a defined set or quantity is no thing the paper makes; nor a name it only uses
    assert (
        named(defined.replace("a non-parametric bootstrap method", "a set"), "Multi-Zarn")[0]
        != "proposes"
    )
    used = defined.replace("We also define the", "We also use the")
    assert named(used, "Multi-Zarn")[0] != "proposes"
    standard = defined.replace("a non-parametric bootstrap method", "a standard bootstrap method")
    assert named(standard, "Multi-Zarn")[0] != "proposes"


def test_the_next_thing_a_proposal_lists_by_its_kind_or_family_is_a_named_proposal():
    def named(abstract, names):
        mentions = [_mention_at(abstract, abstract.index(n), n, "method") for n in names]
        return _roles_named(
            _link_among_filler(Paper("Glyph modeling", abstract, key="p1"), mentions)
        )

    listed = (
        "In this paper, we present QUILL-Net, an adaptive glyph network tailored for "
        "structured data, and a lightweight framework ZARMOR based on QUILL-Net for analytics."
    )
    assert named(listed, ["QUILL-Net", "ZARMOR"])["ZARMOR"] == ("proposes", True)
    # a framework set against the proposal, or one it uses, is not a second proposal
    against = listed.replace("tailored for structured data", "that outperforms ZET")
    assert named(against, ["QUILL-Net", "ZARMOR"])["ZARMOR"][0] != "proposes"
    # what a list of results is on, or one said to exist already, is not made
    reported = "We present results on Glyph-1K, Quill-2K, and the benchmark ZarnBench."
    assert named(reported, ["ZarnBench"])["ZarnBench"][0] != "proposes"
    known = listed.replace("a lightweight framework", "the popular framework")
    assert named(known, ["QUILL-Net", "ZARMOR"])["ZARMOR"][0] != "proposes"
    family = (
        "We unify objectives for glyph distillation under one quill objective and propose a "
        "class of Zarn-alpha objective functions with better trade-offs."
    )
    assert named(family, ["Zarn-alpha objective functions"]) == {
        "Zarn-alpha objective functions": ("proposes", True)
    }


def test_names_listed_after_what_the_paper_calls_new_are_named_proposals():

    abstract = (
        "We evaluate glyph models on two new benchmarks, Quorbench and Glyph-QA, in both "
        "regimes. Rather than a new pruning method, our plinth criteria in terms of layerwise "
        "and Zarn pruning match the best."
    )
    names = [
        ("Quorbench", "dataset", False),
        ("Glyph-QA", "dataset", False),
        ("Zarn pruning", "method", False),
    ]
    assert _named_labels("Glyph models", abstract, names) == {"Quorbench", "Glyph-QA"}


def test_a_name_given_with_the_to_what_the_paper_makes_new_is_a_named_proposal():

    abstract = (
        "Glyph limits are simple. We therefore develop a new width limit, the Zarn glyph "
        "limit, that exhibits representation learning."
    )
    names = [("Zarn glyph limit", "concept", False)]
    assert _named_labels("Glyph limits", abstract, names) == {"Zarn glyph limit"}


def test_data_the_paper_makes_and_a_name_set_beside_what_it_calls_new_are_proposals():

    abstract = (
        "Glyph sprites are hard to split. For our study, we construct the Quill Sprite "
        "dataset from an online service. We frame a new setup of glyph search, Zarn Oracle "
        "Search, to capture these properties. Our design uses a novel mix of plinths, "
        "Velmorn-FFT, and recursion, or of plinths, Tessel-FFT, Zarn pooling and sums. "
        "We also introduce the Quorbench dataset of Smith et al. to test our sampler."
    )
    names = [
        ("Quill Sprite dataset", "dataset", False),
        ("Zarn Oracle Search", "method", False),
        ("Velmorn-FFT", "method", False),
        ("Tessel-FFT", "method", False),
        ("Quorbench dataset", "dataset", False),
    ]
    roles = _roles("Glyph sprites", abstract, names)
    assert roles["Quill Sprite"] == "proposes"  # made, not only evaluated on
    assert roles["Quorbench"] != "proposes"  # cited: someone else's
    assert roles["Zarn Oracle Search"] == "proposes"
    assert roles["Velmorn-FFT"] != "proposes"  # the next item of a list, no apposition
    assert roles["Tessel-FFT"] != "proposes"
    assert _named_labels("Glyph sprites", abstract, names) == {
        "Quill Sprite",
        "Zarn Oracle Search",
    }


@pytest.mark.parametrize("release", ["Quillnet-7B", "Quillnet-7B-Chat", "Quillnet 2"])
def test_a_release_of_the_papers_own_proposal_by_size_or_version_is_proposed(release):
    abstract = (
        "We propose Quillnet, a family of glyph models. "
        f"We pretrain {release} on glyph archives. {release} beats the baselines."
    )
    names = [("Quillnet", "method", True), (release, "method", False)]
    assert _roles("Glyph models", abstract, names)[release] == "proposes"


def test_a_named_method_whose_limits_the_paper_improves_on_is_compared_with():
    abstract = (
        "Glyph codecs compress scripts. However, Quillbase still has significant "
        "limitations on long scripts. We propose Velmorn, a codec that reads whole lines."
    )
    names = [("Quillbase", "method", False), ("Velmorn", "method", True)]
    assert _roles("Glyph codecs", abstract, names)["Quillbase"] == "comparesWith"
    # without a proposal of its own, the paper only describes the limits
    described = "Glyph codecs compress scripts. However, Quillbase still has limitations."
    assert _roles("Glyph codecs", described, names[:1])["Quillbase"] == "mentions"


@pytest.mark.parametrize(
    "limit", ["are costly to train", "remains computationally expensive", "is prohibitively slow"]
)
def test_a_named_method_said_to_cost_too_much_is_what_the_proposal_improves_on(limit):
    abstract = (
        f"Glyph codecs compress scripts, but Quillbase {limit}. "
        "We propose Velmorn, a codec that reads whole lines."
    )
    names = [("Quillbase", "method", False), ("Velmorn", "method", True)]
    assert _roles("Glyph codecs", abstract, names)["Quillbase"] == "comparesWith"


# Three codecs listed after a comparison, and the paper's own (proposed).
_CODECS_LISTED = [
    ("Quillnet", "method", False),
    ("Glyphformer", "method", False),
    ("Snarfle-2", "method", False),
    ("Velmorn", "method", True),
]


def test_every_method_of_a_list_a_comparison_opens_is_compared_with():
    abstract = (
        "We propose Velmorn, a codec for scripts. Our experiments on six corpora show that "
        "Velmorn yields better compression ratios than the widely used Quillnet, Glyphformer "
        "and Snarfle-2 codecs."
    )
    names = _CODECS_LISTED
    roles = _roles("Velmorn", abstract, names)
    assert roles["Quillnet"] == roles["Glyphformer"] == roles["Snarfle-2"] == "comparesWith"
    # a list no comparison opens is background, however many names it holds
    listed = (
        "In several recent codecs (e.g. Quillnet, Glyphformer, Snarfle-2), blocks are fixed. "
        "We propose Velmorn, a codec that reads whole lines."
    )
    roles = _roles("Velmorn", listed, names)
    assert "comparesWith" not in {roles["Quillnet"], roles["Glyphformer"], roles["Snarfle-2"]}


@pytest.mark.parametrize(
    "citations", [(" [3]", " [4]"), (" zarnov2021glyph", " plinth2020sort"), (" (Zarn, 2021)", "")]
)
def test_citations_after_listed_names_do_not_break_the_list(citations):
    first, second = citations
    abstract = (
        "We propose Velmorn, a codec for scripts. Our experiments on six corpora show that "
        f"Velmorn yields better compression ratios than the widely used Quillnet{first}, "
        f"Glyphformer{second} and Snarfle-2 codecs."
    )
    names = _CODECS_LISTED
    roles = _roles("Velmorn", abstract, names)
    assert roles["Quillnet"] == roles["Glyphformer"] == roles["Snarfle-2"] == "comparesWith"


@pytest.mark.parametrize("word", ["overall", "overfitting-free", "overlooked"])
def test_a_word_that_opens_with_over_is_no_comparison(word):
    abstract = f"We propose Velmorn, a codec for scripts. Our {word} pipeline builds on Quillnet."
    names = [("Quillnet", "method", False), ("Velmorn", "method", True)]
    assert _roles("Velmorn", abstract, names)["Quillnet"] == "uses"
    better = "We propose Velmorn, a codec for scripts. Velmorn improves over Quillnet."
    assert _roles("Velmorn", better, names)["Quillnet"] == "comparesWith"


def test_a_word_that_opens_with_a_contrast_is_no_contrast():
    names = [("Quillnet", "method", False), ("Velmorn", "method", True)]
    likely = (
        "We propose Velmorn, a codec for scripts. Our Velmorn is unlikely to stall on Quillnet."
    )
    assert _roles("Velmorn", likely, names)["Quillnet"] == "uses"
    unlike = "We propose Velmorn, a codec for scripts. Unlike Quillnet, Velmorn reads lines."
    assert _roles("Velmorn", unlike, names)["Quillnet"] == "mentions"


def test_a_named_method_in_the_background_is_a_competitor_when_the_paper_beats_its_class():
    abstract = (
        "Popular retrievers, such as Quillbase and Tarnix, index whole passages. "
        "We propose Velmorn, a retriever that indexes sentences. "
        "Experiments show that Velmorn outperforms existing retrievers on six corpora."
    )
    names = [
        ("Quillbase", "method", False),
        ("Tarnix", "method", False),
        ("Velmorn", "method", True),
    ]
    roles = _roles("Velmorn: sentence retrieval", abstract, names)
    assert roles["Quillbase"] == roles["Tarnix"] == "comparesWith"
    # background it stays when no result is set against the class
    quiet = abstract.replace("outperforms existing retrievers", "runs")
    assert _roles("Velmorn: sentence retrieval", quiet, names)["Quillbase"] == "mentions"
    # and a description, not a name, is not made a competitor
    described = abstract.replace("Quillbase", "passage hashing")
    names[0] = ("passage hashing", "method", False)
    assert _roles("Velmorn: sentence retrieval", described, names)["passage hashing"] == "mentions"


def test_the_method_a_title_opens_with_is_the_proposal_a_paper_does_not_name():
    title = "Braided Lattice Encoders for Glyph Restoration"
    abstract = "We introduce a family of encoders that braid their lattices. They restore glyphs."
    opening = Mention(
        0, 24, "Braided Lattice Encoders", "method", "model", 0.9, False, "title", 0, len(title)
    )
    task = Mention(29, 46, "Glyph Restoration", "task", "model", 0.9, False, "title", 0, len(title))
    paper = Paper(title, abstract, key="p1")
    result = link([PaperExtraction("p1", (opening, task))], {"p1": paper})
    roles = {result.entities[r.object].label: r.predicate for r in result.relations}
    assert roles == {"Braided Lattice Encoders": "proposes", "Glyph Restoration": "addresses"}
    # a paper that proposes nothing studies what its title names
    studied = link(
        [PaperExtraction("p1", (opening, task))],
        {"p1": Paper(title, "Such encoders are known to restore glyphs well.", key="p1")},
    )
    assert {r.predicate for r in studied.relations} == {"uses", "addresses"}


def _titled(key: str, title: str, name: str, label: str = "method") -> tuple:
    """A paper whose title names ``name`` (a mention of it) and whose abstract names nothing."""
    start = title.index(name)
    mention = Mention(
        start, start + len(name), name, label, "model", 0.9, False, "title", 0, len(title)
    )
    return Paper(title, "We study it and report what we find.", key=key), PaperExtraction(
        key, (mention,)
    )


def test_a_means_only_its_own_title_names_in_a_large_corpus_is_the_proposal():
    items = [
        _titled(
            "new", "Glyph Restoration via Tessellated Quill Encoders", "Tessellated Quill Encoders"
        ),
        _titled("shared1", "Glyph Search with Ternary Sieve Mixers", "Ternary Sieve Mixers"),
        _titled("shared2", "Fast Ternary Sieve Mixers", "Ternary Sieve Mixers"),
        _titled("studied", "Minimum Width of Braided Zarn Networks", "Braided Zarn Networks"),
        _titled("added", "Glyph Search with Velcrow Gates", "Velcrow Gates"),
        _titled("listed", "Glyph Search with Morrow Gates and MoE", "Morrow Gates"),
        _titled("inside", "Making Search with Sorrel Gates Fast", "Sorrel Gates"),
        _titled("asked", "Do Plinth Encoders Restore Glyphs?", "Plinth Encoders"),
        # a doing the title opens with is the paper's own too, unless it goes back over it
        _titled(
            "doing",
            "Lattice-space Parameterization of Glyph Nets",
            "Lattice-space Parameterization",
        ),
        _titled("again", "Quorb Scaling: A Replication Attempt", "Quorb Scaling"),
        # a title about the name: a look taken at it, a claim about it
        _titled("look", "Dense Zarn Sieves: a Replica Picture of Search", "Dense Zarn Sieves"),
        _titled("claim", "Tessel Gates Break the Curse of Depth", "Tessel Gates"),
    ]
    fillers = [
        (Paper(f"Filler {i}", "Nothing here.", key=f"f{i}"), PaperExtraction(f"f{i}", ()))
        for i in range(50)
    ]

    def roles(pairs):
        result = link([e for _, e in pairs], {p.key: p for p, _ in pairs})
        return {(r.subject, result.entities[r.object].label): r.predicate for r in result.relations}

    found = roles(items + fillers)
    assert found["new", "Tessellated Quill Encoders"] == "proposes"  # no other paper names it
    assert found["shared2", "Ternary Sieve Mixers"] == "uses"  # two papers name it
    assert found["studied", "Braided Zarn Networks"] == "uses"  # "Width of X": studied
    assert found["added", "Velcrow Gates"] == "proposes"  # "with X" ends the title: its means
    assert found["listed", "Morrow Gates"] == "uses"  # one of the things its work has
    assert found["inside", "Sorrel Gates"] == "uses"  # part of the subject's name
    assert found["asked", "Plinth Encoders"] == "uses"  # a question studies
    assert found["doing", "Lattice-space Parameterization"] == "proposes"
    assert found["again", "Quorb Scaling"] != "proposes"
    assert found["look", "Dense Zarn Sieves"] != "proposes"
    assert found["claim", "Tessel Gates"] != "proposes"
    # in a corpus too small to tell a new name from a common one, nothing changes
    assert roles(items)["new", "Tessellated Quill Encoders"] == "uses"


def test_a_title_that_describes_the_work_after_its_name_or_opens_with_a_thing_for_a_task():
    items = [
        _titled(
            "colon", "Quillnet: Braided Lattice Allocation for Glyphs", "Braided Lattice Allocation"
        ),
        _titled(
            "framework", "Velmorn: A Sparse Sieve Framework that Scales", "Sparse Sieve Framework"
        ),
        _titled(
            "thing",
            "Tessellated Quill Losses for Verified Glyphs",
            "Tessellated Quill Losses",
            "concept",
        ),
        _titled(
            "bounds", "Sharper Zarn Bounds for Sieve Sampling", "Sharper Zarn Bounds", "concept"
        ),
        # a claim, a doing, a goal, or what the paper studies stay as they were
        _titled("claim", "Quorb: Narrow Plinth Tuning can Mislead Models", "Narrow Plinth Tuning"),
        _titled(
            "doing",
            "Sorrel: Democratizing Glyph Adapters for Search",
            "Democratizing Glyph Adapters",
        ),
        _titled("goal", "Tarnix: Towards Reusable Lattice Encoders", "Reusable Lattice Encoders"),
        _titled(
            "of", "Hidden Zarn Symmetries of Sieve Networks", "Hidden Zarn Symmetries", "concept"
        ),
        _titled(
            "learning", "Learning Quill Skills for Glyph Agents", "Learning Quill Skills", "concept"
        ),
    ]
    fillers = [
        (Paper(f"Filler {i}", "Nothing here.", key=f"f{i}"), PaperExtraction(f"f{i}", ()))
        for i in range(50)
    ]
    result = link([e for _, e in items + fillers], {p.key: p for p, _ in items + fillers})
    found = {r.subject: r.predicate for r in result.relations}
    assert {k for k, role in found.items() if role == "proposes"} == {
        "colon",
        "framework",
        "thing",
        "bounds",
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "We address this by introducing a braided quill allocation for glyphs.",
        "We study the sieve and then propose a braided quill allocation.",
        "From this view we derive a braided quill allocation.",
    ],
)
def test_what_a_sentence_says_the_paper_makes_is_its_proposal(sentence):
    text = "Glyph search is slow. " + sentence
    named = _mentions_in_sentences(text, [("braided quill allocation", "method", False)])
    paper = Paper("Fast Glyph Search", text, key="p")
    fillers = [
        (Paper(f"Filler {i}", "Nothing here.", key=f"f{i}"), PaperExtraction(f"f{i}", ()))
        for i in range(50)
    ]
    pairs = [(paper, PaperExtraction("p", tuple(named))), *fillers]
    result = link([e for _, e in pairs], {p.key: p for p, _ in pairs})
    assert [r.predicate for r in result.relations if r.subject == "p"] == ["proposes"]


def test_what_a_paper_derives_about_a_named_thing_is_no_proposal():
    text = "We derive the braided quill dynamics of sieve training."
    named = _mentions_in_sentences(text, [("braided quill dynamics", "concept", False)])
    paper = Paper("Sieve Training", text, key="p")
    result = link([PaperExtraction("p", tuple(named))], {"p": paper})
    assert [r.predicate for r in result.relations] != ["proposes"]


def test_a_means_the_abstract_writes_as_established_is_no_proposal():
    title = "Fast Glyph Search with Tessellated Quill Descent"
    name = "Tessellated Quill Descent"
    (in_title,) = _titled("p", title, name)[1].mentions
    fillers = [
        (Paper(f"Filler {i}", "Nothing here.", key=f"f{i}"), PaperExtraction(f"f{i}", ()))
        for i in range(50)
    ]
    for text, written, role in (
        (
            "Tessellated quill descent, which moves particles in parallel, is widely used.",
            "Tessellated quill descent",
            "uses",
        ),
        # what the work is based on exists before it
        ("Our sampler is based on the Tessellated Quill Descent of earlier work.", name, "uses"),
        ("We make it fast.", None, "proposes"),
    ):
        named = _mentions_in_sentences(text, [(written, "method", False)]) if written else ()
        pairs = [(Paper(title, text, key="p"), PaperExtraction("p", (in_title, *named))), *fillers]
        result = link([e for _, e in pairs], {p.key: p for p, _ in pairs})
        assert [r.predicate for r in result.relations if r.subject == "p"] == [role]


def test_a_survey_describes_the_methods_it_names():
    abstract = "We explain how Quorlin sampling and lattice priors work for glyph search."
    names = [("Quorlin sampling", "method", False), ("glyph search", "task", False)]
    surveyed = _roles("Glyph Search: A Survey", abstract, names)
    assert surveyed == {"Quorlin sampling": "mentions", "glyph search": "addresses"}
    used = _roles("Glyph Search at Scale", abstract, names)
    assert used["Quorlin sampling"] == "uses"
    # a review of data is no survey of methods
    assert (
        _roles("Glyph Search: A Review of Datasets", abstract, names)["Quorlin sampling"] == "uses"
    )


def test_what_the_papers_own_work_mitigates_is_addressed():
    abstract = "We add a gate to mitigate plume collapse in lattice encoders."
    names = [("plume collapse", "concept", False), ("lattice encoders", "method", False)]
    assert _roles("Gated Lattices", abstract, names)["plume collapse"] == "addresses"
    # "the cost of X": what is mitigated is the cost, not X
    costly = "We add a gate to mitigate the cost of plume collapse in lattice encoders."
    assert _roles("Gated Lattices", costly, names)["plume collapse"] != "addresses"


def test_earlier_work_a_paper_sets_itself_against_is_compared_with():
    # the comparison word is far from the name; "conventional" says it is earlier work
    abstract = (
        "Our gate needs less memory, compared with what is reported in the literature "
        "for the conventional quorb encoders."
    )
    names = [("quorb encoders", "method", False)]
    assert _roles("Gated Lattices", abstract, names)["quorb encoders"] == "comparesWith"
    built_on = "Our gate extends the original quorb encoders."
    assert _roles("Gated Lattices", built_on, names)["quorb encoders"] == "uses"


def test_a_name_many_papers_use_or_a_nested_one_is_not_proposed_by_a_cue():
    # "our X outperforms" proposes X only when no other paper uses X and X is not inside
    # the proposal's name
    papers, extractions = {}, []
    for i in range(6):
        text = f"Our Quorvane model outperforms the rest on task {i}."
        papers[f"p{i}"] = Paper(f"Paper {i}", text, key=f"p{i}")
        extractions.append(PaperExtraction(f"p{i}", (_mention("Quorvane", text, "method"),)))
    text = "We show that Braided Velmorn outperforms all baselines."
    papers["q"] = Paper("Braided Velmorn", text, key="q")
    outer = _mention("Braided Velmorn", text, "method")
    inner = replace(_mention("Velmorn", text, "method"), nested=True)
    extractions.append(PaperExtraction("q", (outer, inner)))
    result = link(extractions, papers)
    keys = {e.label: k for k, e in result.entities.items()}
    roles = {(r.subject, r.object): r.predicate for r in result.relations if r.subject in papers}
    assert roles[("p0", keys["Quorvane"])] == "uses"  # six papers use it
    assert roles[("q", keys["Braided Velmorn"])] == "proposes"
    assert roles[("q", keys["Velmorn"])] == "uses"


def test_a_name_after_our_and_its_kind_is_a_named_proposal():
    named = _role_and_named
    abstract = "We widen glyph vocabularies. On the Zarn board, our model QUILL-K-10B ranks first."
    assert named(abstract, "QUILL-K-10B") == ("proposes", True)
    # another's model, or a name set against the paper's own model, is not
    theirs = abstract.replace("our model", "their model")
    assert named(theirs, "QUILL-K-10B")[0] != "proposes"
    unlike = "We widen glyph vocabularies. Unlike QUILL-K-10B, our model is small."
    assert named(unlike, "QUILL-K-10B")[0] != "proposes"


def test_a_short_form_the_proposals_name_is_made_of_is_a_named_proposal():
    def roles(abstract):
        mentions = [
            _mention_at(abstract, found.start(), "ZGD-GS", "method", proposed=True)
            for found in re.finditer("ZGD-GS", abstract)
        ]
        defining = "glyph scaling at lattices (GS)"
        mentions.append(_mention_at(abstract, abstract.index(defining), defining, "method"))
        mentions.sort(key=lambda m: m.start)
        paper = Paper("Glyph nets", abstract, key="p1")
        defined = Abbreviation("GS", "glyph scaling at lattices")
        return _roles_named(_link_among_filler(paper, mentions, abbreviations=(defined,)))

    own = (
        "We train glyph nets with ZGD-GS. ZGD-GS performs glyph scaling at lattices (GS) "
        "to each layer."
    )
    assert roles(own)["glyph scaling at lattices"] == ("proposes", True)
    # earlier work the proposal improves, named first in the background, is not its own
    background = (
        "Recently, glyph scaling at lattices (GS) methods gained traction. We train glyph "
        "nets with ZGD-GS."
    )
    assert roles(background)["glyph scaling at lattices"][0] != "proposes"


def test_softened_probabilities_keep_their_order_and_flatten():
    from kg.train.relations import soften

    probabilities = np.array([[0.7, 0.2, 0.1], [0.05, 0.05, 0.9]], dtype="float32")
    assert soften(probabilities, 1.0) is probabilities
    soft = soften(probabilities, 3.0)
    assert np.allclose(soft.sum(axis=1), 1.0)
    assert (soft.argsort(axis=1) == probabilities.argsort(axis=1)).all()
    assert (soft.max(axis=1) < probabilities.max(axis=1)).all()


def _synthetic_examples(seed: int, labelled: bool):
    from kg.train.relations import PairExamples
    from kg.train.scierc import GoldSpan

    rng = np.random.default_rng(seed)
    classes = np.array([CLASSES.index("USED-FOR>"), 0], dtype="int32")
    first, second, third = (
        GoldSpan(0, 5, "Method"),
        GoldSpan(10, 15, "Task"),
        GoldSpan(20, 25, "Task"),
    )
    return PairExamples(
        rng.normal(size=(10, 8)).astype("float32"),
        np.arange(10, dtype="uint64"),
        np.zeros(10, dtype="int32"),
        np.array([[0, 2, 3, 5, 0, 10], [3, 5, 7, 9, 0, 10]], dtype="int32"),
        np.zeros((2, EXTRA_WIDTH), dtype="float32"),
        classes,
        [(first, second), (second, third)] if labelled else [],
        {((0, 5), (10, 15), "USED-FOR")} if labelled else set(),
        teacher=np.full((2, len(CLASSES)), 1 / len(CLASSES), dtype="float32"),
        labelled=labelled,
    )


@pytest.mark.parametrize("distill_weight", [0.0, 0.5])
def test_a_member_learns_from_a_teacher_and_unlabelled_pairs(distill_weight):
    from kg.train.relations import train_member

    train = [_synthetic_examples(0, True), _synthetic_examples(1, False)]
    model = train_member(
        train,
        [_synthetic_examples(2, True)],
        seed=0,
        epochs=3,
        batch_docs=2,
        learn_rate=1e-3,
        none_weight=0.5,
        width=8,
        hidden=8,
        depth=1,
        dropout=0.1,
        span_tags=True,
        window_size=1,
        log=lambda line: None,
        distill_weight=distill_weight,
        temperature=2.0,
    )
    probabilities = model.predict([train[0].as_input()])
    assert probabilities.shape == (2, len(CLASSES))
    assert np.allclose(probabilities.sum(axis=1), 1.0)


def test_what_a_sentence_about_the_papers_work_calls_novel_is_its_proposal():
    names = [
        ("Velmorn", "method", True),
        ("quill braiding step", "method", False),
        ("glyph scripts", "concept", False),
    ]
    abstract = (
        "We propose Velmorn, a codec for old prints, including a novel quill braiding step. "
        "Our Velmorn also reads new glyph scripts."
    )
    roles = _roles("Velmorn", abstract, names)
    assert roles["quill braiding step"] == "proposes"
    assert roles["glyph scripts"] == "uses"  # what the work meets anew, not what it makes


def test_a_second_clause_that_proposes_makes_its_object_the_proposal():
    names = [("quill lattices", "method", False), ("glyph braiding sampler", "method", False)]
    abstract = (
        "We show how quill lattices can be used to compress scripts of many alphabets "
        "efficiently and propose a glyph braiding sampler to speed them up."
    )
    roles = _roles("Lattices for scripts", abstract, names)
    assert roles["glyph braiding sampler"] == "proposes"
    assert roles["quill lattices"] == "uses"


def test_proposing_to_do_something_with_a_name_proposes_no_name():
    names = [("Quillnet", "method", False)]
    abstract = "We propose reusing the Quillnet cache across pages of a scan."
    assert _roles("Caches for scans", abstract, names)["Quillnet"] == "uses"


def test_a_plain_name_the_paper_makes_is_its_proposal_in_a_corpus_that_can_tell():
    from kg.link.relate import MIN_NOVELTY_PAPERS

    made = "We introduce a shared training process for quill readers."
    names = [("shared training process", "method", False)]

    def role(corpus_size):
        paper = Paper("Quill readers", made, key="p1")
        result = _link_among_filler(paper, _mentions_in_sentences(made, names), corpus_size)
        (entity,) = result.entities.values()
        assert entity.generic  # plain words: hidden from the lists either way
        return next(r.predicate for r in result.relations if r.object == entity.key)

    assert role(MIN_NOVELTY_PAPERS) == "proposes"
    assert role(0) == "uses"  # one paper alone cannot tell a name of its own from a common one


def test_a_list_a_clause_sets_apart_from_the_papers_work_is_background():
    names = [
        ("Velmorn", "method", True),
        ("quill depth", "concept", False),
        ("glyph width", "concept", False),
    ]
    apart = (
        "We propose Velmorn, a codec. Our bound on Velmorn holds, unlike the earlier bounds "
        "that scale with the page count, quill depth or glyph width."
    )
    roles = _roles("Velmorn", apart, names)
    assert roles["quill depth"] == roles["glyph width"] == "mentions"
    others = (
        "We propose Velmorn, a codec. We discuss links to other codecs such as quill depth "
        "and glyph width."
    )
    roles = _roles("Velmorn", others, names)
    assert roles["quill depth"] == roles["glyph width"] == "mentions"
    # the kind may name things of its own before the list
    kinded = (
        "We propose Velmorn, a codec. We note links to other notions in glyph sampling "
        "including quill depth, and glyph width."
    )
    roles = _roles("Velmorn", kinded, [*names, ("glyph sampling", "task", False)])
    assert roles["quill depth"] == roles["glyph width"] == "mentions"
    # a comma alone may close the clause: what follows is what the paper's sentence is about
    closed = (
        "We propose Velmorn, a codec that extends Glyphformer. "
        "In contrast to Quillnet, Glyphformer keeps whole lines."
    )
    names = [("Velmorn", "method", True), ("Glyphformer", "method", False)]
    names += [("Quillnet", "method", False)]
    roles = _roles("Velmorn", closed, names)
    assert roles["Glyphformer"] == "uses"


def test_a_sentence_that_opens_by_reporting_results_is_about_the_papers_work():
    from kg.link.relate import is_own_sentence

    for sentence in (
        "Numerical experiments with quill lattices match the theory.",
        "Results obtained through glyph sampling agree with the bound.",
        "Experiments show that the braid helps.",
        "A main result is that quill depth sets the error.",
        "Specifically, the key idea is to braid the glyphs.",
    ):
        assert is_own_sentence(sentence, 0, len(sentence)), sentence
    for sentence in (
        "Results of previous quill studies were mixed.",
        "Results vary across scripts.",
        "The main idea of existing codecs is to braid.",
    ):
        assert not is_own_sentence(sentence, 0, len(sentence)), sentence


def test_models_the_experiments_run_on_are_used():
    names = [("Quillnet", "method", False), ("Glyphformer", "method", False)]
    abstract = "Scaled noise helps deep codecs. Accuracy is evaluated on Quillnet and Glyphformer."
    roles = _roles("Scaled noise", abstract, names)
    assert roles["Quillnet"] == roles["Glyphformer"] == "uses"
    earlier = "Scaled noise helps. Previous codecs were evaluated on Quillnet and Glyphformer."
    assert _roles("Scaled noise", earlier, names)["Quillnet"] == "mentions"


def test_test_beds_after_a_colon_or_a_shown_efficacy_are_evaluated_on():
    names = [("quill inpainting", "task", False), ("glyph deblurring", "task", False)]
    listed = (
        "We propose Velmorn, a codec. This approach is tested in two unrelated inverse "
        "problems: quill inpainting and glyph deblurring."
    )
    roles = _roles("Velmorn", listed, names)
    assert roles["quill inpainting"] == roles["glyph deblurring"] == "evaluatesOn"
    names = [("Velmorn", "method", True), ("discretized quill equations", "concept", False)]
    shown = (
        "We propose Velmorn, a solver. We demonstrate the efficacy of our approach on "
        "discretized quill equations with millions of unknowns."
    )
    assert _roles("Velmorn", shown, names)["discretized quill equations"] == "evaluatesOn"


def test_a_task_the_motivation_calls_a_hard_problem_is_addressed():
    names = [("glyph deblurring", "task", False)]
    for abstract in (
        "Scans age fast. Yet, glyph deblurring remains a very difficult task. We train a codec.",
        "Archives grow, making glyph deblurring a timely and essential problem. We train it.",
    ):
        assert _roles("Old scans", abstract, names)["glyph deblurring"] == "addresses"
    easy = "Scans age fast. Yet, glyph deblurring is a common step. We train a codec."
    assert _roles("Old scans", easy, names)["glyph deblurring"] == "mentions"


def test_a_quantity_after_a_comparison_cue_is_measured_not_a_competitor():
    names = [("Velmorn", "method", True), ("decoding time", "concept", False)]
    names += [("glyph residual", "concept", False)]
    abstract = (
        "We propose Velmorn, a codec. Our codec beats the previous quadratic decoding time. "
        "It also reduces the glyph residual to a set tolerance."
    )
    roles = _roles("Velmorn", abstract, names)
    assert roles["decoding time"] == "measures"
    assert roles["glyph residual"] == "measures"


def test_what_a_theorys_bounds_are_on_is_what_it_addresses():
    names = [("glyph regions", "concept", False), ("quill limit theorems", "concept", False)]
    abstract = (
        "We study deep codecs. We obtain refined bounds on the expected number of glyph "
        "regions. Finally, we extend our results to cover quill limit theorems."
    )
    roles = _roles("Deep codecs", abstract, names)
    assert roles["glyph regions"] == roles["quill limit theorems"] == "addresses"
    names = [("glyph scans", "concept", False)]
    tested = "We study deep codecs. We report our results on glyph scans."
    assert _roles("Deep codecs", tested, names)["glyph scans"] != "addresses"


def test_results_comparable_or_superior_to_a_method_compare_with_it():
    names = [("Velmorn", "method", True), ("Quillnet", "method", False)]
    abstract = (
        "We propose Velmorn, a codec. It yields comparable or superior results to earlier "
        "codecs and Quillnet."
    )
    assert _roles("Velmorn", abstract, names)["Quillnet"] == "comparesWith"
    names = [("Velmorn", "method", True), ("glyph buffers", "concept", False)]
    better = "We propose Velmorn, a codec. It offers superior performance with fewer glyph buffers."
    assert _roles("Velmorn", better, names)["glyph buffers"] != "comparesWith"


def test_what_earlier_work_used_is_pointed_at_not_used():
    names = [
        ("Velmorn", "method", True),
        ("Quill Lattices", "method", False),
        ("QL", "method", False),
        ("glyph curricula", "method", False),
        ("braid pretraining", "method", False),
    ]
    abstract = (
        "We propose Velmorn, a codec. We describe the mechanism behind the schemes such as "
        "those used in Quill Lattices (QL), glyph curricula, and braid pretraining."
    )
    roles = _roles("Velmorn", abstract, names)
    assert roles["Quill Lattices"] == roles["glyph curricula"] == "mentions"
    assert roles["braid pretraining"] == "mentions"


def test_a_thing_is_never_the_peer_or_rival_of_its_own_kind():
    from kg.link.relate import kinds_not_peers
    from kg.records import Entity, Relation

    entities = {
        key: Entity(key, "method", label, abbreviation=short)
        for key, label, short in (
            ("quillptq", "Quill-PTQ", None),
            ("glyphtraining", "post-hoc glyph quantization", "PTQ"),
            ("quillnet", "Quillnet", None),
            ("leakyquillnet", "leaky Quillnet", None),
            ("quillnetmixture", "Quillnet mixture", None),
            ("nonquillnet", "non-Quillnet", None),
            ("snarfle", "Snarfle", None),
            ("braid", "Braid", None),
        )
    }
    stated = [
        # stated as a kind in one sentence, as peers in another: a kind, not a peer
        Relation("snarfle", "hyponymOf", "braid", (0, 1), 0.7),
        Relation("braid", "conjunctionWith", "snarfle", (2, 3), 0.8),
        # named after the other's short form, or ending in its name: a kind of it
        Relation("glyphtraining", "conjunctionWith", "quillptq", (4, 5), 0.79),
        Relation("leakyquillnet", "comparedWith", "quillnet", (6, 7), 0.9),
        # its head is another word, or it negates the name: left alone
        Relation("quillnet", "conjunctionWith", "quillnetmixture", (8, 9), 0.9),
        Relation("nonquillnet", "comparedWith", "quillnet", (10, 11), 0.9),
    ]
    found = {(r.subject, r.predicate, r.object): r for r in kinds_not_peers(stated, entities)}
    assert ("braid", "conjunctionWith", "snarfle") not in found
    assert found["quillptq", "hyponymOf", "glyphtraining"].evidence == (4, 5)
    assert ("leakyquillnet", "hyponymOf", "quillnet") in found
    assert ("quillnet", "conjunctionWith", "quillnetmixture") in found
    assert ("nonquillnet", "comparedWith", "quillnet") in found
    assert len(found) == 5


def test_a_stated_evaluation_is_typed_by_what_it_is_done_with():
    """EVALUATE-FOR is on data or a task, with a metric or a measured quantity; with what
    the linker typed as neither (a setting, a method) it is no evaluation."""
    from kg.link.relate import evaluations_typed
    from kg.records import Entity, Relation

    entities = {
        key: Entity(key, kind, label)
        for key, kind, label in (
            ("quillnet", "method", "Quillnet"),
            ("glyphbank", "dataset", "Glyphbank"),
            ("glyphsorting", "task", "glyph sorting"),
            ("braidscore", "metric", "braid score"),
            ("zarncomplexity", "concept", "zarn complexity"),
            ("sortingquality", "concept", "sorting quality"),
            ("synthglyphs", "concept", "synthetic glyph images"),
            ("heldout", "concept", "held-out glyph set"),
            ("quillsize", "concept", "quill model size"),
            ("quillrate", "concept", "quill rate"),
            ("plinthsort", "method", "Plinthsort"),
            # settings, though their heads can be measured: what is set, not measured with
            ("glyphbatchsize", "concept", "glyph batch size"),
            ("quilltimestep", "concept", "quill time step"),
            ("zarnbudget", "concept", "zarn compute budget"),
            # a method whatever its head: "Zarn Text" is no data
            ("zarntext", "method", "Zarn Text"),
        )
    }
    stated = [Relation("quillnet", "evaluatedOn", key, (0, 1), 0.9) for key in entities]
    found = {(r.object, r.predicate) for r in evaluations_typed(stated, entities)}
    assert found == {
        ("glyphbank", "evaluatedOn"),
        ("glyphsorting", "evaluatedOn"),
        ("synthglyphs", "evaluatedOn"),
        ("heldout", "evaluatedOn"),
        ("braidscore", "evaluatedWith"),
        ("quillsize", "evaluatedWith"),  # a size measured, not a setting
        ("zarncomplexity", "evaluatedWith"),
        ("sortingquality", "evaluatedWith"),
    }
    # the other stated relations pass as they are
    other = [Relation("quillnet", "usedFor", "quillrate", (0, 1), 0.9)]
    assert evaluations_typed(other, entities) == other


def test_only_a_method_is_evaluated_and_not_one_set_against_the_work_or_trained_on_the_data():
    """An evaluation's subject is a method; one whose every sentence sets it against the
    paper's work ("outperforms X"), or trains it on the data, is no evaluation of it."""
    from kg.link.relate import evaluations_typed
    from kg.records import Entity, LinkedMention, Mention, Paper, Relation

    abstract = (
        "Quillformer outperforms Zarnet on Glyphbank. "
        "We fine-tune Plinthnet on Braidset before testing it. "
        "Velmnet reaches 91% accuracy on Braidset. "
        "Our Ordo beats Kestrelnet on Glyphbank. Kestrelnet is tested on Braidset."
    )
    sentence_starts = [0] + [i + 2 for i, c in enumerate(abstract) if c == "."][:-1]

    def mention(name: str, nth: int = 0) -> Mention:
        start = -1
        for _ in range(nth + 1):
            start = abstract.index(name, start + 1)
        opening = max(s for s in sentence_starts if s <= start)
        return Mention(start, start + len(name), name, "method", "model", 0.9,
                       sentence_start=opening, sentence_end=len(abstract))  # fmt: skip

    linked = [
        LinkedMention("p1", name.lower(), mention(name, nth))
        for name, nth in (
            ("Zarnet", 0), ("Glyphbank", 0), ("Plinthnet", 0), ("Braidset", 0),
            ("Velmnet", 0), ("Braidset", 1), ("accuracy", 0),
            ("Kestrelnet", 0), ("Glyphbank", 1), ("Kestrelnet", 1), ("Braidset", 2),
        )
    ]  # fmt: skip
    entities = {
        key: Entity(key, kind, key)
        for key, kind in (
            ("zarnet", "method"), ("plinthnet", "method"), ("velmnet", "method"),
            ("kestrelnet", "method"), ("glyphbank", "dataset"), ("braidset", "dataset"),
            ("accuracy", "metric"), ("snarfset", "dataset"), ("glyphsorting", "task"),
        )
    }  # fmt: skip
    papers = {"p1": Paper("Glyphs", abstract, key="p1")}
    stated = [
        Relation("zarnet", "evaluatedOn", "glyphbank", (0, 1), 0.9),  # the competitor
        Relation("plinthnet", "evaluatedOn", "braidset", (2, 3), 0.9),  # trained on it
        Relation("velmnet", "evaluatedOn", "braidset", (4, 5), 0.9),
        Relation("velmnet", "evaluatedOn", "accuracy", (4, 6), 0.9),
        # set against the work in one sentence, tested in another: still evaluated
        Relation("kestrelnet", "evaluatedOn", "braidset", (7, 8, 9, 10), 0.9),
        # data and tasks are not what is evaluated
        Relation("snarfset", "evaluatedOn", "accuracy", (), 0.9),
        Relation("glyphsorting", "evaluatedOn", "accuracy", (), 0.9),
    ]
    found = {
        (r.subject, r.predicate, r.object)
        for r in evaluations_typed(stated, entities, linked, papers)
    }
    assert found == {
        ("velmnet", "evaluatedOn", "braidset"),
        ("velmnet", "evaluatedWith", "accuracy"),
        ("kestrelnet", "evaluatedOn", "braidset"),
    }
    # without the texts, only the types decide
    assert len(evaluations_typed(stated, entities)) == 5


def test_a_method_a_sentence_gives_the_proposals_results_on_is_not_what_it_evaluates():
    from kg.link.relate import evaluations_typed
    from kg.records import Entity, LinkedMention, Mention, Paper, Relation

    abstract = (
        "We propose Quillformer. With a Zarn-7B model, Quillformer achieves a 41% win rate. "
        "Plinthnet reaches a 30% win rate."
    )

    def mention(name: str, proposed: bool = False, after: str = "") -> Mention:
        start = abstract.index(name, abstract.index(after) if after else 0)
        opening = max(
            i for i in (0, abstract.index("With"), abstract.index("Plinthnet")) if i <= start
        )
        return Mention(start, start + len(name), name, "method", "model", 0.9, proposed,
                       sentence_start=opening, sentence_end=len(abstract))  # fmt: skip

    linked = [
        LinkedMention("p1", "quillformer", mention("Quillformer", proposed=True)),
        LinkedMention("p1", "quillformer", mention("Quillformer", after="With")),
        LinkedMention("p1", "zarn7b", mention("Zarn-7B")),
        LinkedMention("p1", "winrate", mention("win rate")),
        LinkedMention("p1", "plinthnet", mention("Plinthnet")),
    ]
    entities = {
        "quillformer": Entity("quillformer", "method", "Quillformer"),
        "zarn7b": Entity("zarn7b", "method", "Zarn-7B"),
        "plinthnet": Entity("plinthnet", "method", "Plinthnet"),
        "winrate": Entity("winrate", "metric", "win rate"),
    }
    stated = [
        Relation("zarn7b", "evaluatedOn", "winrate", (2, 3), 0.9),
        Relation("plinthnet", "evaluatedOn", "winrate", (3, 4), 0.9),
    ]
    papers = {"p1": Paper("Quillformer", abstract, key="p1")}
    found = evaluations_typed(stated, entities, linked, papers)
    assert [(r.subject, r.predicate) for r in found] == [("plinthnet", "evaluatedWith")]


def test_a_bound_for_a_thing_holds_of_it_and_is_not_used_for_it():
    from kg.link.relate import bounds_not_tools
    from kg.records import Entity, Relation

    entities = {
        "bounds": Entity("bounds", "concept", "glyph error bounds"),
        "guarantee": Entity("guarantee", "concept", "Zarn convergence guarantee"),
        "pruning": Entity("pruning", "method", "Quill pruning"),
        "bounder": Entity("bounder", "method", "plinth bounder"),
        "priors": Entity("priors", "concept", "glyph priors"),
        "glb": Entity("glb", "concept", "glyph lower bound", abbreviation="GLB"),
    }
    stated = [
        Relation("bounds", "usedFor", "pruning", (0, 1), 0.9),
        Relation("guarantee", "usedFor", "pruning", (2, 3), 0.8),
        Relation("bounder", "usedFor", "pruning", (4, 5), 0.9),  # a method that bounds
        Relation("priors", "usedFor", "pruning", (6, 7), 0.9),
        Relation("glb", "usedFor", "pruning", (8, 9), 0.9),  # a named bound: a tool
    ]
    found = {(r.subject, r.predicate, r.object) for r in bounds_not_tools(stated, entities)}
    assert found == {
        ("bounds", "featureOf", "pruning"),
        ("guarantee", "featureOf", "pruning"),
        ("bounder", "usedFor", "pruning"),
        ("priors", "usedFor", "pruning"),
        ("glb", "usedFor", "pruning"),
    }


def test_names_listed_with_a_test_bed_dataset_after_on_are_test_beds_too():
    abstract = (
        "We evaluate Velmorn on Quillset, Zarn Control and GlyphSim, and show it helps. "
        "It also works like on Quillset, two-layer Plinthnets and tessel rings."
    )
    names = [
        ("Velmorn", "method", True),
        ("Quillset", "dataset", False),
        ("Zarn Control", "method", False),
        ("GlyphSim", "concept", False),
        ("two-layer Plinthnets", "method", False),
    ]
    roles = _roles("Velmorn", abstract, names)
    assert roles["Quillset"] == roles["Zarn Control"] == roles["GlyphSim"] == "evaluatesOn"
    assert roles["two-layer Plinthnets"] != "evaluatesOn"  # a class of models, in the plural


def test_more_ways_a_sentence_says_the_paper_makes_what_it_names():
    abstract = (
        "We study glyph search. "
        "We introduce two key contributions that address the limits of glyph search: "
        "Quillmax, a new activation that keeps scales, and zarnGrad, a training rule that "
        "moves fast. "
        "We also introduce a new family of losses, plinth-sum losses, that bound the error. "
        "Here, the concept of Tessel Nets is proposed and explored. "
        "We suggest then a lattice stopping rule. "
        "We use the bound to develop an infill-guided decoder. "
        "Our main result is a braided approximation theorem for all inputs. "
        "Our work suggests glyph scaling provides a basis for forecasts. "
        "Velmorn sampling was proposed by others. "
        "We use the model to derive new bounds about the rotor kernel."
    )
    names = [
        ("Quillmax", "method", False),
        ("zarnGrad", "method", False),
        ("plinth-sum losses", "method", False),
        ("Tessel Nets", "method", False),
        ("lattice stopping rule", "concept", False),
        ("infill-guided decoder", "method", False),
        ("braided approximation theorem", "concept", False),
        ("glyph scaling", "concept", False),
        ("Velmorn sampling", "method", False),
        ("rotor kernel", "concept", False),
    ]
    roles = _roles("Glyph Search", abstract, names)
    made = {name for name, role in roles.items() if role == "proposes"}
    assert made == {
        "Quillmax",
        "zarnGrad",
        "plinth-sum losses",
        "Tessel Nets",
        "lattice stopping rule",
        "infill-guided decoder",
        "braided approximation theorem",
    }


def test_a_name_an_apposition_calls_new_names_the_proposal():
    from kg.link.relate import named_proposals

    abstract = (
        "We introduce two key contributions that address glyph drift: Quillmax, a new "
        "activation that keeps scales, and zarnGrad, a training rule that moves fast. "
        "We present a new scheme, Velmorn-P, which improves on plinth tuning. "
        "To model it, we introduce a novel, braided lattice encoder that learns fast."
    )
    paper = Paper("Glyph drift", abstract, key="p1")
    names = ["Quillmax", "zarnGrad", "Velmorn-P", "braided lattice encoder"]
    result = link(
        [PaperExtraction("p1", tuple(_mention(n, abstract, "method") for n in names))],
        {"p1": paper},
    )
    label = {k: e.label for k, e in result.entities.items()}
    named = {label[e] for _, e in named_proposals(result.relations, result.mentions)}
    assert named == {"Quillmax", "zarnGrad", "Velmorn-P"}  # not the description


def test_a_long_form_with_its_short_form_in_a_proposing_sentence_names_the_proposal():
    from kg.link.relate import named_proposals

    abstract = (
        "We introduce a novel glyph braid law (GBL) that handles both regimes. "
        "We train with the quill folding sampler (QFS) of earlier work. "
        "Unlike the plinth lattice kernel (PLK), our law is exact. "
        "We also propose a concise zarn encoder for it."
    )
    paper = Paper("Glyph laws", abstract, key="p1")
    names = [
        "glyph braid law (GBL)",
        "quill folding sampler (QFS)",
        "plinth lattice kernel (PLK)",
        "concise zarn encoder",
    ]
    result = link(
        [PaperExtraction("p1", tuple(_mention(n, abstract, "method") for n in names))],
        {"p1": paper},
    )
    label = {k: e.label for k, e in result.entities.items()}
    roles = {label[r.object]: r.predicate for r in result.relations}
    named = {label[e] for _, e in named_proposals(result.relations, result.mentions)}
    assert named == {label[k] for k in label if label[k].startswith("glyph braid")}
    assert roles[next(x for x in roles if x.startswith("concise"))] == "proposes"  # a description


def test_what_a_sentence_names_as_its_metrics_is_measured():
    abstract = (
        "We propose Velmorn for glyph search. "
        "Its quality is judged by two metrics: glyph coherence and quill spread, as we show. "
        "It shows superior performance across key metrics such as plinth fidelity, in "
        "tests on several sets."
    )
    names = [
        ("Velmorn", "method", True),
        ("glyph coherence", "concept", False),
        ("quill spread", "concept", False),
        ("plinth fidelity", "concept", False),
    ]
    roles = _roles("Velmorn", abstract, names)
    assert roles["glyph coherence"] == roles["quill spread"] == "measures"
    assert roles["plinth fidelity"] == "measures"


def test_what_the_paper_eliminates_or_is_robust_to_is_what_it_addresses():
    abstract = (
        "We propose Velmorn for glyph search. "
        "Our Velmorn is robust to glyph jitter and resilient to plinth collapse. "
        "We eliminate the quill drift of earlier samplers. "
        "Our choice of D lets us trade off robustness against tessel rigidity."
    )
    names = [
        ("Velmorn", "method", True),
        ("glyph jitter", "concept", False),
        ("plinth collapse", "concept", False),
        ("quill drift", "concept", False),
        ("tessel rigidity", "concept", False),
    ]
    roles = _roles("Velmorn", abstract, names)
    assert roles["glyph jitter"] == roles["plinth collapse"] == roles["quill drift"] == "addresses"
    assert roles["tessel rigidity"] != "addresses"


def test_results_the_same_as_another_models_compare_with_it():
    abstract = (
        "We propose Velmorn, a quantizer for glyph search. "
        "Our INT8 model's accuracy is almost the same as the Quillnet model at 3x the speed."
    )
    names = [("Velmorn", "method", True), ("Quillnet", "method", False)]
    assert _roles("Velmorn", abstract, names)["Quillnet"] == "comparesWith"


@pytest.mark.parametrize(
    "sentence, role",
    [
        ("Our warm-up improves stability just as much as Quillnet does.", "comparesWith"),
        ("Velmorn sorts glyphs as fast as Quillnet.", "comparesWith"),
        ("Velmorn differs from Quillnet, which needs posterior samples.", "comparesWith"),
        ("Our warm-up is independent of any Quillnet feature extraction.", "mentions"),
        ("Our warm-up reuses parts originally designed for Quillnet.", "mentions"),
    ],
)
def test_a_method_set_beside_the_works_own_is_compared_with_or_background(sentence, role):
    abstract = f"We propose Velmorn, a warm-up for glyph search. {sentence}"
    names = [("Velmorn", "method", True), ("Quillnet", "method", False)]
    assert _roles("Velmorn", abstract, names)["Quillnet"] == role


@pytest.mark.parametrize(
    "sentence, role",
    [
        ("This paper describes Velmorn, a glyph sorter built from quills.", "proposes"),
        ("We describe a Velmorn sorter for glyph streams.", "proposes"),
        ("We describe how Velmorn sorts glyph streams.", "uses"),
    ],
)
def test_what_the_paper_describes_with_an_article_or_by_name_it_proposes(sentence, role):
    abstract = f"Glyph streams are long. {sentence} It helps."
    names = [("Velmorn", "method", False)]
    assert _roles("A study of glyphs", abstract, names)["Velmorn"] == role


def test_test_beds_after_a_count_or_several_are_evaluated_on():
    abstract = (
        "We propose Velmorn for glyph search. "
        "We validate Velmorn on several quill sorting tasks. "
        "Our experiments on 7 plinth datasets show that it helps."
    )
    names = [
        ("Velmorn", "method", True),
        ("quill sorting", "task", False),
        ("plinth datasets", "concept", False),
    ]
    roles = _roles("Velmorn", abstract, names)
    assert roles["quill sorting"] == roles["plinth datasets"] == "evaluatesOn"


def test_what_the_work_keeps_unharmed_is_measured_and_no_contrast():
    abstract = (
        "Our sampler halves memory without affecting glyph latency. "
        "We speed up training without sacrificing the braid fidelity of the Zarnet backbone. "
        "Our method runs without a plinth index."
    )
    names = [
        ("glyph latency", "concept", False),
        ("braid fidelity", "metric", False),
        ("Zarnet", "method", False),
        ("plinth index", "method", False),
    ]
    roles = _roles("Quill Sampling", abstract, names)
    assert roles["glyph latency"] == roles["braid fidelity"] == "measures"
    assert roles["Zarnet"] == "uses"
    assert roles["plinth index"] == "mentions"  # "without X": what the work needs no more


def test_what_the_work_dispenses_with_is_mentioned_not_used():
    abstract = (
        "We propose the Quillformer, based solely on glyph attention, dispensing with "
        "plinth recurrence and Zarn convolutions entirely. It does away with Velm pooling."
    )
    names = [
        ("glyph attention", "method", False),
        ("plinth recurrence", "method", False),
        ("Zarn convolutions", "method", False),
        ("Velm pooling", "method", False),
    ]
    roles = _roles("The Quillformer", abstract, names)
    assert roles["plinth recurrence"] == roles["Zarn convolutions"] == "mentions"
    assert roles["Velm pooling"] == "mentions"


def test_a_name_the_paper_says_it_refers_to_by_is_its_proposal():
    abstract = (
        "Training pushes glyph models into a state of rank decay, which we refer to as "
        "Quill Slump (QS). We show that QS slows learning."
    )
    names = [("Quill Slump", "method", False)]
    assert _roles("Glyph Models at the Edge", abstract, names)["Quill Slump"] == "proposes"


def _roles_with_title(title, abstract, names):
    """``_roles``, with each name also mentioned where the title writes it."""
    in_title = tuple(
        Mention(
            title.index(n),
            title.index(n) + len(n),
            n,
            label,
            "model",
            0.9,
            False,
            "title",
            0,
            len(title),
        )
        for n, label, _ in names
        if n in title
    )
    found = _mentions_in_sentences(abstract, [(n.lower(), *rest) for n, *rest in names])
    paper = Paper(title, abstract, key="p1")
    result = link([PaperExtraction("p1", in_title + found)], {"p1": paper})
    return {result.entities[r.object].label.lower(): r.predicate for r in result.relations}


def test_a_made_thing_the_title_says_the_work_is_for_is_what_it_builds_on():
    roles = _roles_with_title(
        "Fast Glyph Sieving for Quill Networks",
        "We sieve glyphs inside quill networks with our new lattice.",
        [("Quill Networks", "method", False)],
    )
    assert roles["quill networks"] == "uses"
    roles = _roles_with_title(
        "Fast Solvers for Zarn Optimization",
        "We speed up zarn optimization with our new lattice.",
        [("Zarn Optimization", "method", False)],
    )
    assert roles["zarn optimization"] == "addresses"  # a doing the work is for
    roles = _roles_with_title(
        "Fast Glyph Sieving for Plinth Networks",
        "Many plinth networks exist.",
        [("Plinth Networks", "method", False)],
    )
    assert roles["plinth networks"] == "addresses"  # the abstract's own work does not use them


def test_what_the_paper_shows_applications_to_is_a_test_bed():
    abstract = (
        "Our sieve is illustrated with applications to glyph folding and to zarn tiling. "
        "Lattice sieving has many applications in plinth routing."
    )
    names = [
        ("glyph folding", "task", False),
        ("zarn tiling", "method", False),
        ("plinth routing", "task", False),
    ]
    roles = _roles("Quill Sieves", abstract, names)
    assert roles["glyph folding"] == roles["zarn tiling"] == "evaluatesOn"
    assert roles["plinth routing"] == "mentions"  # the field's applications, not the paper's


def test_a_quality_the_work_is_said_to_gain_is_measured():
    abstract = (
        "Our sampler achieves faster glyph mixing and leads to improved zarn stability. "
        "We also prove improved plinth bounds."
    )
    names = [
        ("glyph mixing", "concept", False),
        ("zarn stability", "concept", False),
        ("plinth bounds", "concept", False),
    ]
    roles = _roles("Quill Sampling", abstract, names)
    assert roles["glyph mixing"] == roles["zarn stability"] == "measures"
    assert roles["plinth bounds"] != "measures"  # a theory's result: made, not measured


def test_the_means_of_a_comparison_is_no_competitor():
    abstract = "Our Quillnet improves upon Glyphformer by combining it with Zarn Scaling."
    names = [
        ("Quillnet", "method", True),
        ("Glyphformer", "method", False),
        ("Zarn Scaling", "method", False),
    ]
    roles = _roles("Quillnet", abstract, names)
    assert roles["Glyphformer"] == "comparesWith"
    assert roles["Zarn Scaling"] == "uses"


def test_examples_of_what_the_work_beats_are_compared_with_however_far_the_cue():
    abstract = (
        "Our sampler outperforms all moderately tuned classical glyph samplers, such as "
        "Quillnet, Zarnet and Plinthex. Even compared to strong glyph techniques like Velmorn "
        "(VM), Glyphex exhibits better accuracy. We prove better-than-random guarantees for "
        "rough kernels, like Tesselkern."
    )
    names = [
        ("Quillnet", "method", False),
        ("Zarnet", "method", False),
        ("Plinthex", "method", False),
        ("Velmorn", "method", False),
        ("Glyphex", "method", False),
        ("Tesselkern", "method", False),
    ]
    roles = _roles("Glyph Sampling", abstract, names)
    assert {n for n, r in roles.items() if r == "comparesWith"} == {
        "Quillnet",
        "Zarnet",
        "Plinthex",
        "Velmorn",
    }


def test_what_a_sentence_opens_on_and_calls_a_problem_is_addressed():
    abstract = (
        "Glyph drift is an important problem in quill sieving. "
        "However, the plinth footprint of sieves poses a critical bottleneck. "
        "Zarn tuning poses memory challenges. We propose a new sieve."
    )
    names = [
        ("Glyph drift", "concept", False),
        ("plinth footprint", "metric", False),
        ("Zarn tuning", "method", False),
    ]
    roles = _roles("Quill Sieves", abstract, names)
    assert roles["Glyph drift"] == roles["plinth footprint"] == "addresses"
    assert roles["Zarn tuning"] == "mentions"  # a method that has problems is no problem


def test_a_coined_name_a_paper_keeps_as_its_subject_is_its_proposal():
    from kg.link.relate import MIN_NOVELTY_PAPERS

    abstract = (
        "In this work, we question the need for glyph moments. Zarnopt-Q is a simple "
        "enhancement to quill descent. Zarnopt-Q performs rate scaling per plinth group. "
        "In tests Zarnopt-Q is fast."
    )

    def role(corpus_size, text=abstract):
        mentions = [
            _mention_at(text, found.start(), "Zarnopt-Q", "method")
            for found in re.finditer("Zarnopt-Q", text)
        ]
        paper = Paper("Fewer glyph moments", text, key="p1")
        result = _link_among_filler(paper, mentions, corpus_size)
        return next(r.predicate for r in result.relations if r.subject == "p1")

    assert role(MIN_NOVELTY_PAPERS) == "proposes"
    assert role(0) != "proposes"  # one paper alone cannot tell a name of its own
    # a paper that says nothing of its own work only speaks of it
    assert role(MIN_NOVELTY_PAPERS, abstract.replace("In this work, we", "Many")) != "proposes"


def test_names_listed_after_new_things_of_a_kind_are_proposals():
    abstract = (
        "We evaluate glyph models on two new benchmarks, Quillbench and Zarn-Set, in "
        "two regimes. We also study two new sieve techniques for plinths: (i) tessel "
        "sieving toward the start, and (ii) knot sieving."
    )
    names = [
        ("Quillbench", "dataset", False),
        ("Zarn-Set", "dataset", False),
        ("tessel sieving", "method", False),
        ("knot sieving", "method", False),
    ]
    roles = _roles("Glyph Models", abstract, names)
    assert set(roles.values()) == {"proposes"}


def test_what_the_work_is_an_alternative_to_is_compared_with_and_where_it_wins_is_not():
    abstract = (
        "Our sieve is a lightweight alternative to Zarn sampling. "
        "Our solver achieves the performance of the plinth oracle. "
        "Our sieve outperforms Velmorn in training a variety of Glyphformer models. "
        "Quill sieves are alternatives to tessel caches."
    )
    names = [
        ("Zarn sampling", "method", False),
        ("plinth oracle", "method", False),
        ("Velmorn", "method", False),
        ("Glyphformer", "method", False),
        ("tessel caches", "method", False),
    ]
    roles = _roles("Quill Sieves", abstract, names)
    assert roles["Zarn sampling"] == roles["plinth oracle"] == roles["Velmorn"] == "comparesWith"
    assert roles["Glyphformer"] != "comparesWith"  # where the work wins, not whom it beats
    assert roles["tessel caches"] == "mentions"  # the field's alternatives, not the paper's


def test_a_replacement_and_earlier_work_set_beside_the_own_are_compared_with():
    """ "A drop-in replacement for X" sets the work against X; "complementary to the existing
    algorithms A and B" sets it against both names of the list."""
    abstract = (
        "In this paper we present Quillsort, a sorter of glyph tables. "
        "We show that Quillsort is complementary to the existing algorithms Zarnsort and "
        "Plinthsort that exploit short runs. "
        "Quillsort is a superior drop-in replacement for Velmsort. "
        "It succeeds where existing methods such as Glyphsort fail. "
        "Quillsort, an efficient substitute for Tarrowsort, also samples replacements for "
        "Knotsort keys."
    )
    names = [("Quillsort", "method"), ("Zarnsort", "method"), ("Plinthsort", "method")]
    others = [("Velmsort", "method"), ("Glyphsort", "method"), ("Tarrowsort", "method")]
    roles = _roles_of_every_mention(
        "Fast Glyph Tables", abstract, [*names, *others, ("Knotsort", "method")]
    )
    assert roles["Zarnsort"] == roles["Plinthsort"] == roles["Velmsort"] == "comparesWith"
    assert roles["Glyphsort"] == roles["Tarrowsort"] == "comparesWith"
    assert roles["Knotsort"] != "comparesWith"  # what the work samples replacements for
    assert roles["Quillsort"] == "proposes"


def test_a_name_the_paper_gives_earlier_work_or_a_tool_of_its_own_is_no_proposal():
    """ "which we call X" after what the sentence says exists already names earlier work; a
    name after a verb inside the made thing's words ("a technique exploiting the X", "a
    new system that enhances X") is what the paper's work uses."""
    abstract = (
        "Glyph parsing is hard. "
        "In tests against one of the best existing glyph parsing models, which we call "
        "Q-PCG, our parser significantly outperforms Q-PCG. "
        "To obtain longer lists, we propose and use a technique exploiting the Zarn Engine. "
        "We describe a new system that enhances Plinthwriter, by reading tables."
    )
    names = [("Q-PCG", "method"), ("Zarn Engine", "method"), ("Plinthwriter", "method")]
    roles = _roles_of_every_mention("Glyph Parsing", abstract, names)
    assert roles["Q-PCG"] == "comparesWith"
    assert roles["Zarn Engine"] != "proposes"
    assert roles["Plinthwriter"] != "proposes"
    # the same words about the paper's own thing still propose it, and an "-ing" word that
    # describes the made thing is no verb
    abstract = (
        "Glyph parsing is hard. We propose a new glyph parsing model, which we call Q-PCG. "
        "We also propose a gradually increasing quill rate scheme as a remedy."
    )
    names = [("Q-PCG", "method", False), ("quill rate scheme", "method", False)]
    assert _roles("Glyph Parsing", abstract, names) == {
        "Q-PCG": "proposes",
        "quill rate scheme": "proposes",
    }


def test_what_the_clause_after_a_name_says_earlier_work_did_is_mentioned():
    """ "X were needed in prior works" points at earlier work; a baseline "used in previous
    studies" is still compared with, and a name the paper sets apart from earlier work is
    still its own."""
    abstract = (
        "Certified glyph training is slow. We find that these issues make it unstable, and "
        "thereby long quill schedules were needed in prior works. "
        "Our sieve outperforms the zarn sampler used in previous studies. "
        "We use plinth folding, unlike in prior work, to train faster."
    )
    names = [
        ("quill schedules", "concept", False),
        ("zarn sampler", "method", False),
        ("plinth folding", "method", False),
    ]
    roles = _roles("Fast Glyph Training", abstract, names)
    assert roles == {
        "quill schedules": "mentions",
        "zarn sampler": "comparesWith",
        "plinth folding": "uses",
    }


def test_a_quantity_the_work_changes_by_a_stated_amount_is_measured():
    abstract = (
        "Our sieve cuts glyph usage by 5.9 GB. It also reduces up to 51% of the plinth "
        "emission. Our sampler reduces the zarn drift of sieves."
    )
    names = [
        ("glyph usage", "concept", False),
        ("plinth emission", "concept", False),
        ("zarn drift", "concept", False),
    ]
    roles = _roles("Quill Sieves", abstract, names)
    assert roles["glyph usage"] == roles["plinth emission"] == "measures"
    assert roles["zarn drift"] == "addresses"  # lessened, with no amount: a problem


def test_tasks_the_work_wins_results_in_are_test_beds():
    abstract = (
        "Our sieve outperforms strong baselines in glyph fitting and achieves notable "
        "gains in quill denoising and zarn tagging. To enhance sieve performance in plinth "
        "forecasting, we propose a new sieve."
    )
    names = [
        ("glyph fitting", "task", False),
        ("quill denoising", "task", False),
        ("zarn tagging", "task", False),
        ("plinth forecasting", "task", False),
    ]
    roles = _roles("Quill Sieves", abstract, names)
    assert roles["glyph fitting"] == roles["quill denoising"] == "evaluatesOn"
    assert roles["zarn tagging"] == "evaluatesOn"
    assert roles["plinth forecasting"] == "addresses"  # what the work is for


def test_a_sentence_opening_with_the_results_reports_the_papers_own():
    abstract = (
        "Many readers fold quills. The results indicate that glyph width cannot explain "
        "the process of zarn folding."
    )
    names = [("zarn folding", "task", False)]
    assert _roles("Quill Readers", abstract, names)["zarn folding"] == "addresses"


def test_the_scheme_after_a_sentence_about_the_papers_own_is_its_own():
    abstract = (
        "We propose a new glyph sieve. The scheme perturbs weights set by the zarn centroid. "
        "Many readers fold quills. The method of plinth folding is old."
    )
    names = [("zarn centroid", "concept", False), ("plinth folding", "method", False)]
    roles = _roles("Quill Sieves", abstract, names)
    assert roles["zarn centroid"] == "uses"
    assert roles["plinth folding"] == "mentions"  # after a sentence about others' work


def test_what_the_work_says_it_does_not_use_is_only_mentioned():
    abstract = (
        "Our bound does not rely on any glyph convexity. Our sieve does not include zarn caching."
    )
    names = [("glyph convexity", "concept", False), ("zarn caching", "task", False)]
    roles = _roles("Quill Sieves", abstract, names)
    assert roles["glyph convexity"] == roles["zarn caching"] == "mentions"


def test_role_cues_stay_in_their_clause():
    """What a review found the session's cues over-reading, on invented names."""
    abstract = (
        "We propose a novel sieve method, which outperforms baselines such as Quillnet and "
        "Zarnet. Our sieve transfers to new models, including Plinthex and Velmorn. "
        "Compared with existing sieves, our framework has parts such as a tessel gate. "
        "We study what is referred to as glyph slump. "
        "We train with higher knot rates. "
        "Glyph accuracy has improved, but zarn calibration remains a challenge. "
        "We aim to improve performance on lattice tagging."
    )
    names = [
        ("Zarnet", "method", False),
        ("Velmorn", "method", False),
        ("tessel gate", "method", False),
        ("glyph slump", "method", False),
        ("knot rates", "concept", False),
        ("Glyph accuracy", "concept", False),
        ("lattice tagging", "task", False),
    ]
    roles = _roles("Quill Sieves", abstract, names)
    assert roles["Zarnet"] == "comparesWith"  # a baseline, not a new method
    assert roles["Velmorn"] != "proposes"  # what the work meets, not what it makes
    assert roles["tessel gate"] == "uses"  # a part of the paper's own work
    assert roles["glyph slump"] != "proposes"  # named by others
    assert roles["knot rates"] != "measures"  # a setting
    assert roles["Glyph accuracy"] != "addresses"  # the problem is in the other clause
    assert roles["lattice tagging"] != "evaluatesOn"  # an aim, not a result


def test_what_the_paper_compares_its_work_with_is_compared_with():
    names = [
        ("Velmorn", "method", True),
        ("quill regression", "method", False),
        ("glyph lattices", "method", False),
        ("zarn sieves", "method", False),
        ("braid sampling", "method", False),
    ]
    abstract = (
        "We propose Velmorn, a codec. "
        "We compare the accuracy of our codec with that of quill regression and glyph lattices. "
        "Comparisons are offered against zarn sieves. "
        "For comparison, braid sampling reaches lower accuracy."
    )
    roles = _roles("Velmorn", abstract, names)
    assert roles["quill regression"] == roles["glyph lattices"] == "comparesWith"
    assert roles["zarn sieves"] == roles["braid sampling"] == "comparesWith"


@pytest.mark.parametrize(
    "sentence",
    [
        "For quantitative comparisons, we measure realism with tessel ratings.",
        "We compare several settings to understand the effect of tessel ratings.",
        "We compare them to assess how the codec uses tessel ratings.",
    ],
)
def test_what_a_comparison_is_measured_with_or_for_is_no_competitor(sentence):
    names = [("Velmorn", "method", True), ("tessel ratings", "method", False)]
    abstract = "We propose Velmorn, a codec. " + sentence
    assert _roles("Velmorn", abstract, names)["tessel ratings"] != "comparesWith"


def test_a_passive_proposal_without_we_is_the_papers_own_unless_written_as_earlier_work():
    abstract = (
        "Glyph readers fail on faded scripts. "
        "A braided quill metric is also proposed to weigh rare glyphs. "
        "A zarn decoder with two branches is also designed for long lines. "
        "Recently, a plinth sampler is proposed for short lines. "
        "In this paper, a family of readers that unifies tessel codes is introduced. "
        "This strategy is inspired by the rotor formulas of counting and is developed here. "
        "Velmorn readers are designed for long lines, but they fail on faded scripts. "
        "A decoder using quorb grids is proposed."
    )
    names = [
        ("braided quill metric", "concept", False),
        ("zarn decoder", "method", False),
        ("plinth sampler", "method", False),
        ("tessel codes", "method", False),
        ("rotor formulas", "concept", False),
        ("Velmorn readers", "method", False),
        ("quorb grids", "method", False),
    ]
    roles = _roles("Reading Faded Glyphs", abstract, names)
    assert roles["braided quill metric"] == roles["zarn decoder"] == "proposes"
    assert roles["plinth sampler"] != "proposes"  # written as recent work
    assert roles["tessel codes"] != "proposes"  # what the proposed family unifies
    assert roles["rotor formulas"] != "proposes"  # what inspired it
    assert roles["Velmorn readers"] != "proposes"  # a kind of thing described
    assert roles["quorb grids"] != "proposes"  # what the proposed decoder uses


def test_a_thing_only_this_paper_names_and_calls_its_own_is_its_proposal():
    from kg.link.relate import MIN_NOVELTY_PAPERS

    abstract = (
        "Glyph readers fail on faded scripts. "
        "The proposed braided quill decoder reads each line twice. "
        "Our Zarn-BP theory explains the gain. "
        "Our numerical searches cover many scripts. "
        "Our plinth sampling results are strong. "
        "Tests with our models (VelmornNets) are fast. "
        "We release our Quorlin implementation for other readers. "
        "We tune our Tesselbert-based decoder on faded lines."
    )
    names = [
        ("braided quill decoder", "method", False),
        ("Zarn-BP theory", "concept", False),
        ("numerical searches", "task", False),
        ("plinth sampling", "method", False),
        ("VelmornNets", "method", False),
        ("Quorlin", "method", False),
        ("Tesselbert", "method", False),
    ]

    def roles(corpus_size):
        paper = Paper("Reading Faded Glyphs", abstract, key="p1")
        result = _link_among_filler(paper, _mentions_in_sentences(abstract, names), corpus_size)
        named = named_proposals(result.relations, result.mentions)
        return {
            result.entities[r.object].label: (r.predicate, (r.subject, r.object) in named)
            for r in result.relations
            if r.subject == "p1"
        }

    found = roles(MIN_NOVELTY_PAPERS)
    assert found["braided quill decoder"] == ("proposes", False)  # a description, no name
    assert found["Zarn-BP theory"] == ("proposes", True)
    assert found["VelmornNets"] == ("proposes", True)
    assert found["numerical searches"][0] != "proposes"  # a doing, not a made thing
    assert found["plinth sampling"][0] != "proposes"  # it only qualifies what is reported
    # names that qualify what the paper has of them, not what it makes
    assert found["Quorlin"][0] != "proposes"
    assert found["Tesselbert"][0] != "proposes"
    # one paper alone cannot tell a thing of its own from one in common use
    assert roles(0)["braided quill decoder"][0] != "proposes"


def test_more_ways_a_sentence_about_the_papers_work_makes_something():
    abstract = (
        "We therefore use tools from the old glyph-counting literature to develop a tessel "
        "sampler that scales. "
        "Based on this, we build a three-stage quill model by sorting glyphs. "
        "We address this problem by introducing a rotor critic that scores lines. "
        "We introduce two new modules to widen the reach of readers, namely, plinth "
        "pooling and zarn folding. "
        "We detail guidelines that cover how to design velmorn schedules for readers. "
        "We use the space to introduce different braided zarn samplers, such as lattice search. "
        "We show how best to design quorb codes. "
        "We show that it is hard for earlier readers to design plinth codes. "
        "We propose a different glyph loss that weighs rare glyphs."
    )
    names = [
        ("tessel sampler", "method", False),
        ("three-stage quill model", "method", False),
        ("rotor critic", "method", False),
        ("plinth pooling", "method", False),
        ("zarn folding", "method", False),
        ("velmorn schedules", "method", False),
        ("braided zarn samplers", "method", False),
        ("quorb codes", "method", False),
        ("plinth codes", "method", False),
        ("glyph loss", "method", False),
    ]
    roles = _roles("Reading Faded Glyphs", abstract, names)
    made = ("tessel sampler", "three-stage quill model", "rotor critic", "plinth pooling")
    assert {roles[name] for name in made} | {roles["zarn folding"]} == {"proposes"}
    assert roles["glyph loss"] == "proposes"  # "a different X" is new all the same
    assert roles["velmorn schedules"] != "proposes"  # guidelines on how to design them
    assert roles["quorb codes"] != "proposes"
    assert roles["braided zarn samplers"] != "proposes"  # kinds that exist already
    assert roles["plinth codes"] != "proposes"  # another subject's "to design"


def test_a_plain_part_the_paper_lists_of_its_own_work_is_its_proposal_in_a_corpus():
    from kg.link.relate import MIN_NOVELTY_PAPERS

    abstract = (
        "We propose Quorbex, a reader for faded scripts. "
        "Quorbex consists of line selection and glyph weighting, which use entropy."
    )
    names = [("line selection", "method", False)]

    def role(corpus_size):
        paper = Paper("Faded Scripts", abstract, key="p1")
        result = _link_among_filler(paper, _mentions_in_sentences(abstract, names), corpus_size)
        (entity,) = result.entities.values()
        assert entity.generic  # plain words
        return next(r.predicate for r in result.relations if r.object == entity.key)

    assert role(MIN_NOVELTY_PAPERS) == "proposes"
    assert role(0) == "uses"  # one paper alone cannot tell a part of its own


def test_a_title_cased_means_of_plain_words_only_this_paper_names_is_its_proposal():
    from kg.link.relate import MIN_NOVELTY_PAPERS

    def role(title, name, corpus_size=MIN_NOVELTY_PAPERS):
        abstract = "We study faded scripts and report results on many of them."
        at = title.index(name)
        mention = Mention(
            at, at + len(name), name, "method", "model", 0.9, False, "title", 0, len(title)
        )
        result = _link_among_filler(Paper(title, abstract, key="p1"), (mention,), corpus_size)
        (entity,) = result.entities.values()
        assert entity.generic  # plain words: hidden from the lists either way
        return next(r.predicate for r in result.relations if r.object == entity.key)

    assert (
        role("Reading Faded Scripts with Direct Error Control", "Direct Error Control")
        == "proposes"
    )
    # one paper alone cannot tell; a class of things; what the means achieves; not one name
    assert (
        role("Reading Faded Scripts with Direct Error Control", "Direct Error Control", 0)
        != "proposes"
    )
    assert (
        role("Reading Faded Scripts with Simple Model Updates", "Simple Model Updates")
        != "proposes"
    )
    assert role("Early Data Selection via Shadow Removal", "Early Data Selection") != "proposes"
    assert (
        role("Reading Scripts with Simple and Global Control", "Simple and Global Control")
        != "proposes"
    )
    assert (
        role("Reading Scripts with Simple yet Global Control", "Simple yet Global Control")
        != "proposes"
    )
    # a means the title names before another one's "via" is still the paper's own
    assert (
        role("Reading Scripts with Direct Error Control via Glyph Gates", "Direct Error Control")
        == "proposes"
    )


def test_a_task_the_paper_sets_is_its_proposal():
    abstract = (
        "In this paper, we introduce the task of braided glyph tracing. "
        "We match lines to a plinth surface, a task we refer to as dense quill mapping. "
        "We propose a method for the problem of zarn sorting. "
        "We first define the problem of plinth folding formally."
    )
    names = [
        ("braided glyph tracing", "task", False),
        ("dense quill mapping", "task", False),
        ("zarn sorting", "task", False),
        ("plinth folding", "task", False),
    ]
    roles = _roles("Glyph Tracing", abstract, names)
    assert roles["braided glyph tracing"] == roles["dense quill mapping"] == "proposes"
    assert roles["zarn sorting"] == "addresses"  # the problem a method is for
    assert roles["plinth folding"] == "addresses"  # defined, not set as new


def test_the_method_whose_limitations_the_papers_work_overcomes_is_compared_with():
    abstract = (
        "We propose Quorbex, which overcomes the key limitations of Zarn tuning on faded "
        "scripts. Our reader also addresses the shortcomings of the existing Plinth sampler. "
        "Our reader addresses the shortcomings in Tessel folding. "
        "Our reader fixes the main weakness of Quill pooling. "
        "Velmorn codes have known limitations."
    )
    names = [
        ("Quorbex", "method", True),
        ("Zarn tuning", "method", False),
        ("Plinth sampler", "method", False),
        ("Tessel folding", "method", False),
        ("Quill pooling", "method", False),
        ("Velmorn codes", "method", False),
    ]
    roles = _roles("Faded Scripts", abstract, names)
    improved_on = ("Zarn tuning", "Plinth sampler", "Tessel folding", "Quill pooling")
    assert {roles[name] for name in improved_on} == {"comparesWith"}
    assert roles["Velmorn codes"] != "comparesWith"  # no work of the paper's set against it


def test_what_the_papers_work_replaces_or_does_without_is_background():
    abstract = (
        "We propose to replace the glyph gate with a Zarn mixer in each reader. "
        "Our reader does not need a plinth dictionary. "
        "Our approach does not assume any knowledge of the velmorn layout. "
        "We use quorb transforms in place of tessel layers. "
        "We replace each rotor cell with a lattice. "
        "Our reader does not need labels and instead uses glint tuning. "
        "We pretrain our reader with replaced lattice detection."
    )
    names = [
        ("glyph gate", "method", False),
        ("Zarn mixer", "method", False),
        ("plinth dictionary", "concept", False),
        ("velmorn layout", "concept", False),
        ("quorb transforms", "method", False),
        ("tessel layers", "method", False),
        ("rotor cell", "method", False),
        ("glint tuning", "method", False),
        ("lattice detection", "method", False),
    ]
    roles = _roles("Faded Scripts", abstract, names)
    background = (
        "glyph gate",
        "plinth dictionary",
        "velmorn layout",
        "tessel layers",
        "rotor cell",
    )
    assert {roles[name] for name in background} == {"mentions"}
    assert roles["Zarn mixer"] != "mentions"  # what it is replaced with is the work's own
    assert roles["quorb transforms"] == roles["glint tuning"] == "uses"
    assert roles["lattice detection"] == "uses"  # "replaced" as an adjective


def test_a_field_or_earlier_work_pointed_at_is_background():
    abstract = (
        "We build a reader with gating tricks from the Zarn-GAN literature. "
        "While past work has focused on plinth sampling, we propose a reader for faded "
        "scripts. Our reader uses Velmorn-7 literature search."
    )
    names = [
        ("Zarn-GAN", "method", False),
        ("plinth sampling", "method", False),
        ("Velmorn-7", "method", False),
    ]
    paper = Paper("Faded Scripts", abstract, key="p1")
    extraction = PaperExtraction("p1", _mentions_in_sentences(abstract, names))
    # the rules' reading (the role model reads the evidence again on top of it)
    result = link([extraction], {"p1": paper}, learned_roles=False)
    roles = {result.entities[r.object].label: r.predicate for r in result.relations}
    assert roles["Zarn-GAN"] == roles["plinth sampling"] == "mentions"
    assert roles["Velmorn-7"] != "mentions"  # "literature" starts a longer name here


def test_a_name_a_title_opens_with_is_proposed_however_many_papers_use_it():
    from kg.link.relate import ESTABLISHED_PAPERS

    abstract = "Quill folding sorts glyphs in place. Applied to the plinth reader, it is fast."

    def role(title):
        papers = {"p1": Paper(title, abstract, key="p1")}
        title_mention = Mention(0, len("Quill Folding"), "Quill Folding", "method", "model", 0.9)
        title_mention = replace(title_mention, field="title", sentence_end=len(title))
        extractions = [
            PaperExtraction(
                "p1", (title_mention, _mention_at(abstract, 0, "Quill folding", "method"))
            )
        ]
        for n in range(ESTABLISHED_PAPERS + 1):  # a name many papers of the corpus use since
            text = f"We sort glyph set {n} with quill folding."
            papers[f"f{n}"] = Paper(f"Glyph sets {n}", text, key=f"f{n}")
            start = text.index("quill folding")
            extractions.append(
                PaperExtraction(f"f{n}", (_mention_at(text, start, "quill folding", "method"),))
            )
        result = link(extractions, papers)
        return next(r.predicate for r in result.relations if r.subject == "p1")

    assert role("Quill Folding: Faster Glyph Sorting") == "proposes"
    assert role("Quill Folding: A Survey of Glyph Sorting") != "proposes"
    assert role("Quill Folding: A Closer Look at Glyph Sorting") != "proposes"
    assert role("Quill Folding: Is Sorting All You Need?") != "proposes"
    assert role("Faster Glyph Sorting with Quill Folding") != "proposes"


def test_a_method_a_title_sets_aside_for_the_papers_own_is_a_competitor():
    abstract = "We question the need for Zarnprop in training glyph nets."

    def role(title, name="Zarnprop"):
        start = title.index(name)
        mention = Mention(start, start + len(name), name, "method", "model", 0.9)
        mention = replace(mention, field="title", sentence_end=len(title))
        extraction = PaperExtraction(
            "p1", (mention, _mention_at(abstract, abstract.index(name), name, "method"))
        )
        result = link([extraction], {"p1": Paper(title, abstract, key="p1")})
        return next(r.predicate for r in result.relations if r.subject == "p1")

    assert role("No More Zarnprop: Quill Scaling Is Enough") == "comparesWith"
    assert role("QNet: The Zarnprop's New Successor for Glyph Forecasting") == "comparesWith"
    assert role("Quill is the New Zarnprop: Unlocking Glyph Workflows") == "comparesWith"
    assert role("Glyph Graphs Are the New Zarnprop") == "comparesWith"
    # a method the title names as a means, or one side of a study of two, is not
    assert role("Faster Glyph Nets with Zarnprop") != "comparesWith"
    assert role("Quill Learning vs. Zarnprop for Glyph Prediction") != "comparesWith"


def test_reading_again_only_the_papers_a_flag_changes_is_reading_all_again():
    """Late flags in one paper: reading that paper again gives what reading the whole
    corpus again gives, keys, order and namings."""
    from collections import defaultdict

    from kg.link.relate import _flagged_again, _namings

    first = (
        "We present Quillnet, a reader of glyph archives. "
        "With curated glyph pairs, Quillnet-7B's reading span is easily extended."
    )
    second = "Zarnfold sorts glyph pairs. With curated glyph pairs, sorting is easy."
    names_first = [
        ("Quillnet", "method", True),
        ("curated glyph pairs", "concept", False),
        ("Quillnet-7B", "method", False),
    ]
    names_second = [("Zarnfold", "method", False), ("curated glyph pairs", "concept", False)]
    papers = {"p1": Paper("Quillnet", first, key="p1"), "p2": Paper("Sorting", second, key="p2")}
    result = link(
        [
            PaperExtraction("p1", _mentions_in_sentences(first, names_first)),
            PaperExtraction("p2", _mentions_in_sentences(second, names_second)),
        ],
        papers,
    )
    linked = [replace(i, mention=replace(i.mention, proposed=False)) for i in result.mentions]
    proposed: dict[str, set[str]] = defaultdict(set)
    before = _namings(linked, result.entities, papers, proposed)
    release = next(n for n, i in enumerate(linked) if i.mention.text == "Quillnet-7B")
    named = {release}
    partly = _flagged_again(before, named, linked, result.entities, papers, defaultdict(set), named)
    wholly = _namings(
        linked, result.entities, papers, {"p1": {linked[release].entity_key}}, frozenset(named)
    )
    assert list(partly) == list(wholly) and partly == wholly
    assert partly != before  # the flag changed what p1's sentences say


def test_the_cues_of_a_name_in_an_endless_sentence_are_read_near_it():
    """A text without full stops is one sentence: each name's cues are read within
    ``CUE_WINDOW_CHARS`` of it (a rule reading the whole sentence once per name in it
    would take minutes on a long text), and the cues next to it still decide its role."""
    from collections import defaultdict

    from kg.link.relate import CUE_WINDOW_CHARS, WINDOW_CUT, _namings

    filler = "glyph quill tessel zarn " * 400
    abstract = f"{filler}and we propose Quillnet which outperforms Zarnfold on {filler}"
    names = [("Quillnet", "method", False), ("Zarnfold", "method", False)]
    paper = Paper("Sorting glyphs", abstract, key="p1")
    result = link([PaperExtraction("p1", _mentions_in_sentences(abstract, names))], {"p1": paper})
    found = _namings(result.mentions, result.entities, {"p1": paper}, defaultdict(set))
    namings = [n for group in found.values() for n in group]
    assert len(namings) == 2 and len(abstract) > 4 * CUE_WINDOW_CHARS
    cut = len(WINDOW_CUT)
    for naming in namings:
        assert len(naming.before) <= CUE_WINDOW_CHARS + cut
        assert len(naming.after) <= CUE_WINDOW_CHARS + cut
        assert naming.text in ("Quillnet", "Zarnfold")
        assert len(naming.without_names) == len(naming.sentence)
        assert (naming.sentence_start, naming.sentence_end) == (0, len(abstract))
        # the window is cut at spaces and says so: no cue reads a word cut in two, nor the
        # cut as the sentence's opening
        assert naming.before.startswith(WINDOW_CUT) and naming.after.endswith(WINDOW_CUT[::-1])
        opening = naming.before[cut:]
        at = abstract.index(naming.sentence[cut : cut + 200])
        assert abstract[at - 1] == " " and opening.split()[0] in (
            "glyph",
            "quill",
            "tessel",
            "zarn",
        )
    roles = {result.entities[r.object].label: r.predicate for r in result.relations}
    assert roles == {"Quillnet": "proposes", "Zarnfold": "comparesWith"}


def test_what_the_work_builds_on_through_the_fields_advances_in_it_is_used():
    abstract = (
        "We propose Quillnet, a sorting network grounded on theory for Zarn learning. "
        "Building upon recent advances in Velm modeling, our network sorts glyphs. "
        "Drawing on insights from Plinth inference, our sorter runs fast."
    )
    names = [
        ("Quillnet", "method", True),
        ("Zarn learning", "method", False),
        ("Velm modeling", "task", False),
        ("Plinth inference", "method", False),
    ]
    roles = _roles("Quillnet", abstract, names)
    assert roles["Zarn learning"] == roles["Velm modeling"] == roles["Plinth inference"] == "uses"


def test_the_proposals_name_without_the_words_that_describe_it_is_the_proposal():
    abstract = (
        "Prior sorters need labels. Here we present multilayer Quorbhash, an algorithm that "
        "sorts glyphs without labels. In conclusion, Quorbhash shows with a radically "
        "different approach from Zarn sorting that sorting may be plausible."
    )
    mentions = (
        _mention_at(abstract, abstract.index("multilayer"), "multilayer Quorbhash", "method", True),
        _mention_at(abstract, abstract.index("Quorbhash shows"), "Quorbhash", "method", False),
        _mention_at(abstract, abstract.index("Zarn"), "Zarn sorting", "method", False),
    )
    paper = Paper("Glyph sorting without labels", abstract, key="p1")
    result = link([PaperExtraction("p1", mentions)], {"p1": paper})
    found = {result.entities[r.object].label: r.predicate for r in result.relations}
    assert found["Quorbhash"] == found["multilayer Quorbhash"] == "proposes"
    assert found["Zarn sorting"] == "mentions"  # a different approach from it
    # not one the paper says it builds on
    built = "We propose multilingual Velmformer. It extends Velmformer, an English parser."
    mentions = (
        _mention_at(built, built.index("multilingual"), "multilingual Velmformer", "method", True),
        _mention_at(built, built.index("Velmformer,"), "Velmformer", "method", False),
    )
    paper = Paper("Parsing in forty languages", built, key="p1")
    result = link([PaperExtraction("p1", mentions)], {"p1": paper})
    roles = {result.entities[r.object].label: r.predicate for r in result.relations}
    assert roles["Velmformer"] == "uses"


def test_what_the_work_may_lead_to_is_mentioned():
    abstract = (
        "We propose Quillnet for glyph sorting. Quillnet reaches 91% accuracy on Zarnbank. "
        "Our results open new avenues for Velm "
        "modeling. Future work could extend Quillnet to Plinth retrieval. This suggests "
        "potential applications in Ordo design."
    )
    names = [
        ("Quillnet", "method", True),
        ("glyph sorting", "task", False),
        ("Velm modeling", "task", False),
        ("Plinth retrieval", "task", False),
        ("Ordo design", "task", False),
    ]
    roles = _roles("Quillnet for glyph sorting", abstract, names)
    assert roles["glyph sorting"] == "addresses"
    prospects = ("Velm modeling", "Plinth retrieval", "Ordo design")
    assert {roles[n] for n in prospects} == {"mentions"}
    # too rare to learn: a second reading that says every task is addressed keeps them
    from kg.link.role_model import RoleModel

    addressing = RoleModel(("addresses", "mentions"), (9.0, 0.0), {})
    paper = Paper("Quillnet for glyph sorting", abstract, key="p1")
    mentions = _mentions_in_sentences(abstract, names)
    result = link([PaperExtraction("p1", mentions)], {"p1": paper}, learned_roles=addressing)
    read = {result.entities[r.object].label: r.predicate for r in result.relations}
    assert {read[n] for n in prospects} == {"mentions"}


@pytest.mark.parametrize(
    "text, kept",
    [
        ("Quillnet, a training-free sorter, performs well on Zarnbank.", True),
        ("Quillnet cuts the training time by 40% on Zarnbank.", True),
        ("Without any training, Quillnet sorts 90% of glyphs on Zarnbank.", True),
        ("For graph matching, Quillnet reaches 91% accuracy on Zarnbank.", True),
        ("Over five benchmarks, Quillnet reaches 91% accuracy on Zarnbank.", True),
        ("Quillnet is trained and evaluated on Zarnbank.", True),
        ("We report its performance over five runs: Quillnet reaches 91% on Zarnbank.", True),
        ("Ours outperforms Quillnet on Zarnbank.", False),
        ("We fine-tune Quillnet on Zarnbank.", False),
    ],
)
def test_an_evaluation_is_dropped_for_a_competitor_or_training_data_only(text, kept):
    from kg.link.relate import evaluations_typed
    from kg.records import Entity, LinkedMention, Mention, Relation

    def mention(name: str, start: int) -> Mention:
        return Mention(start, start + len(name), name, "method", "model", 0.9,
                       sentence_start=0, sentence_end=len(text))  # fmt: skip

    linked = [
        LinkedMention("p", "quillnet", mention("Quillnet", text.index("Quillnet"))),
        LinkedMention("p", "zarnbank", mention("Zarnbank", text.rindex("Zarnbank"))),
    ]
    entities = {
        "quillnet": Entity("quillnet", "method", "Quillnet"),
        "zarnbank": Entity("zarnbank", "dataset", "Zarnbank"),
    }
    stated = [Relation("quillnet", "evaluatedOn", "zarnbank", (0, 1), 0.9)]
    found = evaluations_typed(stated, entities, linked, {"p": Paper("T", text, key="p")})
    assert bool(found) == kept


def test_what_state_of_the_art_work_does_or_where_ours_is_best_is_no_competitor():
    abstract = (
        "We achieve state-of-the-art accuracy on four quill archives, relative to other "
        "sorters. Our Quillnet achieves state-of-the-art accuracy, glyph fidelity and speed. "
        "Quillnet also beats the widely used state-of-the-art Zarnformer."
    )
    names = [
        ("quill archives", "concept", False),
        ("glyph fidelity", "concept", False),
        ("Quillnet", "method", True),
        ("Zarnformer", "method", False),
    ]
    roles = _roles("Quillnet", abstract, names)
    assert roles["quill archives"] != "comparesWith"  # where ours is best
    assert roles["glyph fidelity"] != "comparesWith"  # what ours is best in
    assert roles["Zarnformer"] == "comparesWith"
    # examples of state-of-the-art work are competitors, however the class is written; what
    # the paper's own work uses is not
    abstract = (
        "State-of-the-art sorters, such as Velmnet, need labels. The state-of-the-art "
        "(SOTA) glyph reading models such as Plinthformer are slow. Our Quillnet uses the "
        "state-of-the-art (SOTA) Orbnet as its encoder. It uses two state-of-the-art "
        "readers, Velmreader and Tesselreader."
    )
    names = [
        ("Velmnet", "method", False),
        ("Plinthformer", "method", False),
        ("Quillnet", "method", True),
        ("Orbnet", "method", False),
        ("Velmreader", "method", False),
    ]
    roles = _roles("Quillnet", abstract, names)
    assert roles["Velmnet"] == roles["Plinthformer"] == "comparesWith"
    assert roles["Orbnet"] == roles["Velmreader"] == "uses"


def test_a_quantity_set_against_a_quantity_or_data_trained_over_is_no_competitor():
    abstract = (
        "With the number of samples much smaller than the glyph dimension, existing sorters "
        "fail. Our Quillnet uses an encoder trained over an initial quill corpus. "
        "Quillnet is faster than Zarnformer."
    )
    names = [
        ("glyph dimension", "concept", False),
        ("quill corpus", "concept", False),
        ("Quillnet", "method", True),
        ("Zarnformer", "method", False),
    ]
    roles = _roles("Quillnet", abstract, names)
    assert roles["glyph dimension"] != "comparesWith"
    assert roles["quill corpus"] != "comparesWith"
    assert roles["Zarnformer"] == "comparesWith"
    # a method written as a concept, after a quantity's comparison, is still a competitor;
    # a bound or a level is not
    abstract = (
        "The regret of our Quillnet is much lower than that of zarn sampling. "
        "Our Quillnet attains a variance lower than the Velm-Orb bound."
    )
    names = [
        ("Quillnet", "method", True),
        ("zarn sampling", "concept", False),
        ("Velm-Orb bound", "concept", False),
    ]
    roles = _roles("Quillnet", abstract, names)
    assert roles["zarn sampling"] == "comparesWith" != roles["Velm-Orb bound"]
