"""List the entity gold's annotated terms with their papers, for a judgement of which are
umbrella terms (`umbrella-rules.md`); the judge sees the gold and the abstracts, never kg's
output.

    python benchmarks/gold/list_gold_terms.py benchmarks/gold/seeds_gold.jsonl \
        --seeds ../shared/seeds --papers 1-20 -o listing.md

Each paper: its title, its abstract, then its annotated methods, datasets, tasks and
metrics, one per line as the gold writes them ("A|B" lists spellings), each with its number
in the paper's list for its field (a judgement names the term by paper, field and number). ``--papers`` picks
papers by their number in the gold file (1-based, "1-20" or "3,5,9"), so that the work can
be split between judges.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kg.evaluate import GOLD_FIELDS, gold_corpus, read_gold
from kg.records import identity_text


def _numbers(spec: str | None, count: int) -> list[int]:
    if not spec:
        return list(range(1, count + 1))
    chosen: list[int] = []
    for part in spec.split(","):
        first, _, last = part.partition("-")
        chosen.extend(range(int(first), int(last or first) + 1))
    return [n for n in chosen if 1 <= n <= count]


def listing(gold: Path, seeds: Path, papers: str | None = None) -> str:
    """The listing of the gold file's chosen papers, as markdown."""
    records = read_gold(gold)
    found, _ = gold_corpus(records, seeds)
    by_title = {identity_text(paper.title): paper for paper, _ in found.values()}
    lines = [f"# Annotated terms of {gold.name}", ""]
    for number in _numbers(papers, len(records)):
        record = records[number - 1]
        paper = by_title[identity_text(record["title"])]
        lines += [f"## Paper {number}: {paper.title}", "", paper.abstract, ""]
        for field in GOLD_FIELDS[:-1]:  # proposed names are methods or datasets already
            for number_in_field, item in enumerate(record.get(field, []), 1):
                lines.append(f"- {field}\t{number_in_field}\t{item}")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--seeds", type=Path, required=True)
    parser.add_argument("--papers", help='numbers in the gold file: "1-20" or "3,5,9"')
    parser.add_argument("-o", "--output", type=Path)
    args = parser.parse_args()
    text = listing(args.gold, args.seeds, args.papers)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
