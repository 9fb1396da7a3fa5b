"""Entity types of phrases: by their head word, their form and their context.

``classify_phrase`` types a rule's phrase by its head word ("image classification" -> task);
``model_type`` turns the trained recogniser's SciERC label into a kg type, corrected by the
span's form and sentence ("Llama2-7b" is a method whatever the model called it). The rule
confidences (``SCORE_*``) live here too: a curated name beats a definition, which beats a
head-noun guess.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from ..text.vocabulary import (
    DATASET_WORDS,
    GENERIC_HEADS,
    HEAD_TYPES,
    LEARNING_SETTINGS,
    METRIC_PHRASE_HEADS,
    STOP_PHRASES,
)
from ..text.words import compact, head_type, is_measure_at_cut_off, is_name_like, singular

# Rule confidences: a curated name beats a definition, which beats a head-noun guess.
# Model spans are scored with the model's dev precision for their label instead.
SCORE_LEXICON = 0.9
SCORE_ABBREVIATION = 0.8
SCORE_MODEL_DEFAULT = 0.6
SCORE_TYPED_HEAD = 0.6
SCORE_NAME = 0.5
SCORE_CONCEPT = 0.4
MODEL_LABELS = {
    "Method": "method",
    "Task": "task",
    "Metric": "metric",
    "Material": "dataset",
    "OtherScientificTerm": "concept",
}
_DATASET_CUES = re.compile(r"\b(datasets?|benchmarks?|corpus|corpora)\b", re.IGNORECASE)
EVALUATION_CUES = re.compile(
    r"experiment|evaluat|benchmark|dataset|test|result|accuracy", re.IGNORECASE
)


# "Llama2-7b", "Falcon-40B", "BART-Large": a model checkpoint, whatever the context. Counts
# in M or k name dataset sizes as often ("WebVid-10M"); sized datasets in B are in the lexicon.
MODEL_SIZE_CHARS = 40
_MODEL_SIZE = re.compile(
    r"\w-?(\d+(\.\d+)?[bB]|-(large|base|small|xxl|instruct|chat))$", re.IGNORECASE
)


def classify_phrase(words: list[str]) -> tuple[str, float] | None:
    """Entity type and score of a trimmed phrase, judged by its head word; None if vague."""
    if not words:
        return None
    head = singular(words[-1])
    kind = head_type(words)
    named = any(is_name_like(w) for w in words)
    if compact(words) in STOP_PHRASES:
        return None
    if kind:
        if len(words) == 1 and (head in GENERIC_HEADS or kind == "dataset"):
            return None
        if kind == "dataset" and not any(is_name_like(w) or w[:1].isupper() for w in words):
            return None  # "large-scale datasets" names no dataset
        if head == "learning" and len(words) > 1 and words[-2].lower() in LEARNING_SETTINGS:
            return "task", SCORE_TYPED_HEAD
        if kind in ("metric", "task", "dataset") and len(words) == 1 and not named:
            return kind, SCORE_NAME
        return kind, SCORE_TYPED_HEAD
    if named:
        return "method", SCORE_NAME
    if len(words) >= 2 and head not in GENERIC_HEADS:
        return "concept", SCORE_CONCEPT
    return None


def single_word_type(word: str, label: str) -> str:
    """One common word is a task or metric only if its head list says so ("segmentation",
    "perplexity"; "fine-tuning" is a method); "approximation" and "robustness" are concepts,
    and so are vague words the model calls methods ("inference", "parameter")."""
    head = singular(word)
    if label in ("task", "metric"):
        typed = HEAD_TYPES.get(head)
        return typed if typed in ("task", "metric", "method") else "concept"
    if label == "method" and head in GENERIC_HEADS:
        return "concept"
    return label


def names_a_dataset(words: list[str]) -> bool:
    """Material that is a named dataset, benchmark or corpus ("Penn Treebank", "WSJ corpus")."""
    if not words:
        return False
    proper = [w for w in words if is_name_like(w) or w[:1].isupper()]
    if singular(words[-1]) in DATASET_WORDS or words[-1].lower() in DATASET_WORDS:
        return bool(proper)
    # Capitals alone prove nothing (titles, people); a coined word does ("MNIST", "ImageNet-R").
    return len(proper) == len(words) and any(is_name_like(w) for w in words)


def model_type(span: Span, model_label: str) -> str:
    """The kg type of a model entity, from its SciERC label corrected by its form."""
    words = [t.text for t in span if not t.is_punct] or [span.text]
    if len(words) == 1 and is_measure_at_cut_off(words[0]):
        return "metric"  # "Recall@10", "pass@k"
    # (the size or variant ends the name: read from its last characters, not tried from
    # each of thousands of digits)
    tail = span.text[-MODEL_SIZE_CHARS:]
    if " " not in span.text and is_name_like(span.text) and _MODEL_SIZE.search(tail):
        return "method"
    if model_label in ("Material", "OtherScientificTerm", "Method") and all(
        is_name_like(w) for w in words
    ):
        kind = listed_kind(span)
        if kind in ("method", "dataset"):
            return kind  # "LLMs such as Phi-2", "optimizers, K-FAC and Shampoo"
    if model_label in ("Material", "OtherScientificTerm") and (
        names_a_dataset(words)
        and (
            model_label == "Material"
            or words[-1].lower() in DATASET_WORDS
            or _DATASET_CUES.search(span.sent.text)
        )
    ):
        return "dataset"  # "ChartQA benchmark", "CIFAR10-C ... across 8 datasets"
    label = MODEL_LABELS[model_label]
    if label == "dataset":
        return "concept"  # Material that names no dataset: "image sequences"
    if len(words) == 1 and not is_name_like(words[0]):
        return single_word_type(words[0], label)
    if label in ("concept", "task") and singular(words[-1]) in METRIC_PHRASE_HEADS:
        return "metric"  # "computational cost", "relative error", "memory footprint"
    coined = (
        len(span.text.split()) == 1
        and is_name_like(span.text)
        and any(c.isdigit() for c in span.text)
    )
    if label == "task" and (coined or head_type(words) == "method"):
        return "method"  # "Llama2-7b", "fine-tuning", "training" are no tasks
    if label == "method" and head_type(words) == "task":
        return "task"  # "image classification", "machine translation"
    if (
        label == "method"
        and len(words) == 1
        and is_name_like(words[0])
        and after_evaluation_on(span)
    ):
        return "dataset"
    return label


_LIST_MARKERS = frozenset(
    {"such", "as", "including", "like", "e.g.", "e.g", "namely", "i.e.", "viz."}
)


def listed_kind(span: Span, reach: int = 14) -> str | None:
    """The type that a list's kind noun gives a name listed after it: "LLMs such as
    SOLAR-10.7B and Phi-2", "two optimization algorithms, K-FAC and Shampoo" -> method;
    "benchmarks including MMLU" -> dataset. None without such a kind noun."""
    doc = span.doc
    listed = False
    for i in range(span.start - 1, max(span.sent.start, span.start - reach) - 1, -1):
        token = doc[i]
        if token.lower_ in _LIST_MARKERS:
            listed = True
            continue
        if token.is_punct:
            listed = listed or token.text in (",", ":")
            continue
        head = singular(token.text).lower()
        if listed and token.pos_ in ("NOUN", "PROPN") and head in HEAD_TYPES:
            return HEAD_TYPES[head]
        if (
            token.pos_ in ("CCONJ", "NUM", "PROPN")
            or is_name_like(token.text)
            or token.lower_ in ("et", "al")
        ):
            continue  # earlier members of the list ("MAG, SNIP, and GraSP"), citations
        return None
    return None


def after_evaluation_on(span: Span) -> bool:
    """Whether a span follows "on" or "across" in a sentence about experiments.

    A coined name there is a dataset: "we evaluate on FooBench".

    Parameters
    ----------
    span : spacy.tokens.Span
        A candidate mention in a doc with sentence boundaries.

    Returns
    -------
    bool
        True when the word before ``span`` is "on" or "across" and its sentence mentions
        experiments, evaluation, benchmarks, datasets, tests, results or accuracy.
    """
    if span.start == 0 or span.doc[span.start - 1].lower_ not in ("on", "across"):
        return False
    return bool(EVALUATION_CUES.search(span.sent.text))
