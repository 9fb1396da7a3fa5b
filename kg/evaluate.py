"""Extraction quality, measured rather than guessed.

    python -m kg.evaluate scierc ../shared/data/scierc/dev.json
    python -m kg.evaluate gold benchmarks/gold/seeds_gold.jsonl --seeds ../shared/seeds
    python -m kg.evaluate results benchmarks/roles/roles_tuning.jsonl --seeds ../shared/seeds

``scierc`` scores ``kg.extract``'s mentions (model and rules together) against SciERC
with the SciERC convention: a prediction counts only if its character span and label
both match exactly. kg's labels map back to SciERC's (method -> Method, task -> Task,
metric -> Metric, dataset -> Material, concept -> OtherScientificTerm, or Material when
the model said so). Scores are given without Generic (kg drops Generic mentions) and with
it (the model's Generic spans added back).

``scierc`` also scores the relations: end to end (the relations kg finds between the spans
it finds; a relation counts when both spans are exact, its type is right and, for the five
directed types, its direction; COMPARE and CONJUNCTION are undirected) and with the gold
spans given (relation classification alone, every pair of gold spans in a sentence).

``gold`` scores whole papers against kg's own annotations of seeds abstracts: for each
paper the set of entities per type, and the names it proposes, after linking (so
"LLMs" matches "large language models").

``results`` scores the reported results of annotated seeds papers (``"key"`` and
``"results"``: value, number, low, high, unit, kind, metric, dataset, method, ours, sentence).
A predicted result counts when its paper and value match a gold one (the same number, or the
same range, after formatting: "86.1%" is 86.1, "3x" is 3), one gold result to one prediction
(of the same unit class first: a gold "5x" takes kg's "5x" before its "5%");
precision and recall are over the annotated papers. On the matched pairs, agreement is scored
apart for dataset, metric and method (a gold name agrees with the entity kg gives when it is
its label, an alias or its abbreviation, compared normalised; no name on both sides agrees),
and for kind and ours.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, KgError
from .link.relate import named_proposals, rule_roles
from .records import Mention
from .settings import Settings

if TYPE_CHECKING:
    from .extract import Extractor
    from .records import Paper
    from .train.scierc import GoldDoc

SCIERC_OF_KG = {
    "method": "Method",
    "task": "Task",
    "metric": "Metric",
    "dataset": "Material",
    "concept": "OtherScientificTerm",
}
SCIERC_LABELS = ("Method", "Task", "Metric", "Material", "OtherScientificTerm", "Generic")
GOLD_FIELDS = ("method", "dataset", "task", "metric", "proposed")


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 from true positives, predictions and gold items."""

    tp: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "p": round(self.precision, 4),
            "r": round(self.recall, 4),
            "f": round(self.f1, 4),
            "tp": self.tp,
            "predicted": self.predicted,
            "gold": self.gold,
        }


def score_sets(gold: set[tuple], predicted: set[tuple], labels: Iterable[str]) -> dict[str, Score]:
    """Per-label and ``micro`` scores of labelled items (the label is each tuple's last element)."""
    scores = {}
    for label in labels:
        g = {item for item in gold if item[-1] == label}
        p = {item for item in predicted if item[-1] == label}
        scores[label] = Score(len(g & p), len(p), len(g))
    scores["micro"] = Score(
        sum(s.tp for s in scores.values()),
        sum(s.predicted for s in scores.values()),
        sum(s.gold for s in scores.values()),
    )
    return scores


def scierc_label(mention: Mention) -> str:
    """The SciERC label a kg mention stands for."""
    if mention.label == "concept" and mention.model_label == "Material":
        return "Material"
    return SCIERC_OF_KG[mention.label]


def evaluate_scierc(
    path: str | Path, settings: Settings | None = None, *, extractor: Extractor | None = None
) -> dict:
    """Span-level scores on a SciERC file, without and with Generic, and abstracts/s;
    ``extractor`` runs instead of one made from ``settings`` (a benchmark's variant)."""
    from .extract import GENERIC_KEY, Extractor, doc_mentions
    from .extract.relations import RELATION_LABELS, SYMMETRIC_LABELS
    from .train.relations import gold_relation_set
    from .train.scierc import read_scierc

    documents = list(read_scierc(path))
    extractor = extractor or Extractor(settings)
    gold: set[tuple] = set()
    predicted: set[tuple] = set()
    gold_relations: set[tuple] = set()
    predicted_relations: set[tuple] = set()
    generic: set[tuple] = set()
    started = time.perf_counter()
    docs = extractor.nlp.pipe((d.text for d in documents), batch_size=extractor.settings.batch_size)
    for index, doc in enumerate(docs):
        for mention in doc_mentions(doc)[0]:
            if not mention.nested:  # the gold spans were flattened the same way for training
                predicted.add((index, mention.start, mention.end, scierc_label(mention)))
        for span in doc.spans.get(GENERIC_KEY, []):
            generic.add((index, span.start_char, span.end_char, "Generic"))
        for head, tail, label, _ in doc._.kg_relations or ():
            first, second = (head.start_char, head.end_char), (tail.start_char, tail.end_char)
            if label in SYMMETRIC_LABELS and second < first:
                first, second = second, first
            predicted_relations.add((index, first, second, label))
    seconds = time.perf_counter() - started
    for index, document in enumerate(documents):
        gold.update((index, s.start, s.end, s.label) for s in document.spans)
        gold_relations.update((index, *r) for r in gold_relation_set(document))
    without = score_sets({g for g in gold if g[-1] != "Generic"}, predicted, SCIERC_LABELS[:-1])
    with_generic = score_sets(gold, predicted | generic, SCIERC_LABELS)
    relations = score_sets(gold_relations, predicted_relations, RELATION_LABELS)
    return {
        "abstracts": len(documents),
        "seconds": round(seconds, 2),
        "abstracts_per_second": round(len(documents) / seconds, 1),
        "without_generic": {k: v.as_dict() for k, v in without.items()},
        "with_generic": {k: v.as_dict() for k, v in with_generic.items()},
        "relations": {k: v.as_dict() for k, v in relations.items()},
        "relations_gold_spans": relation_classification(extractor, documents),
    }


def relation_classification(extractor, documents) -> dict:
    """Relation P/R/F1 with the gold spans given: every pair of gold spans in one sentence
    classified by the pipeline's relation model (on its encoder's vectors)."""
    from .train.relations import pair_examples, relation_scores

    relations = extractor.nlp.get_pipe("kg_relations")
    with extractor.nlp.select_pipes(
        enable=[n for n in extractor.nlp.pipe_names if n != "kg_relations"]
    ):
        examples = pair_examples(extractor.nlp, documents)
    return relation_scores(relations.model, examples, relations.threshold)


def read_gold(path: str | Path) -> list[dict]:
    """Annotated papers: ``title``, lists per field and ``ignore``; "A|B" lists spellings."""
    records = []
    for number, line in enumerate(Path(path).read_text("utf-8-sig").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("title"), str):
                raise ValueError("no title")  # noqa: TRY004
        except RecursionError:
            raise InputError(f"{path}:{number}: bad gold record (nested too deep)") from None
        except ValueError as error:
            raise InputError(f"{path}:{number}: bad gold record ({error})") from None
        records.append(record)
    return records


def gold_corpus(gold_records: list[dict], seeds: str | Path) -> tuple[dict, dict]:
    """The papers of ``seeds`` (deduplicated as ``kg build`` reads them), and among them the
    annotated ones, found by title: ``({key: (paper, record)}, {key: paper})``."""
    from .readers import deduplicate, expand_inputs, read_papers
    from .records import identity_text

    wanted = {identity_text(r["title"]): r for r in gold_records}
    papers, corpus = {}, {}
    for paper in deduplicate(read_papers(expand_inputs([seeds])), {}):
        corpus[paper.key] = paper
        record = wanted.get(identity_text(paper.title))
        if record is not None:
            papers[paper.key] = (paper, record)
    missing = set(wanted) - {identity_text(p.title) for p, _ in papers.values()}
    if missing:
        raise KgError(f"{len(missing)} gold title(s) not found in {seeds}")
    return papers, corpus


def build_gold_corpus(
    gold_records: list[dict],
    seeds: str | Path,
    settings: Settings,
    *,
    extractor: Extractor | None = None,
    learned_roles: bool = True,
):
    """Build the whole of ``seeds`` (extraction cached as in ``kg build``) and find the
    annotated papers in it by title: ``({key: (paper, record)}, {key: paper}, link
    result)``; ``extractor`` runs instead of one made from ``settings`` (a benchmark's
    variant); ``learned_roles`` as in ``kg.link.link``."""
    papers, corpus = gold_corpus(gold_records, seeds)
    return papers, corpus, built(corpus, settings, extractor=extractor, learned_roles=learned_roles)


def built(
    corpus: Mapping[str, Paper],
    settings: Settings,
    *,
    extractor: Extractor | None = None,
    learned_roles: bool = True,
):
    """The link result of ``corpus`` (``{key: paper}``), extracted as ``kg build`` extracts
    (cached where ``settings`` say so)."""
    from .extract import Extractor
    from .extract.cache import ExtractionCache, default_cache_dir
    from .link import link

    extractor = extractor or Extractor(settings)
    if extractor.settings.cache:
        with ExtractionCache(
            extractor.settings.cache_dir or default_cache_dir(), extractor.fingerprint()
        ) as cache:
            extractions = list(extractor.extract_papers(iter(corpus.values()), cache))
    else:
        extractions = list(extractor.extract_papers(iter(corpus.values())))
    return link(extractions, dict(corpus), learned_roles=learned_roles)


# SciERC's labels that name what the graph's four ranked types hold (Material holds data)
SCIERC_ENTITY_LABELS = ("Method", "Task", "Metric", "Material")


def scierc_as_papers(path: str | Path) -> Iterator[tuple[GoldDoc, Paper]]:
    """Each abstract of two sentences or more of a SciERC file, as a paper kg reads: its
    first sentence stands in for the title SciERC does not give, the rest is the abstract,
    and the document's key is the paper's."""
    from .records import Paper
    from .train.scierc import read_scierc

    for document in read_scierc(path):
        if len(document.sentences) < 2:
            continue
        (title_start, title_end), (abstract_start, _) = document.sentences[:2]
        title = document.text[title_start:title_end].rstrip(" .")
        yield document, Paper(title, document.text[abstract_start:], key=document.key)


def scierc_papers(path: str | Path) -> list[tuple[Paper, frozenset[str], frozenset[str]]]:
    """Each abstract of a SciERC file as a paper (``scierc_as_papers``), with the names
    SciERC annotates in it as a method, task, metric or material and, apart, those it
    annotates only as another scientific term or a generic reference; names normalised as
    the linker normalises them."""
    from .link import normalise

    papers = []
    for document, paper in scierc_as_papers(path):
        ranked = {
            normalise(document.text[s.start : s.end])
            for s in document.spans
            if s.label in SCIERC_ENTITY_LABELS
        }
        others = {
            normalise(document.text[s.start : s.end])
            for s in document.spans
            if s.label not in SCIERC_ENTITY_LABELS
        }
        papers.append((paper, frozenset(ranked - {""}), frozenset(others - ranked - {""})))
    return papers


def evaluate_scierc_papers(path: str | Path, settings: Settings | None = None) -> dict:
    """Paper level, as the graph reads a SciERC file: every abstract built as one corpus
    (the linker decides types and specificity from it), each paper's method, dataset, task
    and metric entities against the names SciERC annotates in it as a method, task, metric
    or material, the type ignored (``any type``: SciERC's Material is data at large, kg's
    dataset a named one). An entity counts as found by any of its names or the words a
    mention of it in that paper writes; one that only names what SciERC calls another
    scientific term or a generic reference is neither right nor wrong. Scored twice, from
    one build: ``generic_hidden`` leaves generic entities out, as the default views do, and
    ``generic_counted`` counts them."""
    settings = settings or Settings()
    annotated = scierc_papers(path)
    result = built({paper.key: paper for paper, _, _ in annotated}, settings)
    return {
        "generic_hidden": score_scierc_papers(annotated, result),
        "generic_counted": score_scierc_papers(annotated, result, generic=True),
    }


def score_scierc_papers(
    annotated: Sequence[tuple[Paper, frozenset[str], frozenset[str]]],
    result,
    *,
    generic: bool = False,
) -> dict:
    """``evaluate_scierc_papers``'s scores of ``annotated`` (``scierc_papers``) in a link
    ``result`` (a build of their papers)."""
    from .link import normalise

    names_of = {
        key: {normalise(n) for n in (e.label, *e.aliases, e.abbreviation or "") if n}
        for key, e in result.entities.items()
    }
    # what a mention of the entity writes in that paper counts for that paper only
    written: dict[tuple[str, str], set[str]] = defaultdict(set)
    for item in result.mentions:
        written[(item.paper_key, item.entity_key)].add(normalise(item.mention.text))
    ranked_types = set(GOLD_FIELDS[:-1])
    shown: dict[str, set[str]] = defaultdict(set)
    for relation in result.relations:
        entity = result.entities.get(relation.object)
        if entity is not None and entity.type in ranked_types and (generic or not entity.generic):
            shown[relation.subject].add(relation.object)
    tp = predicted = found = gold = 0
    for paper, names, others in annotated:
        entities = shown[paper.key]
        named = {key: names_of[key] | written[(paper.key, key)] for key in entities}
        gold += len(names)
        found += sum(1 for n in names if any(n in named[k] for k in entities))
        for key in entities:
            if named[key] & names:
                tp += 1
                predicted += 1
            elif not named[key] & others:
                predicted += 1
    precision = tp / predicted if predicted else 0.0
    recall = found / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "papers": len(annotated),
        "p": round(precision, 4),
        "r": round(recall, 4),
        "f": round(f1, 4),
        "right": tp,
        "predicted": predicted,
        "found": found,
        "gold": gold,
    }


def match_gold_entities(papers: dict, result) -> list[tuple[str, dict, str]]:
    """The annotated entities kg finds: ``(paper key, gold entity, entity key)`` for each
    gold entity (``entities``: names, type, role) of ``papers`` (``build_gold_corpus``) that
    one of its names names among the paper's entities in ``result`` (label, alias,
    abbreviation or a mention's text, normalised as the linker does). Where several do (kg
    keeps apart what the annotator wrote as one), the one the annotator's first name names,
    else the one the paper names most often, never the one whose role fits."""
    from .link import normalise

    names_of = {
        key: {normalise(n) for n in (e.label, *e.aliases, e.abbreviation or "") if n}
        for key, e in result.entities.items()
    }
    said: dict[tuple[str, str], set[str]] = defaultdict(set)
    namings: Counter[tuple[str, str]] = Counter()
    for item in result.mentions:
        said[(item.paper_key, item.entity_key)].add(normalise(item.mention.text))
        namings[(item.paper_key, item.entity_key)] += 1
    named_in: dict[str, list[str]] = defaultdict(list)
    for relation in result.relations:
        if relation.subject in papers:
            named_in[relation.subject].append(relation.object)
    found = []
    for paper_key, (_, record) in sorted(papers.items()):
        for item in record.get("entities", []):
            spellings = {normalise(n) for n in item["names"]} - {""}
            candidates = [
                k for k in named_in[paper_key] if (names_of[k] | said[(paper_key, k)]) & spellings
            ]
            if not candidates:
                continue
            first = normalise(item["names"][0])
            hit = min(
                candidates,
                key=lambda k: (first not in names_of[k], -namings[(paper_key, k)], k),
            )
            found.append((paper_key, item, hit))
    return found


def evaluate_roles(
    path: str | Path,
    seeds: str | Path,
    settings: Settings | None = None,
    *,
    second: str | Path | None = None,
) -> dict:
    """Role accuracy over the entities kg finds in annotated papers.

    A gold entity (``entities``: names, type, role) is matched to the kg entity of its paper
    that one of its names names (label, alias, abbreviation or a mention's text, normalised
    as the linker does); where several do (kg keeps apart what the annotator wrote as one),
    the one the annotator's first name names, else the one the paper names most often, never
    the one whose role fits. Accuracy is the share of matched entities whose paper -> entity
    role is the gold role (``rules_accuracy``: the same for the roles of the rules alone,
    ``kg.link.relate.rule_roles``, before the learned second reading), and each role's
    recall the share of its matched gold entities that kg gives that role. With ``second`` (``read_second_roles``), the second
    annotator's roles of the same entities are the gold roles.
    """
    from .rdf.terms import PAPER_ROLES

    settings = settings or Settings()
    records = read_gold(path)
    if second is not None:
        records = with_second_roles(records, read_second_roles(second))
    papers, corpus, result = build_gold_corpus(records, seeds, settings)
    confusion: dict[str, dict[str, int]] = {g: dict.fromkeys(PAPER_ROLES, 0) for g in PAPER_ROLES}
    role_of = {(r.subject, r.object): r.predicate for r in result.relations}
    rule_role_of = rule_roles(result.mentions, result.entities, corpus)[0]
    rules_correct = 0
    gold_count = sum(len(record.get("entities", [])) for _, record in papers.values())
    matched = correct = 0
    errors = []
    for paper_key, item, hit in match_gold_entities(papers, result):
        paper = papers[paper_key][0]
        matched += 1
        predicted = role_of[(paper_key, hit)]
        rules_correct += rule_role_of[(paper_key, hit)] == item["role"]
        confusion[item["role"]][predicted] += 1
        if predicted == item["role"]:
            correct += 1
        else:
            errors.append(
                {
                    "title": paper.title,
                    "name": item["names"][0],
                    "gold": item["role"],
                    "predicted": predicted,
                    "gold_type": item.get("type"),
                    "type": result.entities[hit].type,
                }
            )
    recall = {
        role: round(row[role] / sum(row.values()), 3) if sum(row.values()) else None
        for role, row in confusion.items()
    }
    return {
        "papers": len(papers),
        "gold_entities": gold_count,
        "matched": matched,
        "accuracy": round(correct / matched, 3) if matched else 0.0,
        "rules_accuracy": round(rules_correct / matched, 3) if matched else 0.0,
        "recall_per_role": recall,
        "confusion": confusion,
        "errors": errors,
    }


def read_second_roles(path: str | Path) -> dict[tuple[str, str], str]:
    """A second annotator's roles: (paper key, ``E1``...) -> role, from a tab-separated file
    with a header and the columns ``paper_key``, ``entity`` and ``role``."""
    import csv

    from .rdf.terms import PAPER_ROLES

    roles: dict[tuple[str, str], str] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle, delimiter="\t"), 2):
            if not {"paper_key", "entity", "role"} <= set(row) or row["role"] not in PAPER_ROLES:
                raise InputError(f"{path}:{number}: bad row (paper_key, entity, role)")
            roles[(row["paper_key"], row["entity"])] = row["role"]
    return roles


def with_second_roles(records: list[dict], second: dict[tuple[str, str], str]) -> list[dict]:
    """Gold records whose entities carry the second annotator's roles instead (an entity it
    leaves out keeps no role and is not scored)."""
    replaced = []
    for record in records:
        entities = [
            {**item, "role": second[key]}
            for number, item in enumerate(record.get("entities", []), 1)
            if (key := (record.get("key", ""), f"E{number}")) in second
        ]
        replaced.append({**record, "entities": entities})
    return replaced


def role_agreement(gold_path: str | Path, second_path: str | Path) -> dict:
    """How often a second annotator gives a gold entity the gold file's role.

    ``second_path`` is a tab-separated file with a header and the columns ``paper_key``,
    ``entity`` (``E1``, ``E2``... in the order of the paper's ``entities``) and ``role``, as
    ``benchmarks/roles/roles_tuning_second_annotator.tsv``. Returns the share of agreeing
    entities, each gold role's recall by the second annotator and the confusion (gold rows,
    second annotator's columns); an entity the second file leaves out counts as disagreeing.
    """
    from .rdf.terms import PAPER_ROLES

    second = read_second_roles(second_path)
    confusion: dict[str, dict[str, int]] = {g: dict.fromkeys(PAPER_ROLES, 0) for g in PAPER_ROLES}
    total = agreeing = 0
    for record in read_gold(gold_path):
        for number, item in enumerate(record.get("entities", []), 1):
            total += 1
            given = second.get((record.get("key", ""), f"E{number}"))
            if given is not None:
                confusion[item["role"]][given] += 1
            agreeing += given == item["role"]
    recall = {
        role: round(row[role] / sum(row.values()), 3) if sum(row.values()) else None
        for role, row in confusion.items()
    }
    return {
        "entities": total,
        "agreement": round(agreeing / total, 3) if total else 0.0,
        "recall_per_role": recall,
        "confusion": confusion,
    }


def _confusion_lines(confusion: dict, recall: dict, columns: str) -> list[str]:
    corner = f"gold \\ {columns}"
    lines = [f"{corner:<16}" + "".join(f"{r[:8]:>9}" for r in confusion) + f"{'recall':>9}"]
    for role, row in confusion.items():
        value = recall[role]
        lines.append(
            f"{role:<16}"
            + "".join(f"{n:>9}" for n in row.values())
            + (f"{value:>9.3f}" if value is not None else f"{'-':>9}")
        )
    return lines


def evaluate_gold(
    path: str | Path,
    seeds: str | Path,
    settings: Settings | None = None,
    *,
    generic: bool = False,
    umbrella: Mapping[str, set[str]] | None = None,
) -> dict:
    """Paper-level scores per entity type and for proposed names on annotated seeds papers.

    The whole of ``seeds`` is built, as a user would build it (the linker decides types and
    specificity from the corpus), and the annotated papers are scored. Generic entities are
    left out of the predictions, as the default views leave them out, unless ``generic``.
    ``umbrella``: the gold terms judged umbrella terms (``read_umbrella_judgements``), which
    are then neither counted nor held against a prediction.
    """
    settings = settings or Settings()
    papers, _, result = build_gold_corpus(read_gold(path), seeds, settings)
    return score_gold(papers, result, generic=generic, umbrella=umbrella)


def read_umbrella_judgements(gold: str | Path, *paths: str | Path) -> dict[str, set[str]]:
    """The terms of the gold file ``gold`` judged umbrella terms
    (``benchmarks/gold/umbrella-rules.md``), by the paper's title as ``identity_text`` keys
    it. ``paths``: TSV files with the columns ``part`` (the gold file's name without its
    suffix), ``paper`` and ``item`` (1-based numbers in the gold file and in the paper's list
    for ``field``) and ``verdict``: a term is named by where the gold writes it, so a
    judgement holds no name of its own."""
    from .records import identity_text

    records = read_gold(gold)
    part = Path(gold).name.removesuffix(".jsonl")
    judged: dict[str, set[str]] = defaultdict(set)
    for path in paths:
        try:
            text = Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"{path}: cannot read the judgements ({error})") from None
        for number, row in enumerate(
            csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE), 2
        ):
            where = f"{path}:{number}"
            columns = ("part", "paper", "field", "item", "verdict")
            if not all(row.get(column) for column in columns):
                raise InputError(f"{where}: a judgement needs {', '.join(columns)}")
            if row["part"] != part:
                raise InputError(f"{where}: a judgement of {row['part']}, not of {part}")
            verdict = row["verdict"].strip()
            if verdict not in ("umbrella", "specific"):
                raise InputError(f"{where}: verdict {verdict!r} is neither umbrella nor specific")
            try:
                record = records[int(row["paper"]) - 1]
                term = record.get(row["field"], [])[int(row["item"]) - 1]
                if int(row["paper"]) < 1 or int(row["item"]) < 1:
                    raise IndexError
            except (ValueError, IndexError):
                raise InputError(f"{where}: no such gold term in {part}") from None
            if verdict == "umbrella":
                judged[identity_text(record["title"])].add(f"{row['field']}\t{term}")
    return dict(judged)


def score_gold(
    papers: dict, result, *, generic: bool = False, umbrella: Mapping[str, set[str]] | None = None
) -> dict:
    """``evaluate_gold``'s scores of the annotated ``papers`` (``{key: (paper, record)}``)
    in a built ``result`` (as ``build_gold_corpus`` returns them; one build can be scored
    against several gold files); ``umbrella`` as there."""
    from .link import normalise
    from .records import identity_text

    names_of = {
        key: {normalise(n) for n in (e.label, *e.aliases, e.abbreviation or "") if n}
        for key, e in result.entities.items()
    }
    gold_items: set[tuple] = set()
    predicted_items: set[tuple] = set()
    found_by_paper: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    every_by_paper: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    named = named_proposals(result.relations, result.mentions, result.entities)  # names
    for relation in result.relations:
        entity = result.entities[relation.object]
        every_by_paper[relation.subject][entity.type].add(relation.object)
        if entity.generic and not generic:
            continue
        found_by_paper[relation.subject][entity.type].add(relation.object)
        if (relation.subject, relation.object) in named:
            found_by_paper[relation.subject]["proposed"].add(relation.object)
    misses: list[str] = []
    errors: list[dict] = []
    # with ``umbrella``: the judge's verdict against kg's flag, over the gold terms kg finds
    flags: Counter[str] = Counter()
    for paper_key, (paper, record) in sorted(papers.items()):
        found = found_by_paper[paper_key]
        ignored = {normalise(s) for item in record.get("ignore", []) for s in item.split("|")}
        broad = (umbrella or {}).get(identity_text(paper.title), set())
        for field in GOLD_FIELDS[:-1]:
            for item in record.get(field, []):
                judged_broad = f"{field}\t{item}" in broad
                if judged_broad:  # neither counted nor held against kg
                    ignored |= {normalise(s) for s in item.split("|")}
                spellings = {normalise(s) for s in item.split("|")}
                hit = next(
                    (
                        k
                        for k in sorted(every_by_paper[paper_key][field])
                        if names_of[k] & spellings
                    ),
                    None,
                )
                if umbrella is not None and hit is not None:
                    judged = "umbrella" if judged_broad else "specific"
                    shown = "hidden" if result.entities[hit].generic else "shown"
                    flags[f"{judged}_{shown}"] += 1
        for field in GOLD_FIELDS:
            matched: set[str] = set()
            for item in record.get(field, []):
                if f"{field}\t{item}" in broad:
                    continue
                spellings = {normalise(s) for s in item.split("|")}
                hit = next((k for k in sorted(found[field]) if names_of[k] & spellings), None)
                gold_items.add((paper_key, item, field))
                if hit is not None:
                    matched.add(hit)
                    predicted_items.add((paper_key, item, field))
                else:
                    errors.append(
                        {"error": "missed", "type": field, "name": item, "title": paper.title}
                    )
                    if field == "proposed":
                        misses.append(f"missed proposed {item!r} in {paper.title[:60]!r}")
            for key in sorted(found[field] - matched):
                if names_of[key] & ignored:
                    continue
                predicted_items.add((paper_key, key, field))
                errors.append(
                    {
                        "error": "spurious",
                        "type": field,
                        "name": result.entities[key].label,
                        "title": paper.title,
                    }
                )
                if field == "proposed":
                    misses.append(
                        f"spurious proposed {result.entities[key].label!r} in {paper.title[:60]!r}"
                    )
    scores = score_sets(gold_items, predicted_items, GOLD_FIELDS)
    entity_scores = score_sets(
        {g for g in gold_items if g[-1] != "proposed"},
        {p for p in predicted_items if p[-1] != "proposed"},
        GOLD_FIELDS[:-1],
    )
    return {
        "papers": len(papers),
        "per_field": {k: v.as_dict() for k, v in scores.items() if k != "micro"},
        "entities_micro": entity_scores["micro"].as_dict(),
        "proposed_errors": misses,
        "errors": errors,
        **({"generic_flags": dict(sorted(flags.items()))} if umbrella is not None else {}),
    }


RESULT_ROLES = ("dataset", "metric", "method")
RESULT_TOLERANCE = 1e-6  # relative: "86.10" and "86.1" are one number


def read_results_gold(path: str | Path) -> list[dict]:
    """Annotated papers of a results gold file: ``key`` and ``results`` per line; lines
    starting with "//" are comments."""
    records = []
    try:
        lines = Path(path).read_text("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read the gold file ({error})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            record = json.loads(line)
        except RecursionError:
            raise InputError(f"{path}:{number}: bad gold record (nested too deep)") from None
        except ValueError as error:
            raise InputError(f"{path}:{number}: bad gold record ({error})") from None
        if (
            not isinstance(record, dict)
            or not isinstance(record.get("key"), str)
            or not isinstance(record.get("results", []), list)
        ):
            raise InputError(
                f"{path}:{number}: bad gold record (no key, or results that are not a list)"
            )
        records.append(record)
    return records


def gold_value(item: dict) -> tuple[float, float] | None:
    """(low, high) of a gold result: from ``number``, ``low``/``high``, else ``value`` read
    as kg reads values; None when none of them is a number."""
    from .extract.results import parse_value

    def number(v):
        if isinstance(v, bool):
            return None
        if isinstance(v, (int, float)):
            return float(v)
        if isinstance(v, str):
            parsed = parse_value(v)
            return parsed.number if parsed is not None else None
        return None

    low, high = number(item.get("low")), number(item.get("high"))
    if low is not None and high is not None and low != high:
        return low, high
    single = number(item.get("number"))
    if single is not None:
        return single, single
    if low is not None and high is not None:
        return low, high
    parsed = parse_value(str(item.get("value", ""))) if item.get("value") is not None else None
    if parsed is None:
        return None
    return (
        (parsed.number, parsed.number) if parsed.number is not None else (parsed.low, parsed.high)
    )


def _unit_class(unit: str) -> str:
    unit = unit.strip().lower()
    if unit in ("x", "×", "times", "fold") or "magnitude" in unit:
        return "x"
    if unit in ("points", "point", "pp", "pts"):
        return "points"
    return unit if unit == "%" else ""


def _same(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return all(abs(x - y) <= RESULT_TOLERANCE * max(1.0, abs(x), abs(y)) for x, y in zip(a, b))


def _gold_name_keys(names: str, role: str) -> set[str]:
    """The keys a gold result's name (its ``role``: "metric", "dataset", "method") may match:
    each "|"-separated spelling, of one written with its short form ("word error rate
    (WER)") the long form and the short form apart, and a dataset without its kind noun
    ("the X benchmark"), as the linker names them."""
    from .link import normalise, surface_form
    from .text.words import defined_parts

    return {
        normalise(written)
        for name in names.split("|")
        for written in (name, surface_form(name, role), *defined_parts(name))
    }


def evaluate_results(
    path: str | Path | list, seeds: str | Path, settings: Settings | None = None
) -> dict:
    """Precision and recall of the reported results on annotated seeds papers, and the
    agreement of their dataset, metric, method, kind and ours on the matched ones.

    The whole of ``seeds`` is built (extraction from the cache when it is there, then
    linking), as a user would build it. ``path`` may be a list of gold files.
    """
    import kg

    from .link import normalise, surface_form

    paths = path if isinstance(path, list) else [path]
    gold = [record for one in paths for record in read_results_gold(one)]
    settings = (settings or Settings()).with_overrides(formats=("ttl",))
    keys = {paper.key for paper in kg.read(seeds)}  # checked before minutes of extraction
    missing = [r["key"] for r in gold if r["key"] not in keys]
    if missing:
        raise KgError(
            f"{len(missing)} gold paper key(s) not found in {seeds} (first: {missing[0]})"
        )
    graph = kg.build([seeds], None, settings)
    names_of = {
        key: {
            normalise(written)
            for n in (e.label, *e.aliases, e.abbreviation or "")
            if n
            for written in (n, surface_form(n, e.type))  # "the X benchmark" is X
        }
        for key, e in graph.entities.items()
    }
    predicted_by_paper: dict[str, list] = defaultdict(list)
    for item in graph.results:
        predicted_by_paper[item.paper_key].append(item)
    matched = predicted = gold_count = 0
    agreement = {role: [0, 0] for role in (*RESULT_ROLES, "kind", "ours")}
    errors: list[dict] = []
    for record in gold:
        key = record["key"]
        title = graph.papers[key].title
        pending = [i for i in predicted_by_paper.get(key, [])]
        predicted += len(pending)
        for item in record.get("results", []):
            wanted = gold_value(item) if isinstance(item, dict) else None
            if wanted is None:
                raise KgError(f"a gold result of {key} has no number kg can read: {item!r:.80}")
            gold_count += 1
            equal = [p for p in pending if _same(wanted, (p.result.low, p.result.high))]
            unit = _unit_class(str(item.get("unit") or ""))  # "5x" before "5%" for a gold "5x"
            hit = next(
                (p for p in equal if _unit_class(p.result.unit) == unit),
                equal[0] if equal else None,
            )
            if hit is None:
                errors.append(
                    {
                        "error": "missed",
                        "value": str(item.get("value", wanted)),
                        "title": title,
                        "sentence": item.get("sentence", ""),
                    }
                )
                continue
            pending.remove(hit)
            matched += 1
            for role in RESULT_ROLES:
                name = item.get(role) or ""
                entity = getattr(hit, role)
                same = (not name and entity is None) or (
                    bool(name)
                    and entity is not None
                    and bool(_gold_name_keys(str(name), role) & names_of[entity])
                )
                agreement[role][0] += same
                agreement[role][1] += 1
                if not same:
                    errors.append(
                        {
                            "error": f"{role} differs",
                            "value": hit.result.value,
                            "title": title,
                            "gold": name,
                            "kg": graph.entities[entity].label if entity else "",
                        }
                    )
            for role, kg_value in (("kind", hit.result.kind), ("ours", hit.result.ours)):
                if role in item:
                    agreement[role][0] += item[role] == kg_value
                    agreement[role][1] += 1
                    if item[role] != kg_value:
                        errors.append(
                            {
                                "error": f"{role} differs",
                                "value": hit.result.value,
                                "title": title,
                                "gold": item[role],
                                "kg": kg_value,
                            }
                        )
        for item in pending:
            r = item.result
            errors.append(
                {
                    "error": "spurious",
                    "value": r.value,
                    "title": title,
                    "sentence": graph.papers[key].text_of(r.field)[
                        r.sentence_start : r.sentence_end
                    ],
                }
            )
    score = Score(matched, predicted, gold_count)
    return {
        "papers": len(gold),
        "results": score.as_dict(),
        "agreement": {
            role: {"agree": a, "matched": n, "share": round(a / n, 4) if n else 0.0}
            for role, (a, n) in agreement.items()
        },
        "errors": errors,
    }


def _table(title: str, scores: dict[str, dict]) -> str:
    lines = [title, f"{'label':<22}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}"]
    for label, s in scores.items():
        lines.append(
            f"{label:<22}{s['p']:>8.3f}{s['r']:>8.3f}{s['f']:>8.3f}{s['gold']:>7}{s['predicted']:>7}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kg.evaluate", description=__doc__.split("\n\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    s = commands.add_parser("scierc", help="span-level P/R/F on a SciERC (DyGIE json) file")
    s.add_argument("path")
    s.add_argument(
        "--paper-level",
        action="store_true",
        help="instead, each abstract's entities after linking against its annotated names",
    )
    r = commands.add_parser("roles", help="paper-role accuracy on kg's annotated seeds papers")
    r.add_argument("path")
    r.add_argument(
        "--seeds", default=str(Path(__file__).resolve().parent.parent.parent / "shared" / "seeds")
    )
    r.add_argument("--errors", action="store_true", help="also list every wrong role")
    r.add_argument(
        "--second",
        metavar="SECOND.tsv",
        help="score against a second annotator's roles of the same entities instead",
    )
    g = commands.add_parser("gold", help="paper-level P/R/F on kg's annotated seeds papers")
    g.add_argument("path")
    g.add_argument(
        "--seeds", default=str(Path(__file__).resolve().parent.parent.parent / "shared" / "seeds")
    )
    g.add_argument(
        "--errors", action="store_true", help="also list every missed and spurious entity, by type"
    )
    g.add_argument(
        "--include-generic",
        action="store_true",
        help="count generic entities as predictions (the default views hide them)",
    )
    g.add_argument(
        "--umbrella",
        action="append",
        default=[],
        metavar="JUDGED.tsv",
        help="gold terms judged umbrella terms, neither counted nor held against kg (repeatable)",
    )
    a = commands.add_parser(
        "agreement", help="how often a second annotator gives a gold entity the same role"
    )
    a.add_argument("path", help="a roles gold file (jsonl)")
    a.add_argument("second", help="the second annotator's roles (tsv: paper_key, entity, role)")
    a.add_argument("--json", action="store_true", help="print the report as JSON")
    res = commands.add_parser(
        "results",
        help="P/R of reported results on annotated seeds papers, and "
        "agreement of their dataset, metric and method",
    )
    res.add_argument("path", nargs="+", help="gold files (their papers are scored together)")
    res.add_argument(
        "--seeds", default=str(Path(__file__).resolve().parent.parent.parent / "shared" / "seeds")
    )
    res.add_argument(
        "--errors",
        action="store_true",
        help="also list every missed, spurious and disagreeing result",
    )
    for sub in (s, g, r, res):
        sub.add_argument(
            "--entity-model", default=None, help="trained entity model path, or 'none'"
        )
        sub.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    settings = (
        Settings()
        if getattr(args, "entity_model", None) is None
        else Settings(entity_model=args.entity_model)
    )
    try:
        if args.command == "agreement":
            report = role_agreement(args.path, args.second)
            text = "\n".join(
                [
                    (
                        f"Roles, two annotators, {report['entities']} gold entities: "
                        f"agreement {report['agreement']:.3f}"
                    ),
                    *_confusion_lines(report["confusion"], report["recall_per_role"], "second"),
                ]
            )
        elif args.command == "results":
            report = evaluate_results(args.path, args.seeds, settings)
            agreement = "\n".join(
                f"{role:<10}{a['share']:>8.3f}  ({a['agree']} of {a['matched']})"
                for role, a in report["agreement"].items()
            )
            text = "\n\n".join(
                [
                    _table(
                        f"Reported results, {report['papers']} papers (paper and value match)",
                        {"results": report["results"]},
                    ),
                    "agreement on the matched results\n" + agreement,
                ]
            )
            if args.errors:
                text += "\n\n" + "\n".join(
                    f"{e['error']:<16}{e['value'][:24]:<26}{str(e.get('gold', ''))[:24]:<26}"
                    f"{str(e.get('kg', ''))[:24]:<26}{e['title'][:50]}"
                    + (f"\n{'':16}{e['sentence'][:200]}" if e.get("sentence") else "")
                    for e in report["errors"]
                )
        elif args.command == "scierc" and args.paper_level:
            report = evaluate_scierc_papers(args.path, settings)
            text = "\n".join(
                [
                    (
                        f"SciERC, {report['generic_hidden']['papers']} abstracts built as one "
                        "corpus: each paper's method, dataset, task and metric entities against "
                        "the names annotated in it, any type"
                    ),
                    f"{'generic entities':<22}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}",
                    *(
                        f"{mode:<22}{r['p']:>8.3f}{r['r']:>8.3f}{r['f']:>8.3f}"
                        f"{r['gold']:>7}{r['predicted']:>7}"
                        for mode, r in (
                            ("hidden", report["generic_hidden"]),
                            ("counted", report["generic_counted"]),
                        )
                    ),
                ]
            )
        elif args.command == "scierc":
            report = evaluate_scierc(args.path, settings)
            text = "\n\n".join(
                [
                    _table(
                        "SciERC, exact span + label, Generic excluded", report["without_generic"]
                    ),
                    _table("SciERC, exact span + label, Generic included", report["with_generic"]),
                    _table(
                        "SciERC relations end to end: both spans exact, type (and direction) right",
                        report["relations"],
                    ),
                    _table(
                        "SciERC relations with the gold spans given",
                        {"micro": report["relations_gold_spans"]},
                    ),
                    (
                        f"{report['abstracts']} abstracts in {report['seconds']} s: "
                        f"{report['abstracts_per_second']} abstracts/s (1 process)"
                    ),
                ]
            )
        elif args.command == "roles":
            report = evaluate_roles(args.path, args.seeds, settings, second=args.second)
            lines = [
                (
                    f"Roles, {report['papers']} papers: {report['matched']} of {report['gold_entities']} "
                    f"gold entities found by kg; accuracy {report['accuracy']:.3f} "
                    f"(the rules alone {report['rules_accuracy']:.3f})"
                ),
                *_confusion_lines(report["confusion"], report["recall_per_role"], "predicted"),
            ]
            if args.errors:
                lines += [
                    f"{e['gold']:<13}{e['predicted']:<13}{e['type']:<9}{e['name'][:40]:<42}"
                    f"{e['title'][:50]}"
                    for e in report["errors"]
                ]
            text = "\n".join(lines)
        else:
            report = evaluate_gold(
                args.path,
                args.seeds,
                settings,
                generic=args.include_generic,
                umbrella=(
                    read_umbrella_judgements(args.path, *args.umbrella) if args.umbrella else None
                ),
            )
            text = "\n\n".join(
                [
                    _table(
                        f"Seeds gold, {report['papers']} papers, paper-level sets",
                        report["per_field"],
                    ),
                    _table("entities (all types)", {"micro": report["entities_micro"]}),
                ]
            )
            if "generic_flags" in report:
                flags = report["generic_flags"]
                judged = sum(flags.values())
                agreeing = flags.get("umbrella_hidden", 0) + flags.get("specific_shown", 0)
                text += (
                    f"\n\ngold terms kg finds, judged umbrella or specific against kg's generic "
                    f"flag (hidden): {flags}; they agree on {agreeing} of {judged}"
                )
            if args.errors:  # named items only on request: a held-out part stays unread
                text += "\n\n" + ("\n".join(report["proposed_errors"]) or "no proposed-name errors")
                text += "\n\n" + "\n".join(
                    f"{e['error']:<9}{e['type']:<9}{e['name'][:50]:<52}{e['title'][:50]}"
                    for e in sorted(
                        report["errors"], key=lambda e: (e["type"], e["error"], e["name"])
                    )
                )
    except KgError as error:
        print(f"kg.evaluate: error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(report, indent=2) if args.json else text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
