"""List a random sample of the relations kg states between entities, for judging by hand.

    python benchmarks/judged/list_relations.py ../shared/seeds -o benchmarks/judged/relations-listing.md
    python benchmarks/judged/list_relations.py ../shared/seeds --sample 150 --seed 20261204 \
        --min-confidence 0.75 --exclude benchmarks/judged/relations.tsv \
        -o benchmarks/judged/relations2-listing.md
    python benchmarks/judged/list_relations.py --score benchmarks/judged/relations.tsv

The first form builds the graph in memory (the extraction cache makes this quick) and
draws ``--sample`` relations at random (seeded) among those the default views can show:
the trained sentence relations (not ``broader``, which comes from names) whose two
entities are both specific (not generic). Each is written with its direction in words and
one sentence that states it, the subject marked [[ ]] and the object {{ }}. A judge reads
that file and writes one verdict per relation into a TSV with the columns

    id  relation  subject  object  confidence  verdict  reason

where verdict is one of ``ok`` (the sentence says it, in that direction), ``reversed``
(it says the relation the other way round), ``other`` (the two are related by the sentence,
but as another of the seven types), ``none`` (the sentence states no such link between the
two) or ``bad-entity`` (an end is a fragment or not the thing the sentence names).
``--score`` reads such a TSV and prints strict precision (the share ``ok``) per relation
type and per confidence band, and the share where some link is stated (``ok``,
``reversed`` or ``other``).
"""

from __future__ import annotations

import csv
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

from judging import listing_parser, run_listing

VERDICTS = ("ok", "reversed", "other", "none", "bad-entity")
# How a relation reads from its subject to its object (the ontology's labels).
READING = {
    "usedFor": "is used for",
    "evaluatedOn": "is evaluated on / with",
    "comparedWith": "is compared with",
    "partOf": "is a part of",
    "featureOf": "is a feature or property of",
    "hyponymOf": "is a kind or an instance of",
    "conjunctionWith": "is named together with (as alternatives or complements)",
}
BANDS = ((0.0, 0.5), (0.5, 0.75), (0.75, 0.9), (0.9, 1.01))


def candidates(graph, min_confidence: float = 0.0, exclude: set | None = None) -> list:
    """The stated relations the default views can show (both ends specific), at or above
    ``min_confidence``, less those ``exclude`` names as (subject label, relation, object
    label)."""
    exclude = exclude or set()
    return sorted(
        (
            r
            for r in graph.entity_relations
            if r.predicate in READING
            and not graph.entities[r.subject].generic
            and not graph.entities[r.object].generic
            and r.evidence
            and r.confidence >= min_confidence
            and (graph.entities[r.subject].label, r.predicate, graph.entities[r.object].label)
            not in exclude
        ),
        key=lambda r: (r.subject, r.predicate, r.object),
    )


def judged(path: Path) -> set:
    """(subject, relation, object) of every relation a judged TSV holds."""
    with path.open(encoding="utf-8") as handle:
        return {
            (r["subject"], r["relation"], r["object"])
            for r in csv.DictReader(handle, delimiter="\t")
        }


def stating_sentence(graph, relation) -> str:
    """The first sentence stating ``relation``, its subject in [[ ]] and its object in {{ }}."""
    items = [graph.mentions[i] for i in relation.evidence]
    subject = next(i for i in items if i.entity_key == relation.subject)
    found = [
        i
        for i in items
        if i.entity_key == relation.object
        and i.paper_key == subject.paper_key
        and i.mention.field == subject.mention.field
        and i.mention.sentence_start == subject.mention.sentence_start
    ]
    obj = found[0] if found else next(i for i in items if i.entity_key == relation.object)
    text = graph.papers[subject.paper_key].text_of(subject.mention.field)
    start = subject.mention.sentence_start
    end = subject.mention.sentence_end or len(text)
    marks = sorted(
        [
            (subject.mention.start, subject.mention.end, "[[", "]]"),
            (obj.mention.start, obj.mention.end, "{{", "}}"),
        ]
    )
    pieces, at = [], start
    for m_start, m_end, opening, closing in marks:
        if m_start < at:  # nested or overlapping mentions: mark the first only
            continue
        pieces += [text[at:m_start], opening, text[m_start:m_end], closing]
        at = m_end
    pieces.append(text[at:end])
    return " ".join("".join(pieces).split())


def write_listing(
    graph, sample: int, seed: int, out, min_confidence: float = 0.0, exclude: set | None = None
) -> None:
    pool = candidates(graph, min_confidence, exclude)
    chosen = random.Random(seed).sample(pool, min(sample, len(pool)))
    floor = f", confidence {min_confidence} or more" if min_confidence else ""
    print(
        f"# {len(chosen)} stated relations drawn at random (seed {seed}) from {len(pool)}{floor}\n",
        file=out,
    )
    for number, relation in enumerate(chosen, 1):
        subject, obj = graph.entities[relation.subject], graph.entities[relation.object]
        print(f"## R{number}. {relation.predicate}\n", file=out)
        print(
            f"[[{subject.label}]] ({subject.type}) {READING[relation.predicate]} "
            f"{{{{{obj.label}}}}} ({obj.type}); confidence {relation.confidence:.2f}\n",
            file=out,
        )
        print(f"- {stating_sentence(graph, relation)}\n", file=out)


def score(path: Path) -> str:
    """Strict precision per relation type and per confidence band, as Markdown tables."""
    by_type: dict[str, Counter] = defaultdict(Counter)
    by_band: dict[str, Counter] = defaultdict(Counter)
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            verdict = row["verdict"].strip()
            if verdict not in VERDICTS:
                raise SystemExit(f"{path}: unknown verdict {verdict!r} for {row['id']!r}")
            by_type[row["relation"]][verdict] += 1
            confidence = float(row["confidence"])
            band = next(
                f"{lo:.2f} to {min(hi, 1.0):.2f}" for lo, hi in BANDS if lo <= confidence < hi
            )
            by_band[band][verdict] += 1
    header = "| {} | judged | " + " | ".join(VERDICTS) + " | precision | some link |"
    rule = "|---|---|" + "---|" * len(VERDICTS) + "---|---|"
    lines = [header.format("relation"), rule]
    total: Counter = Counter()
    for name, verdicts in sorted(by_type.items()):
        total.update(verdicts)
        lines.append(_row(name, verdicts))
    lines.append(_row("**all**", total))
    lines += ["", header.format("confidence"), rule]
    lines += [_row(band, verdicts) for band, verdicts in sorted(by_band.items())]
    return "\n".join(lines)


def _row(name: str, verdicts: Counter) -> str:
    n = sum(verdicts.values())
    linked = verdicts["ok"] + verdicts["reversed"] + verdicts["other"]
    return (
        f"| {name} | {n} | "
        + " | ".join(str(verdicts[v]) for v in VERDICTS)
        + f" | {verdicts['ok'] / n:.2f} | {linked / n:.2f} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = listing_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=200, help="relations drawn (default 200)")
    parser.add_argument("--seed", type=int, default=20261203, help="the draw's seed")
    parser.add_argument(
        "--min-confidence", type=float, default=0.0, help="draw only relations scored so high"
    )
    parser.add_argument(
        "--exclude", type=Path, help="a judged TSV whose relations are not drawn again"
    )
    args = parser.parse_args(argv)
    exclude = judged(args.exclude) if args.exclude else None
    return run_listing(
        parser,
        args,
        score,
        lambda graph, out: write_listing(
            graph, args.sample, args.seed, out, args.min_confidence, exclude
        ),
    )


if __name__ == "__main__":
    sys.exit(main())
