"""Abbreviation definitions, "long form (SHORT)" and "SHORT (long form)".

The matching follows Schwartz & Hearst (2003), "A simple algorithm for identifying
abbreviation definitions in biomedical text": every character of the short form must
appear, in order, in the long form, the first one at the start of a word; the long
form may hold at most ``min(len(short) + 5, 2 * len(short))`` words.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..text.words import (
    counted_letters,
    initials,
    is_short_form,
    short_form_letters,
    sounded_letters,
)

_PAREN = re.compile(r"\(([^()]{1,80})\)")
_WORD = re.compile(r"\S+")
_FOR_SHORT = re.compile(r",?\s+(?:for short|in short|hereafter|henceforth)$", re.IGNORECASE)
_ALIAS_WORD = re.compile(r"(?:or|aka|a\.k\.a\.|i\.e\.,?)\s+(?=\S)")


def best_long_form(short: str, candidate: str) -> int | None:
    """Start offset in ``candidate`` of the shortest long form matching ``short``, or None."""
    short_chars = [ch.lower() for ch in short if ch.isalnum()]
    if not short_chars:
        return None
    s_index = len(short_chars) - 1
    l_index = len(candidate) - 1
    while s_index >= 0:
        wanted = short_chars[s_index]
        while l_index >= 0 and (
            candidate[l_index].lower() != wanted
            or (s_index == 0 and l_index > 0 and candidate[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        s_index -= 1
        l_index -= 1
    start = candidate.rfind(" ", 0, l_index + 1) + 1
    return start


def find_abbreviations(text: str) -> list[tuple[int, int, int, int]]:
    """(long_start, long_end, short_start, short_end) character offsets of each definition."""
    found = []
    for match in _PAREN.finditer(text):
        inside = match.group(1).strip()
        inner_start = match.start(1) + (len(match.group(1)) - len(match.group(1).lstrip()))
        alias = _ALIAS_WORD.match(inside)  # "universal random features (or URFs)"
        if alias:
            inside, inner_start = inside[alias.end() :], inner_start + alias.end()
        inside = _FOR_SHORT.sub("", inside)  # "quill property (QP, for short)"
        before = text[: match.start()].rstrip()
        if is_short_form(inside):
            pair = _long_before(text, before, inside)
            if pair:
                found.append((*pair, inner_start, inner_start + len(inside)))
        elif (dashed := _DASHED.match(inside)) and is_short_form(dashed["short"]):
            # "(SHORT - long form)" after a description: the short form spelled out inside
            short, long_text = dashed["short"], dashed["long"]
            if (
                long_text[:1].lower() == short[:1].lower()
                and best_long_form(short, long_text) is not None
                and len(long_text.split()) <= _max_words(short)
            ):  # the long form may spell it loosely: "WINNER - weight initialization with ..."
                long_start = inner_start + dashed.start("long")
                found.append(
                    (long_start, long_start + len(long_text), inner_start, inner_start + len(short))
                )
        elif len(inside.split()) > 1:
            # Reversed: "SHORT (long form)".
            word = re.search(r"(\S+)$", before)
            if word and is_short_form(word.group(1).strip(",;:")):
                short = word.group(1).strip(",;:")
                if best_long_form(short, inside) == 0 and len(inside.split()) <= _max_words(short):
                    short_start = word.start(1)
                    found.append(
                        (
                            inner_start,
                            inner_start + len(inside),
                            short_start,
                            short_start + len(short),
                        )
                    )
    for match in _OR_FOR_SHORT.finditer(text):
        # "Long Form, or LF for short": a definition without brackets
        short = match.group(1)
        if is_short_form(short):
            before = text[: match.start()].rstrip(" ,")
            pair = _long_before(text, before, short)
            if pair:
                found.append((*pair, match.start(1), match.end(1)))
    return found


# "(QS - quill sampler)", "(QS: quill sampler)": a short form, a dash or colon, its long form
_DASHED = re.compile(r"^(?P<short>[^\s:]+)\s*(?:[-–—]|:)\s+(?P<long>[^\s,;:()][^,;:()]*)$")
_OR_FOR_SHORT = re.compile(r",?\s+or\s+([^\s,.;()]+)\s+for short\b", re.IGNORECASE)


def _max_words(short: str) -> int:
    """The most words a long form of ``short`` may hold, counting the letters a digit counts
    ("Q4" spells four)."""
    letters = len(counted_letters(short) or short)
    return min(letters + 5, letters * 2)


def _long_before(text: str, before: str, short: str) -> tuple[int, int] | None:
    # Candidate long form: the words before "(", stopping at clause punctuation.
    words = list(_WORD.finditer(before))[-_max_words(short) :]
    for i in range(len(words) - 1, -1, -1):
        if i < len(words) - 1 and re.search(r"[.;:!?]$|,$", words[i].group(0)):
            words = words[i + 1 :]
            break
    if not words:
        return None
    region_start = words[0].start()
    candidate = before[region_start:]
    start = _spelled_start(words, short) if len(words) > 1 or "-" in candidate else None
    if start is not None:
        start -= region_start
    else:
        start = best_long_form(short, candidate)
        if start is not None and not _plausible_long_form(candidate[start:], short):
            return None
    if start is None:
        return None
    long_text = candidate[start:]
    if long_text.lower() == short.lower() or len(long_text) <= len(short):
        return None
    if short.lower() in long_text.lower().split():
        return None
    # quotes around a long form are no part of it: '"quill sampler" (QS)'
    begin, end = region_start + start, len(before)
    while begin < end and before[begin] in _OPENING_QUOTES:
        begin += 1
    while end > begin and before[end - 1] in _CLOSING_QUOTES:
        end -= 1
    return (begin, end) if end > begin else None


def _plausible_long_form(long_text: str, short: str) -> bool:
    """A long form the letter-by-letter match found is a name for the short form when its
    words are few for the letters (at most two more), or when the writer marked the letters
    with capitals ("Self-sUpervised Prompt with MEta-Regularization" SUPMER). Otherwise it is
    a stretch of text that happens to hold the letters ("Reinforcement Learning algorithms
    that learn from human feedback" for RLHF)."""
    if len(initials(long_text.split())) <= len(short_form_letters(short)[0]) + 2:
        return True
    capitals = iter(c for c in long_text if c.isupper())
    return all(letter in capitals for letter in short if letter.isupper())


def _spelled_start(words: list[re.Match], short: str) -> int | None:
    """Where the nearest run of ``words`` (ending with the last) that spells ``short`` by
    its initials starts: "tree of thought" for ToT, where the letter-by-letter match would
    settle for "thought" (its t, o and t)."""
    texts = [w.group(0).lstrip(_OPENING_QUOTES) for w in words]  # '"quill sampler" (QS)'
    for letters in short_form_letters(short, counted=False):
        for i in range(len(words) - 1, -1, -1):
            if texts[i] and initials(texts[i:]) == letters:
                return words[i].end() - len(texts[i])
    sounded = sounded_letters(short)  # "L2DC": "Learning to Design Circuits"
    for i in range(len(words) - 1, -1, -1) if sounded else ():
        if texts[i] and initials(texts[i:], every_word=True) == sounded:
            return words[i].end() - len(texts[i])
    # "Q4": "Quill Quorb Query Quantizer", also with a kind word after ("... Quantizer model");
    # tried after "to" and "for", which a digit also stands for
    counted = counted_letters(short)
    for i in range(len(words) - 1, -1, -1) if counted else ():
        if texts[i] and counted in (initials(texts[i:]), initials(texts[i:-1])):
            return words[i].end() - len(texts[i])
    return None


_OPENING_QUOTES = "\"'“‘«`"
_CLOSING_QUOTES = "\"'”’»"


@Language.factory("kg_abbreviations")
class AbbreviationDetector:
    """Finds abbreviation definitions; sets ``Doc._.kg_abbreviations`` to offset tuples."""

    def __init__(self, nlp: Language, name: str) -> None:
        if not Doc.has_extension("kg_abbreviations"):
            Doc.set_extension("kg_abbreviations", default=[])

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_abbreviations = find_abbreviations(doc.text)
        return doc
