"""SciERC in DyGIE json (Luan et al., EMNLP 2018) as plain text with character-offset spans.

Each line of a DyGIE file is one abstract: ``sentences`` (lists of PTB tokens) and ``ner``
(per sentence, ``[first_token, last_token, label]`` with document-level, inclusive token
indices). kg trains and evaluates on natural text, so the tokens are joined back into
running text ("models ( HMMs ) ." -> "models (HMMs).") and every span becomes character
offsets into that text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

SCIERC_LABELS = ("Method", "Task", "Metric", "Material", "OtherScientificTerm", "Generic")
PTB_ESCAPES = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
    "``": '"',
    "''": '"',
}
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", ")", "]", "}", "?", "!", "%", "'s", "n't", "'"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{"})


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class GoldRelation:
    """A relation from ``head`` to ``tail`` (SciERC's direction; symmetric types too)."""

    head: GoldSpan
    tail: GoldSpan
    label: str


@dataclass(frozen=True)
class GoldDoc:
    """One annotated abstract: its running text, gold spans and relations (character
    offsets), and its sentences as (start, end) offsets."""

    key: str
    text: str
    spans: tuple[GoldSpan, ...]
    relations: tuple[GoldRelation, ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()


def detokenize(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Running text for PTB ``tokens`` and each token's (start, end) offsets in it."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    length = 0
    previous = None
    for raw in tokens:
        token = PTB_ESCAPES.get(raw, raw)
        if (
            previous is not None
            and token not in _NO_SPACE_BEFORE
            and previous not in _NO_SPACE_AFTER
        ):
            parts.append(" ")
            length += 1
        offsets.append((length, length + len(token)))
        parts.append(token)
        length += len(token)
        previous = token
    return "".join(parts), offsets


def _check_tokens(tokens: list) -> None:
    """``ValueError`` unless the record has words, each a string without spaces."""
    if not tokens:
        raise ValueError("it has no words")
    for token in tokens:
        if not isinstance(token, str) or not token or any(ch.isspace() for ch in token):
            raise ValueError(f"word {str(token)[:40]!r} is no token (a string without spaces)")


def _checked_span(first, last, label, count: int, what: str = "span") -> bool:
    """True for a span of words ``first`` to ``last`` (both included) among ``count`` words
    with a label; else ``ValueError`` or ``TypeError`` (a negative or reversed span would pick other words)."""
    for index in (first, last):
        if not isinstance(index, int) or isinstance(index, bool):
            raise TypeError(f"{what} index {index!r} is no whole number")
    if not 0 <= first <= last < count:
        raise ValueError(f"{what} [{first}, {last}] is not within the record's {count} words")
    if not isinstance(label, str) or not label.strip():
        raise ValueError(f"{what} [{first}, {last}] has no label (a string)")
    return True


def read_scierc(path: str | Path) -> Iterator[GoldDoc]:
    """Stream the abstracts of a DyGIE json file; a malformed line raises ``InputError``,
    and so does a file that is not UTF-8 text."""
    try:
        yield from _read_scierc(path)
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text ({error.reason})") from None


def _read_scierc(path: str | Path) -> Iterator[GoldDoc]:
    with open(path, encoding="utf-8-sig") as stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                tokens = [token for sentence in record["sentences"] for token in sentence]
                _check_tokens(tokens)
                text, offsets = detokenize(tokens)
                spans = tuple(
                    GoldSpan(offsets[first][0], offsets[last][1], label)
                    for sentence in record["ner"]
                    for first, last, label in sentence
                    if _checked_span(first, last, label, len(tokens))
                )
                labels = {(s.start, s.end): s.label for s in spans}

                def span(first: int, last: int) -> GoldSpan:
                    start, end = offsets[first][0], offsets[last][1]  # noqa: B023
                    return GoldSpan(start, end, labels.get((start, end), ""))  # noqa: B023

                relations = tuple(
                    GoldRelation(span(h0, h1), span(t0, t1), label)
                    for sentence in record.get("relations", [])
                    for h0, h1, t0, t1, label in sentence
                    if _checked_span(h0, h1, label, len(tokens), "relation")
                    and _checked_span(t0, t1, label, len(tokens), "relation")
                )
                sentences, first = [], 0
                for sentence in record["sentences"]:
                    if sentence:
                        sentences.append((offsets[first][0], offsets[first + len(sentence) - 1][1]))
                    first += len(sentence)
            except RecursionError:  # JSON nested past Python's limit
                raise InputError(
                    f"{path}:{number}: not a DyGIE SciERC record (nested too deep)"
                ) from None
            except (ValueError, KeyError, IndexError, TypeError) as error:
                raise InputError(f"{path}:{number}: not a DyGIE SciERC record ({error})") from None
            yield GoldDoc(
                str(record.get("doc_key", number)), text, spans, relations, tuple(sentences)
            )
