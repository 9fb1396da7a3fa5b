"""Typed entity mentions: the trained model's spans, repaired and retyped, plus rules.

``kg_entity_rules`` merges candidate sources into ``doc.spans["kg_mentions"]``; each is a
small ``CandidateSource`` class with one method (``find``) and an explicit priority for
overlaps: the SciERC-trained recogniser's entities (``doc.ents``, trusted first for span
boundaries), the lexicon of well-known names, abbreviation definitions ("Long Form
(ABBR)"), and noun-phrase rules ("the X dataset", head-word types, coined names). A new
source is a class added to ``EntityRules.sources``. Each span's ``label_`` is a kg entity
type; ``Span._.kg_source`` / ``_.kg_score`` / ``_.kg_proposed`` / ``_.kg_model_label`` say
where it came from, how sure that source is, whether the paper proposes it, and what the
model called it. The model's Generic spans ("this method") go to ``doc.spans["kg_generic"]``.

Known names inside a longer mention ("Transformer" in "Transformer-based language model",
"BERT" in "BERT fine-tuning") go to ``doc.spans["kg_nested"]``: the flat mentions keep the
model's extent, and the graph still learns that the paper uses the Transformer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from .lexicon import lexicon_matchers
from .vocabulary import (
    DATASET_WORDS,
    GENERIC_HEADS,
    GENERIC_NAMES,
    HEAD_TYPES,
    LEADING_NOISE,
    LEARNING_SETTINGS,
    MATH_WORDS,
    METRIC_PHRASE_HEADS,
    NOT_METHODS,
    PRONOUNS,
    STOP_PHRASES,
    TRAILING_NOISE,
)

SPAN_KEY = "kg_mentions"
GENERIC_KEY = "kg_generic"
NESTED_KEY = "kg_nested"
# "X-based model": X is a name of its own, not part of a new compound name.
DERIVATION_SUFFIXES = frozenset(
    {
        "based",
        "style",
        "like",
        "driven",
        "powered",
        "guided",
        "inspired",
        "augmented",
        "enhanced",
        "assisted",
        "centric",
    }
)
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
_NOT_A_NAME = re.compile(r"://|www\.|\.(com|org|io|html?)\b|@|[\"“”]")
_NAME_LIKE = re.compile(r"(?:[A-Za-z].*\d)|(?:\d.*[A-Za-z])|(?:.[A-Z])|(?:^[A-Z]{2,})")
# "Llama2-7b", "Falcon-40B", "BART-Large": a model checkpoint, whatever the context. Counts
# in M or k name dataset sizes as often ("WebVid-10M"); sized datasets in B are in the lexicon.
_MODEL_SIZE = re.compile(
    r"\w-?(\d+(\.\d+)?[bB]|-(large|base|small|xxl|instruct|chat))$", re.IGNORECASE
)
_INFLECTED_VERB_TAGS = frozenset({"VBG", "VBD", "VBN", "VBZ"})  # bare "VB" is often a misread noun
_FINITE_VERB_TAGS = frozenset({"VBP", "VBZ", "VBD"})
_LEADING_PARTICIPLES = frozenset({"proposed", "introduced", "presented", "aforementioned"})
_EDGE_POS_START = frozenset({"DET", "PRON", "CCONJ", "ADP", "PUNCT", "SCONJ", "PART"})
_EDGE_POS_END = frozenset({"DET", "PRON", "CCONJ", "ADP", "PUNCT", "SCONJ", "PART", "AUX"})


def register_extensions() -> None:
    for name, default in (
        ("kg_source", "rule"),
        ("kg_score", 0.0),
        ("kg_proposed", False),
        ("kg_model_label", None),
    ):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    # which field a doc holds, and a title's text before sentence-casing
    for name in ("kg_field", "kg_original"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def is_name_like(word: str) -> bool:
    """Looks like a coined name: "BERT", "GPT-2", "ResNet", "LLaMA2", "bert2BERT" (not "32k")."""
    return (
        bool(_NAME_LIKE.search(word))
        and sum(ch.isalpha() for ch in word) >= 2
        and not _NOT_A_NAME.search(word)
    )


def singular(word: str) -> str:
    """Lower-case singular of an English noun or an acronym plural ("LLMs" -> "llm")."""
    lower = word.lower()
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        return lower[:-1]
    if len(lower) <= 3 or lower.endswith(("ss", "us", "is", "ics", "ous")):
        return lower
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith(("sses", "xes", "ches", "shes")):
        return lower[:-2]
    if lower.endswith("s"):
        return lower[:-1]
    return lower


def classify_phrase(words: list[str]) -> tuple[str, float] | None:
    """Entity type and score of a trimmed phrase, judged by its head word; None if vague."""
    if not words:
        return None
    head = singular(words[-1])
    kind = head_type(words)
    named = any(is_name_like(w) for w in words)
    if _compact(words) in STOP_PHRASES:
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


def head_type(words: list[str]) -> str | None:
    """The entity type its head word gives a phrase ("image classification" -> task), or None."""
    head = singular(words[-1])
    two = f"{singular(words[-2])} {head}" if len(words) > 1 else ""
    found = HEAD_TYPES.get(two) or HEAD_TYPES.get(head)
    if found is None and "-" in head:
        found = HEAD_TYPES.get(head.rsplit("-", 1)[-1])
    return found


def _single_word_type(word: str, label: str) -> str:
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


def is_generic(words: list[str]) -> bool:
    """A phrase that names nothing: "method", "this approach", "the proposed framework"."""
    content = [w for w in words if w.lower() not in LEADING_NOISE and w.lower() not in PRONOUNS]
    if not content or _compact(content) in STOP_PHRASES:
        return True
    return (
        len(content) == 1 and singular(content[0]) in GENERIC_NAMES and not is_name_like(content[0])
    )


def names_a_dataset(words: list[str]) -> bool:
    """Material that is a named dataset, benchmark or corpus ("Penn Treebank", "WSJ corpus")."""
    if not words:
        return False
    proper = [w for w in words if is_name_like(w) or w[:1].isupper()]
    if singular(words[-1]) in DATASET_WORDS or words[-1].lower() in DATASET_WORDS:
        return bool(proper)
    # Capitals alone prove nothing (titles, people); a coined word does ("MNIST", "ImageNet-R").
    return len(proper) == len(words) and any(is_name_like(w) for w in words)


def _compact(words: list[str]) -> str:
    return re.sub(r"[^a-z0-9]", "", " ".join(words[:-1] + [singular(words[-1])]).lower())


def trim_span(span: Span) -> Span | None:
    """Drop determiners, pronouns, evaluative words and stray punctuation at the edges."""
    doc = span.doc
    start, end = span.start, span.end
    # A chunk never spans a parenthesis: keep the part before it.
    for token in span:
        if token.text in "()[]" and token.i > start:
            end = token.i
            break
    if any(t.pos_ == "CCONJ" for t in doc[start:end]):
        return None  # coordinations ("CIFAR-100 and ImageNet datasets") hold several entities
    while start < end and (
        doc[start].lower_ in LEADING_NOISE
        or doc[start].is_punct
        or doc[start].pos_ in ("DET", "PRON", "NUM", "CCONJ", "ADP")
        or doc[start].lower_ in PRONOUNS
    ):
        start += 1
    while end > start and (
        doc[end - 1].text in TRAILING_NOISE
        or doc[end - 1].is_punct
        or doc[end - 1].pos_ in ("ADP", "CCONJ", "DET")
    ):
        end -= 1
    if start >= end:
        return None
    return whole_words(doc[start:end])


def repair_model_span(span: Span) -> Span | None:
    """Boundary repair of a model entity: whole words, balanced parentheses, no dangling words.

    "Radiative Rasterization" inside "Differentiable-Radiative Rasterization" grows to the
    whole hyphenated word; "hidden Markov models (HMMs)" stays whole but "models (HMMs" is
    cut before the parenthesis; a span that starts or ends with a determiner, preposition,
    conjunction or punctuation loses it.
    """
    doc = span.doc
    start, end = span.start, span.end
    depth = 0
    for token in span:  # an unbalanced parenthesis ends (or starts) the span
        if token.text in "([":
            depth += 1
        elif token.text in ")]":
            depth -= 1
            if depth < 0:
                if token.i > start:
                    end = token.i
                    break
                start, depth = token.i + 1, 0
    if depth > 0:
        end = next(t.i for t in doc[start:end] if t.text in "([")
    while (
        start < end
        and (
            doc[start].pos_ in _EDGE_POS_START
            or doc[start].lower_ in PRONOUNS
            or doc[start].lower_ in _LEADING_PARTICIPLES
            or doc[start].tag_ in _FINITE_VERB_TAGS
        )
        and not is_name_like(doc[start].text)
    ):
        start += 1  # "the", "introduced", "achieves" (accuracy); gerunds stay: "computing flow"
    while (
        end > start
        and doc[end - 1].pos_ in _EDGE_POS_END
        and not is_name_like(doc[end - 1].text)
        and doc[end - 1].text not in ")]"
    ):
        end -= 1
    if (
        doc._.kg_field == "title"
        and end - start > 2
        and doc[start].tag_ in ("VBG", "VB", "VBP")
        and (start == 0 or doc[start - 1].text == ":")
    ):
        start += 1  # "Improving Hyperparameter Learning", ": Distill Knowledge": the title's verb
    if start >= end:
        return None
    return whole_words(doc[start:end])


def whole_words(span: Span) -> Span:
    """Grow a span to whole whitespace-delimited words ("Radiative" -> "Differentiable-Radiative")."""
    doc = span.doc
    start, end = span.start, span.end
    while (
        start > 0
        and not doc[start - 1].whitespace_
        and doc[start - 1].text not in "([\"'"
        and (doc[start - 1].text == "-" or doc[start].text == "-")
    ):
        start -= 1
    while (
        end < len(doc)
        and not doc[end - 1].whitespace_
        and doc[end].text not in ")],;:.\"'"
        and (doc[end].text == "-" or doc[end - 1].text == "-")
    ):
        end += 1
    return doc[start:end]


# --- fragments: spans cut at a hyphen, an ampersand, a slash or inside brackets ----------

_DASHES = frozenset({"-", "--", "–", "—"})
# A number, a size or a range of them, maybe signed: "7B", "0.1B-1.2B", "+3", ">0", "~10k".
_QUANTITY = re.compile(
    r"^[~≈<>≤≥±+\-]?\d[\d.,]*\s*[KMBTkmb%x]?"
    r"(\s*[-–]\s*[\d.,]+\s*[KMBTkmb%x]?)?$"
)
_SIGNED_NUMBER = re.compile(r"^[~≈<>≤≥±+]\d")
_RELATION = re.compile(r"[=<>≤≥|]|\\[A-Za-z]")  # a relation or a LaTeX command
_CITATION_AFTER = re.compile(r"^\s*(\(\s*(19|20)\d\d|,\s*(19|20)\d\d|et al\b)")


def _capitalised(token) -> bool:
    """Capitalised as written (a title's original capitals, not its sentence case)."""
    doc = token.doc
    text = doc._.kg_original or doc.text
    return text[token.idx : token.idx + 1].isupper() or is_name_like(token.text)


def _math_word(word: str) -> bool:
    """A variable or a formula: "epsilon^2", "f_theta", "R^{d}", "x"; not "BERT_BASE" (a
    capitalised name before the underscore) nor "l_2-regularization" (a word after a hyphen)."""
    if any(
        len(part) > 2 and part.isalpha() and part.lower() not in MATH_WORDS
        for part in word.split("-")[1:]
    ):
        return False
    bare = word.strip("()[],.;:")
    if re.search(r"[\^{}\\]", bare) or bare in MATH_WORDS or (len(bare) == 1 and bare.isalpha()):
        return True
    head, underscore, _ = bare.partition("_")
    return bool(underscore) and (len(head) <= 1 or head in MATH_WORDS or not head.isupper())


def repair_fragment(span: Span) -> list[Span]:
    """The names a candidate span stands for, once repaired: cut at a dash between spaces
    ("FooNet - a method"); grown over "&" to the capitalised name around it ("Alpha &
    Omega"), over an ordinary word joined by "/" before it ("zero/few-shot forecasting"),
    and over a suspended hyphen to a capitalised partner ("AB- and CD-buffers"). Nothing
    is left of a number, size or symbol ("7B", "+3 subphases"), a formula ("f(x)=x",
    "epsilon^2"), a span cut inside brackets or braces, an author pair before a year, or a
    fragment at a hyphen that no capitalised neighbour completes ("train-")."""
    doc = span.doc
    pieces, start = [], span.start
    for token in span:
        if (
            token.text in _DASHES
            and token.i > span.start
            and doc[token.i - 1].whitespace_
            and token.whitespace_
        ):
            pieces.append((start, token.i))
            start = token.i + 1
    pieces.append((start, span.end))
    repaired = []
    for start, end in pieces:
        while (
            len(pieces) > 1
            and start < end
            and doc[start].pos_ in ("DET", "ADP", "CCONJ", "PUNCT")
            and doc[start].text not in ("(", "[", "-")
            and doc[start].whitespace_
        ):
            start += 1  # ("FooNet - a method": "a" goes with the cut)
        while (
            len(pieces) > 1
            and end > start
            and doc[end - 1].pos_ in ("DET", "ADP", "CCONJ", "PUNCT")
            and doc[end - 1].text not in (")", "]", "-")
        ):
            end -= 1
        if start < end:
            piece = _repair_piece(doc[start:end])
            if piece is not None and not (len(pieces) > 1 and is_generic([t.text for t in piece])):
                repaired.append(piece)  # ("FooNet - a method": "method" names nothing)
    return repaired


def _repair_piece(span: Span) -> Span | None:
    doc = span.doc
    start, end = span.start, span.end
    while start < end and re.match(r"^\\[A-Za-z]+$", doc[start].text):
        start += 1  # a LaTeX command left before words: "\em finite sample"
    while end > start and re.match(r"^\\[A-Za-z]+$", doc[end - 1].text):
        end -= 1
    if start >= end:
        return None
    # "Alpha & Omega": the capitalised words on both sides of an ampersand are one name.
    if (
        end + 1 < len(doc)
        and doc[end].text == "&"
        and _capitalised(doc[end - 1])
        and _capitalised(doc[end + 1])
    ):
        end += 2
        while (
            end < len(doc)
            and _capitalised(doc[end])
            and doc[end].pos_ in ("PROPN", "NOUN", "ADJ")
            and doc[end - 1].text != ")"
        ):
            end += 1
        run = end - 3
        while run > start and _capitalised(doc[run - 1]):
            run -= 1
        start = max(start, run)  # "outdoor Alpha & Omega" -> "Alpha & Omega"
        end = whole_words(doc[start:end]).end
    if (
        start >= 2
        and doc[start - 1].text == "&"
        and _capitalised(doc[start])
        and _capitalised(doc[start - 2])
    ):
        start -= 2
        while (
            start > 0
            and _capitalised(doc[start - 1])
            and doc[start - 1].pos_ in ("PROPN", "NOUN", "ADJ")
        ):
            start -= 1
    # "zero/few-shot forecasting": the ordinary word before a slash modifies the same head.
    if (
        start >= 2
        and doc[start - 1].text == "/"
        and not doc[start - 2].whitespace_
        and not doc[start - 1].whitespace_
        and doc[start - 2].is_alpha
        and not is_name_like(doc[start - 2].text)
    ):
        start -= 2
    # "AB- and CD-buffers": a suspended hyphen; "train- and test-time": a fragment.
    if doc[end - 1].text.endswith("-"):
        partner = end + 1
        if (
            partner < len(doc)
            and doc[end].lower_ in ("and", "or", "to")
            and _capitalised(doc[partner])
        ):
            end = whole_words(doc[partner : partner + 1]).end
        else:
            return None
    if doc[start].text in _DASHES or (doc[start].text.startswith("-") and len(doc[start].text) > 1):
        return None  # a minus sign or an option: "-Omega", "-Oz"
    span = doc[start:end]
    text = span.text
    words = text.split()
    if text[:1] in "/\\" or text[-1:] in "/\\":
        return None
    if (
        not any(ch.isalpha() for ch in text)
        or _QUANTITY.match(text)
        or any(_SIGNED_NUMBER.match(w) for w in words)
    ):
        return None  # "7B", "0.1B-1.2B", "+3 subphases", "average +0.2 gain"
    if _RELATION.search(text) or all(_math_word(w) for w in words):
        return None  # "f(x)=x", "a(x)>0", "epsilon^2", "mathbb R^d"
    if text.count("{") != text.count("}") or text.count("[") != text.count("]"):
        # cut inside a group: "minimum width w_{min" keeps its words, "R^{d_y" is nothing
        while start < end and (
            _math_word(doc[start].text) or doc[start].text in ("[", "]", "{", "}")
        ):
            start += 1
        while end > start and (
            _math_word(doc[end - 1].text) or doc[end - 1].text in ("[", "]", "{", "}")
        ):
            end -= 1
        span = doc[start:end]
        if start >= end or re.search(r"[{}\[\]]", span.text):
            return None
    if "&" in text and _CITATION_AFTER.match(doc.text[span.end_char : span.end_char + 12]):
        return None  # "Smith & Jones (2019)": authors
    return span


@dataclass
class Candidate:
    """A proposed mention before overlaps are resolved."""

    start: int
    end: int
    label: str
    source: str
    score: float
    model_label: str | None = None
    nestable: bool = False  # a known name that may stand inside a longer mention

    def crosses(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end


def resolve(candidates: list[Candidate], priority: dict[str, int] | None = None) -> list[Candidate]:
    """Non-overlapping mentions: the most trusted source first (``priority``, 0 first),
    then longest, then leftmost.

    The same span offered by several sources is one mention: the first offer's label,
    and the model's label if the model offered it too.
    """
    priority = priority or SOURCE_PRIORITY
    kept: list[Candidate] = []
    by_span: dict[tuple[int, int], Candidate] = {}
    order = sorted(candidates, key=lambda c: (priority[c.source], c.start - c.end, c.start))
    for candidate in order:
        same = by_span.get((candidate.start, candidate.end))
        if same is not None:
            same.model_label = same.model_label or candidate.model_label
            continue
        if any(candidate.crosses(other) for other in kept):
            continue
        kept.append(candidate)
        by_span[(candidate.start, candidate.end)] = candidate
    return sorted(kept, key=lambda c: (c.start, c.end))


def nested_names(
    candidates: list[Candidate], kept: list[Candidate], priority: dict[str, int] | None = None
) -> list[Candidate]:
    """Known names strictly inside a kept mention that is no dataset name, flattened."""
    spans = {(k.start, k.end) for k in kept}
    inner = [
        c
        for c in candidates
        if c.nestable
        and (c.start, c.end) not in spans
        and any(k.start <= c.start and c.end <= k.end and k.label != "dataset" for k in kept)
    ]
    return resolve(inner, priority)


def without_derivation(span: Span) -> Span:
    """ "Transformer-based" -> "Transformer"; other spans unchanged."""
    if len(span) >= 3 and span[-2].text == "-" and span[-1].lower_ in DERIVATION_SUFFIXES:
        return span[:-2]
    return span


@dataclass
class Found:
    """What the candidate sources of one doc have found so far; later sources read the
    tables of earlier ones (the model yields to known names, abbreviations take the
    model's type, noun phrases skip defined short forms)."""

    doc: Doc
    candidates: list[Candidate] = field(default_factory=list)
    generic: list[Span] = field(default_factory=list)
    lexicon_label: dict[tuple[int, int], str] = field(default_factory=dict)
    model_label: dict[tuple[int, int], str] = field(default_factory=dict)
    short_forms: dict[str, tuple[str, float]] = field(default_factory=dict)

    def offer(
        self,
        span: Span | None,
        label: str,
        source: str,
        score: float,
        model_label: str | None = None,
        nestable: bool = False,
    ) -> None:
        """Add a candidate mention, repaired (``repair_fragment``), unless it cannot be a name
        (a URL, unbalanced brackets, a number or a formula)."""
        if span is None:
            return
        for piece in repair_fragment(span):
            if (
                not piece.text.strip()
                or _NOT_A_NAME.search(piece.text)
                or piece.text.count("(") != piece.text.count(")")
            ):
                continue
            if label == "method" and singular(piece.text) in NOT_METHODS:
                label = "concept"  # "GPUs"
            self.candidates.append(
                Candidate(piece.start, piece.end, label, source, score, model_label, nestable)
            )


class CandidateSource:
    """One source of candidate mentions. ``source`` names it in ``Mention.source``;
    ``priority`` is how far it is trusted to draw span boundaries when candidates overlap
    (0 first). Sources run in the order ``kg_entity_rules`` lists them."""

    source: str
    priority: int

    def find(self, found: Found) -> None:  # pragma: no cover - the interface
        raise NotImplementedError


class LexiconNames(CandidateSource):
    """Well-known names of the packaged lexicon and users' lexicons."""

    source, priority = "lexicon", 1

    def __init__(self, nlp: Language, lexicon_files: tuple[str, ...], score: float) -> None:
        self.exact, self.folded, self.types = lexicon_matchers(nlp, lexicon_files)
        self.score = score

    def find(self, found: Found) -> None:
        doc = found.doc
        for match_id, start, end in list(self.exact(doc)) + list(self.folded(doc)):
            span = doc[start:end]
            grown = without_derivation(whole_words(span))
            if (grown.start, grown.end) != (start, end):
                continue  # "CIFAR10" inside "CIFAR10-C" is another dataset
            label = self.types[doc.vocab.strings[match_id]]
            found.offer(span, label, self.source, self.score, nestable=True)
            found.lexicon_label[(span.start, span.end)] = label


class ModelEntities(CandidateSource):
    """The trained recogniser's entities (``doc.ents``), repaired and typed. It was trained
    on the field's annotation convention, so it draws span boundaries first."""

    source, priority = "model", 0

    def __init__(self, precision: dict[str, float], default_score: float) -> None:
        self.precision, self.default_score = dict(precision), default_score

    def find(self, found: Found) -> None:
        definitions = _definition_ends(found.doc)
        for entity in found.doc.ents:
            if entity.label_ == "Generic":
                found.generic.append(entity)
                continue
            if entity.label_ not in MODEL_LABELS:
                continue  # e.g. OntoNotes labels of a general-purpose pipeline
            repaired = repair_model_span(entity)
            if repaired is None:
                continue
            repaired = _with_definition(repaired, definitions)
            if _yields_to_lexicon(repaired, found.lexicon_label):
                continue
            for span in split_coordinated_names(repaired):
                if len(span) == 1 and span[0].tag_ in _INFLECTED_VERB_TAGS:
                    continue  # "predicting", "trained": a verb form is no entity
                if is_generic([t.text for t in span]):
                    found.generic.append(span)
                    continue
                label = found.lexicon_label.get((span.start, span.end)) or model_type(
                    span, entity.label_
                )
                score = self.precision.get(entity.label_, self.default_score)
                found.offer(span, label, self.source, score, entity.label_)
                found.model_label[(span.start, span.end)] = label


class AbbreviationDefinitions(CandidateSource):
    """Both halves of each "Long Form (ABBR)" definition, and later uses of the short form."""

    source, priority = "abbreviation", 2

    def __init__(self, score: float) -> None:
        self.score = score

    def find(self, found: Found) -> None:
        doc, short_forms = found.doc, found.short_forms
        for long_start, long_end, short_start, short_end in getattr(doc._, "kg_abbreviations", []):
            long_span = doc.char_span(long_start, long_end, alignment_mode="expand")
            short_span = doc.char_span(short_start, short_end, alignment_mode="expand")
            if long_span is None or short_span is None:
                continue
            long_span = trim_span(long_span) or long_span
            if _compact([t.text for t in long_span]) in STOP_PHRASES:
                continue  # "state-of-the-art (SOTA)"
            label = None
            for table in (found.lexicon_label, found.model_label):
                label = (
                    label
                    or table.get((long_span.start, long_span.end))
                    or table.get((short_span.start, short_span.end))
                )
            if label is None:
                typed = classify_phrase(
                    [t.text for t in long_span if not t.is_punct] or [long_span.text]
                )
                label = typed[0] if typed else "concept"
            found.offer(long_span, label, self.source, self.score)
            found.offer(short_span, label, self.source, self.score)
            short_forms[short_span.text] = (label, self.score)
            if not short_span.text.endswith("s"):
                short_forms[short_span.text + "s"] = (label, self.score)
        for token in doc:
            if token.text in short_forms:
                label, score = short_forms[token.text]
                found.offer(doc[token.i : token.i + 1], label, self.source, score)


class NounPhrases(CandidateSource):
    """Noun phrases: "the X dataset" names X; without a trained model, phrases typed by
    their head word (with one, they would only add noise to its spans)."""

    source, priority = "rule", 3

    def __init__(self, dataset_score: float) -> None:
        self.dataset_score = dataset_score

    def find(self, found: Found) -> None:
        typed_heads = not found.doc.has_annotation("ENT_IOB")
        for chunk in noun_phrases(found.doc):
            # With a model, only "the X dataset" is looked for.
            if typed_heads or any(t.lower_ in DATASET_WORDS for t in chunk[-2:]):
                self._chunk(chunk, found, typed_heads)

    def _chunk(self, chunk: Span, found: Found, typed_heads: bool) -> None:
        span = trim_span(chunk)
        if span is None:
            return
        words = span.text.split()
        if span.text in found.short_forms:
            return
        # "the MetaMathQA dataset" names the dataset "MetaMathQA".
        if (
            len(words) >= 2
            and words[-1].lower() in DATASET_WORDS
            and all(is_name_like(w) or w[:1].isupper() for w in words[:-1])
        ):
            name = span.doc.char_span(
                span.start_char,
                span.start_char + len(" ".join(words[:-1])),
                alignment_mode="expand",
            )
            found.offer(name, "dataset", self.source, self.dataset_score)
            return
        if not typed_heads:
            return
        typed = classify_phrase(words)
        if typed is None:
            return
        label, score = typed
        if label == "method" and len(words) == 1 and _after_evaluation_on(span):
            label = "dataset"
        found.offer(span, label, self.source, score)


_PHRASE_POS = frozenset({"NOUN", "PROPN", "ADJ", "NUM", "X", "SYM"})
_NOMINAL_POS = frozenset({"NOUN", "PROPN"})


def noun_phrases(doc: Doc) -> Iterator[Span]:
    """The doc's noun chunks; on a doc without a parse, the same read from POS tags: an
    optional determiner, then adjectives, numbers and nouns (hyphens inside), ending in a noun."""
    if doc.has_annotation("DEP"):
        yield from doc.noun_chunks
        return
    start = None
    for token in doc:
        if token.pos_ == "DET":
            start = token.i
        elif token.pos_ in _PHRASE_POS or (token.text == "-" and start is not None):
            start = token.i if start is None else start
            following = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if token.pos_ in _NOMINAL_POS and (
                following is None or (following.pos_ not in _NOMINAL_POS and following.text != "-")
            ):
                yield doc[start : token.i + 1]
                start = None
        else:
            start = None


class CoinedNames(CandidateSource):
    """Nouns shaped like coined names ("ChartMoE", "GPT-4") the model missed (whether the
    tagger calls them proper or common nouns: "LLaMA-65B" is either)."""

    source, priority = "rule", 3

    def __init__(self, score: float) -> None:
        self.score = score

    def find(self, found: Found) -> None:
        doc = found.doc
        for token in doc:
            if token.pos_ in ("PROPN", "NOUN") and is_name_like(token.text) and len(token.text) > 1:
                word = whole_words(doc[token.i : token.i + 1])
                span = without_derivation(word)
                label = found.short_forms.get(span.text, ("method", None))[0]
                found.offer(span, label, self.source, self.score, nestable=span is not word)


# The packaged sources' priorities, by Mention.source.
SOURCE_PRIORITY = {
    cls.source: cls.priority
    for cls in (ModelEntities, LexiconNames, AbbreviationDefinitions, NounPhrases, CoinedNames)
}
DEFAULT_SCORES = {
    "lexicon": SCORE_LEXICON,
    "abbreviation": SCORE_ABBREVIATION,
    "model_default": SCORE_MODEL_DEFAULT,
    "dataset_phrase": SCORE_TYPED_HEAD,
    "coined_name": SCORE_NAME,
}


@Language.factory(
    "kg_entity_rules",
    default_config={"model_precision": {}, "lexicon_files": [], "scores": DEFAULT_SCORES},
)
class EntityRules:
    """Typed mentions from candidate sources, overlaps resolved by each source's priority.

    The sources, in the order they run: the lexicon, the trained model, abbreviation
    definitions, noun phrases and coined names (see each class). ``model_precision`` maps
    each model label to its precision on SciERC dev, the score of that label's mentions;
    ``lexicon_files`` are users' lexicons, read after the packaged one; ``scores`` are the
    rule sources' confidences. All three are config, saved with the pipeline.
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        model_precision: dict[str, float],
        lexicon_files: list[str],
        scores: dict[str, float],
    ) -> None:
        register_extensions()
        scores = {**DEFAULT_SCORES, **scores}
        self.sources: list[CandidateSource] = [
            LexiconNames(nlp, tuple(lexicon_files), scores["lexicon"]),
            ModelEntities(model_precision, scores["model_default"]),
            AbbreviationDefinitions(scores["abbreviation"]),
            NounPhrases(scores["dataset_phrase"]),
            CoinedNames(scores["coined_name"]),
        ]
        self.model_precision = dict(model_precision)

    def __call__(self, doc: Doc) -> Doc:
        found = Found(doc)
        for source in self.sources:
            source.find(found)
        priority = {s.source: s.priority for s in self.sources}
        kept = resolve(found.candidates, priority)
        doc.spans[SPAN_KEY] = [self._span(doc, c) for c in kept]
        doc.spans[NESTED_KEY] = [
            self._span(doc, c) for c in nested_names(found.candidates, kept, priority)
        ]
        doc.spans[GENERIC_KEY] = found.generic
        return doc

    @staticmethod
    def _span(doc: Doc, candidate: Candidate) -> Span:
        span = Span(doc, candidate.start, candidate.end, label=candidate.label)
        span._.kg_source = candidate.source
        span._.kg_score = candidate.score
        span._.kg_model_label = candidate.model_label
        return span


def model_type(span: Span, model_label: str) -> str:
    """The kg type of a model entity, from its SciERC label corrected by its form."""
    words = [t.text for t in span if not t.is_punct] or [span.text]
    if " " not in span.text and is_name_like(span.text) and _MODEL_SIZE.search(span.text):
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
        return _single_word_type(words[0], label)
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
        and _after_evaluation_on(span)
    ):
        return "dataset"
    return label


def _yields_to_lexicon(span: Span, lexicon_label: dict[tuple[int, int], str]) -> bool:
    """A model phrase gives way to the known names inside it when it lists several
    ("MNIST and CIFAR10 datasets") or wraps a known dataset ("CIFAR10 training images")."""
    inside = [
        label
        for (start, end), label in lexicon_label.items()
        if span.start <= start and end <= span.end and (start, end) != (span.start, span.end)
    ]
    if not inside:
        return False
    listed = any(t.pos_ == "CCONJ" or t.text == "," for t in span)
    # "PASCAL VOC 2007 dataset" is the name; a plural ("CIFAR10 datasets") ends a list
    names_dataset = span[-1].lower_ in DATASET_WORDS and singular(span[-1].text) == span[-1].lower_
    return listed or ("dataset" in inside and not names_dataset)


def split_coordinated_names(span: Span) -> list[Span]:
    """ "CIFAR10-C and ImageNet-R" -> two spans, when every conjunct holds a coined name, and
    "content comprehension and document parsing" or "precision and recall" too, when every
    conjunct's head word gives it the same type; other coordinations ("acoustic, n-gram,
    and parser probabilities") stay whole."""
    parts, start = [], span.start
    for token in span:
        if token.pos_ == "CCONJ" or token.text in (",", ";"):
            parts.append((start, token.i))
            start = token.i + 1
    parts.append((start, span.end))
    pieces = [span.doc[a:b] for a, b in parts if a < b]
    if len(pieces) < 2:
        return [span]
    if all(any(is_name_like(t.text) for t in piece) for piece in pieces):
        return pieces
    head_types = {
        head_type([t.text for t in piece if not t.is_punct] or [piece.text]) for piece in pieces
    }
    if len(head_types) == 1 and head_types <= {"task", "metric", "method"}:
        return pieces
    return [span]


def _definition_ends(doc: Doc) -> dict[int, int]:
    """For each abbreviation definition, where its first half ends -> where the whole ends.

    "hidden Markov models (HMMs)" and "KDS (Knowledge Delivery System)" are one mention
    each: a span ending with the first half is extended over the parenthesis.
    """
    ends = {}
    definitions = getattr(doc._, "kg_abbreviations", [])
    text = doc.text if definitions else ""  # built anew on each access
    for long_start, long_end, short_start, short_end in definitions:
        first_end, inner_end = (
            (long_end, short_end) if long_start < short_start else (short_end, long_end)
        )
        closing = text.find(")", inner_end)
        if closing != -1 and not text[inner_end:closing].strip():
            ends[first_end] = closing + 1
    return ends


def _with_definition(span: Span, definitions: dict[int, int]) -> Span:
    end = definitions.get(span.end_char)
    if end is None:
        return span
    return (
        span.doc.char_span(span.start_char, end, label=span.label_, alignment_mode="expand") or span
    )


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


def _after_evaluation_on(span: Span) -> bool:
    """A coined name right after "on" in a sentence about experiments is a dataset."""
    if span.start == 0 or span.doc[span.start - 1].lower_ not in ("on", "across"):
        return False
    return bool(EVALUATION_CUES.search(span.sent.text))
