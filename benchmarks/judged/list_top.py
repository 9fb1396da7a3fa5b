"""List the entities people see first, with their evidence, for judging by hand.

    python benchmarks/judged/list_top.py ../shared/seeds -o benchmarks/judged/after-listing.md
    python benchmarks/judged/list_top.py --score benchmarks/judged/after.tsv

The first form builds the graph in memory (the extraction cache makes this quick) and
writes, per entity type, the ``--top`` entities named by most papers in the default views
(generic entities left out, as in the map, the report and ``centrality()``), each with its
aliases and evidence sentences from distinct papers, the mention marked with [[ ]]. A
judge reads that file and writes one verdict per entity into a TSV with the columns

    type  rank  label  papers  verdict  reason

where verdict is one of ``ok``, ``generic`` (vague: names no specific thing of its type),
``wrong-type``, ``junk`` (a fragment or not an entity) or ``bad-merge`` (distinct things
under one node). ``--score`` reads such a TSV and prints strict precision (the share
judged ``ok``) per type and over all.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

from judging import listing_parser, run_listing

VERDICTS = ("ok", "generic", "wrong-type", "junk", "bad-merge")


def top_entities(graph, per_type: int) -> dict[str, list]:
    """Per type, the non-generic entities named by most papers, in the order of the
    report's lists (``Entity.prominence``: ties by mentions, then specificity)."""
    by_type = defaultdict(list)
    for entity in graph.entities.values():
        if not entity.generic:
            by_type[entity.type].append(entity)
    return {
        t: sorted(items, key=lambda e: e.prominence())[:per_type]
        for t, items in sorted(by_type.items())
    }


def evidence(graph, key: str, limit: int) -> list[str]:
    """Up to ``limit`` sentences naming the entity, one per paper, the mention in [[ ]]."""
    sentences, papers = [], set()
    for item in graph.mentions:
        if item.entity_key != key or item.paper_key in papers:
            continue
        m = item.mention
        text = graph.papers[item.paper_key].text_of(m.field)
        start, end = m.sentence_start, m.sentence_end or len(text)
        sentence = f"{text[start : m.start]}[[{text[m.start : m.end]}]]{text[m.end : end]}"
        sentences.append(" ".join(sentence.split())[:400])
        papers.add(item.paper_key)
        if len(sentences) == limit:
            break
    return sentences


def write_listing(graph, per_type: int, limit: int, out) -> None:
    print("# Entities with the most papers, per type (generic left out)\n", file=out)
    for entity_type, entities in top_entities(graph, per_type).items():
        print(f"## {entity_type}\n", file=out)
        for rank, entity in enumerate(entities, 1):
            aliases = ", ".join(entity.aliases[:10]) + (" …" if len(entity.aliases) > 10 else "")
            print(
                f"### {entity_type} {rank}. {entity.label} ({entity.paper_count} papers)\n",
                file=out,
            )
            if aliases:
                print(f"aliases: {aliases}\n", file=out)
            for sentence in evidence(graph, entity.key, limit):
                print(f"- {sentence}", file=out)
            print(file=out)


def score(path: Path) -> str:
    """Strict precision per type and over all, as a Markdown table."""
    counts: dict[str, Counter] = defaultdict(Counter)
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            verdict = row["verdict"].strip()
            if verdict not in VERDICTS:
                raise SystemExit(f"{path}: unknown verdict {verdict!r} for {row['label']!r}")
            counts[row["type"]][verdict] += 1
    lines = [
        "| type | judged | ok | generic | wrong type | junk | bad merge | precision |",
        "|---|---|---|---|---|---|---|---|",
    ]
    total = Counter()
    for entity_type, verdicts in sorted(counts.items()):
        total.update(verdicts)
        lines.append(_row(entity_type, verdicts))
    lines.append(_row("**all**", total))
    return "\n".join(lines)


def _row(name: str, verdicts: Counter) -> str:
    n = sum(verdicts.values())
    return (
        f"| {name} | {n} | "
        + " | ".join(str(verdicts[v]) for v in VERDICTS)
        + f" | {verdicts['ok'] / n:.2f} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = listing_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=40, help="entities per type (default 40)")
    parser.add_argument(
        "--sentences", type=int, default=4, help="evidence sentences each (default 4)"
    )
    args = parser.parse_args(argv)
    return run_listing(
        parser, args, score, lambda graph, out: write_listing(graph, args.top, args.sentences, out)
    )


if __name__ == "__main__":
    sys.exit(main())
