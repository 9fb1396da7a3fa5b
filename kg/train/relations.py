"""Training kg's relation classifier (``kg/models/relations``) on SciERC.

    python -m kg.train.relations ../shared/data/scierc/train.json ../shared/data/scierc/dev.json \
        --members 5 -o build/relations-teacher
    python -m kg.train.relations ../shared/data/scierc/train.json ../shared/data/scierc/dev.json \
        --teacher build/relations-teacher --unlabelled ../shared/data/scirex/train \
        --unlabelled-papers ../shared/seeds

The abstracts are run through the fast pipeline (for its token vectors: the classifier sits
on that frozen encoder); every pair of gold spans in one SciERC sentence is an example,
labelled with its gold relation and direction or with none. Training runs for ``--epochs``
over SciERC train; after each epoch the model is scored on SciERC dev with gold spans (the
relation-classification F1) and the best epoch is kept. The decision threshold is then
chosen on dev as well. Dev selects; it is never trained on. The model is small on purpose:
the default build must stay well faster than stock ``en_core_web_sm`` (a member twice as
wide scored about 0.02 higher on dev and cost six times as much; a second member averaged
in, +0.012, cost a third of the build's time).

The packaged model is one member (seed 0) distilled from an ensemble, as above (``make
model-relations``): five members trained with the defaults are the teacher; the pairs the
pipeline finds in the opening words of the SciREX training papers (unlabelled text, its
selection papers left out) and in the seeds' abstracts (the papers kg is built for,
unlabelled too) join SciERC train with the teacher's class probabilities as their
targets. The member costs what any member costs at run time and keeps most of the
ensemble's gain: over five seeds, dev F1 0.537 against 0.518 without the teacher (the
teacher itself 0.539); the seeds' abstracts added about 0.006 more (three seeds, 0.542
against 0.536). The teacher's probabilities on SciERC train itself
(``--distill-weight``, ``--temperature``) did not help (0.506 and 0.501 over three seeds).

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
    doc_candidates,
    doc_token_tags,
    load_model,
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
    teacher: np.ndarray | None = None  # (P, len(CLASSES)) a teacher's class probabilities
    labelled: bool = True  # False: unlabelled text, whose targets are the teacher's alone

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


def add_teacher_probabilities(teacher, examples: list[PairExamples]) -> None:
    """Set each example's ``teacher``: the class probabilities ``teacher`` (a model or an
    ``Ensemble``) gives its pairs."""
    for start in range(0, len(examples), 16):
        chunk = [e for e in examples[start : start + 16] if len(e.classes)]
        if not chunk:
            continue
        probabilities = teacher.predict([e.as_input() for e in chunk])
        row = 0
        for example in chunk:
            example.teacher = np.asarray(
                probabilities[row : row + len(example.classes)], dtype="float32"
            )
            row += len(example.classes)


def unlabelled_examples(nlp, texts: list[str], teacher, batch_size: int = 32) -> list[PairExamples]:
    """Examples of the pairs the component would classify in ``texts`` (between the spans
    the pipeline finds, as at run time), labelled by ``teacher``: its class probabilities
    are their targets, and its most likely class their ``classes`` (for the loss weights)."""
    examples = []
    for doc in nlp.pipe(texts, batch_size=batch_size):
        offsets, extras = [], []
        for spans, labels, (sentence_start, sentence_end) in doc_candidates(doc):
            for i, j in candidate_pairs([(s.start, s.end) for s in spans]):
                offsets.append(
                    (spans[i].start, spans[i].end, spans[j].start, spans[j].end)
                    + (sentence_start, sentence_end)
                )
                extras.append(pair_extras(labels[i], labels[j], spans[i].end, spans[j].start))
        if not offsets:
            continue
        examples.append(
            PairExamples(
                doc.tensor,
                word_ids(doc),
                doc_token_tags(doc),
                np.array(offsets, dtype="int32"),
                np.vstack(extras),
                np.zeros(len(offsets), dtype="int32"),
                [],
                labelled=False,
            )
        )
    add_teacher_probabilities(teacher, examples)
    for example in examples:
        assert example.teacher is not None
        example.classes = example.teacher.argmax(axis=1).astype("int32")
    return examples


def soften(probabilities: np.ndarray, temperature: float) -> np.ndarray:
    """Class probabilities at ``temperature``: the softmax of their logs divided by it."""
    if temperature == 1.0:
        return probabilities
    logits = np.log(np.maximum(probabilities, 1e-9)) / temperature
    logits -= logits.max(axis=1, keepdims=True)
    exponentials = np.exp(logits)
    return exponentials / exponentials.sum(axis=1, keepdims=True)


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
    distill_weight: float = 0.0,
    temperature: float = 1.0,
) -> Model:
    """One model, trained from ``seed``; the epoch with the best dev F1 is kept.

    With ``distill_weight`` above 0 the examples must carry a ``teacher``'s probabilities,
    and the loss is ``(1 - distill_weight)`` times the cross-entropy with the gold classes
    plus ``distill_weight`` times ``temperature`` squared times the cross-entropy with the
    teacher's probabilities, both softened by ``temperature`` (knowledge distillation).
    Both parts weigh each pair by its gold class (``none_weight``). Examples that are not
    ``labelled`` (pairs of unlabelled text) learn the teacher's probabilities alone, weighed
    by the teacher's most likely class. Each epoch is scored (and kept) with the optimizer's
    moving averages of the weights."""
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
            truth = np.concatenate(
                [
                    np.eye(len(CLASSES), dtype="float32")[e.classes] if e.labelled else e.teacher
                    for e in batch
                ]
            )
            d_scores = probabilities - truth
            if distill_weight:
                teacher = np.concatenate([e.teacher for e in batch])
                d_soft = soften(probabilities, temperature) - soften(teacher, temperature)
                d_scores = (1 - distill_weight) * d_scores + distill_weight * temperature * d_soft
            d_scores = d_scores * weights[classes][:, None] / len(classes)
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
    teacher: str | Path | None = None,
    distill_weight: float = 0.0,
    temperature: float = 1.0,
    unlabelled: str | Path | None = None,
    unlabelled_words: int = 240,
    unlabelled_papers: str | Path | None = None,
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
    teacher
        A saved model's folder (an ensemble trained by this function): when given, each
        member learns its class probabilities on the ``unlabelled`` pairs and, with
        ``distill_weight`` above 0, on train's own pairs too (``train_member``).
    distill_weight, temperature
        With ``teacher``: its share of the loss on train's pairs (0: none, the packaged
        model's setting) and the softening temperature.
    unlabelled, unlabelled_words
        With ``teacher``: a folder of SciREX train papers, whose opening
        ``unlabelled_words`` words (in passages, ``kg.train.distill.scirex_passages``) join
        train, their pairs between the spans the pipeline finds, labelled by the teacher.
    unlabelled_papers
        With ``teacher``: paper abstracts kg reads (a folder or file of dumps, as ``kg
        build`` takes them), whose abstracts join train in the same way.
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
    teacher_meta = None
    unlabelled_meta = None
    if teacher is not None:
        teacher_model, teacher_meta = load_model(Path(teacher))
        if distill_weight:
            add_teacher_probabilities(teacher_model, train_examples)
        if unlabelled is not None:
            from .distill import scirex_passages

            passages = list(scirex_passages(Path(unlabelled), max_words=unlabelled_words))
            extra = unlabelled_examples(nlp, passages, teacher_model)
            unlabelled_pairs = sum(len(e.classes) for e in extra)
            log(f"unlabelled: {len(extra)} passages, {unlabelled_pairs} pairs")
            unlabelled_meta = {
                "text": f"{Path(unlabelled).name}: the opening {unlabelled_words} words "
                "of each SciREX paper (its selection papers left out)",
                "passages": len(extra),
                "pairs": unlabelled_pairs,
            }
            train_examples += extra
        if unlabelled_papers is not None:
            from ..readers import deduplicate, expand_inputs, read_papers

            abstracts = [
                p.abstract
                for p in deduplicate(read_papers(expand_inputs([unlabelled_papers])), {})
                if p.abstract
            ]
            extra = unlabelled_examples(nlp, abstracts, teacher_model)
            pairs = sum(len(e.classes) for e in extra)
            log(f"unlabelled papers: {len(extra)} abstracts, {pairs} pairs")
            unlabelled_meta = {
                **(unlabelled_meta or {}),
                "papers": f"{Path(unlabelled_papers).name}: {len(extra)} abstracts, {pairs} pairs",
            }
            train_examples += extra
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
            distill_weight=distill_weight if teacher is not None else 0.0,
            temperature=temperature,
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
    if teacher_meta is not None:
        meta["distilled_from"] = {
            "seeds": teacher_meta["seeds"],
            "dev_gold_spans": teacher_meta.get("dev_gold_spans"),
            "distill_weight": distill_weight,
            "temperature": temperature,
            "unlabelled": unlabelled_meta,
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
    parser.add_argument(
        "--teacher",
        help="a saved ensemble's folder (e.g. trained with --members 5): distil it",
    )
    parser.add_argument(
        "--distill-weight",
        type=float,
        default=0.0,
        help="the teacher's share of the loss on train's own pairs",
    )
    parser.add_argument(
        "--temperature", type=float, default=1.0, help="softening of both distributions"
    )
    parser.add_argument(
        "--unlabelled", help="with --teacher: SciREX train's folder, its pairs labelled by it"
    )
    parser.add_argument(
        "--unlabelled-words", type=int, default=240, help="opening words of each SciREX paper"
    )
    parser.add_argument(
        "--unlabelled-papers",
        help="with --teacher: paper dumps kg reads (e.g. ../shared/seeds), their abstracts' "
        "pairs labelled by it",
    )
    args = parser.parse_args(argv)
    if args.teacher is None and (args.unlabelled or args.unlabelled_papers or args.distill_weight):
        parser.error("--unlabelled, --unlabelled-papers and --distill-weight need a --teacher")
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
        teacher=args.teacher,
        distill_weight=args.distill_weight,
        temperature=args.temperature,
        unlabelled=args.unlabelled,
        unlabelled_words=args.unlabelled_words,
        unlabelled_papers=args.unlabelled_papers,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
