"""Training kg's relation classifier (``kg/models/relations``) on SciERC.

    python -m kg.train.relations ../shared/data/scierc/train.json ../shared/data/scierc/dev.json

The abstracts are run through the fast pipeline (for its token vectors: the classifier sits
on that frozen encoder); every pair of gold spans in one SciERC sentence is an example,
labelled with its gold relation and direction or with none. Training runs for ``--epochs``
over SciERC train; after each epoch the model is scored on SciERC dev with gold spans (the
relation-classification F1) and the best epoch is kept. The decision threshold is then
chosen on dev as well. Dev selects; it is never trained on. The defaults are the packaged
model's: one member (seed 0), about a minute on 2 cores. The model is small on purpose:
the default build must stay well faster than stock ``en_core_web_sm`` (a member twice as
wide scored about 0.02 higher on dev and cost six times as much; a second member averaged
in, +0.012, cost a third of the build's time).

The encoder reads each token's span tag (``--span-tags``, on by default), and unrelated pairs
weigh half as much as related ones in the loss (``--none-weight 0.5``): over five seeds, dev
F1 0.486 without tags, 0.513 with them, 0.518 with both. A deeper encoder, a wider window,
a wider model or other learning rates, dropouts and epochs did no better
(``benchmarks/relation_experiments.md``).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from thinc.api import Adam, Model, fix_random_seed

from ..extract.relations import (
    CLASSES,
    EXTRA_WIDTH,
    MAX_PAIR_TOKENS,
    NO_RELATION,
    PACKAGED_RELATION_MODEL,
    SYMMETRIC_LABELS,
    Ensemble,
    candidate_pairs,
    decode_pair,
    pair_extras,
    relation_model,
    save_model,
    token_tags,
    word_ids,
)
from .scierc import GoldDoc, GoldSpan, read_scierc

__all__ = ["PairExamples", "pair_examples", "relation_scores", "train"]


@dataclass
class PairExamples:
    """The candidate pairs of one abstract, as model input, with their gold classes."""

    vectors: np.ndarray
    words: np.ndarray
    tags: np.ndarray  # (n,) each token's span tag (``token_tags``), from all the gold spans
    offsets: np.ndarray  # (P, 6) token offsets: first span, second span, sentence
    extras: np.ndarray
    classes: np.ndarray  # (P,) index into CLASSES
    spans: list[tuple[GoldSpan, GoldSpan]]  # the character spans of each pair, in text order
    gold: set = field(default_factory=set)  # all the document's gold relations, paired or not

    def as_input(self):
        return self.vectors, self.words, self.tags, self.offsets, self.extras


def gold_class(first: GoldSpan, second: GoldSpan, relations: dict) -> int:
    """The class of the pair (``first`` before ``second`` in the text)."""
    forward = relations.get(((first.start, first.end), (second.start, second.end)))
    if forward is not None:
        return CLASSES.index(forward if forward in SYMMETRIC_LABELS else forward + ">")
    backward = relations.get(((second.start, second.end), (first.start, first.end)))
    if backward is not None:
        return CLASSES.index(backward if backward in SYMMETRIC_LABELS else backward + "<")
    return CLASSES.index(NO_RELATION)


# Training pairs reach further than kg pairs at run time (``MAX_PAIR_TOKENS``): the far
# pairs, nearly all unrelated, still teach the model what unrelated looks like (dev F1 0.52
# with them, 0.50 without).
TRAIN_PAIR_TOKENS = 60


def pair_examples(
    nlp, documents: list[GoldDoc], batch_size: int = 32, limit: int = MAX_PAIR_TOKENS
) -> list[PairExamples]:
    """Examples of every pair of gold spans in a sentence of each document, at most
    ``limit`` tokens apart."""
    examples = []
    for gold, doc in zip(documents, nlp.pipe((d.text for d in documents), batch_size=batch_size)):
        relations = {
            ((r.head.start, r.head.end), (r.tail.start, r.tail.end)): r.label
            for r in gold.relations
        }
        offsets, extras, classes, spans = [], [], [], []
        tagged = []
        for span in gold.spans:
            found = doc.char_span(span.start, span.end, alignment_mode="expand")
            if found is not None:
                tagged.append((found.start, found.end, span.label))
        for sentence_start, sentence_end in gold.sentences:
            inside = sorted(
                (s for s in gold.spans if sentence_start <= s.start and s.end <= sentence_end),
                key=lambda s: (s.start, -s.end),
            )
            tokens = [doc.char_span(s.start, s.end, alignment_mode="expand") for s in inside]
            sentence = doc.char_span(sentence_start, sentence_end, alignment_mode="expand")
            kept = [(s, t) for s, t in zip(inside, tokens) if t is not None]
            for i, j in candidate_pairs([(t.start, t.end) for _, t in kept], limit):
                (first, a), (second, b) = kept[i], kept[j]
                offsets.append((a.start, a.end, b.start, b.end, sentence.start, sentence.end))
                extras.append(pair_extras(first.label, second.label, a.end, b.start))
                classes.append(gold_class(first, second, relations))
                spans.append((first, second))
        examples.append(
            PairExamples(
                doc.tensor,
                word_ids(doc),
                token_tags(len(doc), tagged),
                np.array(offsets, dtype="int32").reshape(-1, 6),
                np.vstack(extras) if extras else np.zeros((0, EXTRA_WIDTH), dtype="float32"),
                np.array(classes, dtype="int32"),
                spans,
                gold_relation_set(gold),
            )
        )
    return examples


def relation_set(spans: list[tuple[GoldSpan, GoldSpan]], predicted: list) -> set[tuple]:
    """Relations as comparable tuples: (head, tail, label), symmetric ones in text order."""
    found = set()
    for (first, second), decoded in zip(spans, predicted):
        if decoded is None:
            continue
        label, first_is_head, _ = decoded
        head, tail = (
            (first, second) if first_is_head or label in SYMMETRIC_LABELS else (second, first)
        )
        found.add(((head.start, head.end), (tail.start, tail.end), label))
    return found


def gold_relation_set(document: GoldDoc) -> set[tuple]:
    """A document's gold relations as ``relation_set`` tuples."""
    found = set()
    for r in document.relations:
        head, tail = (r.head.start, r.head.end), (r.tail.start, r.tail.end)
        if r.label in SYMMETRIC_LABELS and tail < head:
            head, tail = tail, head
        found.add((head, tail, r.label))
    return found


def relation_scores(model, examples: list[PairExamples], threshold: float = 0.0) -> dict:
    """Micro P/R/F1 of typed, directed relations; recall counts every gold relation,
    also those no candidate pair can find (spans that overlap or lie too far apart)."""
    tp = predicted_count = gold_count = 0
    for start in range(0, len(examples), 16):
        chunk = examples[start : start + 16]
        probabilities = (
            model.predict([e.as_input() for e in chunk])
            if any(len(e.classes) for e in chunk)
            else np.zeros((0, len(CLASSES)))
        )
        row = 0
        for example in chunk:
            rows = probabilities[row : row + len(example.classes)]
            row += len(example.classes)
            predicted = relation_set(example.spans, [decode_pair(p, threshold) for p in rows])
            gold = example.gold
            tp += len(predicted & gold)
            predicted_count += len(predicted)
            gold_count += len(gold)
    p = tp / predicted_count if predicted_count else 0.0
    r = tp / gold_count if gold_count else 0.0
    return {
        "p": round(p, 4),
        "r": round(r, 4),
        "f": round(2 * p * r / (p + r) if p + r else 0.0, 4),
        "tp": tp,
        "predicted": predicted_count,
        "gold": gold_count,
    }


def train_member(
    train_examples: list[PairExamples],
    dev_examples: list[PairExamples],
    *,
    seed: int,
    epochs: int,
    batch_docs: int,
    learn_rate: float,
    none_weight: float,
    width: int,
    hidden: int,
    depth: int,
    dropout: float,
    span_tags: bool,
    window_size: int,
    log,
) -> Model:
    """One model, trained from ``seed``; the epoch with the best dev F1 is kept."""
    fix_random_seed(seed)
    rng = random.Random(seed)
    train_examples = list(train_examples)
    model = relation_model(
        width=width,
        hidden=hidden,
        depth=depth,
        dropout=dropout,
        input_width=train_examples[0].vectors.shape[1],
        span_tags=span_tags,
        window_size=window_size,
    )
    model.initialize()
    optimizer = Adam(learn_rate, grad_clip=1.0, L2=1e-4)
    weights = np.ones(len(CLASSES), dtype="float32")
    weights[CLASSES.index(NO_RELATION)] = none_weight
    best: tuple[float, bytes, int] = (-1.0, b"", 0)
    for epoch in range(1, epochs + 1):
        rng.shuffle(train_examples)
        loss = 0.0
        for start in range(0, len(train_examples), batch_docs):
            batch = [e for e in train_examples[start : start + batch_docs] if len(e.classes)]
            if not batch:
                continue
            probabilities, backprop = model.begin_update([e.as_input() for e in batch])
            classes = np.concatenate([e.classes for e in batch])
            truth = np.eye(len(CLASSES), dtype="float32")[classes]
            d_scores = (probabilities - truth) * weights[classes][:, None] / len(classes)
            loss += float(-(np.log(probabilities[np.arange(len(classes)), classes] + 1e-9)).sum())
            backprop(d_scores)
            model.finish_update(optimizer)
        with (
            model.use_params(optimizer.averages) if optimizer.averages else contextlib.nullcontext()
        ):
            scores = relation_scores(model, dev_examples)
            if scores["f"] > best[0]:
                best = (scores["f"], model.to_bytes(), epoch)
        log(
            f"seed {seed} epoch {epoch:>2}  loss {loss:9.1f}  dev P {scores['p']:.3f} R {scores['r']:.3f} "
            f"F {scores['f']:.3f}"
        )
    log(f"seed {seed}: best epoch {best[2]}, dev F {best[0]:.3f}")
    return model.from_bytes(best[1])


def train(
    train_path: str | Path,
    dev_path: str | Path,
    output: str | Path = PACKAGED_RELATION_MODEL,
    *,
    members: int = 1,
    epochs: int = 12,
    batch_docs: int = 8,
    learn_rate: float = 1e-3,
    seed: int = 0,
    none_weight: float = 0.5,
    width: int = 64,
    hidden: int = 128,
    depth: int = 2,
    dropout: float = 0.3,
    span_tags: bool = True,
    window_size: int = 1,
    log=None,
) -> dict:
    """Train ``members`` models from consecutive seeds, each selected on dev, choose the
    ensemble's decision threshold on dev, and write it to ``output``.

    Parameters
    ----------
    train_path, dev_path
        SciERC train (trained on) and dev (selects the epoch and the threshold).
    output
        The model's folder: its members' weights and ``meta.json``.
    members, seed
        Number of models, trained from the seeds ``seed``, ``seed + 1``...
    epochs, batch_docs, learn_rate
        The schedule: passes over train, abstracts per update, Adam's learning rate.
    none_weight
        Loss weight of the pairs with no relation (the others weigh 1).
    width, hidden, depth, dropout, span_tags, window_size
        The model's settings (``relation_model``).
    log
        Where progress lines go (default: printed).

    Returns
    -------
    dict
        The saved model's dev scores with gold spans: P, R, F1 and their counts.
    """
    from ..extract import load_pipeline

    log = log or functools.partial(print, flush=True)
    nlp = load_pipeline(relation_classifier=False)
    started = time.perf_counter()
    train_examples = pair_examples(nlp, list(read_scierc(train_path)), limit=TRAIN_PAIR_TOKENS)
    dev_examples = pair_examples(nlp, list(read_scierc(dev_path)))
    log(
        f"pairs: train {sum(len(e.classes) for e in train_examples)}, dev {sum(len(e.classes) for e in dev_examples)}"
        f" ({time.perf_counter() - started:.0f} s to encode)"
    )
    trained = [
        train_member(
            train_examples,
            dev_examples,
            seed=seed + number,
            epochs=epochs,
            batch_docs=batch_docs,
            learn_rate=learn_rate,
            none_weight=none_weight,
            width=width,
            hidden=hidden,
            depth=depth,
            dropout=dropout,
            span_tags=span_tags,
            window_size=window_size,
            log=log,
        )
        for number in range(members)
    ]
    ensemble = Ensemble(trained)
    thresholds = {
        t: relation_scores(ensemble, dev_examples, t)["f"] for t in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7)
    }
    threshold = max(thresholds, key=lambda t: (thresholds[t], -t))
    scores = relation_scores(ensemble, dev_examples, threshold)
    log(
        f"ensemble of {members}, threshold {threshold}: dev P {scores['p']} R {scores['r']} F {scores['f']}"
    )
    meta = {
        "trained_on": str(Path(train_path).name),
        "selected_on": str(Path(dev_path).name),
        "threshold": threshold,
        "classes": list(CLASSES),
        "seeds": list(range(seed, seed + members)),
        "epochs": epochs,
        "learn_rate": learn_rate,
        "none_weight": none_weight,
        "encoder": "kg/models/scierc_ner tok2vec (frozen)",
        "dev_gold_spans": scores,
    }
    save_model(trained, Path(output), meta)
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kg.train.relations", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("train", help="SciERC train (DyGIE json)")
    parser.add_argument("dev", help="SciERC dev, for selection only")
    parser.add_argument("-o", "--output", default=str(PACKAGED_RELATION_MODEL))
    parser.add_argument("--members", type=int, default=1, help="models in the ensemble (seeds)")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument(
        "--none-weight", type=float, default=0.5, help="loss weight of unrelated pairs"
    )
    parser.add_argument("--learn-rate", type=float, default=1e-3)
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--dropout", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--span-tags",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="the encoder reads each token's span tag",
    )
    parser.add_argument(
        "--window-size", type=int, default=1, help="words each side each encoder layer reads"
    )
    args = parser.parse_args(argv)
    train(
        args.train,
        args.dev,
        args.output,
        members=args.members,
        epochs=args.epochs,
        none_weight=args.none_weight,
        learn_rate=args.learn_rate,
        width=args.width,
        hidden=args.hidden,
        depth=args.depth,
        seed=args.seed,
        dropout=args.dropout,
        span_tags=args.span_tags,
        window_size=args.window_size,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
