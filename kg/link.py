"""Linker: merge surface variants into canonical entities and connect them to papers.

Merge rules, applied to every mention:

1. lexicon aliases map to their canonical name ("Transformers" -> "Transformer");
2. an abbreviation maps to its long form when defined in the same paper, or, if it is
   used bare, when the corpus defines it one way only ("NC" defined two ways stays "NC");
3. otherwise the normalised text is the key: case-folded, hyphens, spaces and quotes
   dropped, leading determiners / evaluative words removed, last word singularised.

Digits are kept, so "GPT-3" != "GPT-4" and "ResNet-50" != "ResNet-18".

Mentions of a lone word that says nothing by itself ("Code", "training", "parameters")
stay in the extraction's output but make no entity: they would only be hubs of noise.

Umbrella terms ("neural networks", "deep learning", "large language models"; the list is
``kg/data/umbrella_terms.txt``) are kept and typed but marked ``generic``, and rankings
leave them out by default. ``broader`` relations (``skos:broader``) join a name to the
nearest entity of its type that its last words name: "deep neural networks" ->
"neural networks", "image classification" -> "classification".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable, Mapping

from .extract.abbreviations import is_short_form
from .extract.lexicon import load_lexicon
from .extract.rules import head_type, is_name_like, singular
from .extract.vocabulary import DATASET_WORDS, LEADING_NOISE, NOT_DATASETS, SINGLE_WORD_NOISE
from .rdf.terms import BROADER, PROPOSES, RELATION_BY_TYPE
from .records import (ENTITY_TYPES, Entity, LinkedMention, LinkResult, Paper, PaperExtraction,
                      Relation, mention_order)

# Kind words dropped after a name: "the ChartMoE framework" is ChartMoE.
KIND_WORDS = frozenset({"method", "framework", "approach", "model", "algorithm", "technique",
                        "architecture", "system", "module", "strategy", "scheme", "pipeline", "toolkit"})
# A bare abbreviation takes the corpus-wide long form only if this share of its
# definitions agree.
UNAMBIGUOUS_SHARE = 0.75
_DROP = re.compile(r"[^\w+#@]|_", re.UNICODE)
_PARENTHESISED = re.compile(r"\s*\([^()]*\)")


def normalise(text: str) -> str:
    """Merge key of a surface form: "the Large-Language Models" -> "largelanguagemodel"."""
    text = unicodedata.normalize("NFKC", text).strip()
    words = text.split()
    while len(words) > 1 and words[0].lower() in LEADING_NOISE:
        words = words[1:]
    if words:
        words[-1] = _singular_last(words[-1].rstrip("~.,;:!?)]}'\"’”"))
    return _DROP.sub("", " ".join(words).casefold())


def surface_form(text: str, label: str | None = None) -> str:
    """A mention's name without parenthesised parts: "hidden Markov models (HMMs)" ->
    "hidden Markov models", "KDS (Knowledge Delivery System)" -> "KDS" (which the paper's
    abbreviation definition then expands); a dataset without its kind: "ChartQA benchmark"
    -> "ChartQA"; a name without its kind: "ChartMoE framework" -> "ChartMoE"."""
    words = _PARENTHESISED.sub(" ", text).split() or text.split()
    if label == "dataset" and len(words) > 1 and words[-1].lower() in DATASET_WORDS:
        words = words[:-1]
    elif len(words) > 1 and singular(words[-1]) in KIND_WORDS and is_name_like(words[-2]):
        words = words[:-1]  # "the ChartMoE framework", "X-Gaussian model": the name alone
    return " ".join(words) or text


@lru_cache(maxsize=1)
def umbrella_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """(merge keys of umbrella terms, lower-cased vague modifiers) from ``umbrella_terms.txt``."""
    sections: dict[str, set[str]] = {"terms": set(), "modifiers": set()}
    current = None
    for line in resources.files("kg").joinpath("data/umbrella_terms.txt").read_text("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections[line[1:-1]]
        elif current is not None:
            current.add(line)
    return (frozenset(normalise(t) for t in sections["terms"]),
            frozenset(m.lower() for m in sections["modifiers"]))


def is_umbrella(name: str) -> bool:
    """An umbrella term, possibly after vague modifiers: "deep neural networks", "LLMs",
    "large pre-trained language models"; not "graph neural networks"."""
    terms, modifiers = umbrella_vocabulary()
    words = name.split()
    while len(words) > 1 and words[0].lower() in modifiers:
        words = words[1:]
    return normalise(" ".join(words)) in terms


def _singular_last(word: str) -> str:
    # Only the part after the last hyphen inflects: "state-space models" -> "state-space model".
    prefix, dash, last = word.rpartition("-")
    return f"{prefix}{dash}{singular(last)}" if last else word


@dataclass
class _EntityDraft:
    type_votes: Counter = field(default_factory=Counter)
    surfaces: Counter = field(default_factory=Counter)
    long_surfaces: Counter = field(default_factory=Counter)
    short_surfaces: Counter = field(default_factory=Counter)
    papers: set = field(default_factory=set)
    mentions: int = 0
    canonical_name: str | None = None


def lexicon_keys(extra_files: tuple[str, ...] = ()) -> dict[str, tuple[str, str]]:
    """Merge key of every lexicon name and alias -> (canonical key, canonical name)."""
    keys = {}
    for entry in load_lexicon(extra_files):
        canonical = normalise(entry.name)
        for name in (entry.name, *entry.aliases):
            keys.setdefault(normalise(name), (canonical, entry.name))
    return keys


def abbreviation_senses(extractions: Iterable[PaperExtraction]) -> dict[str, Counter]:
    """Short-form key -> Counter of long-form keys over all definitions in the corpus."""
    senses: dict[str, Counter] = defaultdict(Counter)
    for extraction in extractions:
        for abbreviation in extraction.abbreviations:
            senses[normalise(abbreviation.short)][normalise(abbreviation.long)] += 1
    return senses


def unambiguous_expansions(senses: dict[str, Counter]) -> dict[str, str]:
    """Short-form key -> long-form key, for abbreviations the corpus uses one way."""
    expansions = {}
    for short, longs in senses.items():
        long_key, count = longs.most_common(1)[0]
        if count / sum(longs.values()) >= UNAMBIGUOUS_SHARE:
            expansions[short] = long_key
    return expansions


def link(extractions: list[PaperExtraction], papers: Mapping[str, Paper] | None = None, *,
         lexicon_files: tuple[str, ...] = ()) -> LinkResult:
    """Canonical entities and typed relations for a whole corpus.

    With ``papers`` (key -> Paper) the sentences are read again for entity->entity
    relations; without, only paper->entity relations are made. ``lexicon_files`` are users'
    lexicons, as given to the extraction.
    """
    lexicon = lexicon_keys(tuple(lexicon_files))
    global_expansions = unambiguous_expansions(abbreviation_senses(extractions))
    drafts: dict[str, _EntityDraft] = defaultdict(_EntityDraft)
    linked: list[LinkedMention] = []

    for extraction in extractions:
        local = {normalise(a.short): normalise(a.long) for a in extraction.abbreviations}
        long_surface_of = {normalise(a.short): a.long for a in extraction.abbreviations}
        for mention in extraction.mentions:
            surface = surface_form(mention.text, mention.label)
            surface_key = normalise(surface)
            if not surface_key or (" " not in surface and singular(surface) in SINGLE_WORD_NOISE):
                continue
            key, is_short = surface_key, False
            if surface_key in local:
                key, is_short = local[surface_key], True
            elif is_short_form(surface) and surface_key in global_expansions:
                key, is_short = global_expansions[surface_key], True
            canonical_name = None
            if key in lexicon:
                key, canonical_name = lexicon[key]
            draft = drafts[key]
            draft.canonical_name = draft.canonical_name or canonical_name
            draft.type_votes[mention.label] += mention.score
            draft.surfaces[surface] += 1
            if is_short:
                draft.short_surfaces[surface] += 1
                if surface_key in long_surface_of:
                    draft.long_surfaces[long_surface_of[surface_key]] += 1
            else:
                draft.long_surfaces[surface] += 1
            draft.papers.add(extraction.paper_key)
            draft.mentions += 1
            linked.append(LinkedMention(extraction.paper_key, key, mention))

    entities = {key: _finish(key, draft) for key, draft in sorted(drafts.items())}
    return assemble(entities, linked, papers)


def assemble(entities: dict[str, Entity], linked: list[LinkedMention],
             papers: Mapping[str, Paper] | None = None) -> LinkResult:
    """The relations of resolved entities and their linked mentions: paper -> entity edges,
    ``broader`` edges and, with ``papers``, entity -> entity relations read from sentences."""
    linked = sorted(linked, key=mention_order)  # the order kg.load restores; evidence indexes refer to it
    between = entity_relations(linked, entities, papers) if papers is not None else []
    between = sorted(between + broader_relations(entities), key=lambda r: (r.subject, r.predicate, r.object))
    return LinkResult(entities, paper_relations(linked, entities), linked, between)


def broader_relations(entities: dict[str, Entity]) -> list[Relation]:
    """``broader`` edges from a multi-word name to the longest entity of the same type
    that its last words name ("deep neural networks" -> "neural networks")."""
    relations = []
    for key, entity in entities.items():
        words = entity.label.split()
        for start in range(1, len(words)):
            candidate = normalise(" ".join(words[start:]))
            target = entities.get(candidate)
            if target is not None and candidate != key and target.type == entity.type:
                relations.append(Relation(key, BROADER, candidate))
                break
    return relations


def _finish(key: str, draft: _EntityDraft) -> Entity:
    entity_type = max(ENTITY_TYPES, key=lambda t: (draft.type_votes[t], -ENTITY_TYPES.index(t)))
    label = draft.canonical_name or _most_informative(draft.long_surfaces or draft.surfaces)
    if entity_type == "dataset" and not draft.canonical_name:
        entity_type = _checked_dataset_type(label)
    short = draft.short_surfaces.most_common(1)[0][0] if draft.short_surfaces else None
    aliases = tuple(sorted(set(draft.surfaces) - {label}))
    generic = key in umbrella_vocabulary()[0] or is_umbrella(label)
    return Entity(key=key, type=entity_type, label=label, aliases=aliases, abbreviation=short,
                  paper_count=len(draft.papers), mention_count=draft.mentions, generic=generic)


_NOT_A_NAME = re.compile(r"[{}=\\_^]|,\s*dots")


def _checked_dataset_type(label: str) -> str:
    """A dataset's type checked by its name: a model's name or head word makes it a method
    ("Japanese Math LLM", "LoRA+", "English RoBERTa"), software or an organisation
    ("CUDA", "GitHub") or a formula fragment a concept."""
    words = label.split()
    if label.lower() in NOT_DATASETS or _NOT_A_NAME.search(label):
        return "concept"
    methods = _lexicon_method_keys()
    if head_type(words) == "method" or any(normalise(w.rstrip("+")) in methods for w in words):
        return "method"
    return "dataset"


@lru_cache(maxsize=1)
def _lexicon_method_keys() -> frozenset[str]:
    return frozenset(normalise(name) for entry in load_lexicon() if entry.type == "method"
                     for name in (entry.name, *entry.aliases))


def _most_informative(surfaces: Counter) -> str:
    """Most frequent spelling (ignoring case), written as in running text.

    Title-cased forms ("Deep Neural Networks") come from titles; a form used mid-sentence
    ("deep neural networks") is preferred when there is one. Ties: longer, then alphabetical.
    """
    by_folded: Counter = Counter()
    for surface, count in surfaces.items():
        by_folded[surface.casefold()] += count
    best = max(by_folded, key=lambda f: (by_folded[f], len(f), f))
    spellings = [s for s in surfaces if s.casefold() == best]
    return max(spellings, key=lambda s: (not _title_cased(s), surfaces[s], s))


def _title_cased(text: str) -> bool:
    words = [w for w in re.split(r"[\s-]+", text) if w[:1].isalpha()]
    return len(words) > 1 and all(w[0].isupper() and w[1:] == w[1:].lower() for w in words)


def paper_relations(linked: list[LinkedMention], entities: dict[str, Entity]) -> list[Relation]:
    """One relation per (paper, entity), typed by the entity's type; evidence = mention
    indexes. Ordered by paper, predicate and entity."""
    evidence: dict[tuple[str, str], list[int]] = defaultdict(list)
    proposed: set[tuple[str, str]] = set()
    for index, item in enumerate(linked):
        pair = (item.paper_key, item.entity_key)
        evidence[pair].append(index)
        if item.mention.proposed:
            proposed.add(pair)
    relations = []
    for (paper, entity_key), indexes in evidence.items():
        predicate = PROPOSES if (paper, entity_key) in proposed \
            else RELATION_BY_TYPE[entities[entity_key].type]
        relations.append(Relation(paper, predicate, entity_key, tuple(indexes)))
    return sorted(relations, key=lambda r: (r.subject, r.predicate, r.object))


# Entity -> entity relations: (predicate, subject type, object type, cue, object first,
# widest gap). The cue is matched on the text between the two mentions; the tighter the
# cue, the wider the gap it may span.
MAX_GAP_CHARS = 120
_ARTICLE = r"(\s+(the|a|an|our|their))?\s*$"
_CUES: tuple[tuple[str, str, str | None, re.Pattern, bool, int], ...] = (
    ("comparedWith", "method", "method", re.compile(
        r"\b(outperform\w*|compared (with|to)|than|versus|vs\.?|surpass\w*|beat\w*|"
        r"improv\w* (over|upon)|superior to)\b", re.I), False, 80),
    ("basedOn", "method", None, re.compile(
        r"\b(based on|built (up)?on|builds on|extends|extending|extension of|variant of|"
        r"on top of)" + _ARTICLE, re.I), False, 40),
    ("evaluatedOn", "method", "dataset", re.compile(
        r"\b(on|evaluat\w*|test\w*|benchmark\w*|experiment\w*|achiev\w*|results?)\b", re.I),
     False, 80),
    ("appliedTo", "method", "task", re.compile(
        r"\b(for|to|appl\w*|tackl\w*|address\w*|solv\w*)" + _ARTICLE, re.I), False, 40),
    ("appliedTo", "method", "task", re.compile(r"\b(using|with|via|by|through)" + _ARTICLE, re.I),
     True, 40),
)


def _between_relation(first: Entity, second: Entity, gap: str) -> tuple[str, Entity, Entity] | None:
    """The relation stated by ``gap``, the text between a mention of ``first`` and ``second``."""
    for predicate, subject_type, object_type, cue, reverse, widest in _CUES:
        subject, obj = (second, first) if reverse else (first, second)
        if len(gap) > widest or subject.type != subject_type \
                or (object_type and obj.type != object_type):
            continue
        if predicate == "basedOn" and obj.type not in ("method", "concept"):
            continue
        if cue.search(gap):
            return predicate, subject, obj
    return None


def entity_relations(linked: list[LinkedMention], entities: dict[str, Entity],
                     papers: Mapping[str, Paper]) -> list[Relation]:
    """Relations between entities named in one sentence with a cue word between them.

    Each relation keeps the indexes of both mentions of every sentence that states it.
    """
    by_sentence: dict[tuple, list[int]] = defaultdict(list)
    for index, item in enumerate(linked):
        m = item.mention
        by_sentence[(item.paper_key, m.field, m.sentence_start)].append(index)
    evidence: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for (paper_key, field_name, _), indexes in by_sentence.items():
        text = papers[paper_key].text_of(field_name)
        ordered = sorted(indexes, key=lambda i: (linked[i].mention.start, -linked[i].mention.end))
        for a_pos, a in enumerate(ordered):
            first = linked[a]
            for b in ordered[a_pos + 1:]:
                second = linked[b]
                gap_start, gap_end = first.mention.end, second.mention.start
                if gap_end - gap_start > MAX_GAP_CHARS:
                    break
                if gap_end < gap_start or first.entity_key == second.entity_key:
                    continue  # nested or overlapping mentions, or one entity twice
                found = _between_relation(entities[first.entity_key], entities[second.entity_key],
                                          text[gap_start:gap_end])
                if found is None:
                    continue
                predicate, subject, obj = found
                if predicate == "comparedWith" and subject.key > obj.key:
                    subject, obj = obj, subject  # symmetric: one direction only
                evidence[(subject.key, predicate, obj.key)].extend((a, b))
    return [Relation(s, p, o, tuple(dict.fromkeys(ix))) for (s, p, o), ix in sorted(evidence.items())]
