"""The transformer entity recogniser: a fine-tuned MiniLM tagger run with onnxruntime.

``kg_transformer_entities`` sets ``doc.ents`` with SciERC labels, exactly like the fast
CNN recogniser it can replace, so every later component reads the same thing. Sentences
(from the parser) are packed into windows of at most ``WINDOW_PIECES`` word pieces; each
window runs through the model on its own (so a doc's tags never depend on its batch), and each
word's tag comes from its first piece, decoded as valid BIO (Viterbi; an ``I-X`` only
after ``B-X`` or ``I-X``). Training: ``kg/train/transformer.py``.

Three config settings of the component exist to measure these choices
(``benchmarks/ablate_recognisers.py``); their defaults are the shipped behaviour:
``decode`` (``viterbi`` or ``argmax``), ``windows`` (``sentences``, ``sentence`` or
``abstract``, see ``sentence_windows``) and ``labels`` (model label -> label set on the doc,
``""`` to drop the label's spans).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import InputError, KgError
from .paths import TRANSFORMER_MODEL_PATH

SCIERC_LABELS = ("Method", "Task", "Metric", "Material", "OtherScientificTerm", "Generic")
SCIERC_TAGS = ("O",) + tuple(f"{p}-{label}" for label in SCIERC_LABELS for p in ("B", "I"))
WINDOW_PIECES = 256
MAX_PIECES_PER_WORD = 12  # a 300-character URL is one word, not half a window
DECODINGS = ("viterbi", "argmax")
WINDOWINGS = ("sentences", "sentence", "abstract")


def _is_tag_set(tags: object) -> bool:
    """Whether ``tags`` is a BIO tag list: "O" and B-/I- tags, all texts."""
    return (
        isinstance(tags, (list, tuple))
        and "O" in tags
        and len(tags) > 1
        and all(isinstance(t, str) and (t == "O" or t[:2] in ("B-", "I-")) for t in tags)
    )


def load_tokenizer(path: str | Path):
    """A word-piece tokenizer from ``tokenizer.json``, with no truncation or padding of its own."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def word_pieces(tokenizer, words: Sequence[str]) -> list[list[int]]:
    """The word-piece ids of each word (at least one, at most ``MAX_PIECES_PER_WORD``)."""
    unknown = tokenizer.token_to_id("[UNK]")
    encoded = tokenizer.encode_batch(list(words), add_special_tokens=False)
    return [(e.ids[:MAX_PIECES_PER_WORD] or [unknown]) for e in encoded]


def decode_tags(scores: np.ndarray, tags: Sequence[str]) -> list[str]:
    """The best valid BIO sequence for per-word tag log-probabilities ``scores`` (words x tags)."""
    n_words, n_tags = scores.shape
    if n_words == 0:
        return []
    allowed = np.ones((n_tags, n_tags), dtype=bool)  # allowed[previous, current]
    for j, tag in enumerate(tags):
        if tag.startswith("I-"):
            allowed[:, j] = [t in (f"B-{tag[2:]}", tag) for t in tags]
    start_ok = np.array([not t.startswith("I-") for t in tags])
    penalty = np.where(allowed, 0.0, -1e9)
    best = np.where(start_ok, scores[0], -1e9)
    back = np.zeros((n_words, n_tags), dtype=np.int64)
    for i in range(1, n_words):
        total = best[:, None] + penalty
        back[i] = total.argmax(axis=0)
        best = total.max(axis=0) + scores[i]
    path = [int(best.argmax())]
    for i in range(n_words - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    return [tags[j] for j in reversed(path)]


def argmax_tags(scores: np.ndarray, tags: Sequence[str]) -> list[str]:
    """Each word's most likely tag on its own, with no BIO constraint (an ``I-X`` may follow
    ``O`` or another label; ``bio_spans`` then starts a span there)."""
    return [tags[int(j)] for j in scores.argmax(axis=1)] if len(scores) else []


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) word ranges of a BIO sequence (end exclusive)."""
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    label = ""  # the open span's label (read only while one is open)
    for i, tag in enumerate(list(tags) + ["O"]):
        if start is not None and not (tag.startswith("I-") and tag[2:] == label):
            spans.append((start, i, label))
            start, label = None, ""
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, label = i, tag[2:]
    return spans


def pack_windows(
    sentences: Iterable[tuple[int, int]],
    piece_counts: Sequence[int],
    budget: int = WINDOW_PIECES - 2,
) -> Iterator[tuple[int, int]]:
    """Word ranges of consecutive sentences packed up to ``budget`` word pieces; a sentence
    longer than the budget is cut."""
    start = end = used = 0
    for s0, s1 in sentences:
        size = sum(piece_counts[s0:s1])
        if end > start and used + size > budget:
            yield start, end
            start, used = s0, 0
        if size > budget:
            for i in range(s0, s1):
                if used + piece_counts[i] > budget and i > start:
                    yield start, i
                    start, used = i, 0
                used += piece_counts[i]
        else:
            used += size
        end = s1
    if end > start:
        yield start, end


def sentence_windows(
    doc: Doc, piece_counts: Sequence[int], words: Sequence[int], windows: str = "sentences"
) -> Iterator[list[int]]:
    """Windows of a doc as positions in ``words`` (its non-space token indices).

    ``windows``: ``sentences`` packs consecutive whole sentences of the parser (the whole
    doc is one sentence without a parse) up to the piece budget, as in training;
    ``sentence`` gives each sentence a window of its own; ``abstract`` packs words up to the
    budget with no regard for sentences. A sentence longer than the budget is cut in all three.
    """
    if windows not in WINDOWINGS:
        raise ValueError(f"windows must be one of {WINDOWINGS}, not {windows!r}")
    sentence_of = {}
    if doc.has_annotation("SENT_START"):
        for number, sentence in enumerate(doc.sents):
            for token in sentence:
                sentence_of[token.i] = number
    ranges: list[list[int]] = []  # [first position, end position, sentence number]
    for position, token_index in enumerate(words):
        number = sentence_of.get(token_index, 0)
        if ranges and ranges[-1][2] == number:
            ranges[-1][1] = position + 1
        else:
            ranges.append([position, position + 1, number])
    sentences = [(a, b) for a, b, _ in ranges]
    if windows == "abstract":
        packed = pack_windows([(0, len(words))] if words else [], piece_counts)
    elif windows == "sentence":
        packed = (
            (a + w0, a + w1)
            for a, b in sentences
            for w0, w1 in pack_windows([(0, b - a)], piece_counts[a:b])
        )
    else:
        packed = pack_windows(sentences, piece_counts)
    for start, end in packed:
        yield list(range(start, end))


@Language.factory(
    "kg_transformer_entities",
    default_config={
        "model_path": str(TRANSFORMER_MODEL_PATH),
        "threads": 1,
        "decode": "viterbi",
        "windows": "sentences",
        "labels": {},
    },
)
class TransformerEntities:
    """Scientific entities (SciERC labels) in ``doc.ents`` from the ONNX MiniLM tagger.

    ``threads``: onnxruntime threads per process (kg parallelises over processes).
    The onnxruntime session is opened on first use, inside the worker process.
    ``decode``: ``viterbi`` (the best valid BIO sequence) or ``argmax`` (each word's best
    tag alone; an ``I-X`` after anything but ``B-X``/``I-X`` starts a span).
    ``windows``: how words are cut into model inputs (``sentence_windows``).
    ``labels``: relabel the model's spans before later components see them, e.g.
    ``{"OtherScientificTerm": ""}`` drops them, ``{"Material": "OtherScientificTerm"}`` has
    Material typed by the rules for OtherScientificTerm. The defaults are the shipped model's.
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        model_path: str,
        threads: int,
        decode: str = "viterbi",
        windows: str = "sentences",
        labels: dict[str, str] | None = None,
    ) -> None:
        if decode not in DECODINGS:
            raise KgError(f"decode must be one of {DECODINGS}, not {decode!r}")
        if windows not in WINDOWINGS:
            raise KgError(f"windows must be one of {WINDOWINGS}, not {windows!r}")
        self.name = name
        self.model_path = Path(model_path)
        self.threads = threads
        self.decode = decode
        self.windows = windows
        self.labels = dict(labels or {})
        try:
            self.meta = json.loads((self.model_path / "meta.json").read_text("utf-8"))
        except (OSError, ValueError, RecursionError):
            raise KgError(
                f"transformer entity model {str(self.model_path)!r} is missing or damaged "
                f"(it needs meta.json, model.onnx and tokenizer.json)"
            ) from None
        tags = self.meta.get("tags", SCIERC_TAGS) if isinstance(self.meta, dict) else None
        if not isinstance(tags, (list, tuple)) or not _is_tag_set(tags):
            raise self._damaged("meta.json's tags are not 'O' and B-/I- tags")
        self.tags = tuple(tags)
        try:
            self.tokenizer  # noqa: B018 (read now: a damaged file fails here, in one line)
        except Exception as error:  # noqa: BLE001 (the tokenizers library raises plain Exception)
            raise self._damaged(f"tokenizer.json: {type(error).__name__}: {error}") from None
        try:
            outputs = self.session.get_outputs()
        except Exception as error:  # noqa: BLE001 (onnxruntime's types derive from Exception only)
            raise self._damaged(f"model.onnx: {type(error).__name__}: {error}") from None
        width = outputs[0].shape[-1] if outputs and outputs[0].shape else None
        if isinstance(width, int) and width != len(self.tags):
            raise self._damaged(f"model.onnx scores {width} tags, meta.json names {len(self.tags)}")

    def _damaged(self, reason: str) -> InputError:
        return InputError(
            f"cannot load it as a transformer entity model ({' '.join(reason.split())[:200]})",
            f"entity model {str(self.model_path)!r}",
        )

    @cached_property
    def tokenizer(self):
        return load_tokenizer(self.model_path / "tokenizer.json")

    @cached_property
    def session(self):
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        return onnxruntime.InferenceSession(
            str(self.model_path / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def __getstate__(self) -> dict:  # sessions do not pickle; a worker opens its own
        return {k: v for k, v in self.__dict__.items() if k not in ("session", "tokenizer")}

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, stream: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._tag(batch)
                batch = []
        if batch:
            yield from self._tag(batch)

    def _tag(self, docs: list[Doc]) -> list[Doc]:
        cls, sep = self.tokenizer.token_to_id("[CLS]"), self.tokenizer.token_to_id("[SEP]")
        jobs = []  # (doc number, token indices, piece rows)
        for number, doc in enumerate(docs):
            words = [t.i for t in doc if not t.is_space]
            pieces = word_pieces(self.tokenizer, [doc[i].text for i in words]) if words else []
            counts = [len(p) for p in pieces]
            for window in sentence_windows(doc, counts, words, self.windows):
                jobs.append((number, [words[p] for p in window], [pieces[p] for p in window]))
        found: list[list[Span]] = [[] for _ in docs]
        decode = decode_tags if self.decode == "viterbi" else argmax_tags
        # One window per run: the int8 model quantises its activations with one scale per
        # run, so windows run together would change each other's tags (a paper's entities
        # would depend on the papers batched with it). Alone, nothing is padded either,
        # which measured twice as fast as runs of 32 windows.
        for number, tokens, pieces in jobs:
            row = np.array([[cls] + [i for p in pieces for i in p] + [sep]], dtype=np.int64)
            scores = self.session.run(
                None, {"input_ids": row, "attention_mask": np.ones_like(row)}
            )[0][0]
            firsts = np.cumsum([1] + [len(p) for p in pieces[:-1]])
            doc = docs[number]
            for start, end, label in bio_spans(decode(scores[firsts], self.tags)):
                label = self.labels.get(label, label)
                if label:
                    found[number].append(Span(doc, tokens[start], tokens[end - 1] + 1, label=label))
        for doc, spans in zip(docs, found):
            doc.set_ents(spans, default="outside")
        return docs
