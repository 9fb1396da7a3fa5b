"""Reported results: the numeric performance claims of a paper's title and abstract.

``find_results`` reads one text with its sentences and mentions and returns a ``Result``
per claim: "S4 reaches 86% on the Long Range Arena", "an FID of 4.17", "3x faster than
FlashAttention", "improves accuracy by 2-2.5%". It is a pure function over the text, run by
the extractor after the paper's mentions (and its proposed names) are known.

How a number is read (``parse_value``, one grammar for values and for the scan):

- digits with optional sign (ASCII or Unicode minus), thousands separators ("1,234.5"),
  decimals and exponents ("1e-3" is 0.001), a decimal comma before a percent or points
  ("97,5%" is 97.5; elsewhere the digits after a comma are no value of their own);
- a unit: "%" (also "\\%", "percent"), "points" ("pp", "percentage points"), "x" ("x", "×",
  "times", "-fold", and "x3.27" written before the number) or a unit word ("ms", "GB");
- a range ("12-34%", "2 to 2.5 points", "1.25sim1.56times") keeps ``low`` and ``high``
  and has no ``number``; a range whose ends are out of order is no value;
- words: "twice", "two-fold", "three times" are ratios; "half"/"halves" is 0.5, a reduction;
  "an order of magnitude" is 1 and "one to two orders of magnitude" the range 1..2, in the
  unit "orders of magnitude" (as written: the count of orders, not a factor made up from it);
- "~3x", "≈ 3x" are 3; "85.3 ± 0.2" is 85.3 (the spread is part of the value as written);
- "from 45.1 to 52.3" is one result, the score 52.3 (the value the claim's method reaches);
  45.1 is a baseline's, and the difference is not written, so no improvement is made up.

What is not a result: a number that is part of a name or a version ("GPT-4", "ResNet-50",
"top-1", "Llama 2"), a size ("7B", "1M images", "3.4T tokens"), a count ("12 benchmarks",
"160 epochs"), a year, a setting ("at 50% sparsity", "with 10% of the labels"), a
dimension ("32x32", "512 times 512"), mathematics ("O(10^{-5})") and a hyperparameter
("a learning rate of 1e-3"). A percentage, point or ratio value is a claim unless one of
those says otherwise (a ratio also needs a comparison near it: "faster", "fewer", "than");
a bare number ("4.17", "69.9") is one only next to a metric ("FID of 4.17", "28.4 BLEU") or
before "on <dataset>" in a sentence that reports results.

The kind: a ratio unit makes a ``ratio``; "improves/outperforms ... by", "a gain of", "12%
higher" an ``improvement``; "reduces ... by", "a reduction of", "45% less" a ``reduction``;
"+2.1" an improvement; else a ``score``. Values listed together ("99.4%, 80.3% and 76.2%")
share their kind and, with "respectively", take the datasets (or metrics, or methods) in
the order the sentence names them.

The referents: the metric named right after the value ("86% accuracy"); else the
quantity the words name at the value, found by a recogniser or not ("9.74 IS", "6x fewer
training steps", "an R^2 score of 0.98": a metric mention is made for it, which the paper's
mentions then hold), and none where a comparative names nothing ("3x cheaper than X"),
rather than the sentence's other metric; else the metric right before ("accuracy of 86%"),
else elsewhere in the sentence. The dataset in parentheses after the value, or after
"on/in" following it, else the nearest before ("1.9/2.4 on A/B" pairs them in order); the
method, the nearest method mention before the value that is not a baseline ("than X",
"outperforms X", "compared to X") nor a setting ("in the class-conditional setting"). A
claim is ``ours`` when its method is the paper's proposed name, or when it names no method
and the sentence speaks for the authors ("we", "our", "the proposed", "this method", a
leading "It"). A value the paper's own is set against ("..., compared with 75.4% for X",
"versus 27.3 for the strongest baseline") is X's, or no method's, and not ours unless it
says so ("compared with 81.2% for our X"); so is one whose holder is named right before it
("..., outperforming X (88.1%)", "better than X with 70.1 BLEU", "compared to X's 88.1%",
"while X obtains 78.2%", "X only reaches 61%").
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from ..records import Mention, Result
from ..text.vocabulary import MEASURED_QUANTITY_HEADS, METRIC_PHRASE_HEADS
from ..text.words import (
    DEFINED_MEASURE_KINDS,
    DURATION_UNIT,
    PER_UNIT,
    RATE_UNIT,
    WITH_SHORT_FORM,
    defined_parts,
    head_type,
    is_counted_unit,
    is_name_like,
    singular,
)

__all__ = ["Value", "find_results", "paper_results", "parse_value", "scan_values"]

# ---------------------------------------------------------------- the grammar of a value

# (a decimal comma, "97,5%", only before a percent or points: "1,5 and 2" may be a list)
_NUM = (
    r"(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+,\d{1,2}(?=\s?(?:\\?%|percent|per\s?cent|points?\b|pp\b))|\d+)"
    r"(?:\.\d+)?(?:[eE][-+−]?\d+)?|\.\d+"
)
_DECIMAL_COMMA = re.compile(r"[-+]?\d+,\d{1,2}")  # such a number alone, as ``_float`` gets it
_SIGN = r"[-+−]"
# Units, longest spellings first. "points" after "percentage" is points, not percent.
_PERCENT = r"\s?\\?%|\s?(?:percent(?:age)?|per\s?cent)\b(?!\s*points?\b)"
# (not "pt": a LaTeX length; "a 4-point gain" is a value where ``scan_values`` reads it as
# a change, not "a 5-point Likert scale")
_POINTS = r"\s?(?:percentage[-\s]points?|pp\b|p\.p\.|points?\b|pts\b)|-point\b"
_RATIO = r"\s?(?:times\b|-?fold\b)|\s?[x×](?![A-Za-z0-9_])"
# A rate: things done per second ("1,200 tokens per second", "45 frames/s", "30 fps").
_RATE_UNIT = (
    r"(?:tokens?|frames?|images?|samples?|sequences?|queries|requests?|steps?|iterations?|"
    r"words?|sentences?|examples?|episodes?)\s?(?:per\s+second|/\s?s(?:ec)?)\b"
)
_WORD_UNIT = (
    rf"\s?(?:{_RATE_UNIT}|ms\b|msecs?\b|milliseconds?\b|µs\b|μs\b|microseconds?\b|seconds?\b|secs?\b|minutes?\b|mins?\b|hours?\b|hrs?\b|"
    r"days?\b|dB\b|[GMKT]i?B\b|FPS\b|fps\b|k?Hz\b|tokens/s\b|it/s\b|samples/s\b)"
)
_UNIT = rf"(?:(?P<{{0}}pct>{_PERCENT})|(?P<{{0}}pts>{_POINTS})|(?P<{{0}}ratio>{_RATIO})|(?P<{{0}}word>{_WORD_UNIT}))"
_APPROX = r"(?:~|≈|∼|sim\s?)\s?"
_RANGE_SEP = r"\s?(?:-|–|—|~|∼|sim)\s?|\s+to\s+"
_SPREAD = rf"(?:\s?(?:±|\+/-|\\pm|pm)\s?(?:{_NUM})\s?(?:\\?%)?)"
_WORD_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "a hundred": 100,
    "one hundred": 100,
    "a thousand": 1000,
    "thousand": 1000,
}
_WORD_NUMBER = "|".join(sorted(map(re.escape, _WORD_NUMBERS), key=len, reverse=True))

_VALUE = re.compile(
    rf"""
    (?P<approx>{_APPROX})?
    (?:
        (?P<from>from)\s+(?:{_APPROX})?(?P<a>{_SIGN}?(?:{_NUM}))\s?{_UNIT.format("a")}?
            \s+to\s+(?:{_APPROX})?(?P<b>{_SIGN}?(?:{_NUM})){_UNIT.format("b")}?
      | (?P<lo>{_SIGN}?(?:{_NUM})){_UNIT.format("lo")}?(?:{_RANGE_SEP})(?P<hi>{_SIGN}?(?:{_NUM})){_UNIT.format("hi")}?
      | (?P<xpre>[x×])\s?(?P<xn>{_NUM})(?![\d.])
      | (?P<n>{_SIGN}?(?:{_NUM})){_UNIT.format("n")}?(?P<spread>{_SPREAD})?
      | (?P<wordn>{_WORD_NUMBER})(?:[-\s]?fold\b|\s+times\b)
      | (?P<twice>twice)\b
      | (?P<half>halv(?:e|es|ed|ing)\b|(?<=by\s)half\b|(?<=in\s)half\b|half(?=\s+(?:the|as)\s))
      | (?P<magnitudes>(?P<orders_lo>one|two|three)\s+to\s+(?P<orders_hi>two|three|four|five)\s+orders\s+of\s+magnitude)
      | (?P<magnitude>(?:an?|one|(?P<orders>two|three|four|several))\s+orders?\s+of\s+magnitude)
    )
""",
    re.VERBOSE | re.IGNORECASE,
)
# Where a value may start: every first character or word of an alternative of _VALUE.
_VALUE_START = re.compile(
    rf"[~≈∼]|sim(?=\s?\d)|\bfrom\s|[-+−]?\.?\d|[x×]\s?\d|\b(?:{_WORD_NUMBER}|twice|half|halv|"
    rf"an?\s+orders?|one|several)",
    re.IGNORECASE,
)
# A digit, a number word, or a word of halving or magnitude: texts without any are skipped.
_MAY_HOLD_VALUE = re.compile(rf"\d|\b(?:{_WORD_NUMBER}|twice|halv|half|magnitude)", re.IGNORECASE)
_UNIT_NAMES = ("pct", "pts", "ratio", "word")
_HALF = re.compile(r"half|halv\w*", re.IGNORECASE)
MAGNITUDES = "orders of magnitude"  # the unit of "an order of magnitude" (1), "two orders..." (2)
RATIO_UNITS = ("x", MAGNITUDES)


@dataclass(frozen=True)
class Value:
    """A number read from text: ``number`` (None for a range), ``low``/``high``, ``unit``,
    whether a sign was written (``signed``: "+2.1"), and whether it came from "from A to B"."""

    text: str
    number: float | None
    low: float
    high: float
    unit: str
    signed: bool = False
    from_to: bool = False
    count: bool = False  # "10 steps": a count, a result only as a claim ("in as few as 10 steps")
    # of "from A to B": where A is written in ``text`` (its number and unit), its number and
    # its unit ("from 3.4 hours to 20 minutes")
    starting: tuple[int, int, float, str] | None = None


def _float(text: str) -> float | None:
    text = text.replace("−", "-")
    text = text.replace(",", ".") if _DECIMAL_COMMA.fullmatch(text) else text.replace(",", "")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _unit(match: re.Match, prefix: str) -> str:
    """The unit of group ``prefix`` ("%", "points", "x", a unit word), "" for none."""
    for name in _UNIT_NAMES:
        text = match.group(prefix + name)
        if text is not None:
            if name == "word":
                return text.strip()
            return {"pct": "%", "pts": "points", "ratio": "x"}[name]
    return ""


def _value(match: re.Match) -> Value | None:
    """The ``Value`` of a match of ``_VALUE``; None when it is none (ends out of order,
    disagreeing units, a number that does not fit a float)."""
    text = match.group()
    if match.group("from"):
        low, high = _float(match.group("a")), _float(match.group("b"))
        unit_a, unit_b = _unit(match, "a"), _unit(match, "b")
        if (
            high is None
            or low is None
            or (
                unit_a
                and unit_b
                and unit_a != unit_b
                and not (DURATION_UNIT.match(unit_a) and DURATION_UNIT.match(unit_b))
            )
        ):
            return None  # (not "from 3.4 hours to 20 minutes": one quantity in two units)
        unit_ends = [match.end(f"a{name}") for name in _UNIT_NAMES if match.group(f"a{name}")]
        starting = (
            match.start("a") - match.start(),
            max([match.end("a"), *unit_ends]) - match.start(),
            low,
            unit_a or unit_b,
        )
        return Value(text, high, high, high, unit_b or unit_a, from_to=True, starting=starting)
    if match.group("lo"):
        low, high = _float(match.group("lo")), _float(match.group("hi"))
        unit_lo, unit_hi = _unit(match, "lo"), _unit(match, "hi")
        if low is None or high is None or low >= high or (unit_lo and unit_lo != unit_hi):
            return None
        return Value(text, None, low, high, unit_hi)
    if match.group("xn"):
        number = _float(match.group("xn"))
        return None if number is None else Value(text, number, number, number, "x")
    if match.group("n"):
        number = _float(match.group("n"))
        if number is None:
            return None
        return Value(
            text, number, number, number, _unit(match, "n"), signed=match.group("n")[0] in "+-−"
        )
    if match.group("wordn"):
        number = float(_WORD_NUMBERS[match.group("wordn").lower()])
        return Value(text, number, number, number, "x")
    if match.group("twice"):
        return Value(text, 2.0, 2.0, 2.0, "x")
    if match.group("half"):
        return Value(text, 0.5, 0.5, 0.5, "x")
    if match.group("magnitudes"):
        low, high = (
            float(_WORD_NUMBERS.get(match.group(g).lower(), 1)) for g in ("orders_lo", "orders_hi")
        )
        return Value(text, None, low, high, MAGNITUDES) if low < high else None
    orders = {"two": 2, "three": 3, "four": 4}.get((match.group("orders") or "").lower())
    if match.group("orders") and orders is None:
        return None  # "several orders of magnitude": no number
    number = float(orders or 1)
    return Value(text, number, number, number, MAGNITUDES)


def parse_value(text: str) -> Value | None:
    """The value written in ``text`` ("86.1%", "~3x", "12-34%", "1e-3", "2.5 points",
    "3.5×", "two-fold", "half", "from 45.1 to 52.3", "−0.4", "1,234"), or None.

    Parameters
    ----------
    text : str
        A value as a text writes it, alone (surrounding spaces are ignored).

    Returns
    -------
    Value or None
        None when ``text`` is not one value, or is one no number can stand for (a range
        whose ends are out of order, "several orders of magnitude").

    Examples
    --------
    >>> parse_value("~3x").number, parse_value("~3x").unit
    (3.0, 'x')
    >>> v = parse_value("12-34%"); (v.number, v.low, v.high, v.unit)
    (None, 12.0, 34.0, '%')
    >>> parse_value("1e-3").number
    0.001
    """
    if not isinstance(text, str):
        return None
    text = text.strip()
    if text.lower() == "half":  # alone; in running text only "by half", "halves", "half the"
        return Value(text, 0.5, 0.5, 0.5, "x")
    match = _VALUE.fullmatch(text)
    return _value(match) if match else None


# ---------------------------------------------------------------- where a value is a result

_BEFORE_NAME = re.compile(r"[\w@^{}/\\#$.&]$|[\w)][-–]$|[\w]\s?[x×]$")  # "CIFAR-", "top-", "v1."
_SIZE_AFTER = re.compile(r"\s?(?:[KMBTkmbt]\b|million\b|billion\b|trillion\b|thousand\b|[KMBT]\+)")
_WORD_AFTER = re.compile(r"[A-Za-z0-9_@]|-[A-Za-z]")  # "7B", "3D", "4-bit", "5-shot"
_COUNT_AFTER = re.compile(
    r"\s+(?:[a-z]\w*-[\w-]+\s+)?(?:[a-z][\w-]*[a-z]s|[A-Z][A-Za-z]*[a-z]s|[A-Z]{2,}s)\b(?!\s*(?:of|per)\b)"
)
_DIGIT_COMMA_BEFORE = re.compile(r"\d,$")
_COMMA_DIGIT_AFTER = re.compile(r",\d")
_PAIR_BEFORE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?/$")  # "1.91/2.43": the second of a pair
_BOUND_BEFORE = re.compile(r"[(\s][<>≤≥]\s*$|^[<>≤≥]\s*$")  # "(>95%)", "< 20 simulations"
_DIMENSION_AFTER = re.compile(r"\s?[x×*]\s?\d|\s+times\s+\d")
_MATH_BEFORE = re.compile(
    r"(?:\b[OΩΘo]|Omega|Theta|\^|_)\s*[({]?\s*$|[=<>≤≥]\s*$|\b(?:p|k|n|N|d|T|K)\s*[=<>]\s*$"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_CLAIMED_AMOUNT = re.compile(
    r"(?:\b(?:as few as|as little as|fewer than|less than|no more than|at most)|[<≤])\s*$|"
    r"\b(?:takes?|took|requires?|required|needs?|needed|within)\s+(?:only\s+|just\s+|about\s+|around\s+|"
    r"approximately\s+|roughly\s+|~\s*|[<≤]\s*)?$",
    re.IGNORECASE,
)
_SET_AMOUNT = re.compile(
    r"\b(?:of|for|over|on|to|with)\s+(?:less than|fewer than|no more than|at most|"
    r"under|[<≤])\s*$",
    re.IGNORECASE,
)  # "domains of less than 20 dimensions"
_ENUMERATION = re.compile(r"(?:^|[\s(\[])$")  # "(2) how to ...", "2) ..."
_HARDWARE_AFTER = re.compile(r"\s*[A-Z][A-Za-z]*\d")
_SETTING_BEFORE = re.compile(
    # (not what a value is compared with: "compared with 75.4% for X")
    r"\b(at|(?<!compared\s)(?<!comparison\s)with|under|using|for|top)\s+"
    r"(?:only\s+|just\s+|a\s+|the\s+)?$",
    re.IGNORECASE,
)
_SHARE_OF = re.compile(
    r"\s+of\s+(?:the\s+|its\s+|their\s+|our\s+|all\s+)?((?:[\w-]+\s+){0,2}[\w-]+)", re.IGNORECASE
)
# Getting cases right, right before the share of them: "solves 96.6% of", "answers 71% of",
# "correctly classifies over 90% of".
_SUCCEEDS_ON = re.compile(
    r"\b(?:solv|answer|pass|recover|detect|identif|classif|predict|retriev|locat|complet|"
    r"succeed|correctly\s+\w+)\w*\s+(?:correctly\s+)?(?:only\s+|up\s+to\s+|about\s+|around\s+|"
    r"over\s+|nearly\s+|more\s+than\s+|almost\s+|~\s*)?$",
    re.IGNORECASE,
)
# What says the cases were got right: an adverb, or cases that are tasks to do.
_SUCCESS_ADVERB = re.compile(r"\b(?:correctly|successfully|accurately)\b", re.IGNORECASE)
_TASK_CASES = re.compile(
    r"\b(?:puzzles?|problems?|questions?|queries|tasks?|tests?|test\s+cases|instances|"
    r"challenges?|attacks?|games?|levels?|theorems?|bugs?|exercises?|benchmarks?|goals?|"
    r"issues|anomalies|faults|defects|vulnerabilities|errors|statements|cases)"
    r"(?:$|\s+(?:in|from|on|of|for|with|at)\b)",
    re.IGNORECASE,
)


def _succeeds_on(before: str, cases: str, after: str) -> bool:
    """Whether a share ("96.6% of the hardest puzzles") counts the cases a method gets right:
    a verb of getting them right before it, and the cases are tasks ("puzzles",
    "questions") or an adverb says they were got right ("correctly predicts 88% of the
    labels"); not a share of the data a method handles ("predicts 15% of the tokens",
    "passes 30% of the tokens to the next layer")."""
    if not _SUCCEEDS_ON.search(before):
        return False
    return bool(
        _TASK_CASES.search(cases.strip()) or _SUCCESS_ADVERB.search(before + " " + after[:60])
    )


_PERFORMANCE_WORDS = re.compile(
    r"\b(?:performance|accuracy|quality|scores?|gains?|improvements?|error|results?|speed|"
    r"throughput|capabilit\w*|effectiveness|original|baseline|teacher|full|upper bound|"
    r"state[- ]of[- ]the[- ]art|sota|gap)\b",
    re.IGNORECASE,
)
_COMPARISON = re.compile(
    r"\b(?:fast\w*|slow\w*|speed\w*|accelerat\w*|fewer|less|small\w*|larg\w*|bigg\w*|more|high\w*|"
    r"low\w*|great\w*|reduc\w*|improv\w*|better|cheap\w*|compress\w*|efficien\w*|throughput|"
    r"memory|than|over|increas\w*|decreas\w*|boost\w*|sav\w*|gains?|outperform\w*|costs?|"
    r"latency|compared|relative|versus|vs|shorter|longer|lighter|as\s+\w+\s+as|cut\w*)\b",
    re.IGNORECASE,
)
_REPORTING = re.compile(
    r"\b(?:achiev\w*|reach\w*|obtain\w*|attain\w*|scor\w*|report\w*|perform\w*|results?|"
    r"state[- ]of[- ]the[- ]art|sota|records?|yield\w*|accurac\w*|outperform\w*|surpass\w*)\b",
    re.IGNORECASE,
)
# Hyperparameters look like metrics ("a learning rate of 1e-3"): words of their class.
_HYPERPARAMETER = re.compile(
    r"\b(?:learning|decay|dropout|momentum|temperature|warm-?up|batch|step size|seed|epochs?|"
    r"threshold|margin|penalty|coefficient|regulari[sz]\w*|weight)\b",
    re.IGNORECASE,
)
# The size of a gap between two things, which is neither's result ("the accuracy difference
# between the two approaches is only 14%"); not what a method narrows or closes it to.
_GAP_BETWEEN = re.compile(
    r"\b(?:difference|gap)\s+between\b(?:[^.;]|\.(?=\d))*$", re.IGNORECASE
)  # (up to the value, decimal points included)
_GAP_CHANGED = re.compile(r"\b(?:narrow|clos|reduc|shrink|cut|bridg)\w*\b", re.IGNORECASE)
_METRIC_BEFORE_GAP = re.compile(
    r"^\s*(?:\(|:|=|of|is|was|at|to|by|reaches?|reaching|achieves?|achieving|scores?|scoring|"
    r"scores? of|value of|around|about|only|just|up to|over|nearly|approximately|roughly|"
    r"an?|the|average|mean|\s|,)*$",
    re.IGNORECASE,
)
# A measure that moves by or to the value: "the perplexity drops by 8.87", "accuracy rises to
# 81.2" (the measure is the sentence's subject, so nothing else is said between them).
_METRIC_MOVED_GAP = re.compile(
    r"^\s*(?:of\s+(?:the\s+|our\s+|its\s+)?(?:[\w-]+\s+){1,2}?)?"  # "the X score of Y rises"
    r"(?:(?:is|was|were|are|has|have|been|further|also|then|consistently|significantly|"
    r"substantially|notably|markedly)\s+)*"
    r"(?:improve[sd]?|increase[sd]?|rises|rose|grows|grew|jumps?|jumped|climbs?|climbed|"
    r"drops?|dropped|falls?|fell|decrease[sd]?|declines?|declined|goes\s+down|went\s+down|"
    r"goes\s+up|went\s+up|reduced|lowered|raised|boosted)\s+(?:by|to)\s+"
    r"(?:up\s+to\s+|about\s+|around\s+|nearly\s+|roughly\s+|approximately\s+|only\s+|~\s*)?$",
    re.IGNORECASE,
)
# A measure that is set, not reached, right before its mention: "the target perplexity",
# "the minimum BLEU", "the scale of the X score".
_SET_MEASURE_BEFORE = re.compile(
    r"\b(?:target|minimum|maximum|min|max|required|desired|threshold|cutoff|cut-off|"
    r"(?:scale|weight|temperature|threshold|coefficient|margin|cap)\s+of(?:\s+the)?)\s+$",
    re.IGNORECASE,
)
# A schedule after a value: "reduced by 0.5 every 10 epochs".
_SCHEDULE_AFTER = re.compile(
    r"\s+(?:every|each|after\s+each)\s+(?:\d+\s+)?(?:epochs?|steps?|iterations?|updates?|"
    r"rounds?|stages?)\b",
    re.IGNORECASE,
)
_DATASET_AFTER_GAP = re.compile(
    r"^\s*(?:\(|\s+(?:on|in|for|across|over)\s+(?:the\s+)?)$", re.IGNORECASE
)

# ---------------------------------------------------------------- kinds and referents

_IMPROVE = (
    r"improv\w*|increas\w*|boost\w*|out-?perform\w*|surpass\w*|exceed\w*|beat\w*|rais\w*|"
    r"enhanc\w*|gain\w*|lift\w*|advanc\w*|elevat\w*|push\w*|better\w*|accelerat\w*|speed\w*"
)
_REDUCE = (
    r"reduc\w*|decreas\w*|lower\w*|cut\w*|sav\w*|shrink\w*|compress\w*|drop\w*|declin\w*|"
    r"fall\w*|fell|lessen\w*|mitigat\w*|alleviat\w*|diminish\w*|shorten\w*|eliminat\w*|"
    r"prun\w*|trim\w*|slash\w*|minimi[sz]\w*"
)
_QUALIFIER = (
    r"(?:(?:up to|about|around|over|approximately|nearly|roughly|more than|at least|"
    r"as much as|as many as|almost|an average of|on average|a remarkable|a significant|"
    r"an impressive|a substantial|a notable|a relative|an absolute|absolute|relative|"
    r"as little as|as few as|only|just|~|≈)\s*)*"
)
_VERB = re.compile(rf"\b(?:(?P<improve>{_IMPROVE})|(?P<reduce>{_REDUCE}))\b", re.IGNORECASE)
_BY = re.compile(rf"\bby\s+{_QUALIFIER}$", re.IGNORECASE)
_VERB_UP_TO = re.compile(
    rf"\b(?:(?P<improve>{_IMPROVE})|(?P<reduce>{_REDUCE}))\s+(?:up to|about|around|"
    rf"over|nearly|roughly|approximately|~)\s*$",
    re.IGNORECASE,
)
# "reduces up to 30% of the memory", "cuts the cost by 45% of": a change, not a share
_CHANGED_BY = re.compile(
    rf"\b(?:{_IMPROVE}|{_REDUCE})\b(?:(?:\s+[\w-]+){{0,3}}?\s+by\s+{_QUALIFIER}|"
    rf"\s+(?:up to|about|around|over|nearly|roughly|approximately|~)\s*)$",
    re.IGNORECASE,
)
_NOUN_BEFORE = re.compile(
    rf"\b(?:(?P<improve>improvements?|gains?|increases?|boosts?|uplifts?|advantages?|margins?|"
    rf"lifts?)|(?P<reduce>reductions?|decreases?|drops?|savings?|declines?|cuts?|degradations?|"
    # "at a cost of 2.0 X": X paid (which way it moved, the measure says: ``_kind``)
    rf"(?P<cost>at\s+(?:a|the)\s+(?:small\s+|slight\s+|minor\s+)?cost)))"
    rf"(?:\s+(?:of|by|in)\s+|\s*\(\s*){_QUALIFIER}$",
    re.IGNORECASE,
)
_WORDS_BETWEEN = (
    # (a qualifier first lets a third word in: "12% relative error rate reduction", not
    # "84.1% accuracy requiring less memory")
    r"(?:(?:relative|absolute|average|mean|overall|total)\s+)?"
    r"(?:(?!(?:on|in|of|for|with|at|than|to|and|or|while|whereas|but|yet|which|that|is|are|"
    r"was|were|be|been)\b)[\w@-]+\s+){0,2}?"
)
_RIGHT_IMPROVE = re.compile(
    rf"^\s*{_WORDS_BETWEEN}(?:higher|better|more|greater|larger|improvements?|gains?|increases?|"
    r"boosts?|uplifts?|faster|stronger|longer|bigger|wider|deeper|relative improvement|"
    r"absolute improvement)\b",
    re.IGNORECASE,
)
_RIGHT_REDUCE = re.compile(
    rf"^\s*{_WORDS_BETWEEN}(?:lower|less|fewer|smaller|reductions?|decreases?|drops?|cheaper|"
    r"shorter|lighter|savings?|declines?)\b",
    re.IGNORECASE,
)
_BASELINE_BEFORE = re.compile(
    r"\b(?:than|over|vs\.?|versus|against|outperform\w*|surpass\w*|beat\w*|exceed\w*|baselines?|"
    r"including|such\s+as|e\.g\.|i\.e\.|superior\s+to|instead\s+of|previous|prior|existing)\W[^.;:]{0,60}$|"
    r"\b(?:compared\s+(?:with|to)|comparison\s+(?:with|to)|relative\s+to|unlike|like)\W[^.;:,]{0,60}$",
    re.IGNORECASE,
)
# A method named after a preposition is an instrument or a setting, rarely the claim's subject.
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:with|using|via|on|from|of|into|to|for|by|when|while|based\s+on|built\s+on|on\s+top\s+of)\s+"
    r"(?:the\s+|a\s+|an\s+)?$|^\W*(?:with|using|via|by|when|while|for)\s+[^,;:]{0,60}$",
    re.IGNORECASE,
)
# "we find that X reaches": a finding about X, whoever X is
_FINDING = re.compile(
    r"\b(?:we|our\s+\w+)\s+(?:\w+\s+){0,2}?(?:find|found|show|showed|observe|observed|"
    r"note|report|see|demonstrate|reveal|confirm)\w*\s+that\b",
    re.IGNORECASE,
)
# "..., outperforming existing methods that only recover up to 85%": a baseline's number
_BASELINE_CLAUSE = re.compile(
    r"\b(?:than|outperform\w*|surpass\w*|beat\w*|over|compared\s+(?:with|to)|unlike|whereas|while)\s+"
    r"[^,;:]{0,60}?\b(?:that|which|who|whose)\b[^,;:]{0,60}$",
    re.IGNORECASE,
)
# A baseline's value: "given a baseline of", "the baseline model's score of".
_BASELINE_VALUE_BEFORE = re.compile(
    r"\bbaselines?\b[^,;.()]{0,30}?\b(?:of|at|is|was|reach\w*|achiev\w*|scor\w*|obtain\w*|"
    r"yield\w*|gets?|got)\s+(?:only\s+|about\s+|around\s+|approximately\s+|roughly\s+)?$",
    re.IGNORECASE,
)
# Earlier work's value: "the previous best X of 52.5 and Y of 18.6", "the best published
# result is", "human-level performance (72.6 for A and 62.4 for B)". A value between digits
# may hold a point ("of 52.52 and Y of").
_EARLIER_WORK = (
    r"(?:(?:previous(?:ly)?|prior|best\s+previous|existing)\s+(?:best|state[- ]of[- ]the[- ]art|"
    r"sota|record|results?|systems?|methods?|models?|approach(?:es)?|work|published)|"
    r"best\s+published|humans|human\s+(?:performance|baseline|accuracy|experts?|"
    r"transcribers?|players?|error)|human[- ]level(?:\s+performance)?)"
)
# Between earlier work and its value: the measure's words, nothing that hands the value to
# someone else ("prior methods with an accuracy of", "existing systems and achieves").
_HOLDER_TO_VALUE = (
    r"(?:(?!\b(?:or|with|than|but|while|whereas|unlike|surpass\w*|outperform\w*|beat\w*|"
    r"exceed\w*)\b)"
    # (the paper speaking of its own result: "our X achieves", "we obtain"; not "on our
    # benchmark", "the system we know of")
    r"(?!\b(?:our|we)\s+(?:[\w-]+\s+)?(?:achiev|reach|obtain|attain|gets?\b|got\b|scor|yield)\w*)"
    r"(?!(?<![\d%]\s)\band\b)"  # (an "and" after a value lists the holder's values)
    r"(?:[^,;:.()]|\.(?=\d))){0,40}?"
)
_EARLIER_WORK_VALUE_BEFORE = re.compile(
    rf"\b{_EARLIER_WORK}(?:\b{_HOLDER_TO_VALUE}\b(?:of|at|is|was|were|are|"
    r"reach\w*|achiev\w*|scor\w*|obtain\w*|yield\w*|gets?|got)\s+|\s*\(\s*)"
    r"(?:only\s+|about\s+|around\s+|approximately\s+|roughly\s+)?$",
    re.IGNORECASE,
)
# "a large improvement from the 56.7 F1 of the previous best system": a measure named
# between (not "95% of human performance", a share the paper's method reaches)
_EARLIER_WORK_VALUE_AFTER = re.compile(
    rf"\s*(?:[\w@%-]+\s+){{1,3}}?of\s+(?:the\s+|a\s+)?{_EARLIER_WORK}\b", re.IGNORECASE
)
_OURS = re.compile(
    r"\b(?:our|ours|we)\b|\bthe\s+proposed\b|\bthe\s+(?:new|novel|resulting)\s+\w+|"
    r"\bthis\s+(?:paper|work|study|approach|method|model|framework|technique|algorithm|system|"
    r"architecture|strategy|design|pipeline)\b|^\W*(?:it|this)\b",
    re.IGNORECASE,
)
_CLAIMED_STATE_OF_THE_ART = re.compile(
    r"\b(?:achiev\w*|yield\w*|sets?|setting|reach\w*|obtain\w*|establish\w*|attain\w*|"
    r"deliver\w*)\s+(?:a\s+|the\s+)?(?:new\s+|current\s+)?state[- ]of[- ]the[- ]art\b"
    # not one that names who holds it: "On the X set the current state of the art approach
    # achieves ...": "set" is a noun there
    r"(?![\s-]+(?:approach|method|model|system|work|baseline|technique|algorithm)s?\b)",
    re.IGNORECASE,
)
_SPEAKER = re.compile(r"\b(?:we|our)\b", re.IGNORECASE)
# Words between a value and its metric: "86% top-1 accuracy", not "25.1 and reduces latency".
_ADJACENT = re.compile(
    r"[\s(]*(?:(?!(?:and|or|but|while|which|that|on|in|of|for|with|at|than|to|by|"
    r"from|over)\b)[\w-]+\s+){0,2}?",
    re.IGNORECASE,
)
_ON_BEFORE = re.compile(
    r"(?<!based )(?<!built )(?<!trained )(?<!pre-trained )(?<!pretrained )"
    r"\b(?:on|across)\s+(?:the\s+)?(?:challenging\s+|popular\s+|public\s+)?$",
    re.IGNORECASE,
)
_OUR_BEFORE = re.compile(r"\bour\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_OTHERS = re.compile(
    r"\b(?:existing|previous|prior|current|conventional|standard|other|their|they|"
    r"baselines?|competing|state[- ]of[- ]the[- ]art|sota|humans?|people)\b",
    re.IGNORECASE,
)
_LIST_CONTINUES = re.compile(
    r"\s*(?:[A-Za-z][\w@^-]*\s*)?(?:(?:for|on|in|when|with)\s+[^,;.]{1,40}?)?\s*(?:\([^()]{0,60}\)\s*)?"
    r"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|/)",
    re.IGNORECASE,
)
# Comparatives between a value and what it measures: "3x fewer steps", "2% lower error".
_COMPARATIVES = (
    r"higher|lower|less|fewer|more|smaller|larger|better|worse|faster|slower|cheaper|"
    r"shorter|longer"
)
_ADJACENT_CHANGE = re.compile(
    rf"\s*(?:(?:{_COMPARATIVES}|reduced|improved|relative|absolute|average)\s+)?"
    # "reduce up to 30% of the peak memory usage": the share of what is changed
    r"(?:of\s+(?:the\s+|its\s+|their\s+)?)?",
    re.IGNORECASE,
)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
# "respectively" a verb or two before the values: "reach, respectively, 9%", "respectively
# reach 9%"
_RESPECTIVELY_BEFORE = re.compile(r"\brespectively\W+(?:\w+\W+){0,2}$", re.IGNORECASE)
_LIST_GLUE = re.compile(r"^[\s,;/]*(?:and|or|&|vs\.?|versus)?[\s,]*\+?\s?$", re.IGNORECASE)
_PLUS_BEFORE = re.compile(r"(?<![\w)])\+\s?$")  # "+ 4.37%": a gain written with a space
_LIST_GAP = re.compile(
    r"^\s*(?:\([^()]{1,60}\)\s*)?(?:(?:on|in|for|with)\s+[^,;()]{1,50}?)?"
    r"[\s,;]*(?:and|or|&)?\s*(?:\([^()]{1,60}\))?\s*$",
    re.IGNORECASE,
)
_WINDOW = 90  # characters of the clause before a value read for its kind
# A measure named at a value that no recogniser found: the words right after it, past a
# comparative ("6x fewer training steps", "9.74 IS"), or right before "of" it ("an R^2
# score of 0.98"). Only words: a parenthesis, a comma or a preposition ends the phrase.
_MEASURE_WORD = re.compile(r"[A-Za-z][\w^@.-]*[\w^]|[A-Za-z]")
_SPACE = re.compile(r"[ \t]")
_COMPARATIVE = re.compile(rf"[ \t]*(?:(?:{_COMPARATIVES})\b[ \t]*)?", re.IGNORECASE)
# The ending of a verb or an adverb, which names no quantity ("over-trained", "rapidly").
_VERB_OR_ADVERB_ENDING = re.compile(r"(?:ed|ing|ly)$")
_NOT_IN_A_MEASURE = frozenset(
    [
        *("a", "an", "the", "of", "on", "in", "and", "or", "for", "with", "to", "by", "than"),
        *("at", "from", "over", "vs", "while", "which", "that", "as", "is", "are", "was"),
        *("were", "be", "its", "their", "our", "this", "these", "those", "when", "compared"),
        *("across", "between", "within", "without", "under", "during", "per", "via", "using"),
        *("after", "before", "into", "through", "among", "against", "respectively", "while"),
    ]
)
_OF_BEFORE = re.compile(
    r"[ \t]+(?:of|greater than|higher than|lower than|less than|above|below|exceeding|"
    r"at least|at most|up to|as high as|as low as)[ \t]+(?:(?:about|around|up to|over|only|"
    r"nearly|approximately|roughly|merely|just|~|≈)[ \t]*)?$",
    re.IGNORECASE,
)
# An acronym: two capitals or more ("IS", "PSNR", "mAP" is found by the recognisers).
_ACRONYM = re.compile(r"[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*(?:[-@][A-Za-z0-9]+)?")
# The last word before a position, and a word that is inflected (a verb's "-s", "-ed",
# "-ing" or a plural: not a measure's modifier, "achieves", "reported").
_LAST_WORD = re.compile(rf"({_MEASURE_WORD.pattern})[ \t]*$")
_INFLECTED = re.compile(r"(?:s|ed|ing)$")
# A word that may be a verb's bare form before a measure (``_SUBJECT_BEFORE`` tells), and
# a comparative, which is no part of its name: "reach a lower error of 2%".
_MAYBE_A_VERB = re.compile(
    r"achieve|obtain|reach|attain|report|yield|give|get|deliver|show|exhibit|produce|"
    r"maintain|retain|preserve|keep|match|hit|improve|increase|boost|raise|enhance|reduce|"
    r"decrease|cut|save|surpass|exceed|outperform|beat",
    re.IGNORECASE,
)
_COMPARATIVE_WORD = re.compile(_COMPARATIVES, re.IGNORECASE)
# Where such a word is a verb: after a subject pronoun, a modal, "to" or a relative
# pronoun ("we report perplexity of 12.3", "can obtain accuracies of 73%"); after an
# article or an adjective it is a noun of the measure's name ("a hit ratio of 0.72", "an
# exact match score of 78.2").
_SUBJECT_BEFORE = re.compile(
    r"(?:^|\b(?:we|they|it|i|you|he|she|that|which|who|can|could|may|might|will|would|"
    r"should|must|shall|to|also|not|and|or)[ \t]+)$",
    re.IGNORECASE,
)
MAX_MEASURE_WORDS = 3
# Where a clause ends and another begins: ", and averaging 85%" does not measure what the
# clause before named ("results for image and audio domains, and averaging 85% on X").
_CLAUSE_BREAK = re.compile(
    r",\s*(?:but|yet|while|whereas)\b|,\s*and\s+(?:[a-z]+(?:ing|ed)|we|it|they|this)\b|;"
)
_PARENTHETICAL = re.compile(r"[ \t]*\([^()]{1,60}\)")
# Where a value was measured, before data named by its kind noun in the same clause: "in
# the extended X dataset", "on the test split of the X corpus", "on A and the X corpus".
_IN_THE_DATA_BEFORE = re.compile(r"\b(?:in|on|across|over)\b[^.;:,()]{0,50}$", re.IGNORECASE)
# Data pre-trained on or drawn from, in the clause before a name: "pre-trained on the X
# corpus", "after pre-training on", "distilled on", "retrieves passages from the X corpus".
# (Not "trained", "learned" or "fine-tuned on": a model learned on ImageNet is measured on
# it too.)
_TRAINED_ON_DATA_BEFORE = re.compile(
    # (not "from 71% to 74% on X": a change, not a source)
    r"\b(?:pre-?train\w*|distill\w*|from(?!\s+[-+~≈]?\d))\b[^.;:,()]{0,50}$",
    re.IGNORECASE,
)
_TRAILING_ASIDE = re.compile(r"\s*\([^()]*\)\s*$")  # "Zarn-Kell dataset (ZK)": its short form
# A noun of change after a value ("a 14x cut in X", "a 2x acceleration of X"): the measure
# is what follows "in" or "of".
_CHANGE_NOUN = re.compile(
    r"(?:reduction|increase|improvement|gain|cut|drop|decrease|boost|acceleration)s?",
    re.IGNORECASE,
)
_IN_OR_OF = re.compile(r"[ \t]+(?:in|of)[ \t]+(?:the[ \t]+)?", re.IGNORECASE)
_THAN = re.compile(r"[ \t]+than\b", re.IGNORECASE)  # "100 times easier than": a comparison
# What a comparative is in, after it: "30x smaller in (terms of) model size".
_IN_TERMS_OF = re.compile(
    r"[ \t]*in[ \t]+(?:terms[ \t]+of[ \t]+)?(?:the[ \t]+|its[ \t]+)?", re.IGNORECASE
)
# A word that ends in "s" in the singular ("loss", "bonus", "analysis", "previous"): no
# plural of things counted (``_counted_plural``).
_S_IN_THE_SINGULAR = re.compile(r"(?:ss|us|is|ous)$")
# The object of a change verb, up to "by" and the value: "reduces the per-epoch training
# time by 30%" (``_named_measure``); the verb sets a competitor apart in "outperforms X by".
_OBJECT_BY = re.compile(
    rf"\b(?P<verb>{_IMPROVE}|{_REDUCE})\s+(?:the\s+|its\s+|their\s+|our\s+)?"
    rf"(?P<object>[\w^@-]+(?:[ \t]+[\w^@-]+){{0,3}}?)\s+by\s+{_QUALIFIER}$",
    re.IGNORECASE,
)
_COUNT_NOUNS = frozenset({"number", "amount"})
_EVALUATIVE_WORDS = frozenset(
    {"state-of-the-art", "sota", "previous", "prior", "best", "baseline", "existing", "new"}
)
_OF_AFTER = re.compile(r"[ \t]+of[ \t]+", re.IGNORECASE)
_COMPETITOR_VERB = re.compile(
    r"out-?perform\w*|surpass\w*|exceed\w*|beat\w*|better\w*", re.IGNORECASE
)
# A method mention ending so names a setting the values are reached in, not what reaches them.
_SETTING_HEADS = frozenset(["setting", "regime", "configuration", "scenario", "condition"])
MEASURE_SCORE = 0.5  # the score of a metric mention read from a reported value


def _values(text: str) -> Iterator[re.Match]:
    """``_VALUE.finditer(text)``, tried only where a value can start (ten times faster)."""
    position = 0
    while (start := _VALUE_START.search(text, position)) is not None:
        match = _VALUE.match(text, start.start())
        if (
            match is not None
            and match.group("lo")
            and _BEFORE_NAME.search(text, max(0, match.start() - 12), match.start())
        ):
            # "Plinth-2 to 47.69": no range, a name's digit then a value (scanned again)
            position = match.end("lo")
        elif match is not None and match.end() > match.start():
            yield match
            position = match.end()
        else:
            position = start.start() + 1


def scan_values(text: str) -> list[tuple[int, int, Value]]:
    """Every value in ``text`` that is not part of a name, a size, a count, a year, a
    dimension or a formula: (start, end, value), in order."""
    found: list[tuple[int, int, Value]] = []
    if not _MAY_HOLD_VALUE.search(text):
        return found
    for match in _values(text):
        value = _value(match)
        start, end = match.span()
        if value is None:
            continue
        before, after = text[max(0, start - 12) : start], text[end : end + 40]
        core = match.group("n") or match.group("lo") or match.group("a") or match.group("xn")
        if _DIGIT_COMMA_BEFORE.search(before) or _COMMA_DIGIT_AFTER.match(after):
            continue  # "0,7" with no unit: a decimal comma or a list, no value to read
        if (_BEFORE_NAME.search(before) and not _PAIR_BEFORE.search(before)) or (
            _MATH_BEFORE.search(before) and not (value.unit and _BOUND_BEFORE.search(before))
        ):
            continue  # "GPT-4", "top-1", "v1.5", "O(10^{-5})", "k=3"; not "1.91/2.43", "(>95%)"
        if _WORD_AFTER.match(after) or _SIZE_AFTER.match(after):
            continue  # "7B", "3D", "4-bit", "1M", "1.5 million"
        if _DIMENSION_AFTER.match(after) and value.unit in ("", "x"):
            continue  # "32x32", "512 times 512"
        if not value.unit and core and _YEAR.fullmatch(core.lstrip("+-−")):
            continue
        if (
            core
            and re.fullmatch(r"[-+−]?\d+", core)
            and not value.unit
            and re.search(r"[A-Z][\w-]*\s$", before)
        ):
            continue  # a version after a name: "Llama 2", "Qwen 2"
        # "1.27 bits / char" is a rate, no count of bits
        count = _COUNT_AFTER.match(after) if not value.unit and not _PER_UNIT.match(after) else None
        if count:  # "12 benchmarks", "10 NFEs": kept as a count, a result only as a claim
            end += count.end()
            value = replace(value, text=text[start:end], unit=count.group().strip(), count=True)
        if value.unit == "x" and _HARDWARE_AFTER.match(after):
            continue  # "8x A100": a number of devices
        if (
            value.unit == "points"
            and "-point" in match.group().lower()
            and not value.signed
            and not _CHANGE_AFTER_POINTS.match(text, end)
            and not re.search(r"[+±−-]\s?$", text[max(0, start - 2) : start])
            and not _CHANGED_BY_BEFORE.search(text, max(0, start - 120), start)
        ):
            continue  # "a 5-point MOS scale", "68-point landmarks": a size, not a gain
        if (
            not value.unit
            and after[:1] == ")"
            and _ENUMERATION.search(before)
            and core
            and re.fullmatch(r"\d{1,2}", core)
        ):
            continue  # "(2) how to ...": an item of a list
        if (
            not value.unit
            and value.number is not None
            and (
                _SPEEDUP_OF_BEFORE.search(text, max(0, start - 40), start)
                or _SPEEDUP_AFTER.match(text, end)
            )
        ):
            value = replace(value, unit="x")  # "a speedup of up to 25", "a 3.5 speedup": a factor
        found.append((start, end, value))
    return found


# What a hyphenated count of points must be to be a value: a change or a comparison ("a
# 2.3-point gain in F1", "a 4-point absolute accuracy improvement", "3.1-point better", "a
# 10-point gap"), signed ("+4-point mAP") or what something changes by ("improves by
# 2.1-point").
_CHANGE_NOUNS = (
    r"gains?|improvements?|increases?|boosts?|jumps?|drops?|decreases?|leads?|margins?|"
    r"advantages?|reductions?|rises?|declines?|gaps?|differences?"
)
_CHANGE_AFTER_POINTS = re.compile(
    # the measure's words may come between ("a 4-point absolute top-1 accuracy improvement",
    # "4.1-point F1 higher than X"), no verb, preposition or conjunction ("1024-point FFT
    # with less memory", "a 17-point skeleton is more robust" are sizes); a change noun
    # used as a verb is none ("a 68-point model leads to ...")
    r"(?:\s+(?!(?:with|or|and|is|are|was|were|be|been|being|has|have|had|that|which|than|"
    r"to|of|for|in|on|by|at|as|achieves?|makes?|shows?|gives?|yields?)\b)[\w@.-]+){0,3}?"
    rf"\s+(?:(?:{_CHANGE_NOUNS})\b(?!\s+(?:to|the|an?|its|their|our)\b)"
    r"|(?:higher|lower|better|worse|more|less|above|below|ahead|behind)\b)",
    re.IGNORECASE,
)
# A change verb before "by" and the value ("improves BLEU by 2.1-point"; not "represented by
# 68-point landmarks").
_CHANGED_BY_BEFORE = re.compile(
    r"\b(?:improv|increas|boost|rais|outperform|exceed|surpass|beat|lead|drop|decreas|reduc|"
    r"lower|gain|jump|rise|rose|fell|fall|cut|shrink|widen|narrow|gap|margin|better|higher|"
    r"worse|up|down|ahead|behind)\w*\s+(?:\S+\s+){0,8}?by\s+$",
    re.IGNORECASE,
)
# A factor named by its noun, its number bare: "a speedup of (up to) 25", "a 3.5 speed-up".
_SPEEDUP_OF_BEFORE = re.compile(
    r"\bspeed-?ups?\s+of\s+(?:(?:up\s+to|about|around|nearly|approximately|roughly|over|"
    r"more\s+than|at\s+least)\s+)?$",
    re.IGNORECASE,
)
_SPEEDUP_AFTER = re.compile(  # (ending its phrase: not "8 speedup experiments")
    r"\s*(?:-\s*)?speed-?ups?\b(?=\s*(?:$|[,.;:)]|(?:over|on|in|for|with|compared|relative|"
    r"versus|vs|and|than|at|when|while|from|against)\b))",
    re.IGNORECASE,
)


@dataclass
class _Claim:
    start: int
    end: int
    value: Value
    kind: str = "score"
    metric: Mention | None = None
    dataset: Mention | None = None
    method: Mention | None = None
    ours: bool = False
    listed_after: _Claim | None = None  # the bare number this one is listed after
    unpaired: bool = False  # a value of a list its dataset does not pair with
    averaged: bool = False  # an average over a list of datasets: on none of them
    # the span of the measure the words name at the value (``_named_measure``), read once
    measure_span: tuple[int, int] | None = None
    # what it is set against, right before it ("compared with", "versus"), read once
    compared: re.Match | None = None


# A measure's value that sets where a score of the same sentence is read, not a result:
# after "at", "under" or "using" and the measure ("63.1% AP at an IoU of 0.7", "a recall of
# 88% using a precision of 90%"), where the sentence states a score before it, or opens
# with it ("At an IoU of 0.7, X reaches 63.1%"); not where only a change or a count comes
# first ("cuts the latency by 40% at an accuracy of 76.1%", "runs in real time at an F1 of
# 45.1", "trained on 8 GPUs runs at an F1 of 45.1").
_OPERATING_POINT = re.compile(r"\b(?:at|under|using)\s+(?:an?\s+|the\s+)?$", re.IGNORECASE)
_AT_THE_MEASURE = re.compile(r"\s*(?:of|=|:|≥|>=|>)?\s*")
_SCORE_BEFORE = re.compile(r"(?<!\bby\s)(?<![\w.])\d+(?:\.\d+\s*%?|\s*%)(?![\w.])", re.IGNORECASE)
_OPENING_POINT = re.compile(r"\W*(?:at|under|using)\s+(?:an?\s+|the\s+)?$", re.IGNORECASE)


def _is_metric(mention: Mention) -> bool:
    """A mention that names a measure: typed metric, or headed by a measure word."""
    if _HYPERPARAMETER.search(mention.text):
        return False
    if mention.label == "metric":
        return True
    words = mention.text.lower().split()
    return (
        bool(words)
        and mention.label in ("concept", "method", "task")
        and (
            singular(words[-1]) in METRIC_PHRASE_HEADS
            or words[-1] in ("rate", "f1")
            or head_type(words) == "metric"
        )
    )


def _defines_a_metric(mention: Mention, inside: list[Mention]) -> bool:
    """A mention written "Long Form (ABBR)" whose long form or short form is a metric
    mention of its own, however the whole was typed ("a Quorb Glint Distance (QGD) of
    7.4", where the recogniser typed the whole a concept and the lexicon knows the parts),
    or whose long form a metric heads ("a mean Glint Distance (mGD) of 7.4")."""
    found = WITH_SHORT_FORM.fullmatch(mention.text)
    if found is None:
        return False
    parts = {
        (mention.start + found.start(part), mention.start + found.end(part))
        for part in ("long", "short")
    }
    long_end = mention.start + found.end("long")
    return any(
        other.nested
        and other.label == "metric"
        and (
            (other.start, other.end) in parts
            # the long form headed by the measure ("a normalised Glint Distance (nGD)");
            # not a method named after one ("a Plimp-Guided Decoder (PGD)")
            or (mention.start <= other.start and other.end == long_end)
        )
        for other in inside
    )


def _accepted(
    claim: _Claim,
    text: str,
    sentence: tuple[int, int],
    metrics: list[Mention],
    datasets: list[Mention],
) -> bool:
    """Whether a value is a performance claim (see the module's notes)."""
    value, start, end = claim.value, claim.start, claim.end
    before = text[max(sentence[0], start - 40) : start]
    after = text[end : min(sentence[1], end + 60)]
    clause = text[max(sentence[0], start - 60) : min(sentence[1], end + 45)]
    if _HYPERPARAMETER.search(_per_things_read(text, sentence[0], start, 20)):
        return False  # "a learning rate of 1e-3", "dropout of 50%" (not "time per epoch by")
    if any(
        m.end <= start
        and _AT_THE_MEASURE.fullmatch(text, m.end, start)
        and (point := _OPERATING_POINT.search(text, max(sentence[0], m.start - 20), m.start))
        and (
            _SCORE_BEFORE.search(text, sentence[0], point.start())
            or (_OPENING_POINT.fullmatch(text, sentence[0], m.start) and "," in text[end : end + 3])
        )
        for m in metrics
    ):
        return False  # "63.1% AP at an IoU of 0.7": where the score before it is read
    gap = _GAP_BETWEEN.search(text, max(sentence[0], start - 100), start)
    if gap and not _GAP_CHANGED.search(text, max(sentence[0], gap.start() - 30), gap.start()):
        # "the accuracy difference between A and B is 14%" (and "could narrow to 6%"): no
        # one's score; what a method narrows the gap to ("X narrows the gap ... to 2%") is
        return False
    if value.unit == "dB":
        # decibels measure a signal (PSNR, SNR): a result where a measure is named before
        # it or it is a gain ("+ 0.15dB", "a gain of 0.4 dB"), not a level set ("20 dB noise")
        return bool(
            _PLUS_BEFORE.search(before)
            or _NOUN_BEFORE.search(before)
            or _BETTER_BY.search(text, max(sentence[0], start - 90), start)
            or any(
                0 <= start - m.end <= 30 and not _CLAUSE_WORD.search(text, m.end, start)
                for m in metrics
            )
            or (
                any(0 <= m.start - end <= 3 and not text[end : m.start].strip() for m in metrics)
                and not _SETTING_BEFORE.search(before)  # "noise at 20 dB SNR": a setting
            )
        )
    if value.unit in ("%", "points"):
        share = _SHARE_OF.match(after) if value.unit == "%" else None
        if (
            share
            and not _PERFORMANCE_WORDS.search(share.group(1))
            and not any(m.start >= end and m.start <= end + share.end() for m in metrics)
            and not _CHANGED_BY.search(before)
            and not _CLAIMED_AMOUNT.search(before)
            and not _succeeds_on(before, share.group(1), after)
        ):
            # "10% of the labels": a share of the data, not a result (unless cut, or the
            # share of the cases a method gets right: "solves 96.6% of the puzzles")
            return False
        setting = _SETTING_BEFORE.search(before)
        # "at 50% sparsity", "for a 5% accuracy loss", "with 10% labelled data": a setting,
        # unless compared, or measured after "with" ("with 86% accuracy")
        return (
            not setting
            or bool(_RIGHT_IMPROVE.match(after))
            or bool(_RIGHT_REDUCE.match(after))
            or (
                setting.group(1).lower() == "with"
                and any(end <= m.start <= end + 3 for m in metrics)
            )
        )
    if RATE_UNIT.match(value.unit):
        # a speed reached ("processes 45 frames per second", "a throughput of 1,200 tokens
        # per second"), right before it; not a rate set ("videos recorded at 30 fps", "at
        # 30 fps input")
        near = text[max(sentence[0], start - 30) : start]
        reached = _RATE_REACHED.search(near)
        return (
            (
                reached is not None
                and not _RATE_SET.search(near)  # "the camera generates up to 60 fps"
                and "," not in near[reached.end() :]
                and not _RATE_SET_AFTER.match(text, end, sentence[1])
            )
            or bool(_RATE_NAMED_BEFORE.search(near))
        )  # "with a frame rate of 62 fps"
    if (
        DURATION_UNIT.match(value.unit)
        and (_TIME_TAKEN_BEFORE.search(before) or _TIME_MEASURED_BEFORE.search(before))
        and not _LIMITED.search(text, max(sentence[0], start - 60), start)
        and not _SIZED_BY_THE_TIME.match(text, end, sentence[1])
    ):
        return True  # "trains in 3.5 hours", "an inference latency of 12 ms"
    if value.unit and not value.count and _changed_by_or_of(text, start, sentence):
        return True  # "reduces memory by 5.93 GB", "a saving of 3 hours"
    if value.count or (
        value.unit and value.unit not in (*RATIO_UNITS, "%", "points") and not value.from_to
    ):
        # "in as few as 10 steps", "requires < 20 simulations", "takes about 3 minutes"
        return bool(_CLAIMED_AMOUNT.search(before)) and not _SET_AMOUNT.search(before)
    if "." in value.text and not value.unit and _PER_UNIT.match(text, end, sentence[1]):
        return True  # "1.27 bits / char", "3.2 bits per dimension": a measure, however set up
    if _HYPERPARAMETER.search(_per_things_read(text, sentence[0], start, 30)):
        return False  # "a learning rate of 1e-3", "weight decay 30 times larger"
    if value.unit in RATIO_UNITS:
        if _SPANNED_BEFORE.search(before):
            return False  # "extrapolating across an order of magnitude in compute": a setting
        return bool(_COMPARISON.search(clause))
    # a bare number (or one in a unit word): next to a metric, or before "on <dataset>"
    for mention in metrics:
        if (
            mention.end <= start
            and start - mention.end <= 25
            and _METRIC_BEFORE_GAP.match(text[mention.end : start])
        ):
            return True
        if (
            mention.end <= start
            and start - mention.end <= 45
            and _METRIC_MOVED_GAP.match(text[mention.end : start])
            and not _SET_MEASURE_BEFORE.search(
                text, max(sentence[0], mention.start - 30), mention.start
            )
            and not _SCHEDULE_AFTER.match(text, end, sentence[1])
        ):
            return True  # "the perplexity drops by 8.87", "BLEU rises to 31.2"
        if (
            mention.start >= end
            and mention.start - end <= 3
            and not text[end : mention.start].strip()
            and not _counts_measures(value, mention)
        ):
            return True
    if value.from_to:  # "reduces latency from 120 ms to 40 ms", "FID from 5.1 to 3.2"
        if _SETTING_CHANGED.search(text, max(sentence[0], start - 30), start) or _CONDITION.search(
            text, max(sentence[0], start - 50), start
        ):
            return False  # "as the time budget increases from", "when the X grows from"
        return any(m.end <= start for m in metrics) or bool(
            _VERB.search(text[max(sentence[0], start - 50) : start])
        )
    is_decimal = "." in value.text
    if (
        (value.signed or (is_decimal and _CLAIMED.search(text, sentence[0], sentence[1])))
        and not value.unit
        and (_CHANGE_NOUN_AFTER.match(after) or _NOUN_BEFORE.search(before))
        and not _HYPERPARAMETER.search(after[:40])  # "a 0.05 increase in the learning rate"
    ):
        return True  # "+0.208 improvement in X", "yields an average improvement of 8.87"
    if (
        is_decimal
        and not value.unit
        and _CHANGED_TO.search(before)
        and any(0 <= start - m.end <= 120 for m in metrics)
        and _VERB.search(text[max(sentence[0], start - 150) : start])
    ):
        return True  # "improve the X perplexities on A and B to 47.69 and 40.68": the new values
    if (
        is_decimal
        and not value.unit
        and claim.compared is not None
        and any(0 <= start - m.end <= 80 for m in metrics)
    ):
        return True  # "28.4 BLEU on X, versus 27.3 for Y": the measure named before
    if is_decimal and not value.unit:
        span = claim.measure_span
        last = _LAST_WORD.search(text, span[0], span[1]) if span is not None else None
        if last is not None and _is_measure_word(last.group(1)):
            return True  # "28.4 BLEU", "an R^2 score of 0.98": a measure the recognisers missed
        for mention in datasets:
            if (
                mention.start >= end
                and mention.start - end <= 12
                and _DATASET_AFTER_GAP.match(text[end : mention.start])
                and (metrics or _REPORTING.search(text[sentence[0] : sentence[1]]))
            ):
                return True
    return False


# A change named right after its value: "+0.208 improvement in X", "1.2 absolute gain".
_CHANGE_NOUN_AFTER = re.compile(
    r"\s*(?:(?:absolute|relative|average|mean|overall)\s+)?(?:points?\s+)?"
    r"(?:improvement|gain|increase|boost|reduction|decrease|drop|degradation)s?\b",
    re.IGNORECASE,
)


def _changed_by_or_of(text: str, start: int, sentence: tuple[int, int]) -> bool:
    """Whether the value at ``start`` is what a method changed a measure by ("X reduces
    memory usage by"), or a change named before it in a sentence that claims it ("brings a
    saving of"); not a resource the authors raise ("we increase the sampling rate by")."""
    before = text[max(sentence[0], start - 40) : start]
    if _NOUN_BEFORE.search(before):
        return bool(_CLAIMED.search(text, sentence[0], sentence[1]))
    by = _BY.search(before)
    if by is None:
        return False
    by_at = start - len(before) + by.start()
    verbs = list(_VERB.finditer(text, max(sentence[0], start - 90), by_at))
    if not verbs:
        return False
    verb = verbs[-1]
    # (what the change is counted per is no setting changed: "the training time per epoch")
    changed = _PER_THING.sub(r"\1", text[verb.end() : by_at])
    set_up = verb.group("improve") and _WE_BEFORE.search(
        text, max(sentence[0], verb.start() - 20), verb.start()
    )
    # (a setting the authors raise: "we increase the sampling rate by 8 kHz", "the memory of
    # each worker by 16 GB"; a method that cuts memory or time by an amount reports it)
    return not (_HYPERPARAMETER.search(changed) or (set_up and _RESOURCE.search(changed)))


# A sentence that claims a change: it reports results, or says what the work brings.
_CLAIMED = re.compile(
    rf"{_REPORTING.pattern}|\b(?:brings?|gives?|shows?|leads?\s+to|delivers?|offers?|"
    r"provides?|saves?|yields?|enables?)\b",
    re.IGNORECASE,
)
# A clause that sets a condition, up to the value: "when the training time grows from".
_CONDITION = re.compile(r"\b(?:when|as|if|while|whenever)\s+[^,;.]{0,45}$", re.IGNORECASE)
# A measure counted per something: "the training time per epoch", "the GPU hours per epoch"
# (not a count per batch or step, "the images per batch": a setting).
_PER_THING = re.compile(
    r"\b(?!(?:images|tokens|samples|examples|sequences|items|instances|documents|pairs|"
    r"updates|iterations|steps|words|sentences|frames)\b)(\w+)\s+per\s+[\w-]+",
    re.IGNORECASE,
)


def _per_things_read(text: str, s_start: int, start: int, width: int) -> str:
    """The ``width`` characters before ``start`` once each "X per Y" of a measure is read as
    X (from a wider slice, so that the measure's word is whole)."""
    return _PER_THING.sub(r"\1", text[max(s_start, start - width - 40) : start])[-width:]


# "we" as the subject right before a verb: the authors change a setting ("we increase the X by").
_WE_BEFORE = re.compile(r"\bwe\s+(?:\w+\s+)?$", re.IGNORECASE)
# What a setup is given more of: memory, a rate, a size.
_RESOURCE = re.compile(
    r"\b(?:memory|rate|resolution|size|budget|capacity|length|storage|bandwidth)\b", re.IGNORECASE
)
# What a setup is varied in, right before a value that goes from one amount to another: "as
# the time budget increases from", "the sampling rate grows from".
_SETTING_CHANGED = re.compile(
    r"\b(?:sampling|rate|limit|budget|capacity|size|resolution|length|each|per)\b", re.IGNORECASE
)


# What says a rate was reached, in the clause before it: a measure of speed, or a verb of
# doing at that speed.
_RATE_REACHED = re.compile(
    r"\b(?:throughput|speeds?|runs?|running|reach\w*|achiev\w*|attain\w*|process\w*|"
    r"generat\w*|decod\w*|render\w*|serv(?:e|es|ing)|sustain\w*|up to|real-time)\b",
    re.IGNORECASE,
)
# A speed named right before its value: "a frame rate of 62 fps", "a throughput of".
_RATE_NAMED_BEFORE = re.compile(
    r"\b(?:frame rate|throughput|inference speed|decoding speed|processing speed)\s+"
    r"(?:of|is|was|reaches|at|:)\s+(?:up to\s+|about\s+|around\s+|over\s+|~\s*)?$",
    re.IGNORECASE,
)
# What says the rate is one of the input or of a device, between the cue and the value or
# right after it: "clips recorded at", "sampled at", "at 30 fps input".
_RATE_SET = re.compile(
    r"\b(?:recorded|sampled|captured|filmed|acquired|shot|streamed|cameras?|sensors?|"
    r"projectors?|simulators?|emulators?|displays?|screens?|arms?|robots?|input)\b",
    re.IGNORECASE,
)
_RATE_SET_AFTER = re.compile(
    r"\s*(?:inputs?|videos?|clips?|footage|streams?|cameras?|sensors?|recordings?|budget)\b",
    re.IGNORECASE,
)
# A measure that a speed or a time is a value of.
_SPEED_MEASURE = re.compile(
    r"\b(?:throughput|speed|rate|latency|time|runtime|run-time|duration|fps|delay)s?\b",
    re.IGNORECASE,
)
# The time a run takes, claimed: "trains in 3.5 hours", "converges in under 10 minutes".
_TIME_TAKEN_BEFORE = re.compile(
    # (not a goal set: "we limit training to run in 24 hours")
    r"(?<!\bto\s)\b(?:(?:trains|trained|converges|converged|runs|ran|solves|solved|finishes|"
    r"finished|completes|completed|responds|responded)\s+"
    # or what is done to one thing in that time: "answers a query in 40 ms", "renders each
    # frame in", "processes a 4K image in"
    r"|(?:answers|answered|processes|processed|generates|generated|renders|rendered|handles|"
    r"handled|classifies|classified|segments|segmented|reconstructs|reconstructed|decodes|"
    r"decoded|encodes|encoded|synthesi[sz]es|synthesi[sz]ed|retrieves|retrieved|translates|"
    r"translated|transcribes|transcribed|compresses|compressed|samples|sampled|produces|produced)"
    r"\s+(?:a|an|each|every|one|a\s+single|the\s+whole|an\s+entire)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s+)"
    r"(?:in|within)\s+(?:only\s+|just\s+|about\s+|around\s+|under\s+|less than\s+|~\s*)?$",
    re.IGNORECASE,
)
# A time a run is measured to take, named right before its value: "an inference latency of
# 12 ms", "cuts the latency to 35 ms" (not a setting's time: "an exposure time of 5 ms", "a
# delay of 200 ms", "a clip duration of 10 s").
_TIME_MEASURED_BEFORE = re.compile(
    r"\b(?:latency|latencies|runtime|run-time|(?:inference|training|running|wall-clock|"
    r"generation|decoding|sampling|execution|response|solving|search)\s+times?)\s+"
    r"(?:of|to|is|was|by|under|below|:|=)\s+(?:only\s+|just\s+|about\s+|around\s+|~\s*)?$",
    re.IGNORECASE,
)
# A noun right after a duration that the duration sizes: "in 40 ms chunks", "in 2 second
# clips" (the parts a stream is cut into, not the time a run takes).
_SIZED_BY_THE_TIME = re.compile(
    r"[ -]*(?:chunks?|windows?|steps?|intervals?|clips?|segments?|blocks?|frames?|slices?|"
    r"increments?|bins?|hops?|strides?|periods?|cycles?|ticks?|slots?|batches?)\b",
    re.IGNORECASE,
)
# A limit set on a run, before its time: "we impose a limit so that each solver runs in".
_LIMITED = re.compile(r"\b(?:limit\w*|budget|capped|allow\w*|restrict\w*|so that)\b", re.IGNORECASE)
# A measure counted per unit: "1.27 bits / char", "3.1 bits per dimension", "bits-per-byte".
_PER_UNIT = re.compile(rf"\s*({PER_UNIT})\b", re.IGNORECASE)
# A margin over others or a gain: "outperforms X by", "improves PSNR by" (not "is raised by").
_BETTER_BY = re.compile(
    rf"\b(?:out-?perform\w*|surpass\w*|beat\w*|exceed\w*|improv\w*)\b"
    # (not through another clause: "improves X when the noise is raised by")
    r"(?:(?!\b(?:when|if|while|whereas|is|are|was|were|be|been)\b)[^.;]){0,60}\bby\s+"
    rf"{_QUALIFIER}$",
    re.IGNORECASE,
)
# How far back a change's verb is looked for (within its clause: "..., yet its precision
# slips by 3.2%" is not the "raises" before the "yet").
_EARLIER_VERB_WINDOW = 300
# Any word or mark that may begin another clause, between a measure and a value.
_CLAUSE_WORD = re.compile(r"[,;]|\b(?:while|whereas|but|yet|and|when|if)\b", re.IGNORECASE)
# What a changed measure was brought to: "... to 47.69".
_CHANGED_TO = re.compile(r"\bto\s+(?:about\s+|around\s+|~\s*)?$", re.IGNORECASE)
# The range a study spans, right before a ratio: "across (one) order of magnitude in compute",
# "spanning 100x in model size" (not "over", which also means "more than": "over 5x faster",
# nor "within": "within 2x of the optimum" is a result)
_SPANNED_BEFORE = re.compile(r"\b(?:across|spanning|spans|span)\s+$", re.IGNORECASE)
# Two values set against each other: "4.3% vs. 17.1%"
_VERSUS_BETWEEN = re.compile(r"^\s*(?:vs\.?|versus)\s*$", re.IGNORECASE)
# Two parties set against each other before the values, one of them the paper's own: "for
# the proposed vs. the established approach", "the baseline versus our sorter"
_OWN = r"(?:our|ours|the\s+proposed|proposed)\b"
_PARTIES = re.compile(
    rf"\b(?:(?P<own_first>{_OWN})[^,;()]{{0,40}}?\s(?:vs\.?|versus)\s"
    rf"|(?:vs\.?|versus)\s+(?:the\s+)?(?P<own_second>{_OWN}))",
    re.IGNORECASE,
)


# A word right after a compared value that is neither a measure's nor one saying whose the
# value is: "10% labelled data", "20% sparsity" (not "75.4% for X", "74.0% on B", "27.3 BLEU").
_NOT_A_MEASURE_AFTER = re.compile(
    r"\s+(?:[a-z][a-z-]+\s+)?(?:data|sparsity|labels?|labelled|labeled|samples|examples|"
    r"pruning|compression|noise|budget|parameters|training|supervision)\b"
)
# What a value is set against, right before it: "compared with 75.4% for X", "versus".
_COMPARED_CUE = r"(?:compared\s+(?:with|to)|(?:in\s+)?comparison\s+(?:with|to)|versus|vs\.?)"
_COMPARED_BEFORE = re.compile(
    rf"\b(?:{_COMPARED_CUE}|as\s+opposed\s+to)\s+"
    r"(?:the\s+|a\s+|only\s+|about\s+|around\s+|roughly\s+|~\s*)?$",
    re.IGNORECASE,
)
# The same cue before a list of such values, up to the next: "compared with 75.4% for A and
# (70.2% for B)".
_COMPARED_LIST_BEFORE = re.compile(
    rf"\b{_COMPARED_CUE}\s+"
    r"[~≈]?\d[\d.,]*\s?%?[^,;:()]{0,30}?\bfor\s+[^,;:()]{1,40}?(?:,\s*(?:and\s+)?|\s+and\s+)$",
    re.IGNORECASE,
)
# The words that say whose a value is, after it: "75.4% for X", "75.4% accuracy of the X
# baseline" (a few words, none of them another such preposition, then the preposition).
_HOLDER = r"(?:for|of|by|with|from|using)"
_TO_THE_HOLDER = rf"\s*(?:(?!{_HOLDER}\b)[\w@%.-]+\s+){{0,3}}?{_HOLDER}\s+"
# Up to the method a value is said to be of (a mention from there on).
_WHOSE_AFTER = re.compile(rf"{_TO_THE_HOLDER}(?:the\s+|an?\s+|our\s+)?$", re.IGNORECASE)
# The same words before anyone at all ("versus 43.0 for the strongest baseline"), and
# before the paper's own ("compared with 81.2% for our X", "... of the proposed method").
_HOLDER_AFTER = re.compile(
    rf"{_TO_THE_HOLDER}(?:(?:the|a|an)\s+)?(?:(?i:strongest|best|previous|prior|existing|"
    r"standard|conventional|vanilla|plain|original|competing|other|classical|baselines?|"
    r"state-of-the-art|sota)\b|(?P<name>[A-Z][\w@.+-]*))"
)
_OWN_HOLDER_AFTER = re.compile(
    rf"{_TO_THE_HOLDER}(?:our|ours\b|the\s+proposed|this\s+(?:method|model|approach|work|"
    r"paper|system|framework))\b(?!\s+(?:baselines?|reimplementation|re-implementation)\b)",
    re.IGNORECASE,
)
# The words that say whose a value is, before it: its holder named right before it, after
# a comparison ("outperforming X (88.1%)", "better than X with 70.1 BLEU", "compared to
# X's 88.1%") or as the subject of a contrast ("while X obtains 78.2%", "X only reaches
# 61%"). First the words between the holder and the value (not a margin: "outperforms X
# with a margin of 3.1 points" is the paper's own gain) ...
_RIVAL_REACHES = (
    r"(?:obtain|achieve|reach|get|score|attain|yield|record|deliver|report)(?:s|es|ed|d)?\b|"
    r"got\b|has\b|had\b"
)
_RIVAL_MEASURE = (
    r"(?:(?:an?|the|its|their)\s+)?(?:(?!(?:margin|gain|improvement|lead|gap|difference|"
    r"increase|boost|reduction|drop|advantage)\b)[\w@.+-]+\s+){1,3}?(?:of|at)\s+"
)
_TO_RIVALS_VALUE = re.compile(
    r"(?:(?P<aside>\s*\(\s*)"
    rf"|\s+with\s+(?:only\s+)?(?:{_RIVAL_MEASURE})?"
    rf"|(?P<possessive>['’]s?\s+(?:{_RIVAL_MEASURE})?)"
    rf"|\s+(?P<only>(?:only|just|merely)\s+)?(?P<verb>{_RIVAL_REACHES})\s+(?:only\s+|just\s+)?"
    rf"(?:{_RIVAL_MEASURE})?)"
    r"(?:about\s+|around\s+|roughly\s+|approximately\s+|~\s*)?$",
    re.IGNORECASE,
)
# ... then the cue before the holder, in its clause: a comparison, or a contrast.
# (first the words of a method that outdoes the one after them: "X outperforms Y")
_OUTDOES = (
    r"outperform\w*|out-perform\w*|surpass\w*|beat\w*|exceed\w*|than|ahead\s+of|superior\s+to|"
    r"improv\w*\s+(?:up)?on"
)
_RIVAL_COMPARED = rf"{_OUTDOES}|over|unlike|{_COMPARED_CUE}|as\s+opposed\s+to"
_RIVAL_CONTRAST = r"while|whereas|but|yet"
# (or the end of a competitor's aside it is listed after: "surpassing X (88.1%) and Y (")
_RIVAL_BEFORE = re.compile(
    rf"(?:\b(?:(?P<compared>{_RIVAL_COMPARED})|(?P<contrast>{_RIVAL_CONTRAST}))\s+"
    r"|(?P<listed>\)\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)))"
    rf"(?P<holder>(?:(?!\b(?:{_RIVAL_COMPARED}|{_RIVAL_CONTRAST})\b)[^,;:()]){{1,60}}?)$",
    re.IGNORECASE,
)
# A holder that is the paper's own ("while our X obtains", "whereas on B it reaches"),
# or no party at all: a setting or a measure ("while the accuracy reaches").
_OWN_OR_NO_PARTY = re.compile(
    r"\b(?:we|our|ours|it|its|this|the\s+proposed|proposed)\b|"
    r"^(?:on|in|at|for|with|under|from|to|across|over|when|after|during|by)\b",
    re.IGNORECASE,
)
# A value alone in its aside: "(88.1%)", "(88.1% accuracy)"; not "(91.2% vs. 88.1%)".
_ALONE_IN_ASIDE = re.compile(r"(?:(?!\b(?:vs|versus|and|or)\b)[^()/,;\d])*\)", re.IGNORECASE)
# A holder that opens as the paper's own system changed: an ablation or a variant, not a
# competitor ("; removing Y only reaches", "while its Y-based variant obtains"; a holder
# opening with the paper's own name is one too: "while X without Y reaches").
_OWN_CHANGED = re.compile(r"\s*(?:its|our|(?:remov|replac|swapp|ablat)\w*)\b", re.IGNORECASE)
# Between a competitor and its value, what keeps the value its own: a citation, a noun of
# the name ("X [12] (88.1%)", "X models (88.1%)").
_STILL_THE_HOLDER = re.compile(
    r"\s*(?:\[[\d,\s–-]+\]|(?:models?|baselines?|methods?|networks?|systems?)\b)?\s*",
    re.IGNORECASE,
)
# "the model", "the full system": after the paper's own, the paper's own again
_OWN_SUBJECT = re.compile(
    r"the\s+(?:full\s+|whole\s+|same\s+)?(?:model|network|system|method|approach|framework)",
    re.IGNORECASE,
)
# Where a clause opens before its subject: "..., X only reaches", "; X only reaches".
_CLAUSE_OPENING = re.compile(r"(?:[,;:]|\b(?:and|but|yet))\s*(?:the\s+)?$", re.IGNORECASE)
_STANDALONE_NUMBER = re.compile(r"(?<![\w.-])\d+(?:\.\d+)?(?![\w.-])")
# What names a party that is not the paper's, where no method is recognised in a holder.
_PARTY_WORD = re.compile(
    r"\b(?:[A-Z][\w@.+-]*|baselines?|methods?|models?|approach(?:es)?|systems?|networks?|"
    r"competitors?|counterparts?|works?|state[- ]of[- ]the[- ]art|sota|humans?|they)\b"
)


def _rivals_holder(
    claim: _Claim,
    against: _Claim | None,
    text: str,
    methods: list[Mention],
    datasets: list[Mention],
    metrics: list[Mention],
    s_start: int,
    own_names: set[str],
) -> tuple[bool, Mention | None]:
    """Whether a value's holder is named right before it, as a competitor or the other
    party of a contrast ("outperforming X (88.1%)", "better than X with 70.1 BLEU",
    "compared to X's 88.1%", "while X obtains 78.2%", "X only reaches 61%"), and the method
    it names, if one is recognised (see ``_competitors_value``). A holder that is the
    paper's own or no party ("while our X obtains", "while using 40% fewer parameters",
    "outperforming X by 3.1 points") is none. After a comparison, "(v)" and "with v" are
    the competitor's only where the paper's value came before ("X reaches 91.2%,
    outperforming Y (88.1%)"; "X outperforms Y (91.2%)" is X's)."""
    if claim.kind != "score" or claim.value.from_to or claim.value.signed:
        return False, None
    gap = _TO_RIVALS_VALUE.search(text, max(s_start, claim.start - 60), claim.start)
    if gap is None:
        return False, None
    cue = _RIVAL_BEFORE.search(text, max(s_start, gap.start() - 90), gap.start())
    named = [
        m
        for m in methods
        if not m.nested
        and m.end <= gap.start()
        and (cue.start("holder") <= m.start if cue else m.end == gap.start())
        # (not a setting of the holder: "than with X (", "while Y with X obtains")
        and not (cue and _PREPOSITION_BEFORE.search(text, cue.start("holder"), m.start))
    ]
    holder = named[-1] if named else None
    # where the holder's words open: after the cue, or (no cue) after its clause's opening
    clause = _CLAUSE_OPENING.search(text, s_start, holder.start) if holder else None
    opening = cue.start("holder") if cue else clause.end() if clause else s_start
    if (cue or holder) and (
        _OWN_CHANGED.match(text, opening)
        or any(
            _is_own(m, text, s_start, own_names) and not text[opening : m.start].strip()
            for m in methods
            if opening <= m.start < gap.start()
        )
    ):
        return False, None  # "while X without Y reaches", "while its Y-based variant obtains"
    if claim.value.number is None and gap.group("possessive") is not None:
        return False, None  # "over X's 88.1% to 91.2%": the paper's change, from X's level
    if cue is None:
        # "X only reaches 61%": a recognised method right before, not the paper's, as the
        # subject of its clause; "X obtains 91.2% and Y obtains 88.1%": the subject of a
        # clause of its own, after a value of another method's
        return holder is not None and (
            (
                gap.group("only") is not None
                and (clause is not None or not text[s_start : holder.start].strip())
            )
            or (
                gap.group("verb") is not None
                and clause is not None
                and against is not None
                and against.end <= clause.start()
                and against.method is not None
                and not _variant_of(holder.text, against.method.text)
            )
        ), holder
    if cue.group("listed") is not None and (
        gap.group("aside") is None
        or against is None
        or against.ours
        or not _ALONE_IN_ASIDE.fullmatch(text, against.end, cue.start() + 1)
    ):
        return False, None  # only after an aside of a competitor's value: "X (88.1%) and Y ("
    if gap.group("verb") is not None and cue.group("contrast") is None:
        return False, None  # "outperforms X and reaches 91.2%": the paper's method reaches it
    if (
        gap.group("possessive") is None
        and gap.group("verb") is None
        and (
            against is None
            or (gap.group("aside") is not None and not _ALONE_IN_ASIDE.match(text, claim.end))
        )
    ):
        return False, None  # "X outperforms Y (91.2% vs. 88.1%)", "X beats Y with 91.2%"
    if (
        holder is not None
        and gap.group("possessive") is None
        and gap.group("verb") is None
        and not _STILL_THE_HOLDER.fullmatch(text, holder.end, gap.start())
    ):
        # "surpasses X on B (91.2% ...)", "outperforms X by 3.1 points (88.1%)": X's, or
        # the paper's, which the words do not say: no one's, and not ours
        return True, None
    if holder is not None:
        return True, holder
    words = cue.group("holder").strip()
    if (
        _OWN_OR_NO_PARTY.search(words)
        or _OWN_SUBJECT.fullmatch(words)
        or _STANDALONE_NUMBER.search(words)
        or any(cue.start("holder") <= m.start and m.end <= gap.start() for m in datasets + metrics)
        or not _PARTY_WORD.search(words)
    ):
        return False, None  # "while on B it reaches", "over 5 runs (", "while the accuracy reaches"
    return True, None


def _variant_of(name: str, other: str) -> bool:
    """Whether two method names are one, or one a variant of the other: the other and a
    mark after it ("X-L", "X++", "X v2"), or a size in capitals ("XL", "XS", "X2"); not
    another name that starts the same ("Vorp" and "VorpalNet")."""
    first, second = sorted((name, other), key=len)
    if not second.casefold().startswith(first.casefold()):
        return False
    rest = second[len(first) :]
    return not rest or not rest[0].isalnum() or bool(_SIZE_SUFFIX.fullmatch(rest))


_SIZE_SUFFIX = re.compile(r"[A-Z]{1,3}|\d{1,3}[A-Za-z]?")


def _competitors_value(
    claim: _Claim,
    against: _Claim | None,
    text: str,
    methods: list[Mention],
    datasets_and_metrics: tuple[list[Mention], list[Mention]],
    reach: tuple[int, int],
    own_names: set[str],
) -> None:
    """A value the paper's own is set against ("..., compared with 75.4% for X"): not the
    paper's own, and its method is the one it is said to be of, or none ("versus 43.0 for
    the strongest baseline"; ``against`` is the value it is set against), or the method
    named before whose name it is said to be of ("improves on the detector X (34.4% for
    ours compared to 33.0% for X)"); the paper's own where it says so ("compared with 81.2% for
    our X"). A value set against one on other data without saying whose it is ("81.2% on A
    vs. 74.0% on B") keeps its party, as does one after "vs." that says nothing more. A
    value whose holder is named right before it ("outperforming X (88.1%)", "while X
    obtains 78.2%", ``_rivals_holder``; ``datasets_and_metrics`` are the sentence's)
    is that holder's, and no method's where none is recognised there."""
    s_start, limit = reach
    datasets, metrics = datasets_and_metrics
    held, rival = _rivals_holder(
        claim, against, text, methods, datasets, metrics, s_start, own_names
    )
    if held:
        # "X reaches 91.2%, outperforming Y (88.1%)", "while Y obtains 78.2%": Y's, or no
        # method's where Y is no recognised method; the paper's own where it is
        claim.method = rival
        claim.ours = rival is not None and _is_own(rival, text, s_start, own_names)
        return
    compared = claim.compared or _COMPARED_LIST_BEFORE.search(
        text, max(s_start, claim.start - 150), claim.start
    )
    if compared is None:
        return
    whose = _method_after(claim, text, methods, limit, _WHOSE_AFTER)
    if _OWN_HOLDER_AFTER.match(text, claim.end, limit) and (
        whose is None or _is_own(whose, text, s_start, own_names)
    ):
        # "compared with 81.2% for our Zorblax", "... with our approach"
        claim.method, claim.ours = whose, True
        return
    if whose is not None:
        claim.method, claim.ours = whose, _is_own(whose, text, s_start, own_names)
        return
    holder = _HOLDER_AFTER.match(text, claim.end, limit)
    if holder is None and (
        compared.group().lower().startswith(("vs", "versus"))
        or any(claim.end < d.start <= limit for d in datasets)
    ):
        return
    name = (holder.group("name") or "").rstrip(".") if holder is not None else ""
    named_before = [
        m
        for m in methods
        if s_start <= m.start
        and m.end <= claim.start
        and name
        and (m.text == name or m.text.endswith(" " + name))
    ]
    if named_before:  # "... the detector X (34.4% for ours, compared to 33.0% for X)"
        claim.method, claim.ours = (
            named_before[-1],
            _is_own(named_before[-1], text, s_start, own_names),
        )
        return
    if claim.method is not None and (
        _is_own(claim.method, text, s_start, own_names)
        or (against is not None and against.method == claim.method)
    ):
        # "X reaches 45.1, versus 43.0 for the strongest baseline": not X's (a competitor
        # named before, other than the value's it is set against, stays: "improves on the
        # detector X (34.4% for ours compared to 33.0% for X)")
        claim.method = None
    claim.ours = False


def _versus_parties(
    group: list[_Claim], text: str, s_start: int, methods: list[Mention], own_names: set[str]
) -> None:
    """Two values set against each other ("4.3% vs. 17.1%") after two parties, one of them
    the paper's own ("lower for the proposed vs. the established approach"), or in an aside
    right after a competitor ("X outperforms Y (91.2% vs. 88.1%)"): the values are the
    parties' in their order, so only the own party's is ``ours``, and the other's takes no
    method of the paper's (the competitor's, where it is named). Values set against each
    other without such parties ("81.2% on A vs. 74.0% on B") keep what they had."""
    for first, second in pairwise(group):
        if not _VERSUS_BETWEEN.match(text[first.end : second.start]):
            continue
        outdone = _compared_in_aside(first, text, s_start, methods)
        if outdone is not None:
            subject, rival = outdone
            # (ours where it was so read of the subject's value, or the subject is own)
            first.ours = _is_own(subject, text, s_start, own_names) or (
                first.ours and first.method == subject
            )
            first.method = subject
            second.method, second.ours = rival, _is_own(rival, text, s_start, own_names)
            continue
        parties = _PARTIES.search(text, s_start, first.start)
        if parties is None:
            continue
        own, other = (first, second) if parties.group("own_first") else (second, first)
        own.ours = True
        if other.ours:
            other.ours = False
            if other.method is not None and other.method == own.method:
                other.method = None


# Before a competitor: the comparison that names it ("outperforms X", "better than X"), or
# the aside of one listed before it ("outperforms X (...) and Y").
_OUTDONE_BEFORE = re.compile(
    rf"(?:\b(?P<compared>{_OUTDOES})|\)(?:\s*,)?\s+(?:and|or)|\),)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Between the subject and what it outdoes: no clause break ("X, unlike Y", "With X as
# teacher, compared with Y" say nothing of whose value comes first).
_CLAUSE_MARK = re.compile(r"[,;:()]")
_ASIDE_OPENS = re.compile(r"\(\s*$")
# Between a competitor and the aside of its values set against the paper's: what keeps it
# the holder, or where the values were read ("outperforms X on B (91.2% vs. 88.1%)").
_TO_THE_ASIDE = re.compile(rf"{_STILL_THE_HOLDER.pattern}(?:(?:on|in)\s+[^,;()]{{1,40}}?\s*)?")


def _compared_in_aside(
    claim: _Claim, text: str, s_start: int, methods: list[Mention]
) -> tuple[Mention, Mention] | None:
    """The method and the competitor it outdoes whose values a value's aside sets against
    each other, in their order: "X outperforms Y (91.2% vs. ...", "X is better than Y [4]
    on B (91.2% vs. ...", "X outperforms Y (...) and Z (91.2% vs. ...". None where the
    words do not say whose value comes first: no method right before the comparison in its
    clause ("On B, compared with Y (88.1% vs. 91.2%), X ...", "X, unlike Y (..."), or a
    competitor that is a variant of the method ("X outperforms X-L (": an ablation)."""
    opening = _ASIDE_OPENS.search(text, max(s_start, claim.start - 5), claim.start)
    if opening is None:
        return None
    bracket, rival = opening.start(), None
    for _ in range(4):  # the competitor, then up to three listed before it
        named = _last_method_before(methods, s_start, bracket)
        if named is None or not _TO_THE_ASIDE.fullmatch(text, named.end, bracket):
            return None
        rival = rival or named
        cue = _OUTDONE_BEFORE.search(text, max(s_start, named.start - 40), named.start)
        if cue is None:
            return None
        if cue.group("compared") is not None:
            subject = _last_method_before(methods, s_start, cue.start())
            if (
                subject is None
                or _CLAUSE_MARK.search(text, subject.end, cue.start())
                or _variant_of(rival.text, subject.text)
            ):
                return None
            return subject, rival
        bracket = text.rfind("(", s_start, cue.start())  # the aside of the one listed before
    return None


def _last_method_before(methods: list[Mention], start: int, end: int) -> Mention | None:
    """The last method named from ``start`` to ``end`` (not one inside another's name)."""
    inside = [m for m in methods if not m.nested and start <= m.start and m.end <= end]
    return max(inside, key=lambda m: m.end, default=None)


def _counts_measures(value: Value, metric: Mention) -> bool:
    """A whole number before a plural kind of measure described in lower-case words counts
    measures, it is none of their values: "17 forecast metrics", "5 quality scores" (not
    "28 BLEU", "0.9 scores", nor "12 BLEU scores", a named measure's)."""
    words = metric.text.split()
    return (
        value.text.isdigit()
        and not value.unit
        and bool(words)
        and words[-1] in _MEASURE_PLURALS
        and all(w.islower() for w in words)
    )


# The plurals of the kind nouns of measures ("metrics", "scores", "criteria")
_MEASURE_PLURALS = frozenset(
    {f"{kind}s" for kind in DEFINED_MEASURE_KINDS if not kind.endswith("on")} | {"criteria"}
)


def _kind(claim: _Claim, text: str, left_start: int, sentence_end: int, sentence_start: int) -> str:
    value = claim.value
    if _HALF.fullmatch(value.text):
        return "reduction"  # "half the computation time": the factor 0.5, a cut
    if value.unit in RATIO_UNITS:
        return "ratio"
    if value.from_to:
        return "score"
    left_from = max(left_start, claim.start - _WINDOW)
    left = re.sub(r"(?:~|≈|∼)\s*$", "", text[left_from : claim.start])
    right = text[claim.end : min(sentence_end, claim.end + 40)]
    if _RIGHT_REDUCE.match(right):
        return "reduction"
    if _RIGHT_IMPROVE.match(right):
        return "improvement"
    cue = _NOUN_BEFORE.search(left)
    by = _BY.search(left)
    if cue is None and by is not None:
        verbs = list(_VERB.finditer(left, 0, by.start()))
        if not verbs:
            # the verb is further back: "improving the speed of X by 6x and the AP by 1.0%",
            # "improve over the ... way of ensembling (...) by 1.31%"
            by_at = left_from + by.start()
            earlier_from = max(sentence_start, by_at - _EARLIER_VERB_WINDOW)
            # (a clause closed again by a comma before "by" is an aside: "improves, while
            # using half the memory, the X by 2.3%")
            clauses = [
                c
                for c in _CLAUSE_BREAK.finditer(text, earlier_from, by_at)
                if "," not in text[c.end() : by_at]
            ]
            earlier_from = clauses[-1].end() if clauses else earlier_from
            verbs = list(_VERB.finditer(text, earlier_from, by_at))
        cue = verbs[-1] if verbs else None
    if cue is None:
        cue = _VERB_UP_TO.search(left)  # "reduces up to 30% of the memory"
    if cue is not None and cue.groupdict().get("cost"):
        # "at a cost of 2.0 X": X moved the bad way, down where higher is better, up where
        # lower is ("at a cost of 4.5% latency")
        from ..leaderboard import head_class

        span = claim.measure_span
        measured = text[span[0] : span[1]] if span is not None else ""
        return "improvement" if measured and head_class(measured) == "lower" else "reduction"
    if cue is not None:
        return "improvement" if cue.group("improve") else "reduction"
    if (value.signed and value.text.lstrip("~≈∼ ")[:1] == "+") or _PLUS_BEFORE.search(left):
        return "improvement"  # "+2.1", "+ 4.37%"
    if value.unit == "points" and re.search(r"pp|p\.p\.|percentage", value.text, re.IGNORECASE):
        # percentage points are differences, unless they are the value of a measure named
        # before it ("average absolute errors of 6 pp": what the error is), not of a change
        # in one ("an increase in accuracy of 6 pp")
        span = claim.measure_span
        if (
            span is None
            or span[1] > claim.start
            or _CHANGE_IN_BEFORE.search(text, max(0, span[0] - 40), span[0])
        ):
            return "improvement"
    return "score"


# A change named before the measure it changes: "an increase in", "a gain in the".
_CHANGE_IN_BEFORE = re.compile(
    r"\b(?:increase|gain|improvement|difference|gap|drop|decrease|reduction|boost|rise|jump|"
    r"degradation|decline|change|lift)s?\s+in\s+(?:the\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)


def _nearest(
    mentions: Iterable[Mention], start: int, end: int, limit: int, *, after: bool
) -> Mention | None:
    if after:
        found = [m for m in mentions if end <= m.start <= limit]
        return min(found, key=lambda m: (m.start, -m.end)) if found else None
    found = [m for m in mentions if limit <= m.start and m.end <= start]
    return max(found, key=lambda m: (m.end, m.end - m.start)) if found else None


def _groups(claims: list[_Claim], text: str) -> list[list[_Claim]]:
    """Values listed together ("99.4%, 80.3% and 76.2%", "69.9 on A and 89.1 on B")."""
    groups: list[list[_Claim]] = []
    for claim in claims:
        if groups:
            last = groups[-1][-1]
            gap = text[last.end : claim.start]
            if (
                len(gap) <= 70
                and (_LIST_GLUE.match(gap) or _LIST_GAP.match(gap))
                and not _RESPECTIVELY.search(gap)  # "..., respectively": the list has ended
                and last.value.unit == claim.value.unit
            ):
                groups[-1].append(claim)
                continue
        groups.append([claim])
    return groups


def find_results(
    text: str,
    field: str,
    sentences: Sequence[tuple[int, int]],
    mentions: Iterable[Mention],
    own_names: Iterable[str] = (),
    measures: list[Mention] | None = None,
) -> tuple[Result, ...]:
    """The reported results of one text.

    Parameters
    ----------
    text : str
        The title or abstract, as the mentions' offsets index it.
    field : str
        ``"title"`` or ``"abstract"``.
    sentences : sequence of (start, end)
        The text's sentences, in order (offsets into ``text``).
    mentions : iterable of Mention
        The text's mentions (of ``field``); ``proposed`` marks the paper's own names.
    own_names : iterable of str
        The names the paper proposes (any mention of them is of the paper's own method).
    measures : list of Mention, optional
        Receives the metric mentions made for measures the words name at a value and no
        recogniser found ("9.74 IS", "6x fewer training steps"); the results refer to them.

    Returns
    -------
    tuple of Result
        One per claim, in text order; never raises on odd numbers (a value that cannot
        be read is left out, never given a wrong number).
    """
    if measures is None:
        measures = []
    values = scan_values(text)
    if not values:
        return ()
    starts = [s for s, _ in sentences]
    by_sentence: dict[int, list[tuple[int, int, Value]]] = {}
    for start, end, value in values:
        index = bisect_right(starts, start) - 1
        if index < 0 or end > sentences[index][1]:
            index = -1  # outside the sentences (a broken split): the text is one sentence
        by_sentence.setdefault(index, []).append((start, end, value))
    mentions = [m for m in mentions if m.field == field]
    own_names = {name.casefold() for name in own_names} | {
        m.text.casefold() for m in mentions if m.proposed
    }
    results: list[Result] = []
    for index, found in sorted(by_sentence.items()):
        sentence = sentences[index] if index >= 0 else (0, len(text))
        results.extend(
            _sentence_results(text, field, sentence, found, mentions, own_names, measures)
        )
    return tuple(results)


def _sentence_results(
    text: str,
    field: str,
    sentence: tuple[int, int],
    found: list[tuple[int, int, Value]],
    mentions: list[Mention],
    own_names: set[str],
    created: list[Mention],
) -> list[Result]:
    s_start, s_end = sentence
    standing: dict[Mention, str] = {}  # of the sentence's methods (``_subjects``)
    inside = [m for m in mentions if s_start <= m.start and m.end <= s_end]
    flat = [m for m in inside if not m.nested]
    metrics = [m for m in flat if _is_metric(m) or _defines_a_metric(m, inside)]
    datasets = [m for m in flat if m.label == "dataset" or _used_as_dataset(m, text, s_start)]
    methods = [
        m for m in inside if m.label == "method" and not _is_metric(m) and not m.text[:1].isdigit()
    ]
    claims: list[_Claim] = []
    last_accepted: dict[str, bool] = {}  # unit -> whether its last value was a result
    for start, end, value in found:
        claim = _Claim(start, end, value)
        if any(
            m.start < start and end <= m.end and m.label in ("method", "dataset") for m in inside
        ):
            continue  # inside a name the recogniser found ("ImageNet 32x32"), not "3.2times speedup"
        claim.listed_after = _listed_after(claim, claims, text)
        claim.measure_span = _named_measure(claim, text, s_start, s_end)
        claim.compared = _COMPARED_BEFORE.search(text, max(s_start, start - 40), start)
        accepted = (
            _accepted(claim, text, sentence, metrics, datasets) or claim.listed_after is not None
        )
        if (
            accepted
            and claim.compared is not None
            and (
                # a number set against a number that is no result ("a temperature of 0.7,
                # compared with 1.0"), or a value followed by what it is an amount of ("with
                # 1% labelled data, compared with 10% labelled data"): a setting too
                (not value.unit and last_accepted.get(value.unit) is not True)
                or _NOT_A_MEASURE_AFTER.match(text, end, s_end)
            )
        ):
            accepted = False
        last_accepted[value.unit] = accepted
        if accepted:
            claims.append(claim)
    if not claims:
        return []
    groups = _groups(claims, text)
    set_against: dict[int, _Claim] = {}  # a claim -> the claim before it in its unit
    last_in_unit: dict[str, _Claim] = {}
    for claim in claims:
        if claim.value.unit in last_in_unit:
            set_against[id(claim)] = last_in_unit[claim.value.unit]
        last_in_unit[claim.value.unit] = claim
    respectively = bool(_RESPECTIVELY.search(text, s_start, s_end))
    previous_end = s_start
    for group in groups:
        left_start = previous_end
        for claim in group:
            claim.kind = _kind(claim, text, left_start, s_end, s_start)
        kinds = {c.kind for c in group} - {"score"}
        if len(kinds) == 1 and all(c.value.unit not in RATIO_UNITS for c in group):
            shared = kinds.pop()
            for claim in group:
                claim.kind = shared if not claim.value.from_to else claim.kind
        group_end = group[-1].end
        next_start = next((g[0].start for g in groups if g[0].start > group_end), s_end)
        for position, claim in enumerate(group):
            limit = group[position + 1].start if position + 1 < len(group) else next_start
            named = _measure_at(claim, text, field, sentence, inside, created)
            claim.metric = _metric_of(claim, text, metrics, left_start, limit, named)
            earlier = claim.listed_after
            if (
                earlier is not None
                and earlier.metric is not None
                and _adjacent_metric(claim, text, metrics, limit) is None
                and not named[1]
            ):
                # "an R^2 score of 0.98 for runtime (mean error 15.57%) and 0.78 for power
                # (median error 5.42%)": 0.78 is an R^2 score, as the value it is listed after
                claim.metric = earlier.metric
            claim.dataset = _dataset_of(claim, text, datasets, s_start, limit)
            place = _place_named_after(claim.end, text, limit, on_only=True)
            if place is not None and not any(m.start <= place[0] < m.end for m in inside):
                if _place_named_after(
                    claim.end, text, limit, right_after=True
                ) is not None and _data_named_so(claim, claims, text, datasets, s_end):
                    # "from 20.5 to 18.3 on X-103, from 23.7 to 21.8 on Quorb Billion Word":
                    # named where the other values' datasets are, so a dataset
                    claim.dataset = Mention(
                        *place,
                        text[place[0] : place[1]],
                        "dataset",
                        "rule",
                        MEASURE_SCORE,
                        field=field,
                        sentence_start=s_start,
                        sentence_end=s_end,
                    )
                    created.append(claim.dataset)
                elif claim.dataset is None or claim.dataset.end <= claim.start:
                    # its own place is named: not another value's data, nor the sentence's
                    claim.dataset, claim.unpaired = None, True
        limits = [c.start for c in group[1:]] + [next_start]
        if any(_is_average(c, text, s_start, end) for c, end in zip(group, limits, strict=True)):
            for claim in group:
                if claim.dataset is not None and _listed_with_another(
                    claim.dataset, datasets, text
                ):
                    # "on A, B, and C, ... an average increase of 16.6%": on none of them
                    claim.dataset, claim.averaged = None, True
        trailing = _metric_after_aside(group[-1], text, metrics, next_start)
        if trailing is not None:  # "82% (A) and 32% (B, top-5) accuracy": 82% is accuracy
            for claim in group:
                claim.metric = claim.metric or trailing
        _share(group, "metric")
        for claim in group:
            if (
                claim.metric is not None
                and (RATE_UNIT.match(claim.value.unit) or DURATION_UNIT.match(claim.value.unit))
                and not _SPEED_MEASURE.search(claim.metric.text)
            ):
                claim.metric = None  # "at 30 fps with an FID of 2.1": the FID is not the speed
        _share(group, "dataset")
        if len(group) > 1 and all(text[a.end : b.start].strip() == "/" for a, b in pairwise(group)):
            _paired_by_slashes(group, datasets, text)  # "on A/B, with FID scores of 1.9/2.4"
        # "respectively" at these values ("90% and 80%, respectively", "reach,
        # respectively, 90% and 80%"), not at another list of the sentence
        if (
            respectively
            and len(group) > 1
            and (
                _RESPECTIVELY.search(text, group[0].start, next_start)
                or _RESPECTIVELY_BEFORE.search(
                    text, max(left_start, group[0].start - 40), group[0].start
                )
            )
        ):
            # The data the values pair with: what the sentence evaluates on where it also
            # trains on other data ("fine-tuning X on A and validating on B and C, ... 49.4
            # and 8.8, respectively": B and C), all of it where it trains on all or none;
            # of the names by these values, not another list's (``_named_with``).
            in_reach = _named_with(group, datasets, left_start, next_start)
            trained = _trained_on_data(in_reach, text, s_start)
            evaluated = [d for d in in_reach if d not in trained]
            paired = evaluated if evaluated and len(evaluated) < len(in_reach) else in_reach
            _respectively(group, paired, "dataset")
            measured = _named_with(group, metrics, left_start, next_start)
            _respectively(group, measured, "metric")
            subjects = _subjects(text, methods, s_start, group[0].start, own_names, standing)
            _respectively(group, subjects, "method")  # not the baselines after the values
            if all(
                len(_distinct_names(names)) != len(group) for names in (paired, measured, subjects)
            ):
                _one_of_an_unread_list(group, text)
        if len(group) > 1 and not respectively:
            _paired_with_measures_listed(group, metrics, text, left_start)
        for position, claim in enumerate(group):
            limit = group[position + 1].start if position + 1 < len(group) else next_start
            named_for = _method_named_for(claim, text, methods, limit, s_start, own_names)
            if named_for is not None:
                claim.method = named_for  # "34.4% AP at 34ms for X": X's, whoever is before
            elif claim.method is None and not _BASELINE_CLAUSE.search(
                text, s_start, group[0].start
            ):
                claim.method = _method_of(
                    claim, text, methods, s_start, group[0].start, own_names, standing
                )
            if claim.metric is None and claim.kind != "score":
                claim.metric = _changed(claim, text, flat, left_start)
            claim.ours = _is_ours(claim, text, s_start, group[0].start, own_names)
            if (
                claim.value.number is not None
                and not claim.value.from_to
                and (
                    _BASELINE_VALUE_BEFORE.search(text, max(s_start, claim.start - 50), claim.start)
                    or _EARLIER_WORK_VALUE_BEFORE.search(
                        text, max(s_start, claim.start - 60), claim.start
                    )
                    or (
                        claim.kind == "score"
                        and _EARLIER_WORK_VALUE_AFTER.match(text, claim.end, s_end)
                    )
                )
            ):
                # "(given a baseline of 54%)", "the baseline model's score of 88%", "the
                # previous best X of 52.5": no method's and not the paper's own
                claim.ours, claim.method = False, None
        for position, claim in enumerate(group):
            limit = group[position + 1].start if position + 1 < len(group) else next_start
            _competitors_value(
                claim,
                set_against.get(id(claim)),
                text,
                methods,
                (datasets, metrics),
                (s_start, limit),
                own_names,
            )
        _versus_parties(group, text, s_start, methods, own_names)
        previous_end = group_end
    before: list[_Claim] = []  # the claims of the groups before
    for changes in groups:
        if 2 <= len(changes) <= len(before):
            _paired_with_the_scores_before(changes, before[-len(changes) :], text, metrics)
        before.extend(changes)
    for claim in (c for group in groups for c in group):
        if claim.metric is not None and claim.kind != "score":
            claim.metric = _measure_changed(claim.metric, text, field, sentence, inside, created)
    named_data = {m.text.casefold() for m in datasets}
    if len(named_data) == 1:
        # "4.17 FID with 10 steps, 3.37 FID and 9.74 IS on X": one dataset in the sentence
        # is where each of its scores was measured
        for claim in (c for group in groups for c in group):
            if claim.dataset is None and claim.kind == "score" and not claim.unpaired:
                claim.dataset = datasets[0]
    return [
        record
        for group in groups
        for claim in group
        for record in (_record(claim, field, sentence), *_starting_record(claim, field, sentence))
    ]


# A change noun ending a measure's mention ("memory reduction", "inference speedup"), with the
# words that only qualify it before it ("relative", "average").
_CHANGE_AT_END = re.compile(
    r"(?:[\s-]+(?:relative|absolute|average|mean|overall|total))*[\s-]+"
    r"(?:reductions?|increases?|improvements?|gains?|drops?|decreases?|boosts?|accelerations?|"
    r"speed-?ups?|savings?)$",
    re.IGNORECASE,
)


def _measure_changed(
    metric: Mention,
    text: str,
    field: str,
    sentence: tuple[int, int],
    inside: list[Mention],
    created: list[Mention],
) -> Mention:
    """The measure a change's metric mention changes: "memory" for "a 68% memory
    reduction", "error rate" for "a 10% error rate reduction" (the result's kind says it is
    a reduction or a ratio); the mention as it is where the change noun is all it says ("a
    2x speedup") or the words before it name no measure ("a remarkable speedup")."""
    change = _CHANGE_AT_END.search(metric.text)
    if change is None or change.start() == 0:
        return metric
    start, end = metric.start, metric.start + change.start()
    for mention in (*inside, *created):
        if (mention.start, mention.end) == (start, end):
            return mention
    words = text[start:end].split()
    if not (_is_measure_word(words[-1]) or words[-1].lower() == "rate"):
        return metric  # "a remarkable speedup", "median and maximum speedups": no measure
    measure = Mention(
        start,
        end,
        text[start:end],
        "metric",
        "rule",
        MEASURE_SCORE,
        field=field,
        sentence_start=sentence[0],
        sentence_end=sentence[1],
    )
    created.append(measure)
    return measure


# Heads that name no measure of their own: "improving both scores by", "the best results by".
_GENERIC_MEASURE_HEADS = frozenset({"score", "result", "performance", "number", "value"})


def _names_its_own_measure(change: _Claim, scores: list[_Claim], text: str) -> bool:
    """Whether the object of the verb a list of changes follows names a measure of its own,
    found by a recogniser or not ("..., and improves latency by", "cuts the cost by"); not a
    word any measure may be called by ("improving both scores by") nor the head the scores'
    own measures end in ("Quux accuracy and Blix accuracy ..., improving accuracy by")."""
    gap_start = scores[-1].end
    by = _BY.search(text, gap_start, change.start)
    if by is None:
        return False
    verbs = list(_VERB.finditer(text, gap_start, by.start()))
    start = verbs[-1].end() if verbs else max(gap_start, by.start() - 40)
    own_heads = {_last_word(s.metric.text) for s in scores if s.metric}
    return any(
        _is_measure_word(word.group())
        and singular(word.group().lower()) not in _GENERIC_MEASURE_HEADS | own_heads
        for word in _MEASURE_WORD.finditer(text, start, by.start())
    )


def _paired_with_the_scores_before(
    changes: list[_Claim], scores: list[_Claim], text: str, metrics: list[Mention]
) -> None:
    """A list of changes after a list of as many scores, each on a measure of its own
    ("88.1% X accuracy and 97.1% Y accuracy, outperforming prior work by 3.7% and 5.5%"):
    the n-th change is in the n-th score's measure, unless the changes name their own."""
    if not (
        len(changes) == len(scores) >= 2
        and all(c.kind in ("improvement", "reduction") for c in changes)
        and all(c.kind == "score" and c.metric is not None for c in scores)
        and len({c.metric.text.casefold() for c in scores if c.metric}) == len(scores)
        and not any(_adjacent_metric(c, text, metrics, c.end + 40) for c in changes)
        and not _names_its_own_measure(changes[0], scores, text)
    ):
        return
    for change, score in zip(changes, scores, strict=True):
        change.metric = score.metric


def _listed_after(claim: _Claim, accepted: list[_Claim], text: str) -> _Claim | None:
    """The accepted bare number a bare number is listed after, if any: "an R^2 of 0.98 for
    runtime and 0.78 for power", "FID scores of 1.91/2.43", "scores of 49.36 and 8.8,
    respectively"."""
    bare = [c for c in accepted if not c.value.unit]
    if not bare or claim.value.unit or claim.value.count or "." not in claim.value.text:
        return None
    last = bare[-1]
    listed = claim.start - last.end <= 90 and bool(
        _LIST_CONTINUES.fullmatch(text[last.end : claim.start])
    )
    return last if listed else None


def _last_word(text: str) -> str:
    """The singular of a text's last word, lower case; "" for a blank text."""
    words = text.split()
    return singular(words[-1].lower()) if words else ""


def _is_ours(claim: _Claim, text: str, s_start: int, group_start: int, own_names: set[str]) -> bool:
    """The paper's own claim: its method is a name the paper proposes, or follows "our";
    or no method is named and the sentence speaks for the authors, or at least does not
    speak of others ("existing methods reach 40%")."""
    if claim.method is not None:
        return _is_own(claim.method, text, s_start, own_names)
    before = text[s_start:group_start]
    if _BASELINE_CLAUSE.search(before):
        return False  # a baseline's number
    # "D=2048 yields current state-of-the-art FID of 1.74": a claim to it, not others' work
    before = _CLAIMED_STATE_OF_THE_ART.sub(" ", before)
    return bool(_OURS.search(before)) or not _OTHERS.search(before)


def _changed(claim: _Claim, text: str, flat: list[Mention], left_start: int) -> Mention | None:
    """What an improvement, reduction or ratio changes, when no metric is named: the name
    right after the value ("3x fewer parameters", "68% memory reduction"), else the object of
    the verb before "by" ("reduces the model size by 43%")."""
    for mention in flat:
        if (
            claim.end <= mention.start <= claim.end + 30
            and mention.label != "dataset"
            and _ADJACENT_CHANGE.fullmatch(text[claim.end : mention.start])
        ):
            return mention
    left = text[max(left_start, claim.start - _WINDOW) : claim.start]
    by = _BY.search(left)
    verbs = list(_VERB.finditer(left, 0, by.start())) if by else []
    if verbs and _COMPETITOR_VERB.fullmatch(verbs[-1].group()):
        return None  # "outperforms X by 2%": X is what is beaten, not what is measured
    if by and verbs:
        offset = max(left_start, claim.start - _WINDOW)
        start, end = offset + verbs[-1].end(), offset + by.start()
        objects = [
            m
            for m in flat
            if start <= m.start and m.end <= end and m.label not in ("dataset", "method")
        ]
        if objects:
            return objects[-1]
    return None


def _used_as_dataset(mention: Mention, text: str, s_start: int) -> bool:
    """A name the recogniser typed otherwise, used as data here ("reaches 38% on
    Arena-Hard") or headed by a kind noun of data ("in the extended Zarn-Kell dataset (ZK)")."""
    return (
        mention.label in ("method", "concept")
        and not _is_metric(mention)
        and any(is_name_like(w) or w[:1].isupper() for w in mention.text.split())
        and not _TRAINED_ON_DATA_BEFORE.search(text, s_start, mention.start)
        and (
            bool(_ON_BEFORE.search(text, s_start, mention.start))
            or (
                head_type(_TRAILING_ASIDE.sub("", mention.text).split()) == "dataset"
                and bool(_IN_THE_DATA_BEFORE.search(text, s_start, mention.start))
            )
        )
    )


def _is_measure_word(word: str) -> bool:
    """Whether a word ends the name of something a value measures ("costs", "speed-up",
    "FLOPs", "BLEU")."""
    lower = singular(word.lower())
    return (
        lower in METRIC_PHRASE_HEADS
        or lower in MEASURED_QUANTITY_HEADS
        or head_type([lower]) == "metric"
    )


def _words(text: str, start: int, end: int) -> list[re.Match]:
    """The words from ``start`` on, up to ``MAX_MEASURE_WORDS``, each after one space or
    tab; stops at any other character and at a word that cannot be inside a measure."""
    found: list[re.Match] = []
    position = start
    while len(found) < MAX_MEASURE_WORDS:
        word = _MEASURE_WORD.match(text, position, end)
        if word is None or (
            word.group().lower() in _NOT_IN_A_MEASURE and not word.group().isupper()
        ):
            break  # "IS" (Inception Score) is a measure, "is" is not
        found.append(word)
        gap = _SPACE.match(text, word.end(), end)
        if gap is None:
            break
        position = gap.end()
    return found


def _named_measure(claim: _Claim, text: str, s_start: int, s_end: int) -> tuple[int, int] | None:
    """The span of a measure the words name at the value ("6x fewer training steps", "9.74
    IS", "an R^2 score of 0.98", "1.27 bits / char"), found or not by a recogniser; None
    where they name none."""
    rate = _PER_UNIT.match(text, claim.end, s_end)
    if rate is not None:
        return rate.start(1), rate.end(1)
    after = _COMPARATIVE.match(text, claim.end, s_end)
    if after is not None and after.end() > claim.end:
        words = _words(text, after.end(), s_end)
        if words and _CHANGE_NOUN.fullmatch(words[0].group()):
            # "a 14x cut in learnable parameters": what changes follows "in" or "of"
            inner = _IN_OR_OF.match(text, words[0].end(), s_end)
            changed = _words(text, inner.end(), s_end) if inner else []
            heads = [w for w in changed if _is_measure_word(w.group())]
            changed = changed[: changed.index(heads[0]) + 1] if heads else changed
            if changed and (counted := _counted_after(text, changed[-1], s_end)):
                changed = [changed[0], *counted]  # "a 5x cut in the number of X": how many X
            return (changed[0].start(), changed[-1].end()) if changed else None
        for count in range(1, len(words) + 1):
            if _is_measure_word(words[count - 1].group()):
                return words[0].start(), words[count - 1].end()
        compared = after.group().strip() != ""
        if compared and not words:
            within = _IN_TERMS_OF.match(text, after.end(), s_end)
            named = _words(text, within.end(), s_end) if within else []
            measured = [w for w in named if _is_measure_word(w.group())]
            counted = _counted_after(text, named[-1], s_end) if named else []
            if counted:  # "3x smaller in the number of parameters"
                return named[0].start(), counted[-1].end()
            if measured:  # "1.4x faster in the running speed": what it is faster in
                return named[0].start(), measured[-1].end()
        if (
            after.group().strip().lower() in ("fewer", "more", "less")
            and words
            and _counted_plural(words[0].group())
            and head_type([singular(words[0].group())]) is None
        ):
            return words[0].start(), words[0].end()  # "3x fewer tokens" (counted), not "datasets"
        if words and not compared and not claim.value.unit and _ACRONYM.fullmatch(words[0].group()):
            return words[0].start(), words[0].end()  # a score and its measure: "9.74 IS"
        if (
            len(words) > 1
            and claim.value.unit in RATIO_UNITS
            and not _VERB_OR_ADVERB_ENDING.search(words[-1].group())
            and not _THAN.match(text, words[-1].end(), s_end)
        ):
            # a factor names what it multiplies: "fivefold convergence acceleration" (a noun
            # phrase of two words or more; one word may be a verb: "x1500 exist")
            return words[0].start(), words[-1].end()
    of = _OF_BEFORE.search(text, s_start, claim.start)
    if of is None:
        return _object_changed_by(text, s_start, claim.start)
    last = _LAST_WORD.search(text, max(s_start, of.start() - 40), of.start())
    if last is None or not (_is_measure_word(last.group(1)) or _ACRONYM.fullmatch(last.group(1))):
        return None
    start = last.start(1)
    for _ in range(2):  # up to two words before it: "an exact match score"
        modifier = _LAST_WORD.search(text, max(s_start, start - 40), start)
        if (
            modifier is None
            or modifier.group(1).lower() in _NOT_IN_A_MEASURE
            or modifier.group(1).lower() in _EVALUATIVE_WORDS  # "a best accuracy of"
            or _INFLECTED.search(modifier.group(1))
            or _COMPARATIVE_WORD.fullmatch(modifier.group(1))
            or (
                _MAYBE_A_VERB.fullmatch(modifier.group(1))
                and _SUBJECT_BEFORE.search(text, s_start, modifier.start(1))
            )
        ):
            break
        start = modifier.start(1)  # "R^2 score", "top-1 error", "wall-clock time"
    return start, last.end(1)


def _counted_plural(word: str) -> bool:
    """A plural noun of things counted, in lower case ("parameters", "samples", "queries")."""
    return (
        word.islower()
        and len(word) > 3
        and singular(word) != word
        and not _S_IN_THE_SINGULAR.search(word)
    )


def _object_changed_by(text: str, s_start: int, value_start: int) -> tuple[int, int] | None:
    """The span of what a verb changes by the value, where it ends in a measure word
    ("reduces the per-epoch training time by 30%"), not a competitor ("outperforms X by
    2%"), else None."""
    found = _OBJECT_BY.search(text, max(s_start, value_start - 90), value_start)
    if found is None or _COMPETITOR_VERB.fullmatch(found.group("verb")):
        return None
    words = found.group("object").split()
    start = found.start("object")
    while len(words) > 1 and words[0].lower() in _EVALUATIVE_WORDS:
        # "improves the state-of-the-art accuracy by 2%": accuracy, whoever held it
        start = text.index(words[1], start + len(words[0]))
        words = words[1:]
    if words[0].lower() in _COUNT_NOUNS and words[1:2] == ["of"]:
        words = words[2:]  # "reduces the number of function evaluations by 40%"
    elif not _is_measure_word(words[-1]):
        return None
    if not words or any(w.lower() in _NOT_IN_A_MEASURE for w in words):
        return None
    return start, found.end("object")


def _counted_after(text: str, word: re.Match, end: int) -> list[re.Match]:
    """The words of what "number" or "amount" counts ("the number of trainable
    parameters"), or [] after any other word."""
    if word.group().lower() not in _COUNT_NOUNS:
        return []
    of = _OF_AFTER.match(text, word.end(), end)
    return _words(text, of.end(), end) if of else []


def _measure_at(
    claim: _Claim,
    text: str,
    field: str,
    sentence: tuple[int, int],
    inside: list[Mention],
    created: list[Mention],
) -> tuple[Mention | None, bool]:
    """The mention of the measure named at the value, made when no recogniser found it, and
    whether one is named at all (a named quantity that is no measure, or a name of another
    type, leaves the claim without a metric rather than with one from elsewhere)."""
    span = claim.measure_span
    if span is None:
        # "3x cheaper than X": the comparative says what is measured without naming it
        compared = _COMPARATIVE.match(text, claim.end, sentence[1])
        return None, compared is not None and bool(compared.group().strip())
    start, end = span
    overlapping = [
        m
        for m in (*inside, *created)
        if m.start < end
        and start < m.end
        and not (m.start < claim.end and claim.start < m.end)  # "68% memory reduction": no name
    ]
    exact = [m for m in overlapping if (m.start, m.end) == span]
    counted = [m for m in exact if is_counted_unit(m.text)]
    if counted:
        return counted[0], True  # "1.169 bits-per-character" whatever a recogniser typed it
    if any(m.label in ("dataset", "method") for m in exact):
        return None, False  # "GPT-4 of 86%": a name, not what is measured
    heads = [m for m in overlapping if m.end == end and m.label not in ("dataset", "method")]
    # "5% reduction in error rate" read to "error" (no measure word after it), where a
    # recogniser found "error rate": the measure that holds the words
    heads = heads or [m for m in overlapping if m.start <= start and end <= m.end and _is_metric(m)]
    if heads:  # "total training costs" with "training costs" found, or the other way round
        return min(heads, key=lambda m: m.start), True
    if overlapping:
        return None, True
    mention = Mention(
        start,
        end,
        text[start:end],
        "metric",
        "rule",
        MEASURE_SCORE,
        field=field,
        sentence_start=sentence[0],
        sentence_end=sentence[1],
    )
    created.append(mention)
    return mention, True


def _adjacent_metric(
    claim: _Claim, text: str, metrics: list[Mention], limit: int
) -> Mention | None:
    """The metric named right after the value ("86% accuracy"), or None."""
    right = _nearest(metrics, claim.start, claim.end, min(limit, claim.end + 40), after=True)
    return (
        right if right is not None and _ADJACENT.fullmatch(text[claim.end : right.start]) else None
    )


def _metric_after_aside(
    claim: _Claim, text: str, metrics: list[Mention], limit: int
) -> Mention | None:
    """The metric right after the parenthesis that follows a value ("32% (ImageNet, top-5)
    accuracy": accuracy), or None."""
    aside = _PARENTHETICAL.match(text, claim.end)
    if aside is None:
        return None
    past = _nearest(metrics, aside.end(), aside.end(), min(limit, aside.end() + 40), after=True)
    return (
        past if past is not None and _ADJACENT.fullmatch(text[aside.end() : past.start]) else None
    )


def _metric_of(
    claim: _Claim,
    text: str,
    metrics: list[Mention],
    left_start: int,
    limit: int,
    named: tuple[Mention | None, bool] = (None, False),
) -> Mention | None:
    """The metric right after the value; else the measure the words name at it (``named``:
    ``_measure_at``); else the metric before it in its clause (from ``left_start``: the end
    of the values listed before), else after it before ``limit``."""
    adjacent = _adjacent_metric(claim, text, metrics, limit)
    if adjacent is not None:
        return adjacent  # "86% accuracy", "4.9% top-5 error", "a 41.5% length-controlled win rate"
    aside = _PARENTHETICAL.match(text, claim.end)
    if aside is not None:
        within = [m for m in metrics if aside.start() <= m.start and m.end <= aside.end()]
        # (an aside with a value of its own is that value's: "92.1% (88.4 F1)", "2.4% (a 10%
        # error reduction)")
        if within and not scan_values(aside.group()):
            return within[-1]  # "32% (ImageNet, top-5) accuracy": the value's own qualifier
        past = _metric_after_aside(claim, text, metrics, limit)
        if past is not None:
            return past  # "32% (ImageNet) accuracy": the metric after the aside
    measure, is_named = named
    if is_named:
        return measure  # "6x fewer training steps": that quantity, not the sentence's metric
    before = _nearest(metrics, claim.start, claim.end, left_start, after=False)
    if before is not None and not _CLAUSE_BREAK.search(text, before.end, claim.start):
        return before  # "accuracy of 86%", "boosts top-1 accuracy by 2%"
    return _nearest(metrics, claim.start, claim.end, limit, after=True)


def _dataset_of(
    claim: _Claim, text: str, datasets: list[Mention], s_start: int, limit: int
) -> Mention | None:
    """The dataset in parentheses or after "on/in" following the value, else the nearest
    before it in the sentence, else the next one."""
    right = _nearest(datasets, claim.start, claim.end, limit, after=True)
    if right is not None and (
        right.start - claim.end <= 60 or not any(m.end <= claim.start for m in datasets)
    ):
        gap = text[claim.end : right.start]
        if "(" in gap or re.search(r"\b(?:on|in|for|across|over|of)\b", gap, re.IGNORECASE):
            return right
    before = _nearest(datasets, claim.start, claim.end, s_start, after=False)
    return before or right


# What a value was measured on, named right after it in capitalised words ("23.7 on Quorb
# Billion Word"); not a pointer into the paper ("in Table 3").
_PLACE_AFTER = re.compile(
    r"(?P<words>(?:\s+[a-z][\w-]*){0,2}?)\s+(?P<on>on|in)\s+(?:the\s+)?"
    r"(?P<name>(?!(?:Tables?|Tabs?|Figures?|Figs?|Sections?|Secs?|Appendix|Appendices|Eqs?|"
    r"Equations?|Supplementary|Supplement|Suppl|Supp|Chapters?|Algorithms?|Lines?)\b)"
    r"[A-Z][\w+-]*(?:\s+[A-Z0-9][\w+-]*){0,4})"
)


def _place_named_after(
    end: int, text: str, limit: int, *, right_after: bool = False, on_only: bool = False
) -> tuple[int, int] | None:
    """The span of the capitalised name after "on" or "in" after a value at ``end`` ("on
    Quorb Billion Word", "3x faster on Quorb Boards"; with ``on_only`` after "on", not "in
    Stage II"; with ``right_after`` only right after "on": "23.7 on X"), before ``limit``,
    or None."""
    found = _PLACE_AFTER.match(text, end, limit)
    if (
        found is None
        or ((right_after or on_only) and found.group("on") != "on")
        or (right_after and found.group("words"))
    ):
        return None
    return found.span("name")


def _data_named_so(
    claim: _Claim, claims: list[_Claim], text: str, datasets: list[Mention], s_end: int
) -> bool:
    """Whether another value of the sentence in the same unit as ``claim`` has a dataset
    mention right after "on" ("18.3 on X-103"): the places of a list of values name data
    (not "45.1% on X and 30 FPS on Quorb Boards": a speed is measured on hardware)."""
    starts = {m.start for m in datasets}
    for other in claims:
        if other is claim or other.value.unit != claim.value.unit:
            continue
        place = _place_named_after(other.end, text, s_end, right_after=True)
        if place is not None and place[0] in starts:
            return True
    return False


def _is_average(claim: _Claim, text: str, s_start: int, limit: int) -> bool:
    """Whether a value is said to be an average: "average", "mean" or "averaged" among the
    words before it, back to the value before it ("an average increase of 16.6%"), or right
    after it, before the next value ("by 16.6% on average", "85.1% average accuracy"); not
    in the metric's own name ("mean IoU"), nor an average over runs ("averaged over 3
    seeds"), which is still on its dataset."""
    start = max(s_start, claim.start - AVERAGE_WINDOW)
    end = min(limit, claim.end + AVERAGE_WINDOW)
    chars = list(text[start:end])
    if claim.metric is not None:  # the metric's own words say nothing of an average
        for i in range(max(claim.metric.start, start), min(claim.metric.end, end)):
            chars[i - start] = " "
    seen = "".join(chars)
    window, after = seen[: claim.start - start], seen[claim.end - start :]
    if _OVER_RUNS.search(after) or _OVER_RUNS.search(window):
        return False
    return bool(
        _AVERAGED.search(_NUMBER_ALONE.split(window)[-1])
        or _AVERAGE_AFTER.match(_NUMBER_ALONE.split(after)[0])
    )


# A number written alone, not a name's digit ("pass@1", "GPT-4").
_NUMBER_ALONE = re.compile(r"(?<![\w@-])\d")
# How far before or after a value the words that make it an average are read.
AVERAGE_WINDOW = 60
_AVERAGED = re.compile(r"\b(average|averaged|mean)\b", re.IGNORECASE)
# An average over repeated runs, not over datasets: "averaged over 3 seeds", "mean of five
# runs".
_OVER_RUNS = re.compile(
    r"\b(average[ds]?|mean)\s+(over|across|of)\s+(\w+\s+){0,2}"
    r"(runs|seeds|trials|repetitions|random\s+seeds|initiali[sz]ations)\b",
    re.IGNORECASE,
)
# "16.6% on average", "85.1% average accuracy", "3.2 points, averaged over"
_AVERAGE_AFTER = re.compile(
    r"^\W*(\S+\s+){0,6}?(on\s+average|in\s+average|averaged)\b|^\W*average\b", re.IGNORECASE
)
# What joins two names of one list: a comma, "and", "or", both.
_LIST_JOIN = re.compile(r"^\s*(,\s*(and|or)?|and|or|/)\s*$")


def _listed_with_another(mention: Mention, datasets: list[Mention], text: str) -> bool:
    """Whether a dataset is one of a list of datasets: the one before or after it is joined
    to it by a comma, "and" or "or" only."""
    return any(
        (other.end <= mention.start and _LIST_JOIN.match(text[other.end : mention.start]))
        or (other.start >= mention.end and _LIST_JOIN.match(text[mention.end : other.start]))
        for other in datasets
        if other is not mention
    )


def _subjects(
    text: str,
    methods: list[Mention],
    s_start: int,
    group_start: int,
    own_names: set[str],
    standing: dict[Mention, str] | None = None,
) -> list[Mention]:
    """The methods named before the values (from ``group_start``) that can be what reaches
    them, in text order: no baseline ("than X", "outperforming X"), no setting ("in the
    class-conditional setting"), no name inside a longer one, and one after a preposition
    only when the authors do not speak after it ("Using X, we reach ..."). ``standing``
    keeps each name's ``_standing`` for the sentence's other values."""
    finding = _FINDING.search(text, s_start, group_start)
    speaker = _SPEAKER.search(text, s_start, group_start)
    standing = {} if standing is None else standing
    candidates = []
    for m in methods:
        if m.end > group_start:
            continue
        if m not in standing:
            standing[m] = _standing(m, text, s_start, own_names)
        kind = standing[m]
        if kind == "own":
            candidates.append(m)
        elif kind in ("out", "nested"):
            continue  # a name inside a longer one ("LLaMA2-7B" in "fine-tuning LLaMA2-7B") is not a subject
        elif finding is not None:
            if m.start >= finding.end():
                candidates.append(m)  # "we find that X reaches 40%"
        elif speaker is None and kind == "free":
            candidates.append(m)  # the subject; "we achieve ... with X" and "Using X, ..." are ours
    return candidates


def _standing(m: Mention, text: str, s_start: int, own_names: set[str]) -> str:
    """What a method's place in its sentence makes of it, whichever values follow: "out" (a
    baseline or a setting), "own" (the paper's), "nested" (inside a longer name), "after a
    preposition", or "free"."""
    before = _tail_before(text, s_start, m.start)
    if (_BASELINE_BEFORE.search(before) and not _own_example(m, before, own_names)) or _last_word(
        m.text
    ) in _SETTING_HEADS:
        return "out"
    if _is_own(m, text, s_start, own_names):
        return "own"
    if m.nested:
        return "nested"
    return "after a preposition" if _PREPOSITION_BEFORE.search(before) else "free"


# How much of a sentence before a name the patterns read there can match: each ends at the
# name and spans at most a cue and 60 characters, or opens the sentence within them.
_TAIL_CHARS = 200


def _tail_before(text: str, s_start: int, end: int) -> str:
    """The sentence's text before ``end``, or only its last ``_TAIL_CHARS`` characters
    after a word ("x ") that keeps a pattern anchored at the sentence's start from matching
    there: the same matches (for cue words of usual length), in time that does not grow with
    the sentence (a long sentence of claims read its whole prefix for every claim and
    name). A sentence that opens with marks is measured from its first word."""
    if end - s_start <= _TAIL_CHARS:
        return text[s_start:end]
    opened = _LEADING_MARKS.match(text, s_start, end)
    if opened is not None and end - opened.end() <= _TAIL_CHARS:
        return text[s_start:end]
    return "x " + text[end - _TAIL_CHARS : end]


_LEADING_MARKS = re.compile(r"\W*")


# An example opening the clause that follows it: "..., e.g., X improves ...".
_EXAMPLE_OPENS = re.compile(r"\b(?:e\.g\.|i\.e\.|for example|for instance),?\s*$", re.IGNORECASE)


def _own_example(m: Mention, before: str, own_names: set[str]) -> bool:
    """Whether a name the paper proposes opens an example of its own results ("..., e.g.,
    Quillnet improves ... to 84%"): the example cue is no baseline's there."""
    return bool(_EXAMPLE_OPENS.search(before)) and (m.proposed or m.text.casefold() in own_names)


def _is_own(m: Mention, text: str, s_start: int, own_names: set[str]) -> bool:
    """A mention of the paper's own method: a name it proposes, or after "our"."""
    return (
        m.proposed
        or m.text.casefold() in own_names
        or bool(_OUR_BEFORE.search(text, max(s_start, m.start - 30), m.start))
    )


# Between a value and the method it is "for": its measure and setting, no clause.
_FOR_A_METHOD = re.compile(r"\s*(?:[\w@%.-]+\s+){0,5}?for\s+(?:the\s+)?", re.IGNORECASE)


def _method_after(
    claim: _Claim, text: str, methods: list[Mention], limit: int, between: re.Pattern
) -> Mention | None:
    """The first method after the value, before ``limit``, whose words from the value on
    all match ``between``."""
    return next(
        (
            m
            for m in methods
            if claim.end < m.start <= limit
            and not m.nested
            and between.fullmatch(text, claim.end, m.start)
        ),
        None,
    )


def _method_named_for(
    claim: _Claim,
    text: str,
    methods: list[Mention],
    limit: int,
    s_start: int,
    own_names: set[str],
) -> Mention | None:
    """The method a score is given for, right after it: "34.4% AP at 34ms for X"; not a
    change "for X" ("improved from 55% to 80% for X": X is what the paper's method is built
    on), nor where the sentence names the paper's own method before the value ("Our
    Quillnet reaches 78.1% for ResNet-50": the backbone it is applied to), unless the
    method after "for" is the paper's own too."""
    if claim.kind != "score" or claim.value.from_to:
        return None
    named = _method_after(claim, text, methods, limit, _FOR_A_METHOD)
    if named is None or _is_own(named, text, s_start, own_names):
        return named  # (the paper's own method named after "for" is the value's)
    own_before = any(
        s_start <= m.start and m.end <= claim.start and _is_own(m, text, s_start, own_names)
        for m in methods
    )
    return None if own_before else named


def _method_of(
    claim: _Claim,
    text: str,
    methods: list[Mention],
    s_start: int,
    group_start: int,
    own_names: set[str],
    standing: dict[Mention, str] | None = None,
) -> Mention | None:
    """The nearest method named before the values that can reach them (``_subjects``), the
    paper's own names first."""
    standing = {} if standing is None else standing
    candidates = _subjects(text, methods, s_start, group_start, own_names, standing)
    if not candidates:
        return None
    flat = [m for m in candidates if not m.nested] or candidates
    return max(flat, key=lambda m: (standing[m] == "own", m.end))


def _share(group: list[_Claim], role: str) -> None:
    """Claims of a list that name no ``role`` take the one the list names, if only one."""
    named = {getattr(c, role) for c in group} - {None}
    if len(named) == 1:
        (shared,) = named
        for claim in group:
            if getattr(claim, role) is None and not (
                role == "dataset" and (claim.averaged or claim.unpaired)
            ):  # (not one averaged over data, nor one whose own place is named)
                setattr(claim, role, shared)


def _distinct_names(mentions: list[Mention]) -> list[Mention]:
    """The first mention of each name, in text order."""
    distinct: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.text not in {m.text for m in distinct}:
            distinct.append(mention)
    return distinct


# What joins the items of a list: "A and B", "A or B" (a comma may also end an opening
# phrase: "On A, the X and Y reach ...").
_LIST_JOIN_AFTER = re.compile(r"\s+(?:and|or)\b")
_LIST_JOIN_BEFORE = re.compile(r"\b(?:and|or)\s+$")


def _named_with(
    group: list[_Claim], mentions: list[Mention], start: int, end: int
) -> list[Mention]:
    """The mentions a list of values may pair with: those between the list before
    (``start``) and the values, or between the values and the next list (``end``), where
    as many names as values are there; else all of those before ``end``."""
    before = [m for m in mentions if start <= m.start < group[0].start]
    after = [m for m in mentions if group[-1].end <= m.start < end]
    for names in (before, after):
        if len(_distinct_names(names)) == len(group):
            return names
    return [m for m in mentions if m.start < end]


def _one_of_an_unread_list(group: list[_Claim], text: str) -> None:
    """ "on A and B tasks ... 96.6% and 94.1%, respectively", where only A was read as a
    dataset: the values pair with a list whose other items were not read, so A is the
    first value's where it opens the list and the last value's where it closes it; a
    dataset no "and" or "or" joins to anything is every value's, as before."""
    shared = group[0].dataset
    if shared is None or any(c.dataset is not shared for c in group):
        return
    if _LIST_JOIN_AFTER.match(text, shared.end):
        keeper = group[0]
    elif _LIST_JOIN_BEFORE.search(text, 0, shared.start):
        keeper = group[-1]
    else:
        return
    for claim in group:
        if claim is not keeper:
            claim.dataset, claim.unpaired = None, True


# The words between a list of measures and the values that change them: "improves A and
# B by", "raises A and B to".
_MEASURES_CHANGED_BY = re.compile(r"^\s+(?:by|to)\s+(?:up\s+to\s+|about\s+|around\s+)?$")


def _paired_with_measures_listed(
    group: list[_Claim], metrics: list[Mention], text: str, left_start: int
) -> None:
    """ "improves A and B by 2.1 and 3.4 points": as many measures listed (by "and", "or"
    or commas) right before "by" or "to" as values after it pair in their order, as if
    "respectively" were written; a value that names its own measure keeps it."""
    listed: list[Mention] = []
    for mention in sorted(
        (m for m in metrics if left_start <= m.start and m.end <= group[0].start),
        key=lambda m: m.start,
    ):
        if listed and not _LIST_GLUE.match(text[listed[-1].end : mention.start]):
            listed = []
        if not listed or mention.start >= listed[-1].end:
            listed.append(mention)
    if not listed or not _MEASURES_CHANGED_BY.match(text[listed[-1].end : group[0].start]):
        return
    distinct = _distinct_names(listed)
    if len(distinct) != len(group) or any(c.measure_span is not None for c in group):
        return
    for claim, mention in zip(group, distinct):
        claim.metric = mention


def _respectively(group: list[_Claim], mentions: list[Mention], role: str) -> None:
    """ "A, B and C reach 1%, 2% and 3%, respectively": the i-th value takes the i-th name."""
    distinct = _distinct_names(mentions)
    if len(distinct) == len(group):
        for claim, mention in zip(group, distinct):
            setattr(claim, role, mention)


# What a model is trained, tuned or distilled with, right before a dataset's name ("fine-tuning
# X on the", "trained with", "pre-trained using")
_TRAINED_ON_BEFORE = re.compile(
    r"\b(?:(?:pre-?|re-?)?train\w*|fine-?tun\w*|finetun\w*|distill\w*)\b"
    r"(?:\s+(?!(?:and|or|evaluat\w*|test\w*|validat\w*|assess\w*)\b)[^\s,;.]+){0,4}?"
    r"\s+(?:on|with|using)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


_LISTED_AFTER = re.compile(r"^\s*(?:,\s*)?(?:and|or)?\s*$")


def _trained_on_data(datasets: list[Mention], text: str, s_start: int) -> list[Mention]:
    """The datasets the sentence trains, fine-tunes or distils on ("fine-tuning X on A"),
    with those listed right after one ("trained on A and B")."""
    trained: list[Mention] = []
    previous: Mention | None = None
    for mention in sorted(datasets, key=lambda m: m.start):
        before = text[max(s_start, mention.start - 80) : mention.start]
        if _TRAINED_ON_BEFORE.search(before) or (
            previous in trained and _LISTED_AFTER.match(text[previous.end : mention.start])
        ):
            trained.append(mention)
        previous = mention
    return trained


def _paired_by_slashes(group: list[_Claim], datasets: list[Mention], text: str) -> None:
    """Values written "1.91/2.43" take, in order, the datasets written "A/B" in the sentence
    (a run of exactly as many names, each joined to the next by a slash)."""
    runs: list[list[Mention]] = []
    for mention in sorted(datasets, key=lambda m: m.start):
        if runs and text[runs[-1][-1].end : mention.start].strip() == "/":
            runs[-1].append(mention)
        else:
            runs.append([mention])
    matching = [run for run in runs if len(run) == len(group)]
    if len(matching) == 1:
        for claim, mention in zip(group, matching[0]):
            claim.dataset = mention


def _span(mention: Mention | None) -> tuple[int, int] | None:
    return None if mention is None else (mention.start, mention.end)


def _record(claim: _Claim, field: str, sentence: tuple[int, int]) -> Result:
    value = claim.value
    return Result(
        value=value.text,
        number=value.number,
        low=value.low,
        high=value.high,
        unit=value.unit,
        kind=claim.kind,
        start=claim.start,
        end=claim.end,
        field=field,
        sentence_start=sentence[0],
        sentence_end=sentence[1],
        ours=claim.ours,
        metric_span=_span(claim.metric),
        dataset_span=_span(claim.dataset),
        method_span=_span(claim.method),
    )


def _starting_record(claim: _Claim, field: str, sentence: tuple[int, int]) -> tuple[Result, ...]:
    """The score a "from A to B" claim starts from, A, as a result of its own: what the
    baseline or the method before the change reached, on the same measure and data ("from
    23.7 to 21.8 perplexity": 23.7 is no method's of the paper's)."""
    value = claim.value
    if value.starting is None:
        return ()
    start, end, number, unit = value.starting
    return (
        Result(
            value=value.text[start:end],
            number=number,
            low=number,
            high=number,
            unit=unit,
            kind=claim.kind,  # a score, or a factor where the change is one ("from 2x to 5x")
            start=claim.start + start,
            end=claim.start + end,
            field=field,
            sentence_start=sentence[0],
            sentence_end=sentence[1],
            ours=False,
            metric_span=_span(claim.metric),
            dataset_span=_span(claim.dataset),
            method_span=None,
        ),
    )


def paper_results(
    texts: dict[str, str],
    sentences: Mapping[str, Sequence[tuple[int, int]]],
    mentions: Iterable[Mention],
    measures: list[Mention] | None = None,
) -> tuple[Result, ...]:
    """The results of a paper's fields (title first), given each field's text and sentences;
    ``measures`` receives the metric mentions made for them (``find_results``)."""
    mentions = list(mentions)
    own_names = {name for m in mentions if m.proposed for name in (m.text, *defined_parts(m.text))}
    found: list[Result] = []
    for field, text in texts.items():
        found.extend(
            find_results(
                text,
                field,
                sentences.get(field, ((0, len(text)),)),
                mentions,
                own_names,
                measures,
            )
        )
    return tuple(found)
