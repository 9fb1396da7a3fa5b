"""Leaderboards of reported results: per dataset x metric, best first.

``leaderboards(graph, dataset=..., metric=..., method=...)`` groups a graph's results
(``graph.results``) by the dataset and metric they name. Scores are ranked, best first;
improvements, reductions and ratios on the same dataset and metric follow, largest
first, since they are relative claims and do not rank against scores.

Which way is better is decided by the metric's class, not by a list of metric names
(``metric_direction``):

1. the head word of its name: a word meaning error, loss, distance, divergence,
   perplexity, latency, time, memory, cost or size (and their kin: runtime, delay,
   overhead, regret, footprint, consumption, usage, energy, and counts of what went wrong:
   miss, failure, violation) makes lower better ("word error
   rate": a measure noun such as "rate" or "score" passes to the word before it); a word
   of the higher-is-better class (accuracy, precision, recall, similarity...) makes
   higher better; an acronym ("FID") is read through the long forms the corpus or kg's
   lexicon give it ("Fréchet Inception Distance");
2. otherwise the corpus's sentences vote: "lower / reduce / minimise X" for lower,
   "higher / improve / increase / maximise X" for higher, and "X from A to B" after an
   improvement verb for the direction from A to B (two votes); a change named as the
   price of something else ("at the cost of higher X") votes the other way, and one named
   as a noun after "with a" ("with a decrease of 0.4 X") not at all;
3. otherwise higher is better.

Names given by the user match an entity's label, aliases or abbreviation, ignoring case,
spaces, hyphens and underscores.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import IO, TYPE_CHECKING

from .errors import UsageError
from .files import safe_cell
from .records import LinkedResult
from .text.words import (
    DEFINED_MEASURE_KINDS,
    DURATION_UNIT,
    RATE_UNIT,
    is_short_form,
    sentence_shown,
)

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

ROLES = ("dataset", "metric", "method")
# Head words of measures where less is better, and of those where more is.
LOWER_HEADS = frozenset(
    {
        "error",
        "loss",
        "distance",
        "divergence",
        "perplexity",
        "latency",
        "time",
        "memory",
        "cost",
        "size",
        "runtime",
        "delay",
        "overhead",
        "regret",
        "footprint",
        "consumption",
        "usage",
        "energy",
        # counts of what went wrong: "miss rate", "failure rate", "constraint violations"
        "miss",
        "failure",
        "violation",
    }
)
HIGHER_HEADS = frozenset(
    {
        "accuracy",
        "precision",
        "recall",
        "similarity",
        "likelihood",
        "reward",
        "return",
        "throughput",
        "speedup",
        "speed-up",
        "gain",
        "success",
        "coverage",
        "agreement",
        "correlation",
        "fidelity",
        "quality",
        "efficiency",
        "win",
        "sensitivity",
        "specificity",
        "utility",
        "robustness",
        # the F-measure family, the harmonic means of precision and recall
        "f1",
        "f-measure",
        "f-score",
        "f1-score",
    }
)
# Measure nouns that say how, not what: "error rate", "win ratio", "memory usage".
NEUTRAL_HEADS = frozenset(
    {
        "rate",
        "ratio",
        "value",
        "percentage",
        "number",
        "level",
        "measure",
        "metric",
        "count",
        "fraction",
        "share",
        "score",
    }
)
# An amount between the verb and what it changes: "reduce (by) up to 51% of the X", "saves
# 46% X"
_CHANGED_AMOUNT = (
    r"(?:by\s+|of\s+|in\s+)?(?:up\s+to\s+|about\s+|over\s+|nearly\s+|almost\s+)?"
    r"\d+(?:\.\d+)?\s*(?:%|x|times)?\s+(?:of\s+)?"
)
_LOWER_CUE = re.compile(
    r"\b(?:lower\w*|reduc\w*|decreas\w*|minimi[sz]\w*|cut\w*|sav(?:e|es|ed|ing)|fewer|"
    rf"less|smaller|low)\s+(?:{_CHANGED_AMOUNT})?(?:the\s+|its\s+|their\s+|our\s+)?"
    r"(?:[\w@-]+\s+){0,2}$",
    re.IGNORECASE,
)
_HIGHER_CUE = re.compile(
    r"\b(?:higher|increas\w*|maximi[sz]\w*|boost\w*|improv\w*|better|rais\w*|"
    rf"high|enhanc\w*)\s+(?:{_CHANGED_AMOUNT})?(?:the\s+|its\s+|their\s+|our\s+)?"
    r"(?:[\w@-]+\s+){0,2}$",
    re.IGNORECASE,
)
# A change named as the price of something else ("at the cost of higher X", "at the
# expense of lower X"): the measure moved the bad way, so the cue's direction is X's worse.
_CONCEDED_BEFORE = re.compile(
    r"\b(?:at\s+(?:an?|the)\s+(?:\w+\s+)?cost\s+of|at\s+the\s+expense\s+of)\s+"
    r"(?:(?:small|slight|minor|marginal|negligible|modest|\w+ly)\s+)?$",
    re.IGNORECASE,
)
# A change named as a noun after "with a" ("..., with a decrease of 0.4 X"): a gain or a
# price alike, so no vote ("with a lower X", an adjective, is the claim's own and votes).
_NOUN_CHANGE_AFTER_WITH = re.compile(
    r"\bwith\s+(?:only\s+)?an?\s+(?:\w+\s+|\d[\d.]*\s*(?:%|x|×|-?fold)\s+)?$", re.IGNORECASE
)
_CHANGE_NOUNS = frozenset(
    {"decrease", "reduction", "increase", "improvement", "drop", "cut", "boost", "gain"}
)
_FROM_TO = re.compile(  # (matched at a position: no "^", which anchors at 0 only)
    r"[^.;]{0,40}?\bfrom\s+(?:~|about\s+)?(\d+(?:\.\d+)?)\s*%?\s+to\s+(?:~|about\s+)?"
    r"(\d+(?:\.\d+)?)",
    re.IGNORECASE,
)
_IMPROVE_BEFORE = re.compile(
    r"\b(?:improv\w*|better\w*|advanc\w*|push\w*)\b[^.;]{0,40}$", re.IGNORECASE
)
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][\w-]*)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
UNNAMED = {"dataset": "(dataset not named)", "metric": "(metric not named)", "method": ""}


@dataclass(frozen=True)
class Direction:
    """Whether lower values of a metric are better, and why."""

    lower_is_better: bool
    reason: str

    def __str__(self) -> str:
        return f"{'lower' if self.lower_is_better else 'higher'} is better ({self.reason})"


@dataclass
class Leaderboard:
    """The results on one dataset x metric: ``scores`` best first, then ``relative`` claims
    (improvements, reductions, ratios), largest first."""

    dataset: str | None
    metric: str | None
    direction: Direction
    scores: list[LinkedResult] = field(default_factory=list)
    relative: list[LinkedResult] = field(default_factory=list)
    # where no metric is named, what the values are counted in: "time" for durations
    unnamed_measure: str | None = None

    def __len__(self) -> int:
        return len(self.scores) + len(self.relative)

    @property
    def ranked(self) -> bool:
        """Whether the scores are ranked: not where no metric is named (values of different
        measures and units), unless all are durations."""
        return self.metric is not None or self.unnamed_measure is not None

    @property
    def heading(self) -> str:
        """The board's order as its heading says it: its direction, or that it is none."""
        return str(self.direction) if self.ranked else "not ranked (no metric named)"

    def ranks(self) -> list[tuple[int | None, LinkedResult]]:
        """Each result with its rank: scores 1, 2, ... on a ranked board, else None, and
        None for the relative claims after them."""
        scores = (
            list(enumerate(self.scores, 1))
            if self.ranked
            else [(None, item) for item in self.scores]
        )
        return [*scores, *((None, item) for item in self.relative)]


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s/]+", name.lower().strip()) if w]


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def head_class(name: str) -> str | None:
    """ "lower" or "higher" from the head word of a metric's name, None when it says neither.

    Examples
    --------
    >>> head_class("word error rate"), head_class("top-1 accuracy"), head_class("FID")
    ('lower', 'higher', None)
    """
    words = [_singular(w) for w in _words(name)]
    while len(words) > 1 and words[-1] in NEUTRAL_HEADS:
        words = words[:-1]
    if not words:
        return None
    head = words[-1]
    parts = {head, head.rsplit("-", 1)[-1]}  # "wall-clock time", "zero-shot accuracy"
    negated = "negative" in words[:-1]  # "negative log-likelihood" is a loss
    if parts & LOWER_HEADS:
        return "higher" if negated else "lower"
    if parts & HIGHER_HEADS:
        return "lower" if negated else "higher"
    return None


def metric_directions(graph: KnowledgeGraph, keys: Iterable[str]) -> dict[str, Direction]:
    """The ``Direction`` of each metric entity in ``keys`` (see the module's notes)."""
    keys = set(keys)
    found: dict[str, Direction] = {}
    for key in keys:
        entity = graph.entities[key]
        cls = head_class(entity.label)
        if cls:
            found[key] = Direction(cls == "lower", f"head word of {entity.label!r}")
            continue
        names = [
            n
            for n in (*entity.aliases, entity.abbreviation or "", *_lexicon_names(entity))
            if n and head_class(n)
        ]
        votes = Counter(head_class(n) for n in names)
        if votes:
            cls = "lower" if votes["lower"] > votes["higher"] else "higher"
            name = next(n for n in names if head_class(n) == cls)
            found[key] = Direction(cls == "lower", f"head word of {name!r}, another name of it")
    votes_of = _corpus_votes(graph, keys - set(found))
    for key in keys - set(found):
        votes = votes_of.get(key, Counter())
        if votes["lower"] != votes["higher"]:
            lower = votes["lower"] > votes["higher"]
            found[key] = Direction(
                lower, f"the corpus says lower {votes['lower']} times, higher {votes['higher']}"
            )
        else:
            found[key] = Direction(False, "by default")
    return found


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, tuple[str, ...]]:
    """Every name of the packaged lexicon (case-folded) -> all the names of its entry."""
    names: dict[str, tuple[str, ...]] = {}
    text = resources.files("kg").joinpath("data/lexicon.tsv").read_text("utf-8")
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) < 2 or line.startswith("#"):
            continue
        entry = (fields[1], *(a for a in (fields[2].split("|") if len(fields) > 2 else []) if a))
        for name in entry:
            names.setdefault(name.casefold(), entry)
    return names


def _lexicon_names(entity) -> tuple[str, ...]:
    """The names kg's lexicon gives the entity's label or abbreviation ("FID": "Fréchet
    Inception Distance"), whose head word a bare acronym lacks. Not by a short form alone
    where the entity is named in words none of the entry's names share: a paper's "Quill
    Glyph Coefficient (WER)" is no word error rate."""
    lexicon = _lexicon()
    label_words = _words_naming_a_measure(entity.label)
    for name in (entity.label, entity.abbreviation or "", *entity.aliases):
        entry = lexicon.get(name.casefold()) if name else None
        if entry is None:
            continue
        if (
            is_short_form(name)
            and not is_short_form(entity.label)
            and not label_words & {w for n in entry for w in _words_naming_a_measure(n)}
        ):
            continue
        return entry
    return ()


_LETTERS = re.compile(r"[^\W\d_]{3,}")
# Words any measure's name may end in, besides its kind nouns, which say nothing of which
# measure it is ("Quill Glyph Rate" and "word error rate" share only "rate")
_ANY_MEASURE_HEADS = DEFINED_MEASURE_KINDS | {"rate", "ratio", "index"}


def _words_naming_a_measure(name: str) -> set[str]:
    """The words of ``name`` (singular, lower case) that may say which measure it is."""
    return {_singular(w) for w in _LETTERS.findall(name.casefold())} - _ANY_MEASURE_HEADS


def _corpus_votes(graph: KnowledgeGraph, keys: set[str]) -> dict[str, Counter]:
    """ "lower"/"higher" votes of the sentences that name each metric in ``keys``."""
    votes: dict[str, Counter] = defaultdict(Counter)
    if not keys:
        return votes
    for item in graph.mentions:
        if item.entity_key not in keys:
            continue
        m = item.mention
        text = graph.papers[item.paper_key].text_of(m.field)
        following = _NEXT_WORD.match(text, m.end)
        if following and _singular(following.group(1).lower()) in LOWER_HEADS | HIGHER_HEADS:
            continue  # "a decrease in F-measure error": the cue speaks of another measure
        before = text[max(m.sentence_start, m.start - 60) : m.start]
        said, cue = "lower", _LOWER_CUE.search(before)
        if cue is None:
            said, cue = "higher", _HIGHER_CUE.search(before)
        if cue is not None:
            noun = cue.group().split()[0].lower() in _CHANGE_NOUNS
            if noun and _NOUN_CHANGE_AFTER_WITH.search(before, 0, cue.start()):
                pass  # "with a decrease of 0.4 X": a price or a gain, the text says not
            elif _CONCEDED_BEFORE.search(before, 0, cue.start()):
                votes[item.entity_key]["higher" if said == "lower" else "lower"] += 1
            else:
                votes[item.entity_key][said] += 1
        change = _FROM_TO.match(text, m.end, m.sentence_end or len(text))
        if change and _IMPROVE_BEFORE.search(text, max(m.sentence_start, m.start - 50), m.start):
            a, b = float(change.group(1)), float(change.group(2))
            if a != b:
                votes[item.entity_key]["lower" if b < a else "higher"] += 2
    return votes


def _fold(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name.casefold())


def match_entities(graph: KnowledgeGraph, name: str, role: str) -> set[str]:
    """Keys of the entities ``name`` names (label, alias or abbreviation, ignoring case,
    spaces and hyphens); a ``KgError`` listing close names when there is none."""
    wanted = _fold(name)
    keys = {
        key
        for key, e in graph.entities.items()
        if wanted in {_fold(n) for n in (e.label, *e.aliases, e.abbreviation or "") if n}
    }
    if keys:
        return keys
    used = {getattr(item, role) for item in graph.results} - {None}
    labels = sorted(
        {graph.entities[k].label for k in used}
        | {e.label for e in graph.entities.values() if e.type == role}
    )
    by_fold = defaultdict(list)
    for label in labels:
        by_fold[label.casefold()].append(label)
    close = [
        label
        for f in difflib.get_close_matches(name.casefold(), list(by_fold), n=5, cutoff=0.6)
        for label in by_fold[f]
    ][:5]
    hint = (
        f"; close names: {', '.join(close)}"
        if close
        else f" (the results name {len(used)} {role}s; run kg results without --{role} to list them)"
    )
    raise UsageError(f"no {role} named {clean(name)!r:.80} in the graph{hint}")


def clean(text: str) -> str:
    """Text for a terminal: control characters (escape sequences) become spaces."""
    return _CONTROL.sub(" ", text)


def _midpoint(item: LinkedResult) -> float:
    r = item.result
    if r.number is not None:
        return r.number
    assert r.low is not None and r.high is not None  # a range has both ends (Result)
    return (r.low + r.high) / 2


def _shares_per_one(scores: list[LinkedResult]) -> bool:
    """Whether a board's scores write one measure both as percentages and as shares of one
    ("95%" and "0.98" of an R^2 score): some of each, and every unitless value between 0
    and 1."""
    percent = [i for i in scores if i.result.unit == "%"]
    plain = [i for i in scores if not i.result.unit]
    return (
        bool(percent and plain)
        and all(0.0 <= _midpoint(i) <= 1.0 for i in plain)
        and any(_midpoint(i) > 1.0 for i in percent)  # not "0.8%" beside "0.7"
    )


def _ranked_value(item: LinkedResult, per_one: bool) -> float:
    """The value a board ranks ``item`` by: a percentage as a share of one where the board
    writes its measure both ways (``_shares_per_one``)."""
    value = _midpoint(item)
    seconds = _seconds_per(item.result.unit)
    if seconds is not None:
        return value * seconds  # "40 ms" before "3 minutes", whatever the numbers
    return value / 100 if per_one and item.result.unit == "%" else value


def leaderboards(
    graph: KnowledgeGraph,
    *,
    dataset: str | None = None,
    metric: str | None = None,
    method: str | None = None,
    datasets: set[str] | None = None,
) -> list[Leaderboard]:
    """The leaderboards of ``graph``'s results, most results first.

    Parameters
    ----------
    graph : KnowledgeGraph
        A built or loaded graph.
    dataset, metric, method : str, optional
        Keep the results on this dataset, of this metric, of this method (names as
        ``match_entities`` reads them).
    datasets : set of str, optional
        Keep the results on these datasets, given by entity key.

    Returns
    -------
    list of Leaderboard
        One per dataset x metric among the kept results (an unnamed dataset or metric is
        a board of its own, listed after the named ones).

    Raises
    ------
    KgError
        A name that matches no entity (the message lists close names).
    """
    wanted = {
        role: match_entities(graph, name, role)
        for role, name in (("dataset", dataset), ("metric", metric), ("method", method))
        if name
    }
    if datasets is not None:
        wanted["dataset"] = wanted.get("dataset", set(datasets)) & set(datasets)
    boards: dict[tuple, list[LinkedResult]] = defaultdict(list)
    for item in graph.results:
        if all(getattr(item, role) in keys for role, keys in wanted.items()):
            # with no metric named, a duration is still a time ("3 minutes to sample"):
            # its own board, lower first, never ranked with percentages
            unnamed = None if item.metric else _counted_in(item.result.unit)
            boards[(item.dataset, item.metric, unnamed)].append(item)
    directions = metric_directions(graph, {m for _, m, _ in boards if m is not None})
    found = []
    for (data, measure, unnamed), items in boards.items():
        # metric_directions gives every metric a direction
        if measure:
            direction = directions[measure]
        elif unnamed == "time":
            direction = Direction(True, "a duration, no metric named")
        elif unnamed is not None:
            direction = Direction(False, "a speed, no metric named")
        else:
            direction = Direction(False, "no metric named")
        board = Leaderboard(data, measure, direction, unnamed_measure=unnamed)
        sign = 1 if direction.lower_is_better else -1
        board.scores = [i for i in items if i.result.kind == "score"]
        per_one = _shares_per_one(board.scores)
        board.scores.sort(
            key=lambda i: (
                sign * _ranked_value(i, per_one) if board.ranked else 0.0,
                graph.papers[i.paper_key].title,
                i.result.start,
            ),
        )
        board.relative = sorted(
            (i for i in items if i.result.kind != "score"),
            key=lambda i: (i.result.kind, -_midpoint(i), graph.papers[i.paper_key].title),
        )
        found.append(board)

    def order(board: Leaderboard) -> tuple:
        labels = [
            graph.entities[k].label.casefold() if k else "" for k in (board.dataset, board.metric)
        ]
        return board.dataset is None, board.metric is None, -len(board.scores), -len(board), labels

    return sorted(found, key=order)


def result_row(graph: KnowledgeGraph, item: LinkedResult) -> dict:
    """One result as a flat record: paper, title, entities' labels, value, number, range,
    unit, kind, ours, sentence (the columns of results.csv and of ``kg results``)."""
    r = item.result
    paper = graph.papers[item.paper_key]
    label = {
        role: graph.entities[getattr(item, role)].label if getattr(item, role) else ""
        for role in ("method", "dataset", "metric")
    }
    return {
        "paper_key": item.paper_key,
        "title": paper.title,
        **label,
        "value": r.value,
        "number": r.number,
        "low": r.low,
        "high": r.high,
        "unit": r.unit,
        "kind": r.kind,
        "ours": r.ours,
        "sentence": sentence_shown(
            paper.text_of(r.field), r.sentence_start, r.sentence_end, r.start
        ),
        "field": r.field,
        "start": r.start,
        "end": r.end,
    }


def board_title(graph: KnowledgeGraph, board: Leaderboard) -> str:
    """ "ImageNet × top-1 accuracy"."""
    dataset = graph.entities[board.dataset].label if board.dataset else UNNAMED["dataset"]
    return f"{dataset} \u00d7 {_metric_name(graph, board) or UNNAMED['metric']}"


def _metric_name(graph: KnowledgeGraph, board: Leaderboard) -> str:
    """The board's metric as a reader names it: its label, "time (metric not named)" for
    durations with no metric named, else ""."""
    if board.metric:
        return graph.entities[board.metric].label
    return f"{board.unnamed_measure} {UNNAMED['metric']}" if board.unnamed_measure else ""


# Seconds in each unit of ``DURATION_UNIT``, by its singular.
_SECONDS = {
    **dict.fromkeys(("µs", "μs", "microsecond"), 0.000001),
    **dict.fromkeys(("ms", "msec", "millisecond"), 0.001),
    **dict.fromkeys(("s", "sec", "second"), 1.0),
    **dict.fromkeys(("min", "minute"), 60.0),
    **dict.fromkeys(("h", "hr", "hour"), 3600.0),
    "day": 86400.0,
    "week": 604800.0,
}


def _seconds_per(unit: str) -> float | None:
    """How many seconds one of a duration's ``unit`` is ("ms": 0.001, "GPU hours": 3600),
    None for a unit of no duration."""
    found = DURATION_UNIT.match(unit.strip())
    if found is None:
        return None
    word = found.group("unit").lower()
    return _SECONDS[word[:-1] if len(word) > 2 and word.endswith("s") else word]


def _counted_in(unit: str) -> str | None:
    """What a value with no metric named is counted in: "time" for a unit of duration,
    "speed in frames per second" (or in tokens, images ... per second) for a rate, else
    None."""
    if DURATION_UNIT.match(unit.strip()):
        return "time"
    rate = RATE_UNIT.match(unit.strip())
    if rate is None:
        return None
    things = "frame" if rate.group("fps") else (rate.group("things") or "iteration").lower()
    return f"speed in {things}s per second"


SENTENCE_CHARS = 220  # of a sentence in the text listing


def board_records(graph: KnowledgeGraph, boards: list[Leaderboard]) -> list[dict]:
    """Every row of ``boards`` as a flat record: the board (dataset, metric, direction), the
    rank (scores only; None for relative claims) and ``result_row``'s fields."""
    records = []
    for board in boards:
        names = {
            "board_dataset": graph.entities[board.dataset].label if board.dataset else "",
            "board_metric": _metric_name(graph, board),
        }
        lower = board.direction.lower_is_better if board.ranked else None
        for rank, item in board.ranks():
            records.append(
                {**names, "lower_is_better": lower, "rank": rank, **result_row(graph, item)}
            )
    return records


# Width of the method column of ``format_boards``
METHOD_CHARS = 40


def format_boards(graph: KnowledgeGraph, boards: list[Leaderboard]) -> str:
    """The boards as text for a terminal: a heading per board, a line per result with its
    rank, value, method (marked "(ours)") and paper, and the sentence under it."""
    lines = []
    for board in boards:
        counts = f"{len(board.scores)} score{'s' * (len(board.scores) != 1)}"
        if board.relative:
            counts += f", {len(board.relative)} relative claim{'s' * (len(board.relative) != 1)}"
        lines.append(f"{clean(board_title(graph, board))}: {board.heading}; {counts}")
        for number, item in board.ranks():
            rank = number if number is not None else "-" if item.result.kind == "score" else ""
            row = result_row(graph, item)
            value = row["value"] if row["kind"] == "score" else f"{row['value']} ({row['kind']})"
            method = clean(row["method"] or ("the paper's method" if row["ours"] else "-"))
            mark = " (ours)" if row["ours"] and row["method"] else ""
            if len(method) + len(mark) > METHOD_CHARS:  # cut the name, never the mark
                method = method[: METHOD_CHARS - len(mark) - 1] + "\u2026"
            method += mark
            sentence = " ".join(row["sentence"].split())
            if len(sentence) > SENTENCE_CHARS:
                sentence = sentence[: SENTENCE_CHARS - 1] + "\u2026"
            lines.append(
                f"  {rank!s:>3}  {clean(value):<18} {method:<{METHOD_CHARS}}  "
                f"{clean(row['title'])[:70]}"
            )
            lines.append(f"       \u201c{clean(sentence)}\u201d")
        lines.append("")
    return "\n".join(lines)


BOARD_COLUMNS = (
    "board_dataset",
    "board_metric",
    "lower_is_better",
    "rank",
    "paper_key",
    "title",
    "method",
    "dataset",
    "metric",
    "value",
    "number",
    "low",
    "high",
    "unit",
    "kind",
    "ours",
    "sentence",
)


def write_board_csv(graph: KnowledgeGraph, boards: list[Leaderboard], out: IO[str]) -> None:
    """``board_records`` as CSV (``BOARD_COLUMNS``); text a spreadsheet would run as a
    formula gets a leading apostrophe."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(BOARD_COLUMNS)
    for record in board_records(graph, boards):
        writer.writerow(
            [
                ("true" if v else "false")
                if isinstance(v, bool)
                else ""
                if v is None
                else safe_cell(v)
                for v in (record[c] for c in BOARD_COLUMNS)
            ]
        )
