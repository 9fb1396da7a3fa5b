"""``kg curate --suggest``: the likely errors of a built graph, as curation rules.

Each entity is looked at through its mentions (label, score, text) and the text around
them, and each doubt becomes a rule of the curation file syntax (``kg.link.curation``):

- **kind nouns** (the linker's, ``kg/data/kinds.toml``): its mentions end in, or are
  followed by, a noun that names a kind of thing ("Nvidia GPU", "X Inc.", "the X library",
  "the ProcGen benchmark"): hardware, an organisation, software, a venue or a person, which
  kg has no type for (``drop``), or a type the entity does not have (``retype``, or
  ``split`` when only mentions of other names say so);
- **type disagreement**: the entity has the type most of its mentions have, yet a third or
  more have another (``retype`` to the commonest other type); where the linker chose a type
  against its mentions' labels, it had evidence (kind nouns, context) and is not second-guessed;
- **a one- or two-character name** ("D", "G", "dB"): a variable or a unit (``drop``);
- **a kind-noun variant of another entity**: "BLEU scores" beside "BLEU", "translation
  tasks" beside "translation", when the noun names the other entity's kind (``merge``);
- **names with different numbers merged into one entity** ("ImageNet" and "ImageNet-100",
  "accuracy" and "top-1 accuracy": a version or a size apart; ``split``);
- **a common word with many papers** ("scaling laws", "memory"; ``generic``): a
  ``specificity`` (``Entity.specificity``, from the linker) of 0.5 or less that the linker
  did not already take for generic.

A low mean confidence of the mentions adds to every doubt. Suggestions are ranked by
visibility: those about entities the default views show come first, those about entities
already hidden as generic after them, each group by the papers the rule changes times
doubt; an entity is in one suggestion at most, so the printed file applies as it is.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .link.curation import Rule, Sense, fold, folded_names, matched_names, toml_string
from .link.resolve import LEFT_OUT_CLASSES, kinds
from .records import ENTITY_TYPES, Entity, LinkedMention
from .text.vocabulary import NOT_DATASETS
from .text.words import is_name_like, shows_text, singular

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

DEFAULT_TOP = 50

# Kind classes with no kg type (kinds.toml's [left_out]): an entity named so is no entity.
NOT_KG_TYPES = LEFT_OUT_CLASSES
# The entity types that a kind noun of a type contradicts: "the image classification
# dataset" says nothing against a task, "BIG-bench tasks" nothing against a dataset, "the
# ImageNet model" nothing against a dataset.
CONTRADICTS = {
    "dataset": ("method", "concept", "metric"),
    "metric": ("method", "concept"),
    "task": ("method", "concept"),
    "method": ("concept",),
    "concept": ("method",),
}
_DETERMINER_BEFORE = re.compile(
    r"\b(the|a|an|this|that|these|those|our|their|its)\s+$", re.IGNORECASE
)
_DETERMINER_START = re.compile(r"^(the|a|an|this|that|these|those|our|their|its)\s+", re.IGNORECASE)
_SPACE_THEN_WORD = re.compile(r"^\s+[A-Za-z]")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_ONE_WORD = re.compile(r"^[a-z][a-z-]*[a-z]$")

KIND_SHARE = 1 / 4  # share of mentions named as another kind that makes a suggestion
DISAGREEMENT = 1 / 3  # share of mentions typed otherwise that makes a retype suggestion
COMMON_SPECIFICITY = 0.5  # at most this specific, and not generic yet: a generic suggestion
MIN_MENTIONS_TO_DISAGREE = 3
LOW_SCORE = 0.6  # mentions below this mean confidence add doubt, up to SCORE_WEIGHT
SCORE_WEIGHT = 0.25
GENERIC_MIN_PAPERS, GENERIC_MIN_SHARE = 5, 0.01  # "many papers": the larger of the two
DOUBT = {"variant": 0.6, "digits": 0.6, "kind sense": 0.7}
SHORT_NAME_DOUBT = {"one character": 0.9, "two letters": 0.6, "two characters": 0.3}


@dataclass(frozen=True)
class Suggestion:
    """A rule the graph probably needs: ``papers`` (visibility: the papers it changes)
    times ``doubt`` (0-1) is its ``score``; ``reasons`` are the evidence, one line each."""

    rule: Rule
    papers: int
    doubt: float
    reasons: tuple[str, ...]
    entities: tuple[str, ...]  # keys of the entities it changes

    @property
    def score(self) -> float:
        return self.papers * self.doubt


def _noisy_or(*doubts: float) -> float:
    """Doubts from independent signals, together."""
    return 1 - math.prod(1 - d for d in doubts)


class _Evidence:
    """What the mentions of one entity say about it."""

    def __init__(self, entity: Entity, items: list[LinkedMention], graph: KnowledgeGraph) -> None:
        self.entity = entity
        self.items = items
        self.count = len(items)
        self.labels = Counter(item.mention.label for item in items)
        self.mean_score = sum(i.mention.score for i in items) / len(items) if items else 1.0
        self.kinds: Counter = Counter()
        self.kind_example: dict[str, str] = {}
        self.kind_items: dict[str, list[tuple[LinkedMention, str]]] = defaultdict(list)
        for item in items:
            for kind, example in self._kinds_of(item, graph):
                self.kinds[kind] += 1
                self.kind_example.setdefault(kind, example)
                self.kind_items[kind].append((item, example))

    def _kinds_of(self, item: LinkedMention, graph: KnowledgeGraph) -> list[tuple[str, str]]:
        """The kind classes that this mention's own last words, or the words after it, name
        (hardware, ..., or a type that contradicts the entity's), with the words that say so."""
        m, table = item.mention, kinds()
        found: list[tuple[str, str]] = []
        words = m.text.split()
        if len(words) > 1:
            kind = table.kind(words)
            if kind is not None and (
                kind in NOT_KG_TYPES
                or (self._contradicts(kind) and any(is_name_like(w) for w in words[:-1]))
            ):
                found.append((kind, m.text))
        paper = graph.papers.get(item.paper_key)
        if paper is None:
            return found
        text = paper.text_of(m.field)
        following = text[m.end : m.end + 40]
        if not _SPACE_THEN_WORD.match(following):  # "X-based", "X's": no kind noun follows
            return found
        words = following.split()[:2]
        if words[0][-1] in ".,;:" and table.lookup(words[0].lower()) is None:
            words = [words[0].rstrip(".,;:")]  # "... the X benchmark." ends the sentence
        kind = table.kind_after(words)
        if kind is None or kind in (k for k, _ in found):
            return found
        before = text[max(0, m.start - 12) : m.start]
        determiner = _DETERMINER_BEFORE.search(before)
        if kind in NOT_KG_TYPES or (self._contradicts(kind) and (kind != "dataset" or determiner)):
            start = m.start - len(before) + determiner.start() if determiner else m.start
            two = (
                len(words) > 1
                and table.lookup(f"{words[0].lower()} {singular(words[1].rstrip('.,;:'))}")
                is not None
            )
            example = " ".join([text[start : m.end], *words[: 2 if two else 1]])
            found.append((kind, " ".join(example.split()).rstrip(".,;:")))
        return found

    def _contradicts(self, kind: str | None) -> bool:
        return kind in CONTRADICTS and self.entity.type in CONTRADICTS[kind]

    def score_doubt(self) -> tuple[float, str | None]:
        """Doubt from a low mean confidence, and the reason to print."""
        if self.mean_score >= LOW_SCORE or not self.items:
            return 0.0, None
        doubt = SCORE_WEIGHT * min(1.0, (LOW_SCORE - self.mean_score) / 0.1)
        return doubt, f"mean confidence of its mentions {self.mean_score:.2f}"


class _Suggester:
    def __init__(self, graph: KnowledgeGraph) -> None:
        self.graph = graph
        self.by_entity: dict[str, list[LinkedMention]] = defaultdict(list)
        for item in graph.mentions:
            self.by_entity[item.entity_key].append(item)
        self.by_label: dict[str, list[str]] = defaultdict(list)
        for key, entity in graph.entities.items():
            self.by_label[fold(entity.label)].append(key)
        self.evidence = {
            key: _Evidence(e, self.by_entity.get(key, []), graph)
            for key, e in graph.entities.items()
        }

    # selectors ------------------------------------------------------------------------

    def selector(self, key: str, *, narrow: bool = True) -> tuple[str, str | None]:
        """(selector, type narrowing) naming exactly this entity: its label, with its type
        if the label alone is ambiguous, else its node id."""
        entity = self.graph.entities[key]
        if not shows_text(entity.label):  # (a graph edited by hand): no label to name it by
            return f"{entity.type}:{key}", None
        same = self.by_label[fold(entity.label)]
        if len(same) == 1 and not _looks_like_node_id(entity.label):
            return entity.label, None
        if (
            narrow
            and not _looks_like_node_id(entity.label)
            and sum(self.graph.entities[k].type == entity.type for k in same) == 1
        ):
            return entity.label, entity.type
        return f"{entity.type}:{key}", None

    def describe(self, key: str) -> str:
        e = self.graph.entities[key]
        return (
            f"{toml_string(e.label)} ({e.type}, {_count(e.paper_count, 'paper')}, "
            f"{_count(e.mention_count, 'mention')})"
        )

    # the signals ------------------------------------------------------------------------

    def all(self) -> list[Suggestion]:
        found: list[Suggestion] = []
        for key in self.graph.entities:
            found += self.single(key)
        found += self.variants()
        found += self.digit_splits()
        return found

    def single(self, key: str) -> list[Suggestion]:
        """drop, retype and generic suggestions of one entity."""
        entity, ev = self.graph.entities[key], self.evidence[key]
        score_doubt, score_reason = ev.score_doubt()
        extra = [score_reason] if score_reason else []
        found = []
        drop: list[tuple[float, str]] = []
        retype: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for kind, count in ev.kinds.most_common():
            share = count / max(ev.count, 1)
            if share < KIND_SHARE:
                continue
            reason = (
                f"{count} of its {_count(ev.count, 'mention')} name it as {_a(kind)} "
                f"({toml_string(ev.kind_example[kind])})"
            )
            if kind in NOT_KG_TYPES:
                drop.append((min(1.0, share), reason))
            elif kind != entity.type:
                sense = self.kind_sense(ev, kind)
                if sense is None:
                    retype[kind].append((min(1.0, share), reason))
                else:  # only mentions of other names say so: those are another entity
                    selector, narrow = self.selector(key)
                    papers = {i.paper_key for i, _ in ev.kind_items[kind]}
                    found.append(
                        self._make(
                            Rule("split", (selector,), narrow, senses=(sense,)),
                            len(papers),
                            _noisy_or(DOUBT["kind sense"], score_doubt),
                            [f"{reason}; its other mentions use other names"] + extra,
                            (key,),
                        )
                    )
        name = entity.label.strip()
        if len(name) <= 2:
            what = (
                "one character"
                if len(name) == 1
                else "two letters"
                if name.isalpha()
                else "two characters"
            )
            drop.append(
                (SHORT_NAME_DOUBT[what], f"a name of {what}: a variable, a unit or a fragment?")
            )
        # a mixed entity: the type most of its mentions have, yet a third or more have another
        # (where the linker chose a type against its mentions, it had evidence: left alone)
        if (
            ev.count >= MIN_MENTIONS_TO_DISAGREE
            and ev.labels
            and ev.labels[entity.type] == max(ev.labels.values())
        ):
            others = Counter(
                {t: n for t, n in ev.labels.items() if t != entity.type and t in ENTITY_TYPES}
            )
            share = sum(others.values()) / ev.count
            if share >= DISAGREEMENT:
                to = max(others, key=lambda t: (others[t], -ENTITY_TYPES.index(t)))
                if not (to == "dataset" and entity.label.lower() in NOT_DATASETS):
                    spread = ", ".join(f"{n} {t}" for t, n in others.most_common())
                    retype[to].append(
                        (
                            share,
                            (
                                f"{sum(others.values())} of its {ev.count} mentions "
                                f"were typed otherwise ({spread}), {share:.0%}"
                            ),
                        )
                    )
        if drop:
            doubt = _noisy_or(*(d for d, _ in drop), score_doubt)
            found.append(
                self._make(
                    Rule("drop", (self.selector(key)[0],), self.selector(key)[1]),
                    entity.paper_count,
                    doubt,
                    [r for _, r in drop] + extra,
                    (key,),
                )
            )
        for to, signals in retype.items():
            doubt = _noisy_or(*(d for d, _ in signals), score_doubt)
            selector, narrow = self.selector(key)
            found.append(
                self._make(
                    Rule("retype", (selector,), narrow, to=to),
                    entity.paper_count,
                    doubt,
                    [r for _, r in signals] + extra,
                    (key,),
                )
            )
        generic = self.common_word(entity)
        if generic is not None:
            selector, narrow = self.selector(key)
            found.append(
                self._make(
                    Rule("generic", (selector,), narrow, generic=True),
                    entity.paper_count,
                    _noisy_or(generic[0], score_doubt),
                    [generic[1]] + extra,
                    (key,),
                )
            )
        return found

    def kind_sense(self, ev: _Evidence, kind: str) -> Sense | None:
        """A sense of type ``kind`` for the mentions that a kind noun names, if none of the
        entity's other mentions uses their names ("Inception" followed by "Score", where the
        entity is GoogLeNet); None if the names are shared (the whole entity is of that kind)."""
        named = ev.kind_items[kind]
        named_ids = {id(item) for item, _ in named}
        texts = {fold(item.mention.text) for item, _ in named}
        others = {fold(item.mention.text) for item in ev.items if id(item) not in named_ids}
        if not others or not texts.isdisjoint(others):
            return None
        examples = Counter(_DETERMINER_START.sub("", example) for _, example in named)
        label = max(sorted(examples), key=lambda e: examples[e])
        return Sense(label, tuple(sorted({item.mention.text for item, _ in named})), to=kind)

    def common_word(self, entity: Entity) -> tuple[float, str] | None:
        """(doubt, reason) when the label says little (low ``specificity``) and many papers
        name it, yet the linker did not take it for generic."""
        if entity.generic:
            return None
        many = max(GENERIC_MIN_PAPERS, math.ceil(GENERIC_MIN_SHARE * len(self.graph.papers)))
        specificity = getattr(entity, "specificity", None)
        if (
            entity.paper_count < many
            or not isinstance(specificity, (int, float))
            or specificity > COMMON_SPECIFICITY
        ):
            return None
        return (
            1 - max(0.0, specificity),
            (
                f"a name that says little (specificity {specificity:.2f}) named by "
                f"{entity.paper_count} papers: an umbrella term rather than one thing?"
            ),
        )

    def variants(self) -> list[Suggestion]:
        """merge: "X scores" beside a metric X, "Y tasks" beside a task Y, ..."""
        groups: dict[str, list[str]] = defaultdict(list)
        for key, entity in self.graph.entities.items():
            words = entity.label.split()
            if len(words) < 2 or entity.generic:
                continue
            noun = singular(words[-1])
            for base_key in self.by_label.get(fold(" ".join(words[:-1])), ()):
                base = self.graph.entities[base_key]
                if (
                    base_key != key
                    and not base.generic
                    and noun in kinds().variant_suffixes.get(base.type, ())
                ):
                    groups[base_key].append(key)
        found = []
        for base_key, keys in groups.items():
            base = self.graph.entities[base_key]
            papers = {i.paper_key for k in keys for i in self.by_entity.get(k, ())}
            names = ", ".join(toml_string(self.graph.entities[k].label) for k in keys)
            reason = (
                f"{names} {'is' if len(keys) == 1 else 'are'} {toml_string(base.label)} "
                f"({base.type}, {_count(base.paper_count, 'paper')}) with a noun of its kind"
            )
            selectors = tuple(self.selector(k, narrow=False)[0] for k in [base_key, *keys])
            found.append(
                self._make(
                    Rule("merge", selectors, into=base.label),
                    max(len(papers), 1),
                    DOUBT["variant"],
                    [reason],
                    (base_key, *keys),
                )
            )
        return found

    def digit_splits(self) -> list[Suggestion]:
        """split: names a version or a size apart merged into one entity."""
        found = []
        for key, entity in self.graph.entities.items():
            groups: dict[tuple, list[str]] = defaultdict(list)
            for name in (entity.label, *entity.aliases):
                groups[tuple(_DIGITS.findall(name))].append(name)
            if len(groups) < 2 or not any(signature for signature in groups):
                continue
            own = tuple(_DIGITS.findall(entity.label))
            items = self.by_entity.get(key, [])
            texts = Counter(fold(i.mention.text) for i in items)
            senses, moved_papers, counts = [], set(), []
            for signature, names in sorted(groups.items()):
                if signature == own:
                    continue
                folded = folded_names(names)
                uses = dict.fromkeys(names, 0)
                for text, count in texts.items():
                    for name in matched_names(folded, text):
                        uses[name] += count
                if not any(uses.values()):
                    continue
                label = max(sorted(names), key=lambda n: uses[n])
                senses.append(Sense(label, tuple(sorted(names))))
                counts.append(f"{toml_string(label)} ({_count(sum(uses.values()), 'mention')})")
                moved_papers |= {
                    i.paper_key
                    for i in items
                    if next(matched_names(folded, fold(i.mention.text)), None)
                }
            if not senses:
                continue
            selector, narrow = self.selector(key)
            reason = (
                f"{self.describe(key)} merges names a version or a size apart: "
                f"{', '.join(counts)} beside {toml_string(entity.label)}"
            )
            found.append(
                self._make(
                    Rule("split", (selector,), narrow, senses=tuple(senses)),
                    len(moved_papers),
                    DOUBT["digits"],
                    [reason],
                    (key,),
                )
            )
        return found

    def _make(
        self, rule: Rule, papers: int, doubt: float, reasons: list[str], keys: tuple[str, ...]
    ) -> Suggestion:
        return Suggestion(rule, papers, round(min(doubt, 1.0), 3), tuple(reasons), keys)


def _a(kind: str) -> str:
    return {"hardware": "hardware", "software": "software", "organisation": "an organisation"}.get(
        kind, f"a {kind}"
    )


def _looks_like_node_id(label: str) -> bool:
    prefix, colon, _ = label.partition(":")
    return bool(colon) and prefix in ENTITY_TYPES


def suggest(graph: KnowledgeGraph, top: int | None = DEFAULT_TOP) -> list[Suggestion]:
    """The likely errors of a graph, as curation rules, most visible first.

    Parameters
    ----------
    graph : KnowledgeGraph
        A built (or loaded) graph with its mentions.
    top : int or None
        How many to return (None: all).

    Returns
    -------
    list[Suggestion]
        Those about entities the default views show first, then those about entities
        they hide as generic (seen only with ``--include-generic`` and in the RDF); each
        group ranked by papers x doubt (then by rule text, for a stable order). An entity
        is in one suggestion at most (its likeliest), so that the rules apply together.
    """
    candidates = sorted(
        _Suggester(graph).all(), key=lambda s: (-s.score, -s.doubt, s.rule.to_toml())
    )
    chosen: list[Suggestion] = []
    used: set[str] = set()  # entity keys in a chosen suggestion
    for suggestion in candidates:
        keys = [k for k in suggestion.entities if k not in used]
        if suggestion.rule.kind == "merge":
            if suggestion.entities[0] in used or len(keys) < 2:
                continue
            if len(keys) < len(suggestion.entities):
                continue  # a member has a likelier rule of its own; the merge waits for it
        elif len(keys) < len(suggestion.entities):
            continue
        chosen.append(suggestion)
        used.update(suggestion.entities)
    chosen.sort(key=lambda s: _hidden(graph, s))  # stable: by score within each group
    return chosen if top is None else chosen[:top]


def _hidden(graph: KnowledgeGraph, suggestion: Suggestion) -> bool:
    """Whether every entity the suggestion changes is hidden from the default views."""
    return all(graph.entities[key].generic for key in suggestion.entities)


def format_suggestions(
    suggestions: list[Suggestion],
    graph: KnowledgeGraph,
    *,
    graph_name: str = "the graph",
    apply_hint: str | None = None,
) -> str:
    """The suggestions as the text of a curation file.

    Parameters
    ----------
    suggestions : list[Suggestion]
        From ``suggest``, in the order to print.
    graph : KnowledgeGraph
        The graph they are about (for the header and the entities' descriptions).
    graph_name : str
        How the header names the graph (its folder).
    apply_hint : str, optional
        The command that applies the file, for the header.

    Returns
    -------
    str
        A header, then each rule after ``#`` comments that give its rank, papers x doubt and
        evidence; ``kg.link.curation.parse_curation`` reads it as it is.
    """
    entities = len(graph.entities)
    lines = [
        (
            f"# Curation suggestions for {graph_name}: {len(graph.papers):,} papers, "
            f"{entities:,} entities."
        ),
        (
            f"# The {len(suggestions)} likeliest errors, most visible first (papers x doubt; "
            "entities the default views hide last)."
        ),
        "# Each is a rule of a curation file: check its evidence, edit or delete it, then",
        (
            f"# apply the file{': ' + apply_hint if apply_hint else ''} (docs/curation.md "
            "explains the rules)."
        ),
        "",
    ]
    lines = [_one_line(line) for line in lines]
    if not suggestions:
        lines.append("# (no likely errors found)")
    for rank, suggestion in enumerate(suggestions, 1):
        comments = [
            (
                f"# {rank}. {suggestion.rule.kind}: papers x doubt = {suggestion.papers} x "
                f"{suggestion.doubt:.2f} = {suggestion.score:.1f}"
            )
        ]
        if suggestion.rule.kind != "merge" and suggestion.rule.kind != "split":
            comments.append(f"# {_describe(graph, suggestion.entities[0])}")
        if _hidden(graph, suggestion):
            comments.append("#   hidden from the default views already (generic): less seen")
        comments += [f"#   {reason}" for reason in suggestion.reasons]
        lines += [_one_line(comment) for comment in comments]
        lines.append(suggestion.rule.to_toml())
    return "\n".join(lines)


def _one_line(comment: str) -> str:
    """A comment line as it is, with any character that could end it or hide what follows
    (a line break, a control character) written as an escape: a graph's keys, labels and
    folder names are untrusted, and a line break in one would put a live rule in the file."""
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04X}" for ch in comment)


def _describe(graph: KnowledgeGraph, key: str) -> str:
    e = graph.entities[key]
    return (
        f"{toml_string(e.label)} ({e.type}:{key}, {_count(e.paper_count, 'paper')}, "
        f"{_count(e.mention_count, 'mention')})"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
