"""Sentence-level relations between spans: SciERC's seven types, from a trained classifier.

The component ``kg_relations`` reads the mentions (``doc.spans["kg_mentions"]``) and the
generic spans ("our method", "it"; ``doc.spans["kg_generic"]``) of each sentence and
classifies every pair of them, in text order, as one of SciERC's relation types in one
direction, or as no relation. It is the entity-pair design of PURE and PL-Marker on a small
encoder: the token vectors of the fast entity recogniser's encoder (frozen; in the fast
pipeline they are ``doc.tensor`` already, elsewhere a copy of that encoder runs first), with
a trainable word embedding and each token's span tag (the label of the span it is in: a
cheap stand-in for PURE's typed markers, which mark one pair at a time), two trainable
window layers over them, and for each pair the vectors at both spans' edges,
max-pooled over each span and over the words between them, with both span labels and their
distance, into a maxout layer and a softmax. The model is trained by
``python -m kg.train.relations`` (``make model-relations``) and packaged in
``kg/models/relations``.

Found relations are set as ``doc._.kg_relations``: ``(head, tail, label, score)`` with
``head`` and ``tail`` spans of the doc, in the relation's own direction.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.ml.models.tok2vec import MaxoutWindowEncoder
from spacy.tokens import Doc, Span
from spacy.util import minibatch
from thinc.api import HashEmbed, Maxout, Model, Softmax, chain, with_array

from ..records import RELATION_LABELS
from .rules import GENERIC_KEY, SPAN_KEY

SYMMETRIC_LABELS = frozenset({"COMPARE", "CONJUNCTION"})
NO_RELATION = "NONE"
# One class per relation and direction: "X>" = the first span in the text is the head.
CLASSES = (NO_RELATION,) + tuple(
    name
    for label in RELATION_LABELS
    for name in ((label,) if label in SYMMETRIC_LABELS else (label + ">", label + "<"))
)
SPAN_LABELS = ("Method", "Task", "Metric", "Material", "OtherScientificTerm", "Generic")
# kg's types as SciERC labels, for spans the trained recogniser did not label itself
SPAN_LABEL_OF_TYPE = {
    "method": "Method",
    "task": "Task",
    "metric": "Metric",
    "dataset": "Material",
    "concept": "OtherScientificTerm",
}
# Words that deny or set aside the second of two spans, within three words before it: "X
# is agnostic to Y", "X rather than Y", "X without paired Y", "X does not improve Y" (a denial of
# something else between them, "X, which needs no labels, for Y", is none). Only a
# comparison survives them (in SciERC train, 2 of the 3,049 other relations have one
# there; 73 of the 5,221 pairs of spans in a sentence that are unrelated do).
_NEGATED_BEFORE = re.compile(
    r"\b(rather than|instead of|as opposed to|unlike|agnostic to|regardless of|"
    r"independent(ly)? of|without|not(?! only)|no|never|ignor\w*|neglect\w*|overlook\w*|"
    r"fail\w* to|too \w+ to)\b(\s+(?!(to|for|on|in|into|with|by)\b)[^\s,;:()]+){0,3}\s*$"
    # a denied verb and its own preposition: "X does not generalize to Y", "is not
    # designed for Y", "fails to transfer to Y"
    r"|\b(not|never|fail\w*\s+to)\s+(be\s+)?\w+\s+(to|for|on|in|with)\s*$",
    re.IGNORECASE,
)


_COLON = re.compile(r":(?=\s)")  # not inside a citation key ("Baldi:2012")


def _set_apart(text: str, start: int, end: int, label: str) -> bool:
    """Whether ``text[start:end]``, the words between two spans, sets them apart for a
    relation ``label``: a denial right before the second for any but a comparison, a colon for a conjunction
    ("Quillnet: Glyph Sorting Networks" names one thing, and "two tasks: A and B" lists its
    items after the colon; 2 of SciERC train's 400 conjunctions span one), brackets for any
    (``_bracketed_away``)."""
    if label != "COMPARE" and _NEGATED_BEFORE.search(text[start:end]):
        return True
    if label == "CONJUNCTION" and _COLON.search(text, start, end) is not None:
        return True
    return _bracketed_away(text, start, end)


def _bracketed_away(text: str, start: int, end: int) -> bool:
    """Whether the second of two spans (from ``end``) sits in brackets that open more than
    two words after the first one ends (at ``start``): what brackets hold is about what
    stands right before them ("shifts (including A), loss functions (B, C)": B is a loss
    function, not a shift), unless they say what a value before them is of ("reaches 86.6%
    (F1)"). 7 of SciERC train's 3,215 relations are so, 119 of its 5,221 unrelated pairs."""
    depth, opened = 0, -1
    for i in range(start, end):
        if text[i] == "(":
            if depth == 0:
                opened = i
            depth += 1
        elif text[i] == ")" and depth:
            depth -= 1
            if depth == 0:
                opened = -1
    if opened < 0 or _VALUE_BEFORE.search(text, start, opened):
        return False  # "a score of 86.6% (F1, ...)": brackets that say what a value is of
    return len(text[start:opened].split()) > 2


_VALUE_BEFORE = re.compile(r"\d\s*%?\s*$")


DISTANCE_BUCKETS = (1, 2, 3, 4, 5, 7, 10, 14, 20, 30)
MAX_PAIR_TOKENS = 30  # spans further apart (start to start) are not paired: 99.6% of SciERC train relations are nearer
MAX_SPANS_PER_SENTENCE = 24
EXTRA_WIDTH = 2 * len(SPAN_LABELS) + len(DISTANCE_BUCKETS) + 1
# Per-token span tags: 0 outside every span, then the first and the other tokens of a span of
# each label (``token_tags``).
TAG_COUNT = 1 + 2 * len(SPAN_LABELS)
PAIR_BLOCKS = 9  # vectors per pair: 4 span edges, 5 max-pools
PACKAGED_RELATION_MODEL = Path(__file__).resolve().parent.parent / "models" / "relations"

__all__ = [
    "CLASSES",
    "RELATION_LABELS",
    "RelationExtractor",
    "candidate_pairs",
    "decode_pair",
    "pair_features",
    "relation_model",
]


def distance_bucket(tokens: int) -> int:
    """Index of the bucket of a distance in tokens (the last bucket is open-ended)."""
    for index, bound in enumerate(DISTANCE_BUCKETS):
        if tokens <= bound:
            return index
    return len(DISTANCE_BUCKETS)


def pair_extras(
    first_label: str, second_label: str, first_end: int, second_start: int
) -> np.ndarray:
    """One-hot span labels and distance bucket of a pair."""
    extras = np.zeros(EXTRA_WIDTH, dtype="float32")
    extras[SPAN_LABELS.index(first_label)] = 1.0
    extras[len(SPAN_LABELS) + SPAN_LABELS.index(second_label)] = 1.0
    extras[2 * len(SPAN_LABELS) + distance_bucket(max(0, second_start - first_end))] = 1.0
    return extras


def candidate_pairs(
    spans: Sequence[tuple[int, int]], limit: int = MAX_PAIR_TOKENS
) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)`` of token ``spans`` (sorted by start) that may be related: the
    first starts before the second, they do not overlap, and they are at most ``limit``
    tokens apart."""
    pairs = []
    for i, (start_i, end_i) in enumerate(spans):
        for j in range(i + 1, len(spans)):
            start_j, _ = spans[j]
            if start_j - start_i > limit:
                break
            if start_j >= end_i:
                pairs.append((i, j))
    return pairs


# --- the model -----------------------------------------------------------------------------
# Input: one item per doc: (token vectors (n, width_in), token word ids (n,) for the word
# embedding, token span tags (n,) from ``token_tags``, pairs (P, 6) as token offsets of the
# first span, the second span and their sentence, extras (P, EXTRA_WIDTH)).
RelationInput = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def word_ids(doc: Doc) -> np.ndarray:
    """The ids the word embedding reads: each token's lower-case form (its hash)."""
    return doc.to_array("LOWER").astype("uint64", copy=False)


def token_tags(length: int, spans: Iterable[tuple[int, int, str]]) -> np.ndarray:
    """Each token's span tag: which label's span it begins or is inside of, or 0 outside.

    Parameters
    ----------
    length
        The number of tokens of the doc.
    spans
        ``(start, end, label)`` token offsets of every span of the doc, with its SciERC label
        (one of ``SPAN_LABELS``).

    Returns
    -------
    numpy.ndarray
        ``(length,)`` int32 ids below ``TAG_COUNT``: ``1 + 2 * label`` on a span's first
        token, ``2 + 2 * label`` on its other tokens. Where spans nest, the innermost one
        tags its tokens.
    """
    tags = np.zeros(length, dtype="int32")
    for start, end, label in sorted(spans, key=lambda span: span[0] - span[1]):
        begin = 1 + 2 * SPAN_LABELS.index(label)
        tags[start:end] = begin + 1
        tags[start] = begin
    return tags


def relation_model(
    width: int = 128,
    hidden: int = 256,
    depth: int = 2,
    input_width: int = 96,
    dropout: float = 0.2,
    word_width: int = 64,
    word_rows: int = 5000,
    scorer_pieces: int = 2,
    span_tags: bool = False,
    window_size: int = 1,
) -> Model:
    """The pair classifier: the input vectors, a trainable word embedding and (with
    ``span_tags``) each token's span tag, a window encoder over them, pair features, maxout
    and softmax over ``CLASSES``.

    The arguments are the model's ``attrs``, saved in its meta to rebuild it. A model saved
    before ``span_tags`` and ``window_size`` existed has neither in its attrs and is rebuilt
    as it was trained: without tags, with a window of one word.

    Parameters
    ----------
    width
        Width of the encoder's token vectors.
    hidden
        Width of the maxout layer over each pair's features.
    depth
        Number of window layers in the encoder.
    input_width
        Width of the input token vectors (the frozen encoder's).
    dropout
        Dropout rate of the word embedding and the maxout layers in training.
    word_width, word_rows
        Width and rows of the hashed embedding of lower-cased words.
    scorer_pieces
        Maxout pieces of the pair layer.
    span_tags
        Whether the encoder also reads each token's span tag (``token_tags``), one-hot: the
        label of the span the token begins or is inside of, so that it sees the types of
        all the spans around a pair ("X for [Task]").
    window_size
        Words each side that each window layer reads.
    """
    embed: Model = HashEmbed(word_width, word_rows, column=0, dropout=dropout)
    tag_width = TAG_COUNT if span_tags else 0
    encoder: Model = chain(
        with_array(
            Maxout(
                width,
                input_width + word_width + tag_width,
                nP=3,
                normalize=True,
                dropout=dropout,
            )
        ),
        MaxoutWindowEncoder(width=width, window_size=window_size, maxout_pieces=3, depth=depth),
    )
    scorer: Model = chain(
        Maxout(
            hidden,
            PAIR_BLOCKS * width + EXTRA_WIDTH,
            nP=scorer_pieces,
            dropout=dropout,
            normalize=True,
        ),
        Softmax(len(CLASSES), hidden),
    )
    return Model(
        "kg_relation_pairs",
        _forward,
        init=_init,
        layers=[embed, encoder, scorer],
        attrs={
            "width": width,
            "hidden": hidden,
            "depth": depth,
            "input_width": input_width,
            "dropout": dropout,
            "word_width": word_width,
            "word_rows": word_rows,
            "scorer_pieces": scorer_pieces,
            "span_tags": span_tags,
            "window_size": window_size,
        },
    )


def _init(model: Model, X=None, Y=None) -> None:
    for layer in model.layers:  # every width is known: nothing to infer from data
        layer.initialize()


def _forward(model: Model, inputs: list[RelationInput], is_train: bool):
    embed, encoder, scorer = model.layers
    lengths = [len(item[1]) for item in inputs]
    words, backprop_words = embed(
        np.concatenate([item[1] for item in inputs]).reshape(-1, 1), is_train
    )
    word_rows = np.split(words, np.cumsum(lengths)[:-1])
    if model.attrs.get("span_tags"):
        one_hot = np.eye(TAG_COUNT, dtype="float32")
        tokens = [np.hstack([item[0], w, one_hot[item[2]]]) for item, w in zip(inputs, word_rows)]
    else:
        tokens = [np.hstack([item[0], w]) for item, w in zip(inputs, word_rows)]
    encoded, backprop_encoder = encoder(tokens, is_train)
    pairs = [item[3] for item in inputs]
    extras = [item[4] for item in inputs]
    if not is_train:  # the same features, without what backprop needs, at a fraction of the cost
        features = pair_features_for_inference(encoded, pairs, extras)
        return scorer(features, is_train)[0], None
    features, backprop_features = pair_features(encoded, pairs, extras)
    scores, backprop_scorer = scorer(features, is_train)
    vector_width = inputs[0][0].shape[1] if inputs else 0
    word_width = words.shape[1]

    def backprop(d_scores):
        d_inputs = backprop_encoder(backprop_features(backprop_scorer(d_scores)))
        backprop_words(
            np.vstack([d[:, vector_width : vector_width + word_width] for d in d_inputs])
        )
        return inputs

    return scores, backprop


def pair_features(encoded: list[np.ndarray], pairs: list[np.ndarray], extras: list[np.ndarray]):
    """Features of every pair and the function that returns their gradient to ``encoded``.

    ``pairs`` rows are token offsets: first span, second span, sentence. Per pair: each
    span's first and last vector, then max-pools over each span, the words between them,
    the sentence before the first and the sentence after the second (zeros where empty),
    then the extras."""
    rows = []
    sources = []  # per row: (doc index, the token index or indexes behind each block)
    for doc_index, (vectors, doc_pairs, doc_extras) in enumerate(zip(encoded, pairs, extras)):
        width = vectors.shape[1]
        for (a0, a1, b0, b1, s0, s1), extra in zip(doc_pairs, doc_extras):
            blocks = [vectors[a0], vectors[a1 - 1], vectors[b0], vectors[b1 - 1]]
            argmax: list = [a0, a1 - 1, b0, b1 - 1]
            for start, end in ((a0, a1), (b0, b1), (a1, b0), (s0, a0), (b1, s1)):
                if end > start:
                    pooled = vectors[start:end]
                    blocks.append(pooled.max(axis=0))
                    argmax.append(pooled.argmax(axis=0) + start)
                else:
                    blocks.append(np.zeros(width, dtype="float32"))
                    argmax.append(None)
            blocks.append(extra)
            rows.append(np.concatenate(blocks))
            sources.append((doc_index, argmax))
    width = encoded[0].shape[1] if encoded else 0
    features = (
        np.vstack(rows).astype("float32")
        if rows
        else np.zeros((0, PAIR_BLOCKS * width + EXTRA_WIDTH), "float32")
    )

    def backprop(d_features: np.ndarray) -> list[np.ndarray]:
        grads = [np.zeros_like(vectors) for vectors in encoded]
        columns = np.arange(width)
        for row, (doc_index, argmax) in zip(d_features, sources):
            grad = grads[doc_index]
            for block, where in enumerate(argmax):
                if where is None:
                    continue
                piece = row[block * width : (block + 1) * width]
                if isinstance(where, np.ndarray):
                    np.add.at(grad, (where, columns), piece)
                else:
                    grad[where] += piece
        return grads

    return features, backprop


def pair_features_for_inference(
    encoded: list[np.ndarray], pairs: list[np.ndarray], extras: list[np.ndarray]
) -> np.ndarray:
    """``pair_features``'s features alone: edges gathered at once, each distinct interval
    max-pooled once (a sentence's spans and contexts recur across its pairs)."""
    width = encoded[0].shape[1] if encoded else 0
    rows = []
    for vectors, doc_pairs, doc_extras in zip(encoded, pairs, extras):
        if not len(doc_pairs):
            continue
        a0, a1, b0, b1, s0, s1 = (doc_pairs[:, column] for column in range(6))
        blocks = [vectors[a0], vectors[a1 - 1], vectors[b0], vectors[b1 - 1]]
        pooled: dict[tuple[int, int], np.ndarray] = {}
        zeros = np.zeros(width, dtype=vectors.dtype)
        for starts, ends in ((a0, a1), (b0, b1), (a1, b0), (s0, a0), (b1, s1)):
            block = np.empty((len(starts), width), dtype=vectors.dtype)
            for row, (start, end) in enumerate(zip(starts.tolist(), ends.tolist())):
                if end <= start:
                    block[row] = zeros
                    continue
                value = pooled.get((start, end))
                if value is None:
                    value = pooled[(start, end)] = vectors[start:end].max(axis=0)
                block[row] = value
            blocks.append(block)
        blocks.append(doc_extras)
        rows.append(np.hstack(blocks))
    if not rows:
        return np.zeros((0, PAIR_BLOCKS * width + EXTRA_WIDTH), "float32")
    return np.asarray(np.vstack(rows), dtype="float32")


def decode_pair(
    probabilities: np.ndarray, threshold: float = 0.0
) -> tuple[str, bool, float] | None:
    """The relation a row of class probabilities says: (label, first span is the head, score),
    or None for no relation or one scored under ``threshold``."""
    best = int(probabilities.argmax())
    if CLASSES[best] == NO_RELATION or probabilities[best] < threshold:
        return None
    name = CLASSES[best]
    return name.rstrip("<>"), not name.endswith("<"), float(probabilities[best])


class Ensemble:
    """Models trained alike from different seeds; their class probabilities averaged."""

    def __init__(self, members: Sequence[Model]) -> None:
        self.members = list(members)

    def predict(self, inputs: list[RelationInput]) -> np.ndarray:
        return sum(member.predict(inputs) for member in self.members) / len(self.members)


def save_model(members: Sequence[Model], folder: Path, meta: dict) -> None:
    """Write the members' weights and the settings that rebuild them to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("member-*.bin"):
        old.unlink()
    for number, member in enumerate(members):
        (folder / f"member-{number}.bin").write_bytes(member.to_bytes())
    (folder / "meta.json").write_text(
        json.dumps({**meta, "members": len(members), "attrs": dict(members[0].attrs)}, indent=2)
        + "\n"
    )


def load_model(folder: Path) -> tuple[Ensemble, dict]:
    """The ensemble saved in ``folder`` and its meta."""
    meta = json.loads((folder / "meta.json").read_text())
    members = []
    for number in range(meta["members"]):
        member = relation_model(**meta["attrs"])
        member.initialize()
        members.append(member.from_bytes((folder / f"member-{number}.bin").read_bytes()))
    return Ensemble(members), meta


# --- the component -------------------------------------------------------------------------
def span_label(span: Span, generic: bool) -> str:
    """The SciERC label the classifier sees for a span."""
    if generic:
        return "Generic"
    label = span._.kg_model_label
    return (
        label
        if label in SPAN_LABELS
        else SPAN_LABEL_OF_TYPE.get(span.label_, "OtherScientificTerm")
    )


def doc_candidates(doc: Doc) -> list[tuple[list[Span], list[str], tuple[int, int]]]:
    """Per sentence: its spans (mentions and generic spans, by start), their labels, and the
    sentence's token offsets."""
    spans = [(s, False) for s in doc.spans.get(SPAN_KEY, [])]
    spans += [(s, True) for s in doc.spans.get(GENERIC_KEY, [])]
    if len(spans) < 2:
        return []
    bounds = [(sentence.start, sentence.end) for sentence in doc.sents]
    starts = [start for start, _ in bounds]
    by_sentence: dict[int, list[tuple[Span, bool]]] = {}
    for span, generic in spans:
        by_sentence.setdefault(bisect.bisect_right(starts, span.start) - 1, []).append(
            (span, generic)
        )
    found = []
    for number, items in by_sentence.items():
        items.sort(key=lambda item: (item[0].start, -item[0].end))
        items = items[:MAX_SPANS_PER_SENTENCE]
        if len(items) >= 2:
            found.append(
                ([s for s, _ in items], [span_label(s, g) for s, g in items], bounds[number])
            )
    return found


def doc_token_tags(doc: Doc) -> np.ndarray:
    """``token_tags`` of a doc from all its mentions and generic spans, with the labels the
    classifier sees for them (``span_label``): the same spans as in training, where the
    tags come from the gold spans."""
    spans = [(s.start, s.end, span_label(s, False)) for s in doc.spans.get(SPAN_KEY, [])]
    spans += [(s.start, s.end, "Generic") for s in doc.spans.get(GENERIC_KEY, [])]
    return token_tags(len(doc), spans)


class RelationExtractor:
    """spaCy component ``kg_relations``: sets ``doc._.kg_relations`` from the trained model."""

    def __init__(self, nlp: Language, name: str, model_path: str, threshold: float) -> None:
        self.name = name
        self.model_path = model_path
        self.model, self.meta = load_model(Path(model_path))
        self.threshold = threshold if threshold >= 0 else float(self.meta.get("threshold", 0.5))

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, stream: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(stream, size=batch_size):
            yield from self._annotate(list(batch))

    def _annotate(self, docs: list[Doc]) -> list[Doc]:
        inputs: list[RelationInput] = []
        owners: list[tuple[Doc, list[tuple[Span, Span]]]] = []
        for doc in docs:
            doc._.kg_relations = []
            if doc.tensor is None or not len(doc.tensor):
                continue
            span_pairs, offsets, extras = [], [], []
            for spans, labels, (sentence_start, sentence_end) in doc_candidates(doc):
                for i, j in candidate_pairs([(s.start, s.end) for s in spans]):
                    span_pairs.append((spans[i], spans[j]))
                    offsets.append(
                        (
                            spans[i].start,
                            spans[i].end,
                            spans[j].start,
                            spans[j].end,
                            sentence_start,
                            sentence_end,
                        )
                    )
                    extras.append(pair_extras(labels[i], labels[j], spans[i].end, spans[j].start))
            if span_pairs:
                inputs.append(
                    (
                        doc.tensor,
                        word_ids(doc),
                        doc_token_tags(doc),
                        np.array(offsets, dtype="int32"),
                        np.vstack(extras),
                    )
                )
                owners.append((doc, span_pairs))
        if not inputs:
            return docs
        probabilities = self.model.predict(inputs)
        row = 0
        for doc, span_pairs in owners:
            text = doc.text  # (made from its tokens at each call: once per doc, not per pair)
            for first, second in span_pairs:
                found = decode_pair(probabilities[row], self.threshold)
                row += 1
                if found is None:
                    continue
                label, first_is_head, score = found
                if _set_apart(text, first.end_char, second.start_char, label):
                    continue
                head, tail = (first, second) if first_is_head else (second, first)
                doc._.kg_relations.append((head, tail, label, round(score, 3)))
        return docs


@Language.factory(
    "kg_relations", default_config={"model_path": str(PACKAGED_RELATION_MODEL), "threshold": -1.0}
)
def make_relation_extractor(
    nlp: Language, name: str, model_path: str, threshold: float
) -> RelationExtractor:
    if not Doc.has_extension("kg_relations"):
        Doc.set_extension("kg_relations", default=None)
    return RelationExtractor(nlp, name, model_path, threshold)
