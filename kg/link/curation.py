"""Curation: a user's corrections of the graph, kept in a TOML file and applied at link time.

A curation file corrects the linked entities without extracting again: ``kg build
--curation FILE`` applies it right after entity resolution, ``kg export OUT --curation
FILE`` re-links a built graph with it. Each rule kind is a TOML array of tables:

.. code-block:: toml

    [[drop]]                       # remove the entity and its mentions
    entity = "Foo Corp"
    reason = "an organisation"     # optional on every rule; kept as provenance

    [[split]]                      # move some of its mentions to new entities (senses)
    entity = "alignment"
    senses = [{ label = "image alignment", surfaces = ["image alignment"] },
              { label = "value alignment", papers = ["0123456789abcdef"], to = "concept" }]

    [[merge]]                      # one node for several entities
    entities = ["X scores", "X"]
    into = "X"                     # the merged node's label

    [[retype]]
    entity = "learning rate"
    to = "concept"

    [[generic]]                    # mark (or, with false, unmark) an umbrella term
    entity = "networks"
    generic = true

    [[rename]]
    entity = "chartmoe"
    label = "ChartMoE"

An entity is selected by its label as the graph shows it, in any case, or by its node id
``<type>:<key>`` (the ``id`` column of entities.csv); ``type = "..."`` narrows a label to
the entities of one type. Rules apply kind by kind in the order above (``RULE_KINDS``), a
kind's rules in file order; a later rule still selects an entity by any label it was known
by (a merged node answers to each member's label), and the new entities a split makes
answer to their sense labels. A rule that selects nothing is reported, not an error: the
graph may have changed since the rule was written. Every entity a rule changes records it
in ``Entity.curation`` (``kg:curation`` in RDF), e.g. ``retype: to concept``.

This module depends on the records only: ``kg.link`` calls ``apply_curation`` just before
it assembles the relations, and ``kg.api.curate`` does the same for a loaded graph.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace

from ..errors import InputError, KgError, UsageError
from ..files import read_user_text
from ..readers.common import clean_text
from ..records import ENTITY_TYPES, RULE_KINDS, CurationLog, Entity, LinkedMention
from ..text.words import shows_text

# The rule kinds, in the order they apply: what is dropped is not split or merged; splits
# come before merges, so that a sense can then be merged; renames come last.
_COMMON_FIELDS = ("type", "reason")
FIELDS = {
    "drop": ("entity",),
    "split": ("entity", "senses"),
    "merge": ("entities", "into"),
    "retype": ("entity", "to"),
    "generic": ("entity", "generic"),
    "rename": ("entity", "label"),
}
SENSE_FIELDS = ("label", "surfaces", "papers", "to")
MAX_FILE_BYTES = 16 * 1024 * 1024
# The longest label, selector or spelling a rule may give: a name, not a page of text.
MAX_TEXT_CHARS = 500


@dataclass(frozen=True)
class Sense:
    """One sense of a split entity: its label, and which mentions it takes: those whose
    text is one of ``surfaces`` (any case; a surface followed by more words also counts:
    "ResNet-50" takes "ResNet-50 (R50)"), and/or those in the papers ``papers`` (paper
    keys); with both, a mention must match both. ``to`` is its type if not the split
    entity's."""

    label: str
    surfaces: tuple[str, ...] = ()
    papers: tuple[str, ...] = ()
    to: str | None = None


@dataclass(frozen=True)
class Rule:
    """One rule of a curation file.

    ``kind`` is one of ``RULE_KINDS``; ``entities`` are its selectors (one, or several
    for ``merge``): labels or node ids. ``type`` narrows label selectors; ``reason`` is
    kept as provenance. The other fields belong to one kind each: ``to`` (retype),
    ``into`` (merge), ``label`` (rename), ``generic`` (generic), ``senses`` (split).
    ``where`` is where the rule was read (``FILE:LINE``), for messages.
    """

    kind: str
    entities: tuple[str, ...]
    type: str | None = None
    reason: str | None = None
    to: str | None = None
    into: str | None = None
    label: str | None = None
    generic: bool = True
    senses: tuple[Sense, ...] = ()
    where: str = ""

    def __post_init__(self) -> None:
        if self.kind not in RULE_KINDS:
            raise KgError(
                f"unknown curation rule kind {self.kind!r} (choose from {', '.join(RULE_KINDS)})"
            )
        if not self.entities or not all(isinstance(e, str) and e.strip() for e in self.entities):
            raise KgError(f"a {self.kind} rule needs entity selectors (non-empty texts)")

    def to_toml(self) -> str:
        """The rule as a TOML array-of-tables entry that ``parse_curation`` reads back."""
        lines = [f"[[{self.kind}]]"]
        if self.kind == "merge":
            lines.append(f"entities = [{', '.join(toml_string(e) for e in self.entities)}]")
            lines.append(f"into = {toml_string(self.into or '')}")
        else:
            lines.append(f"entity = {toml_string(self.entities[0])}")
        if self.type:
            lines.append(f"type = {toml_string(self.type)}")
        if self.kind == "retype":
            lines.append(f"to = {toml_string(self.to or '')}")
        elif self.kind == "rename":
            lines.append(f"label = {toml_string(self.label or '')}")
        elif self.kind == "generic":
            lines.append(f"generic = {'true' if self.generic else 'false'}")
        elif self.kind == "split":
            lines.append("senses = [")
            for sense in self.senses:
                parts = [f"label = {toml_string(sense.label)}"]
                if sense.surfaces:
                    parts.append(
                        f"surfaces = [{', '.join(toml_string(s) for s in sense.surfaces)}]"
                    )
                if sense.papers:
                    parts.append(f"papers = [{', '.join(toml_string(p) for p in sense.papers)}]")
                if sense.to:
                    parts.append(f"to = {toml_string(sense.to)}")
                lines.append(f"  {{ {', '.join(parts)} }},")
            lines.append("]")
        if self.reason:
            lines.append(f"reason = {toml_string(self.reason)}")
        return "\n".join(lines) + "\n"

    def describe(self) -> str:
        """Short text naming the rule: ``[[drop]] entity = "Foo Corp"``."""
        if self.kind == "merge":
            return f"[[merge]] entities = [{', '.join(toml_string(e) for e in self.entities)}]"
        narrowed = f" (type {self.type})" if self.type else ""
        return f"[[{self.kind}]] entity = {toml_string(self.entities[0])}{narrowed}"


@dataclass(frozen=True)
class Curation:
    """The rules of a curation file, in the order they apply (``RULE_KINDS``, then file
    order); ``source`` is the file they came from."""

    rules: tuple[Rule, ...] = ()
    source: str = "<curation>"

    def counts(self) -> dict[str, int]:
        """Rules per kind, in ``RULE_KINDS`` order, kinds without rules left out."""
        counts = Counter(rule.kind for rule in self.rules)
        return {kind: counts[kind] for kind in RULE_KINDS if counts[kind]}

    def to_toml(self) -> str:
        """The whole file as TOML (rules only; comments are not kept)."""
        return "\n".join(rule.to_toml() for rule in self.rules)


# --- reading ------------------------------------------------------------------------------


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (quoted, with escapes)."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


_TOML_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def load_curation(path: str | os.PathLike) -> Curation:
    """Read and check a curation file.

    Parameters
    ----------
    path : str or os.PathLike
        A TOML file of curation rules (see the module's documentation or docs/curation.md).

    Returns
    -------
    Curation
        Its rules, in the order they apply.

    Raises
    ------
    kg.InputError
        The file cannot be read, is not TOML, or a rule is malformed; the message is one
        line naming the file (and the rule's line where TOML tells it).
    """
    if not isinstance(path, (str, os.PathLike)) or not os.fspath(path):
        raise UsageError(f"curation must be the path of a curation file, not {path!r:.60}")
    where = os.fspath(path)
    text = read_user_text(where, limit=MAX_FILE_BYTES, what="curation file")
    return parse_curation(text, where)


def parse_curation(text: str, source: str = "<curation>") -> Curation:
    """The rules of a curation file's text.

    Parameters
    ----------
    text : str
        TOML text of curation rules.
    source : str
        Name used in messages (the file's path).

    Returns
    -------
    Curation

    Raises
    ------
    kg.InputError
        Not TOML, an unknown rule kind or field, a missing or ill-typed field.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"not valid TOML ({err})", source) from None
    except RecursionError:  # the parser recurses into each nested array or table
        raise InputError(
            "not a curation file: arrays or tables nested too deeply", source
        ) from None
    unknown = [k for k in data if k not in RULE_KINDS]
    if unknown:
        raise InputError(
            f"unknown rule kind {unknown[0]!r} (the kinds are "
            f"{', '.join(RULE_KINDS)}, each written [[kind]])",
            source,
        )
    rules = []
    for kind in RULE_KINDS:
        tables = data.get(kind, [])
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            raise InputError(f"{kind} must be an array of tables, each written [[{kind}]]", source)
        lines = _header_lines(text, kind)
        for number, table in enumerate(tables, 1):
            line = lines[number - 1] if len(lines) == len(tables) else None
            where = f"{source}:{line}" if line else f"{source} ({kind} rule {number})"
            rules.append(_rule(kind, table, where))
    return Curation(tuple(rules), source)


def _header_lines(text: str, kind: str) -> list[int]:
    """The line numbers of the ``[[kind]]`` headers, counted in one pass (a count from the
    start for each header made a file of many rules quadratic)."""
    pattern = re.compile(rf"^[ \t]*\[\[[ \t]*{kind}[ \t]*\]\]", re.MULTILINE)
    lines, line, counted = [], 1, 0
    for found in pattern.finditer(text):
        line += text.count("\n", counted, found.start())
        counted = found.start()
        lines.append(line)
    return lines


def _rule(kind: str, table: dict, location: str) -> Rule:
    where = f"{location}: [[{kind}]]"  # in messages
    allowed = FIELDS[kind] + _COMMON_FIELDS
    for name in table:
        if name not in allowed:
            raise InputError(
                f"{where}: unknown field {name!r} (a {kind} rule takes {', '.join(allowed)})"
            )
    for name in FIELDS[kind]:
        if name not in table and not (kind == "generic" and name == "generic"):
            raise InputError(f"{where}: {name!r} is missing")
    entity_type = table.get("type")
    if entity_type is not None and entity_type not in ENTITY_TYPES:
        raise InputError(
            f"{where}: type must be one of {', '.join(ENTITY_TYPES)}, not {entity_type!r:.60}"
        )
    reason = _text(table, "reason", where) if "reason" in table else None
    if kind == "merge":
        entities = _texts(table, "entities", where)
        if len(entities) < 2:
            raise InputError(f"{where}: 'entities' must list two or more entities to merge")
        return Rule(
            kind,
            tuple(entities),
            entity_type,
            reason,
            into=_text(table, "into", where),
            where=location,
        )
    entity = (_text(table, "entity", where),)
    if kind == "retype":
        to = table["to"]
        if to not in ENTITY_TYPES:
            raise InputError(
                f"{where}: 'to' must be one of {', '.join(ENTITY_TYPES)}, not {to!r:.60}"
            )
        return Rule(kind, entity, entity_type, reason, to=to, where=location)
    if kind == "rename":
        return Rule(
            kind, entity, entity_type, reason, label=_text(table, "label", where), where=location
        )
    if kind == "generic":
        generic = table.get("generic", True)
        if not isinstance(generic, bool):
            raise InputError(f"{where}: 'generic' must be true or false, not {generic!r:.60}")
        return Rule(kind, entity, entity_type, reason, generic=generic, where=location)
    if kind == "split":
        return Rule(
            kind,
            entity,
            entity_type,
            reason,
            senses=_senses(table["senses"], where),
            where=location,
        )
    return Rule(kind, entity, entity_type, reason, where=location)


def _text(table: dict, name: str, where: str) -> str:
    """A text field, cleaned as input text is (controls, noncharacters and runs of spaces
    gone: a label reaches terminals, tables and pages)."""
    value = table[name]
    cleaned = clean_text(value) if isinstance(value, str) else ""
    if not shows_text(cleaned):  # (zero-width characters only: a label no one can see)
        raise InputError(f"{where}: {name!r} must be a non-empty text, not {value!r:.60}")
    if len(cleaned) > MAX_TEXT_CHARS:
        raise InputError(f"{where}: {name!r} is longer than {MAX_TEXT_CHARS} characters")
    return cleaned


def _texts(table: dict, name: str, where: str) -> list[str]:
    values = table[name]
    if not isinstance(values, list) or not all(
        isinstance(v, str) and clean_text(v) for v in values
    ):
        raise InputError(f"{where}: {name!r} must be a list of non-empty texts, not {values!r:.60}")
    if any(len(clean_text(v)) > MAX_TEXT_CHARS for v in values):
        raise InputError(f"{where}: {name!r} holds a text longer than {MAX_TEXT_CHARS} characters")
    return [clean_text(v) for v in values]


def _senses(values, where: str) -> tuple[Sense, ...]:
    if not isinstance(values, list) or not values or not all(isinstance(v, dict) for v in values):
        raise InputError(
            f"{where}: 'senses' must be a list of one or more tables "
            "({ label = ..., surfaces = [...], papers = [...] })"
        )
    senses = []
    for number, table in enumerate(values, 1):
        here = f"{where} sense {number}"
        unknown = [k for k in table if k not in SENSE_FIELDS]
        if unknown:
            raise InputError(
                f"{here}: unknown field {unknown[0]!r} (a sense takes {', '.join(SENSE_FIELDS)})"
            )
        if "label" not in table:
            raise InputError(f"{here}: 'label' is missing")
        surfaces = _texts(table, "surfaces", here) if "surfaces" in table else []
        papers = (
            [p.removeprefix("paper:") for p in _texts(table, "papers", here)]
            if "papers" in table
            else []
        )
        if not surfaces and not papers:
            raise InputError(
                f"{here}: give 'surfaces', 'papers' or both: which mentions the sense takes"
            )
        to = table.get("to")
        if to is not None and to not in ENTITY_TYPES:
            raise InputError(
                f"{here}: 'to' must be one of {', '.join(ENTITY_TYPES)}, not {to!r:.60}"
            )
        senses.append(Sense(_text(table, "label", here), tuple(surfaces), tuple(papers), to))
    return tuple(senses)


# --- applying -----------------------------------------------------------------------------


def fold(text: str) -> str:
    """How labels and surfaces are compared: NFKC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


# How a retype is recorded in ``Entity.curation`` ("retype: to concept").
RETYPE_STEP = "retype: to "


def retyped(entity: Entity) -> bool:
    """Whether a curation rule retyped ``entity``."""
    return any(step.startswith(RETYPE_STEP) for step in entity.curation)


def folded_names(names: Iterable[str]) -> dict[str, list[str]]:
    """``names`` by their folded form (``fold``), for ``matched_surfaces``."""
    folded: dict[str, list[str]] = defaultdict(list)
    for name in names:
        folded[fold(name)].append(name)
    return folded


def matched_names(folded: Mapping[str, list[str]], text: str) -> Iterator[str]:
    """The names of ``folded`` (``folded_names``) that the folded mention ``text`` is or
    starts with (``matched_surfaces``)."""
    for surface, _ in matched_surfaces(folded, text):
        yield from folded[surface]


def matched_surfaces(surfaces: Container[str], text: str) -> Iterator[tuple[str, int]]:
    """The (folded) ``surfaces`` the folded mention ``text`` is (level 2) or starts with,
    followed by a space (level 1: "ResNet-50 (R50)" for "ResNet-50"). Each is looked up:
    a rule of a million surfaces costs no more per mention than one of a few."""
    if text in surfaces:
        yield text, 2
    at = text.find(" ")
    while at != -1:
        if text[:at] in surfaces:
            yield text[:at], 1
        at = text.find(" ", at + 1)


def apply_curation(
    entities: Mapping[str, Entity], linked: Iterable[LinkedMention], curation: Curation
) -> tuple[dict[str, Entity], list[LinkedMention], CurationLog]:
    """Apply a curation to resolved entities and their linked mentions.

    Parameters
    ----------
    entities : Mapping[str, Entity]
        Entities by key, as entity resolution (or ``kg.load``) gives them.
    linked : Iterable[LinkedMention]
        Every mention resolved to its entity.
    curation : Curation
        The rules (``load_curation``).

    Returns
    -------
    entities : dict[str, Entity]
        The curated entities by key, sorted by key. Keys of entities no rule touched are
        unchanged; a merged node keeps the key of the member it is named after (else of
        the member with most mentions); a sense split off gets ``<key>~<label letters>``.
        Merged and split entities have their paper and mention counts and aliases
        recomputed; each entity a rule changed records it in ``curation``.
    linked : list[LinkedMention]
        The mentions, re-pointed to the curated entities (dropped entities' mentions gone).
    log : CurationLog
        Rules applied per kind, and those that selected nothing.
    """
    if not isinstance(curation, Curation):
        raise UsageError(
            f"curation must be a kg.link.curation.Curation, not {type(curation).__name__}"
        )
    curator = _Curator(entities, linked)
    for rule in curation.rules:
        if rule.kind not in ("rename", "merge"):
            curator.write_aliases()  # the other rules read them
        getattr(curator, "_" + rule.kind)(rule)
    return curator.result()


class _Curator:
    """The state of a curation being applied: entities, mentions and who answers to what."""

    def __init__(self, entities: Mapping[str, Entity], linked: Iterable[LinkedMention]) -> None:
        self.entities: dict[str, Entity] = dict(entities)
        self.original_type = {key: e.type for key, e in self.entities.items()}
        self.mentions: list[LinkedMention] = list(linked)
        self.dropped: set[int] = set()  # indexes of mentions left out of the result
        self.of: dict[str, list[int]] = defaultdict(list)  # entity key -> mention indexes
        for index, item in enumerate(self.mentions):
            self.of[item.entity_key].append(index)
        self.names: dict[str, set[str]] = {}  # entity key -> folded labels it answers to
        self.index: dict[str, set[str]] = defaultdict(set)  # folded label -> entity keys
        for key, entity in self.entities.items():
            self._answer(key, entity.label)
        self.moved: dict[str, str | None] = {}  # key -> the key that took it over (None: gone)
        self.recount: set[str] = set()
        self.log = CurationLog()
        # entity key -> its aliases as renames and merges in a row leave them, and its
        # curation steps, until ``write_aliases`` (thousands of renames of one entity, or
        # merges into it, each sorting them again, took quadratic time)
        self.renamed: dict[str, set[str]] = {}
        self.steps: dict[str, dict[str, None]] = {}

    def write_aliases(self) -> None:
        """Give each entity renamed or merged into since the last call its aliases, sorted,
        and each entity a rule changed its curation steps."""
        for key, aliases in self.renamed.items():
            if key in self.entities:
                self.entities[key] = replace(self.entities[key], aliases=tuple(sorted(aliases)))
        self.renamed.clear()
        for key, steps in self.steps.items():
            if key in self.entities:
                self.entities[key] = replace(self.entities[key], curation=tuple(steps))
        self.steps.clear()

    def _aliases(self, key: str) -> set[str]:
        """Entity ``key``'s aliases as the rules so far leave them, to change in place."""
        return self.renamed.setdefault(key, set(self.entities[key].aliases))

    def _steps(self, key: str) -> dict[str, None]:
        """Entity ``key``'s curation steps so far, in order, to add to in place."""
        return self.steps.setdefault(key, dict.fromkeys(self.entities[key].curation))

    # selection ----------------------------------------------------------------------------

    def _answer(self, key: str, label: str) -> None:
        name = fold(label)
        self.names.setdefault(key, set()).add(name)
        self.index[name].add(key)

    def _forget(self, key: str) -> None:
        for name in self.names.pop(key, ()):
            self.index[name].discard(key)
        del self.entities[key]

    def _current(self, key: str) -> str | None:
        seen = set()
        while key in self.moved and key not in seen:
            seen.add(key)
            successor = self.moved[key]
            if successor is None:
                return None
            key = successor
        return key if key in self.entities else None

    def select(self, rule: Rule, selector: str) -> list[str]:
        """Keys of the entities ``selector`` names now (a node id first, then a label), of
        the rule's ``type`` where it gives one."""
        prefix, colon, rest = selector.partition(":")
        if colon and prefix in ENTITY_TYPES:
            key = self._current(rest)
            if key is not None and prefix in (
                self.entities[key].type,
                self.original_type.get(rest),
            ):
                return [key] if rule.type in (None, self.entities[key].type) else []
        keys = sorted(self.index.get(fold(selector), ()))
        return [k for k in keys if rule.type in (None, self.entities[k].type)]

    def select_all(self, rule: Rule) -> list[str]:
        keys = []
        for selector in rule.entities:
            keys += [k for k in self.select(rule, selector) if k not in keys]
        return keys

    def _unmatched(self, rule: Rule, what: str = "selects no entity") -> None:
        self.log.unmatched.append(f"{_at(rule)}{rule.describe()} {what}")

    def _applied(self, rule: Rule) -> None:
        self.log.applied[rule.kind] = self.log.applied.get(rule.kind, 0) + 1

    def _selected(self, rule: Rule) -> list[str]:
        """The keys ``rule`` selects, counted as applied, or [] counted as selecting nothing."""
        keys = self.select_all(rule)
        if keys:
            self._applied(rule)
        else:
            self._unmatched(rule)
        return keys

    def _record(self, key: str, rule: Rule, step: str, **changes) -> None:
        """Change entity ``key`` and record the rule in its provenance."""
        text = f"{step}; reason: {rule.reason}" if rule.reason else step
        self._steps(key)[text] = None
        if changes:
            self.entities[key] = replace(self.entities[key], **changes)

    # the rules, one method per kind --------------------------------------------------------

    def _drop(self, rule: Rule) -> None:
        for key in self._selected(rule):
            entity = self.entities[key]
            reason = f" ({rule.reason})" if rule.reason else ""
            self.log.dropped.append(f"{entity.type}:{key} {toml_string(entity.label)}{reason}")
            self.dropped.update(self.of.pop(key, ()))
            self._forget(key)
            self.moved[key] = None
            self.recount.discard(key)

    def _split(self, rule: Rule) -> None:
        keys = self.select_all(rule)
        if not keys:
            return self._unmatched(rule)
        moved_any = False
        taken = [0] * len(rule.senses)
        for key in keys:
            moved_any |= self._split_one(key, rule, taken)
        if not moved_any:
            return self._unmatched(rule, "moves no mention (no mention matches its senses)")
        self._applied(rule)
        for sense, count in zip(rule.senses, taken):
            if not count:
                self.log.notes.append(
                    f"{_at(rule)}{rule.describe()}: sense "
                    f"{toml_string(sense.label)} takes no mention"
                )

    def _split_one(self, key: str, rule: Rule, taken: list[int]) -> bool:
        entity = self.entities[key]
        surfaces = [frozenset(fold(s) for s in sense.surfaces) for sense in rule.senses]
        papers = [set(sense.papers) for sense in rule.senses]
        buckets: list[list[int]] = [[] for _ in rule.senses]
        remaining: list[int] = []
        for index in self.of.get(key, ()):
            item = self.mentions[index]
            text = fold(item.mention.text)
            best, best_level = None, 0
            for number in range(len(rule.senses)):
                if papers[number] and item.paper_key not in papers[number]:
                    continue
                level = (
                    max((level for _, level in matched_surfaces(surfaces[number], text)), default=0)
                    if surfaces[number]
                    else 2
                )
                if level > best_level:
                    best, best_level = number, level
            (buckets[best] if best is not None else remaining).append(index)
        if not any(buckets):
            return False
        names = (entity.label, *entity.aliases)
        moved_to = []
        for number, (sense, indexes) in enumerate(zip(rule.senses, buckets)):
            if not indexes:
                continue
            taken[number] += len(indexes)
            sense_type = sense.to or entity.type
            target = self._sense_target(key, sense.label, sense_type)
            if target is None:  # a new entity
                target = self._new_key(key, sense.label)
                self.entities[target] = Entity(key=target, type=sense_type, label=sense.label)
                self._answer(target, sense.label)
                self._record(target, rule, f"split: from {toml_string(entity.label)}")
            else:  # an entity of that name and type already: the mentions join it
                self._record(target, rule, f"split: mentions from {toml_string(entity.label)}")
            for index in indexes:
                self.mentions[index] = replace(self.mentions[index], entity_key=target)
            self.of[target].extend(indexes)
            aliases = set(self.entities[target].aliases) | self._names_used(names, indexes)
            self.entities[target] = replace(
                self.entities[target],
                aliases=tuple(sorted(aliases - {self.entities[target].label})),
            )
            self.recount.add(target)
            moved_to.append(toml_string(self.entities[target].label))
        self.of[key] = remaining
        if not remaining:  # every mention went to a sense: the entity is gone
            self._forget(key)
            self.moved[key] = None
            self.recount.discard(key)
            return True
        kept = self._names_used(names, remaining) - {entity.label}
        moved = sum(len(bucket) for bucket in buckets)
        self._record(
            key,
            rule,
            f"split: {moved} mention{'' if moved == 1 else 's'} moved to {', '.join(moved_to)}",
            aliases=tuple(sorted(kept)),
            abbreviation=entity.abbreviation
            if entity.abbreviation in kept | {entity.label}
            else None,
        )
        self.recount.add(key)
        return True

    def _names_used(self, names: Iterable[str], indexes: list[int]) -> set[str]:
        """Those of ``names`` (a split entity's label and aliases) that the mentions use."""
        folded = folded_names(names)
        texts = {fold(self.mentions[i].mention.text) for i in indexes}
        return {name for text in texts for name in matched_names(folded, text)}

    def _sense_target(self, key: str, label: str, entity_type: str) -> str | None:
        same = sorted(
            k
            for k in self.index.get(fold(label), ())
            if k != key
            and self.entities[k].type == entity_type
            and fold(self.entities[k].label) == fold(label)
        )
        return same[0] if same else None

    def _new_key(self, key: str, label: str) -> str:
        letters = "".join(ch for ch in fold(label) if ch.isalnum()) or "sense"
        candidate, number = f"{key}~{letters}", 1
        while candidate in self.entities or candidate in self.moved:
            number += 1
            candidate = f"{key}~{letters}{number}"
        return candidate

    def _merge(self, rule: Rule) -> None:
        keys = self.select_all(rule)
        if len(keys) < 2:
            found = ", ".join(toml_string(self.entities[k].label) for k in keys)
            return self._unmatched(
                rule,
                f"selects {'only ' + found if keys else 'no entity'}; a merge needs two or more",
            )
        self._applied(rule)
        assert rule.into is not None  # a merge names its node (parse_curation checks)
        into = fold(rule.into)
        named = [k for k in keys if fold(self.entities[k].label) == into]
        survivor = named[0] if named else min(keys, key=lambda k: (-len(self.of.get(k, ())), k))
        members = [self.entities[k] for k in keys]
        votes: Counter = Counter()
        for entity in members:
            votes[entity.type] += max(len(self.of.get(entity.key, ())), 1)
        kept = self.entities[survivor]
        entity_type = max(ENTITY_TYPES, key=lambda t: (votes[t], t == kept.type))
        # the survivor's aliases and steps grow in place: what the others add, not all again
        aliases, steps = self._aliases(survivor), self._steps(survivor)
        aliases.add(kept.label)
        for key in keys:
            if key != survivor:
                aliases.add(self.entities[key].label)
                aliases.update(self._aliases(key))
                steps.update(self._steps(key))
                self.renamed.pop(key, None)
                self.steps.pop(key, None)
        aliases.discard(rule.into)
        abbreviation = kept.abbreviation or next(
            (e.abbreviation for e in members if e.abbreviation), None
        )
        for key in keys:
            if key == survivor:
                continue
            for index in self.of.pop(key, ()):
                self.mentions[index] = replace(self.mentions[index], entity_key=survivor)
                self.of[survivor].append(index)
            names = self.names.get(key, set())
            self._forget(key)
            for name in names:
                self.names[survivor].add(name)
                self.index[name].add(survivor)
            self.moved[key] = survivor
            self.recount.discard(key)
        self._answer(survivor, rule.into)
        self._record(
            survivor,
            rule,
            "merge: " + ", ".join(toml_string(e.label) for e in members),
            label=rule.into,
            type=entity_type,
            abbreviation=abbreviation,
        )
        self.recount.add(survivor)

    def _retype(self, rule: Rule) -> None:
        for key in self._selected(rule):
            if self.entities[key].type != rule.to:
                self._record(key, rule, f"{RETYPE_STEP}{rule.to}", type=rule.to)

    def _generic(self, rule: Rule) -> None:
        for key in self._selected(rule):
            if self.entities[key].generic != rule.generic:
                self._record(
                    key,
                    rule,
                    f"generic: {'true' if rule.generic else 'false'}",
                    generic=rule.generic,
                )

    def _rename(self, rule: Rule) -> None:
        for key in self._selected(rule):
            entity = self.entities[key]
            if entity.label == rule.label:
                continue
            assert rule.label is not None  # a rename has a label (parse_curation checks)
            aliases = self._aliases(key)
            aliases.add(entity.label)
            aliases.discard(rule.label)
            self._record(key, rule, f"rename: from {toml_string(entity.label)}", label=rule.label)
            self._answer(key, rule.label)

    # the result ---------------------------------------------------------------------------

    def result(self) -> tuple[dict[str, Entity], list[LinkedMention], CurationLog]:
        self.write_aliases()
        for key in sorted(self.recount):
            if key not in self.entities:
                continue
            unique: dict[tuple, int] = {}
            for index in sorted(self.of.get(key, ())):
                m = self.mentions[index]
                span = (m.paper_key, m.mention.field, m.mention.start, m.mention.end)
                if span in unique:  # two merged entities had a mention of one span
                    self.dropped.add(index)
                else:
                    unique[span] = index
            self.of[key] = list(unique.values())
            self.entities[key] = replace(
                self.entities[key],
                mention_count=len(unique),
                paper_count=len({span[0] for span in unique}),
            )
        entities = dict(sorted(self.entities.items()))
        mentions = [item for i, item in enumerate(self.mentions) if i not in self.dropped]
        return entities, mentions, self.log


def _at(rule: Rule) -> str:
    return f"{rule.where}: " if rule.where else ""


def as_curation(curation: Curation | str | os.PathLike) -> Curation:
    """A ``Curation`` as it is, or the one a file holds (``load_curation``)."""
    return curation if isinstance(curation, Curation) else load_curation(curation)
